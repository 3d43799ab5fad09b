//! The list views as tables: only the visible window of rows is built each frame.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use crate::domain::engine::Baseline;
use crate::domain::{Kind, Relation, Status};
use crate::i18n::{self, Lang, msg};
use crate::tui::action::ViewId;
use crate::tui::lists::{self, WIDE};
use crate::tui::model::Model;
use crate::tui::ui::safe;

/// Draws the list of `view` in `area`.
pub fn draw(f: &mut Frame, m: &Model, view: ViewId, area: Rect) {
    let t = &m.theme;
    let st = &m.lists[view.index()];
    let cols = lists::columns(view);
    let show: Vec<bool> = cols.iter().map(|c| !c.wide || area.width >= WIDE).collect();
    let total = crate::tui::model::source_len(&m.snap, view);
    let title = if st.filter.is_empty() {
        format!(" {} ({}) ", view.name().text(m.lang), st.rows.len())
    } else {
        format!(" {} ({}/{total}) ", view.name().text(m.lang), st.rows.len())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(title.clone(), t.title));
    let h = usize::from(area.height.saturating_sub(3)).max(1);
    if st.rows.is_empty() {
        let msg = if st.filter.is_empty() {
            empty_message(view, m.lang).to_owned()
        } else {
            msg::tui::table::NothingMatches {
                filter: safe(&st.filter),
            }
            .text(m.lang)
        };
        f.render_widget(Paragraph::new(Span::styled(msg, t.dim)).block(block), area);
        return;
    }
    // the window: keep the cursor visible even if the stored offset is stale
    let sel = st.selected.min(st.rows.len() - 1);
    let mut offset = st.offset.min(st.rows.len().saturating_sub(1));
    if sel < offset {
        offset = sel;
    } else if sel >= offset + h {
        offset = sel + 1 - h;
    }
    let header = Row::new(
        cols.iter()
            .enumerate()
            .filter(|(i, _)| show[*i])
            .map(|(i, c)| {
                let mut s = c.title.text(m.lang).to_owned();
                if let Some((col, desc)) = st.sort
                    && col == i
                {
                    s.push_str(if desc { " ▼" } else { " ▲" });
                }
                Cell::from(s)
            }),
    )
    .style(t.header);
    let rows: Vec<Row> = st.rows[offset..(offset + h).min(st.rows.len())]
        .iter()
        .map(|&i| {
            let cells = cells(m, view, i);
            Row::new(
                cells
                    .into_iter()
                    .zip(&show)
                    .filter(|(_, s)| **s)
                    .map(|(c, _)| c.cell(m)),
            )
        })
        .collect();
    let widths: Vec<Constraint> = cols
        .iter()
        .zip(&show)
        .filter(|(_, s)| **s)
        .map(|(c, _)| c.width)
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1)
        .row_highlight_style(t.selected)
        .highlight_symbol("▶ ");
    let table = if st.rows.len() > h {
        // a list longer than the screen says where the cursor is: "13/15"
        table.block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(t.border)
                .title(Span::styled(title, t.title))
                .title_bottom(
                    Line::from(Span::styled(
                        format!(" {}/{} ", sel + 1, st.rows.len()),
                        t.dim,
                    ))
                    .right_aligned(),
                ),
        )
    } else {
        table
    };
    let mut state = TableState::default().with_selected(Some(sel - offset));
    f.render_stateful_widget(table, area, &mut state);
}

fn empty_message(view: ViewId, lang: Lang) -> &'static str {
    match view {
        ViewId::Systems => msg::tui::table::NO_SYSTEMS_YET.text(lang),
        ViewId::Approvals => msg::tui::table::NO_DOSSIER_IS_WAITING_FOR_APPROVAL.text(lang),
        ViewId::Assessments => msg::tui::table::NO_OWNED_SYSTEM_WITH_A_LEVEL.text(lang),
        ViewId::Deadlines => msg::tui::table::NO_DEADLINES.text(lang),
        ViewId::Incidents => msg::tui::table::NO_INCIDENTS_RECORDED.text(lang),
        ViewId::Budget => msg::tui::table::NO_IT_PROJECTS_RECORDED.text(lang),
        ViewId::Overview => "",
    }
}

