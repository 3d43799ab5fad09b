//! The export use case: the inventory in the import layout (.csv, .xlsx), the whole store as
//! JSON (.json) or the deadlines as a calendar feed (.ics), written whole or not at all.

use std::path::Path;

use super::env::{Env, Failure};
use super::report::{exists, save};
use crate::domain::engine;
use crate::exchange::{export, ics, json};
use crate::i18n::msg::app::env::IoIsDir;
use crate::i18n::msg::app::export as m;
use crate::store::{Access, Scope};

/// The default "due soon" window in days (of `due`, and of the calendar feed).
pub const DEFAULT_WITHIN: i64 = 30;

/// What a file's extension asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
    Json,
    Ics,
}

/// What was written, counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exported {
    /// The inventory: this unit's systems, and how many of another unit were left out.
    Systems { local: usize, other: usize },
    /// The whole store.
    Store {
        systems: usize,
        assessments: usize,
        incidents: usize,
        entries: usize,
    },
    /// The calendar feed: its items and the reminder days (largest first).
    Calendar { items: usize, remind: Vec<u32> },
}

/// Exports to `file` (the kind from its extension); `remind` only for .ics.
pub fn export(
    env: &Env,
    file: &Path,
    force: bool,
    remind: Option<&[u32]>,
) -> Result<Exported, Failure> {
    let lang = env.lang;
    let name = file.display().to_string();
    let ext = file
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
    if remind.is_some() && kind != Kind::Ics {
        return Err(Failure::input(m::RemindOnlyIcs { name }.text(lang)));
    }
    if file.is_dir() {
        return Err(Failure::input(IoIsDir { name }.text(lang)));
    }
    if file.exists() && !force {
        return Err(exists(&name, lang));
    }
    let store = || env.open(Access::ReadWrite);
    let failed = |error: String| Failure::input(m::CannotBuild { name: &name, error }.text(lang));
    let (bytes, done) = match kind {
        Kind::Csv | Kind::Xlsx => {
            let all = store()?.systems().map_err(|e| Failure::store(&e, lang))?;
            let local = export::local_systems(&all);
            let bytes = if kind == Kind::Csv {
                export::to_csv(&local)
            } else {
                export::to_xlsx(&local)
            }
            .map_err(failed)?;
            let done = Exported::Systems {
                local: local.len(),
                other: all.len() - local.len(),
            };
            (bytes, done)
        }
        Kind::Json => {
            let dump = store()?.dump().map_err(|e| Failure::store(&e, lang))?;
            let bytes = json::to_json(&dump).map_err(failed)?;
            let done = Exported::Store {
                systems: dump.systems.len(),
                assessments: dump.assessments.len(),
                incidents: dump.incidents.len(),
                entries: dump.log.len(),
            };
            (bytes, done)
        }
        Kind::Ics => calendar(env, remind)?,
    };
    // private: every export holds the unit's data
    save(file, &bytes, force, lang)?;
    Ok(done)
}

/// The calendar feed: every dated item of `due --all`, with reminders.
fn calendar(env: &Env, remind: Option<&[u32]>) -> Result<(Vec<u8>, Exported), Failure> {
    let (data, rules) = env.load(Scope::Deadlines)?;
    let items = engine::deadlines_where(&data, &rules, env.clock, DEFAULT_WITHIN, |d| {
        d.due_on.is_some()
    });
    let mut remind = remind.map_or_else(|| ics::DEFAULT_REMIND.to_vec(), <[u32]>::to_vec);
    remind.sort_unstable_by(|x, y| y.cmp(x));
    remind.dedup();
    let feed = ics::Feed {
        lang: env.lang,
        remind: &remind,
        // DTSTAMP is the real moment of the export, in UTC, whatever --today says
        stamp_utc: chrono::Utc::now().naive_utc(),
    };
    let text = ics::to_ics(&items, &data, &rules, &feed);
    let done = Exported::Calendar {
        items: items.len(),
        remind,
    };
    Ok((text.into_bytes(), done))
}
