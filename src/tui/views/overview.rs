//! Tổng quan / Overview: the rule pack and transition clocks, the counters, the most urgent
//! deadlines with day countdowns.

use crate::i18n::msg;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::Status;
use crate::domain::engine::Subject;
use crate::domain::summary::budget_this_year;
use crate::i18n::{self, Lang};
use crate::tui::action::ViewId;
use crate::tui::model::Model;
use crate::tui::ui::safe;
use crate::tui::views::table::{due_text, left_text};

/// The two panels: the facts (left or top) and the urgent list (right or bottom).
fn split(m: &Model, area: Rect) -> (Rect, Rect) {
    if area.width >= 110 {
        let [l, r] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .areas(area);
        (l, r)
    } else {
        let n = facts(m).len() as u16;
        let h = (n + 2).min(area.height.saturating_sub(4));
        let [l, r] = Layout::vertical([Constraint::Length(h), Constraint::Min(3)]).areas(area);
        (l, r)
    }
}

/// Whether the store holds nothing yet (the Overview then says how to start).
pub fn is_empty_store(m: &Model) -> bool {
    let d = &m.snap.data;
    d.systems.is_empty() && d.incidents.is_empty() && d.projects.is_empty()
}

/// How many lines of the urgent list fit on screen now.
pub fn urgent_height(m: &Model) -> usize {
    let (_, right) = split(m, crate::tui::ui::content_area(m));
    usize::from(right.height.saturating_sub(2)).max(1)
}

/// The furthest the urgent list scrolls: its last line stays on screen.
pub fn max_scroll(m: &Model) -> usize {
    let h = urgent_height(m);
    let n = m.snap.urgent.len();
    if m.snap.urgent_total > n {
        // the "+N more" line always takes the last row
        n.saturating_sub(h.saturating_sub(1))
    } else {
        n.saturating_sub(h)
    }
}

pub fn draw(f: &mut Frame, m: &Model, area: Rect) {
    if is_empty_store(m) {
        draw_start(f, m, area);
        return;
    }
    let facts = facts(m);
    let (left, right) = split(m, area);
    let t = &m.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(
            msg::tui::overview::STATUS.text(m.lang),
            t.title,
        ));
    f.render_widget(
        Paragraph::new(facts).block(block).wrap(Wrap { trim: true }),
        left,
    );
    if !m.snap.units.is_empty() && m.snap.unit.is_none() {
        draw_units(f, m, right);
    } else {
        draw_urgent(f, m, right);
    }
}

/// An empty store: what to do first, whole at 80 columns.
fn draw_start(f: &mut Frame, m: &Model, area: Rect) {
    let t = &m.theme;
    let lang = m.lang;
    let k = |x: &str| Span::styled(x.to_owned(), t.key);
    let r = |x: &str| Span::raw(x.to_owned());
    let lines: Vec<Line> = match lang {
        Lang::Vi => vec![
            Line::from(Span::styled(
                "Kho dữ liệu chưa có hệ thống thông tin nào. Để bắt đầu:",
                t.header,
            )),
            Line::from(""),
            Line::from(vec![
                r("1. Tạo tệp mẫu danh mục:   "),
                k("capdo template danh-muc.xlsx"),
            ]),
            Line::from(r(
                "2. Điền danh mục hệ thống vào tệp (Excel/LibreOffice: có danh sách chọn).",
            )),
            Line::from(vec![
                r("3. Nhập vào kho:           "),
                k("capdo import danh-muc.xlsx"),
            ]),
            Line::from(vec![
                r("   hoặc ngay tại đây: "),
                k(":"),
                r(" rồi chọn “Nhập danh mục từ tệp”."),
            ]),
            Line::from(vec![
                r("4. Hoặc thêm từng hệ thống: "),
                k("2"),
                r(" (màn hình Hệ thống) rồi "),
                k("n"),
                r("."),
            ]),
            Line::from(""),
            Line::from(vec![r("Xem thử với dữ liệu mẫu:   "), k("capdo --demo")]),
            Line::from(vec![
                r("Tên đơn vị: "),
                k("P"),
                r(" · Trợ giúp: "),
                k("?"),
                r(" · Thoát: "),
                k("q"),
            ]),
        ],
        Lang::En => vec![
            Line::from(Span::styled(
                "The store holds no information system yet. To start:",
                t.header,
            )),
            Line::from(""),
            Line::from(vec![
                r("1. Write the inventory template: "),
                k("capdo template inventory.xlsx"),
            ]),
            Line::from(r(
                "2. Fill in the systems (Excel/LibreOffice: with drop-down lists).",
            )),
            Line::from(vec![
                r("3. Import it:                    "),
                k("capdo import inventory.xlsx"),
            ]),
            Line::from(vec![
                r("   or right here: "),
                k(":"),
                r(" then “Import the inventory from a file”."),
            ]),
            Line::from(vec![
                r("4. Or add systems one by one: "),
                k("2"),
                r(" (Systems view), then "),
                k("n"),
                r("."),
            ]),
            Line::from(""),
            Line::from(vec![
                r("Look around with sample data:    "),
                k("capdo --demo"),
            ]),
            Line::from(vec![
                r("Unit name: "),
                k("P"),
                r(" · Help: "),
                k("?"),
                r(" · Quit: "),
                k("q"),
            ]),
        ],
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(
            msg::tui::overview::GETTING_STARTED.text(lang),
            t.title,
        ));
    let mut all = facts(m);
    all.truncate(1);
    all.push(Line::from(""));
    all.extend(lines);
    f.render_widget(
        Paragraph::new(all).block(block).wrap(Wrap { trim: false }),
        area,
    );
}

