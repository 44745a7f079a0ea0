//! support-core: the support bot's rules, apart from everything that talks
//! to the world.
//!
//! What the bot remembers, how a conversation goes, the commands, every
//! message it says and the words for it in each language, the team's hours
//! and figures. Nothing here knows Telegram, HTTP, a database, an async
//! runtime or the clock: the time and fresh IDs come in as arguments. This
//! crate's `Cargo.toml` names no teloxide, poem, sqlx or tokio (a test,
//! `tests/pure.rs`, checks it), so the compiler keeps it so. The binary
//! crate (`support-bot`) re-exports these modules under the same names.
//!
//! # Layout
//! - [`model`]: the remembered data (tickets, ticket lists, chat states) and the [`model::Change`]s to it; the team's running figures (`model::tally`).
//! - [`fsm`]: the conversation rules, a pure `step(model, state, input, event) -> Transition`.
//! - [`command`]: every command defined once: parser, menus, help texts.
//! - [`replies`]: every message the bot sends, as a typed value put into words in one place.
//! - [`texts`]: the words themselves: Fluent message files per language (the top-level `locales/`), embedded.
//! - [`stats`]: figures for the team (`/stats`, `support-bot stats`): tickets per period, median times, ratings.
//! - [`hours`]: the team's working hours in its time zone: when it is away, when it is back.
//! - [`team`]: how the support team works together (`AGENT_NAMES`, `NOTE_PREFIX`...), as plain settings.

pub mod command;
pub mod fsm;
pub mod hours;
pub mod model;
pub mod replies;
pub mod stats;
pub mod team;
pub mod texts;
