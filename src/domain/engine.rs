//! The rule engine: dataset + rule pack + reference date in, deadline items out.
//!
//! Items are light (indices into the dataset and the packs); their words (title, citation) are
//! produced on demand in the chosen language, so the engine makes one cheap pass however many
//! systems there are and only the items shown pay for text.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::dates::{add_days, add_months, days_between};
use super::law::{Applies, From, RuleChoice, RulePack, When};
use super::model::*;
use crate::i18n::Lang;
use crate::i18n::msg::domain::engine as m;

/// The reference instant: the date the rules are judged on, and the time for hour clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    pub today: NaiveDate,
    pub now: NaiveDateTime,
}

impl Clock {
    /// A clock at the start of `today`.
    pub fn on(today: NaiveDate) -> Clock {
        Clock {
            today,
            now: super::dates::midnight(today),
        }
    }
}

/// The kind of a deadline (the `kind` key of `due --json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Assessment,
    Approval,
    Plan,
    Report,
    Incident,
    Custom,
    Regime,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Assessment,
        Kind::Approval,
        Kind::Plan,
        Kind::Report,
        Kind::Incident,
        Kind::Custom,
        Kind::Regime,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Kind::Assessment => "assessment",
            Kind::Approval => "approval",
            Kind::Plan => "plan",
            Kind::Report => "report",
            Kind::Incident => "incident",
            Kind::Custom => "custom",
            Kind::Regime => "regime",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Kind::Assessment => m::KIND_ASSESSMENT.text(lang),
            Kind::Approval => m::KIND_APPROVAL.text(lang),
            Kind::Plan => m::KIND_PLAN.text(lang),
            Kind::Report => m::KIND_REPORT.text(lang),
            Kind::Incident => m::KIND_INCIDENT.text(lang),
            Kind::Custom => m::KIND_OTHER.text(lang),
            Kind::Regime => m::KIND_TRANSITION.text(lang),
        }
    }
}

/// How urgent an item is, relative to the reference date and the horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Overdue,
    DueSoon,
    Upcoming,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::DueSoon => "due_soon",
            Status::Upcoming => "upcoming",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Overdue => m::STATUS_OVERDUE.text(lang),
            Status::DueSoon => m::STATUS_DUE_SOON.text(lang),
            Status::Upcoming => m::STATUS_UPCOMING.text(lang),
        }
    }
    /// The symbol that carries the meaning without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Overdue => "✖",
            Status::DueSoon => "▲",
            Status::Upcoming => "✔",
        }
    }

    /// Classifies a day count against a horizon (`None` days = never assessed = overdue).
    pub fn classify(days_left: Option<i64>, horizon: i64) -> Status {
        match days_left {
            None => Status::Overdue,
            Some(d) if d < 0 => Status::Overdue,
            Some(d) if d <= horizon => Status::DueSoon,
            Some(_) => Status::Upcoming,
        }
    }
}

/// What an assessment clock counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    Assessed(NaiveDate),
    Approved(NaiveDate),
    /// Go-live lies ahead: the first assessment is due on it.
    GoLive(NaiveDate),
    Never,
}

/// What a deadline is about (indices into the dataset and the packs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Assessment {
        system: usize,
        months: u32,
        baseline: Baseline,
    },
    Approval {
        system: usize,
    },
    Plan {
        system: usize,
    },
    Report {
        rule: usize,
        period: Period,
    },
    Regime {
        rule: usize,
    },
    /// A transition clock of one system.
    Transition {
        rule: usize,
        system: usize,
    },
    Incident {
        incident: usize,
        pack: usize,
        rule: usize,
    },
    Custom {
        custom: usize,
    },
}

/// One deadline item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub kind: Kind,
    pub subject: Subject,
    pub due_on: Option<NaiveDate>,
    /// The instant, for hour clocks (incidents).
    pub due_at: Option<NaiveDateTime>,
    pub days_left: Option<i64>,
    pub status: Status,
    /// An approval item that is a re-determination, dated from its triggering event.
    pub redetermine: bool,
}

impl Deadline {
    /// The system the item concerns, as an index into `Dataset::systems`.
    pub fn system(&self, data: &Dataset) -> Option<usize> {
        match self.subject {
            Subject::Assessment { system, .. }
            | Subject::Approval { system }
            | Subject::Plan { system }
            | Subject::Transition { system, .. } => Some(system),
            Subject::Incident { incident, .. } => data.incidents[incident]
                .system_id
                .and_then(|id| data.system_index(id)),
            Subject::Custom { custom } => data.customs[custom]
                .system_id
                .and_then(|id| data.system_index(id)),
            _ => None,
        }
    }

