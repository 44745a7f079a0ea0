//! Readings of the whole store shared by the requests asking for the same
//! thing: `/metrics`' figures, the inbox's lists and searches.
//!
//! One reading is made at a time. A request takes the last reading of its
//! key when that reading began after the request arrived (so a burst of the
//! same request costs one or two readings, never one each), or when the
//! store has not changed since and the reading is younger than `fresh`.
//! Otherwise it makes a new one. Only the last `keep` keys are kept, so
//! many different searches cannot grow memory without bound.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one reading found.
#[derive(Debug)]
pub struct Reading<V> {
    /// When the reading began.
    pub at: Instant,
    /// The store's journal entry it saw.
    pub seq: u64,
    pub value: V,
}

/// The last readings, by key; see the module's documentation.
pub struct Readings<K, V> {
    /// Most recently used last.
    last: tokio::sync::Mutex<Vec<(K, Arc<Reading<V>>)>>,
    keep: usize,
    fresh: Duration,
}

impl<K: Eq, V> Readings<K, V> {
    /// Keeps the readings of up to `keep` keys (at least one).
    pub fn new(keep: usize, fresh: Duration) -> Self {
        Readings {
            last: tokio::sync::Mutex::new(Vec::new()),
            keep: keep.max(1),
            fresh,
        }
    }

    /// The reading of `key` for a request arriving now. `seq` is the
    /// store's journal entry now; `read` makes a new reading and returns it
    /// with the entry it saw.
    pub async fn get<F, Fut>(&self, key: K, seq: impl FnOnce() -> u64, read: F) -> Arc<Reading<V>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = (u64, V)>,
    {
        let arrived = Instant::now();
        let mut last = self.last.lock().await;
        let now_seq = seq();
        if let Some(place) = last.iter().position(|(k, _)| *k == key) {
            let entry = last.remove(place);
            let reading = &entry.1;
            let fresh = reading.seq == now_seq && reading.at.elapsed() < self.fresh;
            if reading.at >= arrived || fresh {
                let reading = Arc::clone(reading);
                last.push(entry);
                return reading;
            }
        }
        let at = Instant::now();
        let (seq, value) = read().await;
        let reading = Arc::new(Reading { at, seq, value });
        if last.len() >= self.keep {
            last.remove(0);
        }
        last.push((key, Arc::clone(&reading)));
        reading
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_burst_of_the_same_request_shares_readings_and_a_change_makes_a_new_one() {
        let readings = Arc::new(Readings::<&str, u64>::new(4, Duration::from_secs(60)));
        let made = Arc::new(AtomicUsize::new(0));
        let seq = Arc::new(AtomicU64::new(7));
        let get = |key: &'static str| {
            let (readings, made, seq) = (readings.clone(), made.clone(), seq.clone());
            async move {
                let now = seq.load(Ordering::SeqCst);
                readings
                    .get(
                        key,
                        || now,
                        || async {
                            made.fetch_add(1, Ordering::SeqCst);
                            tokio::task::yield_now().await;
                            (now, now * 10)
                        },
                    )
                    .await
            }
        };
        let burst: Vec<_> = (0..20).map(|_| tokio::spawn(get("a"))).collect();
        for reading in burst {
            assert_eq!(reading.await.unwrap().value, 70);
        }
        let after_burst = made.load(Ordering::SeqCst);
        assert!(
            (1..=2).contains(&after_burst),
            "20 requests at once made {after_burst} readings"
        );
        // Nothing changed: the reading is taken again.
        assert_eq!(get("a").await.value, 70);
        assert_eq!(made.load(Ordering::SeqCst), after_burst);
        // Another key has its own reading.
        assert_eq!(get("b").await.value, 70);
        assert_eq!(made.load(Ordering::SeqCst), after_burst + 1);
        // The store changed: a new reading, with what it saw.
        seq.store(8, Ordering::SeqCst);
        let fresh = get("a").await;
        assert_eq!((fresh.seq, fresh.value), (8, 80));
        assert_eq!(made.load(Ordering::SeqCst), after_burst + 2);
    }

    #[tokio::test]
    async fn only_the_last_keys_are_kept_and_an_old_reading_is_not_taken_after_a_change() {
        let readings = Readings::<u32, u32>::new(2, Duration::from_secs(60));
        let made = AtomicUsize::new(0);
        let read = |seq: u64, key: u32| {
            let made = &made;
            let readings = &readings;
            async move {
                readings
                    .get(
                        key,
                        || seq,
                        || async move {
                            made.fetch_add(1, Ordering::SeqCst);
                            (seq, key)
                        },
                    )
                    .await
            }
        };
        read(1, 1).await;
        read(1, 2).await;
        read(1, 1).await; // kept: 2, then 1 most recently used
        assert_eq!(made.load(Ordering::SeqCst), 2);
        read(1, 3).await; // 2 goes
        read(1, 1).await;
        assert_eq!(made.load(Ordering::SeqCst), 3);
        read(1, 2).await;
        assert_eq!(made.load(Ordering::SeqCst), 4);
        // A stale reading (the store moved on) is never taken again.
        read(2, 2).await;
        assert_eq!(made.load(Ordering::SeqCst), 5);
    }

    #[tokio::test]
    async fn an_unchanged_store_s_reading_is_taken_only_while_fresh() {
        for (fresh, readings_made) in [(Duration::ZERO, 2), (Duration::from_secs(60), 1)] {
            let readings = Readings::<(), u32>::new(1, fresh);
            let made = AtomicUsize::new(0);
            let get = || async {
                readings
                    .get(
                        (),
                        || 1,
                        || async {
                            made.fetch_add(1, Ordering::SeqCst);
                            (1, 0)
                        },
                    )
                    .await
            };
            get().await;
            get().await;
            assert_eq!(
                made.load(Ordering::SeqCst),
                readings_made,
                "fresh for {fresh:?}"
            );
        }
    }
}
