//! Sending a rendered reply through the Bot API.
//!
//! - Plain text, no parse mode: whatever a person typed arrives literally.
//! - Texts longer than Telegram's 4096 UTF-16 code units are split at a line
//!   break or space into several messages; nothing is cut off.
//! - "Too many requests" (429) is waited out and the same message resent;
//!   network and server errors are retried a few times with a growing pause.
//!   (The flood limits themselves are kept before each attempt, see `limits`.)
//! - Anything else (blocked by the person, chat gone) is returned to the
//!   caller, who decides whom to tell.

use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InputFile, MessageId, ReactionType,
    ReplyParameters, ThreadId,
};
use teloxide::{ApiError, RequestError};

use super::limits::Priority;
use super::ThrottledBot;
use crate::fsm::Reaction;
use crate::replies::{Button, Rendered};
use crate::telegram::{self, MAX_CAPTION, MAX_TEXT};

/// How many times one message is retried after a network or server error.
const TRANSIENT_RETRIES: u32 = 4;
/// How many 429 answers in a row are waited out for one message.
const RATE_LIMIT_RETRIES: u32 = 60;

/// Why a message could not be delivered, in words for the support team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotDelivered {
    pub reason: String,
    /// The person blocked the bot or their account is gone: retrying is useless.
    pub unreachable: bool,
    /// The group became a supergroup with this id: send there instead.
    pub moved_to: Option<i64>,
}

/// The inline keyboard of a rendered reply: one row of its buttons.
fn keyboard(buttons: &[Button], labels: &[String]) -> Option<InlineKeyboardMarkup> {
    (!buttons.is_empty()).then(|| {
        let row: Vec<InlineKeyboardButton> = buttons
            .iter()
            .zip(labels)
            .map(|(b, label)| InlineKeyboardButton::callback(label.as_str(), b.data()))
            .collect();
        InlineKeyboardMarkup::new([row])
    })
}

/// Where a message goes within its chat: into the forum topic `thread`,
/// as a reply to the message `reply_to` (sent all the same if that
/// message is gone), either, both or neither.
#[derive(Clone, Copy, Debug, Default)]
pub struct Place {
    pub thread: Option<i32>,
    pub reply_to: Option<i32>,
}

/// Sends one reply to one chat, placed as `place` says (a reply: its first
/// part), split into parts if needed. Returns the ids of the messages
/// sent.
pub async fn send(
    bot: &ThrottledBot,
    chat: i64,
    place: Place,
    rendered: &Rendered,
    priority: Priority,
) -> Result<Vec<i32>, NotDelivered> {
    let parts = split(&rendered.text, MAX_TEXT);
    let last = parts.len() - 1;
    let mut ids = Vec::with_capacity(parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        let buttons: &[Button] = if i == last { &rendered.buttons } else { &[] };
        let markup = keyboard(buttons, &rendered.labels);
        let reply_to = place.reply_to.filter(|_| i == 0);
        let sent = with_retries(bot, chat, priority, "sendMessage", || {
            let mut request = bot.api.send_message(ChatId(chat), part);
            if let Some(thread) = place.thread {
                request = request.message_thread_id(ThreadId(MessageId(thread)));
            }
            if let Some(message) = reply_to {
                request = request.reply_parameters(
                    ReplyParameters::new(MessageId(message)).allow_sending_without_reply(),
                );
            }
            if let Some(markup) = &markup {
                request = request.reply_markup(markup.clone());
            }
            if rendered.quiet {
                request = request.disable_notification(true);
            }
            request
        })
        .await?;
        ids.push(sent.id.0);
    }
    Ok(ids)
}

/// Puts the message `message_id` of `chat` (one the bot sent) into the
/// words and buttons of `rendered` (a text within one message). "Not
/// modified" (already so) counts as done.
pub async fn edit(
    bot: &ThrottledBot,
    chat: i64,
    message_id: i32,
    rendered: &Rendered,
) -> Result<(), NotDelivered> {
    let text = split(&rendered.text, MAX_TEXT)[0];
    let markup = keyboard(&rendered.buttons, &rendered.labels)
        .unwrap_or_else(|| InlineKeyboardMarkup::new(Vec::<Vec<InlineKeyboardButton>>::new()));
    let edited = with_retries(bot, chat, Priority::Team, "editMessageText", || {
        bot.api
            .edit_message_text(ChatId(chat), MessageId(message_id), text)
            .reply_markup(markup.clone())
    })
    .await;
    match edited {
        Err(failure) if failure.reason.contains("message is not modified") => Ok(()),
        other => other.map(|_| ()),
    }
}

