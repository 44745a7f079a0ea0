//! Logging: `tracing` to standard error, filtered by `RUST_LOG` (from the
//! environment or `.env`; default `info`), with teloxide's `log` records bridged in. The bot token is
//! replaced by `***` in every line written, whatever produced it (an HTTP
//! client error quotes the request URL, which contains the token).

use std::io::{self, Write};
use std::sync::Arc;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// Sets up logging once for the process. `filter` is a `RUST_LOG` value;
/// `secret` is masked in all output.
pub fn init(filter: Option<&str>, secret: &str) {
    let filter = filter
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let writer = Redacting {
        secret: Arc::from(secret),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .try_init();
}

/// Writes to standard error with the secret masked.
#[derive(Clone)]
struct Redacting {
    secret: Arc<str>,
}

impl<'a> MakeWriter<'a> for Redacting {
    type Writer = RedactingWriter;
    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter {
            secret: Arc::clone(&self.secret),
            out: io::stderr(),
        }
    }
}

struct RedactingWriter {
    secret: Arc<str>,
    out: io::Stderr,
}

impl Write for RedactingWriter {
    /// Each log line arrives in one call, so the secret is never split.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let masked = mask(&text, &self.secret);
        self.out.write_all(masked.as_bytes())?;
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
    fn the_secret_is_masked_wherever_it_appears() {
        let line = "error sending request for url (http://x/bot123:ABC/GetMe)";
        assert_eq!(
            super::mask(line, "123:ABC"),
            "error sending request for url (http://x/bot***/GetMe)"
        );
    }
}
