//! Receiving updates: long polling, offsets, conflicts, `allowed_updates`,
//! teloxide's dispatcher, and the `my_chat_member` updates of blocking.

use std::time::{Duration, Instant};

use serde_json::json;
use teloxide::dispatching::UpdateFilterExt;
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, ChatMemberKind, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntityKind,
    UpdateKind,
};
use teloxide::ApiError;

use crate::*;

#[tokio::test]
async fn long_polling_delivers_and_offsets_confirm() {
    let (fake, bot) = setup().await;
    let id = fake.push_text(ALICE, "/start hello");
    assert_eq!(id, 100_000);
    assert_eq!(fake.pending_updates(), 1);

    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates.len(), 1);
    assert_eq!(updates[0].id.0 as i64, id);
    let UpdateKind::Message(m) = &updates[0].kind else {
        panic!("not a message: {updates:?}")
    };
    assert_eq!(m.text(), Some("/start hello"));
    assert_eq!(m.from.as_ref().unwrap().username.as_deref(), Some("alice"));
    let entities = m.entities().unwrap();
    assert_eq!(
        (
            entities[0].kind.clone(),
            entities[0].offset,
            entities[0].length
        ),
        (MessageEntityKind::BotCommand, 0, 6)
    );

    // Not confirmed yet: delivered again.
    assert_eq!(bot.get_updates().await.unwrap().len(), 1);
    let none = bot.get_updates().offset(id as i32 + 1).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(fake.pending_updates(), 0);
    assert_eq!(fake.confirmed_offset(), id + 1);
    fake.wait_until_confirmed(id, Duration::from_millis(100))
        .await
        .unwrap();

    // A long poll returns as soon as an update arrives.
    let poller = bot.clone();
    let started = Instant::now();
    let poll =
        tokio::spawn(async move { poller.get_updates().offset(id as i32 + 1).timeout(5).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let id2 = fake.push_group_text(GROUP, BOB, "hi all");
    assert_eq!(id2, id + 1);
    let got = poll.await.unwrap().unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(got.len(), 1);
    assert_eq!(text_of(&got[0]).as_deref(), Some("hi all"));

    // An empty long poll ends at its timeout.
    let started = Instant::now();
    let empty = bot
        .get_updates()
        .offset(id2 as i32 + 1)
        .timeout(1)
        .await
        .unwrap();
    assert!(empty.is_empty());
    assert!(started.elapsed() >= Duration::from_millis(900));

    // limit
    for n in 0..3 {
        fake.push_text(BOB, &format!("m{n}"));
    }
    let two = bot
        .get_updates()
        .offset(id2 as i32 + 1)
        .limit(2)
        .await
        .unwrap();
    assert_eq!(
        two.iter().map(text_of).collect::<Vec<_>>(),
        [Some("m0".into()), Some("m1".into())]
    );
    assert!(fake
        .wait_until_confirmed(id2 + 3, Duration::from_millis(50))
        .await
        .is_err());
}

#[tokio::test]
async fn get_updates_conflicts() {
    let (fake, bot) = setup().await;
    let poller = bot.clone();
    let first = tokio::spawn(async move { poller.get_updates().timeout(5).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = bot.get_updates().await.unwrap();
    assert!(second.is_empty());
    assert_eq!(
        api_err(first.await.unwrap()),
        ApiError::TerminatedByOtherGetUpdates
    );

    bot.set_webhook(reqwest::Url::parse("https://example.com/hook").unwrap())
        .secret_token("s3cret".to_string())
        .await
        .unwrap();
    assert_eq!(
        fake.webhook(),
        Some((
            "https://example.com/hook".to_string(),
            Some("s3cret".to_string())
        ))
    );
    assert_eq!(
        bot.get_webhook_info().await.unwrap().url.unwrap().as_str(),
        "https://example.com/hook"
    );
    let (status, body) = raw(&fake, "getUpdates", json!({})).await;
    assert_eq!(status, 409);
    assert_eq!(
        body["description"],
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
    );
    assert!(matches!(
        api_err(bot.get_updates().await),
        ApiError::Unknown(_)
    ));
    let (status, _) = raw(
        &fake,
        "setWebhook",
        json!({"url": "https://example.com:9999/x"}),
    )
    .await;
    assert_eq!(status, 400);

    bot.delete_webhook().await.unwrap();
    assert_eq!(fake.webhook(), None);
    assert!(bot.get_updates().await.unwrap().is_empty());
}

#[tokio::test]
async fn allowed_updates_filter_new_updates() {
    let (fake, bot) = setup().await;
    let keyboard =
        InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback("Ok", "ok")]]);
    let msg = bot
        .send_message(ChatId(ALICE), "Pick")
        .reply_markup(keyboard)
        .await
        .unwrap();
    assert!(bot
        .get_updates()
        .allowed_updates(vec![AllowedUpdate::Message])
        .await
        .unwrap()
        .is_empty());
    let dropped = fake.push_callback(ALICE, msg.id.0, "ok");
    assert_eq!(fake.pending_updates(), 0);
    let err = fake
        .wait_until_confirmed(dropped, Duration::from_millis(50))
        .await
        .unwrap_err();
    assert!(err.contains("allowed_updates"), "{err}");
    let kept = fake.push_text(ALICE, "still delivered");
    assert_eq!(bot.get_updates().await.unwrap()[0].id.0 as i64, kept);
}

