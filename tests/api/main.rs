//! Integration tests: the real bot against the project's fake Telegram Bot API.

mod corpus;
mod helpers;
mod pg;
#[path = "../support/strict.rs"]
mod strict;

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
mod shapes;
mod staff;
mod team;
mod topics;
mod web;
mod webhook;
