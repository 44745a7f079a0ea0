//! Sending, editing and deleting messages under the platform's rules, plain
//! text only.

use std::panic::AssertUnwindSafe;

use serde_json::json;
use teloxide::prelude::*;
use teloxide::types::{
    BotCommand, BotCommandScope, ChatAction, FileId, InlineKeyboardButton, InlineKeyboardMarkup,
    InputFile, MediaKind, MessageEntity, MessageId, MessageKind, ParseMode, Recipient,
    ReplyParameters, UpdateKind,
};
use teloxide::ApiError;

use crate::*;

#[tokio::test]
async fn text_length_is_counted_in_utf16() {
    let (fake, bot) = setup().await;
    let send = |text: String| bot.send_message(ChatId(ALICE), text);
    assert!(send("a".repeat(4096)).await.is_ok());
    assert_eq!(
        api_err(send("a".repeat(4097)).await),
        ApiError::MessageIsTooLong
    );
    // 😀 is one char but two UTF-16 code units.
    assert!(send("😀".repeat(2048)).await.is_ok());
    assert_eq!(
        api_err(send("😀".repeat(2049)).await),
        ApiError::MessageIsTooLong
    );
    // Surrounding whitespace is trimmed, and does not count.
    let padded = send(format!("  {}\n", "a".repeat(4096))).await.unwrap();
    assert_eq!(padded.text().map(str::len), Some(4096));
    assert_eq!(
        api_err(send(String::new()).await),
        ApiError::MessageTextIsEmpty
    );
    assert_eq!(
        api_err(send("  \n ".into()).await),
        ApiError::MessageTextIsEmpty
    );

    fake.push_photo(ALICE, None);
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(photo) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    let file = photo.photo().unwrap()[0].file.id.clone();
    let with_caption = |caption: String| {
        bot.send_photo(ChatId(GROUP), InputFile::file_id(file.clone()))
            .caption(caption)
    };
    assert!(with_caption("😀".repeat(512)).await.is_ok());
    let (status, body) = raw(
        &fake,
        "sendPhoto",
        json!({"chat_id": GROUP, "photo": &file.0, "caption": "a".repeat(1025)}),
    )
    .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some("Bad Request: message caption is too long"))
    );
    assert!(with_caption("😀".repeat(513)).await.is_err());
}

#[tokio::test]
async fn formatting_is_refused() {
    let (fake, bot) = setup().await;
    const REFUSED: &str =
        "Bad Request: parse_mode and entities are refused: the bot sends plain text";
    let refused = ApiError::Unknown(REFUSED.to_string());
    assert_eq!(
        api_err(
            bot.send_message(ChatId(ALICE), "<b>hi</b>")
                .parse_mode(ParseMode::Html)
                .await
        ),
        refused
    );
    assert_eq!(
        api_err(
            bot.send_message(ChatId(ALICE), "*hi*")
                .parse_mode(ParseMode::MarkdownV2)
                .await
        ),
        refused
    );
    let bold = MessageEntity::bold(0, 2);
    assert_eq!(
        api_err(
            bot.send_message(ChatId(ALICE), "hi")
                .entities(vec![bold.clone()])
                .await
        ),
        refused
    );
    let msg = bot.send_message(ChatId(ALICE), "plain").await.unwrap();
    assert_eq!(
        api_err(
            bot.edit_message_text(ChatId(ALICE), msg.id, "<i>edited</i>")
                .parse_mode(ParseMode::Html)
                .await
        ),
        refused
    );
    for (method, body) in [
        (
            "sendMessage",
            json!({"chat_id": ALICE, "text": "x", "parse_mode": "Xml"}),
        ),
        (
            "sendMessage",
            json!({"chat_id": ALICE, "text": "x", "entities": "[]"}),
        ),
        (
            "sendPhoto",
            json!({"chat_id": ALICE, "photo": "x", "caption": "x", "caption_entities": []}),
        ),
        (
            "copyMessage",
            json!({"chat_id": ALICE, "from_chat_id": ALICE, "message_id": msg.id.0, "caption": "x", "parse_mode": "HTML"}),
        ),
    ] {
        let (status, answer) = raw(&fake, method, body).await;
        assert_eq!(
            (status, answer["description"].as_str()),
            (400, Some(REFUSED)),
            "{method}"
        );
    }
    // Markup characters in plain text are just text.
    let text = "Use <i>this</i> & *that*: 1 < 2 > 0 [link](http://x) snake_case.";
    let sent = bot.send_message(ChatId(ALICE), text).await.unwrap();
    assert_eq!(sent.text(), Some(text));
    assert!(sent.entities().is_none_or(|e| e.is_empty()));
    assert_eq!(fake.sent().len(), 2);
    assert!(fake.sent().iter().all(|m| m.parse_mode.is_none()));
}

