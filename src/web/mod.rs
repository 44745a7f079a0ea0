//! The team's inbox: pages under `/app`, JSON under `/api`, assets under
//! `/assets`, served by the same HTTP server as `/status`.
//!
//! - [`auth`]: who is asking (Telegram's Mini App `initData`, one-time
//!   login links, browser sessions); [`gate`](Web::login): only team
//!   members get past, 401 without a login, 403 for a login of someone not
//!   on the team.
//! - [`pages`]: server-rendered HTML (maud escapes every text);
//!   [`views`]: what the pages and `/api` show of the model, read once per
//!   request; [`assets`]: CSS, JS and the vendored htmx, embedded.
//! - [`actions`]: a reply, note, claim, close... from a page runs through
//!   the same `fsm::step` and store transaction as the same command from
//!   Telegram ([`crate::engine::Engine::act`]).
//! - [`photos`]: a photo's thumbnail, fetched from Telegram through the
//!   bot for a team member (the page never sees the token).
//! - [`guard`]: before any route: a bounded body (413 past the limit) and
//!   no forged posts (403 for a change asked from another site).
//! - [`live`]: Server-Sent Events, one per journal entry, so every open
//!   page follows what happens anywhere.
//!
//! The web reads what the store shows and changes nothing by itself but
//! logins and sessions (model [`Change`]s too, so replicas sharing a store
//! all see them).

pub mod actions;
pub mod api;
pub mod assets;
pub mod auth;
pub mod charts;
pub mod guard;
pub mod live;
pub mod pages;
pub mod photos;
pub mod views;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use poem::http::{header, StatusCode};
use poem::{get, post, EndpointExt, IntoResponse, Request, Response, Route};

use crate::config::{Config, WebSettings};
use crate::model::{Change, Model, UnixTime, WebLogin};
use crate::store::{Committed, Decision, Readings, Store};

use auth::Login;

/// Everything the inbox needs; shared by its routes.
pub struct Web {
    pub store: Arc<Store>,
    pub settings: WebSettings,
    token: String,
    admins: Vec<i64>,
    team_chat: Option<i64>,
    /// The team's language (`TEAM_LANGUAGE`).
    pub language: &'static str,
    /// The team's time zone (days of the dashboard).
    pub zone: chrono_tz::Tz,
    api: teloxide::Bot,
    members: Mutex<HashMap<i64, (bool, Instant)>>,
    /// The key of stream tokens ([`auth::stream_key`]).
    stream_key: [u8; 32],
    /// Open live streams by member (0: monitors).
    streams: Mutex<HashMap<i64, usize>>,
    /// Refused sign-ins are logged at most once in a while.
    refusals_logged: crate::telemetry::Every,
    /// Photos fetched from Telegram, and the limiter of their downloads.
    photos: photos::Photos,
    /// The dashboard's body, with the (journal entry, minute) it shows.
    dashboard: tokio::sync::Mutex<Option<((u64, u64), String)>>,
    /// Lists and searches visit every ticket: one at a time, so however
    /// many viewers search at once, they never take more than one core
    /// from the bot's own work; and the same list asked for together (or
    /// again while nothing changed) is found once for all.
    lists: Readings<ListKey, Vec<views::Found>>,
    /// The engine, once the bot side has started it: actions from the
    /// web reach delivery like the bot's own.
    pub engine: crate::engine::Slot,
    pub started: Instant,
    /// The bot's counters (the inbox's Bot API calls).
    pub metrics: Arc<crate::metrics::Metrics>,
}

/// Live streams one viewer may have open at once (a few tabs and devices).
/// Lists whose tickets found are kept for the next viewer (see `Web::list`).
pub const LISTS_KEPT: usize = 16;

/// How long tickets found are taken again while the store has not
/// changed (what is found does not depend on the time).
pub const LISTS_FRESH: std::time::Duration = std::time::Duration::from_secs(60);

/// Which list: its tab, its search, and the viewer for "mine" (0 otherwise).
#[derive(Debug, PartialEq, Eq)]
struct ListKey {
    tab: views::Tab,
    search: String,
    mine: i64,
}

