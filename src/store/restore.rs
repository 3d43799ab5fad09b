//! The whole store as raw rows, and putting them back: `dump` reads every table in one read
//! transaction; `restore` writes a dump into an empty store (or replaces everything) in one
//! transaction, keeping the change log's entries and hashes as they were, checks the chain,
//! and appends one "restore" entry on top.

use std::collections::HashMap;

use super::sql::{self, Optional, Tx, TxMode, Value as Sql, params};
use chrono::NaiveDate;
use serde_json::json;

use super::log::Logger;
use super::tables::{
    ASSESSMENTS, CALENDAR, CUSTOMS, EVIDENCE, INCIDENTS, PROJECTS, REPORTS, STEPS, Table,
};
use super::write::insert_system_row;
use super::{Access, Store, StoreError, WriteCtx, datetime_s, map_sql, parse_dt};
use crate::domain::*;
use crate::i18n::Lang;

/// A system named the way other records refer to it: unit (empty for the local unit) and code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SysRef {
    pub unit: String,
    pub code: String,
}

/// The profile row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileRow {
    pub profile: Profile,
    /// When the store was created (a date, as the first migration writes it).
    pub created_at: String,
}

/// A system row. `system.id` is ignored by `restore`: systems get fresh ids in dump order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemRow {
    pub system: System,
    pub created_at: String,
    pub updated_at: String,
}

/// A dossier step of a system; its id is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRow {
    pub id: i64,
    pub system: SysRef,
    pub state: DossierState,
    pub on: Option<NaiveDate>,
    pub reference: String,
    pub actor: String,
    pub note: String,
    pub recorded_at: String,
}

/// An assessment of a system; its id is kept (`system_id` is ignored by `restore`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentRow {
    pub system: SysRef,
    pub assessment: Assessment,
}

/// An incident; its id is kept (reports and the change log name incidents by id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncidentRow {
    pub system: Option<SysRef>,
    pub incident: Incident,
}

/// A custom deadline; its id is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomRow {
    pub system: Option<SysRef>,
    pub custom: CustomDeadline,
}

/// A day the officer added to the working-day calendar, with when it was added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarRow {
    pub day: CalendarDay,
    pub added_at: String,
}

/// A registered document and the system it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceRow {
    pub system: SysRef,
    pub evidence: crate::domain::evidence::Evidence,
}

/// A change-log row exactly as stored (`old` and `new` as their stored JSON text, which the
/// hash covers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawLogEntry {
    pub seq: i64,
    pub at: String,
    pub os_user: String,
    pub officer: String,
    pub entity: String,
    pub entity_key: String,
    pub action: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Every row of a store. Records without a natural key (dossier steps, assessments,
/// incidents, projects, custom deadlines) keep their ids; systems (keyed by unit and code) and
/// report submissions (by report and period) are renumbered in this order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dump {
    pub profile: ProfileRow,
    pub systems: Vec<SystemRow>,
    pub steps: Vec<StepRow>,
    pub assessments: Vec<AssessmentRow>,
    pub incidents: Vec<IncidentRow>,
    pub projects: Vec<Project>,
    pub reports: Vec<ReportSubmission>,
    pub customs: Vec<CustomRow>,
    /// The officer's working-day calendar days (empty in documents written before them).
    pub calendar: Vec<CalendarRow>,
    /// The evidence register (empty in files made before it existed, and in bundles).
    pub evidence: Vec<EvidenceRow>,
    pub log: Vec<RawLogEntry>,
}

/// How to restore.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RestoreMode {
    /// Replace whatever the store holds (change log included) instead of requiring it empty.
    pub replace: bool,
    /// Check everything, then roll back.
    pub dry_run: bool,
}

/// What a restore wrote (or would write).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RestoreSummary {
    pub systems: usize,
    pub steps: usize,
    pub assessments: usize,
    pub incidents: usize,
    pub projects: usize,
    pub reports: usize,
    pub customs: usize,
    pub calendar_days: usize,
    pub log_entries: usize,
    /// Records the store held before a `--replace` (systems and change-log entries).
    pub replaced_systems: usize,
    pub replaced_log_entries: usize,
}