/// A consolidated store: one line per unit with its counts (U narrows the views to a unit).
fn draw_units(f: &mut Frame, m: &Model, area: Rect) {
    let s = &m.snap;
    let t = &m.theme;
    let lang = m.lang;
    let title = match lang {
        Lang::Vi => format!(" Các đơn vị ({}) — U để xem từng đơn vị ", s.units.len()),
        Lang::En => format!(" Units ({}) — U shows one at a time ", s.units.len()),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let header = Line::from(Span::styled(
        match lang {
            Lang::Vi => format!(
                "{}  {:>6}  {:>9}  {:>7}  {:>7}",
                crate::text::pad("Đơn vị", 30),
                "Sở hữu",
                "Phê duyệt",
                "Quá hạn",
                "Sắp hạn"
            ),
            Lang::En => format!(
                "{}  {:>6}  {:>9}  {:>7}  {:>7}",
                crate::text::pad("Unit", 30),
                "Owned",
                "Approved",
                "Overdue",
                "Soon"
            ),
        },
        t.header,
    ));
    let mut lines = vec![header];
    for u in &s.units {
        let st = if u.overdue > 0 {
            Status::Overdue
        } else if u.due_soon > 0 {
            Status::DueSoon
        } else {
            Status::Upcoming
        };
        let name = crate::text::truncate(&safe(s.unit_name(&u.unit)), 28);
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", st.symbol()), t.status(st)),
            Span::raw(format!(
                "{}  {:>6}  {:>9}  {:>7}  {:>7}",
                crate::text::pad(&name, 28),
                u.owned,
                format!("{}/{}", u.approved, u.owned),
                u.overdue,
                u.due_soon
            )),
        ]));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn facts(m: &Model) -> Vec<Line<'static>> {
    let s = &m.snap;
    let c = &s.counters;
    let lang = m.lang;
    let t = &m.theme;
    let pack = s.rules.pack();
    let k = |x: &str| Span::styled(x.to_owned(), t.key);
    let mut v = Vec::new();
    let since = match pack.in_force_until {
        Some(u) => format!("{} – {}", i18n::date(pack.in_force_from), i18n::date(u)),
        None => format!(
            "{} {}",
            msg::tui::overview::IN_FORCE_SINCE.text(lang),
            i18n::date(pack.in_force_from)
        ),
    };
    let decree = pack.decree.get(lang);
    v.push(Line::from(vec![
        k(msg::tui::overview::RULES.text(lang)),
        Span::styled(
            decree.split(" (").next().unwrap_or(decree).to_owned(),
            t.accent,
        ),
        Span::styled(format!(" ({since})"), t.dim),
        Span::styled(
            if s.rules.pinned {
                msg::tui::PINNED_MARK.text(lang)
            } else {
                ""
            }
            .to_owned(),
            t.warn,
        ),
    ]));
    let regime: Vec<_> = s.regime.iter().map(|&i| &s.items[i]).collect();
    if !regime.is_empty() {
        let mut spans = vec![k(msg::tui::overview::TRANSITION_CLOCKS.text(lang))];
        // per-system clocks of one date are shown once, with how many systems they concern
        let mut n = 0;
        let mut i = 0;
        while i < regime.len() {
            let it = regime[i];
            let same = regime[i..]
                .iter()
                .take_while(|x| x.due_on == it.due_on && x.status == it.status)
                .count();
            if n > 0 {
                spans.push(Span::raw(" · "));
            }
            spans.push(Span::styled(
                format!("{} {} ", it.status.symbol(), due_text(it)),
                t.status(it.status),
            ));
            let systems = regime[i..i + same]
                .iter()
                .filter(|x| matches!(x.subject, Subject::Transition { .. }))
                .count();
            let left = left_text(m, it);
            spans.push(Span::styled(
                match (systems, lang) {
                    (0, _) => format!("({left})"),
                    (k, Lang::Vi) => format!("({left}; {k} hệ thống)"),
                    (k, Lang::En) => format!("({left}; {k} systems)"),
                },
                t.dim,
            ));
            n += 1;
            i += same;
        }
        v.push(Line::from(spans));
    }
    let lv = c.owned_by_level;
    v.push(Line::from(vec![
        k(msg::tui::overview::OWNED_SYSTEMS.text(lang)),
        Span::raw(match lang {
            Lang::Vi => format!(
                "{} (cấp 1: {} · 2: {} · 3: {} · 4: {} · 5: {}) · sử dụng: {}",
                c.owned_total, lv[0], lv[1], lv[2], lv[3], lv[4], c.used_total
            ),
            Lang::En => format!(
                "{} (level 1: {} · 2: {} · 3: {} · 4: {} · 5: {}) · used: {}",
                c.owned_total, lv[0], lv[1], lv[2], lv[3], lv[4], c.used_total
            ),
        }),
    ]));
    let share =
        |n: usize, pct: f64| format!("{n}/{} ({})", c.owned_total, i18n::percent(lang, pct));
    // nothing owned yet: no ✔ on "0/0", a neutral dot instead
    let none = c.owned_total == 0;
    let mark = |good: bool| -> Span<'static> {
        if none {
            Span::styled("· ", t.dim)
        } else {
            let st = if good {
                Status::Upcoming
            } else {
                Status::Overdue
            };
            Span::styled(format!("{} ", st.symbol()), t.status(st))
        }
    };
    v.push(Line::from(vec![
        mark(c.approved == c.owned_total),
        k(msg::tui::overview::LEVEL_APPROVED.text(lang)),
        Span::raw(share(c.approved, c.approved_pct())),
        k(msg::tui::overview::PENDING.text(lang)),
        Span::raw(c.pending_approvals.to_string()),
    ]));
    v.push(Line::from(vec![
        mark(c.plans_full == c.owned_total),
        k(msg::tui::overview::PLANS_COMPLETE.text(lang)),
        Span::raw(share(c.plans_full, c.plans_pct())),
    ]));
    v.push(Line::from(vec![
        mark(c.overdue_assessments == 0),
        k(msg::tui::overview::OVERDUE_ASSESSMENTS.text(lang)),
        Span::raw(match lang {
            Lang::Vi => format!(
                "{} (chưa từng đánh giá: {})",
                c.overdue_assessments, c.never_assessed
            ),
            Lang::En => format!(
                "{} (never assessed: {})",
                c.overdue_assessments, c.never_assessed
            ),
        }),
    ]));
    // an open incident is never ✔: its clocks run until it is closed
    let inc_st = if c.running_report_clocks > 0 || c.open_incidents > 0 {
        Status::DueSoon
    } else {
        Status::Upcoming
    };
    v.push(Line::from(vec![
        Span::styled(format!("{} ", inc_st.symbol()), t.status(inc_st)),
        k(msg::tui::overview::OPEN_INCIDENTS.text(lang)),
        Span::raw(match lang {
            Lang::Vi => format!(
                "{} · báo cáo bắt buộc chưa gửi: {}",
                c.open_incidents, c.running_report_clocks
            ),
            Lang::En => format!(
                "{} · mandatory reports not sent: {}",
                c.open_incidents, c.running_report_clocks
            ),
        }),
    ]));
    if let Some(n) = m.evidence_gaps {
        let st = if n > 0 {
            Status::Overdue
        } else {
            Status::Upcoming
        };
        v.push(Line::from(vec![
            Span::styled(format!("{} ", st.symbol()), t.status(st)),
            k(msg::tui::overview::EVIDENCE.text(lang)),
            Span::raw(match (lang, n) {
                (Lang::Vi, 0) => "mọi bước đã có tài liệu".to_owned(),
                (Lang::En, 0) => "every step has a document".to_owned(),
                (Lang::Vi, n) => format!("{n} bước chưa có tài liệu"),
                (Lang::En, 1) => "1 step without a document".to_owned(),
                (Lang::En, n) => format!("{n} steps without a document"),
            }),
        ]));
    }
    match budget_this_year(&s.data, &s.rules, s.today()) {
        Some(b) => {
            let st = if b.below() {
                Status::Overdue
            } else {
                Status::Upcoming
            };
            v.push(Line::from(vec![
                Span::styled(format!("{} ", st.symbol()), t.status(st)),
                // the budget's short name under the rule that judges the year
                k(&format!(
                    "{} {}: ",
                    s.rules.packs.get(b.pack).budget.short.get(lang),
                    b.year
                )),
                Span::raw(format!(
                    "{} / {}% {}",
                    i18n::percent(lang, b.share()),
                    b.threshold,
                    if b.below() {
                        msg::tui::overview::BELOW_THE_MINIMUM.text(lang)
                    } else {
                        ""
                    }
                )),
            ]));
        }
        None => v.push(Line::from(vec![
            k(msg::tui::overview::SECURITY_BUDGET.text(lang)),
            Span::styled(msg::tui::overview::NO_PROJECT_THIS_YEAR.text(lang), t.dim),
        ])),
    }
    v
}

