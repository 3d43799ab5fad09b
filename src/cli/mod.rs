//! The command-line adapter: global flags resolved once into the application's `Env` (the
//! clock, the environment, the config file), one module per subcommand; with no subcommand it
//! hands the `Env` back to `main`, which opens the dashboard.

mod admin;
mod backup;
mod bundle;
mod calendar;
mod due;
pub(crate) mod evidence;
mod export;
pub(crate) mod handover;
mod help;
mod import;
mod log_cmd;
mod output;
mod profile;
mod record;
mod report;
mod rules_cmd;
mod systems;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Local;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

// the application layer's context, failure and output, under the names the subcommands use
pub(crate) use crate::app::env::{default_db_path, io_message};
pub(crate) use crate::app::stdout::{Streamed, color_choice, emit, emit_bytes};
use crate::app::stdout::{terminal_safe, write_stdout};
pub use crate::app::{Env, ExitStatus, Failure};
use crate::domain::dates::{DateError, parse_datetime};
use crate::domain::engine::Clock;
use crate::i18n::{Lang, msg};

/// capdo — theo dõi bảo đảm an toàn hệ thống thông tin theo cấp độ (an offline dashboard of
/// information-security-by-level duties).
#[derive(Debug, Parser)]
#[command(name = "capdo", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Flags every command takes.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// The store file, or a shared PostgreSQL store (postgresql://user@host/db).
    #[arg(long, global = true, env = "CAPDO_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The reference date, YYYY-MM-DD or D/M/YYYY (default: today's date).
    #[arg(long, global = true, env = "CAPDO_TODAY", value_name = "DATE")]
    pub today: Option<String>,
    /// Pin a rule pack by id (see `capdo rules`); default: the pack in force on the date.
    #[arg(long, global = true, value_name = "ID")]
    pub rules: Option<String>,
    /// Language: vi or en.
    #[arg(long, global = true, env = "CAPDO_LANG", value_name = "vi|en")]
    pub lang: Option<String>,
    /// Run on a throwaway in-memory copy of the sample data; the real store is never touched.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Open the store read-only (inspection mode): nothing can be changed.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Colour theme of the dashboard: dark, light or mono.
    #[arg(long, global = true, env = "CAPDO_THEME", value_name = "THEME")]
    pub theme: Option<String>,
    /// Draw the dashboard's first screen as text at COLSxROWS and exit (for timing and tests).
    #[arg(long, hide = true, value_name = "COLSxROWS")]
    pub render_once: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// What is overdue or due within DAYS, most urgent first.
    Due(due::DueArgs),
    /// One summary line; exit 0 nothing due, 1 something due soon, 2 overdue, 3 store unusable.
    Check(due::CheckArgs),
    /// The inventory with level, dossier state, plan and next assessment.
    Systems(systems::SystemsArgs),
    /// Import an inventory CSV or XLSX (upsert by system code, all or nothing), or restore a
    /// whole store from JSON.
    Import(import::ImportArgs),
    /// Export the inventory (.csv, .xlsx, in the import layout) or the whole store (.json).
    Export(export::ExportArgs),
    /// Write an empty inventory template with the contract's headers.
    Template(import::TemplateArgs),
    /// List the rule packs and say which is in force.
    Rules(rules_cmd::RulesArgs),
    /// Record a step from the shell: an assessment, a dossier step, a report submitted.
    Record(record::RecordArgs),
    /// The unit's profile; with --unit/--parent/--tier/--officer/--tracking-start, sets it.
    Profile(profile::ProfileArgs),
    /// The change log: who changed what and when (old → new).
    Log(log_cmd::LogArgs),
    /// Check the change log's hash chain; exit 0 intact, 4 naming the first altered entry.
    Verify(log_cmd::VerifyArgs),
    /// Write a report: quarterly, annual, review, incident ID, budget (Markdown, XLSX or JSON).
    Report(report::ReportArgs),
    /// Write this unit's data as a bundle (with a manifest and SHA-256) for consolidation.
    Bundle(bundle::BundleArgs),
    /// Merge bundles of other units into this store, keyed by unit (all or nothing).
    Merge(bundle::MergeArgs),
    /// Copy the whole store to FILE (consistent even while capdo is in use; 0600).
    Backup(backup::BackupArgs),
    /// Replace the store with a backup after checking it; the replaced store is kept beside
    /// it as <store>.before-restore-<time>.
    Restore(backup::RestoreArgs),
    /// The working-day calendar (holidays, make-up days) that working-day limits count on;
    /// add a local day off or a make-up working day.
    Calendar(calendar::CalendarArgs),
    /// The evidence register: documents that prove each claim, with SHA-256 (add, list,
    /// check; check exits 6 naming each changed or missing file).
    Evidence(evidence::EvidenceArgs),
    /// Write the handover pack (store backup, reports, evidence, the BAN-GIAO.docx and .md
    /// record, MANIFEST.sha256) to DIR or DIR.zip; --verify DIR checks a pack (exit 6 on a
    /// mismatch).
    Handover(handover::HandoverArgs),
    /// Grant units of a shared PostgreSQL store: a role one unit, or every unit (a province
    /// role); list and take back grants. Run as the role that owns the database.
    Admin(admin::AdminArgs),
}

