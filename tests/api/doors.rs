//! The two doors into the rules, Telegram (`src/bot`) and the team's inbox
//! (`src/web`), never name each other: what one needs of the other travels
//! as data through what both stand on (`engine`, `links`, `telegram`...).
//! Read from the source with `syn`: every path, `use` tree and macro body
//! of every file of one door, `super::` resolved from where it is written.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The doors, as `crate::<name>` and as directories under `src/`.
const DOORS: [&str; 2] = ["bot", "web"];

/// The modules, from the crate's root, that `path` names when it is
/// written inside module `module` (`super::`, `self::` and `crate::`
/// resolved; a path that starts elsewhere names no module of this crate
/// or a local one, and is left out).
fn resolve(module: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut at: Vec<String> = module.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                at.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    at.extend(rest.iter().cloned());
    Some(at)
}

/// Every path the code of one file writes, with the module it is written in.
struct Paths {
    module: Vec<String>,
    found: Vec<(Vec<String>, Vec<String>)>,
}

impl Paths {
    fn note(&mut self, path: Vec<String>) {
        self.found.push((self.module.clone(), path));
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.note(with(prefix, &n.ident)),
            syn::UseTree::Rename(r) => self.note(with(prefix, &r.ident)),
            syn::UseTree::Glob(_) => self.note(prefix.clone()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }
}

fn with(prefix: &[String], ident: &syn::Ident) -> Vec<String> {
    let mut path = prefix.to_vec();
    path.push(ident.to_string());
    path
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.module.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.note(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    /// A macro's body is tokens, not paths (`html!`, `format!`...): every
    /// run of `a :: b :: c` in it counts as a path.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let mut run: Vec<String> = Vec::new();
        let mut after_colons = false;
        let mut colons = 0;
        for token in mac.tokens.clone().into_iter().flat_map(flatten) {
            match token {
                proc_macro2::TokenTree::Ident(ident) => {
                    if !after_colons && !run.is_empty() {
                        self.note(std::mem::take(&mut run));
                    }
                    run.push(ident.to_string());
                    after_colons = false;
                }
                proc_macro2::TokenTree::Punct(p) if p.as_char() == ':' && !run.is_empty() => {
                    colons += 1;
                    if colons == 2 {
                        after_colons = true;
                        colons = 0;
                    }
                }
                _ => {
                    if !run.is_empty() {
                        self.note(std::mem::take(&mut run));
                    }
                    after_colons = false;
                    colons = 0;
                }
            }
        }
        if !run.is_empty() {
            self.note(run);
        }
        syn::visit::visit_macro(self, mac);
    }
}

/// A macro's tokens with its groups opened.
fn flatten(token: proc_macro2::TokenTree) -> Vec<proc_macro2::TokenTree> {
    match token {
        proc_macro2::TokenTree::Group(g) => g.stream().into_iter().flat_map(flatten).collect(),
        other => vec![other],
    }
}

/// Where in the crate's modules the file `file` (under `src/`) is.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file under src/");
    let mut module: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if module.last().is_some_and(|last| last == "mod") {
        module.pop();
    }
    module
}

/// What the code `source`, the file of module `module`, names of the door
/// `other`: each as written, `::`-joined.
fn names_of(source: &str, module: &[String], other: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("the source parses");
    let mut paths = Paths {
        module: module.to_vec(),
        found: Vec::new(),
    };
    paths.visit_file(&file);
    paths
        .found
        .into_iter()
        .filter(|(at, path)| {
            resolve(at, path).is_some_and(|p| p.first().is_some_and(|first| first == other))
        })
        .map(|(_, path)| path.join("::"))
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn the_bot_and_the_web_never_name_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut crossings = Vec::new();
    for (door, other) in [(DOORS[0], DOORS[1]), (DOORS[1], DOORS[0])] {
        let files = rust_files(&src.join(door));
        assert!(files.len() > 5, "{door}/ has its files: {files:?}");
        for file in files {
            let source = std::fs::read_to_string(&file).expect("a source file");
            for name in names_of(&source, &module_of(&src, &file), other) {
                crossings.push(format!("{} names {name}", file.display()));
            }
        }
    }
    assert!(
        crossings.is_empty(),
        "the doors must not know each other; share what both need below them:\n{}",
        crossings.join("\n")
    );
}

#[test]
fn every_way_of_naming_the_other_door_is_found() {
    let bot = |path: &str| vec!["bot".to_string(), path.to_string()];
    let found = |source: &str, module: Vec<String>| names_of(source, &module, "web");
    // A `use`, a group, a glob, a path in an expression, one in a macro.
    assert_eq!(
        found("use crate::web::auth;", bot("a")),
        ["crate::web::auth"]
    );
    assert_eq!(
        found("use crate::{links, web::{auth, Web}};", bot("a")),
        ["crate::web::auth", "crate::web::Web"]
    );
    assert_eq!(found("use crate::web::*;", bot("a")), ["crate::web"]);
    assert_eq!(
        found("fn f() { crate::web::auth::hash(\"\"); }", bot("a")),
        ["crate::web::auth::hash"]
    );
    assert_eq!(
        found(
            "fn f() { let _ = format!(\"{}\", crate::web::X); }",
            bot("a")
        ),
        ["crate::web::X"]
    );
    // `super` resolved from where it is written: in `bot::a`, `super::super`
    // is the crate; in `bot` itself (mod.rs), `super` is.
    assert_eq!(
        found("use super::super::web;", bot("a")),
        ["super::super::web"]
    );
    assert_eq!(
        found("use super::web::Web;", vec!["bot".into()]),
        ["super::web::Web"]
    );
    assert_eq!(
        found("mod tests { use super::super::super::web; }", bot("a")),
        ["super::super::super::web"]
    );
    // What is not the other door: its own modules, another crate's `web`,
    // a word in a comment or a string.
    assert!(found("use super::webhook; use poem::web::Data;", bot("a")).is_empty());
    assert!(found(
        "// crate::web::auth\nfn f() { let _ = \"crate::web\"; }",
        bot("a")
    )
    .is_empty());
    assert!(
        found("use super::web;", bot("a")).is_empty(),
        "bot::web is not crate::web"
    );
}
