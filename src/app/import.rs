//! The import use case: an inventory file (.csv, .xlsx) read, checked against the store and
//! written all or nothing; a whole-store .json read and restored. Shared by `capdo import` and
//! the dashboard's import form; the adapters parse their input and show the summary.

use std::collections::HashMap;
use std::path::Path;

use super::env::{Failure, io_message};
use crate::exchange::{ImportError, Rejected, csv, export, inventory, json, xlsx};
use crate::i18n::Lang;
use crate::store::restore::{Dump, RestoreError, RestoreMode, RestoreSummary};
use crate::store::{Store, SystemPatch, WriteCtx};

pub fn display(p: &Path) -> String {
    p.display().to_string()
}

/// What a file to import holds, by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
    Json,
}

pub fn kind_of(path: &Path, lang: Lang) -> Result<Kind, Failure> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        // .xls (Excel 97-2003) is told apart by its content and read by the same rules
        "xlsx" | "xlsm" | "xls" => Ok(Kind::Xlsx),
        "json" => Ok(Kind::Json),
        "ods" | "xlsb" | "numbers" => Err(Failure::input(match lang {
            Lang::Vi => format!(
                "{}: chưa hỗ trợ nhập tệp .{ext}; hãy lưu dưới dạng \"Excel Workbook (.xlsx)\" hoặc \"CSV UTF-8\"",
                display(path)
            ),
            Lang::En => format!(
                "{}: .{ext} files cannot be imported; save as \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\"",
                display(path)
            ),
        })),
        _ => Ok(Kind::Csv),
    }
}

/// The inventory read from a file, with the name its messages use.
pub struct Read {
    /// `FILE`, or `FILE.xlsx[Sheet]`.
    label: String,
    parsed: inventory::Parsed,
    /// The header of an XLSX sheet, to name cells (`H5`) in later messages.
    xlsx_header: Option<Vec<String>>,
}

/// Largest whole-store JSON file accepted, in bytes.
const JSON_MAX_FILE: u64 = 256 * 1024 * 1024;

/// The largest file of a kind that is read.
fn max_file(kind: Kind) -> u64 {
    match kind {
        Kind::Csv => csv::MAX_FILE,
        Kind::Xlsx => xlsx::MAX_FILE,
        Kind::Json => JSON_MAX_FILE,
    }
}

