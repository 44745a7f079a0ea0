//! `spawn_app()`: the real bot (dispatcher, store, HTTP server) against the
//! fake Bot API, each test with its own data folder and ports, plus a
//! transcript of the conversation for snapshots.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use support_bot::app::{App, AppError};
use support_bot::config::{BotToken, Config, Limits, Mode};
use support_bot::store::Store;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use fake_telegram::{FakeTelegram, SentMessage};

/// The token the tests use. Log scans look for it.
pub const TOKEN: &str = "4242:TEST-secret_token-do-not-log";

pub const ANN: i64 = 5551;
pub const BEN: i64 = 5552;
pub const ADMIN: i64 = 9001;
pub const ADMIN2: i64 = 9002;

/// Sending limits high enough not to slow a test down, as environment
/// variables for the `support-bot` program.
pub const UNLIMITED: [(&str, &str); 4] = [
    ("LIMIT_PER_CHAT_PER_SECOND", "1000"),
    ("LIMIT_PER_CHAT_PER_MINUTE", "60000"),
    ("LIMIT_PER_GROUP_PER_MINUTE", "60000"),
    ("LIMIT_OVERALL_PER_SECOND", "1000"),
];

/// Starts the built `support-bot` program in `dir` against `fake`, quiet,
/// with the test token, one admin and no sending limits; `extra` settings
/// are added last and so win.
pub fn start_program(
    fake: &FakeTelegram,
    dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> tokio::process::Child {
    program(fake, dir, extra)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the bot starts")
}

/// The same, logging at `info`, on the HTTP port the program picks (port 0
/// until `extra` says otherwise); returns it with the port, read from its
/// log once it listens.
pub async fn start_program_on_its_own_port(
    fake: &FakeTelegram,
    dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> (tokio::process::Child, u16) {
    let (child, port, _logs) = start_program_logging(fake, dir, extra).await;
    (child, port)
}

/// The same, also returning its log: every line, once the program has
/// stopped.
pub async fn start_program_logging(
    fake: &FakeTelegram,
    dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> (tokio::process::Child, u16, tokio::task::JoinHandle<String>) {
    let mut child = program(fake, dir, &[&[("RUST_LOG", "info")], extra].concat())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the bot starts");
    let (port, logs) = read_logs(child.stderr.take().expect("its log"));
    let port = tokio::time::timeout(PATIENCE, port)
        .await
        .expect("the HTTP server is listening")
        .expect("its port is logged");
    (child, port, logs)
}

/// Reads the program's log lines as they come: the HTTP port once it is
/// logged, and every line once the program has stopped.
pub fn read_logs(
    stderr: tokio::process::ChildStderr,
) -> (
    tokio::sync::oneshot::Receiver<u16>,
    tokio::task::JoinHandle<String>,
) {
    use tokio::io::AsyncBufReadExt;
    let (port_tx, port_rx) = tokio::sync::oneshot::channel();
    let logs = tokio::spawn(async move {
        // Text logs may colour the field names.
        let colours = regex::Regex::new("\x1b\\[[0-9;]*m").unwrap();
        let port = regex::Regex::new(r"HTTP server listening.*port=(\d+)").unwrap();
        let mut port_tx = Some(port_tx);
        let mut lines = tokio::io::BufReader::new(stderr).lines();
        let mut seen = String::new();
        while let Ok(Some(line)) = lines.next_line().await {
            let plain = colours.replace_all(&line, "");
            if let Some(found) = port.captures(&plain) {
                if let (Some(tx), Ok(n)) = (port_tx.take(), found[1].parse()) {
                    let _ = tx.send(n);
                }
            }
            seen.push_str(&line);
            seen.push('\n');
        }
        seen
    });
    (port_rx, logs)
}

/// The `support-bot` program cargo built for the test binary running
/// (cargo builds a package's programs before its integration tests): it
/// sits beside the folder of test binaries (`target/<profile>/deps/..`).
pub fn program_path() -> PathBuf {
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let deps = test_binary.parent().expect("the folder of test binaries");
    let profile = deps.parent().expect("the profile's folder");
    let program = profile.join(format!("support-bot{}", std::env::consts::EXE_SUFFIX));
    assert!(
        program.exists(),
        "the support-bot program is built beside the tests: {}",
        program.display()
    );
    program
}

fn program(
    fake: &FakeTelegram,
    dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(program_path());
    command
        .current_dir(dir)
        .env_clear()
        .env("BOT_TOKEN", TOKEN)
        .env("ADMIN_CHAT_ID", ADMIN.to_string())
        .env("BOT_API_URL", fake.api_url())
        .env("HTTP_PORT", "0")
        .env("POLL_TIMEOUT", "1")
        .env("RUST_LOG", "error")
        .envs(UNLIMITED)
        .envs(extra.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true);
    command
}

/// Sends SIGTERM to the program (it then stops in its own time).
pub fn sigterm(child: &tokio::process::Child) {
    let pid = child.id().expect("the program still runs").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
}

/// Sends SIGTERM to the program and waits (at most 20 s) for it to end.
pub async fn stop_with_sigterm(child: &mut tokio::process::Child) -> std::process::ExitStatus {
    sigterm(child);
    tokio::time::timeout(Duration::from_secs(20), child.wait())
        .await
        .expect("it stops within 20 s")
        .unwrap()
}

/// How long a test waits for the bot before it fails.
pub const PATIENCE: Duration = Duration::from_secs(15);
/// How long the bot must make no Bot API call before a test takes it as
/// idle (with every update confirmed and its outbox empty, see
/// [`TestApp::settle`]).
pub const QUIET: Duration = Duration::from_millis(100);

/// Waits until `check` holds, looking again every few milliseconds; fails
/// the test, naming `what` was awaited, after [`PATIENCE`]. For what the
/// bot does without a Bot API call to wait for (its store, its files).
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    eventually_async(what, || std::future::ready(check())).await;
}

/// [`eventually`] for a check that has to wait itself (an HTTP request).
pub async fn eventually_async<F: std::future::Future<Output = bool>>(
    what: &str,
    mut check: impl FnMut() -> F,
) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited {PATIENCE:?} in vain: {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A running bot and the fake Telegram it talks to.
pub struct TestApp {
    pub fake: FakeTelegram,
    pub http_port: u16,
    pub dir: Arc<TempDir>,
    pub store: Arc<Store>,
    pub admins: Vec<i64>,
    /// The team's forum group (`TEAM_CHAT_ID`), if the test has one.
    pub forum: Option<i64>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), AppError>>>,
    /// Messages already accounted for in the transcript.
    seen: usize,
    lines: Vec<String>,
}

/// A fake Telegram with Ann, Ben and two admins who have all started the bot.
pub async fn fake_telegram() -> FakeTelegram {
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ANN, "Ann", Some("ann"));
    fake.add_private_chat(BEN, "Ben", None);
    fake.add_private_chat(ADMIN, "Alex", Some("alex_support"));
    fake.add_private_chat(ADMIN2, "Sam", None);
    fake
}

/// The bot with two admins, a fresh data folder and a fresh fake Telegram.
pub async fn spawn_app() -> TestApp {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    spawn_app_on(fake, dir, vec![ADMIN, ADMIN2]).await
}

/// Settings for the bot against `fake` with `token`: the JSON store at
/// `data_file`, any free port on 127.0.0.1, no send limits, polling.
/// Built field by field: the process environment is shared by all tests.
pub fn settings(token: &str, fake: &FakeTelegram, data_file: PathBuf, admins: &[i64]) -> Config {
    Config {
        bot_token: BotToken::new(token),
        admin_chat_ids: admins.to_vec(),
        api_url: fake.api_url().parse().unwrap(),
        data_file,
        store: Default::default(),
        http_port: 0,
        http_address: std::net::Ipv4Addr::LOCALHOST.into(),
        metrics_token: None,
        poll_timeout: Duration::from_secs(1),
        limits: Limits::unlimited(),
        mode: Mode::Polling,
        languages: Default::default(),
        hours: None,
        timezone: chrono_tz::UTC,
        database_url: None,
        ask_for_rating: false,
        retention_days: None,
        retention_every: support_bot::bot::retention::DAILY,
        team: Default::default(),
        web: Default::default(),
    }
}

/// Settings for a test: [`settings`] with a data file in `dir`, on the
/// store the test run asks for ([`crate::pg::test_store`]).
pub fn test_config(fake: &FakeTelegram, dir: &TempDir, admins: &[i64]) -> Config {
    Config {
        store: crate::pg::test_store(),
        ..settings(TOKEN, fake, data_file(dir), admins)
    }
}

pub fn data_file(dir: &TempDir) -> PathBuf {
    dir.path().join("ticket_data.json")
}

/// The bot on an existing fake and data folder (for restarts).
pub async fn spawn_app_on(fake: FakeTelegram, dir: Arc<TempDir>, admins: Vec<i64>) -> TestApp {
    let config = test_config(&fake, &dir, &admins);
    spawn_app_with(fake, dir, config).await
}

/// The bot with settings of the test's choosing.
pub async fn spawn_app_with(fake: FakeTelegram, dir: Arc<TempDir>, config: Config) -> TestApp {
    let admins = config.admin_chat_ids.clone();
    let forum = config.team.chat;
    let app = App::build(config).await.expect("the bot starts");
    let http_port = app.http_port();
    let store = app.store();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));
    let seen = fake.sent().len();
    TestApp {
        fake,
        http_port,
        dir,
        store,
        admins,
        forum,
        stop: Some(stop),
        task: Some(task),
        seen,
        lines: Vec::new(),
    }
}

