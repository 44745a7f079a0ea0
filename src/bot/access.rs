//! Whether the bot can do its work in each of the support team's chats:
//! write to every admin chat (a person must have pressed Start; the bot
//! must be in a group and may send there), and in the team's group
//! (`TEAM_CHAT_ID`) also see the team's messages and make topics (a forum,
//! the bot an admin with "Manage topics"). Asked of the Bot API (`getChat`,
//! `getChatMember` of the bot) at every start in the background
//! ([`spawn_check`]), by `check-config` and by `setup`; each problem is
//! named with what to do about it ([`Problem::advice`]).

use std::sync::Arc;
use std::time::Duration;

use teloxide::prelude::*;
use teloxide::types::{ChatFullInfoKind, ChatFullInfoPublicKind, ChatMemberKind, UserId};
use teloxide::{ApiError, RequestError};

use crate::health::Health;
use crate::metrics::Metrics;
use crate::telemetry::mask;

/// What a chat is to the team: where notices go (`ADMIN_CHAT_ID`), or the
/// team's forum group (`TEAM_CHAT_ID`), which needs more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Admin,
    Team,
}

impl Purpose {
    /// The setting that names such a chat.
    pub fn setting(self) -> &'static str {
        match self {
            Purpose::Admin => "ADMIN_CHAT_ID",
            Purpose::Team => "TEAM_CHAT_ID",
        }
    }
}

/// What keeps the bot from its work in one chat, the most fundamental
/// first (a chat's first problem is the one `/readyz` names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A private chat Telegram does not know for this bot: the person never
    /// opened the bot and pressed Start, so the bot may not write to them.
    NeverStarted,
    /// A group the bot is not in (never added, removed or banned).
    NotInGroup,
    /// The group became a supergroup with this new id.
    Moved(i64),
    /// The bot is in the group but may not send messages there.
    CannotSend,
    /// The team's group has no topics.
    NotAForum,
    /// The bot is a plain member of the team's group: it does not see the
    /// team's answers there and may not make topics.
    NotAdmin,
    /// The bot is an admin of the team's group without "Manage topics".
    NoTopicRights,
}

impl Problem {
    /// The problem's name on `/readyz`.
    pub fn code(self) -> &'static str {
        match self {
            Problem::NeverStarted => "never_started",
            Problem::NotInGroup => "bot_not_in_group",
            Problem::Moved(_) => "group_moved",
            Problem::CannotSend => "cannot_send",
            Problem::NotAForum => "not_a_forum",
            Problem::NotAdmin => "bot_not_admin",
            Problem::NoTopicRights => "no_topic_rights",
        }
    }

    /// What is wrong with `chat` and how to fix it, as a sentence for an
    /// operator. `bot` is the bot's username.
    pub fn advice(self, chat: i64, purpose: Purpose, bot: &str) -> String {
        let setting = purpose.setting();
        match self {
            Problem::NeverStarted => format!(
                "{setting} {chat}: this person never opened the bot, and Telegram lets a bot write only to people who did. They open t.me/{bot} in Telegram and press Start (or remove {chat} from {setting})."
            ),
            Problem::NotInGroup => format!(
                "{setting} {chat}: the bot is not in this group. Add @{bot} to the group (Add members), or remove {chat} from {setting}."
            ),
            Problem::Moved(to) => format!(
                "{setting} {chat}: Telegram made this group a supergroup with the new id {to}. Set {setting} to {to}."
            ),
            Problem::CannotSend => format!(
                "{setting} {chat}: the bot may not send messages in this group. Allow it in the group's settings (Permissions, or the bot's rights under Administrators)."
            ),
            Problem::NotAForum => format!(
                "{setting} {chat}: the group has no topics, so tickets cannot get one each. Turn on Topics in the group's settings (Edit); Telegram may then give the group a new id: send /setup@{bot} in the group to see it."
            ),
            Problem::NotAdmin => format!(
                "{setting} {chat}: the bot is not an admin of the group, so it does not see the team's answers there and cannot make topics. Make @{bot} an admin (Edit, Administrators, Add Admin) with Manage topics allowed."
            ),
            Problem::NoTopicRights => format!(
                "{setting} {chat}: the bot may not manage topics in the group, so notices go to the group without a topic per ticket. Allow Manage topics in the bot's admin rights (Edit, Administrators, @{bot})."
            ),
        }
    }
}

/// What the Bot API said of one chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A group's title (`None` for a private chat or one not reached).
    pub title: Option<String>,
    /// Whether the chat is a forum (a group with topics).
    pub forum: bool,
    /// What is wrong, the most fundamental first; empty when all is well.
    pub problems: Vec<Problem>,
}

