//! The data the bot remembers: tickets, each person's ticket list and every
//! chat's conversation state, plus the [`Change`]s that modify them.
//!
//! Everything here is plain data and pure functions. The store decides when
//! and how it reaches the disk; the conversation rules in `fsm` read a
//! [`Model`] and describe what should change as a list of [`Change`]s.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

mod tally;
use tally::Counted;
pub use tally::Tally;

/// A Telegram chat id. Private chats are positive, groups negative.
pub type Chat = i64;

/// Seconds since the Unix epoch. The rules never read the clock themselves:
/// the time arrives with each input, so tests can pick it.
pub type UnixTime = u64;

/// The version written into every data file, so an older or foreign file is
/// recognised instead of being misread as an empty store.
pub const FORMAT_VERSION: u32 = 1;

/// A ticket's public ID: 8 upper-case hex characters, the start of a UUID v4.
/// Kept inline (no heap allocation): a store holds several per ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TicketId([u8; TicketId::LEN]);

impl TicketId {
    /// Number of characters in an ID.
    pub const LEN: usize = 8;

    /// Reads an ID as a person types it: surrounding spaces, a leading `#`
    /// and lower case are accepted. Returns `None` if it cannot be an ID.
    pub fn parse(input: &str) -> Option<TicketId> {
        let s = input.trim().trim_start_matches('#');
        let bytes: [u8; Self::LEN] = s.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(u8::is_ascii_hexdigit)
            .then(|| TicketId(bytes.map(|b| b.to_ascii_uppercase())))
    }

    /// Makes an ID from a UUID v4 (the first 8 hex digits, upper case).
    pub fn from_uuid(uuid: uuid::Uuid) -> TicketId {
        let hex = uuid.simple().to_string();
        TicketId::parse(&hex[..Self::LEN]).expect("a UUID is hex")
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("IDs are ASCII hex")
    }
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for TicketId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        match TicketId::parse(&value) {
            Some(id) if id.as_str() == value => Ok(id),
            _ => Err(format!(
                "{value:?} is not a ticket ID (8 upper-case hex characters)"
            )),
        }
    }
}

impl From<TicketId> for String {
    fn from(id: TicketId) -> String {
        id.as_str().to_string()
    }
}

/// Who wrote to the bot, as Telegram names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The private chat with this person; replies go here.
    pub chat: Chat,
    /// First and last name as shown in Telegram.
    pub name: String,
    /// `@username` without the `@`, if they have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// Whether a ticket still waits for the support team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Open,
    Closed,
}

/// Who wrote one line of a ticket's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The person who opened the ticket.
    Owner,
    /// A member of the support team: their Telegram user id (the id of
    /// their private chat). Lines written before the bot told members
    /// apart in a group carry the group's id instead.
    Admin(Chat),
}

/// One message in a ticket's history, kept exactly as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub from: Author,
    /// The text, or a photo's (or other attachment's) caption.
    pub text: String,
    pub at: UnixTime,
    /// The kind of attachment, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaKind>,
    /// A photo's small size (Telegram's file id), shown in the team's inbox.
    /// Erased with the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb: Option<String>,
    /// The sender changed an earlier message to this text.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    /// An internal note of the support team: never sent to the person.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub note: bool,
    /// Held back from the team: the person was sending faster than
    /// `SPAM_PER_MINUTE` allows. Kept on the ticket all the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub held: bool,
    /// The first name of the team member who wrote a team line, as it was
    /// then (absent on older lines and on the person's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// A held message the team has not been shown yet: it is passed on
    /// once the burst ends (see `fsm::pass_on_held`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub waiting: bool,
    /// The person's Telegram message of a held attachment, copied to the
    /// team when it is passed on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<i32>,
}

impl Entry {
    /// A plain text message.
    pub fn new(from: Author, text: impl Into<String>, at: UnixTime) -> Entry {
        Entry {
            from,
            text: text.into(),
            at,
            media: None,
            thumb: None,
            edited: false,
            note: false,
            held: false,
            by: None,
            waiting: false,
            copy_of: None,
        }
    }
}

/// The kinds of attachment the bot passes on. Stored as `"photo"`,
/// `"video_note"`...; one byte in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    Photo,
    Document,
    Voice,
    Video,
    Audio,
    Sticker,
    Location,
    Contact,
    Animation,
    VideoNote,
}

/// A support request and everything said about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    /// The person who opened it; admin replies are delivered to `owner.chat`.
    pub owner: Person,
    pub status: TicketStatus,
    /// Tickets are numbered 1, 2, 3... in the order they were opened, which
    /// orders lists even when many open within the same second.
    #[serde(default)]
    pub number: u64,
    pub opened_at: UnixTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<UnixTime>,
    /// The description first, then every later message, oldest first.
    pub messages: Vec<Entry>,
    /// How the owner rated the help, 1 to 5, once closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// What the owner wrote with their rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_comment: Option<String>,
    /// The owner cannot be reached (blocked the bot, account deleted).
    /// Named `undeliverable` in the data file.
    #[serde(
        default,
        rename = "undeliverable",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub unreachable: bool,
    /// The ticket's topic in the team's forum group (`TEAM_CHAT_ID`): the
    /// topic's `message_thread_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<i32>,
    /// The opening notice in that topic (its message id), edited to show
    /// who is answering the ticket; `None` when the topic's first message
    /// is another (a topic made again after it was deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_notice: Option<i32>,
    /// The team member answering it, if one took it with `/claim`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Claim>,
}

/// A team member who took a ticket (`/claim`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Their Telegram user id (not the chat: several share a group).
    pub member: i64,
    /// Their first name, as others see it ("Ann is answering").
    pub name: String,
    /// Other team members already warned that Ann answers this ticket (a
    /// warning is given once each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warned: Vec<i64>,
}

/// An answer the team saved to send again (`/save`, `/a`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAnswer {
    pub text: String,
    /// Who saved it, by first name.
    pub by: String,
    pub at: UnixTime,
}

/// A person the team banned (`/ban`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ban {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Banned without a word: their messages get no answer at all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub silent: bool,
    /// Who banned them, by first name.
    pub by: String,
    pub at: UnixTime,
    /// How many messages were refused since.
    #[serde(default)]
    pub refused: u64,
}

#[cfg(any(test, feature = "test-support"))]
impl Ticket {
    /// An open ticket of `chat` ("Ann") with one message, for tests.
    pub fn sample(id: &str, chat: Chat, text: &str, at: UnixTime) -> Ticket {
        let owner = Person {
            chat,
            name: "Ann".into(),
            username: None,
        };
        let id = TicketId::parse(id).expect("a ticket ID");
        Ticket::open(id, owner, 1, at, vec![Entry::new(Author::Owner, text, at)])
    }
}

impl Ticket {
    /// A ticket opened at `at`: open, the `number`th of the store, with its
    /// `messages` (the description first), nothing else yet (no rating, no
    /// topic, nobody answering).
    pub fn open(
        id: TicketId,
        owner: Person,
        number: u64,
        at: UnixTime,
        messages: Vec<Entry>,
    ) -> Ticket {
        Ticket {
            id,
            owner,
            status: TicketStatus::Open,
            number,
            opened_at: at,
            closed_at: None,
            messages,
            rating: None,
            rating_comment: None,
            unreachable: false,
            topic: None,
            topic_notice: None,
            claim: None,
        }
    }

