//! The HTTP protocol: methods, encodings, authentication, the recorded
//! calls, and stopping the server.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use teloxide::prelude::*;
use teloxide::types::MessageId;
use teloxide::ApiError;

use crate::*;

#[tokio::test]
async fn basic_methods_parse_in_teloxide() {
    let (fake, bot) = setup().await;
    let me = bot.get_me().await.unwrap();
    assert_eq!(me.username(), "support_test_bot");
    assert_eq!(fake.bot_username(), "support_test_bot");
    assert_eq!(me.id.0 as i64, fake.bot_user_id());
    assert_eq!(fake.bot_user_id(), 123456);
    assert!(me.is_bot && me.can_join_groups);

    let info = bot.get_webhook_info().await.unwrap();
    assert!(info.url.is_none());
    assert_eq!(info.pending_update_count, 0);
    bot.delete_webhook().await.unwrap();

    let first = bot
        .send_message(ChatId(ALICE), "Hello Alice")
        .await
        .unwrap();
    assert_eq!(first.text(), Some("Hello Alice"));
    assert_eq!(first.chat.id, ChatId(ALICE));
    assert_eq!(first.from.as_ref().unwrap().id, me.id);
    assert_eq!(first.id, MessageId(1));
    let second = bot.send_message(ChatId(ALICE), "Again").await.unwrap();
    assert_eq!(second.id, MessageId(2));
    let group = bot.send_message(ChatId(GROUP), "Hi team").await.unwrap();
    assert_eq!(group.id, MessageId(1));
    assert!(group.chat.is_group());

    let methods: Vec<String> = fake.calls().into_iter().map(|c| c.method).collect();
    assert_eq!(
        methods,
        [
            "getme",
            "getwebhookinfo",
            "deletewebhook",
            "sendmessage",
            "sendmessage",
            "sendmessage"
        ]
    );
    let sent = fake.sent();
    assert_eq!(sent.len(), 3);
    assert_eq!(
        (sent[0].chat_id, sent[0].message_id, sent[0].text.as_str()),
        (ALICE, 1, "Hello Alice")
    );
    assert_eq!(sent[2].chat_id, GROUP);
    assert_eq!(fake.message(ALICE, 2).unwrap()["text"], "Again");
}

#[tokio::test]
async fn method_names_encodings_and_auth() {
    let (fake, bot) = setup().await;
    for name in ["getMe", "GetMe", "getme", "GETME"] {
        let (status, body) = raw(&fake, name, json!({})).await;
        assert_eq!(status, 200, "{name}");
        assert_eq!(body["result"]["username"], "support_test_bot");
    }
    let client = reqwest::Client::new();
    let base = format!("{}bot{}", fake.api_url(), TOKEN);

    let get: Value = client
        .get(format!("{base}/getMe"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(get["ok"], true);

    let form: Value = client
        .post(format!("{base}/sendMessage"))
        .form(&[
            ("chat_id", "1001"),
            ("text", "from a form"),
            (
                "reply_markup",
                r#"{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}"#,
            ),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(form["result"]["text"], "from a form");
    assert_eq!(
        form["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
        "a"
    );

    let query: Value = client
        .post(format!(
            "{base}/SendMessage?chat_id=1001&text=from%20the%20query"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(query["result"]["text"], "from the query");

    let wrong = client
        .post(format!("{}bot999:nope/getMe", fake.api_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    let wrong: Value = wrong.json().await.unwrap();
    assert_eq!(
        wrong,
        json!({"ok": false, "error_code": 401, "description": "Unauthorized"})
    );
    let bad_bot = Bot::new("999:nope").set_api_url(reqwest::Url::parse(&fake.api_url()).unwrap());
    assert_eq!(api_err(bad_bot.get_me().await), ApiError::InvalidToken);

    let (status, body) = raw(&fake, "noSuchMethod", json!({})).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 404, "description": "Not Found"})
    );
    let (status, body) = raw(&fake, "getChatAdministrators", json!({"chat_id": ALICE})).await;
    assert_eq!(status, 400);
    assert!(body["description"]
        .as_str()
        .unwrap()
        .contains("not modelled"));

    let calls = fake.calls();
    assert!(calls
        .iter()
        .any(|c| c.method == "sendmessage" && c.params["text"] == "from a form"));
    let failed = calls.iter().find(|c| c.method == "nosuchmethod").unwrap();
    assert_eq!(
        (failed.ok, failed.error_code, failed.description.as_deref()),
        (false, Some(404), Some("Not Found"))
    );
    drop(bot);
}

#[tokio::test]
async fn wait_for_sent_reports_what_happened() {
    let (fake, bot) = setup().await;
    let _ = bot.send_message(ChatId(777), "lost").await;
    let err = fake
        .wait_for_sent(1, Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(
        err.contains("0 sent so far") && err.contains("chat not found"),
        "{err}"
    );
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let fake = FakeTelegram::start(TOKEN).await;
    let url = format!("{}bot{}/getMe", fake.api_url(), TOKEN);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    assert!(client
        .post(&url)
        .send()
        .await
        .unwrap()
        .status()
        .is_success());

    // A pending long poll ends (empty) on shutdown.
    let poll_url = format!("{}bot{}/getUpdates", fake.api_url(), TOKEN);
    let poller = client.clone();
    let started = Instant::now();
    let poll = tokio::spawn(async move {
        poller
            .post(poll_url)
            .json(&json!({"timeout": 10}))
            .send()
            .await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    fake.shutdown();
    let body: Value = poll.await.unwrap().unwrap().json().await.unwrap();
    assert_eq!(body, json!({"ok": true, "result": []}));
    assert!(started.elapsed() < Duration::from_secs(2));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(client.post(&url).send().await.is_err());

    let dropped = FakeTelegram::start(TOKEN).await;
    let url = format!("{}bot{}/getMe", dropped.api_url(), TOKEN);
    let clone = dropped.clone();
    drop(dropped);
    assert!(client
        .post(&url)
        .send()
        .await
        .unwrap()
        .status()
        .is_success());
    drop(clone);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(client.post(&url).send().await.is_err());
}
