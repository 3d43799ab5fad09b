//! Safety: crashes, concurrent writers, unusable stores and hostile input.
//! One test binary (one link step); each module is the file it was before.

#[path = "../common/mod.rs"]
mod common;

mod concurrency;
mod crash;
mod crash_dashboard;
mod hostile;
mod unusable;
