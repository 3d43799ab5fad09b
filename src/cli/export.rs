//! `capdo export FILE.csv|FILE.xlsx|FILE.json|FILE.ics`: the inventory in the import layout, the
//! whole store as JSON, or the deadlines as a calendar feed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::exchange::{export, ics, json};
use crate::i18n::msg::common::{SYSTEMS_NOUN, SYSTEMS_NOUN_ONE};
use crate::i18n::msg::{cli, cli::export as m};
use crate::i18n::{Lang, count_of};
use crate::store::Access;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write: .csv or .xlsx (the inventory, in the import layout) or .json (the
    /// whole store, for `capdo import FILE.json`).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// .ics only: remind this many days before each deadline (comma-separated; default 7,1).
    #[arg(long, value_name = "DAYS,...", value_delimiter = ',', value_parser = clap::value_parser!(u32).range(0..=366))]
    pub remind: Option<Vec<u32>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Csv,
    Xlsx,
    Json,
    Ics,
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

pub fn run(env: &Env, a: &ExportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    let ext = a
        .file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "csv" => Kind::Csv,
        "xlsx" => Kind::Xlsx,
        "json" => Kind::Json,
        "ics" => Kind::Ics,
        _ => {
            return Err(Failure::input(m::UnknownFormat { name }.text(lang)));
        }
    };
    if a.remind.is_some() && kind != Kind::Ics {
        return Err(Failure::input(m::RemindOnlyIcs { name }.text(lang)));
    }
    if a.file.is_dir() {
        return Err(Failure::input(cli::IsADirectory { name }.text(lang)));
    }
    if a.file.exists() && !a.force {
        return Err(exists(&name, lang));
    }
    let store = || env.open(Access::ReadWrite);
    let failed = |error: String| Failure::input(m::CannotBuild { name: &name, error }.text(lang));
    let (bytes, summary) = match kind {
        Kind::Csv | Kind::Xlsx => {
            let all = store()?.systems().map_err(|e| Failure::store(&e, lang))?;
            let local = export::local_systems(&all);
            let bytes = if kind == Kind::Csv {
                export::to_csv(&local)
            } else {
                export::to_xlsx(&local)
            }
            .map_err(failed)?;
            let other = all.len() - local.len();
            let systems = count_of(lang, local.len(), SYSTEMS_NOUN_ONE, SYSTEMS_NOUN);
            let mut s = m::ExportedSystems {
                systems,
                name: &name,
            }
            .text(lang);
            if other > 0 {
                s.push_str(&m::LeavingOut { n: other }.text(lang));
            }
            s.push_str(".\n");
            (bytes, s)
        }
        Kind::Json => {
            let dump = store()?.dump().map_err(|e| Failure::store(&e, lang))?;
            let bytes = json::to_json(&dump).map_err(failed)?;
            let c = |n: usize, one, many| count_of(lang, n, one, many);
            let s = m::ExportedStore {
                name: &name,
                systems: c(dump.systems.len(), SYSTEMS_NOUN_ONE, SYSTEMS_NOUN),
                assessments: c(
                    dump.assessments.len(),
                    cli::ASSESSMENTS_ONE,
                    cli::ASSESSMENTS,
                ),
                incidents: c(dump.incidents.len(), cli::INCIDENTS_ONE, cli::INCIDENTS),
                entries: c(dump.log.len(), cli::LOG_ENTRIES_ONE, cli::LOG_ENTRIES),
            }
            .text(lang)
                + "\n";
            (bytes, s)
        }
        Kind::Ics => calendar(env, a, &name)?,
    };
    finish(a, &name, &bytes, &summary, lang)
}

/// Writes the file (private: every export holds the unit's data) and says what was written.
fn finish(
    a: &ExportArgs,
    name: &str,
    bytes: &[u8],
    summary: &str,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    crate::app::report::write_file(&a.file, bytes, a.force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists(name, lang)
        } else {
            Failure::input(super::io_message(name, &e, lang))
        }
    })?;
    emit(summary)?;
    Ok(ExitCode::SUCCESS)
}

/// The calendar feed: every dated item of `due --all`, with reminders.
fn calendar(env: &Env, a: &ExportArgs, name: &str) -> Result<(Vec<u8>, String), Failure> {
    use crate::domain::engine;
    let lang = env.lang;
    let (data, rules) = env.load(crate::store::Scope::Deadlines)?;
    let items =
        engine::deadlines_where(&data, &rules, env.clock, super::due::DEFAULT_WITHIN, |d| {
            d.due_on.is_some()
        });
    let mut remind = a
        .remind
        .clone()
        .unwrap_or_else(|| ics::DEFAULT_REMIND.to_vec());
    remind.sort_unstable_by(|x, y| y.cmp(x));
    remind.dedup();
    let feed = ics::Feed {
        lang,
        remind: &remind,
        // DTSTAMP is the real moment of the export, in UTC, whatever --today says
        stamp_utc: chrono::Utc::now().naive_utc(),
    };
    let text = ics::to_ics(&items, &data, &rules, &feed);
    let days = remind
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let n = items.len();
    let summary = m::ExportedCalendar { n, name, days }.text(lang) + "\n";
    Ok((text.into_bytes(), summary))
}

fn exists(name: &str, lang: Lang) -> Failure {
    Failure::input(cli::FileExists { name }.text(lang))
}
