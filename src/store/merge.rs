//! Consolidation: other units' data brought into this store, keyed by unit. Each unit's
//! systems go in with `unit` = the unit's name, and their dossier steps, assessments and
//! incidents (with the reports sent) follow them. A newer bundle of a unit already merged
//! replaces that unit's records. Every unit of one merge goes in one transaction, with one
//! change-log entry per unit; any conflict refuses the whole merge and writes nothing.
//!
//! Projects, report submissions, custom deadlines and incidents without a system have no
//! unit key in an SQLite store's schema, so they are not merged there (the outcome says how
//! many). A PostgreSQL store keys every table by unit: there they go in with the unit, and so
//! do its profile and calendar days where the role may write them (see `replace_unit_own`).

use std::collections::{HashMap, HashSet};

use super::sql::{self, Optional, Tx, TxMode, Value as Sql, params};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use super::log::Logger;
use super::restore::{Dump, SysRef};
use super::tables::{ASSESSMENTS, CALENDAR, CUSTOMS, INCIDENTS, PROJECTS, REPORTS, STEPS, Table};
use super::write::insert_system_row;
use super::{Access, Store, StoreError, WriteCtx, datetime_s, map_sql};
use crate::domain::*;
use crate::i18n::Lang;
use crate::text::{fold, sanitize};

/// One unit to merge, read and checked from its bundle.
#[derive(Clone, Debug)]
pub struct UnitIn<'a> {
    /// Where it came from (a file name), for messages and the log.
    pub source: String,
    /// The unit's name, cleaned (the key).
    pub unit: String,
    pub tier: Tier,
    pub parent_authority: String,
    pub created_at: NaiveDateTime,
    pub sha256: String,
    pub dump: &'a Dump,
}

/// The bundle of a unit merged before: its creation time and hash.
type Previous = (String, String);

/// Records of one unit in the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecordCounts {
    pub systems: usize,
    pub steps: usize,
    pub assessments: usize,
    pub incidents: usize,
}

/// What a bundle held that has no unit key here and was left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub projects: usize,
    pub reports: usize,
    pub customs: usize,
    pub incidents_without_system: usize,
    /// PostgreSQL: the unit's profile and calendar, which row-level security keeps for the
    /// unit's own role (a province role's merge).
    pub profile: bool,
}

impl LeftOut {
    pub fn any(&self) -> bool {
        self.projects + self.reports + self.customs + self.incidents_without_system > 0
            || self.profile
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A unit new to this store.
    Added,
    /// A newer bundle of a unit merged before.
    Replaced,
    /// The same bundle as the one merged before: nothing to do.
    Unchanged,
    /// The same bundle given twice in this merge: taken once.
    Duplicate,
}

/// What the merge did (or would do) for one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitOutcome {
    pub unit: String,
    pub source: String,
    pub action: Action,
    pub before: RecordCounts,
    pub after: RecordCounts,
    /// System codes new, gone and changed (with the changed fields).
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<(String, Vec<String>)>,
    /// The bundle merged before: its creation time and hash.
    pub previous: Option<(String, String)>,
    pub left_out: LeftOut,
}

/// A reason to refuse the merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// A bundle of this store's own unit.
    LocalUnit { unit: String, source: String },
    /// Two bundles of one unit with different content.
    SameUnit {
        unit: String,
        first: String,
        second: String,
    },
    /// The unit is in the store spelled differently.
    Spelling {
        unit: String,
        existing: String,
        source: String,
    },
    /// Older than the bundle of the unit merged before.
    Older {
        unit: String,
        source: String,
        created_at: String,
        merged: String,
    },
    /// A record names a system the bundle does not hold.
    MissingSystem {
        source: String,
        what: &'static str,
        code: String,
    },
}

