//! Exchange: XLSX import (files made the way an office makes them), export by extension, and
//! the round trips CSV → store → XLSX → store and JSON → store → JSON, on the sample and on
//! generated Vietnamese data. Real files in temporary directories; the binary where the
//! command line is the subject, the library where thousands of cases run.

use crate::common::{ctx_at, sandbox, today};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use capdo::domain::*;
use capdo::exchange::{csv as xcsv, export, inventory, json, xlsx};
use capdo::i18n::Lang;
use capdo::store::restore::RestoreMode;
use capdo::store::{Access, Store};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};
use unicode_normalization::UnicodeNormalization;

const TODAY: &str = "2026-11-29";

/// A temporary directory with a store in it, and the binary run against both.
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

    /// The binary on the store `db` (a file name in the sandbox).
    fn capdo_on(&self, db: &str) -> Command {
        let mut c = Command::from_std(self.bare());
        c.arg("--db").arg(self.path(db)).args(["--today", TODAY]);
        c
    }

    fn capdo(&self) -> Command {
        self.capdo_on("capdo.sqlite3")
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path(name), bytes).unwrap();
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    /// The full sample commune in the store `db`, through the library.
    fn sample_store(&self, db: &str) {
        let mut s = Store::open(&self.path(db), Access::ReadWrite, today()).unwrap();
        capdo::sample::load(&mut s, &ctx_at(9, 30)).unwrap();
    }

    fn store(&self, db: &str) -> Store {
        Store::open(&self.path(db), Access::ReadWrite, today()).unwrap()
    }

    /// Everything in a store, and its file's bytes.
    fn state(&self, db: &str) -> (Vec<u8>, Vec<u8>) {
        let dump = if self.path(db).exists() {
            json::to_json(&self.store(db).dump().unwrap()).unwrap()
        } else {
            Vec::new()
        };
        let bytes = std::fs::read(self.path(db)).unwrap_or_default();
        (dump, bytes)
    }

    /// Runs an import that must be refused: exit 1, nothing written; returns stderr.
    fn refused(&self, args: &[&str]) -> String {
        let before = self.state("capdo.sqlite3");
        let out = self.capdo().args(args).assert().code(1);
        let out = out.get_output();
        assert!(
            out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let after = self.state("capdo.sqlite3");
        assert!(after.0 == before.0, "the store's content changed");
        assert!(after.1 == before.1, "the store file changed");
        String::from_utf8(out.stderr.clone()).unwrap()
    }
}

