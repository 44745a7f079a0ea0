//! The transition table, state by state.

use super::*;

const ANN: Chat = 5551;
const BOB_ADMIN: Chat = 9001;

fn id(s: &str) -> TicketId {
    TicketId::parse(s).unwrap()
}

fn ann() -> Person {
    Person {
        chat: ANN,
        name: "Ann".into(),
        username: Some("ann".into()),
    }
}

fn bob() -> Person {
    Person {
        chat: BOB_ADMIN,
        name: "Bob".into(),
        username: None,
    }
}

fn input(from: Person, role: Role) -> Input {
    let from_member = from.chat;
    Input {
        from,
        role,
        now: 1_000,
        new_id: id("ADD00001"),
        language: None,
        back: None,
        message_id: None,
        ask_for_rating: false,
        team_zone: chrono_tz::UTC,
        member: from_member,
        first_name: "Bob".into(),
        place: Place::Chat,
        team: TeamRules::default(),
    }
}

/// A model where Ann has ticket OPEN0001 open and an older closed one.
fn model() -> Model {
    let mut m = Model::default();
    for (tid, at) in [("C105ED01", 10), ("0BE40001", 20)] {
        let first = Entry::new(Author::Owner, format!("text {tid}"), at);
        let ticket = Ticket::open(id(tid), ann(), at, at, vec![first]);
        m.apply(Change::OpenTicket { ticket }).unwrap();
    }
    m.apply(Change::CloseTicket {
        ticket: id("C105ED01"),
        at: 15,
    })
    .unwrap();
    m.apply(Change::SetState {
        chat: ANN,
        state: open_state(),
    })
    .unwrap();
    m
}

fn open_state() -> State {
    State::TicketOpen {
        ticket: id("0BE40001"),
    }
}

fn user(state: State, event: Event) -> Transition {
    step(&model(), &state, &input(ann(), Role::User), event)
}

fn admin(state: State, event: Event) -> Transition {
    step(&model(), &state, &input(bob(), Role::Admin), event)
}

/// What `chat` is told, counting a delivery's confirmation as told to the
/// acting chat (the delivery itself reaching its recipient).
fn replies_to(t: &Transition, chat: Chat) -> Vec<Reply> {
    t.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, reply, .. } if *to == chat => Some(reply.clone()),
            Effect::Deliver(d) if d.owner.chat == chat => Some(d.reply.clone()),
            Effect::Deliver(d) if chat == BOB_ADMIN => Some(d.confirm.clone()),
            _ => None,
        })
        .collect()
}

fn changes(t: &Transition) -> Vec<Change> {
    t.changes.clone()
}

/// A command as typed, read by the command parser.
fn cmd(text: &str) -> Event {
    match crate::command::parse(text, "support_bot") {
        crate::command::Parsed::Event(event) => event,
        crate::command::Parsed::ForAnotherBot => panic!("{text} is not ours"),
    }
}

fn admin_notices(t: &Transition) -> Vec<Reply> {
    t.effects
        .iter()
        .filter_map(|e| match e {
            Effect::NotifyAdmins { reply, .. } => Some(reply.clone()),
            _ => None,
        })
        .collect()
}

fn photo() -> Media {
    Media {
        kind: MediaKind::Photo,
        chat: 77,
        message_id: 5,
        thumb: None,
    }
}

fn all_events() -> Vec<Event> {
    vec![
        Event::Start,
        Event::Help,
        Event::New,
        Event::Cancel,
        cmd("/close"),
        cmd("/close 0be40001"),
        Event::MyTickets,
        Event::Tickets(TicketFilter::Open),
        cmd("/reply"),
        cmd("/reply 0BE40001"),
        cmd("/reply 0BE40001 hello"),
        Event::Done,
        Event::Text("hello".into()),
        Event::NotText,
        Event::Edited(None),
        Event::Edited(Some("changed".into())),
        Event::Media {
            media: photo(),
            caption: Some("look".into()),
        },
        Event::Media {
            media: photo(),
            caption: None,
        },
        Event::Answer {
            ticket: id("0BE40001"),
            text: "hi".into(),
            media: None,
        },
        Event::Answer {
            ticket: id("C105ED01"),
            text: "hi".into(),
            media: Some(photo()),
        },
        Event::UnknownCommand("frobnicate".into()),
        cmd("/claim 0BE40001"),
        cmd("/unclaim 0BE40001"),
        cmd("/tickets mine"),
        cmd("/tickets whatever"),
        cmd("/save hours We open at 9."),
        cmd("/answers"),
        cmd("/a hours 0BE40001"),
        cmd("/ban 0BE40001 spam"),
        cmd("/unban 0BE40001"),
        cmd("/banned"),
        cmd("/setup"),
    ]
}

fn all_states() -> Vec<State> {
    vec![
        State::Idle,
        State::AwaitingDescription,
        open_state(),
        State::TicketOpen {
            ticket: id("C105ED01"),
        },
        State::AdminReplying {
            ticket: id("0BE40001"),
        },
        State::AdminReplying {
            ticket: id("C105ED01"),
        },
    ]
}

#[test]
fn every_state_answers_every_event_and_its_changes_apply() {
    for role in [Role::User, Role::Admin] {
        let from = if role == Role::User { ann() } else { bob() };
        for state in all_states() {
            for event in all_events() {
                let case = format!("{role:?} in {state:?} sends {event:?}");
                let t = step(&model(), &state, &input(from.clone(), role), event);
                assert!(!replies_to(&t, from.chat).is_empty(), "no answer: {case}");
                let mut m = model();
                for c in changes(&t) {
                    m.apply(c).unwrap_or_else(|e| panic!("{case}: {e}"));
                }
                match (&role, &t.next) {
                    (Role::User, State::AdminReplying { .. }) => panic!("{case}: user as admin"),
                    (Role::Admin, State::TicketOpen { .. } | State::AwaitingDescription) => {
                        panic!("{case}: admin in a person's state")
                    }
                    _ => {}
                }
            }
        }
    }
}

#[test]
fn admin_commands_from_a_person_are_refused_and_deliver_nothing() {
    for event in [
        Event::Tickets(TicketFilter::Open),
        cmd("/reply 0BE40001 hi"),
        Event::Done,
    ] {
        for state in [State::Idle, State::AwaitingDescription, open_state()] {
            let t = user(state.clone(), event.clone());
            assert_eq!(t.next, state);
            assert!(changes(&t).is_empty() && admin_notices(&t).is_empty());
            assert!(
                matches!(replies_to(&t, ANN)[..], [Reply::AdminOnly { .. }]),
                "{t:?}"
            );
        }
    }
}

#[test]
fn start_welcomes_and_new_asks_for_a_description() {
    let t = user(State::Idle, Event::Start);
    assert_eq!(
        (&t.next, replies_to(&t, ANN)),
        (&State::Idle, vec![Reply::Welcome])
    );
    let t = user(State::Idle, Event::New);
    assert_eq!(t.next, State::AwaitingDescription);
    assert_eq!(replies_to(&t, ANN), vec![Reply::AskDescription]);
}

#[test]
fn cancel_while_awaiting_returns_to_idle_without_a_ticket() {
    let t = user(State::AwaitingDescription, Event::Cancel);
    assert_eq!(t.next, State::Idle);
    assert!(changes(&t).is_empty());
    assert_eq!(replies_to(&t, ANN), vec![Reply::Cancelled]);
}