    /// The newest message, if any (every ticket made by the bot has one).
    pub fn last_message(&self) -> Option<&Entry> {
        self.messages.last()
    }

    /// When anything last happened to the ticket.
    pub fn updated_at(&self) -> UnixTime {
        let last = self.last_message().map_or(self.opened_at, |e| e.at);
        last.max(self.closed_at.unwrap_or(0))
    }
}

/// A chat's place in the conversation. Stored for every chat that ever wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    /// Nothing going on; the next message starts something.
    #[default]
    Idle,
    /// A person asked for a new ticket; their next message is the description.
    AwaitingDescription,
    /// A person has this ticket open; their messages are added to it.
    TicketOpen { ticket: TicketId },
    /// An admin is answering this ticket; their messages go to its owner.
    AdminReplying { ticket: TicketId },
    /// A person rated this closed ticket; their next message may be a
    /// comment on the help.
    RatingComment { ticket: TicketId },
}

/// The states' names, as logs, `/status` and the metrics spell them.
const STATE_NAMES: [&str; 5] = [
    "idle",
    "awaiting_description",
    "ticket_open",
    "admin_replying",
    "rating_comment",
];

impl State {
    /// The state's name, as logs, `/status` and the metrics spell it.
    pub fn name(&self) -> &'static str {
        STATE_NAMES[self.index()]
    }

    fn index(&self) -> usize {
        match self {
            State::Idle => 0,
            State::AwaitingDescription => 1,
            State::TicketOpen { .. } => 2,
            State::AdminReplying { .. } => 3,
            State::RatingComment { .. } => 4,
        }
    }
}

/// One modification of the [`Model`]. The conversation rules produce these;
/// the store applies them all at once and makes them durable together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A new ticket; its ID is added to the owner's list.
    OpenTicket { ticket: Ticket },
    /// A message added to a ticket's history.
    AddMessage { ticket: TicketId, entry: Entry },
    /// The held messages of a ticket were passed on to the team.
    PassedOn { ticket: TicketId },
    /// A ticket is closed.
    CloseTicket { ticket: TicketId, at: UnixTime },
    /// A closed ticket is open again.
    ReopenTicket { ticket: TicketId },
    /// A chat's conversation state.
    SetState { chat: Chat, state: State },
    /// A message in an admin chat belongs to a ticket: an admin's reply to
    /// it goes to the ticket's owner.
    Relay {
        chat: Chat,
        message: i32,
        ticket: TicketId,
    },
    /// The ticket's owner cannot be reached (`false`: they can again).
    #[serde(rename = "undeliverable")]
    Unreachable {
        ticket: TicketId,
        #[serde(rename = "gone")]
        unreachable: bool,
    },
    /// An admin group became a supergroup and got a new chat id.
    AdminMoved { from: Chat, to: Chat },
    /// The language a person is spoken to in.
    SetLanguage { chat: Chat, language: ChatLanguage },
    /// A person asked to be forgotten: their name, username and every text
    /// they or the team wrote on their tickets are erased; the tickets stay
    /// as anonymous records (ID, times, status), so figures stay right.
    Forget { chat: Chat },
    /// The texts of a ticket closed longer ago than `RETENTION_DAYS` are
    /// erased; the ticket stays (ID, people, times, status, rating).
    EraseText { ticket: TicketId },
    /// The owner rated the help on a closed ticket.
    Rate { ticket: TicketId, stars: u8 },
    /// The owner's comment on their rating.
    RateComment { ticket: TicketId, comment: String },
    /// The ticket's topic in the team's forum group (`None`: it has none,
    /// e.g. it was deleted by hand and is to be made again).
    Topic {
        ticket: TicketId,
        thread: Option<i32>,
        /// The opening notice posted in it, once posted.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notice: Option<i32>,
    },
    /// A team member takes the ticket (`None`: nobody has it any more).
    Claim {
        ticket: TicketId,
        claim: Option<Claim>,
    },
    /// `member` was told that someone else has taken the ticket.
    ClaimWarned { ticket: TicketId, member: i64 },
    /// A saved answer under `name` (`None`: removed).
    SaveAnswer {
        name: String,
        answer: Option<SavedAnswer>,
    },
    /// A person is banned (`None`: no longer).
    Ban { chat: Chat, ban: Option<Ban> },
    /// A banned person's message was refused.
    Refused { chat: Chat },
    /// A one-time login link of the team's inbox, by the SHA-256 of its
    /// token (`None`: used or expired).
    WebLogin {
        hash: String,
        login: Option<WebLogin>,
    },
    /// A browser's session of the team's inbox, by the SHA-256 of its
    /// cookie (`None`: logged out or expired).
    WebSession {
        hash: String,
        session: Option<WebLogin>,
    },
    /// A team member has seen the first `messages` messages of `ticket` in
    /// the team's inbox (what comes after is unread for them).
    WebSeen {
        member: i64,
        ticket: TicketId,
        messages: usize,
    },
}

impl Change {
    /// The ticket the change is to (`Forget` is to a person's tickets:
    /// `None`, like the changes to no ticket).
    pub fn ticket(&self) -> Option<TicketId> {
        match self {
            Change::OpenTicket { ticket } => Some(ticket.id),
            Change::AddMessage { ticket, .. }
            | Change::PassedOn { ticket }
            | Change::CloseTicket { ticket, .. }
            | Change::ReopenTicket { ticket }
            | Change::Relay { ticket, .. }
            | Change::Unreachable { ticket, .. }
            | Change::EraseText { ticket }
            | Change::Rate { ticket, .. }
            | Change::RateComment { ticket, .. }
            | Change::Topic { ticket, .. }
            | Change::Claim { ticket, .. }
            | Change::ClaimWarned { ticket, .. }
            | Change::WebSeen { ticket, .. } => Some(*ticket),
            Change::SetState { .. }
            | Change::AdminMoved { .. }
            | Change::SetLanguage { .. }
            | Change::Forget { .. }
            | Change::SaveAnswer { .. }
            | Change::Ban { .. }
            | Change::Refused { .. }
            | Change::WebLogin { .. }
            | Change::WebSession { .. } => None,
        }
    }
}

/// The language a person is spoken to in (a shipped language's code).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChatLanguage {
    /// Telegram's `language_code` of their messages; follows it.
    FromTelegram(String),
    /// Chosen with `/language`; kept whatever Telegram says.
    Chosen(String),
}

impl ChatLanguage {
    pub fn code(&self) -> &str {
        match self {
            ChatLanguage::FromTelegram(code) | ChatLanguage::Chosen(code) => code,
        }
    }
}

/// Counts for monitors: how many chats are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StateCounts {
    pub idle: usize,
    pub awaiting_description: usize,
    pub ticket_open: usize,
    pub admin_replying: usize,
    pub rating_comment: usize,
}

