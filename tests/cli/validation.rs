//! One vocabulary of value rules: the same bad values (a code with "/", a code of 65
//! characters, an empty name, level 6, 31/02/2026, a negative amount or count) are refused with
//! the same message by every way in — the form checks, `record` (the real binary), a CSV import,
//! an XLSX import and a JSON restore — each surface only putting its location in front; and
//! `log --system A` never lists the entries of another system.

use crate::common::sandbox;

use capdo::app::{self, valid::Refusal};
use capdo::i18n::Lang;
use capdo::store::{Access, Scope, Store};
use chrono::NaiveDate;
use sandbox::{Sandbox, describe, stderr};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn langs() -> [(Lang, &'static str); 2] {
    [(Lang::Vi, "vi"), (Lang::En, "en")]
}

/// The message a surface must give: the rule's, then the value in parentheses.
fn said(why: &Refusal, lang: Lang, value: &str) -> String {
    if value.is_empty() {
        why.message(lang)
    } else {
        format!("{} ({value})", why.message(lang))
    }
}

fn long_code() -> String {
    "X".repeat(65)
}

/// `X…` as the messages show a 65-character value (shortened).
fn long_shown() -> String {
    format!("{}… (65 bytes)", "X".repeat(57))
}

/// A store with the system "A" (level 2), made by the binary.
fn store_with_a(s: &Sandbox) {
    s.write("a.csv", b"code,name,level\nA,Alpha,2\n");
    s.ok(&["import", "a.csv"]);
}

/// Runs a command that must be refused with exit 1; returns stderr's lines.
fn refused(s: &Sandbox, lang: &str, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    let o = s.run(&all);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    stderr(&o).lines().map(str::to_owned).collect()
}

fn has(lines: &[String], want: &str) {
    assert!(
        lines.iter().any(|l| l == want),
        "missing {want:?} in\n{}",
        lines.join("\n")
    );
}

#[test]
fn the_forms_say_it() {
    let s = Sandbox::new();
    store_with_a(&s);
    let store = Store::open(&s.db(), Access::ReadOnly, today()).unwrap();
    let data = store.load(Scope::Full).unwrap();
    for (lang, _) in langs() {
        let msg = |r: app::Checked<app::Op>, field: &str| -> String {
            let errs = r.expect_err("refused");
            errs.iter()
                .find(|e| e.field == field)
                .unwrap_or_else(|| panic!("no {field} in {errs:?}"))
                .message
                .clone()
        };
        let system = |code: &str| {
            app::SystemInput::of([
                ("code", code.into()),
                ("name", "".into()),
                ("level", "6".into()),
                ("go_live_on", "31/02/2026".into()),
            ])
        };
        let r = app::check_add_system(&data, &system("A/B"), today(), lang);
        assert_eq!(
            msg(r.clone(), "code"),
            said(&Refusal::CodeHasSlash, lang, "A/B")
        );
        assert_eq!(msg(r.clone(), "name"), said(&Refusal::Required, lang, ""));
        assert_eq!(msg(r.clone(), "level"), said(&Refusal::Level, lang, "6"));
        assert_eq!(
            msg(r, "go_live_on"),
            said(&Refusal::NoSuchDay, lang, "31/02/2026")
        );
        let r = app::check_add_system(&data, &system(&long_code()), today(), lang);
        assert_eq!(
            msg(r, "code"),
            said(&Refusal::CodeTooLong, lang, &long_shown())
        );
        let project = app::ProjectInput {
            year: "2026".into(),
            name: "P".into(),
            total: "-5".into(),
            security: "0".into(),
            ..Default::default()
        };
        let r = app::check_project(&data, &project, today(), lang);
        assert_eq!(msg(r, "total"), said(&Refusal::Negative, lang, "-5"));
        let assessment = app::AssessmentInput {
            code: "A".into(),
            on: "01/11/2026".into(),
            findings: "-1".into(),
            ..Default::default()
        };
        let r = app::check_assessment(&data, &assessment, today(), lang);
        assert_eq!(msg(r, "findings"), said(&Refusal::Negative, lang, "-1"));
    }
}

#[test]
fn record_says_it() {
    let s = Sandbox::new();
    store_with_a(&s);
    for (lang, l) in langs() {
        let e = refused(
            &s,
            l,
            &[
                "record",
                "level",
                "A/B",
                "--level",
                "6",
                "--on",
                "31/02/2026",
            ],
        );
        has(
            &e,
            &format!("code: {}", said(&Refusal::CodeHasSlash, lang, "A/B")),
        );
        has(&e, &format!("level: {}", said(&Refusal::Level, lang, "6")));
        has(
            &e,
            &format!("on: {}", said(&Refusal::NoSuchDay, lang, "31/02/2026")),
        );
        let e = refused(
            &s,
            l,
            &[
                "record",
                "level",
                &long_code(),
                "--level",
                "2",
                "--on",
                "01/11/2026",
            ],
        );
        has(
            &e,
            &format!("code: {}", said(&Refusal::CodeTooLong, lang, &long_shown())),
        );
        let e = refused(
            &s,
            l,
            &[
                "record",
                "assessment",
                "A",
                "--on",
                "01/11/2026",
                "--findings",
                "-1",
            ],
        );
        has(
            &e,
            &format!("findings: {}", said(&Refusal::Negative, lang, "-1")),
        );
    }
}

/// A refusal expected at a line and column, with the value shown.
type Want = (u64, &'static str, Refusal, String);

/// The CSV rows with every bad system value, and the lines (after "FILE:") each must give.
fn bad_rows() -> (Vec<[String; 4]>, Vec<Want>) {
    let rows = vec![
        ["A/B".into(), "Beta".into(), "2".into(), "".into()],
        [long_code(), "Gamma".into(), "2".into(), "".into()],
        ["D".into(), "".into(), "6".into(), "31/02/2026".into()],
    ];
    let want = vec![
        (2, "code", Refusal::CodeHasSlash, "A/B".to_owned()),
        (3, "code", Refusal::CodeTooLong, long_shown()),
        (4, "name", Refusal::Required, String::new()),
        (4, "level", Refusal::Level, "6".to_owned()),
        (4, "go_live_on", Refusal::NoSuchDay, "31/02/2026".to_owned()),
    ];
    (rows, want)
}

#[test]
fn a_csv_import_says_it_naming_file_line_and_column() {
    let s = Sandbox::new();
    store_with_a(&s);
    let (rows, want) = bad_rows();
    let mut csv = String::from("code,name,level,go_live_on\n");
    for r in &rows {
        csv.push_str(&r.join(","));
        csv.push('\n');
    }
    s.write("bad.csv", csv.as_bytes());
    let before = std::fs::read(s.db()).unwrap();
    for (lang, l) in langs() {
        let e = refused(&s, l, &["import", "bad.csv"]);
        for (line, col, why, value) in &want {
            has(
                &e,
                &format!("bad.csv:{line}: {col}: {}", said(why, lang, value)),
            );
        }
    }
    // all or nothing: not one byte changed, and "A" is still the only system
    assert!(std::fs::read(s.db()).unwrap() == before);
    let out = s.ok(&["systems", "--json"]);
    assert!(!out.contains("A/B") && !out.contains("XXXX"), "{out}");
}

#[test]
fn an_xlsx_import_says_it_naming_file_row_and_column() {
    let s = Sandbox::new();
    store_with_a(&s);
    let (rows, want) = bad_rows();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["code", "name", "level", "go_live_on"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let r = (r + 1) as u32;
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r, c as u16, v).unwrap(),
            };
        }
    }
    s.write("bad.xlsx", &wb.save_to_buffer().unwrap());
    let before = std::fs::read(s.db()).unwrap();
    for (lang, l) in langs() {
        let e = refused(&s, l, &["import", "bad.xlsx"]);
        for (line, col, why, value) in &want {
            let letter = match *col {
                "code" => "A",
                "name" => "B",
                "level" => "C",
                _ => "D",
            };
            has(
                &e,
                &format!(
                    "bad.xlsx[Sheet1]:{line}: {col} ({letter}{line}): {}",
                    said(why, lang, value)
                ),
            );
        }
    }
    assert!(std::fs::read(s.db()).unwrap() == before);
}

