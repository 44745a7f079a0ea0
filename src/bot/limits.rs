//! Telegram's flood limits, kept before each message is sent: per chat per
//! second, per private chat per minute, per group per minute (basic groups
//! and supergroups alike), and overall per second.
//!
//! Each limit is a sliding window over the times messages were let go: a
//! message may go when fewer than the limit went in the window before it.
//! That holds in *every* window of that length, not only on average (a token
//! bucket such as `governor`'s lets a full burst go at once and then the
//! rate, so its first second can carry twice the limit). Windows are kept 5%
//! longer than Telegram's, so a little network jitter between the bot and
//! Telegram cannot push two windows' worth into one.
//!
//! The overall limit is shared by every chat, so it has a queue with two
//! classes: messages to people go before notices to the support team when
//! both wait (a person's confirmation does not queue behind a hundred admin
//! notices). Within a class, first come, first served. A message over a
//! limit waits; nothing is dropped.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::config::Limits;

/// Who a message is for, for the order in which waiting messages go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// A person asking for help: goes first.
    Person,
    /// A support team's chat.
    Team,
}

/// The limiters for one bot.
pub struct Limiter {
    limits: Limits,
    chats: Mutex<HashMap<i64, ChatWindows>>,
    overall: Mutex<Overall>,
    /// Woken whenever the overall queue or window changes.
    changed: Notify,
}

/// How much longer than Telegram's windows ours are (see the module doc).
fn padded(window: Duration) -> Duration {
    window + window / 20
}

/// Times messages went, within one window.
struct Window {
    limit: usize,
    span: Duration,
    hits: VecDeque<Instant>,
}

impl Window {
    fn new(limit: u32, span: Duration) -> Window {
        Window {
            limit: usize::try_from(limit.max(1)).unwrap_or(usize::MAX),
            span: padded(span),
            hits: VecDeque::new(),
        }
    }

    /// `None` if one more may go at `now`, else when the next one may.
    fn free_at(&mut self, now: Instant) -> Option<Instant> {
        while self
            .hits
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.span)
        {
            self.hits.pop_front();
        }
        if self.hits.len() < self.limit {
            return None;
        }
        let oldest_counted = self.hits[self.hits.len() - self.limit];
        Some(oldest_counted + self.span)
    }

    fn take(&mut self, now: Instant) {
        self.hits.push_back(now);
        // Only the last `limit` times can ever matter.
        while self.hits.len() > self.limit {
            self.hits.pop_front();
        }
    }

    fn is_idle(&mut self, now: Instant) -> bool {
        self.free_at(now).is_none() && self.hits.is_empty()
    }
}

/// The windows of one chat.
struct ChatWindows {
    second: Window,
    /// Per minute: the private-chat limit, or the group limit for groups.
    minute: Window,
}

/// The overall window and the messages waiting for it.
struct Overall {
    window: Window,
    /// Tickets of waiting messages: people first, then the team.
    person: VecDeque<u64>,
    team: VecDeque<u64>,
    next_ticket: u64,
}

impl Overall {
    fn queue(&mut self, priority: Priority) -> &mut VecDeque<u64> {
        match priority {
            Priority::Person => &mut self.person,
            Priority::Team => &mut self.team,
        }
    }

    /// Whether `ticket` is the next to go.
    fn is_next(&self, priority: Priority, ticket: u64) -> bool {
        match priority {
            Priority::Person => self.person.front() == Some(&ticket),
            Priority::Team => self.person.is_empty() && self.team.front() == Some(&ticket),
        }
    }
}

/// Group chats (basic groups and supergroups) have negative ids.
fn is_group(chat: i64) -> bool {
    chat < 0
}

/// Above this many chats, chats without recent messages are forgotten.
const MAX_REMEMBERED_CHATS: usize = 10_000;

impl Limiter {
    pub fn new(limits: Limits) -> Limiter {
        Limiter {
            limits,
            chats: Mutex::new(HashMap::new()),
            overall: Mutex::new(Overall {
                window: Window::new(limits.overall_per_second, Duration::from_secs(1)),
                person: VecDeque::new(),
                team: VecDeque::new(),
                next_ticket: 0,
            }),
            changed: Notify::new(),
        }
    }

