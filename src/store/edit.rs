//! The writes behind the validated operations (`crate::app`), and their undo.
//!
//! Each public function is one transaction. Its change-log entries carry what an undo needs:
//! a create logs the whole new row (with its id), a delete the whole old row, an update the
//! changed fields (a system's keyed by its code, other records' with their primary key). `undo`
//! reads a range of entries back and writes the inverse in one transaction: first a marker
//! entry (entity "undo") naming the range, then one entry per record with action "undo". The
//! log stays append-only, and an undo can itself be undone.

use std::path::Path;

use super::sql::{self, Optional, Tx, TxMode, params};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use sql::Value as Sql;

use super::log::Logger;
use super::read::{system_cols, system_row};
use super::tables;
use super::write::{
    SystemPatch, diff, insert_assessment, insert_system, profile_json, search_key, system_fields,
    update_system,
};
use super::{Access, Store, StoreError, WriteCtx, date_s, datetime_s, map_sql, parse_d, parse_dt};
use crate::domain::*;
use crate::i18n::{Lang, msg::store::edit as m};

/// The change-log entries one write produced, `first_seq..=last_seq`. Empty (`last_seq <
/// first_seq`) when the write changed nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChangeSet {
    pub first_seq: i64,
    pub last_seq: i64,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.last_seq < self.first_seq
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        if self.is_empty() {
            0
        } else {
            self.last_seq
                .checked_sub(self.first_seq)
                .and_then(|n| n.checked_add(1))
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(usize::MAX)
        }
    }

    /// "#12" or "#12–#14".
    pub fn label(&self) -> String {
        if self.first_seq == self.last_seq {
            format!("#{}", self.first_seq)
        } else {
            format!("#{}–#{}", self.first_seq, self.last_seq)
        }
    }
}

/// A refusal, its message a catalog text in both languages.
fn refused(text: impl Fn(Lang) -> String) -> StoreError {
    StoreError::Refused {
        vi: text(Lang::Vi),
        en: text(Lang::En),
    }
}

/// Refuses a form's save when a field the forms edit differs between the record the save was
/// prepared on (`seen`) and the record as it is now, in the write's transaction: another
/// session saved it in between (the dashboard reloads and shows what changed).
fn saved_meanwhile(seen: &System, now: &System) -> Result<(), StoreError> {
    let changed: Vec<&super::tables::Field<System>> = super::tables::SYSTEMS
        .form(super::tables::Stage::Open)
        .map(|(_, f)| f)
        .filter(|f| f.sql(seen) != f.sql(now))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let code = now.code.as_str();
    Err(refused(|l| {
        let fields = changed
            .iter()
            .map(|f| f.label.text(l))
            .collect::<Vec<_>>()
            .join(", ");
        m::SavedMeanwhile {
            code,
            fields: &fields,
        }
        .text(l)
    }))
}

fn no_system(code: &str) -> StoreError {
    refused(|l| m::NoSystem { code }.text(l))
}

/// A table whose rows the log carries as JSON images.
struct Spec {
    entity: &'static str,
    table: &'static str,
    pk: &'static [&'static str],
    /// Image keys, in column order; each names the column of the same name. A system's are
    /// its table's (`store::tables::SYSTEMS`), whose keys may name another column.
    cols: Cols,
}

/// The image keys of a table.
enum Cols {
    Fixed(&'static [&'static str]),
    /// `id`, the fields of `store::tables::SYSTEMS` but the unit, `created_at`.
    System,
    /// The lead columns (`id`, `system_id`), then the columns of a `store::tables` table.
    Record(fn() -> &'static [&'static str]),
}

/// The image keys of a record: `lead`, then the columns of its table.
macro_rules! record_cols {
    ($table:expr, $($lead:literal),*) => {
        Cols::Record(|| {
            static KEYS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
                let mut v = vec![$($lead),*];
                v.extend($table.fields.iter().map(|f| f.column));
                v
            });
            &KEYS
        })
    };
}

impl Spec {
    fn keys(&self) -> &'static [&'static str] {
        static SYSTEM_KEYS: std::sync::LazyLock<Vec<&'static str>> =
            std::sync::LazyLock::new(|| {
                let mut v = vec!["id"];
                v.extend(
                    super::tables::SYSTEMS
                        .fields
                        .iter()
                        .filter(|f| f.key != "unit")
                        .map(|f| f.key),
                );
                v.push("created_at");
                v
            });
        match self.cols {
            Cols::Fixed(c) => c,
            Cols::System => &SYSTEM_KEYS,
            Cols::Record(keys) => keys(),
        }
    }

    /// The column of an image key, `None` for a key this table does not have.
    fn column(&self, key: &str) -> Option<&'static str> {
        let k = *self.keys().iter().find(|c| **c == key)?;
        Some(match self.cols {
            Cols::System => super::tables::system_field(k).map_or(k, |f| f.column),
            Cols::Fixed(_) | Cols::Record(_) => k,
        })
    }

    /// `pk1 = ?N AND pk2 = ?N+1`, numbering from `from`.
    fn pk_where(&self, from: usize) -> String {
        self.pk
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{} = ?{}", self.column(k).unwrap_or(k), from + i))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// The primary key values of an image.
    fn pk_of(&self, img: &Image) -> Option<Vec<Sql>> {
        self.pk
            .iter()
            .map(|k| img.get(*k).and_then(to_sql).filter(|v| *v != Sql::Null))
            .collect()
    }
}

const SYSTEM: Spec = Spec {
    entity: "system",
    table: "system",
    pk: &["id"],
    cols: Cols::System,
};

const STEP: Spec = Spec {
    entity: "dossier_step",
    table: tables::STEPS.name,
    pk: &["id"],
    cols: record_cols!(tables::STEPS, "id", "system_id"),
};

const ASSESSMENT: Spec = Spec {
    entity: "assessment",
    table: tables::ASSESSMENTS.name,
    pk: &["id"],
    cols: record_cols!(tables::ASSESSMENTS, "id", "system_id"),
};

