//! What every request to the HTTP server passes before any route sees it:
//!
//! - **A bounded body.** A body larger than [`MAX_BODY`] (the webhook's
//!   path: the limit [`crate::http::routes`] gives with it, an update's)
//!   is answered 413 before
//!   anything parses it or looks up a login: at once when its
//!   `Content-Length` says so, else as soon as that many bytes have come.
//!   So a request costs at most the limit in memory, whoever sends it.
//! - **No request forgery.** A request that changes something (any method
//!   but GET, HEAD and OPTIONS) to the inbox (`/app`, `/api`, `/logout`)
//!   must come from the inbox's own pages: a browser's `Sec-Fetch-Site`, if
//!   sent, is `same-origin` (or `none`: the user's own doing); without it,
//!   its `Origin`, if sent, is this server's (the address it was asked at,
//!   or `PUBLIC_URL`'s). The Mini App inside
//!   Telegram is a page of this server too, framed by Telegram, so its
//!   requests are same-origin. Anything else gets 403. A client that is no
//!   browser sends neither header and cannot carry a victim's cookie.

use poem::http::{header, Method, StatusCode};
use poem::{Endpoint, IntoResponse, Middleware, Request, Response, Result};

/// The largest body any route of the inbox or the monitors takes: a
/// reply's form at Telegram's 4096 characters, percent-encoded, fits
/// several times over.
pub const MAX_BODY: usize = 64 * 1024;

/// The guard, put around every route by [`crate::http::routes`].
pub struct Guard {
    /// The webhook's path and the largest body it takes (an update, larger
    /// than [`MAX_BODY`]). Given as data: the web never names the bot.
    pub webhook: Option<(String, usize)>,
    /// `PUBLIC_URL`'s origin (`https://host[:port]`), also accepted as the
    /// origin of a request.
    pub public_origin: Option<String>,
}

impl<E: Endpoint> Middleware<E> for Guard {
    type Output = Guarded<E>;

    fn transform(&self, inner: E) -> Guarded<E> {
        Guarded {
            inner,
            webhook: self.webhook.clone(),
            public_origin: self.public_origin.clone(),
        }
    }
}

pub struct Guarded<E> {
    inner: E,
    webhook: Option<(String, usize)>,
    public_origin: Option<String>,
}

fn refuse(status: StatusCode, text: &'static str) -> Response {
    super::with_security_headers(text.with_status(status).into_response())
}

impl<E: Endpoint> Endpoint for Guarded<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> Result<Response> {
        let path = req.uri().path();
        let limit = match &self.webhook {
            Some((webhook, limit)) if webhook == path => *limit,
            _ => MAX_BODY,
        };
        if changes_the_inbox(&req) && !same_origin(&req, self.public_origin.as_deref()) {
            return Ok(refuse(
                StatusCode::FORBIDDEN,
                "This request did not come from the inbox's own pages.",
            ));
        }
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit as u64) {
            return Ok(too_large());
        }
        let body = match req.take_body().into_bytes_limit(limit).await {
            Ok(body) => body,
            Err(poem::error::ReadBodyError::PayloadTooLarge) => return Ok(too_large()),
            Err(_) => {
                return Ok(refuse(
                    StatusCode::BAD_REQUEST,
                    "The body could not be read.",
                ))
            }
        };
        req.set_body(body);
        self.inner.call(req).await.map(IntoResponse::into_response)
    }
}

fn too_large() -> Response {
    let mut resp = refuse(StatusCode::PAYLOAD_TOO_LARGE, "This request is too large.");
    // The rest of the body is not read: the connection ends with this answer.
    resp.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    resp
}

/// Whether `req` would change something in the inbox.
fn changes_the_inbox(req: &Request) -> bool {
    let path = req.uri().path();
    let inbox = ["/app", "/api", "/logout"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")));
    inbox && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a browser says `req` came from this server's own pages (or it
/// is no browser: neither header sent).
fn same_origin(req: &Request, public_origin: Option<&str>) -> bool {
    let headers = req.headers();
    // A browser that sends `Sec-Fetch-Site` says exactly where the request
    // comes from (`none`: typed or bookmarked by the user, which no other
    // site can make happen). The pages' `Referrer-Policy: no-referrer`
    // makes such a browser send `Origin: null` even for the inbox's own
    // posts, so `Sec-Fetch-Site` decides alone when it is there.
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if public_origin == Some(origin) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// `PUBLIC_URL`'s origin, as a browser writes it in `Origin`.
pub fn origin_of(url: &url::Url) -> String {
    url.origin().ascii_serialization()
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem::test::TestClient;
    use poem::{handler, post, EndpointExt, Route};

    #[handler]
    fn echo(body: String) -> String {
        body.len().to_string()
    }

    fn client() -> TestClient<impl Endpoint> {
        let route = Route::new()
            .at("/app/x", post(echo).get(echo))
            .at("/hook", post(echo))
            .at("/status", post(echo));
        TestClient::new(route.with(Guard {
            webhook: Some(("/hook".into(), 1 << 20)),
            public_origin: Some("https://bot.example.com".into()),
        }))
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_413_and_the_webhook_has_its_own() {
        let c = client();
        let big = vec![b'a'; MAX_BODY + 1];
        c.post("/app/x")
            .body(big.clone())
            .send()
            .await
            .assert_status(StatusCode::PAYLOAD_TOO_LARGE);
        c.post("/status")
            .body(big.clone())
            .send()
            .await
            .assert_status(StatusCode::PAYLOAD_TOO_LARGE);
        let resp = c.post("/hook").body(big).send().await;
        resp.assert_status_is_ok();
        resp.assert_text((MAX_BODY + 1).to_string()).await;
        let resp = c.post("/app/x").body(vec![b'a'; MAX_BODY]).send().await;
        resp.assert_status_is_ok();
        // A length that lies (a stream longer than no header says) is cut
        // off all the same.
        let stream =
            futures::stream::iter((0..100).map(|_| Ok::<_, std::io::Error>(vec![b'a'; 4096])));
        c.post("/app/x")
            .body(poem::Body::from_bytes_stream(stream))
            .send()
            .await
            .assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[tokio::test]
    async fn a_post_from_another_site_is_refused_and_one_from_here_goes_through() {
        let c = client();
        for (name, value) in [
            ("origin", "https://evil.example.net"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            c.post("/app/x")
                .header("host", "bot.example.com")
                .header(name, value)
                .send()
                .await
                .assert_status(StatusCode::FORBIDDEN);
        }
        for (name, value) in [
            ("origin", "https://bot.example.com"),
            ("origin", "http://127.0.0.1:8000"),
            ("sec-fetch-site", "same-origin"),
            ("sec-fetch-site", "none"),
        ] {
            c.post("/app/x")
                .header("host", "127.0.0.1:8000")
                .header(name, value)
                .send()
                .await
                .assert_status_is_ok();
        }
        // Reading is never refused, nor a post outside the inbox.
        c.get("/app/x")
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .assert_status_is_ok();
        c.post("/hook")
            .header("origin", "https://evil.example.net")
            .send()
            .await
            .assert_status_is_ok();
    }
}
