//! `capdo systems`: the inventory with level, dossier state, plan and next assessment.

use std::process::ExitCode;

use clap::Args;
use serde_json::{Map, Value, json};

use super::output::{Table, style, term_width};
use super::{Env, Failure, emit, emit_styled};
use crate::domain::engine::next_assessment;
use crate::domain::{Relation, System};
use crate::i18n;
use crate::store::Scope;

#[derive(Debug, Args)]
pub struct SystemsArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only the systems of this unit (a merged unit's name, or this unit's own name).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
}

pub fn run(env: &Env, a: &SystemsArgs) -> Result<ExitCode, Failure> {
    let (data, rules) = env.load(Scope::Rules)?;
    let pack = rules.pack();
    let today = env.today();
    let unit = super::bundle::select_unit(&data, a.unit.as_deref(), env.lang)?;
    let shown: Vec<&System> = data
        .systems
        .iter()
        .filter(|s| unit.as_deref().is_none_or(|u| s.unit == u))
        .collect();
    let next = |s: &System| {
        if !s.is_active_owned(today) {
            return None;
        }
        next_assessment(s, pack, data.profile.assessment_months, today).map(|(_, b, d)| (b, d))
    };
    if a.json {
        let v: Vec<Value> = shown
            .iter()
            .map(|s| {
                let mut m: Map<String, Value> = crate::store::system_fields(s)
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect();
                m.insert(
                    "last_assessed_on".into(),
                    json!(s.last_assessed_on.map(|d| d.to_string())),
                );
                let n = next(s).and_then(|(_, d)| d);
                m.insert("next_assessment_on".into(), json!(n.map(|d| d.to_string())));
                m.insert("decommissioned".into(), json!(s.is_decommissioned(today)));
                // "" for this store's own unit
                m.insert("unit".into(), json!(s.unit));
                Value::Object(m)
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&v).map_err(|e| Failure::input(e.to_string()))?;
        s.push('\n');
        emit(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    let lang = env.lang;
    let mut t = Table::new(
        [
            lang.pick("Mã", "Code"),
            lang.pick("Cấp độ", "Level"),
            lang.pick("Quan hệ", "Relation"),
            lang.pick("Hồ sơ", "Dossier"),
            lang.pick("Phương án", "Plan"),
            lang.pick("Đánh giá gần nhất", "Last assessed"),
            lang.pick("Đánh giá tiếp theo", "Next assessment"),
            lang.pick("Tên hệ thống", "Name"),
        ]
        .map(str::to_owned)
        .to_vec(),
    );
    for s in &shown {
        let next_s = match next(s) {
            Some((_, Some(d))) => i18n::date(d),
            Some((_, None)) => lang
                .pick("chưa từng — quá hạn", "never — overdue")
                .to_owned(),
            None if s.is_decommissioned(today) => {
                lang.pick("đã ngừng", "decommissioned").to_owned()
            }
            None => "—".to_owned(),
        };
        let (dossier, plan) = if s.relation == Relation::Used {
            ("—".to_owned(), "—".to_owned())
        } else {
            (
                s.dossier.label(lang).to_owned(),
                s.plan.label(lang).to_owned(),
            )
        };
        t.push(vec![
            s.code.clone(),
            s.level.map(|l| l.to_string()).unwrap_or_else(|| "—".into()),
            s.relation.label(lang).to_owned(),
            dossier,
            plan,
            i18n::opt_date(s.last_assessed_on),
            next_s,
            s.name.clone(),
        ]);
    }
    if super::bundle::multi_unit(&data) {
        let units = shown
            .iter()
            .map(|s| super::bundle::unit_label(&data, &s.unit, lang))
            .collect();
        super::bundle::add_unit_column(&mut t, 0, units, lang);
    }
    // a system whose next assessment is overdue (or never done) is red
    let late: Vec<bool> = shown
        .iter()
        .map(|s| match next(s) {
            Some((_, Some(d))) => d < today,
            Some((_, None)) => true,
            None => false,
        })
        .collect();
    let mut out = t.render(term_width(), &|i| late[i].then_some(style::OVERDUE));
    out.push(&i18n::count(
        lang,
        shown.len(),
        "hệ thống",
        "system",
        "systems",
    ));
    out.push("\n");
    emit_styled(&out)?;
    Ok(ExitCode::SUCCESS)
}
