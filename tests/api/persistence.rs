//! What the bot remembers survives a restart, and a damaged data file stops
//! the start instead of being overwritten.

use std::sync::Arc;

use support_bot::app::App;
use support_bot::model::State;

use crate::assert_transcript;
use crate::helpers::*;

#[tokio::test]
pub(crate) async fn conversations_continue_where_they_were_after_a_restart() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My laptop won't start", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(BEN, "/new", 1).await;
    app.says(ADMIN, &format!("/reply {id}"), 1).await;
    let mut app = app.stop().await.restart().await;
    let m = app.store.snapshot();
    assert_eq!(m.state(BEN), State::AwaitingDescription);
    assert!(matches!(m.state(ANN), State::TicketOpen { .. }));
    assert!(matches!(m.state(ADMIN), State::AdminReplying { .. }));
    // Ben's next message is still taken as his description...
    app.says(BEN, "The app shows a blank page", 3).await;
    // ...Alex is still answering Ann's ticket...
    let sent = app
        .says(ADMIN, "Hold the power button for 10 seconds.", 2)
        .await;
    assert_eq!(sent[0].chat_id, ANN);
    // ...and Ann can still add to it.
    app.says(ANN, "That worked!", 3).await;
    assert_eq!(app.store.snapshot().ticket_counts().open, 2);
    let status = app.status().await;
    assert_eq!(status["tickets"]["total"], 2);
    assert_transcript!("after_a_restart", app);
    app.stop().await;
}

#[tokio::test]
async fn a_corrupt_data_file_stops_the_start_and_is_left_untouched() {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let path = data_file(&dir);
    let damaged = "{\"version\": 1, \"tickets\": {\"AB";
    std::fs::write(&path, damaged).unwrap();
    let err = App::build(test_config(&fake, &dir, &[ADMIN]))
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(
        err.contains("line 1 column"),
        "the parse error says where: {err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged);
    assert!(fake.calls().is_empty(), "nothing was asked of Telegram");
}

#[tokio::test]
pub(crate) async fn replying_to_a_ticket_message_works_after_a_restart() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "Is my order shipped?", 3).await;
    let notice = sent[1].clone();
    assert_eq!(notice.chat_id, ADMIN);
    let mut app = app.stop().await.restart().await;
    let sent = app
        .replies_to(
            ADMIN,
            notice.message_id,
            "New ticket...",
            "Yes, it left today.",
            2,
        )
        .await;
    assert_eq!(
        sent[0].chat_id, ANN,
        "the bot still knows which ticket that message belongs to"
    );
    assert!(sent[0].text.ends_with("Yes, it left today."));
    app.stop().await;
}