    /// The system code, if any.
    pub fn system_code<'d>(&self, data: &'d Dataset) -> Option<&'d str> {
        self.system(data).map(|i| data.systems[i].code.as_str())
    }

    /// Hours left on an hour clock (negative when late).
    pub fn hours_left(&self, now: NaiveDateTime) -> Option<i64> {
        self.due_at.map(|at| {
            let mins = (at - now).num_minutes();
            // round toward "less time left" so a clock never looks kinder than it is
            mins.div_euclid(60)
        })
    }

    /// The title in `lang`.
    pub fn title(&self, data: &Dataset, rules: &RuleChoice, lang: Lang) -> String {
        let pack = rules.pack();
        let name = |i: usize| data.systems[i].name.as_str();
        match self.subject {
            Subject::Assessment {
                system,
                months,
                baseline,
            } => {
                let sys = &data.systems[system];
                let (num, pending);
                let lvl: &str = match sys.pending_level() {
                    // "5 → 2, chưa phê duyệt cấp độ mới: áp dụng chu kỳ ngắn hơn"
                    Some((a, l)) => {
                        pending = format!(
                            "{} → {}{}",
                            a.get(),
                            l.get(),
                            m::NEW_LEVEL_NOT_YET_APPROVED.text(lang)
                        );
                        &pending
                    }
                    None => {
                        num = Num::new(sys.level.map_or(0, |l| u32::from(l.get())));
                        num.as_str()
                    }
                };
                let (months, name) = (Num::new(months), name(system));
                // the title in pieces, not a template: it is made for every item (see `concat`)
                let close = "): ";
                match baseline {
                    Baseline::Never => concat(&[m::NEVER_ASSESSED.text(lang), lvl, close, name]),
                    Baseline::GoLive(_) => {
                        concat(&[m::BEFORE_GO_LIVE.text(lang), lvl, close, name])
                    }
                    _ => concat(&[
                        m::PERIODIC_EVERY.text(lang),
                        months.as_str(),
                        m::PERIODIC_MONTHS_LEVEL.text(lang),
                        lvl,
                        close,
                        name,
                    ]),
                }
            }
            Subject::Approval { system } => {
                let s = &data.systems[system];
                let n = s.level.map(|l| Num::new(u32::from(l.get())));
                let lvl = n.as_ref().map_or("?", Num::as_str);
                let state = s.dossier.label(lang);
                match redetermine_since(s, data.profile.tracking_start) {
                    Some(since) => concat(&[
                        m::REDETERMINE_LEVEL.text(lang),
                        lvl,
                        m::REDETERMINE_SINCE.text(lang),
                        &crate::i18n::date(since),
                        "): ",
                        &s.name,
                    ]),
                    None => concat(&[
                        m::APPROVE_LEVEL.text(lang),
                        lvl,
                        m::APPROVE_DOSSIER.text(lang),
                        state,
                        "): ",
                        &s.name,
                    ]),
                }
            }
            Subject::Plan { system } => {
                let s = &data.systems[system];
                let plan = s.plan.label(lang);
                concat(&[pack.plan.title.get(lang), " (", plan, "): ", &s.name])
            }
            Subject::Report { rule, period } => {
                let r = &pack.reports[rule];
                format!(
                    "{} — {} ({})",
                    r.title.get(lang),
                    period.label(lang),
                    r.before_words(period, lang)
                )
            }
            Subject::Regime { rule } => pack.regime[rule].title.get(lang).to_owned(),
            Subject::Transition { rule, system } => {
                concat(&[pack.transitions[rule].title.get(lang), ": ", name(system)])
            }
            Subject::Incident {
                incident,
                pack: p,
                rule,
            } => {
                let r = &rules.packs.get(p).incident_reports[rule];
                let i = &data.incidents[incident];
                format!("{} — {}", r.title.get(lang), i.title)
            }
            Subject::Custom { custom } => {
                let c = &data.customs[custom];
                if c.source_doc.is_empty() {
                    c.title.clone()
                } else {
                    format!("{} ({})", c.title, c.source_doc)
                }
            }
        }
    }

    /// The citation: why this deadline exists.
    pub fn basis(&self, data: &Dataset, rules: &RuleChoice, lang: Lang) -> String {
        self.basis_cow(data, rules, lang).into_owned()
    }

    /// What the rule asks beyond its citation, when the pack says more.
    pub fn note<'a>(&self, rules: &'a RuleChoice, lang: Lang) -> Option<&'a str> {
        let pack = rules.pack();
        // the fixed deadline's note only on items dated at it; a go-live note on the others
        let fixed = |r: &'a super::law::FixedDeadline| {
            if self.due_on == Some(r.deadline) {
                r.note.as_ref()
            } else {
                r.go_live_note.as_ref()
            }
        };
        let n = match self.subject {
            Subject::Assessment { .. } => pack.assessment.note.as_ref(),
            Subject::Approval { .. } if self.redetermine => None,
            Subject::Approval { .. } => fixed(&pack.approval),
            Subject::Plan { .. } => fixed(&pack.plan),
            Subject::Report { rule, .. } => pack.reports[rule].note.as_ref(),
            _ => None,
        };
        n.map(|n| n.get(lang))
    }

    /// The citation, borrowed from the rule pack where it comes from there.
    pub fn basis_cow<'a>(
        &self,
        data: &'a Dataset,
        rules: &'a RuleChoice,
        lang: Lang,
    ) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow::Borrowed;
        let pack = rules.pack();
        match self.subject {
            Subject::Assessment {
                baseline: Baseline::GoLive(_),
                ..
            } => Borrowed(pack.assessment.go_live_basis.get(lang)),
            Subject::Assessment { .. } => Borrowed(pack.assessment.basis.get(lang)),
            Subject::Approval { .. } if self.redetermine => Borrowed(
                pack.approval
                    .redetermine_basis
                    .as_ref()
                    .unwrap_or(&pack.approval.basis)
                    .get(lang),
            ),
            Subject::Approval { .. } => Borrowed(pack.approval.basis.get(lang)),
            Subject::Plan { .. } => Borrowed(pack.plan.basis.get(lang)),
            Subject::Report { rule, .. } => Borrowed(pack.reports[rule].basis.get(lang)),
            Subject::Regime { rule } => Borrowed(pack.regime[rule].basis.get(lang)),
            Subject::Transition { rule, .. } => Borrowed(pack.transitions[rule].basis.get(lang)),
            Subject::Incident { pack: p, rule, .. } => {
                Borrowed(rules.packs.get(p).incident_reports[rule].basis.get(lang))
            }
            Subject::Custom { custom } => {
                let c = &data.customs[custom];
                let doc = if c.source_doc.is_empty() {
                    m::ENTERED_BY_THE_OFFICER.text(lang).to_owned()
                } else {
                    c.source_doc.clone()
                };
                std::borrow::Cow::Owned(match c.recurrence {
                    Some(r) => format!("{doc}; {}", r.label(lang)),
                    None => doc,
                })
            }
        }
    }
}

