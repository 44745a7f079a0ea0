//! The built `support-bot` program: exit codes, messages and signals.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::helpers::*;

fn bot_command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_support-bot"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn run(cmd: &mut Command) -> (Output, String) {
    let out = cmd.output().expect("the program runs");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    (out, stderr)
}

#[test]
fn without_bot_token_it_exits_with_a_message_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let (out, stderr) = run(&mut bot_command(dir.path()));
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("BOT_TOKEN"), "{stderr}");
    assert!(
        !dir.path().join("ticket_data.json").exists(),
        "nothing was created"
    );
}

#[test]
fn a_corrupt_data_file_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ticket_data.json"), "not json").unwrap();
    let (out, stderr) = run(bot_command(dir.path())
        .env("BOT_TOKEN", TOKEN)
        .env("HTTP_PORT", "0"));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ticket_data.json") && stderr.contains("not valid"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ticket_data.json")).unwrap(),
        "not json"
    );
}

#[test]
fn a_port_in_use_is_reported_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (out, stderr) = run(bot_command(dir.path())
        .env("BOT_TOKEN", TOKEN)
        .env("HTTP_PORT", &port));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("HTTP port {port}")) && stderr.contains("HTTP_PORT"),
        "{stderr}"
    );
}

#[test]
fn settings_come_from_dotenv_and_config_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "BOT_TOKEN=\n").unwrap();
    let (out, stderr) = run(&mut bot_command(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("BOT_TOKEN") && stderr.contains("empty"),
        "{stderr}"
    );
    std::fs::write(dir.path().join("Config.toml"), "http_port = \"eighty\"\n").unwrap();
    std::fs::write(dir.path().join(".env"), format!("BOT_TOKEN={TOKEN}\n")).unwrap();
    let (out, stderr) = run(&mut bot_command(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("HTTP_PORT") && stderr.contains("eighty"),
        "{stderr}"
    );
}

#[tokio::test]
async fn sigterm_stops_it_cleanly_and_the_token_never_appears_in_its_output() {
    let fake = fake_telegram().await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_support-bot"))
        .current_dir(dir.path())
        .env_clear()
        .env("BOT_TOKEN", TOKEN)
        .env("ADMIN_CHAT_ID", format!("{ADMIN}, oops"))
        .env("BOT_API_URL", fake.api_url())
        .env("HTTP_PORT", "0")
        .env("POLL_TIMEOUT", "1")
        .envs(UNLIMITED)
        .env("RUST_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (port, logs) = read_logs(child.stderr.take().unwrap());
    fake.push_text(ANN, "My order is late");
    let sent = fake
        .wait_for_sent(2, PATIENCE)
        .await
        .expect("the ticket is opened and the admin told");
    assert!(sent.iter().any(|m| m.chat_id == ADMIN), "{sent:?}");

    let port = tokio::time::timeout(PATIENCE, port)
        .await
        .expect("the HTTP server is listening")
        .expect("its port is logged");
    let metrics = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .expect("/metrics answers")
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("support_bot_api_calls_total{method=\"sendMessage\"}"),
        "{metrics}"
    );
    assert!(
        !metrics.contains(TOKEN) && !metrics.contains("secret_token"),
        "the token leaked into /metrics:\n{metrics}"
    );

    let status = stop_with_sigterm(&mut child).await;
    let stderr = logs.await.unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("SIGTERM"), "{stderr}");
    assert!(
        stderr.contains("\"oops\" is not a chat id"),
        "the bad admin entry is named: {stderr}"
    );
    assert!(
        !stderr.contains(TOKEN) && !stderr.contains("secret_token"),
        "the token leaked:\n{stderr}"
    );
    let store = support_bot::store::Store::open(dir.path().join("ticket_data.json")).unwrap();
    let texts: Vec<String> = store.read(|m| {
        m.tickets
            .values()
            .map(|t| t.messages[0].text.clone())
            .collect()
    });
    assert_eq!(texts, ["My order is late"], "the ticket is on disk");
    assert!(store.unsent().is_empty(), "every saved message was sent");
}

/// The flood limits the program keeps in the graceful-stop test: Telegram's
/// per second, and three a minute per private chat, so the team's chat
/// soon has messages waiting for the next minute.
const THREE_A_MINUTE: [(&str, &str); 4] = [
    ("LIMIT_PER_CHAT_PER_SECOND", "1"),
    ("LIMIT_PER_CHAT_PER_MINUTE", "3"),
    ("LIMIT_PER_GROUP_PER_MINUTE", "20"),
    ("LIMIT_OVERALL_PER_SECOND", "30"),
];

