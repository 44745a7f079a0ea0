//! `support-bot export`: every ticket as JSON or CSV, for reports and
//! spreadsheets.
//!
//! The data file is read with [`store::load_readonly`], so nothing on disk
//! changes and the bot may keep running meanwhile. Each ticket gives one
//! [`Row`]: who, when and how many messages, never what was written (message
//! texts are personal data and stay in the data file).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::cli::Format;
use crate::model::{Model, TicketStatus, UnixTime};
use crate::store::{self, journal_path, StoreError};

/// One ticket as exported. The field names are the CSV header and the JSON keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: String,
    pub status: TicketStatus,
    pub owner_chat_id: i64,
    pub owner_name: String,
    /// ISO 8601, UTC, such as `2024-05-01T09:30:00Z`.
    pub opened_at: String,
    /// Empty (CSV) or `null` (JSON) while the ticket is open.
    pub closed_at: Option<String>,
    pub message_count: usize,
    pub last_message_at: Option<String>,
    /// How the owner rated the help, 1 to 5, if they did.
    pub rating: Option<u8>,
    /// What the owner wrote with their rating.
    pub rating_comment: Option<String>,
    /// The team members who wrote to the owner, by first name, in the order
    /// they first did, separated by `, ` (empty when nobody did, or only
    /// before the bot recorded who).
    pub answered_by: String,
}

/// The CSV header: [`Row`]'s fields in order.
const CSV_HEADER: [&str; 11] = [
    "id",
    "status",
    "owner_chat_id",
    "owner_name",
    "opened_at",
    "closed_at",
    "message_count",
    "last_message_at",
    "rating",
    "rating_comment",
    "answered_by",
];

/// Exports the data file named by `data_file`, or else the store the
/// settings name, to `output` or standard output. Exit code 0, 1 if the
/// store cannot be read or the output written, 2 for a settings problem.
pub fn run(format: Format, output: Option<&Path>, data_file: Option<&Path>) -> ExitCode {
    let store = match super::store_for_command(data_file) {
        Ok((store, _)) => store,
        Err(code) => return code,
    };
    if let (Some(output), super::StoreAt::File(path)) = (output, &store) {
        if is_store_file(output, path) {
            eprintln!(
                "support-bot: {} is the data file or its journal: choose another output file",
                output.display()
            );
            return ExitCode::from(2);
        }
    }
    let model = match store.read() {
        Ok(model) => model,
        Err(e) => {
            eprintln!("support-bot: cannot export: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rows = rows(&model);
    let bytes = match format {
        Format::Json => to_json(&rows),
        Format::Csv => to_csv(&rows),
    };
    let written = match output {
        Some(file) => std::fs::write(file, &bytes).map_err(|e| (file.display().to_string(), e)),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| ("standard output".to_string(), e))
        }
    };
    match (written, output) {
        (Err((to, e)), _) => {
            eprintln!("support-bot: cannot write to {to}: {e}");
            ExitCode::FAILURE
        }
        (Ok(()), Some(file)) => {
            let tickets = match rows.len() {
                1 => "1 ticket".to_string(),
                n => format!("{n} tickets"),
            };
            println!("{tickets} written to {}.", file.display());
            ExitCode::SUCCESS
        }
        (Ok(()), None) => ExitCode::SUCCESS,
    }
}

/// Reads the data file and its journal with [`store::load_readonly`] while
/// the bot may be running. Now and then the bot folds its journal into a new
/// data file; a read that overlapped that could pair the old data file with
/// the new journal. So the read is repeated (three times at most) until the
/// data file stayed the same file throughout.
pub fn read_store(path: &Path) -> Result<Model, StoreError> {
    let mut attempts = 1;
    loop {
        let before = identity(path);
        let result = store::load_readonly(path);
        if identity(path) == before || attempts == 3 {
            return result;
        }
        attempts += 1;
    }
}

/// What tells one version of a file from the next: size, time and (on
/// Unix) inode, which a rename over it changes. `None` if it is missing.
fn identity(path: &Path) -> Option<(u64, Option<SystemTime>, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some((meta.len(), meta.modified().ok(), inode))
}

/// Whether `output` names the data file or its journal (which an export
/// must never overwrite).
fn is_store_file(output: &Path, data_file: &Path) -> bool {
    let canonical = |p: &Path| -> Option<PathBuf> { p.canonicalize().ok() };
    let Some(output) = canonical(output) else {
        return false;
    };
    [data_file.to_path_buf(), journal_path(data_file)]
        .iter()
        .any(|p| canonical(p).as_ref() == Some(&output))
}

/// Every ticket, in the order they were opened.
pub fn rows(model: &Model) -> Vec<Row> {
    let mut tickets: Vec<_> = model.tickets.values().collect();
    tickets.sort_by_key(|t| (t.number, t.opened_at, t.id));
    tickets
        .into_iter()
        .map(|t| Row {
            id: t.id.to_string(),
            status: t.status,
            owner_chat_id: t.owner.chat,
            owner_name: t.owner.name.clone(),
            opened_at: iso8601(t.opened_at),
            closed_at: t.closed_at.map(iso8601),
            message_count: t.messages.len(),
            last_message_at: t.last_message().map(|e| iso8601(e.at)),
            rating: t.rating,
            rating_comment: t.rating_comment.clone(),
            answered_by: answered_by(t),
        })
        .collect()
}

/// The team members who wrote to a ticket's owner (notes aside), in the
/// order they first did.
fn answered_by(ticket: &crate::model::Ticket) -> String {
    let mut names: Vec<&str> = Vec::new();
    for entry in ticket.messages.iter().filter(|e| !e.note) {
        if let Some(name) = entry.by.as_deref() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names.join(", ")
}

/// A JSON array of objects, pretty-printed, ending with a line break.
pub fn to_json(rows: &[Row]) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(rows).expect("rows are plain data");
    bytes.push(b'\n');
    bytes
}

/// CSV with a header line. Fields with commas, quotes or line breaks are
/// quoted. A name starting with `=`, `+`, `-` or `@` gets a `'` in front, so
/// spreadsheet programs show it instead of running it as a formula.
pub fn to_csv(rows: &[Row]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Written by hand so an export without tickets still has its header.
    writer
        .write_record(CSV_HEADER)
        .expect("writing to memory cannot fail");
    for row in rows {
        let mut row = row.clone();
        for text in [
            Some(&mut row.owner_name),
            row.rating_comment.as_mut(),
            Some(&mut row.answered_by),
        ]
        .into_iter()
        .flatten()
        {
            if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                text.insert(0, '\'');
            }
        }
        writer.serialize(row).expect("rows are plain data");
    }
    writer.into_inner().expect("writing to memory cannot fail")
}

