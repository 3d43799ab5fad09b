//! The quarterly report on the security situation (Telegram 33/CĐ-TTg §1.c). No official
//! outline was found (guidance 1337/BTTTT-CATTT, 107/CATTT-ATHTTT); the fields follow the list
//! derived in officer-workflow §2.2: what the data can fill is computed, the rest is left as
//! labelled blanks for the officer.

use super::common::*;
use super::doc::*;
use crate::domain::dates::quarter_day;
use crate::domain::summary::{budget_pack, pct, project_below};
use crate::domain::*;
use crate::i18n::{self, Lang};
use crate::rules::ReportRule;

/// The quarterly rule that governs the period (by its last allowed day) in the rules in use,
/// else the rule as some composition defines it (and `false`: not required for this period).
fn rule<'a>(inp: &Input<'a>, period: Period) -> (Option<&'a ReportRule>, bool) {
    if let Some(r) = inp.rules.pack().report_for("quarterly", period) {
        return (Some(r), true);
    }
    let other = inp
        .rules
        .packs
        .all()
        .iter()
        .find_map(|p| p.report("quarterly"));
    (other, false)
}

pub fn build(inp: &Input, year: i32, q: u32) -> Document {
    let lang = inp.lang;
    let today = inp.today();
    let data = inp.data;
    let pack = inp.pack();
    let period = Period::Quarter { year, q };
    let window = Window::quarter(year, q);
    let so_far = window.until(today);
    let (rule, in_pack) = rule(inp, period);
    let due = rule
        .map(|r| r.due(period))
        .unwrap_or_else(|| quarter_day(year, q, 19));
    let recipient_key = rule.map(|r| r.recipient.as_str()).unwrap_or("ministry");
    let recipients = super::recipients::for_report(inp, "quarterly")
        .unwrap_or_else(|| recipients(inp, pack, &[recipient_key]));
    let tally = Tally::of(data, today);
    let active = owned_active(data, today);

    let mut sections = Vec::new();

    // general information
    let range = match so_far {
        Some(w) => w.show(),
        None => inp
            .t("kỳ báo cáo chưa bắt đầu", "the period has not begun")
            .to_owned(),
    };
    sections.push(
        Section::new(inp.t("Thông tin chung", "General information")).fields(vec![
            Field::new(
                "ky_bao_cao",
                inp.t("Kỳ báo cáo", "Reporting period"),
                Val::Text(period.label(lang)),
            ),
            Field::new("han_gui", inp.t("Hạn gửi", "Deadline"), Val::Date(due)),
            Field::new(
                "ngay_chot_so_lieu",
                inp.t("Ngày chốt số liệu", "Data as of"),
                Val::Date(today),
            ),
            Field::new(
                "pham_vi_so_lieu",
                inp.t(
                    "Số liệu phát sinh trong kỳ tính từ",
                    "Period events counted over",
                ),
                Val::Text(range),
            ),
            Field::new(
                "don_vi_bao_cao",
                inp.t("Đơn vị báo cáo", "Reporting unit"),
                Val::or_blank(&data.profile.unit_name),
            ),
            Field::new(
                "nguoi_lap",
                inp.t("Người lập", "Prepared by"),
                Val::or_blank(&data.profile.officer),
            ),
            Field::new("dien_thoai", inp.t("Điện thoại", "Phone"), Val::Blank),
            Field::new("email", "Email", Val::Blank),
            Field::new(
                "co_quan_nhan",
                inp.t("Cơ quan nhận", "Recipient"),
                Val::Text(recipients.join("; ")),
            ),
        ]),
    );

    // A. inventory
    let new_in_period: Vec<&System> = match so_far {
        Some(w) => active
            .iter()
            .copied()
            .filter(|s| s.go_live_on.is_some_and(|g| w.contains(g)))
            .collect(),
        None => Vec::new(),
    };
    let approved_before: Vec<&System> = new_in_period
        .iter()
        .copied()
        .filter(|s| {
            s.dossier == DossierState::Approved
                && matches!((s.approved_on, s.go_live_on), (Some(a), Some(g)) if a <= g)
        })
        .collect();
    let redetermine: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| s.dossier == DossierState::Redetermine)
        .collect();
    let not_started: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| s.dossier == DossierState::None)
        .collect();
    let mut a = vec![Field::new(
        "tong_so_httt",
        inp.t(
            "Tổng số HTTT đơn vị là chủ quản, đang sử dụng",
            "Information systems owned by the unit, in use",
        ),
        Val::count(tally.owned),
    )];
    for (i, n) in tally.by_level.iter().enumerate() {
        a.push(Field::new(
            &format!("so_httt_cap_do_{}", i + 1),
            match lang {
                Lang::Vi => format!("  – Cấp độ {}", i + 1),
                Lang::En => format!("  – Level {}", i + 1),
            },
            Val::count(*n),
        ));
    }
    a.push(Field::new(
        "so_httt_chua_xac_dinh_cap_do",
        inp.t("  – Chưa xác định cấp độ", "  – Level not determined"),
        Val::count(tally.no_level),
    ));
    a.push(Field::new(
        "so_httt_su_dung",
        inp.t(
            "HTTT đơn vị sử dụng (không là chủ quản)",
            "Systems the unit uses (not the owner)",
        ),
        Val::count(tally.used),
    ));
    a.push(
        Field::new(
            "so_httt_moi_van_hanh_trong_ky",
            inp.t(
                "HTTT mới đưa vào vận hành trong kỳ",
                "New systems put into operation in the period",
            ),
            Val::count(new_in_period.len()),
        )
        .with_note(codes(new_in_period.iter().copied())),
    );
    a.push(Field::new(
        "so_da_phe_duyet",
        inp.t(
            "Số HTTT đã được phê duyệt hồ sơ đề xuất cấp độ",
            "Systems with an approved level dossier",
        ),
        Val::count(tally.approved),
    ));
    for (i, n) in tally.approved_by_level.iter().enumerate() {
        a.push(Field::new(
            &format!("so_da_phe_duyet_cap_do_{}", i + 1),
            match lang {
                Lang::Vi => format!("  – Cấp độ {}", i + 1),
                Lang::En => format!("  – Level {}", i + 1),
            },
            Val::count(*n),
        ));
    }
    a.push(Field::new(
        "ty_le_phe_duyet",
        inp.t("Tỷ lệ phê duyệt", "Share approved"),
        Val::Pct(pct(tally.approved as i64, tally.owned as i64)),
    ));
    a.push(Field::new(
        "so_dang_tham_dinh",
        inp.t(
            "Số HTTT đang thẩm định (đã gửi thẩm định)",
            "Systems under appraisal (submitted)",
        ),
        Val::count(tally.submitted),
    ));
    a.push(Field::new(
        "so_da_tham_dinh_cho_phe_duyet",
        inp.t(
            "Số HTTT đã thẩm định, chờ phê duyệt",
            "Systems appraised, awaiting approval",
        ),
        Val::count(tally.appraised),
    ));
    a.push(
        Field::new(
            "so_dang_lap_ho_so",
            inp.t(
                "Số HTTT đang lập hồ sơ (kể cả cần xác định lại)",
                "Systems whose dossier is being drafted (re-determination included)",
            ),
            Val::count(tally.drafting + tally.redetermine),
        )
        .with_note(if redetermine.is_empty() {
            String::new()
        } else {
            format!(
                "{}: {}",
                inp.t("cần xác định lại", "to re-determine"),
                codes(redetermine.iter().copied())
            )
        }),
    );
    a.push(
        Field::new(
            "so_chua_lap_ho_so",
            inp.t("Số HTTT chưa lập hồ sơ", "Systems with no dossier yet"),
            Val::count(not_started.len()),
        )
        .with_note(codes(not_started.iter().copied())),
    );
    a.push(Field::new(
        "ly_do_chua_lap_ho_so",
        inp.t(
            "  – Lý do, thời hạn dự kiến hoàn thành",
            "  – Reason, expected completion",
        ),
        Val::Blank,
    ));
    a.push(
        Field::new(
            "so_httt_moi_phe_duyet_truoc_van_hanh",
            inp.t(
                "HTTT mới được phê duyệt cấp độ trước khi vận hành (Chỉ thị 09/CT-TTg)",
                "New systems approved before go-live (Directive 09/CT-TTg)",
            ),
            Val::count(approved_before.len()),
        )
        .with_note(match lang {
            Lang::Vi => format!("trên {} HTTT mới trong kỳ", new_in_period.len()),
            Lang::En => format!("of {} new systems in the period", new_in_period.len()),
        }),
    );
    sections.push(
        Section::new(inp.t("A. Danh mục hệ thống thông tin", "A. Information systems")).fields(a),
    );

    // B. protection plans
    sections.push(
        Section::new(inp.t(
            "B. Phương án bảo đảm an toàn thông tin",
            "B. Protection plans",
        ))
        .fields(vec![
            Field::new(
                "so_trien_khai_day_du",
                inp.t(
                    "Số HTTT triển khai đầy đủ phương án",
                    "Plans fully implemented",
                ),
                Val::count(tally.plan_full),
            ),
            Field::new(
                "so_dang_trien_khai",
                inp.t(
                    "Số HTTT đang triển khai (một phần)",
                    "Plans partly implemented",
                ),
                Val::count(tally.plan_partial),
            ),
            Field::new(
                "so_chua_trien_khai",
                inp.t("Số HTTT chưa triển khai", "Plans not started"),
                Val::count(tally.plan_none),
            ),
        ]),
    );

    // C. assessments
    let in_window: Vec<&Assessment> = match so_far {
        Some(w) => data
            .assessments
            .iter()
            .filter(|x| w.contains(x.completed_on))
            .collect(),
        None => Vec::new(),
    };
    let assessed_ids: std::collections::HashSet<i64> =
        in_window.iter().map(|x| x.system_id).collect();
    let assessed: Vec<&System> = data
        .systems
        .iter()
        .filter(|s| assessed_ids.contains(&s.id))
        .collect();
    let findings: i64 = in_window.iter().map(|x| x.findings).sum();
    let overdue: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| {
            matches!(
                assess_state(inp, s),
                AssessState::Never | AssessState::Overdue(_)
            )
        })
        .collect();
    sections.push(
        Section::new(inp.t("C. Kiểm tra, đánh giá", "C. Inspection and assessment")).fields(vec![
            Field::new(
                "so_httt_duoc_kiem_tra_danh_gia_trong_ky",
                inp.t(
                    "Số HTTT được kiểm tra, đánh giá trong kỳ",
                    "Systems assessed in the period",
                ),
                Val::count(assessed.len()),
            )
            .with_note(codes(assessed.iter().copied())),
            Field::new(
                "so_luot_kiem_tra_danh_gia",
                inp.t("Số lượt kiểm tra, đánh giá", "Assessments made"),
                Val::count(in_window.len()),
            ),
            Field::new(
                "so_lo_hong_phat_hien",
                inp.t(
                    "Số lỗ hổng, điểm yếu phát hiện qua kiểm tra, đánh giá",
                    "Vulnerabilities found by the assessments",
                ),
                Val::Int(findings),
            ),
            Field::new(
                "so_lo_hong_da_khac_phuc",
                inp.t("Số lỗ hổng đã khắc phục", "Vulnerabilities fixed"),
                Val::Blank,
            ),
            Field::new(
                "so_lan_ra_quet_lo_hong",
                inp.t("Số lần rà quét lỗ hổng", "Vulnerability scans"),
                Val::Blank,
            ),
            Field::new(
                "so_httt_kiem_thu_xam_nhap",
                inp.t(
                    "Số HTTT được kiểm thử xâm nhập",
                    "Systems penetration-tested",
                ),
                Val::Blank,
            ),
            Field::new(
                "so_httt_qua_han_kiem_tra",
                inp.t(
                    "Số HTTT quá hạn kiểm tra, đánh giá định kỳ (kể cả chưa từng)",
                    "Systems overdue for periodic assessment (never assessed included)",
                ),
                Val::count(overdue.len()),
            )
            .with_note(codes(overdue.iter().copied())),
        ]),
    );

    // D, E: nothing in the data
    sections.push(
        Section::new(inp.t(
            "D. Giám sát, phòng chống mã độc",
            "D. Monitoring and anti-malware",
        ))
        .fields(vec![
            Field::new(
                "so_httt_ket_noi_giam_sat",
                inp.t(
                    "Số HTTT kết nối giám sát (SOC, Trung tâm giám sát quốc gia)",
                    "Systems connected to monitoring (SOC, national centre)",
                ),
                Val::Blank,
            ),
            Field::new(
                "so_may_co_phong_chong_ma_doc",
                inp.t(
                    "Số máy trạm, máy chủ có giải pháp phòng chống mã độc tập trung",
                    "Workstations and servers with central anti-malware",
                ),
                Val::Blank,
            ),
            Field::new(
                "ket_noi_chia_se_ma_doc",
                inp.t(
                    "Kết nối chia sẻ dữ liệu mã độc (Chỉ thị 14/CT-TTg)",
                    "Malware data sharing connected (Directive 14/CT-TTg)",
                ),
                Val::Blank,
            ),
        ]),
    );
    sections.push(
        Section::new(inp.t("E. Sao lưu, dự phòng", "E. Backup and recovery")).fields(vec![
            Field::new(
                "so_httt_co_sao_luu",
                inp.t("Số HTTT có sao lưu định kỳ", "Systems with regular backups"),
                Val::Blank,
            ),
            Field::new(
                "so_lan_thu_khoi_phuc",
                inp.t("Số lần thử khôi phục", "Restore tests"),
                Val::Blank,
            ),
        ]),
    );

    // F. incidents
    let incs: Vec<usize> = so_far.map(|w| incidents_in(data, w)).unwrap_or_default();
    let of_kind = |kinds: &[IncidentKind]| {
        incs.iter()
            .filter(|n| kinds.contains(&data.incidents[**n].kind))
            .count()
    };
    let handled = incs
        .iter()
        .filter(|n| {
            data.incidents[**n]
                .response_ended_at
                .is_some_and(|e| e <= inp.clock.now)
        })
        .count();
    let dues: Vec<IncidentDue> = incs.iter().flat_map(|n| incident_due(inp, *n)).collect();
    let count_state = |s: Timeliness| dues.iter().filter(|d| d.state == s).count();
    let f = vec![
        Field::new(
            "so_su_co",
            inp.t("Số sự cố trong kỳ", "Incidents in the period"),
            Val::count(incs.len()),
        ),
        Field::new(
            "su_co_ma_doc",
            inp.t("  – Mã độc", "  – Malware"),
            Val::count(of_kind(&[IncidentKind::Malware])),
        ),
        Field::new(
            "su_co_ma_hoa_tong_tien",
            inp.t("  – Mã hóa tống tiền", "  – Ransomware"),
            Val::count(of_kind(&[IncidentKind::Ransomware])),
        ),
        Field::new(
            "su_co_thay_doi_giao_dien",
            inp.t("  – Thay đổi giao diện", "  – Defacement"),
            Val::count(of_kind(&[IncidentKind::Defacement])),
        ),
        Field::new(
            "su_co_ddos",
            inp.t(
                "  – Tấn công từ chối dịch vụ (DDoS)",
                "  – Denial of service (DDoS)",
            ),
            Val::count(of_kind(&[IncidentKind::Ddos])),
        ),
        Field::new(
            "su_co_lo_lot_du_lieu",
            inp.t("  – Lộ lọt dữ liệu", "  – Data leak"),
            Val::count(of_kind(&[IncidentKind::DataLeak])),
        ),
        Field::new(
            "su_co_khac",
            inp.t(
                "  – Khác (xâm nhập, lừa đảo, khác)",
                "  – Other (intrusion, phishing, other)",
            ),
            Val::count(of_kind(&[
                IncidentKind::Intrusion,
                IncidentKind::Phishing,
                IncidentKind::Other,
            ])),
        ),
        Field::new(
            "so_su_co_da_xu_ly",
            inp.t("Số sự cố đã xử lý xong", "Incidents resolved"),
            Val::count(handled),
        ),
        Field::new(
            "so_bao_cao_su_co_phai_gui",
            inp.t("Số báo cáo sự cố bắt buộc", "Mandatory incident reports"),
            Val::count(dues.len()),
        ),
        Field::new(
            "so_bao_cao_su_co_dung_han",
            inp.t("  – Đã gửi đúng hạn", "  – Sent on time"),
            Val::count(count_state(Timeliness::OnTime)),
        ),
        Field::new(
            "so_bao_cao_su_co_muon",
            inp.t("  – Đã gửi muộn", "  – Sent late"),
            Val::count(count_state(Timeliness::Late)),
        ),
        Field::new(
            "so_bao_cao_su_co_qua_han",
            inp.t("  – Quá hạn, chưa gửi", "  – Overdue, not sent"),
            Val::count(count_state(Timeliness::Missing)),
        ),
        Field::new(
            "so_bao_cao_su_co_chua_den_han",
            inp.t("  – Chưa đến hạn", "  – Not due yet"),
            Val::count(count_state(Timeliness::Pending)),
        ),
        Field::new(
            "so_canh_bao_nhan_duoc",
            inp.t(
                "Số cảnh báo nhận được (cơ quan chức năng, IRLab) / đã xử lý",
                "Alerts received (authorities, IRLab) / handled",
            ),
            Val::Blank,
        ),
    ];
    let mut sec_f =
        Section::new(inp.t("F. Sự cố, tấn công mạng", "F. Incidents and attacks")).fields(f);
    if !incs.is_empty() {
        sec_f = sec_f.table(incident_table(inp, &incs));
    }
    sections.push(sec_f);

    // reports due in the period
    let periodic = periodic_due(data, pack, window, today);
    let mut rep = Section::new(inp.t(
        "Thực hiện chế độ báo cáo định kỳ trong kỳ",
        "Periodic reports due in the period",
    ));
    let on_time = periodic
        .iter()
        .filter(|p| p.state == Timeliness::OnTime)
        .count();
    let due_so_far = periodic
        .iter()
        .filter(|p| p.due < today || p.submitted.is_some())
        .count();
    rep = rep.fields(vec![
        Field::new(
            "so_bao_cao_dinh_ky_den_han",
            inp.t(
                "Số báo cáo định kỳ đã đến hạn",
                "Periodic reports due so far",
            ),
            Val::count(due_so_far),
        ),
        Field::new(
            "so_bao_cao_dinh_ky_dung_han",
            inp.t("Số báo cáo gửi đúng hạn", "Sent on time"),
            Val::count(on_time),
        ),
    ]);
    if !periodic.is_empty() {
        let mut t = Table::new(
            "periodic_reports",
            vec![
                ("report", inp.t("Báo cáo", "Report").to_owned()),
                ("period", inp.t("Kỳ", "Period").to_owned()),
                ("due_on", inp.t("Hạn", "Due").to_owned()),
                ("submitted_on", inp.t("Ngày gửi", "Sent on").to_owned()),
                ("doc_no", inp.t("Số văn bản", "Document no.").to_owned()),
                ("state", inp.t("Tình trạng", "State").to_owned()),
            ],
        );
        for p in &periodic {
            let r = &pack.reports[p.rule];
            t.rows.push(vec![
                Val::text(r.title.get(lang)),
                Val::Text(p.period.label(lang)),
                Val::Date(p.due),
                p.submitted
                    .as_ref()
                    .map(|s| Val::Date(s.0))
                    .unwrap_or(Val::text("—")),
                p.submitted
                    .as_ref()
                    .map(|s| Val::or_blank(&s.1))
                    .unwrap_or(Val::text("—")),
                Val::text(p.state.label(lang)),
            ]);
        }
        rep = rep.table(t);
    }
    sections.push(rep);

    // G. people
    sections.push(
        Section::new(inp.t(
            "G. Nhân lực, đào tạo, diễn tập",
            "G. Staff, training, drills",
        ))
        .fields(vec![
            Field::new(
                "so_can_bo_chuyen_trach",
                inp.t("Số cán bộ chuyên trách", "Full-time staff"),
                Val::Blank,
            ),
            Field::new(
                "so_can_bo_kiem_nhiem",
                inp.t("Số cán bộ kiêm nhiệm", "Part-time staff"),
                Val::Blank,
            ),
            Field::new(
                "so_luot_tap_huan",
                inp.t("Số lượt tập huấn", "Training sessions"),
                Val::Blank,
            ),
            Field::new(
                "so_cuoc_dien_tap",
                inp.t("Số cuộc diễn tập", "Drills"),
                Val::Blank,
            ),
        ]),
    );

    // H. budget of the quarter's year
    sections.push(budget_section(inp, year));

    // I. free text
    sections.push(
        Section::new(inp.t(
            "I. Khó khăn, vướng mắc; đề xuất, kiến nghị",
            "I. Difficulties; proposals",
        ))
        .fields(vec![
            Field::new(
                "kho_khan",
                inp.t("Khó khăn, vướng mắc", "Difficulties"),
                Val::Blank,
            ),
            Field::new(
                "de_xuat",
                inp.t("Đề xuất, kiến nghị", "Proposals"),
                Val::Blank,
            ),
        ]),
    );

    let mut notes = vec![
        inp.t(
            "Mẫu do capdo dựng từ nhiệm vụ của Công điện 33/CĐ-TTg (mục 1.c), Chỉ thị 09/CT-TTg, Thông tư 12/2022/TT-BTTTT và 20/2017/TT-BTTTT; chưa tìm thấy đề cương chính thức (Công văn 1337/BTTTT-CATTT, Văn bản 107/CATTT-ATHTTT). Đối chiếu với đề cương của cơ quan nhận trước khi gửi.",
            "Outline derived by capdo from the tasks of Official Telegram 33/CĐ-TTg (§1.c), Directive 09/CT-TTg and Circulars 12/2022 and 20/2017; no official template was found (guidance 1337/BTTTT-CATTT, 107/CATTT-ATHTTT). Check against the recipient's outline before sending.",
        )
        .to_owned(),
        inp.t(
            "Số liệu về hệ thống, hồ sơ, phương án tính tại ngày chốt số liệu; số liệu phát sinh (đánh giá, sự cố) tính trong kỳ đến ngày chốt. Các mục \"……\" do cán bộ điền.",
            "Systems, dossiers and plans are counted on the data date; events (assessments, incidents) within the period up to that date. Items marked \"……\" are for the officer to fill in.",
        )
        .to_owned(),
    ];
    if !in_pack {
        notes.push(match lang {
            Lang::Vi => format!(
                "Bộ quy tắc {} không quy định báo cáo quý; báo cáo quý theo Công điện 33/CĐ-TTg thuộc chế độ Nghị định 85/2016/NĐ-CP — chỉ lập khi cơ quan cấp trên còn yêu cầu.",
                pack.id
            ),
            Lang::En => format!(
                "Rule pack {} sets no quarterly report; the Telegram 33 quarterly report belongs to the Decree 85/2016 regime — make it only if the superior body still asks for it.",
                pack.id
            ),
        });
    }

    Document {
        kind: "quarterly",
        form: "quarterly-derived".to_owned(),
        lang,
        pack: pack.id.clone(),
        reference_date: today,
        period: Some(period.key()),
        header: header(inp),
        title: inp.t("BÁO CÁO", "REPORT").to_owned(),
        subtitle: match lang {
            Lang::Vi => format!(
                "Tình hình bảo đảm an toàn thông tin mạng {}",
                period.label(lang)
            ),
            Lang::En => format!(
                "Network information security situation, {}",
                period.label(lang)
            ),
        },
        recipients,
        basis: rule
            .map(|r| vec![cite(lang, &r.basis, r.note.as_ref())])
            .unwrap_or_default(),
        opening: String::new(),
        sections,
        notes,
        signature: signature(inp),
    }
}

