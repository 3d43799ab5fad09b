//! Tổng quan / Overview: the rule pack and transition clocks, the counters, the most urgent
//! deadlines with day countdowns.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::Status;
use crate::domain::engine::Subject;
use crate::domain::summary::budget_this_year;
use crate::i18n::{self, msg};
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
    let o = |x: crate::i18n::Text| x.text(lang);
    use msg::tui::overview as ov;
    let lines: Vec<Line> = vec![
        Line::from(Span::styled(o(ov::START_HEADING), t.header)),
        Line::from(""),
        Line::from(vec![
            r(o(ov::START_STEP_TEMPLATE)),
            k(o(ov::START_TEMPLATE_COMMAND)),
        ]),
        Line::from(r(o(ov::START_STEP_FILL))),
        Line::from(vec![
            r(o(ov::START_STEP_IMPORT)),
            k(o(ov::START_IMPORT_COMMAND)),
        ]),
        Line::from(vec![
            r(o(ov::START_OR_HERE)),
            k(":"),
            r(o(ov::START_THEN_IMPORT)),
        ]),
        Line::from(vec![
            r(o(ov::START_STEP_ADD)),
            k("2"),
            r(o(ov::START_SYSTEMS_VIEW_THEN)),
            k("n"),
            r("."),
        ]),
        Line::from(""),
        Line::from(vec![r(o(ov::START_DEMO)), k("capdo --demo")]),
        Line::from(vec![
            r(o(ov::START_UNIT_NAME)),
            k("P"),
            r(o(ov::START_HELP)),
            k("?"),
            r(o(ov::START_QUIT)),
            k("q"),
        ]),
    ];
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
    let title = msg::tui::overview::UnitsTitle {
        n: num(lang, s.units.len()),
    }
    .text(lang);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(title, t.title));
    let header = Line::from(Span::styled(
        {
            use msg::tui::overview as ov;
            format!(
                "{}  {:>6}  {:>9}  {:>7}  {:>7}",
                crate::text::pad(ov::UNITS_UNIT.text(lang), 30),
                ov::UNITS_OWNED.text(lang),
                ov::UNITS_APPROVED.text(lang),
                ov::UNITS_OVERDUE.text(lang),
                ov::UNITS_SOON.text(lang)
            )
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
    let mut v = vec![rules_line(m)];
    v.extend(transition_line(m));
    system_lines(m, &mut v);
    activity_lines(m, &mut v);
    v
}

/// The rule pack in force: its decree, since when, pinned or not.
fn rules_line(m: &Model) -> Line<'static> {
    let s = &m.snap;
    let lang = m.lang;
    let t = &m.theme;
    let k = |x: &str| Span::styled(x.to_owned(), t.key);
    let pack = s.rules.pack();
    let since = match pack.in_force_until {
        Some(u) => format!("{} – {}", i18n::date(pack.in_force_from), i18n::date(u)),
        None => format!(
            "{} {}",
            msg::tui::overview::IN_FORCE_SINCE.text(lang),
            i18n::date(pack.in_force_from)
        ),
    };
    let decree = pack.decree.get(lang);
    Line::from(vec![
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
    ])
}

/// The transition clocks of the regime change, one per date with how many systems it concerns.
fn transition_line(m: &Model) -> Option<Line<'static>> {
    let s = &m.snap;
    let lang = m.lang;
    let t = &m.theme;
    let k = |x: &str| Span::styled(x.to_owned(), t.key);
    let regime: Vec<_> = s.regime.iter().map(|&i| &s.items[i]).collect();
    if regime.is_empty() {
        return None;
    }
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
            match systems {
                0 => format!("({left})"),
                1 => msg::tui::overview::ClockSystemsOne { left, k: 1 }.text(lang),
                k => msg::tui::overview::ClockSystems {
                    left,
                    k: num(lang, k),
                }
                .text(lang),
            },
            t.dim,
        ));
        n += 1;
        i += same;
    }
    Some(Line::from(spans))
}

/// The owned systems: by level, approved, plans complete, overdue assessments.
fn system_lines(m: &Model, v: &mut Vec<Line<'static>>) {
    let s = &m.snap;
    let c = &s.counters;
    let lang = m.lang;
    let t = &m.theme;
    let k = |x: &str| Span::styled(x.to_owned(), t.key);
    let lv = c.owned_by_level;
    v.push(Line::from(vec![
        k(msg::tui::overview::OWNED_SYSTEMS.text(lang)),
        Span::raw(
            msg::tui::overview::OwnedByLevel {
                total: num(lang, c.owned_total),
                l1: num(lang, lv[0]),
                l2: num(lang, lv[1]),
                l3: num(lang, lv[2]),
                l4: num(lang, lv[3]),
                l5: num(lang, lv[4]),
                used: num(lang, c.used_total),
            }
            .text(lang),
        ),
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
        Span::raw(
            msg::tui::overview::OverdueNeverAssessed {
                overdue: num(lang, c.overdue_assessments),
                never: num(lang, c.never_assessed),
            }
            .text(lang),
        ),
    ]));
}

/// Open incidents, documents missing, and this year's security budget.
fn activity_lines(m: &Model, v: &mut Vec<Line<'static>>) {
    let s = &m.snap;
    let c = &s.counters;
    let lang = m.lang;
    let t = &m.theme;
    let k = |x: &str| Span::styled(x.to_owned(), t.key);
    // an open incident is never ✔: its clocks run until it is closed
    let inc_st = if c.running_report_clocks > 0 || c.open_incidents > 0 {
        Status::DueSoon
    } else {
        Status::Upcoming
    };
    v.push(Line::from(vec![
        Span::styled(format!("{} ", inc_st.symbol()), t.status(inc_st)),
        k(msg::tui::overview::OPEN_INCIDENTS.text(lang)),
        Span::raw(
            msg::tui::overview::OpenReportsNotSent {
                open: num(lang, c.open_incidents),
                clocks: num(lang, c.running_report_clocks),
            }
            .text(lang),
        ),
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
            Span::raw(match n {
                0 => msg::tui::overview::EVERY_STEP_DOCUMENTED
                    .text(lang)
                    .to_owned(),
                1 => msg::tui::overview::StepsWithoutDocumentOne { n }.text(lang),
                n => msg::tui::overview::StepsWithoutDocument { n: num(lang, n) }.text(lang),
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
}

fn draw_urgent(f: &mut Frame, m: &Model, area: Rect) {
    let s = &m.snap;
    let t = &m.theme;
    let lang = m.lang;
    let urgent = &s.urgent;
    let title = msg::tui::overview::UrgentTitle {
        overdue: num(lang, s.counters.overdue_items),
        soon: num(lang, s.counters.due_soon_items),
        days: s.horizon,
    }
    .text(lang);
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
            msg::tui::overview::MoreItems {
                more,
                key: deadlines.index() + 1,
                view: deadlines.name().text(lang),
            }
            .text(lang),
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

/// A count as the language writes it ("16.700" in Vietnamese, "16,700" in English).
fn num(lang: i18n::Lang, n: impl TryInto<i64>) -> String {
    i18n::int(lang, n.try_into().unwrap_or(i64::MAX))
}
