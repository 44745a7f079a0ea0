//! `GET /api/events`: Server-Sent Events, one `change` event (its id the
//! store's journal entry number) whenever something changed in the store,
//! whoever changed it: a person in Telegram, another page, another replica
//! sharing the store. Pages refetch what they show on each.
//!
//! A stream that reconnects (the browser sends `Last-Event-ID`, or the
//! page its `?since=`) gets one `change` at once if anything happened
//! meanwhile, so it catches up without a reload.

use std::sync::Arc;
use std::time::Duration;

use poem::http::StatusCode;
use poem::web::sse::{Event, SSE};
use poem::web::{Data, Json, Query};
use poem::{handler, IntoResponse, Request, Response};
use serde::Deserialize;

use super::extract::{AsJson, Member};
use super::{refusal, with_security_headers, Viewer, Web};

/// How long the stream gathers changes before telling: a burst becomes one
/// event, well within the two seconds a page may take to show news.
const GATHER: Duration = Duration::from_millis(150);

#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// The journal entry the page already shows.
    #[serde(default)]
    since: Option<u64>,
}

/// `GET /api/events` (team members, a member's stream token, or the
/// dashboard's token). At most [`super::STREAMS_PER_VIEWER`] open per
/// viewer (429 past that). Every `membership_cache` the viewer is asked
/// again whether they are still on the team (and their session still
/// there): if not, the stream ends, and reconnecting is refused.
#[handler]
pub async fn events(web: Data<&Arc<Web>>, Query(params): Query<Params>, req: &Request) -> Response {
    let viewer = if web.has_dashboard_token(req) {
        Viewer::Monitor
    } else {
        match web.stream_login(req).await {
            Ok((login, _)) => Viewer::Member(login),
            Err(refused) => return refusal(refused),
        }
    };
    let Some(slot) = web.stream_slot(&viewer) else {
        return with_security_headers(
            "Too many live streams are open."
                .with_status(StatusCode::TOO_MANY_REQUESTS)
                .into_response(),
        );
    };
    let session = web.session_hash(req);
    let web = Arc::clone(&web);
    let recheck = web
        .settings
        .membership_cache
        .max(Duration::from_millis(100));
    let mut news = web.store.news();
    let current = *news.borrow_and_update();
    let last_event = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let since = last_event.or(params.since).unwrap_or(current);
    let mut next_check = tokio::time::Instant::now() + recheck;
    let state = (news, since, slot);
    let stream = futures::stream::unfold(state, move |(mut news, shown, slot)| {
        let web = Arc::clone(&web);
        let viewer = viewer.clone();
        let session = session.clone();
        async move {
            loop {
                let latest = *news.borrow_and_update();
                if latest > shown {
                    let event = Event::message(latest.to_string())
                        .event_type("change")
                        .id(latest.to_string());
                    return Some((event, (news, latest, slot)));
                }
                tokio::select! {
                    changed = news.changed() => {
                        if changed.is_err() {
                            return None;
                        }
                        tokio::time::sleep(GATHER).await;
                    }
                    () = tokio::time::sleep_until(next_check) => {
                        if !web.still_allowed(&viewer, session.as_deref()).await {
                            return None;
                        }
                        next_check = tokio::time::Instant::now() + recheck;
                    }
                }
            }
        }
    });
    with_security_headers(
        SSE::new(stream)
            .keep_alive(Duration::from_secs(15))
            .into_response(),
    )
}

/// `POST /api/stream-token`: trades a member's sign-in (`Authorization:
/// tma <initData>`, or the session) for a token that opens only their
/// live stream and photos, for [`super::auth::STREAM_TOKEN_SECONDS`].
/// The page puts that token, never `initData`, into those addresses.
#[handler]
pub async fn stream_token(member: Member<AsJson>, web: Data<&Arc<Web>>) -> Response {
    let token = web.new_stream_token(&member.login);
    with_security_headers(
        Json(serde_json::json!({
            "token": token,
            "expires_in": super::auth::STREAM_TOKEN_SECONDS,
        }))
        .into_response(),
    )
}
