//! Moving between the engines on a real PostgreSQL server (skipped without `CAPDO_TEST_PG`):
//! `backup` of a PostgreSQL store to SQLite (a commune's unit as its own store, a province's
//! with every unit), `restore` of an SQLite backup into an empty PostgreSQL store, `merge`,
//! `import` (CSV, XLSX, JSON) and `handover` into and from PostgreSQL, and the check:
//! the sample commune's bundle merged into PostgreSQL and backed up to SQLite gives the same
//! `due --json` as the sample itself.

use std::path::Path;

use capdo::store::testdb;

use crate::common::sandbox::*;

const UNIT: &str = "UBND xã Mẫu An (MẪU)";

/// `capdo --demo --today TODAY ARGS` (the sample commune), its stdout.
fn demo(s: &Sandbox, args: &[&str]) -> String {
    let o = s
        .bare()
        .args(["--demo", "--today", TODAY])
        .args(args)
        .output()
        .expect("run");
    assert!(o.status.success(), "--demo {args:?}: {}", describe(&o));
    stdout(&o)
}

/// `capdo --db DB --today TODAY ARGS`, its stdout; panics unless it succeeds.
fn on(s: &Sandbox, db: &str, args: &[&str]) -> String {
    let o = s.on(Path::new(db)).args(args).output().expect("run");
    assert!(o.status.success(), "{db} {args:?}: {}", describe(&o));
    stdout(&o)
}

/// `capdo --db DB --today TODAY ARGS` whatever its exit status: the status and stdout.
fn any(s: &Sandbox, db: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = s.on(db).args(args).output().expect("run");
    (o.status.code(), stdout(&o))
}

/// The database's name (the last segment of its URL).
fn db_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}

/// A login role of the commune `unit` on the store at `url` (a superuser's); its URL.
fn commune_role(url: &str, unit: &str) -> String {
    let role = format!("{}_xa", db_name(url));
    let mut c = capdo::store::pg::connect(url).expect("connect");
    c.batch_execute(&format!(
        "CREATE ROLE {role} LOGIN IN ROLE capdo_commune; \
         INSERT INTO unit_grant (role, unit, granted_at) VALUES ('{role}', '{}', '2026-11-29');",
        unit.replace('\'', "''")
    ))
    .expect("role");
    testdb::as_user(url, &role)
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
}

#[test]
fn the_sample_bundle_merged_into_postgresql_and_backed_up_gives_the_sample_due() {
    let Some(url) = testdb::fresh() else { return };
    let s = Sandbox::new();
    let sample_due = demo(&s, &["due", "--json"]);
    demo(&s, &["bundle", "b.json"]);
    // the province (the database's owner) merges the commune's bundle
    let merged = on(&s, &url, &["merge", "b.json"]);
    assert!(!merged.contains("không gộp"), "{merged}");
    let xa = commune_role(&url, UNIT);
    // the commune's officer on the server sees the sample's deadlines…
    assert_eq!(on(&s, &xa, &["due", "--json"]), sample_due);
    // …and takes its unit home as its own SQLite store: the same deadlines, offline
    let home = s.path("xa.sqlite3");
    let h = home.to_str().expect("utf-8");
    let out = on(&s, &xa, &["backup", h]);
    assert!(out.contains("16 hệ thống"), "{out}");
    #[cfg(unix)]
    assert_eq!(mode(&home), 0o600);
    assert_eq!(on(&s, h, &["due", "--json"]), sample_due);
    assert_eq!(
        on(&s, h, &["systems", "--json"]),
        demo(&s, &["systems", "--json"])
    );
    on(&s, h, &["verify"]);
    // the province's backup holds the commune as a merged unit: its systems' deadlines
    let prov = s.path("province.sqlite3");
    let p = prov.to_str().expect("utf-8");
    on(&s, &url, &["backup", p]);
    let unit_due = on(&s, p, &["due", "--json", "--unit", UNIT]);
    let items = |t: &str| -> Vec<serde_json::Value> {
        serde_json::from_str::<Vec<serde_json::Value>>(t).expect("json")
    };
    let with_system: Vec<_> = items(&sample_due)
        .into_iter()
        .filter(|i| !i["system"].is_null())
        .collect();
    assert_eq!(items(&unit_due), with_system);
    on(&s, p, &["verify"]);
    // the province's export: its own records and chain; the commune's systems as a merged unit
    on(&s, &url, &["export", "province.json"]);
    let export: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path("province.json")).expect("read"))
            .expect("json");
    let len = |k: &str| export[k].as_array().map_or(usize::MAX, Vec::len);
    // (the one custom deadline kept is tied to one of the commune's systems)
    assert_eq!(
        (len("systems"), len("projects"), len("custom_deadlines")),
        (16, 0, 1)
    );
    assert_eq!((len("report_submissions"), len("change_log")), (0, 1));
}

