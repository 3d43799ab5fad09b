//! The application layer: the one context (`Env`), failure (`Failure`, whose `ExitStatus`
//! is the exit status) and every use case both adapters share. Below: the validated write
//! operations, shared by the command line and the dashboard's forms.
//!
//! Inputs are the raw strings a user typed (a CLI flag or a form field), so both share one
//! parser and one set of messages. A `check_*` function turns an input into an [`Op`], or into
//! every problem found, each naming its field (the input struct's field name) with a message in
//! the chosen language. [`apply`] writes an `Op` in one transaction together with its
//! change-log entries and returns them as a [`ChangeSet`]; [`undo`] reverts such a change in one
//! transaction, itself logged with action "undo".
//!
//! Checks read the dataset as loaded (`Scope::Full` gives them the dossier steps and
//! assessments too; with `Scope::Rules` they fall back on the system's own fields). The store
//! re-checks what could have changed in between (the record still exists, a code is still
//! free, a system still has no history) and refuses with [`StoreError::Refused`].

pub mod evidence;
mod incident;
mod other;
mod system;
pub mod valid;

use chrono::{NaiveDate, NaiveDateTime};

pub use self::incident::{
    CloseIncidentInput, IncidentInput, IncidentReportInput, check_close_incident, check_incident,
    check_incident_report,
};
pub use self::other::{
    CustomDoneInput, CustomInput, INTERVALS_FIELD, IntervalsInput, PinInput, ProfileInput,
    ProjectInput, ReportInput, check_custom, check_custom_done, check_intervals, check_pin,
    check_profile, check_project, check_report,
};
pub use self::system::{
    AssessmentInput, ChangeLevelInput, DecommissionInput, DeleteSystemInput, DossierInput,
    LevelInput, SystemInput, check_add_system, check_assessment, check_change_level,
    check_decommission, check_delete_system, check_dossier, check_edit_system, check_set_level,
    dossier_can_move, dossier_targets,
};
pub use self::valid::{MAX_CODE, MAX_NOTES, MAX_TEXT, Money, parse_money};
pub use crate::store::ChangeSet;

use crate::domain::*;
use crate::i18n::{self, Lang};
use crate::store::{Store, StoreError, SystemPatch, WriteCtx};

/// A problem with one field of an input, the message already in the chosen language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The input struct's field name (also the dashboard form's field key).
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    /// `field: message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A validated value, or every problem found (not just the first).
pub type Checked<T> = Result<T, Vec<FieldError>>;

/// A fully validated change, ready for [`apply`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// A new system (its `id` is ignored).
    AddSystem(System),
    /// New values for a system's editable fields (every field set; the code names it).
    EditSystem(SystemPatch),
    /// The level the wizard proposed (or cleared), saved to the system.
    SetLevel {
        code: String,
        level: Option<Level>,
    },
    /// A level set from the shell (`capdo record level`), dated, with a reason.
    ChangeLevel {
        code: String,
        level: Level,
        on: NaiveDate,
        reason: String,
    },
    Decommission {
        code: String,
        on: NaiveDate,
    },
    /// Deletes a system with no history.
    DeleteSystem {
        code: String,
    },
    /// A dossier step; `regulation` (issue date, reference) also sets the system's security
    /// regulation in the same change.
    Dossier {
        code: String,
        step: DossierStep,
        regulation: Option<(Option<NaiveDate>, String)>,
    },
    Assessment {
        code: String,
        assessment: Assessment,
    },
    Incident {
        system: Option<String>,
        incident: Incident,
    },
    IncidentReport {
        incident_id: i64,
        report: SentReport,
    },
    CloseIncident {
        incident_id: i64,
        ended_at: NaiveDateTime,
        lessons: String,
    },
    /// A project to add (`id == 0`) or change.
    Project(Project),
    /// A custom deadline to add (`id == 0`) or change (its done date is kept).
    Custom {
        custom: CustomDeadline,
        system: Option<String>,
    },
    /// Marks a custom deadline done; for a recurring one `done_on` is the occurrence's due date.
    CustomDone {
        id: i64,
        done_on: NaiveDate,
    },
    /// A periodic report submitted (replaces an earlier record of the same report and period).
    Report(ReportSubmission),
    Profile {
        unit_name: String,
        tier: Tier,
        parent_authority: String,
        officer: String,
        tracking_start: NaiveDate,
    },
    /// Pins a rule pack by id, or unpins.
    PinPack(Option<String>),
    /// Officer-set assessment intervals (months for levels 1–5), or the pack's defaults.
    Intervals(Option<[u32; 5]>),
}