impl Conflict {
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::msg::store::merge as m;
        let s = sanitize;
        match self {
            Conflict::LocalUnit { unit, source } => m::LocalUnit {
                source,
                unit: s(unit),
            }
            .text(lang),
            Conflict::SameUnit {
                unit,
                first,
                second,
            } => m::SameUnit {
                first,
                second,
                unit: s(unit),
            }
            .text(lang),
            Conflict::Spelling {
                unit,
                existing,
                source,
            } => m::Spelling {
                source,
                unit: s(unit),
                existing: s(existing),
            }
            .text(lang),
            Conflict::Older {
                unit,
                source,
                created_at,
                merged,
            } => m::Older {
                source,
                unit: s(unit),
                created_at,
                merged,
            }
            .text(lang),
            Conflict::MissingSystem { source, what, code } => m::MissingSystem {
                source,
                what,
                code: s(code),
            }
            .text(lang),
        }
    }
}

/// Why a merge wrote nothing.
#[derive(Debug)]
pub enum MergeError {
    Conflicts(Vec<Conflict>),
    Store(StoreError),
}

impl From<StoreError> for MergeError {
    fn from(e: StoreError) -> Self {
        MergeError::Store(e)
    }
}

impl MergeError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            MergeError::Conflicts(c) => {
                let mut s: Vec<String> = c.iter().map(|x| x.message(lang)).collect();
                s.push(
                    crate::i18n::msg::store::merge::CONFLICTS
                        .text(lang)
                        .to_owned(),
                );
                s.join("\n")
            }
            MergeError::Store(e) => e.message(lang),
        }
    }
}

/// The last merge of a unit recorded in the change log: (created_at, sha256).
fn previous_merge(tx: &Tx<'_>, unit: &str) -> sql::Result<Option<(String, String)>> {
    let new: Option<Option<String>> = tx
        .query_row(
            "SELECT new FROM change_log WHERE entity = 'unit' AND entity_key = ?1 AND action = 'merge' ORDER BY seq DESC LIMIT 1",
            params![unit],
            |r| r.get(0),
        )
        .optional()?;
    Ok(new.flatten().and_then(|s| {
        let v: Value = serde_json::from_str(&s).ok()?;
        Some((
            v.get("created_at")?.as_str()?.to_owned(),
            v.get("sha256")?.as_str()?.to_owned(),
        ))
    }))
}

fn unit_counts(tx: &Tx<'_>, unit: &str) -> sql::Result<RecordCounts> {
    let n = |q: &str| -> sql::Result<usize> {
        let c: i64 = tx.query_row(q, params![unit], |r| r.get(0))?;
        Ok(c.max(0) as usize)
    };
    Ok(RecordCounts {
        systems: n("SELECT COUNT(*) FROM system WHERE unit = ?1")?,
        steps: n(
            "SELECT COUNT(*) FROM dossier_step WHERE system_id IN (SELECT id FROM system WHERE unit = ?1)",
        )?,
        assessments: n(
            "SELECT COUNT(*) FROM assessment WHERE system_id IN (SELECT id FROM system WHERE unit = ?1)",
        )?,
        incidents: n(
            "SELECT COUNT(*) FROM incident WHERE system_id IN (SELECT id FROM system WHERE unit = ?1)",
        )?,
    })
}

fn stamp(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The changed fields of a system between two versions.
fn changed_fields(old: &System, new: &System) -> Vec<String> {
    let mut out: Vec<String> = super::system_fields(old)
        .into_iter()
        .zip(super::system_fields(new))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((k, _), _)| k.to_owned())
        .collect();
    if old.last_assessed_on != new.last_assessed_on {
        out.push("last_assessed_on".into());
    }
    out
}