/// The 14 inventory columns (and the last assessment) of the local systems, in store order.
fn inventory_of(store: &Store) -> Vec<Vec<String>> {
    let systems = store.systems().unwrap();
    export::local_systems(&systems)
        .into_iter()
        .map(|s| {
            export::row(s)
                .into_iter()
                .map(|c| match c {
                    export::Cell::Empty => String::new(),
                    export::Cell::Text(t) => t,
                    export::Cell::Level(l) => l.to_string(),
                    export::Cell::Date(d) => d.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Imports a table into a store through the inventory rules (as `capdo import` does).
fn import_table(store: &mut Store, label: &str, t: &capdo::exchange::Table) {
    let parsed = inventory::rows_to_patches(
        label,
        t,
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        Lang::En,
    )
    .unwrap_or_else(|r| panic!("{}", r.render(Lang::En)));
    let existing: HashMap<String, System> = store
        .systems()
        .unwrap()
        .into_iter()
        .map(|s| (s.code.clone(), s))
        .collect();
    inventory::check_against(label, &parsed, &existing, Lang::En)
        .unwrap_or_else(|r| panic!("{}", r.render(Lang::En)));
    let patches: Vec<_> = parsed.rows.into_iter().map(|r| r.patch).collect();
    store
        .import_systems(&ctx_at(9, 30), &patches, label, false)
        .unwrap();
}

fn import_csv(store: &mut Store, bytes: &[u8]) {
    let mut t = xcsv::read_table("in.csv", bytes, Lang::En)
        .unwrap_or_else(|r| panic!("{}", r.render(Lang::En)));
    export::unneutralize_table(&mut t);
    import_table(store, "in.csv", &t);
}

fn import_xlsx(store: &mut Store, bytes: Vec<u8>) {
    let st = xlsx::read_table("in.xlsx", bytes, None, Lang::En)
        .unwrap_or_else(|r| panic!("{}", r.render(Lang::En)));
    import_table(store, &st.label, &st.table);
}

fn fresh() -> Store {
    Store::in_memory(today()).unwrap()
}

// ------------------------------------------------------------ round trips on the sample

#[test]
fn sample_csv_to_store_to_xlsx_to_store() {
    let s = Sandbox::new();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/inventory.csv");
    s.capdo_on("a.db")
        .arg("import")
        .arg(&csv)
        .assert()
        .success();
    s.capdo_on("a.db")
        .args(["export", "out.xlsx"])
        .assert()
        .success()
        .stdout("Đã xuất 16 hệ thống ra out.xlsx.\n");
    s.capdo_on("b.db")
        .args(["import", "out.xlsx"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Đã nhập out.xlsx[Danh mục hệ thống]: 16 hệ thống mới",
        ));
    let (a, b) = (
        inventory_of(&s.store("a.db")),
        inventory_of(&s.store("b.db")),
    );
    assert_eq!(a.len(), 16);
    assert_eq!(a, b);
    // and the CSV of both is the same file
    s.capdo_on("a.db")
        .args(["export", "a.csv"])
        .assert()
        .success();
    s.capdo_on("b.db")
        .args(["export", "b.csv"])
        .assert()
        .success();
    assert_eq!(s.read("a.csv"), s.read("b.csv"));
    // what `systems` shows is the same too
    let show = |db: &str| {
        s.capdo_on(db)
            .args(["systems", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(show("a.db"), show("b.db"));
}

#[test]
fn full_sample_xlsx_and_csv_round_trip() {
    let s = Sandbox::new();
    s.sample_store("a.db");
    for f in ["s.xlsx", "s.csv"] {
        s.capdo_on("a.db").args(["export", f]).assert().success();
        let db = format!("{f}.db");
        s.capdo_on(&db).args(["import", f]).assert().success();
        assert_eq!(
            inventory_of(&s.store("a.db")),
            inventory_of(&s.store(&db)),
            "{f}"
        );
    }
}

#[test]
fn sample_json_to_store_to_json() {
    let s = Sandbox::new();
    s.sample_store("a.db");
    s.capdo_on("a.db")
        .args(["--lang", "en", "export", "one.json"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "Exported the whole store to one.json: 16 systems",
        ));
    s.capdo_on("b.db")
        .args(["--lang", "en", "import", "one.json"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Restored one.json: 16 systems, 14 dossier steps, 7 assessments, 2 incidents, 3 projects, 5 report submissions, 4 custom deadlines, 51 change-log entries",
        ));
    s.capdo_on("b.db")
        .args(["export", "two.json"])
        .assert()
        .success();
    let (one, two) = (s.read("one.json"), s.read("two.json"));
    // identical, byte for byte
    assert_eq!(two, one);
    assert_eq!(
        json::to_json(&json::parse("", &one, Lang::Vi).unwrap()).unwrap(),
        one
    );
    // the chain of the restored log holds
    let b = s.store("b.db");
    assert_eq!(b.verify().unwrap(), Ok(51));
    // and the restored store reads exactly as the original
    let a = s.store("a.db");
    let (x, y) = (
        a.load(capdo::store::Scope::Full).unwrap(),
        b.load(capdo::store::Scope::Full).unwrap(),
    );
    assert_eq!(x, y);
    // again: restore of a restore
    s.capdo_on("c.db")
        .args(["import", "two.json"])
        .assert()
        .success();
    s.capdo_on("c.db")
        .args(["export", "three.json"])
        .assert()
        .success();
    assert_eq!(s.read("three.json"), one);
    // the commands agree on both stores
    for args in [&["due", "--json", "--all"][..], &["systems", "--json"][..]] {
        let out = |db: &str| {
            s.capdo_on(db)
                .args(args)
                .assert()
                .get_output()
                .stdout
                .clone()
        };
        assert_eq!(out("a.db"), out("b.db"), "{args:?}");
    }
}

#[test]
fn json_restore_needs_an_empty_store_or_replace() {
    let s = Sandbox::new();
    s.sample_store("a.db");
    s.capdo_on("a.db")
        .args(["export", "a.json"])
        .assert()
        .success();
    // a store with its own data
    s.write(
        "own.csv",
        "code,name,level\nX-1,Hệ thống riêng,2\n".as_bytes(),
    );
    s.capdo().args(["import", "own.csv"]).assert().success();
    let err = s.refused(&["--lang", "en", "import", "a.json"]);
    assert!(
        err.contains("the store already holds data (1 system, 1 change-log entry)"),
        "{err}"
    );
    assert!(err.contains("--replace"), "{err}");
    // a dry run with --replace checks everything and writes nothing
    let before = s.state("capdo.sqlite3");
    s.capdo()
        .args(["--lang", "en", "import", "a.json", "--replace", "--dry-run"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(
            "Checked (nothing written) a.json: would restore 16 systems",
        ));
    assert!(s.state("capdo.sqlite3").0 == before.0);
    s.capdo()
        .args(["--lang", "en", "import", "a.json", "--replace"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "; replacing 1 system and 1 change-log entry.",
        ));
    let st = s.store("capdo.sqlite3");
    assert!(st.system_by_code("X-1").unwrap().is_none());
    assert_eq!(st.verify().unwrap(), Ok(52));
    let last = st.log(&Default::default()).unwrap().pop().unwrap();
    assert_eq!(last.action, "restore");
    assert_eq!(last.old.unwrap()["systems"], 1);
    // --replace and --sheet belong to their formats
    let err = s.refused(&["--lang", "en", "import", "own.csv", "--replace"]);
    assert!(
        err.contains("--replace applies to .json files only"),
        "{err}"
    );
    let err = s.refused(&["--lang", "en", "import", "a.json", "--sheet", "X"]);
    assert!(err.contains("--sheet applies to .xlsx files only"), "{err}");
}

// ------------------------------------------------------------ bad JSON

#[test]
fn bad_json_is_refused_by_path_and_nothing_written() {
    let s = Sandbox::new();
    s.sample_store("a.db");
    s.capdo_on("a.db")
        .args(["export", "a.json"])
        .assert()
        .success();
    let good: serde_json::Value = serde_json::from_slice(&s.read("a.json")).unwrap();
    // a store that already holds data (so that "nothing written" means something)
    s.write(
        "own.csv",
        "code,name,level\nX-1,Hệ thống riêng,2\n".as_bytes(),
    );
    s.capdo().args(["import", "own.csv"]).assert().success();
    let case = |f: &dyn Fn(&mut serde_json::Value), lang: &str| -> String {
        let mut v = good.clone();
        f(&mut v);
        s.write("bad.json", &serde_json::to_vec_pretty(&v).unwrap());
        s.refused(&["--lang", lang, "import", "bad.json", "--replace"])
    };
    let err = case(&|v| v["format"] = "capdo-bundle".into(), "en");
    assert!(
        err.contains("bad.json: format: unknown format; expected \"capdo-store\" (capdo-bundle)"),
        "{err}"
    );
    let err = case(&|v| v["version"] = 9.into(), "vi");
    assert!(
        err.contains("bad.json: version: tệp do phiên bản capdo mới hơn tạo"),
        "{err}"
    );
    let err = case(
        &|v| {
            v["systems"][1]["go_live_on"] = "2026-02-30".into();
            v["systems"][2]["dossier_status"] = "lost".into();
            v["incidents"][0]["severity"] = "huge".into();
            v["dossier_steps"][0]["system"] = "MA-NOPE".into();
            v["custom_deadlines"][3]["unit"] = "Xã khác".into();
            v["custom_deadlines"][1]["unit"] = "Xã khác".into();
        },
        "en",
    );
    for want in [
        "bad.json: systems[1].go_live_on: no such day in the calendar (2026-02-30)",
        "bad.json: systems[2].dossier_status: unknown value; use: none, drafting, submitted, appraised, approved, redetermine (lost)",
        "bad.json: incidents[0].severity: unknown value; use: normal, serious (huge)",
        "bad.json: dossier_steps[0].system: no such system in the file (\"systems\") (MA-NOPE)",
        "6 problems; nothing was written.",
    ] {
        assert!(err.contains(want), "missing {want:?} in\n{err}");
    }
    // a custom deadline pointing at another unit's system, and a unit without a system
    assert!(
        err.contains(
            "custom_deadlines[3].system: no such system in the file (\"systems\") (Xã khác/MA-DATA)"
        ) && err.contains(
            "custom_deadlines[1].unit: a unit without a system (system is null) (Xã khác)"
        ),
        "{err}"
    );
    // a log edited after the fact
    let err = case(
        &|v| v["change_log"][5]["officer"] = "Người khác".into(),
        "en",
    );
    assert!(
        err.contains("bad.json: change_log[5]: the change log's hash chain breaks at entry 6"),
        "{err}"
    );
    // a log with an entry taken out: the chain breaks where it was
    let err = case(
        &|v| {
            v["change_log"].as_array_mut().unwrap().remove(3);
        },
        "en",
    );
    assert!(
        err.contains("bad.json: change_log[3]: the change log's hash chain breaks at entry 5"),
        "{err}"
    );
    // entries out of order
    let err = case(
        &|v| {
            v["change_log"].as_array_mut().unwrap().swap(3, 4);
        },
        "vi",
    );
    assert!(
        err.contains(
            "change_log[4].seq: các mục nhật ký phải đánh số tăng dần: mục này phải sau mục số 5 (4)"
        ),
        "{err}"
    );
    // not JSON at all
    s.write("bad.json", b"PK\x03\x04\x00\x00binary");
    let err = s.refused(&["--lang", "en", "import", "bad.json"]);
    assert!(err.contains("bad.json:1: broken JSON"), "{err}");
}

// ------------------------------------------------------------ XLSX as an office makes it

const LABELS: [&str; 15] = [
    "Mã hệ thống",
    "Tên hệ thống",
    "Chủ quản",
    "Đơn vị vận hành",
    "Quan hệ",
    "Cấp độ",
    "Trạng thái hồ sơ",
    "Ngày phê duyệt",
    "Số quyết định",
    "Phương án",
    "Ngày kiểm tra đánh giá gần nhất",
    "Ngày đưa vào vận hành",
    "Người phụ trách",
    "Ghi chú",
    "Đang đầu tư xây dựng trước 01/7/2026",
];

/// A value in an office sheet.
enum V<'a> {
    T(&'a str),
    N(f64),
    D(u16, u8, u8),
    Blank,
}

/// The sheet as an office makes it: a title merged across A1:N1, a blank row, the header on
/// row 3 (bold, wrapped), the rows from row 4, then a formatted but empty trailing row.
fn office_book(sheet: &str, header: &[&str], rows: &[Vec<V>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws: &mut Worksheet = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, 13, "DANH MỤC HỆ THỐNG THÔNG TIN", &title)
        .unwrap();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    for (i, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, i as u16, *h, &head).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let text_as_text = Format::new().set_num_format("@");
    for (r, cells) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, v) in cells.iter().enumerate() {
            let c = c as u16;
            match v {
                V::T(t) => {
                    ws.write_string_with_format(r, c, *t, &text_as_text)
                        .unwrap();
                }
                V::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                V::D(y, m, d) => {
                    let x = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &x, &date).unwrap();
                }
                V::Blank => {}
            }
        }
    }
    let trailing = rows.len() as u32 + 3;
    for c in 0..14u16 {
        ws.write_blank(trailing, c, &head).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn good_rows() -> Vec<Vec<V<'static>>> {
    use V::*;
    vec![
        vec![
            T("XA-01"),
            T("Cổng thông tin điện tử xã"),
            T("UBND xã Mẫu An"),
            T("Văn phòng HĐND-UBND"),
            T("sở hữu"),
            T("3"),
            T("đã phê duyệt"),
            D(2024, 8, 12),
            T("101/QĐ-UBND"),
            T("đầy đủ"),
            D(2025, 3, 10),
            D(2019, 1, 1),
            T("Trần Thị Mẫu"),
            T("Ghi chú, có \"ngoặc\"\ndòng hai"),
        ],
        vec![
            T("XA-02"),
            // as some Mac and Office files send it: decomposed
            T(Box::leak(
                "Đài truyền thanh xã"
                    .nfd()
                    .collect::<String>()
                    .into_boxed_str(),
            )),
            T("UBND xã Mẫu An"),
            Blank,
            T("owned"),
            N(2.0),
            T("đang lập"),
            Blank,
            Blank,
            T("chưa triển khai"),
            Blank,
            T("20/6/2023"),
            T("Lê Văn Mẫu"),
            Blank,
        ],
        vec![
            T("XA-03"),
            T("Thư điện tử công vụ tỉnh"),
            T("UBND tỉnh"),
            Blank,
            T("sử dụng"),
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            T("Trần Thị Mẫu"),
            Blank,
        ],
    ]
}

#[test]
fn office_xlsx_imports() {
    let s = Sandbox::new();
    s.write("office.xlsx", &office_book("Sheet1", &LABELS, &good_rows()));
    s.capdo()
        .args(["import", "office.xlsx", "--dry-run"])
        .assert()
        .success()
        .stdout("Kiểm tra (chưa ghi) office.xlsx[Sheet1]: 3 hệ thống mới, 0 cập nhật, 0 không đổi, 1 lần đánh giá được ghi nhận.\n");
    s.capdo()
        .args(["import", "office.xlsx"])
        .assert()
        .success()
        .stdout("Đã nhập office.xlsx[Sheet1]: 3 hệ thống mới, 0 cập nhật, 0 không đổi, 1 lần đánh giá được ghi nhận.\n");
    let st = s.store("capdo.sqlite3");
    let a = st.system_by_code("XA-01").unwrap().unwrap();
    assert_eq!(a.level, Level::new(3));
    assert_eq!(a.approved_on, NaiveDate::from_ymd_opt(2024, 8, 12));
    assert_eq!(a.last_assessed_on, NaiveDate::from_ymd_opt(2025, 3, 10));
    assert_eq!(a.notes, "Ghi chú, có \"ngoặc\"\ndòng hai");
    let b = st.system_by_code("XA-02").unwrap().unwrap();
    assert_eq!(b.name, "Đài truyền thanh xã");
    assert_eq!(b.level, Level::new(2));
    assert_eq!(b.go_live_on, NaiveDate::from_ymd_opt(2023, 6, 20));
    let c = st.system_by_code("XA-03").unwrap().unwrap();
    assert_eq!((c.relation, c.level), (Relation::Used, None));
    // a second import of the same file changes nothing
    s.capdo()
        .args(["--lang", "en", "import", "office.xlsx"])
        .assert()
        .success()
        .stdout("Imported office.xlsx[Sheet1]: 0 new, 0 updated, 3 unchanged systems; 0 assessments recorded.\n");
}

#[test]
fn xlsx_sheet_by_name_and_english_keys() {
    let s = Sandbox::new();
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("Hướng dẫn")
        .unwrap()
        .write_string(0, 0, "Điền danh mục ở trang sau")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Danh mục 2026").unwrap();
    for (i, h) in ["code", "name", "level", "go_live_on"].iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "K-1").unwrap();
    ws.write_string(1, 1, "Kế toán").unwrap();
    ws.write_number(1, 2, 1).unwrap();
    ws.write_string(1, 3, "2020-01-15").unwrap();
    s.write("two.xlsx", &wb.save_to_buffer().unwrap());
    // the first sheet has no header: refused, naming it
    let err = s.refused(&["--lang", "en", "import", "two.xlsx"]);
    assert!(
        err.contains("two.xlsx[Hướng dẫn]:1: no header row in the first 20 rows"),
        "{err}"
    );
    s.capdo()
        .args(["import", "two.xlsx", "--sheet", "danh muc 2026"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "two.xlsx[Danh mục 2026]: 1 hệ thống mới",
        ));
    let k = s
        .store("capdo.sqlite3")
        .system_by_code("K-1")
        .unwrap()
        .unwrap();
    assert_eq!(k.go_live_on, NaiveDate::from_ymd_opt(2020, 1, 15));
}

// ------------------------------------------------------------ bad XLSX

/// A sandbox whose store already holds the sample inventory.
fn seeded() -> Sandbox {
    let s = Sandbox::new();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/inventory.csv");
    s.capdo().arg("import").arg(&csv).assert().success();
    s
}

#[test]
fn xlsx_bad_date_names_sheet_row_and_cell() {
    let s = seeded();
    let mut rows = good_rows();
    rows[1][7] = V::T("31/02/2026"); // approved on a day that does not exist
    rows[1][6] = V::T("đã phê duyệt");
    rows[2][11] = V::T("hôm qua");
    s.write("bad.xlsx", &office_book("Sheet1", &LABELS, &rows));
    let vi = s.refused(&["import", "bad.xlsx"]);
    assert!(
        vi.contains(
            "bad.xlsx[Sheet1]:5: Ngày phê duyệt (H5): không có ngày này trong lịch (31/02/2026)"
        ),
        "{vi}"
    );
    assert!(
        vi.contains("bad.xlsx[Sheet1]:6: Ngày đưa vào vận hành (L6): ngày không hợp lệ (dùng dd/mm/yyyy hoặc YYYY-MM-DD) (hôm qua)"),
        "{vi}"
    );
    assert!(
        vi.trim_end().ends_with("2 lỗi; không ghi gì vào kho."),
        "{vi}"
    );
    let en = s.refused(&["--lang", "en", "import", "bad.xlsx"]);
    assert!(
        en.contains(
            "bad.xlsx[Sheet1]:5: Ngày phê duyệt (H5): no such day in the calendar (31/02/2026)"
        ),
        "{en}"
    );
}

#[test]
fn xlsx_rules_of_the_contract_apply() {
    let s = seeded();
    let mut rows = good_rows();
    rows[0][5] = V::N(7.0); // level 7
    rows[1][0] = V::T("XA-01"); // duplicate code
    rows[2][4] = V::T("sở hữu"); // owned without a level
    s.write("bad.xlsx", &office_book("Sheet1", &LABELS, &rows));
    let en = s.refused(&["--lang", "en", "import", "bad.xlsx"]);
    assert!(
        en.contains("bad.xlsx[Sheet1]:4: Cấp độ (F4): level must be a number from 1 to 5 (7)"),
        "{en}"
    );
    assert!(
        en.contains(
            "bad.xlsx[Sheet1]:5: Mã hệ thống (A5): duplicate code, first on line 4 (XA-01)"
        ),
        "{en}"
    );
    // the owned-needs-a-level check runs only once the values are sound
    let mut rows = good_rows();
    rows[2][4] = V::T("sở hữu");
    s.write("bad.xlsx", &office_book("Sheet1", &LABELS, &rows));
    let en = s.refused(&["--lang", "en", "import", "bad.xlsx"]);
    assert!(
        en.contains("bad.xlsx[Sheet1]:6: Cấp độ (F6): an owned system needs a level (1–5)"),
        "{en}"
    );
}

#[test]
fn xlsx_unknown_header_is_refused() {
    let s = seeded();
    let mut header = LABELS;
    header[0] = "Mã HT";
    header[9] = "Phuong an bao ve";
    s.write("bad.xlsx", &office_book("Sheet1", &header, &good_rows()));
    let vi = s.refused(&["import", "bad.xlsx"]);
    assert!(
        vi.contains("bad.xlsx[Sheet1]:3: Mã HT (A3): cột không xác định; có phải là"),
        "{vi}"
    );
    let en = s.refused(&["--lang", "en", "import", "bad.xlsx"]);
    assert!(
        en.contains(
            "bad.xlsx[Sheet1]:3: Phuong an bao ve (J3): unknown column; did you mean \"Phương án\"?"
        ),
        "{en}"
    );
}

#[test]
fn not_an_xlsx_is_refused_clearly() {
    let s = seeded();
    s.write("fake.xlsx", "code,name\nA,B\n".as_bytes());
    let en = s.refused(&["--lang", "en", "import", "fake.xlsx"]);
    assert!(
        en.contains("fake.xlsx: not an Excel .xlsx file (the content is not Office Open XML)"),
        "{en}"
    );
    s.write(
        "zip.xlsx",
        b"PK\x03\x04\x14\x00\x00\x00garbage that is not a zip",
    );
    let vi = s.refused(&["import", "zip.xlsx"]);
    assert!(vi.contains("zip.xlsx: tệp .xlsx bị hỏng"), "{vi}");
    // a real zip that is not a workbook
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let mut bytes = wb.save_to_buffer().unwrap();
    bytes.truncate(bytes.len() / 2);
    s.write("cut.xlsx", &bytes);
    let en = s.refused(&["--lang", "en", "import", "cut.xlsx"]);
    assert!(en.contains("cut.xlsx: the .xlsx file is damaged"), "{en}");
    // a compound-document header with nothing in it: a damaged .xls (or a locked .xlsx)
    s.write("old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let en = s.refused(&["--lang", "en", "import", "old.xls"]);
    assert!(
        en.contains("old.xls: the .xls file is damaged, password-protected or not an Excel file"),
        "{en}"
    );
    s.write("old.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let en = s.refused(&["--lang", "en", "import", "old.xlsx"]);
    assert!(en.contains("password-protected"), "{en}");
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/xls")
        .join(name)
}

/// tests/fixtures/xls: inventory.xlsx is `capdo --demo export inventory.xlsx`; inventory.xls is
/// that file saved as Excel 97-2003 by LibreOffice (`soffice --headless --convert-to xls`);
/// bad.xls and bad.xlsx are one CSV with two bad levels saved by LibreOffice in both formats.
#[test]
fn xls_imports_the_same_inventory_as_the_xlsx_it_was_saved_from() {
    let s = Sandbox::new();
    let systems = |db: &str| {
        let out = s.capdo_on(db).args(["systems", "--json"]).output().unwrap();
        assert!(out.status.success());
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for sys in v.as_array_mut().unwrap() {
            let o = sys.as_object_mut().unwrap();
            o.remove("created_at");
            o.remove("updated_at");
        }
        v
    };
    for (db, file) in [
        ("a.sqlite3", "inventory.xlsx"),
        ("b.sqlite3", "inventory.xls"),
    ] {
        let a = s
            .capdo_on(db)
            .arg("import")
            .arg(fixture(file))
            .assert()
            .success();
        let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
        assert!(
            out.contains(&format!("{file}[Danh mục hệ thống]: 16 hệ thống mới")),
            "{out}"
        );
    }
    let (a, b) = (systems("a.sqlite3"), systems("b.sqlite3"));
    assert_eq!(a.as_array().unwrap().len(), 16);
    assert_eq!(a, b);
    // the same row and cell messages as the .xlsx, nothing written
    let messages = |file: &str| {
        let e = s.refused(&["import", fixture(file).to_str().unwrap()]);
        e.replace(fixture(file).to_str().unwrap(), "FILE")
    };
    let xls = messages("bad.xls");
    assert!(
        xls.contains("FILE[bad]:3: level (C3): cấp độ phải là số từ 1 đến 5 (9)"),
        "{xls}"
    );
    assert_eq!(xls, messages("bad.xlsx"));
}

#[test]
fn missing_sheet_is_refused_naming_it() {
    let s = seeded();
    s.write(
        "office.xlsx",
        &office_book("Danh mục", &LABELS, &good_rows()),
    );
    let vi = s.refused(&["import", "office.xlsx", "--sheet", "Sheet9"]);
    assert!(
        vi.contains(
            "office.xlsx[Sheet9]: không có trang tính này trong tệp; các trang tính: \"Danh mục\""
        ),
        "{vi}"
    );
    let en = s.refused(&["--lang", "en", "import", "office.xlsx", "--sheet", "Sheet9"]);
    assert!(
        en.contains("no such sheet in the file; its sheets: \"Danh mục\""),
        "{en}"
    );
}

// ------------------------------------------------------------ export

#[test]
fn export_refuses_to_overwrite_without_force() {
    let s = seeded();
    s.write("x.csv", b"keep me");
    let err = s.refused(&["--lang", "en", "export", "x.csv"]);
    assert!(
        err.contains("x.csv: the file exists; use --force to replace it"),
        "{err}"
    );
    assert_eq!(s.read("x.csv"), b"keep me");
    s.capdo()
        .args(["export", "x.csv", "--force"])
        .assert()
        .success();
    assert!(
        s.read("x.csv")
            .starts_with("\u{feff}Mã hệ thống,".as_bytes())
    );
    // no temporary file is left behind
    let names: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp")), "{names:?}");
    let err = s.refused(&["--lang", "en", "export", "x.ods"]);
    assert!(err.contains("x.ods: unknown format"), "{err}");
}

#[test]
fn export_csv_neutralises_formulas_and_round_trips() {
    let s = Sandbox::new();
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["code", "name", "owner", "level", "notes", "responsible"])
        .unwrap();
    w.write_record([
        "=1+1",
        "+84 912 345 678",
        "-Phòng",
        "2",
        "@SUM(A1)",
        "'=quoted",
    ])
    .unwrap();
    w.write_record([
        "N-2",
        "'-a",
        "''b",
        "1",
        "dòng 1\r\ndòng 2, \"x\"",
        "'plain",
    ])
    .unwrap();
    s.write("in.csv", &w.into_inner().unwrap());
    s.capdo().args(["import", "in.csv"]).assert().success();
    s.capdo().args(["export", "out.csv"]).assert().success();
    let text = String::from_utf8(s.read("out.csv")).unwrap();
    for line in text.lines().skip(1) {
        // no cell starts a formula
        let mut r = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        if let Some(Ok(rec)) = r.records().next() {
            for cell in rec.iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@']),
                    "{cell:?} in {line}"
                );
            }
        }
    }
    assert!(text.contains("'=1+1,'+84 912 345 678,'-Phòng,"), "{text}");
    s.capdo_on("b.db")
        .args(["import", "out.csv"])
        .assert()
        .success();
    let (a, b) = (s.store("capdo.sqlite3"), s.store("b.db"));
    assert_eq!(inventory_of(&a), inventory_of(&b));
    let x = b.system_by_code("=1+1").unwrap().unwrap();
    assert_eq!(x.name, "+84 912 345 678");
    // an input quote before a formula character is taken as the protection it is
    assert_eq!(x.responsible, "=quoted");
    let y = b.system_by_code("N-2").unwrap().unwrap();
    assert_eq!((y.name.as_str(), y.owner.as_str()), ("-a", "'b"));
    assert_eq!(y.responsible, "'plain");
    assert_eq!(y.notes, "dòng 1\r\ndòng 2, \"x\"");
}

#[test]
fn export_xlsx_writes_strings_dates_and_numbers() {
    let s = seeded();
    s.capdo().args(["export", "e.xlsx"]).assert().success();
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(s.read("e.xlsx"))).unwrap();
    let r = wb.worksheet_range("Danh mục hệ thống").unwrap();
    let head: Vec<String> = (0..15)
        .map(|c| r.get((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(head, LABELS);
    // MA-LAN: level 2 as a number, approved 12/8/2024 as a real date
    assert_eq!(r.get((1, 0)), Some(&Data::String("MA-LAN".into())));
    assert_eq!(r.get((1, 5)), Some(&Data::Float(2.0)));
    match r.get((1, 7)) {
        Some(Data::DateTime(d)) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            assert_eq!((y, m, day), (2024, 8, 12));
        }
        other => panic!("{other:?}"),
    }
    // no formulas anywhere
    let f = wb.worksheet_formula("Danh mục hệ thống").unwrap();
    assert!(f.used_cells().all(|(_, _, v)| v.is_empty()));
}

#[test]
fn demo_exports_and_lang() {
    let s = Sandbox::new();
    s.capdo()
        .args(["--demo", "--lang", "en", "export", "demo.json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("16 systems"));
    let d = json::parse("demo.json", &s.read("demo.json"), Lang::En).unwrap();
    assert_eq!(d.systems.len(), 16);
    assert!(!s.db().exists(), "--demo must not create the real store");
}

// ------------------------------------------------------------ generated Vietnamese data

const WORDS: &[&str] = &[
    "Hệ",
    "thống",
    "Cổng",
    "thông",
    "tin",
    "điện",
    "tử",
    "Đài",
    "truyền",
    "thanh",
    "xã",
    "Phường",
    "Mẫu",
    "Sơn",
    "Nguyễn",
    "Thị",
    "Ánh",
    "Quỳnh",
    "Hữu",
    "Ưng",
    "Ỷ",
    "Lệ",
    "Đỗ",
    "Hoàng",
    "Phạm",
    "Văn",
    "Ngô",
    "Bùi",
    "Dương",
    "Lý",
    "kế",
    "toán",
    "một",
    "cửa",
    "số",
    "hóa",
    "hồ",
    "sơ",
    "camera",
    "Wi-Fi",
    "máy",
    "chủ",
    "LAN",
    "trụ",
    "sở",
    "UBND",
    "HĐND",
    "bảo",
    "đảm",
    "an",
    "toàn",
    "cấp",
    "độ",
    "CNTT",
    "VNPT",
    "Viettel",
    "ƯỚC",
    "ỨNG",
    "🙂",
];
const SEPS: &[&str] = &[
    " ", " ", " ", ", ", "; ", " \"", "\" ", " - ", "/", " (", ") ",
];
const PREFIXES: &[&str] = &["", "", "", "", "=", "+", "-", "@", "'", "'=", "''", "=+"];

/// One generated inventory row, as the file will hold it.
#[derive(Clone, Debug)]
struct Gen {
    code: String,
    name: String,
    owner: String,
    operator: String,
    relation: Relation,
    level: Option<u8>,
    dossier: DossierState,
    approved_on: Option<NaiveDate>,
    decision_no: String,
    plan: PlanStatus,
    last_assessed_on: Option<NaiveDate>,
    go_live_on: Option<NaiveDate>,
    responsible: String,
    notes: String,
}

fn phrase(words: &[usize], seps: &[usize], prefix: usize, nfd: bool) -> String {
    let mut s = String::from(PREFIXES[prefix % PREFIXES.len()]);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            s.push_str(SEPS[seps.get(i).copied().unwrap_or(0) % SEPS.len()]);
        }
        s.push_str(WORDS[w % WORDS.len()]);
    }
    let s = s.trim().to_owned();
    if nfd { s.nfd().collect() } else { s }
}

fn text_strategy(max_words: usize) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0usize..1000, 1..=max_words),
        prop::collection::vec(0usize..1000, max_words),
        0usize..1000,
        any::<bool>(),
    )
        .prop_map(|(w, s, p, nfd)| phrase(&w, &s, p, nfd))
}

fn notes_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec((text_strategy(4), 0usize..4), 0..4).prop_map(|parts| {
        let mut s = String::new();
        for (i, (p, j)) in parts.into_iter().enumerate() {
            if i > 0 {
                s.push_str(["\n", "\r\n", ", ", "\t"][j]);
            }
            s.push_str(&p);
        }
        s.trim().to_owned()
    })
}

fn date_strategy() -> impl Strategy<Value = Option<NaiveDate>> {
    prop::option::of((1990i32..2100, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(y, m, 28))
            .unwrap()
    }))
}