const INCIDENT: Spec = Spec {
    entity: "incident",
    table: tables::INCIDENTS.name,
    pk: &["id"],
    cols: record_cols!(tables::INCIDENTS, "id", "system_id"),
};

const INCIDENT_REPORT: Spec = Spec {
    entity: "incident_report",
    table: "incident_report",
    pk: &["incident_id", "report"],
    cols: Cols::Fixed(&["incident_id", "report", "sent_at", "recipients"]),
};

const PROJECT: Spec = Spec {
    entity: "project",
    table: tables::PROJECTS.name,
    pk: &["id"],
    cols: record_cols!(tables::PROJECTS, "id"),
};

const REPORT: Spec = Spec {
    entity: "report",
    table: tables::REPORTS.name,
    pk: &["id"],
    cols: record_cols!(tables::REPORTS, "id"),
};

const CUSTOM: Spec = Spec {
    entity: "custom",
    table: tables::CUSTOMS.name,
    pk: &["id"],
    cols: record_cols!(tables::CUSTOMS, "id", "system_id"),
};

/// The tables an undo may touch row by row (systems and the profile have their own paths).
const ROWS: &[&Spec] = &[
    &STEP,
    &ASSESSMENT,
    &INCIDENT,
    &INCIDENT_REPORT,
    &PROJECT,
    &REPORT,
    &CUSTOM,
];

type Image = Map<String, Value>;

/// The row image of a record (its columns with their stored values), `lead` first.
fn row_image<R>(t: &tables::Table<R>, r: &R, lead: &[(&str, Value)]) -> Image {
    let mut img: Image = lead
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    for f in t.fields {
        img.insert(f.column.to_owned(), to_json(f.sql(r)));
    }
    img
}

/// The row image of a new dossier step of the system `system_id`, recorded at `at`.
fn step_image(system_id: i64, step: &DossierStep, at: chrono::NaiveDateTime) -> Image {
    let mut row = (tables::STEPS.blank)();
    row.state = step.state;
    row.on = step.on;
    row.reference.clone_from(&step.reference);
    row.actor.clone_from(&step.actor);
    row.note.clone_from(&step.note);
    row.recorded_at = datetime_s(at);
    row_image(&tables::STEPS, &row, &[("system_id", json!(system_id))])
}

fn to_sql(v: &Value) -> Option<Sql> {
    match v {
        Value::Null => Some(Sql::Null),
        Value::Bool(b) => Some(Sql::Integer(i64::from(*b))),
        Value::Number(n) => n
            .as_i64()
            .map(Sql::Integer)
            .or_else(|| n.as_f64().map(Sql::Real)),
        Value::String(s) => Some(Sql::Text(s.clone())),
        _ => None,
    }
}

fn to_json(v: Sql) -> Value {
    match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => json!(i),
        Sql::Real(f) => json!(f),
        Sql::Text(s) => Value::String(s),
        Sql::Blob(b) => json!(b),
    }
}

/// True when every field of `expected` has that value in `current`.
fn agrees(current: &Image, expected: &Image) -> bool {
    expected.iter().all(|(k, v)| current.get(k) == Some(v))
}

/// One change-log entry as undo reads it.
#[derive(Clone, Debug)]
struct Ent {
    seq: i64,
    at: String,
    who: String,
    entity: String,
    key: String,
    action: String,
    old: Option<Value>,
    new: Option<Value>,
}

impl Ent {
    /// "system A".
    fn what(&self) -> String {
        format!("{} {}", self.entity, self.key)
    }

    /// `(first_seq, last_seq, entries)` of an undo marker.
    fn marker(&self) -> Option<(i64, i64, i64)> {
        if self.entity != "undo" {
            return None;
        }
        let m = self.new.as_ref()?.as_object()?;
        Some((
            m.get("first_seq")?.as_i64()?,
            m.get("last_seq")?.as_i64()?,
            m.get("entries")?.as_i64()?,
        ))
    }

    /// Which record the entry is about: systems, reports and the profile by key, other records
    /// by the primary key in their image (by key when the image has none).
    fn identity(&self) -> Option<(String, String)> {
        match self.entity.as_str() {
            "undo" => None,
            "system" | "report" | "profile" | "store" => {
                Some((self.entity.clone(), self.key.clone()))
            }
            _ => {
                let img = self
                    .new
                    .as_ref()
                    .or(self.old.as_ref())
                    .and_then(Value::as_object);
                let id =
                    img.and_then(
                        |m| match (m.get("id"), m.get("incident_id"), m.get("report")) {
                            (Some(id), _, _) => Some(id.to_string()),
                            (None, Some(i), Some(r)) => Some(format!("{i}/{r}")),
                            _ => None,
                        },
                    );
                Some((self.entity.clone(), id.unwrap_or_else(|| self.key.clone())))
            }
        }
    }

    fn when(&self) -> String {
        parse_dt(Some(self.at.clone()))
            .map(crate::i18n::datetime)
            .unwrap_or_else(|| self.at.clone())
    }

    fn cannot(&self) -> StoreError {
        let what = self.what();
        refused(|l| {
            m::CannotUndoEntry {
                seq: self.seq,
                what: &what,
                action: &self.action,
            }
            .text(l)
        })
    }

    fn changed_since(&self) -> StoreError {
        let what = self.what();
        refused(|l| {
            m::ChangedSince {
                what: &what,
                seq: self.seq,
            }
            .text(l)
        })
    }
}

/// A write in progress: the transaction, its logger and the entries written so far.
struct W<'a, 'c> {
    tx: &'a Tx<'c>,
    path: &'a Path,
    ctx: &'a WriteCtx,
    log: Logger,
    first: Option<i64>,
    last: i64,
}

impl W<'_, '_> {
    fn sql(&self, e: sql::Error) -> StoreError {
        map_sql(self.path, e)
    }

    fn append(
        &mut self,
        entity: &str,
        key: &str,
        action: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) -> Result<i64, StoreError> {
        let seq = self
            .log
            .append(self.tx, entity, key, action, old, new)
            .map_err(|e| map_sql(self.path, e))?;
        self.first.get_or_insert(seq);
        self.last = seq;
        Ok(seq)
    }

