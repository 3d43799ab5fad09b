//! The real `capdo` binary on temporary stores: `record assessment|dossier|report` (happy and
//! bad paths, and the deadlines they move), `log`, `verify` (also after an entry is edited
//! directly in SQLite) and `--read-only` (every write refused, not one byte changed).
//!
//! Every run gets a sandboxed environment (HOME and the XDG directories inside a temporary
//! directory, no CAPDO_* variables) and an explicit reference date.

mod sandbox;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: sandbox::sandbox_dir(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn db(&self) -> PathBuf {
        self.path("capdo.sqlite3")
    }

    /// `capdo --db <sandbox store> --today <today>`, in English unless told otherwise.
    fn capdo(&self, today: &str) -> Command {
        let mut c = Command::from_std(sandbox::command_in(self.dir.path()));
        c.env("USER", "officer1");
        c.arg("--db").arg(self.db()).arg("--today").arg(today);
        c
    }

    fn en(&self, today: &str) -> Command {
        let mut c = self.capdo(today);
        c.args(["--lang", "en"]);
        c
    }

    fn json(&self, today: &str, args: &[&str]) -> Value {
        let out = self.en(today).args(args).assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }

    fn log_len(&self) -> usize {
        self.json(TODAY, &["log", "--json"])
            .as_array()
            .unwrap()
            .len()
    }
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).unwrap()
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The reference date of these tests (Decree 331 in force).
const TODAY: &str = "2026-11-29";

/// A: owned, level 2, submitted, never assessed. B: owned, level 3, approved and assessed.
/// U: used.
const INVENTORY: &str = "\
code,name,relation,level,dossier_status,approved_on,plan_status,last_assessed_on,go_live_on
A,Cổng thông tin xã,owned,2,submitted,,partial,,
B,Một cửa điện tử,owned,3,approved,2025-06-30,full,2025-12-15,
U,Thư điện tử tỉnh,used,3,,,,,
";

fn store() -> Sandbox {
    let s = Sandbox::new();
    std::fs::write(s.path("in.csv"), INVENTORY).unwrap();
    s.en(TODAY).args(["import", "in.csv"]).assert().success();
    s
}

/// The `due --json --all` items of a kind and system: (due_on, title).
fn due(s: &Sandbox, args: &[&str], kind: &str, system: &str) -> Vec<(Value, String)> {
    let mut a = vec!["due", "--json", "--all"];
    a.extend_from_slice(args);
    s.json(TODAY, &a)
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == kind && i["system"].as_str().unwrap_or("") == system)
        .map(|i| (i["due_on"].clone(), i["title"].as_str().unwrap().to_owned()))
        .collect()
}

// ------------------------------------------------------------ record assessment

#[test]
fn recording_an_assessment_moves_its_deadline() {
    let s = store();
    assert_eq!(
        due(&s, &[], "assessment", "A")[0].0,
        Value::Null,
        "never assessed"
    );
    assert_eq!(due(&s, &[], "assessment", "B")[0].0, "2026-12-15");
    let n = s.log_len();
    let out = s
        .en(TODAY)
        .args([
            "record",
            "assessment",
            "A",
            "--on",
            "20/11/2026",
            "--assessor",
            "Công an tỉnh",
            "--result",
            "findings",
            "--findings",
            "2",
        ])
        .assert()
        .success();
    assert_eq!(
        stdout(&out),
        format!(
            "Recorded a periodic assessment of A on 20/11/2026: findings, 2 findings (change log #{}).\n",
            n + 1
        )
    );
    // level 2: every 24 months from the assessment
    assert_eq!(due(&s, &[], "assessment", "A")[0].0, "2028-11-20");
    // level 3, in Vietnamese, ISO date, ad hoc: 12 months
    let out = s
        .capdo(TODAY)
        .args([
            "record",
            "assessment",
            "B",
            "--on",
            "2026-11-25",
            "--kind",
            "đột xuất",
        ])
        .assert()
        .success();
    assert!(
        stdout(&out).starts_with("Đã ghi nhận kiểm tra, đánh giá đột xuất của B ngày 25/11/2026"),
        "{}",
        stdout(&out)
    );
    assert_eq!(due(&s, &[], "assessment", "B")[0].0, "2027-11-25");
    let systems = s.json(TODAY, &["systems", "--json"]);
    assert_eq!(systems[1]["last_assessed_on"], "2026-11-25");
    assert_eq!(s.log_len(), n + 2);
}

