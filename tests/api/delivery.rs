//! Delivery apart from intake: per chat, within Telegram's flood limits,
//! people before the team, and a person blocking the bot seen at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_telegram::FakeTelegram;
use support_bot::config::Limits;

use crate::assert_transcript;
use crate::helpers::*;
use support_bot::model::TicketId;

#[tokio::test]
async fn a_person_blocking_and_unblocking_the_bot_is_told_to_the_team_quietly() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My order is late", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let sent = app.sets_bot_status(ANN, "kicked", 2).await;
    assert!(sent.iter().all(|m| m.chat_id != ANN), "nothing goes to Ann");
    assert!(sent.iter().all(|m| m.text.contains("blocked the bot")));
    let ticket = |app: &TestApp| {
        let id = TicketId::parse(&id).unwrap();
        app.store.snapshot().ticket(&id).cloned().unwrap()
    };
    assert!(ticket(&app).unreachable, "the ticket is marked at once");
    let quiet = app
        .fake
        .calls_of("sendmessage")
        .iter()
        .rev()
        .take(2)
        .all(|c| c.params["disable_notification"] == true);
    assert!(quiet, "the notices make no sound");
    let sent = app.says(ADMIN, "/tickets", 1).await;
    assert!(
        sent[0].text.contains("cannot be reached"),
        "{}",
        sent[0].text
    );
    app.sets_bot_status(ANN, "member", 2).await;
    assert!(!ticket(&app).unreachable, "unblocking clears the mark");
    let sent = app.says(ADMIN, &format!("/reply {id} Found it!"), 2).await;
    assert_eq!(sent[0].chat_id, ANN);
    assert_transcript!("person_blocks_and_unblocks_the_bot", app);
    app.stop().await;
}

/// `people` people (chats 300000...) and one admin, on a fresh fake.
async fn crowd(people: i64) -> FakeTelegram {
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    for n in 0..people {
        fake.add_private_chat(300_000 + n, "Person", None);
    }
    fake
}

/// Everyone in the crowd opens a ticket at once. Returns, per person, how
/// long until their confirmation arrived, once the admin has heard of all.
async fn burst(fake: &FakeTelegram, people: i64, limits: Limits) -> HashMap<i64, Duration> {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(fake, &dir, &[ADMIN]);
    config.limits = limits;
    let app = spawn_app_with(fake.clone(), dir, config).await;
    // The bot is up and polling before the clock starts.
    fake.push_text(ADMIN, "/help");
    assert!(fake.wait_sent_to(ADMIN, 1, PATIENCE).await);
    let mut pushed = HashMap::new();
    for n in 0..people {
        let person = 300_000 + n;
        pushed.insert(person, Instant::now());
        fake.push_text(person, &format!("Burst request {n}"));
    }
    let expected = 1 + 2 * people as usize;
    let sent = fake
        .wait_for_sent(expected, Duration::from_secs(90))
        .await
        .expect("every journey completes");
    let mut confirmed = HashMap::new();
    for message in &sent {
        if let Some(at) = pushed.get(&message.chat_id) {
            confirmed
                .entry(message.chat_id)
                .or_insert(message.at.duration_since(*at));
        }
    }
    assert_eq!(confirmed.len(), people as usize, "everyone got an answer");
    assert_eq!(
        sent.iter().filter(|m| m.chat_id == ADMIN).count(),
        1 + people as usize,
        "the admin heard of every ticket"
    );
    app.stop().await;
    confirmed
}

