//! The team's figures kept as changes happen, so `/stats`, `/metrics` and
//! the dashboard cost the same with a hundred tickets or a hundred
//! thousand: what each ticket adds is taken out before a change to it and
//! put back after (`Model::apply`). Derived from the tickets, never saved.

use std::collections::BTreeMap;
use std::fmt;

use super::{Author, Ticket, TicketStatus, UnixTime};

/// What one ticket adds to the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Counted {
    opened_at: UnixTime,
    closed_at: Option<UnixTime>,
    /// Seconds from opening to the team's first answer.
    first_answer: Option<u64>,
    /// Seconds from opening to closing, for a closed ticket.
    to_close: Option<u64>,
    open: bool,
    rating: Option<u8>,
}

impl Counted {
    pub(super) fn of(ticket: &Ticket) -> Counted {
        let first_answer = ticket
            .messages
            .iter()
            .find(|e| matches!(e.from, Author::Admin(_)))
            .map(|e| e.at.saturating_sub(ticket.opened_at));
        let to_close = match (ticket.status, ticket.closed_at) {
            (TicketStatus::Closed, Some(at)) => Some(at.saturating_sub(ticket.opened_at)),
            _ => None,
        };
        Counted {
            opened_at: ticket.opened_at,
            closed_at: ticket.closed_at,
            first_answer,
            to_close,
            open: ticket.status == TicketStatus::Open,
            rating: ticket.rating,
        }
    }
}

/// The figures of every ticket together: counts, and each kind of time as
/// a sorted multiset (value -> how many), enough for period counts and
/// medians without visiting a ticket.
#[derive(Clone, Default)]
pub struct Tally {
    tickets: usize,
    opened: BTreeMap<UnixTime, usize>,
    closed: BTreeMap<UnixTime, usize>,
    first_answers: BTreeMap<u64, usize>,
    to_close: BTreeMap<u64, usize>,
    open: usize,
    unanswered: usize,
    ratings: usize,
    stars: u64,
}

/// Derived data: two models are equal when their tickets are.
impl PartialEq for Tally {
    fn eq(&self, _: &Tally) -> bool {
        true
    }
}

impl Eq for Tally {}

impl fmt::Debug for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tally({} tickets)", self.tickets)
    }
}

fn put<K: Ord>(set: &mut BTreeMap<K, usize>, key: K) {
    *set.entry(key).or_default() += 1;
}

fn take<K: Ord>(set: &mut BTreeMap<K, usize>, key: K) {
    if let Some(count) = set.get_mut(&key) {
        *count -= 1;
        if *count == 0 {
            set.remove(&key);
        }
    }
}

impl Tally {
    /// Replaces what a ticket added (`before`, none for a new ticket) by
    /// what it adds now.
    pub(super) fn swap(&mut self, before: Option<Counted>, after: Option<Counted>) {
        if before == after {
            return;
        }
        if let Some(c) = before {
            self.tickets = self.tickets.saturating_sub(1);
            take(&mut self.opened, c.opened_at);
            if let Some(at) = c.closed_at {
                take(&mut self.closed, at);
            }
            if let Some(took) = c.first_answer {
                take(&mut self.first_answers, took);
            }
            if let Some(took) = c.to_close {
                take(&mut self.to_close, took);
            }
            self.open = self.open.saturating_sub(usize::from(c.open));
            self.unanswered =
                (self.unanswered).saturating_sub(usize::from(c.open && c.first_answer.is_none()));
            if let Some(stars) = c.rating {
                self.ratings = self.ratings.saturating_sub(1);
                self.stars = self.stars.saturating_sub(u64::from(stars));
            }
        }
        if let Some(c) = after {
            self.tickets += 1;
            put(&mut self.opened, c.opened_at);
            if let Some(at) = c.closed_at {
                put(&mut self.closed, at);
            }
            if let Some(took) = c.first_answer {
                put(&mut self.first_answers, took);
            }
            if let Some(took) = c.to_close {
                put(&mut self.to_close, took);
            }
            self.open += usize::from(c.open);
            self.unanswered += usize::from(c.open && c.first_answer.is_none());
            if let Some(stars) = c.rating {
                self.ratings += 1;
                self.stars += u64::from(stars);
            }
        }
    }

    /// How many tickets it counts.
    pub fn tickets(&self) -> usize {
        self.tickets
    }

    /// Tickets opened at `since` or later.
    pub fn opened_since(&self, since: UnixTime) -> usize {
        self.opened.range(since..).map(|(_, n)| n).sum()
    }

    /// Tickets closed (and not opened again) at `since` or later.
    pub fn closed_since(&self, since: UnixTime) -> usize {
        self.closed.range(since..).map(|(_, n)| n).sum()
    }

    /// The median seconds to the team's first answer, over answered tickets
    /// (the lower middle for an even count).
    pub fn median_first_answer(&self) -> Option<u64> {
        median(&self.first_answers)
    }

    /// The median seconds from opening to closing, over closed tickets.
    pub fn median_to_close(&self) -> Option<u64> {
        median(&self.to_close)
    }

    /// Open tickets, and those of them the team has not answered yet.
    pub fn open(&self) -> (usize, usize) {
        (self.open, self.unanswered)
    }

    /// How many ratings, and the sum of their stars.
    pub fn ratings(&self) -> (usize, u64) {
        (self.ratings, self.stars)
    }
}

fn median(set: &BTreeMap<u64, usize>) -> Option<u64> {
    let count: usize = set.values().sum();
    let mut middle = count.checked_sub(1)? / 2;
    for (value, n) in set {
        if middle < *n {
            return Some(*value);
        }
        middle -= n;
    }
    None
}
