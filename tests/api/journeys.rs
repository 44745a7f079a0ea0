//! The conversations people and admins have with the bot, end to end.

use crate::assert_transcript;
use crate::helpers::*;

#[tokio::test]
pub(crate) async fn a_person_opens_a_ticket_step_by_step_and_an_admin_answers() {
    let mut app = spawn_app().await;
    app.says(ANN, "/start", 1).await;
    app.says(ANN, "/new", 1).await;
    let sent = app.says(ANN, "My printer is on fire", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    assert_eq!(
        (sent[1].chat_id, sent[2].chat_id),
        (ADMIN, ADMIN2),
        "every admin is told"
    );
    assert!(sent[1].text.contains("My printer is on fire") && sent[1].text.contains("@ann"));
    app.says(ANN, "It smells of toast", 3).await;
    app.says(ADMIN, &format!("/reply {}", id.to_lowercase()), 1)
        .await;
    let sent = app
        .says(ADMIN, "Please unplug it.\nThen wait a minute.", 2)
        .await;
    assert_eq!(sent[0].chat_id, ANN);
    assert!(sent[0]
        .text
        .ends_with("Please unplug it.\nThen wait a minute."));
    app.says(ANN, "Done, thanks", 3).await;
    app.says(ADMIN, "/done", 1).await;
    app.says(ANN, "/close", 3).await;
    app.says(ANN, "/mytickets", 1).await;

    let ticket = app.store.snapshot().tickets[&id.parse_id()].clone();
    let texts: Vec<&str> = ticket.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "My printer is on fire",
            "It smells of toast",
            "Please unplug it.\nThen wait a minute.",
            "Done, thanks"
        ],
        "the whole conversation is on the ticket"
    );
    assert_transcript!("step_by_step_ticket_and_admin_reply", app);
    app.stop().await;
}

#[tokio::test]
async fn the_open_a_ticket_button_starts_a_ticket() {
    let mut app = spawn_app().await;
    let welcome = app.says(BEN, "/start", 1).await;
    let button = welcome[0]
        .reply_markup
        .as_ref()
        .expect("the welcome has a button");
    let data = button["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .unwrap()
        .to_string();
    app.presses(BEN, welcome[0].message_id, "Open a ticket", &data, 1)
        .await;
    app.says(BEN, "I can't log in", 3).await;
    assert!(
        app.fake
            .calls()
            .iter()
            .any(|c| c.method == "answercallbackquery" && c.ok),
        "the button stops spinning"
    );
    assert_transcript!("button_opens_a_ticket", app);
    app.stop().await;
}

#[tokio::test]
async fn a_first_message_without_a_command_opens_a_ticket_with_it() {
    let mut app = spawn_app().await;
    app.says(BEN, "hello, my order never came", 3).await;
    app.says(BEN, "/new", 1).await;
    assert_eq!(app.store.snapshot().ticket_counts().open, 1);
    assert_transcript!("first_message_opens_a_ticket", app);
    app.stop().await;
}

#[tokio::test]
pub(crate) async fn admins_list_reply_once_and_close_tickets() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "Where is my parcel?", 3).await;
    let ann_ticket = app.ticket_id_in(&sent[0].text);
    let sent = app.says(BEN, "The app crashes", 3).await;
    let ben_ticket = app.ticket_id_in(&sent[0].text);
    app.says(ADMIN, "/tickets", 1).await;
    let sent = app
        .says(
            ADMIN,
            &format!("/reply {ann_ticket} It left the warehouse today."),
            2,
        )
        .await;
    assert_eq!(sent[0].chat_id, ANN);
    app.says(ADMIN, "/close", 1).await;
    let sent = app.says(ADMIN, &format!("/close {ben_ticket}"), 3).await;
    assert_eq!(
        [sent[0].chat_id, sent[1].chat_id, sent[2].chat_id],
        [BEN, ADMIN, ADMIN2]
    );
    app.says(ADMIN, &format!("/reply {ben_ticket} more"), 1)
        .await;
    app.says(ADMIN, &format!("/close {ben_ticket}"), 1).await;
    app.says(ADMIN, "/reply DEADBEEF hi", 1).await;
    app.says(ADMIN, "/reply 12345", 1).await;
    app.says(ADMIN, "hello?", 1).await;
    app.says(ADMIN, "/tickets", 1).await;
    // Ben's conversation is back at the start: a new message opens a new ticket.
    app.says(BEN, "It crashes again", 3).await;
    let m = app.store.snapshot();
    assert_eq!(m.ticket_counts().total, 3);
    assert_eq!(m.tickets_of(BEN).len(), 2, "Ben keeps a history of tickets");
    assert_transcript!("admin_commands", app);
    app.stop().await;
}

