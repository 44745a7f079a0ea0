//! Running one step as one transaction: the chat's state, [`fsm::step`],
//! and the changes, the next state, the messages to send and the update's
//! id saved together; then the messages handed to delivery.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::listener::Pending;
use super::Ctx;
use crate::fsm::{self, Effect, Event, Input, Place, Role};
use crate::metrics::{self, Outcome};
use crate::model::{Change, Chat, Model, Person, State, TicketId};
use crate::replies::Reply;
use crate::store::{Committed, Decision, StoreError};

/// Messages saved with a transaction, sent once it is durable.
#[derive(Debug, Serialize, Deserialize)]
pub struct Outbox {
    /// The chat whose update caused them (told about failed deliveries).
    pub acting: Chat,
    /// The forum topic the update came from: answers to the acting chat go
    /// back into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<i32>,
    pub effects: Vec<Effect>,
}

/// Who sent an update, as the rules see them.
pub struct Sender {
    pub person: Person,
    /// The member behind it (in a group, not the group).
    pub member: super::events::Member,
    pub place: Place,
    pub role: Role,
    /// The shipped language matching their Telegram `language_code`.
    pub language: Option<&'static str>,
    /// Their message, when the update is one (to react to it).
    pub message_id: Option<i32>,
}

/// One update, start to finish: decide and save in one transaction (the
/// changes, the next state, the messages to send and the update's id),
/// report the update done to its source, then hand the messages to
/// delivery. `state` is the chat's state as the dispatcher's dialogue read
/// it; should another chat have changed it meanwhile (an admin closing this
/// person's ticket), the rules see the ticket closed and start afresh.
/// Returns how it ended, for the metrics.
pub async fn handle(
    ctx: &Arc<Ctx>,
    pending: Pending,
    update: (i64, String),
    state: State,
    sender: Sender,
    event: Event,
) -> Outcome {
    let started = std::time::Instant::now();
    let Sender {
        person,
        member,
        place,
        role,
        language,
        message_id,
    } = sender;
    let chat = person.chat;
    let thread = match place {
        Place::TeamChat { thread } => thread,
        Place::Chat => None,
    };
    let kind = event.name();
    let now = now();
    let back = ctx.hours.as_ref().and_then(|hours| hours.back(now));
    let outcome = ctx
        .store
        .transact(Some(update), move |model| {
            let input = Input {
                from: person,
                role,
                now,
                new_id: fresh_id(model),
                language,
                back,
                message_id,
                ask_for_rating: ctx.ask_for_rating,
                team_zone: ctx.hours.as_ref().map_or(chrono_tz::UTC, |h| h.zone()),
                member: member.id,
                first_name: member.first_name,
                place,
                team: ctx.rules.clone(),
            };
            let fsm::Transition {
                next,
                mut changes,
                effects,
            } = fsm::step(model, &state, &input, event);
            // A chat's state is written only when it changes, or on a chat's
            // first step (so `/status` counts everyone who wrote), in this
            // same transaction.
            if model.dialogues.get(&chat) != Some(&next) {
                changes.push(Change::SetState {
                    chat,
                    state: next.clone(),
                });
            }
            let outbox = Outbox {
                acting: chat,
                thread,
                effects,
            };
            let saved = serde_json::to_value(&outbox).ok();
            let forgets = changes.iter().any(|c| matches!(c, Change::Forget { .. }));
            let held = changes.iter().any(|c| match c {
                Change::AddMessage { entry, .. } => entry.held,
                _ => false,
            });
            let refused = changes.iter().any(|c| matches!(c, Change::Refused { .. }));
            let rated = changes.iter().find_map(|c| match c {
                Change::Rate { stars, .. } => Some(*stars),
                _ => None,
            });
            Decision {
                changes,
                outbox: saved,
                result: (state, next, outbox.effects, forgets, (rated, held, refused)),
            }
        })
        .await;
    if let Err(StoreError::Database { .. }) = &outcome {
        // Not saved: not confirmed either, so Telegram sends it again.
        pending.fail();
    } else {
        pending.finish();
    }
    metrics::global().handler_took(started.elapsed());
    let counted = outcome_of(&outcome);
    match outcome {
        Ok(Committed::Saved {
            seq,
            result: (before, after, effects, forgets, (rated, held, refused)),
        }) => {
            if let Some(stars) = rated {
                metrics::global().rated(stars);
            }
            if held {
                metrics::global().held();
            }
            if refused {
                metrics::global().refused();
            }
            if forgets {
                // No file of the store may keep what was erased.
                if let Err(error) = ctx.store.compact_now().await {
                    tracing::error!(%error, "could not fold the journal after erasing a person's data");
                }
            }
            // The ticket the update was about, as a field, never its text.
            let ticket = ticket_of(&after)
                .or_else(|| ticket_of(&before))
                .map(|t| t.to_string());
            tracing::info!(
                chat,
                event = kind,
                from = before.name(),
                to = after.name(),
                ticket = ticket.as_deref().unwrap_or("-"),
                "handled"
            );
            if !ctx.store.is_shared() {
                ctx.delivery.push_in(Some(seq), chat, thread, effects);
            }
            // On a shared store the replica holding the sending duty sends
            // the outbox entry (see `super::sender`).
        }
        Ok(Committed::Unchanged((_, _, effects, _, _))) => {
            ctx.delivery.push_in(None, chat, thread, effects)
        }
        Ok(Committed::Duplicate) => {
            tracing::info!(
                chat,
                event = kind,
                "update received again; it was handled before"
            );
        }
        Err(error @ StoreError::Database { .. }) => {
            tracing::error!(chat, event = kind, %error, "could not save; the update was not confirmed and comes again");
        }
        Err(error) => {
            tracing::error!(chat, event = kind, %error, "could not save; the sender is told to try again");
            let effects = vec![Effect::Send {
                to: chat,
                reply: Reply::SaveFailed,
            }];
            ctx.delivery.push_in(None, chat, thread, effects);
        }
    }
    counted
}

/// How an update's transaction ended, for the metrics.
fn outcome_of<R>(result: &Result<Committed<R>, StoreError>) -> Outcome {
    match result {
        Ok(Committed::Saved { .. } | Committed::Unchanged(_)) => Outcome::Handled,
        Ok(Committed::Duplicate) => Outcome::Duplicate,
        Err(_) => Outcome::Failed,
    }
}

/// Queues messages saved before a stop but not recorded as sent (the bot
/// stopped in between). Called once at start, before new updates, so they
/// go out first in each chat.
pub fn send_unsent(ctx: &Ctx) {
    if ctx.store.is_shared() {
        // The sending replica sends them (see `super::sender`).
        return;
    }
    for (seq, saved) in ctx.store.unsent() {
        match serde_json::from_value::<Outbox>(saved) {
            Ok(outbox) => {
                tracing::info!(seq, "sending messages saved before the last stop");
                ctx.delivery
                    .push_in(Some(seq), outbox.acting, outbox.thread, outbox.effects);
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

/// The time now, in Unix seconds: the clock the bot's rules are given.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn ticket_of(state: &State) -> Option<TicketId> {
    match state {
        State::TicketOpen { ticket } | State::AdminReplying { ticket } => Some(*ticket),
        State::Idle | State::AwaitingDescription | State::RatingComment { .. } => None,
    }
}
