//! The journal: one JSON line per transaction, appended beside the snapshot
//! (`ticket_data.journal` next to `ticket_data.json`).
//!
//! A background thread appends queued lines and makes them durable with one
//! fsync for everything queued meanwhile (group commit), then tells waiters
//! how far the journal is durable. When the journal outgrows the snapshot it
//! writes a new snapshot and empties the journal, so a change costs the same
//! whatever the size of the store.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::model::{Change, Model};

/// The format of the journal [`Record`]s this version writes, on both
/// backends (a journal line, a `journal` row). A record without `v` is of
/// format 1 (written before the field existed). A change to the serialized
/// form (pinned by the snapshot `record_format_journal`) raises it and
/// keeps a reader for the format before.
pub const RECORD_FORMAT: u32 = 1;

fn first_format() -> u32 {
    1
}

fn is_first_format(v: &u32) -> bool {
    *v == 1
}

/// One transaction as written to the journal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The record's format ([`RECORD_FORMAT`] when written by this version).
    /// Written from format 2 on: a format 1 record stays exactly as the
    /// releases before the field wrote it, so that they (which refuse an
    /// unknown field) still read this release's records during a rolling
    /// upgrade, or after going back to them.
    #[serde(default = "first_format", skip_serializing_if = "is_first_format")]
    pub v: u32,
    /// Consecutive numbers; the snapshot records the last one it includes.
    pub seq: u64,
    /// The Telegram update this transaction handled: id and message key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<(i64, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Messages to send once this entry is durable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbox: Option<serde_json::Value>,
    /// The entry whose messages have all been sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<u64>,
    /// An offset Telegram has confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<i64>,
}

impl Record {
    /// An entry with nothing in it yet.
    pub fn new(seq: u64) -> Record {
        Record {
            v: RECORD_FORMAT,
            seq,
            update: None,
            changes: Vec::new(),
            outbox: None,
            sent: None,
            confirmed: None,
        }
    }

    /// Reads a saved record (a journal line, a row). One from a newer
    /// version, or one this version cannot read, is an error that says why.
    pub fn read(bytes: &[u8]) -> Result<Record, Unreadable> {
        /// The format alone, read when the whole record cannot be.
        #[derive(Deserialize)]
        struct Probe {
            v: Option<u64>,
        }
        let newer = |format: u64| (format > u64::from(RECORD_FORMAT)).then_some(format);
        match serde_json::from_slice::<Record>(bytes) {
            Ok(record) => match newer(u64::from(record.v)) {
                Some(format) => Err(Unreadable::Newer(format)),
                None => Ok(record),
            },
            Err(error) => match serde_json::from_slice::<Probe>(bytes)
                .ok()
                .and_then(|p| p.v)
                .and_then(newer)
            {
                Some(format) => Err(Unreadable::Newer(format)),
                None => Err(Unreadable::Invalid(error.to_string())),
            },
        }
    }

    /// Applies the entry to the model. The changes are checked first, so a
    /// refused entry leaves the model as it was.
    pub fn apply(self, model: &mut Model) -> Result<(), String> {
        if self.seq != model.seq + 1 {
            return Err(format!(
                "entry {} does not follow entry {}",
                self.seq, model.seq
            ));
        }
        model.check(&self.changes)?;
        for change in self.changes {
            model.apply(change)?;
        }
        if let Some((id, key)) = self.update {
            model.updates.handled.insert(id, key);
        }
        if let Some(outbox) = self.outbox {
            model.outbox.insert(self.seq, outbox);
        }
        if let Some(sent) = self.sent {
            model.outbox.remove(&sent);
        }
        if let Some(offset) = self.confirmed {
            model.updates.confirm(offset);
        }
        model.seq = self.seq;
        Ok(())
    }

    /// The entry as one journal line, newline included.
    pub fn to_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(self).expect("journal entries always serialise");
        line.push(b'\n');
        line
    }
}

/// Why a saved record could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// Written by a newer version, in this format.
    Newer(u64),
    /// Not a record this version understands.
    Invalid(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Newer(format) => write!(
                f,
                "it was written by a newer version of the bot (record format {format}; this version reads up to {RECORD_FORMAT})"
            ),
            Unreadable::Invalid(detail) => f.write_str(detail),
        }
    }
}