#[tokio::test]
async fn dispatcher_with_polling_answers_pushed_messages() {
    let (fake, bot) = setup().await;
    let first = fake.push_text(ALICE, "ping");
    let handler = Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
        bot.send_message(
            msg.chat.id,
            format!("pong: {}", msg.text().unwrap_or_default()),
        )
        .await?;
        respond(())
    });
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler).build();
    let token = dispatcher.shutdown_token();
    let listener = teloxide::update_listeners::Polling::builder(bot.clone())
        .timeout(Duration::from_secs(1))
        .build();
    let task = tokio::spawn(async move {
        dispatcher
            .dispatch_with_listener(
                listener,
                LoggingErrorHandler::with_custom_text("dispatcher"),
            )
            .await
    });

    let sent = fake.wait_for_sent(1, Duration::from_secs(5)).await.unwrap();
    assert_eq!(
        (sent[0].chat_id, sent[0].text.as_str()),
        (ALICE, "pong: ping")
    );
    fake.wait_until_confirmed(first, Duration::from_secs(5))
        .await
        .unwrap();

    let second = fake.push_text(BOB, "again");
    let sent = fake.wait_for_sent(2, Duration::from_secs(5)).await.unwrap();
    assert_eq!(
        (sent[1].chat_id, sent[1].text.as_str()),
        (BOB, "pong: again")
    );
    fake.wait_until_confirmed(second, Duration::from_secs(5))
        .await
        .unwrap();

    token.shutdown().unwrap().await;
    task.await.unwrap();
    // On shutdown teloxide confirms with a last `limit=1, timeout=0` getUpdates while its
    // long poll may still be open; Telegram (and the fake) then ends the older poll with 409.
    let polls = fake.calls_of("getupdates");
    assert!(
        polls.iter().all(|c| c.ok || c.error_code == Some(409)),
        "{polls:?}"
    );
    assert!(
        polls
            .iter()
            .any(|c| c.params["limit"] == 1 && c.params["timeout"] == 0),
        "{polls:?}"
    );
    assert_eq!(fake.confirmed_offset(), second + 1);
    assert!(polls[0].params["allowed_updates"].is_array());
    assert!(fake.calls().iter().any(|c| c.method == "getme"));
}

/// `teloxide::repl` needs teloxide's `ctrlc_handler` feature, which the host crate does not
/// enable; this does what repl does: default polling (which deletes a webhook) + Dispatcher.
#[tokio::test]
async fn default_polling_removes_webhook_and_answers_commands() {
    let (fake, bot) = setup().await;
    bot.set_webhook(reqwest::Url::parse("https://example.com/hook").unwrap())
        .await
        .unwrap();
    fake.push_text(ALICE, "/start");
    let listener = teloxide::update_listeners::polling_default(bot.clone()).await;
    assert_eq!(fake.webhook(), None);
    let handler = Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
        bot.send_message(msg.chat.id, "Welcome!").await?;
        respond(())
    });
    let task = tokio::spawn(async move {
        Dispatcher::builder(bot, handler)
            .build()
            .dispatch_with_listener(listener, LoggingErrorHandler::new())
            .await
    });
    let sent = fake.wait_for_sent(1, Duration::from_secs(5)).await.unwrap();
    assert_eq!(
        (sent[0].chat_id, sent[0].text.as_str()),
        (ALICE, "Welcome!")
    );
    task.abort();
}

