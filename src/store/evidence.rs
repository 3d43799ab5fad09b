//! The evidence register in SQLite: adding a document (logged like every write) and reading
//! the register back.

use super::sql::{self, Optional, Value as Sql, params};
use serde_json::Value;

use super::tables::EVIDENCE;
use super::{Store, StoreError, WriteCtx, datetime_s, map_sql};
use crate::domain::evidence::{Evidence, EvidenceKind, Proves};

/// A document to register, already hashed and validated by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvidence {
    /// The system's code (this unit's systems).
    pub system: String,
    pub kind: EvidenceKind,
    pub path: String,
    pub under_root: bool,
    pub size: u64,
    pub mtime: Option<String>,
    pub sha256: String,
    pub reference: String,
    pub on: Option<chrono::NaiveDate>,
    pub note: String,
    pub proves: Option<Proves>,
}

/// `e.id, e.system_id, s.code, s.unit`, the fields of the table, `e.proves, e.proves_ref`:
/// the SELECT list [`row`] reads (`e` the register, `s` its system).
fn cols() -> &'static str {
    static COLS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let mut cols = vec!["e.id".to_owned(), "e.system_id".into(), "s.code".into()];
        cols.push("s.unit".into());
        cols.extend(EVIDENCE.fields.iter().map(|f| format!("e.{}", f.column)));
        cols.extend(["e.proves".into(), "e.proves_ref".into()]);
        cols.join(", ")
    });
    &COLS
}

/// What a document proves, as the table's two columns (`proves`, `proves_ref`).
pub(super) fn proves_sql(p: Option<&Proves>) -> [Sql; 2] {
    match p.map(Proves::key) {
        Some((w, r)) => [Sql::Text(w.to_owned()), Sql::Text(r)],
        None => [Sql::Null, Sql::Null],
    }
}

fn row(r: &sql::Row) -> sql::Result<Evidence> {
    let mut e = (EVIDENCE.blank)();
    e.id = r.get(0)?;
    e.system_id = r.get(1)?;
    let code: String = r.get(2)?;
    let unit: String = r.get(3)?;
    e.system_code = if unit.is_empty() {
        code
    } else {
        format!("{unit}/{code}")
    };
    EVIDENCE.read_row(r, 4, &mut e)?;
    let n = 4 + EVIDENCE.fields.len();
    let proves: Option<String> = r.get(n)?;
    let proves_ref: Option<String> = r.get(n + 1)?;
    e.proves = match (proves, proves_ref) {
        (Some(w), Some(x)) => Proves::from_key(&w, &x),
        _ => None,
    };
    Ok(e)
}

/// `proves_ref` is an id as capdo writes it (digits, no leading zero, within BIGINT): the
/// test before the cast, so that no other text is cast (PostgreSQL refuses to).
const WHOLE: &str = "proves_ref <> '' AND length(proves_ref) <= 18 AND substr(proves_ref, 1, 1) <> '0' \
    AND trim(proves_ref, '0123456789') = ''";

