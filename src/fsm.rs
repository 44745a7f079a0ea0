//! The conversation rules: given a chat's [`State`], who wrote and what they
//! sent, decide the next state, what to remember and what to say.
//!
//! [`step`] is a pure function: no Telegram, no clock, no randomness, no I/O.
//! The time and a fresh ticket ID arrive in the [`Input`]; the tickets are
//! read from a [`Model`]. The result lists [`Effect`]s for the caller to carry
//! out: first the [`Change`]s, made durable together with the next state, then
//! the messages.

use crate::model::{Author, Change, ChatId, Entry, Model, Person, State, Ticket, TicketId};
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
}

/// Something a chat sent, already parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Start,
    Help,
    New,
    Cancel,
    /// `/close`, with whatever followed it (an ID for admins).
    Close(String),
    MyTickets,
    Tickets,
    /// `/reply`, with whatever followed it (`ID` or `ID text`).
    Reply(String),
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

/// An attachment someone sent. It is passed on with `copyMessage` (from
/// `chat`, message `message_id`), so it is never downloaded or re-uploaded.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Media {
    pub kind: MediaKind,
    pub chat: ChatId,
    pub message_id: i32,
}

/// One thing to do after a step.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Remember this (made durable before any message is sent).
    Change(Change),
    /// Say this to one chat.
    Send { to: ChatId, reply: Reply },
    /// Say this to every admin chat, except possibly the one acting.
    NotifyAdmins {
        reply: Reply,
        except: Option<ChatId>,
        /// An attachment to copy after the message.
        #[serde(default)]
        copy: Option<Media>,
    },
    /// Say `reply` to a ticket's owner on behalf of the acting admin; tell
    /// the admin `confirm` if it arrived, or that it did not (and why).
    Deliver {
        owner: Person,
        ticket: TicketId,
        reply: Reply,
        confirm: Reply,
        /// An attachment to copy after the message.
        #[serde(default)]
        copy: Option<Media>,
    },
}

/// The outcome of a step: the sender's next state and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub next: State,
    pub effects: Vec<Effect>,
}

/// Applies the conversation rules to one event from one chat.
pub fn step(model: &Model, state: &State, input: &Input, event: Event) -> Transition {
    let mut t = Step {
        model,
        input,
        effects: Vec::new(),
    };
    let next = match input.role {
        Role::User => t.user(state, event),
        Role::Admin => t.admin(state, event),
    };
    Transition {
        next,
        effects: t.effects,
    }
}

struct Step<'a> {
    model: &'a Model,
    input: &'a Input,
    effects: Vec<Effect>,
}

