//! Every validation rule of every `check_*`, on a small dataset; messages in both languages for
//! a sample.

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::rules::{Packs, RuleChoice};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 29)
}

fn sys(id: i64, code: &str, level: Option<u8>) -> System {
    let mut s = System::new(code, &format!("Hệ thống {code}"));
    s.id = id;
    s.level = level.and_then(|l| Level::new(i64::from(l)));
    s
}

/// A: owned, level 2, submitted (steps: drafting 01/09, submitted 01/10/2026).
/// B: owned, level 3, no dossier. AP: approved 01/06/2026 (regulation 01/05/2026), assessed.
/// U: used. OLD: decommissioned 01/03/2026. NOLVL: no level, appraised. GL: goes live 2027.
fn data() -> Dataset {
    let mut p = Profile::new(d(2024, 1, 1));
    p.unit_name = "UBND xã Thử".into();
    let mut data = Dataset::new(p);
    let mut a = sys(1, "A", Some(2));
    a.dossier = DossierState::Submitted;
    a.dossier_since = Some(d(2026, 10, 1));
    let b = sys(2, "B", Some(3));
    let mut ap = sys(3, "AP", Some(3));
    ap.dossier = DossierState::Approved;
    ap.dossier_since = Some(d(2026, 6, 1));
    ap.approved_on = Some(d(2026, 6, 1));
    ap.decision_no = "1/QĐ-UBND".into();
    ap.regulation_issued_on = Some(d(2026, 5, 1));
    ap.last_assessed_on = Some(d(2026, 7, 1));
    let mut u = sys(4, "U", Some(2));
    u.relation = Relation::Used;
    let mut old = sys(5, "OLD", Some(1));
    old.go_live_on = Some(d(2020, 1, 1));
    old.decommissioned_on = Some(d(2026, 3, 1));
    let mut nolvl = sys(6, "NOLVL", None);
    nolvl.dossier = DossierState::Appraised;
    let mut gl = sys(7, "GL", Some(2));
    gl.go_live_on = Some(d(2027, 1, 1));
    data.systems = vec![a, b, ap, u, old, nolvl, gl];
    data.steps = vec![
        DossierStep {
            id: 1,
            system_id: 1,
            state: DossierState::Drafting,
            on: Some(d(2026, 9, 1)),
            reference: String::new(),
            actor: String::new(),
            note: String::new(),
        },
        DossierStep {
            id: 2,
            system_id: 1,
            state: DossierState::Submitted,
            on: Some(d(2026, 10, 1)),
            reference: "12/TTr".into(),
            actor: String::new(),
            note: String::new(),
        },
    ];
    data.assessments = vec![Assessment {
        id: 1,
        system_id: 3,
        completed_on: d(2026, 7, 1),
        kind: AssessmentKind::Periodic,
        assessor: String::new(),
        result: AssessmentResult::Pass,
        findings: 0,
        notes: String::new(),
    }];
    data.incidents = vec![
        Incident {
            id: 1,
            system_id: Some(1),
            title: "Mã độc".into(),
            detected_at: at(2026, 11, 20, 10, 0),
            kind: IncidentKind::Malware,
            severity: Severity::Normal,
            beyond_capacity: false,
            national_security: false,
            serious_disruption: false,
            response_ended_at: None,
            lessons: String::new(),
            notes: String::new(),
            reports: vec![SentReport {
                report: "notify".into(),
                sent_at: at(2026, 11, 21, 9, 0),
                recipients: "VNCERT/CC".into(),
            }],
        },
        Incident {
            id: 2,
            system_id: None,
            title: "Lừa đảo".into(),
            detected_at: at(2026, 11, 25, 8, 0),
            kind: IncidentKind::Phishing,
            severity: Severity::Normal,
            beyond_capacity: true,
            national_security: false,
            serious_disruption: false,
            response_ended_at: Some(at(2026, 11, 26, 9, 0)),
            lessons: String::new(),
            notes: String::new(),
            reports: Vec::new(),
        },
    ];
    data.projects = vec![Project {
        id: 1,
        year: 2026,
        name: "Chuyển đổi số".into(),
        total_budget: 1_000_000,
        security_budget: 100_000,
        notes: String::new(),
    }];
    data.customs = vec![
        CustomDeadline {
            id: 1,
            title: "Báo cáo rà soát".into(),
            due_on: d(2026, 12, 10),
            recurrence: None,
            source_doc: "812/UBND-KSTTHC".into(),
            system_id: None,
            done_on: None,
            notes: String::new(),
        },
        CustomDeadline {
            id: 2,
            title: "Sao lưu hằng tháng".into(),
            due_on: d(2026, 1, 5),
            recurrence: Some(Recurrence::Monthly),
            source_doc: String::new(),
            system_id: Some(1),
            done_on: Some(d(2026, 10, 5)),
            notes: String::new(),
        },
        CustomDeadline {
            id: 3,
            title: "Đã xong".into(),
            due_on: d(2026, 5, 1),
            recurrence: None,
            source_doc: String::new(),
            system_id: None,
            done_on: Some(d(2026, 4, 30)),
            notes: String::new(),
        },
    ];
    data
}

fn rules(pack: &str) -> RuleChoice {
    RuleChoice::new(Packs::embedded(), today(), Some(pack)).unwrap()
}

/// The fields with problems, in order.
fn fields(r: &Checked<Op>) -> Vec<&'static str> {
    match r {
        Ok(op) => panic!("expected problems, got {op:?}"),
        Err(e) => e.iter().map(|e| e.field).collect(),
    }
}

/// The message for a field.
fn msg(r: &Checked<Op>, field: &str) -> String {
    match r {
        Ok(op) => panic!("expected problems, got {op:?}"),
        Err(e) => e
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
            .unwrap_or_else(|| panic!("no problem with {field}: {e:?}")),
    }
}

const VI: Lang = Lang::Vi;
const EN: Lang = Lang::En;

// ---- systems -------------------------------------------------------------------------------

fn new_system() -> SystemInput {
    SystemInput::of([
        ("code", "NEW".into()),
        ("name", "Hệ thống mới".into()),
        ("level", "3".into()),
    ])
}