#[tokio::test]
async fn people_untouched_by_network_faults_do_not_wait_for_those_who_are() {
    const PEOPLE: i64 = 60;
    let fake = crowd(PEOPLE).await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let config = test_config(&fake, &dir, &[ADMIN]);
    let app = spawn_app_with(fake.clone(), dir, config).await;
    fake.push_text(ADMIN, "/help");
    assert!(fake.wait_sent_to(ADMIN, 1, PATIENCE).await);
    // Telegram leaves every call for five people unanswered, and the
    // network drops one call in 40 for everyone.
    let stuck: Vec<i64> = (0..5).map(|n| 300_000 + n * 11).collect();
    for chat in &stuck {
        fake.hold(None, Some(*chat));
    }
    fake.hang_up_one_in(40);
    for n in 0..PEOPLE {
        fake.push_text(300_000 + n, &format!("Burst request {n}"));
    }
    assert!(
        fake.wait_held(stuck.len(), PATIENCE).await,
        "the five are stuck"
    );
    // Everyone else is answered, and the admin hears of every ticket, while
    // the five are still stuck: nobody waits for them.
    for n in 0..PEOPLE {
        let person = 300_000 + n;
        if !stuck.contains(&person) {
            assert!(
                fake.wait_sent_to(person, 1, PATIENCE).await,
                "{person} waited"
            );
        }
    }
    assert!(
        fake.wait_sent_to(ADMIN, 1 + PEOPLE as usize, PATIENCE)
            .await
    );
    assert!(fake.hung_up() > 0, "the network did fail");
    for chat in &stuck {
        assert_eq!(fake.sent().iter().filter(|m| m.chat_id == *chat).count(), 0);
    }
    // Once Telegram answers them, the five are answered too, once each.
    fake.release();
    for chat in &stuck {
        assert!(
            fake.wait_sent_to(*chat, 1, PATIENCE).await,
            "{chat} never answered"
        );
    }
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    for n in 0..PEOPLE {
        let person = 300_000 + n;
        let told = fake.sent().iter().filter(|m| m.chat_id == person).count();
        assert_eq!(told, 1, "{person} was told {told} times");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_burst_of_100_tickets_keeps_within_30_a_second_and_people_hear_first() {
    const PEOPLE: i64 = 100;
    let fake = crowd(PEOPLE).await;
    fake.set_rate_limits(None, Some((30, Duration::from_secs(1))));
    let limits = Limits {
        overall_per_second: 30,
        ..Limits::unlimited()
    };
    let confirmed = burst(&fake, PEOPLE, limits).await;
    assert_eq!(fake.too_many_requests(), 0, "Telegram never had to refuse");
    let slowest = confirmed.values().max().copied().unwrap_or_default();
    assert!(
        slowest <= Duration::from_secs(10),
        "the last confirmation took {slowest:?}"
    );
    // With both waiting, people's confirmations went before admin notices.
    let sent = fake.sent();
    let last_person = sent.iter().rposition(|m| m.chat_id != ADMIN).unwrap();
    let admin_before = sent[..last_person]
        .iter()
        .filter(|m| m.chat_id == ADMIN)
        .count();
    assert!(
        admin_before <= 40,
        "{admin_before} admin notices went before the last person's confirmation"
    );
}

/// More messages for one chat than `LIMIT_PER_CHAT_PER_MINUTE` lets go in a
/// minute: the bot holds the rest until the window lets them, so Telegram
/// (which refuses the third in a minute here) never has to refuse one, and
/// all arrive, in order. The minute is shortened for the test
/// (`Limits::minute`); the fake's is as short.
#[tokio::test]
async fn past_the_limit_per_chat_per_minute_messages_wait_for_the_window_and_all_arrive_in_order() {
    const MINUTE: Duration = Duration::from_millis(1500);
    const PER_MINUTE: usize = 2;
    let fake = fake_telegram().await;
    fake.set_rate_limits(Some((PER_MINUTE as u32, MINUTE)), None);
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.limits = Limits {
        per_chat_per_minute: PER_MINUTE as u32,
        minute: MINUTE,
        ..Limits::unlimited()
    };
    let mut app = spawn_app_with(fake.clone(), dir, config).await;
    let sent = app.says(ANN, "My order is late", 2).await;
    let id = app.ticket_id_in(&sent[0].text);
    app.says(ADMIN, &format!("/reply {id}"), 1).await;
    // The admin answers in five messages at once: with the ticket's
    // confirmation, six for Ann, three minutes' worth.
    let answers: Vec<String> = (1..=5).map(|n| format!("Answer number {n}")).collect();
    for answer in &answers {
        fake.push_text(ADMIN, answer);
    }
    assert!(
        fake.wait_sent_to(ANN, 1 + answers.len(), PATIENCE).await,
        "every answer reaches Ann: {:#?}",
        fake.sent()
    );
    app.settle().await;
    assert_eq!(fake.too_many_requests(), 0, "Telegram never had to refuse");
    // In the order they arrived at Telegram, not sorted.
    let to_ann: Vec<_> = fake
        .sent()
        .into_iter()
        .filter(|m| m.chat_id == ANN)
        .collect();
    let texts: Vec<&str> = to_ann[1..].iter().map(|m| m.text.as_str()).collect();
    let expected: Vec<String> = answers
        .iter()
        .map(|a| format!("Support team (ticket {id}):\n{a}"))
        .collect();
    assert_eq!(texts, expected, "all arrive, once each, in order");
    // Never more than the limit in any window, by the times Telegram saw.
    for (earlier, later) in to_ann.iter().zip(&to_ann[PER_MINUTE..]) {
        let apart = later.at.duration_since(earlier.at);
        assert!(
            apart >= MINUTE,
            "{} messages within {apart:?}: {:?} .. {:?}",
            PER_MINUTE + 1,
            earlier.text,
            later.text
        );
    }
    app.stop().await;
}
