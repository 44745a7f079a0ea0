//! PostgreSQL for the tests. Each test gets a schema of its own in the
//! database of `DATABASE_URL` (default [`DEFAULT_URL`]), dropped afterwards.
//! In strict mode (`CI=true`, see [`crate::strict`]) a missing server fails
//! the test; elsewhere the test is skipped with one printed line naming
//! `DATABASE_URL`.
//!
//! [`on_postgres`] runs an existing journey (a `#[tokio::test]` function,
//! which is a plain function once expanded) with every bot it starts on
//! PostgreSQL: [`crate::helpers::test_config`] asks [`test_store`]. It then
//! checks the journey's records are rows of its schema, so a bot that
//! quietly used the JSON file instead fails the test.

use std::cell::RefCell;
use std::time::Duration;

use sqlx::{Connection, Executor, PgConnection};
use support_bot::config::{DatabaseUrl, StoreKind};

/// The server the tests use when `DATABASE_URL` is not set.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

thread_local! {
    /// The database URL (with its schema) of the test running on this
    /// thread, if it runs on PostgreSQL.
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The store of the bots the current test starts.
pub fn test_store() -> StoreKind {
    CURRENT
        .with(|c| c.borrow().clone())
        .map_or(StoreKind::Json, |url| StoreKind::Postgres {
            url: DatabaseUrl::new(url),
        })
}

fn base_url() -> String {
    std::env::var("DATABASE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_URL.to_string())
}

/// `url` with every connection's `search_path` set to `schema`.
pub fn with_schema(url: &str, schema: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}options=-c%20search_path%3D{schema}")
}

/// A schema of its own for one test, dropped (with everything in it) when
/// this is dropped.
pub struct TestDb {
    /// `DATABASE_URL` for the bot: the server's URL with the schema.
    pub url: String,
    pub schema: String,
    base: String,
}

impl TestDb {
    /// A fresh schema, or `None` after printing why when there is no
    /// server (panics instead in strict mode).
    pub async fn create() -> Option<TestDb> {
        let base = base_url();
        let connected =
            tokio::time::timeout(Duration::from_secs(5), PgConnection::connect(&base)).await;
        let mut conn = match connected {
            Ok(Ok(conn)) => conn,
            Ok(Err(error)) => return unavailable(&base, &error.to_string()),
            Err(_) => return unavailable(&base, "no answer within 5 s"),
        };
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        conn.execute(format!("CREATE SCHEMA {schema}").as_str())
            .await
            .expect("a schema can be created");
        let _ = conn.close().await;
        Some(TestDb {
            url: with_schema(&base, &schema),
            schema,
            base,
        })
    }

    /// The server's address, `host:port`.
    pub fn address(&self) -> String {
        let url = url::Url::parse(&self.base).expect("DATABASE_URL is a URL");
        format!(
            "{}:{}",
            url.host_str().unwrap_or("127.0.0.1"),
            url.port().unwrap_or(5432)
        )
    }

    /// The test's URL, but through `127.0.0.1:port` (a proxy in the test).
    pub fn url_through(&self, port: u16) -> String {
        let mut url = url::Url::parse(&self.base).expect("DATABASE_URL is a URL");
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(port)).unwrap();
        with_schema(url.as_str(), &self.schema)
    }
}

fn unavailable(base: &str, error: &str) -> Option<TestDb> {
    crate::strict::cannot_run(&format!(
        "no PostgreSQL at DATABASE_URL={base} ({error}); start one or set DATABASE_URL"
    ));
    None
}

impl TestDb {
    /// Waits until a bot on this schema holds `duty` (its session advisory
    /// lock, as the database lists it).
    pub async fn wait_for_duty(&self, duty: support_bot::store::pg::Duty) {
        let mut conn = PgConnection::connect(&self.base)
            .await
            .expect("the server still answers");
        // pg_advisory_lock(int4, int4) shows as (classid, objid, objsubid 2).
        let class = support_bot::store::pg::lock_class(&self.schema);
        let class = i64::from(u32::from_ne_bytes(class.to_ne_bytes()));
        let deadline = std::time::Instant::now() + crate::helpers::PATIENCE;
        loop {
            let held: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted \
                 AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2",
            )
            .bind(class)
            .bind(duty as i64)
            .fetch_one(&mut conn)
            .await
            .expect("pg_locks answers");
            if held > 0 {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "nobody took the {duty:?} duty"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let _ = conn.close().await;
    }

    /// How many journal records the bots wrote into this schema.
    pub async fn journal_rows(&self) -> i64 {
        let mut conn = PgConnection::connect(&self.base)
            .await
            .expect("the server still answers");
        let sql = format!("SELECT count(*) FROM {}.journal", self.schema);
        let rows = sqlx::query_scalar::<_, i64>(&sql)
            .fetch_one(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("no journal in schema {}: {e}", self.schema));
        let _ = conn.close().await;
        rows
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (base, schema) = (self.base.clone(), self.schema.clone());
        // Its own thread and runtime: this may run inside or outside one.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut conn = PgConnection::connect(&base).await?;
                // A bot's last write may hold a lock a moment longer.
                let sql = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
                let mut dropped = conn.execute(sql.as_str()).await.map(|_| ());
                for _ in 0..10 {
                    if dropped.is_ok() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    dropped = conn.execute(sql.as_str()).await.map(|_| ());
                }
                dropped?;
                conn.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test schema {}", self.schema);
        }
    }
}

/// Runs `journey` (an expanded `#[tokio::test]`) with its bots on a fresh
/// PostgreSQL schema; skipped without a server (see the module doc).
pub fn on_postgres(journey: fn()) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(db) = runtime.block_on(TestDb::create()) else {
        return;
    };
    drop(runtime);
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            CURRENT.with(|c| *c.borrow_mut() = None);
        }
    }
    CURRENT.with(|c| *c.borrow_mut() = Some(db.url.clone()));
    let reset = Reset;
    journey();
    drop(reset);
    // Proof the journey's bots used the database, not the JSON file.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let rows = runtime.block_on(db.journal_rows());
    assert!(
        rows > 0,
        "the journey wrote nothing into schema {}",
        db.schema
    );
    drop(db);
}
