//! The platform's rules: who the bot may write to, text and caption lengths
//! in UTF-16 code units, the plain-text-only policy, inline keyboards, bot
//! commands and flood limits.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::params::Params;
use crate::sent::{ChatKind, ChatRecord, Store};
use crate::server::{bad, ApiErr};

/// Telegram's limit for message text, in UTF-16 code units.
const MAX_TEXT_UTF16: usize = 4096;
/// Telegram's limit for media captions, in UTF-16 code units.
const MAX_CAPTION_UTF16: usize = 1024;
/// Telegram's limit for `answerCallbackQuery` text, in characters.
pub(crate) const MAX_CALLBACK_ANSWER_CHARS: usize = 200;
/// Telegram's limit for inline button callback data, in bytes.
const MAX_CALLBACK_DATA_BYTES: usize = 64;
/// Telegram's limit on messages into one group chat per minute.
const GROUP_MESSAGES_PER_MINUTE: u32 = 20;

/// The bot sends plain text only, so formatting parameters are refused
/// instead of being parsed.
pub(crate) fn refuse_formatting(p: &Params) -> Result<(), ApiErr> {
    let set = |key: &str| p.raw(key).is_some_and(|v| v.as_str() != Some(""));
    if ["parse_mode", "entities", "caption_entities"]
        .into_iter()
        .any(set)
    {
        return Err(bad(
            "parse_mode and entities are refused: the bot sends plain text",
        ));
    }
    Ok(())
}

/// A message text as Telegram keeps it: trimmed, non-empty, at most 4096
/// UTF-16 code units; `too_long` is the error description's tail when longer.
pub(crate) fn message_text(raw: &str, too_long: &str) -> Result<String, ApiErr> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(bad("message text is empty"));
    }
    if utf16_len(text) > MAX_TEXT_UTF16 {
        return Err(bad(too_long));
    }
    Ok(text.to_string())
}

/// A caption as Telegram keeps it: trimmed, at most 1024 UTF-16 code units.
pub(crate) fn caption(raw: &str) -> Result<String, ApiErr> {
    let caption = raw.trim();
    if utf16_len(caption) > MAX_CAPTION_UTF16 {
        return Err(bad("message caption is too long"));
    }
    Ok(caption.to_string())
}

pub(crate) fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A known chat id from `key`, else 400 "chat not found" (or "<key> is empty").
pub(crate) fn known_chat(store: &Store, p: &Params, key: &str) -> Result<i64, ApiErr> {
    let raw = p.raw(key).ok_or_else(|| bad(&format!("{key} is empty")))?;
    if raw.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Err(bad(&format!("{key} is empty")));
    }
    let id = p
        .int(key)
        .ok()
        .flatten()
        .ok_or_else(|| bad("chat not found"))?;
    if store.chats.contains_key(&id) {
        Ok(id)
    } else {
        Err(bad("chat not found"))
    }
}

/// `chat_id` of a chat the bot may write to now (exists, not migrated, not
/// blocked / kicked).
pub(crate) fn writable_chat(store: &Store, p: &Params) -> Result<i64, ApiErr> {
    let id = known_chat(store, p, "chat_id")?;
    match store.chats.get(&id) {
        Some(ChatRecord {
            migrated_to: Some(to),
            ..
        }) => Err(ApiErr {
            migrate_to: Some(*to),
            ..bad("group chat was upgraded to a supergroup chat")
        }),
        Some(c) if c.blocked => Err(match c.kind {
            ChatKind::Private { .. } => ApiErr::new(403, "Forbidden: bot was blocked by the user"),
            ChatKind::Group { .. } => {
                ApiErr::new(403, "Forbidden: bot was kicked from the group chat")
            }
            ChatKind::Forum { .. } => {
                ApiErr::new(403, "Forbidden: bot was kicked from the supergroup chat")
            }
        }),
        _ => Ok(id),
    }
}

/// The `reply_markup` param, validated like Telegram does.
pub(crate) fn reply_markup_param(p: &Params) -> Result<Option<Value>, ApiErr> {
    let malformed = || bad("can't parse reply keyboard markup JSON object");
    let Some(markup) = p.json("reply_markup").map_err(|_| malformed())? else {
        return Ok(None);
    };
    if !markup.is_object() {
        return Err(malformed());
    }
    if let Some(rows) = markup.get("inline_keyboard") {
        for row in rows.as_array().ok_or_else(malformed)? {
            for button in row.as_array().ok_or_else(malformed)? {
                validate_inline_button(button)?;
            }
        }
    }
    Ok(Some(markup))
}

