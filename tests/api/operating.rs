//! The operator's commands of the built program: `check-config`, `export`,
//! `--help` and `--version`, JSON log lines, and the container health check.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support_bot::model::{Author, Change, Entry, Person, Ticket, TicketId};
use support_bot::store::{Decision, Store};
use tempfile::TempDir;

use crate::assert_output;
use crate::helpers::TOKEN;

/// The program in `dir` with nothing in its environment but `PATH`.
fn program(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_support-bot"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `support-bot ARGS` in `dir` with `env` and returns what an operator
/// would see, temporary paths replaced by `[DIR]`, plus the exit code.
fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, Option<i32>) {
    let out = program(dir)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the program runs");
    (transcript(dir, args, &out), out.status.code())
}

fn transcript(dir: &Path, args: &[&str], out: &Output) -> String {
    let mut text = format!("$ support-bot {}\n", args.join(" "));
    text.push_str(&String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.is_empty() {
        text.push_str("[standard error]\n");
        text.push_str(&stderr);
    }
    text.push_str(&format!(
        "[exit code {}]\n",
        out.status.code().unwrap_or(-1)
    ));
    let mut paths = vec![dir.display().to_string()];
    if let Ok(canonical) = dir.canonicalize() {
        paths.insert(0, canonical.display().to_string());
    }
    paths
        .iter()
        .fold(text, |text, path| text.replace(path.as_str(), "[DIR]"))
}

/// A working folder with `.env` holding `dotenv`.
fn folder_with(dotenv: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), dotenv).unwrap();
    dir
}

/// Every file in `dir` (recursively) with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            all.extend(files(&path));
        } else {
            all.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    all
}

/// Good settings; the Bot API address is one where nothing answers, so
/// `check-config` says it could not ask Telegram (see `setup.rs` for
/// `check-config` against the fake Bot API).
const GOOD_ENV: &str = "BOT_TOKEN=4242:TEST-secret_token-do-not-log\nADMIN_CHAT_ID=\"9001, -100123\"\nBOT_API_URL=http://127.0.0.1:9/\n";

// ---- the data used by several tests ----

const START: u64 = 1_700_000_000; // 2023-11-14T22:13:20Z

/// An open ticket of `chat` with one message of its owner.
pub(crate) fn ticket(id: &str, number: u64, chat: i64, name: &str, at: u64, text: &str) -> Ticket {
    let owner = Person {
        chat,
        name: name.into(),
        username: None,
    };
    let first = Entry::new(Author::Owner, text, at);
    Ticket::open(TicketId::parse(id).unwrap(), owner, number, at, vec![first])
}

/// Saves `changes` in one transaction of `store`.
pub(crate) async fn save(store: &Store, changes: Vec<Change>) {
    store
        .transact(None, |_| Decision {
            changes,
            outbox: None,
            result: (),
        })
        .await
        .expect("the change is saved");
}

/// A data file (with its journal) holding three tickets: one closed after
/// an admin's answer, and two open ones whose owners have awkward names.
/// The third ticket's ID sorts first, to show that order follows `number`.
async fn three_tickets(path: &Path) {
    let store = Store::open(path).unwrap();
    let first = ticket("AAAA0001", 1, 5551, "Ann", START, "My order 4711 is late");
    let first_id = first.id;
    save(&store, vec![Change::OpenTicket { ticket: first }]).await;
    save(
        &store,
        vec![Change::AddMessage {
            ticket: first_id,
            entry: Entry {
                by: Some("Bob".into()),
                ..Entry::new(Author::Admin(9001), "We are looking into it", START + 60)
            },
        }],
    )
    .await;
    save(
        &store,
        vec![Change::CloseTicket {
            ticket: first_id,
            at: START + 3600,
        }],
    )
    .await;
    let awkward = "Doe, \"Jo\"";
    save(
        &store,
        vec![Change::OpenTicket {
            ticket: ticket(
                "BBBB0002",
                2,
                5552,
                awkward,
                START + 100,
                "Private: my card ends 1234",
            ),
        }],
    )
    .await;
    save(
        &store,
        vec![Change::OpenTicket {
            ticket: ticket(
                "0000FFFF",
                3,
                5553,
                "Zoë\nSecond line",
                START + 200,
                "Where is my refund?",
            ),
        }],
    )
    .await;
}

