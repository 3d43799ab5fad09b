//! Unit tests of the report room, on the sample commune, in both rule packs: the Decree 85
//! regime on 01/07/2026 and the Decree 331 regime on 29/11/2026.

use chrono::NaiveDate;
use serde_json::json;

use super::*;
use crate::domain::Dataset;
use crate::domain::engine::Clock;
use crate::i18n::Lang;
use crate::rules::{Packs, RuleChoice};
use crate::store::{Scope, Store, WriteCtx};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn sample() -> Dataset {
    let today = d(2026, 11, 29);
    let ctx = WriteCtx {
        at: today.and_hms_opt(9, 0, 0).unwrap(),
        today,
        os_user: "test".into(),
    };
    let mut s = Store::in_memory(today).expect("store");
    crate::sample::load(&mut s, &ctx).expect("sample");
    s.load(Scope::Full).expect("load")
}

/// Builds a report on `today` (pack in force, or `pin`), in `lang`.
fn build_on(
    data: &Dataset,
    today: NaiveDate,
    pin: Option<&str>,
    lang: Lang,
    req: Request,
) -> Document {
    let rules = RuleChoice::new(Packs::embedded(), today, pin).expect("rules");
    let inp = Input {
        data,
        rules: &rules,
        clock: Clock::on(today),
        lang,
    };
    build(&inp, req).expect("report")
}

fn vi(data: &Dataset, today: NaiveDate, req: Request) -> Document {
    build_on(data, today, None, Lang::Vi, req)
}

/// The raw value of a field.
fn fig(doc: &Document, key: &str) -> serde_json::Value {
    doc.field(key)
        .unwrap_or_else(|| panic!("no field {key}"))
        .value
        .raw()
}

fn col(t: &Table, key: &str) -> usize {
    t.columns
        .iter()
        .position(|c| c.key == key)
        .unwrap_or_else(|| panic!("no column {key}"))
}

/// The shown value of a table cell by row code.
fn cell(t: &Table, code: &str, key: &str) -> String {
    let c = col(t, "code");
    let row = t
        .rows
        .iter()
        .find(|r| r[c] == Val::Text(code.into()))
        .unwrap_or_else(|| panic!("no row {code}"));
    row[col(t, key)].show(Lang::Vi)
}

const NOV: (i32, u32, u32) = (2026, 11, 29);
const JUL: (i32, u32, u32) = (2026, 7, 1);

fn nov() -> NaiveDate {
    d(NOV.0, NOV.1, NOV.2)
}
fn jul() -> NaiveDate {
    d(JUL.0, JUL.1, JUL.2)
}

