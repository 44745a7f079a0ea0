//! Benchmarks, printed as a table: `cargo bench` (all) or
//! `cargo bench -- store`, `-- e2e`, `-- start`, `-- faults`, `-- flood`.
//!
//! - store: durable changes per second (fsync, group commit) with 1,000 and
//!   100,000 tickets already stored, 64 writers at once.
//! - e2e: 500 people at once each opening tickets step by step (`/new`, then
//!   the description) through the real dispatcher against the in-process
//!   fake Bot API; journeys per second and journey latency.
//! - start: loading 100,000 tickets (snapshot plus journal), and the
//!   resident memory of the `support-bot` program, idle with an empty store
//!   and with 100,000 tickets.
//! - faults: 300 people opening a ticket at once, on a sound network and
//!   with the fake hanging up on one HTTP call in 40 (getUpdates included);
//!   the confirmation latency of the people no fault touched, against the
//!   sound run.
//! - flood: 100 people opening a ticket at once against Telegram's real
//!   flood limits and the bot's default sending limits; how long until
//!   everyone is confirmed and the admin chat has heard of every ticket, and
//!   how many sends Telegram refused (429).
//! - inbox: the team's inbox against a 100,000-ticket store: the size of
//!   the inbox page and the time to its first byte, the same for `/api/tickets`
//!   and a conversation, and the memory 200 open live streams take.
//! - pg: the PostgreSQL store against the JSON store, with one and two
//!   replicas (see `pg.rs`).

mod pg;
#[path = "../support/strict.rs"]
mod strict;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_telegram::{Call, FakeTelegram};
use support_bot::app::App;
use support_bot::config::{BotToken, Config, Limits, Mode};
use support_bot::model::{
    Author, Change, Entry, Model, Person, State, Ticket, TicketId, TicketStatus,
};
use support_bot::store::{Decision, Store};

const TOKEN: &str = "4242:BENCH-token";
/// The support team's one chat in the end-to-end benchmarks.
const ADMIN: i64 = 9001;

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted =
        |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut rows: Vec<[String; 4]> = Vec::new();
    runtime.block_on(async {
        if wanted("store") {
            for existing in [1_000, 100_000] {
                let r = store_bench(existing).await;
                rows.push(row(
                    &format!("store: changes/s at {existing} tickets"),
                    r.per_second,
                    "/s",
                    &r,
                ));
            }
        }
        if wanted("e2e") {
            for (people, rounds) in [(500, 4), (50, 20)] {
                let r = e2e_bench(people, rounds).await;
                rows.push(row(
                    &format!("e2e: journeys/s, {people} people at once"),
                    r.per_second,
                    "/s",
                    &r,
                ));
            }
        }
        if wanted("start") {
            start_bench(&mut rows).await;
        }
        if wanted("faults") {
            faults_bench(&mut rows).await;
        }
        if wanted("flood") {
            flood_bench(&mut rows).await;
        }
        if wanted("inbox") {
            inbox_bench(&mut rows).await;
        }
        if wanted("scans") {
            scans_bench(&mut rows).await;
        }
        if wanted("pg") {
            pg::pg_bench(&mut rows).await;
        }
    });
    print_table(&rows);
}

/// Throughput and latency of one run.
struct Run {
    per_second: f64,
    latencies: Vec<Duration>,
}

impl Run {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[i]
    }
}

/// The latencies every task measured.
async fn gather(tasks: Vec<tokio::task::JoinHandle<Vec<Duration>>>) -> Vec<Duration> {
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    latencies
}

fn row(name: &str, value: f64, unit: &str, run: &Run) -> [String; 4] {
    [
        name.to_string(),
        format!("{value:.0}{unit}"),
        format!("{:.2} ms", run.percentile(0.50).as_secs_f64() * 1000.0),
        format!("{:.2} ms", run.percentile(0.99).as_secs_f64() * 1000.0),
    ]
}

