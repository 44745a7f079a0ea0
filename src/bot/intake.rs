//! Updates read as raw JSON first, then turned into teloxide's types
//! leniently, so no shape Telegram sends can stop the bot.
//!
//! Telegram adds fields, message kinds and entity types every few months,
//! and teloxide's types know only the Bot API they were written for. An
//! update teloxide cannot read would reach no handler at all. Both sources
//! of updates (the polling listener and the webhook) therefore take each
//! update as JSON, note its `update_id`, kind and chat, and only then
//! convert it:
//!
//! 1. as it is, when teloxide reads it;
//! 2. else, for a message, as a plain message rebuilt from the few fields
//!    the bot uses: a message with `text` or `caption` becomes a text
//!    message with that text (entities dropped), and a person's private
//!    message without either becomes an empty text, which the bot answers
//!    by saying what it can pass on; a button press is rebuilt the same way;
//! 3. else it is skipped: logged at warn with its id and kind, never its
//!    content, and confirmed like any other, so it cannot hold back the next.

use serde_json::{json, Map, Value};

use crate::metrics;
use teloxide::types::{AllowedUpdate, MessageKind, Update, UpdateKind};

/// The update kinds the bot asks Telegram for, in both modes: every kind
/// asked for is one more shape that could fail to parse.
pub const ALLOWED: [AllowedUpdate; 4] = [
    AllowedUpdate::Message,
    AllowedUpdate::EditedMessage,
    AllowedUpdate::CallbackQuery,
    AllowedUpdate::MyChatMember,
];

/// What became of one raw update.
#[derive(Debug)]
pub enum Intake {
    /// Ready for the dispatcher (read as it is or rebuilt).
    Typed(Box<Update>),
    /// Nothing the bot can act on; logged, and confirmed like the rest.
    Skipped { id: u32 },
}

impl Intake {
    /// The update's id.
    pub fn id(&self) -> u32 {
        match self {
            Intake::Typed(update) => update.id.0,
            Intake::Skipped { id } => *id,
        }
    }
}

/// JSON that is not an update at all (no usable `update_id`).
#[derive(Debug, PartialEq, Eq)]
pub struct NotAnUpdate;

/// Converts one raw update (see the module doc).
pub fn read(raw: Value, metrics: &metrics::Metrics) -> Result<Intake, NotAnUpdate> {
    let id = raw
        .get("update_id")
        .and_then(Value::as_u64)
        .and_then(|id| u32::try_from(id).ok())
        .ok_or(NotAnUpdate)?;
    let kind = kind_of(&raw);
    let chat = raw
        .get(kind)
        .and_then(|body| body.get("chat").or_else(|| body.pointer("/message/chat")))
        .and_then(|chat| chat.get("id"))
        .and_then(Value::as_i64);
    if let Some(update) = typed(&raw, kind) {
        return Ok(Intake::Typed(Box::new(update)));
    }
    let rebuilt = raw
        .get(kind)
        .and_then(|body| rebuild(kind, body))
        .and_then(|body| {
            let mut update = Map::new();
            update.insert("update_id".into(), json!(id));
            update.insert(kind.to_string(), body);
            typed(&Value::Object(update), kind)
        });
    match rebuilt {
        Some(update) => {
            tracing::info!(
                update_id = id,
                kind,
                chat,
                "an update in a newer shape was read leniently"
            );
            Ok(Intake::Typed(Box::new(update)))
        }
        None => {
            tracing::warn!(
                update_id = id,
                kind,
                chat,
                "an update the bot cannot read was skipped"
            );
            let counted = metrics::UpdateLabel::named(kind);
            metrics.update_received(counted);
            metrics.update_handled(counted, metrics::Outcome::Skipped);
            Ok(Intake::Skipped { id })
        }
    }
}

/// The update kinds the bot reads, in the order they are looked for.
const READ: [&str; 4] = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
];

/// The update's kind: its one key besides `update_id` (a kind the bot reads
/// first, should a newer Bot API ever add a second key).
fn kind_of(raw: &Value) -> &str {
    let Some(object) = raw.as_object() else {
        return "unknown";
    };
    READ.iter()
        .find(|kind| object.contains_key(**kind))
        .copied()
        .or_else(|| {
            object
                .keys()
                .map(String::as_str)
                .find(|k| *k != "update_id")
        })
        .unwrap_or("unknown")
}

/// teloxide's reading, unless it could not read the update or lost what
/// a person wrote: teloxide reads a message it does not understand as an
/// empty one, so a text with an unknown entity type would arrive as nothing.
fn typed(raw: &Value, kind: &str) -> Option<Update> {
    // Read from text: teloxide's types (flattened, untagged enums) do not
    // all read back from an already parsed `Value`. Some of its readers
    // panic on shapes they do not expect: that counts as unreadable.
    let text = raw.to_string();
    let update: Update =
        std::panic::catch_unwind(|| serde_json::from_str::<Update>(&text).ok()).ok()??;
    match &update.kind {
        UpdateKind::Error(_) => None,
        UpdateKind::Message(message) | UpdateKind::EditedMessage(message) => {
            let body = &raw[kind];
            let written = ["text", "caption"]
                .iter()
                .find_map(|key| body.get(*key).and_then(Value::as_str));
            let kept = message.text().or_else(|| message.caption());
            let lost_text = written.is_some() && kept != written;
            let empty = matches!(message.kind, MessageKind::Empty {});
            (!lost_text && !empty).then_some(update)
        }
        _ => Some(update),
    }
}

/// The body of an update rebuilt from the fields the bot uses, or `None`
/// when nothing the bot can act on is left.
fn rebuild(kind: &str, body: &Value) -> Option<Value> {
    match kind {
        "message" | "edited_message" => plain_message(body, true),
        "callback_query" => button_press(body),
        "my_chat_member" => membership(body),
        _ => None,
    }
}

