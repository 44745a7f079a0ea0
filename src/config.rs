//! Settings, read from (weakest first) built-in defaults, `Config.toml`, a
//! `.env` file and the real environment.
//!
//! | env var         | Config.toml key  | default                    |
//! |-----------------|------------------|----------------------------|
//! | `BOT_TOKEN`     | `bot_token`      | none, required             |
//! | `ADMIN_CHAT_ID` | `admin_chat_ids` | empty                      |
//! | `BOT_API_URL`   | `api_url`        | `https://api.telegram.org` |
//! | `DATA_FILE`     | `data_file`      | `ticket_data.json`         |
//! | `STORE`         | `store`          | `json` (or `postgres`)     |
//! | `DATABASE_URL`  | `database_url`   | none; required for `STORE=postgres` |
//! | `HTTP_PORT`     | `http_port`      | `8000`                     |
//! | `HTTP_ADDRESS`  | `http_address`   | `0.0.0.0` (every interface) |
//! | `METRICS_TOKEN` | `metrics_token`  | none: `/metrics` and `/status` open |
//! | `POLL_TIMEOUT`  | `poll_timeout`   | `10` (seconds, 0 to 15)    |
//! | `LIMIT_PER_CHAT_PER_SECOND` | `limit_per_chat_per_second` | `1` |
//! | `LIMIT_PER_CHAT_PER_MINUTE` | `limit_per_chat_per_minute` | `60` |
//! | `LIMIT_PER_GROUP_PER_MINUTE` | `limit_per_group_per_minute` | `20` |
//! | `LIMIT_OVERALL_PER_SECOND` | `limit_overall_per_second` | `30` |
//! | `BOT_MODE` | `mode` | `polling` (or `webhook`) |
//! | `WEBHOOK_URL` | `webhook_url` | none; required for webhook mode (`https://`, or also `http://` with a self-hosted `BOT_API_URL`) |
//! | `WEBHOOK_SECRET` | `webhook_secret` | derived from the bot token |
//! | `DEFAULT_LANGUAGE` | `default_language` | `en` (a shipped language) |
//! | `TEAM_LANGUAGE` | `team_language` | `en` (a shipped language) |
//! | `WORKING_HOURS` | `working_hours` | none: always working (e.g. `Mon-Fri 09:00-18:00`) |
//! | `TIMEZONE` | `timezone` | `UTC` (an IANA name such as `Europe/Berlin`) |
//! | `HOLIDAYS` | `holidays` | none (dates such as `2026-12-25, 2026-12-26`) |
//! | `ASK_FOR_RATING` | `ask_for_rating` | `true` |
//! | `RETENTION_DAYS` | `retention_days` | none: keep every text |
//! | `TEAM_CHAT_ID` | `team_chat_id` | none (a forum supergroup: a topic per ticket) |
//! | `NOTIFY_ADMIN_CHATS` | `notify_admin_chats` | `true` |
//! | `AGENT_NAMES` | `agent_names` | `hidden` (or `first_name`) |
//! | `NOTE_PREFIX` | `note_prefix` | `//` |
//! | `SPAM_PER_MINUTE` | `spam_per_minute` | `20` |
//! | `PUBLIC_URL` | `public_url` | none: no team inbox (this server's public address, `https://` for Telegram's Mini Apps) |
//! | `WEB_AUTH_MAX_AGE` | `web_auth_max_age` | `3600` (seconds a Mini App's sign-in stays good) |
//! | `DASHBOARD_TOKEN` | `dashboard_token` | none (read-only dashboard with `?token=`) |
//!
//! Logging is set only in the environment or `.env`: `RUST_LOG` (the filter)
//! and `LOG_FORMAT` (`text` or `json`).
//!
//! Every value is read leniently (a port may be `8000` or `"8000"`, admin ids
//! a list or a comma-separated string) and then checked; an error names the
//! setting both ways. Every setting is checked, also after one is found
//! wrong, so one error lists every wrong setting. The token is never shown:
//! [`BotToken`]'s `Debug` and `Display` print `***`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::value::{Dict, Value};
use figment::Figment;
use serde::Deserialize;

use crate::telemetry::LogFormat;

/// The team's settings the rules read, defined beside them.
pub use support_core::team::{AgentNames, TeamSettings};

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

/// `METRICS_TOKEN`: the bearer token `/metrics` and `/status` ask for.
/// Never shown.
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(String);

