//! A form as a centred modal: one line per field, the error beside it, a calendar picker on
//! date fields, and the confirmation question of destructive saves.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::i18n::msg;
use crate::text::{pad, truncate, width};
use crate::tui::form::{FieldKind, Form};
use crate::tui::model::Model;
use crate::tui::ui::{centered, safe};

/// Splits `s` into lines of at most `w` cells, at spaces where it can (a word longer than a
/// line is split inside). Nothing is cut: a legal question is shown whole.
pub fn wrap_words(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    let mut lw = 0usize;
    for word in s.split(' ') {
        let ww = width(word);
        if lw > 0 && lw + 1 + ww <= w {
            line.push(' ');
            line.push_str(word);
            lw += 1 + ww;
            continue;
        }
        if lw > 0 {
            out.push(std::mem::take(&mut line));
            lw = 0;
        }
        if ww <= w {
            line.push_str(word);
            lw = ww;
            continue;
        }
        for c in word.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if lw + cw > w && lw > 0 {
                out.push(std::mem::take(&mut line));
                lw = 0;
            }
            line.push(c);
            lw += cw;
        }
    }
    out.push(line);
    out
}

/// Lines of `text` wrapped to `w` cells after `indent` spaces, all in `style`.
fn wrapped<'a>(text: &str, indent: usize, w: usize, style: Style) -> Vec<Line<'a>> {
    wrap_words(text, w.saturating_sub(indent))
        .into_iter()
        .map(|l| Line::from(vec![Span::raw(" ".repeat(indent)), Span::styled(l, style)]))
        .collect()
}

/// The longest label that sits beside its value (the fields' labels, `store::tables`, fit).
const LABEL_MAX: usize = 36;

/// The fields' lines, each at most `inner_w` wide, and the rows of the focused field.
fn field_lines(m: &Model, form: &Form, inner_w: usize) -> (Vec<Line<'static>>, (usize, usize)) {
    let t = &m.theme;
    let lang = m.lang;
    let longest = form
        .fields
        .iter()
        .map(|x| width(x.label.text(lang)))
        .max()
        .unwrap_or(10);
    // long questions (the wizard's) go on their own lines, whole, the answer under them; so do
    // all labels when the values beside them would get fewer than 24 cells
    let stacked = longest > LABEL_MAX || inner_w < longest + 2 + 2 + 24;
    let label_w = if stacked { 2 } else { longest + 2 };
    let value_w = inner_w.saturating_sub(label_w + 2);
    // every line below is at most inner_w wide: one line on screen each (no Paragraph wrap), so
    // the scroll that keeps the focused field in view counts rows exactly
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_rows = (0usize, 0usize);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let first = lines.len();
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
        let vstyle = if focused { t.selected } else { t.base };
        let lstyle = if focused {
            t.key.add_modifier(Modifier::BOLD)
        } else {
            t.key
        };
        let pointer = || Span::styled(if focused { "▶ " } else { "  " }, t.key);
        if stacked {
            let label = format!("{}{mark}", field.label.text(lang));
            for (n, part) in wrap_words(&label, inner_w.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let lead = if n == 0 { pointer() } else { Span::raw("  ") };
                lines.push(Line::from(vec![lead, Span::styled(part, lstyle)]));
            }
            // an answer is shown whole too (the options of a legal question are legal text)
            let parts = wrap_words(&value, inner_w.saturating_sub(4 + width(hint)));
            let n = parts.len();
            for (k, part) in parts.into_iter().enumerate() {
                let mut spans = vec![Span::raw("    "), Span::styled(part, vstyle)];
                if k + 1 == n {
                    spans.push(Span::styled(hint, t.dim));
                }
                lines.push(Line::from(spans));
            }
        } else {
            let label = format!("{}{mark}", truncate(field.label.text(lang), label_w - 2));
            // a typed value longer than its space shows its end, where the cursor is
            let shown = if focused && field.is_typed() {
                tail(&value, value_w.saturating_sub(width(hint)))
            } else {
                truncate(&value, value_w.saturating_sub(width(hint)))
            };
            lines.push(Line::from(vec![
                pointer(),
                Span::styled(pad(&label, label_w), lstyle),
                Span::styled(shown, vstyle),
                Span::styled(hint, t.dim),
            ]));
        }
        if let Some(e) = form.error(field.key) {
            let indent = if stacked { 4 } else { label_w + 2 };
            lines.extend(wrapped(
                &format!("✖ {}", safe(e)),
                indent,
                inner_w,
                t.overdue,
            ));
        }
        if focused {
            focus_rows = (first, lines.len());
        }
    }
    (lines, focus_rows)
}