const MESSAGE_TEXTS: [&str; 4] = [
    "My order 4711 is late",
    "We are looking into it",
    "Private: my card ends 1234",
    "Where is my refund?",
];

// ---- check-config ----

#[tokio::test]
async fn check_config_accepts_a_good_configuration_and_counts_the_tickets() {
    let dir = folder_with(GOOD_ENV);
    std::fs::write(
        dir.path().join("Config.toml"),
        "http_port = 8081\npoll_timeout = 5\n",
    )
    .unwrap();
    three_tickets(&dir.path().join("ticket_data.json")).await;
    let before = files(dir.path());
    let (out, code) = run_in(dir.path(), &["check-config"], &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        !out.contains(TOKEN) && !out.contains("secret_token"),
        "{out}"
    );
    assert_eq!(files(dir.path()), before, "nothing changed, nothing left");
    assert_output!("check_config_ok", out);
}

#[test]
fn check_config_says_when_the_data_file_is_still_to_be_created() {
    let dir = folder_with(GOOD_ENV);
    let (out, code) = run_in(dir.path(), &["check-config"], &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("ticket_data.json does not exist yet"), "{out}");
    assert!(!dir.path().join("ticket_data.json").exists());
    assert_eq!(files(dir.path()).len(), 1, "only .env is there");
}

#[test]
fn check_config_reports_a_missing_token() {
    let dir = tempfile::tempdir().unwrap();
    let (out, code) = run_in(dir.path(), &["check-config"], &[("ADMIN_CHAT_ID", "9001")]);
    assert_eq!(code, Some(2), "{out}");
    assert_output!("check_config_missing_token", out);
}

#[test]
fn check_config_reports_a_malformed_token_without_showing_it() {
    let dir = folder_with("ADMIN_CHAT_ID=9001\n");
    let bad = "bot4242:TEST/secret_token";
    let (out, code) = run_in(dir.path(), &["check-config"], &[("BOT_TOKEN", bad)]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        !out.contains("4242") && !out.contains("secret_token"),
        "{out}"
    );
    assert_output!("check_config_malformed_token", out);
}

#[test]
fn check_config_lists_skipped_admin_entries() {
    let dir = folder_with(GOOD_ENV);
    let (out, code) = run_in(
        dir.path(),
        &["check-config"],
        &[("ADMIN_CHAT_ID", "9001, support team, 12x")],
    );
    assert_eq!(code, Some(2), "{out}");
    assert_output!("check_config_bad_admin_entries", out);
}