impl MetricsToken {
    pub fn new(token: impl Into<String>) -> MetricsToken {
        MetricsToken(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for MetricsToken {
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
    /// Where the data is kept: the JSON files, or PostgreSQL.
    pub store: StoreKind,
    /// HTTP port for `/` and `/status`. 0 picks a free one.
    pub http_port: u16,
    /// The address the HTTP server listens on (`HTTP_ADDRESS`): `0.0.0.0`
    /// (every interface, as a container needs) unless set.
    pub http_address: std::net::IpAddr,
    /// With it, `/metrics` and `/status` answer only requests that carry
    /// `Authorization: Bearer <token>`.
    pub metrics_token: Option<MetricsToken>,
    /// How long one getUpdates call waits for news. Kept below the 17 s after
    /// which teloxide's HTTP client gives up on a request.
    pub poll_timeout: Duration,
    /// How fast the bot may send, so Telegram need not refuse it.
    pub limits: Limits,
    /// How updates arrive: by asking Telegram (polling) or by Telegram
    /// posting them to the HTTP server (webhook).
    pub mode: Mode,
    /// The languages the bot speaks when it knows no better.
    pub languages: Languages,
    /// When the support team works (`None`: always).
    pub hours: Option<crate::hours::Schedule>,
    /// The team's time zone (`TIMEZONE`): the days of `/stats`, the
    /// dashboard and `support-bot stats`, with or without working hours.
    pub timezone: chrono_tz::Tz,
    /// `DATABASE_URL` whatever `STORE` says: `migrate` moves the data there
    /// (or from there) before `STORE=postgres` is set.
    pub database_url: Option<DatabaseUrl>,
    /// Whether people are asked to rate the help when a ticket closes.
    pub ask_for_rating: bool,
    /// Erase the texts of tickets closed longer ago than this many days
    /// (`None`: keep them).
    pub retention_days: Option<u32>,
    /// How often the texts past `retention_days` are looked for, after the
    /// first time at start. Not a setting: once a day
    /// ([`crate::bot::retention::DAILY`]), shorter in tests.
    pub retention_every: Duration,
    /// How the support team works together: topics, names, notes, spam.
    pub team: TeamSettings,
    /// The team's inbox on the web (see [`crate::web`]).
    pub web: WebSettings,
}

/// The team's inbox on the web: where it is, how long a sign-in lasts.
#[derive(Clone, PartialEq, Eq)]
pub struct WebSettings {
    /// This server's public address (`PUBLIC_URL`); without it there are
    /// no login links, no menu button and no `/inbox`.
    pub public_url: Option<url::Url>,
    /// How old (in seconds) a Mini App's `initData` may be.
    pub auth_max_age: u64,
    /// Opens the dashboard read-only without a login (`DASHBOARD_TOKEN`).
    pub dashboard_token: Option<String>,
    /// How long a member's standing in `TEAM_CHAT_ID` (Telegram's
    /// `getChatMember`) is trusted before Telegram is asked again. Not a
    /// setting: three minutes, shorter in tests.
    pub membership_cache: std::time::Duration,
}

impl Default for WebSettings {
    fn default() -> WebSettings {
        WebSettings {
            public_url: None,
            auth_max_age: 3600,
            dashboard_token: None,
            membership_cache: std::time::Duration::from_secs(180),
        }
    }
}

impl fmt::Debug for WebSettings {
    /// Never shows the dashboard token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let public_url = self.public_url.as_ref().map(url::Url::as_str);
        let token = self.dashboard_token.as_ref().map(|_| "***");
        write!(
            f,
            "WebSettings {{ public_url: {public_url:?}, auth_max_age: {}, dashboard_token: {token:?} }}",
            self.auth_max_age
        )
    }
}

impl WebSettings {
    /// Whether the session cookie must be `Secure` (the public address is https).
    pub fn secure(&self) -> bool {
        self.public_url
            .as_ref()
            .is_some_and(|u| u.scheme() == "https")
    }
}

/// Which backend keeps the data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum StoreKind {
    /// `DATA_FILE` and its journal. The default.
    #[default]
    Json,
    /// A PostgreSQL database, which several replicas may share.
    Postgres { url: DatabaseUrl },
}

/// `DATABASE_URL`. Its `Debug` and `Display` hide the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    pub fn new(url: impl Into<String>) -> DatabaseUrl {
        DatabaseUrl(url.into())
    }

    /// The URL itself, for connecting only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DatabaseUrl {
    /// The URL with its password (if any) as `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match url::Url::parse(&self.0) {
            Ok(mut url) => {
                if url.password().is_some() {
                    let _ = url.set_password(Some("***"));
                }
                write!(f, "{url}")
            }
            Err(_) => f.write_str("***"),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

/// Which shipped language to speak (codes of [`crate::texts::LANGUAGES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Languages {
    /// For a person whose Telegram language the bot does not speak (or who
    /// has none), unless they chose one with `/language`.
    pub default: &'static str,
    /// For the support team's chats.
    pub team: &'static str,
}

impl Default for Languages {
    fn default() -> Languages {
        Languages {
            default: crate::texts::FALLBACK,
            team: crate::texts::FALLBACK,
        }
    }
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
        /// No secret was configured: it is derived from the bot token
        /// ([`derived_webhook_secret`]), the same on every replica.
        derived: bool,
    },
}

