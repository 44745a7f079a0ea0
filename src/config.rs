//! Settings, read from (weakest first) built-in defaults, `Config.toml`, a
//! `.env` file and the real environment.
//!
//! | env var         | Config.toml key  | default                    |
//! |-----------------|------------------|----------------------------|
//! | `BOT_TOKEN`     | `bot_token`      | none, required             |
//! | `ADMIN_CHAT_ID` | `admin_chat_ids` | empty                      |
//! | `BOT_API_URL`   | `api_url`        | `https://api.telegram.org` |
//! | `DATA_FILE`     | `data_file`      | `ticket_data.json`         |
//! | `HTTP_PORT`     | `http_port`      | `8000`                     |
//! | `POLL_TIMEOUT`  | `poll_timeout`   | `10` (seconds, 0 to 15)    |
//! | `LIMIT_PER_CHAT_PER_SECOND` | `limit_per_chat_per_second` | `1` |
//! | `LIMIT_PER_CHAT_PER_MINUTE` | `limit_per_chat_per_minute` | `60` |
//! | `LIMIT_PER_GROUP_PER_MINUTE` | `limit_per_group_per_minute` | `20` |
//! | `LIMIT_OVERALL_PER_SECOND` | `limit_overall_per_second` | `30` |
//! | `BOT_MODE` | `mode` | `polling` (or `webhook`) |
//! | `WEBHOOK_URL` | `webhook_url` | none; required for webhook mode |
//! | `WEBHOOK_SECRET` | `webhook_secret` | made up at start if not set |
//!
//! Logging is set only in the environment or `.env`: `RUST_LOG` (the filter)
//! and `LOG_FORMAT` (`text` or `json`).
//!
//! Every value is read leniently (a port may be `8000` or `"8000"`, admin ids
//! a list or a comma-separated string) and then checked; an error names the
//! setting both ways. The token is never shown: [`BotToken`]'s `Debug` and
//! `Display` print `***`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::value::Value;
use figment::Figment;
use serde::Deserialize;

use crate::telemetry::LogFormat;

/// The Bot API token. Kept out of every log line and error message.
#[derive(Clone, PartialEq, Eq)]
pub struct BotToken(String);

impl BotToken {
    /// Wraps a token (for callers that build a [`Config`] themselves).
    pub fn new(token: impl Into<String>) -> BotToken {
        BotToken(token.into())
    }

    /// The token itself, for the Bot API client only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The checked settings the bot runs with.
#[derive(Clone, Debug)]
pub struct Config {
    pub bot_token: BotToken,
    /// Chats whose members are the support team. May be empty (with a warning).
    pub admin_chat_ids: Vec<i64>,
    /// Base URL of the Bot API (a self-hosted server, or a fake in tests).
    pub api_url: url::Url,
    pub data_file: PathBuf,
    /// HTTP port for `/` and `/status`, on all interfaces. 0 picks a free one.
    pub http_port: u16,
    /// How long one getUpdates call waits for news. Kept below the 17 s after
    /// which teloxide's HTTP client gives up on a request.
    pub poll_timeout: Duration,
    /// How fast the bot may send, so Telegram need not refuse it.
    pub limits: Limits,
    /// How updates arrive: by asking Telegram (polling) or by Telegram
    /// posting them to the HTTP server (webhook).
    pub mode: Mode,
}

/// How updates reach the bot.
#[derive(Clone, PartialEq, Eq)]
pub enum Mode {
    /// The bot asks Telegram for updates (long polling). The default.
    Polling,
    /// Telegram posts updates to `url` + the secret path (see `webhook::path`).
    Webhook {
        /// The public base URL of this server, e.g. `https://bot.example.com`.
        url: url::Url,
        /// Sent by Telegram with every update; requests without it are refused.
        secret: String,
        /// The secret was made up at start (none was configured).
        generated: bool,
    },
}

impl fmt::Debug for Mode {
    /// Never shows the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mode::Polling => f.write_str("Polling"),
            Mode::Webhook { url, generated, .. } => {
                write!(
                    f,
                    "Webhook {{ url: {url}, secret: ***, generated: {generated} }}"
                )
            }
        }
    }
}

