//! getChatMember with the members a test adds, setChatMenuButton, and Web
//! App buttons, getFile and downloads: Telegram's shapes and errors.

use fake_telegram::MemberStatus;
use serde_json::json;
use teloxide::types::{ChatId, ChatMemberStatus, MenuButton, UserId, WebAppInfo};

use super::*;

const FORUM: i64 = -100_777;

#[tokio::test]
async fn get_chat_member_answers_each_status_in_shapes_teloxide_reads() {
    let (fake, bot) = setup().await;
    fake.add_forum_chat(FORUM, "Team");
    fake.add_member(FORUM, ALICE, MemberStatus::Member);
    fake.add_member(FORUM, BOB, MemberStatus::Administrator);
    fake.add_member(FORUM, CAROL, MemberStatus::Kicked);
    let status = |user: i64| {
        let bot = bot.clone();
        async move {
            bot.get_chat_member(ChatId(FORUM), UserId(user as u64))
                .await
                .unwrap()
        }
    };
    let alice = status(ALICE).await;
    assert_eq!(alice.status(), ChatMemberStatus::Member);
    assert_eq!(alice.user.first_name, "Alice");
    assert!(alice.kind.is_present());
    assert_eq!(status(BOB).await.status(), ChatMemberStatus::Administrator);
    assert!(!status(CAROL).await.kind.is_present());

    // Someone who left: a later status replaces the earlier.
    fake.add_member(FORUM, ALICE, MemberStatus::Left);
    let left = status(ALICE).await;
    assert_eq!(left.status(), ChatMemberStatus::Left);
    assert!(!left.kind.is_present());

    // Known to the bot but never in the group: left, as Telegram says.
    fake.add_private_chat(2001, "Dana", None);
    assert_eq!(status(2001).await.status(), ChatMemberStatus::Left);
    // Restricted members are still present.
    fake.add_member(FORUM, BOB, MemberStatus::Restricted);
    assert!(status(BOB).await.kind.is_present());

    // The bot itself administers the group.
    let me = status(fake.bot_user_id()).await;
    assert_eq!(me.status(), ChatMemberStatus::Administrator);
}

