//! The PostgreSQL backend: the same journal records as the JSON store, kept
//! in a database that several copies of the bot share.
//!
//! - `journal(seq, record)`: one row per transaction, a [`Record`] as JSON;
//!   `handled_updates(update_id, key)`: the unique key that makes an update
//!   delivered twice (to this or another replica) a no-op;
//!   `snapshots(seq, model)`: the whole model, written once the rows since
//!   the last one outgrow it (and [`SNAPSHOT_AFTER_BYTES`]), so a start
//!   replays little and a change costs the same whatever the model's size. The schema is created and upgraded
//!   by the embedded migrations (`migrations/`), which sqlx runs under a
//!   PostgreSQL advisory lock, so replicas starting together do not race.
//! - Every replica keeps the model in memory, as the JSON store does.
//!   Writes are gathered in rounds, one SQL transaction each (group
//!   commit): the round takes the writers' advisory lock (transaction
//!   level, so the replicas take turns) and catches up with the rows other
//!   replicas wrote; then each writer of this replica decides in turn on
//!   the model, its update's row is inserted (the unique key) and its
//!   record applied in memory, so the next writer sees it; the round's
//!   journal rows are inserted in one statement and committed, and only
//!   then is each writer told its change is saved and may its messages be
//!   sent ([`PgStore::news`]). If the commit fails, everyone in the round
//!   gets the error and the model is read again from the database before
//!   the next write.
//! - A follower task reads new rows every [`FOLLOW_EVERY`], so reads
//!   (`/status`, `/metrics`, delivery) see the other replicas' work.
//! - A row this version cannot read (a newer release's format) is never
//!   skipped: the replica stops at the row before and steps aside (see
//!   [`Inner::halt`]).
//! - "Duties" held by one replica at a time (sending, polling) are
//!   session-level advisory locks, each on its own connection kept open:
//!   when the holder dies its connection closes, PostgreSQL releases the
//!   lock and another replica takes it within a second or two.
//! - When the database cannot be reached, a transaction fails with
//!   [`StoreError::Database`] (naming host, port and database, never the
//!   password) and the store counts as degraded until a write succeeds;
//!   appends that report what already happened (sent, relayed, confirmed)
//!   are queued and retried until the database is back.
//! - Changes recorded by delivery ([`PgStore::record`]: a topic made, a
//!   relay, the unreachable flag) are in the model at once, as on the JSON
//!   store, and committed in a later round: until then they are applied
//!   again on top of whatever is applied to the model (see `Inner::early`).

use std::collections::BTreeSet;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::types::Json;
use sqlx::Connection;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::journal::{Observer, Record, Unreadable, Written};
use super::{Committed, Decision, StoreError};
use crate::model::{Change, Model, FORMAT_VERSION};

/// The schema's migrations, embedded at build time from `migrations/`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// A snapshot row is written once the journal rows written since the last
/// one pass this size and the snapshot's size.
pub const SNAPSHOT_AFTER_BYTES: u64 = 4 * 1024 * 1024;
/// How many snapshot rows are kept; journal rows older than the oldest kept
/// snapshot are deleted.
const SNAPSHOTS_KEPT: i64 = 3;
/// How often a replica reads the rows other replicas wrote.
pub const FOLLOW_EVERY: Duration = Duration::from_millis(200);
/// How often a duty's holder checks its connection, and a waiting replica
/// tries to take the duty.
const DUTY_EVERY: Duration = Duration::from_millis(500);

/// Advisory-lock numbers (the second key; the first is derived from the
/// schema, so bots on different schemas of one database never meet).
const WRITERS: i32 = 0;

/// A job only one replica does at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duty {
    /// Sending the outbox to Telegram (so the flood limits hold for the bot
    /// as a whole).
    Send = 1,
    /// Calling `getUpdates` (Telegram allows one consumer per token).
    Poll = 2,
}

/// Figures about the database for `/metrics` and `/readyz`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DbFigures {
    /// The last query reached the database.
    pub reachable: bool,
    /// Connections of the pool in use and idle.
    pub in_use: u32,
    pub idle: u32,
}

/// Something that already happened, recorded by the appender task.
#[derive(Debug)]
enum Append {
    Sent(u64),
    /// Changes already applied in memory ([`Inner::early`], by this number).
    Changes(u64, Vec<Change>),
    Confirmed(i64),
}

struct Inner {
    pool: PgPool,
    options: PgConnectOptions,
    /// `host:port/database`, for messages (never the password).
    target: String,
    /// The first advisory-lock key: a hash of the schema's name.
    lock_class: i32,
    model: RwLock<Model>,
    /// The round of writes being gathered (see [`Round`]): this replica's
    /// writers decide one at a time, in it.
    round: tokio::sync::Mutex<Round>,
    /// Woken when a round has something to commit.
    commit_soon: tokio::sync::Notify,
    /// The model holds records that were never committed (their round
    /// failed): it is read again from the database before the next write.
    stale: AtomicBool,
    /// Bytes of journal rows this replica wrote since its last snapshot
    /// row, and the size of that snapshot: a new one is written once the
    /// rows outgrow it (as the JSON store compacts), so a change costs the
    /// same whatever the size of the model.
    journal_bytes: AtomicU64,
    snapshot_bytes: AtomicU64,
    degraded: AtomicBool,
    reachable: AtomicBool,
    fail_writes: AtomicBool,
    observer: OnceLock<Observer>,
    /// The last entry known to be committed, for those waiting for news
    /// (the model may be ahead of it while a round commits).
    committed: watch::Sender<u64>,
    /// Appends queued and appends written, for [`PgStore::flush`].
    queued: AtomicU64,
    written: watch::Sender<u64>,
    /// A row this version cannot read (its number and why): the model
    /// stays at the row before it, and this replica writes nothing more
    /// and holds no duty (see [`Inner::halt`]).
    halted: OnceLock<(u64, String)>,
    /// Changes recorded here ([`PgStore::record`]) and applied in memory at
    /// once, as on the JSON store, but not yet committed; by number, in the
    /// order recorded. The model is always the committed rows, the round's
    /// records, then these: whenever the model is rebuilt, or rows that
    /// may undo one are applied ([`sets_facts`]), these are applied again
    /// on top (they state facts, so applying one twice is applying it
    /// once), which is also the order they take in the journal when their
    /// round commits.
    early: Mutex<Vec<(u64, Vec<Change>)>>,
    next_early: AtomicU64,
}

