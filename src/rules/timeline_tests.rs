//! The law as a timeline: for each kind of rule, the rules in force on fixed days across the
//! changes of 2026–2027 (30/6/2026, 01/7/2026 Law 116, 18/8/2026, 19/8/2026 Decree 331,
//! 31/12/2026, 30/6/2027), each case with the article it rests on.

use chrono::Datelike;

use super::*;
use crate::domain::Level;
use crate::domain::model::Period;
use crate::i18n::Lang;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const DAYS: [(i32, u32, u32); 6] = [
    (2026, 6, 30),
    (2026, 7, 1),
    (2026, 8, 18),
    (2026, 8, 19),
    (2026, 12, 31),
    (2027, 6, 30),
];

/// The rules in force on each of `DAYS`.
fn on_days() -> Vec<(NaiveDate, RulePack)> {
    let p = Packs::embedded();
    DAYS.iter()
        .map(|&(y, m, day)| {
            let t = d(y, m, day);
            (t, p.get(p.in_force(t)).clone())
        })
        .collect()
}

/// Checks `got(pack, day)` against `want[i]` on each day, naming the article on failure.
fn table<T: PartialEq + std::fmt::Debug>(
    kind: &str,
    want: [(T, &str); 6],
    got: impl Fn(&RulePack, NaiveDate) -> T,
) {
    for ((day, pack), (w, cite)) in on_days().iter().zip(want) {
        assert_eq!(got(pack, *day), w, "{kind} on {day} ({cite})");
    }
}

#[test]
fn assessment_interval() {
    let t33 = "Telegram 33 §2.a(3); Decree 85 Art. 20.2.c";
    let nd331 = "Decree 331 Art. 28.5.a: periodic by level and risk, adjustable";
    table(
        "assessment_interval",
        [
            (([24, 24, 12, 12, 6], false), t33),
            (([24, 24, 12, 12, 6], false), t33),
            (([24, 24, 12, 12, 6], false), t33),
            (([24, 24, 12, 12, 6], true), nd331),
            (([24, 24, 12, 12, 6], true), nd331),
            (([24, 24, 12, 12, 6], true), nd331),
        ],
        |p, _| (p.assessment.months, p.assessment.adjustable),
    );
    table(
        "pre-go-live assessment",
        [
            (false, "Decree 85 Art. 20.2.c"),
            (false, "Decree 85 Art. 20.2.c"),
            (false, "Decree 85 Art. 20.2.c"),
            (true, "Decree 331 Art. 28.3.b"),
            (true, "Decree 331 Art. 28.3.b"),
            (true, "Decree 331 Art. 28.3.b"),
        ],
        |p, _| {
            p.assessment
                .go_live_basis
                .vi
                .contains("Điều 28 khoản 3 điểm b")
        },
    );
}

#[test]
fn approval_and_plan_deadlines() {
    let d09 = "Directive 09/CT-TTg: by 30/9/2024 and 31/12/2024";
    let nd331 = "Directive 09 + Decree 331 Art. 30.6, 31.2.a; Law 116 Art. 40.2.a";
    table(
        "approval_deadline / plan_deadline",
        [
            ((d(2024, 9, 30), d(2024, 12, 31), false), d09),
            ((d(2024, 9, 30), d(2024, 12, 31), false), d09),
            ((d(2024, 9, 30), d(2024, 12, 31), false), d09),
            ((d(2024, 9, 30), d(2024, 12, 31), true), nd331),
            ((d(2024, 9, 30), d(2024, 12, 31), true), nd331),
            ((d(2024, 9, 30), d(2024, 12, 31), true), nd331),
        ],
        |p, _| {
            (
                p.approval.deadline,
                p.plan.deadline,
                p.approval.basis.vi.contains("Điều 30 khoản 6")
                    && p.plan.basis.vi.contains("Điều 30 khoản 6")
                    && !p.approval.basis.vi.contains("Điều 10"),
            )
        },
    );
}

