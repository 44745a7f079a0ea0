//! No update lost, none handled twice: crashes, write failures and
//! Telegram's renumbering of updates.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use support_bot::store::Store;

use crate::helpers::*;
use fake_telegram::FakeTelegram;

#[tokio::test]
pub(crate) async fn an_update_numbered_lower_after_a_quiet_week_is_still_handled() {
    let mut app = spawn_app().await;
    let sent = app.says(ANN, "My order is late", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let first = app.fake.push_text(BEN, "/help");
    app.expect(1).await;
    app.fake
        .wait_until_confirmed(first, PATIENCE)
        .await
        .unwrap();
    app.fake.renumber_updates(first - 1000);
    let sent = app.says(ANN, "Any news?", 3).await;
    // Ann's message is acknowledged with a reaction; the team gets it with the ID.
    assert_eq!(sent[0].method, "setmessagereaction");
    assert!(sent[1].text.contains(&id), "{}", sent[1].text);
    let texts: Vec<String> = app.store.read(|m| {
        m.tickets
            .values()
            .flat_map(|t| t.messages.iter().map(|e| e.text.clone()))
            .collect()
    });
    assert_eq!(texts, ["My order is late", "Any news?"]);
    app.stop().await;
}

#[tokio::test]
pub(crate) async fn while_the_disk_refuses_writes_nothing_is_confirmed_and_all_arrives_afterwards()
{
    let mut app = spawn_app().await;
    app.store.set_fail_writes(true);
    let update = app.fake.push_text(ANN, "Please call me back");
    // The write has failed, and the bot has made no call since for a
    // while: a reply sent before saving would show by now.
    eventually("the write fails", || app.store.is_degraded()).await;
    app.fake.wait_quiet(QUIET, PATIENCE).await.unwrap();
    assert!(
        app.fake.sent().is_empty(),
        "no reply as if it had worked: {:?}",
        app.fake.sent()
    );
    assert_eq!(app.status().await["status"], "degraded");
    assert!(
        app.fake.confirmed_offset() <= update,
        "the update is not confirmed to Telegram"
    );
    app.store.set_fail_writes(false);
    let sent = app.expect(3).await;
    assert!(sent[0].text.contains("opened ticket"), "{}", sent[0].text);
    assert_eq!(app.status().await["status"], "ok");
    assert_eq!(app.store.read(|m| m.ticket_counts().total), 1);
    app.stop().await;
}

#[tokio::test]
pub(crate) async fn updates_sent_again_after_a_crash_have_no_second_effect() {
    let mut app = spawn_app().await;
    app.says(ANN, "My printer is on fire", 3).await;
    let last = app.fake.push_text(BEN, "/new");
    app.expect(1).await;
    let before = app.store.snapshot();
    // The bot stops right after saving; its confirmation of Ben's update is
    // taken to be lost on the way, so Telegram sends that update again.
    let stopped = app.stop().await;
    stopped.fake.redeliver(last);
    let mut app = stopped.restart().await;
    app.fake.wait_until_confirmed(last, PATIENCE).await.unwrap();
    app.expect(0).await;
    let after = app.store.snapshot();
    assert_eq!(after.tickets, before.tickets);
    assert_eq!(after.dialogues, before.dialogues, "Ben is not asked again");
    // Ben's conversation goes on where it was.
    app.says(BEN, "The screen flickers", 3).await;
    assert_eq!(app.store.read(|m| m.ticket_counts().total), 2);
    app.stop().await;
}

#[tokio::test]
async fn messages_saved_but_not_sent_before_a_kill_are_sent_at_the_next_start() {
    let fake = fake_telegram().await;
    let dir = tempfile::tempdir().unwrap();
    // Telegram lets one message through, then asks to wait 30 s.
    fake.set_rate_limits(None, Some((1, Duration::from_secs(30))));
    let mut bot = start_program(&fake, dir.path(), &[]);
    fake.push_text(ANN, "Nobody answers my emails");
    let sent = fake.wait_for_sent(1, PATIENCE).await.unwrap();
    // Chats are served side by side: either message may be the one through.
    assert!([ANN, ADMIN].contains(&sent[0].chat_id), "{sent:?}");
    // The other message waits for the limit to pass: kill the bot then.
    eventually("Telegram refuses the second message", || {
        fake.calls().iter().any(|c| c.error_code == Some(429))
    })
    .await;
    bot.kill().await.unwrap();
    assert_eq!(
        fake.sent().len(),
        1,
        "the second message did not go before the kill"
    );
    fake.set_rate_limits(None, None);
    let mut bot = start_program(&fake, dir.path(), &[]);
    let sent = fake
        .wait_for_sent(3, PATIENCE)
        .await
        .expect("the saved messages go out after the restart");
    assert!(sent[1..]
        .iter()
        .any(|m| m.chat_id == ADMIN && m.text.contains("Nobody answers my emails")));
    assert!(sent[1..].iter().any(|m| m.chat_id == ANN));
    assert!(stop_with_sigterm(&mut bot).await.success());
    let store = Store::open(dir.path().join("ticket_data.json")).unwrap();
    assert!(store.unsent().is_empty());
    assert_eq!(
        store.read(|m| m.ticket_counts().total),
        1,
        "the update was not handled a second time"
    );
}

/// A small deterministic random source, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test]
async fn hundreds_of_people_open_tickets_through_repeated_kill_9_and_none_is_lost_or_doubled() {
    const PEOPLE: i64 = 400;
    const WAVES: i64 = 4;
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ADMIN, "Alex", None);
    let people: BTreeSet<i64> = (0..PEOPLE).map(|n| 100_000 + n).collect();
    for chat in &people {
        fake.add_private_chat(*chat, &format!("Person {chat}"), None);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut random = Lcg(0x5EED);
    let per_wave = PEOPLE / WAVES;
    let mut kills = 0;
    for wave in 0..WAVES {
        let mut bot = start_program(&fake, dir.path(), &[]);
        // People keep writing in small groups while the bot works...
        let wave_people: Vec<i64> = people
            .iter()
            .skip((wave * per_wave) as usize)
            .take(per_wave as usize)
            .copied()
            .collect();
        let pusher = {
            let fake = fake.clone();
            tokio::spawn(async move {
                for group in wave_people.chunks(4) {
                    for chat in group {
                        fake.push_text(*chat, &format!("Request from {chat}: my device is broken"));
                    }
                    // People write over time, not all at once: the pause is the point.
                    tokio::time::sleep(Duration::from_millis(25)).await;
                }
            })
        };
        if wave < WAVES - 1 {
            // ...and it is killed at some moment in the middle of that (a
            // random moment is the point of this wait).
            tokio::time::sleep(Duration::from_millis(100 + random.below(500))).await;
            let answered = ids_told(&fake, &people).len();
            bot.kill().await.expect("kill -9");
            kills += 1;
            eprintln!(
                "kill {kills}: {answered} people answered, {} updates unconfirmed",
                fake.pending_updates()
            );
            pusher.await.unwrap();
        } else {
            pusher.await.unwrap();
            let deadline = Instant::now() + Duration::from_secs(120);
            while ids_told(&fake, &people).len() < people.len() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            let status = stop_with_sigterm(&mut bot).await;
            assert!(status.success(), "the last run stops cleanly: {status}");
        }
    }
    assert_eq!(kills, WAVES - 1);

    let told = ids_told(&fake, &people);
    let store = Store::open(dir.path().join("ticket_data.json"))
        .expect("the store loads after the crashes");
    let model = store.snapshot();
    let missing: Vec<_> = people.iter().filter(|p| !told.contains_key(p)).collect();
    assert!(
        missing.is_empty(),
        "{} people never got a ticket ID: {missing:?}",
        missing.len()
    );
    for (person, ids) in &told {
        assert_eq!(
            ids.len(),
            1,
            "person {person} was told of several tickets: {ids:?}"
        );
        let id = ids.iter().next().unwrap();
        let ticket = model
            .tickets
            .get(&support_bot::model::TicketId::parse(id).unwrap());
        let ticket =
            ticket.unwrap_or_else(|| panic!("ticket {id} told to {person} is not in the store"));
        assert_eq!(ticket.owner.chat, *person);
        assert_eq!(
            model.tickets_of(*person).len(),
            1,
            "one request, one ticket for {person}"
        );
        assert_eq!(
            ticket.messages.len(),
            1,
            "the request is recorded once on {id}"
        );
    }
    assert_eq!(model.ticket_counts().total, PEOPLE as usize);
    assert!(
        store.unsent().is_empty(),
        "everything saved was sent in the end"
    );
}
