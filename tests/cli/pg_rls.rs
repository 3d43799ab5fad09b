//! Row-level security on a shared PostgreSQL store: two commune roles, each given its unit by
//! `capdo admin grant-unit`, write their data through capdo; connected with a raw client,
//! whatever SQL one sends, it neither reads nor changes the other's rows; a province role
//! reads both; through the binary each sees its own unit as the local one; `bundle --unit`
//! writes one unit's bundle. Skipped without CAPDO_TEST_PG (an error under CI).

use std::collections::BTreeMap;
use std::process::Output;
use std::sync::atomic::{AtomicU32, Ordering};

use capdo::store::{pg, testdb};
use serde_json::Value;

use crate::common::sandbox::{Sandbox, TODAY, describe, stderr, stdout};

/// Every table that carries a unit, and the column naming a row.
const TABLES: &[(&str, Option<&str>)] = &[
    ("system", Some("id")),
    ("dossier_step", Some("id")),
    ("assessment", Some("id")),
    ("incident", Some("id")),
    ("incident_report", Some("incident_id")),
    ("project", Some("id")),
    ("report_submission", Some("id")),
    ("custom_deadline", Some("id")),
    ("evidence", Some("id")),
    ("change_log", Some("seq")),
    ("profile", None),
    ("calendar_day", None),
];

struct Role {
    name: String,
    unit: &'static str,
    /// The prefix of its system codes.
    prefix: &'static str,
    url: String,
}

struct Province {
    sb: Sandbox,
    /// The owner's (the test server's superuser) connection string.
    owner: String,
    a: Role,
    b: Role,
    /// A province role's connection string.
    province: String,
}

fn capdo(sb: &Sandbox, url: &str, args: &[&str]) -> Output {
    sb.bare()
        .args(["--db", url, "--today", TODAY])
        .args(args)
        .output()
        .expect("run capdo")
}

fn ok(sb: &Sandbox, url: &str, args: &[&str]) -> String {
    let o = capdo(sb, url, args);
    assert!(
        o.status.success(),
        "capdo {} {args:?}: {}",
        pg::redacted(url),
        describe(&o)
    );
    stdout(&o)
}

/// Role names are the server's, shared by every database of the test cluster: unique per run.
fn role_name(tag: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "rls_{tag}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn client(url: &str) -> postgres::Client {
    pg::connect(url).unwrap_or_else(|e| panic!("{}: {e}", pg::redacted(url)))
}

/// The sample inventory with its codes under `prefix` (MA- → MB- for the second unit).
fn inventory(sb: &Sandbox, prefix: &str) -> String {
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample/inventory.csv"
    ))
    .expect("sample inventory");
    let p = sb.write(
        &format!("{prefix}inventory.csv"),
        csv.replace("MA-", prefix).as_bytes(),
    );
    p.display().to_string()
}

/// The unit's data written as its own role: through capdo (profile, systems with their dossier
/// steps and assessments, a report submission, a calendar day, evidence; each a change-log
/// entry), and with SQL the role may send for its own unit (an incident and its report, a
/// project, a custom deadline).
fn seed(sb: &Sandbox, r: &Role) {
    let url = r.url.as_str();
    ok(
        sb,
        url,
        &["profile", "--unit", r.unit, "--officer", "Cán bộ"],
    );
    ok(sb, url, &["import", &inventory(sb, r.prefix)]);
    ok(
        sb,
        url,
        &[
            "record",
            "report",
            "annual",
            "--period",
            "2025",
            "--on",
            "2025-12-18",
        ],
    );
    ok(
        sb,
        url,
        &["calendar", "add", "2026-12-24", "--note", "Nghỉ"],
    );
    let doc = sb.write(&format!("{}qd.txt", r.prefix), r.unit.as_bytes());
    let lan = format!("{}LAN", r.prefix);
    ok(
        sb,
        url,
        &[
            "evidence",
            "add",
            &lan,
            &doc.display().to_string(),
            "--kind",
            "decision",
        ],
    );
    let mut c = client(url);
    let sys: i64 = c
        .query_one("SELECT id FROM system WHERE code = $1", &[&lan])
        .expect("own system")
        .get(0);
    let inc: i64 = c
        .query_one(
            "INSERT INTO incident (system_id, title, detected_at, kind) VALUES ($1, 'Mã độc', '2026-11-20T08:00:00', 'malware') RETURNING id",
            &[&sys],
        )
        .expect("own incident")
        .get(0);
    c.execute(
        "INSERT INTO incident_report (incident_id, report, sent_at) VALUES ($1, 'initial', '2026-11-20T09:00:00')",
        &[&inc],
    )
    .expect("own incident report");
    c.batch_execute(
        "INSERT INTO project (year, name, total_budget, security_budget) VALUES (2026, 'Dự án', 1000, 100);
         INSERT INTO custom_deadline (title, due_on) VALUES ('Việc riêng', '2026-12-31');",
    )
    .expect("own project and deadline");
}

