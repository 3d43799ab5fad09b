//! Incident reports pre-filled from the incident, its system and the profile: under Decree 85
//! the notification (Circular 20/2017 Art. 9.3.a), the initial report (Form 03) and the closing
//! report (Form 04); under Decree 331 the 72-hour report, the 24-hour initial notice and the
//! closing report (Art. 31.2.d). Every report clock of the incident is listed with its
//! citation; what the data does not hold is left as labelled blanks.

use super::common::*;
use super::doc::*;
use crate::i18n::{self, Lang, msg, msg::report as m};
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
    v.join(m::incident::OR_SEPARATOR.text(lang))
}

fn yes_no(lang: Lang, b: bool) -> Val {
    Val::text(if b { i18n::YES } else { i18n::NO }.text(lang))
}

/// `n` is the incident's index in the dataset.
/// What every part of an incident report is computed from.
struct Ctx<'a> {
    inp: &'a Input<'a>,
    lang: Lang,
    data: &'a crate::domain::Dataset,
    inc: &'a crate::domain::Incident,
    pack: &'a crate::rules::RulePack,
    /// The affected system, when known.
    sys: Option<&'a crate::domain::System>,
    form: IncidentForm,
    /// The Circular 20/2017 notice layout (the old regime).
    old: bool,
    /// When the response ended, if it has by now.
    ended: Option<chrono::NaiveDateTime>,
    dues: Vec<IncidentDue>,
}