/// Writes `op` in one transaction with its change-log entries.
pub fn apply(store: &mut Store, ctx: &WriteCtx, op: &Op) -> Result<ChangeSet, StoreError> {
    match op {
        Op::AddSystem(s) => store.create_system(ctx, s),
        Op::EditSystem(p) => store.patch_system(ctx, p, "update"),
        Op::SetLevel { code, level } => store.patch_system(
            ctx,
            &SystemPatch::new(code).with("level", |s| s.level = *level),
            "level",
        ),
        Op::ChangeLevel {
            code,
            level,
            on,
            reason,
        } => store.change_level(ctx, code, Some(*level), *on, reason),
        Op::Decommission { code, on } => store.patch_system(
            ctx,
            &SystemPatch::new(code).with("decommissioned_on", |s| s.decommissioned_on = Some(*on)),
            "decommission",
        ),
        Op::DeleteSystem { code } => store.delete_system(ctx, code),
        Op::Dossier {
            code,
            step,
            regulation,
        } => store.record_dossier_step(ctx, code, step, regulation.clone()),
        Op::Assessment { code, assessment } => store.record_assessment(ctx, code, assessment),
        Op::Incident { system, incident } => {
            store.record_incident(ctx, system.as_deref(), incident)
        }
        Op::IncidentReport {
            incident_id,
            report,
        } => store.record_incident_report(ctx, *incident_id, report),
        Op::CloseIncident {
            incident_id,
            ended_at,
            lessons,
        } => store.close_incident(ctx, *incident_id, *ended_at, lessons),
        Op::Project(p) => store.save_project(ctx, p),
        Op::Custom { custom, system } => store.save_custom(ctx, custom, system.as_deref()),
        Op::CustomDone { id, done_on } => store.mark_custom_done(ctx, *id, *done_on),
        Op::Report(r) => store.save_report_submission(ctx, r),
        Op::Profile {
            unit_name,
            tier,
            parent_authority,
            officer,
            tracking_start,
        } => store.update_profile(ctx, |p| {
            p.unit_name = unit_name.clone();
            p.tier = *tier;
            p.parent_authority = parent_authority.clone();
            p.officer = officer.clone();
            p.tracking_start = *tracking_start;
        }),
        Op::PinPack(id) => store.update_profile(ctx, |p| p.pinned_pack = id.clone()),
        Op::Intervals(m) => store.update_profile(ctx, |p| p.assessment_months = *m),
    }
}

/// Reverts the change `cs` in one transaction (logged with action "undo"): every record it
/// touched gets its previous values back, a record it created is deleted, a record it deleted
/// comes back with the same id. Refused (`StoreError::Refused`, with a message in both
/// languages) when it was already undone, when a later change touched one of its records, or
/// when a record is no longer as the change left it. The returned change set can itself be
/// undone (redo).
pub fn undo(store: &mut Store, ctx: &WriteCtx, cs: &ChangeSet) -> Result<ChangeSet, StoreError> {
    store.undo(ctx, cs)
}

impl Op {
    /// The system the change is about, if any.
    pub fn system_code(&self) -> Option<&str> {
        match self {
            Op::AddSystem(s) => Some(&s.code),
            Op::EditSystem(p) => Some(&p.code),
            Op::SetLevel { code, .. }
            | Op::ChangeLevel { code, .. }
            | Op::Decommission { code, .. }
            | Op::DeleteSystem { code }
            | Op::Dossier { code, .. }
            | Op::Assessment { code, .. } => Some(code),
            Op::Incident { system, .. } | Op::Custom { system, .. } => system.as_deref(),
            _ => None,
        }
    }

