//! The quarterly report on the security situation (Telegram 33/CĐ-TTg §1.c). No official
//! outline was found (guidance 1337/BTTTT-CATTT, 107/CATTT-ATHTTT); the fields follow the list
//! derived in officer-workflow §2.2: what the data can fill is computed, the rest is left as
//! labelled blanks for the officer.

use super::common::*;
use super::doc::*;
use crate::domain::dates::quarter_day;
use crate::domain::summary::{budget_pack, pct, project_below};
use crate::domain::*;
use crate::i18n::{self, Lang, msg, msg::report as m};
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

/// What every part of the quarterly report is computed from.
struct Ctx<'a> {
    inp: &'a Input<'a>,
    lang: Lang,
    today: chrono::NaiveDate,
    data: &'a Dataset,
    pack: &'a crate::rules::RulePack,
    period: Period,
    window: Window,
    /// The part of the quarter up to the reference date.
    so_far: Option<Window>,
    due: chrono::NaiveDate,
    recipients: Vec<String>,
    tally: Tally,
    active: Vec<&'a System>,
}

pub fn build<'a>(inp: &'a Input<'a>, year: i32, q: u32) -> Document {
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
    let c = Ctx {
        inp,
        lang,
        today,
        data,
        pack,
        period,
        window,
        so_far,
        due,
        recipients,
        tally,
        active,
    };
    let mut sections = Vec::new();
    general(&c, &mut sections);
    inventory(&c, &mut sections);
    plans_and_assessments(&c, &mut sections);
    use m::quarterly as mq;
    sections.push(blank_section(
        lang,
        mq::D_MONITORING_AND_ANTI_MALWARE,
        &[
            (
                "so_httt_ket_noi_giam_sat",
                mq::SYSTEMS_CONNECTED_TO_MONITORING_SOC,
            ),
            (
                "so_may_co_phong_chong_ma_doc",
                mq::WORKSTATIONS_AND_SERVERS_WITH_CENTRAL,
            ),
            (
                "ket_noi_chia_se_ma_doc",
                mq::MALWARE_DATA_SHARING_CONNECTED_DIRECTIVE,
            ),
        ],
    ));
    sections.push(blank_section(
        lang,
        mq::E_BACKUP_AND_RECOVERY,
        &[
            ("so_httt_co_sao_luu", mq::SYSTEMS_WITH_REGULAR_BACKUPS),
            ("so_lan_thu_khoi_phuc", mq::RESTORE_TESTS),
        ],
    ));
    incidents(&c, &mut sections);
    periodic_reports(&c, &mut sections);
    sections.push(blank_section(
        lang,
        mq::G_STAFF_TRAINING_DRILLS,
        &[
            ("so_can_bo_chuyen_trach", mq::FULL_TIME_STAFF),
            ("so_can_bo_kiem_nhiem", mq::PART_TIME_STAFF),
            ("so_luot_tap_huan", mq::TRAINING_SESSIONS),
            ("so_cuoc_dien_tap", mq::DRILLS),
        ],
    ));
    // H. budget of the quarter's year
    sections.push(budget_section(inp, year));
    sections.push(blank_section(
        lang,
        mq::I_DIFFICULTIES_PROPOSALS,
        &[("kho_khan", mq::DIFFICULTIES), ("de_xuat", mq::PROPOSALS)],
    ));
    let recipients = c.recipients;
    let mut notes = vec![
        m::quarterly::OUTLINE_DERIVED_BY_CAPDO_FROM
            .text(inp.lang)
            .to_owned(),
        m::quarterly::SYSTEMS_DOSSIERS_AND_PLANS_ARE
            .text(inp.lang)
            .to_owned(),
    ];
    if !in_pack {
        notes.push(m::quarterly::PackSetsNoQuarterly { pack: &pack.id }.text(lang));
    }

    Document {
        kind: "quarterly",
        form: "quarterly-derived".to_owned(),
        lang,
        pack: pack.id.clone(),
        reference_date: today,
        period: Some(period.key()),
        header: header(inp),
        title: m::common::REPORT_TITLE.text(inp.lang).to_owned(),
        subtitle: m::quarterly::Subtitle {
            period: period.label(lang),
        }
        .text(lang),
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

/// General information: the period, its deadline, the unit and who prepared it.
fn general(c: &Ctx, sections: &mut Vec<Section>) {
    let (inp, lang, today, data, period, so_far, due) =
        (c.inp, c.lang, c.today, c.data, c.period, c.so_far, c.due);
    let recipients = &c.recipients;
    // general information
    let range = match so_far {
        Some(w) => w.show(),
        None => m::quarterly::THE_PERIOD_HAS_NOT_BEGUN
            .text(inp.lang)
            .to_owned(),
    };
    sections.push(
        Section::new(m::common::GENERAL_INFORMATION.text(inp.lang)).fields(vec![
            Field::new(
                "ky_bao_cao",
                m::common::REPORTING_PERIOD.text(inp.lang),
                Val::Text(period.label(lang)),
            ),
            Field::new(
                "han_gui",
                m::quarterly::DEADLINE.text(inp.lang),
                Val::Date(due),
            ),
            Field::new(
                "ngay_chot_so_lieu",
                m::common::DATA_AS_OF.text(inp.lang),
                Val::Date(today),
            ),
            Field::new(
                "pham_vi_so_lieu",
                m::quarterly::PERIOD_EVENTS_COUNTED_OVER.text(inp.lang),
                Val::Text(range),
            ),
            Field::new(
                "don_vi_bao_cao",
                m::quarterly::REPORTING_UNIT.text(inp.lang),
                Val::or_blank(&data.profile.unit_name),
            ),
            Field::new(
                "nguoi_lap",
                m::quarterly::PREPARED_BY.text(inp.lang),
                Val::or_blank(&data.profile.officer),
            ),
            Field::new("dien_thoai", m::common::PHONE.text(inp.lang), Val::Blank),
            Field::new("email", m::common::EMAIL.text(lang), Val::Blank),
            Field::new(
                "co_quan_nhan",
                m::quarterly::RECIPIENT.text(inp.lang),
                Val::Text(recipients.join("; ")),
            ),
        ]),
    );
}

/// A. The information systems: by level, dossier state, new in the period.
fn inventory(c: &Ctx, sections: &mut Vec<Section>) {
    let (inp, lang, so_far) = (c.inp, c.lang, c.so_far);
    let (tally, active) = (&c.tally, &c.active);
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
        m::quarterly::INFORMATION_SYSTEMS_OWNED_BY_THE.text(inp.lang),
        Val::count(tally.owned),
    )];
    for (i, n) in tally.by_level.iter().enumerate() {
        a.push(Field::new(
            &format!("so_httt_cap_do_{}", i + 1),
            m::common::LevelNIndented { n: i + 1 }.text(lang),
            Val::count(*n),
        ));
    }
    a.push(Field::new(
        "so_httt_chua_xac_dinh_cap_do",
        m::quarterly::LEVEL_NOT_DETERMINED.text(inp.lang),
        Val::count(tally.no_level),
    ));
    a.push(Field::new(
        "so_httt_su_dung",
        m::quarterly::SYSTEMS_THE_UNIT_USES_NOT.text(inp.lang),
        Val::count(tally.used),
    ));
    a.push(
        Field::new(
            "so_httt_moi_van_hanh_trong_ky",
            m::quarterly::NEW_SYSTEMS_PUT_INTO_OPERATION.text(inp.lang),
            Val::count(new_in_period.len()),
        )
        .with_note(codes(new_in_period.iter().copied())),
    );
    a.push(Field::new(
        "so_da_phe_duyet",
        m::quarterly::SYSTEMS_WITH_AN_APPROVED_LEVEL.text(inp.lang),
        Val::count(tally.approved),
    ));
    for (i, n) in tally.approved_by_level.iter().enumerate() {
        a.push(Field::new(
            &format!("so_da_phe_duyet_cap_do_{}", i + 1),
            m::common::LevelNIndented { n: i + 1 }.text(lang),
            Val::count(*n),
        ));
    }
    a.push(Field::new(
        "ty_le_phe_duyet",
        m::quarterly::SHARE_APPROVED.text(inp.lang),
        Val::Pct(pct(tally.approved as i64, tally.owned as i64)),
    ));
    a.push(Field::new(
        "so_dang_tham_dinh",
        m::quarterly::SYSTEMS_UNDER_APPRAISAL_SUBMITTED.text(inp.lang),
        Val::count(tally.submitted),
    ));
    a.push(Field::new(
        "so_da_tham_dinh_cho_phe_duyet",
        m::quarterly::SYSTEMS_APPRAISED_AWAITING_APPROVAL.text(inp.lang),
        Val::count(tally.appraised),
    ));
    a.push(
        Field::new(
            "so_dang_lap_ho_so",
            m::quarterly::SYSTEMS_WHOSE_DOSSIER_IS_BEING.text(inp.lang),
            Val::count(tally.drafting + tally.redetermine),
        )
        .with_note(if redetermine.is_empty() {
            String::new()
        } else {
            format!(
                "{}: {}",
                m::quarterly::TO_RE_DETERMINE.text(inp.lang),
                codes(redetermine.iter().copied())
            )
        }),
    );
    a.push(
        Field::new(
            "so_chua_lap_ho_so",
            m::quarterly::SYSTEMS_WITH_NO_DOSSIER_YET.text(inp.lang),
            Val::count(not_started.len()),
        )
        .with_note(codes(not_started.iter().copied())),
    );
    a.push(Field::new(
        "ly_do_chua_lap_ho_so",
        m::quarterly::REASON_EXPECTED_COMPLETION.text(inp.lang),
        Val::Blank,
    ));
    a.push(
        Field::new(
            "so_httt_moi_phe_duyet_truoc_van_hanh",
            m::quarterly::NEW_SYSTEMS_APPROVED_BEFORE_GO.text(inp.lang),
            Val::count(approved_before.len()),
        )
        .with_note(
            m::quarterly::OfNewInPeriod {
                n: new_in_period.len(),
            }
            .text(lang),
        ),
    );
    sections.push(Section::new(m::quarterly::A_INFORMATION_SYSTEMS.text(inp.lang)).fields(a));
}

