//! Renderers: Markdown (for reading in a terminal), XLSX (one sheet, typed numbers and dates,
//! text as text, never a formula) and JSON (raw figures by stable keys); Word is in `docx`.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::doc::*;
use crate::i18n::{Lang, msg, msg::report as m};
use crate::text::sanitize;

/// Escapes text for Markdown: characters that would start markup, and `|` (table cells).
/// Control characters are made visible first.
fn esc(s: &str) -> String {
    let s = sanitize(s);
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The document as Markdown.
pub fn markdown(d: &Document) -> String {
    let lang = d.lang;
    let mut o = String::new();
    let h = &d.header;
    // the administrative header as a two-column table (Decree 30/2020 layout): the issuer's
    // lines on the left, the motto on the right, then the number and the place and date
    let left: Vec<String> = super::docx::issuer_lines(h)
        .into_iter()
        .map(|(t, bold)| {
            if bold {
                format!("**{}**", esc(&t))
            } else {
                esc(&t)
            }
        })
        .collect();
    let right = [
        format!("**{}**", esc(&h.motto[0])),
        format!("**{}**", esc(&h.motto[1])),
    ];
    let n = left.len().max(right.len());
    for i in 0..n {
        let l = left.get(i).map(String::as_str).unwrap_or("");
        let r = right.get(i).map(String::as_str).unwrap_or("");
        o.push_str(&format!("| {l} | {r} |\n"));
        if i == 0 {
            o.push_str("|:---:|:---:|\n");
        }
    }
    o.push_str(&format!(
        "| {} | *{}* |\n\n",
        esc(&h.number),
        esc(&h.place_date)
    ));
    o.push_str(&format!("# {}\n\n", esc(&d.title)));
    o.push_str(&format!("**{}**\n\n", esc(&d.subtitle)));
    match d.recipients.as_slice() {
        [] => {}
        [one] => o.push_str(&format!(
            "{} {}\n\n",
            m::common::TO_LABEL.text(lang),
            esc(one)
        )),
        many => {
            o.push_str(m::render::TO_LABEL_BLOCK.text(lang));
            for (i, r) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { "." } else { ";" };
                o.push_str(&format!("- {}{end}\n", esc(r)));
            }
            o.push('\n');
        }
    }
    if !d.opening.is_empty() {
        o.push_str(&format!("{}\n\n", esc(&d.opening)));
    }
    for s in &d.sections {
        o.push_str(&format!("## {}\n\n", esc(&s.heading)));
        for b in &s.blocks {
            match b {
                Block::Para(p) => o.push_str(&format!("{}\n\n", esc(p))),
                Block::Note(n) => o.push_str(&format!("> {}\n\n", esc(n))),
                Block::Fields(fs) => {
                    for f in fs {
                        let indent = f.label.starts_with("  ");
                        let label = f.label.trim_start().trim_start_matches("– ");
                        o.push_str(if indent { "    - " } else { "- " });
                        o.push_str(&esc(label));
                        o.push_str(": ");
                        let v = f.value.show(lang);
                        if matches!(f.value, Val::Blank) {
                            o.push_str(&v);
                        } else {
                            o.push_str(&format!("**{}**", esc(&v)));
                        }
                        if let Some(n) = &f.note {
                            o.push_str(&format!(" ({})", esc(n)));
                        }
                        o.push('\n');
                    }
                    o.push('\n');
                }
                Block::Table(t) => o.push_str(&md_table(t, lang)),
            }
        }
    }
    if !d.notes.is_empty() {
        o.push_str(&format!("## {}\n\n", msg::common::NOTES.text(lang)));
        for n in &d.notes {
            o.push_str(&format!("- {}\n", esc(n)));
        }
        o.push('\n');
    }
    // signature block: recipients on the left, the signer on the right
    let sg = &d.signature;
    let signer = |title: &[String], hint: &str, name: &str| {
        let mut r: Vec<String> = title.iter().map(|t| format!("**{}**", esc(t))).collect();
        r.push(format!("*{}*", esc(hint)));
        r.push(String::new());
        r.push(esc(name));
        r.join("<br>")
    };
    let (left, align) = match &sg.counterpart {
        Some(other) => (signer(&other.title, &other.hint, &other.name), ":---:"),
        None => {
            let mut l = format!("**{}**", m::common::COPIES_TO.text(lang));
            for c in &sg.cc {
                l.push_str(&format!("<br>- {}", esc(c)));
            }
            (l, ":---")
        }
    };
    let right = signer(&sg.title, &sg.hint, &sg.name);
    o.push_str(&format!("| | |\n|{align}|:---:|\n| {left} | {right} |\n"));
    if let Some(p) = &sg.prepared_by {
        o.push_str(&format!(
            "\n{} {}\n",
            m::common::PREPARED_BY.text(lang),
            esc(p)
        ));
    }
    o
}

