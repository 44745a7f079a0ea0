//! Figures for the support team (`/stats`, `support-bot stats`): tickets
//! opened and closed today, this week and this month, the median times to
//! a first answer and to closing, what is open now, and the average
//! rating. Pure: the time comes in as an argument.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{Model, UnixTime};

/// Tickets opened and closed in one period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub opened: usize,
    pub closed: usize,
}

/// The figures at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub today: Period,
    /// Since Monday.
    pub this_week: Period,
    /// Since the 1st.
    pub this_month: Period,
    /// Median seconds from opening to the team's first answer, over the
    /// tickets answered so far.
    pub median_first_answer: Option<u64>,
    /// Median seconds from opening to closing, over the closed tickets.
    pub median_to_close: Option<u64>,
    pub open_now: usize,
    /// Open tickets the team has not answered yet.
    pub unanswered_now: usize,
    /// The average rating in tenths (35 is 3.5 out of 5), and how many
    /// ratings it is made of.
    pub average_rating_tenths: Option<u16>,
    pub ratings: usize,
}

/// The figures at `now`, days counted in `zone` (the team's time zone).
/// Read from the model's [`Tally`](crate::model::Tally): no ticket is
/// visited, so the cost does not grow with the store.
pub fn compute(model: &Model, now: UnixTime, zone: Tz) -> Stats {
    let Some(today) = local_date(now, zone) else {
        return Stats::default();
    };
    let week = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let month = today.with_day(1).unwrap_or(today);
    let tally = model.tally();
    let period = |since: NaiveDate| {
        let from = day_start(since, zone);
        Period {
            opened: tally.opened_since(from),
            closed: tally.closed_since(from),
        }
    };
    let (open_now, unanswered_now) = tally.open();
    let (ratings, stars) = tally.ratings();
    Stats {
        today: period(today),
        this_week: period(week),
        this_month: period(month),
        median_first_answer: tally.median_first_answer(),
        median_to_close: tally.median_to_close(),
        open_now,
        unanswered_now,
        average_rating_tenths: (ratings > 0)
            .then(|| (stars as f64 / ratings as f64 * 10.0).round() as u16),
        ratings,
    }
}

/// The date at `at` in `zone`.
fn local_date(at: UnixTime, zone: Tz) -> Option<NaiveDate> {
    let at = DateTime::<Utc>::from_timestamp(i64::try_from(at).ok()?, 0)?;
    Some(zone.from_utc_datetime(&at.naive_utc()).date_naive())
}

