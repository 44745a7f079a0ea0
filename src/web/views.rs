//! What the inbox shows of the model: a page of the ticket list and one
//! ticket in full. Pure: the model and the time are arguments; the pages
//! and `/api` both serialise these.

use serde::Serialize;

use crate::model::{search_text, Author, Model, Ticket, TicketId, TicketStatus, UnixTime};

/// Tickets on one page of the list.
pub const PAGE_SIZE: usize = 50;

/// The list's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    /// Every open ticket.
    #[default]
    Open,
    /// Open tickets nobody claimed.
    Unclaimed,
    /// Open tickets the viewer claimed.
    Mine,
    Closed,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Open, Tab::Unclaimed, Tab::Mine, Tab::Closed];

    pub fn parse(word: &str) -> Tab {
        match word {
            "unclaimed" => Tab::Unclaimed,
            "mine" => Tab::Mine,
            "closed" => Tab::Closed,
            _ => Tab::Open,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Tab::Open => "open",
            Tab::Unclaimed => "unclaimed",
            Tab::Mine => "mine",
            Tab::Closed => "closed",
        }
    }
}

/// Which tickets to list.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub tab: Tab,
    /// An ID (or its start), a name, or words from the messages.
    pub search: String,
    /// From 0.
    pub page: usize,
}

/// Where a ticket stands, as the team sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Open, and the person wrote last: the team owes an answer.
    Waiting,
    /// Open, and the team answered last.
    Open,
    Closed,
}

/// One line of the list.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: TicketId,
    pub name: String,
    pub first_line: String,
    pub opened_at: UnixTime,
    pub updated_at: UnixTime,
    pub standing: Standing,
    pub claimed_by: Option<String>,
    pub unreachable: bool,
    pub messages: usize,
    /// The person wrote something the viewer has not seen in the inbox.
    pub unread: bool,
}

/// One page of the list.
#[derive(Clone, Debug, Serialize)]
pub struct List {
    pub rows: Vec<Row>,
    /// Tickets matching, on all pages.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
}

/// One message of a conversation.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    /// `owner` (the person), `team` (sent to the person) or `note`.
    pub from: &'static str,
    /// The team member's chat, for a team line.
    pub member: Option<i64>,
    /// The team member's first name, for a team line or note that has it.
    pub by: Option<String>,
    pub text: String,
    pub at: UnixTime,
    /// The kind of attachment (`photo`, `document`...), if any.
    pub media: Option<String>,
    /// Where the page gets a photo's thumbnail (through the bot), if any.
    pub photo: Option<String>,
    pub edited: bool,
    /// Held back from the team as spam.
    pub held: bool,
}

/// One ticket in full.
#[derive(Clone, Debug, Serialize)]
pub struct Detail {
    pub id: TicketId,
    pub name: String,
    pub username: Option<String>,
    pub chat: i64,
    pub standing: Standing,
    pub opened_at: UnixTime,
    pub closed_at: Option<UnixTime>,
    pub claimed_by: Option<String>,
    /// The viewer claimed it.
    pub mine: bool,
    pub unreachable: bool,
    pub banned: bool,
    pub rating: Option<u8>,
    pub rating_comment: Option<String>,
    pub lines: Vec<Line>,
}

pub fn standing(ticket: &Ticket) -> Standing {
    if ticket.status == TicketStatus::Closed {
        return Standing::Closed;
    }
    let last = ticket.messages.iter().rev().find(|e| !e.note);
    match last.map(|e| e.from) {
        Some(Author::Admin(_)) => Standing::Open,
        _ => Standing::Waiting,
    }
}

fn first_line(ticket: &Ticket) -> String {
    let text = ticket
        .messages
        .first()
        .map(|e| e.text.as_str())
        .unwrap_or_default();
    let line = text.lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(120).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}

/// A search, read once: an ID's start, and the words lower-cased (with
/// their searcher, made once for every ticket).
struct Search {
    id: String,
    lower: String,
    finder: memchr::memmem::Finder<'static>,
}

impl Search {
    fn new(search: &str) -> Option<Search> {
        let lower = search.to_lowercase();
        (!search.is_empty()).then(|| Search {
            id: search.trim_start_matches('#').to_ascii_uppercase(),
            finder: memchr::memmem::Finder::new(lower.as_bytes()).into_owned(),
            lower,
        })
    }

