//! Who is in a group (getChatMember) and the menu button of a private chat
//! (setChatMenuButton / getChatMenuButton), as Telegram answers them.
//!
//! A group's members are the ones the test adds with
//! [`crate::FakeTelegram::add_member`]; a person the bot knows (a private
//! chat) who was never added reads as `left`, as in Telegram; a user id
//! the fake knows nothing of is "Bad Request: user not found". The bot
//! itself is an administrator of its groups.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::params::Params;
use crate::rules::known_chat;
use crate::sent::ChatKind;
use crate::server::{bad, ApiResult};
use crate::state::{Shared, State};

/// A member's standing in a group, as `ChatMember.status` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberStatus {
    Creator,
    Administrator,
    Member,
    Restricted,
    Left,
    Kicked,
}

impl MemberStatus {
    fn name(self) -> &'static str {
        match self {
            MemberStatus::Creator => "creator",
            MemberStatus::Administrator => "administrator",
            MemberStatus::Member => "member",
            MemberStatus::Restricted => "restricted",
            MemberStatus::Left => "left",
            MemberStatus::Kicked => "kicked",
        }
    }
}

/// Group memberships and menu buttons.
#[derive(Default)]
pub(crate) struct Members {
    /// (group, user) -> status.
    pub statuses: HashMap<(i64, i64), MemberStatus>,
    /// Private chat -> its menu button; `None` key: the bot's default.
    pub menu_buttons: HashMap<Option<i64>, Value>,
}

/// The ChatMember object for `user` with `status`, with the fields
/// Telegram sends for that status.
fn member_json(user: Value, status: MemberStatus) -> Value {
    let mut m = json!({"status": status.name(), "user": user});
    match status {
        MemberStatus::Creator => {
            m["is_anonymous"] = json!(false);
        }
        MemberStatus::Administrator => {
            for right in [
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
                "can_pin_messages",
                "can_manage_topics",
            ] {
                m[right] = json!(true);
            }
            m["can_be_edited"] = json!(false);
            m["is_anonymous"] = json!(false);
            m["can_promote_members"] = json!(false);
        }
        MemberStatus::Restricted => {
            m["is_member"] = json!(true);
            m["until_date"] = json!(0);
            for right in [
                "can_send_messages",
                "can_send_audios",
                "can_send_documents",
                "can_send_photos",
                "can_send_videos",
                "can_send_video_notes",
                "can_send_voice_notes",
                "can_send_polls",
                "can_send_other_messages",
                "can_add_web_page_previews",
                "can_change_info",
                "can_invite_users",
                "can_pin_messages",
                "can_manage_topics",
            ] {
                m[right] = json!(false);
            }
        }
        MemberStatus::Kicked => {
            m["until_date"] = json!(0);
        }
        MemberStatus::Member | MemberStatus::Left => {}
    }
    m
}

/// getChatMember: a group's member by user id.
pub(crate) fn get_chat_member(sh: &Shared, st: &State, p: &Params) -> ApiResult {
    let chat = known_chat(&st.store, p, "chat_id")?;
    let user = p
        .int("user_id")
        .ok()
        .flatten()
        .ok_or_else(|| bad("invalid user_id specified"))?;
    if user == sh.bot_id {
        let status = match st.store.chats[&chat].kind {
            ChatKind::Private { .. } => MemberStatus::Member,
            _ => MemberStatus::Administrator,
        };
        return Ok(member_json(sh.bot_user(), status));
    }
    if let ChatKind::Private { .. } = st.store.chats[&chat].kind {
        // In a private chat the only members are the person and the bot.
        return if user == chat {
            Ok(member_json(st.store.user_json(user), MemberStatus::Member))
        } else {
            Err(bad("user not found"))
        };
    }
    match st.members.statuses.get(&(chat, user)) {
        Some(status) => Ok(member_json(st.store.user_json(user), *status)),
        None if matches!(
            st.store.chats.get(&user).map(|c| &c.kind),
            Some(ChatKind::Private { .. })
        ) =>
        {
            Ok(member_json(st.store.user_json(user), MemberStatus::Left))
        }
        None => Err(bad("user not found")),
    }
}

/// Checks a MenuButton object as Telegram does: `commands`, `default`, or
/// `web_app` with a text and an https URL.
fn check_menu_button(button: &Value) -> Result<(), crate::server::ApiErr> {
    let malformed = || bad("can't parse menu button JSON object");
    match button["type"].as_str().ok_or_else(malformed)? {
        "commands" | "default" => Ok(()),
        "web_app" => {
            let text = button["text"].as_str().unwrap_or_default();
            if text.trim().is_empty() {
                return Err(bad("BUTTON_TEXT_INVALID"));
            }
            let url = button["web_app"]["url"].as_str().ok_or_else(malformed)?;
            check_web_app_url(url, "menu button")
        }
        _ => Err(malformed()),
    }
}

/// A Web App's URL must be https, as Telegram requires.
pub(crate) fn check_web_app_url(url: &str, what: &str) -> Result<(), crate::server::ApiErr> {
    if url.starts_with("https://") && url.len() > "https://".len() {
        Ok(())
    } else {
        Err(bad(&format!(
            "{what} Web App URL '{url}' is invalid: Only HTTPS links are allowed"
        )))
    }
}

/// setChatMenuButton: a private chat's menu button (or, without
/// `chat_id`, the default for every private chat).
pub(crate) fn set_chat_menu_button(st: &mut State, p: &Params) -> ApiResult {
    let chat = match p.raw("chat_id") {
        None => None,
        Some(_) => {
            let id = known_chat(&st.store, p, "chat_id")?;
            if !matches!(st.store.chats[&id].kind, ChatKind::Private { .. }) {
                return Err(bad("chat not found"));
            }
            Some(id)
        }
    };
    let button = p
        .json("menu_button")
        .map_err(|_| bad("can't parse menu button JSON object"))?
        .unwrap_or_else(|| json!({"type": "default"}));
    check_menu_button(&button)?;
    st.members.menu_buttons.insert(chat, button);
    Ok(json!(true))
}

/// getChatMenuButton: what setChatMenuButton set, else the default's.
pub(crate) fn get_chat_menu_button(st: &State, p: &Params) -> ApiResult {
    let chat = match p.raw("chat_id") {
        None => None,
        Some(_) => Some(known_chat(&st.store, p, "chat_id")?),
    };
    Ok(st
        .members
        .menu_buttons
        .get(&chat)
        .or_else(|| st.members.menu_buttons.get(&None))
        .filter(|b| b["type"] != "default")
        .cloned()
        .unwrap_or_else(|| json!({"type": "commands"})))
}

/// Web App buttons in an inline keyboard: only in private chats
/// (elsewhere `BUTTON_TYPE_INVALID`), and only to https addresses.
pub(crate) fn check_inline_web_apps(
    st: &State,
    chat: i64,
    markup: Option<&Value>,
) -> Result<(), crate::server::ApiErr> {
    let Some(rows) = markup.and_then(|m| m["inline_keyboard"].as_array()) else {
        return Ok(());
    };
    let private = matches!(
        st.store.chats.get(&chat).map(|c| &c.kind),
        Some(ChatKind::Private { .. })
    );
    for button in rows.iter().filter_map(Value::as_array).flatten() {
        let Some(web_app) = button.get("web_app").filter(|w| !w.is_null()) else {
            continue;
        };
        if !private {
            return Err(bad("BUTTON_TYPE_INVALID"));
        }
        let url = web_app["url"].as_str().unwrap_or_default();
        check_web_app_url(url, "inline keyboard button")?;
    }
    Ok(())
}