/// The PostgreSQL store; see the module doc.
pub struct PgStore {
    inner: Arc<Inner>,
    appends: mpsc::UnboundedSender<Append>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
    duties: Mutex<Vec<(Duty, watch::Receiver<bool>)>>,
}

/// `host:port/database` of a connection's settings.
fn target_of(options: &PgConnectOptions) -> String {
    format!(
        "{}:{}/{}",
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or("postgres")
    )
}

/// Reads a `DATABASE_URL`; the error never shows the password.
pub fn parse_url(url: &str) -> Result<PgConnectOptions, String> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err("it must start with postgres:// or postgresql://".into());
    }
    PgConnectOptions::from_str(url).map_err(|e| {
        let text = e.to_string();
        match url::Url::parse(url)
            .ok()
            .and_then(|u| u.password().map(String::from))
        {
            Some(password) if !password.is_empty() => text.replace(&password, "***"),
            _ => text,
        }
    })
}

/// The first advisory-lock key for a schema (FNV-1a, the same in every
/// process); the second is the purpose, such as a [`Duty`].
pub fn lock_class(schema: &str) -> i32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in schema.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    i32::from_ne_bytes(hash.to_ne_bytes())
}

fn db_error(target: &str, error: &sqlx::Error) -> StoreError {
    StoreError::Database {
        target: target.to_string(),
        detail: error.to_string(),
    }
}

/// Connects, runs the migrations and reports the schema version: for
/// `check-config` and `migrate`.
pub async fn connect(url: &str) -> Result<(PgPool, String), StoreError> {
    let options = parse_url(url).map_err(|detail| StoreError::Database {
        target: "DATABASE_URL".into(),
        detail,
    })?;
    let target = target_of(&options);
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .map_err(|e| db_error(&target, &e))?;
    Ok((pool, target))
}

/// The newest migration applied (`None` for a database the bot never used).
pub async fn schema_version(pool: &PgPool) -> Result<Option<i64>, sqlx::Error> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    if !exists {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(pool)
        .await
}

/// The newest migration this program has.
pub fn latest_migration() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Why the database's data could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    /// A row this version cannot read (a newer version wrote it): what
    /// comes after it is not read either, so nothing is half-read.
    #[error("{row} {seq}: {why}")]
    Unreadable {
        row: &'static str,
        seq: u64,
        why: Unreadable,
    },
}

impl LoadError {
    /// As a [`StoreError`] of the database `target`.
    fn into_store(self, target: &str) -> StoreError {
        match self {
            LoadError::Database(e) => db_error(target, &e),
            unreadable @ LoadError::Unreadable { .. } => StoreError::Newer {
                path: format!("the database {target}").into(),
                detail: unreadable.to_string(),
            },
        }
    }
}

/// Reads the latest snapshot and the journal after it, changing nothing.
/// A row this version cannot read is an error naming it.
pub async fn load(pool: &PgPool) -> Result<Model, LoadError> {
    let mut conn = pool.acquire().await?;
    let mut model = latest_snapshot(&mut conn).await?.unwrap_or_default();
    let rows = rows_after(&mut conn, model.seq).await?;
    match apply_rows(&mut model, rows) {
        None => Ok(model),
        Some((seq, why)) => Err(LoadError::Unreadable {
            row: "journal row",
            seq,
            why,
        }),
    }
}

/// Counts of what a database holds: journal rows and snapshot rows.
pub async fn row_counts(pool: &PgPool) -> Result<(i64, i64), sqlx::Error> {
    let journal: i64 = sqlx::query_scalar("SELECT count(*) FROM journal")
        .fetch_one(pool)
        .await?;
    let snapshots: i64 = sqlx::query_scalar("SELECT count(*) FROM snapshots")
        .fetch_one(pool)
        .await?;
    Ok((journal, snapshots))
}

/// Writes `model` as the only row of an empty database (for `migrate`).
pub async fn import(pool: &PgPool, model: &Model) -> Result<(), StoreError> {
    let target = "the database";
    let mut tx = pool.begin().await.map_err(|e| db_error(target, &e))?;
    let (journal, snapshots): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM journal), (SELECT count(*) FROM snapshots)")
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| db_error(target, &e))?;
    if journal + snapshots > 0 {
        return Err(StoreError::Inconsistent(format!(
            "the database is not empty ({journal} journal rows, {snapshots} snapshots); nothing was copied"
        )));
    }
    sqlx::query("INSERT INTO snapshots (seq, model) VALUES ($1, $2)")
        .bind(seq_i64(model.seq))
        .bind(Json(model))
        .execute(&mut *tx)
        .await
        .map_err(|e| db_error(target, &e))?;
    let handled: Vec<(i64, String)> = model
        .updates
        .handled
        .iter()
        .map(|(id, key)| (*id, key.clone()))
        .collect();
    for (id, key) in handled {
        sqlx::query(
            "INSERT INTO handled_updates (update_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(key)
        .execute(&mut *tx)
        .await
        .map_err(|e| db_error(target, &e))?;
    }
    tx.commit().await.map_err(|e| db_error(target, &e))
}