impl fmt::Debug for Mode {
    /// Never shows the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mode::Polling => f.write_str("Polling"),
            Mode::Webhook { url, derived, .. } => {
                write!(
                    f,
                    "Webhook {{ url: {url}, secret: ***, derived: {derived} }}"
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
    /// The span of the per-minute limits. Not a setting: Telegram's minute
    /// ([`Limits::MINUTE`]), shorter in tests that go past those limits.
    pub minute: Duration,
}

impl Limits {
    /// Telegram's minute, the span of its per-minute limits.
    pub const MINUTE: Duration = Duration::from_secs(60);

    /// Limits high enough never to slow anything down (tests, benchmarks).
    pub fn unlimited() -> Limits {
        Limits {
            per_chat_per_second: 100_000,
            per_chat_per_minute: 6_000_000,
            per_group_per_minute: 6_000_000,
            overall_per_second: 100_000,
            minute: Limits::MINUTE,
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

/// Settings that stop the start. The message names every wrong setting.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// One message per wrong setting, each naming it, in the order the
    /// settings are documented (Config.toml keys that are not settings last).
    #[error("{}", list(.0))]
    Invalid(Vec<String>),
    /// A file could not be read at all, so no setting was checked.
    #[error("could not read the settings: {0}")]
    Source(String),
}

impl ConfigError {
    /// Every problem, one message each.
    pub fn problems(&self) -> Vec<String> {
        match self {
            ConfigError::Invalid(problems) => problems.clone(),
            ConfigError::Source(_) => vec![self.to_string()],
        }
    }
}

/// One problem as it is; several as a count and a list, one a line.
fn list(problems: &[String]) -> String {
    match problems {
        [one] => one.clone(),
        many => {
            let mut text = format!("{} problems with the settings:", many.len());
            for problem in many {
                text.push_str("\n- ");
                text.push_str(problem);
            }
            text
        }
    }
}

/// Settings that did not load, with what could still be read of them, so
/// that `check-config` can check those too.
#[derive(Debug)]
pub struct NotLoaded {
    pub error: ConfigError,
    /// The token as given; empty if it is not set or could not be read.
    pub bot_token: BotToken,
    /// `HTTP_PORT`, if it is valid.
    pub http_port: Option<u16>,
    /// As [`Loaded::log_filter`].
    pub log_filter: Option<String>,
    /// As [`Loaded::warnings`], for the settings that could be read.
    pub warnings: Vec<String>,
}

impl NotLoaded {
    /// Nothing could be read beyond `RUST_LOG`.
    fn nothing(error: ConfigError, log_filter: Option<String>) -> Box<NotLoaded> {
        Box::new(NotLoaded {
            error,
            bot_token: BotToken(String::new()),
            http_port: None,
            log_filter,
            warnings: Vec::new(),
        })
    }
}

/// The settings read only from the environment or `.env`, never from
/// Config.toml: the log filter and the log format (logging starts before
/// the other settings are checked).
pub const LOG_KEYS: [&str; 2] = [RUST_LOG, LOG_FORMAT];
const RUST_LOG: &str = "RUST_LOG";
const LOG_FORMAT: &str = "LOG_FORMAT";

/// One setting: its env var, its Config.toml key.
pub struct Key {
    pub env: &'static str,
    pub toml: &'static str,
}

/// Every setting, in the order they are documented.
pub const KEYS: [Key; 32] = [
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
        env: "STORE",
        toml: "store",
    },
    Key {
        env: "DATABASE_URL",
        toml: "database_url",
    },
    Key {
        env: "HTTP_PORT",
        toml: "http_port",
    },
    Key {
        env: "HTTP_ADDRESS",
        toml: "http_address",
    },
    Key {
        env: "METRICS_TOKEN",
        toml: "metrics_token",
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
    Key {
        env: "DEFAULT_LANGUAGE",
        toml: "default_language",
    },
    Key {
        env: "TEAM_LANGUAGE",
        toml: "team_language",
    },
    Key {
        env: "WORKING_HOURS",
        toml: "working_hours",
    },
    Key {
        env: "TIMEZONE",
        toml: "timezone",
    },
    Key {
        env: "HOLIDAYS",
        toml: "holidays",
    },
    Key {
        env: "ASK_FOR_RATING",
        toml: "ask_for_rating",
    },
    Key {
        env: "RETENTION_DAYS",
        toml: "retention_days",
    },
    Key {
        env: "TEAM_CHAT_ID",
        toml: "team_chat_id",
    },
    Key {
        env: "NOTIFY_ADMIN_CHATS",
        toml: "notify_admin_chats",
    },
    Key {
        env: "AGENT_NAMES",
        toml: "agent_names",
    },
    Key {
        env: "NOTE_PREFIX",
        toml: "note_prefix",
    },
    Key {
        env: "SPAM_PER_MINUTE",
        toml: "spam_per_minute",
    },
    Key {
        env: "PUBLIC_URL",
        toml: "public_url",
    },
    Key {
        env: "WEB_AUTH_MAX_AGE",
        toml: "web_auth_max_age",
    },
    Key {
        env: "DASHBOARD_TOKEN",
        toml: "dashboard_token",
    },
];

fn name(toml: &str) -> String {
    let env = KEYS.iter().find(|k| k.toml == toml).map_or("", |k| k.env);
    format!("{env} (Config.toml: {toml})")
}

/// The raw values before checking: anything scalar or a list is accepted.
#[derive(Debug, Default)]
struct Raw {
    /// The settings that are set, by Config.toml key.
    values: BTreeMap<&'static str, Scalar>,
    /// Settings whose value could not be read (a table, a date), with the
    /// message for each.
    unreadable: BTreeMap<&'static str, String>,
    /// A message for each Config.toml key that is not a setting.
    unknown: Vec<String>,
}

impl Raw {
    /// The value of the setting `key`: `None` if it is not set, the message
    /// if it could not be read.
    fn get(&self, key: &str) -> Result<Option<&Scalar>, String> {
        match self.unreadable.get(key) {
            Some(problem) => Err(problem.clone()),
            None => Ok(self.values.get(key)),
        }
    }
}

/// The Config.toml keys of all settings, as figment names the expected keys
/// when it finds an unknown one.
const TOML_KEYS: [&str; KEYS.len()] = {
    let mut keys = [""; KEYS.len()];
    let mut i = 0;
    while i < KEYS.len() {
        keys[i] = KEYS[i].toml;
        i += 1;
    }
    keys
};

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
/// environment. The error names every wrong setting.
pub fn load(toml: &Path, dotenv: Option<&Path>) -> Result<Loaded, ConfigError> {
    load_for_check(toml, dotenv).map_err(|not_loaded| not_loaded.error)
}

/// As [`load`], but when settings are wrong also gives what could still be
/// read of the others.
pub fn load_for_check(toml: &Path, dotenv: Option<&Path>) -> Result<Loaded, Box<NotLoaded>> {
    let mut figment = Figment::new();
    if toml.exists() {
        figment = figment.merge(Toml::file_exact(toml));
    }
    let mut log_filter = std::env::var(RUST_LOG).ok();
    let mut log_format = std::env::var(LOG_FORMAT).ok();
    if let Some(path) = dotenv.filter(|p| p.exists()) {
        let dotenv = read_dotenv(path).map_err(|e| NotLoaded::nothing(e, log_filter.clone()))?;
        figment = figment.merge(Serialized::defaults(dotenv.values));
        log_filter = log_filter.or(dotenv.log_filter);
        log_format = log_format.or(dotenv.log_format);
    }
    let env = Env::raw().filter_map(|k| env_to_toml(k.as_str()).map(Into::into));
    let raw =
        read_raw(&figment.merge(env)).map_err(|e| NotLoaded::nothing(e, log_filter.clone()))?;
    match check(&raw) {
        Ok(mut loaded) => {
            loaded.log_filter = log_filter;
            loaded.log_format = parse_log_format(log_format.as_deref(), &mut loaded.warnings);
            Ok(loaded)
        }
        Err(mut not_loaded) => {
            not_loaded.log_filter = log_filter;
            parse_log_format(log_format.as_deref(), &mut not_loaded.warnings);
            Err(Box::new(not_loaded))
        }
    }
}

/// Reads every key on its own, so that one unreadable value or unknown key
/// does not hide the others. Fails only if a file cannot be read at all.
fn read_raw(figment: &Figment) -> Result<Raw, ConfigError> {
    let all: Dict = figment
        .extract()
        .map_err(|e| ConfigError::Source(e.to_string()))?;
    let mut raw = Raw::default();
    for (key, value) in &all {
        match KEYS.iter().find(|k| k.toml == key) {
            Some(known) => match value.deserialize::<Scalar>() {
                Ok(scalar) => {
                    raw.values.insert(known.toml, scalar);
                }
                Err(e) => {
                    let problem = located(e, figment, key, value);
                    raw.unreadable.insert(known.toml, problem);
                }
            },
            None => {
                let kind = figment::error::Kind::UnknownField(key.clone(), &TOML_KEYS);
                raw.unknown.push(located(kind.into(), figment, key, value));
            }
        }
    }
    Ok(raw)
}

/// The message for `key` that could not be read, naming it and the file
/// (or the environment) its `value` came from.
fn located(mut e: figment::Error, figment: &Figment, key: &str, value: &Value) -> String {
    e.path = vec![key.to_string()];
    e.profile = Some(figment.profile().clone());
    e.metadata = figment.get_metadata(value.tag()).cloned();
    ConfigError::Source(e.to_string()).to_string()
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
        if key == RUST_LOG {
            dotenv.log_filter = Some(value);
        } else if key == LOG_FORMAT {
            dotenv.log_format = Some(value);
        } else if let Some(toml) = env_to_toml(&key) {
            let parsed = Value::from_str(&value).unwrap_or_else(|never| match never {});
            dotenv.values.insert(toml.to_string(), parsed);
        }
    }
    Ok(dotenv)
}

/// The host of Telegram's own Bot API, the default `BOT_API_URL`.
const TELEGRAM_API_HOST: &str = "api.telegram.org";

/// Checks every setting, also after a wrong one, and gives all problems.
fn check(raw: &Raw) -> Result<Loaded, NotLoaded> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    let token = keep(
        &mut problems,
        raw.get("bot_token").and_then(|value| {
            let token = value.map(Scalar::text).unwrap_or_default();
            let token = token.trim();
            if token.is_empty() {
                Err(format!(
                    "{} is missing or empty: set it to the token BotFather gave you",
                    name("bot_token")
                ))
            } else {
                Ok(token.to_string())
            }
        }),
    );

    let admin_chat_ids = keep(
        &mut problems,
        raw.get("admin_chat_ids").map(|value| match value {
            None => Vec::new(),
            Some(value) => parse_admin_ids(value, &mut warnings),
        }),
    );
    if admin_chat_ids.as_ref().is_some_and(Vec::is_empty) {
        warnings.push(format!(
            "{} lists no admin chat: tickets will be saved but nobody will be told about them",
            name("admin_chat_ids")
        ));
    }

    let api_url = keep(
        &mut problems,
        raw.get("api_url").and_then(|value| {
            let api_url = value.map_or("https://api.telegram.org".into(), Scalar::text);
            url::Url::parse(api_url.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && !u.cannot_be_a_base())
                .ok_or_else(|| {
                    format!(
                        "{} must be an http or https URL, not {api_url:?}",
                        name("api_url")
                    )
                })
        }),
    );

    let data_file = keep(
        &mut problems,
        raw.get("data_file").and_then(|value| {
            let data_file = value.map_or("ticket_data.json".into(), Scalar::text);
            if data_file.trim().is_empty() {
                Err(format!("{} is empty: give a file path", name("data_file")))
            } else {
                Ok(PathBuf::from(data_file.trim()))
            }
        }),
    );

    let store = keep(&mut problems, store_kind(raw));
    let http_address = keep(&mut problems, http_address(raw));
    let metrics_token = keep(&mut problems, secret_token(raw, "metrics_token"));

    let http_port = keep(
        &mut problems,
        raw.get("http_port").and_then(|value| match value {
            None => Ok(8000),
            Some(v) => v.text().trim().parse::<u16>().map_err(|_| {
                format!(
                    "{} must be a port number from 0 to 65535, not {:?}",
                    name("http_port"),
                    v.text()
                )
            }),
        }),
    );

    let poll_timeout = keep(
        &mut problems,
        number(raw, "poll_timeout", 10, 0, 15, "seconds"),
    );
    // The sending limits: (key, default, lowest, highest).
    let limits = [
        ("limit_per_chat_per_second", 1, 1, 1000),
        ("limit_per_chat_per_minute", 60, 1, 60_000),
        ("limit_per_group_per_minute", 20, 1, 60_000),
        ("limit_overall_per_second", 30, 1, 1000),
    ]
    .map(|(key, default, low, high)| {
        keep(
            &mut problems,
            number(raw, key, default, low, high, "messages"),
        )
    });
    let limits = match limits {
        [Some(per_chat_per_second), Some(per_chat_per_minute), Some(per_group_per_minute), Some(overall_per_second)] => {
            Some(Limits {
                per_chat_per_second,
                per_chat_per_minute,
                per_group_per_minute,
                overall_per_second,
                minute: Limits::MINUTE,
            })
        }
        _ => None,
    };

    let mode = check_mode(raw, api_url.as_ref(), token.as_deref(), &mut problems);

    let languages =
        ["default_language", "team_language"].map(|key| keep(&mut problems, language(raw, key)));
    let languages = match languages {
        [Some(default), Some(team)] => Some(Languages { default, team }),
        _ => None,
    };

    let hours = keep(&mut problems, working_hours(raw));
    let ask_for_rating = keep(&mut problems, yes_or_no(raw, "ask_for_rating", true));
    let retention_days = keep(&mut problems, retention(raw));
    let team = team_settings(raw, &mut problems);
    let web = web_settings(raw, &mut problems);

    problems.extend(raw.unknown.iter().cloned());

    match (
        token,
        admin_chat_ids,
        api_url,
        data_file,
        http_port,
        poll_timeout,
        limits,
        mode,
        languages,
        hours,
        ask_for_rating,
        retention_days,
        team,
        web,
    ) {
        (
            Some(token),
            Some(admin_chat_ids),
            Some(api_url),
            Some(data_file),
            Some(http_port),
            Some(poll_timeout),
            Some(limits),
            Some(mode),
            Some(languages),
            Some(hours),
            Some(ask_for_rating),
            Some(retention_days),
            Some(team),
            Some(web),
        ) if problems.is_empty() => Ok(Loaded {
            config: Config {
                bot_token: BotToken(token),
                admin_chat_ids,
                api_url,
                data_file,
                store: StoreKind::Json,
                http_port,
                http_address: std::net::Ipv4Addr::UNSPECIFIED.into(),
                metrics_token: None,
                poll_timeout: Duration::from_secs(u64::from(poll_timeout)),
                limits,
                mode,
                languages,
                hours,
                timezone: chrono_tz::UTC,
                database_url: None,
                ask_for_rating,
                retention_days,
                retention_every: crate::bot::retention::DAILY,
                team,
                web,
            },
            warnings,
            log_filter: None,
            log_format: LogFormat::Text,
        }),
        (token, _, _, _, http_port, ..) => Err(NotLoaded {
            error: ConfigError::Invalid(problems),
            bot_token: BotToken(token.unwrap_or_default()),
            http_port,
            log_filter: None,
            warnings,
        }),
    }
    .map(|mut loaded| {
        // Checked above: no problems means the store's settings are good.
        loaded.config.store = store.unwrap_or_default();
        loaded.config.http_address = http_address.unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into());
        loaded.config.metrics_token = metrics_token.flatten().map(MetricsToken);
        // A wrong TIMEZONE is a problem reported with the working hours.
        loaded.config.timezone = time_zone(raw);
        loaded.config.database_url = match &loaded.config.store {
            StoreKind::Postgres { url } => Some(url.clone()),
            StoreKind::Json => json_store_database_url(raw, &mut loaded.warnings),
        };
        loaded
    })
}

/// A secret token setting: 16 to 256 of `A-Za-z0-9_-`, `None` when not set.
fn secret_token(raw: &Raw, key: &str) -> Result<Option<String>, String> {
    let Some(value) = raw.get(key)? else {
        return Ok(None);
    };
    let token = value.text().trim().to_string();
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if token.len() < 16 || token.len() > 256 || !token.chars().all(allowed) {
        Err(format!(
            "{} must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (it is not shown here)",
            name(key)
        ))
    } else {
        Ok(Some(token))
    }
}

/// HTTP_ADDRESS: an IP address to listen on, `0.0.0.0` when not set.
fn http_address(raw: &Raw) -> Result<std::net::IpAddr, String> {
    let Some(value) = raw.get("http_address")? else {
        return Ok(std::net::Ipv4Addr::UNSPECIFIED.into());
    };
    value.text().trim().parse().map_err(|_| {
        format!(
            "{} must be an IP address such as 127.0.0.1 or 0.0.0.0, not {:?}",
            name("http_address"),
            value.text()
        )
    })
}

/// TIMEZONE, UTC when not set (or wrong: that is reported as a problem).
fn time_zone(raw: &Raw) -> chrono_tz::Tz {
    raw.get("timezone")
        .ok()
        .flatten()
        .and_then(|v| v.text().trim().parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// DATABASE_URL beside the JSON store (for `migrate`): one that is not a
/// PostgreSQL URL is left out with a warning, the bot does not use it.
fn json_store_database_url(raw: &Raw, warnings: &mut Vec<String>) -> Option<DatabaseUrl> {
    let url = raw.get("database_url").ok().flatten()?.text();
    let url = url.trim().to_string();
    if url.is_empty() {
        return None;
    }
    match crate::store::pg::parse_url(&url) {
        Ok(_) => Some(DatabaseUrl(url)),
        Err(problem) => {
            warnings.push(format!(
                "{} is not a PostgreSQL URL ({problem}) and is not used: {}",
                name("database_url"),
                DatabaseUrl(url)
            ));
            None
        }
    }
}

/// STORE (`json` or `postgres`) and, for PostgreSQL, DATABASE_URL.
fn store_kind(raw: &Raw) -> Result<StoreKind, String> {
    let kind = raw.get("store")?.map(Scalar::text);
    let url = raw.get("database_url")?.map(Scalar::text);
    match kind
        .as_deref()
        .map(str::trim)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("json") => Ok(StoreKind::Json),
        Some("postgres" | "postgresql") => {
            let url = url.map(|u| u.trim().to_string()).unwrap_or_default();
            if url.is_empty() {
                return Err(format!(
                    "{} is missing: it is required when {} is \"postgres\" (e.g. postgres://bot@db.example.com/support)",
                    name("database_url"),
                    name("store")
                ));
            }
            match crate::store::pg::parse_url(&url) {
                Ok(_) => Ok(StoreKind::Postgres {
                    url: DatabaseUrl(url),
                }),
                Err(problem) => Err(format!(
                    "{} is not a PostgreSQL URL ({problem}): {}",
                    name("database_url"),
                    DatabaseUrl(url)
                )),
            }
        }
        Some(_) => Err(format!(
            "{} must be \"json\" or \"postgres\", not {:?}",
            name("store"),
            kind.unwrap_or_default()
        )),
    }
}

/// TEAM_CHAT_ID, NOTIFY_ADMIN_CHATS, AGENT_NAMES, NOTE_PREFIX and
/// SPAM_PER_MINUTE; every problem is added to `problems`.
fn team_settings(raw: &Raw, problems: &mut Vec<String>) -> Option<TeamSettings> {
    let chat = keep(
        problems,
        raw.get("team_chat_id").and_then(|value| {
            let Some(value) = value else { return Ok(None) };
            let text = value.text();
            match text.trim().parse::<i64>() {
                Ok(id) if id < 0 => Ok(Some(id)),
                _ => Err(format!(
                    "{} must be the id of a forum supergroup (a negative number such as -1001234567890), not {text:?}",
                    name("team_chat_id")
                )),
            }
        }),
    );
    let notify_admin_chats = keep(problems, yes_or_no(raw, "notify_admin_chats", true));
    let agent_names = keep(
        problems,
        raw.get("agent_names").and_then(|value| {
            let text = value.map_or("hidden".into(), Scalar::text);
            match text.trim().to_ascii_lowercase().as_str() {
                "hidden" => Ok(AgentNames::Hidden),
                "first_name" => Ok(AgentNames::FirstName),
                _ => Err(format!(
                    "{} must be hidden or first_name, not {text:?}",
                    name("agent_names")
                )),
            }
        }),
    );
    let note_prefix = keep(
        problems,
        raw.get("note_prefix").and_then(|value| {
            let text = value.map_or("//".into(), Scalar::text);
            let prefix = text.trim();
            if prefix.is_empty() || prefix.starts_with('/') && prefix.len() == 1 {
                Err(format!(
                    "{} must be a few characters that start a note (such as //), not {text:?}",
                    name("note_prefix")
                ))
            } else {
                Ok(prefix.to_string())
            }
        }),
    );
    let spam_per_minute = keep(
        problems,
        number(raw, "spam_per_minute", 20, 1, 1000, "messages"),
    );
    Some(TeamSettings {
        chat: chat?,
        notify_admin_chats: notify_admin_chats?,
        agent_names: agent_names?,
        note_prefix: note_prefix?,
        spam_per_minute: spam_per_minute?,
    })
}

/// PUBLIC_URL, WEB_AUTH_MAX_AGE and DASHBOARD_TOKEN; every problem is
/// added to `problems`.
fn web_settings(raw: &Raw, problems: &mut Vec<String>) -> Option<WebSettings> {
    let public_url = keep(
        problems,
        raw.get("public_url").and_then(|value| {
            let Some(value) = value else { return Ok(None) };
            let text = value.text();
            if text.trim().is_empty() {
                return Ok(None);
            }
            url::Url::parse(text.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && !u.cannot_be_a_base())
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "{} must be this server's public http or https address (https for Telegram's Mini Apps), not {text:?}",
                        name("public_url")
                    )
                })
        }),
    );
    let max_age = keep(
        problems,
        number(raw, "web_auth_max_age", 3600, 10, 604_800, "seconds"),
    );
    let dashboard_token = keep(problems, secret_token(raw, "dashboard_token"));
    Some(WebSettings {
        public_url: public_url?,
        auth_max_age: u64::from(max_age?),
        dashboard_token: dashboard_token?,
        ..WebSettings::default()
    })
}

