//! Telegram start-up: waiting for the Bot API, the command menus, and the
//! webhook set (webhook mode) or removed (polling).

use std::time::Duration;

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

/// Puts the commands in Telegram's menu: the person's commands for
/// everyone (in the default language, and in each shipped language for
/// people whose Telegram speaks it), the support team's in each admin chat
/// (in the team's language). A failure only costs the menu, so it is logged
/// and the bot goes on.
pub async fn register_commands(bot: &Bot, admins: &[i64], languages: Languages, token: &str) {
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
    for (scope, language, commands) in requests {
        let mut request = bot.set_my_commands(commands).scope(scope);
        if let Some(code) = language {
            request = request.language_code(code);
        }
        if let Err(e) = request.await {
            tracing::warn!(error = %mask(&e.to_string(), token), "could not set a command menu");
        }
    }
}

/// With `PUBLIC_URL` on https, the menu button of each admin's private
/// chat opens the team's inbox as a Mini App (`setChatMenuButton`).
/// Telegram takes https only, so an http address gets no menu button
/// (`/inbox` still gives a link). A failure only costs the button.
pub async fn set_inbox_menu_buttons(
    bot: &Bot,
    admins: &[i64],
    public_url: Option<&url::Url>,
    language: &str,
    token: &str,
    metrics: &Metrics,
) {
    let Some(public) = public_url else { return };
    if !crate::web::opens_as_mini_app(public) {
        tracing::info!("PUBLIC_URL is not https: Telegram opens no Mini App there, so the admin chats get no inbox menu button");
        return;
    }
    let button = MenuButton::WebApp {
        text: texts::text(language, "inbox-menu-button", &[]),
        web_app: WebAppInfo {
            url: crate::web::app_url(public),
        },
    };
    // Only private chats have a menu button.
    for admin in admins.iter().filter(|a| **a > 0) {
        let set = bot
            .set_chat_menu_button()
            .chat_id(ChatId(*admin))
            .menu_button(button.clone())
            .await;
        metrics.api_call("setChatMenuButton", &set);
        if let Err(e) = set {
            tracing::warn!(error = %mask(&e.to_string(), token), "could not set the inbox menu button");
        }
    }
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
