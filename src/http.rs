//! The HTTP server for monitors: `GET /` (alive?) and `GET /status` (counts).
//!
//! `/status` answers with counts only, never chat ids, names or text:
//! `{"status":"ok","uptime_seconds":12,"states":{...},"tickets":{...}}`.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use poem::listener::TcpAcceptor;
use poem::web::Json;
use poem::{get, handler, EndpointExt, Route, Server};
use serde::Serialize;

use crate::model::{StateCounts, TicketCounts};
use crate::store::Store;

/// The body of `GET /status`. Keys may be added; none may be removed.
/// `status` is `"ok"`, or `"degraded"` while the data file cannot be written.
#[derive(Debug, Serialize)]
pub struct Status {
    pub status: &'static str,
    pub uptime_seconds: u64,
    pub states: StateCounts,
    pub tickets: TicketCounts,
}

/// What the endpoints read.
#[derive(Clone)]
struct Shared {
    store: Arc<Store>,
    started: Instant,
}

/// The routes, ready to serve or to test in-process.
/// With `webhook` (path and the dispatcher's ingress), Telegram's updates
/// are received too, at that path (see [`crate::webhook`]).
pub fn routes(
    store: Arc<Store>,
    started: Instant,
    webhook: Option<(String, Arc<crate::webhook::Ingress>)>,
) -> impl poem::Endpoint {
    let mut route = Route::new().at("/", get(index)).at("/status", get(status));
    if let Some((path, ingress)) = webhook {
        route = route.at(path, poem::post(crate::webhook::receive).data(ingress));
    }
    route.data(Shared { store, started })
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

    #[tokio::test]
    async fn status_reports_counts_and_nothing_personal() {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(dir.path().join("d.json")).unwrap());
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
        store
            .transact(None, move |_| crate::store::Decision {
                changes,
                outbox: None,
                result: (),
            })
            .await
            .unwrap();
        let client = TestClient::new(routes(Arc::clone(&store), Instant::now(), None));
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
}