    /// Waits until one more message may be sent to `chat`, and counts it as
    /// sent. Call once per message, right before sending it; the messages of
    /// one chat are expected one after another (one delivery queue per chat).
    pub async fn wait_turn(&self, chat: i64, priority: Priority) {
        // The chat's own limits first: waiting for them holds no one else up.
        loop {
            let now = Instant::now();
            match self.chat_free_at(chat, now) {
                None => break,
                Some(at) => tokio::time::sleep_until(at).await,
            }
        }
        self.overall_turn(priority).await;
        // Counted only now, when the message really goes, so two messages to
        // one chat are never closer than its limits allow.
        let now = Instant::now();
        let mut chats = self.lock_chats();
        if chats.len() > MAX_REMEMBERED_CHATS {
            chats.retain(|_, w| !(w.second.is_idle(now) && w.minute.is_idle(now)));
        }
        let windows = chats.entry(chat).or_insert_with(|| self.windows_for(chat));
        windows.second.take(now);
        windows.minute.take(now);
    }

    /// Waits until `chat`'s own limits would let a message through, without
    /// taking the turn: delivery then picks what to send (new-ticket notices
    /// that piled up meanwhile are merged into one).
    pub async fn wait_chat_free(&self, chat: i64) {
        while let Some(at) = self.chat_free_at(chat, Instant::now()) {
            tokio::time::sleep_until(at).await;
        }
    }

    fn windows_for(&self, chat: i64) -> ChatWindows {
        let per_minute = if is_group(chat) {
            self.limits.per_group_per_minute
        } else {
            self.limits.per_chat_per_minute
        };
        ChatWindows {
            second: Window::new(self.limits.per_chat_per_second, Duration::from_secs(1)),
            minute: Window::new(per_minute, self.limits.minute),
        }
    }

    fn chat_free_at(&self, chat: i64, now: Instant) -> Option<Instant> {
        let mut chats = self.lock_chats();
        let windows = chats.get_mut(&chat)?;
        let second = windows.second.free_at(now);
        let minute = windows.minute.free_at(now);
        second.max(minute)
    }

    /// Waits for the overall limit, people before the team.
    async fn overall_turn(&self, priority: Priority) {
        let ticket = {
            let mut overall = self.lock_overall();
            let ticket = overall.next_ticket;
            overall.next_ticket += 1;
            overall.queue(priority).push_back(ticket);
            ticket
        };
        // Leaves the queue if the caller gives up waiting (a stop).
        let mut place = Place {
            limiter: self,
            priority,
            ticket,
            left: false,
        };
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let wait = {
                let mut overall = self.lock_overall();
                if overall.is_next(priority, ticket) {
                    let now = Instant::now();
                    match overall.window.free_at(now) {
                        None => {
                            overall.window.take(now);
                            overall.queue(priority).pop_front();
                            place.left = true;
                            drop(overall);
                            self.changed.notify_waiters();
                            return;
                        }
                        Some(at) => Some(at),
                    }
                } else {
                    None
                }
            };
            match wait {
                Some(at) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = &mut notified => {}
                    }
                }
                None => notified.await,
            }
        }
    }

    fn lock_chats(&self) -> MutexGuard<'_, HashMap<i64, ChatWindows>> {
        self.chats.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_overall(&self) -> MutexGuard<'_, Overall> {
        self.overall.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A place in the overall queue, given up when dropped unused.
