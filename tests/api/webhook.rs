//! Webhook mode: Telegram posts updates to the bot's HTTP server.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use support_bot::config::Mode;

use crate::helpers::*;

const SECRET: &str = "s3cret-Value_1";

fn update(update_id: i64, chat: i64, message_id: i64, text: &str) -> serde_json::Value {
    json!({"update_id": update_id, "message": {
        "message_id": message_id,
        "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "Ann", "username": "ann"},
        "from": {"id": chat, "is_bot": false, "first_name": "Ann", "username": "ann"},
        "text": text
    }})
}

async fn webhook_app() -> TestApp {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.mode = Mode::Webhook {
        url: "https://bot.example.com/".parse().unwrap(),
        secret: SECRET.into(),
        derived: false,
    };
    spawn_app_with(fake, dir, config).await
}

/// The path Telegram was told to post to, once the bot has set it.
async fn webhook_path(app: &TestApp) -> String {
    for _ in 0..200 {
        if let Some((url, secret)) = app.fake.webhook() {
            assert_eq!(
                secret.as_deref(),
                Some(SECRET),
                "setWebhook carries the secret"
            );
            let path = url
                .strip_prefix("https://bot.example.com")
                .expect("under the public URL")
                .to_string();
            assert!(path.starts_with("/telegram/") && !path.contains(TOKEN));
            return path;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the bot never called setWebhook");
}

async fn post(app: &TestApp, path: &str, secret: Option<&str>, body: Vec<u8>) -> u16 {
    let mut request = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}{path}", app.http_port))
        .header("content-type", "application/json")
        .body(body);
    if let Some(secret) = secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    request
        .send()
        .await
        .expect("the server answers")
        .status()
        .as_u16()
}

#[tokio::test]
pub(crate) async fn posted_updates_are_handled_and_answered_200_once_saved() {
    let mut app = webhook_app().await;
    let path = webhook_path(&app).await;
    let body = update(1, ANN, 1, "My order is late")
        .to_string()
        .into_bytes();
    assert_eq!(post(&app, &path, Some(SECRET), body.clone()).await, 200);
    assert_eq!(
        app.store.read(|m| m.ticket_counts().total),
        1,
        "saved before the 200"
    );
    app.expect(2).await;
    // Telegram sends it again (it did not see the 200): one effect only.
    assert_eq!(post(&app, &path, Some(SECRET), body).await, 200);
    app.expect(0).await;
    assert_eq!(app.store.read(|m| m.ticket_counts().total), 1);
    assert!(
        app.fake.calls_of("getupdates").is_empty(),
        "no polling in webhook mode"
    );
    assert!(
        app.fake.calls_of("deletewebhook").is_empty(),
        "the webhook is left in place"
    );
    app.stop().await;
}

#[tokio::test]
async fn wrong_secrets_malformed_and_oversized_bodies_are_refused_without_effect() {
    let app = webhook_app().await;
    let path = webhook_path(&app).await;
    let body = update(7, ANN, 3, "hello").to_string().into_bytes();
    assert_eq!(post(&app, &path, None, body.clone()).await, 401);
    assert_eq!(
        post(&app, &path, Some("wrong-secret"), body.clone()).await,
        401
    );
    assert_eq!(
        post(&app, &path, Some(SECRET), b"{not json".to_vec()).await,
        400
    );
    assert_eq!(
        post(&app, &path, Some(SECRET), vec![b' '; 1024 * 1024 + 10]).await,
        413
    );
    assert_eq!(post(&app, "/telegram/guess", Some(SECRET), body).await, 404);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(app.fake.sent().is_empty(), "nothing was said to anyone");
    assert_eq!(app.store.read(|m| m.dialogues.len()), 0, "no state changed");
    app.stop().await;
}

#[tokio::test]
async fn a_crash_between_receipt_and_saving_is_repaired_by_telegram_sending_again() {
    let fake = fake_telegram().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = [
        ("BOT_MODE", "webhook"),
        ("WEBHOOK_URL", "https://bot.example.com"),
        ("WEBHOOK_SECRET", SECRET),
    ];
    let (mut bot, port) = start_program_on_its_own_port(&fake, dir.path(), &settings).await;
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let path = loop {
        if let Some((u, _)) = fake.webhook() {
            break u
                .strip_prefix("https://bot.example.com")
                .unwrap()
                .to_string();
        }
        assert!(tokio::time::Instant::now() < deadline, "no webhook set");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    // Ann taps "Open a ticket". The bot first stops the button's spinner
    // (answerCallbackQuery), then saves the step: Telegram holds that
    // answer, so the kill lands with the update received and not saved.
    let body = json!({"update_id": 42, "callback_query": {
        "id": "4242", "chat_instance": "1", "data": "new",
        "from": {"id": ANN, "is_bot": false, "first_name": "Ann"},
        "message": {"message_id": 9, "date": 1_700_000_000, "text": "Hello!",
            "chat": {"id": ANN, "type": "private", "first_name": "Ann"},
            "from": {"id": fake.bot_user_id(), "is_bot": true, "first_name": "Support"}},
    }})
    .to_string();
    let post = |port: u16| {
        client
            .post(format!("http://127.0.0.1:{port}{path}"))
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .body(body.clone())
            .send()
    };
    fake.hold(Some("answerCallbackQuery"), None);
    let first = tokio::spawn(post(port));
    assert!(
        fake.wait_held(1, PATIENCE).await,
        "the bot is at work on the update"
    );
    bot.kill().await.unwrap();
    let first = first.await.unwrap();
    assert!(
        first.is_err(),
        "killed at work, the bot never answered: {first:?}"
    );
    fake.release();
    let store = support_bot::store::Store::open(dir.path().join("ticket_data.json")).unwrap();
    assert_eq!(
        store.read(|m| m.dialogues.get(&ANN).cloned()),
        None,
        "nothing saved"
    );
    drop(store);

    // Telegram got no 200: it sends the update again, to the bot restarted.
    let (mut bot, port) = start_program_on_its_own_port(&fake, dir.path(), &settings).await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let status = loop {
        match post(port).await {
            Ok(r) => break r.status().as_u16(),
            Err(e) => assert!(tokio::time::Instant::now() < deadline, "{e}"),
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(status, 200);
    assert!(fake.wait_sent_to(ANN, 1, PATIENCE).await);
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    assert!(stop_with_sigterm(&mut bot).await.success());
    let store = support_bot::store::Store::open(dir.path().join("ticket_data.json")).unwrap();
    assert_eq!(
        store.read(|m| m.state(ANN)),
        support_bot::model::State::AwaitingDescription,
        "handled once, after the restart"
    );
    let told: Vec<String> = fake
        .sent()
        .iter()
        .filter(|m| m.chat_id == ANN)
        .map(|m| m.text.clone())
        .collect();
    assert_eq!(
        told.len(),
        1,
        "asked once to describe the problem: {told:?}"
    );
}

/// A message update from `chat`, written `/command`s marked as Telegram does.
fn message(update_id: i64, chat: i64, message_id: i64, text: &str) -> serde_json::Value {
    let mut update = update(update_id, chat, message_id, text);
    if text.starts_with('/') {
        let length = text.split_whitespace().next().unwrap_or(text).len();
        update["message"]["entities"] =
            json!([{"type": "bot_command", "offset": 0, "length": length}]);
    }
    update
}

/// The bot's `support_bot_updates_in_progress` gauge.
async fn updates_in_progress(app: &TestApp) -> f64 {
    let url = format!("http://127.0.0.1:{}/metrics", app.http_port);
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    text.lines()
        .find(|l| l.starts_with("support_bot_updates_in_progress"))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|v| v.parse().ok())
        .expect("the gauge")
}

#[tokio::test]
async fn a_message_and_a_close_posted_together_take_effect_in_update_order_every_time() {
    use support_bot::model::{State, TicketStatus};
    let app = webhook_app().await;
    let path = webhook_path(&app).await;
    let app = Arc::new(app);
    let send = |body: serde_json::Value| {
        let app = Arc::clone(&app);
        let path = path.clone();
        tokio::spawn(
            async move { post(&app, &path, Some(SECRET), body.to_string().into_bytes()).await },
        )
    };
    let (mut update_id, mut message_id) = (1, 1);
    let mut next = || {
        update_id += 1;
        message_id += 1;
        (update_id, message_id)
    };
    for round in 0..10 {
        for person_first in [true, false] {
            if !matches!(app.store.snapshot().state(ANN), State::TicketOpen { .. }) {
                let (u, m) = next();
                assert_eq!(send(message(u, ANN, m, "Help again")).await.unwrap(), 200);
            }
            let State::TicketOpen { ticket: open } = app.store.snapshot().state(ANN) else {
                unreachable!()
            };
            // Ann's earlier button press keeps her conversation busy
            // (its answer to Telegram is held) while both posts arrive.
            app.fake.hold(Some("answercallbackquery"), None);
            let (u, m) = next();
            let press = send(json!({"update_id": u, "callback_query": {
                "id": format!("q{u}"), "chat_instance": "ci", "data": "lang:en",
                "from": {"id": ANN, "is_bot": false, "first_name": "Ann"},
                "message": {"message_id": m, "date": 1_700_000_000,
                    "chat": {"id": ANN, "type": "private", "first_name": "Ann"},
                    "from": {"id": 1, "is_bot": true, "first_name": "Bot"},
                    "text": "Choose a language"}}}));
            assert!(
                app.fake.wait_held(1, PATIENCE).await,
                "the press is being handled"
            );
            let text = format!("one more thing {round} {person_first}");
            let close = format!("/close {open}");
            let (first, second) = (next(), next());
            let (person, admin) = if person_first {
                (first, second)
            } else {
                (second, first)
            };
            let person = message(person.0, ANN, person.1, &text);
            let admin = message(admin.0, ADMIN, admin.1, &close);
            // The later update is posted first: order comes from update_id.
            let posts = if person_first {
                [send(admin), send(person)]
            } else {
                [send(person), send(admin)]
            };
            let started = std::time::Instant::now();
            while updates_in_progress(&app).await < 3.0 {
                assert!(
                    started.elapsed() < PATIENCE,
                    "round {round}: posts not received"
                );
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            app.fake.release();
            assert_eq!(press.await.unwrap(), 200);
            for post in posts {
                assert_eq!(post.await.unwrap(), 200);
            }
            let model = app.store.snapshot();
            assert_eq!(model.ticket(&open).unwrap().status, TicketStatus::Closed);
            let holder = model
                .tickets_of(ANN)
                .into_iter()
                .find(|t| t.messages.iter().any(|e| e.text == text))
                .expect("the message is kept");
            if person_first {
                assert_eq!(
                    holder.id, open,
                    "round {round}: joins the ticket it was written to"
                );
            } else {
                assert_ne!(holder.id, open, "round {round}: written after the close");
            }
        }
    }
}