impl TestApp {
    fn label(&self, chat: i64) -> String {
        self.label_in(chat, None)
    }

    /// A chat as the transcript names it; in the team's forum group, with
    /// the topic (by its name as it is now) or General.
    fn label_in(&self, chat: i64, thread: Option<i32>) -> String {
        if Some(chat) == self.forum {
            return match thread {
                Some(thread) => {
                    let name = self
                        .fake
                        .topics(chat)
                        .into_iter()
                        .find(|t| t.thread == thread)
                        .map_or_else(|| format!("#{thread}"), |t| t.name);
                    format!("team group, topic \"{name}\"")
                }
                None => "team group, General".to_string(),
            };
        }
        if self.admins.contains(&chat) {
            format!("admin {chat}")
        } else if chat < 0 {
            format!("group {chat}")
        } else {
            format!("user {chat}")
        }
    }

    /// Adds one message to the transcript: who to whom, then the text, with
    /// later lines indented under the first.
    fn log(&mut self, from: &str, to: &str, text: &str) {
        let head = format!("{from} → {to}:");
        let width = head.chars().count().max(20) + 1;
        self.push_lines(&format!("{head:<width$}"), text);
    }

    fn push_lines(&mut self, head: &str, text: &str) {
        let indent = " ".repeat(head.chars().count());
        for (i, line) in text.split('\n').enumerate() {
            let lead = if i == 0 { head } else { &indent };
            self.lines
                .push(format!("{lead}{line}").trim_end().to_string());
        }
    }

