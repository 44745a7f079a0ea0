//! The HTTP server for monitors:
//!
//! - `GET /`: a short line (alive?).
//! - `GET /status`: counts as JSON, never chat ids, names or text:
//!   `{"status":"ok","uptime_seconds":12,"states":{...},"tickets":{...},...}`.
//! - `GET /metrics`: the same and more for Prometheus (see [`crate::metrics`]).
//! - `GET /healthz`: 200 `ok` while the process answers (liveness).
//! - `GET /readyz`: 200 while the bot can work (writes succeed, Telegram
//!   answers, no update stuck for over a minute, polling not paused for
//!   over a minute), else 503; both with a JSON body naming each condition.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use poem::http::StatusCode;
use poem::listener::TcpAcceptor;
use poem::web::Json;
use poem::{get, handler, EndpointExt, IntoResponse, Response, Route, Server};
use serde::Serialize;

use crate::bot::listener::Tracker;
use crate::health::{Facts, Health, Readiness};
use crate::metrics::{ApiErrors, Gauges, Metrics};
use crate::model::{StateCounts, TicketCounts};
use crate::store::{Reading, Readings, Store};

/// The body of `GET /status`. Keys may be added; none may be removed.
/// `status` is `"ok"`, or `"degraded"` while the data file cannot be written.
#[derive(Debug, Serialize)]
pub struct Status {
    pub status: &'static str,
    pub uptime_seconds: u64,
    pub states: StateCounts,
    pub tickets: TicketCounts,
    /// When the last update arrived from Telegram (RFC 3339, UTC), or null.
    pub last_update_at: Option<String>,
    /// Failed Bot API calls since the bot started, by kind.
    pub api_errors: ApiErrors,
}

/// How old the whole-store figures of `/metrics` may be while the store
/// has not changed.
pub const FIGURES_FRESH: Duration = Duration::from_secs(5);

/// What `/metrics` reads from the whole store.
struct Figures {
    states: StateCounts,
    tickets: TicketCounts,
    stats: crate::stats::Stats,
}

/// The last figures read, shared by the scrapes (see [`Readings`]).
type SharedFigures = Arc<Readings<(), Figures>>;

/// What the endpoints read.
#[derive(Clone)]
struct Shared {
    store: Arc<Store>,
    started: Instant,
    health: Arc<Health>,
    tracker: Arc<Tracker>,
    metrics: Arc<Metrics>,
    figures: SharedFigures,
}

fn shared_figures() -> SharedFigures {
    Arc::new(Readings::new(1, FIGURES_FRESH))
}

impl Shared {
    fn readiness(&self) -> Readiness {
        self.health.readiness(Facts {
            writes_failing: self.store.is_degraded(),
            oldest_update: self.tracker.oldest_age(),
            database_reachable: self.store.database().map(|d| d.reachable),
            unreadable_row: self.store.unreadable(),
        })
    }

    /// The figures read from the whole store, on a blocking thread (never
    /// on the async workers), shared by the scrapes arriving together and,
    /// while the store has not changed, for up to [`FIGURES_FRESH`].
    async fn figures(&self) -> Arc<Reading<Figures>> {
        let store = &self.store;
        self.figures
            .get(
                (),
                || store.read(|m| m.seq),
                |_| async {
                    let now = crate::clock::now();
                    store
                        .read_apart(move |m| {
                            let figures = Figures {
                                states: m.state_counts(),
                                tickets: m.ticket_counts(),
                                stats: crate::stats::compute(m, now, chrono_tz::UTC),
                            };
                            (m.seq, figures)
                        })
                        .await
                },
            )
            .await
    }