/// The first second whose date in `zone` is `day` (midnight, or the end of
/// a clock change that skipped it).
fn day_start(day: NaiveDate, zone: Tz) -> UnixTime {
    let midnight = day.and_time(NaiveTime::MIN);
    (0..=24 * 4)
        .map(|quarter| midnight + Duration::minutes(15 * quarter))
        .find_map(|local| zone.from_local_datetime(&local).earliest())
        .and_then(|at| u64::try_from(at.timestamp()).ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Author, Change, Entry, Ticket, TicketStatus};

    const HOUR: u64 = 3600;
    /// Wednesday 2026-12-02 12:00 UTC.
    const NOW: u64 = 1_796_212_800;

    fn ticket(
        id: &str,
        opened: u64,
        answered: Option<u64>,
        closed: Option<u64>,
        rating: Option<u8>,
    ) -> Ticket {
        let mut ticket = Ticket {
            status: if closed.is_some() {
                TicketStatus::Closed
            } else {
                TicketStatus::Open
            },
            closed_at: closed,
            rating,
            ..Ticket::sample(id, 5551, "help", opened)
        };
        if let Some(at) = answered {
            ticket
                .messages
                .push(Entry::new(Author::Admin(9001), "on it", at));
        }
        ticket
    }

    #[test]
    fn figures_count_periods_medians_open_tickets_and_ratings() {
        let mut model = Model::default();
        let tickets = [
            // Today: answered after 1 h, closed after 2 h, rated 4.
            ticket(
                "AAAA0001",
                NOW - 3 * HOUR,
                Some(NOW - 2 * HOUR),
                Some(NOW - HOUR),
                Some(4),
            ),
            // Monday this week: answered after 3 h, still open.
            ticket(
                "BBBB0002",
                NOW - 50 * HOUR,
                Some(NOW - 47 * HOUR),
                None,
                None,
            ),
            // Last month: closed after 10 h unanswered, rated 2.
            ticket(
                "CCCC0003",
                NOW - 40 * 24 * HOUR,
                None,
                Some(NOW - 40 * 24 * HOUR + 10 * HOUR),
                Some(2),
            ),
            // Today, not answered yet.
            ticket("DDDD0004", NOW - HOUR, None, None, None),
        ];
        for t in tickets {
            model.apply(Change::OpenTicket { ticket: t }).unwrap();
        }
        let s = compute(&model, NOW, chrono_tz::UTC);
        assert_eq!(
            s.today,
            Period {
                opened: 2,
                closed: 1
            }
        );
        assert_eq!(
            s.this_week,
            Period {
                opened: 3,
                closed: 1
            }
        );
        // December began on Tuesday: Monday's ticket is last month's.
        assert_eq!(
            s.this_month,
            Period {
                opened: 2,
                closed: 1
            }
        );
        assert_eq!(s.median_first_answer, Some(HOUR));
        assert_eq!(s.median_to_close, Some(2 * HOUR));
        assert_eq!((s.open_now, s.unanswered_now), (2, 1));
        assert_eq!((s.average_rating_tenths, s.ratings), (Some(30), 2));
    }

    #[test]
    fn days_are_counted_in_the_teams_time_zone() {
        let mut model = Model::default();
        // 23:30 UTC on Tuesday is already Wednesday in Tokyo.
        let late = NOW - 12 * HOUR - HOUR / 2;
        model
            .apply(Change::OpenTicket {
                ticket: ticket("AAAA0001", late, None, None, None),
            })
            .unwrap();
        assert_eq!(compute(&model, NOW, chrono_tz::UTC).today.opened, 0);
        assert_eq!(compute(&model, NOW, chrono_tz::Asia::Tokyo).today.opened, 1);
    }

    /// The figures by visiting every ticket, as they were computed before
    /// the model kept them: the reference the kept figures must equal.
    fn by_visiting_every_ticket(model: &Model, now: UnixTime, zone: Tz) -> Stats {
        let today = local_date(now, zone).unwrap();
        let week = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let month = today.with_day(1).unwrap();
        let mut stats = Stats::default();
        let (mut first, mut close, mut stars) = (Vec::new(), Vec::new(), Vec::new());
        for t in model.tickets.values() {
            for (period, since) in [
                (&mut stats.today, today),
                (&mut stats.this_week, week),
                (&mut stats.this_month, month),
            ] {
                period.opened += usize::from(local_date(t.opened_at, zone).unwrap() >= since);
                period.closed += usize::from(
                    t.closed_at
                        .is_some_and(|at| local_date(at, zone).unwrap() >= since),
                );
            }
            let answered = t
                .messages
                .iter()
                .find(|e| matches!(e.from, Author::Admin(_)))
                .map(|e| e.at - t.opened_at);
            first.extend(answered);
            match (t.status, t.closed_at) {
                (TicketStatus::Closed, Some(at)) => close.push(at - t.opened_at),
                (TicketStatus::Open, _) => {
                    stats.open_now += 1;
                    stats.unanswered_now += usize::from(answered.is_none());
                }
                _ => {}
            }
            stars.extend(t.rating.map(u64::from));
        }
        let median = |v: &mut Vec<u64>| {
            v.sort_unstable();
            (!v.is_empty()).then(|| v[(v.len() - 1) / 2])
        };
        stats.median_first_answer = median(&mut first);
        stats.median_to_close = median(&mut close);
        stats.ratings = stars.len();
        stats.average_rating_tenths = (!stars.is_empty())
            .then(|| (stars.iter().sum::<u64>() as f64 / stars.len() as f64 * 10.0).round() as u16);
        stats
    }

    #[test]
    fn a_day_starts_at_its_first_second_even_where_clocks_skip_midnight() {
        let zones = [
            chrono_tz::UTC,
            chrono_tz::America::Santiago,
            chrono_tz::America::Havana,
            chrono_tz::Asia::Tehran,
            chrono_tz::Australia::Lord_Howe,
        ];
        for zone in zones {
            let mut day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
            while day.year() == 2026 {
                let start = day_start(day, zone);
                assert_eq!(local_date(start, zone), Some(day), "{zone} {day}");
                assert_eq!(local_date(start - 1, zone), day.pred_opt(), "{zone} {day}");
                day = day.succ_opt().unwrap();
            }
        }
    }

    /// One step of a ticket's life, for the property below.
    #[derive(Clone, Debug)]
    enum Step {
        Open { ago: u64 },
        Person { ticket: usize, later: u64 },
        Team { ticket: usize, later: u64 },
        Close { ticket: usize, later: u64 },
        Reopen { ticket: usize },
        Rate { ticket: usize, stars: u8 },
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            (0..60 * 24 * HOUR).prop_map(|ago| Step::Open { ago }),
            (0..40usize, 0..5 * HOUR).prop_map(|(ticket, later)| Step::Person { ticket, later }),
            (0..40usize, 0..5 * HOUR).prop_map(|(ticket, later)| Step::Team { ticket, later }),
            (0..40usize, 0..50 * HOUR).prop_map(|(ticket, later)| Step::Close { ticket, later }),
            (0..40usize).prop_map(|ticket| Step::Reopen { ticket }),
            (0..40usize, 1..=5u8).prop_map(|(ticket, stars)| Step::Rate { ticket, stars }),
        ]
    }

    proptest::proptest! {
        /// Whatever happens to the tickets, in any time zone (including one
        /// whose clocks skip midnight), the kept figures equal the figures
        /// found by visiting every ticket, and a model read back from its
        /// file (figures filled afresh) gives the same.
        #[test]
        fn kept_figures_equal_a_visit_of_every_ticket(
            steps in proptest::collection::vec(step(), 1..120),
            zone in proptest::sample::select(vec![
                chrono_tz::UTC,
                chrono_tz::Asia::Tokyo,
                chrono_tz::America::Santiago,
                chrono_tz::America::Havana,
                chrono_tz::Europe::Berlin,
            ]),
        ) {
            let mut model = Model::default();
            let mut ids = Vec::new();
            for step in steps {
                let pick = |n: usize| ids.get(n % ids.len().max(1)).copied();
                let last = |model: &Model, id| {
                    let t: &crate::model::Ticket = model.ticket(&id).unwrap();
                    t.messages.last().map_or(t.opened_at, |e| e.at).max(t.closed_at.unwrap_or(0))
                };
                let change = match step {
                    Step::Open { ago } => {
                        let id = crate::model::TicketId::parse(&format!("{:08X}", ids.len())).unwrap();
                        ids.push(id);
                        Some(Change::OpenTicket { ticket: ticket(&id.to_string(), NOW - ago, None, None, None) })
                    }
                    Step::Person { ticket, later } | Step::Team { ticket, later } => pick(ticket).map(|id| {
                        let from = if matches!(step, Step::Team { .. }) { Author::Admin(7) } else { Author::Owner };
                        let at = last(&model, id) + later;
                        Change::AddMessage { ticket: id, entry: Entry::new(from, "x", at) }
                    }),
                    Step::Close { ticket, later } => pick(ticket).map(|id| {
                        Change::CloseTicket { ticket: id, at: last(&model, id) + later }
                    }),
                    Step::Reopen { ticket } => pick(ticket).map(|id| Change::ReopenTicket { ticket: id }),
                    Step::Rate { ticket, stars } => pick(ticket).map(|id| Change::Rate { ticket: id, stars }),
                };
                if let Some(change) = change {
                    model.apply(change).unwrap();
                }
            }
            let kept = compute(&model, NOW + 60 * HOUR, zone);
            proptest::prop_assert_eq!(&kept, &by_visiting_every_ticket(&model, NOW + 60 * HOUR, zone));
            let mut read_back: Model = serde_json::from_str(&serde_json::to_string(&model).unwrap()).unwrap();
            read_back.reindex();
            proptest::prop_assert_eq!(compute(&read_back, NOW + 60 * HOUR, zone), kept);
        }
    }
}