#[test]
fn add_system_happy_with_defaults() {
    let op = check_add_system(&data(), &new_system(), today(), VI).unwrap();
    let Op::AddSystem(s) = op else { panic!() };
    assert_eq!(s.code, "NEW");
    assert_eq!(s.level, Level::new(3));
    assert_eq!(s.relation, Relation::Owned);
    assert_eq!(s.plan, PlanStatus::None);
    assert_eq!(s.dossier, DossierState::None);
    let mut i = new_system();
    i.set("relation", "Sử dụng");
    i.set("plan_status", "đã triển khai đầy đủ");
    i.set("level", "cấp độ 2");
    i.set("go_live_on", "01/02/2027");
    i.set("regulation_issued_on", "2026-05-01");
    i.set("notes", "dòng 1\ndòng 2");
    let Op::AddSystem(s) = check_add_system(&data(), &i, today(), VI).unwrap() else {
        panic!()
    };
    assert_eq!(s.relation, Relation::Used);
    assert_eq!(s.plan, PlanStatus::Full);
    assert_eq!(s.level, Level::new(2));
    assert_eq!(s.go_live_on, Some(d(2027, 2, 1)));
    assert_eq!(s.regulation_issued_on, Some(d(2026, 5, 1)));
    assert_eq!(s.notes, "dòng 1\ndòng 2");
}

#[test]
fn add_system_normalises_text_to_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let mut i = new_system();
    i.set(
        "name",
        format!("  {}  ", "Cổng thông tin".nfd().collect::<String>()),
    );
    let Op::AddSystem(s) = check_add_system(&data(), &i, today(), VI).unwrap() else {
        panic!()
    };
    assert_eq!(s.name, "Cổng thông tin");
}

#[test]
fn add_system_collects_every_problem() {
    let i = SystemInput::of([
        ("code", "".into()),
        ("name", " ".into()),
        ("relation", "thuê".into()),
        ("level", "7".into()),
        ("plan_status", "xong rồi".into()),
        ("go_live_on", "31/02/2026".into()),
        ("regulation_issued_on", "01/12/2026".into()),
        ("owner", "a\u{1b}[2Jb".into()),
    ]);
    let r = check_add_system(&data(), &i, today(), VI);
    // in the form's order (the table's, `store::tables::SYSTEMS`)
    assert_eq!(
        fields(&r),
        vec![
            "code",
            "name",
            "owner",
            "relation",
            "level",
            "regulation_issued_on",
            "plan_status",
            "go_live_on"
        ]
    );
    assert_eq!(msg(&r, "code"), "bắt buộc nhập");
    assert_eq!(msg(&r, "level"), "cấp độ phải là số từ 1 đến 5 (7)");
    assert_eq!(
        msg(&r, "go_live_on"),
        "không có ngày này trong lịch (31/02/2026)"
    );
    assert_eq!(
        msg(&r, "regulation_issued_on"),
        "ngày ở tương lai (hôm nay là 29/11/2026) (01/12/2026)"
    );
    assert_eq!(msg(&r, "owner"), "chứa ký tự điều khiển (a^[[2Jb)");
    assert_eq!(
        msg(&r, "relation"),
        "phải là owned hoặc used (sở hữu / sử dụng) (thuê)"
    );
    let r = check_add_system(&data(), &i, today(), EN);
    assert_eq!(msg(&r, "code"), "required");
    assert_eq!(msg(&r, "level"), "level must be a number from 1 to 5 (7)");
    assert_eq!(
        msg(&r, "go_live_on"),
        "no such day in the calendar (31/02/2026)"
    );
    assert_eq!(
        msg(&r, "regulation_issued_on"),
        "in the future (today is 29/11/2026) (01/12/2026)"
    );
}

#[test]
fn add_system_code_rules() {
    let mut i = new_system();
    i.set("code", "A");
    let r = check_add_system(&data(), &i, today(), VI);
    assert_eq!(msg(&r, "code"), "đã có hệ thống mã này (A)");
    let r = check_add_system(&data(), &i, today(), EN);
    assert_eq!(
        msg(&r, "code"),
        "a system with this code already exists (A)"
    );
    i.set("code", "X/Y");
    let r = check_add_system(&data(), &i, today(), EN);
    assert_eq!(msg(&r, "code"), "a code must not contain / (X/Y)");
    i.set("code", "X".repeat(65));
    let r = check_add_system(&data(), &i, today(), EN);
    assert!(msg(&r, "code").starts_with("code too long"), "{r:?}");
    i.set("code", "x".repeat(3000));
    let r = check_add_system(&data(), &i, today(), EN);
    assert!(
        msg(&r, "code").starts_with("too long (3000 characters, at most 2000) (xxx"),
        "{r:?}"
    );
    i.set("code", "bad date");
    i.set("go_live_on", "soon");
    let r = check_add_system(&data(), &i, today(), EN);
    assert_eq!(
        msg(&r, "go_live_on"),
        "not a date (use dd/mm/yyyy or YYYY-MM-DD) (soon)"
    );
}

fn edit_of(s: &System) -> SystemInput {
    SystemInput::of([
        ("code", s.code.clone()),
        ("name", s.name.clone()),
        ("owner", s.owner.clone()),
        ("operator", s.operator.clone()),
        ("relation", s.relation.key().into()),
        ("level", s.level.map(|l| l.to_string()).unwrap_or_default()),
        (
            "go_live_on",
            s.go_live_on.map(crate::i18n::date).unwrap_or_default(),
        ),
        (
            "under_investment",
            if s.under_investment { "có" } else { "" }.into(),
        ),
        ("responsible", s.responsible.clone()),
        ("notes", s.notes.clone()),
        (
            "regulation_issued_on",
            s.regulation_issued_on
                .map(crate::i18n::date)
                .unwrap_or_default(),
        ),
        ("regulation_ref", s.regulation_ref.clone()),
        ("plan_status", s.plan.key().into()),
    ])
}

#[test]
fn edit_system_sets_every_field() {
    let data = data();
    let mut i = edit_of(&data.systems[0]);
    i.set("name", "Tên mới");
    i.set("level", "");
    let Op::EditSystem(p) = check_edit_system(&data, &i, today(), VI).unwrap() else {
        panic!()
    };
    assert_eq!(p.code, "A");
    let edited = p.apply(&data.systems[0]);
    assert_eq!(edited.name, "Tên mới");
    assert_eq!(edited.level, None);
    assert_eq!(p.sets_level(), Some(None));
    // the dossier moves by steps, not by edits; the approval stays
    assert_eq!(edited.dossier, data.systems[0].dossier);
    assert_eq!(edited.approved_on, data.systems[0].approved_on);
}

