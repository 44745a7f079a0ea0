//! The rules stay pure because this crate cannot reach the world: its
//! manifest names none of the crates that talk to Telegram, serve HTTP,
//! reach a database, run async tasks or read settings.

use toml::Table;

/// What the rules must never depend on.
const FORBIDDEN: &[&str] = &[
    "teloxide",
    "poem",
    "sqlx",
    "tokio",
    "reqwest",
    "tracing-subscriber",
    "figment",
];

/// The crates a manifest depends on (`[dependencies]` and every
/// `[target.'…'.dependencies]`), by their package name: a dependency
/// renamed with `package = "…"` counts as the package.
fn dependencies(manifest: &str) -> Vec<String> {
    let manifest: Table = manifest.parse().expect("a TOML manifest");
    let mut tables: Vec<&Table> = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .into_iter()
        .collect();
    if let Some(targets) = manifest.get("target").and_then(|t| t.as_table()) {
        tables.extend(
            targets
                .values()
                .filter_map(|t| t.get("dependencies")?.as_table()),
        );
    }
    tables
        .into_iter()
        .flat_map(|table| table.iter())
        .map(|(name, spec)| {
            spec.get("package")
                .and_then(|p| p.as_str())
                .unwrap_or(name)
                .to_string()
        })
        .collect()
}

fn forbidden_in(manifest: &str) -> Vec<String> {
    dependencies(manifest)
        .into_iter()
        .filter(|name| FORBIDDEN.contains(&name.as_str()))
        .collect()
}

#[test]
fn the_core_crate_depends_on_no_telegram_http_database_or_runtime() {
    let manifest = include_str!("../Cargo.toml");
    let names = dependencies(manifest);
    assert!(names.contains(&"serde".to_string()), "read: {names:?}");
    assert_eq!(forbidden_in(manifest), Vec::<String>::new());
}

#[test]
fn the_check_finds_a_forbidden_crate_however_it_is_named() {
    let manifest = r#"
        [package]
        name = "x"

        [dependencies]
        serde = "1"
        rt = { package = "tokio", version = "1" }

        [target.'cfg(unix)'.dependencies]
        poem = "3"

        [dev-dependencies]
        sqlx = "0.8"
    "#;
    assert_eq!(forbidden_in(manifest), ["tokio", "poem"]);
}
