//! The inventory out, in the import layout: the 14 columns of the contract with their
//! Vietnamese labels as headers, so that what is exported imports back unchanged.
//!
//! CSV: UTF-8 with BOM, `,`, CRLF, dates as `dd/mm/yyyy`, and every cell that a spreadsheet
//! would take for a formula (`=`, `+`, `-`, `@`) prefixed with `'`; the importer removes that
//! one quote again (`unneutralize`). XLSX: text always as strings (never formulas), dates as
//! real date cells shown `dd/mm/yyyy`, levels as numbers.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::Table;
use super::inventory::{Col, columns};
use crate::domain::*;
use crate::i18n::{Lang, msg};
use crate::store::tables::Slot;
use serde_json::Value;

/// Name of the sheet an XLSX export writes.
pub const SHEET: &str = msg::exchange::export::SHEET.vi;

/// Characters that make a spreadsheet read a cell as a formula (OWASP's list: tab and carriage
/// return too, since some spreadsheets skip them before looking for `=`).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Protects a CSV cell from being read as a formula: `'` in front of a leading `=` `+` `-`
/// `@` tab or CR, and in front of a leading `'` that is itself followed by one of those or by `'` (so
/// that removing one quote on import always gives the value back).
pub fn neutralize(s: &str) -> Cow<'_, str> {
    let mut it = s.chars();
    let needs = match it.next() {
        Some(c) if FORMULA_START.contains(&c) => true,
        Some('\'') => it
            .next()
            .is_some_and(|c| c == '\'' || FORMULA_START.contains(&c)),
        _ => false,
    };
    if needs {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes `neutralize`: removes one leading `'` when `=` `+` `-` `@` tab CR or `'` follows it.
pub fn unneutralize(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest)
            if rest
                .chars()
                .next()
                .is_some_and(|c| c == '\'' || FORMULA_START.contains(&c)) =>
        {
            rest
        }
        _ => s,
    }
}

/// `unneutralize` on every data cell of a CSV table (not the header).
pub fn unneutralize_table(t: &mut Table) {
    for (_, cells) in &mut t.rows {
        for c in cells.iter_mut() {
            let u = unneutralize(c);
            if u.len() != c.len() {
                *c = u.to_owned();
            }
        }
    }
}

/// The systems an inventory export writes: the local unit's, in store order.
pub fn local_systems(systems: &[System]) -> Vec<&System> {
    systems.iter().filter(|s| s.unit.is_empty()).collect()
}

/// One cell of the inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text(String),
    Level(u8),
    Date(NaiveDate),
}

/// The cells of a system, in the inventory's column order, as the contract writes them (the
/// importer reads them back): coded values by their Vietnamese labels, yes as "có" (whatever
/// the interface language).
pub fn row(s: &System) -> Vec<Cell> {
    columns().iter().map(|c| cell(c, s, Lang::Vi)).collect()
}

/// The cell of column `c` of system `s`, by the field's kind: a text as it is, a coded value by
/// its name in Vietnamese (its key in English: the English template's), a level as its number,
/// a date as a date, yes as the language's word (no as an empty cell).
pub fn cell(c: Col, s: &System, lang: Lang) -> Cell {
    let text = |v: &str| {
        if v.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(v.to_owned())
        }
    };
    match c.slot {
        Slot::Text(get, _) | Slot::Stamp(get, _) | Slot::Raw(get, _) => text(get(s)),
        Slot::Key { get, name, .. } => match lang {
            Lang::Vi => text(name(get(s), lang).unwrap_or(get(s))),
            Lang::En => text(get(s)),
        },
        Slot::Level(get, _) => get(s).map_or(Cell::Empty, |l| Cell::Level(l.get())),
        Slot::Date(get, _) => get(s).map_or(Cell::Empty, Cell::Date),
        Slot::Day(get, _) => Cell::Date(get(s)),
        Slot::Bit(get, _) | Slot::Flag(get, _) => match get(s) {
            true => text(msg::common::YES.text(lang)),
            false => Cell::Empty,
        },
        // kinds no inventory column has: their JSON value
        _ => match c.json(s) {
            Value::Null => Cell::Empty,
            Value::String(v) => text(&v),
            v => Cell::Text(v.to_string()),
        },
    }
}

