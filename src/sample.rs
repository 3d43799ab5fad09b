//! The demo dataset (assets/sample): an invented commune, loaded through the same import and
//! write paths as real data.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::*;
use crate::exchange::{self, inventory};
use crate::i18n::Lang;
use crate::store::{Store, StoreError, SystemPatch, WriteCtx};

pub const INVENTORY_CSV: &str = include_str!("../assets/sample/inventory.csv");
pub const EXTRA_TOML: &str = include_str!("../assets/sample/extra.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Extra {
    profile: ProfileIn,
    #[serde(default)]
    decommission: Vec<DatedCode>,
    #[serde(default)]
    regulation: Vec<DatedCode>,
    #[serde(default)]
    step: Vec<StepIn>,
    #[serde(default)]
    assessment: Vec<AssessmentIn>,
    #[serde(default)]
    incident: Vec<IncidentIn>,
    #[serde(default)]
    project: Vec<ProjectIn>,
    #[serde(default)]
    report: Vec<ReportIn>,
    #[serde(default)]
    custom: Vec<CustomIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileIn {
    unit_name: String,
    tier: Tier,
    parent_authority: String,
    officer: String,
    tracking_start: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DatedCode {
    code: String,
    on: NaiveDate,
    #[serde(default)]
    reference: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepIn {
    code: String,
    state: DossierState,
    on: NaiveDate,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssessmentIn {
    code: String,
    on: NaiveDate,
    kind: AssessmentKind,
    assessor: String,
    result: AssessmentResult,
    #[serde(default)]
    findings: i64,
    #[serde(default)]
    notes: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IncidentIn {
    system: Option<String>,
    title: String,
    detected_at: chrono::NaiveDateTime,
    kind: IncidentKind,
    severity: Severity,
    #[serde(default)]
    beyond_capacity: bool,
    #[serde(default)]
    national_security: bool,
    #[serde(default)]
    serious_disruption: bool,
    response_ended_at: Option<chrono::NaiveDateTime>,
    #[serde(default)]
    lessons: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    report: Vec<SentIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SentIn {
    report: String,
    sent_at: chrono::NaiveDateTime,
    recipients: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectIn {
    year: i32,
    name: String,
    total: i64,
    security: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportIn {
    report: String,
    period: String,
    submitted_on: NaiveDate,
    doc_no: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomIn {
    title: String,
    due_on: NaiveDate,
    recurrence: Option<Recurrence>,
    source_doc: String,
    system: Option<String>,
    done_on: Option<NaiveDate>,
}

/// Why the sample could not be loaded (a build defect: the tests load it).
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("sample data: {0}")]
    Data(String),
}

/// Fills an empty store with the sample commune.
pub fn load(store: &mut Store, ctx: &WriteCtx) -> Result<(), SampleError> {
    let extra: Extra = toml::from_str(EXTRA_TOML).map_err(|e| SampleError::Data(e.to_string()))?;
    let start = extra.profile.tracking_start;
    let mut profile = store.profile()?;
    profile.unit_name = extra.profile.unit_name;
    profile.tier = extra.profile.tier;
    profile.parent_authority = extra.profile.parent_authority;
    profile.officer = extra.profile.officer;
    profile.tracking_start = start;
    store.set_profile(ctx, &profile)?;

    let import_ctx = WriteCtx {
        today: start,
        ..ctx.clone()
    };
    let table = exchange::csv::read_table("inventory.csv", INVENTORY_CSV.as_bytes(), Lang::Vi)
        .map_err(|e| SampleError::Data(e.render(Lang::En)))?;
    let parsed = inventory::rows_to_patches("inventory.csv", &table, start, Lang::Vi)
        .map_err(|e| SampleError::Data(e.render(Lang::En)))?;
    let patches: Vec<SystemPatch> = parsed.rows.into_iter().map(|r| r.patch).collect();
    store.import_systems(
        &import_ctx,
        &patches,
        crate::i18n::msg::store::SAMPLE_SOURCE.vi,
        false,
    )?;

    for d in &extra.decommission {
        let p = SystemPatch::new(&d.code)
            .with("decommissioned_on", |s| s.decommissioned_on = Some(d.on));
        store.import_systems(ctx, &[p], "sample", false)?;
    }
    for d in &extra.regulation {
        let p = SystemPatch::new(&d.code)
            .with("regulation_issued_on", |s| {
                s.regulation_issued_on = Some(d.on)
            })
            .with("regulation_ref", |s| s.regulation_ref = d.reference.clone());
        store.import_systems(ctx, &[p], "sample", false)?;
    }
    for s in &extra.step {
        let step = DossierStep {
            id: 0,
            system_id: 0,
            state: s.state,
            on: Some(s.on),
            reference: s.reference.clone(),
            actor: s.actor.clone(),
            note: s.note.clone(),
        };
        store.add_dossier_step(ctx, &s.code, &step)?;
    }
    for a in &extra.assessment {
        let x = Assessment {
            id: 0,
            system_id: 0,
            completed_on: a.on,
            kind: a.kind,
            assessor: a.assessor.clone(),
            result: a.result,
            findings: a.findings,
            notes: a.notes.clone(),
        };
        store.add_assessment(ctx, &a.code, &x)?;
    }
    for i in &extra.incident {
        let inc = Incident {
            id: 0,
            system_id: None,
            title: i.title.clone(),
            detected_at: i.detected_at,
            kind: i.kind,
            severity: i.severity,
            beyond_capacity: i.beyond_capacity,
            national_security: i.national_security,
            serious_disruption: i.serious_disruption,
            response_ended_at: i.response_ended_at,
            lessons: i.lessons.clone(),
            notes: i.notes.clone(),
            reports: i
                .report
                .iter()
                .map(|r| SentReport {
                    report: r.report.clone(),
                    sent_at: r.sent_at,
                    recipients: r.recipients.clone(),
                })
                .collect(),
        };
        store.add_incident(ctx, i.system.as_deref(), &inc)?;
    }
    for p in &extra.project {
        let x = Project {
            id: 0,
            year: p.year,
            name: p.name.clone(),
            total_budget: p.total,
            security_budget: p.security,
            notes: String::new(),
        };
        store.add_project(ctx, &x)?;
    }
    for r in &extra.report {
        let period = Period::parse(&r.period)
            .ok_or_else(|| SampleError::Data(format!("period {}", r.period)))?;
        let x = ReportSubmission {
            id: 0,
            report: r.report.clone(),
            period,
            submitted_on: r.submitted_on,
            doc_no: r.doc_no.clone(),
        };
        store.add_report_submission(ctx, &x)?;
    }
    for c in &extra.custom {
        let x = CustomDeadline {
            id: 0,
            title: c.title.clone(),
            due_on: c.due_on,
            recurrence: c.recurrence,
            source_doc: c.source_doc.clone(),
            system_id: None,
            done_on: c.done_on,
            notes: String::new(),
        };
        store.add_custom_deadline(ctx, &x, c.system.as_deref())?;
    }
    Ok(())
}

/// A throwaway in-memory store holding the sample.
pub fn demo_store(ctx: &WriteCtx) -> Result<Store, SampleError> {
    let mut store = Store::in_memory(ctx.today)?;
    load(&mut store, ctx)?;
    Ok(store)
}
