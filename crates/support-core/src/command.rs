//! Every command, defined once: [`COMMANDS`] feeds the parser, the command
//! menus of each scope, the help texts and a test that checks the command
//! tables of the manual (`docs/people.md`, `docs/team-guide.md`).
//!
//! Reading a text message: commands are matched case-insensitively and may
//! carry the bot's name (`/reply@support_bot 1A2B3C4D`, as Telegram writes
//! them in groups). Arguments are read here into typed values, so the
//! conversation rules never look at raw strings. Extra words after a
//! command that takes none (`/start from-website`, a deep-link payload) are
//! ignored rather than refused.

use crate::fsm::{BanTarget, Event, TicketArg, TicketFilter};
use crate::model::TicketId;
use crate::texts;

/// Who may use a command, with what it looks like to them. The words are
/// message keys of `locales/<language>/bot.ftl`.
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    /// The key of its line in Telegram's command menu; `None` keeps it out
    /// of the menu.
    pub menu: Option<&'static str>,
    /// Lines of the help text: the arguments (`"ID text"`, or `""`, never
    /// translated) and the key of what the command does with them.
    pub help: &'static [(&'static str, &'static str)],
}

/// One command.
#[derive(Clone, Copy, Debug)]
pub struct Command {
    /// The name, as typed after `/` (lower case).
    pub name: &'static str,
    /// Reads what follows the name.
    pub parse: fn(&str) -> Event,
    /// How people asking for help see it, if they may use it.
    pub people: Option<Usage>,
    /// How the support team sees it, if they may use it.
    pub team: Option<Usage>,
}