#[test]
fn a_description_opens_a_ticket_and_tells_the_admins_the_exact_text() {
    let text = "<b>x</b> & *y* _z_ [a](b)".to_string();
    let t = user(State::AwaitingDescription, Event::Text(text.clone()));
    let new = id("ADD00001");
    assert_eq!(t.next, State::TicketOpen { ticket: new });
    match &changes(&t)[..] {
        [Change::OpenTicket { ticket }] => {
            assert_eq!(ticket.id, new);
            assert_eq!(ticket.owner, ann());
            assert_eq!(ticket.messages[0].text, text);
        }
        other => panic!("{other:?}"),
    }
    let opened = Reply::TicketOpened {
        id: new,
        from_first_message: false,
        back: None,
    };
    assert_eq!(replies_to(&t, ANN), vec![opened]);
    assert_eq!(
        admin_notices(&t),
        vec![Reply::NewTicket {
            id: new,
            owner: ann(),
            text,
            media: None,
            in_topic: false,
            claimed: None,
        }]
    );
}

#[test]
fn free_text_in_idle_opens_a_ticket_with_that_text() {
    let t = user(State::Idle, Event::Text("my printer".into()));
    assert_eq!(
        t.next,
        State::TicketOpen {
            ticket: id("ADD00001")
        }
    );
    let opened = Reply::TicketOpened {
        id: id("ADD00001"),
        from_first_message: true,
        back: None,
    };
    assert_eq!(replies_to(&t, ANN), vec![opened]);
    assert_eq!(admin_notices(&t).len(), 1);
}

#[test]
fn messages_on_an_open_ticket_are_recorded_and_relayed() {
    let t = user(open_state(), Event::Text("more".into()));
    assert_eq!(t.next, open_state());
    assert!(matches!(&changes(&t)[..], [Change::AddMessage { entry, .. }] if entry.text == "more"));
    let relay = Reply::OwnerWrote {
        id: id("0BE40001"),
        owner: ann(),
        text: "more".into(),
    };
    assert_eq!(admin_notices(&t), vec![relay]);
}

#[test]
fn new_while_a_ticket_is_open_names_that_ticket() {
    let t = user(open_state(), Event::New);
    assert_eq!(t.next, open_state());
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::AlreadyOpen { id: id("0BE40001") }]
    );
}

#[test]
fn close_by_the_owner_closes_and_tells_the_admins() {
    let t = user(open_state(), cmd("/close"));
    assert_eq!(t.next, State::Idle);
    assert_eq!(
        changes(&t),
        vec![Change::CloseTicket {
            ticket: id("0BE40001"),
            at: 1_000
        }]
    );
    assert_eq!(
        admin_notices(&t),
        vec![Reply::ClosedByOwner {
            id: id("0BE40001"),
            owner: ann()
        }]
    );
}

#[test]
fn a_person_whose_ticket_was_closed_elsewhere_starts_afresh() {
    let stale = State::TicketOpen {
        ticket: id("C105ED01"),
    };
    let t = user(stale.clone(), Event::Text("hello again".into()));
    assert_eq!(
        t.next,
        State::TicketOpen {
            ticket: id("ADD00001")
        }
    );
    let t = user(stale, cmd("/close"));
    assert_eq!(
        (&t.next, replies_to(&t, ANN)),
        (&State::Idle, vec![Reply::NoOpenTicket])
    );
}

#[test]
fn mytickets_lists_newest_first_with_status() {
    let t = user(State::Idle, Event::MyTickets);
    match &replies_to(&t, ANN)[..] {
        [Reply::YourTickets { tickets, .. }] => {
            let ids: Vec<_> = tickets.iter().map(|l| (l.id.as_str(), l.status)).collect();
            assert_eq!(
                ids,
                [
                    ("0BE40001", TicketStatus::Open),
                    ("C105ED01", TicketStatus::Closed)
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn reply_with_an_id_enters_replying_mode_case_insensitively() {
    let t = admin(State::Idle, cmd("/reply  0be40001 "));
    assert_eq!(
        t.next,
        State::AdminReplying {
            ticket: id("0BE40001")
        }
    );
    assert!(changes(&t).is_empty());
    assert!(matches!(
        replies_to(&t, BOB_ADMIN)[..],
        [Reply::NowReplying { .. }]
    ));
}

#[test]
fn admin_messages_while_replying_reach_the_owner_and_are_recorded() {
    let state = State::AdminReplying {
        ticket: id("0BE40001"),
    };
    let t = admin(state.clone(), Event::Text("try turning it off".into()));
    assert_eq!(t.next, state);
    let expected = Reply::FromSupport {
        id: id("0BE40001"),
        text: "try turning it off".into(),
        agent: None,
    };
    assert_eq!(replies_to(&t, ANN), vec![expected]);
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::Delivered {
            id: id("0BE40001"),
            owner: ann()
        }]
    );
    match &changes(&t)[..] {
        [Change::AddMessage { entry, .. }] => assert_eq!(entry.from, Author::Admin(BOB_ADMIN)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn reply_with_text_sends_once_without_changing_state() {
    let text = "line one\n  line two";
    let t = admin(State::Idle, cmd(&format!("/reply 0BE40001 {text}")));
    assert_eq!(t.next, State::Idle);
    let expected = Reply::FromSupport {
        id: id("0BE40001"),
        text: text.into(),
        agent: None,
    };
    assert_eq!(replies_to(&t, ANN), vec![expected]);
}

#[test]
fn done_leaves_replying_mode() {
    let t = admin(
        State::AdminReplying {
            ticket: id("0BE40001"),
        },
        Event::Done,
    );
    assert_eq!(t.next, State::Idle);
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::StoppedReplying { id: id("0BE40001") }]
    );
    let t = admin(State::Idle, Event::Done);
    assert_eq!(replies_to(&t, BOB_ADMIN), vec![Reply::NotReplying]);
}

#[test]
fn bad_ticket_ids_get_an_answer_that_names_them() {
    let cases = [
        (
            cmd("/reply"),
            Reply::NeedTicketId {
                command: "reply".into(),
            },
        ),
        (
            cmd("/close  "),
            Reply::NeedTicketId {
                command: "close".into(),
            },
        ),
        (
            cmd("/reply xyz hi"),
            Reply::NotATicketId {
                input: "xyz".into(),
            },
        ),
        (
            cmd("/reply DEADBEEF"),
            Reply::UnknownTicket { id: id("DEADBEEF") },
        ),
        (
            cmd("/close deadbeef"),
            Reply::UnknownTicket { id: id("DEADBEEF") },
        ),
        (
            cmd("/reply C105ED01 hi"),
            Reply::TicketIsClosed { id: id("C105ED01") },
        ),
        (
            cmd("/close C105ED01"),
            Reply::AlreadyClosed { id: id("C105ED01") },
        ),
    ];
    for (event, expected) in cases {
        let t = admin(State::Idle, event.clone());
        assert_eq!(replies_to(&t, BOB_ADMIN), vec![expected], "{event:?}");
        assert_eq!(t.next, State::Idle);
        assert!(changes(&t).is_empty() && replies_to(&t, ANN).is_empty());
    }
}

#[test]
fn admin_close_closes_tells_the_owner_and_resets_their_state() {
    let t = admin(State::Idle, cmd("/close 0be40001"));
    assert_eq!(t.next, State::Idle);
    assert_eq!(
        changes(&t),
        vec![
            Change::CloseTicket {
                ticket: id("0BE40001"),
                at: 1_000
            },
            Change::SetState {
                chat: ANN,
                state: State::Idle
            },
        ]
    );
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::ClosedBySupport { id: id("0BE40001") }]
    );
    let others = t.effects.iter().find_map(|e| match e {
        Effect::NotifyAdmins { except, .. } => Some(*except),
        _ => None,
    });
    assert_eq!(
        others,
        Some(Some(BOB_ADMIN)),
        "the other admins hear of it, not the closer twice"
    );
}

#[test]
fn close_without_an_id_while_replying_closes_that_ticket() {
    let t = admin(
        State::AdminReplying {
            ticket: id("0BE40001"),
        },
        cmd("/close"),
    );
    assert_eq!(t.next, State::Idle);
    assert_eq!(
        changes(&t)[0],
        Change::CloseTicket {
            ticket: id("0BE40001"),
            at: 1_000
        }
    );
}

#[test]
fn replying_to_a_ticket_closed_meanwhile_sends_nothing() {
    let t = admin(
        State::AdminReplying {
            ticket: id("C105ED01"),
        },
        Event::Text("hi".into()),
    );
    assert_eq!(t.next, State::Idle);
    assert!(changes(&t).is_empty() && replies_to(&t, ANN).is_empty());
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::TicketIsClosed { id: id("C105ED01") }]
    );
}

