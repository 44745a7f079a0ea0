//! A person's data on request: `/mydata` sends it, `/forget` erases it from
//! every file of the store.

use crate::helpers::*;

/// Every file of the store's folder, as text.
fn store_files(app: &TestApp) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(app.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    all
}

#[tokio::test]
async fn mydata_sends_a_file_and_forget_erases_text_and_name_from_every_file() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My secret order 4711 is late", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(ADMIN, &format!("/reply {id} Parcel 4711 leaves today"), 2)
        .await;

    let sent = app.says(ANN, "/mydata", 1).await;
    assert_eq!(sent[0].method, "senddocument");
    assert!(
        sent[0].text.contains("everything I keep"),
        "{}",
        sent[0].text
    );

    let sent = app.says(ANN, "/forget", 1).await;
    let ask = sent[0].message_id;
    assert!(
        sent[0].text.contains("cannot be undone"),
        "{}",
        sent[0].text
    );
    // Nothing is erased before the button is pressed.
    assert!(store_files(&app).contains("4711"));
    let sent = app
        .presses(ANN, ask, "Yes, erase my data", "forget:yes", 3)
        .await;
    assert!(sent
        .iter()
        .any(|m| m.chat_id == ANN && m.text.starts_with("Done.")));
    assert!(sent
        .iter()
        .filter(|m| m.chat_id != ANN)
        .all(|m| m.text.contains("asked to be forgotten")));

    app.store.flush().await.unwrap();
    let files = store_files(&app);
    for erased in ["4711", "\"ann\"", "\"Ann\""] {
        assert!(
            !files.contains(erased),
            "{erased} is still in the store's files"
        );
    }
    // The ticket stays, anonymous, with its times and status.
    let model = app.store.snapshot();
    let ticket = model
        .ticket(&support_bot::model::TicketId::parse(&id).unwrap())
        .unwrap();
    assert_eq!(ticket.messages.len(), 2);
    assert!(ticket.owner.name.is_empty() && ticket.owner.username.is_none());
    let sent = app.says(ADMIN, "/tickets", 1).await;
    assert!(sent[0].text.contains("(erased)"), "{}", sent[0].text);
    app.stop().await;
}

#[tokio::test]
async fn the_team_can_erase_a_tickets_owner_and_people_cannot_use_it_on_others() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "Please forget me, 8812", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let sent = app.says(ADMIN, &format!("/forget {id}"), 1).await;
    assert!(sent[0].text.contains("are erased"), "{}", sent[0].text);
    app.store.flush().await.unwrap();
    assert!(!store_files(&app).contains("8812"));
    // A person's /forget with a ticket ID only asks about their own data.
    let sent = app.says(BEN, &format!("/forget {id}"), 1).await;
    assert!(sent[0].text.contains("your messages"), "{}", sent[0].text);
    app.stop().await;
}

#[tokio::test]
async fn with_a_retention_old_tickets_lose_their_texts_and_fresh_ones_keep_them() {
    let fake = fake_telegram().await;
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    let mut app = spawn_app_with(fake.clone(), std::sync::Arc::clone(&dir), config.clone()).await;
    let sent = app.says(ANN, "Old trouble 5150", 2).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(ANN, "/close", 2).await;
    app.stop().await;

    // Started again with a retention of one day: the erasing at start
    // leaves a ticket closed just now alone.
    config.retention_days = Some(1);
    let app = spawn_app_with(fake, std::sync::Arc::clone(&dir), config).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        store_files(&app).contains("5150"),
        "a fresh ticket keeps its text"
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Two days on (the daily round, run here with the clock moved on).
    let erased = support_bot::bot::retention::erase_expired(&app.store, 1, now + 2 * 86_400)
        .await
        .unwrap();
    assert_eq!(erased, 1);
    assert!(!store_files(&app).contains("5150"));
    let model = app.store.snapshot();
    let ticket = model
        .ticket(&support_bot::model::TicketId::parse(&id).unwrap())
        .unwrap();
    assert!(ticket.messages.iter().all(|m| m.text.is_empty()));
    assert_eq!(ticket.owner.name, "Ann", "only the texts go");
    app.stop().await;
}
