//! Store tests on real SQLite files (in temporary directories) and in memory.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;

use super::testdb::{Place, both_engines};
use super::*;
use crate::domain::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 29);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

fn ctx() -> WriteCtx {
    WriteCtx::test_at(10, 0)
}

fn patch(code: &str, name: &str, level: u8) -> SystemPatch {
    SystemPatch::new(code)
        .with("name", |s| s.name = name.into())
        .with("level", |s| s.level = Level::new(i64::from(level)))
}

fn tmp() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("capdo.sqlite3");
    (dir, path)
}

fn open(path: &Path) -> Result<Store, StoreError> {
    Store::open(path, Access::ReadWrite, today())
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .db()
        .query_row(&format!("SELECT count(*) FROM {table}"), params![], |r| {
            r.get(0)
        })
        .unwrap()
}

fn codes(store: &Store) -> Vec<String> {
    store
        .systems()
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect()
}

/// A store on disk holding two systems, an assessment, a project and a profile change; closed.
fn populated(path: &Path) {
    let mut s = open(path).unwrap();
    let mut a = patch("A", "Alpha", 3);
    a = a.with("dossier_status", |s| s.dossier = DossierState::Approved);
    a = a.with("approved_on", |s| s.approved_on = Some(d(2025, 6, 1)));
    a = a.with("last_assessed_on", |s| {
        s.last_assessed_on = Some(d(2025, 12, 1))
    });
    s.import_systems(&ctx(), &[a, patch("B", "Beta", 2)], "test.csv", false)
        .unwrap();
    s.add_project(
        &ctx(),
        &Project {
            id: 0,
            year: 2026,
            name: "P".into(),
            total_budget: 100,
            security_budget: 15,
            notes: String::new(),
        },
    )
    .unwrap();
    let mut p = s.profile().unwrap();
    p.unit_name = "UBND xã Thử".into();
    s.set_profile(&ctx(), &p).unwrap();
}

/// The file's length and digest, and whether SQLite side files exist next to it.
fn snapshot(path: &Path) -> (usize, String, bool, bool) {
    use sha2::{Digest, Sha256};
    let side = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p).exists()
    };
    let bytes = std::fs::read(path).unwrap();
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (bytes.len(), digest, side("-wal"), side("-shm"))
}

// ------------------------------------------------------------ creation

// SQLite only: a file and its directories' permissions.
#[test]
fn the_first_open_creates_the_file_and_its_directories() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("capdo").join("capdo.sqlite3");
    assert!(!path.exists());
    let store = open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(store.path(), path);
    assert_eq!(store.access(), Access::ReadWrite);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600, "store file");
        assert_eq!(mode(&dir.path().join("data")), 0o700, "created parent");
        assert_eq!(mode(&dir.path().join("data/capdo")), 0o700, "created dir");
    }
}

#[cfg(unix)]
// SQLite only: file permissions.
#[test]
fn an_existing_directory_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().join("capdo.sqlite3");
    open(&path).unwrap();
    let mode = std::fs::metadata(dir.path()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o755);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

both_engines!(a_new_store_is_migrated_and_keeps_its_keys);
fn a_new_store_is_migrated_and_keeps_its_keys(at: Place) {
    let store = open(at.path()).unwrap();
    assert_eq!(store.user_version().unwrap(), schema::latest());
    assert_eq!(store.profile().unwrap().tracking_start, today());
    // foreign keys are enforced
    let e = store.db().execute(
        "INSERT INTO assessment (system_id, completed_on) VALUES (999, '2026-01-01')",
        params![],
    );
    assert!(e.is_err(), "{e:?}");
    // and opening again migrates nothing twice
    drop(store);
    let store = open(at.path()).unwrap();
    assert_eq!(store.user_version().unwrap(), schema::latest());
}

/// SQLite only: its pragmas, journal mode and integrity check.
#[test]
fn migrations_and_pragmas() {
    let (_dir, path) = tmp();
    let store = open(&path).unwrap();
    let pragma = |name: &str| -> i64 {
        store
            .conn()
            .unwrap()
            .pragma_query_value(None, name, |r| r.get(0))
            .unwrap()
    };
    assert_eq!(pragma("user_version"), schema::latest());
    assert!(schema::latest() >= 1);
    assert_eq!(pragma("application_id"), schema::APPLICATION_ID);
    assert_eq!(pragma("foreign_keys"), 1);
    assert_eq!(pragma("busy_timeout"), BUSY_TIMEOUT_MS as i64);
    let mode: String = store
        .conn()
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // the tracking start is the reference date of creation
    assert_eq!(store.profile().unwrap().tracking_start, today());
    // foreign keys are enforced
    let e = store.db().execute(
        "INSERT INTO assessment (system_id, completed_on) VALUES (999, '2026-01-01')",
        params![],
    );
    assert!(e.is_err(), "{e:?}");
}

