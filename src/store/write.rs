//! Writes: each public function is one transaction that changes the data and appends its
//! change-log entries, or changes nothing.

use std::collections::HashMap;

use super::sql::{self, Optional, Tx, params};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use sql::Value as Sql;

use super::log::Logger;
use super::tables::{
    ASSESSMENTS, CUSTOMS, Field, INCIDENTS, PROFILE, PROJECTS, REPORTS, STEPS, SYSTEMS, Stage,
};
use super::{Store, StoreError, WriteCtx, date_s, datetime_s, map_sql};
use crate::domain::*;
use crate::text::fold;

/// Changes to one system, keyed by code: the fields of `tables::SYSTEMS` it sets, with their
/// values; the other fields are left as they are. One shape for every change to a system: a
/// form's edit (every form field), an inventory row (its columns), a command's (one field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemPatch {
    pub code: String,
    /// The values of the fields the patch sets (the others are not read).
    pub values: Box<System>,
    /// The fields it sets: bit `i` is `SYSTEMS.fields[i]`.
    sets: u64,
    /// The record as the officer saw it when the change was made (a form's save): if another
    /// session has saved it differently since, the write is refused inside its transaction
    /// instead of overwriting that save. `None` (a command's change) does not compare.
    pub opened: Option<Box<System>>,
}

// `SystemPatch::sets` holds one bit per field of a system
const _: () = assert!(SYSTEMS.fields.len() <= u64::BITS as usize);

impl Default for SystemPatch {
    fn default() -> Self {
        SystemPatch::new("")
    }
}

/// What an import did (or would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub assessments_added: usize,
}

/// The fields of a system as JSON, in a fixed order (the table's, `store::tables::SYSTEMS`): the log,
/// exports and diffs read this one list.
pub fn system_fields(s: &System) -> Vec<(&'static str, Value)> {
    super::tables::system_logged(s)
}

/// The changed fields between two versions, as (old, new) JSON objects.
pub(super) fn diff(old: &System, new: &System) -> Option<(Value, Value)> {
    let (mut o, mut n) = (Map::new(), Map::new());
    for ((k, a), (_, b)) in system_fields(old).into_iter().zip(system_fields(new)) {
        if a != b {
            o.insert(k.to_owned(), a);
            n.insert(k.to_owned(), b);
        }
    }
    (!n.is_empty()).then_some((Value::Object(o), Value::Object(n)))
}

/// `object(system_fields(s)).to_string()`, written directly (same bytes; see the tests): an
/// import logs every new system whole, and building a JSON tree per row to print it showed up as
/// a tenth of an import's time.
pub(super) fn system_json(s: &System) -> String {
    use super::tables::Slot;
    // the logged fields in the order serde_json's map keeps keys (sorted)
    static SORTED: std::sync::LazyLock<Vec<&'static super::tables::Field<System>>> =
        std::sync::LazyLock::new(|| {
            let mut v: Vec<_> = super::tables::SYSTEMS
                .fields
                .iter()
                .filter(|f| f.logged)
                .collect();
            v.sort_by_key(|f| f.key);
            v
        });
    let mut o = String::with_capacity(256 + s.name.len() + s.notes.len());
    for (i, f) in SORTED.iter().enumerate() {
        o.push(if i == 0 { '{' } else { ',' });
        o.push('"');
        o.push_str(f.key);
        o.push_str("\":");
        match f.slot {
            Slot::Text(get, _) => crate::text::push_json_str(&mut o, get(s)),
            Slot::Key { get, .. } => crate::text::push_json_str(&mut o, get(s)),
            Slot::Level(get, _) => match get(s) {
                Some(l) => o.push_str(&l.get().to_string()),
                None => o.push_str("null"),
            },
            Slot::Date(get, _) => match get(s) {
                Some(d) => crate::text::push_json_str(&mut o, &date_s(d)),
                None => o.push_str("null"),
            },
            Slot::Bit(get, _) => o.push(if get(s) { '1' } else { '0' }),
            // the kinds a system does not have: the general writer
            _ => o.push_str(&f.json(s).to_string()),
        }
    }
    o.push('}');
    o
}

