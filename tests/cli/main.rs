//! The command line on real stores: every subcommand, its output and its refusals.
//! One test binary (one link step); each module is the file it was before.

#[path = "../common/mod.rs"]
mod common;

mod backup;
mod bundle;
mod calendar;
mod cli;
mod csv_import;
mod exchange;
mod pg_rls;
mod pg_transfer;
mod record;
mod reports;
mod validation;
