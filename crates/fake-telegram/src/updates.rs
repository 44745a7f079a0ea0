//! The update queue and how the bot receives it: getUpdates long polling,
//! offsets that confirm updates, `allowed_updates`, and webhooks (which make
//! getUpdates answer 409).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::params::Params;
use crate::server::{bad, ApiErr, ApiResult};
use crate::state::Shared;

/// The first `update_id` the fake hands out; later ones increase by 1.
const FIRST_UPDATE_ID: i64 = 100_000;
/// Update kinds Telegram leaves out when `allowed_updates` was never given.
const DEFAULT_EXCLUDED_UPDATES: [&str; 3] =
    ["chat_member", "message_reaction", "message_reaction_count"];

#[derive(Clone)]
struct QueuedUpdate {
    id: i64,
    /// The numbering the id belongs to (see `renumber`).
    epoch: u32,
    json: Value,
}

/// Updates waiting for the bot, and what it confirmed.
pub(crate) struct Updates {
    queue: VecDeque<QueuedUpdate>,
    next_id: i64,
    /// Bumped when update ids are renumbered after a quiet week.
    epoch: u32,
    /// Every update ever queued, for `redeliver`.
    history: Vec<QueuedUpdate>,
    pub confirmed_offset: i64,
    /// Updates dropped because `allowed_updates` excluded them, with their kind.
    filtered: HashMap<i64, String>,
    allowed: Option<Vec<String>>,
    /// Bumped by every getUpdates, so an older pending poll knows it was superseded.
    poll_generation: u64,
    /// (url, secret_token) set by setWebhook.
    pub webhook: Option<(String, Option<String>)>,
}

impl Updates {
    pub fn new() -> Self {
        Updates {
            queue: VecDeque::new(),
            next_id: FIRST_UPDATE_ID,
            epoch: 0,
            history: Vec::new(),
            confirmed_offset: 0,
            filtered: HashMap::new(),
            allowed: None,
            poll_generation: 0,
            webhook: None,
        }
    }

    /// Adds `update_id`, queues the update (or drops it per `allowed_updates`)
    /// and returns the id.
    pub fn enqueue(&mut self, mut update: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let kind = update
            .as_object()
            .and_then(|o| o.keys().find(|k| *k != "update_id").cloned())
            .unwrap_or_default();
        if let Some(obj) = update.as_object_mut() {
            obj.insert("update_id".into(), json!(id));
        }
        if self.allows(&kind) {
            let queued = QueuedUpdate {
                id,
                epoch: self.epoch,
                json: update,
            };
            self.history.push(queued.clone());
            self.queue.push_back(queued);
        } else {
            self.filtered.insert(id, kind);
        }
        id
    }

    fn allows(&self, kind: &str) -> bool {
        match &self.allowed {
            Some(list) => list.iter().any(|k| k == kind),
            None => !DEFAULT_EXCLUDED_UPDATES.contains(&kind),
        }
    }

    pub fn pending(&self) -> usize {
        self.queue.len()
    }

    /// Queues again, with their original ids, updates from `first` on that
    /// were already confirmed.
    pub fn redeliver(&mut self, first: i64) {
        let again: Vec<QueuedUpdate> = self
            .history
            .iter()
            .filter(|u| u.id >= first)
            .cloned()
            .collect();
        self.queue.retain(|u| u.id < first);
        self.queue.extend(again);
        self.confirmed_offset = self.confirmed_offset.min(first);
    }

    /// Later updates are numbered from `next_id`, in a new numbering.
    pub fn renumber(&mut self, next_id: i64) {
        self.epoch += 1;
        self.next_id = next_id;
    }

    /// `Some(Ok)` once `update_id` was confirmed, `Some(Err)` if it was never
    /// queued because of `allowed_updates`, `None` while it is pending.
    pub fn confirmation_of(&self, update_id: i64) -> Option<Result<(), String>> {
        if let Some(kind) = self.filtered.get(&update_id) {
            return Some(Err(format!(
                "update {update_id} ({kind}) was never queued: the bot's allowed_updates {:?} exclude it",
                self.allowed
            )));
        }
        (self.confirmed_offset > update_id).then_some(Ok(()))
    }

    pub fn describe_pending(&self) -> String {
        format!(
            "confirmed offset {}, pending ids {:?}",
            self.confirmed_offset,
            self.queue.iter().map(|u| u.id).collect::<Vec<_>>()
        )
    }

