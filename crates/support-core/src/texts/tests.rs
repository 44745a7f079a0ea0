use super::*;

#[test]
fn every_message_file_reads_without_mistakes() {
    for language in LANGUAGES {
        if let Err((_, errors)) = FluentResource::try_new(language.source.to_string()) {
            panic!("locales/{}/bot.ftl: {errors:?}", language.code);
        }
    }
}

#[test]
fn every_language_has_exactly_the_messages_of_english() {
    let english = keys(FALLBACK);
    assert!(!english.is_empty());
    for language in LANGUAGES {
        let theirs = keys(language.code);
        let missing: Vec<&String> = english.iter().filter(|k| !theirs.contains(k)).collect();
        let extra: Vec<&String> = theirs.iter().filter(|k| !english.contains(k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locales/{}/bot.ftl: missing {missing:?}, not in English {extra:?}",
            language.code
        );
    }
}

#[test]
fn telegram_language_codes_find_the_shipped_language() {
    assert_eq!(shipped("en-GB").map(|l| l.code), Some("en"));
    assert_eq!(shipped("EN").map(|l| l.code), Some("en"));
    assert_eq!(shipped("xx"), None);
    assert_eq!(shipped(""), None);
}

#[test]
fn a_language_without_a_message_falls_back_to_english() {
    let english = text(FALLBACK, "language-name", &[]);
    assert_eq!(text("xx", "language-name", &[]), english);
    assert_eq!(text(FALLBACK, "no-such-message", &[]), "no-such-message");
}

#[test]
fn text_passed_on_is_never_wrapped_in_isolation_marks_values_of_the_bot_are_in_arabic() {
    let typed = "Hi @ann\n(RTL) مرحبا";
    for language in LANGUAGES {
        let said = text(
            language.code,
            "from-support",
            &[("id", "1A2B3C4D".into()), ("text", typed.into())],
        );
        assert!(
            said.ends_with(&format!("\n{typed}")),
            "{}: {said:?}",
            language.code
        );
        let id_isolated = said.contains("\u{2068}1A2B3C4D\u{2069}");
        assert_eq!(id_isolated, language.rtl, "{}: {said:?}", language.code);
        let person = text(
            language.code,
            "person-with-username",
            &[
                ("name", "Ann".into()),
                ("username", "ann".into()),
                ("chat", 5551.into()),
            ],
        );
        assert!(
            person.contains("@ann"),
            "a mention: {}: {person:?}",
            language.code
        );
    }
}
