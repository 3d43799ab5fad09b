//! One module per view or overlay, each a pure function of the model.

pub mod deadlines;
pub mod detail;
pub mod form;
pub mod help;
pub mod overview;
pub mod panel;
pub mod table;
