//! Logging: `tracing` to standard error, filtered by `RUST_LOG` (from the
//! environment or `.env`; default `info`), with teloxide's `log` records
//! bridged in. Lines are human-readable text, or JSON objects one per line
//! with `LOG_FORMAT=json`. Text lines are coloured only when standard error
//! is a terminal: written to a pipe or a file (journald, `docker logs`),
//! they hold no colour codes. The bot token is replaced by `***` in every
//! line written, whatever produced it (an HTTP client error quotes the
//! request URL, which contains the token).

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Lets one kind of log line through at most once per period, so that
/// requests anyone can send (a refused sign-in, a wrong webhook secret)
/// cannot flood the log; the lines held back are counted and told with the
/// next one let through.
pub struct Every {
    period: std::time::Duration,
    /// When a line last went through, and how many were held back since.
    state: std::sync::Mutex<(Option<std::time::Instant>, u64)>,
}

impl Every {
    pub const fn new(period: std::time::Duration) -> Every {
        Every {
            period,
            state: std::sync::Mutex::new((None, 0)),
        }
    }

    /// `Some(held back since the last)` if a line may be written now.
    pub fn due(&self) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = std::time::Instant::now();
        match state.0 {
            Some(last) if now.duration_since(last) < self.period => {
                state.1 += 1;
                None
            }
            _ => {
                let held = state.1;
                *state = (Some(now), 0);
                Some(held)
            }
        }
    }
}

/// How log lines are written (`LOG_FORMAT`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// One human-readable line per event (the default).
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

impl LogFormat {
    /// The value as written in `LOG_FORMAT`.
    pub fn name(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

/// Sets up logging once for the process. `filter` is a `RUST_LOG` value;
/// `secret` is masked in all output.
pub fn init(filter: Option<&str>, format: LogFormat, secret: &str) {
    let filter = filter
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let writer = Redacting {
        secrets: secret_forms(secret).into(),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(io::stderr().is_terminal())
        .with_writer(writer);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// The secret as it may appear in a line: as is, and escaped the way JSON
/// strings and `Debug` output escape it (they differ only if the secret has
/// quotes, backslashes or control characters).
fn secret_forms(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_string()];
    let json = serde_json::to_string(secret).unwrap_or_default();
    let debug = format!("{secret:?}");
    for quoted in [json, debug] {
        let inner = quoted
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or_default()
            .to_string();
        if !forms.contains(&inner) {
            forms.push(inner);
        }
    }
    forms.retain(|f| !f.is_empty());
    forms
}

/// Writes to standard error with the secret masked.
#[derive(Clone)]
struct Redacting {
    secrets: Arc<[String]>,
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingWriter;
    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter {
            secrets: Arc::clone(&self.secrets),
            out: io::stderr(),
        }
    }
}

struct RedactingWriter {
    secrets: Arc<[String]>,
    out: io::Stderr,
}

impl Write for RedactingWriter {
    /// Each log line arrives in one call, so the secret is never split.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut text = String::from_utf8_lossy(buf).into_owned();
        for secret in self.secrets.iter() {
            text = mask(&text, secret);
        }
        self.out.write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// `text` with every occurrence of `secret` replaced by `***`.
pub fn mask(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        text.to_string()
    } else {
        text.replace(secret, "***")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_line_goes_through_once_a_period_and_tells_how_many_were_held_back() {
        let every = super::Every::new(std::time::Duration::from_millis(200));
        assert_eq!(every.due(), Some(0));
        assert_eq!(every.due(), None);
        assert_eq!(every.due(), None);
        std::thread::sleep(std::time::Duration::from_millis(250));
        assert_eq!(every.due(), Some(2));
        assert_eq!(every.due(), None);
    }

    #[test]
    fn the_secret_is_masked_wherever_it_appears() {
        let line = "error sending request for url (http://x/bot123:ABC/GetMe)";
        assert_eq!(
            super::mask(line, "123:ABC"),
            "error sending request for url (http://x/bot***/GetMe)"
        );
    }

    #[test]
    fn a_secret_is_also_masked_as_json_and_debug_escape_it() {
        let forms = super::secret_forms("12:a\"b\\c");
        assert!(forms.contains(&"12:a\"b\\c".to_string()), "{forms:?}");
        assert!(forms.contains(&"12:a\\\"b\\\\c".to_string()), "{forms:?}");
        assert_eq!(super::secret_forms("12:abc"), ["12:abc"]);
        assert!(super::secret_forms("").is_empty());
    }
}