    /// Adds a narrator's line, such as "(the bot restarts)".
    pub fn note(&mut self, text: &str) {
        self.lines.push(format!("({text})"));
    }

    /// Notes in the transcript what `from` did, then waits for exactly
    /// `replies` messages from the bot and returns them.
    async fn acts(&mut self, from: i64, what: &str, replies: usize) -> Vec<SentMessage> {
        let who = self.label(from);
        self.log(&who, "bot", what);
        self.expect(replies).await
    }

    /// `from` sends `text`; waits for exactly `replies` messages from the bot
    /// and returns them.
    pub async fn says(&mut self, from: i64, text: &str, replies: usize) -> Vec<SentMessage> {
        self.fake.push_text(from, text);
        self.acts(from, text, replies).await
    }

    /// `from` sends a photo, with a caption or not.
    pub async fn sends_photo(
        &mut self,
        from: i64,
        caption: Option<&str>,
        replies: usize,
    ) -> Vec<SentMessage> {
        self.fake.push_photo(from, caption);
        let line = match caption {
            Some(c) => format!("[a photo with the caption:] {c}"),
            None => "[a photo]".to_string(),
        };
        self.acts(from, &line, replies).await
    }

    /// `from` sends a sticker.
    pub async fn sends_sticker(&mut self, from: i64, replies: usize) -> Vec<SentMessage> {
        self.fake.push_sticker(from);
        self.acts(from, "[a sticker]", replies).await
    }