    fn matches(&self, model: &Model, ticket: &Ticket) -> bool {
        if ticket.id.as_str().starts_with(&self.id) {
            return true;
        }
        // The search text is kept lower-cased in the model, its pieces
        // separated by NUL, so a search holding one finds no text.
        if self.lower.contains('\0') {
            return false;
        }
        let found = |text: &str| self.finder.find(text.as_bytes()).is_some();
        match model.kept_search_text(&ticket.id) {
            Some(text) => found(text),
            None => found(&search_text(ticket)),
        }
    }
}

/// Whether the person wrote anything in `t` past what `viewer` has seen of
/// it in the inbox.
pub fn unread(model: &Model, t: &Ticket, viewer: i64) -> bool {
    let seen = model
        .web_seen
        .get(&viewer)
        .and_then(|tickets| tickets.get(&t.id))
        .copied()
        .unwrap_or(0);
    t.messages
        .iter()
        .skip(seen)
        .any(|e| e.from == Author::Owner && !e.note)
}

/// The list's order: most recent activity first, then the newest ticket.
type Key = std::cmp::Reverse<(UnixTime, u64)>;

/// A ticket found, with its place in the list.
pub type Found = (Key, TicketId);

/// Tickets looked at by one call of [`matching`]: a search over every
/// ticket is done in parts this size, so the store is never held for the
/// whole of it and the bot's writes wait at most one part.
pub const PART: usize = 2_000;

/// The tickets of `query`'s tab and search among at most [`PART`] tickets
/// after `after` (from the first when `None`), with their place in the
/// list; and the last ticket looked at, when there are more to look at.
fn matching(
    model: &Model,
    query: &Query,
    viewer: i64,
    after: Option<TicketId>,
) -> (Vec<Found>, Option<TicketId>) {
    let tab = query.tab;
    let search = Search::new(query.search.trim());
    let start = after.map_or(std::ops::Bound::Unbounded, std::ops::Bound::Excluded);
    let mut looked = model
        .tickets
        .range((start, std::ops::Bound::Unbounded))
        .take(PART)
        .map(|(_, t)| t)
        .peekable();
    let mut found = Vec::new();
    let mut last = None;
    while let Some(t) = looked.next() {
        last = Some(t.id);
        found.extend(fits(model, t, tab, search.as_ref(), viewer));
        if looked.peek().is_none() {
            break;
        }
    }
    let more = last.filter(|id| {
        model
            .tickets
            .range((std::ops::Bound::Excluded(*id), std::ops::Bound::Unbounded))
            .next()
            .is_some()
    });
    (found, more)
}

/// `t` with its place in the list, if it is in `tab` and `search` finds it.
fn fits(
    model: &Model,
    t: &Ticket,
    tab: Tab,
    search: Option<&Search>,
    viewer: i64,
) -> Option<Found> {
    let in_tab = match tab {
        Tab::Open => t.status == TicketStatus::Open,
        Tab::Unclaimed => t.status == TicketStatus::Open && t.claim.is_none(),
        Tab::Mine => {
            t.status == TicketStatus::Open && t.claim.as_ref().is_some_and(|c| c.member == viewer)
        }
        Tab::Closed => t.status == TicketStatus::Closed,
    };
    (in_tab && search.is_none_or(|s| s.matches(model, t)))
        .then(|| (std::cmp::Reverse((t.updated_at(), t.number)), t.id))
}

/// Most tickets changed since an earlier [`found`] that are looked at
/// again one by one ([`refresh`]); past this, all are read again in parts.
pub const REFRESHED_AT_MOST: usize = 10_000;

/// What [`found`] would find now, from what it found when the model stood
/// at journal entry `seq` (`earlier`), looking again only at the tickets
/// changed since; `None` when the model no longer knows which (or they
/// are too many): then [`found`] must read everything again.
pub fn refresh(
    model: &Model,
    earlier: &[Found],
    seq: u64,
    query: &Query,
    viewer: i64,
) -> Option<Vec<Found>> {
    let mut touched = std::collections::HashSet::new();
    for id in model.touched_since(seq)? {
        touched.insert(id);
        if touched.len() > REFRESHED_AT_MOST {
            return None;
        }
    }
    let search = Search::new(query.search.trim());
    let mut now: Vec<Found> = touched
        .iter()
        .filter_map(|id| model.ticket(id))
        .filter_map(|t| fits(model, t, query.tab, search.as_ref(), viewer))
        .collect();
    now.sort_unstable();
    // Both in the list's order: merged.
    let mut merged = Vec::with_capacity(earlier.len() + now.len());
    let mut now = now.into_iter().peekable();
    for old in earlier.iter().filter(|(_, id)| !touched.contains(id)) {
        while let Some(new) = now.next_if(|new| new < old) {
            merged.push(new);
        }
        merged.push(*old);
    }
    merged.extend(now);
    Some(merged)
}

