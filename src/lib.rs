//! capdo: an offline dashboard of information-security-by-level duties for a People's Committee.
//!
//! Rooms, in the one direction of their imports (`layers_tests` holds it):
//! `main` → `cli` | `tui` (the two adapters: parse input, show output; neither imports the
//! other) → `app` (the context `Env`, `Failure` and its exit status, every use case) →
//! `report` (official reports) | `exchange` (CSV/XLSX/JSON in and out) → `store` (SQLite) →
//! `rules` (the legal texts as data) → `domain` (pure types, the law's types and the engine; no
//! I/O, no clock). Shared leaves: `i18n` (the message catalog), `text` (Unicode care), `config`
//! (the user's config file), `sample` (the demo commune).

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
#[cfg(test)]
mod shape_tests;