#[test]
fn recurring_reports() {
    // (quarterly in force, last day of the quarter's report, annual form)
    let t33 = "Telegram 33 §1.c: before the 20th of the quarter's last month";
    let none = "Decree 331 sets no quarterly report";
    table(
        "recurring_report quarterly",
        [
            (Some(d(2026, 6, 19)), t33),
            (Some(d(2026, 9, 19)), t33),
            (Some(d(2026, 9, 19)), t33),
            (None, none),
            (None, none),
            (None, none),
        ],
        |p, day| {
            p.reports
                .iter()
                .find(|r| r.id == "quarterly" && r.in_force_on(day))
                .map(|r| {
                    r.due(Period::Quarter {
                        year: day.year(),
                        q: day.month().div_ceil(3),
                    })
                })
        },
    );
    let c12 = "Circular 12/2022 Arts. 13–14: before 20/12 (owner), 25/12 (ministry)";
    let nd331 = "Decree 331 Arts. 35–36, Form 08: before 20/12, 25/12";
    table(
        "recurring_report annual",
        [
            (
                (
                    d(2026, 12, 19),
                    d(2026, 12, 24),
                    "tt12-2022-art14".to_owned(),
                ),
                c12,
            ),
            (
                (
                    d(2026, 12, 19),
                    d(2026, 12, 24),
                    "tt12-2022-art14".to_owned(),
                ),
                c12,
            ),
            (
                (
                    d(2026, 12, 19),
                    d(2026, 12, 24),
                    "tt12-2022-art14".to_owned(),
                ),
                c12,
            ),
            (
                (
                    d(2026, 12, 19),
                    d(2026, 12, 24),
                    "nd331-2026-form08".to_owned(),
                ),
                nd331,
            ),
            (
                (
                    d(2026, 12, 19),
                    d(2026, 12, 24),
                    "nd331-2026-form08".to_owned(),
                ),
                nd331,
            ),
            (
                (
                    d(2026, 12, 19),
                    d(2026, 12, 24),
                    "nd331-2026-form08".to_owned(),
                ),
                nd331,
            ),
        ],
        |p, day| {
            let r = |id: &str| {
                p.reports
                    .iter()
                    .find(|r| r.id == id && r.in_force_on(day))
                    .unwrap()
            };
            (
                r("annual-internal").due(Period::Year(2026)),
                r("annual").due(Period::Year(2026)),
                r("annual").form.clone().unwrap_or_default(),
            )
        },
    );
}

#[test]
fn before_day_x_quotes_the_text_and_ends_the_day_before() {
    // Telegram 33 §1.c; Circular 12 Art. 13; Decree 331 Art. 35
    let p = Packs::embedded();
    let nd85 = p.get(p.index_of("nd85-2016").unwrap());
    let q = nd85.report("quarterly").unwrap();
    let dues: Vec<NaiveDate> = q.occurrences(2026).into_iter().map(|(_, d)| d).collect();
    assert_eq!(
        dues,
        vec![
            d(2026, 3, 19),
            d(2026, 6, 19),
            d(2026, 9, 19),
            d(2026, 12, 19)
        ]
    );
    let a = nd85.report("annual").unwrap();
    assert_eq!(
        a.before_words(Period::Year(2026), Lang::Vi),
        "trước ngày 25/12/2026"
    );
    assert_eq!(a.due(Period::Year(2026)), d(2026, 12, 24));
}

#[test]
fn transitions() {
    let law = "Law 116 Art. 45.1: 12 months from 01/7/2026";
    let both = "Law 116 Art. 45.1 and Decree 331 Art. 39.1 (6 months)";
    table(
        "transition",
        [
            (vec![], "Law 116 not yet in force"),
            (vec![("transition-conditions", d(2027, 6, 30))], law),
            (vec![("transition-conditions", d(2027, 6, 30))], law),
            (
                vec![
                    ("transition-approval", d(2026, 12, 31)),
                    ("transition-conditions", d(2027, 6, 30)),
                ],
                both,
            ),
            (
                vec![
                    ("transition-approval", d(2026, 12, 31)),
                    ("transition-conditions", d(2027, 6, 30)),
                ],
                both,
            ),
            (
                vec![
                    ("transition-approval", d(2026, 12, 31)),
                    ("transition-conditions", d(2027, 6, 30)),
                ],
                both,
            ),
        ],
        |p, _| {
            let mut v: Vec<(&str, NaiveDate)> = p
                .transitions
                .iter()
                .map(|t| {
                    let id: &'static str = if t.id == "transition-approval" {
                        "transition-approval"
                    } else {
                        "transition-conditions"
                    };
                    (id, t.due())
                })
                .collect();
            v.sort();
            v
        },
    );
}