/// The text of a cell and how it is toned; rendered to a styled cell for the screen or kept
/// as text for an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellText {
    pub text: String,
    pub tone: Tone,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Dim,
    /// Coloured by a status.
    Status(Status),
    /// The status symbol first, then the text, both coloured.
    Marked(Status),
    Warn,
}

impl CellText {
    pub fn plain(text: impl Into<String>) -> CellText {
        CellText {
            text: text.into(),
            tone: Tone::Plain,
        }
    }
    pub fn tone(text: impl Into<String>, tone: Tone) -> CellText {
        CellText {
            text: text.into(),
            tone,
        }
    }
    pub fn marked(s: Status, text: impl Into<String>) -> CellText {
        CellText {
            text: text.into(),
            tone: Tone::Marked(s),
        }
    }
    /// The text with its status symbol, as an export writes it.
    pub fn export_text(&self) -> String {
        match self.tone {
            Tone::Marked(s) => format!("{} {}", s.symbol(), self.text),
            _ => self.text.clone(),
        }
    }
    /// The styled cell.
    pub fn cell(self, m: &Model) -> Cell<'static> {
        let t = &m.theme;
        match self.tone {
            Tone::Plain => Cell::from(self.text),
            Tone::Dim => Cell::from(self.text).style(t.dim),
            Tone::Status(s) => Cell::from(self.text).style(t.status(s)),
            Tone::Warn => Cell::from(self.text).style(t.overdue),
            Tone::Marked(s) => status_cell(m, s, self.text),
        }
    }
}

fn status_cell(m: &Model, s: Status, text: String) -> Cell<'static> {
    Cell::from(Line::from(vec![
        Span::styled(format!("{} ", s.symbol()), m.theme.status(s)),
        Span::styled(text, m.theme.status(s)),
    ]))
}

/// "còn 14 giờ" for hour clocks under four days, else days.
pub fn left_text(m: &Model, it: &crate::domain::Deadline) -> String {
    let lang = m.lang;
    match (it.kind, it.hours_left(m.snap.clock.now), it.days_left) {
        (Kind::Incident, Some(h), _) if h.abs() < 96 => i18n::hours_left(lang, h),
        (_, _, Some(d)) => i18n::days_left(lang, d),
        _ => msg::common::NEVER.text(lang).to_owned(),
    }
}

/// "15/10/2026" or "29/11/2026 14:00".
pub fn due_text(it: &crate::domain::Deadline) -> String {
    match (it.due_at, it.due_on) {
        (Some(at), _) => i18n::datetime(at),
        (None, Some(d)) => i18n::date(d),
        _ => "—".to_owned(),
    }
}

/// A system's level, "—" when not set.
fn lvl(x: &crate::domain::System) -> String {
    x.level.map(|l| l.to_string()).unwrap_or_else(|| "—".into())
}

/// The cells of one record, one per column (hidden columns are dropped by the caller).
pub fn cells(m: &Model, view: ViewId, i: usize) -> Vec<CellText> {
    match view {
        ViewId::Overview => Vec::new(),
        ViewId::Systems => system_cells(m, i),
        ViewId::Approvals => approval_cells(m, i),
        ViewId::Assessments => assessment_cells(m, i),
        ViewId::Deadlines => deadline_cells(m, i),
        ViewId::Incidents => incident_cells(m, i),
        ViewId::Budget => budget_cells(m, i),
    }
}

/// A system row: its dossier, plan and next assessment.
fn system_cells(m: &Model, i: usize) -> Vec<CellText> {
    let s = &m.snap;
    let d = &s.data;
    let lang = m.lang;
    let x = &d.systems[i];
    let dim = x.is_decommissioned(s.today());
    let (dossier, plan) = if x.relation == Relation::Used {
        (msg::tui::table::USED.text(lang).to_owned(), "—".to_owned())
    } else {
        (
            x.dossier.label(lang).to_owned(),
            x.plan.label(lang).to_owned(),
        )
    };
    let next = match s.assess[i] {
        Some(a) => match a.due {
            Some(due) => CellText::marked(a.status, i18n::date(due)),
            None => CellText::marked(Status::Overdue, msg::common::NEVER.text(lang)),
        },
        None if dim => CellText::plain(msg::tui::table::RETIRED.text(lang)),
        None => CellText::plain("—"),
    };
    let style = if dim { Tone::Dim } else { Tone::Plain };
    vec![
        CellText::tone(safe(&x.code), style),
        CellText::tone(safe(&x.name), style),
        CellText::plain(lvl(x)),
        CellText::plain(dossier),
        CellText::plain(plan),
        CellText::plain(i18n::opt_date(x.last_assessed_on)),
        next,
        CellText::plain(safe(&x.responsible)),
    ]
}