    /// `from` uses Telegram's reply on the bot's message `message_id`.
    pub async fn replies_to(
        &mut self,
        from: i64,
        message_id: i32,
        quoted: &str,
        text: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        self.fake.push_reply_text(from, from, message_id, text);
        self.acts(from, &format!("[replying to \"{quoted}\"] {text}"), replies)
            .await
    }

    /// `from` answers the bot's message `message_id` with a photo.
    pub async fn replies_with_photo(
        &mut self,
        from: i64,
        message_id: i32,
        quoted: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        self.fake.push_reply_photo(from, from, message_id);
        self.acts(
            from,
            &format!("[replying to \"{quoted}\"] [a photo]"),
            replies,
        )
        .await
    }

    /// `from` edits the last message they sent (it becomes `text`).
    pub async fn edits(&mut self, from: i64, text: &str, replies: usize) -> Vec<SentMessage> {
        let last = self
            .fake
            .last_message_from(from)
            .expect("an earlier message to edit");
        self.fake.push_edited_text(from, last, text);
        self.acts(
            from,
            &format!("[edits an earlier message to say: \"{text}\"]"),
            replies,
        )
        .await
    }

    /// `from` blocks the bot (`kicked`) or unblocks it (`member`) in
    /// Telegram's chat settings.
    pub async fn sets_bot_status(
        &mut self,
        from: i64,
        status: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        self.fake.push_my_chat_member(from, status);
        let what = match status {
            "kicked" => "[blocks the bot]".to_string(),
            "member" => "[unblocks the bot]".to_string(),
            other => format!("[sets the bot's status to {other}]"),
        };
        self.acts(from, &what, replies).await
    }