#[test]
fn an_sqlite_backup_restores_into_an_empty_postgresql_store_only() {
    let Some(url) = testdb::fresh() else { return };
    let s = Sandbox::new();
    demo(&s, &["export", "sample.json"]);
    s.ok(&["import", "sample.json"]);
    s.ok(&["backup", "bak.sqlite3"]);
    let out = on(&s, &url, &["restore", "bak.sqlite3"]);
    assert!(out.contains("16 hệ thống"), "{out}");
    for cmd in [
        &["due", "--json"][..],
        &["systems", "--json"],
        &["check"],
        &["report", "quarterly", "--format", "json"],
    ] {
        assert_eq!(
            any(&s, Path::new(&url), cmd),
            any(&s, &s.db(), cmd),
            "{cmd:?}"
        );
    }
    let verified = on(&s, &url, &["verify"]);
    let local = s.ok(&["verify"]);
    assert_ne!(verified, local, "the restore added its own entry");
    // a store that holds data is refused, and left as it was
    let before = on(&s, &url, &["log", "--json"]);
    let o = s
        .on(Path::new(&url))
        .args(["restore", "bak.sqlite3"])
        .output()
        .expect("run");
    assert!(!o.status.success(), "{}", describe(&o));
    assert!(
        stderr(&o).contains("kho PostgreSQL đã có dữ liệu (16 hệ thống"),
        "{}",
        describe(&o)
    );
    assert_eq!(on(&s, &url, &["log", "--json"]), before);
    // a file that is not a capdo store is refused before the server is touched
    let Some(empty) = testdb::fresh() else { return };
    s.write("junk.sqlite3", b"not a database at all");
    let (code, _) = any(&s, Path::new(&empty), &["restore", "junk.sqlite3"]);
    assert_ne!(code, Some(0));
    on(&s, &empty, &["restore", "bak.sqlite3"]);
}

#[test]
fn a_province_backup_keeps_each_units_chain_and_restores_into_a_new_store() {
    let Some(url) = testdb::fresh() else { return };
    let s = Sandbox::new();
    demo(&s, &["bundle", "b.json"]);
    on(&s, &url, &["profile", "--unit", "Tỉnh Mẫu"]);
    on(&s, &url, &["merge", "b.json"]);
    let xa = commune_role(&url, UNIT);
    // the units' entries interleave in the server's numbering
    on(
        &s,
        &xa,
        &["record", "assessment", "MA-CAM", "--on", "2026-11-20"],
    );
    on(&s, &url, &["profile", "--officer", "Nguyễn Văn Tỉnh"]);
    let prov = s.path("province.sqlite3");
    let p = prov.to_str().expect("utf-8");
    let out = on(&s, &url, &["backup", p]);
    assert!(out.contains("4 mục nhật ký"), "{out}");
    // the SQLite file holds both chains, each entry with its unit
    let c = rusqlite::Connection::open(&prov).expect("open");
    let units: Vec<(i64, String)> = c
        .prepare("SELECT seq, unit FROM change_log ORDER BY seq")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let names: Vec<&str> = units.iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(names, ["", "", UNIT, ""]);
    drop(c);
    // a new province store restored from it reads the same
    let Some(url2) = testdb::fresh() else { return };
    on(&s, &url2, &["restore", p]);
    assert_eq!(
        on(&s, &url2, &["due", "--json", "--unit", UNIT]),
        on(&s, &url, &["due", "--json", "--unit", UNIT])
    );
    assert!(on(&s, &url2, &["verify"]).contains("(5 "));
    // the commune's own backup: its one entry, its unit its own
    let home = s.path("xa.sqlite3");
    let out = on(&s, &xa, &["backup", home.to_str().expect("utf-8")]);
    assert!(out.contains("1 mục nhật ký"), "{out}");
    // restored into an SQLite store, its chain (numbered by the server) checks
    let local = s.path("local.sqlite3");
    let l = local.to_str().expect("utf-8");
    on(&s, l, &["restore", home.to_str().expect("utf-8")]);
    assert_eq!(
        on(&s, l, &["due", "--json"]),
        on(&s, &xa, &["due", "--json"])
    );
}

