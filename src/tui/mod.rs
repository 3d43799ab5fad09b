//! The full-screen dashboard.
