//! Every message the bot sends, as a typed [`Reply`], and the one place
//! where each is put into words ([`Reply::render`]), in the reader's
//! language.
//!
//! The words themselves are in the Fluent message files
//! (`locales/<code>/bot.ftl`, see [`crate::texts`]); this module picks the
//! message and its arguments. The wording is simple and always tells the
//! reader what they can do next.
//! Text a person typed is inserted as it is: replies are sent as plain text
//! (no parse mode), so `<b>`, `*` or `_` arrive literally.

use crate::hours::Back;
use crate::model::Chat;
use fluent_bundle::FluentValue;
use serde::{Deserialize, Serialize};

use crate::command::{self, Scope};
use crate::model::{MediaKind, Person, TicketId, TicketStatus, UnixTime};
use crate::texts;

/// One message held back while its sender wrote too fast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldLine {
    /// The text, or an attachment's caption.
    pub text: String,
    /// The kind of attachment, if it had one (copied after the notice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaKind>,
}

/// A ticket as shown in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketLine {
    pub id: TicketId,
    pub owner: Person,
    pub status: TicketStatus,
    pub opened_at: UnixTime,
    /// The first message: what the ticket is about.
    pub description: String,
    pub last_text: String,
    /// The owner cannot be reached (blocked the bot...).
    #[serde(default)]
    pub unreachable: bool,
    /// The first name of the team member who claimed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
}

/// Which open tickets a list shows (`/tickets`, `/tickets mine`...).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Listed {
    #[default]
    Open,
    Mine,
    Unclaimed,
}

/// A banned person as `/banned` lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanLine {
    pub chat: Chat,
    pub name: Option<String>,
    pub reason: String,
    pub silent: bool,
    pub refused: u64,
}

/// A new ticket as the merged notice in General names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicLink {
    pub id: TicketId,
    pub name: String,
    /// The link to its topic, if it has one yet.
    pub link: Option<String>,
}

/// Everything the bot can say. Serialisable, because messages are saved
/// with the change they report and sent after it is durable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "snake_case")]
pub enum Reply {
    // --- to people asking for help ---
    Welcome,
    /// The answer to `/language`: a button per shipped language.
    ChooseLanguage,
    /// A language was chosen (said in that language).
    LanguageChosen,
    /// The caption of the file `/mydata` sends.
    TheirData,
    /// After a ticket closed: how was the help? (buttons 1 to 5).
    RateAsk {
        id: TicketId,
    },
    /// A rating was taken; a comment is welcome in the next message.
    RatingThanks {
        id: TicketId,
    },
    AlreadyRated {
        id: TicketId,
    },
    /// A rating button for a ticket that is not the person's, or still open.
    RatingRefused,
    CommentThanks,
    /// To the team: a ticket's owner rated the help.
    Rated {
        id: TicketId,
        stars: u8,
    },
    /// A note was recorded on ticket `id` (not sent to its owner).
    NoteAdded {
        id: TicketId,
    },
    NoteEmpty,
    /// `/reopen` of a ticket that is open.
    NotClosed {
        id: TicketId,
    },
    /// `/reopen`: the owner has another ticket open.
    ReopenRefused {
        id: TicketId,
        open: TicketId,
    },
    /// To the owner: the team opened their ticket again.
    ReopenedBySupport {
        id: TicketId,
    },
    /// To the admin who reopened it.
    YouReopened {
        id: TicketId,
        owner: Person,
    },
    /// To the other admin chats.
    ReopenedByAdmin {
        id: TicketId,
        admin: Person,
    },
    /// The answer to `/stats`; days counted in `zone`.
    Stats {
        stats: Box<crate::stats::Stats>,
        zone: String,
    },
    /// To the team: the owner's comment on their rating.
    RatingCommented {
        id: TicketId,
        comment: String,
    },
    /// `/forget`: are you sure? (with a button).
    ForgetAsk,
    /// The person's data was erased.
    Forgotten,
    /// To the team: a person had themselves forgotten.
    PersonForgotten {
        chat: Chat,
    },
    /// To an admin: the owner of ticket `id` was forgotten, as asked.
    OwnerForgotten {
        id: TicketId,
        chat: Chat,
    },
    UserHelp {
        open: Option<TicketId>,
    },
    AskDescription,
    StillWaitingForDescription,
    Cancelled,
    NothingToCancel,
    TicketOpened {
        id: TicketId,
        from_first_message: bool,
        /// While the team is away: when it is back (said once, here).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        back: Option<Back>,
    },
    AddedToTicket {
        id: TicketId,
    },
    AlreadyOpen {
        id: TicketId,
    },
    StillOpen {
        id: TicketId,
    },
    ClosedByYou {
        id: TicketId,
    },
    NoOpenTicket,
    YourTickets {
        tickets: Vec<TicketLine>,
        now: UnixTime,
    },
    FromSupport {
        id: TicketId,
        text: String,
        /// The first name of the team member, when `AGENT_NAMES=first_name`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent: Option<String>,
    },
    /// Too many messages in a minute: the rest wait for the team.
    SlowDown {
        id: TicketId,
    },
    /// A banned person wrote (said once).
    YouAreBanned,
    ClosedBySupport {
        id: TicketId,
    },
    OnlyText,
    AdminOnly {
        command: String,
    },
    UnknownCommand {
        command: String,
    },
    EditNotSeen,
    SaveFailed,
    PrivateChatOnly,
    /// `/setup` from an admin of a group the bot is not set up for: the
    /// group's id and the setting that makes it the team's group (and,
    /// without topics, to turn them on first).
    GroupSetup {
        chat: Chat,
        forum: bool,
    },
    /// `/setup` in one of the team's chats: nothing more to do there.
    SetUpAlready {
        chat: Chat,
    },
    // --- to the support team ---
    AdminHelp {
        replying: Option<TicketId>,
    },
    NewTicket {
        id: TicketId,
        owner: Person,
        text: String,
        /// The kind of attachment that follows, if any.
        #[serde(default)]
        media: Option<MediaKind>,
        /// Said in the ticket's own topic of the team's forum group, where
        /// writing is answering.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        in_topic: bool,
        /// The team member answering it (the opening notice in its topic,
        /// edited when the ticket is claimed or given back).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        claimed: Option<String>,
    },
    OwnerSent {
        id: TicketId,
        owner: Person,
        kind: MediaKind,
    },
    OwnerEdited {
        id: TicketId,
        owner: Person,
        text: String,
    },
    EditPassedOn {
        id: TicketId,
    },
    FromSupportMedia {
        id: TicketId,
        kind: MediaKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent: Option<String>,
    },
    NotYourOpenTicket {
        id: TicketId,
        open: Option<TicketId>,
    },
    OwnerWrote {
        id: TicketId,
        owner: Person,
        text: String,
    },
    /// The messages held back while the owner wrote too fast, passed on
    /// together once they slowed down.
    HeldPassedOn {
        id: TicketId,
        owner: Person,
        lines: Vec<HeldLine>,
    },
    ClosedByOwner {
        id: TicketId,
        owner: Person,
    },
    /// The ticket's owner blocked the bot: replies cannot reach them.
    OwnerBlockedBot {
        id: TicketId,
        owner: Person,
    },
    /// The ticket's owner unblocked the bot: replies reach them again.
    OwnerUnblockedBot {
        id: TicketId,
        owner: Person,
    },
    ClosedByAdmin {
        id: TicketId,
        admin: Person,
    },
    YouClosed {
        id: TicketId,
        owner: Person,
    },
    NowReplying {
        id: TicketId,
        owner: Person,
        last_text: String,
    },
    Delivered {
        id: TicketId,
        owner: Person,
    },
    StoppedReplying {
        id: TicketId,
    },
    NotReplying,
    NeedTicketId {
        command: String,
    },
    NotATicketId {
        input: String,
    },
    UnknownTicket {
        id: TicketId,
    },
    TicketIsClosed {
        id: TicketId,
    },
    AlreadyClosed {
        id: TicketId,
    },
    TicketOwner {
        id: TicketId,
        owner: Person,
        status: TicketStatus,
        /// How many tickets the owner has opened in all.
        tickets: usize,
        /// Asked in the ticket's own topic, where writing is answering.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        in_topic: bool,
    },
    OpenTickets {
        tickets: Vec<TicketLine>,
        now: UnixTime,
        #[serde(default)]
        which: Listed,
    },
    UnknownTicketFilter {
        input: String,
    },
    // --- claiming ---
    YouClaimed {
        id: TicketId,
    },
    /// To the rest of the team.
    Claimed {
        id: TicketId,
        name: String,
    },
    AlreadyYours {
        id: TicketId,
    },
    AlreadyClaimed {
        id: TicketId,
        name: String,
    },
    NotClaimed {
        id: TicketId,
    },
    YouUnclaimed {
        id: TicketId,
        name: String,
    },
    Unclaimed {
        id: TicketId,
        by: String,
        /// Whose claim it was, when not the claim of the member giving it
        /// back.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
    },
    /// To the member whose claim another member gave back (`by`).
    ClaimTakenBack {
        id: TicketId,
        by: String,
    },
    /// A team member answered a ticket someone else claimed (said once).
    ClaimedByOther {
        id: TicketId,
        name: String,
    },
    // --- saved answers ---
    SavedAnswers {
        answers: Vec<(String, String)>,
    },
    AnswerNameBad {
        name: String,
    },
    AnswerNeedsText {
        name: String,
    },
    AnswerSaved {
        name: String,
        replaced: bool,
    },
    AnswerRemoved {
        name: String,
    },
    UnknownAnswer {
        name: String,
        known: Vec<String>,
    },
    // --- bans ---
    NotAPerson {
        chat: Chat,
    },
    AlreadyBanned {
        chat: Chat,
    },
    YouBanned {
        chat: Chat,
        name: Option<String>,
        closed: Option<TicketId>,
        silent: bool,
    },
    PersonBanned {
        chat: Chat,
        name: Option<String>,
        by: String,
        closed: Option<TicketId>,
    },
    NotBanned {
        chat: Chat,
    },
    YouUnbanned {
        chat: Chat,
        name: Option<String>,
    },
    BannedList {
        bans: Vec<BanLine>,
    },
    // --- the team's forum group ---
    /// In General: new tickets and links to their topics (one message for
    /// many when they pile up behind the group's flood limit).
    NewTicketsInTopics {
        tickets: Vec<TopicLink>,
    },
    /// A ticket's topic was deleted by hand: made again, with its last
    /// messages (`true`: from the owner).
    TopicRecovered {
        id: TicketId,
        last: Vec<(bool, String)>,
    },
    AdminIdleHint,
    NotForAdmins {
        command: String,
    },
    AdminOnlyText,
    /// A one-time login link to the team's inbox (made when sent; never
    /// saved).
    WebLoginLink {
        url: String,
    },
    /// `/web` outside a team member's private chat.
    WebLoginInPrivate,
    /// `/web` or `/inbox` without `PUBLIC_URL`.
    InboxNotSet,
    /// `/inbox`: the words above the button that opens the inbox.
    InboxLink,
    /// A message for a ticket's owner did not reach them.
    NotDelivered {
        id: TicketId,
        owner: Person,
        closing: bool,
        reason: String,
    },
}