impl Store {
    /// Registers a document; the system and the record it proves must exist (and the record
    /// must be the system's). One change-log entry.
    pub fn add_evidence(&mut self, ctx: &WriteCtx, n: &NewEvidence) -> Result<i64, StoreError> {
        use crate::i18n::{Lang, msg::store::evidence as m};
        let refuse = |text: &dyn Fn(Lang) -> String| StoreError::Refused {
            vi: text(Lang::Vi),
            en: text(Lang::En),
        };
        let code = &n.system;
        let sys = self
            .system_by_code(code)?
            .ok_or_else(|| refuse(&|l| m::NoSystem { code }.text(l)))?;
        if let Some(p) = &n.proves {
            let owner: Option<Option<i64>> = match p {
                Proves::Step(id) => self.owner_of("dossier_step", *id)?,
                Proves::Assessment(id) => self.owner_of("assessment", *id)?,
                Proves::Incident(id) => self.owner_of("incident", *id)?,
                Proves::Report(key) => {
                    let (report, period) = key.split_once('/').unwrap_or((key, ""));
                    let found: Option<i64> = self
                        .db
                        .query_row(
                            "SELECT id FROM report_submission WHERE report = ?1 AND period = ?2",
                            params![report, period],
                            |r| r.get(0),
                        )
                        .optional()
                        .map_err(|e| map_sql(&self.path, e))?;
                    // a report concerns the unit, not one system
                    found.map(|_| Some(sys.id))
                }
            };
            match owner {
                None => {
                    return Err(refuse(&|l| m::NoRecord { record: p.label(l) }.text(l)));
                }
                Some(Some(o)) if o != sys.id => {
                    return Err(refuse(&|l| {
                        m::NotOfSystem {
                            record: p.label(l),
                            code,
                        }
                        .text(l)
                    }));
                }
                _ => {}
            }
        }
        let path = self.path.clone();
        let ev = Evidence {
            id: 0,
            system_id: sys.id,
            system_code: code.clone(),
            kind: n.kind,
            path: n.path.clone(),
            under_root: n.under_root,
            size: n.size,
            mtime: n.mtime.clone(),
            sha256: n.sha256.clone(),
            reference: n.reference.clone(),
            on: n.on,
            note: n.note.clone(),
            proves: n.proves.clone(),
            recorded_at: datetime_s(ctx.at),
        };
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let [proves, proves_ref] = proves_sql(ev.proves.as_ref());
            let lead = vec![Sql::Integer(sys.id), proves.clone(), proves_ref.clone()];
            let vals = EVIDENCE.values(&ev, lead);
            let sql = EVIDENCE.insert(&["system_id", "proves", "proves_ref"]);
            let id = tx.insert_id(&sql, &sql::refs(&vals)).map_err(e)?;
            let mut v = EVIDENCE.logged(&ev);
            for (k, x) in [("proves", proves), ("proves_ref", proves_ref)] {
                v.insert(
                    k.into(),
                    if let Sql::Text(t) = x {
                        t.into()
                    } else {
                        Value::Null
                    },
                );
            }
            let v = Value::Object(v);
            log.append(
                tx,
                "evidence",
                &format!("{}/evidence-{id}", n.system),
                "create",
                None,
                Some(&v),
            )
            .map_err(e)?;
            Ok(id)
        })
    }

    /// `Some(system id or None)` when the record exists.
    fn owner_of(&self, table: &str, id: i64) -> Result<Option<Option<i64>>, StoreError> {
        self.db
            .query_row(
                &format!("SELECT system_id FROM {table} WHERE id = ?1"),
                params![id],
                |r| r.get::<Option<i64>>(0),
            )
            .optional()
            .map_err(|e| map_sql(&self.path, e))
    }

    /// The register, by system code then id; only `system`'s documents when given.
    pub fn evidence(&self, system: Option<&str>) -> Result<Vec<Evidence>, StoreError> {
        let e = |e: sql::Error| map_sql(&self.path, e);
        let sql = format!(
            "SELECT {} FROM evidence e JOIN system s ON s.id = e.system_id \
             WHERE CAST(?1 AS TEXT) IS NULL OR (s.code = ?1 AND s.unit = '') ORDER BY s.unit, s.code, e.id",
            cols()
        );
        let mut st = self.db.prepare(&sql).map_err(e)?;
        let rows = st
            .query_map(params![system], row)
            .map_err(e)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(e)?;
        Ok(rows)
    }

    /// A system's documents, by id (the dashboard's detail; any unit).
    pub fn evidence_of(&self, system_id: i64) -> Result<Vec<Evidence>, StoreError> {
        let e = |e: sql::Error| map_sql(&self.path, e);
        let sql = format!(
            "SELECT {} FROM evidence e JOIN system s ON s.id = e.system_id \
             WHERE e.system_id = ?1 ORDER BY e.id",
            cols()
        );
        let mut st = self.db.prepare(&sql).map_err(e)?;
        let rows = st
            .query_map(params![system_id], row)
            .map_err(e)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(e)?;
        Ok(rows)
    }

    /// How many claims (dossier steps, assessments, incidents with a report sent, report
    /// submissions) no registered document proves: one query, for the Overview.
    pub fn evidence_gaps(&self) -> Result<i64, StoreError> {
        let tables = match self.db.engine() {
            sql::Engine::Sqlite => {
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'evidence'"
            }
            sql::Engine::Postgres => {
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'evidence' AND table_schema = current_schema()"
            }
        };
        let has_table: bool = self
            .db
            .query_row(tables, params![], |r| r.get::<i64>(0))
            .map_err(|e| map_sql(&self.path, e))?
            > 0;
        if !has_table {
            return Ok(0);
        }
        // steps and assessments are the big tables (500,000 assessments at 100,000 systems):
        // their gaps are "all rows less those a document proves", counted from the few
        // evidence rows by id, instead of testing every row against the register as text
        // (which cast every id: 31 ms on SQLite, 39 ms on PostgreSQL at that size)
        let unproven = |table: &str, proves: &str| {
            format!(
                "(SELECT count(*) FROM {table}) - (SELECT count(*) FROM {table} WHERE id IN \
                   (SELECT CAST(CASE WHEN {WHOLE} THEN proves_ref END AS BIGINT) \
                    FROM evidence WHERE proves = '{proves}'))"
            )
        };
        self.db
            .query_row(
                &format!(
                    "SELECT {} + {} + \
                 (SELECT count(*) FROM incident i WHERE EXISTS (SELECT 1 FROM incident_report r WHERE r.incident_id = i.id) \
                    AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.proves = 'incident' AND e.proves_ref = CAST(i.id AS TEXT))) + \
                 (SELECT count(*) FROM report_submission r WHERE NOT EXISTS \
                    (SELECT 1 FROM evidence e WHERE e.proves = 'report' AND e.proves_ref = r.report || '/' || r.period))",
                    unproven("dossier_step", "step"),
                    unproven("assessment", "assessment"),
                ),
                params![],
                |r| r.get(0),
            )
            .map_err(|e| map_sql(&self.path, e))
    }
}