fn md_table(t: &Table, lang: crate::i18n::Lang) -> String {
    let mut o = String::new();
    let head: Vec<String> = t.columns.iter().map(|c| esc(&c.label)).collect();
    o.push_str(&format!("| {} |\n", head.join(" | ")));
    o.push_str(&format!(
        "|{}|\n",
        t.columns
            .iter()
            .map(|_| "---")
            .collect::<Vec<_>>()
            .join("|")
    ));
    let row = |cells: &[Val]| {
        let v: Vec<String> = cells.iter().map(|c| esc(&c.show(lang))).collect();
        format!("| {} |\n", v.join(" | "))
    };
    for r in &t.rows {
        o.push_str(&row(r));
    }
    if let Some(total) = &t.total {
        let v: Vec<String> = total
            .iter()
            .map(|c| match c {
                Val::Blank => String::new(),
                c => format!("**{}**", esc(&c.show(lang))),
            })
            .collect();
        o.push_str(&format!("| {} |\n", v.join(" | ")));
    }
    if t.rows.is_empty() {
        o.push_str(&format!("\n*{}*\n", m::common::NO_ROWS.text(lang)));
    }
    o.push('\n');
    o
}

/// The document as JSON: `format` "capdo-report", the header, sections with fields (`key`,
/// `label`, raw `value`, shown `text`) and tables (rows as objects by column key), and
/// `figures`, every keyed field's raw value.
pub fn json(d: &Document) -> Value {
    let lang = d.lang;
    let mut figures = Map::new();
    for f in d.fields() {
        figures.insert(f.key.clone(), f.value.raw());
    }
    let sections: Vec<Value> = d
        .sections
        .iter()
        .map(|s| {
            let blocks: Vec<Value> = s
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Para(p) => json!({"type": "paragraph", "text": p}),
                    Block::Note(n) => json!({"type": "note", "text": n}),
                    Block::Fields(fs) => json!({
                        "type": "fields",
                        "fields": fs.iter().map(|f| json!({
                            "key": f.key,
                            "label": f.label.trim_start(),
                            "value": f.value.raw(),
                            "text": f.value.show(lang),
                            "note": f.note,
                        })).collect::<Vec<_>>(),
                    }),
                    Block::Table(t) => {
                        let obj = |cells: &[Val]| {
                            let mut m = Map::new();
                            for (c, v) in t.columns.iter().zip(cells) {
                                m.insert(c.key.to_owned(), v.raw());
                            }
                            Value::Object(m)
                        };
                        json!({
                            "type": "table",
                            "key": t.key,
                            "columns": t.columns.iter().map(|c| json!({"key": c.key, "label": c.label})).collect::<Vec<_>>(),
                            "rows": t.rows.iter().map(|r| obj(r)).collect::<Vec<_>>(),
                            "total": t.total.as_ref().map(|r| obj(r)),
                        })
                    }
                })
                .collect();
            json!({"heading": s.heading, "blocks": blocks})
        })
        .collect();
    let h = &d.header;
    json!({
        "format": "capdo-report",
        "version": 1,
        "kind": d.kind,
        "form": d.form,
        "lang": lang.code(),
        "pack": d.pack,
        "reference_date": d.reference_date.format("%Y-%m-%d").to_string(),
        "period": d.period,
        "header": {
            "parent": h.parent,
            "unit": h.unit,
            "number": h.number,
            "motto": h.motto,
            "place_date": h.place_date,
        },
        "title": d.title,
        "subtitle": d.subtitle,
        "recipients": d.recipients,
        "basis": d.basis,
        "opening": d.opening,
        "figures": figures,
        "sections": sections,
        "notes": d.notes,
        "signature": {
            "cc": d.signature.cc,
            "title": d.signature.title,
            "hint": d.signature.hint,
            "name": d.signature.name,
            "prepared_by": d.signature.prepared_by,
        },
    })
}

