//! Incident reports pre-filled from the incident, its system and the profile: under Decree 85
//! the notification (Circular 20/2017 Art. 9.3.a), the initial report (Form 03) and the closing
//! report (Form 04); under Decree 331 the 72-hour report, the 24-hour initial notice and the
//! closing report (Art. 31.2.d). Every report clock of the incident is listed with its
//! citation; what the data does not hold is left as labelled blanks.

use super::common::*;
use super::doc::*;
use crate::i18n::{self, Lang};
use crate::rules::{From, Layout, When};

/// Which report to prepare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentForm {
    Notification,
    Initial,
    Closing,
}

impl IncidentForm {
    pub fn key(self) -> &'static str {
        match self {
            IncidentForm::Notification => "notification",
            IncidentForm::Initial => "initial",
            IncidentForm::Closing => "closing",
        }
    }
    /// The rule-pack report id the form answers.
    pub fn rule_id(self) -> &'static str {
        match self {
            IncidentForm::Notification => "notify",
            IncidentForm::Initial => "initial",
            IncidentForm::Closing => "closing",
        }
    }
}

/// "a; b" of a rule's triggers.
fn when_label(lang: Lang, w: &[When]) -> String {
    let v: Vec<&str> = w.iter().map(|w| w.label(lang)).collect();
    v.join(lang.pick("; hoặc ", "; or "))
}

fn yes_no(lang: Lang, b: bool) -> Val {
    Val::text(if b { i18n::YES } else { i18n::NO }.text(lang))
}

