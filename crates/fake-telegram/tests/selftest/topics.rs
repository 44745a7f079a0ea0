//! Forum topics: managing them under Telegram's rules, sending into them,
//! and the shape of what the team writes in them.

use std::time::Duration;

use serde_json::{json, Value};
use teloxide::prelude::*;
use teloxide::types::{
    ChatFullInfoKind, ChatFullInfoPublicKind, ChatKind, ChatPublic, InlineKeyboardButton,
    InlineKeyboardMarkup, MessageId, PublicChatKind, ReplyParameters, Rgb, ThreadId, UpdateKind,
};

use crate::*;

const FORUM: i64 = -1_001_500;

async fn forum_setup() -> (FakeTelegram, Bot) {
    let (fake, bot) = setup().await;
    fake.add_forum_chat(FORUM, "Support forum");
    (fake, bot)
}

/// Creates a topic through the API and returns its thread id.
async fn create(fake: &FakeTelegram, name: &str) -> i32 {
    let (status, body) = raw(
        fake,
        "createForumTopic",
        json!({"chat_id": FORUM, "name": name}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["result"]["message_thread_id"].as_i64().unwrap() as i32
}

/// Calls `method` and returns the error description (None when it succeeded).
async fn error_of(fake: &FakeTelegram, method: &str, body: Value) -> Option<String> {
    let (status, body) = raw(fake, method, body).await;
    match status {
        200 => None,
        _ => Some(body["description"].as_str().unwrap().to_string()),
    }
}

fn is_forum(chat: &teloxide::types::Chat) -> bool {
    matches!(
        &chat.kind,
        ChatKind::Public(ChatPublic { kind: PublicChatKind::Supergroup(s), .. }) if s.is_forum
    )
}

fn thread(id: i32) -> ThreadId {
    ThreadId(MessageId(id))
}

#[tokio::test]
async fn a_forum_is_a_supergroup_with_is_forum() {
    let (fake, bot) = forum_setup().await;
    let chat = bot.get_chat(ChatId(FORUM)).await.unwrap();
    match chat.kind {
        ChatFullInfoKind::Public(public) => match public.kind {
            ChatFullInfoPublicKind::Supergroup(s) => assert!(s.is_forum),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let (_, body) = raw(&fake, "getChat", json!({"chat_id": GROUP})).await;
    assert_eq!(body["result"]["type"], "group");
    assert!(body["result"].get("is_forum").is_none());
    assert!(bot.get_chat(ChatId(ALICE)).await.is_ok());

    let sent = bot.send_message(ChatId(FORUM), "to General").await.unwrap();
    assert!(is_forum(&sent.chat));
    assert_eq!(sent.thread_id, None);
    assert!(!sent.is_topic_message);
    assert_eq!(fake.sent()[0].thread, None);
}

#[tokio::test]
async fn creating_a_topic_posts_its_service_message() {
    let (fake, bot) = forum_setup().await;
    bot.send_message(ChatId(FORUM), "first").await.unwrap();
    let topic = bot
        .create_forum_topic(ChatId(FORUM), "Ticket #1 · Alice")
        .await
        .unwrap();
    assert_eq!(topic.thread_id, thread(2));
    assert_eq!(topic.icon_color, Rgb::from_u32(7_322_096));
    let created = fake.message(FORUM, 2).unwrap();
    assert_eq!(
        created["forum_topic_created"],
        json!({"name": "Ticket #1 · Alice", "icon_color": 7_322_096})
    );
    assert_eq!(created["message_thread_id"], 2);
    assert_eq!(created["is_topic_message"], true);
    assert_eq!(created["from"]["id"], fake.bot_user_id());
    // Thread ids follow the chat's message ids and stay unique.
    let next = bot.send_message(ChatId(FORUM), "second").await.unwrap();
    assert_eq!(next.id, MessageId(3));
    let (_, body) = raw(
        &fake,
        "createForumTopic",
        json!({"chat_id": FORUM, "name": "Ticket #2", "icon_color": 16_478_047, "icon_custom_emoji_id": "5312536423851630001"}),
    )
    .await;
    assert_eq!(
        body["result"],
        json!({"message_thread_id": 4, "name": "Ticket #2", "icon_color": 16_478_047, "icon_custom_emoji_id": "5312536423851630001"})
    );
    let topics = fake.topics(FORUM);
    assert_eq!(
        topics.iter().map(|t| t.thread).collect::<Vec<_>>(),
        vec![2, 4]
    );
    assert_eq!(topics[0].name, "Ticket #1 · Alice");
    assert_eq!(
        topics[1].icon_custom_emoji_id.as_deref(),
        Some("5312536423851630001")
    );
    assert!(!topics[0].closed && !topics[0].deleted);
    // Creating a topic is not a message the bot sent.
    assert_eq!(fake.sent().len(), 2);
}

#[tokio::test]
async fn topic_names_and_where_topics_can_be() {
    let (fake, _bot) = forum_setup().await;
    let err = |body: Value| error_of(&fake, "createForumTopic", body);
    assert_eq!(
        err(json!({"chat_id": FORUM, "name": ""})).await.as_deref(),
        Some("Bad Request: TOPIC_TITLE_EMPTY")
    );
    assert_eq!(
        err(json!({"chat_id": FORUM, "name": "  "}))
            .await
            .as_deref(),
        Some("Bad Request: TOPIC_TITLE_EMPTY")
    );
    // 128 UTF-16 code units at most: 😀 counts two.
    assert_eq!(
        err(json!({"chat_id": FORUM, "name": "a".repeat(128)})).await,
        None
    );
    assert_eq!(
        err(json!({"chat_id": FORUM, "name": "😀".repeat(64)})).await,
        None
    );
    assert_eq!(
        err(json!({"chat_id": FORUM, "name": "😀".repeat(65)}))
            .await
            .as_deref(),
        Some("Bad Request: TOPIC_TITLE_TOO_LONG")
    );
    assert_eq!(
        err(json!({"chat_id": FORUM, "name": "x", "icon_color": 123}))
            .await
            .as_deref(),
        Some("Bad Request: TOPIC_ICON_COLOR_INVALID")
    );
    for chat in [GROUP, ALICE] {
        assert_eq!(
            err(json!({"chat_id": chat, "name": "x"})).await.as_deref(),
            Some("Bad Request: the chat is not a forum")
        );
    }
    assert_eq!(
        err(json!({"chat_id": -42, "name": "x"})).await.as_deref(),
        Some("Bad Request: chat not found")
    );
    fake.block(FORUM);
    let (status, body) = raw(
        &fake,
        "createForumTopic",
        json!({"chat_id": FORUM, "name": "x"}),
    )
    .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (
            403,
            Some("Forbidden: bot was kicked from the supergroup chat")
        )
    );
    assert_eq!(fake.topics(FORUM).len(), 2);
}

#[tokio::test]
async fn edit_close_reopen_and_delete_with_their_errors() {
    let (fake, bot) = forum_setup().await;
    let t = create(&fake, "Ticket #1").await;
    let err = |method: &'static str, extra: Value| {
        let mut body = json!({"chat_id": FORUM, "message_thread_id": t});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        error_of(&fake, method, body)
    };
    const NOT_MODIFIED: &str = "Bad Request: TOPIC_NOT_MODIFIED";
    const NOT_FOUND: &str = "Bad Request: message thread not found";

    // Edit: a new name and/or icon; nothing new is refused.
    assert_eq!(
        err("editForumTopic", json!({"name": "Ticket #1 (VIP)"})).await,
        None
    );
    assert_eq!(fake.topics(FORUM)[0].name, "Ticket #1 (VIP)");
    assert_eq!(
        err("editForumTopic", json!({"name": "Ticket #1 (VIP)"}))
            .await
            .as_deref(),
        Some(NOT_MODIFIED)
    );
    assert_eq!(
        err("editForumTopic", json!({})).await.as_deref(),
        Some(NOT_MODIFIED)
    );
    assert_eq!(
        err("editForumTopic", json!({"icon_custom_emoji_id": "77"})).await,
        None
    );
    assert_eq!(
        fake.topics(FORUM)[0].icon_custom_emoji_id.as_deref(),
        Some("77")
    );
    assert_eq!(
        err("editForumTopic", json!({"name": "a".repeat(129)}))
            .await
            .as_deref(),
        Some("Bad Request: TOPIC_TITLE_TOO_LONG")
    );
    bot.edit_forum_topic(ChatId(FORUM), thread(t))
        .name("Ticket #1 · done")
        .await
        .unwrap();
    assert_eq!(fake.topics(FORUM)[0].name, "Ticket #1 · done");

    // Close and reopen, once each.
    bot.close_forum_topic(ChatId(FORUM), thread(t))
        .await
        .unwrap();
    assert!(fake.topics(FORUM)[0].closed);
    assert_eq!(
        err("closeForumTopic", json!({})).await.as_deref(),
        Some(NOT_MODIFIED)
    );
    bot.reopen_forum_topic(ChatId(FORUM), thread(t))
        .await
        .unwrap();
    assert!(!fake.topics(FORUM)[0].closed);
    assert_eq!(
        err("reopenForumTopic", json!({})).await.as_deref(),
        Some(NOT_MODIFIED)
    );

    // Delete: the topic and its messages are gone.
    let inside = bot
        .send_message(ChatId(FORUM), "in the topic")
        .message_thread_id(thread(t))
        .await
        .unwrap();
    bot.delete_forum_topic(ChatId(FORUM), thread(t))
        .await
        .unwrap();
    assert!(fake.topics(FORUM)[0].deleted);
    assert_eq!(fake.message(FORUM, inside.id.0), None);
    assert_eq!(fake.message(FORUM, t), None);
    for method in [
        "editForumTopic",
        "closeForumTopic",
        "reopenForumTopic",
        "deleteForumTopic",
    ] {
        assert_eq!(
            err(method, json!({"name": "again"})).await.as_deref(),
            Some(NOT_FOUND),
            "{method}"
        );
    }
    for unknown in [json!(999), json!("abc")] {
        assert_eq!(
            error_of(
                &fake,
                "closeForumTopic",
                json!({"chat_id": FORUM, "message_thread_id": unknown})
            )
            .await
            .as_deref(),
            Some(NOT_FOUND)
        );
    }
    assert_eq!(
        error_of(
            &fake,
            "closeForumTopic",
            json!({"chat_id": GROUP, "message_thread_id": t})
        )
        .await
        .as_deref(),
        Some("Bad Request: the chat is not a forum")
    );
}

#[tokio::test]
async fn without_the_right_to_manage_topics() {
    let (fake, _bot) = forum_setup().await;
    let t = create(&fake, "Ticket #1").await;
    fake.set_topic_rights(FORUM, false);
    assert_eq!(
        error_of(
            &fake,
            "createForumTopic",
            json!({"chat_id": FORUM, "name": "x"})
        )
        .await
        .as_deref(),
        Some("Bad Request: not enough rights to create a topic")
    );
    // Deleting needs the right even for the topic's creator...
    assert_eq!(
        error_of(
            &fake,
            "deleteForumTopic",
            json!({"chat_id": FORUM, "message_thread_id": t})
        )
        .await
        .as_deref(),
        Some("Bad Request: not enough rights to manage topics")
    );
    // ...renaming, closing and reopening a topic it made do not.
    for method in ["editForumTopic", "closeForumTopic", "reopenForumTopic"] {
        assert_eq!(
            error_of(
                &fake,
                method,
                json!({"chat_id": FORUM, "message_thread_id": t, "name": format!("y {method}")})
            )
            .await,
            None,
            "{method}"
        );
    }

    // Writing into topics needs no such right.
    let (status, _) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": FORUM, "message_thread_id": t, "text": "hi"}),
    )
    .await;
    assert_eq!(status, 200);
    // Into a closed topic only with the right.
    fake.close_topic_by_hand(FORUM, t);
    let into_t = json!({"chat_id": FORUM, "message_thread_id": t, "text": "hi"});
    assert_eq!(
        error_of(&fake, "sendMessage", into_t.clone())
            .await
            .as_deref(),
        Some("Bad Request: TOPIC_CLOSED")
    );
    fake.set_topic_rights(FORUM, true);
    assert_eq!(error_of(&fake, "sendMessage", into_t).await, None);
    assert!(create(&fake, "Ticket #2").await > t);
}

#[tokio::test]
async fn sends_into_general_topics_closed_and_deleted_ones() {
    let (fake, bot) = forum_setup().await;
    let t = create(&fake, "Ticket #1").await;
    let msg = bot
        .send_message(ChatId(FORUM), "hello")
        .message_thread_id(thread(t))
        .await
        .unwrap();
    assert_eq!(msg.thread_id, Some(thread(t)));
    assert!(msg.is_topic_message);
    // Like Telegram: not a reply to anything else, so a reply to the topic's creation.
    let reply = msg.reply_to_message().unwrap();
    assert_eq!(reply.id, MessageId(t));
    assert!(reply.forum_topic_created().is_some());
    let last = fake.sent().last().unwrap().clone();
    assert_eq!((last.thread, last.text.as_str()), (Some(t), "hello"));

    // Every sending method takes message_thread_id.
    fake.push_photo(ALICE, None);
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(photo) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    let file = photo.photo().unwrap()[0].file.id.0.clone();
    let in_topic = json!({"chat_id": FORUM, "message_thread_id": t});
    let with = |extra: Value| {
        let mut body = in_topic.clone();
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    for (method, extra) in [
        ("sendPhoto", json!({"photo": file})),
        ("sendDocument", json!({"document": file})),
        (
            "copyMessage",
            json!({"from_chat_id": ALICE, "message_id": photo.id.0}),
        ),
        (
            "forwardMessage",
            json!({"from_chat_id": ALICE, "message_id": photo.id.0}),
        ),
    ] {
        let (status, body) = raw(&fake, method, with(extra)).await;
        assert_eq!(status, 200, "{method}: {body}");
    }
    assert!(fake
        .sent()
        .iter()
        .filter(|m| m.chat_id == FORUM)
        .all(|m| m.thread == Some(t)));
    let (status, _) = raw(&fake, "sendChatAction", with(json!({"action": "typing"}))).await;
    assert_eq!(status, 200);
    // A reply to a message in a topic stays in that topic.
    let answer = bot
        .send_message(ChatId(FORUM), "answer")
        .reply_parameters(ReplyParameters::new(msg.id))
        .await
        .unwrap();
    assert_eq!(answer.thread_id, Some(thread(t)));
    assert_eq!(answer.reply_to_message().unwrap().id, msg.id);

    let send = |thread: Value| {
        error_of(
            &fake,
            "sendMessage",
            json!({"chat_id": FORUM, "message_thread_id": thread, "text": "x"}),
        )
    };
    const NOT_FOUND: &str = "Bad Request: message thread not found";
    // Closed by the bot, then by hand: TOPIC_CLOSED for a bot without the
    // right to manage topics (with it, an admin may post into them).
    bot.close_forum_topic(ChatId(FORUM), thread(t))
        .await
        .unwrap();
    fake.set_topic_rights(FORUM, false);
    assert_eq!(
        send(json!(t)).await.as_deref(),
        Some("Bad Request: TOPIC_CLOSED")
    );
    let (status, body) = raw(&fake, "sendDocument", with(json!({"document": file}))).await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some("Bad Request: TOPIC_CLOSED"))
    );
    assert_eq!(
        error_of(
            &fake,
            "sendMessage",
            json!({"chat_id": FORUM, "text": "x", "reply_parameters": {"message_id": msg.id.0}})
        )
        .await
        .as_deref(),
        Some("Bad Request: TOPIC_CLOSED")
    );
    bot.reopen_forum_topic(ChatId(FORUM), thread(t))
        .await
        .unwrap();
    assert_eq!(send(json!(t)).await, None);
    let closed_update = fake.close_topic_by_hand(FORUM, t);
    assert!(fake.topics(FORUM)[0].closed);
    assert_eq!(
        send(json!(t)).await.as_deref(),
        Some("Bad Request: TOPIC_CLOSED")
    );
    fake.set_topic_rights(FORUM, true);
    assert_eq!(send(json!(t)).await, None, "an admin posts into it");
    let updates = bot
        .get_updates()
        .offset(updates[0].id.0 as i32 + 1)
        .await
        .unwrap();
    assert_eq!(i64::from(updates[0].id.0 as i32), closed_update);
    let UpdateKind::Message(closed) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert!(closed.forum_topic_closed().is_some());
    assert_eq!(closed.thread_id, Some(thread(t)));

    // General stays open; deleted and never-created topics are not found.
    assert_eq!(send(Value::Null).await, None);
    assert_eq!(fake.sent().last().unwrap().thread, None);
    let other = create(&fake, "Ticket #2").await;
    fake.delete_topic_by_hand(FORUM, other);
    assert!(fake.topics(FORUM)[1].deleted);
    assert_eq!(send(json!(other)).await.as_deref(), Some(NOT_FOUND));
    assert_eq!(send(json!(12_345)).await.as_deref(), Some(NOT_FOUND));
    // A message id that is not a topic is not a thread either.
    assert_eq!(send(json!(msg.id.0)).await.as_deref(), Some(NOT_FOUND));
    // No topics in private chats and plain groups.
    for chat in [ALICE, GROUP] {
        let (status, body) = raw(
            &fake,
            "sendMessage",
            json!({"chat_id": chat, "message_thread_id": t, "text": "x"}),
        )
        .await;
        assert_eq!(
            (status, body["description"].as_str()),
            (400, Some(NOT_FOUND))
        );
    }
}

