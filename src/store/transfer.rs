//! Moving a unit's data between the engines: a PostgreSQL store backed up to an SQLite file,
//! an SQLite backup restored into an empty PostgreSQL store.
//!
//! Both copy rows table by table, ids, stamps and change-log entries (numbers and hashes) as
//! they are, in one transaction on each side. A unit's rows keep their unit: in PostgreSQL the
//! session's own unit is `capdo_home()`, in SQLite it is '' (the local unit); other units stay
//! merged units. An SQLite store keys only systems (and what belongs to them) and the change
//! log by unit, so a province's backup holds its own projects, report submissions, custom
//! deadlines, calendar and profile, and of the other units their systems with their dossier
//! steps, assessments, incidents and evidence, and their change-log entries, each unit's
//! entries still one hash chain.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::Value;
use serde_json::json;

use super::backup::{
    BackupError, BackupSummary, RestoreSummary, Scratch, Why, create_scratch, put_in_place,
    refused, side, sync_dir,
};
use super::log::Logger;
use super::sql::{self, Db, TxMode, params};
use super::{Access, Store, StoreError, WriteCtx, map_sql};

/// The tables of an SQLite store, parents first: which rows of a PostgreSQL store go into a
/// backup (the rows this session reads; of the rows keyed by no system in SQLite, only its
/// own unit's), and their order.
const TABLES: &[(&str, &str, &str)] = &[
    ("system", "", "id"),
    (
        "dossier_step",
        "WHERE system_id IN (SELECT id FROM system)",
        "id",
    ),
    (
        "assessment",
        "WHERE system_id IN (SELECT id FROM system)",
        "id",
    ),
    (
        "incident",
        "WHERE system_id IN (SELECT id FROM system) OR (system_id IS NULL AND unit = '')",
        "id",
    ),
    (
        "incident_report",
        "WHERE incident_id IN (SELECT id FROM incident WHERE system_id IN (SELECT id FROM system) OR (system_id IS NULL AND unit = ''))",
        "incident_id, report",
    ),
    ("project", "WHERE unit = ''", "id"),
    ("report_submission", "WHERE unit = ''", "id"),
    (
        "custom_deadline",
        "WHERE (system_id IS NULL AND unit = '') OR system_id IN (SELECT id FROM system)",
        "id",
    ),
    ("calendar_day", "WHERE unit = ''", "on_date"),
    (
        "evidence",
        "WHERE system_id IN (SELECT id FROM system)",
        "id",
    ),
    ("change_log", "", "seq"),
];

/// The columns of `table` in the SQLite store `lite` (the ones both engines have).
fn columns(lite: &Db, table: &str) -> sql::Result<Vec<String>> {
    lite.collect(
        "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
        params![table],
        |r| r.get(0),
    )
}

/// Rows per INSERT statement: one round trip to the server for each batch instead of each
/// row (at most 25 columns × 200 rows = 5,000 parameters, well under both engines' limits).
const BATCH: usize = 200;

/// `INSERT INTO table (cols) VALUES (…), (…)` for `rows` rows. Going into PostgreSQL, a
/// `unit` of '' (the local unit) becomes the session's own.
fn insert_sql(to: &Db, table: &str, cols: &[String], rows: usize) -> String {
    let n = cols.len();
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let values: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let p = r * n + i + 1;
                    if c == "unit" && to.engine() == sql::Engine::Postgres {
                        format!("COALESCE(NULLIF(?{p}, ''), capdo_home())")
                    } else {
                        format!("?{p}")
                    }
                })
                .collect();
            format!("({})", values.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {}",
        cols.join(", "),
        tuples.join(", ")
    )
}

/// Copies the rows `SELECT cols FROM table filter ORDER BY order` of `from` into `to`, in
/// batches of [`BATCH`] rows.
fn copy_rows(
    from: &Db,
    to: &Db,
    table: &str,
    cols: &[String],
    filter: &str,
    order: &str,
) -> sql::Result<usize> {
    let full = insert_sql(to, table, cols, BATCH);
    let mut n = 0;
    let mut buf: Vec<Value> = Vec::with_capacity(cols.len() * BATCH);
    from.each(
        &format!(
            "SELECT {} FROM {table} {filter} ORDER BY {order}",
            cols.join(", ")
        ),
        params![],
        |r| {
            for i in 0..cols.len() {
                buf.push(r.get::<Value>(i)?);
            }
            n += 1;
            if buf.len() == cols.len() * BATCH {
                to.execute(&full, &sql::refs(&buf))?;
                buf.clear();
            }
            Ok(true)
        },
    )?;
    if !buf.is_empty() {
        let rows = buf.len() / cols.len().max(1);
        to.execute(&insert_sql(to, table, cols, rows), &sql::refs(&buf))?;
    }
    Ok(n)
}

