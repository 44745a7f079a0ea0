//! A person's data on request: `/mydata` sends it, `/forget` erases it from
//! every file of the store.

use std::sync::Arc;

use support_bot::model::{Change, Ticket, TicketId, TicketStatus};

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

/// A ticket of Ben's closed `days_ago` days ago, with its text.
fn closed_long_ago(id: &str, days_ago: u64, text: &str) -> Ticket {
    let closed = support_bot::clock::now() - days_ago * 86_400;
    Ticket {
        status: TicketStatus::Closed,
        closed_at: Some(closed),
        ..crate::operating::ticket(id, 1, BEN, "Ben", closed - 3_600, text)
    }
}

/// The texts of a ticket, as the running bot remembers them.
fn texts(app: &TestApp, id: &str) -> Vec<String> {
    let id = TicketId::parse(id).unwrap();
    app.store
        .read(|m| {
            m.ticket(&id)
                .map(|t| t.messages.iter().map(|e| e.text.clone()).collect())
        })
        .expect("the ticket is kept")
}

#[tokio::test]
async fn with_a_retention_the_running_bot_erases_old_texts_at_start_and_at_each_round() {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    // A ticket closed 40 days ago, saved before the bot starts.
    {
        let store = support_bot::store::Store::open(data_file(&dir)).unwrap();
        let old = closed_long_ago("A0A0A0A0", 40, "Old trouble 5150");
        crate::operating::save(&store, vec![Change::OpenTicket { ticket: old }]).await;
        store.flush().await.unwrap();
    }
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.retention_days = Some(30);
    let mut app = spawn_app_with(fake.clone(), Arc::clone(&dir), config.clone()).await;
    // A ticket closed just now keeps its text.
    let sent = app.says(ANN, "Fresh trouble 6160", 2).await;
    let fresh = app.ticket_id_in(&sent[0].text);
    app.says(ANN, "/close", 2).await;
    // Erased at start (the next round is a day away), from every file.
    eventually("the old ticket's text is erased at start", || {
        !store_files(&app).contains("5150")
    })
    .await;
    assert_eq!(texts(&app, "A0A0A0A0"), [""]);
    assert_eq!(
        app.store.read(|m| m
            .ticket(&TicketId::parse("A0A0A0A0").unwrap())
            .unwrap()
            .owner
            .name
            .clone()),
        "Ben",
        "only the texts go"
    );
    assert_eq!(texts(&app, &fresh), ["Fresh trouble 6160"]);
    app.stop().await;

    // Another ticket closed long ago, saved while the bot is stopped.
    {
        let store = support_bot::store::Store::open(data_file(&dir)).unwrap();
        let old = closed_long_ago("C0C0C0C0", 35, "Older trouble 8180");
        crate::operating::save(&store, vec![Change::OpenTicket { ticket: old }]).await;
        store.flush().await.unwrap();
    }
    // Started with rounds a moment apart (a day, as the bot runs): after
    // the round at start, a ticket that has expired since is erased by the
    // next round.
    config.retention_every = std::time::Duration::from_millis(200);
    let app = spawn_app_with(fake, Arc::clone(&dir), config).await;
    eventually("the round at start has run", || {
        !store_files(&app).contains("8180")
    })
    .await;
    let expired = closed_long_ago("B0B0B0B0", 31, "Expired meanwhile 7170");
    crate::operating::save(&app.store, vec![Change::OpenTicket { ticket: expired }]).await;
    eventually(
        "the text expired after the start is erased by a round",
        || !store_files(&app).contains("7170"),
    )
    .await;
    assert_eq!(texts(&app, "B0B0B0B0"), [""]);
    assert_eq!(
        texts(&app, &fresh),
        ["Fresh trouble 6160"],
        "a fresh ticket keeps its text"
    );
    app.stop().await;
}
