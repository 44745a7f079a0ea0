//! The modelled Bot API methods that send, edit and delete messages, plus
//! getMe, sendChatAction and answerCallbackQuery.

use std::time::Instant;

use serde_json::{json, Map, Value};

use crate::params::Params;
use crate::rules::{
    caption, inline_markup, known_chat, message_text, reply_markup_param, writable_chat,
    MAX_CALLBACK_ANSWER_CHARS,
};
use crate::sent::{chat_json, media_object, now_unix, photo_size, SentMessage};
use crate::server::{bad, ApiErr, ApiResult};
use crate::state::{Shared, State};
use crate::topics::thread_param;

/// Message fields that carry content (what copyMessage / forwardMessage carry over).
const CONTENT_FIELDS: [&str; 12] = [
    "text",
    "entities",
    "photo",
    "document",
    "sticker",
    "video",
    "audio",
    "voice",
    "animation",
    "video_note",
    "caption",
    "caption_entities",
];

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

pub(crate) fn get_me(sh: &Shared) -> Value {
    let mut me = sh.bot_user();
    me["can_join_groups"] = json!(true);
    me["can_read_all_group_messages"] = json!(true);
    me["supports_inline_queries"] = json!(false);
    me["can_connect_to_business"] = json!(false);
    me["has_main_web_app"] = json!(false);
    me
}

/// getChat: the chat as a ChatFullInfo (a forum says `is_forum`).
pub(crate) fn get_chat(st: &State, p: &Params) -> ApiResult {
    let id = known_chat(&st.store, p, "chat_id")?;
    let record = st
        .store
        .chats
        .get(&id)
        .ok_or_else(|| bad("chat not found"))?;
    let mut chat = chat_json(id, record);
    chat["accent_color_id"] = json!(0);
    chat["max_reaction_count"] = json!(11);
    chat["accepted_gift_types"] = json!({"unlimited_gifts": true, "limited_gifts": true, "unique_gifts": true, "premium_subscription": true});
    Ok(chat)
}

/// Records an accepted send: for the test and for the flood limits.
fn accept(st: &mut State, msg: &Value, text: String, markup: Option<Value>, method: &str) -> i32 {
    let chat_id = msg["chat"]["id"].as_i64().unwrap_or_default();
    let message_id = msg["message_id"].as_i64().unwrap_or_default() as i32;
    let thread = msg["message_thread_id"].as_i64().map(|t| t as i32);
    let at = Instant::now();
    st.limits.record(chat_id, at);
    st.store.note_sent(SentMessage {
        chat_id,
        message_id,
        text,
        parse_mode: None,
        reply_markup: markup,
        method: method.to_string(),
        thread,
        at,
    });
    message_id
}

/// The forum topic a send goes to: `message_thread_id` if given, else the
/// topic of the message it replies to (replies stay in their topic).
fn send_thread(
    st: &State,
    chat_id: i64,
    p: &Params,
    reply_to: Option<&Value>,
) -> Result<Option<i32>, ApiErr> {
    if let Some(thread) = thread_param(&st.store, chat_id, p)? {
        return Ok(Some(thread));
    }
    match reply_to.and_then(|r| r["message_thread_id"].as_i64()) {
        Some(thread) if reply_to.is_some_and(|r| r["is_topic_message"] == json!(true)) => {
            st.store.open_topic(chat_id, thread).map(Some)
        }
        _ => Ok(None),
    }
}

/// The message being replied to (reply_parameters or reply_to_message_id),
/// as embedded in the reply.
fn reply_target(st: &State, chat_id: i64, p: &Params) -> Result<Option<Value>, ApiErr> {
    let given = p
        .json("reply_parameters")
        .map_err(|_| bad("can't parse reply parameters JSON object"))?;
    let (message_id, target_chat, allow_missing) = match given {
        Some(rp) => {
            let mid = rp["message_id"]
                .as_i64()
                .ok_or_else(|| bad("message to be replied not found"))?;
            let chat = rp["chat_id"].as_i64().unwrap_or(chat_id);
            let lenient = rp["allow_sending_without_reply"].as_bool().unwrap_or(false);
            (mid, chat, lenient)
        }
        None => match p
            .int("reply_to_message_id")
            .map_err(|_| bad("wrong parameter reply_to_message_id"))?
        {
            Some(mid) if mid != 0 => (mid, chat_id, p.flag("allow_sending_without_reply")),
            _ => return Ok(None),
        },
    };
    match st.store.embedded(target_chat, message_id) {
        Some(embedded) if target_chat == chat_id => Ok(Some(embedded)),
        Some(_) => Ok(None),
        None if allow_missing => Ok(None),
        None => Err(bad("message to be replied not found")),
    }
}

