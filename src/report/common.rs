//! What every report shares: the administrative header and signature, report windows, the
//! inventory tally, assessment status, and the timeliness of periodic and incident reports.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::doc::*;
use crate::domain::dates::{add_days, month_day};
use crate::domain::engine::{Clock, incident_clocks, next_assessment};
use crate::domain::*;
use crate::i18n::{L10n, Lang, Text, msg::report as m};
use crate::rules::{RuleChoice, RulePack};
use crate::text::fold;

/// What a report is built from. Pure values: the reference instant arrives here once.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub data: &'a Dataset,
    pub rules: &'a RuleChoice,
    pub clock: Clock,
    pub lang: Lang,
}

impl Input<'_> {
    pub fn today(&self) -> NaiveDate {
        self.clock.today
    }
    pub fn pack(&self) -> &RulePack {
        self.rules.pack()
    }
}

/// Whether the unit is a People's Committee (its documents are numbered …/BC-UBND and signed
/// "TM. ỦY BAN NHÂN DÂN").
fn is_peoples_committee(unit: &str) -> bool {
    let f = fold(unit);
    f.starts_with("ubnd") || f.starts_with("uy ban nhan dan")
}

fn upper_or_blank(s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        BLANK.to_owned()
    } else {
        t.to_uppercase()
    }
}

/// The issuer's full official name, upper case (Decree 30/2020 Appendix I.II.2.a wants it in
/// full: "ỦY BAN NHÂN DÂN XÃ MẪU AN", not "UBND XÃ …").
pub fn issuer_name(unit: &str) -> String {
    let t = unit.trim();
    if t.is_empty() {
        return BLANK.to_owned();
    }
    unit_in_sentence(t).to_uppercase()
}

/// The unit as named in a sentence: "Ủy ban nhân dân xã Mẫu An".
pub fn unit_in_sentence(unit: &str) -> String {
    let t = unit.trim();
    if t.is_empty() {
        return BLANK.to_owned();
    }
    match t.get(..5).filter(|p| p.eq_ignore_ascii_case("ubnd ")) {
        // the abbreviation spelled out: a proper name, Vietnamese in both languages
        Some(_) => format!("{} {}", m::common::UBND_IN_FULL.vi, t[5..].trim_start()),
        None => t.to_owned(),
    }
}

/// The header: the issuer (with its superior above it only for a unit that is not itself a
/// People's Committee: a commune's, district's or province's letterhead carries none), the
/// motto, the number, place and date.
pub fn header(inp: &Input) -> Header {
    let p = &inp.data.profile;
    let committee = is_peoples_committee(&p.unit_name);
    let suffix = if committee { "UBND" } else { BLANK };
    let parent = if committee || p.parent_authority.trim().is_empty() {
        String::new()
    } else {
        upper_or_blank(&p.parent_authority)
    };
    Header {
        parent,
        unit: issuer_name(&p.unit_name),
        number: format!(
            "{} {BLANK}/BC-{suffix}",
            m::common::NUMBER_LABEL.text(inp.lang)
        ),
        motto: [
            m::common::SOCIALIST_REPUBLIC_OF_VIET_NAM
                .text(inp.lang)
                .to_owned(),
            m::common::INDEPENDENCE_FREEDOM_HAPPINESS
                .text(inp.lang)
                .to_owned(),
        ],
        place_date: format!("{BLANK}, {}", formal_date(inp.lang, inp.today())),
    }
}

/// The opening sentence in administrative style: "Thực hiện <basis>, Ủy ban nhân dân xã …
/// báo cáo như sau:". `basis` are the citations; only the instrument part (before ": ") is
/// named.
pub fn opening(inp: &Input, basis: &[String]) -> String {
    let unit = unit_in_sentence(&inp.data.profile.unit_name);
    let mut named: Vec<&str> = Vec::new();
    for b in basis {
        let b = b.split(": ").next().unwrap_or(b).trim();
        if !b.is_empty() && !named.contains(&b) {
            named.push(b);
        }
    }
    if named.is_empty() {
        m::common::OpeningPlain { unit }.text(inp.lang)
    } else {
        m::common::OpeningPursuantTo {
            basis: named.join("; "),
            unit,
        }
        .text(inp.lang)
    }
}