fn gen_strategy() -> impl Strategy<Value = Gen> {
    (
        (
            text_strategy(3),
            text_strategy(8),
            text_strategy(5),
            text_strategy(5),
            any::<bool>(),
            1u8..=5,
            0usize..6,
        ),
        (
            date_strategy(),
            text_strategy(2),
            0usize..3,
            date_strategy(),
            date_strategy(),
            text_strategy(3),
            notes_strategy(),
        ),
    )
        .prop_map(
            |(
                (code, name, owner, operator, used, level, dossier),
                (approved, dec, plan, last, live, resp, notes),
            )| {
                let relation = if used {
                    Relation::Used
                } else {
                    Relation::Owned
                };
                let dossier = DossierState::ALL[dossier];
                Gen {
                    // a code never holds "/" (the one code rule of every way in)
                    code: code.replace('/', "-"),
                    name,
                    owner,
                    operator,
                    relation,
                    // a used system may have no level; an owned one needs it
                    level: if used && level > 3 { None } else { Some(level) },
                    dossier,
                    approved_on: if dossier == DossierState::Approved {
                        approved.or(NaiveDate::from_ymd_opt(2024, 9, 30))
                    } else {
                        approved
                    },
                    decision_no: dec,
                    plan: PlanStatus::ALL[plan],
                    last_assessed_on: last,
                    go_live_on: live,
                    responsible: resp,
                    notes,
                }
            },
        )
}