#[test]
fn a_bad_assessment_names_every_problem_and_writes_nothing() {
    let s = store();
    let n = s.log_len();
    let bytes = std::fs::read(s.db()).unwrap();
    let out = s
        .capdo(TODAY)
        .args([
            "record",
            "assessment",
            "A",
            "--on",
            "01/12/2026",
            "--kind",
            "yearly",
            "--findings",
            "-1",
        ])
        .assert()
        .code(1);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        vec![
            "capdo: ",
            "on: ngày ở tương lai (hôm nay là 29/11/2026) (01/12/2026)",
            "kind: giá trị không hợp lệ; dùng: periodic (định kỳ), adhoc (đột xuất), pre-go-live (trước khi đưa vào sử dụng) (yearly)",
            "findings: không được âm (-1)",
            "3 lỗi; không ghi gì vào kho.",
        ],
        "{err}"
    );
    let out = s
        .en(TODAY)
        .args(["record", "assessment", "Z", "--on", "31/02/2026"])
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(
        err.contains("\ncode: no system with this code (Z)\n"),
        "{err}"
    );
    assert!(
        err.contains("\non: no such day in the calendar (31/02/2026)\n"),
        "{err}"
    );
    assert!(
        err.ends_with("2 problem(s); nothing was written.\n"),
        "{err}"
    );
    assert_eq!(s.log_len(), n);
    assert_eq!(std::fs::read(s.db()).unwrap(), bytes);
    // a missing --on is a usage error
    s.en(TODAY)
        .args(["record", "assessment", "A"])
        .assert()
        .code(2);
}

#[test]
fn an_unusable_store_exits_3() {
    let s = Sandbox::new();
    std::fs::write(s.db(), "not a database, just text\n").unwrap();
    let out = s
        .en(TODAY)
        .args(["record", "assessment", "A", "--on", "20/11/2026"])
        .assert()
        .code(3);
    assert!(
        stderr(&out).contains("not a capdo store"),
        "{}",
        stderr(&out)
    );
}

// ------------------------------------------------------------ record dossier

#[test]
fn approving_a_dossier_moves_the_deadlines() {
    let s = store();
    let approval = due(&s, &[], "approval", "A");
    assert_eq!(approval.len(), 1, "A is not approved yet");
    // approval needs the security regulation issued first
    let out = s
        .en(TODAY)
        .args([
            "record",
            "dossier",
            "A",
            "--state",
            "approved",
            "--on",
            "20/11/2026",
            "--decision",
            "15/QĐ-UBND",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&out).contains("\nregulation-issued: the system's security regulation has no issue date; it must be issued before the dossier is approved (Circular 12/2022 Art. 9.7; Decree 331/2026 Art. 30.7)\n"),
        "{}",
        stderr(&out)
    );
    let out = s
        .en(TODAY)
        .args([
            "record",
            "dossier",
            "A",
            "--state",
            "approved",
            "--on",
            "20/11/2026",
            "--decision",
            "15/QĐ-UBND",
            "--approver",
            "Chủ tịch UBND xã",
            "--regulation-issued",
            "01/11/2026",
            "--regulation-ref",
            "10/QĐ-UBND",
        ])
        .assert()
        .success();
    assert!(
        stdout(&out)
            .starts_with("Level dossier of A: approved on 20/11/2026 (15/QĐ-UBND) (change log #"),
        "{}",
        stdout(&out)
    );
    assert!(due(&s, &[], "approval", "A").is_empty(), "approved");
    // never assessed: the clock now counts from the approval (level 2: 24 months)
    assert_eq!(due(&s, &[], "assessment", "A")[0].0, "2028-11-20");
    let systems = s.json(TODAY, &["systems", "--json"]);
    let a = &systems[0];
    assert_eq!(a["dossier_status"], "approved");
    assert_eq!(a["approved_on"], "2026-11-20");
    assert_eq!(a["dossier_since"], "2026-11-20");
    assert_eq!(a["decision_no"], "15/QĐ-UBND");
    assert_eq!(a["regulation_issued_on"], "2026-11-01");
    assert_eq!(a["regulation_ref"], "10/QĐ-UBND");
    // the step and the system change are in A's history
    let log = s.json(TODAY, &["log", "--system", "A", "--json"]);
    let actions: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["entity"].as_str().unwrap(), e["action"].as_str().unwrap()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("system", "create"),
            ("dossier_step", "create"),
            ("system", "dossier")
        ]
    );
}

