//! `/metrics`, `/readyz` and `/status` as a monitor sees them, over real HTTP.
//!
//! Each bot counts into its own registry, so although the tests in this
//! binary run side by side, every figure a test reads is its own bot's and
//! is checked exactly.

use std::time::{Duration, Instant};

use prometheus_parse::{Scrape, Value};

use crate::helpers::*;

/// `/metrics` over HTTP: the raw text and its parsed samples.
async fn scrape(app: &TestApp) -> (String, Scrape) {
    let url = format!("http://127.0.0.1:{}/metrics", app.http_port);
    let resp = reqwest::get(url).await.expect("/metrics answers");
    assert_eq!(resp.status(), 200);
    let content_type = resp.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    let text = resp.text().await.unwrap();
    let lines = text.lines().map(|l| Ok(l.to_string()));
    let parsed = Scrape::parse(lines).expect("the text format parses");
    (text, parsed)
}

/// The sum of the samples named `name` whose labels include `labels`.
fn value(scrape: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    let matching: Vec<f64> = scrape
        .samples
        .iter()
        .filter(|s| s.metric == name)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => v,
            ref other => panic!("{name} is not a single number: {other:?}"),
        })
        .collect();
    assert!(
        !matching.is_empty(),
        "no sample {name} {labels:?} in the scrape"
    );
    matching.iter().sum()
}

/// `/readyz`'s body without what the start's check of the admin chats
/// found (which it may not have yet; see the first test).
fn without_admin_chats(mut body: serde_json::Value) -> serde_json::Value {
    if let Some(fields) = body.as_object_mut() {
        fields.remove("admin_chats");
    }
    body
}

/// Waits until `/readyz` answers 200 and returns its body.
async fn wait_ready(app: &TestApp) -> serde_json::Value {
    wait_readyz(app, 200).await
}

