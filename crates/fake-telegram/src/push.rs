//! What people do, as updates the test queues for the bot: messages,
//! replies, media, edits, button presses, blocking the bot. Also the test's
//! control over update delivery (redelivery, renumbering).
//!
//! These helpers panic on misuse (an unknown chat, a missing message): that
//! is a mistake in the test, not behaviour to model.

use serde_json::{json, Map, Value};

use crate::sent::{chat_json, media_object, now_unix, photo_size, ChatKind};
use crate::FakeTelegram;

impl FakeTelegram {
    /// Text message from a known person in their private chat; returns its update_id.
    pub fn push_text(&self, from: i64, text: &str) -> i64 {
        self.push_user_message(from, from, text_content(text))
    }

    /// Text message from `from` in group `chat`; returns its update_id.
    pub fn push_group_text(&self, chat: i64, from: i64, text: &str) -> i64 {
        self.push_user_message(chat, from, text_content(text))
    }

    /// A text message in `chat` from `from` that uses Telegram's reply on
    /// the message `reply_to` of that chat (which must exist).
    pub fn push_reply_text(&self, chat: i64, from: i64, reply_to: i32, text: &str) -> i64 {
        let mut content = text_content(text);
        content.insert("reply_to_message".into(), self.existing(chat, reply_to));
        self.push_user_message(chat, from, content)
    }

    /// A photo in `chat` from `from`, replying to the message `reply_to`.
    pub fn push_reply_photo(&self, chat: i64, from: i64, reply_to: i32) -> i64 {
        let replied = self.existing(chat, reply_to);
        let id = self.with_state(|_, st| st.store.issue_file_id("photo"));
        let mut content = Map::new();
        content.insert("photo".into(), json!([photo_size(&id, 800, 600)]));
        content.insert("reply_to_message".into(), replied);
        self.push_user_message(chat, from, content)
    }

    /// Photo (with optional caption) from a known person; its file ids become valid for send*.
    pub fn push_photo(&self, from: i64, caption: Option<&str>) -> i64 {
        let (small, large) = self.with_state(|_, st| {
            (
                st.store.issue_file_id("photo"),
                st.store.issue_file_id("photo"),
            )
        });
        let mut content = Map::new();
        content.insert(
            "photo".into(),
            json!([photo_size(&small, 90, 90), photo_size(&large, 1280, 720)]),
        );
        if let Some(c) = caption {
            content.insert("caption".into(), json!(c));
            let entities = command_entities(c);
            if !entities.is_empty() {
                content.insert("caption_entities".into(), Value::Array(entities));
            }
        }
        self.push_user_message(from, from, content)
    }

    /// An album: `count` photos sent together, as Telegram delivers them: one
    /// update per photo, sharing a `media_group_id`; the first has the caption.
    pub fn push_album(&self, from: i64, count: usize, caption: Option<&str>) -> Vec<i64> {
        let group = self.with_state(|_, st| st.store.issue_file_id("album"));
        (0..count)
            .map(|n| {
                let id = self.with_state(|_, st| st.store.issue_file_id("photo"));
                let mut content = Map::new();
                content.insert("photo".into(), json!([photo_size(&id, 1280, 720)]));
                content.insert("media_group_id".into(), json!(group));
                if let (0, Some(c)) = (n, caption) {
                    content.insert("caption".into(), json!(c));
                }
                self.push_user_message(from, from, content)
            })
            .collect()
    }

    /// Sticker from a known person; its file id becomes valid for sendSticker.
    pub fn push_sticker(&self, from: i64) -> i64 {
        let id = self.with_state(|_, st| st.store.issue_file_id("sticker"));
        let mut content = Map::new();
        content.insert("sticker".into(), media_object("sticker", &id, None));
        self.push_user_message(from, from, content)
    }

