//! The detail pane: a system (dossier steps, assessments, incidents, change history) or an
//! incident (its report clocks and lessons learned).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::domain::engine::Baseline;
use crate::i18n::{self, msg};
use crate::tui::model::{Detail, Model, Target};
use crate::tui::ui::safe;
use crate::tui::views::panel::incident_clock_lines;

pub fn draw(f: &mut Frame, m: &Model, d: &Detail, area: Rect) {
    let t = &m.theme;
    let (title, lines) = match d.target {
        Target::System(i) => system(m, d, i),
        Target::Incident(i) => incident(m, i),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(Span::styled(format!(" {title} "), t.title))
        .title_bottom(Span::styled(
            msg::tui::detail::ESC_BACK_SCROLL.text(m.lang),
            t.dim,
        ));
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((d.scroll, 0)),
        area,
    );
}

fn section(m: &Model, s: &str) -> Line<'static> {
    Line::from(Span::styled(format!("── {s} "), m.theme.header))
}

fn kv(m: &Model, k: &str, v: String) -> Line<'static> {
    Line::from(vec![Span::styled(k.to_owned(), m.theme.key), Span::raw(v)])
}

fn system(m: &Model, d: &Detail, i: usize) -> (String, Vec<Line<'static>>) {
    let x = &m.snap.data.systems[i];
    let mut v = system_facts(m, i);
    v.push(Line::from(""));
    record_lines(m, d, &mut v);
    evidence_lines(m, d, &mut v);
    incident_lines(m, x, &mut v);
    history_lines(m, d, &mut v);
    let title = format!("{} — {}", safe(&x.code), safe(&x.name));
    (title, v)
}

/// The system's own fields: owner, level, dossier, regulation, plan, assessment, notes.
fn system_facts(m: &Model, i: usize) -> Vec<Line<'static>> {
    let s = &m.snap;
    let lang = m.lang;
    let x = &s.data.systems[i];
    let mut v = Vec::new();
    let lvl = x.level.map(|l| l.to_string()).unwrap_or_else(|| "—".into());
    v.push(kv(
        m,
        msg::tui::OWNER_LABEL.text(lang),
        format!(
            "{} · {}{} · {}{} · {}{lvl}",
            safe(&x.owner),
            msg::tui::detail::OPERATOR.text(lang),
            safe(&x.operator),
            msg::tui::detail::RELATION.text(lang),
            x.relation.label(lang),
            msg::tui::detail::LEVEL.text(lang)
        ),
    ));
    let mut dossier = x.dossier.label(lang).to_owned();
    if let Some(since) = x.dossier_since {
        dossier.push_str(&format!(
            " {} {}",
            msg::tui::detail::SINCE.text(lang),
            i18n::date(since)
        ));
    }
    if !x.decision_no.is_empty() || x.approved_on.is_some() {
        dossier.push_str(&format!(
            " · {} {} {}",
            msg::tui::detail::DECISION.text(lang),
            safe(&x.decision_no),
            i18n::opt_date(x.approved_on)
        ));
    }
    v.push(kv(m, msg::tui::detail::DOSSIER.text(lang), dossier));
    v.push(kv(
        m,
        msg::tui::detail::REGULATION.text(lang),
        match x.regulation_issued_on {
            Some(on) => format!("{} ({})", safe(&x.regulation_ref), i18n::date(on)),
            None => msg::tui::NOT_ISSUED.text(lang).into(),
        },
    ));
    v.push(kv(
        m,
        msg::tui::PLAN_LABEL.text(lang),
        format!(
            "{} · {}{} · {}{}",
            x.plan.label(lang),
            msg::tui::detail::LIVE_SINCE.text(lang),
            i18n::opt_date(x.go_live_on),
            msg::tui::detail::RESPONSIBLE.text(lang),
            safe(&x.responsible)
        ),
    ));
    if let Some(dec) = x.decommissioned_on {
        v.push(kv(
            m,
            msg::tui::detail::DECOMMISSIONED.text(lang),
            i18n::date(dec),
        ));
    }
    if let Some(a) = s.assess[i] {
        assessment_lines(m, a, &mut v);
    }
    if !x.notes.is_empty() {
        v.push(kv(m, msg::tui::detail::NOTES.text(lang), safe(&x.notes)));
    }
    v
}