/// Asks the Bot API whether the bot (user `me`) can do its work in `chat`,
/// each call counted in `metrics` if given (the running bot's).
/// `Err`: Telegram could not tell (network, server trouble, flood wait);
/// the chat is then not checked.
pub async fn check(
    bot: &Bot,
    me: UserId,
    chat: i64,
    purpose: Purpose,
    metrics: Option<&Metrics>,
) -> Result<Finding, RequestError> {
    fn count<T>(metrics: Option<&Metrics>, method: &'static str, answer: &Result<T, RequestError>) {
        if let Some(metrics) = metrics {
            metrics.api_call(method, answer);
        }
    }
    let absent = |problem| Finding {
        title: None,
        forum: false,
        problems: vec![problem],
    };
    let not_reached = if chat > 0 {
        Problem::NeverStarted
    } else {
        Problem::NotInGroup
    };
    let info = bot.get_chat(ChatId(chat)).await;
    count(metrics, "getChat", &info);
    let info = match info {
        Ok(info) => info,
        Err(RequestError::MigrateToChatId(to)) => return Ok(absent(Problem::Moved(to.0))),
        Err(e) if refused(&e) => return Ok(absent(not_reached)),
        Err(e) => return Err(e),
    };
    if info.is_private() {
        return Ok(Finding {
            title: None,
            forum: false,
            problems: Vec::new(),
        });
    }
    let forum = matches!(
        &info.kind,
        ChatFullInfoKind::Public(public)
            if matches!(&public.kind, ChatFullInfoPublicKind::Supergroup(s) if s.is_forum)
    );
    let title = info.title().map(str::to_string);
    let member = bot.get_chat_member(ChatId(chat), me).await;
    count(metrics, "getChatMember", &member);
    let member = match member {
        Ok(member) => member,
        Err(e) if refused(&e) => {
            return Ok(Finding {
                title,
                forum,
                problems: vec![Problem::NotInGroup],
            })
        }
        Err(e) => return Err(e),
    };
    let mut problems = Vec::new();
    let team = purpose == Purpose::Team;
    match &member.kind {
        ChatMemberKind::Left | ChatMemberKind::Banned(_) => problems.push(Problem::NotInGroup),
        ChatMemberKind::Restricted(r) => {
            if !r.can_send_messages {
                problems.push(Problem::CannotSend);
            }
            if team {
                problems.push(Problem::NotAdmin);
            }
        }
        ChatMemberKind::Member(_) if team => problems.push(Problem::NotAdmin),
        ChatMemberKind::Member(_) | ChatMemberKind::Owner(_) => {}
        ChatMemberKind::Administrator(a) => {
            if team && forum && !a.can_manage_topics {
                problems.push(Problem::NoTopicRights);
            }
        }
    }
    if team && !forum && !problems.contains(&Problem::NotInGroup) {
        problems.insert(
            problems
                .iter()
                .position(|p| *p != Problem::CannotSend)
                .unwrap_or(problems.len()),
            Problem::NotAForum,
        );
    }
    Ok(Finding {
        title,
        forum,
        problems,
    })
}

/// Whether Telegram's answer says the chat is not there for this bot (as
/// opposed to not answering): "chat not found", or any "Forbidden" (the
/// bot was blocked, kicked, or may not start a conversation).
fn refused(e: &RequestError) -> bool {
    match e {
        RequestError::Api(ApiError::Unknown(text)) => {
            text.starts_with("Forbidden") || text.contains("chat not found")
        }
        RequestError::Api(api) => matches!(
            api,
            ApiError::ChatNotFound
                | ApiError::BotBlocked
                | ApiError::BotKicked
                | ApiError::BotKickedFromSupergroup
                | ApiError::CantInitiateConversation
                | ApiError::UserDeactivated
        ),
        _ => false,
    }
}

/// How long the start's check keeps trying a chat Telegram does not answer
/// for, before it leaves the chat `"not_checked"`.
const GIVE_UP: Duration = Duration::from_secs(15 * 60);

/// At start, in the background (the bot already works meanwhile): checks
/// each of `chats`, logs one warning per problem with what to do, and
/// shows each chat's state on `/readyz` (`admin_chats`). A chat Telegram
/// does not answer for is tried again after a growing wait, given up
/// after [`GIVE_UP`].
pub fn spawn_check(
    bot: Bot,
    me: UserId,
    bot_name: String,
    chats: Vec<(i64, Purpose)>,
    health: Arc<Health>,
    metrics: Arc<Metrics>,
    token: String,
) -> tokio::task::JoinHandle<()> {
    for (chat, _) in &chats {
        health.admin_chat_is(*chat, "checking");
    }
    tokio::spawn(async move {
        let checks = chats.iter().map(|&(chat, purpose)| {
            let (bot, health, metrics) = (&bot, &health, &metrics);
            let (bot_name, token) = (&bot_name, &token);
            async move {
                let deadline = tokio::time::Instant::now() + GIVE_UP;
                let mut wait = Duration::from_secs(1);
                loop {
                    match check(bot, me, chat, purpose, Some(metrics)).await {
                        Ok(finding) => {
                            for problem in &finding.problems {
                                tracing::warn!(
                                    chat,
                                    problem = problem.code(),
                                    "{}",
                                    problem.advice(chat, purpose, bot_name)
                                );
                            }
                            let code = finding.problems.first().map_or("ok", |p| p.code());
                            health.admin_chat_is(chat, code);
                            return;
                        }
                        Err(e) => {
                            let wait_now = match &e {
                                RequestError::RetryAfter(secs) => secs.duration(),
                                _ => wait,
                            };
                            if tokio::time::Instant::now() + wait_now > deadline {
                                tracing::warn!(
                                    chat,
                                    error = %mask(&e.to_string(), token),
                                    "could not check whether the bot can write to this chat; it is checked again at the next start"
                                );
                                health.admin_chat_is(chat, "not_checked");
                                return;
                            }
                            tokio::time::sleep(wait_now).await;
                            wait = (wait * 2).min(Duration::from_secs(60));
                        }
                    }
                }
            }
        });
        futures::future::join_all(checks).await;
    })
}