/// A message with only the fields the bot reads. `deep` also keeps the
/// message it replies to (one level).
fn plain_message(body: &Value, deep: bool) -> Option<Value> {
    let chat = plain_chat(body.get("chat")?)?;
    let private = chat["type"] == "private";
    let mut message = Map::new();
    message.insert(
        "message_id".into(),
        json!(body.get("message_id")?.as_i64()?),
    );
    message.insert("date".into(), json!(date_of(body)));
    message.insert("chat".into(), chat);
    if let Some(from) = body.get("from").and_then(plain_user) {
        message.insert("from".into(), from);
    }
    if let Some(sender) = body.get("sender_chat").and_then(plain_chat) {
        message.insert("sender_chat".into(), sender);
    }
    for key in ["message_thread_id", "edit_date"] {
        if let Some(n) = body.get(key).and_then(Value::as_i64) {
            message.insert(key.into(), json!(n));
        }
    }
    if body.get("is_topic_message") == Some(&Value::Bool(true)) {
        message.insert("is_topic_message".into(), json!(true));
    }
    if deep {
        if let Some(replied) = body
            .get("reply_to_message")
            .and_then(|r| plain_message(r, false))
        {
            message.insert("reply_to_message".into(), replied);
        }
    }
    let text = ["text", "caption"]
        .iter()
        .find_map(|key| body.get(*key).and_then(Value::as_str));
    match text {
        Some(text) => {
            message.insert("text".into(), json!(text));
        }
        // Only a person's private message is answered without any text: in
        // a group it may be a service message of a newer kind.
        None if private && deep => {
            message.insert("text".into(), json!(""));
        }
        None if !deep => {
            message.insert("text".into(), json!(""));
        }
        None => return None,
    }
    Some(Value::Object(message))
}

/// The `date` of a message or event as a Unix time the bot can read (0, the
/// Bot API's "unknown", when it is missing or absurd).
fn date_of(body: &Value) -> i64 {
    const YEAR_3000: i64 = 32_503_680_000;
    body.get("date")
        .and_then(Value::as_i64)
        .filter(|d| (0..YEAR_3000).contains(d))
        .unwrap_or(0)
}

/// A chat with the fields the bot reads. A chat type unknown to the bot is
/// read as private for a person's chat (positive id) and as a group else.
fn plain_chat(chat: &Value) -> Option<Value> {
    let id = chat.get("id")?.as_i64()?;
    let known = ["private", "group", "supergroup", "channel"];
    let kind = chat
        .get("type")
        .and_then(Value::as_str)
        .filter(|t| known.contains(t))
        .unwrap_or(if id > 0 { "private" } else { "group" });
    let mut plain = json!({ "id": id, "type": kind });
    let text_keys: &[&str] = if kind == "private" {
        &["first_name", "last_name", "username"]
    } else {
        &["title", "username"]
    };
    for key in text_keys {
        if let Some(value) = chat.get(*key).and_then(Value::as_str) {
            plain[*key] = json!(value);
        }
    }
    if kind == "private" && plain.get("first_name").is_none() {
        plain["first_name"] = json!("");
    }
    if kind != "private" && plain.get("title").is_none() {
        plain["title"] = json!("");
    }
    if kind == "supergroup" && chat.get("is_forum") == Some(&Value::Bool(true)) {
        plain["is_forum"] = json!(true);
    }
    Some(plain)
}

/// A user with the fields the bot reads.
fn plain_user(user: &Value) -> Option<Value> {
    let id = user.get("id")?.as_u64()?;
    let mut plain = json!({
        "id": id,
        "is_bot": user.get("is_bot").and_then(Value::as_bool).unwrap_or(false),
        "first_name": user.get("first_name").and_then(Value::as_str).unwrap_or(""),
    });
    for key in ["last_name", "username", "language_code"] {
        if let Some(value) = user.get(key).and_then(Value::as_str) {
            plain[key] = json!(value);
        }
    }
    Some(plain)
}

/// A button press with the fields the bot reads.
fn button_press(body: &Value) -> Option<Value> {
    let mut press = json!({
        "id": body.get("id")?.as_str()?,
        "from": plain_user(body.get("from")?)?,
        "chat_instance": body.get("chat_instance").and_then(Value::as_str).unwrap_or(""),
    });
    if let Some(data) = body.get("data").and_then(Value::as_str) {
        press["data"] = json!(data);
    }
    if let Some(message) = body.get("message") {
        // A message too old to show comes with date 0 and nothing else.
        let plain = if date_of(message) == 0 {
            json!({
                "chat": plain_chat(message.get("chat")?)?,
                "message_id": message.get("message_id")?.as_i64()?,
                "date": 0,
            })
        } else {
            plain_message(message, false)?
        };
        press["message"] = plain;
    }
    Some(press)
}

/// A change of the bot's membership with the fields the bot reads. Only the
/// statuses the Bot API defines can be read; others are skipped.
fn membership(body: &Value) -> Option<Value> {
    let member = |key: &str| -> Option<Value> {
        let member = body.get(key)?;
        let status = member.get("status")?.as_str()?;
        let mut plain = json!({ "user": plain_user(member.get("user")?)?, "status": status });
        if status == "kicked" || status == "restricted" {
            plain["until_date"] = json!(0);
        }
        Some(plain)
    };
    Some(json!({
        "chat": plain_chat(body.get("chat")?)?,
        "from": plain_user(body.get("from")?)?,
        "date": date_of(body),
        "old_chat_member": member("old_chat_member")?,
        "new_chat_member": member("new_chat_member")?,
    }))
}

#[cfg(test)]
mod tests;
