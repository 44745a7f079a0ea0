//! An honest fake of the Telegram Bot API server for integration tests.
//!
//! Start it with [`FakeTelegram::start`], point a teloxide `Bot` at
//! [`FakeTelegram::api_url`], push updates with the `push_*` helpers and assert
//! on [`FakeTelegram::sent`] / [`FakeTelegram::calls`]. The fake answers the way
//! Telegram does (same JSON shapes, HTTP status codes and error descriptions),
//! so a bot that passes against it is exercised against the platform's rules.
//!
//! The bot under test sends plain text only, so the fake refuses `parse_mode`,
//! `entities` and `caption_entities` outright instead of modelling Telegram's
//! HTML and Markdown dialects.
//!
//! Forum supergroups ([`FakeTelegram::add_forum_chat`]) have topics as Bot
//! API 9.x has them: createForumTopic / editForumTopic / closeForumTopic /
//! reopenForumTopic / deleteForumTopic with Telegram's errors, a
//! `forum_topic_created` service message whose id is the topic's
//! `message_thread_id`, sends with `message_thread_id` refused into closed
//! topics unless the bot may manage topics ("TOPIC_CLOSED") and into
//! deleted or unknown ones ("message thread not found"), the bot's
//! `can_manage_topics` right ([`FakeTelegram::set_topic_rights`]; the
//! creator of a topic may rename, close and reopen it without it),
//! what human admins do ([`FakeTelegram::close_topic_by_hand`],
//! [`FakeTelegram::delete_topic_by_hand`]) and the team writing in a topic
//! ([`FakeTelegram::push_topic_message`], [`FakeTelegram::push_topic_reply`]).
//! The flood limits count all topics of a group together.
//!
//! Faults a real network and a real Telegram produce can be switched on:
//! server errors ([`FakeTelegram::fail_sends`]), connections closed without an
//! answer ([`FakeTelegram::hang_up_one_in`]) and flood limits
//! ([`FakeTelegram::set_rate_limits`], [`FakeTelegram::enforce_telegram_limits`]).
//!
//! Modules by concern: `server` (HTTP, routing, answering, faults), `network`
//! (connections, hanging up), `params` (request parameters), `updates` (the
//! update queue, getUpdates, webhooks), `sent` (chats, stored messages,
//! accepted sends), `methods` and `commands` (the modelled Bot API methods),
//! `topics` (forum topics and `message_thread_id`), `members` (getChatMember
//! with the members a test adds and the bot's own standing, admin or not
//! ([`FakeTelegram::set_bot_admin`]), its arrival in a group
//! ([`FakeTelegram::push_bot_added`]), menu buttons and Web App buttons), `files`
//! (getFile and downloads),
//! `rules` (the platform's limits and checks), `push` (updates the test makes
//! people send), `state` (what the handle and the server share).

mod commands;
mod files;
mod members;
mod methods;
mod network;
mod params;
mod push;
mod rules;
mod sent;
mod server;
mod state;
mod topics;
mod updates;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{watch, Notify};

pub use commands::CommandList;
pub use members::MemberStatus;
pub use sent::SentMessage;
pub use server::Call;
pub use topics::Topic;

/// How a method fails while Telegram has trouble with it
/// ([`FakeTelegram::fail_method`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodFault {
    /// 500 "Internal Server Error".
    ServerError,
    /// 429 with `parameters.retry_after` in seconds.
    TooManyRequests { retry_after: u64 },
}

use rules::FloodLimits;
use sent::ChatKind;
use state::{Shared, State};

/// In-process fake of the Telegram Bot API server (`POST {api_url}/bot{TOKEN}/{Method}`).
///
/// It records every call, serves `getUpdates` (long polling, offsets,
/// `allowed_updates`) from a queue the test fills with `push_*`, and enforces
/// Telegram's rules with Telegram's own answers: wrong token 401
/// "Unauthorized", unknown method 404 "Not Found", unknown chat 400 "chat not
/// found", blocked user 403, text empty / longer than 4096 UTF-16 units,
/// inline keyboard callback_data 1..=64 bytes, replies to missing messages,
/// optional flood limits (429 + retry_after), callback queries answerable
/// once, bot command validation, edit rules (not found, not modified), file
/// ids the fake never issued, getUpdates conflicts (409 while a webhook is
/// set, 409 for a poll superseded by a newer one), forum topics (closed,
/// deleted, unknown, no right to manage them).
///
/// Cheap to clone; the server stops on [`FakeTelegram::shutdown`] or when the
/// last clone is dropped.
#[derive(Clone)]
pub struct FakeTelegram {
    handle: Arc<Handle>,
}

