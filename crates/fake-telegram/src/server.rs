//! The HTTP side: serving, routing `/bot{token}/{Method}`, answering in the
//! Bot API's JSON shape, and the faults a flaky network and a troubled
//! Telegram produce (server errors, connections closed without an answer).

use std::sync::Arc;
use std::time::Duration;

use poem::http::StatusCode;
use serde_json::{json, Value};
use tokio::sync::watch;

use crate::network::{Acceptor, Connections};
use crate::params::{parse_params, percent_decode, Params};
use crate::state::{Shared, State};
use crate::{commands, files, members, methods, rules, topics, updates};

/// Real Bot API methods the fake does not model: they get a clear 400 instead
/// of the 404 "Not Found" that a truly unknown method gets.
const UNMODELLED_METHODS: &[&str] = &[
    "getchatadministrators",
    "getchatmembercount",
    "sendmediagroup",
    "sendlocation",
    "sendvenue",
    "sendcontact",
    "sendpoll",
    "senddice",
    "editmessagecaption",
    "editmessagemedia",
    "stopmessagelivelocation",
    "forwardmessages",
    "copymessages",
    "deletemessages",
    "pinchatmessage",
    "unpinchatmessage",
    "leavechat",
    "banchatmember",
    "unbanchatmember",
    "restrictchatmember",
    "promotechatmember",
    "setmydescription",
    "getmydescription",
    "setmyshortdescription",
    "getmyshortdescription",
    "setmyname",
    "getmyname",
    "answerinlinequery",
    "getuserprofilephotos",
    "logout",
    "close",
    "createchatinvitelink",
    "exportchatinvitelink",
    "setchattitle",
    "setchatdescription",
];

/// One HTTP request the fake answered, successful or not (or hung up on, see
/// [`crate::FakeTelegram::hung_up_calls`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// Lower-case method name, e.g. "sendmessage" ("" when the path was not a Bot API path).
    pub method: String,
    /// All parameters (query string, JSON, form or multipart fields) as a JSON object.
    pub params: Value,
    /// Whether the answer was `"ok": true`.
    pub ok: bool,
    /// `error_code` of a failed answer.
    pub error_code: Option<u16>,
    /// `description` of a failed answer.
    pub description: Option<String>,
}

/// A failed answer: `{"ok":false,"error_code":code,"description":..}`.
#[derive(Debug)]
pub(crate) struct ApiErr {
    pub code: u16,
    pub description: String,
    pub retry_after: Option<u64>,
    pub migrate_to: Option<i64>,
}

impl ApiErr {
    pub fn new(code: u16, description: impl Into<String>) -> Self {
        ApiErr {
            code,
            description: description.into(),
            retry_after: None,
            migrate_to: None,
        }
    }

    /// 429 "Too Many Requests: retry after N" with `parameters.retry_after`.
    pub fn too_many_requests(secs: u64) -> Self {
        ApiErr {
            retry_after: Some(secs),
            ..ApiErr::new(429, format!("Too Many Requests: retry after {secs}"))
        }
    }
}

/// 400 "Bad Request: {what}".
pub(crate) fn bad(what: &str) -> ApiErr {
    ApiErr::new(400, format!("Bad Request: {what}"))
}

pub(crate) type ApiResult = Result<Value, ApiErr>;

/// Faults to produce, and how many were produced.
#[derive(Default)]
pub(crate) struct Faults {
    /// Server errors still to answer to sendMessage calls.
    pub failing_sends: u32,
    /// Methods (lower-case) answered with a fault until healed.
    pub failing_methods: std::collections::HashMap<String, crate::MethodFault>,
    /// Every call whose number is a multiple of this is hung up on (0: none).
    hang_up_every: u32,
    /// Calls numbered since `hang_up_every` was set.
    numbered: u64,
    /// The calls hung up on, as they were sent.
    pub hung_up: Vec<Call>,
    pub too_many_requests: usize,
}

impl Faults {
    pub fn hang_up_one_in(&mut self, n: u32) {
        self.hang_up_every = n;
        self.numbered = 0;
    }

    /// Numbers one more call; whether to hang up on it.
    fn hang_up_next(&mut self) -> bool {
        self.numbered += 1;
        self.hang_up_every > 0 && self.numbered.is_multiple_of(u64::from(self.hang_up_every))
    }
}

