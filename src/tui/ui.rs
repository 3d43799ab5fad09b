//! Pure rendering: `draw(frame, &model)`. Reads the model only — no store, no clock, no I/O.
//! Every text that came from the store is sanitised before it reaches a cell.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Tabs, Wrap};

use super::action::ViewId;
use super::keymap;
use super::model::{Model, Overlay};
use super::update::{context, palette_entries};
use super::views;
use crate::domain::Status;
use crate::i18n::{self, Lang, msg};
use crate::text::{sanitize, truncate, width};

/// Below this the dashboard shows a one-line notice instead of drawing.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 15;

/// A string from the store, made safe for the terminal.
pub fn safe(s: &str) -> String {
    sanitize(s)
}

/// Rows of the bottom panel some views keep under their list.
pub fn panel_rows(m: &Model) -> u16 {
    let least = match m.view {
        ViewId::Deadlines | ViewId::Approvals | ViewId::Incidents => 5,
        ViewId::Assessments | ViewId::Systems => 3,
        ViewId::Budget => (m.snap.budget.len().min(4) as u16) + 3,
        ViewId::Overview => return 0,
    };
    if m.view == ViewId::Deadlines {
        return least;
    }
    // as tall as its lines at this width need (and the top border), up to three rows more,
    // and never shorter than it has been since the last resize (`update::keep_panel`)
    let need = views::panel::rows(m, m.view, m.size.0);
    let need = u16::try_from(need).unwrap_or(u16::MAX);
    need.max(m.panel_rows[m.view.index()])
        .clamp(least, least + 3)
}

fn status_line_visible(m: &Model) -> bool {
    m.overlay == Overlay::Filter || !m.list().filter.is_empty() || m.status.is_some()
}

/// The main areas: title, tabs, content, status line (optional), footer.
fn areas(m: &Model, area: Rect) -> (Rect, Rect, Rect, Option<Rect>, Rect) {
    let status = u16::from(status_line_visible(m));
    let [title, tabs, content, status_a, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status),
        Constraint::Length(1),
    ])
    .areas(area);
    (
        title,
        tabs,
        content,
        (status > 0).then_some(status_a),
        footer,
    )
}

/// The content area (between the tabs and the status line) at the model's size.
pub fn content_area(m: &Model) -> Rect {
    let (_, _, content, _, _) = areas(m, Rect::new(0, 0, m.size.0, m.size.1));
    content
}

/// The list area of a list view: content minus the bottom panel.
pub fn list_area(m: &Model, content: Rect) -> (Rect, Rect) {
    let panel = panel_rows(m).min(content.height.saturating_sub(5));
    let [list, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(panel)]).areas(content);
    (list, bottom)
}

/// How many records fit in the current view's list (for paging and scrolling).
pub fn list_height(m: &Model) -> usize {
    let area = Rect::new(0, 0, m.size.0, m.size.1);
    let (_, _, content, _, _) = areas(m, area);
    let (list, _) = list_area(m, content);
    let mut list = list;
    if m.view == ViewId::Deadlines && m.calendar && m.size.0 < super::lists::WIDE {
        list.height = 0;
    }
    // borders and the header row
    usize::from(list.height.saturating_sub(3)).max(1)
}

