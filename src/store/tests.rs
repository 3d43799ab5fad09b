//! Store tests on real SQLite files (in temporary directories) and in memory.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;
use tempfile::TempDir;

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
    SystemPatch {
        code: code.into(),
        name: Some(name.into()),
        level: Some(Level::new(i64::from(level))),
        ..Default::default()
    }
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
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
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
    a.dossier = Some(DossierState::Approved);
    a.approved_on = Some(Some(d(2025, 6, 1)));
    a.last_assessed_on = Some(d(2025, 12, 1));
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

#[test]
fn migrations_and_pragmas() {
    let (_dir, path) = tmp();
    let store = open(&path).unwrap();
    let pragma = |name: &str| -> i64 {
        store
            .conn()
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
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // the tracking start is the reference date of creation
    assert_eq!(store.profile().unwrap().tracking_start, today());
    // foreign keys are enforced
    let e = store.conn().execute(
        "INSERT INTO assessment (system_id, completed_on) VALUES (999, '2026-01-01')",
        [],
    );
    assert!(e.is_err(), "{e:?}");
}

#[test]
fn reopening_keeps_the_data_and_the_tracking_start() {
    let (_dir, path) = tmp();
    populated(&path);
    let later = d(2027, 3, 1);
    let store = Store::open(&path, Access::ReadWrite, later).unwrap();
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
    let v: i64 = store
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::latest());
}

#[test]
fn an_empty_file_becomes_a_store() {
    let (_dir, path) = tmp();
    std::fs::write(&path, b"").unwrap();
    let store = open(&path).unwrap();
    assert_eq!(store.profile().unwrap().tracking_start, today());
}

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
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::latest());
    assert!(codes(&store).is_empty());
}

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
        .query_row("SELECT name FROM accounts", [], |r| r.get(0))
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

// ---------------------------------------------------------------- imports

#[test]
fn import_is_all_or_nothing() {
    let (_dir, path) = tmp();
    populated(&path);
    let mut store = open(&path).unwrap();
    let log_before = count(&store, "change_log");
    let assessments_before = count(&store, "assessment");
    let a_before = store.system_by_code("A").unwrap().unwrap();
    // the third patch repeats a new code: the UNIQUE constraint fails mid-transaction
    let mut a = patch("A", "Alpha renamed", 4);
    a.last_assessed_on = Some(d(2026, 6, 1));
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

#[test]
fn a_dry_run_writes_nothing() {
    let (_dir, path) = tmp();
    populated(&path);
    let mut store = open(&path).unwrap();
    let before = store.load(Scope::Full).unwrap();
    let log_before = count(&store, "change_log");
    let steps_before = count(&store, "dossier_step");
    let mut a = patch("A", "Alpha renamed", 4);
    a.last_assessed_on = Some(d(2026, 6, 1));
    let mut c = patch("C", "Gamma", 1);
    c.dossier = Some(DossierState::Approved);
    c.approved_on = Some(Some(d(2026, 1, 5)));
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
    let store = open(&path).unwrap();
    assert_eq!(store.load(Scope::Full).unwrap(), before);
}

#[test]
fn upsert_by_code_logs_each_change_once() {
    let (_dir, path) = tmp();
    let mut store = open(&path).unwrap();
    let mut a = patch("A", "Alpha", 2);
    a.owner = Some("UBND xã".into());
    a.last_assessed_on = Some(d(2025, 5, 1));
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

#[test]
fn the_change_log_chain_verifies_and_detects_edits() {
    let (_dir, path) = tmp();
    populated(&path);
    let mut store = open(&path).unwrap();
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
    let c = store.conn();
    assert!(
        c.execute("UPDATE change_log SET officer = 'x' WHERE seq = 2", [])
            .is_err()
    );
    assert!(
        c.execute("DELETE FROM change_log WHERE seq = 2", [])
            .is_err()
    );
    assert_eq!(store.verify().unwrap(), Ok(n));

    // behind the program's back: the chain breaks at the edited entry
    c.execute_batch(
        "DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;
         UPDATE change_log SET new = '{\"name\":\"Forged\"}' WHERE seq = 2;",
    )
    .unwrap();
    let broken = store.verify().unwrap().unwrap_err();
    assert_eq!(broken.seq, 2, "{broken:?}");
    drop(store);
    // still reported after reopening
    let store = open(&path).unwrap();
    assert_eq!(store.verify().unwrap().unwrap_err().seq, 2);
}

#[test]
fn a_deleted_or_rehashed_entry_is_detected() {
    let (_dir, path) = tmp();
    populated(&path);
    let store = open(&path).unwrap();
    let n = count(&store, "change_log");
    assert!(n >= 3);
    let c = store.conn();
    c.execute_batch("DROP TRIGGER change_log_no_delete; DELETE FROM change_log WHERE seq = 2;")
        .unwrap();
    let e = store.verify().unwrap().unwrap_err();
    assert_eq!(e.seq, 3, "{e:?}");

    // an entry whose own hash was recomputed still breaks the link to the next one
    let (_dir2, path2) = tmp();
    populated(&path2);
    let store = open(&path2).unwrap();
    store
        .conn()
        .execute_batch(
            "DROP TRIGGER change_log_no_update;
             UPDATE change_log SET hash = '1111111111111111111111111111111111111111111111111111111111111111' WHERE seq = 1;",
        )
        .unwrap();
    assert_eq!(store.verify().unwrap().unwrap_err().seq, 1);
}

// -------------------------------------------------------------- read-only

#[test]
fn read_only_access_refuses_writes() {
    let (_dir, path) = tmp();
    populated(&path);
    let before = {
        let s = open(&path).unwrap();
        s.load(Scope::Full).unwrap()
    };
    let mut store = Store::open(&path, Access::ReadOnly, today()).unwrap();
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
    assert!(store.conn().execute("DELETE FROM system", []).is_err());
    drop(store);
    let s = open(&path).unwrap();
    assert_eq!(s.load(Scope::Full).unwrap(), before);
}

fn before_log_len(store: &Store) -> i64 {
    count(store, "change_log")
}

#[test]
fn read_only_never_creates_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("capdo.sqlite3");
    let e = Store::open(&path, Access::ReadOnly, today()).unwrap_err();
    assert!(matches!(e, StoreError::Io { .. }), "{e:?}");
    assert!(!path.exists());
    assert!(!dir.path().join("sub").exists());
}

#[test]
fn lean_load_plus_fill_text_equals_the_full_load() {
    let ctx = ctx();
    let store = crate::sample::demo_store(&ctx).unwrap();
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

#[test]
fn a_new_system_is_logged_in_one_shape_whichever_way_it_came() {
    let mut store = Store::in_memory(today()).unwrap();
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