both_engines!(reopening_keeps_the_data_and_the_tracking_start);
fn reopening_keeps_the_data_and_the_tracking_start(at: Place) {
    let path = at.path();
    populated(path);
    let later = d(2027, 3, 1);
    let store = Store::open(path, Access::ReadWrite, later).unwrap();
    assert_eq!(codes(&store), vec!["A", "B"]);
    let p = store.profile().unwrap();
    assert_eq!(p.tracking_start, today());
    assert_eq!(p.unit_name, "UBND xã Thử");
    let a = store.system_by_code("A").unwrap().unwrap();
    assert_eq!(a.level, Level::new(3));
    assert_eq!(a.dossier, DossierState::Approved);
    assert_eq!(a.approved_on, Some(d(2025, 6, 1)));
    assert_eq!(a.last_assessed_on, Some(d(2025, 12, 1)));
    let data = store.load(Scope::Full).unwrap();
    assert_eq!(data.assessments.len(), 1);
    assert_eq!(data.projects.len(), 1);
    assert_eq!(
        data.steps.len(),
        1,
        "the approval is recorded as a dossier step"
    );
    assert_eq!(data.steps[0].state, DossierState::Approved);
    assert_eq!(store.user_version().unwrap(), schema::latest());
}

// SQLite only: an empty file.
#[test]
fn an_empty_file_becomes_a_store() {
    let (_dir, path) = tmp();
    std::fs::write(&path, b"").unwrap();
    let store = open(&path).unwrap();
    assert_eq!(store.profile().unwrap().tracking_start, today());
}

// SQLite only: a file's pragmas (PostgreSQL counts migrations in capdo_schema).
#[test]
fn a_capdo_file_at_schema_zero_is_migrated_forward() {
    let (_dir, path) = tmp();
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
    }
    // not yet migrated: refused read-only, file untouched
    let before = snapshot(&path);
    let e = Store::open(&path, Access::ReadOnly, today()).unwrap_err();
    assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
    assert_eq!(snapshot(&path).1, before.1);
    let store = open(&path).unwrap();
    let v: i64 = store
        .conn()
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::latest());
    assert!(codes(&store).is_empty());
}

// SQLite only: the in-memory store of --demo.
#[test]
fn in_memory_store() {
    let store = Store::in_memory(today()).unwrap();
    assert_eq!(store.path(), Path::new(":memory:"));
    assert_eq!(store.profile().unwrap().tracking_start, today());
    assert!(store.load(Scope::Full).unwrap().systems.is_empty());
}

// ------------------------------------------------------ refusing files

/// Opening `path` must fail with an error `check` accepts, in both access modes, without
/// changing the file or leaving SQLite side files behind.
fn refused(path: &Path, check: impl Fn(&StoreError) -> bool) {
    let before = snapshot(path);
    for access in [Access::ReadWrite, Access::ReadOnly] {
        let e = Store::open(path, access, today()).unwrap_err();
        assert!(check(&e), "{access:?}: {e:?}");
        // the message names the file, in both languages
        for lang in [crate::i18n::Lang::Vi, crate::i18n::Lang::En] {
            assert!(
                e.message(lang).contains(&path.display().to_string()),
                "{}",
                e.message(lang)
            );
        }
        assert_eq!(snapshot(path), before, "{access:?} changed the file");
    }
}

// SQLite only (to the end of this section): files that are not capdo stores, left as they were.
#[test]
fn refuses_a_foreign_sqlite_database() {
    let (_dir, path) = tmp();
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT);
             INSERT INTO accounts (name) VALUES ('keep me');",
        )
        .unwrap();
    }
    refused(&path, |e| matches!(e, StoreError::NotCapdo { .. }));
    // still the other program's data
    let c = Connection::open(&path).unwrap();
    let name: String = c
        .query_row("SELECT name FROM accounts", params![], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "keep me");
}

#[test]
fn refuses_a_text_file() {
    let (_dir, path) = tmp();
    std::fs::write(&path, "Mã hệ thống,Tên hệ thống\nA,Alpha\n".repeat(50)).unwrap();
    refused(&path, |e| matches!(e, StoreError::NotCapdo { .. }));
    // shorter than an SQLite header
    std::fs::write(&path, b"hello").unwrap();
    refused(&path, |e| matches!(e, StoreError::NotCapdo { .. }));
}

#[test]
fn refuses_a_truncated_store() {
    let (_dir, path) = tmp();
    populated(&path);
    {
        // make the file span several pages
        let mut s = open(&path).unwrap();
        let many: Vec<SystemPatch> = (0..400)
            .map(|i| patch(&format!("S{i:04}"), &"x".repeat(200), 2))
            .collect();
        s.import_systems(&ctx(), &many, "bulk", false).unwrap();
    }
    let full = std::fs::read(&path).unwrap();
    assert!(full.len() > 8 * 4096, "{}", full.len());
    std::fs::write(&path, &full[..full.len() / 2]).unwrap();
    refused(&path, |e| matches!(e, StoreError::Corrupt { .. }));
}

#[test]
fn refuses_a_damaged_store() {
    let (_dir, path) = tmp();
    populated(&path);
    let mut bytes = std::fs::read(&path).unwrap();
    // the page size from the file header (bytes 16–17, big-endian; 1 means 65,536)
    let page = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => usize::from(n),
    };
    assert!(
        bytes.len() >= 3 * page,
        "{} bytes, pages of {page}",
        bytes.len()
    );
    // overwrite the second page (a table's b-tree page) with garbage
    for (i, b) in bytes[page..2 * page].iter_mut().enumerate() {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&path, &bytes).unwrap();
    // opening reads only the header and schema (a full check costs a read of every page);
    // the damage surfaces on the first read of the data, as the same error, and the file is
    // left as it was
    let before = snapshot(&path);
    for access in [Access::ReadWrite, Access::ReadOnly] {
        let e = Store::open(&path, access, today())
            .and_then(|s| s.load(Scope::Full).map(|_| ()))
            .unwrap_err();
        assert!(matches!(e, StoreError::Corrupt { .. }), "{access:?}: {e:?}");
        assert!(
            e.message(crate::i18n::Lang::Vi)
                .contains(&path.display().to_string())
        );
        let after = snapshot(&path);
        assert_eq!(
            (after.0, &after.1),
            (before.0, &before.1),
            "{access:?} changed the file"
        );
        // a read-only look at a WAL database may leave SQLite's empty side files
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        assert!(std::fs::metadata(&wal).map_or(true, |m| m.len() == 0));
    }

    // a valid magic string followed by a garbage header
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..5000).map(|i| (i * 13 % 256) as u8));
    std::fs::write(&path, &bytes).unwrap();
    refused(&path, |e| {
        matches!(e, StoreError::Corrupt { .. } | StoreError::NotCapdo { .. })
    });
}

