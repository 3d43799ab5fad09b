//! XLSX files as officers make them: a title row or two (often merged across the table), maybe
//! a blank row, then the header, then one system per row. The sheet is read into the same
//! `Table` as a CSV file, so the inventory rules are the same; messages name the file and the
//! sheet (`FILE.xlsx[Sheet1]`), the sheet row, and the cell (`Ngày phê duyệt (H5)`).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, Reader, SheetType, SheetVisible, Xlsx};

use super::inventory::column_of;
use super::{ImportError, Rejected, Table};
use crate::i18n::{Lang, msg::exchange::xlsx as m};
use crate::text::{fold, sanitize};

/// Largest .xlsx file accepted, in bytes.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;
/// Most bytes the parts of an .xlsx file may unpack to, all together (an inventory of
/// 100,000 systems unpacks to about 100 MB). Checked on the zip's central directory before
/// anything is unpacked; the zip reader then fails any part that unpacks to more than its
/// declared size, so a small file that would expand hugely (a zip bomb) is refused at once.
pub const MAX_UNZIPPED: u64 = 256 * 1024 * 1024;
/// Most parts (files inside the zip); a workbook has a few dozen.
pub const MAX_PARTS: u64 = 10_000;
/// Largest central directory read (its records list the parts).
const MAX_DIRECTORY: u64 = 8 * 1024 * 1024;
/// How many rows from the first non-empty one are searched for the header.
pub const HEADER_SCAN_ROWS: u32 = 20;
/// Most non-empty cells read from one sheet.
pub const MAX_CELLS: usize = 4_000_000;
/// Cells beyond the header's last column that a row keeps (more are cut: the row is refused
/// either way).
const EXTRA_COLS: usize = 64;

/// A sheet read into a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetTable {
    /// `FILE.xlsx[Sheet]`, the `file` part of every message.
    pub label: String,
    pub sheet: String,
    /// Column 0 of the table is column A of the sheet; `line`s are 1-based sheet rows.
    pub table: Table,
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell as the text the inventory rules read. `Err` carries an Excel error value (`#N/A`).
fn cell_text(d: &Data) -> Result<String, String> {
    Ok(match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) => match s.split_once('T') {
            Some((day, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => {
                day.to_owned()
            }
            _ => s.clone(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(e.to_string()),
    })
}

/// `3.0` → `3`; other numbers as Rust prints them (shortest exact form).
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// How well a row reads as the inventory header: the number of its cells that name a column.
fn header_score(cells: &[(u32, Data)]) -> usize {
    cells
        .iter()
        .filter(|(_, d)| matches!(d, Data::String(s) if column_of(s).is_some()))
        .count()
}

/// Chooses the sheet: `NAME` exactly, else ignoring case and diacritics; by default the first
/// visible worksheet.
fn choose_sheet(
    file: &str,
    sheets: &[calamine::Sheet],
    wanted: Option<&str>,
    lang: Lang,
) -> Result<String, Rejected> {
    let names: Vec<&str> = sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.as_str())
        .collect();
    let list = names
        .iter()
        .map(|n| format!("\"{}\"", sanitize(n)))
        .collect::<Vec<_>>()
        .join(", ");
    match wanted {
        Some(w) => {
            if let Some(n) = names.iter().find(|n| **n == w) {
                return Ok((*n).to_owned());
            }
            let fw = fold(w);
            let loose: Vec<&&str> = names.iter().filter(|n| fold(n) == fw).collect();
            if let [one] = loose.as_slice() {
                return Ok((**one).to_owned());
            }
            Err(Rejected::one(ImportError::new(
                &format!("{file}[{w}]"),
                0,
                None,
                m::NoSuchSheet { list: &list }.text(lang),
                None,
            )))
        }
        None => sheets
            .iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .find(|s| s.visible == SheetVisible::Visible)
            .or_else(|| sheets.iter().find(|s| s.typ == SheetType::WorkSheet))
            .map(|s| s.name.clone())
            .ok_or_else(|| {
                Rejected::one(ImportError::new(
                    file,
                    0,
                    None,
                    m::NO_SHEET.text(lang).to_owned(),
                    None,
                ))
            }),
    }
}

/// Reads one sheet of an XLSX document into a table. `file` names it in messages; `sheet`
/// picks a sheet by name (default: the first visible worksheet).
pub fn read_table(
    file: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<SheetTable, Rejected> {
    let one = |m: String| Rejected::one(ImportError::new(file, 0, None, m, None));
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        // Excel 97-2003 (.xls), or an .xlsx with a password (stored the same way)
        return match catch_unwind(AssertUnwindSafe(|| read_xls(file, bytes, sheet, lang))) {
            Ok(r) => r,
            Err(_) => Err(one(m::XLS_DAMAGED.text(lang).to_owned())),
        };
    }
    if !bytes.starts_with(b"PK") {
        return Err(one(m::NOT_XLSX.text(lang).to_owned()));
    }
    check_zip(file, &bytes, lang)?;
    // calamine parses untrusted input; a defect there must not bring the program down
    match catch_unwind(AssertUnwindSafe(|| read_inner(file, bytes, sheet, lang))) {
        Ok(r) => r,
        Err(_) => Err(one(m::XLSX_DAMAGED.text(lang).to_owned())),
    }
}

/// Little-endian integers at `at` (None past the end).
fn le16(b: &[u8], at: usize) -> Option<u64> {
    let x: [u8; 2] = b.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u64::from(u16::from_le_bytes(x)))
}
fn le32(b: &[u8], at: usize) -> Option<u64> {
    let x: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u64::from(u32::from_le_bytes(x)))
}
fn le64(b: &[u8], at: usize) -> Option<u64> {
    let x: [u8; 8] = b.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(x))
}

