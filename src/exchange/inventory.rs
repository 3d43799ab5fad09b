//! The inventory contract: its columns (the fields of a system with an inventory position,
//! headed by their English key or Vietnamese label), the template, and the turning of table
//! rows into system patches by the fields' own parser. Every format's import goes through here.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::{ImportError, Rejected, Table};
use crate::domain::valid;
use crate::domain::*;
use crate::i18n::{Lang, msg::exchange::inventory as m};
use crate::store::SystemPatch;
use crate::store::tables::{self, Field, Rule, Slot};
use crate::text::{edit_distance, fold};

/// A column of the inventory: a field of a system (`store::tables::SYSTEMS`) with an
/// inventory position. Its key is the English header, its label the Vietnamese one; its rule
/// and kind parse a cell (`Field::parse`, as the form parses what was typed).
pub type Col = &'static Field<System>;

/// The inventory's columns, in template order.
pub fn columns() -> &'static [Col] {
    tables::inventory()
}

/// Longest accepted cell, in characters (notes may be longer): the forms' limits.
pub const MAX_CELL: usize = valid::MAX_TEXT;
pub const MAX_NOTES: usize = valid::MAX_NOTES;

/// The column a header cell names, ignoring case, diacritics, `_`/`-` and spacing.
pub fn column_of(h: &str) -> Option<Col> {
    let f = fold(h);
    columns()
        .iter()
        .find(|c| f == fold(c.key) || f == fold(c.label.vi))
        .copied()
}

/// The known header closest to an unknown one.
pub fn suggest(h: &str) -> &'static str {
    let f = fold(h);
    let mut best = ("", usize::MAX);
    for c in columns() {
        for cand in [c.key, c.label.vi] {
            let d = edit_distance(&f, &fold(cand));
            if d < best.1 {
                best = (cand, d);
            }
        }
    }
    best.0
}

/// A column's header in `lang`: its Vietnamese label, or its key in English.
pub fn header_in(c: Col, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => c.label.vi,
        Lang::En => c.key,
    }
}

/// The mark in the row-number column ("STT") of the template's example row: a row so marked is
/// skipped on import, in either language.
pub const EXAMPLE_MARK: (&str, &str) = (m::EXAMPLE_MARK.vi, m::EXAMPLE_MARK.en);

/// Whether a row-number cell marks the template's example row.
pub fn is_example_mark(cell: &str) -> bool {
    let f = fold(cell);
    f == fold(EXAMPLE_MARK.0) || f == fold(EXAMPLE_MARK.1)
}

/// The template as an XLSX workbook: a row-number column ("STT"), the inventory's headers, one
/// example row marked "VÍ DỤ" in that column (skipped on import), drop-down lists (data
/// validation) for relation, level, dossier status and plan status, and the date columns
/// formatted dd/mm/yyyy, for the first 1,000 rows.
pub fn template_xlsx(lang: Lang) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::Workbook;
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut wb = Workbook::new();
    let head = super::export::header_format();
    let date_fmt = super::export::date_format();
    let ws = wb.add_worksheet();
    ws.set_name(super::export::SHEET).map_err(err)?;
    ws.write_string_with_format(0, 0, "STT", &head)
        .map_err(err)?;
    ws.set_column_width(0, 8.0).map_err(err)?;
    for (i, c) in columns().iter().enumerate() {
        let col = (i + 1) as u16;
        ws.write_string_with_format(0, col, header_in(c, lang), &head)
            .map_err(err)?;
        ws.set_column_width(col, super::export::WIDTHS.get(i).copied().unwrap_or(14.0))
            .map_err(err)?;
    }
    ws.set_freeze_panes(1, 1).map_err(err)?;
    // drop-down lists and date checks, in the chosen language (the import reads both)
    add_validations(ws, lang, &date_fmt).map_err(err)?;
    // the example row
    write_example(ws, lang).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// The values a column's drop-down list offers, in `lang` (Vietnamese labels, or the keys in
