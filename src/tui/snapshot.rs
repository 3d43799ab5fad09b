//! The plain snapshot the dashboard renders from: the dataset, the rules, the deadline items and
//! every derived figure, computed once after each load or change — never during a frame.

use chrono::NaiveDate;

use crate::domain::dates::days_between;
use crate::domain::engine::{self, Baseline, Clock, Deadline};
use crate::domain::summary::{BudgetYear, Counters, budget_years};
use crate::domain::*;
use crate::rules::RuleChoice;

/// The assessment clock of one system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AssessInfo {
    pub baseline: Baseline,
    pub due: Option<NaiveDate>,
    pub months: u32,
    pub days_left: Option<i64>,
    pub status: Status,
}

/// Approval facts of one system with a pending dossier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApprovalInfo {
    /// The approval deadline as the deadline list has it (`engine::approval_due`): the
    /// redetermine step's date for a re-determination, else the Directive 09 date or go-live.
    pub due: NaiveDate,
    /// The dossier awaits a re-determination (the due date is the triggering event's).
    pub redetermine: bool,
    pub status: Status,
    /// Days in the current state, when its start is known.
    pub waiting: Option<i64>,
    /// The end of the legal time limit of the current step (appraisal or approval).
    pub limit_due: Option<NaiveDate>,
    /// The limit runs past the working-day calendar's years: not computed.
    pub limit_beyond: Option<crate::rules::calendar::BeyondCalendar>,
}

/// Figures of one unit in a consolidated store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitTotal {
    /// The unit's key ("" is this store's own unit).
    pub unit: String,
    pub owned: usize,
    pub approved: usize,
    pub overdue: usize,
    pub due_soon: usize,
}

/// The longest urgent list the Overview can show.
pub const URGENT_MAX: usize = 200;

/// The Overview's order, worst first: (group, days left, hour due). Groups: 0 an incident's
/// report clock, 1 overdue with a date (most days late first), 2 never assessed (no date to be
/// late from), 3 due soon (soonest first). `capdo due` keeps the calendar order
/// (`engine::urgency_order`): it lists every item by date; the Overview shows the worst few.
pub fn overview_key(it: &Deadline) -> (u8, Option<i64>, Option<chrono::NaiveDateTime>) {
    match (it.kind, it.status, it.days_left) {
        (Kind::Incident, _, _) => (0, None, it.due_at),
        (_, Status::Overdue, Some(d)) => (1, Some(d), it.due_at),
        (_, Status::Overdue, None) => (2, None, None),
        _ => (3, it.days_left, it.due_at),
    }
}

/// Everything a frame needs.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub data: Dataset,
    pub rules: RuleChoice,
    pub clock: Clock,
    pub horizon: i64,
    /// Every deadline item, in the data's order (`engine::urgency_order` orders them).
    pub items: Vec<Deadline>,
    pub counters: Counters,
    pub budget: Vec<BudgetYear>,
    /// Per system index.
    pub assess: Vec<Option<AssessInfo>>,
    /// Per system index.
    pub approval: Vec<Option<ApprovalInfo>>,
    /// The Overview's urgent list, worst first (`overview_key`): open incident clocks, then
    /// overdue items from the most late, then never-assessed systems, then due-soon items from
    /// the soonest; at most `URGENT_MAX`.
    pub urgent: Vec<usize>,
    /// How many items are overdue or due soon in all (`urgent` holds the first of them).
    pub urgent_total: usize,
    /// The transition clocks (regime deadlines), in urgency order, for the Overview.
    pub regime: Vec<usize>,
    /// Systems never assessed (counted on the Overview, not listed).
    pub never_assessed: usize,
    /// Each system's rank in code order, for sorting without comparing strings.
    pub ranks: Vec<u32>,
    /// The units of a consolidated store (empty when there is only this unit).
    pub units: Vec<UnitTotal>,
    /// The unit shown, when the view is narrowed to one.
    pub unit: Option<String>,
}

