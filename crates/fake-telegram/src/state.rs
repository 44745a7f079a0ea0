//! The state shared by the test-facing handle and the HTTP server.

use std::sync::{Mutex, MutexGuard};

use serde_json::{json, Value};
use tokio::sync::Notify;

use crate::commands::Commands;
use crate::members::Members;
use crate::rules::FloodLimits;
use crate::sent::Store;
use crate::server::{Call, Faults};
use crate::updates::Updates;

/// The bot's username as getMe reports it.
pub(crate) const BOT_USERNAME: &str = "support_test_bot";
/// The bot's first name as getMe reports it.
const BOT_FIRST_NAME: &str = "Support Test Bot";
/// Bot id used when the token does not start with `<digits>:`.
const DEFAULT_BOT_ID: i64 = 7_000_000_001;

/// State shared between the test-facing handle and the HTTP server.
pub(crate) struct Shared {
    pub token: String,
    pub bot_id: i64,
    pub state: Mutex<State>,
    /// Woken after every change, for long polls and the test's waits.
    pub changed: Notify,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The bot's user object.
    pub fn bot_user(&self) -> Value {
        json!({"id": self.bot_id, "is_bot": true, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME})
    }

    pub fn begin_shutdown(&self) {
        self.lock().shutdown = true;
        self.changed.notify_waiters();
    }
}

/// Everything the fake remembers.
pub(crate) struct State {
    /// Chats, their messages and the record of accepted sends.
    pub store: Store,
    /// The update queue and what getUpdates / webhooks confirmed.
    pub updates: Updates,
    /// Flood limits on accepted sends.
    pub limits: FloodLimits,
    /// Server errors and hang-ups to produce, and how many were produced.
    pub faults: Faults,
    /// Every answered request.
    pub calls: Vec<Call>,
    /// Bot commands set with setMyCommands.
    pub commands: Commands,
    /// Group memberships (getChatMember) and menu buttons.
    pub members: Members,
    /// Callback query ids handed out, and whether each was answered.
    pub callback_queries: std::collections::HashMap<String, bool>,
    pub next_callback_id: u64,
    pub shutdown: bool,
    /// Bot API calls (other than getUpdates) received and not yet answered.
    pub in_flight: usize,
    /// When the last call other than getUpdates was answered (or hung up on).
    pub last_call: Option<tokio::time::Instant>,
    /// Calls held unanswered until released: (method, chat), `None` for any.
    pub holds: Vec<(Option<String>, Option<i64>)>,
    /// Calls being held now.
    pub held: usize,
}

impl State {
    pub fn new() -> Self {
        State {
            store: Store::default(),
            updates: Updates::new(),
            limits: FloodLimits::default(),
            faults: Faults::default(),
            calls: Vec::new(),
            commands: Commands::default(),
            members: Members::default(),
            callback_queries: Default::default(),
            next_callback_id: 0,
            shutdown: false,
            in_flight: 0,
            last_call: None,
            holds: Vec::new(),
            held: 0,
        }
    }
}

/// The bot id is the number before ':' in the token, as in real tokens.
pub(crate) fn bot_id_from_token(token: &str) -> i64 {
    token
        .split_once(':')
        .and_then(|(digits, _)| digits.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .unwrap_or(DEFAULT_BOT_ID)
}