/// How many lines a text wraps to in `cols` columns (unicode width; callers allow for the
/// room lost at word breaks).
fn lines_in(text: &str, cols: f64) -> u32 {
    use unicode_width::UnicodeWidthStr;
    let cols = cols.max(1.0);
    text.split('\n')
        .map(|l| ((l.width() as f64) / cols).ceil().max(1.0) as u32)
        .sum::<u32>()
        .max(1)
}

/// One cell of the sheet: typed numbers, percentages and dates (with formats a vi-VN Excel shows
/// as "1.200.000", "15,0%" and "29/11/2026"), text as text (never a formula).
fn put_val(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    c: u16,
    v: &Val,
    lang: crate::i18n::Lang,
    f: &XlsxFormats,
    bold: bool,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::ExcelDateTime;
    let pick = |plain: &rust_xlsxwriter::Format, strong: &rust_xlsxwriter::Format| {
        if bold { strong.clone() } else { plain.clone() }
    };
    let date = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        ExcelDateTime::from_ymd(
            u16::try_from(d.year()).unwrap_or(1900),
            d.month() as u8,
            d.day() as u8,
        )
    };
    match v {
        Val::Int(n) | Val::Money(n) => {
            ws.write_number_with_format(r, c, *n as f64, &pick(&f.int, &f.int_bold))?;
        }
        Val::Pct(p) => {
            ws.write_number_with_format(r, c, p / 100.0, &pick(&f.pct, &f.pct_bold))?;
        }
        Val::Date(d) => match date(*d) {
            Ok(x) => {
                ws.write_datetime_with_format(r, c, &x, &pick(&f.date, &f.date_bold))?;
            }
            Err(_) => {
                ws.write_string_with_format(r, c, v.show(lang), &pick(&f.text, &f.text_bold))?;
            }
        },
        Val::DateTime(t) => {
            use chrono::Timelike;
            match date(t.date())
                .and_then(|x| x.and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64))
            {
                Ok(x) => {
                    ws.write_datetime_with_format(r, c, &x, &pick(&f.datetime, &f.datetime_bold))?;
                }
                Err(_) => {
                    ws.write_string_with_format(r, c, v.show(lang), &pick(&f.text, &f.text_bold))?;
                }
            }
        }
        Val::Blank if bold => {
            ws.write_blank(r, c, &f.text_bold)?;
        }
        other => {
            ws.write_string_with_format(
                r,
                c,
                sanitize(&other.show(lang)),
                &pick(&f.text, &f.text_bold),
            )?;
        }
    }
    Ok(())
}

/// The cell formats of a table.
struct XlsxFormats {
    text: rust_xlsxwriter::Format,
    text_bold: rust_xlsxwriter::Format,
    int: rust_xlsxwriter::Format,
    int_bold: rust_xlsxwriter::Format,
    pct: rust_xlsxwriter::Format,
    pct_bold: rust_xlsxwriter::Format,
    date: rust_xlsxwriter::Format,
    date_bold: rust_xlsxwriter::Format,
    datetime: rust_xlsxwriter::Format,
    datetime_bold: rust_xlsxwriter::Format,
}

/// The document as XLSX bytes: one sheet laid out like the printed document, A4 landscape fit
/// to the page width, the main table's header row frozen and repeated on each printed page.
/// Numbers, percentages and dates are typed cells; text is written as text (never a formula),
/// so nothing in the data can run in a spreadsheet. Totals are the store's figures, as values.
pub fn xlsx(d: &Document) -> Result<Vec<u8>, String> {
    let lang = d.lang;
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(msg::common::REPORT.text(lang))
        .map_err(xlsx_err)?;
    let tables: Vec<&Table> = d
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter())
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let width = tables
        .iter()
        .map(|t| t.columns.len())
        .max()
        .unwrap_or(0)
        .max(4);
    let st = XlsxStyle::new();
    let mut s = Sheet {
        ws,
        colw: column_widths(lang, &tables, width),
        heights: HashMap::new(),
        row: 0,
        last: (width - 1) as u16,
        mid: (width / 2) as u16,
    };
    xlsx_header(&mut s, d, &st)?;
    let main_header = xlsx_sections(&mut s, d, &st, &tables)?;
    xlsx_signature(&mut s, d, &st)?;
    let Sheet {
        ws, colw, heights, ..
    } = s;
    for (c, w) in colw.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(xlsx_err)?;
    }
    for (r, lines) in heights {
        if lines > 1 {
            ws.set_row_height(r, 15.0 * lines.min(20) as f64)
                .map_err(xlsx_err)?;
        }
    }
    // A4 landscape, fit to the page width; the main table's header on every printed page
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    if let Some(r) = main_header {
        ws.set_repeat_rows(r, r).map_err(xlsx_err)?;
        ws.set_freeze_panes(r + 1, 0).map_err(xlsx_err)?;
    }
    wb.save_to_buffer().map_err(xlsx_err)
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> String {
    e.to_string()
}

