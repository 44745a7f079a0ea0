//! The team's tools: internal notes and reopening.

use crate::assert_transcript;
use crate::helpers::*;

#[tokio::test]
async fn a_note_stays_with_the_team_and_a_closed_ticket_opens_again() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My order is late", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let sent = app
        .says(ADMIN, &format!("/note {id} Called the courier"), 1)
        .await;
    assert_eq!(sent[0].chat_id, ADMIN, "nothing reaches Ann");
    app.says(ADMIN, &format!("/close {id}"), 3).await;
    let sent = app.says(ADMIN, &format!("/reopen {id}"), 3).await;
    assert!(sent.iter().any(|m| m.chat_id == ANN));
    // Ann is back in her ticket: what she writes is added to it.
    let sent = app.says(ANN, "Thanks, still waiting", 3).await;
    assert_eq!(sent[0].method, "setmessagereaction");
    let model = app.store.snapshot();
    let ticket = model
        .ticket(&support_bot::model::TicketId::parse(&id).unwrap())
        .unwrap();
    let notes: Vec<&str> = ticket
        .messages
        .iter()
        .filter(|m| m.note)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(notes, ["Called the courier"]);
    assert_eq!(ticket.messages.len(), 3);
    assert_transcript!("note_and_reopen", app);
    app.stop().await;
}

/// Polls `check` on the store until it holds, for up to [`PATIENCE`].
async fn until(app: &TestApp, what: &str, check: impl Fn(&support_bot::model::Model) -> bool) {
    let started = std::time::Instant::now();
    while !check(&app.store.snapshot()) {
        assert!(started.elapsed() < PATIENCE, "waited in vain for: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_message_and_a_close_in_one_batch_take_effect_in_update_order_every_time() {
    use support_bot::model::{State, TicketStatus};
    let mut app = spawn_app().await;
    for round in 0..10 {
        for person_first in [true, false] {
            // Ann has a ticket open.
            if !matches!(app.store.snapshot().state(ANN), State::TicketOpen { .. }) {
                app.fake.push_text(ANN, "Help again");
                until(&app, "a ticket for Ann", |m| {
                    matches!(m.state(ANN), State::TicketOpen { .. })
                })
                .await;
            }
            let State::TicketOpen { ticket: open } = app.store.snapshot().state(ANN) else {
                unreachable!()
            };
            let text = format!("one more thing {round} {person_first}");
            let close = format!("/close {open}");
            // Both wait in one batch of getUpdates: the bot is stopped
            // while they arrive.
            let stopped = app.stop().await;
            if person_first {
                stopped.fake.push_text(ANN, &text);
                stopped.fake.push_text(ADMIN, &close);
            } else {
                stopped.fake.push_text(ADMIN, &close);
                stopped.fake.push_text(ANN, &text);
            }
            let sent_before = stopped.fake.sent().len();
            app = stopped.restart().await;
            until(&app, "the message kept and the ticket closed", |m| {
                let closed = m.ticket(&open).unwrap().status == TicketStatus::Closed;
                let holder = m
                    .tickets_of(ANN)
                    .into_iter()
                    .find(|t| t.messages.iter().any(|e| e.text == text));
                closed && holder.is_some()
            })
            .await;
            let model = app.store.snapshot();
            let holder = model
                .tickets_of(ANN)
                .into_iter()
                .find(|t| t.messages.iter().any(|e| e.text == text))
                .unwrap();
            if person_first {
                assert_eq!(
                    holder.id, open,
                    "round {round}: joins the ticket it was written to"
                );
                assert_eq!(model.state(ANN), State::Idle);
            } else {
                assert_ne!(holder.id, open, "round {round}: written after the close");
                assert_eq!(holder.status, TicketStatus::Open);
                // Ann reads of the close before the new ticket.
                let closed = format!("closed your ticket {open}");
                let opened = format!("I opened ticket {}", holder.id);
                let started = std::time::Instant::now();
                let order = loop {
                    let to_ann: Vec<String> = app.fake.sent()[sent_before..]
                        .iter()
                        .filter(|m| m.chat_id == ANN)
                        .map(|m| m.text.clone())
                        .collect();
                    let at = |s: &str| to_ann.iter().position(|t| t.contains(s));
                    if let (Some(c), Some(o)) = (at(&closed), at(&opened)) {
                        break (c, o);
                    }
                    assert!(started.elapsed() < PATIENCE, "{to_ann:?}");
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                };
                assert!(order.0 < order.1, "round {round}: {order:?}");
            }
        }
    }
}

#[tokio::test]
async fn giving_back_someone_elses_claim_tells_them_in_their_own_words_once() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My order is late", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(ADMIN2, &format!("/claim {id}"), 2).await;
    let back = app.says(ADMIN, &format!("/unclaim {id}"), 2).await;
    let to = |chat: i64| -> Vec<&str> {
        back.iter()
            .filter(|m| m.chat_id == chat)
            .map(|m| m.text.as_str())
            .collect()
    };
    assert_eq!(
        to(ADMIN2),
        [
            format!("Alex took ticket {id} back from you. Nobody has it now: anyone can claim it.")
                .as_str()
        ],
        "Sam is told once, in words for him"
    );
    assert_eq!(to(ADMIN).len(), 1);
    assert!(to(ADMIN)[0].contains("Sam had it"), "{:?}", to(ADMIN));
    assert_transcript!("claim_taken_back", app);
}
