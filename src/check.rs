//! `support-bot check-config`: reads the settings exactly as the bot does,
//! checks them and the data file (read with [`crate::store::load_readonly`],
//! so the bot may be running), and prints a short report for an operator.
//!
//! When Telegram (`BOT_API_URL`) can be reached, it also asks it whether
//! the token works and whether the bot can write to each of the team's
//! chats ([`crate::bot::access`]: reading only, nothing is sent); offline
//! it says it could not check.
//!
//! Nothing is changed. The only write is a temporary file in the data
//! file's folder, deleted at once, to prove the bot can save there. The
//! token is never printed: only its bot id before the colon, and only if
//! it has the right shape.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::{self, Loaded, KEYS};
use crate::store::journal_path;
use crate::telemetry::mask;

/// Runs the check in the working folder, prints the report and returns
/// exit code 0 (all well) or 2 (problems).
pub fn run() -> ExitCode {
    let report = check(Path::new("Config.toml"), Some(Path::new(".env")));
    print!("{}", report.text);
    if report.problems == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// The printed report and how many problems it lists.
#[derive(Debug)]
pub struct Report {
    pub text: String,
    pub problems: usize,
}

/// Loads the settings from `toml` and `dotenv` (as [`config::load`] does)
/// and checks them. Every problem with the settings is listed, also when
/// some of them are so wrong that the bot would not start.
pub fn check(toml: &Path, dotenv: Option<&Path>) -> Report {
    let loaded = match config::load_for_check(toml, dotenv) {
        Ok(loaded) => loaded,
        Err(not_loaded) => {
            let text = "The settings could not be read, so nothing else was checked.\n";
            let problems = setting_problems(
                not_loaded.bot_token.expose(),
                &not_loaded.error.problems(),
                &not_loaded.warnings,
                not_loaded.http_port,
                not_loaded.log_filter.as_deref(),
            );
            let secret = shown_secret(not_loaded.bot_token.expose());
            let problems: Vec<String> = problems.iter().map(|p| mask(p, secret)).collect();
            return report(text.to_string(), &problems);
        }
    };
    let mut text = settings_table(&loaded);
    let config = &loaded.config;
    let mut problems = setting_problems(
        config.bot_token.expose(),
        &[],
        &loaded.warnings,
        Some(config.http_port),
        loaded.log_filter.as_deref(),
    );
    text.push('\n');
    let checked = match &config.store {
        crate::config::StoreKind::Json => check_data_file(&config.data_file),
        crate::config::StoreKind::Postgres { url } => check_database(url),
    };
    match checked {
        Ok(line) => text.push_str(&line),
        Err(problem) => {
            text.push_str(match &config.store {
                crate::config::StoreKind::Json => "Data file: not read, see below.\n",
                crate::config::StoreKind::Postgres { .. } => "Database: not read, see below.\n",
            });
            problems.push(problem);
        }
    }
    if token_looks_valid(config.bot_token.expose()) {
        let (line, found) = check_telegram(config);
        text.push_str(&line);
        problems.extend(found);
    }
    let secret = shown_secret(config.bot_token.expose());
    let text = mask(&text, secret);
    let problems: Vec<String> = problems.iter().map(|p| mask(p, secret)).collect();
    report(text, &problems)
}

/// The problems with the settings, as sentences: a malformed token first,
/// then `errors` (settings that stop the start), `warnings`, a port of 0
/// and a `RUST_LOG` that is not a filter. `token` is empty if it is not set
/// or could not be read; that is among `errors` then.
fn setting_problems(
    token: &str,
    errors: &[String],
    warnings: &[String],
    http_port: Option<u16>,
    log_filter: Option<&str>,
) -> Vec<String> {
    let mut problems = Vec::new();
    if !token.is_empty() && !token_looks_valid(token) {
        problems.push(format!(
            "{} does not look like a token from BotFather: that is digits, a colon, then letters, digits, \"-\" or \"_\". It is not shown here.",
            setting("bot_token")
        ));
    }
    problems.extend(errors.iter().chain(warnings).map(|p| sentence(p)));
    if http_port == Some(0) {
        problems.push(format!(
            "{} is 0: the HTTP server would take any free port, and monitors could not find it. Set a fixed port, such as 8000.",
            setting("http_port")
        ));
    }
    if let Some(filter) = log_filter {
        if tracing_subscriber::EnvFilter::try_new(filter).is_err() {
            problems.push(format!(
                "RUST_LOG is {filter:?}, which is not a log filter. The bot would log at \"info\"."
            ));
        }
    }
    problems
}

/// The token as masked in the report, in case it also turns up in another
/// setting. A very short (malformed) token is no secret, and masking it
/// would garble the report.
fn shown_secret(token: &str) -> &str {
    if token.len() >= 8 {
        token
    } else {
        ""
    }
}

/// Ends the report with `Configuration OK.` or the list of problems.
fn report(mut text: String, problems: &[String]) -> Report {
    text.push('\n');
    match problems.len() {
        0 => text.push_str("Configuration OK.\n"),
        1 => text.push_str("1 problem found:\n"),
        n => {
            let _ = writeln!(text, "{n} problems found:");
        }
    }
    for problem in problems {
        let _ = writeln!(text, "- {problem}");
    }
    Report {
        text,
        problems: problems.len(),
    }
}

/// The effective settings, one per line: env var, Config.toml key, value.
fn settings_table(loaded: &Loaded) -> String {
    let config = &loaded.config;
    let mut rows: Vec<[String; 3]> =
        vec![["env var".into(), "Config.toml key".into(), "value".into()]];
    for key in KEYS {
        let value = match key.toml {
            "bot_token" => masked_token(config.bot_token.expose()),
            "admin_chat_ids" if config.admin_chat_ids.is_empty() => "(none)".into(),
            "admin_chat_ids" => config
                .admin_chat_ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            "api_url" => config.api_url.to_string(),
            "data_file" => config.data_file.display().to_string(),
            "store" => match &config.store {
                crate::config::StoreKind::Json => "json".into(),
                crate::config::StoreKind::Postgres { .. } => "postgres".into(),
            },
            "database_url" => config
                .database_url
                .as_ref()
                .map_or("-".into(), ToString::to_string),
            "http_port" => config.http_port.to_string(),
            "http_address" => config.http_address.to_string(),
            "metrics_token" => config
                .metrics_token
                .as_ref()
                .map_or("-".into(), |_| "***".into()),
            "poll_timeout" => format!("{} seconds", config.poll_timeout.as_secs()),
            "limit_per_chat_per_second" => config.limits.per_chat_per_second.to_string(),
            "limit_per_chat_per_minute" => config.limits.per_chat_per_minute.to_string(),
            "limit_per_group_per_minute" => config.limits.per_group_per_minute.to_string(),
            "limit_overall_per_second" => config.limits.overall_per_second.to_string(),
            "mode" => match &config.mode {
                crate::config::Mode::Polling => "polling".into(),
                crate::config::Mode::Webhook { .. } => "webhook".into(),
            },
            "webhook_url" => match &config.mode {
                crate::config::Mode::Webhook { url, .. } => url.to_string(),
                crate::config::Mode::Polling => "-".into(),
            },
            "webhook_secret" => match &config.mode {
                crate::config::Mode::Webhook { derived: true, .. } => {
                    "(derived from the bot token)".into()
                }
                crate::config::Mode::Webhook { .. } => "***".into(),
                crate::config::Mode::Polling => "-".into(),
            },
            "default_language" => config.languages.default.into(),
            "team_language" => config.languages.team.into(),
            "working_hours" => config
                .hours
                .as_ref()
                .map_or("(always)".into(), |h| h.hours_text()),
            "timezone" => config.timezone.name().into(),
            "ask_for_rating" => config.ask_for_rating.to_string(),
            "retention_days" => config
                .retention_days
                .map_or("(keep everything)".into(), |d| format!("{d} days")),
            "holidays" => config
                .hours
                .as_ref()
                .map_or("-".into(), |h| h.holidays_text()),
            "team_chat_id" => config
                .team
                .chat
                .map_or("(none: no topics)".into(), |c| c.to_string()),
            "notify_admin_chats" => config.team.notify_admin_chats.to_string(),
            "agent_names" => match config.team.agent_names {
                crate::config::AgentNames::Hidden => "hidden".into(),
                crate::config::AgentNames::FirstName => "first_name".into(),
            },
            "note_prefix" => config.team.note_prefix.clone(),
            "spam_per_minute" => config.team.spam_per_minute.to_string(),
            "public_url" => config
                .web
                .public_url
                .as_ref()
                .map_or("(none: no inbox)".into(), ToString::to_string),
            "web_auth_max_age" => format!("{} seconds", config.web.auth_max_age),
            "dashboard_token" => config
                .web
                .dashboard_token
                .as_ref()
                .map_or("-".into(), |_| "***".into()),
            _ => "(not shown)".into(),
        };
        rows.push([key.env.into(), key.toml.into(), value]);
    }
    let filter = loaded.log_filter.as_deref().unwrap_or("info");
    rows.push(["RUST_LOG".into(), "-".into(), filter.into()]);
    let format = loaded.log_format.name();
    rows.push(["LOG_FORMAT".into(), "-".into(), format.into()]);

    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    let mut text =
        String::from("Settings in use (the environment wins over .env, .env over Config.toml):\n");
    for [env, toml, value] in &rows {
        let _ = writeln!(text, "  {env:<w0$}  {toml:<w1$}  {value}");
    }
    text
}

/// Connects to `DATABASE_URL` (on a thread of its own, so this works inside
/// or outside an async runtime), reads the schema version and the counts.
/// Changes nothing: no migration is run.
fn check_database(url: &crate::config::DatabaseUrl) -> Result<String, String> {
    let url = url.clone();
    let run = move || -> Result<String, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async {
            use crate::store::pg;
            let (pool, target) = pg::connect(url.expose()).await.map_err(|e| {
                format!("DATABASE_URL ({url}): {e}. Is PostgreSQL running and the URL right?")
            })?;
            let version = pg::schema_version(&pool)
                .await
                .map_err(|e| format!("the database {target} answered, but: {e}"))?;
            let latest = pg::latest_migration();
            let line = match version {
                None => format!("Database: {target} answers; it has no schema yet (the bot creates version {latest} at start).\n"),
                Some(v) if v > latest => return Err(format!(
                    "the database {target} has schema version {v}, newer than this program's {latest}: run the newer program"
                )),
                Some(v) => {
                    let model = pg::load(&pool).await.map_err(|e| format!("the database {target} could not be read: {e}"))?;
                    let counts = model.ticket_counts();
                    let upgrade = if v < latest { format!(" (upgraded to {latest} at the next start)") } else { String::new() };
                    format!(
                        "Database: {target}, schema version {v}{upgrade}, holds {} tickets ({} open, {} closed).\n",
                        counts.total, counts.open, counts.closed
                    )
                }
            };
            pool.close().await;
            Ok(line)
        })
    };
    std::thread::spawn(run)
        .join()
        .unwrap_or_else(|_| Err("the database check failed".into()))
}

