//! The command line: global flags, the edge where the clock, the environment and the store are
//! read once, and one module per subcommand.

mod backup;
mod bundle;
mod calendar;
mod due;
pub(crate) mod evidence;
mod export;
pub(crate) mod handover;
mod help;
mod import;
pub use import::import_inventory;
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

use chrono::{Local, NaiveDate, NaiveDateTime};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::domain::dates::{DateError, parse_datetime};
use crate::domain::engine::Clock;
use crate::i18n::Lang;
use crate::rules::{Packs, RuleChoice};
use crate::store::{Access, Scope, Store, StoreError, WriteCtx};

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
    /// The store file (default: the platform data directory).
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
}

/// A failure with its exit status and a message in the user's language.
#[derive(Debug)]
pub struct Failure {
    pub status: u8,
    pub message: String,
}

impl Failure {
    /// Bad input from the user (exit 1).
    pub fn input(message: String) -> Failure {
        Failure { status: 1, message }
    }
    /// The store cannot be used (exit 3).
    pub fn store(e: &StoreError, lang: Lang) -> Failure {
        Failure {
            status: 3,
            message: e.message(lang),
        }
    }
}

/// What every command needs, resolved once at the edge.
pub struct Env {
    pub lang: Lang,
    pub clock: Clock,
    /// The reference date was given (`--today`): the clock does not move.
    pub fixed_clock: bool,
    /// The wall-clock time, for the change log.
    pub wall: NaiveDateTime,
    pub rules_pin: Option<String>,
    pub demo: bool,
    pub read_only: bool,
    pub theme: Option<String>,
    pub render_once: Option<String>,
    pub db: PathBuf,
    pub os_user: String,
}