impl Store {
    /// The units of other organisations in the store, sorted.
    pub fn units(&self) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .db
            .prepare("SELECT DISTINCT unit FROM system WHERE unit <> '' ORDER BY unit")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![], |r| r.get::<String>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Merges units in one transaction (rolled back with `dry_run`). Refuses the whole merge,
    /// writing nothing, on any conflict.
    pub fn merge_units(
        &mut self,
        ctx: &WriteCtx,
        units: &[UnitIn],
        dry_run: bool,
    ) -> Result<Vec<UnitOutcome>, MergeError> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }
            .into());
        }
        let path = self.path.clone();
        let e = |e: sql::Error| MergeError::Store(map_sql(&path, e));
        let tx = self.db.begin(TxMode::Immediate).map_err(e)?;
        self.check_before_write().map_err(MergeError::Store)?;

        let (plan, conflicts) = plan_units(&tx, units).map_err(e)?;
        if !conflicts.is_empty() {
            tx.rollback().map_err(e)?;
            return Err(MergeError::Conflicts(conflicts));
        }

        // the other units' systems before the merge, read once (same connection, same
        // transaction)
        let mut before_systems: HashMap<String, Vec<System>> = HashMap::new();
        for s in self.systems()? {
            if !s.unit.is_empty() {
                before_systems.entry(s.unit.clone()).or_default().push(s);
            }
        }
        let mut logger = Logger::start(&tx, ctx).map_err(e)?;
        let mut outcomes: Vec<UnitOutcome> = Vec::new();
        for (i, action, prev) in plan {
            let u = &units[i];
            let before = unit_counts(&tx, &u.unit).map_err(e)?;
            let mut out = UnitOutcome {
                unit: u.unit.clone(),
                source: u.source.clone(),
                action,
                before,
                after: before,
                added: Vec::new(),
                removed: Vec::new(),
                changed: Vec::new(),
                previous: prev.clone(),
                left_out: left_out(u),
            };
            if matches!(action, Action::Unchanged | Action::Duplicate) {
                outcomes.push(out);
                continue;
            }
            let old = before_systems.remove(&u.unit).unwrap_or_default();
            let ids = replace_unit(&tx, u, old, &mut out).map_err(e)?;
            if tx.engine() == sql::Engine::Postgres {
                out.left_out = replace_unit_own(&tx, u, &ids).map_err(e)?;
            }
            out.after = unit_counts(&tx, &u.unit).map_err(e)?;
            let (old_v, new_v) = log_values(u, &out, prev.as_ref());
            logger
                .append(&tx, "unit", &u.unit, "merge", old_v.as_ref(), Some(&new_v))
                .map_err(e)?;
            outcomes.push(out);
        }

        if dry_run {
            tx.rollback().map_err(e)?;
        } else {
            tx.commit().map_err(e)?;
        }
        Ok(outcomes)
    }
}

/// What to do with each bundle: its index, the action, the bundle of its unit merged before.
type Plan = Vec<(usize, Action, Option<Previous>)>;

/// Decides what to do with each bundle and finds the conflicts.
fn plan_units(tx: &Tx<'_>, units: &[UnitIn]) -> sql::Result<(Plan, Vec<Conflict>)> {
    // a PostgreSQL owner's session reads every unit's profile: its own is the home unit's
    let own = match tx.engine() {
        sql::Engine::Postgres => "SELECT unit_name FROM profile WHERE id = 1 AND unit = ''",
        sql::Engine::Sqlite => "SELECT unit_name FROM profile WHERE id = 1",
    };
    let local: String = tx.query_row(own, params![], |r| r.get(0))?;
    let existing: Vec<String> = {
        let mut st = tx.prepare("SELECT DISTINCT unit FROM system WHERE unit <> ''")?;
        st.query_map(params![], |r| r.get::<String>(0))?
            .collect::<Result<_, _>>()?
    };
    let mut conflicts = Vec::new();
    let mut plan: Plan = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        let key = fold(&u.unit);
        if let Some(&j) = seen.get(&key) {
            let first = &units[j];
            if first.sha256 == u.sha256 && first.unit == u.unit {
                plan.push((i, Action::Duplicate, None));
            } else {
                conflicts.push(Conflict::SameUnit {
                    unit: u.unit.clone(),
                    first: first.source.clone(),
                    second: u.source.clone(),
                });
            }
            continue;
        }
        seen.insert(key.clone(), i);
        if !local.trim().is_empty() && fold(&local) == key {
            conflicts.push(Conflict::LocalUnit {
                unit: u.unit.clone(),
                source: u.source.clone(),
            });
            continue;
        }
        if let Some(other) = existing.iter().find(|x| fold(x) == key && **x != u.unit) {
            conflicts.push(Conflict::Spelling {
                unit: u.unit.clone(),
                existing: other.clone(),
                source: u.source.clone(),
            });
            continue;
        }
        let present = existing.contains(&u.unit);
        let prev = previous_merge(tx, &u.unit)?;
        let action = match &prev {
            Some((_, sha)) if present && *sha == u.sha256 => Action::Unchanged,
            Some((at, _)) if *at > stamp(u.created_at) => {
                conflicts.push(Conflict::Older {
                    unit: u.unit.clone(),
                    source: u.source.clone(),
                    created_at: stamp(u.created_at),
                    merged: at.clone(),
                });
                continue;
            }
            _ if present => Action::Replaced,
            _ => Action::Added,
        };
        missing_systems(u, &mut conflicts);
        plan.push((i, action, prev));
    }
    Ok((plan, conflicts))
}

