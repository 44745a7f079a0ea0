//! `/api`: the inbox as JSON, for scripts and the tests. The same views as
//! the pages; the same login.

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Json, Path, Query};
use poem::{handler, IntoResponse, Request, Response};
use serde::Deserialize;

use super::views::{self, Tab};
use super::{refusal, with_security_headers, Web};

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
    web: Data<&Arc<Web>>,
    Query(params): Query<ListParams>,
    req: &Request,
) -> Response {
    let login = match web.login(req).await {
        Ok(login) => login,
        Err(refused) => return refusal(refused),
    };
    let query = params.query();
    let (list, _) = web.list(query, login.member).await;
    with_security_headers(Json(list).into_response())
}

/// `GET /api/tickets/{id}`: one ticket with every message.
#[handler]
pub async fn ticket(web: Data<&Arc<Web>>, Path(id): Path<String>, req: &Request) -> Response {
    let Some(id) = super::ticket_in_path(&id) else {
        return super::not_found();
    };
    let login = match web.login(req).await {
        Ok(login) => login,
        Err(refused) => return refusal(refused),
    };
    let detail = web.store.read(|m| views::detail(m, &id, login.member));
    match detail {
        Some(detail) => with_security_headers(Json(detail).into_response()),
        None => with_security_headers(StatusCode::NOT_FOUND.into_response()),
    }
}