impl Env {
    fn resolve(g: &Global) -> Result<Env, Failure> {
        // language first, so that later messages can use it
        let lang = match g.lang.as_deref().filter(|s| !s.is_empty()) {
            Some(s) => Lang::parse(s).ok_or_else(|| Failure {
                status: 2,
                message: format!("--lang: '{s}' không hợp lệ / is not valid (vi | en)"),
            })?,
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
                let t = parse_datetime(s).map_err(|e| Failure {
                    status: 2,
                    message: match (lang, e) {
                        (Lang::Vi, DateError::NoSuchDay) => {
                            format!("--today: không có ngày này trong lịch ({s})")
                        }
                        (Lang::Vi, DateError::Format) => {
                            format!(
                                "--today: ngày không hợp lệ, dùng YYYY-MM-DD hoặc D/M/YYYY ({s})"
                            )
                        }
                        (Lang::En, DateError::NoSuchDay) => format!("--today: no such day ({s})"),
                        (Lang::En, DateError::Format) => {
                            format!("--today: not a date, use YYYY-MM-DD or D/M/YYYY ({s})")
                        }
                    },
                })?;
                Clock {
                    today: t.date(),
                    now: t,
                }
            }
        };
        let db = match g.db.clone().filter(|p| !p.as_os_str().is_empty()) {
            Some(p) => p,
            None => default_db_path().ok_or_else(|| Failure {
                status: 3,
                message: lang
                    .pick(
                        "Không xác định được thư mục dữ liệu; hãy dùng --db PATH.",
                        "Cannot find a data directory; use --db PATH.",
                    )
                    .to_owned(),
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

    pub fn today(&self) -> NaiveDate {
        self.clock.today
    }

    pub fn write_ctx(&self) -> WriteCtx {
        WriteCtx {
            at: self.wall,
            today: self.clock.today,
            os_user: self.os_user.clone(),
        }
    }

    /// Opens the store (or the demo copy); `--read-only` always wins.
    pub fn open(&self, access: Access) -> Result<Store, Failure> {
        let access = if self.read_only {
            Access::ReadOnly
        } else {
            access
        };
        if self.demo {
            return crate::sample::demo_store(&self.write_ctx()).map_err(|e| match e {
                crate::sample::SampleError::Store(s) => Failure::store(&s, self.lang),
                other => Failure {
                    status: 3,
                    message: other.to_string(),
                },
            });
        }
        Store::open(&self.db, access, self.today()).map_err(|e| Failure::store(&e, self.lang))
    }

    /// The rule choice: `--rules`, else the profile's pinned pack, else the pack in force.
    pub fn rules(&self, pinned_in_profile: Option<&str>) -> Result<RuleChoice, Failure> {
        self.rules_on(self.today(), pinned_in_profile)
    }

    /// The rule choice for another reference date (a dashboard left open past midnight).
    pub fn rules_on(
        &self,
        today: NaiveDate,
        pinned_in_profile: Option<&str>,
    ) -> Result<RuleChoice, Failure> {
        let packs = Packs::embedded();
        let pin = self.rules_pin.as_deref().or(pinned_in_profile);
        let ids = packs.ids().join(", ");
        RuleChoice::new(packs, today, pin).map_err(|id| Failure {
            status: 2,
            message: match self.lang {
                Lang::Vi => format!("--rules: không có bộ quy tắc '{id}' (có: {ids})"),
                Lang::En => format!("--rules: no rule pack '{id}' (known: {ids})"),
            },
        })
    }

    /// Opens, loads and chooses the rules in one go.
    pub fn load(&self, scope: Scope) -> Result<(crate::domain::Dataset, RuleChoice), Failure> {
        self.load_keeping_store(scope)
            .map(|(_, data, rules)| (data, rules))
    }

    /// `load`, keeping the store open for a further read (the review's evidence register).
    pub fn load_keeping_store(
        &self,
        scope: Scope,
    ) -> Result<(Store, crate::domain::Dataset, RuleChoice), Failure> {
        let store = self.open(Access::ReadWrite)?;
        store.read_once();
        let data = store
            .load(scope)
            .map_err(|e| Failure::store(&e, self.lang))?;
        let rules = self.rules(data.profile.pinned_pack.as_deref())?;
        Ok((store, data, rules))
    }
}

/// `<data dir>/capdo.sqlite3`.
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "capdo", "capdo")
        .map(|d| d.data_dir().join("capdo.sqlite3"))
}

/// Parses arguments, runs, and turns failures into messages and exit statuses.
pub fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `capdo help [COMMAND...]` is `capdo [COMMAND...] --help` (clap's own help subcommand
    // cannot be translated)
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    // the language first, so that help and usage errors speak it
    let lang = help::pre_scan(&args);
    let cmd = help::localise(Cli::command(), lang);
    let cli = match cmd
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => return clap_exit(&e, lang),
    };
    let env = match Env::resolve(&cli.global) {
        Ok(e) => e,
        Err(f) => return fail(f),
    };
    if let Some(c) = &cli.command
        && let Err(f) = record::refuse_read_only(&env, c)
    {
        return fail(f);
    }
    let result = match cli.command {
        None => crate::tui::run(&env),
        Some(Command::Due(a)) => due::run(&env, &a),
        Some(Command::Check(a)) => due::check(&env, &a),
        Some(Command::Systems(a)) => systems::run(&env, &a),
        Some(Command::Import(a)) => import::run(&env, &a),
        Some(Command::Export(a)) => export::run(&env, &a),
        Some(Command::Template(a)) => import::template(&env, &a),
        Some(Command::Rules(a)) => rules_cmd::run(&env, &a),
        Some(Command::Record(a)) => record::run(&env, &a),
        Some(Command::Profile(a)) => profile::run(&env, &a),
        Some(Command::Log(a)) => log_cmd::run(&env, &a),
        Some(Command::Verify(a)) => log_cmd::verify(&env, &a),
        Some(Command::Report(a)) => report::run(&env, &a),
        Some(Command::Bundle(a)) => bundle::bundle(&env, &a),
        Some(Command::Merge(a)) => bundle::merge(&env, &a),
        Some(Command::Backup(a)) => backup::backup(&env, &a),
        Some(Command::Restore(a)) => backup::restore(&env, &a),
        Some(Command::Calendar(a)) => calendar::run(&env, &a),
        Some(Command::Evidence(a)) => evidence::run(&env, &a),
        Some(Command::Handover(a)) => handover::run(&env, &a),
    };
    match result {
        Ok(code) => code,
        Err(f) => fail(f),
    }
}

