//! Self-tests of the fake Telegram server, driven by a real teloxide `Bot`
//! and raw HTTP: the fake must enforce Telegram's rules, or the bot's tests
//! against it would prove nothing.

mod faults;
mod members;
mod messages;
mod protocol;
mod topics;
mod updates;

use fake_telegram::FakeTelegram;
use serde_json::Value;
use teloxide::prelude::*;
use teloxide::{ApiError, RequestError};

const TOKEN: &str = "123456:TEST-token_abc";
const ALICE: i64 = 1001;
const BOB: i64 = 1002;
const CAROL: i64 = 1003;
const GROUP: i64 = -5001;

/// A fake with Alice, Bob and Carol in private chats and one group, and a
/// teloxide `Bot` pointed at it.
async fn setup() -> (FakeTelegram, Bot) {
    let fake = FakeTelegram::start(TOKEN).await;
    fake.add_private_chat(ALICE, "Alice", Some("alice"));
    fake.add_private_chat(BOB, "Bob", None);
    fake.add_private_chat(CAROL, "Carol", None);
    fake.add_group_chat(GROUP, "Support team");
    let bot = Bot::new(TOKEN).set_api_url(reqwest::Url::parse(&fake.api_url()).unwrap());
    (fake, bot)
}

/// The URL of `method` on the fake.
fn method_url(fake: &FakeTelegram, method: &str) -> String {
    format!("{}bot{}/{}", fake.api_url(), TOKEN, method)
}

/// POSTs a JSON body to `method` and returns (HTTP status, response JSON).
async fn raw(fake: &FakeTelegram, method: &str, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(method_url(fake, method))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

fn api_err<T: std::fmt::Debug>(result: Result<T, RequestError>) -> ApiError {
    match result {
        Err(RequestError::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn text_of(update: &teloxide::types::Update) -> Option<String> {
    match &update.kind {
        teloxide::types::UpdateKind::Message(m) => m.text().map(str::to_string),
        _ => None,
    }
}
