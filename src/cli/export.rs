//! `capdo export FILE.csv|FILE.xlsx|FILE.json|FILE.ics`: the inventory in the import layout, the
//! whole store as JSON, or the deadlines as a calendar feed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::exchange::{export, ics, json};
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
            return Err(Failure::input(match lang {
                Lang::Vi => format!(
                    "{name}: không biết xuất ra định dạng này; dùng tên tệp .csv, .xlsx (danh mục hệ thống), .json (toàn bộ kho) hoặc .ics (lịch hạn chót)"
                ),
                Lang::En => format!(
                    "{name}: unknown format; use a .csv or .xlsx file name (the inventory), .json (the whole store) or .ics (the deadline calendar)"
                ),
            }));
        }
    };
    if a.remind.is_some() && kind != Kind::Ics {
        return Err(Failure::input(match lang {
            Lang::Vi => format!("{name}: --remind chỉ dùng khi xuất lịch .ics"),
            Lang::En => format!("{name}: --remind applies only to an .ics calendar"),
        }));
    }
    if a.file.is_dir() {
        return Err(Failure::input(match lang {
            Lang::Vi => format!("{name}: đây là thư mục, không phải tệp"),
            Lang::En => format!("{name}: this is a directory, not a file"),
        }));
    }
    if a.file.exists() && !a.force {
        return Err(exists(&name, lang));
    }
    let store = || env.open(Access::ReadWrite);
    let failed = |e: String| {
        Failure::input(match lang {
            Lang::Vi => format!("{name}: không tạo được tệp ({e})"),
            Lang::En => format!("{name}: cannot build the file ({e})"),
        })
    };
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
            let dump = store()?.dump().map_err(|e| Failure::store(&e, lang))?;
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
    super::report::write_file(&a.file, bytes, a.force).map_err(|e| {
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
    let summary = match lang {
        Lang::Vi => format!(
            "Đã xuất {} hạn chót ra lịch {name} (nhắc trước {days} ngày). Nhập tệp vào Outlook hoặc Thunderbird; xuất lại rồi nhập lại sẽ cập nhật, không nhân đôi.\n",
            items.len()
        ),
        Lang::En => format!(
            "Exported {} deadlines to the calendar {name} (reminders {days} days before). Import the file into Outlook or Thunderbird; importing a new export updates the events instead of duplicating them.\n",
            items.len()
        ),
    };
    Ok((text.into_bytes(), summary))
}

fn exists(name: &str, lang: Lang) -> Failure {
    Failure::input(match lang {
        Lang::Vi => format!("{name}: tệp đã tồn tại; dùng --force để ghi đè"),
        Lang::En => format!("{name}: the file exists; use --force to replace it"),
    })
}