/// A length of time in everyday words: minutes under two hours, hours
/// under two days, else days.
pub fn duration(language: &str, seconds: u64) -> String {
    let minutes = seconds / 60;
    let (key, n) = if minutes < 120 {
        ("duration-minutes", minutes)
    } else if minutes < 48 * 60 {
        ("duration-hours", minutes / 60)
    } else {
        ("duration-days", minutes / (24 * 60))
    };
    texts::text(language, key, &[("n", n.into())])
}

/// The words of a failed send's reason: a `reason-*` message key, with
/// what Telegram said after `": "` where it matters. A reason saved by an
/// older version (already in words) is shown as it is.
fn reason_words(language: &str, reason: &str) -> String {
    if !reason.starts_with("reason-") {
        return reason.to_string();
    }
    let (key, detail) = reason.split_once(": ").unwrap_or((reason, ""));
    texts::text(language, key, &[("detail", detail.to_string().into())])
}

/// An inline button under a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Button {
    /// "Open a ticket": pressing it is the same as sending `/new`.
    OpenTicket,
    /// For admins: start answering this ticket (like `/reply ID`).
    Answer(TicketId),
    /// For admins: close this ticket (like `/close ID`).
    Close(TicketId),
    /// For the ticket's owner: close their ticket.
    CloseMine(TicketId),
    /// For a person: speak this shipped language (its code).
    Language(&'static str),
    /// For a person: yes, erase my data.
    ForgetMe,
    /// For a ticket's owner: the help on it was worth this many stars.
    Rate(TicketId, u8),
    /// For admins: take this ticket (like `/claim ID`).
    Claim(TicketId),
}

impl Button {
    /// The label on the button, in `language`.
    pub fn label(self, language: &str) -> String {
        let key = match self {
            Button::OpenTicket => "button-open-ticket",
            Button::Answer(_) => "button-answer",
            Button::Close(_) => "button-close",
            Button::Claim(_) => "button-claim",
            Button::CloseMine(_) => "button-close-mine",
            // A language is named in itself, whatever the reply's language.
            Button::ForgetMe => "button-forget-me",
            // A number of stars reads the same in every language.
            Button::Rate(_, stars) => return format!("{stars} ⭐"),
            Button::Language(code) => {
                return texts::shipped(code).map_or(code, |l| l.name).to_string()
            }
        };
        texts::text(language, key, &[])
    }

    /// The callback data of this button: at most 64 bytes, as Telegram
    /// requires. It only names the action; who may do it is checked again
    /// when it is pressed.
    pub fn data(self) -> String {
        match self {
            Button::OpenTicket => "new".into(),
            Button::Answer(id) => format!("reply:{id}"),
            Button::Close(id) => format!("close:{id}"),
            Button::Claim(id) => format!("claim:{id}"),
            Button::CloseMine(id) => format!("mine:close:{id}"),
            Button::Language(code) => format!("lang:{code}"),
            Button::ForgetMe => "forget:yes".into(),
            Button::Rate(id, stars) => format!("rate:{id}:{stars}"),
        }
    }