#[tokio::test]
async fn the_team_writes_in_topics_as_telegram_shapes_it() {
    let (fake, bot) = forum_setup().await;
    let t = create(&fake, "Ticket #1").await;
    let id = fake.push_topic_message(FORUM, t, 2001, "Dana", "/claim");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(msg) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert_eq!(msg.id, MessageId(id));
    assert_eq!(msg.thread_id, Some(thread(t)));
    assert!(msg.is_topic_message);
    let from = msg.from.as_ref().unwrap();
    assert_eq!((from.id.0, from.first_name.as_str()), (2001, "Dana"));
    assert!(is_forum(&msg.chat));
    let created = msg.reply_to_message().unwrap();
    assert_eq!(created.id, MessageId(t));
    assert_eq!(created.forum_topic_created().unwrap().name, "Ticket #1");
    let raw_msg = fake.message(FORUM, id).unwrap();
    assert_eq!(
        raw_msg["entities"],
        json!([{"type": "bot_command", "offset": 0, "length": 6}])
    );
    assert!(raw_msg["reply_to_message"]
        .get("reply_to_message")
        .is_none());

    // A reply inside the topic replies to that message and stays in the topic.
    let bot_msg = bot
        .send_message(ChatId(FORUM), "Claimed")
        .message_thread_id(thread(t))
        .await
        .unwrap();
    let reply = fake.push_topic_reply(FORUM, t, 2002, "Eve", "thanks", bot_msg.id.0);
    let reply = fake.message(FORUM, reply).unwrap();
    assert_eq!(reply["reply_to_message"]["message_id"], bot_msg.id.0);
    assert_eq!(reply["reply_to_message"]["text"], "Claimed");
    assert_eq!(reply["message_thread_id"], t);
    assert_eq!(reply["is_topic_message"], true);
    assert_eq!(reply["from"]["first_name"], "Eve");
}

