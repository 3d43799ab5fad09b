//! A form as a centred modal: one line per field, the error beside it, a calendar picker on
//! date fields, and the confirmation question of destructive saves.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::i18n::Lang;
use crate::text::{pad, truncate, width};
use crate::tui::form::{FieldKind, Form};
use crate::tui::model::Model;
use crate::tui::ui::{centered, safe};

pub fn draw(f: &mut Frame, m: &Model, form: &Form, content: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let box_w = 78u16.min(content.width);
    let inner_w = usize::from(box_w.saturating_sub(2));
    let longest = form
        .fields
        .iter()
        .map(|x| width(x.label.get(lang)))
        .max()
        .unwrap_or(10);
    // long questions (the wizard's) go on their own line, the answer under them
    let stacked = longest > 30;
    let label_w = if stacked { 2 } else { longest.min(30) + 2 };
    let value_w = inner_w.saturating_sub(label_w + 2);
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_line = 0usize;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        if focused {
            focus_line = lines.len();
        }
        let mark = if field.required { "*" } else { " " };
        let mut value = safe(&field.shown(lang));
        let hint = match &field.kind {
            FieldKind::Choice(opts) if opts.len() > 1 => " ◂▸",
            FieldKind::Flag => " ◂▸",
            FieldKind::Date | FieldKind::DateTime if focused => " F2",
            _ => "",
        };
        if focused && field.is_typed() {
            value.push('▏');
        }
        let value = truncate(&value, value_w.saturating_sub(width(hint)));
        let vstyle = if focused { t.selected } else { t.base };
        let lstyle = if focused {
            t.key.add_modifier(Modifier::BOLD)
        } else {
            t.key
        };
        let pointer = Span::styled(if focused { "▶ " } else { "  " }, t.key);
        if stacked {
            lines.push(Line::from(vec![
                pointer,
                Span::styled(
                    format!(
                        "{}{mark}",
                        truncate(field.label.get(lang), inner_w.saturating_sub(3))
                    ),
                    lstyle,
                ),
            ]));
            lines.push(Line::from(vec![
                Span::raw("    "),
                Span::styled(value, vstyle),
                Span::styled(hint, t.dim),
            ]));
        } else {
            let label = format!("{}{mark}", truncate(field.label.get(lang), label_w - 2));
            lines.push(Line::from(vec![
                pointer,
                Span::styled(pad(&label, label_w), lstyle),
                Span::styled(value, vstyle),
                Span::styled(hint, t.dim),
            ]));
        }
        if let Some(e) = form.error(field.key) {
            lines.push(Line::from(vec![
                Span::raw(" ".repeat(if stacked { 4 } else { label_w + 2 })),
                Span::styled(format!("✖ {}", safe(e)), t.overdue),
            ]));
        }
    }
    // the wizard's live proposal and the articles that decide it
    if let crate::tui::form::Purpose::Wizard { .. } = &form.purpose {
        use crate::domain::wizard::Verdict;
        let p = crate::tui::forms::wizard_proposal(form, &m.snap.rules, m.snap.today());
        lines.push(Line::from(""));
        let (text, style) = match p.verdict {
            Verdict::Level(l) => (
                match lang {
                    Lang::Vi => format!("Đề xuất: cấp độ {l} — ↵ để lưu vào hệ thống"),
                    Lang::En => format!("Proposed: level {l} — ↵ saves it to the system"),
                },
                t.ok.add_modifier(Modifier::BOLD),
            ),
            Verdict::Manual { at_least } => (
                match (lang, at_least) {
                    (Lang::Vi, Some(l)) => format!("Cán bộ tự quyết định (tối thiểu cấp độ {l})"),
                    (Lang::Vi, None) => {
                        "Cán bộ tự quyết định: loại (đ) khác không có tiêu chí".to_owned()
                    }
                    (Lang::En, Some(l)) => format!("The officer decides (at least level {l})"),
                    (Lang::En, None) => {
                        "The officer decides: type (đ) other has no criteria".to_owned()
                    }
                },
                t.due_soon,
            ),
            Verdict::Incomplete => (
                match lang {
                    Lang::Vi => {
                        format!("Còn {} câu chưa trả lời", p.missing.len() + p.invalid.len())
                    }
                    Lang::En => format!("{} questions left", p.missing.len() + p.invalid.len()),
                },
                t.dim,
            ),
        };
        lines.push(Line::from(Span::styled(text, style)));
        if !p.decided_by.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("{}{}", lang.pick("Căn cứ: ", "Basis: "), p.basis(lang)),
                t.dim,
            )));
        }
    }
    // errors that belong to no field of the form
    for (k, e) in &form.errors {
        if !form.fields.iter().any(|x| x.key == k.as_str()) {
            lines.push(Line::from(Span::styled(
                format!("✖ {}", safe(e)),
                t.overdue,
            )));
        }
    }
    let rows: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_w.max(1)))
        .sum();
    let wanted = (rows as u16).saturating_add(2);
    let area = centered(content, box_w, wanted.min(content.height));
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(format!(" {} ", safe(&form.title)), t.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = usize::from(inner.height);
    let scroll = focus_line.saturating_sub(h.saturating_sub(3)) as u16;
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        inner,
    );
    if let Some(p) = form.picker {
        picker(f, m, p, inner);
    }
}

fn picker(f: &mut Frame, m: &Model, p: crate::tui::form::Picker, around: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let area = centered(around, 30, 10);
    f.render_widget(Clear, area);
    let first = p.first_of_month();
    let title = match lang {
        Lang::Vi => format!(" Tháng {:02}/{} ", first.month(), first.year()),
        Lang::En => format!(" {} ", first.format("%B %Y")),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.key)
        .title(Span::styled(title, t.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines = vec![Line::from(Span::styled(
        lang.pick(" T2 T3 T4 T5 T6 T7 CN", " Mo Tu We Th Fr Sa Su"),
        t.header,
    ))];
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut row: Vec<Span> = vec![Span::raw("   ".repeat(lead))];
    let mut col = lead;
    let mut day = first;
    while day.month() == first.month() {
        let mut style = t.base;
        if day == m.snap.today() {
            style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        }
        if day == p.day {
            style = t.selected;
        }
        row.push(Span::styled(format!("{:>3}", day.day()), style));
        col += 1;
        if col == 7 {
            lines.push(Line::from(std::mem::take(&mut row)));
            col = 0;
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    if !row.is_empty() {
        lines.push(Line::from(row));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// The yes/no question of a destructive save.
pub fn confirm(f: &mut Frame, m: &Model, message: &str, content: Rect) {
    let t = &m.theme;
    let area = centered(content, 60, 5);
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(m.lang.pick(" Xác nhận ", " Confirm "), t.warn));
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(safe(message), t.warn)))
            .block(block)
            .wrap(Wrap { trim: true }),
        area,
    );
}