    /// Reads callback data back; `None` for data this bot never made.
    pub fn from_data(data: &str) -> Option<Button> {
        let ticket = |rest: &str| TicketId::parse(rest).filter(|id| id.as_str() == rest);
        match data.split_once(':') {
            None if data == "new" => Some(Button::OpenTicket),
            Some(("forget", "yes")) => Some(Button::ForgetMe),
            Some(("rate", rest)) => {
                let (id, stars) = rest.split_once(':')?;
                let stars = stars.parse::<u8>().ok().filter(|s| (1..=5).contains(s))?;
                ticket(id).map(|id| Button::Rate(id, stars))
            }
            Some(("reply", rest)) => ticket(rest).map(Button::Answer),
            Some(("close", rest)) => ticket(rest).map(Button::Close),
            Some(("claim", rest)) => ticket(rest).map(Button::Claim),
            Some(("lang", code)) => texts::LANGUAGES
                .iter()
                .find(|l| l.code == code)
                .map(|l| Button::Language(l.code)),
            Some(("mine", rest)) => rest
                .strip_prefix("close:")
                .and_then(ticket)
                .map(Button::CloseMine),
            _ => None,
        }
    }
}

/// A reply put into words, ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    /// One row of inline buttons under the message (may be empty).
    pub buttons: Vec<Button>,
    /// The buttons' labels in the reply's language: `labels[i]` is on
    /// `buttons[i]`.
    pub labels: Vec<String>,
    /// Sent without a sound: news that asks nothing of anyone right now.
    pub quiet: bool,
}

/// A named argument of a message.
type Arg<'a> = (&'a str, FluentValue<'a>);

impl Reply {
    /// Puts the reply into words in `language` (a shipped language code;
    /// English for one that is not shipped).
    pub fn render(&self, language: &str) -> Rendered {
        let buttons = match self {
            Reply::Welcome => vec![Button::OpenTicket],
            Reply::NewTicket {
                id,
                in_topic: true,
                claimed: Some(_),
                ..
            } => vec![Button::Close(*id)],
            Reply::NewTicket {
                id, in_topic: true, ..
            } => vec![Button::Claim(*id), Button::Close(*id)],
            Reply::NewTicket { id, .. } => {
                vec![Button::Answer(*id), Button::Claim(*id), Button::Close(*id)]
            }
            Reply::OwnerWrote { id, .. } | Reply::HeldPassedOn { id, .. } => {
                vec![Button::Answer(*id), Button::Close(*id)]
            }
            Reply::TicketOpened { id, .. } => vec![Button::CloseMine(*id)],
            Reply::ForgetAsk => vec![Button::ForgetMe],
            Reply::RateAsk { id } => (1..=5).map(|stars| Button::Rate(*id, stars)).collect(),
            Reply::ChooseLanguage => texts::LANGUAGES
                .iter()
                .map(|l| Button::Language(l.code))
                .collect(),
            _ => Vec::new(),
        };
        let quiet = matches!(
            self,
            Reply::OwnerBlockedBot { .. }
                | Reply::OwnerUnblockedBot { .. }
                | Reply::Claimed { .. }
                | Reply::Unclaimed { .. }
        );
        Rendered {
            text: self.words(language),
            labels: buttons.iter().map(|b| b.label(language)).collect(),
            buttons,
            quiet,
        }
    }

