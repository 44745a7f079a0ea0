//! The team's forum group (`TEAM_CHAT_ID`): a topic per ticket, and the
//! team's tools in it (claiming, saved answers, notes, bans), against a fake
//! Bot API that knows forum topics and their errors.

use std::sync::Arc;
use std::time::Duration;

use crate::assert_transcript;
use crate::helpers::*;
use fake_telegram::FakeTelegram;
use support_bot::config::Config;
use support_bot::model::TicketStatus;

/// The team's forum group.
const FORUM: i64 = -1001234567890;

/// The bot with the team working in a forum group (and no private admin
/// chat getting notices).
async fn spawn_team() -> TestApp {
    spawn_team_on(fake_telegram().await, |_| {}).await
}

/// [`spawn_team`] on `fake`, with `adjust` applied to the settings.
async fn spawn_team_on(fake: FakeTelegram, adjust: impl FnOnce(&mut Config)) -> TestApp {
    fake.add_forum_chat(FORUM, "Support team");
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.team.chat = Some(FORUM);
    config.team.notify_admin_chats = false;
    adjust(&mut config);
    spawn_app_with(fake, dir, config).await
}

/// The thread of the `n`-th topic made in the forum group (from 0).
fn topic(app: &TestApp, n: usize) -> i32 {
    app.fake.topics(FORUM)[n].thread
}