/// Every record of a bundle must name a system of the bundle.
fn missing_systems(u: &UnitIn, conflicts: &mut Vec<Conflict>) {
    let codes: HashSet<&str> = u
        .dump
        .systems
        .iter()
        .map(|s| s.system.code.as_str())
        .collect();
    let mut check = |what: &'static str, r: &SysRef| {
        if !codes.contains(r.code.as_str()) {
            conflicts.push(Conflict::MissingSystem {
                source: u.source.clone(),
                what,
                code: r.code.clone(),
            });
        }
    };
    for s in &u.dump.steps {
        check("dossier_steps", &s.system);
    }
    for a in &u.dump.assessments {
        check("assessments", &a.system);
    }
    for i in &u.dump.incidents {
        if let Some(r) = &i.system {
            check("incidents", r);
        }
    }
}

/// What the bundle holds that has no unit key here.
fn left_out(u: &UnitIn) -> LeftOut {
    LeftOut {
        projects: u.dump.projects.len(),
        reports: u.dump.reports.len(),
        customs: u.dump.customs.len(),
        incidents_without_system: u
            .dump
            .incidents
            .iter()
            .filter(|x| x.system.is_none())
            .count(),
        profile: false,
    }
}

/// Replaces the unit's records with the bundle's, noting in `out` the systems added, removed
/// and changed against `old` (the unit's systems before).
fn replace_unit(
    tx: &Tx<'_>,
    u: &UnitIn,
    old: Vec<System>,
    out: &mut UnitOutcome,
) -> sql::Result<HashMap<String, i64>> {
    let old: HashMap<String, System> = old.into_iter().map(|s| (s.code.clone(), s)).collect();
    tx.execute(
        "DELETE FROM incident WHERE system_id IN (SELECT id FROM system WHERE unit = ?1)",
        params![&u.unit],
    )?;
    tx.execute("DELETE FROM system WHERE unit = ?1", params![&u.unit])?;

    let mut ids: HashMap<String, i64> = HashMap::new();
    for row in &u.dump.systems {
        let mut s = row.system.clone();
        s.unit = u.unit.clone();
        let id = insert_system_row(tx, &s, &row.created_at, &row.updated_at)?;
        ids.insert(row.system.code.clone(), id);
        match old.get(&s.code) {
            None => out.added.push(s.code.clone()),
            Some(o) => {
                let mut o = o.clone();
                o.unit = s.unit.clone();
                let f = changed_fields(&o, &s);
                if !f.is_empty() {
                    out.changed.push((s.code.clone(), f));
                }
            }
        }
    }
    out.removed = old
        .keys()
        .filter(|c| !ids.contains_key(c.as_str()))
        .cloned()
        .collect();
    out.removed.sort();
    if out.action == Action::Added {
        // a unit new here has nothing to compare with
        out.added.clear();
    }
    let id = |r: &SysRef| ids.get(r.code.as_str()).copied();
    insert_steps(tx, u, id)?;
    insert_assessments(tx, u, id)?;
    insert_incidents(tx, u, id)?;
    Ok(ids)
}