/// The number of parts and the size of the central directory, from the zip's end records
/// (zip64 too), read before the zip reader builds its list of parts. `None` when there is no
/// end record (the zip reader then says the file is damaged).
fn directory_extent(b: &[u8]) -> Option<(u64, u64)> {
    // the end record (22 bytes and a comment of up to 64 KiB) closes the file
    let lo = b.len().saturating_sub(22 + 65_535);
    let eocd = (lo..=b.len().saturating_sub(22))
        .rev()
        .find(|&i| b.get(i..i + 4) == Some(&b"PK\x05\x06"[..]))?;
    let (mut parts, mut size) = (le16(b, eocd + 10)?, le32(b, eocd + 12)?);
    if parts == 0xFFFF || size == 0xFFFF_FFFF {
        // zip64: the locator just before points to the zip64 end record
        let loc = eocd.checked_sub(20)?;
        if b.get(loc..loc + 4) != Some(&b"PK\x06\x07"[..]) {
            return Some((parts, size));
        }
        let rec = usize::try_from(le64(b, loc + 8)?).ok()?;
        if b.get(rec..rec.checked_add(4)?) != Some(&b"PK\x06\x06"[..]) {
            return Some((u64::MAX, u64::MAX));
        }
        parts = le64(b, rec + 32)?;
        size = le64(b, rec + 40)?;
    }
    Some((parts, size))
}

/// Refuses a zip whose parts are too many or would unpack to too much (see `MAX_UNZIPPED`),
/// from the central directory alone: nothing is unpacked here.
fn check_zip(file: &str, bytes: &[u8], lang: Lang) -> Result<(), Rejected> {
    let one = |m: String| Rejected::one(ImportError::new(file, 0, None, m, None));
    let too_many = |n: u64| one(m::TooManyParts { n, max: MAX_PARTS }.text(lang));
    if let Some((parts, size)) = directory_extent(bytes)
        && (parts > MAX_PARTS || size > MAX_DIRECTORY)
    {
        return Err(too_many(parts));
    }
    let damaged = |e: zip::result::ZipError| one(m::NotExcel { detail: &e }.text(lang));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if zip.len() as u64 > MAX_PARTS {
        return Err(too_many(zip.len() as u64));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(damaged)?;
        total = total.saturating_add(part.size());
        if total > MAX_UNZIPPED {
            let name = part.name().map(|n| sanitize(&n)).unwrap_or_default();
            return Err(one(m::TooLargeUnzipped {
                max: MAX_UNZIPPED,
                mb: MAX_UNZIPPED / (1024 * 1024),
                part: &name,
                size: part.size(),
            }
            .text(lang)));
        }
    }
    Ok(())
}

fn read_inner(
    file: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<SheetTable, Rejected> {
    let one =
        |f: &str, line: u64, m: String| Rejected::one(ImportError::new(f, line, None, m, None));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| one(file, 0, m::NotExcel { detail: &e }.text(lang)))?;
    let name = choose_sheet(file, wb.sheets_metadata(), sheet, lang)?;
    let label = format!("{file}[{name}]");
    let broken = |e: calamine::XlsxError| unreadable_sheet(&label, &e, lang);
    let merged = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();

    // the non-empty cells, by row
    let mut rows: BTreeMap<u32, Vec<(u32, Data)>> = BTreeMap::new();
    let mut count = 0usize;
    {
        let mut cells = wb.worksheet_cells_reader(&name).map_err(broken)?;
        while let Some(c) = cells.next_cell().map_err(broken)? {
            let (r, col) = c.get_position();
            let d: Data = c.get_value().clone().into();
            if matches!(&d, Data::Empty) || matches!(&d, Data::String(s) if s.is_empty()) {
                continue;
            }
            count += 1;
            if count > MAX_CELLS {
                return Err(too_many_cells(&label, r, lang));
            }
            rows.entry(r).or_default().push((col, d));
        }
    }
    table_of(label, name, rows, merged, count, lang)
}