/// The signature block; `extra_cc` are the recipients named in "Kính gửi".
pub fn signature(inp: &Input) -> Signature {
    let p = &inp.data.profile;
    let title = if is_peoples_committee(&p.unit_name) {
        vec![
            m::common::ON_BEHALF_OF_THE_PEOPLES
                .text(inp.lang)
                .to_owned(),
            m::common::CHAIR.text(inp.lang).to_owned(),
        ]
    } else {
        vec![m::common::HEAD_OF_UNIT.text(inp.lang).to_owned()]
    };
    Signature {
        cc: vec![
            m::common::AS_ABOVE.text(inp.lang).to_owned(),
            m::common::FILE_RECORDS.text(inp.lang).to_owned(),
        ],
        title,
        hint: m::common::SIGNATURE_FULL_NAME_SEAL
            .text(inp.lang)
            .to_owned(),
        name: BLANK.to_owned(),
        prepared_by: Some(p.officer.trim().to_owned()).filter(|s| !s.is_empty()),
        counterpart: None,
    }
}

/// A section of labelled blanks for the officer to fill in (what the data cannot say): its
/// heading and its fields as (key, label) rows.
pub fn blank_section(lang: Lang, heading: Text, fields: &[(&str, Text)]) -> Section {
    Section::new(heading.text(lang)).fields(
        fields
            .iter()
            .map(|(key, label)| Field::new(key, label.text(lang), Val::Blank))
            .collect(),
    )
}