#[test]
fn tickets_lists_only_open_tickets() {
    let t = admin(State::Idle, Event::Tickets(TicketFilter::Open));
    match &replies_to(&t, BOB_ADMIN)[..] {
        [Reply::OpenTickets { tickets, .. }] => {
            assert_eq!(
                tickets.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
                ["0BE40001"]
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_edited_message_is_answered_with_how_to_correct_it() {
    for state in [State::Idle, State::AwaitingDescription, open_state()] {
        let t = user(state.clone(), Event::Edited(None));
        assert_eq!(
            (t.next.clone(), replies_to(&t, ANN)),
            (state, vec![Reply::EditNotSeen])
        );
        assert!(changes(&t).is_empty());
    }
    let t = admin(State::Idle, Event::Edited(Some("x".into())));
    assert_eq!(replies_to(&t, BOB_ADMIN), vec![Reply::EditNotSeen]);
}

#[test]
fn a_first_photo_opens_a_ticket_with_its_caption_and_is_copied_to_the_admins() {
    let t = user(
        State::Idle,
        Event::Media {
            media: photo(),
            caption: Some("broken screen".into()),
        },
    );
    assert_eq!(
        t.next,
        State::TicketOpen {
            ticket: id("ADD00001")
        }
    );
    match &changes(&t)[..] {
        [Change::OpenTicket { ticket }] => {
            assert_eq!(ticket.messages[0].text, "broken screen");
            assert_eq!(ticket.messages[0].media, Some(MediaKind::Photo));
        }
        other => panic!("{other:?}"),
    }
    let copied = t
        .effects
        .iter()
        .any(|e| matches!(e, Effect::NotifyAdmins { copy: Some(m), .. } if *m == photo()));
    assert!(copied, "{t:?}");
}

#[test]
fn media_while_a_ticket_is_open_is_recorded_and_copied_to_the_admins() {
    let t = user(
        open_state(),
        Event::Media {
            media: photo(),
            caption: None,
        },
    );
    assert_eq!(t.next, open_state());
    assert!(
        matches!(&changes(&t)[..], [Change::AddMessage { entry, .. }] if entry.media == Some(MediaKind::Photo))
    );
    let relay = Reply::OwnerSent {
        id: id("0BE40001"),
        owner: ann(),
        kind: MediaKind::Photo,
    };
    assert_eq!(admin_notices(&t), vec![relay]);
}

#[test]
fn an_edit_on_an_open_ticket_reaches_the_admins_marked_as_edited() {
    let t = user(open_state(), Event::Edited(Some("new words".into())));
    assert!(
        matches!(&changes(&t)[..], [Change::AddMessage { entry, .. }] if entry.edited && entry.text == "new words")
    );
    let notice = Reply::OwnerEdited {
        id: id("0BE40001"),
        owner: ann(),
        text: "new words".into(),
    };
    assert_eq!(admin_notices(&t), vec![notice]);
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::EditPassedOn { id: id("0BE40001") }]
    );
}

#[test]
fn an_admins_reply_to_a_relayed_message_goes_to_that_tickets_owner() {
    let answer = Event::Answer {
        ticket: id("0BE40001"),
        text: "on it".into(),
        media: None,
    };
    let t = admin(State::Idle, answer);
    assert_eq!(t.next, State::Idle, "no mode change");
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::FromSupport {
            id: id("0BE40001"),
            text: "on it".into(),
            agent: None,
        }]
    );
    let closed = Event::Answer {
        ticket: id("C105ED01"),
        text: "late".into(),
        media: None,
    };
    let t = admin(State::Idle, closed);
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::TicketIsClosed { id: id("C105ED01") }]
    );
    assert!(changes(&t).is_empty());
}

#[test]
fn an_admin_answering_sends_media_as_a_copy() {
    let t = admin(
        State::AdminReplying {
            ticket: id("0BE40001"),
        },
        Event::Media {
            media: photo(),
            caption: None,
        },
    );
    let delivered = t
        .effects
        .iter()
        .any(|e| matches!(e, Effect::Deliver(d) if d.copy == Some(photo()) && d.owner.chat == ANN));
    assert!(delivered, "{t:?}");
}

#[test]
fn a_close_button_for_someone_elses_ticket_closes_nothing() {
    // Ann has 0BE40001 open; a forged button names Ben's ticket.
    let t = user(open_state(), cmd("/close DEADBEEF"));
    assert!(changes(&t).is_empty(), "{t:?}");
    assert_eq!(t.next, open_state());
    let t = user(State::Idle, cmd("/close 0BE40001"));
    assert!(changes(&t).is_empty());
    // Her own ticket's button closes it.
    let t = user(open_state(), cmd("/close 0BE40001"));
    assert_eq!(
        changes(&t),
        vec![Change::CloseTicket {
            ticket: id("0BE40001"),
            at: 1_000
        }]
    );
}

#[test]
fn whois_tells_the_team_who_owns_a_ticket_and_people_are_refused() {
    let t = admin(State::Idle, cmd("/whois 0be40001"));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        [Reply::TicketOwner {
            id: id("0BE40001"),
            owner: ann(),
            status: TicketStatus::Open,
            tickets: 2,
            in_topic: false,
        }]
    );
    assert!(t.changes.is_empty() && t.next == State::Idle);
    // In the ticket's own topic writing is answering: no /reply advised.
    let t = in_topic(&with_topic(42), 42, "/whois");
    assert!(
        matches!(
            &replies_to(&t, BOB_ADMIN)[..],
            [Reply::TicketOwner { in_topic: true, .. }]
        ),
        "{t:?}"
    );
    let t = in_topic(&with_topic(42), 42, "/whois C105ED01");
    assert!(
        matches!(
            &replies_to(&t, BOB_ADMIN)[..],
            [Reply::TicketOwner {
                in_topic: false,
                ..
            }]
        ),
        "another ticket's owner: {t:?}"
    );
    let t = admin(State::Idle, cmd("/whois"));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        [Reply::NeedTicketId {
            command: "whois".into()
        }]
    );
    let t = user(open_state(), cmd("/whois 0BE40001"));
    assert_eq!(
        replies_to(&t, ANN),
        [Reply::AdminOnly {
            command: "whois".into()
        }]
    );
}

