//! The whole store as one JSON document (`capdo export FILE.json`) and back
//! (`capdo import FILE.json`).
//!
//! Format `capdo-store`, version 1: `profile`, `systems` (every field, with `unit`),
//! `dossier_steps`, `assessments`, `incidents` (with the reports sent), `projects`,
//! `report_submissions`, `custom_deadlines`, `calendar_days` (optional), `evidence` (the register:
//! absent in files made before it, read as empty) and `change_log`. Other records name their system
//! by `system` (code) and `unit`; records without a natural key (dossier steps, assessments,
//! incidents, projects, custom deadlines) keep their `id` (the change log and the commands
//! name incidents by id). Change-log entries keep `old`/`new` as the exact
//! JSON text their hash covers. The writer is deterministic: the same store gives the same
//! bytes. The reader checks everything before anything is written and names each problem by
//! its JSON path (`systems[3].level`).

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{ImportError, Rejected};
use crate::domain::valid::{self, Refusal};
use crate::domain::*;
use crate::i18n::{Lang, Text, msg::exchange::json as m};
use crate::store::restore::{
    AssessmentRow, CalendarRow, CustomRow, Dump, IncidentRow, ProfileRow, RawLogEntry, StepRow,
    SysRef, SystemRow,
};
use crate::store::tables::{
    self, ASSESSMENTS, CALENDAR, CUSTOMS, EVIDENCE, INCIDENTS, PROFILE, PROJECTS, REPORTS, Rule,
    STEPS, SYSTEMS, Table,
};
use crate::text::sanitize;

pub const FORMAT: &str = "capdo-store";
pub const VERSION: i64 = 1;
/// Most problems listed before the reader stops counting.
const MAX_ERRORS: usize = 100;

fn dt(x: NaiveDateTime) -> String {
    x.format("%Y-%m-%dT%H:%M:%S").to_string()
}

#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: i64,
    profile: RecordOut<'a>,
    systems: Vec<SystemOut<'a>>,
    dossier_steps: Vec<RecordOut<'a>>,
    assessments: Vec<RecordOut<'a>>,
    incidents: Vec<RecordOut<'a>>,
    projects: Vec<RecordOut<'a>>,
    report_submissions: Vec<RecordOut<'a>>,
    custom_deadlines: Vec<RecordOut<'a>>,
    calendar_days: Vec<RecordOut<'a>>,
    evidence: Vec<RecordOut<'a>>,
    change_log: Vec<LogOut<'a>>,
}

/// A system as the document writes it: the fields of `store::tables::SYSTEMS` in their order
/// (an optional field left out while empty), then the store's two stamps.
struct SystemOut<'a>(&'a SystemRow);

impl Serialize for SystemOut<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (s, r) = (&self.0.system, self.0);
        let mut m = ser.serialize_map(None)?;
        for f in SYSTEMS.fields {
            let v = f.export(s);
            if f.optional && v.is_null() {
                continue;
            }
            m.serialize_entry(f.key, &v)?;
        }
        m.serialize_entry("created_at", &r.created_at)?;
        m.serialize_entry("updated_at", &r.updated_at)?;
        m.end()
    }
}

#[derive(Serialize)]
struct SentOut<'a> {
    report: &'a str,
    sent_at: String,
    recipients: &'a str,
}

#[derive(Serialize)]
struct LogOut<'a> {
    seq: i64,
    at: &'a str,
    os_user: &'a str,
    officer: &'a str,
    entity: &'a str,
    entity_key: &'a str,
    action: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    prev_hash: &'a str,
    hash: &'a str,
}

/// The store as a JSON document (pretty-printed, UTF-8, ending with a newline).
pub fn to_json(dump: &Dump) -> Result<Vec<u8>, String> {
    let p = &dump.profile;
    let doc = DocOut {
        format: FORMAT,
        version: VERSION,
        profile: {
            let mut r = record_out(&PROFILE, &p.profile, None, None);
            r.entries
                .push(("created_at", Value::String(p.created_at.clone())));
            r
        },
        systems: dump.systems.iter().map(SystemOut).collect(),
        dossier_steps: dump.steps.iter().map(step_out).collect(),
        assessments: dump.assessments.iter().map(assessment_out).collect(),
        incidents: dump.incidents.iter().map(incident_out).collect(),
        projects: dump.projects.iter().map(project_out).collect(),
        report_submissions: dump.reports.iter().map(report_out).collect(),
        custom_deadlines: dump.customs.iter().map(custom_out).collect(),
        calendar_days: dump.calendar.iter().map(calendar_out).collect(),
        evidence: dump.evidence.iter().map(evidence_out).collect(),
        change_log: dump.log.iter().map(log_out).collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}

/// A record as the document writes it: its entries in order (id, system and unit, the fields
/// of its `store::tables` table), then the reports sent (an incident's).
struct RecordOut<'a> {
    entries: Vec<(&'static str, Value)>,
    reports: Option<Vec<SentOut<'a>>>,
}

impl Serialize for RecordOut<'_> {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = ser.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            m.serialize_entry(k, v)?;
        }
        if let Some(r) = &self.reports {
            m.serialize_entry("reports", r)?;
        }
        m.end()
    }
}

/// A record's entries: `id` if it keeps one, the fields of `t` in order with `system` and
/// `unit` (null for none) where the table puts them if it names a system.
fn record_out<R>(
    t: &Table<R>,
    r: &R,
    id: Option<i64>,
    system: Option<Option<&SysRef>>,
) -> RecordOut<'static> {
    let mut entries = Vec::with_capacity(t.fields.len() + 3);
    entries.extend(id.map(|id| ("id", Value::from(id))));
    for (i, f) in t.fields.iter().enumerate() {
        if let (true, Some(s)) = (i == t.system_at, system) {
            let text = |x: Option<&String>| x.map_or(Value::Null, |x| Value::String(x.clone()));
            entries.push(("system", text(s.map(|s| &s.code))));
            entries.push(("unit", text(s.map(|s| &s.unit))));
        }
        entries.push((f.key, f.json(r)));
    }
    RecordOut {
        entries,
        reports: None,
    }
}

