//! The list behind each view: which records it shows, in what default order, its columns,
//! how each column sorts and what the filter searches.

use chrono::NaiveDate;
use ratatui::layout::Constraint;

use super::action::ViewId;
use super::snapshot::Snapshot;
use crate::domain::engine::{Deadline, Subject};
use crate::domain::*;
use crate::i18n::{Lang, Text, msg};

/// A sortable value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Num(i64),
    Date(Option<NaiveDate>),
    Text(String),
}

/// A column of a list view.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub title: Text,
    pub width: Constraint,
    /// Shown only on wide terminals (≥ 110 columns); narrow screens show it in the panel below.
    pub wide: bool,
}

const fn col(title: Text, width: Constraint) -> Column {
    Column {
        title,
        width,
        wide: false,
    }
}

const fn wide(title: Text, width: Constraint) -> Column {
    Column {
        title,
        width,
        wide: true,
    }
}

/// Width from which `wide` columns show.
pub const WIDE: u16 = 110;

use Constraint::{Fill, Length, Min};

const SYSTEMS: &[Column] = &[
    col(msg::common::CODE, Length(10)),
    col(msg::tui::NAME, Fill(3)),
    col(msg::tui::lists::LVL, Length(3)),
    col(msg::tui::lists::DOSSIER, Length(16)),
    wide(msg::common::PLAN, Length(15)),
    wide(msg::tui::lists::LAST_ASSESSED, Length(10)),
    col(msg::tui::lists::NEXT_ASSESS, Length(12)),
    wide(msg::tui::lists::RESPONSIBLE, Fill(1)),
];
const APPROVALS: &[Column] = &[
    col(msg::tui::lists::STATE, Length(16)),
    col(msg::common::CODE, Length(10)),
    col(msg::tui::NAME, Fill(2)),
    col(msg::tui::lists::LVL, Length(3)),
    wide(msg::tui::lists::SINCE, Length(10)),
    col(msg::tui::lists::WAITING, Length(9)),
    wide(msg::tui::lists::LEGAL_LIMIT, Length(24)),
    wide(msg::tui::lists::APPRAISES_APPROVES, Fill(2)),
    col(msg::tui::lists::APPROVAL_DUE, Length(14)),
];
const ASSESSMENTS: &[Column] = &[
    col(msg::common::CODE, Length(10)),
    col(msg::tui::NAME, Fill(2)),
    col(msg::tui::lists::LVL, Length(3)),
    wide(msg::tui::lists::BASELINE, Length(22)),
    col(msg::tui::lists::EVERY, Length(8)),
    col(msg::tui::lists::NEXT_DUE, Length(12)),
    col(msg::tui::lists::LEFT, Length(17)),
];
const DEADLINES: &[Column] = &[
    col(msg::common::DUE, Length(12)),
    col(msg::tui::lists::LEFT, Length(17)),
    wide(msg::common::KIND, Length(10)),
    col(msg::common::SYSTEM, Length(10)),
    col(msg::tui::lists::WHAT, Min(20)),
];
const INCIDENTS: &[Column] = &[
    col(msg::tui::lists::DETECTED, Length(16)),
    col(msg::common::SYSTEM, Length(10)),
    wide(msg::common::KIND, Length(16)),
    wide(msg::common::SEVERITY, Length(12)),
    col(msg::tui::lists::REPORTS, Length(7)),
    col(msg::tui::lists::NEXT_CLOCK, Length(16)),
    col(msg::tui::TITLE, Fill(1)),
];
const BUDGET: &[Column] = &[
    col(msg::tui::YEAR, Length(4)),
    col(msg::tui::lists::PROJECT_OR_PLAN, Fill(1)),
    col(msg::tui::lists::TOTAL, Length(13)),
    col(msg::tui::lists::SECURITY, Length(13)),
    col(msg::tui::lists::SHARE, Length(7)),
    col(msg::tui::lists::MIN, Length(9)),
];

/// The columns of a view.
pub fn columns(view: ViewId) -> &'static [Column] {
    match view {
        ViewId::Overview => &[],
        ViewId::Systems => SYSTEMS,
        ViewId::Approvals => APPROVALS,
        ViewId::Assessments => ASSESSMENTS,
        ViewId::Deadlines => DEADLINES,
        ViewId::Incidents => INCIDENTS,
        ViewId::Budget => BUDGET,
    }
}

