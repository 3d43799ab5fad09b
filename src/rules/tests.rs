//! The embedded texts load, compose and validate; regimes, choice by date, names by date, limits
//! and refused data.

use super::*;
use crate::domain::Level;
use crate::i18n::Lang;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn regime(p: &Packs, id: &str) -> RulePack {
    p.get(p.index_of(id).unwrap()).clone()
}

#[test]
fn embedded_packs_load_and_validate() {
    let p = Packs::embedded();
    assert_eq!(p.ids(), vec!["nd85-2016", "nd331-2026"]);
    let nd85 = regime(&p, "nd85-2016");
    assert_eq!(nd85.assessment.months, [24, 24, 12, 12, 6]);
    assert_eq!(nd85.approval.deadline, d(2024, 9, 30));
    assert_eq!(nd85.plan.deadline, d(2024, 12, 31));
    assert_eq!(nd85.budget.min_share_percent, 10);
    assert!(nd85.report("quarterly").is_some());
    assert!(nd85.transitions.is_empty());
    let nd331 = regime(&p, "nd331-2026");
    assert_eq!(nd331.budget.min_share_percent, 15);
    assert!(nd331.report("quarterly").is_none());
    assert!(nd331.assessment.adjustable);
    assert_eq!(nd331.incident_report("notify").unwrap().hours, 72);
    assert_eq!(nd331.incident_report("initial").unwrap().hours, 24);
    assert_eq!(nd85.incident_report("notify").unwrap().hours, 120);
    assert_eq!(nd331.transitions.len(), 2);
    // a regime's rules stand: no end dates
    assert!(nd85.reports.iter().all(|r| r.valid_until.is_none()));
}

#[test]
fn choice_by_date() {
    let p = Packs::embedded();
    let id = |day: NaiveDate| p.get(p.in_force(day)).id.clone();
    assert_eq!(id(d(2024, 4, 7)), "nd85-2016");
    assert_eq!(id(d(2026, 8, 18)), "nd85-2016");
    assert_eq!(id(d(2026, 8, 19)), "nd331-2026");
    assert_eq!(id(d(2030, 1, 1)), "nd331-2026");
    assert_eq!(p.in_force(d(2000, 1, 1)), 0);
    assert!(
        p.get(p.in_force(d(2026, 8, 18)))
            .in_force_on(d(2026, 8, 18))
    );
    assert!(
        !p.get(p.in_force(d(2026, 8, 18)))
            .in_force_on(d(2026, 8, 19))
    );
    let c = RuleChoice::new(p.clone(), d(2026, 11, 29), Some("nd85-2016")).unwrap();
    assert_eq!(c.pack().id, "nd85-2016");
    assert!(c.pinned);
    assert_eq!(c.pack_index_for(d(2026, 11, 1)), c.active);
    let c = RuleChoice::new(p.clone(), d(2026, 11, 29), None).unwrap();
    assert_eq!(c.pack().id, "nd331-2026");
    // Law 116 is in force from 01/7/2026 though Decree 331 is not yet
    let july = c.packs.get(c.pack_index_for(d(2026, 7, 1)));
    assert_eq!(july.id, "nd85-2016");
    assert_eq!(july.budget.min_share_percent, 15);
    assert!(RuleChoice::new(p, d(2026, 11, 29), Some("nd999")).is_err());
}

#[test]
fn authorities_change_names_by_date() {
    let p = Packs::embedded();
    let nd85 = regime(&p, "nd85-2016");
    assert!(
        nd85.authority("ministry", d(2024, 6, 1), Lang::Vi)
            .contains("Thông tin và Truyền thông")
    );
    assert!(
        nd85.authority("ministry", d(2025, 6, 1), Lang::Vi)
            .contains("Bộ Công an")
    );
    assert!(
        nd85.authority("ministry", d(2025, 6, 1), Lang::En)
            .contains("Public Security")
    );
    // Decree 331 Art. 31.2.d: "cơ quan chuyên trách của Bộ Công an"
    let nd331 = regime(&p, "nd331-2026");
    assert_eq!(
        nd331.authority("response_unit", d(2026, 9, 1), Lang::Vi),
        "Cơ quan chuyên trách của Bộ Công an"
    );
    assert!(
        !nd85
            .authority("response_unit", d(2026, 9, 1), Lang::Vi)
            .contains("Cơ quan chuyên trách của Bộ Công an")
    );
}

