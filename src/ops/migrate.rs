//! `support-bot migrate --from json --to postgres` and back: moving the
//! data between the JSON store and PostgreSQL.
//!
//! - JSON -> PostgreSQL: the data file and its journal are read without
//!   changing them (refused while a bot holds the file's lock), the schema
//!   is created, and the model goes in as the database's first snapshot
//!   row, with the updates it remembers as handled. The database must be
//!   empty: anything in it and nothing is copied.
//! - PostgreSQL -> JSON: the latest snapshot and the journal after it are
//!   read, and a fresh data file is written; an existing data file (or
//!   journal) is never overwritten.
//!
//! Either way the copy is read back and compared with the original: the
//! counts of tickets, chats and unsent messages are printed, and any
//! difference at all fails the command. Nothing is deleted on either side.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::StoreName;
use crate::model::Model;
use crate::store::{self, pg};

/// Runs the command; exit code 0 when the copy matches, 1 otherwise, 2 for
/// a command line or settings problem.
pub fn run(
    from: StoreName,
    to: StoreName,
    data_file: Option<&Path>,
    database_url: Option<&str>,
) -> ExitCode {
    if from == to {
        eprintln!("support-bot: --from and --to must differ (json and postgres)");
        return ExitCode::from(2);
    }
    // The settings fill in what the command line leaves open, loaded once.
    let (path, url) = match (data_file, database_url) {
        (Some(path), Some(url)) => (path.to_path_buf(), Some(url.to_string())),
        _ => match super::settings() {
            Ok(loaded) => (
                data_file.map_or(loaded.config.data_file, Path::to_path_buf),
                database_url
                    .map(str::to_string)
                    .or_else(|| loaded.config.database_url.map(|u| u.expose().to_string())),
            ),
            Err(code) => return code,
        },
    };
    let Some(url) = url else {
        eprintln!("support-bot: give --database-url, or set DATABASE_URL");
        return ExitCode::from(2);
    };
    let result = super::block_on(async {
        match from {
            StoreName::Json => json_to_postgres(&path, &url).await,
            StoreName::Postgres => postgres_to_json(&url, &path).await,
        }
    });
    match result.and_then(|copied| copied) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("support-bot: migrate: {problem}");
            ExitCode::FAILURE
        }
    }
}

/// Copies the data file at `path` into the empty database at `url`.
pub async fn json_to_postgres(path: &Path, url: &str) -> Result<String, String> {
    if !path.exists() {
        return Err(format!("the data file {} does not exist", path.display()));
    }
    let Some(_lock) = store::try_lock(path) else {
        return Err(format!(
            "a bot is running on {}: stop it first, so nothing changes while it is copied",
            path.display()
        ));
    };
    let model = store::load_readonly(path).map_err(|e| e.to_string())?;
    let (pool, target) = pg::connect(url).await.map_err(|e| e.to_string())?;
    pg::MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| format!("the schema of {target} could not be created: {e}"))?;
    pg::import(&pool, &model)
        .await
        .map_err(|e| format!("{target}: {e}"))?;
    let copy = pg::load(&pool)
        .await
        .map_err(|e| format!("{target} could not be read back: {e}"))?;
    pool.close().await;
    compare(
        &model,
        &copy,
        &format!("{} -> postgres {target}", path.display()),
    )
}

/// Writes the data of the database at `url` into a new data file at `path`.
pub async fn postgres_to_json(url: &str, path: &Path) -> Result<String, String> {
    for file in [path.to_path_buf(), store::journal_path(path)] {
        if file.exists() {
            return Err(format!(
                "{} exists already; it is never overwritten: give another --data-file",
                file.display()
            ));
        }
    }
    let (pool, target) = pg::connect(url).await.map_err(|e| e.to_string())?;
    if pg::schema_version(&pool)
        .await
        .map_err(|e| format!("{target}: {e}"))?
        .is_none()
    {
        return Err(format!("{target} holds no support-bot data"));
    }
    let model = pg::load(&pool)
        .await
        .map_err(|e| format!("{target} could not be read: {e}"))?;
    pool.close().await;
    store::create_data_file(path, &model).map_err(|e| e.to_string())?;
    let copy = store::load_readonly(path).map_err(|e| e.to_string())?;
    compare(
        &model,
        &copy,
        &format!("postgres {target} -> {}", path.display()),
    )
}

/// The counts of both sides, or what differs.
fn compare(original: &Model, copy: &Model, what: &str) -> Result<String, String> {
    let counts = |m: &Model| (m.tickets.len(), m.dialogues.len(), m.outbox.len());
    let (tickets, chats, outbox) = counts(original);
    if counts(copy) != counts(original) {
        return Err(format!(
            "the copy differs: (tickets, chats, unsent messages) {:?} in the original, {:?} in the copy",
            counts(original),
            counts(copy)
        ));
    }
    let same = serde_json::to_value(original).ok() == serde_json::to_value(copy).ok();
    if !same {
        return Err("the copy has the same counts but differs in content".into());
    }
    Ok(format!(
        "Copied {what}: {tickets} tickets, {chats} chats, {outbox} unsent messages; the copy was read back and matches.\n"
    ))
}
