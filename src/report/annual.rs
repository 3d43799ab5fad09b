//! The annual level report: Circular 12/2022/TT-BTTTT Art. 14 under the Decree 85 regime,
//! Decree 331/2026 Form 08 under the new one (chosen by the pack in use). Data window 15/12 of
//! the previous year to 14/12; header counts and one row per owned system.

use super::common::*;
use super::doc::*;
use crate::domain::*;
use crate::i18n::Lang;

/// Which form the report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Circular 12/2022/TT-BTTTT Art. 14.
    Circular12,
    /// Decree 331/2026/NĐ-CP Form 08.
    Form08,
}

impl Form {
    /// The layout a report rule names (`layout` in the rule data); Form 08 when it names none.
    pub fn of_rule(r: Option<&crate::rules::ReportRule>) -> Form {
        match r.and_then(|r| r.layout.as_deref()) {
            Some("circular12") => Form::Circular12,
            _ => Form::Form08,
        }
    }
}

/// Approval status in Form 08 wording.
pub fn approval_status(lang: Lang, d: DossierState) -> &'static str {
    match d {
        DossierState::None => lang.pick("Chưa lập hồ sơ", "No dossier"),
        DossierState::Drafting => lang.pick("Đang dự thảo", "Being drafted"),
        DossierState::Redetermine => lang.pick(
            "Đang dự thảo (xác định lại)",
            "Being drafted (re-determination)",
        ),
        DossierState::Submitted => lang.pick("Đã gửi thẩm định", "Submitted for appraisal"),
        DossierState::Appraised => lang.pick("Đã thẩm định", "Appraised"),
        DossierState::Approved => lang.pick("Đã được phê duyệt", "Approved"),
    }
}

/// Plan status in the form's wording.
pub fn plan_status(lang: Lang, form: Form, p: PlanStatus) -> &'static str {
    match (form, p) {
        (_, PlanStatus::None) => lang.pick("Chưa triển khai", "Not implemented"),
        (Form::Form08, PlanStatus::Partial) => {
            lang.pick("Đã triển khai một số hạng mục", "Some items implemented")
        }
        (Form::Circular12, PlanStatus::Partial) => {
            lang.pick("Triển khai một phần", "Partly implemented")
        }
        (Form::Form08, PlanStatus::Full) => lang.pick("Đã triển khai đầy đủ", "Fully implemented"),
        (Form::Circular12, PlanStatus::Full) => lang.pick("Triển khai đầy đủ", "Fully implemented"),
    }
}

fn kind_label(lang: Lang, k: Option<AssessmentKind>) -> &'static str {
    match k {
        Some(AssessmentKind::PreGoLive) => lang.pick("Trước khi đưa vào sử dụng", "Before go-live"),
        Some(AssessmentKind::Adhoc) => lang.pick("Đột xuất", "Ad hoc"),
        Some(AssessmentKind::Periodic) | None => lang.pick("Định kỳ", "Periodic"),
    }
}

/// The header counts of Form 08 (also given under Circular 12).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub classified: usize,
    pub prepared: usize,
    pub appraised: usize,
    pub approved: usize,
    pub approved_assessed: usize,
    pub with_regulation: usize,
    pub assessed_in_window: usize,
    pub assessment_current: usize,
}

pub fn counts(inp: &Input, systems: &[&System], window: Window) -> Counts {
    let mut c = Counts {
        total: systems.len(),
        ..Counts::default()
    };
    let in_window = assessed_in(inp.data, window);
    for s in systems {
        if s.level.is_some() {
            c.classified += 1;
        }
        if matches!(
            s.dossier,
            DossierState::Submitted | DossierState::Appraised | DossierState::Approved
        ) {
            c.prepared += 1;
        }
        if matches!(s.dossier, DossierState::Appraised | DossierState::Approved) {
            c.appraised += 1;
        }
        let current =
            s.last_assessed_on.is_some() && matches!(assess_state(inp, s), AssessState::Due(_));
        if current {
            c.assessment_current += 1;
        }
        if s.dossier == DossierState::Approved {
            c.approved += 1;
            if current {
                c.approved_assessed += 1;
            }
        }
        if s.regulation_issued_on.is_some() || !s.regulation_ref.trim().is_empty() {
            c.with_regulation += 1;
        }
        if in_window.contains(&s.id) {
            c.assessed_in_window += 1;
        }
    }
    c
}

