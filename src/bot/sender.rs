//! Sending on a shared store (PostgreSQL, several replicas): only the
//! replica holding the sending duty ([`Duty::Send`], a PostgreSQL advisory
//! lock) sends, so Telegram's flood limits, kept exactly by
//! [`super::limits`], hold for the bot as a whole.
//!
//! On that replica this task hands delivery every outbox entry as it appears
//! in the model (saved here or by another replica and read by the store's
//! follower), in entry order, so each chat gets its messages in order.
//! Delivery marks each entry sent as usual. When the sending replica dies,
//! another takes the duty within seconds and sends what is still unsent.
//! Other replicas save outbox entries and send nothing of them. The JSON
//! store has one bot, which sends its own entries (see [`crate::engine`]).

use std::collections::BTreeSet;
use std::sync::Arc;

use super::delivery::Delivery;
use crate::engine::Outbox;
use crate::store::{Duty, Store};

/// How long a replica that takes the sending duty waits before sending.
const TAKEOVER_PAUSE: std::time::Duration = std::time::Duration::from_secs(1);

/// Feeds delivery while this replica holds the sending duty; runs until
/// aborted. Does nothing on a store that is not shared.
pub async fn keep_sending(store: Arc<Store>, delivery: Arc<Delivery>) {
    if !store.is_shared() {
        return;
    }
    let mut news = store.news();
    let mut duty = store.duty(Duty::Send);
    // Entries handed to delivery and not yet recorded as sent.
    let mut pushed: BTreeSet<u64> = BTreeSet::new();
    // Entries up to this one have been looked at.
    let mut seen: u64 = 0;
    let mut held = false;
    loop {
        if !held && *duty.borrow() {
            // A replica that died holding the duty may have sent up to the
            // overall limit in the last second: let that second pass, so
            // the limits hold across the takeover too.
            tokio::time::sleep(TAKEOVER_PAUSE).await;
        }
        held = *duty.borrow();
        // Entries up to this one are committed (later ones may still be
        // on their way to the database: not to be sent yet).
        let upto = *news.borrow_and_update();
        if *duty.borrow_and_update() && upto > seen {
            let fresh = store.read(|m| {
                pushed.retain(|seq| m.outbox.contains_key(seq));
                m.outbox
                    .range(seen + 1..=upto)
                    .filter(|(seq, _)| !pushed.contains(seq))
                    .map(|(seq, saved)| (*seq, saved.clone()))
                    .collect::<Vec<_>>()
            });
            if seen == 0 && !fresh.is_empty() {
                tracing::info!(
                    entries = fresh.len(),
                    "sending the messages saved and not yet sent"
                );
            }
            for (seq, saved) in fresh {
                seen = seen.max(seq);
                pushed.insert(seq);
                if let Some(outbox) =
                    Outbox::read_or_keep(seq, saved, delivery.metrics(), delivery.health())
                {
                    delivery.push_in(Some(seq), outbox.acting, outbox.thread, outbox.effects)
                }
            }
            seen = upto;
        } else if !*duty.borrow() {
            // Look at everything again once the duty is back.
            seen = 0;
        }
        tokio::select! {
            changed = news.changed() => if changed.is_err() { return },
            changed = duty.changed() => if changed.is_err() { return },
        }
    }
}
