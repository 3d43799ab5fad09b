//! `capdo rules`: the rules in force on the reference date (or of a pinned regime), one row per
//! rule with its kind, dates, values and citation; `--json` is the contract.

use std::process::ExitCode;

use clap::Args;
use serde_json::{Value, json};

use super::output::{Styled, style};
use super::{Env, Failure, emit_styled};
use crate::i18n::msg::{self, cli::rules as m, common};
use crate::i18n::{self, Lang};
use crate::rules::{Applies, Dated, Every, From, RulePack, When};
use crate::text::pad;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// One rule as shown: kind key, id, window, citation, values (JSON) and a short value text.
struct Row {
    kind: &'static str,
    id: String,
    from: chrono::NaiveDate,
    until: Option<chrono::NaiveDate>,
    basis: String,
    values: Vec<(&'static str, Value)>,
    value: String,
}

fn row<T: Dated>(kind: &'static str, r: &T, basis: &crate::i18n::L10n, lang: Lang) -> Row {
    Row {
        kind,
        id: r.id().to_owned(),
        from: r.starts(),
        until: r.until_date(),
        basis: basis.get(lang).to_owned(),
        values: Vec::new(),
        value: String::new(),
    }
}

fn when_key(w: When) -> &'static str {
    match w {
        When::Always => "always",
        When::BeyondCapacity => "beyond_capacity",
        When::WithinCapacity => "within_capacity",
        When::Serious => "serious",
        When::NationalSecurity => "national_security",
        When::SeriousDisruption => "serious_disruption",
    }
}

fn kind_label(kind: &str, lang: Lang) -> &'static str {
    use msg::cli::rules::kind as k;
    match kind {
        "assessment_interval" => k::ASSESSMENT_INTERVAL,
        "approval_deadline" => k::APPROVAL_DEADLINE,
        "plan_deadline" => k::PLAN_DEADLINE,
        "recurring_report" => k::RECURRING_REPORT,
        "transition" => k::TRANSITION,
        "incident_report" => k::INCIDENT_REPORT,
        "budget_share" => k::BUDGET_SHARE,
        "authority" => k::AUTHORITY,
        "appraisal_limit" => k::APPRAISAL_LIMIT,
        "approval_limit" => k::APPROVAL_LIMIT,
        _ => k::MILESTONE,
    }
    .text(lang)
}

/// The rules of a composition in force on `on` (a pinned regime's rules all stand).
fn rows(p: &RulePack, on: chrono::NaiveDate, lang: Lang) -> Vec<Row> {
    let mut out = Vec::new();
    let a = &p.assessment;
    let mut r = row("assessment_interval", a, &a.basis, lang);
    r.values = vec![
        ("months", json!(a.months)),
        ("adjustable", json!(a.adjustable)),
    ];
    let m = a.months;
    r.value = format!("{} · {} · {} · {} · {}", m[0], m[1], m[2], m[3], m[4]);
    out.push(r);
    for (kind, f) in [
        ("approval_deadline", &p.approval),
        ("plan_deadline", &p.plan),
    ] {
        let mut r = row(kind, f, &f.basis, lang);
        r.values = vec![("deadline", json!(f.deadline.to_string()))];
        r.value = i18n::date(f.deadline);
        out.push(r);
    }
    for a in &p.by_level {
        let levels = a
            .levels
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let mut r = row("authority", a, &a.basis, lang);
        r.values = vec![
            ("levels", json!(a.levels)),
            ("appraises", json!(p.authority(&a.appraises, on, lang))),
            ("approves", json!(p.authority(&a.approves, on, lang))),
        ];
        r.value = m::LevelValue { levels: &levels }.text(lang);
        out.push(r);
        for (kind, limit) in [
            ("appraisal_limit", a.appraisal_limit),
            ("approval_limit", a.approval_limit),
        ] {
            if let Some(l) = limit {
                let mut r = row(kind, a, &a.basis, lang);
                r.values = vec![
                    ("levels", json!(a.levels)),
                    ("days", json!(l.days)),
                    ("working", json!(l.working)),
                ];
                r.value = m::LimitValue {
                    levels: &levels,
                    limit: l.label(lang),
                }
                .text(lang);
                out.push(r);
            }
        }
    }
    for x in p.reports.iter().filter(|x| x.in_force_on(on)) {
        let mut r = row("recurring_report", x, &x.basis, lang);
        r.values = vec![
            (
                "every",
                json!(match x.every {
                    Every::Quarter => "quarter",
                    Every::Year => "year",
                }),
            ),
            ("month", json!(x.month)),
            ("before_day", json!(x.before_day)),
            ("recipient", json!(p.authority(&x.recipient, on, lang))),
            ("title", json!(x.title.get(lang))),
        ];
        let day = x.before_day;
        r.value = match x.every {
            Every::Quarter => m::QuarterlyBefore { day }.text(lang),
            Every::Year => m::YearlyBefore {
                day,
                month: x.month.unwrap_or(12),
            }
            .text(lang),
        };
        out.push(r);
    }
    for t in &p.transitions {
        let mut r = row("transition", t, &t.basis, lang);
        r.values = vec![
            (
                "applies",
                json!(match t.applies {
                    Applies::UnderInvestment => "under_investment",
                    Applies::Levelled => "levelled",
                }),
            ),
            ("start", json!(t.start.to_string())),
            ("months", json!(t.months)),
            ("due_on", json!(t.due().to_string())),
            ("title", json!(t.title.get(lang))),
        ];
        r.value = i18n::date(t.due());
        out.push(r);
    }
    for x in &p.incident_reports {
        let mut r = row("incident_report", x, &x.basis, lang);
        r.values = vec![
            (
                "when",
                json!(x.when.iter().map(|w| when_key(*w)).collect::<Vec<_>>()),
            ),
            (
                "start",
                json!(match x.from {
                    From::Detected => "detected",
                    From::ResponseEnded => "response_ended",
                }),
            ),
            ("hours", json!(x.hours)),
            ("title", json!(x.title.get(lang))),
        ];
        r.value = match x.hours {
            0 => m::AT_ONCE.text(lang).to_owned(),
            n => m::Hours { n }.text(lang),
        };
        out.push(r);
    }
    let b = &p.budget;
    let mut r = row("budget_share", b, &b.basis, lang);
    r.values = vec![("percent", json!(b.min_share_percent))];
    r.value = format!("≥ {}%", b.min_share_percent);
    out.push(r);
    for x in p.regime.iter().filter(|x| x.due_on >= on) {
        let mut r = row("milestone", x, &x.basis, lang);
        r.values = vec![
            ("due_on", json!(x.due_on.to_string())),
            ("title", json!(x.title.get(lang))),
        ];
        r.value = i18n::date(x.due_on);
        out.push(r);
    }
    out
}