#[tokio::test]
async fn get_chat_member_refuses_an_unknown_user_or_chat() {
    let (fake, _bot) = setup().await;
    fake.add_forum_chat(FORUM, "Team");
    let (code, body) = raw(
        &fake,
        "getChatMember",
        json!({"chat_id": FORUM, "user_id": 424242}),
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(body["description"], "Bad Request: user not found");
    let (code, body) = raw(
        &fake,
        "getChatMember",
        json!({"chat_id": -999, "user_id": ALICE}),
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(body["description"], "Bad Request: chat not found");
    let (code, body) = raw(&fake, "getChatMember", json!({"chat_id": FORUM})).await;
    assert_eq!(code, 400);
    assert_eq!(
        body["description"],
        "Bad Request: invalid user_id specified"
    );
}

#[tokio::test]
async fn a_menu_button_is_recorded_per_private_chat_and_must_be_https() {
    let (fake, bot) = setup().await;
    let button = MenuButton::WebApp {
        text: "Inbox".into(),
        web_app: WebAppInfo {
            url: "https://support.example.com/app".parse().unwrap(),
        },
    };
    bot.set_chat_menu_button()
        .chat_id(ChatId(ALICE))
        .menu_button(button)
        .await
        .unwrap();
    let set = fake.menu_button(Some(ALICE)).expect("recorded");
    assert_eq!(set["type"], "web_app");
    assert_eq!(set["web_app"]["url"], "https://support.example.com/app");
    assert!(fake.menu_button(Some(BOB)).is_none());
    let got = bot
        .get_chat_menu_button()
        .chat_id(ChatId(ALICE))
        .await
        .unwrap();
    assert!(matches!(got, MenuButton::WebApp { .. }), "{got:?}");
    let other = bot
        .get_chat_menu_button()
        .chat_id(ChatId(BOB))
        .await
        .unwrap();
    assert!(matches!(other, MenuButton::Commands), "{other:?}");

    let (code, body) = raw(
        &fake,
        "setChatMenuButton",
        json!({"chat_id": ALICE, "menu_button": {"type": "web_app", "text": "Inbox", "web_app": {"url": "http://support.example.com/app"}}}),
    )
    .await;
    assert_eq!(code, 400);
    assert!(
        body["description"]
            .as_str()
            .unwrap()
            .contains("Only HTTPS links are allowed"),
        "{body}"
    );
    let (code, _) = raw(
        &fake,
        "setChatMenuButton",
        json!({"chat_id": GROUP, "menu_button": {"type": "commands"}}),
    )
    .await;
    assert_eq!(code, 400);
}

#[tokio::test]
async fn web_app_buttons_go_to_private_chats_only_and_to_https_only() {
    let (fake, _bot) = setup().await;
    let web_app =
        |url: &str| json!({"inline_keyboard": [[{"text": "Open", "web_app": {"url": url}}]]});
    let (code, _) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": ALICE, "text": "inbox", "reply_markup": web_app("https://x.example/app")}),
    )
    .await;
    assert_eq!(code, 200);
    let (code, body) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": GROUP, "text": "inbox", "reply_markup": web_app("https://x.example/app")}),
    )
    .await;
    assert_eq!(code, 400);
    assert_eq!(body["description"], "Bad Request: BUTTON_TYPE_INVALID");
    let (code, body) = raw(
        &fake,
        "sendMessage",
        json!({"chat_id": ALICE, "text": "inbox", "reply_markup": web_app("http://x.example/app")}),
    )
    .await;
    assert_eq!(code, 400);
    assert!(
        body["description"]
            .as_str()
            .unwrap()
            .contains("Only HTTPS links are allowed"),
        "{body}"
    );
}

#[tokio::test]
async fn get_file_gives_a_path_that_downloads_and_refuses_unknown_ids() {
    use teloxide::net::Download;
    let (fake, bot) = setup().await;
    fake.push_photo(ALICE, None);
    let updates = bot.get_updates().await.unwrap();
    let teloxide::types::UpdateKind::Message(msg) = &updates[0].kind else {
        panic!("a message")
    };
    let sizes = msg.photo().expect("a photo");
    let file = bot.get_file(sizes[0].file.id.clone()).await.unwrap();
    assert!(file.path.ends_with(".png"), "{}", file.path);
    let mut bytes = Vec::new();
    bot.download_file(&file.path, &mut bytes).await.unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));

    let (code, body) = raw(&fake, "getFile", json!({"file_id": "never-issued"})).await;
    assert_eq!(code, 400);
    assert_eq!(body["description"], "Bad Request: invalid file_id");
    // A download needs the bot's token and a path getFile gave.
    let url = format!("{}file/bot{}/{}", fake.api_url(), TOKEN, file.path);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);
    let wrong = format!("{}file/bot999:nope/{}", fake.api_url(), file.path);
    assert_eq!(reqwest::get(&wrong).await.unwrap().status(), 404);
    let unknown = format!("{}file/bot{}/photos/nothing.png", fake.api_url(), TOKEN);
    assert_eq!(reqwest::get(&unknown).await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_photo_from_before_the_bot_ran_downloads_like_a_pushed_one() {
    use teloxide::net::Download;
    let (fake, bot) = setup().await;
    let id = fake.earlier_photo();
    let file = bot
        .get_file(teloxide::types::FileId(id.clone()))
        .await
        .unwrap();
    let mut bytes = Vec::new();
    bot.download_file(&file.path, &mut bytes).await.unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    assert_ne!(fake.earlier_photo(), id, "each photo has its own id");
    assert!(
        bot.get_updates().await.unwrap().is_empty(),
        "no update was made"
    );
}
