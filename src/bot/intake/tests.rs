use serde_json::json;
use teloxide::types::{MessageKind, UpdateKind};

use super::*;

/// Counters of their own for a test.
fn counts() -> metrics::Metrics {
    metrics::Metrics::new()
}

fn private_message(extra: Value) -> Value {
    let mut message = json!({
        "message_id": 7,
        "date": 1700000000,
        "chat": {"id": 5551, "type": "private", "first_name": "Ann"},
        "from": {"id": 5551, "is_bot": false, "first_name": "Ann", "language_code": "en"},
    });
    if let (Some(m), Some(e)) = (message.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    json!({"update_id": 100, "message": message})
}

fn text_of(intake: Intake) -> Option<String> {
    let Intake::Typed(update) = intake else {
        return None;
    };
    match update.kind {
        UpdateKind::Message(m) => m.text().map(str::to_string),
        _ => None,
    }
}

#[test]
fn an_ordinary_update_is_read_as_it_is() {
    let raw = private_message(json!({"text": "hello"}));
    assert_eq!(
        text_of(read(raw, &counts()).unwrap()).as_deref(),
        Some("hello")
    );
}

#[test]
fn a_text_with_an_entity_type_from_a_newer_bot_api_keeps_its_text() {
    let raw = private_message(json!({
        "text": "My order is late",
        "entities": [{"type": "future_entity", "offset": 0, "length": 2}],
    }));
    assert!(typed(&raw, "message").is_none(), "teloxide loses this text");
    assert_eq!(
        text_of(read(raw, &counts()).unwrap()).as_deref(),
        Some("My order is late")
    );
}

#[test]
fn a_caption_of_an_unreadable_message_is_taken_as_its_text() {
    let raw = private_message(json!({
        "caption": "see this",
        "future_media": {"x": 1},
        "caption_entities": [{"type": "future_entity", "offset": 0, "length": 3}],
    }));
    assert_eq!(
        text_of(read(raw, &counts()).unwrap()).as_deref(),
        Some("see this")
    );
}

#[test]
fn a_private_message_of_an_unknown_kind_becomes_an_empty_text_to_answer() {
    let raw = private_message(json!({"future_media": {"x": 1}}));
    assert_eq!(text_of(read(raw, &counts()).unwrap()).as_deref(), Some(""));
}

#[test]
fn a_group_message_of_an_unknown_kind_is_skipped_not_answered() {
    let raw = json!({"update_id": 101, "message": {
        "message_id": 3, "date": 1,
        "chat": {"id": -1001, "type": "supergroup", "title": "Team"},
        "from": {"id": 9, "is_bot": false, "first_name": "Bo"},
        "future_service_event": {},
    }});
    match read(raw, &counts()).unwrap() {
        Intake::Skipped { id } => assert_eq!(id, 101),
        Intake::Typed(update) => match update.kind {
            // A newer service message teloxide reads as something else is fine too,
            // as long as it is not turned into text.
            UpdateKind::Message(m) => assert!(m.text().is_none()),
            other => panic!("unexpected {other:?}"),
        },
    }
}

#[test]
fn an_unknown_update_kind_is_skipped_with_its_id() {
    let raw = json!({"update_id": 102, "some_future_update": {"x": 1}});
    let intake = read(raw, &counts()).unwrap();
    assert!(matches!(intake, Intake::Skipped { id: 102 }), "{intake:?}");
}

#[test]
fn a_skipped_update_is_counted_as_skipped_in_the_metrics_it_is_given() {
    let counted = counts();
    let raw = json!({"update_id": 104, "some_future_update": {"x": 1}});
    assert!(matches!(
        read(raw, &counted),
        Ok(Intake::Skipped { id: 104 })
    ));
    let text = counted.encode(&metrics::Gauges::default());
    for series in [
        "support_bot_updates_received_total{kind=\"other\"} 1",
        "support_bot_updates_handled_total{kind=\"other\",outcome=\"skipped\"} 1",
    ] {
        assert!(text.contains(series), "{series} in:\n{text}");
    }
}

#[test]
fn a_button_press_in_a_newer_shape_still_names_its_chat_and_data() {
    let raw = json!({"update_id": 103, "callback_query": {
        "id": "42",
        "from": {"id": 5551, "is_bot": false, "first_name": "Ann"},
        "chat_instance": "1",
        "data": "open",
        "future_field": [1, 2],
        "message": {
            "message_id": 9, "date": 1700000000,
            "chat": {"id": 5551, "type": "private", "first_name": "Ann"},
            "from": {"id": 4242, "is_bot": true, "first_name": "Bot"},
            "future_content": {"y": true},
        },
    }});
    let Intake::Typed(update) = read(raw, &counts()).unwrap() else {
        panic!("skipped")
    };
    let UpdateKind::CallbackQuery(query) = update.kind else {
        panic!("not a button press")
    };
    assert_eq!(query.data.as_deref(), Some("open"));
    assert_eq!(query.message.map(|m| m.chat().id.0), Some(5551));
}

#[test]
fn a_person_blocking_the_bot_is_read() {
    let bot = json!({"id": 4242, "is_bot": true, "first_name": "Bot"});
    let raw = json!({"update_id": 104, "my_chat_member": {
        "chat": {"id": 5551, "type": "private", "first_name": "Ann"},
        "from": {"id": 5551, "is_bot": false, "first_name": "Ann"},
        "date": 1700000000,
        "old_chat_member": {"user": bot, "status": "member"},
        "new_chat_member": {"user": bot, "status": "kicked", "until_date": 0},
        "via_future_link": true,
    }});
    let Intake::Typed(update) = read(raw, &counts()).unwrap() else {
        panic!("skipped")
    };
    assert!(matches!(update.kind, UpdateKind::MyChatMember(_)));
}

#[test]
fn a_reply_keeps_the_message_it_answers() {
    let raw = private_message(json!({
        "text": "ok",
        "entities": [{"type": "future_entity", "offset": 0, "length": 2}],
        "reply_to_message": {
            "message_id": 5, "date": 1,
            "chat": {"id": 5551, "type": "private", "first_name": "Ann"},
            "future_media": {},
        },
    }));
    let Intake::Typed(update) = read(raw, &counts()).unwrap() else {
        panic!("skipped")
    };
    let UpdateKind::Message(message) = update.kind else {
        panic!("not a message")
    };
    assert!(matches!(message.kind, MessageKind::Common(_)));
    assert_eq!(message.reply_to_message().map(|m| m.id.0), Some(5));
}

#[test]
fn json_without_an_update_id_is_not_an_update() {
    assert_eq!(
        read(json!({"message": {}}), &counts()).unwrap_err(),
        NotAnUpdate
    );
    assert_eq!(read(json!([1, 2]), &counts()).unwrap_err(), NotAnUpdate);
    assert_eq!(
        read(json!({"update_id": "7"}), &counts()).unwrap_err(),
        NotAnUpdate
    );
}
