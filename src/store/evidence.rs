//! The evidence register in SQLite: adding a document (logged like every write) and reading
//! the register back.

use super::sql::{self, Optional, params};
use serde_json::json;

use super::{Store, StoreError, WriteCtx, date_s, datetime_s, map_sql, parse_d};
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

const COLS: &str = "e.id, e.system_id, s.code, s.unit, e.kind, e.path, e.under_root, e.size, e.mtime, \
    e.sha256, e.reference, e.on_date, e.note, e.proves, e.proves_ref, e.recorded_at";

fn row(r: &sql::Row) -> sql::Result<Evidence> {
    let unit: String = r.get(3)?;
    let code: String = r.get(2)?;
    let proves: Option<String> = r.get(13)?;
    let proves_ref: Option<String> = r.get(14)?;
    Ok(Evidence {
        id: r.get(0)?,
        system_id: r.get(1)?,
        system_code: if unit.is_empty() {
            code
        } else {
            format!("{unit}/{code}")
        },
        kind: EvidenceKind::from_key(&r.get::<String>(4)?).unwrap_or(EvidenceKind::Other),
        path: r.get(5)?,
        under_root: r.get::<i64>(6)? != 0,
        size: r.get::<i64>(7)?.max(0) as u64,
        mtime: r.get(8)?,
        sha256: r.get(9)?,
        reference: r.get(10)?,
        on: parse_d(r.get(11)?),
        note: r.get(12)?,
        proves: match (proves, proves_ref) {
            (Some(w), Some(x)) => Proves::from_key(&w, &x),
            _ => None,
        },
        recorded_at: r.get(15)?,
    })
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
        let (proves, proves_ref) = match &n.proves {
            Some(p) => {
                let (w, r) = p.key();
                (Some(w), Some(r))
            }
            None => (None, None),
        };
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let id = tx.insert_id(
                "INSERT INTO evidence (system_id, kind, path, under_root, size, mtime, sha256, reference, on_date, note, proves, proves_ref, recorded_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    sys.id,
                    n.kind.key(),
                    n.path,
                    n.under_root as i64,
                    n.size as i64,
                    n.mtime,
                    n.sha256,
                    n.reference,
                    n.on.map(date_s),
                    n.note,
                    proves,
                    proves_ref,
                    datetime_s(ctx.at)
                ],
            )
            .map_err(e)?;
            let v = json!({
                "kind": n.kind.key(),
                "path": n.path,
                "under_root": n.under_root,
                "size": n.size,
                "mtime": n.mtime,
                "sha256": n.sha256,
                "reference": n.reference,
                "on": n.on.map(date_s),
                "note": n.note,
                "proves": proves,
                "proves_ref": proves_ref,
            });
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
            "SELECT {COLS} FROM evidence e JOIN system s ON s.id = e.system_id \
             WHERE CAST(?1 AS TEXT) IS NULL OR (s.code = ?1 AND s.unit = '') ORDER BY s.unit, s.code, e.id"
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
            "SELECT {COLS} FROM evidence e JOIN system s ON s.id = e.system_id \
             WHERE e.system_id = ?1 ORDER BY e.id"
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
        // (which cast every id: 31 ms on SQLite, 38 ms on PostgreSQL at that size)
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
