//! Wiring: open the store, bind the HTTP port, then run the Telegram
//! dispatcher and the HTTP server side by side until told to stop.
//!
//! [`App::build`] does everything that can fail because of the machine (a
//! corrupt data file, a port in use) before anything talks to Telegram, so
//! those problems stop the start with a clear message. [`App::run`] takes its
//! shutdown signal from outside: `main` passes SIGINT/SIGTERM, tests pass
//! their own.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use teloxide::dispatching::{Dispatcher, ShutdownToken};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};
use teloxide::{ApiError, RequestError};
use tokio::sync::watch;

use crate::bot::command::{ADMIN_COMMANDS, USER_COMMANDS};
use crate::bot::delivery::Delivery;
use crate::bot::intake;
use crate::bot::limits::Limiter;
use crate::bot::listener::{DurableListener, Tracker};
use crate::bot::team::Team;
use crate::bot::{self, Ctx};
use crate::config::{Config, Mode};
use crate::health::Health;
use crate::store::{Store, StoreError};
use crate::telemetry::mask;
use crate::webhook::{self, WebhookListener};

/// Why the bot could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on HTTP port {port}: {source}. Is another program using it? Set HTTP_PORT to a free port")]
    Bind { port: u16, source: std::io::Error },
    #[error("the Bot API refused BOT_TOKEN ({0}). Check the token from BotFather")]
    BadToken(String),
    #[error("the HTTP server stopped: {0}")]
    Http(std::io::Error),
}

/// A bot ready to run: store loaded, port bound.
pub struct App {
    config: Config,
    store: Arc<Store>,
    listener: tokio::net::TcpListener,
    started: Instant,
}

impl App {
    /// Loads the data file and binds the HTTP port (on all interfaces).
    pub async fn build(config: Config) -> Result<App, AppError> {
        let started = Instant::now();
        let path = config.data_file.clone();
        let store = tokio::task::spawn_blocking(move || Store::open(path))
            .await
            .unwrap_or_else(|join| std::panic::resume_unwind(join.into_panic()))?;
        let port = config.http_port;
        let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
            .await
            .map_err(|source| AppError::Bind { port, source })?;
        tracing::info!(file = %store.path().display(), "data file loaded");
        Ok(App {
            config,
            store: Arc::new(store),
            listener,
            started,
        })
    }

    /// The HTTP port actually bound (useful when the setting was 0).
    pub fn http_port(&self) -> u16 {
        self.listener.local_addr().map_or(0, |a| a.port())
    }

    /// The store, for callers that want to look at what the bot remembers.
    pub fn store(&self) -> Arc<Store> {
        Arc::clone(&self.store)
    }

    /// Runs until `shutdown` resolves, then stops taking updates, lets
    /// handlers in progress finish (their changes are already on disk before
    /// they reply) and stops the HTTP server.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> Result<(), AppError> {
        let App {
            config,
            store,
            listener,
            started,
        } = self;
        let token = config.bot_token.expose().to_string();

        let (stop_tx, stop_rx) = watch::channel(false);
        let stopped = move || {
            let mut rx = stop_rx.clone();
            async move {
                let _ = rx.wait_for(|stop| *stop).await;
            }
        };

        // In webhook mode the HTTP server receives the updates.
        let tracker = Arc::new(Tracker::default());
        let health = Arc::new(Health::default());
        let (source, webhook) = match &config.mode {
            Mode::Polling => (Source::Polling, None),
            Mode::Webhook {
                url,
                secret,
                generated,
            } => {
                let path = webhook::path(&token);
                let (ingress, listener) =
                    webhook::channel(Arc::clone(&tracker), Arc::clone(&health), secret.clone());
                let mut address = url.clone();
                address.set_path(&format!("{}{path}", url.path().trim_end_matches('/')));
                if *generated {
                    tracing::info!("webhook secret generated (not shown)");
                }
                (
                    Source::Webhook {
                        listener,
                        address,
                        secret: secret.clone(),
                    },
                    Some((path, ingress)),
                )
            }
        };

        let port = listener.local_addr().map_or(0, |a| a.port());
        let http = tokio::spawn(crate::http::serve(
            listener,
            crate::http::routes(
                Arc::clone(&store),
                started,
                Arc::clone(&health),
                Arc::clone(&tracker),
                webhook,
            ),
            stopped(),
        ));
        tracing::info!(port, "HTTP server listening");

        let telegram = tokio::spawn(run_telegram(
            config,
            store,
            tracker,
            source,
            health,
            stopped(),
            token,
        ));

        shutdown.await;
        tracing::info!("stopping");
        let _ = stop_tx.send(true);

