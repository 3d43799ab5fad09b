//! `capdo import` and `capdo template`: the inventory in and the empty template out.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::app::import::{Kind, display, import_read, kind_of, read_dump, read_inventory, restore};
use crate::exchange::{csv, inventory};
use crate::i18n::Lang;
use crate::store::Access;
use crate::store::restore::RestoreMode;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import: an inventory (.csv or .xlsx), or a whole store written by
    /// `capdo export FILE.json` (.json).
    pub file: PathBuf,
    /// Check and report what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// .xlsx: the sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// .json: replace everything in the store, change log included, with the file's content
    /// (without it the store must be empty).
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Where to write the template: .xlsx (a workbook with drop-down lists and an example row)
    /// or .csv (the header row).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(env: &Env, a: &ImportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let kind = kind_of(&a.file, lang)?;
    if a.sheet.is_some() && kind != Kind::Xlsx {
        return Err(Failure::input(
            lang.pick(
                "--sheet chỉ dùng cho tệp .xlsx",
                "--sheet applies to .xlsx files only",
            )
            .into(),
        ));
    }
    if a.replace && kind != Kind::Json {
        return Err(Failure::input(
            lang.pick(
                "--replace chỉ dùng cho tệp .json (khôi phục toàn bộ kho)",
                "--replace applies to .json files only (restoring a whole store)",
            )
            .into(),
        ));
    }
    if kind == Kind::Json {
        return run_json(env, a);
    }
    let read = match read_inventory(&a.file, kind, a.sheet.as_deref(), lang) {
        Ok(r) => r,
        Err(r) => return Err(Failure::input(format!("\n{}", r.render(lang)))),
    };
    let mut store = env.open(Access::ReadWrite)?;
    let line = import_read(&mut store, &env.write_ctx(), &read, a.dry_run, lang)?;
    emit(&format!("{line}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// `capdo import FILE.json`: restores a whole store written by `capdo export FILE.json`.
fn run_json(env: &Env, a: &ImportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    let dump = read_dump(&a.file, lang)?;
    let mut store = env.open(Access::ReadWrite)?;
    let mode = RestoreMode {
        replace: a.replace,
        dry_run: a.dry_run,
    };
    let sum = restore(&mut store, &env.write_ctx(), &dump, &name, mode, lang)?;
    let mut text = match (lang, a.dry_run) {
        (Lang::Vi, true) => format!("Kiểm tra (chưa ghi) {name}: sẽ khôi phục "),
        (Lang::Vi, false) => format!("Đã khôi phục {name}: "),
        (Lang::En, true) => format!("Checked (nothing written) {name}: would restore "),
        (Lang::En, false) => format!("Restored {name}: "),
    };
    text.push_str(&match lang {
        Lang::Vi => format!(
            "{} hệ thống, {} bước hồ sơ, {} lần đánh giá, {} sự cố, {} dự án, {} báo cáo đã nộp, {} hạn tùy chỉnh, {} mục nhật ký (và 1 mục \"khôi phục\")",
            sum.systems,
            sum.steps,
            sum.assessments,
            sum.incidents,
            sum.projects,
            sum.reports,
            sum.customs,
            sum.log_entries
        ),
        Lang::En => format!(
            "{}, {}, {}, {}, {}, {}, {}, {} (and 1 \"restore\" entry)",
            crate::i18n::en_count(sum.systems, "system", "systems"),
            crate::i18n::en_count(sum.steps, "dossier step", "dossier steps"),
            crate::i18n::en_count(sum.assessments, "assessment", "assessments"),
            crate::i18n::en_count(sum.incidents, "incident", "incidents"),
            crate::i18n::en_count(sum.projects, "project", "projects"),
            crate::i18n::en_count(sum.reports, "report submission", "report submissions"),
            crate::i18n::en_count(sum.customs, "custom deadline", "custom deadlines"),
            crate::i18n::en_count(sum.log_entries, "change-log entry", "change-log entries")
        ),
    });
    if a.replace {
        text.push_str(&match lang {
            Lang::Vi => format!(
                "; thay thế {} hệ thống và {} mục nhật ký cũ",
                sum.replaced_systems, sum.replaced_log_entries
            ),
            Lang::En => format!(
                "; replacing {} and {}",
                crate::i18n::en_count(sum.replaced_systems, "system", "systems"),
                crate::i18n::en_count(
                    sum.replaced_log_entries,
                    "change-log entry",
                    "change-log entries"
                )
            ),
        });
    }
    text.push_str(".\n");
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn template(env: &Env, a: &TemplateArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    if a.file.exists() && !a.force {
        return Err(Failure::input(match lang {
            Lang::Vi => format!("{name}: tệp đã tồn tại; dùng --force để ghi đè"),
            Lang::En => format!("{name}: the file exists; use --force to replace it"),
        }));
    }
    let xlsx = kind_of(&a.file, lang)? == Kind::Xlsx;
    let bytes = if xlsx {
        inventory::template_xlsx(lang).map_err(|e| {
            Failure::input(match lang {
                Lang::Vi => format!("{name}: không tạo được tệp xlsx ({e})"),
                Lang::En => format!("{name}: cannot build the xlsx file ({e})"),
            })
        })?
    } else {
        csv::template(lang).into_bytes()
    };
    std::fs::write(&a.file, bytes)
        .map_err(|e| Failure::input(super::io_message(&name, &e, lang)))?;
    let n = inventory::COLUMNS.len();
    emit(&match (lang, xlsx) {
        (Lang::Vi, false) => format!("Đã tạo mẫu {name} ({n} cột).\n"),
        (Lang::En, false) => format!("Wrote the template {name} ({n} columns).\n"),
        (Lang::Vi, true) => format!(
            "Đã tạo mẫu {name} ({n} cột, danh sách chọn cho quan hệ, cấp độ, hồ sơ và phương án; dòng 2 là ví dụ, capdo bỏ qua dòng có STT \"{}\").\n",
            inventory::EXAMPLE_MARK.0
        ),
        (Lang::En, true) => format!(
            "Wrote the template {name} ({n} columns, drop-down lists for relation, level, dossier and plan; row 2 is an example, capdo skips the row whose STT is \"{}\").\n",
            inventory::EXAMPLE_MARK.1
        ),
    })?;
    Ok(ExitCode::SUCCESS)
}
