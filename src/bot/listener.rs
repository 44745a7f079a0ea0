//! Getting updates from Telegram so that none is lost or handled twice.
//!
//! teloxide's own polling confirms a batch to Telegram before its handlers
//! run, so a crash loses it. This listener confirms a batch (by asking for
//! the next one with a higher offset) only after every update in it was
//! durably handled: [`Tracker`] counts the updates handed to the dispatcher
//! and each handler reports back once its transaction (changes and messages
//! to send) is on disk; sending runs apart (see [`super::delivery`]), so a
//! slow send never holds back the next batch. A crash before that makes
//! Telegram send the batch again; the store recognises the updates already
//! handled and skips them.
//!
//! Updates are fetched as raw JSON and converted by [`super::intake`], so a
//! shape teloxide cannot read is rebuilt or skipped instead of being lost
//! inside the dispatcher while the batch waits for it forever.

use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::stream::{self, BoxStream};
use serde::Serialize;
use teloxide::prelude::*;
use teloxide::requests::{JsonRequest, Payload};
use teloxide::stop::{mk_stop_token, StopFlag, StopToken};
use teloxide::types::AllowedUpdate;
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use teloxide::RequestError;
use tokio::sync::Notify;

use super::intake::{self, Intake};
use crate::health::Health;
use crate::metrics::Metrics;
use crate::model::Chat;
use crate::store::Store;

/// The updates handed to the dispatcher and not yet durably handled, with
/// when each was handed over.
#[derive(Default)]
pub struct Tracker {
    open: Mutex<HashMap<u32, Instant>>,
    idle: Notify,
    /// Woken whenever an update is done (for webhook requests waiting).
    finished: Notify,
    /// Updates that could not be saved (the database was down): not to be
    /// confirmed, so that Telegram sends them again.
    failed: Mutex<std::collections::BTreeSet<u32>>,
    /// Whose turn it is in each conversation (see [`super::order`]).
    turns: Mutex<Turns>,
    /// Woken whenever an update leaves its turn.
    turned: Notify,
}

/// The updates recorded with the conversations they touch, in order.
#[derive(Default)]
struct Turns {
    /// Per conversation (a chat), the updates touching it: those that took
    /// their turn first, then the others by `update_id`.
    queues: HashMap<Chat, VecDeque<u32>>,
    /// Per update, the conversations it touches.
    touches: HashMap<u32, Vec<Chat>>,
    /// The updates that took their turn (and may be running).
    taken: std::collections::HashSet<u32>,
}

impl Turns {
    /// Records update `id` as touching `chats`: in each conversation after
    /// every update that already took its turn, and before any waiting one
    /// with a higher `update_id` (a webhook's posts may arrive out of
    /// order).
    fn record(&mut self, id: u32, chats: Vec<Chat>) {
        for chat in &chats {
            let queue = self.queues.entry(*chat).or_default();
            let at = queue
                .iter()
                .position(|u| *u > id && !self.taken.contains(u))
                .unwrap_or(queue.len());
            queue.insert(at, id);
        }
        self.touches.insert(id, chats);
    }

    /// Whether every earlier update touching what `id` touches is done.
    fn is_turn_of(&self, id: u32) -> bool {
        self.touches.get(&id).is_none_or(|chats| {
            chats
                .iter()
                .all(|c| self.queues.get(c).and_then(VecDeque::front) == Some(&id))
        })
    }

    fn leave(&mut self, id: u32) {
        self.taken.remove(&id);
        for chat in self.touches.remove(&id).unwrap_or_default() {
            if let Some(queue) = self.queues.get_mut(&chat) {
                queue.retain(|u| *u != id);
                if queue.is_empty() {
                    self.queues.remove(&chat);
                }
            }
        }
    }
}

/// How long an update waits for earlier ones touching the same
/// conversation before it goes ahead anyway (an update is never stuck).
const TURN_PATIENCE: Duration = Duration::from_secs(10);

/// An update's turn: while it lives, later updates touching the same
/// conversations wait. Left when dropped.
pub struct Turn {
    tracker: Arc<Tracker>,
    id: u32,
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.tracker.turns().leave(self.id);
        self.tracker.turned.notify_waiters();
    }
}

impl Tracker {
    /// Updates handed to the dispatcher.
    pub fn begin(&self, ids: impl IntoIterator<Item = u32>) {
        let now = Instant::now();
        self.lock().extend(ids.into_iter().map(|id| (id, now)));
    }

    /// Updates handed to the dispatcher, in Telegram's order, each with the
    /// conversations it touches (see [`super::order`]).
    pub fn begin_touching(&self, updates: impl IntoIterator<Item = (u32, Vec<Chat>)>) {
        let updates: Vec<(u32, Vec<Chat>)> = updates.into_iter().collect();
        self.begin(updates.iter().map(|(id, _)| *id));
        let mut turns = self.turns();
        for (id, chats) in updates {
            turns.record(id, chats);
        }
    }