    async fn gauges(&self) -> Gauges {
        let figures = self.figures().await;
        let figures = &figures.value;
        let (states, tickets, stats) = (&figures.states, &figures.tickets, &figures.stats);
        let (outbox_private, outbox_group) = self.health.outbox();
        Gauges {
            tickets_open: tickets.open,
            tickets_closed: tickets.closed,
            chats: states.by_name(),
            journal_bytes: self.store.journal_len(),
            database: self.store.database().map(|d| (d.in_use, d.idle)),
            store_degraded: self.store.is_degraded(),
            ready: self.readiness().ready,
            oldest_update_seconds: self.tracker.oldest_age().map_or(0.0, |a| a.as_secs_f64()),
            updates_in_progress: self.tracker.in_progress(),
            outbox_private,
            outbox_group,
            unanswered: stats.unanswered_now,
            median_first_answer_seconds: stats.median_first_answer.unwrap_or(0),
            median_to_close_seconds: stats.median_to_close.unwrap_or(0),
            average_rating: stats
                .average_rating_tenths
                .map_or(0.0, |t| f64::from(t) / 10.0),
        }
    }
}

/// The routes, ready to serve or to test in-process.
/// With `webhook` (path and the dispatcher's ingress), Telegram's updates
/// are received too, at that path (see [`crate::bot::webhook`]).
pub fn routes(
    store: Arc<Store>,
    started: Instant,
    health: Arc<Health>,
    tracker: Arc<Tracker>,
    metrics: Arc<Metrics>,
    webhook: Option<(String, Arc<crate::bot::webhook::Ingress>)>,
    web: Option<Arc<crate::web::Web>>,
) -> impl poem::Endpoint {
    // Every route's body is bounded, and the inbox refuses forged posts
    // (see [`crate::web::guard`]).
    let guard = crate::web::guard::Guard {
        webhook: webhook
            .as_ref()
            .map(|(path, _)| (path.clone(), crate::bot::webhook::MAX_BODY)),
        public_origin: web
            .as_ref()
            .and_then(|w| w.settings.public_url.as_ref())
            .map(crate::web::guard::origin_of),
    };
    let mut route = Route::new()
        .at("/", get(index))
        .at("/status", get(status))
        .at("/metrics", get(prometheus))
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz));
    if let Some((path, ingress)) = webhook {
        route = route.at(path, poem::post(crate::bot::webhook::receive).data(ingress));
    }
    // The team's inbox: /app, /api, /assets and /logout.
    if let Some(web) = web {
        route = crate::web::routes(route, web);
    }
    route
        .data(Shared {
            store,
            started,
            health,
            tracker,
            metrics,
            figures: shared_figures(),
        })
        .with(guard)
}

#[handler]
fn index() -> &'static str {
    "support-bot is running. Counts for monitors: GET /status\n"
}

#[handler]
fn status(shared: poem::web::Data<&Shared>) -> Json<Status> {
    let (states, tickets) = shared.store.read(|m| (m.state_counts(), m.ticket_counts()));
    Json(Status {
        status: if shared.store.is_degraded() {
            "degraded"
        } else {
            "ok"
        },
        uptime_seconds: shared.started.elapsed().as_secs(),
        states,
        tickets,
        last_update_at: shared.health.last_update_at(),
        api_errors: shared.metrics.api_errors(),
    })
}

#[handler]
async fn prometheus(shared: poem::web::Data<&Shared>) -> Response {
    shared
        .metrics
        .encode(&shared.gauges().await)
        .with_content_type(crate::metrics::CONTENT_TYPE)
        .into_response()
}

#[handler]
fn healthz() -> &'static str {
    "ok"
}

#[handler]
fn readyz(shared: poem::web::Data<&Shared>) -> Response {
    let readiness = shared.readiness();
    let code = if readiness.ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Json(readiness).with_status(code).into_response()
}

