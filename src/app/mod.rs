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
            &SystemPatch {
                code: code.clone(),
                level: Some(*level),
                ..SystemPatch::default()
            },
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
            &SystemPatch {
                code: code.clone(),
                decommissioned_on: Some(Some(*on)),
                ..SystemPatch::default()
            },
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
            Op::EditSystem(p) => (&p.code, p.level?),
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
        let d = |d: NaiveDate| i18n::date(d);
        match (self, lang) {
            (Op::AddSystem(s), Lang::Vi) => format!("Đã thêm hệ thống {} — {}", s.code, s.name),
            (Op::AddSystem(s), Lang::En) => format!("Added system {} — {}", s.code, s.name),
            (Op::EditSystem(p), Lang::Vi) => format!("Đã cập nhật hệ thống {}", p.code),
            (Op::EditSystem(p), Lang::En) => format!("Updated system {}", p.code),
            (Op::SetLevel { code, level }, _) => match (level, lang) {
                (Some(l), Lang::Vi) => format!("Đã đặt cấp độ {l} cho hệ thống {code}"),
                (Some(l), Lang::En) => format!("Set level {l} on system {code}"),
                (None, Lang::Vi) => format!("Đã xóa cấp độ của hệ thống {code}"),
                (None, Lang::En) => format!("Cleared the level of system {code}"),
            },
            (
                Op::ChangeLevel {
                    code, level, on, ..
                },
                Lang::Vi,
            ) => format!(
                "Đã đặt cấp độ {level} cho hệ thống {code} từ ngày {}",
                d(*on)
            ),
            (
                Op::ChangeLevel {
                    code, level, on, ..
                },
                Lang::En,
            ) => format!("Set level {level} on system {code} from {}", d(*on)),
            (Op::Decommission { code, on }, Lang::Vi) => {
                format!("Hệ thống {code} ngừng sử dụng từ {}", d(*on))
            }
            (Op::Decommission { code, on }, Lang::En) => {
                format!("System {code} decommissioned on {}", d(*on))
            }
            (Op::DeleteSystem { code }, Lang::Vi) => format!("Đã xóa hệ thống {code}"),
            (Op::DeleteSystem { code }, Lang::En) => format!("Deleted system {code}"),
            (Op::Dossier { code, step, .. }, _) => {
                let on = step.on.map(d).unwrap_or_default();
                let r = if step.reference.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", step.reference)
                };
                match lang {
                    Lang::Vi => format!(
                        "Hồ sơ cấp độ của {code}: {} ngày {on}{r}",
                        step.state.label(lang)
                    ),
                    Lang::En => format!(
                        "Level dossier of {code}: {} on {on}{r}",
                        step.state.label(lang)
                    ),
                }
            }
            (
                Op::Assessment {
                    code,
                    assessment: a,
                },
                Lang::Vi,
            ) => format!(
                "Đã ghi nhận kiểm tra, đánh giá {} của {code} ngày {}: {}, {} phát hiện",
                a.kind.label(lang),
                d(a.completed_on),
                a.result.label(lang),
                a.findings
            ),
            (
                Op::Assessment {
                    code,
                    assessment: a,
                },
                Lang::En,
            ) => format!(
                "Recorded a {} assessment of {code} on {}: {}, {} findings",
                a.kind.label(lang),
                d(a.completed_on),
                a.result.label(lang),
                a.findings
            ),
            (Op::Incident { incident, .. }, Lang::Vi) => {
                format!("Đã ghi nhận sự cố: {}", incident.title)
            }
            (Op::Incident { incident, .. }, Lang::En) => {
                format!("Recorded the incident: {}", incident.title)
            }
            (
                Op::IncidentReport {
                    incident_id,
                    report,
                },
                Lang::Vi,
            ) => format!(
                "Đã ghi nhận gửi {} của sự cố {incident_id} lúc {}",
                i18n::incident_report_name(&report.report, None, lang),
                i18n::datetime(report.sent_at)
            ),
            (
                Op::IncidentReport {
                    incident_id,
                    report,
                },
                Lang::En,
            ) => format!(
                "Recorded the {} of incident {incident_id} as sent at {}",
                i18n::incident_report_name(&report.report, None, lang),
                i18n::datetime(report.sent_at)
            ),
            (
                Op::CloseIncident {
                    incident_id,
                    ended_at,
                    ..
                },
                Lang::Vi,
            ) => format!(
                "Sự cố {incident_id} kết thúc ứng phó lúc {}",
                i18n::datetime(*ended_at)
            ),
            (
                Op::CloseIncident {
                    incident_id,
                    ended_at,
                    ..
                },
                Lang::En,
            ) => format!(
                "Incident {incident_id} closed at {}",
                i18n::datetime(*ended_at)
            ),
            (Op::Project(p), Lang::Vi) => format!("Đã lưu dự án {} ({})", p.name, p.year),
            (Op::Project(p), Lang::En) => format!("Saved project {} ({})", p.name, p.year),
            (Op::Custom { custom: c, .. }, Lang::Vi) => {
                format!("Đã lưu hạn: {} ({})", c.title, d(c.due_on))
            }
            (Op::Custom { custom: c, .. }, Lang::En) => {
                format!("Saved deadline: {} ({})", c.title, d(c.due_on))
            }
            (Op::CustomDone { id, done_on }, Lang::Vi) => {
                format!("Đã đánh dấu hoàn thành hạn số {id} (hạn {})", d(*done_on))
            }
            (Op::CustomDone { id, done_on }, Lang::En) => {
                format!("Marked deadline {id} done (due {})", d(*done_on))
            }
            (Op::Report(r), Lang::Vi) => format!(
                "Đã ghi nhận nộp {} ngày {}{}",
                i18n::periodic_report_for(&r.report, r.period, lang),
                d(r.submitted_on),
                if r.doc_no.is_empty() {
                    String::new()
                } else {
                    format!(", văn bản số {}", r.doc_no)
                }
            ),
            (Op::Report(r), Lang::En) => format!(
                "Recorded {} as submitted on {}{}",
                i18n::periodic_report_for(&r.report, r.period, lang),
                d(r.submitted_on),
                if r.doc_no.is_empty() {
                    String::new()
                } else {
                    format!(", document {}", r.doc_no)
                }
            ),
            (Op::Profile { .. }, Lang::Vi) => "Đã cập nhật thông tin đơn vị".to_owned(),
            (Op::Profile { .. }, Lang::En) => "Updated the organisation profile".to_owned(),
            (Op::PinPack(Some(id)), Lang::Vi) => format!("Đã ghim bộ quy tắc {id}"),
            (Op::PinPack(Some(id)), Lang::En) => format!("Pinned rule pack {id}"),
            (Op::PinPack(None), Lang::Vi) => {
                "Đã bỏ ghim; dùng bộ quy tắc có hiệu lực theo ngày".to_owned()
            }
            (Op::PinPack(None), Lang::En) => {
                "Unpinned; the pack in force on the date applies".to_owned()
            }
            (Op::Intervals(Some(m)), _) => {
                let list = m.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
                match lang {
                    Lang::Vi => format!("Chu kỳ đánh giá cấp độ 1–5: {list} tháng"),
                    Lang::En => format!("Assessment intervals for levels 1–5: {list} months"),
                }
            }
            (Op::Intervals(None), Lang::Vi) => {
                "Dùng chu kỳ đánh giá mặc định của bộ quy tắc".to_owned()
            }
            (Op::Intervals(None), Lang::En) => {
                "Using the rule pack's default assessment intervals".to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod store_tests;

// The context, failure and output both adapters (`cli`, `tui`) use, and the use cases they
// share beyond the validated writes above.
pub mod env;
pub mod handover;
pub mod import;
pub mod stdout;
pub use self::env::{Env, ExitStatus, Failure};
