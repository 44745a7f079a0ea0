use super::*;

fn ev(text: &str) -> Event {
    match parse(text, "support_bot") {
        Parsed::Event(e) => e,
        Parsed::ForAnotherBot => panic!("{text} was taken as another bot's"),
    }
}

fn id(s: &str) -> TicketId {
    TicketId::parse(s).unwrap()
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
fn reply_and_close_read_their_ticket_id_and_keep_the_text_as_typed() {
    assert_eq!(
        ev("/reply 1a2b3c4d  hi\nthere"),
        Event::Reply {
            ticket: TicketArg::Id(id("1A2B3C4D")),
            text: "hi\nthere".into()
        }
    );
    assert_eq!(
        ev("/reply"),
        Event::Reply {
            ticket: TicketArg::Missing,
            text: String::new()
        }
    );
    assert_eq!(
        ev("/reply 12 hello"),
        Event::Reply {
            ticket: TicketArg::Malformed("12".into()),
            text: "hello".into()
        }
    );
    assert_eq!(
        ev("/close@support_bot ABCD1234"),
        Event::Close(TicketArg::Id(id("ABCD1234")))
    );
    assert_eq!(ev("/close"), Event::Close(TicketArg::Missing));
    assert_eq!(
        ev("/close nope too"),
        Event::Close(TicketArg::Malformed("nope".into()))
    );
}

#[test]
fn unknown_commands_are_named() {
    assert_eq!(
        ev("/frobnicate now"),
        Event::UnknownCommand("frobnicate".into())
    );
}

#[test]
fn menus_and_help_come_from_the_one_table() {
    let people = menu(Scope::People, "en");
    assert_eq!(
        people[..3],
        [
            ("new", "Open a ticket".to_string()),
            ("close", "Close your open ticket".to_string()),
            ("mytickets", "See your tickets".to_string()),
        ]
    );
    assert_eq!(people.last().map(|(n, _)| *n), Some("help"));
    // The team's menu keeps its first commands first and help last,
    // whatever commands are added between.
    let team: Vec<&str> = menu(Scope::Team, "en")
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(team[..4], ["tickets", "reply", "done", "close"]);
    assert_eq!(team.last(), Some(&"help"));
    let lines = help_lines(Scope::Team, "en");
    assert!(lines.contains(&"/reply ID text - send one message to a ticket's owner".to_string()));
    for command in COMMANDS {
        assert!(
            command.people.is_some() || command.team.is_some(),
            "/{} is for no one",
            command.name
        );
        assert_eq!(command.name, command.name.to_ascii_lowercase());
        // Every command the table names is read as itself, under its name.
        let event = ev(&format!("/{} ABCD1234 x", command.name));
        assert_eq!(event.name(), command.name);
        assert!(
            !matches!(event, Event::UnknownCommand(_)),
            "/{}",
            command.name
        );
    }
}

/// An ID copied out of an Arabic message comes with the isolation marks
/// the bot put around it (and maybe a right-to-left mark): every command
/// that takes an ID still reads it.
#[test]
fn ids_copied_with_invisible_direction_marks_still_work_in_every_command() {
    let copied = "\u{2068}1A2B3C4D\u{2069}";
    let ticket = TicketArg::Id(id("1A2B3C4D"));
    assert_eq!(
        ev(&format!("/reply {copied} Thanks!")),
        Event::Reply {
            ticket: ticket.clone(),
            text: "Thanks!".into()
        }
    );
    assert_eq!(
        ev(&format!("/close {copied}")),
        Event::Close(ticket.clone())
    );
    assert_eq!(
        ev(&format!("/claim \u{200F}{copied}")),
        Event::Claim(ticket.clone())
    );
    assert_eq!(
        ev(&format!("/unclaim {copied}")),
        Event::Unclaim(ticket.clone())
    );
    assert_eq!(
        ev(&format!("/reopen {copied}")),
        Event::Reopen(ticket.clone())
    );
    assert_eq!(
        ev(&format!("/whois {copied}")),
        Event::WhoIs(ticket.clone())
    );
    assert_eq!(
        ev(&format!("/forget {copied}")),
        Event::Forget(ticket.clone())
    );
    assert!(matches!(
        ev(&format!("/note {copied} call back")),
        Event::Note { ticket: t, .. } if t == ticket
    ));
    assert!(matches!(
        ev(&format!("/ban {copied}")),
        Event::Ban { target: BanTarget::Ticket(t), .. } if t == id("1A2B3C4D")
    ));
    assert!(matches!(
        ev("/ban \u{2068}5551\u{2069}"),
        Event::Ban {
            target: BanTarget::Chat(5551),
            ..
        }
    ));
    // Marks alone are no ID; marks inside one spoil it.
    assert_eq!(
        ev("/close \u{2068}\u{2069}"),
        Event::Close(TicketArg::Missing)
    );
    assert!(matches!(
        ev("/close 1A2B\u{2069}3C4D"),
        Event::Close(TicketArg::Malformed(_))
    ));
}

#[test]
fn tickets_reads_its_list_by_name_in_any_case_and_names_an_unknown_one() {
    use crate::fsm::TicketFilter;
    for text in ["/tickets", "/tickets open", "/tickets ALL"] {
        assert_eq!(ev(text), Event::Tickets(TicketFilter::Open), "{text}");
    }
    assert_eq!(ev("/tickets Mine"), Event::Tickets(TicketFilter::Mine));
    assert_eq!(
        ev("/tickets unclaimed please"),
        Event::Tickets(TicketFilter::Unclaimed)
    );
    assert_eq!(
        ev("/tickets Closed"),
        Event::Tickets(TicketFilter::Unknown("Closed".into()))
    );
}

#[test]
fn ban_reads_whom_why_and_a_last_word_silent() {
    use crate::fsm::BanTarget;
    let ban = |target, reason: &str, silent| Event::Ban {
        target,
        reason: reason.into(),
        silent,
    };
    let chat = BanTarget::Chat(123456);
    assert_eq!(
        ev("/ban 123456 spam links SILENT"),
        ban(chat.clone(), "spam links", true)
    );
    assert_eq!(ev("/ban 123456 silent"), ban(chat.clone(), "", true));
    assert_eq!(
        ev("/ban 123456 keeps being silent on purpose"),
        ban(chat.clone(), "keeps being silent on purpose", false)
    );
    assert_eq!(ev("/ban 123456 spam"), ban(chat, "spam", false));
    // In a ticket's topic the owner is meant: every word is the reason.
    assert_eq!(
        ev("/ban rude words"),
        ban(BanTarget::Missing, "rude words", false)
    );
}

/// Who a command is for, as the manual's tables show it: `/new` only for
/// people, `/reply` only for the team, `/close` for both.
#[test]
fn a_command_is_for_the_scopes_that_may_use_it() {
    let command = |name: &str| COMMANDS.iter().find(|c| c.name == name).unwrap();
    assert!(command("new").is_for(Scope::People));
    assert!(!command("new").is_for(Scope::Team));
    assert!(!command("reply").is_for(Scope::People));
    assert!(command("reply").is_for(Scope::Team));
    assert!(command("close").is_for(Scope::People));
    assert!(command("close").is_for(Scope::Team));
}