/// Column widths from the content of the tables (display width, not bytes).
fn column_widths(lang: Lang, tables: &[&Table], width: usize) -> Vec<f64> {
    use unicode_width::UnicodeWidthStr;
    let mut colw: Vec<f64> = vec![8.0; width];
    for t in tables {
        for (i, c) in t.columns.iter().enumerate() {
            let word = c
                .label
                .split_whitespace()
                .map(|w| w.width())
                .max()
                .unwrap_or(4);
            colw[i] = colw[i].max(word as f64 + 2.0);
        }
        for r in t.rows.iter().chain(t.total.iter()) {
            for (i, v) in r.iter().enumerate().take(width) {
                colw[i] = colw[i].max((v.show(lang).width() as f64 + 2.0).min(45.0));
            }
        }
    }
    // about 180 characters across an A4 landscape page fit to its width stay legible: wider
    // content shrinks in proportion (its text wraps), a narrow column keeps its width
    for w in colw.iter_mut() {
        *w = w.clamp(6.0, 45.0);
    }
    let total: f64 = colw.iter().sum();
    if total > 180.0 {
        for w in colw.iter_mut() {
            *w = (*w * 180.0 / total).max(w.min(8.0));
        }
    }
    colw
}

/// The cell formats of the sheet.
struct XlsxStyle {
    center: rust_xlsxwriter::Format,
    bold_center: rust_xlsxwriter::Format,
    italic_center: rust_xlsxwriter::Format,
    title: rust_xlsxwriter::Format,
    heading: rust_xlsxwriter::Format,
    wrap: rust_xlsxwriter::Format,
    italic: rust_xlsxwriter::Format,
    head_cell: rust_xlsxwriter::Format,
    /// Table cells.
    cells: XlsxFormats,
    /// The values of fields (label: value rows).
    fields: XlsxFormats,
}

impl XlsxStyle {
    fn new() -> XlsxStyle {
        use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
        let center = Format::new()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        let cell = Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        let cells = XlsxFormats {
            text: cell.clone(),
            text_bold: cell.clone().set_bold(),
            int: cell.clone().set_num_format("#,##0"),
            int_bold: cell.clone().set_num_format("#,##0").set_bold(),
            pct: cell.clone().set_num_format("0.0%"),
            pct_bold: cell.clone().set_num_format("0.0%").set_bold(),
            date: cell.clone().set_num_format("dd/mm/yyyy"),
            date_bold: cell.clone().set_num_format("dd/mm/yyyy").set_bold(),
            datetime: cell.clone().set_num_format("dd/mm/yyyy hh:mm"),
            datetime_bold: cell.clone().set_num_format("dd/mm/yyyy hh:mm").set_bold(),
        };
        let fields = XlsxFormats {
            text: wrap.clone(),
            text_bold: wrap.clone().set_bold(),
            int: wrap
                .clone()
                .set_num_format("#,##0")
                .set_align(FormatAlign::Left),
            int_bold: wrap.clone().set_num_format("#,##0").set_bold(),
            pct: wrap
                .clone()
                .set_num_format("0.0%")
                .set_align(FormatAlign::Left),
            pct_bold: wrap.clone().set_num_format("0.0%").set_bold(),
            date: wrap
                .clone()
                .set_num_format("dd/mm/yyyy")
                .set_align(FormatAlign::Left),
            date_bold: wrap.clone().set_num_format("dd/mm/yyyy").set_bold(),
            datetime: wrap
                .clone()
                .set_num_format("dd/mm/yyyy hh:mm")
                .set_align(FormatAlign::Left),
            datetime_bold: wrap.clone().set_num_format("dd/mm/yyyy hh:mm").set_bold(),
        };
        XlsxStyle {
            bold_center: center.clone().set_bold(),
            italic_center: center.clone().set_italic(),
            title: center.clone().set_bold().set_font_size(14),
            heading: Format::new().set_bold(),
            italic: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            head_cell: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            center,
            wrap,
            cells,
            fields,
        }
    }
}