#[test]
fn a_json_restore_says_it_naming_the_path() {
    let s = Sandbox::new();
    store_with_a(&s);
    s.ok(&["export", "good.json"]);
    let mut v: Value =
        serde_json::from_slice(&std::fs::read(s.path("good.json")).unwrap()).expect("json");
    let a = v["systems"][0].clone();
    let bad = |code: &str, name: &str, level: Value, live: &str| {
        let mut x = a.clone();
        x["code"] = code.into();
        x["name"] = name.into();
        x["level"] = level;
        x["go_live_on"] = live.into();
        x
    };
    let systems = vec![
        bad("A/B", "Beta", json!(2), "2026-01-02"),
        bad(&long_code(), "Gamma", json!(2), "2026-01-02"),
        bad("D", "", json!(6), "2026-02-31"),
    ];
    v["systems"].as_array_mut().unwrap().extend(systems);
    v["projects"] = json!([{"id": 1, "year": 2026, "name": "P", "total_budget": -5,
        "security_budget": 0, "notes": ""}]);
    s.write("bad.json", &serde_json::to_vec(&v).unwrap());
    let fresh = s.path("fresh.sqlite3");
    for (lang, l) in langs() {
        let o = s
            .on(&fresh)
            .args(["--lang", l, "import", "bad.json"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
        let e: Vec<String> = stderr(&o).lines().map(str::to_owned).collect();
        for (path, why, value) in [
            ("systems[1].code", Refusal::CodeHasSlash, "A/B".to_owned()),
            ("systems[2].code", Refusal::CodeTooLong, long_shown()),
            ("systems[3].name", Refusal::Required, String::new()),
            ("systems[3].level", Refusal::Level, "6".to_owned()),
            (
                "systems[3].go_live_on",
                Refusal::NoSuchDay,
                "2026-02-31".into(),
            ),
            ("projects[0].total_budget", Refusal::Negative, "-5".into()),
        ] {
            has(
                &e,
                &format!("bad.json: {path}: {}", said(&why, lang, &value)),
            );
        }
    }
}

#[test]
fn log_of_a_system_never_lists_another_systems_entries() {
    let s = Sandbox::new();
    // "A" and, from a store older than the code rule, "A/B" (a code with "/" is refused on every
    // way in now, but an older store may hold one)
    store_with_a(&s);
    s.ok(&["record", "assessment", "A", "--on", "01/11/2026"]);
    let c = s.conn();
    c.execute(
        "INSERT INTO system (unit, code, name, search_key, relation, level, dossier_state, plan_status, \
         created_at, updated_at) SELECT '', 'A/B', 'Beta', 'a/b beta', relation, level, dossier_state, \
         plan_status, created_at, updated_at FROM system WHERE code = 'A'",
        [],
    )
    .unwrap();
    drop(c);
    s.ok(&["record", "assessment", "A/B", "--on", "02/11/2026"]);
    s.ok(&[
        "record",
        "level",
        "A/B",
        "--level",
        "3",
        "--on",
        "02/11/2026",
    ]);
    let keys = |code: &str| -> Vec<String> {
        let out = s.ok(&["log", "--system", code, "--json"]);
        let v: Value = serde_json::from_str(&out).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{} {}",
                    e["entity"].as_str().unwrap(),
                    e["entity_key"].as_str().unwrap()
                )
            })
            .collect()
    };
    let a = keys("A");
    assert_eq!(a.len(), 2, "{a:?}");
    assert!(
        a[0] == "system A" && a[1].starts_with("assessment A/"),
        "{a:?}"
    );
    let ab = keys("A/B");
    assert_eq!(ab.len(), 2, "{ab:?}");
    assert!(ab.iter().all(|k| k.contains("A/B")), "{ab:?}");
    // the other filters still find nothing of "A"
    assert!(keys("B").is_empty());
}