pub fn build<'a>(inp: &'a Input<'a>, n: usize, form: IncidentForm) -> Document {
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
        .unwrap_or((m::incident::INCIDENT_REPORT.text(inp.lang), "incident"));

    let c = Ctx {
        inp,
        lang,
        data,
        inc,
        pack,
        sys,
        form,
        old,
        ended,
        dues,
    };
    let mut sections = Vec::new();
    parties(&c, &mut sections);
    let mut inf = facts(&c);
    inf.extend(form_fields(&c));
    sections.push(
        Section::new(if form == IncidentForm::Closing {
            m::incident::SEC3_INCIDENT_AND_OUTCOME.text(inp.lang)
        } else {
            m::incident::SEC4_THE_INCIDENT.text(inp.lang)
        })
        .fields(inf),
    );

    // the clocks
    let this = c
        .dues
        .iter()
        .find(|d| inp.rules.packs.get(d.pack).incident_reports[d.rule].id == form.rule_id());
    sections.push(clock_section(&c, this));

    sections.push(
        Section::new(m::incident::TIME_OF_THIS_REPORT.text(inp.lang)).fields(vec![Field::new(
            "thoi_gian_bao_cao",
            m::incident::DATE_AND_TIME_OF_THE.text(inp.lang),
            Val::Blank,
        )]),
    );

    let mut notes = Vec::new();
    match rule {
        Some(r) if this.is_none() => notes.push(
            m::incident::RequiredForOtherCases {
                when: when_label(lang, &r.when),
                basis: r.basis.get(lang),
            }
            .text(lang),
        ),
        None => notes.push(m::incident::PackSetsNoDeadline { pack: &pack.id }.text(lang)),
        _ => {}
    }
    if form == IncidentForm::Closing && ended.is_none() {
        notes.push(
            m::incident::THE_RESPONSE_HAS_NOT_ENDED
                .text(inp.lang)
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
            m::incident::NOTIFICATION.text(inp.lang).to_owned()
        } else {
            m::common::REPORT_TITLE.text(inp.lang).to_owned()
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

/// The reporting organisation, its contact person and the affected system.
fn parties(c: &Ctx, sections: &mut Vec<Section>) {
    let (inp, data, sys, form) = (c.inp, c.data, c.sys, c.form);
    let profile = &data.profile;
    sections.push(
        Section::new(m::incident::SEC1_REPORTING_ORGANISATION.text(inp.lang)).fields(vec![
            Field::new(
                "ten_don_vi",
                m::incident::ORGANISATION_NAME.text(inp.lang),
                Val::or_blank(&profile.unit_name),
            ),
            Field::new("dia_chi", m::common::ADDRESS.text(inp.lang), Val::Blank),
            Field::new("dien_thoai", m::common::PHONE.text(inp.lang), Val::Blank),
            Field::new("email", m::common::EMAIL.text(inp.lang), Val::Blank),
        ]),
    );
    if form != IncidentForm::Closing {
        sections.push(
            Section::new(m::incident::SEC2_CONTACT_PERSON.text(inp.lang)).fields(vec![
                Field::new(
                    "nguoi_lien_he",
                    m::incident::FULL_NAME.text(inp.lang),
                    Val::or_blank(&profile.officer),
                ),
                Field::new("chuc_vu", m::incident::POSITION.text(inp.lang), Val::Blank),
                Field::new(
                    "dien_thoai_lien_he",
                    m::common::PHONE.text(inp.lang),
                    Val::Blank,
                ),
                Field::new("email_lien_he", m::common::EMAIL.text(inp.lang), Val::Blank),
            ]),
        );
    }

    let mut sf = vec![
        Field::new(
            "don_vi_van_hanh",
            m::incident::OPERATING_UNIT.text(inp.lang),
            sys.map(|s| Val::or_blank(&s.operator))
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "co_quan_chu_quan",
            m::incident::SYSTEM_OWNER.text(inp.lang),
            sys.map(|s| Val::or_blank(&s.owner)).unwrap_or(Val::Blank),
        ),
        Field::new(
            "ten_he_thong",
            m::incident::AFFECTED_SYSTEM.text(inp.lang),
            sys.map(|s| Val::Text(format!("{} ({})", s.name, s.code)))
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "cap_do",
            m::incident::SECURITY_LEVEL.text(inp.lang),
            sys.and_then(|s| s.level)
                .map(|l| Val::Int(i64::from(l.get())))
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "ten_mien_ip",
            m::incident::DOMAIN_NAMES_PUBLIC_IP_ADDRESSES.text(inp.lang),
            Val::Blank,
        ),
    ];
    if form == IncidentForm::Initial {
        sf.push(Field::new(
            "to_chuc_dich_vu_attt",
            m::incident::SECURITY_SERVICE_PROVIDER_IF_ANY.text(inp.lang),
            Val::Blank,
        ));
        sf.push(Field::new(
            "nha_cung_cap_ket_noi",
            m::incident::CONNECTIVITY_PROVIDER_ISP.text(inp.lang),
            Val::Blank,
        ));
    }
    sections.push(
        Section::new(if form == IncidentForm::Closing {
            m::incident::SEC2_AFFECTED_SYSTEM.text(inp.lang)
        } else {
            m::incident::SEC3_AFFECTED_SYSTEM.text(inp.lang)
        })
        .fields(sf),
    );
}

/// What every form says of the incident: its id, name, kind, severity, the three criteria, when detected.
fn facts(c: &Ctx) -> Vec<Field> {
    let (inp, lang, inc) = (c.inp, c.lang, c.inc);
    let inf = vec![
        Field::new(
            "ma_su_co",
            m::incident::INCIDENT_ID_IN_CAPDO.text(inp.lang),
            Val::Int(inc.id),
        ),
        Field::new(
            "ten_su_co",
            m::incident::INCIDENT_NAME.text(inp.lang),
            Val::text(&inc.title),
        ),
        Field::new(
            "loai_su_co",
            m::incident::INCIDENT_KIND.text(inp.lang),
            Val::text(inc.kind.label(lang)),
        ),
        Field::new(
            "muc_do",
            msg::common::SEVERITY.text(inp.lang),
            Val::text(inc.severity.label(lang)),
        ),
        Field::new(
            "vuot_kha_nang",
            m::incident::BEYOND_THE_UNITS_CAPACITY.text(inp.lang),
            yes_no(lang, inc.beyond_capacity),
        ),
        Field::new(
            "dau_hieu_an_ninh_quoc_gia",
            m::incident::SIGNS_OF_HARM_TO_NATIONAL.text(inp.lang),
            yes_no(lang, inc.national_security),
        ),
        Field::new(
            "gian_doan_nghiem_trong",
            m::incident::SERIOUSLY_DISRUPTS_THE_SYSTEMS_OPERATION.text(inp.lang),
            yes_no(lang, inc.serious_disruption),
        ),
        Field::new(
            "thoi_gian_phat_hien",
            m::incident::DETECTED_AT.text(inp.lang),
            Val::Text(formal_time(lang, inc.detected_at)),
        ),
        Field::new(
            "mo_ta",
            m::incident::SHORT_DESCRIPTION.text(inp.lang),
            Val::or_blank(&inc.notes),
        ),
    ];
    inf
}

/// The fields that depend on the form and the regime: status, cause, measures, outcome.
fn form_fields(c: &Ctx) -> Vec<Field> {
    let (inp, lang, inc, form, old, ended) = (c.inp, c.lang, c.inc, c.form, c.old, c.ended);
    let status = match ended {
        Some(e) => Val::Text(
            m::incident::ResolvedResponseEnded {
                at: i18n::datetime(e),
            }
            .text(lang),
        ),
        None => Val::text(m::incident::BEING_HANDLED.text(inp.lang)),
    };
    let mut inf = Vec::new();
    match (form, old) {
        (IncidentForm::Notification, true) => {
            inf.push(Field::new(
                "hien_trang",
                m::incident::STATUS.text(inp.lang),
                status,
            ));
            inf.push(Field::new(
                "ket_qua_xu_ly",
                m::incident::HANDLING_RESULT_SO_FAR.text(inp.lang),
                Val::Blank,
            ));
            inf.push(Field::new(
                "de_xuat",
                m::common::PROPOSALS.text(inp.lang),
                Val::Blank,
            ));
        }
        (IncidentForm::Notification, false) => {
            inf.push(Field::new(
                "hien_trang",
                m::incident::STATUS.text(inp.lang),
                status,
            ));
            inf.push(Field::new(
                "nguyen_nhan",
                m::incident::CAUSE.text(inp.lang),
                Val::Blank,
            ));
            inf.push(Field::new(
                "pham_vi_anh_huong",
                m::incident::SCOPE.text(inp.lang),
                Val::Blank,
            ));
            inf.push(Field::new(
                "bien_phap_khac_phuc",
                m::incident::REMEDY.text(inp.lang),
                Val::Blank,
            ));
        }
        (IncidentForm::Initial, _) => {
            inf.push(Field::new(
                "hien_trang",
                m::incident::INCIDENT_STATUS.text(inp.lang),
                status,
            ));
            inf.push(Field::new(
                "cach_thuc_phat_hien",
                m::incident::HOW_IT_WAS_DETECTED.text(inp.lang),
                Val::Blank,
            ));
            inf.push(Field::new(
                "uoc_tinh_thiet_hai",
                m::incident::SYMPTOMS_ESTIMATED_DAMAGE_AND_SPREAD.text(inp.lang),
                Val::Blank,
            ));
            inf.push(Field::new(
                "bien_phap_da_trien_khai",
                m::incident::MEASURES_TAKEN_OR_PLANNED.text(inp.lang),
                Val::Blank,
            ));
            inf.push(Field::new(
                "to_chuc_ho_tro",
                m::incident::ORGANISATIONS_HELPING_RESULTS.text(inp.lang),
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
                m::incident::NOTIFICATION_ALREADY_SENT_TO.text(inp.lang),
                if sent_to.is_empty() {
                    Val::Blank
                } else {
                    Val::Text(sent_to.join("; "))
                },
            ));
            inf.push(Field::new(
                "de_xuat_ho_tro",
                m::incident::REQUESTS_FOR_SUPPORT.text(inp.lang),
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
                m::incident::INITIAL_REPORT_OR_NOTIFICATION_NUMBER.text(inp.lang),
                match first {
                    Some(r) => Val::Text(format!("{BLANK}, {}", i18n::datetime(r.sent_at))),
                    None => Val::Blank,
                },
            ));
            inf.push(Field::new(
                "ket_thuc_ung_pho",
                m::incident::RESPONSE_ENDED_AT.text(inp.lang),
                ended.map(Val::DateTime).unwrap_or(Val::Blank),
            ));
            inf.push(Field::new(
                "ket_qua_xu_ly",
                m::incident::OUTCOME_WHAT_HAPPENED_HOW_IT.text(inp.lang),
                Val::Blank,
            ));
            inf.push(Field::new(
                "bai_hoc_kinh_nghiem",
                m::incident::LESSONS_LEARNED_PREVENTIVE_PROPOSALS.text(inp.lang),
                Val::or_blank(&inc.lessons),
            ));
            inf.push(Field::new(
                "tai_lieu_dinh_kem",
                m::incident::ATTACHMENTS_PROGRESS_REPORTS_RESPONSE_PLAN.text(inp.lang),
                Val::Blank,
            ));
        }
    }
    inf
}

/// The mandatory reports of the incident and their deadlines, this one first.
fn clock_section(c: &Ctx, this: Option<&IncidentDue>) -> Section {
    let (inp, lang, inc, pack) = (c.inp, c.lang, c.inc, c.pack);
    let dues = &c.dues;
    let mut t = Table::new(
        "report_clocks",
        vec![
            ("report", msg::common::REPORT.text(inp.lang).to_owned()),
            ("due_at", msg::common::DUE.text(inp.lang).to_owned()),
            ("sent_at", m::incident::SENT.text(inp.lang).to_owned()),
            ("state", m::common::STATE.text(inp.lang).to_owned()),
            (
                "recipients",
                m::incident::RECIPIENTS.text(inp.lang).to_owned(),
            ),
            ("basis", m::incident::BASIS.text(inp.lang).to_owned()),
        ],
    );
    for d in dues {
        let r = &inp.rules.packs.get(d.pack).incident_reports[d.rule];
        let due = match (d.due_at, r.from) {
            (Some(at), _) if r.hours == 0 => Val::Text(
                m::incident::ImmediatelyAt {
                    at: i18n::datetime(at),
                }
                .text(lang),
            ),
            (Some(at), _) => Val::DateTime(at),
            (None, From::ResponseEnded) => {
                Val::text(m::incident::NOT_STARTED_COUNTS_FROM_THE.text(inp.lang))
            }
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
    let mut clocks = Section::new(m::incident::REPORT_DEADLINES.text(inp.lang)).fields(vec![
        Field::new(
            "han_bao_cao_nay",
            m::incident::THIS_REPORT_IS_DUE.text(inp.lang),
            this.and_then(|d| d.due_at)
                .map(Val::DateTime)
                .unwrap_or(Val::Blank),
        ),
        Field::new(
            "tinh_trang_bao_cao_nay",
            m::common::STATE.text(inp.lang),
            this.map(|d| Val::text(d.state.label(lang)))
                .unwrap_or(Val::text("—")),
        ),
    ]);
    clocks = clocks.table(t);
    clocks
}
