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
//!
//! With a team forum group (`TEAM_CHAT_ID`), notices about a ticket go into
//! the ticket's topic, made when first needed. The group has one queue like
//! any chat, so two messages of one person arriving together never make two
//! topics. A topic deleted by hand is made again and the ticket's last
//! messages posted there. A closed ticket's topic stays closed: the bot,
//! allowed to manage topics, posts into it as it is (its rating, say);
//! only when a post into a closed topic is refused (the bot lost that
//! right, which as the topic's creator it does not need to reopen and
//! close it) is the topic opened for the post and closed again. Without
//! the right to manage topics, new notices go to the group without topics
//! (and `/readyz` says so). New-ticket notices for General are merged into one
//! message when they pile up behind the group's flood limit, so the team
//! hears of every new ticket within a minute even in a burst.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio::task::AbortHandle;

use super::limits::Priority;
use super::send::{self, NotDelivered, TopicAction, TopicTrouble};
use super::team::Team;
use super::ThrottledBot;
use crate::config::Languages;
use crate::fsm::{Effect, Media, Reaction, ToOwner};
use crate::health::Health;
use crate::model::{Author, Change, Chat, Ticket, TicketId, TicketStatus};
use crate::replies::{Rendered, Reply, TopicLink};
use crate::store::Store;
use crate::texts;

/// The outbox entry a message belongs to (`None` for messages not saved,
/// such as "could not save, try again").
type Seq = Option<u64>;