/// The lines pinned under the fields: the wizard's proposal and the form's own errors.
fn pinned_lines(m: &Model, form: &Form, inner_w: usize) -> Vec<Line<'static>> {
    let t = &m.theme;
    let lang = m.lang;
    // the wizard's live proposal and the articles that decide it: pinned to the box's last lines
    // while the questions scroll above them, so the result is always in view (even at 80x24)
    let mut pinned: Vec<Line> = Vec::new();
    if let crate::tui::form::Purpose::Wizard { .. } = &form.purpose {
        use crate::domain::wizard::Verdict;
        let p = crate::tui::forms::wizard_proposal(form, &m.snap.rules, m.snap.today());
        pinned.push(Line::from(Span::styled("─".repeat(inner_w), t.border)));
        let (text, style) = match p.verdict {
            Verdict::Level(l) => (
                msg::tui::forms::ProposedLevel { l }.text(lang),
                t.ok.add_modifier(Modifier::BOLD),
            ),
            Verdict::Manual { at_least } => (
                match at_least {
                    Some(l) => msg::tui::forms::OfficerDecidesAtLeast { l }.text(lang),
                    None => msg::tui::forms::OFFICER_DECIDES_NO_CRITERIA
                        .text(lang)
                        .to_owned(),
                },
                t.due_soon,
            ),
            Verdict::Incomplete => (
                match p.missing.len() + p.invalid.len() {
                    1 => msg::tui::forms::QuestionsLeftOne { n: 1 }.text(lang),
                    n => msg::tui::forms::QuestionsLeft { n }.text(lang),
                },
                t.dim,
            ),
        };
        pinned.extend(wrapped(&text, 0, inner_w, style));
        if !p.decided_by.is_empty() {
            let basis = format!("{}{}", msg::common::BASIS.text(lang), p.basis(lang));
            pinned.extend(wrapped(&basis, 0, inner_w, t.dim));
        }
    }
    // errors that belong to no field of the form: pinned too (they say why nothing was saved)
    for (k, e) in &form.errors {
        if !form.fields.iter().any(|x| x.key == k.as_str()) {
            pinned.extend(wrapped(&format!("✖ {}", safe(e)), 0, inner_w, t.overdue));
        }
    }
    pinned
}

