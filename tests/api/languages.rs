//! Each person in their own language, the team in the team's.

use std::sync::Arc;

use support_bot::config::Languages;
use support_bot::texts;

use crate::assert_transcript;
use crate::helpers::*;

/// The bot with both admins, speaking `default` to people whose language
/// it does not know and `team` to the team.
async fn app_speaking(default: &'static str, team: &'static str) -> TestApp {
    let fake = fake_telegram().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
    config.languages = Languages { default, team };
    spawn_app_with(fake, dir, config).await
}

/// The first line of message `key` in `language`, to recognise it.
fn first_line(language: &str, key: &str) -> String {
    texts::text(language, key, &[])
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_person_hears_their_telegram_language_until_they_choose_another() {
    let mut app = app_speaking("en", "en").await;
    app.fake.set_language(ANN, Some("ru-RU"));
    let sent = app.says(ANN, "/start", 1).await;
    assert!(
        sent[0].text.starts_with(&first_line("ru", "welcome")),
        "{}",
        sent[0].text
    );
    assert_ne!(first_line("ru", "welcome"), first_line("en", "welcome"));

    let sent = app.says(ANN, "/language", 1).await;
    let labels: Vec<&str> = sent[0].reply_markup.as_ref().unwrap()["inline_keyboard"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    let shipped: Vec<&str> = texts::LANGUAGES.iter().map(|l| l.name).collect();
    assert_eq!(labels, shipped, "each language named in itself");
    let choice = sent[0].message_id;
    let sent = app.presses(ANN, choice, "Español", "lang:es", 1).await;
    assert_eq!(sent[0].text, texts::text("es", "language-chosen", &[]));

    // Telegram still says Russian; the choice stands. The team hears English.
    let sent = app.says(ANN, "Mi pedido no llegó", 3).await;
    let to_ann = sent.iter().find(|m| m.chat_id == ANN).unwrap();
    let id = app.ticket_id_in(&to_ann.text);
    let es = texts::text(
        "es",
        "ticket-opened-first-message",
        &[("id", id.clone().into())],
    );
    assert_eq!(to_ann.text, es);
    let to_admin = sent.iter().find(|m| m.chat_id == ADMIN).unwrap();
    assert!(
        to_admin.text.starts_with(&format!("New ticket {id}")),
        "{}",
        to_admin.text
    );
    app.stop().await;
}

#[tokio::test]
async fn without_a_language_the_bot_speaks_the_default_and_the_team_its_own() {
    let mut app = app_speaking("es", "ru").await;
    app.fake.set_language(ANN, None);
    app.fake.set_language(BEN, Some("xx"));
    for person in [ANN, BEN] {
        let sent = app.says(person, "/start", 1).await;
        assert!(
            sent[0].text.starts_with(&first_line("es", "welcome")),
            "{}",
            sent[0].text
        );
    }
    let sent = app.says(ADMIN, "/help", 1).await;
    assert!(
        sent[0]
            .text
            .starts_with(&first_line("ru", "admin-help-intro")),
        "{}",
        sent[0].text
    );
    app.stop().await;
}

/// One whole journey with everyone speaking `language`: a person opens a
/// ticket, the team answers, the person closes it.
async fn journey_in(language: &'static str) -> TestApp {
    let mut app = app_speaking(language, language).await;
    app.fake.set_language(ANN, Some(language));
    app.says(ANN, "/start", 1).await;
    let sent = app.says(ANN, "🙂 #1234 — 42", 3).await;
    let to_ann = sent.iter().find(|m| m.chat_id == ANN).unwrap();
    let id = app.ticket_id_in(&to_ann.text);
    app.says(ADMIN, "/tickets", 1).await;
    app.says(ADMIN, &format!("/reply {id} 👍"), 2).await;
    app.says(ANN, "/close", 3).await;
    app.says(ANN, "/mytickets", 1).await;
    app
}

#[tokio::test]
async fn a_whole_journey_in_russian() {
    let app = journey_in("ru").await;
    assert_transcript!("journey_in_russian", app);
    app.stop().await;
}

#[tokio::test]
async fn a_whole_journey_in_spanish() {
    let app = journey_in("es").await;
    assert_transcript!("journey_in_spanish", app);
    app.stop().await;
}

#[tokio::test]
async fn a_whole_journey_in_arabic() {
    let app = journey_in("ar").await;
    assert_transcript!("journey_in_arabic", app);
    app.stop().await;
}

/// What a team member types, in every shipped language: mixed directions,
/// an @username, spaces and lines kept, marks of its own.
const TYPED: &str = "Hi @ann,  see ticket #12 — مرحبا (RTL) and\n\n\u{2068}kept\u{2069} 🙂 { $x }";

/// `language` as the person's Telegram language, both admins in English.
async fn reply_reaches_the_person_byte_for_byte_in(language: &'static str) {
    let mut app = app_speaking("en", "en").await;
    app.fake.set_language(ANN, Some(language));
    let sent = app.says(ANN, "My parcel is late", 3).await;
    let to_ann = sent.iter().find(|m| m.chat_id == ANN).unwrap();
    let id = app.ticket_id_in(&to_ann.text);
    // The ID copied out of the person's message, marks and all, as a team
    // member would when the person forwards it.
    let copied = to_ann
        .text
        .split(|c: char| c.is_whitespace() || "().,:،".contains(c))
        .find(|word| word.contains(&id))
        .unwrap()
        .to_string();
    let sent = app
        .says(ADMIN, &format!("/reply {copied} {TYPED}"), 2)
        .await;
    let reply = sent.iter().find(|m| m.chat_id == ANN).expect("Ann hears");
    assert!(
        reply.text.ends_with(&format!("\n{TYPED}")),
        "{language}: {:?}",
        reply.text
    );
    let intro = reply.text.strip_suffix(TYPED).unwrap();
    assert_eq!(
        intro.matches('\u{2068}').count(),
        usize::from(texts::shipped(language).unwrap().rtl),
        "{language}: marks only around the ticket ID: {intro:?}"
    );
    // The ID with its marks works in the other commands too.
    let sent = app.says(ADMIN, &format!("/close {copied}"), 3).await;
    assert!(sent.iter().any(|m| m.chat_id == ANN), "{sent:#?}");
    assert_eq!(app.store.snapshot().ticket_counts().closed, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_reply_reaches_an_english_speaker_byte_for_byte() {
    reply_reaches_the_person_byte_for_byte_in("en").await;
}

#[tokio::test]
async fn a_reply_reaches_a_russian_speaker_byte_for_byte() {
    reply_reaches_the_person_byte_for_byte_in("ru").await;
}

#[tokio::test]
async fn a_reply_reaches_a_spanish_speaker_byte_for_byte() {
    reply_reaches_the_person_byte_for_byte_in("es").await;
}

#[tokio::test]
async fn a_reply_reaches_an_arabic_speaker_byte_for_byte_and_ids_copied_from_arabic_work() {
    reply_reaches_the_person_byte_for_byte_in("ar").await;
}

/// Every shipped language has its test above.
#[test]
fn each_shipped_language_has_a_byte_for_byte_test() {
    let tested = ["en", "ru", "es", "ar"];
    let shipped: Vec<&str> = texts::LANGUAGES.iter().map(|l| l.code).collect();
    assert_eq!(shipped, tested);
}