fn seq_i64(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// The latest snapshot row; one of a newer format (or unreadable) is an
/// error naming it.
async fn latest_snapshot(conn: &mut PgConnection) -> Result<Option<Model>, LoadError> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, model::text FROM snapshots ORDER BY seq DESC LIMIT 1")
            .fetch_optional(conn)
            .await?;
    let Some((seq, text)) = row else {
        return Ok(None);
    };
    let unreadable = |why| LoadError::Unreadable {
        row: "snapshot row",
        seq: u64::try_from(seq).unwrap_or(0),
        why,
    };
    #[derive(serde::Deserialize)]
    struct Probe {
        version: Option<u64>,
    }
    let version = serde_json::from_str::<Probe>(&text)
        .ok()
        .and_then(|p| p.version)
        .unwrap_or(1);
    if version > u64::from(FORMAT_VERSION) {
        return Err(unreadable(Unreadable::Newer(version)));
    }
    let mut model: Model =
        serde_json::from_str(&text).map_err(|e| unreadable(Unreadable::Invalid(e.to_string())))?;
    model.reindex();
    Ok(Some(model))
}

/// A journal row: its number and its record, or why it cannot be read.
type Row = (u64, Result<Record, Unreadable>);

async fn rows_after(conn: &mut PgConnection, seq: u64) -> Result<Vec<Row>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT seq, record::text FROM journal WHERE seq > $1 ORDER BY seq")
            .bind(seq_i64(seq))
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(seq, text)| {
            (
                u64::try_from(seq).unwrap_or(0),
                Record::read(text.as_bytes()),
            )
        })
        .collect())
}

/// Applies rows in order up to the first this version cannot read, which
/// is returned (nothing after it is applied: the model would no longer be
/// the one the other replicas have).
fn apply_rows(model: &mut Model, rows: Vec<Row>) -> Option<(u64, Unreadable)> {
    for (seq, row) in rows {
        match row {
            Ok(record) => apply_in_order(model, record),
            Err(_) if seq <= model.seq => {}
            Err(why) => return Some((seq, why)),
        }
    }
    None
}

/// Whether a record sets something that changes recorded early
/// ([`Inner::early`]) may set too, and so may have undone one of them: a
/// topic, the unreachable flag, an admin chat's move. (Relays never
/// collide: each is keyed by a message id of its own.) Only then are the
/// early changes applied again, so that the usual records cost nothing
/// more however many wait to be committed.
fn sets_facts(record: &Record) -> bool {
    record.changes.iter().any(|c| {
        matches!(
            c,
            Change::Topic { .. } | Change::Unreachable { .. } | Change::AdminMoved { .. }
        )
    })
}

/// Applies the next record; one that is older is skipped, one the model
/// refuses is logged and passed over (every replica does the same).
fn apply_in_order(model: &mut Model, record: Record) {
    if record.seq <= model.seq {
        return;
    }
    let seq = record.seq;
    if let Err(error) = record.apply(model) {
        tracing::error!(seq, %error, "a journal entry could not be applied and was passed over");
        model.seq = seq;
    }
}

/// The round of writes being gathered into one SQL transaction: the
/// transaction (begun, writers' lock taken, caught up) and the records
/// decided in it so far, already applied to the model.
struct Round {
    tx: Option<sqlx::Transaction<'static, sqlx::Postgres>>,
    records: Vec<Record>,
    /// Told how the round's commit went: the last entry committed, or why not.
    outcome: watch::Sender<Option<Result<u64, String>>>,
    /// The outcome of the round being committed now: the next round waits
    /// for it before reading the model (a failed commit makes it stale).
    committing: Option<watch::Receiver<Option<Result<u64, String>>>>,
}

impl Default for Round {
    fn default() -> Round {
        Round {
            tx: None,
            records: Vec::new(),
            outcome: watch::channel(None).0,
            committing: None,
        }
    }
}

impl Inner {
    fn read(&self) -> RwLockReadGuard<'_, Model> {
        self.model.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Model> {
        self.model.write().unwrap_or_else(|e| e.into_inner())
    }

    fn err(&self, error: &sqlx::Error) -> StoreError {
        db_error(&self.target, error)
    }

    fn observe(&self, written: Written) {
        if let Some(observer) = self.observer.get() {
            observer(written);
        }
    }

    /// Entries up to `seq` are committed: tells those waiting for news, and
    /// writes a snapshot row when one is due and the model holds nothing
    /// uncommitted.
    fn committed_up_to(&self, seq: u64) {
        self.committed.send_if_modified(|c| {
            let newer = seq > *c;
            *c = (*c).max(seq);
            newer
        });
        let due = self.journal_bytes.load(Ordering::SeqCst)
            > SNAPSHOT_AFTER_BYTES.max(self.snapshot_bytes.load(Ordering::SeqCst));
        if !due {
            return;
        }
        let snapshot = {
            let model = self.read();
            let early = !self
                .early
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .is_empty();
            (model.seq == seq && !early)
                .then(|| serde_json::to_string(&*model).ok())
                .flatten()
        };
        if let Some(snapshot) = snapshot {
            self.journal_bytes.store(0, Ordering::SeqCst);
            self.snapshot_bytes
                .store(snapshot.len() as u64, Ordering::SeqCst);
            let pool = self.pool.clone();
            tokio::spawn(async move {
                if let Err(error) = write_snapshot(&pool, seq, snapshot).await {
                    tracing::warn!(%error, "could not write a snapshot row; tried again later");
                }
            });
        }
    }

