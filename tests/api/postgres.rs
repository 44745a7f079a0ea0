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
    topics::a_topic_deleted_by_hand_is_made_again_with_the_last_messages,
    topics::a_ban_closes_the_ticket_and_refuses_what_follows,
    topics::the_claim_button_claims_and_tickets_mine_lists_it,
    web::a_reply_from_the_web_reaches_the_person_and_a_note_reaches_nobody,
    web::a_new_message_made_in_telegram_reaches_an_open_event_stream,
    web::a_login_link_from_web_opens_a_session_once_and_logout_ends_it,
];