/// The fields as a JSON object (the reference `system_json` is tested against).
#[cfg(test)]
pub(super) fn object(fields: Vec<(&'static str, Value)>) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

pub(super) fn search_key(s: &System) -> String {
    fold(&format!(
        "{} {} {} {} {} {} {}",
        s.code, s.name, s.owner, s.operator, s.responsible, s.decision_no, s.notes
    ))
}

impl SystemPatch {
    /// A patch of the system `code` that sets nothing yet.
    pub fn new(code: &str) -> SystemPatch {
        SystemPatch {
            code: code.to_owned(),
            values: Box::new(System::new(code, "")),
            sets: 0,
            opened: None,
        }
    }

    /// The patch that sets every field of the system form (the code aside) as `edited` has it.
    pub fn form(code: &str, edited: System) -> SystemPatch {
        let mut p = SystemPatch::new(code);
        p.values = Box::new(edited);
        for (_, f) in SYSTEMS
            .form(Stage::Open)
            .filter(|(input, _)| *input != "code")
        {
            p.set_field(f);
        }
        p
    }

    /// The patch an inventory row with every column sets, as `values` has them (the last
    /// assessment aside: a derived field, recorded by the caller as assessments of its own).
    pub fn row(values: System) -> SystemPatch {
        let mut p = SystemPatch::new(&values.code);
        p.values = Box::new(values);
        for f in super::tables::inventory().iter().filter(|f| !f.derived) {
            p.set_field(f);
        }
        p
    }

    /// The patch also sets field `key`, to the value `set` gives it.
    pub fn with(mut self, key: &str, set: impl FnOnce(&mut System)) -> SystemPatch {
        let found = SYSTEMS.fields.iter().find(|f| f.key == key);
        debug_assert!(found.is_some(), "a system has no field {key}");
        if let Some(f) = found {
            self.set_field(f);
            set(&mut self.values);
        }
        self
    }

    /// Marks field `f` (of `SYSTEMS`) as set: its value is the one in `values`.
    pub fn set_field(&mut self, f: &Field<System>) {
        if let Some(i) = SYSTEMS.fields.iter().position(|x| std::ptr::eq(x, f)) {
            self.sets |= 1 << i;
        }
    }

    /// The fields the patch sets, in the table's order.
    pub fn fields(&self) -> impl Iterator<Item = &'static Field<System>> + '_ {
        let sets = self.sets;
        (SYSTEMS.fields.iter().enumerate())
            .filter_map(move |(i, f)| (sets >> i & 1 == 1).then_some(f))
    }

    /// Whether the patch sets field `key`.
    pub fn sets(&self, key: &str) -> bool {
        self.fields().any(|f| f.key == key)
    }

    /// The level the patch sets, if it sets one.
    pub fn sets_level(&self) -> Option<Option<Level>> {
        self.sets("level").then_some(self.values.level)
    }

    /// The completed assessment a patch of `last_assessed_on` records (a derived field: the
    /// store keeps it from the assessments).
    pub fn assessed_on(&self) -> Option<NaiveDate> {
        self.values
            .last_assessed_on
            .filter(|_| self.sets("last_assessed_on"))
    }

    /// Applies the patch to a copy of `base`: every field it sets but the derived ones.
    pub fn apply(&self, base: &System) -> System {
        let mut s = base.clone();
        for f in self.fields().filter(|f| !f.derived) {
            f.copy(&self.values, &mut s);
        }
        s
    }
}

impl Store {
    fn tx(&mut self) -> Result<Tx<'_>, StoreError> {
        if self.access == super::Access::ReadOnly {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let path = self.path.clone();
        let tx = self
            .db
            .begin(sql::TxMode::Immediate)
            .map_err(|e| map_sql(&path, e))?;
        self.check_before_write()?;
        Ok(tx)
    }

    /// Runs `f` in one immediate transaction with a logger; commits only if it succeeds.
    pub(crate) fn write<T>(
        &mut self,
        ctx: &WriteCtx,
        f: impl FnOnce(&Tx<'_>, &mut Logger) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let tx = self.tx()?;
        let mut logger = Logger::start(&tx, ctx).map_err(|e| map_sql(&path, e))?;
        let out = f(&tx, &mut logger)?;
        tx.commit().map_err(|e| map_sql(&path, e))?;
        Ok(out)
    }

    /// Upserts systems by code (local unit), all in one transaction. With `dry_run` the
    /// transaction is rolled back and only the summary is returned.
    pub fn import_systems(
        &mut self,
        ctx: &WriteCtx,
        patches: &[SystemPatch],
        source: &str,
        dry_run: bool,
    ) -> Result<ImportSummary, StoreError> {
        let path = self.path.clone();
        let e = |e: sql::Error| map_sql(&path, e);
        if !dry_run && self.access == super::Access::ReadOnly {
            return Err(StoreError::ReadOnly { path });
        }
        let behavior = if dry_run {
            // a deferred transaction that is never committed
            sql::TxMode::Deferred
        } else {
            sql::TxMode::Immediate
        };
        let tx = self.db.begin(behavior).map_err(e)?;
        if !dry_run {
            self.check_before_write()?;
        }
        // the systems as they are under the write lock: read before it, an import that
        // commits meanwhile would be overwritten with what it replaced (a lost update)
        let existing: HashMap<String, System> = self
            .systems()?
            .into_iter()
            .filter(|s| s.unit.is_empty())
            .map(|s| (s.code.clone(), s))
            .collect();
        let mut logger = Logger::start(&tx, ctx).map_err(e)?;
        let mut sum = ImportSummary::default();
        for p in patches {
            let base = existing.get(&p.code);
            let name = if p.sets("name") {
                p.values.name.as_str()
            } else {
                ""
            };
            let blank = System::new(&p.code, name);
            let mut new = p.apply(base.unwrap_or(&blank));
            // a state that arrives by import has no known date, except approval (its own date)
            if base.is_none_or(|b| b.dossier != new.dossier) {
                new.dossier_since = match new.dossier {
                    DossierState::Approved => new.approved_on,
                    _ => None,
                };
            }
            if new.dossier == DossierState::Approved {
                new.approved_level = None;
            }
            let approval_changed =
                new.approved_on.is_some() && base.is_none_or(|b| b.approved_on != new.approved_on);
            let id = match base {
                None => {
                    let id = insert_system(&tx, ctx, &new).map_err(e)?;
                    new.id = id;
                    logger
                        .append_text(
                            &tx,
                            "system",
                            &new.code,
                            "create",
                            None,
                            Some(system_json(&new)),
                        )
                        .map_err(e)?;
                    sum.created += 1;
                    id
                }
                Some(b) => {
                    new.id = b.id;
                    match diff(b, &new) {
                        Some((o, n)) => {
                            update_system(&tx, ctx, &new).map_err(e)?;
                            logger
                                .append(&tx, "system", &new.code, "update", Some(&o), Some(&n))
                                .map_err(e)?;
                            sum.updated += 1;
                        }
                        None => sum.unchanged += 1,
                    }
                    b.id
                }
            };
            if approval_changed {
                insert_step(
                    &tx,
                    ctx,
                    id,
                    DossierState::Approved,
                    new.approved_on,
                    &new.decision_no,
                    "",
                    source,
                )
                .map_err(e)?;
            }
            if let Some(d) = p.assessed_on() {
                let exists: bool = tx
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM assessment WHERE system_id = ?1 AND completed_on = ?2)")
                    .and_then(|mut st| st.query_row(params![id, date_s(d)], |r| r.get(0)))
                    .map_err(e)?;
                if !exists {
                    let a = Assessment {
                        id: 0,
                        system_id: id,
                        completed_on: d,
                        kind: AssessmentKind::Periodic,
                        assessor: String::new(),
                        result: AssessmentResult::Pass,
                        findings: 0,
                        notes: source.to_owned(),
                    };
                    insert_assessment(&tx, &a).map_err(e)?;
                    logger
                        .append(
                            &tx,
                            "assessment",
                            &format!("{}/{}", new.code, date_s(d)),
                            "create",
                            None,
                            Some(&assessment_json(&a)),
                        )
                        .map_err(e)?;
                    sum.assessments_added += 1;
                }
            }
        }
        if dry_run {
            tx.rollback().map_err(e)?;
        } else {
            tx.commit().map_err(e)?;
        }
        Ok(sum)
    }

    /// Replaces the profile.
    pub fn set_profile(&mut self, ctx: &WriteCtx, p: &Profile) -> Result<(), StoreError> {
        let old = self.profile()?;
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            tx.execute(
                &super::tables::profile_update("", " AND unit = ''"),
                &sql::refs(&PROFILE.values(p, vec![])),
            )
            .map_err(e)?;
            let (o, n) = (profile_json(&old), profile_json(p));
            if o != n {
                log.append(tx, "profile", "profile", "update", Some(&o), Some(&n))
                    .map_err(e)?;
            }
            Ok(())
        })
    }

    /// Records a completed assessment of the system `code`.
    pub fn add_assessment(
        &mut self,
        ctx: &WriteCtx,
        code: &str,
        a: &Assessment,
    ) -> Result<i64, StoreError> {
        let sys = self.require_system(code)?;
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let mut a = a.clone();
            a.system_id = sys.id;
            let id = insert_assessment(tx, &a).map_err(e)?;
            log.append(
                tx,
                "assessment",
                &format!("{code}/{}", date_s(a.completed_on)),
                "create",
                None,
                Some(&assessment_json(&a)),
            )
            .map_err(e)?;
            Ok(id)
        })
    }

    /// Records a dossier step and moves the system to that state.
    pub fn add_dossier_step(
        &mut self,
        ctx: &WriteCtx,
        code: &str,
        step: &DossierStep,
    ) -> Result<(), StoreError> {
        let old = self.require_system(code)?;
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let mut new = old.clone();
            new.dossier = step.state;
            new.dossier_since = step.on;
            if step.state == DossierState::Approved {
                new.approved_on = step.on;
                new.decision_no = step.reference.clone();
            }
            insert_step(
                tx,
                ctx,
                old.id,
                step.state,
                step.on,
                &step.reference,
                &step.actor,
                &step.note,
            )
            .map_err(e)?;
            update_system(tx, ctx, &new).map_err(e)?;
            if let Some((o, n)) = diff(&old, &new) {
                log.append(tx, "system", code, "dossier", Some(&o), Some(&n))
                    .map_err(e)?;
            }
            Ok(())
        })
    }

    /// Records an incident with any reports already sent.
    pub fn add_incident(
        &mut self,
        ctx: &WriteCtx,
        system: Option<&str>,
        inc: &Incident,
    ) -> Result<i64, StoreError> {
        let sys = match system {
            Some(code) => Some(self.require_system(code)?),
            None => None,
        };
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let sys_id = sys.as_ref().map_or(Sql::Null, |s| Sql::Integer(s.id));
            let vals = INCIDENTS.values(inc, vec![sys_id]);
            let id = tx
                .insert_id(&INCIDENTS.insert(&["system_id"]), &sql::refs(&vals))
                .map_err(e)?;
            for r in &inc.reports {
                insert_sent(tx, id, r).map_err(e)?;
            }
            let key = match &sys {
                Some(s) => format!("{}/incident-{id}", s.code),
                None => format!("incident-{id}"),
            };
            log.append(
                tx,
                "incident",
                &key,
                "create",
                None,
                Some(&incident_json(inc)),
            )
            .map_err(e)?;
            Ok(id)
        })
    }

    /// Adds an IT project.
    pub fn add_project(&mut self, ctx: &WriteCtx, p: &Project) -> Result<i64, StoreError> {
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let vals = PROJECTS.values(p, vec![]);
            let id = tx
                .insert_id(&PROJECTS.insert(&[]), &sql::refs(&vals))
                .map_err(e)?;
            let v = Value::Object(PROJECTS.logged(p));
            log.append(
                tx,
                "project",
                &format!("project-{id}"),
                "create",
                None,
                Some(&v),
            )
            .map_err(e)?;
            Ok(id)
        })
    }

    /// Marks a periodic report as submitted.
    pub fn add_report_submission(
        &mut self,
        ctx: &WriteCtx,
        r: &ReportSubmission,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let t = &REPORTS;
            let old = tx
                .query_row(&report_by_key(tx), params![r.report, r.period.key()], |x| {
                    let mut o = (t.blank)();
                    t.read_row(x, 0, &mut o)?;
                    Ok(o)
                })
                .optional()
                .map_err(e)?;
            // the report and the period are the key (and the log's): the rest is updated
            tx.execute(&t.upsert(), &sql::refs(&t.values(r, vec![])))
                .map_err(e)?;
            let new = Value::Object(t.logged(r));
            let old = old.map(|o| Value::Object(t.logged(&o)));
            let action = if old.is_some() { "update" } else { "create" };
            log.append(
                tx,
                "report",
                &format!("{}/{}", r.report, r.period.key()),
                action,
                old.as_ref(),
                Some(&new),
            )
            .map_err(e)?;
            Ok(())
        })
    }

    /// Adds a custom deadline.
    pub fn add_custom_deadline(
        &mut self,
        ctx: &WriteCtx,
        c: &CustomDeadline,
        system: Option<&str>,
    ) -> Result<i64, StoreError> {
        let sys = match system {
            Some(code) => Some(self.require_system(code)?),
            None => None,
        };
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let sys_id = sys.as_ref().map_or(Sql::Null, |s| Sql::Integer(s.id));
            let vals = CUSTOMS.values(c, vec![sys_id]);
            let id = tx
                .insert_id(&CUSTOMS.insert(&["system_id"]), &sql::refs(&vals))
                .map_err(e)?;
            let mut v = CUSTOMS.logged(c);
            v.insert("system".into(), json!(system));
            let v = Value::Object(v);
            log.append(
                tx,
                "custom",
                &format!("custom-{id}"),
                "create",
                None,
                Some(&v),
            )
            .map_err(e)?;
            Ok(id)
        })
    }

    fn require_system(&self, code: &str) -> Result<System, StoreError> {
        self.system_by_code(code)?
            .ok_or_else(|| StoreError::Sql(format!("no system with code '{code}'")))
    }
}

