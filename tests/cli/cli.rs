//! The real `capdo` binary on temporary stores: the `due --json` and `check` contracts, the other
//! subcommands, the global flags and their environment variables.
//!
//! Every run gets a sandboxed environment (HOME and the XDG directories inside a temporary
//! directory, no CAPDO_* variables) and an explicit reference date, so nothing depends on the
//! real clock or on the user's data.

use crate::common::sandbox;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The shared sandbox (`common::sandbox`), with the calls these tests make.
struct Sandbox(sandbox::Sandbox);

impl std::ops::Deref for Sandbox {
    type Target = sandbox::Sandbox;
    fn deref(&self) -> &sandbox::Sandbox {
        &self.0
    }
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox(sandbox::Sandbox::new())
    }

    /// `capdo` in the sandbox with no store or date chosen.
    fn bare(&self) -> Command {
        Command::from_std(self.0.bare())
    }

    /// `capdo --db <sandbox store> --today <today>`.
    fn capdo(&self, today: &str) -> Command {
        let mut c = self.bare();
        c.arg("--db").arg(self.db()).arg("--today").arg(today);
        c
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Imports CSV text on `today`; panics unless it succeeds.
    fn import(&self, today: &str, csv: &str) {
        self.write("in.csv", csv);
        self.capdo(today)
            .args(["import", "in.csv"])
            .assert()
            .success();
    }

    fn json(&self, today: &str, args: &[&str]) -> Value {
        let out = self.capdo(today).args(args).assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

/// Creates `<path>-wal`/`-shm` names.
fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

const KEYS: [&str; 7] = [
    "kind",
    "system",
    "title",
    "due_on",
    "days_left",
    "status",
    "basis",
];
const KINDS: [&str; 7] = [
    "assessment",
    "approval",
    "plan",
    "report",
    "incident",
    "custom",
    "regime",
];

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Checks every contract rule of one `due --json` output against the reference date and the
/// window; returns the items.
fn check_contract(v: &Value, today: &str, within: i64) -> Vec<Value> {
    let items = v.as_array().expect("a JSON array").clone();
    let today = date(today);
    let mut last: Option<Option<chrono::NaiveDate>> = None;
    for it in &items {
        let o = it.as_object().expect("objects");
        let keys: Vec<&str> = o.keys().map(String::as_str).collect();
        let mut want = KEYS.to_vec();
        want.sort_unstable();
        let mut got = keys.clone();
        got.sort_unstable();
        assert_eq!(got, want, "{it}");
        assert!(KINDS.contains(&o["kind"].as_str().unwrap()), "{it}");
        assert!(o["system"].is_null() || o["system"].is_string(), "{it}");
        assert!(!o["title"].as_str().unwrap().is_empty(), "{it}");
        assert!(!o["basis"].as_str().unwrap().is_empty(), "{it}");
        let due = o["due_on"].as_str().map(date);
        let days = o["days_left"].as_i64();
        assert_eq!(due.is_none(), o["days_left"].is_null(), "{it}");
        if let Some(due) = due {
            assert_eq!(days, Some((due - today).num_days()), "{it}");
        } else {
            // only a never-assessed system has no date
            assert_eq!(o["kind"], "assessment", "{it}");
        }
        let status = match days {
            None => "overdue",
            Some(d) if d < 0 => "overdue",
            Some(d) if d <= within => "due_soon",
            Some(_) => "upcoming",
        };
        assert_eq!(o["status"], status, "{it}");
        // null first, then ascending
        if let Some(prev) = last {
            match (prev, due) {
                (Some(_), None) => panic!("a null due_on after a date: {it}"),
                (Some(a), Some(b)) => assert!(a <= b, "{a} then {b}"),
                _ => {}
            }
        }
        last = Some(due);
    }
    items
}

fn field<'a>(items: &'a [Value], key: &str) -> Vec<&'a Value> {
    items.iter().map(|i| &i[key]).collect()
}

/// An inventory whose deadlines on 29/11/2026 (nd331) are known exactly.
const INVENTORY: &str = "\
code,name,relation,level,dossier_status,approved_on,plan_status,last_assessed_on,go_live_on
OK3,Cổng dịch vụ công xã,owned,3,approved,2025-06-30,full,2025-12-15,
NEW,Hệ thống camera mới,owned,2,drafting,,none,,2027-01-15
NEVER,Máy chủ nội bộ,owned,1,submitted,,partial,,
USED,Thư điện tử công vụ tỉnh,used,3,,,,,
";

/// A store created on 10/01/2026 holding INVENTORY.
fn known_store() -> Sandbox {
    let s = Sandbox::new();
    s.import("2026-01-10", INVENTORY);
    s
}

// ------------------------------------------------------------ due --json

