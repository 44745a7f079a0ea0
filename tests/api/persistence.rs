//! What the bot remembers survives a restart, and a damaged data file stops
//! the start instead of being overwritten.

use std::sync::Arc;
use std::time::Duration;

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

/// Messages saved by the format of today's release (no `v`: format 1) are
/// read and sent; a record from a newer version is kept unsent, named in
/// the log, counted on /metrics and shown on /readyz, and the bot goes on.
#[tokio::test]
async fn saved_messages_of_format_1_are_sent_and_one_from_a_newer_version_is_kept_and_shown() {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/format-1/ticket_data.journal"
    );
    // An empty store of today's release, then the fixture's journal.
    drop(support_bot::store::Store::open(data_file(&dir)).unwrap());
    std::fs::copy(fixture, dir.path().join("ticket_data.journal")).unwrap();
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.store = support_bot::config::StoreKind::Json;
    let app = spawn_app_with(fake, dir, config).await;
    assert!(
        app.fake.wait_sent_to(ANN, 1, PATIENCE).await,
        "format 1 sent"
    );
    let welcome = app
        .fake
        .sent()
        .into_iter()
        .find(|m| m.chat_id == ANN)
        .unwrap();
    assert!(welcome.text.contains("/new"), "{}", welcome.text);

    // The newer record: kept, not sent, counted, shown; nobody else waits.
    app.fake.push_text(BEN, "/start");
    assert!(
        app.fake.wait_sent_to(BEN, 1, PATIENCE).await,
        "Ben answered"
    );
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let unsent: Vec<u64> = app.store.unsent().into_iter().map(|(seq, _)| seq).collect();
        if unsent == [2] {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "unsent: {unsent:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(app
        .fake
        .sent()
        .iter()
        .all(|m| !m.text.contains("later version")));
    let readyz: serde_json::Value = serde_json::from_str(&app.get_text("/readyz").await).unwrap();
    assert_eq!(readyz["unreadable_records"], 1, "{readyz}");
    let metrics = app.get_text("/metrics").await;
    assert!(unreadable_counted(&metrics) >= 1.0, "{metrics}");

    // Still kept after a restart, and counted again there.
    let app = app.stop().await.restart().await;
    let readyz = format!("http://127.0.0.1:{}/readyz", app.http_port);
    eventually_async("the restarted bot met the record", || async {
        let body: serde_json::Value = reqwest::get(&readyz).await.unwrap().json().await.unwrap();
        body["unreadable_records"] == 1
    })
    .await;
    app.fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    let unsent: Vec<u64> = app.store.unsent().into_iter().map(|(seq, _)| seq).collect();
    assert_eq!(unsent, [2]);
    app.stop().await;
}
