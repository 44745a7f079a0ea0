//! The inbox's pages, rendered on the server with maud (which escapes
//! every text it is given), in the team's language.

use std::sync::Arc;

use maud::{html, Markup, PreEscaped, DOCTYPE};
use poem::http::{header, StatusCode};
use poem::web::{Data, Path, Query};
use poem::{handler, IntoResponse, Request, Response};

use super::actions::Action;
use super::api::ListParams;
use super::auth::{self, Login};
use super::extract::{Member, TicketInPath};
use super::views::{self, Standing, Tab};
use super::{with_security_headers, Refused, Viewer, Web};
use crate::model::{TicketId, UnixTime};

/// Which page of the header's navigation a page belongs to (marked
/// `aria-current` there).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The list and the conversations.
    Inbox,
    Dashboard,
    /// Sign-in and refusal pages: no navigation.
    Outside,
}

/// A whole page: the head with the assets, the header, then `body`.
/// `since` is the journal entry the page shows (the live stream starts
/// there); `None` for a page that does not follow the store.
fn layout(
    web: &Web,
    title: &str,
    who: Option<&Login>,
    place: Place,
    since: Option<u64>,
    body: Markup,
) -> Markup {
    let rtl = crate::texts::shipped(web.language).is_some_and(|l| l.rtl);
    let current = |at: Place| (place == at).then_some("page");
    html! {
        (DOCTYPE)
        html lang=(web.language) dir=(if rtl { "rtl" } else { "ltr" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="htmx-config" content=r#"{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0}"#;
                title { (title) }
                link rel="stylesheet" href="/assets/app.css";
                script defer src="/assets/app.js" {}
                script defer src="/assets/vendor/htmx.min.js" {}
                script defer src="/assets/vendor/sse.min.js" {}
            }
            body hx-boost="true" {
                header.top {
                    h1.brand {
                        span.mark aria-hidden="true" {}
                        (web.t("web-title"))
                    }
                    @if let Some(who) = who {
                        nav.pages aria-label=(web.t("web-nav")) {
                            a href="/app" aria-current=[current(Place::Inbox)] { (web.t("web-inbox")) }
                            a href="/app/dashboard" aria-current=[current(Place::Dashboard)] { (web.t("web-dashboard")) }
                        }
                        div.who {
                            span.name { (who.first_name) }
                            // No address of the logged-out page in the
                            // history: htmx would write it to
                            // sessionStorage, just cleared (app.js).
                            form method="post" action="/logout" hx-push-url="false" {
                                button.secondary type="submit" { (web.t("web-logout")) }
                            }
                        }
                    }
                }
                @match since {
                    Some(seq) => {
                        div hx-ext="sse" sse-connect=(format!("/api/events?since={seq}")) {
                            main { (body) }
                        }
                    }
                    None => main { (body) },
                }
            }
        }
    }
}

/// A page for someone not signed in (a sign-in, a refusal, the logged-out
/// page): no navigation, nothing that follows the store.
fn outside_page(web: &Web, title: &str, body: Markup, status: StatusCode) -> Response {
    page(layout(web, title, None, Place::Outside, None, body), status)
}

fn page(markup: Markup, status: StatusCode) -> Response {
    with_security_headers(
        markup
            .into_string()
            .with_content_type("text/html; charset=utf-8")
            .with_status(status)
            .into_response(),
    )
}

/// The page for a request without a login (401: how to get one) or of
/// someone not on the team (403). Shows nothing of any ticket. Laid out
/// like every other page (the same head, the same body attributes): in
/// the Mini App, `app.js` asks for a refused page again signed in and
/// swaps the answer into this page's body, which must then be the body a
/// signed-in page has. The refusal is marked on its text
/// (`data-refused`), which that swap replaces.
pub fn refused_page(web: &Web, refused: Refused) -> Response {
    let (status, key, code) = match refused {
        Refused::NoLogin => (StatusCode::UNAUTHORIZED, "web-need-login", "401"),
        Refused::NotOnTeam => (StatusCode::FORBIDDEN, "web-not-team", "403"),
    };
    let body = html! { p data-refused=(code) { (web.t(key)) } };
    outside_page(web, &web.t("web-title"), body, status)
}

/// A time in the team's zone, in full: `2026-05-01 09:30 CEST`.
pub fn clock(web: &Web, at: UnixTime) -> String {
    local(web, at)
        .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
        .unwrap_or_default()
}

fn local(web: &Web, at: UnixTime) -> Option<chrono::DateTime<chrono_tz::Tz>> {
    use chrono::TimeZone;
    chrono::DateTime::from_timestamp(i64::try_from(at).ok()?, 0)
        .map(|t| web.zone.from_utc_datetime(&t.naive_utc()))
}