/// Seconds since the epoch as ISO 8601 in UTC (`2024-05-01T09:30:00Z`).
pub fn iso8601(at: UnixTime) -> String {
    i64::try_from(at)
        .ok()
        .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| at.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str) -> Row {
        Row {
            id: "AAAA0001".into(),
            status: TicketStatus::Closed,
            owner_chat_id: 5551,
            owner_name: name.into(),
            opened_at: iso8601(1_700_000_000),
            closed_at: Some(iso8601(1_700_003_600)),
            message_count: 2,
            last_message_at: None,
            rating: None,
            rating_comment: None,
            answered_by: String::new(),
        }
    }

    #[test]
    fn times_are_iso_8601_in_utc() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn csv_quotes_names_with_commas_quotes_and_line_breaks() {
        let csv = String::from_utf8(to_csv(&[row("Doe, \"Jo\"\nJr")])).unwrap();
        assert_eq!(
            csv,
            "id,status,owner_chat_id,owner_name,opened_at,closed_at,message_count,last_message_at,rating,rating_comment,answered_by\n\
             AAAA0001,closed,5551,\"Doe, \"\"Jo\"\"\nJr\",2023-11-14T22:13:20Z,2023-11-14T23:13:20Z,2,,,,\n"
        );
    }

    #[test]
    fn the_csv_header_is_there_without_tickets_and_matches_the_json_keys() {
        assert_eq!(to_csv(&[]), b"id,status,owner_chat_id,owner_name,opened_at,closed_at,message_count,last_message_at,rating,rating_comment,answered_by\n");
        let json: serde_json::Value = serde_json::from_slice(&to_json(&[row("Ann")])).unwrap();
        let keys: Vec<&str> = json[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut header = CSV_HEADER.to_vec();
        header.sort_unstable();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(keys, header);
    }

    #[test]
    fn csv_names_that_look_like_formulas_are_defused() {
        let csv = String::from_utf8(to_csv(&[row("=HYPERLINK(\"x\")")])).unwrap();
        assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\","), "{csv}");
        let json = String::from_utf8(to_json(&[row("=HYPERLINK(\"x\")")])).unwrap();
        assert!(
            json.contains(r#""owner_name": "=HYPERLINK(\"x\")""#),
            "{json}"
        );
    }
}