/// A value for a field of each kind, as typed and as stored (JSON).
fn sample_value(f: &capdo::store::tables::Field<capdo::domain::System>) -> (String, Value) {
    use capdo::store::tables::{Rule, Slot};
    match f.slot {
        Slot::Text(..) if f.rule == Rule::Code => ("Z-1".into(), json!("Z-1")),
        Slot::Text(..) => (format!("{} mẫu", f.key), json!(format!("{} mẫu", f.key))),
        Slot::Level(..) => ("3".into(), json!(3)),
        Slot::Date(..) => ("02/03/2025".into(), json!("2025-03-02")),
        Slot::Key { all, .. } => {
            let k = all()[1];
            (k.into(), json!(k))
        }
        Slot::Bit(..) => ("có".into(), json!(1)),
        _ => unreachable!("a system has no {} field of this kind", f.key),
    }
}

#[test]
fn every_surface_sees_every_field_of_a_system() {
    use capdo::store::tables::{Rule, SYSTEMS, Slot, Stage};
    let fields = SYSTEMS.fields;
    let s = Sandbox::new();
    store_with_a(&s);
    // the schema has a column for each
    let c = s.conn();
    let mut st = c
        .prepare("SELECT name FROM pragma_table_info('system')")
        .unwrap();
    let columns: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(st);
    drop(c);
    for f in fields {
        assert!(
            columns.iter().any(|c| c == f.column),
            "no column {}",
            f.column
        );
    }
    // the CSV template has a header for each inventory field, in both languages
    s.ok(&["template", "t.csv"]);
    s.ok(&["--lang", "en", "template", "t-en.csv"]);
    let vi = std::fs::read_to_string(s.path("t.csv")).unwrap();
    let en = std::fs::read_to_string(s.path("t-en.csv")).unwrap();
    let inventory: Vec<_> = fields.iter().filter(|f| f.inventory.is_some()).collect();
    assert_eq!(
        vi.trim_start_matches('\u{feff}')
            .trim_end()
            .split(',')
            .count(),
        inventory.len()
    );
    for f in &inventory {
        assert!(vi.contains(f.label.vi), "no {} in {vi}", f.label.vi);
        assert!(
            en.split([',', '\r', '\n', '\u{feff}']).any(|h| h == f.key),
            "no {} in {en}",
            f.key
        );
    }
    // an inventory file (CSV and XLSX) with every column imports each value, and the export
    // writes each back as the import reads it
    let row: Vec<String> = (inventory.iter())
        .map(|f| sample_value(f).0.replace("Z-1", "Z-2"))
        .collect();
    let header: Vec<&str> = inventory.iter().map(|f| f.key).collect();
    s.write(
        "inv.csv",
        format!("{}\n{}\n", header.join(","), row.join(",")).as_bytes(),
    );
    s.ok(&["import", "inv.csv"]);
    let stored = |s: &Sandbox, db: &std::path::Path, code: &str| {
        let store = Store::open(db, Access::ReadOnly, today()).unwrap();
        let data = store.load(Scope::Full).unwrap();
        (data.systems.into_iter())
            .find(|x| x.code == code)
            .unwrap_or_else(|| panic!("no {code} in {}", s.path("").display()))
    };
    let imported = stored(&s, &s.db(), "Z-2");
    for f in &inventory {
        let want = sample_value(f).1;
        let want = if f.rule == Rule::Code {
            json!("Z-2")
        } else {
            want
        };
        assert_eq!(f.json(&imported), want, "inventory column {}", f.key);
    }
    for file in ["inv-out.csv", "inv-out.xlsx"] {
        s.ok(&["export", file]);
        let fresh = s.path(&format!("{file}.sqlite3"));
        let o = s.on(&fresh).args(["import", file]).output().unwrap();
        assert!(o.status.success(), "{}", describe(&o));
        let again = stored(&s, &fresh, "Z-2");
        for f in &inventory {
            assert_eq!(
                f.json(&again),
                f.json(&imported),
                "{file}: column {}",
                f.key
            );
        }
    }
    // the form reads each form field into the system it adds
    let store = Store::open(&s.db(), Access::ReadOnly, today()).unwrap();
    let data = store.load(Scope::Full).unwrap();
    let mut input = app::SystemInput::default();
    for (key, f) in SYSTEMS.form(Stage::Open) {
        assert!(
            input.set(key, sample_value(f).0),
            "the form has no field {key}"
        );
    }
    let Ok(app::Op::AddSystem(added)) = app::check_add_system(&data, &input, today(), Lang::Vi)
    else {
        panic!("refused: {input:?}");
    };
    for (_, f) in SYSTEMS.form(Stage::Open) {
        assert_eq!(f.json(&added), sample_value(f).1, "form field {}", f.key);
    }
    drop(store);
    // the JSON export has every key, and a restore gives back every value
    s.ok(&["export", "all.json"]);
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(s.path("all.json")).unwrap()).unwrap();
    let sys = doc["systems"][0].as_object_mut().unwrap();
    for f in fields {
        let mut v = sample_value(f).1;
        if let Slot::Bit(..) = f.slot {
            v = json!(true);
        }
        if f.key == "unit" {
            v = json!("");
        }
        sys.insert(f.key.into(), v);
    }
    s.write("all.json", &serde_json::to_vec(&doc).unwrap());
    let fresh = s.path("fresh.sqlite3");
    let o = s.on(&fresh).args(["import", "all.json"]).output().unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let o = s
        .on(&fresh)
        .args(["export", "again.json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let again: Value =
        serde_json::from_slice(&std::fs::read(s.path("again.json")).unwrap()).unwrap();
    for f in fields {
        assert_eq!(
            again["systems"][0][f.key], doc["systems"][0][f.key],
            "restored {}",
            f.key
        );
    }
}