#[test]
fn refuses_a_store_from_a_newer_capdo() {
    let (_dir, path) = tmp();
    populated(&path);
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", schema::latest() + 1)
            .unwrap();
    }
    let newer = schema::latest() + 1;
    refused(
        &path,
        |e| matches!(e, StoreError::TooNew { found, known, .. } if *found == newer && *known == schema::latest()),
    );
}

both_engines!(a_store_from_a_newer_capdo_is_refused);
fn a_store_from_a_newer_capdo_is_refused(at: Place) {
    populated(at.path());
    let newer = schema::latest() + 1;
    let store = open(at.path()).unwrap();
    match store.engine() {
        sql::Engine::Sqlite => store
            .conn()
            .unwrap()
            .pragma_update(None, "user_version", newer)
            .unwrap(),
        sql::Engine::Postgres => {
            store
                .db()
                .execute(
                    "INSERT INTO capdo_schema (version) VALUES (?1)",
                    params![newer],
                )
                .unwrap();
        }
    }
    drop(store);
    // PostgreSQL: a read-only open of a newer store is let through (Store::open_pg, in
    // store/mod.rs, refuses only an older schema there); read-write refuses it on both
    let accesses: &[Access] = match at.is_postgres() {
        false => &[Access::ReadWrite, Access::ReadOnly],
        true => &[Access::ReadWrite],
    };
    for &access in accesses {
        let e = Store::open(at.path(), access, today()).unwrap_err();
        assert!(
            matches!(e, StoreError::TooNew { found, known, .. } if found == newer && known == schema::latest()),
            "{access:?}: {e:?}"
        );
    }
}

// ---------------------------------------------------------------- imports

both_engines!(import_is_all_or_nothing);
fn import_is_all_or_nothing(at: Place) {
    let path = at.path();
    populated(path);
    let mut store = open(path).unwrap();
    let log_before = count(&store, "change_log");
    let assessments_before = count(&store, "assessment");
    let a_before = store.system_by_code("A").unwrap().unwrap();
    // the third patch repeats a new code: the UNIQUE constraint fails mid-transaction
    let mut a = patch("A", "Alpha renamed", 4);
    a = a.with("last_assessed_on", |s| {
        s.last_assessed_on = Some(d(2026, 6, 1))
    });
    let batch = vec![a, patch("C", "Gamma", 1), patch("C", "Gamma again", 1)];
    let e = store.import_systems(&ctx(), &batch, "bad.csv", false);
    assert!(e.is_err(), "{e:?}");
    assert_eq!(codes(&store), vec!["A", "B"]);
    assert_eq!(store.system_by_code("A").unwrap().unwrap(), a_before);
    assert_eq!(count(&store, "change_log"), log_before);
    assert_eq!(count(&store, "assessment"), assessments_before);
    assert_eq!(store.verify().unwrap(), Ok(log_before));
    // and the store still takes a good import afterwards
    let sum = store
        .import_systems(&ctx(), &[patch("C", "Gamma", 1)], "good.csv", false)
        .unwrap();
    assert_eq!(sum.created, 1);
}

both_engines!(a_dry_run_writes_nothing);
fn a_dry_run_writes_nothing(at: Place) {
    let path = at.path();
    populated(path);
    let mut store = open(path).unwrap();
    let before = store.load(Scope::Full).unwrap();
    let log_before = count(&store, "change_log");
    let steps_before = count(&store, "dossier_step");
    let mut a = patch("A", "Alpha renamed", 4);
    a = a.with("last_assessed_on", |s| {
        s.last_assessed_on = Some(d(2026, 6, 1))
    });
    let mut c = patch("C", "Gamma", 1);
    c = c.with("dossier_status", |s| s.dossier = DossierState::Approved);
    c = c.with("approved_on", |s| s.approved_on = Some(d(2026, 1, 5)));
    let sum = store
        .import_systems(&ctx(), &[a, c, patch("B", "Beta", 2)], "x.csv", true)
        .unwrap();
    assert_eq!(
        sum,
        ImportSummary {
            created: 1,
            updated: 1,
            unchanged: 1,
            assessments_added: 1
        }
    );
    assert_eq!(store.load(Scope::Full).unwrap(), before);
    assert_eq!(count(&store, "change_log"), log_before);
    assert_eq!(count(&store, "dossier_step"), steps_before);
    drop(store);
    // and nothing appears after reopening either
    let store = open(path).unwrap();
    assert_eq!(store.load(Scope::Full).unwrap(), before);
}