pub(super) fn insert_system(tx: &Tx<'_>, ctx: &WriteCtx, s: &System) -> sql::Result<i64> {
    let now = datetime_s(ctx.at);
    insert_system_row(tx, s, &now, &now)
}

/// Inserts one system row as it is (a new one, a restored one, a merged unit's one) and
/// returns its id. Its columns are the table's (`store::tables::SYSTEMS`).
pub(super) fn insert_system_row(
    tx: &Tx<'_>,
    s: &System,
    created_at: &str,
    updated_at: &str,
) -> sql::Result<i64> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let fields = super::tables::SYSTEMS.fields;
        let cols: Vec<&str> = fields.iter().map(|f| f.column).collect();
        let marks: Vec<String> = (1..=fields.len() + 3).map(|i| format!("?{i}")).collect();
        format!(
            "INSERT INTO system ({}, search_key, created_at, updated_at) VALUES ({})",
            cols.join(", "),
            marks.join(", ")
        )
    });
    let mut vals: Vec<Sql> = super::tables::SYSTEMS
        .fields
        .iter()
        .map(|f| f.sql(s))
        .collect();
    vals.push(Sql::Text(search_key(s)));
    vals.push(Sql::Text(created_at.to_owned()));
    vals.push(Sql::Text(updated_at.to_owned()));
    tx.insert_id(&SQL, &sql::refs(&vals))
}