/// Sending limits. The defaults are Telegram's documented ones: about one
/// message a second per chat, 20 a minute per group, 30 a second overall.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub per_chat_per_second: u32,
    /// For private chats and small groups.
    pub per_chat_per_minute: u32,
    /// For supergroups and channels.
    pub per_group_per_minute: u32,
    pub overall_per_second: u32,
}

impl Limits {
    /// Limits high enough never to slow anything down (tests, benchmarks).
    pub fn unlimited() -> Limits {
        Limits {
            per_chat_per_second: 100_000,
            per_chat_per_minute: 6_000_000,
            per_group_per_minute: 6_000_000,
            overall_per_second: 100_000,
        }
    }
}

/// Settings plus the problems that did not stop the start.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// Things to log as warnings once logging is up.
    pub warnings: Vec<String>,
    /// `RUST_LOG` from the environment, or else from the `.env` file.
    pub log_filter: Option<String>,
    /// `LOG_FORMAT` from the environment, or else from the `.env` file.
    /// An unknown value gives text, with a warning.
    pub log_format: LogFormat,
}

/// A setting that stops the start. The message names the setting.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Invalid(String),
    #[error("could not read the settings: {0}")]
    Source(String),
}

/// One setting: its env var, its Config.toml key.
pub struct Key {
    pub env: &'static str,
    pub toml: &'static str,
}

/// Every setting, in the order they are documented.
pub const KEYS: [Key; 13] = [
    Key {
        env: "BOT_TOKEN",
        toml: "bot_token",
    },
    Key {
        env: "ADMIN_CHAT_ID",
        toml: "admin_chat_ids",
    },
    Key {
        env: "BOT_API_URL",
        toml: "api_url",
    },
    Key {
        env: "DATA_FILE",
        toml: "data_file",
    },
    Key {
        env: "HTTP_PORT",
        toml: "http_port",
    },
    Key {
        env: "POLL_TIMEOUT",
        toml: "poll_timeout",
    },
    Key {
        env: "LIMIT_PER_CHAT_PER_SECOND",
        toml: "limit_per_chat_per_second",
    },
    Key {
        env: "LIMIT_PER_CHAT_PER_MINUTE",
        toml: "limit_per_chat_per_minute",
    },
    Key {
        env: "LIMIT_PER_GROUP_PER_MINUTE",
        toml: "limit_per_group_per_minute",
    },
    Key {
        env: "LIMIT_OVERALL_PER_SECOND",
        toml: "limit_overall_per_second",
    },
    Key {
        env: "BOT_MODE",
        toml: "mode",
    },
    Key {
        env: "WEBHOOK_URL",
        toml: "webhook_url",
    },
    Key {
        env: "WEBHOOK_SECRET",
        toml: "webhook_secret",
    },
];

fn name(toml: &str) -> String {
    let env = KEYS.iter().find(|k| k.toml == toml).map_or("", |k| k.env);
    format!("{env} (Config.toml: {toml})")
}

/// The raw values before checking: anything scalar or a list is accepted.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    bot_token: Option<Scalar>,
    admin_chat_ids: Option<Scalar>,
    api_url: Option<Scalar>,
    data_file: Option<Scalar>,
    http_port: Option<Scalar>,
    poll_timeout: Option<Scalar>,
    limit_per_chat_per_second: Option<Scalar>,
    limit_per_chat_per_minute: Option<Scalar>,
    limit_per_group_per_minute: Option<Scalar>,
    limit_overall_per_second: Option<Scalar>,
    mode: Option<Scalar>,
    webhook_url: Option<Scalar>,
    webhook_secret: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    Str(String),
    List(Vec<Scalar>),
}

impl Scalar {
    /// The value as the text a person would have typed.
    fn text(&self) -> String {
        match self {
            Scalar::Int(n) => n.to_string(),
            Scalar::UInt(n) => n.to_string(),
            Scalar::Float(n) => n.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Str(s) => s.clone(),
            Scalar::List(items) => items.iter().map(Scalar::text).collect::<Vec<_>>().join(","),
        }
    }
}

