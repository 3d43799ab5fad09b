//! `capdo backup` and `capdo restore` on the real binary, and the permissions of every file
//! that holds the data: a backup taken while another process writes is a sound, consistent
//! store; a restore round trip gives back the backed-up store and keeps the replaced one; a bad
//! backup is refused and the current store is left exactly as it was; stores, backups, kept
//! copies, exports, bundles and reports are private to their owner (0600, directories 0700).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::sandbox::*;

fn seeded(n: usize) -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "seed.csv",
        &csv(
            "code,name,level",
            (0..n).map(|i| format!("S{i:03},Hệ thống {i},2")),
        ),
    );
    s.ok(&["import", "seed.csv"]);
    s
}

fn systems_json(s: &Sandbox, db: &Path) -> serde_json::Value {
    let o = s
        .on(db)
        .args(["systems", "--json"])
        .output()
        .expect("systems");
    assert!(o.status.success(), "{}", describe(&o));
    serde_json::from_slice(&o.stdout).expect("json")
}

fn codes(s: &Sandbox, db: &Path) -> Vec<String> {
    systems_json(s, db)
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn verify_ok(s: &Sandbox, db: &Path) -> String {
    let o = s
        .on(db)
        .args(["--lang", "en", "verify"])
        .output()
        .expect("verify");
    assert!(o.status.success(), "{}: {}", db.display(), describe(&o));
    assert_eq!(integrity(db), "ok");
    stdout(&o)
}

/// The store file and its WAL (length and hash of the bytes), and the names around it.
fn snapshot(s: &Sandbox) -> (Vec<Option<(usize, u64)>>, Vec<String>) {
    use std::hash::{Hash, Hasher};
    let files = ["", "-wal"]
        .iter()
        .map(|x| {
            let b = std::fs::read(side(&s.db(), x)).ok()?;
            let mut h = std::collections::hash_map::DefaultHasher::new();
            b.hash(&mut h);
            Some((b.len(), h.finish()))
        })
        .collect();
    let mut names: Vec<String> = std::fs::read_dir(s.dir.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with("capdo.sqlite3") || n.starts_with(".capdo") || n.ends_with(".tmp")
        })
        .collect();
    names.sort();
    (files, names)
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
}