#[test]
fn edit_system_unknown_code_suggests() {
    let mut i = edit_of(&data().systems[0]);
    i.set("code", "ap");
    let r = check_edit_system(&data(), &i, today(), VI);
    assert_eq!(
        msg(&r, "code"),
        "không có hệ thống mã này; có phải là \"AP\"? (ap)"
    );
    i.set("code", "ZZZ");
    let r = check_edit_system(&data(), &i, today(), EN);
    assert_eq!(msg(&r, "code"), "no system with this code (ZZZ)");
}

#[test]
fn edit_approved_system_keeps_the_regulation_before_approval() {
    let data = data();
    let ap = &data.systems[2];
    // unchanged: fine
    assert!(check_edit_system(&data, &edit_of(ap), today(), VI).is_ok());
    // moved after the approval date: refused
    let mut i = edit_of(ap);
    i.set("regulation_issued_on", "02/06/2026");
    let r = check_edit_system(&data, &i, today(), EN);
    assert_eq!(fields(&r), vec!["regulation_issued_on"]);
    assert!(msg(&r, "regulation_issued_on").contains("approved on 01/06/2026"));
    assert!(msg(&r, "regulation_issued_on").contains("Circular 12/2022 Art. 9.7"));
    // cleared: refused
    i.set("regulation_issued_on", "");
    assert_eq!(
        fields(&check_edit_system(&data, &i, today(), VI)),
        vec!["regulation_issued_on"]
    );
    // moved earlier: fine
    i.set("regulation_issued_on", "01/01/2026");
    assert!(check_edit_system(&data, &i, today(), VI).is_ok());
}

#[test]
fn set_level() {
    let i = LevelInput {
        code: "B".into(),
        level: "4".into(),
    };
    assert_eq!(
        check_set_level(&data(), &i, today(), VI).unwrap(),
        Op::SetLevel {
            code: "B".into(),
            level: Level::new(4)
        }
    );
    let i = LevelInput {
        code: "B".into(),
        level: "".into(),
    };
    assert_eq!(
        check_set_level(&data(), &i, today(), VI).unwrap(),
        Op::SetLevel {
            code: "B".into(),
            level: None
        }
    );
    let i = LevelInput {
        code: "B".into(),
        level: "six".into(),
    };
    assert_eq!(
        fields(&check_set_level(&data(), &i, today(), VI)),
        vec!["level"]
    );
}

#[test]
fn decommission_rules() {
    let i = |code: &str, on: &str| DecommissionInput {
        code: code.into(),
        on: on.into(),
    };
    assert_eq!(
        check_decommission(&data(), &i("B", "30/11/2026"), today(), VI).unwrap(),
        Op::Decommission {
            code: "B".into(),
            on: d(2026, 11, 30)
        },
        "a planned decommissioning may lie ahead"
    );
    let r = check_decommission(&data(), &i("OLD", "01/11/2026"), today(), VI);
    assert_eq!(
        msg(&r, "code"),
        "hệ thống đã ngừng sử dụng từ 01/03/2026 (OLD)"
    );
    let r = check_decommission(&data(), &i("GL", "01/12/2026"), today(), EN);
    assert_eq!(
        msg(&r, "on"),
        "before the go-live date (01/01/2027) (01/12/2026)"
    );
    let r = check_decommission(&data(), &i("B", ""), today(), EN);
    assert_eq!(msg(&r, "on"), "required");
}

#[test]
fn delete_only_without_history() {
    let i = |code: &str| DeleteSystemInput { code: code.into() };
    assert_eq!(
        check_delete_system(&data(), &i("B"), today(), VI).unwrap(),
        Op::DeleteSystem { code: "B".into() }
    );
    // dossier steps, an incident and a custom deadline
    let r = check_delete_system(&data(), &i("A"), today(), EN);
    assert_eq!(
        msg(&r, "code"),
        "the system has history (2 dossier steps, 0 assessments, 1 incidents, 1 custom deadlines); decommission it instead of deleting (A)"
    );
    // an assessment
    let r = check_delete_system(&data(), &i("AP"), today(), VI);
    assert!(msg(&r, "code").contains("1 lần đánh giá"), "{r:?}");
    // a dossier state known only from the system (steps not loaded)
    let r = check_delete_system(&data(), &i("NOLVL"), today(), VI);
    assert!(check_delete_system(&data(), &i("GL"), today(), VI).is_ok());
    assert!(
        r.is_ok(),
        "appraised without a date or steps has no recorded history"
    );
}

// ---- dossier -------------------------------------------------------------------------------

fn step(code: &str, state: &str, on: &str, reference: &str) -> DossierInput {
    DossierInput {
        code: code.into(),
        state: state.into(),
        on: on.into(),
        reference: reference.into(),
        ..Default::default()
    }
}

#[test]
fn dossier_moves_forward() {
    let data = data();
    // B has none: drafting, or straight to submitted
    let Op::Dossier {
        step: s,
        code,
        regulation,
    } = check_dossier(&data, &step("B", "drafting", "01/11/2026", ""), today(), VI).unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (code.as_str(), s.state, s.on),
        ("B", DossierState::Drafting, Some(d(2026, 11, 1)))
    );
    assert_eq!(regulation, None);
    assert!(
        check_dossier(
            &data,
            &step("B", "đã gửi thẩm định", "01/11/2026", ""),
            today(),
            VI
        )
        .is_ok()
    );
    // A is submitted: appraised with the opinion's number
    let Op::Dossier { step: s, .. } = check_dossier(
        &data,
        &step("A", "appraised", "15/10/2026", "05/YK-ATTT"),
        today(),
        VI,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(s.reference, "05/YK-ATTT");
    // AP is approved: needs re-determination
    assert!(
        check_dossier(
            &data,
            &step("AP", "redetermine", "29/11/2026", ""),
            today(),
            VI
        )
        .is_ok()
    );
}

