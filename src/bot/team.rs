//! The support team's chats, shared by intake (who is an admin) and
//! delivery (where notices go).

use std::collections::BTreeSet;
use std::sync::{RwLock, RwLockReadGuard};

use crate::model::Chat;

/// The chats of the support team. Changes when an admin group becomes a
/// supergroup (Telegram gives it a new id).
#[derive(Debug, Default)]
pub struct Team {
    /// The chats of `ADMIN_CHAT_ID`.
    chats: RwLock<BTreeSet<Chat>>,
    /// The team's forum group (`TEAM_CHAT_ID`): a topic per ticket.
    forum: Option<Chat>,
    /// Whether the chats of `ADMIN_CHAT_ID` get notices beside the forum.
    notify_admin_chats: bool,
}

impl Team {
    /// A team of admin chats only.
    pub fn new(chats: impl IntoIterator<Item = Chat>) -> Team {
        Team::with_forum(chats, None, true)
    }

    /// A team with admin chats and, maybe, a forum group.
    pub fn with_forum(
        chats: impl IntoIterator<Item = Chat>,
        forum: Option<Chat>,
        notify_admin_chats: bool,
    ) -> Team {
        Team {
            chats: RwLock::new(chats.into_iter().collect()),
            forum,
            notify_admin_chats,
        }
    }

    /// Whether `chat` is one of the support team's chats.
    pub fn is_admin(&self, chat: Chat) -> bool {
        self.forum == Some(chat) || self.read().contains(&chat)
    }

    /// The support team's chats, in order, the forum group last.
    pub fn chats(&self) -> Vec<Chat> {
        let mut chats: Vec<Chat> = self.read().iter().copied().collect();
        chats.extend(self.forum.filter(|f| !chats.contains(f)));
        chats
    }

    /// The chats that get every notice as a message of its own: the chats
    /// of `ADMIN_CHAT_ID` (without a forum group, or with one unless
    /// `NOTIFY_ADMIN_CHATS=false`). The forum group is not among them.
    pub fn notice_chats(&self) -> Vec<Chat> {
        if self.forum.is_some() && !self.notify_admin_chats {
            return Vec::new();
        }
        self.read()
            .iter()
            .copied()
            .filter(|c| Some(*c) != self.forum)
            .collect()
    }

    /// The team's forum group, if there is one.
    pub fn forum(&self) -> Option<Chat> {
        self.forum
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