/// How long `check-config` waits for Telegram in all.
const TELEGRAM_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Asks Telegram (on a thread of its own, like [`check_database`]) whether
/// the token works and whether the bot can do its work in each of the
/// team's chats. Returns the report's lines and the problems found;
/// Telegram out of reach is no problem, only said.
fn check_telegram(config: &config::Config) -> (String, Vec<String>) {
    use crate::bot::access::{self, Purpose};
    use teloxide::prelude::*;

    let token = config.bot_token.expose().to_string();
    let api_url = config.api_url.clone();
    let team = config.team.chat;
    let mut chats: Vec<(i64, Purpose)> = config
        .admin_chat_ids
        .iter()
        .filter(|c| Some(**c) != team)
        .map(|c| (*c, Purpose::Admin))
        .collect();
    chats.extend(team.map(|c| (c, Purpose::Team)));
    let not_reached = format!(
        "Telegram: not reached at {api_url}, so the token and the team's chats were not checked (the bot checks them at every start).\n"
    );
    let run = move || -> (String, Vec<String>) {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return (not_reached, Vec::new());
        };
        runtime.block_on(async {
            let bot = Bot::new(&token).set_api_url(api_url.clone());
            let asked = tokio::time::timeout(TELEGRAM_WAIT, async {
                let me = match bot.get_me().await {
                    Ok(me) => me,
                    Err(teloxide::RequestError::Api(teloxide::ApiError::InvalidToken)) => {
                        return Some((
                            "Telegram: refused the token, see below.\n".to_string(),
                            vec![format!(
                                "Telegram refused {} (401 Unauthorized): it is not a bot's token, or it was revoked. Copy it again from BotFather (/mybots, API Token).",
                                setting("bot_token")
                            )],
                        ));
                    }
                    Err(_) => return None,
                };
                let name = me.username().to_string();
                let mut text = format!("Telegram: the token is the bot @{name}.\n");
                let mut problems = Vec::new();
                for (chat, purpose) in chats {
                    let line = match access::check(&bot, me.id, chat, purpose, None).await {
                        Ok(finding) if finding.problems.is_empty() => "ok".to_string(),
                        Ok(finding) => {
                            problems.extend(
                                finding
                                    .problems
                                    .iter()
                                    .map(|p| p.advice(chat, purpose, &name)),
                            );
                            "see below".to_string()
                        }
                        Err(_) => "not checked: Telegram did not answer".to_string(),
                    };
                    let _ = writeln!(text, "  {} {chat}: {line}", purpose.setting());
                }
                Some((text, problems))
            })
            .await;
            asked.ok().flatten().unwrap_or((not_reached, Vec::new()))
        })
    };
    std::thread::spawn(run)
        .join()
        .unwrap_or_else(|_| (String::new(), Vec::new()))
}