pub fn build(inp: &Input, year: i32) -> Document {
    let lang = inp.lang;
    let today = inp.today();
    let data = inp.data;
    let pack = inp.pack();
    // the versions that govern this year's reports (by their last allowed day)
    let period = Period::Year(year);
    let annual = pack
        .report_for("annual", period)
        .or_else(|| pack.report("annual"));
    let internal = pack
        .report_for("annual-internal", period)
        .or_else(|| pack.report("annual-internal"));
    let form = Form::of_rule(annual);
    let window = Window::annual(year);
    let so_far = window.until(today);
    let systems = owned_active(data, today);
    let c = counts(inp, &systems, so_far.unwrap_or(window));
    let multi_unit = data.systems.iter().any(|s| !s.unit.is_empty());

    let due = |r: Option<&crate::rules::ReportRule>| {
        r.map(|r| Val::Date(r.due(period))).unwrap_or(Val::Blank)
    };
    let recipients = recipients(
        inp,
        pack,
        &[annual.map(|r| r.recipient.as_str()).unwrap_or("ministry")],
    );

    let mut sections = Vec::new();
    sections.push(
        Section::new(inp.t("Thông tin chung", "General information")).fields(vec![
            Field::new(
                "ky_bao_cao",
                inp.t("Kỳ báo cáo", "Reporting period"),
                Val::Text(Period::Year(year).label(lang)),
            ),
            Field::new(
                "thoi_gian_so_lieu",
                inp.t("Thời gian lấy số liệu", "Data window"),
                Val::Text(window.show()),
            ),
            Field::new(
                "ngay_chot_so_lieu",
                inp.t("Ngày chốt số liệu", "Data as of"),
                Val::Date(today),
            ),
            Field::new(
                "han_gui_chu_quan",
                inp.t(
                    "Hạn gửi chủ quản (đơn vị vận hành, đơn vị chuyên trách)",
                    "Due to the owner (operating and security units)",
                ),
                due(internal),
            ),
            Field::new(
                "han_gui_bo",
                inp.t("Hạn chủ quản gửi Bộ", "Due from the owner to the ministry"),
                due(annual),
            ),
        ]),
    );

    if form == Form::Circular12 {
        let unit = Val::or_blank(&data.profile.unit_name);
        sections.push(
            Section::new(inp.t(
                "1. Thông tin chủ quản, đơn vị chuyên trách, đơn vị vận hành",
                "1. Owner, security unit and operating units",
            ))
            .fields(vec![
                Field::new("chu_quan", inp.t("Chủ quản HTTT", "System owner"), unit),
                Field::new(
                    "chuc_nang_nhiem_vu",
                    inp.t("Chức năng, nhiệm vụ", "Mandate"),
                    Val::Blank,
                ),
                Field::new(
                    "nguoi_dai_dien",
                    inp.t("Người đại diện", "Representative"),
                    Val::Blank,
                ),
                Field::new("dia_chi", inp.t("Địa chỉ", "Address"), Val::Blank),
                Field::new("dien_thoai", inp.t("Điện thoại", "Phone"), Val::Blank),
                Field::new("email", "Email", Val::Blank),
                Field::new(
                    "don_vi_chuyen_trach",
                    inp.t(
                        "Đơn vị chuyên trách về an toàn thông tin",
                        "Designated information-security unit",
                    ),
                    Val::Blank,
                ),
                Field::new(
                    "don_vi_van_hanh",
                    inp.t("Đơn vị vận hành", "Operating units"),
                    Val::text(inp.t(
                        "theo từng hệ thống, tại bảng danh sách dưới đây",
                        "per system, in the list below",
                    )),
                ),
            ]),
        );
    }

    let counts_heading = match form {
        Form::Form08 => inp.t("Số liệu tổng hợp (Mẫu 08)", "Summary figures (Form 08)"),
        Form::Circular12 => inp.t("2–7. Số liệu tổng hợp", "2–7. Summary figures"),
    };
    let mut head = vec![
        Field::new(
            "tong_so_httt",
            inp.t(
                "Tổng số hệ thống thông tin (đơn vị là chủ quản, đang sử dụng)",
                "Information systems (owned, in use)",
            ),
            Val::count(c.total),
        ),
        Field::new(
            "so_da_phan_loai",
            inp.t(
                "Số hệ thống đã xác định (phân loại) cấp độ",
                "Systems with a level determined",
            ),
            Val::count(c.classified),
        ),
        Field::new(
            "so_da_lap_ho_so",
            inp.t(
                "Số hệ thống đã lập hồ sơ đề xuất cấp độ",
                "Systems with a level dossier prepared",
            ),
            Val::count(c.prepared),
        ),
        Field::new(
            "so_da_tham_dinh",
            inp.t("Số hệ thống đã được thẩm định", "Systems appraised"),
            Val::count(c.appraised),
        ),
        Field::new(
            "so_da_phe_duyet",
            inp.t("Số hệ thống đã được phê duyệt", "Systems approved"),
            Val::count(c.approved),
        ),
        Field::new(
            "so_da_phe_duyet_va_danh_gia_dinh_ky",
            inp.t(
                "Số hệ thống đã phê duyệt và được kiểm tra, đánh giá định kỳ (không quá hạn)",
                "Systems approved and periodically assessed (not overdue)",
            ),
            Val::count(c.approved_assessed),
        ),
        Field::new(
            "du_kien_phe_duyet_day_du",
            inp.t(
                "Thời gian dự kiến phê duyệt đầy đủ",
                "Expected date of full approval",
            ),
            if c.approved == c.total {
                Val::text("—")
            } else {
                Val::Blank
            },
        ),
    ];
    let t = Tally::of(data, today);
    head.extend([
        Field::new(
            "so_trien_khai_day_du",
            inp.t(
                "Số hệ thống triển khai đầy đủ phương án",
                "Plans fully implemented",
            ),
            Val::count(t.plan_full),
        ),
        Field::new(
            "so_trien_khai_mot_phan",
            inp.t(
                "Số hệ thống triển khai một phần phương án",
                "Plans partly implemented",
            ),
            Val::count(t.plan_partial),
        ),
        Field::new(
            "so_chua_trien_khai",
            inp.t("Số hệ thống chưa triển khai phương án", "Plans not started"),
            Val::count(t.plan_none),
        ),
        Field::new(
            "so_co_quy_che",
            inp.t(
                "Số hệ thống có quy chế bảo đảm an toàn thông tin",
                "Systems with a security regulation",
            ),
            Val::count(c.with_regulation),
        ),
        Field::new(
            "so_tuan_thu_quy_che",
            inp.t(
                "Số hệ thống tuân thủ quy chế",
                "Systems complying with their regulation",
            ),
            Val::Blank,
        ),
        Field::new(
            "so_kiem_tra_trong_ky",
            inp.t(
                "Số hệ thống được kiểm tra, đánh giá trong kỳ",
                "Systems assessed within the window",
            ),
            Val::count(c.assessed_in_window),
        ),
        Field::new(
            "so_kiem_tra_theo_quy_dinh",
            inp.t(
                "Số hệ thống được kiểm tra, đánh giá theo quy định (chưa quá hạn)",
                "Systems assessed as required (not overdue)",
            ),
            Val::count(c.assessment_current),
        ),
    ]);
    sections.push(Section::new(counts_heading).fields(head).note(inp.t(
        "Hệ thống cần xác định lại cấp độ được tính như đang dự thảo hồ sơ mới; quyết định phê duyệt cũ ghi ở cột quyết định.",
        "A system to be re-determined counts as drafting a new dossier; its former approval decision is shown in the decision column.",
    )));

    sections.push(
        Section::new(match form {
            Form::Form08 => inp.t(
                "Danh sách hệ thống thông tin (Mẫu 08)",
                "Information systems (Form 08)",
            ),
            Form::Circular12 => inp.t(
                "Danh sách hệ thống thông tin, tình hình bảo đảm an toàn theo cấp độ",
                "Information systems and their security by level",
            ),
        })
        .table(system_table(inp, form, &systems, multi_unit)),
    );

    if form == Form::Circular12 {
        sections.push(
            Section::new(inp.t("8–11. Nội dung khác", "8–11. Other contents")).fields(vec![
                Field::new(
                    "danh_gia_bien_phap",
                    inp.t(
                        "Đánh giá việc triển khai biện pháp theo từng tiêu chí",
                        "Assessment of the measures per criterion",
                    ),
                    Val::Blank,
                ),
                Field::new(
                    "chi_tiet_yeu_cau",
                    inp.t(
                        "Tình hình đáp ứng từng yêu cầu (đạt / chưa đạt, lộ trình khắc phục)",
                        "Per-requirement status (met / not met, remediation roadmap)",
                    ),
                    Val::Blank,
                ),
                Field::new(
                    "quyet_dinh_ban_hanh_quy_che",
                    inp.t(
                        "Quyết định ban hành quy chế",
                        "Decision issuing the regulation",
                    ),
                    Val::text(inp.t(
                        "theo từng hệ thống, cột quy chế",
                        "per system, regulation column",
                    )),
                ),
                Field::new("noi_dung_khac", inp.t("Nội dung khác", "Other"), Val::Blank),
            ]),
        );
    } else {
        sections.push(
            Section::new(inp.t("Nội dung khác", "Other contents")).fields(vec![Field::new(
                "de_xuat_danh_muc_anqg",
                inp.t(
                    "Hệ thống đề xuất đưa vào Danh mục HTTT quan trọng về an ninh quốc gia",
                    "Systems proposed for the list of systems critical to national security",
                ),
                Val::Blank,
            )]),
        );
    }

    let basis: Vec<String> = [internal, annual]
        .iter()
        .flatten()
        .map(|r| cite(lang, &r.basis, r.note.as_ref()))
        .collect();
    let mut notes = vec![match form {
        Form::Form08 => inp
            .t(
                "Bố cục theo Mẫu 08 Nghị định 331/2026/NĐ-CP như đã tóm lược (số liệu tổng hợp và cột của từng hệ thống); chưa đối chiếu với bản Công báo.",
                "Layout after Decree 331/2026/ND-CP Form 08 as summarised (header counts and per-system columns); not yet checked against the Official Gazette.",
            )
            .to_owned(),
        Form::Circular12 => inp
            .t(
                "Nội dung theo Thông tư 12/2022/TT-BTTTT Điều 14 (mục 1–11).",
                "Contents after Circular 12/2022/TT-BTTTT Art. 14 (items 1–11).",
            )
            .to_owned(),
    }];
    if so_far.is_some_and(|w| w.to < window.to) {
        notes.push(match lang {
            Lang::Vi => format!(
                "Kỳ số liệu chưa kết thúc: số liệu tính đến ngày {}.",
                crate::i18n::date(today)
            ),
            Lang::En => format!(
                "The data window has not ended: figures as of {}.",
                crate::i18n::date(today)
            ),
        });
    }

    Document {
        kind: "annual",
        form: annual
            .and_then(|r| r.form.clone())
            .unwrap_or_else(|| "annual".to_owned()),
        lang,
        pack: pack.id.clone(),
        reference_date: today,
        period: Some(Period::Year(year).key()),
        header: header(inp),
        title: inp.t("BÁO CÁO", "REPORT").to_owned(),
        subtitle: match (form, lang) {
            (Form::Circular12, Lang::Vi) => {
                format!("Tình hình bảo đảm an toàn hệ thống thông tin theo cấp độ năm {year}")
            }
            (Form::Circular12, Lang::En) => {
                format!("Information system security by level, {year}")
            }
            (Form::Form08, Lang::Vi) => format!(
                "Định kỳ hằng năm về bảo đảm an ninh mạng hệ thống thông tin theo cấp độ năm {year}"
            ),
            (Form::Form08, Lang::En) => {
                format!(
                    "Annual report on the cybersecurity of information systems by level, {year}"
                )
            }
        },
        recipients,
        basis,
        opening: String::new(),
        sections,
        notes,
        signature: signature(inp),
    }
}

