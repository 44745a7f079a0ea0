//! Setting the bot up: `support-bot setup` answered by a script against
//! the fake Bot API, the check at every start of the team's chats (the log
//! and `/readyz`), `check-config` asking Telegram, and `/setup` in a group
//! the bot is not set up for.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use fake_telegram::{FakeTelegram, MemberStatus};
use tokio::io::AsyncWriteExt;

use crate::assert_output;
use crate::assert_transcript;
use crate::helpers::*;

const FORUM: i64 = -1001234567890;
/// Someone in `ADMIN_CHAT_ID` who never opened the bot.
const STRANGER: i64 = 777;

/// Runs `support-bot ARGS` in `dir` against `fake` with `answers` as its
/// standard input (closed after them); returns what it printed, the
/// fake's address as `[API]`, and its exit code.
async fn run_with_answers(
    fake: &FakeTelegram,
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    answers: &str,
) -> (String, Option<i32>) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_support-bot"))
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("BOT_API_URL", fake.api_url())
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the program runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(answers.as_bytes()).await.unwrap();
    drop(stdin);
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("it ends within a minute")
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.is_empty() {
        text.push_str("[standard error]\n");
        text.push_str(&stderr);
    }
    let text = text.replace(&fake.api_url(), "[API]/");
    (text, out.status.code())
}

/// A fake Telegram where Alex pressed Start and added the bot to the
/// team's forum group as an admin.
async fn alex_started_and_added_the_bot() -> FakeTelegram {
    let fake = fake_telegram().await;
    fake.push_text(ADMIN, "/start");
    fake.add_forum_chat(FORUM, "Acme support team");
    fake.push_bot_added(FORUM, ADMIN, true);
    fake
}

#[tokio::test]
async fn setup_checks_the_token_takes_the_chat_id_checks_the_group_and_writes_env() {
    let fake = alex_started_and_added_the_bot().await;
    let dir = tempfile::tempdir().unwrap();
    let answers = format!("\nnot-a-token\n4242:wrong\n{TOKEN}\n3\n1\ny\n");
    let (out, code) = run_with_answers(&fake, dir.path(), &["setup"], &[], &answers).await;
    assert_eq!(code, Some(0), "{out}");
    assert!(
        !out.contains("secret_token"),
        "the token is never shown: {out}"
    );
    let env = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    assert_eq!(
        env.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        [
            format!("BOT_TOKEN={TOKEN}"),
            format!("ADMIN_CHAT_ID={ADMIN}"),
            format!("TEAM_CHAT_ID={FORUM}"),
            format!("BOT_API_URL={}", fake.api_url()),
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(".env"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "only its owner reads the token");
    }
    assert_eq!(
        fake.confirmed_offset(),
        0,
        "set-up confirmed no update: the bot still reads Alex's /start"
    );
    assert_output!("setup_writes_env", out);

    // The settings it wrote are good ones, as check-config finds asking Telegram.
    let (checked, code) = run_with_answers(&fake, dir.path(), &["check-config"], &[], "").await;
    assert_eq!(code, Some(0), "{checked}");
    assert!(
        checked.contains("Telegram: the token is the bot @support_test_bot.")
            && checked.contains(&format!("ADMIN_CHAT_ID {ADMIN}: ok"))
            && checked.contains(&format!("TEAM_CHAT_ID {FORUM}: ok")),
        "{checked}"
    );
}

#[tokio::test]
async fn setup_names_what_the_group_lacks_and_changes_an_existing_env_only_after_a_yes() {
    let fake = fake_telegram().await;
    fake.push_text(ADMIN, "/start");
    fake.push_text(ADMIN2, "hello");
    fake.add_group_chat(-4321, "Team chat");
    fake.push_bot_added(-4321, ADMIN, false);
    let dir = tempfile::tempdir().unwrap();
    let old = "# mine\nBOT_TOKEN=old\nPUBLIC_URL=https://support.example.com\n";
    std::fs::write(dir.path().join(".env"), old).unwrap();

    // Both wrote; neither is chosen by default. The group has no topics and
    // the bot is no admin there: said, then used as it is. The existing
    // .env is left alone without a yes.
    let answers = format!("{TOKEN}\n\n1, 2\ny\nskip\n\n");
    let (out, code) = run_with_answers(&fake, dir.path(), &["setup"], &[], &answers).await;
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("1. Alex (@alex_support), chat id 9001")
            && out.contains("2. Sam, chat id 9002"),
        "{out}"
    );
    assert!(out.contains("Please type at least one number"), "{out}");
    assert!(
        out.contains("the group has no topics") && out.contains("Turn on Topics"),
        "{out}"
    );
    assert!(
        out.contains("the bot is not an admin of the group"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".env")).unwrap(),
        old,
        "unchanged"
    );
    assert!(
        out.contains("  ADMIN_CHAT_ID=9001,9002\n") && out.contains("  TEAM_CHAT_ID=-4321\n"),
        "{out}"
    );

    // With a yes, the settings go in and the other lines stay.
    let answers = format!("{TOKEN}\n1,2\nn\ny\n");
    let (out, code) = run_with_answers(&fake, dir.path(), &["setup"], &[], &answers).await;
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".env")).unwrap(),
        format!(
            "# mine\nBOT_TOKEN={TOKEN}\nPUBLIC_URL=https://support.example.com\nADMIN_CHAT_ID=9001,9002\nBOT_API_URL={}\n",
            fake.api_url()
        )
    );
}

