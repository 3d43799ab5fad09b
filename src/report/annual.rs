//! The annual level report: Circular 12/2022/TT-BTTTT Art. 14 under the Decree 85 regime,
//! Decree 331/2026 Form 08 under the new one (chosen by the pack in use). Data window 15/12 of
//! the previous year to 14/12; header counts and one row per owned system.

use super::common::*;
use super::doc::*;
use crate::domain::*;
use crate::i18n::{Lang, msg, msg::report as m};

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
        DossierState::None => m::annual::NO_DOSSIER.text(lang),
        DossierState::Drafting => m::annual::BEING_DRAFTED.text(lang),
        DossierState::Redetermine => m::annual::BEING_DRAFTED_RE_DETERMINATION.text(lang),
        DossierState::Submitted => m::annual::SUBMITTED_FOR_APPRAISAL.text(lang),
        DossierState::Appraised => m::annual::APPRAISED.text(lang),
        DossierState::Approved => m::annual::APPROVED.text(lang),
    }
}

/// Plan status in the form's wording.
pub fn plan_status(lang: Lang, form: Form, p: PlanStatus) -> &'static str {
    match (form, p) {
        (_, PlanStatus::None) => m::annual::NOT_IMPLEMENTED.text(lang),
        (Form::Form08, PlanStatus::Partial) => m::annual::SOME_ITEMS_IMPLEMENTED.text(lang),
        (Form::Circular12, PlanStatus::Partial) => m::annual::PARTLY_IMPLEMENTED.text(lang),
        (Form::Form08, PlanStatus::Full) => m::annual::ITEMS_FULLY_IMPLEMENTED.text(lang),
        (Form::Circular12, PlanStatus::Full) => m::annual::FULLY_IMPLEMENTED.text(lang),
    }
}

fn kind_label(lang: Lang, k: Option<AssessmentKind>) -> &'static str {
    match k {
        Some(AssessmentKind::PreGoLive) => m::annual::BEFORE_GO_LIVE.text(lang),
        Some(AssessmentKind::Adhoc) => m::annual::AD_HOC.text(lang),
        Some(AssessmentKind::Periodic) | None => m::annual::PERIODIC.text(lang),
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
        Section::new(m::common::GENERAL_INFORMATION.text(inp.lang)).fields(vec![
            Field::new(
                "ky_bao_cao",
                m::common::REPORTING_PERIOD.text(inp.lang),
                Val::Text(Period::Year(year).label(lang)),
            ),
            Field::new(
                "thoi_gian_so_lieu",
                m::annual::DATA_WINDOW.text(inp.lang),
                Val::Text(window.show()),
            ),
            Field::new(
                "ngay_chot_so_lieu",
                m::common::DATA_AS_OF.text(inp.lang),
                Val::Date(today),
            ),
            Field::new(
                "han_gui_chu_quan",
                m::annual::DUE_TO_THE_OWNER_OPERATING.text(inp.lang),
                due(internal),
            ),
            Field::new(
                "han_gui_bo",
                m::annual::DUE_FROM_THE_OWNER_TO.text(inp.lang),
                due(annual),
            ),
        ]),
    );

    if form == Form::Circular12 {
        owner_section(inp, &mut sections);
    }
    summary_figures(inp, form, &c, &mut sections);

    sections.push(
        Section::new(match form {
            Form::Form08 => m::annual::INFORMATION_SYSTEMS_FORM_08.text(inp.lang),
            Form::Circular12 => m::annual::INFORMATION_SYSTEMS_AND_THEIR_SECURITY.text(inp.lang),
        })
        .table(system_table(inp, form, &systems, multi_unit)),
    );

    other_contents(inp, form, &mut sections);

    let basis: Vec<String> = [internal, annual]
        .iter()
        .flatten()
        .map(|r| cite(lang, &r.basis, r.note.as_ref()))
        .collect();
    let mut notes = vec![match form {
        Form::Form08 => m::annual::LAYOUT_AFTER_DECREE_331_2026
            .text(inp.lang)
            .to_owned(),
        Form::Circular12 => m::annual::CONTENTS_AFTER_CIRCULAR_12_2022
            .text(inp.lang)
            .to_owned(),
    }];
    if so_far.is_some_and(|w| w.to < window.to) {
        notes.push(
            m::annual::WindowNotEnded {
                date: crate::i18n::date(today),
            }
            .text(lang),
        );
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
        title: m::common::REPORT_TITLE.text(inp.lang).to_owned(),
        subtitle: match form {
            Form::Circular12 => m::annual::SubtitleCircular12 { year }.text(lang),
            Form::Form08 => m::annual::SubtitleForm08 { year }.text(lang),
        },
        recipients,
        basis,
        opening: String::new(),
        sections,
        notes,
        signature: signature(inp),
    }
}

