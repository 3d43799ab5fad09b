//! Renderers: Markdown (for reading, printing and pasting into a word processor), XLSX (one
//! sheet, every cell a string, never a formula) and JSON (raw figures by stable keys).

use serde_json::{Map, Value, json};

use super::doc::*;
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
            lang.pick("Kính gửi:", "To:"),
            esc(one)
        )),
        many => {
            o.push_str(lang.pick("Kính gửi:\n\n", "To:\n\n"));
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
        o.push_str(&format!("## {}\n\n", lang.pick("Ghi chú", "Notes")));
        for n in &d.notes {
            o.push_str(&format!("- {}\n", esc(n)));
        }
        o.push('\n');
    }
    // signature block: recipients on the left, the signer on the right
    let sg = &d.signature;
    let left = {
        let mut l = format!("**{}**", lang.pick("Nơi nhận:", "Copies to:"));
        for c in &sg.cc {
            l.push_str(&format!("<br>- {}", esc(c)));
        }
        l
    };
    let right = {
        let mut r: Vec<String> = sg.title.iter().map(|t| format!("**{}**", esc(t))).collect();
        r.push(format!("*{}*", esc(&sg.hint)));
        r.push(String::new());
        r.push(esc(&sg.name));
        r.join("<br>")
    };
    o.push_str(&format!("| | |\n|:---|:---:|\n| {left} | {right} |\n"));
    if let Some(p) = &sg.prepared_by {
        o.push_str(&format!(
            "\n{} {}\n",
            lang.pick("Người lập:", "Prepared by:"),
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
        o.push_str(&format!(
            "\n*{}*\n",
            lang.pick("(không có dòng nào)", "(no rows)")
        ));
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

/// The document as XLSX bytes: one sheet laid out like the printed document. Every cell is
/// written as a string (never a formula), so nothing in the data can run in a spreadsheet.
pub fn xlsx(d: &Document) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let lang = d.lang;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("Báo cáo", "Report")).map_err(err)?;
    let width = d
        .sections
        .iter()
        .flat_map(|s| s.blocks.iter())
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.columns.len()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .max(4);
    let last = (width - 1) as u16;
    let mid = (width / 2) as u16;
    let center = Format::new().set_align(FormatAlign::Center).set_text_wrap();
    let bold_center = center.clone().set_bold();
    let italic_center = center.clone().set_italic();
    let title = bold_center.clone().set_font_size(14);
    let heading = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let italic = Format::new().set_italic().set_text_wrap();
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let head_cell = cell.clone().set_bold().set_align(FormatAlign::Center);
    let total_cell = cell.clone().set_bold();

    // `write_string` never turns text into a formula; sanitise control characters first
    let mut row: u32 = 0;
    let put_range = |ws: &mut rust_xlsxwriter::Worksheet,
                     r: u32,
                     c0: u16,
                     c1: u16,
                     text: &str,
                     f: &Format|
     -> Result<(), String> {
        let text = sanitize(text);
        if c0 == c1 {
            ws.write_string_with_format(r, c0, text, f).map_err(err)?;
        } else {
            ws.merge_range(r, c0, r, c1, &text, f).map_err(err)?;
        }
        Ok(())
    };
    let h = &d.header;
    let left_end = mid.saturating_sub(1);
    let issuer = super::docx::issuer_lines(h);
    let motto = [(&h.motto[0], true), (&h.motto[1], true)];
    for i in 0..issuer.len().max(motto.len()) {
        if let Some((t, bold)) = issuer.get(i) {
            put_range(
                ws,
                row,
                0,
                left_end,
                t,
                if *bold { &bold_center } else { &center },
            )?;
        }
        if let Some((t, _)) = motto.get(i) {
            put_range(ws, row, mid, last, t, &bold_center)?;
        }
        row += 1;
    }
    put_range(ws, row, 0, left_end, &h.number, &center)?;
    put_range(ws, row, mid, last, &h.place_date, &italic_center)?;
    row += 2;
    put_range(ws, row, 0, last, &d.title, &title)?;
    row += 1;
    put_range(ws, row, 0, last, &d.subtitle, &bold_center)?;
    row += 1;
    for (i, r) in d.recipients.iter().enumerate() {
        let text = match (d.recipients.len(), i) {
            (1, _) => format!("{} {r}", lang.pick("Kính gửi:", "To:")),
            (_, 0) => format!("{} - {r};", lang.pick("Kính gửi:", "To:")),
            _ => format!("- {r};"),
        };
        put_range(ws, row, 0, last, &text, &center)?;
        row += 1;
    }
    if !d.opening.is_empty() {
        row += 1;
        put_range(ws, row, 0, last, &d.opening, &wrap)?;
        row += 1;
    }
    for s in &d.sections {
        row += 1;
        put_range(ws, row, 0, last, &s.heading, &heading)?;
        row += 1;
        for b in &s.blocks {
            match b {
                Block::Para(p) => {
                    put_range(ws, row, 0, last, p, &wrap)?;
                    row += 1;
                }
                Block::Note(n) => {
                    put_range(ws, row, 0, last, n, &italic)?;
                    row += 1;
                }
                Block::Fields(fs) => {
                    for f in fs {
                        let label_end = mid.saturating_sub(1);
                        put_range(ws, row, 0, label_end, f.label.trim_end(), &wrap)?;
                        let mut v = f.value.show(lang);
                        if let Some(n) = &f.note {
                            v.push_str(&format!(" ({n})"));
                        }
                        put_range(ws, row, mid, last, &v, &wrap)?;
                        row += 1;
                    }
                }
                Block::Table(t) => {
                    for (i, c) in t.columns.iter().enumerate() {
                        put_range(ws, row, i as u16, i as u16, &c.label, &head_cell)?;
                    }
                    row += 1;
                    for r in &t.rows {
                        for (i, v) in r.iter().enumerate() {
                            put_range(ws, row, i as u16, i as u16, &v.show(lang), &cell)?;
                        }
                        row += 1;
                    }
                    if let Some(total) = &t.total {
                        for (i, v) in total.iter().enumerate() {
                            let text = match v {
                                Val::Blank => String::new(),
                                v => v.show(lang),
                            };
                            put_range(ws, row, i as u16, i as u16, &text, &total_cell)?;
                        }
                        row += 1;
                    }
                }
            }
        }
    }
    if !d.notes.is_empty() {
        row += 1;
        put_range(ws, row, 0, last, lang.pick("Ghi chú", "Notes"), &heading)?;
        row += 1;
        for n in &d.notes {
            put_range(ws, row, 0, last, &format!("- {n}"), &italic)?;
            row += 1;
        }
    }
    row += 1;
    let sg = &d.signature;
    let sig_start = row;
    put_range(
        ws,
        row,
        0,
        left_end,
        lang.pick("Nơi nhận:", "Copies to:"),
        &heading,
    )?;
    for (i, c) in sg.cc.iter().enumerate() {
        put_range(
            ws,
            row + 1 + i as u32,
            0,
            left_end,
            &format!("- {c}"),
            &wrap,
        )?;
    }
    for t in &sg.title {
        put_range(ws, row, mid, last, t, &bold_center)?;
        row += 1;
    }
    put_range(ws, row, mid, last, &sg.hint, &italic_center)?;
    row += 3;
    put_range(ws, row, mid, last, &sg.name, &center)?;
    row = row.max(sig_start + 1 + sg.cc.len() as u32) + 1;
    if let Some(p) = &sg.prepared_by {
        put_range(
            ws,
            row,
            0,
            last,
            &format!("{} {p}", lang.pick("Người lập:", "Prepared by:")),
            &wrap,
        )?;
    }
    for c in 0..=last {
        ws.set_column_width(c, if c == 1 { 40.0 } else { 18.0 })
            .map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
