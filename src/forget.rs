//! `support-bot forget <chat id>`: erases a person's messages and name from
//! the data file, as `/forget` does, for a request that came another way.
//! It writes to the data file, so it refuses while the bot runs on it (the
//! bot holds the data file's lock); in a team chat, `/forget <ID>` does the
//! same while the bot runs.

use std::path::Path;
use std::process::ExitCode;

use crate::config;
use crate::model::Change;
use crate::store::{self, Decision, Store};

/// Erases chat `chat`'s person from the data file named by `data_file`, or
/// else by the settings. Exit code 0 when done, 1 when the bot runs or the
/// data file cannot be read or written, 2 for a settings problem.
pub fn run(chat: i64, data_file: Option<&Path>) -> ExitCode {
    if data_file.is_none() {
        if let Some(url) = configured_database() {
            // Replicas may be running: a transaction like theirs is safe.
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    eprintln!("support-bot: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let erased = runtime.block_on(async {
                let store = Store::open_postgres(url.expose()).await?;
                erase(&store, chat).await
            });
            return report(chat, erased);
        }
    }
    let path = match config::data_file_for_command(data_file) {
        Ok(path) => path,
        Err(code) => return code,
    };
    if !path.exists() {
        eprintln!("support-bot: {} does not exist", path.display());
        return ExitCode::FAILURE;
    }
    match store::try_lock(&path) {
        Some(lock) => drop(lock),
        None => {
            eprintln!(
                "support-bot: the bot is running on {}. Stop it first, or send /forget <ID> in a team chat",
                path.display()
            );
            return ExitCode::FAILURE;
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("support-bot: {e}");
            return ExitCode::FAILURE;
        }
    };
    let erased = runtime.block_on(async {
        let store = Store::open(&path)?;
        erase(&store, chat).await
    });
    report(chat, erased)
}

/// `DATABASE_URL` when the settings say `STORE=postgres`.
pub fn configured_database() -> Option<config::DatabaseUrl> {
    let loaded = config::load(Path::new("Config.toml"), Some(Path::new(".env"))).ok()?;
    match loaded.config.store {
        config::StoreKind::Postgres { url } => Some(url),
        config::StoreKind::Json => None,
    }
}

/// Erases the person and folds what is stored, so that nothing keeps it.
async fn erase(store: &Store, chat: i64) -> Result<usize, store::StoreError> {
    let tickets = store.read(|m| m.tickets_of(chat).len());
    store
        .transact(None, |_| Decision {
            changes: vec![Change::Forget { chat }],
            outbox: None,
            result: (),
        })
        .await?;
    store.compact_now().await?;
    Ok(tickets)
}

fn report(chat: i64, erased: Result<usize, store::StoreError>) -> ExitCode {
    match erased {
        Ok(tickets) => {
            println!("Erased the messages and name of chat {chat} ({tickets} tickets kept as anonymous records).");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("support-bot: could not erase: {e}");
            ExitCode::FAILURE
        }
    }
}