/// A moment as the pages show it: how long ago, in the team's language
/// ("3 minutes ago"), in a `<time>` that holds the exact time
/// (`datetime`) and shows it in full, in the team's zone, on hover.
pub fn moment(web: &Web, at: UnixTime, now: UnixTime) -> Markup {
    let exact = local(web, at)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        .unwrap_or_default();
    html! {
        time datetime=(exact) title=(clock(web, at)) {
            (crate::replies::age(web.language, at, now))
        }
    }
}

fn standing_word(web: &Web, standing: Standing) -> (String, &'static str) {
    match standing {
        Standing::Waiting => (web.t("web-status-waiting"), "waiting"),
        Standing::Open => (web.t("web-status-open"), "open"),
        Standing::Closed => (web.t("web-status-closed"), "closed"),
    }
}

fn list_url(tab: Tab, search: &str, page: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("tab", tab.name());
    if !search.is_empty() {
        query.append_pair("q", search);
    }
    if page > 0 {
        query.append_pair("page", &page.to_string());
    }
    format!("/app?{}", query.finish())
}

/// `GET /app`: the inbox.
#[handler]
pub async fn inbox(
    member: Member,
    web: Data<&Arc<Web>>,
    Query(params): Query<ListParams>,
) -> Response {
    let login = member.login;
    let query = params.query();
    let now = crate::clock::now();
    let (list, seq) = web.list(query.clone(), login.member).await;
    let search = query.search.as_str();
    let body = html! {
        nav.tabs aria-label=(web.t("web-tabs")) {
            @for tab in Tab::ALL {
                @let current = (tab == query.tab).then_some("page");
                a href=(list_url(tab, search, 0)) aria-current=[current] {
                    (web.t(&format!("web-tab-{}", tab.name())))
                }
            }
        }
        form method="get" action="/app" role="search" {
            input type="hidden" name="tab" value=(query.tab.name());
            input type="search" name="q" value=(search) aria-label=(web.t("web-search"))
                placeholder=(web.t("web-search"));
            " "
            button type="submit" { (web.t("web-search-button")) }
        }
        // Its links keep the body's hx-boost (they stay in the page) but
        // not the list's own hx-select and hx-swap.
        div #list hx-get=(list_url(query.tab, search, list.page)) hx-trigger="sse:change"
            hx-select="#list" hx-swap="outerHTML" hx-disinherit="hx-select hx-swap" {
            @if list.rows.is_empty() {
                p.muted { (web.t("web-none")) }
            } @else {
                table {
                    thead { tr {
                        th { (web.t("web-col-id")) }
                        th { (web.t("web-col-name")) }
                        th { (web.t("web-col-first")) }
                        th { (web.t("web-col-age")) }
                        th { (web.t("web-col-status")) }
                        th { (web.t("web-col-claimed")) }
                    } }
                    tbody {
                        @for row in &list.rows {
                            @let (word, class) = standing_word(&web, row.standing);
                            tr class=[row.unread.then_some("unread")] {
                                td.id {
                                    @if row.unread {
                                        span.unread-dot role="img" aria-label=(web.t("web-unread")) title=(web.t("web-unread")) {}
                                    }
                                    a href=(format!("/app/tickets/{}", row.id)) { (row.id) }
                                }
                                td { (row.name) }
                                td { (row.first_line) }
                                td { (moment(&web, row.opened_at, now)) }
                                td {
                                    span class=(format!("status {class}")) { (word) }
                                    @if row.unreachable {
                                        " " span.status { (web.t("web-unreachable")) }
                                    }
                                }
                                td { (row.claimed_by.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
                div.pager {
                    @if list.page > 0 {
                        a href=(list_url(query.tab, search, list.page - 1)) { (web.t("web-newer")) }
                    }
                    span.muted {
                        (web.t_with("web-page", &[("page", (list.page + 1).into()), ("pages", list.pages.into())]))
                    }
                    @if list.page + 1 < list.pages {
                        a href=(list_url(query.tab, search, list.page + 1)) { (web.t("web-older")) }
                    }
                }
            }
        }
    };
    page(
        layout(
            &web,
            &web.t("web-title"),
            Some(&login),
            Place::Inbox,
            Some(seq),
            body,
        ),
        StatusCode::OK,
    )
}

/// The name of an attachment's kind, in the team's language.
fn media_word(web: &Web, kind: &str) -> String {
    web.t(&format!("media-{}", kind.replace('_', "-")))
}

/// The messages of a conversation (refreshed live on their own, so a reply
/// being typed is never lost).
fn messages(web: &Web, detail: &views::Detail, now: UnixTime) -> Markup {
    let url = format!("/app/tickets/{}", detail.id);
    html! {
        ol.messages #messages hx-get=(url) hx-trigger="sse:change" hx-select="#messages"
            hx-swap="outerHTML" hx-disinherit="*" aria-live="polite" {
            @for line in &detail.lines {
                li class=(line.from) {
                    span.meta {
                        @match line.from {
                            "owner" => (detail.name),
                            "note" => (web.t("web-note-label")),
                            _ => (web.t("web-from-team")),
                        }
                        @if let Some(by) = &line.by { " · " (by) }
                        " · " (moment(web, line.at, now))
                        @if line.edited { " · " (web.t("web-edited")) }
                        @if line.held { " · " (web.t("web-held")) }
                    }
                    @if let Some(src) = &line.photo {
                        img.thumb src=(src) alt=(media_word(web, "photo")) loading="lazy";
                    } @else if let Some(kind) = &line.media {
                        span.muted { "[" (media_word(web, kind)) "] " }
                    }
                    (line.text)
                }
            }
        }
    }
}

/// `GET /app/tickets/{id}`: one conversation, with the team's actions.
#[handler]
pub async fn conversation(
    TicketInPath(id): TicketInPath,
    member: Member,
    web: Data<&Arc<Web>>,
) -> Response {
    web.seen(member.login.member, id).await;
    conversation_page(&web, &member.login, id, None)
}

/// A conversation, with `result` (what the last action said) above it.
pub fn conversation_page(web: &Web, login: &Login, id: TicketId, result: Option<&str>) -> Response {
    let found = web.store.read(|m| {
        let answers: Vec<String> = m.answers.keys().cloned().collect();
        views::detail(m, &id, login.member).map(|d| (d, answers, m.seq))
    });
    let Some((detail, answers, seq)) = found else {
        return with_security_headers(StatusCode::NOT_FOUND.into_response());
    };
    let (word, class) = standing_word(web, detail.standing);
    let action = |action: Action| action.url(detail.id);
    let open = detail.standing != Standing::Closed;
    let now = crate::clock::now();
    let body = html! {
        div.ticket-head {
            p.back { a href="/app" { (web.t("web-back")) } }
            h2 {
                span.id { (detail.id) } " · " (detail.name)
                @if let Some(username) = &detail.username { " " span.muted { "@" (username) } }
            }
            p.standing {
                span #standing class=(format!("status {class}")) { (word) }
                @if let Some(name) = &detail.claimed_by {
                    " " span.status { (web.t_with("web-claimed-by", &[("name", name.as_str().into())])) }
                }
                @if detail.unreachable { " " span.status { (web.t("web-unreachable")) } }
                @if detail.banned { " " span.status { (web.t("web-banned")) } }
                " " span.muted { (web.t("web-opened")) " " (moment(web, detail.opened_at, now)) }
            }
            // The ticket's own actions sit with its name, above the
            // messages: the answer box below follows the scroll.
            div.actions.ticket-actions {
                @if open {
                    @if detail.mine || detail.claimed_by.is_some() {
                        form method="post" action=(action(Action::Unclaim)) { button.secondary type="submit" { (web.t("web-unclaim")) } }
                    } @else {
                        form method="post" action=(action(Action::Claim)) { button.secondary type="submit" { (web.t("web-claim")) } }
                    }
                    form method="post" action=(action(Action::Close)) { button.secondary type="submit" { (web.t("web-close")) } }
                } @else {
                    form method="post" action=(action(Action::Reopen)) { button.secondary type="submit" { (web.t("web-reopen")) } }
                }
                @if !detail.banned {
                    form method="post" action=(action(Action::Ban)) { button.danger type="submit" { (web.t("web-ban")) } }
                }
            }
        }
        @if let Some(result) = result {
            p.result role="status" { (result) }
        }
        (messages(web, &detail, now))
        @if open {
            // Stays at the bottom of the window however long the
            // conversation (app.css: `.composer`).
            div.composer {
                form.compose method="post" action=(action(Action::Reply)) {
                    label for="text" { (web.t("web-compose-label")) }
                    textarea #text name="text" rows="2" required maxlength=(crate::telegram::MAX_TEXT) {}
                    div.actions {
                        button type="submit" { (web.t_with("web-reply-button", &[("name", detail.name.as_str().into())])) }
                        button.secondary type="submit" formaction=(action(Action::Note)) { (web.t("web-note-button")) }
                    }
                }
                @if !answers.is_empty() {
                    form.saved method="post" action=(action(Action::Answer)) {
                        label for="answer" { (web.t("web-answers-label")) }
                        select #answer name="name" {
                            @for name in &answers { option value=(name) { (name) } }
                        }
                        button.secondary type="submit" { (web.t("web-answer-button")) }
                    }
                }
            }
        }
    };
    page(
        layout(
            web,
            &format!("{} · {}", detail.id, web.t("web-title")),
            Some(login),
            Place::Inbox,
            Some(seq),
            body,
        ),
        StatusCode::OK,
    )
}

/// `GET /app/dashboard`: the team's figures and charts, for a team member
/// or (read-only) with `DASHBOARD_TOKEN` (`Authorization: Bearer`, or the
/// cookie). `?token=` with it sets that cookie and sends the browser on to
/// the address without it: the page never holds the token.
#[handler]
pub async fn dashboard(web: Data<&Arc<Web>>, req: &Request) -> Response {
    if let Some(given) = super::query_param(req, "token") {
        if !web.is_dashboard_token(&given) {
            return refused_page(&web, Refused::NoLogin);
        }
        let secure = if web.secure() { "; Secure" } else { "" };
        let cookie = format!(
            "{}={given}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
            web.dashboard_cookie_name(),
            auth::SESSION_SECONDS
        );
        return with_security_headers(
            Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header(header::LOCATION, "/app/dashboard")
                .header(header::SET_COOKIE, cookie)
                .finish(),
        );
    }
    // Asked only now, past the token's exchange (not an extractor, which
    // would look up a login for a request that brings the token).
    let viewer = match web.viewer(req).await {
        Ok(viewer) => viewer,
        Err(refused) => return refused_page(&web, refused),
    };
    let body = super::charts::shared_dashboard(&web).await;
    let who = match &viewer {
        Viewer::Member(login) => Some(login),
        Viewer::Monitor => None,
    };
    let seq = web.store.read(|m| m.seq);
    let live = html! {
        div #dashboard hx-get="/app/dashboard" hx-trigger="sse:change throttle:2s"
            hx-select="#dashboard" hx-swap="outerHTML" hx-disinherit="*" { (body) }
    };
    page(
        layout(
            &web,
            &web.t("web-dashboard"),
            who,
            Place::Dashboard,
            Some(seq),
            live,
        ),
        StatusCode::OK,
    )
}

/// A login link's token as the bot makes them ([`crate::links::new_token`]): 64
/// lower-case hex digits. Anything else names no link: 404.
fn link_token(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `GET /app/login/{token}`: a button that signs this browser in. (Not
/// signed in on the GET itself: link previews fetch addresses too.) The
/// form posts back to this very address: it names nothing else.
#[handler]
pub fn login_page(web: Data<&Arc<Web>>, Path(token): Path<String>) -> Response {
    if !link_token(&token) {
        return super::not_found();
    }
    let body = html! {
        h2 { (web.t("web-login-title")) }
        form method="post" hx-boost="false" {
            button type="submit" { (web.t("web-login-button")) }
        }
    };
    outside_page(&web, &web.t("web-login-title"), body, StatusCode::OK)
}

/// `POST /app/login/{token}`: uses the one-time link (once, within its
/// five minutes) and opens a session.
#[handler]
pub async fn use_link(web: Data<&Arc<Web>>, Path(token): Path<String>) -> Response {
    if !link_token(&token) {
        return super::not_found();
    }
    let now = crate::clock::now();
    match web.use_login_link(&token, now).await {
        Some(session) => with_security_headers(
            Response::builder()
                .status(StatusCode::SEE_OTHER)
                .header(header::LOCATION, "/app")
                .header(
                    header::SET_COOKIE,
                    auth::session_cookie(&session, web.secure()),
                )
                .finish(),
        ),
        None => {
            let body = html! { p { (web.t("web-login-bad")) } };
            outside_page(
                &web,
                &web.t("web-login-title"),
                body,
                StatusCode::UNAUTHORIZED,
            )
        }
    }
}

/// `POST /logout`: ends this browser's session (a GET changes nothing).
#[handler]
pub async fn logout(web: Data<&Arc<Web>>, req: &Request) -> Response {
    web.logout(req).await;
    // The page's script clears what the browser keeps of the inbox
    // (`sessionStorage`) when it sees `data-logged-out`.
    let body = html! {
        p data-logged-out="" { (web.t("web-logged-out")) }
    };
    let mut resp = outside_page(&web, &web.t("web-title"), body, StatusCode::OK);
    if let Ok(value) = header::HeaderValue::from_str(&auth::cleared_cookie(web.secure())) {
        resp.headers_mut().insert(header::SET_COOKIE, value);
    }
    resp
}

/// Text put into a page as it is, for the SVG charts drawn here (never
/// from what people wrote).
pub fn svg(markup: String) -> PreEscaped<String> {
    PreEscaped(markup)
}