/// Draws one frame.
pub fn draw(f: &mut Frame, m: &Model) {
    let area = f.area();
    if area.width < MIN_W || area.height < MIN_H {
        let msg = msg::tui::ui::TooSmall {
            w: area.width,
            h: area.height,
            min_w: MIN_W,
            min_h: MIN_H,
        }
        .text(m.lang);
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let (title, tabs, content, status, footer) = areas(m, area);
    draw_title(f, m, title);
    draw_tabs(f, m, tabs);
    if let Some(d) = &m.detail {
        views::detail::draw(f, m, d, content);
    } else {
        match m.view {
            ViewId::Overview => views::overview::draw(f, m, content),
            ViewId::Deadlines => views::deadlines::draw(f, m, content),
            v => {
                let (list, bottom) = list_area(m, content);
                views::table::draw(f, m, v, list);
                views::panel::draw(f, m, v, bottom);
            }
        }
    }
    if let Some(s) = status {
        draw_status(f, m, s);
    }
    draw_footer(f, m, footer);
    match &m.overlay {
        Overlay::Help { scroll } => views::help::draw(f, m, *scroll, content),
        Overlay::Palette { input, selected } => draw_palette(f, m, input, *selected, content),
        Overlay::Form(form) => views::form::draw(f, m, form, content),
        Overlay::Confirm { message, form } => {
            views::form::draw(f, m, form, content);
            views::form::confirm(f, m, message, content);
        }
        Overlay::Ask { message, question } => {
            if let crate::tui::model::Question::Discard(form) = question {
                views::form::draw(f, m, form, content);
            }
            views::form::confirm(f, m, message, content);
        }
        _ => {}
    }
}

fn draw_title(f: &mut Frame, m: &Model, a: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let s = &m.snap;
    let unit = if s.data.profile.unit_name.is_empty() {
        msg::common::UNNAMED_UNIT.text(lang).to_owned()
    } else {
        safe(&s.data.profile.unit_name)
    };
    let pack = s.rules.pack();
    let mut spans = vec![
        Span::styled(" capdo ", t.title),
        Span::raw(format!("│ {unit} │ {} │ ", i18n::date(s.today()))),
        Span::styled(short_decree(pack.decree.get(lang), lang), t.accent),
    ];
    if s.rules.pinned {
        spans.push(Span::styled(msg::tui::PINNED_MARK.text(lang), t.warn));
    }
    if !s.units.is_empty() {
        let shown = match &s.unit {
            Some(u) => safe(s.unit_name(u)),
            None => msg::tui::ui::AllUnits { n: s.units.len() }.text(lang),
        };
        spans.push(Span::styled(format!(" │ {shown}"), t.key));
    }
    if m.read_only {
        spans.push(Span::styled(
            msg::tui::ui::READ_ONLY.text(lang),
            t.warn.add_modifier(Modifier::BOLD),
        ));
    }
    let c = &s.counters;
    let right = vec![
        Span::styled(format!("✖ {} ", c.overdue_items), t.overdue),
        Span::styled(format!("▲ {} ", c.due_soon_items), t.due_soon),
    ];
    let rw: usize = right.iter().map(|s| width(&s.content)).sum();
    let lw: usize = spans.iter().map(|s| width(&s.content)).sum();
    let avail = usize::from(a.width);
    if lw + rw < avail {
        spans.push(Span::raw(" ".repeat(avail - lw - rw)));
        spans.extend(right);
    }
    f.render_widget(Paragraph::new(Line::from(spans)), a);
}

/// "Nghị định 331/2026/NĐ-CP (19/8/2026)" → "NĐ 331/2026/NĐ-CP".
fn short_decree(d: &str, lang: Lang) -> String {
    let d = d.split(" (").next().unwrap_or(d);
    d.replace(
        msg::tui::ui::DECREE_WORD.text(lang),
        msg::tui::ui::DECREE_SHORT.text(lang),
    )
}

fn draw_tabs(f: &mut Frame, m: &Model, a: Rect) {
    let t = &m.theme;
    let narrow = a.width < 80;
    let titles: Vec<Line> = ViewId::ALL
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let name = v.name().text(m.lang);
            let name = if narrow {
                truncate(name, 6)
            } else {
                name.to_owned()
            };
            Line::from(format!("{} {name}", i + 1))
        })
        .collect();
    let tabs = Tabs::new(titles)
        .select(m.view.index())
        .style(t.tab)
        .highlight_style(t.tab_active)
        .divider("│")
        .padding("", "");
    f.render_widget(tabs, a);
}

fn draw_status(f: &mut Frame, m: &Model, a: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let line = if m.overlay == Overlay::Filter {
        Line::from(vec![
            Span::styled("/ ", t.key),
            Span::raw(safe(&m.list().filter)),
            Span::styled("▏", t.key),
            Span::styled(
                msg::tui::ui::FilterTyping {
                    n: m.list().rows.len(),
                }
                .text(lang),
                t.dim,
            ),
        ])
    } else if let Some(s) = &m.status {
        Line::from(Span::styled(safe(s), t.warn))
    } else {
        Line::from(vec![
            Span::styled(msg::tui::ui::FILTER.text(lang), t.key),
            Span::raw(safe(&m.list().filter)),
            Span::styled(
                msg::tui::ui::FilterKept {
                    n: m.list().rows.len(),
                }
                .text(lang),
                t.dim,
            ),
        ])
    };
    f.render_widget(Paragraph::new(line), a);
}

