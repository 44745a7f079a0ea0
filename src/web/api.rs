//! `/api`: the inbox as JSON, for scripts and the tests. The same views as
//! the pages; the same login.

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Json, Query};
use poem::{handler, IntoResponse, Response};
use serde::Deserialize;

use super::extract::{AsJson, Member, TicketInPath};
use super::views::{self, Tab};
use super::{with_security_headers, Web};

/// `?tab=open|unclaimed|mine|closed&q=words&page=0`.
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    #[serde(default)]
    pub tab: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub page: Option<usize>,
}

impl ListParams {
    pub fn query(&self) -> views::Query {
        views::Query {
            tab: Tab::parse(self.tab.as_deref().unwrap_or_default()),
            search: self.q.clone().unwrap_or_default(),
            page: self.page.unwrap_or(0),
        }
    }
}

/// `GET /api/tickets`: one page of the list.
#[handler]
pub async fn tickets(
    member: Member<AsJson>,
    web: Data<&Arc<Web>>,
    Query(params): Query<ListParams>,
) -> Response {
    let query = params.query();
    let (list, _) = web.list(query, member.login.member).await;
    with_security_headers(Json(list).into_response())
}

/// `GET /api/tickets/{id}`: one ticket with every message.
#[handler]
pub async fn ticket(
    TicketInPath(id): TicketInPath,
    member: Member<AsJson>,
    web: Data<&Arc<Web>>,
) -> Response {
    let detail = web
        .store
        .read(|m| views::detail(m, &id, member.login.member));
    match detail {
        Some(detail) => with_security_headers(Json(detail).into_response()),
        None => with_security_headers(StatusCode::NOT_FOUND.into_response()),
    }
}