    /// Applies committed rows read from the journal, up to one this
    /// version cannot read (which halts this replica).
    fn apply_read(&self, rows: Vec<Row>) {
        let (unreadable, last) = {
            let mut model = self.write();
            let again = rows
                .iter()
                .any(|(_, row)| row.as_ref().is_ok_and(sets_facts));
            let unreadable = apply_rows(&mut model, rows);
            if again {
                self.reapply_early(&mut model);
            }
            (unreadable, model.seq)
        };
        if let Some((seq, why)) = unreadable {
            self.halt(seq, &why);
        }
        self.committed_up_to(last);
    }

    /// A row this version cannot read, e.g. written by a newer release
    /// during a rolling upgrade. Skipping it would leave this replica with
    /// a model the others do not have (a ticket it never saw, a state it
    /// missed) and every later decision made on it would be wrong; so the
    /// row is kept, this replica's model stays at the row before, and it
    /// stops writing and gives up its duties (a replica that reads the row
    /// takes them). Logged once at error with the row's number, counted,
    /// shown on `/readyz` (not ready, so a balancer sends work elsewhere).
    fn halt(&self, seq: u64, why: &Unreadable) {
        if self.halted.set((seq, why.to_string())).is_ok() {
            tracing::error!(seq, error = %why,
                "a journal row this version cannot read; it is kept, and this replica reads and writes nothing past it and gives up its duties: run the version that wrote it");
            self.observe(Written::Unreadable(seq));
        }
    }

    /// The latest snapshot row; `None` after halting on one this version
    /// cannot read.
    async fn latest_snapshot(
        &self,
        conn: &mut PgConnection,
    ) -> Result<Option<Option<Model>>, sqlx::Error> {
        match latest_snapshot(conn).await {
            Ok(snapshot) => Ok(Some(snapshot)),
            Err(LoadError::Database(e)) => Err(e),
            Err(LoadError::Unreadable { seq, why, .. }) => {
                self.halt(seq, &why);
                Ok(None)
            }
        }
    }

    /// Applies the changes recorded here but not yet committed on top of
    /// `model` (see [`Inner::early`]). Called with the model's write lock.
    fn reapply_early(&self, model: &mut Model) {
        let early = self.early.lock().unwrap_or_else(|e| e.into_inner());
        for (_, changes) in early.iter() {
            if model.check(changes).is_ok() {
                for change in changes.clone() {
                    let _ = model.apply(change);
                }
            }
        }
    }

    /// Applies records of this replica's round, then what is recorded
    /// early on top when they may have changed it.
    fn apply_own(&self, records: &[Record]) {
        let mut model = self.write();
        for record in records {
            apply_in_order(&mut model, record.clone());
        }
        if records.iter().any(sets_facts) {
            self.reapply_early(&mut model);
        }
    }

    /// The error a write gets once this replica is halted.
    fn halted_error(&self) -> Option<StoreError> {
        self.halted.get().map(|(seq, why)| StoreError::Database {
            target: self.target.clone(),
            detail: format!(
                "journal row {seq} cannot be read by this version ({why}); this replica writes nothing more"
            ),
        })
    }

    /// Reads the rows past the model's entry and applies them. If rows were
    /// folded into a snapshot meanwhile (a gap), or this replica's model
    /// holds writes that were never committed, starts from the latest
    /// snapshot.
    async fn catch_up(&self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.halted.get().is_some() {
            return Ok(());
        }
        if self.stale.load(Ordering::SeqCst) {
            let Some(snapshot) = self.latest_snapshot(conn).await? else {
                return Ok(());
            };
            let mut model = snapshot.unwrap_or_default();
            let rows = rows_after(conn, model.seq).await?;
            let unreadable = apply_rows(&mut model, rows);
            if let Some((seq, why)) = unreadable {
                self.halt(seq, &why);
            }
            let seq = model.seq;
            self.reapply_early(&mut model);
            *self.write() = model;
            self.stale.store(false, Ordering::SeqCst);
            tracing::info!(seq, "the model was read again from the database");
            self.committed.send_replace(seq);
            return Ok(());
        }
        let from = self.read().seq;
        let mut rows = rows_after(conn, from).await?;
        // Rows folded into a snapshot meanwhile: a gap, or nothing new but
        // a newer snapshot.
        let folded = match rows.first() {
            Some((first, _)) => *first != from + 1,
            None => {
                let newest: Option<i64> = sqlx::query_scalar("SELECT max(seq) FROM snapshots")
                    .fetch_one(&mut *conn)
                    .await?;
                newest.is_some_and(|n| n > seq_i64(from))
            }
        };
        if folded {
            let Some(snapshot) = self.latest_snapshot(conn).await? else {
                return Ok(());
            };
            if let Some(mut snapshot) = snapshot.filter(|s| s.seq > from) {
                let seq = snapshot.seq;
                self.reapply_early(&mut snapshot);
                *self.write() = snapshot;
                rows.retain(|(r, _)| *r > seq);
                self.committed_up_to(seq);
            }
        }
        self.apply_read(rows);
        Ok(())
    }

    async fn lock_writers(&self, conn: &mut PgConnection) -> Result<(), sqlx::Error> {
        if self.fail_writes.load(Ordering::SeqCst) {
            return Err(sqlx::Error::Protocol(
                "writes are failing on purpose (drill)".into(),
            ));
        }
        sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind(self.lock_class)
            .bind(WRITERS)
            .execute(conn)
            .await
            .map(|_| ())
    }

