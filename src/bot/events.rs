//! Turning an update into what it is to the bot: an [`Event`] from a
//! person or the team, a short notice outside the rules, or nothing.

use teloxide::prelude::*;
use teloxide::types::{CallbackQueryId, ChatKind, Me, MessageKind, UpdateKind, User, UserId};

use super::Ctx;
use crate::command::{self, Parsed};
use crate::engine::Member;
use crate::fsm::{Event, Media, Place, Role, TicketArg};
use crate::model::{Chat, MediaKind, Person, TicketId};
use crate::replies::{Button, Reply};

/// The anonymous-admin account Telegram shows for group admins who post as
/// the group. It is never taken for a person.
const ANONYMOUS_ADMIN: u64 = 1087968824;

/// What an update is to the bot.
pub enum Incoming {
    /// Something to answer. `key` names the message, to recognise a redelivery.
    Event {
        key: String,
        person: Person,
        role: Role,
        event: Event,
        button: Option<CallbackQueryId>,
        /// Who exactly (in a group: the member, not the group).
        member: Member,
        place: Place,
    },
    /// A short answer outside the conversation rules: a command in a group
    /// that is not an admin chat, a message teloxide could not read.
    Notice(Chat, Reply),
    /// `/setup` in a group that is not one of the team's chats: answered
    /// with the group's id and what to set ([`Reply::GroupSetup`]) if the
    /// asker is an admin of the group, else as any command there.
    SetupAsked {
        chat: Chat,
        /// Who asked; `None`: someone posting as the group itself, which
        /// only its admins can.
        asker: Option<UserId>,
        /// Whether the group has topics.
        forum: bool,
    },
    /// Not for this bot (service messages, another bot's command...).
    Ignore,
}

/// The member behind an update: the sender, or the chat itself when
/// Telegram names nobody.
fn member_of(user: Option<&User>, chat: Chat) -> Member {
    match user {
        Some(user) => Member {
            id: user.id.0 as i64,
            first_name: user.first_name.clone(),
        },
        None => Member {
            id: chat,
            first_name: String::new(),
        },
    }
}

/// Where a message was written: the topic of the team's forum group, if
/// that is where.
fn place_of(ctx: &Ctx, msg: &Message) -> Place {
    if ctx.team.forum() != Some(msg.chat.id.0) {
        return Place::Chat;
    }
    let thread = msg
        .thread_id
        .filter(|_| msg.is_topic_message)
        .map(|t| t.0 .0);
    Place::TeamChat { thread }
}