#[test]
fn check_config_reports_a_data_folder_that_does_not_exist() {
    let dir = folder_with(GOOD_ENV);
    let (out, code) = run_in(
        dir.path(),
        &["check-config"],
        &[("DATA_FILE", "missing/ticket_data.json")],
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(!dir.path().join("missing").exists());
    assert_output!("check_config_missing_data_folder", out);
}

#[test]
fn check_config_reports_a_data_folder_that_is_a_file() {
    let dir = folder_with(GOOD_ENV);
    std::fs::write(dir.path().join("notes.txt"), "not a folder").unwrap();
    let data_file = dir.path().join("notes.txt").join("ticket_data.json");
    let (out, code) = run_in(
        dir.path(),
        &["check-config"],
        &[("DATA_FILE", data_file.to_str().unwrap())],
    );
    assert_eq!(code, Some(2), "{out}");
    assert_output!("check_config_data_folder_is_a_file", out);
}

#[test]
fn check_config_reports_a_corrupt_data_file_and_leaves_it_alone() {
    let dir = folder_with(GOOD_ENV);
    std::fs::write(dir.path().join("ticket_data.json"), "{\"version\": 1, ").unwrap();
    let before = files(dir.path());
    let (out, code) = run_in(dir.path(), &["check-config"], &[]);
    assert_eq!(code, Some(2), "{out}");
    assert_eq!(files(dir.path()), before);
    assert_output!("check_config_corrupt_data_file", out);
}

#[test]
fn check_config_reports_every_problem_at_once() {
    let dir = folder_with("ADMIN_CHAT_ID=9001\n");
    let bad_token = "bot4242:TEST/secret_token";
    let (out, code) = run_in(
        dir.path(),
        &["check-config"],
        &[("HTTP_PORT", "abc"), ("BOT_TOKEN", bad_token)],
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("2 problems found:"), "{out}");
    assert!(
        out.contains("- BOT_TOKEN (Config.toml: bot_token) does not look like a token"),
        "{out}"
    );
    assert!(
        out.contains("- HTTP_PORT (Config.toml: http_port) must be a port number"),
        "{out}"
    );
    assert!(
        !out.contains("4242") && !out.contains("secret_token"),
        "{out}"
    );
    assert_output!("check_config_several_problems", out);
}

#[test]
fn a_start_with_several_wrong_settings_names_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = program(dir.path())
        .env("BOT_TOKEN", TOKEN)
        .env("HTTP_PORT", "abc")
        .env("POLL_TIMEOUT", "99")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "support-bot: 2 problems with the settings:\n\
         - HTTP_PORT (Config.toml: http_port) must be a port number from 0 to 65535, not \"abc\"\n\
         - POLL_TIMEOUT (Config.toml: poll_timeout) must be a number of seconds from 0 to 15, not \"99\"\n"
    );
    assert!(!dir.path().join("ticket_data.json").exists());
}

// ---- --help and --version ----

#[test]
fn help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let (out, code) = run_in(dir.path(), &["--help"], &[]);
    assert_eq!(code, Some(0), "{out}");
    assert_output!("help", out);
    let (out, code) = run_in(dir.path(), &["export", "--help"], &[]);
    assert_eq!(code, Some(0), "{out}");
    assert_output!("help_export", out);
}

#[test]
fn version_prints_the_name_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = program(dir.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("support-bot {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_mistyped_command_is_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = program(dir.path()).arg("chek-config").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("check-config"), "a suggestion: {stderr}");
}

// ---- export ----

#[tokio::test]
async fn export_writes_csv_with_every_ticket_in_opening_order_and_no_message_text() {
    let dir = folder_with(GOOD_ENV);
    let data_file = dir.path().join("ticket_data.json");
    three_tickets(&data_file).await;
    let before = files(dir.path());

    let out = program(dir.path())
        .args(["export", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(files(dir.path()), before, "the data files are unchanged");
    let text = String::from_utf8(out.stdout).unwrap();
    for secret in MESSAGE_TEXTS.iter().chain([&TOKEN]) {
        assert!(
            !text.contains(secret),
            "{secret:?} is in the export:\n{text}"
        );
    }

    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "id",
            "status",
            "owner_chat_id",
            "owner_name",
            "opened_at",
            "closed_at",
            "message_count",
            "last_message_at",
            "rating",
            "rating_comment",
            "answered_by"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        rows,
        [
            [
                "AAAA0001",
                "closed",
                "5551",
                "Ann",
                "2023-11-14T22:13:20Z",
                "2023-11-14T23:13:20Z",
                "2",
                "2023-11-14T22:14:20Z",
                "",
                "",
                "Bob"
            ],
            [
                "BBBB0002",
                "open",
                "5552",
                "Doe, \"Jo\"",
                "2023-11-14T22:15:00Z",
                "",
                "1",
                "2023-11-14T22:15:00Z",
                "",
                "",
                ""
            ],
            [
                "0000FFFF",
                "open",
                "5553",
                "Zoë\nSecond line",
                "2023-11-14T22:16:40Z",
                "",
                "1",
                "2023-11-14T22:16:40Z",
                "",
                "",
                ""
            ],
        ]
    );
}

#[tokio::test]
async fn export_writes_json_to_a_file_from_a_data_file_named_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data_file = dir.path().join("store").join("tickets.json");
    std::fs::create_dir(data_file.parent().unwrap()).unwrap();
    three_tickets(&data_file).await;
    let before = files(dir.path());

    let out = program(dir.path())
        .args([
            "export",
            "--output",
            "tickets-export.json",
            "--data-file",
            data_file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "3 tickets written to tickets-export.json.\n"
    );
    let mut after = files(dir.path());
    let export = after
        .remove(&dir.path().join("tickets-export.json"))
        .expect("the export file");
    assert_eq!(after, before, "the data files are unchanged");

    let text = String::from_utf8(export).unwrap();
    for secret in MESSAGE_TEXTS {
        assert!(
            !text.contains(secret),
            "{secret:?} is in the export:\n{text}"
        );
    }
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        rows,
        serde_json::json!([
            {
                "id": "AAAA0001",
                "status": "closed",
                "owner_chat_id": 5551,
                "owner_name": "Ann",
                "opened_at": "2023-11-14T22:13:20Z",
                "closed_at": "2023-11-14T23:13:20Z",
                "message_count": 2,
                "last_message_at": "2023-11-14T22:14:20Z",
                "rating": null,
                "rating_comment": null,
                "answered_by": "Bob"
            },
            {
                "id": "BBBB0002",
                "status": "open",
                "owner_chat_id": 5552,
                "owner_name": "Doe, \"Jo\"",
                "opened_at": "2023-11-14T22:15:00Z",
                "closed_at": null,
                "message_count": 1,
                "last_message_at": "2023-11-14T22:15:00Z",
                "rating": null,
                "rating_comment": null,
                "answered_by": ""
            },
            {
                "id": "0000FFFF",
                "status": "open",
                "owner_chat_id": 5553,
                "owner_name": "Zoë\nSecond line",
                "opened_at": "2023-11-14T22:16:40Z",
                "closed_at": null,
                "message_count": 1,
                "last_message_at": "2023-11-14T22:16:40Z",
                "rating": null,
                "rating_comment": null,
                "answered_by": ""
            }
        ])
    );
}

#[test]
fn export_of_a_missing_data_file_is_an_empty_list_and_creates_nothing() {
    let dir = folder_with(GOOD_ENV);
    let out = program(dir.path()).arg("export").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "[]\n");
    assert_eq!(files(dir.path()).len(), 1, "only .env is there");
}

