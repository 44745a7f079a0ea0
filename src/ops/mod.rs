//! The operating commands: [`export`], [`stats`], [`forget`],
//! [`migrate`] and [`backup`] (`backup`, `restore`), and [`setup`], which
//! writes the first settings by asking. Each works the same way: what the command line leaves open
//! is taken from the settings, loaded once ([`settings`]: a problem is
//! named and the exit code is 2, for every command alike); the store is the
//! one `--data-file` names, else the one the settings name ([`StoreAt`]);
//! what needs async runs on the one runtime ([`block_on`]).

pub mod backup;
pub mod export;
pub mod forget;
pub mod migrate;
pub mod setup;
pub mod stats;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::{self, Config, DatabaseUrl, Loaded, StoreKind};
use crate::model::Model;
use crate::store::{self, pg, Store, StoreError};

/// The settings from `Config.toml`, `.env` and the environment, or exit
/// code 2 after naming every problem with them on standard error.
pub fn settings() -> Result<Loaded, ExitCode> {
    config::load(Path::new("Config.toml"), Some(Path::new(".env"))).map_err(|e| {
        eprintln!("support-bot: {e}");
        ExitCode::from(2)
    })
}

/// Where a command finds the data.
#[derive(Clone, Debug)]
pub enum StoreAt {
    /// A data file and its journal.
    File(PathBuf),
    /// A PostgreSQL database (`STORE=postgres`).
    Database(DatabaseUrl),
}

/// The store a command works on: the data file `data_file` if the command
/// line names one (then no setting is needed, and no settings are
/// returned), else the store the settings name. `Err` is the exit code (2)
/// after naming what is wrong with the settings.
pub fn store_for_command(data_file: Option<&Path>) -> Result<(StoreAt, Option<Config>), ExitCode> {
    if let Some(path) = data_file {
        return Ok((StoreAt::File(path.to_path_buf()), None));
    }
    let config = settings()?.config;
    let store = match &config.store {
        StoreKind::Postgres { url } => StoreAt::Database(url.clone()),
        StoreKind::Json => StoreAt::File(config.data_file.clone()),
    };
    Ok((store, Some(config)))
}

impl StoreAt {
    /// Everything stored, read without changing anything, so a bot may keep
    /// running on it meanwhile.
    pub fn read(&self) -> Result<Model, String> {
        match self {
            StoreAt::File(path) => export::read_store(path).map_err(|e| e.to_string()),
            StoreAt::Database(url) => block_on(async {
                let (pool, target) = pg::connect(url.expose()).await?;
                let model = pg::load(&pool).await.map_err(|e| StoreError::Database {
                    target,
                    detail: e.to_string(),
                });
                pool.close().await;
                model
            })
            .and_then(|read| read.map_err(|e| e.to_string())),
        }
    }

    /// The store opened to be written: a data file only while no bot runs on
    /// it (the bot holds its lock); a database as the bots open it, since
    /// a transaction like theirs is safe beside them. `Err` says why not.
    pub async fn open(&self) -> Result<Store, String> {
        match self {
            StoreAt::File(path) => {
                if !path.exists() {
                    return Err(format!("{} does not exist", path.display()));
                }
                match store::try_lock(path) {
                    Some(lock) => drop(lock),
                    None => {
                        return Err(format!(
                            "the bot is running on {}. Stop it first, or send /forget <ID> in a team chat",
                            path.display()
                        ))
                    }
                }
                Store::open(path).map_err(|e| e.to_string())
            }
            StoreAt::Database(url) => Store::open_postgres(url.expose())
                .await
                .map_err(|e| e.to_string()),
        }
    }
}

/// Runs `work` to its end on the commands' runtime (one thread: a command
/// does one thing at a time).
pub fn block_on<T>(work: impl Future<Output = T>) -> Result<T, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    Ok(runtime.block_on(work))
}
