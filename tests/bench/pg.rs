//! The PostgreSQL store against the JSON store (`cargo bench -- pg`):
//!
//! - durable changes per second, 64 writers, 1,000 tickets: the JSON store,
//!   PostgreSQL with one replica, and with two replicas (two stores on one
//!   schema, 32 writers each);
//! - webhook requests at 40 at once (Telegram's default `max_connections`;
//!   each a person's first message, which opens a ticket: a full step,
//!   answered 200 once saved), on the JSON store, PostgreSQL with one
//!   replica and with two (requests alternate): requests per second, p50
//!   and p99 of a request.
//!
//! Needs PostgreSQL at `DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`); each run gets its own schema,
//! dropped afterwards. Without a server these rows are skipped, except in
//! strict mode (`CI=true`, see `testkit::strict`), where the run
//! fails.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_telegram::FakeTelegram;
use sqlx::{Connection, Executor, PgConnection};
use support_bot::app::App;
use support_bot::config::{Config, DatabaseUrl, Mode, StoreKind};
use support_bot::store::Store;

use super::{gather, row, write_store, writers, Run, ADMIN, TOKEN};

const SECRET: &str = "bench-secret";

/// A schema of its own, dropped with this.
struct Schema {
    base: String,
    name: String,
    url: String,
}

impl Schema {
    async fn create() -> Option<Schema> {
        let base = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut conn = match PgConnection::connect(&base).await {
            Ok(conn) => conn,
            Err(e) => {
                super::strict::cannot_run(&format!(
                    "the PostgreSQL benchmarks: no server at DATABASE_URL={base}: {e}"
                ));
                return None;
            }
        };
        let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
        conn.execute(format!("CREATE SCHEMA {name}").as_str())
            .await
            .unwrap();
        let url = format!("{base}?options=-c%20search_path%3D{name}");
        Some(Schema { base, name, url })
    }

    async fn drop(self) {
        let mut conn = PgConnection::connect(&self.base).await.unwrap();
        // A snapshot row still being written may hold a lock a moment.
        for _ in 0..10 {
            let sql = format!("DROP SCHEMA {} CASCADE", self.name);
            if conn.execute(sql.as_str()).await.is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        eprintln!("could not drop the schema {}", self.name);
    }
}

pub async fn pg_bench(rows: &mut Vec<[String; 4]>) {
    const TICKETS: usize = 1_000;
    // Durable changes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket_data.json");
    write_store(&path, TICKETS);
    let json = Arc::new(Store::open(&path).unwrap());
    let r = writers(&[json], TICKETS).await;
    rows.push(row(
        "pg: changes/s, JSON store (for comparison)",
        r.per_second,
        "/s",
        &r,
    ));
    let Some(schema) = Schema::create().await else {
        return;
    };
    let model = support_bot::store::load_readonly(&path).unwrap();
    let (pool, _) = support_bot::store::pg::connect(&schema.url).await.unwrap();
    support_bot::store::pg::MIGRATOR.run(&pool).await.unwrap();
    support_bot::store::pg::import(&pool, &model).await.unwrap();
    pool.close().await;
    for replicas in [1, 2] {
        let mut stores = Vec::new();
        for _ in 0..replicas {
            stores.push(Arc::new(Store::open_postgres(&schema.url).await.unwrap()));
        }
        let r = writers(&stores, TICKETS).await;
        rows.push(row(
            &format!("pg: changes/s, PostgreSQL, {replicas} replica(s)"),
            r.per_second,
            "/s",
            &r,
        ));
    }
    schema.drop().await;

    // Webhook requests.
    let r = webhook(None, 1).await;
    rows.push(row(
        "pg: webhook requests/s, 40 at once, JSON store",
        r.per_second,
        "/s",
        &r,
    ));
    for replicas in [1, 2] {
        let Some(schema) = Schema::create().await else {
            return;
        };
        let r = webhook(Some(&schema.url), replicas).await;
        rows.push(row(
            &format!("pg: webhook requests/s, 40 at once, PostgreSQL, {replicas} replica(s)"),
            r.per_second,
            "/s",
            &r,
        ));
        schema.drop().await;
    }
}

/// `replicas` bots in webhook mode (on `url`, or one on a JSON store);
/// 40 posters, each posting first messages of new people (one request
/// after another) for 5 seconds.
async fn webhook(url: Option<&str>, replicas: usize) -> Run {
    // Telegram's default `max_connections`: at most 40 posts at once.
    const POSTERS: usize = 40;
    const PEOPLE: i64 = 20_000;
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    for n in 0..PEOPLE {
        fake.add_private_chat(3_000_000 + n, "Person", None);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut ports = Vec::new();
    let mut running = Vec::new();
    for _ in 0..replicas {
        let config = Config {
            store: url.map_or(StoreKind::Json, |u| StoreKind::Postgres {
                url: DatabaseUrl::new(u),
            }),
            poll_timeout: Duration::from_secs(10),
            mode: Mode::Webhook {
                url: "https://bot.example.com/".parse().unwrap(),
                secret: SECRET.into(),
                derived: false,
            },
            ..testkit::helpers::settings(
                TOKEN,
                &fake,
                dir.path().join("ticket_data.json"),
                &[ADMIN],
            )
        };
        let app = App::build(config).await.unwrap();
        ports.push(app.http_port());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(app.run(async move {
            let _ = stopped.await;
        }));
        running.push((stop, task));
    }
    let path = support_bot::bot::webhook::path(TOKEN);
    let client = reqwest::Client::new();
    // Warm up: each bot has set its webhook and answers.
    for (i, port) in ports.iter().enumerate() {
        let chat = 3_000_000 + PEOPLE - 1 - i as i64;
        let body = first_message(1_000_000 + i as i64, chat);
        post(&client, *port, &path, &body).await;
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    let started = Instant::now();
    // The posters run on a thread and runtime of their own, as Telegram is
    // another program: what is measured is the bot's answer, not the
    // posters' own work on the bot's threads.
    let posting = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let client = reqwest::Client::new();
            let mut tasks = Vec::new();
            for poster in 0..POSTERS {
                let (client, path, ports) = (client.clone(), path.clone(), ports.clone());
                tasks.push(tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    let mut n = poster as i64;
                    while Instant::now() < deadline && n < PEOPLE - 10 {
                        let body = first_message(n + 1, 3_000_000 + n);
                        let port = ports[n as usize % ports.len()];
                        let began = Instant::now();
                        post(&client, port, &path, &body).await;
                        latencies.push(began.elapsed());
                        n += POSTERS as i64;
                    }
                    latencies
                }));
            }
            gather(tasks).await
        })
    });
    let latencies = tokio::task::spawn_blocking(move || posting.join().unwrap())
        .await
        .unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    for (stop, task) in running {
        let _ = stop.send(());
        task.await.unwrap().unwrap();
    }
    Run {
        per_second: latencies.len() as f64 / elapsed,
        latencies,
    }
}

fn first_message(update_id: i64, chat: i64) -> serde_json::Value {
    serde_json::json!({"update_id": update_id, "message": {
        "message_id": update_id,
        "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "P"},
        "from": {"id": chat, "is_bot": false, "first_name": "P"},
        "text": "My parcel never arrived and the tracking page is empty."
    }})
}

async fn post(client: &reqwest::Client, port: u16, path: &str, body: &serde_json::Value) {
    let status = client
        .post(format!("http://127.0.0.1:{port}{path}"))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(body)
        .send()
        .await
        .expect("the bot answers")
        .status();
    assert_eq!(status, 200, "the update was saved");
}
