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
