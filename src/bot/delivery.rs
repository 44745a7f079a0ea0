//! Delivery: the messages of each step, sent apart from intake, one queue
//! per chat.
//!
//! An update is confirmed to Telegram once its changes and its messages
//! (the outbox) are on disk; sending them is this module's job and runs
//! apart. Each chat has its own queue, drained in order by its own task, so
//! a chat whose sends fail or wait (429, network trouble, a server error)
//! holds up only itself: never another chat, never the next `getUpdates`.
//! The flood limits are kept in [`super::limits`], people before the team.
//!
//! The messages of one step may go to several chats; the step's outbox entry
//! is marked sent once all of them are done. Whatever is still queued at a
//! stop stays in the outbox and goes out at the next start.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::task::AbortHandle;

use super::limits::Priority;
use super::send::{self, NotDelivered};
use super::team::Team;
use super::ThrottledBot;
use crate::config::Languages;
use crate::fsm::{Effect, Media, Reaction, ToOwner};
use crate::health::Health;
use crate::model::{Change, Chat};
use crate::replies::{Rendered, Reply};
use crate::store::Store;
use crate::texts;

/// The outbox entry a message belongs to (`None` for messages not saved,
/// such as "could not save, try again").
type Seq = Option<u64>;

/// One thing to send to one chat.
#[derive(Debug)]
enum Work {
    /// Say this.
    Say(Reply),
    /// A notice to a support team chat, with an attachment to copy after it.
    /// Messages about a ticket are remembered, so that a reply to them
    /// reaches the ticket's owner.
    Notice { reply: Reply, copy: Option<Media> },
    /// Everything kept about the person, as a JSON file.
    TheirData,
    /// A reaction on a person's message; `fallback` said instead if it
    /// cannot be set.
    React {
        message_id: i32,
        reaction: Reaction,
        fallback: Reply,
    },
    /// An admin's message to a ticket's owner; then `acting` is told whether
    /// it arrived.
    ToOwner { to_owner: ToOwner, acting: Chat },
}

#[derive(Debug)]
struct Job {
    seq: Seq,
    work: Work,
}

/// The queues and the outbox entries not yet fully sent.
#[derive(Default)]
struct Queues {
    waiting: HashMap<Chat, VecDeque<Job>>,
    /// The task draining each chat's queue.
    workers: HashMap<Chat, AbortHandle>,
    /// Messages still to send per outbox entry.
    open: HashMap<u64, usize>,
    /// How many messages wait, to private chats and to groups (kept as
    /// they come and go, for `/metrics`).
    waiting_private: usize,
    waiting_group: usize,
    stopped: bool,
}

/// Sends the messages of every step; see the module doc.
pub struct Delivery {
    bot: ThrottledBot,
    store: Arc<Store>,
    team: Arc<Team>,
    health: Arc<Health>,
    /// What to speak when a chat's own language is not known.
    languages: Languages,
    queues: Mutex<Queues>,
    /// Woken when the last queue empties.
    idle: Notify,
}

impl Delivery {
    pub fn new(
        bot: ThrottledBot,
        store: Arc<Store>,
        team: Arc<Team>,
        health: Arc<Health>,
        languages: Languages,
    ) -> Arc<Self> {
        Arc::new(Delivery {
            bot,
            store,
            team,
            health,
            languages,
            queues: Mutex::new(Queues::default()),
            idle: Notify::new(),
        })
    }

    /// Queues the messages of one step. `seq` is its outbox entry, marked
    /// sent once every message is done; `acting` is the chat whose update
    /// caused them.
    pub fn push(self: &Arc<Self>, seq: Seq, acting: Chat, effects: Vec<Effect>) {
        let mut jobs = Vec::new();
        for effect in effects {
            match effect {
                Effect::Send { to, reply } => jobs.push((to, Work::Say(reply))),
                Effect::NotifyAdmins {
                    reply,
                    except,
                    copy,
                } => {
                    for admin in self.team.chats().into_iter().filter(|a| Some(*a) != except) {
                        let (reply, copy) = (reply.clone(), copy.clone());
                        jobs.push((admin, Work::Notice { reply, copy }));
                    }
                }
                Effect::SendTheirData { to } => jobs.push((to, Work::TheirData)),
                Effect::React {
                    to,
                    message_id,
                    reaction,
                    fallback,
                } => jobs.push((
                    to,
                    Work::React {
                        message_id,
                        reaction,
                        fallback,
                    },
                )),
                Effect::Deliver(to_owner) => {
                    let chat = to_owner.owner.chat;
                    jobs.push((chat, Work::ToOwner { to_owner, acting }));
                }
            }
        }
        let mut queues = self.lock();
        if let Some(seq) = seq {
            if jobs.is_empty() {
                drop(queues);
                self.store.mark_sent(seq);
                return;
            }
            *queues.open.entry(seq).or_default() += jobs.len();
        }
        for (chat, work) in jobs {
            self.enqueue(&mut queues, chat, Job { seq, work });
        }
    }