/// A dossier waiting for approval: how long, the legal limit, who decides.
fn approval_cells(m: &Model, i: usize) -> Vec<CellText> {
    let s = &m.snap;
    let d = &s.data;
    let lang = m.lang;
    let x = &d.systems[i];
    let Some(a) = s.approval[i] else {
        return Vec::new();
    };
    let pack = s.rules.pack();
    let auth = x.level.and_then(|l| pack.for_level(l));
    let limit = match (auth, x.dossier) {
        (Some(au), crate::domain::DossierState::Submitted) => au.appraisal_limit,
        (Some(au), crate::domain::DossierState::Appraised) => au.approval_limit,
        _ => None,
    };
    let limit_s = match (limit, a.limit_due, a.limit_beyond) {
        (Some(l), Some(due), _) => format!("{} → {}", l.label(lang), i18n::date(due)),
        (Some(l), None, Some(b)) => format!("{} ({})", b.short(lang), l.label(lang)),
        (Some(l), None, None) => l.label(lang),
        _ => "—".into(),
    };
    let limit_late = a.limit_due.is_some_and(|due| due < s.today()) || a.limit_beyond.is_some();
    let who = auth
        .map(|au| {
            format!(
                "{} / {}",
                pack.authority(&au.appraises, s.today(), lang),
                pack.authority(&au.approves, s.today(), lang)
            )
        })
        .unwrap_or_else(|| "—".into());
    let waiting = a
        .waiting
        .map(|w| {
            format!(
                "{} {}",
                i18n::int(lang, w),
                msg::tui::table::DAYS.text(lang)
            )
        })
        .unwrap_or_else(|| "—".into());
    vec![
        CellText::plain(x.dossier.label(lang)),
        CellText::plain(safe(&x.code)),
        CellText::plain(safe(&x.name)),
        CellText::plain(lvl(x)),
        CellText::plain(i18n::opt_date(x.dossier_since)),
        CellText::plain(waiting),
        CellText::tone(limit_s, if limit_late { Tone::Warn } else { Tone::Plain }),
        CellText::plain(who),
        CellText::marked(a.status, i18n::date(a.due)),
    ]
}

/// A system's periodic assessment: its baseline, period and next due date.
fn assessment_cells(m: &Model, i: usize) -> Vec<CellText> {
    let s = &m.snap;
    let d = &s.data;
    let lang = m.lang;
    let x = &d.systems[i];
    let Some(a) = s.assess[i] else {
        return Vec::new();
    };
    let baseline = match a.baseline {
        Baseline::Assessed(b) => {
            format!("{} {}", msg::tui::table::ASSESSED.text(lang), i18n::date(b))
        }
        Baseline::Approved(b) => {
            format!("{} {}", msg::tui::table::APPROVED.text(lang), i18n::date(b))
        }
        Baseline::GoLive(b) => {
            format!("{} {}", msg::tui::table::GO_LIVE.text(lang), i18n::date(b))
        }
        Baseline::Never => msg::tui::table::NONE.text(lang).to_owned(),
    };
    let (due, left) = match (a.due, a.days_left) {
        (Some(due), Some(dl)) => (i18n::date(due), i18n::days_left(lang, dl)),
        _ => ("—".to_owned(), msg::common::NEVER.text(lang).to_owned()),
    };
    vec![
        CellText::plain(safe(&x.code)),
        CellText::plain(safe(&x.name)),
        CellText::plain(lvl(x)),
        CellText::plain(baseline),
        CellText::plain(format!("{} {}", a.months, msg::tui::table::MO.text(lang))),
        CellText::marked(a.status, due),
        CellText::tone(left, Tone::Status(a.status)),
    ]
}