    fn image(&self, spec: &Spec, pk: &[Sql]) -> Result<Option<Image>, StoreError> {
        let cols: Vec<&str> = spec.keys().iter().filter_map(|k| spec.column(k)).collect();
        let q = format!(
            "SELECT {} FROM {} WHERE {}",
            cols.join(", "),
            spec.table,
            spec.pk_where(1)
        );
        let mut st = self.tx.prepare_cached(&q).map_err(|e| self.sql(e))?;
        st.query_row(&sql::refs(pk), |r| {
            let mut m = Map::new();
            for (i, k) in spec.keys().iter().enumerate() {
                m.insert((*k).to_owned(), to_json(r.get::<Sql>(i)?));
            }
            Ok(m)
        })
        .optional()
        .map_err(|e| self.sql(e))
    }

    /// Inserts a row from an image (keys checked against the table); returns its rowid.
    fn insert(
        &self,
        spec: &Spec,
        img: &Image,
        bad: &dyn Fn() -> StoreError,
    ) -> Result<i64, StoreError> {
        let mut cols = Vec::new();
        let mut vals = Vec::new();
        for (k, v) in img {
            cols.push(spec.column(k).ok_or_else(bad)?);
            vals.push(to_sql(v).ok_or_else(bad)?);
        }
        if spec.table == "system" {
            let now = Sql::Text(datetime_s(self.ctx.at));
            if !img.contains_key("created_at") {
                cols.push("created_at");
                vals.push(now.clone());
            }
            cols.push("updated_at");
            vals.push(now);
        }
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let q = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            spec.table,
            cols.join(", "),
            marks.join(", ")
        );
        let id = if spec.pk == ["id"] {
            self.tx.insert_id(&q, &sql::refs(&vals))
        } else {
            self.tx.execute(&q, &sql::refs(&vals)).map(|_| 0)
        }
        .map_err(|e| self.sql(e))?;
        if spec.table == "system" {
            self.refresh_system(id)?;
        }
        Ok(id)
    }

    /// Sets the image's non-key fields on the row `pk`.
    fn update(
        &self,
        spec: &Spec,
        pk: &[Sql],
        img: &Image,
        bad: &dyn Fn() -> StoreError,
    ) -> Result<(), StoreError> {
        let mut sets = Vec::new();
        let mut vals = Vec::new();
        for (k, v) in img.iter().filter(|(k, _)| !spec.pk.contains(&k.as_str())) {
            let c = spec.column(k).ok_or_else(bad)?;
            vals.push(to_sql(v).ok_or_else(bad)?);
            sets.push(format!("{c} = ?{}", vals.len()));
        }
        if sets.is_empty() {
            return Ok(());
        }
        let q = format!(
            "UPDATE {} SET {} WHERE {}",
            spec.table,
            sets.join(", "),
            spec.pk_where(vals.len() + 1)
        );
        vals.extend(pk.iter().cloned());
        self.tx
            .execute(&q, &sql::refs(&vals))
            .map_err(|e| self.sql(e))?;
        if spec.table == "system"
            && let Some(Sql::Integer(id)) = pk.first()
        {
            self.refresh_system(*id)?;
        }
        Ok(())
    }

    fn delete(&self, spec: &Spec, pk: &[Sql]) -> Result<(), StoreError> {
        let q = format!("DELETE FROM {} WHERE {}", spec.table, spec.pk_where(1));
        self.tx
            .execute(&q, &sql::refs(pk))
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Creates a row and logs its full image under `key(id)`.
    fn create(
        &mut self,
        spec: &Spec,
        img: &Image,
        key: &dyn Fn(i64) -> String,
    ) -> Result<i64, StoreError> {
        let bad = || StoreError::Sql(format!("bad field for {}", spec.table));
        let id = self.insert(spec, img, &bad)?;
        let pk: Vec<Sql> = match spec.pk_of(img) {
            Some(pk) => pk,
            None => vec![Sql::Integer(id)],
        };
        let full = self.image(spec, &pk)?.ok_or_else(bad)?;
        self.append(
            spec.entity,
            &key(id),
            "create",
            None,
            Some(&Value::Object(full)),
        )?;
        Ok(id)
    }

    /// Changes fields of an existing row and logs the change (with the row's key); `false`
    /// when nothing changed.
    fn change(
        &mut self,
        spec: &Spec,
        pk: &[Sql],
        changes: Image,
        key: &str,
        action: &str,
        missing: StoreError,
    ) -> Result<bool, StoreError> {
        let Some(cur) = self.image(spec, pk)? else {
            return Err(missing);
        };
        let (mut old, mut new) = (Map::new(), Map::new());
        for k in spec.pk {
            let v = cur.get(*k).cloned().unwrap_or(Value::Null);
            old.insert((*k).to_owned(), v.clone());
            new.insert((*k).to_owned(), v);
        }
        let mut changed = false;
        for (k, v) in changes {
            let was = cur.get(&k).cloned().unwrap_or(Value::Null);
            if was != v {
                old.insert(k.clone(), was);
                new.insert(k, v);
                changed = true;
            }
        }
        if !changed {
            return Ok(false);
        }
        let bad = || StoreError::Sql(format!("bad field for {}", spec.table));
        self.update(spec, pk, &new, &bad)?;
        self.append(
            spec.entity,
            key,
            action,
            Some(&Value::Object(old)),
            Some(&Value::Object(new)),
        )?;
        Ok(true)
    }

    /// Saves `new` over `old` with its log entry. A level change on an approved dossier has
    /// legal effect (the approval was for the old level): the dossier moves to "cần xác định
    /// lại" on `on`, the approved level is kept (the shorter assessment interval applies until
    /// the new level is approved), and a dossier step records it with `reason`.
    fn save_system(
        &mut self,
        old: &System,
        new: &mut System,
        action: &str,
        on: NaiveDate,
        reason: &str,
    ) -> Result<(), StoreError> {
        let effect = (new.dossier == old.dossier)
            .then(|| old.level_change_effect(new.level))
            .flatten();
        if let Some((approved, _)) = effect {
            new.dossier = DossierState::Redetermine;
            new.dossier_since = Some(on);
            new.approved_level = Some(approved);
        }
        if let Some((o, n)) = diff(old, new) {
            update_system(self.tx, self.ctx, new).map_err(|e| self.sql(e))?;
            self.append("system", &old.code, action, Some(&o), Some(&n))?;
        }
        if let Some((from, to)) = effect {
            let to = to.map_or_else(|| "—".to_owned(), |l| l.get().to_string());
            let mut note = m::LevelNote {
                from: from.get(),
                to,
            }
            .text(Lang::Vi);
            if !reason.is_empty() {
                note.push_str(": ");
                note.push_str(reason);
            }
            let step = DossierStep {
                id: 0,
                system_id: old.id,
                state: DossierState::Redetermine,
                on: Some(on),
                reference: String::new(),
                actor: String::new(),
                note,
            };
            let img = step_image(old.id, &step, self.ctx.at);
            let code = old.code.clone();
            self.create(&STEP, &img, &|id| format!("{code}/dossier-{id}"))?;
        }
        Ok(())
    }

    /// The system `code` as it is now, locked until the write ends on PostgreSQL (`FOR
    /// UPDATE`: a province session and a commune session take different unit locks); SQLite's
    /// write transaction holds the whole file already.
    fn system(&self, code: &str) -> Result<Option<System>, StoreError> {
        let lock = match self.tx.engine() {
            sql::Engine::Postgres => " FOR UPDATE",
            sql::Engine::Sqlite => "",
        };
        self.tx
            .prepare_cached(&format!(
                "SELECT {} FROM system WHERE unit = '' AND code = ?1{lock}",
                system_cols()
            ))
            .and_then(|mut st| st.query_row(params![code], system_row).optional())
            .map_err(|e| self.sql(e))
    }

    fn system_by_id(&self, id: i64) -> Result<Option<System>, StoreError> {
        self.tx
            .prepare_cached(&format!(
                "SELECT {} FROM system WHERE id = ?1",
                system_cols()
            ))
            .and_then(|mut st| st.query_row(params![id], system_row).optional())
            .map_err(|e| self.sql(e))
    }

    fn require_system(&self, code: &str) -> Result<System, StoreError> {
        self.system(code)?.ok_or_else(|| no_system(code))
    }

    /// Recomputes a system's search key and stamps its update time.
    fn refresh_system(&self, id: i64) -> Result<(), StoreError> {
        if let Some(s) = self.system_by_id(id)? {
            self.tx
                .execute(
                    "UPDATE system SET search_key = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, search_key(&s), datetime_s(self.ctx.at)],
                )
                .map_err(|e| self.sql(e))?;
        }
        Ok(())
    }

    /// The derived "last assessed" of a system, from its assessments.
    fn rederive_last_assessed(&self, system_id: i64) -> Result<(), StoreError> {
        self.tx
            .execute(
                "UPDATE system SET last_assessed_on = (SELECT max(completed_on) FROM assessment WHERE system_id = ?1) WHERE id = ?1",
                params![system_id],
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Records that refer to a system: dossier steps, assessments, incidents, custom deadlines.
    fn history(&self, system_id: i64) -> Result<[i64; 4], StoreError> {
        let mut out = [0; 4];
        for (i, t) in ["dossier_step", "assessment", "incident", "custom_deadline"]
            .iter()
            .enumerate()
        {
            out[i] = self
                .tx
                .query_row(
                    &format!("SELECT count(*) FROM {t} WHERE system_id = ?1"),
                    params![system_id],
                    |r| r.get(0),
                )
                .map_err(|e| self.sql(e))?;
        }
        Ok(out)
    }

    /// "CODE/" for a record of a system, "" otherwise.
    fn prefix_of(&self, table: &str, id: i64) -> Result<Option<String>, StoreError> {
        let q = format!(
            "SELECT s.code FROM {table} t LEFT JOIN system s ON s.id = t.system_id WHERE t.id = ?1"
        );
        let code: Option<Option<String>> = self
            .tx
            .query_row(&q, params![id], |r| r.get(0))
            .optional()
            .map_err(|e| self.sql(e))?;
        Ok(code.map(|c| c.map(|c| format!("{c}/")).unwrap_or_default()))
    }

    fn profile(&self) -> Result<Profile, StoreError> {
        self.tx
            .query_row(
                &super::tables::profile_select("", " AND unit = ''"),
                params![],
                super::tables::read_profile,
            )
            .map_err(|e| self.sql(e))
    }

    fn write_profile(&self, p: &Profile) -> Result<(), StoreError> {
        self.tx
            .execute(
                &super::tables::profile_update("", " AND unit = ''"),
                &sql::refs(&super::tables::PROFILE.values(p, vec![])),
            )
            .map_err(|e| self.sql(e))?;
        Ok(())
    }

    /// Writes `new` over `old` and logs the changed profile fields.
    fn save_profile(
        &mut self,
        old: &Profile,
        new: &Profile,
        action: &str,
    ) -> Result<(), StoreError> {
        let (o, n) = (profile_json(old), profile_json(new));
        let (Some(o), Some(n)) = (o.as_object(), n.as_object()) else {
            return Ok(());
        };
        let (mut od, mut nd) = (Map::new(), Map::new());
        for (k, v) in n {
            let was = o.get(k).cloned().unwrap_or(Value::Null);
            if was != *v {
                od.insert(k.clone(), was);
                nd.insert(k.clone(), v.clone());
            }
        }
        if nd.is_empty() {
            return Ok(());
        }
        self.write_profile(new)?;
        self.append(
            "profile",
            "profile",
            action,
            Some(&Value::Object(od)),
            Some(&Value::Object(nd)),
        )?;
        Ok(())
    }

    /// Reads change-log entries with `lo <= seq <= hi`, oldest first.
    fn entries(&self, lo: i64, hi: i64) -> Result<Vec<Ent>, StoreError> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT seq, at, os_user, officer, entity, entity_key, action, old, new FROM change_log WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st
            .query_map(params![lo, hi], |r| {
                let officer: String = r.get(3)?;
                let user: String = r.get(2)?;
                Ok((
                    Ent {
                        seq: r.get(0)?,
                        at: r.get(1)?,
                        who: if officer.is_empty() { user } else { officer },
                        entity: r.get(4)?,
                        key: r.get(5)?,
                        action: r.get(6)?,
                        old: None,
                        new: None,
                    },
                    r.get::<Option<String>>(7)?,
                    r.get::<Option<String>>(8)?,
                ))
            })
            .map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (mut e, old, new) = row.map_err(|e| self.sql(e))?;
            let parse = |s: Option<String>| -> Result<Option<Value>, ()> {
                s.map(|s| serde_json::from_str(&s).map_err(|_| ()))
                    .transpose()
            };
            e.old = parse(old).map_err(|_| e.cannot())?;
            e.new = parse(new).map_err(|_| e.cannot())?;
            out.push(e);
        }
        Ok(out)
    }

    /// Writes the inverse of one entry and logs it (action "undo").
    fn invert(&mut self, e: &Ent) -> Result<(), StoreError> {
        let obj = |v: &Option<Value>| -> Result<Option<Image>, StoreError> {
            match v {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Object(m)) => Ok(Some(m.clone())),
                Some(_) => Err(e.cannot()),
            }
        };
        let (old, new) = (obj(&e.old)?, obj(&e.new)?);
        match e.entity.as_str() {
            "system" => self.invert_system(e, old, new)?,
            "profile" => self.invert_profile(e, old, new)?,
            entity => {
                let spec = ROWS
                    .iter()
                    .find(|s| s.entity == entity)
                    .ok_or_else(|| e.cannot())?;
                self.invert_row(spec, e, old, new)?;
            }
        }
        self.append(&e.entity, &e.key, "undo", e.new.as_ref(), e.old.as_ref())?;
        Ok(())
    }

    fn invert_row(
        &mut self,
        spec: &Spec,
        e: &Ent,
        old: Option<Image>,
        new: Option<Image>,
    ) -> Result<(), StoreError> {
        let bad = || e.cannot();
        let touched = match (old, new) {
            (None, Some(n)) => {
                let pk = spec.pk_of(&n).ok_or_else(bad)?;
                let cur = self.image(spec, &pk)?.ok_or_else(|| e.changed_since())?;
                if !agrees(&cur, &n) {
                    return Err(e.changed_since());
                }
                if spec.table == "incident" {
                    let reports: i64 = self
                        .tx
                        .query_row(
                            "SELECT count(*) FROM incident_report WHERE incident_id = ?1",
                            &sql::refs(&pk),
                            |r| r.get(0),
                        )
                        .map_err(|x| self.sql(x))?;
                    if reports > 0 {
                        return Err(e.changed_since());
                    }
                }
                self.delete(spec, &pk)?;
                cur
            }
            (Some(o), None) => {
                let pk = spec.pk_of(&o).ok_or_else(bad)?;
                if self.image(spec, &pk)?.is_some() {
                    return Err(e.changed_since());
                }
                self.insert(spec, &o, &bad)?;
                o
            }
            (Some(o), Some(n)) => {
                let pk = spec.pk_of(&n).ok_or_else(bad)?;
                let cur = self.image(spec, &pk)?.ok_or_else(|| e.changed_since())?;
                if !agrees(&cur, &n) {
                    return Err(e.changed_since());
                }
                self.update(spec, &pk, &o, &bad)?;
                cur
            }
            (None, None) => return Err(e.cannot()),
        };
        if spec.table == "assessment"
            && let Some(id) = touched.get("system_id").and_then(Value::as_i64)
        {
            self.rederive_last_assessed(id)?;
        }
        Ok(())
    }

    fn invert_system(
        &mut self,
        e: &Ent,
        old: Option<Image>,
        new: Option<Image>,
    ) -> Result<(), StoreError> {
        let bad = || e.cannot();
        let current = |w: &Self| -> Result<(System, Image), StoreError> {
            let s = w.system(&e.key)?.ok_or_else(|| e.changed_since())?;
            let img = w
                .image(&SYSTEM, &[Sql::Integer(s.id)])?
                .ok_or_else(|| e.changed_since())?;
            Ok((s, img))
        };
        match (old, new) {
            (None, Some(n)) => {
                let (s, cur) = current(self)?;
                if self.history(s.id)?.iter().any(|n| *n > 0) {
                    return Err(refused(|l| m::UndoAddedSystem { code: &e.key }.text(l)));
                }
                if !agrees(&cur, &n) {
                    return Err(e.changed_since());
                }
                self.delete(&SYSTEM, &[Sql::Integer(s.id)])?;
            }
            (Some(o), None) => {
                if self.system(&e.key)?.is_some() {
                    return Err(e.changed_since());
                }
                if let Some(pk) = SYSTEM.pk_of(&o)
                    && self.image(&SYSTEM, &pk)?.is_some()
                {
                    return Err(e.changed_since());
                }
                self.insert(&SYSTEM, &o, &bad)?;
            }
            (Some(o), Some(n)) => {
                let (s, cur) = current(self)?;
                if !agrees(&cur, &n) {
                    return Err(e.changed_since());
                }
                self.update(&SYSTEM, &[Sql::Integer(s.id)], &o, &bad)?;
            }
            (None, None) => return Err(e.cannot()),
        }
        Ok(())
    }

    fn invert_profile(
        &mut self,
        e: &Ent,
        old: Option<Image>,
        new: Option<Image>,
    ) -> Result<(), StoreError> {
        let (Some(o), Some(n)) = (old, new) else {
            return Err(e.cannot());
        };
        let mut p = self.profile()?;
        let cur = profile_json(&p);
        if !cur.as_object().is_some_and(|c| agrees(c, &n)) {
            return Err(e.changed_since());
        }
        for (k, v) in &o {
            profile_set(&mut p, k, v).ok_or_else(|| e.cannot())?;
        }
        self.write_profile(&p)
    }
}