/// English): a coded value's, and a level's 1 to 5; none for another kind.
fn list_values(c: Col, lang: Lang) -> Option<Vec<String>> {
    match c.slot {
        Slot::Key { all, name, .. } => Some(
            all()
                .into_iter()
                .map(|k| match lang {
                    Lang::Vi => name(k, Lang::Vi).unwrap_or(k).to_owned(),
                    Lang::En => k.to_owned(),
                })
                .collect(),
        ),
        Slot::Level(..) => Some((1..=5).map(|n| n.to_string()).collect()),
        _ => None,
    }
}

/// The template's drop-down lists (coded values, the level) and date checks (date columns),
/// down to row 1000; column 0 holds STT.
fn add_validations(
    ws: &mut rust_xlsxwriter::Worksheet,
    lang: Lang,
    date_fmt: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, ExcelDateTime};
    const LAST_ROW: u32 = 1000;
    let (title, message) = (m::LIST_ERROR_TITLE.text(lang), m::LIST_ERROR.text(lang));
    // dates: shown and typed dd/mm/yyyy; a date validation refuses text that is not one
    let (dtitle, dmessage) = (m::DATE_ERROR_TITLE.text(lang), m::DATE_ERROR.text(lang));
    let first_day = ExcelDateTime::from_ymd(1900, 1, 1)?;
    for (i, c) in columns().iter().enumerate() {
        let col = (i + 1) as u16;
        if let Some(values) = list_values(c, lang) {
            let dv = DataValidation::new()
                .allow_list_strings(&values)?
                .set_error_title(title)?
                .set_error_message(message)?;
            ws.add_data_validation(1, col, LAST_ROW, col, &dv)?;
        } else if let Slot::Date(..) = c.slot {
            ws.set_column_format(col, date_fmt)?;
            let dv = DataValidation::new()
                .allow_date(DataValidationRule::GreaterThanOrEqualTo(first_day.clone()))
                .set_error_title(dtitle)?
                .set_error_message(dmessage)?;
            ws.add_data_validation(1, col, LAST_ROW, col, &dv)?;
        }
    }
    Ok(())
}

/// The system the template's example row shows, its texts in `lang`.
fn example(lang: Lang) -> System {
    let t = |x: crate::i18n::Text| x.text(lang).to_owned();
    let day = NaiveDate::from_ymd_opt;
    System {
        owner: t(m::EXAMPLE_OWNER),
        operator: t(m::EXAMPLE_OPERATOR),
        relation: Relation::Owned,
        level: Level::new(2),
        dossier: DossierState::Approved,
        approved_on: day(2025, 3, 15),
        decision_no: t(m::EXAMPLE_DECISION_NO),
        plan: PlanStatus::Full,
        last_assessed_on: day(2025, 10, 10),
        go_live_on: day(2024, 1, 2),
        under_investment: false,
        responsible: t(m::EXAMPLE_RESPONSIBLE),
        notes: t(m::EXAMPLE_NOTES),
        ..System::new(m::EXAMPLE_CODE.text(lang), m::EXAMPLE_NAME.text(lang))
    }
}

/// The template's example row (row 2), which the import skips: the example system's cells as
/// the export writes them (coded values by their key in English), a "no" written out.
fn write_example(
    ws: &mut rust_xlsxwriter::Worksheet,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use super::export::{Cell, cell};
    use rust_xlsxwriter::{Color, ExcelDateTime, Format};
    let example_fmt = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x59_59_59))
        .set_background_color(Color::RGB(0xF2_F2_F2));
    let example_date = example_fmt.clone().set_num_format("dd/mm/yyyy");
    let mark = match lang {
        Lang::Vi => EXAMPLE_MARK.0,
        Lang::En => EXAMPLE_MARK.1,
    };
    ws.write_string_with_format(1, 0, mark, &example_fmt)?;
    let s = example(lang);
    for (i, c) in columns().iter().enumerate() {
        let col = (i + 1) as u16;
        let value = match (c.slot, cell(c, &s, lang)) {
            (Slot::Bit(get, _) | Slot::Flag(get, _), _) if !get(&s) => {
                Cell::Text(crate::i18n::msg::common::NO.text(lang).to_owned())
            }
            (_, v) => v,
        };
        match value {
            Cell::Empty => {}
            Cell::Text(t) => {
                ws.write_string_with_format(1, col, t, &example_fmt)?;
            }
            Cell::Level(l) => {
                ws.write_number_with_format(1, col, f64::from(l), &example_fmt)?;
            }
            Cell::Date(d) => {
                let d = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_datetime_with_format(1, col, &d, &example_date)?;
            }
        }
    }
    Ok(())
}

