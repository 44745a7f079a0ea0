//! Chats, the messages stored in them, and the record of what the bot sent.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};
use tokio::sync::Notify;

use crate::rules::inline_markup;
use crate::server::{bad, ApiResult};
use crate::topics::Forum;

/// One message the fake accepted from the bot (sendMessage, other send*,
/// copyMessage, forwardMessage), in the order accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct SentMessage {
    /// Chat the message went to.
    pub chat_id: i64,
    /// Id the fake gave the new message (increasing per chat).
    pub message_id: i32,
    /// Text (or caption) exactly as the bot sent it; for copies and forwards
    /// the original's text or caption unless a new caption was given.
    pub text: String,
    /// Always `None`: the fake refuses `parse_mode`, so every accepted
    /// message is plain text.
    pub parse_mode: Option<String>,
    /// `reply_markup` as sent (inline keyboards and reply keyboards alike).
    pub reply_markup: Option<Value>,
    /// Lower-case method that created it ("sendmessage", "sendphoto", "copymessage", ...).
    pub method: String,
    /// The forum topic (`message_thread_id`) it went to; `None` for the
    /// General topic of a forum and for chats without topics.
    pub thread: Option<i32>,
    /// When the fake accepted it.
    pub at: Instant,
}

/// One chat the bot can talk to.
pub(crate) struct ChatRecord {
    pub kind: ChatKind,
    pub blocked: bool,
    /// The group became a supergroup with this id (see `migrate_group`).
    pub migrated_to: Option<i64>,
    /// Topics and the bot's right to manage them (used by forum chats only).
    pub forum: Forum,
    next_message_id: i32,
    pub messages: HashMap<i32, StoredMessage>,
}

pub(crate) enum ChatKind {
    Private {
        first_name: String,
        username: Option<String>,
    },
    Group {
        title: String,
    },
    /// A supergroup with topics, the bot an administrator in it.
    Forum {
        title: String,
    },
}

/// A message as Telegram would return it, plus who wrote it.
pub(crate) struct StoredMessage {
    pub from_bot: bool,
    pub json: Value,
}

/// Chats, messages, file ids and accepted sends.
#[derive(Default)]
pub(crate) struct Store {
    pub chats: HashMap<i64, ChatRecord>,
    /// Every accepted send, in order.
    pub sent: Vec<SentMessage>,
    /// Messages accepted per chat, and who waits for more (see `wait_sent_to`).
    sent_per_chat: HashMap<i64, usize>,
    sent_waiters: HashMap<i64, Arc<Notify>>,
    /// File ids the fake issued: only these are valid in send* calls.
    file_ids: HashSet<String>,
    next_file_id: u64,
    /// Each person's Telegram app language (`language_code`); "en" if not set.
    pub languages: HashMap<i64, Option<String>>,
}

impl Store {
    pub fn upsert_chat(&mut self, id: i64, kind: ChatKind) {
        match self.chats.get_mut(&id) {
            Some(existing) => existing.kind = kind,
            None => {
                let record = ChatRecord {
                    kind,
                    blocked: false,
                    migrated_to: None,
                    forum: Forum::default(),
                    next_message_id: 1,
                    messages: HashMap::new(),
                };
                self.chats.insert(id, record);
            }
        }
    }

    pub fn set_blocked(&mut self, chat: i64, blocked: bool) {
        if let Some(c) = self.chats.get_mut(&chat) {
            c.blocked = blocked;
        }
    }

    /// The user object for `id`: a known person, or a generic member of a group.
    pub fn user_json(&self, id: i64) -> Value {
        match self.chats.get(&id).map(|c| &c.kind) {
            Some(ChatKind::Private {
                first_name,
                username,
            }) => {
                let mut u = json!({"id": id, "is_bot": false, "first_name": first_name});
                if let Some(name) = username {
                    u["username"] = json!(name);
                }
                match self.languages.get(&id) {
                    None => u["language_code"] = json!("en"),
                    Some(Some(code)) => u["language_code"] = json!(code),
                    Some(None) => {}
                }
                u
            }
            _ => {
                json!({"id": id, "is_bot": false, "first_name": format!("User {id}"), "language_code": "en"})
            }
        }
    }

    /// A new file id, valid from now on.
    pub fn issue_file_id(&mut self, kind: &str) -> String {
        self.next_file_id += 1;
        let id = format!("fake-{kind}-{:06}", self.next_file_id);
        self.file_ids.insert(id.clone());
        id
    }

    pub fn knows_file(&self, id: &str) -> bool {
        self.file_ids.contains(id)
    }

    /// Records an accepted send and wakes whoever waits for that chat.
    pub fn note_sent(&mut self, sent: SentMessage) {
        *self.sent_per_chat.entry(sent.chat_id).or_default() += 1;
        if let Some(waiters) = self.sent_waiters.get(&sent.chat_id) {
            waiters.notify_waiters();
        }
        self.sent.push(sent);
    }

    pub fn sent_count_to(&self, chat: i64) -> usize {
        self.sent_per_chat.get(&chat).copied().unwrap_or(0)
    }