#[test]
fn a_province_role_merges_what_row_level_security_lets_it_write() {
    let Some(url) = testdb::fresh() else { return };
    let s = Sandbox::new();
    demo(&s, &["bundle", "b.json"]);
    let role = format!("{}_pv", db_name(&url));
    let mut c = capdo::store::pg::connect(&url).expect("connect");
    // the store's tables exist before the province's officer comes
    on(&s, &url, &["profile"]);
    c.batch_execute(&format!("CREATE ROLE {role} LOGIN IN ROLE capdo_province"))
        .expect("role");
    let pv = testdb::as_user(&url, &role);
    let out = on(&s, &pv, &["merge", "b.json"]);
    assert!(out.contains("không gộp: thông tin đơn vị"), "{out}");
    assert!(!out.contains("dự án"), "{out}");
    // the systems and their records are in, readable by the province and by the commune
    let xa = commune_role(&url, UNIT);
    assert_eq!(
        on(&s, &xa, &["systems", "--json"]),
        demo(&s, &["systems", "--json"])
    );
    let prov = s.path("province.sqlite3");
    on(&s, &pv, &["backup", prov.to_str().expect("utf-8")]);
    let units = on(
        &s,
        prov.to_str().expect("utf-8"),
        &["due", "--json", "--unit", UNIT],
    );
    assert!(units.contains("MA-CAM"), "{units}");
}

#[test]
fn merge_and_imports_go_into_postgresql() {
    let s = Sandbox::new();
    // CSV and XLSX: the same inventory as on SQLite
    s.write(
        "seed.csv",
        &csv(
            "code,name,level",
            (0..30).map(|i| format!("S{i:03},Hệ thống {i},{}", 1 + i % 3)),
        ),
    );
    demo(&s, &["export", "sample.xlsx"]);
    for file in ["seed.csv", "sample.xlsx"] {
        let Some(url) = testdb::fresh() else { return };
        let lite = s.path(&format!("{file}.sqlite3"));
        let l = lite.to_str().expect("utf-8");
        on(&s, l, &["import", file]);
        on(&s, &url, &["import", file]);
        assert_eq!(
            on(&s, &url, &["systems", "--json"]),
            on(&s, l, &["systems", "--json"]),
            "{file}"
        );
        assert_eq!(
            on(&s, &url, &["due", "--json"]),
            on(&s, l, &["due", "--json"])
        );
    }
    // JSON: the whole store
    let Some(url) = testdb::fresh() else { return };
    demo(&s, &["export", "sample.json"]);
    on(&s, &url, &["import", "sample.json"]);
    assert_eq!(
        on(&s, &url, &["due", "--json"]),
        demo(&s, &["due", "--json"])
    );
    // a merge into it, then the same merge again changes nothing
    s.write(
        "other.csv",
        &csv("code,name,level", ["K1,Khác,2".to_string()]),
    );
    let other = s.path("other.sqlite3");
    let o = other.to_str().expect("utf-8");
    on(&s, o, &["import", "other.csv"]);
    on(&s, o, &["profile", "--unit", "UBND xã Khác"]);
    on(&s, o, &["bundle", "k.json"]);
    let first = on(&s, &url, &["merge", "k.json"]);
    assert!(first.contains("UBND xã Khác"), "{first}");
    on(&s, &url, &["merge", "k.json"]);
    let due = on(&s, &url, &["due", "--json", "--unit", "UBND xã Khác"]);
    assert!(due.contains("\"K1\""), "{due}");
}

#[test]
fn handover_works_on_postgresql() {
    let Some(url) = testdb::fresh() else { return };
    let s = Sandbox::new();
    demo(&s, &["export", "sample.json"]);
    on(&s, &url, &["import", "sample.json"]);
    let dir = s.path("pack");
    let d = dir.to_str().expect("utf-8");
    on(&s, &url, &["handover", d]);
    on(&s, &url, &["handover", "--verify", d]);
    // the pack's store is the unit's, offline
    let db = dir.join("capdo.sqlite3");
    assert_eq!(
        on(&s, db.to_str().expect("utf-8"), &["due", "--json"]),
        on(&s, &url, &["due", "--json"])
    );
}