#[test]
fn dossier_steps_only_move_forward() {
    let s = store();
    let out = s
        .en(TODAY)
        .args([
            "record",
            "dossier",
            "B",
            "--state",
            "submitted",
            "--on",
            "20/11/2026",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&out).contains("\nstate: the dossier cannot move from \"approved\" to \"submitted\"; it can move to: redetermine (needs re-determination) (submitted)\n"),
        "{}",
        stderr(&out)
    );
    s.en(TODAY)
        .args([
            "record",
            "dossier",
            "B",
            "--state",
            "redetermine",
            "--on",
            "20/11/2026",
        ])
        .assert()
        .success();
    assert_eq!(
        due(&s, &[], "approval", "B").len(),
        1,
        "B needs approval again"
    );
    // the appraisal opinion needs its number; a used system has no dossier
    let out = s
        .en(TODAY)
        .args([
            "record",
            "dossier",
            "A",
            "--state",
            "appraised",
            "--on",
            "20/11/2026",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&out).contains("\ndecision: the appraisal opinion's number is required\n"),
        "{}",
        stderr(&out)
    );
    s.en(TODAY)
        .args([
            "record",
            "dossier",
            "U",
            "--state",
            "drafting",
            "--on",
            "20/11/2026",
        ])
        .assert()
        .code(1);
}

// ------------------------------------------------------------ record report

#[test]
fn recording_a_report_settles_its_period() {
    let s = store();
    let q4 = |s: &Sandbox| {
        due(s, &["--rules", "nd85-2016"], "report", "")
            .into_iter()
            .filter(|(_, t)| t.starts_with("Quarterly") && t.contains("Q4/2026"))
            .count()
    };
    assert_eq!(q4(&s), 1);
    let out = s
        .en(TODAY)
        .args([
            "--rules",
            "nd85-2016",
            "record",
            "report",
            "quarterly",
            "--period",
            "Quý IV/2026",
            "--on",
            "18/11/2026",
            "--doc",
            "12/BC-UBND",
        ])
        .assert()
        .success();
    assert!(
        stdout(&out).starts_with("Recorded report \"quarterly\" for Q4/2026 as submitted on 18/11/2026, document 12/BC-UBND"),
        "{}",
        stdout(&out)
    );
    assert_eq!(q4(&s), 0);
    // Decree 331 has no quarterly report
    let out = s
        .en(TODAY)
        .args([
            "record",
            "report",
            "quarterly",
            "--period",
            "2026-Q4",
            "--on",
            "18/11/2026",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&out)
            .contains("\nreport: no such report in rule pack nd331-2026; use: annual-internal"),
        "{}",
        stderr(&out)
    );
    // the period must match the report's cadence
    let out = s
        .en(TODAY)
        .args([
            "record",
            "report",
            "annual",
            "--period",
            "2026-Q4",
            "--on",
            "18/11/2026",
        ])
        .assert()
        .code(1);
    assert!(
        stderr(&out).contains(
            "\nperiod: report \"annual\" is yearly; write the period as 2026 (2026-Q4)\n"
        ),
        "{}",
        stderr(&out)
    );
    let annual = |s: &Sandbox| {
        due(s, &[], "report", "")
            .into_iter()
            .filter(|(d, _)| *d == "2026-12-24")
            .count()
    };
    assert_eq!(annual(&s), 1);
    s.en(TODAY)
        .args([
            "record",
            "report",
            "annual",
            "--period",
            "2026",
            "--on",
            "28/11/2026",
        ])
        .assert()
        .success();
    assert_eq!(annual(&s), 0);
}

// ------------------------------------------------------------ log and verify

#[test]
fn log_prints_a_table_or_a_json_array() {
    let s = store();
    s.en(TODAY)
        .args(["record", "assessment", "A", "--on", "20/11/2026"])
        .assert()
        .success();
    let v = s.json(TODAY, &["log", "--json"]);
    let entries = v.as_array().expect("an array");
    // three systems and B's assessment from the import, then the record
    assert_eq!(entries.len(), 5);
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["seq"], (i + 1) as i64);
        for k in [
            "at",
            "os_user",
            "officer",
            "entity",
            "entity_key",
            "action",
            "hash",
        ] {
            assert!(e[k].is_string(), "{k}: {e}");
        }
        assert_eq!(e["os_user"], "officer1");
    }
    let last = &entries[4];
    assert_eq!(last["entity"], "assessment");
    assert_eq!(last["action"], "create");
    assert!(last["old"].is_null());
    assert_eq!(last["new"]["completed_on"], "2026-11-20");
    // only A's entries
    let v = s.json(TODAY, &["log", "--system", "A", "--json"]);
    let keys: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity_key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 2);
    assert!(
        keys.iter().all(|k| *k == "A" || k.starts_with("A/")),
        "{keys:?}"
    );
    assert_eq!(
        s.json(TODAY, &["log", "--system", "NONE", "--json"]),
        Value::Array(vec![])
    );
    // the table
    let out = s.en(TODAY).args(["log"]).assert().success();
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("#  Time"), "{text}");
    assert!(lines[0].ends_with("Change (old → new)"), "{text}");
    assert!(
        lines[5].contains("assessment A/assessment-2  create"),
        "{text}"
    );
    assert!(lines[5].contains("+ completed_on=20/11/2026"), "{text}");
    assert_eq!(*lines.last().unwrap(), "5 entries");
    let out = s.capdo(TODAY).args(["log"]).assert().success();
    assert!(stdout(&out).starts_with("#  Thời điểm"), "{}", stdout(&out));
}