    /// The level change this op makes on a system whose dossier is approved for another level:
    /// (approved level, new level). Such a change has legal effect — on saving, the dossier
    /// moves to "cần xác định lại" — so the dashboard asks first ("cấp độ 5 → 2").
    pub fn level_change(&self, data: &Dataset) -> Option<(Level, Option<Level>)> {
        let (code, level) = match self {
            Op::EditSystem(p) => (&p.code, p.sets_level()?),
            Op::SetLevel { code, level } => (code, *level),
            Op::ChangeLevel { code, level, .. } => (code, Some(*level)),
            _ => return None,
        };
        data.systems
            .iter()
            .find(|s| s.unit.is_empty() && s.code == *code)?
            .level_change_effect(level)
    }

    /// Whether the change destroys or retires something (the dashboard asks first).
    pub fn destructive(&self) -> bool {
        matches!(self, Op::DeleteSystem { .. } | Op::Decommission { .. })
    }

    /// One line saying what was recorded, for a confirmation.
    pub fn describe(&self, lang: Lang) -> String {
        use i18n::msg::app::describe as m;
        let d = |d: NaiveDate| i18n::date(d);
        match self {
            Op::AddSystem(s) => m::AddSystem {
                code: &s.code,
                name: &s.name,
            }
            .text(lang),
            Op::EditSystem(p) => m::EditSystem { code: &p.code }.text(lang),
            Op::SetLevel {
                code,
                level: Some(level),
            } => m::SetLevel { level, code }.text(lang),
            Op::SetLevel { code, level: None } => m::ClearLevel { code }.text(lang),
            Op::ChangeLevel {
                code, level, on, ..
            } => m::ChangeLevel {
                level,
                code,
                on: d(*on),
            }
            .text(lang),
            Op::Decommission { code, on } => m::Decommission { code, on: d(*on) }.text(lang),
            Op::DeleteSystem { code } => m::DeleteSystem { code }.text(lang),
            Op::Dossier { code, step, .. } => m::Dossier {
                code,
                state: step.state.label(lang),
                on: step.on.map(d).unwrap_or_default(),
                reference: if step.reference.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", step.reference)
                },
            }
            .text(lang),
            Op::Assessment {
                code,
                assessment: a,
            } => m::Assessment {
                kind: a.kind.label(lang),
                code,
                on: d(a.completed_on),
                result: a.result.label(lang),
                findings: a.findings,
            }
            .text(lang),
            Op::Incident { incident, .. } => m::Incident {
                title: &incident.title,
            }
            .text(lang),
            Op::IncidentReport {
                incident_id,
                report,
            } => m::IncidentReport {
                report: i18n::incident_report_name(&report.report, None, lang),
                id: incident_id,
                at: i18n::datetime(report.sent_at),
            }
            .text(lang),
            Op::CloseIncident {
                incident_id,
                ended_at,
                ..
            } => m::CloseIncident {
                id: incident_id,
                at: i18n::datetime(*ended_at),
            }
            .text(lang),
            Op::Project(p) => m::Project {
                name: &p.name,
                year: p.year,
            }
            .text(lang),
            Op::Custom { custom: c, .. } => m::Custom {
                title: &c.title,
                due: d(c.due_on),
            }
            .text(lang),
            Op::CustomDone { id, done_on } => m::CustomDone {
                id,
                due: d(*done_on),
            }
            .text(lang),
            Op::Report(r) => m::Report {
                report: i18n::periodic_report_for(&r.report, r.period, lang),
                on: d(r.submitted_on),
                document: if r.doc_no.is_empty() {
                    String::new()
                } else {
                    m::ReportDocument { doc_no: &r.doc_no }.text(lang)
                },
            }
            .text(lang),
            Op::Profile { .. } => m::PROFILE.text(lang).to_owned(),
            Op::PinPack(Some(id)) => m::PinPack { id }.text(lang),
            Op::PinPack(None) => m::UNPIN_PACK.text(lang).to_owned(),
            Op::Intervals(Some(months)) => m::Intervals {
                list: months
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            }
            .text(lang),
            Op::Intervals(None) => m::DEFAULT_INTERVALS.text(lang).to_owned(),
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod store_tests;

// The context, failure and output both adapters (`cli`, `tui`) use, and the use cases they
// share beyond the validated writes above.
pub mod admin;
pub mod backup;
pub mod env;
pub mod export;
pub mod handover;
pub mod import;
pub mod merge;
pub mod report;
pub mod stdout;
pub use self::env::{Env, ExitStatus, Failure};
