//! Unusable stores at the binary level: a file that is not a capdo store, another program's
//! SQLite database, a store from a newer capdo, a damaged store (broken header, truncated, or
//! damaged deep inside where only a full check sees it). Every command — reads, writes, the
//! dashboard's `--render-once`, backup and restore — gives a clear message and exit status 3
//! (or, for a read that never meets the damage, its normal output), and the file is never
//! modified: same bytes, no -wal or -shm left beside it.

use std::path::{Path, PathBuf};

use crate::common::sandbox::*;

/// A store with enough systems to span many pages.
fn good_store(s: &Sandbox, name: &str, systems: usize) -> PathBuf {
    let db = s.path(name);
    s.write(
        "many.csv",
        &csv(
            "code,name,level,owner,notes",
            (0..systems).map(|i| {
                format!("S{i:04},Hệ thống số {i},2,UBND xã,ghi chú về hệ thống số {i} khá dài")
            }),
        ),
    );
    let o = s
        .on(&db)
        .args(["import", "many.csv"])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", describe(&o));
    db
}

/// Every command that opens the store, with what it needs (files it reads exist).
fn commands(s: &Sandbox) -> Vec<Vec<String>> {
    s.write(
        "in.csv",
        &csv("code,name,level", ["NEW1,Hệ thống mới,1".to_owned()]),
    );
    // a valid bundle from a good store, for merge
    let other = good_store(s, "other.sqlite3", 3);
    rusqlite::Connection::open(&other)
        .and_then(|c| c.execute("UPDATE profile SET unit_name = 'UBND xã Thử'", []))
        .expect("name the unit");
    let o = s
        .on(&other)
        .args(["bundle", "unit.capdo.json", "--force"])
        .output()
        .expect("bundle");
    assert!(o.status.success(), "{}", describe(&o));
    let o = s
        .on(&other)
        .args(["backup", "good-backup.sqlite3", "--force"])
        .output()
        .expect("backup");
    assert!(o.status.success(), "{}", describe(&o));
    [
        &["check"][..],
        &["due", "--json"],
        &["due", "--all", "--why"],
        &["systems"],
        &["systems", "--json"],
        &["log"],
        &["verify"],
        &["report", "quarterly", "--period", "2026-Q4"],
        &["export", "out.csv"],
        &["export", "out.json"],
        &["bundle", "out.capdo.json"],
        &["backup", "out.sqlite3"],
        &["import", "in.csv"],
        &["record", "assessment", "S0001", "--on", "2026-11-01"],
        &[
            "record",
            "report",
            "annual",
            "--period",
            "2026",
            "--on",
            "2026-11-01",
        ],
        &["merge", "unit.capdo.json"],
        &["--render-once", "80x24"],
        &["--read-only", "due"],
        &["--read-only", "--render-once", "100x30"],
    ]
    .iter()
    .map(|a| a.iter().map(|x| x.to_string()).collect())
    .collect()
}

/// Commands that write to the store.
fn writes(args: &[String]) -> bool {
    matches!(
        args.first().map(String::as_str),
        Some("import" | "record" | "merge")
    )
}

/// What a command must not change: the file's bytes and its WAL's (as length and hash), and
/// which of -wal/-shm exist.
#[derive(Debug, PartialEq, Eq, Clone)]
struct State {
    file: Option<(usize, u64)>,
    wal: Option<(usize, u64)>,
    shm: bool,
}