/// "Kính gửi: X" recipients from authority keys of a pack, named as on the reference date.
pub fn recipients(inp: &Input, pack: &RulePack, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in keys {
        let name = pack.authority(k, inp.today(), inp.lang);
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// A citation with what the rule asks, when the pack says it apart: "basis: note".
pub fn cite(lang: Lang, basis: &L10n, note: Option<&L10n>) -> String {
    match note.map(|n| n.get(lang)).filter(|n| !n.is_empty()) {
        Some(n) => format!("{}: {n}", basis.get(lang)),
        None => basis.get(lang).to_owned(),
    }
}

/// A date range, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn quarter(year: i32, q: u32) -> Window {
        let first = NaiveDate::from_ymd_opt(year, (q - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN);
        Window {
            from: first,
            to: month_day(year, q * 3, 31),
        }
    }

    /// The annual report's data window: 15/12 of the previous year to 14/12 (Circular 12/2022
    /// Art. 13; Decree 331 Art. 35).
    pub fn annual(year: i32) -> Window {
        Window {
            from: NaiveDate::from_ymd_opt(year - 1, 12, 15).unwrap_or(NaiveDate::MIN),
            to: NaiveDate::from_ymd_opt(year, 12, 14).unwrap_or(NaiveDate::MAX),
        }
    }

    pub fn year(year: i32) -> Window {
        Window {
            from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
            to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The part of the window up to `today` (what has happened so far), if any.
    pub fn until(&self, today: NaiveDate) -> Option<Window> {
        (self.from <= today).then_some(Window {
            from: self.from,
            to: self.to.min(today),
        })
    }

    /// "01/10/2026 – 31/12/2026".
    pub fn show(&self) -> String {
        format!(
            "{} – {}",
            crate::i18n::date(self.from),
            crate::i18n::date(self.to)
        )
    }
}

/// Owned systems in operation on the reference date, by level, dossier state and plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub owned: usize,
    pub by_level: [usize; 5],
    pub no_level: usize,
    pub used: usize,
    pub decommissioned: usize,
    pub approved: usize,
    pub approved_by_level: [usize; 5],
    pub appraised: usize,
    pub submitted: usize,
    pub drafting: usize,
    pub redetermine: usize,
    pub not_started: usize,
    pub plan_full: usize,
    pub plan_partial: usize,
    pub plan_none: usize,
}

impl Tally {
    pub fn of(data: &Dataset, today: NaiveDate) -> Tally {
        let mut t = Tally::default();
        for s in &data.systems {
            if s.is_decommissioned(today) {
                t.decommissioned += 1;
                continue;
            }
            if s.relation == Relation::Used {
                t.used += 1;
                continue;
            }
            t.owned += 1;
            match s.level {
                Some(l) => t.by_level[l.index()] += 1,
                None => t.no_level += 1,
            }
            match s.dossier {
                DossierState::Approved => {
                    t.approved += 1;
                    if let Some(l) = s.level {
                        t.approved_by_level[l.index()] += 1;
                    }
                }
                DossierState::Appraised => t.appraised += 1,
                DossierState::Submitted => t.submitted += 1,
                DossierState::Drafting => t.drafting += 1,
                DossierState::Redetermine => t.redetermine += 1,
                DossierState::None => t.not_started += 1,
            }
            match s.plan {
                PlanStatus::Full => t.plan_full += 1,
                PlanStatus::Partial => t.plan_partial += 1,
                PlanStatus::None => t.plan_none += 1,
            }
        }
        t
    }
}

/// Owned systems in operation on `today`, in store order.
pub fn owned_active(data: &Dataset, today: NaiveDate) -> Vec<&System> {
    data.systems
        .iter()
        .filter(|s| s.is_active_owned(today))
        .collect()
}

/// Running already (go-live reached or unknown), as opposed to planned.
pub fn operating(s: &System, today: NaiveDate) -> bool {
    s.go_live_on.is_none_or(|g| g <= today)
}

/// The assessment state of one owned system on `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssessState {
    /// No level: no interval applies.
    NoLevel,
    /// Never assessed and no approval to count from.
    Never,
    Overdue(NaiveDate),
    /// Due on this date (not yet passed).
    Due(NaiveDate),
}

pub fn assess_state(inp: &Input, s: &System) -> AssessState {
    let Some((_, _, due)) = next_assessment(
        s,
        inp.pack(),
        inp.data.profile.assessment_months,
        inp.today(),
    ) else {
        return AssessState::NoLevel;
    };
    match due {
        None => AssessState::Never,
        Some(d) if d < inp.today() => AssessState::Overdue(d),
        Some(d) => AssessState::Due(d),
    }
}

/// The last assessment of each system, read from the history in one pass.
pub struct LastAssessed(HashMap<i64, (NaiveDate, i64, AssessmentKind)>);

impl LastAssessed {
    pub fn of(data: &Dataset) -> LastAssessed {
        let mut m: HashMap<i64, (NaiveDate, i64, AssessmentKind)> = HashMap::new();
        for a in &data.assessments {
            let e = m
                .entry(a.system_id)
                .or_insert((a.completed_on, a.id, a.kind));
            if (a.completed_on, a.id) > (e.0, e.1) {
                *e = (a.completed_on, a.id, a.kind);
            }
        }
        LastAssessed(m)
    }

    /// The date and kind of a system's last assessment (the kind unknown when only the
    /// derived date is there).
    pub fn get(&self, s: &System) -> Option<(NaiveDate, Option<AssessmentKind>)> {
        match self.0.get(&s.id) {
            Some((d, _, k)) => Some((*d, Some(*k))),
            None => s.last_assessed_on.map(|d| (d, None)),
        }
    }
}

/// The systems with an assessment completed within a window.
pub fn assessed_in(data: &Dataset, w: Window) -> HashSet<i64> {
    data.assessments
        .iter()
        .filter(|a| w.contains(a.completed_on))
        .map(|a| a.system_id)
        .collect()
}

/// "MA-LAN, MA-DTT" — at most 15 codes, then "… (+n)".
pub fn codes<'a>(systems: impl IntoIterator<Item = &'a System>) -> String {
    let all: Vec<&str> = systems.into_iter().map(|s| s.code.as_str()).collect();
    if all.len() <= 15 {
        all.join(", ")
    } else {
        format!("{}, … (+{})", all[..15].join(", "), all.len() - 15)
    }
}

/// How a report was or will be sent against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timeliness {
    OnTime,
    Late,
    /// Due and not sent.
    Missing,
    /// Not due yet and not sent.
    Pending,
}

impl Timeliness {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Timeliness::OnTime => m::common::SENT_ON_TIME.text(lang),
            Timeliness::Late => m::common::SENT_LATE.text(lang),
            Timeliness::Missing => m::common::OVERDUE_NOT_SENT.text(lang),
            Timeliness::Pending => m::common::NOT_DUE_YET.text(lang),
        }
    }
}

