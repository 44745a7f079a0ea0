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
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port_text = port.to_string();
    let settings = [
        ("HTTP_PORT", port_text.as_str()),
        ("BOT_MODE", "webhook"),
        ("WEBHOOK_URL", "https://bot.example.com"),
        ("WEBHOOK_SECRET", SECRET),
    ];
    let start = || start_program(&fake, dir.path(), &settings);
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let client = reqwest::Client::new();
    let mut bot = start();
    let path = loop {
        if let Some((u, _)) = fake.webhook() {
            break u
                .strip_prefix("https://bot.example.com")
                .unwrap()
                .to_string();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let body = update(42, ANN, 9, "Please call me").to_string();
    // The update arrives; the bot is killed before it can answer.
    let first = client
        .post(url(&path))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .body(body.clone())
        .send();
    let first = tokio::spawn(first);
    tokio::time::sleep(Duration::from_millis(5)).await;
    bot.kill().await.unwrap();
    // Whether the bot got to answer before dying is up to chance; either way
    // Telegram cannot count on the update being handled, and sends it again.
    let _ = first.await.unwrap();
    // Telegram did not get a 200 (or cannot be sure): it sends the update again.
    let mut bot = start();
    let status = loop {
        match client
            .post(url(&path))
            .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
            .body(body.clone())
            .send()
            .await
        {
            Ok(r) => break r.status().as_u16(),
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    };
    assert_eq!(status, 200);
    assert!(stop_with_sigterm(&mut bot).await.success());
    let store = support_bot::store::Store::open(dir.path().join("ticket_data.json")).unwrap();
    assert_eq!(
        store.read(|m| m.ticket_counts().total),
        1,
        "exactly one ticket for the one message"
    );
    let told: Vec<String> = fake
        .sent()
        .iter()
        .filter(|m| m.chat_id == ANN)
        .map(|m| m.text.clone())
        .collect();
    assert!(
        !told.is_empty() && told.iter().all(|t| t.contains("opened ticket")),
        "{told:?}"
    );
}