/// Owner of the server task: dropping the last one stops the server.
struct Handle {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    addr: std::net::SocketAddr,
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.shared.begin_shutdown();
        self.stop.send_replace(true);
    }
}

impl FakeTelegram {
    /// Binds 127.0.0.1:0 and serves the Bot API for `token` in a tokio task.
    pub async fn start(token: &str) -> FakeTelegram {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("FakeTelegram: cannot bind 127.0.0.1:0");
        let addr = listener
            .local_addr()
            .expect("FakeTelegram: no local address");
        let shared = Arc::new(Shared {
            token: token.to_string(),
            bot_id: state::bot_id_from_token(token),
            state: Mutex::new(State::new()),
            changed: Notify::new(),
        });
        let stop = server::serve(listener, Arc::clone(&shared));
        FakeTelegram {
            handle: Arc::new(Handle { shared, stop, addr }),
        }
    }

    /// Base URL for `Bot::set_api_url`, e.g. "http://127.0.0.1:PORT/".
    pub fn api_url(&self) -> String {
        format!("http://{}/", self.handle.addr)
    }

    /// Id of the bot user (the digits before ':' in the token, if any).
    pub fn bot_user_id(&self) -> i64 {
        self.handle.shared.bot_id
    }

    /// Username getMe reports ("support_test_bot").
    pub fn bot_username(&self) -> String {
        state::BOT_USERNAME.to_string()
    }

    /// Stops the server and ends pending long polls (with an empty result).
    pub fn shutdown(&self) {
        self.handle.shared.begin_shutdown();
        self.handle.stop.send_replace(true);
    }

    // -- chats ----------------------------------------------------------------

    /// A person who has started the bot: the bot may message them and they can write to it.
    pub fn add_private_chat(&self, id: i64, first_name: &str, username: Option<&str>) {
        let kind = ChatKind::Private {
            first_name: first_name.to_string(),
            username: username.map(str::to_string),
        };
        self.with_state(|_, st| st.store.upsert_chat(id, kind));
    }

    /// The language of a person's Telegram app, sent as `language_code` with
    /// everything they do (`None`: Telegram sends none). "en" until set.
    pub fn set_language(&self, person: i64, code: Option<&str>) {
        self.with_state(|_, st| {
            st.store.languages.insert(person, code.map(str::to_string));
        });
    }

    /// A group the bot is a member of.
    pub fn add_group_chat(&self, id: i64, title: &str) {
        let kind = ChatKind::Group {
            title: title.to_string(),
        };
        self.with_state(|_, st| st.store.upsert_chat(id, kind));
    }

    /// A supergroup with topics (`is_forum`), the bot an administrator in it
    /// with the `can_manage_topics` right (see [`FakeTelegram::set_topic_rights`]).
    /// Messages without `message_thread_id` go to its General topic.
    pub fn add_forum_chat(&self, id: i64, title: &str) {
        let kind = ChatKind::Forum {
            title: title.to_string(),
        };
        self.with_state(|_, st| st.store.upsert_chat(id, kind));
    }

    /// `user` is in `group` with `status` (getChatMember answers it); a
    /// later call changes the status (e.g. to `Left` or `Kicked`).
    pub fn add_member(&self, group: i64, user: i64, status: MemberStatus) {
        self.with_state(|_, st| {
            st.members.statuses.insert((group, user), status);
        });
    }

    /// The menu button set for `chat` with setChatMenuButton (`None`: the
    /// bot's default for every private chat), as sent.
    pub fn menu_button(&self, chat: Option<i64>) -> Option<Value> {
        self.with_state(|_, st| st.members.menu_buttons.get(&chat).cloned())
    }

    /// The person blocked the bot (for a group: the bot was kicked); every send then fails with 403.
    pub fn block(&self, chat: i64) {
        self.with_state(|_, st| st.store.set_blocked(chat, true));
    }