/// Computes every deadline item of `data` under `rules` on `clock`, most urgent first.
/// `horizon` is the "due soon" window in days.
pub fn deadlines(data: &Dataset, rules: &RuleChoice, clock: Clock, horizon: i64) -> Vec<Deadline> {
    deadlines_ranked(data, rules, clock, horizon, &code_ranks(data))
}

/// `deadlines` with the code ranks already computed (the dashboard keeps them).
pub fn deadlines_ranked(
    data: &Dataset,
    rules: &RuleChoice,
    clock: Clock,
    horizon: i64,
    ranks: &[u32],
) -> Vec<Deadline> {
    let mut out = unsorted(data, rules, clock, horizon);
    sort_ranked(&mut out, data, ranks);
    out
}

/// `deadlines` holding only the items `keep` accepts, dropped before the sort (`due`
/// without `--all` keeps a third fewer items to order).
pub fn deadlines_where(
    data: &Dataset,
    rules: &RuleChoice,
    clock: Clock,
    horizon: i64,
    keep: impl FnMut(&Deadline) -> bool,
) -> Vec<Deadline> {
    let mut out = unsorted(data, rules, clock, horizon);
    out.retain(keep);
    sort_ranked(&mut out, data, &code_ranks(data));
    out
}

/// Every deadline item, in the order the data gives them (`sort` or `urgency_order` orders
/// them).
pub fn unsorted(data: &Dataset, rules: &RuleChoice, clock: Clock, horizon: i64) -> Vec<Deadline> {
    let today = clock.today;
    let pack = rules.pack();
    let mut out = Vec::with_capacity(data.systems.len() * 2 + 16);
    let item = |kind, subject, due_on: Option<NaiveDate>, due_at| {
        let days_left = due_on.map(|d| days_between(today, d));
        Deadline {
            kind,
            subject,
            due_on,
            due_at,
            days_left,
            status: Status::classify(days_left, horizon),
            redetermine: false,
        }
    };

    for (i, s) in data.systems.iter().enumerate() {
        if !s.is_active_owned(today) {
            continue;
        }
        if let Some((months, baseline, due)) =
            next_assessment(s, pack, data.profile.assessment_months, today)
        {
            out.push(item(
                Kind::Assessment,
                Subject::Assessment {
                    system: i,
                    months,
                    baseline,
                },
                due,
                None,
            ));
        }
        if let Some((due, redetermine)) = approval_due(s, pack, data.profile.tracking_start) {
            let mut d = item(
                Kind::Approval,
                Subject::Approval { system: i },
                Some(due),
                None,
            );
            d.redetermine = redetermine;
            out.push(d);
        }
        for (rule, t) in pack.transitions.iter().enumerate() {
            if transition_applies(s, t) {
                out.push(item(
                    Kind::Regime,
                    Subject::Transition { rule, system: i },
                    Some(t.due()),
                    None,
                ));
            }
        }
        if s.plan != PlanStatus::Full {
            let due = later_of(s.go_live_on, pack.plan.deadline);
            out.push(item(
                Kind::Plan,
                Subject::Plan { system: i },
                Some(due),
                None,
            ));
        }
    }

    report_items(data, pack, today, &mut |rule, period, due| {
        out.push(item(
            Kind::Report,
            Subject::Report { rule, period },
            Some(due),
            None,
        ));
    });

    for (rule, r) in pack.regime.iter().enumerate() {
        if r.due_on >= today {
            out.push(item(
                Kind::Regime,
                Subject::Regime { rule },
                Some(r.due_on),
                None,
            ));
        }
    }

    for (n, inc) in data.incidents.iter().enumerate() {
        for c in incident_clocks(inc, rules) {
            if let (Some(at), None) = (c.due_at, c.sent) {
                let subject = Subject::Incident {
                    incident: n,
                    pack: c.pack,
                    rule: c.rule,
                };
                out.push(item(Kind::Incident, subject, Some(at.date()), Some(at)));
            }
        }
    }

    for (n, c) in data.customs.iter().enumerate() {
        if let Some(due) = custom_due(c, data.profile.tracking_start) {
            out.push(item(
                Kind::Custom,
                Subject::Custom { custom: n },
                Some(due),
                None,
            ));
        }
    }

    out
}