#[test]
fn export_refuses_a_corrupt_data_file_and_to_overwrite_the_data_file() {
    let dir = folder_with(GOOD_ENV);
    std::fs::write(dir.path().join("ticket_data.json"), "not json").unwrap();
    let out = program(dir.path()).arg("export").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ticket_data.json") && stderr.contains("not valid"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    let out = program(dir.path())
        .args(["export", "--output", "./ticket_data.json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("data file"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ticket_data.json")).unwrap(),
        "not json"
    );
}

// ---- LOG_FORMAT ----

/// Starts the bot in `dir` with a Bot API that cannot be reached, waits
/// until it logs `wanted`, runs `during`, then stops it with SIGTERM and
/// returns its standard error.
fn run_bot_until(
    dir: &Path,
    env: &[(&str, &str)],
    wanted: &str,
    during: impl FnOnce(&str),
) -> String {
    let mut child = program(dir)
        .env("BOT_TOKEN", TOKEN)
        .env("ADMIN_CHAT_ID", format!("9001, {TOKEN}"))
        .env("BOT_API_URL", "http://127.0.0.1:9/")
        .env("HTTP_PORT", "0")
        .envs(env.iter().copied())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = String::new();
    loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("the bot stopped before logging {wanted:?}:\n{seen}"))
            .unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.contains(wanted) {
            during(&line);
            break;
        }
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    for line in lines {
        seen.push_str(&line.unwrap());
        seen.push('\n');
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{seen}");
    seen
}

/// Every line is a JSON object with a level and a message, and none shows the token.
fn assert_json_lines(stderr: &str) -> Vec<serde_json::Value> {
    let mut logs = Vec::new();
    for line in stderr.lines() {
        assert!(!line.contains(TOKEN), "the token leaked: {line}");
        let value: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        assert!(
            value["level"].is_string() && value["message"].is_string(),
            "{line}"
        );
        logs.push(value);
    }
    assert!(!logs.is_empty(), "no log line at all");
    logs
}

