//! `capdo export FILE.csv|FILE.xlsx|FILE.json`: the inventory in the import layout, or the
//! whole store as JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::exchange::{export, json};
use crate::i18n::Lang;
use crate::store::Access;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write: .csv or .xlsx (the inventory, in the import layout) or .json (the
    /// whole store, for `capdo import FILE.json`).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Csv,
    Xlsx,
    Json,
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
        _ => {
            return Err(Failure::input(match lang {
                Lang::Vi => format!(
                    "{name}: không biết xuất ra định dạng này; dùng tên tệp .csv, .xlsx (danh mục hệ thống) hoặc .json (toàn bộ kho)"
                ),
                Lang::En => format!(
                    "{name}: unknown format; use a .csv or .xlsx file name (the inventory) or .json (the whole store)"
                ),
            }));
        }
    };
    if a.file.is_dir() {
        return Err(Failure::input(match lang {
            Lang::Vi => format!("{name}: đây là thư mục, không phải tệp"),
            Lang::En => format!("{name}: this is a directory, not a file"),
        }));
    }
    if a.file.exists() && !a.force {
        return Err(exists(&name, lang));
    }
    let store = env.open(Access::ReadWrite)?;
    let failed = |e: String| {
        Failure::input(match lang {
            Lang::Vi => format!("{name}: không tạo được tệp ({e})"),
            Lang::En => format!("{name}: cannot build the file ({e})"),
        })
    };
    let (bytes, summary) = match kind {
        Kind::Csv | Kind::Xlsx => {
            let all = store.systems().map_err(|e| Failure::store(&e, lang))?;
            let local = export::local_systems(&all);
            let bytes = if kind == Kind::Csv {
                export::to_csv(&local)
            } else {
                export::to_xlsx(&local)
            }
            .map_err(failed)?;
            let other = all.len() - local.len();
            let mut s = match lang {
                Lang::Vi => format!("Đã xuất {} hệ thống ra {name}", local.len()),
                Lang::En => format!(
                    "Exported {} to {name}",
                    crate::i18n::en_count(local.len(), "system", "systems")
                ),
            };
            if other > 0 {
                s.push_str(&match lang {
                    Lang::Vi => format!(" (không gồm {other} hệ thống của đơn vị khác)"),
                    Lang::En => format!(" (leaving out {other} systems of other units)"),
                });
            }
            s.push_str(".\n");
            (bytes, s)
        }
        Kind::Json => {
            let dump = store.dump().map_err(|e| Failure::store(&e, lang))?;
            let bytes = json::to_json(&dump).map_err(failed)?;
            let s = match lang {
                Lang::Vi => format!(
                    "Đã xuất toàn bộ kho ra {name}: {} hệ thống, {} lần đánh giá, {} sự cố, {} mục nhật ký.\n",
                    dump.systems.len(),
                    dump.assessments.len(),
                    dump.incidents.len(),
                    dump.log.len()
                ),
                Lang::En => format!(
                    "Exported the whole store to {name}: {}, {}, {}, {}.\n",
                    crate::i18n::en_count(dump.systems.len(), "system", "systems"),
                    crate::i18n::en_count(dump.assessments.len(), "assessment", "assessments"),
                    crate::i18n::en_count(dump.incidents.len(), "incident", "incidents"),
                    crate::i18n::en_count(dump.log.len(), "change-log entry", "change-log entries")
                ),
            };
            (bytes, s)
        }
    };
    // every export holds the unit's data (the inventory is its security posture): private
    super::report::write_file(&a.file, &bytes, a.force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists(&name, lang)
        } else {
            Failure::input(super::io_message(&name, &e, lang))
        }
    })?;
    emit(&summary)?;
    Ok(ExitCode::SUCCESS)
}

fn exists(name: &str, lang: Lang) -> Failure {
    Failure::input(match lang {
        Lang::Vi => format!("{name}: tệp đã tồn tại; dùng --force để ghi đè"),
        Lang::En => format!("{name}: the file exists; use --force to replace it"),
    })
}