/// RETENTION_DAYS: a number of days from 1, or not set (keep everything).
fn retention(raw: &Raw) -> Result<Option<u32>, String> {
    let Some(value) = raw.get("retention_days")? else {
        return Ok(None);
    };
    let text = value.text();
    match text.trim().parse::<u32>() {
        Ok(days) if days >= 1 => Ok(Some(days)),
        _ => Err(format!(
            "{} must be a number of days from 1, not {text:?}",
            name("retention_days")
        )),
    }
}

/// A yes/no setting: `true`/`false` (also `yes`/`no`, `1`/`0`).
fn yes_or_no(raw: &Raw, key: &str, default: bool) -> Result<bool, String> {
    let Some(value) = raw.get(key)? else {
        return Ok(default);
    };
    match value.text().trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        other => Err(format!(
            "{} must be true or false, not {other:?}",
            name(key)
        )),
    }
}

/// WORKING_HOURS, TIMEZONE and HOLIDAYS: the team's schedule, `None` when
/// WORKING_HOURS is not set (always working). Each problem names its own
/// setting.
fn working_hours(raw: &Raw) -> Result<Option<crate::hours::Schedule>, String> {
    use crate::hours::Schedule;
    let text = |key: &str| -> Result<Option<String>, String> {
        Ok(raw
            .get(key)?
            .map(Scalar::text)
            .filter(|t| !t.trim().is_empty()))
    };
    let zone = text("timezone")?.unwrap_or_else(|| "UTC".into());
    let holidays = text("holidays")?.unwrap_or_default();
    let hours = text("working_hours")?;
    let mut problems = Vec::new();
    if zone.trim().parse::<chrono_tz::Tz>().is_err() {
        problems.push(format!(
            "{} must be a time zone name such as Europe/Berlin, not {zone:?}",
            name("timezone")
        ));
    }
    if let Err(e) = Schedule::parse("Mon 00:00-00:01", "UTC", &holidays) {
        problems.push(format!("{}: {e}", name("holidays")));
    }
    let checked = hours
        .as_deref()
        .map(|h| Schedule::parse(h, "UTC", ""))
        .transpose();
    if let Err(e) = checked {
        problems.push(format!("{}: {e}", name("working_hours")));
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    hours
        .map(|h| Schedule::parse(&h, &zone, &holidays))
        .transpose()
}

/// A language setting: a shipped language's code (`en` when not set).
fn language(raw: &Raw, key: &str) -> Result<&'static str, String> {
    let Some(value) = raw.get(key)? else {
        return Ok(crate::texts::FALLBACK);
    };
    let code = value.text();
    match crate::texts::LANGUAGES
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(code.trim()))
    {
        Some(found) => Ok(found.code),
        None => {
            let shipped: Vec<&str> = crate::texts::LANGUAGES.iter().map(|l| l.code).collect();
            Err(format!(
                "{} must be one of {}, not {code:?}",
                name(key),
                shipped.join(", ")
            ))
        }
    }
}