#[tokio::test]
async fn setup_offers_to_delete_a_webhook_and_stops_clearly_at_the_end_of_the_input() {
    let fake = fake_telegram().await;
    fake.push_text(ADMIN, "/start");
    let set = reqwest::Client::new()
        .post(format!("{}bot{TOKEN}/setWebhook", fake.api_url()))
        .form(&[("url", "https://bot.example.com/hook")])
        .send()
        .await
        .unwrap();
    assert!(set.status().is_success());
    let dir = tempfile::tempdir().unwrap();

    // No to deleting it: set-up explains and stops, writing nothing.
    let (out, code) =
        run_with_answers(&fake, dir.path(), &["setup"], &[], &format!("{TOKEN}\n\n")).await;
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "This bot has a webhook: Telegram sends its messages to https://bot.example.com/hook"
        ),
        "{out}"
    );
    assert!(
        out.contains("Stopped: the webhook stays.") && out.contains("Nothing was written."),
        "{out}"
    );
    assert!(fake.webhook().is_some());
    assert!(!dir.path().join(".env").exists());

    // Yes: it is deleted and set-up goes on; the input ends at the next
    // question, which stops it, still writing nothing.
    let (out, code) =
        run_with_answers(&fake, dir.path(), &["setup"], &[], &format!("{TOKEN}\ny\n")).await;
    assert_eq!(code, Some(1), "{out}");
    assert!(fake.webhook().is_none(), "{out}");
    assert!(
        out.contains("1. Alex (@alex_support), chat id 9001"),
        "{out}"
    );
    assert!(
        out.contains(
            "Stopped: no answer came (Ctrl-D or the end of the input). Nothing was written."
        ),
        "{out}"
    );
    assert!(!dir.path().join(".env").exists());
}