    /// Undoes [`FakeTelegram::block`].
    pub fn unblock(&self, chat: i64) {
        self.with_state(|_, st| st.store.set_blocked(chat, false));
    }

    /// The group `old` became the supergroup `new` (also created here):
    /// sends to `old` now fail with `migrate_to_chat_id` = `new`.
    pub fn migrate_group(&self, old: i64, new: i64, title: &str) {
        self.add_group_chat(new, title);
        self.with_state(|_, st| {
            if let Some(c) = st.store.chats.get_mut(&old) {
                c.migrated_to = Some(new);
            }
        });
    }

    /// A photo that reached Telegram before the bot ran (a demo's history):
    /// the file id of its picture, good for getFile and downloads from now
    /// on, as the ids of photos pushed as updates are.
    pub fn earlier_photo(&self) -> String {
        self.with_state(|_, st| st.store.issue_file_id("photo"))
    }

    // -- faults -----------------------------------------------------------------

    /// Telegram has trouble: the next `n` sendMessage calls answer
    /// 500 "Internal Server Error" (teloxide then waits 10 s before reading
    /// the answer, so use this sparingly).
    pub fn fail_sends(&self, n: u32) {
        self.with_state(|_, st| st.faults.failing_sends = n);
    }

    /// Telegram has trouble with one method (`method` as in the Bot API's
    /// documentation, any case): every call of it, getUpdates included,
    /// gets `fault` until [`FakeTelegram::heal_method`]. Other methods are
    /// not affected. (teloxide reads a 500 only after 10 s.)
    pub fn fail_method(&self, method: &str, fault: MethodFault) {
        self.with_state(|_, st| {
            st.faults
                .failing_methods
                .insert(method.to_ascii_lowercase(), fault)
        });
    }

    /// Ends the fault set by [`FakeTelegram::fail_method`].
    pub fn heal_method(&self, method: &str) {
        self.with_state(|_, st| {
            st.faults
                .failing_methods
                .remove(&method.to_ascii_lowercase())
        });
    }

    /// Hangs up on one call in `n` (0 = never): the connection is closed
    /// without an answer, as a flaky network does.
    ///
    /// Deterministic: the calls from this setting on are numbered 1, 2, ...
    /// over all methods, getUpdates included, and every call whose number is
    /// a multiple of `n` is hung up on. Such a call counts as lost before it
    /// reached the server: it has no effect at all (nothing is sent, no
    /// getUpdates offset is confirmed, no update is lost) and it is not listed
    /// in [`FakeTelegram::calls`] but in [`FakeTelegram::hung_up_calls`].
    pub fn hang_up_one_in(&self, n: u32) {
        self.with_state(|_, st| st.faults.hang_up_one_in(n));
    }

    /// How many calls were hung up on so far.
    pub fn hung_up(&self) -> usize {
        self.handle.shared.lock().faults.hung_up.len()
    }

    /// The calls hung up on so far, in order, as the client sent them
    /// (`ok` false, no `error_code`: they were never answered).
    pub fn hung_up_calls(&self) -> Vec<Call> {
        self.handle.shared.lock().faults.hung_up.clone()
    }

    /// How many calls were answered 429 so far.
    pub fn too_many_requests(&self) -> usize {
        self.handle.shared.lock().faults.too_many_requests
    }

    /// Flood control: at most `n` accepted sends per `window` per chat and/or
    /// globally; past that, 429 "Too Many Requests: retry after N" with
    /// `parameters.retry_after`. Replaces any earlier flood limits; `(None,
    /// None)` switches them off.
    pub fn set_rate_limits(
        &self,
        per_chat: Option<(u32, Duration)>,
        global: Option<(u32, Duration)>,
    ) {
        let limits = FloodLimits::custom(per_chat, global);
        self.with_state(|_, st| st.limits = limits);
    }

    /// Telegram's real flood limits, answered with 429 + parameters.retry_after:
    /// at most `overall_per_second` accepted sends in any 1 s window overall
    /// (0: no overall limit), at most 1 per second per chat (sliding 1 s
    /// window), and at most 20 per minute (sliding 60 s window) into any group
    /// chat (any negative chat id: basic groups and supergroups alike).
    /// Replaces any earlier flood limits.
    pub fn enforce_telegram_limits(&self, overall_per_second: u32) {
        let limits = FloodLimits::telegram(overall_per_second);
        self.with_state(|_, st| st.limits = limits);
    }