/// The periodic assessment: its baseline, period, next due date and legal basis.
fn assessment_lines(m: &Model, a: crate::tui::snapshot::AssessInfo, v: &mut Vec<Line<'static>>) {
    let s = &m.snap;
    let lang = m.lang;
    let t = &m.theme;
    let base = match a.baseline {
        Baseline::Assessed(b) => {
            format!("{} {}", msg::tui::detail::LAST.text(lang), i18n::date(b))
        }
        Baseline::Approved(b) => format!(
            "{} {}",
            msg::tui::detail::FROM_APPROVAL.text(lang),
            i18n::date(b)
        ),
        Baseline::GoLive(b) => format!(
            "{} {}",
            msg::tui::detail::BEFORE_GO_LIVE.text(lang),
            i18n::date(b)
        ),
        Baseline::Never => msg::tui::detail::NEVER_ASSESSED.text(lang).into(),
    };
    let next = match (a.due, a.days_left) {
        (Some(due), Some(dl)) => format!("{} ({})", i18n::date(due), i18n::days_left(lang, dl)),
        _ => msg::tui::detail::NOW_OVERDUE.text(lang).into(),
    };
    v.push(Line::from(vec![
        Span::styled(msg::tui::detail::ASSESSMENT.text(lang), t.key),
        Span::raw(format!(
            "{base} · {} {} {} · ",
            msg::tui::detail::EVERY.text(lang),
            a.months,
            msg::tui::detail::MONTHS.text(lang)
        )),
        Span::styled(
            format!("{} {next}", msg::tui::detail::NEXT.text(lang)),
            t.status(a.status),
        ),
    ]));
    v.push(Line::from(Span::styled(
        format!(
            "   {}{}",
            msg::common::BASIS.text(lang),
            s.rules.pack().assessment.basis.get(lang)
        ),
        t.dim,
    )));
}

/// The dossier steps and assessments recorded for the system.
fn record_lines(m: &Model, d: &Detail, v: &mut Vec<Line<'static>>) {
    let lang = m.lang;
    let t = &m.theme;
    v.push(section(m, msg::tui::detail::DOSSIER_STEPS.text(lang)));
    if d.steps.is_empty() {
        v.push(Line::from(Span::styled(
            msg::tui::detail::NONE_RECORDED.text(lang),
            t.dim,
        )));
    }
    for st in &d.steps {
        v.push(Line::from(format!(
            "  {}  {}  {} {} {}",
            i18n::opt_date(st.on),
            st.state.label(lang),
            safe(&st.reference),
            safe(&st.actor),
            safe(&st.note)
        )));
    }
    v.push(section(m, msg::tui::detail::ASSESSMENTS.text(lang)));
    if d.assessments.is_empty() {
        v.push(Line::from(Span::styled(
            msg::tui::detail::NONE_YET.text(lang),
            t.dim,
        )));
    }
    for a in d.assessments.iter().rev() {
        let result = match a.result {
            crate::domain::AssessmentResult::Findings => {
                format!("{} ({})", a.result.label(lang), a.findings)
            }
            _ => a.result.label(lang).to_owned(),
        };
        v.push(Line::from(format!(
            "  {}  {}  {}  {}  {}",
            i18n::date(a.completed_on),
            a.kind.label(lang),
            safe(&a.assessor),
            result,
            safe(&a.notes)
        )));
    }
}

/// The incidents of the system.
fn incident_lines(m: &Model, x: &crate::domain::System, v: &mut Vec<Line<'static>>) {
    let s = &m.snap;
    let lang = m.lang;
    let t = &m.theme;
    v.push(section(m, msg::tui::views::INCIDENTS.text(lang)));
    let incs: Vec<_> = s
        .data
        .incidents
        .iter()
        .filter(|inc| inc.system_id == Some(x.id))
        .collect();
    if incs.is_empty() {
        v.push(Line::from(Span::styled(
            msg::tui::detail::NONE.text(lang),
            t.dim,
        )));
    }
    for inc in incs {
        v.push(Line::from(format!(
            "  {}  {}  {}  {}",
            i18n::datetime(inc.detected_at),
            inc.kind.label(lang),
            inc.severity.label(lang),
            safe(&inc.title)
        )));
    }
}

/// The change log of the record, the latest first.
fn history_lines(m: &Model, d: &Detail, v: &mut Vec<Line<'static>>) {
    let lang = m.lang;
    let t = &m.theme;
    v.push(section(m, msg::tui::detail::CHANGE_HISTORY.text(lang)));
    if d.history.is_empty() {
        v.push(Line::from(Span::styled(
            msg::tui::detail::EMPTY.text(lang),
            t.dim,
        )));
    }
    for e in d.history.iter().rev() {
        let what = match (&e.old, &e.new) {
            (Some(o), Some(n)) => format!("{} → {}", safe(&o.to_string()), safe(&n.to_string())),
            (None, Some(n)) => safe(&n.to_string()),
            (Some(o), None) => safe(&o.to_string()),
            (None, None) => String::new(),
        };
        v.push(Line::from(vec![
            Span::styled(format!("  #{} {} ", e.seq, e.at.replace('T', " ")), t.dim),
            Span::styled(
                format!("{} {} ", safe(&e.officer_or_user()), e.action),
                t.key,
            ),
            Span::raw(crate::text::truncate(&what, 400)),
        ]));
    }
}