fn system_table(inp: &Input, form: Form, systems: &[&System], multi_unit: bool) -> Table {
    let lang = inp.lang;
    let data = inp.data;
    let mut cols: Vec<(&'static str, String)> = vec![("stt", inp.t("STT", "No.").to_owned())];
    if multi_unit {
        cols.push(("unit", inp.t("Đơn vị", "Unit").to_owned()));
    }
    cols.push(("code", inp.t("Mã", "Code").to_owned()));
    cols.push(("name", inp.t("Tên hệ thống", "System").to_owned()));
    cols.push(("owner", inp.t("Chủ quản", "Owner").to_owned()));
    cols.push(("operator", inp.t("Đơn vị vận hành", "Operator").to_owned()));
    cols.push((
        "level",
        inp.t("Cấp độ đề xuất", "Proposed level").to_owned(),
    ));
    cols.push((
        "approval_status",
        inp.t("Tình trạng phê duyệt", "Approval status").to_owned(),
    ));
    cols.push((
        "decision",
        inp.t(
            "Quyết định phê duyệt (số, ngày)",
            "Approval decision (no., date)",
        )
        .to_owned(),
    ));
    cols.push((
        "regulation",
        inp.t("Quy chế bảo đảm an toàn", "Security regulation")
            .to_owned(),
    ));
    if form == Form::Form08 {
        cols.push((
            "expected_approval",
            inp.t("Dự kiến phê duyệt", "Expected approval").to_owned(),
        ));
    }
    cols.push((
        "plan_status",
        inp.t("Triển khai phương án", "Protection plan").to_owned(),
    ));
    if form == Form::Form08 {
        cols.push((
            "expected_full_plan",
            inp.t("Dự kiến triển khai đầy đủ", "Expected full implementation")
                .to_owned(),
        ));
    } else {
        cols.push((
            "regulation_compliance",
            inp.t("Tuân thủ quy chế", "Complies with regulation")
                .to_owned(),
        ));
    }
    cols.push((
        "assessment",
        inp.t("Kiểm tra, đánh giá", "Assessment").to_owned(),
    ));
    let mut t = Table::new("systems", cols);
    let last = LastAssessed::of(data);

    for (n, s) in systems.iter().enumerate() {
        let mut row = vec![Val::count(n + 1)];
        if multi_unit {
            row.push(if s.unit.is_empty() {
                Val::or_blank(&data.profile.unit_name)
            } else {
                Val::text(&s.unit)
            });
        }
        row.push(Val::text(&s.code));
        row.push(Val::text(&s.name));
        row.push(Val::or_blank(&s.owner));
        row.push(Val::or_blank(&s.operator));
        row.push(
            s.level
                .map(|l| Val::Int(i64::from(l.get())))
                .unwrap_or(Val::Blank),
        );
        row.push(Val::text(approval_status(lang, s.dossier)));
        let has_decision = !s.decision_no.trim().is_empty() || s.approved_on.is_some();
        row.push(
            if has_decision
                && matches!(
                    s.dossier,
                    DossierState::Approved | DossierState::Redetermine
                )
            {
                let mut d = match (s.decision_no.trim(), s.approved_on) {
                    ("", Some(on)) => crate::i18n::date(on),
                    (no, Some(on)) => format!("{no}, {}", crate::i18n::date(on)),
                    (no, None) => no.to_owned(),
                };
                if s.dossier == DossierState::Redetermine {
                    d.push_str(inp.t(" (trước khi xác định lại)", " (before re-determination)"));
                }
                Val::Text(d)
            } else {
                Val::text("—")
            },
        );
        row.push(match (s.regulation_ref.trim(), s.regulation_issued_on) {
            ("", None) => Val::text(inp.t("Chưa ban hành", "Not issued")),
            ("", Some(on)) => Val::Date(on),
            (r, None) => Val::text(r),
            (r, Some(on)) => Val::Text(format!("{r}, {}", crate::i18n::date(on))),
        });
        if form == Form::Form08 {
            row.push(if s.dossier == DossierState::Approved {
                Val::text("—")
            } else {
                Val::Blank
            });
        }
        row.push(Val::text(plan_status(lang, form, s.plan)));
        if form == Form::Form08 {
            row.push(if s.plan == PlanStatus::Full {
                Val::text("—")
            } else {
                Val::Blank
            });
        } else {
            row.push(Val::Blank);
        }
        let state = assess_state(inp, s);
        let mut a = match last.get(s) {
            Some((d, k)) => format!("{} ({})", kind_label(lang, k), crate::i18n::date(d)),
            None => inp.t("Chưa kiểm tra, đánh giá", "Not assessed").to_owned(),
        };
        match state {
            AssessState::Overdue(d) => a.push_str(&match lang {
                Lang::Vi => format!("; quá hạn từ {}", crate::i18n::date(d)),
                Lang::En => format!("; overdue since {}", crate::i18n::date(d)),
            }),
            AssessState::Never => a.push_str(inp.t("; quá hạn", "; overdue")),
            AssessState::Due(d) if s.go_live_on.is_some_and(|g| g > inp.today()) => {
                a.push_str(&match lang {
                    Lang::Vi => format!("; trước vận hành {}", crate::i18n::date(d)),
                    Lang::En => format!("; before go-live {}", crate::i18n::date(d)),
                })
            }
            _ => {}
        }
        row.push(Val::Text(a));
        t.rows.push(row);
    }
    t
}
