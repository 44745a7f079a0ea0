//! What the test binaries of `support-bot` share (a dev-dependency of the
//! program, never part of it):
//!
//! - [`helpers`]: `spawn_app()`, the real bot against the fake Bot API,
//!   each test with its own data folder and ports, a transcript of the
//!   conversation; the built `support-bot` program started as a process.
//! - [`pg`]: a PostgreSQL schema of its own for a test, and a journey run
//!   with its bots on one.
//! - [`strict`]: strict mode (`CI` set): a test that cannot run fails.
//!
//! `tests/api`, `tests/browser` and `tests/bench` name them as their own
//! modules (`use testkit::{helpers, pg, strict};` at the binary's root).

pub mod helpers;
pub mod pg;
pub mod strict;
