//! The support team's daily work: buttons, answering by Telegram's reply,
//! attachments both ways, edits.

use std::sync::Arc;
use std::time::Duration;

use crate::assert_transcript;
use crate::helpers::*;

#[tokio::test]
pub(crate) async fn attachments_replies_by_reply_buttons_and_edits_in_one_conversation() {
    let mut app = spawn_app().await;
    let sent = app.sends_photo(ANN, Some("My screen cracked"), 5).await;
    let id = app.ticket_id_in(&sent[0].text);
    assert_eq!(
        sent[0].reply_markup.as_ref().unwrap()["inline_keyboard"][0][0]["text"],
        "Close ticket"
    );
    let notice = sent
        .iter()
        .find(|m| m.chat_id == ADMIN && m.method == "sendmessage")
        .unwrap()
        .clone();
    let copies: Vec<_> = sent
        .iter()
        .filter(|m| m.method == "copymessage")
        .map(|m| m.chat_id)
        .collect();
    assert_eq!(copies, [ADMIN, ADMIN2], "the photo reaches every admin");

    // Alex answers by replying to the notification: no command needed.
    let sent = app
        .replies_to(
            ADMIN,
            notice.message_id,
            "New ticket...",
            "Is the phone still under warranty?",
            2,
        )
        .await;
    assert_eq!(sent[0].chat_id, ANN);
    assert!(sent[0].text.ends_with("Is the phone still under warranty?"));

    let sent = app.sends_sticker(ANN, 5).await;
    let sticker_copy = sent
        .iter()
        .find(|m| m.chat_id == ADMIN && m.method == "copymessage")
        .unwrap()
        .clone();
    // Alex replies to the copied sticker with a photo: it goes to Ann.
    let sent = app
        .replies_with_photo(ADMIN, sticker_copy.message_id, "[the sticker]", 3)
        .await;
    assert_eq!(
        [sent[0].chat_id, sent[1].chat_id, sent[2].chat_id],
        [ANN, ANN, ADMIN]
    );
    assert_eq!(sent[1].method, "copymessage");

    app.says(ANN, "Yes, it is", 3).await;
    app.edits(ANN, "Yes, it is. I bought it in May.", 3).await;

    // Sam taps Reply under a notification and answers.
    let sams = app
        .fake
        .sent()
        .into_iter()
        .rfind(|m| m.chat_id == ADMIN2 && m.reply_markup.is_some())
        .unwrap();
    app.presses(ADMIN2, sams.message_id, "Reply", &format!("reply:{id}"), 1)
        .await;
    app.says(ADMIN2, "We will send you a new screen.", 2).await;

    // Ann taps "Close ticket" under her confirmation.
    let confirmation = app
        .fake
        .sent()
        .into_iter()
        .find(|m| m.chat_id == ANN && m.reply_markup.is_some())
        .unwrap();
    app.presses(
        ANN,
        confirmation.message_id,
        "Close ticket",
        &format!("mine:close:{id}"),
        3,
    )
    .await;

    let ticket = app
        .store
        .read(|m| {
            m.ticket(&support_bot::model::TicketId::parse(&id).unwrap())
                .cloned()
        })
        .unwrap();
    let kinds: Vec<Option<String>> = ticket
        .messages
        .iter()
        .map(|e| {
            e.media.map(|k| {
                serde_json::to_value(k)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
        })
        .collect();
    assert_eq!(
        kinds,
        [
            Some("photo".to_string()),
            None,
            Some("sticker".to_string()),
            Some("photo".to_string()),
            None,
            None,
            None
        ]
    );
    assert!(ticket.messages[5].edited);
    assert_transcript!("staff_workflow", app);
    app.stop().await;
}

#[tokio::test]
async fn an_admin_can_close_a_ticket_with_its_button() {
    let mut app = spawn_app().await;
    let sent = app.says(BEN, "Where is my refund?", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let notice = &sent[1];
    let sent = app
        .presses(ADMIN, notice.message_id, "Close", &format!("close:{id}"), 3)
        .await;
    assert_eq!(sent[0].chat_id, BEN);
    assert_eq!(app.store.read(|m| m.ticket_counts().closed), 1);
    app.stop().await;
}

#[tokio::test]
async fn forged_buttons_change_nothing_and_deliver_nothing() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My account is locked", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let welcome = app.says(BEN, "/start", 1).await;
    // Ben crafts the buttons of the support team and of Ann's ticket.
    for data in [
        format!("close:{id}"),
        format!("mine:close:{id}"),
        format!("reply:{id}"),
        "drop:all".to_string(),
    ] {
        app.fake
            .push_callback_unchecked(BEN, welcome[0].message_id, &data);
        let answer = app.expect(1).await;
        assert_eq!(answer[0].chat_id, BEN, "only Ben hears back ({data})");
    }
    assert_eq!(
        app.store.read(|m| m.ticket_counts().open),
        1,
        "Ann's ticket is still open"
    );
    assert_eq!(
        app.store.read(|m| m.state(BEN)),
        support_bot::model::State::Idle
    );
    app.stop().await;
}

#[tokio::test]
async fn a_reply_to_a_closed_tickets_message_is_refused_by_name() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "Help", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let notice = sent[1].clone();
    app.says(ANN, "/close", 3).await;
    let sent = app
        .replies_to(ADMIN, notice.message_id, "New ticket...", "Hello?", 1)
        .await;
    assert_eq!(
        sent[0].text,
        format!("Ticket {id} is closed, so nothing was sent.\nSend /tickets to see open tickets.")
    );
    app.stop().await;
}

#[tokio::test]
async fn an_album_reaches_every_admin_whole_and_in_order() {
    let mut app = spawn_app().await;
    app.says(ANN, "My parcel arrived damaged", 3).await;
    app.fake.push_album(ANN, 3, Some("Here are the photos"));
    // Per photo: Ann's acknowledgement, then for each of the 2 admins a line and the copy.
    let sent = app.expect(3 * (1 + 2 * 2)).await;
    for admin in [ADMIN, ADMIN2] {
        let copies: Vec<&str> = sent
            .iter()
            .filter(|m| m.chat_id == admin && m.method == "copymessage")
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            copies.len(),
            3,
            "every photo of the album reaches admin {admin}"
        );
        assert_eq!(
            copies[0], "Here are the photos",
            "the album's caption travels with its first photo"
        );
    }
    let photos = app.store.read(|m| {
        m.tickets
            .values()
            .map(|t| t.messages.iter().filter(|e| e.media.is_some()).count())
            .sum::<usize>()
    });
    assert_eq!(photos, 3, "all three are recorded on the ticket");
    app.stop().await;
}