#[test]
fn a_follow_up_is_acknowledged_with_a_reaction_and_words_only_without_a_message() {
    let mut with_message = input(ann(), Role::User);
    with_message.message_id = Some(77);
    let t = step(
        &model(),
        &open_state(),
        &with_message,
        Event::Text("more".into()),
    );
    assert!(replies_to(&t, ANN).is_empty(), "nothing written to Ann");
    let reacted = t.effects.iter().any(|e| {
        matches!(e, Effect::React { to, message_id: 77, reaction: Reaction::Seen, fallback }
            if *to == ANN && *fallback == Reply::AddedToTicket { id: id("0BE40001") })
    });
    assert!(reacted, "{:?}", t.effects);
    let t = step(
        &model(),
        &open_state(),
        &with_message,
        Event::Edited(Some("changed".into())),
    );
    assert!(t.effects.iter().any(|e| matches!(
        e,
        Effect::React {
            reaction: Reaction::Noted,
            ..
        }
    )));
    // Without a message to react to, the person is told in words.
    let t = user(open_state(), Event::Text("more".into()));
    assert_eq!(
        replies_to(&t, ANN),
        [Reply::AddedToTicket { id: id("0BE40001") }]
    );
}

#[test]
fn a_note_is_kept_on_the_ticket_and_never_sent_to_its_owner() {
    let t = admin(State::Idle, cmd("/note 0be40001 Called her back"));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        [Reply::NoteAdded { id: id("0BE40001") }]
    );
    assert!(replies_to(&t, ANN).is_empty(), "Ann hears nothing");
    assert!(matches!(
        changes(&t).as_slice(),
        [Change::AddMessage { entry, .. }] if entry.note && entry.text == "Called her back"
    ));
    // While answering a ticket, a note without an ID is on that ticket.
    let replying = State::AdminReplying {
        ticket: id("0BE40001"),
    };
    let t = admin(replying.clone(), cmd("/note checked the logs"));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        [Reply::NoteAdded { id: id("0BE40001") }]
    );
    assert_eq!(t.next, replying);
    let t = admin(State::Idle, cmd("/note"));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        [Reply::NeedTicketId {
            command: "note".into()
        }]
    );
}

#[test]
fn reopening_needs_a_closed_ticket_and_no_other_open_one_of_its_owner() {
    // Ann's old ticket is closed, but she has 0BE40001 open.
    let t = admin(State::Idle, cmd("/reopen C105ED01"));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        [Reply::ReopenRefused {
            id: id("C105ED01"),
            open: id("0BE40001"),
        }]
    );
    assert!(changes(&t).is_empty());
    let t = admin(State::Idle, cmd("/reopen 0BE40001"));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        [Reply::NotClosed { id: id("0BE40001") }]
    );
    // With her open ticket closed, the old one opens again and she is in it.
    let mut m = model();
    m.apply(Change::CloseTicket {
        ticket: id("0BE40001"),
        at: 30,
    })
    .unwrap();
    let t = step(
        &m,
        &State::Idle,
        &input(bob(), Role::Admin),
        cmd("/reopen c105ed01"),
    );
    assert_eq!(
        changes(&t),
        [
            Change::ReopenTicket {
                ticket: id("C105ED01")
            },
            Change::SetState {
                chat: ANN,
                state: State::TicketOpen {
                    ticket: id("C105ED01")
                },
            },
        ]
    );
    assert_eq!(
        replies_to(&t, ANN),
        [Reply::ReopenedBySupport { id: id("C105ED01") }]
    );
}

// ----- the team at work: topics, claims, saved answers, bans, spam -----

/// Bob (an admin) sends `text`, not answering any ticket, on `model`.
fn bob_on(model: &Model, text: &str) -> Transition {
    step(model, &State::Idle, &input(bob(), Role::Admin), cmd(text))
}

/// Makes the changes of a step, as the store would.
fn apply(model: &mut Model, changes: Vec<Change>) {
    for change in changes {
        model.apply(change).unwrap();
    }
}

fn in_topic(model: &Model, thread: i32, text: &str) -> Transition {
    let mut input = input(bob(), Role::Admin);
    input.place = Place::TeamChat {
        thread: Some(thread),
    };
    step(model, &State::Idle, &input, cmd(text))
}

fn with_topic(thread: i32) -> Model {
    let mut m = model();
    m.apply(Change::Topic {
        ticket: id("0BE40001"),
        thread: Some(thread),
        notice: None,
    })
    .unwrap();
    m
}

#[test]
fn in_a_tickets_topic_a_plain_message_goes_to_its_owner_and_the_prefix_makes_a_note() {
    let m = with_topic(42);
    let t = in_topic(&m, 42, "We are on it");
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::FromSupport {
            id: id("0BE40001"),
            text: "We are on it".into(),
            agent: None,
        }]
    );
    let t = in_topic(&m, 42, "// called them");
    assert!(replies_to(&t, ANN).is_empty(), "a note is never sent");
    assert!(t.changes.iter().any(|c| matches!(c,
        Change::AddMessage { entry, .. } if entry.note && entry.text == "called them")));
    // Commands without an ID are about the topic's ticket.
    let t = in_topic(&m, 42, "/close");
    assert!(t.changes.contains(&Change::CloseTicket {
        ticket: id("0BE40001"),
        at: 1_000
    }));
    assert!(t.effects.contains(&Effect::SyncTopic {
        ticket: id("0BE40001")
    }));
    // General of the team group: the team talking, not for the bot.
    let mut input = input(bob(), Role::Admin);
    input.place = Place::TeamChat { thread: None };
    let t = step(&m, &State::Idle, &input, Event::Text("lunch?".into()));
    assert!(t.effects.is_empty() && t.changes.is_empty());
}

#[test]
fn a_claimed_ticket_warns_another_member_once_and_still_delivers() {
    let mut m = model();
    m.apply(Change::Claim {
        ticket: id("0BE40001"),
        claim: Some(Claim {
            member: 1234,
            name: "Ann-Marie".into(),
            warned: Vec::new(),
        }),
    })
    .unwrap();
    let t = bob_on(&m, "/reply 0BE40001 hi");
    assert_eq!(replies_to(&t, ANN).len(), 1, "delivered");
    assert!(replies_to(&t, BOB_ADMIN).contains(&Reply::ClaimedByOther {
        id: id("0BE40001"),
        name: "Ann-Marie".into()
    }));
    apply(&mut m, t.changes);
    let t = bob_on(&m, "/reply 0BE40001 again");
    assert!(!replies_to(&t, BOB_ADMIN)
        .iter()
        .any(|r| matches!(r, Reply::ClaimedByOther { .. })));
}

#[test]
fn a_saved_answer_is_sent_like_a_typed_reply() {
    let mut m = model();
    let t = bob_on(&m, "/save Hours We open at 9.");
    apply(&mut m, t.changes);
    let t = bob_on(&m, "/a hours 0BE40001");
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::FromSupport {
            id: id("0BE40001"),
            text: "We open at 9.".into(),
            agent: None,
        }]
    );
    let t = bob_on(&m, "/a nope 0BE40001");
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::UnknownAnswer {
            name: "nope".into(),
            known: vec!["hours".into()]
        }]
    );
    let t = bob_on(&m, "/save bad/name text");
    assert!(t.changes.is_empty());
}

#[test]
fn a_ban_closes_the_open_ticket_and_the_person_is_told_once() {
    let mut m = model();
    let t = bob_on(&m, "/ban 0BE40001 rude");
    assert!(t
        .changes
        .iter()
        .any(|c| matches!(c, Change::CloseTicket { .. })));
    apply(&mut m, t.changes);
    let first = step(
        &m,
        &State::Idle,
        &input(ann(), Role::User),
        Event::Text("hi".into()),
    );
    assert_eq!(replies_to(&first, ANN), vec![Reply::YouAreBanned]);
    assert_eq!(admin_notices(&first), Vec::new());
    apply(&mut m, first.changes);
    let second = step(
        &m,
        &State::Idle,
        &input(ann(), Role::User),
        Event::Text("hi".into()),
    );
    assert!(replies_to(&second, ANN).is_empty());
    assert_eq!(second.changes, vec![Change::Refused { chat: ANN }]);
    // Their data stays theirs.
    let data = step(&m, &State::Idle, &input(ann(), Role::User), Event::MyData);
    assert_eq!(data.effects, vec![Effect::SendTheirData { to: ANN }]);
}

