//! teloxide glue: turns updates into [`Event`]s for the conversation rules
//! and carries out the resulting [`Effect`]s through the Bot API.
//!
//! The handler tree ([`schema`]) only sorts updates by kind; the rules for
//! each state live in [`crate::fsm`]. Each update is handled as one store
//! transaction: the chat's state is read, [`fsm::step`] decides, the changes
//! and the next state are written durably together, and only then are the
//! messages sent. If the write fails, the sender is told it did not work.

pub mod command;
pub mod send;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use teloxide::dispatching::dialogue::{self, Dialogue};
use teloxide::dispatching::{UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{ChatKind, Me, MessageKind, User};

use crate::fsm::{self, Effect, Event, Input, Role};
use crate::model::{Change, ChatId as Chat, Model, Person, State, TicketId};
use crate::replies::{Button, Reply};
use crate::store::Store;

use command::Parsed;

/// What every handler needs besides the bot itself.
pub struct Ctx {
    pub store: Arc<Store>,
    /// Chats of the support team.
    pub admins: BTreeSet<Chat>,
}

/// Errors are handled inside the handlers; this type only satisfies teloxide.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// The dialogue type: each chat's [`State`], kept in the [`Store`].
pub type ChatDialogue = Dialogue<State, Store>;

/// The handler tree: reads the chat's state through the dialogue storage,
/// then routes by update kind.
pub fn schema() -> UpdateHandler<HandlerError> {
    dialogue::enter::<Update, Store, State, _>()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_edited_message().endpoint(on_edited_message))
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

async fn on_message(bot: Bot, me: Me, msg: Message, ctx: Arc<Ctx>) -> Result<(), HandlerError> {
    if !matches!(msg.kind, MessageKind::Common(_)) {
        // Service messages (someone joined a group, a pinned message...).
        return Ok(());
    }
    let Some((person, role)) = sender(&ctx, &msg) else {
        if msg.text().is_some_and(|t| t.starts_with('/')) {
            deliver(
                &bot,
                &ctx,
                msg.chat.id.0,
                &[Effect::Send {
                    to: msg.chat.id.0,
                    reply: Reply::PrivateChatOnly,
                }],
            )
            .await;
        }
        return Ok(());
    };
    let event = match msg.text() {
        Some(text) => match command::parse(text, me.username()) {
            Parsed::Event(event) => event,
            Parsed::ForAnotherBot => return Ok(()),
        },
        None => Event::NotText,
    };
    handle(&bot, &ctx, person, role, event).await;
    Ok(())
}

async fn on_edited_message(bot: Bot, msg: Message, ctx: Arc<Ctx>) -> Result<(), HandlerError> {
    if let Some((person, role)) = sender(&ctx, &msg) {
        handle(&bot, &ctx, person, role, Event::Edited).await;
    }
    Ok(())
}

async fn on_callback(bot: Bot, query: CallbackQuery, ctx: Arc<Ctx>) -> Result<(), HandlerError> {
    // Stop the spinner on the button first; a failure here is harmless.
    if let Err(e) = bot.answer_callback_query(query.id.clone()).await {
        tracing::debug!(error = %e, "could not answer a button press");
    }
    let Some(chat) = query.message.as_ref().map(|m| m.chat().id.0) else {
        return Ok(());
    };
    let person = person_of(&query.from, chat);
    let role = if ctx.admins.contains(&chat) {
        Role::Admin
    } else {
        Role::User
    };
    let event = match query.data.as_deref() {
        Some(Button::OPEN_TICKET_DATA) => Event::New,
        // An old or foreign button: answer as to an unknown command.
        _ => Event::UnknownCommand("button".into()),
    };
    handle(&bot, &ctx, person, role, event).await;
    Ok(())
}

/// Who sent a message and in which role, or `None` for chats the bot does
/// not serve (groups that are not admin chats).
fn sender(ctx: &Ctx, msg: &Message) -> Option<(Person, Role)> {
    let chat = msg.chat.id.0;
    if ctx.admins.contains(&chat) {
        let from = msg.from.as_ref()?;
        return Some((person_of(from, chat), Role::Admin));
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

/// One update, start to finish: decide and persist in one transaction, then talk.
async fn handle(bot: &Bot, ctx: &Arc<Ctx>, person: Person, role: Role, event: Event) {
    let chat = person.chat;
    let kind = event_kind(&event);
    let outcome = ctx
        .store
        .transact(move |model| {
            // The state is read here, under the store's writer lock, so a
            // change made meanwhile for another chat (an admin closing this
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
            let mut messages = Vec::new();
            for effect in transition.effects {
                match effect {
                    Effect::Change(change) => changes.push(change),
                    other => messages.push(other),
                }
            }
            if model.dialogues.get(&chat) != Some(&transition.next) {
                changes.push(Change::SetState {
                    chat,
                    state: transition.next.clone(),
                });
            }
            (changes, (state, transition.next, messages))
        })
        .await;
    match outcome {
        Ok((before, after, messages)) => {
            tracing::info!(
                chat,
                event = kind,
                from = state_name(&before),
                to = state_name(&after),
                "handled"
            );
            deliver(bot, ctx, chat, &messages).await;
        }
        Err(error) => {
            tracing::error!(chat, event = kind, %error, "could not save; the sender is told to try again");
            deliver(
                bot,
                ctx,
                chat,
                &[Effect::Send {
                    to: chat,
                    reply: Reply::SaveFailed,
                }],
            )
            .await;
        }
    }
}

/// Sends the messages of one step, in order. A failure is logged; for a
/// message an admin sent to a ticket's owner, the admin is told instead of
/// being thanked.
async fn deliver(bot: &Bot, ctx: &Ctx, acting: Chat, effects: &[Effect]) {
    for effect in effects {
        match effect {
            Effect::Send { to, reply } => {
                if let Err(failure) = send::send(bot, *to, &reply.render()).await {
                    tracing::warn!(chat = to, reason = %failure.reason, "message not delivered");
                }
            }
            Effect::NotifyAdmins { reply, except } => {
                let rendered = reply.render();
                for admin in ctx.admins.iter().filter(|a| Some(**a) != *except) {
                    if let Err(failure) = send::send(bot, *admin, &rendered).await {
                        tracing::error!(chat = admin, reason = %failure.reason, "an admin chat could not be told");
                    }
                }
            }
            Effect::Deliver {
                owner,
                ticket,
                reply,
                confirm,
            } => {
                let answer = match send::send(bot, owner.chat, &reply.render()).await {
                    Ok(()) => confirm.clone(),
                    Err(failure) => {
                        tracing::warn!(chat = owner.chat, ticket = %ticket, reason = %failure.reason, "ticket owner not reached");
                        Reply::NotDelivered {
                            id: ticket.clone(),
                            owner: owner.clone(),
                            closing: matches!(reply, Reply::ClosedBySupport { .. }),
                            reason: failure.reason,
                        }
                    }
                };
                if let Err(failure) = send::send(bot, acting, &answer.render()).await {
                    tracing::warn!(chat = acting, reason = %failure.reason, "message not delivered");
                }
            }
            Effect::Change(_) => {}
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
        Event::Edited => "edited",
        Event::UnknownCommand(_) => "unknown_command",
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