/// Stopped with SIGTERM while one message is on its way to Telegram and
/// others wait behind the flood limit: the one on its way is finished, the
/// waiting ones stay saved and go out at the next start, none twice.
#[tokio::test]
async fn sigterm_finishes_the_send_in_progress_and_the_next_start_sends_what_waited_once() {
    let fake = fake_telegram().await;
    // Telegram's own limits: a message a second per chat.
    fake.enforce_telegram_limits(30);
    let dir = tempfile::tempdir().unwrap();
    // The first message for the team is caught on its way to Telegram.
    fake.hold(Some("sendmessage"), Some(ADMIN));
    let (mut child, port) = start_program_on_its_own_port(&fake, dir.path(), &THREE_A_MINUTE).await;
    let texts: Vec<String> = (1..=6)
        .map(|n| format!("Part {n} of my question"))
        .collect();
    let mut last = 0;
    for text in &texts {
        last = fake.push_text(ANN, text);
    }
    assert!(
        fake.wait_held(1, PATIENCE).await,
        "the first notice is on its way"
    );
    fake.wait_until_confirmed(last, PATIENCE)
        .await
        .expect("every message is saved, with what it sends");

    // The stop comes while the notice is on its way: the HTTP server closes
    // at once, then the notice is let through.
    sigterm(&child);
    let healthz = format!("http://127.0.0.1:{port}/healthz");
    eventually_async("the program is stopping", || async {
        reqwest::get(&healthz).await.is_err()
    })
    .await;
    fake.release();
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("it stops within 20 s")
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let to_team = |fake: &fake_telegram::FakeTelegram| -> Vec<String> {
        fake.sent()
            .into_iter()
            .filter(|m| m.chat_id == ADMIN)
            .map(|m| m.text)
            .collect()
    };
    let before = to_team(&fake);
    assert_eq!(
        before.len(),
        3,
        "the notice on its way and two more went, the rest waited for the next minute: {before:#?}"
    );
    let waiting = {
        let store = support_bot::store::Store::open(dir.path().join("ticket_data.json")).unwrap();
        store.unsent().len()
    };
    assert!(waiting > 0, "what waited is saved");

    // Started again: what waited goes out, within Telegram's limits.
    let (mut child, _) =
        start_program_on_its_own_port(&fake, dir.path(), &[("LIMIT_PER_CHAT_PER_SECOND", "1")])
            .await;
    assert!(
        fake.wait_sent_to(ADMIN, texts.len(), PATIENCE).await,
        "every message reaches the team: {:#?}",
        to_team(&fake)
    );
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    let after = to_team(&fake);
    assert_eq!(after.len(), texts.len(), "none twice: {after:#?}");
    for (notice, text) in after.iter().zip(&texts) {
        assert!(notice.contains(text.as_str()), "in order: {after:#?}");
    }
    assert_eq!(fake.too_many_requests(), 0, "Telegram never had to refuse");
    assert_eq!(stop_with_sigterm(&mut child).await.code(), Some(0));
    let store = support_bot::store::Store::open(dir.path().join("ticket_data.json")).unwrap();
    assert!(store.unsent().is_empty(), "every saved message was sent");
}

/// `support-bot demo` starts the demo program lying beside it, with the
/// arguments given; without it, it names the one command that starts it.
#[cfg(unix)]
#[test]
fn demo_starts_the_demo_program_beside_it_or_names_the_command_that_does() {
    use std::os::unix::fs::PermissionsExt;
    // A folder of its own beside the built program (so a hard link works):
    // the program alone first.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let bot = dir.path().join("support-bot");
    if std::fs::hard_link(env!("CARGO_BIN_EXE_support-bot"), &bot).is_err() {
        std::fs::copy(env!("CARGO_BIN_EXE_support-bot"), &bot).unwrap();
    }
    let mut demo = Command::new(&bot);
    demo.args(["demo", "--port", "8001"])
        .current_dir(dir.path())
        .env_clear()
        .stdin(Stdio::null());
    let (out, stderr) = run(&mut demo);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("\n    cargo run --release -p support-bot-demo\n"),
        "{stderr}"
    );

    // Beside it, a stand-in that tells what it was started with.
    let beside = dir.path().join("support-bot-demo");
    std::fs::write(&beside, "#!/bin/sh\necho \"the demo, with: $*\"\n").unwrap();
    std::fs::set_permissions(&beside, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (out, stderr) = run(&mut demo);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "the demo, with: --port 8001\n"
    );
}
