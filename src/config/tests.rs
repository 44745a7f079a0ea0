//! Settings are tested inside figment's `Jail`: a temporary folder as the
//! working directory and an environment that is restored afterwards.

use super::*;
use figment::Jail;

fn load_here() -> Result<Loaded, ConfigError> {
    load(Path::new("Config.toml"), Some(Path::new(".env")))
}

#[allow(clippy::result_large_err)] // figment::Error is large; only tests build it here.
fn jail(f: impl FnOnce(&mut Jail) -> Result<(), String>) {
    Jail::expect_with(|j| {
        j.clear_env();
        f(j).map_err(Into::into)
    });
}

#[test]
fn defaults_apply_when_only_the_token_is_set() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "123:abc");
        let l = load_here().map_err(|e| e.to_string())?;
        let c = l.config;
        assert_eq!(c.bot_token.expose(), "123:abc");
        assert_eq!(c.api_url.as_str(), "https://api.telegram.org/");
        assert_eq!(c.data_file, PathBuf::from("ticket_data.json"));
        assert_eq!(c.http_port, 8000);
        assert_eq!(c.poll_timeout, Duration::from_secs(10));
        assert!(c.admin_chat_ids.is_empty());
        assert!(l
            .warnings
            .iter()
            .any(|w| w.contains("ADMIN_CHAT_ID") && w.contains("no admin")));
        Ok(())
    });
}

#[test]
fn a_missing_or_empty_token_is_an_error_that_names_bot_token() {
    jail(|j| {
        let err = load_here().unwrap_err().to_string();
        assert!(err.contains("BOT_TOKEN"), "{err}");
        j.set_env("BOT_TOKEN", "   ");
        let err = load_here().unwrap_err().to_string();
        assert!(err.contains("BOT_TOKEN") && err.contains("empty"), "{err}");
        Ok(())
    });
}

#[test]
fn environment_beats_dotenv_beats_config_toml() {
    jail(|j| {
        j.create_file(
            "Config.toml",
            "bot_token = \"1:toml\"\nhttp_port = 8100\ndata_file = \"toml.json\"\napi_url = \"http://toml.example/\"",
        )
        .map_err(|e| e.to_string())?;
        j.create_file(
            ".env",
            "BOT_TOKEN=2:dotenv\nHTTP_PORT=8200\nDATA_FILE=dotenv.json\n",
        )
        .map_err(|e| e.to_string())?;
        j.set_env("HTTP_PORT", "8300");
        let c = load_here().map_err(|e| e.to_string())?.config;
        assert_eq!(c.http_port, 8300, "real environment wins");
        assert_eq!(c.bot_token.expose(), "2:dotenv", ".env beats Config.toml");
        assert_eq!(c.data_file, PathBuf::from("dotenv.json"));
        assert_eq!(
            c.api_url.as_str(),
            "http://toml.example/",
            "Config.toml beats defaults"
        );
        Ok(())
    });
}

#[test]
fn admin_ids_accept_spaces_negative_groups_and_skip_bad_entries_by_name() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "1:a");
        j.set_env("ADMIN_CHAT_ID", "12,abc, 34 , -1001234567890");
        let l = load_here().map_err(|e| e.to_string())?;
        assert_eq!(l.config.admin_chat_ids, vec![12, 34, -1001234567890]);
        assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
        assert!(l.warnings[0].contains("\"abc\"") && l.warnings[0].contains("ADMIN_CHAT_ID"));
        j.set_env("ADMIN_CHAT_ID", "42");
        assert_eq!(
            load_here()
                .map_err(|e| e.to_string())?
                .config
                .admin_chat_ids,
            vec![42]
        );
        Ok(())
    });
}

#[test]
fn the_documented_example_admin_id_is_named_as_a_placeholder_and_not_used() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "1:a");
        j.set_env("ADMIN_CHAT_ID", "123456789, 42");
        let l = load_here().map_err(|e| e.to_string())?;
        assert_eq!(l.config.admin_chat_ids, vec![42]);
        assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
        assert!(
            l.warnings[0].contains("123456789 is the example chat id")
                && l.warnings[0].contains("support-bot setup"),
            "{:?}",
            l.warnings
        );
        j.set_env("ADMIN_CHAT_ID", "123456789");
        let l = load_here().map_err(|e| e.to_string())?;
        assert!(l.config.admin_chat_ids.is_empty());
        assert_eq!(
            l.warnings.len(),
            2,
            "placeholder, then no admin chat: {:?}",
            l.warnings
        );
        Ok(())
    });
}

