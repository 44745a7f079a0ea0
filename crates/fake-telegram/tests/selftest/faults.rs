//! Faults: flood limits answered 429, and connections hung up on.

use std::time::{Duration, Instant};

use serde_json::json;
use teloxide::prelude::*;
use teloxide::types::{Seconds, UpdateKind};
use teloxide::RequestError;

use crate::*;

fn retry_after<T: std::fmt::Debug>(result: Result<T, RequestError>) -> u32 {
    match result {
        Err(RequestError::RetryAfter(secs)) => secs.seconds(),
        other => panic!("expected RetryAfter, got {other:?}"),
    }
}

#[tokio::test]
async fn flood_limits_answer_429_with_retry_after() {
    let (fake, bot) = setup().await;
    fake.set_rate_limits(Some((2, Duration::from_secs(1))), None);
    bot.send_message(ChatId(ALICE), "1").await.unwrap();
    bot.send_message(ChatId(ALICE), "2").await.unwrap();
    match bot.send_message(ChatId(ALICE), "3").await {
        Err(RequestError::RetryAfter(secs)) => assert_eq!(secs, Seconds::from_seconds(1)),
        other => panic!("expected RetryAfter, got {other:?}"),
    }
    bot.send_message(ChatId(BOB), "other chat is fine")
        .await
        .unwrap();
    let (status, body) = raw(&fake, "sendMessage", json!({"chat_id": ALICE, "text": "4"})).await;
    assert_eq!(status, 429);
    assert_eq!(
        body,
        json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}})
    );

    fake.set_rate_limits(None, Some((3, Duration::from_secs(10))));
    for chat in [ALICE, BOB, GROUP] {
        bot.send_message(ChatId(chat), "x").await.unwrap();
    }
    match bot.send_message(ChatId(ALICE), "over").await {
        Err(RequestError::RetryAfter(secs)) => assert_eq!(secs.seconds(), 10),
        other => panic!("expected RetryAfter, got {other:?}"),
    }

    // The window slides.
    fake.set_rate_limits(Some((1, Duration::from_millis(400))), None);
    bot.send_message(ChatId(ALICE), "a").await.unwrap();
    assert!(matches!(
        bot.send_message(ChatId(ALICE), "b").await,
        Err(RequestError::RetryAfter(_))
    ));
    tokio::time::sleep(Duration::from_millis(450)).await;
    bot.send_message(ChatId(ALICE), "c").await.unwrap();
    assert_eq!(fake.sent().len(), 8);
    assert_eq!(fake.too_many_requests(), 4);
    let refused = fake
        .calls()
        .iter()
        .filter(|c| c.error_code == Some(429))
        .count();
    assert_eq!(refused, 4);
}