#[tokio::test]
async fn a_message_starting_with_the_note_prefix_in_reply_mode_is_a_note_never_sent() {
    let mut app = spawn_app_on(
        fake_telegram().await,
        Arc::new(tempfile::tempdir().unwrap()),
        vec![ADMIN],
    )
    .await;
    let sent = app.says(ANN, "My card was charged twice", 2).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(ADMIN, &format!("/reply {id}"), 1).await;
    let said = app
        .says(ADMIN, "// refund 20 EUR once finance agrees", 1)
        .await;
    assert_eq!(said[0].chat_id, ADMIN, "only the admin hears of it");
    app.says(ADMIN, "We are refunding you.", 2).await;
    assert!(!app
        .fake
        .sent()
        .iter()
        .any(|m| m.chat_id == ANN && m.text.contains("finance")));
    let model = app.store.snapshot();
    let ticket = model.tickets.values().next().unwrap();
    let notes: Vec<(&str, Option<&str>)> = ticket
        .messages
        .iter()
        .filter(|e| e.note)
        .map(|e| (e.text.as_str(), e.by.as_deref()))
        .collect();
    assert_eq!(notes, [("refund 20 EUR once finance agrees", Some("Alex"))]);
}

#[tokio::test]
async fn messages_held_from_a_fast_writer_reach_the_admins_once_they_stop_even_after_a_restart() {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.team.spam_per_minute = 2;
    let mut app = spawn_app_with(fake, dir, config).await;
    app.says(ANN, "My order never came", 2).await;
    app.says(ANN, "It was order 4711", 2).await;
    let slow = app.says(ANN, "I paid by card", 1).await;
    assert_eq!(slow[0].chat_id, ANN);
    app.sends_photo(ANN, Some("the receipt"), 0).await;
    // The bot stops before the burst is over: nothing is lost.
    let mut app = app.stop().await.restart().await;
    app.note("Ann stops writing for a moment");
    tokio::time::sleep(Duration::from_secs(support_bot::fsm::HELD_QUIET)).await;
    let passed_on = app.expect(3).await;
    assert!(passed_on.iter().all(|m| m.chat_id == ADMIN));
    assert!(
        passed_on[0]
            .text
            .contains("— I paid by card\n— (a photo, below) the receipt"),
        "{}",
        passed_on[0].text
    );
    assert_eq!(passed_on[2].method, "copymessage", "the photo itself");
    // Answered by Telegram's reply, like any relayed message.
    app.replies_to(
        ADMIN,
        passed_on[0].message_id,
        "held back",
        "Thanks, we found the receipt.",
        2,
    )
    .await;
    assert_transcript!("held_messages_to_admin_chats", app);
}