#[test]
fn admin_ids_may_be_a_toml_list() {
    jail(|j| {
        j.create_file(
            "Config.toml",
            "bot_token = \"1:a\"\nadmin_chat_ids = [5, -7]",
        )
        .map_err(|e| e.to_string())?;
        assert_eq!(
            load_here()
                .map_err(|e| e.to_string())?
                .config
                .admin_chat_ids,
            vec![5, -7]
        );
        Ok(())
    });
}

#[test]
fn a_numeric_looking_token_is_read_as_text() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "123456");
        assert_eq!(
            load_here()
                .map_err(|e| e.to_string())?
                .config
                .bot_token
                .expose(),
            "123456"
        );
        Ok(())
    });
}

#[test]
fn bad_values_name_their_setting() {
    let cases = [
        ("HTTP_PORT", "eighty", "HTTP_PORT"),
        ("HTTP_PORT", "70000", "http_port"),
        ("BOT_API_URL", "not a url", "BOT_API_URL"),
        ("POLL_TIMEOUT", "30", "POLL_TIMEOUT"),
        ("DATA_FILE", " ", "DATA_FILE"),
    ];
    for (key, value, named) in cases {
        jail(|j| {
            j.set_env("BOT_TOKEN", "1:a");
            j.set_env(key, value);
            let err = load_here().unwrap_err().to_string();
            assert!(err.contains(named), "{key}={value}: {err}");
            Ok(())
        });
    }
}

#[test]
fn a_misspelt_config_toml_key_is_an_error_naming_it() {
    jail(|j| {
        j.create_file("Config.toml", "bot_token = \"1:a\"\nadmin_chat_id = 5")
            .map_err(|e| e.to_string())?;
        let err = load_here().unwrap_err().to_string();
        assert!(err.contains("admin_chat_id"), "{err}");
        Ok(())
    });
}

#[test]
fn the_token_never_shows_in_debug_output() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "999:SECRET");
        let c = load_here().map_err(|e| e.to_string())?.config;
        let shown = format!("{c:?} {}", c.bot_token);
        assert!(!shown.contains("SECRET"), "{shown}");
        Ok(())
    });
}

#[test]
fn the_repository_config_toml_is_valid_and_documents_every_key() {
    let text = include_str!("../../Config.toml");
    for key in KEYS {
        assert!(
            text.contains(key.toml),
            "Config.toml does not mention {}",
            key.toml
        );
        assert!(
            text.contains(key.env),
            "Config.toml does not mention {}",
            key.env
        );
    }
    jail(|j| {
        j.create_file("Config.toml", text)
            .map_err(|e| e.to_string())?;
        j.set_env("BOT_TOKEN", "1:a");
        load_here().map_err(|e| e.to_string())?;
        Ok(())
    });
}

/// The (env var, Config.toml key) pairs of the settings table in the
/// manual's configuration chapter, in the order written.
fn documented_settings(chapter: &str) -> Vec<(String, String)> {
    let unquote = |cell: &str| cell.trim_matches('`').to_string();
    crate::manual::table_rows(chapter, "## Every setting")
        .into_iter()
        .map(|row| (unquote(row[0]), unquote(row[1])))
        .collect()
}

#[test]
fn the_manuals_settings_table_lists_exactly_the_settings_the_program_reads() {
    let documented = documented_settings(include_str!("../../docs/configuration.md"));
    let read: Vec<(String, String)> = KEYS
        .iter()
        .map(|k| (k.env.to_string(), k.toml.to_string()))
        .chain(
            LOG_KEYS
                .iter()
                .map(|env| (env.to_string(), "-".to_string())),
        )
        .collect();
    for row in &documented {
        assert!(
            read.contains(row),
            "docs/configuration.md lists {row:?}, which is not a setting"
        );
        let times = documented.iter().filter(|r| *r == row).count();
        assert_eq!(
            times, 1,
            "docs/configuration.md lists {row:?} {times} times"
        );
    }
    for setting in &read {
        assert!(
            documented.contains(setting),
            "docs/configuration.md does not list {setting:?}"
        );
    }
}

