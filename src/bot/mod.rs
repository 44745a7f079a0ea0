//! teloxide glue, one module per job: updates in, a step through the
//! [`crate::engine`], messages out.
//!
//! - Sources of updates: [`listener`] (long polling) and [`webhook`], both
//!   reading raw JSON through [`intake`], so no shape can stop the bot.
//! - [`events`]: an update to an [`crate::fsm::Event`] of a person or the team.
//! - `handle`: the chat's state (from the [`Dialogue`]) and the event
//!   through the engine as one store transaction; the update is then
//!   reported done to its source.
//! - [`delivery`]: the messages sent apart, one queue per chat, within the
//!   flood limits ([`limits`]) through [`send`]; on a store shared by
//!   replicas, [`sender`] feeds it on the one replica that sends.
//! - [`startup`] and [`run`]: waiting for the Bot API, the command menus,
//!   the webhook, and the dispatcher until the stop; [`access`]: whether
//!   the bot can write to each of the team's chats (checked at start).
//! - [`order`]: updates about one conversation take effect in Telegram's
//!   order, whichever chats they come from.
//! - [`dialogue`]: teloxide's dialogue storage over the store; [`team`]: the
//!   support team's chats.
//! - [`held`]: held messages passed on to the team once a burst ends;
//!   [`retention`]: erasing old texts.

pub mod access;
pub mod delivery;
pub mod dialogue;
pub mod events;
pub mod held;
pub mod intake;
pub mod limits;
pub mod listener;
pub mod order;
pub mod retention;
pub mod run;
pub mod send;
pub mod sender;
pub mod startup;
pub mod team;
pub mod webhook;

use std::sync::Arc;

use teloxide::dispatching::dialogue::Dialogue;
use teloxide::dispatching::{dialogue as dialogues, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{Me, UpdateKind};

use crate::engine::{Acting, Engine, Outlet, Sender};
use crate::fsm::{Effect, Event, Place};
use crate::metrics::{Metrics, Outcome, UpdateLabel};
use crate::model::{Chat, State};
use crate::store::{Store, StoreError};

use delivery::Delivery;
use events::Incoming;
use listener::{Pending, Tracker};
use team::Team;

/// What every handler needs besides the bot itself.
pub struct Ctx {
    /// The step both doors take (the store, the rules' settings, the
    /// counters).
    pub engine: Arc<Engine>,
    /// Chats of the support team.
    pub team: Arc<Team>,
    /// Reports handled updates back to their source.
    pub tracker: Arc<Tracker>,
    /// Sends the messages of each handled update.
    pub delivery: Arc<Delivery>,
}

/// The engine's messages go to delivery.
impl Outlet for Arc<Delivery> {
    fn push_in(&self, seq: Option<u64>, acting: Chat, thread: Option<i32>, effects: Vec<Effect>) {
        Delivery::push_in(self, seq, acting, thread, effects);
    }
}

/// The Bot API client with the flood limits every message waits for (see
/// [`limits`]).
#[derive(Clone)]
pub struct ThrottledBot {
    pub api: Bot,
    pub limiter: Arc<limits::Limiter>,
    /// Where each call is counted.
    pub metrics: Arc<Metrics>,
}

impl Ctx {
    /// Whether `chat` is one of the support team's chats.
    pub fn is_admin(&self, chat: Chat) -> bool {
        self.team.is_admin(chat)
    }
}

/// Errors are handled inside the handlers; this type only satisfies teloxide.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// The handler tree: the dispatcher reads the chat's state through the
/// dialogue storage and hands it over with the update. Updates without a
/// chat go to the dispatcher's default handler.
pub fn schema() -> UpdateHandler<HandlerError> {
    dialogues::enter::<Update, Store, State, _>().endpoint(on_update)
}

/// The label of an update's kind in the metrics.
fn label(update: &Update) -> UpdateLabel {
    use teloxide::types::UpdateKind as K;
    match &update.kind {
        K::Message(_) => UpdateLabel::Message,
        K::EditedMessage(_) => UpdateLabel::EditedMessage,
        K::CallbackQuery(_) => UpdateLabel::CallbackQuery,
        K::MyChatMember(_) => UpdateLabel::MyChatMember,
        _ => UpdateLabel::Other,
    }
}

/// The shipped language matching the sender's Telegram `language_code`.
fn telegram_language(update: &Update) -> Option<&'static str> {
    let code = update.from()?.language_code.as_deref()?;
    crate::texts::shipped(code).map(|l| l.code)
}

