//! The manual's tables (`docs/`), read by the unit tests that check them
//! against the code: the command tables (`command`) and the settings
//! table (`config`). Built for tests only.

/// The rows of the table in the section of `chapter` under `heading`, up to
/// the next heading: each row that starts with a code cell (`` | `x` ``),
/// as its cells, trimmed. Panics, naming the heading, without the section.
pub fn table_rows<'a>(chapter: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    let start = chapter
        .find(heading)
        .unwrap_or_else(|| panic!("the manual has a section {heading:?}"));
    chapter[start..]
        .lines()
        .skip(1)
        .take_while(|line| !line.starts_with('#'))
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            cells[1..cells.len() - 1].to_vec()
        })
        .collect()
}

#[test]
fn a_sections_table_ends_at_the_next_heading() {
    let chapter = "# A\n| `x` | 1 |\n## B\n\ntext\n\n| a | b |\n|---|---|\n| `y` | 2 |\n| `z` | 3 |\n## C\n| `w` | 4 |\n";
    assert_eq!(table_rows(chapter, "## B"), [["`y`", "2"], ["`z`", "3"]]);
}

/// The command names in the manual's table under `heading` of `chapter`
/// (a row such as `` `/tickets mine`, `/tickets unclaimed` `` names one).
fn command_table(chapter: &str, heading: &str) -> Vec<String> {
    let mut names = Vec::new();
    for row in table_rows(chapter, heading) {
        let name: String = row[0]
            .trim_start_matches("`/")
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[test]
fn the_manuals_command_tables_list_exactly_the_commands_of_the_table() {
    use crate::command::{Scope, COMMANDS};
    for (scope, chapter, heading) in [
        (
            Scope::People,
            include_str!("../docs/people.md"),
            "## Commands for people",
        ),
        (
            Scope::Team,
            include_str!("../docs/team-guide.md"),
            "## Commands for the team",
        ),
    ] {
        let mut documented = command_table(chapter, heading);
        let mut defined: Vec<String> = COMMANDS
            .iter()
            .filter(|c| c.is_for(scope))
            .map(|c| c.name.to_string())
            .collect();
        documented.sort();
        defined.sort();
        assert_eq!(documented, defined, "the manual's section {heading:?}");
    }
}
