//! `capdo import` and `capdo template`: the inventory in and the empty template out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::exchange::{ImportError, Rejected, csv, inventory};
use crate::i18n::Lang;
use crate::store::{Access, SystemPatch};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import (.csv).
    pub file: PathBuf,
    /// Check and report what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Where to write the template (.csv).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Reads and validates a file into patches, or every problem found.
fn read_patches(path: &Path, lang: Lang) -> Result<inventory::Parsed, Rejected> {
    let name = display(path);
    let one = |m: String| Rejected::one(ImportError::new(&name, 0, None, m, None));
    let meta = std::fs::metadata(path).map_err(|e| one(e.to_string()))?;
    if meta.is_dir() {
        return Err(one(lang
            .pick(
                "đây là thư mục, không phải tệp",
                "this is a directory, not a file",
            )
            .into()));
    }
    if meta.len() > csv::MAX_FILE {
        return Err(one(match lang {
            Lang::Vi => format!(
                "tệp quá lớn ({} byte, tối đa {})",
                meta.len(),
                csv::MAX_FILE
            ),
            Lang::En => format!(
                "file too large ({} bytes, at most {})",
                meta.len(),
                csv::MAX_FILE
            ),
        }));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ext == "xlsx" || ext == "xls" || ext == "ods" {
        return Err(one(match lang {
            Lang::Vi => format!("chưa hỗ trợ nhập tệp .{ext}; hãy lưu dưới dạng CSV UTF-8"),
            Lang::En => format!(".{ext} import is not supported yet; save as CSV UTF-8"),
        }));
    }
    let bytes = std::fs::read(path).map_err(|e| one(e.to_string()))?;
    let table = csv::read_table(&name, &bytes, lang)?;
    inventory::rows_to_patches(&name, &table, lang)
}

pub fn run(env: &Env, a: &ImportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    let parsed = match read_patches(&a.file, lang) {
        Ok(p) => p,
        Err(r) => return Err(Failure::input(format!("\n{}", r.render(lang)))),
    };
    let mut store = env.open(Access::ReadWrite)?;
    let existing: HashMap<String, crate::domain::System> = store
        .systems()
        .map_err(|e| Failure::store(&e, lang))?
        .into_iter()
        .filter(|s| s.unit.is_empty())
        .map(|s| (s.code.clone(), s))
        .collect();
    if let Err(r) = inventory::check_against(&name, &parsed, &existing, lang) {
        return Err(Failure::input(format!("\n{}", r.render(lang))));
    }
    let patches: Vec<SystemPatch> = parsed.rows.into_iter().map(|r| r.patch).collect();
    let sum = store
        .import_systems(&env.write_ctx(), &patches, &name, a.dry_run)
        .map_err(|e| Failure::store(&e, lang))?;
    let verb = match (lang, a.dry_run) {
        (Lang::Vi, true) => "Kiểm tra (chưa ghi)",
        (Lang::Vi, false) => "Đã nhập",
        (Lang::En, true) => "Checked (nothing written)",
        (Lang::En, false) => "Imported",
    };
    emit(&match lang {
        Lang::Vi => format!(
            "{verb} {name}: {} hệ thống mới, {} cập nhật, {} không đổi, {} lần đánh giá được ghi nhận.\n",
            sum.created, sum.updated, sum.unchanged, sum.assessments_added
        ),
        Lang::En => format!(
            "{verb} {name}: {} new, {} updated, {} unchanged systems; {} assessments recorded.\n",
            sum.created, sum.updated, sum.unchanged, sum.assessments_added
        ),
    })?;
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
    std::fs::write(&a.file, csv::template(lang))
        .map_err(|e| Failure::input(format!("{name}: {e}")))?;
    emit(&match lang {
        Lang::Vi => format!("Đã tạo mẫu {name} ({} cột).\n", inventory::COLUMNS.len()),
        Lang::En => format!(
            "Wrote the template {name} ({} columns).\n",
            inventory::COLUMNS.len()
        ),
    })?;
    Ok(ExitCode::SUCCESS)
}