/// PostgreSQL only: the unit's records that no system keys (projects, report submissions,
/// custom deadlines, incidents without a system) replaced by the bundle's, under the unit;
/// then its profile and calendar days, which row-level security lets only the unit's own role
/// (or the database's owner) write: a province role's merge leaves them out (counted in the
/// outcome) and the commune sets them at its first session. What is left out.
fn replace_unit_own(tx: &Tx<'_>, u: &UnitIn, ids: &HashMap<String, i64>) -> sql::Result<LeftOut> {
    let unit = u.unit.as_str();
    for t in [PROJECTS.name, REPORTS.name, CUSTOMS.name] {
        tx.execute(&format!("DELETE FROM {t} WHERE unit = ?1"), params![unit])?;
    }
    tx.execute(
        "DELETE FROM incident WHERE unit = ?1 AND system_id IS NULL",
        params![unit],
    )?;
    let d = u.dump;
    let unit_v = || vec![Sql::Text(unit.to_owned())];
    let rows = d.projects.iter().map(|p| (unit_v(), p));
    insert_rows(tx, &PROJECTS, &["unit"], rows)?;
    insert_rows(
        tx,
        &REPORTS,
        &["unit"],
        d.reports.iter().map(|r| (unit_v(), r)),
    )?;
    let rows = d.customs.iter().map(|row| {
        let sys = row.system.as_ref().and_then(|r| ids.get(&r.code).copied());
        let sys = sys.map_or(Sql::Null, Sql::Integer);
        (vec![Sql::Text(unit.to_owned()), sys], &row.custom)
    });
    insert_rows(tx, &CUSTOMS, &["unit", "system_id"], rows)?;
    let insert = INCIDENTS.insert(&["unit"]);
    let mut sent = tx.prepare_cached(SENT)?;
    for row in d.incidents.iter().filter(|i| i.system.is_none()) {
        let x = &row.incident;
        let vals = INCIDENTS.values(x, unit_v());
        let iid = tx.insert_id(&insert, &sql::refs(&vals))?;
        for r in &x.reports {
            sent.execute(params![iid, r.report, datetime_s(r.sent_at), r.recipients])?;
        }
    }
    tx.batch("SAVEPOINT capdo_unit_profile")?;
    match unit_profile(tx, u) {
        Ok(()) => tx.batch("RELEASE SAVEPOINT capdo_unit_profile")?,
        // row-level security: not this role's to write
        Err(e) if e.pg_state() == Some("42501") => {
            tx.batch("ROLLBACK TO SAVEPOINT capdo_unit_profile")?;
            return Ok(LeftOut {
                profile: true,
                ..LeftOut::default()
            });
        }
        Err(e) => return Err(e),
    }
    Ok(LeftOut::default())
}

/// The unit's profile (from the bundle's manifest and content) and calendar days.
fn unit_profile(tx: &Tx<'_>, u: &UnitIn) -> sql::Result<()> {
    let p = &u.dump.profile;
    // the unit's name, tier and parent as the manifest gives them; the rest as its profile
    let profile = crate::domain::Profile {
        unit_name: u.unit.clone(),
        tier: u.tier,
        parent_authority: u.parent_authority.clone(),
        ..p.profile.clone()
    };
    let t = &super::tables::PROFILE;
    let mut values = t.values(&profile, vec![Sql::Text(u.unit.clone()), Sql::Integer(1)]);
    values.push(Sql::Text(p.created_at.clone()));
    let sets: Vec<String> = (t.fields.iter())
        .map(|f| format!("{0} = EXCLUDED.{0}", f.column))
        .collect();
    let n = values.len();
    tx.execute(
        &format!(
            "INSERT INTO profile ({}, created_at) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}, \
             created_at = EXCLUDED.created_at",
            t.columns(&["unit", "id"]),
            (1..=n)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(", "),
            sets.join(", ")
        ),
        &sql::refs(&values),
    )?;
    tx.execute("DELETE FROM calendar_day WHERE unit = ?1", params![u.unit])?;
    let rows = u
        .dump
        .calendar
        .iter()
        .map(|c| (vec![Sql::Text(u.unit.clone())], c));
    insert_rows(tx, &CALENDAR, &["unit"], rows)
}

/// A report sent of an incident merged.
const SENT: &str = "INSERT INTO incident_report (incident_id, report, sent_at, recipients) VALUES (?1, ?2, ?3, ?4)";