/// Loads the settings: `toml` (a missing file is fine; parent folders are not
/// searched), then the `dotenv` file if given and present, then the process
/// environment.
pub fn load(toml: &Path, dotenv: Option<&Path>) -> Result<Loaded, ConfigError> {
    let mut figment = Figment::new();
    if toml.exists() {
        figment = figment.merge(Toml::file_exact(toml));
    }
    let mut log_filter = std::env::var("RUST_LOG").ok();
    let mut log_format = std::env::var("LOG_FORMAT").ok();
    if let Some(path) = dotenv.filter(|p| p.exists()) {
        let dotenv = read_dotenv(path)?;
        figment = figment.merge(Serialized::defaults(dotenv.values));
        log_filter = log_filter.or(dotenv.log_filter);
        log_format = log_format.or(dotenv.log_format);
    }
    let env = Env::raw().filter_map(|k| env_to_toml(k.as_str()).map(Into::into));
    let raw: Raw = figment
        .merge(env)
        .extract()
        .map_err(|e| ConfigError::Source(e.to_string()))?;
    let mut loaded = check(raw)?;
    loaded.log_filter = log_filter;
    loaded.log_format = parse_log_format(log_format.as_deref(), &mut loaded.warnings);
    Ok(loaded)
}

/// Reads `LOG_FORMAT`: `text` (also when unset or empty) or `json`, in any
/// case. Anything else gives text and a warning naming `LOG_FORMAT`.
fn parse_log_format(value: Option<&str>, warnings: &mut Vec<String>) -> LogFormat {
    let value = value.unwrap_or_default().trim();
    if value.is_empty() || value.eq_ignore_ascii_case("text") {
        LogFormat::Text
    } else if value.eq_ignore_ascii_case("json") {
        LogFormat::Json
    } else {
        warnings.push(format!(
            "LOG_FORMAT is {value:?}, which is not known: use \"text\" or \"json\". Logging as text"
        ));
        LogFormat::Text
    }
}

fn env_to_toml(env: &str) -> Option<&'static str> {
    KEYS.iter()
        .find(|k| k.env.eq_ignore_ascii_case(env))
        .map(|k| k.toml)
}

/// What a `.env` file holds: settings, parsed as the environment's are,
/// and the logging variables if it has them.
#[derive(Default)]
struct DotEnv {
    values: BTreeMap<String, Value>,
    log_filter: Option<String>,
    log_format: Option<String>,
}

fn read_dotenv(path: &Path) -> Result<DotEnv, ConfigError> {
    let bad = |e: dotenvy::Error| ConfigError::Source(format!("{}: {e}", path.display()));
    let mut dotenv = DotEnv::default();
    for item in dotenvy::from_path_iter(path).map_err(bad)? {
        let (key, value) = item.map_err(bad)?;
        if key == "RUST_LOG" {
            dotenv.log_filter = Some(value);
        } else if key == "LOG_FORMAT" {
            dotenv.log_format = Some(value);
        } else if let Some(toml) = env_to_toml(&key) {
            let parsed = Value::from_str(&value).unwrap_or_else(|never| match never {});
            dotenv.values.insert(toml.to_string(), parsed);
        }
    }
    Ok(dotenv)
}