/// The generated rows as an inventory CSV, with codes made unique, dates in both spellings.
fn gen_csv(rows: &[Gen], delimiter: u8) -> Vec<u8> {
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(LABELS).unwrap();
    for (i, g) in rows.iter().enumerate() {
        let date = |d: Option<NaiveDate>| match d {
            None => String::new(),
            Some(d) if i % 2 == 0 => d.format("%Y-%m-%d").to_string(),
            Some(d) => d.format("%-d/%-m/%Y").to_string(),
        };
        let t = |s: &str| export::neutralize(s).into_owned();
        w.write_record([
            t(&format!("{}-{i}", g.code)),
            t(&g.name),
            t(&g.owner),
            t(&g.operator),
            g.relation
                .label(if i % 3 == 0 { Lang::En } else { Lang::Vi })
                .to_owned(),
            g.level.map(|l| l.to_string()).unwrap_or_default(),
            g.dossier.label(Lang::Vi).to_owned(),
            date(g.approved_on),
            t(&g.decision_no),
            g.plan.key().to_owned(),
            date(g.last_assessed_on),
            date(g.go_live_on),
            t(&g.responsible),
            t(&g.notes),
            String::new(),
        ])
        .unwrap();
    }
    w.into_inner().unwrap()
}

/// The generated rows after the importer's cleaning (NFC, trimmed).
fn expected(rows: &[Gen]) -> Vec<Vec<String>> {
    let c = capdo::text::clean;
    rows.iter()
        .enumerate()
        .map(|(i, g)| {
            let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            let e = |s: &str| c(s);
            vec![
                e(&format!("{}-{i}", g.code)),
                e(&g.name),
                e(&g.owner),
                e(&g.operator),
                g.relation.label(Lang::Vi).to_owned(),
                g.level.map(|l| l.to_string()).unwrap_or_default(),
                g.dossier.label(Lang::Vi).to_owned(),
                d(g.approved_on),
                e(&g.decision_no),
                g.plan.label(Lang::Vi).to_owned(),
                d(g.last_assessed_on),
                d(g.go_live_on),
                e(&g.responsible),
                e(&g.notes),
                // under investment before 01/7/2026 (Decree 331 Art. 39.1): not set
                String::new(),
            ]
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn generated_csv_store_xlsx_store_json(rows in prop::collection::vec(gen_strategy(), 1..12), semi in any::<bool>()) {
        // CSV → store A: every value as written, NFC and trimmed
        let mut a = fresh();
        import_csv(&mut a, &gen_csv(&rows, if semi { b';' } else { b',' }));
        let inv_a = inventory_of(&a);
        prop_assert_eq!(&inv_a, &expected(&rows));
        let systems = a.systems().unwrap();
        let local = export::local_systems(&systems);

        // store A → XLSX → store B
        let mut b = fresh();
        import_xlsx(&mut b, export::to_xlsx(&local).unwrap());
        prop_assert_eq!(&inventory_of(&b), &inv_a);

        // store A → CSV → store C, and the CSV of C is the CSV of A
        let csv_a = export::to_csv(&local).unwrap();
        let mut c = fresh();
        import_csv(&mut c, &csv_a);
        prop_assert_eq!(&inventory_of(&c), &inv_a);
        let systems_c = c.systems().unwrap();
        prop_assert_eq!(export::to_csv(&export::local_systems(&systems_c)).unwrap(), csv_a);

        // store A → JSON → store D → JSON: the same bytes
        let j1 = json::to_json(&a.dump().unwrap()).unwrap();
        let mut d = fresh();
        d.restore(&ctx_at(9, 30), &json::parse("a.json", &j1, Lang::En).unwrap(), "a.json", RestoreMode::default()).unwrap();
        let j2 = json::to_json(&d.dump().unwrap()).unwrap();
        prop_assert_eq!(j2, j1);
        prop_assert_eq!(d.verify().unwrap(), Ok(a.dump().unwrap().log.len() as i64));
    }
}

/// A deterministic generator (xorshift), for the large file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn text(&mut self, max_words: usize) -> String {
        let n = 1 + self.below(max_words);
        let w: Vec<usize> = (0..n).map(|_| self.below(1000)).collect();
        let s: Vec<usize> = (0..n).map(|_| self.below(1000)).collect();
        let p = self.below(1000);
        let nfd = self.below(4) == 0;
        phrase(&w, &s, p, nfd)
    }
    fn date(&mut self) -> Option<NaiveDate> {
        (self.below(4) != 0).then(|| {
            NaiveDate::from_ymd_opt(
                2000 + self.below(30) as i32,
                1 + self.below(12) as u32,
                1 + self.below(28) as u32,
            )
            .unwrap()
        })
    }
}

