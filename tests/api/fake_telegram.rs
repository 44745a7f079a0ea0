//! An honest fake of the Telegram Bot API server for integration tests.
//!
//! Start it with [`FakeTelegram::start`], point a teloxide `Bot` at
//! [`FakeTelegram::api_url`], push updates with the `push_*` helpers and assert on
//! [`FakeTelegram::sent`] / [`FakeTelegram::calls`]. The fake answers the way
//! Telegram does (same JSON shapes, HTTP status codes and error descriptions), so
//! a bot that passes against it is exercised against the platform's real rules.
//!
//! Only `poem`, `tokio` and `serde_json` are used, so the file can be dropped as a
//! module into any test binary (`#[path = "..."] mod fake_telegram;`).
#![allow(dead_code)]

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use poem::http::StatusCode;
use serde_json::{json, Map, Value};
use tokio::sync::{watch, Notify};

/// The first `update_id` the fake hands out; later ones increase by 1.
const FIRST_UPDATE_ID: i64 = 100_000;
/// Telegram's limit for message text, in UTF-16 code units after entity parsing.
const MAX_TEXT_UTF16: usize = 4096;
/// Telegram's limit for media captions, in UTF-16 code units after entity parsing.
const MAX_CAPTION_UTF16: usize = 1024;
/// Telegram's limit for `answerCallbackQuery` text, in characters.
const MAX_CALLBACK_ANSWER_CHARS: usize = 200;
/// The bot's username as getMe reports it.
const BOT_USERNAME: &str = "support_test_bot";
/// The bot's first name as getMe reports it.
const BOT_FIRST_NAME: &str = "Support Test Bot";
/// Bot id used when the token does not start with `<digits>:`.
const DEFAULT_BOT_ID: i64 = 7_000_000_001;
/// Update kinds Telegram leaves out when `allowed_updates` was never given.
const DEFAULT_EXCLUDED_UPDATES: [&str; 3] =
    ["chat_member", "message_reaction", "message_reaction_count"];
/// Real Bot API methods the fake does not model: they get a clear 400 instead of
/// the 404 "Not Found" that a truly unknown method gets.
const UNMODELLED_METHODS: &[&str] = &[
    "getchat",
    "getchatmember",
    "getchatadministrators",
    "getchatmembercount",
    "getfile",
    "sendmediagroup",
    "sendlocation",
    "sendvenue",
    "sendcontact",
    "sendpoll",
    "senddice",
    "editmessagecaption",
    "editmessagemedia",
    "stopmessagelivelocation",
    "forwardmessages",
    "copymessages",
    "deletemessages",
    "pinchatmessage",
    "unpinchatmessage",
    "leavechat",
    "banchatmember",
    "unbanchatmember",
    "restrictchatmember",
    "promotechatmember",
    "setchatmenubutton",
    "getchatmenubutton",
    "setmydescription",
    "getmydescription",
    "setmyshortdescription",
    "getmyshortdescription",
    "setmyname",
    "getmyname",
    "answerinlinequery",
    "setmessagereaction",
    "getuserprofilephotos",
    "logout",
    "close",
    "createchatinvitelink",
    "exportchatinvitelink",
    "setchattitle",
    "setchatdescription",
];

/// In-process fake of the Telegram Bot API server (`POST {api_url}/bot{TOKEN}/{Method}`).
///
/// It records every call, serves `getUpdates` (long polling, offsets, `allowed_updates`)
/// from a queue the test fills with `push_*`, and enforces Telegram's rules with
/// Telegram's own answers: wrong token 401 "Unauthorized", unknown method 404 "Not Found",
/// unknown chat 400 "chat not found", blocked user 403, text empty / longer than 4096
/// UTF-16 units after entity parsing, HTML / MarkdownV2 / Markdown validation
/// ("can't parse entities: ..."), inline keyboard callback_data 1..=64 bytes, replies to
/// missing messages, optional per-chat and global flood limits (429 + retry_after),
/// callback queries answerable once, bot command validation, edit rules (not found,
/// not modified), file ids the fake never issued, getUpdates conflicts (409 while a
/// webhook is set, 409 for a poll superseded by a newer one).
///
/// Cheap to clone; the server stops on [`FakeTelegram::shutdown`] or when the last clone
/// is dropped.
#[derive(Clone)]
pub struct FakeTelegram {
    handle: Arc<Handle>,
}

/// One message the fake accepted from the bot (sendMessage, other send*, copyMessage,
/// forwardMessage), in the order accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct SentMessage {
    /// Chat the message went to.
    pub chat_id: i64,
    /// Id the fake gave the new message (increasing per chat).
    pub message_id: i32,
    /// Text (or caption) exactly as the bot sent it, markup included; for copies and
    /// forwards the original's visible text or caption.
    pub text: String,
    /// `parse_mode` as sent (`None` for plain text).
    pub parse_mode: Option<String>,
    /// `reply_markup` as sent (inline keyboards and reply keyboards alike).
    pub reply_markup: Option<Value>,
    /// Lower-case method that created it ("sendmessage", "sendphoto", "copymessage", ...).
    pub method: String,
    /// What the recipient sees: the text after HTML/Markdown parsing and trimming.
    pub visible_text: String,
}

/// Bot commands as (command, description) pairs, in the order set.
pub type CommandList = Vec<(String, String)>;

/// One HTTP request the fake answered, successful or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// Lower-case method name, e.g. "sendmessage" ("" when the path was not a Bot API path).
    pub method: String,
    /// All parameters (query string, JSON, form or multipart fields) as a JSON object.
    pub params: Value,
    /// Whether the answer was `"ok": true`.
    pub ok: bool,
    /// `error_code` of a failed answer.
    pub error_code: Option<u16>,
    /// `description` of a failed answer.
    pub description: Option<String>,
}

/// Owner of the server task: dropping the last one stops the server.
struct Handle {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    addr: SocketAddr,
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.shared.begin_shutdown();
        self.stop.send_replace(true);
    }
}

/// State shared between the test-facing handle and the HTTP server.
struct Shared {
    token: String,
    bot_id: i64,
    state: Mutex<State>,
    changed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn bot_user(&self) -> Value {
        json!({"id": self.bot_id, "is_bot": true, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME})
    }

    fn begin_shutdown(&self) {
        self.lock().shutdown = true;
        self.changed.notify_waiters();
    }
}

/// Everything the fake remembers.
struct State {
    chats: HashMap<i64, ChatRecord>,
    queue: VecDeque<QueuedUpdate>,
    next_update_id: i64,
    /// Bumped when update ids are renumbered after a quiet week.
    epoch: u32,
    /// Every update ever queued, for [`FakeTelegram::redeliver`].
    history: Vec<QueuedUpdate>,
    /// Server errors still to answer to sendMessage calls (see `fail_sends`).
    failing_sends: u32,
    /// Messages accepted per chat, and who waits for more (see `wait_sent_to`).
    sent_per_chat: HashMap<i64, usize>,
    sent_waiters: HashMap<i64, Arc<Notify>>,
    confirmed_offset: i64,
    filtered: HashMap<i64, String>,
    allowed_updates: Option<Vec<String>>,
    poll_generation: u64,
    webhook: Option<(String, Option<String>)>,
    sent: Vec<SentMessage>,
    calls: Vec<Call>,
    callback_queries: HashMap<String, bool>,
    next_callback_id: u64,
    file_ids: HashSet<String>,
    next_file_id: u64,
    commands: Vec<CommandSet>,
    rate: RateLimits,
    strict_html_ampersand: bool,
    shutdown: bool,
}

/// One chat the bot can talk to.
struct ChatRecord {
    kind: ChatKind,
    blocked: bool,
    /// The group became a supergroup with this id (see `migrate_group`).
    migrated_to: Option<i64>,
    next_message_id: i32,
    messages: HashMap<i32, StoredMessage>,
}

enum ChatKind {
    Private {
        first_name: String,
        username: Option<String>,
    },
    Group {
        title: String,
    },
}

/// A message as Telegram would return it, plus who wrote it.
struct StoredMessage {
    from_bot: bool,
    json: Value,
}

#[derive(Clone)]
struct QueuedUpdate {
    id: i64,
    epoch: u32,
    json: Value,
}

/// Commands registered with setMyCommands for one (scope, language_code).
struct CommandSet {
    scope: Value,
    language_code: String,
    commands: Vec<(String, String)>,
}

/// A failed answer: `{"ok":false,"error_code":code,"description":..}`.
#[derive(Debug)]
struct ApiErr {
    code: u16,
    description: String,
    retry_after: Option<u64>,
    migrate_to: Option<i64>,
}

impl ApiErr {
    fn new(code: u16, description: impl Into<String>) -> Self {
        ApiErr {
            code,
            description: description.into(),
            retry_after: None,
            migrate_to: None,
        }
    }
}

/// 400 "Bad Request: {what}".
fn bad(what: &str) -> ApiErr {
    ApiErr::new(400, format!("Bad Request: {what}"))
}

/// 400 "Bad Request: can't parse entities: {what}".
fn cant_parse(what: &str) -> ApiErr {
    bad(&format!("can't parse entities: {what}"))
}

type ApiResult = Result<Value, ApiErr>;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