fn print_table(rows: &[[String; 4]]) {
    let head = ["benchmark", "result", "p50", "p99"];
    let widths: Vec<usize> = (0..4)
        .map(|c| {
            rows.iter()
                .map(|r| r[c].len())
                .chain([head[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 4]| {
        let cells: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("| {} |", cells.join(" | "));
    };
    line(head);
    println!(
        "|{}|",
        widths
            .iter()
            .map(|w| "-".repeat(w + 2))
            .collect::<Vec<_>>()
            .join("|")
    );
    for r in rows {
        line([&r[0], &r[1], &r[2], &r[3]]);
    }
}

fn ticket_id(n: usize) -> TicketId {
    TicketId::parse(&format!("{n:08X}")).unwrap()
}

/// A store file with `count` tickets, each with two messages.
fn write_store(path: &Path, count: usize) {
    let mut model = Model::default();
    for n in 0..count {
        let chat = 1_000_000 + n as i64;
        let owner = Person {
            chat,
            name: format!("Person {n}"),
            username: Some(format!("person{n}")),
        };
        let id = ticket_id(n);
        let messages = vec![
            Entry::new(
                Author::Owner,
                format!("My device number {n} does not turn on any more."),
                1,
            ),
            Entry::new(
                Author::Admin(9001),
                "Please hold the power button for ten seconds.",
                2,
            ),
        ];
        let status = if n % 3 == 0 {
            TicketStatus::Closed
        } else {
            TicketStatus::Open
        };
        let ticket = Ticket {
            status,
            ..Ticket::open(id, owner, n as u64 + 1, 1, messages)
        };
        model.user_tickets.insert(chat, vec![id]);
        model.tickets.insert(id, ticket);
        let state = if status == TicketStatus::Open {
            State::TicketOpen { ticket: id }
        } else {
            State::Idle
        };
        model.dialogues.insert(chat, state);
    }
    std::fs::write(path, serde_json::to_vec(&model).unwrap()).unwrap();
}

async fn store_bench(existing: usize) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket_data.json");
    write_store(&path, existing);
    let store = Arc::new(Store::open(&path).unwrap());
    writers(&[store], existing).await
}

/// 64 writers spread over `stores` adding messages to `existing` tickets
/// for 4 seconds, each waiting until its change is durable.
async fn writers(stores: &[Arc<Store>], existing: usize) -> Run {
    let deadline = Instant::now() + Duration::from_secs(4);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..64usize {
        let store = Arc::clone(&stores[w % stores.len()]);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut n = w;
            while Instant::now() < deadline {
                let id = ticket_id(n % existing);
                n += 64;
                let entry = Entry::new(
                    Author::Owner,
                    format!("Follow-up number {n}, still broken."),
                    3,
                );
                let began = Instant::now();
                store
                    .transact(None, move |_| Decision {
                        changes: vec![Change::AddMessage { ticket: id, entry }],
                        outbox: None,
                        result: (),
                    })
                    .await
                    .unwrap();
                latencies.push(began.elapsed());
            }
            latencies
        }));
    }
    let latencies = gather(tasks).await;
    let elapsed = started.elapsed().as_secs_f64();
    Run {
        per_second: latencies.len() as f64 / elapsed,
        latencies,
    }
}

/// The bot on `fake` with one admin and a data folder `dir`, polling: it has
/// answered the admin's `/help` when this returns. Send on the sender to stop
/// it, then await the task.
/// A running bot: how to stop it, its task, and its HTTP port.
type Running = (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), support_bot::app::AppError>>,
    u16,
);

async fn start_bot(fake: &FakeTelegram, dir: &Path, limits: Limits) -> Running {
    let config = Config {
        bot_token: BotToken::new(TOKEN),
        admin_chat_ids: vec![ADMIN],
        api_url: fake.api_url().parse().unwrap(),
        data_file: dir.join("ticket_data.json"),
        store: Default::default(),
        http_port: 0,
        http_address: std::net::Ipv4Addr::LOCALHOST.into(),
        metrics_token: None,
        poll_timeout: Duration::from_secs(10),
        limits,
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
    };
    let app = App::build(config).await.unwrap();
    let port = app.http_port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));
    fake.push_text(ADMIN, "/help");
    assert!(
        fake.wait_sent_to(ADMIN, 1, Duration::from_secs(30)).await,
        "the bot answers"
    );
    (stop, running, port)
}