/// The context of every command, from the global flags, the environment and the config file.
fn resolve_env(g: &Global) -> Result<Env, Failure> {
    // language first, so that later messages can use it
    let lang = match g.lang.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Lang::parse(s)
            .ok_or_else(|| Failure::usage(msg::cli::main::LangInvalid { s }.text(Lang::Vi)))?,
        // the choice remembered by the dashboard (`L`), else Vietnamese
        None => crate::config::Config::load().lang.unwrap_or(Lang::Vi),
    };
    let wall = Local::now().naive_local();
    let clock = match g.today.as_deref().filter(|s| !s.is_empty()) {
        None => Clock {
            today: wall.date(),
            now: wall,
        },
        Some(s) => {
            let t = parse_datetime(s).map_err(|e| {
                Failure::usage(match e {
                    DateError::NoSuchDay => msg::cli::main::TodayNoSuchDay { s }.text(lang),
                    DateError::Format => msg::cli::main::TodayNotADate { s }.text(lang),
                })
            })?;
            Clock {
                today: t.date(),
                now: t,
            }
        }
    };
    let db = match g.db.clone().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p,
        None => default_db_path().ok_or_else(|| {
            Failure::new(
                ExitStatus::StoreUnusable,
                msg::cli::main::NO_DATA_DIR.text(lang).to_owned(),
            )
        })?,
    };
    let os_user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "?".into());
    Ok(Env {
        lang,
        clock,
        fixed_clock: g.today.as_deref().is_some_and(|s| !s.is_empty()),
        wall,
        rules_pin: g.rules.clone().filter(|s| !s.is_empty()),
        demo: g.demo,
        read_only: g.read_only,
        theme: g.theme.clone().filter(|s| !s.is_empty()),
        render_once: g.render_once.clone(),
        db,
        os_user,
    })
}

/// What the command line leaves to `main`: the exit status of a command that ran, or the
/// dashboard to open with this context (the command line never starts the dashboard itself).
pub enum Next {
    Exit(ExitCode),
    Dashboard(Env),
}

/// Parses arguments, runs a subcommand, and turns failures into messages and exit statuses;
/// without a subcommand, hands the dashboard's context back.
pub fn main() -> Next {
    run_args().unwrap_or_else(Next::Exit)
}

