//! Update shapes from the real platform, including ones newer than the
//! bot's libraries: whatever arrives, a person in a private chat gets an
//! answer, nothing a person writes is lost, and nothing stalls.

use std::time::Duration;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::Value;
use support_bot::bot::intake::{self, Intake};
use support_bot::metrics::Metrics;

use crate::corpus::{Expect, SAMPLES};
use crate::helpers::*;

/// The person every private sample of the corpus comes from.
const CORPUS_PERSON: i64 = 777_001;

/// How long the bot may take to answer while nothing else is going on.
const AT_ONCE: Duration = Duration::from_secs(5);

/// The text (or caption) a private sample carries, if any (a command is
/// answered, not kept on a ticket).
fn written(update: &Value) -> Option<String> {
    let message = update.get("message")?;
    ["text", "caption"]
        .iter()
        .find_map(|key| message.get(*key).and_then(Value::as_str))
        .map(str::to_string)
}

/// How many messages the bot sent to `chat` so far.
fn sent_to(app: &TestApp, chat: i64) -> usize {
    app.fake.sent().iter().filter(|m| m.chat_id == chat).count()
}

/// Checks that `person` gets an answer to an ordinary message right away:
/// nothing before it is holding the bot up.
async fn still_answers(app: &TestApp, person: i64, after: &str) {
    let before = sent_to(app, person);
    app.fake.push_text(person, "/help");
    assert!(
        app.fake.wait_sent_to(person, before + 1, AT_ONCE).await,
        "/help was not answered at once after the sample {after}"
    );
}

#[tokio::test]
async fn every_update_shape_of_the_corpus_is_answered_or_passed_over_and_nothing_stalls() {
    assert!(SAMPLES.len() >= 40, "the corpus covers at least 40 kinds");
    // One person sends every sample within seconds: not a spammer here.
    let fake = fake_telegram().await;
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.team.spam_per_minute = 1000;
    let app = spawn_app_with(fake, dir, config).await;
    app.fake.add_private_chat(CORPUS_PERSON, "Corpus", None);
    app.fake.add_group_chat(-1_001_777_000, "Forum");
    app.fake.add_group_chat(-777_002, "Group");
    for sample in SAMPLES {
        let update: Value = serde_json::from_str(sample.json)
            .unwrap_or_else(|e| panic!("{} ({}): {e}", sample.name, sample.source));
        let answers = sent_to(&app, CORPUS_PERSON);
        let tickets_before = app.store.snapshot().tickets_of(CORPUS_PERSON).len();
        app.fake.push_raw_update(update.clone());
        match sample.expect {
            Expect::Text | Expect::Other => {
                assert!(
                    app.fake
                        .wait_sent_to(CORPUS_PERSON, answers + 1, AT_ONCE)
                        .await,
                    "the person got no answer to {} ({})",
                    sample.name,
                    sample.source
                );
            }
            Expect::NoAnswerNeeded => {}
        }
        let text = written(&update).filter(|t| !t.starts_with('/'));
        if let (Expect::Text, Some(text)) = (&sample.expect, text) {
            let model = app.store.snapshot();
            let kept = model
                .tickets_of(CORPUS_PERSON)
                .iter()
                .flat_map(|t| t.messages.iter())
                .any(|m| m.text == text);
            assert!(
                kept,
                "the text of {} is not on any ticket (tickets before: {tickets_before})",
                sample.name
            );
        }
        still_answers(&app, ANN, sample.name).await;
    }
    let deadline = tokio::time::Instant::now() + AT_ONCE;
    while app.fake.pending_updates() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.fake.pending_updates(), 0, "every update was confirmed");
    app.stop().await;
}

#[tokio::test]
async fn the_bot_asks_only_for_the_update_kinds_it_handles() {
    let app = spawn_app().await;
    app.fake.push_text(ANN, "/help");
    assert!(app.fake.wait_sent_to(ANN, 1, PATIENCE).await);
    let polls = app.fake.calls_of("getupdates");
    assert!(!polls.is_empty());
    for call in polls {
        let mut kinds: Vec<&str> = call.params["allowed_updates"]
            .as_array()
            .expect("allowed_updates is given")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        kinds.sort_unstable();
        assert_eq!(
            kinds,
            [
                "callback_query",
                "edited_message",
                "message",
                "my_chat_member"
            ]
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn a_webhook_update_in_a_newer_shape_is_answered_and_an_unknown_kind_accepted() {
    let fake = fake_telegram().await;
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN]);
    config.mode = support_bot::config::Mode::Webhook {
        url: "https://bot.example.com".parse().unwrap(),
        secret: "webhook-secret".into(),
        derived: false,
    };
    let app = spawn_app_with(fake.clone(), dir, config).await;
    let url = format!(
        "http://127.0.0.1:{}{}",
        app.http_port,
        support_bot::bot::webhook::path(TOKEN)
    );
    let client = reqwest::Client::new();
    let post = |body: Value| {
        client
            .post(&url)
            .header("X-Telegram-Bot-Api-Secret-Token", "webhook-secret")
            .json(&body)
            .send()
    };
    let unknown = serde_json::json!({"update_id": 1, "some_future_update": {"x": 1}});
    assert_eq!(post(unknown).await.unwrap().status(), 200);
    let newer = serde_json::json!({"update_id": 2, "message": {
        "message_id": 1, "date": 1700000000,
        "chat": {"id": ANN, "type": "private", "first_name": "Ann"},
        "from": {"id": ANN, "is_bot": false, "first_name": "Ann"},
        "text": "My parcel never came",
        "entities": [{"type": "future_entity", "offset": 3, "length": 6}],
    }});
    assert_eq!(post(newer).await.unwrap().status(), 200);
    assert!(fake.wait_sent_to(ANN, 1, PATIENCE).await);
    let model = app.store.snapshot();
    let tickets = model.tickets_of(ANN);
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].messages[0].text, "My parcel never came");
    app.stop().await;
}