async fn e2e_bench(concurrent: usize, rounds: usize) -> Run {
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    let people = new_people(&fake, 2_000_000, concurrent * rounds);
    let dir = tempfile::tempdir().unwrap();
    let (stop, running, _) = start_bot(&fake, dir.path(), Limits::unlimited()).await;
    let started = Instant::now();
    let latencies = journeys(&fake, &people, concurrent, Duration::ZERO).await;
    let elapsed = started.elapsed().as_secs_f64();
    let _ = stop.send(());
    running.await.unwrap().unwrap();
    Run {
        per_second: latencies.len() as f64 / elapsed,
        latencies,
    }
}

/// `count` people with private chats, from chat id `first` on.
fn new_people(fake: &FakeTelegram, first: i64, count: usize) -> Vec<i64> {
    let people: Vec<i64> = (0..count).map(|n| first + n as i64).collect();
    for chat in &people {
        fake.add_private_chat(*chat, "Person", None);
    }
    people
}

/// Each of `people` opens a ticket (`/new`, then the description), by
/// `concurrent` workers at once: how long each journey took.
/// `people`'s journeys (`/new`, then a description), `concurrent` at a time,
/// each worker resting `gap` after each journey.
async fn journeys(
    fake: &FakeTelegram,
    people: &[i64],
    concurrent: usize,
    gap: Duration,
) -> Vec<Duration> {
    let mut tasks = Vec::new();
    for worker in 0..concurrent {
        let fake = fake.clone();
        let mine: Vec<i64> = people
            .iter()
            .skip(worker)
            .step_by(concurrent)
            .copied()
            .collect();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for chat in mine {
                let began = Instant::now();
                fake.push_text(chat, "/new");
                assert!(
                    fake.wait_sent_to(chat, 1, Duration::from_secs(60)).await,
                    "asked for a description"
                );
                fake.push_text(
                    chat,
                    "My parcel never arrived and the tracking page is empty.",
                );
                assert!(
                    fake.wait_sent_to(chat, 2, Duration::from_secs(60)).await,
                    "ticket confirmed"
                );
                latencies.push(began.elapsed());
                tokio::time::sleep(gap).await;
            }
            latencies
        }));
    }
    gather(tasks).await
}