/// A row turned into a patch, with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowPatch {
    pub line: u64,
    pub patch: SystemPatch,
}

/// A row-number column ("STT", "TT", "No.") as office sheets have: ignored.
pub fn is_row_number(h: &str) -> bool {
    let f = fold(h);
    let f = f.trim_end_matches('.');
    m::ROW_NUMBER_HEADERS
        .text(Lang::Vi)
        .split('|')
        .any(|w| fold(w) == f)
}

/// Maps the header to columns; refuses unknown, repeated and missing required columns
/// (a row-number column is ignored).
pub fn map_header(file: &str, t: &Table, lang: Lang) -> Result<Vec<Option<Col>>, Rejected> {
    let mut errs = Vec::new();
    let mut cols = Vec::with_capacity(t.header.len());
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, h) in t.header.iter().enumerate() {
        if h.trim().is_empty() || is_row_number(h) {
            cols.push(None);
            continue;
        }
        match column_of(h) {
            Some(c) => {
                if seen.insert(c.key, i).is_some() {
                    errs.push(ImportError::new(
                        file,
                        t.header_line,
                        Some(h),
                        m::COLUMN_TWICE.text(lang).into(),
                        None,
                    ));
                }
                cols.push(Some(c));
            }
            None => {
                let s = suggest(h);
                errs.push(ImportError::new(
                    file,
                    t.header_line,
                    Some(h),
                    m::UnknownColumn { suggestion: s }.text(lang),
                    None,
                ));
                cols.push(None);
            }
        }
    }
    // the columns no row can do without: the code and the fields every system must have
    let required = columns()
        .iter()
        .filter(|c| matches!(c.rule, Rule::Code | Rule::Required));
    for req in required {
        if !seen.contains_key(req.key) && errs.is_empty() {
            errs.push(ImportError::new(
                file,
                t.header_line,
                Some(&format!("{} ({})", req.key, req.label.vi)),
                m::MISSING_COLUMN.text(lang).into(),
                None,
            ));
        }
    }
    if errs.is_empty() {
        Ok(cols)
    } else {
        Err(Rejected(errs))
    }
}

/// Rows read from a file, with the header text each column had there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub rows: Vec<RowPatch>,
    /// By column key.
    pub headers: HashMap<&'static str, String>,
}

impl Parsed {
    /// The name of column `key` as the file wrote it (the key when the file lacks it).
    pub fn header<'a>(&'a self, key: &'a str) -> &'a str {
        self.headers.get(key).map(String::as_str).unwrap_or(key)
    }
}

