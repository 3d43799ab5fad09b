//! `apply` and `undo` on real store files: every operation round-trips (apply, then undo, gives
//! back an identical dataset and `systems --json`), the log stays an intact append-only chain,
//! and undo refuses when a later change touched the same record.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::*;
use crate::rules::{Packs, RuleChoice};
use crate::store::testdb::{Place, both_engines};
use crate::store::{Access, LogFilter, Scope, system_fields};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 29)
}

fn ctx() -> WriteCtx {
    WriteCtx::test_at(10, 0)
}

fn open(path: &Path) -> Store {
    Store::open(path, Access::ReadWrite, today()).unwrap()
}

fn full(store: &Store) -> Dataset {
    store.load(Scope::Full).unwrap()
}

/// What `capdo systems --json` prints, minus the rule-dependent fields.
fn systems_json(store: &Store) -> Value {
    Value::Array(
        store
            .systems()
            .unwrap()
            .iter()
            .map(|s| {
                let mut m: Map<String, Value> = system_fields(s)
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect();
                m.insert("id".into(), json!(s.id));
                m.insert(
                    "last_assessed_on".into(),
                    json!(s.last_assessed_on.map(|d| d.to_string())),
                );
                Value::Object(m)
            })
            .collect(),
    )
}

fn log_len(store: &Store) -> usize {
    store.log(&LogFilter::default()).unwrap().len()
}

fn rules() -> RuleChoice {
    RuleChoice::new(Packs::embedded(), today(), Some("nd85-2016")).unwrap()
}

/// A store holding A (owned, level 2, submitted) and B (owned, level 3), made through ops.
fn setup(at: &Place) -> Store {
    let mut store = open(at.path());
    for (code, level) in [("A", "2"), ("B", "3")] {
        let data = full(&store);
        let op = check_add_system(
            &data,
            &SystemInput::of([
                ("code", code.into()),
                ("name", format!("Hệ thống {code}")),
                ("level", level.into()),
            ]),
            today(),
            Lang::Vi,
        )
        .unwrap();
        apply(&mut store, &ctx(), &op).unwrap();
    }
    store
}

/// Applies `op`, checks that it changed something, undoes it and checks that the dataset and
/// the systems are exactly as before; then applies it again and returns that change.
fn round_trip(store: &mut Store, op: &Op) -> ChangeSet {
    let before = full(store);
    let before_json = systems_json(store);
    let n = log_len(store);
    let cs = apply(store, &ctx(), op).unwrap();
    assert!(!cs.is_empty(), "{op:?} changed nothing");
    assert_eq!(log_len(store), n + cs.len());
    let after = full(store);
    assert_ne!(after, before, "{op:?}");
    let u = undo(store, &ctx(), &cs).unwrap_or_else(|e| panic!("{op:?}: {e}"));
    assert_eq!(u.first_seq, cs.last_seq + 1);
    assert_eq!(u.len(), cs.len() + 1, "a marker and one entry per record");
    assert_eq!(full(store), before, "undo of {op:?}");
    assert_eq!(systems_json(store), before_json, "undo of {op:?}");
    assert_eq!(store.verify().unwrap(), Ok((n + cs.len() + u.len()) as i64));
    // the undo is undone (redo): back to the state after the change
    let r = undo(store, &ctx(), &u).unwrap();
    if store.engine() == crate::store::sql::Engine::Postgres {
        // PostgreSQL: a system added again gets a new id (its sequence never hands one out
        // twice), where SQLite's next rowid (max + 1) is the one the system had
        assert_eq!(no_ids(full(store)), no_ids(after.clone()), "redo of {op:?}");
    } else {
        assert_eq!(full(store), after, "redo of {op:?}");
    }
    // and the change can be undone again, then made once more for the next step
    undo(store, &ctx(), &cs).unwrap();
    assert_eq!(full(store), before);
    let _ = r;
    apply(store, &ctx(), op).unwrap()
}

/// The dataset with its systems' ids left out.
fn no_ids(mut data: Dataset) -> Dataset {
    for s in &mut data.systems {
        s.id = 0;
    }
    data
}

fn check<T>(r: Checked<T>) -> T {
    r.unwrap_or_else(|e| panic!("{e:?}"))
}

