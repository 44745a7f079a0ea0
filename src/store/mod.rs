//! The data on disk and the in-memory copy every read is served from.
//!
//! [`Store`] has two backends with one API: the JSON files described here
//! ([`JsonStore`], the default) and PostgreSQL ([`pg`], `STORE=postgres`),
//! which keeps the same journal [`Record`]s in a database that several
//! replicas of the bot share.
//!
//! On disk: a JSON snapshot (`ticket_data.json` by default) and beside it a
//! journal of JSON lines (`ticket_data.journal`), one per transaction. At
//! start the snapshot is loaded and the journal replayed; after that every
//! read is served from memory.
//!
//! - [`Store::transact`] looks at the model, applies what the caller decided
//!   (changes, messages to send, the update handled) and returns once the
//!   journal line is durable. Lines from many chats share one fsync (group
//!   commit), and the journal is folded into a fresh snapshot when it grows
//!   past the snapshot's size, so a change costs the same at 1,000 tickets
//!   as at 100,000.
//! - If the disk refuses a write, the line stays queued and is retried;
//!   callers keep waiting (nothing is confirmed as done) and
//!   [`Store::is_degraded`] reports it until a write succeeds.
//! - A missing snapshot starts an empty store (the file is created at once,
//!   so an unwritable folder is found at start). A torn last journal line (a
//!   crash mid-write) is dropped with a warning. Anything else unreadable
//!   stops the start with an error naming the file (and line); nothing is
//!   overwritten or deleted.
//! - A data file from the earlier support bot (`ticket_mappings`,
//!   `user_tickets`) is converted at start; the original is kept beside it.

mod journal;
pub mod pg;
mod readings;
mod seed;

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::JoinHandle;

use crate::model::{Change, Model, FORMAT_VERSION};
use journal::{JournalFile, Writer};
pub use journal::{Observer, Record, Unreadable, Written, RECORD_FORMAT};
pub use readings::{Reading, Readings};

/// Why the store could not load or save.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read the data file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the data file {path} is not valid: {detail}. The file was left as it is; fix it or move it away, then start again")]
    Corrupt { path: PathBuf, detail: String },
    /// A record written by a newer version of the bot: nothing is changed
    /// (nor compacted away) until a version that reads it runs.
    #[error("{path} holds a record this version cannot read: {detail}. Nothing was changed; run the version that wrote it, or a later one")]
    Newer { path: PathBuf, detail: String },
    #[error("could not save the data file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("a change was refused as inconsistent: {0}")]
    Inconsistent(String),
    #[error("the store is shutting down")]
    Closed,
    /// The PostgreSQL database refused or could not be reached. `target` is
    /// `host:port/database`, never the password.
    #[error("the database {target} could not be used: {detail}")]
    Database { target: String, detail: String },
}

/// What a transaction decided.
pub struct Decision<R> {
    pub changes: Vec<Change>,
    /// Messages to send once the decision is durable (any JSON the caller
    /// understands); kept until [`Store::mark_sent`].
    pub outbox: Option<serde_json::Value>,
    pub result: R,
}

/// How a transaction ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Committed<R> {
    /// Durable as journal entry `seq`.
    Saved { seq: u64, result: R },
    /// Nothing to save.
    Unchanged(R),
    /// This update was handled before (Telegram sent it again): nothing done.
    Duplicate,
}

/// The data file, its journal and the in-memory model: the JSON backend.
pub struct JsonStore {
    path: PathBuf,
    model: Arc<RwLock<Model>>,
    writer: Arc<Writer>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// The number of the last entry that changed the model (not only
    /// recorded a send or a confirmation): what pages following the store
    /// live wait on.
    news: tokio::sync::watch::Sender<u64>,
    /// The lock file, held while the store is open (see [`lock_path`]).
    _lock: Option<std::fs::File>,
}

/// The journal's path for a data file: `x.json` -> `x.journal`.
pub fn journal_path(path: &Path) -> PathBuf {
    path.with_extension("journal")
}

