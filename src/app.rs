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
use std::time::Instant;

use tokio::sync::watch;

use crate::bot::listener::Tracker;
use crate::bot::run::{self, BotError, Source};
use crate::bot::webhook;
use crate::config::{Config, Mode};
use crate::health::Health;
use crate::metrics::Metrics;
use crate::store::{Store, StoreError, Written};

/// Why the bot could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on HTTP port {port}: {source}. Is another program using it? Set HTTP_PORT to a free port")]
    Bind { port: u16, source: std::io::Error },
    #[error(transparent)]
    Bot(#[from] BotError),
    #[error("the HTTP server stopped: {0}")]
    Http(std::io::Error),
}

/// A bot ready to run: store loaded, port bound.
pub struct App {
    config: Config,
    store: Arc<Store>,
    listener: tokio::net::TcpListener,
    started: Instant,
    /// This bot's counters, handed to everything that counts.
    metrics: Arc<Metrics>,
}

impl App {
    /// Loads the data file and binds the HTTP port (on `HTTP_ADDRESS`).
    pub async fn build(config: Config) -> Result<App, AppError> {
        let started = Instant::now();
        let store = Store::open_configured(&config.store, &config.data_file).await?;
        let port = config.http_port;
        let listener = tokio::net::TcpListener::bind((config.http_address, port))
            .await
            .map_err(|source| AppError::Bind { port, source })?;
        tracing::info!(store = %store.describe(), "data loaded");
        let metrics = Arc::new(Metrics::new());
        let counting = Arc::clone(&metrics);
        store.observe_writes(Box::new(move |written| match written {
            Written::Took(took) => counting.store_write(took),
            Written::Failed => counting.store_write_failed(),
        }));
        Ok(App {
            config,
            store: Arc::new(store),
            listener,
            started,
            metrics,
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

    /// This bot's counters (what `/metrics` serves besides the gauges).
    pub fn metrics(&self) -> Arc<Metrics> {
        Arc::clone(&self.metrics)
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
            metrics,
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
                derived,
            } => {
                let path = webhook::path(&token);
                let (ingress, listener) = webhook::channel(
                    Arc::clone(&tracker),
                    Arc::clone(&store),
                    Arc::clone(&health),
                    Arc::clone(&metrics),
                    secret.clone(),
                );
                let mut address = url.clone();
                address.set_path(&format!("{}{path}", url.path().trim_end_matches('/')));
                if *derived {
                    tracing::info!("webhook secret derived from the bot token (not shown)");
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

        // The team's inbox, with the engine once the bot side has started it.
        let engine: crate::engine::Slot = Arc::default();
        let web = crate::web::Web::new(
            &config,
            Arc::clone(&store),
            Arc::clone(&engine),
            started,
            Arc::clone(&metrics),
        );
        let port = listener.local_addr().map_or(0, |a| a.port());
        let http = tokio::spawn(crate::http::serve(
            listener,
            crate::http::require_monitor_token(
                crate::http::routes(
                    Arc::clone(&store),
                    started,
                    Arc::clone(&health),
                    Arc::clone(&tracker),
                    Arc::clone(&metrics),
                    webhook,
                    Some(web),
                ),
                config.metrics_token.clone(),
            ),
            stopped(),
        ));
        tracing::info!(port, "HTTP server listening");

        let telegram = tokio::spawn(run::run(
            config,
            store,
            tracker,
            source,
            health,
            stopped(),
            token,
            engine,
            metrics,
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
