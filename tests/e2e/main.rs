//! The dashboard and the terminal end to end, in tmux.
//! One test binary (one link step); each module is the file it was before.

#[path = "../common/mod.rs"]
mod common;

mod e2e_forms;
mod e2e_record;
mod e2e_signals;
mod e2e_tmux;
mod terminal;
