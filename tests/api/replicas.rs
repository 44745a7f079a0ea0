//! Several copies of the bot (the built program) on one PostgreSQL database,
//! against the fake Bot API: updates spread over them and sent twice, a copy
//! killed with SIGKILL, polling taken over, migrations between the stores.
//! Skipped without PostgreSQL (failed with `CI=true`), see [`crate::pg`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;
use support_bot::model::Model;
use support_bot::store::pg::Duty;

use crate::helpers::*;
use crate::pg::TestDb;
use fake_telegram::FakeTelegram;

const SECRET: &str = "replica-secret_1";

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts one copy of the bot on the database, in webhook mode (or polling).
fn replica(
    fake: &FakeTelegram,
    dir: &Path,
    db: &TestDb,
    port: u16,
    webhook: bool,
) -> tokio::process::Child {
    let port = port.to_string();
    let mut settings = vec![
        ("STORE", "postgres"),
        ("DATABASE_URL", db.url.as_str()),
        ("HTTP_PORT", port.as_str()),
    ];
    if webhook {
        settings.extend([
            ("BOT_MODE", "webhook"),
            ("WEBHOOK_URL", "https://bot.example.com"),
            ("WEBHOOK_SECRET", SECRET),
        ]);
    }
    start_program(fake, dir, &settings)
}