/// An incident and the reports sent as the document writes it.
fn incident_out(r: &IncidentRow) -> RecordOut<'_> {
    let i = &r.incident;
    let mut out = record_out(&INCIDENTS, i, Some(i.id), Some(r.system.as_ref()));
    out.reports = Some(
        i.reports
            .iter()
            .map(|s| SentOut {
                report: &s.report,
                sent_at: dt(s.sent_at),
                recipients: &s.recipients,
            })
            .collect(),
    );
    out
}

/// A dossier step as the document writes it.
fn step_out(s: &StepRow) -> RecordOut<'_> {
    record_out(&STEPS, s, Some(s.id), Some(Some(&s.system)))
}

/// An assessment as the document writes it.
fn assessment_out(a: &AssessmentRow) -> RecordOut<'_> {
    let x = &a.assessment;
    record_out(&ASSESSMENTS, x, Some(x.id), Some(Some(&a.system)))
}

/// A project as the document writes it.
fn project_out(p: &Project) -> RecordOut<'_> {
    record_out(&PROJECTS, p, Some(p.id), None)
}

/// A report submission as the document writes it (renumbered on restore: no id).
fn report_out(r: &ReportSubmission) -> RecordOut<'_> {
    record_out(&REPORTS, r, None, None)
}

/// A custom deadline as the document writes it.
fn custom_out(r: &CustomRow) -> RecordOut<'_> {
    let c = &r.custom;
    record_out(&CUSTOMS, c, Some(c.id), Some(r.system.as_ref()))
}

/// A calendar day as the document writes it.
fn calendar_out(c: &CalendarRow) -> RecordOut<'_> {
    record_out(&CALENDAR, c, None, None)
}

/// What a document proves, as its two keys (`proves`, `proves_ref`; null for nothing).
fn proves_keys(p: Option<&crate::domain::evidence::Proves>) -> [(&'static str, Value); 2] {
    let (what, reference) = match p.map(|p| p.key()) {
        Some((w, r)) => (Value::from(w), Value::String(r)),
        None => (Value::Null, Value::Null),
    };
    [("proves", what), ("proves_ref", reference)]
}

/// An evidence record as the document writes it: what it proves before `recorded_at`.
fn evidence_out(r: &crate::store::restore::EvidenceRow) -> RecordOut<'_> {
    let x = &r.evidence;
    let mut out = record_out(&EVIDENCE, x, Some(x.id), Some(Some(&r.system)));
    let at = out.entries.iter().position(|(k, _)| *k == "recorded_at");
    let at = at.unwrap_or(out.entries.len());
    out.entries.splice(at..at, proves_keys(x.proves.as_ref()));
    out
}

/// A change-log entry as the document writes it.
fn log_out(l: &RawLogEntry) -> LogOut<'_> {
    LogOut {
        seq: l.seq,
        at: &l.at,
        os_user: &l.os_user,
        officer: &l.officer,
        entity: &l.entity,
        entity_key: &l.entity_key,
        action: &l.action,
        old: l.old.as_deref(),
        new: l.new.as_deref(),
        prev_hash: &l.prev_hash,
        hash: &l.hash,
    }
}

/// Renders problems found in a JSON file: `FILE: PATH: message (value)`, or `FILE:LINE:` for
/// a syntax error, then the closing line.
pub fn render(r: &Rejected, lang: Lang) -> String {
    let mut s = String::new();
    for e in &r.0 {
        s.push_str(&e.file);
        if e.line > 0 {
            s.push_str(&format!(":{}", e.line));
        }
        s.push_str(": ");
        if let Some(c) = &e.column {
            s.push_str(c);
            s.push_str(": ");
        }
        s.push_str(&e.message);
        if let Some(v) = &e.value {
            s.push_str(&format!(" ({v})"));
        }
        s.push('\n');
    }
    let n = r.0.len();
    s.push_str(&if n == 1 {
        crate::i18n::msg::exchange::common::RejectedOne { n }.text(lang)
    } else {
        crate::i18n::msg::exchange::common::Rejected { n }.text(lang)
    });
    s
}

/// The reader: walks the document, collecting every problem with its path.
struct Rd<'a> {
    file: &'a str,
    lang: Lang,
    errs: Vec<ImportError>,
    more: usize,
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn kind_of(v: &Value, lang: Lang) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => m::A_BOOLEAN.text(lang),
        Value::Number(_) => m::A_NUMBER.text(lang),
        Value::String(_) => m::WANT_A_STRING.text(lang),
        Value::Array(_) => m::WANT_AN_ARRAY.text(lang),
        Value::Object(_) => m::AN_OBJECT.text(lang),
    }
}

impl<'a> Rd<'a> {
    fn err(&mut self, path: &str, m: String, value: Option<&Value>) {
        if self.errs.len() >= MAX_ERRORS {
            self.more += 1;
            return;
        }
        let v = value.map(short);
        self.errs
            .push(ImportError::new(self.file, 0, Some(path), m, v.as_deref()));
    }

    /// A problem told by a text of the catalog.
    fn bad(&mut self, path: &str, t: Text, value: Option<&Value>) {
        let m = t.text(self.lang).to_owned();
        self.err(path, m, value);
    }

