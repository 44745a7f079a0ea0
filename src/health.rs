//! What one running bot knows about its own health: whether the Bot API
//! answered the last time it was asked, and when the last update arrived.
//! Read by `GET /readyz`, `GET /status` and `GET /metrics`.
//!
//! Unlike the counters in [`crate::metrics`], this belongs to one bot (one
//! [`crate::app::App`]), so bots started side by side in tests do not see
//! each other's state.

use std::sync::atomic::{AtomicI64, AtomicU8, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::store::Store;

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
}

/// The body of `GET /readyz`: each condition and whether all hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub ready: bool,
    /// `"ok"`: the data file is loaded (always, once the server answers:
    /// it is loaded before the server starts).
    pub store: &'static str,
    /// `"ok"`, or `"failing"` while the data file cannot be written.
    pub writes: &'static str,
    /// `"ok"`, `"connecting"` before Telegram first answered, or
    /// `"failing"` after the last call to it failed.
    pub bot_api: &'static str,
}

impl Health {
    /// The outcome of a getMe or getUpdates call.
    pub fn bot_api_answered(&self, ok: bool) {
        let value = if ok { ANSWERING } else { FAILING };
        self.bot_api.store(value, Ordering::SeqCst);
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

    /// Whether the bot can do its work now, with `store`.
    pub fn readiness(&self, store: &Store) -> Readiness {
        let writes = if store.is_degraded() { "failing" } else { "ok" };
        let bot_api = match self.bot_api.load(Ordering::SeqCst) {
            ANSWERING => "ok",
            NOT_YET => "connecting",
            _ => "failing",
        };
        Readiness {
            ready: writes == "ok" && bot_api == "ok",
            store: "ok",
            writes,
            bot_api,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
