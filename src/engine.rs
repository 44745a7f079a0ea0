//! The one path both doors take into the rules: an event from Telegram
//! (`bot`) or from the team's inbox (`web`) becomes one [`fsm::step`] and
//! one store transaction (the changes, the next state, the messages to send
//! and the update's id saved together); then the messages go to delivery
//! through the [`Outlet`] the bot side gives the [`Engine`].
//!
//! Knows nothing of teloxide or poem: the doors depend on it, never the
//! reverse.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::fsm::{self, Effect, Event, Input, Place, Role};
use crate::health::Health;
use crate::metrics::{Metrics, Outcome};
use crate::model::{Change, Chat, Model, Person, State, TicketId, UnixTime};
use crate::replies::Reply;
use crate::store::{Committed, Decision, Store, StoreError};

/// Where the messages of a saved step go: delivery, which sends them to
/// Telegram (the bot side implements it). `seq` is the outbox entry they
/// were saved as, if any (delivery records it sent); `acting` and `thread`
/// are the chat (and forum topic) the step came from.
pub trait Outlet: Send + Sync {
    fn push_in(&self, seq: Option<u64>, acting: Chat, thread: Option<i32>, effects: Vec<Effect>);
}

/// The engine once the bot side has started it (delivery needs the Bot
/// API), published for the web's actions; until then they answer 503.
pub type Slot = Arc<OnceLock<Arc<Engine>>>;

/// What a step needs: the store, the team's settings the rules are given,
/// the counters, and where the messages go.
pub struct Engine {
    pub store: Arc<Store>,
    /// When the support team works (`None`: always).
    pub hours: Option<crate::hours::Schedule>,
    /// The team's time zone (`TIMEZONE`), for the days of `/stats`.
    pub zone: chrono_tz::Tz,
    /// Whether people are asked to rate the help when a ticket closes.
    pub ask_for_rating: bool,
    /// How the team works together (names, notes, spam).
    pub rules: fsm::TeamRules,
    /// This bot's counters.
    pub metrics: Arc<Metrics>,
    /// This bot's health (told of saved messages it cannot read).
    pub health: Arc<Health>,
    outlet: Box<dyn Outlet>,
}

impl Engine {
    /// The engine of the bot `config` describes, its messages to `outlet`.
    pub fn new(
        config: &Config,
        store: Arc<Store>,
        metrics: Arc<Metrics>,
        health: Arc<Health>,
        outlet: Box<dyn Outlet>,
    ) -> Engine {
        Engine {
            store,
            hours: config.hours.clone(),
            zone: config.timezone,
            ask_for_rating: config.ask_for_rating,
            rules: fsm::TeamRules {
                agent_names: config.team.agent_names,
                note_prefix: config.team.note_prefix.clone(),
                spam_per_minute: config.team.spam_per_minute,
                inbox: config.web.public_url.is_some(),
            },
            metrics,
            health,
            outlet,
        }
    }
}

/// The format of the [`Outbox`] records this version writes. A record
/// without `v` is of format 1 (written before the field existed). A change
/// to the serialized form (its snapshot in `snapshots/`) raises it and keeps
/// a reader for the format before.
pub const OUTBOX_FORMAT: u32 = 1;

/// Messages saved with a transaction, sent once it is durable.
#[derive(Debug, Serialize, Deserialize)]
pub struct Outbox {
    /// The record's format ([`OUTBOX_FORMAT`] when written by this version).
    #[serde(default = "first_format")]
    pub v: u32,
    /// The chat whose update caused them (told about failed deliveries).
    pub acting: Chat,
    /// The forum topic the update came from: answers to the acting chat go
    /// back into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<i32>,
    pub effects: Vec<Effect>,
}

fn first_format() -> u32 {
    1
}

impl Outbox {
    /// The messages of one transaction, in this version's format.
    pub fn new(acting: Chat, thread: Option<i32>, effects: Vec<Effect>) -> Outbox {
        Outbox {
            v: OUTBOX_FORMAT,
            acting,
            thread,
            effects,
        }
    }

    /// The record saved with the transaction; none when nothing is to be
    /// sent.
    fn saved_if_any(&self) -> Option<serde_json::Value> {
        (!self.effects.is_empty())
            .then(|| serde_json::to_value(self).ok())
            .flatten()
    }

    /// Reads a saved record. One from a newer version, or one this version
    /// cannot read, is an error that names why; the caller keeps the record.
    pub fn read(saved: serde_json::Value) -> Result<Outbox, String> {
        let format = saved
            .get("v")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(1);
        if format > u64::from(OUTBOX_FORMAT) {
            return Err(format!(
                "format {format} is newer than this version reads ({OUTBOX_FORMAT})"
            ));
        }
        serde_json::from_value(saved).map_err(|e| e.to_string())
    }

