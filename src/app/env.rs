//! The one context every use case runs in (`Env`: language, clock, rules pin, store path…),
//! the one failure type (`Failure`) and the exit statuses its kind decides (`ExitStatus`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::engine::Clock;
use crate::i18n::Lang;
use crate::rules::{Packs, RuleChoice};
use crate::store::{Access, Scope, Store, StoreError, WriteCtx};

/// Every exit status capdo ends with. Scripts rely on the numbers (README, "Exit status"):
/// a kind is named here once and its number given by [`ExitStatus::code`], never written bare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success; for `check`, nothing overdue or due within DAYS.
    Ok,
    /// 1 (`check`): something is due within DAYS, nothing overdue.
    DueSoon,
    /// 1: bad input (an import refused, a template that exists, a value out of range).
    BadInput,
    /// 1: a file or the terminal could not be written (stdout, the dashboard's terminal).
    Io,
    /// 2 (`check`): something is overdue.
    Overdue,
    /// 2: a command-line error (unknown flag, bad `--today`, `--lang`, `--rules`, `--unit`).
    Usage,
    /// 3: the store is unusable (not a capdo file, damaged, newer, busy, cannot be opened).
    StoreUnusable,
    /// 4: `verify`: the change log's hash chain is broken.
    ChainBroken,
    /// 5: a write command refused under `--read-only`.
    ReadOnly,
    /// 6: `evidence check`, `handover --verify`: a file changed or is missing.
    Mismatch,
}

impl ExitStatus {
    /// The number the process exits with.
    pub const fn code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::DueSoon | ExitStatus::BadInput | ExitStatus::Io => 1,
            ExitStatus::Overdue | ExitStatus::Usage => 2,
            ExitStatus::StoreUnusable => 3,
            ExitStatus::ChainBroken => 4,
            ExitStatus::ReadOnly => 5,
            ExitStatus::Mismatch => 6,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(s.code())
    }
}

/// A failure: its kind (which decides the exit status) and a message in the user's language.
#[derive(Debug)]
pub struct Failure {
    pub kind: ExitStatus,
    pub message: String,
}

impl Failure {
    pub fn new(kind: ExitStatus, message: String) -> Failure {
        Failure { kind, message }
    }
    /// Bad input from the user.
    pub fn input(message: String) -> Failure {
        Failure::new(ExitStatus::BadInput, message)
    }
    /// A command-line error.
    pub fn usage(message: String) -> Failure {
        Failure::new(ExitStatus::Usage, message)
    }
    /// The store cannot be used.
    pub fn store(e: &StoreError, lang: Lang) -> Failure {
        Failure::new(ExitStatus::StoreUnusable, e.message(lang))
    }
    /// The exit status this failure ends the process with.
    pub fn status(&self) -> ExitCode {
        self.kind.into()
    }
}

/// What every use case needs, resolved once at the edge (the command line's flags, the
/// environment, the config file, the clock).
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
                other => Failure::new(ExitStatus::StoreUnusable, other.to_string()),
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
        RuleChoice::new(packs, today, pin).map_err(|id| {
            Failure::usage(
                crate::i18n::msg::app::env::RulesUnknown { id, ids: &ids }.text(self.lang),
            )
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

/// The evidence root: the flag (or CAPDO_EVIDENCE_ROOT), else the config file's.
pub fn evidence_root(flag: Option<&Path>) -> Option<PathBuf> {
    flag.map(Path::to_owned)
        .filter(|p| !p.as_os_str().is_empty())
        .or_else(|| crate::config::Config::load().evidence_root)
}

/// A failed file operation in the user's language, naming the file: "không tìm thấy tệp
/// khong-co.csv" rather than the system's English text.
pub fn io_message(name: &str, e: &std::io::Error, lang: Lang) -> String {
    use crate::i18n::msg::app::env as m;
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => m::IoNotFound { name }.text(lang),
        K::PermissionDenied => m::IoPermission { name }.text(lang),
        K::AlreadyExists => m::IoExists { name }.text(lang),
        K::IsADirectory => m::IoIsDir { name }.text(lang),
        K::NotADirectory => m::IoNotDir { name }.text(lang),
        K::StorageFull => m::IoDiskFull { name }.text(lang),
        K::ReadOnlyFilesystem => m::IoReadOnlyFs { name }.text(lang),
        _ => m::IoOther { name, e }.text(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    const ALL: [ExitStatus; 10] = [
        ExitStatus::Ok,
        ExitStatus::DueSoon,
        ExitStatus::BadInput,
        ExitStatus::Io,
        ExitStatus::Overdue,
        ExitStatus::Usage,
        ExitStatus::StoreUnusable,
        ExitStatus::ChainBroken,
        ExitStatus::ReadOnly,
        ExitStatus::Mismatch,
    ];

    /// The README's exit-status table lists every kind with the number it exits with, and
    /// nothing else: the table is the enum.
    #[test]
    fn the_readme_table_is_the_enum() {
        let readme = include_str!("../../README.md");
        let table = readme
            .split("## Exit status")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap_or_default();
        let rows: Vec<(String, String)> = table
            .lines()
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let kind = cells.get(2)?.strip_prefix('`')?.strip_suffix('`')?;
                Some((cells[1].to_owned(), kind.to_owned()))
            })
            .collect();
        let want: Vec<(String, String)> = ALL
            .iter()
            .map(|k| (k.code().to_string(), format!("{k:?}")))
            .collect();
        assert_eq!(rows, want);
    }
}