    /// Waits until every earlier update touching a conversation `id`
    /// touches has left its turn (or [`TURN_PATIENCE`] passed), and takes
    /// the turn until the returned guard is dropped.
    pub async fn turn(self: &Arc<Self>, id: u32) -> Turn {
        let waited = tokio::time::timeout(TURN_PATIENCE, async {
            loop {
                let turned = self.turned.notified();
                if self.take_turn(id) {
                    return;
                }
                turned.await;
            }
        })
        .await;
        if waited.is_err() {
            tracing::warn!(
                update_id = id,
                "an earlier update about the same conversation is still not done; going ahead"
            );
            self.turns().taken.insert(id);
        }
        Turn {
            tracker: Arc::clone(self),
            id,
        }
    }

    /// Takes update `id`'s turn if it is its turn.
    fn take_turn(&self, id: u32) -> bool {
        let mut turns = self.turns();
        let its_turn = turns.is_turn_of(id);
        if its_turn {
            turns.taken.insert(id);
        }
        its_turn
    }

    fn turns(&self) -> std::sync::MutexGuard<'_, Turns> {
        self.turns.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many updates were handed over and are not yet durably handled.
    pub fn in_progress(&self) -> usize {
        self.lock().len()
    }

    /// How long the oldest update not yet durably handled has been waiting.
    pub fn oldest_age(&self) -> Option<Duration> {
        self.lock().values().min().map(Instant::elapsed)
    }

    /// Waits until the update `id` is done.
    pub async fn wait_done(&self, id: u32) {
        loop {
            let finished = self.finished.notified();
            if !self.lock().contains_key(&id) {
                return;
            }
            finished.await;
        }
    }

    /// The update's effects are durable (or it has none).
    pub fn done(&self, id: u32) {
        let mut open = self.lock();
        if open.remove(&id).is_some() {
            if open.is_empty() {
                self.idle.notify_waiters();
            }
            self.finished.notify_waiters();
        }
    }

    /// The update could not be saved and must come again: it is done here
    /// but reported by [`Tracker::take_failed`].
    pub fn fail(&self, id: u32) {
        self.failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id);
        self.done(id);
    }

    /// Whether the update `id` failed (and forgets it).
    pub fn take_failed(&self, id: u32) -> bool {
        self.failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id)
    }

    /// The lowest update that failed since the last call, if any.
    fn take_lowest_failed(&self) -> Option<u32> {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        let lowest = failed.first().copied();
        failed.clear();
        lowest
    }

    /// A token that reports the update done when finished or dropped, so an
    /// update that no handler takes up cannot hold back the next batch.
    pub fn pending(self: &Arc<Self>, id: u32) -> Pending {
        Pending {
            tracker: Arc::clone(self),
            id,
        }
    }

    async fn wait_idle(&self) {
        loop {
            let notified = self.idle.notified();
            if self.lock().is_empty() {
                return;
            }
            notified.await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Instant>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// An update being handled; see [`Tracker::pending`].
pub struct Pending {
    tracker: Arc<Tracker>,
    id: u32,
}

impl Pending {
    /// Reports the update done now.
    pub fn finish(self) {}

    /// Reports that the update could not be saved: it is not confirmed, so
    /// Telegram sends it again (polling asks from it again, the webhook
    /// answers 503).
    pub fn fail(self) {
        self.tracker.fail(self.id);
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.tracker.done(self.id);
    }
}

/// Long polling with confirmation after durability.
pub struct DurableListener {
    bot: Bot,
    store: Arc<Store>,
    tracker: Arc<Tracker>,
    timeout: Duration,
    /// Told whether getUpdates works and when updates arrive.
    health: Arc<Health>,
    /// Where getUpdates calls and skipped updates are counted.
    metrics: Arc<Metrics>,
    stop_token: StopToken,
    stop_flag: StopFlag,
    /// Whether this replica holds the polling duty (always, on the JSON store).
    polling: tokio::sync::watch::Receiver<bool>,
}

impl DurableListener {
    fn may_poll(&self) -> bool {
        *self.polling.borrow()
    }

    /// `timeout` is how long one getUpdates call waits; keep it below the
    /// 17 s after which teloxide's HTTP client gives up.
    pub fn new(
        bot: Bot,
        store: Arc<Store>,
        tracker: Arc<Tracker>,
        timeout: Duration,
        health: Arc<Health>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let (stop_token, stop_flag) = mk_stop_token();
        let polling = store.duty(crate::store::Duty::Poll);
        DurableListener {
            polling,
            bot,
            store,
            tracker,
            timeout,
            health,
            metrics,
            stop_token,
            stop_flag,
        }
    }
}

impl UpdateListener for DurableListener {
    type Err = RequestError;

    fn stop_token(&mut self) -> StopToken {
        self.stop_token.clone()
    }

    /// The bot asks for [`intake::ALLOWED`] whatever the handlers could take.
    fn hint_allowed_updates(&mut self, _hint: &mut dyn Iterator<Item = AllowedUpdate>) {}
}

/// `getUpdates`, answered as raw JSON (see the module doc).
#[derive(Serialize)]
struct RawGetUpdates {
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<i32>,
    limit: u8,
    timeout: u32,
    allowed_updates: [AllowedUpdate; 4],
}

impl Payload for RawGetUpdates {
    type Output = Vec<serde_json::Value>;
    const NAME: &'static str = "GetUpdates";

    fn timeout_hint(&self) -> Option<Duration> {
        Some(Duration::from_secs(self.timeout.into()))
    }
}

/// One `getUpdates` call, answered as raw JSON (see the module doc): the
/// updates from `offset` on (every one not yet confirmed without it), of
/// the kinds the bot reads, waiting up to `timeout` seconds for one.
pub(crate) async fn get_raw_updates(
    bot: &Bot,
    offset: Option<i32>,
    timeout: u32,
) -> Result<Vec<serde_json::Value>, RequestError> {
    let payload = RawGetUpdates {
        offset,
        limit: 100,
        timeout,
        allowed_updates: intake::ALLOWED,
    };
    JsonRequest::new(bot.clone(), payload).send().await
}

/// The stream's state between items.
struct Polling<'a> {
    listener: &'a mut DurableListener,
    buffer: VecDeque<Update>,
    /// The offset for the next call: one past the newest update received.
    offset: Option<i32>,
    failures: u32,
    stop: Pin<Box<StopFlag>>,
}

impl<'a> AsUpdateStream<'a> for DurableListener {
    type StreamErr = RequestError;
    type Stream = BoxStream<'a, Result<Update, RequestError>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let stop = Box::pin(self.stop_flag.clone());
        let state = Polling {
            listener: self,
            buffer: VecDeque::new(),
            offset: None,
            failures: 0,
            stop,
        };
        Box::pin(stream::unfold(state, |mut st| async move {
            let item = st.next().await?;
            Some((item, st))
        }))
    }
}