#[test]
fn every_level_has_limits_from_level_3() {
    let p = Packs::embedded();
    for pack in p.all() {
        for n in 1..=5 {
            let a = pack.for_level(Level::new(n).unwrap()).unwrap();
            assert_eq!(a.approval_limit.is_some(), n >= 3, "{} level {n}", pack.id);
        }
    }
    let nd331 = regime(&p, "nd331-2026");
    let l3 = nd331.for_level(Level::new(3).unwrap()).unwrap();
    assert_eq!(
        l3.appraisal_limit,
        Some(Limit {
            days: 15,
            working: true
        })
    );
    assert_eq!(
        regime(&p, "nd85-2016")
            .for_level(Level::new(4).unwrap())
            .unwrap()
            .appraisal_limit
            .unwrap()
            .days,
        30
    );
}

fn with(name: &str, f: impl Fn(&str) -> String) -> Result<Packs, String> {
    let texts: Vec<(&str, String)> = TEXTS
        .iter()
        .map(|(n, t)| (*n, if *n == name { f(t) } else { (*t).to_owned() }))
        .collect();
    let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Packs::parse(&refs, REGIMES)
}

#[test]
fn bad_packs_are_refused() {
    assert!(with("nd85-2016", |t| t.to_owned()).is_ok());
    let bad = [
        with("nd85-2016", |t| {
            t.replace(
                "months = [24, 24, 12, 12, 6]",
                "months = [24, 0, 12, 12, 6]",
            )
        }),
        with("nd85-2016", |t| {
            t.replace("recipient = \"ministry\"", "recipient = \"nobody\"")
        }),
        with("nd85-2016", |t| t.replace("levels = [3]", "levels = [2]")),
        with("nd85-2016", |t| format!("{t}\nunknown_key = 1\n")),
        with("nd331-2026", |t| {
            t.replace("id = \"nd331-2026\"", "id = \"other\"")
        }),
        // two versions of one rule from the same day
        with("law116-2025", |t| {
            t.replace(
                "from = \"2026-07-01\"\npercent = 15",
                "from = \"2019-06-07\"\npercent = 15",
            )
        }),
        with("t33-2024", |t| {
            t.replace("before_day = 20", "before_day = 1")
        }),
    ];
    for (i, b) in bad.iter().enumerate() {
        assert!(b.is_err(), "case {i} was accepted");
    }
    assert!(Packs::parse(TEXTS, "regime = []").is_err());
}

#[test]
fn adjustable_intervals() {
    let p = Packs::embedded();
    let l3 = Level::new(3).unwrap();
    let custom = Some([24, 24, 6, 12, 6]);
    assert_eq!(
        regime(&p, "nd85-2016").interval_months(l3, custom),
        12,
        "nd85 is fixed"
    );
    assert_eq!(regime(&p, "nd331-2026").interval_months(l3, custom), 6);
    assert_eq!(regime(&p, "nd331-2026").interval_months(l3, None), 12);
}

#[test]
fn a_new_text_is_a_new_file() {
    // a later circular superseding the budget share by id from its date
    let circ = r#"
id = "tt99-2027"
title = { vi = "Thông tư thử", en = "Test circular" }
short = { vi = "Thông tư thử", en = "Test circular" }
in_force_from = "2027-03-01"
[[budget_share]]
id = "budget"
from = "2027-03-01"
percent = 20
label = { vi = "Kinh phí", en = "Budget" }
short = { vi = "Kinh phí", en = "Budget" }
basis = { vi = "Thông tư thử Điều 1", en = "Test circular Art. 1" }
"#;
    let mut texts = TEXTS.to_vec();
    texts.push(("tt99-2027", circ));
    let p = Packs::parse(&texts, REGIMES).unwrap();
    let on = |day| p.get(p.in_force(day)).budget.min_share_percent;
    assert_eq!(on(d(2027, 2, 28)), 15);
    assert_eq!(on(d(2027, 3, 1)), 20);
    let law = p.get(p.in_force(d(2027, 2, 28)));
    assert_eq!(law.budget.valid_until, Some(d(2027, 2, 28)));
}

/// The binary reads the rule texts as the JSON `build.rs` made of them: the same packs as
/// the TOML as written gives.
#[test]
fn the_embedded_json_is_the_toml_as_written() {
    let from_toml = Packs::parse(TEXTS, REGIMES).unwrap();
    assert_eq!(format!("{:?}", Packs::embedded()), format!("{from_toml:?}"));
}