#[test]
fn header_and_signature_follow_the_administrative_layout() {
    let data = sample();
    let doc = vi(&data, nov(), Request::Review);
    // a commune's letterhead: its full name, no superior (Decree 30/2020 Appendix I.II.2)
    assert_eq!(doc.header.parent, "");
    assert_eq!(doc.header.unit, "ỦY BAN NHÂN DÂN XÃ MẪU AN (MẪU)");
    assert_eq!(doc.header.number, "Số: ……/BC-UBND");
    assert_eq!(doc.header.motto[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(doc.header.motto[1], "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(doc.header.place_date, "……, ngày 29 tháng 11 năm 2026");
    assert_eq!(doc.title, "BÁO CÁO");
    // a commune reports to the province (assets/reports/recipients.toml)
    assert_eq!(doc.recipients, vec!["Ủy ban nhân dân tỉnh Mẫu Sơn (MẪU)"]);
    assert!(
        doc.opening
            .starts_with("Thực hiện Công điện số 33/CĐ-TTg ngày 07/4/2024 của Thủ tướng Chính phủ"),
        "{}",
        doc.opening
    );
    assert!(
        doc.opening
            .ends_with(", Ủy ban nhân dân xã Mẫu An (MẪU) báo cáo như sau:")
    );
    assert_eq!(doc.signature.title, vec!["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]);
    assert_eq!(
        doc.signature.prepared_by.as_deref(),
        Some("Trần Thị Mẫu (MẪU)")
    );
    // a unit that is not a People's Committee, and no names at all
    let mut other = data.clone();
    other.profile.unit_name = "Sở Khoa học và Công nghệ".into();
    other.profile.parent_authority = "UBND tỉnh Mẫu Sơn".into();
    let doc = vi(&other, nov(), Request::Review);
    assert_eq!(doc.header.number, "Số: ……/BC-……");
    // a body under a People's Committee carries its superior above its name
    assert_eq!(doc.header.parent, "UBND TỈNH MẪU SƠN");
    assert_eq!(doc.header.unit, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
    // a province reports to the ministry; its budget report is addressed to no one
    other.profile.tier = crate::domain::Tier::Province;
    let doc = vi(&other, nov(), Request::Review);
    assert!(
        doc.recipients[0].starts_with("Bộ Công an"),
        "{:?}",
        doc.recipients
    );
    let doc = vi(&other, nov(), Request::Budget(None));
    assert!(doc.recipients.is_empty(), "{:?}", doc.recipients);
    assert_eq!(doc.signature.title, vec!["THỦ TRƯỞNG ĐƠN VỊ"]);
    let en = build_on(&data, nov(), None, Lang::En, Request::Review);
    assert_eq!(en.title, "REPORT");
    assert_eq!(en.header.motto[0], "SOCIALIST REPUBLIC OF VIET NAM");
    assert_eq!(en.header.place_date, "……, 29 November 2026");
}

#[test]
fn quarterly_under_decree_331() {
    let data = sample();
    let doc = vi(&data, nov(), Request::Quarterly(None));
    assert_eq!(doc.pack, "nd331-2026");
    assert_eq!(doc.period.as_deref(), Some("2026-Q4"));
    assert_eq!(
        doc.subtitle,
        "Tình hình bảo đảm an toàn thông tin mạng Quý IV/2026"
    );
    for (k, v) in [
        ("ky_bao_cao", json!("Quý IV/2026")),
        ("han_gui", json!("2026-12-19")),
        ("ngay_chot_so_lieu", json!("2026-11-29")),
        ("tong_so_httt", json!(10)),
        ("so_httt_cap_do_1", json!(2)),
        ("so_httt_cap_do_2", json!(5)),
        ("so_httt_cap_do_3", json!(3)),
        ("so_httt_su_dung", json!(5)),
        ("so_da_phe_duyet", json!(4)),
        ("so_da_phe_duyet_cap_do_3", json!(1)),
        ("ty_le_phe_duyet", json!(40.0)),
        ("so_dang_tham_dinh", json!(1)),
        ("so_da_tham_dinh_cho_phe_duyet", json!(1)),
        ("so_dang_lap_ho_so", json!(3)),
        ("so_chua_lap_ho_so", json!(1)),
        ("so_trien_khai_day_du", json!(4)),
        ("so_dang_trien_khai", json!(2)),
        ("so_chua_trien_khai", json!(4)),
        ("so_httt_duoc_kiem_tra_danh_gia_trong_ky", json!(0)),
        ("so_httt_qua_han_kiem_tra", json!(7)),
        ("so_su_co", json!(1)),
        ("su_co_ma_hoa_tong_tien", json!(1)),
        ("su_co_ddos", json!(0)),
        ("so_su_co_da_xu_ly", json!(0)),
        ("so_bao_cao_su_co_phai_gui", json!(2)),
        ("so_bao_cao_su_co_dung_han", json!(1)),
        ("so_bao_cao_su_co_chua_den_han", json!(1)),
        ("tong_kinh_phi_cntt", json!(1_840_000_000)),
        ("kinh_phi_attt", json!(237_600_000)),
        ("ty_le_kinh_phi_attt", json!(12.91)),
        ("nguong_toi_thieu", json!(15.0)),
        ("dat_nguong", json!("fail")),
        ("dien_thoai", serde_json::Value::Null),
        ("kho_khan", serde_json::Value::Null),
    ] {
        assert_eq!(fig(&doc, k), v, "{k}");
    }
    assert_eq!(
        doc.field("so_chua_lap_ho_so").unwrap().note.as_deref(),
        Some("MA-CAM")
    );
    assert!(doc.notes.iter().any(|n| n.contains("Công điện 33/CĐ-TTg")));
    assert!(
        doc.notes
            .iter()
            .any(|n| n.contains("nd331-2026 không quy định báo cáo quý"))
    );
    let t = doc.table("incidents").expect("incidents");
    assert_eq!(t.rows.len(), 1);
}

#[test]
fn quarterly_under_decree_85() {
    let data = sample();
    // Q2/2026 seen on 01/07/2026: the GIS map's ad hoc assessment of 10/06/2026
    let doc = vi(&data, jul(), Request::Quarterly(Some((2026, 2))));
    assert_eq!(doc.pack, "nd85-2016");
    assert_eq!(doc.recipients, vec!["Ủy ban nhân dân tỉnh Mẫu Sơn (MẪU)"]);
    for (k, v) in [
        ("ky_bao_cao", json!("Quý II/2026")),
        ("han_gui", json!("2026-06-19")),
        ("so_httt_duoc_kiem_tra_danh_gia_trong_ky", json!(1)),
        ("so_luot_kiem_tra_danh_gia", json!(1)),
        ("so_httt_qua_han_kiem_tra", json!(5)),
        ("so_su_co", json!(0)),
        ("so_bao_cao_dinh_ky_den_han", json!(1)),
        ("so_bao_cao_dinh_ky_dung_han", json!(0)),
        // from 01/07/2026 the 15% of Law 116 Art. 38.1 (12.9% in 2026)
        ("nguong_toi_thieu", json!(15.0)),
        ("dat_nguong", json!("fail")),
    ] {
        assert_eq!(fig(&doc, k), v, "{k}");
    }
    assert!(
        !doc.notes
            .iter()
            .any(|n| n.contains("không quy định báo cáo quý"))
    );
    // Q1/2026: the GIS map went live on 15/03 after its approval on 02/03; the Q1 report was
    // sent on 19/03, before the 20th
    let q1 = vi(&data, jul(), Request::Quarterly(Some((2026, 1))));
    assert_eq!(fig(&q1, "so_httt_moi_van_hanh_trong_ky"), json!(1));
    assert_eq!(fig(&q1, "so_httt_moi_phe_duyet_truoc_van_hanh"), json!(1));
    assert_eq!(
        fig(&q1, "so_httt_duoc_kiem_tra_danh_gia_trong_ky"),
        json!(1)
    );
    assert_eq!(fig(&q1, "so_bao_cao_dinh_ky_dung_han"), json!(1));
    let t = q1.table("periodic_reports").expect("periodic");
    assert_eq!(
        t.rows[0][col(t, "doc_no")],
        Val::Text("52/BC-UBND (MẪU)".into())
    );
    // a period not begun: nothing has happened in it yet
    let q4 = vi(&data, jul(), Request::Quarterly(Some((2026, 4))));
    assert_eq!(fig(&q4, "so_su_co"), json!(0));
    assert_eq!(
        fig(&q4, "pham_vi_so_lieu"),
        json!("kỳ báo cáo chưa bắt đầu")
    );
}

#[test]
fn annual_is_form_08_under_decree_331_and_circular_12_before() {
    let data = sample();
    let doc = vi(&data, nov(), Request::Annual(None));
    assert_eq!(doc.form, "nd331-2026-form08");
    assert_eq!(doc.period.as_deref(), Some("2026"));
    for (k, v) in [
        ("thoi_gian_so_lieu", json!("15/12/2025 – 14/12/2026")),
        ("han_gui_chu_quan", json!("2026-12-19")),
        ("han_gui_bo", json!("2026-12-24")),
        ("tong_so_httt", json!(10)),
        ("so_da_phan_loai", json!(10)),
        ("so_da_lap_ho_so", json!(6)),
        ("so_da_tham_dinh", json!(5)),
        ("so_da_phe_duyet", json!(4)),
        ("so_da_phe_duyet_va_danh_gia_dinh_ky", json!(2)),
        ("so_co_quy_che", json!(4)),
        ("so_kiem_tra_trong_ky", json!(1)),
    ] {
        assert_eq!(fig(&doc, k), v, "{k}");
    }
    let t = doc.table("systems").expect("systems");
    assert_eq!(t.rows.len(), 10);
    assert!(t.columns.iter().any(|c| c.key == "expected_approval"));
    assert_eq!(cell(t, "MA-DTT", "approval_status"), "Đã thẩm định");
    assert_eq!(cell(t, "MA-HNTH", "approval_status"), "Đã gửi thẩm định");
    assert_eq!(cell(t, "MA-WIFI", "approval_status"), "Đang dự thảo");
    assert_eq!(cell(t, "MA-LAN", "approval_status"), "Đã được phê duyệt");
    assert_eq!(
        cell(t, "MA-DTT", "plan_status"),
        "Đã triển khai một số hạng mục"
    );
    assert_eq!(cell(t, "MA-LAN", "plan_status"), "Đã triển khai đầy đủ");
    assert_eq!(
        cell(t, "MA-LAN", "decision"),
        "101/QĐ-UBND (MẪU), 12/08/2024"
    );
    assert_eq!(
        cell(t, "MA-LAN", "regulation"),
        "85/QĐ-UBND (MẪU), 15/07/2024"
    );
    assert_eq!(cell(t, "MA-DTT", "regulation"), "Chưa ban hành");
    assert_eq!(cell(t, "MA-GIS", "assessment"), "Đột xuất (10/06/2026)");
    assert_eq!(
        cell(t, "MA-LAN", "assessment"),
        "Định kỳ (15/10/2024); quá hạn từ 15/10/2026"
    );
    assert!(cell(t, "MA-DATA", "decision").contains("trước khi xác định lại"));
    assert!(
        !t.rows
            .iter()
            .any(|r| r.contains(&Val::Text("MA-CU".into())))
    );

    // on 01/07/2026 the 2026 report already follows the rule in force when it falls due
    // (24/12/2026, Decree 331 Art. 35, Form 08)
    assert_eq!(
        vi(&data, jul(), Request::Annual(None)).form,
        "nd331-2026-form08"
    );
    // judged by Decree 85 (pinned): Circular 12/2022 Art. 14; the LAN's assessment was not yet
    // overdue
    let old = build_on(
        &data,
        jul(),
        Some("nd85-2016"),
        Lang::Vi,
        Request::Annual(None),
    );
    assert_eq!(old.form, "tt12-2022-art14");
    assert_eq!(fig(&old, "so_da_phe_duyet_va_danh_gia_dinh_ky"), json!(3));
    assert_eq!(fig(&old, "chu_quan"), json!("UBND xã Mẫu An (MẪU)"));
    let t = old.table("systems").expect("systems");
    assert!(t.columns.iter().any(|c| c.key == "regulation_compliance"));
    assert_eq!(cell(t, "MA-DTT", "plan_status"), "Triển khai một phần");
    // pinned to Decree 85 on 29/11/2026: Circular 12 again
    let pinned = build_on(
        &data,
        nov(),
        Some("nd85-2016"),
        Lang::Vi,
        Request::Annual(None),
    );
    assert_eq!(pinned.form, "tt12-2022-art14");
    assert_eq!(
        pinned.recipients,
        vec!["Ủy ban nhân dân tỉnh Mẫu Sơn (MẪU)"]
    );
}

#[test]
fn review_checklist_in_both_packs() {
    let data = sample();
    let doc = vi(&data, nov(), Request::Review);
    for (k, v) in [
        ("system_list", "pass"),
        ("approved", "fail"),
        ("plans", "fail"),
        ("assessments", "fail"),
        ("malware_sweep", "confirm"),
        ("backup", "confirm"),
        ("incident_response", "confirm"),
        ("budget_share", "fail"),
        ("trust_label", "not_applicable"),
        ("so_dat", "1"),
    ] {
        let got = fig(&doc, k);
        let got = got.as_str().map(str::to_owned).unwrap_or(got.to_string());
        assert_eq!(got, v, "{k}");
    }
    let t = doc.table("checklist").expect("checklist");
    assert_eq!(t.rows.len(), 12);
    let ev = t.rows[1][3].show(Lang::Vi);
    assert!(
        ev.starts_with("4/9 hệ thống đang vận hành đã phê duyệt (44,4%)"),
        "{ev}"
    );
    assert!(
        ev.contains("MA-DTT, MA-HNTH, MA-CAM, MA-WIFI, MA-DATA"),
        "{ev}"
    );
    assert!(ev.contains("1 hệ thống chưa vận hành không tính"), "{ev}");
    let ev = t.rows[10][3].show(Lang::Vi);
    assert_eq!(
        ev,
        "năm 2026: 237.600.000 / 1.840.000.000 đồng = 12,9% (2 dự án)"
    );
    assert!(doc.table("failing_systems").is_some());
    // under Directive 14 (until 30/06/2026) the 10% share is met; from 01/07/2026 Law 116
    // Art. 38.1 asks 15%
    let old = vi(&data, d(2026, 6, 30), Request::Review);
    assert_eq!(fig(&old, "budget_share"), json!("pass"));
    assert!(fig(&old, "so_dat").as_i64() == Some(2));
    let july = vi(&data, jul(), Request::Review);
    assert_eq!(fig(&july, "budget_share"), json!("fail"));
}

/// English counts agree with their number: "1 system", "7 systems".
#[test]
fn review_counts_agree_in_number_in_english() {
    let mut data = sample();
    let en = |data: &Dataset| {
        let doc = build_on(data, nov(), None, Lang::En, Request::Review);
        let t = doc.table("checklist").expect("checklist");
        t.rows
            .iter()
            .map(|r| r[3].show(Lang::En))
            .collect::<Vec<_>>()
    };
    let ev = en(&data);
    assert!(
        ev[0].starts_with("16 systems listed: 10 owned"),
        "{}",
        ev[0]
    );
    assert!(
        ev[1].contains("; 1 system not yet live is left out"),
        "{}",
        ev[1]
    );
    assert!(
        ev[3].starts_with("7 systems overdue for assessment"),
        "{}",
        ev[3]
    );
    assert!(
        ev[4].starts_with("1 malware or ransomware incident in the last 12 months"),
        "{}",
        ev[4]
    );
    assert!(ev[8].contains("; 0 incident reports overdue"), "{}", ev[8]);
    assert!(
        ev[9].ends_with("; 1 training or drill task recorded"),
        "{}",
        ev[9]
    );
    assert!(ev[10].ends_with("(2 projects)"), "{}", ev[10]);
    // one system, overdue
    data.systems.retain(|s| s.code == "MA-SOHOA");
    let ev = en(&data);
    assert!(ev[0].starts_with("1 system listed: 1 owned"), "{}", ev[0]);
    assert!(
        ev[1].starts_with("1/1 operating system approved (100.0%)"),
        "{}",
        ev[1]
    );
    assert!(
        ev[2].starts_with("1/1 operating system fully implemented"),
        "{}",
        ev[2]
    );
    assert!(
        ev[3].starts_with(
            "1 system overdue for assessment (never assessed included), of 1 with a level: MA-SOHOA"
        ),
        "{}",
        ev[3]
    );
}

#[test]
fn incident_reports_follow_the_pack_of_detection() {
    let data = sample();
    // the ransomware of 26/11/2026 falls under Decree 331: 24-hour initial notice, sent in time
    let doc = vi(
        &data,
        nov(),
        Request::Incident {
            id: 1,
            form: IncidentForm::Initial,
        },
    );
    assert_eq!(doc.pack, "nd331-2026");
    assert_eq!(doc.form, "nd331-2026-24h");
    assert_eq!(fig(&doc, "han_bao_cao_nay"), json!("2026-11-27T14:00:00"));
    assert_eq!(
        fig(&doc, "tinh_trang_bao_cao_nay"),
        json!("đã gửi đúng hạn")
    );
    assert_eq!(
        fig(&doc, "ten_he_thong"),
        json!("Phần mềm kế toán, quản lý tài sản nội bộ (MA-KT)")
    );
    assert_eq!(fig(&doc, "cap_do"), json!(1));
    assert_eq!(
        fig(&doc, "thoi_gian_phat_hien"),
        json!("14 giờ 00 phút, ngày 26/11/2026")
    );
    assert_eq!(fig(&doc, "cach_thuc_phat_hien"), serde_json::Value::Null);
    let t = doc.table("report_clocks").expect("clocks");
    assert_eq!(t.rows.len(), 2);
    assert!(t.rows[0][3].show(Lang::Vi).contains("còn 14 giờ"));
    // the 72-hour report
    let doc = vi(
        &data,
        nov(),
        Request::Incident {
            id: 1,
            form: IncidentForm::Notification,
        },
    );
    assert_eq!(doc.form, "nd331-2026-72h");
    assert_eq!(fig(&doc, "han_bao_cao_nay"), json!("2026-11-29T14:00:00"));
    assert!(doc.field("nguyen_nhan").is_some());
    // the DDoS of 15/09/2025 falls under Decree 85 and stayed within the unit's capacity: Form 04
    // is not required (Circular 20 Art. 9.2.b); the notification was updated (Art. 9.2.a)
    let doc = vi(
        &data,
        nov(),
        Request::Incident {
            id: 2,
            form: IncidentForm::Closing,
        },
    );
    assert_eq!(doc.pack, "nd85-2016");
    assert_eq!(doc.form, "tt20-2017-form04");
    assert_eq!(fig(&doc, "han_bao_cao_nay"), serde_json::Value::Null);
    assert!(doc.notes[0].contains("sự cố vượt khả năng xử lý của đơn vị"));
    assert!(
        fig(&doc, "bai_hoc_kinh_nghiem")
            .as_str()
            .unwrap()
            .starts_with("Bổ sung giới hạn băng thông")
    );
    // a closing report not sent (this incident does not require one): the rules' recipients
    assert_eq!(
        doc.recipients,
        vec![
            "UBND xã Mẫu An (MẪU)",
            "Cơ quan điều phối quốc gia (VNCERT/CC)"
        ]
    );
    // a report sent: addressed to whom the officer recorded sending it, not the rules' ones
    let sent = vi(
        &data,
        nov(),
        Request::Incident {
            id: 2,
            form: IncidentForm::Notification,
        },
    );
    assert_eq!(
        sent.recipients,
        vec!["UBND xã", "Công an tỉnh", "VNCERT/CC (MẪU)"]
    );
    let clocks = sent.table("report_clocks").expect("clocks");
    assert!(
        clocks
            .rows
            .iter()
            .any(|r| r[4].show(Lang::Vi) == "UBND xã; Công an tỉnh; VNCERT/CC (MẪU)"),
        "the recipients recorded for the notification"
    );
    // an initial report that this incident does not require says so
    let doc = vi(
        &data,
        nov(),
        Request::Incident {
            id: 2,
            form: IncidentForm::Initial,
        },
    );
    assert!(doc.notes[0].contains("sự cố này không thuộc trường hợp đó"));
    // an unknown incident
    let rules = RuleChoice::new(Packs::embedded(), nov(), None).unwrap();
    let inp = Input {
        data: &data,
        rules: &rules,
        clock: Clock::on(nov()),
        lang: Lang::Vi,
    };
    let e = build(
        &inp,
        Request::Incident {
            id: 99,
            form: IncidentForm::Closing,
        },
    )
    .unwrap_err();
    assert_eq!(e.message(Lang::Vi), "không có sự cố mã 99 (có: 1, 2)");
}

#[test]
fn budget_share_against_each_pack() {
    let data = sample();
    let new = vi(&data, nov(), Request::Budget(Some(2026)));
    assert_eq!(new.pack, "nd331-2026");
    assert_eq!(fig(&new, "nguong_toi_thieu"), json!(15.0));
    assert_eq!(fig(&new, "so_du_an_duoi_nguong"), json!(1));
    assert_eq!(fig(&new, "dat_nguong"), json!("fail"));
    let t = new.table("projects").expect("projects");
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0][col(t, "share")].show(Lang::Vi), "11,0%");
    assert_eq!(t.rows[0][col(t, "verdict")].show(Lang::Vi), "Chưa đạt");
    assert_eq!(t.rows[1][col(t, "share")].show(Lang::Vi), "16,5%");
    let total = t.total.as_ref().expect("total");
    assert_eq!(total[col(t, "total")].show(Lang::Vi), "1.840.000.000");
    assert_eq!(total[col(t, "share")].show(Lang::Vi), "12,9%");
    assert!(new.basis[0].contains("15%"));

    // Law 116 Art. 38.1: 15% from 01/7/2026, before Decree 331 (19/8/2026)
    let july = vi(&data, jul(), Request::Budget(None));
    assert_eq!(july.pack, "nd85-2016");
    assert_eq!(fig(&july, "nguong_toi_thieu"), json!(15.0));
    assert_eq!(fig(&july, "dat_nguong"), json!("fail"));
    let old = vi(&data, d(2026, 6, 30), Request::Budget(None));
    assert_eq!(old.pack, "nd85-2016");
    assert_eq!(fig(&old, "nguong_toi_thieu"), json!(10.0));
    assert_eq!(fig(&old, "so_du_an_duoi_nguong"), json!(0));
    assert_eq!(fig(&old, "dat_nguong"), json!("pass"));
    // 2025 judged on 29/11/2026 is judged by the pack of its year: 95/850 = 11.2% ≥ 10%
    let y25 = vi(&data, nov(), Request::Budget(Some(2025)));
    assert_eq!(y25.pack, "nd85-2016");
    assert_eq!(fig(&y25, "ty_le_kinh_phi_attt"), json!(11.18));
    assert_eq!(fig(&y25, "dat_nguong"), json!("pass"));
    // a year without projects
    let none = vi(&data, nov(), Request::Budget(Some(2030)));
    assert_eq!(fig(&none, "so_du_an"), json!(0));
    assert_eq!(fig(&none, "dat_nguong"), json!("not_applicable"));
}

#[test]
fn markdown_json_and_xlsx_render() {
    let data = sample();
    let doc = vi(&data, nov(), Request::Quarterly(None));
    let md = render::markdown(&doc);
    let first: Vec<&str> = md.lines().take(4).collect();
    assert_eq!(
        first,
        vec![
            "| **ỦY BAN NHÂN DÂN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |",
            "|:---:|:---:|",
            "| **XÃ MẪU AN (MẪU)** | **Độc lập - Tự do - Hạnh phúc** |",
            "| Số: ……/BC-UBND | *……, ngày 29 tháng 11 năm 2026* |",
        ]
    );
    assert!(md.contains("\n# BÁO CÁO\n"));
    assert!(md.contains("- Tỷ lệ phê duyệt: **40,0%**\n"));
    assert!(md.contains("- Điện thoại: ……\n"));
    assert!(md.contains("**TM. ỦY BAN NHÂN DÂN**"));
    let j = render::json(&doc);
    assert_eq!(j["format"], "capdo-report");
    assert_eq!(j["figures"]["so_da_phe_duyet"], 4);
    assert_eq!(j["header"]["number"], "Số: ……/BC-UBND");
    let bytes = render::xlsx(&doc).expect("xlsx");
    assert!(bytes.starts_with(b"PK"));
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("open");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("range");
    let text: Vec<String> = range.rows().flatten().map(|c| c.to_string()).collect();
    assert!(text.iter().any(|c| c == "XÃ MẪU AN (MẪU)"));
    // the share is a number (0.4) in a percentage format, not the text "40,0%"
    assert!(
        range
            .rows()
            .flatten()
            .any(|c| matches!(c, calamine::Data::Float(f) if (*f - 0.4).abs() < 1e-9))
    );
    assert!(!text.iter().any(|c| c == "40,0%"));
    let formulas = wb.worksheet_formula(&name).expect("formulas");
    assert!(formulas.rows().flatten().all(|f| f.is_empty()));
}

#[test]
fn markdown_escapes_data() {
    let mut data = sample();
    data.systems[0].name = "A | B *x* <script>\u{1b}[2J".into();
    let doc = vi(&data, nov(), Request::Annual(None));
    let md = render::markdown(&doc);
    assert!(md.contains("A \\| B \\*x\\* \\<script\\>^\\[\\[2J"), "{md}");
    assert!(!md.contains('\u{1b}'));
}

#[test]
fn every_kind_renders_in_both_languages() {
    let data = sample();
    for lang in [Lang::Vi, Lang::En] {
        for today in [jul(), nov()] {
            for req in [
                Request::Quarterly(None),
                Request::Annual(None),
                Request::Review,
                Request::Budget(None),
                Request::Incident {
                    id: 1,
                    form: IncidentForm::Notification,
                },
                Request::Incident {
                    id: 2,
                    form: IncidentForm::Closing,
                },
            ] {
                let doc = build_on(&data, today, None, lang, req);
                assert!(!render::markdown(&doc).is_empty());
                assert!(render::xlsx(&doc).is_ok());
                assert!(doc.fields().all(|f| !f.key.is_empty()));
            }
        }
    }
    // an empty store builds every report too
    let empty = Dataset::new(crate::domain::Profile::new(nov()));
    for req in [
        Request::Quarterly(None),
        Request::Annual(None),
        Request::Review,
        Request::Budget(None),
    ] {
        let doc = vi(&empty, nov(), req);
        assert_eq!(doc.header.unit, "……");
        assert!(render::xlsx(&doc).is_ok());
    }
}