#[tokio::test]
async fn a_start_with_a_team_chat_the_bot_cannot_use_says_how_to_fix_it_in_the_log_and_on_readyz() {
    let fake = fake_telegram().await;
    fake.add_forum_chat(FORUM, "Acme support team");
    fake.set_topic_rights(FORUM, false);
    let dir = tempfile::tempdir().unwrap();
    let admins = format!("{ADMIN},{STRANGER}");
    let forum = FORUM.to_string();
    let (mut child, port, logs) = start_program_logging(
        &fake,
        dir.path(),
        &[("ADMIN_CHAT_ID", &admins), ("TEAM_CHAT_ID", &forum)],
    )
    .await;
    let url = format!("http://127.0.0.1:{port}/readyz");
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let ready = loop {
        let ready: serde_json::Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
        if ready["admin_chats"].is_object() && !ready.to_string().contains("checking") {
            break ready;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never checked: {ready}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(
        ready["admin_chats"],
        serde_json::json!({"9001": "ok", "777": "never_started", "-1001234567890": "no_topic_rights"})
    );
    assert_eq!(
        ready["ready"], true,
        "the bot still works for the others: {ready}"
    );

    stop_with_sigterm(&mut child).await;
    let logs = logs.await.unwrap();
    let warned = |text: &str| {
        logs.lines()
            .filter(|l| l.contains("WARN") && l.contains(text))
            .count()
    };
    assert_eq!(
        warned("ADMIN_CHAT_ID 777: this person never opened the bot"),
        1,
        "once: {logs}"
    );
    assert!(
        logs.contains("They open t.me/support_test_bot in Telegram and press Start"),
        "{logs}"
    );
    assert_eq!(
        warned("Allow Manage topics in the bot's admin rights"),
        1,
        "{logs}"
    );
}

#[tokio::test]
async fn check_config_asks_telegram_about_each_team_chat() {
    let fake = fake_telegram().await;
    fake.add_group_chat(-4321, "Team chat");
    fake.set_bot_admin(-4321, false);
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("BOT_TOKEN", TOKEN),
        ("ADMIN_CHAT_ID", "9001, 777, 123456789"),
        ("TEAM_CHAT_ID", "-4321"),
    ];
    let (out, code) = run_with_answers(&fake, dir.path(), &["check-config"], &env, "").await;
    assert_eq!(code, Some(2), "{out}");
    let report = out.split("\nData file:").nth(1).unwrap_or(&out);
    assert_output!("check_config_asks_telegram", report);

    let env = [("BOT_TOKEN", "4242:revoked"), ("ADMIN_CHAT_ID", "9001")];
    let (out, code) = run_with_answers(&fake, dir.path(), &["check-config"], &env, "").await;
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("Telegram refused BOT_TOKEN (Config.toml: bot_token) (401 Unauthorized)"),
        "{out}"
    );
}

#[tokio::test]
async fn an_admin_of_a_group_the_bot_is_not_set_up_for_gets_its_id_and_what_to_set_with_setup() {
    const NEW_FORUM: i64 = -1009876543210;
    const PLAIN_GROUP: i64 = -4321;
    let fake = fake_telegram().await;
    fake.add_forum_chat(FORUM, "Acme support team");
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.team.chat = Some(FORUM);
    let mut app = spawn_app_with(fake, dir, config).await;
    app.fake.add_forum_chat(NEW_FORUM, "Acme support, new");
    app.fake.add_group_chat(PLAIN_GROUP, "Acme chat");
    for group in [NEW_FORUM, PLAIN_GROUP] {
        app.fake.add_member(group, ANN, MemberStatus::Member);
        app.fake.add_member(group, BEN, MemberStatus::Administrator);
    }
    app.note("Ben is an admin of two groups the bot is not set up for; Ann is a member");
    app.says_in_group(NEW_FORUM, BEN, "/setup", 1).await;
    app.says_in_group(PLAIN_GROUP, BEN, "/setup@support_test_bot", 1)
        .await;
    let told = app.says_in_group(PLAIN_GROUP, ANN, "/setup", 1).await;
    assert!(
        !told[0].text.contains("TEAM_CHAT_ID"),
        "only an admin is told: {}",
        told[0].text
    );
    app.note("in the team's own group");
    app.says_in_general(ADMIN, "/setup", 1).await;
    assert_transcript!("setup_in_a_group", app);
    app.stop().await;
}