fn draw_urgent(f: &mut Frame, m: &Model, area: Rect) {
    let s = &m.snap;
    let t = &m.theme;
    let lang = m.lang;
    let urgent = &s.urgent;
    let title = match lang {
        Lang::Vi => format!(
            " Việc gấp ({} quá hạn · {} trong {} ngày) ",
            s.counters.overdue_items, s.counters.due_soon_items, s.horizon
        ),
        Lang::En => format!(
            " Urgent ({} overdue · {} within {} days) ",
            s.counters.overdue_items, s.counters.due_soon_items, s.horizon
        ),
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let h = usize::from(area.height.saturating_sub(2)).max(1);
    if urgent.is_empty() {
        let line = Line::from(Span::styled(
            msg::tui::overview::NOTHING_OVERDUE_OR_DUE_SOON.text(lang),
            t.ok,
        ));
        f.render_widget(Paragraph::new(line).block(block), area);
        return;
    }
    // the order is computed once, with the snapshot (`Snapshot::urgent`)
    let offset = m.lists[ViewId::Overview.index()].offset.min(max_scroll(m));
    let rest_all = s.urgent_total.saturating_sub(offset);
    let (take, more) = if rest_all > h {
        (h - 1, rest_all - (h - 1))
    } else {
        (h, 0)
    };
    let take = take.min(urgent.len().saturating_sub(offset));
    let mut v: Vec<Line> = Vec::new();
    for it in urgent.iter().skip(offset).take(take).map(|&i| &s.items[i]) {
        let code = it
            .system_code(&s.data)
            .map(safe)
            .unwrap_or_else(|| "—".into());
        v.push(Line::from(vec![
            Span::styled(format!("{} ", it.status.symbol()), t.status(it.status)),
            Span::styled(crate::text::pad(&left_text(m, it), 17), t.status(it.status)),
            Span::styled(format!("{} ", crate::text::pad(&code, 9)), t.key),
            Span::raw(safe(&it.title(&s.data, &s.rules, lang))),
        ]));
    }
    if more > 0 {
        let deadlines = ViewId::Deadlines;
        v.push(Line::from(Span::styled(
            match lang {
                Lang::Vi => format!(
                    "+{more} mục nữa — j/k cuộn · {} {}",
                    deadlines.index() + 1,
                    deadlines.name().text(lang)
                ),
                Lang::En => format!(
                    "+{more} more — j/k scrolls · {} {}",
                    deadlines.index() + 1,
                    deadlines.name().text(lang)
                ),
            },
            t.key,
        )));
    }
    if s.urgent_total > h {
        // where the window is: "3–10/22"
        block = block.title_bottom(
            Line::from(Span::styled(
                format!(" {}–{}/{} ", offset + 1, offset + take, s.urgent_total),
                t.dim,
            ))
            .right_aligned(),
        );
    }
    f.render_widget(Paragraph::new(v).block(block), area);
}