/// The page `query` asks for, of `found` (every match in the list's
/// order, from [`found`]).
pub fn page(model: &Model, found: &[Found], query: &Query, viewer: i64) -> List {
    let total = found.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = query.page.min(pages - 1);
    let rows = found
        .iter()
        .skip(page * PAGE_SIZE)
        .take(PAGE_SIZE)
        .filter_map(|(_, id)| model.ticket(id))
        .map(|t| Row {
            id: t.id,
            name: t.owner.name.clone(),
            first_line: first_line(t),
            opened_at: t.opened_at,
            updated_at: t.updated_at(),
            standing: standing(t),
            claimed_by: t.claim.as_ref().map(|c| c.name.clone()),
            unreachable: t.unreachable,
            messages: t.messages.len(),
            unread: unread(model, t, viewer),
        })
        .collect();
    List {
        rows,
        total,
        page,
        pages,
    }
}

/// Runs what it is given on the model (see [`found`]).
pub type Reader<'a> = &'a dyn Fn(&mut dyn FnMut(&Model));

/// Every ticket of `query`'s tab and search for the team member `viewer`,
/// in the list's order (most recent activity first). `read` runs what it is
/// given on the model: the tickets are looked at in parts ([`PART`]), each
/// in a read of its own, so the bot's writes wait at most one part.
pub fn found(read: Reader<'_>, query: &Query, viewer: i64) -> Vec<Found> {
    let mut found = Vec::new();
    let mut after = None;
    loop {
        let mut more = None;
        read(&mut |m| {
            let (part, next) = matching(m, query, viewer, after);
            found.extend(part);
            more = next;
        });
        match more {
            Some(id) => after = Some(id),
            None => break,
        }
    }
    found.sort_unstable();
    found
}

/// A page of the list: [`found`], then the page made in one more read.
pub fn list(read: Reader<'_>, query: &Query, viewer: i64) -> List {
    let found = found(read, query, viewer);
    let mut list = List {
        rows: Vec::new(),
        total: 0,
        page: 0,
        pages: 1,
    };
    read(&mut |m| list = page(m, &found, query, viewer));
    list
}

