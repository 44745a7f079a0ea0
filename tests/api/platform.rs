//! Telegram's rules as the fake enforces them: flood limits, blocked
//! people, long texts, formatting.

use std::sync::Arc;
use std::time::Duration;
use support_bot::command::{menu, Scope};

use support_bot::config::Limits;

use crate::helpers::*;
use fake_telegram::{FakeTelegram, MethodFault};

/// Waits (at most 30 s) until `count` command menus are set; the menus.
async fn menus_set(
    fake: &FakeTelegram,
    count: usize,
) -> Vec<(serde_json::Value, fake_telegram::CommandList)> {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let menus = fake.commands();
        if menus.len() >= count {
            return menus;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "only {} of {count} menus were set",
            menus.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The bot with the inbox on https (so the admins get menu buttons too),
/// started while Telegram answers every menu call with `fault`.
async fn spawn_while_menus_fail(fault: MethodFault) -> TestApp {
    let fake = fake_telegram().await;
    fake.fail_method("setMyCommands", fault);
    fake.fail_method("setChatMenuButton", fault);
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.web.public_url = Some("https://support.example.com/".parse().unwrap());
    spawn_app_with(fake, dir, config).await
}

/// Once Telegram has refused a menu call, a person's /start: the time
/// until its answer.
async fn first_answer_while_menus_fail(app: &TestApp) -> Duration {
    eventually("Telegram refuses a menu call", || {
        app.fake.calls_of("setMyCommands").iter().any(|c| !c.ok)
    })
    .await;
    let asked = std::time::Instant::now();
    app.fake.push_text(ANN, "/start");
    assert!(
        app.fake.wait_sent_to(ANN, 1, Duration::from_secs(20)).await,
        "/start never answered"
    );
    asked.elapsed()
}

/// Well under teloxide's 10 s wait after a server error: the answer did not
/// wait for a menu call.
const PROMPT: Duration = Duration::from_secs(3);

#[tokio::test]
async fn while_every_menu_call_fails_500_a_person_is_answered_at_once_and_the_menus_follow_later() {
    let app = spawn_while_menus_fail(MethodFault::ServerError).await;
    let took = first_answer_while_menus_fail(&app).await;
    assert!(took < PROMPT, "/start answered after {took:?}");
    assert!(app.fake.commands().is_empty());
    assert!(app.fake.menu_button(Some(ADMIN)).is_none());

    // Telegram recovers: the menus and buttons are set on a later try.
    app.fake.heal_method("setMyCommands");
    app.fake.heal_method("setChatMenuButton");
    menus_set(&app.fake, 1 + support_bot::texts::LANGUAGES.len() + 2).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while app.fake.menu_button(Some(ADMIN2)).is_none() {
        assert!(std::time::Instant::now() < deadline, "no menu button");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(app.fake.menu_button(Some(ADMIN)).is_some());
    app.stop().await;
}

#[tokio::test]
async fn a_429_on_the_menus_waits_its_retry_after_without_holding_up_anyone() {
    let app = spawn_while_menus_fail(MethodFault::TooManyRequests { retry_after: 30 }).await;
    let took = first_answer_while_menus_fail(&app).await;
    assert!(took < PROMPT, "/start answered after {took:?}");
    // Each menu call was tried once and now waits its 30 s.
    app.fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    let tried = app.fake.calls_of("setMyCommands").len();
    assert_eq!(tried, 1 + support_bot::texts::LANGUAGES.len() + 2);
    app.stop().await;

    // retry_after 2: the menus are set once it has passed, not before.
    let app = spawn_while_menus_fail(MethodFault::TooManyRequests { retry_after: 2 }).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while app.fake.calls_of("setMyCommands").is_empty() {
        assert!(std::time::Instant::now() < deadline, "no menu call");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let refused = std::time::Instant::now();
    app.fake.heal_method("setMyCommands");
    app.fake.heal_method("setChatMenuButton");
    menus_set(&app.fake, 1 + support_bot::texts::LANGUAGES.len() + 2).await;
    let waited = refused.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "a menu was set again {waited:?} after a 429 saying 2 s"
    );
    app.stop().await;
}

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
    fake.wait_for_sent(expected, Duration::from_secs(120))
        .await
        .expect("every message arrives");
    let refused = fake
        .calls()
        .iter()
        .filter(|c| c.error_code == Some(429))
        .count();
    assert!(refused > 0, "the fake did refuse some messages");
    // Counted once the bot is idle, so a late duplicate is seen too.
    fake.wait_idle(QUIET, PATIENCE).await.unwrap();
    assert_eq!(app.store.unsent(), vec![], "everything was sent");
    let sent = fake.sent();
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
            theirs.len() == 2 && theirs[0].contains("opened ticket") && theirs[1] == "👀",
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

#[tokio::test]
async fn the_command_menus_are_registered_for_people_and_for_each_admin_chat() {
    let app = spawn_app().await;
    let mut app = app;
    app.says(ANN, "/help", 1).await;
    // The menus are set in the background: one for the default language,
    // one per shipped language, one per admin chat.
    let expected = 1 + support_bot::texts::LANGUAGES.len() + 2;
    let menus = menus_set(&app.fake, expected).await;
    let names = |scope: &serde_json::Value| -> Vec<String> {
        menus
            .iter()
            .find(|(s, _)| s == scope)
            .map(|(_, list)| list.iter().map(|(c, _)| c.clone()).collect())
            .unwrap_or_default()
    };
    // People's commands of the command table, in the default language
    // and in each shipped language.
    let people: Vec<&str> = menu(Scope::People, "en")
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert_eq!(names(&serde_json::json!({"type": "default"})), people);
    assert_eq!(people[..3], ["new", "close", "mytickets"]);
    for admin in [ADMIN, ADMIN2] {
        let scope = serde_json::json!({"type": "chat", "chat_id": admin});
        // Exactly the support team's commands of the command table.
        let team: Vec<&str> = menu(Scope::Team, "en")
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(names(&scope), team, "menu of {admin}");
        assert_eq!(team[..4], ["tickets", "reply", "done", "close"]);
    }
    app.stop().await;
}

#[tokio::test]
async fn an_admin_group_that_becomes_a_supergroup_keeps_getting_tickets() {
    const GROUP: i64 = -500;
    const SUPERGROUP: i64 = -100_500;
    let fake = fake_telegram().await;
    fake.add_group_chat(GROUP, "Support team");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut app = spawn_app_on(fake.clone(), Arc::clone(&dir), vec![GROUP]).await;
    app.says(ANN, "First question", 2).await;
    fake.migrate_group(GROUP, SUPERGROUP, "Support team");
    let sent = app.says(ANN, "Second question", 2).await;
    assert_eq!(sent[1].chat_id, SUPERGROUP, "resent to the new id");
    assert!(sent[1].text.contains("Second question"));
    let stopped = app.stop().await;
    // After a restart the new id is still used, and its members are the team.
    let mut app = spawn_app_on(stopped.fake, stopped.dir, vec![GROUP]).await;
    fake.push_group_text(SUPERGROUP, ADMIN2, "/tickets");
    let sent = app.expect(1).await;
    assert_eq!(sent[0].chat_id, SUPERGROUP);
    assert!(
        sent[0].text.starts_with("Open tickets (1)"),
        "{}",
        sent[0].text
    );
    app.stop().await;
}

#[tokio::test]
async fn an_anonymous_admin_in_an_admin_group_is_named_as_such() {
    const GROUP: i64 = -600;
    const GROUP_ANONYMOUS_BOT: i64 = 1087968824;
    let fake = fake_telegram().await;
    fake.add_group_chat(GROUP, "Support team");
    fake.add_private_chat(GROUP_ANONYMOUS_BOT, "Group", Some("GroupAnonymousBot"));
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut app = spawn_app_on(fake.clone(), dir, vec![GROUP, ADMIN]).await;
    let sent = app.says(ANN, "Hello", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    fake.push_group_text(GROUP, GROUP_ANONYMOUS_BOT, &format!("/close {id}"));
    let sent = app.expect(3).await;
    assert_eq!(sent[0].chat_id, ANN);
    assert_eq!(
        sent[2].text,
        format!("Ticket {id} was closed by An anonymous admin.")
    );
    assert!(
        sent.iter().all(|m| !m.text.contains("Group (")),
        "never taken for a person"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_server_error_from_telegram_is_retried_and_nothing_is_lost() {
    let mut app = spawn_app().await;
    app.fake.fail_sends(1);
    let update = app.fake.push_text(BEN, "/help");
    let sent = app
        .fake
        .wait_for_sent(1, Duration::from_secs(40))
        .await
        .expect("sent after the retry");
    assert_eq!(sent[0].chat_id, BEN);
    assert!(
        app.fake.calls().iter().any(|c| c.error_code == Some(500)),
        "the fake did fail once"
    );
    app.fake
        .wait_until_confirmed(update, PATIENCE)
        .await
        .unwrap();
    app.expect(1).await;
    // Other chats are served meanwhile too.
    app.says(ANN, "/help", 1).await;
    app.stop().await;
}

#[tokio::test]
async fn markdown_specials_and_5000_emoji_go_both_ways_intact() {
    let mut app = spawn_app().await;
    let specials = "_*[]()~`>#+-=|{}.!\\ <b>&amp;</b>";
    let emoji = "😀".repeat(5000);
    let text = format!("{specials}\n{emoji}");
    // The confirmation, and 4 parts to each admin: the first line, then
    // 10,000 UTF-16 units of emoji cut at the limit.
    let sent = app.says(ANN, &text, 1 + 4 + 4).await;
    let id = app.ticket_id_in(&sent[0].text);
    let to_admin: String = sent
        .iter()
        .filter(|m| m.chat_id == ADMIN)
        .map(|m| m.text.as_str())
        .collect();
    assert!(to_admin.contains(&text));
    let sent = app.says(ADMIN, &format!("/reply {id} {text}"), 4 + 1).await;
    let to_ann: String = sent
        .iter()
        .filter(|m| m.chat_id == ANN)
        .map(|m| m.text.as_str())
        .collect();
    // A message split at a line break loses that line break to Telegram's
    // trimming of each message's ends; every other character arrives.
    let (got, want) = (to_ann.replace('\n', ""), text.replace('\n', ""));
    assert!(
        got.ends_with(&want),
        "{} emoji of 5000 arrived",
        got.matches('😀').count()
    );
    assert!(app.fake.calls().iter().all(|c| c.ok), "no call was refused");
    app.stop().await;
}