/// Writes every field of the system `s.id` (the unit and code name it and stay).
pub(super) fn update_system(tx: &Tx<'_>, ctx: &WriteCtx, s: &System) -> sql::Result<()> {
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let sets: Vec<String> = updated()
            .enumerate()
            .map(|(i, f)| format!("{} = ?{}", f.column, i + 2))
            .collect();
        let n = sets.len();
        format!(
            "UPDATE system SET {}, search_key = ?{}, updated_at = ?{} WHERE id = ?1",
            sets.join(", "),
            n + 2,
            n + 3
        )
    });
    fn updated() -> impl Iterator<Item = &'static super::tables::Field<System>> {
        super::tables::SYSTEMS
            .fields
            .iter()
            .filter(|f| !matches!(f.key, "unit" | "code" | "last_assessed_on"))
    }
    let mut vals: Vec<Sql> = vec![Sql::Integer(s.id)];
    vals.extend(updated().map(|f| f.sql(s)));
    vals.push(Sql::Text(search_key(s)));
    vals.push(Sql::Text(datetime_s(ctx.at)));
    tx.prepare_cached(&SQL)?.execute(&sql::refs(&vals))?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert_step(
    tx: &Tx<'_>,
    ctx: &WriteCtx,
    system_id: i64,
    state: DossierState,
    on: Option<NaiveDate>,
    reference: &str,
    actor: &str,
    note: &str,
) -> sql::Result<()> {
    let mut s = (STEPS.blank)();
    s.state = state;
    s.on = on;
    s.reference = reference.to_owned();
    s.actor = actor.to_owned();
    s.note = note.to_owned();
    s.recorded_at = datetime_s(ctx.at);
    // built once: an import writes a step per row
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| STEPS.insert(&["system_id"]));
    let vals = STEPS.values(&s, vec![Sql::Integer(system_id)]);
    tx.prepare_cached(&SQL)?.execute(&sql::refs(&vals))?;
    Ok(())
}