/// `n` generated systems, seeded.
fn generated(n: usize, seed: u64) -> Vec<Gen> {
    let mut r = Rng(seed | 1);
    (0..n)
        .map(|_| {
            let used = r.below(5) == 0;
            let dossier = DossierState::ALL[r.below(6)];
            let approved = r.date();
            Gen {
                code: format!("HT{}", r.below(100)),
                name: r.text(8),
                owner: r.text(5),
                operator: r.text(5),
                relation: if used {
                    Relation::Used
                } else {
                    Relation::Owned
                },
                level: Some(1 + r.below(5) as u8),
                dossier,
                approved_on: if dossier == DossierState::Approved {
                    approved.or(NaiveDate::from_ymd_opt(2024, 9, 30))
                } else {
                    approved
                },
                decision_no: r.text(2),
                plan: PlanStatus::ALL[r.below(3)],
                last_assessed_on: r.date(),
                go_live_on: r.date(),
                responsible: r.text(3),
                notes: {
                    let a = r.text(6);
                    let b = r.text(6);
                    format!("{a}\n{b}")
                },
            }
        })
        .collect()
}

#[test]
fn seeded_thousand_systems_round_trip_through_the_binary() {
    let s = Sandbox::new();
    let rows = generated(1000, 2026);
    s.write("gen.csv", &gen_csv(&rows, b','));
    s.capdo_on("a.db")
        .args(["import", "gen.csv"])
        .assert()
        .success();
    for f in ["gen.xlsx", "gen2.csv", "gen.json"] {
        s.capdo_on("a.db").args(["export", f]).assert().success();
    }
    s.capdo_on("x.db")
        .args(["import", "gen.xlsx"])
        .assert()
        .success();
    s.capdo_on("c.db")
        .args(["import", "gen2.csv"])
        .assert()
        .success();
    s.capdo_on("j.db")
        .args(["import", "gen.json"])
        .assert()
        .success();
    let a = inventory_of(&s.store("a.db"));
    assert_eq!(a, expected(&rows));
    assert_eq!(inventory_of(&s.store("x.db")), a);
    assert_eq!(inventory_of(&s.store("c.db")), a);
    s.capdo_on("j.db")
        .args(["export", "again.json"])
        .assert()
        .success();
    assert_eq!(s.read("again.json"), s.read("gen.json"));
}