impl StateCounts {
    /// Each state's name with its count.
    pub fn by_name(&self) -> [(&'static str, usize); 5] {
        let counts = [
            self.idle,
            self.awaiting_description,
            self.ticket_open,
            self.admin_replying,
            self.rating_comment,
        ];
        std::array::from_fn(|i| (STATE_NAMES[i], counts[i]))
    }
}

/// Counts for monitors: tickets by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TicketCounts {
    pub open: usize,
    pub closed: usize,
    pub total: usize,
}

/// Everything the bot remembers. This is also the shape of the data file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Always [`FORMAT_VERSION`]; required so a foreign file is refused.
    pub version: u32,
    /// Every ticket ever opened, by ID.
    pub tickets: BTreeMap<TicketId, Ticket>,
    /// Each person's tickets, oldest first.
    pub user_tickets: BTreeMap<Chat, Vec<TicketId>>,
    /// Each chat's conversation state.
    pub dialogues: BTreeMap<Chat, State>,
    /// The number of the last journal entry included in this model.
    #[serde(default)]
    pub seq: u64,
    /// Which Telegram updates have been handled, to recognise redeliveries.
    #[serde(default)]
    pub updates: UpdateLog,
    /// Messages decided but not yet confirmed sent, by journal entry number,
    /// so a crash between saving and sending does not lose them.
    #[serde(default)]
    pub outbox: BTreeMap<u64, serde_json::Value>,
    /// Which ticket each relayed message in an admin chat belongs to.
    #[serde(default)]
    pub relays: BTreeMap<Chat, BTreeMap<i32, TicketId>>,
    /// Admin groups that became supergroups: old chat id to new.
    #[serde(default)]
    pub admin_moves: BTreeMap<Chat, Chat>,
    /// The language of each person the bot knows one for.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<Chat, ChatLanguage>,
    /// The team's saved answers, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, SavedAnswer>,
    /// People the team banned, by chat.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bans: BTreeMap<Chat, Ban>,
    /// One-time login links of the team's inbox not used yet, by the
    /// SHA-256 (hex) of their token; the token itself is never kept.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub web_logins: BTreeMap<String, WebLogin>,
    /// Signed-in browsers of the team's inbox, by the SHA-256 (hex) of
    /// their session cookie.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub web_sessions: BTreeMap<String, WebLogin>,
    /// What each team member has seen in the team's inbox: by member, by
    /// ticket, how many of its messages.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub web_seen: BTreeMap<i64, BTreeMap<TicketId, usize>>,
    /// The inbox's search text of each ticket, lower-cased once here instead
    /// of on every search. Derived from `tickets`, never saved.
    #[serde(skip)]
    search: SearchText,
    /// The team's figures, kept as tickets change. Derived from `tickets`,
    /// never saved.
    #[serde(skip)]
    tally: Tally,
    /// The tickets changed lately. Never saved.
    #[serde(skip)]
    touched: Touched,
}

/// The tickets changed lately, each with the journal entry the model stood
/// at when it changed, so what was read at an entry can be brought up to
/// date by looking again at only these ([`Model::touched_since`]). Kept for
/// the last [`TOUCHED_KEPT`] changes.
#[derive(Clone, Default)]
struct Touched {
    changes: std::collections::VecDeque<(u64, TicketId)>,
    /// The entry of the latest change no longer kept (or of a reindex).
    forgotten: Option<u64>,
}

/// How many of the latest ticket changes [`Model::touched_since`] knows.
pub const TOUCHED_KEPT: usize = 50_000;

/// Derived data: two models are equal when their tickets are.
impl PartialEq for Touched {
    fn eq(&self, _: &Touched) -> bool {
        true
    }
}

impl Eq for Touched {}

impl fmt::Debug for Touched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Touched({} changes)", self.changes.len())
    }
}

impl Touched {
    fn add(&mut self, at: u64, id: TicketId) {
        if self.changes.len() == TOUCHED_KEPT {
            if let Some((gone, _)) = self.changes.pop_front() {
                self.forgotten = Some(gone);
            }
        }
        self.changes.push_back((at, id));
    }
}

/// Each ticket's searchable text (the owner's name and username, then every
/// message) lower-cased, the pieces separated by NUL so no search spans two.
/// Kept by [`Model::apply`]; a model read from a file or database fills it
/// with [`Model::reindex`]. A ticket missing from it is searched through
/// [`search_text`] instead, so a missing entry is slower, never wrong.
#[derive(Clone, Default)]
struct SearchText(BTreeMap<TicketId, String>);

/// Derived data: two models are equal when their tickets are.
impl PartialEq for SearchText {
    fn eq(&self, _: &SearchText) -> bool {
        true
    }
}

impl Eq for SearchText {}

impl fmt::Debug for SearchText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SearchText({} tickets)", self.0.len())
    }
}

/// What the inbox searches in a ticket, lower-cased: see [`SearchText`].
pub fn search_text(ticket: &Ticket) -> String {
    let mut text = ticket.owner.name.to_lowercase();
    text.push('\0');
    text.push_str(
        &ticket
            .owner
            .username
            .as_deref()
            .unwrap_or_default()
            .to_lowercase(),
    );
    for entry in &ticket.messages {
        text.push('\0');
        text.push_str(&entry.text.to_lowercase());
    }
    text
}

/// Who a login link or a browser session of the team's inbox is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebLogin {
    /// Their Telegram user id.
    pub member: i64,
    /// Their first name, as the team sees it.
    pub name: String,
    /// Good until then.
    pub expires: UnixTime,
}

/// What the bot knows of Telegram's update numbering.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateLog {
    /// The last offset confirmed to Telegram: it will not send updates below it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<i64>,
    /// Updates handled but not yet confirmed, with a key naming their message
    /// (chat and message id). A redelivery has the same id and key; after a
    /// long quiet time Telegram may reuse lower ids for new updates, which
    /// have other keys and are not mistaken for redeliveries.
    #[serde(default)]
    pub handled: BTreeMap<i64, String>,
}

impl UpdateLog {
    /// Whether this update was handled already.
    pub fn is_handled(&self, id: i64, key: &str) -> bool {
        self.handled.get(&id).is_some_and(|k| k == key)
    }

    /// Telegram confirmed everything below `offset`: those can never come back.
    pub fn confirm(&mut self, offset: i64) {
        self.confirmed = Some(offset);
        self.handled.retain(|id, _| *id >= offset);
    }
}

impl Default for Model {
    fn default() -> Self {
        Model {
            version: FORMAT_VERSION,
            tickets: BTreeMap::new(),
            user_tickets: BTreeMap::new(),
            dialogues: BTreeMap::new(),
            seq: 0,
            updates: UpdateLog::default(),
            outbox: BTreeMap::new(),
            relays: BTreeMap::new(),
            admin_moves: BTreeMap::new(),
            languages: BTreeMap::new(),
            answers: BTreeMap::new(),
            bans: BTreeMap::new(),
            web_logins: BTreeMap::new(),
            web_sessions: BTreeMap::new(),
            web_seen: BTreeMap::new(),
            search: SearchText::default(),
            tally: Tally::default(),
            touched: Touched::default(),
        }
    }
}

