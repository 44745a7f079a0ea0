use std::time::Duration;

use super::*;
use crate::model::{State, Ticket, TicketId};

fn ticket(id: &str, chat: i64) -> Ticket {
    Ticket::sample(id, chat, "help <b>&", 1)
}

fn decision(changes: Vec<Change>) -> Decision<()> {
    Decision {
        changes,
        outbox: None,
        result: (),
    }
}

async fn open_ticket(store: &Store, id: &str) -> Committed<()> {
    let changes = vec![Change::OpenTicket {
        ticket: ticket(id, 7),
    }];
    store
        .transact(None, move |_| decision(changes))
        .await
        .unwrap()
}

fn paths() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket_data.json");
    (dir, path)
}

#[tokio::test]
async fn a_missing_file_starts_empty_and_is_created() {
    let (_dir, path) = paths();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.snapshot(), Model::default());
    assert!(path.exists());
}

#[tokio::test]
async fn changes_survive_a_reopen_through_the_journal() {
    let (_dir, path) = paths();
    let store = Store::open(&path).unwrap();
    assert!(matches!(
        open_ticket(&store, "AAAA0001").await,
        Committed::Saved { seq: 1, .. }
    ));
    let changes = vec![Change::SetState {
        chat: 7,
        state: State::AwaitingDescription,
    }];
    store
        .transact(None, move |_| decision(changes))
        .await
        .unwrap();
    drop(store);
    let journal = std::fs::read_to_string(journal_path(&path)).unwrap();
    assert_eq!(
        journal.lines().count(),
        2,
        "one line per transaction: {journal}"
    );
    let m = Store::open(&path).unwrap().snapshot();
    assert_eq!(m.tickets.len(), 1);
    assert_eq!(m.tickets_of(7)[0].messages[0].text, "help <b>&");
    assert_eq!(m.state(7), State::AwaitingDescription);
    assert_eq!(m.seq, 2);
}

#[tokio::test]
async fn a_redelivered_update_is_recognised_but_a_reused_id_with_new_content_is_not() {
    let (_dir, path) = paths();
    let store = Store::open(&path).unwrap();
    let update = Some((100, "m7:1".to_string()));
    let first = store
        .transact(update.clone(), |_| decision(vec![]))
        .await
        .unwrap();
    assert!(matches!(first, Committed::Saved { .. }));
    drop(store);
    let store = Store::open(&path).unwrap();
    let again = store.transact(update, |_| decision(vec![])).await.unwrap();
    assert_eq!(
        again,
        Committed::Duplicate,
        "the same update after a restart does nothing"
    );
    // After a long quiet time Telegram may number new updates lower, even
    // reusing an id: a different message is not a duplicate.
    let reused = store
        .transact(Some((100, "m7:2".into())), |_| decision(vec![]))
        .await
        .unwrap();
    assert!(matches!(reused, Committed::Saved { .. }));
    store.note_confirmed(101);
    let lower = store
        .transact(Some((50, "m7:3".into())), |_| decision(vec![]))
        .await
        .unwrap();
    assert!(
        matches!(lower, Committed::Saved { .. }),
        "an id below the confirmed offset is new"
    );
    store.flush().await.unwrap();
    assert_eq!(
        store
            .snapshot()
            .updates
            .handled
            .keys()
            .copied()
            .collect::<Vec<_>>(),
        [50]
    );
}

#[tokio::test]
async fn outbox_messages_are_kept_until_marked_sent() {
    let (_dir, path) = paths();
    let store = Store::open(&path).unwrap();
    let saved = store
        .transact(None, |_| Decision {
            changes: vec![],
            outbox: Some(serde_json::json!(["hi"])),
            result: (),
        })
        .await
        .unwrap();
    let Committed::Saved { seq, .. } = saved else {
        panic!("{saved:?}")
    };
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.unsent(),
        vec![(seq, serde_json::json!(["hi"]))],
        "kept across a restart"
    );
    store.mark_sent(seq);
    store.flush().await.unwrap();
    drop(store);
    assert!(Store::open(&path).unwrap().unsent().is_empty());
}