fn digest(path: &Path) -> Option<(usize, u64)> {
    use std::hash::{Hash, Hasher};
    let b = std::fs::read(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    b.hash(&mut h);
    Some((b.len(), h.finish()))
}

fn state(path: &Path) -> State {
    State {
        file: digest(path),
        wal: digest(&side(path, "-wal")),
        shm: side(path, "-shm").exists(),
    }
}

/// The file is unchanged. `strict`: no -wal or -shm appeared either (a file refused at its
/// header is looked at read-only and its look cleaned up). Otherwise (damage found while
/// reading) SQLite may leave an empty -wal and its -shm index beside the file: nothing of the
/// file changes and the WAL holds nothing. A -shm is shared memory for readers (another
/// program's live WAL database gets its read marks updated by any reader), so its bytes are
/// never compared.
fn unchanged(before: &State, after: &State, strict: bool) -> bool {
    let empty = |w: &Option<(usize, u64)>| w.is_none_or(|(n, _)| n == 0);
    let wal_ok = after.wal == before.wal || (!strict && empty(&before.wal) && empty(&after.wal));
    let shm_ok = after.shm == before.shm || !strict;
    after.file == before.file && wal_ok && shm_ok
}

/// Runs every command on `path`; `strict`: each must exit 3 (else reads may succeed).
fn refused_everywhere(s: &Sandbox, path: &Path, strict: bool, what: &str) -> usize {
    let before = state(path);
    let mut refused = 0;
    for (i, args) in commands(s).into_iter().enumerate() {
        let lang = if i % 2 == 0 { "vi" } else { "en" };
        let o = s
            .bare()
            .arg("--db")
            .arg(path)
            .args(["--today", TODAY, "--lang", lang])
            .args(&args)
            .output()
            .expect("run");
        let code = o.status.code();
        if strict || writes(&args) || args[0] == "verify" {
            assert_eq!(code, Some(3), "{what}: {args:?}: {}", describe(&o));
        } else {
            // a read that never meets the damage gives its normal answer (`check`: 0, 1, 2)
            let normal = if args[0] == "check" { 0..=2 } else { 0..=0 };
            assert!(
                code == Some(3) || code.is_some_and(|c| normal.contains(&c)),
                "{what}: {args:?}: {}",
                describe(&o)
            );
        }
        if code == Some(3) {
            refused += 1;
            assert!(stdout(&o).is_empty(), "{what}: {args:?}: {}", describe(&o));
            let err = stderr(&o);
            assert!(err.starts_with("capdo: "), "{what}: {args:?}: {err}");
            assert!(
                err.contains(&path.display().to_string()),
                "{what}: {args:?}: {err}"
            );
            let said = if lang == "vi" {
                "capdo không sửa tệp này"
            } else {
                "capdo leaves it untouched"
            };
            assert!(err.contains(said), "{what}: {args:?}: {err}");
        }
        let after = state(path);
        assert!(
            unchanged(&before, &after, strict),
            "{what}: {args:?} changed the file: {before:?} → {after:?}"
        );
        for out in ["out.csv", "out.json", "out.capdo.json", "out.sqlite3"] {
            // a refused command wrote nothing anywhere
            assert!(
                code != Some(3) || !s.path(out).exists(),
                "{what}: {args:?} wrote {out}"
            );
            let _ = std::fs::remove_file(s.path(out));
        }
    }
    refused
}

#[test]
fn not_a_capdo_store() {
    let s = Sandbox::new();
    let text = s.write("notes.sqlite3", "Danh sách hệ thống\nA,B,C\n".as_bytes());
    refused_everywhere(&s, &text, true, "a text file");
    let other = s.path("other-app.sqlite3");
    {
        let c = rusqlite::Connection::open(&other).expect("open");
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (42);")
            .expect("sql");
    }
    refused_everywhere(&s, &other, true, "another program's database");
    // another program's database in WAL mode, with its WAL beside it
    let wal = s.path("wal-app.sqlite3");
    let keep = {
        let c = rusqlite::Connection::open(&wal).expect("open");
        c.pragma_update(None, "journal_mode", "wal").expect("wal");
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .expect("sql");
        c
    };
    let _ = &keep;
    refused_everywhere(&s, &wal, true, "another program's WAL database");
}

#[test]
fn a_store_from_a_newer_capdo() {
    let s = Sandbox::new();
    let db = good_store(&s, "newer.sqlite3", 5);
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("v");
        c.pragma_update(None, "user_version", v + 1).expect("set");
    }
    refused_everywhere(&s, &db, true, "a newer store");
    let o = s
        .on(&db)
        .args(["--lang", "en", "check"])
        .output()
        .expect("run");
    assert!(
        stderr(&o).contains("made by a newer capdo"),
        "{}",
        describe(&o)
    );
}