#[test]
fn incident_reports() {
    // (notify hours, closing only beyond capacity, immediate on serious disruption)
    let nd85 = "Decision 05/2017 Art. 11; Circular 20/2017 Art. 9.2.a–b";
    let nd331 = "Decree 331 Art. 31.2.d";
    table(
        "incident_report",
        [
            ((120, Some(vec![When::BeyondCapacity]), false), nd85),
            ((120, Some(vec![When::BeyondCapacity]), false), nd85),
            ((120, Some(vec![When::BeyondCapacity]), false), nd85),
            ((72, None, true), nd331),
            ((72, None, true), nd331),
            ((72, None, true), nd331),
        ],
        |p, _| {
            (
                p.incident_report("notify").unwrap().hours,
                p.incident_report("closing").map(|r| r.when.clone()),
                p.incident_report("immediate")
                    .is_some_and(|r| r.when.contains(&When::SeriousDisruption)),
            )
        },
    );
}

#[test]
fn budget_share() {
    let d14 = "Directive 14/CT-TTg (07/6/2019); Telegram 33 §1.a.5";
    let law = "Law 116 Art. 38.1, from 01/7/2026";
    table(
        "budget_share",
        [
            (10, d14),
            (15, law),
            (15, law),
            (15, law),
            (15, law),
            (15, law),
        ],
        |p, _| p.budget.min_share_percent,
    );
}

#[test]
fn authority_and_limits() {
    // (level 4 appraiser, level 3 appraisal limit, level 4 appraisal limit, approval limit)
    let nd85 = "Decree 85 Art. 12; Art. 16.2 (15/30 days); Art. 17.2 (7 working days)";
    let nd331 = "Decree 331 Art. 18; Arts. 23–24 (15/25 and 7 working days)";
    let cal = |days| Limit {
        days,
        working: false,
    };
    let work = |days| Limit {
        days,
        working: true,
    };
    table(
        "authority / appraisal_limit / approval_limit",
        [
            (("ministry", cal(15), cal(30), work(7)), nd85),
            (("ministry", cal(15), cal(30), work(7)), nd85),
            (("ministry", cal(15), cal(30), work(7)), nd85),
            (("ministry", work(15), work(25), work(7)), nd331),
            (("ministry", work(15), work(25), work(7)), nd331),
            (("ministry", work(15), work(25), work(7)), nd331),
        ],
        |p, _| {
            let l = |n| p.for_level(Level::new(n).unwrap()).unwrap();
            (
                if l(4).appraises == "ministry" {
                    "ministry"
                } else {
                    "?"
                },
                l(3).appraisal_limit.unwrap(),
                l(4).appraisal_limit.unwrap(),
                l(5).approval_limit.unwrap(),
            )
        },
    );
    // the recipient of Decree 331's reports is "cơ quan chuyên trách của Bộ Công an" (Art. 31.2.d)
    table(
        "authority names",
        [
            (false, "Circular 20/2017 Art. 9"),
            (false, "Circular 20/2017 Art. 9"),
            (false, "Circular 20/2017 Art. 9"),
            (true, "Decree 331 Art. 31.2.d"),
            (true, "Decree 331 Art. 31.2.d"),
            (true, "Decree 331 Art. 31.2.d"),
        ],
        |p, day| {
            p.authority("response_unit", day, Lang::Vi) == "Cơ quan chuyên trách của Bộ Công an"
        },
    );
}