async fn on_update(
    bot: ThrottledBot,
    me: Me,
    update: Update,
    dialogue: Dialogue<State, Store>,
    state: State,
    ctx: Arc<Ctx>,
) -> Result<(), HandlerError> {
    let pending = ctx.tracker.pending(update.id.0);
    // Earlier updates about the same conversation go first, until their
    // messages are with delivery (see `order`).
    let _turn = ctx.tracker.turn(update.id.0).await;
    let kind = label(&update);
    ctx.engine.metrics.update_received(kind);
    match events::read_update(&ctx, &me, &update) {
        Incoming::Event {
            key,
            person,
            role,
            event,
            button,
            member,
            place,
        } => {
            if let Some(id) = button {
                // Stop the spinner on the button; a failure here is harmless.
                let answered = bot.api.answer_callback_query(id).await;
                ctx.engine
                    .metrics
                    .api_call("answerCallbackQuery", &answered);
                if let Err(e) = answered {
                    tracing::debug!(error = %e, "could not answer a button press");
                }
            }
            debug_assert_eq!(dialogue.chat_id().0, person.chat);
            let person = Sender {
                person,
                member,
                place,
                role,
                language: telegram_language(&update),
                message_id: match &update.kind {
                    UpdateKind::Message(m) | UpdateKind::EditedMessage(m) => Some(m.id.0),
                    _ => None,
                },
            };
            let update = (i64::from(update.id.0), key);
            let outcome = handle(&ctx, pending, update, state, person, event).await;
            ctx.engine.metrics.update_handled(kind, outcome);
        }
        Incoming::Notice(chat, reply) => {
            pending.finish();
            ctx.engine.metrics.update_handled(kind, Outcome::Handled);
            notice(&ctx, chat, reply);
        }
        Incoming::SetupAsked { chat, asker, forum } => {
            pending.finish();
            let admin = match asker {
                None => true,
                Some(user) => group_admin(&bot, chat, user).await,
            };
            ctx.engine.metrics.update_handled(kind, Outcome::Handled);
            let reply = if admin {
                crate::replies::Reply::GroupSetup { chat, forum }
            } else {
                crate::replies::Reply::PrivateChatOnly
            };
            notice(&ctx, chat, reply);
        }
        Incoming::Ignore => ctx.engine.metrics.update_handled(kind, Outcome::Handled),
    }
    Ok(())
}

/// Says `reply` in `chat`, outside the conversation rules (nothing is
/// saved).
fn notice(ctx: &Ctx, chat: Chat, reply: crate::replies::Reply) {
    let effects = vec![Effect::Send {
        to: chat,
        reply,
        reply_to: None,
    }];
    ctx.delivery.push(None, chat, effects);
}

/// Whether Telegram says `user` is an admin (or the owner) of group
/// `chat`; `false` when it cannot say.
async fn group_admin(bot: &ThrottledBot, chat: Chat, user: teloxide::types::UserId) -> bool {
    let asked = bot.api.get_chat_member(ChatId(chat), user).await;
    bot.metrics.api_call("getChatMember", &asked);
    match asked {
        Ok(member) => member.is_privileged(),
        Err(e) => {
            tracing::warn!(error = %e, "could not ask Telegram whether /setup came from an admin of the group");
            false
        }
    }
}

/// One update, start to finish: decided and saved in one transaction
/// through the engine (the changes, the next state, the messages to send
/// and the update's id), reported done to its source, then the messages
/// handed to delivery. `state` is the chat's state as the dispatcher's
/// dialogue read it. Returns how it ended, for the metrics.
async fn handle(
    ctx: &Ctx,
    pending: Pending,
    update: (i64, String),
    state: State,
    sender: Sender,
    event: Event,
) -> Outcome {
    let started = std::time::Instant::now();
    let chat = sender.person.chat;
    let thread = match sender.place {
        Place::TeamChat { thread } => thread,
        Place::Chat => None,
    };
    let acting = Acting::Chat { chat, thread };
    let kind = event.name();
    let engine = &ctx.engine;
    let outcome = engine
        .decide_and_save(
            crate::clock::now(),
            Some(update),
            state,
            sender,
            event,
            acting,
        )
        .await;
    if let Err(StoreError::Database { .. }) = &outcome {
        // Not saved: not confirmed either, so Telegram sends it again.
        pending.fail();
    } else {
        pending.finish();
    }
    engine.metrics.handler_took(started.elapsed());
    let counted = crate::engine::outcome_of(&outcome);
    engine.hand_over(outcome, acting, kind).await;
    counted
}

/// Updates the handler tree does not take (no chat in them, such as a
/// button under an inline message). Updates teloxide cannot read never get
/// here: [`intake`] rebuilds or skips them first.
pub async fn on_unhandled(ctx: Arc<Ctx>, update: Arc<Update>) {
    let _pending = ctx.tracker.pending(update.id.0);
    let _turn = ctx.tracker.turn(update.id.0).await;
    let kind = label(&update);
    ctx.engine.metrics.update_received(kind);
    ctx.engine.metrics.update_handled(kind, Outcome::Handled);
    tracing::debug!(
        update_id = update.id.0,
        "update of a kind the bot does not handle"
    );
}