/// A button under a message that opens an address: a Mini App
/// (`web_app`) or a plain link.
pub struct Link {
    pub label: String,
    pub url: url::Url,
    pub web_app: bool,
}

/// Sends `text` (short: one message) with one button that opens `link`.
pub async fn send_link(
    bot: &ThrottledBot,
    chat: i64,
    thread: Option<i32>,
    text: &str,
    link: &Link,
) -> Result<i32, NotDelivered> {
    let button = if link.web_app {
        InlineKeyboardButton::web_app(
            link.label.as_str(),
            teloxide::types::WebAppInfo {
                url: link.url.clone(),
            },
        )
    } else {
        InlineKeyboardButton::url(link.label.as_str(), link.url.clone())
    };
    let markup = InlineKeyboardMarkup::new([[button]]);
    let sent = with_retries(bot, chat, Priority::Team, "sendMessage", || {
        let mut request = bot
            .api
            .send_message(ChatId(chat), text)
            .reply_markup(markup.clone());
        if let Some(thread) = thread {
            request = request.message_thread_id(ThreadId(MessageId(thread)));
        }
        request
    })
    .await?;
    Ok(sent.id.0)
}

/// Copies a message (photo, document, voice...) from one chat to another
/// with `copyMessage`, which works whatever the sender's privacy settings
/// for forwards. Returns the new message's id.
pub async fn copy(
    bot: &ThrottledBot,
    to: i64,
    thread: Option<i32>,
    from_chat: i64,
    message_id: i32,
    priority: Priority,
) -> Result<i32, NotDelivered> {
    let copied = with_retries(bot, to, priority, "copyMessage", || {
        let request = bot
            .api
            .copy_message(ChatId(to), ChatId(from_chat), MessageId(message_id));
        match thread {
            Some(thread) => request.message_thread_id(ThreadId(MessageId(thread))),
            None => request,
        }
    })
    .await?;
    Ok(copied.0)
}

/// Sends a file made in memory, with a caption (at most 1024 UTF-16
/// units; a longer one is cut, the file is what matters).
pub async fn document(
    bot: &ThrottledBot,
    chat: i64,
    name: &str,
    bytes: Vec<u8>,
    caption: &str,
    priority: Priority,
) -> Result<i32, NotDelivered> {
    let caption = split(caption, MAX_CAPTION)[0].to_string();
    let sent = with_retries(bot, chat, priority, "sendDocument", || {
        let file = InputFile::memory(bytes.clone()).file_name(name.to_string());
        bot.api
            .send_document(ChatId(chat), file)
            .caption(caption.clone())
    })
    .await?;
    Ok(sent.id.0)
}

/// What went wrong with a forum topic, read from Telegram's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicTrouble {
    /// Deleted (by hand) or never there: make a new one.
    Gone,
    /// Closed by hand: open it again.
    Closed,
    /// The bot may not manage topics there (or the group is no forum).
    NoRights,
    /// Anything else.
    Other,
}

impl TopicTrouble {
    pub fn of(failure: &NotDelivered) -> TopicTrouble {
        let reason = failure.reason.to_ascii_lowercase();
        if reason.contains("thread not found")
            || reason.contains("topic_deleted")
            || reason.contains("topic_id_invalid")
        {
            TopicTrouble::Gone
        } else if reason.contains("topic_closed") {
            TopicTrouble::Closed
        } else if reason.contains("not enough rights")
            || reason.contains("chat_admin_required")
            || reason.contains("not a forum")
        {
            TopicTrouble::NoRights
        } else {
            TopicTrouble::Other
        }
    }
}

/// Makes a forum topic; returns its thread id.
pub async fn create_topic(bot: &ThrottledBot, chat: i64, name: &str) -> Result<i32, NotDelivered> {
    let topic = unpaced(bot, chat, "createForumTopic", || {
        bot.api.create_forum_topic(ChatId(chat), name.to_string())
    })
    .await?;
    Ok(topic.thread_id.0 .0)
}

/// What to do with a forum topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicAction {
    Close,
    Reopen,
}