#[test]
fn more_messages_than_the_spam_limit_in_a_minute_are_held_back_from_the_team() {
    let mut m = model();
    let mut input = input(ann(), Role::User);
    input.team.spam_per_minute = 2;
    let open = State::TicketOpen {
        ticket: id("0BE40001"),
    };
    let mut told = 0;
    for n in 0..4 {
        input.now = 1_000 + n;
        let t = step(&m, &open, &input, Event::Text(format!("m{n}")));
        if replies_to(&t, ANN)
            .iter()
            .any(|r| matches!(r, Reply::SlowDown { .. }))
        {
            told += 1;
            assert!(admin_notices(&t).is_empty());
        }
        apply(&mut m, t.changes);
    }
    assert_eq!(told, 1, "asked to slow down once");
    let ticket = m.ticket(&id("0BE40001")).unwrap();
    let held = ticket.messages.iter().filter(|e| e.held).count();
    assert!(held >= 1, "kept on the ticket");
    // A minute later the person is heard again: what was held first.
    input.now = 1_000 + 120;
    let t = step(&m, &open, &input, Event::Text("later".into()));
    let notices = admin_notices(&t);
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(
        matches!(&notices[0], Reply::HeldPassedOn { lines, .. } if lines.len() == held),
        "{notices:?}"
    );
    assert!(matches!(&notices[1], Reply::OwnerWrote { text, .. } if text == "later"));
    assert!(t.changes.contains(&Change::PassedOn {
        ticket: id("0BE40001")
    }));
}

/// Ann writes `texts` one a second from `at` on a model with a spam limit
/// of 2: the first two reach the team, the rest are held.
fn burst(m: &mut Model, at: UnixTime, events: Vec<Event>) {
    let mut input = input(ann(), Role::User);
    input.team.spam_per_minute = 2;
    for (n, event) in events.into_iter().enumerate() {
        input.now = at + n as u64;
        let t = step(m, &open_state(), &input, event);
        apply(m, t.changes);
    }
}

fn texts(texts: &[&str]) -> Vec<Event> {
    texts.iter().map(|t| Event::Text(t.to_string())).collect()
}

#[test]
fn held_messages_reach_the_team_in_one_notice_once_the_person_stops() {
    let mut m = model();
    burst(&mut m, 1_000, texts(&["a", "b", "c", "d", "e"]));
    let last = 1_004;
    assert!(
        held_due(&m, last + HELD_QUIET - 1).is_empty(),
        "still writing"
    );
    let (changes, effects) = pass_on_held(&m, last + HELD_QUIET - 1);
    assert!(changes.is_empty() && effects.is_empty());
    assert_eq!(held_due(&m, last + HELD_QUIET), vec![id("0BE40001")]);
    let (changes, effects) = pass_on_held(&m, last + HELD_QUIET);
    assert_eq!(
        effects,
        vec![Effect::NotifyAdmins {
            reply: Reply::HeldPassedOn {
                id: id("0BE40001"),
                owner: ann(),
                lines: ["c", "d", "e"]
                    .iter()
                    .map(|t| crate::replies::HeldLine {
                        text: t.to_string(),
                        media: None
                    })
                    .collect(),
            },
            except: None,
            copy: None,
        }]
    );
    apply(&mut m, changes);
    assert!(held_due(&m, last + 100).is_empty(), "passed on once");
    let ticket = m.ticket(&id("0BE40001")).unwrap();
    assert_eq!(
        ticket.messages.iter().filter(|e| e.held).count(),
        3,
        "still marked as held"
    );
}

#[test]
fn held_messages_of_a_burst_that_goes_on_reach_the_team_within_a_minute() {
    let mut m = model();
    burst(
        &mut m,
        1_000,
        texts(&["a", "b", "c", "d", "e", "f", "g", "h"]),
    );
    // Ann writes every few seconds, never quiet for long.
    let mut input = input(ann(), Role::User);
    input.team.spam_per_minute = 2;
    for at in (1_010..1_002 + HELD_AT_MOST).step_by(5) {
        input.now = at;
        let t = step(&m, &open_state(), &input, Event::Text("more".into()));
        apply(&mut m, t.changes);
        assert!(held_due(&m, at + 1).is_empty(), "at {at}");
    }
    // The first held one ("c", at 1_002) has waited long enough.
    assert_eq!(held_due(&m, 1_002 + HELD_AT_MOST), vec![id("0BE40001")]);
    const { assert!(HELD_AT_MOST + HELD_CHECK_EVERY.as_secs() < 60) };
}

#[test]
fn a_held_attachment_is_copied_to_the_team_after_the_notice() {
    let mut m = model();
    let mut events = texts(&["a", "b"]);
    events.push(Event::Media {
        media: photo(),
        caption: Some("the label".into()),
    });
    burst(&mut m, 1_000, events);
    let (_, effects) = pass_on_held(&m, 1_002 + HELD_QUIET);
    assert_eq!(effects.len(), 2, "{effects:?}");
    assert!(
        matches!(&effects[0], Effect::NotifyAdmins { reply: Reply::HeldPassedOn { lines, .. }, .. }
        if lines[0].media == Some(MediaKind::Photo) && lines[0].text == "the label")
    );
    assert_eq!(
        effects[1],
        Effect::NotifyAdmins {
            reply: Reply::OwnerSent {
                id: id("0BE40001"),
                owner: ann(),
                kind: MediaKind::Photo
            },
            except: None,
            copy: Some(Media {
                kind: MediaKind::Photo,
                chat: ANN,
                message_id: 5,
                thumb: None
            }),
        }
    );
}

#[test]
fn with_agent_names_the_person_sees_the_first_name_of_who_answers() {
    let mut input = input(bob(), Role::Admin);
    input.team.agent_names = AgentNames::FirstName;
    let t = step(&model(), &State::Idle, &input, cmd("/reply 0BE40001 hi"));
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::FromSupport {
            id: id("0BE40001"),
            text: "hi".into(),
            agent: Some("Bob".into()),
        }]
    );
}

#[test]
fn the_note_prefix_makes_a_note_wherever_a_team_member_types() {
    let replying = State::AdminReplying {
        ticket: id("0BE40001"),
    };
    let typed = [
        admin(replying.clone(), Event::Text("// owes us 20 EUR".into())),
        admin(
            replying.clone(),
            Event::Media {
                media: photo(),
                caption: Some("  //owes us 20 EUR".into()),
            },
        ),
        admin(
            State::Idle,
            Event::Answer {
                ticket: id("0BE40001"),
                text: "// owes us 20 EUR".into(),
                media: None,
            },
        ),
        admin(State::Idle, cmd("/reply 0BE40001 // owes us 20 EUR")),
    ];
    for t in typed {
        assert!(replies_to(&t, ANN).is_empty(), "never sent: {t:?}");
        assert!(
            t.changes.iter().any(|c| matches!(c,
                Change::AddMessage { entry, .. } if entry.note && entry.text == "owes us 20 EUR")),
            "{t:?}"
        );
        assert_eq!(
            replies_to(&t, BOB_ADMIN),
            vec![Reply::NoteAdded { id: id("0BE40001") }]
        );
    }
    // Replying mode stays on for the next message.
    let t = admin(replying.clone(), Event::Text("// owes us 20 EUR".into()));
    assert_eq!(t.next, replying);
}