impl Step<'_> {
    fn me(&self) -> ChatId {
        self.input.from.chat
    }

    fn say(&mut self, reply: Reply) {
        let to = self.me();
        self.effects.push(Effect::Send { to, reply });
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
        self.effects.push(Effect::Change(change));
    }

    /// The ticket if it exists and is open.
    fn open_ticket(&self, id: &TicketId) -> Option<&Ticket> {
        self.model
            .ticket(id)
            .filter(|t| t.status == TicketStatus::Open)
    }

    // ----- people asking for help -----

    fn user(&mut self, state: &State, event: Event) -> State {
        // Blocking changes what can reach the person, whatever their state,
        // and nothing is said to them (a blocked bot cannot).
        match event {
            Event::BotBlocked => return self.owner_reachable(state, false),
            Event::BotUnblocked => return self.owner_reachable(state, true),
            _ => {}
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
            Event::Text(text) => return self.open_new_ticket(text, None, true),
            Event::Media { media, caption } => {
                return self.open_new_ticket(caption.unwrap_or_default(), Some(media), true)
            }
            Event::Cancel => self.say(Reply::NothingToCancel),
            Event::Close(arg) => match TicketId::parse(&arg) {
                Some(id) => self.say(Reply::NotYourOpenTicket { id, open: None }),
                None => self.say(Reply::NoOpenTicket),
            },
            Event::NotText => self.say(Reply::OnlyText),
            other => self.user_common(other),
        }
        State::Idle
    }

    fn user_awaiting(&mut self, event: Event) -> State {
        match event {
            Event::Text(text) => return self.open_new_ticket(text, None, false),
            Event::Media { media, caption } => {
                return self.open_new_ticket(caption.unwrap_or_default(), Some(media), false)
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
                self.say(Reply::AddedToTicket { id });
                self.notify_admins(Reply::OwnerWrote { id, owner, text });
            }
            Event::Media { media, caption } => {
                let owner = self.input.from.clone();
                let entry = self.entry(Author::Owner, caption.unwrap_or_default(), Some(&media));
                self.change(Change::AddMessage { ticket: id, entry });
                self.say(Reply::AddedToTicket { id });
                let kind = media.kind;
                self.notify_admins_with(Reply::OwnerSent { id, owner, kind }, Some(media));
            }
            Event::Edited(Some(text)) => {
                let owner = self.input.from.clone();
                let mut entry = self.entry(Author::Owner, text.clone(), None);
                entry.edited = true;
                self.change(Change::AddMessage { ticket: id, entry });
                self.say(Reply::EditPassedOn { id });
                self.notify_admins(Reply::OwnerEdited { id, owner, text });
            }
            // The close button of another ticket (an old one, or forged).
            Event::Close(arg) if TicketId::parse(&arg).is_some_and(|other| other != id) => {
                let other = TicketId::parse(&arg).unwrap_or(id);
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
                self.notify_admins(Reply::ClosedByOwner { id, owner });
                return State::Idle;
            }
            Event::New | Event::Start => self.say(Reply::AlreadyOpen { id }),
            Event::Cancel => self.say(Reply::StillOpen { id }),
            Event::Help => self.say(Reply::UserHelp { open: Some(id) }),
            Event::NotText => self.say(Reply::OnlyText),
            other => self.user_common(other),
        }
        State::TicketOpen { ticket: id }
    }

    /// The person blocked or unblocked the bot: their open ticket is marked
    /// (un)reachable and the team told quietly. The state stays.
    fn owner_reachable(&mut self, state: &State, reachable: bool) -> State {
        let open = match state {
            State::TicketOpen { ticket } => self.open_ticket(ticket).map(|t| t.id),
            _ => None,
        };
        let Some(id) = open.filter(|id| {
            self.model
                .ticket(id)
                .is_some_and(|t| t.undeliverable == reachable)
        }) else {
            return state.clone();
        };
        let owner = self.input.from.clone();
        self.change(Change::Undeliverable {
            ticket: id,
            gone: !reachable,
        });
        let reply = if reachable {
            Reply::OwnerUnblockedBot { id, owner }
        } else {
            Reply::OwnerBlockedBot { id, owner }
        };
        self.notify_admins(reply);
        state.clone()
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
            Event::Tickets => Reply::AdminOnly {
                command: "tickets".into(),
            },
            Event::Reply(_) => Reply::AdminOnly {
                command: "reply".into(),
            },
            Event::Done => Reply::AdminOnly {
                command: "done".into(),
            },
            Event::UnknownCommand(command) => Reply::UnknownCommand { command },
            Event::Edited(_) => Reply::EditNotSeen,
            // Handled in `user` before the state is looked at.
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

    fn open_new_ticket(
        &mut self,
        text: String,
        media: Option<Media>,
        from_first_message: bool,
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
            undeliverable: false,
            messages: vec![self.entry(Author::Owner, text.clone(), media.as_ref())],
        };
        self.change(Change::OpenTicket { ticket });
        self.say(Reply::TicketOpened {
            id,
            from_first_message,
        });
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
        let replying = match state {
            State::AdminReplying { ticket } => Some(*ticket),
            // A person's state left over from before this chat became an
            // admin chat: as an admin it starts idle.
            _ => None,
        };
        match (replying, event) {
            (Some(id), Event::Text(text)) => match self.open_ticket(&id) {
                Some(_) => self.deliver(&id, text, None),
                None => {
                    self.say(Reply::TicketIsClosed { id });
                    return State::Idle;
                }
            },
            (Some(id), Event::Media { media, caption }) => match self.open_ticket(&id) {
                Some(_) => self.deliver(&id, caption.unwrap_or_default(), Some(media)),
                None => {
                    self.say(Reply::TicketIsClosed { id });
                    return State::Idle;
                }
            },
            (
                _,
                Event::Answer {
                    ticket,
                    text,
                    media,
                },
            ) => match self.open_ticket(&ticket) {
                Some(_) => self.deliver(&ticket, text, media),
                None => self.say(Reply::TicketIsClosed { id: ticket }),
            },
            (Some(id), Event::Done | Event::Cancel) => {
                self.say(Reply::StoppedReplying { id });
                return State::Idle;
            }
            (Some(id), Event::Close(args)) if args.trim().is_empty() => {
                self.close_as_admin(&id);
                return State::Idle;
            }
            (replying, Event::Close(args)) => {
                if let Some(id) = self.ticket_arg("close", &args) {
                    if self.close_as_admin(&id) && replying.as_ref() == Some(&id) {
                        return State::Idle;
                    }
                }
            }
            (replying, Event::Reply(args)) => {
                if let Some(next) = self.reply_command(&args) {
                    return next;
                }
                return replying.map_or(State::Idle, |ticket| State::AdminReplying { ticket });
            }
            (None, Event::Text(_) | Event::Media { .. }) => self.say(Reply::AdminIdleHint),
            (None, Event::Done | Event::Cancel) => self.say(Reply::NotReplying),
            (replying, Event::Start | Event::Help) => self.say(Reply::AdminHelp { replying }),
            (_, Event::Tickets) => {
                let tickets = self.model.open_tickets().into_iter().map(line).collect();
                self.say(Reply::OpenTickets {
                    tickets,
                    now: self.input.now,
                })
            }
            (_, Event::New) => self.say(Reply::NotForAdmins {
                command: "new".into(),
            }),
            (_, Event::MyTickets) => self.say(Reply::NotForAdmins {
                command: "mytickets".into(),
            }),
            (_, Event::NotText) => self.say(Reply::AdminOnlyText),
            (_, Event::Edited(_)) => self.say(Reply::EditNotSeen),
            (_, Event::UnknownCommand(command)) => self.say(Reply::UnknownCommand { command }),
            // An admin's private chat blocking the bot changes no ticket.
            (_, Event::BotBlocked | Event::BotUnblocked) => {}
        }
        match state {
            State::AdminReplying { ticket } => State::AdminReplying { ticket: *ticket },
            _ => State::Idle,
        }
    }

    /// `/reply ID` enters replying mode; `/reply ID text` sends one message.
    /// Returns the next state when it changes.
    fn reply_command(&mut self, args: &str) -> Option<State> {
        let args = args.trim_start();
        let (id_part, text) = match args.split_once(char::is_whitespace) {
            Some((id, rest)) => (id, rest.trim_start()),
            None => (args, ""),
        };
        let id = self.ticket_arg("reply", id_part)?;
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
            self.deliver(&id, text.to_string(), None);
            None
        }
    }

    /// Reads a ticket ID argument and checks the ticket exists, answering
    /// the admin when it is missing, malformed or unknown.
    fn ticket_arg(&mut self, command: &str, arg: &str) -> Option<TicketId> {
        let arg = arg.trim();
        if arg.is_empty() {
            self.say(Reply::NeedTicketId {
                command: command.into(),
            });
            return None;
        }
        let word = arg.split_whitespace().next().unwrap_or(arg);
        let Some(id) = TicketId::parse(word) else {
            self.say(Reply::NotATicketId { input: word.into() });
            return None;
        };
        if self.model.ticket(&id).is_none() {
            self.say(Reply::UnknownTicket { id });
            return None;
        }
        Some(id)
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
        self.effects.push(Effect::Deliver {
            owner: owner.clone(),
            ticket: *id,
            reply,
            confirm: Reply::Delivered { id: *id, owner },
            copy: media,
        });
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
        self.effects.push(Effect::Deliver {
            owner: owner.clone(),
            ticket: *id,
            reply: Reply::ClosedBySupport { id: *id },
            confirm: Reply::YouClosed { id: *id, owner },
            copy: None,
        });
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
        unreachable: t.undeliverable,
    }
}

#[cfg(test)]
mod tests;
