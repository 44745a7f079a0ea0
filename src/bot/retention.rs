//! `RETENTION_DAYS`: the texts of tickets closed longer ago than that are
//! erased, at start and once a day, and the journal is folded at once so no
//! file keeps them. The tickets stay (ID, people, times, status, rating).

use std::time::Duration;

use crate::store::{Committed, Decision, Store, StoreError};

/// Erases the texts of tickets closed more than `days` days before `now`.
/// Returns how many tickets lost their texts.
pub async fn erase_expired(store: &Store, days: u32, now: u64) -> Result<usize, StoreError> {
    let cutoff = now.saturating_sub(u64::from(days) * 86_400);
    let erased = store
        .transact(None, |model| {
            let changes = model.expired_texts(cutoff);
            let count = changes.len();
            Decision {
                changes,
                outbox: None,
                result: count,
            }
        })
        .await?;
    let count = match erased {
        Committed::Saved { result, .. } | Committed::Unchanged(result) => result,
        Committed::Duplicate => 0,
    };
    if count > 0 {
        store.compact_now().await?;
        tracing::info!(
            tickets = count,
            days,
            "texts of tickets closed longer ago than RETENTION_DAYS erased"
        );
    }
    Ok(count)
}

/// How often expired texts are looked for (`Config::retention_every`).
pub const DAILY: Duration = Duration::from_secs(86_400);

/// Erases expired texts now and then every `every` (a day, see [`DAILY`]),
/// for as long as it runs.
pub async fn keep_erasing(store: std::sync::Arc<Store>, days: u32, every: Duration) {
    loop {
        if let Err(error) = erase_expired(&store, days, crate::clock::now()).await {
            tracing::error!(%error, "could not erase expired ticket texts; trying again at the next round");
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Ticket, TicketId, TicketStatus};

    const DAY: u64 = 86_400;

    fn ticket(id: &str, closed_at: Option<u64>) -> Ticket {
        Ticket {
            status: if closed_at.is_some() {
                TicketStatus::Closed
            } else {
                TicketStatus::Open
            },
            closed_at,
            rating: Some(5),
            rating_comment: Some("kept until expiry".into()),
            ..Ticket::sample(id, 5551, "old secret", 1)
        }
    }

    #[tokio::test]
    async fn only_texts_of_tickets_closed_before_the_retention_are_erased_from_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        let store = Store::open(&path).unwrap();
        let now = 100 * DAY;
        for (id, closed) in [
            ("AAAA0001", Some(now - 40 * DAY)),
            ("BBBB0002", Some(now - 5 * DAY)),
            ("CCCC0003", None),
        ] {
            let changes = vec![Change::OpenTicket {
                ticket: ticket(id, closed),
            }];
            store
                .transact(None, |_| Decision {
                    changes,
                    outbox: None,
                    result: (),
                })
                .await
                .unwrap();
        }
        assert_eq!(erase_expired(&store, 30, now).await.unwrap(), 1);
        assert_eq!(erase_expired(&store, 30, now).await.unwrap(), 0, "once");
        let model = store.snapshot();
        let text = |id: &str| {
            model
                .ticket(&TicketId::parse(id).unwrap())
                .unwrap()
                .messages[0]
                .text
                .clone()
        };
        assert_eq!(text("AAAA0001"), "");
        assert_eq!(text("BBBB0002"), "old secret");
        assert_eq!(text("CCCC0003"), "old secret");
        let old = model.ticket(&TicketId::parse("AAAA0001").unwrap()).unwrap();
        assert_eq!((old.rating, old.rating_comment.clone()), (Some(5), None));
        drop(store);
        let journal =
            std::fs::read_to_string(crate::store::journal_path(&path)).unwrap_or_default();
        let snapshot = std::fs::read_to_string(&path).unwrap();
        // Two tickets keep their text, once each, in the snapshot only.
        assert_eq!(snapshot.matches("old secret").count(), 2);
        assert!(!journal.contains("old secret"));
    }
}