/// Circular 12 item 1: the owner, its security unit and the operating units.
fn owner_section(inp: &Input, sections: &mut Vec<Section>) {
    let data = inp.data;
    let unit = Val::or_blank(&data.profile.unit_name);
    sections.push(
        Section::new(m::annual::SEC1_OWNER_SECURITY_UNIT.text(inp.lang)).fields(vec![
            Field::new("chu_quan", m::annual::SYSTEM_OWNER.text(inp.lang), unit),
            Field::new(
                "chuc_nang_nhiem_vu",
                m::annual::MANDATE.text(inp.lang),
                Val::Blank,
            ),
            Field::new(
                "nguoi_dai_dien",
                m::annual::REPRESENTATIVE.text(inp.lang),
                Val::Blank,
            ),
            Field::new("dia_chi", m::common::ADDRESS.text(inp.lang), Val::Blank),
            Field::new("dien_thoai", m::common::PHONE.text(inp.lang), Val::Blank),
            Field::new("email", m::common::EMAIL.text(inp.lang), Val::Blank),
            Field::new(
                "don_vi_chuyen_trach",
                m::annual::DESIGNATED_INFORMATION_SECURITY_UNIT.text(inp.lang),
                Val::Blank,
            ),
            Field::new(
                "don_vi_van_hanh",
                m::annual::OPERATING_UNITS.text(inp.lang),
                Val::text(m::annual::PER_SYSTEM_IN_THE_LIST.text(inp.lang)),
            ),
        ]),
    );
}

/// Items 2–7 (Form 08: the summary figures): counts by dossier state, plans, regulations, assessments.
fn summary_figures(inp: &Input, form: Form, c: &Counts, sections: &mut Vec<Section>) {
    let today = inp.today();
    let data = inp.data;
    let counts_heading = match form {
        Form::Form08 => m::annual::SUMMARY_FIGURES_FORM_08.text(inp.lang),
        Form::Circular12 => m::annual::SEC2_7_SUMMARY_FIGURES.text(inp.lang),
    };
    let mut head = vec![
        Field::new(
            "tong_so_httt",
            m::annual::INFORMATION_SYSTEMS_OWNED_IN_USE.text(inp.lang),
            Val::count(c.total),
        ),
        Field::new(
            "so_da_phan_loai",
            m::annual::SYSTEMS_WITH_A_LEVEL_DETERMINED.text(inp.lang),
            Val::count(c.classified),
        ),
        Field::new(
            "so_da_lap_ho_so",
            m::annual::SYSTEMS_WITH_A_LEVEL_DOSSIER.text(inp.lang),
            Val::count(c.prepared),
        ),
        Field::new(
            "so_da_tham_dinh",
            m::annual::SYSTEMS_APPRAISED.text(inp.lang),
            Val::count(c.appraised),
        ),
        Field::new(
            "so_da_phe_duyet",
            m::annual::SYSTEMS_APPROVED.text(inp.lang),
            Val::count(c.approved),
        ),
        Field::new(
            "so_da_phe_duyet_va_danh_gia_dinh_ky",
            m::annual::SYSTEMS_APPROVED_AND_PERIODICALLY_ASSESSED.text(inp.lang),
            Val::count(c.approved_assessed),
        ),
        Field::new(
            "du_kien_phe_duyet_day_du",
            m::annual::EXPECTED_DATE_OF_FULL_APPROVAL.text(inp.lang),
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
            m::annual::PLANS_FULLY_IMPLEMENTED.text(inp.lang),
            Val::count(t.plan_full),
        ),
        Field::new(
            "so_trien_khai_mot_phan",
            m::annual::PLANS_PARTLY_IMPLEMENTED.text(inp.lang),
            Val::count(t.plan_partial),
        ),
        Field::new(
            "so_chua_trien_khai",
            m::annual::PLANS_NOT_STARTED.text(inp.lang),
            Val::count(t.plan_none),
        ),
        Field::new(
            "so_co_quy_che",
            m::annual::SYSTEMS_WITH_A_SECURITY_REGULATION.text(inp.lang),
            Val::count(c.with_regulation),
        ),
        Field::new(
            "so_tuan_thu_quy_che",
            m::annual::SYSTEMS_COMPLYING_WITH_THEIR_REGULATION.text(inp.lang),
            Val::Blank,
        ),
        Field::new(
            "so_kiem_tra_trong_ky",
            m::annual::SYSTEMS_ASSESSED_WITHIN_THE_WINDOW.text(inp.lang),
            Val::count(c.assessed_in_window),
        ),
        Field::new(
            "so_kiem_tra_theo_quy_dinh",
            m::annual::SYSTEMS_ASSESSED_AS_REQUIRED_NOT.text(inp.lang),
            Val::count(c.assessment_current),
        ),
    ]);
    sections.push(
        Section::new(counts_heading)
            .fields(head)
            .note(m::annual::A_SYSTEM_TO_BE_RE.text(inp.lang)),
    );
}