struct Place<'a> {
    limiter: &'a Limiter,
    priority: Priority,
    ticket: u64,
    left: bool,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        if !self.left {
            let mut overall = self.limiter.lock_overall();
            let queue = overall.queue(self.priority);
            queue.retain(|t| *t != self.ticket);
            drop(overall);
            self.limiter.changed.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn limits(per_chat_per_second: u32, overall_per_second: u32) -> Limits {
        Limits {
            per_chat_per_second,
            overall_per_second,
            ..Limits::unlimited()
        }
    }

    /// The most sends found in any window of `span` over the given times.
    fn most_in_any_window(times: &[Instant], span: Duration) -> usize {
        let mut sorted = times.to_vec();
        sorted.sort();
        (0..sorted.len())
            .map(|i| {
                sorted[i..]
                    .iter()
                    .take_while(|t| **t - sorted[i] < span)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[tokio::test(start_paused = true)]
    async fn past_many_chats_only_windows_with_nothing_left_in_them_are_forgotten() {
        let limiter = Limiter::new(Limits {
            per_chat_per_second: 1,
            per_chat_per_minute: 2,
            overall_per_second: 1_000_000,
            ..Limits::unlimited()
        });
        for chat in 1..=MAX_REMEMBERED_CHATS as i64 {
            limiter.wait_turn(chat, Priority::Person).await;
        }
        tokio::time::advance(Duration::from_secs(120)).await;
        // Ann's minute still holds one message when the others are forgotten.
        let ann = 50_000;
        let sent = Instant::now();
        limiter.wait_turn(ann, Priority::Person).await;
        tokio::time::advance(Duration::from_secs(2)).await;
        limiter.wait_turn(50_001, Priority::Person).await;
        assert_eq!(
            limiter.lock_chats().len(),
            2,
            "only Ann and the newest are kept"
        );
        limiter.wait_turn(ann, Priority::Person).await;
        assert!(
            sent.elapsed() < Duration::from_secs(3),
            "the minute's second message goes"
        );
        limiter.wait_turn(ann, Priority::Person).await;
        assert!(
            sent.elapsed() >= Duration::from_secs(60),
            "a third waits for Ann's minute: {:?}",
            sent.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn messages_over_a_chats_limit_wait_their_turn_and_other_chats_do_not() {
        let limiter = Limiter::new(limits(2, 1000));
        let began = Instant::now();
        for _ in 0..4 {
            limiter.wait_turn(7, Priority::Person).await;
        }
        assert!(
            began.elapsed() >= Duration::from_secs(1),
            "{:?}",
            began.elapsed()
        );
        let other = Instant::now();
        limiter.wait_turn(8, Priority::Person).await;
        assert_eq!(other.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_never_puts_more_than_the_limit_into_any_second() {
        let limiter = Arc::new(Limiter::new(limits(1000, 30)));
        let times = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for chat in 0..100 {
            let (limiter, times) = (Arc::clone(&limiter), Arc::clone(&times));
            tasks.push(tokio::spawn(async move {
                limiter.wait_turn(chat, Priority::Person).await;
                times.lock().unwrap().push(Instant::now());
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        let times = times.lock().unwrap().clone();
        assert_eq!(times.len(), 100);
        assert_eq!(most_in_any_window(&times, Duration::from_secs(1)), 30);
    }

    #[tokio::test(start_paused = true)]
    async fn groups_get_twenty_a_minute_whatever_their_kind() {
        let limiter = Limiter::new(Limits {
            per_group_per_minute: 20,
            ..Limits::unlimited()
        });
        for group in [-12345_i64, -1001234567890] {
            let began = Instant::now();
            for _ in 0..21 {
                limiter.wait_turn(group, Priority::Team).await;
            }
            assert!(began.elapsed() >= Duration::from_secs(60), "{group}");
        }
        // Private chats are not held to the group limit.
        let began = Instant::now();
        for _ in 0..21 {
            limiter.wait_turn(5551, Priority::Person).await;
        }
        assert_eq!(began.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn people_go_before_team_notices_that_waited_longer() {
        let limiter = Arc::new(Limiter::new(limits(1000, 1)));
        // Fill this second's one slot.
        limiter.wait_turn(1, Priority::Team).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for (i, (chat, priority)) in [
            (-1_i64, Priority::Team),
            (-2, Priority::Team),
            (5, Priority::Person),
        ]
        .into_iter()
        .enumerate()
        {
            let (limiter, order) = (Arc::clone(&limiter), Arc::clone(&order));
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(10 * i as u64)).await;
                limiter.wait_turn(chat, priority).await;
                order.lock().unwrap().push(chat);
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), vec![5, -1, -2]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiter_that_gives_up_does_not_block_the_queue() {
        let limiter = Arc::new(Limiter::new(limits(1000, 1)));
        limiter.wait_turn(1, Priority::Person).await;
        let gave_up = tokio::time::timeout(
            Duration::from_millis(100),
            limiter.wait_turn(2, Priority::Person),
        )
        .await;
        assert!(gave_up.is_err());
        let began = Instant::now();
        limiter.wait_turn(3, Priority::Team).await;
        assert!(
            began.elapsed() <= Duration::from_millis(1000),
            "{:?}",
            began.elapsed()
        );
    }
}
