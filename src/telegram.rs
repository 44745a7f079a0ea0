//! Facts of Telegram's platform both doors need: how long a message may
//! be, counted as Telegram counts it. The bot splits its texts to fit
//! (`bot::send`); the inbox refuses a longer reply where the team member
//! can still shorten it (`web::actions`, the composer's `maxlength`).

/// Telegram's limit on one message's text, in UTF-16 code units.
pub const MAX_TEXT: usize = 4096;
/// Telegram's limit on a caption, in UTF-16 code units.
pub const MAX_CAPTION: usize = 1024;

/// The length of a text as Telegram counts it: UTF-16 code units.
pub fn len(text: &str) -> usize {
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn length_is_counted_in_utf16_units() {
        assert_eq!(super::len("hello"), 5);
        assert_eq!(super::len("é"), 1);
        assert_eq!(super::len("😀"), 2);
    }
}