fn run_args() -> Result<Next, ExitCode> {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `capdo help [COMMAND...]` is `capdo [COMMAND...] --help` (clap's own help subcommand
    // cannot be translated)
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    // the language first, so that help and usage errors speak it
    let lang = help::pre_scan(&args);
    // a command line that parses needs no help text: the catalog's words are put on clap's
    // command only when clap has something to say (help, version, a usage error), and the line
    // is parsed again with them (1 % of `due --json`'s work otherwise)
    let parse = |cmd: clap::Command| {
        cmd.try_get_matches_from(&args)
            .and_then(|m| Cli::from_arg_matches(&m))
    };
    let cli = match parse(Cli::command()) {
        Ok(c) => c,
        Err(_) => match parse(help::localise(Cli::command(), lang)) {
            Ok(c) => c,
            Err(e) => return Err(clap_exit(&e, lang)),
        },
    };
    let env = resolve_env(&cli.global).map_err(fail)?;
    let Some(command) = cli.command else {
        return Ok(Next::Dashboard(env));
    };
    record::refuse_read_only(&env, &command).map_err(fail)?;
    let result = match command {
        Command::Due(a) => due::run(&env, &a),
        Command::Check(a) => due::check(&env, &a),
        Command::Systems(a) => systems::run(&env, &a),
        Command::Import(a) => import::run(&env, &a),
        Command::Export(a) => export::run(&env, &a),
        Command::Template(a) => import::template(&env, &a),
        Command::Rules(a) => rules_cmd::run(&env, &a),
        Command::Record(a) => record::run(&env, &a),
        Command::Profile(a) => profile::run(&env, &a),
        Command::Log(a) => log_cmd::run(&env, &a),
        Command::Verify(a) => log_cmd::verify(&env, &a),
        Command::Report(a) => report::run(&env, &a),
        Command::Bundle(a) => bundle::bundle(&env, &a),
        Command::Merge(a) => bundle::merge(&env, &a),
        Command::Backup(a) => backup::backup(&env, &a),
        Command::Restore(a) => backup::restore(&env, &a),
        Command::Calendar(a) => calendar::run(&env, &a),
        Command::Evidence(a) => evidence::run(&env, &a),
        Command::Handover(a) => handover::run(&env, &a),
        Command::Admin(a) => admin::run(&env, &a),
    };
    Ok(Next::Exit(result.unwrap_or_else(fail)))
}

/// Help and version on stdout (clap's words in the chosen language, styled on a terminal);
/// usage errors on stderr in the chosen language, exit status 2.
fn clap_exit(e: &clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind;
    // clap says 0 for help and version, 2 for a usage error
    let status = ExitCode::from(if e.exit_code() == 0 {
        ExitStatus::Ok
    } else {
        ExitStatus::Usage
    });
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let styled = e.render();
            let text = if color_choice() == anstream::ColorChoice::Never {
                styled.to_string()
            } else {
                styled.ansi().to_string()
            };
            let text = match lang {
                Lang::Vi => help::words_vi(&text),
                Lang::En => text,
            };
            let _ = write_stdout(text.as_bytes(), color_choice());
            status
        }
        _ if lang == Lang::En => {
            let _ = e.print();
            status
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let text = help::words_vi(&e.render().to_string());
            let _ = writeln!(std::io::stderr().lock(), "{}", text.trim_end());
            status
        }
        _ => fail(Failure::usage(help::error_vi(e))),
    }
}

/// Writes a failure's message to stderr; its kind is the exit status.
pub fn fail(f: Failure) -> ExitCode {
    let mut err = std::io::stderr().lock();
    // messages quote the user's input (a cell, a file name): the same guard as stdout, so an
    // escape sequence in a refused value is shown, never acted on
    let text = format!("capdo: {}\n", f.message);
    let _ = err.write_all(&terminal_safe(text.as_bytes()));
    f.status()
}

/// A JSON value on stdout, indented, one line break after it (the `--json` of the listing
/// commands).
pub(crate) fn emit_json(v: &serde_json::Value) -> Result<(), Failure> {
    emit(&format!(
        "{}\n",
        serde_json::to_string_pretty(v).unwrap_or_default()
    ))
}

/// Writes styled text: the text passes the same guard as `emit` (stored text can never
/// reach the terminal raw), capdo's styles become SGR sequences only where colour is wanted.
pub(crate) fn emit_styled(doc: &output::Styled) -> Result<(), Failure> {
    let choice = color_choice();
    let bytes = styled_bytes(doc, choice != anstream::ColorChoice::Never);
    write_stdout(&bytes, choice)
}

/// The bytes of `doc`: every piece of text guarded, the styles around it when `color`.
fn styled_bytes(doc: &output::Styled, color: bool) -> Vec<u8> {
    let text = doc.text.as_bytes();
    let mut out = Vec::with_capacity(text.len() + doc.spans.len() * 12);
    let mut at = 0;
    for &(a, b, style) in &doc.spans {
        out.extend_from_slice(&terminal_safe(&text[at..a]));
        if color {
            out.extend_from_slice(style.render().to_string().as_bytes());
        }
        out.extend_from_slice(&terminal_safe(&text[a..b]));
        if color {
            out.extend_from_slice(style.render_reset().to_string().as_bytes());
        }
        at = b;
    }
    out.extend_from_slice(&terminal_safe(&text[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::output::{Styled, style};
    use super::styled_bytes;

    #[test]
    fn styles_are_sgr_and_stored_text_stays_escaped() {
        let mut d = Styled::new();
        d.push("a\u{1b}[2J ");
        d.styled("✖ quá hạn \u{1b}]0;x\u{7}", style::OVERDUE);
        d.push("\n");
        let on = String::from_utf8(styled_bytes(&d, true)).unwrap_or_default();
        assert_eq!(
            on,
            "a\\u001b[2J \u{1b}[31m✖ quá hạn \\u001b]0;x\\u0007\u{1b}[0m\n"
        );
        let off = String::from_utf8(styled_bytes(&d, false)).unwrap_or_default();
        assert_eq!(off, "a\\u001b[2J ✖ quá hạn \\u001b]0;x\\u0007\n");
    }
}
