//! What a handler of the inbox is given instead of finding it itself
//! (`poem::FromRequest`): who is asking ([`Member`]) and what its
//! address names ([`TicketInPath`], [`ActionInPath`]). Put the address
//! first among a handler's arguments: it is checked before any login is
//! looked up (a login may cost a Bot API call), so a malformed address is
//! 404 for anyone.

use std::marker::PhantomData;
use std::sync::Arc;

use poem::{FromRequest, Request, RequestBody, Response};

use super::actions::Action;
use super::auth::Login;
use super::{Refused, Web};
use crate::model::TicketId;

/// How a door of the inbox answers someone it does not let in.
pub trait Refusal: Send + Sync + 'static {
    fn answer(web: &Web, refused: Refused) -> Response;
}

/// A page: the refused page (what to do to sign in), laid out like every
/// page so the Mini App can swap a signed-in page into it.
pub enum AsPage {}

/// The API: the status with a word of JSON, nothing of any ticket.
pub enum AsJson {}

impl Refusal for AsPage {
    fn answer(web: &Web, refused: Refused) -> Response {
        super::pages::refused_page(web, refused)
    }
}

impl Refusal for AsJson {
    fn answer(_: &Web, refused: Refused) -> Response {
        super::refusal(refused)
    }
}

/// A team member signed in ([`Web::login`]: `initData` or the session,
/// then the team's membership); anyone else is refused as `R` answers.
pub struct Member<R: Refusal = AsPage> {
    pub login: Login,
    refusal: PhantomData<R>,
}

/// The inbox the route was given (`.data(web)`).
fn web_of(req: &Request) -> poem::Result<&Arc<Web>> {
    req.data::<Arc<Web>>().ok_or_else(|| {
        poem::Error::from_string(
            "the inbox's routes carry the inbox",
            poem::http::StatusCode::INTERNAL_SERVER_ERROR,
        )
    })
}

impl<'a, R: Refusal> FromRequest<'a> for Member<R> {
    async fn from_request(req: &'a Request, _: &mut RequestBody) -> poem::Result<Self> {
        let web = web_of(req)?;
        match web.login(req).await {
            Ok(login) => Ok(Member {
                login,
                refusal: PhantomData,
            }),
            Err(refused) => Err(poem::Error::from_response(R::answer(web, refused))),
        }
    }
}

/// Path parameter `name` as `parse` reads it; 404 if it does not.
fn in_path<T>(req: &Request, name: &str, parse: impl Fn(&str) -> Option<T>) -> poem::Result<T> {
    req.raw_path_param(name)
        .and_then(parse)
        .ok_or_else(|| poem::Error::from_response(super::not_found()))
}

/// The ticket the address names (`:id`), exactly as the inbox writes IDs
/// ([`super::ticket_in_path`]); anything else is 404.
pub struct TicketInPath(pub TicketId);

impl<'a> FromRequest<'a> for TicketInPath {
    async fn from_request(req: &'a Request, _: &mut RequestBody) -> poem::Result<Self> {
        in_path(req, "id", super::ticket_in_path).map(TicketInPath)
    }
}

/// The action the address names (`:action`, see [`Action::name`]);
/// anything else is 404.
pub struct ActionInPath(pub Action);

impl<'a> FromRequest<'a> for ActionInPath {
    async fn from_request(req: &'a Request, _: &mut RequestBody) -> poem::Result<Self> {
        in_path(req, "action", Action::parse).map(ActionInPath)
    }
}
