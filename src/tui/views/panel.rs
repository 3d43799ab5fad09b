//! The panel under a list: facts about the selected record that do not fit in its row
//! (authority and legal limits, citations, incident clocks, yearly budget shares).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::Status;
use crate::domain::engine::incident_clocks;
use crate::i18n::{self, Lang, msg};
use crate::tui::action::ViewId;
use crate::tui::model::Model;
use crate::tui::ui::safe;

pub fn draw(f: &mut Frame, m: &Model, view: ViewId, area: Rect) {
    if area.height == 0 {
        return;
    }
    let t = &m.theme;
    let p = paragraph(m, view);
    // lines cut at the bottom (a panel grows only so far) are said on the border
    let p = if p.line_count(area.width) > usize::from(area.height) {
        let more = Span::styled(msg::tui::panel::MORE.text(m.lang), t.dim);
        let block = block(m).title_top(Line::from(more).right_aligned());
        p.block(block)
    } else {
        p
    };
    f.render_widget(p, area);
}

/// The rows the panel of `view` needs at `width` cells to show its lines whole, its border
/// included: counted by the paragraph that draws them (`line_count`), so the two agree.
pub fn rows(m: &Model, view: ViewId, width: u16) -> usize {
    paragraph(m, view).line_count(width)
}

fn block(m: &Model) -> Block<'static> {
    Block::default()
        .borders(Borders::TOP)
        .border_style(m.theme.border)
}

/// The panel of `view`: its lines under a top border, broken between words.
fn paragraph(m: &Model, view: ViewId) -> Paragraph<'static> {
    (Paragraph::new(lines(m, view)).block(block(m))).wrap(Wrap { trim: true })
}

/// "citation — what it asks".
fn cite(basis: &crate::i18n::L10n, note: Option<&crate::i18n::L10n>, lang: Lang) -> String {
    match note {
        Some(n) => format!("{} — {}", basis.get(lang), n.get(lang)),
        None => basis.get(lang).to_owned(),
    }
}

fn label(m: &Model, s: &str) -> Span<'static> {
    Span::styled(s.to_owned(), m.theme.key)
}

fn lines(m: &Model, view: ViewId) -> Vec<Line<'static>> {
    let s = &m.snap;
    let lang = m.lang;
    let pack = s.rules.pack();
    let cur = m.lists[view.index()].current();
    match view {
        ViewId::Systems => cur.map(|i| system_lines(m, i)).unwrap_or_default(),
        ViewId::Approvals => cur.map(|i| approval_lines(m, i)).unwrap_or_default(),
        ViewId::Assessments => vec![
            Line::from(vec![
                label(m, msg::common::BASIS.text(lang)),
                Span::raw(cite(
                    &pack.assessment.basis,
                    pack.assessment.note.as_ref(),
                    lang,
                )),
            ]),
            Line::from(vec![
                label(m, msg::tui::panel::ASSESSOR.text(lang)),
                Span::raw(pack.assessment.assessor.get(lang).to_owned()),
            ]),
        ],
        ViewId::Incidents => {
            let Some(i) = cur else { return Vec::new() };
            incident_clock_lines(m, i, false)
        }
        ViewId::Budget => budget_lines(m),
        ViewId::Deadlines | ViewId::Overview => Vec::new(),
    }
}