/// Sets one field of the profile from its `profile_json` value.
fn profile_set(p: &mut Profile, key: &str, v: &Value) -> Option<()> {
    match key {
        "unit_name" => p.unit_name = v.as_str()?.to_owned(),
        "parent_authority" => p.parent_authority = v.as_str()?.to_owned(),
        "officer" => p.officer = v.as_str()?.to_owned(),
        "tier" => p.tier = Tier::from_key(v.as_str()?)?,
        "tracking_start" => p.tracking_start = parse_d(Some(v.as_str()?.to_owned()))?,
        "pinned_pack" => {
            p.pinned_pack = match v {
                Value::Null => None,
                v => Some(v.as_str()?.to_owned()),
            }
        }
        "assessment_months" => {
            p.assessment_months = match v {
                Value::Null => None,
                v => {
                    let m: Vec<u32> = v
                        .as_array()?
                        .iter()
                        .map(|x| x.as_u64().and_then(|x| u32::try_from(x).ok()))
                        .collect::<Option<_>>()?;
                    Some(<[u32; 5]>::try_from(m).ok()?)
                }
            }
        }
        _ => return None,
    }
    Some(())
}

/// Refuses an undo of `cs` when it was already undone, or when a later change (not itself
/// cancelled by an undo) touched one of its records, or the store was restored since.
fn check_later(target: &[Ent], later: &[Ent], cs: ChangeSet) -> Result<(), StoreError> {
    // undo markers after the change, newest first: an undo that was itself undone cancels
    // nothing; a live one cancels the range it names
    let mut undone: Vec<(i64, i64)> = Vec::new();
    // (the undo's own entries, the range it undid)
    let mut live: Vec<((i64, i64), (i64, i64))> = Vec::new();
    for m in later.iter().rev() {
        let Some((f, l, n)) = m.marker() else {
            continue;
        };
        let own = (m.seq, m.seq.saturating_add(n));
        if undone.contains(&own) {
            continue;
        }
        undone.push((f, l));
        live.push((own, (f, l)));
    }
    let range = (cs.first_seq, cs.last_seq);
    if let Some(((seq, _), _)) = live.iter().find(|(_, t)| *t == range) {
        let change = cs.label();
        return Err(refused(|l| {
            m::AlreadyUndone {
                change: &change,
                seq,
            }
            .text(l)
        }));
    }
    let within = |seq: i64, r: &(i64, i64)| r.0 <= seq && seq <= r.1;
    let neutral = |seq: i64| {
        undone.iter().any(|r| within(seq, r))
            || live
                .iter()
                .any(|(own, t)| within(seq, own) && t.0 > cs.last_seq)
    };
    let ids: Vec<(String, String)> = target.iter().filter_map(Ent::identity).collect();
    for e in later {
        if e.entity == "undo" || neutral(e.seq) {
            continue;
        }
        let Some(id) = e.identity() else { continue };
        if e.entity == "store" || ids.contains(&id) {
            let (change, when, what) = (cs.label(), e.when(), e.what());
            return Err(refused(|l| {
                m::ChangedLater {
                    change: &change,
                    seq: e.seq,
                    when: &when,
                    who: &e.who,
                    what: &what,
                }
                .text(l)
            }));
        }
    }
    Ok(())
}

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