/// A sheet calamine cannot read, in .xlsx or .xls alike.
fn unreadable_sheet(label: &str, e: &dyn std::fmt::Display, lang: Lang) -> Rejected {
    Rejected::one(ImportError::new(
        label,
        0,
        None,
        m::UnreadableSheet { detail: e }.text(lang),
        None,
    ))
}

/// The cell limit, reached at row `r` (0-based) of a sheet, in .xlsx or .xls alike.
fn too_many_cells(label: &str, r: u32, lang: Lang) -> Rejected {
    Rejected::one(ImportError::new(
        label,
        u64::from(r) + 1,
        None,
        m::TooManyCells { max: MAX_CELLS }.text(lang),
        None,
    ))
}

/// Reads one sheet of an Excel 97-2003 (.xls) workbook: the same sheet choice, limits and
/// messages as an .xlsx file.
fn read_xls(
    file: &str,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<SheetTable, Rejected> {
    let one =
        |f: &str, line: u64, m: String| Rejected::one(ImportError::new(f, line, None, m, None));
    let mut wb: calamine::Xls<_> = calamine::Xls::new(Cursor::new(bytes))
        .map_err(|e| one(file, 0, m::XlsUnreadable { detail: &e }.text(lang)))?;
    let name = choose_sheet(file, wb.sheets_metadata(), sheet, lang)?;
    let label = format!("{file}[{name}]");
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| unreadable_sheet(&label, &e, lang))?;
    let merged: Vec<calamine::Dimensions> = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows: BTreeMap<u32, Vec<(u32, Data)>> = BTreeMap::new();
    let mut count = 0usize;
    for (r, c, d) in range.used_cells() {
        if matches!(d, Data::String(s) if s.is_empty()) {
            continue;
        }
        count += 1;
        let (r, c) = (r0 + r as u32, c0 + c as u32);
        if count > MAX_CELLS {
            return Err(too_many_cells(&label, r, lang));
        }
        rows.entry(r).or_default().push((c, d.clone()));
    }
    table_of(label, name, rows, merged, count, lang)
}

/// The inventory table from a sheet's non-empty cells by row: finds the header, spreads values
/// merged down over several rows, and turns cells into text.
/// The header: the best-matching row near the top (the first of equals), as a 0-based row.
fn find_header(
    label: &str,
    rows: &BTreeMap<u32, Vec<(u32, Data)>>,
    lang: Lang,
) -> Result<u32, Rejected> {
    let one =
        |f: &str, line: u64, m: String| Rejected::one(ImportError::new(f, line, None, m, None));
    let Some(first) = rows.keys().next().copied() else {
        return Err(one(label, 1, m::EMPTY_SHEET.text(lang).to_owned()));
    };

    // the header: the best-matching row near the top (the first of equals)
    let mut best: Option<(u32, usize)> = None;
    for (r, cells) in rows.range(first..first.saturating_add(HEADER_SCAN_ROWS)) {
        let s = header_score(cells);
        if s > 0 && best.is_none_or(|(_, b)| s > b) {
            best = Some((*r, s));
        }
    }
    let Some((header_row, _)) = best else {
        let known = (super::inventory::columns().iter())
            .take(2)
            .map(|c| format!("\"{}\" ({})", c.label.vi, c.key))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(one(
            label,
            u64::from(first) + 1,
            m::NoHeader {
                rows: HEADER_SCAN_ROWS,
                known: &known,
            }
            .text(lang),
        ));
    };

    Ok(header_row)
}