// ------------------------------------------------------------ timing (not run by default)

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Times import and export of 10,000 generated systems with the binary (median of 5 runs):
/// `cargo test --release --test cli -- --ignored --nocapture timing_10k`
#[test]
#[ignore]
fn timing_10k() {
    let s = Sandbox::new();
    let rows = generated(10_000, 42);
    s.write("gen.csv", &gen_csv(&rows, b','));
    s.capdo_on("src.db")
        .args(["import", "gen.csv"])
        .assert()
        .success();
    for f in ["gen.xlsx", "gen.json"] {
        s.capdo_on("src.db").args(["export", f]).assert().success();
    }
    let time = |label: &str, prep: &dyn Fn(usize) -> Vec<String>| {
        let mut t = Vec::new();
        for i in 0..5 {
            let args = prep(i);
            let start = std::time::Instant::now();
            s.capdo_on(&format!("t-{label}-{i}.db"))
                .args(&args)
                .assert()
                .success();
            t.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "{label:<12} median {:>8.0} ms  runs {:?}",
            median(t.clone()),
            t.iter().map(|x| x.round()).collect::<Vec<_>>()
        );
    };
    let bytes = |f: &str| std::fs::metadata(s.path(f)).unwrap().len();
    println!(
        "10,000 systems: gen.csv {} KiB, gen.xlsx {} KiB, gen.json {} KiB",
        bytes("gen.csv") / 1024,
        bytes("gen.xlsx") / 1024,
        bytes("gen.json") / 1024
    );
    time("import-csv", &|_| vec!["import".into(), "gen.csv".into()]);
    time("import-xlsx", &|_| vec!["import".into(), "gen.xlsx".into()]);
    time("import-json", &|_| vec!["import".into(), "gen.json".into()]);
    // exports read the same store
    let exp = |ext: &str| {
        let mut t = Vec::new();
        for i in 0..5 {
            let start = std::time::Instant::now();
            s.capdo_on("src.db")
                .args(["export", &format!("out-{i}.{ext}")])
                .assert()
                .success();
            t.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "export-{ext:<5} median {:>8.0} ms  runs {:?}",
            median(t.clone()),
            t.iter().map(|x| x.round()).collect::<Vec<_>>()
        );
    };
    exp("csv");
    exp("xlsx");
    exp("json");
}