/// Checks what `$e` makes of the store's current data, then applies and undoes it.
macro_rules! step {
    ($store:expr, $e:expr) => {{
        let data = full($store);
        let op = check($e(&data));
        round_trip($store, &op)
    }};
}

/// Systems: add, edit, level, decommission, delete, the level dossier up to approval, an
/// assessment.
fn system_operations(store: &mut Store, t: NaiveDate, lang: Lang) {
    step!(store, |d: &Dataset| check_add_system(
        d,
        &SystemInput::of([
            ("code", "C".into()),
            ("name", "Camera".into()),
            ("relation", "used".into())
        ]),
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_edit_system(
        d,
        &SystemInput::of([
            ("code", "A".into()),
            ("name", "Cổng thông tin xã".into()),
            ("owner", "UBND xã".into()),
            ("level", "3".into()),
            ("plan_status", "partial".into()),
            ("go_live_on", "01/01/2025".into()),
            ("notes", "ghi chú".into())
        ]),
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_set_level(
        d,
        &LevelInput {
            code: "B".into(),
            level: "4".into()
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_decommission(
        d,
        &DecommissionInput {
            code: "C".into(),
            on: "01/11/2026".into()
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_delete_system(
        d,
        &DeleteSystemInput { code: "C".into() },
        t,
        lang
    ));
    for (state, on, reference) in [
        ("drafting", "01/09/2026", ""),
        ("submitted", "01/10/2026", "12/TTr"),
        ("appraised", "15/10/2026", "5/YK"),
    ] {
        step!(store, |d: &Dataset| check_dossier(
            d,
            &DossierInput {
                code: "A".into(),
                state: state.into(),
                on: on.into(),
                reference: reference.into(),
                ..Default::default()
            },
            t,
            lang
        ));
    }
    step!(store, |d: &Dataset| check_dossier(
        d,
        &DossierInput {
            code: "A".into(),
            state: "approved".into(),
            on: "20/10/2026".into(),
            reference: "15/QĐ-UBND".into(),
            approver: "Chủ tịch".into(),
            regulation_issued_on: "01/10/2026".into(),
            regulation_ref: "9/QĐ".into(),
            ..Default::default()
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_assessment(
        d,
        &AssessmentInput {
            code: "A".into(),
            on: "25/11/2026".into(),
            result: "findings".into(),
            findings: "2".into(),
            ..Default::default()
        },
        t,
        lang
    ));
}

/// An incident, its initial report and its closing.
fn incident_operations(store: &mut Store, r: &RuleChoice, t: NaiveDate, lang: Lang) {
    step!(store, |d: &Dataset| check_incident(
        d,
        &IncidentInput {
            system: "A".into(),
            title: "Mã độc".into(),
            detected_at: "27/11/2026 08:30".into(),
            kind: "malware".into(),
            beyond_capacity: "yes".into(),
            ..Default::default()
        },
        t,
        lang
    ));
    let incident = full(store).incidents[0].id;
    step!(store, |d: &Dataset| check_incident_report(
        d,
        r,
        &IncidentReportInput {
            incident_id: incident.to_string(),
            report: "initial".into(),
            sent_at: "27/11/2026 09:00".into(),
            recipients: "Công an tỉnh".into(),
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_close_incident(
        d,
        &CloseIncidentInput {
            incident_id: incident.to_string(),
            response_ended_at: "28/11/2026 17:00".into(),
            lessons: "Vá lỗ hổng".into(),
        },
        t,
        lang
    ));
}

/// Projects, custom deadlines, report submissions, the profile, the pin and the intervals.
fn other_operations(store: &mut Store, r: &RuleChoice, t: NaiveDate, lang: Lang) {
    step!(store, |d: &Dataset| check_project(
        d,
        &ProjectInput {
            year: "2026".into(),
            name: "Camera".into(),
            total: "1.000.000".into(),
            security: "100.000".into(),
            ..Default::default()
        },
        t,
        lang
    ));
    let project = full(store).projects[0].id;
    step!(store, |d: &Dataset| check_project(
        d,
        &ProjectInput {
            id: project.to_string(),
            year: "2026".into(),
            name: "Camera giao thông".into(),
            total: "2.000.000".into(),
            security: "300.000".into(),
            ..Default::default()
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_custom(
        d,
        &CustomInput {
            title: "Sao lưu".into(),
            due_on: "05/01/2026".into(),
            recurrence: "monthly".into(),
            system: "A".into(),
            ..Default::default()
        },
        t,
        lang
    ));
    let custom = full(store).customs[0].id;
    step!(store, |d: &Dataset| check_custom(
        d,
        &CustomInput {
            id: custom.to_string(),
            title: "Sao lưu dữ liệu".into(),
            due_on: "05/01/2026".into(),
            recurrence: "monthly".into(),
            system: "B".into(),
            ..Default::default()
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_custom_done(
        d,
        &CustomDoneInput {
            id: custom.to_string(),
            done_on: "06/01/2026".into(),
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_report(
        d,
        r,
        &ReportInput {
            report: "quarterly".into(),
            period: "2026-Q4".into(),
            on: "18/11/2026".into(),
            doc_no: "1/BC".into(),
        },
        t,
        lang
    ));
    // the same report and period again: a correction of the date and number
    step!(store, |d: &Dataset| check_report(
        d,
        r,
        &ReportInput {
            report: "quarterly".into(),
            period: "2026-Q4".into(),
            on: "19/11/2026".into(),
            doc_no: "2/BC".into(),
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_profile(
        d,
        &ProfileInput {
            unit_name: "UBND xã An Hòa".into(),
            tier: "commune".into(),
            officer: "Nguyễn Văn A".into(),
            tracking_start: "01/01/2025".into(),
            ..Default::default()
        },
        t,
        lang
    ));
    step!(store, |d: &Dataset| check_pin(
        d,
        r,
        &PinInput {
            pack: "nd331-2026".into()
        },
        t,
        lang
    ));
    let nd331 = RuleChoice::new(Packs::embedded(), t, Some("nd331-2026")).unwrap();
    step!(store, |d: &Dataset| check_intervals(
        d,
        &nd331,
        &IntervalsInput {
            level1: "24".into(),
            level2: "24".into(),
            level3: "6".into(),
            level4: "6".into(),
            level5: "3".into(),
        },
        t,
        lang
    ));
}

both_engines!(every_operation_round_trips);
fn every_operation_round_trips(at: Place) {
    let mut store = setup(&at);
    let (lang, t, r) = (Lang::En, today(), rules());
    system_operations(&mut store, t, lang);
    incident_operations(&mut store, &r, t, lang);
    other_operations(&mut store, &r, t, lang);
    // the whole history is one intact chain, and the records of A are found by its code
    assert!(store.verify().unwrap().is_ok());
    let of_a = store
        .log(&LogFilter {
            system: Some("A".into()),
        })
        .unwrap();
    for entity in [
        "system",
        "dossier_step",
        "assessment",
        "incident",
        "incident_report",
        "custom",
    ] {
        assert!(of_a.iter().any(|e| e.entity == entity), "{entity}");
    }
    assert!(of_a.iter().any(|e| e.action == "undo"));
}

both_engines!(delete_then_undo_reinserts_with_the_same_id);
fn delete_then_undo_reinserts_with_the_same_id(at: Place) {
    let mut store = setup(&at);
    let b = store.system_by_code("B").unwrap().unwrap();
    let before = full(&store);
    let cs = apply(&mut store, &ctx(), &Op::DeleteSystem { code: "B".into() }).unwrap();
    assert!(store.system_by_code("B").unwrap().is_none());
    let e = store.log(&LogFilter::default()).unwrap();
    let last = e.last().unwrap();
    assert_eq!((last.action.as_str(), last.new.is_none()), ("delete", true));
    assert_eq!(last.old.as_ref().unwrap()["id"], json!(b.id));
    undo(&mut store, &ctx(), &cs).unwrap();
    assert_eq!(store.system_by_code("B").unwrap().unwrap().id, b.id);
    assert_eq!(full(&store), before);
}

both_engines!(undo_refused_after_a_later_change_to_the_same_record);
fn undo_refused_after_a_later_change_to_the_same_record(at: Place) {
    let mut store = setup(&at);
    let edit = |name: &str, notes: &str| {
        Op::EditSystem(
            SystemPatch::new("A")
                .with("name", |s| s.name = name.into())
                .with("notes", |s| s.notes = notes.into()),
        )
    };
    let original = full(&store);
    let first = apply(&mut store, &ctx(), &edit("Tên 1", "")).unwrap();
    let second = apply(&mut store, &ctx(), &edit("Tên 1", "ghi chú")).unwrap();
    let before = full(&store);
    let n = log_len(&store);
    let e = undo(&mut store, &ctx(), &first).unwrap_err();
    let StoreError::Refused { vi, en } = &e else {
        panic!("{e:?}")
    };
    assert!(
        en.contains(&format!("change-log entry #{}", second.first_seq)) && en.contains("system A"),
        "{en}"
    );
    assert!(vi.contains("đã sửa cùng bản ghi"), "{vi}");
    assert_eq!(full(&store), before, "nothing changed");
    assert_eq!(log_len(&store), n, "nothing logged");
    // undoing the later change first makes the earlier one undoable (a stack)
    undo(&mut store, &ctx(), &second).unwrap();
    undo(&mut store, &ctx(), &first).unwrap();
    assert_eq!(full(&store), original);
    // a change to another record does not block
    let a = apply(&mut store, &ctx(), &edit("Tên 2", "")).unwrap();
    apply(
        &mut store,
        &ctx(),
        &Op::SetLevel {
            code: "B".into(),
            level: Level::new(5),
        },
    )
    .unwrap();
    undo(&mut store, &ctx(), &a).unwrap();
    assert_eq!(
        store.system_by_code("A").unwrap().unwrap().name,
        "Hệ thống A"
    );
}

both_engines!(undo_twice_is_refused);
fn undo_twice_is_refused(at: Place) {
    let mut store = setup(&at);
    let data = full(&store);
    let op = check_assessment(
        &data,
        &AssessmentInput {
            code: "A".into(),
            on: "01/11/2026".into(),
            ..Default::default()
        },
        today(),
        Lang::En,
    )
    .unwrap();
    let cs = apply(&mut store, &ctx(), &op).unwrap();
    assert_eq!(
        store.system_by_code("A").unwrap().unwrap().last_assessed_on,
        Some(d(2026, 11, 1))
    );
    let u = undo(&mut store, &ctx(), &cs).unwrap();
    assert_eq!(
        store.system_by_code("A").unwrap().unwrap().last_assessed_on,
        None
    );
    let e = undo(&mut store, &ctx(), &cs).unwrap_err();
    assert!(e.message(Lang::En).contains("already undone"), "{e}");
    assert!(e.message(Lang::Vi).contains("đã được hoàn tác"), "{e}");
    // an empty change set undoes to nothing
    let empty = ChangeSet {
        first_seq: u.last_seq + 1,
        last_seq: u.last_seq,
    };
    assert!(undo(&mut store, &ctx(), &empty).unwrap().is_empty());
    // entries that do not exist
    let e = undo(
        &mut store,
        &ctx(),
        &ChangeSet {
            first_seq: 900,
            last_seq: 901,
        },
    )
    .unwrap_err();
    assert!(e.message(Lang::En).contains("not found"), "{e}");
}

both_engines!(undo_refused_when_the_record_was_changed_behind_the_programs_back);
fn undo_refused_when_the_record_was_changed_behind_the_programs_back(at: Place) {
    let mut store = setup(&at);
    let cs = apply(
        &mut store,
        &ctx(),
        &Op::SetLevel {
            code: "A".into(),
            level: Level::new(4),
        },
    )
    .unwrap();
    store
        .db()
        .execute(
            "UPDATE system SET level = 5 WHERE code = 'A'",
            crate::store::sql::params![],
        )
        .unwrap();
    let e = undo(&mut store, &ctx(), &cs).unwrap_err();
    assert!(e.message(Lang::En).contains("no longer as change"), "{e}");
    assert_eq!(
        store.system_by_code("A").unwrap().unwrap().level,
        Level::new(5)
    );
}

both_engines!(undo_of_an_added_system_refused_once_it_has_history);
fn undo_of_an_added_system_refused_once_it_has_history(at: Place) {
    let mut store = setup(&at);
    let data = full(&store);
    let add = check_add_system(
        &data,
        &SystemInput::of([
            ("code", "N".into()),
            ("name", "Mới".into()),
            ("level", "1".into()),
        ]),
        today(),
        Lang::En,
    )
    .unwrap();
    let cs = apply(&mut store, &ctx(), &add).unwrap();
    let data = full(&store);
    let a = check_assessment(
        &data,
        &AssessmentInput {
            code: "N".into(),
            on: "01/11/2026".into(),
            ..Default::default()
        },
        today(),
        Lang::En,
    )
    .unwrap();
    apply(&mut store, &ctx(), &a).unwrap();
    let e = undo(&mut store, &ctx(), &cs).unwrap_err();
    assert!(
        e.message(Lang::En)
            .starts_with("Cannot undo adding system N"),
        "{e}"
    );
    assert!(store.system_by_code("N").unwrap().is_some());
}

both_engines!(store_refuses_what_changed_since_the_check);
fn store_refuses_what_changed_since_the_check(at: Place) {
    let mut store = setup(&at);
    // a system with history cannot be deleted even by an op checked before the history came
    let data = full(&store);
    let del = check_delete_system(
        &data,
        &DeleteSystemInput { code: "A".into() },
        today(),
        Lang::En,
    )
    .unwrap();
    let op = check_assessment(
        &data,
        &AssessmentInput {
            code: "A".into(),
            on: "01/11/2026".into(),
            ..Default::default()
        },
        today(),
        Lang::En,
    )
    .unwrap();
    apply(&mut store, &ctx(), &op).unwrap();
    let e = apply(&mut store, &ctx(), &del).unwrap_err();
    assert!(matches!(e, StoreError::Refused { .. }), "{e:?}");
    assert!(
        e.message(Lang::En).contains("Decommission it instead"),
        "{e}"
    );
    // a code taken in between
    let add = Op::AddSystem(System::new("B", "again"));
    let e = apply(&mut store, &ctx(), &add).unwrap_err();
    assert!(
        e.message(Lang::Vi).contains("Đã có hệ thống mã \"B\""),
        "{e}"
    );
    // a record gone in between
    let e = apply(
        &mut store,
        &ctx(),
        &Op::CloseIncident {
            incident_id: 42,
            ended_at: ctx().at,
            lessons: "x".into(),
        },
    )
    .unwrap_err();
    assert_eq!(e.message(Lang::En), "No incident with id 42.");
}

both_engines!(a_change_that_changes_nothing_logs_nothing);
fn a_change_that_changes_nothing_logs_nothing(at: Place) {
    let mut store = setup(&at);
    let n = log_len(&store);
    let cs = apply(
        &mut store,
        &ctx(),
        &Op::SetLevel {
            code: "A".into(),
            level: Level::new(2),
        },
    )
    .unwrap();
    assert!(cs.is_empty());
    assert_eq!(log_len(&store), n);
}

both_engines!(imported_systems_can_be_undone_too);
fn imported_systems_can_be_undone_too(at: Place) {
    let mut store = setup(&at);
    let before = full(&store);
    let n = log_len(&store) as i64;
    store
        .import_systems(
            &ctx(),
            &[crate::store::SystemPatch::new("I")
                .with("name", |s| s.name = "Nhập".into())
                .with("level", |s| s.level = Level::new(2))],
            "in.csv",
            false,
        )
        .unwrap();
    let cs = ChangeSet {
        first_seq: n + 1,
        last_seq: n + 1,
    };
    undo(&mut store, &ctx(), &cs).unwrap();
    assert_eq!(full(&store), before);
}

both_engines!(read_only_store_refuses_and_keeps_its_data);
fn read_only_store_refuses_and_keeps_its_data(at: Place) {
    let store = setup(&at);
    let before = (full(&store), log_len(&store));
    drop(store);
    // SQLite: not a byte of the file changes
    let bytes = (!at.is_postgres()).then(|| std::fs::read(at.path()).unwrap());
    let mut ro = Store::open(at.path(), Access::ReadOnly, today()).unwrap();
    let e = apply(
        &mut ro,
        &ctx(),
        &Op::SetLevel {
            code: "A".into(),
            level: Level::new(4),
        },
    )
    .unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    let e = undo(
        &mut ro,
        &ctx(),
        &ChangeSet {
            first_seq: 1,
            last_seq: 1,
        },
    )
    .unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    drop(ro);
    if let Some(bytes) = bytes {
        assert_eq!(std::fs::read(at.path()).unwrap(), bytes);
    }
    let store = open(at.path());
    assert_eq!((full(&store), log_len(&store)), before);
}

both_engines!(a_level_change_on_an_approved_dossier_needs_a_new_approval);
/// The dashboard's paths (form `e`, wizard `w`) move an approved dossier to "cần xác định lại"
/// on a level change, like `capdo record level`; `Op::level_change` tells the dashboard to ask
/// first; undo puts everything back, the dossier step included.
fn a_level_change_on_an_approved_dossier_needs_a_new_approval(at: Place) {
    let mut store = setup(&at);
    let data = full(&store);
    let approve = check_dossier(
        &data,
        &DossierInput {
            code: "B".into(),
            state: "approved".into(),
            on: "01/06/2026".into(),
            reference: "5/QĐ".into(),
            regulation_issued_on: "01/05/2026".into(),
            ..Default::default()
        },
        today(),
        Lang::Vi,
    )
    .unwrap();
    apply(&mut store, &ctx(), &approve).unwrap();
    let data = full(&store);
    let wizard = Op::SetLevel {
        code: "B".into(),
        level: Level::new(2),
    };
    assert_eq!(
        wizard.level_change(&data),
        Some((Level::new(3).unwrap(), Level::new(2)))
    );
    // A's dossier is not approved: no legal effect
    let a = Op::SetLevel {
        code: "A".into(),
        level: Level::new(5),
    };
    assert_eq!(a.level_change(&data), None);
    // the same level: none either
    let same = Op::SetLevel {
        code: "B".into(),
        level: Level::new(3),
    };
    assert_eq!(same.level_change(&data), None);
    let steps_before = data.steps.len();
    let cs = round_trip(&mut store, &wizard);
    assert_eq!(cs.len(), 2, "the system and its dossier step");
    let data = full(&store);
    let b = data.systems.iter().find(|s| s.code == "B").unwrap();
    assert_eq!(b.dossier, DossierState::Redetermine);
    assert_eq!(b.dossier_since, Some(today()));
    assert_eq!(b.approved_level, Level::new(3));
    assert_eq!(
        b.pending_level(),
        Some((Level::new(3).unwrap(), Level::new(2).unwrap()))
    );
    assert_eq!(data.steps.len(), steps_before + 1);
    let step = data.steps.last().unwrap();
    assert_eq!(step.state, DossierState::Redetermine);
    assert_eq!(step.note, "cấp độ 3 → 2");
    // the edit form: another level change keeps the approved level (3)
    let mut input = SystemInput::of([
        ("code", "B".into()),
        ("name", "Hệ thống B".into()),
        ("level", "1".into()),
        ("regulation_issued_on", "01/05/2026".into()),
    ]);
    let edit = check_edit_system(&data, &input, today(), Lang::Vi).unwrap();
    assert_eq!(edit.level_change(&data), None, "no longer approved");
    apply(&mut store, &ctx(), &edit).unwrap();
    let b = store.system_by_code("B").unwrap().unwrap();
    assert_eq!((b.level, b.approved_level), (Level::new(1), Level::new(3)));
    assert_eq!(b.dossier, DossierState::Redetermine);
    // the new level approved: the approved level is forgotten
    let data = full(&store);
    let approve = check_dossier(
        &data,
        &DossierInput {
            code: "B".into(),
            state: "approved".into(),
            on: "29/11/2026".into(),
            reference: "9/QĐ".into(),
            ..Default::default()
        },
        today(),
        Lang::Vi,
    )
    .unwrap();
    apply(&mut store, &ctx(), &approve).unwrap();
    let b = store.system_by_code("B").unwrap().unwrap();
    assert_eq!(b.approved_level, None);
    assert_eq!(b.pending_level(), None);
    // from the edit form on an approved dossier: the same effect
    input.set("level", "4");
    let data = full(&store);
    let edit = check_edit_system(&data, &input, today(), Lang::Vi).unwrap();
    assert_eq!(
        edit.level_change(&data),
        Some((Level::new(1).unwrap(), Level::new(4)))
    );
    apply(&mut store, &ctx(), &edit).unwrap();
    let b = store.system_by_code("B").unwrap().unwrap();
    assert_eq!(b.dossier, DossierState::Redetermine);
    assert_eq!(b.approved_level, Level::new(1));
}