/// The records of a view in their default order (indices into the snapshot's vectors).
pub fn default_rows(s: &Snapshot, view: ViewId) -> Vec<usize> {
    let d = &s.data;
    match view {
        ViewId::Overview => Vec::new(),
        ViewId::Systems => (0..d.systems.len()).collect(),
        ViewId::Approvals => {
            let mut v: Vec<usize> = (0..d.systems.len())
                .filter(|i| s.approval[*i].is_some())
                .collect();
            // keys without allocation: 100,000 rows sort in milliseconds
            let key = |i: usize| {
                let a = s.approval[i].as_ref();
                (
                    std::cmp::Reverse(d.systems[i].dossier.rank()),
                    a.map(|a| a.status),
                    std::cmp::Reverse(a.and_then(|a| a.waiting)),
                )
            };
            v.sort_by_cached_key(|&i| (key(i), s.ranks[i]));
            v
        }
        ViewId::Assessments => {
            let mut v: Vec<usize> = (0..d.systems.len())
                .filter(|i| s.assess[*i].is_some())
                .collect();
            let key = |i: usize| {
                let a = s.assess[i].as_ref();
                (a.map(|a| a.due.is_some()), a.and_then(|a| a.due))
            };
            v.sort_by_cached_key(|&i| (key(i), s.ranks[i]));
            v
        }
        ViewId::Deadlines => crate::domain::engine::urgency_order(&s.items, d, &s.ranks),
        ViewId::Incidents => {
            let mut v: Vec<usize> = (0..d.incidents.len()).collect();
            v.sort_by_key(|&i| std::cmp::Reverse(d.incidents[i].detected_at));
            v
        }
        ViewId::Budget => {
            let mut v: Vec<usize> = (0..d.projects.len()).collect();
            v.sort_by_key(|&i| (std::cmp::Reverse(d.projects[i].year), d.projects[i].id));
            v
        }
    }
}

fn text(s: &str) -> SortKey {
    SortKey::Text(crate::text::fold(s))
}

/// The value a column sorts by.
pub fn sort_key(s: &Snapshot, view: ViewId, i: usize, col: usize) -> SortKey {
    let d = &s.data;
    let lvl = |x: &System| SortKey::Num(x.level.map(|l| i64::from(l.get())).unwrap_or(0));
    match view {
        ViewId::Overview => SortKey::Num(0),
        ViewId::Systems => {
            let x = &d.systems[i];
            match col {
                0 => text(&x.code),
                1 => text(&x.name),
                2 => lvl(x),
                3 => SortKey::Num(i64::from(x.dossier.rank())),
                4 => SortKey::Num(x.plan as i64),
                5 => SortKey::Date(x.last_assessed_on),
                6 => SortKey::Date(s.assess[i].and_then(|a| a.due)),
                _ => text(&x.responsible),
            }
        }
        ViewId::Approvals => {
            let x = &d.systems[i];
            let a = s.approval[i];
            match col {
                0 => SortKey::Num(i64::from(x.dossier.rank())),
                1 => text(&x.code),
                2 => text(&x.name),
                3 => lvl(x),
                4 => SortKey::Date(x.dossier_since),
                5 => SortKey::Num(a.and_then(|a| a.waiting).unwrap_or(-1)),
                6 => SortKey::Date(a.and_then(|a| a.limit_due)),
                7 => lvl(x),
                _ => SortKey::Date(a.map(|a| a.due)),
            }
        }
        ViewId::Assessments => {
            let x = &d.systems[i];
            let a = s.assess[i];
            match col {
                0 => text(&x.code),
                1 => text(&x.name),
                2 => lvl(x),
                3 => SortKey::Date(a.and_then(|a| match a.baseline {
                    engine_baseline::Assessed(d)
                    | engine_baseline::Approved(d)
                    | engine_baseline::GoLive(d) => Some(d),
                    engine_baseline::Never => None,
                })),
                4 => SortKey::Num(a.map(|a| i64::from(a.months)).unwrap_or(0)),
                _ => SortKey::Date(a.and_then(|a| a.due)),
            }
        }
        ViewId::Deadlines => {
            let it = &s.items[i];
            match col {
                0 | 1 => SortKey::Date(it.due_on),
                2 => SortKey::Num(it.kind as i64),
                3 => text(it.system_code(d).unwrap_or("")),
                _ => SortKey::Num(i as i64),
            }
        }
        ViewId::Incidents => {
            let x = &d.incidents[i];
            match col {
                0 => SortKey::Text(x.detected_at.to_string()),
                1 => text(
                    x.system_id
                        .and_then(|id| d.system_index(id))
                        .map(|j| d.systems[j].code.as_str())
                        .unwrap_or(""),
                ),
                2 => SortKey::Num(x.kind as i64),
                3 => SortKey::Num(x.severity as i64),
                4 => SortKey::Num(x.reports.len() as i64),
                5 => SortKey::Num(i as i64),
                _ => text(&x.title),
            }
        }
        ViewId::Budget => {
            let p = &d.projects[i];
            match col {
                0 => SortKey::Num(i64::from(p.year)),
                1 => text(&p.name),
                2 => SortKey::Num(p.total_budget),
                3 => SortKey::Num(p.security_budget),
                _ => SortKey::Num(if p.total_budget > 0 {
                    p.security_budget * 10_000 / p.total_budget
                } else {
                    0
                }),
            }
        }
    }
}