    /// The first name the fake gives a team member.
    fn first_name(member: i64) -> &'static str {
        match member {
            ADMIN => "Alex",
            ADMIN2 => "Sam",
            ANN => "Ann",
            BEN => "Ben",
            _ => "Member",
        }
    }

    /// Team member `member` writes `text` in topic `thread` of the forum group.
    pub async fn says_in_topic(
        &mut self,
        member: i64,
        thread: i32,
        text: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        let forum = self.forum.expect("a test with a team group");
        self.fake
            .push_topic_message(forum, thread, member, Self::first_name(member), text);
        let place = self.label_in(forum, Some(thread));
        let who = format!("{} in the {place}", Self::first_name(member));
        self.log(&who, "bot", text);
        self.expect(replies).await
    }

    /// Team member `member` writes `text` in General of the forum group.
    pub async fn says_in_general(
        &mut self,
        member: i64,
        text: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        let forum = self.forum.expect("a test with a team group");
        self.fake.push_group_text(forum, member, text);
        let who = format!("{} in the team group, General", Self::first_name(member));
        self.log(&who, "bot", text);
        self.expect(replies).await
    }

    /// `member` (a team member, or anyone) writes `text` in group `chat`,
    /// which is not the team's forum group.
    pub async fn says_in_group(
        &mut self,
        chat: i64,
        member: i64,
        text: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        self.fake.push_group_text(chat, member, text);
        let who = format!("{} in group {chat}", Self::first_name(member));
        self.log(&who, "bot", text);
        self.expect(replies).await
    }

    /// Team member `member` presses a button on the bot's message
    /// `message_id` in the forum group.
    pub async fn presses_in_group(
        &mut self,
        member: i64,
        message_id: i32,
        label: &str,
        data: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        let forum = self.forum.expect("a test with a team group");
        self.fake
            .push_group_callback(forum, member, message_id, data);
        let who = format!("{} in the team group", Self::first_name(member));
        self.log(&who, "bot", &format!("[taps the button \"{label}\"]"));
        self.expect(replies).await
    }

    /// `from` presses the inline button on the bot's message `message_id`.
    pub async fn presses(
        &mut self,
        from: i64,
        message_id: i32,
        label: &str,
        data: &str,
        replies: usize,
    ) -> Vec<SentMessage> {
        self.fake.push_callback(from, message_id, data);
        self.acts(from, &format!("[taps the button \"{label}\"]"), replies)
            .await
    }

    /// Waits for exactly `n` new messages from the bot and adds them to the
    /// transcript.
    pub async fn expect(&mut self, n: usize) -> Vec<SentMessage> {
        let target = self.seen + n;
        let all = match self.fake.wait_for_sent(target, PATIENCE).await {
            Ok(all) => all,
            Err(e) => panic!(
                "expected {n} more message(s) from the bot: {e}\nTranscript so far:\n{}",
                self.transcript()
            ),
        };
        self.settle().await;
        let all_now = self.fake.sent();
        assert_eq!(
            all_now.len(),
            target,
            "the bot sent more than the {n} message(s) expected: {:#?}",
            &all_now[self.seen..]
        );
        let mut new: Vec<SentMessage> = all[self.seen..target].to_vec();
        // Each chat's messages are sent in order, but chats are served side
        // by side: list people's chats first, then the team's chats by id,
        // each in the order its messages arrived.
        new.sort_by_key(|m| {
            let admin = self.admins.contains(&m.chat_id) || Some(m.chat_id) == self.forum;
            (admin, if admin { m.chat_id } else { 0 })
        });
        self.seen = target;
        for m in &new {
            let to = self.label_in(m.chat_id, m.thread);
            let text = if m.method == "setmessagereaction" {
                format!("[reacts to their message with {}]", m.text)
            } else if m.method == "copymessage" {
                format!("[a copy of the attachment] {}", m.text)
                    .trim_end()
                    .to_string()
            } else {
                m.text.clone()
            };
            self.log("bot", &to, &text);
            if let Some(markup) = &m.reply_markup {
                for row in markup["inline_keyboard"].as_array().into_iter().flatten() {
                    let labels: Vec<&str> = row
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|b| b["text"].as_str().unwrap_or("?"))
                        .collect();
                    let line = format!("[buttons: {}]", labels.join(" | "));
                    self.push_lines(&" ".repeat(21), &line);
                }
            }
        }
        new
    }

    /// Waits until the bot is idle: every update confirmed, its outbox
    /// empty, and no Bot API call for [`QUIET`]. Only then does "nothing
    /// more was sent" mean something.
    pub async fn settle(&self) {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if let Err(e) = self.fake.wait_idle(QUIET, left).await {
                panic!("{e}\nTranscript so far:\n{}", self.transcript());
            }
            let unsent = self.store.unsent();
            if unsent.is_empty() {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "still waiting to be sent after {PATIENCE:?}: {unsent:?}"
            );
            tokio::time::sleep(QUIET).await;
        }
    }

    /// The conversation so far, ticket IDs replaced by [TICKET-1], [TICKET-2]...
    /// in order of first appearance.
    pub fn transcript(&self) -> String {
        let text = self.lines.join("\n") + "\n";
        let ids: Vec<String> = self
            .store
            .snapshot()
            .tickets
            .keys()
            .map(|id| id.to_string())
            .collect();
        redact(&text, &ids)
    }

    /// The one ticket ID in a message, as the bot wrote it.
    pub fn ticket_id_in(&self, text: &str) -> String {
        let ids: Vec<String> = self
            .store
            .snapshot()
            .tickets
            .keys()
            .map(|id| id.to_string())
            .filter(|id| text.contains(id.as_str()))
            .collect();
        assert_eq!(ids.len(), 1, "one ticket ID in {text:?}");
        ids[0].clone()
    }

    /// The body of `GET path` on the bot's HTTP port.
    pub async fn get_text(&self, path: &str) -> String {
        let url = format!("http://127.0.0.1:{}{path}", self.http_port);
        let resp = reqwest::get(url).await.expect("the bot answers");
        resp.text().await.expect("a body")
    }

    /// `/status` over real HTTP.
    pub async fn status(&self) -> serde_json::Value {
        let url = format!("http://127.0.0.1:{}/status", self.http_port);
        let resp = reqwest::get(url).await.expect("/status answers");
        assert_eq!(resp.status(), 200);
        resp.json().await.expect("/status is JSON")
    }

    /// Stops the bot gracefully and returns what a restart needs.
    pub async fn stop(mut self) -> Stopped {
        let _ = self.stop.take().unwrap().send(());
        let task = self.task.take().unwrap();
        let result = tokio::time::timeout(PATIENCE, task)
            .await
            .expect("the bot stops in time");
        result
            .expect("the bot task did not panic")
            .expect("the bot stopped cleanly");
        Stopped {
            fake: self.fake.clone(),
            dir: Arc::clone(&self.dir),
            admins: self.admins.clone(),
            lines: std::mem::take(&mut self.lines),
        }
    }
}