#[tokio::test]
async fn chats_blocking_and_actions() {
    let (fake, bot) = setup().await;
    assert_eq!(
        api_err(bot.send_message(ChatId(424242), "hi").await),
        ApiError::ChatNotFound
    );
    let (status, body) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": "@nobody", "text": "hi"}),
    )
    .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some("Bad Request: chat not found"))
    );
    let (_, body) = raw(&fake, "sendMessage", json!({"text": "hi"})).await;
    assert_eq!(body["description"], "Bad Request: chat_id is empty");

    fake.block(ALICE);
    assert_eq!(
        api_err(bot.send_message(ChatId(ALICE), "hi").await),
        ApiError::BotBlocked
    );
    let (status, body) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": ALICE, "text": "hi"}),
    )
    .await;
    assert_eq!((status, body["error_code"].as_u64()), (403, Some(403)));
    assert_eq!(
        body["description"],
        "Forbidden: bot was blocked by the user"
    );
    assert_eq!(
        api_err(
            bot.send_chat_action(ChatId(ALICE), ChatAction::Typing)
                .await
        ),
        ApiError::BotBlocked
    );
    fake.unblock(ALICE);
    bot.send_chat_action(ChatId(ALICE), ChatAction::Typing)
        .await
        .unwrap();
    let (_, body) = raw(
        &fake,
        "sendChatAction",
        json!({"chat_id": ALICE, "action": "dancing"}),
    )
    .await;
    assert_eq!(
        body["description"],
        "Bad Request: wrong parameter action in request"
    );

    fake.block(GROUP);
    let (status, body) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": GROUP, "text": "hi"}),
    )
    .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (403, Some("Forbidden: bot was kicked from the group chat"))
    );
    assert!(fake.sent().is_empty());
}

#[tokio::test]
async fn inline_keyboards_and_callback_queries() {
    let (fake, bot) = setup().await;
    let keyboard = InlineKeyboardMarkup::new(vec![vec![
        InlineKeyboardButton::callback("Yes", "y".repeat(64)),
        InlineKeyboardButton::callback("No", "no"),
    ]]);
    let msg = bot
        .send_message(ChatId(ALICE), "Choose")
        .reply_markup(keyboard)
        .await
        .unwrap();
    assert!(msg.reply_markup().is_some());
    assert!(fake.sent()[0].reply_markup.is_some());

    let too_long = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback(
        "Long",
        "z".repeat(65),
    )]]);
    assert_eq!(
        api_err(
            bot.send_message(ChatId(ALICE), "x")
                .reply_markup(too_long)
                .await
        ),
        ApiError::ButtonDataInvalid
    );
    let empty = InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback("Empty", "")]]);
    assert_eq!(
        api_err(
            bot.send_message(ChatId(ALICE), "x")
                .reply_markup(empty)
                .await
        ),
        ApiError::TextButtonsAreUnallowed
    );

    let update_id = fake.push_callback(ALICE, msg.id.0, "no");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::CallbackQuery(query) = &updates[0].kind else {
        panic!("{updates:?}")
    };
    assert_eq!(updates[0].id.0 as i64, update_id);
    assert_eq!(query.data.as_deref(), Some("no"));
    assert_eq!(query.from.id.0 as i64, ALICE);
    assert_eq!(query.regular_message().unwrap().id, msg.id);

    bot.answer_callback_query(query.id.clone())
        .text("Noted")
        .await
        .unwrap();
    let again = api_err(bot.answer_callback_query(query.id.clone()).await);
    let expected =
        "Bad Request: query is too old and response timeout expired or query ID is invalid";
    assert_eq!(again, ApiError::Unknown(expected.to_string()));
    let (status, body) = raw(
        &fake,
        "answerCallbackQuery",
        json!({"callback_query_id": "made-up"}),
    )
    .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some(expected))
    );

    let pressed_missing = std::panic::catch_unwind(AssertUnwindSafe(|| {
        fake.push_callback(ALICE, msg.id.0, "maybe")
    }));
    assert!(pressed_missing.is_err());
    fake.push_callback_unchecked(ALICE, msg.id.0, "maybe");
    assert_eq!(fake.pending_updates(), 2);
}