#[test]
fn rust_log_comes_from_the_environment_or_else_dotenv() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "1:a");
        j.create_file(".env", "RUST_LOG=debug\n")
            .map_err(|e| e.to_string())?;
        assert_eq!(
            load_here()
                .map_err(|e| e.to_string())?
                .log_filter
                .as_deref(),
            Some("debug")
        );
        j.set_env("RUST_LOG", "warn");
        assert_eq!(
            load_here()
                .map_err(|e| e.to_string())?
                .log_filter
                .as_deref(),
            Some("warn")
        );
        Ok(())
    });
}

#[test]
fn log_format_comes_from_the_environment_or_else_dotenv_and_defaults_to_text() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "1:a");
        let format = |l: Loaded| (l.log_format, l.warnings);
        let (f, _) = format(load_here().map_err(|e| e.to_string())?);
        assert_eq!(f, LogFormat::Text);
        j.create_file(".env", "LOG_FORMAT=json\n")
            .map_err(|e| e.to_string())?;
        let (f, _) = format(load_here().map_err(|e| e.to_string())?);
        assert_eq!(f, LogFormat::Json);
        j.set_env("LOG_FORMAT", " Text ");
        let (f, _) = format(load_here().map_err(|e| e.to_string())?);
        assert_eq!(f, LogFormat::Text);
        j.set_env("LOG_FORMAT", "xml");
        let (f, warnings) = format(load_here().map_err(|e| e.to_string())?);
        assert_eq!(f, LogFormat::Text);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("LOG_FORMAT") && w.contains("\"xml\"")),
            "{warnings:?}"
        );
        Ok(())
    });
}

#[test]
fn every_wrong_setting_is_named_in_one_error() {
    let wrong = [
        ("HTTP_PORT", "abc", "http_port"),
        ("POLL_TIMEOUT", "99", "poll_timeout"),
        ("BOT_MODE", "sometimes", "mode"),
    ];
    jail(|j| {
        // Each wrong setting alone, for the message it gives.
        let mut alone = Vec::new();
        for (env, value, _) in wrong {
            j.clear_env();
            j.set_env("BOT_TOKEN", "1:a");
            j.set_env(env, value);
            alone.push(load_here().unwrap_err().to_string());
        }
        for (env, value, _) in wrong {
            j.set_env(env, value);
        }
        let err = load_here().unwrap_err();
        let problems = err.problems();
        assert_eq!(problems, alone, "the same messages as one at a time");
        let text = err.to_string();
        assert!(text.starts_with("3 problems with the settings:"), "{text}");
        for (env, _, toml) in wrong {
            assert!(
                text.contains(&format!("{env} (Config.toml: {toml})")),
                "{env} is not named:\n{text}"
            );
        }
        Ok(())
    });
}

#[test]
fn a_misspelt_key_or_a_missing_token_does_not_hide_other_wrong_settings() {
    jail(|j| {
        j.create_file("Config.toml", "admin_chat_id = 5\nhttp_port = \"abc\"")
            .map_err(|e| e.to_string())?;
        j.set_env("POLL_TIMEOUT", "-1");
        let problems = load_here().unwrap_err().problems();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].contains("BOT_TOKEN") && problems[0].contains("missing"));
        assert!(problems[1].contains("HTTP_PORT") && problems[1].contains("\"abc\""));
        assert!(problems[2].contains("POLL_TIMEOUT") && problems[2].contains("\"-1\""));
        assert!(
            problems[3].contains("admin_chat_id") && problems[3].contains("Config.toml"),
            "a key that is not a setting comes last: {problems:#?}"
        );
        Ok(())
    });
}