pub fn run(env: &Env, a: &RulesArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let today = env.today();
    // a pinned regime in the store counts too, but `rules` must work without a store
    let chosen = env.rules(None)?;
    let pack = chosen.pack();
    let rows = rows(pack, today, lang);
    if a.json {
        let v: Vec<Value> = rows
            .iter()
            .map(|r| {
                let mut o = serde_json::Map::new();
                o.insert("id".into(), json!(r.id));
                o.insert("kind".into(), json!(r.kind));
                o.insert("from".into(), json!(r.from.to_string()));
                o.insert("until".into(), json!(r.until.map(|d| d.to_string())));
                o.insert("basis".into(), json!(r.basis));
                for (k, v) in &r.values {
                    o.insert((*k).into(), v.clone());
                }
                Value::Object(o)
            })
            .collect();
        super::emit_json(&serde_json::Value::Array(v))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Styled::new();
    let regimes = chosen.packs.ids().join(", ");
    let (id, decree) = (&pack.id, pack.decree.get(lang));
    // on a terminal long lines go on under themselves, not back at the left edge
    let max = super::output::term_width();
    let fit = |line: String, indent| match max {
        Some(max) => crate::text::wrap(&line, max, indent),
        None => line,
    };
    let heading = if chosen.pinned {
        m::Pinned { id, decree }.text(lang)
    } else {
        let date = i18n::date(today);
        m::InForceOn { date, id, decree }.text(lang)
    };
    out.styled(&(fit(heading, 2) + "\n"), style::HEAD);
    out.push(&fit(m::Regimes { regimes }.text(lang), 2));
    out.push("\n\n");
    let head = [common::KIND, m::COL_VALUE, m::COL_IN_FORCE].map(|t| t.text(lang));
    out.styled(
        &format!("{}{}{}\n", pad(head[0], 21), pad(head[1], 34), head[2]),
        style::HEAD,
    );
    for r in &rows {
        let until = r
            .until
            .map(i18n::date)
            .unwrap_or_else(|| m::NOW.text(lang).into());
        let basis = fit(format!("    {} · {}", r.id, r.basis), 6);
        out.push(&format!(
            "{}{}{} – {}\n{basis}\n",
            pad(kind_label(r.kind, lang), 21),
            pad(&r.value, 34),
            i18n::date(r.from),
            until,
        ));
    }
    emit_styled(&out)?;
    Ok(ExitCode::SUCCESS)
}