#[tokio::test]
async fn a_person_using_admin_commands_is_refused_and_nothing_is_delivered() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My screen is blank", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let refused = app
        .says(BEN, &format!("/reply {id} give me your password"), 1)
        .await;
    assert_eq!(refused[0].chat_id, BEN);
    app.says(BEN, "/tickets", 1).await;
    app.says(BEN, &format!("/close {id}"), 1).await;
    assert_eq!(
        app.store
            .snapshot()
            .ticket(&id.parse_id())
            .unwrap()
            .messages
            .len(),
        1
    );
    assert_eq!(
        app.store.snapshot().ticket_counts().open,
        1,
        "Ann's ticket is untouched"
    );
    assert_transcript!("admin_commands_refused_to_people", app);
    app.stop().await;
}

#[tokio::test]
async fn every_kind_of_mistake_gets_a_helpful_answer() {
    let mut app = spawn_app().await;
    app.says(ANN, "/cancel", 1).await;
    app.says(ANN, "/close", 1).await;
    app.says(ANN, "/frobnicate", 1).await;
    app.says(ANN, "/new", 1).await;
    app.edits(ANN, "I meant my tablet", 1).await;
    app.says(ANN, "/new", 1).await;
    app.says(ANN, "/cancel", 1).await;
    app.says(ANN, "/mytickets", 1).await;
    app.says(ADMIN, "/done", 1).await;
    app.says(ADMIN, "/close", 1).await;
    app.says(ADMIN, "/new", 1).await;
    assert_eq!(app.store.snapshot().ticket_counts().total, 0);
    assert_transcript!("mistakes_and_help", app);
    app.stop().await;
}