/// A system: owner and operator, plan, regulation, last assessment.
fn system_lines(m: &Model, i: usize) -> Vec<Line<'static>> {
    let d = &m.snap.data;
    let lang = m.lang;
    let x = &d.systems[i];
    let reg = match x.regulation_issued_on {
        Some(on) => format!("{} ({})", safe(&x.regulation_ref), i18n::date(on)),
        None => msg::tui::NOT_ISSUED.text(lang).into(),
    };
    vec![
        Line::from(vec![
            label(m, msg::tui::OWNER_LABEL.text(lang)),
            Span::raw(safe(&x.owner)),
            label(m, msg::tui::panel::OPERATOR.text(lang)),
            Span::raw(safe(&x.operator)),
        ]),
        Line::from(vec![
            label(m, msg::tui::PLAN_LABEL.text(lang)),
            Span::raw(if x.relation == crate::domain::Relation::Used {
                msg::tui::panel::KEPT_BY_THE_OWNER.text(lang).to_owned()
            } else {
                x.plan.label(lang).to_owned()
            }),
            label(m, msg::tui::panel::REGULATION.text(lang)),
            Span::raw(reg),
            label(m, msg::tui::panel::LAST_ASSESSED.text(lang)),
            Span::raw(i18n::opt_date(x.last_assessed_on)),
        ]),
    ]
}

/// A dossier: who appraises and approves, the legal limits and the approval deadline.
fn approval_lines(m: &Model, i: usize) -> Vec<Line<'static>> {
    let d = &m.snap.data;
    let lang = m.lang;
    let pack = m.snap.rules.pack();
    let today = m.snap.today();
    let x = &d.systems[i];
    let Some(au) = x.level.and_then(|l| pack.for_level(l)) else {
        return vec![Line::from(msg::tui::panel::NO_PROPOSED_LEVEL.text(lang))];
    };
    let same = au.appraises == au.approves;
    let limits = match (au.appraisal_limit, au.approval_limit) {
        (None, None) => msg::tui::panel::NO_TIME_LIMIT.text(lang).to_owned(),
        (a, p) => msg::tui::panel::Limits {
            appraisal: a.map(|l| l.label(lang)).unwrap_or_else(|| "—".into()),
            approval: p.map(|l| l.label(lang)).unwrap_or_else(|| "—".into()),
        }
        .text(lang),
    };
    let who = if same {
        vec![
            label(m, msg::tui::panel::APPRAISES_AND_APPROVES.text(lang)),
            Span::raw(pack.authority(&au.appraises, today, lang)),
        ]
    } else {
        vec![
            label(m, msg::tui::panel::APPRAISES.text(lang)),
            Span::raw(pack.authority(&au.appraises, today, lang)),
            label(m, msg::tui::panel::APPROVES.text(lang)),
            Span::raw(pack.authority(&au.approves, today, lang)),
        ]
    };
    let mut v = vec![
        Line::from(who),
        Line::from(vec![
            label(
                m,
                &format!(
                    "{} {}: ",
                    msg::tui::panel::LIMITS_LEVEL.text(lang),
                    x.level.map(|l| l.get()).unwrap_or(0)
                ),
            ),
            Span::raw(limits),
            Span::styled(format!(" ({})", au.basis.get(lang)), m.theme.dim),
        ]),
    ];
    if let Some(note) = &au.approves_note {
        v.push(Line::from(Span::styled(
            note.get(lang).to_owned(),
            m.theme.dim,
        )));
    }
    if let Some(b) = m.snap.approval[i].and_then(|a| a.limit_beyond) {
        v.push(Line::from(Span::styled(b.message(lang), m.theme.warn)));
    }
    v.push(Line::from(vec![
        label(m, msg::tui::panel::APPROVAL_DUE.text(lang)),
        Span::styled(
            cite(&pack.approval.basis, pack.approval.note.as_ref(), lang),
            m.theme.dim,
        ),
    ]));
    v
}