/// What `update` is to the bot.
pub fn read_update(ctx: &Ctx, me: &Me, update: &Update) -> Incoming {
    match &update.kind {
        UpdateKind::Message(msg) => {
            if !matches!(msg.kind, MessageKind::Common(_)) {
                // A person's dice, giveaway, shared contact... in a private
                // chat is answered; service messages (someone joined a
                // group, a pinned message...) are not.
                if msg.chat.is_private() && !ctx.is_admin(msg.chat.id.0) && !is_service(&msg.kind) {
                    if let Some((person, role)) = sender(ctx, msg) {
                        return Incoming::Event {
                            key: format!("m{}:{}", msg.chat.id.0, msg.id.0),
                            member: member_of(msg.from.as_ref(), person.chat),
                            person,
                            role,
                            event: Event::NotText,
                            button: None,
                            place: Place::Chat,
                        };
                    }
                }
                return Incoming::Ignore;
            }
            let Some((person, role)) = sender(ctx, msg) else {
                let Some(command) = msg.text().filter(|t| t.starts_with('/')) else {
                    return Incoming::Ignore;
                };
                return match command::parse(command, me.username()) {
                    Parsed::Event(Event::Setup) => Incoming::SetupAsked {
                        chat: msg.chat.id.0,
                        asker: asker(msg),
                        forum: is_forum(&msg.chat),
                    },
                    _ => Incoming::Notice(msg.chat.id.0, Reply::PrivateChatOnly),
                };
            };
            let event = match (msg.text(), media_of(msg)) {
                // A message in a shape the bot could not read, without any
                // text (see `intake`): answered with what can be passed on.
                (Some(""), None) => Event::NotText,
                (Some(text), _) => match command::parse(text, me.username()) {
                    Parsed::Event(event) => event,
                    Parsed::ForAnotherBot => return Incoming::Ignore,
                },
                (None, Some(media)) => Event::Media {
                    media,
                    caption: msg.caption().map(str::to_string),
                },
                (None, None) => Event::NotText,
            };
            // An admin's Telegram reply to a relayed message answers its ticket.
            let event = match (role, answered_ticket(ctx, msg), event) {
                (Role::Admin, Some(ticket), Event::Text(text)) => Event::Answer {
                    ticket,
                    text,
                    media: None,
                },
                (Role::Admin, Some(ticket), Event::Media { media, caption }) => Event::Answer {
                    ticket,
                    text: caption.unwrap_or_default(),
                    media: Some(media),
                },
                (_, _, event) => event,
            };
            let key = format!("m{}:{}", msg.chat.id.0, msg.id.0);
            Incoming::Event {
                key,
                member: member_of(msg.from.as_ref(), person.chat),
                person,
                role,
                event,
                button: None,
                place: place_of(ctx, msg),
            }
        }
        UpdateKind::EditedMessage(msg) => match sender(ctx, msg) {
            Some((person, role)) => {
                let edited = msg.edit_date().map_or(0, |d| d.timestamp());
                let key = format!("e{}:{}:{edited}", msg.chat.id.0, msg.id.0);
                Incoming::Event {
                    key,
                    member: member_of(msg.from.as_ref(), person.chat),
                    person,
                    role,
                    event: Event::Edited(msg.text().map(str::to_string)),
                    button: None,
                    place: place_of(ctx, msg),
                }
            }
            None => Incoming::Ignore,
        },
        UpdateKind::CallbackQuery(query) => {
            let Some(chat) = query.message.as_ref().map(|m| m.chat().id.0) else {
                return Incoming::Ignore;
            };
            let person = person_of(&query.from, chat);
            let role = if ctx.is_admin(chat) {
                Role::Admin
            } else {
                Role::User
            };
            // The button only names an action; the rules check again that
            // this chat may do it (an admin's button pressed by a person is
            // refused, a person can only close their own ticket).
            let event = match query.data.as_deref().and_then(Button::from_data) {
                Some(Button::OpenTicket) => Event::New,
                Some(Button::Answer(id)) => Event::Reply {
                    ticket: TicketArg::Id(id),
                    text: String::new(),
                },
                Some(Button::Close(id)) | Some(Button::CloseMine(id)) => {
                    Event::Close(TicketArg::Id(id))
                }
                Some(Button::Language(code)) => Event::ChooseLanguage(code),
                Some(Button::ForgetMe) => Event::ForgetConfirmed,
                Some(Button::Rate(ticket, stars)) => Event::Rate { ticket, stars },
                Some(Button::Claim(id)) => Event::Claim(TicketArg::Id(id)),
                // An old or foreign button: answer as to an unknown command.
                None => Event::UnknownCommand("button".into()),
            };
            let key = format!("c{}", query.id.0);
            let place = match query.regular_message() {
                Some(msg) => place_of(ctx, msg),
                None => Place::Chat,
            };
            Incoming::Event {
                key,
                member: member_of(Some(&query.from), chat),
                person,
                role,
                event,
                button: Some(query.id.clone()),
                place,
            }
        }
        UpdateKind::MyChatMember(member) => {
            // Only a person's private chat matters: they blocked or
            // unblocked the bot.
            if !member.chat.is_private() || ctx.is_admin(member.chat.id.0) {
                return Incoming::Ignore;
            }
            let event = match (
                member.old_chat_member.is_present(),
                member.new_chat_member.is_present(),
            ) {
                (true, false) => Event::BotBlocked,
                (false, true) => Event::BotUnblocked,
                _ => return Incoming::Ignore,
            };
            let chat = member.chat.id.0;
            Incoming::Event {
                key: format!("b{chat}:{}", member.date.timestamp()),
                person: person_of(&member.from, chat),
                role: Role::User,
                event,
                button: None,
                member: member_of(Some(&member.from), chat),
                place: Place::Chat,
            }
        }
        _ => Incoming::Ignore,
    }
}

/// Messages Telegram writes itself rather than the person: never answered.
fn is_service(kind: &MessageKind) -> bool {
    use MessageKind as K;
    matches!(
        kind,
        K::Pinned(_)
            | K::MessageAutoDeleteTimerChanged(_)
            | K::WriteAccessAllowed(_)
            | K::ChatBackground(_)
            | K::ConnectedWebsite(_)
            | K::ProximityAlertTriggered(_)
            | K::SuccessfulPayment(_)
            | K::RefundedPayment(_)
            | K::NewChatMembers(_)
            | K::LeftChatMember(_)
            | K::NewChatTitle(_)
            | K::NewChatPhoto(_)
            | K::DeleteChatPhoto(_)
            | K::GroupChatCreated(_)
            | K::SupergroupChatCreated(_)
            | K::ChannelChatCreated(_)
            | K::ChatBoostAdded(_)
            | K::VideoChatScheduled(_)
            | K::VideoChatStarted(_)
            | K::VideoChatEnded(_)
            | K::VideoChatParticipantsInvited(_)
            | K::ForumTopicCreated(_)
            | K::ForumTopicEdited(_)
            | K::ForumTopicClosed(_)
            | K::ForumTopicReopened(_)
            | K::GeneralForumTopicHidden(_)
            | K::GeneralForumTopicUnhidden(_)
            | K::DirectMessagePriceChanged(_)
            | K::PaidMessagePriceChanged(_)
    )
}

