//! Forum topics: supergroups with topics, the methods that manage them
//! (createForumTopic, editForumTopic, closeForumTopic, reopenForumTopic,
//! deleteForumTopic), where a message may go in one (`message_thread_id`),
//! and what a human administrator does to topics in the Telegram app.

use serde_json::{json, Map, Value};

use crate::params::Params;
use crate::rules::{utf16_len, writable_chat};
use crate::sent::{ChatKind, Store};
use crate::server::{bad, ApiErr, ApiResult};
use crate::state::{Shared, State};
use crate::FakeTelegram;

/// The icon color of a topic created without one (0x6FB9F0).
pub(crate) const DEFAULT_ICON_COLOR: u32 = 7_322_096;
/// The icon colors Telegram accepts: 0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98,
/// 0xFF93B2, 0xFB6F5F.
const ICON_COLORS: [u32; 6] = [
    7_322_096, 16_766_590, 13_338_331, 9_367_192, 16_749_490, 16_478_047,
];
/// Telegram's limit for a topic name, in UTF-16 code units.
const MAX_TOPIC_NAME_UTF16: usize = 128;
/// The user who closes topics by hand ([`FakeTelegram::close_topic_by_hand`]).
const HUMAN_ADMIN: i64 = 4_200_001;

const THREAD_NOT_FOUND: &str = "message thread not found";
const NOT_MODIFIED: &str = "TOPIC_NOT_MODIFIED";

/// One topic of a forum chat, as the test sees it ([`FakeTelegram::topics`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Topic {
    /// Its `message_thread_id`: the id of its `forum_topic_created` message.
    pub thread: i32,
    pub name: String,
    pub icon_color: u32,
    /// Closed by closeForumTopic or by hand: only administrators with the
    /// `can_manage_topics` right may post into it (the bot too, while it
    /// has the right); others get "TOPIC_CLOSED".
    pub closed: bool,
    /// Deleted by deleteForumTopic or by hand, with all its messages.
    pub deleted: bool,
    pub icon_custom_emoji_id: Option<String>,
    /// Made by the bot (createForumTopic): as its creator, the bot may
    /// rename, close and reopen it even without `can_manage_topics`.
    pub by_bot: bool,
}

/// The topics of a forum chat and the bot's right to manage them.
pub(crate) struct Forum {
    /// The bot's `can_manage_topics` administrator right.
    pub can_manage_topics: bool,
    /// Every topic ever created, deleted ones included, in creation order.
    pub topics: Vec<Topic>,
}

impl Default for Forum {
    fn default() -> Self {
        Forum {
            can_manage_topics: true,
            topics: Vec::new(),
        }
    }
}

impl Store {
    fn is_forum(&self, chat: i64) -> bool {
        self.chats
            .get(&chat)
            .is_some_and(|c| matches!(c.kind, ChatKind::Forum { .. }))
    }

    /// The topic `thread` of forum `chat`, unless deleted or never created.
    fn live_topic(&self, chat: i64, thread: i64) -> Option<&Topic> {
        let record = self.chats.get(&chat)?;
        if !matches!(record.kind, ChatKind::Forum { .. }) {
            return None;
        }
        record
            .forum
            .topics
            .iter()
            .find(|t| i64::from(t.thread) == thread && !t.deleted)
    }

    fn live_topic_mut(&mut self, chat: i64, thread: i32) -> Option<&mut Topic> {
        let record = self.chats.get_mut(&chat)?;
        record
            .forum
            .topics
            .iter_mut()
            .find(|t| t.thread == thread && !t.deleted)
    }

    /// The topic `thread` of `chat` the bot's message may go into: 400
    /// "message thread not found" (deleted, never created, no forum), or
    /// "TOPIC_CLOSED" for a closed one unless the bot has the
    /// `can_manage_topics` right there (administrators with it may post
    /// into closed topics).
    pub fn open_topic(&self, chat: i64, thread: i64) -> Result<i32, ApiErr> {
        let topic = self
            .live_topic(chat, thread)
            .ok_or_else(|| bad(THREAD_NOT_FOUND))?;
        let may_manage = self
            .chats
            .get(&chat)
            .is_some_and(|c| c.forum.can_manage_topics);
        if topic.closed && !may_manage {
            return Err(bad("TOPIC_CLOSED"));
        }
        Ok(topic.thread)
    }

    /// Stores a service message (`field`: `value`) in topic `thread` of
    /// `chat`, sent by `from`, and returns it.
    fn post_in_topic(
        &mut self,
        chat: i64,
        thread: i32,
        from: Value,
        from_bot: bool,
        field: &str,
        value: Value,
    ) -> Result<Value, String> {
        let mut content = Map::new();
        content.insert("message_thread_id".into(), json!(thread));
        content.insert("is_topic_message".into(), json!(true));
        content.insert(field.into(), value);
        self.store_message(chat, from, from_bot, content)
    }