/// With `token` (`METRICS_TOKEN`), `/metrics` and `/status` answer 401 to
/// a request without `Authorization: Bearer <token>` (compared in constant
/// time); the other routes are as before. Without it, `endpoint` itself.
pub fn require_monitor_token(
    endpoint: impl poem::Endpoint + 'static,
    token: Option<crate::config::MetricsToken>,
) -> impl poem::Endpoint {
    endpoint.around(move |inner, req| {
        let token = token.clone();
        async move {
            let guarded = matches!(req.uri().path(), "/metrics" | "/status");
            if let (true, Some(token)) = (guarded, &token) {
                let given = req
                    .headers()
                    .get(poem::http::header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .unwrap_or("");
                use subtle::ConstantTimeEq;
                if !bool::from(given.as_bytes().ct_eq(token.expose().as_bytes())) {
                    return Ok(Response::builder()
                        .status(StatusCode::UNAUTHORIZED)
                        .header(poem::http::header::WWW_AUTHENTICATE, "Bearer")
                        .body("this page needs the METRICS_TOKEN as a bearer token\n"));
                }
            }
            inner.call(req).await.map(IntoResponse::into_response)
        }
    })
}

/// Serves `endpoint` on an already bound listener until `shutdown` resolves,
/// then lets requests in flight finish (for at most 5 seconds).
pub async fn serve(
    listener: tokio::net::TcpListener,
    endpoint: impl poem::Endpoint + 'static,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let acceptor = TcpAcceptor::from_tokio(listener)?;
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(endpoint, shutdown, Some(Duration::from_secs(5)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, State};
    use poem::test::TestClient;
    use std::time::Duration;

    #[tokio::test]
    async fn status_reports_counts_and_nothing_personal() {
        let (_dir, store) = fresh_store();
        let changes = vec![
            Change::SetState {
                chat: 1,
                state: State::Idle,
            },
            Change::SetState {
                chat: 123456789,
                state: State::AwaitingDescription,
            },
        ];
        save(&store, changes).await.unwrap();
        let client = client(Arc::clone(&store), Arc::default());
        let resp = client.get("/status").send().await;
        resp.assert_status_is_ok();
        let body: serde_json::Value = resp.json().await.value().deserialize();
        assert_eq!(body["status"], "ok");
        assert_eq!(body["states"]["idle"], 1);
        assert_eq!(body["states"]["awaiting_description"], 1);
        assert_eq!(body["states"]["ticket_open"], 0);
        assert_eq!(body["states"]["admin_replying"], 0);
        assert_eq!(
            body["tickets"],
            serde_json::json!({"open": 0, "closed": 0, "total": 0})
        );
        assert!(body["uptime_seconds"].is_u64());
        assert!(
            !body.to_string().contains("123456789"),
            "no chat ids: {body}"
        );

        let resp = client.get("/").send().await;
        resp.assert_status_is_ok();
        resp.assert_text("support-bot is running. Counts for monitors: GET /status\n")
            .await;
    }

    #[tokio::test]
    async fn with_a_metrics_token_metrics_and_status_need_it_and_probes_do_not() {
        let (_dir, store) = fresh_store();
        let token = crate::config::MetricsToken::new("scrape-token-0123456789");
        let client = TestClient::new(require_monitor_token(
            routes(
                store,
                Instant::now(),
                Arc::default(),
                Arc::default(),
                Arc::default(),
                None,
                None,
            ),
            Some(token),
        ));
        for path in ["/metrics", "/status"] {
            client
                .get(path)
                .send()
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
            client
                .get(path)
                .header("Authorization", "Bearer wrong-token-0123456789")
                .send()
                .await
                .assert_status(StatusCode::UNAUTHORIZED);
            client
                .get(path)
                .header("Authorization", "Bearer scrape-token-0123456789")
                .send()
                .await
                .assert_status_is_ok();
        }
        for path in ["/", "/healthz"] {
            client.get(path).send().await.assert_status_is_ok();
        }
        // Not ready (Telegram has not answered yet), but not refused.
        client
            .get("/readyz")
            .send()
            .await
            .assert_status(StatusCode::SERVICE_UNAVAILABLE);
    }

    /// A store in a fresh folder (kept alive by the returned guard).
    async fn status_of(client: &TestClient<impl poem::Endpoint>) -> serde_json::Value {
        let resp = client.get("/status").send().await;
        resp.assert_status_is_ok();
        resp.json().await.value().deserialize()
    }

    /// A test client of the routes for `store`, without a webhook.
    fn client(store: Arc<Store>, health: Arc<Health>) -> TestClient<impl poem::Endpoint> {
        client_counting(store, health, Arc::default())
    }

    /// The same, counting into `metrics`.
    fn client_counting(
        store: Arc<Store>,
        health: Arc<Health>,
        metrics: Arc<Metrics>,
    ) -> TestClient<impl poem::Endpoint> {
        TestClient::new(routes(
            store,
            Instant::now(),
            health,
            Arc::default(),
            metrics,
            None,
            None,
        ))
    }

    fn fresh_store() -> (tempfile::TempDir, Arc<Store>) {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path().join("d.json")).unwrap());
        (dir, store)
    }

    /// Makes `changes` durable in `store`.
    async fn save(
        store: &Store,
        changes: Vec<Change>,
    ) -> Result<crate::store::Committed<()>, crate::store::StoreError> {
        let decision = |_: &crate::model::Model| crate::store::Decision {
            changes,
            outbox: None,
            result: (),
        };
        store.transact(None, decision).await
    }

    fn set_state(chat: i64) -> Vec<Change> {
        vec![Change::SetState {
            chat,
            state: State::Idle,
        }]
    }

    #[tokio::test]
    async fn status_tells_when_the_last_update_came_and_counts_api_errors_by_kind() {
        let (_dir, store) = fresh_store();
        let health = Arc::new(Health::default());
        let metrics = Arc::new(Metrics::new());
        let client = client_counting(store, Arc::clone(&health), Arc::clone(&metrics));

        let body = status_of(&client).await;
        assert_eq!(body["last_update_at"], serde_json::Value::Null);
        let errors = body["api_errors"]
            .as_object()
            .expect("api_errors is an object");
        let kinds: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            kinds,
            ["forbidden", "network", "other", "rate_limited", "server"]
        );
        assert!(errors.values().all(serde_json::Value::is_u64), "{body}");
        assert_eq!(errors["forbidden"], 0, "{body}");
        for key in ["status", "uptime_seconds", "states", "tickets"] {
            assert!(body.get(key).is_some(), "{key} is still there: {body}");
        }

        health.update_received();
        let blocked: Result<(), teloxide::RequestError> =
            Err(teloxide::RequestError::Api(teloxide::ApiError::BotBlocked));
        metrics.api_call("sendMessage", &blocked);

        let body = status_of(&client).await;
        let at = body["last_update_at"].as_str().expect("a time");
        let rfc3339_utc = regex::Regex::new(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$").unwrap();
        assert!(rfc3339_utc.is_match(at), "RFC 3339 in UTC: {at}");
        assert_eq!(body["api_errors"]["forbidden"], 1, "{body}");
        assert_eq!(body["api_errors"]["network"], 0, "{body}");
    }

    #[tokio::test]
    async fn a_burst_of_scrapes_shares_one_or_two_scans_and_a_change_is_seen_by_the_next() {
        let (_dir, store) = fresh_store();
        let shared = Shared {
            store: Arc::clone(&store),
            started: Instant::now(),
            health: Arc::default(),
            tracker: Arc::default(),
            metrics: Arc::new(Metrics::new()),
            figures: shared_figures(),
        };
        let burst = futures::future::join_all((0..50).map(|_| shared.figures())).await;
        let mut scans: Vec<&Arc<Reading<Figures>>> = Vec::new();
        for figures in &burst {
            if !scans.iter().any(|s| Arc::ptr_eq(s, figures)) {
                scans.push(figures);
            }
        }
        assert!(scans.len() <= 2, "{} scans for 50 scrapes", scans.len());
        // Unchanged store: the same figures again.
        assert!(Arc::ptr_eq(&shared.figures().await, &burst[49]));
        save(&store, set_state(5)).await.unwrap();
        let after = shared.figures().await;
        assert_eq!(
            after
                .value
                .states
                .by_name()
                .iter()
                .find(|(s, _)| *s == "idle")
                .unwrap()
                .1,
            1
        );
    }

    #[tokio::test]
    async fn healthz_answers_ok_whatever_the_state_of_the_bot() {
        let (_dir, store) = fresh_store();
        let client = client(store, Arc::default());
        let resp = client.get("/healthz").send().await;
        resp.assert_status_is_ok();
        resp.assert_text("ok").await;
    }

    #[tokio::test]
    async fn readyz_waits_for_the_bot_api_and_names_what_is_not_ready() {
        let (_dir, store) = fresh_store();
        let health = Arc::new(Health::default());
        let client = client(Arc::clone(&store), Arc::clone(&health));

        let resp = client.get("/readyz").send().await;
        resp.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        resp.assert_json(serde_json::json!(
            {"ready": false, "store": "ok", "writes": "ok", "bot_api": "connecting", "updates": "ok", "team_topics": "-"}
        ))
        .await;

        health.bot_api_answered(true);
        let resp = client.get("/readyz").send().await;
        resp.assert_status_is_ok();
        resp.assert_json(serde_json::json!(
            {"ready": true, "store": "ok", "writes": "ok", "bot_api": "ok", "updates": "ok", "team_topics": "-"}
        ))
        .await;

        health.bot_api_answered(false);
        let resp = client.get("/readyz").send().await;
        resp.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        resp.assert_json(serde_json::json!(
            {"ready": false, "store": "ok", "writes": "ok", "bot_api": "failing", "updates": "ok", "team_topics": "-"}
        ))
        .await;
    }

    #[tokio::test]
    async fn readyz_is_503_while_writes_fail_and_200_once_they_work_again() {
        let (_dir, store) = fresh_store();
        let health = Arc::new(Health::default());
        health.bot_api_answered(true);
        let client = client(Arc::clone(&store), health);

        store.set_fail_writes(true);
        let waiting = {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let changes = set_state(1);
                save(&store, changes).await
            })
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !store.is_degraded() {
            assert!(Instant::now() < deadline, "the store never became degraded");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let resp = client.get("/readyz").send().await;
        resp.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        resp.assert_json(serde_json::json!(
            {"ready": false, "store": "ok", "writes": "failing", "bot_api": "ok", "updates": "ok", "team_topics": "-"}
        ))
        .await;
        let text = client
            .get("/metrics")
            .send()
            .await
            .0
            .into_body()
            .into_string()
            .await
            .unwrap();
        assert!(text.contains("support_bot_store_degraded 1\n"), "{text}");
        assert!(text.contains("support_bot_ready 0\n"), "{text}");

        store.set_fail_writes(false);
        tokio::time::timeout(Duration::from_secs(10), waiting)
            .await
            .expect("the write goes through once the disk works")
            .unwrap()
            .unwrap();
        client.get("/readyz").send().await.assert_status_is_ok();
    }

    #[tokio::test]
    async fn metrics_are_in_the_openmetrics_text_format_with_counts_of_this_store() {
        let (_dir, store) = fresh_store();
        let changes = set_state(987654321);
        save(&store, changes).await.unwrap();
        let client = client(Arc::clone(&store), Arc::default());
        let resp = client.get("/metrics").send().await;
        resp.assert_status_is_ok();
        resp.assert_content_type(crate::metrics::CONTENT_TYPE);
        let text = resp.0.into_body().into_string().await.unwrap();
        for line in [
            "# TYPE support_bot_updates_received counter",
            "# TYPE support_bot_handler_seconds histogram",
            "# TYPE support_bot_api_errors counter",
            "support_bot_chats{state=\"idle\"} 1",
            "support_bot_chats{state=\"ticket_open\"} 0",
            "support_bot_tickets{status=\"open\"} 0",
            "support_bot_store_degraded 0",
            "support_bot_ready 0",
            &format!(
                "support_bot_build_info{{version=\"{}\"}} 1",
                env!("CARGO_PKG_VERSION")
            ),
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} missing:\n{text}");
        }
        let journal = text
            .lines()
            .find_map(|l| l.strip_prefix("support_bot_journal_bytes "))
            .expect("the journal's size");
        assert!(journal.parse::<u64>().unwrap() > 0, "{text}");
        assert!(text.ends_with("# EOF\n"), "{text}");
        assert!(!text.contains("987654321"), "no chat ids: {text}");
    }
}