impl Model {
    /// Fills what is derived from the tickets afresh, the search text and
    /// the figures (after reading a model from a file or database, where
    /// they are not saved, or after putting tickets in directly).
    pub fn reindex(&mut self) {
        self.search.0 = self
            .tickets
            .values()
            .map(|t| (t.id, search_text(t)))
            .collect();
        self.tally = Tally::default();
        for ticket in self.tickets.values() {
            self.tally.swap(None, Some(Counted::of(ticket)));
        }
        self.touched = Touched {
            changes: Default::default(),
            forgotten: Some(self.seq),
        };
    }

    /// Every ticket changed since what was read when the model stood at
    /// journal entry `seq` (some maybe more than once, some maybe already
    /// seen by that reading), or `None` when the model no longer knows
    /// (see [`TOUCHED_KEPT`]): then everything must be read again.
    pub fn touched_since(&self, seq: u64) -> Option<impl Iterator<Item = TicketId> + '_> {
        if self.touched.forgotten.is_some_and(|gone| gone >= seq) {
            return None;
        }
        let first = self.touched.changes.partition_point(|(at, _)| *at < seq);
        Some(self.touched.changes.range(first..).map(|(_, id)| *id))
    }

    /// The team's figures over every ticket (see [`Tally`]).
    pub fn tally(&self) -> &Tally {
        debug_assert_eq!(
            self.tally.tickets(),
            self.tickets.len(),
            "tickets put in without Model::reindex"
        );
        &self.tally
    }

    /// The lower-cased search text of a ticket, if kept (see [`SearchText`]).
    pub fn kept_search_text(&self, id: &TicketId) -> Option<&str> {
        self.search.0.get(id).map(String::as_str)
    }

    /// Lower-cases a ticket's search text again after its texts changed.
    fn refresh_search(&mut self, id: &TicketId) {
        if let Some(t) = self.tickets.get(id) {
            self.search.0.insert(*id, search_text(t));
        }
    }

    /// Erasures of the texts of tickets closed before `cutoff` that still
    /// have text (see `RETENTION_DAYS`).
    pub fn expired_texts(&self, cutoff: UnixTime) -> Vec<Change> {
        self.tickets
            .values()
            .filter(|t| t.closed_at.is_some_and(|at| at < cutoff))
            .filter(|t| t.rating_comment.is_some() || t.messages.iter().any(|e| !e.text.is_empty()))
            .map(|t| Change::EraseText { ticket: t.id })
            .collect()
    }

    /// The language a person is spoken to in, if the bot knows one.
    pub fn language(&self, chat: Chat) -> Option<&ChatLanguage> {
        self.languages.get(&chat)
    }

    /// A chat's state; chats never seen are `Idle`.
    pub fn state(&self, chat: Chat) -> State {
        self.dialogues.get(&chat).cloned().unwrap_or_default()
    }

    /// A ticket by ID.
    pub fn ticket(&self, id: &TicketId) -> Option<&Ticket> {
        self.tickets.get(id)
    }

    fn ticket_mut(&mut self, id: &TicketId) -> Result<&mut Ticket, String> {
        self.tickets.get_mut(id).ok_or_else(|| unknown(id))
    }

    /// The ticket whose topic in the team's forum group is `thread`.
    pub fn ticket_of_topic(&self, thread: i32) -> Option<TicketId> {
        self.tickets
            .values()
            .filter(|t| t.topic == Some(thread))
            .max_by_key(|t| t.number)
            .map(|t| t.id)
    }

    /// A person's open ticket, if they have one.
    pub fn open_ticket_of(&self, chat: Chat) -> Option<&Ticket> {
        self.tickets_of(chat)
            .into_iter()
            .find(|t| t.status == TicketStatus::Open)
    }

    /// An admin chat's current id, following any moves to a supergroup.
    pub fn current_admin_chat(&self, mut chat: Chat) -> Chat {
        for _ in 0..8 {
            match self.admin_moves.get(&chat) {
                Some(to) if *to != chat => chat = *to,
                _ => break,
            }
        }
        chat
    }

    /// The ticket a message in an admin chat belongs to, if it is one the
    /// bot relayed.
    pub fn relayed(&self, chat: Chat, message: i32) -> Option<TicketId> {
        self.relays
            .get(&chat)
            .and_then(|m| m.get(&message))
            .copied()
    }

    /// A person's tickets, newest first.
    pub fn tickets_of(&self, chat: Chat) -> Vec<&Ticket> {
        let ids = self
            .user_tickets
            .get(&chat)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        ids.iter()
            .rev()
            .filter_map(|id| self.tickets.get(id))
            .collect()
    }

    /// Open tickets, the one waiting longest first.
    pub fn open_tickets(&self) -> Vec<&Ticket> {
        let mut open: Vec<&Ticket> = self
            .tickets
            .values()
            .filter(|t| t.status == TicketStatus::Open)
            .collect();
        open.sort_by_key(|t| (t.number, t.opened_at));
        open
    }

    /// How many chats are in each conversation state.
    pub fn state_counts(&self) -> StateCounts {
        let mut counts = StateCounts::default();
        for state in self.dialogues.values() {
            match state {
                State::Idle => counts.idle += 1,
                State::AwaitingDescription => counts.awaiting_description += 1,
                State::TicketOpen { .. } => counts.ticket_open += 1,
                State::AdminReplying { .. } => counts.admin_replying += 1,
                State::RatingComment { .. } => counts.rating_comment += 1,
            }
        }
        counts
    }

    /// How many tickets are open and closed.
    pub fn ticket_counts(&self) -> TicketCounts {
        let (open, _) = self.tally().open();
        let total = self.tickets.len();
        TicketCounts {
            open,
            closed: total - open,
            total,
        }
    }

    /// Checks that `changes` can all be applied, in order, without applying
    /// any: every ticket they touch exists or is opened earlier in the list.
    pub fn check(&self, changes: &[Change]) -> Result<(), String> {
        let mut opened = std::collections::BTreeSet::new();
        for change in changes {
            match change {
                Change::OpenTicket { ticket } => {
                    if self.tickets.contains_key(&ticket.id) || !opened.insert(&ticket.id) {
                        return Err(format!("ticket {} already exists", ticket.id));
                    }
                }
                // Marks what a member has seen: never refused.
                Change::WebSeen { .. } => {}
                other => {
                    if let Some(ticket) = other.ticket() {
                        if !self.tickets.contains_key(&ticket) && !opened.contains(&ticket) {
                            return Err(unknown(&ticket));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Applies one change. A change that refers to a ticket that does not
    /// exist is an error: the rules only produce changes for known tickets,
    /// so this signals a bug and the whole batch is refused.
    pub fn apply(&mut self, change: Change) -> Result<(), String> {
        let counted = match &change {
            Change::OpenTicket { ticket } => Some(ticket.id),
            Change::AddMessage { ticket, .. }
            | Change::CloseTicket { ticket, .. }
            | Change::ReopenTicket { ticket }
            | Change::Rate { ticket, .. } => Some(*ticket),
            _ => None,
        };
        let before = counted.and_then(|id| self.tickets.get(&id).map(Counted::of));
        let at = self.seq;
        match &change {
            Change::Forget { chat } => {
                for id in self.user_tickets.get(chat).into_iter().flatten() {
                    self.touched.add(at, *id);
                }
            }
            other => {
                if let Some(id) = other.ticket() {
                    self.touched.add(at, id);
                }
            }
        }
        let applied = self.apply_change(change);
        if let Some(id) = counted {
            let after = self.tickets.get(&id).map(Counted::of);
            self.tally.swap(before, after);
        }
        applied
    }

    fn apply_change(&mut self, change: Change) -> Result<(), String> {
        match change {
            Change::OpenTicket { ticket } => {
                if self.tickets.contains_key(&ticket.id) {
                    return Err(format!("ticket {} already exists", ticket.id));
                }
                self.user_tickets
                    .entry(ticket.owner.chat)
                    .or_default()
                    .push(ticket.id);
                self.search.0.insert(ticket.id, search_text(&ticket));
                self.tickets.insert(ticket.id, ticket);
            }
            Change::AddMessage { ticket, entry } => {
                let t = self
                    .tickets
                    .get_mut(&ticket)
                    .ok_or_else(|| unknown(&ticket))?;
                if let Some(text) = self.search.0.get_mut(&ticket) {
                    text.push('\0');
                    text.push_str(&entry.text.to_lowercase());
                }
                t.messages.push(entry);
            }
            Change::PassedOn { ticket } => {
                for entry in &mut self.ticket_mut(&ticket)?.messages {
                    entry.waiting = false;
                    entry.copy_of = None;
                }
            }
            Change::CloseTicket { ticket, at } => {
                let t = self
                    .tickets
                    .get_mut(&ticket)
                    .ok_or_else(|| unknown(&ticket))?;
                t.status = TicketStatus::Closed;
                t.closed_at = Some(at);
            }
            Change::ReopenTicket { ticket } => {
                let t = self
                    .tickets
                    .get_mut(&ticket)
                    .ok_or_else(|| unknown(&ticket))?;
                t.status = TicketStatus::Open;
                t.closed_at = None;
            }
            Change::SetState { chat, state } => {
                self.dialogues.insert(chat, state);
            }
            Change::Relay {
                chat,
                message,
                ticket,
            } => {
                if !self.tickets.contains_key(&ticket) {
                    return Err(unknown(&ticket));
                }
                self.relays.entry(chat).or_default().insert(message, ticket);
            }
            Change::AdminMoved { from, to } => {
                self.admin_moves.insert(from, to);
            }
            Change::SetLanguage { chat, language } => {
                self.languages.insert(chat, language);
            }
            Change::EraseText { ticket } => {
                let t = self
                    .tickets
                    .get_mut(&ticket)
                    .ok_or_else(|| unknown(&ticket))?;
                for entry in &mut t.messages {
                    entry.text.clear();
                    entry.thumb = None;
                }
                t.rating_comment = None;
                self.refresh_search(&ticket);
            }
            Change::Rate { ticket, stars } => {
                let t = self
                    .tickets
                    .get_mut(&ticket)
                    .ok_or_else(|| unknown(&ticket))?;
                t.rating = Some(stars);
            }
            Change::RateComment { ticket, comment } => {
                let t = self
                    .tickets
                    .get_mut(&ticket)
                    .ok_or_else(|| unknown(&ticket))?;
                t.rating_comment = Some(comment);
            }
            Change::Forget { chat } => {
                for id in self.user_tickets.get(&chat).into_iter().flatten() {
                    if let Some(ticket) = self.tickets.get_mut(id) {
                        ticket.owner.name.clear();
                        ticket.owner.username = None;
                        for entry in &mut ticket.messages {
                            entry.text.clear();
                            entry.thumb = None;
                            // Nothing of theirs is passed on any more.
                            entry.waiting = false;
                            entry.copy_of = None;
                        }
                        ticket.rating_comment = None;
                    }
                }
                for id in self.user_tickets.get(&chat).cloned().unwrap_or_default() {
                    self.refresh_search(&id);
                }
                self.dialogues.remove(&chat);
                self.languages.remove(&chat);
                // The ban stays (a spammer must not come back by asking to
                // be forgotten); what the team wrote about them goes.
                if let Some(ban) = self.bans.get_mut(&chat) {
                    ban.reason.clear();
                }
            }
            Change::Topic {
                ticket,
                thread,
                notice,
            } => {
                let ticket = self.ticket_mut(&ticket)?;
                ticket.topic = thread;
                ticket.topic_notice = notice;
            }
            Change::Claim { ticket, claim } => {
                self.ticket_mut(&ticket)?.claim = claim;
            }
            Change::ClaimWarned { ticket, member } => {
                if let Some(claim) = self.ticket_mut(&ticket)?.claim.as_mut() {
                    if !claim.warned.contains(&member) {
                        claim.warned.push(member);
                    }
                }
            }
            Change::SaveAnswer { name, answer } => match answer {
                Some(answer) => {
                    self.answers.insert(name, answer);
                }
                None => {
                    self.answers.remove(&name);
                }
            },
            Change::Ban { chat, ban } => match ban {
                Some(ban) => {
                    self.bans.insert(chat, ban);
                }
                None => {
                    self.bans.remove(&chat);
                }
            },
            Change::Refused { chat } => {
                if let Some(ban) = self.bans.get_mut(&chat) {
                    ban.refused += 1;
                }
            }
            Change::WebLogin { hash, login } => match login {
                Some(login) => {
                    self.web_logins.insert(hash, login);
                }
                None => {
                    self.web_logins.remove(&hash);
                }
            },
            Change::WebSeen {
                member,
                ticket,
                messages,
            } => {
                self.web_seen
                    .entry(member)
                    .or_default()
                    .insert(ticket, messages);
            }
            Change::WebSession { hash, session } => match session {
                Some(session) => {
                    self.web_sessions.insert(hash, session);
                }
                None => {
                    self.web_sessions.remove(&hash);
                }
            },
            Change::Unreachable {
                ticket,
                unreachable,
            } => {
                let t = self
                    .tickets
                    .get_mut(&ticket)
                    .ok_or_else(|| unknown(&ticket))?;
                t.unreachable = unreachable;
            }
        }
        Ok(())
    }
}

fn unknown(id: &TicketId) -> String {
    format!("ticket {id} does not exist")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tickets_touched_since_an_entry_are_known_until_forgotten() {
        let id = |s: &str| TicketId::parse(s).unwrap();
        let mut m = Model::default();
        m.apply(Change::OpenTicket {
            ticket: Ticket::sample("0000000A", 1, "hi", 10),
        })
        .unwrap();
        m.seq = 1;
        m.apply(Change::OpenTicket {
            ticket: Ticket::sample("0000000B", 2, "hello", 11),
        })
        .unwrap();
        m.apply(Change::SetState {
            chat: 2,
            state: State::Idle,
        })
        .unwrap();
        m.seq = 2;
        m.apply(Change::Forget { chat: 1 }).unwrap();
        m.seq = 3;
        let since = |m: &Model, seq| m.touched_since(seq).map(|t| t.collect::<Vec<_>>());
        // What was read at entry 1 did not see what entries 2 and 3 did.
        assert_eq!(since(&m, 1), Some(vec![id("0000000B"), id("0000000A")]));
        assert_eq!(since(&m, 2), Some(vec![id("0000000A")]));
        assert_eq!(since(&m, 3), Some(vec![]));
        // A reindex forgets: what was read before it is read again.
        m.reindex();
        assert_eq!(since(&m, 3), None);
        m.seq = 4;
        assert_eq!(since(&m, 4), Some(vec![]));
        // Past TOUCHED_KEPT changes, the oldest are forgotten.
        for n in 0..TOUCHED_KEPT {
            m.seq = 5 + n as u64;
            m.apply(Change::WebSeen {
                member: 9,
                ticket: id("0000000A"),
                messages: n,
            })
            .unwrap();
        }
        assert_eq!(since(&m, 5).map(|t| t.len()), Some(TOUCHED_KEPT));
        m.apply(Change::ClaimWarned {
            ticket: id("0000000B"),
            member: 9,
        })
        .unwrap();
        assert_eq!(since(&m, 5), None);
        assert_eq!(since(&m, 6).map(|t| t.len()), Some(TOUCHED_KEPT));
    }

    #[test]
    fn ticket_ids_are_read_leniently_and_written_upper_case() {
        assert_eq!(TicketId::parse(" #1a2b3c4d ").unwrap().as_str(), "1A2B3C4D");
        assert!(TicketId::parse("1A2B3C4").is_none());
        assert!(TicketId::parse("1A2B3C4DE").is_none());
        assert!(TicketId::parse("1A2B3C4G").is_none());
        assert!(TicketId::parse("").is_none());
    }

    #[test]
    fn an_id_from_a_uuid_is_its_first_eight_hex_digits_upper_case() {
        let uuid = uuid::Uuid::parse_str("a1b2c3d4-0000-4000-8000-000000000000").unwrap();
        assert_eq!(TicketId::from_uuid(uuid).as_str(), "A1B2C3D4");
    }

    #[test]
    fn a_stored_id_in_lower_case_is_rejected() {
        let err = serde_json::from_str::<TicketId>("\"a1b2c3d4\"").unwrap_err();
        assert!(err.to_string().contains("not a ticket ID"), "{err}");
    }

    #[test]
    fn changes_keep_tickets_and_lists_in_step() {
        let mut m = Model::default();
        let id = TicketId::parse("AAAA0001").unwrap();
        let owner = Person {
            chat: 7,
            name: "Ann".into(),
            username: None,
        };
        let ticket = Ticket::open(
            id,
            owner,
            1,
            10,
            vec![Entry::new(Author::Owner, "help", 10)],
        );
        m.apply(Change::OpenTicket {
            ticket: ticket.clone(),
        })
        .unwrap();
        assert!(
            m.apply(Change::OpenTicket { ticket }).is_err(),
            "duplicate IDs are refused"
        );
        m.apply(Change::AddMessage {
            ticket: id,
            entry: Entry::new(Author::Admin(9), "hi", 20),
        })
        .unwrap();
        m.apply(Change::CloseTicket { ticket: id, at: 30 }).unwrap();
        let t = m.ticket(&id).unwrap();
        assert_eq!(t.messages.len(), 2);
        assert_eq!(t.status, TicketStatus::Closed);
        assert_eq!(t.updated_at(), 30);
        assert_eq!(m.tickets_of(7).len(), 1);
        assert_eq!(
            m.ticket_counts(),
            TicketCounts {
                open: 0,
                closed: 1,
                total: 1
            }
        );
        let missing = TicketId::parse("BBBB0002").unwrap();
        assert!(m
            .apply(Change::CloseTicket {
                ticket: missing,
                at: 1
            })
            .is_err());
    }

    #[test]
    fn the_data_file_shape_round_trips() {
        let mut m = Model::default();
        m.apply(Change::SetState {
            chat: -100,
            state: State::AdminReplying {
                ticket: TicketId::parse("ABCDEF12").unwrap(),
            },
        })
        .unwrap();
        let json = serde_json::to_string(&m).unwrap();
        assert!(
            json.contains(r#""-100":{"state":"admin_replying","ticket":"ABCDEF12"}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Model>(&json).unwrap(), m);
    }

    fn ann_ticket(id: &str, number: u64, at: UnixTime) -> Ticket {
        let owner = Person {
            chat: 7,
            name: "Ann Lee".into(),
            username: Some("AnnL".into()),
        };
        let id = TicketId::parse(id).unwrap();
        Ticket::open(
            id,
            owner,
            number,
            at,
            vec![Entry::new(Author::Owner, "Printer JAMS", at)],
        )
    }

    fn tid(s: &str) -> TicketId {
        TicketId::parse(s).unwrap()
    }

    #[test]
    fn states_are_named_and_counted_as_the_metrics_spell_them() {
        let t = tid("AAAA0001");
        let states = [
            State::Idle,
            State::AwaitingDescription,
            State::TicketOpen { ticket: t },
            State::AdminReplying { ticket: t },
            State::RatingComment { ticket: t },
        ];
        let names: Vec<&str> = states.iter().map(State::name).collect();
        assert_eq!(names, STATE_NAMES);
        let mut m = Model::default();
        // Chat i is in states[i] for i chats: 1 idle, 2 awaiting...
        let mut chat = 0;
        for (i, state) in states.iter().enumerate() {
            for _ in 0..=i {
                chat += 1;
                m.apply(Change::SetState {
                    chat,
                    state: state.clone(),
                })
                .unwrap();
            }
        }
        assert_eq!(
            m.state_counts().by_name(),
            [
                ("idle", 1),
                ("awaiting_description", 2),
                ("ticket_open", 3),
                ("admin_replying", 4),
                ("rating_comment", 5),
            ]
        );
        assert_eq!(m.state(3), State::AwaitingDescription);
        assert_eq!(m.state(999), State::Idle, "a chat never seen is idle");
    }

    #[test]
    fn a_language_is_kept_per_chat_with_its_code() {
        let mut m = Model::default();
        assert_eq!(m.language(7), None);
        m.apply(Change::SetLanguage {
            chat: 7,
            language: ChatLanguage::Chosen("de".into()),
        })
        .unwrap();
        m.apply(Change::SetLanguage {
            chat: 8,
            language: ChatLanguage::FromTelegram("ar".into()),
        })
        .unwrap();
        assert_eq!(m.language(7).map(ChatLanguage::code), Some("de"));
        assert_eq!(m.language(8).map(ChatLanguage::code), Some("ar"));
    }

    #[test]
    fn an_update_is_handled_once_under_its_key_until_telegram_confirms_it() {
        let mut log = UpdateLog::default();
        log.handled.insert(10, "7:1".into());
        log.handled.insert(11, "7:2".into());
        assert!(log.is_handled(10, "7:1"));
        assert!(!log.is_handled(10, "7:9"), "a reused id with another key");
        assert!(!log.is_handled(12, "7:3"));
        log.confirm(11);
        assert_eq!(log.confirmed, Some(11));
        assert_eq!(log.handled.keys().copied().collect::<Vec<_>>(), [11]);
    }

    #[test]
    fn the_search_text_follows_every_change_to_a_tickets_texts() {
        let mut m = Model::default();
        let t = ann_ticket("AAAA0001", 1, 10);
        let id = t.id;
        assert_eq!(search_text(&t), "ann lee\0annl\0printer jams");
        m.apply(Change::OpenTicket { ticket: t }).unwrap();
        assert_eq!(m.kept_search_text(&id), Some("ann lee\0annl\0printer jams"));
        m.apply(Change::AddMessage {
            ticket: id,
            entry: Entry::new(Author::Admin(9), "Try OFF and on", 20),
        })
        .unwrap();
        assert_eq!(
            m.kept_search_text(&id),
            Some("ann lee\0annl\0printer jams\0try off and on")
        );
        m.apply(Change::CloseTicket { ticket: id, at: 30 }).unwrap();
        m.apply(Change::EraseText { ticket: id }).unwrap();
        assert_eq!(m.kept_search_text(&id), Some("ann lee\0annl\0\0"));
        m.apply(Change::Forget { chat: 7 }).unwrap();
        assert_eq!(m.kept_search_text(&id), Some("\0\0\0"));
        assert_eq!(m.kept_search_text(&tid("BBBB0002")), None);
        // Read back from a file, the text is made again.
        let mut read: Model = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(read.kept_search_text(&id), None);
        read.reindex();
        assert_eq!(read.kept_search_text(&id), Some("\0\0\0"));
        assert_eq!(format!("{:?}", read.search), "SearchText(1 tickets)");
    }

    #[test]
    fn texts_expire_only_on_tickets_closed_before_the_cutoff_that_still_have_text() {
        let mut m = Model::default();
        for (id, closed) in [("AAAA0001", 100), ("AAAA0002", 200), ("AAAA0003", 50)] {
            let t = ann_ticket(id, 1, 10);
            m.apply(Change::OpenTicket { ticket: t }).unwrap();
            m.apply(Change::CloseTicket {
                ticket: tid(id),
                at: closed,
            })
            .unwrap();
        }
        m.apply(Change::OpenTicket {
            ticket: ann_ticket("AAAA0004", 4, 10),
        })
        .unwrap();
        let erase = |id: &str| Change::EraseText { ticket: tid(id) };
        // Closed at 100 is not before 100; the open ticket never expires.
        assert_eq!(
            m.expired_texts(100),
            [erase("AAAA0003")],
            "closed before the cutoff only"
        );
        assert_eq!(m.expired_texts(101), [erase("AAAA0001"), erase("AAAA0003")]);
        m.apply(erase("AAAA0003")).unwrap();
        assert_eq!(m.expired_texts(101), [erase("AAAA0001")], "erased already");
        // A rating comment alone is still text to erase.
        m.apply(Change::RateComment {
            ticket: tid("AAAA0003"),
            comment: "quick".into(),
        })
        .unwrap();
        assert_eq!(m.expired_texts(101), [erase("AAAA0001"), erase("AAAA0003")]);
        assert_eq!(
            m.ticket(&tid("AAAA0001"))
                .unwrap()
                .last_message()
                .unwrap()
                .text,
            "Printer JAMS"
        );
    }

    #[test]
    fn lookups_find_tickets_by_topic_owner_relay_and_moved_group() {
        let mut m = Model::default();
        for (id, number) in [("AAAA0002", 2), ("AAAA0001", 1), ("AAAA0003", 3)] {
            m.apply(Change::OpenTicket {
                ticket: ann_ticket(id, number, 10),
            })
            .unwrap();
        }
        m.apply(Change::CloseTicket {
            ticket: tid("AAAA0002"),
            at: 20,
        })
        .unwrap();
        m.apply(Change::CloseTicket {
            ticket: tid("AAAA0001"),
            at: 20,
        })
        .unwrap();
        // Newest first for the owner; the open one is found.
        let ids: Vec<&str> = m.tickets_of(7).iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["AAAA0003", "AAAA0001", "AAAA0002"]);
        assert!(m.tickets_of(8).is_empty());
        assert_eq!(m.open_ticket_of(7).map(|t| t.id), Some(tid("AAAA0003")));
        assert_eq!(m.open_ticket_of(8).map(|t| t.id), None);
        m.apply(Change::ReopenTicket {
            ticket: tid("AAAA0002"),
        })
        .unwrap();
        assert_eq!(m.ticket(&tid("AAAA0002")).unwrap().closed_at, None);
        // The one waiting longest (lowest number) first.
        let open: Vec<&str> = m.open_tickets().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(open, ["AAAA0002", "AAAA0003"]);
        assert_eq!(
            m.ticket_counts(),
            TicketCounts {
                open: 2,
                closed: 1,
                total: 3
            }
        );

        m.apply(Change::Topic {
            ticket: tid("AAAA0003"),
            thread: Some(44),
            notice: Some(45),
        })
        .unwrap();
        assert_eq!(m.ticket_of_topic(44), Some(tid("AAAA0003")));
        assert_eq!(m.ticket_of_topic(45), None);
        assert_eq!(m.ticket(&tid("AAAA0003")).unwrap().topic_notice, Some(45));

        m.apply(Change::Relay {
            chat: -100,
            message: 5,
            ticket: tid("AAAA0001"),
        })
        .unwrap();
        assert_eq!(m.relayed(-100, 5), Some(tid("AAAA0001")));
        assert_eq!(m.relayed(-100, 6), None);
        assert_eq!(m.relayed(-200, 5), None);
        assert!(m
            .apply(Change::Relay {
                chat: -100,
                message: 6,
                ticket: tid("BBBB0001"),
            })
            .is_err());

        // A group that became a supergroup, twice; a loop ends.
        m.apply(Change::AdminMoved { from: -1, to: -2 }).unwrap();
        m.apply(Change::AdminMoved { from: -2, to: -3 }).unwrap();
        assert_eq!(m.current_admin_chat(-1), -3);
        assert_eq!(m.current_admin_chat(-9), -9);
    }

    #[test]
    fn a_batch_is_checked_whole_before_any_change_is_applied() {
        let mut m = Model::default();
        m.apply(Change::OpenTicket {
            ticket: ann_ticket("AAAA0001", 1, 10),
        })
        .unwrap();
        let new = ann_ticket("AAAA0002", 2, 10);
        let add = |id: &str| Change::AddMessage {
            ticket: tid(id),
            entry: Entry::new(Author::Owner, "more", 11),
        };
        // A change to a ticket opened earlier in the same batch is fine.
        assert_eq!(
            m.check(&[
                Change::OpenTicket {
                    ticket: new.clone()
                },
                add("AAAA0002")
            ]),
            Ok(())
        );
        assert_eq!(
            m.check(&[add("AAAA0001"), Change::Forget { chat: 7 }]),
            Ok(())
        );
        assert_eq!(
            m.check(&[add("AAAA0002")]),
            Err("ticket AAAA0002 does not exist".into())
        );
        assert!(m
            .check(&[
                Change::OpenTicket {
                    ticket: new.clone()
                },
                Change::OpenTicket { ticket: new }
            ])
            .unwrap_err()
            .contains("already exists"));
        assert!(m
            .check(&[Change::OpenTicket {
                ticket: ann_ticket("AAAA0001", 3, 10)
            }])
            .unwrap_err()
            .contains("already exists"));
    }

    #[test]
    fn the_figures_follow_opening_answering_closing_and_rating() {
        let mut m = Model::default();
        m.apply(Change::OpenTicket {
            ticket: ann_ticket("AAAA0001", 1, 100),
        })
        .unwrap();
        let id = tid("AAAA0001");
        assert_eq!(m.tally().open(), (1, 1));
        m.apply(Change::AddMessage {
            ticket: id,
            entry: Entry::new(Author::Admin(9), "hi", 160),
        })
        .unwrap();
        assert_eq!(m.tally().open(), (1, 0));
        assert_eq!(m.tally().median_first_answer(), Some(60));
        m.apply(Change::CloseTicket {
            ticket: id,
            at: 400,
        })
        .unwrap();
        assert_eq!(m.tally().open(), (0, 0));
        assert_eq!(m.tally().median_to_close(), Some(300));
        assert_eq!(m.tally().closed_since(400), 1);
        m.apply(Change::Rate {
            ticket: id,
            stars: 4,
        })
        .unwrap();
        assert_eq!(m.tally().ratings(), (1, 4));
        assert_eq!(m.ticket(&id).unwrap().rating, Some(4));
        m.apply(Change::ReopenTicket { ticket: id }).unwrap();
        assert_eq!(m.tally().open(), (1, 0));
        assert_eq!(m.tally().closed_since(0), 0);
        assert_eq!(m.tally().tickets(), 1);
        assert_eq!(format!("{:?}", m.tally()), "Tally(1 tickets)");
        // A second ticket opened in the same second: changing one keeps
        // the other counted.
        m.apply(Change::OpenTicket {
            ticket: ann_ticket("AAAA0002", 2, 100),
        })
        .unwrap();
        m.apply(Change::CloseTicket {
            ticket: tid("AAAA0002"),
            at: 500,
        })
        .unwrap();
        assert_eq!(m.tally().opened_since(100), 2);
    }

    #[test]
    fn forgetting_a_person_erases_their_words_but_keeps_the_ban() {
        let mut m = Model::default();
        let mut t = ann_ticket("AAAA0001", 1, 10);
        t.messages[0].waiting = true;
        t.messages[0].copy_of = Some(3);
        t.messages[0].thumb = Some("file".into());
        m.apply(Change::OpenTicket { ticket: t }).unwrap();
        let id = tid("AAAA0001");
        m.apply(Change::RateComment {
            ticket: id,
            comment: "ok".into(),
        })
        .unwrap();
        m.apply(Change::SetState {
            chat: 7,
            state: State::TicketOpen { ticket: id },
        })
        .unwrap();
        m.apply(Change::SetLanguage {
            chat: 7,
            language: ChatLanguage::Chosen("de".into()),
        })
        .unwrap();
        let ban = Ban {
            reason: "spam".into(),
            silent: false,
            by: "Bob".into(),
            at: 12,
            refused: 0,
        };
        m.apply(Change::Ban {
            chat: 7,
            ban: Some(ban),
        })
        .unwrap();
        m.apply(Change::Refused { chat: 7 }).unwrap();
        m.apply(Change::Refused { chat: 8 }).unwrap();
        assert_eq!(m.bans[&7].refused, 1);
        assert!(!m.bans.contains_key(&8));
        m.apply(Change::Forget { chat: 7 }).unwrap();
        let t = m.ticket(&id).unwrap();
        assert_eq!(
            (t.owner.name.as_str(), t.owner.username.as_deref()),
            ("", None)
        );
        let e = &t.messages[0];
        assert_eq!((e.text.as_str(), e.thumb.as_deref()), ("", None));
        assert!(!e.waiting && e.copy_of.is_none());
        assert_eq!(t.rating_comment, None);
        assert_eq!(m.dialogues.get(&7), None);
        assert_eq!(m.language(7), None);
        assert_eq!(m.bans[&7].reason, "", "what the team wrote goes");
        assert_eq!(m.bans[&7].refused, 1, "the ban stays");
        m.apply(Change::Ban { chat: 7, ban: None }).unwrap();
        assert!(m.bans.is_empty());
    }

    #[test]
    fn the_smaller_changes_set_and_unset_what_they_name() {
        let mut m = Model::default();
        let mut t = ann_ticket("AAAA0001", 1, 10);
        t.messages[0].waiting = true;
        t.messages[0].copy_of = Some(3);
        m.apply(Change::OpenTicket { ticket: t }).unwrap();
        let id = tid("AAAA0001");
        m.apply(Change::PassedOn { ticket: id }).unwrap();
        let e = &m.ticket(&id).unwrap().messages[0];
        assert!(!e.waiting && e.copy_of.is_none(), "passed on");
        m.apply(Change::Unreachable {
            ticket: id,
            unreachable: true,
        })
        .unwrap();
        assert!(m.ticket(&id).unwrap().unreachable);
        let claim = Claim {
            member: 9,
            name: "Bob".into(),
            warned: vec![],
        };
        m.apply(Change::Claim {
            ticket: id,
            claim: Some(claim),
        })
        .unwrap();
        for member in [5, 5, 6] {
            m.apply(Change::ClaimWarned { ticket: id, member }).unwrap();
        }
        assert_eq!(
            m.ticket(&id).unwrap().claim.as_ref().unwrap().warned,
            [5, 6]
        );
        m.apply(Change::Claim {
            ticket: id,
            claim: None,
        })
        .unwrap();
        m.apply(Change::ClaimWarned {
            ticket: id,
            member: 5,
        })
        .unwrap();
        assert_eq!(m.ticket(&id).unwrap().claim, None);
        let answer = SavedAnswer {
            text: "Hello".into(),
            by: "Bob".into(),
            at: 1,
        };
        m.apply(Change::SaveAnswer {
            name: "hi".into(),
            answer: Some(answer),
        })
        .unwrap();
        assert_eq!(m.answers["hi"].text, "Hello");
        m.apply(Change::SaveAnswer {
            name: "hi".into(),
            answer: None,
        })
        .unwrap();
        assert!(m.answers.is_empty());
        let login = WebLogin {
            member: 9,
            name: "Bob".into(),
            expires: 99,
        };
        m.apply(Change::WebLogin {
            hash: "h1".into(),
            login: Some(login.clone()),
        })
        .unwrap();
        m.apply(Change::WebSession {
            hash: "h2".into(),
            session: Some(login),
        })
        .unwrap();
        assert_eq!((m.web_logins.len(), m.web_sessions.len()), (1, 1));
        m.apply(Change::WebLogin {
            hash: "h1".into(),
            login: None,
        })
        .unwrap();
        m.apply(Change::WebSession {
            hash: "h2".into(),
            session: None,
        })
        .unwrap();
        assert_eq!((m.web_logins.len(), m.web_sessions.len()), (0, 0));
        m.apply(Change::WebSeen {
            member: 9,
            ticket: id,
            messages: 3,
        })
        .unwrap();
        assert_eq!(m.web_seen[&9][&id], 3);
    }
}
