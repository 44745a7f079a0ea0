//! Every text the bot says, from Fluent message files: one folder per
//! language, `locales/<code>/bot.ftl`, embedded in the binary at build
//! time. A translator edits one file and nothing else.
//!
//! A message missing in one language is taken from English (a test compares
//! every language's messages with English, so none is missing in a
//! release). Right-to-left languages keep Fluent's isolation marks around
//! the values the bot puts into its own sentences (ticket IDs, names,
//! numbers), so mixed directions read right; left-to-right ones go without
//! them. What is passed on (a message as its writer typed it, a rating's
//! comment, an @username) is never wrapped: it arrives byte for byte, and
//! a username stays a mention Telegram links. See [`PASSED_ON`].

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A shipped language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// The code Telegram's `language_code` starts with, e.g. `ru`.
    pub code: &'static str,
    /// The language's name in itself, for the choice buttons.
    pub name: &'static str,
    /// Written right to left.
    pub rtl: bool,
    /// The message file.
    source: &'static str,
}

/// The language every other falls back to.
pub const FALLBACK: &str = "en";

/// The shipped languages, English first.
pub const LANGUAGES: &[Language] = &[
    Language {
        code: "en",
        name: "English",
        rtl: false,
        source: include_str!("../../../locales/en/bot.ftl"),
    },
    Language {
        code: "ru",
        name: "Русский",
        rtl: false,
        source: include_str!("../../../locales/ru/bot.ftl"),
    },
    Language {
        code: "es",
        name: "Español",
        rtl: false,
        source: include_str!("../../../locales/es/bot.ftl"),
    },
    Language {
        code: "ar",
        name: "العربية",
        rtl: true,
        source: include_str!("../../../locales/ar/bot.ftl"),
    },
];

/// The shipped language for a code such as Telegram's `language_code`
/// (`"pt-br"`, `"RU"`), if there is one.
pub fn shipped(code: &str) -> Option<&'static Language> {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    LANGUAGES
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(primary))
}

/// The message files, read once.
struct Bundles(HashMap<&'static str, FluentBundle<FluentResource>>);

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        Bundles(
            LANGUAGES
                .iter()
                .map(|language| (language.code, bundle(language)))
                .collect(),
        )
    })
}

fn bundle(language: &Language) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = language.code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(language.rtl);
    // A file with mistakes still gives every message it could read; the
    // test of the message files names the mistakes.
    let resource = FluentResource::try_new(language.source.to_string()).unwrap_or_else(|(r, _)| r);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::warn!(
            language = language.code,
            ?errors,
            "a message file has mistakes"
        );
    }
    bundle
}

/// The arguments that carry text passed on as it is (see the module doc):
/// no isolation marks around them, in any language.
pub const PASSED_ON: [&str; 3] = ["text", "comment", "username"];

/// The first and last of an isolated value (FIRST STRONG ISOLATE, POP
/// DIRECTIONAL ISOLATE), as Fluent writes them.
const ISOLATE: (char, char) = ('\u{2068}', '\u{2069}');

/// The text of message `key` in `language` (a shipped code), with `args`
/// put in; English when the language lacks it; the key itself if even
/// English lacks it (a test makes sure it never does).
pub fn text(language: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    // Text passed on goes in as a stand-in (private-use characters), so
    // that the marks Fluent puts around it can be taken off with certainty.
    let mut passed_on: Vec<(String, String)> = Vec::new();
    let args: FluentArgs = args
        .iter()
        .map(|(name, value)| match value {
            FluentValue::String(s) if PASSED_ON.contains(name) => {
                let stand_in = format!("\u{E000}{}\u{E001}", passed_on.len());
                passed_on.push((stand_in.clone(), s.to_string()));
                (*name, FluentValue::from(stand_in))
            }
            _ => (*name, value.clone()),
        })
        .collect();
    let text = formatted(language, key, &args);
    passed_on.iter().fold(text, |text, (stand_in, value)| {
        let isolated = format!("{}{stand_in}{}", ISOLATE.0, ISOLATE.1);
        text.replace(&isolated, stand_in).replace(stand_in, value)
    })
}

fn formatted(language: &str, key: &str, args: &FluentArgs) -> String {
    [language, FALLBACK]
        .iter()
        .filter_map(|code| bundles().0.get(code))
        .find_map(|bundle| {
            let pattern = bundle.get_message(key)?.value()?;
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(args), &mut errors);
            if !errors.is_empty() {
                tracing::warn!(
                    language,
                    key,
                    ?errors,
                    "a message could not be put together"
                );
            }
            Some(text.into_owned())
        })
        .unwrap_or_else(|| key.to_string())
}

/// The message keys of a language, for the completeness test.
pub fn keys(language: &str) -> Vec<String> {
    let Some(found) = LANGUAGES.iter().find(|l| l.code == language) else {
        return Vec::new();
    };
    let resource = FluentResource::try_new(found.source.to_string()).unwrap_or_else(|(r, _)| r);
    let mut keys: Vec<String> = resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod tests;
