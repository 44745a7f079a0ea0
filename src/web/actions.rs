//! `POST /app/tickets/{id}/{action}`: what a team member does from a page,
//! run exactly as the same command from Telegram (see
//! [`crate::engine::Engine::act`]): one `fsm::step` as that member, one store
//! transaction with its outbox, the messages to delivery within the flood
//! limits. What the rules would have said to the member's chat is shown on
//! the page instead of sent to Telegram; whether a reply reached the person
//! shows on the ticket (its "cannot be reached" mark).

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Form, Path};
use poem::{handler, IntoResponse, Request, Response};
use serde::Deserialize;

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

/// The event a page's action stands for.
pub fn event(action: &str, id: TicketId, fields: Fields) -> Option<Event> {
    let ticket = TicketArg::Id(id);
    Some(match action {
        "reply" => Event::Reply {
            ticket,
            text: fields.text.trim().to_string(),
        },
        "note" => Event::Note {
            ticket,
            text: fields.text.trim().to_string(),
        },
        "answer" => Event::SendAnswer {
            name: fields.name,
            ticket,
        },
        "claim" => Event::Claim(ticket),
        "unclaim" => Event::Unclaim(ticket),
        "close" => Event::Close(ticket),
        "reopen" => Event::Reopen(ticket),
        "ban" => Event::Ban {
            target: BanTarget::Ticket(id),
            reason: String::new(),
            silent: false,
        },
        _ => return None,
    })
}

/// The actions a page has; any other name in the address is 404.
const ACTIONS: [&str; 8] = [
    "reply", "note", "answer", "claim", "unclaim", "close", "reopen", "ban",
];

/// `POST /app/tickets/{id}/{action}`: does it, then shows the conversation
/// with what came of it. The body was bounded by [`super::guard`] before
/// this runs; the address is checked before the login is looked up.
#[handler]
pub async fn act(
    web: Data<&Arc<Web>>,
    Path((id, action)): Path<(String, String)>,
    form: poem::Result<Form<Fields>>,
    req: &Request,
) -> Response {
    let Some(id) = super::ticket_in_path(&id).filter(|_| ACTIONS.contains(&action.as_str())) else {
        return super::not_found();
    };
    // A button without fields (claim, close...) may post no form at all.
    let fields = form.map(|Form(fields)| fields).unwrap_or_default();
    let login = match web.login(req).await {
        Ok(login) => login,
        Err(refused) => return pages::refused_page(&web, refused),
    };
    // Telegram takes 4096 characters in a message: a longer reply or note
    // is refused here, where the team member can still shorten it.
    if crate::telegram::len(fields.text.trim()) > crate::telegram::MAX_TEXT {
        let result = web.t_with("web-too-long", &[("max", crate::telegram::MAX_TEXT.into())]);
        return with_status(
            pages::conversation_page(&web, &login, id, Some(&result)),
            StatusCode::PAYLOAD_TOO_LARGE,
        );
    }
    // An empty reply or note would be "/reply ID" alone: switching to
    // answering, which means nothing on a page.
    let empty = matches!(action.as_str(), "reply" | "note") && fields.text.trim().is_empty();
    let Some(event) = event(&action, id, fields).filter(|_| !empty) else {
        return with_security_headers(StatusCode::BAD_REQUEST.into_response());
    };
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
