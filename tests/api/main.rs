//! Integration tests: the real bot against the project's fake Telegram Bot API.

// Shared with the browser tests and the benchmarks (crates/testkit).
use testkit::{helpers, pg};

mod corpus;

mod binary;
mod delivery;
mod deploy;
mod docs;
mod doors;
mod exactly_once;
mod hours;
mod inbox_security;
mod journeys;
mod languages;
mod observability;
mod operating;
mod persistence;
mod platform;
mod postgres;
mod privacy;
mod rating;
mod replicas;
mod setup;
mod shapes;
mod staff;
mod team;
mod topics;
mod web;
mod webhook;

/// Snapshot a text (a command's output, a transcript) into the top-level
/// `snapshots/` folder.
#[macro_export]
macro_rules! assert_output {
    ($name:expr, $text:expr) => {
        insta::with_settings!({
            snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

/// Snapshot a transcript into the top-level `snapshots/` folder.
#[macro_export]
macro_rules! assert_transcript {
    ($name:expr, $app:expr) => {
        $crate::assert_output!($name, $app.transcript())
    };
}
