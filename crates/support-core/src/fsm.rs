//! The conversation rules: given a chat's [`State`], who wrote and what they
//! sent, decide the next state, what to remember and what to say.
//!
//! [`step`] is a pure function: no Telegram, no clock, no randomness, no I/O.
//! The time and a fresh ticket ID arrive in the [`Input`]; the tickets are
//! read from a [`Model`]; commands arrive parsed, their arguments typed (see
//! [`crate::command`]). The result is a [`Transition`]: the next state, the
//! [`Change`]s to make durable together with it, and the [`Effect`]s
//! (messages) to carry out once they are.
//!
//! One function per (role, state), each an exhaustive `match` on [`Event`]:
//! the compiler finds a forgotten case and the order of the arms never
//! matters.

use crate::hours::Back;
use crate::model::{
    Author, Ban, Change, Chat, ChatLanguage, Claim, Entry, Model, Person, SavedAnswer, State,
    Ticket, TicketId,
};
use crate::model::{MediaKind, TicketStatus, UnixTime};
use crate::replies::{BanLine, Listed, Reply, TicketLine};
use crate::team::AgentNames;

/// What the sender is to this bot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Someone asking for help.
    User,
    /// A member of the support team (their chat is listed in `ADMIN_CHAT_ID`).
    Admin,
}

/// Facts from outside that a step may need.
#[derive(Clone, Debug)]
pub struct Input {
    /// Who sent the event; their chat is where the answer goes.
    pub from: Person,
    pub role: Role,
    pub now: UnixTime,
    /// An unused ticket ID, in case this step opens a ticket.
    pub new_id: TicketId,
    /// The shipped language matching Telegram's `language_code` of the
    /// sender, if any.
    pub language: Option<&'static str>,
    /// When the support team is back, while it is away (see [`crate::hours`]).
    pub back: Option<Back>,
    /// The id of the message the event came from, if it is one to react to.
    pub message_id: Option<i32>,
    /// Whether people are asked to rate the help when a ticket closes.
    pub ask_for_rating: bool,
    /// The team's time zone, for the days of `/stats`.
    pub team_zone: chrono_tz::Tz,
    /// The sender's Telegram user id (in a group: the member, not the group).
    pub member: i64,
    /// The sender's first name ("Ann is answering", `AGENT_NAMES`).
    pub first_name: String,
    /// Where the event came from.
    pub place: Place,
    /// How the team works together (`AGENT_NAMES`, `NOTE_PREFIX`, `SPAM_PER_MINUTE`).
    pub team: TeamRules,
}

/// Where an event came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Place {
    /// A private chat, or an admin group of `ADMIN_CHAT_ID`.
    #[default]
    Chat,
    /// The team's forum group (`TEAM_CHAT_ID`): in the topic `thread`, or
    /// in General (`None`).
    TeamChat { thread: Option<i32> },
}

/// The team's settings the rules need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamRules {
    pub agent_names: AgentNames,
    /// A team member's message for a ticket starting with this is an
    /// internal note, wherever it is typed.
    pub note_prefix: String,
    /// More messages than this from one person in a minute are held back.
    pub spam_per_minute: u32,
    /// The team's inbox on the web is set up (`PUBLIC_URL`).
    pub inbox: bool,
}

impl Default for TeamRules {
    fn default() -> TeamRules {
        let settings = crate::team::TeamSettings::default();
        TeamRules {
            agent_names: settings.agent_names,
            note_prefix: settings.note_prefix,
            spam_per_minute: settings.spam_per_minute,
            inbox: false,
        }
    }
}

/// A ticket ID typed after a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TicketArg {
    /// Nothing was typed.
    Missing,
    /// Something that is not a ticket ID (kept, to quote it back).
    Malformed(String),
    Id(TicketId),
}

/// Which tickets `/tickets` lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TicketFilter {
    /// Every open ticket.
    Open,
    /// Open tickets the asking team member claimed.
    Mine,
    /// Open tickets nobody claimed.
    Unclaimed,
    /// A word the command does not know (kept, to quote it back).
    Unknown(String),
}

/// Whom `/ban` and `/unban` are about: a ticket's owner or a chat id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BanTarget {
    Missing,
    Malformed(String),
    /// A ticket ID (or an 8-digit chat id: the rules tell which exists).
    Ticket(TicketId),
    Chat(Chat),
}

/// Something a chat sent, already parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Start,
    Help,
    New,
    Cancel,
    /// `/close`, with the ticket ID that followed it (admins must give one).
    Close(TicketArg),
    MyTickets,
    /// `/tickets`, `/tickets mine`, `/tickets unclaimed`.
    Tickets(TicketFilter),
    /// `/reply ID` (text empty) or `/reply ID text`.
    Reply {
        ticket: TicketArg,
        text: String,
    },
    /// `/whois ID`: who owns a ticket.
    WhoIs(TicketArg),
    /// `/language`: the person wants to choose the bot's language.
    Language,
    /// A language button: speak this shipped language from now on.
    ChooseLanguage(&'static str),
    /// `/mydata`: the person wants everything the bot keeps about them.
    MyData,
    /// `/forget`: a person asks to be forgotten (asked to confirm); the team
    /// names a ticket whose owner is to be forgotten.
    Forget(TicketArg),
    /// The person confirmed with the button: forget me now.
    ForgetConfirmed,
    /// A rating button: the help on `ticket` was worth `stars` (1 to 5).
    Rate {
        ticket: TicketId,
        stars: u8,
    },
    /// `/stats`: the team's figures.
    Stats,
    /// `/note [ID] text`: an internal note on a ticket, never sent to the
    /// person (without an ID: the ticket being answered).
    Note {
        ticket: TicketArg,
        text: String,
    },
    /// `/reopen ID`: a closed ticket opens again.
    Reopen(TicketArg),
    /// `/claim [ID]` (or the Claim button): this team member answers it.
    Claim(TicketArg),
    /// `/unclaim [ID]`: nobody has the ticket any more.
    Unclaim(TicketArg),
    /// `/save name text`: an answer the whole team can send again.
    Save {
        name: String,
        text: String,
    },
    /// `/unsave name`: the saved answer goes.
    Unsave(String),
    /// `/answers`: the saved answers.
    Answers,
    /// `/a name [ID]`: send a saved answer to a ticket's owner.
    SendAnswer {
        name: String,
        ticket: TicketArg,
    },
    /// `/ban ID-or-chat [reason] [silent]`.
    Ban {
        target: BanTarget,
        reason: String,
        silent: bool,
    },
    /// `/unban ID-or-chat`.
    Unban(BanTarget),
    /// `/banned`: who is banned.
    Banned,
    /// `/web`: a one-time link that signs a browser in to the team's inbox.
    WebLogin,
    /// `/inbox`: a button that opens the team's inbox (as a Mini App in a
    /// private chat).
    Inbox,
    /// `/setup`: in a group the bot is not set up for, its id and what to
    /// set (answered outside the rules, see the bot's `events`); in one of
    /// the team's chats, that it is set up.
    Setup,
    Done,
    /// A text message that is not a command.
    Text(String),
    /// A photo, document, voice message... with its caption.
    Media {
        media: Media,
        caption: Option<String>,
    },
    /// Something the bot cannot pass on (a poll, a dice...).
    NotText,
    /// A message the sender edited after sending it: the new text, if it
    /// is a text message.
    Edited(Option<String>),
    /// An admin used Telegram's reply on a message relayed from `ticket`.
    Answer {
        ticket: TicketId,
        text: String,
        media: Option<Media>,
    },
    /// `/something` the bot does not know.
    UnknownCommand(String),
    /// The person blocked the bot: nothing can reach them until they unblock it.
    BotBlocked,
    /// The person unblocked the bot (or started it again).
    BotUnblocked,
}

