//! Every message the bot sends, as a typed [`Reply`], and the one place
//! where each is put into words ([`Reply::render`]).
//!
//! The wording is simple and always tells the reader what they can do next.
//! Text a person typed is inserted as it is: replies are sent as plain text
//! (no parse mode), so `<b>`, `*` or `_` arrive literally.

use crate::command::{self, Scope};
use serde::{Deserialize, Serialize};

use crate::model::{MediaKind, Person, TicketId, TicketStatus, UnixTime};

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
}

/// Everything the bot can say. Serialisable, because messages are saved
/// with the change they report and sent after it is durable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reply", rename_all = "snake_case")]
pub enum Reply {
    // --- to people asking for help ---
    Welcome,
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
    },
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
    },
    OpenTickets {
        tickets: Vec<TicketLine>,
        now: UnixTime,
    },
    AdminIdleHint,
    NotForAdmins {
        command: String,
    },
    AdminOnlyText,
    /// A message for a ticket's owner did not reach them.
    NotDelivered {
        id: TicketId,
        owner: Person,
        closing: bool,
        reason: String,
    },
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
}

impl Button {
    /// The label on the button.
    pub fn label(self) -> &'static str {
        match self {
            Button::OpenTicket => "Open a ticket",
            Button::Answer(_) => "Reply",
            Button::Close(_) => "Close",
            Button::CloseMine(_) => "Close ticket",
        }
    }

    /// The callback data of this button: at most 64 bytes, as Telegram
    /// requires. It only names the action; who may do it is checked again
    /// when it is pressed.
    pub fn data(self) -> String {
        match self {
            Button::OpenTicket => "new".into(),
            Button::Answer(id) => format!("reply:{id}"),
            Button::Close(id) => format!("close:{id}"),
            Button::CloseMine(id) => format!("mine:close:{id}"),
        }
    }

    /// Reads callback data back; `None` for data this bot never made.
    pub fn from_data(data: &str) -> Option<Button> {
        let ticket = |rest: &str| TicketId::parse(rest).filter(|id| id.as_str() == rest);
        match data.split_once(':') {
            None if data == "new" => Some(Button::OpenTicket),
            Some(("reply", rest)) => ticket(rest).map(Button::Answer),
            Some(("close", rest)) => ticket(rest).map(Button::Close),
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
    /// Sent without a sound: news that asks nothing of anyone right now.
    pub quiet: bool,
}

impl Reply {
    /// Puts the reply into words.
    pub fn render(&self) -> Rendered {
        let buttons = match self {
            Reply::Welcome => vec![Button::OpenTicket],
            Reply::NewTicket { id, .. } | Reply::OwnerWrote { id, .. } => {
                vec![Button::Answer(*id), Button::Close(*id)]
            }
            Reply::TicketOpened { id, .. } => vec![Button::CloseMine(*id)],
            _ => Vec::new(),
        };
        let quiet = matches!(
            self,
            Reply::OwnerBlockedBot { .. } | Reply::OwnerUnblockedBot { .. }
        );
        Rendered {
            text: self.text(),
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
            | Reply::OwnerSent { id, .. }
            | Reply::OwnerEdited { id, .. } => Some(*id),
            _ => None,
        }
    }

    fn text(&self) -> String {
        match self {
            Reply::Welcome => "Hello! I am the support bot.\n\
                Tell me what went wrong and our team will answer you right here.\n\n\
                Tap \"Open a ticket\" below or send /new to start."
                .into(),
            Reply::UserHelp { open } => {
                let mut s = String::from("Here is what you can do:\n");
                s += &command::help_lines(Scope::People).join("\n");
                if let Some(id) = open {
                    s += &format!(
                        "\n\nYour ticket {id} is open. Anything you write here is added to it."
                    );
                }
                s
            }
            Reply::AskDescription => "Please describe your problem in one message.\n\
                Send /cancel if you changed your mind."
                .into(),
            Reply::StillWaitingForDescription => "I am waiting for your description.\n\
                Please describe your problem in one message, or send /cancel to stop."
                .into(),
            Reply::Cancelled => {
                "OK, no ticket was opened.\nSend /new whenever you need help.".into()
            }
            Reply::NothingToCancel => {
                "There is nothing to cancel.\nSend /new to open a ticket.".into()
            }
            Reply::TicketOpened {
                id,
                from_first_message: false,
            } => format!(
                "Thank you! Your ticket {id} is open.\n\
                 Our team will answer you here.\n\
                 You can send more messages to add to it. Send /close when your problem is solved."
            ),
            Reply::TicketOpened {
                id,
                from_first_message: true,
            } => format!(
                "Thank you! I opened ticket {id} with your message.\n\
                 Our team will answer you here.\n\
                 You can send more messages to add to it. \
                 If you did not mean to open a ticket, send /close."
            ),
            Reply::AddedToTicket { id } => {
                format!("Added to your ticket {id}. Our team will answer you here.")
            }
            Reply::AlreadyOpen { id } => format!(
                "You already have an open ticket: {id}.\n\
                 Write here to add to it, or send /close to close it first."
            ),
            Reply::StillOpen { id } => {
                format!("Your ticket {id} is still open.\nSend /close if you want to close it.")
            }
            Reply::ClosedByYou { id } => {
                format!("Ticket {id} is closed. Thank you!\nSend /new if you need help again.")
            }
            Reply::NoOpenTicket => "You have no open ticket.\nSend /new to open one.".into(),
            Reply::YourTickets { tickets, .. } if tickets.is_empty() => {
                "You have no tickets yet.\nSend /new to open one.".into()
            }
            Reply::YourTickets { tickets, now } => {
                let mut s = String::from("Your tickets, newest first:");
                for t in tickets {
                    s += &format!(
                        "\n\n{} - {} - opened {}\n\"{}\"",
                        t.id,
                        status_word(t.status),
                        age(t.opened_at, *now),
                        excerpt(&t.description)
                    );
                }
                s + "\n\nSend /new to open another ticket."
            }
            Reply::FromSupport { id, text } => {
                format!("Support team (ticket {id}):\n{text}")
            }
            Reply::ClosedBySupport { id } => {
                format!("Our team closed your ticket {id}.\nSend /new if you need help again.")
            }
            Reply::OnlyText => "Sorry, I can't pass on this kind of message.\n\
                I can pass on text, photos, videos, voice messages, audio, files, \
                stickers, GIFs, locations and contacts.\n\
                Please write your message in words, or send one of those."
                .into(),
            Reply::AdminOnly { command } => format!(
                "Sorry, /{command} is only for the support team.\n\
                 Send /help to see what you can do."
            ),
            Reply::UnknownCommand { command } => {
                format!("I don't know the command /{command}.\nSend /help to see what you can do.")
            }
            Reply::EditNotSeen => "I can't pass on changes to a message you already sent.\n\
                Please send the corrected text as a new message."
                .into(),
            Reply::SaveFailed => "Sorry, something went wrong on our side and I could not save \
                your message.\nPlease send it again in a minute."
                .into(),
            Reply::PrivateChatOnly => {
                "Please write to me in a private chat, so only our team sees your message.".into()
            }
            Reply::AdminHelp { replying } => {
                let mut s = String::from("Support team commands:\n");
                s += &command::help_lines(Scope::Team).join("\n");
                if let Some(id) = replying {
                    s += &format!("\n\nYou are answering ticket {id} now.");
                }
                s
            }
            Reply::NewTicket {
                id,
                owner,
                text,
                media,
            } => {
                let with = match media {
                    Some(kind) => format!("\n(with {} below)", a_kind(kind)),
                    None => String::new(),
                };
                format!(
                    "New ticket {id} from {}:\n{text}{with}\n\n\
                     To answer, reply to this message or send /reply {id}",
                    who(owner)
                )
            }
            Reply::OwnerSent { id, owner, kind } => {
                format!("Ticket {id}, {} sent {}:", who(owner), a_kind(kind))
            }
            Reply::OwnerEdited { id, owner, text } => {
                format!(
                    "Ticket {id}, {} changed a message. It now says:\n{text}",
                    who(owner)
                )
            }
            Reply::EditPassedOn { id } => {
                format!("I passed your change on to our team (ticket {id}).")
            }
            Reply::FromSupportMedia { id, kind } => {
                format!("Support team (ticket {id}) sent you {}:", a_kind(kind))
            }
            Reply::NotYourOpenTicket {
                id,
                open: Some(open),
            } => format!(
                "Ticket {id} is not your open ticket. Your open ticket is {open}.\n\
                 Send /close to close it."
            ),
            Reply::NotYourOpenTicket { id, open: None } => format!(
                "Ticket {id} is not your open ticket. You have no open ticket.\n\
                 Send /new to open one."
            ),
            Reply::OwnerWrote { id, owner, text } => {
                format!("Ticket {id}, {} wrote:\n{text}", who(owner))
            }
            Reply::ClosedByOwner { id, owner } => {
                format!("Ticket {id} was closed by {}.", who(owner))
            }
            Reply::ClosedByAdmin { id, admin } => {
                format!("Ticket {id} was closed by {}.", admin.name)
            }
            Reply::YouClosed { id, owner } => {
                format!("Ticket {id} is closed. I told {}.", owner.name)
            }
            Reply::NowReplying {
                id,
                owner,
                last_text,
            } => format!(
                "You are answering ticket {id} from {}.\n\
                 Their last message: \"{}\"\n\
                 Everything you send now goes to {}. Send /done when you are finished.",
                who(owner),
                excerpt(last_text),
                owner.name
            ),
            Reply::Delivered { id, owner } => format!("Sent to {} (ticket {id}).", owner.name),
            Reply::StoppedReplying { id } => {
                format!("You stopped answering ticket {id}.\nSend /tickets to see open tickets.")
            }
            Reply::NotReplying => "You are not answering a ticket right now.\n\
                Send /tickets to see open tickets."
                .into(),
            Reply::NeedTicketId { command } => format!(
                "Please add the ticket ID, like this: /{command} 1A2B3C4D\n\
                 Send /tickets to see open tickets."
            ),
            Reply::NotATicketId { input } => format!(
                "\"{input}\" is not a ticket ID. A ticket ID has 8 letters and digits, \
                 like 1A2B3C4D.\nSend /tickets to see open tickets."
            ),
            Reply::UnknownTicket { id } => {
                format!("I can't find ticket {id}.\nSend /tickets to see open tickets.")
            }
            Reply::TicketIsClosed { id } => format!(
                "Ticket {id} is closed, so nothing was sent.\nSend /tickets to see open tickets."
            ),
            Reply::AlreadyClosed { id } => format!("Ticket {id} is already closed."),
            Reply::TicketOwner {
                id,
                owner,
                status,
                tickets,
            } => format!(
                "Ticket {id} ({}) belongs to {}.\n\
                 They have opened {tickets} ticket(s) in all.\n\
                 To answer them, send /reply {id}",
                status_word(*status),
                who(owner)
            ),
            Reply::OpenTickets { tickets, .. } if tickets.is_empty() => {
                "There are no open tickets right now.".into()
            }
            Reply::OpenTickets { tickets, now } => {
                let mut s = format!("Open tickets ({}), waiting longest first:", tickets.len());
                for t in tickets {
                    let unreachable = if t.unreachable {
                        " - cannot be reached"
                    } else {
                        ""
                    };
                    s += &format!(
                        "\n\n{} - {} - opened {}{unreachable}\nLast message: \"{}\"",
                        t.id,
                        who(&t.owner),
                        age(t.opened_at, *now),
                        excerpt(&t.last_text)
                    );
                }
                s + "\n\nTo answer one, send /reply followed by its ID."
            }
            Reply::AdminIdleHint => "To answer a ticket, send /reply followed by its ID, \
                like /reply 1A2B3C4D.\nSend /tickets to see open tickets."
                .into(),
            Reply::NotForAdmins { command } => format!(
                "/{command} is for people asking for help. You are on the support team.\n\
                 Send /help to see your commands."
            ),
            Reply::OwnerBlockedBot { id, owner } => format!(
                "{} blocked the bot, so replies on ticket {id} cannot reach them for now.\n\
                 The ticket stays open. I will tell you if they unblock the bot.",
                who(owner)
            ),
            Reply::OwnerUnblockedBot { id, owner } => format!(
                "{} unblocked the bot. Replies on ticket {id} reach them again.",
                who(owner)
            ),
            Reply::AdminOnlyText => {
                "Sorry, I can only pass on text for now. Nothing was sent.".into()
            }
            Reply::NotDelivered {
                id,
                owner,
                closing: false,
                reason,
            } => format!(
                "{} did not get your message on ticket {id}: {reason}.\n\
                 It is saved on the ticket.",
                owner.name
            ),
            Reply::NotDelivered {
                id,
                owner,
                closing: true,
                reason,
            } => format!(
                "Ticket {id} is closed, but I could not tell {}: {reason}.",
                owner.name
            ),
        }
    }
}

/// "a photo", "a voice message"...: an attachment in everyday words.
pub fn a_kind(kind: &MediaKind) -> &'static str {
    match kind {
        MediaKind::Photo => "a photo",
        MediaKind::Document => "a file",
        MediaKind::Voice => "a voice message",
        MediaKind::Video => "a video",
        MediaKind::Audio => "an audio file",
        MediaKind::Sticker => "a sticker",
        MediaKind::Location => "a location",
        MediaKind::Contact => "a contact",
        MediaKind::Animation => "a GIF",
        MediaKind::VideoNote => "a video message",
    }
}