/// B. Protection plans; C. inspection and assessment.
fn plans_and_assessments(c: &Ctx, sections: &mut Vec<Section>) {
    let (inp, data, so_far) = (c.inp, c.data, c.so_far);
    let (tally, active) = (&c.tally, &c.active);
    // B. protection plans
    sections.push(
        Section::new(m::quarterly::B_PROTECTION_PLANS.text(inp.lang)).fields(vec![
            Field::new(
                "so_trien_khai_day_du",
                m::quarterly::PLANS_FULLY_IMPLEMENTED.text(inp.lang),
                Val::count(tally.plan_full),
            ),
            Field::new(
                "so_dang_trien_khai",
                m::quarterly::PLANS_PARTLY_IMPLEMENTED.text(inp.lang),
                Val::count(tally.plan_partial),
            ),
            Field::new(
                "so_chua_trien_khai",
                m::quarterly::PLANS_NOT_STARTED.text(inp.lang),
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
        Section::new(m::quarterly::C_INSPECTION_AND_ASSESSMENT.text(inp.lang)).fields(vec![
            Field::new(
                "so_httt_duoc_kiem_tra_danh_gia_trong_ky",
                m::quarterly::SYSTEMS_ASSESSED_IN_THE_PERIOD.text(inp.lang),
                Val::count(assessed.len()),
            )
            .with_note(codes(assessed.iter().copied())),
            Field::new(
                "so_luot_kiem_tra_danh_gia",
                m::quarterly::ASSESSMENTS_MADE.text(inp.lang),
                Val::count(in_window.len()),
            ),
            Field::new(
                "so_lo_hong_phat_hien",
                m::quarterly::VULNERABILITIES_FOUND_BY_THE_ASSESSMENTS.text(inp.lang),
                Val::Int(findings),
            ),
            Field::new(
                "so_lo_hong_da_khac_phuc",
                m::quarterly::VULNERABILITIES_FIXED.text(inp.lang),
                Val::Blank,
            ),
            Field::new(
                "so_lan_ra_quet_lo_hong",
                m::quarterly::VULNERABILITY_SCANS.text(inp.lang),
                Val::Blank,
            ),
            Field::new(
                "so_httt_kiem_thu_xam_nhap",
                m::quarterly::SYSTEMS_PENETRATION_TESTED.text(inp.lang),
                Val::Blank,
            ),
            Field::new(
                "so_httt_qua_han_kiem_tra",
                m::quarterly::SYSTEMS_OVERDUE_FOR_PERIODIC_ASSESSMENT.text(inp.lang),
                Val::count(overdue.len()),
            )
            .with_note(codes(overdue.iter().copied())),
        ]),
    );
}

/// F. Incidents and attacks in the period, and their mandatory reports.
fn incidents(c: &Ctx, sections: &mut Vec<Section>) {
    let (inp, data, so_far) = (c.inp, c.data, c.so_far);
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
            m::quarterly::INCIDENTS_IN_THE_PERIOD.text(inp.lang),
            Val::count(incs.len()),
        ),
        Field::new(
            "su_co_ma_doc",
            m::quarterly::MALWARE.text(inp.lang),
            Val::count(of_kind(&[IncidentKind::Malware])),
        ),
        Field::new(
            "su_co_ma_hoa_tong_tien",
            m::quarterly::RANSOMWARE.text(inp.lang),
            Val::count(of_kind(&[IncidentKind::Ransomware])),
        ),
        Field::new(
            "su_co_thay_doi_giao_dien",
            m::quarterly::DEFACEMENT.text(inp.lang),
            Val::count(of_kind(&[IncidentKind::Defacement])),
        ),
        Field::new(
            "su_co_ddos",
            m::quarterly::DENIAL_OF_SERVICE_DDOS.text(inp.lang),
            Val::count(of_kind(&[IncidentKind::Ddos])),
        ),
        Field::new(
            "su_co_lo_lot_du_lieu",
            m::quarterly::DATA_LEAK.text(inp.lang),
            Val::count(of_kind(&[IncidentKind::DataLeak])),
        ),
        Field::new(
            "su_co_khac",
            m::quarterly::OTHER_INTRUSION_PHISHING_OTHER.text(inp.lang),
            Val::count(of_kind(&[
                IncidentKind::Intrusion,
                IncidentKind::Phishing,
                IncidentKind::Other,
            ])),
        ),
        Field::new(
            "so_su_co_da_xu_ly",
            m::quarterly::INCIDENTS_RESOLVED.text(inp.lang),
            Val::count(handled),
        ),
        Field::new(
            "so_bao_cao_su_co_phai_gui",
            m::quarterly::MANDATORY_INCIDENT_REPORTS.text(inp.lang),
            Val::count(dues.len()),
        ),
        Field::new(
            "so_bao_cao_su_co_dung_han",
            m::quarterly::SENT_ON_TIME.text(inp.lang),
            Val::count(count_state(Timeliness::OnTime)),
        ),
        Field::new(
            "so_bao_cao_su_co_muon",
            m::quarterly::SENT_LATE.text(inp.lang),
            Val::count(count_state(Timeliness::Late)),
        ),
        Field::new(
            "so_bao_cao_su_co_qua_han",
            m::quarterly::OVERDUE_NOT_SENT.text(inp.lang),
            Val::count(count_state(Timeliness::Missing)),
        ),
        Field::new(
            "so_bao_cao_su_co_chua_den_han",
            m::quarterly::NOT_DUE_YET.text(inp.lang),
            Val::count(count_state(Timeliness::Pending)),
        ),
        Field::new(
            "so_canh_bao_nhan_duoc",
            m::quarterly::ALERTS_RECEIVED_AUTHORITIES_IRLAB_HANDLED.text(inp.lang),
            Val::Blank,
        ),
    ];
    let mut sec_f = Section::new(m::quarterly::F_INCIDENTS_AND_ATTACKS.text(inp.lang)).fields(f);
    if !incs.is_empty() {
        sec_f = sec_f.table(incident_table(inp, &incs));
    }
    sections.push(sec_f);
}

/// The periodic reports due in the period and how they were sent.
fn periodic_reports(c: &Ctx, sections: &mut Vec<Section>) {
    let (inp, lang, today, data, pack, window) = (c.inp, c.lang, c.today, c.data, c.pack, c.window);
    // reports due in the period
    let periodic = periodic_due(data, pack, window, today);
    let mut rep = Section::new(m::quarterly::PERIODIC_REPORTS_DUE_IN_THE.text(inp.lang));
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
            m::quarterly::PERIODIC_REPORTS_DUE_SO_FAR.text(inp.lang),
            Val::count(due_so_far),
        ),
        Field::new(
            "so_bao_cao_dinh_ky_dung_han",
            m::quarterly::REPORTS_SENT_ON_TIME.text(inp.lang),
            Val::count(on_time),
        ),
    ]);
    if !periodic.is_empty() {
        let mut t = Table::new(
            "periodic_reports",
            vec![
                ("report", msg::common::REPORT.text(inp.lang).to_owned()),
                ("period", m::quarterly::PERIOD.text(inp.lang).to_owned()),
                ("due_on", msg::common::DUE.text(inp.lang).to_owned()),
                (
                    "submitted_on",
                    m::quarterly::SENT_ON.text(inp.lang).to_owned(),
                ),
                (
                    "doc_no",
                    m::quarterly::DOCUMENT_NO.text(inp.lang).to_owned(),
                ),
                ("state", m::common::STATE.text(inp.lang).to_owned()),
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
}

fn incident_table(inp: &Input, incs: &[usize]) -> Table {
    let lang = inp.lang;
    let data = inp.data;
    let mut t = Table::new(
        "incidents",
        vec![
            ("id", m::quarterly::INCIDENT_ID.text(inp.lang).to_owned()),
            (
                "title",
                m::quarterly::INCIDENT_TITLE.text(inp.lang).to_owned(),
            ),
            ("system", msg::common::SYSTEM.text(inp.lang).to_owned()),
            ("kind", msg::common::KIND.text(inp.lang).to_owned()),
            ("severity", msg::common::SEVERITY.text(inp.lang).to_owned()),
            (
                "detected_at",
                m::quarterly::DETECTED.text(inp.lang).to_owned(),
            ),
            (
                "ended_at",
                m::quarterly::RESPONSE_ENDED.text(inp.lang).to_owned(),
            ),
            (
                "reports",
                m::quarterly::MANDATORY_REPORTS.text(inp.lang).to_owned(),
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
    let mut s = Section::new(m::quarterly::HSecurityBudget { year }.text(lang));
    if projects.is_empty() {
        return s
            .fields(vec![
                Field::new(
                    "tong_kinh_phi_cntt",
                    m::quarterly::IT_PLANS_AND_PROJECTS_TOTAL.text(inp.lang),
                    Val::Blank,
                ),
                Field::new(
                    "kinh_phi_attt",
                    m::common::SECURITY_BUDGET_VND.text(inp.lang),
                    Val::Blank,
                ),
                Field::new(
                    "ty_le_kinh_phi_attt",
                    m::common::SHARE.text(inp.lang),
                    Val::Blank,
                ),
                Field::new(
                    "nguong_toi_thieu",
                    m::common::MINIMUM_SHARE.text(inp.lang),
                    Val::Pct(f64::from(threshold)),
                ),
            ])
            .note(m::common::NoItProjectsOfYear { year }.text(lang));
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
            m::common::IT_PLANS_AND_PROJECTS.text(inp.lang),
            Val::count(projects.len()),
        ),
        Field::new(
            "tong_kinh_phi_cntt",
            m::quarterly::IT_PLANS_AND_PROJECTS_TOTAL.text(inp.lang),
            Val::Money(total),
        ),
        Field::new(
            "kinh_phi_attt",
            m::common::SECURITY_BUDGET_VND.text(inp.lang),
            Val::Money(security),
        ),
        Field::new(
            "ty_le_kinh_phi_attt",
            m::common::SHARE.text(inp.lang),
            Val::Pct(share),
        ),
        Field::new(
            "nguong_toi_thieu",
            m::common::MINIMUM_SHARE.text(inp.lang),
            Val::Pct(f64::from(threshold)),
        ),
        Field::new(
            "dat_nguong",
            m::common::VERDICT.text(inp.lang),
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
                m::quarterly::PROJECTS_BELOW_THE_THRESHOLD.text(inp.lang),
                below_projects.join("; ")
            )
        }),
    ]);
    s.note(format!(
        "{} {}",
        m::quarterly::BASIS_LABEL.text(inp.lang),
        cite(lang, &pack.budget.basis, pack.budget.note.as_ref())
    ))
}

/// Quarter of a date, for the default period.
pub fn quarter_of(d: chrono::NaiveDate) -> (i32, u32) {
    use chrono::Datelike;
    (d.year(), i18n::quarter_of(d))
}