#[tokio::test]
async fn a_torn_last_journal_line_is_dropped_and_the_rest_kept() {
    let (_dir, path) = paths();
    let store = Store::open(&path).unwrap();
    open_ticket(&store, "AAAA0001").await;
    drop(store);
    let journal = journal_path(&path);
    let mut bytes = std::fs::read(&journal).unwrap();
    let good = bytes.len();
    bytes.extend_from_slice(br#"{"seq":2,"changes":[{"change":"open_ti"#);
    std::fs::write(&journal, &bytes).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.snapshot().tickets.len(), 1);
    assert_eq!(
        std::fs::metadata(&journal).unwrap().len() as usize,
        good,
        "the torn tail is cut off"
    );
    open_ticket(&store, "BBBB0002").await;
    drop(store);
    assert_eq!(
        Store::open(&path).unwrap().snapshot().tickets.len(),
        2,
        "writing goes on after the cut"
    );
}

/// A store with two tickets, closed: its path, its journal's path and the
/// journal's text.
async fn journal_of_two_tickets() -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let (dir, path) = paths();
    let store = Store::open(&path).unwrap();
    open_ticket(&store, "AAAA0001").await;
    open_ticket(&store, "BBBB0002").await;
    drop(store);
    let journal = journal_path(&path);
    let text = std::fs::read_to_string(&journal).unwrap();
    (dir, path, journal, text)
}

#[tokio::test]
async fn a_corrupt_journal_line_before_the_end_refuses_the_start_naming_file_and_line() {
    let (_dir, path, journal, text) = journal_of_two_tickets().await;
    let damaged = text.replacen("\"seq\":1", "\"seq\":1,", 1);
    std::fs::write(&journal, &damaged).unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(
        err.contains("ticket_data.journal") && err.contains("line 1"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&journal).unwrap(),
        damaged,
        "left untouched"
    );
}

#[tokio::test]
async fn a_journal_with_a_gap_is_refused() {
    let (_dir, path, journal, text) = journal_of_two_tickets().await;
    let second = text.lines().nth(1).unwrap().to_string();
    std::fs::write(&journal, second + "\n").unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("entry 2 does not follow entry 0"), "{err}");
}

#[tokio::test]
async fn a_leftover_temporary_file_is_ignored() {
    let (dir, path) = paths();
    let store = Store::open(&path).unwrap();
    open_ticket(&store, "AAAA0001").await;
    drop(store);
    let leftover = dir.path().join(".ticket_data.json.a1b2c3");
    std::fs::write(&leftover, "{half a snapsh").unwrap();
    assert_eq!(Store::open(&path).unwrap().snapshot().tickets.len(), 1);
    assert!(leftover.exists(), "not ours to delete");
}

#[tokio::test]
async fn the_journal_is_compacted_into_the_snapshot_and_reloads_the_same() {
    let (_dir, path) = paths();
    let store = Store::open_with(&path, 2_000).unwrap();
    for n in 0..40 {
        open_ticket(&store, &format!("AAAA{n:04}")).await;
    }
    store.flush().await.unwrap();
    let before = store.snapshot();
    drop(store);
    let journal_len = std::fs::metadata(journal_path(&path)).unwrap().len();
    let snapshot_bytes = std::fs::read(&path).unwrap();
    let bound = 2_000.max(snapshot_bytes.len() as u64) + 300;
    assert!(
        journal_len <= bound,
        "the journal stays within its bound: {journal_len} > {bound}"
    );
    let snapshot: Model = serde_json::from_slice(&snapshot_bytes).unwrap();
    assert!(
        snapshot.seq > 10,
        "the snapshot took in earlier entries: {}",
        snapshot.seq
    );
    let reopened = Store::open(&path).unwrap().snapshot();
    assert_eq!(reopened, before);
    // The inbox's search text, never saved, is filled again on reading.
    for t in reopened.tickets.values() {
        assert_eq!(
            reopened.kept_search_text(&t.id),
            Some(crate::model::search_text(t).as_str())
        );
    }
}