        let telegram_result = telegram
            .await
            .unwrap_or_else(|j| std::panic::resume_unwind(j.into_panic()));
        let http_result = http
            .await
            .unwrap_or_else(|j| std::panic::resume_unwind(j.into_panic()));
        telegram_result?;
        http_result.map_err(AppError::Http)?;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Where updates come from.
enum Source {
    Polling,
    Webhook {
        listener: WebhookListener,
        address: url::Url,
        secret: String,
    },
}

/// Talks to Telegram until `stopped` resolves.
async fn run_telegram(
    config: Config,
    store: Arc<Store>,
    tracker: Arc<Tracker>,
    source: Source,
    health: Arc<Health>,
    stopped: impl Future<Output = ()> + Send,
    token: String,
) -> Result<(), AppError> {
    let bot = Bot::new(&token).set_api_url(config.api_url.clone());
    tokio::pin!(stopped);
    // Wait for the Bot API: the network may come up after the bot does.
    let me = tokio::select! {
        me = wait_for_bot_api(&bot, &token, &health) => me?,
        () = &mut stopped => return Ok(()),
    };
    tracing::info!(username = %me.username(), "connected to the Bot API");
    let throttled = bot::TgBot {
        api: bot.clone(),
        limiter: Arc::new(Limiter::new(config.limits)),
    };

    let team = Arc::new(Team::new(store.read(|m| {
        config
            .admin_chat_ids
            .iter()
            .map(|c| m.current_admin_chat(*c))
            .collect::<Vec<_>>()
    })));
    let delivery = Delivery::new(
        throttled.clone(),
        Arc::clone(&store),
        Arc::clone(&team),
        Arc::clone(&health),
    );
    let ctx = Arc::new(Ctx {
        store: Arc::clone(&store),
        team,
        tracker: Arc::clone(&tracker),
        delivery: Arc::clone(&delivery),
    });
    register_commands(&bot, &ctx.team.chats(), &token).await;
    // Messages saved before a crash but not sent go out before anything new.
    bot::send_unsent(&ctx);
    let unhandled_ctx = Arc::clone(&ctx);
    let mut dispatcher = Dispatcher::builder(bot.clone(), bot::schema())
        .dependencies(dptree::deps![ctx, Arc::clone(&store), throttled])
        .default_handler(move |update| bot::on_unhandled(Arc::clone(&unhandled_ctx), update))
        .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
        .build();
    let shutdown_token = dispatcher.shutdown_token();
    match source {
        Source::Polling => {
            // Switching back from webhook mode: Telegram refuses getUpdates
            // while a webhook is set.
            if let Err(e) = bot.delete_webhook().await {
                tracing::warn!(error = %mask(&e.to_string(), &token), "could not remove a webhook");
            }
            let listener = DurableListener::new(
                bot.clone(),
                Arc::clone(&store),
                tracker,
                config.poll_timeout,
                health,
            );
            dispatch(&mut dispatcher, listener, &shutdown_token, stopped, &token).await?;
        }
        Source::Webhook {
            listener,
            address,
            secret,
        } => {
            let set = bot
                .set_webhook(address)
                .secret_token(secret)
                .allowed_updates(intake::ALLOWED)
                .await;
            if let Err(e) = set {
                let error = mask(&e.to_string(), &token);
                tracing::error!(%error, "could not set the webhook; updates will not arrive until it is set");
            }
            dispatch(&mut dispatcher, listener, &shutdown_token, stopped, &token).await?;
        }
    }
    // Handlers are done; give the messages still queued a little time.
    if !delivery.finish(STOP_GRACE).await {
        tracing::warn!("stopping with messages still waiting to be sent; they are saved and go out at the next start");
    }
    store.flush().await?;
    Ok(())
}

/// Runs the dispatcher on `listener` until `stopped` resolves.
async fn dispatch<L>(
    dispatcher: &mut Dispatcher<Bot, bot::HandlerError, teloxide::dispatching::DefaultKey>,
    listener: L,
    shutdown_token: &ShutdownToken,
    stopped: impl Future<Output = ()>,
    token: &str,
) -> Result<(), AppError>
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
            return result.map_err(|e| AppError::BadToken(mask(&e.to_string(), token)));
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

/// Calls getMe until it works. A refused token ends the wait with an error;
/// anything else (network down, Telegram busy) is retried every 5 seconds.
async fn wait_for_bot_api(
    bot: &Bot,
    token: &str,
    health: &Health,
) -> Result<teloxide::types::Me, AppError> {
    loop {
        let answer = bot.get_me().await;
        crate::metrics::global().api_call("getMe", &answer);
        health.bot_api_answered(answer.is_ok());
        match answer {
            Ok(me) => return Ok(me),
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                return Err(AppError::BadToken("401 Unauthorized".into()));
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
/// everyone, the support team's in each admin chat. A failure only costs
/// the menu, so it is logged and the bot goes on.
async fn register_commands(bot: &Bot, admins: &[i64], token: &str) {
    let menu = |list: &[(&str, &str)]| -> Vec<BotCommand> {
        list.iter().map(|(c, d)| BotCommand::new(*c, *d)).collect()
    };
    let mut requests = vec![(BotCommandScope::Default, menu(&USER_COMMANDS))];
    for admin in admins {
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(*admin)),
        };
        requests.push((scope, menu(&ADMIN_COMMANDS)));
    }
    for (scope, commands) in requests {
        if let Err(e) = bot.set_my_commands(commands).scope(scope).await {
            tracing::warn!(error = %mask(&e.to_string(), token), "could not set a command menu");
        }
    }
}
