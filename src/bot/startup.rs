//! Telegram start-up: waiting for the Bot API, the webhook set (webhook
//! mode) or removed (polling), and, in the background, the command menus
//! and menu buttons.

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, MenuButton, Recipient, WebAppInfo};
use teloxide::{ApiError, RequestError};

use super::intake;
use super::run::BotError;
use crate::command::{self, Scope};
use crate::config::Languages;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::telemetry::mask;
use crate::texts;

/// Calls getMe until it works. A refused token ends the wait with an error;
/// anything else (network down, Telegram busy) is retried every 5 seconds.
pub async fn wait_for_bot_api(
    bot: &Bot,
    token: &str,
    health: &Health,
    metrics: &Metrics,
) -> Result<teloxide::types::Me, BotError> {
    loop {
        let answer = bot.get_me().await;
        metrics.api_call("getMe", &answer);
        health.bot_api_answered(answer.is_ok());
        match answer {
            Ok(me) => return Ok(me),
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                return Err(BotError::BadToken("401 Unauthorized".into()));
            }
            Err(e) => {
                let error = mask(&e.to_string(), token);
                tracing::warn!(%error, "the Bot API cannot be reached yet; trying again in 5 seconds");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

/// How long the set-up calls keep trying before the bot gives them up.
const SET_UP_GIVE_UP: Duration = Duration::from_secs(15 * 60);
/// The first wait after a server or network error; doubled each time.
const SET_UP_FIRST_BACKOFF: Duration = Duration::from_secs(1);
/// The longest wait between two tries of one set-up call.
const SET_UP_MAX_BACKOFF: Duration = Duration::from_secs(60);

/// One set-up call, made again on each try.
type SetUpCall = Box<dyn Fn() -> BoxFuture<'static, Result<(), RequestError>> + Send + Sync>;

/// Makes the bot's cosmetic set-up calls (command menus, the inbox's menu
/// buttons) in the background, while the bot already reads and answers
/// updates. Telegram's rules: a 429 waits its `retry_after`, a server or
/// network error is tried again after a growing wait, and after
/// [`SET_UP_GIVE_UP`] what is still not set is given up with one warning. An
/// answer that says the call itself is wrong is not tried again. The calls
/// go past the sending limiter: they never take a send slot a person needs.
pub fn spawn_set_up(
    bot: Bot,
    admins: Vec<i64>,
    public_url: Option<url::Url>,
    languages: Languages,
    token: String,
    metrics: Arc<Metrics>,
) -> tokio::task::JoinHandle<()> {
    let mut calls = command_menus(&bot, &admins, languages);
    calls.extend(inbox_menu_buttons(
        &bot,
        &admins,
        public_url.as_ref(),
        languages.team,
    ));
    tokio::spawn(async move {
        let total = calls.len();
        let tried = calls.iter().map(|(method, call)| {
            retry_until(
                method,
                call.as_ref(),
                &metrics,
                SET_UP_GIVE_UP,
                SET_UP_FIRST_BACKOFF,
            )
        });
        let failed: Vec<(&'static str, RequestError)> = futures::future::join_all(tried)
            .await
            .into_iter()
            .filter_map(Result::err)
            .collect();
        if let Some((method, last)) = failed.last() {
            tracing::warn!(
                failed = failed.len(),
                total,
                %method,
                error = %mask(&last.to_string(), &token),
                "gave up setting the command menus or menu buttons; the bot works without them, they are tried again at the next start"
            );
        }
    })
}

/// Makes `call` until it works, Telegram says it is wrong, or `give_up`
/// has passed. The last error on failure.
async fn retry_until(
    method: &'static str,
    call: &(dyn Fn() -> BoxFuture<'static, Result<(), RequestError>> + Send + Sync),
    metrics: &Metrics,
    give_up: Duration,
    first_backoff: Duration,
) -> Result<(), (&'static str, RequestError)> {
    let deadline = tokio::time::Instant::now() + give_up;
    let mut backoff = first_backoff;
    loop {
        let answer = call().await;
        metrics.api_call(method, &answer);
        let (wait, error) = match answer {
            Ok(()) => return Ok(()),
            Err(RequestError::RetryAfter(secs)) => {
                (secs.duration(), RequestError::RetryAfter(secs))
            }
            // A known refusal (a wrong scope, chat or command) stays wrong.
            Err(e) if matches!(&e, RequestError::Api(api) if !matches!(api, ApiError::Unknown(_))) =>
            {
                return Err((method, e));
            }
            // Server errors (teloxide reads them as unknown API errors),
            // answers that are not JSON, the network.
            Err(e) => {
                let wait = backoff;
                backoff = (backoff * 2).min(SET_UP_MAX_BACKOFF);
                (wait, e)
            }
        };
        if tokio::time::Instant::now() + wait > deadline {
            return Err((method, error));
        }
        tokio::time::sleep(wait).await;
    }
}

/// The commands in Telegram's menu: the person's commands for everyone
/// (in the default language, and in each shipped language for people whose
/// Telegram speaks it), the support team's in each admin chat (in the
/// team's language).
fn command_menus(
    bot: &Bot,
    admins: &[i64],
    languages: Languages,
) -> Vec<(&'static str, SetUpCall)> {
    let menu = |scope: Scope, language: &str| -> Vec<BotCommand> {
        command::menu(scope, language)
            .into_iter()
            .map(|(c, d)| BotCommand::new(c, d))
            .collect()
    };
    let mut requests = vec![(
        BotCommandScope::Default,
        None,
        menu(Scope::People, languages.default),
    )];
    for language in texts::LANGUAGES {
        requests.push((
            BotCommandScope::Default,
            Some(language.code),
            menu(Scope::People, language.code),
        ));
    }
    for admin in admins {
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(*admin)),
        };
        requests.push((scope, None, menu(Scope::Team, languages.team)));
    }
    requests
        .into_iter()
        .map(|(scope, language, commands)| {
            let mut request = bot.set_my_commands(commands).scope(scope);
            if let Some(code) = language {
                request = request.language_code(code);
            }
            let call: SetUpCall = Box::new(move || {
                let request = request.clone();
                Box::pin(async move { request.await.map(|_| ()) })
            });
            ("setMyCommands", call)
        })
        .collect()
}

/// With `PUBLIC_URL` on https, the menu button of each admin's private
/// chat opens the team's inbox as a Mini App (`setChatMenuButton`).
/// Telegram takes https only, so an http address gets no menu button
/// (`/inbox` still gives a link).
fn inbox_menu_buttons(
    bot: &Bot,
    admins: &[i64],
    public_url: Option<&url::Url>,
    language: &str,
) -> Vec<(&'static str, SetUpCall)> {
    let Some(public) = public_url else {
        return Vec::new();
    };
    if !crate::links::opens_as_mini_app(public) {
        tracing::info!("PUBLIC_URL is not https: Telegram opens no Mini App there, so the admin chats get no inbox menu button");
        return Vec::new();
    }
    let button = MenuButton::WebApp {
        text: texts::text(language, "inbox-menu-button", &[]),
        web_app: WebAppInfo {
            url: crate::links::app_url(public),
        },
    };
    // Only private chats have a menu button.
    admins
        .iter()
        .filter(|a| **a > 0)
        .map(|admin| {
            let request = bot
                .set_chat_menu_button()
                .chat_id(ChatId(*admin))
                .menu_button(button.clone());
            let call: SetUpCall = Box::new(move || {
                let request = request.clone();
                Box::pin(async move { request.await.map(|_| ()) })
            });
            ("setChatMenuButton", call)
        })
        .collect()
}

/// Polling: removes a webhook left from webhook mode (Telegram refuses
/// getUpdates while one is set).
pub async fn remove_webhook(bot: &Bot, token: &str) {
    if let Err(e) = bot.delete_webhook().await {
        tracing::warn!(error = %mask(&e.to_string(), token), "could not remove a webhook");
    }
}

/// Webhook mode: tells Telegram where to post updates, with the secret and
/// the kinds of update the bot reads.
pub async fn set_webhook(bot: &Bot, address: url::Url, secret: String, token: &str) {
    let set = bot
        .set_webhook(address)
        .secret_token(secret)
        .allowed_updates(intake::ALLOWED)
        .await;
    if let Err(e) = set {
        let error = mask(&e.to_string(), token);
        tracing::error!(%error, "could not set the webhook; updates will not arrive until it is set");
    }
}