fn draw_footer(f: &mut Frame, m: &Model, a: Rect) {
    let t = &m.theme;
    let ctx = context(m);
    let mut spans = Vec::new();
    let mut used = 0usize;
    let avail = usize::from(a.width);
    let items: Vec<(String, String)> = if m.overlay == Overlay::Filter {
        vec![
            ("↵".into(), msg::tui::ui::KEEP_FILTER.text(m.lang).into()),
            ("Esc".into(), msg::tui::ui::CLEAR_FILTER.text(m.lang).into()),
            (
                "↑↓".into(),
                msg::tui::footer::MOVE_CURSOR.text(m.lang).into(),
            ),
        ]
    } else if let Overlay::Form(form) = &m.overlay {
        let lang = m.lang;
        if form.picker.is_some() {
            vec![
                ("↵".into(), msg::tui::ui::PICK.text(lang).into()),
                ("←→↑↓".into(), msg::tui::ui::DAY.text(lang).into()),
                ("PgUp/PgDn".into(), msg::tui::ui::MONTH.text(lang).into()),
                ("t".into(), msg::tui::ui::TODAY.text(lang).into()),
                ("Esc".into(), msg::tui::ui::CLOSE_CALENDAR.text(lang).into()),
            ]
        } else {
            vec![
                ("↵".into(), msg::tui::ui::SAVE.text(lang).into()),
                ("Esc".into(), msg::tui::ui::CANCEL.text(lang).into()),
                ("Tab".into(), msg::tui::ui::NEXT_FIELD.text(lang).into()),
                ("←→".into(), msg::tui::ui::CHOOSE.text(lang).into()),
                ("F2".into(), msg::tui::footer::CALENDAR.text(lang).into()),
            ]
        }
    } else if matches!(m.overlay, Overlay::Confirm { .. } | Overlay::Ask { .. }) {
        vec![
            (
                msg::tui::ui::Y.text(m.lang).into(),
                msg::common::YES.text(m.lang).into(),
            ),
            (
                msg::tui::ui::N.text(m.lang).into(),
                msg::common::NO.text(m.lang).into(),
            ),
        ]
    } else if matches!(m.overlay, Overlay::Palette { .. }) {
        vec![
            ("↵".into(), msg::tui::ui::RUN.text(m.lang).into()),
            ("Esc".into(), msg::tui::ui::CLOSE.text(m.lang).into()),
            ("↑↓".into(), msg::tui::ui::CHOOSE.text(m.lang).into()),
        ]
    } else {
        keymap::footer(ctx)
            .iter()
            .map(|b| (b.key_label(), b.action.short(m.lang)))
            .collect()
    };
    for (k, label) in items {
        let w = width(&k) + width(&label) + 3;
        if used + w > avail {
            break;
        }
        spans.push(Span::styled(format!(" {k}"), t.key));
        spans.push(Span::styled(format!(" {label} "), t.dim));
        used += w;
    }
    f.render_widget(Paragraph::new(Line::from(spans)), a);
}

/// A centred rectangle of at most `w`x`h` inside `a`.
pub fn centered(a: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(a.height))])
        .flex(Flex::Center)
        .areas(a);
    let [r] = Layout::horizontal([Constraint::Length(w.min(a.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

fn draw_palette(f: &mut Frame, m: &Model, input: &str, selected: usize, content: Rect) {
    let t = &m.theme;
    let area = centered(content, 70, content.height.saturating_sub(2).max(6));
    f.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(
            msg::tui::ui::COMMAND_PALETTE.text(m.lang),
            t.title,
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height < 2 {
        return;
    }
    let [input_a, list_a] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(": ", t.key),
            Span::raw(safe(input)),
            Span::styled("▏", t.key),
        ])),
        input_a,
    );
    let entries = palette_entries(m, input);
    let h = usize::from(list_a.height);
    let offset = selected.saturating_sub(h.saturating_sub(1));
    let keyw = 14usize;
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, b)| {
            let label = truncate(
                &b.action.label(m.lang),
                usize::from(list_a.width).saturating_sub(keyw + 3),
            );
            let pad = usize::from(list_a.width).saturating_sub(width(&label) + keyw + 2);
            let style = if i == selected {
                t.selected
            } else {
                Style::new()
            };
            Line::from(vec![
                Span::styled(if i == selected { "▶ " } else { "  " }, style),
                Span::styled(label, style),
                Span::styled(" ".repeat(pad), style),
                Span::styled(crate::text::pad_left(&b.all_keys(), keyw), t.key),
            ])
        })
        .collect();
    if lines.is_empty() {
        f.render_widget(
            Paragraph::new(Span::styled(
                msg::tui::ui::NO_MATCHING_COMMAND.text(m.lang),
                t.dim,
            )),
            list_a,
        );
    } else {
        f.render_widget(Paragraph::new(lines), list_a);
    }
}

/// The symbol and style of a status.
pub fn status_span(m: &Model, s: Status) -> Span<'static> {
    Span::styled(s.symbol(), m.theme.status(s))
}
