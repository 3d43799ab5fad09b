//! capdo: an offline dashboard of information-security-by-level duties for a People's Committee.
//!
//! Rooms: `domain` (pure types and rules, no I/O, no clock), `rules` (embedded rule packs),
//! `store` (SQLite), `exchange` (CSV import/export), `cli` (subcommands), `tui` (the dashboard),
//! `i18n` (every user-visible string) and `text` (Unicode care).

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod exchange;
pub mod i18n;
pub mod report;
pub mod rules;
pub mod sample;
pub mod store;
pub mod text;
pub mod tui;

#[cfg(test)]
mod layers_tests;