impl FakeTelegram {
    /// Binds 127.0.0.1:0 and serves the Bot API for `token` in a tokio task.
    pub async fn start(token: &str) -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("FakeTelegram: cannot bind 127.0.0.1:0");
        let addr = listener
            .local_addr()
            .expect("FakeTelegram: no local address");
        let acceptor = poem::listener::TcpAcceptor::from_tokio(listener)
            .expect("FakeTelegram: cannot wrap the listener");
        let shared = Arc::new(Shared {
            token: token.to_string(),
            bot_id: bot_id_from_token(token),
            state: Mutex::new(State::new()),
            changed: Notify::new(),
        });
        let (stop, mut stop_rx) = watch::channel(false);
        let endpoint = FakeEndpoint(shared.clone());
        tokio::spawn(async move {
            let signal = async move {
                let _ = stop_rx.wait_for(|stopped| *stopped).await;
            };
            let _ = poem::Server::new_with_acceptor(acceptor)
                .run_with_graceful_shutdown(endpoint, signal, Some(Duration::from_millis(300)))
                .await;
        });
        FakeTelegram {
            handle: Arc::new(Handle { shared, stop, addr }),
        }
    }

    /// Base URL for `Bot::set_api_url`, e.g. "http://127.0.0.1:PORT/".
    pub fn api_url(&self) -> String {
        format!("http://{}/", self.handle.addr)
    }

    /// Id of the bot user (the digits before ':' in the token, if any).
    pub fn bot_user_id(&self) -> i64 {
        self.handle.shared.bot_id
    }

    /// Username getMe reports ("support_test_bot").
    pub fn bot_username(&self) -> String {
        BOT_USERNAME.to_string()
    }

    /// A person who has started the bot: the bot may message them and they can write to it.
    pub fn add_private_chat(&self, id: i64, first_name: &str, username: Option<&str>) {
        let kind = ChatKind::Private {
            first_name: first_name.to_string(),
            username: username.map(str::to_string),
        };
        self.with_state(|_, st| st.upsert_chat(id, kind));
    }

    /// A group the bot is a member of.
    pub fn add_group_chat(&self, id: i64, title: &str) {
        self.with_state(|_, st| {
            st.upsert_chat(
                id,
                ChatKind::Group {
                    title: title.to_string(),
                },
            )
        });
    }

    /// The person blocked the bot (for a group: the bot was kicked); every send then fails with 403.
    pub fn block(&self, chat: i64) {
        self.with_state(|_, st| {
            if let Some(c) = st.chats.get_mut(&chat) {
                c.blocked = true;
            }
        });
    }

    /// The group `old` became the supergroup `new` (also created here):
    /// sends to `old` now fail with `migrate_to_chat_id` = `new`.
    pub fn migrate_group(&self, old: i64, new: i64, title: &str) {
        self.add_group_chat(new, title);
        self.with_state(|_, st| {
            if let Some(c) = st.chats.get_mut(&old) {
                c.migrated_to = Some(new);
            }
        });
    }

    /// Telegram has trouble: the next `n` sendMessage calls answer
    /// 500 "Internal Server Error" (teloxide then waits 10 s before reading
    /// the answer, so use this sparingly).
    pub fn fail_sends(&self, n: u32) {
        self.with_state(|_, st| st.failing_sends = n);
    }

    /// Undoes [`FakeTelegram::block`].
    pub fn unblock(&self, chat: i64) {
        self.with_state(|_, st| {
            if let Some(c) = st.chats.get_mut(&chat) {
                c.blocked = false;
            }
        });
    }

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
        let replied = self.message(chat, reply_to).unwrap_or_else(|| {
            panic!("FakeTelegram: message {reply_to} does not exist in chat {chat}")
        });
        let mut content = text_content(text);
        content.insert("reply_to_message".into(), replied);
        self.push_user_message(chat, from, content)
    }

    /// A photo in `chat` from `from`, replying to the message `reply_to`.
    pub fn push_reply_photo(&self, chat: i64, from: i64, reply_to: i32) -> i64 {
        let replied = self.message(chat, reply_to).unwrap_or_else(|| {
            panic!("FakeTelegram: message {reply_to} does not exist in chat {chat}")
        });
        let id = self.with_state(|_, st| st.issue_file_id("photo"));
        let mut content = Map::new();
        content.insert(
            "photo".into(),
            json!([{"file_id": id, "file_unique_id": format!("u-{id}"), "width": 800, "height": 600, "file_size": 1000}]),
        );
        content.insert("reply_to_message".into(), replied);
        self.push_user_message(chat, from, content)
    }

    /// Photo (with optional caption) from a known person; its file ids become valid for send*.
    pub fn push_photo(&self, from: i64, caption: Option<&str>) -> i64 {
        let (small, large) =
            self.with_state(|_, st| (st.issue_file_id("photo"), st.issue_file_id("photo")));
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
        let group = self.with_state(|_, st| st.issue_file_id("album"));
        (0..count)
            .map(|n| {
                let id = self.with_state(|_, st| st.issue_file_id("photo"));
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
        let id = self.with_state(|_, st| st.issue_file_id("sticker"));
        let mut content = Map::new();
        content.insert("sticker".into(), media_object("sticker", &id, None));
        self.push_user_message(from, from, content)
    }

    /// `edited_message` update: the person edits their earlier message `message_id`.
    pub fn push_edited_text(&self, from: i64, message_id: i32, text: &str) -> i64 {
        let outcome = self.with_state(|_, st| {
            let chat = st
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
            Ok(st.enqueue(json!({ "edited_message": edited })))
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram::push_edited_text: {e}"))
    }

    /// Queues again, with their original ids, updates from `first` on that
    /// were already confirmed: what a bot sees when it crashed after
    /// handling them but before its confirmation reached Telegram.
    pub fn redeliver(&self, first: i64) {
        self.with_state(|_, st| {
            let again: Vec<QueuedUpdate> = st
                .history
                .iter()
                .filter(|u| u.id >= first)
                .cloned()
                .collect();
            st.queue.retain(|u| u.id < first);
            st.queue.extend(again);
            st.confirmed_offset = st.confirmed_offset.min(first);
        });
    }

    /// Telegram's rule after a week without updates: the next update id is
    /// chosen anew and may be lower than the last. Later updates are
    /// numbered from `next_id`.
    pub fn renumber_updates(&self, next_id: i64) {
        self.with_state(|_, st| {
            st.epoch += 1;
            st.next_update_id = next_id;
        });
    }

    /// The newest message `from` sent in their private chat, if any.
    pub fn last_message_from(&self, from: i64) -> Option<i32> {
        self.with_state(|_, st| {
            let chat = st.chats.get(&from)?;
            chat.messages
                .iter()
                .filter(|(_, m)| !m.from_bot)
                .map(|(id, _)| *id)
                .max()
        })
    }

    /// Press of an inline button with `data` under the bot's message `message_id` in
    /// `from`'s private chat. Panics unless that message currently shows a button with
    /// this callback_data (use [`FakeTelegram::push_callback_unchecked`] for stale buttons).
    pub fn push_callback(&self, from: i64, message_id: i32, data: &str) -> i64 {
        self.push_callback_inner(from, message_id, data, true)
    }

    /// Like [`FakeTelegram::push_callback`] but without checking the current keyboard
    /// (a button a client still shows after the bot changed the keyboard).
    pub fn push_callback_unchecked(&self, from: i64, message_id: i32, data: &str) -> i64 {
        self.push_callback_inner(from, message_id, data, false)
    }

    /// Queues any update object; the fake adds `update_id` and returns it.
    pub fn push_raw_update(&self, update_without_id: Value) -> i64 {
        assert!(
            update_without_id.is_object(),
            "FakeTelegram::push_raw_update needs a JSON object"
        );
        self.with_state(|_, st| st.enqueue(update_without_id))
    }

    /// Flood control: at most `n` accepted sends per `window` per chat and/or globally;
    /// past that, 429 "Too Many Requests: retry after N" with `parameters.retry_after`.
    pub fn set_rate_limits(
        &self,
        per_chat: Option<(u32, Duration)>,
        global: Option<(u32, Duration)>,
    ) {
        self.with_state(|_, st| {
            st.rate = RateLimits {
                per_chat,
                global,
                ..RateLimits::default()
            };
        });
    }

    /// Whether a bare `&` in HTML text is rejected (default true, as asked of this fake;
    /// real Telegram keeps an unrecognised `&` literally).
    pub fn set_strict_html_ampersand(&self, strict: bool) {
        self.with_state(|_, st| st.strict_html_ampersand = strict);
    }

    /// Every message the fake accepted from the bot, in order.
    pub fn sent(&self) -> Vec<SentMessage> {
        self.handle.shared.lock().sent.clone()
    }

    /// Waits until at least `count` messages were accepted; `Err` lists what was sent and the failed calls.
    pub async fn wait_for_sent(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<SentMessage>, String> {
        let found = self
            .wait_until(timeout, |st| {
                (st.sent.len() >= count).then(|| st.sent.clone())
            })
            .await;
        found.ok_or_else(|| {
            let st = self.handle.shared.lock();
            format!(
                "timed out after {timeout:?} waiting for {count} sent message(s); {} sent so far: {:#?}\nfailed calls: {:#?}",
                st.sent.len(),
                st.sent,
                st.calls.iter().filter(|c| !c.ok).collect::<Vec<_>>()
            )
        })
    }

    /// How many messages were accepted for `chat`.
    pub fn sent_count_to(&self, chat: i64) -> usize {
        self.handle
            .shared
            .lock()
            .sent_per_chat
            .get(&chat)
            .copied()
            .unwrap_or(0)
    }

    /// Waits until at least `count` messages were accepted for `chat`; cheap
    /// with many waiters, since only that chat's waiters are woken.
    pub async fn wait_sent_to(&self, chat: i64, count: usize, timeout: Duration) -> bool {
        let notify = {
            let mut st = self.handle.shared.lock();
            Arc::clone(st.sent_waiters.entry(chat).or_default())
        };
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.sent_count_to(chat) >= count {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.sent_count_to(chat) >= count;
            }
        }
    }

    /// Every request in order of completion (long polls are listed when they return).
    pub fn calls(&self) -> Vec<Call> {
        self.handle.shared.lock().calls.clone()
    }

    /// Requests for one method (lower-case, e.g. "answercallbackquery").
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// Highest `offset` the client confirmed through getUpdates (0 if none).
    pub fn confirmed_offset(&self) -> i64 {
        self.handle.shared.lock().confirmed_offset
    }

    /// Queued updates not yet confirmed (delivered or not).
    pub fn pending_updates(&self) -> usize {
        self.handle.shared.lock().queue.len()
    }

    /// Waits until the client confirmed `update_id` (a later getUpdates offset passed it);
    /// `Err` on timeout or when the update was dropped because of `allowed_updates`.
    pub async fn wait_until_confirmed(
        &self,
        update_id: i64,
        timeout: Duration,
    ) -> Result<(), String> {
        let found = self
            .wait_until(timeout, |st| {
                if let Some(kind) = st.filtered.get(&update_id) {
                    return Some(Err(format!(
                        "update {update_id} ({kind}) was never queued: the bot's allowed_updates {:?} exclude it",
                        st.allowed_updates
                    )));
                }
                (st.confirmed_offset > update_id).then_some(Ok(()))
            })
            .await;
        found.unwrap_or_else(|| {
            let st = self.handle.shared.lock();
            Err(format!(
                "update {update_id} not confirmed within {timeout:?}: confirmed offset {}, pending ids {:?}",
                st.confirmed_offset,
                st.queue.iter().map(|u| u.id).collect::<Vec<_>>()
            ))
        })
    }

    /// The webhook set by setWebhook: (url, secret_token).
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        self.handle.shared.lock().webhook.clone()
    }

    /// Commands per scope as set by setMyCommands (language-specific sets included).
    pub fn commands(&self) -> Vec<(Value, CommandList)> {
        let st = self.handle.shared.lock();
        st.commands
            .iter()
            .map(|c| (c.scope.clone(), c.commands.clone()))
            .collect()
    }

    /// Commands per (scope, language_code) as set by setMyCommands.
    pub fn commands_by_language(&self) -> Vec<(Value, String, CommandList)> {
        let st = self.handle.shared.lock();
        st.commands
            .iter()
            .map(|c| (c.scope.clone(), c.language_code.clone(), c.commands.clone()))
            .collect()
    }

    /// The current state of a message as Telegram would return it (after edits).
    pub fn message(&self, chat: i64, message_id: i32) -> Option<Value> {
        let st = self.handle.shared.lock();
        st.chats
            .get(&chat)?
            .messages
            .get(&message_id)
            .map(|m| m.json.clone())
    }

    /// Stops the server and ends pending long polls (with an empty result).
    pub fn shutdown(&self) {
        self.handle.shared.begin_shutdown();
        self.handle.stop.send_replace(true);
    }

    // -- helpers ------------------------------------------------------------

    fn with_state<R>(&self, f: impl FnOnce(&Shared, &mut State) -> R) -> R {
        let shared = &self.handle.shared;
        let result = {
            let mut st = shared.lock();
            f(shared, &mut st)
        };
        shared.changed.notify_waiters();
        result
    }

    async fn wait_until<T>(
        &self,
        timeout: Duration,
        check: impl Fn(&State) -> Option<T>,
    ) -> Option<T> {
        let shared = &self.handle.shared;
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = shared.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = check(&shared.lock()) {
                return Some(found);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return check(&shared.lock());
            }
        }
    }

    fn push_user_message(&self, chat: i64, from: i64, content: Map<String, Value>) -> i64 {
        let outcome = self.with_state(|_, st| {
            let sender = st.user_json(from);
            let private = matches!(
                st.chats.get(&chat).map(|c| &c.kind),
                Some(ChatKind::Private { .. })
            );
            if private && chat != from {
                return Err(format!("private chat {chat} belongs to {chat}, not {from}"));
            }
            let record = st.chats.get_mut(&chat).ok_or(format!(
                "chat {chat} is unknown; call add_private_chat / add_group_chat first"
            ))?;
            let message_id = record.alloc_message_id();
            let mut msg = Map::new();
            msg.insert("message_id".into(), json!(message_id));
            msg.insert("from".into(), sender);
            msg.insert("chat".into(), chat_json(chat, record));
            msg.insert("date".into(), json!(now_unix()));
            msg.extend(content);
            let msg = Value::Object(msg);
            record.messages.insert(
                message_id,
                StoredMessage {
                    from_bot: false,
                    json: msg.clone(),
                },
            );
            Ok(st.enqueue(json!({ "message": msg })))
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram: cannot push a message: {e}"))
    }

    fn push_callback_inner(
        &self,
        from: i64,
        message_id: i32,
        data: &str,
        check_button: bool,
    ) -> i64 {
        let outcome = self.with_state(|_, st| {
            let sender = st.user_json(from);
            let chat = st.chats.get(&from).ok_or(format!("chat {from} is unknown"))?;
            let stored = chat
                .messages
                .get(&message_id)
                .ok_or(format!("the bot never sent message {message_id} to {from}"))?;
            if !stored.from_bot {
                return Err(format!("message {message_id} in chat {from} was not sent by the bot"));
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
                "from": sender,
                "message": message,
                "chat_instance": format!("{}", -(from.wrapping_mul(7919)).abs()),
                "data": data,
            });
            Ok(st.enqueue(json!({ "callback_query": query })))
        });
        outcome.unwrap_or_else(|e| panic!("FakeTelegram::push_callback: {e}"))
    }
}

// ---------------------------------------------------------------------------
// State helpers
// ---------------------------------------------------------------------------

impl State {
    fn new() -> Self {
        State {
            chats: HashMap::new(),
            queue: VecDeque::new(),
            next_update_id: FIRST_UPDATE_ID,
            epoch: 0,
            history: Vec::new(),
            failing_sends: 0,
            sent_per_chat: HashMap::new(),
            sent_waiters: HashMap::new(),
            confirmed_offset: 0,
            filtered: HashMap::new(),
            allowed_updates: None,
            poll_generation: 0,
            webhook: None,
            sent: Vec::new(),
            calls: Vec::new(),
            callback_queries: HashMap::new(),
            next_callback_id: 0,
            file_ids: HashSet::new(),
            next_file_id: 0,
            commands: Vec::new(),
            rate: RateLimits::default(),
            strict_html_ampersand: true,
            shutdown: false,
        }
    }

    fn upsert_chat(&mut self, id: i64, kind: ChatKind) {
        match self.chats.get_mut(&id) {
            Some(existing) => existing.kind = kind,
            None => {
                let record = ChatRecord {
                    kind,
                    blocked: false,
                    migrated_to: None,
                    next_message_id: 1,
                    messages: HashMap::new(),
                };
                self.chats.insert(id, record);
            }
        }
    }

    /// The user object for `id`: a known person, or a generic member of a group.
    fn user_json(&self, id: i64) -> Value {
        match self.chats.get(&id).map(|c| &c.kind) {
            Some(ChatKind::Private {
                first_name,
                username,
            }) => {
                let mut u = json!({"id": id, "is_bot": false, "first_name": first_name, "language_code": "en"});
                if let Some(name) = username {
                    u["username"] = json!(name);
                }
                u
            }
            _ => {
                json!({"id": id, "is_bot": false, "first_name": format!("User {id}"), "language_code": "en"})
            }
        }
    }

    /// Adds `update_id`, queues the update (or drops it per `allowed_updates`) and returns the id.
    fn enqueue(&mut self, mut update: Value) -> i64 {
        let id = self.next_update_id;
        self.next_update_id += 1;
        let kind = update
            .as_object()
            .and_then(|o| o.keys().find(|k| *k != "update_id").cloned())
            .unwrap_or_default();
        if let Some(obj) = update.as_object_mut() {
            obj.insert("update_id".into(), json!(id));
        }
        if self.update_allowed(&kind) {
            let queued = QueuedUpdate {
                id,
                epoch: self.epoch,
                json: update,
            };
            self.history.push(queued.clone());
            self.queue.push_back(queued);
        } else {
            self.filtered.insert(id, kind);
        }
        id
    }

    fn update_allowed(&self, kind: &str) -> bool {
        match &self.allowed_updates {
            Some(list) => list.iter().any(|k| k == kind),
            None => !DEFAULT_EXCLUDED_UPDATES.contains(&kind),
        }
    }

    fn issue_file_id(&mut self, kind: &str) -> String {
        self.next_file_id += 1;
        let id = format!("fake-{kind}-{:06}", self.next_file_id);
        self.file_ids.insert(id.clone());
        id
    }

    fn note_sent(&mut self, sent: SentMessage) {
        self.rate.record(sent.chat_id, Instant::now());
        *self.sent_per_chat.entry(sent.chat_id).or_default() += 1;
        if let Some(waiters) = self.sent_waiters.get(&sent.chat_id) {
            waiters.notify_waiters();
        }
        self.sent.push(sent);
    }

    fn stored(&self, chat: i64, message_id: i64) -> Option<&StoredMessage> {
        let id = i32::try_from(message_id).ok()?;
        self.chats.get(&chat)?.messages.get(&id)
    }
}

impl ChatRecord {
    fn alloc_message_id(&mut self) -> i32 {
        let id = self.next_message_id;
        self.next_message_id += 1;
        id
    }
}

fn bot_id_from_token(token: &str) -> i64 {
    token
        .split_once(':')
        .and_then(|(digits, _)| digits.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .unwrap_or(DEFAULT_BOT_ID)
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(1)
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn chat_json(id: i64, chat: &ChatRecord) -> Value {
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

fn photo_size(file_id: &str, width: u32, height: u32) -> Value {
    json!({"file_id": file_id, "file_unique_id": unique_id(file_id), "file_size": width * height / 10, "width": width, "height": height})
}

fn unique_id(file_id: &str) -> String {
    format!("u{}", file_id.replace('-', ""))
}

/// The media object Telegram puts under `field` in a message.
fn media_object(field: &str, file_id: &str, file_name: Option<&str>) -> Value {
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

// ---------------------------------------------------------------------------
// Flood control
// ---------------------------------------------------------------------------

/// Sliding-window limits on accepted sends.
#[derive(Default)]
struct RateLimits {
    per_chat: Option<(u32, Duration)>,
    global: Option<(u32, Duration)>,
    chat_hits: HashMap<i64, VecDeque<Instant>>,
    global_hits: VecDeque<Instant>,
}

impl RateLimits {
    /// 429 if one more send to `chat` now would exceed a window.
    fn check(&mut self, chat: i64, now: Instant) -> Result<(), ApiErr> {
        let mut wait: Option<u64> = None;
        if let Some((limit, window)) = self.per_chat {
            let hits = self.chat_hits.entry(chat).or_default();
            wait = window_wait(hits, limit, window, now);
        }
        if let Some((limit, window)) = self.global {
            if let Some(secs) = window_wait(&mut self.global_hits, limit, window, now) {
                wait = Some(wait.map_or(secs, |w| w.max(secs)));
            }
        }
        match wait {
            None => Ok(()),
            Some(secs) => Err(ApiErr {
                code: 429,
                description: format!("Too Many Requests: retry after {secs}"),
                retry_after: Some(secs),
                migrate_to: None,
            }),
        }
    }

    fn record(&mut self, chat: i64, now: Instant) {
        if self.per_chat.is_some() {
            self.chat_hits.entry(chat).or_default().push_back(now);
        }
        if self.global.is_some() {
            self.global_hits.push_back(now);
        }
    }
}

/// Whole seconds (>= 1) until a slot frees in the window, or `None` if one is free now.
fn window_wait(
    hits: &mut VecDeque<Instant>,
    limit: u32,
    window: Duration,
    now: Instant,
) -> Option<u64> {
    while hits
        .front()
        .is_some_and(|t| now.duration_since(*t) >= window)
    {
        hits.pop_front();
    }
    let limit = limit as usize;
    if hits.len() < limit {
        return None;
    }
    let free_at = hits
        .get(hits.len() - limit)
        .map_or(now + window, |t| *t + window);
    let millis = free_at.saturating_duration_since(now).as_millis() as u64;
    Some(millis.div_ceil(1000).max(1))
}

// ---------------------------------------------------------------------------
// HTTP layer
// ---------------------------------------------------------------------------

/// The poem endpoint: every path goes through [`handle_request`].
struct FakeEndpoint(Arc<Shared>);

impl poem::Endpoint for FakeEndpoint {
    type Output = poem::Response;

    async fn call(&self, req: poem::Request) -> poem::Result<poem::Response> {
        Ok(handle_request(self.0.clone(), req).await)
    }
}

async fn handle_request(shared: Arc<Shared>, req: poem::Request) -> poem::Response {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = req.into_body().into_vec().await.unwrap_or_default();

    let route = parse_route(&path);
    let method = route
        .as_ref()
        .map(|(_, m)| m.to_ascii_lowercase())
        .unwrap_or_default();
    let params = parse_params(&query, &content_type, &body);
    let params_json = params
        .as_ref()
        .map(Params::to_json)
        .unwrap_or_else(|_| json!({}));

    let result = match (route, params) {
        (None, _) => Err(ApiErr::new(404, "Not Found")),
        (Some((token, _)), _) if token != shared.token => Err(ApiErr::new(401, "Unauthorized")),
        (Some(_), Err(e)) => Err(e),
        (Some(_), Ok(p)) => dispatch(&shared, &method, &p).await,
    };

    {
        let mut st = shared.lock();
        st.calls.push(Call {
            method,
            params: params_json,
            ok: result.is_ok(),
            error_code: result.as_ref().err().map(|e| e.code),
            description: result.as_ref().err().map(|e| e.description.clone()),
        });
    }
    shared.changed.notify_waiters();
    respond(result)
}

/// `/.../bot{token}/{Method}` -> (token, Method).
fn parse_route(path: &str) -> Option<(String, String)> {
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect();
    let [.., bot, method] = segments.as_slice() else {
        return None;
    };
    let token = bot.strip_prefix("bot")?;
    Some((token.to_string(), method.clone()))
}

fn respond(result: ApiResult) -> poem::Response {
    let (status, body) = match result {
        Ok(value) => (200, json!({"ok": true, "result": value})),
        Err(e) => {
            let mut body = json!({"ok": false, "error_code": e.code, "description": e.description});
            if let Some(to) = e.migrate_to {
                body["parameters"] = json!({ "migrate_to_chat_id": to });
            }
            if let Some(secs) = e.retry_after {
                body["parameters"] = json!({ "retry_after": secs });
            }
            (e.code, body)
        }
    };
    poem::Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST))
        .content_type("application/json")
        .body(body.to_string())
}

async fn dispatch(shared: &Arc<Shared>, method: &str, p: &Params) -> ApiResult {
    if method == "getupdates" {
        return get_updates(shared, p).await;
    }
    let result = {
        let mut st = shared.lock();
        handle_method(shared, &mut st, method, p)
    };
    shared.changed.notify_waiters();
    result
}

fn handle_method(sh: &Shared, st: &mut State, method: &str, p: &Params) -> ApiResult {
    if method == "sendmessage" && st.failing_sends > 0 {
        st.failing_sends -= 1;
        return Err(ApiErr::new(500, "Internal Server Error"));
    }
    match method {
        "getme" => Ok(get_me(sh)),
        "getwebhookinfo" => Ok(webhook_info(st)),
        "deletewebhook" => delete_webhook(st, p),
        "setwebhook" => set_webhook(st, p),
        "sendmessage" => send_message(sh, st, p),
        "sendphoto" | "senddocument" | "sendvideo" | "sendaudio" | "sendvoice"
        | "sendanimation" | "sendsticker" | "sendvideonote" => send_media(sh, st, p, method),
        "copymessage" => copy_message(sh, st, p),
        "forwardmessage" => forward_message(sh, st, p),
        "editmessagetext" => edit_message_text(st, p),
        "editmessagereplymarkup" => edit_message_reply_markup(st, p),
        "deletemessage" => delete_message(st, p),
        "sendchataction" => send_chat_action(st, p),
        "answercallbackquery" => answer_callback_query(st, p),
        "setmycommands" => set_my_commands(st, p),
        "getmycommands" => get_my_commands(st, p),
        "deletemycommands" => delete_my_commands(st, p),
        m if UNMODELLED_METHODS.contains(&m) => Err(bad(&format!(
            "method {m} is real but not modelled by FakeTelegram"
        ))),
        _ => Err(ApiErr::new(404, "Not Found")),
    }
}

// ---------------------------------------------------------------------------
// Request parameters
// ---------------------------------------------------------------------------

/// A file part of a multipart request.
struct Upload {
    file_name: String,
    size: usize,
}

/// Request parameters from the query string and the body (JSON, form or multipart).
#[derive(Default)]
struct Params {
    values: Map<String, Value>,
    files: HashMap<String, Upload>,
}

impl Params {
    fn raw(&self, key: &str) -> Option<&Value> {
        self.values.get(key).filter(|v| !v.is_null())
    }

    /// Integer parameter; numbers and numeric strings both work. `Err` if present but not an integer.
    fn int(&self, key: &str) -> Result<Option<i64>, ()> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or(()),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| ()),
            Some(_) => Err(()),
        }
    }

    fn text(&self, key: &str) -> Option<String> {
        match self.raw(key)? {
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    fn flag(&self, key: &str) -> bool {
        match self.raw(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => {
                matches!(s.trim().to_ascii_lowercase().as_str(), "true" | "1")
            }
            Some(Value::Number(n)) => n.as_i64() == Some(1),
            _ => false,
        }
    }

    /// JSON-typed parameter (object/array), given directly or as a JSON string.
    fn json(&self, key: &str) -> Result<Option<Value>, ()> {
        match self.raw(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => serde_json::from_str(s).map(Some).map_err(|_| ()),
            Some(v @ (Value::Object(_) | Value::Array(_))) => Ok(Some(v.clone())),
            Some(_) => Err(()),
        }
    }

    fn to_json(&self) -> Value {
        let mut all = self.values.clone();
        for (name, up) in &self.files {
            all.insert(
                name.clone(),
                json!({"uploaded_file": up.file_name, "bytes": up.size}),
            );
        }
        Value::Object(all)
    }
}

fn parse_params(query: &str, content_type: &str, body: &[u8]) -> Result<Params, ApiErr> {
    let mut params = Params::default();
    parse_urlencoded(query, &mut params.values);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(params);
    }
    let ct = content_type.to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        let boundary = multipart_boundary(content_type)
            .ok_or_else(|| bad("invalid multipart/form-data request"))?;
        parse_multipart(body, &boundary, &mut params)?;
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        parse_urlencoded(&String::from_utf8_lossy(body), &mut params.values);
    } else if ct.starts_with("application/json") || body.first() == Some(&b'{') {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(obj)) => params.values.extend(obj),
            _ => return Err(bad("can't parse JSON object")),
        }
    } else {
        parse_urlencoded(&String::from_utf8_lossy(body), &mut params.values);
    }
    Ok(params)
}