/// At 100,000 tickets: people's journeys alone, then the same number of
/// journeys while 50 clients scrape `/metrics` and 50 search the inbox.
/// Twice: the clients asking without pause (their loop alone fills the
/// machine's cores, the bot's answers or not), then the clients asking all
/// at once once a second (50 scrapes and 50 searches at the same moment),
/// the journeys spread over several seconds. The figures and the search
/// must not slow the bot's own work (target: the journeys' p99 up by less
/// than 10 %).
async fn scans_bench(rows: &mut Vec<[String; 4]>) {
    const TICKETS: usize = 100_000;
    let dir = tempfile::tempdir().unwrap();
    write_store(&dir.path().join("ticket_data.json"), TICKETS);
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    let (stop, running, port) = start_bot(&fake, dir.path(), Limits::unlimited()).await;
    let base = format!("http://127.0.0.1:{port}");
    let auth = inbox_login();
    let mut first_person = 3_000_000;
    // (how the clients ask, their pause, journeys, the rest after each)
    let runs = [
        ("without pause", None, 400, Duration::ZERO),
        (
            "all at once, once a second",
            Some(Duration::from_secs(1)),
            1_600,
            Duration::from_millis(100),
        ),
    ];
    for (asking, pace, count, gap) in runs {
        let mut people = || {
            first_person += 1_000_000;
            new_people(&fake, first_person, count)
        };
        let alone = Run {
            per_second: 0.0,
            latencies: journeys(&fake, &people(), 20, gap).await,
        };
        rows.push(row(
            &format!("scans ({asking}): journeys at {TICKETS} tickets, quiet"),
            alone.latencies.len() as f64,
            " journeys",
            &alone,
        ));
        let busy = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let client = reqwest::Client::new();
        let began = tokio::time::Instant::now();
        let mut readers = Vec::new();
        for n in 0..100 {
            let (busy, client, auth) = (busy.clone(), client.clone(), auth.clone());
            let url = if n % 2 == 0 {
                format!("{base}/metrics")
            } else {
                // A word in every ticket's text: the search finds a full page.
                format!(
                    "{base}/api/tickets?tab=closed&q=power%20button&page={}",
                    n % 7
                )
            };
            readers.push(tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut round = 1;
                while busy.load(std::sync::atomic::Ordering::Relaxed) {
                    let asked = Instant::now();
                    let resp = client
                        .get(&url)
                        .header("authorization", &auth)
                        .send()
                        .await
                        .unwrap();
                    assert!(resp.status().is_success(), "{url}: {}", resp.status());
                    resp.bytes().await.unwrap();
                    latencies.push(asked.elapsed());
                    if let Some(pace) = pace {
                        // Every client at the same moment, once a second.
                        tokio::time::sleep_until(began + pace * round).await;
                        round = (began.elapsed().as_secs_f64() / pace.as_secs_f64()) as u32 + 1;
                    }
                }
                (n % 2 == 0, latencies)
            }));
        }
        let loaded = Run {
            per_second: 0.0,
            latencies: journeys(&fake, &people(), 20, gap).await,
        };
        busy.store(false, std::sync::atomic::Ordering::Relaxed);
        let (mut scrapes, mut searches) = (Vec::new(), Vec::new());
        for reader in readers {
            let (scrape, latencies) = reader.await.unwrap();
            if scrape { &mut scrapes } else { &mut searches }.extend(latencies);
        }
        rows.push(row(
            &format!("scans ({asking}): journeys at {TICKETS} tickets, 50 scrapes + 50 searches"),
            loaded.latencies.len() as f64,
            " journeys",
            &loaded,
        ));
        let p99 = |run: &Run| run.percentile(0.99).as_secs_f64();
        rows.push([
            format!("scans ({asking}): journey p99, busy / quiet"),
            format!("{:+.1} %", (p99(&loaded) / p99(&alone) - 1.0) * 100.0),
            String::new(),
            String::new(),
        ]);
        for (label, latencies) in [("/metrics", scrapes), ("search, a page", searches)] {
            let run = Run {
                per_second: 0.0,
                latencies,
            };
            rows.push(row(
                &format!("scans ({asking}): {label} at {TICKETS} tickets, 50 clients"),
                run.latencies.len() as f64,
                " answers",
                &run,
            ));
        }
    }
    let _ = stop.send(());
    running.await.unwrap().unwrap();
}