/// A value merged down over several rows below the header belongs to each of them.
fn spread_merged(
    label: &str,
    rows: &mut BTreeMap<u32, Vec<(u32, Data)>>,
    merged: &[calamine::Dimensions],
    header_row: u32,
    count: &mut usize,
    lang: Lang,
) -> Result<(), Rejected> {
    let last_row = rows.keys().next_back().copied().unwrap_or(header_row);
    for m in merged
        .iter()
        .filter(|m| m.start.0 > header_row && m.end.0 > m.start.0)
    {
        let (r0, c0) = m.start;
        let Some(v) = rows
            .get(&r0)
            .and_then(|cells| cells.iter().find(|(c, _)| *c == c0))
            .map(|(_, d)| d.clone())
        else {
            continue;
        };
        for r in r0 + 1..=m.end.0.min(last_row) {
            let cells = rows.entry(r).or_default();
            if let Err(pos) = cells.binary_search_by_key(&c0, |(c, _)| *c) {
                cells.insert(pos, (c0, v.clone()));
                *count += 1;
                if *count > MAX_CELLS {
                    return Err(too_many_cells(label, r, lang));
                }
            }
        }
    }
    Ok(())
}

fn table_of(
    label: String,
    name: String,
    mut rows: BTreeMap<u32, Vec<(u32, Data)>>,
    merged: Vec<calamine::Dimensions>,
    mut count: usize,
    lang: Lang,
) -> Result<SheetTable, Rejected> {
    for cells in rows.values_mut() {
        cells.sort_by_key(|(c, _)| *c);
    }
    let header_row = find_header(&label, &rows, lang)?;
    spread_merged(&label, &mut rows, &merged, header_row, &mut count, lang)?;

    let mut errs = Vec::new();
    let mut text_of = |r: u32, c: u32, d: &Data, header: Option<&str>| -> String {
        match cell_text(d) {
            Ok(s) => s,
            Err(v) => {
                let cell = format!("{}{}", column_letter(c as usize), r + 1);
                let col = match header {
                    Some(h) if !h.trim().is_empty() => format!("{h} ({cell})"),
                    _ => cell,
                };
                errs.push(ImportError::new(
                    &label,
                    u64::from(r) + 1,
                    Some(&col),
                    m::EXCEL_ERROR.text(lang).to_owned(),
                    Some(&v),
                ));
                String::new()
            }
        }
    };

    let mut table = Table {
        header_line: u64::from(header_row) + 1,
        ..Table::default()
    };
    if let Some(cells) = rows.get(&header_row) {
        let width = cells.last().map(|(c, _)| *c as usize + 1).unwrap_or(0);
        table.header = vec![String::new(); width];
        for (c, d) in cells {
            table.header[*c as usize] = text_of(header_row, *c, d, None);
        }
    }
    let hw = table.header.len();
    for (r, cells) in rows.range(header_row + 1..) {
        let width = cells.last().map(|(c, _)| *c as usize + 1).unwrap_or(0);
        let mut out = vec![String::new(); width.min(hw + EXTRA_COLS)];
        for (c, d) in cells {
            let i = *c as usize;
            let h = table.header.get(i).map(String::as_str);
            let t = text_of(*r, *c, d, h);
            if i < out.len() {
                out[i] = t;
            } else if let Some(last) = out.last_mut() {
                // cut: keep the row marked as too wide
                if last.is_empty() {
                    *last = t;
                }
            }
        }
        table.rows.push((u64::from(*r) + 1, out));
    }
    if !errs.is_empty() {
        return Err(Rejected(errs));
    }
    Ok(SheetTable {
        label,
        sheet: name,
        table,
    })
}