#[test]
fn in_a_topic_a_reply_and_a_note_are_recorded_as_the_member_who_wrote_them() {
    const GROUP: Chat = -1_001_234;
    let m = with_topic(42);
    let mut input = input(
        Person {
            chat: GROUP,
            name: "Support team".into(),
            username: None,
        },
        Role::Admin,
    );
    input.place = Place::TeamChat { thread: Some(42) };
    input.member = BOB_ADMIN;
    input.first_name = "Bob".into();
    for text in ["We are on it", "// called them"] {
        let t = step(&m, &State::Idle, &input, Event::Text(text.into()));
        let entry = t
            .changes
            .iter()
            .find_map(|c| match c {
                Change::AddMessage { entry, .. } => Some(entry.clone()),
                _ => None,
            })
            .expect("recorded");
        assert_eq!(
            entry.from,
            Author::Admin(BOB_ADMIN),
            "the member, not the group"
        );
        assert_eq!(entry.by.as_deref(), Some("Bob"));
    }
}

#[test]
fn a_claim_in_a_shared_topic_names_the_member_and_giving_back_anothers_claim_names_them() {
    const GROUP: Chat = -1_001_234;
    let mut m = with_topic(42);
    let mut input = input(
        Person {
            chat: GROUP,
            name: "Support team".into(),
            username: None,
        },
        Role::Admin,
    );
    input.place = Place::TeamChat { thread: Some(42) };
    input.member = 7001;
    input.first_name = "Cy".into();
    input.message_id = Some(77);
    let t = step(&m, &State::Idle, &input, cmd("/claim"));
    assert_eq!(
        replies_to(&t, GROUP),
        vec![Reply::Claimed {
            id: id("0BE40001"),
            name: "Cy".into()
        }],
        "the group reads who, not \"You\""
    );
    assert!(
        t.effects.iter().any(|e| matches!(
            e,
            Effect::Send {
                to: GROUP,
                reply_to: Some(77),
                ..
            }
        )),
        "a reply to Cy's message: {:?}",
        t.effects
    );
    assert!(
        t.effects.contains(&Effect::SyncTopic {
            ticket: id("0BE40001")
        }),
        "the topic shows who has it"
    );
    apply(&mut m, t.changes);
    input.member = BOB_ADMIN;
    input.first_name = "Bob".into();
    input.message_id = Some(78);
    let t = step(&m, &State::Idle, &input, cmd("/unclaim"));
    assert_eq!(
        replies_to(&t, GROUP),
        vec![Reply::Unclaimed {
            id: id("0BE40001"),
            by: "Bob".into(),
            from: Some("Cy".into())
        }],
        "the topic reads that Bob took it back from Cy"
    );
    assert!(t.effects.contains(&Effect::ToMember {
        member: 7001,
        reply: Reply::ClaimTakenBack {
            id: id("0BE40001"),
            by: "Bob".into()
        }
    }));
    assert!(t.effects.contains(&Effect::SyncTopic {
        ticket: id("0BE40001")
    }));
    assert_eq!(
        admin_notices(&t),
        vec![Reply::Unclaimed {
            id: id("0BE40001"),
            by: "Bob".into(),
            from: Some("Cy".into())
        }]
    );
    apply(&mut m, t.changes);
    // Giving back one's own claim names nobody else.
    let t = bob_on(&m, "/claim 0BE40001");
    apply(&mut m, t.changes);
    let t = bob_on(&m, "/unclaim 0BE40001");
    assert_eq!(
        admin_notices(&t),
        vec![Reply::Unclaimed {
            id: id("0BE40001"),
            by: "Bob".into(),
            from: None
        }]
    );
    assert!(
        !t.effects
            .iter()
            .any(|e| matches!(e, Effect::ToMember { .. })),
        "nobody else to tell"
    );
}

// ----- ratings, blocking, languages, where answers go -----

/// Opens ticket `tid`, the `number`th, for the person `name` in `chat`.
fn open_for(m: &mut Model, tid: &str, chat: Chat, name: &str, number: u64) {
    let owner = Person {
        chat,
        name: name.into(),
        username: None,
    };
    let first = Entry::new(Author::Owner, "hello", 30);
    let ticket = Ticket::open(id(tid), owner, number, 30, vec![first]);
    m.apply(Change::OpenTicket { ticket }).unwrap();
}

fn rate(m: &Model, state: State, ticket: &str, stars: u8) -> Transition {
    let event = Event::Rate {
        ticket: id(ticket),
        stars,
    };
    step(m, &state, &input(ann(), Role::User), event)
}

#[test]
fn a_rating_is_taken_once_from_the_owner_of_a_closed_ticket_then_a_comment() {
    let m = model();
    // C105ED01 is Ann's and closed: taken, the next text is the comment.
    let t = rate(&m, State::Idle, "C105ED01", 4);
    let closed = id("C105ED01");
    assert_eq!(
        t.changes,
        vec![Change::Rate {
            ticket: closed,
            stars: 4
        }]
    );
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::RatingThanks { id: closed }]
    );
    assert_eq!(
        admin_notices(&t),
        vec![Reply::Rated {
            id: closed,
            stars: 4
        }]
    );
    assert_eq!(t.next, State::RatingComment { ticket: closed });
    let mut rated = m.clone();
    apply(&mut rated, t.changes);
    let t = step(
        &rated,
        &State::RatingComment { ticket: closed },
        &input(ann(), Role::User),
        Event::Text("Quick, thanks".into()),
    );
    assert_eq!(
        t.changes,
        vec![Change::RateComment {
            ticket: closed,
            comment: "Quick, thanks".into()
        }]
    );
    assert_eq!(replies_to(&t, ANN), vec![Reply::CommentThanks]);
    assert_eq!(
        admin_notices(&t),
        vec![Reply::RatingCommented {
            id: closed,
            comment: "Quick, thanks".into()
        }]
    );
    assert_eq!(t.next, State::Idle);
    // Once only.
    let t = rate(&rated, State::Idle, "C105ED01", 5);
    assert_eq!(
        replies_to(&t, ANN),
        vec![Reply::AlreadyRated { id: closed }]
    );
    assert!(t.changes.is_empty());
    // Not while open, not out of 1 to 5, not someone else's.
    for (ticket, stars) in [("0BE40001", 4), ("C105ED01", 0), ("C105ED01", 6)] {
        let t = rate(&m, State::Idle, ticket, stars);
        assert_eq!(
            replies_to(&t, ANN),
            vec![Reply::RatingRefused],
            "{ticket} {stars}"
        );
        assert!(t.changes.is_empty() && admin_notices(&t).is_empty());
        assert_eq!(t.next, State::Idle);
    }
    let t = step(
        &m,
        &State::Idle,
        &input(bob(), Role::User),
        Event::Rate {
            ticket: closed,
            stars: 4,
        },
    );
    assert_eq!(replies_to(&t, BOB_ADMIN), vec![Reply::RatingRefused]);
    assert!(t.changes.is_empty());
}

