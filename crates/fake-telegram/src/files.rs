//! getFile and file downloads (`/file/bot<token>/<file_path>`), as
//! Telegram serves them: a file id the fake issued gets a `file_path`; its
//! download is a small PNG (every file reads as the same picture).

use serde_json::json;

use crate::params::Params;
use crate::server::{bad, ApiResult};
use crate::state::State;

/// A 16x16 PNG: what every downloaded file holds.
pub const PICTURE: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 16, 0, 0, 0, 16, 8, 2,
    0, 0, 0, 144, 145, 104, 54, 0, 0, 0, 22, 73, 68, 65, 84, 120, 156, 99, 80, 105, 60, 67, 18, 98,
    24, 213, 48, 170, 97, 248, 106, 0, 0, 132, 28, 113, 16, 101, 93, 111, 25, 0, 0, 0, 0, 73, 69,
    78, 68, 174, 66, 96, 130,
];

/// getFile: the file's path for downloading.
pub(crate) fn get_file(st: &State, p: &Params) -> ApiResult {
    let id = p.text("file_id").unwrap_or_default();
    if !st.store.knows_file(&id) {
        return Err(bad("invalid file_id"));
    }
    Ok(json!({
        "file_id": id,
        "file_unique_id": format!("u{}", id.replace('-', "")),
        "file_size": PICTURE.len(),
        "file_path": path_of(&id),
    }))
}

/// Where a file id is downloaded from, under `/file/bot<token>/`.
fn path_of(id: &str) -> String {
    format!("photos/{id}.png")
}

/// The bytes at `file_path`, if it names a file the fake issued.
pub(crate) fn download(st: &State, file_path: &str) -> Option<&'static [u8]> {
    let id = file_path.strip_prefix("photos/")?.strip_suffix(".png")?;
    st.store.knows_file(id).then_some(PICTURE)
}

/// A download's answer: the bytes, or Telegram's 404.
pub(crate) fn response(found: Option<&'static [u8]>) -> poem::Response {
    match found {
        Some(bytes) => poem::Response::builder()
            .content_type("application/octet-stream")
            .body(bytes.to_vec()),
        None => poem::Response::builder()
            .status(poem::http::StatusCode::NOT_FOUND)
            .content_type("application/json")
            .body(json!({"ok": false, "error_code": 404, "description": "Not Found"}).to_string()),
    }
}
