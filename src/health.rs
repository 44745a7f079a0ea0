//! What one running bot knows about its own health: whether the Bot API
//! answered the last time it was asked, when the last update arrived, when
//! `getUpdates` was last called and how many messages wait to be sent.
//! Read by `GET /readyz`, `GET /status` and `GET /metrics`.
//!
//! Unlike the counters in [`crate::metrics`], this belongs to one bot (one
//! [`crate::app::App`]), so bots started side by side in tests do not see
//! each other's state.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, AtomicU8, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// How long an update may stay unfinished, or polling may pause, before the
/// bot counts as stalled.
pub const STALL_AFTER: Duration = Duration::from_secs(60);

const NOT_YET: u8 = 0;
const ANSWERING: u8 = 1;
const FAILING: u8 = 2;

/// Set by the calls to Telegram, read by the HTTP server.
#[derive(Debug, Default)]
pub struct Health {
    /// [`NOT_YET`] until the first answer, then [`ANSWERING`] or [`FAILING`].
    bot_api: AtomicU8,
    /// Unix time (seconds) of the last update received; 0 for none yet.
    last_update: AtomicI64,
    /// When `getUpdates` was last called; `None` when not polling.
    last_poll: Mutex<Option<Instant>>,
    /// Messages waiting to be sent to private chats and to groups.
    outbox_private: AtomicUsize,
    outbox_group: AtomicUsize,
    /// Topics in the team's forum group: [`NOT_YET`] until one was made or
    /// refused, then [`ANSWERING`] (they work) or [`FAILING`] (no right).
    topics: AtomicU8,
    /// Saved records this version cannot read (kept, not acted on).
    unreadable_records: AtomicUsize,
    /// Each of the team's chats and what the start's check found there
    /// (see [`crate::bot::access`]).
    admin_chats: Mutex<BTreeMap<i64, &'static str>>,
}

/// Facts about the rest of the bot that readiness depends on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Facts {
    /// The data file cannot be written right now.
    pub writes_failing: bool,
    /// How long the oldest update not yet handled has been waiting.
    pub oldest_update: Option<Duration>,
    /// Whether the database answers (`None`: the store has none).
    pub database_reachable: Option<bool>,
    /// A journal row this replica cannot read and stopped at (a newer
    /// version wrote it; PostgreSQL only: the JSON store refuses to start).
    pub unreadable_row: Option<u64>,
}