pub const STREAMS_PER_VIEWER: usize = 8;
/// Live streams open at once in all.
pub const STREAMS: usize = 256;
/// Refused sign-ins are logged at most once in this time.
pub const REFUSALS_LOGGED_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// A live stream's place in the caps; freed when dropped.
pub struct StreamSlot {
    web: Arc<Web>,
    key: i64,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = self.web.streams.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = streams.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                streams.remove(&self.key);
            }
        }
    }
}

/// The value of query parameter `name` of `req`, if any.
pub fn query_param(req: &Request, name: &str) -> Option<String> {
    req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    })
}

/// Why a request is not let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No valid login: 401.
    NoLogin,
    /// A valid login of someone not on the team: 403.
    NotOnTeam,
}

/// Who is asking, and how far they may go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// A team member: everything.
    Member(Login),
    /// The dashboard's token: the dashboard's figures, read-only.
    Monitor,
}

impl Web {
    /// A page of the ticket list (a search too) for `viewer`, with the
    /// store's journal entry it shows. The tickets are found on a blocking
    /// thread, in parts ([`views::found`]), one list at a time and shared
    /// (see `lists`); the page is made from them in one more read.
    pub async fn list(&self, query: views::Query, viewer: i64) -> (views::List, u64) {
        let key = ListKey {
            tab: query.tab,
            search: query.search.trim().to_string(),
            mine: if query.tab == views::Tab::Mine {
                viewer
            } else {
                0
            },
        };
        let finding = query.clone();
        let found = self
            .lists
            .get(
                key,
                || self.store.read(|m| m.seq),
                || {
                    self.store.apart(move |store| {
                        // The entry first: the list shows at least what it
                        // names, so the live stream never misses a change
                        // after it.
                        let seq = store.read(|m| m.seq);
                        (
                            seq,
                            views::found(&|f| store.read(|m| f(m)), &finding, viewer),
                        )
                    })
                },
            )
            .await;
        let page = self
            .store
            .read(|m| views::page(m, &found.value, &query, viewer));
        (page, found.seq)
    }

    pub fn new(
        config: &Config,
        store: Arc<Store>,
        engine: crate::engine::Slot,
        started: Instant,
        metrics: Arc<crate::metrics::Metrics>,
    ) -> Arc<Web> {
        let token = config.bot_token.expose().to_string();
        let api = teloxide::Bot::new(&token).set_api_url(config.api_url.clone());
        Arc::new(Web {
            store,
            settings: config.web.clone(),
            token,
            admins: config.admin_chat_ids.clone(),
            team_chat: config.team.chat,
            language: config.languages.team,
            zone: config.timezone,
            api,
            members: Mutex::new(HashMap::new()),
            stream_key: auth::stream_key(config.bot_token.expose()),
            streams: Mutex::new(HashMap::new()),
            refusals_logged: crate::telemetry::Every::new(REFUSALS_LOGGED_EVERY),
            dashboard: tokio::sync::Mutex::new(None),
            lists: Readings::new(LISTS_KEPT, LISTS_FRESH),
            photos: photos::Photos::default(),
            engine,
            started,
            metrics,
        })
    }

    /// Whether this server's public address is https (cookies get `Secure`).
    pub fn secure(&self) -> bool {
        self.settings.secure()
    }

    /// The team member making `req`, or why they are not let in. A login
    /// of someone found no longer on the team ends every session they
    /// have, at once (a 7-day session must not work again if they are
    /// added back later).
    pub async fn login(&self, req: &Request) -> Result<Login, Refused> {
        let login = self.signed_in(req).ok_or(Refused::NoLogin)?;
        self.on_team(login).await
    }

    /// `login` if they are on the team; else their sessions end.
    async fn on_team(&self, login: Login) -> Result<Login, Refused> {
        if self.is_member(login.member).await {
            Ok(login)
        } else {
            self.end_sessions_of(login.member).await;
            Err(Refused::NotOnTeam)
        }
    }

