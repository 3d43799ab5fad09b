//! The security share of each IT plan or project of a year against the minimum share of the
//! pack that judges the year (10% under Decree 85 / Directive 14; 15% under Law 116/2025).

use super::common::*;
use super::doc::*;
use crate::domain::summary::{budget_pack, pct, project_below};
use crate::domain::*;
use crate::i18n::msg::report as m;

pub fn build(inp: &Input, year: i32) -> Document {
    let lang = inp.lang;
    let data = inp.data;
    let p = budget_pack(inp.rules, year, inp.today());
    let pack = inp.rules.packs.get(p);
    let threshold = pack.budget.min_share_percent;
    let projects: Vec<&Project> = data.projects.iter().filter(|x| x.year == year).collect();

    let (t, sums) = project_table(inp, pack, &projects);
    let Sums {
        total,
        security,
        below,
        year_below,
    } = sums;

    let mut summary = Section::new(m::budget::SummaryOfYear { year }.text(lang)).fields(vec![
        Field::new(
            "so_du_an",
            m::common::IT_PLANS_AND_PROJECTS.text(inp.lang),
            Val::count(projects.len()),
        ),
        Field::new(
            "tong_kinh_phi_cntt",
            m::budget::TOTAL_BUDGET_VND.text(inp.lang),
            Val::Money(total),
        ),
        Field::new(
            "kinh_phi_attt",
            m::common::SECURITY_BUDGET_VND.text(inp.lang),
            Val::Money(security),
        ),
        Field::new(
            "ty_le_kinh_phi_attt",
            m::common::SHARE.text(inp.lang),
            if total > 0 {
                Val::Pct(pct(security, total))
            } else {
                Val::Blank
            },
        ),
        Field::new(
            "nguong_toi_thieu",
            m::common::MINIMUM_SHARE.text(inp.lang),
            Val::Pct(f64::from(threshold)),
        ),
        Field::new(
            "so_du_an_duoi_nguong",
            m::budget::PROJECTS_BELOW_THE_MINIMUM.text(inp.lang),
            Val::count(below),
        ),
        Field::new(
            "dat_nguong",
            m::budget::VERDICT_FOR_THE_YEAR.text(inp.lang),
            Val::Check(if total == 0 {
                Check::NotApplicable
            } else if year_below {
                Check::Fail
            } else {
                Check::Pass
            }),
        ),
    ]);
    if projects.is_empty() {
        summary = summary.note(m::common::NoItProjectsOfYear { year }.text(lang));
    }

    let sections = vec![
        summary,
        Section::new(m::budget::BY_PLAN_OR_PROJECT.text(inp.lang)).table(t),
    ];

    let mut notes = vec![
        m::budget::MinimumUnderPack {
            threshold,
            pack: &pack.id,
            year,
        }
        .text(lang),
    ];
    if p != inp.rules.active {
        notes.push(
            m::budget::JudgedByPackOfYear {
                pack: &inp.pack().id,
                year,
            }
            .text(lang),
        );
    }

    Document {
        kind: "budget",
        form: "budget-share".to_owned(),
        lang,
        pack: pack.id.clone(),
        reference_date: inp.today(),
        period: Some(Period::Year(year).key()),
        header: header(inp),
        title: m::common::REPORT_TITLE.text(inp.lang).to_owned(),
        subtitle: m::budget::Subtitle { year }.text(lang),
        recipients: {
            // the ministry named by the pack on the reference date, and the governing body
            let mut r = recipients(inp, pack, &["ministry"]);
            let parent = data.profile.parent_authority.trim();
            if !parent.is_empty() {
                r.push(parent.to_owned());
            }
            r
        },
        basis: vec![cite(lang, &pack.budget.basis, pack.budget.note.as_ref())],
        opening: String::new(),
        sections,
        notes,
        signature: signature(inp),
    }
}

/// The year's sums over its projects.
struct Sums {
    total: i64,
    security: i64,
    /// Projects below the minimum share.
    below: usize,
    /// The year as a whole below the minimum share.
    year_below: bool,
}

/// The projects of the year, one row each with its share and verdict, and their total row.
fn project_table(
    inp: &Input,
    pack: &crate::rules::RulePack,
    projects: &[&Project],
) -> (Table, Sums) {
    let lang = inp.lang;
    let threshold = pack.budget.min_share_percent;
    let mut t = Table::new(
        "projects",
        vec![
            ("stt", m::common::ROW_NUMBER.text(inp.lang).to_owned()),
            ("name", m::budget::PLAN_OR_PROJECT.text(inp.lang).to_owned()),
            ("total", m::budget::TOTAL_VND.text(inp.lang).to_owned()),
            (
                "security",
                // the budget's name under the rule that judges the year ("kinh phí bảo vệ an
                // ninh mạng" under Law 116)
                m::budget::LabelInVnd {
                    label: pack.budget.label.get(lang),
                }
                .text(lang),
            ),
            ("share", m::common::SHARE.text(inp.lang).to_owned()),
            ("threshold", m::budget::MINIMUM.text(inp.lang).to_owned()),
            ("verdict", m::common::VERDICT.text(inp.lang).to_owned()),
        ],
    );
    let (mut total, mut security) = (0i64, 0i64);
    let mut below = 0usize;
    for (n, x) in projects.iter().enumerate() {
        total = total.saturating_add(x.total_budget);
        security = security.saturating_add(x.security_budget);
        let low = project_below(x, threshold);
        if low {
            below += 1;
        }
        t.rows.push(vec![
            Val::count(n + 1),
            Val::text(&x.name),
            Val::Money(x.total_budget),
            Val::Money(x.security_budget),
            if x.total_budget > 0 {
                Val::Pct(pct(x.security_budget, x.total_budget))
            } else {
                Val::text("—")
            },
            Val::Pct(f64::from(threshold)),
            Val::Check(if x.total_budget == 0 {
                Check::NotApplicable
            } else if low {
                Check::Fail
            } else {
                Check::Pass
            }),
        ]);
    }
    let year_below =
        total > 0 && security.saturating_mul(100) < total.saturating_mul(i64::from(threshold));
    if !projects.is_empty() {
        t.total = Some(vec![
            Val::Blank,
            Val::text(m::budget::TOTAL.text(inp.lang)),
            Val::Money(total),
            Val::Money(security),
            if total > 0 {
                Val::Pct(pct(security, total))
            } else {
                Val::text("—")
            },
            Val::Pct(f64::from(threshold)),
            Val::Check(if total == 0 {
                Check::NotApplicable
            } else if year_below {
                Check::Fail
            } else {
                Check::Pass
            }),
        ]);
    }
    (
        t,
        Sums {
            total,
            security,
            below,
            year_below,
        },
    )
}