    /// offset N > 0 forgets updates with id < N; offset -N keeps only the last N.
    ///
    /// After `renumber`, an offset beyond every id of the new numbering is a
    /// client's stale offset from the old one: it confirms only old updates,
    /// as Telegram does not drop the new lower-numbered ones.
    fn confirm(&mut self, offset: i64) {
        if offset > 0 {
            let (epoch, next) = (self.epoch, self.next_id);
            self.queue
                .retain(|u| u.id >= offset || (epoch > 0 && u.epoch == epoch && offset > next));
            self.confirmed_offset = self.confirmed_offset.max(offset);
        } else if offset < 0 {
            let keep = offset.unsigned_abs() as usize;
            while self.queue.len() > keep {
                if let Some(u) = self.queue.pop_front() {
                    self.confirmed_offset = self.confirmed_offset.max(u.id + 1);
                }
            }
        }
    }

    fn drop_all_pending(&mut self) {
        if let Some(last) = self.queue.back() {
            self.confirmed_offset = self.confirmed_offset.max(last.id + 1);
        }
        self.queue.clear();
    }

    pub fn webhook_info(&self) -> Value {
        let url = self.webhook.as_ref().map(|(url, _)| url.clone());
        let mut info = json!({
            "url": url.unwrap_or_default(),
            "has_custom_certificate": false,
            "pending_update_count": self.queue.len(),
        });
        if let Some(allowed) = &self.allowed {
            info["allowed_updates"] = json!(allowed);
        }
        info
    }

    pub fn delete_webhook(&mut self, p: &Params) -> Value {
        self.webhook = None;
        if p.flag("drop_pending_updates") {
            self.drop_all_pending();
        }
        json!(true)
    }

    pub fn set_webhook(&mut self, p: &Params) -> ApiResult {
        let url = p.text("url").unwrap_or_default();
        if url.is_empty() {
            self.webhook = None;
            return Ok(json!(true));
        }
        if !url.to_ascii_lowercase().starts_with("https://") {
            return Err(bad(
                "bad webhook: An HTTPS URL must be provided for webhook",
            ));
        }
        let authority = url["https://".len()..]
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default();
        let port = authority
            .rsplit_once(':')
            .map(|(_, port)| port)
            .filter(|p| !p.contains(']'));
        if port.is_some_and(|p| !["80", "88", "443", "8443"].contains(&p)) {
            return Err(bad(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
            ));
        }
        let secret = p.text("secret_token").filter(|s| !s.is_empty());
        if let Some(s) = &secret {
            let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            if s.chars().count() > 256 || !s.chars().all(allowed) {
                return Err(bad("secret token contains unallowed characters"));
            }
        }
        if p.flag("drop_pending_updates") {
            self.drop_all_pending();
        }
        self.webhook = Some((url, secret));
        Ok(json!(true))
    }
}

/// getUpdates: confirm by offset, then answer at once or long-poll up to
/// `timeout` seconds.
pub(crate) async fn get_updates(shared: &Arc<Shared>, p: &Params) -> ApiResult {
    let offset = p
        .int("offset")
        .map_err(|_| bad("wrong parameter offset"))?
        .unwrap_or(0);
    let limit = p
        .int("limit")
        .map_err(|_| bad("wrong parameter limit"))?
        .unwrap_or(100)
        .clamp(1, 100) as usize;
    let timeout = p
        .int("timeout")
        .map_err(|_| bad("wrong parameter timeout"))?
        .unwrap_or(0)
        .max(0) as u64;
    let allowed = p
        .json("allowed_updates")
        .map_err(|_| bad("can't parse allowed updates"))?;

    let generation = {
        let mut st = shared.lock();
        let updates = &mut st.updates;
        if updates.webhook.is_some() {
            return Err(ApiErr::new(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            ));
        }
        updates.poll_generation += 1;
        updates.confirm(offset);
        if let Some(list) = allowed {
            let kinds: Vec<String> = list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect();
            updates.allowed = if kinds.is_empty() { None } else { Some(kinds) };
        }
        updates.poll_generation
    };
    shared.changed.notify_waiters();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = shared.changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let st = shared.lock();
            if st.updates.poll_generation != generation {
                return Err(ApiErr::new(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                ));
            }
            let batch: Vec<Value> = st
                .updates
                .queue
                .iter()
                .take(limit)
                .map(|u| u.json.clone())
                .collect();
            if !batch.is_empty() || st.shutdown || tokio::time::Instant::now() >= deadline {
                return Ok(Value::Array(batch));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}