/// One way to damage an update.
#[derive(Clone, Debug)]
enum Damage {
    /// Remove the field picked.
    Remove,
    /// Add a field of a newer Bot API beside the one picked.
    Add(Value),
    /// Give the field picked a value of another type.
    Retype(Value),
}

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        Just(serde_json::json!([1, "two", {"three": 3}])),
        Just(serde_json::json!({"type": "future", "offset": -1, "length": 99999})),
    ]
}

fn any_damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        Just(Damage::Remove),
        any_value().prop_map(Damage::Add),
        any_value().prop_map(Damage::Retype),
    ]
}

/// Every field path of a JSON value, depth first.
fn paths(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = format!("{at}/{key}");
                out.push(path.clone());
                paths(child, path, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let path = format!("{at}/{i}");
                out.push(path.clone());
                paths(child, path, out);
            }
        }
        _ => {}
    }
}

/// Applies `damage` at the field number `pick` (modulo the number of fields).
fn damage(update: &mut Value, pick: usize, damage: &Damage) {
    let mut all = Vec::new();
    paths(update, String::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let path = &all[pick % all.len()];
    let (parent, key) = path.rsplit_once('/').unwrap_or(("", path));
    let Some(parent) = update.pointer_mut(parent) else {
        return;
    };
    match (parent, damage) {
        (Value::Object(map), Damage::Remove) => {
            map.remove(key);
        }
        (Value::Object(map), Damage::Add(value)) => {
            map.insert(format!("future_{key}"), value.clone());
        }
        (Value::Object(map), Damage::Retype(value)) => {
            map.insert(key.to_string(), value.clone());
        }
        (Value::Array(items), Damage::Remove) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        (Value::Array(items), Damage::Add(value)) => items.push(value.clone()),
        (Value::Array(items), Damage::Retype(value)) => {
            if let Some(item) = key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *item = value.clone();
            }
        }
        _ => {}
    }
}

fn damaged_update() -> impl Strategy<Value = Value> {
    (
        0..SAMPLES.len(),
        proptest::collection::vec((any::<usize>(), any_damage()), 1..5),
    )
        .prop_map(|(sample, damages)| {
            let mut update: Value = serde_json::from_str(SAMPLES[sample].json).unwrap();
            if let Some(map) = update.as_object_mut() {
                map.insert("update_id".into(), Value::from(1000));
            }
            // The update_id is a field like any other: it may be damaged too.
            for (pick, how) in &damages {
                damage(&mut update, *pick, how);
            }
            update
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Damaged real updates never make the intake panic; anything that
    /// still carries an update_id Telegram could send (a whole number that
    /// fits in 32 bits) comes out with that id, read or skipped, and
    /// anything else is refused as not an update.
    #[test]
    fn damaged_updates_never_make_the_intake_panic(update in damaged_update()) {
        let id = match update.get("update_id") {
            Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            _ => None,
        };
        let read = intake::read(update.clone(), &Metrics::new());
        match id {
            Some(id) => prop_assert_eq!(read.map(|i| i.id()), Ok(id), "{}", update),
            None => prop_assert!(read.is_err(), "{} was read", update),
        }
    }

    /// A private text that keeps its text keeps it through the intake,
    /// whatever else was damaged around it.
    #[test]
    fn a_private_text_survives_damage_to_its_other_fields(
        damages in proptest::collection::vec((any::<usize>(), any_damage()), 1..4),
    ) {
        let mut update = serde_json::json!({"update_id": 7, "message": {
            "message_id": 3, "date": 1700000000,
            "chat": {"id": 5551, "type": "private", "first_name": "Ann"},
            "from": {"id": 5551, "is_bot": false, "first_name": "Ann"},
            "text": "Please help",
            "entities": [{"type": "bold", "offset": 0, "length": 6}],
        }});
        for (pick, how) in &damages {
            damage(&mut update, *pick, how);
        }
        let message = &update["message"];
        let intact = update["update_id"] == 7
            && message["text"] == "Please help"
            && message["message_id"].as_i64().is_some_and(|id| i32::try_from(id).is_ok())
            && message["chat"]["id"] == 5551
            && message["chat"]["type"] == "private";
        let read = intake::read(update.clone(), &Metrics::new());
        if intact {
            let Ok(read) = read else {
                return Err(TestCaseError::fail(format!("refused: {update}")));
            };
            let Intake::Typed(typed) = read else {
                return Err(TestCaseError::fail(format!("skipped: {update}")));
            };
            let teloxide::types::UpdateKind::Message(m) = typed.kind else {
                return Err(TestCaseError::fail(format!("not a message: {update}")));
            };
            prop_assert_eq!(m.text(), Some("Please help"));
        }
    }
}

#[tokio::test]
async fn damaged_updates_driven_through_the_running_bot_never_stall_it() {
    let app = spawn_app().await;
    app.fake.add_private_chat(CORPUS_PERSON, "Corpus", None);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..60 {
        let mut update = damaged_update().new_tree(&mut runner).unwrap().current();
        if let Some(map) = update.as_object_mut() {
            map.remove("update_id");
        }
        app.fake.push_raw_update(update);
    }
    still_answers(&app, ANN, "a run of damaged updates").await;
    app.stop().await;
}
