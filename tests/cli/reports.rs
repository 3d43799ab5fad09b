//! Reports through the command line, on a store holding the sample commune: the figures of
//! every kind in both rule packs (01/07/2026 under Decree 85, 29/11/2026 under Decree 331, and
//! pinned with --rules), the administrative header in Markdown, XLSX without formulas, and the
//! argument checks.

use crate::common::sandbox;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{Value, json};

const NOV: &str = "2026-11-29";
const JUL: &str = "2026-07-01";

/// The shared sandbox (`common::sandbox`), with the calls these tests make.
struct Sandbox(sandbox::Sandbox);

impl std::ops::Deref for Sandbox {
    type Target = sandbox::Sandbox;
    fn deref(&self) -> &sandbox::Sandbox {
        &self.0
    }
}

impl Sandbox {
    /// A store holding the sample commune, restored from the demo's JSON export.
    fn new() -> Sandbox {
        let s = Sandbox(sandbox::Sandbox::new());
        s.capdo(NOV)
            .args(["--demo", "export", "demo.json"])
            .assert()
            .success();
        s.capdo(NOV)
            .args(["import", "demo.json"])
            .assert()
            .success();
        s
    }

    fn capdo(&self, today: &str) -> Command {
        self.capdo_on("capdo.sqlite3", today)
    }

    fn capdo_on(&self, db: &str, today: &str) -> Command {
        let mut c = Command::from_std(self.bare());
        c.arg("--db").arg(self.path(db)).args(["--today", today]);
        c
    }

    /// `report ... --format json` parsed.
    fn json(&self, today: &str, args: &[&str]) -> Value {
        let out = self
            .capdo(today)
            .arg("report")
            .args(args)
            .args(["--format", "json"])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    }

    fn md(&self, today: &str, args: &[&str]) -> String {
        let out = self
            .capdo(today)
            .arg("report")
            .args(args)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// Checks `figures[key] == value` for each pair.
fn check(v: &Value, pairs: &[(&str, Value)]) {
    for (k, want) in pairs {
        assert_eq!(&v["figures"][*k], want, "{k}");
    }
}

/// The rows of a table of the JSON document.
fn table<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap())
        .find(|b| b["type"] == "table" && b["key"] == key)
        .unwrap_or_else(|| panic!("no table {key}"))["rows"]
        .as_array()
        .unwrap()
}

fn row<'a>(rows: &'a [Value], code: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["code"] == code)
        .unwrap_or_else(|| panic!("no row {code}"))
}

#[test]
fn quarterly_figures_in_both_packs() {
    let s = Sandbox::new();
    let v = s.json(NOV, &["quarterly"]);
    assert_eq!(v["pack"], "nd331-2026");
    assert_eq!(v["period"], "2026-Q4");
    check(
        &v,
        &[
            ("ky_bao_cao", json!("Quý IV/2026")),
            ("tong_so_httt", json!(10)),
            ("so_httt_cap_do_2", json!(5)),
            ("so_da_phe_duyet", json!(4)),
            ("ty_le_phe_duyet", json!(40.0)),
            ("so_chua_lap_ho_so", json!(1)),
            ("so_trien_khai_day_du", json!(4)),
            ("so_su_co", json!(1)),
            ("su_co_ma_hoa_tong_tien", json!(1)),
            ("so_bao_cao_su_co_dung_han", json!(1)),
            ("ty_le_kinh_phi_attt", json!(12.91)),
            ("nguong_toi_thieu", json!(15.0)),
            ("dat_nguong", json!("fail")),
            ("so_lo_hong_da_khac_phuc", Value::Null),
        ],
    );
    let v = s.json(JUL, &["quarterly", "--period", "2026-Q2"]);
    assert_eq!(v["pack"], "nd85-2016");
    check(
        &v,
        &[
            ("ky_bao_cao", json!("Quý II/2026")),
            // "trước ngày 20 của tháng cuối quý" (Telegram 33 §1.c): the last day is 19/6
            ("han_gui", json!("2026-06-19")),
            ("so_httt_duoc_kiem_tra_danh_gia_trong_ky", json!(1)),
            ("so_httt_qua_han_kiem_tra", json!(5)),
            ("so_bao_cao_dinh_ky_den_han", json!(1)),
            ("so_bao_cao_dinh_ky_dung_han", json!(0)),
            // from 01/7/2026 the 15% of Law 116 Art. 38.1
            ("nguong_toi_thieu", json!(15.0)),
            ("dat_nguong", json!("fail")),
        ],
    );
    // the period may be written the Vietnamese way
    let v = s.json(JUL, &["quarterly", "--period", "Quý I/2026"]);
    check(
        &v,
        &[
            ("so_httt_moi_van_hanh_trong_ky", json!(1)),
            ("so_httt_moi_phe_duyet_truoc_van_hanh", json!(1)),
            ("so_bao_cao_dinh_ky_dung_han", json!(1)),
        ],
    );
    // pinned to Decree 85 on 29/11/2026: the 10% threshold of that pack
    let v = s.json(NOV, &["--rules", "nd85-2016", "quarterly"]);
    assert_eq!(v["pack"], "nd85-2016");
    check(
        &v,
        &[
            ("nguong_toi_thieu", json!(10.0)),
            ("dat_nguong", json!("pass")),
        ],
    );
}

