//! Conversion of the earlier support bot's data file, shaped
//! `{"ticket_mappings": {"ID": chat_id}, "user_tickets": {"chat_id": ["ID"]}}`.
//!
//! Every ticket becomes an open ticket with no history, owned by its chat
//! (the old file has no names, so the owner is called `chat <id>`). Each
//! person's list keeps its order, and a person with tickets is put back into
//! their newest one, so their next message is added to it. The original file
//! is first copied beside the data file (`ticket_data.json.seed-backup`, or
//! `.seed-backup.2`, ... if that exists) and never overwritten.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::StoreError;
use crate::model::{Model, Person, State, Ticket, TicketId};

/// Converts an earlier bot's file (after saving a backup of it).
pub fn import(path: &Path, bytes: &[u8]) -> Result<Model, StoreError> {
    let model = convert_bytes(path, bytes)?;
    let backup = save_backup(path, bytes)?;
    tracing::warn!(
        file = %path.display(),
        backup = %backup.display(),
        tickets = model.tickets.len(),
        "converted the earlier bot's data file; the original is kept as the backup"
    );
    Ok(model)
}

/// Converts an earlier bot's file in memory, touching nothing on disk.
pub fn convert_bytes(path: &Path, bytes: &[u8]) -> Result<Model, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_owned(),
        detail: format!("it looks like the earlier bot's file, but {detail}"),
    };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    convert(&value, now).map_err(corrupt)
}

fn chat_id(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}

fn ticket_id(raw: &str) -> Result<TicketId, String> {
    TicketId::parse(raw).ok_or_else(|| format!("{raw:?} is not a ticket ID"))
}

/// The conversion itself, at time `now`.
pub fn convert(value: &Value, now: u64) -> Result<Model, String> {
    let empty = serde_json::Map::new();
    let mappings = value["ticket_mappings"]
        .as_object()
        .ok_or("\"ticket_mappings\" is not an object")?;
    let lists = match &value["user_tickets"] {
        Value::Null => &empty,
        v => v.as_object().ok_or("\"user_tickets\" is not an object")?,
    };
    let mut owners: BTreeMap<TicketId, i64> = BTreeMap::new();
    for (raw, chat) in mappings {
        let chat = chat_id(chat).ok_or_else(|| format!("ticket {raw} has no chat id"))?;
        owners.insert(ticket_id(raw)?, chat);
    }
    let mut order: Vec<(i64, TicketId)> = Vec::new();
    for (chat, ids) in lists {
        let chat: i64 = chat
            .trim()
            .parse()
            .map_err(|_| format!("{chat:?} is not a chat id"))?;
        for raw in ids
            .as_array()
            .ok_or_else(|| format!("the list of chat {chat} is not a list"))?
        {
            let raw = raw
                .as_str()
                .ok_or_else(|| format!("chat {chat} lists a ticket that is not text"))?;
            let id = ticket_id(raw)?;
            let owner = *owners.entry(id).or_insert(chat);
            if owner == chat && !order.contains(&(chat, id)) {
                order.push((chat, id));
            }
        }
    }
    // Tickets no list mentions are added to their owner's list at the end.
    for (id, chat) in &owners {
        if !order.iter().any(|(_, listed)| listed == id) {
            order.push((*chat, *id));
        }
    }
    let mut model = Model::default();
    for (n, (chat, id)) in order.into_iter().enumerate() {
        let owner = Person {
            chat,
            name: format!("chat {chat}"),
            username: None,
        };
        let ticket = Ticket::open(id, owner, n as u64 + 1, now, Vec::new());
        model.user_tickets.entry(chat).or_default().push(id);
        model.tickets.insert(id, ticket);
        model
            .dialogues
            .insert(chat, State::TicketOpen { ticket: id });
    }
    model.reindex();
    Ok(model)
}

/// Copies the original next to it under a name not yet taken; durable.
fn save_backup(path: &Path, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let base = format!("{}.seed-backup", path.display());
    for n in 1.. {
        let candidate = if n == 1 {
            PathBuf::from(&base)
        } else {
            PathBuf::from(format!("{base}.{n}"))
        };
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate);
        match file {
            Ok(mut file) => {
                file.write_all(bytes)
                    .and_then(|()| file.sync_all())
                    .map_err(|source| StoreError::Write {
                        path: candidate.clone(),
                        source,
                    })?;
                return Ok(candidate);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => {
                return Err(StoreError::Write {
                    path: candidate,
                    source,
                })
            }
        }
    }
    unreachable!("an unused backup name is always found")
}