    /// Begins the round's transaction if it has none: writers' lock, then
    /// the rows other replicas wrote.
    async fn open_round(&self, round: &mut Round) -> Result<(), StoreError> {
        if round.tx.is_some() {
            return Ok(());
        }
        if let Some(mut committing) = round.committing.take() {
            let _ = wait_outcome(&mut committing).await;
        }
        let mut tx = self.pool.begin().await.map_err(|e| self.err(&e))?;
        self.lock_writers(&mut tx).await.map_err(|e| self.err(&e))?;
        self.catch_up(&mut tx).await.map_err(|e| self.err(&e))?;
        round.tx = Some(tx);
        Ok(())
    }

    /// The round's transaction broke: everyone in it is told, and the
    /// records already applied in memory make the model stale.
    fn fail_round(&self, round: &mut Round, error: &StoreError) {
        round.tx = None;
        if !std::mem::take(&mut round.records).is_empty() {
            self.stale.store(true, Ordering::SeqCst);
        }
        let outcome = std::mem::replace(&mut round.outcome, watch::channel(None).0);
        outcome.send_replace(Some(Err(error.to_string())));
        self.wrote(
            Instant::now(),
            &Err::<(), _>(StoreError::Database {
                target: self.target.clone(),
                detail: error.to_string(),
            }),
        );
    }

    /// A round with nothing decided in it gives its transaction (and the
    /// writers' lock) back at once.
    fn close_if_empty(round: &mut Round) {
        if round.records.is_empty() {
            round.tx = None;
        }
    }

    /// Tells the observer and the degraded flag how a write went.
    fn wrote<T>(&self, started: Instant, result: &Result<T, StoreError>) {
        match result {
            Ok(_) => {
                self.observe(Written::Took(started.elapsed()));
                self.reachable.store(true, Ordering::SeqCst);
                if self.degraded.swap(false, Ordering::SeqCst) {
                    tracing::info!(database = %self.target, "writes to the database work again");
                }
            }
            Err(StoreError::Database { .. }) => {
                self.observe(Written::Failed);
                if !self.degraded.swap(true, Ordering::SeqCst) {
                    tracing::error!(database = %self.target,
                        "cannot write to the database; nothing is confirmed until writes work again");
                }
            }
            Err(_) => {}
        }
    }