/// The sheet being written: its columns' widths, the rows grown to the lines their text wraps
/// to, the next row, and the last and middle columns.
struct Sheet<'a> {
    ws: &'a mut rust_xlsxwriter::Worksheet,
    colw: Vec<f64>,
    heights: HashMap<u32, u32>,
    row: u32,
    last: u16,
    mid: u16,
}

impl Sheet<'_> {
    fn grow(&mut self, r: u32, lines: u32) {
        let e = self.heights.entry(r).or_insert(1);
        *e = (*e).max(lines);
    }

    /// Writes text over columns c0..=c1 of row r (`write_string` never turns text into a
    /// formula; control characters are sanitised first); a merged range's row grows to the
    /// lines its text wraps to.
    fn put(
        &mut self,
        r: u32,
        c0: u16,
        c1: u16,
        text: &str,
        f: &rust_xlsxwriter::Format,
    ) -> Result<(), String> {
        let text = sanitize(text);
        let span: f64 = self.colw[c0 as usize..=c1 as usize].iter().sum();
        self.grow(r, lines_in(&text, span * 0.75));
        if c0 == c1 {
            self.ws
                .write_string_with_format(r, c0, text, f)
                .map_err(xlsx_err)?;
        } else {
            self.ws
                .merge_range(r, c0, r, c1, &text, f)
                .map_err(xlsx_err)?;
        }
        Ok(())
    }

    /// One table row of typed cells.
    fn line(
        &mut self,
        r: u32,
        cells: &[Val],
        lang: Lang,
        f: &XlsxFormats,
        bold: bool,
    ) -> Result<(), String> {
        for (i, v) in cells.iter().enumerate() {
            if matches!(v, Val::Text(_)) {
                let w = self.colw[i];
                self.grow(r, lines_in(&v.show(lang), w * 0.7));
            }
            put_val(self.ws, r, i as u16, v, lang, f, bold).map_err(xlsx_err)?;
        }
        Ok(())
    }
}

/// The issuer and motto, number and place-date, title, subtitle, recipients and opening.
fn xlsx_header(s: &mut Sheet, d: &Document, st: &XlsxStyle) -> Result<(), String> {
    let lang = d.lang;
    let (mid, last) = (s.mid, s.last);
    let mut row = s.row;
    let h = &d.header;
    let left_end = mid.saturating_sub(1);
    let issuer = super::docx::issuer_lines(h);
    let motto = [(&h.motto[0], true), (&h.motto[1], true)];
    for i in 0..issuer.len().max(motto.len()) {
        if let Some((t, bold)) = issuer.get(i) {
            let f = if *bold { &st.bold_center } else { &st.center };
            s.put(row, 0, left_end, t, f)?;
        }
        if let Some((t, _)) = motto.get(i) {
            s.put(row, mid, last, t, &st.bold_center)?;
        }
        row += 1;
    }
    s.put(row, 0, left_end, &h.number, &st.center)?;
    s.put(row, mid, last, &h.place_date, &st.italic_center)?;
    row += 2;
    s.put(row, 0, last, &d.title, &st.title)?;
    row += 1;
    s.put(row, 0, last, &d.subtitle, &st.bold_center)?;
    row += 1;
    for (i, r) in d.recipients.iter().enumerate() {
        let text = match (d.recipients.len(), i) {
            (1, _) => format!("{} {r}", m::common::TO_LABEL.text(lang)),
            (_, 0) => format!("{} - {r};", m::common::TO_LABEL.text(lang)),
            _ => format!("- {r};"),
        };
        s.put(row, 0, last, &text, &st.center)?;
        row += 1;
    }
    if !d.opening.is_empty() {
        row += 1;
        s.put(row, 0, last, &d.opening, &st.wrap)?;
        row += 1;
    }
    s.row = row;
    Ok(())
}

