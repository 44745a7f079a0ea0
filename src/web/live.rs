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

use poem::web::sse::{Event, SSE};
use poem::web::{Data, Query};
use poem::{handler, IntoResponse, Request, Response};
use serde::Deserialize;

use super::{refusal, with_security_headers, Web};

/// How long the stream gathers changes before telling: a burst becomes one
/// event, well within the two seconds a page may take to show news.
const GATHER: Duration = Duration::from_millis(150);

#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// The journal entry the page already shows.
    #[serde(default)]
    since: Option<u64>,
}

/// `GET /api/events` (team members, or the dashboard's token).
#[handler]
pub async fn events(web: Data<&Arc<Web>>, Query(params): Query<Params>, req: &Request) -> Response {
    if let Err(refused) = web.viewer(req).await {
        return refusal(refused);
    }
    let mut news = web.store.news();
    let current = *news.borrow_and_update();
    let last_event = req
        .headers()
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let since = last_event.or(params.since).unwrap_or(current);
    let stream = futures::stream::unfold((news, since), |(mut news, shown)| async move {
        loop {
            let latest = *news.borrow_and_update();
            if latest > shown {
                let event = Event::message(latest.to_string())
                    .event_type("change")
                    .id(latest.to_string());
                return Some((event, (news, latest)));
            }
            if news.changed().await.is_err() {
                return None;
            }
            tokio::time::sleep(GATHER).await;
        }
    });
    with_security_headers(
        SSE::new(stream)
            .keep_alive(Duration::from_secs(15))
            .into_response(),
    )
}