/// Renames, closes or reopens a forum topic. "Not modified" (already so)
/// counts as done.
pub async fn manage_topic(
    bot: &ThrottledBot,
    chat: i64,
    thread: i32,
    rename: Option<&str>,
    action: Option<TopicAction>,
) -> Result<(), NotDelivered> {
    let thread = ThreadId(MessageId(thread));
    let done = |result: Result<(), NotDelivered>| match result {
        Err(failure) if failure.reason.contains("TOPIC_NOT_MODIFIED") => Ok(()),
        other => other,
    };
    if let Some(name) = rename {
        done(
            unpaced(bot, chat, "editForumTopic", || {
                bot.api
                    .edit_forum_topic(ChatId(chat), thread)
                    .name(name.to_string())
            })
            .await
            .map(|_| ()),
        )?;
    }
    match action {
        Some(TopicAction::Close) => done(
            unpaced(bot, chat, "closeForumTopic", || {
                bot.api.close_forum_topic(ChatId(chat), thread)
            })
            .await
            .map(|_| ()),
        ),
        Some(TopicAction::Reopen) => done(
            unpaced(bot, chat, "reopenForumTopic", || {
                bot.api.reopen_forum_topic(ChatId(chat), thread)
            })
            .await
            .map(|_| ()),
        ),
        None => Ok(()),
    }
}

/// Sets a reaction on a person's message (the emoji written without a
/// variation selector, as Telegram requires). Reactions are not messages:
/// they do not wait for the flood limits, but a refusal is retried like any
/// call.
pub async fn react(
    bot: &ThrottledBot,
    chat: i64,
    message_id: i32,
    reaction: Reaction,
) -> Result<(), NotDelivered> {
    let emoji = match reaction {
        Reaction::Seen => "👀",
        Reaction::Noted => "\u{270d}",
    };
    let mut attempts = 0;
    loop {
        let result = bot
            .api
            .set_message_reaction(ChatId(chat), MessageId(message_id))
            .reaction(vec![ReactionType::Emoji {
                emoji: emoji.to_string(),
            }])
            .await;
        bot.metrics.api_call("setMessageReaction", &result);
        match result {
            Ok(_) => return Ok(()),
            Err(RequestError::RetryAfter(wait)) if attempts < RATE_LIMIT_RETRIES => {
                attempts += 1;
                tokio::time::sleep(wait.duration()).await;
            }
            Err(e) if is_transient(&e) && attempts < TRANSIENT_RETRIES => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(250 * 2u64.pow(attempts))).await;
            }
            Err(e) => return Err(describe(&e)),
        }
    }
}

/// Sends a request, waiting out "too many requests" answers and retrying
/// network and server errors a few times with a growing pause. Each
/// attempt is counted in the metrics under `method`.
async fn with_retries<R, T>(
    bot: &ThrottledBot,
    chat: i64,
    priority: Priority,
    method: &'static str,
    request: impl Fn() -> R,
) -> Result<T, NotDelivered>
where
    R: std::future::IntoFuture<Output = Result<T, RequestError>>,
{
    retried(bot, chat, Some(priority), method, request).await
}

/// [`with_retries`] for calls that are not messages (managing a forum
/// topic): they do not wait for the flood limits, a 429 is waited out all
/// the same.
async fn unpaced<R, T>(
    bot: &ThrottledBot,
    chat: i64,
    method: &'static str,
    request: impl Fn() -> R,
) -> Result<T, NotDelivered>
where
    R: std::future::IntoFuture<Output = Result<T, RequestError>>,
{
    retried(bot, chat, None, method, request).await
}

async fn retried<R, T>(
    bot: &ThrottledBot,
    chat: i64,
    priority: Option<Priority>,
    method: &'static str,
    request: impl Fn() -> R,
) -> Result<T, NotDelivered>
where
    R: std::future::IntoFuture<Output = Result<T, RequestError>>,
{
    let mut transient_failures = 0;
    let mut rate_limited = 0;
    loop {
        if let Some(priority) = priority {
            bot.limiter.wait_turn(chat, priority).await;
        }
        let result = request().into_future().await;
        bot.metrics.api_call(method, &result);
        let error = match result {
            Ok(value) => return Ok(value),
            Err(e) => e,
        };
        match &error {
            RequestError::RetryAfter(wait) if rate_limited < RATE_LIMIT_RETRIES => {
                rate_limited += 1;
                tracing::info!(
                    chat,
                    wait_s = wait.seconds(),
                    "Telegram asked to slow down; waiting"
                );
                tokio::time::sleep(wait.duration()).await;
            }
            e if is_transient(e) && transient_failures < TRANSIENT_RETRIES => {
                transient_failures += 1;
                tracing::warn!(
                    chat,
                    attempt = transient_failures,
                    kind = kind(e),
                    "sending failed; retrying"
                );
                tokio::time::sleep(Duration::from_millis(250 * 2u64.pow(transient_failures))).await;
            }
            _ => return Err(describe(&error)),
        }
    }
}

/// Network trouble and server errors (5xx) may pass; a refusal will not.
fn is_transient(error: &RequestError) -> bool {
    use crate::metrics::ApiErrorKind;
    matches!(
        ApiErrorKind::of(error),
        ApiErrorKind::Network | ApiErrorKind::Server
    )
}

