//! The real `capdo` binary on temporary stores: `record assessment|dossier|level|report` (happy and
//! bad paths, and the deadlines they move), `log`, `verify` (also after an entry is edited
//! directly in SQLite) and `--read-only` (every write refused, not one byte changed).
//!
//! Every run gets a sandboxed environment (HOME and the XDG directories inside a temporary
//! directory, no CAPDO_* variables) and an explicit reference date.

use crate::common::sandbox;
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

    /// `capdo --db <sandbox store> --today <today>`, in English unless told otherwise.
    fn capdo(&self, today: &str) -> Command {
        let mut c = Command::from_std(self.0.bare());
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

// ------------------------------------------------------------ record level

#[test]
fn a_new_level_on_an_approved_dossier_needs_a_new_approval() {
    let s = store();
    // B: level 3 approved, assessed 15/12/2025: every 12 months
    assert!(due(&s, &[], "approval", "B").is_empty());
    assert_eq!(due(&s, &[], "assessment", "B")[0].0, "2026-12-15");
    let n = s.log_len();
    let out = s
        .capdo(TODAY)
        .args([
            "record",
            "level",
            "B",
            "--level",
            "2",
            "--on",
            "28/11/2026",
            "--reason",
            "thu hẹp phạm vi",
        ])
        .assert()
        .success();
    assert_eq!(
        stdout(&out),
        format!(
            "Đã đặt cấp độ 2 cho hệ thống B từ ngày 28/11/2026 (nhật ký #{}–#{}).\n\
             Cấp độ 3 → 2: hồ sơ đề xuất cấp độ chuyển sang \"cần xác định lại\" (quyết định phê duyệt là cho cấp độ 3); đến khi phê duyệt cấp độ 2, áp dụng chu kỳ kiểm tra, đánh giá ngắn hơn của hai cấp độ.\n",
            n + 1,
            n + 2
        )
    );
    let systems = s.json(TODAY, &["systems", "--json"]);
    assert_eq!(systems[1]["level"], 2);
    assert_eq!(systems[1]["dossier_status"], "redetermine");
    assert_eq!(systems[1]["dossier_since"], "2026-11-28");
    assert_eq!(systems[1]["approved_level"], 3);
    // `systems` shows the next assessment the deadline list has (level 3's 12 months, below)
    assert_eq!(systems[1]["next_assessment_on"], "2026-12-15");
    let table = s.en(TODAY).arg("systems").assert().success();
    let row = stdout(&table)
        .lines()
        .find(|l| l.starts_with("B "))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{}", stdout(&table)));
    assert!(
        row.contains("15/12/2026") && !row.contains("15/12/2027"),
        "{row}"
    );
    // the approval item is back; level 2 alone would be every 24 months (15/12/2027): until
    // level 2 is approved the shorter interval, level 3's 12 months, applies and the item says so
    // due from the change, not from the 2024 deadline
    assert_eq!(
        due(&s, &[], "approval", "B"),
        vec![(
            Value::from("2026-11-28"),
            "Re-determine level 2 (needed since 28/11/2026): Một cửa điện tử".to_owned()
        )]
    );
    let a = due(&s, &[], "assessment", "B");
    assert_eq!(a[0].0, "2026-12-15");
    assert!(
        a[0].1
            .contains("level 3 → 2, new level not yet approved: the shorter interval applies"),
        "{}",
        a[0].1
    );
    let vi = s.capdo(TODAY).args(["due", "--all"]).assert().success();
    assert!(
        stdout(&vi).contains(
            "Kiểm tra, đánh giá định kỳ 12 tháng (cấp độ 3 → 2, chưa phê duyệt cấp độ mới: áp dụng chu kỳ ngắn hơn)"
        ),
        "{}",
        stdout(&vi)
    );
    // logged: the system's change and the dossier step with the reason
    let log = s.json(TODAY, &["log", "--json", "--system", "B"]);
    let log = log.as_array().unwrap();
    let last = &log[log.len() - 1];
    assert_eq!(last["entity"], "dossier_step");
    assert_eq!(last["new"]["state"], "redetermine");
    assert_eq!(last["new"]["note"], "cấp độ 3 → 2: thu hẹp phạm vi");
    assert_eq!(log[log.len() - 2]["new"]["dossier_status"], "redetermine");
    // a whole-store export keeps the approved level, and a restore brings it back
    s.en(TODAY).args(["export", "all.json"]).assert().success();
    let json: Value = serde_json::from_slice(&std::fs::read(s.path("all.json")).unwrap()).unwrap();
    assert_eq!(json["systems"][1]["approved_level"], 3);
    assert!(
        json["systems"][0].get("approved_level").is_none(),
        "only when pending"
    );
    let other_db = |args: &[&str]| {
        let mut c = Command::from_std(sandbox::command_in(s.dir.path()));
        c.arg("--db")
            .arg(s.path("other.sqlite3"))
            .args(["--today", TODAY, "--lang", "en"])
            .args(args);
        c
    };
    other_db(&["import", "all.json"]).assert().success();
    let other = other_db(&["systems", "--json"]).assert().success();
    let other: Value = serde_json::from_slice(&other.get_output().stdout).unwrap();
    assert_eq!(other[1]["approved_level"], 3);
    // approving level 2 ends it: 24 months from the last assessment
    s.en(TODAY)
        .args([
            "record",
            "dossier",
            "B",
            "--state",
            "approved",
            "--on",
            "29/11/2026",
            "--decision",
            "9/QĐ",
            "--regulation-issued",
            "20/11/2026",
        ])
        .assert()
        .success();
    assert!(due(&s, &[], "approval", "B").is_empty());
    let a = due(&s, &[], "assessment", "B");
    assert_eq!(a[0].0, "2027-12-15");
    assert!(!a[0].1.contains('→'), "{}", a[0].1);
    assert_eq!(
        s.json(TODAY, &["systems", "--json"])[1]["approved_level"],
        Value::Null
    );
}

#[test]
fn a_level_change_without_an_approval_has_no_legal_effect() {
    let s = store();
    // A's dossier is only submitted
    let out = s
        .en(TODAY)
        .args(["record", "level", "A", "--level", "3", "--on", "29/11/2026"])
        .assert()
        .success();
    assert!(!stdout(&out).contains("→"), "{}", stdout(&out));
    let systems = s.json(TODAY, &["systems", "--json"]);
    assert_eq!(systems[0]["level"], 3);
    assert_eq!(systems[0]["dossier_status"], "submitted");
    // the same level again changes nothing on an approved dossier
    let n = s.log_len();
    s.en(TODAY)
        .args(["record", "level", "B", "--level", "3", "--on", "29/11/2026"])
        .assert()
        .success();
    assert_eq!(s.log_len(), n);
    assert_eq!(
        s.json(TODAY, &["systems", "--json"])[1]["dossier_status"],
        "approved"
    );
}

#[test]
fn a_bad_level_names_every_problem_and_writes_nothing() {
    let s = store();
    let n = s.log_len();
    let before = std::fs::read(s.db()).unwrap();
    let out = s
        .capdo(TODAY)
        .args(["record", "level", "Z", "--level", "7", "--on", "01/12/2026"])
        .assert()
        .code(1);
    assert_eq!(
        stderr(&out).lines().collect::<Vec<_>>(),
        vec![
            "capdo: không ghi nhận được: 3 lỗi",
            "code: không có hệ thống mã này (Z)",
            "level: cấp độ phải là số từ 1 đến 5 (7)",
            "on: ngày ở tương lai (hôm nay là 29/11/2026) (01/12/2026)",
            "3 lỗi; không ghi gì vào kho.",
        ]
    );
    assert_eq!(s.log_len(), n);
    assert_eq!(std::fs::read(s.db()).unwrap(), before);
    // --level and --on are required (a usage error, status 2)
    s.en(TODAY)
        .args(["record", "level", "B", "--on", "1/11/2026"])
        .assert()
        .code(2);
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
            "capdo: không ghi nhận được: 3 lỗi",
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
    assert!(err.ends_with("2 problems; nothing was written.\n"), "{err}");
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
        stdout(&out).starts_with("Recorded the quarterly report for Q4/2026 as submitted on 18/11/2026, document 12/BC-UBND"),
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
    // one clear reason, not "no such report" while listing it, not the value repeated
    assert_eq!(
        stderr(&out),
        "capdo: nothing recorded: 1 problem\nperiod: the quarterly report (Official Telegram 33/CĐ-TTg §1.c) is not required for Q4/2026 under the rules in force (it ended on 19/08/2026, when Decree 331/2026/ND-CP took effect); the last period that requires it is Q2/2026\n1 problem; nothing was written.\n"
    );
    // the last period that requires it can be recorded; the quarter's word said once
    let out = s
        .capdo(TODAY)
        .args([
            "record",
            "report",
            "quarterly",
            "--period",
            "2026-Q2",
            "--on",
            "18/06/2026",
        ])
        .assert()
        .success();
    assert!(
        stdout(&out).starts_with("Đã ghi nhận nộp báo cáo Quý II/2026 ngày 18/06/2026 (nhật ký #"),
        "{}",
        stdout(&out)
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
            "\nperiod: the annual report is made per year; write the period as 2026 (2026-Q4)\n"
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
        lines[5].contains("assessment A/assessment-2  created"),
        "{text}"
    );
    assert!(lines[5].contains("+ Completed on=20/11/2026"), "{text}");
    assert!(
        lines[2].contains("Dossier status=approved, Level=3"),
        "{text}"
    );
    // a yes/no in words, from the field's table
    assert!(
        lines[2].contains("Under investment before 01/7/2026=no"),
        "{text}"
    );
    assert_eq!(*lines.last().unwrap(), "5 entries");
    // in Vietnamese no internal word: actions, fields and states have labels
    let out = s.capdo(TODAY).args(["log"]).assert().success();
    let text = stdout(&out);
    assert!(text.starts_with("#  Thời điểm"), "{text}");
    assert!(text.contains("đánh giá A/assessment-2  tạo mới"), "{text}");
    assert!(
        text.contains("Trạng thái hồ sơ=đã phê duyệt, Cấp độ=3"),
        "{text}"
    );
    for id in [
        "create",
        "dossier_status",
        "approved_on",
        "completed_on",
        "periodic",
    ] {
        assert!(!text.contains(id), "{id} in\n{text}");
    }
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
        &["record", "level", "B", "--level", "2", "--on", "20/11/2026"],
        &["profile", "--unit", "UBND xã Mới"],
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

// ------------------------------------------------------------ profile

#[test]
fn profile_is_printed_and_set_from_the_shell() {
    let s = store();
    let out = s.capdo(TODAY).arg("profile").assert().success();
    assert!(
        stdout(&out).contains("Tên đơn vị:          (chưa đặt)"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("capdo profile --unit"),
        "{}",
        stdout(&out)
    );
    let n = s.log_len();
    let out = s
        .capdo(TODAY)
        .args([
            "profile",
            "--unit",
            "UBND xã An Bình",
            "--parent",
            "UBND tỉnh Mẫu Sơn",
            "--tier",
            "xã",
            "--officer",
            "Nguyễn Văn A",
            "--tracking-start",
            "01/01/2026",
        ])
        .assert()
        .success();
    assert_eq!(
        stdout(&out),
        format!(
            "Đã cập nhật thông tin đơn vị (nhật ký #{}).\n\
             Tên đơn vị:          UBND xã An Bình\n\
             Cấp:                 cấp xã\n\
             Cơ quan cấp trên:    UBND tỉnh Mẫu Sơn\n\
             Cán bộ phụ trách:    Nguyễn Văn A\n\
             Bắt đầu theo dõi từ: 01/01/2026\n\
             Bộ quy tắc ghim:     (theo ngày — không ghim)\n",
            n + 1
        )
    );
    // one field at a time; the others stay
    s.en(TODAY)
        .args(["profile", "--officer", "Trần Thị B"])
        .assert()
        .success();
    let out = s.en(TODAY).arg("profile").assert().success();
    assert!(
        stdout(&out).contains("Unit name:        UBND xã An Bình"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Officer:          Trần Thị B"),
        "{}",
        stdout(&out)
    );
    let log = s.json(TODAY, &["log", "--json"]);
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["entity"], "profile");
    assert_eq!(last["new"]["officer"], "Trần Thị B");
    // bad input: every problem named by its flag, nothing written
    let n = s.log_len();
    let out = s
        .en(TODAY)
        .args(["profile", "--unit", " ", "--tracking-start", "2027-01-01"])
        .assert()
        .code(1);
    let err = stderr(&out);
    assert!(err.contains("\n--unit: "), "{err}");
    assert!(err.contains("\n--tracking-start: in the future"), "{err}");
    assert_eq!(s.log_len(), n);
    // read-only: printing works, setting is refused (5)
    s.en(TODAY)
        .args(["--read-only", "profile"])
        .assert()
        .success();
    s.en(TODAY)
        .args(["--read-only", "profile", "--unit", "X"])
        .assert()
        .code(5);
}

/// The log names records and fields in words: no internal identifier in Vietnamese text.
#[test]
fn the_log_speaks_in_words_not_ids() {
    let s = Sandbox::new();
    s.capdo(TODAY)
        .args(["profile", "--unit", "UBND xã A"])
        .assert()
        .success();
    s.capdo(TODAY)
        .args([
            "record",
            "report",
            "annual",
            "--period",
            "2025",
            "--on",
            "2025-12-10",
            "--doc",
            "12/BC",
        ])
        .assert()
        .success();
    let a = s
        .capdo(TODAY)
        .env("COLUMNS", "250")
        .args(["log"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(out.contains("báo cáo năm 2025"), "{out}");
    assert!(out.contains("Số văn bản=12/BC"), "{out}");
    assert!(out.contains("Ngày gửi=10/12/2025"), "{out}");
    for id in [
        "doc_no",
        "submitted_on",
        "annual/2025",
        "report=annual",
        "đơn vị profile",
    ] {
        assert!(!out.contains(id), "{id} in: {out}");
    }
}
