//! `capdo export FILE.csv|FILE.xlsx|FILE.json|FILE.ics`: the inventory in the import layout, the
//! whole store as JSON, or the deadlines as a calendar feed.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::app::export::{Exported, export};
use crate::i18n::count_of;
use crate::i18n::msg::common::{SYSTEMS_NOUN, SYSTEMS_NOUN_ONE};
use crate::i18n::msg::{cli, cli::export as m};

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

pub fn run(env: &Env, a: &ExportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = a.file.display().to_string();
    let c = |n: usize, one, many| count_of(lang, n, one, many);
    let summary = match export(env, &a.file, a.force, a.remind.as_deref())? {
        Exported::Systems { local, other } => {
            let systems = c(local, SYSTEMS_NOUN_ONE, SYSTEMS_NOUN);
            let mut s = m::ExportedSystems {
                systems,
                name: &name,
            }
            .text(lang);
            if other > 0 {
                s.push_str(&m::LeavingOut { n: other }.text(lang));
            }
            s.push_str(".\n");
            s
        }
        Exported::Store {
            systems,
            assessments,
            incidents,
            entries,
        } => {
            m::ExportedStore {
                name: &name,
                systems: c(systems, SYSTEMS_NOUN_ONE, SYSTEMS_NOUN),
                assessments: c(assessments, cli::ASSESSMENTS_ONE, cli::ASSESSMENTS),
                incidents: c(incidents, cli::INCIDENTS_ONE, cli::INCIDENTS),
                entries: c(entries, cli::LOG_ENTRIES_ONE, cli::LOG_ENTRIES),
            }
            .text(lang)
                + "\n"
        }
        Exported::Calendar { items, remind } => {
            let days = remind
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            m::ExportedCalendar {
                n: items,
                name: &name,
                days,
            }
            .text(lang)
                + "\n"
        }
    };
    emit(&summary)?;
    Ok(ExitCode::SUCCESS)
}