/// Why a send failed, for the support team: a message key of the
/// `reason-*` group in `locales/<language>/bot.ftl`, and after `": "` the
/// words Telegram used, where they matter (see `Reply::NotDelivered`).
pub fn describe(error: &RequestError) -> NotDelivered {
    let failed = |reason: String| NotDelivered {
        reason,
        unreachable: false,
        moved_to: None,
    };
    let unreachable = |reason: String| NotDelivered {
        unreachable: true,
        ..failed(reason)
    };
    match error {
        RequestError::Api(ApiError::BotBlocked) => unreachable("reason-blocked".into()),
        RequestError::Api(ApiError::UserDeactivated) => unreachable("reason-deleted".into()),
        RequestError::Api(ApiError::ChatNotFound | ApiError::CantInitiateConversation) => {
            unreachable("reason-chat-unknown".into())
        }
        // Newer "Forbidden: ..." answers arrive as unknown errors.
        RequestError::Api(ApiError::Unknown(text)) if text.starts_with("Forbidden") => {
            unreachable(format!("reason-refused: {text}"))
        }
        RequestError::MigrateToChatId(to) => NotDelivered {
            moved_to: Some(to.0),
            ..failed("reason-group-moved".into())
        },
        RequestError::Api(api) => failed(format!("reason-refused: {api}")),
        RequestError::RetryAfter(_) => failed("reason-slow-down".into()),
        RequestError::Network(_) | RequestError::Io(_) => failed("reason-unreachable".into()),
        other => failed(format!("reason-other: {}", kind(other))),
    }
}

fn kind(error: &RequestError) -> &'static str {
    match error {
        RequestError::Api(_) => "api",
        RequestError::MigrateToChatId(_) => "the group moved",
        RequestError::RetryAfter(_) => "rate limit",
        RequestError::Network(_) => "network",
        RequestError::InvalidJson { .. } => "unexpected answer",
        RequestError::Io(_) => "i/o",
    }
}

/// Splits `text` into parts of at most `max` UTF-16 code units, preferring to
/// cut after a line break, then after a space, and never inside a character.
/// Joining the parts gives back the text exactly.
pub fn split(text: &str, max: usize) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while telegram::len(rest) > max {
        // The longest prefix within the limit, on a char boundary.
        let mut units = 0;
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            if units + c.len_utf16() > max {
                break;
            }
            units += c.len_utf16();
            end = i + c.len_utf8();
        }
        let window = &rest[..end];
        let cut = window
            .rfind('\n')
            .or_else(|| window.rfind(' '))
            .map(|i| i + 1)
            .filter(|&i| i > 0)
            .unwrap_or(end);
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    parts.push(rest);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_one_part() {
        assert_eq!(split("hello", 4096), vec!["hello"]);
        let exact = "a".repeat(4096);
        assert_eq!(split(&exact, 4096).len(), 1);
    }

    #[test]
    fn long_texts_split_at_line_breaks_then_spaces_and_lose_nothing() {
        let text = format!("{}\n{}", "a".repeat(3000), "b ".repeat(1500));
        let parts = split(&text, 4096);
        assert!(parts.len() >= 2);
        assert!(parts[0].ends_with('\n'), "cut after the line break");
        assert!(parts.iter().all(|p| telegram::len(p) <= 4096));
        assert_eq!(parts.concat(), text);
    }

    #[test]
    fn emoji_count_as_two_units_and_are_never_cut_in_half() {
        let text = "😀".repeat(5000);
        let parts = split(&text, 4096);
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| telegram::len(p) <= 4096));
        assert_eq!(parts.concat(), text);
    }

    #[test]
    fn a_text_without_spaces_is_cut_at_the_limit() {
        let text = "x".repeat(9000);
        let parts = split(&text, 4096);
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [4096, 4096, 808]
        );
    }

    #[test]
    fn blocked_and_forbidden_answers_mean_the_person_is_gone() {
        let blocked = describe(&RequestError::Api(ApiError::BotBlocked));
        assert!(blocked.unreachable && blocked.reason == "reason-blocked");
        let forbidden = RequestError::Api(ApiError::Unknown("Forbidden: bot was kicked".into()));
        assert!(describe(&forbidden).unreachable);
        let other = RequestError::Api(ApiError::Unknown("Bad Request: odd".into()));
        assert!(!describe(&other).unreachable);
        let moved = describe(&RequestError::MigrateToChatId(ChatId(-1001)));
        assert_eq!(moved.moved_to, Some(-1001));
    }
}