/// Where a bot's message goes and what hangs on it: its inline keyboard
/// (checked), the message it replies to and its forum topic.
struct Placement {
    markup: Option<Value>,
    reply_to: Option<Value>,
    thread: Option<i32>,
}

/// Reads and checks a send's `reply_markup`, reply parameters and
/// `message_thread_id`.
fn placement(st: &mut State, chat_id: i64, p: &Params) -> Result<Placement, ApiErr> {
    let markup = reply_markup_param(p)?;
    crate::members::check_inline_web_apps(st, chat_id, markup.as_ref())?;
    let reply_to = reply_target(st, chat_id, p)?;
    let thread = send_thread(st, chat_id, p, reply_to.as_ref())?;
    Ok(Placement {
        markup,
        reply_to,
        thread,
    })
}

impl Placement {
    /// Stores the bot's message with `content`, placed so.
    fn store(
        self,
        sh: &Shared,
        st: &mut State,
        chat_id: i64,
        content: Map<String, Value>,
    ) -> ApiResult {
        st.store.store_bot_message(
            sh.bot_user(),
            chat_id,
            content,
            self.markup.as_ref(),
            self.reply_to,
            self.thread,
        )
    }
}

pub(crate) fn send_message(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let chat_id = writable_chat(&st.store, p)?;
    st.limits.check(chat_id, Instant::now())?;
    let raw = p.text("text").unwrap_or_default();
    let text = message_text(&raw, "message is too long")?;
    let placed = placement(st, chat_id, p)?;
    let mut content = Map::new();
    content.insert("text".into(), json!(text));
    let markup = placed.markup.clone();
    let msg = placed.store(sh, st, chat_id, content)?;
    accept(st, &msg, raw, markup, "sendmessage");
    Ok(msg)
}

/// The message field a send* method fills ("photo", "document", ...).
fn media_field(method: &str) -> &'static str {
    match method {
        "sendphoto" => "photo",
        "sendvideo" => "video",
        "sendaudio" => "audio",
        "sendvoice" => "voice",
        "sendanimation" => "animation",
        "sendsticker" => "sticker",
        "sendvideonote" => "video_note",
        _ => "document",
    }
}

/// (file_id, file_name) for the file param: an issued file id or an uploaded part.
fn resolve_input_file(
    st: &mut State,
    p: &Params,
    field: &str,
) -> Result<(String, Option<String>), ApiErr> {
    let upload = match p.text(field) {
        Some(v) => match v.strip_prefix("attach://") {
            Some(part) => p.files.get(part),
            None if st.store.knows_file(&v) => return Ok((v, None)),
            None => return Err(bad("wrong file identifier/HTTP URL specified")),
        },
        None => p.files.get(field),
    };
    match upload {
        Some(up) if up.size > 0 => Ok((st.store.issue_file_id(field), Some(up.file_name.clone()))),
        Some(_) => Err(bad("file must be non-empty")),
        None => Err(bad(&format!("there is no {field} in the request"))),
    }
}

pub(crate) fn send_media(sh: &Shared, st: &mut State, p: &Params, method: &str) -> ApiResult {
    let field = media_field(method);
    let chat_id = writable_chat(&st.store, p)?;
    st.limits.check(chat_id, Instant::now())?;
    let raw_caption = p.text("caption").unwrap_or_default();
    let caption = caption(&raw_caption)?;
    let placed = placement(st, chat_id, p)?;
    let (file_id, file_name) = resolve_input_file(st, p, field)?;
    let mut content = Map::new();
    let media = media_object(field, &file_id, file_name.as_deref());
    match field {
        "photo" => {
            content.insert("photo".into(), json!([photo_size(&file_id, 1280, 720)]));
        }
        "animation" => {
            content.insert("animation".into(), media.clone());
            content.insert("document".into(), media);
        }
        _ => {
            content.insert(field.into(), media);
        }
    }
    if !caption.is_empty() && field != "sticker" {
        content.insert("caption".into(), json!(caption));
    }
    let markup = placed.markup.clone();
    let msg = placed.store(sh, st, chat_id, content)?;
    accept(st, &msg, raw_caption, markup, method);
    Ok(msg)
}

