//! `support-bot`: loads the settings, starts logging, runs until SIGINT or
//! SIGTERM. Exit codes: 0 after a clean stop, 2 for a settings problem,
//! 1 for anything else that stopped the start (data file, port, token).

use std::path::Path;
use std::process::ExitCode;

use support_bot::app::App;
use support_bot::{config, telemetry};

#[tokio::main]
async fn main() -> ExitCode {
    let loaded = match config::load(Path::new("Config.toml"), Some(Path::new(".env"))) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("support-bot: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(
        loaded.log_filter.as_deref(),
        loaded.config.bot_token.expose(),
    );
    for warning in &loaded.warnings {
        tracing::warn!("{warning}");
    }
    let app = match App::build(loaded.config).await {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("cannot start: {e}");
            eprintln!("support-bot: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match app.run(stop_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("stopped: {e}");
            eprintln!("support-bot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM (service managers).
async fn stop_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT received"),
        () = term => tracing::info!("SIGTERM received"),
    }
}