#[tokio::test]
async fn text_with_markup_arrives_exactly_as_typed_both_ways() {
    let mut app = spawn_app().await;
    let tricky = "<b>x</b> & *y* _z_ [a](b) </b><3& \\_ `code` ~s~ ||sp|| #1 +-=|{}.!";
    let sent = app.says(ANN, tricky, 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    assert!(
        sent[1].text.contains(tricky),
        "the admin sees the text literally: {:?}",
        sent[1].text
    );
    let answer = "Use <i>this</i> & *that*: 1 < 2 > 0 [link](http://x)";
    let sent = app.says(ADMIN, &format!("/reply {id} {answer}"), 2).await;
    assert!(sent[0].text.ends_with(answer), "{:?}", sent[0].text);
    assert!(
        app.fake.sent().iter().all(|m| m.parse_mode.is_none()),
        "texts are sent as plain text"
    );
    assert!(
        app.fake.calls().iter().all(|c| c.ok),
        "no Bot API call was refused"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_description_longer_than_4096_characters_is_split_not_cut() {
    let mut app = spawn_app().await;
    let long: String = (0..700)
        .map(|i| format!("line {i:04}\n"))
        .collect::<String>()
        + &"😀".repeat(1200);
    assert!(long.encode_utf16().count() > 8000);
    let sent = app.says(ANN, &long, 1 + 3 + 3).await;
    let to_admin: String = sent
        .iter()
        .filter(|m| m.chat_id == ADMIN)
        .map(|m| m.text.as_str())
        .collect();
    assert!(to_admin.contains(&long), "the admin gets every character");
    assert!(sent.iter().all(|m| m.text.encode_utf16().count() <= 4096));
    assert!(
        app.fake.calls().iter().all(|c| c.ok),
        "nothing was refused as too long"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_admin_is_told_when_the_person_has_blocked_the_bot() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "Refund please", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.fake.block(ANN);
    let sent = app.says(ADMIN, &format!("/reply {id} Done!"), 1).await;
    assert_eq!(
        sent[0].chat_id, ADMIN,
        "the admin is told at once, not thanked"
    );
    assert!(sent[0].text.contains("blocked"), "{}", sent[0].text);
    let sent = app.says(ADMIN, "/tickets", 1).await;
    assert!(
        sent[0].text.contains("cannot be reached"),
        "{}",
        sent[0].text
    );
    let sent = app.says(ADMIN, &format!("/close {id}"), 2).await;
    assert!(
        sent[0].text.contains("could not tell Ann"),
        "{}",
        sent[0].text
    );
    assert_eq!(sent[1].chat_id, ADMIN2);
    assert_eq!(
        app.store.snapshot().ticket_counts().closed,
        1,
        "the ticket is closed all the same"
    );
    assert_transcript!("blocked_person", app);
    app.stop().await;
}

#[tokio::test]
async fn messages_refused_for_flooding_are_resent_after_the_wait() {
    let mut app = spawn_app().await;
    app.fake
        .set_rate_limits(None, Some((2, std::time::Duration::from_secs(1))));
    app.says(ANN, "Slow down test", 3).await;
    // In the order they reached Telegram: the person first, then the team.
    let arrived: Vec<i64> = app.fake.sent().iter().map(|m| m.chat_id).collect();
    assert_eq!(arrived[0], ANN, "the person first: {arrived:?}");
    let mut team = arrived[1..].to_vec();
    team.sort_unstable();
    assert_eq!(team, [ADMIN, ADMIN2], "{arrived:?}");
    let refused = app
        .fake
        .calls()
        .iter()
        .filter(|c| c.error_code == Some(429))
        .count();
    assert!(refused >= 1, "the fake did refuse at least one message");
    app.stop().await;
}

#[tokio::test]
pub(crate) async fn status_counts_chats_by_state_and_tickets_by_status() {
    let mut app = spawn_app().await;
    let status = app.status().await;
    assert_eq!(status["status"], "ok");
    assert_eq!(status["tickets"]["total"], 0);
    let sent = app.says(ANN, "help", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(BEN, "/new", 1).await;
    app.says(ADMIN, &format!("/reply {id}"), 1).await;
    app.says(ADMIN2, "/start", 1).await;
    let status = app.status().await;
    assert_eq!(
        status["states"],
        serde_json::json!({"idle": 1, "awaiting_description": 1, "ticket_open": 1, "admin_replying": 1, "rating_comment": 0})
    );
    assert_eq!(
        status["tickets"],
        serde_json::json!({"open": 1, "closed": 0, "total": 1})
    );
    assert!(status["uptime_seconds"].is_u64());
    let body = status.to_string();
    assert!(
        !body.contains("5551") && !body.contains("Ann") && !body.contains("help"),
        "{body}"
    );
    let root = reqwest::get(format!("http://127.0.0.1:{}/", app.http_port))
        .await
        .unwrap();
    assert_eq!(root.status(), 200);
    app.stop().await;
}

/// Parses an ID the way the store keys it.
trait ParseId {
    fn parse_id(&self) -> support_bot::model::TicketId;
}

impl ParseId for String {
    fn parse_id(&self) -> support_bot::model::TicketId {
        support_bot::model::TicketId::parse(self).unwrap()
    }
}
