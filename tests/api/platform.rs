//! Telegram's rules as the fake enforces them: flood limits, blocked
//! people, long texts, formatting.

use std::sync::Arc;
use std::time::Duration;

use support_bot::config::Limits;

use crate::fake_telegram::FakeTelegram;
use crate::helpers::*;

#[tokio::test]
async fn a_burst_of_300_tickets_against_a_30_per_second_limit_all_arrive_in_order() {
    const PEOPLE: i64 = 300;
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    for n in 0..PEOPLE {
        fake.add_private_chat(200_000 + n, "Person", None);
    }
    // Telegram refuses past 30 messages a second; the bot is set a little
    // faster than that, so it does get refused and must wait and resend.
    fake.set_rate_limits(None, Some((30, Duration::from_secs(1))));
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.limits = Limits {
        overall_per_second: 40,
        ..Limits::unlimited()
    };
    let app = spawn_app_with(fake.clone(), dir, config).await;
    // Everyone opens a ticket at once; every third person adds a second
    // message right away, which must reach the admin after the first.
    for n in 0..PEOPLE {
        fake.push_text(200_000 + n, &format!("Burst request {n}"));
        if n % 3 == 0 {
            fake.push_text(200_000 + n, &format!("More about request {n}"));
        }
    }
    let follow_ups = (PEOPLE + 2) / 3;
    let expected = ((PEOPLE + follow_ups) * 2) as usize;
    let sent = fake
        .wait_for_sent(expected, Duration::from_secs(120))
        .await
        .expect("every message arrives");
    let refused = fake
        .calls()
        .iter()
        .filter(|c| c.error_code == Some(429))
        .count();
    assert!(refused > 0, "the fake did refuse some messages");
    assert_eq!(sent.len(), expected, "nothing was sent twice");

    let admin: Vec<&str> = sent
        .iter()
        .filter(|m| m.chat_id == ADMIN)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(admin.len(), (PEOPLE + follow_ups) as usize);
    for n in (0..PEOPLE).step_by(3) {
        let person = 200_000 + n;
        let theirs: Vec<&str> = sent
            .iter()
            .filter(|m| m.chat_id == person)
            .map(|m| m.text.as_str())
            .collect();
        assert!(
            theirs.len() == 2
                && theirs[0].contains("opened ticket")
                && theirs[1].starts_with("Added"),
            "{theirs:?}"
        );
        let first = admin
            .iter()
            .position(|t| t.contains(&format!("Burst request {n}\n")))
            .unwrap();
        let second = admin
            .iter()
            .position(|t| t.ends_with(&format!("More about request {n}")))
            .unwrap();
        assert!(
            first < second,
            "request {n}: the follow-up overtook the new ticket"
        );
    }
    app.stop().await;
}
