//! A photo's thumbnail in a conversation, fetched from Telegram through the
//! bot (`getFile`, then the download) for a signed-in team member (by
//! session, or in the Mini App by a stream token, `?st=`). The page
//! only ever names `/app/tickets/<ID>/photos/<n>`: neither the bot's token
//! nor Telegram's file address reaches the browser. A download stops at
//! 1 MiB; at most 4 run at once; what was fetched is kept in memory by
//! Telegram's `file_unique_id` (16 MiB in all, oldest out first), so a
//! photo is fetched from Telegram once, however often it is shown.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use poem::http::{header, StatusCode};
use poem::web::{Data, Path};
use poem::{handler, IntoResponse, Request, Response};
use teloxide::net::Download;
use teloxide::prelude::Requester;

use super::{refusal, with_security_headers, Web};

/// Telegram's thumbnails are small; anything larger is not one, and its
/// download stops there.
const MAX_BYTES: usize = 1 << 20;
/// Downloads from Telegram at once, at most: pages full of photos, or
/// someone asking for them in a loop, never pile up calls to Telegram.
const DOWNLOADS: usize = 4;
/// What the cache of thumbnails holds in all, at most; the oldest go first.
const CACHE_BYTES: usize = 16 << 20;

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

/// Thumbnails already fetched, by Telegram's `file_unique_id` (the same
/// photo whoever sent it), and which `file_id` names which; and the
/// limiter of downloads.
pub struct Photos {
    cache: Mutex<Cache>,
    downloads: tokio::sync::Semaphore,
}

#[derive(Default)]
struct Cache {
    unique: HashMap<String, String>,
    images: HashMap<String, (&'static str, Arc<[u8]>)>,
    /// Unique ids, oldest first.
    order: VecDeque<String>,
    bytes: usize,
}

impl Default for Photos {
    fn default() -> Photos {
        Photos {
            cache: Mutex::default(),
            downloads: tokio::sync::Semaphore::new(DOWNLOADS),
        }
    }
}

impl Photos {
    fn cached(&self, file_id: &str) -> Option<(&'static str, Arc<[u8]>)> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let unique = cache.unique.get(file_id)?;
        cache.images.get(unique).cloned()
    }

    fn keep(&self, file_id: &str, unique: &str, kind: &'static str, image: Arc<[u8]>) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache.unique.insert(file_id.to_string(), unique.to_string());
        if cache.images.contains_key(unique) {
            return;
        }
        cache.bytes += image.len();
        cache.images.insert(unique.to_string(), (kind, image));
        cache.order.push_back(unique.to_string());
        while cache.bytes > CACHE_BYTES {
            let Some(oldest) = cache.order.pop_front() else {
                break;
            };
            if let Some((_, gone)) = cache.images.remove(&oldest) {
                cache.bytes -= gone.len();
            }
            cache.unique.retain(|_, u| *u != oldest);
        }
    }
}

/// Reads `stream` into memory, giving up past `max` bytes.
async fn read_capped<B: AsRef<[u8]>, E>(
    stream: impl futures::Stream<Item = Result<B, E>>,
    max: usize,
) -> Result<Option<Arc<[u8]>>, E> {
    use futures::StreamExt;
    let mut stream = std::pin::pin!(stream);
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let chunk = chunk.as_ref();
        if bytes.len() + chunk.len() > max {
            return Ok(None);
        }
        bytes.extend_from_slice(chunk);
    }
    Ok(Some(bytes.into()))
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
    let found = match web.photos.cached(&file_id) {
        Some(found) => found,
        None => match fetch(&web, &file_id).await {
            Ok(found) => found,
            Err(resp) => return resp,
        },
    };
    let (kind, bytes) = found;
    let mut resp = with_security_headers(
        bytes
            .to_vec()
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

/// Fetches the thumbnail `file_id` from Telegram (one of [`DOWNLOADS`] at
/// a time, at most [`MAX_BYTES`]) and keeps it.
async fn fetch(web: &Web, file_id: &str) -> Result<(&'static str, Arc<[u8]>), Response> {
    let not_found = super::not_found;
    let Ok(_turn) = web.photos.downloads.acquire().await else {
        return Err(not_found());
    };
    // Another request may have fetched it while this one waited.
    if let Some(found) = web.photos.cached(file_id) {
        return Ok(found);
    }
    let file = web
        .api
        .get_file(teloxide::types::FileId(file_id.to_string()))
        .await;
    web.metrics.api_call("getFile", &file);
    let file = match file {
        Ok(file) => file,
        Err(error) => {
            tracing::warn!(%error, "Telegram did not give a photo's file");
            return Err(not_found());
        }
    };
    if file.meta.size as usize > MAX_BYTES {
        return Err(not_found());
    }
    let bytes = match read_capped(web.api.download_file_stream(&file.path), MAX_BYTES).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(not_found()),
        Err(error) => {
            tracing::warn!(error = %crate::telemetry::mask(&error.to_string(), &web.token), "a photo could not be downloaded");
            return Err(with_security_headers(
                StatusCode::BAD_GATEWAY.into_response(),
            ));
        }
    };
    let Some(kind) = image_type(&bytes) else {
        return Err(not_found());
    };
    web.photos
        .keep(file_id, &file.meta.unique_id.0, kind, bytes.clone());
    Ok((kind, bytes))
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

    #[tokio::test]
    async fn a_download_stops_past_the_cap() {
        let chunks = |n: usize| {
            futures::stream::iter((0..n).map(|_| Ok::<_, std::io::Error>(vec![0u8; 1024])))
        };
        let whole = read_capped(chunks(4), 4096).await.unwrap();
        assert_eq!(whole.map(|b| b.len()), Some(4096));
        assert_eq!(read_capped(chunks(5), 4096).await.unwrap(), None);
        // An endless stream is read only up to the cap.
        let endless = futures::stream::repeat_with(|| Ok::<_, std::io::Error>(vec![0u8; 1024]));
        assert_eq!(read_capped(endless, 4096).await.unwrap(), None);
    }

    #[test]
    fn the_cache_keeps_the_newest_within_its_bytes() {
        let photos = Photos::default();
        let big: Arc<[u8]> = vec![0u8; CACHE_BYTES / 2].into();
        photos.keep("f1", "u1", "image/png", big.clone());
        photos.keep("f2", "u2", "image/png", big.clone());
        // The same photo under another file id is one entry.
        photos.keep("f2b", "u2", "image/png", big.clone());
        assert!(photos.cached("f1").is_some() && photos.cached("f2b").is_some());
        photos.keep("f3", "u3", "image/png", big);
        assert!(photos.cached("f1").is_none(), "the oldest went");
        assert!(photos.cached("f2").is_some() && photos.cached("f3").is_some());
    }
}