/// A stopped bot's fake Telegram, data folder and transcript.
pub struct Stopped {
    pub fake: FakeTelegram,
    pub dir: Arc<TempDir>,
    admins: Vec<i64>,
    lines: Vec<String>,
}

impl Stopped {
    /// Starts the bot again on the same data folder; the transcript goes on.
    pub async fn restart(self) -> TestApp {
        let mut app = spawn_app_on(self.fake, self.dir, self.admins).await;
        app.lines = self.lines;
        app.note("the bot restarts");
        app
    }
}

/// Replaces each of `ids` (in upper or lower case) by `[TICKET-n]`,
/// numbered by first appearance.
pub fn redact(text: &str, ids: &[String]) -> String {
    let mut order: BTreeMap<usize, &String> = BTreeMap::new();
    let lower_text = text.to_lowercase();
    for id in ids {
        if let Some(pos) = lower_text.find(&id.to_lowercase()) {
            order.insert(pos, id);
        }
    }
    let mut out = text.to_string();
    for (n, id) in order.values().enumerate() {
        let tag = format!("[TICKET-{}]", n + 1);
        out = out
            .replace(id.as_str(), &tag)
            .replace(&id.to_lowercase(), &tag);
    }
    out
}

/// Every ticket ID the bot sent to each person.
pub fn ids_told(fake: &FakeTelegram, people: &BTreeSet<i64>) -> BTreeMap<i64, BTreeSet<String>> {
    let pattern = regex::Regex::new(r"\b[0-9A-F]{8}\b").unwrap();
    let mut told: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for m in fake.sent() {
        if people.contains(&m.chat_id) {
            let ids = pattern.find_iter(&m.text).map(|id| id.as_str().to_string());
            told.entry(m.chat_id).or_default().extend(ids);
        }
    }
    told
}

/// `support_bot_unreadable_records_total` in a `/metrics` text (0 if absent).
pub fn unreadable_counted(metrics: &str) -> f64 {
    metrics
        .lines()
        .find(|l| l.starts_with("support_bot_unreadable_records_total "))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0)
}
