//! Talking to Telegram: start-up (see [`super::startup`]), then the
//! dispatcher on the polling listener or the webhook until told to stop,
//! then a short wait for messages still being sent.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use teloxide::dispatching::{Dispatcher, ShutdownToken};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;

use super::delivery::Delivery;
use super::limits::Limiter;
use super::listener::{DurableListener, Tracker};
use super::team::Team;
use super::webhook::WebhookListener;
use super::{startup, Ctx, ThrottledBot};
use crate::config::Config;
use crate::engine::Engine;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::store::{Store, StoreError};
use crate::telemetry::mask;

/// Why talking to Telegram had to stop.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("the Bot API refused BOT_TOKEN ({0}). Check the token from BotFather")]
    BadToken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where updates come from.
pub enum Source {
    Polling,
    Webhook {
        listener: WebhookListener,
        address: url::Url,
        secret: String,
    },
}

/// Talks to Telegram until `stopped` resolves.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    config: Config,
    store: Arc<Store>,
    tracker: Arc<Tracker>,
    source: Source,
    health: Arc<Health>,
    stopped: impl Future<Output = ()> + Send,
    token: String,
    publish: crate::engine::Slot,
    metrics: Arc<Metrics>,
) -> Result<(), BotError> {
    let bot = Bot::new(&token).set_api_url(config.api_url.clone());
    tokio::pin!(stopped);
    // Wait for the Bot API: the network may come up after the bot does.
    let me = tokio::select! {
        me = startup::wait_for_bot_api(&bot, &token, &health, &metrics) => me?,
        () = &mut stopped => return Ok(()),
    };
    tracing::info!(username = %me.username(), "connected to the Bot API");
    let throttled = ThrottledBot {
        api: bot.clone(),
        limiter: Arc::new(Limiter::new(config.limits)),
        metrics: Arc::clone(&metrics),
    };

    let admin_chats = store.read(|m| {
        config
            .admin_chat_ids
            .iter()
            .map(|c| m.current_admin_chat(*c))
            .collect::<Vec<_>>()
    });
    let team = Arc::new(Team::with_forum(
        admin_chats,
        config.team.chat,
        config.team.notify_admin_chats,
    ));
    let delivery = Delivery::new(
        throttled.clone(),
        Arc::clone(&store),
        Arc::clone(&team),
        Arc::clone(&health),
        config.languages,
    );
    delivery.set_public_url(config.web.public_url.clone());
    let engine = Arc::new(Engine::new(
        &config,
        Arc::clone(&store),
        Arc::clone(&metrics),
        Arc::clone(&health),
        Box::new(Arc::clone(&delivery)),
    ));
    let ctx = Arc::new(Ctx {
        engine: Arc::clone(&engine),
        team,
        tracker: Arc::clone(&tracker),
        delivery: Arc::clone(&delivery),
    });
    // Menus are cosmetic: they never stand between start-up and intake.
    let set_up = startup::spawn_set_up(
        bot.clone(),
        ctx.team.chats(),
        config.web.public_url.clone(),
        config.languages,
        token.clone(),
        Arc::clone(&metrics),
    );
    // Can the bot write to each of the team's chats? Said in the log and on
    // /readyz; like the menus, never waited for.
    let forum = ctx.team.forum();
    let chats = ctx
        .team
        .chats()
        .into_iter()
        .map(|chat| {
            let purpose = if Some(chat) == forum {
                super::access::Purpose::Team
            } else {
                super::access::Purpose::Admin
            };
            (chat, purpose)
        })
        .collect();
    let access = super::access::spawn_check(
        bot.clone(),
        me.id,
        me.username().to_string(),
        chats,
        Arc::clone(&health),
        Arc::clone(&metrics),
        token.clone(),
    );
    // The team's inbox acts through the engine from now on.
    let _ = publish.set(Arc::clone(&engine));
    // Messages saved before a crash but not sent go out before anything new.
    engine.send_unsent();
    // Held messages reach the team once a burst ends.
    let held = tokio::spawn(super::held::keep_passing_on(engine));
    let unhandled_ctx = Arc::clone(&ctx);
    let mut dispatcher = Dispatcher::builder(bot.clone(), super::schema())
        .dependencies(dptree::deps![ctx, Arc::clone(&store), throttled])
        .default_handler(move |update| super::on_unhandled(Arc::clone(&unhandled_ctx), update))
        .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
        .build();
    let shutdown_token = dispatcher.shutdown_token();
    let sender = tokio::spawn(super::sender::keep_sending(
        Arc::clone(&store),
        Arc::clone(&delivery),
    ));
    let retention = config.retention_days.map(|days| {
        tokio::spawn(super::retention::keep_erasing(
            Arc::clone(&store),
            days,
            config.retention_every,
        ))
    });
    match source {
        Source::Polling => {
            startup::remove_webhook(&bot, &token).await;
            let listener = DurableListener::new(
                bot.clone(),
                Arc::clone(&store),
                tracker,
                config.poll_timeout,
                health,
                metrics,
            );
            dispatch(&mut dispatcher, listener, &shutdown_token, stopped, &token).await?;
        }
        Source::Webhook {
            listener,
            address,
            secret,
        } => {
            startup::set_webhook(&bot, address, secret, &token).await;
            dispatch(&mut dispatcher, listener, &shutdown_token, stopped, &token).await?;
        }
    }
    // Handlers are done; give the messages still queued a little time.
    if !delivery.finish(STOP_GRACE).await {
        tracing::warn!("stopping with messages still waiting to be sent; they are saved and go out at the next start");
    }
    sender.abort();
    set_up.abort();
    access.abort();
    held.abort();
    if let Some(task) = retention {
        task.abort();
    }
    store.flush().await?;
    Ok(())
}

/// Runs the dispatcher on `listener` until `stopped` resolves.
async fn dispatch<L>(
    dispatcher: &mut Dispatcher<Bot, super::HandlerError, teloxide::dispatching::DefaultKey>,
    listener: L,
    shutdown_token: &ShutdownToken,
    stopped: impl Future<Output = ()>,
    token: &str,
) -> Result<(), BotError>
where
    L: teloxide::update_listeners::UpdateListener + Send,
    L::Err: std::fmt::Debug,
{
    tokio::pin!(stopped);
    let dispatch = dispatcher.try_dispatch_with_listener(
        listener,
        LoggingErrorHandler::with_custom_text("getting updates failed"),
    );
    tokio::pin!(dispatch);
    tokio::select! {
        result = &mut dispatch => {
            return result.map_err(|e| BotError::BadToken(mask(&e.to_string(), token)));
        }
        () = &mut stopped => {}
    }
    stop_dispatcher(shutdown_token, dispatch).await;
    Ok(())
}

/// How long a stop waits for handlers in progress, and then for messages
/// still being sent. Whatever is left is saved and goes out at the next start.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// Asks the dispatcher to stop and drives it until it has, or until
/// [`STOP_GRACE`] has passed.
async fn stop_dispatcher(token: &ShutdownToken, dispatch: impl Future) {
    tokio::pin!(dispatch);
    let stopping = async {
        loop {
            match token.shutdown() {
                Ok(done) => {
                    tokio::join!(done, &mut dispatch);
                    return;
                }
                // Not running yet: let it get going, then ask again.
                Err(_) => {
                    tokio::select! {
                        _ = &mut dispatch => return,
                        () = tokio::time::sleep(Duration::from_millis(50)) => {}
                    }
                }
            }
        }
    };
    if tokio::time::timeout(STOP_GRACE, stopping).await.is_err() {
        tracing::warn!("stopping with updates still being handled; Telegram sends them again at the next start");
    }
}