/// Where the journal writer stands. Shared by the store and its thread.
pub struct Writer {
    queue: Mutex<Queue>,
    wake: Condvar,
    /// The highest entry number known to be on disk.
    pub durable: tokio::sync::watch::Sender<u64>,
    /// Set while writes fail; cleared by the next successful write.
    pub degraded: AtomicBool,
    /// Makes every write fail, to rehearse a full disk (tests and drills).
    pub fail_writes: AtomicBool,
    /// The journal's durable size in bytes ([`JournalFile::good_len`]), for metrics.
    pub journal_len: AtomicU64,
    /// Told of every write: how long it took, or that it failed.
    pub observer: OnceLock<Observer>,
    /// How many compactions finished, for those waiting for one.
    pub compactions: tokio::sync::watch::Sender<u64>,
}

/// What happened to one write of the journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// A batch was written and made durable, in this long.
    Took(Duration),
    /// The disk refused; the batch is retried.
    Failed,
    /// A saved record this version cannot read (the entry's number), e.g.
    /// written by a newer version: kept, never skipped (see the backends).
    Unreadable(u64),
}

/// Told of each write (the caller records it in its metrics).
pub type Observer = Box<dyn Fn(Written) + Send + Sync>;

/// Journal lines waiting to be written, with their entry numbers.
type Lines = Vec<(u64, Vec<u8>)>;

#[derive(Default)]
struct Queue {
    lines: Vec<(u64, Vec<u8>)>,
    stop: bool,
    /// Fold the journal into a fresh snapshot now (see [`Writer::compact_soon`]).
    compact: bool,
}

impl Writer {
    pub fn new(durable: u64) -> Writer {
        Writer {
            queue: Mutex::new(Queue::default()),
            wake: Condvar::new(),
            durable: tokio::sync::watch::channel(durable).0,
            degraded: AtomicBool::new(false),
            fail_writes: AtomicBool::new(false),
            journal_len: AtomicU64::new(0),
            observer: OnceLock::new(),
            compactions: tokio::sync::watch::channel(0).0,
        }
    }

    /// Asks the thread to fold the journal into a fresh snapshot after what
    /// is queued: afterwards no file keeps a copy of erased data.
    pub fn compact_soon(&self) {
        lock(&self.queue).compact = true;
        self.wake.notify_one();
    }

    fn observe(&self, written: Written) {
        if let Some(observer) = self.observer.get() {
            observer(written);
        }
    }

    /// Queues a line; called in entry order (under the model's write lock).
    pub fn push(&self, seq: u64, line: Vec<u8>) {
        lock(&self.queue).lines.push((seq, line));
        self.wake.notify_one();
    }

    /// Asks the thread to finish what is queued and stop.
    pub fn stop(&self) {
        lock(&self.queue).stop = true;
        self.wake.notify_one();
    }

    /// Waits for queued lines; `None` when stopping with nothing left.
    /// Waits for queued lines or a compaction request; `None` when
    /// stopping with nothing left. The flag says whether to compact now.
    fn next_batch(&self) -> Option<(Lines, bool)> {
        let mut queue = lock(&self.queue);
        while queue.lines.is_empty() && !queue.stop && !queue.compact {
            queue = self.wake.wait(queue).unwrap_or_else(|e| e.into_inner());
        }
        if queue.lines.is_empty() && !queue.compact {
            return None;
        }
        let compact = std::mem::take(&mut queue.compact);
        Some((std::mem::take(&mut queue.lines), compact))
    }

    fn take_queued(&self) -> Vec<(u64, Vec<u8>)> {
        std::mem::take(&mut lock(&self.queue).lines)
    }

