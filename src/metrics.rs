//! Counts for Prometheus, served as `GET /metrics`.
//!
//! One [`Metrics`] per running bot: `App` makes it and hands it to what
//! counts (the update handlers, the senders, the listener, the journal's
//! observer, the inbox), so two bots in one process (the integration tests
//! start many side by side) never mix their figures. Only counts and
//! durations are kept: labels name kinds of things (`kind="message"`,
//! `method="sendMessage"`), never a chat id, a name, a text or a ticket ID.
//!
//! What is read from the bot's state rather than counted (tickets, chats,
//! the journal's size, readiness, waiting messages) is gathered by the HTTP
//! handler when scraped and handed over as [`Gauges`], see
//! [`Metrics::encode`].

use std::fmt::Write as _;
use std::time::Duration;

use prometheus_client::encoding::text::{encode_eof, encode_registry};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::{Registry, Unit};
use serde::Serialize;
use teloxide::{ApiError, RequestError};

/// What describes one running bot at the moment of a scrape.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gauges {
    pub tickets_open: usize,
    pub tickets_closed: usize,
    /// Chats by the name of their conversation state.
    pub chats: [(&'static str, usize); 5],
    pub journal_bytes: u64,
    /// With a database: its pool's connections in use and idle.
    pub database: Option<(u32, u32)>,
    pub store_degraded: bool,
    pub ready: bool,
    /// Seconds the oldest update not yet handled has been waiting (0 for none).
    pub oldest_update_seconds: f64,
    /// Updates received and not yet durably handled.
    pub updates_in_progress: usize,
    /// Messages waiting to be sent to private chats.
    pub outbox_private: usize,
    /// Messages waiting to be sent to groups.
    pub outbox_group: usize,
    /// Open tickets the team has not answered yet.
    pub unanswered: usize,
    /// Median seconds to the team's first answer (0 before any).
    pub median_first_answer_seconds: u64,
    /// Median seconds from opening to closing (0 before any).
    pub median_to_close_seconds: u64,
    /// The average rating, 1 to 5 (0 before any).
    pub average_rating: f64,
}

/// The `Content-Type` of the exposition (the OpenMetrics text format, which
/// Prometheus reads).
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Every metric name starts with this.
const PREFIX: &str = "support_bot";

/// The Bot API methods the bot calls, so their series exist (at 0) from the
/// start and `rate()` sees the first failure.
const METHODS: [&str; 10] = [
    "getMe",
    "getUpdates",
    "sendMessage",
    "copyMessage",
    "answerCallbackQuery",
    "setMessageReaction",
    "createForumTopic",
    "editForumTopic",
    "closeForumTopic",
    "reopenForumTopic",
];

/// What kind of update arrived (the `kind` label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateLabel {
    Message,
    EditedMessage,
    CallbackQuery,
    MyChatMember,
    Other,
}

impl UpdateLabel {
    pub const ALL: [UpdateLabel; 5] = [
        UpdateLabel::Message,
        UpdateLabel::EditedMessage,
        UpdateLabel::CallbackQuery,
        UpdateLabel::MyChatMember,
        UpdateLabel::Other,
    ];

    /// The kind named by an update's key.
    pub fn named(key: &str) -> UpdateLabel {
        match key {
            "message" => UpdateLabel::Message,
            "edited_message" => UpdateLabel::EditedMessage,
            "callback_query" => UpdateLabel::CallbackQuery,
            "my_chat_member" => UpdateLabel::MyChatMember,
            _ => UpdateLabel::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            UpdateLabel::Message => "message",
            UpdateLabel::EditedMessage => "edited_message",
            UpdateLabel::CallbackQuery => "callback_query",
            UpdateLabel::MyChatMember => "my_chat_member",
            UpdateLabel::Other => "other",
        }
    }
}

/// How handling an update ended (the `outcome` label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answered and saved, or deliberately left alone (not for this bot).
    Handled,
    /// Telegram sent it again; it had been handled before.
    Duplicate,
    /// Its changes could not be saved; the sender was asked to try again.
    Failed,
    /// A shape the bot cannot read even leniently: logged and confirmed.
    Skipped,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Handled,
        Outcome::Duplicate,
        Outcome::Failed,
        Outcome::Skipped,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Handled => "handled",
            Outcome::Duplicate => "duplicate",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }
}