/// The attachment of a message, if it is one the bot passes on.
fn media_of(msg: &Message) -> Option<Media> {
    let kind = if msg.photo().is_some() {
        MediaKind::Photo
    } else if msg.document().is_some() {
        MediaKind::Document
    } else if msg.voice().is_some() {
        MediaKind::Voice
    } else if msg.video().is_some() {
        MediaKind::Video
    } else if msg.audio().is_some() {
        MediaKind::Audio
    } else if msg.sticker().is_some() {
        MediaKind::Sticker
    } else if msg.location().is_some() {
        MediaKind::Location
    } else if msg.contact().is_some() {
        MediaKind::Contact
    } else if msg.animation().is_some() {
        MediaKind::Animation
    } else if msg.video_note().is_some() {
        MediaKind::VideoNote
    } else {
        return None;
    };
    // A photo comes in several sizes: the largest up to 320 pixels wide
    // (Telegram's thumbnail size), else the smallest.
    let thumb = msg.photo().and_then(|sizes| {
        sizes
            .iter()
            .filter(|s| s.width <= 320)
            .max_by_key(|s| s.width)
            .or_else(|| sizes.iter().min_by_key(|s| s.width))
            .map(|s| s.file.id.to_string())
    });
    Some(Media {
        kind,
        chat: msg.chat.id.0,
        message_id: msg.id.0,
        thumb,
    })
}

/// The ticket of the relayed message this message replies to, if any.
fn answered_ticket(ctx: &Ctx, msg: &Message) -> Option<TicketId> {
    let replied = msg.reply_to_message()?;
    ctx.engine
        .store
        .read(|m| m.relayed(msg.chat.id.0, replied.id.0))
}

/// Whether `chat` is a supergroup with topics.
fn is_forum(chat: &teloxide::types::Chat) -> bool {
    use teloxide::types::{ChatPublic, PublicChatKind};
    matches!(&chat.kind, ChatKind::Public(ChatPublic { kind: PublicChatKind::Supergroup(s), .. }) if s.is_forum)
}

/// Who wrote `msg` in a group: the member, or `None` when it was posted as
/// the group itself (an anonymous admin).
fn asker(msg: &Message) -> Option<UserId> {
    let as_the_group = msg
        .sender_chat
        .as_ref()
        .is_some_and(|c| c.id == msg.chat.id)
        || msg.from.as_ref().is_some_and(|f| f.id.0 == ANONYMOUS_ADMIN);
    match &msg.from {
        Some(from) if !as_the_group => Some(from.id),
        _ => None,
    }
}

/// Who sent a message and in which role, or `None` for chats the bot does
/// not serve (groups that are not admin chats).
fn sender(ctx: &Ctx, msg: &Message) -> Option<(Person, Role)> {
    let chat = msg.chat.id.0;
    if ctx.is_admin(chat) {
        // In an admin group every member is on the support team. Someone
        // posting as the group (anonymous admin) is named as such.
        let anonymous = msg.sender_chat.is_some()
            || msg.from.as_ref().is_some_and(|f| f.id.0 == ANONYMOUS_ADMIN);
        let person = match &msg.from {
            Some(from) if !anonymous => person_of(from, chat),
            _ => Person {
                chat,
                name: "An anonymous admin".into(),
                username: None,
            },
        };
        return Some((person, Role::Admin));
    }
    match &msg.chat.kind {
        ChatKind::Private(_) => {
            let person = match &msg.from {
                Some(from) => person_of(from, chat),
                None => Person {
                    chat,
                    name: "someone".into(),
                    username: None,
                },
            };
            Some((person, Role::User))
        }
        ChatKind::Public(_) => None,
    }
}

fn person_of(user: &User, chat: Chat) -> Person {
    let name = user.full_name();
    let name = if name.trim().is_empty() {
        "someone".to_string()
    } else {
        name
    };
    Person {
        chat,
        name,
        username: user.username.clone(),
    }
}