impl Event {
    /// A name for logs that never includes what was typed. For a command
    /// it is the command's name (a test holds it to the command table).
    pub fn name(&self) -> &'static str {
        match self {
            Event::Start => "start",
            Event::Help => "help",
            Event::New => "new",
            Event::Cancel => "cancel",
            Event::Close(_) => "close",
            Event::MyTickets => "mytickets",
            Event::Tickets(_) => "tickets",
            Event::Reply { .. } => "reply",
            Event::WhoIs(_) => "whois",
            Event::Language => "language",
            Event::ChooseLanguage(_) => "choose_language",
            Event::MyData => "mydata",
            Event::Forget(_) => "forget",
            Event::ForgetConfirmed => "forget_confirmed",
            Event::Rate { .. } => "rate",
            Event::Stats => "stats",
            Event::Note { .. } => "note",
            Event::Reopen(_) => "reopen",
            Event::Claim(_) => "claim",
            Event::Unclaim(_) => "unclaim",
            Event::Save { .. } => "save",
            Event::Unsave(_) => "unsave",
            Event::Answers => "answers",
            Event::SendAnswer { .. } => "a",
            Event::Ban { .. } => "ban",
            Event::Unban(_) => "unban",
            Event::Banned => "banned",
            Event::WebLogin => "web",
            Event::Inbox => "inbox",
            Event::Setup => "setup",
            Event::Done => "done",
            Event::Text(_) => "text",
            Event::NotText => "not_text",
            Event::Edited(_) => "edited",
            Event::Media { .. } => "media",
            Event::Answer { .. } => "answer",
            Event::UnknownCommand(_) => "unknown_command",
            Event::BotBlocked => "bot_blocked",
            Event::BotUnblocked => "bot_unblocked",
        }
    }
}

/// An attachment someone sent. It is passed on with `copyMessage` (from
/// `chat`, message `message_id`), so it is never downloaded or re-uploaded.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    pub chat: Chat,
    pub message_id: i32,
    /// For a photo: Telegram's file id of a small size of it, for the
    /// team's inbox to show (fetched through the bot, never linked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb: Option<String>,
}

/// A message to send after a step, once its changes are durable.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Say this to one chat; in a shared chat (a group or its topics), as
    /// a reply to the member's message `reply_to`, so everyone there sees
    /// whom it answers.
    Send {
        to: Chat,
        reply: Reply,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reply_to: Option<i32>,
    },
    /// Say this to a team member in their private chat with the bot, if
    /// that chat is one of the team's (`ADMIN_CHAT_ID`); nobody else is
    /// written to. A member told so does not also get the team's notice
    /// of the same step.
    ToMember { member: i64, reply: Reply },
    /// Say this to every admin chat, except possibly the one acting.
    NotifyAdmins {
        reply: Reply,
        except: Option<Chat>,
        /// An attachment to copy after the message.
        #[serde(default)]
        copy: Option<Media>,
    },
    /// Say something to a ticket's owner on behalf of the acting admin.
    Deliver(ToOwner),
    /// Send a person, as a file, everything the store keeps about them
    /// (gathered when it is sent, so no copy of it is saved on the way).
    SendTheirData { to: Chat },
    /// Send a team member a one-time login link to the team's inbox (the
    /// token is made when it is sent, so none is saved on the way).
    SendLoginLink {
        to: Chat,
        member: i64,
        first_name: String,
    },
    /// A button that opens the team's inbox (`PUBLIC_URL/app`): a Mini App
    /// in a private chat, a plain link elsewhere. The address is delivery's
    /// to know.
    SendInboxLink { to: Chat, private: bool },
    /// Bring a ticket's topic in the team's forum group in line with the
    /// ticket: closed (and marked so in its name) when the ticket is, open
    /// when it is open; its name and its opening notice show who is
    /// answering it. Nothing without a team chat.
    SyncTopic { ticket: TicketId },
    /// React to the person's message `message_id`; say `fallback` if the
    /// reaction cannot be set.
    React {
        to: Chat,
        message_id: i32,
        reaction: Reaction,
        fallback: Reply,
    },
}

/// A reaction on a person's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// Seen and added to the ticket (👀).
    Seen,
    /// A change noted (✍).
    Noted,
}

/// A message from the support team to a ticket's owner: `reply` to the
/// owner, then `confirm` to the acting admin if it arrived, or word that it
/// did not (and why).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ToOwner {
    pub owner: Person,
    pub ticket: TicketId,
    pub reply: Reply,
    pub confirm: Reply,
    /// An attachment to copy after the message.
    #[serde(default)]
    pub copy: Option<Media>,
}

/// The outcome of a step: the sender's next state, what to remember and
/// what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub next: State,
    /// Made durable together with the next state, before any message goes.
    pub changes: Vec<Change>,
    pub effects: Vec<Effect>,
}

/// How long a person must have stopped writing before the messages held
/// back from them are passed on to the team, in seconds.
pub const HELD_QUIET: UnixTime = 10;
/// The longest a held message waits before it is passed on, in seconds,
/// even while the person keeps writing fast. Checked every
/// [`HELD_CHECK_EVERY`], so the team sees it within a minute.
pub const HELD_AT_MOST: UnixTime = 45;
/// How often the bot looks for held messages due (see `bot::held`).
pub const HELD_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// The tickets whose held messages are due at `now`: the person has not
/// written for [`HELD_QUIET`] seconds, or the first of them has waited
/// [`HELD_AT_MOST`].
pub fn held_due(model: &Model, now: UnixTime) -> Vec<TicketId> {
    model
        .tickets
        .values()
        .filter(|t| {
            let Some(first) = t.messages.iter().find(|e| e.waiting) else {
                return false;
            };
            let last = t
                .messages
                .iter()
                .rev()
                .find(|e| e.from == Author::Owner)
                .map_or(first.at, |e| e.at);
            now >= last + HELD_QUIET || now >= first.at + HELD_AT_MOST
        })
        .map(|t| t.id)
        .collect()
}

/// Passes on to the team the held messages due at `now` (see
/// [`held_due`]): one notice per ticket with every message held, then a
/// copy of each held attachment. The messages stay marked as held.
pub fn pass_on_held(model: &Model, now: UnixTime) -> (Vec<Change>, Vec<Effect>) {
    let mut changes = Vec::new();
    let mut effects = Vec::new();
    for id in held_due(model, now) {
        if let Some(ticket) = model.ticket(&id) {
            let (c, e) = held_notices(ticket);
            changes.extend(c);
            effects.extend(e);
        }
    }
    (changes, effects)
}