/// The lock file beside a data file (`x.json` -> `x.lock`): a running bot
/// holds it, so that an operating command that writes (`forget`) can tell
/// the bot is running and refuse rather than write beside it.
pub fn lock_path(path: &Path) -> PathBuf {
    path.with_extension("lock")
}

/// Takes the data file's lock if no other program holds it.
pub fn try_lock(path: &Path) -> Option<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(path))
        .ok()?;
    file.try_lock().ok()?;
    Some(file)
}

impl JsonStore {
    /// Loads the snapshot and replays the journal (see the module doc).
    pub fn open(path: impl Into<PathBuf>) -> Result<JsonStore, StoreError> {
        Self::open_with(path, journal::MIN_COMPACT_BYTES)
    }

    /// [`Store::open`], compacting once the journal passes `compact_after`
    /// bytes (and the snapshot's size). For tests and benchmarks.
    pub fn open_with(
        path: impl Into<PathBuf>,
        compact_after: u64,
    ) -> Result<JsonStore, StoreError> {
        let path = path.into();
        let journal = journal_path(&path);
        let (model, snapshot_len) = load_snapshot(&path, &journal)?;
        let (model, good_len) = replay(&journal, model, true)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&journal)
            .map_err(|source| StoreError::Write {
                path: journal.clone(),
                source,
            })?;
        let jf = JournalFile {
            snapshot_path: path.clone(),
            journal_path: journal,
            file,
            good_len,
            snapshot_len,
            compact_after,
        };
        let writer = Arc::new(Writer::new(model.seq));
        let model = Arc::new(RwLock::new(model));
        let thread = {
            let (writer, model) = (Arc::clone(&writer), Arc::clone(&model));
            std::thread::Builder::new()
                .name("journal".into())
                .spawn(move || journal::run(jf, writer, model))
                .map_err(|source| StoreError::Write {
                    path: path.clone(),
                    source,
                })?
        };
        let lock = try_lock(&path);
        if lock.is_none() {
            tracing::warn!(file = %lock_path(&path).display(),
                "another program holds the data file's lock; is a second bot running on it?");
        }
        let seq = model.read().unwrap_or_else(|e| e.into_inner()).seq;
        Ok(JsonStore {
            path,
            model,
            writer,
            news: tokio::sync::watch::Sender::new(seq),
            thread: Mutex::new(Some(thread)),
            _lock: lock,
        })
    }

    /// The snapshot's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the current model. Keep `f` short: transactions wait meanwhile.
    pub fn read<R>(&self, f: impl FnOnce(&Model) -> R) -> R {
        f(&self.read_lock())
    }

    /// A full copy of the current model (for tests and reports).
    pub fn snapshot(&self) -> Model {
        self.read(Model::clone)
    }

    /// Tells `observer` of every write of the journal from now on (once; a
    /// second observer is ignored). The store itself keeps no metrics.
    pub fn observe_writes(&self, observer: Observer) {
        if self.writer.observer.set(observer).is_err() {
            tracing::debug!("the store's writes are already observed");
        }
    }

    /// Follows the number of the last journal entry that changed the
    /// model (tickets, states, sessions...): it changes with every such
    /// transaction, not with records of sends.
    pub fn news(&self) -> tokio::sync::watch::Receiver<u64> {
        self.news.subscribe()
    }

    /// Whether writes are failing right now.
    pub fn is_degraded(&self) -> bool {
        self.writer.degraded.load(Ordering::SeqCst)
    }

    /// The journal's size in bytes: what was saved since the data file was
    /// last written.
    pub fn journal_len(&self) -> u64 {
        self.writer.journal_len.load(Ordering::Relaxed)
    }

    /// Makes every write fail (`true`) or work again (`false`): a drill for
    /// a full disk, used by the tests.
    pub fn set_fail_writes(&self, fail: bool) {
        self.writer.fail_writes.store(fail, Ordering::SeqCst);
    }

    fn read_lock(&self) -> RwLockReadGuard<'_, Model> {
        self.model.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write_lock(&self) -> RwLockWriteGuard<'_, Model> {
        self.model.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `decide` on the current model and, unless `update` was handled
    /// already, applies its decision and waits until it is durable.
    pub async fn transact<R>(
        &self,
        update: Option<(i64, String)>,
        decide: impl FnOnce(&Model) -> Decision<R>,
    ) -> Result<Committed<R>, StoreError> {
        let seq = {
            let mut model = self.write_lock();
            if let Some((id, key)) = &update {
                if model.updates.is_handled(*id, key) {
                    return Ok(Committed::Duplicate);
                }
            }
            let decision = decide(&model);
            if decision.changes.is_empty() && decision.outbox.is_none() && update.is_none() {
                return Ok(Committed::Unchanged(decision.result));
            }
            let mut entry = Record::new(model.seq + 1);
            entry.update = update;
            entry.changes = decision.changes;
            entry.outbox = decision.outbox;
            let seq = self.append(&mut model, entry)?;
            (seq, decision.result)
        };
        self.wait_durable(seq.0).await?;
        Ok(Committed::Saved {
            seq: seq.0,
            result: seq.1,
        })
    }

    /// Applies an entry in memory and queues it for the journal.
    fn append(&self, model: &mut Model, entry: Record) -> Result<u64, StoreError> {
        let seq = entry.seq;
        let line = entry.to_line();
        let news = !entry.changes.is_empty();
        entry.apply(model).map_err(StoreError::Inconsistent)?;
        self.writer.push(seq, line);
        if news {
            self.news.send_replace(seq);
        }
        Ok(seq)
    }

    /// Appends an entry filled in by `fill` without waiting for the disk;
    /// `fill` returns `false` when there is nothing to record.
    fn append_now(&self, what: &str, fill: impl FnOnce(&Model, &mut Record) -> bool) {
        let mut model = self.write_lock();
        let mut entry = Record::new(model.seq + 1);
        if !fill(&model, &mut entry) {
            return;
        }
        if let Err(error) = self.append(&mut model, entry) {
            tracing::error!(%error, "could not record {what}");
        }
    }

    /// Records, without waiting, that the messages of entry `seq` were sent.
    pub fn mark_sent(&self, seq: u64) {
        self.append_now("sent messages", |_, entry| {
            entry.sent = Some(seq);
            true
        });
    }

    /// Records changes that report what already happened (a message was
    /// relayed, a person cannot be reached), without waiting for the disk.
    pub fn record(&self, changes: Vec<Change>) {
        self.append_now("a change", |_, entry| {
            entry.changes = changes;
            !entry.changes.is_empty()
        });
    }

    /// Records, without waiting, that Telegram confirmed updates below `offset`.
    pub fn note_confirmed(&self, offset: i64) {
        self.append_now("the confirmed offset", |model, entry| {
            entry.confirmed = Some(offset);
            model.updates.confirmed != Some(offset) || !model.updates.handled.is_empty()
        });
    }

    /// Messages saved but not yet confirmed sent, oldest first.
    pub fn unsent(&self) -> Vec<(u64, serde_json::Value)> {
        self.read(|m| m.outbox.iter().map(|(seq, v)| (*seq, v.clone())).collect())
    }

    /// Folds the journal into a fresh snapshot now and waits until it is
    /// done, so that no file of the store keeps data the model no longer
    /// has (after a person asked to be forgotten).
    pub async fn compact_now(&self) -> Result<(), StoreError> {
        let mut done = self.writer.compactions.subscribe();
        let before = *done.borrow_and_update();
        self.writer.compact_soon();
        done.wait_for(|n| *n > before)
            .await
            .map(|_| ())
            .map_err(|_| StoreError::Closed)
    }

    /// Waits until everything applied so far is durable.
    pub async fn flush(&self) -> Result<(), StoreError> {
        let seq = self.read(|m| m.seq);
        self.wait_durable(seq).await
    }

    async fn wait_durable(&self, seq: u64) -> Result<(), StoreError> {
        let mut durable = self.writer.durable.subscribe();
        durable
            .wait_for(|d| *d >= seq)
            .await
            .map(|_| ())
            .map_err(|_| StoreError::Closed)
    }
}