fn setup() -> Option<Province> {
    let owner = testdb::fresh()?;
    let sb = Sandbox::new();
    let (a, b, p) = (role_name("a"), role_name("b"), role_name("p"));
    let mut admin = client(&owner);
    for r in [&a, &b, &p] {
        admin
            .batch_execute(&format!("CREATE ROLE {r} LOGIN"))
            .expect("create role");
    }
    ok(
        &sb,
        &owner,
        &[
            "profile",
            "--unit",
            "Sở Khoa học tỉnh",
            "--tier",
            "province",
        ],
    );
    let a = Role {
        url: testdb::as_user(&owner, &a),
        name: a,
        unit: "Xã An Hòa",
        prefix: "MA-",
    };
    let b = Role {
        url: testdb::as_user(&owner, &b),
        name: b,
        unit: "Phường Bình Minh",
        prefix: "MB-",
    };
    ok(&sb, &owner, &["admin", "grant-unit", &a.name, a.unit]);
    ok(&sb, &owner, &["admin", "grant-unit", &b.name, b.unit]);
    ok(&sb, &owner, &["admin", "grant-all", &p]);
    seed(&sb, &a);
    seed(&sb, &b);
    Some(Province {
        province: testdb::as_user(&owner, &p),
        sb,
        owner,
        a,
        b,
    })
}

/// Every row of `unit` in every table, as text, read by the owner.
fn snapshot(owner: &str, unit: &str) -> BTreeMap<&'static str, Vec<String>> {
    let mut c = client(owner);
    TABLES
        .iter()
        .map(|(t, _)| {
            let rows = c
                .query(
                    &format!("SELECT x::text FROM {t} x WHERE unit = $1 ORDER BY 1"),
                    &[&unit],
                )
                .expect("snapshot");
            (*t, rows.iter().map(|r| r.get::<_, String>(0)).collect())
        })
        .collect()
}