impl Snapshot {
    pub fn build(data: Dataset, rules: RuleChoice, clock: Clock, horizon: i64) -> Snapshot {
        let today = clock.today;
        let ranks = engine::code_ranks(&data);
        // in the data's order: only the urgent few are ordered here; the Deadlines view orders
        // the whole list when it is first shown (a sort of 190,000 items is a third of the start)
        let items = engine::unsorted(&data, &rules, clock, horizon);
        let counters = Counters::compute(&data, &items, today);
        let budget = budget_years(&data, &rules, today);
        let pack = rules.pack();
        let mut assess = vec![None; data.systems.len()];
        let mut approval = vec![None; data.systems.len()];
        let cal = crate::rules::calendar::Calendar::with_local(&data.calendar);
        for (i, s) in data.systems.iter().enumerate() {
            if !s.is_active_owned(today) {
                continue;
            }
            if let Some((months, baseline, due)) =
                engine::next_assessment(s, pack, data.profile.assessment_months, today)
            {
                let days_left = due.map(|d| days_between(today, d));
                assess[i] = Some(AssessInfo {
                    baseline,
                    due,
                    months,
                    days_left,
                    status: Status::classify(days_left, horizon),
                });
            }
            if let Some((due, redetermine)) =
                engine::approval_due(s, pack, data.profile.tracking_start)
            {
                let limit = s
                    .level
                    .and_then(|l| pack.for_level(l))
                    .and_then(|a| match s.dossier {
                        DossierState::Submitted => a.appraisal_limit,
                        DossierState::Appraised => a.approval_limit,
                        _ => None,
                    });
                let limit_due = limit
                    .zip(s.dossier_since)
                    .map(|(l, since)| l.due(since, &cal));
                approval[i] = Some(ApprovalInfo {
                    due,
                    redetermine,
                    status: Status::classify(Some(days_between(today, due)), horizon),
                    waiting: s.dossier_since.map(|d| days_between(d, today)),
                    limit_due: limit_due.and_then(Result::ok),
                    limit_beyond: limit_due.and_then(Result::err),
                });
            }
        }
        let never_assessed = items
            .iter()
            .filter(|it| it.due_on.is_none() && it.status == Status::Overdue)
            .count();
        // everything overdue or due soon, never-assessed systems included (named, not counted)
        let urgent: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].status != Status::Upcoming)
            .collect();
        let urgent_total = urgent.len();
        // the first `URGENT_MAX` by `overview_key`, ties in the urgency order (as the Deadlines
        // view lists them): keys computed once; the full order only for what can make the cut
        let cut = URGENT_MAX.min(urgent.len());
        let mut keyed: Vec<_> = urgent
            .iter()
            .map(|&i| (overview_key(&items[i]), i))
            .collect();
        if cut > 0 && cut < keyed.len() {
            keyed.select_nth_unstable_by(cut - 1, |a, b| a.0.cmp(&b.0));
            let last = keyed[cut - 1].0;
            keyed.retain(|k| k.0 <= last);
        }
        let mut full: Vec<_> = keyed
            .into_iter()
            .map(|(k, i)| (k, engine::order_key(&items[i], &data, &ranks), i))
            .collect();
        full.sort_unstable();
        full.truncate(cut);
        let urgent: Vec<usize> = full.into_iter().map(|(_, _, i)| i).collect();
        let mut regime: Vec<usize> = (0..items.len())
            .filter(|&i| {
                matches!(
                    items[i].subject,
                    Subject::Regime { .. } | Subject::Transition { .. }
                )
            })
            .collect();
        regime.sort_by_key(|&i| engine::order_key(&items[i], &data, &ranks));
        Snapshot {
            data,
            rules,
            clock,
            horizon,
            items,
            counters,
            budget,
            assess,
            approval,
            urgent,
            urgent_total,
            regime,
            never_assessed,
            ranks,
            units: Vec::new(),
            unit: None,
        }
    }

    /// Builds the snapshot of one unit (or all with `None`) of a store; a consolidated store also
    /// gets the totals of every unit, for the Overview. The deadline items are computed once
    /// for the whole store (its totals are counted from the snapshot's own items), and for a
    /// narrowed view the whole store's items are gone before the unit's are made: never two
    /// lists of every item at once (230,000 items at 100,000 systems: 20 MB).
    pub fn build_for_unit(
        data: Dataset,
        rules: RuleChoice,
        clock: Clock,
        horizon: i64,
        unit: Option<&str>,
    ) -> Snapshot {
        let names = unit_keys(&data);
        if names.len() < 2 {
            return Snapshot::build(data, rules, clock, horizon);
        }
        match unit {
            Some(u) if names.iter().any(|n| n == u) => {
                let units = {
                    let items = engine::unsorted(&data, &rules, clock, horizon);
                    unit_totals(&names, &data, &items, clock.today)
                };
                let mut snap = Snapshot::build(narrowed(data, u), rules, clock, horizon);
                snap.units = units;
                snap.unit = Some(u.to_owned());
                snap
            }
            _ => {
                let mut snap = Snapshot::build(data, rules, clock, horizon);
                snap.units = unit_totals(&names, &snap.data, &snap.items, clock.today);
                snap
            }
        }
    }

    /// A unit's name as shown ("" is this store's own unit).
    pub fn unit_name<'a>(&'a self, unit: &'a str) -> &'a str {
        if unit.is_empty() {
            &self.data.profile.unit_name
        } else {
            unit
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today
    }
}

