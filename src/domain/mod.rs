//! Pure domain: the types of the inventory, the types of the law (`law`) and the engine that
//! turns them into deadlines. No I/O, no clock, no SQL: "today" always arrives as a value. The
//! domain imports no other room but `i18n` and `text`; `rules` fills `law`'s types from data.

pub mod dates;
pub mod engine;
pub mod evidence;
pub mod law;
pub mod model;
pub mod summary;
pub mod valid;
pub mod wizard;

pub use engine::{Deadline, Kind, Status, Subject};
pub use model::*;

#[cfg(test)]
mod engine_tests;
