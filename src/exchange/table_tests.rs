//! Every surface sees every field of each record table of `store::tables`: the schema has its
//! column, the change log's image of a new record has it (if logged), the JSON export writes it
//! for every record, and a value set in the document comes back through import (the JSON
//! reader, the restore INSERTs), the dump's SELECTs, the export again and the store's loaders.
//! Adding a field to a table is checked here, on both engines.

use serde_json::{Map, Value, json};

use super::json;
use crate::domain::evidence::EvidenceKind;
use crate::domain::*;
use crate::i18n::Lang;
use crate::store::restore::{CalendarRow, RestoreMode, StepRow, SysRef};
use crate::store::sql::{Engine, params};
use crate::store::tables::{
    ASSESSMENTS, CALENDAR, CUSTOMS, EVIDENCE, Field, INCIDENTS, PROFILE, PROJECTS, REPORTS, STEPS,
    Slot, Table,
};
use crate::store::testdb::{Place, both_engines};
use crate::store::{Access, NewEvidence, Scope, Store, WriteCtx};

/// A record type under test: its table, its array in the document, and its records as the
/// store's loaders give them (as JSON objects of the table's fields).
struct Case<R: 'static> {
    table: &'static Table<R>,
    key: &'static str,
    loaded: fn(&Store) -> Vec<Value>,
    /// Fields the loaders do not read (the store's own stamps).
    not_loaded: &'static [&'static str],
    /// The change log's entity for the record, if its creation is logged with an image.
    /// (`key` names an array of records, or the one record: the profile.)
    entity: Option<&'static str>,
}

/// The table's fields of a record, as the export writes them.
fn fields_of<R>(t: &Table<R>, r: &R) -> Value {
    Value::Object(
        t.fields
            .iter()
            .map(|f| (f.key.to_owned(), f.json(r)))
            .collect(),
    )
}

/// A value for the field that the sample store does not hold there.
fn sample<R>(f: &Field<R>, current: &Value) -> Value {
    let other = |all: fn() -> Vec<&'static str>| {
        let k = all().into_iter().find(|k| current.as_str() != Some(*k));
        json!(k.expect("a second key"))
    };
    match f.slot {
        Slot::Text(..) => json!(format!("sample {}", f.key)),
        // a digest stays one (the reader checks its shape)
        Slot::Raw(..) if current.as_str().is_some_and(|s| s.len() == 64) => json!("ab".repeat(32)),
        Slot::Raw(..) | Slot::OptRaw(..) => json!(format!("sample {}", f.key)),
        Slot::Stamp(..) | Slot::Moment(..) => json!("2031-02-03T04:05:06"),
        Slot::Int { min, .. } => json!(min + 7),
        Slot::Flag(..) | Slot::Bit(..) => json!(current != &json!(true)),
        Slot::Level(..) => json!(if current == &json!(3) { 4 } else { 3 }),
        Slot::Day(..) => json!("2031-02-03"),
        Slot::Date(..) => json!("2031-02-04"),
        Slot::Time(..) => json!("2031-02-05T06:07:08"),
        Slot::Key { all, .. } | Slot::OptKey { all, .. } => other(all),
        Slot::Period(..) => json!("2031-Q3"),
        Slot::OptText(..) => json!(format!("sample {}", f.key)),
        Slot::Months(..) => json!([1, 2, 3, 4, 5]),
    }
}

/// The columns of `table` in the schema.
fn columns(store: &Store, table: &str) -> Vec<String> {
    let q = match store.db().engine() {
        Engine::Sqlite => "SELECT name FROM pragma_table_info(?1)",
        Engine::Postgres => {
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = ?1"
        }
    };
    (store
        .db()
        .collect(q, params![table], |r| r.get::<String>(0)))
    .expect("columns")
}

/// A store on the same engine as `at`.
fn another(at: &Place) -> Place {
    match at.path().to_str().filter(|p| crate::store::pg::is_url(p)) {
        Some(_) => Place::postgres().expect("a PostgreSQL server"),
        None => Place::sqlite(),
    }
}