/// Copies the session's own profile of `from` over the one of `to`.
fn copy_profile(from: &Db, to: &Db) -> sql::Result<()> {
    let own = |db: &Db| match db.engine() {
        sql::Engine::Postgres => "WHERE id = 1 AND unit = ''",
        sql::Engine::Sqlite => "WHERE id = 1",
    };
    // the profile's columns as stored (not through the record: nothing is reinterpreted)
    let n = super::tables::PROFILE.fields.len();
    let row: Vec<Value> = from.query_row(
        &format!(
            "SELECT {}, created_at FROM profile {}",
            super::tables::PROFILE.columns(&[]),
            own(from)
        ),
        params![],
        |r| (0..=n).map(|i| r.get::<Value>(i)).collect(),
    )?;
    to.execute(
        &format!(
            "UPDATE profile SET {}, created_at = ?{} {}",
            super::tables::PROFILE.set_all(1),
            n + 1,
            own(to)
        ),
        &sql::refs(&row),
    )?;
    Ok(())
}

/// Copies every table of `from` into `to` (profile first).
fn copy_all(from: &Db, to: &Db, lite: &Db) -> sql::Result<()> {
    copy_profile(from, to)?;
    let from_pg = from.engine() == sql::Engine::Postgres;
    for (table, filter, order) in TABLES {
        let cols = columns(lite, table)?;
        copy_rows(
            from,
            to,
            table,
            &cols,
            if from_pg { filter } else { "" },
            order,
        )?;
    }
    Ok(())
}

/// `capdo backup` of a PostgreSQL store: a new SQLite store at `dest` (0600 on Unix, one
/// self-contained file, put in place only once complete and checked) with what this role
/// can read as of one moment: its unit as the file's own, other units it reads (a province's)
/// as merged units.
pub fn backup_to_sqlite(
    store: &Store,
    dest: &Path,
    replace: bool,
) -> Result<BackupSummary, BackupError> {
    let out = |detail: String| BackupError::Output {
        path: dest.to_owned(),
        detail,
    };
    let (tmp, scratch) = super::backup::scratch_beside(dest, replace)?;
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    let dst = Store::open(&tmp, Access::ReadWrite, start).map_err(|e| out(e.to_string()))?;
    let src_err = |e: sql::Error| BackupError::Store(map_sql(&store.path, e));
    let dst_err = |e: sql::Error| out(e.to_string());
    {
        // one snapshot of the server: every table as of the same moment
        let stx = store.db.begin(TxMode::Deferred).map_err(src_err)?;
        stx.batch("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .map_err(src_err)?;
        let dtx = dst.db.begin(TxMode::Immediate).map_err(dst_err)?;
        copy_all(&stx, &dtx, &dst.db).map_err(|e| match e.pg_state() {
            Some(_) => src_err(e),
            None => dst_err(e),
        })?;
        dtx.commit().map_err(dst_err)?;
        stx.commit().map_err(src_err)?;
    }
    let check = dst.integrity_check().map_err(|e| out(e.to_string()))?;
    let conn = dst.conn().map_err(|e| out(e.to_string()))?;
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| out(e.to_string()))?;
    if check != "ok" || fk > 0 {
        return Err(out(format!(
            "integrity_check: {check}; {fk} broken foreign key(s)"
        )));
    }
    if let Err(v) = dst.verify().map_err(|e| out(e.to_string()))? {
        return Err(BackupError::Store(StoreError::Corrupt {
            path: store.path.clone(),
            detail: format!("change log entry #{}: {}", v.seq, v.reason),
        }));
    }
    let count = |t: &str| super::backup::count(conn, t).map_err(|e| out(e.to_string()));
    let (systems, log_entries) = (count("system")?, count("change_log")?);
    // one self-contained file: no -wal beside a backup
    conn.pragma_update(None, "journal_mode", "DELETE")
        .map_err(|e| out(e.to_string()))?;
    let Store { db, .. } = dst;
    if let Some(c) = db.into_lite() {
        c.close().map_err(|(_, e)| out(e.to_string()))?;
    }
    let bytes = put_in_place(&tmp, dest, replace)?;
    drop(scratch);
    sync_dir(dest);
    Ok(BackupSummary {
        systems,
        log_entries,
        bytes,
    })
}