    /// Decides in the current round and waits for its commit.
    async fn transact<R>(
        &self,
        update: Option<(i64, String)>,
        decide: impl FnOnce(&Model) -> Decision<R>,
    ) -> Result<Committed<R>, StoreError> {
        if let Some(error) = self.halted_error() {
            return Err(error);
        }
        let (seq, result, mut outcome) = {
            let mut round = self.round.lock().await;
            if let Err(error) = self.open_round(&mut round).await {
                self.fail_round(&mut round, &error);
                return Err(error);
            }
            let decided = {
                let model = self.read();
                match &update {
                    Some((id, key)) if model.updates.is_handled(*id, key) => None,
                    _ => {
                        let decision = decide(&model);
                        let check = model.check(&decision.changes);
                        Some((model.seq + 1, decision, check))
                    }
                }
            };
            let Some((seq, decision, check)) = decided else {
                Self::close_if_empty(&mut round);
                return Ok(Committed::Duplicate);
            };
            if decision.changes.is_empty() && decision.outbox.is_none() && update.is_none() {
                Self::close_if_empty(&mut round);
                return Ok(Committed::Unchanged(decision.result));
            }
            if let Err(problem) = check {
                Self::close_if_empty(&mut round);
                return Err(StoreError::Inconsistent(problem));
            }
            if let Some((id, key)) = &update {
                let tx = round.tx.as_mut().expect("the round is open");
                let inserted = sqlx::query(
                    "INSERT INTO handled_updates (update_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(key)
                .execute(&mut **tx)
                .await;
                match inserted {
                    Ok(done) if done.rows_affected() == 0 => {
                        // Handled before, though no longer listed in the model.
                        Self::close_if_empty(&mut round);
                        return Ok(Committed::Duplicate);
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let error = self.err(&e);
                        self.fail_round(&mut round, &error);
                        return Err(error);
                    }
                }
            }
            let mut record = Record::new(seq);
            record.update = update;
            record.changes = decision.changes;
            record.outbox = decision.outbox;
            self.apply_own(std::slice::from_ref(&record));
            round.records.push(record);
            self.commit_soon.notify_one();
            (seq, decision.result, round.outcome.subscribe())
        };
        match wait_outcome(&mut outcome).await {
            Ok(last) if last >= seq => Ok(Committed::Saved { seq, result }),
            Ok(_) => Err(StoreError::Closed),
            Err(detail) => Err(StoreError::Database {
                target: self.target.clone(),
                detail,
            }),
        }
    }

    /// Records a batch of appends in the current round and waits for its commit.
    async fn append(&self, batch: &[Append]) -> Result<(), StoreError> {
        if let Some(error) = self.halted_error() {
            return Err(error);
        }
        let mut outcome = {
            let mut round = self.round.lock().await;
            if let Err(error) = self.open_round(&mut round).await {
                self.fail_round(&mut round, &error);
                return Err(error);
            }
            let records = {
                let model = self.read();
                let mut seq = model.seq;
                let mut sent = BTreeSet::new();
                let mut records = Vec::new();
                for job in batch {
                    let mut record = Record::new(seq + 1);
                    match job {
                        Append::Sent(s) => {
                            // Already recorded (by another replica, or twice here).
                            if !model.outbox.contains_key(s) || !sent.insert(*s) {
                                continue;
                            }
                            record.sent = Some(*s);
                        }
                        Append::Changes(_, changes) => {
                            if let Err(error) = model.check(changes) {
                                tracing::error!(%error, "could not record a change");
                                continue;
                            }
                            record.changes = changes.clone();
                        }
                        Append::Confirmed(offset) => {
                            if model.updates.confirmed == Some(*offset)
                                && model.updates.handled.is_empty()
                            {
                                continue;
                            }
                            record.confirmed = Some(*offset);
                        }
                    }
                    seq += 1;
                    records.push(record);
                }
                records
            };
            if records.is_empty() {
                Self::close_if_empty(&mut round);
                return Ok(());
            }
            self.apply_own(&records);
            round.records.extend(records);
            self.commit_soon.notify_one();
            round.outcome.subscribe()
        };
        wait_outcome(&mut outcome)
            .await
            .map(|_| ())
            .map_err(|detail| StoreError::Database {
                target: self.target.clone(),
                detail,
            })
    }

    /// Writes a snapshot of the model now and deletes every journal row and
    /// older snapshot it includes. Called with the round empty.
    async fn compact(&self, round: &mut Round) -> Result<(), StoreError> {
        if let Some(error) = self.halted_error() {
            return Err(error);
        }
        self.open_round(round).await?;
        let mut tx = round.tx.take().expect("the round is open");
        let (seq, model) = {
            let model = self.read();
            let json = serde_json::to_value(&*model)
                .map_err(|e| StoreError::Inconsistent(e.to_string()))?;
            (seq_i64(model.seq), json)
        };
        let statements = [
            "INSERT INTO snapshots (seq, model) VALUES ($1, $2) ON CONFLICT (seq) DO UPDATE SET model = EXCLUDED.model, at = now()",
            "DELETE FROM snapshots WHERE seq < $1",
            "DELETE FROM journal WHERE seq <= $1",
        ];
        for (i, sql) in statements.into_iter().enumerate() {
            let query = sqlx::query(sql).bind(seq);
            let query = if i == 0 { query.bind(&model) } else { query };
            query.execute(&mut *tx).await.map_err(|e| self.err(&e))?;
        }
        tx.commit().await.map_err(|e| self.err(&e))
    }
}

/// Waits until the round is committed (or failed).
async fn wait_outcome(
    outcome: &mut watch::Receiver<Option<Result<u64, String>>>,
) -> Result<u64, String> {
    match outcome.wait_for(Option::is_some).await {
        Ok(done) => done.clone().unwrap_or(Err("no outcome".into())),
        Err(_) => Err("the store is closing".into()),
    }
}

/// Commits rounds as they fill: takes the round (so the next writers begin
/// the next one, waiting for the writers' lock meanwhile and so gathering
/// into it), inserts its journal rows in one statement and commits.
async fn commit_rounds(inner: Arc<Inner>) {
    loop {
        inner.commit_soon.notified().await;
        let (tx, records, outcome) = {
            let mut round = inner.round.lock().await;
            if round.records.is_empty() {
                Inner::close_if_empty(&mut round);
                continue;
            }
            let Some(tx) = round.tx.take() else {
                continue;
            };
            let outcome = std::mem::replace(&mut round.outcome, watch::channel(None).0);
            round.committing = Some(outcome.subscribe());
            (tx, std::mem::take(&mut round.records), outcome)
        };
        let started = Instant::now();
        let last = records.last().map_or(0, |r| r.seq);
        let result = commit(tx, &records).await.map_err(|e| inner.err(&e));
        inner.wrote(started, &result);
        match result {
            Ok(bytes) => {
                inner.journal_bytes.fetch_add(bytes, Ordering::SeqCst);
                inner.committed_up_to(last);
                outcome.send_replace(Some(Ok(last)));
            }
            Err(error) => {
                // The records are in memory but not in the database.
                inner.stale.store(true, Ordering::SeqCst);
                outcome.send_replace(Some(Err(error.to_string())));
            }
        }
    }
}

/// Inserts the round's rows and commits; returns the bytes written.
async fn commit(
    mut tx: sqlx::Transaction<'static, sqlx::Postgres>,
    records: &[Record],
) -> Result<u64, sqlx::Error> {
    let seqs: Vec<i64> = records.iter().map(|r| seq_i64(r.seq)).collect();
    let texts: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(r).expect("journal entries always serialise"))
        .collect();
    sqlx::query(
        "INSERT INTO journal (seq, record) SELECT s, r::jsonb FROM UNNEST($1::int8[], $2::text[]) AS t(s, r)",
    )
    .bind(seqs)
    .bind(&texts)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(texts.iter().map(|t| t.len() as u64).sum())
}

