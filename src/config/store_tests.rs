//! STORE and DATABASE_URL (the PostgreSQL store), in figment's `Jail` as
//! in `tests.rs`.

use super::*;
use figment::Jail;

#[allow(clippy::result_large_err)] // figment::Error is large; only tests build it here.
fn load_with(env: &[(&str, &str)]) -> Result<Loaded, ConfigError> {
    let mut result = None;
    Jail::expect_with(|j| {
        j.clear_env();
        j.set_env("BOT_TOKEN", "1:a");
        for (key, value) in env {
            j.set_env(key, value);
        }
        result = Some(load(Path::new("Config.toml"), Some(Path::new(".env"))));
        Ok(())
    });
    result.unwrap()
}

#[test]
fn the_json_store_is_the_default() {
    assert_eq!(load_with(&[]).unwrap().config.store, StoreKind::Json);
    let json = load_with(&[("STORE", "JSON")]).unwrap();
    assert_eq!(json.config.store, StoreKind::Json);
}

#[test]
fn postgres_needs_a_database_url_and_names_it() {
    let err = load_with(&[("STORE", "postgres")]).unwrap_err().to_string();
    assert!(
        err.contains("DATABASE_URL (Config.toml: database_url)") && err.contains("STORE"),
        "{err}"
    );
    let loaded = load_with(&[
        ("STORE", "postgres"),
        (
            "DATABASE_URL",
            "postgres://bot:pa55word@db.example.com:5433/support",
        ),
    ])
    .unwrap();
    match &loaded.config.store {
        StoreKind::Postgres { url } => {
            assert_eq!(
                url.expose(),
                "postgres://bot:pa55word@db.example.com:5433/support"
            );
        }
        other => panic!("{other:?}"),
    }
    let shown = format!("{:?}", loaded.config);
    assert!(
        !shown.contains("pa55word") && shown.contains("db.example.com"),
        "{shown}"
    );
}

#[test]
fn a_bad_store_or_database_url_is_named_with_the_other_wrong_settings() {
    let err = load_with(&[("STORE", "mongo"), ("HTTP_PORT", "x")]).unwrap_err();
    let problems = err.problems();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("STORE (Config.toml: store)") && problems[0].contains("\"mongo\"")
    );
    assert!(problems[1].contains("HTTP_PORT"));
    let err = load_with(&[
        ("STORE", "postgres"),
        ("DATABASE_URL", "mysql://bot:pa55word@db/support"),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("DATABASE_URL") && err.contains("postgres://"),
        "{err}"
    );
    assert!(
        !err.contains("pa55word"),
        "the password is not shown: {err}"
    );
}
