//! The team's inbox over real HTTP: sign-in (Telegram's initData, one-time
//! login links, sessions), the pages and `/api`, actions that reach people
//! through the fake Bot API exactly as from Telegram, and the live stream.

use std::sync::Arc;
use std::time::Duration;

use support_bot::web::auth::sign_init_data;

use crate::helpers::*;

/// The bot with the inbox set up (`PUBLIC_URL`), two admins.
pub(crate) async fn spawn_web_app() -> TestApp {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.web.public_url = Some("http://support.example.com/".parse().unwrap());
    config.web.dashboard_token = Some("a-dashboard-token-for-tests".into());
    spawn_app_with(fake, dir, config).await
}

pub(crate) fn url(app: &TestApp, path: &str) -> String {
    format!("http://127.0.0.1:{}{path}", app.http_port)
}

/// A client that keeps no cookies and follows no redirects.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The page at `path` as Alex (an admin) gets it.
pub(crate) async fn alex_sees(app: &TestApp, path: &str) -> String {
    let resp = client()
        .get(url(app, path))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    resp.text().await.unwrap()
}

/// Telegram's initData for user `id`, signed now with the test token.
pub(crate) fn init_data(id: i64, name: &str) -> String {
    let now = support_bot::clock::now().to_string();
    let user = format!(r#"{{"id":{id},"first_name":"{name}"}}"#);
    sign_init_data(&[("auth_date", &now), ("user", &user)], TOKEN)
}

pub(crate) fn tma(id: i64, name: &str) -> String {
    format!("tma {}", init_data(id, name))
}

/// A stream token for member `id`, traded for their initData.
pub(crate) async fn stream_token(app: &TestApp, id: i64, name: &str) -> String {
    let resp = client()
        .post(url(app, "/api/stream-token"))
        .header("authorization", tma(id, name))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

/// Ann opens a ticket with `text`; returns its ID.
pub(crate) async fn ann_opens(app: &mut TestApp, text: &str) -> String {
    let sent = app.says(ANN, text, 3).await;
    app.ticket_id_in(&sent[0].text)
}

#[tokio::test]
async fn without_a_login_the_inbox_answers_401_and_shows_no_ticket() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "My printer is on fire").await;
    for path in [
        "/app".to_string(),
        "/api/tickets".to_string(),
        format!("/api/tickets/{id}"),
        format!("/app/tickets/{id}"),
        "/app/dashboard".to_string(),
        "/api/events".to_string(),
    ] {
        let resp = client().get(url(&app, &path)).send().await.unwrap();
        assert_eq!(resp.status(), 401, "{path}");
        let body = resp.text().await.unwrap();
        assert!(
            !body.contains(&id) && !body.contains("printer"),
            "{path}: {body}"
        );
    }
    // A forged or stale initData is no login either.
    let forged = init_data(ADMIN, "Alex").replace("Alex", "Eve");
    let stale = sign_init_data(
        &[
            ("auth_date", "1700000000"),
            ("user", r#"{"id":9001,"first_name":"Alex"}"#),
        ],
        TOKEN,
    );
    for data in [forged, stale] {
        let resp = client()
            .get(url(&app, "/api/tickets"))
            .header("authorization", format!("tma {data}"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 401);
    }
}

#[tokio::test]
async fn a_signed_in_person_not_on_the_team_gets_403_and_a_member_the_tickets() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "Where is my order?").await;
    let resp = client()
        .get(url(&app, "/api/tickets"))
        .header("authorization", tma(BEN, "Ben"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    assert!(!resp.text().await.unwrap().contains(&id));

    let resp = client()
        .get(url(&app, "/api/tickets"))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let list: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["rows"][0]["id"], id.as_str());
    assert_eq!(list["rows"][0]["standing"], "waiting");
    assert_eq!(list["rows"][0]["first_line"], "Where is my order?");

    let resp = client()
        .get(url(&app, &format!("/api/tickets/{id}")))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    let detail: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(detail["lines"][0]["from"], "owner");
    assert_eq!(detail["lines"][0]["text"], "Where is my order?");
}

#[tokio::test]
pub async fn a_login_link_from_web_opens_a_session_once_and_logout_ends_it() {
    let mut app = spawn_web_app().await;
    let sent = app.says(ADMIN, "/web", 1).await;
    let link = sent[0].text.clone();
    let token = link
        .split("/app/login/")
        .nth(1)
        .expect("a link in the message")
        .trim()
        .to_string();
    assert!(
        link.contains("http://support.example.com/app/login/"),
        "{link}"
    );
    // Only its hash is kept.
    let kept = serde_json::to_string(&app.store.snapshot()).unwrap();
    assert!(!kept.contains(&token));

    // Looking at the link signs nobody in (link previews fetch it too).
    let page = client()
        .get(url(&app, &format!("/app/login/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers().get("set-cookie").is_none());

    let resp = client()
        .post(url(&app, &format!("/app/login/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_string();

    let resp = client()
        .get(url(&app, "/app"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    // Used once: the second time it is refused.
    let again = client()
        .post(url(&app, &format!("/app/login/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 401);
    assert!(again.headers().get("set-cookie").is_none());

    let out = client()
        .post(url(&app, "/logout"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 200);
    let resp = client()
        .get(url(&app, "/api/tickets"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);

    // In a group, or for a person, there is no link.
    let sent = app.says(ANN, "/web", 1).await;
    assert!(!sent[0].text.contains("/app/login/"));
}

#[tokio::test]
async fn what_a_person_writes_shows_as_text_and_the_page_forbids_inline_scripts() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "<script>alert(1)</script> & <b>hi</b>").await;
    for path in ["/app".to_string(), format!("/app/tickets/{id}")] {
        let resp = client()
            .get(url(&app, &path))
            .header("authorization", tma(ADMIN, "Alex"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let csp = resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(
            csp.contains("frame-ancestors 'self' https://web.telegram.org"),
            "{csp}"
        );
        assert!(resp.headers().get("x-frame-options").is_none());
        let body = resp.text().await.unwrap();
        assert!(
            body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;hi&lt;/b&gt;"),
            "{body}"
        );
        assert!(!body.contains("<script>alert"), "{body}");
    }
}

#[tokio::test]
pub async fn a_reply_from_the_web_reaches_the_person_and_a_note_reaches_nobody() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "My printer is on fire").await;
    let before = app.fake.sent().len();
    let to_ann = app.fake.sent().iter().filter(|m| m.chat_id == ANN).count();

    let resp = client()
        .post(url(&app, &format!("/app/tickets/{id}/note")))
        .header("authorization", tma(ADMIN, "Alex"))
        .form(&[("text", "she sounds upset, be kind")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(resp
        .text()
        .await
        .unwrap()
        .contains("she sounds upset, be kind"));
    app.settle().await;
    assert_eq!(app.fake.sent().len(), before, "a note reaches nobody");

    let resp = client()
        .post(url(&app, &format!("/app/tickets/{id}/reply")))
        .header("authorization", tma(ADMIN, "Alex"))
        .form(&[("text", "Unplug it, please")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(app.fake.wait_sent_to(ANN, to_ann + 1, PATIENCE).await);
    let reply = app
        .fake
        .sent()
        .into_iter()
        .rfind(|m| m.chat_id == ANN)
        .unwrap();
    assert!(reply.text.contains("Unplug it, please"), "{}", reply.text);
    assert!(
        reply.text.contains(&id),
        "tagged like a reply from Telegram: {}",
        reply.text
    );
    // The acting member's own chat is not told: the page shows the result.
    app.settle().await;
    assert!(
        !app.fake
            .sent()
            .iter()
            .skip(before)
            .any(|m| m.chat_id == ADMIN),
        "{:#?}",
        &app.fake.sent()[before..]
    );

    // Claim and close, as from Telegram.
    for action in ["claim", "close"] {
        let resp = client()
            .post(url(&app, &format!("/app/tickets/{id}/{action}")))
            .header("authorization", tma(ADMIN, "Alex"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{action}");
    }
    let ticket = app
        .store
        .read(|m| {
            m.ticket(&support_bot::model::TicketId::parse(&id).unwrap())
                .cloned()
        })
        .unwrap();
    assert_eq!(ticket.status, support_bot::model::TicketStatus::Closed);
    assert_eq!(ticket.claim.map(|c| c.member), Some(ADMIN));
    let lines: Vec<(bool, &str)> = ticket
        .messages
        .iter()
        .map(|e| (e.note, e.text.as_str()))
        .collect();
    assert!(lines.contains(&(true, "she sounds upset, be kind")));
    assert!(lines.contains(&(false, "Unplug it, please")));
}

#[tokio::test]
pub async fn a_new_message_made_in_telegram_reaches_an_open_event_stream() {
    let mut app = spawn_web_app().await;
    let mut stream = client()
        .get(url(&app, "/api/events"))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    ann_opens(&mut app, "Hello?").await;
    let chunk = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            let chunk = stream
                .chunk()
                .await
                .unwrap()
                .expect("the stream stays open");
            let text = String::from_utf8_lossy(&chunk).to_string();
            if text.contains("event: change") {
                return text;
            }
        }
    })
    .await
    .expect("a change within 2 seconds");
    let seq = app.store.read(|m| m.seq);
    assert!(chunk.contains("id: "), "{chunk}");

    // Reconnecting with the last id seen catches up at once if anything
    // happened since.
    let mut again = client()
        .get(url(&app, "/api/events"))
        .header("authorization", tma(ADMIN, "Alex"))
        .header("last-event-id", "1")
        .send()
        .await
        .unwrap();
    let caught_up = tokio::time::timeout(Duration::from_secs(2), again.chunk())
        .await
        .expect("at once")
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&caught_up);
    assert!(text.contains("event: change"), "{text}");
    assert!(seq >= 1);
}

#[tokio::test]
async fn the_dashboard_draws_its_charts_for_a_member_and_for_the_token() {
    let mut app = spawn_web_app().await;
    ann_opens(&mut app, "Hello").await;
    let member = client()
        .get(url(&app, "/app/dashboard"))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(member.status(), 200);
    let body = member.text().await.unwrap();
    assert_eq!(body.matches("<svg").count(), 3, "{body}");
    // The page leads with the figures a lead acts on; the store's health
    // comes last, under operations.
    let at = |text: &str| body.find(text).unwrap_or_else(|| panic!("{text}: {body}"));
    let lead = at("class=\"figures lead\"");
    for figure in [
        "Open tickets",
        "Waiting for the team",
        "Median time to the first answer",
        "Average rating",
    ] {
        assert!(
            lead < at(figure) && at(figure) < at("<svg"),
            "{figure}: {body}"
        );
    }
    assert!(at("<svg") < at("id=\"operations\"") && at("id=\"operations\"") < at("Data file"));
    // Each chart has its legend, gridlines and zero line.
    assert_eq!(body.matches("class=\"legend\"").count(), 3, "{body}");
    assert_eq!(body.matches("<line class=\"zero\"").count(), 3, "{body}");
    // The token in the address sets a cookie and leads on to the address
    // without it; the page never holds the token.
    let set = client()
        .get(url(
            &app,
            "/app/dashboard?token=a-dashboard-token-for-tests",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 303);
    assert_eq!(set.headers()["location"], "/app/dashboard");
    let cookie = set.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let cookie = cookie.split(';').next().unwrap().to_string();
    for (name, value) in [
        ("cookie", cookie),
        ("authorization", "Bearer a-dashboard-token-for-tests".into()),
    ] {
        let monitor = client()
            .get(url(&app, "/app/dashboard"))
            .header(name, value)
            .send()
            .await
            .unwrap();
        assert_eq!(monitor.status(), 200, "{name}");
        let page = monitor.text().await.unwrap();
        assert_eq!(page.matches("<svg").count(), 3, "{page}");
        assert!(!page.contains("a-dashboard-token-for-tests"), "{page}");
    }
    let wrong = client()
        .get(url(
            &app,
            "/app/dashboard?token=a-dashboard-token-for-tesTS",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let wrong = client()
        .get(url(&app, "/app/dashboard"))
        .header("authorization", "Bearer a-dashboard-token-for-tesTS")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    // The token opens the dashboard only, never the tickets.
    let tickets = client()
        .get(url(&app, "/api/tickets"))
        .header("authorization", "Bearer a-dashboard-token-for-tests")
        .send()
        .await
        .unwrap();
    assert_eq!(tickets.status(), 401);
}

/// The bot with a team forum group whose members come from Telegram's
/// `getChatMember`, trusted for `cache`.
pub(crate) async fn spawn_with_team_group(cache: Duration) -> TestApp {
    let fake = fake_telegram().await;
    fake.add_forum_chat(TEAM_GROUP, "Support team");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.team.chat = Some(TEAM_GROUP);
    config.web.public_url = Some("http://support.example.com/".parse().unwrap());
    config.web.membership_cache = cache;
    spawn_app_with(fake, dir, config).await
}

pub(crate) const TEAM_GROUP: i64 = -1001234567890;
pub(crate) const CARL: i64 = 7001;
const DORA: i64 = 7002;

pub(crate) async fn status_of(app: &TestApp, who: i64, name: &str) -> u16 {
    client()
        .get(url(app, "/api/tickets"))
        .header("authorization", tma(who, name))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_member_of_the_team_group_gets_in_and_whoever_left_or_was_never_there_gets_403() {
    use fake_telegram::MemberStatus;
    let app = spawn_with_team_group(Duration::from_secs(180)).await;
    app.fake.add_private_chat(CARL, "Carl", None);
    app.fake.add_member(TEAM_GROUP, CARL, MemberStatus::Member);
    app.fake
        .add_member(TEAM_GROUP, ADMIN2, MemberStatus::Administrator);
    app.fake.add_member(TEAM_GROUP, DORA, MemberStatus::Left);
    app.fake.add_member(TEAM_GROUP, BEN, MemberStatus::Kicked);
    assert_eq!(status_of(&app, CARL, "Carl").await, 200);
    assert_eq!(status_of(&app, ADMIN2, "Sam").await, 200);
    assert_eq!(status_of(&app, DORA, "Dora").await, 403);
    assert_eq!(status_of(&app, BEN, "Ben").await, 403);
    // Known to Telegram as a person, never in the group; and unknown.
    assert_eq!(status_of(&app, ANN, "Ann").await, 403);
    assert_eq!(status_of(&app, 4242_4242, "Nobody").await, 403);
    // The answer is kept: Telegram is asked once per member.
    assert_eq!(status_of(&app, CARL, "Carl").await, 200);
    let asked = app
        .fake
        .calls_of("getchatmember")
        .iter()
        .filter(|c| c.params["user_id"] == CARL)
        .count();
    assert_eq!(asked, 1);
}

#[tokio::test]
async fn someone_who_leaves_the_team_group_is_refused_once_the_cache_time_is_over() {
    use fake_telegram::MemberStatus;
    let app = spawn_with_team_group(Duration::from_millis(300)).await;
    app.fake.add_private_chat(CARL, "Carl", None);
    app.fake.add_member(TEAM_GROUP, CARL, MemberStatus::Member);
    assert_eq!(status_of(&app, CARL, "Carl").await, 200);
    app.fake.add_member(TEAM_GROUP, CARL, MemberStatus::Left);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(status_of(&app, CARL, "Carl").await, 403);
    // Back in the group, back in the inbox.
    app.fake.add_member(TEAM_GROUP, CARL, MemberStatus::Member);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(status_of(&app, CARL, "Carl").await, 200);
}

/// The bot with `PUBLIC_URL` = `public` (or none), two admins.
async fn spawn_with_public_url(public: Option<&str>) -> TestApp {
    let fake = fake_telegram().await;
    fake.add_forum_chat(TEAM_GROUP, "Support team");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.team.chat = Some(TEAM_GROUP);
    config.web.public_url = public.map(|u| u.parse().unwrap());
    spawn_app_with(fake, dir, config).await
}

fn only_button(message: &fake_telegram::SentMessage) -> serde_json::Value {
    let markup = message.reply_markup.as_ref().expect("a button");
    let rows = markup["inline_keyboard"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{markup}");
    assert_eq!(rows[0].as_array().unwrap().len(), 1, "{markup}");
    rows[0][0].clone()
}

#[tokio::test]
async fn inbox_opens_the_mini_app_in_an_admins_private_chat_and_a_link_in_the_team_group() {
    let mut app = spawn_with_public_url(Some("https://support.example.com/bot/")).await;
    let sent = app.says(ADMIN, "/inbox", 1).await;
    let button = only_button(&sent[0]);
    assert_eq!(
        button["web_app"]["url"], "https://support.example.com/bot/app",
        "{button}"
    );
    assert!(button.get("url").is_none(), "{button}");

    // In the team's group Telegram allows no Web App button: a link.
    let sent = app.says_in_general(ADMIN, "/inbox", 1).await;
    assert_eq!(sent[0].chat_id, TEAM_GROUP);
    let button = only_button(&sent[0]);
    assert_eq!(
        button["url"], "https://support.example.com/bot/app",
        "{button}"
    );
    assert!(button.get("web_app").is_none(), "{button}");

    // A person has no such command.
    let sent = app.says(ANN, "/inbox", 1).await;
    assert!(sent[0].reply_markup.is_none());
}

#[tokio::test]
async fn at_start_each_admins_private_chat_gets_the_inbox_as_its_menu_button() {
    let app = spawn_with_public_url(Some("https://support.example.com/")).await;
    let deadline = std::time::Instant::now() + PATIENCE;
    while app.fake.menu_button(Some(ADMIN2)).is_none() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for admin in [ADMIN, ADMIN2] {
        let button = app.fake.menu_button(Some(admin)).expect("a menu button");
        assert_eq!(button["type"], "web_app");
        assert_eq!(button["web_app"]["url"], "https://support.example.com/app");
        assert_eq!(button["text"], "Inbox");
    }
    // Not the group's, not a person's, not everyone's.
    assert!(app.fake.menu_button(Some(TEAM_GROUP)).is_none());
    assert!(app.fake.menu_button(Some(ANN)).is_none());
    assert!(app.fake.menu_button(None).is_none());
}

#[tokio::test]
async fn on_plain_http_the_inbox_is_a_link_and_there_is_no_menu_button() {
    let mut app = spawn_with_public_url(Some("http://support.example.com/")).await;
    let sent = app.says(ADMIN, "/inbox", 1).await;
    let button = only_button(&sent[0]);
    assert_eq!(button["url"], "http://support.example.com/app", "{button}");
    assert!(app.fake.calls_of("setchatmenubutton").is_empty());
}

#[tokio::test]
async fn without_public_url_inbox_and_web_say_the_inbox_is_not_set_up_and_how() {
    let mut app = spawn_with_public_url(None).await;
    for command in ["/inbox", "/web"] {
        let sent = app.says(ADMIN, command, 1).await;
        assert!(sent[0].text.contains("not set up"), "{}", sent[0].text);
        assert!(sent[0].text.contains("PUBLIC_URL"), "{}", sent[0].text);
        assert!(sent[0].reply_markup.is_none());
    }
    assert!(app.fake.calls_of("setchatmenubutton").is_empty());
}

#[tokio::test]
async fn a_ticket_is_unread_for_a_member_until_they_open_it_and_again_when_the_person_writes() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "Hello?").await;
    let unread = |who: i64, name: &'static str| {
        let url = url(&app, "/api/tickets");
        async move {
            let list: serde_json::Value = client()
                .get(url)
                .header("authorization", tma(who, name))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            list["rows"][0]["unread"].as_bool().unwrap()
        }
    };
    assert!(unread(ADMIN, "Alex").await);
    let page = alex_sees(&app, "/app").await;
    assert!(page.contains("class=\"unread\""), "{page}");

    // Alex opens it: read for Alex, still unread for Sam.
    let opened = client()
        .get(url(&app, &format!("/app/tickets/{id}")))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 200);
    assert!(!unread(ADMIN, "Alex").await);
    assert!(unread(ADMIN2, "Sam").await);

    // A note or a reply by the team leaves it read; the person writing
    // makes it unread again.
    let resp = client()
        .post(url(&app, &format!("/app/tickets/{id}/note")))
        .header("authorization", tma(ADMIN, "Alex"))
        .form(&[("text", "checking")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(!unread(ADMIN, "Alex").await);
    app.fake.push_text(ANN, "Anyone there?");
    let deadline = std::time::Instant::now() + PATIENCE;
    while !unread(ADMIN, "Alex").await {
        assert!(std::time::Instant::now() < deadline, "unread again");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_persons_photo_shows_as_a_thumbnail_fetched_through_the_bot() {
    let mut app = spawn_web_app().await;
    let id = ann_opens(&mut app, "My printer is on fire").await;
    app.fake.push_photo(ANN, Some("the smoke"));
    let deadline = std::time::Instant::now() + PATIENCE;
    let page = loop {
        let page = client()
            .get(url(&app, &format!("/app/tickets/{id}")))
            .header("authorization", tma(ADMIN, "Alex"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if page.contains("the smoke") {
            break page;
        }
        assert!(std::time::Instant::now() < deadline, "{page}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let src = format!("/app/tickets/{id}/photos/1");
    assert!(page.contains(&format!("src=\"{src}\"")), "{page}");
    assert!(
        !page.contains(TOKEN) && !page.contains("fake-photo"),
        "{page}"
    );

    let photo = client()
        .get(url(&app, &src))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["content-type"], "image/png");
    assert!(photo.bytes().await.unwrap().starts_with(b"\x89PNG"));
    assert!(!app.fake.calls_of("getfile").is_empty());

    // initData in the address opens nothing; a stream token traded for it
    // does (an <img> sends no header), and nothing keeps that photo.
    let in_address = format!(
        "{src}?tma={}",
        url::form_urlencoded::byte_serialize(init_data(ADMIN, "Alex").as_bytes())
            .collect::<String>()
    );
    let photo = client().get(url(&app, &in_address)).send().await.unwrap();
    assert_eq!(photo.status(), 401);
    let token = stream_token(&app, ADMIN, "Alex").await;
    let photo = client()
        .get(url(&app, &format!("{src}?st={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.headers()["cache-control"], "no-store");
    // Fetched from Telegram once, kept for whoever shows it next.
    assert_eq!(app.fake.calls_of("getfile").len(), 1);
    // Nobody else sees it; a message without a photo has none.
    let anonymous = client().get(url(&app, &src)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let outsider = client()
        .get(url(&app, &src))
        .header("authorization", tma(BEN, "Ben"))
        .send()
        .await
        .unwrap();
    assert_eq!(outsider.status(), 403);
    let none = client()
        .get(url(&app, &format!("/app/tickets/{id}/photos/0")))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), 404);
}

/// Two copies of the bot on one PostgreSQL database (each test its own
/// schema): a page open on one copy sees, live, a reply a team member sends
/// through the other, and the person receives it once.
#[tokio::test]
async fn a_page_on_one_replica_sees_live_a_reply_sent_through_the_other() {
    let Some(db) = crate::pg::TestDb::create().await else {
        return;
    };
    let fake = fake_telegram().await;
    let copy = |dir: &tempfile::TempDir| {
        let mut config = test_config(&fake, dir, &[ADMIN, ADMIN2]);
        config.store = support_bot::config::StoreKind::Postgres {
            url: support_bot::config::DatabaseUrl::new(db.url.clone()),
        };
        config.web.public_url = Some("http://support.example.com/".parse().unwrap());
        config
    };
    let (dir_a, dir_b) = (
        Arc::new(tempfile::tempdir().unwrap()),
        Arc::new(tempfile::tempdir().unwrap()),
    );
    let (config_a, config_b) = (copy(&dir_a), copy(&dir_b));
    let mut a = spawn_app_with(fake.clone(), dir_a, config_a).await;
    let b = spawn_app_with(fake.clone(), dir_b, config_b).await;

    // Ann writes; whichever copy polls saves it, the sending copy answers.
    a.says(ANN, "My printer is on fire", 3).await;
    let id = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let ids: Vec<String> = a
                .store
                .read(|m| m.tickets.keys().map(|t| t.to_string()).collect());
            if let Some(id) = ids.into_iter().next() {
                return id;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("copy A learns of the ticket");

    // A page open on copy A.
    let mut stream = client()
        .get(url(&a, "/api/events"))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let to_ann = fake.sent().iter().filter(|m| m.chat_id == ANN).count();
    // Sam replies through copy B.
    let resp = client()
        .post(format!(
            "http://127.0.0.1:{}/app/tickets/{id}/reply",
            b.http_port
        ))
        .header("authorization", tma(ADMIN2, "Sam"))
        .form(&[("text", "Unplug it, please")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let seen = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            let chunk = stream
                .chunk()
                .await
                .unwrap()
                .expect("the stream stays open");
            if String::from_utf8_lossy(&chunk).contains("event: change") {
                return;
            }
        }
    })
    .await;
    assert!(
        seen.is_ok(),
        "the page on copy A saw the reply within 2 seconds"
    );
    assert!(fake.wait_sent_to(ANN, to_ann + 1, PATIENCE).await);
    // Once the bot is idle, a second copy would have arrived.
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    let replies: Vec<_> = fake
        .sent()
        .into_iter()
        .filter(|m| m.chat_id == ANN && m.text.contains("Unplug it, please"))
        .collect();
    assert_eq!(replies.len(), 1, "received once: {replies:#?}");
    // And copy A's page shows it.
    let page = client()
        .get(url(&a, &format!("/app/tickets/{id}")))
        .header("authorization", tma(ADMIN, "Alex"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Unplug it, please"));
    a.stop().await;
    b.stop().await;
    drop(db);
}

#[tokio::test]
async fn times_show_how_long_ago_with_the_full_time_in_the_teams_zone_on_hover() {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.web.public_url = Some("http://support.example.com/".parse().unwrap());
    config.timezone = chrono_tz::Asia::Tokyo;
    let mut app = spawn_app_with(fake, dir, config).await;
    let sent = app.says(ANN, "Hello", 2).await;
    let id = app.ticket_id_in(&sent[0].text);
    let ticket = support_bot::model::TicketId::parse(&id).unwrap();
    let opened = app
        .store
        .read(|m| m.ticket(&ticket).map(|t| t.opened_at))
        .unwrap();
    let local = chrono::TimeZone::timestamp_opt(&chrono_tz::Asia::Tokyo, opened as i64, 0).unwrap();
    let exact = format!(
        "<time datetime=\"{}\" title=\"{}\">",
        local.format("%Y-%m-%dT%H:%M:%S+09:00"),
        local.format("%Y-%m-%d %H:%M JST")
    );
    for path in ["/app".to_string(), format!("/app/tickets/{id}")] {
        let page = alex_sees(&app, &path).await;
        let start = page
            .find(&exact)
            .unwrap_or_else(|| panic!("{exact} on {path}: {page}"));
        let shown = &page[start + exact.len()..];
        let shown = &shown[..shown.find("</time>").unwrap()];
        assert!(
            shown == "just now" || shown.ends_with("minute ago") || shown.ends_with("minutes ago"),
            "{path}: {shown}"
        );
    }
}
