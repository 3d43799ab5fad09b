//! Pure domain: the types of the inventory and the rules that turn them into deadlines.
//! No I/O, no clock, no SQL: "today" always arrives as a value.

pub mod dates;
pub mod engine;
pub mod evidence;
pub mod model;
pub mod summary;
pub mod wizard;

pub use engine::{Deadline, Kind, Status, Subject};
pub use model::*;

#[cfg(test)]
mod engine_tests;