/// The system's documents (✔, with the record each proves) and its dossier steps and
/// assessments that no document proves (✖). From the register as loaded: no file is read.
fn evidence_lines(m: &Model, d: &Detail, v: &mut Vec<Line<'static>>) {
    use crate::domain::evidence::Proves;
    let (lang, t) = (m.lang, &m.theme);
    v.push(section(m, msg::tui::detail::EVIDENCE.text(lang)));
    let step_label = |id: i64| {
        d.steps
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} {}", s.state.label(lang), i18n::opt_date(s.on)))
    };
    let assessment_label = |id: i64| {
        d.assessments.iter().find(|a| a.id == id).map(|a| {
            format!(
                "{} {}",
                msg::common::ASSESSMENT.text(lang),
                i18n::date(a.completed_on)
            )
        })
    };
    for e in &d.evidence {
        let doc = [
            e.reference.clone(),
            e.on.map(i18n::date).unwrap_or_default(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
        let proves = match &e.proves {
            Some(Proves::Step(id)) => step_label(*id),
            Some(Proves::Assessment(id)) => assessment_label(*id),
            Some(p) => Some(p.label(lang)),
            None => None,
        }
        .map(|p| format!(" → {p}"))
        .unwrap_or_default();
        v.push(Line::from(vec![
            Span::styled("  ✔ ", t.status(crate::domain::Status::Upcoming)),
            Span::raw(format!(
                "{} {} · {}{proves}",
                e.kind.label(lang),
                safe(&doc),
                safe(e.file_name())
            )),
        ]));
    }
    let proven: std::collections::HashSet<&Proves> = d
        .evidence
        .iter()
        .filter_map(|e| e.proves.as_ref())
        .collect();
    let mut gaps: Vec<String> = d
        .steps
        .iter()
        .filter(|s| !proven.contains(&Proves::Step(s.id)))
        .filter_map(|s| step_label(s.id))
        .collect();
    gaps.extend(
        d.assessments
            .iter()
            .filter(|a| !proven.contains(&Proves::Assessment(a.id)))
            .filter_map(|a| assessment_label(a.id)),
    );
    for g in gaps {
        v.push(Line::from(vec![
            Span::styled("  ✖ ", t.status(crate::domain::Status::Overdue)),
            Span::raw(format!(
                "{g}: {}",
                msg::tui::detail::NO_DOCUMENT_PROVES_IT.text(lang)
            )),
        ]));
    }
    if d.evidence.is_empty() && d.steps.is_empty() && d.assessments.is_empty() {
        v.push(Line::from(Span::styled(
            msg::tui::detail::NONE_YET.text(lang),
            t.dim,
        )));
    }
}

fn incident(m: &Model, i: usize) -> (String, Vec<Line<'static>>) {
    let s = &m.snap;
    let lang = m.lang;
    let x = &s.data.incidents[i];
    let t = &m.theme;
    let code = x
        .system_id
        .and_then(|id| s.data.system_index(id))
        .map(|j| safe(&s.data.systems[j].code));
    let mut v = vec![
        kv(
            m,
            msg::tui::detail::DETECTED.text(lang),
            format!(
                "{} · {} · {} · {}{}",
                i18n::datetime(x.detected_at),
                x.kind.label(lang),
                x.severity.label(lang),
                msg::tui::detail::SYSTEM.text(lang),
                code.unwrap_or_else(|| "—".into())
            ),
        ),
        kv(
            m,
            msg::tui::detail::BEYOND_CAPACITY.text(lang),
            format!(
                "{} · {}{}",
                if x.beyond_capacity {
                    i18n::YES.text(lang)
                } else {
                    i18n::NO.text(lang)
                },
                msg::tui::detail::NATIONAL_SECURITY.text(lang),
                if x.national_security {
                    i18n::YES.text(lang)
                } else {
                    i18n::NO.text(lang)
                }
            ),
        ),
        kv(
            m,
            msg::tui::detail::RESPONSE_ENDED.text(lang),
            x.response_ended_at
                .map(i18n::datetime)
                .unwrap_or_else(|| msg::tui::detail::NOT_YET.text(lang).into()),
        ),
        Line::from(""),
        section(
            m,
            &msg::tui::detail::MandatoryReports {
                decree: s
                    .rules
                    .packs
                    .get(s.rules.pack_index_for(x.detected_at.date()))
                    .decree
                    .get(lang),
            }
            .text(lang),
        ),
    ];
    v.extend(incident_clock_lines(m, i, true));
    v.push(Line::from(""));
    v.push(section(m, msg::tui::LESSONS_LEARNED.text(lang)));
    v.push(Line::from(if x.lessons.is_empty() {
        Span::styled(msg::tui::detail::LESSONS_NOT_YET_WRITTEN.text(lang), t.dim)
    } else {
        Span::raw(format!("  {}", safe(&x.lessons)))
    }));
    if !x.notes.is_empty() {
        v.push(kv(m, msg::tui::detail::NOTES.text(lang), safe(&x.notes)));
    }
    (safe(&x.title), v)
}