/// Turns the table into patches, checking every cell by its column's field (`Field::parse`,
/// the forms' parser; `today` bounds a date that may not be in the future). All problems are
/// collected.
pub fn rows_to_patches(
    file: &str,
    t: &Table,
    today: NaiveDate,
    lang: Lang,
) -> Result<Parsed, Rejected> {
    let cols = map_header(file, t, lang)?;
    let headers: HashMap<&'static str, String> = cols
        .iter()
        .zip(&t.header)
        .filter_map(|(c, h)| c.map(|c| (c.key, h.clone())))
        .collect();
    let mut errs = Vec::new();
    let mut out = Vec::with_capacity(t.rows.len());
    let mut codes: HashMap<String, u64> = HashMap::new();
    // row-number columns: a row marked "VÍ DỤ" there is the template's example, skipped
    let numbering: Vec<usize> = t
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| is_row_number(h))
        .map(|(i, _)| i)
        .collect();
    for (line, cells) in &t.rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if numbering
            .iter()
            .any(|i| cells.get(*i).is_some_and(|c| is_example_mark(c)))
        {
            continue;
        }
        if cells.len() > cols.len() && cells[cols.len()..].iter().any(|c| !c.trim().is_empty()) {
            errs.push(ImportError::new(
                file,
                *line,
                None,
                m::TooManyCells {
                    cells: cells.len(),
                    columns: cols.len(),
                }
                .text(lang),
                None,
            ));
            continue;
        }
        let mut p = SystemPatch::default();
        let mut row_errs = Vec::new();
        for (i, col) in cols.iter().enumerate() {
            let Some(col) = *col else { continue };
            let raw = cells.get(i).map(String::as_str).unwrap_or("");
            // the same parser, and so the same messages, as the forms and `record`
            let parsed = col
                .parse(raw, today, &mut p.values)
                .map(|()| p.set_field(col));
            // a code seen on an earlier row, said at the code's place among the row's problems
            let first = (col.rule == Rule::Code && parsed.is_ok())
                .then(|| codes.get(&p.values.code))
                .flatten();
            let problem = match (parsed, first) {
                (Err(why), _) => {
                    // an empty cell has no value worth showing: "code: required", not
                    // "required ()"
                    let value = Some(raw).filter(|r| why.shows_value() && !r.trim().is_empty());
                    Some((why.message(lang), value))
                }
                (Ok(()), Some(first)) => {
                    Some((m::DuplicateCode { line: first }.text(lang), Some(raw)))
                }
                (Ok(()), None) => None,
            };
            if let Some((message, value)) = problem {
                let header = Some(t.header[i].as_str());
                row_errs.push(ImportError::new(file, *line, header, message, value));
            }
        }
        let code = p.values.code.clone();
        if !code.is_empty() {
            codes.entry(code.clone()).or_insert(*line);
        }
        p.code = code;
        if row_errs.is_empty() {
            out.push(RowPatch {
                line: *line,
                patch: p,
            });
        } else {
            errs.extend(row_errs);
        }
    }
    if errs.is_empty() {
        Ok(Parsed { rows: out, headers })
    } else {
        Err(Rejected(errs))
    }
}

/// Checks each patch against the system it would change (or a new one): an owned system needs
/// a level; an approved dossier needs its approval date.
pub fn check_against(
    file: &str,
    parsed: &Parsed,
    existing: &HashMap<String, System>,
    lang: Lang,
) -> Result<(), Rejected> {
    let mut errs = Vec::new();
    for r in &parsed.rows {
        let blank = System::new(&r.patch.code, "");
        let s = r.patch.apply(existing.get(&r.patch.code).unwrap_or(&blank));
        if s.relation == Relation::Owned && s.level.is_none() {
            errs.push(ImportError::new(
                file,
                r.line,
                Some(parsed.header("level")),
                m::OWNED_NEEDS_LEVEL.text(lang).into(),
                None,
            ));
        }
        if s.dossier == DossierState::Approved && s.approved_on.is_none() {
            errs.push(ImportError::new(
                file,
                r.line,
                Some(parsed.header("approved_on")),
                m::APPROVED_NEEDS_DATE.text(lang).into(),
                None,
            ));
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(Rejected(errs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_number_columns_are_ignored() {
        let t = Table {
            header_line: 1,
            header: vec![
                "STT".into(),
                "Mã hệ thống".into(),
                "Tên hệ thống".into(),
                "Cấp độ".into(),
            ],
            rows: vec![(
                2,
                vec!["1".into(), "A".into(), "Hệ thống A".into(), "2".into()],
            )],
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let p = rows_to_patches("f.csv", &t, today, Lang::Vi).unwrap();
        assert_eq!(p.rows[0].patch.code, "A");
        assert!(is_row_number("Số TT"));
        assert!(is_row_number("No."));
        assert!(!is_row_number("Notes"));
    }
}