impl Drop for JsonStore {
    /// Lets the journal thread write what is queued, then stops it.
    fn drop(&mut self) {
        self.writer.stop();
        if let Some(thread) = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = thread.join();
        }
    }
}

/// The store the bot runs on: the JSON files ([`JsonStore`], the default) or
/// a PostgreSQL database shared by several replicas ([`pg::PgStore`]). Both
/// keep the same journal [`Record`]s and serve every read from the model in
/// memory; everything above the store works the same on either. Shared as
/// `Arc<Store>`.
pub struct Store {
    backend: Backend,
}

enum Backend {
    Json(JsonStore),
    Postgres(pg::PgStore),
}

pub use pg::{DbFigures, Duty};

impl Store {
    /// Loads the snapshot and replays the journal (see the module doc).
    pub fn open(path: impl Into<PathBuf>) -> Result<Store, StoreError> {
        JsonStore::open(path).map(Store::from)
    }

    /// [`Store::open`], compacting once the journal passes `compact_after`
    /// bytes (and the snapshot's size). For tests and benchmarks.
    pub fn open_with(path: impl Into<PathBuf>, compact_after: u64) -> Result<Store, StoreError> {
        JsonStore::open_with(path, compact_after).map(Store::from)
    }

    /// Connects to PostgreSQL at `url`, migrates the schema and loads the
    /// model (see [`pg`]). A schema other than `public` is chosen in the
    /// URL: `?options=-c%20search_path%3Dname`.
    pub async fn open_postgres(url: &str) -> Result<Store, StoreError> {
        Ok(Store {
            backend: Backend::Postgres(pg::PgStore::open(url).await?),
        })
    }

