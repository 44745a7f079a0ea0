//! Reading a text message as a command or as plain text.
//!
//! Commands are matched case-insensitively and may carry the bot's name
//! (`/reply@support_bot 1A2B3C4D`, as Telegram writes them in groups).
//! Extra words after a command that takes none (`/start from-website`, a
//! deep-link payload) are ignored rather than refused.

use crate::fsm::Event;

/// What a text message is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parsed {
    /// A command or plain text for this bot.
    Event(Event),
    /// A command addressed to another bot in the same group: not ours.
    ForAnotherBot,
}

/// Reads a message text. `bot_username` is the bot's own `@name` without `@`.
pub fn parse(text: &str, bot_username: &str) -> Parsed {
    let Some(rest) = text.strip_prefix('/') else {
        return Parsed::Event(Event::Text(text.to_string()));
    };
    let (word, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (name, addressee) = match word.split_once('@') {
        Some((name, bot)) => (name, Some(bot)),
        None => (word, None),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        // "/" alone, "/ something", "/etc/hosts is broken": ordinary text.
        return Parsed::Event(Event::Text(text.to_string()));
    }
    if addressee.is_some_and(|bot| !bot.eq_ignore_ascii_case(bot_username)) {
        return Parsed::ForAnotherBot;
    }
    let args = args
        .strip_prefix(char::is_whitespace)
        .unwrap_or(args)
        .to_string();
    let event = match name.to_ascii_lowercase().as_str() {
        "start" => Event::Start,
        "help" => Event::Help,
        "new" => Event::New,
        "cancel" => Event::Cancel,
        "close" => Event::Close(args),
        "mytickets" => Event::MyTickets,
        "tickets" => Event::Tickets,
        "reply" => Event::Reply(args),
        "done" => Event::Done,
        _ => Event::UnknownCommand(name.to_string()),
    };
    Parsed::Event(event)
}

/// Commands shown in Telegram's menu in the support team's chats.
pub const ADMIN_COMMANDS: [(&str, &str); 5] = [
    ("tickets", "List open tickets"),
    ("reply", "Answer a ticket: /reply ID or /reply ID text"),
    ("done", "Stop answering"),
    ("close", "Close a ticket: /close ID"),
    ("help", "The support team's commands"),
];

/// Commands shown in Telegram's menu for people asking for help.
pub const USER_COMMANDS: [(&str, &str); 5] = [
    ("new", "Open a ticket"),
    ("close", "Close your open ticket"),
    ("mytickets", "See your tickets"),
    ("cancel", "Stop opening a ticket"),
    ("help", "What I can do"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(text: &str) -> Event {
        match parse(text, "support_bot") {
            Parsed::Event(e) => e,
            Parsed::ForAnotherBot => panic!("{text} was taken as another bot's"),
        }
    }

    #[test]
    fn plain_text_stays_text_exactly() {
        assert_eq!(ev("  hello\nworld "), Event::Text("  hello\nworld ".into()));
        assert_eq!(ev("/"), Event::Text("/".into()));
        assert_eq!(
            ev("/etc/hosts is broken"),
            Event::Text("/etc/hosts is broken".into())
        );
    }

    #[test]
    fn commands_are_case_insensitive_and_may_name_this_bot() {
        assert_eq!(ev("/NEW"), Event::New);
        assert_eq!(ev("/new@Support_Bot"), Event::New);
        assert_eq!(ev("/start from-website"), Event::Start);
        assert_eq!(ev("/mytickets"), Event::MyTickets);
        assert_eq!(
            parse("/new@other_bot", "support_bot"),
            Parsed::ForAnotherBot
        );
    }

    #[test]
    fn reply_and_close_keep_their_arguments_as_typed() {
        assert_eq!(
            ev("/reply 1a2b3c4d  hi\nthere"),
            Event::Reply("1a2b3c4d  hi\nthere".into())
        );
        assert_eq!(ev("/reply"), Event::Reply(String::new()));
        assert_eq!(
            ev("/close@support_bot ABCD1234"),
            Event::Close("ABCD1234".into())
        );
    }

    #[test]
    fn unknown_commands_are_named() {
        assert_eq!(
            ev("/frobnicate now"),
            Event::UnknownCommand("frobnicate".into())
        );
    }
}