/// "Ann (@ann, 5551)": enough for the team to know who wrote.
pub fn who(p: &Person) -> String {
    match &p.username {
        Some(u) => format!("{} (@{u}, {})", p.name, p.chat),
        None => format!("{} ({})", p.name, p.chat),
    }
}

fn status_word(s: TicketStatus) -> &'static str {
    match s {
        TicketStatus::Open => "open",
        TicketStatus::Closed => "closed",
    }
}

/// How long ago something happened, in everyday words.
pub fn age(then: UnixTime, now: UnixTime) -> String {
    let secs = now.saturating_sub(then);
    let (n, unit) = match secs {
        0..=59 => return "just now".into(),
        60..=3599 => (secs / 60, "minute"),
        3600..=86_399 => (secs / 3600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {unit}{plural} ago")
}

/// The start of a message on one line, for lists.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= MAX {
        flat
    } else {
        let cut: String = flat.chars().take(MAX).collect();
        format!("{}...", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_everyday_words() {
        assert_eq!(age(100, 100), "just now");
        assert_eq!(age(100, 159), "just now");
        assert_eq!(age(0, 60), "1 minute ago");
        assert_eq!(age(0, 3599), "59 minutes ago");
        assert_eq!(age(0, 7200), "2 hours ago");
        assert_eq!(age(0, 86_400 * 3), "3 days ago");
        assert_eq!(
            age(200, 100),
            "just now",
            "a clock that went back is not negative"
        );
    }

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt("a\nb   c"), "a b c");
        let long = "word ".repeat(40);
        let e = excerpt(&long);
        assert!(e.ends_with("...") && e.chars().count() <= 83, "{e}");
    }

    #[test]
    fn only_the_welcome_has_the_open_ticket_button() {
        assert_eq!(Reply::Welcome.render().buttons, vec![Button::OpenTicket]);
        assert!(Reply::AskDescription.render().buttons.is_empty());
    }

    #[test]
    fn button_data_is_short_and_reads_back() {
        let id = TicketId::parse("1A2B3C4D").unwrap();
        for b in [
            Button::OpenTicket,
            Button::Answer(id),
            Button::Close(id),
            Button::CloseMine(id),
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
        ] {
            assert_eq!(Button::from_data(forged), None, "{forged}");
        }
    }
}