    /// The store the settings name: `STORE` and `DATA_FILE` or `DATABASE_URL`.
    pub async fn open_configured(
        kind: &crate::config::StoreKind,
        data_file: &Path,
    ) -> Result<Store, StoreError> {
        match kind {
            crate::config::StoreKind::Json => {
                let path = data_file.to_path_buf();
                tokio::task::spawn_blocking(move || Store::open(path))
                    .await
                    .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))
            }
            crate::config::StoreKind::Postgres { url } => Store::open_postgres(url.expose()).await,
        }
    }

    /// The snapshot's path (JSON; empty for PostgreSQL).
    pub fn path(&self) -> &Path {
        match &self.backend {
            Backend::Json(s) => s.path(),
            Backend::Postgres(_) => Path::new(""),
        }
    }

    /// Where the data is, for the log: the file, or `host:port/database`.
    pub fn describe(&self) -> String {
        match &self.backend {
            Backend::Json(s) => s.path().display().to_string(),
            Backend::Postgres(s) => format!("postgres {}", s.target()),
        }
    }

    /// Whether other replicas may share this store (PostgreSQL): then only
    /// the replica holding [`Duty::Send`] sends the outbox.
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Whether this replica holds `duty` now (always, on the JSON store:
    /// one data file has one bot). The first call starts trying to take it.
    pub fn duty(&self, duty: Duty) -> tokio::sync::watch::Receiver<bool> {
        match &self.backend {
            Backend::Json(_) => tokio::sync::watch::channel(true).1,
            Backend::Postgres(s) => s.duty(duty),
        }
    }

    /// The last saved entry as it changes: on PostgreSQL the last
    /// committed one, also through other replicas' writes (only outbox
    /// entries up to it may be sent); on JSON the last entry that changed
    /// the data. The team's inbox follows it to show changes live.
    pub fn news(&self) -> tokio::sync::watch::Receiver<u64> {
        match &self.backend {
            Backend::Json(s) => s.news(),
            Backend::Postgres(s) => s.news(),
        }
    }

    /// The journal row this replica cannot read and stopped at
    /// (PostgreSQL: see `pg::Inner::halt`; the JSON store refuses to start
    /// on such a line instead).
    pub fn unreadable(&self) -> Option<u64> {
        match &self.backend {
            Backend::Json(_) => None,
            Backend::Postgres(s) => s.unreadable(),
        }
    }

    /// The database's figures (`None` for the JSON store).
    pub fn database(&self) -> Option<DbFigures> {
        match &self.backend {
            Backend::Json(_) => None,
            Backend::Postgres(s) => Some(s.figures()),
        }
    }

    /// Reads the current model. Keep `f` short: transactions wait meanwhile.
    pub fn read<R>(&self, f: impl FnOnce(&Model) -> R) -> R {
        match &self.backend {
            Backend::Json(s) => s.read(f),
            Backend::Postgres(s) => s.read(f),
        }
    }

    /// Reads the current model on a blocking thread, for a read that
    /// visits much of it (a search, the dashboard, the figures), so the
    /// async workers that take updates and send messages never wait for it.
    pub async fn read_apart<R: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Model) -> R + Send + 'static,
    ) -> R {
        self.apart(move |store| store.read(f)).await
    }

    /// Runs `f` with the store on a blocking thread: for reads in several
    /// parts, each a [`Store::read`] of its own, so writes wait at most one
    /// part (see [`Store::read_apart`]).
    pub async fn apart<R: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> R + Send + 'static,
    ) -> R {
        let store = Arc::clone(self);
        match tokio::task::spawn_blocking(move || f(&store)).await {
            Ok(read) => read,
            Err(error) => std::panic::resume_unwind(error.into_panic()),
        }
    }

    /// A full copy of the current model (for tests and reports).
    pub fn snapshot(&self) -> Model {
        self.read(Model::clone)
    }

    /// Tells `observer` of every write from now on (once; a second observer
    /// is ignored). The store itself keeps no metrics.
    pub fn observe_writes(&self, observer: Observer) {
        match &self.backend {
            Backend::Json(s) => s.observe_writes(observer),
            Backend::Postgres(s) => s.observe_writes(observer),
        }
    }

    /// Whether writes are failing right now.
    pub fn is_degraded(&self) -> bool {
        match &self.backend {
            Backend::Json(s) => s.is_degraded(),
            Backend::Postgres(s) => s.is_degraded(),
        }
    }

    /// The journal's size in bytes (JSON; 0 for PostgreSQL).
    pub fn journal_len(&self) -> u64 {
        match &self.backend {
            Backend::Json(s) => s.journal_len(),
            Backend::Postgres(_) => 0,
        }
    }

    /// Makes every write fail (`true`) or work again (`false`): a drill.
    pub fn set_fail_writes(&self, fail: bool) {
        match &self.backend {
            Backend::Json(s) => s.set_fail_writes(fail),
            Backend::Postgres(s) => s.set_fail_writes(fail),
        }
    }

    /// Runs `decide` on the current model and, unless `update` was handled
    /// already, saves its decision; returns once it is durable (JSON) or
    /// committed (PostgreSQL).
    pub async fn transact<R>(
        &self,
        update: Option<(i64, String)>,
        decide: impl FnOnce(&Model) -> Decision<R>,
    ) -> Result<Committed<R>, StoreError> {
        match &self.backend {
            Backend::Json(s) => s.transact(update, decide).await,
            Backend::Postgres(s) => s.transact(update, decide).await,
        }
    }

    /// Records, without waiting, that the messages of entry `seq` were sent.
    pub fn mark_sent(&self, seq: u64) {
        match &self.backend {
            Backend::Json(s) => s.mark_sent(seq),
            Backend::Postgres(s) => s.mark_sent(seq),
        }
    }

    /// Records changes that report what already happened (a topic made, a
    /// relay, the unreachable flag), without waiting: on both backends the
    /// next read sees them at once. They state facts: applying one twice
    /// must be applying it once (PostgreSQL applies them again on top until
    /// they are committed).
    pub fn record(&self, changes: Vec<Change>) {
        match &self.backend {
            Backend::Json(s) => s.record(changes),
            Backend::Postgres(s) => s.record(changes),
        }
    }

    /// Records, without waiting, that Telegram confirmed updates below `offset`.
    pub fn note_confirmed(&self, offset: i64) {
        match &self.backend {
            Backend::Json(s) => s.note_confirmed(offset),
            Backend::Postgres(s) => s.note_confirmed(offset),
        }
    }

    /// Messages saved but not yet confirmed sent, oldest first.
    pub fn unsent(&self) -> Vec<(u64, serde_json::Value)> {
        self.read(|m| m.outbox.iter().map(|(seq, v)| (*seq, v.clone())).collect())
    }

    /// Folds what was saved into a fresh snapshot now, so that nothing
    /// stored keeps data the model no longer has.
    pub async fn compact_now(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Json(s) => s.compact_now().await,
            Backend::Postgres(s) => s.compact_now().await,
        }
    }

    /// Waits until everything applied or queued so far is saved.
    pub async fn flush(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Json(s) => s.flush().await,
            Backend::Postgres(s) => s.flush().await,
        }
    }
}

