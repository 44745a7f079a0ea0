//! support-bot: a Telegram customer-support bot.
//!
//! People write to the bot in a private chat and are guided to open a ticket;
//! the support team (the admin chats) is told, answers with `/reply <ID>`, and
//! the answers go back to that person. Everything is kept in a JSON file, or in
//! PostgreSQL for several replicas of one bot.
//!
//! # Layout
//! (The bird's-eye view and the invariants are in `ARCHITECTURE.md`.)
//! - [`model`]: the remembered data (tickets, ticket lists, chat states) and the [`model::Change`]s to it.
//! - [`fsm`]: the conversation rules, a pure `step(model, state, input, event) -> Transition`.
//! - [`command`]: every command defined once: parser, menus, help texts.
//! - [`replies`]: every message the bot sends, as a typed value put into words in one place.
//! - [`texts`]: the words themselves: Fluent message files per language, embedded.
//! - [`stats`]: figures for the team (`/stats`, `support-bot stats`): tickets per period, median times, ratings.
//! - [`store`]: the data file and its journal, or PostgreSQL: loading, one durable transaction per step, the outbox.
//! - [`bot`]: teloxide glue, one module per job: intake, events, a step as a transaction, delivery, start-up.
//! - [`http`]: the poem server: `/`, `/status`, `/metrics`, `/healthz`, `/readyz` (and the webhook in webhook mode).
//! - [`web`]: the team's inbox (pages under `/app`, JSON under `/api`, live events, the dashboard): sign-in, views, actions through the same step as Telegram.
//! - [`metrics`]: one bot's Prometheus counters, made by `App` and handed to what counts; a leaf.
//! - [`hours`]: the team's working hours in its time zone: when it is away, when it is back.
//! - [`health`]: one bot's contact with Telegram and its stalls (for `/readyz`, `/status`, `/metrics`).
//! - [`config`]: settings from `Config.toml`, `.env` and the environment.
//! - [`app`]: wiring: opens the store, binds the port, runs bot and server until shutdown.
//! - [`telemetry`]: logging setup: text or JSON lines, the token masked.
//! - [`cli`]: the command line (clap): run the bot, `check-config`, `export`.
//! - [`check`]: `check-config`: checks the settings and the data file, prints a report.
//! - [`backup`]: `backup` and `restore`: a consistent copy of the JSON store
//!   while the bot runs, and writing it back into an empty folder.
//! - [`forget`]: `forget`: erases a person's messages and name, with the bot stopped.
//! - [`export`]: `export`: every ticket as JSON or CSV, without message texts.
//! - [`migrate`]: `migrate`: the data from the JSON store to PostgreSQL and back.

pub mod app;
pub mod backup;
pub mod bot;
pub mod check;
pub mod cli;
pub mod command;
pub mod config;
pub mod export;
pub mod forget;
pub mod fsm;
pub mod health;
pub mod hours;
pub mod http;
pub mod metrics;
pub mod migrate;
pub mod model;
pub mod replies;
pub mod stats;
pub mod store;
pub mod telemetry;
pub mod texts;
pub mod web;