/// `dd/mm/yyyy`.
pub fn date_vn(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// The inventory as CSV bytes.
pub fn to_csv(systems: &[&System]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(64 + systems.len() * 256);
    // BOM so that Excel on Windows opens the Vietnamese text as UTF-8
    out.extend_from_slice(b"\xEF\xBB\xBF");
    {
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(columns().iter().map(|c| c.label.vi))
            .map_err(|e| e.to_string())?;
        let mut rec: Vec<String> = Vec::with_capacity(columns().len());
        for s in systems {
            rec.clear();
            for c in row(s) {
                rec.push(match c {
                    Cell::Empty => String::new(),
                    Cell::Text(t) => neutralize(&t).into_owned(),
                    Cell::Level(l) => l.to_string(),
                    Cell::Date(d) => date_vn(d),
                });
            }
            w.write_record(&rec).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Column widths (characters) of the XLSX export, in the inventory's column order (a column
/// past them is 14 wide).
pub(crate) const WIDTHS: [f64; 14] = [
    12.0, 40.0, 28.0, 28.0, 10.0, 8.0, 18.0, 14.0, 18.0, 16.0, 16.0, 14.0, 22.0, 40.0,
];

/// The inventory as XLSX bytes: one sheet, the header on row 1.
/// The header cells of every sheet capdo writes: bold, wrapped, centred.
pub(crate) fn header_format() -> rust_xlsxwriter::Format {
    use rust_xlsxwriter::{Format, FormatAlign};
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// A date cell as offices read it: dd/mm/yyyy.
pub(crate) fn date_format() -> rust_xlsxwriter::Format {
    use rust_xlsxwriter::{Format, FormatAlign};
    Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Left)
}

pub fn to_xlsx(systems: &[&System]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let head = header_format();
    let date_fmt = date_format();
    let text_fmt = Format::new().set_align(FormatAlign::Top);
    let wrap_fmt = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).map_err(err)?;
    for (i, c) in columns().iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, c.label.vi, &head)
            .map_err(err)?;
        ws.set_column_width(col, WIDTHS.get(i).copied().unwrap_or(14.0))
            .map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    for (r, s) in systems.iter().enumerate() {
        let Ok(rn) = u32::try_from(r + 1) else {
            return Err("too many rows for one sheet".into());
        };
        for (i, c) in row(s).into_iter().enumerate() {
            let col = i as u16;
            match c {
                Cell::Empty => {}
                Cell::Text(t) => {
                    let f = if t.contains('\n') {
                        &wrap_fmt
                    } else {
                        &text_fmt
                    };
                    ws.write_string_with_format(rn, col, t, f).map_err(err)?;
                }
                Cell::Level(l) => {
                    ws.write_number(rn, col, f64::from(l)).map_err(err)?;
                }
                Cell::Date(d) => {
                    // Excel's calendar starts in 1900; an earlier date stays text
                    let day = u16::try_from(d.year())
                        .ok()
                        .and_then(|y| {
                            ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
                        })
                        .filter(|_| d.year() >= 1900);
                    match day {
                        Some(x) => {
                            ws.write_datetime_with_format(rn, col, &x, &date_fmt)
                                .map_err(err)?;
                        }
                        None => {
                            ws.write_string(rn, col, date_vn(d)).map_err(err)?;
                        }
                    }
                }
            }
        }
    }
    if !systems.is_empty() {
        ws.autofilter(0, 0, systems.len() as u32, (columns().len() - 1) as u16)
            .map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

/// One cell of a dashboard view's export: a status, a date, a count stay what they are, so a
/// spreadsheet can sort and sum them.
#[derive(Clone, Debug, PartialEq)]
pub enum ViewCell {
    Empty,
    Text(String),
    Int(i64),
    Date(NaiveDate),
    DateTime(chrono::NaiveDateTime),
}

impl ViewCell {
    /// A cell from the text a view shows: "15/10/2026" is a date, "29/11/2026 14:00" a date and
    /// time, "3" or "1.200.000" a whole number (without a leading zero: "0912…" stays text),
    /// "—" nothing; anything else text.
    pub fn from_shown(s: &str) -> ViewCell {
        let t = s.trim();
        if t.is_empty() || t == "—" {
            return ViewCell::Empty;
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, "%d/%m/%Y")
            && t.len() == 10
        {
            return ViewCell::Date(d);
        }
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(t, "%d/%m/%Y %H:%M")
            && t.len() == 16
        {
            return ViewCell::DateTime(d);
        }
        let digits: String = t.chars().filter(|c| *c != '.').collect();
        let grouped = t
            .split('.')
            .enumerate()
            .all(|(i, g)| !g.is_empty() && g.len() <= 3 && (i == 0 || g.len() == 3));
        let plain = !t.contains('.');
        if (plain || grouped)
            && !digits.is_empty()
            && digits.len() <= 15
            && digits.chars().all(|c| c.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'))
            && let Ok(n) = digits.parse::<i64>()
        {
            return ViewCell::Int(n);
        }
        ViewCell::Text(s.to_owned())
    }
}

/// A dashboard view as exported: a header and typed rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewSheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<ViewCell>>,
}

/// The Deadlines view's columns: status, due date, days left, kind, system, title and basis,
/// each in its own column.
pub fn deadline_header(lang: Lang) -> Vec<String> {
    use msg::{common as c, exchange::export as x};
    [
        c::STATUS,
        c::DUE,
        x::DAYS_LEFT,
        c::KIND,
        c::SYSTEM,
        x::WHAT,
        x::BASIS,
    ]
    .iter()
    .map(|t| t.text(lang).to_owned())
    .collect()
}

/// One deadline as a row of `deadline_header`.
pub fn deadline_row(
    it: &crate::domain::Deadline,
    data: &Dataset,
    rules: &crate::rules::RuleChoice,
    lang: Lang,
) -> Vec<ViewCell> {
    let due = match (it.due_at, it.due_on) {
        (Some(at), _) => ViewCell::DateTime(at),
        (None, Some(d)) => ViewCell::Date(d),
        _ => ViewCell::Empty,
    };
    let text = |s: String| {
        if s.trim().is_empty() {
            ViewCell::Empty
        } else {
            ViewCell::Text(s)
        }
    };
    vec![
        ViewCell::Text(it.status.label(lang).to_owned()),
        due,
        it.days_left.map(ViewCell::Int).unwrap_or(ViewCell::Empty),
        ViewCell::Text(it.kind.label(lang).to_owned()),
        text(it.system_code(data).unwrap_or("").to_owned()),
        text(it.title(data, rules, lang)),
        text(it.basis(data, rules, lang)),
    ]
}

/// The view as CSV: UTF-8 with BOM, CRLF, dates ISO (`2026-10-15`, `2026-11-29T14:00`) so
/// that any program sorts them, text protected from formulas.
pub fn view_csv(v: &ViewSheet) -> Result<Vec<u8>, String> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(&v.header).map_err(|e| e.to_string())?;
    for r in &v.rows {
        let rec: Vec<String> = r
            .iter()
            .map(|c| match c {
                ViewCell::Empty => String::new(),
                ViewCell::Text(t) => neutralize(&crate::text::sanitize(t)).into_owned(),
                ViewCell::Int(n) => n.to_string(),
                ViewCell::Date(d) => d.format("%Y-%m-%d").to_string(),
                ViewCell::DateTime(d) => d.format("%Y-%m-%dT%H:%M").to_string(),
            })
            .collect();
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(w.into_inner().map_err(|e| e.to_string())?);
    Ok(out)
}

/// The view as XLSX: text as text (never a formula), dates as date cells (dd/mm/yyyy),
/// counts as numbers, the header frozen with a filter, column widths from the content.
pub fn view_xlsx(v: &ViewSheet) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
    use unicode_width::UnicodeWidthStr;
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let name: String = crate::text::sanitize(&v.name)
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.trim().is_empty() {
        ws.set_name(name.trim()).map_err(err)?;
    }
    let head = header_format();
    let date_fmt = date_format();
    let dt_fmt = Format::new()
        .set_num_format("dd/mm/yyyy hh:mm")
        .set_align(FormatAlign::Left);
    let int_fmt = Format::new().set_num_format("#,##0");
    let mut widths: Vec<usize> = v.header.iter().map(|h| h.width() + 2).collect();
    for (c, h) in v.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, crate::text::sanitize(h), &head)
            .map_err(err)?;
    }
    let excel_date = |d: NaiveDate| {
        u16::try_from(d.year())
            .ok()
            .filter(|y| *y >= 1900)
            .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok())
    };
    for (r, row) in v.rows.iter().enumerate() {
        let Ok(rn) = u32::try_from(r + 1) else {
            return Err("too many rows for one sheet".into());
        };
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = match cell {
                ViewCell::Empty => 0,
                ViewCell::Text(t) => {
                    let t = crate::text::sanitize(t);
                    let w = t.width();
                    ws.write_string(rn, col, t).map_err(err)?;
                    w
                }
                ViewCell::Int(n) => {
                    ws.write_number_with_format(rn, col, *n as f64, &int_fmt)
                        .map_err(err)?;
                    n.to_string().len() + 2
                }
                ViewCell::Date(d) => {
                    match excel_date(*d) {
                        Some(x) => ws.write_datetime_with_format(rn, col, &x, &date_fmt),
                        None => ws.write_string(rn, col, date_vn(*d)),
                    }
                    .map_err(err)?;
                    10
                }
                ViewCell::DateTime(t) => {
                    use chrono::Timelike;
                    let x = excel_date(t.date())
                        .and_then(|x| x.and_hms(t.hour() as u16, t.minute() as u8, 0.0).ok());
                    match x {
                        Some(x) => ws.write_datetime_with_format(rn, col, &x, &dt_fmt),
                        None => ws.write_string(rn, col, t.format("%d/%m/%Y %H:%M").to_string()),
                    }
                    .map_err(err)?;
                    16
                }
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(shown + 2);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64)
            .map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    if !v.rows.is_empty() && !v.header.is_empty() {
        ws.autofilter(0, 0, v.rows.len() as u32, (v.header.len() - 1) as u16)
            .map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralize_round_trips() {
        for v in [
            "",
            "a",
            "=1+1",
            "+84",
            "-5",
            "@x",
            "'",
            "''",
            "'a",
            "'=a",
            "''=a",
            "'''",
            "x=y",
            "=",
            "'+",
            "\t=1+1",
            "\r=1+1",
            "'\t",
            "Hệ thống",
        ] {
            let n = neutralize(v);
            assert_eq!(unneutralize(&n), v, "{v:?} -> {n:?}");
            assert!(!n.starts_with(FORMULA_START), "{v:?} -> {n:?}");
        }
        assert_eq!(neutralize("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralize("'abc"), "'abc");
        assert_eq!(unneutralize("'abc"), "'abc");
        assert_eq!(unneutralize("'-5"), "-5");
    }

    #[test]
    fn csv_layout() {
        let mut s = System::new("=A1", "Tên, có \"ngoặc\"");
        s.level = Level::new(3);
        s.approved_on = NaiveDate::from_ymd_opt(2024, 8, 2);
        s.dossier = DossierState::Approved;
        s.notes = "dòng 1\ndòng 2".into();
        let bytes = to_csv(&[&s]).expect("csv");
        let text = String::from_utf8(bytes).expect("utf8");
        let mut lines = text.split("\r\n");
        assert!(
            lines
                .next()
                .is_some_and(|h| h.starts_with("\u{feff}Mã hệ thống,Tên hệ thống,"))
        );
        let body = lines.collect::<Vec<_>>().join("\r\n");
        assert!(
            body.starts_with("'=A1,\"Tên, có \"\"ngoặc\"\"\","),
            "{body}"
        );
        assert!(
            body.contains(",sở hữu,3,đã phê duyệt,02/08/2024,"),
            "{body}"
        );
        assert!(body.contains("\"dòng 1\ndòng 2\""), "{body}");
    }

    #[test]
    fn xlsx_is_a_zip() {
        let s = System::new("A", "B");
        let b = to_xlsx(&[&s]).expect("xlsx");
        assert!(b.starts_with(b"PK"));
    }

    #[test]
    fn shown_text_becomes_typed_cells() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            ViewCell::from_shown("15/10/2026"),
            ViewCell::Date(d(2026, 10, 15))
        );
        assert_eq!(
            ViewCell::from_shown("29/11/2026 14:00"),
            ViewCell::DateTime(d(2026, 11, 29).and_hms_opt(14, 0, 0).unwrap())
        );
        assert_eq!(ViewCell::from_shown("3"), ViewCell::Int(3));
        assert_eq!(ViewCell::from_shown("1.200.000"), ViewCell::Int(1_200_000));
        assert_eq!(ViewCell::from_shown("—"), ViewCell::Empty);
        for text in [
            "0912345678",
            "1.2",
            "12,9%",
            "MA-LAN",
            "1.20.000",
            "31/02/2026",
        ] {
            assert_eq!(
                ViewCell::from_shown(text),
                ViewCell::Text(text.into()),
                "{text}"
            );
        }
    }

    #[test]
    fn view_exports_keep_types() {
        let v = ViewSheet {
            name: "Hạn chót".into(),
            header: vec!["Hạn".into(), "Còn lại".into(), "Nội dung".into()],
            rows: vec![vec![
                ViewCell::Date(NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()),
                ViewCell::Int(-318),
                ViewCell::Text("=cmd".into()),
            ]],
        };
        let csv = String::from_utf8(view_csv(&v).unwrap()).unwrap();
        assert_eq!(
            csv,
            "\u{feff}Hạn,Còn lại,Nội dung\r\n2026-01-15,-318,'=cmd\r\n"
        );
        use calamine::{Data, Reader, Xlsx};
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(view_xlsx(&v).unwrap())).unwrap();
        let r = wb.worksheet_range("Hạn chót").unwrap();
        assert!(matches!(r.get((1, 0)), Some(Data::DateTime(_))));
        assert_eq!(r.get((1, 1)), Some(&Data::Float(-318.0)));
        assert_eq!(r.get((1, 2)), Some(&Data::String("=cmd".into())));
        let f = wb.worksheet_formula("Hạn chót").unwrap();
        assert!(f.rows().flatten().all(|c| c.is_empty()));
    }
}
