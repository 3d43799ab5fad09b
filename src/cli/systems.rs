//! `capdo systems`: the inventory with level, dossier state, plan and next assessment.

use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use clap::Args;

use super::output::{Table, style, term_width};
use super::{Env, Failure, emit_styled};
use crate::domain::engine::next_assessment;
use crate::domain::{Dataset, Profile, Relation, System};
use crate::i18n;
use crate::i18n::msg::{cli::systems as m, common};
use crate::rules::RuleChoice;
use crate::store::{Access, Scope, Store};
use crate::text::push_json_str;

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
    if a.json {
        return json(env, a);
    }
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
    let lang = env.lang;
    let mut t = Table::new(
        [
            common::CODE,
            common::LEVEL,
            m::COL_RELATION,
            m::COL_DOSSIER,
            common::PLAN,
            m::COL_LAST,
            m::COL_NEXT,
            m::COL_NAME,
        ]
        .map(|t| t.text(lang))
        .map(str::to_owned)
        .to_vec(),
    );
    // on a narrow terminal the relation, the last assessment (the next one is shown) and the
    // plan give way, so that a line holds the name
    t.spare = vec![2, 5, 4];
    for s in &shown {
        let next_s = match next(s) {
            Some((_, Some(d))) => i18n::date(d),
            Some((_, None)) => m::NEVER_OVERDUE.text(lang).to_owned(),
            None if s.is_decommissioned(today) => m::DECOMMISSIONED.text(lang).to_owned(),
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
    out.push(&i18n::count_of(
        lang,
        shown.len(),
        common::SYSTEMS_NOUN_ONE,
        common::SYSTEMS_NOUN,
    ));
    out.push("\n");
    emit_styled(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `systems --json`: written system by system as the store yields them into one buffer (92 ms
/// at 10,000 systems when it built a JSON tree of the whole inventory; the text alone is far
/// smaller than that tree).
fn json(env: &Env, a: &SystemsArgs) -> Result<ExitCode, Failure> {
    let store = env.open(Access::ReadWrite)?;
    store.read_once();
    let fail = |e: crate::store::StoreError| Failure::store(&e, env.lang);
    let profile = store.profile().map_err(fail)?;
    let rules = env.rules(profile.pinned_pack.as_deref())?;
    let unit = match a.unit.as_deref() {
        None => None,
        Some(name) => {
            // `select_unit` reads the profile and the units of the systems, nothing else
            let mut units = Dataset::new(profile.clone());
            units.systems = (store.unit_names().map_err(fail)?.into_iter())
                .map(|unit| System {
                    unit,
                    ..System::new("", "")
                })
                .collect();
            super::bundle::select_unit(&units, Some(name), env.lang)?
        }
    };
    // held whole until every row is read: a store found damaged halfway is refused (exit 3)
    // with nothing on stdout, as every command does
    let mut all = Vec::new();
    write_json(
        &store,
        &profile,
        &rules,
        env.today(),
        unit.as_deref(),
        env.lang,
        &mut |b| {
            all.extend_from_slice(b);
            Ok(())
        },
    )?;
    super::emit_bytes(&all)?;
    Ok(ExitCode::SUCCESS)
}

/// The whole `systems --json` array, handed to `put` in pieces of whole systems: the systems
/// of `unit` ("" for this store's own), or all, in id order.
fn write_json(
    store: &Store,
    profile: &Profile,
    rules: &RuleChoice,
    today: NaiveDate,
    unit: Option<&str>,
    lang: i18n::Lang,
    put: &mut dyn FnMut(&[u8]) -> Result<(), Failure>,
) -> Result<(), Failure> {
    const PIECE: usize = 60 * 1024;
    let pack = rules.pack();
    let mut piece = String::with_capacity(PIECE + 4096);
    let mut first = true;
    let mut failed = None;
    store
        .each_system(|s| {
            if unit.is_some_and(|u| s.unit != u) {
                return true;
            }
            piece.push_str(if first { "[\n" } else { ",\n" });
            first = false;
            let next = s
                .is_active_owned(today)
                .then(|| next_assessment(s, pack, profile.assessment_months, today))
                .flatten()
                .and_then(|(_, _, due)| due);
            write_system(&mut piece, s, next, today);
            if piece.len() >= PIECE {
                if let Err(f) = put(piece.as_bytes()) {
                    failed = Some(f);
                    return false;
                }
                piece.clear();
            }
            true
        })
        .map_err(|e| Failure::store(&e, lang))?;
    if let Some(f) = failed {
        return Err(f);
    }
    piece.push_str(if first { "[]\n" } else { "\n]\n" });
    put(piece.as_bytes())
}

/// One system of `systems --json`, the bytes `serde_json::to_string_pretty` wrote for it when
/// it was built as a `Map` (keys sorted, two-space indent; see the tests).
fn write_system(out: &mut String, s: &System, next: Option<NaiveDate>, today: NaiveDate) {
    fn key(out: &mut String, k: &str) {
        out.push_str(",\n    \"");
        out.push_str(k);
        out.push_str("\": ");
    }
    fn text(out: &mut String, k: &str, v: &str) {
        key(out, k);
        push_json_str(out, v);
    }
    // the store's dates as `date_s` writes them; the two derived ones as `Display` does
    fn date(out: &mut String, k: &str, d: Option<NaiveDate>, display: bool) {
        key(out, k);
        match d {
            Some(d) if display && !(0..=9999).contains(&d.year()) => {
                push_json_str(out, &d.to_string())
            }
            Some(d) => push_json_str(out, &crate::domain::dates::iso(d)),
            None => out.push_str("null"),
        }
    }
    out.push_str("  {\n    \"approved_level\": ");
    match s.approved_level {
        Some(l) => out.push_str(&l.get().to_string()),
        None => out.push_str("null"),
    }
    key(out, "approved_on");
    match s.approved_on {
        Some(d) => push_json_str(out, &crate::domain::dates::iso(d)),
        None => out.push_str("null"),
    }
    text(out, "code", &s.code);
    text(out, "decision_no", &s.decision_no);
    key(out, "decommissioned");
    out.push_str(if s.is_decommissioned(today) {
        "true"
    } else {
        "false"
    });
    date(out, "decommissioned_on", s.decommissioned_on, false);
    date(out, "dossier_since", s.dossier_since, false);
    text(out, "dossier_status", s.dossier.key());
    date(out, "go_live_on", s.go_live_on, false);
    date(out, "last_assessed_on", s.last_assessed_on, true);
    key(out, "level");
    match s.level {
        Some(l) => out.push_str(&l.get().to_string()),
        None => out.push_str("null"),
    }
    text(out, "name", &s.name);
    date(out, "next_assessment_on", next, true);
    text(out, "notes", &s.notes);
    text(out, "operator", &s.operator);
    text(out, "owner", &s.owner);
    text(out, "plan_status", s.plan.key());
    date(out, "regulation_issued_on", s.regulation_issued_on, false);
    text(out, "regulation_ref", &s.regulation_ref);
    text(out, "relation", s.relation.key());
    text(out, "responsible", &s.responsible);
    key(out, "under_investment");
    out.push_str(if s.under_investment { "1" } else { "0" });
    text(out, "unit", &s.unit);
    out.push_str("\n  }");
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::{Map, Value, json};

    use super::write_json;
    use crate::cli::Failure;
    use crate::domain::engine::next_assessment;
    use crate::i18n::Lang;
    use crate::rules::{Packs, RuleChoice};
    use crate::store::{Scope, Store, WriteCtx};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
    }

    /// `systems --json` as it was written before it streamed: a serde_json tree, pretty.
    fn with_serde(store: &Store, rules: &RuleChoice, unit: Option<&str>) -> String {
        let today = today();
        let data = store.load(Scope::Rules).expect("load");
        let pack = rules.pack();
        let v: Vec<Value> = (data.systems.iter())
            .filter(|s| unit.is_none_or(|u| s.unit == u))
            .map(|s| {
                let mut m: Map<String, Value> = crate::store::system_fields(s)
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect();
                m.insert(
                    "last_assessed_on".into(),
                    json!(s.last_assessed_on.map(|d| d.to_string())),
                );
                let n = s
                    .is_active_owned(today)
                    .then(|| next_assessment(s, pack, data.profile.assessment_months, today))
                    .flatten()
                    .and_then(|(_, _, due)| due);
                m.insert("next_assessment_on".into(), json!(n.map(|d| d.to_string())));
                m.insert("decommissioned".into(), json!(s.is_decommissioned(today)));
                m.insert("unit".into(), json!(s.unit));
                Value::Object(m)
            })
            .collect();
        let mut s = serde_json::to_string_pretty(&v).expect("json");
        s.push('\n');
        s
    }

    fn streamed(store: &Store, rules: &RuleChoice, unit: Option<&str>) -> (String, usize) {
        let profile = store.profile().expect("profile");
        let (mut out, mut pieces) = (Vec::new(), 0);
        let mut put = |b: &[u8]| -> Result<(), Failure> {
            out.extend_from_slice(b);
            pieces += 1;
            Ok(())
        };
        write_json(store, &profile, rules, today(), unit, Lang::Vi, &mut put).expect("write");
        (String::from_utf8(out).expect("utf-8"), pieces)
    }

    fn rules() -> RuleChoice {
        RuleChoice::new(Packs::embedded(), today(), None).expect("rules")
    }

    #[test]
    fn streamed_json_is_the_serde_output_on_the_sample() {
        let ctx = WriteCtx {
            at: today().and_hms_opt(8, 0, 0).unwrap_or_default(),
            today: today(),
            os_user: "test".into(),
        };
        let store = crate::sample::demo_store(&ctx).expect("demo");
        let rules = rules();
        let (mine, _) = streamed(&store, &rules, None);
        assert!(mine.contains("\"code\": \"MA-LAN\""), "{mine}");
        assert_eq!(mine, with_serde(&store, &rules, None));
    }

    /// Every kind of value a system field can hold (escapes, control and bidi characters,
    /// missing dates, levels and units, a go-live ahead, decommissioned before and after today),
    /// in a store large enough to be written in several pieces, whole and by unit.
    #[test]
    fn streamed_json_is_the_serde_output_on_generated_systems() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(
            &dir.path().join("g.sqlite3"),
            crate::store::Access::ReadWrite,
            today(),
        )
        .expect("open");
        let texts = [
            "",
            "Cổng thông tin điện tử xã",
            "say \"hi\"",
            "back\\slash/",
            "tab\there\nline\r\u{1b}[2J\u{7}",
            "\u{7f}\u{9b}\u{202e}…–✖ 😀",
        ];
        let dates = [
            None,
            Some("2019-02-28"),
            Some("2024-02-29"),
            Some("2026-11-29"),
            Some("2027-06-30"),
        ];
        let pick = |i: usize, k: usize| texts[(i * 7 + k * 3) % texts.len()];
        let day = |i: usize, k: usize| dates[(i * 5 + k) % dates.len()];
        for i in 0..400usize {
            store
                .db()
                .execute(
                    "INSERT INTO system (unit, code, name, owner, operator, relation, level, dossier_state, \
                     dossier_since, approved_on, decision_no, regulation_issued_on, regulation_ref, plan_status, \
                     go_live_on, decommissioned_on, responsible, notes, last_assessed_on, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, \
                     '2026-11-29T08:00:00', '2026-11-29T08:00:00')",
                    crate::store::sql::params![
                        ["", "", "UBND xã Khác"][i % 3],
                        format!("HT-{i:03}{}", pick(i, 0)),
                        pick(i, 1),
                        pick(i, 2),
                        pick(i, 3),
                        ["owned", "owned", "owned", "used"][i % 4],
                        (i % 6 != 5).then_some((i % 6 + 1) as i64),
                        ["none", "drafting", "submitted", "appraised", "approved", "redetermine"][i % 6],
                        day(i, 0),
                        day(i, 1),
                        pick(i, 4),
                        day(i, 2),
                        pick(i, 5),
                        ["none", "partial", "full"][i % 3],
                        day(i, 3),
                        [None, None, Some("2020-01-01"), Some("2030-01-01")][i % 4],
                        pick(i, 6),
                        pick(i, 7),
                        day(i, 4),
                    ],
                )
                .expect("insert");
        }
        let rules = rules();
        for unit in [None, Some(""), Some("UBND xã Khác"), Some("không có")] {
            let (mine, pieces) = streamed(&store, &rules, unit);
            assert_eq!(mine, with_serde(&store, &rules, unit), "unit {unit:?}");
            if unit.is_none() {
                assert!(pieces > 2, "{pieces} pieces");
            }
            if unit == Some("không có") {
                assert_eq!(mine, "[]\n");
            }
        }
    }
}