#[tokio::test]
async fn telegram_limits_per_chat_overall_and_per_group() {
    let (fake, bot) = setup().await;
    fake.enforce_telegram_limits(3);
    bot.send_message(ChatId(ALICE), "1").await.unwrap();
    // One message per second into one chat.
    assert_eq!(retry_after(bot.send_message(ChatId(ALICE), "2").await), 1);
    bot.send_message(ChatId(BOB), "1").await.unwrap();
    bot.send_message(ChatId(GROUP), "1").await.unwrap();
    // Three accepted sends in this second, over all chats.
    assert_eq!(retry_after(bot.send_message(ChatId(CAROL), "1").await), 1);
    let (status, body) = raw(&fake, "sendMessage", json!({"chat_id": CAROL, "text": "1"})).await;
    assert_eq!(
        (status, &body["parameters"]),
        (429, &json!({"retry_after": 1}))
    );
    assert_eq!(fake.too_many_requests(), 3);

    tokio::time::sleep(Duration::from_millis(1050)).await;
    bot.send_message(ChatId(CAROL), "1").await.unwrap();
    bot.send_message(ChatId(ALICE), "2").await.unwrap();
    let sent = fake.sent();
    assert_eq!(sent.len(), 5);
    let to_alice: Vec<Instant> = sent
        .iter()
        .filter(|m| m.chat_id == ALICE)
        .map(|m| m.at)
        .collect();
    assert!(to_alice[1] - to_alice[0] >= Duration::from_secs(1));

    // The twenty-per-minute limit of groups is tested with simulated time in
    // the crate's unit tests. Replacing the limits switches them off here.
    fake.set_rate_limits(None, None);
    for n in 0..30 {
        bot.send_message(ChatId(GROUP), format!("free {n}"))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn sent_messages_record_when_they_were_accepted() {
    let (fake, bot) = setup().await;
    let before = Instant::now();
    bot.send_message(ChatId(ALICE), "now").await.unwrap();
    let after = Instant::now();
    let at = fake.sent()[0].at;
    assert!(before <= at && at <= after, "{before:?} {at:?} {after:?}");
    assert_eq!(fake.sent()[0].parse_mode, None);
}

#[tokio::test]
async fn a_hung_up_call_gets_no_answer_at_all() {
    let (fake, _bot) = setup().await;
    fake.hang_up_one_in(2);
    let client = reqwest::Client::new();
    let get_me = method_url(&fake, "getMe");
    let updates = method_url(&fake, "getUpdates");
    assert_eq!(client.post(&get_me).send().await.unwrap().status(), 200);
    let started = Instant::now();
    let hung_up = client.post(&updates).send().await;
    assert!(hung_up.is_err(), "an answer came: {hung_up:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    // Counted over all methods: call 3 is answered, call 4 is not.
    assert_eq!(client.post(&updates).send().await.unwrap().status(), 200);
    assert!(client.post(&get_me).send().await.is_err());
    assert_eq!(fake.hung_up(), 2);
    let methods: Vec<String> = fake.calls().into_iter().map(|c| c.method).collect();
    assert_eq!(methods, ["getme", "getupdates"]);
    let lost: Vec<String> = fake.hung_up_calls().into_iter().map(|c| c.method).collect();
    assert_eq!(lost, ["getupdates", "getme"]);

    fake.hang_up_one_in(0);
    for _ in 0..4 {
        assert_eq!(client.post(&get_me).send().await.unwrap().status(), 200);
    }
    assert_eq!(fake.hung_up(), 2);
}

#[tokio::test]
async fn a_hung_up_send_never_reached_the_server() {
    let (fake, bot) = setup().await;
    fake.hang_up_one_in(1);
    match bot.send_message(ChatId(ALICE), "lost").await {
        Err(RequestError::Network(_)) => {}
        other => panic!("expected a network error, got {other:?}"),
    }
    assert!(fake.sent().is_empty());
    assert!(fake.calls().is_empty());
    assert_eq!(fake.hung_up(), 1);
    let lost = &fake.hung_up_calls()[0];
    assert_eq!(
        (
            lost.method.as_str(),
            &lost.params["chat_id"],
            &lost.params["text"]
        ),
        ("sendmessage", &json!(ALICE), &json!("lost"))
    );
    assert_eq!((lost.ok, lost.error_code), (false, None));
    fake.hang_up_one_in(0);
    let msg = bot.send_message(ChatId(ALICE), "again").await.unwrap();
    assert_eq!(msg.id.0, 1, "the lost send used no message id");
    assert_eq!(fake.sent().len(), 1);
}

#[tokio::test]
async fn a_hung_up_poll_neither_confirms_nor_loses_updates() {
    let (fake, bot) = setup().await;
    let first = fake.push_text(ALICE, "one");
    let second = fake.push_text(ALICE, "two");
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 2);

    fake.hang_up_one_in(1);
    let hung = bot.get_updates().offset(first as i32 + 1).await;
    assert!(matches!(hung, Err(RequestError::Network(_))), "{hung:?}");
    assert_eq!(fake.pending_updates(), 2);
    assert!(fake.confirmed_offset() <= first);

    fake.hang_up_one_in(0);
    let again = bot.get_updates().offset(first as i32 + 1).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id.0 as i64, second);
    assert!(matches!(&again[0].kind, UpdateKind::Message(m) if m.text() == Some("two")));
    assert_eq!(fake.confirmed_offset(), first + 1);
    assert_eq!(fake.hung_up(), 1);
}

#[tokio::test]
async fn a_polling_bot_gets_every_update_through_hang_ups() {
    let (fake, bot) = setup().await;
    fake.hang_up_one_in(3);
    let mut offset = 0;
    let mut seen = Vec::new();
    let mut failures = 0;
    for n in 0..6 {
        fake.push_text(BOB, &format!("m{n}"));
        for _ in 0..3 {
            match bot.get_updates().offset(offset).await {
                Ok(updates) => {
                    for u in updates {
                        offset = u.id.0 as i32 + 1;
                        seen.push(text_of(&u).unwrap());
                    }
                    break;
                }
                Err(RequestError::Network(_)) => failures += 1,
                Err(e) => panic!("{e:?}"),
            }
        }
    }
    let expected: Vec<String> = (0..6).map(|n| format!("m{n}")).collect();
    assert_eq!(seen, expected);
    assert_eq!(failures, fake.hung_up());
    assert!(failures >= 2);
}

#[tokio::test]
async fn a_failing_method_fails_getupdates_too_until_healed() {
    let (fake, _bot) = setup().await;
    fake.push_text(ALICE, "kept for later");
    fake.fail_method(
        "getUpdates",
        fake_telegram::MethodFault::TooManyRequests { retry_after: 3 },
    );
    let (status, body) = raw(&fake, "getUpdates", json!({"timeout": 0})).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["parameters"]["retry_after"], 3);
    assert_eq!(fake.pending_updates(), 1, "nothing was handed out");
    fake.heal_method("getUpdates");
    let (status, body) = raw(&fake, "getUpdates", json!({"timeout": 0})).await;
    assert_eq!(status, 200);
    assert_eq!(body["result"][0]["message"]["text"], "kept for later");
}
