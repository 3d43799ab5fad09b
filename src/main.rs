//! The `capdo` binary: everything lives in the library; this only hands over. The command line
//! parses and runs subcommands; without one it hands back the context and the dashboard opens
//! here, so neither adapter (`cli`, `tui`) imports the other.

use std::process::ExitCode;

use capdo::cli::{self, Next};

fn main() -> ExitCode {
    match cli::main() {
        Next::Exit(code) => code,
        Next::Dashboard(env) => capdo::tui::run(&env).unwrap_or_else(cli::fail),
    }
}