fn check(raw: Raw) -> Result<Loaded, ConfigError> {
    let invalid = |msg: String| ConfigError::Invalid(msg);
    let mut warnings = Vec::new();

    let token = raw.bot_token.as_ref().map(Scalar::text).unwrap_or_default();
    let token = token.trim();
    if token.is_empty() {
        return Err(invalid(format!(
            "{} is missing or empty: set it to the token BotFather gave you",
            name("bot_token")
        )));
    }

    let admin_chat_ids = match &raw.admin_chat_ids {
        None => Vec::new(),
        Some(value) => parse_admin_ids(value, &mut warnings),
    };
    if admin_chat_ids.is_empty() {
        warnings.push(format!(
            "{} lists no admin chat: tickets will be saved but nobody will be told about them",
            name("admin_chat_ids")
        ));
    }

    let api_url = raw
        .api_url
        .as_ref()
        .map_or("https://api.telegram.org".into(), Scalar::text);
    let api_url = url::Url::parse(api_url.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && !u.cannot_be_a_base())
        .ok_or_else(|| {
            invalid(format!(
                "{} must be an http or https URL, not {api_url:?}",
                name("api_url")
            ))
        })?;

    let data_file = raw
        .data_file
        .as_ref()
        .map_or("ticket_data.json".into(), Scalar::text);
    if data_file.trim().is_empty() {
        return Err(invalid(format!(
            "{} is empty: give a file path",
            name("data_file")
        )));
    }

    let http_port = match &raw.http_port {
        None => 8000,
        Some(v) => v.text().trim().parse::<u16>().map_err(|_| {
            invalid(format!(
                "{} must be a port number from 0 to 65535, not {:?}",
                name("http_port"),
                v.text()
            ))
        })?,
    };

    let poll_timeout = number(&raw.poll_timeout, "poll_timeout", 10, 0, 15, "seconds")?;
    let limits = Limits {
        per_chat_per_second: number(
            &raw.limit_per_chat_per_second,
            "limit_per_chat_per_second",
            1,
            1,
            1000,
            "messages",
        )?,
        per_chat_per_minute: number(
            &raw.limit_per_chat_per_minute,
            "limit_per_chat_per_minute",
            60,
            1,
            60_000,
            "messages",
        )?,
        per_group_per_minute: number(
            &raw.limit_per_group_per_minute,
            "limit_per_group_per_minute",
            20,
            1,
            60_000,
            "messages",
        )?,
        overall_per_second: number(
            &raw.limit_overall_per_second,
            "limit_overall_per_second",
            30,
            1,
            1000,
            "messages",
        )?,
    };

    let mode = check_mode(&raw)?;

    Ok(Loaded {
        config: Config {
            bot_token: BotToken(token.to_string()),
            admin_chat_ids,
            api_url,
            data_file: PathBuf::from(data_file.trim()),
            http_port,
            poll_timeout: Duration::from_secs(u64::from(poll_timeout)),
            limits,
            mode,
        },
        warnings,
        log_filter: None,
        log_format: LogFormat::Text,
    })
}

/// Reads BOT_MODE, WEBHOOK_URL and WEBHOOK_SECRET.
fn check_mode(raw: &Raw) -> Result<Mode, ConfigError> {
    let invalid = |msg: String| ConfigError::Invalid(msg);
    let mode = raw
        .mode
        .as_ref()
        .map_or("polling".into(), |m| m.text().trim().to_ascii_lowercase());
    match mode.as_str() {
        "polling" => return Ok(Mode::Polling),
        "webhook" => {}
        other => {
            return Err(invalid(format!(
                "{} must be \"polling\" or \"webhook\", not {other:?}",
                name("mode")
            )))
        }
    }
    let url_text = raw
        .webhook_url
        .as_ref()
        .map(Scalar::text)
        .unwrap_or_default();
    let url = url::Url::parse(url_text.trim())
        .ok()
        .filter(|u| u.scheme() == "https" && !u.cannot_be_a_base())
        .ok_or_else(|| {
            invalid(format!(
                "{} must be the https:// address of this server when {} is \"webhook\", not {url_text:?}",
                name("webhook_url"),
                name("mode")
            ))
        })?;
    let (secret, generated) = match raw.webhook_secret.as_ref().map(Scalar::text) {
        Some(secret) => (secret.trim().to_string(), false),
        None => (
            uuid::Uuid::new_v4().simple().to_string() + &uuid::Uuid::new_v4().simple().to_string(),
            true,
        ),
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if secret.is_empty() || secret.len() > 256 || !secret.chars().all(allowed) {
        return Err(invalid(format!(
            "{} must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (it is not shown here)",
            name("webhook_secret")
        )));
    }
    Ok(Mode::Webhook {
        url,
        secret,
        generated,
    })
}

/// A whole number from `min` to `max`, `default` when not set.
fn number(
    value: &Option<Scalar>,
    key: &str,
    default: u32,
    min: u32,
    max: u32,
    unit: &str,
) -> Result<u32, ConfigError> {
    let Some(v) = value else {
        return Ok(default);
    };
    v.text()
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            ConfigError::Invalid(format!(
                "{} must be a number of {unit} from {min} to {max}, not {:?}",
                name(key),
                v.text()
            ))
        })
}

/// Reads admin chat ids from `12, -100345` or a list; entries that are not
/// whole numbers are skipped with a warning that names them.
fn parse_admin_ids(value: &Scalar, warnings: &mut Vec<String>) -> Vec<i64> {
    let mut ids = Vec::new();
    for part in value
        .text()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.parse::<i64>() {
            Ok(id) if id != 0 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => warnings.push(format!(
                "{}: {part:?} is not a chat id and was skipped",
                name("admin_chat_ids")
            )),
        }
    }
    ids
}

#[cfg(test)]
mod tests;