/// One thing to send to one chat.
#[derive(Debug)]
enum Work {
    /// Say this (in a forum group: in the topic `thread`, or in General;
    /// as a reply to the message `reply_to`, if given).
    Say {
        reply: Reply,
        thread: Option<i32>,
        reply_to: Option<i32>,
    },
    /// A notice to a support team chat, with an attachment to copy after it.
    /// Messages about a ticket are remembered, so that a reply to them
    /// reaches the ticket's owner.
    Notice { reply: Reply, copy: Option<Media> },
    /// Everything kept about the person, as a JSON file.
    TheirData,
    /// A one-time login link to the team's inbox.
    LoginLink { member: i64, first_name: String },
    /// A button that opens the team's inbox (a Mini App if `private`), in
    /// a forum group in the topic `thread`.
    InboxLink { private: bool, thread: Option<i32> },
    /// A reaction on a person's message; `fallback` said instead if it
    /// cannot be set.
    React {
        message_id: i32,
        reaction: Reaction,
        fallback: Reply,
    },
    /// An admin's message to a ticket's owner; then `acting` is told whether
    /// it arrived (in the topic `thread` it came from).
    ToOwner {
        to_owner: ToOwner,
        acting: Chat,
        thread: Option<i32>,
    },
    /// A notice into a ticket's topic in the forum group.
    TopicNotice {
        ticket: TicketId,
        reply: Reply,
        copy: Option<Media>,
    },
    /// "New ticket" in General of the forum group (merged when they pile up).
    General(TicketId),
    /// The ticket's topic closed or opened as the ticket is.
    SyncTopic(TicketId),
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
    /// Making topics was refused (no right to manage them): not tried again
    /// before this time.
    topics_refused_until: Mutex<Option<Instant>>,
    /// The team's inbox (`PUBLIC_URL`), for login links.
    public_url: std::sync::OnceLock<Option<url::Url>>,
    /// The claim each opening notice in a topic shows, as this delivery
    /// last edited it (by message id; one not here shows none, as posted).
    notices: Mutex<HashMap<i32, Option<String>>>,
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
            topics_refused_until: Mutex::new(None),
            public_url: std::sync::OnceLock::new(),
            notices: Mutex::new(HashMap::new()),
        })
    }

    /// Where the team's inbox is (`PUBLIC_URL`), for login links.
    pub fn set_public_url(&self, url: Option<url::Url>) {
        let _ = self.public_url.set(url);
    }

    /// Queues the messages of one step. `seq` is its outbox entry, marked
    /// sent once every message is done; `acting` is the chat whose update
    /// caused them.
    pub fn push(self: &Arc<Self>, seq: Seq, acting: Chat, effects: Vec<Effect>) {
        self.push_in(seq, acting, None, effects);
    }

    /// [`Delivery::push`] for a step that came from the forum topic `thread`:
    /// what it says to the acting chat goes back into that topic.
    pub fn push_in(
        self: &Arc<Self>,
        seq: Seq,
        acting: Chat,
        thread: Option<i32>,
        effects: Vec<Effect>,
    ) {
        let forum = self.team.forum();
        // Members told in person (`Effect::ToMember`) in their private
        // chat, which then does not get the team's notice of the same step.
        let told: Vec<Chat> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::ToMember { member, .. } if self.team.is_admin(*member) => Some(*member),
                _ => None,
            })
            .collect();
        let mut jobs = Vec::new();
        // Topics are closed or opened after the notices about it.
        let mut syncs = Vec::new();
        for effect in effects {
            match effect {
                Effect::Send {
                    to,
                    reply,
                    reply_to,
                } => {
                    let thread = thread.filter(|_| to == acting);
                    let reply_to = reply_to.filter(|_| to == acting);
                    jobs.push((
                        to,
                        Work::Say {
                            reply,
                            thread,
                            reply_to,
                        },
                    ));
                }
                Effect::ToMember { member, reply } => {
                    if told.contains(&member) {
                        jobs.push((member, Work::Notice { reply, copy: None }));
                    }
                }
                Effect::NotifyAdmins {
                    reply,
                    except,
                    copy,
                } => {
                    let admins = self.team.notice_chats();
                    let skip = |a: &Chat| Some(*a) == except || told.contains(a);
                    for admin in admins.into_iter().filter(|a| !skip(a)) {
                        let (reply, copy) = (reply.clone(), copy.clone());
                        jobs.push((admin, Work::Notice { reply, copy }));
                    }
                    if let Some(forum) = forum {
                        jobs.extend(self.forum_jobs(forum, except, thread, reply, copy));
                    }
                }
                Effect::SyncTopic { ticket } => {
                    if let Some(forum) = forum {
                        syncs.push((forum, Work::SyncTopic(ticket)));
                    }
                }
                Effect::SendTheirData { to } => jobs.push((to, Work::TheirData)),
                Effect::SendLoginLink {
                    to,
                    member,
                    first_name,
                } => jobs.push((to, Work::LoginLink { member, first_name })),
                Effect::SendInboxLink { to, private } => {
                    let thread = thread.filter(|_| to == acting);
                    jobs.push((to, Work::InboxLink { private, thread }));
                }
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
                    jobs.push((
                        chat,
                        Work::ToOwner {
                            to_owner,
                            acting,
                            thread,
                        },
                    ));
                }
            }
        }
        jobs.extend(syncs);
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

    /// What a notice to the team means for the forum group: into the
    /// ticket's topic (unless the acting member is in that very topic), and
    /// for a new ticket a line in General; a notice about no ticket goes to
    /// General.
    fn forum_jobs(
        &self,
        forum: Chat,
        except: Option<Chat>,
        thread: Option<i32>,
        reply: Reply,
        copy: Option<Media>,
    ) -> Vec<(Chat, Work)> {
        let mut jobs = Vec::new();
        match reply.about_ticket() {
            Some(ticket) => {
                let topic = self.topic_of(ticket);
                let acting_here = except == Some(forum) && thread.is_some() && thread == topic;
                let is_new = matches!(reply, Reply::NewTicket { .. });
                if !acting_here {
                    jobs.push((
                        forum,
                        Work::TopicNotice {
                            ticket,
                            reply,
                            copy,
                        },
                    ));
                }
                if is_new {
                    jobs.push((forum, Work::General(ticket)));
                }
            }
            None if except != Some(forum) => jobs.push((
                forum,
                Work::Say {
                    reply,
                    thread: None,
                    reply_to: None,
                },
            )),
            None => {}
        }
        jobs
    }

    /// The bot's health, which delivery reports to.
    pub fn health(&self) -> &Health {
        &self.health
    }

    /// The bot's counters, which delivery counts into.
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.bot.metrics
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
        let forum = self.team.forum() == Some(chat);
        loop {
            if forum {
                // Choose what to send once the group can take it: notices
                // for General that pile up meanwhile go out as one.
                self.bot.limiter.wait_chat_free(chat).await;
            }
            let batch = {
                let mut queues = self.lock();
                let batch = match queues.waiting.get_mut(&chat) {
                    Some(queue) => next_batch(queue),
                    None => Vec::new(),
                };
                if batch.is_empty() {
                    queues.waiting.remove(&chat);
                    queues.workers.remove(&chat);
                    if queues.workers.is_empty() {
                        self.idle.notify_waiters();
                    }
                    return;
                }
                for _ in &batch {
                    self.count_waiting(&mut queues, chat, false);
                }
                batch
            };
            let (seqs, works): (Vec<Seq>, Vec<Work>) =
                batch.into_iter().map(|job| (job.seq, job.work)).unzip();
            let follow_up = match <[Work; 1]>::try_from(works) {
                Ok([work]) => self.run(chat, work).await,
                Err(works) => {
                    let tickets = works
                        .into_iter()
                        .filter_map(|work| match work {
                            Work::General(ticket) => Some(ticket),
                            _ => None,
                        })
                        .collect();
                    self.general(chat, tickets).await;
                    None
                }
            };
            let mut queues = self.lock();
            if let Some((to, thread, reply)) = follow_up {
                let seq = seqs[0];
                if let Some(seq) = seq {
                    *queues.open.entry(seq).or_default() += 1;
                }
                let work = Work::Say {
                    reply,
                    thread,
                    reply_to: None,
                };
                self.enqueue(&mut queues, to, Job { seq, work });
            }
            let mut sent = Vec::new();
            for seq in seqs.into_iter().flatten() {
                match queues.open.get_mut(&seq) {
                    Some(left) if *left > 1 => *left -= 1,
                    _ => {
                        queues.open.remove(&seq);
                        sent.push(seq);
                    }
                }
            }
            drop(queues);
            for seq in sent {
                self.store.mark_sent(seq);
            }
        }
    }

    /// Sends one job's messages; returns a message to send next to another
    /// chat (an admin told whether their message arrived, in their topic).
    async fn run(&self, chat: Chat, work: Work) -> Option<(Chat, Option<i32>, Reply)> {
        match work {
            Work::Say {
                reply,
                thread,
                reply_to,
            } => {
                let rendered = reply.render(self.language_of(chat));
                let place = send::Place { thread, reply_to };
                let mut result = self.send_placed(chat, place, &rendered, None).await;
                if let (Err(failure), Some(thread)) = (&result, thread) {
                    if TopicTrouble::of(failure) == TopicTrouble::Closed {
                        // An answer in a topic closed meanwhile (its ticket was
                        // just closed).
                        let ticket = self.store.read(|m| m.ticket_of_topic(thread));
                        if let Some(again) = self
                            .send_in_closed_topic(chat, thread, ticket, &rendered, None)
                            .await
                        {
                            result = again;
                        }
                    }
                }
                if let Err(failure) = result {
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
            Work::LoginLink { member, first_name } => {
                self.login_link(chat, member, &first_name).await;
                None
            }
            Work::InboxLink { private, thread } => {
                self.inbox_link(chat, private, thread).await;
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
            Work::TopicNotice {
                ticket,
                reply,
                copy,
            } => {
                self.topic_notice(chat, ticket, &reply, copy.as_ref()).await;
                None
            }
            Work::General(ticket) => {
                self.general(chat, vec![ticket]).await;
                None
            }
            Work::SyncTopic(ticket) => {
                self.sync_topic(chat, ticket).await;
                None
            }
            Work::ToOwner {
                to_owner,
                acting,
                thread,
            } => {
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
                // An action from the team's inbox on the web: its page
                // shows the result; the member's chat is not told.
                (acting != crate::engine::WEB_ACTING).then_some((acting, thread, answer))
            }
        }
    }

    /// A one-time login link to the team's inbox for `member`: a fresh
    /// token, its hash saved (durably, so any replica sharing the store
    /// takes it), then the link sent. The token itself is never saved.
    async fn login_link(&self, chat: Chat, member: i64, first_name: &str) {
        let Some(base) = self.public_url.get().cloned().flatten() else {
            return;
        };
        let link = crate::links::LoginLink::new(&base, member, first_name, crate::clock::now());
        let saved = self
            .store
            .transact(None, |_| crate::store::Decision {
                changes: vec![link.change],
                outbox: None,
                result: (),
            })
            .await;
        let reply = match saved {
            Ok(_) => Reply::WebLoginLink {
                url: link.url.to_string(),
            },
            Err(error) => {
                tracing::error!(%error, "could not save a login link");
                Reply::SaveFailed
            }
        };
        let rendered = reply.render(self.languages.team);
        if let Err(failure) = self.send(chat, &rendered, None).await {
            tracing::warn!(chat, reason = %failure.reason, "a login link could not be sent");
        }
    }

    /// `/inbox`'s answer: a button that opens `PUBLIC_URL/app`, as a Mini
    /// App in a private chat when the address is https (Telegram allows Web
    /// App buttons nowhere else), as a plain link otherwise.
    async fn inbox_link(&self, chat: Chat, private: bool, thread: Option<i32>) {
        let Some(base) = self.public_url.get().cloned().flatten() else {
            return;
        };
        let language = self.languages.team;
        let link = send::Link {
            label: crate::texts::text(language, "inbox-button", &[]),
            url: crate::links::app_url(&base),
            web_app: private && crate::links::opens_as_mini_app(&base),
        };
        let text = Reply::InboxLink.render(language).text;
        if let Err(failure) = send::send_link(&self.bot, chat, thread, &text, &link).await {
            tracing::warn!(chat, reason = %failure.reason, "the inbox button could not be sent");
        }
    }

    /// A notice into `ticket`'s topic of the forum group, the topic made
    /// first if it has none (or made again if it was deleted, opened for
    /// the notice if a post into it closed is refused). Without topics,
    /// into the group as it is.
    async fn topic_notice(
        &self,
        forum: Chat,
        ticket: TicketId,
        reply: &Reply,
        copy: Option<&Media>,
    ) {
        let mut reply = reply.clone();
        if let Reply::NewTicket { in_topic, .. } = &mut reply {
            *in_topic = true;
        }
        let reply = &reply;
        let rendered = reply.render(self.languages.team);
        let thread = match self.topic_of(ticket) {
            Some(thread) => Some(thread),
            None => self.new_topic(forum, ticket).await,
        };
        let mut result = self.send_in(forum, thread, &rendered, copy).await;
        let mut posted_in = thread;
        if let (Err(failure), Some(old)) = (&result, thread) {
            match TopicTrouble::of(failure) {
                TopicTrouble::Gone => {
                    tracing::warn!(ticket = %ticket, thread = old, "the ticket's topic is gone; making it again");
                    self.set_topic(ticket, None);
                    let new = self.new_topic(forum, ticket).await;
                    if let Some(new) = new {
                        self.repost(forum, new, ticket, reply).await;
                    }
                    posted_in = new;
                    result = self.send_in(forum, new, &rendered, copy).await;
                }
                TopicTrouble::Closed => {
                    // The bot closes a closed ticket's topic itself and may
                    // post into it while it may manage topics; a refusal
                    // then means it lost that right, not that anyone
                    // closed the topic by hand.
                    let closed_ticket = self.store.read(|m| {
                        m.ticket(&ticket)
                            .is_some_and(|t| t.status == TicketStatus::Closed)
                    });
                    if closed_ticket {
                        tracing::info!(ticket = %ticket, thread = old, "posting into the closed ticket's topic was refused (no right to manage topics); opening it for the message");
                    } else {
                        tracing::warn!(ticket = %ticket, thread = old, "the ticket's topic was closed by hand; opening it again");
                    }
                    if let Some(again) = self
                        .send_in_closed_topic(forum, old, Some(ticket), &rendered, copy)
                        .await
                    {
                        result = again;
                    }
                }
                TopicTrouble::NoRights | TopicTrouble::Other => {}
            }
        }
        match result {
            Ok(ids) => {
                if let (Reply::NewTicket { .. }, Some(thread)) = (reply, posted_in) {
                    // The opening notice, to show later who is answering.
                    self.store.record(vec![Change::Topic {
                        ticket,
                        thread: Some(thread),
                        notice: ids.first().copied(),
                    }]);
                }
                self.remember_relays(forum, reply, ids);
            }
            Err(failure) => {
                tracing::error!(chat = forum, ticket = %ticket, reason = %failure.reason,
                    "the team's group could not be told");
            }
        }
    }

    /// Sends into the topic `thread`, found closed: opens it, sends again,
    /// then brings the topic back in line with its ticket (a closed
    /// ticket's topic closes again). `None` when it could not be opened.
    async fn send_in_closed_topic(
        &self,
        forum: Chat,
        thread: i32,
        ticket: Option<TicketId>,
        rendered: &Rendered,
        copy: Option<&Media>,
    ) -> Option<Result<Vec<i32>, NotDelivered>> {
        send::manage_topic(&self.bot, forum, thread, None, Some(TopicAction::Reopen))
            .await
            .ok()?;
        let result = self.send_in(forum, Some(thread), rendered, copy).await;
        if let Some(ticket) = ticket {
            self.sync_topic(forum, ticket).await;
        }
        Some(result)
    }

    /// Makes a topic for `ticket` and records it; `None` when topics cannot
    /// be made (then notices go to the group without a topic).
    async fn new_topic(&self, forum: Chat, ticket: TicketId) -> Option<i32> {
        let refused_until = *self
            .topics_refused_until
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if refused_until.is_some_and(|until| Instant::now() < until) {
            return None;
        }
        let language = self.languages.team;
        let name = self
            .store
            .read(|m| m.ticket(&ticket).map(|t| topic_name(t, language)))?;
        match send::create_topic(&self.bot, forum, &name).await {
            Ok(thread) => {
                self.set_topic(ticket, Some(thread));
                if refused_until.is_some() {
                    tracing::info!(chat = forum, "topics can be made again in the team's group");
                    *self
                        .topics_refused_until
                        .lock()
                        .unwrap_or_else(|e| e.into_inner()) = None;
                }
                self.health.topics_work(true);
                Some(thread)
            }
            Err(failure) => {
                if TopicTrouble::of(&failure) == TopicTrouble::NoRights {
                    tracing::warn!(chat = forum, reason = %failure.reason,
                        "the bot may not make topics in the team's group (it needs to be an admin with 'Manage topics'); notices go to the group without topics");
                    self.health.topics_work(false);
                    *self
                        .topics_refused_until
                        .lock()
                        .unwrap_or_else(|e| e.into_inner()) =
                        Some(Instant::now() + Duration::from_secs(60));
                } else {
                    tracing::warn!(chat = forum, ticket = %ticket, reason = %failure.reason,
                        "could not make a topic for the ticket");
                }
                None
            }
        }
    }

    /// Into a ticket's new topic (the old one was deleted): its last
    /// messages, unless the notice being sent is the ticket's first.
    async fn repost(&self, forum: Chat, thread: i32, ticket: TicketId, reply: &Reply) {
        if matches!(reply, Reply::NewTicket { .. }) {
            return;
        }
        // The notice being sent reports the newest message itself.
        let newest_reported = matches!(
            reply,
            Reply::OwnerWrote { .. } | Reply::OwnerSent { .. } | Reply::OwnerEdited { .. }
        );
        let last = self.store.read(|m| {
            m.ticket(&ticket).map_or_else(Vec::new, |t| {
                let end = t.messages.len() - usize::from(newest_reported && !t.messages.is_empty());
                let skip = end.saturating_sub(REPOSTED);
                t.messages[skip..end]
                    .iter()
                    .map(|e| (e.from == Author::Owner, e.text.clone()))
                    .collect()
            })
        });
        let recovered = Reply::TopicRecovered { id: ticket, last };
        let rendered = recovered.render(self.languages.team);
        if let Err(failure) = self.send_in(forum, Some(thread), &rendered, None).await {
            tracing::warn!(ticket = %ticket, reason = %failure.reason, "could not post a ticket's last messages in its new topic");
        }
    }

    /// Closes (and marks closed in its name) or opens a ticket's topic as
    /// the ticket is; its name and its opening notice show who is answering
    /// it.
    async fn sync_topic(&self, forum: Chat, ticket: TicketId) {
        let Some(thread) = self.topic_of(ticket) else {
            return;
        };
        let language = self.languages.team;
        let Some((name, open, notice)) = self.store.read(|m| {
            m.ticket(&ticket).map(|t| {
                let notice = t
                    .topic_notice
                    .filter(|_| t.topic == Some(thread))
                    .map(|message| (message, opening_notice(t)));
                (
                    topic_name(t, language),
                    t.status == TicketStatus::Open,
                    notice,
                )
            })
        }) else {
            return;
        };
        let (name, action) = if open {
            (name, TopicAction::Reopen)
        } else {
            (closed_topic_name(&name), TopicAction::Close)
        };
        if let Err(failure) =
            send::manage_topic(&self.bot, forum, thread, Some(&name), Some(action)).await
        {
            tracing::warn!(ticket = %ticket, thread, reason = %failure.reason, "could not bring the ticket's topic in line");
        }
        if let Some((message, reply)) = notice {
            self.show_claim(forum, ticket, message, reply).await;
        }
    }

    /// Edits the opening notice `message` of a ticket's topic into `reply`
    /// unless this delivery already showed the same claim there (a notice
    /// is posted unclaimed).
    async fn show_claim(&self, forum: Chat, ticket: TicketId, message: i32, reply: Reply) {
        let Reply::NewTicket { claimed, .. } = &reply else {
            return;
        };
        let shown = |notices: &HashMap<i32, Option<String>>| {
            notices.get(&message).unwrap_or(&None) == claimed
        };
        if shown(&self.notices.lock().unwrap_or_else(|e| e.into_inner())) {
            return;
        }
        let rendered = reply.render(self.languages.team);
        match send::edit(&self.bot, forum, message, &rendered).await {
            Ok(()) => {
                self.notices
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(message, claimed.clone());
            }
            Err(failure) => {
                tracing::warn!(ticket = %ticket, message, reason = %failure.reason, "could not show who is answering in the ticket's opening notice");
            }
        }
    }

    /// New tickets announced in General: one message for all of them.
    async fn general(&self, forum: Chat, tickets: Vec<TicketId>) {
        let names: Vec<(TicketId, String)> = self.store.read(|m| {
            tickets
                .iter()
                .filter_map(|id| m.ticket(id))
                .map(|t| (t.id, t.owner.name.clone()))
                .collect()
        });
        let links: Vec<TopicLink> = names
            .into_iter()
            .map(|(id, name)| TopicLink {
                id,
                name,
                link: self
                    .topic_of(id)
                    .and_then(|thread| topic_link(forum, thread)),
            })
            .collect();
        if links.is_empty() {
            return;
        }
        let reply = Reply::NewTicketsInTopics { tickets: links };
        let rendered = reply.render(self.languages.team);
        if let Err(failure) = self.send_in(forum, None, &rendered, None).await {
            tracing::warn!(chat = forum, reason = %failure.reason, "could not announce new tickets in General");
        }
    }

    /// A ticket's topic, as the model has it (a topic just made or lost is
    /// there at once: the store applies what is recorded before it is
    /// durable, on either backend).
    fn topic_of(&self, ticket: TicketId) -> Option<i32> {
        self.store.read(|m| m.ticket(&ticket).and_then(|t| t.topic))
    }

    /// A ticket's topic is now `thread` (`None`: gone).
    fn set_topic(&self, ticket: TicketId, thread: Option<i32>) {
        self.store.record(vec![Change::Topic {
            ticket,
            thread,
            notice: None,
        }]);
    }

    /// Remembers which ticket the messages just sent to a team chat belong
    /// to, so that a reply to them reaches the ticket's owner.
    fn remember_relays(&self, chat: Chat, reply: &Reply, ids: Vec<i32>) {
        if let Some(ticket) = reply.relayed_ticket() {
            let relays = ids
                .into_iter()
                .map(|message| Change::Relay {
                    chat,
                    message,
                    ticket,
                })
                .collect();
            self.store.record(relays);
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
            Ok(ids) => self.remember_relays(admin, reply, ids),
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
        self.send_in(to, None, rendered, copy).await
    }

    /// [`Delivery::send`] into the forum topic `thread`, if given.
    async fn send_in(
        &self,
        to: Chat,
        thread: Option<i32>,
        rendered: &Rendered,
        copy: Option<&Media>,
    ) -> Result<Vec<i32>, NotDelivered> {
        let place = send::Place {
            thread,
            reply_to: None,
        };
        self.send_placed(to, place, rendered, copy).await
    }

    /// [`Delivery::send`] placed as `place` says.
    async fn send_placed(
        &self,
        to: Chat,
        place: send::Place,
        rendered: &Rendered,
        copy: Option<&Media>,
    ) -> Result<Vec<i32>, NotDelivered> {
        let thread = place.thread;
        let priority = if self.team.is_admin(to) {
            Priority::Team
        } else {
            Priority::Person
        };
        let mut ids = send::send(&self.bot, to, place, rendered, priority).await?;
        if let Some(media) = copy {
            let (from, message) = (media.chat, media.message_id);
            ids.push(send::copy(&self.bot, to, thread, from, message, priority).await?);
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

/// How many of a ticket's last messages are posted into its topic when the
/// topic is made again.
const REPOSTED: usize = 5;

/// Telegram's limit on a topic's name, in UTF-16 units.
const MAX_TOPIC_NAME: usize = 128;

/// The next jobs of a chat's queue: the first one, or, when new-ticket
/// notices for General wait (other than right behind the topic notice of
/// their own ticket, which makes the topic they link to), all of those at
/// once, merged into one message.
fn next_batch(queue: &mut VecDeque<Job>) -> Vec<Job> {
    let first_general = queue
        .iter()
        .position(|job| matches!(job.work, Work::General(_)));
    let merge = match first_general {
        None => false,
        Some(0) => true,
        Some(1) => !matches!(
            (&queue[0].work, &queue[1].work),
            (Work::TopicNotice { ticket, .. }, Work::General(general)) if ticket == general
        ),
        Some(_) => true,
    };
    if !merge {
        return queue.pop_front().into_iter().collect();
    }
    let (generals, rest): (VecDeque<Job>, VecDeque<Job>) = queue
        .drain(..)
        .partition(|job| matches!(job.work, Work::General(_)));
    *queue = rest;
    generals.into()
}

/// A ticket's topic name: `1A2B3C4D · Ann`, and who is answering it if
/// someone claimed it (in `language`), within Telegram's limit.
fn topic_name(ticket: &Ticket, language: &str) -> String {
    let name = if ticket.owner.name.trim().is_empty() {
        "?"
    } else {
        ticket.owner.name.trim()
    };
    let topic = format!("{} · {name}", ticket.id);
    match &ticket.claim {
        None => fit(topic),
        Some(claim) => fit(texts::text(
            language,
            "topic-name-claimed",
            &[
                ("topic", topic.into()),
                ("member", claim.name.clone().into()),
            ],
        )),
    }
}

/// A ticket's opening notice in its topic, as it reads now (who is
/// answering it included).
fn opening_notice(ticket: &Ticket) -> Reply {
    let first = ticket.messages.first();
    Reply::NewTicket {
        id: ticket.id,
        owner: ticket.owner.clone(),
        text: first.map(|e| e.text.clone()).unwrap_or_default(),
        media: first.and_then(|e| e.media),
        in_topic: true,
        claimed: ticket.claim.as_ref().map(|c| c.name.clone()),
    }
}

/// The name of a closed ticket's topic.
fn closed_topic_name(name: &str) -> String {
    fit(format!("✅ {name}"))
}

/// Cuts a topic name to Telegram's limit (at a character boundary).
fn fit(mut name: String) -> String {
    while crate::telegram::len(&name) > MAX_TOPIC_NAME {
        name.pop();
    }
    name
}

/// A link to a topic of a supergroup (`-100` followed by its number).
fn topic_link(forum: Chat, thread: i32) -> Option<String> {
    let number = forum.checked_neg()?.checked_sub(1_000_000_000_000)?;
    (number > 0).then(|| format!("https://t.me/c/{number}/{thread}"))
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
