//! Delivery apart from intake: per chat, within Telegram's flood limits,
//! people before the team, and a person blocking the bot seen at once.

use std::collections::{HashMap, HashSet};
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

fn percentile(latencies: &[Duration], p: f64) -> Duration {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

#[tokio::test]
async fn people_untouched_by_network_faults_do_not_wait_for_those_who_are() {
    const PEOPLE: i64 = 300;
    let clean_fake = crowd(PEOPLE).await;
    let clean = burst(&clean_fake, PEOPLE, Limits::unlimited()).await;
    let faulty_fake = crowd(PEOPLE).await;
    faulty_fake.hang_up_one_in(40);
    let faulty = burst(&faulty_fake, PEOPLE, Limits::unlimited()).await;
    assert!(faulty_fake.hung_up() > 0, "the network did fail");
    let touched: HashSet<i64> = faulty_fake
        .hung_up_calls()
        .iter()
        .filter_map(|c| c.params["chat_id"].as_i64())
        .collect();
    let untouched: Vec<Duration> = faulty
        .iter()
        .filter(|(person, _)| !touched.contains(person))
        .map(|(_, d)| *d)
        .collect();
    let all_clean: Vec<Duration> = clean.values().copied().collect();
    let (p99_clean, p99_faulty) = (percentile(&all_clean, 0.99), percentile(&untouched, 0.99));
    println!(
        "p50 {:?} -> {:?}, p99 {:?} -> {:?} ({} touched)",
        percentile(&all_clean, 0.5),
        percentile(&untouched, 0.5),
        p99_clean,
        p99_faulty,
        touched.len()
    );
    // A little absolute room for a shared, noisy test machine.
    let allowed = p99_clean.mul_f64(1.2) + Duration::from_millis(100);
    assert!(
        p99_faulty <= allowed,
        "p99 of untouched people {p99_faulty:?} > 1.2 x {p99_clean:?} + 100 ms"
    );
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