both_engines!(upsert_by_code_logs_each_change_once);
fn upsert_by_code_logs_each_change_once(at: Place) {
    let path = at.path();
    let mut store = open(path).unwrap();
    let mut a = patch("A", "Alpha", 2);
    a = a.with("owner", |s| s.owner = "UBND xã".into());
    a = a.with("last_assessed_on", |s| {
        s.last_assessed_on = Some(d(2025, 5, 1))
    });
    let sum = store
        .import_systems(&ctx(), std::slice::from_ref(&a), "1.csv", false)
        .unwrap();
    assert_eq!((sum.created, sum.assessments_added), (1, 1));
    // the same file again changes nothing and logs nothing
    let n = count(&store, "change_log");
    let sum = store.import_systems(&ctx(), &[a], "1.csv", false).unwrap();
    assert_eq!((sum.unchanged, sum.assessments_added), (1, 0));
    assert_eq!(count(&store, "change_log"), n);
    // a patch without the owner leaves it alone
    let sum = store
        .import_systems(&ctx(), &[patch("A", "Alpha", 3)], "2.csv", false)
        .unwrap();
    assert_eq!(sum.updated, 1);
    let s = store.system_by_code("A").unwrap().unwrap();
    assert_eq!((s.level, s.owner.as_str()), (Level::new(3), "UBND xã"));
    let log = store.log(&LogFilter::default()).unwrap();
    let last = log.last().unwrap();
    assert_eq!(
        (
            last.entity.as_str(),
            last.entity_key.as_str(),
            last.action.as_str()
        ),
        ("system", "A", "update")
    );
    assert_eq!(last.old, Some(serde_json::json!({"level": 2})));
    assert_eq!(last.new, Some(serde_json::json!({"level": 3})));
    assert_eq!(last.os_user, "tester");
}

// ---------------------------------------------------------- the change log

both_engines!(the_change_log_chain_verifies_and_detects_edits);
fn the_change_log_chain_verifies_and_detects_edits(at: Place) {
    let path = at.path();
    populated(path);
    let mut store = open(path).unwrap();
    store
        .add_assessment(
            &ctx(),
            "B",
            &Assessment {
                id: 0,
                system_id: 0,
                completed_on: d(2026, 10, 1),
                kind: AssessmentKind::Periodic,
                assessor: "Trung tâm".into(),
                result: AssessmentResult::Pass,
                findings: 0,
                notes: String::new(),
            },
        )
        .unwrap();
    let log = store.log(&LogFilter::default()).unwrap();
    let n = log.len() as i64;
    assert!(n >= 5, "{n}");
    assert_eq!(
        log.iter().map(|e| e.seq).collect::<Vec<_>>(),
        (1..=n).collect::<Vec<_>>()
    );
    assert_eq!(store.verify().unwrap(), Ok(n));
    // entries about one system
    let b = store
        .log(&LogFilter {
            system: Some("B".into()),
        })
        .unwrap();
    assert_eq!(b.len(), 2, "{b:?}");

    // the triggers refuse edits made through SQL
    let c = store.db();
    assert!(
        c.execute(
            "UPDATE change_log SET officer = 'x' WHERE seq = 2",
            params![]
        )
        .is_err()
    );
    assert!(
        c.execute("DELETE FROM change_log WHERE seq = 2", params![])
            .is_err()
    );
    assert_eq!(store.verify().unwrap(), Ok(n));

    // behind the program's back: the chain breaks at the edited entry
    unguard_log(&store);
    c.batch("UPDATE change_log SET new = '{\"name\":\"Forged\"}' WHERE seq = 2")
        .unwrap();
    let broken = store.verify().unwrap().unwrap_err();
    assert_eq!(broken.seq, 2, "{broken:?}");
    drop(store);
    // still reported after reopening
    let store = open(path).unwrap();
    assert_eq!(store.verify().unwrap().unwrap_err().seq, 2);
}

/// Drops the triggers that refuse edits of the change log (SQLite has one per statement,
/// PostgreSQL one for both), as someone with the file or the superuser's password could.
fn unguard_log(store: &Store) {
    let sql = match store.engine() {
        sql::Engine::Sqlite => {
            "DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;"
        }
        sql::Engine::Postgres => "DROP TRIGGER change_log_no_update ON change_log",
    };
    store.db().batch(sql).unwrap();
}

both_engines!(a_deleted_entry_is_detected, a_rehashed_entry_is_detected);
fn a_deleted_entry_is_detected(at: Place) {
    populated(at.path());
    let store = open(at.path()).unwrap();
    let n = count(&store, "change_log");
    assert!(n >= 3);
    unguard_log(&store);
    store
        .db()
        .execute("DELETE FROM change_log WHERE seq = 2", params![])
        .unwrap();
    let e = store.verify().unwrap().unwrap_err();
    assert_eq!(e.seq, 3, "{e:?}");
}

/// An entry whose own hash was recomputed still breaks the link to the next one.
fn a_rehashed_entry_is_detected(at: Place) {
    populated(at.path());
    let store = open(at.path()).unwrap();
    unguard_log(&store);
    store
        .db()
        .execute(
            "UPDATE change_log SET hash = '1111111111111111111111111111111111111111111111111111111111111111' WHERE seq = 1",
            params![],
        )
        .unwrap();
    assert_eq!(store.verify().unwrap().unwrap_err().seq, 1);
}