#[test]
fn log_format_json_writes_json_lines_with_the_token_masked() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = run_bot_until(
        dir.path(),
        &[("LOG_FORMAT", "json"), ("RUST_LOG", "debug")],
        "the Bot API cannot be reached yet",
        |_| {},
    );
    let logs = assert_json_lines(&stderr);
    let warning = logs
        .iter()
        .find(|l| l["message"].as_str().unwrap().contains("is not a chat id"))
        .expect("the bad admin entry is logged");
    assert_eq!(warning["level"], "WARN");
    assert!(
        warning["message"].as_str().unwrap().contains("\"***\""),
        "{warning}"
    );
    let unreachable = logs
        .iter()
        .find(|l| l["message"].as_str().unwrap().contains("cannot be reached"))
        .unwrap();
    assert!(unreachable["error"].is_string(), "{unreachable}");
    assert!(logs.iter().any(|l| l["message"] == "SIGTERM received"));
}

#[test]
fn a_failed_start_is_logged_as_json_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ticket_data.json"), "not json").unwrap();
    std::fs::write(dir.path().join(".env"), "LOG_FORMAT=json\n").unwrap();
    let out = program(dir.path())
        .env("BOT_TOKEN", TOKEN)
        .env("ADMIN_CHAT_ID", format!("9001, {TOKEN}"))
        .env("HTTP_PORT", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The last line repeats the reason in plain words for a person at a terminal.
    let (logs, last) = stderr.trim_end().rsplit_once('\n').unwrap();
    assert!(last.starts_with("support-bot: cannot start:"), "{stderr}");
    let logs = assert_json_lines(logs);
    assert!(logs
        .iter()
        .any(|l| l["level"] == "ERROR" && l["message"].as_str().unwrap().contains("not valid")));
}

#[test]
fn an_unknown_log_format_is_named_in_a_warning_and_text_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = run_bot_until(
        dir.path(),
        &[("LOG_FORMAT", "yaml")],
        "HTTP server listening",
        |_| {},
    );
    assert!(
        stderr.contains("LOG_FORMAT is \"yaml\", which is not known"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_err()),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN), "{stderr}");
}

#[test]
fn text_logs_written_to_a_pipe_carry_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = run_bot_until(
        dir.path(),
        &[("RUST_LOG", "info")],
        "HTTP server listening",
        |_| {},
    );
    assert!(stderr.contains(" INFO "), "{stderr}");
    assert!(
        !stderr.contains("\x1b["),
        "colour codes in logs written to a pipe:\n{}",
        stderr.escape_debug()
    );
}

// ---- the container health check ----

