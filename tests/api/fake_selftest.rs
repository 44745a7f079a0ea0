//! Self-tests of the fake Telegram server, driven by a real teloxide `Bot`
//! and raw HTTP: the fake must enforce Telegram's rules, or the bot's tests
//! against it would prove nothing.

use crate::fake_telegram;

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use fake_telegram::FakeTelegram;
use serde_json::{json, Value};
use teloxide::dispatching::UpdateFilterExt;
use teloxide::prelude::*;
use teloxide::types::{
    AllowedUpdate, BotCommand, BotCommandScope, ChatAction, FileId, InlineKeyboardButton,
    InlineKeyboardMarkup, InputFile, MediaKind, MessageEntityKind, MessageId, MessageKind,
    ParseMode, Recipient, ReplyParameters, Seconds, UpdateKind,
};
use teloxide::{ApiError, RequestError};

const TOKEN: &str = "123456:TEST-token_abc";
const ALICE: i64 = 1001;
const BOB: i64 = 1002;
const GROUP: i64 = -5001;

async fn setup() -> (FakeTelegram, Bot) {
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ALICE, "Alice", Some("alice"));
    fake.add_private_chat(BOB, "Bob", None);
    fake.add_group_chat(GROUP, "Support team");
    let bot = Bot::new(TOKEN).set_api_url(reqwest::Url::parse(&fake.api_url()).unwrap());
    (fake, bot)
}