    /// Marks the topic deleted and removes its messages, as Telegram does.
    fn delete_topic(&mut self, chat: i64, thread: i32) -> bool {
        let Some(topic) = self.live_topic_mut(chat, thread) else {
            return false;
        };
        topic.deleted = true;
        if let Some(record) = self.chats.get_mut(&chat) {
            record
                .messages
                .retain(|id, m| *id != thread && m.json["message_thread_id"] != json!(thread));
        }
        true
    }
}

/// The `message_thread_id` of a send: `None` for none (in a forum: the
/// General topic), else the open topic it names.
pub(crate) fn thread_param(store: &Store, chat: i64, p: &Params) -> Result<Option<i32>, ApiErr> {
    match p.int("message_thread_id") {
        Err(()) => Err(bad(THREAD_NOT_FOUND)),
        Ok(None | Some(0)) => Ok(None),
        Ok(Some(thread)) => store.open_topic(chat, thread).map(Some),
    }
}

/// A forum chat the bot may write to, from `chat_id`.
fn forum_chat(st: &State, p: &Params) -> Result<i64, ApiErr> {
    let chat = writable_chat(&st.store, p)?;
    if st.store.is_forum(chat) {
        Ok(chat)
    } else {
        Err(bad("the chat is not a forum"))
    }
}

fn can_manage_topics(st: &State, chat: i64) -> bool {
    st.store
        .chats
        .get(&chat)
        .is_some_and(|c| c.forum.can_manage_topics)
}

/// A topic name: trimmed, 1..=128 UTF-16 code units.
fn topic_name(raw: &str) -> Result<String, ApiErr> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(bad("TOPIC_TITLE_EMPTY"));
    }
    if utf16_len(name) > MAX_TOPIC_NAME_UTF16 {
        return Err(bad("TOPIC_TITLE_TOO_LONG"));
    }
    Ok(name.to_string())
}

pub(crate) fn create_forum_topic(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let chat = forum_chat(st, p)?;
    if !can_manage_topics(st, chat) {
        return Err(bad("not enough rights to create a topic"));
    }
    let name = topic_name(&p.text("name").unwrap_or_default())?;
    let icon_color = match p.int("icon_color") {
        Ok(None) => DEFAULT_ICON_COLOR,
        Ok(Some(c)) if ICON_COLORS.iter().any(|k| i64::from(*k) == c) => c as u32,
        _ => return Err(bad("TOPIC_ICON_COLOR_INVALID")),
    };
    let emoji = p.text("icon_custom_emoji_id").filter(|e| !e.is_empty());
    let thread = st
        .store
        .next_message_id(chat)
        .ok_or_else(|| bad("chat not found"))?;
    let mut topic_json =
        json!({"message_thread_id": thread, "name": name, "icon_color": icon_color});
    let mut created = json!({"name": name, "icon_color": icon_color});
    if let Some(e) = &emoji {
        topic_json["icon_custom_emoji_id"] = json!(e);
        created["icon_custom_emoji_id"] = json!(e);
    }
    st.store
        .post_in_topic(
            chat,
            thread,
            sh.bot_user(),
            true,
            "forum_topic_created",
            created,
        )
        .map_err(|_| bad("chat not found"))?;
    if let Some(record) = st.store.chats.get_mut(&chat) {
        record.forum.topics.push(Topic {
            thread,
            name,
            icon_color,
            closed: false,
            deleted: false,
            icon_custom_emoji_id: emoji,
            by_bot: true,
        });
    }
    Ok(topic_json)
}

/// (chat, thread) of a live topic the bot may manage, from `chat_id` and
/// `message_thread_id`: with the `can_manage_topics` right, or (when
/// `creator_may`: renaming, closing, reopening) as the topic's creator.
fn managed_topic(st: &State, p: &Params, creator_may: bool) -> Result<(i64, i32), ApiErr> {
    let chat = forum_chat(st, p)?;
    let topic = p
        .int("message_thread_id")
        .ok()
        .flatten()
        .and_then(|t| st.store.live_topic(chat, t));
    let as_creator = creator_may && topic.is_some_and(|t| t.by_bot);
    if !can_manage_topics(st, chat) && !as_creator {
        return Err(bad("not enough rights to manage topics"));
    }
    let topic = topic.ok_or_else(|| bad(THREAD_NOT_FOUND))?;
    Ok((chat, topic.thread))
}

