//! The JSON data file (`ticket_data.json` by default) and the in-memory copy
//! every read is served from.
//!
//! - Loaded once at start. A missing file means an empty store (and the file
//!   is created at once, so an unwritable folder is found at start, not at
//!   the first ticket). A file that cannot be read or understood stops the
//!   start with an error naming it; it is never overwritten or deleted.
//! - Changes happen in [`Store::transact`]: the caller looks at the current
//!   [`Model`] and returns the [`Change`]s to make. They are applied to a copy,
//!   the copy is written atomically (temporary file in the same folder, fsync,
//!   rename, fsync of the folder), and only then does the copy become the
//!   current model and the caller hear "done". A failed write changes nothing.
//! - Transactions run one at a time, so the rules always see every earlier
//!   change; reads never wait for the disk.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId as TgChatId;

use crate::model::{Change, Model, State, FORMAT_VERSION};

/// Why the store could not load or save.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read the data file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the data file {path} is not valid: {detail}. The file was left as it is; fix it or move it away, then start again")]
    Corrupt { path: PathBuf, detail: String },
    #[error("could not save the data file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("a change was refused as inconsistent: {0}")]
    Inconsistent(String),
}

/// The data file and its in-memory copy. Shared as `Arc<Store>`.
pub struct Store {
    path: PathBuf,
    /// The current model. Replaced as a whole after each durable write, so a
    /// reader holds its lock only long enough to clone the `Arc`.
    current: RwLock<Arc<Model>>,
    /// Held for the whole of a transaction: one writer at a time.
    writer: Mutex<()>,
}

impl Store {
    /// Loads the data file, or creates it empty if it does not exist.
    pub fn open(path: impl Into<PathBuf>) -> Result<Store, StoreError> {
        let path = path.into();
        let model = match std::fs::read(&path) {
            Ok(bytes) => parse(&path, &bytes)?,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let model = Model::default();
                write_file(&path, &model)?;
                model
            }
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        Ok(Store {
            path,
            current: RwLock::new(Arc::new(model)),
            writer: Mutex::new(()),
        })
    }

    /// The data file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current model, as of the last durable change.
    pub fn snapshot(&self) -> Arc<Model> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Runs `decide` on the current model and makes the changes it returns
    /// durable before returning its result. Blocking: call from a blocking
    /// thread (see [`Store::transact`]).
    pub fn transact_blocking<R>(
        &self,
        decide: impl FnOnce(&Model) -> (Vec<Change>, R),
    ) -> Result<R, StoreError> {
        let _one_writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let current = self.snapshot();
        let (changes, result) = decide(&current);
        if changes.is_empty() {
            return Ok(result);
        }
        let mut next = Model::clone(&current);
        for change in changes {
            next.apply(change).map_err(StoreError::Inconsistent)?;
        }
        write_file(&self.path, &next)?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        Ok(result)
    }

    /// [`Store::transact_blocking`] on tokio's blocking pool.
    pub async fn transact<R: Send + 'static>(
        self: &Arc<Self>,
        decide: impl FnOnce(&Model) -> (Vec<Change>, R) + Send + 'static,
    ) -> Result<R, StoreError> {
        let store = Arc::clone(self);
        match tokio::task::spawn_blocking(move || store.transact_blocking(decide)).await {
            Ok(result) => result,
            Err(join) => std::panic::resume_unwind(join.into_panic()),
        }
    }
}

/// Reads a data file, refusing anything that is not a complete, consistent
/// store of this version.
fn parse(path: &Path, bytes: &[u8]) -> Result<Model, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_owned(),
        detail,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(corrupt("the file is empty".into()));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| corrupt(format!("not JSON ({e})")))?;
    if value.get("ticket_mappings").is_some() && value.get("version").is_none() {
        return Err(corrupt(
            "it is in the format of an earlier support bot (\"ticket_mappings\"), \
             which this version cannot read"
                .into(),
        ));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(corrupt(format!(
                "it has format version {v}; this program reads version {FORMAT_VERSION}"
            )))
        }
        None => return Err(corrupt("it has no \"version\" field".into())),
    }
    let model: Model = serde_json::from_value(value).map_err(|e| corrupt(e.to_string()))?;
    check_consistent(&model).map_err(corrupt)?;
    Ok(model)
}

/// The links between the parts of a store must hold, or replies would go
/// astray: refuse a file where they do not.
fn check_consistent(model: &Model) -> Result<(), String> {
    for (key, ticket) in &model.tickets {
        if *key != ticket.id {
            return Err(format!("ticket {key} is stored with the ID {}", ticket.id));
        }
        let listed = model
            .user_tickets
            .get(&ticket.owner.chat)
            .is_some_and(|l| l.contains(key));
        if !listed {
            return Err(format!(
                "ticket {key} is missing from its owner's ticket list"
            ));
        }
    }
    for (chat, ids) in &model.user_tickets {
        if let Some(id) = ids.iter().find(|id| !model.tickets.contains_key(*id)) {
            return Err(format!(
                "chat {chat} lists ticket {id}, which does not exist"
            ));
        }
    }
    Ok(())
}

/// Writes the whole model atomically and durably.
fn write_file(path: &Path, model: &Model) -> Result<(), StoreError> {
    let fail = |source| StoreError::Write {
        path: path.to_owned(),
        source,
    };
    let bytes = serde_json::to_vec_pretty(model).map_err(|e| fail(e.into()))?;
    let mut file = atomic_write_file::AtomicWriteFile::open(path).map_err(fail)?;
    file.write_all(&bytes).map_err(fail)?;
    file.write_all(b"\n").map_err(fail)?;
    file.commit().map_err(fail)
}

/// teloxide's dialogue storage over the same file: the dispatcher reads each
/// chat's [`State`] through this. Reads come from memory and cannot fail, so
/// an update is never routed as if its chat had no state.
impl Storage<State> for Store {
    type Error = StoreError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: TgChatId,
    ) -> futures_like::BoxFuture<'static, Result<(), Self::Error>> {
        self.update_dialogue(chat_id, State::Idle)
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: TgChatId,
        dialogue: State,
    ) -> futures_like::BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let chat = chat_id.0;
            self.transact(move |m| {
                let same = m.dialogues.get(&chat) == Some(&dialogue);
                let changes = if same {
                    vec![]
                } else {
                    vec![Change::SetState {
                        chat,
                        state: dialogue,
                    }]
                };
                (changes, ())
            })
            .await
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: TgChatId,
    ) -> futures_like::BoxFuture<'static, Result<Option<State>, Self::Error>> {
        let state = self.snapshot().dialogues.get(&chat_id.0).cloned();
        Box::pin(async move { Ok(state) })
    }
}

/// The boxed future type teloxide's `Storage` trait uses.
mod futures_like {
    pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
}

#[cfg(test)]
mod tests;
