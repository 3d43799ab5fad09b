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
    /// The approval deadline (Directive 09 date or go-live).
    pub due: NaiveDate,
    pub status: Status,
    /// Days in the current state, when its start is known.
    pub waiting: Option<i64>,
    /// The end of the legal time limit of the current step (appraisal or approval).
    pub limit_due: Option<NaiveDate>,
}

/// Everything a frame needs.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub data: Dataset,
    pub rules: RuleChoice,
    pub clock: Clock,
    pub horizon: i64,
    pub items: Vec<Deadline>,
    pub counters: Counters,
    pub budget: Vec<BudgetYear>,
    /// Per system index.
    pub assess: Vec<Option<AssessInfo>>,
    /// Per system index.
    pub approval: Vec<Option<ApprovalInfo>>,
}

impl Snapshot {
    pub fn build(data: Dataset, rules: RuleChoice, clock: Clock, horizon: i64) -> Snapshot {
        let today = clock.today;
        let items = engine::deadlines(&data, &rules, clock, horizon);
        let counters = Counters::compute(&data, &items, today);
        let budget = budget_years(&data, &rules, today);
        let pack = rules.pack();
        let mut assess = vec![None; data.systems.len()];
        let mut approval = vec![None; data.systems.len()];
        for (i, s) in data.systems.iter().enumerate() {
            if !s.is_active_owned(today) {
                continue;
            }
            if let Some(level) = s.level {
                let months = pack.interval_months(level, data.profile.assessment_months);
                let (baseline, due) = engine::assessment_due(s, months, today);
                let days_left = due.map(|d| days_between(today, d));
                assess[i] = Some(AssessInfo {
                    baseline,
                    due,
                    months,
                    days_left,
                    status: Status::classify(days_left, horizon),
                });
            }
            if s.dossier != DossierState::Approved {
                let due = match s.go_live_on {
                    Some(g) if g > pack.approval.deadline => g,
                    _ => pack.approval.deadline,
                };
                let limit = s
                    .level
                    .and_then(|l| pack.for_level(l))
                    .and_then(|a| match s.dossier {
                        DossierState::Submitted => a.appraisal_limit,
                        DossierState::Appraised => a.approval_limit,
                        _ => None,
                    });
                approval[i] = Some(ApprovalInfo {
                    due,
                    status: Status::classify(Some(days_between(today, due)), horizon),
                    waiting: s.dossier_since.map(|d| days_between(d, today)),
                    limit_due: limit.zip(s.dossier_since).map(|(l, since)| l.due(since)),
                });
            }
        }
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
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today
    }
}