    // -- what the bot did -------------------------------------------------------

    /// Every message the fake accepted from the bot, in order.
    pub fn sent(&self) -> Vec<SentMessage> {
        self.handle.shared.lock().store.sent.clone()
    }

    /// Waits until at least `count` messages were accepted; `Err` lists what
    /// was sent and the failed calls.
    pub async fn wait_for_sent(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<SentMessage>, String> {
        let found = self
            .wait_until(timeout, |st| {
                (st.store.sent.len() >= count).then(|| st.store.sent.clone())
            })
            .await;
        found.ok_or_else(|| {
            let st = self.handle.shared.lock();
            format!(
                "timed out after {timeout:?} waiting for {count} sent message(s); {} sent so far: {:#?}\nfailed calls: {:#?}",
                st.store.sent.len(),
                st.store.sent,
                st.calls.iter().filter(|c| !c.ok).collect::<Vec<_>>()
            )
        })
    }

    /// Waits until at least `count` messages were accepted for `chat`; cheap
    /// with many waiters, since only that chat's waiters are woken.
    pub async fn wait_sent_to(&self, chat: i64, count: usize, timeout: Duration) -> bool {
        let notify = self.handle.shared.lock().store.waiter(chat);
        self.wait_on(&notify, timeout, |st, _| {
            Look::found_if(st.store.sent_count_to(chat) >= count)
        })
        .await
        .is_some()
    }

    /// Every request in order of completion (long polls are listed when they
    /// return; calls hung up on are not listed).
    pub fn calls(&self) -> Vec<Call> {
        self.handle.shared.lock().calls.clone()
    }

    /// Requests for one method (lower-case, e.g. "answercallbackquery").
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        self.calls()
            .into_iter()
            .filter(|c| c.method == method)
            .collect()
    }

    /// Holds calls of `method` (lower-case, `None` for any) for `chat`
    /// (`None` for any) unanswered until [`FakeTelegram::release`]: a
    /// Telegram that is slow for some, or work caught in progress.
    pub fn hold(&self, method: Option<&str>, chat: Option<i64>) {
        let method = method.map(str::to_ascii_lowercase);
        self.handle.shared.lock().holds.push((method, chat));
    }

    /// Lets every held call through, and no longer holds any.
    pub fn release(&self) {
        self.handle.shared.lock().holds.clear();
        self.handle.shared.changed.notify_waiters();
    }

    /// Waits until at least `count` calls are being held; `false` on timeout.
    pub async fn wait_held(&self, count: usize, timeout: Duration) -> bool {
        self.wait_until(timeout, |st| (st.held >= count).then_some(()))
            .await
            .is_some()
    }

    /// Waits until the bot is idle as far as Telegram can tell: every queued
    /// update confirmed (so handled and saved, with what it decided to
    /// send), no call in progress, and no call for `quiet` since the last
    /// one. `Err` describes what was still going on after `timeout`.
    ///
    /// This is the moment to check that "nothing more was sent": whatever
    /// the bot was going to send for the updates so far has had its chance.
    /// (Messages the bot holds back on purpose, behind a flood limit or a
    /// timer, are the caller's to wait for; see the bot's outbox.)
    pub async fn wait_idle(&self, quiet: Duration, timeout: Duration) -> Result<(), String> {
        let idle = self
            .wait_on(&self.handle.shared.changed, timeout, |st, now| {
                if st.updates.pending() > 0 {
                    return Look::Again(None);
                }
                quiet_since(st, now, quiet)
            })
            .await;
        idle.ok_or_else(|| self.still_busy(timeout))
    }

    /// Waits until no call is in progress and none came for `quiet`, whether
    /// or not every update is confirmed: for a bot that cannot finish an
    /// update (its disk or database refuses), the moment it has done all
    /// it will do meanwhile.
    pub async fn wait_quiet(&self, quiet: Duration, timeout: Duration) -> Result<(), String> {
        let quiet = self
            .wait_on(&self.handle.shared.changed, timeout, |st, now| {
                quiet_since(st, now, quiet)
            })
            .await;
        quiet.ok_or_else(|| self.still_busy(timeout))
    }