/// Saves a snapshot row and drops what the kept snapshots make unneeded.
async fn write_snapshot(pool: &PgPool, seq: u64, model: String) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO snapshots (seq, model) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING")
        .bind(seq_i64(seq))
        .bind(model)
        .execute(&mut *tx)
        .await?;
    let oldest: Option<i64> = sqlx::query_scalar(
        "SELECT min(seq) FROM (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT $1) kept",
    )
    .bind(SNAPSHOTS_KEPT)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(oldest) = oldest {
        sqlx::query("DELETE FROM snapshots WHERE seq < $1")
            .bind(oldest)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM journal WHERE seq <= $1")
            .bind(oldest)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM handled_updates WHERE at < now() - interval '7 days'")
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

impl PgStore {
    /// Connects, migrates the schema (under an advisory lock), loads the
    /// latest snapshot and the journal after it, and starts the follower
    /// and the appender.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let options = parse_url(url).map_err(|detail| StoreError::Database {
            target: "DATABASE_URL".into(),
            detail,
        })?;
        let target = target_of(&options);
        let err = |e: &sqlx::Error| db_error(&target, e);
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options.clone())
            .await
            .map_err(|e| err(&e))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Database {
                target: target.clone(),
                detail: format!("the schema could not be migrated: {e}"),
            })?;
        let schema: Option<String> = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(&pool)
            .await
            .map_err(|e| err(&e))?;
        // A row this version cannot read halts the replica (see
        // `Inner::halt`) once it runs; a snapshot it cannot read leaves
        // nothing to start from.
        let mut conn = pool.acquire().await.map_err(|e| err(&e))?;
        let mut model = latest_snapshot(&mut conn)
            .await
            .map_err(|e| e.into_store(&target))?
            .unwrap_or_default();
        let rows = rows_after(&mut conn, model.seq)
            .await
            .map_err(|e| err(&e))?;
        let unreadable = apply_rows(&mut model, rows);
        drop(conn);
        let seq = model.seq;
        let inner = Arc::new(Inner {
            pool,
            options,
            target,
            lock_class: lock_class(schema.as_deref().unwrap_or("public")),
            model: RwLock::new(model),
            round: tokio::sync::Mutex::new(Round::default()),
            commit_soon: tokio::sync::Notify::new(),
            stale: AtomicBool::new(false),
            journal_bytes: AtomicU64::new(0),
            snapshot_bytes: AtomicU64::new(0),
            degraded: AtomicBool::new(false),
            reachable: AtomicBool::new(true),
            fail_writes: AtomicBool::new(false),
            observer: OnceLock::new(),
            committed: watch::channel(seq).0,
            queued: AtomicU64::new(0),
            written: watch::channel(0).0,
            halted: OnceLock::new(),
            early: Mutex::new(Vec::new()),
            next_early: AtomicU64::new(0),
        });
        if let Some((seq, why)) = unreadable {
            inner.halt(seq, &why);
        }
        let (appends, queue) = mpsc::unbounded_channel();
        let tasks = vec![
            tokio::spawn(follow(Arc::clone(&inner))),
            tokio::spawn(commit_rounds(Arc::clone(&inner))),
            tokio::spawn(append_all(Arc::clone(&inner), queue)),
        ];
        Ok(PgStore {
            inner,
            appends,
            tasks: Mutex::new(tasks),
            duties: Mutex::new(Vec::new()),
        })
    }

    /// `host:port/database`.
    pub fn target(&self) -> &str {
        &self.inner.target
    }

    pub fn read<R>(&self, f: impl FnOnce(&Model) -> R) -> R {
        f(&self.inner.read())
    }

    pub fn observe_writes(&self, observer: Observer) {
        if let Some((seq, _)) = self.inner.halted.get() {
            // Found while opening, before anyone observed.
            observer(Written::Unreadable(*seq));
        }
        if self.inner.observer.set(observer).is_err() {
            tracing::debug!("the store's writes are already observed");
        }
    }

    /// The journal row this replica cannot read and stopped at, if any.
    pub fn unreadable(&self) -> Option<u64> {
        self.inner.halted.get().map(|(seq, _)| *seq)
    }

    pub fn is_degraded(&self) -> bool {
        self.inner.degraded.load(Ordering::SeqCst)
    }

    pub fn set_fail_writes(&self, fail: bool) {
        self.inner.fail_writes.store(fail, Ordering::SeqCst);
    }

    pub fn figures(&self) -> DbFigures {
        let size = self.inner.pool.size();
        let idle = u32::try_from(self.inner.pool.num_idle()).unwrap_or(u32::MAX);
        DbFigures {
            reachable: self.inner.reachable.load(Ordering::SeqCst),
            in_use: size.saturating_sub(idle),
            idle,
        }
    }

    /// The last committed entry as it changes (written here or read from
    /// other replicas). The model may hold later entries whose commit is
    /// under way: only entries up to this one may be acted on (sent).
    pub fn news(&self) -> watch::Receiver<u64> {
        self.inner.committed.subscribe()
    }

    pub async fn transact<R>(
        &self,
        update: Option<(i64, String)>,
        decide: impl FnOnce(&Model) -> Decision<R>,
    ) -> Result<Committed<R>, StoreError> {
        self.inner.transact(update, decide).await
    }

    fn queue(&self, append: Append) {
        self.inner.queued.fetch_add(1, Ordering::SeqCst);
        if self.appends.send(append).is_err() {
            tracing::error!("the store is closed; an append was dropped");
        }
    }

    pub fn mark_sent(&self, seq: u64) {
        self.queue(Append::Sent(seq));
    }

    /// Records changes that report what already happened: applied to the
    /// model at once (the next read sees them, as on the JSON store), and
    /// committed in a later round without waiting (see [`Inner::early`]).
    pub fn record(&self, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        let id = self.inner.next_early.fetch_add(1, Ordering::SeqCst);
        {
            let mut model = self.inner.write();
            if let Err(error) = model.check(&changes) {
                tracing::error!(%error, "could not record a change");
                return;
            }
            for change in changes.clone() {
                let _ = model.apply(change);
            }
            self.inner
                .early
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((id, changes.clone()));
        }
        self.queue(Append::Changes(id, changes));
    }

    pub fn note_confirmed(&self, offset: i64) {
        self.queue(Append::Confirmed(offset));
    }

    pub async fn compact_now(&self) -> Result<(), StoreError> {
        self.flush().await?;
        loop {
            let mut round = self.inner.round.lock().await;
            if round.tx.is_some() {
                // A round is committing or gathering: after it.
                drop(round);
                tokio::time::sleep(Duration::from_millis(5)).await;
                continue;
            }
            let started = Instant::now();
            let result = self.inner.compact(&mut round).await;
            self.inner.wrote(started, &result);
            return result;
        }
    }

    /// Waits until every append queued so far is written.
    pub async fn flush(&self) -> Result<(), StoreError> {
        let target = self.inner.queued.load(Ordering::SeqCst);
        let mut written = self.inner.written.subscribe();
        written
            .wait_for(|w| *w >= target)
            .await
            .map(|_| ())
            .map_err(|_| StoreError::Closed)
    }

    /// Whether this replica holds `duty` now; the first call starts trying
    /// to take it, and keeps trying for as long as the store is open.
    pub fn duty(&self, duty: Duty) -> watch::Receiver<bool> {
        let mut duties = self.duties.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, held)) = duties.iter().find(|(d, _)| *d == duty) {
            return held.clone();
        }
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(hold(Arc::clone(&self.inner), duty, tx));
        self.tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(task);
        duties.push((duty, rx.clone()));
        rx
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        for task in self
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            task.abort();
        }
    }
}