#[tokio::test]
async fn failed_writes_make_the_store_degraded_and_wait_until_writes_work() {
    let (_dir, path) = paths();
    let store = Arc::new(Store::open(&path).unwrap());
    store.set_fail_writes(true);
    let waiting = {
        let store = Arc::clone(&store);
        tokio::spawn(async move { open_ticket(&store, "AAAA0001").await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(store.is_degraded());
    assert!(
        !waiting.is_finished(),
        "nobody is told it worked while it did not"
    );
    store.set_fail_writes(false);
    let done = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(done, Committed::Saved { .. }));
    assert!(!store.is_degraded());
    drop(waiting_store(store));
    assert_eq!(Store::open(&path).unwrap().snapshot().tickets.len(), 1);
}

fn waiting_store(store: Arc<Store>) -> Store {
    Arc::try_unwrap(store).ok().expect("the only owner")
}

fn refused(contents: &str) -> String {
    let (_dir, path) = paths();
    std::fs::write(&path, contents).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a bad file must be refused")
        .to_string();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        contents,
        "left exactly as it was"
    );
    assert!(
        err.contains(&path.display().to_string()),
        "the error names the file: {err}"
    );
    err
}

#[test]
fn a_corrupt_snapshot_is_refused_and_left_alone() {
    let err = refused("{\"version\": 1, \"tickets\": {");
    assert!(err.contains("not JSON") && err.contains("line 1"), "{err}");
    assert!(refused("").contains("empty"));
    assert!(
        refused(r#"{"version": 9, "tickets": {}, "user_tickets": {}, "dialogues": {}}"#)
            .contains("version 9")
    );
    let err = refused(
        r#"{"version": 1, "tickets": {}, "user_tickets": {"7": ["AAAA0001"]}, "dialogues": {}}"#,
    );
    assert!(err.contains("AAAA0001"), "{err}");
    let err = refused(
        r#"{"version": 1, "tickets": {}, "user_tickets": {}, "dialogues": {}, "extra": 1}"#,
    );
    assert!(err.contains("extra"), "{err}");
}

#[test]
fn a_missing_snapshot_with_a_journal_is_refused() {
    let (_dir, path) = paths();
    std::fs::write(journal_path(&path), "{\"seq\":1}\n").unwrap();
    let err = Store::open(&path).err().expect("refused").to_string();
    assert!(err.contains("journal"), "{err}");
    assert!(
        !path.exists(),
        "no empty snapshot was made over the journal's head"
    );
}

#[test]
fn the_earlier_bots_file_is_converted_with_a_backup() {
    let (dir, path) = paths();
    let seed = r#"{"ticket_mappings": {"1A2B3C4D": 5551, "DEADBEEF": 5552, "0000AAAA": 5551},
                   "user_tickets": {"5551": ["1A2B3C4D", "0000AAAA"], "5552": ["DEADBEEF"]}}"#;
    std::fs::write(&path, seed).unwrap();
    let m = Store::open(&path).unwrap().snapshot();
    assert_eq!(m.ticket_counts().open, 3);
    let ann: Vec<_> = m
        .tickets_of(5551)
        .iter()
        .map(|t| t.id.to_string())
        .collect();
    assert_eq!(ann, ["0000AAAA", "1A2B3C4D"], "newest (last listed) first");
    assert_eq!(
        m.state(5551),
        State::TicketOpen {
            ticket: TicketId::parse("0000AAAA").unwrap()
        }
    );
    assert!(m.tickets.values().all(|t| t.messages.is_empty()));
    let backup = dir.path().join("ticket_data.json.seed-backup");
    assert_eq!(
        std::fs::read_to_string(&backup).unwrap(),
        seed,
        "the original is kept"
    );
    // Opening again reads the converted file; the backup is not replaced.
    assert_eq!(
        Store::open(&path).unwrap().snapshot().ticket_counts().total,
        3
    );
    assert!(!dir.path().join("ticket_data.json.seed-backup.2").exists());
}

#[test]
fn a_broken_file_of_the_earlier_bot_is_refused_not_converted() {
    let err = refused(r#"{"ticket_mappings": {"not an id": 5}}"#);
    assert!(
        err.contains("earlier bot") && err.contains("not an id"),
        "{err}"
    );
}

#[tokio::test]
async fn an_inconsistent_change_is_refused_whole() {
    let (_dir, path) = paths();
    let store = Store::open(&path).unwrap();
    let missing = TicketId::parse("CCCC0003").unwrap();
    let changes = vec![
        Change::OpenTicket {
            ticket: ticket("AAAA0001", 7),
        },
        Change::CloseTicket {
            ticket: missing,
            at: 2,
        },
    ];
    let result = store.transact(None, move |_| decision(changes)).await;
    assert!(matches!(result, Err(StoreError::Inconsistent(_))));
    assert!(store.snapshot().tickets.is_empty());
    assert_eq!(store.snapshot().seq, 0);
}

#[tokio::test]
async fn a_read_only_load_changes_nothing_on_disk() {
    let (dir, path) = paths();
    assert_eq!(
        load_readonly(&path).unwrap(),
        Model::default(),
        "a missing file reads as empty"
    );
    assert!(!path.exists(), "and is not created");
    let store = Store::open(&path).unwrap();
    open_ticket(&store, "AAAA0001").await;
    drop(store);
    let journal = journal_path(&path);
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes.extend_from_slice(b"{\"seq\":2");
    std::fs::write(&journal, &bytes).unwrap();
    assert_eq!(load_readonly(&path).unwrap().tickets.len(), 1);
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        bytes,
        "the torn line is left for the bot to cut"
    );
    drop(dir);
}

/// One change of every kind, with every optional field filled in.
fn every_change() -> Vec<Change> {
    use crate::model::{Author, Ban, ChatLanguage, Claim, Entry, MediaKind, SavedAnswer, WebLogin};
    let id = TicketId::parse("0A1B2C3D").unwrap();
    let mut ticket = Ticket::sample("0A1B2C3D", 5551, "Where is my order?", 1_700_000_000);
    ticket.owner.username = Some("ann".into());
    ticket.topic = Some(42);
    let entry = Entry {
        media: Some(MediaKind::Photo),
        thumb: Some("AgAD-thumb".into()),
        edited: true,
        note: true,
        held: true,
        by: Some("Bob".into()),
        waiting: true,
        copy_of: Some(77),
        ..Entry::new(Author::Admin(9001), "It left today.", 1_700_000_060)
    };
    let login = WebLogin {
        member: 9001,
        name: "Bob".into(),
        expires: 1_700_000_600,
    };
    let changes = vec![
        Change::OpenTicket { ticket },
        Change::AddMessage { ticket: id, entry },
        Change::PassedOn { ticket: id },
        Change::CloseTicket {
            ticket: id,
            at: 1_700_000_100,
        },
        Change::ReopenTicket { ticket: id },
        Change::SetState {
            chat: 5551,
            state: State::TicketOpen { ticket: id },
        },
        Change::Relay {
            chat: -100_123,
            message: 12,
            ticket: id,
        },
        Change::Unreachable {
            ticket: id,
            unreachable: true,
        },
        Change::AdminMoved {
            from: -123,
            to: -100_123,
        },
        Change::SetLanguage {
            chat: 5551,
            language: ChatLanguage::Chosen("es".into()),
        },
        Change::Forget { chat: 5552 },
        Change::EraseText { ticket: id },
        Change::Rate {
            ticket: id,
            stars: 5,
        },
        Change::RateComment {
            ticket: id,
            comment: "Quick, thanks".into(),
        },
        Change::Topic {
            ticket: id,
            thread: Some(43),
            notice: Some(44),
        },
        Change::Claim {
            ticket: id,
            claim: Some(Claim {
                member: 9001,
                name: "Bob".into(),
                warned: vec![9002],
            }),
        },
        Change::ClaimWarned {
            ticket: id,
            member: 9003,
        },
        Change::SaveAnswer {
            name: "shipping".into(),
            answer: Some(SavedAnswer {
                text: "It ships in two days.".into(),
                by: "Bob".into(),
                at: 1_700_000_200,
            }),
        },
        Change::Ban {
            chat: 5553,
            ban: Some(Ban {
                reason: "spam".into(),
                silent: true,
                by: "Bob".into(),
                at: 1_700_000_300,
                refused: 2,
            }),
        },
        Change::Refused { chat: 5553 },
        Change::WebLogin {
            hash: "a1".repeat(32),
            login: Some(login.clone()),
        },
        Change::WebSession {
            hash: "b2".repeat(32),
            session: Some(login),
        },
        Change::WebSeen {
            member: 9001,
            ticket: id,
            messages: 2,
        },
    ];
    // Every kind once: a new kind fails to compile here until it is added
    // above (and its form reviewed in the snapshot).
    let kinds: std::collections::BTreeSet<usize> = changes
        .iter()
        .map(|c| match c {
            Change::OpenTicket { .. } => 0,
            Change::AddMessage { .. } => 1,
            Change::PassedOn { .. } => 2,
            Change::CloseTicket { .. } => 3,
            Change::ReopenTicket { .. } => 4,
            Change::SetState { .. } => 5,
            Change::Relay { .. } => 6,
            Change::Unreachable { .. } => 7,
            Change::AdminMoved { .. } => 8,
            Change::SetLanguage { .. } => 9,
            Change::Forget { .. } => 10,
            Change::EraseText { .. } => 11,
            Change::Rate { .. } => 12,
            Change::RateComment { .. } => 13,
            Change::Topic { .. } => 14,
            Change::Claim { .. } => 15,
            Change::ClaimWarned { .. } => 16,
            Change::SaveAnswer { .. } => 17,
            Change::Ban { .. } => 18,
            Change::Refused { .. } => 19,
            Change::WebLogin { .. } => 20,
            Change::WebSession { .. } => 21,
            Change::WebSeen { .. } => 22,
        })
        .collect();
    assert_eq!(kinds, (0..23).collect(), "one change of every kind");
    changes
}

fn pinned(name: &str, value: &impl serde::Serialize) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(name, serde_json::to_string_pretty(value).unwrap());
    });
}