/// Checks that the bot can save in the data file's folder and, if the data
/// file exists, that it can be read. Returns the line for the report or the
/// problem.
fn check_data_file(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::metadata(&folder) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(format!(
                "DATA_FILE is {shown}, but \"{}\" is a file, not a folder. Change DATA_FILE.",
                folder.display()
            ))
        }
        Err(_) => {
            return Err(format!(
                "DATA_FILE is {shown}, but the folder \"{}\" does not exist. Create it, or change DATA_FILE.",
                folder.display()
            ))
        }
    }
    if path.is_dir() {
        return Err(format!(
            "DATA_FILE is {shown}, which is a folder. Give the path of a file."
        ));
    }
    try_create_file(&folder, path).map_err(|e| {
        format!(
            "The bot cannot create files in the folder \"{}\" ({e}). It needs to, to save the data file.",
            folder.display()
        )
    })?;
    if !path.exists() {
        return Ok(format!(
            "Data file: {shown} does not exist yet. The bot will create it when it starts.\n"
        ));
    }
    let journal = journal_path(path);
    if journal.exists() {
        std::fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .map_err(|e| {
                format!(
                    "The journal {} cannot be opened for writing ({e}).",
                    journal.display()
                )
            })?;
    }
    let model = crate::ops::export::read_store(path).map_err(|e| sentence(&e.to_string()))?;
    let counts = model.ticket_counts();
    let tickets = match counts.total {
        1 => "1 ticket".to_string(),
        n => format!("{n} tickets"),
    };
    Ok(format!(
        "Data file: {shown} holds {tickets} ({} open, {} closed).\n",
        counts.open, counts.closed
    ))
}