/// A team member's `Authorization` header for the inbox (`ADMIN`).
fn inbox_login() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let init_data = support_bot::web::auth::sign_init_data(
        &[
            ("auth_date", &now),
            ("user", &format!(r#"{{"id":{ADMIN},"first_name":"Alex"}}"#)),
        ],
        TOKEN,
    );
    format!("tma {init_data}")
}

async fn start_bench(rows: &mut Vec<[String; 4]>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket_data.json");
    write_store(&path, 100_000);
    {
        // Some changes on top, so the start replays a journal too.
        let store = Store::open(&path).unwrap();
        for n in 0..20_000usize {
            let id = ticket_id(n * 5 % 100_000);
            let entry = Entry::new(Author::Owner, "One more thing.", 4);
            let change = Change::AddMessage { ticket: id, entry };
            store
                .transact(None, move |_| Decision {
                    changes: vec![change],
                    outbox: None,
                    result: (),
                })
                .await
                .unwrap();
        }
    }
    let journal_lines = std::fs::read_to_string(path.with_extension("journal"))
        .unwrap()
        .lines()
        .count();
    let mut loads = Vec::new();
    for _ in 0..5 {
        let began = Instant::now();
        let store = Store::open(&path).unwrap();
        loads.push(began.elapsed());
        assert_eq!(store.read(|m| m.tickets.len()), 100_000);
    }
    let run = Run {
        per_second: 0.0,
        latencies: loads,
    };
    rows.push([
        format!("start: load 100000 tickets + {journal_lines} journal lines"),
        format!(
            "{:.0} ms (median of 5)",
            run.percentile(0.5).as_secs_f64() * 1000.0
        ),
        String::new(),
        String::new(),
    ]);

    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(9001, "Alex", None);
    let empty = tempfile::tempdir().unwrap();
    for (label, folder) in [
        ("empty store", empty.path()),
        ("100000 tickets", dir.path()),
    ] {
        let (ready, rss) = run_program(&fake, folder).await;
        rows.push([
            format!("program: {label}, resident memory when idle"),
            format!("{:.1} MB", rss as f64 / 1024.0),
            format!("ready in {:.0} ms", ready.as_secs_f64() * 1000.0),
            String::new(),
        ]);
    }
    for (label, menus_fail) in [("healthy", false), ("every menu call failing 500", true)] {
        let mut runs = Vec::new();
        for _ in 0..5 {
            runs.push(first_answer_of_program(menus_fail).await);
        }
        let run = Run {
            per_second: 0.0,
            latencies: runs,
        };
        rows.push([
            format!("program: start to a waiting /start answered, Bot API {label}"),
            format!(
                "{:.0} ms (median of 5)",
                run.percentile(0.5).as_secs_f64() * 1000.0
            ),
            String::new(),
            String::new(),
        ]);
    }
}

/// Starts the release program, waits until /status answers, lets it idle a
/// second and reads its resident memory (kB) from /proc.
async fn run_program(fake: &FakeTelegram, folder: &Path) -> (Duration, u64) {
    let began = Instant::now();
    let (mut child, port) = spawn_program(fake, folder);
    let url = format!("http://127.0.0.1:{port}/status");
    let ready = loop {
        if reqwest::get(&url)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            break began.elapsed();
        }
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "the program did not start"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id().unwrap()))
        .unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    child.kill().await.unwrap();
    (ready, rss)
}

/// The release program on `folder`, against `fake`, and its HTTP port.
fn spawn_program(fake: &FakeTelegram, folder: &Path) -> (tokio::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_support-bot"))
        .current_dir(folder)
        .env_clear()
        .env("BOT_TOKEN", TOKEN)
        .env("ADMIN_CHAT_ID", "9001")
        .env("BOT_API_URL", fake.api_url())
        .env("HTTP_PORT", port.to_string())
        .env("PUBLIC_URL", "https://support.example.com/")
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    (child, port)
}

/// From starting the release program (on an empty folder) to a person's
/// `/start`, waiting at Telegram from the first moment, being answered;
/// with every menu call failing 500 when `menus_fail`.
async fn first_answer_of_program(menus_fail: bool) -> Duration {
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    fake.add_private_chat(5_000_000, "Person", None);
    if menus_fail {
        for method in ["setMyCommands", "setChatMenuButton"] {
            fake.fail_method(method, fake_telegram::MethodFault::ServerError);
        }
    }
    fake.push_text(5_000_000, "/start");
    let folder = tempfile::tempdir().unwrap();
    let began = Instant::now();
    let (mut child, _) = spawn_program(&fake, folder.path());
    assert!(
        fake.wait_sent_to(5_000_000, 1, Duration::from_secs(120))
            .await,
        "/start never answered"
    );
    let took = began.elapsed();
    child.kill().await.unwrap();
    took
}

/// How a burst of people opening tickets at once went.
struct Burst {
    /// Each person and the time from their message to the fake accepting
    /// the bot's confirmation to them.
    confirmations: Vec<(i64, Duration)>,
    /// From the first message to the last confirmation accepted.
    all_confirmed: Duration,
    /// From the first message to the last admin notice accepted.
    admin_heard: Duration,
    /// The calls the fake hung up on during the burst.
    hung_up: Vec<Call>,
    /// The calls the fake answered 429.
    too_many_requests: usize,
}

