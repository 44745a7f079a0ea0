//! A corpus of Telegram Bot API updates, for the integration tests.
//!
//! Each sample is one update as Telegram would deliver it (without its
//! `update_id`), with what the bot should do when it arrives. The shapes come
//! from public sources: the official Bot API documentation
//! (<https://core.telegram.org/bots/api>, named by the object's section) and
//! the unit-test fixtures of well-known bot libraries (teloxide-core, aiogram,
//! tgbot and similar), named by repository and file. Samples marked
//! "synthetic: newer Bot API shape" imitate what a later Bot API version might
//! send: unknown update kinds, fields, entity types and enum values.
//!
//! The ids are normalised so the tests can drive every sample:
//! - a private chat is always person 777001 ("Corpus") talking to the bot;
//! - the forum supergroup is -1001777000 and the basic group is -777002;
//! - the bot itself is user 4242 (`support_test_bot`);
//! - every message is dated 1700000000 and has its own small message id.

/// One update as Telegram sends it, without its `update_id`.
pub struct Sample {
    /// Short unique snake_case name, e.g. "text_with_spoiler".
    pub name: &'static str,
    /// Where the shape comes from (document section or repository + file path).
    pub source: &'static str,
    /// The update's JSON without "update_id", e.g. {"message": {...}}.
    pub json: &'static str,
    /// What the bot should do with it when a person sends it in a private chat.
    pub expect: Expect,
}

/// What the bot should do with a sample.
pub enum Expect {
    /// A private message whose text (or caption) the bot must take as text.
    Text,
    /// A private message without text or caption: the person must get an answer anyway.
    Other,
    /// Not a message from a person in a private chat (edited message, callback query,
    /// my_chat_member, group events, an unknown update kind): the bot must not stall;
    /// it may or may not answer.
    NoAnswerNeeded,
}