/// A deadline: when, how long left, what.
fn deadline_cells(m: &Model, i: usize) -> Vec<CellText> {
    let s = &m.snap;
    let d = &s.data;
    let lang = m.lang;
    let it = &s.items[i];
    vec![
        CellText::marked(
            it.status,
            it.due_on.map(i18n::date).unwrap_or_else(|| "—".into()),
        ),
        CellText::tone(left_text(m, it), Tone::Status(it.status)),
        CellText::plain(it.kind.label(lang)),
        CellText::plain(safe(it.system_code(d).unwrap_or("—"))),
        CellText::plain(safe(&it.title(d, &s.rules, lang))),
    ]
}

/// An incident: its reports sent and the next clock.
fn incident_cells(m: &Model, i: usize) -> Vec<CellText> {
    let s = &m.snap;
    let d = &s.data;
    let lang = m.lang;
    let x = &d.incidents[i];
    let clocks = crate::domain::engine::incident_clocks(x, &s.rules);
    let sent = clocks.iter().filter(|c| c.sent.is_some()).count();
    // the reports sent after their deadline, the latest first
    let late = clocks
        .iter()
        .filter_map(|c| Some((c.due_at?, c.sent?.sent_at)))
        .filter(|(due, at)| at > due)
        .max_by_key(|(due, at)| *at - *due);
    let next = clocks
        .iter()
        .filter(|c| c.sent.is_none())
        .filter_map(|c| c.due_at)
        .min();
    let next_cell = match next {
        Some(at) => {
            let mins = (at - s.clock.now).num_minutes();
            let h = mins.div_euclid(60);
            let st = if mins < 0 {
                Status::Overdue
            } else {
                Status::DueSoon
            };
            CellText::marked(st, i18n::hours_left(lang, h))
        }
        None if clocks
            .iter()
            .any(|c| c.due_at.is_none() && c.sent.is_none()) =>
        {
            CellText::plain(msg::tui::table::AWAITING_END.text(lang))
        }
        // every report sent, but the response goes on: never a ✔ while open
        None if x.response_ended_at.is_none() => {
            CellText::marked(Status::DueSoon, msg::tui::table::IN_PROGRESS.text(lang))
        }
        // all sent and the response over, but late: never a ✔ either
        None => match late {
            Some((due, at)) => {
                let late = crate::i18n::late_span(lang, due, at);
                CellText::marked(Status::DueSoon, msg::tui::table::Late { late }.text(lang))
            }
            None => CellText::marked(Status::Upcoming, msg::tui::table::ALL_SENT.text(lang)),
        },
    };
    let code = x
        .system_id
        .and_then(|id| d.system_index(id))
        .map(|j| safe(&d.systems[j].code));
    vec![
        CellText::plain(i18n::datetime(x.detected_at)),
        CellText::plain(code.unwrap_or_else(|| "—".into())),
        CellText::plain(x.kind.label(lang)),
        CellText::plain(x.severity.label(lang)),
        // a late report marks the count (the panel and detail say by how much)
        if late.is_some() {
            CellText::marked(Status::DueSoon, format!("{sent}/{}", clocks.len()))
        } else {
            CellText::plain(format!("{sent}/{}", clocks.len()))
        },
        next_cell,
        CellText::plain(safe(&x.title)),
    ]
}

/// An IT project: its budgets and security share against the minimum.
fn budget_cells(m: &Model, i: usize) -> Vec<CellText> {
    let s = &m.snap;
    let d = &s.data;
    let lang = m.lang;
    let p = &d.projects[i];
    let year = s.budget.iter().find(|b| b.year == p.year);
    let threshold = year.map(|b| b.threshold).unwrap_or(0);
    let below = crate::domain::summary::project_below(p, threshold);
    let share = crate::domain::summary::pct(p.security_budget, p.total_budget);
    let st = if below {
        Status::Overdue
    } else {
        Status::Upcoming
    };
    vec![
        CellText::plain(p.year.to_string()),
        CellText::plain(safe(&p.name)),
        CellText::plain(crate::text::pad_left(&i18n::int(lang, p.total_budget), 13)),
        CellText::plain(crate::text::pad_left(
            &i18n::int(lang, p.security_budget),
            13,
        )),
        CellText::marked(st, i18n::percent(lang, share)),
        CellText::plain(format!("{threshold}%")),
    ]
}
