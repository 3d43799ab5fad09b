//! The dashboard in memory: views, forms and units as TestBackend snapshots, and large stores.
//! One test binary (one link step); each module is the file it was before.

#[path = "../common/mod.rs"]
mod common;

mod memory;
mod pg_edit;
mod pg_watch;
mod tui_forms;
mod tui_units;
mod tui_views;
