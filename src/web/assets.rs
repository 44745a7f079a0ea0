//! The inbox's CSS, JS and vendored htmx (with its SSE extension), built
//! into the binary from `assets/` and served with an ETag, so a page loads
//! them once and then only asks whether they changed.

use poem::http::{header, StatusCode};
use poem::web::Path;
use poem::{handler, IntoResponse, Request, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct Assets;

/// The content type of an asset, by its name.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /assets/<path>`: 304 when the browser's copy is current.
#[handler]
pub fn serve(Path(path): Path<String>, req: &Request) -> Response {
    let Some(file) = Assets::get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let hash = file.metadata.sha256_hash();
    let etag = format!(
        "\"{}\"",
        hash.iter()
            .take(12)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let builder = Response::builder()
        .header(header::ETAG, etag.as_str())
        .header(header::CACHE_CONTROL, "no-cache")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if matches {
        return builder.status(StatusCode::NOT_MODIFIED).finish();
    }
    builder
        .content_type(content_type(&path))
        .body(file.data.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem::test::TestClient;
    use poem::{get, Route};

    #[tokio::test]
    async fn assets_come_with_an_etag_and_an_unchanged_one_is_not_sent_again() {
        let client = TestClient::new(Route::new().at("/assets/*path", get(serve)));
        let resp = client.get("/assets/vendor/htmx.min.js").send().await;
        resp.assert_status_is_ok();
        resp.assert_content_type("text/javascript; charset=utf-8");
        let etag = resp.0.headers()[header::ETAG].to_str().unwrap().to_string();
        let again = client
            .get("/assets/vendor/htmx.min.js")
            .header(header::IF_NONE_MATCH, &etag)
            .send()
            .await;
        again.assert_status(StatusCode::NOT_MODIFIED);
        client
            .get("/assets/nothing.js")
            .send()
            .await
            .assert_status(StatusCode::NOT_FOUND);
    }
}