/// One occurrence of a periodic report of the pack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodicDue {
    pub rule: usize,
    pub period: Period,
    pub due: NaiveDate,
    pub submitted: Option<(NaiveDate, String)>,
    pub state: Timeliness,
}

/// The periodic reports of `pack` due within `window`, with what was submitted.
pub fn periodic_due(
    data: &Dataset,
    pack: &RulePack,
    window: Window,
    today: NaiveDate,
) -> Vec<PeriodicDue> {
    let mut out = Vec::new();
    for (rule, r) in pack.reports.iter().enumerate() {
        for year in window.from.year()..=window.to.year() {
            // one computation of occurrences for the engine and the reports
            for (period, due) in r.occurrences(year) {
                if !window.contains(due) || !r.governs(due) {
                    continue;
                }
                let sub = data
                    .reports
                    .iter()
                    .filter(|x| x.period == period)
                    .find(|x| x.report == r.id || r.satisfied_by.contains(&x.report))
                    .map(|x| (x.submitted_on, x.doc_no.clone()));
                let state = match &sub {
                    Some((on, _)) if *on <= due => Timeliness::OnTime,
                    Some(_) => Timeliness::Late,
                    None if due < today => Timeliness::Missing,
                    None => Timeliness::Pending,
                };
                out.push(PeriodicDue {
                    rule,
                    period,
                    due,
                    submitted: sub,
                    state,
                });
            }
        }
    }
    out.sort_by_key(|p| (p.due, p.rule));
    out
}

/// One mandatory incident report and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentDue {
    pub incident: usize,
    pub pack: usize,
    pub rule: usize,
    pub due_at: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub state: Timeliness,
}

/// The mandatory reports of one incident under its pack.
pub fn incident_due(inp: &Input, n: usize) -> Vec<IncidentDue> {
    let inc = &inp.data.incidents[n];
    incident_clocks(inc, inp.rules)
        .into_iter()
        .map(|c| {
            let sent_at = c.sent.map(|s| s.sent_at);
            let state = match (c.due_at, sent_at) {
                (Some(due), Some(at)) if at <= due => Timeliness::OnTime,
                (Some(_), Some(_)) => Timeliness::Late,
                // sent before its clock started (a closing report before the end was recorded)
                (None, Some(_)) => Timeliness::OnTime,
                (Some(due), None) if due < inp.clock.now => Timeliness::Missing,
                _ => Timeliness::Pending,
            };
            IncidentDue {
                incident: n,
                pack: c.pack,
                rule: c.rule,
                due_at: c.due_at,
                sent_at,
                state,
            }
        })
        .collect()
}

/// Incidents detected within a window (indices).
pub fn incidents_in(data: &Dataset, w: Window) -> Vec<usize> {
    data.incidents
        .iter()
        .enumerate()
        .filter(|(_, i)| w.contains(i.detected_at.date()))
        .map(|(n, _)| n)
        .collect()
}

/// The day after `d` (for "from" labels).
pub fn next_day(d: NaiveDate) -> NaiveDate {
    add_days(d, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn windows() {
        let q = Window::quarter(2026, 4);
        assert_eq!((q.from, q.to), (d(2026, 10, 1), d(2026, 12, 31)));
        let q1 = Window::quarter(2026, 1);
        assert_eq!(q1.to, d(2026, 3, 31));
        let a = Window::annual(2026);
        assert_eq!((a.from, a.to), (d(2025, 12, 15), d(2026, 12, 14)));
        assert_eq!(
            q.until(d(2026, 11, 29)).map(|w| w.to),
            Some(d(2026, 11, 29))
        );
        assert_eq!(q.until(d(2026, 9, 30)), None);
        assert_eq!(q.show(), "01/10/2026 – 31/12/2026");
    }

    #[test]
    fn peoples_committee_detection() {
        assert!(is_peoples_committee("UBND xã Mẫu An"));
        assert!(is_peoples_committee("Ủy ban nhân dân phường X"));
        assert!(!is_peoples_committee("Sở Khoa học và Công nghệ"));
    }
}