impl From<JsonStore> for Store {
    fn from(store: JsonStore) -> Store {
        Store {
            backend: Backend::Json(store),
        }
    }
}

/// Reads the data file and journal without changing anything on disk (no
/// file created, no torn line cut, no conversion): for reports and checks.
pub fn load_readonly(path: &Path) -> Result<Model, StoreError> {
    let model = match std::fs::read(path) {
        Ok(bytes) => match parse(path, &bytes)? {
            Snapshot::Current(model) => *model,
            Snapshot::Seed => seed::convert_bytes(path, &bytes)?,
        },
        Err(e) if e.kind() == ErrorKind::NotFound => Model::default(),
        Err(source) => {
            return Err(StoreError::Read {
                path: path.to_owned(),
                source,
            })
        }
    };
    Ok(replay(&journal_path(path), model, false)?.0)
}

/// Writes a consistent copy of the store at `path` (snapshot and journal)
/// into the new file `to`, as one data file; safe while a bot runs on it.
/// Returns the number of the last entry in the copy.
///
/// The journal is read first, then the snapshot: a running bot only ever
/// appends whole lines to the journal (a torn last line is left out) and
/// replaces the snapshot atomically before emptying the journal, so the
/// snapshot read second is either the one the journal continues, or a
/// newer one that includes every line read; either way the copy is the
/// store exactly as it was after one entry. Nothing is locked and nothing
/// of the store is changed.
pub fn backup(path: &Path, to: &Path) -> Result<u64, StoreError> {
    refuse_existing(to)?;
    // A compaction emptying the journal in the middle of reading it can
    // make the bytes read not fit together: the entries' numbers tell, and
    // the copy is taken again.
    let mut tries = 3;
    loop {
        match consistent_copy(path) {
            Ok(model) => {
                create_data_file(to, &model)?;
                return Ok(model.seq);
            }
            Err(StoreError::Corrupt { .. }) if tries > 1 => tries -= 1,
            Err(error) => return Err(error),
        }
    }
}