/// The serialized form of a journal record (a line of the JSON store, a
/// `journal` row of PostgreSQL) with a change of every kind: a change to
/// it is a new [`RECORD_FORMAT`], reviewed here, with a reader for the
/// format before.
#[test]
fn the_journal_records_form_is_pinned() {
    let mut record = Record::new(7);
    record.update = Some((1001, "5551:12".into()));
    record.changes = every_change();
    record.outbox = Some(serde_json::json!({"v": 1, "acting": 5551, "effects": []}));
    record.sent = Some(6);
    record.confirmed = Some(1001);
    pinned("record_format_journal", &record);
    let line = record.to_line();
    assert_eq!(Record::read(&line[..line.len() - 1]), Ok(record));
}

/// The serialized form of a snapshot (the data file, a `snapshots` row)
/// holding what those changes make: a change to it raises
/// `model::FORMAT_VERSION`.
#[test]
fn the_snapshots_form_is_pinned() {
    let mut model = Model::default();
    for change in every_change() {
        if !matches!(change, Change::Forget { .. } | Change::EraseText { .. }) {
            model.check(std::slice::from_ref(&change)).unwrap();
            model.apply(change).unwrap();
        }
    }
    model.seq = 7;
    model.outbox.insert(7, serde_json::json!({"v": 1}));
    model.updates.handled.insert(1001, "5551:12".into());
    pinned("record_format_snapshot", &model);
}

