//! Order across chats: updates that touch the same person's conversation
//! take effect in Telegram's order (`update_id`), whichever chats they come
//! from. teloxide's dispatcher runs each chat's updates in order and chats
//! side by side; a person's message and an admin's `/close` of that
//! person's ticket come from two chats, so without this they could be
//! decided in either order.
//!
//! [`touched`] names the conversations an update may change: its own chat,
//! and the owners of the tickets it names (an ID typed or in a button, the
//! relayed message it replies to, the ticket's topic, the ticket its chat
//! is answering). The listener records a batch's updates with them, the
//! webhook each post as it arrives
//! ([`super::listener::Tracker::begin_touching`]), in `update_id` order
//! behind those already running; each handler waits
//! for its turn ([`super::listener::Tracker::turn`]) until every earlier
//! update touching one of its conversations is done, messages handed to
//! delivery included. Updates touching nothing in common still run side by
//! side. A webhook post that arrives after a later update about the same
//! conversation has started cannot be put before it.

use teloxide::types::{Update, UpdateKind};

use crate::model::{Chat, Model, State, TicketId};

/// The chats whose conversations `update` may change, its own first.
pub fn touched(model: &Model, update: &Update) -> Vec<Chat> {
    let mut chats = Vec::new();
    let Some(chat) = update.chat() else {
        return chats;
    };
    chats.push(chat.id.0);
    let mut tickets: Vec<TicketId> = Vec::new();
    let mut words = |text: &str| {
        tickets.extend(
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| w.len() == 8)
                .filter_map(TicketId::parse),
        );
    };
    match &update.kind {
        UpdateKind::Message(m) | UpdateKind::EditedMessage(m) => {
            if let Some(text) = m.text().or(m.caption()) {
                words(text);
            }
            if let Some(replied) = m.reply_to_message() {
                tickets.extend(model.relayed(chat.id.0, replied.id.0));
            }
            if chat.is_supergroup() {
                if let Some(thread) = m.thread_id {
                    tickets.extend(model.ticket_of_topic(thread.0 .0));
                }
            }
        }
        UpdateKind::CallbackQuery(q) => {
            if let Some(data) = &q.data {
                words(data);
            }
        }
        _ => {}
    }
    if let State::AdminReplying { ticket } = model.state(chat.id.0) {
        tickets.push(ticket);
    }
    for id in tickets {
        if let Some(ticket) = model.ticket(&id) {
            if !chats.contains(&ticket.owner.chat) {
                chats.push(ticket.owner.chat);
            }
        }
    }
    chats
}