/// The store at `path` as it was after one entry (see [`backup`]).
fn consistent_copy(path: &Path) -> Result<Model, StoreError> {
    let journal = journal_path(path);
    let bytes = read_journal(&journal)?;
    let model = match std::fs::read(path) {
        Ok(snapshot) => match parse(path, &snapshot)? {
            Snapshot::Current(model) => *model,
            Snapshot::Seed => seed::convert_bytes(path, &snapshot)?,
        },
        Err(e) if e.kind() == ErrorKind::NotFound => Model::default(),
        Err(source) => {
            return Err(StoreError::Read {
                path: path.to_owned(),
                source,
            })
        }
    };
    Ok(replay_bytes(&journal, &bytes, model)?.0)
}

/// Restores the backup `from` (a data file written by [`backup`]) as the
/// data file `path`, which must not exist yet (nor a journal beside it).
/// The backup is read and checked whole first. Returns its last entry.
pub fn restore(from: &Path, path: &Path) -> Result<u64, StoreError> {
    let bytes = std::fs::read(from).map_err(|source| StoreError::Read {
        path: from.to_owned(),
        source,
    })?;
    let model = match parse(from, &bytes)? {
        Snapshot::Current(model) => *model,
        Snapshot::Seed => seed::convert_bytes(from, &bytes)?,
    };
    let journal = journal_path(path);
    if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
        refuse_existing(&journal)?;
    }
    create_data_file(path, &model)?;
    Ok(model.seq)
}

