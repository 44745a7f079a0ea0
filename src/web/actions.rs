//! `POST /app/tickets/{id}/{action}`: what a team member does from a page,
//! run exactly as the same command from Telegram (see
//! [`crate::engine::Engine::act`]): one `fsm::step` as that member, one store
//! transaction with its outbox, the messages to delivery within the flood
//! limits. What the rules would have said to the member's chat is shown on
//! the page instead of sent to Telegram; whether a reply reached the person
//! shows on the ticket (its "cannot be reached" mark).

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Form};
use poem::{handler, IntoResponse, Response};
use serde::Deserialize;

use super::extract::{ActionInPath, Member, TicketInPath};
use super::{pages, with_security_headers, Web};
use crate::fsm::{BanTarget, Event, TicketArg};
use crate::model::TicketId;

/// The fields an action's form may carry.
#[derive(Debug, Default, Deserialize)]
pub struct Fields {
    /// A reply's or a note's text.
    #[serde(default)]
    text: String,
    /// A saved answer's name.
    #[serde(default)]
    name: String,
}

/// What a team member can do from a conversation's page. Each is a form
/// posting to its own address ([`Action::url`]), read back from the route
/// ([`Action::parse`]): the name is written once, in [`Action::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Reply,
    Note,
    Answer,
    Claim,
    Unclaim,
    Close,
    Reopen,
    Ban,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Reply,
        Action::Note,
        Action::Answer,
        Action::Claim,
        Action::Unclaim,
        Action::Close,
        Action::Reopen,
        Action::Ban,
    ];

    /// Its name in the address.
    pub fn name(self) -> &'static str {
        match self {
            Action::Reply => "reply",
            Action::Note => "note",
            Action::Answer => "answer",
            Action::Claim => "claim",
            Action::Unclaim => "unclaim",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::Ban => "ban",
        }
    }

    /// The action named `name` in an address, if any.
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The address its form posts to, for ticket `id`.
    pub fn url(self, id: TicketId) -> String {
        format!("/app/tickets/{id}/{}", self.name())
    }

    /// Whether it carries a text, without which it means nothing on a page
    /// (an empty reply would be "/reply ID" alone: switching to answering).
    fn needs_text(self) -> bool {
        matches!(self, Action::Reply | Action::Note)
    }

    /// The event it stands for: the same as the command from Telegram.
    pub fn event(self, id: TicketId, fields: Fields) -> Event {
        let ticket = TicketArg::Id(id);
        match self {
            Action::Reply => Event::Reply {
                ticket,
                text: fields.text.trim().to_string(),
            },
            Action::Note => Event::Note {
                ticket,
                text: fields.text.trim().to_string(),
            },
            Action::Answer => Event::SendAnswer {
                name: fields.name,
                ticket,
            },
            Action::Claim => Event::Claim(ticket),
            Action::Unclaim => Event::Unclaim(ticket),
            Action::Close => Event::Close(ticket),
            Action::Reopen => Event::Reopen(ticket),
            Action::Ban => Event::Ban {
                target: BanTarget::Ticket(id),
                reason: String::new(),
                silent: false,
            },
        }
    }
}

/// `POST /app/tickets/{id}/{action}`: does it, then shows the conversation
/// with what came of it. The body was bounded by [`super::guard`] before
/// this runs; the address is checked before the login is looked up.
#[handler]
pub async fn act(
    TicketInPath(id): TicketInPath,
    ActionInPath(action): ActionInPath,
    member: Member,
    web: Data<&Arc<Web>>,
    form: poem::Result<Form<Fields>>,
) -> Response {
    let login = member.login;
    // A button without fields (claim, close...) may post no form at all.
    let fields = form.map(|Form(fields)| fields).unwrap_or_default();
    // Telegram takes 4096 characters in a message: a longer reply or note
    // is refused here, where the team member can still shorten it.
    if crate::telegram::len(fields.text.trim()) > crate::telegram::MAX_TEXT {
        let result = web.t_with("web-too-long", &[("max", crate::telegram::MAX_TEXT.into())]);
        return with_status(
            pages::conversation_page(&web, &login, id, Some(&result)),
            StatusCode::PAYLOAD_TOO_LARGE,
        );
    }
    if action.needs_text() && fields.text.trim().is_empty() {
        return with_security_headers(StatusCode::BAD_REQUEST.into_response());
    }
    let event = action.event(id, fields);
    let Some(engine) = web.engine.get().cloned() else {
        let result = web.t("web-bot-starting");
        return with_status(
            pages::conversation_page(&web, &login, id, Some(&result)),
            StatusCode::SERVICE_UNAVAILABLE,
        );
    };
    let result = engine
        .act(login.member, login.first_name.clone(), event)
        .await;
    let (text, status) = match result {
        Ok(said) => (
            said.iter()
                .map(|reply| reply.render(web.language).text)
                .collect::<Vec<_>>()
                .join("\n"),
            StatusCode::OK,
        ),
        Err(_) => (
            crate::replies::Reply::SaveFailed.render(web.language).text,
            StatusCode::SERVICE_UNAVAILABLE,
        ),
    };
    let text = (!text.is_empty()).then_some(text);
    with_status(
        pages::conversation_page(&web, &login, id, text.as_deref()),
        status,
    )
}

fn with_status(mut resp: Response, status: StatusCode) -> Response {
    if resp.status() == StatusCode::OK {
        resp.set_status(status);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_is_read_back_from_its_own_address_and_nothing_else_is_one() {
        let id = TicketId::parse("ABCDEF12").unwrap();
        for action in Action::ALL {
            let url = action.url(id);
            let name = url.strip_prefix("/app/tickets/ABCDEF12/").unwrap();
            assert_eq!(Action::parse(name), Some(action), "{url}");
        }
        for other in ["", "Claim", "claim/", "delete", "photos"] {
            assert_eq!(Action::parse(other), None, "{other}");
        }
    }
}