    /// For the live stream and photos only (the browser cannot give them
    /// a header): a login, or a stream token of a member in `?st=`
    /// ([`auth::stream_token`], traded for a login at
    /// `POST /api/stream-token`).
    pub async fn stream_login(&self, req: &Request) -> Result<(Login, bool), Refused> {
        let Some(token) = query_param(req, "st") else {
            return self.login(req).await.map(|login| (login, false));
        };
        let now = crate::clock::now();
        let Some(member) = auth::check_stream_token(&token, &self.stream_key, now) else {
            self.refused_sign_in("a stream token was refused");
            return Err(Refused::NoLogin);
        };
        let login = Login {
            member,
            first_name: String::new(),
        };
        self.on_team(login).await.map(|login| (login, true))
    }

    /// A stream token for `login`, good for [`auth::STREAM_TOKEN_SECONDS`].
    pub fn new_stream_token(&self, login: &Login) -> String {
        let expires = crate::clock::now() + auth::STREAM_TOKEN_SECONDS;
        auth::stream_token(login.member, expires, &self.stream_key)
    }

    /// Whether `req` carries `DASHBOARD_TOKEN`: `Authorization: Bearer
    /// <token>`, or the dashboard's cookie (set from it, see
    /// [`pages::dashboard`]). Never from the address.
    pub fn has_dashboard_token(&self, req: &Request) -> bool {
        let Some(expected) = &self.settings.dashboard_token else {
            return false;
        };
        let bearer = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        let cookies = req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| auth::cookie(c, self.dashboard_cookie_name()));
        let given = bearer.or(cookies).unwrap_or_default();
        use subtle::ConstantTimeEq;
        !given.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
    }

    /// Whether `given` is `DASHBOARD_TOKEN`.
    pub fn is_dashboard_token(&self, given: &str) -> bool {
        use subtle::ConstantTimeEq;
        self.settings
            .dashboard_token
            .as_ref()
            .is_some_and(|t| !given.is_empty() && bool::from(given.as_bytes().ct_eq(t.as_bytes())))
    }

    /// The dashboard cookie's name (`__Host-` on https).
    pub fn dashboard_cookie_name(&self) -> &'static str {
        if self.secure() {
            "__Host-support_bot_dashboard"
        } else {
            "support_bot_dashboard"
        }
    }

    /// A team member, or (with `DASHBOARD_TOKEN`) a monitor.
    pub async fn viewer(&self, req: &Request) -> Result<Viewer, Refused> {
        if self.has_dashboard_token(req) {
            return Ok(Viewer::Monitor);
        }
        self.login(req).await.map(Viewer::Member)
    }

    /// Who signed the request in, without asking whether they are on the
    /// team: `Authorization: tma <initData>` or the session cookie. Never
    /// from the address: `initData` opens every door for up to
    /// `WEB_AUTH_MAX_AGE`, and addresses end up in logs and caches.
    fn signed_in(&self, req: &Request) -> Option<Login> {
        let now = crate::clock::now();
        let header_data = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("tma "));
        if let Some(data) = header_data {
            let checked = auth::check_init_data(data, &self.token, now, self.settings.auth_max_age);
            return match checked {
                Ok(login) => Some(login),
                Err(error) => {
                    self.refused_sign_in(&error.to_string());
                    None
                }
            };
        }
        let hash = self.session_hash(req)?;
        let session = self.store.read(|m| m.web_sessions.get(&hash).cloned())?;
        (session.expires > now).then_some(Login {
            member: session.member,
            first_name: session.name,
        })
    }

    /// The hash of the session cookie `req` carries, if any.
    pub fn session_hash(&self, req: &Request) -> Option<String> {
        let secure = self.secure();
        req.headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| auth::session_from_cookies(c, secure))
            .map(auth::hash)
    }

    /// Notes a refused sign-in: counted on `/metrics`, logged at most once
    /// in [`REFUSALS_LOGGED_EVERY`] (with how many were not), so that
    /// nobody can flood the log.
    fn refused_sign_in(&self, why: &str) {
        self.metrics.request_refused("sign_in");
        if let Some(more) = self.refusals_logged.due() {
            tracing::info!(why, more, "a sign-in to the team's inbox was refused");
        }
    }

    /// Ends every session of `member` (they are no longer on the team).
    async fn end_sessions_of(&self, member: i64) {
        if self.end_sessions(|_, s| s.member == member).await {
            tracing::info!(
                member,
                "someone no longer on the team: their inbox sessions are ended"
            );
        }
    }

    /// Deletes the sessions `which` picks, in one transaction; whether
    /// there were any. Writes nothing when there are none.
    async fn end_sessions(&self, which: impl Fn(&str, &WebLogin) -> bool) -> bool {
        let picked = |m: &Model| -> Vec<Change> {
            m.web_sessions
                .iter()
                .filter(|(hash, s)| which(hash, s))
                .map(|(hash, _)| Change::WebSession {
                    hash: hash.clone(),
                    session: None,
                })
                .collect()
        };
        if self.store.read(|m| picked(m).is_empty()) {
            return false;
        }
        let ended = self
            .store
            .transact(None, |m| Decision {
                changes: picked(m),
                outbox: None,
                result: (),
            })
            .await;
        if let Err(error) = &ended {
            tracing::error!(%error, "could not end sessions of the team's inbox");
        }
        ended.is_ok()
    }

    /// Whether an open live stream of `viewer` may stay open: a member
    /// still on the team (with their session, if it was opened by one).
    pub async fn still_allowed(&self, viewer: &Viewer, session: Option<&str>) -> bool {
        let Viewer::Member(login) = viewer else {
            return true;
        };
        if let Some(hash) = session {
            if self.store.read(|m| !m.web_sessions.contains_key(hash)) {
                return false;
            }
        }
        self.on_team(login.clone()).await.is_ok()
    }

    /// A place for one more live stream of `viewer`, or `None` past
    /// [`STREAMS_PER_VIEWER`] of theirs or [`STREAMS`] in all. Freed when
    /// the returned slot is dropped (the stream ends).
    pub fn stream_slot(self: &Arc<Self>, viewer: &Viewer) -> Option<StreamSlot> {
        let key = match viewer {
            Viewer::Member(login) => login.member,
            Viewer::Monitor => 0,
        };
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let total: usize = streams.values().sum();
        let theirs = streams.entry(key).or_default();
        if *theirs >= STREAMS_PER_VIEWER || total >= STREAMS {
            return None;
        }
        *theirs += 1;
        Some(StreamSlot {
            web: Arc::clone(self),
            key,
        })
    }

    /// Whether the user `member` is on the team: their private chat is an
    /// admin chat, or they are in the team's group (Telegram's
    /// `getChatMember`, trusted for a few minutes).
    pub async fn is_member(&self, member: i64) -> bool {
        if self.admins.contains(&member) {
            return true;
        }
        let Some(group) = self.team_chat else {
            return false;
        };
        let cached = self
            .members
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&member)
            .filter(|(_, at)| at.elapsed() < self.settings.membership_cache)
            .map(|(yes, _)| *yes);
        if let Some(yes) = cached {
            return yes;
        }
        use teloxide::prelude::Requester;
        let asked = self
            .api
            .get_chat_member(
                teloxide::types::ChatId(group),
                teloxide::types::UserId(member as u64),
            )
            .await;
        self.metrics.api_call("getChatMember", &asked);
        let yes = match asked {
            Ok(found) => found.kind.is_present(),
            Err(error) => {
                tracing::warn!(%error, "could not ask Telegram whether a user is in the team's group");
                return false;
            }
        };
        self.members
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(member, (yes, Instant::now()));
        yes
    }

    /// Trades a one-time login link's token for a new session, in one
    /// transaction (so a link works once, whichever replica sees it).
    /// Returns the session's token.
    pub async fn use_login_link(&self, token: &str, now: UnixTime) -> Option<String> {
        let hash = auth::hash(token);
        let session = auth::new_token();
        let session_hash = auth::hash(&session);
        let decided = self
            .store
            .transact(None, |m| {
                let (changes, valid) = redeem_link(m, &hash, &session_hash, now);
                Decision {
                    changes,
                    outbox: None,
                    result: valid,
                }
            })
            .await;
        match decided {
            Ok(Committed::Saved { result: true, .. }) => Some(session),
            Ok(_) => None,
            Err(error) => {
                tracing::error!(%error, "could not save a session of the team's inbox");
                None
            }
        }
    }

    /// Notes that team member `member` has seen every message of `ticket`
    /// so far (for the list's unread marker); writes only when there is
    /// something new.
    pub async fn seen(&self, member: i64, ticket: crate::model::TicketId) {
        let noted = self
            .store
            .transact(None, |m| {
                let messages = m.ticket(&ticket).map_or(0, |t| t.messages.len());
                let seen = m
                    .web_seen
                    .get(&member)
                    .and_then(|t| t.get(&ticket))
                    .copied();
                let news = messages > 0 && seen.is_none_or(|s| s < messages);
                Decision {
                    changes: news
                        .then_some(Change::WebSeen {
                            member,
                            ticket,
                            messages,
                        })
                        .into_iter()
                        .collect(),
                    outbox: None,
                    result: (),
                }
            })
            .await;
        if let Err(error) = noted {
            tracing::warn!(%error, "could not note what a team member has seen");
        }
    }

    /// Ends the session of `req`, if it has one.
    pub async fn logout(&self, req: &Request) {
        if let Some(hash) = self.session_hash(req) {
            self.end_sessions(|h, _| h == hash).await;
        }
    }

    /// A word of the team's language.
    pub fn t(&self, key: &str) -> String {
        crate::texts::text(self.language, key, &[])
    }

    /// A message of the team's language with arguments.
    pub fn t_with(&self, key: &str, args: &[(&str, fluent_bundle::FluentValue<'_>)]) -> String {
        crate::texts::text(self.language, key, args)
    }
}

/// What trading the login link `hash` for the session `session_hash` at
/// `now` changes, and whether the link was good: known and not past its
/// five minutes. The link is dropped either way (used once), and so are
/// links and sessions past their time. Pure: the time is an argument.
fn redeem_link(m: &Model, hash: &str, session_hash: &str, now: UnixTime) -> (Vec<Change>, bool) {
    let valid = m.web_logins.get(hash).filter(|l| l.expires > now).cloned();
    let mut changes = Vec::new();
    if m.web_logins.contains_key(hash) {
        changes.push(Change::WebLogin {
            hash: hash.to_string(),
            login: None,
        });
    }
    for (old, _) in m
        .web_logins
        .iter()
        .filter(|(h, l)| l.expires <= now && *h != hash)
    {
        changes.push(Change::WebLogin {
            hash: old.clone(),
            login: None,
        });
    }
    for (old, _) in m.web_sessions.iter().filter(|(_, s)| s.expires <= now) {
        changes.push(Change::WebSession {
            hash: old.clone(),
            session: None,
        });
    }
    if let Some(login) = &valid {
        changes.push(Change::WebSession {
            hash: session_hash.to_string(),
            session: Some(WebLogin {
                member: login.member,
                name: login.name.clone(),
                expires: now + auth::SESSION_SECONDS,
            }),
        });
    }
    (changes, valid.is_some())
}

/// A new one-time login link's token for `member`, saved (as its hash)
/// before it is given out. Called by delivery when it sends the link.
pub fn login_link_change(token: &str, member: i64, name: &str, now: UnixTime) -> Change {
    Change::WebLogin {
        hash: auth::hash(token),
        login: Some(WebLogin {
            member,
            name: name.to_string(),
            expires: now + auth::LOGIN_LINK_SECONDS,
        }),
    }
}

/// The security headers of every page and answer of the inbox: scripts
/// only from this server (no page loads Telegram's), no inline
/// scripts, framed only by Telegram's web clients and the page itself.
pub fn with_security_headers(resp: Response) -> Response {
    let mut resp = resp;
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'self' https://web.telegram.org; base-uri 'none'; form-action 'self'; object-src 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    resp
}

/// Adds the inbox's routes to the HTTP server's.
pub fn routes(route: Route, web: Arc<Web>) -> Route {
    let w = || Arc::clone(&web);
    route
        .at(crate::links::APP, get(pages::inbox).data(w()))
        .at("/app/", get(pages::inbox).data(w()))
        .at("/app/tickets/:id", get(pages::conversation).data(w()))
        .at("/app/tickets/:id/:action", post(actions::act).data(w()))
        .at(
            "/app/tickets/:id/photos/:n",
            get(photos::thumbnail).data(w()),
        )
        .at("/app/dashboard", get(pages::dashboard).data(w()))
        .at(
            crate::links::LOGIN_ROUTE,
            get(pages::login_page).post(pages::use_link).data(w()),
        )
        .at("/logout", post(pages::logout).data(w()))
        .at("/api/tickets", get(api::tickets).data(w()))
        .at("/api/tickets/:id", get(api::ticket).data(w()))
        .at("/api/events", get(live::events).data(w()))
        .at("/api/stream-token", post(live::stream_token).data(w()))
        .at("/assets/*path", get(assets::serve))
}

/// A ticket ID as the inbox's addresses write it: exactly 8 upper-case hex
/// digits. Anything else (lower case, a `#`, `..%2F`) is no ticket: 404.
pub fn ticket_in_path(segment: &str) -> Option<crate::model::TicketId> {
    let strict = segment.len() == crate::model::TicketId::LEN
        && segment
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    strict
        .then(|| crate::model::TicketId::parse(segment))
        .flatten()
}

/// 404, for an address that names nothing.
pub fn not_found() -> Response {
    with_security_headers(StatusCode::NOT_FOUND.into_response())
}

/// 401 or 403 as an API answers it: a word, nothing of any ticket.
pub fn refusal(refused: Refused) -> Response {
    let status = match refused {
        Refused::NoLogin => StatusCode::UNAUTHORIZED,
        Refused::NotOnTeam => StatusCode::FORBIDDEN,
    };
    with_security_headers(
        poem::web::Json(serde_json::json!({ "error": status.canonical_reason() }))
            .with_status(status)
            .into_response(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MADE: UnixTime = 1_700_000_000;

    /// A model holding one login link for member 9001, made at `MADE`.
    fn with_link(token: &str) -> Model {
        let mut m = Model::default();
        m.apply(login_link_change(token, 9001, "Alex", MADE))
            .unwrap();
        m
    }

    fn redeem(m: &mut Model, token: &str, now: UnixTime) -> bool {
        let (changes, valid) = redeem_link(m, &auth::hash(token), "session-hash", now);
        for change in changes {
            m.apply(change).unwrap();
        }
        valid
    }

    #[test]
    fn a_login_link_works_within_five_minutes_and_not_after() {
        let mut fresh = with_link("t1");
        assert!(redeem(&mut fresh, "t1", MADE + 299));
        assert_eq!(fresh.web_sessions["session-hash"].member, 9001);
        assert_eq!(
            fresh.web_sessions["session-hash"].expires,
            MADE + 299 + auth::SESSION_SECONDS
        );

        let mut expired = with_link("t1");
        assert!(!redeem(&mut expired, "t1", MADE + auth::LOGIN_LINK_SECONDS));
        assert!(expired.web_sessions.is_empty());
        // An expired link is dropped, not kept for later.
        assert!(expired.web_logins.is_empty());
    }

    #[test]
    fn a_login_link_works_once_and_an_unknown_one_never() {
        let mut m = with_link("t1");
        assert!(redeem(&mut m, "t1", MADE + 10));
        assert!(!redeem(&mut m, "t1", MADE + 11));
        assert!(!redeem(&mut m, "never-made", MADE + 12));
        assert_eq!(m.web_sessions.len(), 1);
    }

    #[test]
    fn old_links_and_sessions_are_swept_when_a_link_is_used() {
        let mut m = with_link("old");
        m.apply(login_link_change("new", 9002, "Sam", MADE + 600))
            .unwrap();
        assert!(redeem(&mut m, "new", MADE + 601));
        assert!(m.web_logins.is_empty(), "{:?}", m.web_logins);
        // The session made now outlives the sweep; one past its time does not.
        let later = MADE + 601 + auth::SESSION_SECONDS;
        m.apply(login_link_change("third", 9001, "Alex", later))
            .unwrap();
        let (changes, _) = redeem_link(&m, &auth::hash("third"), "another", later);
        assert!(changes.iter().any(|c| matches!(c,
            Change::WebSession { hash, session: None } if hash == "session-hash")));
    }
}