    /// The saved messages of entry `seq` for delivery, or `None` after
    /// logging (with the entry's number) and counting a record this version
    /// cannot read. The record stays in the store, unsent, for a version
    /// that can read it.
    pub fn read_or_keep(
        seq: u64,
        saved: serde_json::Value,
        metrics: &crate::metrics::Metrics,
        health: &crate::health::Health,
    ) -> Option<Outbox> {
        match Outbox::read(saved) {
            Ok(outbox) => Some(outbox),
            Err(error) => {
                tracing::error!(
                    seq,
                    %error,
                    "saved messages could not be read; kept unsent for a version that reads them"
                );
                metrics.unreadable_record();
                health.unreadable_record();
                None
            }
        }
    }
}

/// The person behind an event: their Telegram user id and first name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub first_name: String,
}

/// Who sent an update, as the rules see them.
pub struct Sender {
    pub person: Person,
    /// The member behind it (in a group, not the group).
    pub member: Member,
    pub place: Place,
    pub role: Role,
    /// The shipped language matching their Telegram `language_code`.
    pub language: Option<&'static str>,
    /// Their message, when the update is one (to react to it).
    pub message_id: Option<i32>,
}

/// The chat of the acting "team member" when an action comes from the
/// team's inbox on the web: delivery tells nobody in Telegram of its
/// result (the page shows it), since no chat sent it. Steps no chat sent
/// (held messages passed on, see [`Engine::pass_on_held`]) use it too.
pub const WEB_ACTING: Chat = 0;

/// Where a step came from, for what is said back to whoever acted.
#[derive(Clone, Copy, Debug)]
pub enum Acting {
    /// A Telegram chat (in a forum topic `thread`, if given): answers go
    /// back there, and its state is recorded.
    Chat { chat: Chat, thread: Option<i32> },
    /// The team's inbox on the web, as team member `member` (their private
    /// chat's id): what the rules say to them is returned to the page
    /// instead of sent, and no chat state is recorded.
    Web { member: Chat },
}

/// What one step decided, once saved.
pub struct Stepped {
    before: State,
    after: State,
    /// What goes to delivery.
    effects: Vec<Effect>,
    /// What the rules said to the acting member on the web (not sent).
    said: Vec<Reply>,
    forgets: bool,
    rated: Option<u8>,
    held: bool,
    refused: bool,
}

impl Engine {
    /// One action of a team member on the web, exactly as the same command
    /// from Telegram: [`fsm::step`] as that member (role Admin, not answering
    /// any ticket), one store transaction with its outbox, the messages to
    /// delivery. Returns what the rules said to the member (for the page), or
    /// why it could not be saved.
    pub async fn act(
        &self,
        member: i64,
        first_name: String,
        event: Event,
    ) -> Result<Vec<Reply>, String> {
        self.act_at(crate::clock::now(), member, first_name, event)
            .await
    }

    /// [`Engine::act`] as of the time `now` (the demo's month of history is
    /// made by the rules at the times it happened).
    pub async fn act_at(
        &self,
        now: UnixTime,
        member: i64,
        first_name: String,
        event: Event,
    ) -> Result<Vec<Reply>, String> {
        let sender = Sender {
            person: Person {
                chat: member,
                name: first_name.clone(),
                username: None,
            },
            member: Member {
                id: member,
                first_name,
            },
            place: Place::Chat,
            role: Role::Admin,
            language: None,
            message_id: None,
        };
        let acting = Acting::Web { member };
        let kind = event.name();
        let outcome = self
            .decide_and_save(now, None, State::Idle, sender, event, acting)
            .await;
        let said = match &outcome {
            Ok(Committed::Saved { result, .. }) | Ok(Committed::Unchanged(result)) => {
                Ok(result.said.clone())
            }
            Ok(Committed::Duplicate) => Ok(Vec::new()),
            Err(error) => Err(error.to_string()),
        };
        self.hand_over(outcome, acting, kind).await;
        said
    }