#[test]
fn nfd_headers_and_values_in_xlsx() {
    let s = Sandbox::new();
    let header: Vec<String> = LABELS.iter().map(|l| l.nfd().collect()).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    s.write("nfd.xlsx", &office_book("Sheet1", &header, &good_rows()));
    s.capdo().args(["import", "nfd.xlsx"]).assert().success();
    let b = s
        .store("capdo.sqlite3")
        .system_by_code("XA-02")
        .unwrap()
        .unwrap();
    assert_eq!(b.name, "Đài truyền thanh xã");
}

/// The dashboard's E export of the Deadlines view: status, date, days left, kind, system,
/// title and basis in their own columns; CSV with ISO dates, or XLSX (typed cells) when the
/// file name says so.
#[test]
fn dashboard_export_of_deadlines_has_typed_columns() {
    use capdo::domain::engine::Clock;
    use capdo::rules::{Packs, RuleChoice};
    use capdo::store::Scope;
    use capdo::tui::action::ViewId;
    use capdo::tui::model::Model;
    use capdo::tui::snapshot::Snapshot;
    use capdo::tui::theme::{Theme, ThemeName};
    let store = capdo::sample::demo_store(&ctx_at(9, 30)).unwrap();
    let data = store.load(Scope::Rules).unwrap();
    let rules = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    let snap = Snapshot::build(data, rules, Clock::on(today()), capdo::tui::HORIZON);
    let m = Model::new(snap, Lang::Vi, Theme::new(ThemeName::Dark), (80, 24), false);
    let dir = tempfile::tempdir().unwrap();
    // a directory: CSV named by the view and the date
    let csv = capdo::tui::export_view(&m, ViewId::Deadlines, dir.path()).unwrap();
    assert!(csv.to_string_lossy().ends_with(".csv"));
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}Trạng thái,Hạn,Còn lại (ngày),Loại,Hệ thống,Nội dung,Căn cứ"
    );
    // the first item with a date (a system never assessed has none)
    let dated = lines
        .iter()
        .skip(1)
        .find(|l| l.split(',').nth(1).is_some_and(|d| !d.is_empty()))
        .expect("a dated item");
    let first: Vec<&str> = dated.split(',').collect();
    assert_eq!(first[0], "quá hạn", "{dated}");
    assert!(
        NaiveDate::parse_from_str(first[1], "%Y-%m-%d").is_ok(),
        "{dated}"
    );
    assert!(first[2].parse::<i64>().unwrap() < 0, "{dated}");
    assert!(
        lines.iter().skip(1).all(|l| !l.contains('✖')),
        "no status symbol glued to a date"
    );
    assert!(text.contains("Nghị định"), "the basis column: {text}");
    // a file name ending in .xlsx: typed cells
    let xlsx =
        capdo::tui::export_view(&m, ViewId::Deadlines, &dir.path().join("han.xlsx")).unwrap();
    assert_eq!(xlsx, dir.path().join("han.xlsx"));
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let name = wb.sheet_names()[0].clone();
    let r = wb.worksheet_range(&name).unwrap();
    assert_eq!(r.get((0, 6)), Some(&Data::String("Căn cứ".into())));
    let row = r
        .rows()
        .skip(1)
        .find(|row| matches!(row[1], Data::DateTime(_)))
        .expect("a date cell");
    assert_eq!(row[0], Data::String("quá hạn".into()));
    assert!(matches!(row[1], Data::DateTime(d) if d.is_datetime()));
    assert!(matches!(row[2], Data::Float(f) if f < 0.0));
    // never overwritten: a second export gets a new name
    let again =
        capdo::tui::export_view(&m, ViewId::Deadlines, &dir.path().join("han.xlsx")).unwrap();
    assert_eq!(again, dir.path().join("han-1.xlsx"));
}

