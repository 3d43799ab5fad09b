//! The review checklist of Official Telegram 33/CĐ-TTg (officer-workflow §2.3): twelve lines,
//! each "Đạt / Chưa đạt / Không áp dụng" where the data decides, "cần cán bộ xác nhận" where
//! it cannot, with the evidence (counts, and which systems fail).

use super::common::*;
use super::doc::*;
use crate::domain::engine::incident_clocks;
use crate::domain::summary::{budget_years, pct};
use crate::domain::*;
use crate::i18n::{self, Lang};
use crate::text::fold;

/// Appends "chưa có tài liệu chứng minh: CODES" to the lines whose claim some counted system
/// has no document for (approval → decision, plan → plan, assessment → assessment report).
fn mark_unproven(
    inp: &Input,
    running: &[&System],
    active: &[&System],
    register: &[crate::domain::evidence::Evidence],
    lines: &mut [Line],
) {
    use crate::domain::evidence::EvidenceKind as K;
    let has = |s: &System, k: K| register.iter().any(|e| e.system_id == s.id && e.kind == k);
    let assessed_on_time = |s: &&System| matches!(assess_state(inp, s), AssessState::Due(_));
    let claims: [(&str, K, Vec<&System>); 3] = [
        (
            "approved",
            K::Decision,
            running
                .iter()
                .copied()
                .filter(|s| s.dossier == DossierState::Approved)
                .collect(),
        ),
        (
            "plans",
            K::Plan,
            running
                .iter()
                .copied()
                .filter(|s| s.plan == PlanStatus::Full)
                .collect(),
        ),
        (
            "assessments",
            K::Assessment,
            active.iter().copied().filter(assessed_on_time).collect(),
        ),
    ];
    for (key, kind, counted) in claims {
        let bare: Vec<&System> = counted.into_iter().filter(|s| !has(s, kind)).collect();
        if let Some(l) = lines.iter_mut().find(|l| l.key == key)
            && !bare.is_empty()
        {
            l.evidence.push_str(&format!(
                "; {}: {}",
                inp.t("chưa có tài liệu chứng minh", "no supporting document"),
                codes(bare.iter().copied())
            ));
        }
    }
}

/// One checklist line.
struct Line {
    key: &'static str,
    item: String,
    check: Check,
    evidence: String,
}

pub fn build(inp: &Input) -> Document {
    build_with_evidence(inp, None)
}