/// The notices that pass on a ticket's waiting messages, and the change
/// that marks them passed on (nothing when none waits).
fn held_notices(ticket: &Ticket) -> (Vec<Change>, Vec<Effect>) {
    let waiting: Vec<&Entry> = ticket.messages.iter().filter(|e| e.waiting).collect();
    if waiting.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let (id, owner) = (ticket.id, ticket.owner.clone());
    let lines = waiting
        .iter()
        .map(|e| crate::replies::HeldLine {
            text: e.text.clone(),
            media: e.media,
        })
        .collect();
    let mut effects = vec![Effect::NotifyAdmins {
        reply: Reply::HeldPassedOn {
            id,
            owner: owner.clone(),
            lines,
        },
        except: None,
        copy: None,
    }];
    for e in &waiting {
        if let (Some(kind), Some(message_id)) = (e.media, e.copy_of) {
            effects.push(Effect::NotifyAdmins {
                reply: Reply::OwnerSent {
                    id,
                    owner: owner.clone(),
                    kind,
                },
                except: None,
                copy: Some(Media {
                    kind,
                    chat: owner.chat,
                    message_id,
                    thumb: None,
                }),
            });
        }
    }
    (vec![Change::PassedOn { ticket: id }], effects)
}

/// Applies the conversation rules to one event from one chat.
pub fn step(model: &Model, state: &State, input: &Input, event: Event) -> Transition {
    let mut t = Step {
        model,
        input,
        changes: Vec::new(),
        effects: Vec::new(),
    };
    let next = match input.role {
        Role::User => {
            t.follow_telegram_language();
            t.user(state, event)
        }
        Role::Admin => t.admin(state, event),
    };
    Transition {
        next,
        changes: t.changes,
        effects: t.effects,
    }
}

struct Step<'a> {
    model: &'a Model,
    input: &'a Input,
    changes: Vec<Change>,
    effects: Vec<Effect>,
}