/// Adds the cell reference to messages about a column: `Ngày phê duyệt` on row 5 becomes
/// `Ngày phê duyệt (H5)`.
pub fn locate(r: Rejected, header: &[String]) -> Rejected {
    let cols: Vec<String> = header.iter().map(|h| sanitize(h)).collect();
    Rejected(
        r.0.into_iter()
            .map(|mut e| {
                if let Some(c) = &e.column
                    && e.line > 0
                    && let Some(i) = cols.iter().position(|h| h == c && !h.trim().is_empty())
                {
                    e.column = Some(format!("{c} ({}{})", column_letter(i), e.line));
                }
                e
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(13), "N");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_and_dates_as_text() {
        assert_eq!(float_text(3.0), "3");
        assert_eq!(float_text(-2.0), "-2");
        assert_eq!(float_text(2.5), "2.5");
        assert_eq!(float_text(912345678.0), "912345678");
        assert_eq!(cell_text(&Data::Int(4)), Ok("4".into()));
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-08-12T00:00:00".into())),
            Ok("2024-08-12".into())
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-08-12T10:30:00".into())),
            Ok("2024-08-12T10:30:00".into())
        );
        assert!(cell_text(&Data::Error(calamine::CellErrorType::NA)).is_err());
    }

    fn book(f: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        f(ws);
        wb.save_to_buffer().expect("xlsx")
    }

    #[test]
    fn finds_the_header_below_a_merged_title() {
        let b = book(|ws| {
            let bold = Format::new().set_bold();
            ws.merge_range(0, 0, 0, 3, "DANH MỤC HỆ THỐNG THÔNG TIN", &bold)
                .expect("merge");
            ws.write_string(2, 0, "Mã hệ thống").expect("w");
            ws.write_string(2, 1, "Tên hệ thống").expect("w");
            ws.write_string(2, 2, "Cấp độ").expect("w");
            ws.write_string(2, 3, "Ngày phê duyệt").expect("w");
            ws.write_string(3, 0, "A").expect("w");
            ws.write_string(3, 1, "Hệ thống A").expect("w");
            ws.write_number(3, 2, 3.0).expect("w");
            let d = ExcelDateTime::from_ymd(2024, 8, 12).expect("d");
            ws.write_datetime_with_format(3, 3, &d, &Format::new().set_num_format("dd/mm/yyyy"))
                .expect("w");
            ws.write_string(4, 0, "B").expect("w");
            ws.write_string(4, 1, "Hệ thống B").expect("w");
            ws.write_string(4, 2, "2").expect("w");
            ws.write_string(4, 3, "1/2/2025").expect("w");
        });
        let st = read_table("f.xlsx", b, None, Lang::Vi).expect("read");
        assert_eq!(st.label, "f.xlsx[Sheet1]");
        assert_eq!(st.table.header_line, 3);
        assert_eq!(st.table.header[0], "Mã hệ thống");
        assert_eq!(
            st.table.rows,
            vec![
                (
                    4,
                    vec![
                        "A".into(),
                        "Hệ thống A".into(),
                        "3".into(),
                        "2024-08-12".into()
                    ]
                ),
                (
                    5,
                    vec![
                        "B".into(),
                        "Hệ thống B".into(),
                        "2".into(),
                        "1/2/2025".into()
                    ]
                ),
            ]
        );
    }

    #[test]
    fn merged_down_values_fill_each_row() {
        let b = book(|ws| {
            ws.write_string(0, 0, "code").expect("w");
            ws.write_string(0, 1, "name").expect("w");
            ws.write_string(0, 2, "owner").expect("w");
            for r in 1..4 {
                ws.write_string(r, 0, format!("S{r}")).expect("w");
                ws.write_string(r, 1, "x").expect("w");
            }
            ws.merge_range(1, 2, 3, 2, "UBND xã", &Format::new())
                .expect("merge");
        });
        let st = read_table("f.xlsx", b, None, Lang::Vi).expect("read");
        for (_, cells) in &st.table.rows {
            assert_eq!(cells[2], "UBND xã");
        }
    }

    #[test]
    fn refuses_what_is_not_xlsx() {
        let e = read_table("f.xlsx", b"code,name\nA,B\n".to_vec(), None, Lang::En).unwrap_err();
        assert!(e.0[0].message.contains("not an Excel .xlsx file"));
        let e = read_table("f.xlsx", b"PK\x03\x04garbage".to_vec(), None, Lang::En).unwrap_err();
        assert!(e.0[0].message.contains("damaged"), "{:?}", e);
        let e = read_table("f.xlsx", b"\xD0\xCF\x11\xE0rest".to_vec(), None, Lang::Vi).unwrap_err();
        assert!(e.0[0].message.contains(".xls"));
    }

    #[test]
    fn sheet_by_name() {
        let mut wb = Workbook::new();
        wb.add_worksheet()
            .set_name("Bìa")
            .and_then(|ws| ws.write_string(0, 0, "Trang bìa"))
            .expect("w");
        wb.add_worksheet()
            .set_name("Danh mục")
            .and_then(|ws| {
                ws.write_string(0, 0, "code")?;
                ws.write_string(0, 1, "name")
            })
            .expect("w");
        let b = wb.save_to_buffer().expect("xlsx");
        let st = read_table("f.xlsx", b.clone(), Some("danh muc"), Lang::Vi).expect("read");
        assert_eq!(st.sheet, "Danh mục");
        let e = read_table("f.xlsx", b.clone(), Some("Nope"), Lang::En).unwrap_err();
        assert_eq!(e.0[0].file, "f.xlsx[Nope]");
        assert!(
            e.0[0].message.contains("\"Bìa\", \"Danh mục\""),
            "{}",
            e.0[0].message
        );
        // the first sheet has no header
        let e = read_table("f.xlsx", b, None, Lang::En).unwrap_err();
        assert_eq!(e.0[0].file, "f.xlsx[Bìa]");
        assert!(e.0[0].message.contains("no header row"));
    }
}
