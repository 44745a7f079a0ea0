//! Telegram's flood limits, kept before each message is sent: per chat per
//! second, per chat (or supergroup) per minute, and overall per second.
//!
//! A message over a limit waits until it may go; nothing is dropped, and the
//! messages of one conversation keep their order (they are sent one after
//! another). Built on the `governor` rate limiter, which lets a message go
//! the moment its turn comes. (teloxide's `Throttle` adaptor, which keeps the
//! same limits, releases messages only on a 250 ms tick, which would add up
//! to a quarter of a second to every reply.)

use std::num::NonZeroU32;

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Limits;

/// The limiters for one bot.
pub struct Limiter {
    per_chat_second: DefaultKeyedRateLimiter<i64>,
    per_chat_minute: DefaultKeyedRateLimiter<i64>,
    per_group_minute: DefaultKeyedRateLimiter<i64>,
    overall: DefaultDirectRateLimiter,
}

fn at_least_one(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

/// Supergroups and channels have ids of the form -100xxxxxxxxxx.
fn is_supergroup(chat: i64) -> bool {
    chat < -1_000_000_000_000
}

impl Limiter {
    pub fn new(limits: Limits) -> Limiter {
        Limiter {
            per_chat_second: RateLimiter::keyed(Quota::per_second(at_least_one(
                limits.per_chat_per_second,
            ))),
            per_chat_minute: RateLimiter::keyed(Quota::per_minute(at_least_one(
                limits.per_chat_per_minute,
            ))),
            per_group_minute: RateLimiter::keyed(Quota::per_minute(at_least_one(
                limits.per_group_per_minute,
            ))),
            overall: RateLimiter::direct(Quota::per_second(at_least_one(
                limits.overall_per_second,
            ))),
        }
    }

    /// Waits until one more message may be sent to `chat`.
    pub async fn wait_turn(&self, chat: i64) {
        if is_supergroup(chat) {
            self.per_group_minute.until_key_ready(&chat).await;
        } else {
            self.per_chat_minute.until_key_ready(&chat).await;
        }
        self.per_chat_second.until_key_ready(&chat).await;
        self.overall.until_ready().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[tokio::test]
    async fn messages_over_a_chats_limit_wait_their_turn() {
        let limits = Limits {
            per_chat_per_second: 2,
            ..Limits::unlimited()
        };
        let limiter = Limiter::new(limits);
        let began = Instant::now();
        for _ in 0..4 {
            limiter.wait_turn(7).await;
        }
        assert!(
            began.elapsed() >= Duration::from_millis(900),
            "{:?}",
            began.elapsed()
        );
        // Another chat is not held up by chat 7.
        let other = Instant::now();
        limiter.wait_turn(8).await;
        assert!(other.elapsed() < Duration::from_millis(100));
    }

    #[test]
    fn supergroups_are_told_apart_by_their_id() {
        assert!(is_supergroup(-1001234567890));
        assert!(!is_supergroup(-12345) && !is_supergroup(5551));
    }
}