#[test]
fn dossier_refuses_other_moves() {
    let data = data();
    let r = check_dossier(&data, &step("A", "drafting", "01/11/2026", ""), today(), VI);
    assert_eq!(
        msg(&r, "state"),
        "không thể chuyển hồ sơ từ \"đã gửi thẩm định\" sang \"đang lập\"; có thể chuyển sang: appraised (đã thẩm định), approved (đã phê duyệt) (drafting)"
    );
    let r = check_dossier(
        &data,
        &step("A", "redetermine", "01/11/2026", ""),
        today(),
        EN,
    );
    assert_eq!(
        msg(&r, "state"),
        "the dossier cannot move from \"submitted\" to \"needs re-determination\"; it can move to: appraised (appraised), approved (approved) (redetermine)"
    );
    let r = check_dossier(
        &data,
        &step("NOLVL", "submitted", "01/11/2026", ""),
        today(),
        EN,
    );
    assert_eq!(fields(&r), vec!["state"], "backwards");
    let r = check_dossier(
        &data,
        &step("AP", "approved", "01/11/2026", "2/QĐ"),
        today(),
        EN,
    );
    assert_eq!(fields(&r), vec!["state"], "approved twice");
    let r = check_dossier(&data, &step("B", "none", "01/11/2026", ""), today(), EN);
    assert!(msg(&r, "state").starts_with("a dossier cannot go back to \"none\""));
    let r = check_dossier(&data, &step("B", "signed", "01/11/2026", ""), today(), EN);
    assert!(msg(&r, "state").starts_with("not a valid value; use: drafting (drafting), submitted"));
    let r = check_dossier(&data, &step("B", "", "01/11/2026", ""), today(), EN);
    assert_eq!(msg(&r, "state"), "required");
}

#[test]
fn dossier_dates() {
    let data = data();
    let r = check_dossier(
        &data,
        &step("A", "appraised", "30/11/2026", "1"),
        today(),
        EN,
    );
    assert_eq!(
        msg(&r, "on"),
        "in the future (today is 29/11/2026) (30/11/2026)"
    );
    let r = check_dossier(
        &data,
        &step("A", "appraised", "30/09/2026", "1"),
        today(),
        VI,
    );
    assert_eq!(
        msg(&r, "on"),
        "trước ngày của bước hồ sơ trước (01/10/2026) (30/09/2026)"
    );
    // the same day as the previous step is fine
    assert!(
        check_dossier(
            &data,
            &step("A", "appraised", "01/10/2026", "1"),
            today(),
            VI
        )
        .is_ok()
    );
    let r = check_dossier(&data, &step("A", "appraised", "", "1"), today(), VI);
    assert_eq!(msg(&r, "on"), "bắt buộc nhập");
}

#[test]
fn dossier_appraisal_needs_the_opinion_number() {
    let r = check_dossier(
        &data(),
        &step("A", "appraised", "01/11/2026", ""),
        today(),
        VI,
    );
    assert_eq!(
        msg(&r, "reference"),
        "bắt buộc nhập số văn bản ý kiến thẩm định"
    );
}

#[test]
fn dossier_approval_needs_decision_level_and_regulation() {
    let data = data();
    // A has no regulation yet
    let r = check_dossier(&data, &step("A", "approved", "20/11/2026", ""), today(), VI);
    assert_eq!(fields(&r), vec!["reference", "regulation_issued_on"]);
    assert_eq!(
        msg(&r, "reference"),
        "bắt buộc nhập số quyết định phê duyệt"
    );
    assert!(msg(&r, "regulation_issued_on").contains("Thông tư 12/2022 Điều 9.7"));
    assert!(msg(&r, "regulation_issued_on").contains("Nghị định 331/2026 Điều 30.7"));
    // the regulation given with the step: fine, and the step sets it on the system
    let mut i = step("A", "approved", "20/11/2026", "15/QĐ-UBND");
    i.regulation_issued_on = "01/11/2026".into();
    i.regulation_ref = "10/QĐ-UBND".into();
    i.approver = "Chủ tịch UBND xã".into();
    let Op::Dossier {
        step: s,
        regulation,
        ..
    } = check_dossier(&data, &i, today(), VI).unwrap()
    else {
        panic!()
    };
    assert_eq!(s.actor, "Chủ tịch UBND xã");
    assert_eq!(
        regulation,
        Some((Some(d(2026, 11, 1)), "10/QĐ-UBND".to_owned()))
    );
    // issued on the approval day: fine; the day after: refused
    i.regulation_issued_on = "20/11/2026".into();
    assert!(check_dossier(&data, &i, today(), VI).is_ok());
    i.regulation_issued_on = "21/11/2026".into();
    let r = check_dossier(&data, &i, today(), EN);
    assert_eq!(
        msg(&r, "regulation_issued_on"),
        "the security regulation was issued on 21/11/2026, after the approval on 20/11/2026; it must be issued on or before the approval (Circular 12/2022 Art. 9.7; Decree 331/2026 Art. 30.7)"
    );
    // no level
    let mut i = step("NOLVL", "approved", "20/11/2026", "15/QĐ");
    i.regulation_issued_on = "01/11/2026".into();
    let r = check_dossier(&data, &i, today(), EN);
    assert_eq!(
        msg(&r, "code"),
        "the system has no level yet; determine it before approving"
    );
}

#[test]
fn dossier_of_a_used_system_is_refused() {
    let r = check_dossier(
        &data(),
        &step("U", "drafting", "01/11/2026", ""),
        today(),
        EN,
    );
    assert_eq!(
        msg(&r, "code"),
        "this system is used, not owned; its owner keeps the level dossier (U)"
    );
}

#[test]
fn dossier_transition_table() {
    use DossierState as S;
    let ok = [
        (S::None, S::Drafting),
        (S::None, S::Submitted),
        (S::None, S::Approved),
        (S::Drafting, S::Submitted),
        (S::Submitted, S::Appraised),
        (S::Appraised, S::Approved),
        (S::Approved, S::Redetermine),
        (S::Redetermine, S::Drafting),
        (S::Redetermine, S::Submitted),
    ];
    for from in S::ALL {
        for to in S::ALL {
            assert_eq!(
                dossier_can_move(*from, *to),
                ok.contains(&(*from, *to))
                    || (to.rank() > from.rank()
                        && matches!(to, S::Submitted | S::Appraised | S::Approved)),
                "{from:?} → {to:?}"
            );
        }
    }
    assert!(!dossier_can_move(S::Drafting, S::Drafting));
    assert!(!dossier_can_move(S::Submitted, S::Drafting));
    assert!(!dossier_can_move(S::Approved, S::Approved));
    assert_eq!(dossier_targets(S::Approved), vec![S::Redetermine]);
}

// ---- assessments ---------------------------------------------------------------------------

fn assess(code: &str, on: &str) -> AssessmentInput {
    AssessmentInput {
        code: code.into(),
        on: on.into(),
        ..Default::default()
    }
}

