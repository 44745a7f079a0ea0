//! The support team's chats, shared by intake (who is an admin) and
//! delivery (where notices go).

use std::collections::BTreeSet;
use std::sync::{RwLock, RwLockReadGuard};

use crate::model::Chat;

/// The chats of the support team. Changes when an admin group becomes a
/// supergroup (Telegram gives it a new id).
#[derive(Debug, Default)]
pub struct Team {
    chats: RwLock<BTreeSet<Chat>>,
}

impl Team {
    pub fn new(chats: impl IntoIterator<Item = Chat>) -> Team {
        Team {
            chats: RwLock::new(chats.into_iter().collect()),
        }
    }

    /// Whether `chat` is one of the support team's chats.
    pub fn is_admin(&self, chat: Chat) -> bool {
        self.read().contains(&chat)
    }

    /// The support team's chats, in order.
    pub fn chats(&self) -> Vec<Chat> {
        self.read().iter().copied().collect()
    }

    /// An admin group got a new id: use it from now on.
    pub fn moved(&self, from: Chat, to: Chat) {
        let mut chats = self.chats.write().unwrap_or_else(|e| e.into_inner());
        chats.remove(&from);
        chats.insert(to);
    }

    fn read(&self) -> RwLockReadGuard<'_, BTreeSet<Chat>> {
        self.chats.read().unwrap_or_else(|e| e.into_inner())
    }
}