/// A title from its pieces, in one allocation and without the formatting machinery (a title
/// is made per item: 120,000 of them for `due --json` at 100,000 systems).
fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// A number's decimal digits on the stack.
struct Num([u8; 10], usize);

impl Num {
    fn new(mut n: u32) -> Num {
        let mut b = [b'0'; 10];
        let mut i = b.len();
        loop {
            i -= 1;
            b[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return Num(b, i);
            }
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0[self.1..]).unwrap_or("0")
    }
}

/// Sorts most urgent first: never-assessed (no date) first, then by date and hour, then by kind,
/// system code and position, so the order is total and stable. Keys are computed once per item
/// (system codes as ranks), so sorting 30,000 items compares integers only.
pub fn sort(items: &mut [Deadline], data: &Dataset) {
    sort_ranked(items, data, &code_ranks(data));
}

/// The rank of each system's code in code order (1-based; ties by position), computed once so
/// that sorting compares integers. Already-ordered codes (the usual import order) cost one pass.
pub fn code_ranks(data: &Dataset) -> Vec<u32> {
    let n = data.systems.len();
    if data.systems.windows(2).all(|w| w[0].code <= w[1].code) {
        return (1..=n as u32).collect();
    }
    let mut by_code: Vec<usize> = (0..n).collect();
    by_code.sort_unstable_by(|&a, &b| {
        data.systems[a]
            .code
            .cmp(&data.systems[b].code)
            .then(a.cmp(&b))
    });
    let mut rank = vec![0u32; n];
    for (r, &i) in by_code.iter().enumerate() {
        rank[i] = r as u32 + 1;
    }
    rank
}

/// `sort` with the code ranks already computed.
pub fn sort_ranked(items: &mut [Deadline], data: &Dataset, rank: &[u32]) {
    items.sort_by_cached_key(|d| order_key(d, data, rank));
}