/// Reads the other replicas' rows every [`FOLLOW_EVERY`].
async fn follow(inner: Arc<Inner>) {
    loop {
        tokio::time::sleep(FOLLOW_EVERY).await;
        let result = async {
            let mut conn = inner.pool.acquire().await?;
            if inner.stale.load(Ordering::SeqCst) {
                // Read again only between rounds (a round reads again itself).
                if let Ok(round) = inner.round.try_lock() {
                    if round.tx.is_none() {
                        inner.catch_up(&mut conn).await?;
                    }
                }
                return Ok(());
            }
            inner.catch_up(&mut conn).await
        }
        .await;
        let ok = result.is_ok();
        if inner.reachable.swap(ok, Ordering::SeqCst) != ok {
            match result {
                Ok(()) => tracing::info!(database = %inner.target, "the database answers again"),
                Err(error) => {
                    tracing::error!(database = %inner.target, %error, "the database does not answer")
                }
            }
        }
    }
}

/// Writes queued appends in batches, retrying while the database is down.
async fn append_all(inner: Arc<Inner>, mut queue: mpsc::UnboundedReceiver<Append>) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while let Ok(more) = queue.try_recv() {
            batch.push(more);
        }
        let mut pause = Duration::from_millis(50);
        loop {
            let result = inner.append(&batch).await;
            match result {
                Ok(()) => break,
                Err(error) if inner.halted.get().is_some() => {
                    tracing::error!(%error, "could not record what happened; dropped");
                    break;
                }
                Err(StoreError::Database { .. }) => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
                Err(error) => {
                    tracing::error!(%error, "could not record what happened; dropped");
                    break;
                }
            }
        }
        // Committed (or dropped): no longer applied again on top.
        let done: BTreeSet<u64> = batch
            .iter()
            .filter_map(|a| match a {
                Append::Changes(id, _) => Some(*id),
                _ => None,
            })
            .collect();
        if !done.is_empty() {
            inner
                .early
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|(id, _)| !done.contains(id));
        }
        let n = batch.len() as u64;
        inner.written.send_modify(|w| *w += n);
    }
}

/// Takes `duty`'s advisory lock on a connection of its own and keeps it
/// while the connection lives, telling `held` whether it is held.
async fn hold(inner: Arc<Inner>, duty: Duty, held: watch::Sender<bool>) {
    let name = match duty {
        Duty::Send => "sending",
        Duty::Poll => "polling",
    };
    let halted = || inner.halted.get().is_some();
    loop {
        if halted() {
            // Never taken again: a replica that reads every row does it.
            held.send_replace(false);
            return;
        }
        let mut conn = match PgConnection::connect_with(&inner.options).await {
            Ok(conn) => conn,
            Err(_) => {
                held.send_replace(false);
                tokio::time::sleep(DUTY_EVERY).await;
                continue;
            }
        };
        let took = loop {
            let took: Result<bool, sqlx::Error> =
                sqlx::query_scalar("SELECT pg_try_advisory_lock($1, $2)")
                    .bind(inner.lock_class)
                    .bind(duty as i32)
                    .fetch_one(&mut conn)
                    .await;
            match took {
                Ok(true) => break true,
                Ok(false) if halted() => break false,
                Ok(false) => tokio::time::sleep(DUTY_EVERY).await,
                Err(_) => break false,
            }
        };
        if !took {
            held.send_replace(false);
            tokio::time::sleep(DUTY_EVERY).await;
            continue;
        }
        tracing::info!(duty = name, "this replica took over {name}");
        held.send_replace(true);
        loop {
            tokio::time::sleep(DUTY_EVERY).await;
            let ping = tokio::time::timeout(
                Duration::from_secs(2),
                sqlx::query("SELECT 1").execute(&mut conn),
            )
            .await;
            if halted() {
                tracing::warn!(
                    duty = name,
                    "this replica stops {name}: it cannot read the whole journal"
                );
                held.send_replace(false);
                break;
            }
            if !matches!(ping, Ok(Ok(_))) {
                tracing::warn!(
                    duty = name,
                    "lost the database connection; this replica stops {name}"
                );
                held.send_replace(false);
                break;
            }
        }
    }
}