/// Only inline keyboards are echoed back in the Message object.
pub(crate) fn inline_markup(markup: Option<&Value>) -> Option<Value> {
    markup
        .filter(|m| m.get("inline_keyboard").is_some())
        .cloned()
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
        if data.len() > MAX_CALLBACK_DATA_BYTES {
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
    // An empty callback_data counts as no action, so data must be 1..=64 bytes.
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

/// A bot command: 1-32 chars of a-z, 0-9, _ and a 1-256 char description,
/// else BOT_COMMAND_INVALID.
pub(crate) fn validate_command(command: &Value) -> Result<(String, String), ApiErr> {
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

// ---------------------------------------------------------------------------
// Flood limits
// ---------------------------------------------------------------------------

/// Which sends a flood limit counts.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Scope {
    /// All sends together.
    Overall,
    /// Sends into one chat, for every chat.
    EachChat,
    /// Sends into one group chat (negative id), for every group chat.
    EachGroup,
}

/// At most `max` accepted sends in any sliding `window`, per `scope`.
#[derive(Clone, Copy, Debug)]
struct Limit {
    scope: Scope,
    max: u32,
    window: Duration,
}

/// Sliding-window limits on accepted sends; past one, 429 with `retry_after`.
#[derive(Default)]
pub(crate) struct FloodLimits {
    limits: Vec<Limit>,
    /// When each accepted send happened: all of them, and per chat.
    overall: VecDeque<Instant>,
    per_chat: HashMap<i64, VecDeque<Instant>>,
}

impl FloodLimits {
    /// Limits given by the test: per chat and/or overall.
    pub fn custom(per_chat: Option<(u32, Duration)>, global: Option<(u32, Duration)>) -> Self {
        let per_chat = per_chat.map(|(max, window)| Limit {
            scope: Scope::EachChat,
            max,
            window,
        });
        let overall = global.map(|(max, window)| Limit {
            scope: Scope::Overall,
            max,
            window,
        });
        Self::with(per_chat.into_iter().chain(overall).collect())
    }

    /// Telegram's own limits: `overall_per_second` overall (0: none), one per
    /// second per chat, twenty per minute per group chat.
    pub fn telegram(overall_per_second: u32) -> Self {
        let second = Duration::from_secs(1);
        let overall = (overall_per_second > 0).then_some(Limit {
            scope: Scope::Overall,
            max: overall_per_second,
            window: second,
        });
        let limits = [
            Limit {
                scope: Scope::EachChat,
                max: 1,
                window: second,
            },
            Limit {
                scope: Scope::EachGroup,
                max: GROUP_MESSAGES_PER_MINUTE,
                window: Duration::from_secs(60),
            },
        ];
        Self::with(overall.into_iter().chain(limits).collect())
    }

    fn with(limits: Vec<Limit>) -> Self {
        FloodLimits {
            limits,
            ..FloodLimits::default()
        }
    }

    /// 429 if one more send to `chat` at `now` would exceed a limit; the
    /// `retry_after` is the longest wait among the limits exceeded.
    pub fn check(&mut self, chat: i64, now: Instant) -> Result<(), ApiErr> {
        self.forget_before(chat, now);
        let empty = VecDeque::new();
        let wait = self
            .limits
            .iter()
            .filter_map(|limit| {
                let hits = match limit.scope {
                    Scope::Overall => &self.overall,
                    Scope::EachGroup if chat >= 0 => return None,
                    Scope::EachChat | Scope::EachGroup => {
                        self.per_chat.get(&chat).unwrap_or(&empty)
                    }
                };
                window_wait(hits, limit.max, limit.window, now)
            })
            .max();
        match wait {
            None => Ok(()),
            Some(secs) => Err(ApiErr::too_many_requests(secs)),
        }
    }

    /// Counts an accepted send to `chat` at `now`.
    pub fn record(&mut self, chat: i64, now: Instant) {
        if self.limits.is_empty() {
            return;
        }
        self.overall.push_back(now);
        self.per_chat.entry(chat).or_default().push_back(now);
    }

    /// Drops sends older than the longest window, which no limit counts.
    fn forget_before(&mut self, chat: i64, now: Instant) {
        let longest = self.limits.iter().map(|l| l.window).max();
        let Some(longest) = longest else { return };
        let old = |t: &Instant| now.saturating_duration_since(*t) >= longest;
        for hits in [Some(&mut self.overall), self.per_chat.get_mut(&chat)]
            .into_iter()
            .flatten()
        {
            while hits.front().is_some_and(old) {
                hits.pop_front();
            }
        }
    }
}

/// Whole seconds (>= 1) until one more send fits `max` per `window`, or
/// `None` if it fits now. `hits` are in time order.
fn window_wait(hits: &VecDeque<Instant>, max: u32, window: Duration, now: Instant) -> Option<u64> {
    let recent: Vec<Instant> = hits
        .iter()
        .copied()
        .filter(|t| now.saturating_duration_since(*t) < window)
        .collect();
    let max = max as usize;
    if recent.len() < max {
        return None;
    }
    let free_at = recent
        .get(recent.len() - max)
        .map_or(now + window, |t| *t + window);
    let millis = free_at.saturating_duration_since(now).as_millis() as u64;
    Some(millis.div_ceil(1000).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN: i64 = 1;
    const BEN: i64 = 2;
    const GROUP: i64 = -100;
    const SUPERGROUP: i64 = -1_001_234;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    fn retry_after(result: Result<(), ApiErr>) -> Option<u64> {
        result.err().map(|e| {
            assert_eq!(e.code, 429);
            assert_eq!(
                e.description,
                format!("Too Many Requests: retry after {}", e.retry_after.unwrap())
            );
            e.retry_after.unwrap()
        })
    }

    #[test]
    fn one_per_second_per_chat_with_a_sliding_window() {
        let mut limits = FloodLimits::telegram(30);
        let start = Instant::now();
        limits.check(ANN, start).unwrap();
        limits.record(ANN, start);
        assert_eq!(retry_after(limits.check(ANN, start + secs(0.2))), Some(1));
        limits.check(BEN, start + secs(0.2)).unwrap();
        limits.check(ANN, start + secs(1.0)).unwrap();
    }

    #[test]
    fn the_overall_limit_counts_every_chat() {
        let mut limits = FloodLimits::telegram(3);
        let start = Instant::now();
        for chat in 1..=3 {
            limits.check(chat, start).unwrap();
            limits.record(chat, start);
        }
        assert_eq!(retry_after(limits.check(4, start + secs(0.5))), Some(1));
        limits.check(4, start + secs(1.0)).unwrap();
        // 0 means no overall limit.
        let mut unlimited = FloodLimits::telegram(0);
        for chat in 1..=100 {
            unlimited.check(chat, start).unwrap();
            unlimited.record(chat, start);
        }
    }

    #[test]
    fn twenty_per_minute_into_any_group_chat() {
        for group in [GROUP, SUPERGROUP] {
            let mut limits = FloodLimits::telegram(30);
            let start = Instant::now();
            for n in 0..20 {
                let at = start + secs(1.5 * f64::from(n));
                limits.check(group, at).unwrap();
                limits.record(group, at);
            }
            // The first of the twenty leaves the window 60 s after it was sent.
            assert_eq!(
                retry_after(limits.check(group, start + secs(31.0))),
                Some(29)
            );
            limits.check(group, start + secs(60.0)).unwrap();
        }
        // Private chats have no per-minute limit.
        let mut limits = FloodLimits::telegram(30);
        let start = Instant::now();
        for n in 0..40 {
            let at = start + secs(f64::from(n));
            limits.check(ANN, at).unwrap();
            limits.record(ANN, at);
        }
    }

    #[test]
    fn custom_limits_and_none() {
        let start = Instant::now();
        let mut limits = FloodLimits::custom(None, Some((2, secs(10.0))));
        for chat in [ANN, BEN] {
            limits.check(chat, start).unwrap();
            limits.record(chat, start);
        }
        assert_eq!(retry_after(limits.check(GROUP, start)), Some(10));
        let mut none = FloodLimits::custom(None, None);
        for _ in 0..10 {
            none.check(ANN, start).unwrap();
            none.record(ANN, start);
        }
        assert!(
            none.overall.is_empty(),
            "nothing is remembered without limits"
        );
    }
}