/// Help and version on stdout (clap's words in the chosen language, styled on a terminal);
/// usage errors on stderr in the chosen language, exit status 2.
fn clap_exit(e: &clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind;
    let status = u8::try_from(e.exit_code()).unwrap_or(2);
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
            ExitCode::from(status)
        }
        _ if lang == Lang::En => {
            let _ = e.print();
            ExitCode::from(status)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let text = help::words_vi(&e.render().to_string());
            let _ = writeln!(std::io::stderr().lock(), "{}", text.trim_end());
            ExitCode::from(status)
        }
        _ => fail(Failure {
            status: 2,
            message: help::error_vi(e),
        }),
    }
}

fn fail(f: Failure) -> ExitCode {
    let mut err = std::io::stderr().lock();
    // messages quote the user's input (a cell, a file name): the same guard as stdout, so an
    // escape sequence in a refused value is shown, never acted on
    let text = format!("capdo: {}\n", f.message);
    let _ = err.write_all(&terminal_safe(text.as_bytes()));
    ExitCode::from(f.status)
}

/// A failed file operation in the user's language, naming the file: "không tìm thấy tệp
/// khong-co.csv" rather than the system's English text.
pub(crate) fn io_message(name: &str, e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    match (e.kind(), lang) {
        (K::NotFound, Lang::Vi) => format!("không tìm thấy tệp {name}"),
        (K::NotFound, Lang::En) => format!("file not found: {name}"),
        (K::PermissionDenied, Lang::Vi) => format!("không có quyền truy cập tệp {name}"),
        (K::PermissionDenied, Lang::En) => format!("permission denied: {name}"),
        (K::AlreadyExists, Lang::Vi) => format!("tệp {name} đã tồn tại"),
        (K::AlreadyExists, Lang::En) => format!("the file {name} exists"),
        (K::IsADirectory, Lang::Vi) => format!("{name}: đây là thư mục, không phải tệp"),
        (K::IsADirectory, Lang::En) => format!("{name}: this is a directory, not a file"),
        (K::NotADirectory, Lang::Vi) => format!("{name}: đường dẫn có phần không phải thư mục"),
        (K::NotADirectory, Lang::En) => format!("{name}: a part of the path is not a directory"),
        (K::StorageFull, Lang::Vi) => format!("đĩa đã đầy khi ghi {name}"),
        (K::StorageFull, Lang::En) => format!("the disk is full (writing {name})"),
        (K::ReadOnlyFilesystem, Lang::Vi) => {
            format!("không ghi được {name}: ổ đĩa chỉ cho phép đọc")
        }
        (K::ReadOnlyFilesystem, Lang::En) => {
            format!("cannot write {name}: the file system is read-only")
        }
        (_, Lang::Vi) => format!("lỗi đọc/ghi tệp {name} ({e})"),
        (_, Lang::En) => format!("{name}: {e}"),
    }
}

/// Writes to stdout, treating a closed pipe (`capdo due | head`) as success.
pub(crate) fn emit(text: &str) -> Result<(), Failure> {
    emit_bytes(text.as_bytes())
}

/// `emit` for bytes already encoded (UTF-8).
pub(crate) fn emit_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let bytes = terminal_safe(bytes);
    write_stdout(&bytes, anstream::ColorChoice::Never)
}

/// Whether stdout wants colour: a terminal, no `NO_COLOR`, `TERM` set and not `dumb`
/// (`CLICOLOR_FORCE` forces it), as anstream decides for clap's own output.
pub(crate) fn color_choice() -> anstream::ColorChoice {
    anstream::AutoStream::choice(&std::io::stdout())
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

/// One write to stdout through anstream (which turns SGR into console calls on old Windows
/// consoles); a closed pipe is success.
fn write_stdout(bytes: &[u8], choice: anstream::ColorChoice) -> Result<(), Failure> {
    let r = if choice == anstream::ColorChoice::Never {
        // nothing to adapt: the bytes go as they are
        let mut out = std::io::stdout().lock();
        out.write_all(bytes).and_then(|_| out.flush())
    } else {
        let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
        out.write_all(bytes).and_then(|_| out.flush())
    };
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            status: 1,
            message: e.to_string(),
        }),
    }
}

/// Stdout for output made piece by piece (`due --json` over 100,000 systems is tens of
/// megabytes): buffered, each piece passed through the same last guard as `emit`, a closed
/// pipe ends the output quietly. Nothing is held whole in memory.
pub(crate) struct Streamed {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
}

