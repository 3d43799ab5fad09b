//! Shared by every integration test binary: the real binary in a sandbox (`sandbox`), a tmux
//! pane driven by a test (`tmux`), and the reference date and write context of tests that use
//! the library directly (`today`, `ctx`).

#![allow(dead_code)]

pub mod sandbox;
pub mod tmux;
pub mod watch;

#[allow(unused_imports)]
pub use tmux::*;

use capdo::store::WriteCtx;
use chrono::NaiveDate;

/// The reference date of the tests: 29/11/2026 (`sandbox::TODAY`).
pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(sandbox::TODAY, "%Y-%m-%d").expect("TODAY")
}

/// A write context on `today()` at 09:00, by the OS user "test".
pub fn ctx() -> WriteCtx {
    ctx_at(9, 0)
}

/// A write context on `today()` at `hour:minute`, by the OS user "test".
pub fn ctx_at(hour: u32, minute: u32) -> WriteCtx {
    WriteCtx {
        at: today().and_hms_opt(hour, minute, 0).expect("time"),
        today: today(),
        os_user: "test".into(),
    }
}