/// The body of `GET /readyz`: each condition and whether all hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub ready: bool,
    /// `"ok"`: the data is loaded (it is, before the server starts);
    /// `"unreadable_record"` when this replica found a journal row it
    /// cannot read (written by a newer version): it stays at the row
    /// before, writes nothing and is not ready, so work goes to a replica
    /// that reads it.
    pub store: &'static str,
    /// `"ok"`, or `"failing"` while the data file cannot be written.
    pub writes: &'static str,
    /// `"ok"`, `"connecting"` before Telegram first answered, or
    /// `"failing"` after the last call to it failed.
    pub bot_api: &'static str,
    /// `"ok"`, `"update_stuck"` when an update has been in progress for
    /// over 60 s, or `"polling_stopped"` when `getUpdates` has not been
    /// called for 60 s while polling.
    pub updates: &'static str,
    /// Topics in the team's forum group: `"ok"`, `"no_topic_rights"` when
    /// the bot may not make them (notices then go to the group without
    /// topics; the bot still works, so this alone keeps it ready), or
    /// `"-"` before any was needed (or without a team group).
    pub team_topics: &'static str,
    /// Each of the team's chats (`ADMIN_CHAT_ID`, `TEAM_CHAT_ID`) by id, and
    /// whether the bot can do its work there, as checked at start:
    /// `"checking"`, `"ok"`, `"not_checked"` (Telegram did not answer), or
    /// the first problem (`"never_started"`, `"bot_not_in_group"`,
    /// `"group_moved"`, `"cannot_send"`, `"not_a_forum"`,
    /// `"bot_not_admin"`, `"no_topic_rights"`; the log says what to do). The
    /// bot still works for the other chats, so this never makes it unready.
    /// Left out before the check starts.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub admin_chats: BTreeMap<String, &'static str>,
    /// With the PostgreSQL store only: `"ok"`, or `"unreachable"` while the
    /// database does not answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
    /// Saved records this version cannot read, e.g. written by a newer
    /// release: kept in the store, named in the log; shown only when there
    /// are any. Messages to send: the bot stays ready, nothing else waits
    /// for them. A journal row: see `store`.
    #[serde(skip_serializing_if = "is_zero")]
    pub unreadable_records: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Health {
    /// The outcome of a getMe or getUpdates call.
    pub fn bot_api_answered(&self, ok: bool) {
        let value = if ok { ANSWERING } else { FAILING };
        self.bot_api.store(value, Ordering::SeqCst);
    }

    /// Making a topic in the team's group worked (`true`) or was refused
    /// for want of rights (`false`).
    pub fn topics_work(&self, ok: bool) {
        let value = if ok { ANSWERING } else { FAILING };
        self.topics.store(value, Ordering::SeqCst);
    }

    /// What the check of one of the team's chats found (a code of
    /// [`Readiness::admin_chats`]).
    pub fn admin_chat_is(&self, chat: i64, state: &'static str) {
        self.admin_chats
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(chat, state);
    }

    /// A saved record could not be read (logged by the caller).
    pub fn unreadable_record(&self) {
        self.unreadable_records.fetch_add(1, Ordering::SeqCst);
    }

    /// `getUpdates` is being called now.
    pub fn polled(&self) {
        *self.last_poll.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }

    /// How long since `getUpdates` was last called (`None` when not polling).
    pub fn since_last_poll(&self) -> Option<Duration> {
        self.last_poll
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .map(|at| at.elapsed())
    }

    /// How many messages wait to be sent, to private chats and to groups.
    pub fn outbox_is(&self, private: usize, group: usize) {
        self.outbox_private.store(private, Ordering::Relaxed);
        self.outbox_group.store(group, Ordering::Relaxed);
    }

    /// Messages waiting to be sent: (private chats, groups).
    pub fn outbox(&self) -> (usize, usize) {
        (
            self.outbox_private.load(Ordering::Relaxed),
            self.outbox_group.load(Ordering::Relaxed),
        )
    }

    /// Updates have just arrived.
    pub fn update_received(&self) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.last_update
            .store(i64::try_from(now).unwrap_or(i64::MAX), Ordering::SeqCst);
    }

    /// When the last update arrived, in RFC 3339 (UTC), or `None`.
    pub fn last_update_at(&self) -> Option<String> {
        let secs = self.last_update.load(Ordering::SeqCst);
        if secs == 0 {
            return None;
        }
        OffsetDateTime::from_unix_timestamp(secs)
            .ok()?
            .format(&Rfc3339)
            .ok()
    }

    /// Whether the bot can do its work now.
    pub fn readiness(&self, facts: Facts) -> Readiness {
        let writes = if facts.writes_failing {
            "failing"
        } else {
            "ok"
        };
        let bot_api = match self.bot_api.load(Ordering::SeqCst) {
            ANSWERING => "ok",
            NOT_YET => "connecting",
            _ => "failing",
        };
        let updates = if facts.oldest_update.is_some_and(|age| age > STALL_AFTER) {
            "update_stuck"
        } else if self.since_last_poll().is_some_and(|age| age > STALL_AFTER) {
            "polling_stopped"
        } else {
            "ok"
        };
        let database = facts
            .database_reachable
            .map(|ok| if ok { "ok" } else { "unreachable" });
        let store = if facts.unreadable_row.is_some() {
            "unreadable_record"
        } else {
            "ok"
        };
        Readiness {
            ready: store == "ok"
                && writes == "ok"
                && bot_api == "ok"
                && updates == "ok"
                && database.is_none_or(|d| d == "ok"),
            database,
            unreadable_records: self.unreadable_records.load(Ordering::SeqCst)
                + usize::from(facts.unreadable_row.is_some()),
            store,
            writes,
            bot_api,
            updates,
            admin_chats: self
                .admin_chats
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .map(|(chat, state)| (chat.to_string(), *state))
                .collect(),
            team_topics: match self.topics.load(Ordering::SeqCst) {
                ANSWERING => "ok",
                FAILING => "no_topic_rights",
                _ => "-",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_in_progress_for_over_a_minute_makes_the_bot_unready() {
        let health = Health::default();
        health.bot_api_answered(true);
        let fresh = Facts {
            oldest_update: Some(Duration::from_secs(5)),
            ..Facts::default()
        };
        assert!(health.readiness(fresh).ready);
        let stuck = Facts {
            oldest_update: Some(Duration::from_secs(61)),
            ..Facts::default()
        };
        let readiness = health.readiness(stuck);
        assert!(!readiness.ready);
        assert_eq!(readiness.updates, "update_stuck");
    }

    #[test]
    fn polling_that_stopped_for_over_a_minute_makes_the_bot_unready() {
        let health = Health::default();
        health.bot_api_answered(true);
        health.polled();
        assert_eq!(health.readiness(Facts::default()).updates, "ok");
        *health.last_poll.lock().unwrap() = Instant::now().checked_sub(Duration::from_secs(61));
        let readiness = health.readiness(Facts::default());
        assert!(!readiness.ready);
        assert_eq!(readiness.updates, "polling_stopped");
    }

    #[test]
    fn the_last_update_time_is_rfc_3339_in_utc() {
        let health = Health::default();
        assert_eq!(health.last_update_at(), None);
        health.last_update.store(1_714_555_800, Ordering::SeqCst);
        assert_eq!(
            health.last_update_at().as_deref(),
            Some("2024-05-01T09:30:00Z")
        );
        health.update_received();
        let now = health.last_update_at().unwrap();
        assert!(now.ends_with('Z') && now.len() == 20, "{now}");
    }
}