#[test]
fn assessment_defaults_and_labels() {
    let Op::Assessment {
        code,
        assessment: a,
    } = check_assessment(&data(), &assess("B", "20/11/2026"), today(), VI).unwrap()
    else {
        panic!()
    };
    assert_eq!(code, "B");
    assert_eq!(a.system_id, 2);
    assert_eq!(a.completed_on, d(2026, 11, 20));
    assert_eq!(a.kind, AssessmentKind::Periodic);
    assert_eq!(a.result, AssessmentResult::Pass);
    assert_eq!(a.findings, 0);
    let mut i = assess("B", "2026-11-20");
    i.kind = "Đột xuất".into();
    i.result = "có phát hiện".into();
    i.findings = "3".into();
    i.assessor = "Công an tỉnh".into();
    let Op::Assessment { assessment: a, .. } = check_assessment(&data(), &i, today(), VI).unwrap()
    else {
        panic!()
    };
    assert_eq!(a.kind, AssessmentKind::Adhoc);
    assert_eq!(a.result, AssessmentResult::Findings);
    assert_eq!(a.findings, 3);
    assert_eq!(a.assessor, "Công an tỉnh");
    i.kind = "pre-go-live".into();
    assert!(check_assessment(&data(), &i, today(), VI).is_ok());
}

#[test]
fn assessment_problems() {
    let mut i = assess("B", "30/11/2026");
    i.kind = "yearly".into();
    i.result = "ok".into();
    i.findings = "-1".into();
    let r = check_assessment(&data(), &i, today(), VI);
    assert_eq!(fields(&r), vec!["on", "kind", "result", "findings"]);
    assert_eq!(msg(&r, "findings"), "không được âm (-1)");
    assert_eq!(
        msg(&r, "kind"),
        "giá trị không hợp lệ; dùng: periodic (định kỳ), adhoc (đột xuất), pre-go-live (trước khi đưa vào sử dụng) (yearly)"
    );
    let r = check_assessment(&data(), &i, today(), EN);
    assert_eq!(msg(&r, "findings"), "must not be negative (-1)");
    assert_eq!(
        msg(&r, "result"),
        "not a valid value; use: pass (pass), findings (findings) (ok)"
    );
    i.findings = "2.5".into();
    i.on = "20/11/2026".into();
    i.kind = "".into();
    i.result = "".into();
    let r = check_assessment(&data(), &i, today(), EN);
    assert_eq!(msg(&r, "findings"), "must be a whole number (2.5)");
    let r = check_assessment(&data(), &assess("OLD", "02/03/2026"), today(), EN);
    assert_eq!(
        msg(&r, "on"),
        "after the system was decommissioned (01/03/2026) (02/03/2026)"
    );
    let r = check_assessment(&data(), &assess("NOPE", "02/03/2026"), today(), EN);
    assert_eq!(fields(&r), vec!["code"]);
}

// ---- incidents -----------------------------------------------------------------------------

fn incident_in() -> IncidentInput {
    IncidentInput {
        system: "A".into(),
        title: "Tấn công thay đổi giao diện".into(),
        detected_at: "28/11/2026 14:05".into(),
        kind: "thay đổi giao diện".into(),
        ..Default::default()
    }
}

#[test]
fn incident_happy() {
    let Op::Incident { system, incident } =
        check_incident(&data(), &incident_in(), today(), VI).unwrap()
    else {
        panic!()
    };
    assert_eq!(system.as_deref(), Some("A"));
    assert_eq!(incident.system_id, Some(1));
    assert_eq!(incident.detected_at, at(2026, 11, 28, 14, 5));
    assert_eq!(incident.kind, IncidentKind::Defacement);
    assert_eq!(incident.severity, Severity::Normal);
    assert!(!incident.beyond_capacity);
    let mut i = incident_in();
    i.system = "".into();
    i.severity = "nghiêm trọng".into();
    i.beyond_capacity = "có".into();
    i.national_security = "yes".into();
    i.kind = "".into();
    let Op::Incident { system, incident } = check_incident(&data(), &i, today(), VI).unwrap()
    else {
        panic!()
    };
    assert_eq!(system, None);
    assert_eq!(incident.kind, IncidentKind::Other);
    assert_eq!(incident.severity, Severity::Serious);
    assert!(incident.beyond_capacity && incident.national_security);
}

#[test]
fn incident_problems() {
    let i = IncidentInput {
        system: "NOPE".into(),
        title: "".into(),
        detected_at: "30/11/2026 08:00".into(),
        kind: "virus".into(),
        severity: "high".into(),
        beyond_capacity: "maybe".into(),
        ..Default::default()
    };
    let r = check_incident(&data(), &i, today(), EN);
    assert_eq!(
        fields(&r),
        vec![
            "system",
            "title",
            "detected_at",
            "kind",
            "severity",
            "beyond_capacity"
        ]
    );
    assert_eq!(
        msg(&r, "detected_at"),
        "in the future (today is 29/11/2026) (30/11/2026 08:00)"
    );
    assert_eq!(msg(&r, "beyond_capacity"), "must be yes or no (maybe)");
    let mut i = incident_in();
    i.detected_at = "hôm qua".into();
    let r = check_incident(&data(), &i, today(), VI);
    assert_eq!(
        msg(&r, "detected_at"),
        "thời điểm không hợp lệ (dùng dd/mm/yyyy HH:MM) (hôm qua)"
    );
    i.detected_at = "28/11/2026 25:00".into();
    assert_eq!(
        fields(&check_incident(&data(), &i, today(), VI)),
        vec!["detected_at"]
    );
    i.detected_at = "".into();
    assert_eq!(
        msg(&check_incident(&data(), &i, today(), VI), "detected_at"),
        "bắt buộc nhập"
    );
}

fn sent(id: &str, report: &str, at: &str) -> IncidentReportInput {
    IncidentReportInput {
        incident_id: id.into(),
        report: report.into(),
        sent_at: at.into(),
        recipients: "Bộ Công an".into(),
    }
}