    /// One message more (`true`) or less waits for `chat`; health is told.
    fn count_waiting(&self, queues: &mut Queues, chat: Chat, more: bool) {
        let count = if chat < 0 {
            &mut queues.waiting_group
        } else {
            &mut queues.waiting_private
        };
        *count = if more {
            *count + 1
        } else {
            count.saturating_sub(1)
        };
        self.health
            .outbox_is(queues.waiting_private, queues.waiting_group);
    }

    fn enqueue(self: &Arc<Self>, queues: &mut Queues, chat: Chat, job: Job) {
        if queues.stopped {
            // Stopping: the message stays in the outbox for the next start.
            return;
        }
        queues.waiting.entry(chat).or_default().push_back(job);
        if let std::collections::hash_map::Entry::Vacant(worker) = queues.workers.entry(chat) {
            let task = tokio::spawn(Arc::clone(self).drain_chat(chat));
            worker.insert(task.abort_handle());
        }
        self.count_waiting(queues, chat, true);
    }

    /// Sends a chat's queued messages in order until its queue is empty.
    async fn drain_chat(self: Arc<Self>, chat: Chat) {
        loop {
            let job = {
                let mut queues = self.lock();
                let next = queues.waiting.get_mut(&chat).and_then(VecDeque::pop_front);
                match next {
                    Some(job) => {
                        self.count_waiting(&mut queues, chat, false);
                        job
                    }
                    None => {
                        queues.waiting.remove(&chat);
                        queues.workers.remove(&chat);
                        if queues.workers.is_empty() {
                            self.idle.notify_waiters();
                        }
                        return;
                    }
                }
            };
            let follow_up = self.run(chat, job.work).await;
            let mut queues = self.lock();
            if let Some((to, reply)) = follow_up {
                if let Some(seq) = job.seq {
                    *queues.open.entry(seq).or_default() += 1;
                }
                let work = Work::Say(reply);
                self.enqueue(&mut queues, to, Job { seq: job.seq, work });
            }
            let sent = job.seq.filter(|seq| match queues.open.get_mut(seq) {
                Some(left) if *left > 1 => {
                    *left -= 1;
                    false
                }
                _ => {
                    queues.open.remove(seq);
                    true
                }
            });
            drop(queues);
            if let Some(seq) = sent {
                self.store.mark_sent(seq);
            }
        }
    }

    /// Sends one job's messages; returns a message to send next to another
    /// chat (an admin told whether their message arrived).
    async fn run(&self, chat: Chat, work: Work) -> Option<(Chat, Reply)> {
        match work {
            Work::Say(reply) => {
                if let Err(failure) = self
                    .send(chat, &reply.render(self.language_of(chat)), None)
                    .await
                {
                    tracing::warn!(chat, reason = %failure.reason, "message not delivered");
                }
                None
            }
            Work::TheirData => {
                let data = self.store.read(|m| their_data(m, chat));
                let caption = Reply::TheirData.render(self.language_of(chat));
                if let Err(failure) = send::document(
                    &self.bot,
                    chat,
                    "my-data.json",
                    data,
                    &caption.text,
                    Priority::Person,
                )
                .await
                {
                    tracing::warn!(chat, reason = %failure.reason, "a person's data could not be sent");
                }
                None
            }
            Work::React {
                message_id,
                reaction,
                fallback,
            } => {
                if let Err(failure) = send::react(&self.bot, chat, message_id, reaction).await {
                    tracing::info!(chat, reason = %failure.reason, "could not react; saying it instead");
                    let rendered = fallback.render(self.language_of(chat));
                    if let Err(failure) = self.send(chat, &rendered, None).await {
                        tracing::warn!(chat, reason = %failure.reason, "message not delivered");
                    }
                }
                None
            }
            Work::Notice { reply, copy } => {
                self.notice(chat, &reply, copy.as_ref()).await;
                None
            }
            Work::ToOwner { to_owner, acting } => {
                let ToOwner {
                    owner,
                    ticket,
                    reply,
                    confirm,
                    copy,
                } = to_owner;
                let sent = self
                    .send(chat, &reply.render(self.language_of(chat)), copy.as_ref())
                    .await;
                let was_unreachable = self
                    .store
                    .read(|m| m.ticket(&ticket).is_some_and(|t| t.unreachable));
                let answer = match sent {
                    Ok(_) => {
                        if was_unreachable {
                            self.store.record(vec![Change::Unreachable {
                                ticket,
                                unreachable: false,
                            }]);
                        }
                        confirm
                    }
                    Err(failure) => {
                        tracing::warn!(chat, ticket = %ticket, reason = %failure.reason, "ticket owner not reached");
                        if failure.unreachable && !was_unreachable {
                            self.store.record(vec![Change::Unreachable {
                                ticket,
                                unreachable: true,
                            }]);
                        }
                        Reply::NotDelivered {
                            id: ticket,
                            owner,
                            closing: matches!(reply, Reply::ClosedBySupport { .. }),
                            reason: failure.reason,
                        }
                    }
                };
                Some((acting, answer))
            }
        }
    }