pub fn draw(f: &mut Frame, m: &Model, form: &Form, content: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let box_w = 78u16.min(content.width);
    let inner_w = usize::from(box_w.saturating_sub(2));
    let (lines, focus_rows) = field_lines(m, form, inner_w);
    let mut pinned = pinned_lines(m, form, inner_w);
    let wanted = u16::try_from(lines.len() + pinned.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let area = centered(content, box_w, wanted.min(content.height));
    f.render_widget(Clear, area);
    let inner_h = usize::from(area.height.saturating_sub(2));
    // the pinned lines take at most half the box, the fields the rest (at least one row)
    let pinned_h = pinned.len().min(inner_h / 2);
    if pinned_h > 0 && pinned_h < pinned.len() {
        // not all of it fits: keep the proposal (its first lines after the rule), drop the rule
        pinned.remove(0);
        pinned.truncate(pinned_h);
    }
    let h = inner_h - pinned_h;
    // the focused field whole in view, with a row of what follows when there is room
    let (top, bottom) = focus_rows;
    let mut scroll = (bottom + 1).min(lines.len()).saturating_sub(h);
    scroll = scroll.min(top);
    let more_above = scroll > 0;
    let more_below = scroll + h < lines.len();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(format!(" {} ", safe(&form.title)), t.title));
    if more_above || more_below {
        let arrows = match (more_above, more_below) {
            (true, true) => "↑↓",
            (true, false) => "↑",
            _ => "↓",
        };
        let text = msg::tui::forms::MoreBelow { arrows }.text(lang);
        block = block.title_bottom(Line::from(Span::styled(text, t.dim)).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    let pinned_rows = u16::try_from(pinned_h).unwrap_or(0);
    let fields_area = Rect {
        height: inner.height.saturating_sub(pinned_rows),
        ..inner
    };
    f.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        fields_area,
    );
    if pinned_h > 0 {
        let pinned_area = Rect {
            y: fields_area.bottom(),
            height: pinned_rows,
            ..inner
        };
        f.render_widget(Paragraph::new(pinned), pinned_area);
    }
    if let Some(p) = form.picker {
        // whole, never cut by the form's size (a one-field form is shorter than a month):
        // under the form when it fits there, else above it, else over the middle of the view
        let below = Rect {
            y: area.bottom(),
            height: content.bottom().saturating_sub(area.bottom()),
            ..content
        };
        let above = Rect {
            height: area.y.saturating_sub(content.y),
            ..content
        };
        let around = [below, above]
            .into_iter()
            .find(|r| r.height >= PICKER_H)
            .unwrap_or(content);
        picker(f, m, p, around);
    }
}

/// The last `max` cells of `s`, after `…` when something was cut.
fn tail(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: Vec<char> = Vec::new();
    let mut w = 0;
    for c in s.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out.into_iter().rev().collect()
}

/// The calendar's height: borders, the weekday header and up to six weeks.
const PICKER_H: u16 = 9;

fn picker(f: &mut Frame, m: &Model, p: crate::tui::form::Picker, around: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let area = centered(around, 30, PICKER_H);
    f.render_widget(Clear, area);
    let first = p.first_of_month();
    let title = crate::tui::views::deadlines::month_title(lang, first);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.key)
        .title(Span::styled(title, t.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines = vec![Line::from(Span::styled(
        msg::tui::forms::WEEKDAY_HEADER.text(lang),
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

/// A yes/no question over the form: the question whole (the box grows with it).
pub fn confirm(f: &mut Frame, m: &Model, message: &str, content: Rect) {
    let t = &m.theme;
    let box_w = 64u16.min(content.width);
    let lines = wrapped(
        &safe(message),
        0,
        usize::from(box_w.saturating_sub(2)),
        t.warn,
    );
    let h = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let area = centered(content, box_w, h);
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(msg::tui::forms::CONFIRM.text(m.lang), t.warn));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_fits() {
        let q =
            "Hệ thống có xử lý thông tin bí mật nhà nước hoặc phục vụ quốc phòng, an ninh không?";
        for w in [1, 5, 12, 30, 76, 200] {
            let lines = wrap_words(q, w);
            assert!(lines.iter().all(|l| width(l) <= w), "{w}: {lines:?}");
            if w >= 12 {
                // whole words at this width: joining the lines gives the text back
                assert_eq!(lines.join(" "), q, "{w}");
            } else {
                assert_eq!(lines.concat().replace(' ', ""), q.replace(' ', ""), "{w}");
            }
        }
        assert_eq!(wrap_words("", 10), vec![String::new()]);
        assert_eq!(wrap_words("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn a_month_title_in_each_language() {
        use crate::i18n::Lang;
        use crate::tui::views::deadlines::month_title;
        let nov = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let may = chrono::NaiveDate::from_ymd_opt(2027, 5, 1).unwrap();
        assert_eq!(month_title(Lang::Vi, nov), " Tháng 11/2026 ");
        assert_eq!(month_title(Lang::Vi, may), " Tháng 05/2027 ");
        assert_eq!(month_title(Lang::En, nov), " November 2026 ");
        assert_eq!(month_title(Lang::En, may), " May 2027 ");
    }

    #[test]
    fn a_long_typed_value_shows_its_end() {
        assert_eq!(tail("abcdefgh", 5), "…efgh");
        assert_eq!(tail("abc", 5), "abc");
    }
}