/// The value, or `None` after noting the problem.
fn keep<T>(problems: &mut Vec<String>, checked: Result<T, String>) -> Option<T> {
    checked.map_err(|problem| problems.push(problem)).ok()
}

/// The webhook secret of a bot whose settings name none: HMAC-SHA256 of a
/// fixed label keyed by the bot token, in hex (64 characters, inside
/// Telegram's 1-256 of `A-Za-z0-9_-`). Every replica of one bot derives the
/// same one, and so does every restart; a new token gives a new secret.
pub fn derived_webhook_secret(bot_token: &str) -> String {
    let mac = crate::web::auth::hmac(bot_token.as_bytes(), b"support-bot webhook secret v1");
    crate::web::auth::hex(&mac)
}

/// Reads BOT_MODE, WEBHOOK_URL and WEBHOOK_SECRET, noting every problem.
/// `api_url` is BOT_API_URL if it is valid.
fn check_mode(
    raw: &Raw,
    api_url: Option<&url::Url>,
    token: Option<&str>,
    problems: &mut Vec<String>,
) -> Option<Mode> {
    let webhook = keep(
        problems,
        raw.get("mode").and_then(|value| {
            let mode = value.map_or("polling".into(), |m| m.text().trim().to_ascii_lowercase());
            match mode.as_str() {
                "polling" => Ok(false),
                "webhook" => Ok(true),
                other => Err(format!(
                    "{} must be \"polling\" or \"webhook\", not {other:?}",
                    name("mode")
                )),
            }
        }),
    )?;
    if !webhook {
        return Some(Mode::Polling);
    }
    // Telegram's own Bot API posts updates only to https:// addresses; a
    // self-hosted Bot API server posts to http:// ones too. While BOT_API_URL
    // is wrong, which one is meant is not known, so both are accepted.
    let http_allowed = api_url.is_none_or(|u| u.host_str() != Some(TELEGRAM_API_HOST));
    let url = keep(
        problems,
        raw.get("webhook_url").and_then(|value| {
            let url_text = value.map(Scalar::text).unwrap_or_default();
            url::Url::parse(url_text.trim())
                .ok()
                .filter(|u| {
                    let scheme_allowed = match u.scheme() {
                        "https" => true,
                        "http" => http_allowed,
                        _ => false,
                    };
                    scheme_allowed && !u.cannot_be_a_base()
                })
                .ok_or_else(|| {
                    if http_allowed {
                        format!(
                            "{} must be the http:// or https:// address of this server when {} is \"webhook\", not {url_text:?}",
                            name("webhook_url"),
                            name("mode")
                        )
                    } else {
                        format!(
                            "{} must be the https:// address of this server when {} is \"webhook\", not {url_text:?}",
                            name("webhook_url"),
                            name("mode")
                        )
                    }
                })
        }),
    );
    let secret = keep(
        problems,
        raw.get("webhook_secret").and_then(|value| {
            let (secret, derived) = match value.map(Scalar::text) {
                Some(secret) => (secret.trim().to_string(), false),
                // Without a token there is nothing to derive from; the
                // missing token is reported on its own.
                None => (derived_webhook_secret(token.unwrap_or("-")), true),
            };
            let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            if secret.is_empty() || secret.len() > 256 || !secret.chars().all(allowed) {
                Err(format!(
                    "{} must be 1 to 256 characters of A-Z, a-z, 0-9, _ and - (it is not shown here)",
                    name("webhook_secret")
                ))
            } else {
                Ok((secret, derived))
            }
        }),
    );
    let (url, (secret, derived)) = (url?, secret?);
    Some(Mode::Webhook {
        url,
        secret,
        derived,
    })
}

/// A whole number from `min` to `max`, `default` when not set.
fn number(
    raw: &Raw,
    key: &str,
    default: u32,
    min: u32,
    max: u32,
    unit: &str,
) -> Result<u32, String> {
    let Some(v) = raw.get(key)? else {
        return Ok(default);
    };
    v.text()
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            format!(
                "{} must be a number of {unit} from {min} to {max}, not {:?}",
                name(key),
                v.text()
            )
        })
}

/// The chat id the documentation and `.env.example` show as an example.
/// Copied as it is, it would pass for a real chat and the team would hear
/// nothing, so it is skipped with a warning.
pub const PLACEHOLDER_ADMIN_CHAT_ID: i64 = 123_456_789;

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
            Ok(PLACEHOLDER_ADMIN_CHAT_ID) => warnings.push(format!(
                "{}: {PLACEHOLDER_ADMIN_CHAT_ID} is the example chat id from the documentation, not a real one, so it was left out. Put your own chat id there (`support-bot setup` finds it, or see docs/setting-up.md)",
                name("admin_chat_ids")
            )),
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
mod store_tests;
#[cfg(test)]
mod tests;