    /// What kept the bot from being idle, for an error.
    fn still_busy(&self, timeout: Duration) -> String {
        let st = self.handle.shared.lock();
        format!(
            "the bot was not idle within {timeout:?}: {} update(s) not confirmed ({}), {} call(s) in progress",
            st.updates.pending(),
            st.updates.describe_pending(),
            st.in_flight
        )
    }

    /// Highest `offset` the client confirmed through getUpdates (0 if none).
    pub fn confirmed_offset(&self) -> i64 {
        self.handle.shared.lock().updates.confirmed_offset
    }

    /// Queued updates not yet confirmed (delivered or not).
    pub fn pending_updates(&self) -> usize {
        self.handle.shared.lock().updates.pending()
    }

    /// Waits until the client confirmed `update_id` (a later getUpdates offset
    /// passed it); `Err` on timeout or when the update was dropped because of
    /// `allowed_updates`.
    pub async fn wait_until_confirmed(
        &self,
        update_id: i64,
        timeout: Duration,
    ) -> Result<(), String> {
        let found = self
            .wait_until(timeout, |st| st.updates.confirmation_of(update_id))
            .await;
        found.unwrap_or_else(|| {
            let st = self.handle.shared.lock();
            Err(format!(
                "update {update_id} not confirmed within {timeout:?}: {}",
                st.updates.describe_pending()
            ))
        })
    }

    /// The webhook set by setWebhook: (url, secret_token).
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        self.handle.shared.lock().updates.webhook.clone()
    }

    /// Commands per scope as set by setMyCommands (language-specific sets included).
    pub fn commands(&self) -> Vec<(Value, CommandList)> {
        self.handle.shared.lock().commands.listed()
    }

    /// The current state of a message as Telegram would return it (after edits).
    pub fn message(&self, chat: i64, message_id: i32) -> Option<Value> {
        let st = self.handle.shared.lock();
        st.store
            .stored(chat, message_id.into())
            .map(|m| m.json.clone())
    }

    // -- helpers ------------------------------------------------------------------

    /// Runs `f` on the state and wakes everyone waiting for a change.
    fn with_state<R>(&self, f: impl FnOnce(&Shared, &mut State) -> R) -> R {
        let shared = &self.handle.shared;
        let result = {
            let mut st = shared.lock();
            f(shared, &mut st)
        };
        shared.changed.notify_waiters();
        result
    }

    /// Waits until `check` finds something, or `timeout` passes (then checks once more).
    async fn wait_until<T>(
        &self,
        timeout: Duration,
        check: impl Fn(&State) -> Option<T>,
    ) -> Option<T> {
        self.wait_on(&self.handle.shared.changed, timeout, |st, _| {
            check(st).map_or(Look::Again(None), Look::Found)
        })
        .await
    }

    /// The one waiting loop: looks at the state whenever `changed` is
    /// notified, or at the time `look` asks to look again, until it finds
    /// something or `timeout` passes (then it looks once more).
    async fn wait_on<T>(
        &self,
        changed: &Notify,
        timeout: Duration,
        look: impl Fn(&State, tokio::time::Instant) -> Look<T>,
    ) -> Option<T> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let now = tokio::time::Instant::now();
            let again = match look(&self.handle.shared.lock(), now) {
                Look::Found(found) => return Some(found),
                Look::Again(at) => at.map_or(deadline, |at| at.min(deadline)),
            };
            if now >= deadline {
                return None;
            }
            let _ = tokio::time::timeout_at(again, notified).await;
        }
    }
}

/// What a wait found: what it waited for, or not yet (with the time to
/// look again even if nothing changes, if any).
enum Look<T> {
    Found(T),
    Again(Option<tokio::time::Instant>),
}

impl Look<()> {
    fn found_if(condition: bool) -> Look<()> {
        if condition {
            Look::Found(())
        } else {
            Look::Again(None)
        }
    }
}

/// No call in progress and none for `quiet` before `now`; if calls have
/// stopped but not for long enough, when they will have.
fn quiet_since(st: &State, now: tokio::time::Instant, quiet: Duration) -> Look<()> {
    if st.in_flight > 0 {
        return Look::Again(None);
    }
    match st.last_call.map(|at| at + quiet) {
        Some(quiet_at) if quiet_at > now => Look::Again(Some(quiet_at)),
        _ => Look::Found(()),
    }
}