/// Serves the Bot API on `listener` in a tokio task until the returned
/// sender says stop.
pub(crate) fn serve(listener: tokio::net::TcpListener, shared: Arc<Shared>) -> watch::Sender<bool> {
    let connections = Connections::default();
    let acceptor = Acceptor::new(listener, connections.clone())
        .expect("FakeTelegram: cannot wrap the listener");
    let (stop, mut stop_rx) = watch::channel(false);
    let endpoint = FakeEndpoint {
        shared,
        connections,
    };
    tokio::spawn(async move {
        let signal = async move {
            let _ = stop_rx.wait_for(|stopped| *stopped).await;
        };
        let _ = poem::Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(endpoint, signal, Some(Duration::from_millis(300)))
            .await;
    });
    stop
}

/// The poem endpoint: every path goes through [`handle_request`].
struct FakeEndpoint {
    shared: Arc<Shared>,
    connections: Connections,
}

impl poem::Endpoint for FakeEndpoint {
    type Output = poem::Response;

    async fn call(&self, req: poem::Request) -> poem::Result<poem::Response> {
        let remote = req.remote_addr().clone();
        let answer = handle_request(self.shared.clone(), req).await;
        if answer.is_none() {
            self.connections.sever(&remote);
        }
        Ok(answer.unwrap_or_default())
    }
}

/// The answer to one request; `None` to hang up without answering.
async fn handle_request(shared: Arc<Shared>, req: poem::Request) -> Option<poem::Response> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let content_type = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = req.into_body().into_vec().await.unwrap_or_default();

    // A file download: /file/bot<token>/<file_path>. teloxide asks for
    // `//file/bot<token>/photos%2F...` (an empty segment first, the path's
    // slash encoded), which Telegram's servers take as the same.
    let decoded = percent_decode(&path, false);
    if let Some(rest) = decoded.trim_start_matches('/').strip_prefix("file/bot") {
        let found = rest.split_once('/').and_then(|(token, file_path)| {
            let st = shared.lock();
            (token == shared.token)
                .then(|| files::download(&st, file_path))
                .flatten()
        });
        return Some(files::response(found));
    }

    let route = parse_route(&path);
    let method = route
        .as_ref()
        .map(|(_, m)| m.to_ascii_lowercase())
        .unwrap_or_default();
    let params = parse_params(&query, &content_type, &body);
    let params_json = params
        .as_ref()
        .map(Params::to_json)
        .unwrap_or_else(|_| json!({}));

    // A long poll is the bot waiting, not working: it is not "in flight".
    let working = method != "getupdates";
    {
        let mut st = shared.lock();
        if st.faults.hang_up_next() {
            if working {
                st.last_call = Some(tokio::time::Instant::now());
            }
            st.faults.hung_up.push(Call {
                method,
                params: params_json,
                ok: false,
                error_code: None,
                description: None,
            });
            drop(st);
            shared.changed.notify_waiters();
            return None;
        }
        st.in_flight += usize::from(working);
    }

    // A held call waits, unanswered, until its hold is released.
    let chat = params_json["chat_id"].as_i64();
    let holds = |st: &State| {
        st.holds.iter().any(|(m, c)| {
            m.as_ref().is_none_or(|m| *m == method) && c.is_none_or(|c| Some(c) == chat)
        })
    };
    if holds(&shared.lock()) {
        shared.lock().held += 1;
        shared.changed.notify_waiters();
        loop {
            let notified = shared.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let go = {
                let st = shared.lock();
                !holds(&st) || st.shutdown
            };
            if go {
                break;
            }
            notified.await;
        }
        shared.lock().held -= 1;
    }

    let result = match (route, params) {
        (None, _) => Err(ApiErr::new(404, "Not Found")),
        (Some((token, _)), _) if token != shared.token => Err(ApiErr::new(401, "Unauthorized")),
        (Some(_), Err(e)) => Err(e),
        (Some(_), Ok(p)) => dispatch(&shared, &method, &p).await,
    };

    {
        let mut st = shared.lock();
        if result.as_ref().is_err_and(|e| e.code == 429) {
            st.faults.too_many_requests += 1;
        }
        if working {
            st.in_flight -= 1;
            st.last_call = Some(tokio::time::Instant::now());
        }
        st.calls.push(Call {
            method,
            params: params_json,
            ok: result.is_ok(),
            error_code: result.as_ref().err().map(|e| e.code),
            description: result.as_ref().err().map(|e| e.description.clone()),
        });
    }
    shared.changed.notify_waiters();
    Some(respond(result))
}

