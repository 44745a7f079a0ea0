//! teloxide glue: turns updates into [`Event`]s for the conversation rules
//! and carries out the resulting [`Effect`]s through the Bot API.
//!
//! Updates arrive as raw JSON ([`intake`], from the [`listener`] or the
//! webhook). The handler tree ([`schema`]) only sorts them by kind; the
//! rules for each state live in [`crate::fsm`]. Each update is handled as
//! one store transaction: the chat's state is read, [`fsm::step`] decides,
//! the changes, the next state and the messages to send are written durably
//! together, the update is reported done, and the messages are handed to
//! [`delivery`], which sends them apart, per chat. If the write fails, the
//! sender is told it did not work.

pub mod command;
pub mod delivery;
pub mod intake;
pub mod limits;
pub mod listener;
pub mod send;
pub mod team;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use teloxide::dispatching::dialogue;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{CallbackQueryId, ChatKind, Me, MessageKind, UpdateKind, User};

use crate::fsm::{self, Effect, Event, Input, Media, Role};
use crate::metrics::{self, Outcome, UpdateKind as Kind};
use crate::model::{Change, ChatId as Chat, MediaKind, Model, Person, State, TicketId};
use crate::replies::{Button, Reply};
use crate::store::{Committed, Decision, Store};

use command::Parsed;
use delivery::Delivery;
use listener::{Pending, Tracker};
use team::Team;

/// What every handler needs besides the bot itself.
pub struct Ctx {
    pub store: Arc<Store>,
    /// Chats of the support team.
    pub team: Arc<Team>,
    /// Reports handled updates back to the listener.
    pub tracker: Arc<Tracker>,
    /// Sends the messages of each handled update.
    pub delivery: Arc<Delivery>,
}

/// The Bot API client the handlers use, with the flood limits every
/// message waits for (see [`limits`]).
#[derive(Clone)]
pub struct TgBot {
    pub api: Bot,
    pub limiter: Arc<limits::Limiter>,
}

impl Ctx {
    /// Whether `chat` is one of the support team's chats.
    pub fn is_admin(&self, chat: Chat) -> bool {
        self.team.is_admin(chat)
    }
}

/// The anonymous-admin account Telegram shows for group admins who post as
/// the group. It is never taken for a person.
const ANONYMOUS_ADMIN: u64 = 1087968824;

/// Errors are handled inside the handlers; this type only satisfies teloxide.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// The handler tree: reads the chat's state through the dialogue storage,
/// then handles the update. Updates without a chat go to the dispatcher's
/// default handler.
pub fn schema() -> UpdateHandler<HandlerError> {
    dialogue::enter::<Update, Store, State, _>().endpoint(on_update)
}

/// Messages saved with a transaction, sent once it is durable.
#[derive(Debug, Serialize, Deserialize)]
struct Outbox {
    /// The chat whose update caused them (told about failed deliveries).
    acting: Chat,
    effects: Vec<Effect>,
}

/// What an update is to the bot.
enum Incoming {
    /// Something to answer. `key` names the message, to recognise a redelivery.
    Event {
        key: String,
        person: Person,
        role: Role,
        event: Event,
        button: Option<CallbackQueryId>,
    },
    /// A short answer outside the conversation rules: a command in a group
    /// that is not an admin chat, a message teloxide could not read.
    Notice(Chat, Reply),
    /// Not for this bot (service messages, another bot's command...).
    Ignore,
}

