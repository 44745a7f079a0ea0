//! `support-bot`: without a command, loads the settings, starts logging and
//! runs the bot until SIGINT or SIGTERM. Exit codes: 0 after a clean stop,
//! 2 for a settings problem (or a mistyped command line), 1 for anything
//! else that stopped the start (data file, port, token). `check-config` and
//! the operating commands are in their own modules (`check`, `ops`; see
//! `support-bot --help`); `demo` starts the demo program beside this one.

use std::process::ExitCode;

use clap::Parser;
use support_bot::app::App;
use support_bot::cli::{Cli, Command};
use support_bot::ops::{backup, export, forget, migrate, setup, stats};
use support_bot::{check, ops, telemetry};

fn main() -> ExitCode {
    match Cli::parse().command {
        None => run_bot(),
        Some(Command::Demo { args }) => start_demo(&args),
        Some(Command::Setup) => setup::run(),
        Some(Command::CheckConfig) => check::run(),
        Some(Command::Export {
            format,
            output,
            data_file,
        }) => export::run(format, output.as_deref(), data_file.as_deref()),
        Some(Command::Migrate {
            from,
            to,
            data_file,
            database_url,
        }) => migrate::run(from, to, data_file.as_deref(), database_url.as_deref()),
        Some(Command::Stats { data_file }) => stats::run(data_file.as_deref()),
        Some(Command::Backup { file, data_file }) => backup::backup(&file, data_file.as_deref()),
        Some(Command::Restore { file, data_file }) => backup::restore(&file, data_file.as_deref()),
        Some(Command::Forget { chat, data_file }) => forget::run(chat, data_file.as_deref()),
    }
}

#[tokio::main]
async fn run_bot() -> ExitCode {
    let loaded = match ops::settings() {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    telemetry::init(
        loaded.log_filter.as_deref(),
        loaded.log_format,
        loaded.config.bot_token.expose(),
    );
    let stop = stop_signal();
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
    match app.run(stop).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("stopped: {e}");
            eprintln!("support-bot: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The command that builds and starts the demo from the source.
const DEMO_FROM_SOURCE: &str = "cargo run --release -p support-bot-demo";

/// `support-bot demo`: runs the demo program lying beside this one with
/// `args` (on Unix in place of this process, so Ctrl-C reaches it alone),
/// or says where it was looked for and the one command that starts it.
fn start_demo(args: &[String]) -> ExitCode {
    let beside = std::env::current_exe().ok().and_then(|exe| {
        let demo = exe.with_file_name(format!("support-bot-demo{}", std::env::consts::EXE_SUFFIX));
        demo.is_file().then_some(demo)
    });
    let Some(demo) = beside else {
        eprintln!(
            "support-bot: the demo is a program of its own, support-bot-demo, and it is not beside this one.\n\
             From the source, start it with:\n\n    {DEMO_FROM_SOURCE}\n"
        );
        return ExitCode::FAILURE;
    };
    let mut command = std::process::Command::new(&demo);
    command.args(args);
    #[cfg(unix)]
    let error = {
        use std::os::unix::process::CommandExt;
        command.exec()
    };
    #[cfg(not(unix))]
    let error = match command.status() {
        Ok(status) => return ExitCode::from(status.code().unwrap_or(1) as u8),
        Err(error) => error,
    };
    eprintln!("support-bot: cannot start {}: {error}", demo.display());
    ExitCode::FAILURE
}

/// Starts listening for SIGINT (Ctrl-C) and SIGTERM (service managers) at
/// once, so a signal that arrives while the bot starts is not missed (it
/// would otherwise end the process without a clean stop). The future
/// resolves on the first of them.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::SignalKind;
        let int = listen(SignalKind::interrupt(), "SIGINT");
        let term = listen(SignalKind::terminate(), "SIGTERM");
        async move {
            tokio::select! {
                () = int => tracing::info!("SIGINT received"),
                () = term => tracing::info!("SIGTERM received"),
            }
        }
    }
    #[cfg(not(unix))]
    async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => tracing::info!("SIGINT received"),
            Err(e) => {
                tracing::error!("cannot listen for Ctrl-C: {e}");
                std::future::pending::<()>().await;
            }
        }
    }
}

/// Registers for one signal now; the future resolves when it arrives (or
/// never, after logging why, if it cannot be listened for).
#[cfg(unix)]
fn listen(
    kind: tokio::signal::unix::SignalKind,
    name: &'static str,
) -> impl std::future::Future<Output = ()> {
    let stream = tokio::signal::unix::signal(kind);
    async move {
        match stream {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!("cannot listen for {name}: {e}");
                std::future::pending::<()>().await;
            }
        }
    }
}