fn content_of(message: &Value) -> Map<String, Value> {
    CONTENT_FIELDS
        .iter()
        .filter_map(|k| message.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect()
}

/// The text, else the caption, of message content.
fn text_of(content: &Map<String, Value>) -> String {
    content
        .get("text")
        .or_else(|| content.get("caption"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The `message_id` parameter, required.
fn message_id_param(p: &Params) -> Result<i64, ApiErr> {
    p.int("message_id")
        .map_err(|_| bad("wrong parameter message_id"))?
        .ok_or_else(|| bad("message_id is empty"))
}

/// The source message of copyMessage / forwardMessage.
fn source_message(st: &State, p: &Params, not_found: &str) -> ApiResult {
    let from_chat = known_chat(&st.store, p, "from_chat_id")?;
    let message_id = message_id_param(p)?;
    st.store
        .stored(from_chat, message_id)
        .map(|m| m.json.clone())
        .ok_or_else(|| bad(not_found))
}

pub(crate) fn copy_message(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let chat_id = writable_chat(&st.store, p)?;
    let source = source_message(st, p, "message to copy not found")?;
    st.limits.check(chat_id, Instant::now())?;
    let mut content = content_of(&source);
    let new_caption = p.text("caption").filter(|_| !content.contains_key("text"));
    if let Some(raw_caption) = &new_caption {
        content.remove("caption_entities");
        content.insert("caption".into(), json!(caption(raw_caption)?));
    }
    let placed = placement(st, chat_id, p)?;
    let text = new_caption.unwrap_or_else(|| text_of(&content));
    let markup = placed.markup.clone();
    let msg = placed.store(sh, st, chat_id, content)?;
    let message_id = accept(st, &msg, text, markup, "copymessage");
    Ok(json!({ "message_id": message_id }))
}

pub(crate) fn forward_message(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let chat_id = writable_chat(&st.store, p)?;
    let source = source_message(st, p, "message to forward not found")?;
    st.limits.check(chat_id, Instant::now())?;
    let thread = thread_param(&st.store, chat_id, p)?;
    let mut content = content_of(&source);
    content.insert(
        "forward_origin".into(),
        json!({"type": "user", "sender_user": source["from"].clone(), "date": source["date"].clone()}),
    );
    let text = text_of(&content);
    let msg = st
        .store
        .store_bot_message(sh.bot_user(), chat_id, content, None, None, thread)?;
    accept(st, &msg, text, None, "forwardmessage");
    Ok(msg)
}

pub(crate) fn send_chat_action(st: &mut State, p: &Params) -> ApiResult {
    const ACTIONS: [&str; 11] = [
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    ];
    let chat_id = writable_chat(&st.store, p)?;
    thread_param(&st.store, chat_id, p)?;
    let action = p.text("action").unwrap_or_default();
    if !ACTIONS.contains(&action.as_str()) {
        return Err(bad("wrong parameter action in request"));
    }
    Ok(json!(true))
}

/// The emoji Telegram lets a bot react with (its fixed list), written
/// without a variation selector.
const REACTIONS: &[&str] = &[
    "👍",
    "👎",
    "❤",
    "🔥",
    "🥰",
    "👏",
    "😁",
    "🤔",
    "🤯",
    "😱",
    "🤬",
    "😢",
    "🎉",
    "🤩",
    "🤮",
    "💩",
    "🙏",
    "👌",
    "🕊",
    "🤡",
    "🥱",
    "🥴",
    "😍",
    "🐳",
    "❤\u{200d}🔥",
    "🌚",
    "🌭",
    "💯",
    "🤣",
    "⚡",
    "🍌",
    "🏆",
    "💔",
    "🤨",
    "😐",
    "🍓",
    "🍾",
    "💋",
    "🖕",
    "😈",
    "😴",
    "😭",
    "🤓",
    "👻",
    "👨\u{200d}💻",
    "👀",
    "🎃",
    "🙈",
    "😇",
    "😨",
    "🤝",
    "✍",
    "🤗",
    "🫡",
    "🎅",
    "🎄",
    "☃",
    "💅",
    "🤪",
    "🗿",
    "🆒",
    "💘",
    "🙉",
    "🦄",
    "😘",
    "💊",
    "🙊",
    "😎",
    "👾",
    "🤷\u{200d}♂",
    "🤷",
    "🤷\u{200d}♀",
    "😡",
];

/// setMessageReaction: at most one reaction from a bot, an emoji of
/// Telegram's list, on a message of the chat. Recorded among the sent
/// messages (method `setmessagereaction`, the emoji as text, the message
/// reacted to as `message_id`) but not counted against the flood limits.
pub(crate) fn set_message_reaction(st: &mut State, p: &Params) -> ApiResult {
    let chat_id = writable_chat(&st.store, p)?;
    let message_id = p
        .int("message_id")
        .map_err(|()| bad("message_id must be an integer"))?
        .ok_or_else(|| bad("message_id is empty"))?;
    let thread = match st.store.stored(chat_id, message_id) {
        None => return Err(bad("message to react not found")),
        Some(m) => m.json["message_thread_id"].as_i64().map(|t| t as i32),
    };
    let reactions = match p.raw("reaction") {
        None => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        Some(Value::String(text)) => {
            serde_json::from_str(text).map_err(|_| bad("REACTION_INVALID"))?
        }
        Some(_) => return Err(bad("REACTION_INVALID")),
    };
    if reactions.len() > 1 {
        return Err(bad("REACTIONS_TOO_MANY"));
    }
    let emoji = match reactions.first() {
        None => String::new(),
        Some(r) if r["type"] == "emoji" => {
            let emoji = r["emoji"].as_str().unwrap_or_default();
            if !REACTIONS.contains(&emoji) {
                return Err(bad("REACTION_INVALID"));
            }
            emoji.to_string()
        }
        Some(_) => return Err(bad("REACTION_INVALID")),
    };
    st.store.note_sent(SentMessage {
        chat_id,
        message_id: i32::try_from(message_id).unwrap_or_default(),
        text: emoji,
        parse_mode: None,
        reply_markup: None,
        method: "setmessagereaction".into(),
        thread,
        at: Instant::now(),
    });
    Ok(json!(true))
}

/// The bot's own message addressed by chat_id + message_id, for editing.
fn editable_message<'a>(st: &'a mut State, p: &Params) -> Result<&'a mut Value, ApiErr> {
    if p.raw("inline_message_id").is_some() {
        return Err(bad("MESSAGE_ID_INVALID"));
    }
    let chat_id = writable_chat(&st.store, p)?;
    let message_id = message_id_param(p)?;
    let id = i32::try_from(message_id).map_err(|_| bad("message to edit not found"))?;
    let stored = st
        .store
        .chats
        .get_mut(&chat_id)
        .and_then(|c| c.messages.get_mut(&id))
        .ok_or_else(|| bad("message to edit not found"))?;
    if !stored.from_bot {
        return Err(bad("message can't be edited"));
    }
    Ok(&mut stored.json)
}

/// Puts `markup` (or none) on an edited message and stamps the edit.
fn finish_edit(message: &mut Value, markup: Option<Value>) -> ApiResult {
    let obj = message
        .as_object_mut()
        .ok_or_else(|| bad("message to edit not found"))?;
    match markup {
        Some(m) => obj.insert("reply_markup".into(), m),
        None => obj.remove("reply_markup"),
    };
    obj.insert("edit_date".into(), json!(now_unix()));
    Ok(message.clone())
}

pub(crate) fn edit_message_text(st: &mut State, p: &Params) -> ApiResult {
    let raw = p.text("text").unwrap_or_default();
    let markup = inline_markup(reply_markup_param(p)?.as_ref());
    let message = editable_message(st, p)?;
    if message.get("text").is_none() {
        return Err(bad("there is no text in the message to edit"));
    }
    let text = message_text(&raw, "MESSAGE_TOO_LONG")?;
    let unchanged = message["text"] == json!(text)
        && message.get("entities").is_none()
        && message.get("reply_markup") == markup.as_ref();
    if unchanged {
        return Err(bad(NOT_MODIFIED));
    }
    message["text"] = json!(text);
    if let Some(obj) = message.as_object_mut() {
        obj.remove("entities");
    }
    finish_edit(message, markup)
}

pub(crate) fn edit_message_reply_markup(st: &mut State, p: &Params) -> ApiResult {
    let markup = inline_markup(reply_markup_param(p)?.as_ref());
    let message = editable_message(st, p)?;
    if message.get("reply_markup") == markup.as_ref() {
        return Err(bad(NOT_MODIFIED));
    }
    finish_edit(message, markup)
}

pub(crate) fn delete_message(st: &mut State, p: &Params) -> ApiResult {
    let chat_id = known_chat(&st.store, p, "chat_id")?;
    let message_id = message_id_param(p)?;
    let removed = i32::try_from(message_id)
        .ok()
        .and_then(|id| st.store.chats.get_mut(&chat_id)?.messages.remove(&id));
    match removed {
        Some(_) => Ok(json!(true)),
        None => Err(bad("message to delete not found")),
    }
}

pub(crate) fn answer_callback_query(st: &mut State, p: &Params) -> ApiResult {
    let id = p.text("callback_query_id").unwrap_or_default();
    if st.callback_queries.get(&id) != Some(&false) {
        return Err(bad(
            "query is too old and response timeout expired or query ID is invalid",
        ));
    }
    if p.text("text")
        .is_some_and(|t| t.chars().count() > MAX_CALLBACK_ANSWER_CHARS)
    {
        return Err(bad("MESSAGE_TOO_LONG"));
    }
    st.callback_queries.insert(id, true);
    Ok(json!(true))
}