fn parse_urlencoded(input: &str, into: &mut Map<String, Value>) {
    for pair in input.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        into.insert(
            percent_decode(key, true),
            Value::String(percent_decode(value, true)),
        );
    }
}

fn percent_decode(input: &str, plus_is_space: bool) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn multipart_boundary(content_type: &str) -> Option<String> {
    content_type.split(';').map(str::trim).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn parse_multipart(body: &[u8], boundary: &str, params: &mut Params) -> Result<(), ApiErr> {
    let malformed = || bad("invalid multipart/form-data request");
    let delimiter = format!("--{boundary}").into_bytes();
    let mut pos = find(body, &delimiter, 0).ok_or_else(malformed)?;
    loop {
        pos += delimiter.len();
        let rest = body.get(pos..).ok_or_else(malformed)?;
        if rest.starts_with(b"--") {
            return Ok(());
        }
        if rest.starts_with(b"\r\n") {
            pos += 2;
        }
        let next = find(body, &delimiter, pos).ok_or_else(malformed)?;
        let mut part = body.get(pos..next).ok_or_else(malformed)?;
        if part.ends_with(b"\r\n") {
            part = &part[..part.len() - 2];
        }
        let split = find(part, b"\r\n\r\n", 0).ok_or_else(malformed)?;
        let headers = String::from_utf8_lossy(&part[..split]);
        let data = &part[split + 4..];
        let (name, file_name) = content_disposition(&headers).ok_or_else(malformed)?;
        match file_name {
            Some(file_name) => {
                params.files.insert(
                    name,
                    Upload {
                        file_name,
                        size: data.len(),
                    },
                );
            }
            None => {
                params.values.insert(
                    name,
                    Value::String(String::from_utf8_lossy(data).into_owned()),
                );
            }
        }
        pos = next;
    }
}

/// (name, filename) from a part's Content-Disposition header.
fn content_disposition(headers: &str) -> Option<(String, Option<String>)> {
    let line = headers
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    let mut name = None;
    let mut file_name = None;
    for item in line.split(';').skip(1) {
        let Some((key, value)) = item.trim().split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches('"').to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "name" => name = Some(value),
            "filename" => file_name = Some(value),
            _ => {}
        }
    }
    Some((name?, file_name))
}