/// The commands, in the order menus and help texts list them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: "new",
        parse: |_| Event::New,
        people: Some(Usage {
            menu: Some("menu-people-new"),
            help: &[("", "help-people-new")],
        }),
        team: None,
    },
    Command {
        name: "tickets",
        parse: |args| {
            let word = split_first_word(args).0.to_lowercase();
            Event::Tickets(match word.as_str() {
                "" | "open" | "all" => TicketFilter::Open,
                "mine" => TicketFilter::Mine,
                "unclaimed" => TicketFilter::Unclaimed,
                _ => TicketFilter::Unknown(split_first_word(args).0.to_string()),
            })
        },
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-tickets"),
            help: &[
                ("", "help-team-tickets"),
                ("mine", "help-team-tickets-mine"),
                ("unclaimed", "help-team-tickets-unclaimed"),
            ],
        }),
    },
    Command {
        name: "reply",
        parse: |args| {
            let (id, text) = split_first_word(args);
            Event::Reply {
                ticket: TicketArg::read(id),
                text: text.to_string(),
            }
        },
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-reply"),
            help: &[
                ("ID", "help-team-reply-id"),
                ("ID text", "help-team-reply-id-text"),
            ],
        }),
    },
    Command {
        name: "done",
        parse: |_| Event::Done,
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-done"),
            help: &[("", "help-team-done")],
        }),
    },
    Command {
        name: "close",
        parse: |args| Event::Close(TicketArg::read(split_first_word(args).0)),
        people: Some(Usage {
            menu: Some("menu-people-close"),
            help: &[("", "help-people-close")],
        }),
        team: Some(Usage {
            menu: Some("menu-team-close"),
            help: &[("ID", "help-team-close-id")],
        }),
    },
    Command {
        name: "claim",
        parse: |args| Event::Claim(TicketArg::read(split_first_word(args).0)),
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-claim"),
            help: &[("ID", "help-team-claim-id")],
        }),
    },
    Command {
        name: "unclaim",
        parse: |args| Event::Unclaim(TicketArg::read(split_first_word(args).0)),
        people: None,
        team: Some(Usage {
            menu: None,
            help: &[("ID", "help-team-unclaim-id")],
        }),
    },
    Command {
        name: "note",
        parse: |args| {
            let (first, rest) = split_first_word(args);
            match TicketArg::read(first) {
                TicketArg::Id(id) => Event::Note {
                    ticket: TicketArg::Id(id),
                    text: rest.to_string(),
                },
                TicketArg::Missing | TicketArg::Malformed(_) => Event::Note {
                    ticket: TicketArg::Missing,
                    text: args.trim().to_string(),
                },
            }
        },
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-note"),
            help: &[
                ("ID text", "help-team-note-id-text"),
                ("text", "help-team-note-text"),
            ],
        }),
    },
    Command {
        name: "reopen",
        parse: |args| Event::Reopen(TicketArg::read(split_first_word(args).0)),
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-reopen"),
            help: &[("ID", "help-team-reopen-id")],
        }),
    },
    Command {
        name: "a",
        parse: |args| {
            let (name, rest) = split_first_word(args);
            Event::SendAnswer {
                name: name.to_lowercase(),
                ticket: TicketArg::read(split_first_word(rest).0),
            }
        },
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-a"),
            help: &[("name ID", "help-team-a-name-id")],
        }),
    },
    Command {
        name: "answers",
        parse: |_| Event::Answers,
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-answers"),
            help: &[("", "help-team-answers")],
        }),
    },
    Command {
        name: "save",
        parse: |args| {
            let (name, text) = split_first_word(args);
            Event::Save {
                name: name.to_lowercase(),
                text: text.trim().to_string(),
            }
        },
        people: None,
        team: Some(Usage {
            menu: None,
            help: &[("name text", "help-team-save-name-text")],
        }),
    },
    Command {
        name: "unsave",
        parse: |args| Event::Unsave(split_first_word(args).0.to_lowercase()),
        people: None,
        team: Some(Usage {
            menu: None,
            help: &[("name", "help-team-unsave-name")],
        }),
    },
    Command {
        name: "ban",
        parse: |args| {
            let (target, rest) = split_first_word(args);
            let (target, rest) = match BanTarget::read(target) {
                // Not whom but why: in a ticket's topic, the ticket's owner.
                BanTarget::Malformed(_) => (BanTarget::Missing, args.trim()),
                target => (target, rest.trim()),
            };
            let (reason, silent) = match rest.rsplit_once(char::is_whitespace) {
                Some((reason, last)) if last.eq_ignore_ascii_case("silent") => {
                    (reason.trim(), true)
                }
                _ if rest.eq_ignore_ascii_case("silent") => ("", true),
                _ => (rest, false),
            };
            Event::Ban {
                target,
                reason: reason.to_string(),
                silent,
            }
        },
        people: None,
        team: Some(Usage {
            menu: None,
            help: &[
                ("ID reason", "help-team-ban-id-reason"),
                ("ID silent", "help-team-ban-id-silent"),
            ],
        }),
    },
    Command {
        name: "unban",
        parse: |args| Event::Unban(BanTarget::read(split_first_word(args).0)),
        people: None,
        team: Some(Usage {
            menu: None,
            help: &[("ID", "help-team-unban-id")],
        }),
    },
    Command {
        name: "banned",
        parse: |_| Event::Banned,
        people: None,
        team: Some(Usage {
            menu: None,
            help: &[("", "help-team-banned")],
        }),
    },
    Command {
        name: "whois",
        parse: |args| Event::WhoIs(TicketArg::read(split_first_word(args).0)),
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-whois"),
            help: &[("ID", "help-team-whois-id")],
        }),
    },
    Command {
        name: "stats",
        parse: |_| Event::Stats,
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-stats"),
            help: &[("", "help-team-stats")],
        }),
    },
    Command {
        name: "web",
        parse: |_| Event::WebLogin,
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-web"),
            help: &[("", "help-team-web")],
        }),
    },
    Command {
        name: "inbox",
        parse: |_| Event::Inbox,
        people: None,
        team: Some(Usage {
            menu: Some("menu-team-inbox"),
            help: &[("", "help-team-inbox")],
        }),
    },
    Command {
        name: "setup",
        parse: |_| Event::Setup,
        people: None,
        team: Some(Usage {
            menu: None,
            help: &[("", "help-team-setup")],
        }),
    },
    Command {
        name: "mytickets",
        parse: |_| Event::MyTickets,
        people: Some(Usage {
            menu: Some("menu-people-mytickets"),
            help: &[("", "help-people-mytickets")],
        }),
        team: None,
    },
    Command {
        name: "language",
        parse: |_| Event::Language,
        people: Some(Usage {
            menu: Some("menu-people-language"),
            help: &[("", "help-people-language")],
        }),
        team: None,
    },
    Command {
        name: "mydata",
        parse: |_| Event::MyData,
        people: Some(Usage {
            menu: Some("menu-people-mydata"),
            help: &[("", "help-people-mydata")],
        }),
        team: None,
    },
    Command {
        name: "forget",
        parse: |args| Event::Forget(TicketArg::read(split_first_word(args).0)),
        people: Some(Usage {
            menu: Some("menu-people-forget"),
            help: &[("", "help-people-forget")],
        }),
        team: Some(Usage {
            menu: None,
            help: &[("ID", "help-team-forget-id")],
        }),
    },
    Command {
        name: "cancel",
        parse: |_| Event::Cancel,
        people: Some(Usage {
            menu: Some("menu-people-cancel"),
            help: &[("", "help-people-cancel")],
        }),
        team: None,
    },
    Command {
        name: "help",
        parse: |_| Event::Help,
        people: Some(Usage {
            menu: Some("menu-people-help"),
            help: &[],
        }),
        team: Some(Usage {
            menu: Some("menu-team-help"),
            help: &[],
        }),
    },
    Command {
        name: "start",
        parse: |_| Event::Start,
        people: Some(Usage {
            menu: None,
            help: &[],
        }),
        team: Some(Usage {
            menu: None,
            help: &[],
        }),
    },
];

