//! The time now: the one clock the program reads. The rules (`fsm`,
//! `model`, `stats`, `hours`) never call it; they are given the time.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::UnixTime;

/// The time now, in Unix seconds.
pub fn now() -> UnixTime {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
