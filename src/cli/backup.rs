//! `capdo backup FILE` (a copy of the whole store, consistent while in use) and
//! `capdo restore FILE` (checks the file, then replaces the store, keeping the replaced one).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Env, ExitStatus, Failure, emit};
use crate::i18n::Lang;
use crate::store::Access;
use crate::store::backup::{BackupError, restore_file};
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

fn failure(e: BackupError, lang: Lang) -> Failure {
    match e {
        BackupError::Store(s) => Failure::store(&s, lang),
        other => Failure::input(other.message(lang)),
    }
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
    if a.file.is_dir() {
        return Err(Failure::input(match lang {
            Lang::Vi => format!("{name}: đây là thư mục, không phải tệp"),
            Lang::En => format!("{name}: this is a directory, not a file"),
        }));
    }
    if !a.force && std::fs::symlink_metadata(&a.file).is_ok() {
        return Err(failure(
            BackupError::Exists {
                path: a.file.clone(),
            },
            lang,
        ));
    }
    if !env.demo && !std::fs::metadata(&env.db).is_ok_and(|m| m.len() > 0) {
        return Err(Failure {
            kind: ExitStatus::StoreUnusable,
            message: match lang {
                Lang::Vi => format!(
                    "{}: chưa có kho dữ liệu; không có gì để sao lưu.",
                    display(&env.db)
                ),
                Lang::En => format!(
                    "{}: there is no store; nothing to back up.",
                    display(&env.db)
                ),
            },
        });
    }
    let store = env.open(Access::ReadWrite)?;
    let sum = store
        .backup_to(&a.file, a.force)
        .map_err(|e| failure(e, lang))?;
    emit(&match lang {
        Lang::Vi => format!(
            "Đã sao lưu kho {} ra {name}: {} hệ thống, {} mục nhật ký, {}; kiểm tra toàn vẹn: ok.\nKhôi phục bằng: capdo restore {name}\n",
            display(store.path()),
            sum.systems,
            sum.log_entries,
            size(sum.bytes)
        ),
        Lang::En => format!(
            "Backed up the store {} to {name}: {}, {}, {}; integrity check: ok.\nRestore with: capdo restore {name}\n",
            display(store.path()),
            crate::i18n::en_count(
                usize::try_from(sum.systems).unwrap_or(0),
                "system",
                "systems"
            ),
            crate::i18n::en_count(
                sum.log_entries as usize,
                "change-log entry",
                "change-log entries"
            ),
            size(sum.bytes)
        ),
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn restore(env: &Env, a: &RestoreArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    if env.demo {
        return Err(Failure {
            kind: ExitStatus::Usage,
            message: lang
                .pick(
                    "--demo: khôi phục thay thế kho thật; hãy chạy lại không có --demo.",
                    "--demo: a restore replaces the real store; run it without --demo.",
                )
                .to_owned(),
        });
    }
    let name = display(&a.file);
    let sum = restore_file(&env.db, &a.file, &env.write_ctx()).map_err(|e| failure(e, lang))?;
    let db = display(&env.db);
    let mut s = match lang {
        Lang::Vi => format!(
            "Đã khôi phục kho {db} từ {name}: {} hệ thống, {} mục nhật ký (gồm mục \"khôi phục\" vừa ghi); kiểm tra toàn vẹn và chuỗi nhật ký: ok.\n",
            sum.systems, sum.log_entries
        ),
        Lang::En => format!(
            "Restored the store {db} from {name}: {}, {} (the \"restore\" entry included); integrity and change-log checks: ok.\n",
            crate::i18n::en_count(
                usize::try_from(sum.systems).unwrap_or(0),
                "system",
                "systems"
            ),
            crate::i18n::en_count(
                sum.log_entries as usize,
                "change-log entry",
                "change-log entries"
            )
        ),
    };
    if let Some(v) = sum.migrated_from {
        s.push_str(&match lang {
            Lang::Vi => format!("Bản sao lưu dùng lược đồ cũ ({v}) đã được nâng cấp.\n"),
            Lang::En => format!("The backup's older schema ({v}) was upgraded.\n"),
        });
    }
    match (&sum.kept, sum.replaced_damaged, lang) {
        (Some(k), false, Lang::Vi) => {
            s.push_str(&format!("Kho cũ được giữ lại tại {}.\n", display(k)))
        }
        (Some(k), false, Lang::En) => {
            s.push_str(&format!("The replaced store is kept at {}.\n", display(k)))
        }
        (Some(k), true, Lang::Vi) => s.push_str(&format!(
            "Kho cũ bị hỏng được chuyển nguyên trạng sang {}.\n",
            display(k)
        )),
        (Some(k), true, Lang::En) => s.push_str(&format!(
            "The damaged store was moved, as it was, to {}.\n",
            display(k)
        )),
        (None, ..) => {}
    }
    emit(&s)?;
    Ok(ExitCode::SUCCESS)
}