fn incident_table(inp: &Input, incs: &[usize]) -> Table {
    let lang = inp.lang;
    let data = inp.data;
    let mut t = Table::new(
        "incidents",
        vec![
            ("id", inp.t("Mã sự cố", "Incident").to_owned()),
            ("title", inp.t("Sự cố", "Title").to_owned()),
            ("system", inp.t("Hệ thống", "System").to_owned()),
            ("kind", inp.t("Loại", "Kind").to_owned()),
            ("severity", inp.t("Mức độ", "Severity").to_owned()),
            ("detected_at", inp.t("Phát hiện", "Detected").to_owned()),
            (
                "ended_at",
                inp.t("Kết thúc ứng phó", "Response ended").to_owned(),
            ),
            (
                "reports",
                inp.t("Báo cáo bắt buộc", "Mandatory reports").to_owned(),
            ),
        ],
    );
    for n in incs {
        let i = &data.incidents[*n];
        let sys = i
            .system_id
            .and_then(|id| data.system_index(id))
            .map(|x| Val::text(&data.systems[x].code))
            .unwrap_or(Val::text("—"));
        let reports: Vec<String> = incident_due(inp, *n)
            .iter()
            .map(|d| {
                let r = &inp.rules.packs.get(d.pack).incident_reports[d.rule];
                format!(
                    "{}: {}",
                    crate::i18n::incident_report_name(&r.id, Some(r.hours), lang),
                    d.state.label(lang)
                )
            })
            .collect();
        t.rows.push(vec![
            Val::Int(i.id),
            Val::text(&i.title),
            sys,
            Val::text(i.kind.label(lang)),
            Val::text(i.severity.label(lang)),
            Val::DateTime(i.detected_at),
            i.response_ended_at
                .map(Val::DateTime)
                .unwrap_or(Val::text("—")),
            Val::Text(reports.join("; ")),
        ]);
    }
    t
}