/// Who a menu or help text is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    People,
    Team,
}

impl Command {
    fn usage(&self, scope: Scope) -> Option<Usage> {
        match scope {
            Scope::People => self.people,
            Scope::Team => self.team,
        }
    }

    /// Whether people or the team may use it (the rules still decide what
    /// it does for whom; this is what menus and help texts show).
    pub fn is_for(&self, scope: Scope) -> bool {
        self.usage(scope).is_some()
    }
}

/// The command menu of a scope in `language`: (name, description) in
/// table order.
pub fn menu(scope: Scope, language: &str) -> Vec<(&'static str, String)> {
    COMMANDS
        .iter()
        .filter_map(|c| Some((c.name, texts::text(language, c.usage(scope)?.menu?, &[]))))
        .collect()
}

/// The help text's lines of a scope in `language`: `/name args - what it does`.
pub fn help_lines(scope: Scope, language: &str) -> Vec<String> {
    COMMANDS
        .iter()
        .filter_map(|c| Some((c.name, c.usage(scope)?)))
        .flat_map(|(name, usage)| {
            usage.help.iter().map(move |(args, key)| {
                let what = texts::text(language, key, &[]);
                let args = if args.is_empty() {
                    String::new()
                } else {
                    format!(" {args}")
                };
                format!("/{name}{args} - {what}")
            })
        })
        .collect()
}

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
    let args = args.strip_prefix(char::is_whitespace).unwrap_or(args);
    let lower = name.to_ascii_lowercase();
    let event = match COMMANDS.iter().find(|c| c.name == lower) {
        Some(command) => (command.parse)(args),
        None => Event::UnknownCommand(name.to_string()),
    };
    Parsed::Event(event)
}

/// The first word and the rest after the spaces that follow it.
fn split_first_word(args: &str) -> (&str, &str) {
    let args = args.trim_start();
    match args.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim_start()),
        None => (args, ""),
    }
}

/// Invisible direction marks: the isolation marks the bot puts around the
/// ticket IDs and numbers in its right-to-left messages (U+2066..U+2069),
/// the older embeddings and overrides (U+202A..U+202E), and the
/// left-to-right, right-to-left and Arabic letter marks.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// One word with the spaces and invisible direction marks around it
/// removed: an ID copied out of an Arabic message carries the marks.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| c.is_whitespace() || is_direction_mark(c))
}

impl BanTarget {
    /// Reads whom to ban: a ticket ID or a chat id (one word).
    pub fn read(word: &str) -> BanTarget {
        let word = bare(word);
        if word.is_empty() {
            return BanTarget::Missing;
        }
        match (TicketId::parse(word), word.parse::<i64>()) {
            (Some(id), _) => BanTarget::Ticket(id),
            (None, Ok(chat)) => BanTarget::Chat(chat),
            (None, Err(_)) => BanTarget::Malformed(word.to_string()),
        }
    }
}

impl TicketArg {
    /// Reads a ticket ID argument (one word).
    pub fn read(word: &str) -> TicketArg {
        let word = bare(word);
        if word.is_empty() {
            return TicketArg::Missing;
        }
        match TicketId::parse(word) {
            Some(id) => TicketArg::Id(id),
            None => TicketArg::Malformed(word.to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
