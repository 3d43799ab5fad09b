//! Hạn chót / Deadlines: every deadline as a timeline and as a month calendar, with the
//! citation of the selected one.

use chrono::{Datelike, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::Status;
use crate::i18n::{self, Lang, msg};
use crate::tui::action::ViewId;
use crate::tui::lists::WIDE;
use crate::tui::model::Model;
use crate::tui::ui::{list_area, safe};
use crate::tui::views::table;

pub fn draw(f: &mut Frame, m: &Model, area: Rect) {
    let (main, bottom) = list_area(m, area);
    if main.width >= WIDE {
        let [l, r] = Layout::horizontal([Constraint::Min(60), Constraint::Length(32)]).areas(main);
        table::draw(f, m, ViewId::Deadlines, l);
        calendar(f, m, r);
    } else if m.calendar {
        calendar(f, m, main);
    } else {
        table::draw(f, m, ViewId::Deadlines, main);
    }
    citation(f, m, bottom);
}

fn citation(f: &mut Frame, m: &Model, area: Rect) {
    if area.height == 0 {
        return;
    }
    let s = &m.snap;
    let t = &m.theme;
    let lang = m.lang;
    let lines = match m.list().current().and_then(|i| s.items.get(i)) {
        Some(it) => vec![
            Line::from(vec![
                Span::styled(format!("{} ", it.status.symbol()), t.status(it.status)),
                Span::styled(
                    format!("{} · {} · ", table::due_text(it), table::left_text(m, it)),
                    t.status(it.status),
                ),
                Span::raw(safe(&it.title(&s.data, &s.rules, lang))),
            ]),
            Line::from(vec![
                Span::styled(msg::common::BASIS.text(lang), t.key),
                Span::raw(match it.note(&s.rules, lang) {
                    Some(n) => format!("{} — {n}", it.basis(&s.data, &s.rules, lang)),
                    None => it.basis(&s.data, &s.rules, lang),
                }),
            ]),
        ],
        None => Vec::new(),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(t.border);
    f.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}

/// The month shown: the selected item's month (or today's), shifted by `[` / `]`.
pub fn shown_month(m: &Model) -> NaiveDate {
    let s = &m.snap;
    let base = m
        .list()
        .current()
        .and_then(|i| s.items.get(i))
        .and_then(|it| it.due_on)
        .unwrap_or(s.today())
        .with_day(1)
        .unwrap_or(s.today());
    let shifted = if m.month_shift >= 0 {
        base.checked_add_months(Months::new(m.month_shift.unsigned_abs()))
    } else {
        base.checked_sub_months(Months::new(m.month_shift.unsigned_abs()))
    };
    shifted.unwrap_or(base)
}

/// " Tháng 11/2026 " / " November 2026 ": a month calendar's title.
pub fn month_title(lang: Lang, first: NaiveDate) -> String {
    let month = match lang {
        Lang::Vi => format!("{:02}", first.month()),
        Lang::En => first.format("%B").to_string(),
    };
    msg::tui::MonthTitle {
        month,
        year: first.year(),
    }
    .text(lang)
}

fn calendar(f: &mut Frame, m: &Model, area: Rect) {
    let s = &m.snap;
    let t = &m.theme;
    let lang = m.lang;
    let first = shown_month(m);
    let title = month_title(lang, first);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let selected_day = m
        .list()
        .current()
        .and_then(|i| s.items.get(i))
        .and_then(|it| it.due_on);
    // worst status per day of the month
    let mut worst: [Option<Status>; 32] = [None; 32];
    for it in &s.items {
        if let Some(d) = it.due_on
            && d.year() == first.year()
            && d.month() == first.month()
        {
            let slot = &mut worst[d.day() as usize];
            *slot = Some(slot.map_or(it.status, |w| w.min(it.status)));
        }
    }
    let mut lines = vec![Line::from(Span::styled(
        msg::tui::deadlines::WEEKDAY_HEADER.text(lang),
        t.header,
    ))];
    let lead = first.weekday().num_days_from_monday() as usize;
    let days_in = first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .map(|d| d.day())
        .unwrap_or(28);
    let mut row: Vec<Span> = vec![Span::raw("    ".repeat(lead))];
    let mut col = lead;
    for day in 1..=days_in {
        let date = first.with_day(day).unwrap_or(first);
        let mark = match worst[day as usize] {
            Some(Status::Overdue) => "✖",
            Some(Status::DueSoon) => "▲",
            Some(Status::Upcoming) => "•",
            None => " ",
        };
        let mut style = worst[day as usize].map(|st| t.status(st)).unwrap_or(t.base);
        if date == s.today() {
            style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        }
        if Some(date) == selected_day {
            style = t.selected;
        }
        row.push(Span::styled(format!("{day:>3}{mark}"), style));
        col += 1;
        if col == 7 {
            lines.push(Line::from(std::mem::take(&mut row)));
            col = 0;
        }
    }
    if !row.is_empty() {
        lines.push(Line::from(row));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        msg::tui::deadlines::OVERDUE_DUE_SOON_UPCOMING.text(lang),
        t.dim,
    )));
    lines.push(Line::from(Span::styled(
        msg::tui::deadlines::ChangeMonthToday {
            today: i18n::date(s.today()),
        }
        .text(lang),
        t.dim,
    )));
    f.render_widget(Paragraph::new(lines), inner);
}
