//! The front page and the manual, read as a visitor reads them on GitHub:
//! the front page stays short, every relative link and image leads to a
//! file (and a heading) that exists, and the test command the front page
//! shows is the one CI runs.

use std::path::{Path, PathBuf};

/// The repository's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// README.md, ARCHITECTURE.md and every page of the manual in `docs/`.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md"), root().join("ARCHITECTURE.md")];
    let mut manual: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|entry| entry.expect("docs/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    manual.sort();
    assert!(manual.len() > 5, "the manual has its chapters: {manual:?}");
    pages.extend(manual);
    pages
}

/// The lines of `text` that are prose, not inside a fenced code block,
/// with inline code spans taken out (a `[x](y)` in code is no link).
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            out.push('\n');
            continue;
        }
        if fenced {
            out.push('\n');
            continue;
        }
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                out.push_str(part);
            }
        }
        out.push('\n');
    }
    out
}

/// The targets of the Markdown links and images in `text`: `[text](target)`.
fn link_targets(text: &str) -> Vec<String> {
    let prose = prose(text);
    prose
        .match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &prose[at + 2..];
            let end = rest.find(')')?;
            Some(rest[..end].trim().to_string())
        })
        .collect()
}

/// The anchors GitHub gives the headings of a Markdown page: lower case,
/// only letters, digits, `-` and `_` kept, spaces made `-`.
fn anchors(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut anchors = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#').trim();
        let anchor: String = title
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        anchors.push(anchor);
    }
    anchors
}

#[test]
fn the_front_page_is_at_most_250_lines() {
    let lines = read(&root().join("README.md")).lines().count();
    assert!(
        lines <= 250,
        "README.md has {lines} lines; the rest belongs in docs/"
    );
}

#[test]
fn every_relative_link_of_the_front_page_and_the_manual_leads_to_what_exists() {
    let mut checked = 0;
    for page in pages() {
        let text = read(&page);
        let folder = page.parent().unwrap();
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match target.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (target.as_str(), None),
            };
            let file = if path.is_empty() {
                page.clone()
            } else {
                folder.join(path)
            };
            assert!(
                file.exists(),
                "{}: the link {target:?} leads to {}, which does not exist",
                page.display(),
                file.display()
            );
            if let Some(anchor) = anchor {
                let headings = anchors(&read(&file));
                assert!(
                    headings.iter().any(|a| a == anchor),
                    "{}: the link {target:?}: {} has no heading #{anchor} (it has {headings:?})",
                    page.display(),
                    file.display()
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 50,
        "only {checked} links found: is the reader broken?"
    );
}

#[test]
fn the_link_reader_finds_links_across_lines_and_skips_code() {
    let text = "See [more than one\ncopy](deployment.md#running) and \
                ![a picture](screenshots/x.png).\n`[not](a-link)`\n```\n[nor](this)\n```\n";
    assert_eq!(
        link_targets(text),
        ["deployment.md#running", "screenshots/x.png"]
    );
    assert_eq!(
        anchors("## 1. Create the bot\n## Commands for the team (chats listed in `ADMIN_CHAT_ID`)\n## The team's inbox"),
        [
            "1-create-the-bot",
            "commands-for-the-team-chats-listed-in-admin_chat_id",
            "the-teams-inbox"
        ]
    );
}

#[test]
fn the_front_pages_test_command_is_the_one_ci_runs() {
    let readme = read(&root().join("README.md"));
    let shown: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("cargo test"))
        .collect();
    assert_eq!(
        shown,
        ["cargo test --workspace"],
        "README.md's test command"
    );
    let ci = read(&root().join(".ci/run"));
    let run: Vec<&str> = ci.lines().filter(|l| l.starts_with("cargo test")).collect();
    assert_eq!(run.len(), 1, ".ci/run runs one test command: {run:?}");
    assert!(
        run[0] == shown[0] || run[0].starts_with(&format!("{} --", shown[0])),
        ".ci/run runs {:?}, README.md shows {:?}",
        run[0],
        shown[0]
    );
}

#[test]
fn the_docker_commands_shown_publish_on_127_0_0_1_only() {
    let mut checked = 0;
    for page in pages() {
        for line in read(&page)
            .lines()
            .filter(|l| l.contains("docker run") && l.contains(" -p "))
        {
            let published = line.split(" -p ").nth(1).unwrap();
            assert!(
                published.starts_with("127.0.0.1:"),
                "{}: {line}",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no docker run -p in the manual");
}
