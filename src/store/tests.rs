use super::*;
use crate::model::{Author, Entry, Person, Ticket, TicketId, TicketStatus};

fn ticket(id: &str, chat: i64) -> Ticket {
    Ticket {
        id: TicketId::parse(id).unwrap(),
        owner: Person {
            chat,
            name: "Ann".into(),
            username: None,
        },
        status: TicketStatus::Open,
        opened_at: 1,
        closed_at: None,
        messages: vec![Entry {
            from: Author::Owner,
            text: "help <b>&".into(),
            at: 1,
        }],
    }
}

fn open_ticket(store: &Store, id: &str) {
    store
        .transact_blocking(|_| {
            (
                vec![Change::OpenTicket {
                    ticket: ticket(id, 7),
                }],
                (),
            )
        })
        .unwrap();
}

#[test]
fn a_missing_file_starts_empty_and_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket_data.json");
    let store = Store::open(&path).unwrap();
    assert_eq!(*store.snapshot(), Model::default());
    assert!(path.exists());
}

#[test]
fn changes_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket_data.json");
    let store = Store::open(&path).unwrap();
    open_ticket(&store, "AAAA0001");
    store
        .transact_blocking(|_| {
            (
                vec![Change::SetState {
                    chat: 7,
                    state: State::AwaitingDescription,
                }],
                (),
            )
        })
        .unwrap();
    drop(store);
    let again = Store::open(&path).unwrap();
    let m = again.snapshot();
    assert_eq!(m.tickets.len(), 1);
    assert_eq!(m.tickets_of(7)[0].messages[0].text, "help <b>&");
    assert_eq!(m.state(7), State::AwaitingDescription);
}

fn refused(contents: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket_data.json");
    std::fs::write(&path, contents).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a bad file must be refused")
        .to_string();
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after, contents, "a refused file is left exactly as it was");
    assert!(
        err.contains(&path.display().to_string()),
        "the error names the file: {err}"
    );
    (err, after)
}

#[test]
fn a_corrupt_file_is_refused_and_left_alone() {
    let (err, _) = refused("{\"version\": 1, \"tickets\": {");
    assert!(err.contains("not JSON"), "{err}");
    assert!(err.contains("line 1"), "the parse error says where: {err}");
}

#[test]
fn an_empty_file_is_refused() {
    let (err, _) = refused("");
    assert!(err.contains("empty"), "{err}");
}

#[test]
fn the_earlier_bots_format_is_recognised_and_refused_not_overwritten() {
    let (err, _) = refused(
        r#"{"ticket_mappings": {"1A2B3C4D": 5551}, "user_tickets": {"5551": ["1A2B3C4D"]}}"#,
    );
    assert!(err.contains("earlier support bot"), "{err}");
}

#[test]
fn a_file_of_another_version_or_with_broken_links_is_refused() {
    let (err, _) = refused(r#"{"version": 9, "tickets": {}, "user_tickets": {}, "dialogues": {}}"#);
    assert!(err.contains("version 9"), "{err}");
    let (err, _) = refused(
        r#"{"version": 1, "tickets": {}, "user_tickets": {"7": ["AAAA0001"]}, "dialogues": {}}"#,
    );
    assert!(err.contains("AAAA0001"), "{err}");
    let (err, _) = refused(
        r#"{"version": 1, "tickets": {}, "user_tickets": {}, "dialogues": {}, "extra": 1}"#,
    );
    assert!(err.contains("extra"), "{err}");
}

#[test]
fn a_failed_write_changes_nothing_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    std::fs::create_dir(&folder).unwrap();
    let store = Store::open(folder.join("ticket_data.json")).unwrap();
    open_ticket(&store, "AAAA0001");
    // The folder disappears and a plain file takes its place: writes fail.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, "not a folder").unwrap();
    let result = store.transact_blocking(|_| {
        (
            vec![Change::OpenTicket {
                ticket: ticket("BBBB0002", 7),
            }],
            (),
        )
    });
    assert!(
        matches!(result, Err(StoreError::Write { .. })),
        "{result:?}"
    );
    assert_eq!(
        store.snapshot().tickets.len(),
        1,
        "memory still matches the last good write"
    );
}

#[test]
fn an_inconsistent_change_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("d.json")).unwrap();
    let missing = TicketId::parse("CCCC0003").unwrap();
    let result = store.transact_blocking(|_| {
        let changes = vec![
            Change::OpenTicket {
                ticket: ticket("AAAA0001", 7),
            },
            Change::CloseTicket {
                ticket: missing,
                at: 2,
            },
        ];
        (changes, ())
    });
    assert!(matches!(result, Err(StoreError::Inconsistent(_))));
    assert!(store.snapshot().tickets.is_empty());
    assert!(Store::open(dir.path().join("d.json"))
        .unwrap()
        .snapshot()
        .tickets
        .is_empty());
}

#[tokio::test]
async fn teloxide_dialogue_storage_reads_and_writes_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    let store = Arc::new(Store::open(&path).unwrap());
    let chat = TgChatId(42);
    assert_eq!(store.clone().get_dialogue(chat).await.unwrap(), None);
    store
        .clone()
        .update_dialogue(chat, State::AwaitingDescription)
        .await
        .unwrap();
    assert_eq!(
        store.clone().get_dialogue(chat).await.unwrap(),
        Some(State::AwaitingDescription)
    );
    store.clone().remove_dialogue(chat).await.unwrap();
    assert_eq!(
        Store::open(&path).unwrap().snapshot().state(42),
        State::Idle
    );
}