#[tokio::test]
pub async fn a_tickets_life_in_its_topic() {
    let mut app = spawn_team().await;
    app.note("the support team works in a forum group; each ticket gets its own topic");
    let sent = app.says(ANN, "My parcel never arrived", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let topics = app.fake.topics(FORUM);
    assert_eq!(topics.len(), 1, "one topic for the new ticket");
    assert_eq!(topics[0].name, format!("{id} · Ann"));
    let thread = topic(&app, 0);
    // The opening notice is in the topic, the short one in General links to it.
    assert!(sent.iter().any(|m| m.chat_id == FORUM
        && m.thread == Some(thread)
        && m.text.contains("My parcel never arrived")));
    let general = sent
        .iter()
        .find(|m| m.chat_id == FORUM && m.thread.is_none())
        .expect("a notice in General");
    assert!(
        general
            .text
            .contains(&format!("https://t.me/c/1234567890/{thread}")),
        "{}",
        general.text
    );

    app.says_in_topic(ADMIN, thread, "/claim", 1).await;
    app.says_in_topic(ADMIN, thread, "Hello Ann, we are looking into it.", 2)
        .await;
    app.says_in_topic(
        ADMIN2,
        thread,
        "// Called the courier: it is in the depot.",
        1,
    )
    .await;
    app.says_in_topic(
        ADMIN,
        thread,
        "/save sorry We are sorry for the wait. Your parcel is on its way.",
        1,
    )
    .await;
    app.says_in_topic(ADMIN, thread, "/a sorry", 2).await;
    // Sam answers a ticket Alex claimed: told once, not stopped.
    app.says_in_topic(ADMIN2, thread, "It should arrive tomorrow.", 3)
        .await;
    app.says_in_topic(ADMIN2, thread, "Sorry again!", 2).await;
    app.says(ANN, "Thank you!", 2).await;
    app.says_in_general(ADMIN2, "/tickets", 1).await;
    let whois = app.says_in_topic(ADMIN, thread, "/whois", 1).await;
    assert!(
        whois[0].text.contains("just write in this topic") && !whois[0].text.contains("/reply"),
        "{}",
        whois[0].text
    );
    app.says_in_topic(ADMIN, thread, "/close", 2).await;
    let closed = &app.fake.topics(FORUM)[0];
    assert!(closed.closed, "the topic is closed with its ticket");
    assert!(closed.name.starts_with('✅'), "{}", closed.name);
    app.says_in_topic(ADMIN, thread, "/reopen", 2).await;
    let reopened = &app.fake.topics(FORUM)[0];
    assert!(!reopened.closed && reopened.name == format!("{id} · Ann · Alex is answering"));
    assert_eq!(app.fake.topics(FORUM).len(), 1, "reopening keeps its topic");

    let model = app.store.snapshot();
    let ticket = model
        .ticket(&support_bot::model::TicketId::parse(&id).unwrap())
        .unwrap();
    assert_eq!(ticket.status, TicketStatus::Open);
    assert_eq!(ticket.claim.as_ref().map(|c| c.name.as_str()), Some("Alex"));
    let notes: Vec<&str> = ticket
        .messages
        .iter()
        .filter(|e| e.note)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(notes, ["Called the courier: it is in the depot."]);
    // The note never reached Ann.
    assert!(!app
        .fake
        .sent()
        .iter()
        .any(|m| m.chat_id == ANN && m.text.contains("depot")));
    assert_transcript!("ticket_in_its_topic", app);
}

#[tokio::test]
async fn a_person_writing_after_close_gets_a_new_ticket_in_a_new_topic() {
    let mut app = spawn_team().await;
    app.says(ANN, "First problem", 3).await;
    let first = topic(&app, 0);
    app.says_in_topic(ADMIN, first, "/close", 2).await;
    app.says(ANN, "Second problem", 3).await;
    let topics = app.fake.topics(FORUM);
    assert_eq!(topics.len(), 2);
    assert!(topics[0].closed && !topics[1].closed);
    let second = topics[1].thread;
    let last = app.fake.sent();
    assert!(last
        .iter()
        .any(|m| m.thread == Some(second) && m.text.contains("Second problem")));
}

#[tokio::test]
pub async fn a_topic_deleted_by_hand_is_made_again_with_the_last_messages() {
    let mut app = spawn_team().await;
    app.says(ANN, "The app crashes at login", 3).await;
    let old = topic(&app, 0);
    app.says_in_topic(ADMIN, old, "Which phone do you use?", 2)
        .await;
    app.says(ANN, "An old Android phone", 2).await;
    app.note("someone deletes the ticket's topic by hand");
    app.fake.delete_topic_by_hand(FORUM, old);
    // The next notice finds the topic gone: a new one, the last messages
    // posted there, then the notice.
    app.says(ANN, "It still crashes", 3).await;
    let topics = app.fake.topics(FORUM);
    assert_eq!(topics.len(), 2);
    assert!(topics[0].deleted);
    let new = topics[1].thread;
    let in_new: Vec<String> = app
        .fake
        .sent()
        .into_iter()
        .filter(|m| m.thread == Some(new))
        .map(|m| m.text)
        .collect();
    assert_eq!(in_new.len(), 2, "{in_new:?}");
    assert!(
        in_new[0].contains("Which phone do you use?") && in_new[0].contains("An old Android phone")
    );
    assert!(in_new[1].contains("It still crashes"));
    // The team answers in the new topic.
    app.says_in_topic(ADMIN, new, "Please update the app.", 2)
        .await;
    assert_transcript!("deleted_topic_recovered", app);
}

#[tokio::test]
async fn a_topic_closed_by_hand_is_opened_again_when_the_bot_may_not_post_into_it() {
    let mut app = spawn_team().await;
    app.says(ANN, "Printer on fire", 3).await;
    let thread = topic(&app, 0);
    app.fake.close_topic_by_hand(FORUM, thread);
    // Without "Manage topics" the bot may not post into a closed topic;
    // as the topic's creator it may still open it.
    app.fake.set_topic_rights(FORUM, false);
    app.says(ANN, "Still on fire", 2).await;
    let topics = app.fake.topics(FORUM);
    assert_eq!(topics.len(), 1, "no second topic");
    assert!(!topics[0].closed, "opened again");
    assert!(app
        .fake
        .sent()
        .iter()
        .any(|m| m.thread == Some(thread) && m.text.contains("Still on fire")));
}

#[tokio::test]
async fn two_messages_arriving_together_make_one_topic() {
    let mut app = spawn_team().await;
    // Both updates wait in one batch: the first opens the ticket, the
    // second is added to it; both notices are for one topic.
    app.fake.push_text(ANN, "Hello");
    app.fake.push_text(ANN, "Are you there?");
    app.expect(5).await;
    assert_eq!(app.fake.topics(FORUM).len(), 1);
}

/// A burst of a person's messages opening a ticket: the topic made for the
/// first notice is the one every later notice finds (on PostgreSQL too,
/// before the change recording it is committed), so there is exactly one.
#[tokio::test]
pub async fn a_burst_of_messages_of_a_new_ticket_makes_exactly_one_topic() {
    let app = spawn_team().await;
    let texts = [
        "Hello",
        "Are you there?",
        "My order is late",
        "It was due on Monday",
        "Order 5521",
        "Thanks",
    ];
    for text in texts {
        app.fake.push_text(ANN, text);
    }
    app.settle().await;
    the_one_topic_holds(&app.fake, FORUM, &texts);
    app.stop().await;
}

/// `forum` has exactly one topic and each of `texts` was sent into it; its
/// thread id.
pub fn the_one_topic_holds(fake: &FakeTelegram, forum: i64, texts: &[&str]) -> i32 {
    let topics = fake.topics(forum);
    assert_eq!(topics.len(), 1, "{topics:?}");
    let thread = topics[0].thread;
    let sent = fake.sent();
    for text in texts {
        assert!(
            sent.iter()
                .any(|m| m.chat_id == forum && m.thread == Some(thread) && m.text.contains(text)),
            "{text:?} in the ticket's topic"
        );
    }
    thread
}

#[tokio::test]
async fn without_the_right_to_manage_topics_notices_go_to_the_group_and_readyz_says_so() {
    let mut app = spawn_team().await;
    app.fake.set_topic_rights(FORUM, false);
    let sent = app.says(ANN, "Hello?", 3).await;
    assert!(app.fake.topics(FORUM).is_empty());
    let in_group: Vec<_> = sent.iter().filter(|m| m.chat_id == FORUM).collect();
    assert_eq!(in_group.len(), 2, "the notice and the General line");
    assert!(in_group.iter().all(|m| m.thread.is_none()));
    let url = format!("http://127.0.0.1:{}/readyz", app.http_port);
    let ready: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert_eq!(ready["team_topics"], "no_topic_rights", "{ready}");
    // Replying to the notice in the group still reaches Ann.
    let notice = in_group
        .iter()
        .find(|m| m.text.contains("Hello?"))
        .unwrap()
        .message_id;
    app.fake
        .push_reply_text(FORUM, ADMIN, notice, "We are here.");
    let sent = app.expect(2).await;
    assert!(sent
        .iter()
        .any(|m| m.chat_id == ANN && m.text.contains("We are here.")));
}

#[tokio::test]
pub async fn a_ban_closes_the_ticket_and_refuses_what_follows() {
    let mut app = spawn_team().await;
    app.says(BEN, "BUY CHEAP WATCHES", 3).await;
    let thread = topic(&app, 0);
    app.says_in_topic(ADMIN, thread, "/ban spam", 1).await;
    assert!(app.fake.topics(FORUM)[0].closed);
    app.says(BEN, "BUY MORE WATCHES", 1).await;
    app.says(BEN, "Hello?", 0).await;
    app.says(BEN, "/mydata", 1).await;
    app.says_in_general(ADMIN, "/banned", 1).await;
    let ticket_id = app
        .store
        .snapshot()
        .tickets
        .keys()
        .next()
        .unwrap()
        .to_string();
    app.says_in_general(ADMIN, &format!("/unban {ticket_id}"), 1)
        .await;
    app.says(BEN, "Sorry about that. My order is late.", 3)
        .await;
    assert_eq!(app.fake.topics(FORUM).len(), 2);
    assert_transcript!("ban", app);
}

#[tokio::test]
async fn a_silent_ban_never_answers() {
    let mut app = spawn_team().await;
    app.says(BEN, "spam spam", 3).await;
    let thread = topic(&app, 0);
    app.says_in_topic(ADMIN, thread, "/ban silent", 1).await;
    app.says(BEN, "more spam", 0).await;
    app.says(BEN, "and more", 0).await;
    let refused = app.store.snapshot().bans[&BEN].refused;
    assert_eq!(refused, 2);
}

#[tokio::test]
async fn a_person_sending_too_fast_is_asked_to_slow_down_and_held_back_from_the_team() {
    let mut app = spawn_team_on(fake_telegram().await, |config| {
        config.team.spam_per_minute = 3;
    })
    .await;
    app.says(ANN, "one", 3).await;
    app.says(ANN, "two", 2).await;
    app.says(ANN, "three", 2).await;
    // The fourth within a minute: asked to slow down, nothing to the team.
    let sent = app.says(ANN, "four", 1).await;
    assert_eq!(sent[0].chat_id, ANN);
    app.says(ANN, "five", 0).await;
    let model = app.store.snapshot();
    let ticket = model.tickets.values().next().unwrap();
    let held: Vec<&str> = ticket
        .messages
        .iter()
        .filter(|e| e.held)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(held, ["four", "five"], "kept on the ticket");
    let url = format!("http://127.0.0.1:{}/metrics", app.http_port);
    let metrics = reqwest::get(url).await.unwrap().text().await.unwrap();
    let line = metrics
        .lines()
        .find(|l| l.starts_with("support_bot_messages_held_total"))
        .expect("the held counter");
    let count: f64 = line.split_whitespace().last().unwrap().parse().unwrap();
    assert_eq!(count, 2.0, "this bot held two messages: {line}");
    // Once Ann stops, what was held reaches the topic, in one message.
    app.note("Ann stops writing for a moment");
    tokio::time::sleep(Duration::from_secs(support_bot::fsm::HELD_QUIET)).await;
    let passed_on = app.expect(1).await;
    assert_eq!(passed_on[0].chat_id, FORUM);
    assert_eq!(passed_on[0].thread, Some(topic(&app, 0)));
    assert!(
        passed_on[0]
            .text
            .contains("These 2 messages were held back")
            && passed_on[0].text.contains("— four\n— five"),
        "{}",
        passed_on[0].text
    );
    let model = app.store.snapshot();
    let ticket = model.tickets.values().next().unwrap();
    assert!(ticket.messages.iter().all(|e| !e.waiting), "passed on once");
    assert_transcript!("held_messages_in_a_topic", app);
}

#[tokio::test]
async fn a_burst_of_new_tickets_is_announced_in_general_within_a_minute() {
    let fake = fake_telegram().await;
    let people: Vec<i64> = (0..40).map(|i| 7_000 + i).collect();
    for person in &people {
        fake.add_private_chat(*person, "Customer", None);
    }
    // They all write before the bot starts: one batch of updates.
    for person in &people {
        fake.push_text(*person, "Help, please");
    }
    // Telegram's own limit for a group: 20 messages a minute.
    fake.enforce_telegram_limits(30);
    let started = std::time::Instant::now();
    let app = spawn_team_on(fake, |config| {
        // The bot keeps Telegram's limits.
        config.limits.per_group_per_minute = 20;
        config.limits.per_chat_per_second = 1;
        config.limits.per_chat_per_minute = 60;
        config.limits.overall_per_second = 30;
    })
    .await;
    // Every ticket is named in General within a minute, in few messages.
    let deadline = started + Duration::from_secs(60);
    let announced = loop {
        let ids: Vec<String> = app
            .store
            .snapshot()
            .tickets
            .keys()
            .map(|t| t.to_string())
            .collect();
        let general: Vec<String> = app
            .fake
            .sent()
            .into_iter()
            .filter(|m| m.chat_id == FORUM && m.thread.is_none())
            .map(|m| m.text)
            .collect();
        let all_named = ids.len() == people.len()
            && ids
                .iter()
                .all(|id| general.iter().any(|g| g.contains(id.as_str())));
        if all_named {
            break general;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not every new ticket was announced in General within a minute: {} tickets, {} messages in General",
            ids.len(),
            general.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        announced.len() <= 8,
        "the General notices were merged: {} messages for {} tickets",
        announced.len(),
        people.len()
    );
    assert_eq!(
        app.fake.too_many_requests(),
        0,
        "the group's limit was kept"
    );
    // The first ticket's topic notice went out at once; by the time the
    // group could take another message, all 40 had piled up: one notice.
    assert_eq!(announced.len(), 1, "{announced:#?}");
    // As the team reads it; which person came first is chance, so the one
    // line with a topic link comes first, the rest in the order sent.
    let merged = &announced[0];
    let mut lines: Vec<&str> = merged.lines().collect();
    let head = lines.remove(0);
    lines.sort_by_key(|l| !l.contains("https://"));
    let ids: Vec<String> = app
        .store
        .snapshot()
        .tickets
        .keys()
        .map(|t| t.to_string())
        .collect();
    let text = format!(
        "(40 people open a ticket at the same moment; the group takes 20 messages a minute)\nbot → team group, General:\n{head}\n{}\n",
        lines.join("\n")
    );
    let text = redact(&text, &ids);
    // Thread numbers depend on the order the topics were made.
    let text = regex_lite_replace_links(&text);
    insta::with_settings!({ snapshot_path => "../../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("burst_merged_in_general", text);
    });
}

/// Topic links without their thread numbers (`.../c/1234567890/#`).
fn regex_lite_replace_links(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("https://t.me/c/1234567890/") {
            Some(at) => format!("{}https://t.me/c/1234567890/#", &line[..at]),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[tokio::test]
pub async fn the_claim_button_claims_and_tickets_mine_lists_it() {
    let mut app = spawn_team().await;
    let sent = app.says(ANN, "Where is my refund?", 3).await;
    let notice = sent
        .iter()
        .find(|m| m.chat_id == FORUM && m.thread.is_some())
        .expect("the notice in the topic");
    let id = app.ticket_id_in(&notice.text);
    let answer = app
        .presses_in_group(
            ADMIN2,
            notice.message_id,
            "Claim",
            &format!("claim:{id}"),
            1,
        )
        .await;
    assert_eq!(answer[0].thread, notice.thread, "answered in the topic");
    let mine = app.says_in_general(ADMIN2, "/tickets mine", 1).await;
    assert!(mine[0].text.contains(&id) && mine[0].text.contains("Sam is answering it"));
    let others = app.says_in_general(ADMIN, "/tickets mine", 1).await;
    assert!(!others[0].text.contains(&id), "{}", others[0].text);
    let unclaimed = app.says_in_general(ADMIN, "/tickets unclaimed", 1).await;
    assert!(!unclaimed[0].text.contains(&id), "{}", unclaimed[0].text);
    // Alex cannot take it while Sam has it, until it is given back.
    let refused = app.says_in_general(ADMIN, &format!("/claim {id}"), 1).await;
    assert!(refused[0].text.contains("Sam is already answering"));
    app.says_in_general(ADMIN, &format!("/unclaim {id}"), 2)
        .await;
    let taken = app.says_in_general(ADMIN, &format!("/claim {id}"), 2).await;
    assert!(taken
        .iter()
        .any(|m| m.thread.is_none() && m.text.contains("Alex is answering")));
    let claim = app
        .store
        .snapshot()
        .tickets
        .values()
        .next()
        .unwrap()
        .claim
        .clone();
    assert_eq!(claim.map(|c| c.name), Some("Alex".to_string()));
}

#[tokio::test]
async fn replies_and_notes_in_a_topic_are_recorded_as_the_member_who_wrote_them() {
    let mut app = spawn_team().await;
    let sent = app.says(ANN, "My parcel never arrived", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let thread = topic(&app, 0);
    app.says_in_topic(ADMIN2, thread, "It should arrive tomorrow.", 2)
        .await;
    app.says_in_topic(ADMIN, thread, "// Courier says depot.", 1)
        .await;
    let model = app.store.snapshot();
    let id = support_bot::model::TicketId::parse(&id).unwrap();
    let team: Vec<_> = model.ticket(&id).unwrap().messages[1..]
        .iter()
        .map(|e| (e.from, e.by.as_deref(), e.note))
        .collect();
    use support_bot::model::Author;
    assert_eq!(
        team,
        [
            (Author::Admin(ADMIN2), Some("Sam"), false),
            (Author::Admin(ADMIN), Some("Alex"), true),
        ],
        "the members, not the group"
    );
    let detail = support_bot::web::views::detail(&model, &id, ADMIN).unwrap();
    let by: Vec<Option<&str>> = detail.lines.iter().map(|l| l.by.as_deref()).collect();
    assert_eq!(
        by,
        [None, Some("Sam"), Some("Alex")],
        "the inbox names them"
    );
    let rows = support_bot::ops::export::rows(&model);
    assert_eq!(rows[0].answered_by, "Sam", "the export names who answered");
}

/// The text of the bot's message `message_id` in the forum group as it
/// reads now, and the callback data of its buttons.
fn message_now(app: &TestApp, message_id: i32) -> (String, Vec<String>) {
    let message = app.fake.message(FORUM, message_id).expect("the message");
    let buttons = message["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["callback_data"].as_str().map(str::to_string))
        .collect();
    (
        message["text"].as_str().unwrap_or_default().to_string(),
        buttons,
    )
}

#[tokio::test]
pub async fn a_claim_in_a_topic_answers_the_member_by_name_and_shows_on_the_topic_and_its_notice() {
    let mut app = spawn_team_on(fake_telegram().await, |config| {
        // Sam also has a private chat with the bot (without notices in it).
        config.admin_chat_ids.push(ADMIN2);
    })
    .await;
    let sent = app.says(ANN, "My parcel never arrived", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let thread = topic(&app, 0);
    let notice = sent
        .iter()
        .find(|m| m.thread == Some(thread))
        .expect("the opening notice")
        .message_id;

    let answer = app.says_in_topic(ADMIN2, thread, "/claim", 1).await;
    assert_eq!(answer[0].thread, Some(thread));
    assert!(
        answer[0]
            .text
            .contains(&format!("Sam is answering ticket {id}")),
        "{}",
        answer[0].text
    );
    let replied = &app.fake.message(FORUM, answer[0].message_id).unwrap()["reply_to_message"];
    assert_eq!(
        (replied["from"]["id"].as_i64(), replied["text"].as_str()),
        (Some(ADMIN2), Some("/claim")),
        "a reply to Sam's message"
    );
    assert_eq!(
        app.fake.topics(FORUM)[0].name,
        format!("{id} · Ann · Sam is answering")
    );
    let (text, buttons) = message_now(&app, notice);
    assert!(text.contains("Sam is answering it"), "{text}");
    assert!(!text.contains("/claim"), "{text}");
    assert_eq!(buttons, [format!("close:{id}")], "no Claim button any more");
    app.note(&format!("the opening notice now reads: {text}"));

    // Alex gives Sam's claim back: the topic says so, Sam is told.
    let back = app.says_in_topic(ADMIN, thread, "/unclaim", 2).await;
    let in_topic = back
        .iter()
        .find(|m| m.chat_id == FORUM)
        .expect("the answer in the topic");
    assert_eq!(in_topic.thread, Some(thread));
    assert!(
        in_topic
            .text
            .contains(&format!("Alex took ticket {id} back from Sam")),
        "{}",
        in_topic.text
    );
    let replied = &app.fake.message(FORUM, in_topic.message_id).unwrap()["reply_to_message"];
    assert_eq!(replied["from"]["id"].as_i64(), Some(ADMIN));
    let to_sam: Vec<_> = back.iter().filter(|m| m.chat_id == ADMIN2).collect();
    assert_eq!(to_sam.len(), 1, "{back:#?}");
    assert!(
        to_sam[0]
            .text
            .contains(&format!("Alex took ticket {id} back from you")),
        "{}",
        to_sam[0].text
    );
    assert_eq!(app.fake.topics(FORUM)[0].name, format!("{id} · Ann"));
    let (text, buttons) = message_now(&app, notice);
    assert!(text.contains("Send /claim"), "{text}");
    assert_eq!(buttons, [format!("claim:{id}"), format!("close:{id}")]);
    assert_transcript!("claims_in_a_topic", app);
}

/// Calls that opened or closed a topic, from the `from`-th call on.
fn topic_opens_and_closes(app: &TestApp, from: usize) -> Vec<String> {
    app.fake.calls()[from..]
        .iter()
        .filter(|c| c.method == "reopenforumtopic" || c.method == "closeforumtopic")
        .map(|c| c.method.clone())
        .collect()
}

/// A ticket closed in its topic with a rating asked for: its id, the
/// topic's thread and the message asking Ann to rate.
async fn closed_and_asked_to_rate(app: &mut TestApp) -> (String, i32, i32) {
    let sent = app.says(ANN, "The app crashes", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let thread = topic(app, 0);
    let sent = app.says_in_topic(ADMIN, thread, "/close", 3).await;
    let ask = sent
        .iter()
        .find(|m| m.chat_id == ANN && m.reply_markup.is_some())
        .expect("Ann is asked to rate")
        .message_id;
    assert!(app.fake.topics(FORUM)[0].closed);
    (id, thread, ask)
}

#[tokio::test]
async fn a_rating_and_its_comment_go_into_the_closed_topic_without_opening_it() {
    let mut app = spawn_team_on(fake_telegram().await, |config| {
        config.ask_for_rating = true;
    })
    .await;
    let (id, thread, ask) = closed_and_asked_to_rate(&mut app).await;
    let calls = app.fake.calls().len();
    let rated = app
        .presses(ANN, ask, "5 ⭐", &format!("rate:{id}:5"), 2)
        .await;
    let commented = app.says(ANN, "Fixed, thank you!", 2).await;
    app.settle().await;
    for notice in [&rated, &commented] {
        assert!(
            notice
                .iter()
                .any(|m| m.chat_id == FORUM && m.thread == Some(thread)),
            "in the ticket's topic: {notice:#?}"
        );
    }
    assert_eq!(
        topic_opens_and_closes(&app, calls),
        Vec::<String>::new(),
        "the closed topic is posted into as it is"
    );
    let refused = app.fake.calls()[calls..]
        .iter()
        .filter(|c| !c.ok)
        .map(|c| (c.method.clone(), c.description.clone()))
        .collect::<Vec<_>>();
    assert_eq!(refused, [], "no TOPIC_CLOSED, so nothing to warn about");
    let topic = &app.fake.topics(FORUM)[0];
    assert!(topic.closed && topic.name.starts_with('✅'), "{topic:?}");
}

#[tokio::test]
async fn without_the_right_to_post_into_a_closed_topic_a_rating_opens_it_and_closes_it_again() {
    let mut app = spawn_team_on(fake_telegram().await, |config| {
        config.ask_for_rating = true;
    })
    .await;
    let (id, thread, ask) = closed_and_asked_to_rate(&mut app).await;
    app.fake.set_topic_rights(FORUM, false);
    let calls = app.fake.calls().len();
    let rated = app
        .presses(ANN, ask, "5 ⭐", &format!("rate:{id}:5"), 2)
        .await;
    app.settle().await;
    assert!(rated
        .iter()
        .any(|m| m.chat_id == FORUM && m.thread == Some(thread)));
    assert_eq!(
        topic_opens_and_closes(&app, calls),
        ["reopenforumtopic", "closeforumtopic"],
        "refused, so opened for the post and closed again"
    );
    assert!(app.fake.topics(FORUM)[0].closed);
}

/// The bot stopped with [`TestApp::stop`] started again in the same team
/// setting, on the same fake and data.
async fn restart_team(stopped: Stopped) -> TestApp {
    let mut config = test_config(&stopped.fake, &stopped.dir, &[ADMIN]);
    config.team.chat = Some(FORUM);
    config.team.notify_admin_chats = false;
    spawn_app_with(stopped.fake, stopped.dir, config).await
}

#[tokio::test]
async fn a_message_and_a_close_in_its_topic_in_one_batch_take_effect_in_update_order_every_time() {
    use support_bot::model::State;
    let mut app = spawn_team().await;
    // A language menu for Ann to press a button on.
    let menu = app.says(ANN, "/language", 1).await[0].message_id;
    for round in 0..10 {
        for person_first in [true, false] {
            // Ann has a ticket open, with its topic.
            if !matches!(app.store.snapshot().state(ANN), State::TicketOpen { .. }) {
                app.fake.push_text(ANN, "Help again");
                app.settle().await;
            }
            let State::TicketOpen { ticket: open } = app.store.snapshot().state(ANN) else {
                panic!("round {round}: Ann has no ticket open")
            };
            let thread = app.store.snapshot().ticket(&open).unwrap().topic.unwrap();
            let text = format!("one more thing {round} {person_first}");
            // All three wait in one batch of getUpdates: the bot is stopped
            // while they arrive. Ann's earlier button press keeps her
            // conversation busy (its answer to Telegram is held) while the
            // other two are taken up.
            let stopped = app.stop().await;
            stopped.fake.hold(Some("answercallbackquery"), None);
            let press = stopped.fake.push_callback(ANN, menu, "lang:en");
            if person_first {
                stopped.fake.push_text(ANN, &text);
                stopped
                    .fake
                    .push_topic_message(FORUM, thread, ADMIN, "Alex", "/close");
            } else {
                stopped
                    .fake
                    .push_topic_message(FORUM, thread, ADMIN, "Alex", "/close");
                stopped.fake.push_text(ANN, &text);
            }
            let sent_before = stopped.fake.sent().len();
            app = restart_team(stopped).await;
            assert!(
                app.fake.wait_held(1, PATIENCE).await,
                "round {round}: the press is being handled"
            );
            app.fake.release();
            app.settle().await;
            // No poll asked for a later update without the earlier ones:
            // all three came in one batch.
            let offsets: Vec<i64> = app
                .fake
                .calls_of("getupdates")
                .iter()
                .filter_map(|c| c.params["offset"].as_i64())
                .collect();
            assert!(
                !offsets.contains(&(press + 1)) && !offsets.contains(&(press + 2)),
                "round {round}: one batch, offsets {offsets:?}, press {press}"
            );

            let model = app.store.snapshot();
            assert_eq!(model.ticket(&open).unwrap().status, TicketStatus::Closed);
            let holder = model
                .tickets_of(ANN)
                .into_iter()
                .find(|t| t.messages.iter().any(|e| e.text == text))
                .expect("the message is kept");
            let sent = &app.fake.sent()[sent_before..];
            let relayed_to = sent
                .iter()
                .find(|m| m.chat_id == FORUM && m.text.contains(&text))
                .and_then(|m| m.thread);
            let to_ann: Vec<&str> = sent
                .iter()
                .filter(|m| m.chat_id == ANN && m.method != "setmessagereaction")
                .map(|m| m.text.as_str())
                .collect();
            if person_first {
                assert_eq!(
                    holder.id, open,
                    "round {round}: joins the ticket it was written to"
                );
                assert_eq!(relayed_to, Some(thread), "round {round}: in its topic");
                assert_eq!(model.state(ANN), State::Idle, "round {round}");
                assert!(
                    to_ann.iter().all(|t| !t.contains("I opened ticket")),
                    "round {round}: {to_ann:?}"
                );
            } else {
                assert_ne!(holder.id, open, "round {round}: written after the close");
                assert_eq!(holder.status, TicketStatus::Open, "round {round}");
                assert_eq!(relayed_to, holder.topic, "round {round}: in a new topic");
                assert_ne!(relayed_to, Some(thread), "round {round}");
                // Ann reads of the close before the new ticket.
                let at = |s: &str| to_ann.iter().position(|t| t.contains(s));
                let closed = at(&format!("closed your ticket {open}"));
                let opened = at(&format!("I opened ticket {}", holder.id));
                assert!(
                    closed.is_some() && opened.is_some() && closed < opened,
                    "round {round}: {to_ann:?}"
                );
            }
        }
    }
}