fn refuse_existing(path: &Path) -> Result<(), StoreError> {
    if path.exists() {
        return Err(StoreError::Write {
            path: path.to_owned(),
            source: std::io::Error::new(
                ErrorKind::AlreadyExists,
                "it exists already and is never overwritten",
            ),
        });
    }
    Ok(())
}

/// Writes `model` as a new data file (no journal). Refuses if the file exists.
pub fn create_data_file(path: &Path, model: &Model) -> Result<(), StoreError> {
    if path.exists() {
        return Err(StoreError::Write {
            path: path.to_owned(),
            source: std::io::Error::new(ErrorKind::AlreadyExists, "the file exists already"),
        });
    }
    write_snapshot(path, model)
        .map(|_| ())
        .map_err(|source| StoreError::Write {
            path: path.to_owned(),
            source,
        })
}

/// Reads the snapshot, creating an empty one if there is none (and no
/// journal either), converting a file of the earlier bot. Returns the model
/// and the snapshot's size.
fn load_snapshot(path: &Path, journal: &Path) -> Result<(Model, u64), StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => match parse(path, &bytes)? {
            Snapshot::Current(model) => Ok((*model, bytes.len() as u64)),
            Snapshot::Seed => {
                let model = seed::import(path, &bytes)?;
                let len = write_snapshot(path, &model).map_err(|source| StoreError::Write {
                    path: path.to_owned(),
                    source,
                })?;
                Ok((model, len))
            }
        },
        Err(e) if e.kind() == ErrorKind::NotFound => {
            if std::fs::metadata(journal).is_ok_and(|m| m.len() > 0) {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: format!("it is missing but its journal {} is not", journal.display()),
                });
            }
            let model = Model::default();
            let len = write_snapshot(path, &model).map_err(|source| StoreError::Write {
                path: path.to_owned(),
                source,
            })?;
            Ok((model, len))
        }
        Err(source) => Err(StoreError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Replays the journal onto the snapshot's model. Entries the snapshot
/// already includes are skipped; a torn last line is cut off with a warning.
/// Returns the model and the journal's length after any cut. With `repair`
/// false nothing is cut (for read-only use).
fn replay(journal: &Path, model: Model, repair: bool) -> Result<(Model, u64), StoreError> {
    let bytes = read_journal(journal)?;
    let (model, good_len) = replay_bytes(journal, &bytes, model)?;
    if repair && good_len < bytes.len() as u64 {
        truncate(journal, good_len)?;
    }
    Ok((model, good_len))
}

/// The journal's bytes (none when there is no journal).
fn read_journal(journal: &Path) -> Result<Vec<u8>, StoreError> {
    match std::fs::read(journal) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(StoreError::Read {
            path: journal.to_owned(),
            source,
        }),
    }
}

/// Replays journal `bytes` (read from `journal`) onto `model`; a torn last
/// line is left out with a warning. Returns the model and the length of
/// the complete lines.
fn replay_bytes(
    journal: &Path,
    bytes: &[u8],
    mut model: Model,
) -> Result<(Model, u64), StoreError> {
    let corrupt = |line: usize, detail: String| StoreError::Corrupt {
        path: journal.to_owned(),
        detail: format!("line {line}: {detail}"),
    };
    let mut offset = 0usize;
    let mut number = 0usize;
    while offset < bytes.len() {
        number += 1;
        let rest = &bytes[offset..];
        let (line, complete) = match rest.iter().position(|b| *b == b'\n') {
            Some(end) => (&rest[..end], true),
            None => (rest, false),
        };
        if !complete {
            // Only the last line can lack its line end: the bot stopped
            // while writing it, before it was ever reported as saved.
            tracing::warn!(file = %journal.display(), line = number,
                "dropping a torn last journal line (the bot stopped while writing it)");
            return Ok((model, offset as u64));
        }
        let entry = Record::read(line).map_err(|e| match e {
            Unreadable::Newer(_) => StoreError::Newer {
                path: journal.to_owned(),
                detail: format!("line {number}: {e}"),
            },
            Unreadable::Invalid(detail) => corrupt(number, detail),
        })?;
        if entry.seq > model.seq {
            entry.apply(&mut model).map_err(|e| corrupt(number, e))?;
        }
        offset += line.len() + 1;
    }
    Ok((model, bytes.len() as u64))
}