    /// Decides and saves one step at the time `now` (the clock's, but for
    /// the demo's history) as one transaction: the chat's state
    /// (`state` as the caller read it; a chat's is read again inside the
    /// transaction, should another chat have changed it meanwhile, an admin
    /// closing this person's ticket), [`fsm::step`], and the changes, the next
    /// state, the messages to send and the update's id saved together. The
    /// caller then reports the update done to its source and calls
    /// [`Engine::hand_over`].
    pub async fn decide_and_save(
        &self,
        now: UnixTime,
        update: Option<(i64, String)>,
        state: State,
        sender: Sender,
        event: Event,
        acting: Acting,
    ) -> Result<Committed<Stepped>, StoreError> {
        let Sender {
            person,
            member,
            place,
            role,
            language,
            message_id,
        } = sender;
        let back = self.hours.as_ref().and_then(|hours| hours.back(now));
        self.store
            .transact(update, move |model| {
                // The chat's state as it is now: an earlier update from another
                // chat (an admin closing this person's ticket) may have changed
                // it since the dispatcher read it.
                let state = match acting {
                    Acting::Chat { chat, .. } => model.state(chat),
                    Acting::Web { .. } => state,
                };
                let input = Input {
                    from: person,
                    role,
                    now,
                    new_id: fresh_id(model),
                    language,
                    back,
                    message_id,
                    ask_for_rating: self.ask_for_rating,
                    team_zone: self.zone,
                    member: member.id,
                    first_name: member.first_name,
                    place,
                    team: self.rules.clone(),
                };
                let fsm::Transition {
                    next,
                    mut changes,
                    effects,
                } = fsm::step(model, &state, &input, event);
                let (outbox, effects, said) = match acting {
                    Acting::Chat { chat, thread } => {
                        // A chat's state is written only when it changes, or on
                        // a chat's first step (so `/status` counts everyone who
                        // wrote), in this same transaction.
                        if model.dialogues.get(&chat) != Some(&next) {
                            changes.push(Change::SetState {
                                chat,
                                state: next.clone(),
                            });
                        }
                        let outbox = Outbox::new(chat, thread, effects);
                        (
                            serde_json::to_value(&outbox).ok(),
                            outbox.effects,
                            Vec::new(),
                        )
                    }
                    Acting::Web { member } => {
                        // What the rules say to the acting member is for the
                        // page; the rest goes out as from Telegram.
                        let (to_member, effects): (Vec<Effect>, Vec<Effect>) = effects
                            .into_iter()
                            .partition(|e| matches!(e, Effect::Send { to, .. } if *to == member));
                        let said = to_member
                            .into_iter()
                            .filter_map(|e| match e {
                                Effect::Send { reply, .. } => Some(reply),
                                _ => None,
                            })
                            .collect();
                        let outbox = Outbox::new(WEB_ACTING, None, effects);
                        let saved = outbox.saved_if_any();
                        (saved, outbox.effects, said)
                    }
                };
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
                    outbox,
                    result: Stepped {
                        before: state,
                        after: next,
                        effects,
                        said,
                        forgets,
                        rated,
                        held,
                        refused,
                    },
                }
            })
            .await
    }

    /// Passes on the held messages due at `now` ([`fsm::pass_on_held`]) in one
    /// transaction with its outbox, then hands the notices to delivery. A
    /// restart loses nothing: what waits is marked in the model until passed
    /// on. Returns how many tickets' messages went.
    pub async fn pass_on_held(&self, now: u64) -> Result<usize, StoreError> {
        let committed = self
            .store
            .transact(None, |model| {
                let (changes, effects) = fsm::pass_on_held(model, now);
                let outbox = Outbox::new(WEB_ACTING, None, effects);
                let saved = outbox.saved_if_any();
                Decision {
                    result: (changes.len(), outbox.effects),
                    changes,
                    outbox: saved,
                }
            })
            .await?;
        match committed {
            Committed::Saved {
                seq,
                result: (count, effects),
            } => {
                if count > 0 {
                    tracing::info!(tickets = count, "held messages passed on to the team");
                }
                if !self.store.is_shared() && !effects.is_empty() {
                    self.outlet.push_in(Some(seq), WEB_ACTING, None, effects);
                }
                Ok(count)
            }
            Committed::Unchanged(_) | Committed::Duplicate => Ok(0),
        }
    }

    /// After a step's transaction: the counters, folding the journal after an
    /// erasure, the log line, and the messages to delivery.
    pub async fn hand_over(
        &self,
        outcome: Result<Committed<Stepped>, StoreError>,
        acting: Acting,
        kind: &'static str,
    ) {
        let (chat, thread) = match acting {
            Acting::Chat { chat, thread } => (chat, thread),
            Acting::Web { .. } => (WEB_ACTING, None),
        };
        match outcome {
            Ok(Committed::Saved { seq, result }) => {
                if let Some(stars) = result.rated {
                    self.metrics.rated(stars);
                }
                if result.held {
                    self.metrics.held();
                }
                if result.refused {
                    self.metrics.refused();
                }
                if result.forgets {
                    // No file of the store may keep what was erased.
                    if let Err(error) = self.store.compact_now().await {
                        tracing::error!(%error, "could not fold the journal after erasing a person's data");
                    }
                }
                // The ticket the update was about, as a field, never its text.
                let ticket = ticket_of(&result.after)
                    .or_else(|| ticket_of(&result.before))
                    .map(|t| t.to_string());
                tracing::info!(
                    chat,
                    event = kind,
                    from = result.before.name(),
                    to = result.after.name(),
                    ticket = ticket.as_deref().unwrap_or("-"),
                    web = matches!(acting, Acting::Web { .. }),
                    "handled"
                );
                // A web action with nothing to send saved no outbox entry.
                let seq = (!result.effects.is_empty() || matches!(acting, Acting::Chat { .. }))
                    .then_some(seq);
                // On a shared store the replica holding the sending duty sends
                // the outbox entry (the bot side's sender).
                if !self.store.is_shared() {
                    self.outlet.push_in(seq, chat, thread, result.effects);
                }
            }
            Ok(Committed::Unchanged(result)) => {
                self.outlet.push_in(None, chat, thread, result.effects)
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
                if let Acting::Chat { chat, thread } = acting {
                    let effects = vec![Effect::Send {
                        to: chat,
                        reply: Reply::SaveFailed,
                        reply_to: None,
                    }];
                    self.outlet.push_in(None, chat, thread, effects);
                }
            }
        }
    }
}