#[test]
fn incident_report_rules() {
    let data = data();
    let nd85 = rules("nd85-2016");
    let nd331 = rules("nd331-2026");
    // incident 2 is beyond capacity: nd85's initial report (Form 03)
    let op = check_incident_report(
        &data,
        &nd85,
        &sent("2", "initial", "25/11/2026 09:00"),
        today(),
        VI,
    )
    .unwrap();
    assert_eq!(
        op,
        Op::IncidentReport {
            incident_id: 2,
            report: SentReport {
                report: "initial".into(),
                sent_at: at(2026, 11, 25, 9, 0),
                recipients: "Bộ Công an".into()
            }
        }
    );
    // "immediate" exists only in nd331
    let r = check_incident_report(
        &data,
        &nd85,
        &sent("2", "immediate", "25/11/2026 09:00"),
        today(),
        EN,
    );
    assert!(msg(&r, "report").starts_with("no such report in rule pack nd85-2016; use: notify"));
    assert!(
        check_incident_report(
            &data,
            &nd331,
            &sent("2", "immediate", "25/11/2026 09:00"),
            today(),
            EN
        )
        .is_ok()
    );
    // already sent
    let r = check_incident_report(
        &data,
        &nd85,
        &sent("1", "notify", "22/11/2026 09:00"),
        today(),
        EN,
    );
    assert_eq!(
        msg(&r, "report"),
        "this report is already recorded as sent at 21/11/2026 09:00 (notify)"
    );
    // before detection; before the response ended (closing report)
    let r = check_incident_report(
        &data,
        &nd85,
        &sent("2", "notify", "25/11/2026 07:59"),
        today(),
        VI,
    );
    assert_eq!(
        msg(&r, "sent_at"),
        "trước thời điểm phát hiện sự cố (25/11/2026 08:00) (25/11/2026 07:59)"
    );
    let r = check_incident_report(
        &data,
        &nd85,
        &sent("2", "closing", "26/11/2026 08:00"),
        today(),
        EN,
    );
    assert_eq!(
        msg(&r, "sent_at"),
        "before the response ended (26/11/2026 09:00) (26/11/2026 08:00)"
    );
    // unknown incident, not a number, no recipients, future
    let r = check_incident_report(
        &data,
        &nd85,
        &sent("9", "notify", "25/11/2026 09:00"),
        today(),
        EN,
    );
    assert_eq!(msg(&r, "incident_id"), "no incident with this id (9)");
    let r = check_incident_report(
        &data,
        &nd85,
        &sent("x", "notify", "25/11/2026 09:00"),
        today(),
        EN,
    );
    assert_eq!(msg(&r, "incident_id"), "must be a whole number (x)");
    let mut i = sent("2", "", "30/11/2026 09:00");
    i.recipients = "".into();
    let r = check_incident_report(&data, &nd85, &i, today(), EN);
    assert_eq!(fields(&r), vec!["sent_at", "recipients", "report"]);
}

#[test]
fn close_incident_rules() {
    let i = CloseIncidentInput {
        incident_id: "1".into(),
        response_ended_at: "22/11/2026 17:00".into(),
        lessons: "Cập nhật bản vá\nĐổi mật khẩu".into(),
    };
    assert_eq!(
        check_close_incident(&data(), &i, today(), VI).unwrap(),
        Op::CloseIncident {
            incident_id: 1,
            ended_at: at(2026, 11, 22, 17, 0),
            lessons: "Cập nhật bản vá\nĐổi mật khẩu".into()
        }
    );
    let i = CloseIncidentInput {
        incident_id: "1".into(),
        response_ended_at: "19/11/2026 17:00".into(),
        lessons: " ".into(),
    };
    let r = check_close_incident(&data(), &i, today(), VI);
    assert_eq!(fields(&r), vec!["lessons", "response_ended_at"]);
    assert_eq!(msg(&r, "lessons"), "bắt buộc nhập");
    let r = check_close_incident(&data(), &i, today(), EN);
    assert_eq!(
        msg(&r, "response_ended_at"),
        "before the incident was detected (20/11/2026 10:00) (19/11/2026 17:00)"
    );
}

// ---- projects, custom deadlines, reports, profile, pack, intervals --------------------------

fn project(total: &str, security: &str) -> ProjectInput {
    ProjectInput {
        year: "2026".into(),
        name: "Camera an ninh".into(),
        total: total.into(),
        security: security.into(),
        ..Default::default()
    }
}

#[test]
fn project_budgets() {
    for (t, s) in [
        ("1.200.000.000", "120.000.000"),
        ("1,200,000,000", "120,000,000"),
        ("1200000000", "120000000"),
        ("1 200 000 000 đ", "120.000.000 VNĐ"),
    ] {
        let Op::Project(p) = check_project(&data(), &project(t, s), today(), VI).unwrap() else {
            panic!()
        };
        assert_eq!(
            (p.id, p.total_budget, p.security_budget),
            (0, 1_200_000_000, 120_000_000),
            "{t}"
        );
    }
    let r = check_project(&data(), &project("1.000.000", "2.000.000"), today(), VI);
    assert_eq!(
        msg(&r, "security"),
        "kinh phí an toàn thông tin (2.000.000 đồng) lớn hơn tổng kinh phí (1.000.000 đồng)"
    );
    let r = check_project(&data(), &project("1.000.000", "2.000.000"), today(), EN);
    assert_eq!(
        msg(&r, "security"),
        "the security budget (2,000,000 VND) exceeds the total (1,000,000 VND)"
    );
    let r = check_project(&data(), &project("-5", "1.2,00"), today(), EN);
    assert_eq!(msg(&r, "total"), "must not be negative (-5)");
    assert_eq!(
        msg(&r, "security"),
        "not an amount (write 1.200.000, 1,200,000 or 1200000) (1.2,00)"
    );
    let mut i = project("0", "0");
    i.year = "26".into();
    i.name = "".into();
    i.id = "7".into();
    let r = check_project(&data(), &i, today(), EN);
    assert_eq!(fields(&r), vec!["id", "year", "name"]);
    assert_eq!(msg(&r, "year"), "must be from 1900 to 2200 (26)");
    let mut i = project("10", "1");
    i.id = "1".into();
    let Op::Project(p) = check_project(&data(), &i, today(), VI).unwrap() else {
        panic!()
    };
    assert_eq!(p.id, 1);
}

#[test]
fn custom_deadlines() {
    let i = CustomInput {
        title: "Rà soát tài khoản".into(),
        due_on: "15/12/2026".into(),
        recurrence: "hằng quý".into(),
        source_doc: "812/UBND-KSTTHC".into(),
        system: "A".into(),
        ..Default::default()
    };
    let Op::Custom { custom, system } = check_custom(&data(), &i, today(), VI).unwrap() else {
        panic!()
    };
    assert_eq!(custom.recurrence, Some(Recurrence::Quarterly));
    assert_eq!(custom.system_id, Some(1));
    assert_eq!(system.as_deref(), Some("A"));
    for once in ["", "none", "không"] {
        let mut j = i.clone();
        j.recurrence = once.into();
        let Op::Custom { custom, .. } = check_custom(&data(), &j, today(), VI).unwrap() else {
            panic!()
        };
        assert_eq!(custom.recurrence, None, "{once}");
    }
    let mut j = i.clone();
    j.recurrence = "weekly".into();
    j.due_on = "".into();
    j.system = "Q".into();
    j.id = "99".into();
    let r = check_custom(&data(), &j, today(), EN);
    assert_eq!(fields(&r), vec!["id", "due_on", "recurrence", "system"]);
    assert!(msg(&r, "recurrence").starts_with("not a valid value; use: none (one-off), monthly"));
}