#[test]
fn a_store_with_a_broken_header_or_cut_short() {
    let s = Sandbox::new();
    let good = good_store(&s, "good.sqlite3", 50);
    let bytes = std::fs::read(&good).expect("read");
    // the schema page overwritten
    let mut b = bytes.clone();
    b[100..4000].fill(0xA5);
    let p = s.write("header.sqlite3", &b);
    refused_everywhere(&s, &p, true, "a broken schema page");
    // cut in half
    let p = s.write("half.sqlite3", &bytes[..bytes.len() / 2]);
    refused_everywhere(&s, &p, false, "a store cut in half");
    // only the first 100 bytes (the header) survive
    let p = s.write("stub.sqlite3", &bytes[..100]);
    refused_everywhere(&s, &p, true, "a header alone");
}

/// `PRAGMA quick_check` of a file, read-only.
fn quick_check(path: &Path) -> String {
    let c = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open");
    c.query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .unwrap_or_else(|e| e.to_string())
}

#[test]
fn damage_deep_inside_is_never_written_to() {
    let s = Sandbox::new();
    let good = good_store(&s, "good.sqlite3", 800);
    let bytes = std::fs::read(&good).expect("read");
    let pages = bytes.len() / 4096;
    let mut damaged = 0;
    let mut refused = 0;
    // one page at a time overwritten (its header kept), across the file
    for p in (2..pages).step_by((pages / 9).max(1)) {
        let mut b = bytes.clone();
        b[p * 4096 + 8..(p + 1) * 4096].fill(0xA5);
        let path = s.write(&format!("page{p}.sqlite3"), &b);
        let verdict = quick_check(&path);
        // the look above may leave an empty WAL and its index: not part of the test
        for x in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(side(&path, x));
        }
        if verdict == "ok" {
            // a free page: not damage
            continue;
        }
        damaged += 1;
        refused += refused_everywhere(&s, &path, false, &format!("page {p} damaged"));
    }
    assert!(damaged >= 5, "only {damaged} damaged copies");
    println!("{damaged} damaged stores, {refused} commands refused with status 3");
}

#[test]
fn restore_refuses_to_replace_what_is_not_a_damaged_capdo_store() {
    let s = Sandbox::new();
    let text = s.write("notes.sqlite3", b"not a store at all\n");
    let newer = good_store(&s, "newer.sqlite3", 2);
    {
        let c = rusqlite::Connection::open(&newer).expect("open");
        c.pragma_update(None, "user_version", 999).expect("set");
    }
    let _ = commands(&s);
    for path in [&text, &newer] {
        let before = state(path);
        let o = s
            .on(path)
            .args(["--lang", "en", "restore", "good-backup.sqlite3"])
            .output()
            .expect("run");
        assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
        assert!(
            stderr(&o).contains("capdo leaves it untouched"),
            "{}",
            describe(&o)
        );
        assert!(unchanged(&before, &state(path), true));
        let names: Vec<String> = std::fs::read_dir(s.dir.path())
            .expect("ls")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("before-restore") || n.ends_with(".tmp"))
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }
}

#[test]
fn restore_moves_a_damaged_store_aside_as_it_was() {
    let s = Sandbox::new();
    let _ = commands(&s);
    let good = good_store(&s, "good.sqlite3", 50);
    let mut b = std::fs::read(&good).expect("read");
    b[100..4000].fill(0xA5);
    let damaged = s.write("damaged.sqlite3", &b);
    let o = s
        .on(&damaged)
        .args(["--lang", "en", "restore", "good-backup.sqlite3"])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", describe(&o));
    assert!(
        stdout(&o).contains("The damaged store was moved, as it was, to"),
        "{}",
        describe(&o)
    );
    let kept: Vec<PathBuf> = std::fs::read_dir(s.dir.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy()
                .contains("damaged.sqlite3.before-restore-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(&kept[0]).expect("kept"),
        b,
        "kept byte for byte"
    );
    let o = s.on(&damaged).args(["verify"]).output().expect("verify");
    assert!(o.status.success(), "{}", describe(&o));
    let v: serde_json::Value = serde_json::from_slice(
        &s.on(&damaged)
            .args(["systems", "--json"])
            .output()
            .expect("systems")
            .stdout,
    )
    .expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(3));
}
