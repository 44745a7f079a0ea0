//! The PostgreSQL store (`STORE=postgres`): the same journeys as on the
//! JSON store, and what only a database does.
//!
//! One list, two backends: every journey named in [`on_both_backends!`] is a
//! test of its own module on the JSON store (as written there) and is run
//! here again with its bots on a fresh PostgreSQL schema (see [`crate::pg`]).

use crate::pg::on_postgres;

/// For each `module::journey`, a test `postgres::journey::on_postgres`.
macro_rules! on_both_backends {
    ($($module:ident :: $journey:ident),* $(,)?) => {
        $(
            mod $journey {
                #[test]
                fn on_postgres() {
                    super::on_postgres(crate::$module::$journey);
                }
            }
        )*
    };
}

on_both_backends![
    journeys::a_person_opens_a_ticket_step_by_step_and_an_admin_answers,
    journeys::admins_list_reply_once_and_close_tickets,
    journeys::status_counts_chats_by_state_and_tickets_by_status,
    exactly_once::an_update_numbered_lower_after_a_quiet_week_is_still_handled,
    exactly_once::while_the_disk_refuses_writes_nothing_is_confirmed_and_all_arrives_afterwards,
    exactly_once::updates_sent_again_after_a_crash_have_no_second_effect,
    persistence::conversations_continue_where_they_were_after_a_restart,
    persistence::replying_to_a_ticket_message_works_after_a_restart,
    webhook::posted_updates_are_handled_and_answered_200_once_saved,
    staff::attachments_replies_by_reply_buttons_and_edits_in_one_conversation,
    topics::a_tickets_life_in_its_topic,
    topics::a_burst_of_messages_of_a_new_ticket_makes_exactly_one_topic,
    topics::a_topic_deleted_by_hand_is_made_again_with_the_last_messages,
    topics::a_ban_closes_the_ticket_and_refuses_what_follows,
    topics::the_claim_button_claims_and_tickets_mine_lists_it,
    web::a_reply_from_the_web_reaches_the_person_and_a_note_reaches_nobody,
    web::a_new_message_made_in_telegram_reaches_an_open_event_stream,
    web::a_login_link_from_web_opens_a_session_once_and_logout_ends_it,
];

mod formats {
    //! Rows written by today's release are read by this one; a row from a
    //! newer release is kept and shown, never skipped.

    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use sqlx::{Connection, PgConnection};
    use support_bot::config::{DatabaseUrl, StoreKind};
    use support_bot::store::{Decision, Store, StoreError};

    use crate::helpers::*;
    use crate::pg::TestDb;