both_engines!(two_writers_at_once_keep_one_chain);
/// Two connections writing at the same time: every write lands and the log stays one chain
/// (SQLite serialises them on its file lock, PostgreSQL on a lock of the unit's profile row).
fn two_writers_at_once_keep_one_chain(at: Place) {
    drop(open(at.path()).unwrap());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = at.path().to_owned();
            std::thread::spawn(move || {
                let mut s = open(&path).unwrap();
                for i in 0..20 {
                    let p = patch(&format!("W{w}-{i:02}"), "x", 2);
                    s.import_systems(&ctx(), &[p], "t.csv", false).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = open(at.path()).unwrap();
    assert_eq!(codes(&store).len(), 40);
    let n = count(&store, "change_log");
    assert_eq!(n, 40);
    assert_eq!(store.verify().unwrap(), Ok(n));
}

both_engines!(a_save_prepared_before_another_sessions_save_is_refused);
/// Two officers edit one system: the second save was prepared on the record as it was before
/// the first one committed. Inside its transaction it finds the record changed and writes
/// nothing (the dashboard then shows what changed); prepared on the record as it is now, it
/// goes in.
fn a_save_prepared_before_another_sessions_save_is_refused(at: Place) {
    let mut a = open(at.path()).unwrap();
    a.import_systems(&ctx(), &[patch("A", "Cổng thông tin", 2)], "t.csv", false)
        .unwrap();
    let mut b = open(at.path()).unwrap();
    let seen = b.system_by_code("A").unwrap().unwrap();
    // officer A saves first
    let mut first = SystemPatch::new("A").with("owner", |s| s.owner = "Văn phòng UBND".into());
    first.opened = Some(Box::new(seen.clone()));
    a.patch_system(&ctx(), &first, "update").unwrap();
    // officer B's save, prepared on what B saw before that
    let mut second = SystemPatch::new("A").with("owner", |s| s.owner = "UBND xã".into());
    second.opened = Some(Box::new(seen));
    let log = count(&b, "change_log");
    let err = b.patch_system(&ctx(), &second, "update").unwrap_err();
    let text = err.message(crate::i18n::Lang::En);
    assert!(text.contains("was just saved elsewhere"), "{text}");
    assert_eq!(count(&b, "change_log"), log, "nothing written");
    let now = b.system_by_code("A").unwrap().unwrap();
    assert_eq!(now.owner, "Văn phòng UBND");
    // prepared again on the record as it is now: saved
    let mut again = second;
    again.opened = Some(Box::new(now));
    b.patch_system(&ctx(), &again, "update").unwrap();
    assert_eq!(b.system_by_code("A").unwrap().unwrap().owner, "UBND xã");
    assert_eq!(b.verify().unwrap(), Ok(count(&b, "change_log")));
}

// -------------------------------------------------------------- read-only

both_engines!(read_only_access_refuses_writes);
fn read_only_access_refuses_writes(at: Place) {
    let path = at.path();
    populated(path);
    let before = {
        let s = open(path).unwrap();
        s.load(Scope::Full).unwrap()
    };
    let mut store = Store::open(path, Access::ReadOnly, today()).unwrap();
    assert_eq!(store.access(), Access::ReadOnly);
    assert_eq!(store.load(Scope::Full).unwrap(), before);
    assert_eq!(store.verify().unwrap(), Ok(before_log_len(&store)));
    let e = store
        .import_systems(&ctx(), &[patch("Z", "Zeta", 1)], "z.csv", false)
        .unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    let mut p = store.profile().unwrap();
    p.officer = "someone".into();
    let e = store.set_profile(&ctx(), &p).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    // not even raw SQL gets through
    assert!(store.db().execute("DELETE FROM system", params![]).is_err());
    drop(store);
    let s = open(path).unwrap();
    assert_eq!(s.load(Scope::Full).unwrap(), before);
}

fn before_log_len(store: &Store) -> i64 {
    count(store, "change_log")
}

both_engines!(read_only_refuses_a_store_not_yet_made);
/// A read-only open of a missing file or an empty database is refused and creates nothing.
fn read_only_refuses_a_store_not_yet_made(at: Place) {
    let e = Store::open(at.path(), Access::ReadOnly, today()).unwrap_err();
    assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
    if at.is_postgres() {
        let url = at.path().to_str().unwrap();
        let mut c = pg::connect(url).unwrap();
        let tables: i64 = c
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(tables, 0);
    } else {
        assert!(!at.path().exists());
    }
}

// SQLite only: a file and its directory.
#[test]
fn read_only_never_creates_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("capdo.sqlite3");
    let e = Store::open(&path, Access::ReadOnly, today()).unwrap_err();
    assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
    assert!(!path.exists());
    assert!(!dir.path().join("sub").exists());
}

both_engines!(lean_load_plus_fill_text_equals_the_full_load);
fn lean_load_plus_fill_text_equals_the_full_load(at: Place) {
    let ctx = ctx();
    let mut store = open(at.path()).unwrap();
    crate::sample::load(&mut store, &ctx).unwrap();
    let full = store.load(Scope::Rules).unwrap();
    let mut lean = store.load(Scope::Deadlines).unwrap();
    assert!(
        lean.systems
            .iter()
            .all(|s| s.owner.is_empty() && s.notes.is_empty())
    );
    assert_ne!(lean.systems, full.systems);
    store.fill_text(&mut lean.systems).unwrap();
    assert_eq!(lean, full);
    // a subset (one unit's systems) is filled by id
    let mut some: Vec<_> = store
        .load(Scope::Deadlines)
        .unwrap()
        .systems
        .into_iter()
        .skip(3)
        .step_by(2)
        .collect();
    store.fill_text(&mut some).unwrap();
    for s in &some {
        assert_eq!(Some(s), full.systems.iter().find(|f| f.id == s.id));
    }
}

#[test]
fn dates_are_written_as_chrono_writes_them_and_read_back() {
    let mut d = NaiveDate::from_ymd_opt(-5, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(10_003, 1, 1).unwrap();
    while d < end {
        let s = super::date_s(d);
        assert_eq!(s, d.format("%Y-%m-%d").to_string());
        assert_eq!(super::iso_date(&s), Some(d), "{s}");
        d = d + chrono::Days::new(13);
    }
}

#[test]
fn a_new_system_is_logged_as_its_json_object_would_print() {
    use super::write::{object, system_fields, system_json};
    let store = crate::sample::demo_store(&ctx()).unwrap();
    let mut systems = store.load(Scope::Full).unwrap().systems;
    let mut odd = System::new("Q\"1\\x", "tab\there \u{1b}[2J \u{7f}\u{9b} «Cổng» \u{0}");
    odd.notes = "line\nbreak\r\n".into();
    odd.level = Level::new(5);
    odd.approved_on = NaiveDate::from_ymd_opt(2024, 2, 29);
    systems.push(odd);
    systems.push(System::new("", ""));
    for s in &systems {
        assert_eq!(
            system_json(s),
            object(system_fields(s)).to_string(),
            "{}",
            s.code
        );
    }
}

both_engines!(a_new_system_is_logged_in_one_shape_whichever_way_it_came);
fn a_new_system_is_logged_in_one_shape_whichever_way_it_came(at: Place) {
    let mut store = open(at.path()).unwrap();
    let mut s = System::new("F", "Từ biểu mẫu");
    s.level = Level::new(2);
    let added = store.create_system(&ctx(), &s).unwrap();
    store
        .import_systems(&ctx(), &[patch("I", "Từ tệp", 2)], "t.csv", false)
        .unwrap();
    let log = store.log(&LogFilter::default()).unwrap();
    let created: Vec<&LogEntry> = log
        .iter()
        .filter(|e| e.entity == "system" && e.action == "create")
        .collect();
    assert_eq!(created.len(), 2);
    let keys = |e: &LogEntry| -> Vec<String> {
        e.new
            .as_ref()
            .and_then(|v| v.as_object())
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut want: Vec<String> = system_fields(&s)
        .into_iter()
        .map(|(k, _)| k.to_owned())
        .collect();
    want.sort();
    assert_eq!(keys(created[0]), want);
    assert_eq!(keys(created[1]), want);
    // and undo still takes a form's addition back
    store.undo(&ctx(), &added).unwrap();
    assert_eq!(codes(&store), vec!["I".to_owned()]);
}

/// The sample commune, an evidence file and a calendar day written to both engines read back
/// the same: dataset, evidence, calendar, and the change log entry for entry (hashes included:
/// the same entries chain to the same hashes).
#[test]
fn the_same_writes_read_the_same_on_both_engines() {
    let Some(pg) = Place::postgres() else { return };
    let lite = Place::sqlite();
    let read = |at: &Place| {
        let ctx = ctx();
        let mut store = open(at.path()).unwrap();
        crate::sample::load(&mut store, &ctx).unwrap();
        let code = codes(&store)[0].clone();
        let n = NewEvidence {
            system: code,
            kind: crate::domain::evidence::EvidenceKind::Decision,
            path: "hồ sơ/QĐ 15.pdf".into(),
            under_root: true,
            size: 12_345,
            mtime: Some("2026-11-01T08:00:00".into()),
            sha256: "ab".repeat(32),
            reference: "15/QĐ-UBND".into(),
            on: Some(d(2026, 10, 20)),
            note: "bản scan".into(),
            proves: None,
        };
        store.add_evidence(&ctx, &n).unwrap();
        let day = CalendarDay {
            date: d(2026, 12, 26),
            working: true,
            note: "làm bù".into(),
        };
        assert!(!store.set_calendar_day(&ctx, &day).unwrap());
        assert!(store.set_calendar_day(&ctx, &day).unwrap());
        let mut out: Vec<(String, String)> = Vec::new();
        let mut put = |what: &str, v: String| out.push((what.to_owned(), v));
        put("dataset", format!("{:?}", store.load(Scope::Full).unwrap()));
        put("evidence", format!("{:?}", store.evidence(None).unwrap()));
        put("gaps", format!("{:?}", store.evidence_gaps().unwrap()));
        put("calendar", format!("{:?}", store.calendar_days().unwrap()));
        put("units", format!("{:?}", store.unit_names().unwrap()));
        put("integrity", store.integrity_check().unwrap());
        let mut each = Vec::new();
        store
            .each_system(|s| {
                each.push(format!("{s:?}"));
                true
            })
            .unwrap();
        put("each_system", each.join("\n"));
        for s in store.systems().unwrap() {
            let id = s.id;
            put(
                &format!("steps of {}", s.code),
                format!("{:?}", store.steps_of(id).unwrap()),
            );
            put(
                &format!("assessments of {}", s.code),
                format!("{:?}", store.assessments_of(id).unwrap()),
            );
            put(
                &format!("evidence of {}", s.code),
                format!("{:?}", store.evidence_of(id).unwrap()),
            );
            put(
                &format!("evidence {}", s.code),
                format!("{:?}", store.evidence(Some(&s.code)).unwrap()),
            );
            let log = store
                .log(&LogFilter {
                    system: Some(s.code.clone()),
                })
                .unwrap();
            put(&format!("log of {}", s.code), format!("{log:?}"));
        }
        let cutoff = [
            d(2024, 11, 29),
            d(2024, 11, 29),
            d(2025, 11, 29),
            d(2025, 11, 29),
            d(2026, 5, 29),
        ];
        for before in [NaiveDate::MIN, d(2026, 1, 1)] {
            let p = store.profile().unwrap();
            let urgent = store.load_urgent(p, today(), &cutoff, before).unwrap();
            put(&format!("urgent {before}"), format!("{urgent:?}"));
        }
        for e in store.log(&LogFilter::default()).unwrap() {
            put(&format!("log #{}", e.seq), format!("{e:?}"));
        }
        put("verify", format!("{:?}", store.verify().unwrap()));
        out
    };
    let (a, b) = (read(&lite), read(&pg));
    assert_eq!(a.len(), b.len());
    for ((what, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, y, "{what}");
    }
}

both_engines!(evidence_gaps_count_each_claim_no_document_proves);
/// The Overview's count of claims without a document starts as the register's list of claims
/// (`domain::evidence::claims`), on either engine; a second document for the same step counts
/// once, an assessment's document counts for it alone, and a document that proves nothing
/// changes nothing.
fn evidence_gaps_count_each_claim_no_document_proves(at: Place) {
    use crate::domain::evidence::{EvidenceKind, Proves};
    let ctx = ctx();
    let mut store = open(at.path()).unwrap();
    crate::sample::load(&mut store, &ctx).unwrap();
    let claims = |store: &Store| {
        let data = store.load(Scope::Full).unwrap();
        crate::domain::evidence::claims(&data, crate::i18n::Lang::Vi).len() as i64
    };
    let before = store.evidence_gaps().unwrap();
    assert_eq!(before, claims(&store));
    let data = store.load(Scope::Full).unwrap();
    let code_of = |id: i64| {
        data.systems
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.code.clone())
            .unwrap()
    };
    let step = &data.steps[1];
    let assessment = &data.assessments[0];
    let mut add = |system: String, proves: Option<Proves>, n: u8| {
        let e = NewEvidence {
            system,
            kind: EvidenceKind::Decision,
            path: format!("/x/{n}.pdf"),
            under_root: false,
            size: 1,
            mtime: None,
            sha256: format!("{n:02}").repeat(32),
            reference: String::new(),
            on: None,
            note: String::new(),
            proves,
        };
        store.add_evidence(&ctx, &e).unwrap();
    };
    add(code_of(step.system_id), Some(Proves::Step(step.id)), 1);
    add(code_of(step.system_id), Some(Proves::Step(step.id)), 2);
    add(
        code_of(assessment.system_id),
        Some(Proves::Assessment(assessment.id)),
        3,
    );
    add(code_of(step.system_id), None, 4);
    assert_eq!(store.evidence_gaps().unwrap(), before - 2);
    // a reference that is not an id as capdo writes it proves nothing (and is never cast:
    // PostgreSQL refuses to cast such text)
    let other_step = data.steps[2].id;
    for odd in [
        format!("0{other_step}"),
        format!("{other_step} "),
        "x".to_owned(),
        String::new(),
        "123456789012345678901".to_owned(),
    ] {
        store
            .db()
            .execute(
                "INSERT INTO evidence (system_id, kind, path, size, sha256, proves, proves_ref, recorded_at) \
                 VALUES (?1, 'other', '/x/odd.pdf', 1, 'ab', 'step', ?2, '2026-11-29T08:00:00')",
                params![step.system_id, odd],
            )
            .unwrap();
    }
    assert_eq!(store.evidence_gaps().unwrap(), before - 2);
}

both_engines!(a_date_is_valid_alike_on_both_engines);
/// `length(x) = 10 AND date(x) IS x`, the test of a stored date the urgent query and the
/// partial index `system_odd` state, holds for the same texts on both engines (SQLite's
/// `date`, PostgreSQL's `capdo_date`): exactly the calendar dates written `YYYY-MM-DD`.
fn a_date_is_valid_alike_on_both_engines(at: Place) {
    let store = open(at.path()).unwrap();
    let texts = [
        "2026-11-29",
        "2024-02-29",
        "2026-02-29",
        "1900-02-29",
        "2000-02-29",
        "2100-02-28",
        "2026-04-30",
        "2026-04-31",
        "2026-06-31",
        "2026-09-31",
        "2026-11-31",
        "2026-12-31",
        "2026-01-32",
        "2026-13-01",
        "2026-00-10",
        "2026-11-00",
        "0001-01-01",
        "9999-12-31",
        "2026/11/29",
        "29-11-2026",
        "2026-11-2x",
        "abcdefghij",
        "2026-1-01",
        "",
        "2026-11-29T08",
    ];
    for t in texts {
        let valid: bool = store
            .db()
            .query_row(
                "SELECT length(CAST(?1 AS TEXT)) = 10 AND date(CAST(?1 AS TEXT)) IS CAST(?1 AS TEXT)",
                params![t],
                |r| r.get(0),
            )
            .unwrap();
        let calendar = t.len() == 10
            && NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .is_ok_and(|d| d.format("%Y-%m-%d").to_string() == t);
        assert_eq!(valid, calendar, "{t}");
    }
}

both_engines!(a_lean_row_reads_each_unusual_value);
/// The lean read sets the usual values of seven columns without reading them; a system that
/// differs in any one of them (or in several) is read as the full read reads it.
fn a_lean_row_reads_each_unusual_value(at: Place) {
    let store = open(at.path()).unwrap();
    let unusual = [
        "",
        "relation = 'used'",
        "dossier_state = 'submitted'",
        "plan_status = 'partial'",
        "unit = 'Phường Khác'",
        "approved_level = 2",
        "under_investment = 1",
        "decommissioned_on = '2026-01-31'",
        "relation = 'used', plan_status = 'none', decommissioned_on = 'khi nào'",
    ];
    for (i, set) in unusual.iter().enumerate() {
        store
            .db()
            .execute(
                "INSERT INTO system (code, name, relation, level, dossier_state, dossier_since, \
                 approved_on, plan_status, go_live_on, last_assessed_on, created_at, updated_at) \
                 VALUES (?1, ?1, 'owned', 3, 'approved', '2025-01-02', '2025-02-03', 'full', \
                 '2025-03-04', '2026-04-05', '2026-11-29T08:00:00', '2026-11-29T08:00:00')",
                params![format!("HT-{i}")],
            )
            .unwrap();
        if !set.is_empty() {
            store
                .db()
                .execute(
                    &format!("UPDATE system SET {set} WHERE code = ?1"),
                    params![format!("HT-{i}")],
                )
                .unwrap();
        }
    }
    let full = store.load(Scope::Rules).unwrap().systems;
    let mut lean = store.load(Scope::Deadlines).unwrap().systems;
    store.fill_text(&mut lean).unwrap();
    assert_eq!(lean.len(), unusual.len());
    assert_eq!(lean, full);
}

#[test]
fn a_text_the_schema_cannot_hold_is_a_damaged_store_not_an_empty_text() {
    // a blob where an assessment's assessor (TEXT NOT NULL) should be: only a damaged or
    // hand-edited file has one; it read as "" (and would have been exported so) once the
    // records read their texts without allocating
    let (_dir, path) = tmp();
    let mut s = open(&path).unwrap();
    crate::sample::load(&mut s, &ctx()).unwrap();
    drop(s);
    let c = Connection::open(&path).unwrap();
    c.execute("UPDATE assessment SET assessor = x'00ff'", [])
        .unwrap();
    drop(c);
    let s = open(&path).unwrap();
    match s.load(Scope::Full) {
        Err(StoreError::Corrupt { detail, .. }) => assert!(detail.contains("text"), "{detail}"),
        other => panic!("read as {other:?}"),
    }
    assert!(matches!(s.dump(), Err(StoreError::Corrupt { .. })));
}

both_engines!(a_report_sent_is_logged_against_this_units_own_record);
fn a_report_sent_is_logged_against_this_units_own_record(at: Place) {
    let mut s = Store::open(at.path(), Access::ReadWrite, today()).unwrap();
    if s.db().engine() == sql::Engine::Postgres {
        // another unit's submission of the same report and period, in the shared table
        s.db()
            .execute(
                "INSERT INTO report_submission (unit, report, period, submitted_on, doc_no) \
                 VALUES ('UBND xã Khác', 'annual', '2025', '2025-12-01', '9/BC')",
                params![],
            )
            .unwrap();
    }
    let mut r = ReportSubmission {
        id: 0,
        report: "annual".into(),
        period: Period::Year(2025),
        submitted_on: d(2025, 12, 10),
        doc_no: "12/BC".into(),
    };
    s.add_report_submission(&ctx(), &r).unwrap();
    r.doc_no = "13/BC".into();
    s.add_report_submission(&ctx(), &r).unwrap();
    let log = s.log(&LogFilter::default()).unwrap();
    let reports: Vec<&LogEntry> = log.iter().filter(|e| e.entity == "report").collect();
    assert_eq!(reports.len(), 2, "{reports:?}");
    // the first is this unit's first: created, not an update of the other unit's record
    let first = reports
        .iter()
        .find(|e| e.new.as_ref().unwrap()["doc_no"] == "12/BC");
    let first = first.expect("the first submission");
    assert_eq!(first.action, "create", "{first:?}");
    assert!(first.old.is_none(), "{first:?}");
    let second = reports
        .iter()
        .find(|e| e.new.as_ref().unwrap()["doc_no"] == "13/BC");
    let second = second.expect("the second submission");
    assert_eq!(second.action, "update");
    assert_eq!(second.old.as_ref().unwrap()["doc_no"], "12/BC");
}

both_engines!(an_insert_that_adds_no_row_has_no_id);
/// `Db::insert_id` answers the id of the row the statement added: none added is an error (on
/// SQLite the connection's last row id would be an earlier row's).
fn an_insert_that_adds_no_row_has_no_id(at: Place) {
    let store = open(at.path()).unwrap();
    let db = store.db();
    let tx = db.begin(sql::TxMode::Immediate).unwrap();
    let first = tx
        .insert_id(
            "INSERT INTO project (year, name, total_budget, security_budget) \
             VALUES (2026, 'Một', 100, 10)",
            params![],
        )
        .unwrap();
    let again = tx.insert_id(
        "INSERT INTO project (year, name, total_budget, security_budget) \
         SELECT 2026, 'Hai', 100, 10 WHERE 1 = 0",
        params![],
    );
    assert!(
        matches!(again, Err(sql::Error::NoRows)),
        "{again:?} after {first}"
    );
}