impl Polling<'_> {
    /// The next update, an error to report, or `None` once stopped.
    async fn next(&mut self) -> Option<Result<Update, RequestError>> {
        loop {
            if let Some(update) = self.buffer.pop_front() {
                return Some(Ok(update));
            }
            // Everything handed out must be on disk before it is confirmed.
            tokio::select! {
                () = self.listener.tracker.wait_idle() => {}
                () = &mut self.stop => return None,
            }
            if self.stop.is_stopped() {
                return None;
            }
            if let Some(lowest) = self.listener.tracker.take_lowest_failed() {
                // Ask again from the first update that was not saved, after a
                // pause (the database may be down); those saved since are
                // recognised as handled.
                let lowest = i32::try_from(lowest).unwrap_or(i32::MAX);
                self.offset = Some(self.offset.map_or(lowest, |o| o.min(lowest)));
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    () = &mut self.stop => return None,
                }
            }
            if !self.listener.may_poll() {
                // Another replica polls: wait for its duty (see `Duty::Poll`).
                self.listener.health.polled();
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(250)) => {}
                    () = &mut self.stop => return None,
                }
                continue;
            }
            let l = &self.listener;
            let timeout = u32::try_from(l.timeout.as_secs()).unwrap_or(u32::MAX);
            l.health.polled();
            let result = tokio::select! {
                result = get_raw_updates(&l.bot, self.offset, timeout) => result,
                () = &mut self.stop => return None,
            };
            l.metrics.api_call("getUpdates", &result);
            self.listener.health.bot_api_answered(result.is_ok());
            match result {
                Ok(updates) => {
                    self.failures = 0;
                    if !updates.is_empty() {
                        self.listener.health.update_received();
                    }
                    if let Some(offset) = self.offset {
                        // Telegram has now forgotten every update below `offset`.
                        self.listener.store.note_confirmed(i64::from(offset));
                    }
                    let mut newest = None;
                    for raw in updates {
                        match intake::read(raw, &self.listener.metrics) {
                            Ok(Intake::Typed(update)) => {
                                newest = newest.max(Some(update.id.0));
                                self.buffer.push_back(*update);
                            }
                            Ok(Intake::Skipped { id }) => newest = newest.max(Some(id)),
                            Err(intake::NotAnUpdate) => {
                                tracing::warn!(
                                    "Telegram sent something without an update_id; skipped"
                                );
                            }
                        }
                    }
                    if let Some(newest) = newest {
                        self.offset =
                            Some(i32::try_from(newest).unwrap_or(i32::MAX).saturating_add(1));
                    }
                    // Updates about one conversation take effect in order,
                    // whichever chats they come from (see `super::order`).
                    let touching: Vec<(u32, Vec<Chat>)> = self.listener.store.read(|model| {
                        self.buffer
                            .iter()
                            .map(|u| (u.id.0, super::order::touched(model, u)))
                            .collect()
                    });
                    self.listener.tracker.begin_touching(touching);
                }
                Err(error) => {
                    self.failures += 1;
                    // A dropped connection is common and usually passes at
                    // once: the first retry goes straight away.
                    let pause = match self.failures {
                        1 => Duration::ZERO,
                        n => Duration::from_millis(250 * 2u64.pow(n.min(6) - 1)),
                    };
                    let pause = match &error {
                        RequestError::RetryAfter(wait) => wait.duration(),
                        _ => pause,
                    };
                    tokio::select! {
                        () = tokio::time::sleep(pause) => {}
                        () = &mut self.stop => return None,
                    }
                    return Some(Err(error));
                }
            }
        }
    }
}
