//! Tổng quan / Overview: the rule pack and transition clocks, the counters, the most urgent
//! deadlines with day countdowns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::Status;
use crate::domain::summary::budget_this_year;
use crate::i18n::{self, Lang};
use crate::tui::model::Model;
use crate::tui::ui::safe;
use crate::tui::views::table::{due_text, left_text};

pub fn draw(f: &mut Frame, m: &Model, area: Rect) {
    let wide = area.width >= 110;
    let facts = facts(m);
    let (left, right) = if wide {
        let [l, r] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
            .areas(area);
        (l, r)
    } else {
        let h = (facts.len() as u16 + 2).min(area.height.saturating_sub(4));
        let [l, r] = Layout::vertical([Constraint::Length(h), Constraint::Min(3)]).areas(area);
        (l, r)
    };
    let t = &m.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(
            m.lang.pick(" Tình hình ", " Status "),
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
            lang.pick("hiệu lực từ", "in force since"),
            i18n::date(pack.in_force_from)
        ),
    };
    let decree = pack.decree.get(lang);
    v.push(Line::from(vec![
        k(lang.pick("Quy định: ", "Rules: ")),
        Span::styled(
            decree.split(" (").next().unwrap_or(decree).to_owned(),
            t.accent,
        ),
        Span::styled(format!(" ({since})"), t.dim),
        Span::styled(
            if s.rules.pinned {
                lang.pick(" [ghim]", " [pinned]")
            } else {
                ""
            }
            .to_owned(),
            t.warn,
        ),
    ]));
    let regime: Vec<_> = s.regime.iter().map(|&i| &s.items[i]).collect();
    if !regime.is_empty() {
        let mut spans = vec![k(lang.pick("Mốc chuyển tiếp: ", "Transition clocks: "))];
        for (n, it) in regime.iter().enumerate() {
            if n > 0 {
                spans.push(Span::raw(" · "));
            }
            spans.push(Span::styled(
                format!("{} {} ", it.status.symbol(), due_text(it)),
                t.status(it.status),
            ));
            spans.push(Span::styled(format!("({})", left_text(m, it)), t.dim));
        }
        v.push(Line::from(spans));
    }
    let lv = c.owned_by_level;
    v.push(Line::from(vec![
        k(lang.pick("Hệ thống sở hữu: ", "Owned systems: ")),
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
    let ok_or = |good: bool| {
        if good {
            Status::Upcoming
        } else {
            Status::Overdue
        }
    };
    let approved_st = ok_or(c.approved == c.owned_total);
    v.push(Line::from(vec![
        Span::styled(format!("{} ", approved_st.symbol()), t.status(approved_st)),
        k(lang.pick("Đã phê duyệt cấp độ: ", "Level approved: ")),
        Span::raw(share(c.approved, c.approved_pct())),
        k(lang.pick(" · chờ phê duyệt: ", " · pending: ")),
        Span::raw(c.pending_approvals.to_string()),
    ]));
    let plan_st = ok_or(c.plans_full == c.owned_total);
    v.push(Line::from(vec![
        Span::styled(format!("{} ", plan_st.symbol()), t.status(plan_st)),
        k(lang.pick("Phương án đầy đủ: ", "Plans complete: ")),
        Span::raw(share(c.plans_full, c.plans_pct())),
    ]));
    let as_st = ok_or(c.overdue_assessments == 0);
    v.push(Line::from(vec![
        Span::styled(format!("{} ", as_st.symbol()), t.status(as_st)),
        k(lang.pick("Đánh giá quá hạn: ", "Overdue assessments: ")),
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
    let inc_st = if c.running_report_clocks > 0 {
        Status::DueSoon
    } else {
        Status::Upcoming
    };
    v.push(Line::from(vec![
        Span::styled(format!("{} ", inc_st.symbol()), t.status(inc_st)),
        k(lang.pick("Sự cố đang xử lý: ", "Open incidents: ")),
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
            k(lang.pick("Tài liệu chứng minh: ", "Evidence: ")),
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
                k(&match lang {
                    Lang::Vi => format!("Kinh phí ATTT {}: ", b.year),
                    Lang::En => format!("Security budget {}: ", b.year),
                }),
                Span::raw(format!(
                    "{} / {}% {}",
                    i18n::percent(lang, b.share()),
                    b.threshold,
                    if b.below() {
                        lang.pick("— dưới ngưỡng", "— below the minimum")
                    } else {
                        ""
                    }
                )),
            ]));
        }
        None => v.push(Line::from(vec![
            k(lang.pick("Kinh phí ATTT: ", "Security budget: ")),
            Span::styled(
                lang.pick("chưa có dự án năm nay", "no project this year"),
                t.dim,
            ),
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
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let h = usize::from(area.height.saturating_sub(2));
    let lines: Vec<Line> = if urgent.is_empty() && s.never_assessed == 0 {
        vec![Line::from(Span::styled(
            lang.pick(
                "✔ Không có việc quá hạn hay sắp đến hạn.",
                "✔ Nothing overdue or due soon.",
            ),
            t.ok,
        ))]
    } else {
        // never-assessed systems are counted, not listed one by one
        let never = s.never_assessed;
        let mut v: Vec<Line> = Vec::new();
        if never > 0 {
            v.push(Line::from(vec![
                Span::styled("✖ ", t.overdue),
                Span::styled(
                    match lang {
                        Lang::Vi => format!(
                            "{never} hệ thống chưa từng được kiểm tra, đánh giá (xem 4 Đánh giá)"
                        ),
                        Lang::En => format!("{never} systems never assessed (see 4 Assessments)"),
                    },
                    t.overdue,
                ),
            ]));
        }
        // the order is computed once, with the snapshot (`Snapshot::urgent`)
        let dated = urgent.iter().map(|&i| &s.items[i]);
        for it in dated.into_iter().take(h.saturating_sub(v.len())) {
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
        v
    };
    f.render_widget(Paragraph::new(lines).block(block), area);
}