/// Waits until `/readyz` answers `code` (200 or 503) and returns its body.
async fn wait_readyz(app: &TestApp, code: u16) -> serde_json::Value {
    let url = format!("http://127.0.0.1:{}/readyz", app.http_port);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let resp = reqwest::get(&url).await.expect("/readyz answers");
        let answered = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.expect("/readyz is JSON");
        if answered == code {
            return body;
        }
        assert!([200, 503].contains(&answered), "{answered} {body}");
        assert!(
            Instant::now() < deadline,
            "/readyz never answered {code}: {body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn metrics_count_a_new_ticket_and_name_nobody() {
    let mut app = spawn_app().await;
    let ready = wait_ready(&app).await;
    assert_eq!(
        without_admin_chats(ready),
        serde_json::json!({"ready": true, "store": "ok", "writes": "ok", "bot_api": "ok", "updates": "ok", "team_topics": "-"})
    );
    // Both admins pressed Start: the start's check finds nothing wrong.
    let url = format!("http://127.0.0.1:{}/readyz", app.http_port);
    eventually_async("both admin chats checked", || async {
        let ready: serde_json::Value = reqwest::get(&url).await.unwrap().json().await.unwrap();
        ready["admin_chats"] == serde_json::json!({"9001": "ok", "9002": "ok"})
    })
    .await;
    let (_, before) = scrape(&app).await;
    assert_eq!(
        value(&before, "support_bot_tickets", &[("status", "open")]),
        0.0
    );

    let sent = app.says(ANN, "My printer is on fire", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let (text, after) = scrape(&app).await;

    let message = [("kind", "message")];
    let handled = [("kind", "message"), ("outcome", "handled")];
    let send_message = [("method", "sendMessage")];
    for (name, labels, before_n, after_n) in [
        ("support_bot_updates_received_total", &message[..], 0.0, 1.0),
        ("support_bot_updates_handled_total", &handled[..], 0.0, 1.0),
        ("support_bot_api_calls_total", &send_message[..], 0.0, 3.0),
        ("support_bot_handler_seconds_count", &[][..], 0.0, 1.0),
        ("support_bot_api_errors_total", &[][..], 0.0, 0.0),
    ] {
        assert_eq!(
            value(&before, name, labels),
            before_n,
            "{name} {labels:?} before"
        );
        assert_eq!(
            value(&after, name, labels),
            after_n,
            "{name} {labels:?}:\n{text}"
        );
    }
    // Ann's step, then what delivery notes of the messages sent.
    let writes = |s: &Scrape| value(s, "support_bot_store_write_seconds_count", &[]);
    assert!(writes(&after) > writes(&before), "{text}");
    assert_eq!(
        value(&after, "support_bot_store_write_errors_total", &[]),
        0.0
    );
    let getupdates = [("method", "getUpdates")];
    assert!(value(&after, "support_bot_api_calls_total", &getupdates) >= 1.0);
    assert_eq!(
        value(
            &after,
            "support_bot_api_calls_total",
            &[("method", "getMe")]
        ),
        1.0
    );

    // This bot's own store, exactly.
    assert_eq!(
        value(&after, "support_bot_tickets", &[("status", "open")]),
        1.0
    );
    assert_eq!(
        value(&after, "support_bot_tickets", &[("status", "closed")]),
        0.0
    );
    assert_eq!(
        value(&after, "support_bot_chats", &[("state", "ticket_open")]),
        1.0
    );
    assert!(
        value(&after, "support_bot_journal_bytes", &[])
            > value(&before, "support_bot_journal_bytes", &[])
    );
    assert_eq!(value(&after, "support_bot_ready", &[]), 1.0);
    assert_eq!(value(&after, "support_bot_store_degraded", &[]), 0.0);
    // The ticket is open and not answered yet.
    assert_eq!(value(&after, "support_bot_tickets_unanswered", &[]), 1.0);
    assert_eq!(value(&after, "support_bot_average_rating", &[]), 0.0);
    // Everything was sent and no update waits: the stall gauges read 0.
    assert_eq!(
        value(&after, "support_bot_oldest_unfinished_update_seconds", &[]),
        0.0
    );
    for kind in ["private", "group"] {
        assert_eq!(
            value(&after, "support_bot_outbox_messages", &[("kind", kind)]),
            0.0
        );
    }
    let version = [("version", env!("CARGO_PKG_VERSION"))];
    assert_eq!(value(&after, "support_bot_build_info", &version), 1.0);

    // Nothing personal: no chat id, name, username, text or ticket ID in
    // any series (names and labels), only the labels the bot defines, and
    // no name or text anywhere (values are numbers).
    let personal = [
        ANN.to_string(),
        ADMIN.to_string(),
        ADMIN2.to_string(),
        id.clone(),
        id.to_lowercase(),
        "Ann".into(),
        "ann".into(),
        "Alex".into(),
        "alex_support".into(),
        "printer".into(),
    ];
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let series = line
            .rsplit_once(' ')
            .map_or(line, |(series, _value)| series);
        for word in &personal {
            assert!(!series.contains(word.as_str()), "{word:?} in {line:?}");
        }
    }
    let known = [
        "kind", "outcome", "method", "status", "state", "version", "le", "reason",
    ];
    for sample in &after.samples {
        for key in sample.labels.keys() {
            assert!(known.contains(&key.as_str()), "label {key:?} in {sample:?}");
        }
    }
    for word in ["Ann", "Alex", "printer", "fire"] {
        assert!(!text.contains(word), "{word:?} in the exposition:\n{text}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_person_who_blocked_the_bot_shows_as_a_forbidden_error() {
    let mut app = spawn_app().await;
    wait_ready(&app).await;
    let sent = app.says(ANN, "Refund please", 3).await;
    let id = app.ticket_id_in(&sent[0].text);
    let (_, before) = scrape(&app).await;
    let status_before = app.status().await;

    app.fake.block(ANN);
    let sent = app.says(ADMIN, &format!("/reply {id} Done!"), 1).await;
    assert!(sent[0].text.contains("blocked"), "{}", sent[0].text);

    let (text, after) = scrape(&app).await;
    let forbidden = [("method", "sendMessage"), ("kind", "forbidden")];
    assert_eq!(value(&before, "support_bot_api_errors_total", &[]), 0.0);
    assert_eq!(
        value(&after, "support_bot_api_errors_total", &forbidden),
        1.0,
        "{text}"
    );
    assert_eq!(value(&after, "support_bot_api_errors_total", &[]), 1.0);
    let status = app.status().await;
    let count = |s: &serde_json::Value| s["api_errors"]["forbidden"].as_u64().unwrap();
    assert_eq!((count(&status_before), count(&status)), (0, 1), "{status}");
    assert!(status["last_update_at"].is_string(), "{status}");
    app.stop().await;
}

#[tokio::test]
async fn healthz_answers_and_readyz_names_failing_writes() {
    let app = spawn_app().await;
    let base = format!("http://127.0.0.1:{}", app.http_port);
    let resp = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), "ok");
    wait_ready(&app).await;

    app.store.set_fail_writes(true);
    app.fake.push_text(ANN, "Please call me back");
    let body = wait_readyz(&app, 503).await;
    assert_eq!(
        without_admin_chats(body),
        serde_json::json!({"ready": false, "store": "ok", "writes": "failing", "bot_api": "ok", "updates": "ok", "team_topics": "-"})
    );
    let resp = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(resp.status(), 200, "the process is alive all the same");

    app.store.set_fail_writes(false);
    wait_ready(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn while_telegram_cannot_be_reached_readyz_is_503_naming_the_bot_api_and_ready_again_after() {
    let mut app = spawn_app().await;
    wait_ready(&app).await;
    // Every call's connection is closed without an answer.
    app.fake.hang_up_one_in(1);
    let update = app.fake.push_text(ANN, "Is anyone there?");
    let body = wait_readyz(&app, 503).await;
    assert_eq!(
        without_admin_chats(body),
        serde_json::json!({"ready": false, "store": "ok", "writes": "ok", "bot_api": "failing", "updates": "ok", "team_topics": "-"})
    );
    assert_eq!(app.fake.confirmed_offset(), 0, "nothing came through");
    let resp = reqwest::get(format!("http://127.0.0.1:{}/healthz", app.http_port))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "the process is alive all the same");

    app.fake.hang_up_one_in(0);
    let body = wait_ready(&app).await;
    assert_eq!(body["bot_api"], "ok", "{body}");
    app.fake
        .wait_until_confirmed(update, PATIENCE)
        .await
        .unwrap();
    let sent = app.expect(3).await;
    assert!(sent[0].text.contains("opened ticket"), "{}", sent[0].text);
    app.stop().await;
}

#[tokio::test]
async fn only_people_and_the_team_have_states_and_a_first_start_writes_one_entry() {
    const GROUP: i64 = -4242;
    let mut app = spawn_app().await;
    app.fake.add_group_chat(GROUP, "A group the bot sits in");
    // A message in a group that is not the team's: not for the bot.
    app.fake.push_group_text(GROUP, 777, "hello everyone");
    let before = app.store.read(|m| m.seq);
    app.says(ANN, "/start", 1).await;
    let model = app.store.snapshot();
    assert_eq!(
        model.dialogues.keys().copied().collect::<Vec<_>>(),
        [ANN],
        "the group has no state; Ann's was saved with her first step"
    );
    // Ann's state was written once, in the same journal entry as her update.
    app.store.flush().await.unwrap();
    let journal = std::fs::read_to_string(app.dir.path().join("ticket_data.journal")).unwrap();
    let states: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["seq"].as_u64().unwrap() > before)
        .filter(|e| e.to_string().contains("\"set_state\""))
        .collect();
    assert_eq!(states.len(), 1, "{states:?}");
    assert!(states[0].get("update").is_some(), "{:?}", states[0]);
    let status = app.status().await;
    assert_eq!(status["states"]["idle"], 1, "{status}");
    app.stop().await;
}

/// Two bots in one process (as in this test binary): what one counts never
/// shows in the other's `/metrics` or `/status`.
#[tokio::test]
async fn two_bots_in_one_process_count_only_their_own_updates_and_errors() {
    let mut busy = spawn_app().await;
    let quiet = spawn_app().await;
    wait_ready(&busy).await;
    wait_ready(&quiet).await;
    let sent = busy.says(ANN, "Where is my parcel?", 3).await;
    let id = busy.ticket_id_in(&sent[0].text);
    busy.fake.block(ANN);
    busy.says(ADMIN, &format!("/reply {id} On its way"), 1)
        .await;

    let (_, busy_figures) = scrape(&busy).await;
    let (text, quiet_figures) = scrape(&quiet).await;
    let received = |s: &Scrape| value(s, "support_bot_updates_received_total", &[]);
    assert_eq!(received(&busy_figures), 2.0);
    assert_eq!(received(&quiet_figures), 0.0, "{text}");
    let sends = [("method", "sendMessage")];
    assert_eq!(
        value(&quiet_figures, "support_bot_api_calls_total", &sends),
        0.0
    );
    assert_eq!(
        value(&quiet_figures, "support_bot_messages_held_total", &[]),
        0.0
    );
    assert_eq!(
        value(&quiet_figures, "support_bot_handler_seconds_count", &[]),
        0.0
    );
    assert_eq!(quiet.status().await["api_errors"]["forbidden"], 0);
    assert_eq!(busy.status().await["api_errors"]["forbidden"], 1);
    busy.stop().await;
    quiet.stop().await;
}
