//! The backup and restore use cases: a consistent copy of the whole store, and the checked
//! replacement of the store by such a copy (keeping the replaced one).

use std::path::{Path, PathBuf};

use super::env::{Env, ExitStatus, Failure};
use crate::i18n::Lang;
use crate::i18n::msg::app::backup as m;
use crate::i18n::msg::app::env::IoIsDir;
use crate::store::Access;
use crate::store::backup::{BackupError, BackupSummary, RestoreSummary, restore_file};
use crate::text::sanitize;

fn display(p: &Path) -> String {
    sanitize(&p.display().to_string())
}

fn failure(e: BackupError, lang: Lang) -> Failure {
    match e {
        BackupError::Store(s) => Failure::store(&s, lang),
        other => Failure::input(other.message(lang)),
    }
}

/// A backup written: the store it copies and what it holds.
pub struct BackedUp {
    pub db: PathBuf,
    pub summary: BackupSummary,
}

/// Copies the store to `file` (refused when it exists, unless `force`).
pub fn backup(env: &Env, file: &Path, force: bool) -> Result<BackedUp, Failure> {
    let lang = env.lang;
    if file.is_dir() {
        let name = display(file);
        return Err(Failure::input(IoIsDir { name }.text(lang)));
    }
    if !force && std::fs::symlink_metadata(file).is_ok() {
        return Err(failure(
            BackupError::Exists {
                path: file.to_owned(),
            },
            lang,
        ));
    }
    let on_server = env.db.to_str().is_some_and(crate::store::pg::is_url);
    if !env.demo && !on_server && !std::fs::metadata(&env.db).is_ok_and(|m| m.len() > 0) {
        return Err(Failure {
            kind: ExitStatus::StoreUnusable,
            message: m::NoStore {
                db: display(&env.db),
            }
            .text(lang),
        });
    }
    let store = env.open(Access::ReadWrite)?;
    let summary = store.backup_to(file, force).map_err(|e| failure(e, lang))?;
    Ok(BackedUp {
        db: store.path().to_owned(),
        summary,
    })
}

/// Replaces the store by the backup `file` once it is checked (not the demo's).
pub fn restore(env: &Env, file: &Path) -> Result<RestoreSummary, Failure> {
    let lang = env.lang;
    if env.demo {
        return Err(Failure {
            kind: ExitStatus::Usage,
            message: m::RESTORE_DEMO.text(lang).to_owned(),
        });
    }
    restore_file(&env.db, file, &env.write_ctx()).map_err(|e| failure(e, lang))
}