/// H. The security share of the year's IT budget against the threshold of the pack that
/// judges the year.
pub fn budget_section(inp: &Input, year: i32) -> Section {
    let lang = inp.lang;
    let data = inp.data;
    let p = budget_pack(inp.rules, year, inp.today());
    let pack = inp.rules.packs.get(p);
    let threshold = pack.budget.min_share_percent;
    let projects: Vec<&Project> = data.projects.iter().filter(|x| x.year == year).collect();
    let total: i64 = projects
        .iter()
        .map(|x| x.total_budget)
        .fold(0, i64::saturating_add);
    let security: i64 = projects
        .iter()
        .map(|x| x.security_budget)
        .fold(0, i64::saturating_add);
    let mut s = Section::new(match lang {
        Lang::Vi => format!("H. Kinh phí bảo đảm an toàn thông tin năm {year}"),
        Lang::En => format!("H. Security budget, {year}"),
    });
    if projects.is_empty() {
        return s
            .fields(vec![
                Field::new(
                    "tong_kinh_phi_cntt",
                    inp.t(
                        "Tổng kinh phí kế hoạch, dự án CNTT (đồng)",
                        "IT plans and projects, total (VND)",
                    ),
                    Val::Blank,
                ),
                Field::new(
                    "kinh_phi_attt",
                    inp.t(
                        "Kinh phí bảo đảm an toàn thông tin (đồng)",
                        "Security budget (VND)",
                    ),
                    Val::Blank,
                ),
                Field::new("ty_le_kinh_phi_attt", inp.t("Tỷ lệ", "Share"), Val::Blank),
                Field::new(
                    "nguong_toi_thieu",
                    inp.t("Tỷ lệ tối thiểu", "Minimum share"),
                    Val::Pct(f64::from(threshold)),
                ),
            ])
            .note(match lang {
                Lang::Vi => {
                    format!("Chưa có kế hoạch, dự án CNTT nào của năm {year} trong dữ liệu.")
                }
                Lang::En => format!("No IT plan or project of {year} is recorded."),
            });
    }
    let share = pct(security, total);
    let below =
        total > 0 && security.saturating_mul(100) < total.saturating_mul(i64::from(threshold));
    let below_projects: Vec<&str> = projects
        .iter()
        .filter(|x| project_below(x, threshold))
        .map(|x| x.name.as_str())
        .collect();
    s = s.fields(vec![
        Field::new(
            "so_du_an",
            inp.t("Số kế hoạch, dự án CNTT", "IT plans and projects"),
            Val::count(projects.len()),
        ),
        Field::new(
            "tong_kinh_phi_cntt",
            inp.t(
                "Tổng kinh phí kế hoạch, dự án CNTT (đồng)",
                "IT plans and projects, total (VND)",
            ),
            Val::Money(total),
        ),
        Field::new(
            "kinh_phi_attt",
            inp.t(
                "Kinh phí bảo đảm an toàn thông tin (đồng)",
                "Security budget (VND)",
            ),
            Val::Money(security),
        ),
        Field::new(
            "ty_le_kinh_phi_attt",
            inp.t("Tỷ lệ", "Share"),
            Val::Pct(share),
        ),
        Field::new(
            "nguong_toi_thieu",
            inp.t("Tỷ lệ tối thiểu", "Minimum share"),
            Val::Pct(f64::from(threshold)),
        ),
        Field::new(
            "dat_nguong",
            inp.t("Đánh giá", "Verdict"),
            Val::Check(if below {
                super::doc::Check::Fail
            } else {
                super::doc::Check::Pass
            }),
        )
        .with_note(if below_projects.is_empty() {
            String::new()
        } else {
            format!(
                "{}: {}",
                inp.t("dự án dưới ngưỡng", "projects below the threshold"),
                below_projects.join("; ")
            )
        }),
    ]);
    s.note(format!(
        "{} {}",
        inp.t("Căn cứ:", "Basis:"),
        cite(lang, &pack.budget.basis, pack.budget.note.as_ref())
    ))
}

/// Quarter of a date, for the default period.
pub fn quarter_of(d: chrono::NaiveDate) -> (i32, u32) {
    use chrono::Datelike;
    (d.year(), i18n::quarter_of(d))
}
