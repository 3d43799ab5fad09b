//! The inventory contract: columns (English key or Vietnamese label), value rules, and the
//! turning of table rows into system patches. Every format's import goes through here.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::{ImportError, Rejected, Table};
use crate::domain::valid::{self, Refusal};
use crate::domain::*;
use crate::i18n::{Lang, msg::exchange::inventory as m};
use crate::store::{SystemPatch, tables};
use crate::text::{edit_distance, fold};

/// A column of the inventory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Code,
    Name,
    Owner,
    Operator,
    Relation,
    Level,
    DossierStatus,
    ApprovedOn,
    DecisionNo,
    PlanStatus,
    LastAssessedOn,
    GoLiveOn,
    UnderInvestment,
    Responsible,
    Notes,
}

impl Col {
    /// The column of an inventory field of `store::tables::SYSTEMS`, by its key.
    fn of_key(key: &str) -> Option<Col> {
        Some(match key {
            "code" => Col::Code,
            "name" => Col::Name,
            "owner" => Col::Owner,
            "operator" => Col::Operator,
            "relation" => Col::Relation,
            "level" => Col::Level,
            "dossier_status" => Col::DossierStatus,
            "approved_on" => Col::ApprovedOn,
            "decision_no" => Col::DecisionNo,
            "plan_status" => Col::PlanStatus,
            "last_assessed_on" => Col::LastAssessedOn,
            "go_live_on" => Col::GoLiveOn,
            "under_investment" => Col::UnderInvestment,
            "responsible" => Col::Responsible,
            "notes" => Col::Notes,
            _ => return None,
        })
    }
}

/// Columns in template order: (column, key, Vietnamese label), from the fields of a system
/// (`store::tables::SYSTEMS`) that the inventory holds.
pub static COLUMNS: LazyLock<Vec<(Col, &'static str, &'static str)>> = LazyLock::new(|| {
    tables::inventory()
        .iter()
        .filter_map(|f| Col::of_key(f.key).map(|c| (c, f.key, f.label.vi)))
        .collect()
});

/// Longest accepted cell, in characters (notes may be longer): the forms' limits.
pub const MAX_CELL: usize = valid::MAX_TEXT;
pub const MAX_NOTES: usize = valid::MAX_NOTES;

impl Col {
    pub fn key(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|c| c.0 == self)
            .map(|c| c.1)
            .unwrap_or("")
    }
    pub fn label_vi(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|c| c.0 == self)
            .map(|c| c.2)
            .unwrap_or("")
    }
    /// Matches a header cell, ignoring case, diacritics, `_`/`-` and spacing.
    pub fn from_header(h: &str) -> Option<Col> {
        let f = fold(h);
        COLUMNS
            .iter()
            .find(|(_, k, l)| f == fold(k) || f == fold(l))
            .map(|c| c.0)
    }
    /// The known header closest to an unknown one.
    pub fn suggest(h: &str) -> &'static str {
        let f = fold(h);
        let mut best = ("", usize::MAX);
        for (_, k, l) in COLUMNS.iter() {
            for cand in [*k, *l] {
                let d = edit_distance(&f, &fold(cand));
                if d < best.1 {
                    best = (cand, d);
                }
            }
        }
        best.0
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
    let label = |c: Col, l: &'static str| match lang {
        Lang::Vi => l,
        Lang::En => c.key(),
    };
    for (i, (c, _, l)) in COLUMNS.iter().enumerate() {
        let col = (i + 1) as u16;
        ws.write_string_with_format(0, col, label(*c, l), &head)
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

/// The template's column of `c` (column 0 holds STT).
fn template_col(c: Col) -> u16 {
    (COLUMNS.iter().position(|x| x.0 == c).unwrap_or(0) + 1) as u16
}

/// A value of a drop-down list: its Vietnamese label, or its key in English.
fn list_value(lang: Lang, key: &'static str, label: &'static str) -> String {
    match lang {
        Lang::Vi => label.to_owned(),
        Lang::En => key.to_owned(),
    }
}

/// The template's drop-down lists and date checks, down to row 1000.
fn add_validations(
    ws: &mut rust_xlsxwriter::Worksheet,
    lang: Lang,
    date_fmt: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, ExcelDateTime};
    const LAST_ROW: u32 = 1000;
    let col_of = template_col;
    let pick = |key, label| list_value(lang, key, label);
    let lists: [(Col, Vec<String>); 4] = [
        (
            Col::Relation,
            Relation::ALL
                .iter()
                .map(|x| pick(x.key(), x.label(Lang::Vi)))
                .collect(),
        ),
        (Col::Level, (1..=5).map(|n| n.to_string()).collect()),
        (
            Col::DossierStatus,
            DossierState::ALL
                .iter()
                .map(|x| pick(x.key(), x.label(Lang::Vi)))
                .collect(),
        ),
        (
            Col::PlanStatus,
            PlanStatus::ALL
                .iter()
                .map(|x| pick(x.key(), x.label(Lang::Vi)))
                .collect(),
        ),
    ];
    let (title, message) = (m::LIST_ERROR_TITLE.text(lang), m::LIST_ERROR.text(lang));
    for (c, values) in &lists {
        let dv = DataValidation::new()
            .allow_list_strings(values)?
            .set_error_title(title)?
            .set_error_message(message)?;
        let col = col_of(*c);
        ws.add_data_validation(1, col, LAST_ROW, col, &dv)?;
    }
    // dates: shown and typed dd/mm/yyyy; a date validation refuses text that is not one
    let (dtitle, dmessage) = (m::DATE_ERROR_TITLE.text(lang), m::DATE_ERROR.text(lang));
    let first_day = ExcelDateTime::from_ymd(1900, 1, 1)?;
    for c in [Col::ApprovedOn, Col::LastAssessedOn, Col::GoLiveOn] {
        let col = col_of(c);
        ws.set_column_format(col, date_fmt)?;
        let dv = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThanOrEqualTo(first_day.clone()))
            .set_error_title(dtitle)?
            .set_error_message(dmessage)?;
        ws.add_data_validation(1, col, LAST_ROW, col, &dv)?;
    }
    Ok(())
}

