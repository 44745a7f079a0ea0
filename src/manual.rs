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