    /// The notifier woken when a message to `chat` is accepted.
    pub fn waiter(&mut self, chat: i64) -> Arc<Notify> {
        Arc::clone(self.sent_waiters.entry(chat).or_default())
    }

    pub fn stored(&self, chat: i64, message_id: i64) -> Option<&StoredMessage> {
        let id = i32::try_from(message_id).ok()?;
        self.chats.get(&chat)?.messages.get(&id)
    }

    /// A stored message as Telegram embeds it in a reply (without its own
    /// `reply_to_message`).
    pub fn embedded(&self, chat: i64, message_id: i64) -> Option<Value> {
        let mut embedded = self.stored(chat, message_id)?.json.clone();
        if let Some(obj) = embedded.as_object_mut() {
            obj.remove("reply_to_message");
        }
        Some(embedded)
    }

    /// The id the next message stored in `chat` will get.
    pub fn next_message_id(&self, chat: i64) -> Option<i32> {
        self.chats.get(&chat).map(|c| c.next_message_id)
    }

    /// Stores a new message in `chat` from `from` (a user object) and returns
    /// it as Telegram would; `Err` when the chat is unknown.
    pub fn store_message(
        &mut self,
        chat: i64,
        from: Value,
        from_bot: bool,
        content: Map<String, Value>,
    ) -> Result<Value, String> {
        let record = self.chats.get_mut(&chat).ok_or(format!(
            "chat {chat} is unknown; call add_private_chat / add_group_chat first"
        ))?;
        let message_id = record.next_message_id;
        record.next_message_id += 1;
        let mut msg = Map::new();
        msg.insert("message_id".into(), json!(message_id));
        msg.insert("from".into(), from);
        msg.insert("chat".into(), chat_json(chat, record));
        msg.insert("date".into(), json!(now_unix()));
        msg.extend(content);
        let msg = Value::Object(msg);
        let stored = StoredMessage {
            from_bot,
            json: msg.clone(),
        };
        record.messages.insert(message_id, stored);
        Ok(msg)
    }

    /// Stores a new bot message in `chat_id` (with its reply, inline
    /// keyboard and forum topic, if any) and returns it as Telegram would:
    /// a message in a topic that replies to nothing else replies to the
    /// topic's `forum_topic_created` message.
    pub fn store_bot_message(
        &mut self,
        bot_user: Value,
        chat_id: i64,
        mut content: Map<String, Value>,
        markup: Option<&Value>,
        reply_to: Option<Value>,
        thread: Option<i32>,
    ) -> ApiResult {
        let reply_to = match thread {
            Some(t) => {
                content.insert("message_thread_id".into(), json!(t));
                content.insert("is_topic_message".into(), json!(true));
                reply_to.or_else(|| self.embedded(chat_id, t.into()))
            }
            None => reply_to,
        };
        if let Some(reply) = reply_to {
            content.insert("reply_to_message".into(), reply);
        }
        if let Some(m) = inline_markup(markup) {
            content.insert("reply_markup".into(), m);
        }
        self.store_message(chat_id, bot_user, true, content)
            .map_err(|_| bad("chat not found"))
    }
}

/// The chat object Telegram puts in messages.
pub(crate) fn chat_json(id: i64, chat: &ChatRecord) -> Value {
    match &chat.kind {
        ChatKind::Private {
            first_name,
            username,
        } => {
            let mut c = json!({"id": id, "type": "private", "first_name": first_name});
            if let Some(name) = username {
                c["username"] = json!(name);
            }
            c
        }
        ChatKind::Group { title } => json!({"id": id, "type": "group", "title": title}),
        ChatKind::Forum { title } => {
            json!({"id": id, "title": title, "is_forum": true, "type": "supergroup"})
        }
    }
}

pub(crate) fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(1)
}

/// One size of a photo.
pub(crate) fn photo_size(file_id: &str, width: u32, height: u32) -> Value {
    json!({"file_id": file_id, "file_unique_id": unique_id(file_id), "file_size": width * height / 10, "width": width, "height": height})
}

fn unique_id(file_id: &str) -> String {
    format!("u{}", file_id.replace('-', ""))
}

/// The media object Telegram puts under `field` in a message.
pub(crate) fn media_object(field: &str, file_id: &str, file_name: Option<&str>) -> Value {
    let mut obj =
        json!({"file_id": file_id, "file_unique_id": unique_id(file_id), "file_size": 1024});
    let extra = match field {
        "sticker" => {
            json!({"type": "regular", "width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "🙂"})
        }
        "video" | "animation" => json!({"width": 640, "height": 360, "duration": 1}),
        "audio" | "voice" => json!({"duration": 1}),
        "video_note" => json!({"length": 240, "duration": 1}),
        _ => json!({}),
    };
    if let (Some(o), Some(e)) = (obj.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
        if let Some(name) = file_name.filter(|n| !n.is_empty()) {
            if matches!(field, "document" | "video" | "animation" | "audio") {
                o.insert("file_name".into(), json!(name));
            }
        }
    }
    obj
}