/// Inserts `rows` into `t`: each one's `lead` values (its unit, its system's id) under the
/// `lead` columns, then its fields.
fn insert_rows<'r, R: 'r>(
    tx: &Tx<'_>,
    t: &Table<R>,
    lead: &[&str],
    rows: impl IntoIterator<Item = (Vec<Sql>, &'r R)>,
) -> sql::Result<()> {
    let mut st = tx.prepare_cached(&t.insert(lead))?;
    for (lead, r) in rows {
        st.execute(&sql::refs(&t.values(r, lead)))?;
    }
    Ok(())
}

fn insert_steps(tx: &Tx<'_>, u: &UnitIn, id: impl Fn(&SysRef) -> Option<i64>) -> sql::Result<()> {
    let rows = (u.dump.steps.iter()).filter_map(|s| Some((vec![Sql::Integer(id(&s.system)?)], s)));
    insert_rows(tx, &STEPS, &["system_id"], rows)
}

fn insert_assessments(
    tx: &Tx<'_>,
    u: &UnitIn,
    id: impl Fn(&SysRef) -> Option<i64>,
) -> sql::Result<()> {
    let rows = (u.dump.assessments.iter())
        .filter_map(|a| Some((vec![Sql::Integer(id(&a.system)?)], &a.assessment)));
    insert_rows(tx, &ASSESSMENTS, &["system_id"], rows)
}

/// The incidents that name a system, with the reports sent.
fn insert_incidents(
    tx: &Tx<'_>,
    u: &UnitIn,
    id: impl Fn(&SysRef) -> Option<i64>,
) -> sql::Result<()> {
    let insert = INCIDENTS.insert(&["system_id"]);
    let mut sent = tx.prepare_cached(SENT)?;
    for row in &u.dump.incidents {
        let Some(sid) = row.system.as_ref().and_then(&id) else {
            continue;
        };
        let x = &row.incident;
        let vals = INCIDENTS.values(x, vec![Sql::Integer(sid)]);
        let iid = tx.insert_id(&insert, &sql::refs(&vals))?;
        for r in &x.reports {
            sent.execute(params![iid, r.report, datetime_s(r.sent_at), r.recipients])?;
        }
    }
    Ok(())
}

/// The change-log entry of one unit's merge: what was there (the bundle merged before and the
/// counts) and what came in.
fn log_values(u: &UnitIn, out: &UnitOutcome, prev: Option<&Previous>) -> (Option<Value>, Value) {
    let counts = |c: RecordCounts| {
        json!({
            "systems": c.systems,
            "dossier_steps": c.steps,
            "assessments": c.assessments,
            "incidents": c.incidents,
        })
    };
    let old_v = match (prev, out.action) {
        (Some((at, sha)), _) => {
            let mut v = counts(out.before);
            v["created_at"] = json!(at);
            v["sha256"] = json!(sha);
            Some(v)
        }
        // merged by other means (a restored store): say what was there
        (None, Action::Replaced) => Some(counts(out.before)),
        (None, _) => None,
    };
    let mut new_v = counts(out.after);
    new_v["source"] = json!(u.source);
    new_v["created_at"] = json!(stamp(u.created_at));
    new_v["sha256"] = json!(u.sha256);
    new_v["tier"] = json!(u.tier.key());
    new_v["parent_authority"] = json!(u.parent_authority);
    if out.action == Action::Replaced {
        new_v["added"] = json!(out.added);
        new_v["removed"] = json!(out.removed);
        new_v["changed"] = json!(
            out.changed
                .iter()
                .map(|(c, f)| json!({"code": c, "fields": f}))
                .collect::<Vec<_>>()
        );
    }
    let left_out = out.left_out;
    if left_out.any() {
        new_v["left_out"] = json!({
            "projects": left_out.projects,
            "report_submissions": left_out.reports,
            "custom_deadlines": left_out.customs,
            "incidents_without_system": left_out.incidents_without_system,
        });
        if left_out.profile {
            new_v["left_out"]["profile"] = json!(true);
        }
    }
    (old_v, new_v)
}