/// Starts the bot against a fresh fake and a fresh data folder, makes sure
/// it is polling, then has `people` people (private chats 300000 + n) each
/// write one message at once, which opens a ticket. Waits until each has
/// the bot's confirmation and the admin chat has one notice per ticket.
///
/// `telegram_limits`: the fake enforces Telegram's flood limits with that
/// overall rate per second, from the start. `hang_up_one_in`: the fake
/// hangs up on one call in that many, from the burst on.
async fn burst(
    people: usize,
    limits: Limits,
    telegram_limits: Option<u32>,
    hang_up_one_in: Option<u32>,
) -> Burst {
    const WAIT: Duration = Duration::from_secs(600);
    let fake = FakeTelegram::start(TOKEN).await;
    if let Some(overall) = telegram_limits {
        fake.enforce_telegram_limits(overall);
    }
    fake.add_private_chat(ADMIN, "Alex", None);
    let people: Vec<i64> = (0..people).map(|n| 300_000 + n as i64).collect();
    for chat in &people {
        fake.add_private_chat(*chat, "Person", None);
    }
    let dir = tempfile::tempdir().unwrap();
    let (stop, running, _) = start_bot(&fake, dir.path(), limits).await;
    let heard_before = fake.sent().iter().filter(|m| m.chat_id == ADMIN).count();
    if let Some(n) = hang_up_one_in {
        fake.hang_up_one_in(n);
    }

    let started = Instant::now();
    let mut written = Vec::with_capacity(people.len());
    for chat in &people {
        written.push(Instant::now());
        fake.push_text(
            *chat,
            "My parcel never arrived and the tracking page is empty.",
        );
    }
    for chat in &people {
        assert!(
            fake.wait_sent_to(*chat, 1, WAIT).await,
            "person {chat} got no confirmation"
        );
    }
    assert!(
        fake.wait_sent_to(ADMIN, heard_before + people.len(), WAIT)
            .await,
        "the admin chat did not hear of every ticket"
    );
    let sent = fake.sent();
    let hung_up = fake.hung_up_calls();
    let too_many_requests = fake.too_many_requests();
    let _ = stop.send(());
    running.await.unwrap().unwrap();

    let confirmations: Vec<(i64, Duration)> = people
        .iter()
        .zip(&written)
        .map(|(chat, at)| {
            let confirmed = sent.iter().find(|m| m.chat_id == *chat).unwrap();
            (*chat, confirmed.at.duration_since(*at))
        })
        .collect();
    let last = |chats: &dyn Fn(i64) -> bool| {
        sent.iter()
            .filter(|m| chats(m.chat_id))
            .map(|m| m.at.duration_since(started))
            .max()
            .unwrap_or_default()
    };
    Burst {
        all_confirmed: last(&|chat| chat != ADMIN),
        admin_heard: last(&|chat| chat == ADMIN),
        confirmations,
        hung_up,
        too_many_requests,
    }
}

/// The chat a call was meant for, if it names one.
fn chat_of(call: &Call) -> Option<i64> {
    let chat = call.params.get("chat_id")?;
    chat.as_i64()
        .or_else(|| chat.as_str().and_then(|s| s.parse().ok()))
}

async fn faults_bench(rows: &mut Vec<[String; 4]>) {
    const PEOPLE: usize = 300;
    let clean = burst(PEOPLE, Limits::unlimited(), None, None).await;
    let clean = Run {
        per_second: 0.0,
        latencies: clean.confirmations.iter().map(|(_, d)| *d).collect(),
    };
    let faulty = burst(PEOPLE, Limits::unlimited(), None, Some(40)).await;
    let touched: Vec<i64> = faulty.hung_up.iter().filter_map(chat_of).collect();
    let untouched = Run {
        per_second: 0.0,
        latencies: faulty
            .confirmations
            .iter()
            .filter(|(chat, _)| !touched.contains(chat))
            .map(|(_, d)| *d)
            .collect(),
    };
    let ratio = untouched.percentile(0.99).as_secs_f64() / clean.percentile(0.99).as_secs_f64();
    let mut clean_row = row(
        &format!("faults: {PEOPLE} people, no faults: confirmation latency"),
        0.0,
        "",
        &clean,
    );
    clean_row[1] = format!("{} confirmed", clean.latencies.len());
    rows.push(clean_row);
    let mut faulty_row = row(
        &format!(
            "faults: {PEOPLE} people, 1 call in 40 hung up: \
             confirmation latency of people untouched by a fault"
        ),
        0.0,
        "",
        &untouched,
    );
    faulty_row[1] = format!("p99 {ratio:.2}x");
    rows.push(faulty_row);
}