impl Store {
    /// Runs `f` in one immediate transaction; returns the entries it logged.
    fn edit(
        &mut self,
        ctx: &WriteCtx,
        f: impl FnOnce(&mut W<'_, '_>) -> Result<(), StoreError>,
    ) -> Result<ChangeSet, StoreError> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        let path = self.path.clone();
        let tx = self
            .db
            .begin(TxMode::Immediate)
            .map_err(|e| map_sql(&path, e))?;
        self.check_before_write()?;
        let log = Logger::start(&tx, ctx).map_err(|e| map_sql(&path, e))?;
        let last: i64 = tx
            .query_row(
                "SELECT coalesce(max(seq), 0) FROM change_log",
                params![],
                |r| r.get(0),
            )
            .map_err(|e| map_sql(&path, e))?;
        let mut w = W {
            tx: &tx,
            path: &path,
            ctx,
            log,
            first: None,
            last,
        };
        f(&mut w)?;
        let cs = ChangeSet {
            first_seq: w.first.unwrap_or(last.saturating_add(1)),
            last_seq: w.last,
        };
        tx.commit().map_err(|e| map_sql(&path, e))?;
        Ok(cs)
    }

    /// Adds a system (local unit); refuses a code already in use.
    pub fn create_system(&mut self, ctx: &WriteCtx, s: &System) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            if w.system(&s.code)?.is_some() {
                return Err(refused(|l| m::CodeTaken { code: &s.code }.text(l)));
            }
            let mut new = s.clone();
            new.unit = String::new();
            new.id = insert_system(w.tx, w.ctx, &new).map_err(|e| w.sql(e))?;
            // the same shape as an import's "create" entry: the system's fields
            let img: Map<String, Value> = system_fields(&new)
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect();
            w.append("system", &s.code, "create", None, Some(&Value::Object(img)))?;
            Ok(())
        })
    }

    /// Changes the fields a patch sets on the system `patch.code` (`action` names the change in
    /// the log: "update", "decommission", "level").
    pub fn patch_system(
        &mut self,
        ctx: &WriteCtx,
        patch: &SystemPatch,
        action: &str,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let old = w.require_system(&patch.code)?;
            if let Some(seen) = &patch.opened {
                saved_meanwhile(seen, &old)?;
            }
            let mut new = patch.apply(&old);
            let today = w.ctx.today;
            w.save_system(&old, &mut new, action, today, "")
        })
    }

    /// Sets the level of the system `code` from the shell (`capdo record level`): like the
    /// dashboard's edit, a change on an approved dossier moves it to "cần xác định lại", dated
    /// `on`, with `reason` in the dossier step's note.
    pub fn change_level(
        &mut self,
        ctx: &WriteCtx,
        code: &str,
        level: Option<Level>,
        on: NaiveDate,
        reason: &str,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let old = w.require_system(code)?;
            let mut new = old.clone();
            new.level = level;
            w.save_system(&old, &mut new, "update", on, reason)
        })
    }

    /// Deletes a system that has no history (no dossier step, assessment, incident or custom
    /// deadline); refuses otherwise.
    pub fn delete_system(&mut self, ctx: &WriteCtx, code: &str) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let s = w.require_system(code)?;
            let [steps, assessments, incidents, customs] = w.history(s.id)?;
            if steps + assessments + incidents + customs > 0 {
                return Err(refused(|l| {
                    m::CannotDelete {
                        code,
                        steps,
                        assessments,
                        incidents,
                        customs,
                    }
                    .text(l)
                }));
            }
            let pk = [Sql::Integer(s.id)];
            let img = w.image(&SYSTEM, &pk)?.ok_or_else(|| no_system(code))?;
            w.delete(&SYSTEM, &pk)?;
            w.append("system", code, "delete", Some(&Value::Object(img)), None)?;
            Ok(())
        })
    }

    /// Records a dossier step and moves the system to its state (an approval also sets the
    /// approval date and decision number). `regulation` sets the system's security regulation
    /// (date, reference) in the same change.
    pub fn record_dossier_step(
        &mut self,
        ctx: &WriteCtx,
        code: &str,
        step: &DossierStep,
        regulation: Option<(Option<NaiveDate>, String)>,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let old = w.require_system(code)?;
            let img = step_image(old.id, step, w.ctx.at);
            w.create(&STEP, &img, &|id| format!("{code}/dossier-{id}"))?;
            let mut new = old.clone();
            new.dossier = step.state;
            new.dossier_since = step.on;
            if step.state == DossierState::Approved {
                new.approved_on = step.on;
                new.decision_no = step.reference.clone();
                // the approval covers the current level now
                new.approved_level = None;
            }
            if let Some((on, r)) = regulation {
                new.regulation_issued_on = on;
                new.regulation_ref = r;
            }
            if let Some((o, n)) = diff(&old, &new) {
                update_system(w.tx, w.ctx, &new).map_err(|e| w.sql(e))?;
                w.append("system", code, "dossier", Some(&o), Some(&n))?;
            }
            Ok(())
        })
    }

    /// Records a completed assessment of the system `code`.
    pub fn record_assessment(
        &mut self,
        ctx: &WriteCtx,
        code: &str,
        a: &Assessment,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let sys = w.require_system(code)?;
            let mut a = a.clone();
            a.system_id = sys.id;
            let id = insert_assessment(w.tx, &a).map_err(|e| w.sql(e))?;
            let img = w
                .image(&ASSESSMENT, &[Sql::Integer(id)])?
                .ok_or_else(|| no_system(code))?;
            w.append(
                "assessment",
                &format!("{code}/assessment-{id}"),
                "create",
                None,
                Some(&Value::Object(img)),
            )?;
            Ok(())
        })
    }

    /// Records an incident (of the system `system`, if any) with the reports already sent.
    pub fn record_incident(
        &mut self,
        ctx: &WriteCtx,
        system: Option<&str>,
        inc: &Incident,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let sys = system.map(|c| w.require_system(c)).transpose()?;
            let prefix = sys
                .as_ref()
                .map(|s| format!("{}/", s.code))
                .unwrap_or_default();
            let sys_id = json!(sys.as_ref().map(|s| s.id));
            let img = row_image(&tables::INCIDENTS, inc, &[("system_id", sys_id)]);
            let id = w.create(&INCIDENT, &img, &|id| format!("{prefix}incident-{id}"))?;
            for r in &inc.reports {
                let mut ri = Image::new();
                ri.insert("incident_id".into(), json!(id));
                ri.insert("report".into(), s(&r.report));
                ri.insert("sent_at".into(), s(&datetime_s(r.sent_at)));
                ri.insert("recipients".into(), s(&r.recipients));
                w.create(&INCIDENT_REPORT, &ri, &|_| {
                    format!("{prefix}incident-{id}/{}", r.report)
                })?;
            }
            Ok(())
        })
    }

    /// Records that a mandatory report of an incident was sent; refuses a report already
    /// recorded.
    pub fn record_incident_report(
        &mut self,
        ctx: &WriteCtx,
        incident_id: i64,
        r: &SentReport,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let prefix = w
                .prefix_of("incident", incident_id)?
                .ok_or_else(|| no_incident(incident_id))?;
            let pk = [Sql::Integer(incident_id), Sql::Text(r.report.clone())];
            if w.image(&INCIDENT_REPORT, &pk)?.is_some() {
                return Err(refused(|l| {
                    m::ReportRecorded {
                        report: &r.report,
                        id: incident_id,
                    }
                    .text(l)
                }));
            }
            let mut img = Image::new();
            img.insert("incident_id".into(), json!(incident_id));
            img.insert("report".into(), s(&r.report));
            img.insert("sent_at".into(), s(&datetime_s(r.sent_at)));
            img.insert("recipients".into(), s(&r.recipients));
            w.create(&INCIDENT_REPORT, &img, &|_| {
                format!("{prefix}incident-{incident_id}/{}", r.report)
            })?;
            Ok(())
        })
    }

    /// Closes an incident: when the response ended and the lessons learned.
    pub fn close_incident(
        &mut self,
        ctx: &WriteCtx,
        incident_id: i64,
        ended_at: chrono::NaiveDateTime,
        lessons: &str,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let prefix = w
                .prefix_of("incident", incident_id)?
                .ok_or_else(|| no_incident(incident_id))?;
            let mut ch = Image::new();
            ch.insert("response_ended_at".into(), s(&datetime_s(ended_at)));
            ch.insert("lessons".into(), s(lessons));
            w.change(
                &INCIDENT,
                &[Sql::Integer(incident_id)],
                ch,
                &format!("{prefix}incident-{incident_id}"),
                "close",
                no_incident(incident_id),
            )?;
            Ok(())
        })
    }

    /// Adds (`id == 0`) or changes an IT project.
    pub fn save_project(&mut self, ctx: &WriteCtx, p: &Project) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let img = row_image(&tables::PROJECTS, p, &[]);
            if p.id == 0 {
                w.create(&PROJECT, &img, &|id| format!("project-{id}"))?;
            } else {
                w.change(
                    &PROJECT,
                    &[Sql::Integer(p.id)],
                    img,
                    &format!("project-{}", p.id),
                    "update",
                    not_found("project", p.id),
                )?;
            }
            Ok(())
        })
    }

    /// Adds (`id == 0`) or changes a custom deadline (not its done date).
    pub fn save_custom(
        &mut self,
        ctx: &WriteCtx,
        c: &CustomDeadline,
        system: Option<&str>,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let sys = system.map(|code| w.require_system(code)).transpose()?;
            let prefix = sys
                .as_ref()
                .map(|s| format!("{}/", s.code))
                .unwrap_or_default();
            let sys_id = json!(sys.as_ref().map(|s| s.id));
            let mut img = row_image(&tables::CUSTOMS, c, &[("system_id", sys_id)]);
            if c.id == 0 {
                w.create(&CUSTOM, &img, &|id| format!("{prefix}custom-{id}"))?;
            } else {
                // a change leaves the done date as it is (`mark_custom_done` sets it)
                img.remove("done_on");
                w.change(
                    &CUSTOM,
                    &[Sql::Integer(c.id)],
                    img,
                    &format!("{prefix}custom-{}", c.id),
                    "update",
                    not_found("custom", c.id),
                )?;
            }
            Ok(())
        })
    }

    /// Marks a custom deadline done (for a recurring one: the occurrence due on `done_on`).
    pub fn mark_custom_done(
        &mut self,
        ctx: &WriteCtx,
        id: i64,
        done_on: NaiveDate,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let prefix = w
                .prefix_of("custom_deadline", id)?
                .ok_or_else(|| not_found("custom", id))?;
            let mut ch = Image::new();
            ch.insert("done_on".into(), s(&date_s(done_on)));
            w.change(
                &CUSTOM,
                &[Sql::Integer(id)],
                ch,
                &format!("{prefix}custom-{id}"),
                "done",
                not_found("custom", id),
            )?;
            Ok(())
        })
    }

    /// Marks a periodic report submitted for a period (replacing the date and document number
    /// of an earlier record of the same report and period).
    pub fn save_report_submission(
        &mut self,
        ctx: &WriteCtx,
        r: &ReportSubmission,
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let period = r.period.key();
            let key = format!("{}/{period}", r.report);
            let existing: Option<i64> =
                w.tx.query_row(
                    "SELECT id FROM report_submission WHERE report = ?1 AND period = ?2",
                    params![r.report, period],
                    |x| x.get(0),
                )
                .optional()
                .map_err(|e| w.sql(e))?;
            let mut img = row_image(&tables::REPORTS, r, &[]);
            match existing {
                Some(id) => {
                    // the report and the period name the row: the rest changes
                    for f in tables::REPORTS.fields.iter().filter(|f| !f.logged) {
                        img.remove(f.column);
                    }
                    w.change(
                        &REPORT,
                        &[Sql::Integer(id)],
                        img,
                        &key,
                        "update",
                        not_found("report", id),
                    )?;
                }
                None => {
                    w.create(&REPORT, &img, &|_| key.clone())?;
                }
            }
            Ok(())
        })
    }

    /// Changes the profile with `f` and logs the changed fields.
    pub fn update_profile(
        &mut self,
        ctx: &WriteCtx,
        f: impl FnOnce(&mut Profile),
    ) -> Result<ChangeSet, StoreError> {
        self.edit(ctx, |w| {
            let old = w.profile()?;
            let mut new = old.clone();
            f(&mut new);
            w.save_profile(&old, &new, "update")
        })
    }

    /// Undoes the change `cs` in one transaction: restores every record it touched to its
    /// previous values (a created record is deleted, a deleted one re-inserted with its id).
    /// Refused when the change was already undone, when a later change (not itself undone)
    /// touched one of its records, or when a record is no longer as the change left it.
    pub fn undo(&mut self, ctx: &WriteCtx, cs: &ChangeSet) -> Result<ChangeSet, StoreError> {
        let cs = *cs;
        self.edit(ctx, |w| {
            if cs.is_empty() {
                return Ok(());
            }
            let target = w.entries(cs.first_seq, cs.last_seq)?;
            if target.len() != cs.len() {
                let change = cs.label();
                return Err(refused(|l| m::EntriesNotFound { change: &change }.text(l)));
            }
            let later = w.entries(cs.last_seq.saturating_add(1), i64::MAX)?;
            check_later(&target, &later, cs)?;
            let inverse: Vec<&Ent> = target.iter().rev().filter(|e| e.entity != "undo").collect();
            w.append(
                "undo",
                &format!("{}-{}", cs.first_seq, cs.last_seq),
                "undo",
                None,
                Some(&json!({
                    "first_seq": cs.first_seq,
                    "last_seq": cs.last_seq,
                    "entries": inverse.len(),
                })),
            )?;
            for e in inverse {
                w.invert(e)?;
            }
            Ok(())
        })
    }
}

fn no_incident(id: i64) -> StoreError {
    refused(|l| m::NoIncident { id }.text(l))
}

fn not_found(what: &str, id: i64) -> StoreError {
    let name = |l: Lang| match what {
        "project" => m::PROJECT.text(l),
        "custom" => m::CUSTOM.text(l),
        "report" => m::REPORT.text(l),
        _ => "",
    };
    refused(|l| {
        let what = Some(name(l)).filter(|n| !n.is_empty()).unwrap_or(what);
        m::NoRecord { what, id }.text(l)
    })
}
