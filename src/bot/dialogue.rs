//! teloxide's dialogue storage over the store: the dispatcher reads each
//! chat's [`State`] through this, and hands it to the handler.
//!
//! Reads come from memory and cannot fail, so an update is never routed as
//! if its chat had no state. A chat never seen before reads as
//! [`State::Idle`] without anything being written: teloxide writes the
//! default state of a chat it finds without one, which would cost a journal
//! line and an fsync for every newcomer, and store every group the bot
//! merely sits in. A state is written only by the step that changes it, in
//! the same transaction as the rest (see [`crate::engine`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use teloxide::dispatching::dialogue::Storage;

use crate::model::{Change, State};
use crate::store::{Decision, Store, StoreError};

/// The boxed future type teloxide's `Storage` trait uses.
type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

impl Storage<State> for Store {
    type Error = StoreError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: teloxide::types::ChatId,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        self.update_dialogue(chat_id, State::Idle)
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: teloxide::types::ChatId,
        dialogue: State,
    ) -> BoxFuture<'static, Result<(), Self::Error>> {
        Box::pin(async move {
            let chat = chat_id.0;
            self.transact(None, move |m| {
                let changes = if m.state(chat) == dialogue {
                    vec![]
                } else {
                    vec![Change::SetState {
                        chat,
                        state: dialogue,
                    }]
                };
                Decision {
                    changes,
                    outbox: None,
                    result: (),
                }
            })
            .await
            .map(|_| ())
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: teloxide::types::ChatId,
    ) -> BoxFuture<'static, Result<Option<State>, Self::Error>> {
        let state = self.read(|m| m.state(chat_id.0));
        Box::pin(async move { Ok(Some(state)) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_chat_never_seen_reads_as_idle_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.json");
        let store = Arc::new(Store::open(&path).unwrap());
        let chat = teloxide::types::ChatId(42);
        let before = store.read(|m| m.seq);
        let state = store.clone().get_dialogue(chat).await.unwrap();
        assert_eq!(state, Some(State::Idle));
        assert_eq!(store.read(|m| m.seq), before, "nothing was written");
        assert!(store.read(|m| m.dialogues.is_empty()));

        store
            .clone()
            .update_dialogue(chat, State::AwaitingDescription)
            .await
            .unwrap();
        let state = store.clone().get_dialogue(chat).await.unwrap();
        assert_eq!(state, Some(State::AwaitingDescription));
        store.clone().remove_dialogue(chat).await.unwrap();
        store.flush().await.unwrap();
        drop(store);
        assert_eq!(
            Store::open(&path).unwrap().snapshot().state(42),
            State::Idle
        );
    }
}