/// Why a restore was refused. Nothing is written in any case.
#[derive(Debug)]
pub enum RestoreError {
    /// The store already holds data and `replace` was not asked for.
    NotEmpty {
        systems: usize,
        log_entries: usize,
    },
    /// The dump's change log does not chain (index into `Dump::log`, reason).
    BrokenChain {
        index: usize,
        seq: i64,
        reason: String,
    },
    /// A record names a system the dump does not hold.
    MissingSystem {
        what: &'static str,
        index: usize,
        system: SysRef,
    },
    Store(StoreError),
}

impl From<StoreError> for RestoreError {
    fn from(e: StoreError) -> Self {
        RestoreError::Store(e)
    }
}

impl RestoreError {
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::{count_of, msg::store as m};
        match (self, lang) {
            (
                RestoreError::NotEmpty {
                    systems,
                    log_entries,
                },
                _,
            ) => m::RestoreNotEmpty {
                systems: count_of(lang, *systems, m::RESTORE_SYSTEMS_ONE, m::RESTORE_SYSTEMS),
                entries: count_of(
                    lang,
                    *log_entries,
                    m::RESTORE_ENTRIES_ONE,
                    m::RESTORE_ENTRIES,
                ),
            }
            .text(lang),
            (RestoreError::BrokenChain { index, seq, reason }, _) => {
                m::RestoreBrokenChain { index, seq, reason }.text(lang)
            }
            (
                RestoreError::MissingSystem {
                    what,
                    index,
                    system,
                },
                _,
            ) => m::RestoreMissingSystem {
                what,
                index,
                code: &system.code,
                unit: &system.unit,
            }
            .text(lang),
            (RestoreError::Store(e), lang) => e.message(lang),
        }
    }
}

/// The tables a restore fills, children first (the order they are emptied in).
const TABLES: &[&str] = &[
    EVIDENCE.name,
    "incident_report",
    INCIDENTS.name,
    CUSTOMS.name,
    ASSESSMENTS.name,
    STEPS.name,
    "system",
    PROJECTS.name,
    REPORTS.name,
    CALENDAR.name,
];

/// `sql` limited on PostgreSQL to the rows of the session's own unit where `own` says which
/// (`unit = ''`, read there as the home unit): a province's session reads every unit's rows,
/// and a dump (an export, a bundle) holds one unit's records that no system keys.
fn mine(tx: &Tx<'_>, sql: &str, own: &str) -> String {
    match tx.engine() {
        sql::Engine::Postgres => sql.replacen(" ORDER BY", &format!(" WHERE {own} ORDER BY"), 1),
        sql::Engine::Sqlite => sql.to_owned(),
    }
}

/// Every row `sql` selects that `read` keeps (a row it answers `None` for is left out).
fn select_rows<T>(
    tx: &Tx<'_>,
    sql: &str,
    mut read: impl FnMut(&sql::Row) -> sql::Result<Option<T>>,
) -> sql::Result<Vec<T>> {
    let mut out = Vec::new();
    tx.each(sql, params![], |r| {
        out.extend(read(r)?);
        Ok(true)
    })?;
    Ok(out)
}

/// Every row of `t` (`SELECT lead…, fields… FROM t{rest}`, `rest` from a space), read by `read`
/// after the fields: `read` sets what is not a field, or answers `None` to leave the row out.
/// A row whose date or period the record must have is not understood is left out where the
/// table says so.
fn dump_table<R>(
    tx: &Tx<'_>,
    t: &Table<R>,
    (lead, rest): (&[&str], &str),
    mut read: impl FnMut(&sql::Row, &mut R) -> sql::Result<Option<()>>,
) -> sql::Result<Vec<R>> {
    let q = format!("SELECT {} FROM {}{rest}", t.columns(lead), t.name);
    select_rows(tx, &q, |r| {
        let mut x = (t.blank)();
        if !t.read_row(r, lead.len(), &mut x)? && t.skip_unread {
            return Ok(None);
        }
        Ok(read(r, &mut x)?.map(|()| x))
    })
}