async fn on_update(bot: TgBot, me: Me, update: Update, ctx: Arc<Ctx>) -> Result<(), HandlerError> {
    let pending = ctx.tracker.pending(update.id.0);
    let kind = Kind::of(&update.kind);
    metrics::global().update_received(kind);
    match read_update(&ctx, &me, &update) {
        Incoming::Event {
            key,
            person,
            role,
            event,
            button,
        } => {
            if let Some(id) = button {
                // Stop the spinner on the button; a failure here is harmless.
                let answered = bot.api.answer_callback_query(id).await;
                metrics::global().api_call("answerCallbackQuery", &answered);
                if let Err(e) = answered {
                    tracing::debug!(error = %e, "could not answer a button press");
                }
            }
            let update = (i64::from(update.id.0), key);
            let outcome = handle(&ctx, pending, update, person, role, event).await;
            metrics::global().update_handled(kind, outcome);
        }
        Incoming::Notice(chat, reply) => {
            pending.finish();
            metrics::global().update_handled(kind, Outcome::Handled);
            let effects = vec![Effect::Send { to: chat, reply }];
            ctx.delivery.push(None, chat, effects);
        }
        Incoming::Ignore => metrics::global().update_handled(kind, Outcome::Handled),
    }
    Ok(())
}

fn read_update(ctx: &Ctx, me: &Me, update: &Update) -> Incoming {
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
                            person,
                            role,
                            event: Event::NotText,
                            button: None,
                        };
                    }
                }
                return Incoming::Ignore;
            }
            let Some((person, role)) = sender(ctx, msg) else {
                let command = msg.text().is_some_and(|t| t.starts_with('/'));
                return if command {
                    Incoming::Notice(msg.chat.id.0, Reply::PrivateChatOnly)
                } else {
                    Incoming::Ignore
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
                person,
                role,
                event,
                button: None,
            }
        }
        UpdateKind::EditedMessage(msg) => match sender(ctx, msg) {
            Some((person, role)) => {
                let edited = msg.edit_date().map_or(0, |d| d.timestamp());
                let key = format!("e{}:{}:{edited}", msg.chat.id.0, msg.id.0);
                Incoming::Event {
                    key,
                    person,
                    role,
                    event: Event::Edited(msg.text().map(str::to_string)),
                    button: None,
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
                Some(Button::Answer(id)) => Event::Reply(id.to_string()),
                Some(Button::Close(id)) | Some(Button::CloseMine(id)) => {
                    Event::Close(id.to_string())
                }
                // An old or foreign button: answer as to an unknown command.
                None => Event::UnknownCommand("button".into()),
            };
            let key = format!("c{}", query.id.0);
            Incoming::Event {
                key,
                person,
                role,
                event,
                button: Some(query.id.clone()),
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
    Some(Media {
        kind,
        chat: msg.chat.id.0,
        message_id: msg.id.0,
    })
}

/// The ticket of the relayed message this message replies to, if any.
fn answered_ticket(ctx: &Ctx, msg: &Message) -> Option<TicketId> {
    let replied = msg.reply_to_message()?;
    ctx.store.read(|m| m.relayed(msg.chat.id.0, replied.id.0))
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

/// One update, start to finish: decide and save in one transaction (with
/// the messages to send and the update's id), report the update handled to
/// the listener, then send the messages and record them as sent. Returns
/// how it ended, for the metrics.
async fn handle(
    ctx: &Arc<Ctx>,
    pending: Pending,
    update: (i64, String),
    person: Person,
    role: Role,
    event: Event,
) -> Outcome {
    let started = std::time::Instant::now();
    let chat = person.chat;
    let kind = event_kind(&event);
    let outcome = ctx
        .store
        .transact(Some(update), move |model| {
            // The state is read here, under the store's lock, so a change
            // made meanwhile for this chat by another (an admin closing this
            // person's ticket) is seen.
            let state = model.state(chat);
            let input = Input {
                from: person,
                role,
                now: now(),
                new_id: fresh_id(model),
            };
            let transition = fsm::step(model, &state, &input, event);
            let mut changes = Vec::new();
            let mut effects = Vec::new();
            for effect in transition.effects {
                match effect {
                    Effect::Change(change) => changes.push(change),
                    other => effects.push(other),
                }
            }
            if model.dialogues.get(&chat) != Some(&transition.next) {
                changes.push(Change::SetState {
                    chat,
                    state: transition.next.clone(),
                });
            }
            let outbox = Outbox {
                acting: chat,
                effects,
            };
            let saved = serde_json::to_value(&outbox).ok();
            Decision {
                changes,
                outbox: saved,
                result: (state, transition.next, outbox.effects),
            }
        })
        .await;
    pending.finish();
    metrics::global().handler_took(started.elapsed());
    let counted = Outcome::of(&outcome);
    match outcome {
        Ok(Committed::Saved {
            seq,
            result: (before, after, effects),
        }) => {
            // The ticket the update was about, as a field, never its text.
            let ticket = ticket_of(&after)
                .or_else(|| ticket_of(&before))
                .map(|t| t.to_string());
            tracing::info!(
                chat,
                event = kind,
                from = state_name(&before),
                to = state_name(&after),
                ticket = ticket.as_deref().unwrap_or("-"),
                "handled"
            );
            ctx.delivery.push(Some(seq), chat, effects);
        }
        Ok(Committed::Unchanged((_, _, effects))) => ctx.delivery.push(None, chat, effects),
        Ok(Committed::Duplicate) => {
            tracing::info!(
                chat,
                event = kind,
                "update received again; it was handled before"
            );
        }
        Err(error) => {
            tracing::error!(chat, event = kind, %error, "could not save; the sender is told to try again");
            let effects = vec![Effect::Send {
                to: chat,
                reply: Reply::SaveFailed,
            }];
            ctx.delivery.push(None, chat, effects);
        }
    }
    counted
}

/// Updates the handler tree does not take (no chat in them, such as a
/// button under an inline message). Updates teloxide cannot read never get
/// here: [`intake`] rebuilds or skips them first.
pub async fn on_unhandled(ctx: Arc<Ctx>, update: Arc<Update>) {
    let _pending = ctx.tracker.pending(update.id.0);
    let kind = Kind::of(&update.kind);
    metrics::global().update_received(kind);
    metrics::global().update_handled(kind, Outcome::Handled);
    tracing::debug!(
        update_id = update.id.0,
        "update of a kind the bot does not handle"
    );
}

/// Queues messages saved before a stop but not recorded as sent (the bot
/// stopped in between). Called once at start, before new updates, so they
/// go out first in each chat.
pub fn send_unsent(ctx: &Ctx) {
    for (seq, saved) in ctx.store.unsent() {
        match serde_json::from_value::<Outbox>(saved) {
            Ok(outbox) => {
                tracing::info!(seq, "sending messages saved before the last stop");
                ctx.delivery.push(Some(seq), outbox.acting, outbox.effects);
            }
            Err(error) => {
                tracing::error!(seq, %error, "saved messages could not be read; skipped");
                ctx.store.mark_sent(seq);
            }
        }
    }
}

/// A ticket ID not used yet: the start of a random UUID, drawn again on the
/// rare collision.
fn fresh_id(model: &Model) -> TicketId {
    loop {
        let id = TicketId::from_uuid(uuid::Uuid::new_v4());
        if model.ticket(&id).is_none() {
            return id;
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A name for logs that never includes what was typed.
fn event_kind(event: &Event) -> &'static str {
    match event {
        Event::Start => "start",
        Event::Help => "help",
        Event::New => "new",
        Event::Cancel => "cancel",
        Event::Close(_) => "close",
        Event::MyTickets => "mytickets",
        Event::Tickets => "tickets",
        Event::Reply(_) => "reply",
        Event::Done => "done",
        Event::Text(_) => "text",
        Event::NotText => "not_text",
        Event::Edited(_) => "edited",
        Event::Media { .. } => "media",
        Event::Answer { .. } => "answer",
        Event::UnknownCommand(_) => "unknown_command",
        Event::BotBlocked => "bot_blocked",
        Event::BotUnblocked => "bot_unblocked",
    }
}

fn ticket_of(state: &State) -> Option<TicketId> {
    match state {
        State::TicketOpen { ticket } | State::AdminReplying { ticket } => Some(*ticket),
        State::Idle | State::AwaitingDescription => None,
    }
}

fn state_name(state: &State) -> &'static str {
    match state {
        State::Idle => "idle",
        State::AwaitingDescription => "awaiting_description",
        State::TicketOpen { .. } => "ticket_open",
        State::AdminReplying { .. } => "admin_replying",
    }
}