// ---------------------------------------------------------------------------
// Methods: bot info, webhook, updates
// ---------------------------------------------------------------------------

fn get_me(sh: &Shared) -> Value {
    let mut me = sh.bot_user();
    if let Some(obj) = me.as_object_mut() {
        obj.extend(
            json!({
                "can_join_groups": true,
                "can_read_all_group_messages": true,
                "supports_inline_queries": false,
                "can_connect_to_business": false,
                "has_main_web_app": false,
            })
            .as_object()
            .cloned()
            .unwrap_or_default(),
        );
    }
    me
}

fn webhook_info(st: &State) -> Value {
    let mut info = json!({
        "url": st.webhook.as_ref().map(|(url, _)| url.clone()).unwrap_or_default(),
        "has_custom_certificate": false,
        "pending_update_count": st.queue.len(),
    });
    if let Some(allowed) = &st.allowed_updates {
        info["allowed_updates"] = json!(allowed);
    }
    info
}

fn delete_webhook(st: &mut State, p: &Params) -> ApiResult {
    st.webhook = None;
    if p.flag("drop_pending_updates") {
        drop_all_pending(st);
    }
    Ok(json!(true))
}

fn set_webhook(st: &mut State, p: &Params) -> ApiResult {
    let url = p.text("url").unwrap_or_default();
    if url.is_empty() {
        st.webhook = None;
        return Ok(json!(true));
    }
    if !url.to_ascii_lowercase().starts_with("https://") {
        return Err(bad(
            "bad webhook: An HTTPS URL must be provided for webhook",
        ));
    }
    let authority = url["https://".len()..]
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let port = authority
        .rsplit_once(':')
        .map(|(_, port)| port)
        .filter(|p| !p.contains(']'));
    if port.is_some_and(|p| !["80", "88", "443", "8443"].contains(&p)) {
        return Err(bad(
            "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
        ));
    }
    let secret = p.text("secret_token").filter(|s| !s.is_empty());
    if let Some(s) = &secret {
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if s.chars().count() > 256 || !s.chars().all(allowed) {
            return Err(bad("secret token contains unallowed characters"));
        }
    }
    if p.flag("drop_pending_updates") {
        drop_all_pending(st);
    }
    st.webhook = Some((url, secret));
    Ok(json!(true))
}

fn drop_all_pending(st: &mut State) {
    if let Some(last) = st.queue.back() {
        st.confirmed_offset = st.confirmed_offset.max(last.id + 1);
    }
    st.queue.clear();
}

/// getUpdates: confirm by offset, then answer at once or long-poll up to `timeout` seconds.
async fn get_updates(shared: &Arc<Shared>, p: &Params) -> ApiResult {
    let offset = p
        .int("offset")
        .map_err(|_| bad("wrong parameter offset"))?
        .unwrap_or(0);
    let limit = p
        .int("limit")
        .map_err(|_| bad("wrong parameter limit"))?
        .unwrap_or(100)
        .clamp(1, 100) as usize;
    let timeout = p
        .int("timeout")
        .map_err(|_| bad("wrong parameter timeout"))?
        .unwrap_or(0)
        .max(0) as u64;
    let allowed = p
        .json("allowed_updates")
        .map_err(|_| bad("can't parse allowed updates"))?;

    let generation = {
        let mut st = shared.lock();
        if st.webhook.is_some() {
            return Err(ApiErr::new(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            ));
        }
        st.poll_generation += 1;
        confirm_offset(&mut st, offset);
        if let Some(list) = allowed {
            let kinds: Vec<String> = list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect();
            st.allowed_updates = if kinds.is_empty() { None } else { Some(kinds) };
        }
        st.poll_generation
    };
    shared.changed.notify_waiters();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    loop {
        let notified = shared.changed.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let st = shared.lock();
            if st.poll_generation != generation {
                return Err(ApiErr::new(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                ));
            }
            let batch: Vec<Value> = st
                .queue
                .iter()
                .take(limit)
                .map(|u| u.json.clone())
                .collect();
            if !batch.is_empty() || st.shutdown || tokio::time::Instant::now() >= deadline {
                return Ok(Value::Array(batch));
            }
        }
        let _ = tokio::time::timeout_at(deadline, notified).await;
    }
}

