//! Figures for the support team (`/stats`, `support-bot stats`): tickets
//! opened and closed today, this week and this month, the median times to
//! a first answer and to closing, what is open now, and the average
//! rating. Pure: the time comes in as an argument.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::model::{Author, Model, TicketStatus, UnixTime};

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
pub fn compute(model: &Model, now: UnixTime, zone: Tz) -> Stats {
    let local = |at: UnixTime| -> Option<NaiveDate> {
        let at = DateTime::<Utc>::from_timestamp(i64::try_from(at).ok()?, 0)?;
        Some(zone.from_utc_datetime(&at.naive_utc()).date_naive())
    };
    let Some(today) = local(now) else {
        return Stats::default();
    };
    let week = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let month = today.with_day(1).unwrap_or(today);
    let mut stats = Stats::default();
    let mut first_answers = Vec::new();
    let mut to_close = Vec::new();
    let mut stars = Vec::new();
    for ticket in model.tickets.values() {
        let count = |period: &mut Period, since: NaiveDate| {
            if local(ticket.opened_at).is_some_and(|d| d >= since) {
                period.opened += 1;
            }
            if ticket.closed_at.and_then(local).is_some_and(|d| d >= since) {
                period.closed += 1;
            }
        };
        count(&mut stats.today, today);
        count(&mut stats.this_week, week);
        count(&mut stats.this_month, month);
        let answered = ticket
            .messages
            .iter()
            .find(|e| matches!(e.from, Author::Admin(_)))
            .map(|e| e.at.saturating_sub(ticket.opened_at));
        if let Some(took) = answered {
            first_answers.push(took);
        }
        match (ticket.status, ticket.closed_at) {
            (TicketStatus::Closed, Some(at)) => to_close.push(at.saturating_sub(ticket.opened_at)),
            (TicketStatus::Open, _) => {
                stats.open_now += 1;
                if answered.is_none() {
                    stats.unanswered_now += 1;
                }
            }
            (TicketStatus::Closed, None) => {}
        }
        stars.extend(ticket.rating.map(f64::from));
    }
    stats.median_first_answer = median(&mut first_answers);
    stats.median_to_close = median(&mut to_close);
    stats.ratings = stars.len();
    if !stars.is_empty() {
        let average = stars.iter().sum::<f64>() / stars.len() as f64;
        stats.average_rating_tenths = Some((average * 10.0).round() as u16);
    }
    stats
}

/// The median (the lower middle for an even count).
fn median(values: &mut [u64]) -> Option<u64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[(values.len() - 1) / 2])
}

/// `support-bot stats`: prints the figures of the data file named by
/// `data_file` (then in English, days in UTC), or else by the settings (in
/// `TEAM_LANGUAGE`, days in `TIMEZONE`), for a cron report. Reads the data
/// file without changing it. Exit code 0, 1 if it cannot be read, 2 for a
/// settings problem.
pub fn run(data_file: Option<&std::path::Path>) -> std::process::ExitCode {
    use std::path::Path;
    use std::process::ExitCode;
    let (path, language, zone) = match data_file {
        Some(path) => (path.to_path_buf(), crate::texts::FALLBACK, chrono_tz::UTC),
        None => match crate::config::load(Path::new("Config.toml"), Some(Path::new(".env"))) {
            Ok(loaded) => {
                let config = loaded.config;
                (config.data_file, config.languages.team, config.timezone)
            }
            Err(e) => {
                eprintln!("support-bot: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let database = data_file
        .is_none()
        .then(crate::forget::configured_database)
        .flatten();
    let read = match &database {
        Some(url) => crate::store::pg::load_blocking(url.expose()),
        None => crate::export::read_store(&path),
    };
    let model = match read {
        Ok(model) => model,
        Err(e) => {
            eprintln!("support-bot: cannot read the figures: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stats = compute(&model, crate::bot::step::now(), zone);
    let reply = crate::replies::Reply::Stats {
        stats: Box::new(stats),
        zone: zone.name().to_string(),
    };
    println!("{}", reply.render(language).text);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Entry, Ticket};

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
}