#[tokio::test]
async fn a_button_pressed_in_a_topic_carries_the_topic() {
    let (fake, bot) = forum_setup().await;
    let t = create(&fake, "Ticket #1").await;
    let keyboard =
        InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Claim", "claim:1")]]);
    let msg = bot
        .send_message(ChatId(FORUM), "New ticket")
        .message_thread_id(thread(t))
        .reply_markup(keyboard)
        .await
        .unwrap();
    fake.push_group_callback(FORUM, 2001, msg.id.0, "claim:1");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::CallbackQuery(q) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert_eq!(q.from.id.0, 2001);
    assert_eq!(q.data.as_deref(), Some("claim:1"));
    let pressed = q.regular_message().unwrap();
    assert_eq!(pressed.chat.id, ChatId(FORUM));
    assert_eq!(pressed.thread_id, Some(thread(t)));
    assert!(pressed.is_topic_message);
}

#[tokio::test]
async fn topics_share_their_group_s_flood_limits() {
    let (fake, bot) = forum_setup().await;
    let a = create(&fake, "A").await;
    let b = create(&fake, "B").await;
    // Telegram's one per second per chat counts all topics of the chat.
    fake.enforce_telegram_limits(30);
    bot.send_message(ChatId(FORUM), "1")
        .message_thread_id(thread(a))
        .await
        .unwrap();
    let (status, _) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": FORUM, "message_thread_id": b, "text": "2"}),
    )
    .await;
    assert_eq!(status, 429);

    // Twenty per minute per group, whatever the topic (General included).
    fake.set_rate_limits(Some((20, Duration::from_secs(60))), None);
    for n in 0..20 {
        let target = [None, Some(a), Some(b)][n % 3];
        let mut req = bot.send_message(ChatId(FORUM), format!("n{n}"));
        if let Some(t) = target {
            req = req.message_thread_id(thread(t));
        }
        req.await.unwrap();
    }
    for target in [json!(a), json!(b), Value::Null] {
        let (status, body) = raw(
            &fake,
            "sendMessage",
            json!({"chat_id": FORUM, "message_thread_id": target, "text": "over"}),
        )
        .await;
        assert_eq!(status, 429, "{body}");
    }
    // Managing topics is not sending messages: not counted, not refused.
    let c = create(&fake, "C").await;
    for method in ["closeForumTopic", "reopenForumTopic", "deleteForumTopic"] {
        let (status, _) = raw(
            &fake,
            method,
            json!({"chat_id": FORUM, "message_thread_id": c}),
        )
        .await;
        assert_eq!(status, 200, "{method}");
    }
    // Another group is not affected.
    bot.send_message(ChatId(GROUP), "fine").await.unwrap();
}