/// offset N > 0 forgets updates with id < N; offset -N keeps only the last N.
///
/// After [`FakeTelegram::renumber_updates`], an offset beyond every id of the
/// new numbering is a client's stale offset from the old one: it confirms
/// only old updates, as Telegram does not drop the new lower-numbered ones.
fn confirm_offset(st: &mut State, offset: i64) {
    if offset > 0 {
        let (epoch, next) = (st.epoch, st.next_update_id);
        st.queue
            .retain(|u| u.id >= offset || (epoch > 0 && u.epoch == epoch && offset > next));
        st.confirmed_offset = st.confirmed_offset.max(offset);
    } else if offset < 0 {
        let keep = offset.unsigned_abs() as usize;
        while st.queue.len() > keep {
            if let Some(u) = st.queue.pop_front() {
                st.confirmed_offset = st.confirmed_offset.max(u.id + 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Methods: sending
// ---------------------------------------------------------------------------

/// A known chat id from `key`, else 400 "chat not found" (or "<key> is empty").
fn known_chat(st: &State, p: &Params, key: &str) -> Result<i64, ApiErr> {
    let raw = p.raw(key).ok_or_else(|| bad(&format!("{key} is empty")))?;
    if raw.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Err(bad(&format!("{key} is empty")));
    }
    let id = p
        .int(key)
        .ok()
        .flatten()
        .ok_or_else(|| bad("chat not found"))?;
    if st.chats.contains_key(&id) {
        Ok(id)
    } else {
        Err(bad("chat not found"))
    }
}

/// `chat_id` of a chat the bot may write to now (exists, not blocked / kicked).
fn writable_chat(st: &State, p: &Params) -> Result<i64, ApiErr> {
    let id = known_chat(st, p, "chat_id")?;
    match st.chats.get(&id) {
        Some(ChatRecord {
            migrated_to: Some(to),
            ..
        }) => Err(ApiErr {
            migrate_to: Some(*to),
            ..ApiErr::new(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
            )
        }),
        Some(c) if c.blocked => Err(match c.kind {
            ChatKind::Private { .. } => ApiErr::new(403, "Forbidden: bot was blocked by the user"),
            ChatKind::Group { .. } => {
                ApiErr::new(403, "Forbidden: bot was kicked from the group chat")
            }
        }),
        _ => Ok(id),
    }
}

fn message_id_param(p: &Params, key: &str) -> Result<i64, ApiErr> {
    p.int(key)
        .map_err(|_| bad(&format!("wrong parameter {key}")))?
        .ok_or_else(|| bad(&format!("{key} is empty")))
}

fn parse_mode_param(p: &Params) -> Option<String> {
    p.text("parse_mode").filter(|m| !m.is_empty())
}

/// Visible text and entities of `raw` under `parse_mode` (or the explicit `entities_key` param).
fn format_text(
    raw: &str,
    parse_mode: Option<&str>,
    p: &Params,
    entities_key: &str,
    strict_ampersand: bool,
) -> Result<(String, Vec<Value>), ApiErr> {
    let (text, entities) = match parse_mode.map(str::to_ascii_lowercase).as_deref() {
        None => {
            let given = p
                .json(entities_key)
                .map_err(|_| bad("can't parse entities JSON object"))?;
            let entities = match given {
                None => Vec::new(),
                Some(Value::Array(list)) => list,
                Some(_) => return Err(bad("can't parse entities JSON object")),
            };
            (raw.to_string(), entities)
        }
        Some("html") => parse_html(raw, strict_ampersand).map_err(|e| cant_parse(&e))?,
        Some("markdownv2") => parse_markdown_v2(raw).map_err(|e| cant_parse(&e))?,
        Some("markdown") => parse_markdown(raw).map_err(|e| cant_parse(&e))?,
        Some(_) => return Err(bad("unsupported parse_mode")),
    };
    Ok(trim_formatted(text, entities))
}

/// Strips leading/trailing whitespace like Telegram and fixes entity offsets.
fn trim_formatted(text: String, entities: Vec<Value>) -> (String, Vec<Value>) {
    let start_trimmed = text.trim_start();
    let lead = utf16_len(&text[..text.len() - start_trimmed.len()]);
    let trimmed = start_trimmed.trim_end().to_string();
    let total = utf16_len(&trimmed);
    let fixed = entities
        .into_iter()
        .filter_map(|mut e| {
            let offset = e["offset"].as_u64()? as usize;
            let length = e["length"].as_u64()? as usize;
            let start = offset.max(lead) - lead;
            let end = (offset + length).saturating_sub(lead).min(total);
            if end <= start {
                return None;
            }
            e["offset"] = json!(start);
            e["length"] = json!(end - start);
            Some(e)
        })
        .collect();
    (trimmed, fixed)
}

/// The `reply_markup` param, validated like Telegram does.
fn reply_markup_param(p: &Params) -> Result<Option<Value>, ApiErr> {
    let markup = p
        .json("reply_markup")
        .map_err(|_| bad("can't parse reply keyboard markup JSON object"))?;
    let Some(markup) = markup else {
        return Ok(None);
    };
    if !markup.is_object() {
        return Err(bad("can't parse reply keyboard markup JSON object"));
    }
    if let Some(rows) = markup.get("inline_keyboard") {
        validate_inline_keyboard(rows)?;
    }
    Ok(Some(markup))
}

/// Only inline keyboards are echoed back in the Message object.
fn inline_markup(markup: Option<&Value>) -> Option<Value> {
    markup
        .filter(|m| m.get("inline_keyboard").is_some())
        .cloned()
}

fn validate_inline_keyboard(rows: &Value) -> Result<(), ApiErr> {
    let malformed = || bad("can't parse reply keyboard markup JSON object");
    for row in rows.as_array().ok_or_else(malformed)? {
        for button in row.as_array().ok_or_else(malformed)? {
            validate_inline_button(button)?;
        }
    }
    Ok(())
}

fn validate_inline_button(button: &Value) -> Result<(), ApiErr> {
    let obj = button
        .as_object()
        .ok_or_else(|| bad("can't parse reply keyboard markup JSON object"))?;
    let text = obj.get("text").and_then(Value::as_str).ok_or_else(|| {
        bad("can't parse inline keyboard button: Field \"text\" must be of type String")
    })?;
    if text.trim().is_empty() {
        return Err(bad("BUTTON_TEXT_INVALID"));
    }
    if obj
        .get("url")
        .is_some_and(|u| !u.is_string() && !u.is_null())
    {
        return Err(bad(
            "can't parse inline keyboard button: Field \"url\" must be of type String",
        ));
    }
    if let Some(data) = obj.get("callback_data").and_then(Value::as_str) {
        if data.len() > 64 {
            return Err(bad("BUTTON_DATA_INVALID"));
        }
    }
    const ACTIONS: [&str; 10] = [
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    ];
    let has_action = ACTIONS.iter().any(|key| match obj.get(*key) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty() || key.starts_with("switch_inline"),
        Some(Value::Bool(b)) => *b,
        Some(_) => true,
    });
    if !has_action {
        return Err(bad(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ));
    }
    Ok(())
}

/// The message being replied to (reply_parameters or reply_to_message_id), as embedded in the reply.
fn reply_target(st: &State, chat_id: i64, p: &Params) -> Result<Option<Value>, ApiErr> {
    let (message_id, target_chat, allow_missing) = match p
        .json("reply_parameters")
        .map_err(|_| bad("can't parse reply parameters JSON object"))?
    {
        Some(rp) => {
            let mid = rp["message_id"]
                .as_i64()
                .ok_or_else(|| bad("message to be replied not found"))?;
            let chat = rp["chat_id"].as_i64().unwrap_or(chat_id);
            (
                mid,
                chat,
                rp["allow_sending_without_reply"].as_bool().unwrap_or(false),
            )
        }
        None => match p
            .int("reply_to_message_id")
            .map_err(|_| bad("wrong parameter reply_to_message_id"))?
        {
            Some(mid) if mid != 0 => (mid, chat_id, p.flag("allow_sending_without_reply")),
            _ => return Ok(None),
        },
    };
    match st.stored(target_chat, message_id) {
        Some(m) if target_chat == chat_id => {
            let mut embedded = m.json.clone();
            if let Some(obj) = embedded.as_object_mut() {
                obj.remove("reply_to_message");
            }
            Ok(Some(embedded))
        }
        Some(_) => Ok(None),
        None if allow_missing => Ok(None),
        None => Err(bad("message to be replied not found")),
    }
}

/// Stores a new bot message in `chat_id` and returns it as Telegram would.
fn store_bot_message(
    sh: &Shared,
    st: &mut State,
    chat_id: i64,
    content: Map<String, Value>,
    markup: Option<&Value>,
    reply_to: Option<Value>,
) -> ApiResult {
    let record = st
        .chats
        .get_mut(&chat_id)
        .ok_or_else(|| bad("chat not found"))?;
    let message_id = record.alloc_message_id();
    let mut msg = Map::new();
    msg.insert("message_id".into(), json!(message_id));
    msg.insert("from".into(), sh.bot_user());
    msg.insert("chat".into(), chat_json(chat_id, record));
    msg.insert("date".into(), json!(now_unix()));
    msg.extend(content);
    if let Some(reply) = reply_to {
        msg.insert("reply_to_message".into(), reply);
    }
    if let Some(m) = inline_markup(markup) {
        msg.insert("reply_markup".into(), m);
    }
    let msg = Value::Object(msg);
    record.messages.insert(
        message_id,
        StoredMessage {
            from_bot: true,
            json: msg.clone(),
        },
    );
    Ok(msg)
}

fn send_message(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let chat_id = writable_chat(st, p)?;
    st.rate.check(chat_id, Instant::now())?;
    let raw = p.text("text").unwrap_or_default();
    let parse_mode = parse_mode_param(p);
    let (text, entities) = format_text(
        &raw,
        parse_mode.as_deref(),
        p,
        "entities",
        st.strict_html_ampersand,
    )?;
    if text.is_empty() {
        return Err(bad("message text is empty"));
    }
    if utf16_len(&text) > MAX_TEXT_UTF16 {
        return Err(bad("message is too long"));
    }
    let markup = reply_markup_param(p)?;
    let reply_to = reply_target(st, chat_id, p)?;
    let mut content = Map::new();
    content.insert("text".into(), json!(text));
    if !entities.is_empty() {
        content.insert("entities".into(), Value::Array(entities));
    }
    let msg = store_bot_message(sh, st, chat_id, content, markup.as_ref(), reply_to)?;
    st.note_sent(SentMessage {
        chat_id,
        message_id: msg["message_id"].as_i64().unwrap_or_default() as i32,
        text: raw,
        parse_mode,
        reply_markup: markup,
        method: "sendmessage".into(),
        visible_text: text,
    });
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
            None if st.file_ids.contains(&v) => return Ok((v, None)),
            None => return Err(bad("wrong file identifier/HTTP URL specified")),
        },
        None => p.files.get(field),
    };
    match upload {
        Some(up) if up.size > 0 => Ok((st.issue_file_id(field), Some(up.file_name.clone()))),
        Some(_) => Err(bad("file must be non-empty")),
        None => Err(bad(&format!("there is no {field} in the request"))),
    }
}

fn send_media(sh: &Shared, st: &mut State, p: &Params, method: &str) -> ApiResult {
    let field = media_field(method);
    let chat_id = writable_chat(st, p)?;
    st.rate.check(chat_id, Instant::now())?;
    let raw_caption = p.text("caption").unwrap_or_default();
    let parse_mode = parse_mode_param(p);
    let (caption, caption_entities) = format_text(
        &raw_caption,
        parse_mode.as_deref(),
        p,
        "caption_entities",
        st.strict_html_ampersand,
    )?;
    if utf16_len(&caption) > MAX_CAPTION_UTF16 {
        return Err(bad("message caption is too long"));
    }
    let markup = reply_markup_param(p)?;
    let reply_to = reply_target(st, chat_id, p)?;
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
        if !caption_entities.is_empty() {
            content.insert("caption_entities".into(), Value::Array(caption_entities));
        }
    }
    let msg = store_bot_message(sh, st, chat_id, content, markup.as_ref(), reply_to)?;
    st.note_sent(SentMessage {
        chat_id,
        message_id: msg["message_id"].as_i64().unwrap_or_default() as i32,
        text: raw_caption,
        parse_mode,
        reply_markup: markup,
        method: method.to_string(),
        visible_text: caption,
    });
    Ok(msg)
}

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