/// Every row of dossier steps, by system.
fn dump_steps(tx: &Tx<'_>, sref: &dyn Fn(i64) -> Option<SysRef>) -> sql::Result<Vec<StepRow>> {
    let order = " ORDER BY system_id, id";
    dump_table(tx, &STEPS, (&["id", "system_id"], order), |r, s| {
        s.id = r.get(0)?;
        Ok(sref(r.get(1)?).map(|system| s.system = system))
    })
}

/// Every row of assessments, by system and date.
fn dump_assessments(
    tx: &Tx<'_>,
    sref: &dyn Fn(i64) -> Option<SysRef>,
) -> sql::Result<Vec<AssessmentRow>> {
    let mut systems = Vec::new();
    let order = " ORDER BY system_id, completed_on, id";
    let rows = dump_table(tx, &ASSESSMENTS, (&["id", "system_id"], order), |r, a| {
        a.id = r.get(0)?;
        a.system_id = r.get(1)?;
        Ok(sref(a.system_id).map(|system| systems.push(system)))
    })?;
    Ok(systems
        .into_iter()
        .zip(rows)
        .map(|(system, assessment)| AssessmentRow { system, assessment })
        .collect())
}

/// Every row of incidents with the reports sent.
fn dump_incidents(
    tx: &Tx<'_>,
    sref: &dyn Fn(i64) -> Option<SysRef>,
) -> sql::Result<Vec<IncidentRow>> {
    let rest = mine(tx, " ORDER BY id", "system_id IS NOT NULL OR unit = ''");
    let rows = dump_table(tx, &INCIDENTS, (&["id", "system_id"], &rest), |r, i| {
        i.id = r.get(0)?;
        i.system_id = r.get(1)?;
        Ok(Some(()))
    })?;
    let mut incidents: Vec<IncidentRow> = rows
        .into_iter()
        .map(|incident| IncidentRow {
            system: incident.system_id.and_then(sref),
            incident,
        })
        .collect();
    {
        tx.each(
            "SELECT incident_id, report, sent_at, recipients FROM incident_report ORDER BY incident_id, sent_at, report",
            params![],
            |r| {
            let id: i64 = r.get(0)?;
            if let Ok(i) = incidents.binary_search_by_key(&id, |x| x.incident.id) {
                incidents[i].incident.reports.push(SentReport {
                    report: r.get(1)?,
                    sent_at: parse_dt(r.get(2)?).unwrap_or(chrono::NaiveDateTime::MIN),
                    recipients: r.get(3)?,
                });
            }
            Ok(true)
        })?;
    }
    Ok(incidents)
}

/// Every row of projects.
fn dump_projects(tx: &Tx<'_>) -> sql::Result<Vec<Project>> {
    let rest = mine(tx, " ORDER BY id", "unit = ''");
    dump_table(tx, &PROJECTS, (&["id"], &rest), |r, p| {
        p.id = r.get(0)?;
        Ok(Some(()))
    })
}

/// Every row of report submissions (a row whose period or date is not understood left out).
fn dump_reports(tx: &Tx<'_>) -> sql::Result<Vec<ReportSubmission>> {
    let rest = mine(tx, " ORDER BY id", "unit = ''");
    dump_table(tx, &REPORTS, (&["id"], &rest), |r, x| {
        x.id = r.get(0)?;
        Ok(Some(()))
    })
}

/// Every row of custom deadlines.
fn dump_customs(tx: &Tx<'_>, sref: &dyn Fn(i64) -> Option<SysRef>) -> sql::Result<Vec<CustomRow>> {
    let rest = mine(tx, " ORDER BY id", "system_id IS NOT NULL OR unit = ''");
    let rows = dump_table(tx, &CUSTOMS, (&["id", "system_id"], &rest), |r, c| {
        c.id = r.get(0)?;
        c.system_id = r.get(1)?;
        Ok(Some(()))
    })?;
    Ok(rows
        .into_iter()
        .map(|custom| CustomRow {
            system: custom.system_id.and_then(sref),
            custom,
        })
        .collect())
}