fn every_surface_sees<R>(at: Place, c: &Case<R>) {
    let ctx = WriteCtx::test_at(9, 0);
    let mut a = Store::open(at.path(), Access::ReadWrite, ctx.today).expect("store");
    crate::sample::load(&mut a, &ctx).expect("sample");
    let day = CalendarDay {
        date: ctx.today,
        working: true,
        note: "make-up day".into(),
    };
    a.set_calendar_day(&ctx, &day).expect("calendar day");
    let code = a.load(Scope::Full).expect("load").systems[0].code.clone();
    let doc = NewEvidence {
        system: code,
        kind: EvidenceKind::Decision,
        path: "decisions/approval.pdf".into(),
        under_root: true,
        size: 1234,
        mtime: None,
        sha256: "0".repeat(64),
        reference: "12/QD".into(),
        on: Some(ctx.today),
        note: "approval".into(),
        proves: None,
    };
    a.add_evidence(&ctx, &doc).expect("evidence");
    // a step through the undoable edits, which log its row image
    let step = DossierStep {
        id: 0,
        system_id: 0,
        state: DossierState::Drafting,
        on: Some(ctx.today),
        reference: "1/TTr".into(),
        actor: "officer".into(),
        note: "drafting".into(),
    };
    (a.record_dossier_step(&ctx, &doc.system, &step, None)).expect("step");
    // the schema has a column for each field
    let cols = columns(&a, c.table.name);
    for f in c.table.fields {
        assert!(cols.iter().any(|x| x == f.column), "no column {}", f.column);
    }
    // the change log's image of a new record has every logged field (by key, or by column
    // in an undoable edit's row image)
    let dump = a.dump().expect("dump");
    if let Some(entity) = c.entity {
        let img = (dump.log.iter())
            .find(|l| l.entity == entity && l.action == "create")
            .and_then(|l| l.new.as_deref())
            .unwrap_or_else(|| panic!("no {entity} created in the log"));
        let img: Value = serde_json::from_str(img).expect("image");
        for f in c.table.fields.iter().filter(|f| f.logged) {
            let has = img.get(f.key).or_else(|| img.get(f.column)).is_some();
            assert!(has, "no {} in the image {img}", f.key);
        }
    }
    // the export writes every field of every record
    let bytes = json::to_json(&dump).expect("json");
    let mut doc: Value = serde_json::from_slice(&bytes).expect("json");
    let rows: Vec<&mut Value> = match &mut doc[c.key] {
        Value::Array(a) => a.iter_mut().collect(),
        one @ Value::Object(_) => vec![one],
        other => panic!("{}: {other}", c.key),
    };
    assert!(!rows.is_empty(), "no {} in the sample", c.key);
    for r in rows.iter() {
        for f in c.table.fields {
            assert!(r.get(f.key).is_some(), "no {} in {r}", f.key);
        }
    }
    // a new value in every field comes back through import, the dump and the export
    let row = rows.into_iter().next().and_then(Value::as_object_mut);
    let row = row.expect("object");
    let mut want = Map::new();
    for f in c.table.fields {
        let v = sample(f, &row[f.key]);
        assert_ne!(v, row[f.key], "{}", f.key);
        row.insert(f.key.into(), v.clone());
        want.insert(f.key.into(), v);
    }
    let edited = serde_json::to_vec(&doc).expect("json");
    let dump = json::parse("t.json", &edited, Lang::En)
        .unwrap_or_else(|e| panic!("{}", json::render(&e, Lang::En)));
    let b_at = another(&at);
    let mut b = Store::open(b_at.path(), Access::ReadWrite, ctx.today).expect("store");
    b.restore(&ctx, &dump, "t.json", RestoreMode::default())
        .expect("restore");
    let again = json::to_json(&b.dump().expect("dump")).expect("json");
    let again: Value = serde_json::from_slice(&again).expect("json");
    let agrees = |r: &Value, skip: &[&str]| {
        (want.iter())
            .filter(|(k, _)| !skip.contains(&k.as_str()))
            .all(|(k, v)| &r[k] == v)
    };
    let back: Vec<&Value> = match &again[c.key] {
        Value::Array(a) => a.iter().collect(),
        one => vec![one],
    };
    assert!(
        back.iter().any(|r| agrees(r, &[])),
        "{want:?} not restored in {back:?}"
    );
    // and the store's loaders read it
    let loaded = (c.loaded)(&b);
    assert!(
        loaded.iter().any(|r| agrees(r, c.not_loaded)),
        "{want:?} not loaded: {loaded:?}"
    );
}

/// The store's records as its loaders read them.
fn data(s: &Store) -> Dataset {
    s.load(Scope::Full).expect("load")
}

/// A loaded dossier step as the dump holds it (no stamp, no system reference).
fn step_row(s: &DossierStep) -> StepRow {
    StepRow {
        id: s.id,
        system: SysRef {
            unit: String::new(),
            code: String::new(),
        },
        state: s.state,
        on: s.on,
        reference: s.reference.clone(),
        actor: s.actor.clone(),
        note: s.note.clone(),
        recorded_at: String::new(),
    }
}