#[test]
fn the_health_check_script_passes_while_status_answers_ok() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/healthcheck.sh");
    let check = |port: &str| {
        Command::new("bash")
            .arg(script)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HTTP_PORT", port)
            .output()
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let mut healthy = None;
    run_bot_until(
        dir.path(),
        &[("LOG_FORMAT", "json")],
        "HTTP server listening",
        |line| {
            let log: serde_json::Value = serde_json::from_str(line).unwrap();
            let port = log["port"].to_string();
            healthy = Some(check(&port));
        },
    );
    let healthy = healthy.unwrap();
    assert!(healthy.status.success(), "{healthy:?}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port().to_string();
    drop(closed);
    let unhealthy = check(&port);
    assert!(!unhealthy.status.success(), "{unhealthy:?}");
}

#[tokio::test]
async fn stats_prints_the_figures_of_a_data_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data_file = dir.path().join("tickets.json");
    three_tickets(&data_file).await;
    let before = files(dir.path());
    let out = program(dir.path())
        .args(["stats", "--data-file", data_file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Figures (days in UTC):"), "{text}");
    // Two of the three tickets are open; the tickets are from 2023.
    assert!(text.contains("Open now: 2"), "{text}");
    assert!(text.contains("Today: 0 opened, 0 closed."), "{text}");
    assert_eq!(files(dir.path()), before, "the data files are unchanged");
}

/// The operating commands, each as an operator runs it without
/// `--data-file`: everything then comes from the settings.
const OPERATING: [&[&str]; 4] = [
    &["stats"],
    &["export"],
    &["forget", "5551"],
    &["migrate", "--from", "json", "--to", "postgres"],
];

#[test]
fn every_operating_command_refuses_bad_settings_alike_naming_each_problem() {
    let dir = folder_with(&format!("{GOOD_ENV}STORE=postgress\nRETENTION_DAYS=abc\n"));
    let before = files(dir.path());
    for args in OPERATING {
        let out = program(dir.path()).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("support-bot: 2 problems with the settings:")
                && stderr.contains("- STORE (Config.toml: store) must be")
                && stderr.contains("- RETENTION_DAYS (Config.toml: retention_days) must be"),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(files(dir.path()), before, "nothing was written");
}

#[tokio::test]
async fn every_operating_command_works_on_the_store_the_settings_name() {
    let Some(db) = crate::pg::TestDb::create().await else {
        return;
    };
    // A data file of another name than the default, named by the settings.
    let dir = folder_with(&format!("{GOOD_ENV}DATA_FILE=records.json\n"));
    three_tickets(&dir.path().join("records.json")).await;
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let out = program(dir.path())
            .args(args)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        stdout
    };
    let tickets = |exported: &str| {
        serde_json::from_str::<serde_json::Value>(exported)
            .unwrap()
            .as_array()
            .map(Vec::len)
    };
    // The data file.
    assert!(run(&["stats"], &[]).contains("Open now: 2"));
    assert_eq!(tickets(&run(&["export"], &[])), Some(3));
    let copied = run(
        &["migrate", "--from", "json", "--to", "postgres"],
        &[("DATABASE_URL", &db.url)],
    );
    assert!(
        copied.starts_with("Copied ")
            && copied.contains("records.json -> postgres")
            && copied.contains(": 3 tickets"),
        "{copied}"
    );
    // The database, once the settings say STORE=postgres.
    let database = [("STORE", "postgres"), ("DATABASE_URL", db.url.as_str())];
    assert!(run(&["stats"], &database).contains("Open now: 2"));
    assert_eq!(tickets(&run(&["export"], &database)), Some(3));
    let erased = run(&["forget", "5551"], &database);
    assert!(
        erased.starts_with("Erased the messages and name of chat 5551"),
        "{erased}"
    );
    let (pool, _) = support_bot::store::pg::connect(&db.url).await.unwrap();
    let model = support_bot::store::pg::load(&pool).await.unwrap();
    let secret = "My order 4711 is late";
    assert!(!serde_json::to_string(&model).unwrap().contains(secret));
    // The data file still has it: what the settings name is all that changed.
    let kept = |dir: &Path| {
        files(dir)
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains(secret))
    };
    assert!(kept(dir.path()));
    let erased = run(&["forget", "5551"], &[]);
    assert!(
        erased.starts_with("Erased the messages and name of chat 5551"),
        "{erased}"
    );
    assert!(
        !kept(dir.path()),
        "erased from the data file and its journal"
    );
}

#[tokio::test]
async fn forget_erases_a_persons_texts_and_refuses_while_the_bot_runs() {
    let dir = tempfile::tempdir().unwrap();
    let data_file = dir.path().join("tickets.json");
    three_tickets(&data_file).await;
    let forget = || {
        program(dir.path())
            .args(["forget", "5551", "--data-file", data_file.to_str().unwrap()])
            .output()
            .unwrap()
    };
    // A running bot holds the data file's lock: nothing is written beside it.
    // (Another test's program starting at the wrong moment may hold a copy
    // of an earlier lock for an instant: open until this store has it.)
    let running = loop {
        let store = Store::open(&data_file).unwrap();
        if support_bot::store::try_lock(&data_file).is_none() {
            break store;
        }
        drop(store);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let out = forget();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("the bot is running"));
    drop(running);

    // (As above, a program another test starts at that instant may hold a
    // copy of the lock until it has started: try again for a moment.)
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let out = loop {
        let out = forget();
        let running = String::from_utf8_lossy(&out.stderr).contains("the bot is running");
        if !running || std::time::Instant::now() > deadline {
            break out;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("Erased the messages and name of chat 5551"));
    let files = files(dir.path());
    let all: String = files
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(!all.contains("4711"), "Ann's text is gone from every file");
    assert!(
        all.contains("Where is my refund?"),
        "other people's texts stay"
    );
}

// ---- backup and restore ----

/// `export` of the data file `data_file`, through the program.
fn export_of(data_file: &Path) -> String {
    let dir = data_file.parent().unwrap();
    let out = program(dir)
        .args(["export", "--data-file", data_file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A backup taken while a burst of people writes, restored into an empty
/// folder, is the store exactly as it was after one entry: its `export`
/// (and its whole model) equals the store's when the journal, replayed
/// to that entry, stops there; and it is taken mid-burst. A restore over
/// existing data is refused with a clear message, and a backup is never
/// written over a file.
#[tokio::test]
async fn a_backup_taken_during_a_burst_restores_the_store_as_it_was_after_one_entry() {
    use crate::helpers::*;
    let app = spawn_app().await;
    let data_file = data_file(&app.dir);
    let people: Vec<i64> = (0..40).map(|n| 600_000 + n).collect();
    for chat in &people {
        app.fake
            .add_private_chat(*chat, &format!("Person {chat}"), None);
    }
    let (first, second) = people.split_at(20);
    let mut last = 0;
    for chat in first {
        last = app.fake.push_text(*chat, &format!("Help me, I am {chat}"));
    }
    app.fake.wait_until_confirmed(last, PATIENCE).await.unwrap();

    // The backup runs while the second half of the burst is written.
    let backups = tempfile::tempdir().unwrap();
    let backup = backups.path().join("backup.json");
    let taking = {
        let mut cmd = program(backups.path());
        cmd.args([
            "backup",
            backup.to_str().unwrap(),
            "--data-file",
            data_file.to_str().unwrap(),
        ]);
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
    };
    for chat in second {
        last = app.fake.push_text(*chat, &format!("Help me, I am {chat}"));
    }
    let out = taking.await.unwrap();
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("Backed up "), "{said}");
    app.fake.wait_until_confirmed(last, PATIENCE).await.unwrap();
    app.settle().await;
    let stopped = app.stop().await;
    let final_model = support_bot::store::load_readonly(&data_file).unwrap();

    // Restored into an empty folder.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = restored_dir.path().join("ticket_data.json");
    let out = program(restored_dir.path())
        .args([
            "restore",
            backup.to_str().unwrap(),
            "--data-file",
            restored.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let restored_model = support_bot::store::load_readonly(&restored).unwrap();
    let seq = restored_model.seq;
    assert!(
        restored_model.tickets.len() >= first.len() && seq < final_model.seq,
        "taken mid-burst: {} tickets, entry {seq} of {}",
        restored_model.tickets.len(),
        final_model.seq
    );

    // The store at that entry: the data file with its journal cut there.
    let at_dir = tempfile::tempdir().unwrap();
    let at = at_dir.path().join("ticket_data.json");
    std::fs::copy(&data_file, &at).unwrap();
    let journal = std::fs::read_to_string(support_bot::store::journal_path(&data_file)).unwrap();
    let upto: String = journal
        .lines()
        .filter(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            record["seq"].as_u64().unwrap() <= seq
        })
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(support_bot::store::journal_path(&at), upto).unwrap();
    let then = support_bot::store::load_readonly(&at).unwrap();
    assert_eq!(then.seq, seq, "the data file's journal reaches the entry");
    assert_eq!(restored_model, then, "the whole store as it was");
    assert_eq!(export_of(&restored), export_of(&at));

    // Over existing data: refused, nothing changed.
    let before = files(stopped.dir.path());
    let out = program(stopped.dir.path())
        .args([
            "restore",
            backup.to_str().unwrap(),
            "--data-file",
            data_file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("holds data already") && said.contains("ticket_data.json"),
        "{said}"
    );
    assert_eq!(files(stopped.dir.path()), before, "nothing changed");

    // A backup is never written over an existing file.
    let out = program(backups.path())
        .args([
            "backup",
            backup.to_str().unwrap(),
            "--data-file",
            data_file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
}