pub(super) fn insert_assessment(tx: &Tx<'_>, a: &Assessment) -> sql::Result<i64> {
    // built once: an import writes an assessment per row
    static SQL: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| ASSESSMENTS.insert(&["system_id"]));
    let vals = ASSESSMENTS.values(a, vec![Sql::Integer(a.system_id)]);
    let id = tx.insert_id(&SQL, &sql::refs(&vals))?;
    // keep the derived "last assessed" in step
    tx.prepare_cached(
        "UPDATE system SET last_assessed_on = ?2 WHERE id = ?1 AND (last_assessed_on IS NULL OR last_assessed_on < ?2)",
    )?
    .execute(params![a.system_id, date_s(a.completed_on)])?;
    Ok(id)
}

fn insert_sent(tx: &Tx<'_>, incident_id: i64, r: &SentReport) -> sql::Result<()> {
    tx.prepare_cached("INSERT INTO incident_report (incident_id, report, sent_at, recipients) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![incident_id, r.report, datetime_s(r.sent_at), r.recipients])?;
    Ok(())
}

/// A report submission of this unit by its report and period: PostgreSQL keeps every unit's
/// in one table (the home unit's is `unit = ''` in capdo's SQL), SQLite only this unit's.
fn report_by_key(tx: &Tx<'_>) -> String {
    match tx.engine() {
        sql::Engine::Postgres => format!("{} AND unit = ''", REPORTS.select_by_key()),
        sql::Engine::Sqlite => REPORTS.select_by_key(),
    }
}

/// The change-log image of an assessment (its logged fields).
pub(crate) fn assessment_json(a: &Assessment) -> Value {
    Value::Object(ASSESSMENTS.logged(a))
}

/// The change-log image of an incident: its logged fields and the reports sent.
pub(crate) fn incident_json(i: &Incident) -> Value {
    let mut v = INCIDENTS.logged(i);
    let sent = i.reports.iter().map(|r| json!({"report": r.report, "sent_at": datetime_s(r.sent_at), "recipients": r.recipients}));
    v.insert("reports".into(), Value::Array(sent.collect()));
    Value::Object(v)
}

pub(super) fn profile_json(p: &Profile) -> Value {
    Value::Object(PROFILE.logged(p))
}