/// How an update's transaction ended, for the metrics.
pub fn outcome_of<R>(result: &Result<Committed<R>, StoreError>) -> Outcome {
    match result {
        Ok(Committed::Saved { .. } | Committed::Unchanged(_)) => Outcome::Handled,
        Ok(Committed::Duplicate) => Outcome::Duplicate,
        Err(_) => Outcome::Failed,
    }
}

impl Engine {
    /// Queues messages saved before a stop but not recorded as sent (the bot
    /// stopped in between). Called once at start, before new updates, so they
    /// go out first in each chat.
    pub fn send_unsent(&self) {
        if self.store.is_shared() {
            // The replica holding the sending duty sends them.
            return;
        }
        for (seq, saved) in self.store.unsent() {
            if let Some(outbox) = Outbox::read_or_keep(seq, saved, &self.metrics, &self.health) {
                tracing::info!(seq, "sending messages saved before the last stop");
                self.outlet
                    .push_in(Some(seq), outbox.acting, outbox.thread, outbox.effects);
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

fn ticket_of(state: &State) -> Option<TicketId> {
    match state {
        State::TicketOpen { ticket } | State::AdminReplying { ticket } => Some(*ticket),
        State::Idle | State::AwaitingDescription | State::RatingComment { .. } => None,
    }
}

#[cfg(test)]
mod format_tests {
    use super::*;
    use crate::fsm::Effect;

    /// The serialized form of an outbox record: a change to it is a new
    /// format (see [`OUTBOX_FORMAT`]), reviewed here.
    #[test]
    fn the_outbox_records_form_is_pinned() {
        let outbox = Outbox {
            v: OUTBOX_FORMAT,
            acting: 5551,
            thread: Some(7),
            effects: vec![
                Effect::Send {
                    to: 5551,
                    reply: Reply::Welcome,
                    reply_to: None,
                },
                Effect::SendInboxLink {
                    to: 9001,
                    private: true,
                },
            ],
        };
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(
                "record_format_outbox",
                serde_json::to_string_pretty(&outbox).unwrap()
            );
        });
    }

    /// The engine, the clock and the inbox's addresses sit below both
    /// doors: none of them names `bot` or `web`, teloxide or poem.
    #[test]
    fn the_engine_names_neither_door() {
        let sources = [
            ("engine.rs", include_str!("engine.rs")),
            ("clock.rs", include_str!("clock.rs")),
            ("links.rs", include_str!("links.rs")),
        ];
        // Spelt in pieces, so this test does not name them itself.
        let doors = [
            ["crate", "::bot"].concat(),
            ["crate", "::web"].concat(),
            ["telo", "xide::"].concat(),
            ["poem", "::"].concat(),
        ];
        for (file, source) in sources {
            for door in &doors {
                assert!(!source.contains(door.as_str()), "{file} names {door}");
            }
        }
    }

    #[test]
    fn an_outbox_record_without_a_format_is_format_1_and_a_newer_one_is_refused() {
        let old = serde_json::json!({"acting": 1, "effects": [{"effect": "send", "to": 1, "reply": {"reply": "welcome"}}]});
        assert_eq!(Outbox::read(old).unwrap().v, 1);
        let newer = serde_json::json!({"v": OUTBOX_FORMAT + 1, "acting": 1, "effects": []});
        let error = Outbox::read(newer).unwrap_err();
        assert!(error.contains("newer"), "{error}");
    }
}
