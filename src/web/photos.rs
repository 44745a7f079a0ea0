//! A photo's thumbnail in a conversation, fetched from Telegram through the
//! bot (`getFile`, then the download) for a signed-in team member (by
//! session, or in the Mini App by a stream token, `?st=`). The page
//! only ever names `/app/tickets/<ID>/photos/<n>`: neither the bot's token
//! nor Telegram's file address reaches the browser.

use std::sync::Arc;

use poem::http::{header, StatusCode};
use poem::web::{Data, Path};
use poem::{handler, IntoResponse, Request, Response};
use teloxide::net::Download;
use teloxide::prelude::Requester;

use super::{refusal, with_security_headers, Web};

/// Telegram's thumbnails are small; anything larger is not one.
const MAX_BYTES: usize = 1 << 20;

/// The image type of `bytes` by its first bytes (JPEG, PNG or WebP), so
/// that nothing else is ever served as an image.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[handler]
pub async fn thumbnail(
    web: Data<&Arc<Web>>,
    Path((id, n)): Path<(String, usize)>,
    req: &Request,
) -> Response {
    let not_found = super::not_found;
    let Some(id) = super::ticket_in_path(&id) else {
        return not_found();
    };
    let by_token = match web.stream_login(req).await {
        Ok((_, by_token)) => by_token,
        Err(refused) => return refusal(refused),
    };
    let Some(file_id) = web.store.read(|m| {
        m.ticket(&id)
            .and_then(|t| t.messages.get(n))
            .and_then(|e| e.thumb.clone())
    }) else {
        return not_found();
    };
    let file = web.api.get_file(teloxide::types::FileId(file_id)).await;
    crate::metrics::global().api_call("getFile", &file);
    let file = match file {
        Ok(file) => file,
        Err(error) => {
            tracing::warn!(%error, "Telegram did not give a photo's file");
            return not_found();
        }
    };
    let mut bytes = Vec::new();
    if let Err(error) = web.api.download_file(&file.path, &mut bytes).await {
        tracing::warn!(error = %crate::telemetry::mask(&error.to_string(), &web.token), "a photo could not be downloaded");
        return with_security_headers(StatusCode::BAD_GATEWAY.into_response());
    }
    let Some(kind) = image_type(&bytes).filter(|_| bytes.len() <= MAX_BYTES) else {
        return not_found();
    };
    let mut resp = with_security_headers(
        bytes
            .with_content_type(kind)
            .with_header(header::CONTENT_DISPOSITION, "inline")
            .into_response(),
    );
    // A photo does not change: the browser may keep it (for this user),
    // unless its address holds a stream token (then nothing keeps it).
    if !by_token {
        resp.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, max-age=86400"),
        );
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_jpeg_png_and_webp_are_images() {
        assert_eq!(image_type(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(image_type(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(image_type(b"<svg onload=alert(1)>"), None);
        assert_eq!(image_type(b"<html>"), None);
        assert_eq!(image_type(b""), None);
    }
}