#[test]
fn custom_done() {
    let i = |id: &str, on: &str| CustomDoneInput {
        id: id.into(),
        done_on: on.into(),
    };
    assert_eq!(
        check_custom_done(&data(), &i("1", "28/11/2026"), today(), VI).unwrap(),
        Op::CustomDone {
            id: 1,
            done_on: d(2026, 11, 28)
        }
    );
    // a monthly one done up to 05/10: the occurrence ticked off is 05/11
    assert_eq!(
        check_custom_done(&data(), &i("2", "10/11/2026"), today(), VI).unwrap(),
        Op::CustomDone {
            id: 2,
            done_on: d(2026, 11, 5)
        }
    );
    let r = check_custom_done(&data(), &i("3", "28/11/2026"), today(), EN);
    assert_eq!(msg(&r, "id"), "this was already done on 30/04/2026 (3)");
    let r = check_custom_done(&data(), &i("1", "30/11/2026"), today(), EN);
    assert_eq!(fields(&r), vec!["done_on"]);
    let r = check_custom_done(&data(), &i("8", "28/11/2026"), today(), VI);
    assert_eq!(msg(&r, "id"), "không có hạn số này (8)");
}

fn report(id: &str, period: &str, on: &str) -> ReportInput {
    ReportInput {
        report: id.into(),
        period: period.into(),
        on: on.into(),
        doc_no: "45/BC-UBND".into(),
    }
}

#[test]
fn report_submissions() {
    let nd85 = rules("nd85-2016");
    let nd331 = rules("nd331-2026");
    let op = check_report(
        &data(),
        &nd85,
        &report("quarterly", "Quý IV/2026", "18/11/2026"),
        today(),
        VI,
    )
    .unwrap();
    assert_eq!(
        op,
        Op::Report(ReportSubmission {
            id: 0,
            report: "quarterly".into(),
            period: Period::Quarter { year: 2026, q: 4 },
            submitted_on: d(2026, 11, 18),
            doc_no: "45/BC-UBND".into()
        })
    );
    assert!(
        check_report(
            &data(),
            &nd331,
            &report("annual", "2026", "20/11/2026"),
            today(),
            VI
        )
        .is_ok()
    );
    assert!(
        check_report(
            &data(),
            &nd331,
            &report("Annual-Internal", "2026", "20/11/2026"),
            today(),
            VI
        )
        .is_ok()
    );
    // cadence
    let r = check_report(
        &data(),
        &nd85,
        &report("quarterly", "2026", "18/11/2026"),
        today(),
        EN,
    );
    assert_eq!(
        msg(&r, "period"),
        "the quarterly report is made per quarter; write the period as 2026-Q4 (2026)"
    );
    let r = check_report(
        &data(),
        &nd85,
        &report("annual", "2026-Q4", "18/11/2026"),
        today(),
        VI,
    );
    assert_eq!(
        msg(&r, "period"),
        "báo cáo năm lập theo năm; ghi kỳ dạng 2026 (2026-Q4)"
    );
    // a report of the rules in force (not pinned), but not for the period: it ended with
    // Decree 331, and Q2/2026 is the last period that requires it (the report itself is not
    // in question)
    let in_force = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    for (period, lang, want) in [
        (
            "2026-Q3",
            EN,
            "the quarterly report (Official Telegram 33/CĐ-TTg §1.c) is not required for Q3/2026 under the rules in force (it ended on 19/08/2026, when Decree 331/2026/ND-CP took effect); the last period that requires it is Q2/2026",
        ),
        (
            "2026-Q4",
            VI,
            "báo cáo quý (Công điện 33/CĐ-TTg mục 1.c) không bắt buộc cho kỳ Quý IV/2026 theo quy định đang có hiệu lực (báo cáo này chấm dứt từ ngày 19/08/2026, khi Nghị định 331/2026/NĐ-CP có hiệu lực); kỳ cuối cùng phải báo cáo là Quý II/2026",
        ),
        (
            "2024-Q1",
            EN,
            "the quarterly report (Official Telegram 33/CĐ-TTg §1.c) is not required for Q1/2024 under the rules in force; the first period that requires it is Q2/2024",
        ),
    ] {
        let r = check_report(
            &data(),
            &in_force,
            &report("quarterly", period, "18/11/2026"),
            today(),
            lang,
        );
        assert_eq!(fields(&r), vec!["period"], "{period}");
        assert_eq!(msg(&r, "period"), want);
    }
    assert!(
        check_report(
            &data(),
            &in_force,
            &report("quarterly", "2026-Q2", "18/11/2026"),
            today(),
            EN
        )
        .is_ok()
    );
    // not a report of the rules at all
    let r = check_report(
        &data(),
        &nd331,
        &report("weekly", "2026-Q4", "18/11/2026"),
        today(),
        EN,
    );
    assert!(
        msg(&r, "report")
            .starts_with("no such report in rule pack nd331-2026; use: annual-internal")
    );
    // a period that had not begun; not a period; a future day
    let r = check_report(
        &data(),
        &nd85,
        &report("quarterly", "2027-Q1", "18/11/2026"),
        today(),
        EN,
    );
    assert_eq!(
        msg(&r, "period"),
        "the period had not begun on the submission date 18/11/2026 (2027-Q1)"
    );
    let r = check_report(
        &data(),
        &nd85,
        &report("quarterly", "Q5", "30/11/2026"),
        today(),
        EN,
    );
    assert_eq!(fields(&r), vec!["period", "on"]);
    let r = check_report(&data(), &nd85, &report("", "", ""), today(), EN);
    assert_eq!(fields(&r), vec!["report", "period", "on"]);
}