/// What went wrong with a Bot API call (the `kind` label of
/// `support_bot_api_errors_total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 429: Telegram asked the bot to slow down.
    RateLimited,
    /// 403: the person blocked the bot, left, or their account is gone.
    Forbidden,
    /// A 5xx answer, or an answer that was not the Bot API's JSON.
    Server,
    /// Telegram could not be reached.
    Network,
    /// Any other refusal (a bad request, a moved group...).
    Other,
}

impl ApiErrorKind {
    pub const ALL: [ApiErrorKind; 5] = [
        ApiErrorKind::RateLimited,
        ApiErrorKind::Forbidden,
        ApiErrorKind::Server,
        ApiErrorKind::Network,
        ApiErrorKind::Other,
    ];

    pub fn of(error: &RequestError) -> ApiErrorKind {
        const SERVER_ERRORS: [&str; 4] = [
            "Internal Server Error",
            "Bad Gateway",
            "Service Unavailable",
            "Gateway Timeout",
        ];
        match error {
            RequestError::RetryAfter(_) => ApiErrorKind::RateLimited,
            RequestError::Network(_) | RequestError::Io(_) => ApiErrorKind::Network,
            RequestError::InvalidJson { .. } => ApiErrorKind::Server,
            RequestError::Api(
                ApiError::BotBlocked
                | ApiError::BotKicked
                | ApiError::BotKickedFromSupergroup
                | ApiError::BotKickedFromChannel
                | ApiError::UserDeactivated
                | ApiError::CantInitiateConversation
                | ApiError::CantTalkWithBots,
            ) => ApiErrorKind::Forbidden,
            // Newer "Forbidden: ..." answers arrive as unknown errors.
            RequestError::Api(ApiError::Unknown(text)) if text.starts_with("Forbidden") => {
                ApiErrorKind::Forbidden
            }
            RequestError::Api(ApiError::Unknown(text))
                if SERVER_ERRORS.iter().any(|e| text.contains(e)) =>
            {
                ApiErrorKind::Server
            }
            _ => ApiErrorKind::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ApiErrorKind::RateLimited => "rate_limited",
            ApiErrorKind::Forbidden => "forbidden",
            ApiErrorKind::Server => "server",
            ApiErrorKind::Network => "network",
            ApiErrorKind::Other => "other",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Failed Bot API calls since the bot started, by kind (in `/status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ApiErrors {
    pub rate_limited: u64,
    pub forbidden: u64,
    pub server: u64,
    pub network: u64,
    pub other: u64,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabel {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HandledLabels {
    kind: &'static str,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabel {
    method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodKindLabels {
    method: &'static str,
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ChatKindLabel {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabel {
    reason: &'static str,
}

/// Requests refused at the door, as counted on `/metrics`.
pub const REFUSED_REQUESTS: [&str; 2] = ["sign_in", "webhook_secret"];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

/// The registry and the metric families counted as things happen.
pub struct Metrics {
    registry: Registry,
    updates_received: Family<KindLabel, Counter>,
    updates_handled: Family<HandledLabels, Counter>,
    handler_seconds: Histogram,
    ratings: Histogram,
    api_calls: Family<MethodLabel, Counter>,
    api_errors: Family<MethodKindLabels, Counter>,
    /// The same errors summed over methods, for `/status`.
    api_errors_by_kind: [Counter; 5],
    store_write_seconds: Histogram,
    store_write_errors: Counter,
    unreadable_records: Counter,
    messages_held: Counter,
    messages_refused: Counter,
    requests_refused: Family<ReasonLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    /// Every series at 0 (the counters of one bot, from its start).
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix(PREFIX);
        let updates_received = Family::<KindLabel, Counter>::default();
        let updates_handled = Family::<HandledLabels, Counter>::default();
        // 0.5 ms to about 4 s.
        let handler_seconds = Histogram::new(exponential_buckets(0.0005, 2.0, 14));
        let ratings = Histogram::new([1.0, 2.0, 3.0, 4.0, 5.0]);
        registry.register(
            "ratings",
            "How people rated the help on their closed tickets, 1 to 5",
            ratings.clone(),
        );
        let api_calls = Family::<MethodLabel, Counter>::default();
        let api_errors = Family::<MethodKindLabels, Counter>::default();
        // 0.1 ms to about 0.8 s.
        let store_write_seconds = Histogram::new(exponential_buckets(0.0001, 2.0, 14));
        let store_write_errors = Counter::default();
        let unreadable_records = Counter::default();

        // Every series exists from the start, at 0.
        for kind in UpdateLabel::ALL {
            let kind = kind.name();
            let _ = updates_received.get_or_create_owned(&KindLabel { kind });
            for outcome in Outcome::ALL {
                let outcome = outcome.name();
                let _ = updates_handled.get_or_create_owned(&HandledLabels { kind, outcome });
            }
        }
        for method in METHODS {
            let _ = api_calls.get_or_create_owned(&MethodLabel { method });
            for kind in ApiErrorKind::ALL {
                let kind = kind.name();
                let _ = api_errors.get_or_create_owned(&MethodKindLabels { method, kind });
            }
        }

        registry.register(
            "updates_received",
            "Updates received from Telegram, by kind",
            updates_received.clone(),
        );
        registry.register(
            "updates_handled",
            "Updates handled, by kind and outcome (handled, duplicate, failed)",
            updates_handled.clone(),
        );
        registry.register_with_unit(
            "handler",
            "Time from an update reaching the handler to its changes being on disk",
            Unit::Seconds,
            handler_seconds.clone(),
        );
        registry.register(
            "api_calls",
            "Bot API calls, each attempt counted, by method",
            api_calls.clone(),
        );
        registry.register(
            "api_errors",
            "Failed Bot API calls, by method and kind (rate_limited, forbidden, server, network, other)",
            api_errors.clone(),
        );
        registry.register_with_unit(
            "store_write",
            "Time to append one batch of changes to the journal and fsync it",
            Unit::Seconds,
            store_write_seconds.clone(),
        );
        registry.register(
            "store_write_errors",
            "Failed attempts to write the journal (disk full, I/O error)",
            store_write_errors.clone(),
        );
        registry.register(
            "unreadable_records",
            "Saved records (messages to send) this version could not read; kept, see the log",
            unreadable_records.clone(),
        );
        let messages_held = Counter::default();
        registry.register(
            "messages_held",
            "Messages of people sending faster than SPAM_PER_MINUTE: kept on the ticket, held back from the team",
            messages_held.clone(),
        );
        let messages_refused = Counter::default();
        registry.register(
            "messages_refused",
            "Messages of banned people, refused",
            messages_refused.clone(),
        );
        let requests_refused = Family::<ReasonLabel, Counter>::default();
        for reason in REFUSED_REQUESTS {
            let _ = requests_refused.get_or_create_owned(&ReasonLabel { reason });
        }
        registry.register(
            "requests_refused",
            "HTTP requests refused at the door, by reason (sign_in: a refused inbox sign-in; webhook_secret: a wrong webhook secret); their log lines are rate-limited",
            requests_refused.clone(),
        );
        registry.register(
            "build",
            "The program's version",
            Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]),
        );

        Metrics {
            registry,
            updates_received,
            updates_handled,
            handler_seconds,
            ratings,
            api_calls,
            api_errors,
            api_errors_by_kind: Default::default(),
            store_write_seconds,
            store_write_errors,
            unreadable_records,
            messages_held,
            messages_refused,
            requests_refused,
        }
    }

    /// A request was refused at the door: `reason` is one of
    /// [`REFUSED_REQUESTS`].
    pub fn request_refused(&self, reason: &'static str) {
        self.requests_refused
            .get_or_create(&ReasonLabel { reason })
            .inc();
    }

    /// A person's message was held back from the team (sending too fast).
    pub fn held(&self) {
        self.messages_held.inc();
    }

    /// A banned person's message was refused.
    pub fn refused(&self) {
        self.messages_refused.inc();
    }

    /// An update reached the bot's handlers.
    pub fn update_received(&self, kind: UpdateLabel) {
        let kind = kind.name();
        self.updates_received
            .get_or_create(&KindLabel { kind })
            .inc();
    }

    /// An update was dealt with.
    pub fn update_handled(&self, kind: UpdateLabel, outcome: Outcome) {
        let labels = HandledLabels {
            kind: kind.name(),
            outcome: outcome.name(),
        };
        self.updates_handled.get_or_create(&labels).inc();
    }

    /// An update's transaction ended (on disk, a duplicate, or failed)
    /// `took` after it reached the handler.
    /// A person rated the help.
    pub fn rated(&self, stars: u8) {
        self.ratings.observe(f64::from(stars));
    }

    pub fn handler_took(&self, took: Duration) {
        self.handler_seconds.observe(took.as_secs_f64());
    }

    /// One attempt of a Bot API call and how it went. `method` is the Bot
    /// API's name for it (`sendMessage`).
    pub fn api_call<T>(&self, method: &'static str, result: &Result<T, RequestError>) {
        self.api_calls.get_or_create(&MethodLabel { method }).inc();
        if let Err(error) = result {
            let kind = ApiErrorKind::of(error);
            let labels = MethodKindLabels {
                method,
                kind: kind.name(),
            };
            self.api_errors.get_or_create(&labels).inc();
            self.api_errors_by_kind[kind.index()].inc();
        }
    }

    /// Failed Bot API calls so far, by kind.
    pub fn api_errors(&self) -> ApiErrors {
        let count = |kind: ApiErrorKind| self.api_errors_by_kind[kind.index()].get();
        ApiErrors {
            rate_limited: count(ApiErrorKind::RateLimited),
            forbidden: count(ApiErrorKind::Forbidden),
            server: count(ApiErrorKind::Server),
            network: count(ApiErrorKind::Network),
            other: count(ApiErrorKind::Other),
        }
    }

    /// One batch was appended to the journal and fsync'd in `took`.
    pub fn store_write(&self, took: Duration) {
        self.store_write_seconds.observe(took.as_secs_f64());
    }

    /// Appending to the journal failed once.
    pub fn store_write_failed(&self) {
        self.store_write_errors.inc();
    }

    /// A saved record this version cannot read was kept and not acted on.
    pub fn unreadable_record(&self) {
        self.unreadable_records.inc();
    }

    /// The exposition: the bot's counters, then its gauges, read now from
    /// its store and health.
    pub fn encode(&self, g: &Gauges) -> String {
        let mut scrape = Registry::with_prefix(PREFIX);

        let by_status = Family::<StatusLabel, Gauge>::default();
        for (status, n) in [("open", g.tickets_open), ("closed", g.tickets_closed)] {
            by_status
                .get_or_create(&StatusLabel { status })
                .set(gauge(n));
        }
        scrape.register("tickets", "Tickets by status", by_status);

        let by_state = Family::<StateLabel, Gauge>::default();
        for (state, n) in g.chats {
            by_state.get_or_create(&StateLabel { state }).set(gauge(n));
        }
        scrape.register(
            "chats",
            "Chats that ever wrote to the bot, by conversation state",
            by_state,
        );

        let journal = Gauge::<i64>::default();
        journal.set(i64::try_from(g.journal_bytes).unwrap_or(i64::MAX));
        scrape.register_with_unit(
            "journal",
            "Size of the journal (changes since the data file was last written)",
            Unit::Bytes,
            journal,
        );

        if let Some((in_use, idle)) = g.database {
            let pool = Family::<StateLabel, Gauge>::default();
            for (state, n) in [("in_use", in_use), ("idle", idle)] {
                pool.get_or_create(&StateLabel { state }).set(i64::from(n));
            }
            scrape.register(
                "database_connections",
                "Connections of the PostgreSQL pool, by state (with STORE=postgres)",
                pool,
            );
        }

        let degraded = Gauge::<i64>::default();
        degraded.set(i64::from(g.store_degraded));
        scrape.register(
            "store_degraded",
            "1 while the data file cannot be written, else 0",
            degraded,
        );

        let ready = Gauge::<i64>::default();
        ready.set(i64::from(g.ready));
        scrape.register(
            "ready",
            "1 while GET /readyz answers 200 (store loaded, writes working, Bot API answering, updates moving), else 0",
            ready,
        );

        let oldest = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        oldest.set(g.oldest_update_seconds);
        scrape.register_with_unit(
            "oldest_unfinished_update",
            "Age of the oldest update received but not yet durably handled (0 for none)",
            Unit::Seconds,
            oldest,
        );

        let in_progress = Gauge::<i64>::default();
        in_progress.set(gauge(g.updates_in_progress));
        scrape.register(
            "updates_in_progress",
            "Updates received and not yet durably handled (waiting for their turn included)",
            in_progress,
        );

        let unanswered = Gauge::<i64>::default();
        unanswered.set(gauge(g.unanswered));
        scrape.register(
            "tickets_unanswered",
            "Open tickets the team has not answered yet",
            unanswered,
        );
        for (name, help, seconds) in [
            (
                "median_first_answer",
                "Median time from opening a ticket to the team's first answer (0 before any)",
                g.median_first_answer_seconds,
            ),
            (
                "median_to_close",
                "Median time from opening a ticket to closing it (0 before any)",
                g.median_to_close_seconds,
            ),
        ] {
            let value = Gauge::<i64>::default();
            value.set(i64::try_from(seconds).unwrap_or(i64::MAX));
            scrape.register_with_unit(name, help, Unit::Seconds, value);
        }
        let rating = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        rating.set(g.average_rating);
        scrape.register(
            "average_rating",
            "The average rating of the help, 1 to 5 (0 before any)",
            rating,
        );

        let outbox = Family::<ChatKindLabel, Gauge>::default();
        for (kind, n) in [("private", g.outbox_private), ("group", g.outbox_group)] {
            outbox.get_or_create(&ChatKindLabel { kind }).set(gauge(n));
        }
        scrape.register(
            "outbox_messages",
            "Messages saved and waiting to be sent, by kind of chat",
            outbox,
        );

        let mut text = String::new();
        let encoded = encode_registry(&mut text, &self.registry)
            .and_then(|()| encode_registry(&mut text, &scrape))
            .and_then(|()| encode_eof(&mut text));
        if let Err(error) = encoded {
            // Writing to a String does not fail; say so if it ever does.
            let _ = writeln!(text, "# encoding failed: {error}");
        }
        text
    }
}

fn gauge(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::Seconds;

    #[test]
    fn errors_are_sorted_into_kinds() {
        let kind = |e: RequestError| ApiErrorKind::of(&e).name();
        assert_eq!(
            kind(RequestError::RetryAfter(Seconds::from_seconds(3))),
            "rate_limited"
        );
        assert_eq!(kind(RequestError::Api(ApiError::BotBlocked)), "forbidden");
        assert_eq!(
            kind(RequestError::Api(ApiError::Unknown(
                "Forbidden: bot was kicked".into()
            ))),
            "forbidden"
        );
        assert_eq!(
            kind(RequestError::Api(ApiError::Unknown("Bad Gateway".into()))),
            "server"
        );
        assert_eq!(
            kind(RequestError::Io(std::io::Error::other("reset").into())),
            "network"
        );
        assert_eq!(
            kind(RequestError::Api(ApiError::MessageTextIsEmpty)),
            "other"
        );
    }

    #[test]
    fn api_calls_and_errors_are_counted_per_method_and_in_total() {
        let metrics = Metrics::new();
        let failed: Result<(), RequestError> = Err(RequestError::Api(ApiError::BotBlocked));
        metrics.api_call("sendMessage", &failed);
        metrics.api_call("sendMessage", &Ok::<(), RequestError>(()));
        assert_eq!(
            metrics.api_errors(),
            ApiErrors {
                forbidden: 1,
                ..ApiErrors::default()
            }
        );
        assert_eq!(
            Metrics::new().api_errors(),
            ApiErrors::default(),
            "another bot's figures are its own"
        );
        let text = metrics.encode(&Gauges {
            outbox_group: 3,
            ..Gauges::default()
        });
        assert!(
            text.contains("support_bot_outbox_messages{kind=\"group\"} 3"),
            "{text}"
        );
        assert!(
            text.contains(
                "support_bot_api_errors_total{method=\"sendMessage\",kind=\"forbidden\"}"
            ),
            "{text}"
        );
        assert!(text.ends_with("# EOF\n"), "{text}");
    }

    /// The exposition a monitor reads, pinned: names, help lines, units,
    /// labels and series present from the start (the version redacted).
    #[test]
    fn the_exposition_keeps_its_names_and_series() {
        let metrics = Metrics::new();
        let failed: Result<(), RequestError> = Err(RequestError::Api(ApiError::BotBlocked));
        metrics.api_call("sendMessage", &failed);
        metrics.update_received(UpdateLabel::Message);
        metrics.update_handled(UpdateLabel::Message, Outcome::Handled);
        metrics.store_write(Duration::from_millis(2));
        metrics.rated(4);
        metrics.held();
        let text = metrics.encode(&Gauges {
            tickets_open: 2,
            tickets_closed: 1,
            chats: [
                ("idle", 1),
                ("awaiting_description", 0),
                ("ticket_open", 2),
                ("admin_replying", 0),
                ("rating_comment", 0),
            ],
            journal_bytes: 120,
            database: Some((1, 4)),
            ready: true,
            outbox_group: 3,
            average_rating: 4.0,
            ..Gauges::default()
        });
        let text = text.replace(env!("CARGO_PKG_VERSION"), "[version]");
        // A family's series come in no fixed order: sort each run of samples.
        let mut lines: Vec<&str> = Vec::new();
        let mut run: Vec<&str> = Vec::new();
        for line in text.lines() {
            if line.starts_with('#') {
                run.sort_unstable();
                lines.append(&mut run);
                lines.push(line);
            } else {
                run.push(line);
            }
        }
        run.sort_unstable();
        lines.append(&mut run);
        let text = lines.join("\n");
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!("metrics_exposition", text);
        });
    }
}