#[test]
fn markdown_is_headed_like_an_administrative_document() {
    let s = Sandbox::new();
    let md = s.md(NOV, &["quarterly"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(
        lines[0],
        "| **ỦY BAN NHÂN DÂN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |"
    );
    assert_eq!(
        lines[2],
        "| **XÃ MẪU AN (MẪU)** | **Độc lập - Tự do - Hạnh phúc** |"
    );
    assert_eq!(
        lines[3],
        "| Số: ……/BC-UBND | *……, ngày 29 tháng 11 năm 2026* |"
    );
    assert!(
        md.contains("\n# BÁO CÁO\n\n**Tình hình bảo đảm an toàn thông tin mạng Quý IV/2026**\n")
    );
    assert!(md.contains("\nKính gửi: Ủy ban nhân dân tỉnh Mẫu Sơn (MẪU)\n"));
    assert!(md.contains(
        "\nThực hiện Công điện số 33/CĐ-TTg ngày 07/4/2024 của Thủ tướng Chính phủ, mục 1.c, Ủy ban nhân dân xã Mẫu An (MẪU) báo cáo như sau:\n"
    ));
    assert!(md.contains("**Nơi nhận:**<br>- Như trên;<br>- Lưu: VT."));
    assert!(md.contains("**TM. ỦY BAN NHÂN DÂN**<br>**CHỦ TỊCH**"));
    assert!(
        md.contains("chưa tìm thấy đề cương chính thức"),
        "derived-from note"
    );
    assert!(md.contains("- Điện thoại: ……\n"));
    // English
    let en = s.md(NOV, &["--lang", "en", "annual"]);
    assert!(en.contains("**SOCIALIST REPUBLIC OF VIET NAM**"));
    assert!(en.contains("*……, 29 November 2026*"));
    assert!(en.contains("\n# REPORT\n"));
}

#[test]
fn annual_form_by_pack() {
    let s = Sandbox::new();
    let v = s.json(NOV, &["annual"]);
    assert_eq!(v["form"], "nd331-2026-form08");
    check(
        &v,
        &[
            ("tong_so_httt", json!(10)),
            ("so_da_phan_loai", json!(10)),
            ("so_da_lap_ho_so", json!(6)),
            ("so_da_tham_dinh", json!(5)),
            ("so_da_phe_duyet", json!(4)),
            ("so_da_phe_duyet_va_danh_gia_dinh_ky", json!(2)),
            ("thoi_gian_so_lieu", json!("15/12/2025 – 14/12/2026")),
        ],
    );
    let rows = table(&v, "systems");
    assert_eq!(rows.len(), 10);
    assert_eq!(row(rows, "MA-DTT")["approval_status"], "Đã thẩm định");
    assert_eq!(row(rows, "MA-HNTH")["approval_status"], "Đã gửi thẩm định");
    assert_eq!(row(rows, "MA-KIOSK")["approval_status"], "Đang dự thảo");
    assert_eq!(row(rows, "MA-GIS")["approval_status"], "Đã được phê duyệt");
    assert_eq!(
        row(rows, "MA-DTT")["plan_status"],
        "Đã triển khai một số hạng mục"
    );
    assert_eq!(row(rows, "MA-CAM")["plan_status"], "Chưa triển khai");
    assert_eq!(
        row(rows, "MA-SOHOA")["decision"],
        "215/QĐ-UBND (MẪU), 20/11/2025"
    );
    assert_eq!(row(rows, "MA-GIS")["level"], 2);
    assert_eq!(row(rows, "MA-DTT")["expected_approval"], Value::Null);
    // on 01/07/2026 the 2026 report already follows the rule in force on its last day
    // (24/12/2026: Decree 331 Form 08); judged by Decree 85: Circular 12/2022 Art. 14
    let v = s.json(JUL, &["annual", "--period", "2026"]);
    assert_eq!(v["form"], "nd331-2026-form08");
    let v = s.json(JUL, &["--rules", "nd85-2016", "annual", "--period", "2026"]);
    assert_eq!(v["form"], "tt12-2022-art14");
    check(&v, &[("so_da_phe_duyet_va_danh_gia_dinh_ky", json!(3))]);
    let rows = table(&v, "systems");
    assert_eq!(row(rows, "MA-DTT")["plan_status"], "Triển khai một phần");
    assert_eq!(row(rows, "MA-DTT")["regulation_compliance"], Value::Null);
    // pinned
    let v = s.json(NOV, &["--rules", "nd85-2016", "annual"]);
    assert_eq!(v["form"], "tt12-2022-art14");
    let md = s.md(NOV, &["annual"]);
    assert!(md.contains(
        "Định kỳ hằng năm về bảo đảm an ninh mạng hệ thống thông tin theo cấp độ năm 2026"
    ));
    assert!(md.contains("## Danh sách hệ thống thông tin (Mẫu 08)"));
}

#[test]
fn review_statuses_in_both_packs() {
    let s = Sandbox::new();
    let v = s.json(NOV, &["review"]);
    check(
        &v,
        &[
            ("system_list", json!("pass")),
            ("approved", json!("fail")),
            ("plans", json!("fail")),
            ("assessments", json!("fail")),
            ("backup", json!("confirm")),
            ("budget_share", json!("fail")),
            ("trust_label", json!("not_applicable")),
            ("so_dat", json!(1)),
            ("so_chua_dat", json!(4)),
        ],
    );
    let rows = table(&v, "checklist");
    assert_eq!(rows.len(), 12);
    assert!(
        rows[3]["evidence"]
            .as_str()
            .unwrap()
            .contains("MA-LAN, MA-DTT, MA-HNTH, MA-CAM, MA-WIFI, MA-DATA, MA-SOHOA")
    );
    // Directive 14's 10% until 30/06/2026; Law 116's 15% from 01/07/2026
    let v = s.json("2026-06-30", &["review"]);
    check(&v, &[("budget_share", json!("pass")), ("so_dat", json!(2))]);
    let v = s.json(JUL, &["review"]);
    check(&v, &[("budget_share", json!("fail"))]);
    let md = s.md(NOV, &["review"]);
    assert!(md.contains("| 2 | Mọi hệ thống đang vận hành đã được phê duyệt cấp độ | Chưa đạt |"));
}

#[test]
fn incident_forms_and_clocks() {
    let s = Sandbox::new();
    let v = s.json(NOV, &["incident", "1", "--form", "initial"]);
    assert_eq!(v["pack"], "nd331-2026");
    assert_eq!(v["form"], "nd331-2026-24h");
    check(
        &v,
        &[
            ("han_bao_cao_nay", json!("2026-11-27T14:00:00")),
            ("ten_don_vi", json!("UBND xã Mẫu An (MẪU)")),
            ("don_vi_van_hanh", json!("Bộ phận Tài chính - Kế toán")),
            ("muc_do", json!("nghiêm trọng")),
            ("dia_chi", Value::Null),
        ],
    );
    let rows = table(&v, "report_clocks");
    assert_eq!(rows[0]["due_at"], "2026-11-29T14:00:00");
    assert_eq!(rows[1]["sent_at"], "2026-11-27T09:30:00");
    // the default form is the notification: under Decree 331 the 72-hour report
    let v = s.json(NOV, &["incident", "1"]);
    assert_eq!(v["form"], "nd331-2026-72h");
    // the 2025 DDoS is a Decree 85 incident: Form 04 with the lessons learned
    let v = s.json(NOV, &["incident", "2", "--form", "closing"]);
    assert_eq!(v["form"], "tt20-2017-form04");
    check(&v, &[("ket_thuc_ung_pho", json!("2025-09-16T17:00:00"))]);
    assert!(
        v["figures"]["bai_hoc_kinh_nghiem"]
            .as_str()
            .unwrap()
            .contains("giới hạn băng thông")
    );
    let md = s.md(JUL, &["incident", "2", "--form", "notification"]);
    assert!(md.contains("\n# THÔNG BÁO\n"));
    assert!(md.contains("| Số: ……/TB-UBND |"));
    // unknown incident, no id, an id where none belongs
    let a = s
        .capdo(NOV)
        .args(["report", "incident", "9"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("không có sự cố mã 9 (có: 1, 2)"),
        "{}",
        stderr(&a)
    );
    let a = s.capdo(NOV).args(["report", "incident"]).assert().code(2);
    assert!(stderr(&a).contains("cần mã sự cố"));
    let a = s
        .capdo(NOV)
        .args(["report", "review", "3"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("không nhận mã (3)"));
    let a = s
        .capdo(NOV)
        .args(["report", "budget", "--form", "closing"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--form"));
}

#[test]
fn budget_against_each_pack() {
    let s = Sandbox::new();
    let v = s.json(NOV, &["budget", "--period", "2026"]);
    assert_eq!(v["pack"], "nd331-2026");
    check(
        &v,
        &[
            ("so_du_an", json!(2)),
            ("tong_kinh_phi_cntt", json!(1_840_000_000i64)),
            ("kinh_phi_attt", json!(237_600_000)),
            ("ty_le_kinh_phi_attt", json!(12.91)),
            ("nguong_toi_thieu", json!(15.0)),
            ("so_du_an_duoi_nguong", json!(1)),
            ("dat_nguong", json!("fail")),
        ],
    );
    let rows = table(&v, "projects");
    assert_eq!(rows[0]["share"], json!(11.0));
    assert_eq!(rows[0]["verdict"], "fail");
    assert_eq!(rows[1]["verdict"], "pass");
    let v = s.json(JUL, &["budget", "--period", "2026"]);
    assert_eq!(v["pack"], "nd85-2016");
    check(&v, &[("nguong_toi_thieu", json!(15.0))]);
    let v = s.json("2026-06-30", &["budget", "--period", "2026"]);
    assert_eq!(v["pack"], "nd85-2016");
    check(
        &v,
        &[
            ("nguong_toi_thieu", json!(10.0)),
            ("so_du_an_duoi_nguong", json!(0)),
            ("dat_nguong", json!("pass")),
        ],
    );
    assert!(
        v["basis"][0]
            .as_str()
            .unwrap()
            .contains("Chỉ thị 14/CT-TTg")
    );
    let md = s.md(NOV, &["budget"]);
    assert!(md.contains("| 1 | Số hóa hồ sơ, tài liệu lưu trữ (MẪU) | 1.200.000.000 | 132.000.000 | 11,0% | 15,0% | Chưa đạt |"));
    assert!(md.contains("**1.840.000.000**"));
}

#[test]
fn xlsx_opens_and_holds_no_formulas() {
    use calamine::{Reader, Xlsx, open_workbook};
    let s = Sandbox::new();
    // a name a spreadsheet would take for a formula
    let mut t = std::fs::read_to_string(s.path("demo.json")).unwrap();
    t = t.replacen(
        "\"name\": \"Mạng LAN và Internet trụ sở UBND xã\"",
        "\"name\": \"=HYPERLINK(\\\"http://x\\\",\\\"LAN\\\")\"",
        1,
    );
    std::fs::write(s.path("f.json"), t).unwrap();
    let run = |args: &[&str]| {
        let mut c = s.capdo_on("f.sqlite3", NOV);
        c.args(args);
        c
    };
    run(&["import", "f.json"]).assert().success();
    for (kind, file) in [
        ("annual", "annual.xlsx"),
        ("quarterly", "q.xlsx"),
        ("review", "review.xlsx"),
        ("budget", "budget.xlsx"),
    ] {
        let a = run(&["report", kind, "-o", file]).assert().success();
        assert!(
            String::from_utf8_lossy(&a.get_output().stdout).contains(file),
            "{kind}"
        );
        let mut wb: Xlsx<_> = open_workbook(s.path(file)).unwrap();
        let name = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&name).unwrap();
        let cells: Vec<String> = range.rows().flatten().map(|c| c.to_string()).collect();
        assert!(cells.iter().any(|c| c == "XÃ MẪU AN (MẪU)"), "{kind}");
        assert!(
            cells
                .iter()
                .any(|c| c == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        );
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.rows().flatten().all(|f| f.is_empty()),
            "{kind}: a formula cell"
        );
        if kind == "annual" {
            assert!(
                cells
                    .iter()
                    .any(|c| c == "=HYPERLINK(\"http://x\",\"LAN\")")
            );
            assert!(cells.iter().any(|c| c == "Đã được phê duyệt"));
        }
    }
    // an existing file is kept unless --force
    let before = std::fs::read(s.path("annual.xlsx")).unwrap();
    let a = run(&["report", "review", "-o", "annual.xlsx"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("--force"));
    assert_eq!(std::fs::read(s.path("annual.xlsx")).unwrap(), before);
    run(&["report", "review", "-o", "annual.xlsx", "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read(s.path("annual.xlsx")).unwrap(), before);
    // xlsx needs a file; md and json may go to a file too
    let a = run(&["report", "review", "--format", "xlsx"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("-o FILE.xlsx"));
    run(&["report", "review", "-o", "r.md"]).assert().success();
    assert!(
        std::fs::read_to_string(s.path("r.md"))
            .unwrap()
            .starts_with("| **ỦY BAN NHÂN DÂN** |")
    );
    run(&["report", "review", "-o", "r.json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&std::fs::read(s.path("r.json")).unwrap()).unwrap();
    assert_eq!(v["format"], "capdo-report");
}

#[test]
fn periods_are_checked() {
    let s = Sandbox::new();
    for (args, needle) in [
        (&["quarterly", "--period", "2026"][..], "cần một quý"),
        (&["annual", "--period", "2026-Q4"][..], "cần một năm"),
        (
            &["budget", "--period", "năm ngoái"][..],
            "'năm ngoái' không hợp lệ",
        ),
        (
            &["quarterly", "--period", "2026-Q5"][..],
            "'2026-Q5' không hợp lệ",
        ),
        (
            &["review", "--period", "2026"][..],
            "không dùng cho báo cáo review",
        ),
    ] {
        let a = s.capdo(NOV).arg("report").args(args).assert().code(2);
        assert!(stderr(&a).contains(needle), "{args:?}: {}", stderr(&a));
    }
    let a = s
        .capdo(NOV)
        .args(["--lang", "en", "report", "annual", "--period", "2026-Q4"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("needs a year (e.g. 2026), not '2026-Q4'"));
}

#[test]
fn demo_reports_run_on_the_in_memory_copy() {
    let s = Sandbox::new();
    let out = s
        .capdo(NOV)
        .args(["--demo", "report", "annual", "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["figures"]["tong_so_httt"], 10);
}

/// No internal identifier in Vietnamese text: report kinds, periods and incident report names
/// have labels ("Thông báo ban đầu (24 giờ)", "Báo cáo sự cố (72 giờ)"); ids stay in JSON.
#[test]
fn reports_name_things_in_words_not_ids() {
    let s = Sandbox::new();
    let out = s
        .capdo(NOV)
        .args(["report", "quarterly", "-o", "q.md"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        "Đã ghi báo cáo Quý IV/2026 ra q.md.\n"
    );
    let md = std::fs::read_to_string(s.path("q.md")).unwrap();
    assert!(
        md.contains(
            "Báo cáo sự cố (72 giờ): chưa đến hạn; Thông báo ban đầu (24 giờ): đã gửi đúng hạn"
        ),
        "{md}"
    );
    for id in ["notify:", "initial:", "quarterly"] {
        assert!(!md.contains(id), "{id} in the report");
    }
    let out = s
        .capdo(NOV)
        .args(["--lang", "en", "report", "annual", "-o", "a.md"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        "Wrote the annual report 2026 to a.md.\n"
    );
    // the ids stay in JSON
    let out = s
        .capdo(NOV)
        .args(["report", "quarterly", "--format", "json"])
        .assert()
        .success();
    let _: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
}

/// The text of a .docx, one line per paragraph (table cells are paragraphs too), read from
/// word/document.xml: what a golden fixture compares, independent of the XML's bytes.
fn docx_text(path: &std::path::Path) -> (String, String) {
    use std::io::Read;
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).expect("a .docx is a zip");
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let mut lines = Vec::new();
    for para in xml.split("</w:p>") {
        let mut line = String::new();
        let mut rest = para;
        while let Some(i) = rest.find("<w:t") {
            let after = &rest[i + 4..];
            // <w:t> or <w:t xml:space="preserve">, not <w:tbl…>/<w:tc…>
            if !(after.starts_with('>') || after.starts_with(' ')) {
                rest = after;
                continue;
            }
            let Some(open_end) = after.find('>') else {
                break;
            };
            let body = &after[open_end + 1..];
            let Some(close) = body.find("</w:t>") else {
                break;
            };
            line.push_str(&unescape(&body[..close]));
            rest = &body[close..];
        }
        if para.contains("<w:tab />") && !line.is_empty() {
            line = line.replacen(':', ":\t", 1);
        }
        lines.push(line.trim_end().to_owned());
    }
    // blank paragraphs (spacing) collapse
    let mut out = String::new();
    for l in lines.iter().filter(|l| !l.is_empty()) {
        out.push_str(l);
        out.push('\n');
    }
    (out, xml)
}

/// Compares with tests/fixtures/reports/NAME; CAPDO_UPDATE_GOLDEN=1 rewrites the fixture (read
/// the diff before committing it).
fn golden(name: &str, text: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reports")
        .join(name);
    if std::env::var_os("CAPDO_UPDATE_GOLDEN").is_some() || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        if std::env::var_os("CAPDO_UPDATE_GOLDEN").is_none() {
            panic!("{name}: no fixture yet; wrote one, review it and run again");
        }
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    if want != text {
        let diff: Vec<String> = want
            .lines()
            .zip(text.lines())
            .filter(|(a, b)| a != b)
            .take(5)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "{name}: the document's text differs from the fixture ({} vs {} lines):\n{}",
            want.lines().count(),
            text.lines().count(),
            diff.join("\n")
        );
    }
}

/// LibreOffice converts FILES to PDF in DIR; None when it is not installed (CI installs it:
/// there its absence is a failure).
fn to_pdf(dir: &std::path::Path, files: &[&str]) -> Option<()> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| which(b))?;
    let profile = dir.join("lo-profile");
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(files.iter().map(|f| dir.join(f)))
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(())
}

fn which(bin: &str) -> bool {
    std::process::Command::new(bin)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn pdf_text(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_pages(path: &std::path::Path) -> Vec<String> {
    let out = std::process::Command::new("pdfinfo")
        .arg("-f")
        .arg("1")
        .arg("-l")
        .arg("99")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn docx_reports_in_the_decree_30_layout() {
    let s = Sandbox::new();
    let reports: [(&str, &[&str]); 5] = [
        ("quarterly", &["quarterly"]),
        ("annual", &["annual"]),
        ("review", &["review"]),
        ("incident", &["incident", "2", "--form", "closing"]),
        ("budget", &["budget"]),
    ];
    let mut files = Vec::new();
    for (name, args) in reports {
        let file = format!("{name}.docx");
        // .docx chooses the format
        let a = s
            .capdo(NOV)
            .arg("report")
            .args(args)
            .args(["-o", &file])
            .assert()
            .success();
        assert!(String::from_utf8_lossy(&a.get_output().stdout).contains(&file));
        let (text, xml) = docx_text(&s.path(&file));
        golden(&format!("{name}.docx.txt"), &text);
        // A4 portrait, margins 20/20/30/15 mm, Times New Roman, page numbers from page 2
        assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "{name}");
        assert!(
            xml.contains(r#"w:top="1134" w:right="851" w:bottom="1134" w:left="1701""#),
            "{name}"
        );
        assert!(xml.contains("<w:titlePg"), "{name}: different first page");
        // every data table's header row repeats on each page
        let tables = xml.matches("<w:tbl>").count();
        let heads = xml.matches("<w:tblHeader />").count();
        assert_eq!(
            heads + 2,
            tables,
            "{name}: letterhead and signature have no header row"
        );
        assert!(
            text.starts_with("ỦY BAN NHÂN DÂN\nXÃ MẪU AN (MẪU)\n"),
            "{name}"
        );
        assert!(text.contains("\nNơi nhận:\n"), "{name}");
        assert!(text.contains("\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n"), "{name}");
        files.push(file);
    }
    let styles = {
        use std::io::Read;
        let mut z =
            zip::ZipArchive::new(std::fs::File::open(s.path("annual.docx")).unwrap()).unwrap();
        let mut x = String::new();
        z.by_name("word/styles.xml")
            .unwrap()
            .read_to_string(&mut x)
            .unwrap();
        x
    };
    assert!(styles.contains(r#"w:ascii="Times New Roman""#));
    // the parts are deflated (docx-rs alone stores them)
    let mut z = zip::ZipArchive::new(std::fs::File::open(s.path("annual.docx")).unwrap()).unwrap();
    let doc = z.by_name("word/document.xml").unwrap();
    assert_eq!(doc.compression(), zip::CompressionMethod::Deflated);
    assert!(
        doc.compressed_size() * 5 < doc.size(),
        "{} of {}",
        doc.compressed_size(),
        doc.size()
    );
    drop(doc);
    // the Word document opens in LibreOffice and prints as expected
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    if to_pdf(s.dir.path(), &names).is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is needed in CI: .ci/run installs libreoffice-writer-nogui"
        );
        eprintln!("soffice not installed: the PDF check was skipped");
        return;
    }
    for f in &files {
        let pdf = s.path(&f.replace(".docx", ".pdf"));
        let text = pdf_text(&pdf);
        for want in [
            "ỦY BAN NHÂN DÂN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: ……/BC-UBND",
            "ngày 29 tháng 11 năm 2026",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
        ] {
            assert!(text.contains(want), "{f}: {want:?} not in the PDF");
        }
        let pages = pdf_pages(&pdf);
        assert!(pages[0].contains("(A4)"), "{f}: {pages:?}");
        if pages.len() > 1 {
            // page 2 carries its number, page 1 none
            let second: Vec<&str> = text.split('\u{c}').nth(1).unwrap().lines().collect();
            assert!(
                second.iter().take(3).any(|l| l.trim() == "2"),
                "{f}: {second:?}"
            );
            let first = text.split('\u{c}').next().unwrap();
            assert!(!first.lines().any(|l| l.trim() == "1"), "{f}");
        }
    }
    // the annual report's wide system list goes on landscape pages
    let pages = pdf_pages(&s.path("annual.pdf"));
    assert!(
        pages.iter().any(|p| p.contains("841.89 x 595")),
        "{pages:?}"
    );
    assert!(pdf_text(&s.path("annual.pdf")).contains("DANH SÁCH HỆ THỐNG THÔNG TIN"));
}

/// The cells of the first sheet with their calamine types, as "A1 Float 1200000".
fn xlsx_cells(path: &std::path::Path) -> Vec<Vec<calamine::Data>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn xlsx_cells_are_typed_and_printable() {
    use calamine::Data;
    let s = Sandbox::new();
    s.capdo(NOV)
        .args(["report", "budget", "-o", "budget.xlsx"])
        .assert()
        .success();
    let rows = xlsx_cells(&s.path("budget.xlsx"));
    if std::env::var_os("CAPDO_SHOW_XLSX").is_some() {
        for (i, r) in rows.iter().enumerate() {
            eprintln!("{:>3} {:?}", i + 1, r);
        }
    }
    // the table: money as numbers, the share as a fraction, the total row from the store
    let head = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("STT".into())))
        .expect("the table's header row");
    let first = &rows[head + 1];
    assert!(matches!(first[0], Data::Float(_)), "{first:?}");
    assert!(
        first
            .iter()
            .any(|c| matches!(c, Data::Float(f) if *f >= 1_000_000.0)),
        "{first:?}"
    );
    let total = rows
        .iter()
        .find(|r| r.iter().any(|c| c == &Data::String("Cộng".into())))
        .expect("the total row");
    assert!(
        total
            .iter()
            .any(|c| matches!(c, Data::Float(f) if *f > 0.0 && *f < 1.0)),
        "{total:?}"
    );
    // dates are dates
    s.capdo(NOV)
        .args(["report", "annual", "-o", "annual.xlsx"])
        .assert()
        .success();
    let rows = xlsx_cells(&s.path("annual.xlsx"));
    assert!(
        rows.iter()
            .flatten()
            .any(|c| matches!(c, Data::DateTime(d) if d.is_datetime())),
        "no date cell"
    );
    // the workbook's parts: formats, print set-up, frozen header
    let xml = |part: &str| {
        use std::io::Read;
        let mut z =
            zip::ZipArchive::new(std::fs::File::open(s.path("annual.xlsx")).unwrap()).unwrap();
        let mut x = String::new();
        z.by_name(part).unwrap().read_to_string(&mut x).unwrap();
        x
    };
    let styles = xml("xl/styles.xml");
    assert!(styles.contains(r#"formatCode="dd/mm/yyyy""#), "{styles}");
    let sheet = xml("xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"orientation="landscape""#));
    assert!(sheet.contains(r#"paperSize="9""#));
    assert!(sheet.contains(r#"fitToHeight="0""#));
    assert!(sheet.contains(r#"state="frozen""#));
    assert!(xml("xl/workbook.xml").contains("_xlnm.Print_Titles"));
    // wide text wraps into taller rows; columns differ by content
    assert!(sheet.contains("customHeight=\"1\""));
    let widths: std::collections::HashSet<&str> = sheet
        .split("width=\"")
        .skip(1)
        .map(|w| w.split('"').next().unwrap())
        .collect();
    assert!(widths.len() >= 4, "{widths:?}");
}

#[test]
fn every_report_renders_to_docx_and_xlsx_on_1000_systems() {
    let s = Sandbox::new();
    // the sample commune's export with its systems repeated to 1,000
    let mut v: Value =
        serde_json::from_slice(&std::fs::read(s.path("demo.json")).unwrap()).unwrap();
    let systems = v["systems"].as_array().unwrap().clone();
    let mut many = systems.clone();
    for i in 0..(1000 - systems.len()) {
        let mut sys = systems[i % systems.len()].clone();
        sys["code"] = json!(format!("G{i:04}"));
        sys["name"] = json!(format!(
            "Hệ thống sinh thêm số {i} – {}",
            sys["name"].as_str().unwrap()
        ));
        many.push(sys);
    }
    v["systems"] = json!(many);
    std::fs::write(s.path("big.json"), serde_json::to_vec(&v).unwrap()).unwrap();
    let run = |args: &[&str]| {
        let mut c = s.capdo_on("big.sqlite3", NOV);
        c.args(args);
        c
    };
    run(&["import", "big.json"]).assert().success();
    let reports: [(&str, &[&str]); 5] = [
        ("quarterly", &["quarterly"]),
        ("annual", &["annual"]),
        ("review", &["review"]),
        ("incident", &["incident", "1", "--form", "initial"]),
        ("budget", &["budget"]),
    ];
    for (name, args) in reports {
        for ext in ["docx", "xlsx"] {
            let file = format!("big-{name}.{ext}");
            let mut c = run(&["report"]);
            c.args(args).args(["-o", &file]).assert().success();
            if ext == "docx" {
                let (text, _) = docx_text(&s.path(&file));
                assert!(text.contains("TM. ỦY BAN NHÂN DÂN"), "{file}");
                if name == "annual" {
                    assert!(text.contains("\nG0983\n"), "{file}: the 1,000th system");
                }
            } else {
                let rows = xlsx_cells(&s.path(&file));
                let cells: Vec<String> = rows.iter().flatten().map(|c| c.to_string()).collect();
                assert!(cells.iter().any(|c| c == "TM. ỦY BAN NHÂN DÂN"), "{file}");
                if name == "annual" {
                    assert!(cells.iter().any(|c| c == "G0983"), "{file}");
                    // the owned systems in operation (about 6 in 10 of the sample are)
                    assert!(rows.len() > 600, "{file}: {} rows", rows.len());
                }
            }
        }
    }
    // the annual report's 1,000 rows print as a PDF whose every page repeats the header row
    if to_pdf(s.dir.path(), &["big-annual.docx"]).is_some() {
        let text = pdf_text(&s.path("big-annual.pdf"));
        let pages: Vec<&str> = text.split('\u{c}').filter(|p| p.contains("G0")).collect();
        assert!(pages.len() > 20, "{} pages with systems", pages.len());
        for p in &pages {
            assert!(
                p.contains("STT\n") && p.contains("Kiểm tra,"),
                "a page without the header row:\n{p}"
            );
        }
    }
}

#[test]
fn the_format_follows_the_file_name_and_markdown_stays_for_the_terminal() {
    let s = Sandbox::new();
    // standard output (a pipe here): Markdown
    let out = s.capdo(NOV).args(["report", "annual"]).assert().success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout).starts_with("| **ỦY BAN NHÂN DÂN** |")
    );
    // .docx and .xlsx by their extension, whatever the case
    s.capdo(NOV)
        .args(["report", "annual", "-o", "A.DOCX"])
        .assert()
        .success();
    assert!(std::fs::read(s.path("A.DOCX")).unwrap().starts_with(b"PK"));
    assert!(docx_text(&s.path("A.DOCX")).0.contains("BÁO CÁO"));
    // --format wins over the extension
    s.capdo(NOV)
        .args(["report", "annual", "--format", "md", "-o", "a.txt"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(s.path("a.txt"))
            .unwrap()
            .starts_with("| **")
    );
    // an extension that names no format is refused, nothing written
    let a = s
        .capdo(NOV)
        .args(["report", "annual", "-o", "a.pdf"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("a.pdf: không biết định dạng của đuôi 'pdf'"),
        "{}",
        stderr(&a)
    );
    assert!(!s.path("a.pdf").exists());
    // Word and Excel need a file
    let a = s
        .capdo(NOV)
        .args(["--lang", "en", "report", "annual", "--format", "docx"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--format docx needs an output file: -o FILE.docx"));
}
