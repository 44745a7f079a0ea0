//! Integration tests: the real bot against the project's fake Telegram Bot API.

mod fake_telegram;
mod helpers;

mod binary;
mod exactly_once;
mod fake_selftest;
mod journeys;
mod observability;
mod operating;
mod persistence;
mod platform;
mod staff;
mod webhook;