/// `me`, connected with a raw client, tries to read and write `other`'s rows.
fn attack(owner: &str, me: &Role, other: &Role) {
    let mut admin = client(owner);
    let ids_of = |admin: &mut postgres::Client, t: &str, col: &str, unit: &str| -> Vec<i64> {
        admin
            .query(
                &format!("SELECT {col} FROM {t} WHERE unit = $1 ORDER BY 1"),
                &[&unit],
            )
            .expect("ids")
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    let ids = |admin: &mut postgres::Client, t: &str, col: &str| ids_of(admin, t, col, other.unit);
    let their_system = ids(&mut admin, "system", "id")[0];
    let their_incident = ids(&mut admin, "incident", "id")[0];
    let before = snapshot(owner, other.unit);
    for (t, rows) in &before {
        assert!(!rows.is_empty(), "{}: no {t} rows to attack", other.unit);
    }

    let mut c = client(&me.url);
    let who = &me.name;
    // reads: its own rows only, whatever the WHERE
    for (t, _) in TABLES {
        let n: i64 = c
            .query_one(&format!("SELECT count(*) FROM {t}"), &[])
            .expect("count")
            .get(0);
        assert!(n > 0, "{who} sees none of its own {t}");
        let theirs: i64 = c
            .query_one(
                &format!("SELECT count(*) FROM {t} WHERE unit <> $1"),
                &[&me.unit],
            )
            .expect("count")
            .get(0);
        assert_eq!(theirs, 0, "{who} reads another unit's {t}");
    }
    let seen: i64 = c
        .query_one(
            "SELECT count(*) FROM capdo_unit_profile($1)",
            &[&other.unit],
        )
        .expect("unit profile")
        .get(0);
    assert_eq!(seen, 0, "{who} reads {}'s profile", other.unit);
    // writes by key: nothing matches
    for (t, col) in TABLES {
        let (sql_u, sql_d) = match col {
            Some(col) => {
                let keys = ids(&mut admin, t, col);
                let list = keys
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                (
                    format!("UPDATE {t} SET unit = unit WHERE {col} IN ({list})"),
                    format!("DELETE FROM {t} WHERE {col} IN ({list})"),
                )
            }
            None => (
                format!("UPDATE {t} SET unit = unit WHERE unit = '{}'", other.unit),
                format!("DELETE FROM {t} WHERE unit = '{}'", other.unit),
            ),
        };
        for sql in [sql_u, sql_d] {
            match c.execute(sql.as_str(), &[]) {
                Ok(0) | Err(_) => {}
                Ok(n) => panic!("{who}: `{sql}` changed {n} rows"),
            }
        }
    }
    // writes that name the other unit, its rows, or a way around the policies: all refused
    let o = other.unit;
    let own_system = ids_of(&mut admin, "system", "id", me.unit)[0];
    let own_incident = ids_of(&mut admin, "incident", "id", me.unit)[0];
    // the same rows for its own unit go in (checked in a transaction rolled back), so each
    // refusal below is the policy's, not a mistake in the statement
    let named = |u: &str, sys: i64, inc: i64| {
        vec![
            format!(
                "INSERT INTO system (unit, code, name, created_at, updated_at) VALUES ('{u}', 'X-1', 'x', 'x', 'x')"
            ),
            format!(
                "INSERT INTO project (unit, year, name, total_budget, security_budget) VALUES ('{u}', 2026, 'x', 0, 0)"
            ),
            format!(
                "INSERT INTO report_submission (unit, report, period, submitted_on) VALUES ('{u}', 'annual', '2024', '2024-12-01')"
            ),
            format!(
                "INSERT INTO change_log (unit, at, os_user, officer, entity, entity_key, action, prev_hash, hash) VALUES ('{u}', 'x', 'x', 'x', 'system', 'x', 'create', 'x', 'x')"
            ),
            format!(
                "INSERT INTO calendar_day (unit, on_date, working, note, added_at) VALUES ('{u}', '2026-12-25', 0, 'x', 'x')"
            ),
            format!(
                "INSERT INTO dossier_step (system_id, state, recorded_at) VALUES ({sys}, 'drafting', 'x')"
            ),
            format!(
                "INSERT INTO assessment (system_id, completed_on) VALUES ({sys}, '2026-11-01')"
            ),
            format!(
                "INSERT INTO evidence (system_id, kind, path, size, sha256, recorded_at) VALUES ({sys}, 'other', 'x', 0, 'x', 'x')"
            ),
            format!(
                "INSERT INTO incident (system_id, title, detected_at, kind) VALUES ({sys}, 'x', 'x', 'malware')"
            ),
            format!(
                "INSERT INTO custom_deadline (system_id, title, due_on) VALUES ({sys}, 'x', '2026-12-31')"
            ),
            format!(
                "INSERT INTO incident_report (incident_id, report, sent_at) VALUES ({inc}, 'final', 'x')"
            ),
            format!(
                "UPDATE dossier_step SET system_id = {sys} WHERE unit = '{}'",
                me.unit
            ),
        ]
    };
    for sql in named(me.unit, own_system, own_incident) {
        let mut tx = c.transaction().expect("begin");
        tx.batch_execute(&sql)
            .unwrap_or_else(|e| panic!("{who}: its own `{sql}` refused: {e}"));
        tx.rollback().expect("rollback");
    }
    let mut refused = named(o, their_system, their_incident);
    refused.extend([
        format!("INSERT INTO profile (unit, id, tracking_start, created_at) VALUES ('{o}', 1, 'x', 'x')"),
        format!("UPDATE incident SET system_id = {their_system}"),
        format!("UPDATE system SET unit = '{o}'"),
        format!("UPDATE project SET unit = '{o}'"),
        format!("UPDATE profile SET unit = '{o}'"),
        format!("INSERT INTO unit_grant (role, unit, granted_at) VALUES ('{who}', '{o}', 'x')"),
        format!("UPDATE unit_grant SET unit = '{o}'"),
        format!("SET ROLE {}", other.name),
        "SET ROLE capdo_province".to_owned(),
        "SET row_security = off; SELECT count(*) FROM system".to_owned(),
        "TRUNCATE system CASCADE".to_owned(),
        "ALTER TABLE system DISABLE ROW LEVEL SECURITY".to_owned(),
        "DROP POLICY system_by_unit ON system".to_owned(),
        "CREATE OR REPLACE FUNCTION capdo_sees(u text) RETURNS boolean LANGUAGE sql AS 'SELECT true'".to_owned(),
        "CREATE FUNCTION public.x() RETURNS int LANGUAGE sql AS 'SELECT 1'".to_owned(),
        format!("GRANT capdo_province TO {who}"),
    ]);
    for sql in &refused {
        let r = c.batch_execute(sql);
        assert!(r.is_err(), "{who}: `{sql}` was allowed");
    }
    // its own rows stayed its own, and the other unit's are as they were
    let after = snapshot(owner, other.unit);
    assert_eq!(before, after, "{who} changed {}'s rows", other.unit);
    let n: i64 = admin
        .query_one(
            "SELECT count(*) FROM unit_grant WHERE role = $1",
            &[&me.name],
        )
        .expect("grants")
        .get(0);
    assert_eq!(n, 1, "{who} changed its grants");
}

#[test]
fn a_commune_role_neither_reads_nor_writes_another_units_rows() {
    let Some(p) = setup() else { return };
    attack(&p.owner, &p.a, &p.b);
    attack(&p.owner, &p.b, &p.a);

    // a province role reads every unit
    let mut c = client(&p.province);
    for (t, _) in TABLES
        .iter()
        .filter(|(t, _)| !matches!(*t, "profile" | "calendar_day"))
    {
        let units: Vec<String> = c
            .query(&format!("SELECT DISTINCT unit FROM {t} ORDER BY 1"), &[])
            .expect("province reads")
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert!(
            units.iter().any(|u| u == p.a.unit) && units.iter().any(|u| u == p.b.unit),
            "province reads {t} of {units:?}"
        );
    }
}

/// The codes a `systems --json` / `due --json` output names.
fn codes(json: &str, key: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .filter_map(|x| x[key].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn through_capdo_a_commune_sees_its_own_unit_as_the_local_one() {
    let Some(p) = setup() else { return };
    for (me, other) in [(&p.a, &p.b), (&p.b, &p.a)] {
        let out = ok(&p.sb, &me.url, &["systems", "--json"]);
        let v: Value = serde_json::from_str(&out).expect("json");
        let list = v.as_array().expect("array");
        assert_eq!(list.len(), 16, "{}", me.name);
        for s in list {
            assert_eq!(s["unit"], "", "{s}");
            assert!(s["code"].as_str().is_some_and(|c| c.starts_with(me.prefix)));
        }
        let due = codes(&ok(&p.sb, &me.url, &["due", "--json"]), "system");
        assert!(!due.is_empty());
        assert!(
            due.iter().all(|c| c.starts_with(me.prefix)),
            "{} is told of {}'s deadlines: {due:?}",
            me.name,
            other.name
        );
        let v = capdo(&p.sb, &me.url, &["verify"]);
        assert!(v.status.success(), "{}", describe(&v));
        // a commune role cannot grant: the server refuses, capdo says to ask the owner
        let g = capdo(
            &p.sb,
            &me.url,
            &["admin", "grant-unit", &me.name, other.unit],
        );
        assert_eq!(g.status.code(), Some(1), "{}", describe(&g));
        assert!(
            stderr(&g).contains("sở hữu cơ sở dữ liệu"),
            "{}",
            describe(&g)
        );
    }
    // the province sees both units' systems, each under its unit
    let all = ok(&p.sb, &p.province, &["systems", "--json"]);
    let v: Value = serde_json::from_str(&all).expect("json");
    let units: std::collections::BTreeSet<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["unit"].as_str())
        .collect();
    assert_eq!(units, [p.b.unit, p.a.unit].into_iter().collect());
    let v = capdo(&p.sb, &p.province, &["verify"]);
    assert!(v.status.success(), "{}", describe(&v));
    // the owner lists the grants
    let grants: Value =
        serde_json::from_str(&ok(&p.sb, &p.owner, &["admin", "grants", "--json"])).expect("json");
    let units: Vec<(String, Value)> = grants
        .as_array()
        .expect("array")
        .iter()
        .filter(|g| {
            g["role"]
                .as_str()
                .is_some_and(|r| r == p.a.name || r == p.b.name)
        })
        .map(|g| {
            (
                g["role"].as_str().unwrap_or("").to_owned(),
                g["unit"].clone(),
            )
        })
        .collect();
    assert_eq!(
        units,
        vec![
            (p.a.name.clone(), Value::from(p.a.unit)),
            (p.b.name.clone(), Value::from(p.b.unit))
        ]
    );
}

#[test]
fn revoking_a_unit_leaves_the_role_nothing() {
    let Some(p) = setup() else { return };
    let out = ok(
        &p.sb,
        &p.owner,
        &["--lang", "en", "admin", "revoke", &p.a.name],
    );
    assert!(out.contains("Took back"), "{out}");
    let mut c = client(&p.a.url);
    for (t, _) in TABLES {
        // no longer in capdo_commune: no privilege on the tables at all
        if let Ok(r) = c.query_one(&format!("SELECT count(*) FROM {t}"), &[]) {
            assert_eq!(r.get::<_, i64>(0), 0, "a revoked role still reads {t}");
        }
    }
    // and capdo, opened by it, writes nothing anywhere
    let o = capdo(&p.sb, &p.a.url, &["systems", "--json"]);
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    assert!(
        stderr(&o).contains(&format!("capdo admin grant-unit {}", p.a.name)),
        "{}",
        describe(&o)
    );
    let again = ok(
        &p.sb,
        &p.owner,
        &["--lang", "en", "admin", "revoke", &p.a.name],
    );
    assert!(again.contains("unchanged"), "{again}");
    // granted back, under the unit's one spelling, it finds its data again
    let o = capdo(
        &p.sb,
        &p.owner,
        &["admin", "grant-unit", &p.a.name, "xa an hoa"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("\"Xã An Hòa\""), "{}", describe(&o));
    ok(
        &p.sb,
        &p.owner,
        &["admin", "grant-unit", &p.a.name, p.a.unit],
    );
    let list = ok(&p.sb, &p.a.url, &["systems", "--json"]);
    let v: Value = serde_json::from_str(&list).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(16));
}

#[test]
fn the_province_bundles_one_unit_that_merges_as_it() {
    let Some(p) = setup() else { return };
    let file = p.sb.path("binh-minh.capdo.json");
    let f = file.display().to_string();
    let out = ok(
        &p.sb,
        &p.province,
        &["--lang", "en", "bundle", &f, "--unit", "phuong binh minh"],
    );
    assert!(out.contains("\"Phường Bình Minh\""), "{out}");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("bundle")).expect("bundle json");
    let m = &doc["manifest"];
    assert_eq!(m["unit"], p.b.unit);
    assert_eq!(m["counts"]["systems"], 16);
    assert_eq!(m["counts"]["dossier_steps"], 6, "{m}");
    assert_eq!(m["counts"]["incidents"], 1, "{m}");
    let content: Value =
        serde_json::from_str(doc["content"].as_str().expect("content")).expect("content json");
    let codes: Vec<&str> = content["systems"]
        .as_array()
        .expect("systems")
        .iter()
        .filter_map(|s| s["code"].as_str())
        .collect();
    assert!(codes.iter().all(|c| c.starts_with("MB-")), "{codes:?}");
    // the unit's chain is numbered among every unit's entries: it stays in the store
    assert_eq!(m["counts"]["change_log"], 0, "{m}");
    // merged into an SQLite store, it is that unit's 16 systems
    let lite = p.sb.db().display().to_string();
    ok(&p.sb, &lite, &["profile", "--unit", "Tỉnh (bản SQLite)"]);
    ok(&p.sb, &lite, &["merge", &f]);
    let merged = ok(&p.sb, &lite, &["systems", "--json", "--unit", p.b.unit]);
    assert_eq!(codes_of(&merged).len(), 16);
    // a commune role bundles nothing but its own
    let o = capdo(
        &p.sb,
        &p.a.url,
        &[
            "bundle",
            &p.sb.path("x.json").display().to_string(),
            "--unit",
            p.b.unit,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(!p.sb.path("x.json").exists());
}

fn codes_of(json: &str) -> Vec<String> {
    codes(json, "code")
}

#[test]
fn admin_refuses_an_sqlite_store() {
    let sb = Sandbox::new();
    sb.ok(&["profile", "--unit", "Xã Mẫu An"]);
    for args in [
        vec!["admin", "grants"],
        vec!["admin", "grant-unit", "xa_an", "Xã An"],
        vec!["admin", "grant-all", "tinh"],
        vec!["admin", "revoke", "xa_an"],
    ] {
        let o = sb.run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", describe(&o));
        assert!(stderr(&o).contains("kho SQLite"), "{}", describe(&o));
        let mut en = vec!["--lang", "en"];
        en.extend(&args);
        let o = sb.run(&en);
        assert!(stderr(&o).contains("SQLite store"), "{}", describe(&o));
    }
    // a bad role name is refused before any store is touched
    let o = sb.run(&["admin", "grant-unit", "", "Xã An"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
}

#[test]
fn on_sqlite_bundle_unit_rebundles_a_merged_unit() {
    let sb = Sandbox::new();
    let a = sb.path("a.sqlite3").display().to_string();
    let p = sb.db().display().to_string();
    ok(
        &sb,
        &a,
        &["profile", "--unit", "Xã Mẫu An", "--parent", "UBND huyện"],
    );
    ok(&sb, &a, &["import", &inventory(&sb, "MA-")]);
    let first = sb.path("a.json").display().to_string();
    ok(&sb, &a, &["bundle", &first]);
    ok(
        &sb,
        &p,
        &["profile", "--unit", "Tỉnh", "--tier", "province"],
    );
    ok(&sb, &p, &["merge", &first]);
    let again = sb.path("again.json").display().to_string();
    ok(&sb, &p, &["bundle", &again, "--unit", "xa mau an"]);
    let read = |f: &str| -> (Value, Value) {
        let doc: Value = serde_json::from_slice(&std::fs::read(f).expect("bundle")).expect("json");
        let content: Value =
            serde_json::from_str(doc["content"].as_str().expect("content")).expect("content");
        (doc["manifest"].clone(), content)
    };
    let (m1, c1) = read(&first);
    let (m2, c2) = read(&again);
    for k in ["unit", "tier", "parent_authority"] {
        assert_eq!(m1[k], m2[k], "{k}");
    }
    for k in ["systems", "dossier_steps", "assessments", "incidents"] {
        assert_eq!(c1[k], c2[k], "{k}");
    }
}

/// A commune role cannot hold another unit's writers: the lock that keeps a unit's change log
/// one chain is a row lock on the unit's own profile row, which row-level security hides from
/// every other unit's role; the advisory lock once used (keyed by a name anyone can compute)
/// no longer matters. Unit A holds what it can in an open transaction, B still writes; and
/// two writers of one unit still wait for each other (the store test of one chain).
#[test]
fn a_commune_role_cannot_hold_another_units_writers() {
    let Some(p) = setup() else { return };
    let mut a = client(&p.a.url);
    let mut tx = a.transaction().expect("begin");
    tx.batch_execute(&format!(
        "SELECT pg_advisory_xact_lock(hashtext('capdo:' || '{}'))",
        p.b.unit
    ))
    .expect("an advisory lock anyone may take");
    let seen = tx
        .query(
            "SELECT officer FROM profile WHERE unit = $1 FOR UPDATE",
            &[&p.b.unit],
        )
        .expect("lock what A sees of B's profile");
    assert!(seen.is_empty(), "A sees B's profile row");
    let (done_tx, done) = std::sync::mpsc::channel();
    let mut write = p.sb.bare();
    write.args([
        "--db",
        &p.b.url,
        "--today",
        TODAY,
        "calendar",
        "add",
        "2026-12-31",
    ]);
    write.args(["--note", "ghi trong lúc A giữ khóa"]);
    std::thread::spawn(move || {
        let _ = done_tx.send(write.output());
    });
    let o = done
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("B's write was blocked by unit A")
        .expect("run capdo");
    assert!(o.status.success(), "{}", describe(&o));
    tx.rollback().expect("rollback");
}
