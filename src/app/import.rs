//! The import use case: an inventory file (.csv, .xlsx) read, checked against the store and
//! written all or nothing; a whole-store .json read and restored. Shared by `capdo import` and
//! the dashboard's import form; the adapters parse their input and show the summary.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::env::{Failure, io_message};
use crate::exchange::{ImportError, Rejected, csv, export, inventory, json, xlsx};
use crate::i18n::msg::app::import as m;
use crate::i18n::{Lang, Text};
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
        "ods" | "xlsb" | "numbers" => Err(Failure::input(
            m::FormatUnsupported {
                name: display(path),
                ext,
            }
            .text(lang),
        )),
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
        return Err(one(m::IS_A_DIRECTORY.text(lang).into()));
    }
    let too_large = |size: Option<u64>| {
        let mb = limit / (1024 * 1024);
        one(match size {
            Some(n) => m::TooLarge { n, limit, mb }.text(lang),
            None => m::TooLargeGrowing { limit, mb }.text(lang),
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
    today: NaiveDate,
    lang: Lang,
) -> Result<Read, Rejected> {
    let bytes = read_bytes(path, max_file(kind), lang)?;
    read_inventory_bytes(&display(path), bytes, kind, sheet, today, lang)
}

/// The inventory in `bytes` (a file named `name`) read and validated into patches: the whole
/// pipeline of an import before the store (the fuzz targets and `tests/safety` feed it hostile
/// bytes).
pub fn read_inventory_bytes(
    name: &str,
    bytes: Vec<u8>,
    kind: Kind,
    sheet: Option<&str>,
    today: NaiveDate,
    lang: Lang,
) -> Result<Read, Rejected> {
    if kind == Kind::Xlsx {
        let st = xlsx::read_table(name, bytes, sheet, lang)?;
        let parsed = inventory::rows_to_patches(&st.label, &st.table, today, lang)
            .map_err(|r| xlsx::locate(r, &st.table.header))?;
        return Ok(Read {
            label: st.label,
            parsed,
            xlsx_header: Some(st.table.header),
        });
    }
    let mut table = csv::read_table(name, &bytes, lang)?;
    // cells that `capdo export` protected from spreadsheet formulas ('=…) come back as written
    export::unneutralize_table(&mut table);
    let parsed = inventory::rows_to_patches(name, &table, today, lang)?;
    Ok(Read {
        label: name.to_owned(),
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
        return Err(Failure::input(
            m::JsonRestoresStore {
                name: display(path),
            }
            .text(lang),
        ));
    }
    let read = read_inventory(path, kind, None, ctx.today, lang)
        .map_err(|r| rejected(&display(path), &r, lang))?;
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
        return Err(rejected(&name, &r, lang));
    }
    let patches: Vec<SystemPatch> = parsed.rows.iter().map(|r| r.patch.clone()).collect();
    let sum = store
        .import_systems(ctx, &patches, &name, dry_run)
        .map_err(|e| Failure::store(&e, lang))?;
    let verb = if dry_run { m::CHECKED } else { m::IMPORTED }.text(lang);
    let assessments = counted(
        lang,
        sum.assessments_added,
        m::ASSESSMENT_ONE,
        m::ASSESSMENT,
    );
    let (created, updated, unchanged) = (sum.created, sum.updated, sum.unchanged);
    Ok(if created + updated + unchanged == 1 {
        m::SummaryOne {
            verb,
            name: &name,
            created,
            updated,
            unchanged,
            assessments,
        }
        .text(lang)
    } else {
        m::Summary {
            verb,
            name: &name,
            created,
            updated,
            unchanged,
            assessments,
        }
        .text(lang)
    })
}

/// An inventory refused: [`refused`] with the problems of `r`, one a line, and its verdict.
pub fn rejected(name: &str, r: &Rejected, lang: Lang) -> Failure {
    refused(name, r.0.len(), &r.render(lang), lang)
}

/// An import refused, as one message: a first line naming the file and counting its `n`
/// problems (what `capdo: ` starts on the command line, what the dashboard shows beside the
/// path), then `problems`: one a line, and the verdict that nothing was written.
pub fn refused(name: &str, n: usize, problems: &str, lang: Lang) -> Failure {
    // the count as the verdict shows it: plain digits in Vietnamese, grouped in English
    let shown = match lang {
        Lang::Vi => n.to_string(),
        Lang::En => crate::i18n::int(lang, n as i64),
    };
    let head = if n == 1 {
        m::RefusedOne { name, n: shown }.text(lang)
    } else {
        m::Refused { name, n: shown }.text(lang)
    };
    Failure::input(format!("{head}\n{problems}"))
}

/// "3 lần đánh giá" (the number as typed) / "1 assessment", "1,200 assessments": a count in
/// the summaries of import and restore.
pub fn counted(lang: Lang, n: usize, one: Text, many: Text) -> String {
    match lang {
        Lang::Vi => format!("{n} {}", many.text(lang)),
        Lang::En => crate::i18n::count_of(lang, n, one, many),
    }
}

/// Reads and checks a whole-store .json file written by `capdo export FILE.json`.
pub fn read_dump(path: &Path, lang: Lang) -> Result<Dump, Failure> {
    let name = display(path);
    read_bytes(path, JSON_MAX_FILE, lang)
        .and_then(|bytes| json::parse(&name, &bytes, lang))
        .map_err(|r| refused(&name, r.0.len(), &json::render(&r, lang), lang))
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
        e => refused(
            name,
            1,
            &format!("{name}: {}\n{}", e.message(lang), m::ONE_PROBLEM.text(lang)),
            lang,
        ),
    })
}