    /// The ticket a message is about, when an admin's reply to it should
    /// go to that ticket's owner.
    pub fn relayed_ticket(&self) -> Option<TicketId> {
        match self {
            Reply::NewTicket { id, .. }
            | Reply::OwnerWrote { id, .. }
            | Reply::HeldPassedOn { id, .. }
            | Reply::OwnerSent { id, .. }
            | Reply::OwnerEdited { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The ticket a notice to the team is about: in the team's forum group
    /// it goes into that ticket's topic.
    pub fn about_ticket(&self) -> Option<TicketId> {
        match self {
            Reply::NewTicket { id, .. }
            | Reply::OwnerWrote { id, .. }
            | Reply::HeldPassedOn { id, .. }
            | Reply::OwnerSent { id, .. }
            | Reply::OwnerEdited { id, .. }
            | Reply::ClosedByOwner { id, .. }
            | Reply::ClosedByAdmin { id, .. }
            | Reply::ReopenedByAdmin { id, .. }
            | Reply::OwnerBlockedBot { id, .. }
            | Reply::OwnerUnblockedBot { id, .. }
            | Reply::Rated { id, .. }
            | Reply::RatingCommented { id, .. }
            | Reply::Claimed { id, .. }
            | Reply::Unclaimed { id, .. } => Some(*id),
            Reply::PersonBanned { closed, .. } => *closed,
            _ => None,
        }
    }

    /// The text of the reply: the message of `locales/<language>/bot.ftl`
    /// that says it, with its arguments.
    fn words(&self, language: &str) -> String {
        let say = |key: &str, args: &[Arg<'_>]| texts::text(language, key, args);
        let id = |id: &TicketId| -> FluentValue<'static> { id.to_string().into() };
        let command = |c: &str| -> FluentValue<'static> { c.to_string().into() };
        let owner = |p: &Person| -> FluentValue<'static> { who(language, p).into() };
        let name = |p: &Person| -> FluentValue<'static> { p.name.clone().into() };
        let typed = |t: &str| -> FluentValue<'static> { t.to_string().into() };
        let media = |k: &MediaKind| -> FluentValue<'static> { a_kind(language, k).into() };
        let media_kind = media;
        match self {
            Reply::Welcome => say("welcome", &[]),
            Reply::ChooseLanguage => say("choose-language", &[]),
            Reply::LanguageChosen => say("language-chosen", &[]),
            Reply::TheirData => say("their-data", &[]),
            Reply::RateAsk { id: ticket } => say("rate-ask", &[("id", id(ticket))]),
            Reply::RatingThanks { id: ticket } => say("rating-thanks", &[("id", id(ticket))]),
            Reply::AlreadyRated { id: ticket } => say("already-rated", &[("id", id(ticket))]),
            Reply::RatingRefused => say("rating-refused", &[]),
            Reply::NoteAdded { id: ticket } => say("note-added", &[("id", id(ticket))]),
            Reply::NoteEmpty => say("note-empty", &[]),
            Reply::NotClosed { id: ticket } => say("not-closed", &[("id", id(ticket))]),
            Reply::ReopenRefused { id: ticket, open } => {
                say("reopen-refused", &[("id", id(ticket)), ("open", id(open))])
            }
            Reply::ReopenedBySupport { id: ticket } => {
                say("reopened-by-support", &[("id", id(ticket))])
            }
            Reply::YouReopened { id: ticket, owner } => {
                say("you-reopened", &[("id", id(ticket)), ("name", name(owner))])
            }
            Reply::ReopenedByAdmin { id: ticket, admin } => say(
                "reopened-by-admin",
                &[("id", id(ticket)), ("admin", name(admin))],
            ),
            Reply::Stats { stats, zone } => {
                let n = |v: usize| -> FluentValue<'static> { v.into() };
                let took = |s: Option<u64>| -> FluentValue<'static> {
                    s.map_or_else(|| say("stats-none", &[]), |s| duration(language, s))
                        .into()
                };
                let rating = stats.average_rating_tenths.map_or_else(
                    || say("stats-none", &[]),
                    |t| format!("{}.{}", t / 10, t % 10),
                );
                say(
                    "stats",
                    &[
                        ("zone", zone.clone().into()),
                        ("today-opened", n(stats.today.opened)),
                        ("today-closed", n(stats.today.closed)),
                        ("week-opened", n(stats.this_week.opened)),
                        ("week-closed", n(stats.this_week.closed)),
                        ("month-opened", n(stats.this_month.opened)),
                        ("month-closed", n(stats.this_month.closed)),
                        ("open", n(stats.open_now)),
                        ("unanswered", n(stats.unanswered_now)),
                        ("first-answer", took(stats.median_first_answer)),
                        ("to-close", took(stats.median_to_close)),
                        ("rating", rating.into()),
                        ("ratings", n(stats.ratings)),
                    ],
                )
            }
            Reply::CommentThanks => say("comment-thanks", &[]),
            Reply::Rated { id: ticket, stars } => {
                say("rated", &[("id", id(ticket)), ("stars", (*stars).into())])
            }
            Reply::RatingCommented {
                id: ticket,
                comment,
            } => say(
                "rating-commented",
                &[("id", id(ticket)), ("comment", typed(comment))],
            ),
            Reply::ForgetAsk => say("forget-ask", &[]),
            Reply::Forgotten => say("forgotten", &[]),
            Reply::PersonForgotten { chat } => {
                say("person-forgotten", &[("chat", chat.to_string().into())])
            }
            Reply::OwnerForgotten { id: ticket, chat } => say(
                "owner-forgotten",
                &[("id", id(ticket)), ("chat", chat.to_string().into())],
            ),
            Reply::UserHelp { open } => {
                let mut s = say("user-help-intro", &[]);
                s += "\n";
                s += &command::help_lines(Scope::People, language).join("\n");
                if let Some(open) = open {
                    s += "\n\n";
                    s += &say("user-help-open-ticket", &[("id", id(open))]);
                }
                s
            }
            Reply::AskDescription => say("ask-description", &[]),
            Reply::StillWaitingForDescription => say("still-waiting-for-description", &[]),
            Reply::Cancelled => say("cancelled", &[]),
            Reply::NothingToCancel => say("nothing-to-cancel", &[]),
            Reply::TicketOpened {
                id: ticket,
                from_first_message,
                back,
            } => {
                let key = if *from_first_message {
                    "ticket-opened-first-message"
                } else {
                    "ticket-opened"
                };
                let opened = say(key, &[("id", id(ticket))]);
                match back {
                    None => opened,
                    Some(back) => {
                        let away = say(
                            "team-away",
                            &[
                                ("day", back.day.clone().into()),
                                ("time", back.time.clone().into()),
                                ("zone", back.zone.clone().into()),
                            ],
                        );
                        format!("{opened}\n\n{away}")
                    }
                }
            }
            Reply::AddedToTicket { id: ticket } => say("added-to-ticket", &[("id", id(ticket))]),
            Reply::AlreadyOpen { id: ticket } => say("already-open", &[("id", id(ticket))]),
            Reply::StillOpen { id: ticket } => say("still-open", &[("id", id(ticket))]),
            Reply::ClosedByYou { id: ticket } => say("closed-by-you", &[("id", id(ticket))]),
            Reply::NoOpenTicket => say("no-open-ticket", &[]),
            Reply::YourTickets { tickets, .. } if tickets.is_empty() => {
                say("your-tickets-none", &[])
            }
            Reply::YourTickets { tickets, now } => {
                let mut parts = vec![say("your-tickets-intro", &[])];
                parts.extend(tickets.iter().map(|t| {
                    say(
                        "your-tickets-item",
                        &[
                            ("id", id(&t.id)),
                            ("status", status_word(language, t.status).into()),
                            ("age", age(language, t.opened_at, *now).into()),
                            ("excerpt", excerpt(language, &t.description).into()),
                        ],
                    )
                }));
                parts.push(say("your-tickets-end", &[]));
                parts.join("\n\n")
            }
            Reply::FromSupport {
                id: ticket,
                text,
                agent: None,
            } => say("from-support", &[("id", id(ticket)), ("text", typed(text))]),
            Reply::FromSupport {
                id: ticket,
                text,
                agent: Some(agent),
            } => say(
                "from-agent",
                &[
                    ("id", id(ticket)),
                    ("text", typed(text)),
                    ("agent", typed(agent)),
                ],
            ),
            Reply::SlowDown { id: ticket } => say("slow-down", &[("id", id(ticket))]),
            Reply::YouAreBanned => say("you-are-banned", &[]),
            Reply::UnknownTicketFilter { input } => {
                say("unknown-ticket-filter", &[("input", typed(input))])
            }
            Reply::YouClaimed { id: ticket } => say("you-claimed", &[("id", id(ticket))]),
            Reply::Claimed {
                id: ticket,
                name: n,
            } => say("claimed", &[("id", id(ticket)), ("name", typed(n))]),
            Reply::AlreadyYours { id: ticket } => say("already-yours", &[("id", id(ticket))]),
            Reply::AlreadyClaimed {
                id: ticket,
                name: n,
            } => say("already-claimed", &[("id", id(ticket)), ("name", typed(n))]),
            Reply::NotClaimed { id: ticket } => say("not-claimed", &[("id", id(ticket))]),
            Reply::YouUnclaimed {
                id: ticket,
                name: n,
            } => say("you-unclaimed", &[("id", id(ticket)), ("name", typed(n))]),
            Reply::Unclaimed {
                id: ticket,
                by,
                from: None,
            } => say("unclaimed", &[("id", id(ticket)), ("name", typed(by))]),
            Reply::Unclaimed {
                id: ticket,
                by,
                from: Some(from),
            } => say(
                "unclaimed-from",
                &[
                    ("id", id(ticket)),
                    ("name", typed(by)),
                    ("from", typed(from)),
                ],
            ),
            Reply::ClaimTakenBack { id: ticket, by } => say(
                "claim-taken-back",
                &[("id", id(ticket)), ("name", typed(by))],
            ),
            Reply::ClaimedByOther {
                id: ticket,
                name: n,
            } => say(
                "claimed-by-other",
                &[("id", id(ticket)), ("name", typed(n))],
            ),
            Reply::SavedAnswers { answers } if answers.is_empty() => say("answers-none", &[]),
            Reply::SavedAnswers { answers } => {
                let mut parts = vec![say("answers-intro", &[("count", answers.len().into())])];
                parts.extend(answers.iter().map(|(n, text)| {
                    say(
                        "answers-item",
                        &[
                            ("name", typed(n)),
                            ("excerpt", excerpt(language, text).into()),
                        ],
                    )
                }));
                parts.push(say("answers-end", &[]));
                parts.join("\n\n")
            }
            Reply::AnswerNameBad { name: n } => say("answer-name-bad", &[("name", typed(n))]),
            Reply::AnswerNeedsText { name: n } => say("answer-needs-text", &[("name", typed(n))]),
            Reply::AnswerSaved { name: n, replaced } => say(
                if *replaced {
                    "answer-replaced"
                } else {
                    "answer-saved"
                },
                &[("name", typed(n))],
            ),
            Reply::AnswerRemoved { name: n } => say("answer-removed", &[("name", typed(n))]),
            Reply::UnknownAnswer { name: n, known } => {
                let key = if known.is_empty() {
                    "unknown-answer-none-saved"
                } else {
                    "unknown-answer"
                };
                say(
                    key,
                    &[("name", typed(n)), ("known", typed(&known.join(", ")))],
                )
            }
            Reply::NotAPerson { chat } => say("not-a-person", &[("chat", (*chat).into())]),
            Reply::AlreadyBanned { chat } => say("already-banned", &[("chat", (*chat).into())]),
            Reply::YouBanned {
                chat,
                name: n,
                closed,
                silent,
            } => {
                let mut parts = vec![say(
                    if *silent {
                        "you-banned-silent"
                    } else {
                        "you-banned"
                    },
                    &[("chat", (*chat).into()), ("name", someone(language, n))],
                )];
                if let Some(ticket) = closed {
                    parts.push(say("ban-closed-ticket", &[("id", id(ticket))]));
                }
                parts.push(say("ban-undo", &[("chat", (*chat).into())]));
                parts.join("\n")
            }
            Reply::PersonBanned {
                chat,
                name: n,
                by,
                closed,
            } => {
                let mut parts = vec![say(
                    "person-banned",
                    &[
                        ("chat", (*chat).into()),
                        ("name", someone(language, n)),
                        ("by", typed(by)),
                    ],
                )];
                if let Some(ticket) = closed {
                    parts.push(say("ban-closed-ticket", &[("id", id(ticket))]));
                }
                parts.join("\n")
            }
            Reply::NotBanned { chat } => say("not-banned", &[("chat", (*chat).into())]),
            Reply::YouUnbanned { chat, name: n } => say(
                "you-unbanned",
                &[("chat", (*chat).into()), ("name", someone(language, n))],
            ),
            Reply::BannedList { bans } if bans.is_empty() => say("banned-none", &[]),
            Reply::BannedList { bans } => {
                let mut parts = vec![say("banned-intro", &[("count", bans.len().into())])];
                parts.extend(bans.iter().map(|b| {
                    let key = if b.silent {
                        "banned-item-silent"
                    } else {
                        "banned-item"
                    };
                    let reason = if b.reason.is_empty() {
                        "-".to_string()
                    } else {
                        b.reason.clone()
                    };
                    say(
                        key,
                        &[
                            ("chat", b.chat.into()),
                            ("name", someone(language, &b.name)),
                            ("reason", reason.into()),
                            ("refused", b.refused.into()),
                        ],
                    )
                }));
                parts.push(say("banned-end", &[]));
                parts.join("\n\n")
            }
            Reply::NewTicketsInTopics { tickets } => {
                let mut parts = vec![say(
                    "general-new-tickets",
                    &[("count", tickets.len().into())],
                )];
                parts.extend(tickets.iter().map(|t| {
                    let args = [
                        ("id", id(&t.id)),
                        ("name", typed(&t.name)),
                        ("link", typed(t.link.as_deref().unwrap_or_default())),
                    ];
                    match t.link {
                        Some(_) => say("general-new-ticket-item", &args),
                        None => say("general-new-ticket-item-no-topic", &args),
                    }
                }));
                parts.join("\n")
            }
            Reply::TopicRecovered { id: ticket, last } => {
                let mut parts = vec![say("topic-recovered", &[("id", id(ticket))])];
                parts.extend(last.iter().map(|(from_owner, text)| {
                    let key = if *from_owner {
                        "topic-recovered-from-owner"
                    } else {
                        "topic-recovered-from-team"
                    };
                    say(key, &[("text", typed(text))])
                }));
                parts.join("\n")
            }
            Reply::ClosedBySupport { id: ticket } => {
                say("closed-by-support", &[("id", id(ticket))])
            }
            Reply::OnlyText => say("only-text", &[]),
            Reply::AdminOnly { command: c } => say("admin-only", &[("command", command(c))]),
            Reply::UnknownCommand { command: c } => {
                say("unknown-command", &[("command", command(c))])
            }
            Reply::EditNotSeen => say("edit-not-seen", &[]),
            Reply::SaveFailed => say("save-failed", &[]),
            Reply::PrivateChatOnly => say("private-chat-only", &[]),
            Reply::GroupSetup { chat, forum } => {
                let mut s = say("group-setup", &[("chat", chat.to_string().into())]);
                // The setting's line as it is typed: never translated, and
                // outside the message, so no direction mark gets into it.
                s += &format!("\n\nTEAM_CHAT_ID={chat}");
                if !forum {
                    s += "\n\n";
                    s += &say("group-setup-no-topics", &[]);
                }
                s
            }
            Reply::SetUpAlready { chat } => {
                say("set-up-already", &[("chat", chat.to_string().into())])
            }
            Reply::AdminHelp { replying } => {
                let mut s = say("admin-help-intro", &[]);
                s += "\n";
                s += &command::help_lines(Scope::Team, language).join("\n");
                if let Some(replying) = replying {
                    s += "\n\n";
                    s += &say("admin-help-replying", &[("id", id(replying))]);
                }
                s
            }
            Reply::NewTicket {
                id: ticket,
                owner: person,
                text,
                media,
                in_topic,
                claimed,
            } => {
                let key = match (in_topic, claimed.is_some(), media.is_some()) {
                    (true, true, false) => "new-ticket-in-topic-claimed",
                    (true, true, true) => "new-ticket-in-topic-claimed-with-media",
                    (true, false, false) => "new-ticket-in-topic",
                    (true, false, true) => "new-ticket-in-topic-with-media",
                    (false, _, false) => "new-ticket",
                    (false, _, true) => "new-ticket-with-media",
                };
                let mut args = vec![
                    ("id", id(ticket)),
                    ("owner", owner(person)),
                    ("text", typed(text)),
                ];
                if let Some(kind) = media {
                    args.push(("media", media_kind(kind)));
                }
                if let Some(n) = claimed {
                    args.push(("name", typed(n)));
                }
                say(key, &args)
            }
            Reply::OwnerSent {
                id: ticket,
                owner: person,
                kind,
            } => say(
                "owner-sent",
                &[
                    ("id", id(ticket)),
                    ("owner", owner(person)),
                    ("media", media(kind)),
                ],
            ),
            Reply::OwnerEdited {
                id: ticket,
                owner: person,
                text,
            } => say(
                "owner-edited",
                &[
                    ("id", id(ticket)),
                    ("owner", owner(person)),
                    ("text", typed(text)),
                ],
            ),
            Reply::EditPassedOn { id: ticket } => say("edit-passed-on", &[("id", id(ticket))]),
            Reply::FromSupportMedia {
                id: ticket,
                kind,
                agent: None,
            } => say(
                "from-support-media",
                &[("id", id(ticket)), ("media", media(kind))],
            ),
            Reply::FromSupportMedia {
                id: ticket,
                kind,
                agent: Some(agent),
            } => say(
                "from-agent-media",
                &[
                    ("id", id(ticket)),
                    ("media", media(kind)),
                    ("agent", typed(agent)),
                ],
            ),
            Reply::NotYourOpenTicket {
                id: ticket,
                open: Some(open),
            } => say(
                "not-your-open-ticket",
                &[("id", id(ticket)), ("open", id(open))],
            ),
            Reply::NotYourOpenTicket {
                id: ticket,
                open: None,
            } => say("not-your-open-ticket-none", &[("id", id(ticket))]),
            Reply::OwnerWrote {
                id: ticket,
                owner: person,
                text,
            } => say(
                "owner-wrote",
                &[
                    ("id", id(ticket)),
                    ("owner", owner(person)),
                    ("text", typed(text)),
                ],
            ),
            Reply::HeldPassedOn {
                id: ticket,
                owner: person,
                lines,
            } => {
                let lines: Vec<String> = lines
                    .iter()
                    .map(|line| match &line.media {
                        None => say("held-line", &[("text", typed(&line.text))]),
                        Some(kind) => say(
                            "held-line-with-media",
                            &[("text", typed(&line.text)), ("media", media(kind))],
                        ),
                    })
                    .collect();
                say(
                    "held-passed-on",
                    &[
                        ("id", id(ticket)),
                        ("owner", owner(person)),
                        ("count", lines.len().into()),
                        ("lines", lines.join("\n").into()),
                    ],
                )
            }
            Reply::ClosedByOwner {
                id: ticket,
                owner: person,
            } => say(
                "closed-by-owner",
                &[("id", id(ticket)), ("owner", owner(person))],
            ),
            Reply::ClosedByAdmin { id: ticket, admin } => say(
                "closed-by-admin",
                &[("id", id(ticket)), ("admin", name(admin))],
            ),
            Reply::YouClosed {
                id: ticket,
                owner: person,
            } => say("you-closed", &[("id", id(ticket)), ("name", name(person))]),
            Reply::NowReplying {
                id: ticket,
                owner: person,
                last_text,
            } => say(
                "now-replying",
                &[
                    ("id", id(ticket)),
                    ("owner", owner(person)),
                    ("excerpt", excerpt(language, last_text).into()),
                    ("name", name(person)),
                ],
            ),
            Reply::Delivered {
                id: ticket,
                owner: person,
            } => say("delivered", &[("id", id(ticket)), ("name", name(person))]),
            Reply::StoppedReplying { id: ticket } => say("stopped-replying", &[("id", id(ticket))]),
            Reply::NotReplying => say("not-replying", &[]),
            Reply::NeedTicketId { command: c } => say("need-ticket-id", &[("command", command(c))]),
            Reply::NotATicketId { input } => say("not-a-ticket-id", &[("input", typed(input))]),
            Reply::UnknownTicket { id: ticket } => say("unknown-ticket", &[("id", id(ticket))]),
            Reply::TicketIsClosed { id: ticket } => say("ticket-is-closed", &[("id", id(ticket))]),
            Reply::AlreadyClosed { id: ticket } => say("already-closed", &[("id", id(ticket))]),
            Reply::TicketOwner {
                id: ticket,
                owner: person,
                status,
                tickets,
                in_topic,
            } => say(
                "ticket-owner",
                &[
                    ("id", id(ticket)),
                    ("status", status_word(language, *status).into()),
                    ("owner", owner(person)),
                    ("count", (*tickets).into()),
                    ("place", if *in_topic { "topic" } else { "chat" }.into()),
                ],
            ),
            Reply::OpenTickets { tickets, which, .. } if tickets.is_empty() => match which {
                Listed::Open => say("open-tickets-none", &[]),
                Listed::Mine => say("open-tickets-none-mine", &[]),
                Listed::Unclaimed => say("open-tickets-none-unclaimed", &[]),
            },
            Reply::OpenTickets {
                tickets,
                now,
                which,
            } => {
                let intro = match which {
                    Listed::Open => "open-tickets-intro",
                    Listed::Mine => "open-tickets-intro-mine",
                    Listed::Unclaimed => "open-tickets-intro-unclaimed",
                };
                let mut parts = vec![say(intro, &[("count", tickets.len().into())])];
                parts.extend(tickets.iter().map(|t| {
                    let key = if t.unreachable {
                        "open-tickets-item-unreachable"
                    } else {
                        "open-tickets-item"
                    };
                    let item = say(
                        key,
                        &[
                            ("id", id(&t.id)),
                            ("owner", owner(&t.owner)),
                            ("age", age(language, t.opened_at, *now).into()),
                            ("excerpt", excerpt(language, &t.last_text).into()),
                        ],
                    );
                    match &t.claimed_by {
                        Some(n) => {
                            let claimed = say("open-tickets-claimed", &[("name", typed(n))]);
                            format!("{item}\n{claimed}")
                        }
                        None => item,
                    }
                }));
                parts.push(say("open-tickets-end", &[]));
                parts.join("\n\n")
            }
            Reply::AdminIdleHint => say("admin-idle-hint", &[]),
            Reply::NotForAdmins { command: c } => say("not-for-admins", &[("command", command(c))]),
            Reply::OwnerBlockedBot {
                id: ticket,
                owner: person,
            } => say(
                "owner-blocked-bot",
                &[("id", id(ticket)), ("owner", owner(person))],
            ),
            Reply::OwnerUnblockedBot {
                id: ticket,
                owner: person,
            } => say(
                "owner-unblocked-bot",
                &[("id", id(ticket)), ("owner", owner(person))],
            ),
            Reply::AdminOnlyText => say("admin-only-text", &[]),
            Reply::WebLoginLink { url } => say("web-login-link", &[("url", url.as_str().into())]),
            Reply::WebLoginInPrivate => say("web-login-in-private", &[]),
            Reply::InboxNotSet => say("inbox-not-set", &[]),
            Reply::InboxLink => say("inbox-link", &[]),
            Reply::NotDelivered {
                id: ticket,
                owner: person,
                closing,
                reason,
            } => {
                let key = if *closing {
                    "not-delivered-closing"
                } else {
                    "not-delivered"
                };
                say(
                    key,
                    &[
                        ("id", id(ticket)),
                        ("name", name(person)),
                        ("reason", reason_words(language, reason).into()),
                    ],
                )
            }
        }
    }
}

/// A person's name, or "someone" when the bot knows none.
fn someone(language: &str, name: &Option<String>) -> FluentValue<'static> {
    match name {
        Some(name) => name.clone().into(),
        None => texts::text(language, "someone", &[]).into(),
    }
}

/// "a photo", "a voice message"...: an attachment in everyday words.
pub fn a_kind(language: &str, kind: &MediaKind) -> String {
    let key = match kind {
        MediaKind::Photo => "media-photo",
        MediaKind::Document => "media-document",
        MediaKind::Voice => "media-voice",
        MediaKind::Video => "media-video",
        MediaKind::Audio => "media-audio",
        MediaKind::Sticker => "media-sticker",
        MediaKind::Location => "media-location",
        MediaKind::Contact => "media-contact",
        MediaKind::Animation => "media-animation",
        MediaKind::VideoNote => "media-video-note",
    };
    texts::text(language, key, &[])
}

/// "Ann (@ann, 5551)": enough for the team to know who wrote.
pub fn who(language: &str, p: &Person) -> String {
    // A person who asked to be forgotten has no name any more.
    let erased;
    let shown = if p.name.is_empty() {
        erased = texts::text(language, "person-erased", &[]);
        erased.as_str()
    } else {
        p.name.as_str()
    };
    // The chat number goes in as text: never grouped or localised.
    let name = ("name", FluentValue::from(shown));
    let chat = ("chat", FluentValue::from(p.chat.to_string()));
    match &p.username {
        Some(u) => texts::text(
            language,
            "person-with-username",
            &[name, ("username", u.as_str().into()), chat],
        ),
        None => texts::text(language, "person", &[name, chat]),
    }
}

fn status_word(language: &str, s: TicketStatus) -> String {
    let key = match s {
        TicketStatus::Open => "status-open",
        TicketStatus::Closed => "status-closed",
    };
    texts::text(language, key, &[])
}

/// How long ago something happened, in everyday words: "just now" under a
/// minute, then whole minutes, hours (from 60 minutes) or days (from 24
/// hours), rounded down.
pub fn age(language: &str, then: UnixTime, now: UnixTime) -> String {
    let secs = now.saturating_sub(then);
    let (n, key) = match secs {
        0..=59 => return texts::text(language, "age-just-now", &[]),
        60..=3599 => (secs / 60, "age-minutes"),
        3600..=86_399 => (secs / 3600, "age-hours"),
        _ => (secs / 86_400, "age-days"),
    };
    texts::text(language, key, &[("n", n.into())])
}

/// The start of a message on one line, for lists.
pub fn excerpt(language: &str, text: &str) -> String {
    const MAX: usize = 80;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX {
        flat
    } else {
        let cut: String = flat.chars().take(MAX).collect();
        texts::text(
            language,
            "excerpt-shortened",
            &[("start", cut.trim_end().into())],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = texts::FALLBACK;

    fn ticket(s: &str) -> TicketId {
        TicketId::parse(s).unwrap()
    }

    fn ann() -> Person {
        Person {
            chat: 5551,
            name: "Ann Lee".into(),
            username: Some("ann".into()),
        }
    }

    fn bob() -> Person {
        Person {
            chat: 5552,
            name: "Bob".into(),
            username: None,
        }
    }

    /// Every variant of every reply, with arguments that reach each branch.
    fn every_reply() -> Vec<Reply> {
        let id = ticket("1A2B3C4D");
        let other = ticket("9F8E7D6C");
        let long = "a long description that goes on ".repeat(5);
        let line = |id: TicketId, owner: Person, status, opened_at, unreachable| TicketLine {
            id,
            owner,
            status,
            opened_at,
            description: long.clone(),
            last_text: "short\nlast   text".into(),
            unreachable,
            claimed_by: None,
        };
        let lines = vec![
            line(id, ann(), TicketStatus::Open, 1_000_000 - 30, false),
            line(other, bob(), TicketStatus::Closed, 1_000_000 - 60, true),
            line(id, bob(), TicketStatus::Open, 1_000_000 - 7_300, false),
            line(other, ann(), TicketStatus::Open, 1_000_000 - 86_400, true),
            line(
                id,
                ann(),
                TicketStatus::Closed,
                1_000_000 - 5 * 86_400,
                false,
            ),
        ];
        let now = 1_000_000;
        let mut all = vec![
            Reply::Welcome,
            Reply::UserHelp { open: None },
            Reply::UserHelp { open: Some(id) },
            Reply::AskDescription,
            Reply::StillWaitingForDescription,
            Reply::Cancelled,
            Reply::NothingToCancel,
            Reply::TicketOpened {
                id,
                from_first_message: false,
                back: None,
            },
            Reply::TicketOpened {
                id,
                from_first_message: true,
                back: Some(Back {
                    day: "monday".into(),
                    time: "09:00".into(),
                    zone: "Europe/Berlin".into(),
                }),
            },
            Reply::AddedToTicket { id },
            Reply::AlreadyOpen { id },
            Reply::StillOpen { id },
            Reply::ClosedByYou { id },
            Reply::ChooseLanguage,
            Reply::LanguageChosen,
            Reply::TheirData,
            Reply::ForgetAsk,
            Reply::Forgotten,
            Reply::PersonForgotten { chat: 5551 },
            Reply::OwnerForgotten { id, chat: 5551 },
            Reply::RateAsk { id },
            Reply::RatingThanks { id },
            Reply::AlreadyRated { id },
            Reply::RatingRefused,
            Reply::CommentThanks,
            Reply::NoteAdded { id },
            Reply::NoteEmpty,
            Reply::NotClosed { id },
            Reply::ReopenRefused { id, open: id },
            Reply::ReopenedBySupport { id },
            Reply::YouReopened { id, owner: bob() },
            Reply::ReopenedByAdmin { id, admin: bob() },
            Reply::Stats {
                stats: Box::new(crate::stats::Stats {
                    median_first_answer: Some(750),
                    average_rating_tenths: Some(45),
                    ratings: 2,
                    ..Default::default()
                }),
                zone: "Europe/Berlin".into(),
            },
            Reply::Rated { id, stars: 4 },
            Reply::RatingCommented {
                id,
                comment: "Quick, thanks".into(),
            },
            Reply::NoOpenTicket,
            Reply::YourTickets {
                tickets: Vec::new(),
                now,
            },
            Reply::YourTickets {
                tickets: lines.clone(),
                now,
            },
            Reply::FromSupport {
                id,
                text: "Two\n\nlines <b>*_".into(),
                agent: None,
            },
            Reply::FromSupport {
                id,
                text: String::new(),
                agent: None,
            },
            Reply::ClosedBySupport { id },
            Reply::OnlyText,
            Reply::AdminOnly {
                command: "reply".into(),
            },
            Reply::UnknownCommand {
                command: "frobnicate".into(),
            },
            Reply::EditNotSeen,
            Reply::SaveFailed,
            Reply::PrivateChatOnly,
            Reply::GroupSetup {
                chat: -1001234567890,
                forum: true,
            },
            Reply::GroupSetup {
                chat: -4321,
                forum: false,
            },
            Reply::SetUpAlready {
                chat: -1001234567890,
            },
            Reply::AdminHelp { replying: None },
            Reply::AdminHelp { replying: Some(id) },
            Reply::NewTicket {
                id,
                owner: ann(),
                text: "It broke.\n  Twice.".into(),
                media: None,
                in_topic: false,
                claimed: None,
            },
            Reply::NewTicket {
                id,
                owner: ann(),
                text: "It broke.".into(),
                media: None,
                in_topic: true,
                claimed: Some("Bob".into()),
            },
            Reply::NewTicket {
                id,
                owner: ann(),
                text: "It broke.".into(),
                media: Some(MediaKind::Photo),
                in_topic: true,
                claimed: Some("Bob".into()),
            },
            Reply::ClaimTakenBack {
                id,
                by: "Bob".into(),
            },
            Reply::OwnerEdited {
                id,
                owner: bob(),
                text: "fixed".into(),
            },
            Reply::EditPassedOn { id },
            Reply::NotYourOpenTicket {
                id,
                open: Some(other),
            },
            Reply::NotYourOpenTicket { id, open: None },
            Reply::OwnerWrote {
                id,
                owner: ann(),
                text: "more".into(),
            },
            Reply::HeldPassedOn {
                id,
                owner: ann(),
                lines: vec![
                    HeldLine {
                        text: "one".into(),
                        media: None,
                    },
                    HeldLine {
                        text: String::new(),
                        media: Some(MediaKind::Photo),
                    },
                ],
            },
            Reply::HeldPassedOn {
                id,
                owner: ann(),
                lines: vec![HeldLine {
                    text: "only".into(),
                    media: None,
                }],
            },
            Reply::ClosedByOwner { id, owner: bob() },
            Reply::OwnerBlockedBot { id, owner: ann() },
            Reply::OwnerUnblockedBot { id, owner: bob() },
            Reply::ClosedByAdmin { id, admin: ann() },
            Reply::YouClosed { id, owner: bob() },
            Reply::NowReplying {
                id,
                owner: ann(),
                last_text: long.clone(),
            },
            Reply::Delivered { id, owner: ann() },
            Reply::StoppedReplying { id },
            Reply::NotReplying,
            Reply::NeedTicketId {
                command: "close".into(),
            },
            Reply::NotATicketId {
                input: "xyz".into(),
            },
            Reply::UnknownTicket { id },
            Reply::TicketIsClosed { id },
            Reply::AlreadyClosed { id },
            Reply::OpenTickets {
                tickets: Vec::new(),
                now,
                which: Listed::Open,
            },
            Reply::OpenTickets {
                tickets: lines,
                now,
                which: Listed::Open,
            },
            Reply::AdminIdleHint,
            Reply::NotForAdmins {
                command: "new".into(),
            },
            Reply::AdminOnlyText,
            Reply::WebLoginLink {
                url: "https://support.example.com/app/login/abc".into(),
            },
            Reply::WebLoginInPrivate,
            Reply::InboxNotSet,
            Reply::InboxLink,
            Reply::NotDelivered {
                id,
                owner: bob(),
                closing: false,
                reason: "they have blocked the bot".into(),
            },
            Reply::NotDelivered {
                id,
                owner: bob(),
                closing: true,
                reason: "Telegram could not be reached".into(),
            },
        ];
        for status in [TicketStatus::Open, TicketStatus::Closed] {
            for (owner, tickets) in [(ann(), 1), (bob(), 12)] {
                all.push(Reply::TicketOwner {
                    id,
                    owner,
                    status,
                    tickets,
                    in_topic: tickets == 1,
                });
            }
        }
        for kind in [
            MediaKind::Photo,
            MediaKind::Document,
            MediaKind::Voice,
            MediaKind::Video,
            MediaKind::Audio,
            MediaKind::Sticker,
            MediaKind::Location,
            MediaKind::Contact,
            MediaKind::Animation,
            MediaKind::VideoNote,
        ] {
            all.push(Reply::NewTicket {
                id,
                owner: bob(),
                text: String::new(),
                media: Some(kind),
                in_topic: false,
                claimed: None,
            });
            all.push(Reply::OwnerSent {
                id,
                owner: ann(),
                kind,
            });
            all.push(Reply::FromSupportMedia {
                id,
                kind,
                agent: None,
            });
        }
        all
    }

    #[test]
    fn the_setting_line_for_a_group_can_be_copied_as_it_is_in_every_language() {
        for language in crate::texts::LANGUAGES {
            for forum in [true, false] {
                let text = Reply::GroupSetup {
                    chat: -1001234567890,
                    forum,
                }
                .render(language.code)
                .text;
                assert!(
                    text.lines().any(|l| l == "TEAM_CHAT_ID=-1001234567890"),
                    "{}: {text:?}",
                    language.code
                );
                assert_eq!(text.contains("/setup"), !forum, "{}: {text}", language.code);
            }
        }
    }

    #[test]
    fn typed_text_is_passed_on_exactly() {
        let typed = "  spaced  \n\n{ $braces } [x] *y .z\n";
        let reply = Reply::FromSupport {
            id: ticket("1A2B3C4D"),
            text: typed.into(),
            agent: None,
        };
        assert_eq!(
            reply.render(EN).text,
            format!("Support team (ticket 1A2B3C4D):\n{typed}")
        );
    }

    #[test]
    fn every_reply_is_put_into_words_from_the_english_file() {
        let keys = texts::keys(EN);
        for reply in every_reply() {
            let rendered = reply.render(EN);
            // A missing message comes out as its key, a missing argument or
            // message reference in braces.
            assert!(!keys.contains(&rendered.text), "{reply:?}");
            assert!(!rendered.text.contains('{'), "{reply:?}: {}", rendered.text);
            assert!(
                !rendered.text.contains('\u{2068}'),
                "no isolation marks in English"
            );
            assert_eq!(rendered.labels.len(), rendered.buttons.len());
        }
    }

    #[test]
    fn ages_read_as_everyday_words() {
        assert_eq!(age(EN, 100, 100), "just now");
        assert_eq!(age(EN, 100, 159), "just now");
        assert_eq!(age(EN, 0, 60), "1 minute ago");
        assert_eq!(age(EN, 0, 3599), "59 minutes ago");
        assert_eq!(age(EN, 0, 3600), "1 hour ago");
        assert_eq!(age(EN, 0, 7200), "2 hours ago");
        assert_eq!(age(EN, 0, 86_399), "23 hours ago");
        assert_eq!(age(EN, 0, 86_400), "1 day ago");
        assert_eq!(age(EN, 0, 86_400 * 3), "3 days ago");
        assert_eq!(
            age(EN, 200, 100),
            "just now",
            "a clock that went back is not negative"
        );
    }

    #[test]
    fn people_read_with_their_username_and_chat() {
        assert_eq!(who(EN, &ann()), "Ann Lee (@ann, 5551)");
        assert_eq!(who(EN, &bob()), "Bob (5552)");
        let group = Person {
            chat: -1_001_234_567_890,
            ..bob()
        };
        assert_eq!(who(EN, &group), "Bob (-1001234567890)");
    }

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt(EN, "a\nb   c"), "a b c");
        let long = "word ".repeat(40);
        let e = excerpt(EN, &long);
        assert!(e.ends_with("...") && e.chars().count() <= 83, "{e}");
    }

    #[test]
    fn only_the_welcome_has_the_open_ticket_button() {
        let welcome = Reply::Welcome.render(EN);
        assert_eq!(welcome.buttons, vec![Button::OpenTicket]);
        assert_eq!(welcome.labels, vec!["Open a ticket"]);
        assert!(welcome.text.contains("Tap \"Open a ticket\" below"));
        assert!(Reply::AskDescription.render(EN).buttons.is_empty());
    }

    #[test]
    fn button_labels_are_in_words() {
        let id = ticket("1A2B3C4D");
        let labels: Vec<String> = [
            Button::OpenTicket,
            Button::Answer(id),
            Button::Close(id),
            Button::CloseMine(id),
        ]
        .into_iter()
        .map(|b| b.label(EN))
        .collect();
        assert_eq!(labels, ["Open a ticket", "Reply", "Close", "Close ticket"]);
        assert_eq!(Button::Close(id).label("xx"), "Close", "English by default");
    }

    #[test]
    fn button_data_is_short_and_reads_back() {
        let id = TicketId::parse("1A2B3C4D").unwrap();
        for b in [
            Button::OpenTicket,
            Button::Answer(id),
            Button::Close(id),
            Button::CloseMine(id),
            Button::Language("ar"),
            Button::ForgetMe,
            Button::Rate(id, 5),
        ] {
            assert!(b.data().len() <= 64, "{b:?}");
            assert_eq!(Button::from_data(&b.data()), Some(b));
        }
        for forged in [
            "",
            "reply:",
            "reply:1a2b3c4d",
            "close:XYZ",
            "mine:1A2B3C4D",
            "drop:all",
            "rate:1A2B3C4D:6",
            "rate:1A2B3C4D:x",
            "lang:xx",
        ] {
            assert_eq!(Button::from_data(forged), None, "{forged}");
        }
    }
}
