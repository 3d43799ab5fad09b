//! Figures of the Overview and the reports: counts by level and state, shares, the security
//! share of IT budgets. Derived from the dataset and the deadline items, never stored.

use chrono::{Datelike, NaiveDate};

use super::engine::{Deadline, Kind, Status};
use super::law::RuleChoice;
use super::model::*;

/// Counters of the Overview.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counters {
    /// Active owned systems by level 1..5.
    pub owned_by_level: [usize; 5],
    pub owned_total: usize,
    pub owned_without_level: usize,
    pub used_total: usize,
    pub decommissioned: usize,
    pub approved: usize,
    pub plans_full: usize,
    pub overdue_assessments: usize,
    pub never_assessed: usize,
    pub pending_approvals: usize,
    pub open_incidents: usize,
    /// Mandatory incident reports not yet sent.
    pub running_report_clocks: usize,
    pub overdue_items: usize,
    pub due_soon_items: usize,
}

impl Counters {
    pub fn compute(data: &Dataset, items: &[Deadline], today: NaiveDate) -> Counters {
        let mut c = Counters::default();
        for s in &data.systems {
            if s.is_decommissioned(today) {
                c.decommissioned += 1;
                continue;
            }
            match s.relation {
                Relation::Used => c.used_total += 1,
                Relation::Owned => {
                    c.owned_total += 1;
                    match s.level {
                        Some(l) => c.owned_by_level[l.index()] += 1,
                        None => c.owned_without_level += 1,
                    }
                    if s.dossier == DossierState::Approved {
                        c.approved += 1;
                    } else {
                        c.pending_approvals += 1;
                    }
                    if s.plan == PlanStatus::Full {
                        c.plans_full += 1;
                    }
                }
            }
        }
        c.open_incidents = data
            .incidents
            .iter()
            .filter(|i| i.response_ended_at.is_none())
            .count();
        for d in items {
            match d.status {
                Status::Overdue => c.overdue_items += 1,
                Status::DueSoon => c.due_soon_items += 1,
                Status::Upcoming => {}
            }
            match d.kind {
                Kind::Assessment if d.status == Status::Overdue => {
                    c.overdue_assessments += 1;
                    if d.due_on.is_none() {
                        c.never_assessed += 1;
                    }
                }
                Kind::Incident => c.running_report_clocks += 1,
                _ => {}
            }
        }
        c
    }

    /// Share of owned systems approved, in percent.
    pub fn approved_pct(&self) -> f64 {
        pct(self.approved as i64, self.owned_total as i64)
    }
    pub fn plans_pct(&self) -> f64 {
        pct(self.plans_full as i64, self.owned_total as i64)
    }
}

/// `part / total` in percent (0 when total is 0).
pub fn pct(part: i64, total: i64) -> f64 {
    if total <= 0 {
        0.0
    } else {
        part as f64 * 100.0 / total as f64
    }
}

/// The security share of one year's IT budgets.
#[derive(Clone, Debug, PartialEq)]
pub struct BudgetYear {
    pub year: i32,
    pub total: i64,
    pub security: i64,
    pub projects: usize,
    /// The minimum share that applies to the year (from the pack in force at its end).
    pub threshold: u32,
    /// Index of that pack.
    pub pack: usize,
}

impl BudgetYear {
    pub fn share(&self) -> f64 {
        pct(self.security, self.total)
    }
    pub fn below(&self) -> bool {
        self.total > 0 && self.security * 100 < self.total * i64::from(self.threshold)
    }
}

/// Whether one project's share is below a threshold.
pub fn project_below(p: &Project, threshold: u32) -> bool {
    p.total_budget > 0 && p.security_budget * 100 < p.total_budget * i64::from(threshold)
}

/// The pack whose budget rule judges a year: the pinned pack, or the one in force on the year's
/// last day (or today, for the current year).
pub fn budget_pack(rules: &RuleChoice, year: i32, today: NaiveDate) -> usize {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    rules.pack_index_for(end.min(today.max(NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today))))
}

/// Budget figures per year, newest first.
pub fn budget_years(data: &Dataset, rules: &RuleChoice, today: NaiveDate) -> Vec<BudgetYear> {
    let mut years: Vec<i32> = data.projects.iter().map(|p| p.year).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .rev()
        .map(|year| {
            let ps = data.projects.iter().filter(|p| p.year == year);
            let (mut total, mut security, mut n) = (0i64, 0i64, 0usize);
            for p in ps {
                total = total.saturating_add(p.total_budget);
                security = security.saturating_add(p.security_budget);
                n += 1;
            }
            let pack = budget_pack(rules, year, today);
            let threshold = rules.packs.get(pack).budget.min_share_percent;
            BudgetYear {
                year,
                total,
                security,
                projects: n,
                threshold,
                pack,
            }
        })
        .collect()
}

/// This year's budget figures, if any project is recorded for it.
pub fn budget_this_year(
    data: &Dataset,
    rules: &RuleChoice,
    today: NaiveDate,
) -> Option<BudgetYear> {
    budget_years(data, rules, today)
        .into_iter()
        .find(|b| b.year == today.year())
}