/// A private copy of the SQLite file `src` (and its `-wal`) at `tmp`.
fn copy_source(src: &Path, tmp: &Path) -> Result<(), BackupError> {
    let unreadable = |e: std::io::Error| refused(src, Why::Unreadable(e.to_string()));
    let meta = std::fs::metadata(src).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(refused(src, Why::Unreadable("not a file".into())));
    }
    let mut head = [0u8; 16];
    let n = std::fs::File::open(src)
        .and_then(|mut f| f.read(&mut head))
        .map_err(unreadable)?;
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(refused(src, Why::NotCapdo));
    }
    let out = |e: std::io::Error| BackupError::Output {
        path: tmp.to_owned(),
        detail: e.to_string(),
    };
    let copy = |from: &Path, to: &Path| -> Result<(), BackupError> {
        let mut f = std::fs::File::open(from).map_err(unreadable)?;
        let mut t = create_scratch(to).map_err(out)?;
        std::io::copy(&mut f, &mut t).map_err(unreadable)?;
        Ok(())
    };
    copy(src, tmp)?;
    let wal = side(src, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.is_file() && m.len() > 0) {
        copy(&wal, &side(tmp, "-wal"))?;
    }
    Ok(())
}

/// The checked SQLite store a restore reads from: opened on a private copy (an older schema
/// migrated there), sound, its foreign keys and every unit's chain intact.
fn candidate(src: &Path, tmp: &Path, ctx: &WriteCtx) -> Result<(Store, Option<i64>), BackupError> {
    copy_source(src, tmp)?;
    let as_refusal = |e: StoreError| match e {
        StoreError::NotCapdo { .. } => refused(src, Why::NotCapdo),
        StoreError::TooNew { found, known, .. } => refused(src, Why::TooNew { found, known }),
        StoreError::Corrupt { detail, .. } => refused(src, Why::Corrupt(detail)),
        other => refused(src, Why::Corrupt(other.message(crate::i18n::Lang::En))),
    };
    super::inspect(tmp).map_err(as_refusal)?;
    let version: i64 = rusqlite::Connection::open(tmp)
        .and_then(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
        .map_err(|e| refused(src, Why::Corrupt(e.to_string())))?;
    let cand = Store::open(tmp, Access::ReadWrite, ctx.today).map_err(as_refusal)?;
    let check = cand.integrity_check().map_err(as_refusal)?;
    if check != "ok" {
        return Err(refused(src, Why::Corrupt(super::first_problem(&check))));
    }
    let fk: i64 = cand
        .conn()
        .map_err(as_refusal)?
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(|e| refused(src, Why::Corrupt(e.to_string())))?;
    if fk > 0 {
        return Err(refused(
            src,
            Why::Corrupt(format!("{fk} broken foreign key(s)")),
        ));
    }
    if let Err(v) = cand.verify().map_err(as_refusal)? {
        return Err(refused(
            src,
            Why::BrokenChain {
                seq: v.seq,
                reason: v.reason,
            },
        ));
    }
    Ok((cand, (version < super::schema::latest()).then_some(version)))
}

/// `capdo restore FILE` into the PostgreSQL store at `url`: the SQLite backup `src`, checked
/// on a private copy, goes in whole in one transaction, with one "restore" entry on the
/// session's chain. Only an empty PostgreSQL store is restored into: a server keeps no copy
/// of what a restore would replace beside it, so a store that holds data is refused.
pub fn restore_into_pg(
    url: &str,
    src: &Path,
    ctx: &WriteCtx,
) -> Result<RestoreSummary, BackupError> {
    let tmp = std::env::temp_dir().join(format!(".capdo-restore-{}.sqlite3", std::process::id()));
    let scratch = Scratch::new(&tmp);
    let (cand, migrated_from) = candidate(src, &tmp, ctx)?;
    let pg = Store::open_pg(url, Access::ReadWrite, ctx.today)?;
    let e = |e: sql::Error| BackupError::Store(map_sql(&pg.path, e));
    let tx = pg.db.begin(TxMode::Immediate).map_err(e)?;
    let (systems, entries, any) = Store::contents(&tx).map_err(e)?;
    if any {
        return Err(BackupError::NotEmpty {
            path: pg.path.clone(),
            systems,
            entries,
        });
    }
    copy_all(&cand.db, &tx, &cand.db).map_err(|x| match x.pg_state() {
        Some(_) => e(x),
        None => BackupError::Store(map_sql(&cand.path, x)),
    })?;
    let (systems, entries, _) = Store::contents(&tx).map_err(e)?;
    if let Err(v) = pg.verify()? {
        return Err(BackupError::Store(StoreError::Corrupt {
            path: pg.path.clone(),
            detail: format!("change log entry #{}: {}", v.seq, v.reason),
        }));
    }
    let mut log = Logger::start(&tx, ctx).map_err(e)?;
    let new = json!({
        "source": src.display().to_string(),
        "systems": systems,
        "log_entries": entries,
    });
    log.append(&tx, "store", "store", "restore", None, Some(&new))
        .map_err(e)?;
    tx.commit().map_err(e)?;
    drop(cand);
    drop(scratch);
    Ok(RestoreSummary {
        systems: systems as i64,
        log_entries: entries as i64 + 1,
        migrated_from,
        kept: None,
        replaced_damaged: false,
    })
}