pub(crate) fn edit_forum_topic(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let (chat, thread) = managed_topic(st, p, true)?;
    let name = match p.text("name").filter(|n| !n.trim().is_empty()) {
        Some(raw) => Some(topic_name(&raw)?),
        None => None,
    };
    let emoji = p.text("icon_custom_emoji_id");
    let topic = st
        .store
        .live_topic_mut(chat, thread)
        .ok_or_else(|| bad(THREAD_NOT_FOUND))?;
    let mut edited = json!({});
    if let Some(name) = name.filter(|n| *n != topic.name) {
        edited["name"] = json!(name);
        topic.name = name;
    }
    if let Some(emoji) = emoji {
        let new = Some(emoji.clone()).filter(|e| !e.is_empty());
        if new != topic.icon_custom_emoji_id {
            edited["icon_custom_emoji_id"] = json!(emoji);
            topic.icon_custom_emoji_id = new;
        }
    }
    if edited.as_object().is_some_and(Map::is_empty) {
        return Err(bad(NOT_MODIFIED));
    }
    st.store
        .post_in_topic(
            chat,
            thread,
            sh.bot_user(),
            true,
            "forum_topic_edited",
            edited,
        )
        .map_err(|_| bad("chat not found"))?;
    Ok(json!(true))
}

/// closeForumTopic (`close`) and reopenForumTopic.
pub(crate) fn close_forum_topic(sh: &Shared, st: &mut State, p: &Params, close: bool) -> ApiResult {
    let (chat, thread) = managed_topic(st, p, true)?;
    let topic = st
        .store
        .live_topic_mut(chat, thread)
        .ok_or_else(|| bad(THREAD_NOT_FOUND))?;
    if topic.closed == close {
        return Err(bad(NOT_MODIFIED));
    }
    topic.closed = close;
    let field = if close {
        "forum_topic_closed"
    } else {
        "forum_topic_reopened"
    };
    st.store
        .post_in_topic(chat, thread, sh.bot_user(), true, field, json!({}))
        .map_err(|_| bad("chat not found"))?;
    Ok(json!(true))
}

pub(crate) fn delete_forum_topic(st: &mut State, p: &Params) -> ApiResult {
    let (chat, thread) = managed_topic(st, p, false)?;
    if st.store.delete_topic(chat, thread) {
        Ok(json!(true))
    } else {
        Err(bad(THREAD_NOT_FOUND))
    }
}

impl FakeTelegram {
    /// Gives the bot its `can_manage_topics` right in forum `chat` back
    /// (`true`) or takes it away (`false`): without it, createForumTopic
    /// answers "not enough rights to create a topic", the other topic
    /// methods "not enough rights to manage topics" (except renaming,
    /// closing and reopening a topic the bot made, which its creator may),
    /// and posting into a closed topic "TOPIC_CLOSED".
    pub fn set_topic_rights(&self, chat: i64, can_manage: bool) {
        self.with_state(|_, st| {
            let record = st
                .store
                .chats
                .get_mut(&chat)
                .filter(|c| matches!(c.kind, ChatKind::Forum { .. }))
                .unwrap_or_else(|| {
                    panic!("FakeTelegram::set_topic_rights: {chat} is not a forum chat")
                });
            record.forum.can_manage_topics = can_manage;
        });
    }

    /// Every topic of forum `chat` ever created, deleted ones included, in
    /// creation order (empty for other chats).
    pub fn topics(&self, chat: i64) -> Vec<Topic> {
        let st = self.handle.shared.lock();
        st.store
            .chats
            .get(&chat)
            .map(|c| c.forum.topics.clone())
            .unwrap_or_default()
    }

    /// A human administrator closes topic `thread` of `chat` in the Telegram
    /// app: sends into it then fail with "TOPIC_CLOSED" (unless the bot has
    /// the `can_manage_topics` right), and the
    /// `forum_topic_closed` service message is queued as an update, as
    /// Telegram delivers it. Returns its update_id. Panics unless the topic
    /// exists and is open.
    pub fn close_topic_by_hand(&self, chat: i64, thread: i32) -> i64 {
        let outcome = self.with_state(|_, st| {
            let topic = st
                .store
                .live_topic_mut(chat, thread)
                .ok_or(format!("chat {chat} has no topic {thread}"))?;
            if topic.closed {
                return Err(format!("topic {thread} of chat {chat} is already closed"));
            }
            topic.closed = true;
            let admin = st.store.user_json(HUMAN_ADMIN);
            let msg = st.store.post_in_topic(
                chat,
                thread,
                admin,
                false,
                "forum_topic_closed",
                json!({}),
            )?;
            Ok(st.updates.enqueue(json!({ "message": msg })))
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram::close_topic_by_hand: {e}"))
    }

    /// A human administrator deletes topic `thread` of `chat` in the
    /// Telegram app, with all its messages (no update: Telegram sends none).
    /// Sends into it then fail with "message thread not found". Panics
    /// unless the topic exists.
    pub fn delete_topic_by_hand(&self, chat: i64, thread: i32) {
        let deleted = self.with_state(|_, st| st.store.delete_topic(chat, thread));
        assert!(
            deleted,
            "FakeTelegram::delete_topic_by_hand: chat {chat} has no topic {thread}"
        );
    }
}
