//! support-bot: a Telegram customer-support bot.
//!
//! People write to the bot in a private chat and are guided to open a ticket;
//! the support team (the admin chats) is told, answers with `/reply <ID>`, and
//! the answers go back to that person. Everything is kept in a JSON file, or in
//! PostgreSQL for several replicas of one bot.
//!
//! # Layout
//! (The bird's-eye view and the invariants are in `ARCHITECTURE.md`.)
//!
//! The rules live in their own crate, `support-core` (`crates/support-core`),
//! which cannot depend on Telegram, HTTP, a database or an async runtime; they
//! are re-exported here under the same names:
//! - [`model`]: the remembered data (tickets, ticket lists, chat states) and the [`model::Change`]s to it.
//! - [`fsm`]: the conversation rules, a pure `step(model, state, input, event) -> Transition`.
//! - [`command`]: every command defined once: parser, menus, help texts.
//! - [`replies`]: every message the bot sends, as a typed value put into words in one place.
//! - [`texts`]: the words themselves: Fluent message files per language, embedded.
//! - [`stats`]: figures for the team (`/stats`, `support-bot stats`): tickets per period, median times, ratings. Pure.
//! - [`hours`]: the team's working hours in its time zone: when it is away, when it is back.
//!
//! The rest is this crate, everything that talks to the world:
//! - [`store`]: the data file and its journal, or PostgreSQL: loading, one durable transaction per step, the outbox.
//! - [`engine`]: the one step both doors take: an event from Telegram or the inbox as one store transaction with its outbox, then the messages to delivery.
//! - [`clock`]: the time now (the rules are given it, never read it).
//! - [`links`]: the inbox's addresses under `PUBLIC_URL`, for the web's routes and the bot's links; the one-time login link (its token, the change that saves its hash).
//! - [`telegram`]: the platform's facts both doors need (a message's length, counted in UTF-16 units).
//! - [`bot`]: teloxide glue, one module per job: intake, events, delivery, start-up, the check that the bot can write to the team's chats.
//! - [`http`]: the poem server: `/`, `/status`, `/metrics`, `/healthz`, `/readyz` (and the webhook in webhook mode).
//! - [`web`]: the team's inbox (pages under `/app`, JSON under `/api`, live events, the dashboard): sign-in, views, actions through the [`engine`] as from Telegram.
//! - [`metrics`]: one bot's Prometheus counters, made by `App` and handed to what counts; a leaf.
//! - [`health`]: one bot's contact with Telegram and its stalls (for `/readyz`, `/status`, `/metrics`).
//! - [`config`]: settings from `Config.toml`, `.env` and the environment.
//! - [`app`]: wiring: opens the store, binds the port, runs bot and server until shutdown.
//! - [`telemetry`]: logging setup: text or JSON lines, the token masked.
//! - [`cli`]: the command line (clap): run the bot, `demo` (the demo program beside it), `setup`, `check-config`, the operating commands.
//! - [`check`]: `check-config`: checks the settings, the data file and (when Telegram answers) the team's chats, prints a report.
//! - `manual` (tests only): the manual's command and settings tables, read by the tests that check them against the code.
//! - [`ops`]: the operating commands (`export`, `stats`, `forget`, `migrate`, `backup`, `restore`): the settings loaded once, the store they name, one runtime; and `setup`, the first settings by asking.

pub use support_core::{command, fsm, hours, model, replies, stats, texts};

pub mod app;
pub mod bot;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod engine;
pub mod health;
pub mod http;
pub mod links;
#[cfg(test)]
mod manual;
pub mod metrics;
pub mod ops;
pub mod store;
pub mod telegram;
pub mod telemetry;
pub mod web;