#[test]
fn blocking_the_bot_marks_the_open_ticket_once_and_unblocking_clears_it() {
    let mut m = model();
    let open = id("0BE40001");
    let ann_on = |m: &Model, event| step(m, &open_state(), &input(ann(), Role::User), event);
    let blocked = ann_on(&m, Event::BotBlocked);
    assert_eq!(
        blocked.changes,
        vec![Change::Unreachable {
            ticket: open,
            unreachable: true
        }]
    );
    assert_eq!(
        admin_notices(&blocked),
        vec![Reply::OwnerBlockedBot {
            id: open,
            owner: ann()
        }]
    );
    assert!(
        replies_to(&blocked, ANN).is_empty(),
        "a blocked bot cannot say"
    );
    apply(&mut m, blocked.changes);
    let again = ann_on(&m, Event::BotBlocked);
    assert!(again.changes.is_empty() && again.effects.is_empty());
    let unblocked = ann_on(&m, Event::BotUnblocked);
    assert_eq!(
        unblocked.changes,
        vec![Change::Unreachable {
            ticket: open,
            unreachable: false
        }]
    );
    assert_eq!(
        admin_notices(&unblocked),
        vec![Reply::OwnerUnblockedBot {
            id: open,
            owner: ann()
        }]
    );
    apply(&mut m, unblocked.changes);
    let again = ann_on(&m, Event::BotUnblocked);
    assert!(again.changes.is_empty() && again.effects.is_empty());
}

#[test]
fn a_person_follows_their_telegram_language_until_they_choose_one() {
    let mut m = model();
    let mut input = input(ann(), Role::User);
    input.language = Some("de");
    let set = |code: &str| Change::SetLanguage {
        chat: ANN,
        language: ChatLanguage::FromTelegram(code.into()),
    };
    let t = step(&m, &State::Idle, &input, Event::Help);
    assert!(t.changes.contains(&set("de")), "{:?}", t.changes);
    apply(&mut m, t.changes);
    let t = step(&m, &State::Idle, &input, Event::Help);
    assert!(
        !t.changes
            .iter()
            .any(|c| matches!(c, Change::SetLanguage { .. })),
        "already followed"
    );
    input.language = Some("ar");
    let t = step(&m, &State::Idle, &input, Event::Help);
    assert!(t.changes.contains(&set("ar")), "Telegram's changed");
    m.apply(Change::SetLanguage {
        chat: ANN,
        language: ChatLanguage::Chosen("en".into()),
    })
    .unwrap();
    let t = step(&m, &State::Idle, &input, Event::Help);
    assert!(
        !t.changes
            .iter()
            .any(|c| matches!(c, Change::SetLanguage { .. })),
        "a chosen language stays"
    );
}

#[test]
fn in_a_private_chat_the_bot_answers_plainly_and_in_a_group_as_a_reply() {
    let mut input = input(bob(), Role::Admin);
    input.message_id = Some(77);
    let t = step(&model(), &State::Idle, &input, Event::Help);
    let reply_to: Vec<Option<i32>> = t
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { reply_to, .. } => Some(*reply_to),
            _ => None,
        })
        .collect();
    assert_eq!(reply_to, [None]);
    input.member = 1234;
    let t = step(&model(), &State::Idle, &input, Event::Help);
    assert!(
        t.effects.iter().any(|e| matches!(
            e,
            Effect::Send {
                reply_to: Some(77),
                ..
            }
        )),
        "{:?}",
        t.effects
    );
}

#[test]
fn a_new_ticket_is_numbered_after_every_ticket_before_it() {
    let t = user(State::Idle, Event::Text("printer".into()));
    let numbers: Vec<u64> = t
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::OpenTicket { ticket } => Some(ticket.number),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, [3], "two tickets before it");
}

#[test]
fn the_first_message_held_is_the_one_that_asks_to_slow_down() {
    let mut m = model();
    let mut input = input(ann(), Role::User);
    input.team.spam_per_minute = 2;
    let mut slow_down = Vec::new();
    for n in 0..4 {
        input.now = 1_000 + n;
        let t = step(&m, &open_state(), &input, Event::Text(format!("m{n}")));
        slow_down.push(
            replies_to(&t, ANN)
                .iter()
                .any(|r| matches!(r, Reply::SlowDown { .. })),
        );
        apply(&mut m, t.changes);
    }
    assert_eq!(slow_down, [false, false, true, false]);
}

#[test]
fn closing_by_id_while_replying_leaves_replying_mode_only_for_that_ticket() {
    let mut m = model();
    open_for(&mut m, "0BE40002", 6001, "Cy", 3);
    let replying = State::AdminReplying {
        ticket: id("0BE40001"),
    };
    let bob = input(bob(), Role::Admin);
    let t = step(&m, &replying, &bob, cmd("/close 0BE40002"));
    assert!(t.changes.contains(&Change::CloseTicket {
        ticket: id("0BE40002"),
        at: 1_000
    }));
    assert_eq!(t.next, replying, "still answering 0BE40001");
    let t = step(&m, &replying, &bob, cmd("/close 0BE40001"));
    assert!(t.changes.contains(&Change::CloseTicket {
        ticket: id("0BE40001"),
        at: 1_000
    }));
    assert_eq!(t.next, State::Idle);
}

#[test]
fn media_for_a_ticket_closed_meanwhile_is_not_sent_unless_it_is_a_note() {
    let replying = State::AdminReplying {
        ticket: id("C105ED01"),
    };
    let media = |caption: &str| Event::Media {
        media: photo(),
        caption: Some(caption.into()),
    };
    let t = step(
        &model(),
        &replying,
        &input(bob(), Role::Admin),
        media("see"),
    );
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::TicketIsClosed { id: id("C105ED01") }]
    );
    assert!(replies_to(&t, ANN).is_empty() && t.changes.is_empty());
    assert_eq!(t.next, State::Idle);
    let t = step(
        &model(),
        &replying,
        &input(bob(), Role::Admin),
        media("// for us"),
    );
    assert!(replies_to(&t, ANN).is_empty());
    assert!(t.changes.iter().any(|c| matches!(c,
        Change::AddMessage { entry, .. } if entry.note)));
    assert_eq!(t.next, replying);
}

#[test]
fn a_note_in_a_tickets_topic_keeps_the_member_answering_another() {
    let m = with_topic(42);
    let replying = State::AdminReplying {
        ticket: id("C105ED01"),
    };
    let mut input = input(bob(), Role::Admin);
    input.place = Place::TeamChat { thread: Some(42) };
    let t = step(&m, &replying, &input, Event::Text("// called them".into()));
    assert!(t.changes.iter().any(|c| matches!(c,
        Change::AddMessage { ticket, entry } if entry.note && *ticket == id("0BE40001"))));
    assert_eq!(t.next, replying);
}

/// The model with two more open tickets: 0BE40001 claimed by Bob,
/// 0BE40002 by Cy (member 1234), 0BE40003 by nobody.
fn claimed_model() -> Model {
    let mut m = model();
    open_for(&mut m, "0BE40002", 6003, "Person 3", 3);
    open_for(&mut m, "0BE40003", 6004, "Person 4", 4);
    for (tid, member, name) in [("0BE40001", BOB_ADMIN, "Bob"), ("0BE40002", 1234, "Cy")] {
        m.apply(Change::Claim {
            ticket: id(tid),
            claim: Some(Claim {
                member,
                name: name.into(),
                warned: Vec::new(),
            }),
        })
        .unwrap();
    }
    m
}

#[test]
fn tickets_mine_and_unclaimed_list_only_those() {
    let m = claimed_model();
    let listed = |text: &str| -> (Vec<TicketId>, Listed) {
        match replies_to(&bob_on(&m, text), BOB_ADMIN).as_slice() {
            [Reply::OpenTickets { tickets, which, .. }] => {
                (tickets.iter().map(|l| l.id).collect(), *which)
            }
            other => panic!("{text}: {other:?}"),
        }
    };
    assert_eq!(
        listed("/tickets"),
        (
            // By number: the model's own 0BE40001 is number 20.
            vec![id("0BE40002"), id("0BE40003"), id("0BE40001")],
            Listed::Open
        )
    );
    assert_eq!(
        listed("/tickets mine"),
        (vec![id("0BE40001")], Listed::Mine)
    );
    assert_eq!(
        listed("/tickets unclaimed"),
        (vec![id("0BE40003")], Listed::Unclaimed)
    );
}