/// The review with each line's claim checked against the evidence register: the systems a
/// passing line counts (approved, plan in full, assessed on time) that have no document of the
/// matching kind are named as "chưa có tài liệu chứng minh".
pub fn build_with_evidence(
    inp: &Input,
    register: Option<&[crate::domain::evidence::Evidence]>,
) -> Document {
    let lang = inp.lang;
    let today = inp.today();
    let data = inp.data;
    let pack = inp.pack();
    let tally = Tally::of(data, today);
    let active = owned_active(data, today);
    let running: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| operating(s, today))
        .collect();
    let planned = active.len() - running.len();
    let mut lines: Vec<Line> = Vec::new();
    let list = |v: &[&System]| codes(v.iter().copied());

    // 1. the list of systems
    let total = data.systems.len();
    lines.push(Line {
        key: "system_list",
        item: inp
            .t(
                "Danh mục hệ thống thông tin đầy đủ, được cập nhật",
                "The list of information systems is complete and up to date",
            )
            .to_owned(),
        check: if total > 0 { Check::Pass } else { Check::Fail },
        evidence: match lang {
            Lang::Vi => format!(
                "{total} hệ thống trong danh mục: {} đơn vị là chủ quản, {} sử dụng, {} đã ngừng; tính đầy đủ do cán bộ xác nhận",
                tally.owned, tally.used, tally.decommissioned
            ),
            Lang::En => format!(
                "{} listed: {} owned, {} used, {} decommissioned; completeness to be confirmed by the officer",
                en(total, "system", "systems"),
                tally.owned,
                tally.used,
                tally.decommissioned
            ),
        },
    });

    // 2. approvals
    let unapproved: Vec<&System> = running
        .iter()
        .copied()
        .filter(|s| s.dossier != DossierState::Approved)
        .collect();
    let approved = running.len() - unapproved.len();
    lines.push(Line {
        key: "approved",
        item: inp
            .t(
                "Mọi hệ thống đang vận hành đã được phê duyệt cấp độ",
                "Every operating system has an approved level",
            )
            .to_owned(),
        check: if running.is_empty() {
            Check::NotApplicable
        } else if unapproved.is_empty() {
            Check::Pass
        } else {
            Check::Fail
        },
        evidence: {
            let mut e = match lang {
                Lang::Vi => format!(
                    "{approved}/{} hệ thống đang vận hành đã phê duyệt ({})",
                    running.len(),
                    i18n::percent(lang, pct(approved as i64, running.len() as i64))
                ),
                Lang::En => format!(
                    "{approved}/{} approved ({})",
                    en(running.len(), "operating system", "operating systems"),
                    i18n::percent(lang, pct(approved as i64, running.len() as i64))
                ),
            };
            if !unapproved.is_empty() {
                e.push_str(&format!(
                    "; {}: {}",
                    inp.t("chưa phê duyệt", "not approved"),
                    list(&unapproved)
                ));
            }
            if planned > 0 {
                e.push_str(&match lang {
                    Lang::Vi => format!("; {planned} hệ thống chưa vận hành không tính"),
                    Lang::En => format!(
                        "; {} left out",
                        en(
                            planned,
                            "system not yet live is",
                            "systems not yet live are"
                        )
                    ),
                });
            }
            e
        },
    });

    // 3. plans
    let not_full: Vec<&System> = running
        .iter()
        .copied()
        .filter(|s| s.plan != PlanStatus::Full)
        .collect();
    lines.push(Line {
        key: "plans",
        item: inp
            .t(
                "Phương án bảo đảm an toàn được triển khai đầy đủ, phù hợp hồ sơ được duyệt",
                "Protection plans are fully implemented as approved",
            )
            .to_owned(),
        check: if running.is_empty() {
            Check::NotApplicable
        } else if not_full.is_empty() {
            Check::Pass
        } else {
            Check::Fail
        },
        evidence: {
            let mut e = match lang {
                Lang::Vi => format!(
                    "{}/{} hệ thống đang vận hành triển khai đầy đủ",
                    running.len() - not_full.len(),
                    running.len()
                ),
                Lang::En => format!(
                    "{}/{} fully implemented",
                    running.len() - not_full.len(),
                    en(running.len(), "operating system", "operating systems")
                ),
            };
            if !not_full.is_empty() {
                e.push_str(&format!(
                    "; {}: {}",
                    inp.t("chưa đầy đủ", "not full"),
                    list(&not_full)
                ));
            }
            e
        },
    });

    // 4. assessments (which include vulnerability scanning, Circular 12/2022 Art. 11.c)
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
    let levelled = active.iter().filter(|s| s.level.is_some()).count();
    lines.push(Line {
        key: "assessments",
        item: inp
            .t(
                "Kiểm tra, đánh giá, rà quét lỗ hổng và khắc phục theo chu kỳ",
                "Assessment, vulnerability scanning and patching on schedule",
            )
            .to_owned(),
        check: if levelled == 0 {
            Check::NotApplicable
        } else if overdue.is_empty() {
            Check::Pass
        } else {
            Check::Fail
        },
        evidence: {
            let mut e = match lang {
                Lang::Vi => format!(
                    "{} hệ thống quá hạn kiểm tra, đánh giá (kể cả chưa từng), trên {levelled} hệ thống đã có cấp độ",
                    overdue.len()
                ),
                Lang::En => format!(
                    "{} overdue for assessment (never assessed included), of {levelled} with a level",
                    en(overdue.len(), "system", "systems")
                ),
            };
            if !overdue.is_empty() {
                e.push_str(&format!(": {}", list(&overdue)));
            }
            e.push_str(inp.t(
                "; việc vá lỗi do cán bộ xác nhận",
                "; patching to be confirmed by the officer",
            ));
            e
        },
    });

    // 5. malware sweep
    let year_ago = today - chrono::Duration::days(365);
    let malware = data
        .incidents
        .iter()
        .filter(|i| {
            i.detected_at.date() > year_ago
                && matches!(i.kind, IncidentKind::Malware | IncidentKind::Ransomware)
        })
        .count();
    lines.push(Line {
        key: "malware_sweep",
        item: inp
            .t(
                "Rà soát, săn lùng mã độc trên máy chủ, máy trạm",
                "Threat hunting / malware sweep on servers and workstations",
            )
            .to_owned(),
        check: Check::Confirm,
        evidence: match lang {
            Lang::Vi => format!("{malware} sự cố mã độc, mã hóa tống tiền trong 12 tháng qua"),
            Lang::En => format!(
                "{} in the last 12 months",
                en(
                    malware,
                    "malware or ransomware incident",
                    "malware or ransomware incidents"
                )
            ),
        },
    });

    // 6–8: nothing in the data
    for (key, vi, en) in [
        (
            "backup",
            "Sao lưu dữ liệu, lưu trữ tách biệt, đã thử khôi phục",
            "Backups exist, are kept separate, and a restore has been tested",
        ),
        (
            "monitoring",
            "Kết nối giám sát an toàn thông tin",
            "Security monitoring is connected",
        ),
        (
            "anti_malware",
            "Triển khai giải pháp phòng chống mã độc tập trung",
            "Central anti-malware is deployed",
        ),
    ] {
        lines.push(Line {
            key,
            item: lang.pick(vi, en).to_owned(),
            check: Check::Confirm,
            evidence: inp
                .t("không có trong dữ liệu capdo", "not recorded in capdo")
                .to_owned(),
        });
    }

    // 9. incident response: a contact point and the mandatory reports kept
    let officer = data.profile.officer.trim();
    let late_clocks: Vec<String> = data
        .incidents
        .iter()
        .flat_map(|i| {
            incident_clocks(i, inp.rules)
                .into_iter()
                .filter(|c| c.sent.is_none() && c.due_at.is_some_and(|d| d < inp.clock.now))
                .map(move |c| {
                    let r = &inp.rules.packs.get(c.pack).incident_reports[c.rule];
                    format!(
                        "#{} {}",
                        i.id,
                        crate::i18n::incident_report_name(&r.id, Some(r.hours), lang)
                    )
                })
        })
        .collect();
    lines.push(Line {
        key: "incident_response",
        item: inp
            .t(
                "Có kế hoạch ứng phó sự cố, đầu mối liên hệ, trực 24/7",
                "An incident response plan and a contact point on 24/7 duty",
            )
            .to_owned(),
        check: if officer.is_empty() || !late_clocks.is_empty() {
            Check::Fail
        } else {
            Check::Confirm
        },
        evidence: {
            let mut e = if officer.is_empty() {
                inp.t(
                    "chưa có đầu mối (hồ sơ đơn vị chưa ghi cán bộ)",
                    "no contact point (no officer in the profile)",
                )
                .to_owned()
            } else {
                format!("{}: {officer}", inp.t("đầu mối", "contact point"))
            };
            e.push_str(&match lang {
                Lang::Vi => format!("; {} báo cáo sự cố quá hạn chưa gửi", late_clocks.len()),
                Lang::En => format!(
                    "; {} overdue",
                    en(late_clocks.len(), "incident report", "incident reports")
                ),
            });
            if !late_clocks.is_empty() {
                e.push_str(&format!(" ({})", late_clocks.join(", ")));
            }
            e.push_str(inp.t(
                "; kế hoạch và lịch trực do cán bộ xác nhận",
                "; plan and duty roster to be confirmed",
            ));
            e
        },
    });

    // 10. staff and training
    let drills: Vec<&CustomDeadline> = data
        .customs
        .iter()
        .filter(|c| {
            let f = fold(&c.title);
            f.contains("dien tap") || f.contains("tap huan") || f.contains("drill")
        })
        .collect();
    lines.push(Line {
        key: "staff_training",
        item: inp
            .t(
                "Bố trí nhân lực, tập huấn, diễn tập",
                "Staff assigned, trained and drilled",
            )
            .to_owned(),
        check: Check::Confirm,
        evidence: match lang {
            Lang::Vi => format!(
                "cán bộ phụ trách: {}; {} việc tập huấn, diễn tập trong danh sách việc",
                if officer.is_empty() { BLANK } else { officer },
                drills.len()
            ),
            Lang::En => format!(
                "officer in charge: {}; {} recorded",
                if officer.is_empty() { BLANK } else { officer },
                en(
                    drills.len(),
                    "training or drill task",
                    "training or drill tasks"
                )
            ),
        },
    });

    // 11. budget share
    let years = budget_years(data, inp.rules, today);
    let this = years
        .iter()
        .find(|b| b.year == chrono::Datelike::year(&today));
    lines.push(Line {
        key: "budget_share",
        item: match this {
            Some(b) => match lang {
                Lang::Vi => format!(
                    "Kinh phí bảo đảm an toàn thông tin đạt tối thiểu {}% kinh phí kế hoạch, dự án CNTT",
                    b.threshold
                ),
                Lang::En => format!(
                    "Security budget is at least {}% of IT plans and projects",
                    b.threshold
                ),
            },
            None => match lang {
                Lang::Vi => format!(
                    "Kinh phí bảo đảm an toàn thông tin đạt tối thiểu {}% kinh phí kế hoạch, dự án CNTT",
                    pack.budget.min_share_percent
                ),
                Lang::En => format!(
                    "Security budget is at least {}% of IT plans and projects",
                    pack.budget.min_share_percent
                ),
            },
        },
        check: match this {
            Some(b) if b.total == 0 => Check::Confirm,
            Some(b) if b.below() => Check::Fail,
            Some(_) => Check::Pass,
            None => Check::Confirm,
        },
        evidence: match this {
            Some(b) => match lang {
                Lang::Vi => format!(
                    "năm {}: {} / {} đồng = {} ({} dự án)",
                    b.year,
                    i18n::int(lang, b.security),
                    i18n::int(lang, b.total),
                    i18n::percent(lang, b.share()),
                    b.projects
                ),
                Lang::En => format!(
                    "{}: {} / {} VND = {} ({})",
                    b.year,
                    i18n::int(lang, b.security),
                    i18n::int(lang, b.total),
                    i18n::percent(lang, b.share()),
                    en(b.projects, "project", "projects")
                ),
            },
            None => inp
                .t(
                    "chưa có dự án CNTT nào của năm nay trong dữ liệu",
                    "no IT project of this year recorded",
                )
                .to_owned(),
        },
    });

    // 12. website trust label: only for a site the unit owns
    let sites: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| {
            let f = fold(&s.name);
            f.contains("trang thong tin")
                || f.contains("cong thong tin")
                || f.contains("website")
                || f.contains("web ")
                || f.ends_with("web")
        })
        .collect();
    lines.push(Line {
        key: "trust_label",
        item: inp
            .t(
                "Gắn nhãn tín nhiệm mạng cho trang/cổng thông tin điện tử",
                "Website trust label (tín nhiệm mạng)",
            )
            .to_owned(),
        check: if sites.is_empty() {
            Check::NotApplicable
        } else {
            Check::Confirm
        },
        evidence: if sites.is_empty() {
            inp.t(
                "không có trang/cổng thông tin điện tử do đơn vị làm chủ quản (theo tên hệ thống)",
                "no website owned by the unit (judged by system names)",
            )
            .to_owned()
        } else {
            format!(
                "{}: {}",
                inp.t("trang do đơn vị làm chủ quản", "owned sites"),
                list(&sites)
            )
        },
    });

    if let Some(reg) = register {
        mark_unproven(inp, &running, &active, reg, &mut lines);
    }
    let mut t = Table::new(
        "checklist",
        vec![
            ("stt", inp.t("STT", "No.").to_owned()),
            ("item", inp.t("Nội dung rà soát", "Item").to_owned()),
            ("status", inp.t("Kết quả", "Result").to_owned()),
            ("evidence", inp.t("Căn cứ, số liệu", "Evidence").to_owned()),
        ],
    );
    let mut summary = [0usize; 4];
    for (n, l) in lines.iter().enumerate() {
        summary[match l.check {
            Check::Pass => 0,
            Check::Fail => 1,
            Check::NotApplicable => 2,
            Check::Confirm => 3,
        }] += 1;
        t.rows.push(vec![
            Val::count(n + 1),
            Val::Text(l.item.clone()),
            Val::Check(l.check),
            Val::Text(l.evidence.clone()),
        ]);
    }
    let keys: Vec<Field> = lines
        .iter()
        .map(|l| Field::new(l.key, l.item.clone(), Val::Check(l.check)))
        .collect();

    // the systems behind the failing lines
    let bad: std::collections::HashSet<i64> = unapproved
        .iter()
        .chain(&not_full)
        .chain(&overdue)
        .map(|s| s.id)
        .collect();
    let mut failing: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| bad.contains(&s.id))
        .collect();
    failing.sort_by(|a, b| a.code.cmp(&b.code));
    let mut ft = Table::new(
        "failing_systems",
        vec![
            ("code", inp.t("Mã", "Code").to_owned()),
            ("name", inp.t("Tên hệ thống", "System").to_owned()),
            ("level", inp.t("Cấp độ", "Level").to_owned()),
            ("dossier", inp.t("Hồ sơ", "Dossier").to_owned()),
            ("plan", inp.t("Phương án", "Plan").to_owned()),
            (
                "assessment",
                inp.t("Kiểm tra, đánh giá", "Assessment").to_owned(),
            ),
        ],
    );
    for s in &failing {
        let a = match assess_state(inp, s) {
            AssessState::NoLevel => "—".to_owned(),
            AssessState::Never => inp.t("chưa từng — quá hạn", "never — overdue").to_owned(),
            AssessState::Overdue(d) => match lang {
                Lang::Vi => format!("quá hạn từ {}", i18n::date(d)),
                Lang::En => format!("overdue since {}", i18n::date(d)),
            },
            AssessState::Due(d) => match lang {
                Lang::Vi => format!("hạn {}", i18n::date(d)),
                Lang::En => format!("due {}", i18n::date(d)),
            },
        };
        ft.rows.push(vec![
            Val::text(&s.code),
            Val::text(&s.name),
            s.level
                .map(|l| Val::Int(i64::from(l.get())))
                .unwrap_or(Val::Blank),
            Val::text(s.dossier.label(lang)),
            Val::text(s.plan.label(lang)),
            Val::Text(a),
        ]);
    }

    let mut sections = vec![
        Section::new(inp.t("Kết quả rà soát", "Review results"))
            .table(t)
            .fields(vec![
                Field::new(
                    "so_dat",
                    inp.t("Số mục đạt", "Lines met"),
                    Val::count(summary[0]),
                ),
                Field::new(
                    "so_chua_dat",
                    inp.t("Số mục chưa đạt", "Lines not met"),
                    Val::count(summary[1]),
                ),
                Field::new(
                    "so_khong_ap_dung",
                    inp.t("Số mục không áp dụng", "Lines not applicable"),
                    Val::count(summary[2]),
                ),
                Field::new(
                    "so_can_xac_nhan",
                    inp.t(
                        "Số mục cần cán bộ xác nhận",
                        "Lines for the officer to confirm",
                    ),
                    Val::count(summary[3]),
                ),
            ]),
        Section::new(inp.t("Trạng thái từng mục", "Status by line")).fields(keys),
    ];
    if !failing.is_empty() {
        sections.push(
            Section::new(inp.t(
                "Hệ thống chưa đạt (mục 2–4)",
                "Systems behind the unmet lines (2–4)",
            ))
            .table(ft),
        );
    }
    sections.push(
        Section::new(inp.t("Kiến nghị, đề xuất", "Proposals")).fields(vec![Field::new(
            "kien_nghi",
            inp.t("Kiến nghị, đề xuất", "Proposals"),
            Val::Blank,
        )]),
    );

    let review_rule = inp
        .rules
        .packs
        .all()
        .iter()
        .find_map(|p| p.regime.iter().find(|r| r.id == "review-results"));
    Document {
        kind: "review",
        form: "review-checklist-derived".to_owned(),
        lang,
        pack: pack.id.clone(),
        reference_date: today,
        period: None,
        header: header(inp),
        title: inp.t("BÁO CÁO", "REPORT").to_owned(),
        subtitle: inp
            .t(
                "Kết quả rà soát, đánh giá bảo đảm an toàn các hệ thống thông tin (Công điện 33/CĐ-TTg)",
                "Review of the security of information systems (Official Telegram 33/CĐ-TTg)",
            )
            .to_owned(),
        recipients: recipients(inp, pack, &["ministry"]),
        basis: review_rule
            .map(|r| vec![r.basis.get(lang).to_owned()])
            .unwrap_or_default(),
        opening: String::new(),
        sections,
        notes: vec![
            inp.t(
                "Danh mục rà soát do capdo dựng từ nhiệm vụ của Công điện 33/CĐ-TTg và Chỉ thị 09/CT-TTg; chưa tìm thấy phụ lục đề cương của Văn bản 1337/BTTTT-CATTT. Gần nhất với bản chính thức là \"Sổ tay hướng dẫn tuân thủ\" (Công văn 478/CATTT-ATHTTT).",
                "Checklist derived by capdo from the tasks of Official Telegram 33/CĐ-TTg and Directive 09/CT-TTg; the annex of guidance 1337/BTTTT-CATTT was not found. The closest official source is the compliance handbook (478/CATTT-ATHTTT).",
            )
            .to_owned(),
            match lang {
                Lang::Vi => format!(
                    "Kết quả tính tại ngày {} theo bộ quy tắc {}.",
                    i18n::date(today),
                    pack.id
                ),
                Lang::En => format!(
                    "Results as of {} under rule pack {}.",
                    i18n::date(today),
                    pack.id
                ),
            },
        ],
        signature: signature(inp),
    }
}

/// An English count with its noun ("1 system", "3 systems"): the one place the review's English
/// counts agree in number (Vietnamese nouns do not change).
fn en(n: usize, one: &str, many: &str) -> String {
    i18n::count(Lang::En, n, "", one, many)
}