/// Every row of the officer's calendar days (a row whose date is not understood left out).
fn dump_calendar(tx: &Tx<'_>) -> sql::Result<Vec<CalendarRow>> {
    let rest = mine(tx, " ORDER BY on_date", "unit = ''");
    dump_table(tx, &CALENDAR, (&[], &rest), |_, _| Ok(Some(())))
}

/// Every row of the change log, in order.
fn dump_log(tx: &Tx<'_>) -> sql::Result<Vec<RawLogEntry>> {
    select_rows(
        tx,
        // one chain: the session's own unit's
        &mine(
            tx,
            "SELECT seq, at, os_user, officer, entity, entity_key, action, old, new, prev_hash, hash FROM change_log ORDER BY seq",
            "unit = ''",
        ),
        |r| {
            Ok(Some(RawLogEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                os_user: r.get(2)?,
                officer: r.get(3)?,
                entity: r.get(4)?,
                entity_key: r.get(5)?,
                action: r.get(6)?,
                old: r.get(7)?,
                new: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
            }))
        },
    )
}

/// Finds the id a restored system got, for the record `what[index]`.
type Lookup<'a> = dyn Fn(&'static str, usize, &SysRef) -> Result<i64, RestoreError> + 'a;

/// Inserts `rows` into `t`: each one's `lead` values (its id, its system's new id, …) under
/// the `lead` columns, then its fields.
fn insert_rows<'r, R: 'r>(
    tx: &Tx<'_>,
    t: &Table<R>,
    lead: &[&str],
    rows: impl IntoIterator<Item = (Vec<Sql>, &'r R)>,
    e: &dyn Fn(sql::Error) -> RestoreError,
) -> Result<(), RestoreError> {
    let mut st = tx.prepare(&t.insert(lead)).map_err(e)?;
    for (lead, r) in rows {
        st.execute(&sql::refs(&t.values(r, lead))).map_err(e)?;
    }
    Ok(())
}

/// The new id of each record's system, or the refusal naming the first that has none.
fn system_ids<'r, T>(
    what: &'static str,
    rows: &'r [T],
    system: impl Fn(&T) -> Option<&SysRef>,
    lookup: &Lookup,
) -> Result<Vec<(Sql, &'r T)>, RestoreError> {
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            let id = match system(row) {
                Some(r) => Sql::Integer(lookup(what, i, r)?),
                None => Sql::Null,
            };
            Ok((id, row))
        })
        .collect()
}

/// Writes the dossier_step rows of `dump`.
fn restore_steps(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
    lookup: &Lookup,
) -> Result<(), RestoreError> {
    let rows = system_ids("dossier_steps", &dump.steps, |s| Some(&s.system), lookup)?;
    let rows = rows
        .into_iter()
        .map(|(sys, s)| (vec![Sql::Integer(s.id), sys], s));
    insert_rows(tx, &STEPS, &["id", "system_id"], rows, e)
}

/// Writes the assessment rows of `dump`.
fn restore_assessments(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
    lookup: &Lookup,
) -> Result<(), RestoreError> {
    let rows = system_ids(
        "assessments",
        &dump.assessments,
        |a| Some(&a.system),
        lookup,
    )?;
    let rows = rows.into_iter().map(|(sys, a)| {
        let x = &a.assessment;
        (vec![Sql::Integer(x.id), sys], x)
    });
    insert_rows(tx, &ASSESSMENTS, &["id", "system_id"], rows, e)
}