/// The template's example row (row 2), which the import skips.
fn write_example(
    ws: &mut rust_xlsxwriter::Worksheet,
    lang: Lang,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, ExcelDateTime, Format};
    let example = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x59_59_59))
        .set_background_color(Color::RGB(0xF2_F2_F2));
    let example_date = example.clone().set_num_format("dd/mm/yyyy");
    let col_of = template_col;
    let pick = |key, label| list_value(lang, key, label);
    let mark = match lang {
        Lang::Vi => EXAMPLE_MARK.0,
        Lang::En => EXAMPLE_MARK.1,
    };
    ws.write_string_with_format(1, 0, mark, &example)?;
    let day = |y: u16, m: u8, d: u8| ExcelDateTime::from_ymd(y, m, d);
    let text = |t: crate::i18n::Text| t.text(lang).to_owned();
    for (c, _, _) in COLUMNS.iter() {
        let col = col_of(*c);
        let value = match c {
            Col::Code => text(m::EXAMPLE_CODE),
            Col::Name => text(m::EXAMPLE_NAME),
            Col::Owner => text(m::EXAMPLE_OWNER),
            Col::Operator => text(m::EXAMPLE_OPERATOR),
            Col::Relation => pick(Relation::Owned.key(), Relation::Owned.label(Lang::Vi)),
            Col::Level => {
                ws.write_number_with_format(1, col, 2.0, &example)?;
                continue;
            }
            Col::DossierStatus => pick(
                DossierState::Approved.key(),
                DossierState::Approved.label(Lang::Vi),
            ),
            Col::ApprovedOn | Col::LastAssessedOn | Col::GoLiveOn => {
                let d = match c {
                    Col::ApprovedOn => day(2025, 3, 15)?,
                    Col::LastAssessedOn => day(2025, 10, 10)?,
                    _ => day(2024, 1, 2)?,
                };
                ws.write_datetime_with_format(1, col, &d, &example_date)?;
                continue;
            }
            Col::DecisionNo => text(m::EXAMPLE_DECISION_NO),
            Col::PlanStatus => pick(PlanStatus::Full.key(), PlanStatus::Full.label(Lang::Vi)),
            Col::Responsible => text(m::EXAMPLE_RESPONSIBLE),
            Col::UnderInvestment => text(m::EXAMPLE_UNDER_INVESTMENT),
            Col::Notes => text(m::EXAMPLE_NOTES),
        };
        ws.write_string_with_format(1, col, value, &example)?;
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
    let mut seen: HashMap<Col, usize> = HashMap::new();
    for (i, h) in t.header.iter().enumerate() {
        if h.trim().is_empty() || is_row_number(h) {
            cols.push(None);
            continue;
        }
        match Col::from_header(h) {
            Some(c) => {
                if seen.insert(c, i).is_some() {
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
                let s = Col::suggest(h);
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
    for req in [Col::Code, Col::Name] {
        if !seen.contains_key(&req) && errs.is_empty() {
            errs.push(ImportError::new(
                file,
                t.header_line,
                Some(&format!("{} ({})", req.key(), req.label_vi())),
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
    pub headers: HashMap<Col, String>,
}

impl Parsed {
    /// The column's name as the file wrote it (the key when the file lacks it).
    pub fn header(&self, c: Col) -> &str {
        self.headers.get(&c).map(String::as_str).unwrap_or(c.key())
    }
}

/// Turns the table into patches, checking every value. All problems are collected.
pub fn rows_to_patches(file: &str, t: &Table, lang: Lang) -> Result<Parsed, Rejected> {
    let cols = map_header(file, t, lang)?;
    let headers: HashMap<Col, String> = cols
        .iter()
        .zip(&t.header)
        .filter_map(|(c, h)| c.map(|c| (c, h.clone())))
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
            let header = t.header[i].as_str();
            let mut err = |m: String, shown: bool| {
                // an empty cell has no value worth showing: "code: required", not "required ()"
                let value = Some(raw).filter(|r| shown && !r.trim().is_empty());
                row_errs.push(ImportError::new(file, *line, Some(header), m, value))
            };
            let multiline = col == Col::Notes;
            let max = if multiline { MAX_NOTES } else { MAX_CELL };
            let v = match valid::text(raw, max, multiline) {
                Ok(v) => v,
                Err(why) => {
                    err(why.message(lang), why.shows_value());
                    continue;
                }
            };
            // the same rules, and so the same messages, as the forms and `record`
            let checked: Result<(), Refusal> = match col {
                Col::Code => valid::code(&v).map(|c| match codes.get(&c) {
                    Some(first) => err(m::DuplicateCode { line: first }.text(lang), true),
                    None => {
                        codes.insert(c.clone(), *line);
                        p.code = c;
                    }
                }),
                Col::Name => valid::required_text(&v, max, false).map(|v| p.name = Some(v)),
                Col::Owner => {
                    p.owner = Some(v);
                    Ok(())
                }
                Col::Operator => {
                    p.operator = Some(v);
                    Ok(())
                }
                Col::DecisionNo => {
                    p.decision_no = Some(v);
                    Ok(())
                }
                Col::Responsible => {
                    p.responsible = Some(v);
                    Ok(())
                }
                Col::Notes => {
                    p.notes = Some(v);
                    Ok(())
                }
                Col::Relation => valid::relation(&v).map(|r| p.relation = Some(r)),
                Col::Level => valid::level(&v).map(|l| p.level = Some(l)),
                Col::DossierStatus => valid::dossier_status(&v).map(|s| p.dossier = Some(s)),
                Col::PlanStatus => valid::plan_status(&v).map(|s| p.plan = Some(s)),
                Col::UnderInvestment => valid::yes_no(&v).map(|b| p.under_investment = Some(b)),
                Col::ApprovedOn => valid::date(&v).map(|d| p.approved_on = Some(d)),
                Col::GoLiveOn => valid::date(&v).map(|d| p.go_live_on = Some(d)),
                Col::LastAssessedOn => valid::date(&v).map(|d| p.last_assessed_on = d),
            };
            if let Err(why) = checked {
                err(why.message(lang), why.shows_value());
            }
        }
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
                Some(parsed.header(Col::Level)),
                m::OWNED_NEEDS_LEVEL.text(lang).into(),
                None,
            ));
        }
        if s.dossier == DossierState::Approved && s.approved_on.is_none() {
            errs.push(ImportError::new(
                file,
                r.line,
                Some(parsed.header(Col::ApprovedOn)),
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
        let p = rows_to_patches("f.csv", &t, Lang::Vi).unwrap();
        assert_eq!(p.rows[0].patch.code, "A");
        assert!(is_row_number("Số TT"));
        assert!(is_row_number("No."));
        assert!(!is_row_number("Notes"));
    }
}
