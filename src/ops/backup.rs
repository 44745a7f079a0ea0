//! `support-bot backup <file>` and `support-bot restore <file>` for the
//! JSON store. A backup is one data file holding the store as it was after
//! one entry, taken while the bot runs (see [`store::backup`] for why it
//! is consistent); a restore writes it as the data file of an empty folder
//! and refuses anything else. For PostgreSQL, `pg_dump` and `psql` do both
//! (docs/operations.md, "Backups").

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::StoreAt;
use crate::store;

/// Copies the data file named by `data_file` (or the settings) and its
/// journal into the new file `to`. Exit code 0 when done, 1 when the copy
/// could not be made, 2 for a settings problem.
pub fn backup(to: &Path, data_file: Option<&Path>) -> ExitCode {
    let path = match data_file_of(data_file, "back up") {
        Ok(path) => path,
        Err(code) => return code,
    };
    if !path.exists() {
        eprintln!("support-bot: {} does not exist", path.display());
        return ExitCode::FAILURE;
    }
    match store::backup(&path, to) {
        Ok(seq) => {
            println!(
                "Backed up {} (up to entry {seq}) into {}.",
                path.display(),
                to.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("support-bot: no backup made: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the backup `from` as the data file named by `data_file` (or the
/// settings), refusing when there is data there already or a bot holds
/// the data file's lock.
pub fn restore(from: &Path, data_file: Option<&Path>) -> ExitCode {
    let path = match data_file_of(data_file, "restore") {
        Ok(path) => path,
        Err(code) => return code,
    };
    let journal = store::journal_path(&path);
    let occupied = path.exists() || std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0);
    if occupied {
        eprintln!(
            "support-bot: {} holds data already; a backup is restored only where there is none. Move the data file and its journal away first",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    // Held until the data file is written, so no bot starts meanwhile.
    let lock = store::try_lock(&path);
    if lock.is_none() && path.parent().is_some_and(Path::exists) {
        eprintln!(
            "support-bot: a bot is starting on {}. Stop it, and restore into an empty folder",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    let restored = store::restore(from, &path);
    drop(lock);
    match restored {
        Ok(seq) => {
            println!(
                "Restored {} (up to entry {seq}) as {}.",
                from.display(),
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("support-bot: nothing restored: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The data file to work on (see [`super::store_for_command`]); a
/// database is pointed to PostgreSQL's own tools.
fn data_file_of(given: Option<&Path>, what: &str) -> Result<PathBuf, ExitCode> {
    match super::store_for_command(given)?.0 {
        StoreAt::File(path) => Ok(path),
        StoreAt::Database(_) => {
            eprintln!(
                "support-bot: with STORE=postgres, {what} with pg_dump and psql (see docs/operations.md, \"Backups\")"
            );
            Err(ExitCode::FAILURE)
        }
    }
}