/// POSTs a JSON body to `method` and returns (HTTP status, response JSON).
async fn raw(fake: &FakeTelegram, method: &str, body: Value) -> (u16, Value) {
    let url = format!("{}bot{}/{}", fake.api_url(), TOKEN, method);
    let resp = reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

fn api_err<T: std::fmt::Debug>(result: Result<T, RequestError>) -> ApiError {
    match result {
        Err(RequestError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn entities_error<T: std::fmt::Debug>(result: Result<T, RequestError>) -> String {
    match api_err(result) {
        ApiError::CantParseEntities(description) => description,
        other => panic!("expected CantParseEntities, got {other:?}"),
    }
}

fn text_of(update: &teloxide::types::Update) -> Option<String> {
    match &update.kind {
        UpdateKind::Message(m) => m.text().map(str::to_string),
        _ => None,
    }
}

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
    let (status, body) = raw(&fake, "getChat", json!({"chat_id": ALICE})).await;
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
async fn text_length_is_counted_in_utf16_after_parsing() {
    let (_fake, bot) = setup().await;
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
    // Markup does not count.
    let html = format!("<b>{}</b>", "a".repeat(4096));
    assert!(send(html).parse_mode(ParseMode::Html).await.is_ok());
    let html = format!("<b>{}</b>", "a".repeat(4097));
    assert_eq!(
        api_err(send(html).parse_mode(ParseMode::Html).await),
        ApiError::MessageIsTooLong
    );

    assert_eq!(
        api_err(send(String::new()).await),
        ApiError::MessageTextIsEmpty
    );
    assert_eq!(
        api_err(send("  \n ".into()).await),
        ApiError::MessageTextIsEmpty
    );
    assert_eq!(
        api_err(send("<b> </b>".into()).parse_mode(ParseMode::Html).await),
        ApiError::MessageTextIsEmpty
    );
}

#[tokio::test]
async fn html_is_validated_like_telegram() {
    let (fake, bot) = setup().await;
    let html = |text: &str| {
        bot.send_message(ChatId(ALICE), text.to_string())
            .parse_mode(ParseMode::Html)
    };

    let good = concat!(
        "<b>bold</b> <strong>s</strong> <i>it</i> <u>u</u> <s>st</s> <tg-spoiler>sp</tg-spoiler> ",
        "<span class=\"tg-spoiler\">sp2</span> <a href=\"https://example.com/x?a=1&amp;b=2\">link</a> ",
        "<code>c</code> <pre><code class=\"language-rust\">fn main() {}</code></pre> ",
        "<blockquote expandable>q</blockquote> <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji> ",
        "&lt;tag&gt; &amp; &quot; &#33;"
    );
    let msg = html(good).await.unwrap();
    assert_eq!(
        msg.text(),
        Some("bold s it u st sp sp2 link c fn main() {} q 👍 <tag> & \" !")
    );
    let kinds: Vec<MessageEntityKind> = msg
        .entities()
        .unwrap()
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    assert!(kinds.contains(&MessageEntityKind::Bold));
    assert!(kinds.contains(&MessageEntityKind::Spoiler));
    assert!(kinds.contains(&MessageEntityKind::ExpandableBlockquote));
    assert!(kinds.contains(&MessageEntityKind::Pre {
        language: Some("rust".into())
    }));
    assert!(kinds.iter().any(|k| matches!(k, MessageEntityKind::TextLink { url } if url.as_str() == "https://example.com/x?a=1&b=2")));
    assert!(kinds
        .iter()
        .any(|k| matches!(k, MessageEntityKind::CustomEmoji { .. })));
    let bold = &msg.entities().unwrap()[0];
    assert_eq!((bold.offset, bold.length), (0, 4));
    assert_eq!(
        fake.sent().last().unwrap().parse_mode.as_deref(),
        Some("HTML")
    );
    assert_eq!(fake.sent().last().unwrap().text, good);

    let cases = [
        ("a < b", "Unsupported start tag \"\" at byte offset 2"),
        ("<x>hi</x>", "Unsupported start tag \"x\" at byte offset 0"),
        (
            "<b>hi",
            "Can't find end tag corresponding to start tag \"b\"",
        ),
        ("hi</b>", "Unexpected end tag at byte offset 2"),
        (
            "<b>hi</i>",
            "Unmatched end tag at byte offset 5, expected \"</b>\", found \"</i>\"",
        ),
        (
            "<span>x</span>",
            "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0",
        ),
        (
            "<a href=\"x\" title>t</a>",
            "Expected equal sign in declaration of an attribute of the tag \"a\" at byte offset 0",
        ),
        ("é <div>", "Unsupported start tag \"div\" at byte offset 3"),
    ];
    for (text, expected) in cases {
        assert_eq!(
            entities_error(html(text).await),
            format!("Bad Request: can't parse entities: {expected}"),
            "{text}"
        );
    }
    let amp = entities_error(html("AT&T").await);
    assert!(
        amp.starts_with("Bad Request: can't parse entities: "),
        "{amp}"
    );
    assert_eq!(
        html("&lt;b&gt; not a tag").await.unwrap().text(),
        Some("<b> not a tag")
    );
    fake.set_strict_html_ampersand(false);
    assert_eq!(html("AT&T").await.unwrap().text(), Some("AT&T"));
}

#[tokio::test]
async fn markdown_v2_is_validated_like_telegram() {
    let (_fake, bot) = setup().await;
    let md = |text: &str| {
        bot.send_message(ChatId(ALICE), text.to_string())
            .parse_mode(ParseMode::MarkdownV2)
    };

    assert_eq!(
        entities_error(md("Hello.").await),
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"
    );
    assert!(entities_error(md("Price: 5-10").await).contains("Character '-' is reserved"));
    assert!(entities_error(md("(note)").await).contains("Character '(' is reserved"));
    assert_eq!(md("Hello\\.").await.unwrap().text(), Some("Hello."));
    assert_eq!(
        md("1\\+1\\=2 \\(ok\\)\\!").await.unwrap().text(),
        Some("1+1=2 (ok)!")
    );

    let msg = md("*bold* _it_ __u__ ~s~ ||sp|| `code` [link](https://example.com)")
        .await
        .unwrap();
    assert_eq!(msg.text(), Some("bold it u s sp code link"));
    let kinds: Vec<MessageEntityKind> = msg
        .entities()
        .unwrap()
        .iter()
        .map(|e| e.kind.clone())
        .collect();
    for expected in [
        MessageEntityKind::Bold,
        MessageEntityKind::Italic,
        MessageEntityKind::Underline,
        MessageEntityKind::Strikethrough,
        MessageEntityKind::Spoiler,
        MessageEntityKind::Code,
    ] {
        assert!(
            kinds.contains(&expected),
            "{expected:?} missing from {kinds:?}"
        );
    }
    let pre = md("```rust\nfn main() {}\n```").await.unwrap();
    assert_eq!(pre.text(), Some("fn main() {}"));
    assert_eq!(
        pre.entities().unwrap()[0].kind,
        MessageEntityKind::Pre {
            language: Some("rust".into())
        }
    );
    let quote = md(">quoted\n>line two\nafter").await.unwrap();
    assert_eq!(quote.text(), Some("quoted\nline two\nafter"));
    assert_eq!(
        quote.entities().unwrap()[0].kind,
        MessageEntityKind::Blockquote
    );
    let expandable = md("**>hidden\n>more||").await.unwrap();
    assert_eq!(expandable.text(), Some("hidden\nmore"));
    assert_eq!(
        expandable.entities().unwrap()[0].kind,
        MessageEntityKind::ExpandableBlockquote
    );
    let custom = md("![👍](tg://emoji?id=5368324170671202286) \\o/")
        .await
        .unwrap();
    assert_eq!(custom.text(), Some("👍 o/"));
    assert!(matches!(
        custom.entities().unwrap()[0].kind,
        MessageEntityKind::CustomEmoji { .. }
    ));
    assert!(entities_error(md("||open").await)
        .contains("Can't find end of Spoiler entity at byte offset 0"));

    assert_eq!(
        entities_error(md("*bold").await),
        "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0"
    );
    assert_eq!(
        entities_error(md("snake_case").await),
        "Bad Request: can't parse entities: Can't find end of Italic entity at byte offset 5"
    );
    assert!(
        entities_error(md("[link](https://example.com").await).contains("Can't find end of a URL")
    );
}

#[tokio::test]
async fn legacy_markdown_and_parse_mode_names() {
    let (fake, bot) = setup().await;
    #[allow(deprecated)]
    let md = |text: &str| {
        bot.send_message(ChatId(ALICE), text.to_string())
            .parse_mode(ParseMode::Markdown)
    };
    assert_eq!(
        md("*ok* and `code` and [site](example.com)")
            .await
            .unwrap()
            .text(),
        Some("ok and code and site")
    );
    assert_eq!(
        entities_error(md("*bold").await),
        "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0"
    );
    assert_eq!(
        entities_error(md("snake_case").await),
        "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 5"
    );
    let (status, body) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": ALICE, "text": "x", "parse_mode": "Xml"}),
    )
    .await;
    assert_eq!(
        (status, body["description"].as_str()),
        (400, Some("Bad Request: unsupported parse_mode"))
    );
    let (status, _) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": ALICE, "text": "<b>x</b>", "parse_mode": "html"}),
    )
    .await;
    assert_eq!(status, 200);
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
        .caption("from <b>Alice</b>")
        .parse_mode(ParseMode::Html)
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
