//! `capdo backup FILE` (a copy of the whole store, consistent while in use) and
//! `capdo restore FILE` (checks the file, then replaces the store, keeping the replaced one).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::app::backup::{self as app, BackedUp};
use crate::i18n::msg::{cli, cli::backup as m, common};
use crate::i18n::{self, Lang};
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the backup (a capdo store file, e.g. capdo-2026-11-29.sqlite3).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup written by `capdo backup` (or a copy of a capdo store).
    pub file: PathBuf,
}

fn display(p: &Path) -> String {
    sanitize(&p.display().to_string())
}

/// "12 hệ thống" / "1 system".
fn systems(lang: Lang, n: impl TryInto<usize>) -> String {
    let n = n.try_into().unwrap_or(0);
    i18n::count_of(lang, n, common::SYSTEMS_NOUN_ONE, common::SYSTEMS_NOUN)
}

/// "40 mục nhật ký" / "1 change-log entry".
fn entries(lang: Lang, n: impl TryInto<usize>) -> String {
    let n = n.try_into().unwrap_or(0);
    i18n::count_of(lang, n, cli::LOG_ENTRIES_ONE, cli::LOG_ENTRIES)
}

fn size(bytes: u64) -> String {
    if bytes >= 10 * 1024 * 1024 {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

pub fn backup(env: &Env, a: &BackupArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    let BackedUp { db, summary: sum } = app::backup(env, &a.file, a.force)?;
    let done = m::BackedUp {
        db: display(&db),
        name: &name,
        systems: systems(lang, sum.systems),
        entries: entries(lang, sum.log_entries),
        size: size(sum.bytes),
    };
    let next = if crate::store::pg::is_url(&db.to_string_lossy()) {
        m::OfflineWith { name: &name }.text(lang)
    } else {
        m::RestoreWith { name: &name }.text(lang)
    };
    emit(&format!("{}\n{next}\n", done.text(lang)))?;
    Ok(ExitCode::SUCCESS)
}

pub fn restore(env: &Env, a: &RestoreArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    let sum = app::restore(env, &a.file)?;
    let db = display(&env.db);
    let mut s = m::Restored {
        db,
        name,
        systems: systems(lang, sum.systems),
        entries: entries(lang, sum.log_entries),
    }
    .text(lang);
    s.push('\n');
    if let Some(version) = sum.migrated_from {
        s.push_str(&m::Migrated { version }.text(lang));
        s.push('\n');
    }
    if let Some(k) = &sum.kept {
        let path = display(k);
        s.push_str(&if sum.replaced_damaged {
            m::KeptDamaged { path }.text(lang)
        } else {
            m::Kept { path }.text(lang)
        });
        s.push('\n');
    }
    emit(&s)?;
    Ok(ExitCode::SUCCESS)
}