#[test]
fn due_json_on_the_demo_follows_the_contract() {
    let s = Sandbox::new();
    let out = s
        .capdo("2026-11-29")
        .args(["--demo", "due", "--json", "--all"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let items = check_contract(&v, "2026-11-29", 30);
    // the sample has every kind of item
    let kinds: BTreeSet<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, KINDS.iter().copied().collect());
    assert!(items[0]["due_on"].is_null());
    // without --all only what is overdue or due soon
    let v = s.json("2026-11-29", &["--demo", "due", "--json"]);
    let short = check_contract(&v, "2026-11-29", 30);
    assert!(short.iter().all(|i| i["status"] != "upcoming"));
    let expected: Vec<&Value> = items.iter().filter(|i| i["status"] != "upcoming").collect();
    assert_eq!(short.iter().collect::<Vec<_>>(), expected);
    assert!(short.len() < items.len());
    // --demo never leaves a store behind
    assert!(!s.db().exists());
}

#[test]
fn due_json_gives_the_exact_items() {
    let s = known_store();
    let v = s.json("2026-11-29", &["due", "--json", "--all"]);
    let items = check_contract(&v, "2026-11-29", 30);
    let rows: Vec<(String, Value, Value, Value, String)> = items
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["system"].clone(),
                i["due_on"].clone(),
                i["days_left"].clone(),
                i["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let row = |k: &str, sys: Option<&str>, due: Option<&str>, days: Option<i64>, st: &str| {
        (
            k.to_owned(),
            sys.map_or(Value::Null, Value::from),
            due.map_or(Value::Null, Value::from),
            days.map_or(Value::Null, Value::from),
            st.to_owned(),
        )
    };
    assert_eq!(
        rows,
        vec![
            row("assessment", Some("NEVER"), None, None, "overdue"),
            row(
                "approval",
                Some("NEVER"),
                Some("2024-09-30"),
                Some(-790),
                "overdue"
            ),
            row(
                "plan",
                Some("NEVER"),
                Some("2024-12-31"),
                Some(-698),
                "overdue"
            ),
            // the quarterly reports of Q1 and Q2/2026 fell due under Telegram 33 §1.c
            // ("trước ngày 20": last days 19/3, 19/6) and stay until sent
            row("report", None, Some("2026-03-19"), Some(-255), "overdue"),
            row("report", None, Some("2026-06-19"), Some(-163), "overdue"),
            row(
                "assessment",
                Some("OK3"),
                Some("2026-12-15"),
                Some(16),
                "due_soon"
            ),
            // "trước ngày 20/12" and "trước ngày 25/12" (Decree 331 Art. 35)
            row("report", None, Some("2026-12-19"), Some(20), "due_soon"),
            row("report", None, Some("2026-12-24"), Some(25), "due_soon"),
            row(
                "assessment",
                Some("NEW"),
                Some("2027-01-15"),
                Some(47),
                "upcoming"
            ),
            row(
                "approval",
                Some("NEW"),
                Some("2027-01-15"),
                Some(47),
                "upcoming"
            ),
            row(
                "plan",
                Some("NEW"),
                Some("2027-01-15"),
                Some(47),
                "upcoming"
            ),
            // levelled before 01/7/2026: the new conditions by 30/06/2027 (Law 116 Art. 45.1)
            row(
                "regime",
                Some("OK3"),
                Some("2027-06-30"),
                Some(213),
                "upcoming"
            ),
        ]
    );
    // titles and citations in Vietnamese by default, from the pack in force (nd331)
    assert_eq!(
        items[0]["title"],
        "Chưa từng kiểm tra, đánh giá (cấp độ 1): Máy chủ nội bộ"
    );
    assert!(
        items[0]["basis"]
            .as_str()
            .unwrap()
            .starts_with("Nghị định 331/2026/NĐ-CP Điều 28"),
        "{}",
        items[0]["basis"]
    );
    assert_eq!(
        items[5]["title"],
        "Kiểm tra, đánh giá định kỳ 12 tháng (cấp độ 3): Cổng dịch vụ công xã"
    );
}

#[test]
fn within_moves_items_between_due_soon_and_upcoming() {
    let s = known_store();
    let count = |args: &[&str], status: &str| -> usize {
        let v = s.json("2026-11-29", args);
        v.as_array()
            .unwrap()
            .iter()
            .filter(|i| i["status"] == status)
            .count()
    };
    // default window 30 days: 16, 21 and 26 days ahead are due soon
    assert_eq!(count(&["due", "--json"], "due_soon"), 3);
    // 3 for the systems, 2 quarterly reports of Q1–Q2/2026 (Telegram 33 §1.c)
    assert_eq!(count(&["due", "--json"], "overdue"), 5);
    assert_eq!(count(&["due", "--json"], "upcoming"), 0);
    // --within 0: nothing due today, so only the overdue ones are listed
    let v = s.json("2026-11-29", &["due", "--json", "--within", "0"]);
    let items = check_contract(&v, "2026-11-29", 0);
    assert_eq!(items.len(), 5);
    assert!(field(&items, "status").iter().all(|x| **x == "overdue"));
    // --within 16 takes in exactly the item 16 days ahead
    let v = s.json("2026-11-29", &["due", "--json", "--within", "16"]);
    let items = check_contract(&v, "2026-11-29", 16);
    assert_eq!(items.len(), 6);
    assert_eq!(items[5]["system"], "OK3");
    // --within 47 takes in the go-live items; --all lists upcoming ones too
    assert_eq!(count(&["due", "--json", "--within", "47"], "due_soon"), 6);
    let v = s.json("2026-11-29", &["due", "--json", "--within", "47", "--all"]);
    let items = check_contract(&v, "2026-11-29", 47);
    assert_eq!(items.len(), 12);
    assert_eq!(items[11]["status"], "upcoming");
    // a bad window is a usage error
    s.capdo("2026-11-29")
        .args(["due", "--within", "-1"])
        .assert()
        .code(2);
}

#[test]
fn english_with_lang_and_capdo_lang() {
    let s = known_store();
    let v = s.json("2026-11-29", &["--lang", "en", "due", "--json"]);
    let items = check_contract(&v, "2026-11-29", 30);
    assert_eq!(
        items[0]["title"],
        "Never assessed (level 1): Máy chủ nội bộ"
    );
    assert!(
        items[0]["basis"]
            .as_str()
            .unwrap()
            .starts_with("Decree 331/2026/ND-CP Art. 28.5.a")
    );
    // the same through the environment
    let out = s
        .capdo("2026-11-29")
        .env("CAPDO_LANG", "en")
        .args(["due", "--json"])
        .assert()
        .success();
    let w: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(w, v);
    // the table too
    let a = s
        .capdo("2026-11-29")
        .args(["--lang", "en", "due"])
        .assert()
        .success();
    let text = stdout(&a);
    assert!(text.contains("5 overdue, 3 due within 30 days"), "{text}");
    assert!(text.contains("Never assessed (level 1)"), "{text}");
    let a = s.capdo("2026-11-29").arg("due").assert().success();
    let text = stdout(&a);
    assert!(
        text.contains("5 quá hạn, 3 sắp đến hạn trong 30 ngày"),
        "{text}"
    );
    assert!(text.contains("30/09/2024"), "{text}");
    // an unknown language is a usage error
    s.capdo("2026-11-29")
        .args(["--lang", "fr", "due"])
        .assert()
        .code(2);
}

#[test]
fn a_pinned_pack_changes_the_items() {
    let s = known_store();
    let v = s.json(
        "2026-11-29",
        &[
            "--rules",
            "nd85-2016",
            "--lang",
            "en",
            "due",
            "--json",
            "--all",
        ],
    );
    let items = check_contract(&v, "2026-11-29", 30);
    // the quarterly reports of nd85 since the store's tracking start (10/01/2026)
    let quarterly: Vec<&str> = items
        .iter()
        .filter(|i| i["kind"] == "report" && i["title"].as_str().unwrap().starts_with("Quarterly"))
        .map(|i| i["due_on"].as_str().unwrap())
        .collect();
    assert_eq!(
        quarterly,
        vec!["2026-03-19", "2026-06-19", "2026-09-19", "2026-12-19"]
    );
    assert!(items.iter().all(|i| i["kind"] != "regime"));
    let a = items.iter().find(|i| i["kind"] == "assessment").unwrap();
    // the 24-month interval per system is Telegram 33 §2.a(3); Decree 85 Art. 20.2.c sets
    // the organisation-wide cycle and the level 3–5 intervals
    let basis = a["basis"].as_str().unwrap();
    assert!(
        basis.starts_with("Official Telegram 33/CĐ-TTg §2.a(3)"),
        "{basis}"
    );
    assert!(
        basis.contains("Decree 85/2016/ND-CP Art. 20.2.c"),
        "{basis}"
    );
    // an unknown pack is refused and named
    let a = s
        .capdo("2026-11-29")
        .args(["--rules", "nd999", "due"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("nd85-2016, nd331-2026"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn overdue_reports_count_only_from_the_tracking_start() {
    // a store created on 29/11/2026: no quarterly report of 2026 is counted as overdue
    let s = Sandbox::new();
    s.import("2026-11-29", INVENTORY);
    let v = s.json(
        "2026-11-29",
        &[
            "--rules",
            "nd85-2016",
            "--lang",
            "en",
            "due",
            "--json",
            "--all",
        ],
    );
    let items = check_contract(&v, "2026-11-29", 30);
    let reports: Vec<&str> = items
        .iter()
        .filter(|i| i["kind"] == "report")
        .map(|i| i["due_on"].as_str().unwrap())
        .collect();
    assert_eq!(reports, vec!["2026-12-19", "2026-12-19", "2026-12-24"]);
}

// ------------------------------------------------------------------ check

#[test]
fn check_groups_thousands_as_the_language_writes_them() {
    let s = Sandbox::new();
    // 1,200 systems at level 2, never assessed: each one overdue
    let rows: String = (1..=1200)
        .map(|i| format!("S{i:04},Hệ thống {i},2\n"))
        .collect();
    s.import("2026-11-29", &format!("code,name,level\n{rows}"));
    let vi = stdout(&s.capdo("2026-11-29").arg("check").assert().code(2));
    let en = stdout(
        &s.capdo("2026-11-29")
            .args(["--lang", "en", "check"])
            .assert()
            .code(2),
    );
    let count = |line: &str, sep: char| {
        let n = line
            .trim_start_matches("capdo: ")
            .split(' ')
            .next()
            .unwrap()
            .to_owned();
        assert!(
            n.len() > 4 && n.as_bytes()[n.len() - 4] == sep as u8,
            "{n} in {line}"
        );
        n.replace(sep, "").parse::<usize>().unwrap()
    };
    let (v, e) = (count(&vi, '.'), count(&en, ','));
    assert!(v >= 1200, "{vi}");
    assert_eq!(v, e);
}

#[test]
fn check_exit_statuses() {
    let s = Sandbox::new();
    // an empty store (created now) with nothing within 30 days: 0
    let a = s.capdo("2026-01-10").arg("check").assert().code(0);
    assert_eq!(
        stdout(&a),
        "capdo: 0 quá hạn, 0 sắp đến hạn trong 30 ngày\n"
    );
    assert!(s.db().exists(), "the first command creates the store");
    // the quarterly report "trước ngày 20/03/2026" is due 19/03/2026, 68 days ahead
    let a = s
        .capdo("2026-01-10")
        .args(["--lang", "en", "check", "--within", "68"])
        .assert()
        .code(1);
    assert!(stdout(&a).starts_with("capdo: 0 overdue, 1 due within 68 days — most urgent: "));
    s.capdo("2026-01-10")
        .args(["check", "--within", "67"])
        .assert()
        .code(0);
    // on 29/11/2026 the quarterly reports of Q1–Q2/2026 are still overdue (they fell due under
    // Telegram 33 §1.c); once sent, only the annual report (19/12/2026) is due soon
    s.capdo("2026-11-29").arg("check").assert().code(2);
    for q in ["2026-Q1", "2026-Q2"] {
        s.capdo("2026-11-29")
            .args([
                "record",
                "report",
                "quarterly",
                "--period",
                q,
                "--on",
                "2026-11-29",
            ])
            .assert()
            .success();
    }
    s.capdo("2026-11-29").arg("check").assert().code(1);
    s.capdo("2026-11-29")
        .args(["check", "--within", "19"])
        .assert()
        .code(0);
    // overdue: 2
    s.import(
        "2026-11-29",
        "code,name,level,dossier_status,approved_on,plan_status\nA,Alpha,2,approved,2024-05-01,full\n",
    );
    let a = s
        .capdo("2026-11-29")
        .args(["--lang", "en", "check"])
        .assert()
        .code(2);
    assert_eq!(
        stdout(&a),
        "capdo: 1 overdue, 2 due within 30 days — most urgent: Periodic assessment every 24 months (level 2): Alpha (212 days late)\n"
    );
    // the system is assessed: due soon only again
    s.import(
        "2026-11-29",
        "code,name,last_assessed_on\nA,Alpha,2026-10-01\n",
    );
    s.capdo("2026-11-29").arg("check").assert().code(1);
}

/// `check` (and `due`) on `path` exit 3, say why, and leave the file as it was.
fn unusable(s: &Sandbox, path: &Path) {
    let before = std::fs::read(path).ok();
    for args in [&["check"][..], &["due", "--json"][..], &["systems"][..]] {
        let a = s
            .bare()
            .arg("--db")
            .arg(path)
            .args(["--today", "2026-11-29"])
            .args(args)
            .assert()
            .code(3);
        assert!(stdout(&a).is_empty(), "{}", stdout(&a));
        let err = stderr(&a);
        assert!(err.starts_with("capdo: "), "{err}");
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert_eq!(
            std::fs::read(path).ok(),
            before,
            "{args:?} changed the file"
        );
        if path.is_file() {
            assert!(!side(path, "-wal").exists() && !side(path, "-shm").exists());
        }
    }
}

#[test]
fn check_exits_3_when_the_store_is_unusable() {
    let s = Sandbox::new();
    // a text file
    let text = s.write("notes.txt", "Danh sách hệ thống\nA,B,C\n");
    unusable(&s, &text);
    // another program's SQLite database
    let other = s.path("other.sqlite3");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (42);")
            .unwrap();
    }
    unusable(&s, &other);
    // a capdo store from a newer capdo
    let newer = s.path("newer.sqlite3");
    s.bare()
        .arg("--db")
        .arg(&newer)
        .args(["--today", "2026-11-29", "check"])
        .assert()
        .code(1);
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        let v: i64 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        c.pragma_update(None, "user_version", v + 1).unwrap();
    }
    unusable(&s, &newer);
    // a damaged capdo store
    let damaged = s.path("damaged.sqlite3");
    std::fs::copy(&newer, &damaged).unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    let len = bytes.len();
    bytes.truncate(len / 2);
    bytes[100..200].fill(0xA5);
    std::fs::write(&damaged, &bytes).unwrap();
    unusable(&s, &damaged);
    // a directory
    let dir = s.path("a-directory");
    std::fs::create_dir(&dir).unwrap();
    unusable(&s, &dir);
    // the English message says capdo leaves the file alone
    let a = s
        .bare()
        .arg("--db")
        .arg(&other)
        .args(["--today", "2026-11-29", "--lang", "en", "check"])
        .assert()
        .code(3);
    assert!(stderr(&a).contains("not a capdo store"), "{}", stderr(&a));
}

// --------------------------------------------------------------- systems

#[test]
fn systems_json_lists_the_inventory() {
    let s = known_store();
    let v = s.json("2026-11-29", &["systems", "--json"]);
    let list = v.as_array().unwrap();
    let codes: Vec<&str> = list.iter().map(|x| x["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["OK3", "NEW", "NEVER", "USED"]);
    for key in [
        "code",
        "name",
        "owner",
        "operator",
        "relation",
        "level",
        "dossier_status",
        "approved_on",
        "decision_no",
        "plan_status",
        "go_live_on",
        "responsible",
        "notes",
        "last_assessed_on",
        "next_assessment_on",
        "decommissioned",
    ] {
        assert!(list.iter().all(|x| x.get(key).is_some()), "{key}");
    }
    let ok3 = &list[0];
    assert_eq!(ok3["level"], 3);
    assert_eq!(ok3["relation"], "owned");
    assert_eq!(ok3["dossier_status"], "approved");
    assert_eq!(ok3["approved_on"], "2025-06-30");
    assert_eq!(ok3["plan_status"], "full");
    assert_eq!(ok3["last_assessed_on"], "2025-12-15");
    assert_eq!(ok3["next_assessment_on"], "2026-12-15");
    assert_eq!(list[1]["next_assessment_on"], "2027-01-15");
    assert_eq!(list[2]["next_assessment_on"], Value::Null);
    assert_eq!(list[3]["relation"], "used");
    assert_eq!(list[3]["next_assessment_on"], Value::Null);
    // the table
    let a = s
        .capdo("2026-11-29")
        .args(["--lang", "en", "systems"])
        .assert()
        .success();
    let text = stdout(&a);
    assert!(text.lines().next().unwrap().starts_with("Code"), "{text}");
    assert!(text.contains("never — overdue"), "{text}");
    assert!(text.trim_end().ends_with("4 systems"), "{text}");
}

// ------------------------------------------------------ template, import

#[test]
fn a_template_filled_in_imports() {
    let s = Sandbox::new();
    s.capdo("2026-11-29")
        .args(["template", "mau.csv"])
        .assert()
        .success();
    let t = std::fs::read_to_string(s.path("mau.csv")).unwrap();
    assert_eq!(
        t,
        "\u{feff}Mã hệ thống,Tên hệ thống,Chủ quản,Đơn vị vận hành,Quan hệ,Cấp độ,Trạng thái hồ sơ,Ngày phê duyệt,Số quyết định,Phương án,Ngày kiểm tra đánh giá gần nhất,Ngày đưa vào vận hành,Người phụ trách,Ghi chú,Đang đầu tư xây dựng trước 01/7/2026\r\n"
    );
    s.capdo("2026-11-29")
        .args(["--lang", "en", "template", "template.csv"])
        .assert()
        .success();
    let t = std::fs::read_to_string(s.path("template.csv")).unwrap();
    assert_eq!(
        t,
        "\u{feff}code,name,owner,operator,relation,level,dossier_status,approved_on,decision_no,plan_status,last_assessed_on,go_live_on,responsible,notes,under_investment\r\n"
    );
    // an existing file is kept unless --force
    let before = std::fs::read(s.path("mau.csv")).unwrap();
    let a = s
        .capdo("2026-11-29")
        .args(["template", "mau.csv"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("--force"));
    assert_eq!(std::fs::read(s.path("mau.csv")).unwrap(), before);
    // the officer fills it in (as Excel saves it) and imports it
    let mut filled = std::fs::read_to_string(s.path("mau.csv")).unwrap();
    filled.push_str("MC-01,Cổng dịch vụ công,UBND xã,Văn phòng,sở hữu,3,đã phê duyệt,5/2/2024,12/QĐ-UBND,đầy đủ,15/12/2025,1/3/2020,Nguyễn Văn A,\r\n");
    filled.push_str("MC-02,Thư điện tử tỉnh,UBND tỉnh,Trung tâm CNTT,sử dụng,,,,,,,,,\r\n");
    std::fs::write(s.path("mau.csv"), filled).unwrap();
    let a = s
        .capdo("2026-11-29")
        .args(["--lang", "en", "import", "mau.csv"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "Imported mau.csv: 2 new, 0 updated, 0 unchanged systems; 1 assessment recorded.\n"
    );
    let v = s.json("2026-11-29", &["systems", "--json"]);
    assert_eq!(v[0]["code"], "MC-01");
    assert_eq!(v[0]["approved_on"], "2024-02-05");
    assert_eq!(v[0]["go_live_on"], "2020-03-01");
    assert_eq!(v[0]["last_assessed_on"], "2025-12-15");
    assert_eq!(v[1]["relation"], "used");
    assert_eq!(v[1]["level"], Value::Null);
    // --force replaces the template
    s.capdo("2026-11-29")
        .args(["template", "mau.csv", "--force"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(s.path("mau.csv"))
            .unwrap()
            .lines()
            .count(),
        1
    );
}

// ------------------------------------------------------------------ rules

#[test]
fn rules_json_lists_the_rules_in_force() {
    let s = Sandbox::new();
    // (kind, id) → the rule object, on a day, optionally pinned
    let rules = |today: &str, extra: &[&str]| -> Vec<Value> {
        let mut args = extra.to_vec();
        args.extend(["rules", "--json"]);
        let v = s.json(today, &args);
        let a = v.as_array().unwrap().clone();
        for r in &a {
            for k in ["id", "kind", "from", "until", "basis"] {
                assert!(r.get(k).is_some(), "{k} missing in {r}");
            }
            assert!(
                [
                    "assessment_interval",
                    "approval_deadline",
                    "plan_deadline",
                    "recurring_report",
                    "transition",
                    "incident_report",
                    "budget_share",
                    "authority",
                    "appraisal_limit",
                    "approval_limit",
                    "milestone"
                ]
                .contains(&r["kind"].as_str().unwrap()),
                "{r}"
            );
        }
        a
    };
    let find = |v: &[Value], kind: &str, id: &str| -> Value {
        v.iter()
            .find(|r| r["kind"] == kind && r["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // Law 116 Art. 38.1: 15% from 01/7/2026; Directive 14 before
    let june = rules("2026-06-30", &[]);
    assert_eq!(find(&june, "budget_share", "budget")["percent"], 10);
    let july = rules("2026-07-01", &[]);
    let b = find(&july, "budget_share", "budget");
    assert_eq!(b["percent"], 15);
    assert_eq!(b["from"], "2026-07-01");
    assert_eq!(b["until"], Value::Null);
    assert!(b["basis"].as_str().unwrap().contains("Điều 38 khoản 1"));
    // the 12-month transition from 01/7/2026 (Law 116 Art. 45.1); the 6-month one from 19/8
    assert_eq!(
        find(&july, "transition", "transition-conditions")["due_on"],
        "2027-06-30"
    );
    assert_eq!(
        find(&july, "transition", "transition-approval"),
        Value::Null
    );
    let aug = rules("2026-08-19", &[]);
    assert_eq!(
        find(&aug, "transition", "transition-approval")["due_on"],
        "2026-12-31"
    );
    // the quarterly report ends on 18/8/2026
    let q = find(&july, "recurring_report", "quarterly");
    assert_eq!(q["until"], "2026-08-18");
    assert_eq!(q["before_day"], 20);
    assert_eq!(find(&aug, "recurring_report", "quarterly"), Value::Null);
    // intervals per level; working-day limits under Decree 331
    let a = find(&aug, "assessment_interval", "assessment");
    assert_eq!(a["months"], serde_json::json!([24, 24, 12, 12, 6]));
    assert_eq!(a["adjustable"], true);
    let l = find(&aug, "appraisal_limit", "authority-4");
    assert_eq!(
        (l["days"].clone(), l["working"].clone()),
        (25.into(), true.into())
    );
    // a pinned regime: its rules stand
    let pinned = rules("2026-11-29", &["--rules", "nd85-2016"]);
    assert_eq!(find(&pinned, "budget_share", "budget")["percent"], 10);
    assert_eq!(
        find(&pinned, "recurring_report", "quarterly")["until"],
        Value::Null
    );
    // the text table shows the same
    let a = s.capdo("2026-07-01").arg("rules").assert().success();
    let text = stdout(&a);
    assert!(
        text.starts_with("Quy tắc có hiệu lực ngày 01/07/2026 — nd85-2016"),
        "{text}"
    );
    assert!(text.contains("Tỷ lệ kinh phí"), "{text}");
    assert!(text.contains("≥ 15%"), "{text}");
    assert!(text.contains("Mốc chuyển tiếp"), "{text}");
    let a = s
        .capdo("2026-11-29")
        .args(["--lang", "en", "--rules", "nd85-2016", "rules"])
        .assert()
        .success();
    let text = stdout(&a);
    assert!(
        text.starts_with("Rules of regime nd85-2016 (pinned"),
        "{text}"
    );
    assert!(text.contains("≥ 10%"), "{text}");
    // `rules` needs no store
    assert!(!s.db().exists());
}

// ------------------------------------------------------------ global flags

#[test]
fn demo_never_creates_the_store() {
    let s = Sandbox::new();
    s.write("new.csv", "code,name,level\nZ-01,Hệ thống thử,2\n");
    for (args, code) in [
        (&["due"][..], 0),
        (&["due", "--json", "--all"][..], 0),
        (&["check"][..], 2),
        (&["systems", "--json"][..], 0),
        (&["import", "new.csv"][..], 0),
        (&["rules"][..], 0),
    ] {
        s.capdo("2026-11-29")
            .arg("--demo")
            .args(args)
            .assert()
            .code(code);
        assert!(!s.db().exists(), "{args:?} created the store");
    }
    // nor the default one
    s.bare()
        .args(["--demo", "--today", "2026-11-29", "due"])
        .assert()
        .success();
    let data = std::fs::read_dir(s.path("xdg-data")).unwrap().count();
    let home = std::fs::read_dir(s.path("home")).unwrap().count();
    assert_eq!((data, home), (0, 0));
    // the demo import went nowhere: the next demo run does not have Z-01
    let v = s.json("2026-11-29", &["--demo", "systems", "--json"]);
    assert!(v.as_array().unwrap().iter().all(|x| x["code"] != "Z-01"));
    assert!(v.as_array().unwrap().len() >= 15);
}

#[test]
fn the_environment_chooses_store_date_and_language() {
    let s = Sandbox::new();
    let db = s.path("from-env.sqlite3");
    let run = |extra: &[&str]| {
        let out = s
            .bare()
            .env("CAPDO_DB", &db)
            .env("CAPDO_TODAY", "2026-07-01")
            .env("CAPDO_LANG", "en")
            .args(extra)
            .args(["rules", "--json"])
            .assert()
            .success();
        let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        // the first rule is the assessment interval
        (
            v[0]["adjustable"].as_bool().unwrap(),
            v[0]["basis"].as_str().unwrap().to_owned(),
        )
    };
    let (adjustable, basis) = run(&[]);
    assert!(!adjustable, "CAPDO_TODAY=2026-07-01 is before Decree 331");
    assert!(basis.starts_with("Official Telegram 33"), "{basis}");
    // flags win over the environment
    let (adjustable, basis) = run(&["--today", "2026-11-29", "--lang", "vi"]);
    assert!(adjustable);
    assert!(basis.starts_with("Nghị định 331/2026"), "{basis}");
    // CAPDO_DB is the store
    s.bare()
        .env("CAPDO_DB", &db)
        .env("CAPDO_TODAY", "29/11/2026")
        .arg("check")
        .assert()
        .code(1);
    assert!(db.is_file());
    assert!(!s.db().exists());
    // and --db wins over it
    s.bare()
        .env("CAPDO_DB", &db)
        .arg("--db")
        .arg(s.db())
        .args(["--today", "2026-11-29", "check"])
        .assert()
        .code(1);
    assert!(s.db().is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn the_default_store_lives_in_the_data_directory() {
    let s = Sandbox::new();
    s.bare()
        .args(["--today", "2026-11-29", "check"])
        .assert()
        .code(1);
    let store = s.path("xdg-data").join("capdo").join("capdo.sqlite3");
    assert!(store.is_file(), "{}", store.display());
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store), 0o600);
    assert_eq!(mode(store.parent().unwrap()), 0o700);
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let s = Sandbox::new();
    for (date, msg) in [
        (
            "2026-02-30",
            "--today: không có ngày này trong lịch (2026-02-30)",
        ),
        (
            "31/02/2026",
            "--today: không có ngày này trong lịch (31/02/2026)",
        ),
        ("yesterday", "--today: ngày không hợp lệ"),
    ] {
        let a = s
            .bare()
            .arg("--db")
            .arg(s.db())
            .args(["--today", date, "due"])
            .assert()
            .code(2);
        assert!(stderr(&a).contains(msg), "{}", stderr(&a));
    }
    assert!(!s.db().exists());
    // D/M/YYYY is accepted
    s.bare()
        .arg("--db")
        .arg(s.db())
        .args(["--today", "1/7/2026", "rules", "--json"])
        .assert()
        .success();
}

/// `capdo due --json | head -c 100`: the reader goes away after a few bytes of megabytes of
/// output; capdo ends quietly with status 0 (a closed pipe is not an error, and no panic).
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let s = Sandbox::new();
    let mut csv = String::from("code,name,level\n");
    for i in 0..3000 {
        csv.push_str(&format!("P{i:04},Hệ thống số {i},3\n"));
    }
    s.import("2026-11-29", &csv);
    let mut child = sandbox::command_in(s.dir.path())
        .args(["--db"])
        .arg(s.db())
        .args(["--today", "2026-11-29", "due", "--json", "--all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // stdout is dropped here: the pipe's reading end is closed
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(head.starts_with(b"[\n{\"kind\""));
}

/// The parts of an XLSX file as text.
fn xlsx_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn an_xlsx_template_is_a_workbook_capdo_imports() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let s = Sandbox::new();
    let a = s
        .capdo("2026-11-29")
        .args(["template", "mau.xlsx"])
        .assert()
        .success();
    assert!(
        stdout(&a).starts_with("Đã tạo mẫu mau.xlsx (15 cột"),
        "{}",
        stdout(&a)
    );
    let path = s.path("mau.xlsx");
    // a real workbook: headers, the example row marked "VÍ DỤ", dates as dates
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = wb.worksheet_range("Danh mục hệ thống").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header[0], "STT");
    assert_eq!(header[1], "Mã hệ thống");
    assert_eq!(header[6], "Cấp độ");
    assert_eq!(header.len(), 16);
    assert_eq!(rows[1][0].to_string(), "VÍ DỤ");
    assert_eq!(rows[1][1].to_string(), "VD-01");
    assert_eq!(rows[1][5].to_string(), "sở hữu");
    assert_eq!(rows[1][6], Data::Float(2.0));
    match &rows[1][8] {
        // 15/03/2025 is day 45731 of Excel's calendar
        Data::DateTime(d) => assert!(d.is_datetime() && d.as_f64() == 45731.0, "{d:?}"),
        other => panic!("approved_on is not a date: {other:?}"),
    }
    assert_eq!(rows.len(), 2, "headers and the example only");
    // drop-down lists for relation (E), level (F), dossier (G), plan (J); dates dd/mm/yyyy
    let xml = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    let lists: Vec<&str> = xml
        .split("<dataValidation ")
        .skip(1)
        .filter(|v| v.starts_with("type=\"list\""))
        .collect();
    assert_eq!(lists.len(), 4, "{xml}");
    for (cells, formula) in [
        ("F2:F1001", "\"sở hữu,sử dụng\""),
        ("G2:G1001", "\"1,2,3,4,5\""),
        (
            "H2:H1001",
            "\"chưa lập,đang lập,đã gửi thẩm định,đã thẩm định,đã phê duyệt,cần xác định lại\"",
        ),
        ("K2:K1001", "\"chưa triển khai,đang triển khai,đầy đủ\""),
    ] {
        assert!(
            lists
                .iter()
                .any(|v| v.contains(&format!("sqref=\"{cells}\""))
                    && v.contains(&format!("<formula1>{formula}</formula1>"))),
            "{cells}: {formula}\n{xml}"
        );
    }
    assert_eq!(xml.matches("type=\"date\"").count(), 3, "{xml}");
    let styles = xlsx_part(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"dd/mm/yyyy\""), "{styles}");
    // capdo imports its own template: the example is skipped, nothing else is there
    let a = s
        .capdo("2026-11-29")
        .args(["--lang", "en", "import", "mau.xlsx"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("0 new, 0 updated, 0 unchanged"),
        "{}",
        stdout(&a)
    );
    assert_eq!(
        s.json("2026-11-29", &["systems", "--json"]),
        Value::Array(vec![])
    );
    // in English: keys in the lists and "EXAMPLE"
    s.capdo("2026-11-29")
        .args(["--lang", "en", "template", "t.xlsx"])
        .assert()
        .success();
    let mut wb: Xlsx<_> = open_workbook(s.path("t.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Danh mục hệ thống").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows[0][1].to_string(), "code");
    assert_eq!(rows[1][0].to_string(), "EXAMPLE");
    assert!(
        xlsx_part(&s.path("t.xlsx"), "xl/worksheets/sheet1.xml")
            .contains("<formula1>\"owned,used\"</formula1>")
    );
    s.capdo("2026-11-29")
        .args(["import", "t.xlsx"])
        .assert()
        .success();
    // the example row is skipped exactly: a real row beside it is imported (as CSV, saved
    // from the workbook), a row numbered 1 is not an example
    s.write(
        "filled.csv",
        "STT,Mã hệ thống,Tên hệ thống,Cấp độ\nVÍ DỤ,VD-01,Ví dụ,2\n1,MC-01,Cổng dịch vụ công,3\n",
    );
    s.capdo("2026-11-29")
        .args(["import", "filled.csv"])
        .assert()
        .success();
    let v = s.json("2026-11-29", &["systems", "--json"]);
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["code"], "MC-01");
}

#[test]
fn a_missing_file_is_named_in_the_users_language() {
    let s = Sandbox::new();
    let a = s
        .capdo("2026-11-29")
        .args(["import", "khong-co.csv"])
        .assert()
        .code(1);
    let err = stderr(&a);
    assert!(err.contains("\nkhông tìm thấy tệp khong-co.csv\n"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert!(!err.contains(":0:"), "{err}");
    let a = s
        .capdo("2026-11-29")
        .args(["--lang", "en", "import", "khong-co.csv"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("\nfile not found: khong-co.csv\n1 problem; nothing was written."),
        "{}",
        stderr(&a)
    );
    let a = s
        .capdo("2026-11-29")
        .args(["merge", "khong-co.json"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("không tìm thấy tệp khong-co.json"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn help_and_usage_errors_speak_the_chosen_language() {
    let s = Sandbox::new();
    let english = [
        "Usage:",
        "Options:",
        "Commands:",
        "Arguments:",
        "Print help",
        "[OPTIONS]",
    ];
    let subcommands = [
        vec!["--help"],
        vec!["due", "--help"],
        vec!["record", "--help"],
        vec!["record", "level", "--help"],
        vec!["report", "-h"],
        vec!["profile", "--help"],
        vec!["template", "--help"],
    ];
    for args in &subcommands {
        let a = s.bare().args(args).assert().success();
        let out = stdout(&a);
        assert!(out.contains("Cách dùng: capdo"), "{args:?}: {out}");
        for w in english {
            assert!(!out.contains(w), "{args:?}: {w} in\n{out}");
        }
        // in English with --lang or CAPDO_LANG
        let a = s
            .bare()
            .arg("--lang")
            .arg("en")
            .args(args)
            .assert()
            .success();
        assert!(stdout(&a).contains("Usage: capdo"), "{}", stdout(&a));
        let a = s
            .bare()
            .env("CAPDO_LANG", "en")
            .args(args)
            .assert()
            .success();
        assert!(stdout(&a).contains("Usage: capdo"), "{}", stdout(&a));
    }
    let a = s.bare().arg("--help").assert().success();
    assert!(stdout(&a).contains("\nLệnh:\n  due "), "{}", stdout(&a));
    assert!(
        stdout(&a)
            .lines()
            .any(|l| l.starts_with("  -h, --help ") && l.ends_with(" In trợ giúp.")),
        "{}",
        stdout(&a)
    );
    // the settings file's language counts too
    let config = s.write("c.toml", "lang = \"en\"\n");
    let a = s
        .bare()
        .env("CAPDO_CONFIG", &config)
        .arg("--help")
        .assert()
        .success();
    assert!(stdout(&a).contains("Usage: capdo"), "{}", stdout(&a));
    // `capdo help COMMAND` is `capdo COMMAND --help`
    let a = s
        .bare()
        .args(["help", "record", "level"])
        .assert()
        .success();
    assert!(
        stdout(&a)
            .contains("Cách dùng: capdo record level [TÙY CHỌN] --level <N> --on <NGÀY> <MÃ>"),
        "{}",
        stdout(&a)
    );
    // usage errors: in the chosen language (Vietnamese by default, clap's own English),
    // exit status 2
    let cases: [(&[&str], &str); 6] = [
        (
            &["due", "--withn", "3"],
            "capdo: đối số không hợp lệ '--withn'; có phải ý bạn là '--within'?",
        ),
        (
            &["due", "--within", "x"],
            "capdo: giá trị 'x' không hợp lệ cho --within <SỐ_NGÀY>",
        ),
        (&["bogus"], "capdo: không có lệnh 'bogus'"),
        (
            &["record", "level", "A", "--on", "1/1/2026"],
            "capdo: thiếu đối số bắt buộc: --level <N>",
        ),
        (
            &["--lang", "en", "bogus"],
            "error: unrecognized subcommand 'bogus'",
        ),
        (
            &["--lang", "en", "due", "--withn", "3"],
            "error: unexpected argument '--withn' found",
        ),
    ];
    for (args, starts) in cases {
        let a = s.bare().args(args).assert().code(2);
        let err = stderr(&a);
        assert!(err.starts_with(starts), "{args:?}: {err}");
        let english = args.contains(&"en");
        assert_eq!(err.contains("error:"), english, "{args:?}: {err}");
        assert_eq!(err.contains("Xem thêm: capdo"), !english, "{args:?}: {err}");
    }
}

/// An error message quotes the refused value; an escape sequence in it reaches the terminal as
/// visible text, never as a control (the same guard as standard output).
#[test]
fn refused_values_never_act_on_the_terminal() {
    let s = Sandbox::new();
    s.write(
        "ds.csv",
        "code,name,level\nA,\u{1b}[5mNhấp nháy\u{1b}]0;tieu de\u{7},9\n",
    );
    let a = s
        .capdo("2026-11-29")
        .args(["import", "ds.csv"])
        .assert()
        .code(1);
    let raw = &a.get_output().stderr;
    assert!(!raw.contains(&0x1b), "{}", String::from_utf8_lossy(raw));
    assert!(!raw.contains(&0x07), "{}", String::from_utf8_lossy(raw));
    assert!(stderr(&a).contains("ds.csv:2"), "{}", stderr(&a));
    // a file name is quoted as typed: the same guard applies
    let a = s
        .capdo("2026-11-29")
        .args(["import", "\u{1b}[5mkhong-co.csv"])
        .assert()
        .code(1);
    let raw = &a.get_output().stderr;
    assert!(!raw.contains(&0x1b), "{}", String::from_utf8_lossy(raw));
    assert!(stderr(&a).contains("khong-co.csv"), "{}", stderr(&a));
}