    /// A value refused by one of the shared rules (`app::valid`): the message every surface
    /// gives, after the JSON path.
    fn refuse(&mut self, path: &str, why: &Refusal, value: Option<&Value>) {
        let m = why.message(self.lang);
        self.err(path, m, value.filter(|_| why.shows_value()));
    }

    fn wrong(&mut self, path: &str, want: Text, v: &Value) {
        let got = kind_of(v, self.lang);
        let want = want.text(self.lang);
        self.err(path, m::WrongType { want, got }.text(self.lang), Some(v));
    }

    fn dup_id(&mut self, path: &str, m: &Map<String, Value>) {
        self.bad(&format!("{path}.id"), m::DUPLICATE_ID, m.get("id"));
    }

    /// An object with exactly `keys`.
    fn obj<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        keys: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Some(m) = v.as_object() else {
            self.wrong(path, m::WANT_A_JSON_OBJECT, v);
            return None;
        };
        for k in m.keys() {
            if !keys.contains(&k.as_str()) {
                let p = format!("{path}.{}", sanitize(k));
                self.bad(&p, m::UNKNOWN_KEY, None);
            }
        }
        let mut ok = true;
        for k in keys {
            if !m.contains_key(*k) {
                self.bad(&format!("{path}.{k}"), m::MISSING_KEY, None);
                ok = false;
            }
        }
        ok.then_some(m)
    }

    fn arr<'v>(&mut self, m: &'v Map<String, Value>, path: &str, key: &str) -> &'v [Value] {
        match m.get(key) {
            Some(Value::Array(a)) => a,
            Some(v) => {
                self.wrong(&format!("{path}{key}"), m::WANT_AN_ARRAY, v);
                &[]
            }
            None => &[],
        }
    }

    /// Text, NFC-normalised (not trimmed: the store gets back exactly what it had).
    fn text(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> String {
        match m.get(key) {
            Some(Value::String(s)) => nfc(s),
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), m::WANT_A_STRING, v);
                String::new()
            }
            None => String::new(),
        }
    }

    fn opt_text(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
        match m.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(nfc(s)),
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), m::WANT_A_STRING_OR_NULL, v);
                None
            }
        }
    }

    /// A string kept byte for byte (change-log fields: their hash covers these bytes).
    fn raw(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> String {
        match m.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), m::WANT_A_STRING, v);
                String::new()
            }
            None => String::new(),
        }
    }

    fn opt_raw(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
        match m.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), m::WANT_A_STRING_OR_NULL, v);
                None
            }
        }
    }

    fn opt_date(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> Option<NaiveDate> {
        let v = m.get(key)?;
        if v.is_null() {
            return None;
        }
        let p = format!("{path}.{key}");
        match v.as_str().and_then(canonical_date) {
            Some(x) => Some(x),
            None if v.as_str().is_some_and(date_shaped) => {
                self.refuse(&p, &Refusal::NoSuchDay, Some(v));
                None
            }
            None => {
                self.bad(&p, m::NOT_A_DATE, Some(v));
                None
            }
        }
    }

    fn date(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> NaiveDate {
        if m.get(key).is_some_and(Value::is_null) {
            self.bad(&format!("{path}.{key}"), m::DATE_REQUIRED, None);
        }
        self.opt_date(m, path, key).unwrap_or(NaiveDate::MIN)
    }

    fn opt_datetime(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
    ) -> Option<NaiveDateTime> {
        let v = m.get(key)?;
        if v.is_null() {
            return None;
        }
        match v.as_str().and_then(canonical_datetime) {
            Some(x) => Some(x),
            None => {
                self.bad(&format!("{path}.{key}"), m::NOT_A_DATE_TIME, Some(v));
                None
            }
        }
    }

    fn datetime(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> NaiveDateTime {
        if m.get(key).is_some_and(Value::is_null) {
            self.bad(&format!("{path}.{key}"), m::DATE_TIME_REQUIRED, None);
        }
        self.opt_datetime(m, path, key)
            .unwrap_or(NaiveDateTime::MIN)
    }

    /// A store timestamp: a date or a date and time, kept as written.
    fn stamp(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> String {
        let s = self.raw(m, path, key);
        if m.get(key).is_some_and(Value::is_string)
            && canonical_date(&s).is_none()
            && canonical_datetime(&s).is_none()
        {
            self.bad(&format!("{path}.{key}"), m::NOT_A_STAMP, m.get(key));
        }
        s
    }

    fn int(&mut self, m: &Map<String, Value>, path: &str, key: &str, min: i64, max: i64) -> i64 {
        let Some(v) = m.get(key) else { return min };
        match v.as_i64().map(|n| valid::in_range(n, min, max)) {
            Some(Ok(n)) => n,
            Some(Err(why)) => {
                self.refuse(&format!("{path}.{key}"), &why, Some(v));
                min
            }
            None => {
                self.wrong(&format!("{path}.{key}"), m::WANT_AN_INTEGER, v);
                min
            }
        }
    }

    fn boolean(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> bool {
        match m.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.wrong(&format!("{path}.{key}"), m::WANT_TRUE_OR_FALSE, v);
                false
            }
            None => false,
        }
    }

    /// A system: every field of `store::tables::SYSTEMS` by its kind and rule (an optional one
    /// may be absent), then the store's two stamps.
    fn system(&mut self, v: &Value, path: &str) -> Option<SystemRow> {
        let mut keys: Vec<&str> = SYSTEMS
            .fields
            .iter()
            .filter(|f| !f.optional || v.get(f.key).is_some())
            .map(|f| f.key)
            .collect();
        keys.extend(["created_at", "updated_at"]);
        let m = self.obj(v, path, &keys)?;
        let mut s = System::new("", "");
        self.fields(m, path, SYSTEMS.fields, &mut s);
        Some(SystemRow {
            system: s,
            created_at: self.stamp(m, path, "created_at"),
            updated_at: self.stamp(m, path, "updated_at"),
        })
    }

    /// Five assessment intervals in months (1 to 1,200 each), or none.
    fn months(&mut self, m: &Map<String, Value>, path: &str, key: &str) -> Option<[u32; 5]> {
        let v = match m.get(key) {
            None | Some(Value::Null) => return None,
            Some(v) => v,
        };
        let parsed = v.as_array().and_then(|a| {
            let n: Vec<u32> = a
                .iter()
                .filter_map(|x| x.as_u64().and_then(|x| u32::try_from(x).ok()))
                .filter(|x| *x > 0 && *x <= 1200)
                .collect();
            (n.len() == a.len()).then_some(n)
        });
        let months = parsed.and_then(|n| <[u32; 5]>::try_from(n).ok());
        if months.is_none() {
            self.bad(&format!("{path}.{key}"), m::ASSESSMENT_MONTHS, Some(v));
        }
        months
    }

    /// A record's `id` (a whole number from 1), refused if an earlier record had it.
    fn id(&mut self, m: &Map<String, Value>, path: &str, ids: &mut HashSet<i64>) -> i64 {
        let id = self.int(m, path, "id", 1, i64::MAX);
        if !ids.insert(id) {
            self.dup_id(path, m);
        }
        id
    }

    /// Fields of a `store::tables` table into `r`, each by its kind.
    fn fields<R>(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        fs: &[tables::Field<R>],
        r: &mut R,
    ) {
        for f in fs {
            self.record_field(m, path, f, r);
        }
    }

    /// One field of a record, by its kind; false if it was refused.
    fn record_field<R>(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        f: &tables::Field<R>,
        r: &mut R,
    ) -> bool {
        use tables::Slot as T;
        let before = self.errs.len() + self.more;
        let k = f.key;
        match f.slot {
            T::Text(_, set) => {
                let t = self.text(m, path, k);
                let rule = match f.rule {
                    Rule::Code => valid::required_text(&t, valid::MAX_TEXT, false)
                        .and_then(|c| valid::code_shape(&c)),
                    Rule::Required => valid::required_text(&t, valid::MAX_TEXT, false).map(drop),
                    Rule::Line => valid::text(&t, valid::MAX_TEXT, false).map(drop),
                    Rule::Notes => valid::text(&t, valid::MAX_NOTES, true).map(drop),
                    Rule::Typed | Rule::Past => Ok(()),
                };
                if let Err(why) = rule {
                    self.refuse(&format!("{path}.{k}"), &why, m.get(k));
                }
                *set(r) = t;
            }
            T::Level(_, set) => {
                *set(r) = match m.get(k) {
                    None | Some(Value::Null) => None,
                    Some(v) => match v.as_i64().map(valid::level_number) {
                        Some(Ok(l)) => Some(l),
                        Some(Err(why)) => {
                            self.refuse(&format!("{path}.{k}"), &why, Some(v));
                            None
                        }
                        None => {
                            self.wrong(&format!("{path}.{k}"), m::WANT_AN_INTEGER_OR_NULL, v);
                            None
                        }
                    },
                }
            }
            T::Raw(_, set) => *set(r) = self.raw(m, path, k),
            T::OptRaw(_, set) => *set(r) = self.opt_raw(m, path, k),
            T::Stamp(_, set) => *set(r) = self.stamp(m, path, k),
            T::Int { set, min, max, .. } => set(r, self.int(m, path, k, min, max)),
            T::Flag(_, set) | T::Bit(_, set) => *set(r) = self.boolean(m, path, k),
            T::OptText(_, set) => *set(r) = self.opt_text(m, path, k),
            T::Months(_, set) => *set(r) = self.months(m, path, k),
            T::Day(_, set) => *set(r) = self.date(m, path, k),
            T::Date(_, set) => *set(r) = self.opt_date(m, path, k),
            T::Moment(_, set) => *set(r) = self.datetime(m, path, k),
            T::Time(_, set) => *set(r) = self.opt_datetime(m, path, k),
            T::Key { set, all, .. } => self.coded(m, path, k, all, |x| set(r, x)),
            T::OptKey { set, all, .. } => match m.get(k) {
                None | Some(Value::Null) => drop(set(r, None)),
                Some(_) => self.coded(m, path, k, all, |x| set(r, Some(x))),
            },
            T::Period(_, set) => match m.get(k) {
                Some(Value::String(s)) => match Period::parse(s).filter(|p| p.key() == *s) {
                    Some(p) => *set(r) = p,
                    None => self.bad(&format!("{path}.{k}"), m::NOT_A_PERIOD, m.get(k)),
                },
                Some(v) => self.wrong(&format!("{path}.{k}"), m::WANT_A_STRING, v),
                None => {}
            },
        }
        self.errs.len() + self.more == before
    }

    /// A coded value by its stable key (`set` says whether it knew it); an absent one is left.
    fn coded(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        key: &str,
        all: fn() -> Vec<&'static str>,
        set: impl FnOnce(&str) -> bool,
    ) {
        let Some(v) = m.get(key) else { return };
        if !v.as_str().is_some_and(set) {
            let keys = all().join(", ");
            let p = format!("{path}.{key}");
            self.err(&p, m::UnknownValue { keys: &keys }.text(self.lang), Some(v));
        }
    }

    /// `system` (code) and `unit` of a record; both null when `optional` allows it.
    fn sys_ref(
        &mut self,
        m: &Map<String, Value>,
        path: &str,
        optional: bool,
        known: &HashSet<SysRef>,
    ) -> Option<SysRef> {
        let code = match m.get("system") {
            Some(Value::Null) if optional => {
                if let Some(v) = m
                    .get("unit")
                    .filter(|u| !u.is_null() && u.as_str() != Some(""))
                {
                    self.bad(&format!("{path}.unit"), m::UNIT_WITHOUT_SYSTEM, Some(v));
                }
                return None;
            }
            Some(Value::String(s)) => nfc(s),
            Some(v) => {
                let want = if optional {
                    m::WANT_A_SYSTEM_CODE_OR_NULL
                } else {
                    m::WANT_A_SYSTEM_CODE
                };
                self.wrong(&format!("{path}.system"), want, v);
                return None;
            }
            None => return None,
        };
        let unit = match m.get("unit") {
            Some(Value::String(s)) => nfc(s),
            Some(Value::Null) => String::new(),
            Some(v) => {
                self.wrong(&format!("{path}.unit"), m::WANT_A_STRING, v);
                return None;
            }
            None => return None,
        };
        let r = SysRef { unit, code };
        if !known.contains(&r) {
            let shown = Value::String(if r.unit.is_empty() {
                r.code.clone()
            } else {
                format!("{}/{}", r.unit, r.code)
            });
            self.bad(&format!("{path}.system"), m::NO_SUCH_SYSTEM, Some(&shown));
            return None;
        }
        Some(r)
    }
}

fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if unicode_normalization::is_nfc(s) {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// `NNNN-NN-NN`: written as the store writes dates, whether or not the calendar has the day.
fn date_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// `YYYY-MM-DD`, exactly as the store writes it.
fn canonical_date(s: &str) -> Option<NaiveDate> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    (d.format("%Y-%m-%d").to_string() == s).then_some(d)
}

/// `YYYY-MM-DDTHH:MM:SS`, exactly as the store writes it.
fn canonical_datetime(s: &str) -> Option<NaiveDateTime> {
    let d = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok()?;
    (d.format("%Y-%m-%dT%H:%M:%S").to_string() == s).then_some(d)
}

const TOP: &[&str] = &[
    "format",
    "version",
    "profile",
    "systems",
    "dossier_steps",
    "assessments",
    "incidents",
    "projects",
    "report_submissions",
    "custom_deadlines",
    "calendar_days",
    "evidence",
    "change_log",
];

/// Reads and checks a `capdo-store` document. Every problem is reported, by JSON path.
pub fn parse(file: &str, bytes: &[u8], lang: Lang) -> Result<Dump, Rejected> {
    let one = |line: u64, col: Option<&str>, m: String, v: Option<&str>| {
        Rejected::one(ImportError::new(file, line, col, m, v))
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root: Value = serde_json::from_slice(body).map_err(|e| {
        one(
            e.line() as u64,
            None,
            m::BrokenJson { detail: &e }.text(lang),
            None,
        )
    })?;
    // identify the document first: nothing else means anything in another format
    let Some(top) = root.as_object() else {
        return Err(one(0, None, m::NOT_A_STORE.text(lang).into(), None));
    };
    match top.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        other => {
            let v = other.map(short);
            return Err(one(
                0,
                Some("format"),
                m::UnknownFormat { format: FORMAT }.text(lang),
                v.as_deref().or(Some("—")),
            ));
        }
    }
    match top.get("version").and_then(Value::as_i64) {
        Some(VERSION) => {}
        Some(n) if n > VERSION => {
            return Err(one(
                0,
                Some("version"),
                m::NewerVersion {
                    n,
                    version: VERSION,
                }
                .text(lang),
                None,
            ));
        }
        _ => {
            let v = top.get("version").map(short);
            return Err(one(
                0,
                Some("version"),
                m::UnsupportedVersion { version: VERSION }.text(lang),
                v.as_deref().or(Some("—")),
            ));
        }
    }

    let mut rd = Rd {
        file,
        lang,
        errs: Vec::new(),
        more: 0,
    };
    // `calendar_days` came later in version 1: a document without it has none
    let top_keys: Vec<&str> = TOP
        .iter()
        .copied()
        .filter(|k| *k != "calendar_days" || root.get("calendar_days").is_some())
        .collect();
    let top = rd.obj(&root, "$", &top_keys);
    let empty = Map::new();
    let top = top.unwrap_or(&empty);

    // profile
    let profile = read_profile(&mut rd, top);

    // systems
    let (systems, known) = read_systems(&mut rd, top);

    let steps = read_steps(&mut rd, top, &known);

    let assessments = read_assessments(&mut rd, top, &known);

    let incidents = read_incidents(&mut rd, top, &known);

    let projects = read_projects(&mut rd, top);

    let reports = read_reports(&mut rd, top);

    let customs = read_customs(&mut rd, top, &known);

    let calendar = read_calendar(&mut rd, top);

    let evidence = read_evidence(&mut rd, top, &known);

    let log = read_log(&mut rd, top);

    if rd.more > 0 {
        let more = rd.more;
        rd.errs.push(ImportError::new(
            file,
            0,
            None,
            m::MoreProblems { more }.text(lang),
            None,
        ));
    }
    if !rd.errs.is_empty() {
        return Err(Rejected(rd.errs));
    }
    Ok(Dump {
        profile,
        systems,
        steps,
        assessments,
        incidents,
        projects,
        reports,
        customs,
        calendar,
        evidence,
        log,
    })
}

/// The profile.
fn read_profile(rd: &mut Rd, top: &Map<String, Value>) -> ProfileRow {
    let empty = Map::new();
    let path = "profile";
    let mut keys: Vec<&str> = PROFILE.fields.iter().map(|f| f.key).collect();
    keys.push("created_at");
    let m = top
        .get("profile")
        .and_then(|v| rd.obj(v, path, &keys))
        .unwrap_or(&empty);
    let mut profile = (PROFILE.blank)();
    rd.fields(m, path, PROFILE.fields, &mut profile);
    ProfileRow {
        profile,
        created_at: rd.stamp(m, path, "created_at"),
    }
}

/// The systems, and the (unit, code) pairs other records may name.
fn read_systems(rd: &mut Rd, top: &Map<String, Value>) -> (Vec<SystemRow>, HashSet<SysRef>) {
    let mut systems = Vec::new();
    let mut known: HashSet<SysRef> = HashSet::new();
    for (i, v) in rd.arr(top, "", "systems").iter().enumerate() {
        let path = format!("systems[{i}]");
        if let Some(row) = rd.system(v, &path) {
            let r = SysRef {
                unit: row.system.unit.clone(),
                code: row.system.code.clone(),
            };
            if !known.insert(r) {
                let v = Value::String(row.system.code.clone());
                rd.bad(&format!("{path}.code"), m::DUPLICATE_CODE, Some(&v));
            }
            systems.push(row);
        }
    }
    (systems, known)
}

/// The keys of a record of `t`: `id` if it keeps one, its fields with `system` and `unit`
/// where the table puts them if it names a system, then `tail`.
fn record_keys<R>(
    t: &Table<R>,
    id: bool,
    system: bool,
    tail: &[&'static str],
) -> Vec<&'static str> {
    let mut keys = Vec::with_capacity(t.fields.len() + 4);
    if id {
        keys.push("id");
    }
    for (i, f) in t.fields.iter().enumerate() {
        if system && i == t.system_at {
            keys.extend(["system", "unit"]);
        }
        keys.push(f.key);
    }
    keys.extend(tail);
    keys
}

/// The dossier steps.
fn read_steps(rd: &mut Rd, top: &Map<String, Value>, known: &HashSet<SysRef>) -> Vec<StepRow> {
    let mut steps = Vec::new();
    let mut ids = HashSet::new();
    let keys = record_keys(&STEPS, true, true, &[]);
    for (i, v) in rd.arr(top, "", "dossier_steps").iter().enumerate() {
        let path = format!("dossier_steps[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut s = (STEPS.blank)();
        s.id = rd.id(m, &path, &mut ids);
        let system = rd.sys_ref(m, &path, false, known);
        rd.fields(m, &path, STEPS.fields, &mut s);
        if let Some(system) = system {
            s.system = system;
            steps.push(s);
        }
    }
    steps
}

/// The assessments.
fn read_assessments(
    rd: &mut Rd,
    top: &Map<String, Value>,
    known: &HashSet<SysRef>,
) -> Vec<AssessmentRow> {
    let mut assessments = Vec::new();
    let mut ids = HashSet::new();
    let keys = record_keys(&ASSESSMENTS, true, true, &[]);
    for (i, v) in rd.arr(top, "", "assessments").iter().enumerate() {
        let path = format!("assessments[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut a = (ASSESSMENTS.blank)();
        a.id = rd.id(m, &path, &mut ids);
        let system = rd.sys_ref(m, &path, false, known);
        rd.fields(m, &path, ASSESSMENTS.fields, &mut a);
        if let Some(system) = system {
            assessments.push(AssessmentRow {
                system,
                assessment: a,
            });
        }
    }
    assessments
}

/// The reports sent of the incident at `path`: each kind once.
fn read_sent(rd: &mut Rd, m: &Map<String, Value>, path: &str) -> Vec<SentReport> {
    let mut reports = Vec::new();
    let mut kinds = HashSet::new();
    for (j, r) in rd.arr(m, &format!("{path}."), "reports").iter().enumerate() {
        let rp = format!("{path}.reports[{j}]");
        let Some(rm) = rd.obj(r, &rp, &["report", "sent_at", "recipients"]) else {
            continue;
        };
        let report = rd.text(rm, &rp, "report");
        if report.is_empty() {
            rd.bad(&format!("{rp}.report"), m::REPORT_MISSING, None);
        } else if !kinds.insert(report.clone()) {
            let v = Value::String(report.clone());
            rd.bad(&format!("{rp}.report"), m::REPORT_TWICE, Some(&v));
        }
        reports.push(SentReport {
            report,
            sent_at: rd.datetime(rm, &rp, "sent_at"),
            recipients: rd.text(rm, &rp, "recipients"),
        });
    }
    reports
}

/// The incidents, with the reports sent.
fn read_incidents(
    rd: &mut Rd,
    top: &Map<String, Value>,
    known: &HashSet<SysRef>,
) -> Vec<IncidentRow> {
    let mut incidents = Vec::new();
    let mut ids = HashSet::new();
    let keys = record_keys(&INCIDENTS, true, true, &["reports"]);
    for (i, v) in rd.arr(top, "", "incidents").iter().enumerate() {
        let path = format!("incidents[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut inc = (INCIDENTS.blank)();
        inc.id = rd.id(m, &path, &mut ids);
        let system = rd.sys_ref(m, &path, true, known);
        inc.reports = read_sent(rd, m, &path);
        rd.fields(m, &path, INCIDENTS.fields, &mut inc);
        incidents.push(IncidentRow {
            system,
            incident: inc,
        });
    }
    incidents
}

/// The IT projects.
fn read_projects(rd: &mut Rd, top: &Map<String, Value>) -> Vec<Project> {
    let mut projects = Vec::new();
    let mut ids = HashSet::new();
    let keys = record_keys(&PROJECTS, true, false, &[]);
    for (i, v) in rd.arr(top, "", "projects").iter().enumerate() {
        let path = format!("projects[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut p = (PROJECTS.blank)();
        p.id = rd.id(m, &path, &mut ids);
        rd.fields(m, &path, PROJECTS.fields, &mut p);
        projects.push(p);
    }
    projects
}

/// The periodic reports submitted (a report and period once).
fn read_reports(rd: &mut Rd, top: &Map<String, Value>) -> Vec<ReportSubmission> {
    let mut reports = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let keys = record_keys(&REPORTS, false, false, &[]);
    for (i, v) in rd.arr(top, "", "report_submissions").iter().enumerate() {
        let path = format!("report_submissions[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut r = (REPORTS.blank)();
        let mut period = true;
        for f in REPORTS.fields {
            let ok = rd.record_field(m, &path, f, &mut r);
            period &= ok || !matches!(f.slot, tables::Slot::Period(..));
        }
        if !period {
            continue;
        }
        let key = r.period.key();
        if let Some(first) = seen.insert((r.report.clone(), key.clone()), i) {
            let v = Value::String(format!("{} {key}", r.report));
            rd.err(
                &path,
                m::SameReportAndPeriod { first }.text(rd.lang),
                Some(&v),
            );
        }
        reports.push(r);
    }
    reports
}

/// The custom deadlines.
fn read_customs(rd: &mut Rd, top: &Map<String, Value>, known: &HashSet<SysRef>) -> Vec<CustomRow> {
    let mut customs = Vec::new();
    let mut ids = HashSet::new();
    let keys = record_keys(&CUSTOMS, true, true, &[]);
    let (before, after) = CUSTOMS.fields.split_at(CUSTOMS.system_at);
    for (i, v) in rd.arr(top, "", "custom_deadlines").iter().enumerate() {
        let path = format!("custom_deadlines[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut c = (CUSTOMS.blank)();
        c.id = rd.id(m, &path, &mut ids);
        rd.fields(m, &path, before, &mut c);
        let system = rd.sys_ref(m, &path, true, known);
        rd.fields(m, &path, after, &mut c);
        customs.push(CustomRow { system, custom: c });
    }
    customs
}

/// The working-day calendar's days (a date once).
fn read_calendar(rd: &mut Rd, top: &Map<String, Value>) -> Vec<CalendarRow> {
    let mut calendar: Vec<CalendarRow> = Vec::new();
    let keys = record_keys(&CALENDAR, false, false, &[]);
    for (i, v) in rd.arr(top, "", "calendar_days").iter().enumerate() {
        let path = format!("calendar_days[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut c = (CALENDAR.blank)();
        rd.fields(m, &path, CALENDAR.fields, &mut c);
        if calendar.iter().any(|x| x.day.date == c.day.date) {
            rd.bad(&format!("{path}.date"), m::DUPLICATE_DATE, m.get("date"));
        }
        calendar.push(c);
    }
    calendar
}

/// What the evidence record at `path` proves: both keys or neither.
fn read_proves(
    rd: &mut Rd,
    m: &Map<String, Value>,
    path: &str,
) -> Option<crate::domain::evidence::Proves> {
    match (
        rd.opt_raw(m, path, "proves"),
        rd.opt_raw(m, path, "proves_ref"),
    ) {
        (None, None) => None,
        (Some(w), Some(r)) => {
            let p = crate::domain::evidence::Proves::from_key(&w, &r);
            if p.is_none() {
                rd.bad(&format!("{path}.proves"), m::PROVES_KIND, m.get("proves"));
            }
            p
        }
        _ => {
            rd.bad(
                &format!("{path}.proves_ref"),
                m::PROVES_PAIR,
                m.get("proves_ref"),
            );
            None
        }
    }
}

/// The evidence register.
fn read_evidence(
    rd: &mut Rd,
    top: &Map<String, Value>,
    known: &HashSet<SysRef>,
) -> Vec<crate::store::restore::EvidenceRow> {
    let mut evidence = Vec::new();
    let mut ids = HashSet::new();
    let mut keys = record_keys(&EVIDENCE, true, true, &[]);
    let at = keys.iter().position(|k| *k == "recorded_at");
    let at = at.unwrap_or(keys.len());
    keys.splice(at..at, ["proves", "proves_ref"]);
    for (i, v) in rd.arr(top, "", "evidence").iter().enumerate() {
        let path = format!("evidence[{i}]");
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let mut e = (EVIDENCE.blank)();
        e.id = rd.id(m, &path, &mut ids);
        let system = rd.sys_ref(m, &path, false, known);
        let mut kind = true;
        for f in EVIDENCE.fields {
            let ok = rd.record_field(m, &path, f, &mut e);
            kind &= ok || f.key != "kind";
        }
        if e.sha256.len() != 64 || !e.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            rd.bad(&format!("{path}.sha256"), m::SHA256_DIGITS, m.get("sha256"));
        }
        if e.path.is_empty() {
            rd.bad(&format!("{path}.path"), m::EMPTY_PATH, m.get("path"));
        }
        e.proves = read_proves(rd, m, &path);
        if let (Some(system), true) = (system, kind) {
            e.system_code = system.code.clone();
            evidence.push(crate::store::restore::EvidenceRow {
                system,
                evidence: e,
            });
        }
    }
    evidence
}

/// The change log, each entry kept byte for byte.
fn read_log(rd: &mut Rd, top: &Map<String, Value>) -> Vec<RawLogEntry> {
    let mut log = Vec::new();
    for (i, v) in rd.arr(top, "", "change_log").iter().enumerate() {
        let path = format!("change_log[{i}]");
        let keys = [
            "seq",
            "at",
            "os_user",
            "officer",
            "entity",
            "entity_key",
            "action",
            "old",
            "new",
            "prev_hash",
            "hash",
        ];
        let Some(m) = rd.obj(v, &path, &keys) else {
            continue;
        };
        let seq = rd.int(m, &path, "seq", 1, i64::MAX);
        // numbers rise; they may skip (a unit's entries on a shared PostgreSQL store are
        // numbered among every unit's): an entry taken out breaks the hash chain instead
        let before = log.last().map_or(0, |e: &RawLogEntry| e.seq);
        if m.get("seq").and_then(Value::as_i64).is_some() && seq <= before {
            rd.err(
                &format!("{path}.seq"),
                m::LogGap { n: before }.text(rd.lang),
                m.get("seq"),
            );
        }
        let entry = RawLogEntry {
            seq,
            at: rd.raw(m, &path, "at"),
            os_user: rd.raw(m, &path, "os_user"),
            officer: rd.raw(m, &path, "officer"),
            entity: rd.raw(m, &path, "entity"),
            entity_key: rd.raw(m, &path, "entity_key"),
            action: rd.raw(m, &path, "action"),
            old: rd.opt_raw(m, &path, "old"),
            new: rd.opt_raw(m, &path, "new"),
            prev_hash: rd.raw(m, &path, "prev_hash"),
            hash: rd.raw(m, &path, "hash"),
        };
        for (k, h) in [("prev_hash", &entry.prev_hash), ("hash", &entry.hash)] {
            if m.get(k).is_some_and(Value::is_string)
                && (h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                rd.bad(&format!("{path}.{k}"), m::NOT_A_HASH, m.get(k));
            }
        }
        log.push(entry);
    }
    log
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, WriteCtx};

    fn ctx() -> WriteCtx {
        WriteCtx::test_at(9, 0)
    }

    fn sample_json() -> Vec<u8> {
        let mut s = Store::in_memory(ctx().today).expect("store");
        crate::sample::load(&mut s, &ctx()).expect("sample");
        to_json(&s.dump().expect("dump")).expect("json")
    }

    #[test]
    fn parse_inverts_to_json() {
        let j = sample_json();
        let d = parse("s.json", &j, Lang::Vi).expect("parse");
        assert_eq!(to_json(&d).expect("json"), j);
        let text = String::from_utf8(j).expect("utf8");
        assert!(text.starts_with("{\n  \"format\": \"capdo-store\",\n  \"version\": 1,\n"));
        assert!(text.contains("\"unit_name\": \"UBND xã Mẫu An (MẪU)\""));
    }

    fn edit(f: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut v: Value = serde_json::from_slice(&sample_json()).expect("json");
        f(&mut v);
        serde_json::to_vec(&v).expect("json")
    }

    fn problems(bytes: &[u8]) -> Vec<String> {
        match parse("s.json", bytes, Lang::En) {
            Ok(_) => Vec::new(),
            Err(r) => r.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn names_each_problem_by_path() {
        let p = problems(&edit(|v| {
            v["systems"][2]["level"] = Value::from(7);
            v["systems"][3]["approved_on"] = Value::from("2024-02-30");
            v["systems"][4]["relation"] = Value::from("rented");
            v["assessments"][0]["system"] = Value::from("NOPE");
            v["incidents"][0]["kind"] = Value::from("aliens");
            v["custom_deadlines"][0]["due_on"] = Value::from("1/2/2026");
            v["projects"][0]["extra"] = Value::from(1);
            v["change_log"][0]["hash"] = Value::from("xyz");
        }));
        let all = p.join("\n");
        for want in [
            "systems[2].level: level must be a number from 1 to 5 (7)",
            "systems[3].approved_on: no such day in the calendar (2024-02-30)",
            "systems[4].relation: unknown value; use: owned, used (rented)",
            "assessments[0].system: no such system in the file",
            "incidents[0].kind: unknown value; use: malware,",
            "custom_deadlines[0].due_on: not a date (use YYYY-MM-DD) (1/2/2026)",
            "projects[0].extra: unknown key",
            "change_log[0].hash: not a SHA-256 hash",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
        assert_eq!(p.len(), 8, "{all}");
    }

    #[test]
    fn refuses_other_formats_and_versions() {
        let p = problems(&edit(|v| v["format"] = Value::from("other")));
        assert!(p[0].contains("format: unknown format"), "{p:?}");
        let p = problems(&edit(|v| v["version"] = Value::from(2)));
        assert!(p[0].contains("newer capdo"), "{p:?}");
        let p = problems(&edit(|v| v["version"] = Value::from("1")));
        assert!(p[0].contains("unsupported format version"), "{p:?}");
        let p = problems(b"[1,2]");
        assert!(p[0].contains("not a capdo data file"), "{p:?}");
        let p = problems(b"{\"format\": \"capdo-store\",\n\"version\": 1,\n oops}");
        assert!(p[0].starts_with("s.json:3: broken JSON"), "{p:?}");
        let p = problems(&edit(|v| {
            v.as_object_mut().map(|m| m.remove("systems"));
        }));
        assert!(p[0].contains("$.systems: required key is missing"), "{p:?}");
    }

    #[test]
    fn duplicates_are_refused() {
        let p = problems(&edit(|v| {
            let s = v["systems"][0].clone();
            if let Some(a) = v["systems"].as_array_mut() {
                a.push(s);
            }
            v["incidents"][1]["id"] = v["incidents"][0]["id"].clone();
        }));
        let all = p.join("\n");
        assert!(
            all.contains("systems[16].code: duplicate system code"),
            "{all}"
        );
        assert!(all.contains("incidents[1].id: duplicate id"), "{all}");
    }
}
