//! Webhook mode: Telegram POSTs each update to the bot's own HTTP server
//! (the same port as `/status`) instead of the bot asking for them.
//!
//! - The path is `/telegram/<first 32 hex digits of SHA-256 of the token>`,
//!   so it cannot be guessed without the token.
//! - Every request must carry `X-Telegram-Bot-Api-Secret-Token` equal to the
//!   configured secret (compared in constant time); otherwise 401 and nothing
//!   happens. A body over 1 MiB gets 413; a body that is not JSON with an
//!   `update_id` gets 400 (logged without its content). An update in a
//!   shape the bot cannot read is rebuilt or skipped as in polling (see
//!   [`crate::bot::intake`]); a skipped one is answered 200 at once.
//! - Posts in flight together (Telegram sends up to `max_connections` at
//!   once) that touch one conversation take effect in `update_id` order,
//!   whatever order they arrive in, unless the later one already started
//!   (see [`crate::bot::order`]).
//! - The answer 200 is given only once the update's effects are on disk. If
//!   the bot crashes before that, Telegram sends the update again, and the
//!   store recognises an update it already handled, so it has one effect.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, BoxStream};
use poem::http::StatusCode;
use poem::web::Data;
use poem::{handler, Body, Request, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use teloxide::stop::{mk_stop_token, StopFlag, StopToken};
use teloxide::types::{AllowedUpdate, Update};
use teloxide::update_listeners::{AsUpdateStream, UpdateListener};
use tokio::sync::mpsc;

use crate::bot::intake::{self, Intake};
use crate::bot::listener::Tracker;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::store::Store;

/// Wrong secrets are logged at most once in ten seconds.
static WRONG_SECRET_LOGGED: crate::telemetry::Every =
    crate::telemetry::Every::new(std::time::Duration::from_secs(10));

/// The largest update body accepted.
pub const MAX_BODY: usize = 1024 * 1024;

/// How long a request waits for its update to be handled before telling
/// Telegram to try again later.
const HANDLING_TIMEOUT: Duration = Duration::from_secs(50);

/// The secret path of the webhook for a token.
pub fn path(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("/telegram/{}", &hex[..32])
}

/// Where the HTTP endpoint hands updates to the dispatcher.
pub struct Ingress {
    tx: mpsc::Sender<Update>,
    tracker: Arc<Tracker>,
    /// Read for the conversations an update touches (see `super::order`).
    store: Arc<Store>,
    health: Arc<Health>,
    metrics: Arc<Metrics>,
    secret: String,
}

/// Makes the endpoint's side and the dispatcher's side of webhook mode.
pub fn channel(
    tracker: Arc<Tracker>,
    store: Arc<Store>,
    health: Arc<Health>,
    metrics: Arc<Metrics>,
    secret: String,
) -> (Arc<Ingress>, WebhookListener) {
    let (tx, rx) = mpsc::channel(256);
    let (stop_token, stop_flag) = mk_stop_token();
    let ingress = Ingress {
        tx,
        tracker,
        store,
        health,
        metrics,
        secret,
    };
    (
        Arc::new(ingress),
        WebhookListener {
            rx,
            stop_token,
            stop_flag,
        },
    )
}

/// The HTTP endpoint Telegram posts updates to.
#[handler]
pub async fn receive(req: &Request, body: Body, ingress: Data<&Arc<Ingress>>) -> Response {
    let given = req
        .headers()
        .get("X-Telegram-Bot-Api-Secret-Token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !bool::from(given.ct_eq(ingress.secret.as_bytes())) {
        ingress.metrics.request_refused("webhook_secret");
        if let Some(more) = WRONG_SECRET_LOGGED.due() {
            tracing::warn!(
                more,
                "webhook request with a missing or wrong secret refused"
            );
        }
        return status(StatusCode::UNAUTHORIZED, "wrong secret");
    }
    let bytes = match body.into_bytes_limit(MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(poem::error::ReadBodyError::PayloadTooLarge) => {
            return status(StatusCode::PAYLOAD_TOO_LARGE, "too large");
        }
        Err(_) => return status(StatusCode::BAD_REQUEST, "unreadable body"),
    };
    let raw: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(raw) => raw,
        Err(error) => {
            tracing::warn!(
                bytes = bytes.len(),
                line = error.line(),
                column = error.column(),
                "webhook body is not JSON; refused"
            );
            return status(StatusCode::BAD_REQUEST, "not an update");
        }
    };
    let update = match intake::read(raw, &ingress.metrics) {
        Ok(Intake::Typed(update)) => *update,
        Ok(Intake::Skipped { .. }) => {
            ingress.health.update_received();
            return status(StatusCode::OK, "ok");
        }
        Err(intake::NotAnUpdate) => {
            tracing::warn!(
                bytes = bytes.len(),
                "webhook body has no update_id; refused"
            );
            return status(StatusCode::BAD_REQUEST, "not an update");
        }
    };
    ingress.health.update_received();
    let id = update.id.0;
    // Posts in flight together that touch one conversation take effect in
    // `update_id` order, as a polled batch does (see `super::order`).
    let touched = ingress
        .store
        .read(|model| super::order::touched(model, &update));
    ingress.tracker.begin_touching([(id, touched)]);
    if ingress.tx.send(update).await.is_err() {
        ingress.tracker.done(id);
        return status(StatusCode::SERVICE_UNAVAILABLE, "stopping");
    }
    match tokio::time::timeout(HANDLING_TIMEOUT, ingress.tracker.wait_done(id)).await {
        // Not saved (the database was down): Telegram will send it again.
        Ok(()) if ingress.tracker.take_failed(id) => {
            status(StatusCode::SERVICE_UNAVAILABLE, "not saved")
        }
        Ok(()) => status(StatusCode::OK, "ok"),
        // Not on disk yet (writes failing?): Telegram will send it again.
        Err(_) => status(StatusCode::SERVICE_UNAVAILABLE, "not handled yet"),
    }
}

fn status(code: StatusCode, text: &'static str) -> Response {
    Response::builder().status(code).body(text)
}

/// The dispatcher's side: updates posted to the endpoint, in order.
pub struct WebhookListener {
    rx: mpsc::Receiver<Update>,
    stop_token: StopToken,
    stop_flag: StopFlag,
}

impl UpdateListener for WebhookListener {
    type Err = std::convert::Infallible;

    fn stop_token(&mut self) -> StopToken {
        self.stop_token.clone()
    }

    fn hint_allowed_updates(&mut self, _hint: &mut dyn Iterator<Item = AllowedUpdate>) {}
}

impl<'a> AsUpdateStream<'a> for WebhookListener {
    type StreamErr = std::convert::Infallible;
    type Stream = BoxStream<'a, Result<Update, Self::StreamErr>>;

    fn as_stream(&'a mut self) -> Self::Stream {
        let stop: Pin<Box<StopFlag>> = Box::pin(self.stop_flag.clone());
        Box::pin(stream::unfold(
            (self, stop),
            |(listener, mut stop)| async move {
                let update = tokio::select! {
                    update = listener.rx.recv() => update?,
                    () = &mut stop => return None,
                };
                Some((Ok(update), (listener, stop)))
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_path_depends_on_the_token_and_does_not_show_it() {
        let a = super::path("123:secret");
        assert!(a.starts_with("/telegram/") && a.len() == "/telegram/".len() + 32);
        assert!(!a.contains("secret") && !a.contains("123"));
        assert_ne!(a, super::path("123:other"));
    }
}