impl Streamed {
    pub(crate) fn new() -> Streamed {
        Streamed {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
            closed: false,
        }
    }

    /// Writes one piece; a piece must hold whole characters.
    pub(crate) fn put(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let r = self.out.write_all(&terminal_safe(bytes));
        self.settle(r)
    }

    pub(crate) fn finish(mut self) -> Result<(), Failure> {
        let r = self.out.flush();
        self.settle(r)
    }

    fn settle(&mut self, r: std::io::Result<()>) -> Result<(), Failure> {
        match r {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure {
                status: 1,
                message: e.to_string(),
            }),
        }
    }
}

/// The length of the character at `b[i..]` that a terminal could act on (see
/// `acts_on_terminal` in the tests), or 0. Works on the UTF-8 bytes directly: C0 controls but line feed and
/// tab, DEL, C1 (`C2 80`–`C2 9F`), U+202A–202E (`E2 80 AA`–`AE`) and U+2066–2069
/// (`E2 81 A6`–`A9`).
fn acting_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        0x0a | 0x09 => 0,
        0x00..=0x1f | 0x7f => 1,
        0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => 2,
        0xe2 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

/// A byte that may start such a character (`acting_len` tells for sure).
fn suspect(b: u8) -> bool {
    // `|`, not `||`: no branches, so that the scan below is vectorised
    ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2)
}

/// Where the first character a terminal could act on starts. Blocks of bytes are tested for
/// suspect bytes without branches (a few instructions per 16 bytes); only a block with one is
/// looked at byte by byte. Megabytes of `due --json` pass in about a millisecond.
fn first_acting(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 256;
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        if block.iter().fold(false, |acc, &b| acc | suspect(b)) {
            let at = k * BLOCK;
            if let Some(i) = (at..at + block.len()).find(|&i| acting_len(bytes, i) > 0) {
                return Some(i);
            }
        }
    }
    None
}

/// The last guard before stdout. Text for people is sanitised where it is made; JSON leaves
/// DEL, the C1 controls and the direction overrides raw inside its strings. Each such
/// character is written as a JSON escape (`\u009b`): in a JSON string that is the same
/// character, anywhere else it is visible text; either way no raw control reaches a terminal.
/// One pass over the bytes; no copy unless something has to be escaped.
fn terminal_safe(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    let Some(first) = first_acting(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let mut out = Vec::with_capacity(bytes.len() + 16);
    out.extend_from_slice(&bytes[..first]);
    let mut i = first;
    while i < bytes.len() {
        let n = acting_len(bytes, i);
        if n == 0 {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let c = std::str::from_utf8(&bytes[i..i + n])
            .ok()
            .and_then(|s| s.chars().next())
            .map_or(0, u32::from);
        out.extend_from_slice(format!("\\u{c:04x}").as_bytes());
        i += n;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::output::{Styled, style};
    use super::{acting_len, styled_bytes, terminal_safe};

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

    /// A character a terminal could act on: C0 controls but line feed and tab, DEL, the C1
    /// controls (U+009B starts an escape sequence on some terminals), the direction overrides.
    fn acts_on_terminal(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }

    #[test]
    fn the_byte_scan_agrees_with_the_characters() {
        // every character in the planes where UTF-8 has 1, 2 and 3 bytes, and a few beyond
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let n = acting_len(b, 0);
            assert_eq!(n > 0, acts_on_terminal(c), "{c:?}");
            assert!(n == 0 || n == b.len(), "{c:?}");
        }
    }

    #[test]
    fn nothing_raw_reaches_stdout_and_json_stays_json() {
        let v = serde_json::json!({"name": "A\u{1b}[2J\u{7f}\u{9b}31m\u{202e}B\u{85}", "n": 1});
        let text = serde_json::to_string(&v).unwrap_or_default();
        let safe = terminal_safe(text.as_bytes()).into_owned();
        let safe = String::from_utf8(safe).unwrap_or_default();
        assert!(
            !safe.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{safe:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, v);
        // plain text is left alone, without a copy
        let plain = "Cổng thông tin … ✖ ▲ ✔\n\tx\n";
        assert!(matches!(
            terminal_safe(plain.as_bytes()),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