#[test]
fn a_record_without_a_format_is_format_1_and_a_newer_one_is_refused() {
    let line = Record::new(3).to_line();
    assert!(
        !String::from_utf8_lossy(&line).contains("\"v\""),
        "format 1 written as the releases before wrote it"
    );
    let old = Record::read(br#"{"seq":3,"sent":2}"#).unwrap();
    assert_eq!((old.v, old.seq, old.sent), (1, 3, Some(2)));
    assert_eq!(
        Record::read(br#"{"v":2,"seq":3,"sent":2}"#),
        Err(Unreadable::Newer(2))
    );
    assert_eq!(
        Record::read(br#"{"v":2,"seq":3,"a_field_of_format_2":true}"#),
        Err(Unreadable::Newer(2)),
        "named as newer even when its fields are unknown"
    );
    assert!(matches!(
        Record::read(br#"{"seq":3,"nonsense":1}"#),
        Err(Unreadable::Invalid(_))
    ));
}

/// A journal line written by a newer version stops the start with an error
/// naming the file and line; nothing is cut, compacted or overwritten.
#[tokio::test]
async fn a_journal_line_from_a_newer_version_refuses_the_start_and_is_kept() {
    let (dir, path) = paths();
    let store = Store::open(&path).unwrap();
    open_ticket(&store, "AAAA0001").await;
    drop(store);
    let journal = journal_path(&path);
    let mut bytes = std::fs::read(&journal).unwrap();
    bytes
        .extend_from_slice(b"{\"v\":2,\"seq\":2,\"changes\":[{\"change\":\"from_the_future\"}]}\n");
    bytes.extend_from_slice(b"{\"seq\":3,\"sent\":1}\n");
    std::fs::write(&journal, &bytes).unwrap();
    let snapshot = std::fs::read(&path).unwrap();
    for opened in [
        Store::open_with(&path, 0).map(|_| ()),
        load_readonly(&path).map(|_| ()),
    ] {
        let error = opened.unwrap_err();
        assert!(matches!(error, StoreError::Newer { .. }), "{error}");
        let text = error.to_string();
        assert!(text.contains("ticket_data.journal"), "{text}");
        assert!(text.contains("line 2"), "{text}");
        assert!(text.contains("newer version"), "{text}");
    }
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        bytes,
        "journal kept as it is"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        snapshot,
        "snapshot untouched"
    );
    drop(dir);
}

#[test]
fn a_data_file_from_a_newer_version_is_refused_as_newer() {
    let (_dir, path) = paths();
    std::fs::write(&path, br#"{"version":2,"seq":0}"#).unwrap();
    let error = Store::open(&path).err().unwrap();
    assert!(matches!(error, StoreError::Newer { .. }), "{error}");
}