    /// A notice to an admin chat. A group that became a supergroup is
    /// followed to its new id.
    async fn notice(&self, chat: Chat, reply: &Reply, copy: Option<&Media>) {
        let rendered = reply.render(self.language_of(chat));
        let mut admin = chat;
        let mut result = self.send(admin, &rendered, copy).await;
        if let Err(NotDelivered {
            moved_to: Some(to), ..
        }) = result
        {
            tracing::warn!(
                from = admin,
                to,
                "an admin group became a supergroup; using its new id"
            );
            self.team.moved(admin, to);
            self.store
                .record(vec![Change::AdminMoved { from: admin, to }]);
            admin = to;
            result = self.send(admin, &rendered, copy).await;
        }
        match result {
            Ok(ids) => {
                if let Some(ticket) = reply.relayed_ticket() {
                    let relays = ids
                        .into_iter()
                        .map(|message| Change::Relay {
                            chat: admin,
                            message,
                            ticket,
                        })
                        .collect();
                    self.store.record(relays);
                }
            }
            Err(failure) => {
                let ticket = reply.relayed_ticket().map(|t| t.to_string());
                tracing::error!(chat = admin, ticket = ticket.as_deref().unwrap_or("-"),
                    reason = %failure.reason, "an admin chat could not be told");
            }
        }
    }

    /// Sends a message, then copies an attachment after it. Returns the ids
    /// of everything sent.
    async fn send(
        &self,
        to: Chat,
        rendered: &Rendered,
        copy: Option<&Media>,
    ) -> Result<Vec<i32>, NotDelivered> {
        let priority = if self.team.is_admin(to) {
            Priority::Team
        } else {
            Priority::Person
        };
        let mut ids = send::send(&self.bot, to, rendered, priority).await?;
        if let Some(media) = copy {
            ids.push(send::copy(&self.bot, to, media.chat, media.message_id, priority).await?);
        }
        Ok(ids)
    }

    /// The language to speak in `chat`: the team's for a team chat, else
    /// the person's own (see `Model::language`), else the default.
    fn language_of(&self, chat: Chat) -> &'static str {
        if self.team.is_admin(chat) {
            return self.languages.team;
        }
        self.store
            .read(|m| m.language(chat).and_then(|l| texts::shipped(l.code())))
            .map_or(self.languages.default, |l| l.code)
    }

    /// Waits until every queue is empty, at most `grace`; then stops the
    /// rest, which stays in the outbox for the next start. Returns whether
    /// everything was sent.
    pub async fn finish(&self, grace: Duration) -> bool {
        let emptied = tokio::time::timeout(grace, async {
            loop {
                let idle = self.idle.notified();
                tokio::pin!(idle);
                idle.as_mut().enable();
                if self.lock().workers.is_empty() {
                    return;
                }
                idle.await;
            }
        })
        .await
        .is_ok();
        let mut queues = self.lock();
        queues.stopped = true;
        for (_, worker) in queues.workers.drain() {
            worker.abort();
        }
        queues.waiting.clear();
        (queues.waiting_private, queues.waiting_group) = (0, 0);
        self.health.outbox_is(0, 0);
        emptied
    }

    fn lock(&self) -> MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Everything the store keeps about the person of `chat`, as pretty JSON:
/// their tickets with every message, their language and their state.
fn their_data(model: &crate::model::Model, chat: Chat) -> Vec<u8> {
    let data = serde_json::json!({
        "chat": chat,
        "language": model.language(chat),
        "state": model.dialogues.get(&chat),
        "tickets": model.tickets_of(chat),
    });
    serde_json::to_vec_pretty(&data).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Model, Ticket};

    #[test]
    fn a_persons_data_holds_their_tickets_and_messages_and_nobody_elses() {
        let mut model = Model::default();
        for (chat, id, text) in [
            (5551, "AAAA0001", "my parcel"),
            (5552, "BBBB0002", "not hers"),
        ] {
            let ticket = Ticket::sample(id, chat, text, 1);
            model.apply(Change::OpenTicket { ticket }).unwrap();
        }
        let data: serde_json::Value = serde_json::from_slice(&their_data(&model, 5551)).unwrap();
        let text = data.to_string();
        assert!(
            text.contains("my parcel") && text.contains("AAAA0001"),
            "{text}"
        );
        assert!(
            !text.contains("not hers") && !text.contains("BBBB0002"),
            "{text}"
        );
        assert_eq!(data["chat"], 5551);
    }
}