/// Writes the incident rows of `dump`, with the reports sent.
fn restore_incidents(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
    lookup: &Lookup,
) -> Result<(), RestoreError> {
    let rows = system_ids("incidents", &dump.incidents, |r| r.system.as_ref(), lookup)?;
    let rows = rows.into_iter().map(|(sys, r)| {
        let x = &r.incident;
        (vec![Sql::Integer(x.id), sys], x)
    });
    insert_rows(tx, &INCIDENTS, &["id", "system_id"], rows, e)?;
    let mut sent = tx
        .prepare(
            "INSERT INTO incident_report (incident_id, report, sent_at, recipients) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(e)?;
    for x in dump.incidents.iter().map(|r| &r.incident) {
        for r in &x.reports {
            sent.execute(params![x.id, r.report, datetime_s(r.sent_at), r.recipients])
                .map_err(e)?;
        }
    }
    Ok(())
}

/// Writes the project rows of `dump`.
fn restore_projects(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
) -> Result<(), RestoreError> {
    let rows = dump.projects.iter().map(|p| (vec![Sql::Integer(p.id)], p));
    insert_rows(tx, &PROJECTS, &["id"], rows, e)
}

/// Writes the report_submission rows of `dump` (renumbered).
fn restore_reports(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
) -> Result<(), RestoreError> {
    insert_rows(
        tx,
        &REPORTS,
        &[],
        dump.reports.iter().map(|r| (vec![], r)),
        e,
    )
}

/// Writes the custom_deadline rows of `dump`.
fn restore_customs(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
    lookup: &Lookup,
) -> Result<(), RestoreError> {
    let rows = system_ids(
        "custom_deadlines",
        &dump.customs,
        |r| r.system.as_ref(),
        lookup,
    )?;
    let rows = rows.into_iter().map(|(sys, r)| {
        let c = &r.custom;
        (vec![Sql::Integer(c.id), sys], c)
    });
    insert_rows(tx, &CUSTOMS, &["id", "system_id"], rows, e)
}

/// Writes the calendar_day rows of `dump`.
fn restore_calendar(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
) -> Result<(), RestoreError> {
    insert_rows(
        tx,
        &CALENDAR,
        &[],
        dump.calendar.iter().map(|c| (vec![], c)),
        e,
    )
}

/// Writes the evidence rows of `dump`.
fn restore_evidence(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
    lookup: &Lookup,
) -> Result<(), RestoreError> {
    let rows = system_ids("evidence", &dump.evidence, |r| Some(&r.system), lookup)?;
    let rows = rows.into_iter().map(|(sys, r)| {
        let x = &r.evidence;
        let [proves, proves_ref] = super::evidence::proves_sql(x.proves.as_ref());
        (vec![Sql::Integer(x.id), sys, proves, proves_ref], x)
    });
    let lead = ["id", "system_id", "proves", "proves_ref"];
    insert_rows(tx, &EVIDENCE, &lead, rows, e)
}

/// Writes the change_log rows of `dump`.
fn restore_log(
    tx: &Tx<'_>,
    dump: &Dump,
    e: &dyn Fn(sql::Error) -> RestoreError,
) -> Result<(), RestoreError> {
    let mut st = tx
        .prepare(
            "INSERT INTO change_log (seq, at, os_user, officer, entity, entity_key, action, old, new, prev_hash, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .map_err(e)?;
    for l in &dump.log {
        st.execute(params![
            l.seq,
            l.at,
            l.os_user,
            l.officer,
            l.entity,
            l.entity_key,
            l.action,
            l.old,
            l.new,
            l.prev_hash,
            l.hash
        ])
        .map_err(e)?;
    }
    Ok(())
}

/// Empties every table, the change log too: its append-only triggers are lifted for this
/// one transaction and put back exactly as the schema defines them.
fn clear_all(tx: &Tx<'_>) -> sql::Result<()> {
    for t in TABLES {
        tx.execute(&format!("DELETE FROM {t}"), params![])?;
    }
    // the log is append-only through its triggers: lift them for this one
    // transaction, exactly as the schema defines them
    let triggers: Vec<(String, String)> = {
        let mut st = tx
            .prepare(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'change_log' AND sql IS NOT NULL",
            )?;
        st.query_map(params![], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    for (name, _) in &triggers {
        tx.batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
    }
    tx.execute("DELETE FROM change_log", params![])?;
    for (_, sql) in &triggers {
        tx.batch(sql)?;
    }
    Ok(())
}

/// Writes the unit's profile.
fn restore_profile(tx: &Tx<'_>, p: &ProfileRow) -> sql::Result<()> {
    let n = super::tables::PROFILE.fields.len();
    let mut values = super::tables::PROFILE.values(&p.profile, vec![]);
    values.push(Sql::Text(p.created_at.clone()));
    tx.execute(
        &super::tables::profile_update(&format!(", created_at = ?{}", n + 1), ""),
        &sql::refs(&values),
    )?;
    Ok(())
}

impl Store {
    /// Every row of the store, read in one transaction (a consistent snapshot).
    pub fn dump(&self) -> Result<Dump, StoreError> {
        let e = |e: sql::Error| map_sql(&self.path, e);
        let tx = self.db.begin(TxMode::Deferred).map_err(e)?;
        let profile = tx
            .query_row(
                // a profile per unit on PostgreSQL (an owner's session reads them all)
                &super::tables::profile_select(
                    ", created_at",
                    match tx.engine() {
                        sql::Engine::Postgres => " AND unit = ''",
                        sql::Engine::Sqlite => "",
                    },
                ),
                params![],
                |r| {
                    Ok(ProfileRow {
                        profile: super::tables::read_profile(r)?,
                        created_at: r.get(super::tables::PROFILE.fields.len())?,
                    })
                },
            )
            .map_err(e)?;

        let mut systems = Vec::new();
        let mut refs: HashMap<i64, SysRef> = HashMap::new();
        {
            // the fields of `store::tables::SYSTEMS`, then the store's own two stamps
            let n = super::tables::SYSTEMS.fields.len();
            tx.each(
                &format!(
                    "SELECT {}, created_at, updated_at FROM system ORDER BY id",
                    super::read::system_cols()
                ),
                params![],
                |r| {
                    let s = super::read::system_row(r)?;
                    refs.insert(
                        s.id,
                        SysRef {
                            unit: s.unit.clone(),
                            code: s.code.clone(),
                        },
                    );
                    systems.push(SystemRow {
                        system: s,
                        created_at: r.get(n + 1)?,
                        updated_at: r.get(n + 2)?,
                    });
                    Ok(true)
                },
            )
            .map_err(e)?;
        }
        // a row whose system is gone cannot happen with foreign keys on; skip it if it does
        let sref = |id: i64| refs.get(&id).cloned();

        let steps = dump_steps(&tx, &sref).map_err(e)?;

        let assessments = dump_assessments(&tx, &sref).map_err(e)?;

        let incidents = dump_incidents(&tx, &sref).map_err(e)?;

        let projects = dump_projects(&tx).map_err(e)?;

        let reports = dump_reports(&tx).map_err(e)?;

        let customs = dump_customs(&tx, &sref).map_err(e)?;

        let calendar = dump_calendar(&tx).map_err(e)?;

        let mut evidence = Vec::new();
        for e in self.evidence(None)? {
            if let Some(system) = sref(e.system_id) {
                evidence.push(EvidenceRow {
                    system,
                    evidence: e,
                });
            }
        }

        let log = dump_log(&tx).map_err(e)?;
        tx.commit().map_err(e)?;
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

    /// Systems and change-log entries in the store (a store with neither, and nothing else,
    /// is empty).
    pub(super) fn contents(tx: &Tx<'_>) -> sql::Result<(usize, usize, bool)> {
        let count = |t: &str| -> sql::Result<i64> {
            tx.query_row(&format!("SELECT COUNT(*) FROM {t}"), params![], |r| {
                r.get(0)
            })
        };
        let systems = count("system")?;
        let log = count("change_log")?;
        let mut any = systems > 0 || log > 0;
        for t in TABLES {
            any = any || count(t)? > 0;
        }
        Ok((systems.max(0) as usize, log.max(0) as usize, any))
    }

    /// Writes `dump` into the store in one transaction. The store must be empty unless
    /// `mode.replace`; the dump's change log must chain intact. One "restore" entry is
    /// appended to the restored log. Nothing is written on any error (or with `dry_run`).
    pub fn restore(
        &mut self,
        ctx: &WriteCtx,
        dump: &Dump,
        source: &str,
        mode: RestoreMode,
    ) -> Result<RestoreSummary, RestoreError> {
        if self.access == Access::ReadOnly {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }
            .into());
        }
        let path = self.path.clone();
        let e = |e: sql::Error| RestoreError::Store(map_sql(&path, e));
        // `new_unchecked` borrows the connection shared, so `verify` can read it mid-transaction
        let tx = self.db.begin(TxMode::Immediate).map_err(e)?;
        self.check_before_write().map_err(RestoreError::Store)?;
        let mut sum = RestoreSummary::default();

        let (systems, log_entries, any) = Self::contents(&tx).map_err(e)?;
        let mut replaced = None;
        if any {
            if !mode.replace {
                return Err(RestoreError::NotEmpty {
                    systems,
                    log_entries,
                });
            }
            let last: Option<String> = tx
                .query_row(
                    "SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1",
                    params![],
                    |r| r.get(0),
                )
                .optional()
                .map_err(e)?;
            replaced = Some((systems, log_entries, last));
            sum.replaced_systems = systems;
            sum.replaced_log_entries = log_entries;
            clear_all(&tx).map_err(e)?;
        }

        restore_profile(&tx, &dump.profile).map_err(e)?;

        let mut ids: HashMap<SysRef, i64> = HashMap::with_capacity(dump.systems.len());
        {
            for row in &dump.systems {
                let s = &row.system;
                let id = insert_system_row(&tx, s, &row.created_at, &row.updated_at).map_err(e)?;
                ids.insert(
                    SysRef {
                        unit: s.unit.clone(),
                        code: s.code.clone(),
                    },
                    id,
                );
            }
            sum.systems = dump.systems.len();
        }
        let lookup = |what: &'static str, index: usize, r: &SysRef| {
            ids.get(r)
                .copied()
                .ok_or_else(|| RestoreError::MissingSystem {
                    what,
                    index,
                    system: r.clone(),
                })
        };

        restore_steps(&tx, dump, &e, &lookup)?;
        sum.steps = dump.steps.len();
        restore_assessments(&tx, dump, &e, &lookup)?;
        sum.assessments = dump.assessments.len();
        restore_incidents(&tx, dump, &e, &lookup)?;
        sum.incidents = dump.incidents.len();
        restore_projects(&tx, dump, &e)?;
        sum.projects = dump.projects.len();
        restore_reports(&tx, dump, &e)?;
        sum.reports = dump.reports.len();
        restore_customs(&tx, dump, &e, &lookup)?;
        sum.customs = dump.customs.len();
        restore_calendar(&tx, dump, &e)?;
        sum.calendar_days = dump.calendar.len();
        restore_evidence(&tx, dump, &e, &lookup)?;
        restore_log(&tx, dump, &e)?;
        sum.log_entries = dump.log.len();

        // the restored log must be the chain it was: same entries, same hashes
        if let Err(v) = self.verify()? {
            let index = dump.log.iter().position(|l| l.seq == v.seq).unwrap_or(0);
            return Err(RestoreError::BrokenChain {
                index,
                seq: v.seq,
                reason: v.reason,
            });
        }

        let mut logger = Logger::start(&tx, ctx).map_err(e)?;
        let old: Option<serde_json::Value> = replaced.map(|(systems, entries, last)| {
            json!({"systems": systems, "log_entries": entries, "last_hash": last})
        });
        let new = json!({
            "source": source,
            "systems": sum.systems,
            "dossier_steps": sum.steps,
            "assessments": sum.assessments,
            "incidents": sum.incidents,
            "projects": sum.projects,
            "report_submissions": sum.reports,
            "custom_deadlines": sum.customs,
            "calendar_days": sum.calendar_days,
            "log_entries": sum.log_entries,
        });
        // restoring into an empty store recreates the exported store exactly (export →
        // import → export is identical); replacing existing data is itself a change and is
        // logged, with what it replaced
        if old.is_some() {
            logger
                .append(&tx, "store", "store", "restore", old.as_ref(), Some(&new))
                .map_err(e)?;
        }

        if mode.dry_run {
            tx.rollback().map_err(e)?;
        } else {
            tx.commit().map_err(e)?;
        }
        Ok(sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> WriteCtx {
        WriteCtx::test_at(9, 0)
    }

    fn sample() -> Store {
        let c = ctx();
        let mut s = Store::in_memory(c.today).expect("store");
        crate::sample::load(&mut s, &c).expect("sample");
        s
    }

    #[test]
    fn dump_restore_dump_is_identical() {
        let a = sample();
        let d1 = a.dump().expect("dump");
        assert!(!d1.log.is_empty());
        assert_eq!(d1.systems.len(), 16);
        let mut b = Store::in_memory(ctx().today).expect("store");
        let sum = b
            .restore(&ctx(), &d1, "test", RestoreMode::default())
            .expect("restore");
        assert_eq!(sum.systems, 16);
        let d2 = b.dump().expect("dump");
        assert_eq!(d1, d2);
        assert_eq!(b.verify().expect("verify"), Ok(d1.log.len() as i64));
        // the data reads back the same through the ordinary loaders
        let (x, y) = (
            a.load(crate::store::Scope::Full).expect("load"),
            b.load(crate::store::Scope::Full).expect("load"),
        );
        assert_eq!(x, y);
    }

    #[test]
    fn refuses_a_non_empty_store_and_replaces_on_request() {
        let d = sample().dump().expect("dump");
        let mut b = sample();
        let before = b.dump().expect("dump");
        match b.restore(&ctx(), &d, "t", RestoreMode::default()) {
            Err(RestoreError::NotEmpty { systems: 16, .. }) => {}
            other => panic!("expected NotEmpty, got {other:?}"),
        }
        assert_eq!(b.dump().expect("dump"), before);
        // dry run changes nothing
        b.restore(
            &ctx(),
            &d,
            "t",
            RestoreMode {
                replace: true,
                dry_run: true,
            },
        )
        .expect("dry run");
        assert_eq!(b.dump().expect("dump"), before);
        let sum = b
            .restore(
                &ctx(),
                &d,
                "t",
                RestoreMode {
                    replace: true,
                    dry_run: false,
                },
            )
            .expect("replace");
        assert_eq!(sum.replaced_systems, 16);
        assert_eq!(b.verify().expect("verify"), Ok(d.log.len() as i64 + 1));
        // the append-only triggers are back
        assert!(b.db().execute("DELETE FROM change_log", params![]).is_err());
    }

    #[test]
    fn a_tampered_log_is_refused_and_nothing_written() {
        let mut d = sample().dump().expect("dump");
        d.log[3].officer.push('x');
        let mut b = Store::in_memory(ctx().today).expect("store");
        match b.restore(&ctx(), &d, "t", RestoreMode::default()) {
            Err(RestoreError::BrokenChain {
                index: 3, seq: 4, ..
            }) => {}
            other => panic!("expected BrokenChain, got {other:?}"),
        }
        let after = b.dump().expect("dump");
        assert!(after.systems.is_empty() && after.log.is_empty());
    }

    #[test]
    fn a_dangling_system_reference_is_refused() {
        let mut d = sample().dump().expect("dump");
        d.assessments[0].system.code = "NOPE".into();
        let mut b = Store::in_memory(ctx().today).expect("store");
        assert!(matches!(
            b.restore(&ctx(), &d, "t", RestoreMode::default()),
            Err(RestoreError::MissingSystem {
                what: "assessments",
                index: 0,
                ..
            })
        ));
        assert!(b.dump().expect("dump").systems.is_empty());
    }
}