#[test]
fn an_unreadable_value_is_named_without_hiding_the_others() {
    jail(|j| {
        j.create_file("Config.toml", "bot_token = \"1:a\"\napi_url = { a = 1 }")
            .map_err(|e| e.to_string())?;
        j.set_env("HTTP_PORT", "abc");
        let problems = load_here().unwrap_err().problems();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("api_url"), "{problems:#?}");
        assert!(problems[1].contains("HTTP_PORT"), "{problems:#?}");
        Ok(())
    });
}

/// Webhook mode with `url` as WEBHOOK_URL and `api` as BOT_API_URL (unset if `None`).
fn webhook_with(j: &mut Jail, url: &str, api: Option<&str>) -> Result<Mode, ConfigError> {
    j.clear_env();
    j.set_env("BOT_TOKEN", "1:a");
    j.set_env("BOT_MODE", "webhook");
    j.set_env("WEBHOOK_URL", url);
    if let Some(api) = api {
        j.set_env("BOT_API_URL", api);
    }
    load_here().map(|l| l.config.mode)
}

#[test]
fn with_telegrams_own_bot_api_the_webhook_url_must_be_https() {
    jail(|j| {
        for api in [
            None,
            Some("https://api.telegram.org"),
            Some("https://API.telegram.org/"),
        ] {
            let err = webhook_with(j, "http://bot.example.com", api)
                .unwrap_err()
                .to_string();
            assert_eq!(
                err,
                "WEBHOOK_URL (Config.toml: webhook_url) must be the https:// address of this \
                 server when BOT_MODE (Config.toml: mode) is \"webhook\", not \"http://bot.example.com\"",
                "{api:?}"
            );
            let mode =
                webhook_with(j, "https://bot.example.com", api).map_err(|e| e.to_string())?;
            assert!(
                matches!(&mode, Mode::Webhook { url, .. } if url.as_str() == "https://bot.example.com/"),
                "{mode:?}"
            );
        }
        Ok(())
    });
}

#[test]
fn with_a_self_hosted_bot_api_the_webhook_url_may_be_http() {
    jail(|j| {
        let api = Some("http://telegram-bot-api:8081");
        for url in ["http://support-bot:8000", "https://bot.example.com"] {
            let mode = webhook_with(j, url, api).map_err(|e| e.to_string())?;
            assert!(
                matches!(&mode, Mode::Webhook { url: u, .. } if u.as_str() == format!("{url}/")),
                "{url}: {mode:?}"
            );
        }
        let err = webhook_with(j, "ftp://support-bot", api)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("WEBHOOK_URL") && err.contains("http:// or https://"),
            "{err}"
        );
        Ok(())
    });
}

#[test]
fn the_team_settings_are_read_and_every_bad_one_is_named() {
    jail(|j| {
        j.set_env("BOT_TOKEN", "1:a");
        j.set_env("TEAM_CHAT_ID", "-1001234567890");
        j.set_env("AGENT_NAMES", "first_name");
        j.set_env("NOTIFY_ADMIN_CHATS", "false");
        j.set_env("NOTE_PREFIX", "!!");
        j.set_env("SPAM_PER_MINUTE", "5");
        let team = load_here().unwrap().config.team;
        assert_eq!(team.chat, Some(-1001234567890));
        assert_eq!(team.agent_names, AgentNames::FirstName);
        assert!(!team.notify_admin_chats);
        assert_eq!(team.note_prefix, "!!");
        assert_eq!(team.spam_per_minute, 5);

        j.set_env("TEAM_CHAT_ID", "12345");
        j.set_env("AGENT_NAMES", "everyone");
        j.set_env("NOTIFY_ADMIN_CHATS", "maybe");
        j.set_env("NOTE_PREFIX", " ");
        j.set_env("SPAM_PER_MINUTE", "0");
        let problems = load_here().unwrap_err().problems();
        for key in [
            "TEAM_CHAT_ID",
            "AGENT_NAMES",
            "NOTIFY_ADMIN_CHATS",
            "NOTE_PREFIX",
            "SPAM_PER_MINUTE",
        ] {
            assert!(
                problems.iter().any(|p| p.contains(key)),
                "{key} named: {problems:#?}"
            );
        }
        assert_eq!(problems.len(), 5, "{problems:#?}");
        Ok(())
    });
}