#[test]
fn profile_rules() {
    let i = ProfileInput {
        unit_name: "UBND xã An Hòa".into(),
        tier: "xã".into(),
        parent_authority: "UBND TP Hải Phòng".into(),
        officer: "Nguyễn Văn A".into(),
        tracking_start: "01/01/2026".into(),
    };
    assert_eq!(
        check_profile(&data(), &i, today(), VI).unwrap(),
        Op::Profile {
            unit_name: "UBND xã An Hòa".into(),
            tier: Tier::Commune,
            parent_authority: "UBND TP Hải Phòng".into(),
            officer: "Nguyễn Văn A".into(),
            tracking_start: d(2026, 1, 1)
        }
    );
    let i = ProfileInput {
        unit_name: "".into(),
        tier: "thôn".into(),
        tracking_start: "01/01/2027".into(),
        ..Default::default()
    };
    let r = check_profile(&data(), &i, today(), EN);
    assert_eq!(fields(&r), vec!["unit_name", "tier", "tracking_start"]);
}

#[test]
fn pin_pack() {
    let r = rules("nd85-2016");
    let pin = |s: &str| PinInput { pack: s.into() };
    assert_eq!(
        check_pin(&data(), &r, &pin(""), today(), VI).unwrap(),
        Op::PinPack(None)
    );
    assert_eq!(
        check_pin(&data(), &r, &pin(" ND331-2026 "), today(), VI).unwrap(),
        Op::PinPack(Some("nd331-2026".into()))
    );
    let e = check_pin(&data(), &r, &pin("nd99"), today(), EN);
    assert_eq!(
        msg(&e, "pack"),
        "no such rule pack; known: nd85-2016, nd331-2026 (nd99)"
    );
}

#[test]
fn assessment_intervals() {
    let i = IntervalsInput {
        level1: "24".into(),
        level2: "24".into(),
        level3: "6".into(),
        level4: "12".into(),
        level5: "6".into(),
    };
    // nd85 fixes them
    let r = check_intervals(&data(), &rules("nd85-2016"), &i, today(), EN);
    assert_eq!(fields(&r), vec![INTERVALS_FIELD]);
    assert!(
        msg(&r, INTERVALS_FIELD).starts_with("rule pack nd85-2016 fixes the assessment intervals")
    );
    let nd331 = rules("nd331-2026");
    assert_eq!(
        check_intervals(&data(), &nd331, &i, today(), VI).unwrap(),
        Op::Intervals(Some([24, 24, 6, 12, 6]))
    );
    assert_eq!(
        check_intervals(&data(), &nd331, &IntervalsInput::default(), today(), VI).unwrap(),
        Op::Intervals(None)
    );
    let mut j = i.clone();
    j.level1 = "0".into();
    j.level3 = "".into();
    j.level5 = "sáu".into();
    let r = check_intervals(&data(), &nd331, &j, today(), VI);
    assert_eq!(fields(&r), vec!["level1", "level3", "level5"]);
    assert_eq!(msg(&r, "level1"), "phải từ 1 đến 120 (0)");
}

#[test]
fn describe_in_both_languages() {
    let op = check_assessment(&data(), &assess("B", "20/11/2026"), today(), VI).unwrap();
    assert_eq!(
        op.describe(VI),
        "Đã ghi nhận kiểm tra, đánh giá định kỳ của B ngày 20/11/2026: đạt, 0 phát hiện"
    );
    assert_eq!(
        op.describe(EN),
        "Recorded a periodic assessment of B on 20/11/2026: pass, 0 findings"
    );
    // a report with its period: the period's word once ("báo cáo Quý II/2026")
    let in_force = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    for (id, period, vi, en) in [
        (
            "quarterly",
            "2026-Q2",
            "Đã ghi nhận nộp báo cáo Quý II/2026 ngày 18/11/2026",
            "Recorded the quarterly report for Q2/2026 as submitted on 18/11/2026",
        ),
        (
            "annual",
            "2025",
            "Đã ghi nhận nộp báo cáo năm 2025 ngày 18/11/2026",
            "Recorded the annual report for year 2025 as submitted on 18/11/2026",
        ),
        (
            "annual-internal",
            "2025",
            "Đã ghi nhận nộp báo cáo năm 2025 (nội bộ) ngày 18/11/2026",
            "Recorded the internal annual report for year 2025 as submitted on 18/11/2026",
        ),
    ] {
        let op = check_report(
            &data(),
            &in_force,
            &report(id, period, "18/11/2026"),
            today(),
            VI,
        )
        .unwrap();
        assert_eq!(op.describe(VI), format!("{vi}, văn bản số 45/BC-UBND"));
        assert_eq!(op.describe(EN), format!("{en}, document 45/BC-UBND"));
    }
    assert_eq!(op.system_code(), Some("B"));
    assert!(!op.destructive());
    assert!(Op::DeleteSystem { code: "B".into() }.destructive());
    let e = FieldError {
        field: "on",
        message: "required".into(),
    };
    assert_eq!(e.to_string(), "on: required");
}

proptest::proptest! {
    /// No input makes a check panic.
    #[test]
    fn checks_never_panic(a in "\\PC{0,20}", b in "\\PC{0,20}", c in "[0-9/ :.-]{0,20}") {
        let data = data();
        let r = rules("nd331-2026");
        let _ = check_add_system(&data, &SystemInput::of([("code", a.clone()), ("name", b.clone()), ("level", c.clone()), ("go_live_on", c.clone())]), today(), VI);
        let _ = check_dossier(&data, &DossierInput { code: "A".into(), state: a.clone(), on: c.clone(), reference: b.clone(), regulation_issued_on: c.clone(), ..Default::default() }, today(), EN);
        let _ = check_assessment(&data, &AssessmentInput { code: a.clone(), on: c.clone(), findings: b.clone(), ..Default::default() }, today(), VI);
        let _ = check_incident_report(&data, &r, &IncidentReportInput { incident_id: c.clone(), report: a.clone(), sent_at: c.clone(), recipients: b.clone() }, today(), VI);
        let _ = check_project(&data, &ProjectInput { year: c.clone(), total: a.clone(), security: c.clone(), name: b.clone(), ..Default::default() }, today(), VI);
        let _ = check_report(&data, &r, &ReportInput { report: a.clone(), period: b.clone(), on: c.clone(), doc_no: String::new() }, today(), VI);
        let _ = check_custom_done(&data, &CustomDoneInput { id: c.clone(), done_on: c.clone() }, today(), VI);
        let _ = check_intervals(&data, &r, &IntervalsInput { level1: a.clone(), level2: c.clone(), ..Default::default() }, today(), VI);
    }
}
