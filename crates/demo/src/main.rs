//! `support-bot-demo`: the whole support bot with no token and no network.
//!
//! The real bot (the `support_bot` library: rules, store, delivery, the
//! team's inbox) runs against the simulated Telegram of `fake-telegram`,
//! started in this process on 127.0.0.1. Before the bot starts, a month of
//! history is made by the bot's own rules ([`month`]); while it runs,
//! simulated people write every few seconds and answer the team ([`life`]).
//! The inbox is on `http://127.0.0.1:8000` (`--port`), with a one-time
//! sign-in link printed, the one `/web` gives a team member.
//!
//! A program of its own so that `support-bot`, the bot people run for
//! real, never contains the simulated Telegram (`support-bot demo` starts
//! this program when it lies beside it).
//!
//! The data lives in a temporary folder, removed at the end, unless
//! `--data` names one. SIGINT (Ctrl-C) or SIGTERM stops it within a few
//! seconds.

mod cast;
mod life;
mod month;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use fake_telegram::FakeTelegram;
use support_bot::app::{App, AppError};
use support_bot::config::{
    BotToken, Config, Languages, Limits, Mode, StoreKind, TeamSettings, WebSettings,
};
use support_bot::telemetry::{self, LogFormat};

use crate::cast::TEAM;
use crate::life::{say, World};

/// The support bot with a simulated Telegram: a month of tickets from
/// people writing in four languages, new messages every few seconds, and
/// the team's inbox in your browser. No token, no network.
///
/// Type a line to write to the bot as Jamie, or `Name: text` to write as
/// one of the other people; `link` prints a new sign-in link.
#[derive(Debug, Parser)]
#[command(name = "support-bot-demo", version)]
struct Args {
    /// The port of the inbox, on 127.0.0.1.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Keep the data in this folder instead of a temporary one removed at
    /// the end. A folder with an earlier demo's data goes on from there.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Seconds between the simulated people's messages (0: only you
    /// write).
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    every: u64,
}

/// How long the bot may take to stop before the demo ends anyway.
const STOP_WITHIN: Duration = Duration::from_secs(3);