    fn stopping(&self) -> bool {
        lock(&self.queue).stop
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The writer thread's own state.
pub struct JournalFile {
    pub snapshot_path: PathBuf,
    pub journal_path: PathBuf,
    pub file: File,
    /// Bytes of the journal known to be complete and durable.
    pub good_len: u64,
    /// Size of the last snapshot written, to decide when to compact.
    pub snapshot_len: u64,
    /// The journal is compacted once larger than this and than the snapshot.
    pub compact_after: u64,
}

/// The default for [`JournalFile::compact_after`].
pub const MIN_COMPACT_BYTES: u64 = 4 * 1024 * 1024;

/// Runs the writer until stopped: append, fsync, announce, compact.
pub fn run(mut jf: JournalFile, writer: Arc<Writer>, model: Arc<RwLock<Model>>) {
    writer.journal_len.store(jf.good_len, Ordering::Relaxed);
    while let Some((batch, asked)) = writer.next_batch() {
        if !write_durably(&mut jf, &writer, &batch) {
            return;
        }
        if asked || jf.good_len > jf.compact_after.max(jf.snapshot_len) {
            compact(&mut jf, &writer, &model);
            writer.compactions.send_modify(|n| *n += 1);
        }
    }
}

/// Appends a batch and fsyncs it, retrying with a growing pause while the
/// disk refuses. Returns `false` if asked to stop while still failing.
fn write_durably(jf: &mut JournalFile, writer: &Writer, batch: &[(u64, Vec<u8>)]) -> bool {
    let Some(last) = batch.last().map(|(seq, _)| *seq) else {
        return true;
    };
    let mut pause = Duration::from_millis(50);
    loop {
        let started = Instant::now();
        match append(jf, writer, batch) {
            Ok(bytes) => {
                writer.observe(Written::Took(started.elapsed()));
                jf.good_len += bytes;
                writer.journal_len.store(jf.good_len, Ordering::Relaxed);
                if writer.degraded.swap(false, Ordering::SeqCst) {
                    tracing::info!(file = %jf.journal_path.display(), "writes work again");
                }
                writer.durable.send_replace(last);
                return true;
            }
            Err(error) => {
                writer.observe(Written::Failed);
                if !writer.degraded.swap(true, Ordering::SeqCst) {
                    tracing::error!(file = %jf.journal_path.display(), %error,
                        "cannot write the journal; nothing is confirmed until writes work again");
                }
                // Cut off whatever part of the batch did reach the file.
                let _ = jf.file.set_len(jf.good_len);
                let _ = jf.file.seek(SeekFrom::Start(jf.good_len));
                if writer.stopping() {
                    tracing::error!("stopping with unsaved changes; their updates were not confirmed and will come again");
                    return false;
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(2));
            }
        }
    }
}

fn append(jf: &mut JournalFile, writer: &Writer, batch: &[(u64, Vec<u8>)]) -> std::io::Result<u64> {
    if writer.fail_writes.load(Ordering::SeqCst) {
        return Err(std::io::Error::other(
            "writes are failing on purpose (drill)",
        ));
    }
    let mut bytes = Vec::with_capacity(batch.iter().map(|(_, l)| l.len()).sum());
    for (_, line) in batch {
        bytes.extend_from_slice(line);
    }
    jf.file.write_all(&bytes)?;
    jf.file.sync_data()?;
    Ok(bytes.len() as u64)
}

/// Writes a new snapshot of the model and empties the journal. Transactions
/// wait meanwhile (the model is read-locked), so the snapshot matches the
/// journal exactly. A crash at any point leaves a loadable pair: entries
/// already in the snapshot are skipped on replay.
fn compact(jf: &mut JournalFile, writer: &Writer, model: &RwLock<Model>) {
    let model = model.read().unwrap_or_else(|e| e.into_inner());
    let queued = writer.take_queued();
    if !write_durably(jf, writer, &queued) {
        return;
    }
    match super::write_snapshot(&jf.snapshot_path, &model) {
        Ok(len) => jf.snapshot_len = len,
        Err(error) => {
            tracing::error!(%error, "could not write a new snapshot; the journal keeps growing meanwhile");
            // Try again after the journal has grown by as much again.
            jf.snapshot_len = jf.good_len * 2;
            return;
        }
    }
    let emptied = jf
        .file
        .set_len(0)
        .and_then(|()| jf.file.seek(SeekFrom::Start(0)))
        .and_then(|_| jf.file.sync_all());
    match emptied {
        Ok(()) => {
            tracing::debug!(seq = model.seq, "journal compacted into the snapshot");
            jf.good_len = 0;
            writer.journal_len.store(0, Ordering::Relaxed);
        }
        Err(error) => tracing::error!(%error, "could not empty the journal after a snapshot"),
    }
}