fn content_of(message: &Value) -> Map<String, Value> {
    CONTENT_FIELDS
        .iter()
        .filter_map(|k| message.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect()
}

fn visible_text_of(content: &Map<String, Value>) -> String {
    content
        .get("text")
        .or_else(|| content.get("caption"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The source message of copyMessage / forwardMessage.
fn source_message(st: &State, p: &Params, not_found: &str) -> ApiResult {
    let from_chat = known_chat(st, p, "from_chat_id")?;
    let message_id = message_id_param(p, "message_id")?;
    st.stored(from_chat, message_id)
        .map(|m| m.json.clone())
        .ok_or_else(|| bad(not_found))
}

fn copy_message(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let chat_id = writable_chat(st, p)?;
    let source = source_message(st, p, "message to copy not found")?;
    st.rate.check(chat_id, Instant::now())?;
    let mut content = content_of(&source);
    let mut parse_mode = None;
    let caption_override = p.text("caption").filter(|_| !content.contains_key("text"));
    if let Some(raw_caption) = caption_override.clone() {
        parse_mode = parse_mode_param(p);
        let (caption, entities) = format_text(
            &raw_caption,
            parse_mode.as_deref(),
            p,
            "caption_entities",
            st.strict_html_ampersand,
        )?;
        if utf16_len(&caption) > MAX_CAPTION_UTF16 {
            return Err(bad("message caption is too long"));
        }
        content.remove("caption_entities");
        content.insert("caption".into(), json!(caption));
        if !entities.is_empty() {
            content.insert("caption_entities".into(), Value::Array(entities));
        }
    }
    let markup = reply_markup_param(p)?;
    let reply_to = reply_target(st, chat_id, p)?;
    let visible = visible_text_of(&content);
    let raw = caption_override.unwrap_or_else(|| visible.clone());
    let msg = store_bot_message(sh, st, chat_id, content, markup.as_ref(), reply_to)?;
    let message_id = msg["message_id"].as_i64().unwrap_or_default() as i32;
    st.note_sent(SentMessage {
        chat_id,
        message_id,
        text: raw,
        parse_mode,
        reply_markup: markup,
        method: "copymessage".into(),
        visible_text: visible,
    });
    Ok(json!({ "message_id": message_id }))
}

fn forward_message(sh: &Shared, st: &mut State, p: &Params) -> ApiResult {
    let chat_id = writable_chat(st, p)?;
    let source = source_message(st, p, "message to forward not found")?;
    st.rate.check(chat_id, Instant::now())?;
    let mut content = content_of(&source);
    content.insert(
        "forward_origin".into(),
        json!({"type": "user", "sender_user": source["from"].clone(), "date": source["date"].clone()}),
    );
    let visible = visible_text_of(&content);
    let msg = store_bot_message(sh, st, chat_id, content, None, None)?;
    st.note_sent(SentMessage {
        chat_id,
        message_id: msg["message_id"].as_i64().unwrap_or_default() as i32,
        text: visible.clone(),
        parse_mode: None,
        reply_markup: None,
        method: "forwardmessage".into(),
        visible_text: visible,
    });
    Ok(msg)
}

fn send_chat_action(st: &mut State, p: &Params) -> ApiResult {
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
    writable_chat(st, p)?;
    let action = p.text("action").unwrap_or_default();
    if !ACTIONS.contains(&action.as_str()) {
        return Err(bad("wrong parameter action in request"));
    }
    Ok(json!(true))
}

// ---------------------------------------------------------------------------
// Methods: editing, deleting, callbacks, commands
// ---------------------------------------------------------------------------

/// The bot's own message addressed by chat_id + message_id, for editing.
fn editable_message<'a>(st: &'a mut State, p: &Params) -> Result<&'a mut Value, ApiErr> {
    if p.raw("inline_message_id").is_some() {
        return Err(bad("MESSAGE_ID_INVALID"));
    }
    let chat_id = writable_chat(st, p)?;
    let message_id = message_id_param(p, "message_id")?;
    let id = i32::try_from(message_id).map_err(|_| bad("message to edit not found"))?;
    let stored = st
        .chats
        .get_mut(&chat_id)
        .and_then(|c| c.messages.get_mut(&id))
        .ok_or_else(|| bad("message to edit not found"))?;
    if !stored.from_bot {
        return Err(bad("message can't be edited"));
    }
    Ok(&mut stored.json)
}

const NOT_MODIFIED: &str = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

fn edit_message_text(st: &mut State, p: &Params) -> ApiResult {
    let raw = p.text("text").unwrap_or_default();
    let parse_mode = parse_mode_param(p);
    let (text, entities) = format_text(
        &raw,
        parse_mode.as_deref(),
        p,
        "entities",
        st.strict_html_ampersand,
    )?;
    let markup = inline_markup(reply_markup_param(p)?.as_ref());
    let message = editable_message(st, p)?;
    if message.get("text").is_none() {
        return Err(bad("there is no text in the message to edit"));
    }
    if text.is_empty() {
        return Err(bad("message text is empty"));
    }
    if utf16_len(&text) > MAX_TEXT_UTF16 {
        return Err(bad("MESSAGE_TOO_LONG"));
    }
    let old_entities = message
        .get("entities")
        .cloned()
        .unwrap_or_else(|| json!([]));
    let unchanged = message["text"] == json!(text)
        && old_entities == Value::Array(entities.clone())
        && message.get("reply_markup") == markup.as_ref();
    if unchanged {
        return Err(bad(NOT_MODIFIED));
    }
    let obj = message
        .as_object_mut()
        .ok_or_else(|| bad("message to edit not found"))?;
    obj.insert("text".into(), json!(text));
    obj.remove("entities");
    if !entities.is_empty() {
        obj.insert("entities".into(), Value::Array(entities));
    }
    match markup {
        Some(m) => obj.insert("reply_markup".into(), m),
        None => obj.remove("reply_markup"),
    };
    obj.insert("edit_date".into(), json!(now_unix()));
    Ok(message.clone())
}

fn edit_message_reply_markup(st: &mut State, p: &Params) -> ApiResult {
    let markup = inline_markup(reply_markup_param(p)?.as_ref());
    let message = editable_message(st, p)?;
    if message.get("reply_markup") == markup.as_ref() {
        return Err(bad(NOT_MODIFIED));
    }
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

fn delete_message(st: &mut State, p: &Params) -> ApiResult {
    let chat_id = known_chat(st, p, "chat_id")?;
    let message_id = message_id_param(p, "message_id")?;
    let removed = i32::try_from(message_id)
        .ok()
        .and_then(|id| st.chats.get_mut(&chat_id)?.messages.remove(&id));
    match removed {
        Some(_) => Ok(json!(true)),
        None => Err(bad("message to delete not found")),
    }
}

fn answer_callback_query(st: &mut State, p: &Params) -> ApiResult {
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

/// (scope, language_code) of a *MyCommands call; the scope defaults to {"type":"default"}.
fn command_scope(st: &State, p: &Params) -> Result<(Value, String), ApiErr> {
    const SCOPES: [&str; 7] = [
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    ];
    let scope = p
        .json("scope")
        .map_err(|_| bad("can't parse BotCommandScope JSON object"))?
        .unwrap_or_else(|| json!({"type": "default"}));
    let kind = scope["type"].as_str().unwrap_or_default();
    if !SCOPES.contains(&kind) {
        return Err(bad("wrong bot command scope type specified"));
    }
    if kind.starts_with("chat") {
        let chat = scope["chat_id"]
            .as_i64()
            .ok_or_else(|| bad("chat not found"))?;
        if !st.chats.contains_key(&chat) {
            return Err(bad("chat not found"));
        }
    }
    Ok((scope, p.text("language_code").unwrap_or_default()))
}

/// 1-32 chars of a-z, 0-9, _ and a 1-256 char description, else BOT_COMMAND_INVALID.
fn validate_command(command: &Value) -> Result<(String, String), ApiErr> {
    let invalid = || bad("BOT_COMMAND_INVALID");
    let name = command["command"].as_str().ok_or_else(invalid)?;
    let description = command["description"].as_str().ok_or_else(invalid)?;
    let name_ok = (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    let description_ok = (1..=256).contains(&description.trim().chars().count());
    if name_ok && description_ok {
        Ok((name.to_string(), description.to_string()))
    } else {
        Err(invalid())
    }
}

fn set_my_commands(st: &mut State, p: &Params) -> ApiResult {
    let list = p
        .json("commands")
        .map_err(|_| bad("can't parse commands JSON object"))?;
    let list = match list {
        Some(Value::Array(items)) => items,
        None => return Err(bad("commands is empty")),
        Some(_) => return Err(bad("can't parse commands JSON object")),
    };
    if list.len() > 100 {
        return Err(bad("BOT_COMMANDS_TOO_MUCH"));
    }
    let commands = list
        .iter()
        .map(validate_command)
        .collect::<Result<Vec<_>, _>>()?;
    let (scope, language_code) = command_scope(st, p)?;
    st.commands
        .retain(|c| !(c.scope == scope && c.language_code == language_code));
    if !commands.is_empty() {
        st.commands.push(CommandSet {
            scope,
            language_code,
            commands,
        });
    }
    Ok(json!(true))
}

fn get_my_commands(st: &mut State, p: &Params) -> ApiResult {
    let (scope, language_code) = command_scope(st, p)?;
    let found = st
        .commands
        .iter()
        .find(|c| c.scope == scope && c.language_code == language_code);
    let list: Vec<Value> = found
        .map(|c| {
            c.commands
                .iter()
                .map(|(n, d)| json!({"command": n, "description": d}))
                .collect()
        })
        .unwrap_or_default();
    Ok(Value::Array(list))
}

fn delete_my_commands(st: &mut State, p: &Params) -> ApiResult {
    let (scope, language_code) = command_scope(st, p)?;
    st.commands
        .retain(|c| !(c.scope == scope && c.language_code == language_code));
    Ok(json!(true))
}

// ---------------------------------------------------------------------------
// Formatting validators (ported from the rules of Telegram's tdlib)
// ---------------------------------------------------------------------------

/// Byte at `i`, or 0 past the end (the parsers below mirror tdlib's C-string scanning).
fn byte_at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// tdlib's is_space: ASCII whitespace and the terminating 0.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0b | 0x0c)
}

/// Appends the char starting at byte `i` to `out`; returns the next byte index.
fn push_char_at(text: &str, i: usize, out: &mut String, utf16: &mut usize) -> usize {
    match text.get(i..).and_then(|s| s.chars().next()) {
        Some(ch) => {
            out.push(ch);
            *utf16 += ch.len_utf16();
            i + ch.len_utf8()
        }
        None => i + 1,
    }
}

fn entity(kind: &str, offset: usize, length: usize, extra: Option<(&str, Value)>) -> Value {
    let mut e = json!({"type": kind, "offset": offset, "length": length});
    if let Some((key, value)) = extra {
        e[key] = value;
    }
    e
}

/// Normalises a link target like Telegram ("example.com" -> "http://example.com"); None if unusable.
fn normalize_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(char::is_whitespace) {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    let full = if ["http://", "https://", "tg://", "ton://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        url.to_string()
    } else if url.contains("://") {
        return None;
    } else {
        format!("http://{url}")
    };
    let lower_full = full.to_ascii_lowercase();
    if let Some(rest) = lower_full
        .strip_prefix("http://")
        .or_else(|| lower_full.strip_prefix("https://"))
    {
        if rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .is_empty()
        {
            return None;
        }
    }
    Some(full)
}

/// tdlib's decode_html_entity: &lt; &gt; &amp; &quot; and &#NN; / &#xHH; (';' optional).
fn decode_html_entity(b: &[u8], pos: usize) -> Option<(char, usize)> {
    if byte_at(b, pos) != b'&' {
        return None;
    }
    let mut end = pos + 1;
    let code: u32 = if byte_at(b, end) == b'#' {
        end += 1;
        let radix = if matches!(byte_at(b, end), b'x' | b'X') {
            end += 1;
            16
        } else {
            10
        };
        let mut value: u32 = 0;
        while let Some(d) = (byte_at(b, end) as char).to_digit(radix) {
            value = value * radix + d;
            end += 1;
            if value >= 0x10ffff {
                return None;
            }
        }
        if value == 0 || (0xd800..=0xdfff).contains(&value) {
            return None;
        }
        value
    } else {
        let start = end;
        while byte_at(b, end).is_ascii_alphabetic() {
            end += 1;
        }
        match &b[start..end] {
            b"lt" => '<' as u32,
            b"gt" => '>' as u32,
            b"amp" => '&' as u32,
            b"quot" => '"' as u32,
            _ => return None,
        }
    };
    if byte_at(b, end) == b';' {
        end += 1;
    }
    Some((char::from_u32(code)?, end))
}

/// An open HTML tag while parsing.
struct HtmlOpen {
    tag: String,
    argument: String,
    expandable: bool,
    offset: usize,
    out_pos: usize,
}

const HTML_TAGS: [&str; 16] = [
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
];

/// Parses Telegram HTML into (visible text, entities); errors carry tdlib's wording.
fn parse_html(text: &str, strict_ampersand: bool) -> Result<(String, Vec<Value>), String> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut utf16 = 0usize;
    let mut open: Vec<HtmlOpen> = Vec::new();
    let mut entities: Vec<Value> = Vec::new();
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'&' {
            if let Some((ch, next)) = decode_html_entity(b, i) {
                out.push(ch);
                utf16 += ch.len_utf16();
                i = next;
                continue;
            }
            if strict_ampersand {
                return Err(format!(
                    "Character '&' at byte offset {i} is not a valid HTML entity; use \"&amp;\""
                ));
            }
        }
        if c != b'<' {
            i = push_char_at(text, i, &mut out, &mut utf16);
            continue;
        }
        let begin = i;
        i += 1;
        if byte_at(b, i) != b'/' {
            let (tag_open, next) = parse_html_start_tag(b, begin)?;
            open.push(HtmlOpen {
                offset: utf16,
                out_pos: out.len(),
                ..tag_open
            });
            i = next;
        } else {
            let Some(top) = open.pop() else {
                return Err(format!("Unexpected end tag at byte offset {begin}"));
            };
            i += 1;
            let name_start = i;
            while !is_space(byte_at(b, i)) && byte_at(b, i) != b'>' {
                i += 1;
            }
            let end_name = String::from_utf8_lossy(&b[name_start..i]).to_lowercase();
            while byte_at(b, i) != 0 && is_space(byte_at(b, i)) {
                i += 1;
            }
            if byte_at(b, i) != b'>' {
                return Err(format!("Unclosed end tag at byte offset {begin}"));
            }
            if !end_name.is_empty() && end_name != top.tag {
                return Err(format!(
                    "Unmatched end tag at byte offset {begin}, expected \"</{}>\", found \"</{end_name}>\"",
                    top.tag
                ));
            }
            if utf16 > top.offset {
                close_html_entity(&top, utf16, &out, &mut entities)?;
            }
            i += 1;
        }
    }
    if let Some(top) = open.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            top.tag
        ));
    }
    for e in entities.iter_mut().filter(|e| e["type"] == "code") {
        if let Some(obj) = e.as_object_mut() {
            obj.remove("language");
        }
    }
    Ok((out, entities))
}