#[test]
fn a_backup_taken_while_another_process_writes_is_sound_and_consistent() {
    let s = seeded(60);
    let db = s.db();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let db = db.clone();
        std::thread::spawn(move || {
            let w = Sandbox::new();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                w.write(
                    "w.csv",
                    &csv(
                        "code,name,level",
                        (0..40).map(|i| format!("W{n}-{i},Trong lúc sao lưu,1")),
                    ),
                );
                let o = w
                    .on(&db)
                    .args(["import"])
                    .arg(w.path("w.csv"))
                    .output()
                    .expect("import");
                assert!(o.status.success(), "{}", describe(&o));
                let o = w
                    .on(&db)
                    .args(["record", "assessment", "S001", "--on", "2026-11-01"])
                    .args(["--assessor", &format!("w{n}")])
                    .output()
                    .expect("record");
                assert!(o.status.success(), "{}", describe(&o));
                n += 1;
            }
            n
        })
    };
    let backups = count_from_env("CAPDO_BACKUP_ROUNDS", 8);
    let mut sizes = Vec::new();
    for b in 0..backups {
        let out = s.path(&format!("b{b}.sqlite3"));
        let o = s
            .capdo()
            .args(["--lang", "en", "backup"])
            .arg(&out)
            .output()
            .expect("backup");
        assert!(o.status.success(), "{}", describe(&o));
        assert!(stdout(&o).contains("integrity check: ok"), "{}", stdout(&o));
        verify_ok(&s, &out);
        // one moment: every system the copy holds has its change-log entry, every imported
        // batch is whole (40 rows or none), every assessment is logged
        let c = rusqlite::Connection::open(&out).expect("open backup");
        let (systems, logged): (i64, i64) = c
            .query_row(
                "SELECT (SELECT count(*) FROM system), \
                 (SELECT count(*) FROM change_log WHERE entity = 'system' AND action = 'create')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("counts");
        assert_eq!(systems, logged);
        assert_eq!((systems - 60) % 40, 0, "a half import in the backup");
        let (assessments, alog): (i64, i64) = c
            .query_row(
                "SELECT (SELECT count(*) FROM assessment), \
                 (SELECT count(*) FROM change_log WHERE entity = 'assessment')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("counts");
        assert_eq!(assessments, alog);
        sizes.push(systems);
        std::thread::sleep(Duration::from_millis(30));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.join().expect("writer");
    assert!(writes > 0);
    println!("{backups} backups during {writes} write rounds: systems {sizes:?}");
    verify_ok(&s, &db);
}

#[test]
fn restore_round_trip_keeps_the_replaced_store() {
    let s = seeded(20);
    s.ok(&["record", "assessment", "S001", "--on", "2026-10-01"]);
    let before = systems_json(&s, &s.db());
    let out = s.ok(&["--lang", "en", "backup", "backup.sqlite3"]);
    assert!(out.contains("20 systems"), "{out}");
    // later changes, then the restore
    s.write(
        "more.csv",
        &csv("code,name,level", ["LATER,Thêm sau,1".to_owned()]),
    );
    s.ok(&["import", "more.csv"]);
    s.ok(&["record", "assessment", "S002", "--on", "2026-11-01"]);
    let changed = systems_json(&s, &s.db());
    assert_ne!(before, changed);
    let out = s.ok(&["--lang", "en", "restore", "backup.sqlite3"]);
    assert!(out.contains("Restored the store"), "{out}");
    assert!(out.contains("The replaced store is kept at"), "{out}");
    assert_eq!(systems_json(&s, &s.db()), before);
    let v = verify_ok(&s, &s.db());
    assert!(v.contains("Change log intact"), "{v}");
    // the restore is in the change log, naming the file and where the old store went
    let log: serde_json::Value = serde_json::from_str(&s.ok(&["log", "--json"])).expect("log json");
    let last = log
        .as_array()
        .and_then(|a| a.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["action"], "restore", "{last}");
    assert!(last.to_string().contains("backup.sqlite3"), "{last}");
    assert!(last.to_string().contains("before-restore"), "{last}");
    // the kept store is the one replaced, whole
    let kept: Vec<PathBuf> = std::fs::read_dir(s.dir.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy()
                .contains("capdo.sqlite3.before-restore-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(systems_json(&s, &kept[0]), changed);
    verify_ok(&s, &kept[0]);
    #[cfg(unix)]
    assert_eq!(mode(&kept[0]), 0o600);
    // and back again: restoring the kept copy gives the later state
    let k = kept[0].display().to_string();
    s.ok(&["restore", &k]);
    assert_eq!(systems_json(&s, &s.db()), changed);
    verify_ok(&s, &s.db());
    // nothing temporary is left behind
    let (_, names) = snapshot(&s);
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn restore_onto_a_new_machine_creates_the_store() {
    let s = seeded(5);
    s.ok(&["backup", "b.sqlite3"]);
    let target = s.path("new-home").join("data").join("capdo.sqlite3");
    let o = s
        .on(&target)
        .args(["--lang", "en", "restore", "b.sqlite3"])
        .output()
        .expect("restore");
    assert!(o.status.success(), "{}", describe(&o));
    assert!(!stdout(&o).contains("kept"), "{}", stdout(&o));
    assert_eq!(codes(&s, &target), codes(&s, &s.db()));
    verify_ok(&s, &target);
    #[cfg(unix)]
    {
        assert_eq!(mode(&target), 0o600);
        assert_eq!(mode(target.parent().expect("dir")), 0o700);
    }
}

#[test]
fn a_restore_reads_a_live_copy_with_its_wal() {
    let s = seeded(5);
    // a reader keeps the WAL from being folded into the file when capdo closes
    let holder = s.conn();
    let _: i64 = holder
        .query_row("SELECT count(*) FROM system", [], |r| r.get(0))
        .expect("read");
    s.write(
        "late.csv",
        &csv("code,name,level", ["LATE,Trong WAL,1".to_owned()]),
    );
    s.ok(&["import", "late.csv"]);
    assert!(std::fs::metadata(side(&s.db(), "-wal")).is_ok_and(|m| m.len() > 0));
    std::fs::copy(s.db(), s.path("raw.sqlite3")).expect("copy");
    std::fs::copy(side(&s.db(), "-wal"), s.path("raw.sqlite3-wal")).expect("copy wal");
    drop(holder);
    let target = s.path("restored.sqlite3");
    let o = s
        .on(&target)
        .args(["restore", "raw.sqlite3"])
        .output()
        .expect("restore");
    assert!(o.status.success(), "{}", describe(&o));
    assert!(codes(&s, &target).contains(&"LATE".to_owned()));
    verify_ok(&s, &target);
}

#[test]
fn a_bad_backup_is_refused_and_the_store_is_untouched() {
    let s = seeded(10);
    s.ok(&["backup", "good.sqlite3"]);
    let good = std::fs::read(s.path("good.sqlite3")).expect("read");
    // not a store, another program's database, a newer capdo, damaged, cut, tampered log
    s.write("notes.sqlite3", b"Danh sach he thong\n");
    {
        let c = rusqlite::Connection::open(s.path("other.sqlite3")).expect("open");
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .expect("sql");
    }
    std::fs::write(s.path("newer.sqlite3"), &good).expect("write");
    rusqlite::Connection::open(s.path("newer.sqlite3"))
        .and_then(|c| c.pragma_update(None, "user_version", 99))
        .expect("newer");
    let mut damaged = good.clone();
    let pages = damaged.len() / 4096;
    for p in 2..pages {
        damaged[p * 4096 + 8..(p + 1) * 4096].fill(0x5A);
    }
    s.write("damaged.sqlite3", &damaged);
    s.write("cut.sqlite3", &good[..good.len() / 3]);
    std::fs::write(s.path("tampered.sqlite3"), &good).expect("write");
    {
        let c = rusqlite::Connection::open(s.path("tampered.sqlite3")).expect("open");
        c.execute_batch(
            "DROP TRIGGER change_log_no_update; \
             UPDATE change_log SET officer = 'someone else' WHERE seq = 2;",
        )
        .expect("tamper");
    }
    std::fs::create_dir(s.path("a-directory")).expect("mkdir");
    let cases: [(&str, &str); 9] = [
        ("notes.sqlite3", "not a capdo store"),
        ("other.sqlite3", "not a capdo store"),
        ("newer.sqlite3", "made by a newer capdo"),
        ("damaged.sqlite3", "damaged"),
        ("cut.sqlite3", "damaged"),
        (
            "tampered.sqlite3",
            "change log was altered outside capdo (entry #2",
        ),
        ("a-directory", "not a file"),
        ("missing.sqlite3", "cannot read the file"),
        ("capdo.sqlite3", "this is the store itself"),
    ];
    let before = snapshot(&s);
    for (file, said) in cases {
        let input = std::fs::read(s.path(file)).ok();
        let o = s
            .capdo()
            .args(["--lang", "en", "restore", file])
            .output()
            .expect("restore");
        assert_eq!(o.status.code(), Some(1), "{file}: {}", describe(&o));
        let err = stderr(&o);
        assert!(err.contains(said), "{file}: {err}");
        if file != "capdo.sqlite3" {
            assert!(
                err.contains("the current store is unchanged"),
                "{file}: {err}"
            );
        }
        assert_eq!(
            snapshot(&s),
            before,
            "{file}: the store or its folder changed"
        );
        assert_eq!(
            std::fs::read(s.path(file)).ok(),
            input,
            "{file} was modified"
        );
        // the Vietnamese message says the same
        let o = s.capdo().args(["restore", file]).output().expect("restore");
        assert_eq!(o.status.code(), Some(1), "{file}: {}", describe(&o));
        if file != "capdo.sqlite3" {
            assert!(
                stderr(&o).contains("kho hiện tại không thay đổi"),
                "{}",
                stderr(&o)
            );
        }
    }
    verify_ok(&s, &s.db());
}

#[test]
fn restore_is_refused_in_read_only_and_demo_modes() {
    let s = seeded(3);
    s.ok(&["backup", "b.sqlite3"]);
    let before = snapshot(&s);
    let o = s.run(&["--read-only", "--lang", "en", "restore", "b.sqlite3"]);
    assert_eq!(o.status.code(), Some(5), "{}", describe(&o));
    assert!(stderr(&o).contains("read-only mode"), "{}", describe(&o));
    let o = s.run(&["--demo", "restore", "b.sqlite3"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert_eq!(snapshot(&s), before);
    // a backup only reads: allowed read-only, and from the demo
    s.ok(&["--read-only", "backup", "ro.sqlite3"]);
    verify_ok(&s, &s.path("ro.sqlite3"));
    s.ok(&["--demo", "backup", "demo.sqlite3"]);
    assert_eq!(codes(&s, &s.path("demo.sqlite3")).len(), 16);
    // the file is as it was (a read-only look at a WAL store may leave an empty -wal and its
    // -shm index beside it, as SQLite does for any read-only connection)
    let after = snapshot(&s);
    assert_eq!(after.0[0], before.0[0]);
    assert!(after.0[1].is_none_or(|(n, _)| n == 0), "{after:?}");
}

#[test]
fn backup_refuses_to_overwrite_and_says_why_it_cannot() {
    let s = seeded(3);
    s.write("taken.sqlite3", b"keep me");
    let o = s.run(&["--lang", "en", "backup", "taken.sqlite3"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("use --force"), "{}", describe(&o));
    assert_eq!(
        std::fs::read(s.path("taken.sqlite3")).expect("read"),
        b"keep me"
    );
    s.ok(&["backup", "--force", "taken.sqlite3"]);
    verify_ok(&s, &s.path("taken.sqlite3"));
    // onto the store itself, into a missing folder, with no store at all
    let o = s.run(&["--lang", "en", "backup", "--force", "capdo.sqlite3"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("this is the store itself"),
        "{}",
        describe(&o)
    );
    let o = s.run(&["--lang", "en", "backup", "no/such/dir/b.sqlite3"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("cannot write the file"),
        "{}",
        describe(&o)
    );
    let o = s
        .on(&s.path("none.sqlite3"))
        .args(["--lang", "en", "backup", "x.sqlite3"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    assert!(stderr(&o).contains("there is no store"), "{}", describe(&o));
    assert!(!s.path("none.sqlite3").exists());
}

#[cfg(unix)]
#[test]
fn files_that_hold_the_data_are_private() {
    let s = seeded(3);
    s.conn()
        .execute("UPDATE profile SET unit_name = 'UBND xã Thử'", [])
        .expect("name");
    assert_eq!(mode(&s.db()), 0o600);
    for args in [
        &["backup", "b.sqlite3"][..],
        &["export", "e.csv"],
        &["export", "e.xlsx"],
        &["export", "e.json"],
        &["bundle", "u.capdo.json"],
        &["report", "annual", "--period", "2026", "-o", "r.md"],
        &["report", "annual", "--period", "2026", "-o", "r.xlsx"],
        &["report", "annual", "--period", "2026", "-o", "r.json"],
    ] {
        s.ok(args);
        let file = s.path(args[args.len() - 1]);
        assert_eq!(mode(&file), 0o600, "{args:?}");
        // replaced with --force: still private
        let mut forced = args.to_vec();
        forced.insert(1, "--force");
        if args[0] == "report" {
            forced = args.to_vec();
            forced.push("--force");
        }
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .expect("chmod");
        s.ok(&forced);
        assert_eq!(mode(&file), 0o600, "{forced:?}");
    }
    // a store and its folder created from nothing
    let fresh = s.path("made/by/capdo/capdo.sqlite3");
    let o = s.on(&fresh).args(["check"]).output().expect("check");
    assert!(o.status.code().is_some_and(|c| c <= 2), "{}", describe(&o));
    assert_eq!(mode(&fresh), 0o600);
    assert_eq!(mode(&s.path("made")), 0o700);
}

#[test]
fn a_process_with_the_store_open_sees_the_restored_store() {
    let s = seeded(10);
    s.ok(&["backup", "b.sqlite3"]);
    s.write(
        "more.csv",
        &csv("code,name,level", (0..5).map(|i| format!("M{i},Thêm,1"))),
    );
    s.ok(&["import", "more.csv"]);
    // another process (say, the dashboard) has the store open across the restore
    let open = s.conn();
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM system", [], |r| r.get(0))
            .expect("count")
    };
    assert_eq!(count(&open), 15);
    s.ok(&["restore", "b.sqlite3"]);
    assert_eq!(
        count(&open),
        10,
        "the open connection reads the restored store"
    );
    let check: String = open
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    // and it can go on writing to it
    open.execute(
        "UPDATE profile SET unit_name = 'UBND xã Thử' WHERE id = 1",
        [],
    )
    .expect("write after the restore");
    drop(open);
    verify_ok(&s, &s.db());
}

/// The page size of a store file.
fn page_size(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page_size")
}

/// New stores have 16 KiB pages, stores made by earlier builds 4 KiB: a backup of either
/// restores onto the other, and both keep working.
#[test]
fn backups_restore_across_page_sizes() {
    let s = seeded(30);
    assert_eq!(page_size(&s.db()), 16_384, "a new store");
    // an older store: the same content with 4 KiB pages
    let old = s.path("old.sqlite3");
    std::fs::copy(s.db(), &old).expect("copy");
    {
        let c = rusqlite::Connection::open(&old).expect("open");
        c.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA page_size = 4096; VACUUM; PRAGMA journal_mode = WAL;",
        )
        .expect("convert to 4 KiB pages");
    }
    assert_eq!(page_size(&old), 4096);
    verify_ok(&s, &old);
    // the old store's backup onto the new store
    let o = s
        .on(&old)
        .args(["backup", "old-backup.sqlite3"])
        .output()
        .expect("backup");
    assert!(o.status.success(), "{}", describe(&o));
    s.write(
        "more.csv",
        &csv("code,name,level", (0..5).map(|i| format!("N{i},Mới {i},1"))),
    );
    s.ok(&["import", "more.csv"]);
    assert_eq!(codes(&s, &s.db()).len(), 35);
    s.ok(&["--lang", "en", "restore", "old-backup.sqlite3"]);
    assert_eq!(codes(&s, &s.db()), codes(&s, &old));
    verify_ok(&s, &s.db());
    // and the new store's backup onto the old one
    s.ok(&["import", "more.csv"]);
    s.ok(&["backup", "new-backup.sqlite3"]);
    let o = s
        .on(&old)
        .args(["--lang", "en", "restore", "new-backup.sqlite3"])
        .output()
        .expect("restore");
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(codes(&s, &old), codes(&s, &s.db()));
    assert_eq!(codes(&s, &old).len(), 35);
    verify_ok(&s, &old);
}