async fn flood_bench(rows: &mut Vec<[String; 4]>) {
    const PEOPLE: usize = 100;
    let limits = Limits {
        per_chat_per_second: 1,
        per_chat_per_minute: 60,
        per_group_per_minute: 20,
        overall_per_second: 30,
        minute: Limits::MINUTE,
    };
    let b = burst(PEOPLE, limits, Some(30), None).await;
    let confirmations = Run {
        per_second: 0.0,
        latencies: b.confirmations.iter().map(|(_, d)| *d).collect(),
    };
    let mut confirmed = row(
        &format!("flood: {PEOPLE} people, Telegram's limits: everyone confirmed (latency)"),
        0.0,
        "",
        &confirmations,
    );
    confirmed[1] = format!("{:.2} s", b.all_confirmed.as_secs_f64());
    rows.push(confirmed);
    rows.push([
        format!("flood: {PEOPLE} people, Telegram's limits: admin chat heard of every ticket"),
        format!("{:.1} s", b.admin_heard.as_secs_f64()),
        String::new(),
        String::new(),
    ]);
    rows.push([
        format!("flood: {PEOPLE} people, Telegram's limits: 429 answers"),
        b.too_many_requests.to_string(),
        String::new(),
        String::new(),
    ]);
}

/// The resident memory of this process, in KB (Linux).
fn own_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The team's inbox over HTTP against 100,000 tickets: page sizes and the
/// time to the first byte (50 requests each, one at a time, signed in with
/// Telegram's initData), then 200 live streams held open.
async fn inbox_bench(rows: &mut Vec<[String; 4]>) {
    let dir = tempfile::tempdir().unwrap();
    write_store(&dir.path().join("ticket_data.json"), 100_000);
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    let mut config = Config {
        bot_token: BotToken::new(TOKEN),
        admin_chat_ids: vec![ADMIN],
        api_url: fake.api_url().parse().unwrap(),
        data_file: dir.path().join("ticket_data.json"),
        store: Default::default(),
        http_port: 0,
        http_address: std::net::Ipv4Addr::LOCALHOST.into(),
        metrics_token: None,
        poll_timeout: Duration::from_secs(10),
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
    };
    config.web.public_url = Some("https://support.example.com/".parse().unwrap());
    let app = App::build(config).await.unwrap();
    let base = format!("http://127.0.0.1:{}", app.http_port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));
    let auth = inbox_login();
    let client = reqwest::Client::new();
    let conversation = format!("/app/tickets/{}", ticket_id(99_998));
    for (label, path) in [
        ("inbox page /app", "/app"),
        ("JSON /api/tickets", "/api/tickets"),
        ("a conversation", conversation.as_str()),
    ] {
        let mut first_bytes = Vec::new();
        let mut size = 0;
        for _ in 0..50 {
            let began = Instant::now();
            let resp = client
                .get(format!("{base}{path}"))
                .header("authorization", &auth)
                .send()
                .await
                .unwrap();
            first_bytes.push(began.elapsed());
            assert!(resp.status().is_success(), "{path}: {}", resp.status());
            size = resp.bytes().await.unwrap().len();
        }
        let run = Run {
            per_second: 0.0,
            latencies: first_bytes,
        };
        rows.push([
            format!("inbox: {label}, 100000 tickets: size, time to first byte"),
            format!("{:.1} KB", size as f64 / 1024.0),
            format!("{:.2} ms", run.percentile(0.50).as_secs_f64() * 1000.0),
            format!("{:.2} ms", run.percentile(0.99).as_secs_f64() * 1000.0),
        ]);
    }

    let before = own_rss_kb();
    let mut streams = Vec::new();
    for _ in 0..200 {
        let resp = client
            .get(format!("{base}/api/events"))
            .header("authorization", &auth)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success());
        streams.push(resp);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = own_rss_kb();
    rows.push([
        "inbox: 200 live streams open: extra memory (server and client together)".into(),
        format!("{:.1} MB", after.saturating_sub(before) as f64 / 1024.0),
        String::new(),
        String::new(),
    ]);
    drop(streams);
    let _ = stop.send(());
    let _ = running.await;
}