/// The sections (headings, paragraphs, notes, fields, tables) and the notes; the row of the
/// largest table's header, which is frozen and printed on every page.
fn xlsx_sections(
    s: &mut Sheet,
    d: &Document,
    st: &XlsxStyle,
    tables: &[&Table],
) -> Result<Option<u32>, String> {
    let lang = d.lang;
    let (mid, last) = (s.mid, s.last);
    let mut row = s.row;
    let main = tables
        .iter()
        .enumerate()
        .max_by_key(|(_, t)| t.rows.len())
        .map(|(i, _)| i);
    let mut table_no = 0;
    let mut main_header: Option<u32> = None;
    for sec in &d.sections {
        row += 1;
        s.put(row, 0, last, &sec.heading, &st.heading)?;
        row += 1;
        for b in &sec.blocks {
            match b {
                Block::Para(p) => {
                    s.put(row, 0, last, p, &st.wrap)?;
                    row += 1;
                }
                Block::Note(n) => {
                    s.put(row, 0, last, n, &st.italic)?;
                    row += 1;
                }
                Block::Fields(fs) => {
                    for fd in fs {
                        let label_end = mid.saturating_sub(1);
                        s.put(row, 0, label_end, fd.label.trim_end(), &st.wrap)?;
                        match &fd.note {
                            // a value with a remark stays one text
                            Some(n) => {
                                let v = format!("{} ({n})", fd.value.show(lang));
                                s.put(row, mid, last, &v, &st.wrap)?;
                            }
                            None => {
                                let v = fd.value.show(lang);
                                s.put(row, mid, last, &v, &st.wrap)?;
                                if !matches!(fd.value, Val::Text(_) | Val::Blank | Val::Check(_)) {
                                    put_val(s.ws, row, mid, &fd.value, lang, &st.fields, false)
                                        .map_err(xlsx_err)?;
                                }
                            }
                        }
                        row += 1;
                    }
                }
                Block::Table(t) => {
                    if Some(table_no) == main {
                        main_header = Some(row);
                    }
                    table_no += 1;
                    for (i, c) in t.columns.iter().enumerate() {
                        s.put(row, i as u16, i as u16, &c.label, &st.head_cell)?;
                    }
                    row += 1;
                    for r in &t.rows {
                        s.line(row, r, lang, &st.cells, false)?;
                        row += 1;
                    }
                    if let Some(total) = &t.total {
                        s.line(row, total, lang, &st.cells, true)?;
                        row += 1;
                    }
                }
            }
        }
    }
    if !d.notes.is_empty() {
        row += 1;
        s.put(row, 0, last, msg::common::NOTES.text(lang), &st.heading)?;
        row += 1;
        for n in &d.notes {
            s.put(row, 0, last, &format!("- {n}"), &st.italic)?;
            row += 1;
        }
    }
    s.row = row;
    Ok(main_header)
}

/// "Nơi nhận" on the left, the signer's title, hint and name on the right, then who prepared it.
fn xlsx_signature(s: &mut Sheet, d: &Document, st: &XlsxStyle) -> Result<(), String> {
    let lang = d.lang;
    let (mid, last) = (s.mid, s.last);
    let left_end = mid.saturating_sub(1);
    let mut row = s.row + 1;
    let sg = &d.signature;
    let sig_start = row;
    s.put(
        row,
        0,
        left_end,
        m::common::COPIES_TO.text(lang),
        &st.heading.clone().set_italic(),
    )?;
    for (i, c) in sg.cc.iter().enumerate() {
        s.put(row + 1 + i as u32, 0, left_end, &format!("- {c}"), &st.wrap)?;
    }
    for t in &sg.title {
        s.put(row, mid, last, t, &st.bold_center)?;
        row += 1;
    }
    s.put(row, mid, last, &sg.hint, &st.italic_center)?;
    row += 3;
    s.put(row, mid, last, &sg.name, &st.center)?;
    row = row.max(sig_start + 1 + sg.cc.len() as u32) + 1;
    if let Some(p) = &sg.prepared_by {
        s.put(
            row,
            0,
            last,
            &format!("{} {p}", m::common::PREPARED_BY.text(lang)),
            &st.wrap,
        )?;
    }
    s.row = row;
    Ok(())
}