/// The last four years' security budgets against the minimum, and the rule.
fn budget_lines(m: &Model) -> Vec<Line<'static>> {
    let s = &m.snap;
    let lang = m.lang;
    let mut v: Vec<Line<'static>> = s
        .budget
        .iter()
        .take(4)
        .map(|b| {
            let st = if b.below() {
                Status::Overdue
            } else {
                Status::Upcoming
            };
            let verdict = if b.below() {
                msg::tui::panel::BELOW_MINIMUM.text(lang)
            } else {
                msg::tui::panel::MEETS_MINIMUM.text(lang)
            };
            Line::from(vec![
                Span::styled(format!("{} {}: ", st.symbol(), b.year), m.theme.status(st)),
                Span::raw(
                    msg::tui::panel::BudgetYear {
                        projects: b.projects,
                        total: i18n::int(lang, b.total),
                        security: i18n::int(lang, b.security),
                        share: i18n::percent(lang, b.share()),
                        threshold: b.threshold,
                    }
                    .text(lang),
                ),
                Span::styled(verdict, m.theme.status(st)),
            ])
        })
        .collect();
    if let Some(b) = s.budget.first() {
        v.push(Line::from(vec![
            label(m, msg::common::BASIS.text(lang)),
            Span::styled(
                {
                    let r = &s.rules.packs.get(b.pack).budget;
                    cite(&r.basis, r.note.as_ref(), lang)
                },
                m.theme.dim,
            ),
        ]));
    }
    v
}

/// One line per mandatory report of an incident: sent, due in, or late by (hours under four
/// days). With `basis`, each line is followed by its citation.
/// "đã gửi muộn (5 giờ)" / "sent late (5 h)": a report sent `at`, after its deadline `due`, in
/// the words of `capdo report incident` (report::common::Timeliness, i18n::late_span).
pub fn late_by(lang: Lang, due: chrono::NaiveDateTime, at: chrono::NaiveDateTime) -> String {
    let label = crate::report::common::Timeliness::Late.label(lang);
    format!("{label} ({})", crate::i18n::late_span(lang, due, at))
}

pub fn incident_clock_lines(m: &Model, i: usize, basis: bool) -> Vec<Line<'static>> {
    let s = &m.snap;
    let lang = m.lang;
    let inc = &s.data.incidents[i];
    let mut out = Vec::new();
    for c in incident_clocks(inc, &s.rules) {
        let pack = s.rules.packs.get(c.pack);
        let r = &pack.incident_reports[c.rule];
        let (st, text) = match (c.sent, c.due_at) {
            // sent after its deadline: late, in the words of the incident report
            (Some(sent), Some(due)) if sent.sent_at > due => (
                Status::DueSoon,
                format!(
                    "{} {} → {}",
                    late_by(lang, due, sent.sent_at),
                    i18n::datetime(sent.sent_at),
                    safe(&sent.recipients)
                ),
            ),
            (Some(sent), _) => (
                Status::Upcoming,
                msg::tui::panel::SentTo {
                    at: i18n::datetime(sent.sent_at),
                    to: safe(&sent.recipients),
                }
                .text(lang),
            ),
            (None, Some(at)) => {
                let mins = (at - s.clock.now).num_minutes();
                let h = mins.div_euclid(60);
                let left = if h.abs() < 96 {
                    i18n::hours_left(lang, h)
                } else {
                    i18n::days_left(lang, h.div_euclid(24))
                };
                let to: Vec<String> = r
                    .recipients
                    .iter()
                    .map(|k| pack.authority(k, inc.detected_at.date(), lang))
                    .collect();
                (
                    if mins < 0 {
                        Status::Overdue
                    } else {
                        Status::DueSoon
                    },
                    msg::tui::panel::DueTo {
                        at: i18n::datetime(at),
                        left,
                        to: to.join("; "),
                    }
                    .text(lang),
                )
            }
            (None, None) => (
                Status::Upcoming,
                msg::tui::panel::COUNTS_FROM_RESPONSE_END
                    .text(lang)
                    .to_owned(),
            ),
        };
        out.push(Line::from(vec![
            Span::styled(format!("{} ", st.symbol()), m.theme.status(st)),
            Span::styled(format!("{}: ", r.title.get(lang)), m.theme.key),
            Span::styled(text, m.theme.status(st)),
        ]));
        if basis {
            out.push(Line::from(Span::styled(
                format!("   {}{}", msg::common::BASIS.text(lang), r.basis.get(lang)),
                m.theme.dim,
            )));
        }
    }
    out
}