use crate::domain::engine::Baseline as engine_baseline;

/// What the filter compares: folded (case and diacritics dropped), then only letters and
/// digits, so "wifi" finds "Wi-Fi" and "12/2026" finds "01/12/2026".
pub fn search_key(s: &str) -> String {
    crate::text::fold(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// What the filter searches in a record (keyed later by `search_key`); dates as shown.
pub fn search_text(s: &Snapshot, view: ViewId, i: usize, lang: Lang) -> String {
    use crate::i18n::{date, opt_date};
    let d = &s.data;
    let sys = |j: usize| {
        let x: &System = &d.systems[j];
        let due = s.assess.get(j).copied().flatten().and_then(|a| a.due);
        let approval = s.approval.get(j).copied().flatten().map(|a| a.due);
        format!(
            "{} {} {} {} {} {} {} {} | {} | {} | {} | {} | {}",
            x.code,
            x.name,
            x.owner,
            x.operator,
            x.responsible,
            x.decision_no,
            x.dossier.label(lang),
            x.notes,
            opt_date(x.last_assessed_on),
            opt_date(x.dossier_since),
            opt_date(x.go_live_on),
            opt_date(due),
            opt_date(approval),
        )
    };
    match view {
        ViewId::Overview => String::new(),
        ViewId::Systems | ViewId::Approvals | ViewId::Assessments => sys(i),
        ViewId::Deadlines => {
            let it: &Deadline = &s.items[i];
            format!(
                "{} {} {} {} | {}",
                it.kind.label(lang),
                it.system_code(d).unwrap_or(""),
                it.title(d, &s.rules, lang),
                it.status.label(lang),
                it.due_on.map(date).unwrap_or_default()
            )
        }
        ViewId::Incidents => {
            let x = &d.incidents[i];
            let code = x
                .system_id
                .and_then(|id| d.system_index(id))
                .map(|j| d.systems[j].code.as_str())
                .unwrap_or("");
            format!(
                "{} {} {code} {} {} {}",
                crate::i18n::datetime(x.detected_at),
                x.title,
                x.kind.label(lang),
                x.severity.label(lang),
                x.lessons
            )
        }
        ViewId::Budget => {
            let p = &d.projects[i];
            format!("{} {} {}", p.year, p.name, p.notes)
        }
    }
}

/// A stable identity of a record, to keep the selection across reloads.
pub fn identity(s: &Snapshot, view: ViewId, i: usize) -> String {
    let d = &s.data;
    match view {
        ViewId::Overview => String::new(),
        ViewId::Systems | ViewId::Approvals | ViewId::Assessments => d
            .systems
            .get(i)
            .map(|x| format!("s{}", x.id))
            .unwrap_or_default(),
        ViewId::Deadlines => s
            .items
            .get(i)
            .map(|it| deadline_identity(s, it))
            .unwrap_or_default(),
        ViewId::Incidents => d
            .incidents
            .get(i)
            .map(|x| format!("i{}", x.id))
            .unwrap_or_default(),
        ViewId::Budget => d
            .projects
            .get(i)
            .map(|x| format!("p{}", x.id))
            .unwrap_or_default(),
    }
}

fn deadline_identity(s: &Snapshot, it: &Deadline) -> String {
    let d = &s.data;
    let sid = |i: usize| d.systems[i].id;
    match it.subject {
        Subject::Assessment { system, .. } => format!("a{}", sid(system)),
        Subject::Approval { system } => format!("ap{}", sid(system)),
        Subject::Plan { system } => format!("pl{}", sid(system)),
        Subject::Report { rule, period } => {
            format!("r{}:{}", s.rules.pack().reports[rule].id, period.key())
        }
        Subject::Regime { rule } => format!("g{}", s.rules.pack().regime[rule].id),
        Subject::Transition { rule, system } => {
            format!("t{}:{}", s.rules.pack().transitions[rule].id, sid(system))
        }
        Subject::Incident {
            incident,
            pack,
            rule,
        } => {
            format!(
                "i{}:{}",
                d.incidents[incident].id,
                s.rules.packs.get(pack).incident_reports[rule].id
            )
        }
        Subject::Custom { custom } => format!("c{}", d.customs[custom].id),
    }
}
