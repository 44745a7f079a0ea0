//! Who is in a group (getChatMember) and the menu button of a private chat
//! (setChatMenuButton / getChatMenuButton), as Telegram answers them.
//!
//! A group's members are the ones the test adds with
//! [`crate::FakeTelegram::add_member`]; a person the bot knows (a private
//! chat) who was never added reads as `left`, as in Telegram; a user id
//! the fake knows nothing of is "Bad Request: user not found". The bot
//! itself is an administrator of its groups (with `can_manage_topics` in a
//! forum as [`crate::FakeTelegram::set_topic_rights`] leaves it), unless the
//! test made it a plain member ([`crate::FakeTelegram::set_bot_admin`]) or
//! it was kicked ([`crate::FakeTelegram::block`] on the group).

use std::collections::{HashMap, HashSet};

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
    /// Groups where the bot is a plain member, not an administrator.
    pub bot_not_admin: HashSet<i64>,
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
        return Ok(bot_member(sh, st, chat));
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

/// The bot's own ChatMember in `chat`: kicked from a group it was blocked
/// in, a plain member where the test said so, else an administrator (in a
/// forum with `can_manage_topics` as set; a basic group has no topics, so
/// no such right).
fn bot_member(sh: &Shared, st: &State, chat: i64) -> Value {
    let record = &st.store.chats[&chat];
    let status = match record.kind {
        ChatKind::Private { .. } => MemberStatus::Member,
        _ if record.blocked => MemberStatus::Kicked,
        _ if st.members.bot_not_admin.contains(&chat) => MemberStatus::Member,
        _ => MemberStatus::Administrator,
    };
    let mut member = member_json(sh.bot_user(), status);
    if status == MemberStatus::Administrator {
        match record.kind {
            ChatKind::Forum { .. } => {
                member["can_manage_topics"] = json!(record.forum.can_manage_topics);
            }
            _ => {
                if let Some(m) = member.as_object_mut() {
                    m.remove("can_manage_topics");
                }
            }
        }
    }
    member
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

impl crate::FakeTelegram {
    /// Makes the bot an administrator of group `chat` (`true`, as it is
    /// until told otherwise) or a plain member (`false`). A plain member
    /// has no administrator rights: in a forum it may then neither make
    /// nor manage topics (as [`crate::FakeTelegram::set_topic_rights`]
    /// with `false`); made an administrator again, it has them back.
    pub fn set_bot_admin(&self, chat: i64, admin: bool) {
        self.with_state(|_, st| {
            let record = st
                .store
                .chats
                .get_mut(&chat)
                .filter(|c| !matches!(c.kind, ChatKind::Private { .. }))
                .unwrap_or_else(|| panic!("FakeTelegram::set_bot_admin: {chat} is not a group"));
            if matches!(record.kind, ChatKind::Forum { .. }) {
                record.forum.can_manage_topics = admin;
            }
            if admin {
                st.members.bot_not_admin.remove(&chat);
            } else {
                st.members.bot_not_admin.insert(chat);
            }
        });
    }

    /// Queues the `my_chat_member` update Telegram sends when `by` adds the
    /// bot to group `chat` (added with [`crate::FakeTelegram::add_group_chat`]
    /// or [`crate::FakeTelegram::add_forum_chat`]): the bot's status goes
    /// from `left` to `member`, or to `administrator` with `admin` (and the
    /// bot is then one, see [`crate::FakeTelegram::set_bot_admin`]).
    /// Returns its update_id.
    pub fn push_bot_added(&self, chat: i64, by: i64, admin: bool) -> i64 {
        self.set_bot_admin(chat, admin);
        self.with_state(|sh, st| {
            let record = &st.store.chats[&chat];
            let new_member = bot_member(sh, st, chat);
            let update = json!({"my_chat_member": {
                "chat": crate::sent::chat_json(chat, record),
                "from": st.store.user_json(by),
                "date": crate::sent::now_unix(),
                "old_chat_member": {"user": sh.bot_user(), "status": "left"},
                "new_chat_member": new_member,
            }});
            st.updates.enqueue(update)
        })
    }
}
