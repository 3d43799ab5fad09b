//! `capdo log` (the change log as a table or JSON) and `capdo verify` (the hash chain).

use std::process::ExitCode;

use clap::Args;
use serde_json::Value;

use super::output::{Table, term_width};
use super::{Env, ExitStatus, Failure, emit, emit_styled};
use crate::i18n::msg::{self, cli::log as m};
use crate::i18n::{self, Lang};
use crate::store::{Access, LogEntry, LogFilter, parse_dt};

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only the entries about this system (the system and its dossier, assessments, incidents
    /// and deadlines).
    #[arg(long, value_name = "CODE")]
    pub system: Option<String>,
    /// Print a JSON array of entries instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {}

fn entity_label(entity: &str, lang: Lang) -> &str {
    use msg::cli::log::entity as e;
    let t = match entity {
        "system" => e::SYSTEM,
        "dossier_step" => e::DOSSIER_STEP,
        "assessment" => e::ASSESSMENT,
        "incident" => e::INCIDENT,
        "incident_report" => e::INCIDENT_REPORT,
        "project" => e::PROJECT,
        "custom" => e::CUSTOM,
        "calendar" => e::CALENDAR,
        "evidence" => e::EVIDENCE,
        "report" => e::REPORT,
        "profile" => e::PROFILE,
        "undo" => e::UNDO,
        "store" => e::STORE,
        "grant" => e::GRANT,
        other => return other,
    };
    t.text(lang)
}

/// The record an entry is about, in words: "báo cáo năm 2025" rather than "report
/// annual/2025"; the profile has no key to show.
fn record_label(entity: &str, key: &str, lang: Lang) -> String {
    let what = entity_label(entity, lang);
    match entity {
        "profile" => what.to_owned(),
        "report" => match key
            .split_once('/')
            .and_then(|(id, p)| crate::domain::Period::parse(p).map(|p| (id, p)))
        {
            Some((id, period)) => i18n::periodic_report_for(id, period, lang),
            None => format!("{what} {key}"),
        },
        _ => format!("{what} {key}"),
    }
}

/// A period key as shown: "2026-Q4" → "Quý IV/2026", "2026" → "năm 2026".
fn period_label(p: &str, lang: Lang) -> String {
    crate::domain::Period::parse(p)
        .map(|p| p.label(lang))
        .unwrap_or_else(|| p.to_owned())
}

/// A field of a logged record as a person reads it, and its value: the label and a coded
/// value's name from the record's table (`store::tables`); a grant's fields, a merged bundle's
/// digest and the system or report a record names, which no table holds, from the catalog; the
/// key and the value as stored where neither knows.
fn field_shown(entity: &str, k: &str, v: &Value, lang: Lang) -> (String, String) {
    if let Some((label, name)) = crate::store::tables::describe(entity, k, v, lang) {
        let value = match name {
            Some(n) => n,
            None if k == "period" => period_label(v.as_str().unwrap_or_default(), lang),
            None if k == "report" => {
                i18n::periodic_report_name(v.as_str().unwrap_or_default(), lang)
            }
            None => show(v),
        };
        return (label.text(lang).to_owned(), value);
    }
    use msg::cli::log::field as f;
    let label = match k {
        "role" => f::ROLE,
        "sha256" => f::SHA256,
        "unit" => f::UNIT,
        "system" => f::SYSTEM,
        "report" => f::REPORT,
        _ => return (k.to_owned(), show(v)),
    };
    let value = match (k, v.as_str()) {
        ("report", Some(r)) => i18n::periodic_report_name(r, lang),
        _ => show(v),
    };
    (label.text(lang).to_owned(), value)
}

/// A stored value as a person reads it: dates dd/mm/yyyy, null as "—".
fn show(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => {
            if s.len() == 10
                && let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            {
                return i18n::date(d);
            }
            if s.len() >= 16
                && s.as_bytes().get(10) == Some(&b'T')
                && let Some(d) = parse_dt(Some(s.clone()))
            {
                return i18n::datetime(d);
            }
            if s.is_empty() {
                "\"\"".into()
            } else {
                s.clone()
            }
        }
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Fields not worth showing in a one-line summary of a whole record.
fn quiet(k: &str, v: &Value) -> bool {
    matches!(k, "id" | "recorded_at" | "created_at")
        || k.ends_with("_id")
        || v.is_null()
        || v.as_str().is_some_and(str::is_empty)
}

/// "name: Old → New; level: 2 → 3", "+ code=A, name=…", "− …".
pub fn summarise(entity: &str, old: Option<&Value>, new: Option<&Value>, lang: Lang) -> String {
    let whole = |sign: &str, m: &serde_json::Map<String, Value>| {
        let parts: Vec<String> = m
            .iter()
            .filter(|(k, v)| !quiet(k, v))
            .map(|(k, v)| {
                let (label, value) = field_shown(entity, k, v, lang);
                format!("{label}={value}")
            })
            .collect();
        format!("{sign} {}", parts.join(", "))
    };
    match (old, new) {
        (Some(Value::Object(o)), Some(Value::Object(n))) => {
            let mut keys: Vec<&String> = n.keys().collect();
            keys.extend(o.keys().filter(|k| !n.contains_key(*k)));
            let parts: Vec<String> = keys
                .into_iter()
                .filter_map(|k| {
                    let (a, b) = (
                        o.get(k).unwrap_or(&Value::Null),
                        n.get(k).unwrap_or(&Value::Null),
                    );
                    (a != b).then(|| {
                        let (label, was) = field_shown(entity, k, a, lang);
                        let (_, now) = field_shown(entity, k, b, lang);
                        format!("{label}: {was} → {now}")
                    })
                })
                .collect();
            parts.join("; ")
        }
        (None, Some(Value::Object(n))) => whole("+", n),
        (Some(Value::Object(o)), None) => whole("−", o),
        (o, n) => format!(
            "{} → {}",
            o.map(show).unwrap_or_default(),
            n.map(show).unwrap_or_default()
        ),
    }
}

pub fn run(env: &Env, a: &LogArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let store = env.open(Access::ReadWrite)?;
    let filter = LogFilter {
        system: a.system.clone().filter(|s| !s.trim().is_empty()),
    };
    let entries: Vec<LogEntry> = store.log(&filter).map_err(|e| Failure::store(&e, lang))?;
    if a.json {
        let mut s =
            serde_json::to_string_pretty(&entries).map_err(|e| Failure::input(e.to_string()))?;
        s.push('\n');
        emit(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = Table::new(
        [
            "#",
            m::COL_TIME.text(lang),
            m::COL_WHO.text(lang),
            m::COL_RECORD.text(lang),
            m::COL_ACTION.text(lang),
            m::COL_CHANGE.text(lang),
        ]
        .map(str::to_owned)
        .to_vec(),
    );
    t.right.push(0);
    // at 80 columns the person and the record are cut before the change
    t.shrink = vec![2, 3];
    for e in &entries {
        let when = parse_dt(Some(e.at.clone()))
            .map(i18n::datetime)
            .unwrap_or_else(|| e.at.clone());
        let who = if e.officer.is_empty() || e.officer == e.os_user {
            e.os_user.clone()
        } else {
            format!("{} ({})", e.officer, e.os_user)
        };
        t.push(vec![
            e.seq.to_string(),
            when,
            who,
            record_label(&e.entity, &e.entity_key, lang),
            i18n::log_action(&e.action, lang).to_owned(),
            summarise(&e.entity, e.old.as_ref(), e.new.as_ref(), lang),
        ]);
    }
    let mut out = t.render(term_width(), &|_| None);
    out.push(&i18n::count_of(
        lang,
        entries.len(),
        m::ENTRIES_ONE,
        m::ENTRIES,
    ));
    out.push("\n");
    emit_styled(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn reason(r: &str, lang: Lang) -> String {
    // the store says why in English; the catalog's English is the same words
    if let Some(t) = [m::PREVIOUS_HASH, m::CONTENT_HASH]
        .into_iter()
        .find(|t| t.en == r)
    {
        return t.text(lang).to_owned();
    }
    match r.strip_prefix("expected entry ") {
        Some(n) => m::MissingEntry { n }.text(lang),
        None => r.to_owned(),
    }
}

pub fn verify(env: &Env, _a: &VerifyArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let store = env.open(Access::ReadWrite)?;
    // the whole file first (every page; the cheap open leaves this to `verify`), then the chain
    let check = store
        .integrity_check()
        .map_err(|e| Failure::store(&e, lang))?;
    if check != "ok" {
        let e = crate::store::StoreError::Corrupt {
            path: store.path().to_owned(),
            detail: format!("integrity_check: {}", crate::store::first_problem(&check)),
        };
        return Err(Failure::store(&e, lang));
    }
    match store.verify().map_err(|e| Failure::store(&e, lang))? {
        Ok(n) => {
            emit(&(m::Intact { n }.text(lang) + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(v) => Err(Failure {
            kind: ExitStatus::ChainBroken,
            message: m::Altered {
                seq: v.seq,
                reason: reason(&v.reason, lang),
            }
            .text(lang),
        }),
    }
}