/// Waits until the copy on `port` answers `/readyz` with 200.
async fn ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let url = format!("http://127.0.0.1:{port}/readyz");
        if let Ok(resp) = reqwest::get(&url).await {
            if resp.status() == 200 {
                return;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the copy on {port} never got ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn update(update_id: i64, chat: i64, text: &str) -> serde_json::Value {
    json!({"update_id": update_id, "message": {
        "message_id": update_id,
        "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "P"},
        "from": {"id": chat, "is_bot": false, "first_name": "P"},
        "text": text
    }})
}

/// Posts an update as Telegram does: to `port`, with the secret. The status,
/// or `None` if the copy did not answer.
async fn post(client: &reqwest::Client, port: u16, body: &serde_json::Value) -> Option<u16> {
    post_signed(client, port, body, SECRET).await
}

/// Posts an update to `port` with `secret` as Telegram's secret header.
async fn post_signed(
    client: &reqwest::Client,
    port: u16,
    body: &serde_json::Value,
    secret: &str,
) -> Option<u16> {
    let path = support_bot::bot::webhook::path(TOKEN);
    client
        .post(format!("http://127.0.0.1:{port}{path}"))
        .header("X-Telegram-Bot-Api-Secret-Token", secret)
        .json(body)
        .send()
        .await
        .ok()
        .map(|r| r.status().as_u16())
}

/// Messages the fake received more than once (same chat, method and text).
fn sent_twice(fake: &FakeTelegram) -> Vec<(i64, String, String)> {
    let mut seen = BTreeMap::new();
    for m in fake.sent() {
        *seen
            .entry((m.chat_id, m.method.clone(), m.text.clone()))
            .or_insert(0) += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(k, _)| k)
        .collect()
}

/// The model as the database holds it.
async fn model_in(db: &TestDb) -> Model {
    let (pool, _) = support_bot::store::pg::connect(&db.url).await.unwrap();
    let model = support_bot::store::pg::load(&pool).await.unwrap();
    pool.close().await;
    model
}

/// Each person's one request is one ticket with one message, and was told
/// its ID once.
fn assert_one_ticket_each(
    model: &Model,
    told: &BTreeMap<i64, BTreeSet<String>>,
    people: &BTreeSet<i64>,
) {
    let missing: Vec<_> = people.iter().filter(|p| !told.contains_key(p)).collect();
    assert!(
        missing.is_empty(),
        "{} people never got a ticket ID: {missing:?}",
        missing.len()
    );
    for (person, ids) in told {
        assert_eq!(
            ids.len(),
            1,
            "person {person} was told of several tickets: {ids:?}"
        );
        let id = ids.iter().next().unwrap();
        let ticket = model
            .tickets
            .get(&support_bot::model::TicketId::parse(id).unwrap())
            .unwrap_or_else(|| panic!("ticket {id} told to {person} is not in the database"));
        assert_eq!(ticket.owner.chat, *person);
        assert_eq!(
            model.tickets_of(*person).len(),
            1,
            "one request, one ticket for {person}"
        );
        assert_eq!(
            ticket.messages.len(),
            1,
            "the request is recorded once on {id}"
        );
    }
    let theirs = model
        .tickets
        .values()
        .filter(|t| people.contains(&t.owner.chat))
        .count();
    assert_eq!(theirs, people.len(), "one ticket per person");
}

/// Which copy a post went to, and its answer (`None`: no answer).
type Answer = (usize, Option<u16>);

/// A small deterministic random source, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_copies_on_one_database_answer_400_people_once_through_duplicates_and_a_kill_9() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    const PEOPLE: i64 = 400;
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    let people: BTreeSet<i64> = (0..PEOPLE).map(|n| 200_000 + n).collect();
    for chat in &people {
        fake.add_private_chat(*chat, &format!("Person {chat}"), None);
    }
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ports = Arc::new(Mutex::new([free_port(), free_port()]));
    let [port_a, port_b] = *ports.lock().unwrap();
    // A first, so that A holds the sending duty; B, killed below, only
    // receives updates and saves.
    let mut a = replica(&fake, dir_a.path(), &db, port_a, true);
    ready(port_a).await;
    db.wait_for_duty(Duty::Send).await;
    let b = replica(&fake, dir_b.path(), &db, port_b, true);
    ready(port_b).await;
    let mut b = Some(b);

    // Telegram: each update goes to one copy (alternating, as a load
    // balancer would), again to the other until a 200; some are sent
    // twice, to the same copy or to the other, some to both at once.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let mut random = Lcg(0xB0B);
    let mut telegram = Vec::new();
    let duplicates = Arc::new(Mutex::new(0));
    let mut restarted = None;
    // (copy, its answer) for every post.
    let answers: Arc<Mutex<Vec<Answer>>> = Arc::default();
    for (n, chat) in people.iter().enumerate() {
        let n = n as i64;
        let body = update(
            n + 1,
            *chat,
            &format!("Request from {chat}: my device is broken"),
        );
        let (routes, client) = (Arc::clone(&ports), client.clone());
        let (first, again) = ((n % 2) as usize, random.below(10));
        let duplicates = Arc::clone(&duplicates);
        let answers = Arc::clone(&answers);
        telegram.push(tokio::spawn(async move {
            let deliver = |to: usize| {
                let (ports, client, body) = (Arc::clone(&routes), client.clone(), body.clone());
                let answers = Arc::clone(&answers);
                async move {
                    let mut to = to;
                    loop {
                        let port = ports.lock().unwrap()[to];
                        let answer = post(&client, port, &body).await;
                        answers.lock().unwrap().push((to, answer));
                        if answer == Some(200) {
                            return;
                        }
                        to = 1 - to;
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            };
            match again {
                // To both copies at once.
                0 => {
                    tokio::join!(deliver(0), deliver(1));
                    *duplicates.lock().unwrap() += 1;
                }
                // Again to the same copy, or to the other.
                1 | 2 => {
                    deliver(first).await;
                    deliver(if again == 1 { first } else { 1 - first }).await;
                    *duplicates.lock().unwrap() += 1;
                }
                _ => deliver(first).await,
            }
        }));
        if n % 4 == 3 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        if n == PEOPLE / 3 {
            // B dies mid-burst; what it had not answered 200 is retried on A.
            let mut killed = b.take().unwrap();
            killed.kill().await.expect("kill -9");
            let restart_b = {
                let ports = Arc::clone(&ports);
                let (fake, dir, url) = (fake.clone(), dir_b.path().to_path_buf(), db.url.clone());
                async move {
                    // B stays down a second: the outage is the point.
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    let port = free_port();
                    let child = start_program(
                        &fake,
                        &dir,
                        &[
                            ("STORE", "postgres"),
                            ("DATABASE_URL", url.as_str()),
                            ("HTTP_PORT", port.to_string().as_str()),
                            ("BOT_MODE", "webhook"),
                            ("WEBHOOK_URL", "https://bot.example.com"),
                            ("WEBHOOK_SECRET", SECRET),
                        ],
                    );
                    ready(port).await;
                    ports.lock().unwrap()[1] = port;
                    child
                }
            };
            restarted = Some(tokio::spawn(restart_b));
        }
    }
    for task in telegram {
        tokio::time::timeout(Duration::from_secs(120), task)
            .await
            .expect("every update is answered 200 in the end")
            .unwrap();
    }
    let mut b = restarted.expect("B was restarted").await.unwrap();
    // Every update was answered 200: it is in the database now.
    let model = model_in(&db).await;
    assert_eq!(
        model.ticket_counts().total,
        people.len(),
        "every confirmed ticket is saved"
    );

    let deadline = Instant::now() + Duration::from_secs(60);
    while ids_told(&fake, &people).len() < people.len() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let told = ids_told(&fake, &people);
    assert_one_ticket_each(&model, &told, &people);
    // The team got one notice per ticket.
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.sent().iter().filter(|m| m.chat_id == ADMIN).count() < people.len()
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Counted once the bots are quiet: a notice sent twice would show.
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    assert_eq!(
        fake.sent().iter().filter(|m| m.chat_id == ADMIN).count(),
        people.len(),
        "one notice per ticket to the team"
    );
    assert_eq!(sent_twice(&fake), vec![], "no message sent twice");
    let answers = answers.lock().unwrap().clone();
    let count =
        |copy: usize, what: Option<u16>| answers.iter().filter(|a| **a == (copy, what)).count();
    let refused = answers.iter().filter(|(_, a)| *a != Some(200)).count();
    eprintln!(
        "{} posts ({} updates sent twice): A answered 200 to {}, B to {}; {refused} not answered 200 (B killed, or stopping) and sent again",
        answers.len(),
        duplicates.lock().unwrap(),
        count(0, Some(200)),
        count(1, Some(200)),
    );
    assert!(
        count(0, Some(200)) > 0 && count(1, Some(200)) > 0,
        "both copies took updates"
    );
    assert!(
        answers.len() > people.len(),
        "some updates were sent more than once"
    );

    assert!(stop_with_sigterm(&mut a).await.success());
    assert!(stop_with_sigterm(&mut b).await.success());
    assert!(
        model_in(&db).await.outbox.is_empty(),
        "everything saved was sent and recorded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_the_polling_copy_is_killed_the_other_polls_within_10_seconds_and_nothing_is_lost() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    let fake = fake_telegram().await;
    let people: BTreeSet<i64> = (0..20).map(|n| 300_000 + n).collect();
    for chat in &people {
        fake.add_private_chat(*chat, &format!("Person {chat}"), None);
    }
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (port_a, port_b) = (free_port(), free_port());
    let mut a = replica(&fake, dir_a.path(), &db, port_a, false);
    ready(port_a).await;
    db.wait_for_duty(Duty::Poll).await;
    let mut b = replica(&fake, dir_b.path(), &db, port_b, false);
    ready(port_b).await;

    let (first, second): (Vec<i64>, Vec<i64>) = people.iter().partition(|c| *c % 2 == 0);
    for chat in &first {
        fake.push_text(*chat, "Before the kill");
    }
    // A polls (it started first and holds the polling duty).
    let deadline = Instant::now() + PATIENCE;
    while ids_told(&fake, &people).len() < first.len() {
        assert!(
            Instant::now() < deadline,
            "the first requests were not answered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let polls_before = fake.calls_of("getupdates").len();
    a.kill().await.expect("kill -9");
    let killed = Instant::now();
    for chat in &second {
        fake.push_text(*chat, "After the kill");
    }
    while fake.calls_of("getupdates").len() == polls_before {
        assert!(
            killed.elapsed() < Duration::from_secs(10),
            "nobody polls 10 s after the kill"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let took_over = killed.elapsed();
    eprintln!("the other copy polled {took_over:?} after the kill");
    let deadline = Instant::now() + Duration::from_secs(20);
    while ids_told(&fake, &people).len() < people.len() {
        assert!(
            Instant::now() < deadline,
            "not everyone was answered after the takeover"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Checked once every update is confirmed and the bot quiet.
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    let model = model_in(&db).await;
    assert_one_ticket_each(&model, &ids_told(&fake, &people), &people);
    assert!(stop_with_sigterm(&mut b).await.success());
}

/// Runs the built program in `dir` with only `args` (and no settings).
fn program(dir: &Path, args: &[&str]) -> std::process::Output {
    program_with(dir, args, &[])
}

/// `support-bot ARGS` in `dir` with only the settings `env`.
fn program_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_support-bot"))
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("the program runs")
}

#[tokio::test]
async fn a_json_store_moved_to_postgres_and_back_exports_the_same() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My laptop won't start", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(BEN, "/new", 1).await;
    app.says(BEN, "The app crashes", 3).await;
    app.says(ADMIN, &format!("/close {id}"), 3).await;
    let stopped = app.stop().await;
    let dir = stopped.dir.path();
    let url = db.url.as_str();

    // DATABASE_URL from the settings, while STORE still says json.
    let there = program_with(
        dir,
        &[
            "migrate",
            "--from",
            "json",
            "--to",
            "postgres",
            "--data-file",
            "ticket_data.json",
        ],
        &[("BOT_TOKEN", TOKEN), ("DATABASE_URL", url)],
    );
    let said = String::from_utf8_lossy(&there.stdout).to_string()
        + &String::from_utf8_lossy(&there.stderr);
    assert!(there.status.success(), "{said}");
    assert!(
        said.contains("2 tickets") && said.contains("matches"),
        "{said}"
    );
    assert!(
        !said.contains("postgres://"),
        "the URL is not repeated: {said}"
    );
    let again = program(
        dir,
        &[
            "migrate",
            "--from",
            "json",
            "--to",
            "postgres",
            "--data-file",
            "ticket_data.json",
            "--database-url",
            url,
        ],
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "a database that is not empty is refused"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

    let back = program(
        dir,
        &[
            "migrate",
            "--from",
            "postgres",
            "--to",
            "json",
            "--data-file",
            "back.json",
            "--database-url",
            url,
        ],
    );
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stderr)
    );
    let again = program(
        dir,
        &[
            "migrate",
            "--from",
            "postgres",
            "--to",
            "json",
            "--data-file",
            "back.json",
            "--database-url",
            url,
        ],
    );
    assert_eq!(
        again.status.code(),
        Some(1),
        "an existing data file is never overwritten"
    );

    let export = |file: &str| program(dir, &["export", "--data-file", file]);
    let (original, round_trip) = (export("ticket_data.json"), export("back.json"));
    assert!(original.status.success() && round_trip.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&original.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(2), "{rows}");
    assert_eq!(
        String::from_utf8_lossy(&original.stdout),
        String::from_utf8_lossy(&round_trip.stdout),
        "the same export after JSON -> PostgreSQL -> JSON"
    );

    // A bot on the database carries on with the data.
    let store = support_bot::store::Store::open_postgres(url).await.unwrap();
    assert_eq!(store.read(|m| m.ticket_counts().total), 2);
    assert_eq!(store.snapshot(), stopped_model(dir));
}

fn stopped_model(dir: &Path) -> Model {
    support_bot::store::load_readonly(&dir.join("ticket_data.json")).unwrap()
}

/// A TCP proxy to the database that the test can cut: every connection
/// through it is closed and new ones are refused until it is mended.
struct Proxy {
    port: u16,
    down: Arc<std::sync::atomic::AtomicBool>,
    links: Arc<Mutex<Vec<tokio::task::AbortHandle>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl Proxy {
    async fn start(upstream: String) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let links: Arc<Mutex<Vec<tokio::task::AbortHandle>>> = Arc::default();
        let accept = {
            let (down, links) = (Arc::clone(&down), Arc::clone(&links));
            tokio::spawn(async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if down.load(std::sync::atomic::Ordering::SeqCst) {
                        continue; // dropped: the connection is closed at once
                    }
                    let upstream = upstream.clone();
                    let link = tokio::spawn(async move {
                        if let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                    links.lock().unwrap().push(link.abort_handle());
                }
            })
        };
        Proxy {
            port,
            down,
            links,
            accept,
        }
    }

    fn cut(&self) {
        self.down.store(true, std::sync::atomic::Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn mend(&self) {
        self.down.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
        self.accept.abort();
    }
}

async fn readyz(port: u16) -> (u16, serde_json::Value) {
    let resp = reqwest::get(format!("http://127.0.0.1:{port}/readyz"))
        .await
        .expect("/readyz answers");
    let code = resp.status().as_u16();
    (code, resp.json().await.expect("/readyz is JSON"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_down_for_10_s_nothing_is_confirmed_readyz_is_503_and_all_is_handled_after(
) {
    let Some(db) = TestDb::create().await else {
        return;
    };
    let proxy = Proxy::start(db.address()).await;
    let fake = fake_telegram().await;
    let people: BTreeSet<i64> = (0..10).map(|n| 400_000 + n).collect();
    for chat in &people {
        fake.add_private_chat(*chat, &format!("Person {chat}"), None);
    }
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.store = support_bot::config::StoreKind::Postgres {
        url: support_bot::config::DatabaseUrl::new(db.url_through(proxy.port)),
    };
    let mut app = spawn_app_with(fake.clone(), dir, config).await;
    app.says(ANN, "Before the outage", 2).await;
    let deadline = Instant::now() + PATIENCE;
    while readyz(app.http_port).await.0 != 200 {
        assert!(Instant::now() < deadline, "ready before the outage");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let metrics = reqwest::get(format!("http://127.0.0.1:{}/metrics", app.http_port))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("support_bot_database_connections{state=\"in_use\"}")
            && metrics.contains("support_bot_database_connections{state=\"idle\"}"),
        "{metrics}"
    );
    let transactions = metrics
        .lines()
        .find_map(|l| l.strip_prefix("support_bot_store_write_seconds_count "))
        .expect("the transactions are counted");
    assert!(transactions.parse::<u64>().unwrap() > 0, "{metrics}");

    proxy.cut();
    let cut = Instant::now();
    let before = fake.sent().len();
    let mut first = None;
    for chat in &people {
        let id = fake.push_text(*chat, "During the outage: please call me back");
        first.get_or_insert(id);
        // People write over the outage, not all at once: the pause is the point.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let first = first.unwrap();
    // /readyz tells the database is unreachable.
    loop {
        let (code, body) = readyz(app.http_port).await;
        if code == 503 && body["database"] == "unreachable" {
            break;
        }
        assert!(
            cut.elapsed() < Duration::from_secs(10),
            "/readyz still says {code} {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The outage lasts 10 s: waiting it out is the point. Then, once the
    // bot is quiet, nothing may have been answered.
    tokio::time::sleep(Duration::from_secs(10).saturating_sub(cut.elapsed())).await;
    fake.wait_quiet(QUIET, PATIENCE).await.unwrap();
    assert_eq!(
        fake.sent().len(),
        before,
        "nothing answered as if it had been saved: {:?}",
        &fake.sent()[before..]
    );
    assert!(
        fake.confirmed_offset() <= first,
        "no update of the outage is confirmed to Telegram ({} > {first})",
        fake.confirmed_offset()
    );
    assert_eq!(app.store.read(|m| m.ticket_counts().total), 1);

    proxy.mend();
    let deadline = Instant::now() + Duration::from_secs(30);
    while ids_told(&fake, &people).len() < people.len() {
        assert!(
            Instant::now() < deadline,
            "not everyone was answered after the outage"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let model = model_in(&db).await;
    assert_one_ticket_each(&model, &ids_told(&fake, &people), &people);
    let deadline = Instant::now() + PATIENCE;
    while readyz(app.http_port).await.0 != 200 {
        assert!(
            Instant::now() < deadline,
            "/readyz is 200 again after the outage"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.fake
        .wait_until_confirmed(first + people.len() as i64 - 1, PATIENCE)
        .await
        .unwrap();
    assert_eq!(sent_twice(&fake), vec![], "no message sent twice");
    app.stop().await;
}

#[tokio::test]
async fn check_config_reports_the_database_and_its_schema_version() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let check = |url: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_support-bot"))
            .current_dir(dir.path())
            .env_clear()
            .env("BOT_TOKEN", TOKEN)
            .env("ADMIN_CHAT_ID", ADMIN.to_string())
            .env("STORE", "postgres")
            .env("DATABASE_URL", url)
            // Nothing answers there: Telegram is not asked.
            .env("BOT_API_URL", "http://127.0.0.1:9/")
            .arg("check-config")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        (out.status.code(), text)
    };
    let (code, text) = check(&db.url);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("has no schema yet"), "{text}");

    // A bot creates the schema; then its version and the tickets are shown.
    let store = support_bot::store::Store::open_postgres(&db.url)
        .await
        .unwrap();
    drop(store);
    let (code, text) = check(&db.url);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("schema version 20261130000001") && text.contains("holds 0 tickets"),
        "{text}"
    );

    let (code, text) = check("postgres://bot:pa55word@127.0.0.1:1/nowhere");
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("DATABASE_URL") && text.contains("127.0.0.1:1/nowhere"),
        "{text}"
    );
    assert!(
        !text.contains("pa55word"),
        "the password is not shown: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_see_each_others_writes_and_a_folded_journal_keeps_no_erased_text() {
    use support_bot::model::{Change, State};
    use support_bot::store::{Decision, Store};
    let Some(db) = TestDb::create().await else {
        return;
    };
    let a = Store::open_postgres(&db.url).await.unwrap();
    let b = Store::open_postgres(&db.url).await.unwrap();
    let set = |chat: i64| {
        move |_: &Model| Decision {
            changes: vec![Change::SetState {
                chat,
                state: State::AwaitingDescription,
            }],
            outbox: None,
            result: (),
        }
    };
    for chat in 1..=10 {
        a.transact(Some((chat, format!("k{chat}"))), set(chat))
            .await
            .unwrap();
    }
    // B follows A's writes, and refuses A's updates as handled.
    let deadline = Instant::now() + Duration::from_secs(5);
    while b.read(|m| m.dialogues.len()) < 10 {
        assert!(Instant::now() < deadline, "B never saw A's writes");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let again = b.transact(Some((3, "k3".into())), set(99)).await.unwrap();
    assert_eq!(again, support_bot::store::Committed::Duplicate);
    b.transact(Some((11, "k11".into())), set(11)).await.unwrap();

    // A folds the journal into a snapshot (as after /forget): no row keeps
    // what the model no longer has, and B, C carry on from the snapshot.
    a.transact(None, |_| Decision {
        changes: vec![Change::SetState {
            chat: 12,
            state: State::Idle,
        }],
        outbox: Some(serde_json::json!({"secret": "erase-me-please"})),
        result: (),
    })
    .await
    .unwrap();
    let (pool, _) = support_bot::store::pg::connect(&db.url).await.unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        count("SELECT count(*) FROM journal WHERE record::text LIKE '%erase-me-please%'").await,
        1
    );
    let seq = a.read(|m| m.seq);
    a.mark_sent(seq);
    a.compact_now().await.unwrap();
    assert_eq!(
        count("SELECT count(*) FROM journal WHERE record::text LIKE '%erase-me-please%'").await,
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM snapshots WHERE model::text LIKE '%erase-me-please%'").await,
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM journal").await,
        0,
        "every row is in the snapshot"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    while b.read(|m| m.seq) < a.read(|m| m.seq) {
        assert!(
            Instant::now() < deadline,
            "B never caught up with the snapshot"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(b.snapshot(), a.snapshot());
    b.transact(Some((13, "k13".into())), set(13)).await.unwrap();
    let c = Store::open_postgres(&db.url).await.unwrap();
    assert_eq!(
        c.snapshot(),
        b.snapshot(),
        "a new replica starts from snapshot + journal"
    );
    assert_eq!(c.read(|m| m.dialogues.len()), 13);
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn when_the_sending_copy_is_killed_the_other_sends_what_is_left_and_nobody_is_forgotten() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    const PEOPLE: i64 = 200;
    let fake = FakeTelegram::start(TOKEN).await;
    // Telegram refuses (429) more than 30 messages in any second, from the
    // bot as a whole: the copies between them must keep to it.
    fake.set_rate_limits(None, Some((30, Duration::from_secs(1))));
    fake.add_private_chat(ADMIN, "Alex", None);
    let people: BTreeSet<i64> = (0..PEOPLE).map(|n| 500_000 + n).collect();
    for chat in &people {
        fake.add_private_chat(*chat, &format!("Person {chat}"), None);
    }
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ports = Arc::new(Mutex::new([free_port(), free_port()]));
    let [port_a, port_b] = *ports.lock().unwrap();
    // A first: A holds the sending duty, and is the one killed. Telegram's
    // overall limit (30 a second) as in production, per-chat limits off.
    let a = replica_at(&fake, dir_a.path(), &db.url, port_a);
    ready(port_a).await;
    db.wait_for_duty(Duty::Send).await;
    let mut b = replica_at(&fake, dir_b.path(), &db.url, port_b);
    ready(port_b).await;
    let mut a = Some(a);

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let mut telegram = Vec::new();
    let mut restarted = None;
    let mut sent_at_kill = 0;
    for (n, chat) in people.iter().enumerate() {
        let n = n as i64;
        let body = update(n + 1, *chat, &format!("Request from {chat}"));
        let (routes, client) = (Arc::clone(&ports), client.clone());
        telegram.push(tokio::spawn(async move {
            let mut to = (n % 2) as usize;
            loop {
                let port = routes.lock().unwrap()[to];
                if post(&client, port, &body).await == Some(200) {
                    return;
                }
                to = 1 - to;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
        if n % 4 == 3 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        if n == PEOPLE / 2 {
            sent_at_kill = fake.sent().len();
            a.take().unwrap().kill().await.expect("kill -9");
            let (ports, fake, dir, url) = (
                Arc::clone(&ports),
                fake.clone(),
                dir_a.path().to_path_buf(),
                db.url.clone(),
            );
            restarted = Some(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(2)).await;
                let port = free_port();
                let child = replica_at(&fake, &dir, &url, port);
                ready(port).await;
                ports.lock().unwrap()[0] = port;
                child
            }));
        }
    }
    for task in telegram {
        tokio::time::timeout(Duration::from_secs(120), task)
            .await
            .expect("every update is answered 200 in the end")
            .unwrap();
    }
    let mut a = restarted.unwrap().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    while (ids_told(&fake, &people).len() < people.len()
        || fake.sent().iter().filter(|m| m.chat_id == ADMIN).count() < people.len())
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Checked once the bots are quiet.
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    let model = model_in(&db).await;
    assert_one_ticket_each(&model, &ids_told(&fake, &people), &people);
    let notices = fake.sent().iter().filter(|m| m.chat_id == ADMIN).count();
    assert!(
        notices >= people.len(),
        "the team heard of every ticket ({notices})"
    );
    // At least once: a message the killed copy had sent but not yet
    // recorded as sent goes out again from the other; no more than that.
    let twice = sent_twice(&fake);
    eprintln!(
        "{} messages sent before the kill, {} in all; {} sent twice after the sender was killed",
        sent_at_kill,
        fake.sent().len(),
        twice.len()
    );
    assert!(
        twice.len() <= 20,
        "only the messages in flight at the kill: {twice:?}"
    );
    assert!(stop_with_sigterm(&mut a).await.success());
    assert!(stop_with_sigterm(&mut b).await.success());
    assert!(
        model_in(&db).await.outbox.is_empty(),
        "everything saved was sent and recorded"
    );
}

/// A copy in webhook mode sending at most 30 messages a second overall.
fn replica_at(fake: &FakeTelegram, dir: &Path, url: &str, port: u16) -> tokio::process::Child {
    start_program(
        fake,
        dir,
        &[
            ("STORE", "postgres"),
            ("DATABASE_URL", url),
            ("HTTP_PORT", port.to_string().as_str()),
            ("BOT_MODE", "webhook"),
            ("WEBHOOK_URL", "https://bot.example.com"),
            ("WEBHOOK_SECRET", SECRET),
            ("LIMIT_OVERALL_PER_SECOND", "30"),
        ],
    )
}

#[tokio::test]
async fn forget_and_stats_work_on_the_database_of_the_settings() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.store = support_bot::config::StoreKind::Postgres {
        url: support_bot::config::DatabaseUrl::new(db.url.clone()),
    };
    let mut app = spawn_app_with(fake, Arc::clone(&dir), config).await;
    app.says(ANN, "My secret address is 5 Main Street", 3).await;
    app.stop().await;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_support-bot"))
            .current_dir(dir.path())
            .env_clear()
            .env("BOT_TOKEN", TOKEN)
            .env("STORE", "postgres")
            .env("DATABASE_URL", &db.url)
            .args(args)
            .output()
            .unwrap()
    };
    let stats = run(&["stats"]);
    assert!(
        stats.status.success(),
        "{}",
        String::from_utf8_lossy(&stats.stderr)
    );
    let export = run(&["export"]);
    let rows: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");

    let forget = run(&["forget", &ANN.to_string()]);
    let said = String::from_utf8_lossy(&forget.stdout);
    assert!(
        forget.status.success() && said.contains("1 tickets"),
        "{said}"
    );
    let (pool, _) = support_bot::store::pg::connect(&db.url).await.unwrap();
    for table in ["journal", "snapshots"] {
        let sql =
            format!("SELECT count(*) FROM {table} WHERE {table}::text LIKE '%5 Main Street%'");
        let left: i64 = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
        assert_eq!(left, 0, "no row of {table} keeps the erased text");
    }
    let model = support_bot::store::pg::load(&pool).await.unwrap();
    assert_eq!(
        model.ticket_counts().total,
        1,
        "the ticket stays, anonymous"
    );
    assert!(!format!("{model:?}").contains("5 Main Street"));
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_webhook_post_while_the_database_is_down_is_answered_503_and_handled_when_sent_again() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    let proxy = Proxy::start(db.address()).await;
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.store = support_bot::config::StoreKind::Postgres {
        url: support_bot::config::DatabaseUrl::new(db.url_through(proxy.port)),
    };
    config.mode = support_bot::config::Mode::Webhook {
        url: "https://bot.example.com/".parse().unwrap(),
        secret: SECRET.into(),
        derived: false,
    };
    let mut app = spawn_app_with(fake.clone(), dir, config).await;
    let client = reqwest::Client::new();
    let body = update(1, ANN, "My order is late");

    proxy.cut();
    assert_eq!(
        post(&client, app.http_port, &body).await,
        Some(503),
        "not saved: not confirmed"
    );
    assert!(
        fake.sent().is_empty(),
        "nothing said as if it had been saved"
    );
    assert_eq!(app.store.read(|m| m.ticket_counts().total), 0);

    proxy.mend();
    // Telegram sends it again.
    let deadline = Instant::now() + PATIENCE;
    while post(&client, app.http_port, &body).await != Some(200) {
        assert!(
            Instant::now() < deadline,
            "handled once the database is back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.expect(2).await;
    assert_eq!(
        post(&client, app.http_port, &body).await,
        Some(200),
        "a third time: a duplicate"
    );
    app.expect(0).await;
    assert_eq!(model_in(&db).await.ticket_counts().total, 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_webhook_copies_without_a_secret_setting_both_accept_what_telegram_signs() {
    let Some(db) = TestDb::create().await else {
        return;
    };
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    fake.add_private_chat(7001, "Ann", None);
    fake.add_private_chat(7002, "Ben", None);
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (port_a, port_b) = (free_port(), free_port());
    let settings = |port: &str, db: &TestDb| {
        vec![
            ("STORE", "postgres".to_string()),
            ("DATABASE_URL", db.url.clone()),
            ("HTTP_PORT", port.to_string()),
            ("BOT_MODE", "webhook".to_string()),
            ("WEBHOOK_URL", "https://bot.example.com".to_string()),
        ]
    };
    let start = |dir: &Path, port: u16| {
        let settings = settings(&port.to_string(), &db);
        let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
        start_program(&fake, dir, &settings)
    };
    let _a = start(dir_a.path(), port_a);
    ready(port_a).await;
    let _b = start(dir_b.path(), port_b);
    ready(port_b).await;
    // Telegram keeps the secret of the last setWebhook; both copies set one.
    let deadline = Instant::now() + Duration::from_secs(10);
    while fake.calls_of("setWebhook").len() < 2 {
        assert!(Instant::now() < deadline, "both copies set the webhook");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (_, secret) = fake.webhook().expect("a webhook is set");
    let secret = secret.expect("the webhook has a secret");

    let client = reqwest::Client::new();
    let answers = [
        post_signed(&client, port_a, &update(1, 7001, "/start"), &secret).await,
        post_signed(&client, port_b, &update(2, 7002, "/start"), &secret).await,
    ];
    assert_eq!(
        answers,
        [Some(200), Some(200)],
        "each copy must accept the secret Telegram holds"
    );
    assert!(fake.wait_sent_to(7001, 1, Duration::from_secs(10)).await);
    assert!(fake.wait_sent_to(7002, 1, Duration::from_secs(10)).await);
    // Anyone else is still refused.
    let wrong = post_signed(&client, port_b, &update(3, 7002, "hi"), "not-the-secret").await;
    assert_eq!(wrong, Some(401));
}