/// Parses `<tag attr=...>` starting at `begin` (the '<'); returns the tag and the index after '>'.
fn parse_html_start_tag(b: &[u8], begin: usize) -> Result<(HtmlOpen, usize), String> {
    let mut i = begin + 1;
    while !is_space(byte_at(b, i)) && byte_at(b, i) != b'>' {
        i += 1;
    }
    if i >= b.len() {
        return Err(format!("Unclosed start tag at byte offset {begin}"));
    }
    let tag = String::from_utf8_lossy(&b[begin + 1..i]).to_lowercase();
    if !HTML_TAGS.contains(&tag.as_str()) {
        return Err(format!(
            "Unsupported start tag \"{tag}\" at byte offset {begin}"
        ));
    }
    let mut argument = String::new();
    let mut expandable = false;
    while byte_at(b, i) != b'>' {
        while i < b.len() && is_space(byte_at(b, i)) {
            i += 1;
        }
        if i >= b.len() {
            return Err(format!("Unclosed start tag at byte offset {begin}"));
        }
        if byte_at(b, i) == b'>' {
            break;
        }
        let name_start = i;
        while !is_space(byte_at(b, i))
            && !matches!(byte_at(b, i), b'=' | b'>' | b'/' | b'"' | b'\'')
        {
            i += 1;
        }
        let name = String::from_utf8_lossy(&b[name_start..i]).to_lowercase();
        if name.is_empty() {
            return Err(format!(
                "Empty attribute name in the tag \"{tag}\" at byte offset {begin}"
            ));
        }
        while i < b.len() && is_space(byte_at(b, i)) {
            i += 1;
        }
        if byte_at(b, i) != b'=' {
            if i >= b.len() {
                return Err(format!("Unclosed start tag at byte offset {begin}"));
            }
            if tag == "blockquote" && name == "expandable" {
                expandable = true;
                continue;
            }
            return Err(format!(
                "Expected equal sign in declaration of an attribute of the tag \"{tag}\" at byte offset {begin}"
            ));
        }
        i += 1;
        while i < b.len() && is_space(byte_at(b, i)) {
            i += 1;
        }
        if i >= b.len() {
            return Err(format!("Unclosed start tag at byte offset {begin}"));
        }
        let (value, next) = parse_html_attribute_value(b, i)?;
        i = next;
        if i >= b.len() {
            return Err(format!("Unclosed start tag at byte offset {begin}"));
        }
        match (tag.as_str(), name.as_str()) {
            ("a", "href") | ("tg-emoji", "emoji-id") => argument = value,
            ("code", "class") if value.starts_with("language-") => {
                argument = value["language-".len()..].to_string()
            }
            ("span", "class") if value.starts_with("tg-") => {
                argument = value["tg-".len()..].to_string()
            }
            ("blockquote", "expandable") => expandable = true,
            _ => {}
        }
    }
    if tag == "span" && argument != "spoiler" {
        return Err(format!(
            "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
        ));
    }
    let open = HtmlOpen {
        tag,
        argument,
        expandable,
        offset: 0,
        out_pos: 0,
    };
    Ok((open, i + 1))
}

/// A quoted (entities decoded) or unquoted (name token, lower-cased) attribute value at `i`.
fn parse_html_attribute_value(b: &[u8], mut i: usize) -> Result<(String, usize), String> {
    let quote = byte_at(b, i);
    if quote != b'"' && quote != b'\'' {
        let start = i;
        while byte_at(b, i).is_ascii_alphanumeric() || matches!(byte_at(b, i), b'.' | b'-') {
            i += 1;
        }
        if !is_space(byte_at(b, i)) && byte_at(b, i) != b'>' {
            return Err(format!(
                "Unexpected end of name token at byte offset {start}"
            ));
        }
        return Ok((String::from_utf8_lossy(&b[start..i]).to_lowercase(), i));
    }
    i += 1;
    let mut value: Vec<u8> = Vec::new();
    while i < b.len() && b[i] != quote {
        if let Some((ch, next)) = decode_html_entity(b, i) {
            let mut buf = [0u8; 4];
            value.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            i = next;
            continue;
        }
        value.push(b[i]);
        i += 1;
    }
    if byte_at(b, i) == quote {
        i += 1;
    }
    Ok((String::from_utf8_lossy(&value).into_owned(), i))
}

/// Adds the entity a closed HTML tag produces (if any).
fn close_html_entity(
    top: &HtmlOpen,
    utf16: usize,
    out: &str,
    entities: &mut Vec<Value>,
) -> Result<(), String> {
    let (offset, length) = (top.offset, utf16 - top.offset);
    let new = match top.tag.as_str() {
        "b" | "strong" => entity("bold", offset, length, None),
        "i" | "em" => entity("italic", offset, length, None),
        "u" | "ins" => entity("underline", offset, length, None),
        "s" | "strike" | "del" => entity("strikethrough", offset, length, None),
        "tg-spoiler" | "span" => entity("spoiler", offset, length, None),
        "code" => entity("code", offset, length, None),
        "blockquote" if top.expandable => entity("expandable_blockquote", offset, length, None),
        "blockquote" => entity("blockquote", offset, length, None),
        "tg-emoji" => {
            let id = top.argument.parse::<i64>().ok().filter(|id| *id > 0);
            let id = id.ok_or_else(|| "Invalid custom emoji identifier specified".to_string())?;
            entity(
                "custom_emoji",
                offset,
                length,
                Some(("custom_emoji_id", json!(id.to_string()))),
            )
        }
        "a" => {
            let target = if top.argument.is_empty() {
                out.get(top.out_pos..).unwrap_or_default()
            } else {
                &top.argument
            };
            match normalize_url(target) {
                Some(url) => entity("text_link", offset, length, Some(("url", json!(url)))),
                None => return Ok(()),
            }
        }
        "pre" => {
            if let Some(last) = entities.last_mut() {
                let same_range = last["offset"] == json!(offset) && last["length"] == json!(length);
                if same_range && last["type"] == "code" {
                    let language = last.get("language").cloned();
                    *last = entity("pre", offset, length, language.map(|l| ("language", l)));
                    return Ok(());
                }
            }
            entity("pre", offset, length, None)
        }
        _ => return Ok(()),
    };
    let mut new = new;
    if top.tag == "code" && !top.argument.is_empty() {
        new["language"] = json!(top.argument);
    }
    entities.push(new);
    Ok(())
}

/// MarkdownV2 entity kinds, named as tdlib names them in error messages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Md {
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    TextUrl,
    Code,
    Pre,
    PreCode,
    CustomEmoji,
    BlockQuote,
    ExpandableBlockQuote,
}

impl Md {
    fn api_type(self) -> &'static str {
        match self {
            Md::Bold => "bold",
            Md::Italic => "italic",
            Md::Underline => "underline",
            Md::Strikethrough => "strikethrough",
            Md::Spoiler => "spoiler",
            Md::TextUrl => "text_link",
            Md::Code => "code",
            Md::Pre | Md::PreCode => "pre",
            Md::CustomEmoji => "custom_emoji",
            Md::BlockQuote => "blockquote",
            Md::ExpandableBlockQuote => "expandable_blockquote",
        }
    }
}

/// An open MarkdownV2 entity while parsing.
struct MdOpen {
    kind: Md,
    argument: String,
    offset: usize,
    byte: usize,
    out_pos: usize,
}

fn reserved(c: u8) -> String {
    format!(
        "Character '{}' is reserved and must be escaped with the preceding '\\'",
        c as char
    )
}