/// Reads a file whole, refusing directories and oversized files. At most `limit` + 1 bytes
/// are ever read, so a file that grows meanwhile, a pipe or a device cannot exhaust memory.
fn read_bytes(path: &Path, limit: u64, lang: Lang) -> Result<Vec<u8>, Rejected> {
    let name = display(path);
    let one = |m: String| Rejected::one(ImportError::new(&name, 0, None, m, None));
    // the message names the file itself
    let io = |e: std::io::Error| {
        Rejected::one(ImportError::new(
            "",
            0,
            None,
            io_message(&name, &e, lang),
            None,
        ))
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(one(lang
            .pick(
                "đây là thư mục, không phải tệp",
                "this is a directory, not a file",
            )
            .into()));
    }
    let too_large = |size: Option<u64>| {
        let mb = limit / (1024 * 1024);
        one(match (lang, size) {
            (Lang::Vi, Some(n)) => {
                format!("tệp quá lớn ({n} byte, tối đa {limit} byte = {mb} MB); không đọc tệp này")
            }
            (Lang::Vi, None) => {
                format!("tệp quá lớn (hơn {limit} byte = {mb} MB); không đọc tệp này")
            }
            (Lang::En, Some(n)) => {
                format!("file too large ({n} bytes, at most {limit} = {mb} MB); it was not read")
            }
            (Lang::En, None) => {
                format!("file too large (more than {limit} bytes = {mb} MB); it was not read")
            }
        })
    };
    if meta.len() > limit {
        return Err(too_large(Some(meta.len())));
    }
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    f.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// Reads and validates an inventory file (.csv or .xlsx) into patches.
pub fn read_inventory(
    path: &Path,
    kind: Kind,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<Read, Rejected> {
    let name = display(path);
    let bytes = read_bytes(path, max_file(kind), lang)?;
    if kind == Kind::Xlsx {
        let st = xlsx::read_table(&name, bytes, sheet, lang)?;
        let parsed = inventory::rows_to_patches(&st.label, &st.table, lang)
            .map_err(|r| xlsx::locate(r, &st.table.header))?;
        return Ok(Read {
            label: st.label,
            parsed,
            xlsx_header: Some(st.table.header),
        });
    }
    let mut table = csv::read_table(&name, &bytes, lang)?;
    // cells that `capdo export` protected from spreadsheet formulas ('=…) come back as written
    export::unneutralize_table(&mut table);
    let parsed = inventory::rows_to_patches(&name, &table, lang)?;
    Ok(Read {
        label: name,
        parsed,
        xlsx_header: None,
    })
}

/// Reads and checks an inventory file (.csv or .xlsx) and imports it, all or nothing — what
/// `capdo import FILE` does; the dashboard's import runs it. A whole-store .json is refused
/// here (it replaces the store: `capdo import FILE.json` from the shell). Returns the summary.
pub fn import_inventory(
    store: &mut Store,
    ctx: &WriteCtx,
    path: &Path,
    lang: Lang,
) -> Result<String, Failure> {
    let kind = kind_of(path, lang)?;
    if kind == Kind::Json {
        return Err(Failure::input(match lang {
            Lang::Vi => format!(
                "{}: tệp .json khôi phục cả kho; hãy dùng lệnh capdo import {} trên dòng lệnh",
                display(path),
                display(path)
            ),
            Lang::En => format!(
                "{}: a .json file restores the whole store; run capdo import {} from the shell",
                display(path),
                display(path)
            ),
        }));
    }
    let read = read_inventory(path, kind, None, lang)
        .map_err(|r| Failure::input(format!("\n{}", r.render(lang))))?;
    import_read(store, ctx, &read, false, lang)
}

/// Checks a read inventory against the store and writes it in one transaction.
pub fn import_read(
    store: &mut Store,
    ctx: &WriteCtx,
    read: &Read,
    dry_run: bool,
    lang: Lang,
) -> Result<String, Failure> {
    let name = read.label.clone();
    let parsed = &read.parsed;
    store.bulk_write();
    let existing: HashMap<String, crate::domain::System> = store
        .systems()
        .map_err(|e| Failure::store(&e, lang))?
        .into_iter()
        .filter(|s| s.unit.is_empty())
        .map(|s| (s.code.clone(), s))
        .collect();
    if let Err(r) = inventory::check_against(&name, parsed, &existing, lang) {
        let r = match &read.xlsx_header {
            Some(h) => xlsx::locate(r, h),
            None => r,
        };
        return Err(Failure::input(format!("\n{}", r.render(lang))));
    }
    let patches: Vec<SystemPatch> = parsed.rows.iter().map(|r| r.patch.clone()).collect();
    let sum = store
        .import_systems(ctx, &patches, &name, dry_run)
        .map_err(|e| Failure::store(&e, lang))?;
    let verb = match (lang, dry_run) {
        (Lang::Vi, true) => "Kiểm tra (chưa ghi)",
        (Lang::Vi, false) => "Đã nhập",
        (Lang::En, true) => "Checked (nothing written)",
        (Lang::En, false) => "Imported",
    };
    Ok(match lang {
        Lang::Vi => format!(
            "{verb} {name}: {} hệ thống mới, {} cập nhật, {} không đổi, {} lần đánh giá được ghi nhận.",
            sum.created, sum.updated, sum.unchanged, sum.assessments_added
        ),
        Lang::En => format!(
            "{verb} {name}: {} new, {} updated, {} unchanged {}; {} recorded.",
            sum.created,
            sum.updated,
            sum.unchanged,
            if sum.created + sum.updated + sum.unchanged == 1 {
                "system"
            } else {
                "systems"
            },
            crate::i18n::count(
                lang,
                sum.assessments_added,
                "lần đánh giá",
                "assessment",
                "assessments"
            )
        ),
    })
}

/// Reads and checks a whole-store .json file written by `capdo export FILE.json`.
pub fn read_dump(path: &Path, lang: Lang) -> Result<Dump, Failure> {
    let name = display(path);
    read_bytes(path, JSON_MAX_FILE, lang)
        .and_then(|bytes| json::parse(&name, &bytes, lang))
        .map_err(|r| Failure::input(format!("\n{}", json::render(&r, lang))))
}

/// Restores a read dump into the store (all or nothing); `name` is the file's, for messages
/// and the change log.
pub fn restore(
    store: &mut Store,
    ctx: &WriteCtx,
    dump: &Dump,
    name: &str,
    mode: RestoreMode,
    lang: Lang,
) -> Result<RestoreSummary, Failure> {
    store.bulk_write();
    store.restore(ctx, dump, name, mode).map_err(|e| match e {
        RestoreError::Store(s) => Failure::store(&s, lang),
        e @ RestoreError::NotEmpty { .. } => Failure::input(e.message(lang)),
        e => Failure::input(format!(
            "\n{name}: {}\n{}",
            e.message(lang),
            lang.pick(
                "1 lỗi; không ghi gì vào kho.",
                "1 problem; nothing was written."
            )
        )),
    })
}