#[tokio::test]
async fn blocking_and_unblocking_the_bot_are_my_chat_member_updates() {
    let (fake, bot) = setup().await;
    let blocked = fake.push_my_chat_member(ALICE, "kicked");
    let (_, body) = raw(&fake, "getUpdates", json!({})).await;
    let update = &body["result"][0];
    assert_eq!(update["update_id"], blocked);
    let change = &update["my_chat_member"];
    assert_eq!(change["chat"]["id"], ALICE);
    assert_eq!(change["chat"]["type"], "private");
    assert_eq!(change["from"]["id"], ALICE);
    assert!(change["date"].as_i64().unwrap() > 0);
    let bot_user = json!({"id": fake.bot_user_id(), "is_bot": true, "first_name": "Support Test Bot", "username": "support_test_bot"});
    assert_eq!(
        change["old_chat_member"],
        json!({"user": bot_user, "status": "member"})
    );
    assert_eq!(
        change["new_chat_member"],
        json!({"user": bot_user, "status": "kicked", "until_date": 0})
    );

    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::MyChatMember(change) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert_eq!(change.chat.id, ChatId(ALICE));
    assert_eq!(change.new_chat_member.user.id.0 as i64, fake.bot_user_id());
    assert!(matches!(
        change.old_chat_member.kind,
        ChatMemberKind::Member(_)
    ));
    assert!(matches!(
        change.new_chat_member.kind,
        ChatMemberKind::Banned(_)
    ));
    assert_eq!(
        api_err(bot.send_message(ChatId(ALICE), "hello?").await),
        ApiError::BotBlocked
    );

    let unblocked = fake.push_my_chat_member(ALICE, "member");
    let updates = bot.get_updates().offset(blocked as i32 + 1).await.unwrap();
    assert_eq!(updates[0].id.0 as i64, unblocked);
    let UpdateKind::MyChatMember(change) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert!(matches!(
        change.old_chat_member.kind,
        ChatMemberKind::Banned(_)
    ));
    assert!(matches!(
        change.new_chat_member.kind,
        ChatMemberKind::Member(_)
    ));
    bot.send_message(ChatId(ALICE), "welcome back")
        .await
        .unwrap();

    for (chat, status) in [
        (ALICE, "administrator"),
        (GROUP, "kicked"),
        (4242, "kicked"),
    ] {
        let misuse = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            fake.push_my_chat_member(chat, status)
        }));
        assert!(misuse.is_err(), "{chat} {status}");
    }
}

#[tokio::test]
async fn a_block_the_bot_is_not_told_of_still_blocks() {
    let (fake, bot) = setup().await;
    bot.get_updates()
        .allowed_updates(vec![AllowedUpdate::Message])
        .await
        .unwrap();
    let dropped = fake.push_my_chat_member(BOB, "kicked");
    let err = fake
        .wait_until_confirmed(dropped, Duration::from_millis(50))
        .await
        .unwrap_err();
    assert!(err.contains("my_chat_member"), "{err}");
    assert_eq!(
        api_err(bot.send_message(ChatId(BOB), "hi").await),
        ApiError::BotBlocked
    );
    // By default, my_chat_member updates are delivered.
    bot.get_updates().allowed_updates(vec![]).await.unwrap();
    let kept = fake.push_my_chat_member(BOB, "member");
    let updates = bot.get_updates().await.unwrap();
    assert_eq!(updates[0].id.0 as i64, kept);
}

#[tokio::test]
async fn a_persons_app_language_comes_with_their_messages() {
    let (fake, bot) = setup().await;
    fake.push_text(ALICE, "one");
    fake.set_language(ALICE, Some("ru"));
    fake.push_text(ALICE, "two");
    fake.set_language(ALICE, None);
    fake.push_text(ALICE, "three");
    let updates = bot.get_updates().await.unwrap();
    let codes: Vec<Option<String>> = updates
        .iter()
        .map(|u| match &u.kind {
            UpdateKind::Message(m) => m.from.as_ref().unwrap().language_code.clone(),
            other => panic!("not a message: {other:?}"),
        })
        .collect();
    assert_eq!(codes, [Some("en".into()), Some("ru".into()), None]);
}

#[tokio::test]
async fn idle_needs_every_update_confirmed_and_quiet_needs_only_no_call_for_a_while() {
    const QUIET: Duration = Duration::from_millis(100);
    let (fake, _bot) = setup().await;
    let id = fake.push_text(ALICE, "hello");
    assert!(fake.wait_quiet(QUIET, Duration::from_secs(1)).await.is_ok());
    let not_idle = fake.wait_idle(QUIET, Duration::from_millis(200)).await;
    assert!(not_idle.unwrap_err().contains("1 update(s) not confirmed"));

    // A call held in progress: neither quiet nor idle.
    fake.hold(Some("sendmessage"), None);
    let sending = tokio::spawn({
        let fake = fake.clone();
        async move {
            raw(
                &fake,
                "sendMessage",
                json!({"chat_id": ALICE, "text": "hi"}),
            )
            .await
        }
    });
    assert!(fake.wait_held(1, Duration::from_secs(1)).await);
    let busy = fake.wait_quiet(QUIET, Duration::from_millis(200)).await;
    assert!(busy.unwrap_err().contains("1 call(s) in progress"));

    // Answered and the update confirmed: idle once no call came for QUIET.
    fake.release();
    assert_eq!(sending.await.unwrap().0, 200);
    let (status, _) = raw(&fake, "getUpdates", json!({"offset": id + 1, "timeout": 0})).await;
    assert_eq!(status, 200);
    let began = Instant::now();
    fake.wait_idle(QUIET, Duration::from_secs(1)).await.unwrap();
    let waited = began.elapsed();
    assert!(
        waited >= QUIET / 2,
        "idle only after a quiet moment: {waited:?}"
    );
}