/// Items 8–11 (Form 08: other contents): what the officer writes.
fn other_contents(inp: &Input, form: Form, sections: &mut Vec<Section>) {
    if form == Form::Circular12 {
        sections.push(
            Section::new(m::annual::SEC8_11_OTHER_CONTENTS.text(inp.lang)).fields(vec![
                Field::new(
                    "danh_gia_bien_phap",
                    m::annual::ASSESSMENT_OF_THE_MEASURES_PER.text(inp.lang),
                    Val::Blank,
                ),
                Field::new(
                    "chi_tiet_yeu_cau",
                    m::annual::PER_REQUIREMENT_STATUS_MET_NOT.text(inp.lang),
                    Val::Blank,
                ),
                Field::new(
                    "quyet_dinh_ban_hanh_quy_che",
                    m::annual::DECISION_ISSUING_THE_REGULATION.text(inp.lang),
                    Val::text(m::annual::PER_SYSTEM_REGULATION_COLUMN.text(inp.lang)),
                ),
                Field::new(
                    "noi_dung_khac",
                    m::annual::OTHER_CONTENTS_SHORT.text(inp.lang),
                    Val::Blank,
                ),
            ]),
        );
    } else {
        sections.push(
            Section::new(m::annual::OTHER_CONTENTS.text(inp.lang)).fields(vec![Field::new(
                "de_xuat_danh_muc_anqg",
                m::annual::SYSTEMS_PROPOSED_FOR_THE_LIST.text(inp.lang),
                Val::Blank,
            )]),
        );
    }
}

fn system_table(inp: &Input, form: Form, systems: &[&System], multi_unit: bool) -> Table {
    let lang = inp.lang;
    let data = inp.data;
    let mut cols: Vec<(&'static str, String)> =
        vec![("stt", m::common::ROW_NUMBER.text(inp.lang).to_owned())];
    if multi_unit {
        cols.push(("unit", msg::common::UNIT.text(inp.lang).to_owned()));
    }
    cols.push(("code", msg::common::CODE.text(inp.lang).to_owned()));
    cols.push(("name", m::common::SYSTEM_NAME.text(inp.lang).to_owned()));
    cols.push(("owner", msg::common::OWNER.text(inp.lang).to_owned()));
    cols.push(("operator", msg::common::OPERATOR.text(inp.lang).to_owned()));
    cols.push(("level", m::annual::PROPOSED_LEVEL.text(inp.lang).to_owned()));
    cols.push((
        "approval_status",
        m::annual::APPROVAL_STATUS.text(inp.lang).to_owned(),
    ));
    cols.push((
        "decision",
        m::annual::APPROVAL_DECISION_NO_DATE
            .text(inp.lang)
            .to_owned(),
    ));
    cols.push((
        "regulation",
        m::annual::SECURITY_REGULATION.text(inp.lang).to_owned(),
    ));
    if form == Form::Form08 {
        cols.push((
            "expected_approval",
            m::annual::EXPECTED_APPROVAL.text(inp.lang).to_owned(),
        ));
    }
    cols.push((
        "plan_status",
        m::annual::PROTECTION_PLAN.text(inp.lang).to_owned(),
    ));
    if form == Form::Form08 {
        cols.push((
            "expected_full_plan",
            m::annual::EXPECTED_FULL_IMPLEMENTATION
                .text(inp.lang)
                .to_owned(),
        ));
    } else {
        cols.push((
            "regulation_compliance",
            m::annual::COMPLIES_WITH_REGULATION
                .text(inp.lang)
                .to_owned(),
        ));
    }
    cols.push((
        "assessment",
        msg::common::ASSESSMENT.text(inp.lang).to_owned(),
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
                    d.push_str(m::annual::BEFORE_RE_DETERMINATION.text(inp.lang));
                }
                Val::Text(d)
            } else {
                Val::text("—")
            },
        );
        row.push(match (s.regulation_ref.trim(), s.regulation_issued_on) {
            ("", None) => Val::text(m::annual::NOT_ISSUED.text(inp.lang)),
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
            None => m::annual::NOT_ASSESSED.text(inp.lang).to_owned(),
        };
        match state {
            AssessState::Overdue(d) => a.push_str(
                &m::annual::OverdueSince {
                    date: crate::i18n::date(d),
                }
                .text(lang),
            ),
            AssessState::Never => a.push_str(m::annual::OVERDUE.text(inp.lang)),
            AssessState::Due(d) if s.go_live_on.is_some_and(|g| g > inp.today()) => a.push_str(
                &m::annual::BeforeGoLiveOn {
                    date: crate::i18n::date(d),
                }
                .text(lang),
            ),
            _ => {}
        }
        row.push(Val::Text(a));
        t.rows.push(row);
    }
    t
}