fn unclosed(open: &MdOpen) -> String {
    format!(
        "Can't find end of {:?} entity at byte offset {}",
        open.kind, open.byte
    )
}

/// Parses MarkdownV2 into (visible text, entities); errors carry tdlib's wording.
fn parse_markdown_v2(text: &str) -> Result<(String, Vec<Value>), String> {
    let b = text.as_bytes();
    let at = |i: usize| byte_at(b, i);
    let mut out = String::new();
    let mut utf16 = 0usize;
    let mut have_blockquote = false;
    let mut can_start_blockquote = true;
    let mut stack: Vec<MdOpen> = Vec::new();
    let mut entities: Vec<Value> = Vec::new();
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && at(i + 1) > 0 && at(i + 1) <= 126 {
            out.push(at(i + 1) as char);
            utf16 += 1;
            if at(i + 1) != b'\r' {
                can_start_blockquote = at(i + 1) == b'\n';
            }
            i += 2;
            continue;
        }
        let in_code = stack
            .last()
            .is_some_and(|o| matches!(o.kind, Md::Code | Md::Pre | Md::PreCode));
        let reserved_chars: &[u8] = if in_code {
            b"`"
        } else {
            b"_*[]()~`>#+-=|{}.!\n"
        };
        if !reserved_chars.contains(&c) {
            if c != b'\r' {
                can_start_blockquote = false;
            }
            i = push_char_at(text, i, &mut out, &mut utf16);
            continue;
        }
        let closes = match stack.last() {
            None => false,
            Some(_) if have_blockquote && c == b'\n' && (i + 1 == b.len() || at(i + 1) != b'>') => {
                true
            }
            Some(top) => match top.kind {
                Md::Bold => c == b'*',
                Md::Italic => c == b'_' && at(i + 1) != b'_',
                Md::Code => c == b'`',
                Md::Pre | Md::PreCode => c == b'`' && at(i + 1) == b'`' && at(i + 2) == b'`',
                Md::TextUrl | Md::CustomEmoji => c == b']',
                Md::Underline => c == b'_' && at(i + 1) == b'_',
                Md::Strikethrough => c == b'~',
                Md::Spoiler => c == b'|' && at(i + 1) == b'|',
                Md::BlockQuote | Md::ExpandableBlockQuote => false,
            },
        };
        if !closes {
            let byte = i;
            let (kind, argument, next) = match c {
                b'_' if at(i + 1) == b'_' => (Md::Underline, String::new(), i + 2),
                b'_' => (Md::Italic, String::new(), i + 1),
                b'*' => (Md::Bold, String::new(), i + 1),
                b'~' => (Md::Strikethrough, String::new(), i + 1),
                b'|' if at(i + 1) == b'|' => (Md::Spoiler, String::new(), i + 2),
                b'[' => (Md::TextUrl, String::new(), i + 1),
                b'!' if at(i + 1) == b'[' => (Md::CustomEmoji, String::new(), i + 2),
                b'`' if at(i + 1) == b'`' && at(i + 2) == b'`' => open_pre(b, i + 3),
                b'`' => (Md::Code, String::new(), i + 1),
                b'\n' => {
                    out.push('\n');
                    utf16 += 1;
                    can_start_blockquote = true;
                    i += 1;
                    continue;
                }
                b'>' if can_start_blockquote => {
                    if have_blockquote {
                        i += 1;
                        continue;
                    }
                    have_blockquote = true;
                    (Md::BlockQuote, String::new(), i + 1)
                }
                _ => return Err(reserved(c)),
            };
            stack.push(MdOpen {
                kind,
                argument,
                offset: utf16,
                byte,
                out_pos: out.len(),
            });
            i = next;
            continue;
        }

        // `c` closes the innermost entity.
        let mut kind = stack.last().map_or(Md::Bold, |t| t.kind);
        if c == b'\n' && kind != Md::BlockQuote {
            // "||" right before the end of a blockquote line marks it expandable.
            match stack.pop() {
                Some(top) if top.kind == Md::Spoiler && top.out_pos == out.len() => {}
                Some(top) => return Err(unclosed(&top)),
                None => return Err(reserved(c)),
            }
            match stack.last() {
                Some(t) if t.kind == Md::BlockQuote => kind = Md::ExpandableBlockQuote,
                Some(t) => return Err(unclosed(t)),
                None => return Err(reserved(c)),
            }
        }
        let Some(top) = stack.pop() else {
            return Err(reserved(c));
        };
        let mut next = i + 1;
        let mut extra: Option<(&str, Value)> = None;
        let mut skip = utf16 == top.offset;
        match kind {
            Md::Bold | Md::Italic | Md::Code | Md::Strikethrough => {}
            Md::Underline | Md::Spoiler => next = i + 2,
            Md::Pre | Md::PreCode => {
                next = i + 3;
                if kind == Md::PreCode {
                    extra = Some(("language", json!(top.argument)));
                }
            }
            Md::TextUrl => {
                let url = if at(i + 1) != b'(' {
                    out.get(top.out_pos..).unwrap_or_default().to_string()
                } else {
                    let (url, after) = read_md_url(text, i + 2).ok_or_else(|| {
                        format!("Can't find end of a URL at byte offset {}", i + 2)
                    })?;
                    next = after;
                    url
                };
                match normalize_url(&url) {
                    Some(u) => extra = Some(("url", json!(u))),
                    None => skip = true,
                }
            }
            Md::CustomEmoji => {
                if at(i + 1) != b'(' {
                    return Err("Custom emoji entity must contain a tg://emoji URL".into());
                }
                let (url, after) = read_md_url(text, i + 2).ok_or_else(|| {
                    format!(
                        "Can't find end of a custom emoji URL at byte offset {}",
                        i + 2
                    )
                })?;
                next = after;
                let id = url
                    .strip_prefix("tg://emoji?id=")
                    .and_then(|id| id.parse::<i64>().ok())
                    .ok_or_else(|| "Invalid custom emoji URL specified".to_string())?;
                extra = Some(("custom_emoji_id", json!(id.to_string())));
            }
            Md::BlockQuote | Md::ExpandableBlockQuote => {
                have_blockquote = false;
                if !skip {
                    entities.push(entity(
                        kind.api_type(),
                        top.offset,
                        utf16 - top.offset,
                        None,
                    ));
                }
                out.push('\n');
                utf16 += 1;
                can_start_blockquote = true;
                i = next;
                continue;
            }
        }
        if !skip {
            entities.push(entity(
                kind.api_type(),
                top.offset,
                utf16 - top.offset,
                extra,
            ));
        }
        i = next;
    }
    if have_blockquote {
        let mut kind = Md::BlockQuote;
        if stack
            .last()
            .is_some_and(|t| t.kind == Md::Spoiler && t.out_pos == out.len())
        {
            stack.pop();
            kind = Md::ExpandableBlockQuote;
        }
        if stack.last().is_some_and(|t| t.kind == Md::BlockQuote) {
            if let Some(top) = stack.pop() {
                if utf16 > top.offset {
                    entities.push(entity(
                        kind.api_type(),
                        top.offset,
                        utf16 - top.offset,
                        None,
                    ));
                }
            }
        }
    }
    if let Some(top) = stack.last() {
        return Err(unclosed(top));
    }
    Ok((out, entities))
}

/// After "```" at `i`: Pre or PreCode (with language) and where the content starts.
fn open_pre(b: &[u8], mut i: usize) -> (Md, String, usize) {
    let mut kind = Md::Pre;
    let mut language = String::new();
    let mut end = i;
    while !is_space(byte_at(b, end)) && byte_at(b, end) != b'`' {
        end += 1;
    }
    if i != end && end < b.len() && byte_at(b, end) != b'`' {
        kind = Md::PreCode;
        language = String::from_utf8_lossy(&b[i..end]).into_owned();
        i = end;
    }
    if matches!(byte_at(b, i), b'\n' | b'\r') {
        let pair = matches!(byte_at(b, i + 1), b'\n' | b'\r') && byte_at(b, i) != byte_at(b, i + 1);
        i += if pair { 2 } else { 1 };
    }
    (kind, language, i)
}

/// Reads a MarkdownV2 link target up to ')' (backslash escapes allowed); returns it and the index after ')'.
fn read_md_url(text: &str, mut i: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut url = String::new();
    let mut ignored = 0usize;
    while i < b.len() && b[i] != b')' {
        if b[i] == b'\\' && byte_at(b, i + 1) > 0 && byte_at(b, i + 1) <= 126 {
            url.push(b[i + 1] as char);
            i += 2;
            continue;
        }
        i = push_char_at(text, i, &mut url, &mut ignored);
    }
    (byte_at(b, i) == b')').then_some((url, i + 1))
}

/// Parses legacy Markdown (* _ ` ``` [text](url)) like tdlib.
fn parse_markdown(text: &str) -> Result<(String, Vec<Value>), String> {
    let b = text.as_bytes();
    let at = |i: usize| byte_at(b, i);
    let mut out = String::new();
    let mut utf16 = 0usize;
    let mut entities = Vec::new();
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && matches!(at(i + 1), b'_' | b'*' | b'`' | b'[') {
            out.push(at(i + 1) as char);
            utf16 += 1;
            i += 2;
            continue;
        }
        if !matches!(c, b'_' | b'*' | b'`' | b'[') {
            i = push_char_at(text, i, &mut out, &mut utf16);
            continue;
        }
        let begin = i;
        let end_char = if c == b'[' { b']' } else { c };
        i += 1;
        let mut is_pre = false;
        let mut language = String::new();
        if c == b'`' && at(i) == b'`' && at(i + 1) == b'`' {
            is_pre = true;
            let (kind, lang, next) = open_pre(b, i + 2);
            if kind == Md::PreCode {
                language = lang;
            }
            i = next;
        }
        let offset = utf16;
        let content_start = out.len();
        while i < b.len()
            && (b[i] != end_char || (is_pre && !(at(i + 1) == b'`' && at(i + 2) == b'`')))
        {
            i = push_char_at(text, i, &mut out, &mut utf16);
        }
        if i >= b.len() {
            return Err(format!(
                "Can't find end of the entity starting at byte offset {begin}"
            ));
        }
        let length = utf16 - offset;
        let mut new = None;
        match c {
            b'_' => new = Some(entity("italic", offset, length, None)),
            b'*' => new = Some(entity("bold", offset, length, None)),
            b'`' if is_pre && !language.is_empty() => {
                new = Some(entity(
                    "pre",
                    offset,
                    length,
                    Some(("language", json!(language))),
                ))
            }
            b'`' if is_pre => new = Some(entity("pre", offset, length, None)),
            b'`' => new = Some(entity("code", offset, length, None)),
            _ => {
                let url = if at(i + 1) == b'(' {
                    let start = i + 2;
                    let mut end = start;
                    while end < b.len() && b[end] != b')' {
                        end += 1;
                    }
                    let url = String::from_utf8_lossy(&b[start..end]).into_owned();
                    i = end;
                    url
                } else {
                    out.get(content_start..).unwrap_or_default().to_string()
                };
                if let Some(u) = normalize_url(&url) {
                    new = Some(entity("text_link", offset, length, Some(("url", json!(u)))));
                }
            }
        }
        if let Some(e) = new.filter(|_| length > 0) {
            entities.push(e);
        }
        i += if is_pre { 3 } else { 1 };
    }
    Ok((out, entities))
}