/// The units of a store, sorted, each once ("" is this store's own).
fn unit_keys(data: &Dataset) -> Vec<String> {
    let mut names: Vec<&str> = data.systems.iter().map(|s| s.unit.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.into_iter().map(str::to_owned).collect()
}

/// Each unit's figures (`names` sorted): active owned systems, approved dossiers, and the
/// overdue and due-soon items of its systems.
fn unit_totals(
    names: &[String],
    data: &Dataset,
    items: &[Deadline],
    today: chrono::NaiveDate,
) -> Vec<UnitTotal> {
    let mut units: Vec<UnitTotal> = names
        .iter()
        .map(|u| UnitTotal {
            unit: u.clone(),
            owned: 0,
            approved: 0,
            overdue: 0,
            due_soon: 0,
        })
        .collect();
    let at = |u: &str| names.binary_search_by(|n| n.as_str().cmp(u)).ok();
    for s in data.systems.iter().filter(|s| s.is_active_owned(today)) {
        if let Some(i) = at(&s.unit) {
            units[i].owned += 1;
            units[i].approved += usize::from(s.dossier == DossierState::Approved);
        }
    }
    for it in items {
        if let Some(i) = it.system(data).and_then(|j| at(&data.systems[j].unit)) {
            match it.status {
                Status::Overdue => units[i].overdue += 1,
                Status::DueSoon => units[i].due_soon += 1,
                Status::Upcoming => {}
            }
        }
    }
    units
}

/// The data of one unit `u` of a consolidated store: its systems and what belongs to them;
/// the reports, projects and free deadlines of a merged unit stay with it.
fn narrowed(mut d: Dataset, u: &str) -> Dataset {
    let keep: std::collections::HashSet<i64> = d
        .systems
        .iter()
        .filter(|s| s.unit == u)
        .map(|s| s.id)
        .collect();
    d.systems.retain(|s| s.unit == u);
    d.incidents
        .retain(|i| i.system_id.is_none_or(|id| keep.contains(&id)));
    d.customs
        .retain(|c| c.system_id.is_none_or(|id| keep.contains(&id)));
    d.steps.retain(|x| keep.contains(&x.system_id));
    d.assessments.retain(|x| keep.contains(&x.system_id));
    if !u.is_empty() {
        d.reports.clear();
        d.projects.clear();
        d.customs.retain(|c| c.system_id.is_some());
        d.incidents.retain(|i| i.system_id.is_some());
    }
    d
}