#[test]
fn claiming_a_claimed_ticket_says_whose_it_is() {
    let m = claimed_model();
    let t = bob_on(&m, "/claim 0BE40001");
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::AlreadyYours { id: id("0BE40001") }]
    );
    let t = bob_on(&m, "/claim 0BE40002");
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::AlreadyClaimed {
            id: id("0BE40002"),
            name: "Cy".into()
        }]
    );
    assert!(t.changes.is_empty());
}

#[test]
fn web_and_inbox_need_the_inbox_set_up_and_a_login_link_a_private_chat() {
    let m = model();
    let mut private = input(bob(), Role::Admin);
    let t = step(&m, &State::Idle, &private, cmd("/web"));
    assert_eq!(replies_to(&t, BOB_ADMIN), vec![Reply::InboxNotSet]);
    let t = step(&m, &State::Idle, &private, cmd("/inbox"));
    assert_eq!(replies_to(&t, BOB_ADMIN), vec![Reply::InboxNotSet]);
    assert!(!t
        .effects
        .iter()
        .any(|e| matches!(e, Effect::SendInboxLink { .. })));

    private.team.inbox = true;
    private.first_name = "Bobby".into();
    let t = step(&m, &State::Idle, &private, cmd("/web"));
    assert_eq!(
        t.effects,
        vec![Effect::SendLoginLink {
            to: BOB_ADMIN,
            member: BOB_ADMIN,
            first_name: "Bobby".into()
        }]
    );
    let t = step(&m, &State::Idle, &private, cmd("/inbox"));
    assert_eq!(
        t.effects,
        vec![Effect::SendInboxLink {
            to: BOB_ADMIN,
            private: true
        }]
    );

    // A group shared by the team, or the team's forum group: no link.
    let mut group = private.clone();
    group.member = 1234;
    let mut forum = private.clone();
    forum.place = Place::TeamChat { thread: None };
    for shared in [group, forum] {
        let t = step(&m, &State::Idle, &shared, cmd("/web"));
        assert_eq!(replies_to(&t, BOB_ADMIN), vec![Reply::WebLoginInPrivate]);
        assert!(!t
            .effects
            .iter()
            .any(|e| matches!(e, Effect::SendLoginLink { .. })));
        let t = step(&m, &State::Idle, &shared, cmd("/inbox"));
        assert_eq!(
            t.effects,
            vec![Effect::SendInboxLink {
                to: BOB_ADMIN,
                private: false
            }],
            "{:?}",
            shared.place
        );
    }
}

#[test]
fn unsave_removes_a_saved_answer_and_names_the_known_ones_otherwise() {
    let mut m = model();
    let saved = bob_on(&m, "/save hours We open at 9.");
    apply(&mut m, saved.changes);
    let t = bob_on(&m, "/unsave nope");
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::UnknownAnswer {
            name: "nope".into(),
            known: vec!["hours".into()]
        }]
    );
    assert!(t.changes.is_empty());
    let t = bob_on(&m, "/unsave hours");
    assert_eq!(
        t.changes,
        vec![Change::SaveAnswer {
            name: "hours".into(),
            answer: None
        }]
    );
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::AnswerRemoved {
            name: "hours".into()
        }]
    );
}

/// The chat a step bans, if any.
fn banned(t: &Transition) -> Option<Chat> {
    t.changes.iter().find_map(|c| match c {
        Change::Ban { chat, ban: Some(_) } => Some(*chat),
        _ => None,
    })
}

#[test]
fn ban_finds_whom_by_ticket_chat_or_topic_and_says_when_it_cannot() {
    let mut m = model();
    // Someone whose chat id is eight digits, like a ticket ID.
    open_for(&mut m, "ADD00002", 12_345_678, "Dee", 3);
    assert_eq!(banned(&bob_on(&m, "/ban 0BE40001")), Some(ANN));
    assert_eq!(banned(&bob_on(&m, "/ban 5551")), Some(ANN));
    assert_eq!(banned(&bob_on(&m, "/ban 12345678")), Some(12_345_678));
    let t = bob_on(&m, "/ban 87654321");
    assert_eq!(
        (banned(&t), replies_to(&t, BOB_ADMIN)),
        (None, vec![Reply::UnknownTicket { id: id("87654321") }])
    );
    let t = bob_on(&m, "/ban -100123");
    assert_eq!(
        (banned(&t), replies_to(&t, BOB_ADMIN)),
        (None, vec![Reply::NotAPerson { chat: -100123 }])
    );
    let t = bob_on(&m, "/ban");
    assert_eq!(
        (banned(&t), replies_to(&t, BOB_ADMIN)),
        (
            None,
            vec![Reply::NeedTicketId {
                command: "ban".into()
            }]
        )
    );
    // In a ticket's topic, without an ID: its owner.
    m.apply(Change::Topic {
        ticket: id("0BE40001"),
        thread: Some(42),
        notice: None,
    })
    .unwrap();
    assert_eq!(banned(&in_topic(&m, 42, "/ban")), Some(ANN));
}

#[test]
fn a_ban_names_the_person_resets_their_state_and_unban_lifts_it() {
    let mut m = model();
    let t = bob_on(&m, "/ban 5551 rude");
    assert!(t.changes.contains(&Change::SetState {
        chat: ANN,
        state: State::Idle
    }));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::YouBanned {
            chat: ANN,
            name: Some("Ann".into()),
            closed: Some(id("0BE40001")),
            silent: false
        }]
    );
    // Someone the bot never heard from: no name, no state to reset.
    let t = bob_on(&m, "/ban 777");
    assert!(!t
        .changes
        .iter()
        .any(|c| matches!(c, Change::SetState { .. })));
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::YouBanned {
            chat: 777,
            name: None,
            closed: None,
            silent: false
        }]
    );
    let t = bob_on(&m, "/ban 0");
    assert_eq!(
        (banned(&t), replies_to(&t, BOB_ADMIN)),
        (None, vec![Reply::NotAPerson { chat: 0 }])
    );

    let t = bob_on(&m, "/unban 5551");
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::NotBanned { chat: ANN }]
    );
    assert!(t.changes.is_empty());
    let ban = bob_on(&m, "/ban 5551");
    apply(&mut m, ban.changes);
    let t = bob_on(&m, "/unban 5551");
    assert_eq!(
        t.changes,
        vec![Change::Ban {
            chat: ANN,
            ban: None
        }]
    );
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::YouUnbanned {
            chat: ANN,
            name: Some("Ann".into())
        }]
    );
    // A forgotten person has no name any more.
    apply(&mut m, vec![Change::Forget { chat: ANN }]);
    let t = bob_on(&m, "/unban 5551");
    assert_eq!(
        replies_to(&t, BOB_ADMIN),
        vec![Reply::YouUnbanned {
            chat: ANN,
            name: None
        }]
    );
}

#[test]
fn an_answer_name_may_hold_dashes_and_underscores() {
    let m = model();
    for name in ["opening-hours", "opening_hours"] {
        let t = bob_on(&m, &format!("/save {name} We open at 9."));
        assert_eq!(
            replies_to(&t, BOB_ADMIN),
            vec![Reply::AnswerSaved {
                name: name.into(),
                replaced: false
            }]
        );
    }
    let t = bob_on(&m, "/save opening.hours We open at 9.");
    assert!(t.changes.is_empty(), "a dot is not allowed");
}
