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
    Author, Change, Chat, ChatLanguage, Entry, Model, Person, State, Ticket, TicketId,
};
use crate::model::{MediaKind, TicketStatus, UnixTime};
use crate::replies::{Reply, TicketLine};

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
    Tickets,
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
            Event::Tickets => "tickets",
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
}

/// A message to send after a step, once its changes are durable.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Say this to one chat.
    Send { to: Chat, reply: Reply },
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

    fn say(&mut self, reply: Reply) {
        let to = self.me();
        self.effects.push(Effect::Send { to, reply });
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
            Event::Tickets
            | Event::Reply { .. }
            | Event::WhoIs(_)
            | Event::Done
            | Event::Stats
            | Event::Note { .. }
            | Event::Reopen(_) => Reply::AdminOnly {
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
        let ticket = Ticket {
            id,
            owner: owner.clone(),
            status: TicketStatus::Open,
            number: self.model.tickets.len() as u64 + 1,
            opened_at: now,
            closed_at: None,
            unreachable: false,
            rating: None,
            rating_comment: None,
            messages: vec![self.entry(Author::Owner, text.clone(), media.as_ref())],
        };
        self.change(Change::OpenTicket { ticket });
        self.say(confirmation(id, self.input.back.clone()));
        let kind = media.as_ref().map(|m| m.kind);
        self.notify_admins_with(
            Reply::NewTicket {
                id,
                owner,
                text,
                media: kind,
            },
            media,
        );
        State::TicketOpen { ticket: id }
    }

    // ----- the support team -----

    fn admin(&mut self, state: &State, event: Event) -> State {
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
        match event {
            // A note without an ID is on the ticket being answered.
            Event::Note {
                ticket: TicketArg::Missing,
                text,
            } => self.note(id, text),
            Event::Text(text) => {
                if self.open_ticket(&id).is_none() {
                    self.say(Reply::TicketIsClosed { id });
                    return State::Idle;
                }
                self.deliver(&id, text, None);
            }
            Event::Media { media, caption } => {
                if self.open_ticket(&id).is_none() {
                    self.say(Reply::TicketIsClosed { id });
                    return State::Idle;
                }
                self.deliver(&id, caption.unwrap_or_default(), Some(media));
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
            } => match self.open_ticket(&ticket) {
                Some(_) => self.deliver(&ticket, text, media),
                None => self.say(Reply::TicketIsClosed { id: ticket }),
            },
            Event::Tickets => {
                let tickets = self.model.open_tickets().into_iter().map(line).collect();
                self.say(Reply::OpenTickets {
                    tickets,
                    now: self.input.now,
                })
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
                    self.say(Reply::TicketOwner {
                        id: ticket.id,
                        owner: ticket.owner.clone(),
                        status: ticket.status,
                        tickets,
                    });
                }
            }
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
            self.deliver(&id, text, None);
            None
        }
    }

    /// A ticket ID argument of an existing ticket, answering the admin when
    /// it is missing, malformed or unknown.
    fn ticket_arg(&mut self, command: &str, arg: TicketArg) -> Option<TicketId> {
        match arg {
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
        let Some(owner) = self.open_ticket(id).map(|t| t.owner.clone()) else {
            return;
        };
        let entry = self.entry(Author::Admin(self.me()), text.clone(), media.as_ref());
        self.change(Change::AddMessage { ticket: *id, entry });
        let reply = match &media {
            Some(m) => Reply::FromSupportMedia {
                id: *id,
                kind: m.kind,
            },
            None => Reply::FromSupport { id: *id, text },
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
        let mut entry = self.entry(Author::Admin(self.me()), text, None);
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
    }
}

#[cfg(test)]
mod tests;