both_engines!(
    every_surface_sees_every_field_of_the_profile,
    every_surface_sees_every_field_of_a_dossier_step,
    every_surface_sees_every_field_of_an_assessment,
    every_surface_sees_every_field_of_an_incident,
    every_surface_sees_every_field_of_a_project,
    every_surface_sees_every_field_of_a_report_submission,
    every_surface_sees_every_field_of_a_custom_deadline,
    every_surface_sees_every_field_of_a_calendar_day,
    every_surface_sees_every_field_of_an_evidence_record,
);

fn every_surface_sees_every_field_of_the_profile(at: Place) {
    let loaded = |s: &Store| vec![fields_of(&PROFILE, &s.profile().expect("profile"))];
    every_surface_sees(
        at,
        &Case {
            table: &PROFILE,
            key: "profile",
            loaded,
            not_loaded: &[],
            // its changes are logged field by field (`capdo log`'s labels cover them)
            entity: None,
        },
    );
}

fn every_surface_sees_every_field_of_a_dossier_step(at: Place) {
    let loaded = |s: &Store| {
        let steps = data(s).steps;
        let rows = steps.iter().map(step_row);
        rows.map(|s| fields_of(&STEPS, &s)).collect()
    };
    every_surface_sees(
        at,
        &Case {
            table: &STEPS,
            key: "dossier_steps",
            loaded,
            not_loaded: &["recorded_at"],
            entity: Some("dossier_step"),
        },
    );
}

fn every_surface_sees_every_field_of_an_assessment(at: Place) {
    every_surface_sees(
        at,
        &Case {
            table: &ASSESSMENTS,
            key: "assessments",
            loaded: |s| {
                (data(s)
                    .assessments
                    .iter()
                    .map(|a| fields_of(&ASSESSMENTS, a)))
                .collect()
            },
            not_loaded: &[],
            entity: Some("assessment"),
        },
    );
}

fn every_surface_sees_every_field_of_an_incident(at: Place) {
    every_surface_sees(
        at,
        &Case {
            table: &INCIDENTS,
            key: "incidents",
            loaded: |s| (data(s).incidents.iter().map(|i| fields_of(&INCIDENTS, i))).collect(),
            not_loaded: &[],
            entity: Some("incident"),
        },
    );
}

fn every_surface_sees_every_field_of_a_project(at: Place) {
    every_surface_sees(
        at,
        &Case {
            table: &PROJECTS,
            key: "projects",
            loaded: |s| (data(s).projects.iter().map(|p| fields_of(&PROJECTS, p))).collect(),
            not_loaded: &[],
            entity: Some("project"),
        },
    );
}

fn every_surface_sees_every_field_of_a_report_submission(at: Place) {
    every_surface_sees(
        at,
        &Case {
            table: &REPORTS,
            key: "report_submissions",
            loaded: |s| (data(s).reports.iter().map(|r| fields_of(&REPORTS, r))).collect(),
            not_loaded: &[],
            entity: Some("report"),
        },
    );
}

fn every_surface_sees_every_field_of_a_custom_deadline(at: Place) {
    every_surface_sees(
        at,
        &Case {
            table: &CUSTOMS,
            key: "custom_deadlines",
            loaded: |s| (data(s).customs.iter().map(|c| fields_of(&CUSTOMS, c))).collect(),
            not_loaded: &[],
            entity: Some("custom"),
        },
    );
}

fn every_surface_sees_every_field_of_a_calendar_day(at: Place) {
    let loaded = |s: &Store| {
        let rows = data(s).calendar.into_iter().map(|day| CalendarRow {
            day,
            added_at: String::new(),
        });
        rows.map(|c| fields_of(&CALENDAR, &c)).collect()
    };
    every_surface_sees(
        at,
        &Case {
            table: &CALENDAR,
            key: "calendar_days",
            loaded,
            not_loaded: &["added_at"],
            entity: Some("calendar"),
        },
    );
}

fn every_surface_sees_every_field_of_an_evidence_record(at: Place) {
    let loaded = |s: &Store| {
        let rows = s.evidence(None).expect("evidence");
        (rows.iter().map(|e| fields_of(&EVIDENCE, e))).collect()
    };
    every_surface_sees(
        at,
        &Case {
            table: &EVIDENCE,
            key: "evidence",
            loaded,
            not_loaded: &[],
            entity: Some("evidence"),
        },
    );
}
