//! Unit tests of the rule engine (`engine::deadlines`) and the summary figures on fixed dates,
//! on datasets built by hand, under both rule packs wherever their dates differ.

use chrono::{NaiveDate, NaiveDateTime};

use super::engine::{Baseline, Clock, Deadline, Kind, Status, Subject, deadlines};
use super::model::*;
use super::summary::{Counters, budget_this_year, budget_years, pct, project_below};
use crate::i18n::Lang;
use crate::rules::{Packs, RuleChoice};

const ND85: &str = "nd85-2016";
const ND331: &str = "nd331-2026";
const BOTH: [&str; 2] = [ND85, ND331];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dt(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

/// The pack in force on `today`, or `pin`.
fn choice(today: NaiveDate, pin: Option<&str>) -> RuleChoice {
    RuleChoice::new(Packs::embedded(), today, pin).unwrap()
}

fn dataset(tracking_start: NaiveDate) -> Dataset {
    Dataset::new(Profile::new(tracking_start))
}

/// An owned system at `level`, approved (no date) with its plan fully implemented, so that it
/// produces only an assessment item.
fn sys(id: i64, code: &str, level: u8) -> System {
    let mut s = System::new(code, &format!("System {code}"));
    s.id = id;
    s.level = Level::new(i64::from(level));
    s.dossier = DossierState::Approved;
    s.plan = PlanStatus::Full;
    s
}

fn run(data: &Dataset, today: NaiveDate, pin: Option<&str>, horizon: i64) -> Vec<Deadline> {
    deadlines(data, &choice(today, pin), Clock::on(today), horizon)
}

fn of(items: &[Deadline], kind: Kind) -> Vec<Deadline> {
    items.iter().copied().filter(|i| i.kind == kind).collect()
}

/// The single assessment item of a one-system dataset.
fn assessment(data: &Dataset, today: NaiveDate, pin: &str) -> Deadline {
    let items = of(&run(data, today, Some(pin), 30), Kind::Assessment);
    assert_eq!(items.len(), 1, "{pin}: {items:?}");
    items[0]
}

fn one_system(s: System) -> Dataset {
    let mut data = dataset(d(2020, 1, 1));
    data.systems.push(s);
    data
}

fn assessed(level: u8, on: NaiveDate) -> Dataset {
    let mut s = sys(1, "A", level);
    s.last_assessed_on = Some(on);
    one_system(s)
}

/// (kind, system code, due_on) of every item, for comparing lists.
fn keys(items: &[Deadline], data: &Dataset) -> Vec<(Kind, Option<String>, Option<NaiveDate>)> {
    items
        .iter()
        .map(|i| (i.kind, i.system_code(data).map(str::to_owned), i.due_on))
        .collect()
}

// ---------------------------------------------------------------- assessments

#[test]
fn month_end_clamping_in_both_packs() {
    for pack in BOTH {
        // 29/02/2024 + 24 months = 28/02/2026 (level 1 and 2)
        for level in [1, 2] {
            let a = assessment(&assessed(level, d(2024, 2, 29)), d(2025, 6, 1), pack);
            assert_eq!(a.due_on, Some(d(2026, 2, 28)), "{pack} level {level}");
        }
        // 31/08/2026 + 6 months = 28/02/2027 (level 5)
        let a = assessment(&assessed(5, d(2026, 8, 31)), d(2026, 9, 1), pack);
        assert_eq!(a.due_on, Some(d(2027, 2, 28)), "{pack}");
        // 31/03/2025 + 6 months = 30/09/2025
        let a = assessment(&assessed(5, d(2025, 3, 31)), d(2025, 4, 1), pack);
        assert_eq!(a.due_on, Some(d(2025, 9, 30)), "{pack}");
        // no clamping where the month is long enough: 31/01/2025 + 12 = 31/01/2026
        let a = assessment(&assessed(3, d(2025, 1, 31)), d(2025, 2, 1), pack);
        assert_eq!(a.due_on, Some(d(2026, 1, 31)), "{pack}");
    }
}

#[test]
fn leap_days_in_both_packs() {
    for pack in BOTH {
        // into a leap February: 31/08/2023 + 6 = 29/02/2024
        let a = assessment(&assessed(5, d(2023, 8, 31)), d(2023, 9, 1), pack);
        assert_eq!(a.due_on, Some(d(2024, 2, 29)), "{pack}");
        // from a leap day: 29/02/2024 + 12 = 28/02/2025
        let a = assessment(&assessed(3, d(2024, 2, 29)), d(2024, 3, 1), pack);
        assert_eq!(a.due_on, Some(d(2025, 2, 28)), "{pack}");
        // a clamped 28/02 stays 28/02, never jumps to the month's end: 28/02/2026 + 24
        let a = assessment(&assessed(2, d(2026, 2, 28)), d(2026, 3, 1), pack);
        assert_eq!(a.due_on, Some(d(2028, 2, 28)), "{pack}");
        // 28/02/2023 + 12 = 28/02/2024 (not 29/02)
        let a = assessment(&assessed(4, d(2023, 2, 28)), d(2023, 3, 1), pack);
        assert_eq!(a.due_on, Some(d(2024, 2, 28)), "{pack}");
        // due on the leap day itself: 0 days left, due soon
        let a = assessment(&assessed(5, d(2023, 8, 31)), d(2024, 2, 29), pack);
        assert_eq!(a.days_left, Some(0));
        assert_eq!(a.status, Status::DueSoon);
        // the day after: one day late
        let a = assessment(&assessed(5, d(2023, 8, 31)), d(2024, 3, 1), pack);
        assert_eq!(a.days_left, Some(-1));
        assert_eq!(a.status, Status::Overdue);
    }
}

#[test]
fn intervals_by_level_in_both_packs() {
    let expected = [24, 24, 12, 12, 6];
    let due = [
        d(2027, 3, 15),
        d(2027, 3, 15),
        d(2026, 3, 15),
        d(2026, 3, 15),
        d(2025, 9, 15),
    ];
    for pack in BOTH {
        for level in 1..=5u8 {
            let a = assessment(&assessed(level, d(2025, 3, 15)), d(2025, 4, 1), pack);
            let i = usize::from(level - 1);
            assert_eq!(a.due_on, Some(due[i]), "{pack} level {level}");
            match a.subject {
                Subject::Assessment {
                    months, baseline, ..
                } => {
                    assert_eq!(months, expected[i], "{pack} level {level}");
                    assert_eq!(baseline, Baseline::Assessed(d(2025, 3, 15)));
                }
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn a_level_change_changes_the_interval() {
    for pack in BOTH {
        let today = d(2026, 1, 10);
        let mut data = assessed(2, d(2025, 3, 15));
        let a = assessment(&data, today, pack);
        assert_eq!(a.due_on, Some(d(2027, 3, 15)));
        assert_eq!(a.status, Status::Upcoming);
        // the same system raised to level 3: 12 months, and now due within the year
        data.systems[0].level = Level::new(3);
        let a = assessment(&data, today, pack);
        assert_eq!(a.due_on, Some(d(2026, 3, 15)));
        assert_eq!(a.days_left, Some(64));
        // level 5: 6 months, already late
        data.systems[0].level = Level::new(5);
        let a = assessment(&data, today, pack);
        assert_eq!(a.due_on, Some(d(2025, 9, 15)));
        assert_eq!(a.status, Status::Overdue);
        // lowered to level 1: back to 24 months
        data.systems[0].level = Level::new(1);
        assert_eq!(assessment(&data, today, pack).due_on, Some(d(2027, 3, 15)));
        // no level: no assessment item at all
        data.systems[0].level = None;
        let items = run(&data, today, Some(pack), 30);
        assert!(of(&items, Kind::Assessment).is_empty(), "{pack}");
    }
}

#[test]
fn officer_intervals_apply_only_where_the_pack_allows() {
    let mut data = assessed(3, d(2025, 3, 15));
    data.profile.assessment_months = Some([36, 36, 18, 18, 9]);
    let today = d(2026, 1, 10);
    // nd331 is adjustable: 18 months
    let a = assessment(&data, today, ND331);
    assert_eq!(a.due_on, Some(d(2026, 9, 15)));
    // nd85 is not: the decree's 12 months stand
    let a = assessment(&data, today, ND85);
    assert_eq!(a.due_on, Some(d(2026, 3, 15)));
}

#[test]
fn never_assessed_is_overdue_without_a_date_and_sorts_first() {
    for pack in BOTH {
        let mut never = sys(1, "NEVER", 2);
        never.dossier = DossierState::Drafting; // also an approval item, due 30/09/2024
        let mut data = one_system(never);
        data.systems.push({
            let mut s = sys(2, "AAA", 3);
            s.last_assessed_on = Some(d(2020, 1, 1));
            s
        });
        let today = d(2026, 1, 10);
        // even with a horizon of a hundred years the item is overdue
        let items = run(&data, today, Some(pack), 36_500);
        let first = items[0];
        assert_eq!(first.kind, Kind::Assessment);
        assert_eq!(first.system_code(&data), Some("NEVER"));
        assert_eq!(first.due_on, None);
        assert_eq!(first.days_left, None);
        assert_eq!(first.status, Status::Overdue);
        assert!(matches!(
            first.subject,
            Subject::Assessment {
                baseline: Baseline::Never,
                months: 24,
                ..
            }
        ));
        // the oldest dated item (assessed 2020 + 12 months) comes right after
        assert_eq!(items[1].due_on, Some(d(2021, 1, 1)));
        assert_eq!(items[1].system_code(&data), Some("AAA"));
        assert!(items[1..].iter().all(|i| i.due_on.is_some()));
        let rules = choice(today, Some(pack));
        assert!(
            first
                .title(&data, &rules, Lang::En)
                .starts_with("Never assessed (level 2)")
        );
        assert!(
            first
                .title(&data, &rules, Lang::Vi)
                .starts_with("Chưa từng kiểm tra, đánh giá (cấp độ 2)")
        );
    }
}

#[test]
fn the_approval_date_is_the_baseline_without_an_assessment() {
    for pack in BOTH {
        let mut s = sys(1, "A", 3);
        s.approved_on = Some(d(2025, 5, 31));
        let mut data = one_system(s);
        let a = assessment(&data, d(2025, 6, 1), pack);
        assert_eq!(a.due_on, Some(d(2026, 5, 31)));
        assert!(matches!(
            a.subject,
            Subject::Assessment {
                baseline: Baseline::Approved(x),
                ..
            } if x == d(2025, 5, 31)
        ));
        // level 5 from an approval on 31/08: clamped to 28/02
        data.systems[0].level = Level::new(5);
        data.systems[0].approved_on = Some(d(2026, 8, 31));
        assert_eq!(
            assessment(&data, d(2026, 9, 1), pack).due_on,
            Some(d(2027, 2, 28))
        );
        // an assessment, when there is one, wins over the approval date (even an older one)
        data.systems[0].level = Level::new(3);
        data.systems[0].approved_on = Some(d(2025, 10, 1));
        data.systems[0].last_assessed_on = Some(d(2025, 8, 1));
        let a = assessment(&data, d(2025, 11, 1), pack);
        assert_eq!(a.due_on, Some(d(2026, 8, 1)));
        assert!(matches!(
            a.subject,
            Subject::Assessment {
                baseline: Baseline::Assessed(_),
                ..
            }
        ));
    }
}

#[test]
fn a_future_go_live_is_the_first_assessment_date() {
    for pack in BOTH {
        let today = d(2026, 11, 29);
        let mut s = sys(1, "NEW", 3);
        s.go_live_on = Some(d(2027, 1, 15));
        let mut data = one_system(s);
        let a = assessment(&data, today, pack);
        assert_eq!(a.due_on, Some(d(2027, 1, 15)));
        assert_eq!(a.days_left, Some(47));
        assert!(matches!(
            a.subject,
            Subject::Assessment {
                baseline: Baseline::GoLive(_),
                ..
            }
        ));
        let rules = choice(today, Some(pack));
        assert!(
            a.title(&data, &rules, Lang::En)
                .starts_with("Assessment before go-live (level 3)")
        );
        // an earlier assessment does not move it: go-live is still ahead
        data.systems[0].last_assessed_on = Some(d(2026, 10, 1));
        data.systems[0].approved_on = Some(d(2026, 10, 20));
        assert_eq!(assessment(&data, today, pack).due_on, Some(d(2027, 1, 15)));
        // go-live today is not "after the reference date": the usual baseline applies
        data.systems[0].go_live_on = Some(today);
        let a = assessment(&data, today, pack);
        assert_eq!(a.due_on, Some(d(2027, 10, 1)));
        data.systems[0].last_assessed_on = None;
        data.systems[0].approved_on = None;
        assert_eq!(assessment(&data, today, pack).due_on, None);
    }
}

// ------------------------------------------------------- approval and plan

/// (approval due, plan due) of one owned system neither approved nor fully implemented.
fn approval_and_plan(go_live: Option<NaiveDate>, pack: &str) -> (NaiveDate, NaiveDate) {
    let mut s = sys(1, "A", 2);
    s.dossier = DossierState::Submitted;
    s.plan = PlanStatus::Partial;
    s.go_live_on = go_live;
    let data = one_system(s);
    let items = run(&data, d(2024, 1, 2), Some(pack), 30);
    let a = of(&items, Kind::Approval);
    let p = of(&items, Kind::Plan);
    assert_eq!((a.len(), p.len()), (1, 1), "{pack} {go_live:?}");
    (a[0].due_on.unwrap(), p[0].due_on.unwrap())
}

#[test]
fn approval_and_plan_deadlines_follow_go_live() {
    for pack in BOTH {
        let cases = [
            (None, d(2024, 9, 30), d(2024, 12, 31)),
            (Some(d(2019, 1, 1)), d(2024, 9, 30), d(2024, 12, 31)),
            // on the deadline itself is not "after" it
            (Some(d(2024, 9, 30)), d(2024, 9, 30), d(2024, 12, 31)),
            (Some(d(2024, 10, 1)), d(2024, 10, 1), d(2024, 12, 31)),
            (Some(d(2024, 12, 31)), d(2024, 12, 31), d(2024, 12, 31)),
            (Some(d(2025, 1, 1)), d(2025, 1, 1), d(2025, 1, 1)),
            (Some(d(2027, 1, 15)), d(2027, 1, 15), d(2027, 1, 15)),
        ];
        for (go_live, approval, plan) in cases {
            assert_eq!(
                approval_and_plan(go_live, pack),
                (approval, plan),
                "{pack} go-live {go_live:?}"
            );
        }
    }
}

#[test]
fn approval_and_plan_items_depend_on_the_states() {
    let today = d(2026, 11, 29);
    for pack in BOTH {
        for state in DossierState::ALL {
            for plan in PlanStatus::ALL {
                let mut s = sys(1, "A", 2);
                s.dossier = *state;
                s.plan = *plan;
                s.last_assessed_on = Some(d(2026, 1, 1));
                let items = run(&one_system(s), today, Some(pack), 30);
                let approvals = of(&items, Kind::Approval).len();
                let plans = of(&items, Kind::Plan).len();
                assert_eq!(
                    approvals,
                    usize::from(*state != DossierState::Approved),
                    "{pack} {state:?}"
                );
                assert_eq!(
                    plans,
                    usize::from(*plan != PlanStatus::Full),
                    "{pack} {plan:?}"
                );
            }
        }
        // the approval title names the state and the level
        let mut s = sys(1, "A", 4);
        s.dossier = DossierState::Submitted;
        let data = one_system(s);
        let items = run(&data, today, Some(pack), 30);
        let a = of(&items, Kind::Approval)[0];
        let rules = choice(today, Some(pack));
        assert_eq!(
            a.title(&data, &rules, Lang::En),
            "Approve the level 4 dossier (submitted): System A"
        );
        assert!(a.basis(&data, &rules, Lang::En).contains("09/CT-TTg"));
        assert_eq!(a.days_left, Some(-790));
        assert_eq!(a.status, Status::Overdue);
        // a re-determination is due from its event (here unknown: the tracking start, 01/01/2020),
        // never from 30/09/2024 (Decree 85 Art. 18; Decree 331 Art. 25)
        let mut data = data;
        data.systems[0].dossier = DossierState::Redetermine;
        let a = of(&run(&data, today, Some(pack), 30), Kind::Approval)[0];
        assert_eq!(
            a.title(&data, &rules, Lang::En),
            "Re-determine level 4 (needed since 01/01/2020): System A"
        );
        assert!(
            a.basis(&data, &rules, Lang::En)
                .contains("re-determination")
        );
    }
}

// ------------------------------------------------- which systems produce items

#[test]
fn used_and_decommissioned_systems_produce_nothing() {
    let today = d(2026, 11, 29);
    for pack in BOTH {
        let bare = |id: i64, code: &str| {
            // never assessed, nothing approved: the most items a system can make
            let mut s = sys(id, code, 3);
            s.dossier = DossierState::None;
            s.plan = PlanStatus::None;
            s
        };
        let mut data = dataset(today);
        let mut used = bare(1, "USED");
        used.relation = Relation::Used;
        let mut gone = bare(2, "GONE");
        gone.decommissioned_on = Some(d(2026, 6, 30));
        let mut gone_today = bare(3, "GONE-TODAY");
        gone_today.decommissioned_on = Some(today);
        let mut leaving = bare(4, "LEAVING");
        leaving.decommissioned_on = Some(d(2027, 1, 1));
        data.systems = vec![used, gone, gone_today, leaving];
        let items = run(&data, today, Some(pack), 30);
        let codes: Vec<&str> = items.iter().filter_map(|i| i.system_code(&data)).collect();
        assert_eq!(codes, vec!["LEAVING", "LEAVING", "LEAVING"], "{pack}");
        let kinds: Vec<Kind> = items
            .iter()
            .filter(|i| i.system_code(&data).is_some())
            .map(|i| i.kind)
            .collect();
        assert_eq!(kinds, vec![Kind::Assessment, Kind::Approval, Kind::Plan]);
        // the day before its decommissioning GONE-TODAY still counted
        let items = run(&data, d(2026, 11, 28), Some(pack), 30);
        assert!(
            items
                .iter()
                .any(|i| i.system_code(&data) == Some("GONE-TODAY"))
        );
    }
}

// ------------------------------------------------------------ recurring reports

/// (report id, period, due) of every report item.
fn reports(data: &Dataset, today: NaiveDate, pack: &str) -> Vec<(String, Period, NaiveDate)> {
    let rules = choice(today, Some(pack));
    run(data, today, Some(pack), 30)
        .into_iter()
        .filter_map(|i| match i.subject {
            Subject::Report { rule, period } => Some((
                rules.pack().reports[rule].id.clone(),
                period,
                i.due_on.unwrap(),
            )),
            _ => None,
        })
        .collect()
}

fn q(year: i32, q: u32) -> Period {
    Period::Quarter { year, q }
}

fn r(id: &str, p: Period, due: NaiveDate) -> (String, Period, NaiveDate) {
    (id.to_owned(), p, due)
}

fn submit(data: &mut Dataset, report: &str, period: Period) {
    let id = data.reports.len() as i64 + 1;
    data.reports.push(ReportSubmission {
        id,
        report: report.to_owned(),
        period,
        submitted_on: d(2026, 1, 1),
        doc_no: String::new(),
    });
}

#[test]
fn quarterly_reports_exist_only_in_nd85() {
    let data = dataset(d(2026, 4, 1));
    let today = d(2026, 5, 1);
    assert_eq!(
        reports(&data, today, ND85),
        vec![
            r("quarterly", q(2026, 2), d(2026, 6, 19)),
            r("annual-internal", Period::Year(2026), d(2026, 12, 19)),
            r("annual", Period::Year(2026), d(2026, 12, 24)),
        ]
    );
    assert_eq!(
        reports(&data, today, ND331),
        vec![
            r("annual-internal", Period::Year(2026), d(2026, 12, 19)),
            r("annual", Period::Year(2026), d(2026, 12, 24)),
        ]
    );
    // "trước ngày 20 của tháng cuối quý" (Telegram 33 §1.c): the last days 19/3, 19/6, 19/9, 19/12
    for (m, day, period) in [
        (3, 19, q(2026, 1)),
        (6, 19, q(2026, 2)),
        (9, 19, q(2026, 3)),
        (12, 19, q(2026, 4)),
    ] {
        let today = d(2026, m, day);
        let data = dataset(today);
        let got = reports(&data, today, ND85);
        assert!(got.contains(&r("quarterly", period, today)), "{got:?}");
    }
}

#[test]
fn unsubmitted_occurrences_stay_listed_from_the_tracking_start() {
    let today = d(2026, 5, 1);
    let mut data = dataset(d(2025, 1, 1));
    let quarterly = |data: &Dataset| -> Vec<Period> {
        reports(data, today, ND85)
            .into_iter()
            .filter(|x| x.0 == "quarterly")
            .map(|x| x.1)
            .collect()
    };
    assert_eq!(
        quarterly(&data),
        vec![
            q(2025, 1),
            q(2025, 2),
            q(2025, 3),
            q(2025, 4),
            q(2026, 1),
            q(2026, 2)
        ]
    );
    // a submitted one leaves the list
    submit(&mut data, "quarterly", q(2025, 3));
    assert_eq!(
        quarterly(&data),
        vec![q(2025, 1), q(2025, 2), q(2025, 4), q(2026, 1), q(2026, 2)]
    );
    // the overdue ones are overdue, the next one is not
    let items = run(&data, today, Some(ND85), 30);
    let rep = of(&items, Kind::Report);
    assert_eq!(rep[0].due_on, Some(d(2025, 3, 19)));
    assert_eq!(rep[0].status, Status::Overdue);
    // a tracking start after 20/06/2025 drops the earlier occurrences
    data.profile.tracking_start = d(2025, 6, 21);
    assert_eq!(quarterly(&data), vec![q(2025, 4), q(2026, 1), q(2026, 2)]);
    // the annual ones of 2025 are overdue (not submitted) and counted
    let annual: Vec<_> = reports(&data, today, ND85)
        .into_iter()
        .filter(|x| x.0 != "quarterly")
        .collect();
    assert_eq!(
        annual,
        vec![
            r("annual-internal", Period::Year(2025), d(2025, 12, 19)),
            r("annual", Period::Year(2025), d(2025, 12, 24)),
            r("annual-internal", Period::Year(2026), d(2026, 12, 19)),
            r("annual", Period::Year(2026), d(2026, 12, 24)),
        ]
    );
    // a tracking start between 20/12 and 25/12 keeps only the later one of that year
    data.profile.tracking_start = d(2025, 12, 21);
    let annual: Vec<_> = reports(&data, today, ND331);
    assert_eq!(
        annual,
        vec![
            r("annual", Period::Year(2025), d(2025, 12, 24)),
            r("annual-internal", Period::Year(2026), d(2026, 12, 19)),
            r("annual", Period::Year(2026), d(2026, 12, 24)),
        ]
    );
}

#[test]
fn quarterly_reports_count_from_the_telegram() {
    // Telegram 33 (07/04/2024): the first quarterly report is the one of Q2/2024
    let data = dataset(d(2023, 1, 1));
    let got: Vec<Period> = reports(&data, d(2024, 12, 1), ND85)
        .into_iter()
        .filter(|x| x.0 == "quarterly")
        .map(|x| x.1)
        .collect();
    assert_eq!(got, vec![q(2024, 2), q(2024, 3), q(2024, 4)]);
}

#[test]
fn the_annual_report_settles_the_internal_one() {
    for pack in BOTH {
        let today = d(2026, 11, 29);
        let mut data = dataset(d(2026, 1, 1));
        submit(&mut data, "annual", Period::Year(2026));
        let got: Vec<_> = reports(&data, today, pack)
            .into_iter()
            .filter(|x| x.0 != "quarterly")
            .collect();
        // both of 2026 are settled, so the next ones are 2027's
        assert_eq!(
            got,
            vec![
                r("annual-internal", Period::Year(2027), d(2027, 12, 19)),
                r("annual", Period::Year(2027), d(2027, 12, 24)),
            ],
            "{pack}"
        );
        // the internal report does not settle the ministry's
        let mut data = dataset(d(2026, 1, 1));
        submit(&mut data, "annual-internal", Period::Year(2026));
        let got: Vec<_> = reports(&data, today, pack)
            .into_iter()
            .filter(|x| x.0 != "quarterly")
            .collect();
        assert_eq!(
            got,
            vec![
                r("annual", Period::Year(2026), d(2026, 12, 24)),
                r("annual-internal", Period::Year(2027), d(2027, 12, 19)),
            ],
            "{pack}"
        );
    }
}

#[test]
fn a_submitted_next_occurrence_is_skipped() {
    let today = d(2026, 5, 1);
    let mut data = dataset(d(2026, 4, 1));
    submit(&mut data, "quarterly", q(2026, 2));
    let got: Vec<_> = reports(&data, today, ND85)
        .into_iter()
        .filter(|x| x.0 == "quarterly")
        .collect();
    assert_eq!(got, vec![r("quarterly", q(2026, 3), d(2026, 9, 19))]);
}

#[test]
fn report_titles_name_the_period() {
    let today = d(2026, 5, 1);
    let data = dataset(today);
    let rules = choice(today, Some(ND85));
    let items = run(&data, today, Some(ND85), 30);
    let first = of(&items, Kind::Report)[0];
    assert!(
        first
            .title(&data, &rules, Lang::Vi)
            .ends_with("— Quý II/2026 (trước ngày 20/06/2026)"),
        "{}",
        first.title(&data, &rules, Lang::Vi)
    );
    assert!(
        first
            .title(&data, &rules, Lang::En)
            .ends_with("— Q2/2026 (before 20/06/2026)")
    );
    assert!(first.basis(&data, &rules, Lang::En).contains("33/CĐ-TTg"));
    assert_eq!(first.system_code(&data), None);
}

// -------------------------------------------------------------- regime items

fn regime(today: NaiveDate, pack: &str) -> Vec<NaiveDate> {
    let data = dataset(today);
    of(&run(&data, today, Some(pack), 30), Kind::Regime)
        .iter()
        .map(|i| i.due_on.unwrap())
        .collect()
}

#[test]
fn regime_deadlines_are_listed_only_while_ahead() {
    // nd85: 30/04/2024 (Telegram 33 review) and 01/07/2026 (the new law)
    assert_eq!(
        regime(d(2024, 4, 1), ND85),
        vec![d(2024, 4, 30), d(2026, 7, 1)]
    );
    assert_eq!(
        regime(d(2024, 4, 30), ND85),
        vec![d(2024, 4, 30), d(2026, 7, 1)]
    );
    assert_eq!(regime(d(2024, 5, 1), ND85), vec![d(2026, 7, 1)]);
    assert_eq!(regime(d(2026, 7, 1), ND85), vec![d(2026, 7, 1)]);
    assert_eq!(regime(d(2026, 7, 2), ND85), Vec::<NaiveDate>::new());
    // nd331: the transition clocks are per system (`transition_clocks_per_system`), so a
    // dataset without systems has none, whether pinned or not
    assert_eq!(regime(d(2026, 11, 29), ND331), Vec::<NaiveDate>::new());
    let data = dataset(d(2026, 11, 29));
    let today = d(2026, 11, 29);
    let got: Vec<_> = of(&run(&data, today, None, 30), Kind::Regime)
        .iter()
        .map(|i| i.due_on.unwrap())
        .collect();
    assert_eq!(got, Vec::<NaiveDate>::new());
}

// ----------------------------------------------------------------- incidents

fn incident(id: i64, detected: NaiveDateTime) -> Incident {
    Incident {
        id,
        system_id: None,
        title: format!("incident {id}"),
        detected_at: detected,
        kind: IncidentKind::Ransomware,
        severity: Severity::Normal,
        beyond_capacity: false,
        national_security: false,
        serious_disruption: false,
        response_ended_at: None,
        lessons: String::new(),
        notes: String::new(),
        reports: Vec::new(),
    }
}

/// (pack id, report id, due instant) of every incident item, in order.
fn clocks(
    data: &Dataset,
    today: NaiveDate,
    pin: Option<&str>,
) -> Vec<(String, String, NaiveDateTime)> {
    let rules = choice(today, pin);
    run(data, today, pin, 30)
        .into_iter()
        .filter_map(|i| match i.subject {
            Subject::Incident { pack, rule, .. } => {
                let p = rules.packs.get(pack);
                assert_eq!(i.due_on, i.due_at.map(|x| x.date()));
                Some((
                    p.id.clone(),
                    p.incident_reports[rule].id.clone(),
                    i.due_at.unwrap(),
                ))
            }
            _ => None,
        })
        .collect()
}

fn c(pack: &str, id: &str, at: NaiveDateTime) -> (String, String, NaiveDateTime) {
    (pack.to_owned(), id.to_owned(), at)
}

#[test]
fn nd85_incident_clocks() {
    let today = d(2026, 3, 11);
    let mut data = dataset(d(2026, 1, 1));
    let mut inc = incident(1, dt(2026, 3, 10, 9, 30));
    data.incidents.push(inc.clone());
    // within 5 days (120 hours) of detection
    assert_eq!(
        clocks(&data, today, None),
        vec![c(ND85, "notify", dt(2026, 3, 15, 9, 30))]
    );
    // serious or touching national security adds nothing under nd85
    inc.severity = Severity::Serious;
    inc.national_security = true;
    data.incidents[0] = inc.clone();
    assert_eq!(clocks(&data, today, None).len(), 1);
    // beyond capacity: an initial report at once (due at detection, so already late)
    inc.beyond_capacity = true;
    data.incidents[0] = inc.clone();
    assert_eq!(
        clocks(&data, today, None),
        vec![
            c(ND85, "initial", dt(2026, 3, 10, 9, 30)),
            c(ND85, "notify", dt(2026, 3, 15, 9, 30)),
        ]
    );
    let items = of(&run(&data, today, None, 30), Kind::Incident);
    assert_eq!(items[0].days_left, Some(-1));
    assert_eq!(items[0].status, Status::Overdue);
    // the response ended: a closing report within 5 days after it
    inc.response_ended_at = Some(dt(2026, 3, 12, 17, 0));
    data.incidents[0] = inc.clone();
    assert_eq!(
        clocks(&data, today, None),
        vec![
            c(ND85, "initial", dt(2026, 3, 10, 9, 30)),
            c(ND85, "notify", dt(2026, 3, 15, 9, 30)),
            c(ND85, "closing", dt(2026, 3, 17, 17, 0)),
        ]
    );
    // a sent report produces no item
    inc.reports.push(SentReport {
        report: "initial".into(),
        sent_at: dt(2026, 3, 10, 10, 0),
        recipients: "VNCERT/CC".into(),
    });
    inc.reports.push(SentReport {
        report: "notify".into(),
        sent_at: dt(2026, 3, 11, 8, 0),
        recipients: "VNCERT/CC".into(),
    });
    data.incidents[0] = inc.clone();
    assert_eq!(
        clocks(&data, today, None),
        vec![c(ND85, "closing", dt(2026, 3, 17, 17, 0))]
    );
    inc.reports.push(SentReport {
        report: "closing".into(),
        sent_at: dt(2026, 3, 13, 8, 0),
        recipients: String::new(),
    });
    data.incidents[0] = inc;
    assert!(clocks(&data, today, None).is_empty());
}

#[test]
fn nd331_incident_clocks() {
    let today = d(2026, 9, 1);
    let mut data = dataset(d(2026, 1, 1));
    let mut inc = incident(1, dt(2026, 9, 1, 8, 0));
    inc.response_ended_at = Some(dt(2026, 9, 1, 20, 0)); // no closing report in nd331
    inc.beyond_capacity = true; // no special clock in nd331
    data.incidents.push(inc.clone());
    // within 72 hours
    assert_eq!(
        clocks(&data, today, None),
        vec![c(ND331, "notify", dt(2026, 9, 4, 8, 0))]
    );
    // serious: an initial notice within 24 hours
    inc.severity = Severity::Serious;
    data.incidents[0] = inc.clone();
    assert_eq!(
        clocks(&data, today, None),
        vec![
            c(ND331, "initial", dt(2026, 9, 2, 8, 0)),
            c(ND331, "notify", dt(2026, 9, 4, 8, 0)),
        ]
    );
    // national security: immediately (0 hours)
    inc.national_security = true;
    data.incidents[0] = inc.clone();
    assert_eq!(
        clocks(&data, today, None),
        vec![
            c(ND331, "immediate", dt(2026, 9, 1, 8, 0)),
            c(ND331, "initial", dt(2026, 9, 2, 8, 0)),
            c(ND331, "notify", dt(2026, 9, 4, 8, 0)),
        ]
    );
    let items = of(&run(&data, today, None, 30), Kind::Incident);
    assert_eq!(items[0].days_left, Some(0));
    assert_eq!(items[0].status, Status::DueSoon);
    // sent reports drop out
    inc.reports.push(SentReport {
        report: "immediate".into(),
        sent_at: dt(2026, 9, 1, 8, 30),
        recipients: "A05".into(),
    });
    data.incidents[0] = inc;
    assert_eq!(
        clocks(&data, today, None),
        vec![
            c(ND331, "initial", dt(2026, 9, 2, 8, 0)),
            c(ND331, "notify", dt(2026, 9, 4, 8, 0)),
        ]
    );
}

#[test]
fn incidents_are_judged_by_the_pack_in_force_on_detection() {
    let today = d(2026, 11, 29); // nd331 in force
    let mut data = dataset(d(2026, 1, 1));
    let mut before = incident(1, dt(2026, 8, 18, 23, 0)); // last day of nd85
    before.response_ended_at = Some(dt(2026, 8, 20, 12, 0));
    data.incidents.push(before);
    data.incidents.push(incident(2, dt(2026, 8, 19, 0, 0))); // first day of nd331
    assert_eq!(
        clocks(&data, today, None),
        vec![
            // within capacity: the notification is updated when handling ends (Circular 20
            // Art. 9.2.a), no Form 04
            c(ND85, "update", dt(2026, 8, 20, 12, 0)),
            c(ND331, "notify", dt(2026, 8, 22, 0, 0)),
            c(ND85, "notify", dt(2026, 8, 23, 23, 0)),
        ]
    );
    // the citation follows the incident's pack, not the one governing the view
    let rules = choice(today, None);
    assert_eq!(rules.pack().id, ND331);
    let items = of(&run(&data, today, None, 30), Kind::Incident);
    assert!(
        items[2]
            .basis(&data, &rules, Lang::En)
            .contains("Decision 05/2017")
    );
    assert!(
        items[1]
            .basis(&data, &rules, Lang::En)
            .contains("Decree 331/2026")
    );
    // a pinned pack judges every incident
    assert_eq!(
        clocks(&data, today, Some(ND331)),
        vec![
            c(ND331, "notify", dt(2026, 8, 21, 23, 0)),
            c(ND331, "notify", dt(2026, 8, 22, 0, 0)),
        ]
    );
    assert_eq!(
        clocks(&data, today, Some(ND85)),
        vec![
            c(ND85, "update", dt(2026, 8, 20, 12, 0)),
            c(ND85, "notify", dt(2026, 8, 23, 23, 0)),
            c(ND85, "notify", dt(2026, 8, 24, 0, 0)),
        ]
    );
}

#[test]
fn incident_items_name_their_system_and_count_hours() {
    let today = d(2026, 9, 3);
    let mut data = one_system(sys(7, "KT", 1));
    data.systems[0].last_assessed_on = Some(d(2026, 1, 1));
    let mut inc = incident(1, dt(2026, 9, 1, 8, 0));
    inc.system_id = Some(7);
    data.incidents.push(inc);
    let rules = choice(today, None);
    let clock = Clock {
        today,
        now: dt(2026, 9, 3, 20, 0),
    };
    let items = of(&deadlines(&data, &rules, clock, 30), Kind::Incident);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].system_code(&data), Some("KT"));
    assert_eq!(items[0].hours_left(clock.now), Some(12));
    assert_eq!(items[0].hours_left(dt(2026, 9, 4, 9, 30)), Some(-2));
    assert_eq!(
        items[0].title(&data, &rules, Lang::En),
        "Incident report (cause, scope, remedy) within 72 hours — incident 1"
    );
}

// ---------------------------------------------------------- custom deadlines

fn custom(
    id: i64,
    due: NaiveDate,
    rec: Option<Recurrence>,
    done: Option<NaiveDate>,
) -> CustomDeadline {
    CustomDeadline {
        id,
        title: format!("custom {id}"),
        due_on: due,
        recurrence: rec,
        source_doc: String::new(),
        system_id: None,
        done_on: done,
        notes: String::new(),
    }
}

fn custom_due(c: CustomDeadline, tracking_start: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let mut data = dataset(tracking_start);
    data.customs.push(c);
    let items = of(&run(&data, today, None, 30), Kind::Custom);
    assert!(items.len() <= 1);
    items.first().map(|i| i.due_on.unwrap())
}

#[test]
fn one_off_custom_deadlines_last_until_done() {
    let ts = d(2026, 1, 1);
    let today = d(2026, 11, 29);
    assert_eq!(
        custom_due(custom(1, d(2026, 12, 15), None, None), ts, today),
        Some(d(2026, 12, 15))
    );
    // a late one stays listed
    assert_eq!(
        custom_due(custom(1, d(2026, 3, 1), None, None), ts, today),
        Some(d(2026, 3, 1))
    );
    assert_eq!(
        custom_due(
            custom(1, d(2026, 3, 1), None, Some(d(2026, 3, 2))),
            ts,
            today
        ),
        None
    );
    assert_eq!(
        custom_due(
            custom(1, d(2026, 12, 15), None, Some(d(2026, 11, 1))),
            ts,
            today
        ),
        None
    );
}

#[test]
fn recurring_custom_deadlines_count_from_their_first_date_without_drift() {
    let ts = d(2026, 1, 1);
    let today = d(2026, 1, 5);
    let monthly = |done| custom(1, d(2026, 1, 31), Some(Recurrence::Monthly), done);
    assert_eq!(custom_due(monthly(None), ts, today), Some(d(2026, 1, 31)));
    assert_eq!(
        custom_due(monthly(Some(d(2026, 1, 31))), ts, today),
        Some(d(2026, 2, 28))
    );
    // 28/02 does not become the new day of the month
    assert_eq!(
        custom_due(monthly(Some(d(2026, 2, 28))), ts, today),
        Some(d(2026, 3, 31))
    );
    assert_eq!(
        custom_due(monthly(Some(d(2026, 3, 31))), ts, today),
        Some(d(2026, 4, 30))
    );
    assert_eq!(
        custom_due(monthly(Some(d(2026, 4, 30))), ts, today),
        Some(d(2026, 5, 31))
    );
    // done early, mid-month: the next occurrence after it
    assert_eq!(
        custom_due(monthly(Some(d(2026, 2, 10))), ts, today),
        Some(d(2026, 2, 28))
    );
    // an occurrence missed stays listed, overdue
    let mut data = dataset(ts);
    data.customs.push(monthly(Some(d(2026, 1, 31))));
    let item = of(&run(&data, d(2026, 4, 10), None, 30), Kind::Custom)[0];
    assert_eq!(item.due_on, Some(d(2026, 2, 28)));
    assert_eq!(item.days_left, Some(-41));
    assert_eq!(item.status, Status::Overdue);

    let quarterly = |done| custom(1, d(2025, 11, 30), Some(Recurrence::Quarterly), done);
    let ts = d(2025, 1, 1);
    assert_eq!(
        custom_due(quarterly(Some(d(2025, 11, 30))), ts, today),
        Some(d(2026, 2, 28))
    );
    assert_eq!(
        custom_due(quarterly(Some(d(2026, 2, 28))), ts, today),
        Some(d(2026, 5, 30))
    );

    let yearly = |done| custom(1, d(2024, 2, 29), Some(Recurrence::Yearly), done);
    let ts = d(2024, 1, 1);
    assert_eq!(
        custom_due(yearly(Some(d(2024, 2, 29))), ts, today),
        Some(d(2025, 2, 28))
    );
    assert_eq!(
        custom_due(yearly(Some(d(2025, 2, 28))), ts, today),
        Some(d(2026, 2, 28))
    );
    assert_eq!(
        custom_due(yearly(Some(d(2027, 3, 1))), ts, today),
        Some(d(2028, 2, 29))
    );
}

#[test]
fn recurring_custom_deadlines_start_at_the_tracking_start() {
    let monthly = custom(1, d(2025, 1, 15), Some(Recurrence::Monthly), None);
    assert_eq!(
        custom_due(monthly, d(2026, 3, 1), d(2026, 3, 5)),
        Some(d(2026, 3, 15))
    );
}

#[test]
fn custom_deadlines_carry_their_source_and_system() {
    let today = d(2026, 11, 29);
    let mut data = one_system(sys(3, "GIS", 2));
    data.systems[0].last_assessed_on = Some(d(2026, 1, 1));
    let mut c1 = custom(1, d(2026, 12, 15), Some(Recurrence::Monthly), None);
    c1.source_doc = "812/UBND-KSTTHC".into();
    c1.system_id = Some(3);
    data.customs.push(c1);
    data.customs.push(custom(2, d(2026, 12, 16), None, None));
    let rules = choice(today, None);
    let items = of(&run(&data, today, None, 30), Kind::Custom);
    assert_eq!(items[0].system_code(&data), Some("GIS"));
    assert_eq!(
        items[0].title(&data, &rules, Lang::Vi),
        "custom 1 (812/UBND-KSTTHC)"
    );
    assert_eq!(
        items[0].basis(&data, &rules, Lang::En),
        "812/UBND-KSTTHC; monthly"
    );
    assert_eq!(items[1].system_code(&data), None);
    assert_eq!(items[1].title(&data, &rules, Lang::En), "custom 2");
    assert_eq!(
        items[1].basis(&data, &rules, Lang::En),
        "entered by the officer"
    );
}

// ------------------------------------------------------- status and ordering

#[test]
fn status_classification_with_a_horizon() {
    assert_eq!(Status::classify(None, 30), Status::Overdue);
    assert_eq!(Status::classify(Some(-1), 30), Status::Overdue);
    assert_eq!(Status::classify(Some(-400), 30), Status::Overdue);
    assert_eq!(Status::classify(Some(0), 30), Status::DueSoon);
    assert_eq!(Status::classify(Some(0), 0), Status::DueSoon);
    assert_eq!(Status::classify(Some(1), 0), Status::Upcoming);
    assert_eq!(Status::classify(Some(30), 30), Status::DueSoon);
    assert_eq!(Status::classify(Some(31), 30), Status::Upcoming);

    // through the engine: a deadline 30 days ahead
    let today = d(2026, 11, 29);
    let mut data = dataset(today);
    data.customs.push(custom(1, d(2026, 12, 29), None, None));
    let status = |h| of(&run(&data, today, None, h), Kind::Custom)[0].status;
    assert_eq!(status(30), Status::DueSoon);
    assert_eq!(status(29), Status::Upcoming);
    assert_eq!(status(365), Status::DueSoon);
    assert_eq!(status(0), Status::Upcoming);
    let item = of(&run(&data, today, None, 30), Kind::Custom)[0];
    assert_eq!(item.days_left, Some(30));
}

#[test]
fn items_are_ordered_null_first_then_by_date() {
    for pack in BOTH {
        let today = d(2026, 11, 29);
        let mut data = dataset(d(2025, 1, 1));
        let mut never_b = sys(1, "B-NEVER", 2);
        never_b.dossier = DossierState::Drafting;
        let never_a = sys(2, "A-NEVER", 1);
        let mut dated = sys(3, "DATED", 3);
        dated.last_assessed_on = Some(d(2025, 12, 1));
        dated.plan = PlanStatus::Partial;
        let mut new = sys(4, "NEW", 3);
        new.go_live_on = Some(d(2027, 2, 1));
        new.dossier = DossierState::Submitted;
        new.plan = PlanStatus::None;
        data.systems = vec![never_b, never_a, dated, new];
        data.incidents.push(incident(1, dt(2026, 11, 28, 10, 0)));
        data.customs.push(custom(1, d(2026, 12, 1), None, None));
        let items = run(&data, today, Some(pack), 30);
        // the never-assessed first, by system code
        assert_eq!(items[0].system_code(&data), Some("A-NEVER"));
        assert_eq!(items[1].system_code(&data), Some("B-NEVER"));
        assert_eq!((items[0].due_on, items[1].due_on), (None, None));
        // then non-decreasing dates
        for w in items[2..].windows(2) {
            assert!(w[0].due_on.unwrap() <= w[1].due_on.unwrap(), "{w:?}");
        }
        // the order does not depend on the order of the input
        let mut rev = data.clone();
        rev.systems.reverse();
        for (i, s) in rev.systems.iter_mut().enumerate() {
            s.id = i as i64 + 1;
        }
        let again = run(&rev, today, Some(pack), 30);
        assert_eq!(keys(&items, &data), keys(&again, &rev), "{pack}");
        // same date: ordered by kind (assessment, approval, plan, ...), then system code
        let feb: Vec<_> = items
            .iter()
            .filter(|i| i.due_on == Some(d(2027, 2, 1)))
            .map(|i| i.kind)
            .collect();
        assert_eq!(feb, vec![Kind::Assessment, Kind::Approval, Kind::Plan]);
    }
}

#[test]
fn the_whole_list_for_one_dataset_in_both_packs() {
    // one approved system and a fresh incident, judged on 29/11/2026
    let today = d(2026, 11, 29);
    let mut data = dataset(d(2026, 9, 1));
    let mut a = sys(1, "A", 3);
    a.approved_on = Some(d(2025, 12, 20));
    data.systems.push(a);
    data.incidents.push(incident(1, dt(2026, 11, 27, 14, 0)));
    let got = |pack| {
        run(&data, today, Some(pack), 30)
            .iter()
            .map(|i| (i.kind, i.due_on.unwrap(), i.days_left.unwrap(), i.status))
            .collect::<Vec<_>>()
    };
    use Kind::*;
    use Status::*;
    assert_eq!(
        got(ND331),
        vec![
            (Incident, d(2026, 11, 30), 1, DueSoon), // 72 hours
            (Report, d(2026, 12, 19), 20, DueSoon),  // "trước ngày 20/12/2026"
            (Assessment, d(2026, 12, 20), 21, DueSoon),
            (Report, d(2026, 12, 24), 25, DueSoon), // "trước ngày 25/12/2026"
            // levelled before 01/7/2026: new conditions by 30/06/2027 (Law 116 Art. 45.1)
            (Regime, d(2027, 6, 30), 213, Upcoming),
        ]
    );
    assert_eq!(
        got(ND85),
        vec![
            (Report, d(2026, 9, 19), -71, Overdue), // Q3, after the tracking start
            (Incident, d(2026, 12, 2), 3, DueSoon), // 5 days
            (Report, d(2026, 12, 19), 20, DueSoon), // Q4
            (Report, d(2026, 12, 19), 20, DueSoon), // annual, to the owner
            (Assessment, d(2026, 12, 20), 21, DueSoon),
            (Report, d(2026, 12, 24), 25, DueSoon),
        ]
    );
}

// ------------------------------------------------------------------- summary

#[test]
fn counters_of_the_overview() {
    let today = d(2026, 11, 29);
    let mut data = dataset(d(2026, 9, 1));
    let mut s1 = sys(1, "L1", 1);
    s1.last_assessed_on = Some(d(2026, 1, 1));
    let mut s2 = sys(2, "L3-NEVER", 3);
    s2.dossier = DossierState::Submitted;
    s2.plan = PlanStatus::Partial;
    let mut s3 = sys(3, "L3-LATE", 3);
    s3.last_assessed_on = Some(d(2025, 1, 1));
    let mut s4 = sys(4, "NOLEVEL", 2);
    s4.level = None;
    s4.dossier = DossierState::None;
    let mut s5 = sys(5, "USED", 3);
    s5.relation = Relation::Used;
    let mut s6 = sys(6, "GONE", 5);
    s6.decommissioned_on = Some(d(2026, 1, 1));
    let mut s7 = sys(7, "L5", 5);
    s7.last_assessed_on = Some(d(2026, 10, 1));
    data.systems = vec![s1, s2, s3, s4, s5, s6, s7];
    let mut open = incident(1, dt(2026, 11, 28, 8, 0));
    open.system_id = Some(7);
    let mut closed = incident(2, dt(2026, 10, 1, 8, 0));
    closed.response_ended_at = Some(dt(2026, 10, 2, 8, 0));
    closed.reports.push(SentReport {
        report: "notify".into(),
        sent_at: dt(2026, 10, 1, 9, 0),
        recipients: String::new(),
    });
    data.incidents = vec![open, closed];
    let items = run(&data, today, None, 30);
    let c = Counters::compute(&data, &items, today);
    assert_eq!(c.owned_by_level, [1, 0, 2, 0, 1]);
    assert_eq!(c.owned_total, 5);
    assert_eq!(c.owned_without_level, 1);
    assert_eq!(c.used_total, 1);
    assert_eq!(c.decommissioned, 1);
    assert_eq!(c.approved, 3);
    assert_eq!(c.pending_approvals, 2);
    assert_eq!(c.plans_full, 4);
    assert_eq!(c.never_assessed, 1);
    assert_eq!(c.overdue_assessments, 2);
    assert_eq!(c.open_incidents, 1);
    assert_eq!(c.running_report_clocks, 1);
    let overdue = items.iter().filter(|i| i.status == Status::Overdue).count();
    let soon = items.iter().filter(|i| i.status == Status::DueSoon).count();
    assert_eq!((c.overdue_items, c.due_soon_items), (overdue, soon));
    // L3-NEVER: approval + plan + never; L3-LATE: assessment; NOLEVEL: approval
    assert_eq!(c.overdue_items, 5);
    assert!((c.approved_pct() - 60.0).abs() < 1e-9);
    assert!((c.plans_pct() - 80.0).abs() < 1e-9);
    assert_eq!(Counters::default().approved_pct(), 0.0);
}

fn project(id: i64, year: i32, total: i64, security: i64) -> Project {
    Project {
        id,
        year,
        name: format!("project {id}"),
        total_budget: total,
        security_budget: security,
        notes: String::new(),
    }
}

#[test]
fn budget_share_thresholds_by_pack() {
    let mut data = dataset(d(2024, 1, 1));
    data.projects = vec![
        project(1, 2024, 1_000_000, 90_000), // 9%: below 10%
        project(2, 2025, 600_000, 60_000),   // exactly 10% overall: not below
        project(3, 2025, 400_000, 40_000),
        project(4, 2026, 1_000_000, 120_000), // 12%: fine under nd85, below nd331's 15%
        project(5, 2027, 0, 0),               // no budget: never flagged
    ];
    let today = d(2026, 11, 29);
    let years = budget_years(&data, &choice(today, None), today);
    let summary: Vec<_> = years
        .iter()
        .map(|y| {
            (
                y.year,
                y.total,
                y.security,
                y.projects,
                y.threshold,
                y.below(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (2027, 0, 0, 1, 15, false),
            (2026, 1_000_000, 120_000, 1, 15, true),
            (2025, 1_000_000, 100_000, 2, 10, false),
            (2024, 1_000_000, 90_000, 1, 10, true),
        ]
    );
    let packs = choice(today, None).packs;
    assert_eq!(packs.get(years[1].pack).id, ND331);
    assert_eq!(packs.get(years[2].pack).id, ND85);
    assert!((years[1].share() - 12.0).abs() < 1e-9);
    assert_eq!(years[0].share(), 0.0);
    // on 30/6/2026, under Directive 14, this year's 12% is enough; from 01/7/2026 Law 116
    // Art. 38.1 asks 15% (not from Decree 331's 19/8/2026)
    let today = d(2026, 6, 30);
    let this = budget_this_year(&data, &choice(today, None), today).unwrap();
    assert_eq!((this.year, this.threshold, this.below()), (2026, 10, false));
    let today = d(2026, 7, 1);
    let this = budget_this_year(&data, &choice(today, None), today).unwrap();
    assert_eq!((this.year, this.threshold, this.below()), (2026, 15, true));
    // a pinned pack judges every year
    let years = budget_years(&data, &choice(today, Some(ND331)), today);
    assert!(years.iter().all(|y| y.threshold == 15));
    assert!(years.iter().find(|y| y.year == 2025).unwrap().below());
    let years = budget_years(&data, &choice(d(2026, 11, 29), Some(ND85)), d(2026, 11, 29));
    assert!(years.iter().all(|y| y.threshold == 10));
    assert!(!years.iter().find(|y| y.year == 2026).unwrap().below());
    // no project this year
    assert!(budget_this_year(&data, &choice(d(2028, 1, 1), None), d(2028, 1, 1)).is_none());
}

#[test]
fn project_shares_and_percentages() {
    assert!(project_below(&project(1, 2026, 1000, 99), 10));
    assert!(!project_below(&project(1, 2026, 1000, 100), 10));
    assert!(project_below(&project(1, 2026, 1000, 149), 15));
    assert!(!project_below(&project(1, 2026, 1000, 150), 15));
    assert!(!project_below(&project(1, 2026, 0, 0), 15));
    assert_eq!(pct(1, 4), 25.0);
    assert_eq!(pct(5, 0), 0.0);
}

// ------------------------------------------------- the law as a timeline (issue 12)

/// (report id, period, due) of the report items under the rules in force (nothing pinned).
fn reports_in_force(data: &Dataset, today: NaiveDate) -> Vec<(String, Period, NaiveDate)> {
    let rules = choice(today, None);
    run(data, today, None, 30)
        .into_iter()
        .filter_map(|i| match i.subject {
            Subject::Report { rule, period } => Some((
                rules.pack().reports[rule].id.clone(),
                period,
                i.due_on.unwrap(),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn obligations_accrue_under_the_rule_in_force_when_due_and_stay() {
    // Telegram 33 §1.c: Q2/2026 due 19/6/2026; Decree 331 (19/8/2026) ends the quarterly report
    let data = dataset(d(2026, 4, 1));
    let q2 = r("quarterly", q(2026, 2), d(2026, 6, 19));
    for today in [d(2026, 8, 18), d(2026, 8, 19), d(2026, 11, 29)] {
        let got = reports_in_force(&data, today);
        assert!(got.contains(&q2), "{today}: {got:?}");
        // Q3/2026 falls due (19/9) after the rule ended: never an obligation
        assert!(!got.iter().any(|x| x.1 == q(2026, 3)), "{today}: {got:?}");
    }
    // announced on 01/8/2026, the annual reports of 2026 stay (Circular 12 Art. 13 → Decree
    // 331 Art. 35), due the day before "trước ngày 20/25 tháng 12"
    for today in [d(2026, 8, 1), d(2026, 8, 19)] {
        let got = reports_in_force(&data, today);
        assert!(got.contains(&r("annual-internal", Period::Year(2026), d(2026, 12, 19))));
        assert!(got.contains(&r("annual", Period::Year(2026), d(2026, 12, 24))));
    }
    // the title quotes the text; the form follows the version that governs the period
    let today = d(2026, 8, 19);
    let rules = choice(today, None);
    let items = run(&data, today, None, 30);
    let annual = of(&items, Kind::Report)
        .into_iter()
        .find(|i| i.due_on == Some(d(2026, 12, 24)))
        .unwrap();
    let title = annual.title(&data, &rules, Lang::Vi);
    assert!(title.ends_with("(trước ngày 25/12/2026)"), "{title}");
    assert!(
        annual
            .basis(&data, &rules, Lang::Vi)
            .contains("Nghị định 331")
    );
    // judging by the old regime is the officer's choice: Q3 is then listed
    assert!(
        reports(&data, d(2026, 8, 19), ND85)
            .iter()
            .any(|x| x.1 == q(2026, 3))
    );
}

fn transitions_of(
    data: &Dataset,
    today: NaiveDate,
    pin: Option<&str>,
) -> Vec<(String, NaiveDate, Status)> {
    of(&run(data, today, pin, 30), Kind::Regime)
        .iter()
        .filter(|i| matches!(i.subject, Subject::Transition { .. }))
        .map(|i| {
            (
                i.system_code(data).unwrap().to_owned(),
                i.due_on.unwrap(),
                i.status,
            )
        })
        .collect()
}

#[test]
fn transition_clocks_per_system() {
    // Law 116 Art. 45.1: a levelled system meets the new conditions by 30/06/2027;
    // Decree 331 Art. 39.1: a system under investment before 01/7/2026 is approved under
    // Decree 85 by 31/12/2026 (both counted by Civil Code 2015 Arts. 147–148)
    let mut data = dataset(d(2026, 1, 1));
    let mut levelled = sys(1, "OLD", 3);
    levelled.approved_on = Some(d(2025, 5, 1));
    levelled.last_assessed_on = Some(d(2026, 5, 1));
    let mut building = System::new("NEW", "New system");
    building.id = 2;
    building.level = Level::new(2);
    building.under_investment = true;
    building.plan = PlanStatus::Full;
    building.go_live_on = Some(d(2027, 3, 1));
    data.systems = vec![levelled, building];
    macro_rules! t {
        ($y:expr, $m:expr, $d:expr) => {
            transitions_of(&data, d($y, $m, $d), None)
        };
    }
    assert_eq!(t!(2026, 6, 30), vec![]);
    assert_eq!(
        t!(2026, 7, 1),
        vec![("OLD".to_owned(), d(2027, 6, 30), Status::Upcoming)]
    );
    assert_eq!(t!(2026, 8, 18).len(), 1);
    let all = t!(2026, 8, 19);
    assert!(all.contains(&("NEW".to_owned(), d(2026, 12, 31), Status::Upcoming)));
    assert!(all.contains(&("OLD".to_owned(), d(2027, 6, 30), Status::Upcoming)));
    // overdue after their date until met
    assert!(t!(2027, 1, 1).contains(&("NEW".to_owned(), d(2026, 12, 31), Status::Overdue)));
    assert!(t!(2027, 7, 1).contains(&("OLD".to_owned(), d(2027, 6, 30), Status::Overdue)));
    // met: the new system approved, the old one approved again under the new rules
    data.systems[1].dossier = DossierState::Approved;
    data.systems[1].approved_on = Some(d(2026, 11, 1));
    data.systems[0].approved_on = Some(d(2027, 2, 1));
    assert_eq!(t!(2027, 7, 1), vec![]);
    // the old regime has no transition clocks
    data.systems[0].approved_on = Some(d(2025, 5, 1));
    assert_eq!(transitions_of(&data, d(2027, 7, 1), Some(ND85)), vec![]);
    // the title names the system and the words of the text
    let today = d(2026, 8, 19);
    let rules = choice(today, None);
    data.systems[1].dossier = DossierState::Drafting;
    let items = run(&data, today, None, 30);
    let item = of(&items, Kind::Regime)
        .into_iter()
        .find(|i| i.due_on == Some(d(2026, 12, 31)))
        .unwrap();
    let title = item.title(&data, &rules, Lang::Vi);
    assert!(
        title.starts_with("Hệ thống đang đầu tư, xây dựng trước 01/7/2026"),
        "{title}"
    );
    assert!(title.ends_with(": New system"), "{title}");
    assert_eq!(
        item.basis(&data, &rules, Lang::Vi),
        "Nghị định 331/2026/NĐ-CP Điều 39 khoản 1"
    );
    assert_eq!(Kind::Regime.label(Lang::Vi), "Mốc chuyển tiếp");
    assert_eq!(Kind::Custom.label(Lang::Vi), "Việc khác");
}

#[test]
fn redetermination_is_due_from_its_event() {
    // Decree 85 Art. 18 / Decree 331 Art. 25: approved 20/9/2024, flagged 15/7/2025
    let mut s = sys(1, "A", 3);
    s.approved_on = Some(d(2024, 9, 20));
    s.dossier = DossierState::Redetermine;
    s.dossier_since = Some(d(2025, 7, 15));
    let data = one_system(s);
    for (today, pin) in [(d(2026, 8, 19), None), (d(2026, 11, 29), Some(ND85))] {
        let rules = choice(today, pin);
        let items = run(&data, today, pin, 30);
        let a = of(&items, Kind::Approval)[0];
        assert_eq!(a.due_on, Some(d(2025, 7, 15)));
        let title = a.title(&data, &rules, Lang::Vi);
        assert!(
            title.starts_with("Xác định lại cấp độ 3 (cần xác định lại từ 15/07/2025)"),
            "{title}"
        );
        assert!(a.note(&rules, Lang::Vi).is_none());
        assert!(a.basis(&data, &rules, Lang::Vi).contains("Điều"));
    } // an imported state without its step's date: due from the day tracking began
    let mut data = data;
    data.systems[0].dossier_since = None;
    data.profile.tracking_start = d(2026, 1, 10);
    let items = run(&data, d(2026, 11, 29), None, 30);
    assert_eq!(of(&items, Kind::Approval)[0].due_on, Some(d(2026, 1, 10)));
}

#[test]
fn the_history_note_is_not_shown_on_items_dated_at_go_live() {
    let today = d(2026, 11, 29);
    let rules = choice(today, None);
    let mut s = System::new("G", "Goes live");
    s.id = 1;
    s.level = Level::new(2);
    s.go_live_on = Some(d(2027, 1, 15));
    let mut old = System::new("O", "Old");
    old.id = 2;
    let mut data = dataset(d(2026, 1, 1));
    data.systems = vec![s, old];
    let items = run(&data, today, None, 30);
    for a in of(&items, Kind::Approval)
        .into_iter()
        .chain(of(&items, Kind::Plan))
    {
        let note = a.note(&rules, Lang::Vi).unwrap_or("");
        if a.due_on == Some(d(2027, 1, 15)) {
            assert!(!note.contains("lịch sử"), "{note}");
            assert!(note.contains("trước khi"), "{note}");
        } else {
            assert!(note.contains("lịch sử"), "{note}");
        }
    }
}

#[test]
fn incident_rules_as_the_texts_say() {
    // Circular 20/2017 Art. 9.2.b: Form 04 only beyond capacity; Art. 9.2.a: otherwise the
    // notification is updated when handling ends
    let mut data = dataset(d(2026, 1, 1));
    let mut within = incident(1, dt(2026, 5, 4, 9, 0));
    within.response_ended_at = Some(dt(2026, 5, 6, 9, 0));
    let mut beyond = incident(2, dt(2026, 5, 4, 9, 0));
    beyond.beyond_capacity = true;
    beyond.response_ended_at = Some(dt(2026, 5, 6, 9, 0));
    data.incidents = vec![within, beyond];
    let ids = |data: &Dataset, n: usize, today: NaiveDate| -> Vec<String> {
        let rules = choice(today, None);
        crate::domain::engine::incident_clocks(&data.incidents[n], &rules)
            .iter()
            .map(|c| rules.packs.get(c.pack).incident_reports[c.rule].id.clone())
            .collect()
    };
    let today = d(2026, 5, 10);
    assert_eq!(ids(&data, 0, today), vec!["notify", "update"]);
    assert_eq!(ids(&data, 1, today), vec!["notify", "initial", "closing"]);
    // Decree 331 Art. 31.2.d: at once on a serious disruption of the system's operation
    let mut disrupted = incident(3, dt(2026, 9, 1, 9, 0));
    disrupted.serious_disruption = true;
    data.incidents = vec![disrupted];
    assert_eq!(ids(&data, 0, d(2026, 9, 2)), vec!["notify", "immediate"]);
    data.incidents[0].serious_disruption = false;
    assert_eq!(ids(&data, 0, d(2026, 9, 2)), vec!["notify"]);
}