/// One ticket in full, as the team member `viewer` sees it.
pub fn detail(model: &Model, id: &TicketId, viewer: i64) -> Option<Detail> {
    let t = model.ticket(id)?;
    let lines = t
        .messages
        .iter()
        .enumerate()
        .map(|(n, e)| Line {
            photo: e
                .thumb
                .as_ref()
                .map(|_| format!("/app/tickets/{}/photos/{n}", t.id)),
            from: match (e.from, e.note) {
                (_, true) => "note",
                (Author::Owner, false) => "owner",
                (Author::Admin(_), false) => "team",
            },
            member: match e.from {
                Author::Admin(chat) => Some(chat),
                Author::Owner => None,
            },
            by: e.by.clone(),
            text: e.text.clone(),
            at: e.at,
            media: e.media.map(|m| {
                serde_json::to_value(m)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            }),
            edited: e.edited,
            held: e.held,
        })
        .collect();
    Some(Detail {
        id: t.id,
        name: t.owner.name.clone(),
        username: t.owner.username.clone(),
        chat: t.owner.chat,
        standing: standing(t),
        opened_at: t.opened_at,
        closed_at: t.closed_at,
        claimed_by: t.claim.as_ref().map(|c| c.name.clone()),
        mine: t.claim.as_ref().is_some_and(|c| c.member == viewer),
        unreachable: t.unreachable,
        banned: model.bans.contains_key(&t.owner.chat),
        rating: t.rating,
        rating_comment: t.rating_comment.clone(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Claim, Entry};

    fn model_with(n: usize) -> Model {
        let mut m = Model::default();
        for i in 0..n {
            let mut t = Ticket::sample(&format!("{:08X}", i + 1), 100 + i as i64, "help me", 10);
            t.number = i as u64 + 1;
            t.opened_at = 10 + i as u64;
            t.messages[0].at = 10 + i as u64;
            m.apply(Change::OpenTicket { ticket: t }).unwrap();
        }
        m
    }

    #[test]
    fn a_list_read_in_parts_counts_and_orders_every_ticket_and_sees_each_part_anew() {
        let count = 2 * PART + 77;
        let mut m = model_with(count);
        // Most recent activity first: the ticket written to last leads.
        m.apply(Change::AddMessage {
            ticket: TicketId::parse("00000005").unwrap(),
            entry: Entry::new(Author::Owner, "one more thing", 1_000_000),
        })
        .unwrap();
        let reads = std::cell::Cell::new(0);
        let read = |f: &mut dyn FnMut(&Model)| {
            reads.set(reads.get() + 1);
            f(&m)
        };
        let query = Query {
            page: 3,
            ..Query::default()
        };
        let third = list(&read, &query, 1);
        assert_eq!(reads.get(), 3 + 1, "three parts, then the page");
        assert_eq!(
            (third.total, third.pages),
            (count, count.div_ceil(PAGE_SIZE))
        );
        let mut expected: Vec<&Ticket> = m.tickets.values().collect();
        expected.sort_by_key(|t| std::cmp::Reverse((t.updated_at(), t.number)));
        let ids = |rows: &[Row]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
        let want: Vec<TicketId> = expected[3 * PAGE_SIZE..4 * PAGE_SIZE]
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(ids(&third.rows), want);
        let first = list(&|f| f(&m), &Query::default(), 1);
        assert_eq!(first.rows[0].id.as_str(), "00000005");
    }

    #[test]
    fn the_list_is_paged_most_recent_first() {
        let m = model_with(120);
        let first = list(&|f| f(&m), &Query::default(), 1);
        assert_eq!(first.total, 120);
        assert_eq!(first.pages, 3);
        assert_eq!(first.rows.len(), PAGE_SIZE);
        assert_eq!(first.rows[0].id.as_str(), "00000078");
        let last = list(
            &|f| f(&m),
            &Query {
                page: 9,
                ..Query::default()
            },
            1,
        );
        assert_eq!(last.page, 2);
        assert_eq!(last.rows.len(), 20);
    }

    /// A change to a ticket of `m` (or a new one) picked by `pick`.
    fn some_change(m: &Model, pick: (u8, u16, u8)) -> Change {
        let (kind, which, member) = pick;
        let ids: Vec<TicketId> = m.tickets.keys().copied().collect();
        let ticket = ids[which as usize % ids.len()];
        let at = 1_000 + m.seq;
        let words = ["power button", "invoice", "thanks"];
        match kind % 6 {
            0 => {
                let n = m.tickets.len() + 1;
                let mut t = Ticket::sample(&format!("{n:08X}"), 5_000 + n as i64, words[n % 3], at);
                t.number = n as u64;
                Change::OpenTicket { ticket: t }
            }
            1 => Change::AddMessage {
                ticket,
                entry: Entry::new(Author::Owner, words[member as usize % 3], at),
            },
            2 => Change::CloseTicket { ticket, at },
            3 => Change::ReopenTicket { ticket },
            4 => Change::Claim {
                ticket,
                claim: (member % 3 != 0).then(|| Claim {
                    member: i64::from(member % 3),
                    name: "Sam".into(),
                    warned: vec![],
                }),
            },
            _ => Change::EraseText { ticket },
        }
    }

    proptest::proptest! {
        /// Brought up to date from an earlier reading and the tickets
        /// changed since, a list is what reading every ticket finds.
        #[test]
        fn a_list_brought_up_to_date_is_what_a_full_reading_finds(
            batches in proptest::collection::vec(
                proptest::collection::vec((0u8..6, 0u16..400, 0u8..6), 0..12),
                1..8,
            )
        ) {
            let mut m = model_with(40);
            let queries: Vec<Query> = Tab::ALL
                .iter()
                .flat_map(|&tab| {
                    ["", "power", "INVOICE", "0000001"].map(|search| Query {
                        tab,
                        search: search.into(),
                        page: 0,
                    })
                })
                .collect();
            let read = |m: &Model, q: &Query| found(&|f| f(m), q, 1);
            let mut earlier: Vec<(u64, Vec<Found>)> =
                queries.iter().map(|q| (m.seq, read(&m, q))).collect();
            for batch in batches {
                m.seq += 1;
                for pick in batch {
                    let change = some_change(&m, pick);
                    if m.check(std::slice::from_ref(&change)).is_ok() {
                        m.apply(change).unwrap();
                    }
                }
                for (q, (seq, list)) in queries.iter().zip(earlier.iter_mut()) {
                    let now = refresh(&m, list, *seq, q, 1).expect("the changes are known");
                    proptest::prop_assert_eq!(&now, &read(&m, q), "{:?}", q);
                    *list = now;
                    *seq = m.seq;
                }
            }
            // A model that no longer knows what changed says so.
            m.reindex();
            proptest::prop_assert!(refresh(&m, &earlier[0].1, earlier[0].0, &queries[0], 1).is_none());
        }
    }

    #[test]
    fn tabs_and_search_pick_tickets() {
        let mut m = model_with(3);
        let a = TicketId::parse("00000001").unwrap();
        let b = TicketId::parse("00000002").unwrap();
        m.apply(Change::Claim {
            ticket: a,
            claim: Some(Claim {
                member: 7,
                name: "Ann".into(),
                warned: vec![],
            }),
        })
        .unwrap();
        m.apply(Change::CloseTicket { ticket: b, at: 50 }).unwrap();
        m.apply(Change::AddMessage {
            ticket: a,
            entry: Entry::new(Author::Admin(9), "the invoice is on its way", 60),
        })
        .unwrap();
        let ids = |tab, search: &str| {
            let q = Query {
                tab,
                search: search.into(),
                page: 0,
            };
            list(&|f| f(&m), &q, 7)
                .rows
                .iter()
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(Tab::Open, ""), ["00000001", "00000003"]);
        assert_eq!(ids(Tab::Mine, ""), ["00000001"]);
        assert_eq!(ids(Tab::Unclaimed, ""), ["00000003"]);
        assert_eq!(ids(Tab::Closed, ""), ["00000002"]);
        assert_eq!(ids(Tab::Open, "INVOICE"), ["00000001"]);
        assert_eq!(ids(Tab::Open, "#00000003"), ["00000003"]);
        assert_eq!(ids(Tab::Open, "ann"), ["00000001", "00000003"]);
        let rows = list(&|f| f(&m), &Query::default(), 7).rows;
        assert_eq!(rows[0].standing, Standing::Open);
        assert_eq!(rows[1].standing, Standing::Waiting);
    }

    /// The search reads text lower-cased when it changed, not on every
    /// request: what was added after the model was read is found, what was
    /// erased is not, and case does not matter beyond ASCII.
    #[test]
    fn search_follows_the_texts_as_they_change() {
        let m = model_with(3);
        // As read back from the data file, where the search text is not saved.
        let mut m: Model = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        m.reindex();
        let a = TicketId::parse("00000001").unwrap();
        let b = TicketId::parse("00000002").unwrap();
        let found = |m: &Model, search: &str| {
            let q = Query {
                search: search.into(),
                ..Query::default()
            };
            list(&|f| f(m), &q, 7)
                .rows
                .iter()
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
        };
        assert!(found(&m, "äpfel").is_empty());
        m.apply(Change::AddMessage {
            ticket: a,
            entry: Entry::new(Author::Owner, "Drei ÄPFEL, bitte", 60),
        })
        .unwrap();
        m.apply(Change::AddMessage {
            ticket: b,
            entry: Entry::new(Author::Admin(9), "Die äpfel kommen morgen", 61),
        })
        .unwrap();
        assert!(m.kept_search_text(&a).is_some_and(|t| t.contains("äpfel")));
        assert_eq!(found(&m, "äpfel"), ["00000002", "00000001"]);
        assert_eq!(found(&m, "ÄPFEL"), ["00000002", "00000001"]);
        // Retention erases a ticket's texts.
        m.apply(Change::EraseText { ticket: a }).unwrap();
        assert_eq!(found(&m, "äpfel"), ["00000002"]);
        // /forget erases a person's name and texts.
        let owner = m.ticket(&b).unwrap().owner.chat;
        assert_eq!(found(&m, "ann").len(), 3);
        m.apply(Change::Forget { chat: owner }).unwrap();
        assert!(found(&m, "äpfel").is_empty());
        assert_eq!(found(&m, "ann"), ["00000001", "00000003"]);
        // No search spans two pieces of a ticket's text.
        assert!(found(&m, "ann\0").is_empty());
    }
}