/// `n` is the incident's index in the dataset.
pub fn build(inp: &Input, n: usize, form: IncidentForm) -> Document {
    let lang = inp.lang;
    let data = inp.data;
    let inc = &data.incidents[n];
    let p = inp.rules.pack_index_for(inc.detected_at.date());
    let pack = inp.rules.packs.get(p);
    let sys = inc
        .system_id
        .and_then(|id| data.system_index(id))
        .map(|i| &data.systems[i]);
    let rule = pack.incident_report(form.rule_id());
    let notify = pack.incident_report("notify");
    let recipient_keys: Vec<&str> = rule
        .or(notify)
        .map(|r| r.recipients.iter().map(String::as_str).collect())
        .unwrap_or_else(|| vec!["response_unit"]);
    // the owner is named by the system when it is known
    let mut recipients: Vec<String> = Vec::new();
    for k in &recipient_keys {
        let name = match sys.map(|s| s.owner.trim()) {
            Some(o) if *k == "owner" && !o.is_empty() => o.to_owned(),
            _ => pack.authority(k, inp.today(), lang),
        };
        if !recipients.contains(&name) {
            recipients.push(name);
        }
    }
    // the recipients the officer typed when recording this report, when there are any
    let typed: Vec<String> = inc
        .reports
        .iter()
        .filter(|r| r.report == form.rule_id())
        .flat_map(|r| r.recipients.split([';', '\n']))
        .map(|s| s.trim().trim_end_matches('.').trim().to_owned())
        .filter(|s| !s.is_empty())
        .fold(Vec::new(), |mut v, s| {
            if !v.contains(&s) {
                v.push(s);
            }
            v
        });
    if !typed.is_empty() {
        recipients = typed;
    }
    let dues = incident_due(inp, n);
    let ended = inc.response_ended_at.filter(|e| *e <= inp.clock.now);

    // the form's title, key and layout come from the rules that judge the incident
    let form_rule = pack.incident_form(form.rule_id());
    let old = form_rule.is_some_and(|f| f.layout == Layout::Notice);
    let (subtitle, form_key) = form_rule
        .map(|f| (f.title.get(lang), f.key.as_str()))
        .unwrap_or((inp.t("Báo cáo sự cố", "Incident report"), "incident"));

    let mut sections = Vec::new();
    let profile = &data.profile;
    sections.push(
        Section::new(inp.t("1. Tổ chức báo cáo", "1. Reporting organisation")).fields(vec![
            Field::new(
                "ten_don_vi",
                inp.t("Tên tổ chức", "Name"),
                Val::or_blank(&profile.unit_name),
            ),
            Field::new("dia_chi", inp.t("Địa chỉ", "Address"), Val::Blank),
            Field::new("dien_thoai", inp.t("Điện thoại", "Phone"), Val::Blank),
            Field::new("email", "Email", Val::Blank),
        ]),
    );
    if form != IncidentForm::Closing {
        sections.push(
            Section::new(inp.t("2. Người liên hệ", "2. Contact person")).fields(vec![
                Field::new(
                    "nguoi_lien_he",
                    inp.t("Họ và tên", "Full name"),
                    Val::or_blank(&profile.officer),
                ),
                Field::new("chuc_vu", inp.t("Chức vụ", "Position"), Val::Blank),
                Field::new(
                    "dien_thoai_lien_he",
                    inp.t("Điện thoại", "Phone"),
                    Val::Blank,
                ),
                Field::new("email_lien_he", "Email", Val::Blank),
            ]),
        );
    }

    let mut sf = vec![
        Field::new(
            "don_vi_van_hanh",
            inp.t("Đơn vị vận hành hệ thống thông tin", "Operating unit"),
            sys.map(|s| Val::or_blank(&s.operator))
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "co_quan_chu_quan",
            inp.t("Cơ quan chủ quản", "System owner"),
            sys.map(|s| Val::or_blank(&s.owner)).unwrap_or(Val::Blank),
        ),
        Field::new(
            "ten_he_thong",
            inp.t("Tên hệ thống bị sự cố", "Affected system"),
            sys.map(|s| Val::Text(format!("{} ({})", s.name, s.code)))
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "cap_do",
            inp.t("Phân loại cấp độ", "Security level"),
            sys.and_then(|s| s.level)
                .map(|l| Val::Int(i64::from(l.get())))
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "ten_mien_ip",
            inp.t(
                "Tên miền, địa chỉ IP công khai",
                "Domain names, public IP addresses",
            ),
            Val::Blank,
        ),
    ];
    if form == IncidentForm::Initial {
        sf.push(Field::new(
            "to_chuc_dich_vu_attt",
            inp.t(
                "Tổ chức cung cấp dịch vụ an toàn thông tin (nếu có)",
                "Security service provider (if any)",
            ),
            Val::Blank,
        ));
        sf.push(Field::new(
            "nha_cung_cap_ket_noi",
            inp.t(
                "Nhà cung cấp dịch vụ kết nối (ISP)",
                "Connectivity provider (ISP)",
            ),
            Val::Blank,
        ));
    }
    sections.push(
        Section::new(if form == IncidentForm::Closing {
            inp.t("2. Hệ thống bị sự cố", "2. Affected system")
        } else {
            inp.t("3. Hệ thống bị sự cố", "3. Affected system")
        })
        .fields(sf),
    );

    let status = match ended {
        Some(e) => Val::Text(match lang {
            Lang::Vi => format!("Đã xử lý (kết thúc ứng phó {})", i18n::datetime(e)),
            Lang::En => format!("Resolved (response ended {})", i18n::datetime(e)),
        }),
        None => Val::text(inp.t("Đang xử lý", "Being handled")),
    };
    let mut inf = vec![
        Field::new(
            "ma_su_co",
            inp.t("Mã sự cố trong capdo", "Incident id in capdo"),
            Val::Int(inc.id),
        ),
        Field::new(
            "ten_su_co",
            inp.t("Tên sự cố", "Incident"),
            Val::text(&inc.title),
        ),
        Field::new(
            "loai_su_co",
            inp.t("Loại sự cố", "Kind"),
            Val::text(inc.kind.label(lang)),
        ),
        Field::new(
            "muc_do",
            inp.t("Mức độ", "Severity"),
            Val::text(inc.severity.label(lang)),
        ),
        Field::new(
            "vuot_kha_nang",
            inp.t(
                "Vượt khả năng xử lý của đơn vị",
                "Beyond the unit's capacity",
            ),
            yes_no(lang, inc.beyond_capacity),
        ),
        Field::new(
            "dau_hieu_an_ninh_quoc_gia",
            inp.t(
                "Dấu hiệu xâm phạm an ninh quốc gia, trật tự an toàn xã hội",
                "Signs of harm to national security or public order",
            ),
            yes_no(lang, inc.national_security),
        ),
        Field::new(
            "gian_doan_nghiem_trong",
            inp.t(
                "Gây gián đoạn nghiêm trọng hoạt động của hệ thống thông tin",
                "Seriously disrupts the system's operation",
            ),
            yes_no(lang, inc.serious_disruption),
        ),
        Field::new(
            "thoi_gian_phat_hien",
            inp.t("Thời gian phát hiện", "Detected at"),
            Val::Text(formal_time(lang, inc.detected_at)),
        ),
        Field::new(
            "mo_ta",
            inp.t("Mô tả sơ bộ sự cố", "Short description"),
            Val::or_blank(&inc.notes),
        ),
    ];
    match (form, old) {
        (IncidentForm::Notification, true) => {
            inf.push(Field::new(
                "hien_trang",
                inp.t("Hiện trạng", "Status"),
                status,
            ));
            inf.push(Field::new(
                "ket_qua_xu_ly",
                inp.t("Kết quả xử lý ban đầu", "Handling result so far"),
                Val::Blank,
            ));
            inf.push(Field::new(
                "de_xuat",
                inp.t("Kiến nghị, đề xuất", "Proposals"),
                Val::Blank,
            ));
        }
        (IncidentForm::Notification, false) => {
            inf.push(Field::new(
                "hien_trang",
                inp.t("Hiện trạng", "Status"),
                status,
            ));
            inf.push(Field::new(
                "nguyen_nhan",
                inp.t("Nguyên nhân", "Cause"),
                Val::Blank,
            ));
            inf.push(Field::new(
                "pham_vi_anh_huong",
                inp.t("Phạm vi ảnh hưởng", "Scope"),
                Val::Blank,
            ));
            inf.push(Field::new(
                "bien_phap_khac_phuc",
                inp.t("Biện pháp khắc phục", "Remedy"),
                Val::Blank,
            ));
        }
        (IncidentForm::Initial, _) => {
            inf.push(Field::new(
                "hien_trang",
                inp.t("Hiện trạng sự cố", "Status"),
                status,
            ));
            inf.push(Field::new(
                "cach_thuc_phat_hien",
                inp.t("Cách thức phát hiện", "How it was detected"),
                Val::Blank,
            ));
            inf.push(Field::new(
                "uoc_tinh_thiet_hai",
                inp.t(
                    "Dấu hiệu, ước tính thiệt hại, mức độ lan truyền",
                    "Symptoms, estimated damage and spread",
                ),
                Val::Blank,
            ));
            inf.push(Field::new(
                "bien_phap_da_trien_khai",
                inp.t(
                    "Biện pháp đã triển khai, dự kiến triển khai",
                    "Measures taken or planned",
                ),
                Val::Blank,
            ));
            inf.push(Field::new(
                "to_chuc_ho_tro",
                inp.t(
                    "Tổ chức đang hỗ trợ, kết quả",
                    "Organisations helping, results",
                ),
                Val::Blank,
            ));
            let sent_to: Vec<&str> = inc
                .reports
                .iter()
                .map(|r| r.recipients.as_str())
                .filter(|s| !s.trim().is_empty())
                .collect();
            inf.push(Field::new(
                "da_gui_thong_bao_cho",
                inp.t("Đã gửi thông báo sự cố cho", "Notification already sent to"),
                if sent_to.is_empty() {
                    Val::Blank
                } else {
                    Val::Text(sent_to.join("; "))
                },
            ));
            inf.push(Field::new(
                "de_xuat_ho_tro",
                inp.t("Kiến nghị, đề xuất hỗ trợ", "Requests for support"),
                Val::Blank,
            ));
        }
        (IncidentForm::Closing, _) => {
            let first = inc
                .sent("initial")
                .or_else(|| inc.sent("notify"))
                .or_else(|| inc.sent("immediate"));
            inf.push(Field::new(
                "bao_cao_ban_dau",
                inp.t(
                    "Báo cáo, thông báo ban đầu (số ký hiệu, ngày)",
                    "Initial report or notification (number, date)",
                ),
                match first {
                    Some(r) => Val::Text(format!("{BLANK}, {}", i18n::datetime(r.sent_at))),
                    None => Val::Blank,
                },
            ));
            inf.push(Field::new(
                "ket_thuc_ung_pho",
                inp.t("Thời điểm kết thúc ứng phó", "Response ended at"),
                ended.map(Val::DateTime).unwrap_or(Val::Blank),
            ));
            inf.push(Field::new(
                "ket_qua_xu_ly",
                inp.t(
                    "Kết quả xử lý sự cố (diễn biến, cách khắc phục)",
                    "Outcome (what happened, how it was resolved)",
                ),
                Val::Blank,
            ));
            inf.push(Field::new(
                "bai_hoc_kinh_nghiem",
                inp.t(
                    "Bài học kinh nghiệm, đề xuất phòng ngừa",
                    "Lessons learned, preventive proposals",
                ),
                Val::or_blank(&inc.lessons),
            ));
            inf.push(Field::new(
                "tai_lieu_dinh_kem",
                inp.t(
                    "Tài liệu đính kèm (báo cáo diễn biến, phương án ứng phó, nhật ký)",
                    "Attachments (progress reports, response plan, logs)",
                ),
                Val::Blank,
            ));
        }
    }
    sections.push(
        Section::new(if form == IncidentForm::Closing {
            inp.t(
                "3. Thông tin sự cố và kết quả xử lý",
                "3. The incident and its outcome",
            )
        } else {
            inp.t("4. Thông tin sự cố", "4. The incident")
        })
        .fields(inf),
    );

    // the clocks
    let this = dues
        .iter()
        .find(|d| inp.rules.packs.get(d.pack).incident_reports[d.rule].id == form.rule_id());
    let mut t = Table::new(
        "report_clocks",
        vec![
            ("report", inp.t("Báo cáo", "Report").to_owned()),
            ("due_at", inp.t("Hạn", "Due").to_owned()),
            ("sent_at", inp.t("Đã gửi", "Sent").to_owned()),
            ("state", inp.t("Tình trạng", "State").to_owned()),
            ("recipients", inp.t("Nơi nhận", "Recipients").to_owned()),
            ("basis", inp.t("Căn cứ", "Basis").to_owned()),
        ],
    );
    for d in &dues {
        let r = &inp.rules.packs.get(d.pack).incident_reports[d.rule];
        let due = match (d.due_at, r.from) {
            (Some(at), _) if r.hours == 0 => Val::Text(match lang {
                Lang::Vi => format!("ngay ({})", i18n::datetime(at)),
                Lang::En => format!("immediately ({})", i18n::datetime(at)),
            }),
            (Some(at), _) => Val::DateTime(at),
            (None, From::ResponseEnded) => Val::text(inp.t(
                "chưa tính: tính từ khi kết thúc ứng phó",
                "not started: counts from the end of the response",
            )),
            (None, From::Detected) => Val::Blank,
        };
        let mut state = d.state.label(lang).to_owned();
        match (d.state, d.due_at, d.sent_at) {
            (Timeliness::Late, Some(due), Some(at)) => {
                state.push_str(&format!(" ({})", i18n::late_span(lang, due, at)));
            }
            (Timeliness::Missing | Timeliness::Pending, Some(due), None) => {
                let h = (due - inp.clock.now).num_minutes().div_euclid(60);
                state.push_str(&format!(" ({})", i18n::hours_left(lang, h)));
            }
            _ => {}
        }
        // whom the officer recorded sending it to, else whom the rule names
        let typed = inc
            .reports
            .iter()
            .filter(|s| s.report == r.id)
            .map(|s| s.recipients.trim())
            .find(|s| !s.is_empty());
        let names: Vec<String> = match typed {
            Some(t) => vec![t.to_owned()],
            None => r
                .recipients
                .iter()
                .map(|k| pack.authority(k, inp.today(), lang))
                .collect(),
        };
        t.rows.push(vec![
            Val::text(r.title.get(lang)),
            due,
            d.sent_at.map(Val::DateTime).unwrap_or(Val::text("—")),
            Val::Text(state),
            Val::Text(names.join("; ")),
            Val::text(r.basis.get(lang)),
        ]);
    }
    let mut clocks = Section::new(inp.t("Thời hạn báo cáo", "Report deadlines")).fields(vec![
        Field::new(
            "han_bao_cao_nay",
            inp.t("Hạn của báo cáo này", "This report is due"),
            this.and_then(|d| d.due_at)
                .map(Val::DateTime)
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "tinh_trang_bao_cao_nay",
            inp.t("Tình trạng", "State"),
            this.map(|d| Val::text(d.state.label(lang)))
                .unwrap_or(Val::text("—")),
        ),
    ]);
    clocks = clocks.table(t);
    sections.push(clocks);

    sections.push(
        Section::new(inp.t("Thời gian thực hiện báo cáo", "Time of this report")).fields(vec![
            Field::new(
                "thoi_gian_bao_cao",
                inp.t("Ngày, giờ lập báo cáo", "Date and time of the report"),
                Val::Blank,
            ),
        ]),
    );

    let mut notes = Vec::new();
    match rule {
        Some(r) if this.is_none() => notes.push(match lang {
            Lang::Vi => format!(
                "Báo cáo này bắt buộc với {} ({}); sự cố này không thuộc trường hợp đó.",
                when_label(lang, &r.when),
                r.basis.get(lang)
            ),
            Lang::En => format!(
                "This report is required for {} ({}); this incident is not such a case.",
                when_label(lang, &r.when),
                r.basis.get(lang)
            ),
        }),
        None => notes.push(match lang {
            Lang::Vi => format!(
                "Bộ quy tắc {} không đặt hạn riêng cho báo cáo này; Nghị định 331/2026/NĐ-CP Điều 31 khoản 2 điểm d: trường hợp phức tạp gửi báo cáo sơ bộ, cập nhật và báo cáo kết thúc.",
                pack.id
            ),
            Lang::En => format!(
                "Rule pack {} sets no deadline of its own for this report; Decree 331/2026/ND-CP Art. 31.2.d: complex cases send a preliminary report, updates and a closing report.",
                pack.id
            ),
        }),
        _ => {}
    }
    if form == IncidentForm::Closing && ended.is_none() {
        notes.push(
            inp.t(
                "Ứng phó chưa kết thúc: ghi thời điểm kết thúc trước khi gửi báo cáo này.",
                "The response has not ended: record its end before sending this report.",
            )
            .to_owned(),
        );
    }
    if let Some(f) = form_rule {
        notes.push(f.note.get(lang).to_owned());
    }
    let mut h = header(inp);
    if form == IncidentForm::Notification && old {
        h.number = h.number.replace("/BC-", "/TB-");
    }
    Document {
        kind: "incident",
        form: form_key.to_owned(),
        lang,
        pack: pack.id.clone(),
        reference_date: inp.today(),
        period: None,
        header: h,
        title: if form == IncidentForm::Notification && old {
            inp.t("THÔNG BÁO", "NOTIFICATION").to_owned()
        } else {
            inp.t("BÁO CÁO", "REPORT").to_owned()
        },
        subtitle: subtitle.to_owned(),
        recipients,
        basis: rule
            .map(|r| vec![r.basis.get(lang).to_owned()])
            .unwrap_or_default(),
        opening: String::new(),
        sections,
        notes,
        signature: signature(inp),
    }
}