fn truncate(path: &Path, len: u64) -> Result<(), StoreError> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|source| StoreError::Write {
            path: path.to_owned(),
            source,
        })?;
    file.set_len(len)
        .and_then(|()| file.sync_all())
        .map_err(|source| StoreError::Write {
            path: path.to_owned(),
            source,
        })
}

/// The few fields read before the whole snapshot, to tell what it is
/// without building a JSON tree of it (which would cost ten times its size).
#[derive(serde::Deserialize)]
struct Probe {
    version: Option<u64>,
    ticket_mappings: Option<serde::de::IgnoredAny>,
}

/// What a snapshot file turned out to be.
enum Snapshot {
    Current(Box<Model>),
    /// The earlier support bot's file.
    Seed,
}

/// Reads a snapshot, refusing anything that is not a complete, consistent
/// store of this version.
fn parse(path: &Path, bytes: &[u8]) -> Result<Snapshot, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_owned(),
        detail,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(corrupt("the file is empty".into()));
    }
    let probe: Probe =
        serde_json::from_slice(bytes).map_err(|e| corrupt(format!("not JSON ({e})")))?;
    match probe.version {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(StoreError::Newer {
                path: path.to_owned(),
                detail: format!(
                    "it was written by a newer version of the bot (format version {v}; this version reads version {FORMAT_VERSION})"
                ),
            })
        }
        Some(v) => {
            return Err(corrupt(format!(
                "it has format version {v}; this program reads version {FORMAT_VERSION}"
            )))
        }
        None if probe.ticket_mappings.is_some() => return Ok(Snapshot::Seed),
        None => return Err(corrupt("it has no \"version\" field".into())),
    }
    let mut model: Model = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    check_consistent(&model).map_err(corrupt)?;
    model.reindex();
    Ok(Snapshot::Current(Box::new(model)))
}

/// The links between the parts of a store must hold, or replies would go
/// astray: refuse a file where they do not.
fn check_consistent(model: &Model) -> Result<(), String> {
    for (key, ticket) in &model.tickets {
        if *key != ticket.id {
            return Err(format!("ticket {key} is stored with the ID {}", ticket.id));
        }
        let listed = model
            .user_tickets
            .get(&ticket.owner.chat)
            .is_some_and(|l| l.contains(key));
        if !listed {
            return Err(format!(
                "ticket {key} is missing from its owner's ticket list"
            ));
        }
    }
    for (chat, ids) in &model.user_tickets {
        if let Some(id) = ids.iter().find(|id| !model.tickets.contains_key(*id)) {
            return Err(format!(
                "chat {chat} lists ticket {id}, which does not exist"
            ));
        }
    }
    Ok(())
}

/// Writes a snapshot atomically and durably (temporary file in the same
/// folder, fsync, rename, fsync of the folder). Returns its size.
fn write_snapshot(path: &Path, model: &Model) -> std::io::Result<u64> {
    let mut bytes = serde_json::to_vec(model).map_err(std::io::Error::other)?;
    bytes.push(b'\n');
    let mut file = atomic_write_file::AtomicWriteFile::open(path)?;
    file.write_all(&bytes)?;
    file.commit()?;
    Ok(bytes.len() as u64)
}

#[cfg(test)]
mod tests;