/// Every sample of the corpus: private text first, then private messages
/// without text, then updates that need no answer, then synthetic shapes from
/// a newer Bot API.
pub const SAMPLES: &[Sample] = &[
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (de_private_chat_text_message)
    Sample {
        name: "text_plain",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (de_private_chat_text_message)",
        json: r#"{"message": {
            "message_id": 101,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Hello, my order has not arrived yet."
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (mention)
    Sample {
        name: "text_with_mention",
        source: "https://core.telegram.org/bots/api#messageentity (mention)",
        json: r#"{"message": {
            "message_id": 102,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Please ask @support_lead about my refund.",
            "entities": [{"type": "mention", "offset": 11, "length": 13}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (hashtag)
    Sample {
        name: "text_with_hashtag",
        source: "https://core.telegram.org/bots/api#messageentity (hashtag)",
        json: r#"{"message": {
            "message_id": 103,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "My parcel is missing again #delivery",
            "entities": [{"type": "hashtag", "offset": 27, "length": 9}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (cashtag)
    Sample {
        name: "text_with_cashtag",
        source: "https://core.telegram.org/bots/api#messageentity (cashtag)",
        json: r#"{"message": {
            "message_id": 104,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "I was charged $USD twice for one order.",
            "entities": [{"type": "cashtag", "offset": 14, "length": 4}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_1107, bot_command entity)
    Sample {
        name: "text_with_bot_command",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_1107, bot_command entity)",
        json: r#"{"message": {
            "message_id": 105,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (parse_caption_entities, url entity)
    Sample {
        name: "text_with_url",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (parse_caption_entities, url entity)",
        json: r#"{"message": {
            "message_id": 106,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "The tracking page https://example.com/track/123 shows nothing.",
            "entities": [{"type": "url", "offset": 18, "length": 29}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (email)
    Sample {
        name: "text_with_email",
        source: "https://core.telegram.org/bots/api#messageentity (email)",
        json: r#"{"message": {
            "message_id": 107,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Please reply to corpus@example.com instead.",
            "entities": [{"type": "email", "offset": 16, "length": 18}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (phone_number)
    Sample {
        name: "text_with_phone_number",
        source: "https://core.telegram.org/bots/api#messageentity (phone_number)",
        json: r#"{"message": {
            "message_id": 108,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "You can call me at +1-212-555-0123 after six.",
            "entities": [{"type": "phone_number", "offset": 19, "length": 15}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (bold)
    Sample {
        name: "text_with_bold",
        source: "https://core.telegram.org/bots/api#messageentity (bold)",
        json: r#"{"message": {
            "message_id": 109,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "My order is late",
            "entities": [{"type": "bold", "offset": 9, "length": 2}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (italic)
    Sample {
        name: "text_with_italic",
        source: "https://core.telegram.org/bots/api#messageentity (italic)",
        json: r#"{"message": {
            "message_id": 110,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "I really need this before Friday.",
            "entities": [{"type": "italic", "offset": 2, "length": 6}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (underline)
    Sample {
        name: "text_with_underline",
        source: "https://core.telegram.org/bots/api#messageentity (underline)",
        json: r#"{"message": {
            "message_id": 111,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "The box was damaged on arrival.",
            "entities": [{"type": "underline", "offset": 12, "length": 7}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (strikethrough)
    Sample {
        name: "text_with_strikethrough",
        source: "https://core.telegram.org/bots/api#messageentity (strikethrough)",
        json: r#"{"message": {
            "message_id": 112,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "I paid 20 30 euros for shipping.",
            "entities": [{"type": "strikethrough", "offset": 7, "length": 2}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (spoiler)
    Sample {
        name: "text_with_spoiler",
        source: "https://core.telegram.org/bots/api#messageentity (spoiler)",
        json: r#"{"message": {
            "message_id": 113,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "My account number is 12345678, keep it private.",
            "entities": [{"type": "spoiler", "offset": 21, "length": 8}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (blockquote)
    Sample {
        name: "text_with_blockquote",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (blockquote)",
        json: r#"{"message": {
            "message_id": 114,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "You wrote:\nDelivery within two days.\nIt has been a week.",
            "entities": [{"type": "blockquote", "offset": 11, "length": 25}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (expandable_blockquote)
    Sample {
        name: "text_with_expandable_blockquote",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (expandable_blockquote)",
        json: r#"{"message": {
            "message_id": 115,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Here is the error log:\nError 500 at checkout, then error 502 on retry, then a blank page.",
            "entities": [{"type": "expandable_blockquote", "offset": 23, "length": 66}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (code)
    Sample {
        name: "text_with_code",
        source: "https://core.telegram.org/bots/api#messageentity (code)",
        json: r#"{"message": {
            "message_id": 116,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "The app shows error E_PAYMENT_42 at checkout.",
            "entities": [{"type": "code", "offset": 20, "length": 12}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (pre)
    Sample {
        name: "text_with_pre",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (pre)",
        json: r#"{"message": {
            "message_id": 117,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "My config is:\nretries = 3\ntimeout = 30",
            "entities": [{"type": "pre", "offset": 14, "length": 24, "language": "toml"}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (recursive_kind, text_link)
    Sample {
        name: "text_with_text_link",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message_entity.rs (recursive_kind, text_link)",
        json: r#"{"message": {
            "message_id": 118,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Please check my order page and tell me what is wrong.",
            "entities": [{"type": "text_link", "offset": 13, "length": 13, "url": "https://example.com/orders/42"}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (text_mention)
    Sample {
        name: "text_with_text_mention",
        source: "https://core.telegram.org/bots/api#messageentity (text_mention)",
        json: r#"{"message": {
            "message_id": 119,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "My colleague Anna ordered it for me.",
            "entities": [{"type": "text_mention", "offset": 13, "length": 4, "user": {"id": 777003, "is_bot": false, "first_name": "Anna"}}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (custom_emoji)
    Sample {
        name: "text_with_custom_emoji",
        source: "https://core.telegram.org/bots/api#messageentity (custom_emoji)",
        json: r#"{"message": {
            "message_id": 120,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Thanks for the quick help 👍",
            "entities": [{"type": "custom_emoji", "offset": 26, "length": 2, "custom_emoji_id": "5368324170671202286"}]
        }}"#,
        expect: Expect::Text,
    },
    // from: https://core.telegram.org/bots/api#messageentity (date_time, Bot API 9.x); grammy.dev/ref/types/messageentity/datetimemessageentity
    Sample {
        name: "text_with_date_time",
        source: "https://core.telegram.org/bots/api#messageentity (date_time, Bot API 9.x); grammy.dev/ref/types/messageentity/datetimemessageentity",
        json: r#"{"message": {
            "message_id": 121,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Can we talk tomorrow at 10:00?",
            "entities": [{"type": "date_time", "offset": 12, "length": 17, "unix_time": 1700046000, "date_time_format": "r"}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (parse_caption_entities)
    Sample {
        name: "photo_with_caption",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (parse_caption_entities)",
        json: r#"{"message": {
            "message_id": 122,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "photo": [{"file_id": "AgACAgQAAxkBAAINhGKvijUVSn2i3980bQIIc1fqWGNCAAJpvDEbEmaBUfuA43fR-BnlAQADAgADcwADJAQ", "file_unique_id": "AQADabwxGxJmgVF4", "file_size": 2077, "width": 90, "height": 90}, {"file_id": "AgACAgQAAxkBAAINhGKvijUVSn2i3980bQIIc1fqWGNCAAJpvDEbEmaBUfuA43fR-BnlAQADAgADbQADJAQ", "file_unique_id": "AQADabwxGxJmgVFy", "file_size": 27640, "width": 320, "height": 320}],
            "caption": "The box arrived crushed.",
            "caption_entities": [{"type": "bold", "offset": 16, "length": 7}]
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_media_forwarded)
    Sample {
        name: "video_with_caption",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_media_forwarded)",
        json: r#"{"message": {
            "message_id": 123,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "video": {"duration": 13, "width": 512, "height": 640, "mime_type": "video/mp4", "thumbnail": {"file_id": "AAQCAAOmBAACBf2oS53pByA-I4CWWCObDwAEAQAHbQADMWcAAhYE", "file_unique_id": "AQADpgQAAgX9qEty", "file_size": 10339, "width": 256, "height": 320}, "file_id": "BAADAgADpgQAAgX9qEud6QcgPiOAlhYE", "file_unique_id": "AgADpgQAAgX9qEs", "file_size": 1381334},
            "caption": "Here is a video of the broken lid."
        }}"#,
        expect: Expect::Text,
    },
    // from: Illemius/telegram_types res/message_with_document.json
    Sample {
        name: "document_with_caption",
        source: "Illemius/telegram_types res/message_with_document.json",
        json: r#"{"message": {
            "message_id": 124,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "document": {"file_name": "invoice.pdf", "mime_type": "application/pdf", "file_id": "BQADAgADpgADy_JxS66XQTBRHFleAg", "file_unique_id": "AgADpgADy_JxSw", "file_size": 21331},
            "caption": "Invoice attached, the total is wrong."
        }}"#,
        expect: Expect::Text,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_image)
    Sample {
        name: "photo_without_caption",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_image)",
        json: r#"{"message": {
            "message_id": 125,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "photo": [{"file_id": "AgACAgQAAxkBAAINhGKvijUVSn2i3980bQIIc1fqWGNCAAJpvDEbEmaBUfuA43fR-BnlAQADAgADcwADJAQ", "file_unique_id": "AQADabwxGxJmgVF4", "file_size": 2077, "width": 90, "height": 90}, {"file_id": "AgACAgQAAxkBAAINhGKvijUVSn2i3980bQIIc1fqWGNCAAJpvDEbEmaBUfuA43fR-BnlAQADAgADbQADJAQ", "file_unique_id": "AQADabwxGxJmgVFy", "file_size": 27640, "width": 320, "height": 320}]
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#videonote
    Sample {
        name: "video_note",
        source: "https://core.telegram.org/bots/api#videonote",
        json: r#"{"message": {
            "message_id": 126,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "video_note": {"duration": 7, "length": 384, "thumbnail": {"file_id": "AAMCAgADGQEAAgNoZVtVaAABvideo-note-thumb", "file_unique_id": "AQADvnThumb", "file_size": 9344, "width": 240, "height": 240}, "file_id": "DQACAgIAAxkBAAIDaGVbVWgAAXvideo-note", "file_unique_id": "AgADvideoNote", "file_size": 312844}
        }}"#,
        expect: Expect::Other,
    },
    // from: Illemius/telegram_types res/message_with_voice.json
    Sample {
        name: "voice",
        source: "Illemius/telegram_types res/message_with_voice.json",
        json: r#"{"message": {
            "message_id": 127,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "voice": {"duration": 1, "mime_type": "audio/ogg", "file_id": "AwADawAgADADy_JxS2gopIVIIxlhAg", "file_unique_id": "AgADADy_JxS2g", "file_size": 4321}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/audio.rs (deserialize)
    Sample {
        name: "audio",
        source: "teloxide/teloxide crates/teloxide-core/src/types/audio.rs (deserialize)",
        json: r#"{"message": {
            "message_id": 128,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "audio": {"file_id": "CQADAgdwadgawd0ChI_rXPyrAg", "file_unique_id": "AgADwadgawd0Ch", "duration": 60, "performer": "Performer", "title": "Title", "mime_type": "audio/mpeg", "file_size": 123456}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/animation.rs (deserialize)
    Sample {
        name: "animation",
        source: "teloxide/teloxide crates/teloxide-core/src/types/animation.rs (deserialize)",
        json: r#"{"message": {
            "message_id": 129,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "animation": {"file_id": "CgACAgIAAxkBAAIDanimation", "file_unique_id": "AgADanimation", "width": 320, "height": 320, "duration": 59, "file_name": "some.mp4", "mime_type": "video/mp4", "file_size": 6500},
            "document": {"file_id": "CgACAgIAAxkBAAIDanimation", "file_unique_id": "AgADanimation", "file_name": "some.mp4", "mime_type": "video/mp4", "file_size": 6500}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/sticker.rs (regular_serde)
    Sample {
        name: "sticker_regular",
        source: "teloxide/teloxide crates/teloxide-core/src/types/sticker.rs (regular_serde)",
        json: r#"{"message": {
            "message_id": 130,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "sticker": {"width": 463, "height": 512, "emoji": "🍿", "set_name": "menhera2", "is_animated": false, "is_video": false, "type": "regular", "thumbnail": {"file_id": "AAMCAgADFQABYzBxOJ1GWrttqL7FSRwdAtrq-AkAAtkHAALBGJ4LUUUh5CUew90BAAdtAAMpBA", "file_unique_id": "AQAD2QcAAsEYngty", "file_size": 4558, "width": 116, "height": 128}, "file_id": "CAACAgIAAxUAAWMwcTidRlq7bai-xUkcHQLa6vgJAALZBwACwRieC1FFIeQlHsPdKQQ", "file_unique_id": "AgAD2QcAAsEYngs", "file_size": 25734}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_sticker)
    Sample {
        name: "sticker_animated",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_sticker)",
        json: r#"{"message": {
            "message_id": 131,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "sticker": {"width": 512, "height": 512, "emoji": "😡", "set_name": "AdvenTimeAnim", "is_animated": true, "is_video": false, "type": "regular", "thumbnail": {"file_id": "AAMCAgADGQEAARIt0GMwiZ6n4nRbxdpM3pL8vPX6PVAhAAIjAAOw0PgMaabKAcaXKCABAAdtAAMpBA", "file_unique_id": "AQADIwADsND4DHI", "file_size": 4118, "width": 128, "height": 128}, "file_id": "CAACAgIAAxkBAAESLdBjMImep-J0W8XaTN6S_Lz1-j1QIQACIwADsND4DGmmygHGlyggKQQ", "file_unique_id": "AgADIwADsND4DA", "file_size": 16639}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#sticker (is_video)
    Sample {
        name: "sticker_video",
        source: "https://core.telegram.org/bots/api#sticker (is_video)",
        json: r#"{"message": {
            "message_id": 132,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "sticker": {"width": 512, "height": 512, "emoji": "😎", "set_name": "CorpusVideoPack", "is_animated": false, "is_video": true, "type": "regular", "thumbnail": {"file_id": "AAMCAgADGQEAAvideo-sticker-thumb", "file_unique_id": "AQADvsThumb", "file_size": 5120, "width": 128, "height": 128}, "file_id": "CAACAgIAAxkBAAvideo-sticker", "file_unique_id": "AgADvideoSticker", "file_size": 48211}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (dice_works)
    Sample {
        name: "dice",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (dice_works)",
        json: r#"{"message": {
            "message_id": 133,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "dice": {"emoji": "🎲", "value": 2}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/poll.rs (deserialize)
    Sample {
        name: "poll_regular",
        source: "teloxide/teloxide crates/teloxide-core/src/types/poll.rs (deserialize)",
        json: r#"{"message": {
            "message_id": 134,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "poll": {"id": "5377643193141559299", "question": "Rate me from 1 to 5.", "options": [{"text": "1", "voter_count": 0}, {"text": "2", "voter_count": 0}, {"text": "3", "voter_count": 0}, {"text": "4", "voter_count": 0}, {"text": "5", "voter_count": 0}], "total_voter_count": 0, "is_closed": false, "is_anonymous": true, "type": "regular", "allows_multiple_answers": false}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#poll (type quiz, correct_option_id); aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_POLL)
    Sample {
        name: "poll_quiz",
        source: "https://core.telegram.org/bots/api#poll (type quiz, correct_option_id); aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_POLL)",
        json: r#"{"message": {
            "message_id": 135,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "poll": {"id": "5377643193141559300", "question": "Which plan includes phone support?", "options": [{"text": "Basic", "voter_count": 0}, {"text": "Premium", "voter_count": 0}], "total_voter_count": 0, "is_closed": false, "is_anonymous": false, "type": "quiz", "allows_multiple_answers": false, "correct_option_id": 1, "explanation": "Only Premium has phone support.", "explanation_entities": [{"type": "bold", "offset": 5, "length": 7}]}
        }}"#,
        expect: Expect::Other,
    },
    // from: Illemius/telegram_types res/message_with_location.json
    Sample {
        name: "location",
        source: "Illemius/telegram_types res/message_with_location.json",
        json: r#"{"message": {
            "message_id": 136,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "location": {"latitude": 52.520008, "longitude": 13.404954}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#location (live_period, heading)
    Sample {
        name: "live_location",
        source: "https://core.telegram.org/bots/api#location (live_period, heading)",
        json: r#"{"message": {
            "message_id": 137,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "location": {"latitude": 52.520008, "longitude": 13.404954, "horizontal_accuracy": 25.5, "live_period": 900, "heading": 90, "proximity_alert_radius": 100}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (issue_481)
    Sample {
        name: "venue",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (issue_481)",
        json: r#"{"message": {
            "message_id": 138,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "location": {"latitude": 52.516275, "longitude": 13.377704},
            "venue": {"location": {"latitude": 52.516275, "longitude": 13.377704}, "title": "Corpus Parcel Shop", "address": "Pariser Platz 1, Berlin", "foursquare_id": "4adcdb0ff964a520e84c21e3"}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#contact; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_CONTACT)
    Sample {
        name: "contact",
        source: "https://core.telegram.org/bots/api#contact; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_CONTACT)",
        json: r#"{"message": {
            "message_id": 139,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "contact": {"phone_number": "+15551234567", "first_name": "Corpus", "user_id": 777001}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_1107, story)
    Sample {
        name: "story",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_1107, story)",
        json: r#"{"message": {
            "message_id": 140,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "forward_origin": {"type": "channel", "chat": {"id": -1001777555, "title": "Example Shop", "type": "channel"}, "message_id": 2, "date": 1699999400},
            "story": {"chat": {"id": -1001777555, "title": "Example Shop", "type": "channel"}, "id": 2}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#paidmediainfo (paid_media preview); aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_PAID_MEDIA)
    Sample {
        name: "paid_media",
        source: "https://core.telegram.org/bots/api#paidmediainfo (paid_media preview); aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_PAID_MEDIA)",
        json: r#"{"message": {
            "message_id": 141,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "forward_origin": {"type": "channel", "chat": {"id": -1001777555, "title": "Example Shop", "type": "channel"}, "message_id": 7, "date": 1699999400},
            "paid_media": {"star_count": 10, "paid_media": [{"type": "preview", "width": 1280, "height": 720}]}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (giveaway)
    Sample {
        name: "giveaway",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (giveaway)",
        json: r#"{"message": {
            "message_id": 142,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "forward_origin": {"type": "channel", "chat": {"id": -1001777555, "title": "Example Shop", "type": "channel"}, "message_id": 27, "date": 1699999400},
            "giveaway": {"chats": [{"id": -1001777555, "title": "Example Shop", "type": "channel"}], "winners_selection_date": 1700086400, "winner_count": 1, "has_public_winners": true, "premium_subscription_month_count": 6}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (giveaway_winners)
    Sample {
        name: "giveaway_winners",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (giveaway_winners)",
        json: r#"{"message": {
            "message_id": 143,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "forward_origin": {"type": "channel", "chat": {"id": -1001777555, "title": "Example Shop", "type": "channel"}, "message_id": 28, "date": 1699999700},
            "giveaway_winners": {"chat": {"id": -1001777555, "title": "Example Shop", "type": "channel"}, "giveaway_message_id": 27, "winners_selection_date": 1699999700, "premium_subscription_month_count": 6, "winner_count": 1, "winners": [{"id": 777006, "is_bot": false, "first_name": "Winner"}]}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#checklist (Bot API 9.1); aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_CHECKLIST)
    Sample {
        name: "checklist",
        source: "https://core.telegram.org/bots/api#checklist (Bot API 9.1); aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_CHECKLIST)",
        json: r#"{"message": {
            "message_id": 144,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "checklist": {"title": "Before I return the parcel", "tasks": [{"id": 1, "text": "Print the label"}, {"id": 2, "text": "Pack the item"}], "others_can_add_tasks": false, "others_can_mark_tasks_as_done": true}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#webappdata; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_WEB_APP_DATA)
    Sample {
        name: "web_app_data",
        source: "https://core.telegram.org/bots/api#webappdata; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_WEB_APP_DATA)",
        json: r#"{"message": {
            "message_id": 145,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "web_app_data": {"data": "{\"order\":42,\"action\":\"refund\"}", "button_text": "Open shop"}
        }}"#,
        expect: Expect::Other,
    },
    // from: https://core.telegram.org/bots/api#usersshared; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_USERS_SHARED)
    Sample {
        name: "users_shared",
        source: "https://core.telegram.org/bots/api#usersshared; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_USERS_SHARED)",
        json: r#"{"message": {
            "message_id": 146,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "users_shared": {"request_id": 1, "users": [{"user_id": 777004, "first_name": "Anna"}]}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_shared_chat)
    Sample {
        name: "chat_shared",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (de_shared_chat)",
        json: r#"{"message": {
            "message_id": 147,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "chat_shared": {"request_id": 2, "chat_id": -1001777666, "title": "Example Shop Chat"}
        }}"#,
        expect: Expect::Other,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (topic_created)
    Sample {
        name: "forum_topic_created",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (topic_created)",
        json: r#"{"message": {
            "message_id": 148,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"},
            "date": 1700000000,
            "message_thread_id": 148,
            "is_topic_message": true,
            "forum_topic_created": {"name": "Refunds", "icon_color": 9367192, "icon_custom_emoji_id": "5312536423851630001"}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/message.rs (issue_874)
    Sample {
        name: "forum_topic_closed",
        source: "teloxide/teloxide crates/teloxide-core/src/types/message.rs (issue_874)",
        json: r#"{"message": {
            "message_id": 149,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"},
            "date": 1700000000,
            "message_thread_id": 148,
            "is_topic_message": true,
            "forum_topic_closed": {}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: https://core.telegram.org/bots/api#forumtopicreopened
    Sample {
        name: "forum_topic_reopened",
        source: "https://core.telegram.org/bots/api#forumtopicreopened",
        json: r#"{"message": {
            "message_id": 150,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"},
            "date": 1700000000,
            "message_thread_id": 148,
            "is_topic_message": true,
            "forum_topic_reopened": {}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: https://core.telegram.org/bots/api#forumtopicedited
    Sample {
        name: "forum_topic_edited",
        source: "https://core.telegram.org/bots/api#forumtopicedited",
        json: r#"{"message": {
            "message_id": 151,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"},
            "date": 1700000000,
            "message_thread_id": 148,
            "is_topic_message": true,
            "forum_topic_edited": {"name": "Refunds and returns"}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: https://core.telegram.org/bots/api#generalforumtopichidden; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_GENERAL_FORUM_TOPIC_HIDDEN)
    Sample {
        name: "general_forum_topic_hidden",
        source: "https://core.telegram.org/bots/api#generalforumtopichidden; aiogram/aiogram tests/test_api/test_types/test_message.py (TEST_MESSAGE_GENERAL_FORUM_TOPIC_HIDDEN)",
        json: r#"{"message": {
            "message_id": 152,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"},
            "date": 1700000000,
            "general_forum_topic_hidden": {}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (pinned_message_works)
    Sample {
        name: "supergroup_pinned_message",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (pinned_message_works)",
        json: r#"{"message": {
            "message_id": 153,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"},
            "date": 1700000000,
            "pinned_message": {"message_id": 252, "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"}, "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"}, "date": 1699999940, "text": "Opening hours: 9 to 17, Monday to Friday."}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: https://core.telegram.org/bots/api#message (new_chat_members); tg-rs/tgbot src/types/message/data/tests.rs (new_chat_members)
    Sample {
        name: "group_new_chat_members",
        source: "https://core.telegram.org/bots/api#message (new_chat_members); tg-rs/tgbot src/types/message/data/tests.rs (new_chat_members)",
        json: r#"{"message": {
            "message_id": 154,
            "from": {"id": 777005, "is_bot": false, "first_name": "Newcomer"},
            "chat": {"id": -777002, "title": "Corpus Group", "type": "group"},
            "date": 1700000000,
            "new_chat_participant": {"id": 777005, "is_bot": false, "first_name": "Newcomer"},
            "new_chat_member": {"id": 777005, "is_bot": false, "first_name": "Newcomer"},
            "new_chat_members": [{"id": 777005, "is_bot": false, "first_name": "Newcomer"}]
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: https://core.telegram.org/bots/api#message (left_chat_member); tg-rs/tgbot src/types/message/data/tests.rs (left_chat_member)
    Sample {
        name: "group_left_chat_member",
        source: "https://core.telegram.org/bots/api#message (left_chat_member); tg-rs/tgbot src/types/message/data/tests.rs (left_chat_member)",
        json: r#"{"message": {
            "message_id": 155,
            "from": {"id": 777005, "is_bot": false, "first_name": "Newcomer"},
            "chat": {"id": -777002, "title": "Corpus Group", "type": "group"},
            "date": 1700000000,
            "left_chat_participant": {"id": 777005, "is_bot": false, "first_name": "Newcomer"},
            "left_chat_member": {"id": 777005, "is_bot": false, "first_name": "Newcomer"}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_1107, group text)
    Sample {
        name: "group_text_mentioning_bot",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_1107, group text)",
        json: r#"{"message": {
            "message_id": 156,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -777002, "title": "Corpus Group", "type": "group"},
            "date": 1700000000,
            "text": "@support_test_bot does anyone else have this problem?",
            "entities": [{"type": "mention", "offset": 0, "length": 17}]
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: Illemius/telegram_types res/edited_message.json
    Sample {
        name: "edited_message",
        source: "Illemius/telegram_types res/edited_message.json",
        json: r#"{"edited_message": {
            "message_id": 157,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "edit_date": 1700000030,
            "text": "My order is late (edited)"
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: bijoyvbabu123/BloodCell-Backend telegrambot/sampleresponses.py (inline keyboard response)
    Sample {
        name: "callback_query_with_message",
        source: "bijoyvbabu123/BloodCell-Backend telegrambot/sampleresponses.py (inline keyboard response)",
        json: r#"{"callback_query": {
            "id": "4278655576057498272",
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "message": {"message_id": 190, "from": {"id": 4242, "is_bot": true, "first_name": "Support Test Bot", "username": "support_test_bot"}, "chat": {"id": 777001, "first_name": "Corpus", "type": "private"}, "date": 1699999880, "text": "Was this answer helpful?", "reply_markup": {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}, {"text": "No", "callback_data": "no"}]]}},
            "chat_instance": "-2291384178539442901",
            "data": "yes"
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/maybe_inaccessible_message.rs (test_inaccessible_message); https://core.telegram.org/bots/api#inaccessiblemessage
    Sample {
        name: "callback_query_inaccessible_message",
        source: "teloxide/teloxide crates/teloxide-core/src/types/maybe_inaccessible_message.rs (test_inaccessible_message); https://core.telegram.org/bots/api#inaccessiblemessage",
        json: r#"{"callback_query": {
            "id": "4278655576057498273",
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "message": {"chat": {"id": 777001, "first_name": "Corpus", "type": "private"}, "message_id": 191, "date": 0},
            "chat_instance": "-2291384178539442901",
            "data": "no"
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_523)
    Sample {
        name: "my_chat_member_kicked",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_523)",
        json: r#"{"my_chat_member": {
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "date": 1700000000,
            "old_chat_member": {"user": {"id": 4242, "is_bot": true, "first_name": "Support Test Bot", "username": "support_test_bot"}, "status": "member"},
            "new_chat_member": {"user": {"id": 4242, "is_bot": true, "first_name": "Support Test Bot", "username": "support_test_bot"}, "status": "kicked", "until_date": 0}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_523), statuses swapped
    Sample {
        name: "my_chat_member_member",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (issue_523), statuses swapped",
        json: r#"{"my_chat_member": {
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "date": 1700000000,
            "old_chat_member": {"user": {"id": 4242, "is_bot": true, "first_name": "Support Test Bot", "username": "support_test_bot"}, "status": "kicked", "until_date": 0},
            "new_chat_member": {"user": {"id": 4242, "is_bot": true, "first_name": "Support Test Bot", "username": "support_test_bot"}, "status": "member"}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: https://core.telegram.org/bots/api#chatmemberupdated; teloxide/teloxide crates/teloxide-core/src/types/chat_member.rs
    Sample {
        name: "chat_member_joined_supergroup",
        source: "https://core.telegram.org/bots/api#chatmemberupdated; teloxide/teloxide crates/teloxide-core/src/types/chat_member.rs",
        json: r#"{"chat_member": {
            "chat": {"id": -1001777000, "title": "Corpus Support Forum", "is_forum": true, "type": "supergroup"},
            "from": {"id": 777005, "is_bot": false, "first_name": "Newcomer"},
            "date": 1700000000,
            "old_chat_member": {"user": {"id": 777005, "is_bot": false, "first_name": "Newcomer"}, "status": "left"},
            "new_chat_member": {"user": {"id": 777005, "is_bot": false, "first_name": "Newcomer"}, "status": "member"}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: teloxide/teloxide crates/teloxide-core/src/types/update.rs (message_reaction_updated)
    Sample {
        name: "message_reaction",
        source: "teloxide/teloxide crates/teloxide-core/src/types/update.rs (message_reaction_updated)",
        json: r#"{"message_reaction": {
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "message_id": 190,
            "user": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "date": 1700000000,
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": "👍"}]
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: synthetic: newer Bot API shape (like teloxide/teloxide crates/teloxide-core/src/types/update.rs new_update_kind_error)
    Sample {
        name: "unknown_update_kind",
        source: "synthetic: newer Bot API shape (like teloxide/teloxide crates/teloxide-core/src/types/update.rs new_update_kind_error)",
        json: r#"{"some_future_update": {
            "id": "f-1",
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "payload": {"some_field_idk": 1}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: synthetic: newer Bot API shape
    Sample {
        name: "text_with_future_field",
        source: "synthetic: newer Bot API shape",
        json: r#"{"message": {
            "message_id": 158,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Where is my package?",
            "future_field": {"nested": [1, 2, 3], "flag": true}
        }}"#,
        expect: Expect::Text,
    },
    // from: synthetic: newer Bot API shape
    Sample {
        name: "text_with_future_entity",
        source: "synthetic: newer Bot API shape",
        json: r#"{"message": {
            "message_id": 159,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Please look at this part of my message.",
            "entities": [{"type": "future_entity", "offset": 0, "length": 6, "future_param": "x"}]
        }}"#,
        expect: Expect::Text,
    },
    // from: synthetic: newer Bot API shape
    Sample {
        name: "text_with_future_forward_origin",
        source: "synthetic: newer Bot API shape",
        json: r#"{"message": {
            "message_id": 160,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "text": "Forwarding what the courier told me.",
            "forward_origin": {"type": "future_origin", "date": 1699999940, "future_sender": {"id": 1}}
        }}"#,
        expect: Expect::Text,
    },
    // from: synthetic: newer Bot API shape (sticker type beyond regular/mask/custom_emoji)
    Sample {
        name: "sticker_future_type",
        source: "synthetic: newer Bot API shape (sticker type beyond regular/mask/custom_emoji)",
        json: r#"{"message": {
            "message_id": 161,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "sticker": {"width": 512, "height": 512, "emoji": "🤖", "is_animated": false, "is_video": false, "type": "future_sticker_type", "file_id": "CAACAgIAAxkBAAfuture-sticker", "file_unique_id": "AgADfutureSticker", "file_size": 1024}
        }}"#,
        expect: Expect::Other,
    },
    // from: synthetic: newer Bot API shape (dice emoji not yet known)
    Sample {
        name: "dice_future_emoji",
        source: "synthetic: newer Bot API shape (dice emoji not yet known)",
        json: r#"{"message": {
            "message_id": 162,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "dice": {"emoji": "🪀", "value": 3}
        }}"#,
        expect: Expect::Other,
    },
    // from: synthetic: newer Bot API shape
    Sample {
        name: "future_media_only",
        source: "synthetic: newer Bot API shape",
        json: r#"{"message": {
            "message_id": 163,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": 777001, "first_name": "Corpus", "type": "private"},
            "date": 1700000000,
            "future_media": {"x": 1}
        }}"#,
        expect: Expect::Other,
    },
    // from: synthetic: newer Bot API shape (chat type beyond private/group/supergroup/channel)
    Sample {
        name: "future_chat_type_message",
        source: "synthetic: newer Bot API shape (chat type beyond private/group/supergroup/channel)",
        json: r#"{"message": {
            "message_id": 164,
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "chat": {"id": -1001777010, "title": "Future Space", "type": "future_chat_type"},
            "date": 1700000000,
            "text": "Hello from a new kind of chat."
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
    // from: synthetic: newer Bot API shape
    Sample {
        name: "callback_query_future_shape",
        source: "synthetic: newer Bot API shape",
        json: r#"{"callback_query": {
            "id": "4278655576057498274",
            "from": {"id": 777001, "is_bot": false, "first_name": "Corpus", "language_code": "en"},
            "message": {"message_id": 192, "from": {"id": 4242, "is_bot": true, "first_name": "Support Test Bot", "username": "support_test_bot"}, "chat": {"id": 777001, "first_name": "Corpus", "type": "private"}, "date": 1699999940, "future_widget": {"kind": "carousel", "items": [1, 2]}},
            "chat_instance": "-2291384178539442901",
            "data": "future",
            "future_origin": {"type": "mini_app"}
        }}"#,
        expect: Expect::NoAnswerNeeded,
    },
];
