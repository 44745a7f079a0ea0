//! Messages held back while a person wrote faster than `SPAM_PER_MINUTE`
//! reach the team once the burst ends. The rules decide what is due
//! ([`fsm::held_due`], given the time); this timer only wakes them up every
//! [`fsm::HELD_CHECK_EVERY`]. What waits is marked in the model, so a
//! restart passes it on all the same.

use std::sync::Arc;

use crate::engine::Engine;
use crate::fsm;

/// Passes on held messages as they fall due, for as long as it runs.
pub async fn keep_passing_on(engine: Arc<Engine>) {
    loop {
        tokio::time::sleep(fsm::HELD_CHECK_EVERY).await;
        let now = crate::clock::now();
        // A read first: most of the time nothing waits, and no write is made.
        if engine.store.read(|m| fsm::held_due(m, now).is_empty()) {
            continue;
        }
        if let Err(error) = engine.pass_on_held(now).await {
            tracing::error!(%error, "could not pass on held messages; trying again shortly");
        }
    }
}
