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