#[tokio::test]
async fn bot_commands_are_validated_and_recorded() {
    let (fake, bot) = setup().await;
    bot.set_my_commands(vec![
        BotCommand::new("start", "Start"),
        BotCommand::new("help", "Get help"),
    ])
    .await
    .unwrap();
    assert_eq!(
        fake.commands(),
        vec![(
            json!({"type": "default"}),
            vec![
                ("start".into(), "Start".into()),
                ("help".into(), "Get help".into())
            ]
        )]
    );
    let listed = bot.get_my_commands().await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].command, "help");

    let chat_scope = BotCommandScope::Chat {
        chat_id: Recipient::Id(ChatId(ALICE)),
    };
    bot.set_my_commands(vec![BotCommand::new("close", "Close ticket")])
        .scope(chat_scope.clone())
        .await
        .unwrap();
    assert_eq!(fake.commands().len(), 2);
    assert_eq!(
        fake.commands()[1].0,
        json!({"type": "chat", "chat_id": ALICE})
    );

    for bad in [
        BotCommand::new("Start", "upper case"),
        BotCommand::new("a".repeat(33), "too long"),
        BotCommand::new("with-dash", "dash"),
        BotCommand::new("ok", ""),
        BotCommand::new("ok", "d".repeat(257)),
    ] {
        let err = api_err(bot.set_my_commands(vec![bad.clone()]).await);
        assert_eq!(
            err,
            ApiError::Unknown("Bad Request: BOT_COMMAND_INVALID".into()),
            "{bad:?}"
        );
    }
    bot.delete_my_commands().await.unwrap();
    assert_eq!(fake.commands().len(), 1);
    assert!(bot.get_my_commands().await.unwrap().is_empty());
    assert_eq!(
        bot.get_my_commands().scope(chat_scope).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn edits_follow_telegram_rules() {
    let (fake, bot) = setup().await;
    let msg = bot.send_message(ChatId(ALICE), "v1").await.unwrap();
    let edited = bot
        .edit_message_text(ChatId(ALICE), msg.id, "v2")
        .await
        .unwrap();
    assert_eq!(edited.text(), Some("v2"));
    assert!(edited.edit_date().is_some());
    assert_eq!(fake.message(ALICE, msg.id.0).unwrap()["text"], "v2");
    assert_eq!(
        api_err(bot.edit_message_text(ChatId(ALICE), msg.id, "v2").await),
        ApiError::MessageNotModified
    );
    assert_eq!(
        api_err(
            bot.edit_message_text(ChatId(ALICE), MessageId(999), "v3")
                .await
        ),
        ApiError::MessageToEditNotFound
    );
    fake.push_text(ALICE, "user text");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(user_msg) = &updates[0].kind else {
        panic!()
    };
    assert_eq!(
        api_err(
            bot.edit_message_text(ChatId(ALICE), user_msg.id, "hacked")
                .await
        ),
        ApiError::MessageCantBeEdited
    );

    let keyboard =
        InlineKeyboardMarkup::new(vec![vec![InlineKeyboardButton::callback("Close", "close")]]);
    let with_kb = bot
        .edit_message_reply_markup(ChatId(ALICE), msg.id)
        .reply_markup(keyboard.clone())
        .await
        .unwrap();
    assert!(with_kb.reply_markup().is_some());
    assert_eq!(
        api_err(
            bot.edit_message_reply_markup(ChatId(ALICE), msg.id)
                .reply_markup(keyboard)
                .await
        ),
        ApiError::MessageNotModified
    );
    // Editing the text without reply_markup removes the keyboard, like Telegram.
    let plain = bot
        .edit_message_text(ChatId(ALICE), msg.id, "v2")
        .await
        .unwrap();
    assert!(plain.reply_markup().is_none());
    assert_eq!(
        api_err(
            bot.edit_message_text(ChatId(ALICE), msg.id, "x".repeat(4097))
                .await
        ),
        ApiError::EditedMessageIsTooLong
    );

    bot.delete_message(ChatId(ALICE), msg.id).await.unwrap();
    assert_eq!(
        api_err(bot.delete_message(ChatId(ALICE), msg.id).await),
        ApiError::MessageToDeleteNotFound
    );
}

#[tokio::test]
async fn copies_forwards_and_replies() {
    let (fake, bot) = setup().await;
    fake.push_text(ALICE, "My order is late");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(original) = &updates[0].kind else {
        panic!()
    };

    let copied = bot
        .copy_message(ChatId(GROUP), ChatId(ALICE), original.id)
        .await
        .unwrap();
    let last = fake.sent().last().cloned().unwrap();
    assert_eq!(
        (last.chat_id, last.message_id, last.method.as_str()),
        (GROUP, copied.0, "copymessage")
    );
    assert_eq!(last.text, "My order is late");
    assert_eq!(
        fake.message(GROUP, copied.0).unwrap()["text"],
        "My order is late"
    );
    assert_eq!(
        api_err(
            bot.copy_message(ChatId(GROUP), ChatId(ALICE), MessageId(999))
                .await
        ),
        ApiError::MessageToCopyNotFound
    );
    let forwarded = bot
        .forward_message(ChatId(GROUP), ChatId(ALICE), original.id)
        .await
        .unwrap();
    assert_eq!(forwarded.text(), Some("My order is late"));
    assert!(forwarded.forward_origin().is_some());

    let reply = bot
        .send_message(ChatId(ALICE), "We are on it")
        .reply_parameters(ReplyParameters::new(original.id))
        .await
        .unwrap();
    assert_eq!(
        reply.reply_to_message().unwrap().text(),
        Some("My order is late")
    );
    assert_eq!(
        api_err(
            bot.send_message(ChatId(ALICE), "x")
                .reply_parameters(ReplyParameters::new(MessageId(999)))
                .await
        ),
        ApiError::MessageToReplyNotFound
    );
    let lenient = ReplyParameters::new(MessageId(999)).allow_sending_without_reply();
    assert!(bot
        .send_message(ChatId(ALICE), "x")
        .reply_parameters(lenient)
        .await
        .is_ok());
    // A message id of another chat does not exist in this one.
    assert_eq!(
        api_err(
            bot.send_message(ChatId(BOB), "x")
                .reply_parameters(ReplyParameters::new(original.id))
                .await
        ),
        ApiError::MessageToReplyNotFound
    );
}

#[tokio::test]
async fn media_updates_and_file_ids() {
    let (fake, bot) = setup().await;
    fake.push_photo(ALICE, Some("receipt /start"));
    fake.push_sticker(ALICE);
    fake.push_text(ALICE, "tpyo");
    let updates = bot.get_updates().await.unwrap();
    let UpdateKind::Message(photo_msg) = &updates[0].kind else {
        panic!()
    };
    let photo = photo_msg.photo().unwrap();
    assert_eq!(photo.len(), 2);
    assert_eq!(photo_msg.caption(), Some("receipt /start"));
    let UpdateKind::Message(sticker_msg) = &updates[1].kind else {
        panic!()
    };
    let sticker = sticker_msg.sticker().unwrap().clone();
    let UpdateKind::Message(typo) = &updates[2].kind else {
        panic!()
    };

    let edit_id = fake.push_edited_text(ALICE, typo.id.0, "typo");
    let edited = bot
        .get_updates()
        .offset(updates[2].id.0 as i32 + 1)
        .await
        .unwrap();
    assert_eq!(edited[0].id.0 as i64, edit_id);
    let UpdateKind::EditedMessage(e) = &edited[0].kind else {
        panic!("{edited:?}")
    };
    assert_eq!((e.id, e.text()), (typo.id, Some("typo")));

    let file_id = photo.last().unwrap().file.id.clone();
    let sent = bot
        .send_photo(ChatId(GROUP), InputFile::file_id(file_id))
        .caption(" from Alice ")
        .await
        .unwrap();
    assert!(sent.photo().is_some());
    assert_eq!(sent.caption(), Some("from Alice"));
    assert_eq!(
        api_err(
            bot.send_photo(ChatId(GROUP), InputFile::file_id(FileId("unknown".into())))
                .await
        ),
        ApiError::WrongFileIdOrUrl
    );
    assert_eq!(
        api_err(
            bot.send_photo(
                ChatId(GROUP),
                InputFile::url(reqwest::Url::parse("https://example.com/a.png").unwrap())
            )
            .await
        ),
        ApiError::WrongFileIdOrUrl
    );
    bot.send_sticker(ChatId(ALICE), InputFile::file_id(sticker.file.id))
        .await
        .unwrap();
    let doc = bot
        .send_document(
            ChatId(ALICE),
            InputFile::memory(b"hello".to_vec()).file_name("a.txt"),
        )
        .await
        .unwrap();
    let MessageKind::Common(common) = &doc.kind else {
        panic!()
    };
    let MediaKind::Document(d) = &common.media_kind else {
        panic!("{doc:?}")
    };
    assert_eq!(d.document.file_name.as_deref(), Some("a.txt"));
    // The uploaded file got an id the bot can reuse.
    bot.send_document(
        ChatId(GROUP),
        InputFile::file_id(d.document.file.id.clone()),
    )
    .await
    .unwrap();
    let methods: Vec<String> = fake.sent().into_iter().map(|s| s.method).collect();
    assert_eq!(
        methods,
        ["sendphoto", "sendsticker", "senddocument", "senddocument"]
    );

    let raw_id = fake.push_raw_update(json!({
        "poll_answer": {"poll_id": "P1", "user": {"id": ALICE, "is_bot": false, "first_name": "Alice"}, "option_ids": [0]}
    }));
    let polls = bot.get_updates().offset(edit_id as i32 + 1).await.unwrap();
    assert_eq!(polls[0].id.0 as i64, raw_id);
    assert!(matches!(polls[0].kind, UpdateKind::PollAnswer(_)));
}

#[tokio::test]
async fn a_bot_reacts_with_one_emoji_of_telegrams_list_written_without_a_variation_selector() {
    use teloxide::types::ReactionType;
    let (fake, bot) = setup().await;
    fake.push_text(ALICE, "hello");
    let message = MessageId(fake.last_message_from(ALICE).unwrap());
    let emoji = |e: &str| ReactionType::Emoji {
        emoji: e.to_string(),
    };
    bot.set_message_reaction(ChatId(ALICE), message)
        .reaction(vec![emoji("👀")])
        .await
        .unwrap();
    let reacted = fake.sent();
    let last = reacted.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.text.as_str(), last.message_id),
        ("setmessagereaction", "👀", message.0)
    );
    for refused in [
        vec![emoji("❤\u{fe0f}")],
        vec![emoji("🚀")],
        vec![emoji("👀"), emoji("✍")],
    ] {
        let err = bot
            .set_message_reaction(ChatId(ALICE), message)
            .reaction(refused.clone())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("REACTION"), "{refused:?}: {err}");
    }
    let missing = bot
        .set_message_reaction(ChatId(ALICE), MessageId(9999))
        .reaction(vec![emoji("👀")])
        .await;
    assert!(missing.is_err());
}