/// Creates and deletes an empty file in `folder`, named like the temporary
/// files the store itself leaves aside (`.ticket_data.json.*`).
fn try_create_file(folder: &Path, data_file: &Path) -> std::io::Result<()> {
    let name = data_file
        .file_name()
        .map_or("data".into(), |n| n.to_string_lossy());
    let probe = folder.join(format!(".{name}.check-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)?;
    std::fs::remove_file(&probe)
}

/// "BOT_TOKEN (Config.toml: bot_token)".
fn setting(toml: &str) -> String {
    let env = KEYS.iter().find(|k| k.toml == toml).map_or("", |k| k.env);
    format!("{env} (Config.toml: {toml})")
}

/// Whether `token` has the shape of a BotFather token: the bot's id (digits),
/// a colon, then letters, digits, `-` or `_`.
pub fn token_looks_valid(token: &str) -> bool {
    token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && !secret.is_empty()
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The token as it may be shown: `123456:***` (the bot's id is public), or
/// `***` if it does not have the right shape.
pub fn masked_token(token: &str) -> String {
    match token.split_once(':') {
        Some((id, _)) if token_looks_valid(token) => format!("{id}:***"),
        _ => "***".into(),
    }
}

/// A message as a sentence: capital first letter, full stop at the end.
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_digits_a_colon_and_url_safe_characters() {
        assert!(token_looks_valid("123456:ABC-def_ghi"));
        assert!(token_looks_valid("4242:TEST-secret_token-do-not-log"));
        for bad in [
            "",
            "123456",
            "123456:",
            ":ABC",
            "12a:ABC",
            "123456:ABC def",
            "123456:ABC:DEF",
            "123456:ABC/def",
            "bot123456:ABC",
        ] {
            assert!(!token_looks_valid(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_the_bot_id_of_a_well_formed_token_is_shown() {
        assert_eq!(masked_token("123456:ABC-def_ghi"), "123456:***");
        assert_eq!(masked_token("123456:ABC def"), "***");
        assert_eq!(masked_token("not a token"), "***");
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Error is large; only tests build it here.
    fn every_setting_is_shown_with_its_value() {
        figment::Jail::expect_with(|j| {
            j.clear_env();
            j.set_env("BOT_TOKEN", "123456:ABC-def_ghi");
            let loaded = config::load(Path::new("Config.toml"), None).unwrap();
            let table = settings_table(&loaded);
            for key in KEYS {
                assert!(
                    table.contains(&format!("  {}  ", key.env)) && table.contains(key.toml),
                    "{} is missing:\n{table}",
                    key.env
                );
            }
            assert!(
                !table.contains("(not shown)"),
                "a setting has no value:\n{table}"
            );
            assert!(!table.contains("ABC-def_ghi"), "{table}");
            Ok(())
        });
    }

    #[test]
    fn messages_become_sentences() {
        assert_eq!(sentence("the file is bad"), "The file is bad.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence("\"abc\" was skipped"), "\"abc\" was skipped.");
    }
}