/// `/.../bot{token}/{Method}` -> (token, Method).
fn parse_route(path: &str) -> Option<(String, String)> {
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect();
    let [.., bot, method] = segments.as_slice() else {
        return None;
    };
    let token = bot.strip_prefix("bot")?;
    Some((token.to_string(), method.clone()))
}

fn respond(result: ApiResult) -> poem::Response {
    let (status, body) = match result {
        Ok(value) => (200, json!({"ok": true, "result": value})),
        Err(e) => {
            let mut body = json!({"ok": false, "error_code": e.code, "description": e.description});
            if let Some(to) = e.migrate_to {
                body["parameters"] = json!({ "migrate_to_chat_id": to });
            }
            if let Some(secs) = e.retry_after {
                body["parameters"] = json!({ "retry_after": secs });
            }
            (e.code, body)
        }
    };
    poem::Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST))
        .content_type("application/json")
        .body(body.to_string())
}

async fn dispatch(shared: &Arc<Shared>, method: &str, p: &Params) -> ApiResult {
    rules::refuse_formatting(p)?;
    // A method Telegram has trouble with (`fail_method`), getUpdates too.
    let fault = shared.lock().faults.failing_methods.get(method).copied();
    match fault {
        Some(crate::MethodFault::ServerError) => {
            return Err(ApiErr::new(500, "Internal Server Error"))
        }
        Some(crate::MethodFault::TooManyRequests { retry_after }) => {
            return Err(ApiErr::too_many_requests(retry_after));
        }
        None => {}
    }
    if method == "getupdates" {
        return updates::get_updates(shared, p).await;
    }
    let result = {
        let mut st = shared.lock();
        handle_method(shared, &mut st, method, p)
    };
    shared.changed.notify_waiters();
    result
}

fn handle_method(sh: &Shared, st: &mut State, method: &str, p: &Params) -> ApiResult {
    if method == "sendmessage" && st.faults.failing_sends > 0 {
        st.faults.failing_sends -= 1;
        return Err(ApiErr::new(500, "Internal Server Error"));
    }
    match method {
        "getme" => Ok(methods::get_me(sh)),
        "getwebhookinfo" => Ok(st.updates.webhook_info()),
        "deletewebhook" => Ok(st.updates.delete_webhook(p)),
        "setwebhook" => st.updates.set_webhook(p),
        "sendmessage" => methods::send_message(sh, st, p),
        "sendphoto" | "senddocument" | "sendvideo" | "sendaudio" | "sendvoice"
        | "sendanimation" | "sendsticker" | "sendvideonote" => {
            methods::send_media(sh, st, p, method)
        }
        "copymessage" => methods::copy_message(sh, st, p),
        "forwardmessage" => methods::forward_message(sh, st, p),
        "editmessagetext" => methods::edit_message_text(st, p),
        "editmessagereplymarkup" => methods::edit_message_reply_markup(st, p),
        "deletemessage" => methods::delete_message(st, p),
        "sendchataction" => methods::send_chat_action(st, p),
        "setmessagereaction" => methods::set_message_reaction(st, p),
        "answercallbackquery" => methods::answer_callback_query(st, p),
        "getchat" => methods::get_chat(st, p),
        "getchatmember" => members::get_chat_member(sh, st, p),
        "getfile" => files::get_file(st, p),
        "setchatmenubutton" => members::set_chat_menu_button(st, p),
        "getchatmenubutton" => members::get_chat_menu_button(st, p),
        "createforumtopic" => topics::create_forum_topic(sh, st, p),
        "editforumtopic" => topics::edit_forum_topic(sh, st, p),
        "closeforumtopic" => topics::close_forum_topic(sh, st, p, true),
        "reopenforumtopic" => topics::close_forum_topic(sh, st, p, false),
        "deleteforumtopic" => topics::delete_forum_topic(st, p),
        "setmycommands" => commands::set_my_commands(st, p),
        "getmycommands" => commands::get_my_commands(st, p),
        "deletemycommands" => commands::delete_my_commands(st, p),
        m if UNMODELLED_METHODS.contains(&m) => Err(bad(&format!(
            "method {m} is real but not modelled by FakeTelegram"
        ))),
        _ => Err(ApiErr::new(404, "Not Found")),
    }
}