impl Step<'_> {
    fn me(&self) -> Chat {
        self.input.from.chat
    }

    /// Says `reply` to the acting chat: in a shared chat (a group, where
    /// the member is not the chat), as a reply to the member's message.
    fn say(&mut self, reply: Reply) {
        let to = self.me();
        let reply_to = self.input.message_id.filter(|_| self.shared_chat());
        self.effects.push(Effect::Send {
            to,
            reply,
            reply_to,
        });
    }

    /// Whether the acting chat is shared by several people (a team group
    /// or its topics) rather than the member's own private chat.
    fn shared_chat(&self) -> bool {
        self.me() != self.input.member
    }

    /// Tells the person their message was taken without writing to them:
    /// a reaction on it (fewer messages, fewer hits on the flood limits);
    /// `fallback` in words when there is no message to react to, or the
    /// reaction does not go through.
    fn acknowledge(&mut self, reaction: Reaction, fallback: Reply) {
        let to = self.me();
        match self.input.message_id {
            Some(message_id) => self.effects.push(Effect::React {
                to,
                message_id,
                reaction,
                fallback,
            }),
            None => self.say(fallback),
        }
    }

    fn notify_admins(&mut self, reply: Reply) {
        self.notify_admins_with(reply, None);
    }

    fn notify_admins_with(&mut self, reply: Reply, copy: Option<Media>) {
        let except = (self.input.role == Role::Admin).then_some(self.me());
        self.effects.push(Effect::NotifyAdmins {
            reply,
            except,
            copy,
        });
    }

    fn entry(&self, from: Author, text: String, media: Option<&Media>) -> Entry {
        let mut entry = Entry::new(from, text, self.input.now);
        entry.media = media.map(|m| m.kind);
        entry.thumb = media.and_then(|m| m.thumb.clone());
        entry
    }

    /// A line the acting team member wrote: by the member (in a group or
    /// its topics, the person who typed it, not the group), with their name.
    fn team_entry(&self, text: String, media: Option<&Media>) -> Entry {
        let mut entry = self.entry(Author::Admin(self.input.member), text, media);
        entry.by = Some(self.input.first_name.clone());
        entry
    }

    fn change(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// The ticket if it exists and is open.
    fn open_ticket(&self, id: &TicketId) -> Option<&Ticket> {
        self.model
            .ticket(id)
            .filter(|t| t.status == TicketStatus::Open)
    }

    // ----- people asking for help -----

    fn user(&mut self, state: &State, event: Event) -> State {
        if let Some(ban) = self.model.bans.get(&self.me()) {
            // A banned person keeps their rights over their data.
            let allowed = matches!(
                event,
                Event::MyData
                    | Event::Forget(_)
                    | Event::ForgetConfirmed
                    | Event::Language
                    | Event::ChooseLanguage(_)
                    | Event::BotBlocked
                    | Event::BotUnblocked
            );
            if !allowed {
                self.change(Change::Refused { chat: self.me() });
                if !ban.silent && ban.refused == 0 {
                    self.say(Reply::YouAreBanned);
                }
                return state.clone();
            }
        }
        match state {
            State::Idle => self.user_idle(event),
            State::AwaitingDescription => self.user_awaiting(event),
            State::TicketOpen { ticket } => match self.open_ticket(ticket) {
                Some(_) => self.user_ticket_open(*ticket, event),
                // The ticket was closed behind this chat's back: start afresh.
                None => self.user_idle(event),
            },
            // A former admin who is no longer listed is treated as a person.
            State::AdminReplying { .. } => self.user_idle(event),
            State::RatingComment { ticket } => self.user_rating_comment(*ticket, event),
        }
    }

    fn user_idle(&mut self, event: Event) -> State {
        match event {
            Event::Start => self.say(Reply::Welcome),
            Event::Help => self.say(Reply::UserHelp { open: None }),
            Event::New => {
                self.say(Reply::AskDescription);
                return State::AwaitingDescription;
            }
            Event::Text(text) => {
                return self.open_new_ticket(text, None, Self::opened_by_first_message)
            }
            Event::Media { media, caption } => {
                let text = caption.unwrap_or_default();
                return self.open_new_ticket(text, Some(media), Self::opened_by_first_message);
            }
            Event::Cancel => self.say(Reply::NothingToCancel),
            Event::Close(TicketArg::Id(id)) => {
                self.say(Reply::NotYourOpenTicket { id, open: None })
            }
            Event::Close(TicketArg::Missing | TicketArg::Malformed(_)) => {
                self.say(Reply::NoOpenTicket)
            }
            Event::NotText => self.say(Reply::OnlyText),
            Event::BotBlocked | Event::BotUnblocked => {}
            // After a rating, the next message may be a comment on it.
            Event::Rate { ticket, stars } => {
                if let Some(rated) = self.rate(ticket, stars) {
                    return State::RatingComment { ticket: rated };
                }
            }
            other => self.user_common(other),
        }
        State::Idle
    }

    /// Right after rating: a text is the comment on the help; anything else
    /// is taken as if nothing were going on.
    fn user_rating_comment(&mut self, id: TicketId, event: Event) -> State {
        match event {
            Event::Text(comment) => {
                self.change(Change::RateComment {
                    ticket: id,
                    comment: comment.clone(),
                });
                self.say(Reply::CommentThanks);
                self.notify_admins(Reply::RatingCommented { id, comment });
                State::Idle
            }
            other => self.user_idle(other),
        }
    }

    /// A rating of the help on `ticket`: taken once, from its owner, once it
    /// is closed. Returns the ticket when it was taken.
    fn rate(&mut self, ticket: TicketId, stars: u8) -> Option<TicketId> {
        let me = self.me();
        let Some(t) = self.model.ticket(&ticket).filter(|t| t.owner.chat == me) else {
            self.say(Reply::RatingRefused);
            return None;
        };
        if t.rating.is_some() {
            self.say(Reply::AlreadyRated { id: ticket });
            return None;
        }
        if t.status != TicketStatus::Closed || !(1..=5).contains(&stars) {
            self.say(Reply::RatingRefused);
            return None;
        }
        self.change(Change::Rate { ticket, stars });
        self.say(Reply::RatingThanks { id: ticket });
        self.notify_admins(Reply::Rated { id: ticket, stars });
        Some(ticket)
    }

    fn opened_by_first_message(id: TicketId, back: Option<Back>) -> Reply {
        Reply::TicketOpened {
            id,
            from_first_message: true,
            back,
        }
    }

    fn opened_by_description(id: TicketId, back: Option<Back>) -> Reply {
        Reply::TicketOpened {
            id,
            from_first_message: false,
            back,
        }
    }

    fn user_awaiting(&mut self, event: Event) -> State {
        match event {
            Event::Text(text) => {
                return self.open_new_ticket(text, None, Self::opened_by_description)
            }
            Event::Media { media, caption } => {
                let text = caption.unwrap_or_default();
                return self.open_new_ticket(text, Some(media), Self::opened_by_description);
            }
            Event::Cancel => {
                self.say(Reply::Cancelled);
                return State::Idle;
            }
            Event::Start | Event::New | Event::Close(_) => {
                self.say(Reply::StillWaitingForDescription)
            }
            Event::Help => self.say(Reply::UserHelp { open: None }),
            Event::NotText => self.say(Reply::OnlyText),
            Event::BotBlocked | Event::BotUnblocked => {}
            other => self.user_common(other),
        }
        State::AwaitingDescription
    }

    fn user_ticket_open(&mut self, id: TicketId, event: Event) -> State {
        let event = match event {
            Event::Text(_) | Event::Media { .. } | Event::Edited(Some(_)) => {
                match self.hold_if_flooding(id, event) {
                    Some(event) => event,
                    None => return State::TicketOpen { ticket: id },
                }
            }
            other => other,
        };
        match event {
            Event::Text(text) => {
                let owner = self.input.from.clone();
                let entry = self.entry(Author::Owner, text.clone(), None);
                self.change(Change::AddMessage { ticket: id, entry });
                self.acknowledge(Reaction::Seen, Reply::AddedToTicket { id });
                self.notify_admins(Reply::OwnerWrote { id, owner, text });
            }
            Event::Media { media, caption } => {
                let owner = self.input.from.clone();
                let entry = self.entry(Author::Owner, caption.unwrap_or_default(), Some(&media));
                self.change(Change::AddMessage { ticket: id, entry });
                self.acknowledge(Reaction::Seen, Reply::AddedToTicket { id });
                let kind = media.kind;
                self.notify_admins_with(Reply::OwnerSent { id, owner, kind }, Some(media));
            }
            Event::Edited(Some(text)) => {
                let owner = self.input.from.clone();
                let mut entry = self.entry(Author::Owner, text.clone(), None);
                entry.edited = true;
                self.change(Change::AddMessage { ticket: id, entry });
                self.acknowledge(Reaction::Noted, Reply::EditPassedOn { id });
                self.notify_admins(Reply::OwnerEdited { id, owner, text });
            }
            Event::Close(TicketArg::Id(other)) if other != id => {
                // The close button of another ticket (an old one, or forged).
                self.say(Reply::NotYourOpenTicket {
                    id: other,
                    open: Some(id),
                });
            }
            Event::Close(_) => {
                let owner = self.input.from.clone();
                self.change(Change::CloseTicket {
                    ticket: id,
                    at: self.input.now,
                });
                self.effects.push(Effect::SyncTopic { ticket: id });
                self.say(Reply::ClosedByYou { id });
                if self.input.ask_for_rating {
                    self.say(Reply::RateAsk { id });
                }
                self.notify_admins(Reply::ClosedByOwner { id, owner });
                return State::Idle;
            }
            Event::New | Event::Start => self.say(Reply::AlreadyOpen { id }),
            Event::Cancel => self.say(Reply::StillOpen { id }),
            Event::Help => self.say(Reply::UserHelp { open: Some(id) }),
            Event::NotText => self.say(Reply::OnlyText),
            Event::BotBlocked => self.owner_blocked(id),
            Event::BotUnblocked => self.owner_unblocked(id),
            other => self.user_common(other),
        }
        State::TicketOpen { ticket: id }
    }

    /// A person sending more than `SPAM_PER_MINUTE` messages within a minute:
    /// the message is kept on the ticket but held back from the team, and
    /// the person is asked once (per minute) to slow down. Returns the event
    /// when it is not held.
    fn hold_if_flooding(&mut self, id: TicketId, event: Event) -> Option<Event> {
        let ticket = self.model.ticket(&id)?;
        let since = self.input.now.saturating_sub(59);
        let recent: Vec<&Entry> = ticket
            .messages
            .iter()
            .rev()
            .take_while(|e| e.at >= since)
            .filter(|e| e.from == Author::Owner)
            .collect();
        if recent.len() < self.input.team.spam_per_minute as usize {
            // Slower again: what was held reaches the team first.
            let (changes, effects) = held_notices(ticket);
            self.changes.extend(changes);
            self.effects.extend(effects);
            return Some(event);
        }
        let already_told = recent.iter().any(|e| e.held);
        let mut entry = match event {
            Event::Text(text) => self.entry(Author::Owner, text, None),
            Event::Media { media, caption } => {
                let mut entry =
                    self.entry(Author::Owner, caption.unwrap_or_default(), Some(&media));
                entry.copy_of = Some(media.message_id);
                entry
            }
            Event::Edited(text) => {
                let mut entry = self.entry(Author::Owner, text.unwrap_or_default(), None);
                entry.edited = true;
                entry
            }
            other => return Some(other),
        };
        entry.held = true;
        entry.waiting = true;
        self.change(Change::AddMessage { ticket: id, entry });
        if !already_told {
            self.say(Reply::SlowDown { id });
        }
        None
    }

    /// The person blocked the bot: their open ticket is marked unreachable
    /// and the team told (quietly). Nothing is said to the person: a
    /// blocked bot cannot.
    fn owner_blocked(&mut self, id: TicketId) {
        if self.model.ticket(&id).is_some_and(|t| !t.unreachable) {
            self.change(Change::Unreachable {
                ticket: id,
                unreachable: true,
            });
            let owner = self.input.from.clone();
            self.notify_admins(Reply::OwnerBlockedBot { id, owner });
        }
    }

    /// The person unblocked the bot: the mark goes and the team is told.
    fn owner_unblocked(&mut self, id: TicketId) {
        if self.model.ticket(&id).is_some_and(|t| t.unreachable) {
            self.change(Change::Unreachable {
                ticket: id,
                unreachable: false,
            });
            let owner = self.input.from.clone();
            self.notify_admins(Reply::OwnerUnblockedBot { id, owner });
        }
    }

    /// A person is spoken to in their Telegram language (when the bot
    /// speaks it) until they choose one with `/language`.
    fn follow_telegram_language(&mut self) {
        let Some(code) = self.input.language else {
            return;
        };
        let follows = match self.model.language(self.me()) {
            None => true,
            Some(ChatLanguage::FromTelegram(known)) => known != code,
            Some(ChatLanguage::Chosen(_)) => false,
        };
        if follows {
            self.change(Change::SetLanguage {
                chat: self.me(),
                language: ChatLanguage::FromTelegram(code.to_string()),
            });
        }
    }

    /// Events a person gets the same answer to in every state.
    fn user_common(&mut self, event: Event) {
        let reply = match event {
            Event::MyTickets => Reply::YourTickets {
                tickets: self
                    .model
                    .tickets_of(self.me())
                    .into_iter()
                    .map(line)
                    .collect(),
                now: self.input.now,
            },
            // The team's commands: the event's name is the command's.
            Event::Tickets(_)
            | Event::Reply { .. }
            | Event::WhoIs(_)
            | Event::Done
            | Event::Stats
            | Event::Note { .. }
            | Event::Reopen(_)
            | Event::Claim(_)
            | Event::Unclaim(_)
            | Event::Save { .. }
            | Event::Unsave(_)
            | Event::Answers
            | Event::SendAnswer { .. }
            | Event::Ban { .. }
            | Event::Unban(_)
            | Event::WebLogin
            | Event::Inbox
            | Event::Setup
            | Event::Banned => Reply::AdminOnly {
                command: event.name().into(),
            },
            Event::UnknownCommand(command) => Reply::UnknownCommand { command },
            Event::Edited(_) => Reply::EditNotSeen,
            Event::Language => Reply::ChooseLanguage,
            // A rating while something else goes on: taken, no comment asked.
            Event::Rate { ticket, stars } => {
                self.rate(ticket, stars);
                return;
            }
            Event::MyData => {
                let to = self.me();
                self.effects.push(Effect::SendTheirData { to });
                return;
            }
            Event::Forget(_) => Reply::ForgetAsk,
            Event::ForgetConfirmed => {
                let chat = self.me();
                self.change(Change::Forget { chat });
                self.notify_admins(Reply::PersonForgotten { chat });
                Reply::Forgotten
            }
            Event::ChooseLanguage(code) => {
                self.change(Change::SetLanguage {
                    chat: self.me(),
                    language: ChatLanguage::Chosen(code.to_string()),
                });
                Reply::LanguageChosen
            }
            // Each state says nothing to a person who blocked or unblocked
            // the bot; only an open ticket changes.
            Event::BotBlocked | Event::BotUnblocked => return,
            // Every state handles these itself before falling back here.
            Event::Start
            | Event::Help
            | Event::New
            | Event::Cancel
            | Event::Close(_)
            | Event::Text(_)
            | Event::Media { .. }
            | Event::Answer { .. }
            | Event::NotText => Reply::UserHelp { open: None },
        };
        self.say(reply);
    }

    /// Opens a ticket with its first message, confirms it to the person with
    /// `confirmation` (saying when the team is back, while it is away) and
    /// tells the team.
    fn open_new_ticket(
        &mut self,
        text: String,
        media: Option<Media>,
        confirmation: fn(TicketId, Option<Back>) -> Reply,
    ) -> State {
        let id = self.input.new_id;
        let owner = self.input.from.clone();
        let now = self.input.now;
        let number = self.model.tickets.len() as u64 + 1;
        let first = self.entry(Author::Owner, text.clone(), media.as_ref());
        let ticket = Ticket::open(id, owner.clone(), number, now, vec![first]);
        self.change(Change::OpenTicket { ticket });
        self.say(confirmation(id, self.input.back.clone()));
        let kind = media.as_ref().map(|m| m.kind);
        self.notify_admins_with(
            Reply::NewTicket {
                id,
                owner,
                text,
                media: kind,
                in_topic: false,
                claimed: None,
            },
            media,
        );
        State::TicketOpen { ticket: id }
    }

    // ----- the support team -----

    fn admin(&mut self, state: &State, event: Event) -> State {
        let unchanged = match state {
            State::AdminReplying { .. } => state.clone(),
            _ => State::Idle,
        };
        let event = match self.topic_ticket() {
            // In a ticket's topic, a plain message is for its owner.
            Some(id) => match self.in_ticket_topic(id, event) {
                Some(event) => event,
                None => return unchanged,
            },
            None => event,
        };
        // In General of the team's group the team talks among itself.
        let in_general = self.input.place == Place::TeamChat { thread: None };
        if in_general
            && unchanged == State::Idle
            && matches!(event, Event::Text(_) | Event::Media { .. })
        {
            return unchanged;
        }
        match state {
            State::AdminReplying { ticket } => self.admin_replying(*ticket, event),
            // A person's state left over from before this chat became an
            // admin chat: as an admin it starts idle.
            State::Idle
            | State::AwaitingDescription
            | State::TicketOpen { .. }
            | State::RatingComment { .. } => self.admin_idle(event),
        }
    }

    fn admin_idle(&mut self, event: Event) -> State {
        match event {
            Event::Text(_) | Event::Media { .. } => self.say(Reply::AdminIdleHint),
            Event::Done | Event::Cancel => self.say(Reply::NotReplying),
            Event::Close(arg) => {
                if let Some(id) = self.ticket_arg("close", arg) {
                    self.close_as_admin(&id);
                }
            }
            Event::Reply { ticket, text } => {
                if let Some(next) = self.reply_command(ticket, text) {
                    return next;
                }
            }
            Event::Start | Event::Help => self.say(Reply::AdminHelp { replying: None }),
            other => self.admin_common(other),
        }
        State::Idle
    }

    fn admin_replying(&mut self, id: TicketId, event: Event) -> State {
        let replying = State::AdminReplying { ticket: id };
        // Without an ID, these are about the ticket being answered.
        let event = match event {
            Event::Claim(TicketArg::Missing) => Event::Claim(TicketArg::Id(id)),
            Event::Unclaim(TicketArg::Missing) => Event::Unclaim(TicketArg::Id(id)),
            Event::SendAnswer {
                name,
                ticket: TicketArg::Missing,
            } => Event::SendAnswer {
                name,
                ticket: TicketArg::Id(id),
            },
            other => other,
        };
        match event {
            // A note without an ID is on the ticket being answered.
            Event::Note {
                ticket: TicketArg::Missing,
                text,
            } => self.note(id, text),
            Event::Text(text) => {
                let note = self.note_text(&text).is_some();
                if self.open_ticket(&id).is_none() && !note {
                    self.say(Reply::TicketIsClosed { id });
                    return State::Idle;
                }
                self.typed(id, text, None);
            }
            Event::Media { media, caption } => {
                let caption = caption.unwrap_or_default();
                let note = self.note_text(&caption).is_some();
                if self.open_ticket(&id).is_none() && !note {
                    self.say(Reply::TicketIsClosed { id });
                    return State::Idle;
                }
                self.typed(id, caption, Some(media));
            }
            Event::Done | Event::Cancel => {
                self.say(Reply::StoppedReplying { id });
                return State::Idle;
            }
            // `/close` alone closes the ticket being answered.
            Event::Close(TicketArg::Missing) => {
                self.close_as_admin(&id);
                return State::Idle;
            }
            Event::Close(arg @ (TicketArg::Id(_) | TicketArg::Malformed(_))) => {
                let closed = self.ticket_arg("close", arg);
                if closed.is_some_and(|closed| self.close_as_admin(&closed) && closed == id) {
                    return State::Idle;
                }
            }
            Event::Reply { ticket, text } => {
                if let Some(next) = self.reply_command(ticket, text) {
                    return next;
                }
            }
            Event::Start | Event::Help => self.say(Reply::AdminHelp { replying: Some(id) }),
            other => self.admin_common(other),
        }
        replying
    }

    /// Events an admin gets the same answer to whether answering a ticket
    /// or not; the state stays.
    fn admin_common(&mut self, event: Event) {
        match event {
            Event::Answer {
                ticket,
                text,
                media,
            } => self.typed(ticket, text, media),
            Event::Tickets(filter) => self.list_tickets(filter),
            Event::Claim(arg) => {
                if let Some(id) = self.ticket_arg("claim", arg) {
                    self.claim(id);
                }
            }
            Event::Unclaim(arg) => {
                if let Some(id) = self.ticket_arg("unclaim", arg) {
                    self.unclaim(id);
                }
            }
            Event::Save { name, text } => self.save_answer(name, text),
            Event::Unsave(name) => self.unsave_answer(name),
            Event::Answers => {
                let answers = self
                    .model
                    .answers
                    .iter()
                    .map(|(name, a)| (name.clone(), a.text.clone()))
                    .collect();
                self.say(Reply::SavedAnswers { answers });
            }
            Event::SendAnswer { name, ticket } => self.send_answer(name, ticket),
            Event::Ban {
                target,
                reason,
                silent,
            } => {
                if let Some(chat) = self.ban_target("ban", target) {
                    self.ban(chat, reason, silent);
                }
            }
            Event::Unban(target) => {
                if let Some(chat) = self.ban_target("unban", target) {
                    self.unban(chat);
                }
            }
            Event::Banned => {
                let bans = self
                    .model
                    .bans
                    .iter()
                    .map(|(chat, ban)| BanLine {
                        chat: *chat,
                        name: self.name_of(*chat),
                        reason: ban.reason.clone(),
                        silent: ban.silent,
                        refused: ban.refused,
                    })
                    .collect();
                self.say(Reply::BannedList { bans });
            }
            // People's commands: the event's name is the command's.
            Event::New | Event::MyTickets | Event::Language => self.say(Reply::NotForAdmins {
                command: event.name().into(),
            }),
            Event::ChooseLanguage(_) => self.say(Reply::NotForAdmins {
                command: Event::Language.name().into(),
            }),
            Event::MyData => self.say(Reply::NotForAdmins {
                command: event.name().into(),
            }),
            Event::Rate { .. } => self.say(Reply::RatingRefused),
            Event::Note { ticket, text } => {
                if let Some(id) = self.ticket_arg("note", ticket) {
                    self.note(id, text);
                }
            }
            Event::Reopen(arg) => {
                if let Some(id) = self.ticket_arg("reopen", arg) {
                    self.reopen(id);
                }
            }
            Event::Stats => {
                let zone = self.input.team_zone;
                let stats = crate::stats::compute(self.model, self.input.now, zone);
                self.say(Reply::Stats {
                    stats: Box::new(stats),
                    zone: zone.name().to_string(),
                });
            }
            Event::ForgetConfirmed => self.say(Reply::NotForAdmins {
                command: Event::Forget(TicketArg::Missing).name().into(),
            }),
            Event::Forget(arg) => {
                let ticket = self
                    .ticket_arg("forget", arg)
                    .and_then(|id| self.model.ticket(&id));
                if let Some(ticket) = ticket {
                    let (id, chat) = (ticket.id, ticket.owner.chat);
                    self.change(Change::Forget { chat });
                    self.say(Reply::OwnerForgotten { id, chat });
                }
            }
            Event::WhoIs(arg) => {
                if let Some(ticket) = self
                    .ticket_arg("whois", arg)
                    .and_then(|id| self.model.ticket(&id))
                {
                    let tickets = self.model.tickets_of(ticket.owner.chat).len();
                    let in_topic = self.topic_ticket() == Some(ticket.id);
                    self.say(Reply::TicketOwner {
                        id: ticket.id,
                        owner: ticket.owner.clone(),
                        status: ticket.status,
                        tickets,
                        in_topic,
                    });
                }
            }
            Event::WebLogin => self.web_login(),
            Event::Inbox => self.inbox(),
            Event::Setup => self.say(Reply::SetUpAlready { chat: self.me() }),
            Event::NotText => self.say(Reply::AdminOnlyText),
            Event::Edited(_) => self.say(Reply::EditNotSeen),
            Event::UnknownCommand(command) => self.say(Reply::UnknownCommand { command }),
            // An admin's private chat blocking the bot changes no ticket.
            Event::BotBlocked | Event::BotUnblocked => {}
            // Each state answers these itself.
            Event::Text(_)
            | Event::Media { .. }
            | Event::Done
            | Event::Cancel
            | Event::Close(_)
            | Event::Reply { .. }
            | Event::Start
            | Event::Help => self.say(Reply::AdminHelp { replying: None }),
        }
    }

    /// `/reply ID` enters replying mode; `/reply ID text` sends one message.
    /// Returns the next state when it changes.
    fn reply_command(&mut self, ticket: TicketArg, text: String) -> Option<State> {
        let id = self.ticket_arg("reply", ticket)?;
        let ticket = match self.open_ticket(&id) {
            Some(t) => t.clone(),
            None => {
                self.say(Reply::TicketIsClosed { id });
                return None;
            }
        };
        if text.is_empty() {
            let last_text = ticket
                .last_message()
                .map(|e| e.text.clone())
                .unwrap_or_default();
            self.say(Reply::NowReplying {
                id,
                owner: ticket.owner,
                last_text,
            });
            Some(State::AdminReplying { ticket: id })
        } else {
            self.typed(id, text, None);
            None
        }
    }

    /// The note in a team member's text that starts with `NOTE_PREFIX`.
    fn note_text<'t>(&self, text: &'t str) -> Option<&'t str> {
        let prefix = self.input.team.note_prefix.as_str();
        text.trim_start().strip_prefix(prefix).map(str::trim)
    }

    /// The ticket whose topic in the team's group the event came from.
    fn topic_ticket(&self) -> Option<TicketId> {
        match self.input.place {
            Place::TeamChat {
                thread: Some(thread),
            } => self.model.ticket_of_topic(thread),
            _ => None,
        }
    }

    /// A message in ticket `id`'s topic: plain text goes to its owner, a
    /// text starting with `NOTE_PREFIX` is an internal note. Anything else
    /// (commands, buttons) is returned to be handled as usual.
    fn in_ticket_topic(&mut self, id: TicketId, event: Event) -> Option<Event> {
        let (text, media) = match event {
            Event::Text(text) => (text, None),
            Event::Media { media, caption } => (caption.unwrap_or_default(), Some(media)),
            other => return Some(other),
        };
        self.typed(id, text, media);
        None
    }

    /// What a team member typed for ticket `id`, wherever they typed it (a
    /// topic, replying mode, a reply to a relayed message, `/reply ID
    /// text`): a text starting with `NOTE_PREFIX` is an internal note,
    /// anything else goes to the ticket's owner while the ticket is open.
    fn typed(&mut self, id: TicketId, text: String, media: Option<Media>) {
        if let Some(note) = self.note_text(&text) {
            let note = note.to_string();
            self.note(id, note);
        } else if self.open_ticket(&id).is_none() {
            self.say(Reply::TicketIsClosed { id });
        } else {
            self.deliver(&id, text, media);
        }
    }

    /// `/tickets` with its filter.
    fn list_tickets(&mut self, filter: TicketFilter) {
        let member = self.input.member;
        let keep: fn(&Ticket, i64) -> bool = match filter {
            TicketFilter::Open => |_, _| true,
            TicketFilter::Mine => |t, me| t.claim.as_ref().is_some_and(|c| c.member == me),
            TicketFilter::Unclaimed => |t, _| t.claim.is_none(),
            TicketFilter::Unknown(input) => {
                self.say(Reply::UnknownTicketFilter { input });
                return;
            }
        };
        let which = match filter {
            TicketFilter::Mine => Listed::Mine,
            TicketFilter::Unclaimed => Listed::Unclaimed,
            _ => Listed::Open,
        };
        let tickets = self
            .model
            .open_tickets()
            .into_iter()
            .filter(|t| keep(t, member))
            .map(line)
            .collect();
        self.say(Reply::OpenTickets {
            tickets,
            now: self.input.now,
            which,
        });
    }

    /// `/claim`: this team member answers the ticket; the rest of the team
    /// is told.
    fn claim(&mut self, id: TicketId) {
        let Some(ticket) = self.open_ticket(&id) else {
            self.say(Reply::TicketIsClosed { id });
            return;
        };
        match &ticket.claim {
            Some(claim) if claim.member == self.input.member => {
                self.say(Reply::AlreadyYours { id })
            }
            Some(claim) => {
                let name = claim.name.clone();
                self.say(Reply::AlreadyClaimed { id, name })
            }
            None => {
                let name = self.input.first_name.clone();
                self.change(Change::Claim {
                    ticket: id,
                    claim: Some(Claim {
                        member: self.input.member,
                        name: name.clone(),
                        warned: Vec::new(),
                    }),
                });
                // In a group the whole team reads the answer: by name.
                if self.shared_chat() {
                    self.say(Reply::Claimed {
                        id,
                        name: name.clone(),
                    });
                } else {
                    self.say(Reply::YouClaimed { id });
                }
                self.notify_admins(Reply::Claimed { id, name });
                // Its topic's name and opening notice show who has it.
                self.effects.push(Effect::SyncTopic { ticket: id });
            }
        }
    }

    /// `/unclaim`: nobody has the ticket any more.
    fn unclaim(&mut self, id: TicketId) {
        let Some(claim) = self.model.ticket(&id).and_then(|t| t.claim.clone()) else {
            self.say(Reply::NotClaimed { id });
            return;
        };
        self.change(Change::Claim {
            ticket: id,
            claim: None,
        });
        let by = self.input.first_name.clone();
        let taken_back = claim.member != self.input.member;
        let from = taken_back.then(|| claim.name.clone());
        if self.shared_chat() {
            // The team reads who gave it back, and whose it was.
            self.say(Reply::Unclaimed {
                id,
                by: by.clone(),
                from: from.clone(),
            });
        } else {
            self.say(Reply::YouUnclaimed {
                id,
                name: claim.name.clone(),
            });
        }
        if taken_back {
            // The member who had it hears it from the bot, not by chance.
            self.effects.push(Effect::ToMember {
                member: claim.member,
                reply: Reply::ClaimTakenBack { id, by: by.clone() },
            });
        }
        self.notify_admins(Reply::Unclaimed { id, by, from });
        self.effects.push(Effect::SyncTopic { ticket: id });
    }

    /// `/web`: a login link, only in a team member's private chat (a link
    /// in a group could be used by anyone there), only with `PUBLIC_URL`.
    fn web_login(&mut self) {
        if !self.input.team.inbox {
            self.say(Reply::InboxNotSet);
        } else if self.input.place != Place::Chat || self.me() != self.input.member {
            self.say(Reply::WebLoginInPrivate);
        } else {
            self.effects.push(Effect::SendLoginLink {
                to: self.me(),
                member: self.input.member,
                first_name: self.input.first_name.clone(),
            });
        }
    }

    /// `/inbox`: a button that opens the team's inbox; a Mini App button in
    /// a team member's private chat, a link in a group (Telegram allows Web
    /// App buttons in private chats only). Only with `PUBLIC_URL`.
    fn inbox(&mut self) {
        if !self.input.team.inbox {
            self.say(Reply::InboxNotSet);
            return;
        }
        let private = self.input.place == Place::Chat && self.me() == self.input.member;
        self.effects.push(Effect::SendInboxLink {
            to: self.me(),
            private,
        });
    }

    /// `/save name text`.
    fn save_answer(&mut self, name: String, text: String) {
        if !answer_name_is_valid(&name) {
            self.say(Reply::AnswerNameBad { name });
            return;
        }
        if text.is_empty() {
            self.say(Reply::AnswerNeedsText { name });
            return;
        }
        let replaced = self.model.answers.contains_key(&name);
        self.change(Change::SaveAnswer {
            name: name.clone(),
            answer: Some(SavedAnswer {
                text,
                by: self.input.first_name.clone(),
                at: self.input.now,
            }),
        });
        self.say(Reply::AnswerSaved { name, replaced });
    }

    /// `/unsave name`.
    fn unsave_answer(&mut self, name: String) {
        if !self.model.answers.contains_key(&name) {
            self.say(self.unknown_answer(name));
            return;
        }
        self.change(Change::SaveAnswer {
            name: name.clone(),
            answer: None,
        });
        self.say(Reply::AnswerRemoved { name });
    }

    fn unknown_answer(&self, name: String) -> Reply {
        Reply::UnknownAnswer {
            name,
            known: self.model.answers.keys().cloned().collect(),
        }
    }

    /// `/a name ID`: a saved answer sent to the ticket's owner like a typed
    /// reply.
    fn send_answer(&mut self, name: String, ticket: TicketArg) {
        let Some(text) = self.model.answers.get(&name).map(|a| a.text.clone()) else {
            let reply = self.unknown_answer(name);
            self.say(reply);
            return;
        };
        let Some(id) = self.ticket_arg("a", ticket) else {
            return;
        };
        if self.open_ticket(&id).is_none() {
            self.say(Reply::TicketIsClosed { id });
            return;
        }
        self.deliver(&id, text, None);
    }

    /// Whom `/ban` or `/unban` is about, answering when it cannot tell.
    fn ban_target(&mut self, command: &str, target: BanTarget) -> Option<Chat> {
        match target {
            BanTarget::Missing if self.topic_ticket().is_some() => {
                let id = self.topic_ticket()?;
                self.model.ticket(&id).map(|t| t.owner.chat)
            }
            BanTarget::Missing => {
                self.say(Reply::NeedTicketId {
                    command: command.into(),
                });
                None
            }
            BanTarget::Ticket(id) => match self.model.ticket(&id) {
                Some(ticket) => Some(ticket.owner.chat),
                // Eight digits may be a chat id rather than a ticket ID.
                None => match id.as_str().parse::<Chat>() {
                    Ok(chat) if self.model.user_tickets.contains_key(&chat) => Some(chat),
                    _ => {
                        self.say(Reply::UnknownTicket { id });
                        None
                    }
                },
            },
            BanTarget::Chat(chat) if chat > 0 => Some(chat),
            BanTarget::Chat(chat) => {
                self.say(Reply::NotAPerson { chat });
                None
            }
            BanTarget::Malformed(input) => {
                self.say(Reply::NotATicketId { input });
                None
            }
        }
    }

    /// The name a person gave on their newest ticket, if any.
    fn name_of(&self, chat: Chat) -> Option<String> {
        self.model
            .tickets_of(chat)
            .first()
            .map(|t| t.owner.name.clone())
            .filter(|n| !n.is_empty())
    }

    /// `/ban`: the person's messages are refused from now on; their open
    /// ticket is closed.
    fn ban(&mut self, chat: Chat, reason: String, silent: bool) {
        if self.model.bans.contains_key(&chat) {
            self.say(Reply::AlreadyBanned { chat });
            return;
        }
        let by = self.input.first_name.clone();
        self.change(Change::Ban {
            chat,
            ban: Some(Ban {
                reason,
                silent,
                by: by.clone(),
                at: self.input.now,
                refused: 0,
            }),
        });
        let closed = self.model.open_ticket_of(chat).map(|t| t.id);
        if let Some(id) = closed {
            self.change(Change::CloseTicket {
                ticket: id,
                at: self.input.now,
            });
            self.effects.push(Effect::SyncTopic { ticket: id });
        }
        if self.model.state(chat) != State::Idle {
            self.change(Change::SetState {
                chat,
                state: State::Idle,
            });
        }
        let name = self.name_of(chat);
        self.say(Reply::YouBanned {
            chat,
            name: name.clone(),
            closed,
            silent,
        });
        self.notify_admins(Reply::PersonBanned {
            chat,
            name,
            by,
            closed,
        });
    }

    /// `/unban`.
    fn unban(&mut self, chat: Chat) {
        if !self.model.bans.contains_key(&chat) {
            self.say(Reply::NotBanned { chat });
            return;
        }
        self.change(Change::Ban { chat, ban: None });
        let name = self.name_of(chat);
        self.say(Reply::YouUnbanned { chat, name });
    }

    /// A ticket ID argument of an existing ticket, answering the admin when
    /// it is missing, malformed or unknown. Without one, in a ticket's
    /// topic, it is that ticket.
    fn ticket_arg(&mut self, command: &str, arg: TicketArg) -> Option<TicketId> {
        match arg {
            TicketArg::Missing if self.topic_ticket().is_some() => self.topic_ticket(),
            TicketArg::Missing => {
                self.say(Reply::NeedTicketId {
                    command: command.into(),
                });
                None
            }
            TicketArg::Malformed(input) => {
                self.say(Reply::NotATicketId { input });
                None
            }
            TicketArg::Id(id) if self.model.ticket(&id).is_none() => {
                self.say(Reply::UnknownTicket { id });
                None
            }
            TicketArg::Id(id) => Some(id),
        }
    }

    /// Records an admin's message on an open ticket and sends it to the owner.
    fn deliver(&mut self, id: &TicketId, text: String, media: Option<Media>) {
        let Some(ticket) = self.open_ticket(id) else {
            return;
        };
        let owner = ticket.owner.clone();
        // Someone else took this ticket: said once, never blocked.
        if let Some(claim) = ticket.claim.clone() {
            let member = self.input.member;
            if claim.member != member && !claim.warned.contains(&member) {
                self.change(Change::ClaimWarned {
                    ticket: *id,
                    member,
                });
                self.say(Reply::ClaimedByOther {
                    id: *id,
                    name: claim.name,
                });
            }
        }
        let agent = match self.input.team.agent_names {
            AgentNames::Hidden => None,
            AgentNames::FirstName => Some(self.input.first_name.clone()),
        };
        let entry = self.team_entry(text.clone(), media.as_ref());
        self.change(Change::AddMessage { ticket: *id, entry });
        let reply = match &media {
            Some(m) => Reply::FromSupportMedia {
                id: *id,
                kind: m.kind,
                agent,
            },
            None => Reply::FromSupport {
                id: *id,
                text,
                agent,
            },
        };
        self.effects.push(Effect::Deliver(ToOwner {
            owner: owner.clone(),
            ticket: *id,
            reply,
            confirm: Reply::Delivered { id: *id, owner },
            copy: media,
        }));
    }

    /// Records an internal note of the team on a ticket; nothing is sent
    /// to its owner.
    fn note(&mut self, id: TicketId, text: String) {
        if text.trim().is_empty() {
            self.say(Reply::NoteEmpty);
            return;
        }
        let mut entry = self.team_entry(text, None);
        entry.note = true;
        self.change(Change::AddMessage { ticket: id, entry });
        self.say(Reply::NoteAdded { id });
    }

    /// Opens a closed ticket again, unless its owner has another one open
    /// (one open ticket per person). The owner is back in it.
    fn reopen(&mut self, id: TicketId) {
        let Some(ticket) = self.model.ticket(&id) else {
            return;
        };
        if ticket.status == TicketStatus::Open {
            self.say(Reply::NotClosed { id });
            return;
        }
        let owner = ticket.owner.clone();
        let other = self
            .model
            .tickets_of(owner.chat)
            .into_iter()
            .find(|t| t.status == TicketStatus::Open)
            .map(|t| t.id);
        if let Some(open) = other {
            self.say(Reply::ReopenRefused { id, open });
            return;
        }
        self.change(Change::ReopenTicket { ticket: id });
        self.effects.push(Effect::SyncTopic { ticket: id });
        self.change(Change::SetState {
            chat: owner.chat,
            state: State::TicketOpen { ticket: id },
        });
        self.effects.push(Effect::Deliver(ToOwner {
            owner: owner.clone(),
            ticket: id,
            reply: Reply::ReopenedBySupport { id },
            confirm: Reply::YouReopened { id, owner },
            copy: None,
        }));
        let admin = self.input.from.clone();
        self.notify_admins(Reply::ReopenedByAdmin { id, admin });
    }

    /// Closes a ticket for an admin. Returns whether it was open.
    fn close_as_admin(&mut self, id: &TicketId) -> bool {
        let Some(owner) = self.open_ticket(id).map(|t| t.owner.clone()) else {
            self.say(Reply::AlreadyClosed { id: *id });
            return false;
        };
        self.change(Change::CloseTicket {
            ticket: *id,
            at: self.input.now,
        });
        self.effects.push(Effect::SyncTopic { ticket: *id });
        // The owner's conversation returns to the start.
        if self.model.state(owner.chat) == (State::TicketOpen { ticket: *id }) {
            self.change(Change::SetState {
                chat: owner.chat,
                state: State::Idle,
            });
        }
        self.effects.push(Effect::Deliver(ToOwner {
            owner: owner.clone(),
            ticket: *id,
            reply: Reply::ClosedBySupport { id: *id },
            confirm: Reply::YouClosed {
                id: *id,
                owner: owner.clone(),
            },
            copy: None,
        }));
        if self.input.ask_for_rating {
            // After the closing message, in the owner's chat.
            self.effects.push(Effect::Send {
                to: owner.chat,
                reply: Reply::RateAsk { id: *id },
                reply_to: None,
            });
        }
        let admin = self.input.from.clone();
        self.notify_admins(Reply::ClosedByAdmin { id: *id, admin });
        true
    }
}

fn line(t: &Ticket) -> TicketLine {
    TicketLine {
        id: t.id,
        owner: t.owner.clone(),
        status: t.status,
        opened_at: t.opened_at,
        description: t
            .messages
            .first()
            .map(|e| e.text.clone())
            .unwrap_or_default(),
        last_text: t.last_message().map(|e| e.text.clone()).unwrap_or_default(),
        unreachable: t.unreachable,
        claimed_by: t.claim.as_ref().map(|c| c.name.clone()),
    }
}

/// A saved answer's name: 1 to 32 lower-case letters, digits, `-` or `_`.
fn answer_name_is_valid(name: &str) -> bool {
    (1..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests;
