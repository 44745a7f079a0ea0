//! After a ticket closes, its owner is asked once to rate the help.

use std::sync::Arc;

use crate::assert_transcript;
use crate::helpers::*;

#[tokio::test]
async fn a_closed_ticket_is_rated_once_by_its_owner_with_a_comment() {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.ask_for_rating = true;
    let mut app = spawn_app_with(fake, dir, config).await;

    let sent = app.says(ANN, "My order is late", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    // The team closes it: Ann hears so, then is asked to rate.
    let sent = app.says(ADMIN, &format!("/close {id}"), 4).await;
    let ask = sent
        .iter()
        .find(|m| m.chat_id == ANN && m.reply_markup.is_some())
        .expect("Ann is asked to rate");
    let ask_id = ask.message_id;
    let labels: Vec<&str> = ask.reply_markup.as_ref().unwrap()["inline_keyboard"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]);

    // Ben cannot rate Ann's ticket with a forged button.
    let welcome = app.says(BEN, "/start", 1).await[0].message_id;
    app.note("Ben taps a forged rating button for Ann's ticket");
    app.fake
        .push_callback_unchecked(BEN, welcome, &format!("rate:{id}:1"));
    let sent = app.expect(1).await;
    assert!(
        sent[0].text.contains("only rate your own"),
        "{}",
        sent[0].text
    );

    app.presses(ANN, ask_id, "4 ⭐", &format!("rate:{id}:4"), 3)
        .await;
    app.says(ANN, "Quick and friendly, thanks!", 3).await;
    // A second press changes nothing.
    let sent = app
        .presses(ANN, ask_id, "1 ⭐", &format!("rate:{id}:1"), 1)
        .await;
    assert!(sent[0].text.contains("already rated"), "{}", sent[0].text);

    let model = app.store.snapshot();
    let ticket = model
        .ticket(&support_bot::model::TicketId::parse(&id).unwrap())
        .unwrap();
    assert_eq!(ticket.rating, Some(4));
    assert_eq!(
        ticket.rating_comment.as_deref(),
        Some("Quick and friendly, thanks!")
    );
    let rows = support_bot::ops::export::rows(&model);
    assert_eq!(rows[0].rating, Some(4));
    // Counted in plain words.
    let stats = app.says(ADMIN, "/stats", 1).await;
    assert!(
        stats[0]
            .text
            .contains("Average rating: 4.0 (from one rating)."),
        "{}",
        stats[0].text
    );
    let whois = app.says(ADMIN, &format!("/whois {id}"), 1).await;
    assert!(
        whois[0]
            .text
            .contains("They have opened one ticket in all."),
        "{}",
        whois[0].text
    );
    assert_transcript!("rating_after_close", app);
    app.stop().await;
}

#[tokio::test]
async fn the_team_sees_its_figures_with_stats_and_people_are_refused() {
    let mut app = spawn_app().await;
    app.says(ANN, "My order is late", 3).await;
    let sent = app.says(ADMIN, "/stats", 1).await;
    let text = &sent[0].text;
    assert!(text.starts_with("Figures (days in UTC):"), "{text}");
    assert!(text.contains("Today: 1 opened, 0 closed."), "{text}");
    assert!(
        text.contains("Open now: 1, of which 1 not answered yet."),
        "{text}"
    );
    assert!(text.contains("Average rating: none yet"), "{text}");
    let sent = app.says(ANN, "/stats", 1).await;
    assert!(
        sent[0].text.contains("only for the support team"),
        "{}",
        sent[0].text
    );
    app.stop().await;
}
