//! `support-bot forget <chat id>`: erases a person's messages and name from
//! the store, as `/forget` does, for a request that came another way. It
//! writes to a data file only while no bot runs on it (the bot holds the
//! data file's lock); in a team chat, `/forget <ID>` does the same while
//! the bot runs. A database is written beside running replicas, as theirs.

use std::path::Path;
use std::process::ExitCode;

use crate::model::Change;
use crate::store::{self, Decision, Store};

/// Erases chat `chat`'s person from the data file named by `data_file`, or
/// else from the store the settings name. Exit code 0 when done, 1 when the
/// bot runs on the data file or the store cannot be read or written, 2 for
/// a settings problem.
pub fn run(chat: i64, data_file: Option<&Path>) -> ExitCode {
    let store = match super::store_for_command(data_file) {
        Ok((store, _)) => store,
        Err(code) => return code,
    };
    let erased = super::block_on(async {
        let store = store.open().await?;
        erase(&store, chat)
            .await
            .map_err(|e| format!("could not erase: {e}"))
    });
    match erased.and_then(|erased| erased) {
        Ok(tickets) => {
            println!("Erased the messages and name of chat {chat} ({tickets} tickets kept as anonymous records).");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("support-bot: {e}");
            ExitCode::FAILURE
        }
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