#[test]
fn verify_detects_an_entry_edited_in_sqlite() {
    let s = store();
    s.en(TODAY)
        .args(["record", "assessment", "A", "--on", "20/11/2026"])
        .assert()
        .success();
    let out = s.en(TODAY).args(["verify"]).assert().success();
    assert_eq!(stdout(&out), "Change log intact (5 entries).\n");
    let out = s.capdo(TODAY).args(["verify"]).assert().success();
    assert_eq!(stdout(&out), "Nhật ký thay đổi còn nguyên vẹn (5 mục).\n");
    {
        let conn = rusqlite::Connection::open(s.db()).unwrap();
        // the triggers refuse the edit
        assert!(
            conn.execute("UPDATE change_log SET new = '{}' WHERE seq = 2", [])
                .is_err()
        );
        assert!(
            conn.execute("DELETE FROM change_log WHERE seq = 4", [])
                .is_err()
        );
        // an edit behind the program's back: drop them first
        conn.execute_batch("DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete;")
            .unwrap();
        conn.execute(
            "UPDATE change_log SET new = replace(new, 'Một cửa', 'Một của') WHERE seq = 2",
            [],
        )
        .unwrap();
    }
    let out = s.en(TODAY).args(["verify"]).assert().code(4);
    assert_eq!(
        stderr(&out),
        "capdo: the change log was altered outside capdo: entry #2 — content does not match its hash.\n"
    );
    let out = s.capdo(TODAY).args(["verify"]).assert().code(4);
    assert!(stderr(&out).contains("mục #2"), "{}", stderr(&out));
    // a deleted entry is found too
    {
        let conn = rusqlite::Connection::open(s.db()).unwrap();
        conn.execute(
            "UPDATE change_log SET new = replace(new, 'Một của', 'Một cửa') WHERE seq = 2",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM change_log WHERE seq = 3", [])
            .unwrap();
    }
    let out = s.en(TODAY).args(["verify"]).assert().code(4);
    assert!(stderr(&out).contains("entry #4"), "{}", stderr(&out));
}

// ------------------------------------------------------------ read-only

/// The store's file and its WAL (if any), as bytes.
fn bytes(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    (
        std::fs::read(db).unwrap(),
        std::fs::read(side(db, "-wal")).ok(),
    )
}

#[test]
fn read_only_refuses_every_write_and_changes_no_byte() {
    let s = store();
    // keep a WAL with content around: an open writer in this process
    let holder = rusqlite::Connection::open(s.db()).unwrap();
    holder
        .execute_batch("PRAGMA wal_autocheckpoint = 0; SELECT count(*) FROM system;")
        .unwrap();
    s.en(TODAY)
        .args(["record", "assessment", "B", "--on", "20/11/2026"])
        .assert()
        .success();
    let before = bytes(&s.db());
    assert!(
        before.1.as_ref().is_some_and(|w| !w.is_empty()),
        "a WAL with content is part of the store"
    );
    std::fs::write(s.path("more.csv"), "code,name,level\nN,Mới,1\n").unwrap();
    let writes: &[&[&str]] = &[
        &["record", "assessment", "A", "--on", "20/11/2026"],
        &[
            "record",
            "dossier",
            "A",
            "--state",
            "appraised",
            "--on",
            "20/11/2026",
            "--decision",
            "1/YK",
        ],
        &[
            "record",
            "report",
            "annual",
            "--period",
            "2026",
            "--on",
            "20/11/2026",
        ],
        &["import", "more.csv"],
        &["import", "more.csv", "--dry-run"],
    ];
    for args in writes {
        let out = s.en(TODAY).arg("--read-only").args(*args).assert().code(5);
        assert_eq!(
            stderr(&out),
            "capdo: read-only mode (--read-only): this command writes to the store and is refused; the store is unchanged.\n",
            "{args:?}"
        );
        assert!(stdout(&out).is_empty());
        assert_eq!(bytes(&s.db()), before, "{args:?}");
    }
    // in Vietnamese too
    let out = s
        .capdo(TODAY)
        .arg("--read-only")
        .args(["record", "assessment", "A", "--on", "20/11/2026"])
        .assert()
        .code(5);
    assert!(stderr(&out).contains("chế độ chỉ đọc"), "{}", stderr(&out));
    // reading still works
    s.en(TODAY)
        .args(["--read-only", "verify"])
        .assert()
        .success();
    let v = s.json(TODAY, &["--read-only", "log", "--json"]);
    assert_eq!(v.as_array().unwrap().len(), 5);
    assert_eq!(bytes(&s.db()).0, before.0);
    drop(holder);
}