/// The key of the urgency order (`sort`): undated first, then by date and hour, kind, system
/// code (as its rank) and position. Total over the items of one dataset.
pub type OrderKey = (
    bool,
    Option<NaiveDate>,
    Option<chrono::NaiveDateTime>,
    Kind,
    u32,
    (usize, usize),
);

/// `OrderKey` of one item.
pub fn order_key(d: &Deadline, data: &Dataset, rank: &[u32]) -> OrderKey {
    (
        d.due_on.is_some(),
        d.due_on,
        d.due_at,
        d.kind,
        d.system(data).map_or(0, |i| rank[i]),
        subject_order(&d.subject),
    )
}

/// The positions of `items` in urgency order, leaving the items where they are (the
/// dashboard orders them when the Deadlines view is first shown, not at start).
pub fn urgency_order(items: &[Deadline], data: &Dataset, rank: &[u32]) -> Vec<usize> {
    let mut keyed: Vec<(OrderKey, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, d)| (order_key(d, data, rank), i))
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

fn subject_order(s: &Subject) -> (usize, usize) {
    match *s {
        Subject::Assessment { system, .. }
        | Subject::Approval { system }
        | Subject::Plan { system } => (system, 0),
        Subject::Report { rule, .. } | Subject::Regime { rule } => (rule, 0),
        Subject::Transition { rule, system } => (system, rule + 1),
        Subject::Incident { incident, rule, .. } => (incident, rule),
        Subject::Custom { custom } => (custom, 0),
    }
}

fn later_of(go_live: Option<NaiveDate>, deadline: NaiveDate) -> NaiveDate {
    match go_live {
        Some(g) if g > deadline => g,
        _ => deadline,
    }
}

/// One mandatory report of an incident and its clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportClock<'a> {
    /// Index of the pack that sets it.
    pub pack: usize,
    /// Index of the rule in that pack's incident reports.
    pub rule: usize,
    /// When it is due; `None` while its clock has not started (the response has not ended).
    pub due_at: Option<NaiveDateTime>,
    pub sent: Option<&'a SentReport>,
}

/// The mandatory reports that apply to an incident, under the pack in force on its detection
/// date (or the pinned pack), sent or not.
pub fn incident_clocks<'a>(inc: &'a Incident, rules: &RuleChoice) -> Vec<ReportClock<'a>> {
    let pack = rules.pack_index_for(inc.detected_at.date());
    rules
        .packs
        .get(pack)
        .incident_reports
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.when.iter().any(|w| match w {
                When::Always => true,
                When::BeyondCapacity => inc.beyond_capacity,
                When::WithinCapacity => !inc.beyond_capacity,
                When::Serious => inc.severity == Severity::Serious,
                When::NationalSecurity => inc.national_security,
                When::SeriousDisruption => inc.serious_disruption,
            })
        })
        .map(|(rule, r)| {
            let start = match r.from {
                From::Detected => Some(inc.detected_at),
                From::ResponseEnded => inc.response_ended_at,
            };
            ReportClock {
                pack,
                rule,
                due_at: start.map(|s| s + Duration::hours(i64::from(r.hours))),
                sent: inc.sent(&r.id),
            }
        })
        .collect()
}

/// The assessment interval in months of a levelled system: its level's, or while a changed level
/// awaits approval the shorter of the approved and the new level's (`System::pending_level`).
/// `None` without a level. Every surface showing an interval or a next assessment uses this.
pub fn assessment_months(s: &System, pack: &RulePack, custom: Option<[u32; 5]>) -> Option<u32> {
    let mut months = pack.interval_months(s.level?, custom);
    if let Some((approved, _)) = s.pending_level() {
        months = months.min(pack.interval_months(approved, custom));
    }
    Some(months)
}

/// The next assessment of a system as the deadline list has it: (interval in months, baseline,
/// due date). `None` when the system has no level. The caller decides whether the system is
/// active (`System::is_active_owned`).
pub fn next_assessment(
    s: &System,
    pack: &RulePack,
    custom: Option<[u32; 5]>,
    today: NaiveDate,
) -> Option<(u32, Baseline, Option<NaiveDate>)> {
    let months = assessment_months(s, pack, custom)?;
    let (baseline, due) = assessment_due(s, months, today);
    Some((months, baseline, due))
}

/// The approval deadline of a system whose dossier is not approved, and whether it is a
/// re-determination: a re-determination is due from the event that triggered it
/// ([`redetermine_since`]); otherwise the approval deadline of the rules or the go-live date,
/// whichever is later. `None` when the dossier is approved.
pub fn approval_due(
    s: &System,
    pack: &RulePack,
    tracking_start: NaiveDate,
) -> Option<(NaiveDate, bool)> {
    if s.dossier == DossierState::Approved {
        return None;
    }
    Some(match redetermine_since(s, tracking_start) {
        Some(since) => (since, true),
        None => (later_of(s.go_live_on, pack.approval.deadline), false),
    })
}