    /// `edited_message` update: the person edits their earlier message `message_id`.
    pub fn push_edited_text(&self, from: i64, message_id: i32, text: &str) -> i64 {
        let outcome = self.with_state(|_, st| {
            let chat = st
                .store
                .chats
                .get_mut(&from)
                .ok_or(format!("chat {from} is unknown"))?;
            let stored = chat.messages.get_mut(&message_id).ok_or(format!(
                "message {message_id} does not exist in chat {from}"
            ))?;
            if stored.from_bot {
                return Err(format!(
                    "message {message_id} was sent by the bot, not by {from}"
                ));
            }
            let obj = stored.json.as_object_mut().ok_or("corrupt message")?;
            obj.remove("entities");
            obj.extend(text_content(text));
            obj.insert("edit_date".into(), json!(now_unix()));
            let edited = stored.json.clone();
            Ok(st.updates.enqueue(json!({ "edited_message": edited })))
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram::push_edited_text: {e}"))
    }

    /// The newest message `from` sent in their private chat, if any.
    pub fn last_message_from(&self, from: i64) -> Option<i32> {
        self.with_state(|_, st| {
            let chat = st.store.chats.get(&from)?;
            chat.messages
                .iter()
                .filter(|(_, m)| !m.from_bot)
                .map(|(id, _)| *id)
                .max()
        })
    }

    /// Press of an inline button with `data` under the bot's message
    /// `message_id` in `from`'s private chat. Panics unless that message
    /// currently shows a button with this callback_data (use
    /// [`FakeTelegram::push_callback_unchecked`] for stale buttons).
    pub fn push_callback(&self, from: i64, message_id: i32, data: &str) -> i64 {
        self.push_callback_inner(from, from, message_id, data, true)
    }

    /// Press by `from` of an inline button with `data` under the bot's
    /// message `message_id` in group or forum `chat`. The callback's
    /// `message` is that message as stored, so a message the bot sent into a
    /// topic carries its `message_thread_id` and `is_topic_message`. Panics
    /// unless that message currently shows a button with this callback_data.
    pub fn push_group_callback(&self, chat: i64, from: i64, message_id: i32, data: &str) -> i64 {
        self.push_callback_inner(chat, from, message_id, data, true)
    }

    /// A team member (`from_id`, shown as `first_name`) writes `text` in
    /// topic `thread` of forum `chat`; returns the new message's id. Shaped
    /// as Telegram does: `message_thread_id`, `is_topic_message` and, as it
    /// replies to nothing else, `reply_to_message` = the topic's
    /// `forum_topic_created` message; `/commands` get bot_command entities.
    /// Panics unless the topic exists (closed is allowed: admins may write).
    pub fn push_topic_message(
        &self,
        chat: i64,
        thread: i32,
        from_id: i64,
        first_name: &str,
        text: &str,
    ) -> i32 {
        self.push_in_topic(chat, thread, from_id, first_name, text, None)
    }

    /// Like [`FakeTelegram::push_topic_message`], replying to the message
    /// `reply_to` of that topic (which must exist and be in the topic):
    /// `reply_to_message` is that message.
    pub fn push_topic_reply(
        &self,
        chat: i64,
        thread: i32,
        from_id: i64,
        first_name: &str,
        text: &str,
        reply_to: i32,
    ) -> i32 {
        self.push_in_topic(chat, thread, from_id, first_name, text, Some(reply_to))
    }

    /// Like [`FakeTelegram::push_callback`] but without checking the current
    /// keyboard (a button a client still shows after the bot changed the keyboard).
    pub fn push_callback_unchecked(&self, from: i64, message_id: i32, data: &str) -> i64 {
        self.push_callback_inner(from, from, message_id, data, false)
    }

    /// Queues a `my_chat_member` update for private chat `chat`: the person
    /// changed the bot's status to `status` ("kicked" when they block it,
    /// "member" when they unblock). Also sets the chat blocked/unblocked like
    /// block()/unblock(), whether or not the bot's `allowed_updates` let the
    /// update through. Returns its update_id.
    pub fn push_my_chat_member(&self, chat: i64, status: &str) -> i64 {
        let (blocked, old_status) = match status {
            "kicked" => (true, "member"),
            "member" => (false, "kicked"),
            other => panic!(
                "FakeTelegram::push_my_chat_member: status {other:?} is not one a person can give the bot (\"kicked\" or \"member\")"
            ),
        };
        let outcome = self.with_state(|sh, st| {
            let record = st.store.chats.get(&chat).ok_or(format!(
                "chat {chat} is unknown; call add_private_chat first"
            ))?;
            if !matches!(record.kind, ChatKind::Private { .. }) {
                return Err(format!("chat {chat} is not a private chat"));
            }
            let bot = sh.bot_user();
            let member = |status: &str| {
                let mut m = json!({"user": bot, "status": status});
                if status == "kicked" {
                    m["until_date"] = json!(0);
                }
                m
            };
            let update = json!({"my_chat_member": {
                "chat": chat_json(chat, record),
                "from": st.store.user_json(chat),
                "date": now_unix(),
                "old_chat_member": member(old_status),
                "new_chat_member": member(status),
            }});
            st.store.set_blocked(chat, blocked);
            Ok(st.updates.enqueue(update))
        });
        outcome.unwrap_or_else(|e: String| panic!("FakeTelegram::push_my_chat_member: {e}"))
    }

    /// Queues any update object; the fake adds `update_id` and returns it.
    pub fn push_raw_update(&self, update_without_id: Value) -> i64 {
        assert!(
            update_without_id.is_object(),
            "FakeTelegram::push_raw_update needs a JSON object"
        );
        self.with_state(|_, st| st.updates.enqueue(update_without_id))
    }

    /// Queues again, with their original ids, updates from `first` on that
    /// were already confirmed: what a bot sees when it crashed after
    /// handling them but before its confirmation reached Telegram.
    pub fn redeliver(&self, first: i64) {
        self.with_state(|_, st| st.updates.redeliver(first));
    }

    /// Telegram's rule after a week without updates: the next update id is
    /// chosen anew and may be lower than the last. Later updates are
    /// numbered from `next_id`.
    pub fn renumber_updates(&self, next_id: i64) {
        self.with_state(|_, st| st.updates.renumber(next_id));
    }

    // -- helpers ------------------------------------------------------------------

    /// The message `id` of `chat`, which the test says exists.
    fn existing(&self, chat: i64, id: i32) -> Value {
        self.message(chat, id)
            .unwrap_or_else(|| panic!("FakeTelegram: message {id} does not exist in chat {chat}"))
    }

    fn push_user_message(&self, chat: i64, from: i64, content: Map<String, Value>) -> i64 {
        let outcome = self.with_state(|_, st| {
            let private = matches!(
                st.store.chats.get(&chat).map(|c| &c.kind),
                Some(ChatKind::Private { .. })
            );
            if private && chat != from {
                return Err(format!("private chat {chat} belongs to {chat}, not {from}"));
            }
            let sender = st.store.user_json(from);
            let msg = st.store.store_message(chat, sender, false, content)?;
            Ok(st.updates.enqueue(json!({ "message": msg })))
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram: cannot push a message: {e}"))
    }

    fn push_in_topic(
        &self,
        chat: i64,
        thread: i32,
        from: i64,
        first_name: &str,
        text: &str,
        reply_to: Option<i32>,
    ) -> i32 {
        let outcome = self.with_state(|_, st| {
            match st.store.open_topic(chat, thread.into()) {
                Ok(_) => {}
                Err(e) if e.description.ends_with("TOPIC_CLOSED") => {}
                Err(_) => return Err(format!("chat {chat} has no topic {thread}")),
            }
            let replied_id = reply_to.unwrap_or(thread);
            let replied = st.store.embedded(chat, replied_id.into()).ok_or(format!(
                "message {replied_id} does not exist in chat {chat}"
            ))?;
            let in_topic = replied_id == thread || replied["message_thread_id"] == json!(thread);
            if !in_topic {
                return Err(format!(
                    "message {replied_id} of chat {chat} is not in topic {thread}"
                ));
            }
            let mut content = text_content(text);
            content.insert("message_thread_id".into(), json!(thread));
            content.insert("is_topic_message".into(), json!(true));
            content.insert("reply_to_message".into(), replied);
            let mut sender = st.store.user_json(from);
            sender["first_name"] = json!(first_name);
            let msg = st.store.store_message(chat, sender, false, content)?;
            let message_id = msg["message_id"].as_i64().unwrap_or_default() as i32;
            st.updates.enqueue(json!({ "message": msg }));
            Ok(message_id)
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram: cannot push a topic message: {e}"))
    }

    fn push_callback_inner(
        &self,
        chat: i64,
        from: i64,
        message_id: i32,
        data: &str,
        check_button: bool,
    ) -> i64 {
        let outcome = self.with_state(|_, st| {
            let stored = st
                .store
                .stored(chat, message_id.into())
                .ok_or(format!("the bot never sent message {message_id} to {chat}"))?;
            if !stored.from_bot {
                return Err(format!(
                    "message {message_id} in chat {chat} was not sent by the bot"
                ));
            }
            let message = stored.json.clone();
            if check_button {
                let offered = callback_data_of(&message);
                if !offered.iter().any(|d| d == data) {
                    return Err(format!(
                        "message {message_id} shows no button with callback_data {data:?}; it offers {offered:?}"
                    ));
                }
            }
            st.next_callback_id += 1;
            let id = format!("{}", 4_200_000_000_000_000_000u64 + st.next_callback_id);
            st.callback_queries.insert(id.clone(), false);
            let query = json!({
                "id": id,
                "from": st.store.user_json(from),
                "message": message,
                "chat_instance": format!("{}", -(chat.wrapping_mul(7919)).abs()),
                "data": data,
            });
            Ok(st.updates.enqueue(json!({ "callback_query": query })))
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram::push_callback: {e}"))
    }
}

/// `{"text":..,"entities":[bot_command..]}` for a message typed by a person.
fn text_content(text: &str) -> Map<String, Value> {
    let mut content = Map::new();
    content.insert("text".into(), json!(text));
    let entities = command_entities(text);
    if !entities.is_empty() {
        content.insert("entities".into(), Value::Array(entities));
    }
    content
}

/// bot_command entities for every `/command[@bot]` that starts a word, like Telegram adds.
fn command_entities(text: &str) -> Vec<Value> {
    let chars: Vec<char> = text.chars().collect();
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut entities = Vec::new();
    let mut utf16 = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let starts_word = i == 0 || chars[i - 1].is_whitespace();
        if chars[i] == '/' && starts_word {
            let mut j = i + 1;
            while j < chars.len() && is_word(chars[j]) && j - i <= 64 {
                j += 1;
            }
            if j > i + 1 && j < chars.len() && chars[j] == '@' {
                let mut k = j + 1;
                while k < chars.len() && is_word(chars[k]) {
                    k += 1;
                }
                if (3..=32).contains(&(k - j - 1)) {
                    j = k;
                }
            }
            let ends_cleanly = j == chars.len()
                || !(chars[j].is_alphanumeric() || chars[j] == '_' || chars[j] == '/');
            if j > i + 1 && ends_cleanly {
                let length: usize = chars[i..j].iter().map(|c| c.len_utf16()).sum();
                entities.push(json!({"type": "bot_command", "offset": utf16, "length": length}));
                utf16 += length;
                i = j;
                continue;
            }
        }
        utf16 += chars[i].len_utf16();
        i += 1;
    }
    entities
}

/// All callback_data values of the inline keyboard a message shows.
fn callback_data_of(message: &Value) -> Vec<String> {
    message["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
        .collect()
}