/// Decree 331 Art. 39.1: "đang đầu tư, xây dựng trước 01/7/2026" is a column of the inventory
/// (CSV, XLSX) and a key of the JSON export; it survives every round trip and starts the
/// system's transition clock (approval under Decree 85 by 31/12/2026).
#[test]
fn under_investment_round_trips_and_starts_the_transition_clock() {
    let s = Sandbox::new();
    s.write(
        "in.csv",
        "code,name,level,under_investment\nNEW,Hệ thống mới,2,có\nOLD,Hệ thống cũ,2,\n".as_bytes(),
    );
    s.capdo().args(["import", "in.csv"]).assert().success();
    let flags = |db: &str| -> Vec<(String, bool)> {
        s.store(db)
            .systems()
            .unwrap()
            .into_iter()
            .map(|x| (x.code, x.under_investment))
            .collect()
    };
    let want = vec![("NEW".to_owned(), true), ("OLD".to_owned(), false)];
    assert_eq!(flags("capdo.sqlite3"), want);
    for f in ["u.xlsx", "u.csv", "u.json"] {
        s.capdo().args(["export", f]).assert().success();
        let db = format!("{f}.db");
        s.capdo_on(&db).args(["import", f]).assert().success();
        assert_eq!(flags(&db), want, "{f}");
    }
    let json: serde_json::Value = serde_json::from_slice(&s.read("u.json")).unwrap();
    assert_eq!(json["systems"][0]["under_investment"], true);
    // the transition clock runs for the flagged system only
    let out = s
        .capdo_on("capdo.sqlite3")
        .args(["due", "--json", "--all"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let clocks: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "regime")
        .map(|i| (i["system"].as_str().unwrap(), i["due_on"].as_str().unwrap()))
        .collect();
    assert_eq!(clocks, vec![("NEW", "2026-12-31")]);
    // a bad value is refused, naming the cell
    s.write(
        "bad.csv",
        "code,name,under_investment\nX,Y,maybe\n".as_bytes(),
    );
    let a = s.capdo().args(["import", "bad.csv"]).assert().code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(err.contains("bad.csv:2"), "{err}");
}