#[test]
fn without_a_webhook_secret_every_start_derives_the_same_one_from_the_token() {
    jail(|j| {
        let secret_of = |mode: Mode| match mode {
            Mode::Webhook {
                secret, derived, ..
            } => (secret, derived),
            Mode::Polling => panic!("webhook mode expected"),
        };
        let (first, derived) =
            secret_of(webhook_with(j, "https://bot.example.com", None).map_err(|e| e.to_string())?);
        let (again, _) =
            secret_of(webhook_with(j, "https://bot.example.com", None).map_err(|e| e.to_string())?);
        assert!(derived);
        assert_eq!(first, again, "two starts must agree");
        assert_eq!(first, super::derived_webhook_secret("1:a"));
        assert_ne!(first, super::derived_webhook_secret("1:b"));
        assert_eq!(first.len(), 64);
        assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(!first.contains("1:a"));

        j.set_env("WEBHOOK_SECRET", "given-secret_1");
        let (given, derived) = secret_of(
            load_here()
                .map(|l| l.config.mode)
                .map_err(|e| e.to_string())?,
        );
        assert_eq!((given.as_str(), derived), ("given-secret_1", false));
        Ok(())
    });
}

#[test]
fn timezone_counts_without_working_hours() {
    jail(|j| {
        j.clear_env();
        j.set_env("BOT_TOKEN", "1:a");
        assert_eq!(
            load_here().map_err(|e| e.to_string())?.config.timezone,
            chrono_tz::UTC
        );
        j.set_env("TIMEZONE", "Europe/Berlin");
        let config = load_here().map_err(|e| e.to_string())?.config;
        assert!(config.hours.is_none());
        assert_eq!(config.timezone, chrono_tz::Europe::Berlin);
        Ok(())
    });
}

#[test]
fn database_url_is_read_whatever_the_store() {
    jail(|j| {
        j.clear_env();
        j.set_env("BOT_TOKEN", "1:a");
        assert!(load_here()
            .map_err(|e| e.to_string())?
            .config
            .database_url
            .is_none());
        j.set_env("DATABASE_URL", "postgres://bot@db.example.com/support");
        let loaded = load_here().map_err(|e| e.to_string())?;
        assert_eq!(loaded.config.store, StoreKind::Json);
        assert_eq!(
            loaded.config.database_url.map(|u| u.expose().to_string()),
            Some("postgres://bot@db.example.com/support".to_string())
        );
        // Beside the JSON store a wrong one is only a warning.
        j.set_env("DATABASE_URL", "mysql://db");
        let loaded = load_here().map_err(|e| e.to_string())?;
        assert!(loaded.config.database_url.is_none());
        assert!(
            loaded.warnings.iter().any(|w| w.contains("DATABASE_URL")),
            "{:?}",
            loaded.warnings
        );
        Ok(())
    });
}

#[test]
fn http_address_and_metrics_token_are_read_and_checked() {
    jail(|j| {
        j.clear_env();
        j.set_env("BOT_TOKEN", "1:a");
        let config = load_here().map_err(|e| e.to_string())?.config;
        assert_eq!(config.http_address.to_string(), "0.0.0.0");
        assert!(config.metrics_token.is_none());
        j.set_env("HTTP_ADDRESS", "127.0.0.1");
        j.set_env("METRICS_TOKEN", "scrape-token-0123456789");
        let config = load_here().map_err(|e| e.to_string())?.config;
        assert_eq!(config.http_address.to_string(), "127.0.0.1");
        assert_eq!(
            config.metrics_token.as_ref().map(|t| t.expose()),
            Some("scrape-token-0123456789")
        );
        assert!(!format!("{config:?}").contains("scrape-token"));
        j.set_env("HTTP_ADDRESS", "localhost:80");
        j.set_env("METRICS_TOKEN", "short");
        let err = load_here().unwrap_err().to_string();
        assert!(err.contains("HTTP_ADDRESS"), "{err}");
        assert!(
            err.contains("METRICS_TOKEN") && !err.contains("short"),
            "{err}"
        );
        Ok(())
    });
}