fn main() -> ExitCode {
    let args = Args::parse();
    if args.port == 0 {
        eprintln!("support-bot-demo: --port needs a port number, 0 is none");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("support-bot-demo: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(run(args));
    // The terminal's reading thread may still wait for a line.
    runtime.shutdown_timeout(Duration::from_millis(500));
    code
}

async fn run(args: Args) -> ExitCode {
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into());
    telemetry::init(Some(&filter), LogFormat::Text, cast::TOKEN);
    let stop = stop_signal();
    // The temporary folder is removed when `temporary` is dropped, after
    // the bot has stopped.
    let (temporary, dir) = match data_folder(args.data.as_deref()) {
        Ok(found) => found,
        Err(e) => {
            eprintln!("support-bot-demo: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = demo(&args, &dir, stop).await;
    if let Some(temporary) = temporary {
        if let Err(e) = temporary.close() {
            eprintln!("support-bot-demo: could not remove the temporary folder: {e}");
        }
    }
    code
}

/// The folder for the data: `--data` (made if missing), else a new
/// temporary one (returned to be removed at the end).
fn data_folder(data: Option<&Path>) -> Result<(Option<tempfile::TempDir>, PathBuf), String> {
    match data {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot make the folder {}: {e}", dir.display()))?;
            Ok((None, dir.to_owned()))
        }
        None => {
            let temporary = tempfile::Builder::new()
                .prefix("support-bot-demo-")
                .tempdir()
                .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
            let dir = temporary.path().to_owned();
            Ok((Some(temporary), dir))
        }
    }
}

async fn demo(args: &Args, dir: &Path, stop: impl std::future::Future<Output = ()>) -> ExitCode {
    let fake = FakeTelegram::start(cast::TOKEN).await;
    let world_people = cast::people();
    for person in world_people
        .iter()
        .chain([&cast::SPAMMER, &cast::YOU_AS_PERSON])
    {
        fake.add_private_chat(person.id, person.name, None);
        fake.set_language(person.id, Some(person.lang.code));
    }
    for member in TEAM {
        fake.add_private_chat(member.id, member.name, None);
    }
    let config = settings(&fake, dir, args.port);
    let mut open = Vec::new();
    if config.data_file.exists() {
        // Telegram's update ids go on from the last one the bot handled.
        match support_bot::store::load_readonly(&config.data_file) {
            Ok(model) => {
                let last = model.updates.handled.keys().next_back().copied();
                let next = model.updates.confirmed.max(last.map(|id| id + 1));
                fake.renumber_updates(next.unwrap_or(1));
            }
            Err(e) => {
                eprintln!("support-bot-demo: cannot read the demo's data: {e}");
                return ExitCode::FAILURE;
            }
        }
        say(&format!(
            "Going on with the demo's data in {}.",
            dir.display()
        ));
    } else {
        say("Making a month of support tickets...");
        match month::make(&config, &fake, support_bot::clock::now()).await {
            Ok(made) => {
                say(&format!(
                    "{} tickets from {} people, in English, Spanish, Russian and Arabic.",
                    made.tickets, made.people
                ));
                open = made.open;
            }
            Err(e) => {
                eprintln!("support-bot-demo: could not make the month's tickets: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let app = match App::build(config).await {
        Ok(app) => app,
        Err(AppError::Bind { port, source }) => {
            eprintln!(
                "support-bot-demo: cannot listen on port {port}: {source}. \
                 Is another program using it? Choose another with --port, e.g. --port 8001"
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("support-bot-demo: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let store = app.store();
    let (stop_bot, stopped) = tokio::sync::oneshot::channel::<()>();
    let mut bot = tokio::spawn(app.run(async move {
        let _ = stopped.await;
    }));

    let world = World::new(fake.clone(), store, &open, support_bot::clock::now());
    let watcher = tokio::spawn(life::watch(Arc::clone(&world)));
    let you = TEAM[0];
    match life::sign_in_link(&fake, you).await {
        Some(link) => {
            say("");
            say(&format!("The team's inbox, signed in as {}:", you.name));
            say(&format!("  {link}"));
            say("  (the link works once, for 5 minutes; type `link` for a new one)");
        }
        None => say("The bot gave no sign-in link; type `link` to ask again."),
    }
    say("");
    say("Type a line to write to the bot as Jamie, or `Name: text` as someone else");
    say("(Ann, Lucía, Olga, Omar, ...). Ctrl-C stops the demo.");
    say("");
    let simulation = (args.every > 0).then(|| {
        tokio::spawn(life::simulate(
            Arc::clone(&world),
            Duration::from_secs(args.every),
        ))
    });
    let mut lines = life::terminal_lines();
    tokio::pin!(stop);
    let ended = loop {
        tokio::select! {
            () = &mut stop => break None,
            result = &mut bot => break Some(result),
            Some(line) = lines.recv() => world.typed(&line, you).await,
        }
    };
    if let Some(simulation) = simulation {
        simulation.abort();
    }
    watcher.abort();
    let code = match ended {
        None => {
            say("Stopping the demo...");
            let _ = stop_bot.send(());
            match tokio::time::timeout(STOP_WITHIN, &mut bot).await {
                Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
                Ok(Ok(Err(e))) => {
                    eprintln!("support-bot-demo: the bot stopped with an error: {e}");
                    ExitCode::FAILURE
                }
                Ok(Err(e)) => {
                    eprintln!("support-bot-demo: the bot failed: {e}");
                    ExitCode::FAILURE
                }
                Err(_) => {
                    bot.abort();
                    ExitCode::SUCCESS
                }
            }
        }
        Some(result) => {
            eprintln!("support-bot-demo: the bot stopped by itself: {result:?}");
            ExitCode::FAILURE
        }
    };
    fake.shutdown();
    code
}

/// The bot's settings for the demo: the simulated Telegram, the data in
/// `dir`, the inbox on 127.0.0.1:`port`, three team members, ratings on.
fn settings(fake: &FakeTelegram, dir: &Path, port: u16) -> Config {
    let public = format!("http://127.0.0.1:{port}/");
    Config {
        bot_token: BotToken::new(cast::TOKEN),
        admin_chat_ids: TEAM.iter().map(|m| m.id).collect(),
        api_url: fake.api_url().parse().expect("the fake's address"),
        data_file: dir.join("ticket_data.json"),
        store: StoreKind::Json,
        http_port: port,
        http_address: std::net::Ipv4Addr::LOCALHOST.into(),
        metrics_token: None,
        poll_timeout: Duration::from_secs(1),
        limits: Limits::unlimited(),
        mode: Mode::Polling,
        languages: Languages::default(),
        hours: None,
        timezone: chrono_tz::UTC,
        database_url: None,
        ask_for_rating: true,
        retention_days: None,
        retention_every: support_bot::bot::retention::DAILY,
        team: TeamSettings::default(),
        web: WebSettings {
            public_url: Some(public.parse().expect("an http address")),
            ..WebSettings::default()
        },
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM; listening starts at once.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let int = signal(SignalKind::interrupt());
        let term = signal(SignalKind::terminate());
        async move {
            match (int, term) {
                (Ok(mut int), Ok(mut term)) => {
                    tokio::select! {
                        _ = int.recv() => {}
                        _ = term.recv() => {}
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