/// The assessment baseline and due date of one system.
pub fn assessment_due(s: &System, months: u32, today: NaiveDate) -> (Baseline, Option<NaiveDate>) {
    if let Some(g) = s.go_live_on.filter(|g| *g > today) {
        return (Baseline::GoLive(g), Some(g));
    }
    let baseline = match (s.last_assessed_on, s.approved_on) {
        (Some(a), _) => Baseline::Assessed(a),
        (None, Some(p)) => Baseline::Approved(p),
        (None, None) => Baseline::Never,
    };
    let due = match baseline {
        Baseline::Assessed(d) | Baseline::Approved(d) => Some(add_months(d, months)),
        _ => None,
    };
    (baseline, due)
}

/// Calls `emit(rule, period, due)` for each recurring-report occurrence to list. Each
/// occurrence falls under the version of its report in force on its last allowed day (an
/// obligation accrues under the rule in force when it falls due and stays until satisfied);
/// listed: every unsubmitted occurrence due on or after the tracking start that lies before the
/// reference date, then the next unsubmitted one of each report on or after it.
pub fn report_items(
    data: &Dataset,
    pack: &RulePack,
    today: NaiveDate,
    emit: &mut dyn FnMut(usize, Period, NaiveDate),
) {
    let done: HashSet<(&str, Period)> = data
        .reports
        .iter()
        .map(|r| (r.report.as_str(), r.period))
        .collect();
    // versions of one report in date order, so "the next one" is found across versions
    let mut order: Vec<usize> = (0..pack.reports.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&pack.reports[a], &pack.reports[b]);
        x.id.cmp(&y.id).then(x.valid_from.cmp(&y.valid_from))
    });
    let mut next_listed: HashSet<&str> = HashSet::new();
    for rule in order {
        let r = &pack.reports[rule];
        if next_listed.contains(r.id.as_str()) {
            continue;
        }
        let from = r.valid_from.max(data.profile.tracking_start);
        let submitted = |p: Period| {
            done.contains(&(r.id.as_str(), p))
                || r.satisfied_by
                    .iter()
                    .any(|o| done.contains(&(o.as_str(), p)))
        };
        let mut year = from.year();
        let mut guard = 0;
        'outer: loop {
            guard += 1;
            if guard > 400 {
                break;
            }
            for (period, due) in r.occurrences(year) {
                if r.valid_until.is_some_and(|u| due > u) {
                    break 'outer;
                }
                if due < from || !r.governs(due) || submitted(period) {
                    continue;
                }
                emit(rule, period, due);
                if due >= today {
                    next_listed.insert(r.id.as_str());
                    break 'outer;
                }
            }
            year += 1;
        }
    }
}

/// The date a system's re-determination was triggered (the redetermine step), if it awaits one;
/// when the step's date is unknown (an imported state), the day tracking began, never the 2024
/// deadline.
pub fn redetermine_since(s: &System, tracking_start: NaiveDate) -> Option<NaiveDate> {
    (s.dossier == DossierState::Redetermine).then(|| s.dossier_since.unwrap_or(tracking_start))
}

/// Whether a transition clock runs for a system (and is not met yet).
pub fn transition_applies(s: &System, t: &super::law::TransitionRule) -> bool {
    match t.applies {
        Applies::UnderInvestment => s.under_investment && s.dossier != DossierState::Approved,
        Applies::Levelled => s.approved_on.is_some_and(|a| a < t.start),
    }
}

/// The due date of a custom deadline's earliest undone occurrence, if any.
pub fn custom_due(c: &CustomDeadline, tracking_start: NaiveDate) -> Option<NaiveDate> {
    match c.recurrence {
        None => c.done_on.is_none().then_some(c.due_on),
        Some(r) => {
            // occurrences are counted from the first date, never drifting after a clamp
            let after = c
                .done_on
                .map(|d| add_days(d, 1))
                .unwrap_or(c.due_on)
                .max(tracking_start);
            let mut k = 0u32;
            loop {
                let due = add_months(c.due_on, r.months() * k);
                if due >= after || due == NaiveDate::MAX {
                    return Some(due);
                }
                k += 1;
            }
        }
    }
}