    /// The journal lines of today's format (the JSON fixture), as rows.
    const FIXTURE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/format-1/ticket_data.journal"
    ));

    async fn insert_rows(db: &TestDb, lines: &[&str]) {
        let mut conn = PgConnection::connect(&db.url).await.unwrap();
        for line in lines {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            sqlx::query("INSERT INTO journal (seq, record) VALUES ($1, $2::jsonb)")
                .bind(record["seq"].as_i64().unwrap())
                .bind(*line)
                .execute(&mut conn)
                .await
                .unwrap();
        }
        let _ = conn.close().await;
    }

    async fn on_db(db: &TestDb) -> TestApp {
        let fake = fake_telegram().await;
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let mut config = test_config(&fake, &dir, &[ADMIN, ADMIN2]);
        config.store = StoreKind::Postgres {
            url: DatabaseUrl::new(db.url.clone()),
        };
        spawn_app_with(fake, dir, config).await
    }

    /// The rows of today's release (the fixture's lines, no `v`: format 1)
    /// are read and their messages sent; the saved messages of a newer
    /// release are kept unsent and shown, and the bot goes on.
    #[tokio::test]
    async fn rows_of_format_1_are_read_and_sent() {
        let Some(db) = TestDb::create().await else {
            return;
        };
        // The schema of today's release, then the fixture's rows.
        drop(Store::open_postgres(&db.url).await.unwrap());
        let lines: Vec<&str> = FIXTURE.lines().collect();
        insert_rows(&db, &lines).await;
        let app = on_db(&db).await;
        assert!(
            app.fake.wait_sent_to(ANN, 1, PATIENCE).await,
            "format 1 sent"
        );
        let welcome = app.fake.sent().into_iter().find(|m| m.chat_id == ANN);
        assert!(welcome.unwrap().text.contains("/new"));
        app.fake.push_text(BEN, "/start");
        assert!(
            app.fake.wait_sent_to(BEN, 1, PATIENCE).await,
            "Ben answered"
        );
        let deadline = Instant::now() + PATIENCE;
        loop {
            let unsent: Vec<u64> = app.store.unsent().into_iter().map(|(s, _)| s).collect();
            let readyz = app.get_text("/readyz").await;
            if unsent == [2] && readyz.contains("\"unreadable_records\":1") {
                break;
            }
            assert!(Instant::now() < deadline, "unsent {unsent:?}, {readyz}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(app
            .fake
            .sent()
            .iter()
            .all(|m| !m.text.contains("later version")));
        app.stop().await;
    }

    /// A journal row of a newer format (a newer release wrote it during a
    /// rolling upgrade): this replica keeps it, stops at the row before,
    /// says so at error, counts it on /metrics, shows it on /readyz (not
    /// ready) and refuses to write past it rather than decide on a model
    /// the other replicas no longer have.
    #[tokio::test]
    async fn a_row_from_a_newer_version_is_kept_counted_shown_and_never_skipped() {
        let Some(db) = TestDb::create().await else {
            return;
        };
        let mut app = on_db(&db).await;
        app.says(ANN, "/start", 1).await;
        app.settle().await;
        let mut conn = PgConnection::connect(&db.url).await.unwrap();
        let seq: i64 = sqlx::query_scalar("SELECT max(seq) FROM journal")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let _ = conn.close().await;
        let seq = seq as u64;
        assert_eq!(app.store.read(|m| m.seq), seq);
        let newer = format!(
            r#"{{"v":2,"seq":{},"changes":[{{"change":"from_a_later_version"}}]}}"#,
            seq + 1
        );
        let after = format!(r#"{{"seq":{},"confirmed":1}}"#, seq + 2);
        insert_rows(&db, &[&newer, &after]).await;

        let deadline = Instant::now() + PATIENCE;
        let readyz = loop {
            let readyz = app.get_text("/readyz").await;
            if readyz.contains("unreadable_record\"") {
                break readyz;
            }
            assert!(Instant::now() < deadline, "{readyz}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let shown: serde_json::Value = serde_json::from_str(&readyz).unwrap();
        assert_eq!(shown["ready"], false, "{readyz}");
        assert_eq!(shown["store"], "unreadable_record", "{readyz}");
        assert_eq!(shown["unreadable_records"], 1, "{readyz}");
        assert!(unreadable_counted(&app.get_text("/metrics").await) >= 1.0);
        assert_eq!(app.store.unreadable(), Some(seq + 1));
        assert_eq!(
            app.store.read(|m| m.seq),
            seq,
            "nothing past the row is read"
        );

        let refused = app
            .store
            .transact(None, |_| Decision {
                changes: Vec::new(),
                outbox: Some(serde_json::json!({"v": 1, "acting": 1, "effects": []})),
                result: (),
            })
            .await;
        match refused {
            Err(error @ StoreError::Database { .. }) => {
                assert!(
                    error.to_string().contains(&format!("row {}", seq + 1)),
                    "{error}"
                )
            }
            other => panic!("a write past the row: {other:?}"),
        }
        app.stop().await;
        assert_eq!(db.journal_rows().await as u64, seq + 2, "the rows are kept");
    }
}

mod visible_at_once {
    //! What delivery records is in the model at once on PostgreSQL too,
    //! not only once its row is committed.

    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use sqlx::{Connection, PgConnection};
    use support_bot::config::{DatabaseUrl, StoreKind};

    use crate::helpers::*;
    use crate::pg::TestDb;

    const FORUM: i64 = -1001234567890;

    /// A person's burst opening a ticket, with the team in a forum group:
    /// the topic made for the first notice is recorded while the database
    /// takes no write at all (the journal locked by the test), and every
    /// later notice still finds it, so there is exactly one topic.
    #[tokio::test]
    async fn a_topic_made_is_found_by_the_next_notice_before_its_row_is_committed() {
        let Some(db) = TestDb::create().await else {
            return;
        };
        let fake = fake_telegram().await;
        fake.add_forum_chat(FORUM, "Support team");
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let mut config = test_config(&fake, &dir, &[ADMIN]);
        config.team.chat = Some(FORUM);
        config.team.notify_admin_chats = false;
        config.store = StoreKind::Postgres {
            url: DatabaseUrl::new(db.url.clone()),
        };
        let app = spawn_app_with(fake, dir, config).await;

        // The topic's making waits until every update is saved...
        app.fake.hold(Some("createForumTopic"), None);
        let texts = ["Hello", "Are you there?", "My order is late", "Order 5521"];
        let last = texts.map(|t| app.fake.push_text(ANN, t))[texts.len() - 1];
        assert!(app.fake.wait_held(1, PATIENCE).await);
        app.fake.wait_until_confirmed(last, PATIENCE).await.unwrap();
        // ...then the database stops taking writes (and reads of the
        // journal) until the notices are out.
        let mut conn = PgConnection::connect(&db.url).await.unwrap();
        let mut lock = conn.begin().await.unwrap();
        sqlx::query("LOCK TABLE journal IN ACCESS EXCLUSIVE MODE")
            .execute(&mut *lock)
            .await
            .unwrap();
        app.fake.release();
        let deadline = Instant::now() + PATIENCE;
        let in_topics = || {
            app.fake
                .sent()
                .iter()
                .filter(|m| m.chat_id == FORUM && m.thread.is_some())
                .count()
        };
        while in_topics() < texts.len() {
            assert!(Instant::now() < deadline, "{:?}", app.fake.sent());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        lock.rollback().await.unwrap();
        let _ = conn.close().await;
        app.settle().await;
        let thread = crate::topics::the_one_topic_holds(&app.fake, FORUM, &texts);
        let recorded = app
            .store
            .read(|m| m.tickets.values().map(|t| t.topic).collect::<Vec<_>>());
        assert_eq!(recorded, [Some(thread)]);
        app.stop().await;
    }
}
