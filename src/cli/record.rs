//! `capdo record assessment|dossier|level|report`: quick updates from a shell, validated by the same
//! `ops` checks as the dashboard's forms; and the refusal of every write under `--read-only`.

use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::{Command, Env, ExitStatus, Failure, emit};
use crate::app::{self, FieldError, Op};
use crate::i18n::msg::{cli, cli::record as m};
use crate::i18n::{Lang, count_of};
use crate::store::{Access, Scope, StoreError};

#[derive(Debug, Args)]
pub struct RecordArgs {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, Subcommand)]
pub enum What {
    /// A completed assessment (kiểm tra, đánh giá) of a system.
    Assessment(AssessmentArgs),
    /// A step of a system's level dossier (hồ sơ đề xuất cấp độ).
    Dossier(DossierArgs),
    /// A new security level (cấp độ) of a system; on an approved dossier the dossier moves to
    /// "cần xác định lại" until the new level is approved.
    Level(LevelArgs),
    /// A periodic report submitted (quarterly, annual, annual-internal).
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct LevelArgs {
    /// The system code.
    pub code: String,
    /// The new level, 1 to 5.
    #[arg(long, value_name = "N")]
    pub level: String,
    /// The day the level was decided (dd/mm/yyyy or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// Why the level changed (kept in the dossier step's note).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct AssessmentArgs {
    /// The system code.
    pub code: String,
    /// The day it was completed (dd/mm/yyyy or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// periodic (default), adhoc or pre-go-live.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Who assessed.
    #[arg(long, value_name = "TEXT")]
    pub assessor: Option<String>,
    /// pass (default) or findings.
    #[arg(long, value_name = "RESULT")]
    pub result: Option<String>,
    /// Number of findings (default 0).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub findings: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct DossierArgs {
    /// The system code.
    pub code: String,
    /// drafting, submitted, appraised, approved or redetermine.
    #[arg(long, value_name = "STATE")]
    pub state: String,
    /// The day of the step (dd/mm/yyyy or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// The approval decision's number (approved) or the appraisal opinion's (appraised).
    #[arg(long, value_name = "NO", visible_alias = "reference")]
    pub decision: Option<String>,
    /// Who approved (signed the decision).
    #[arg(long, value_name = "TEXT")]
    pub approver: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Also set the day the system's security regulation (quy chế) was issued; approval needs
    /// one issued on or before the approval day.
    #[arg(long, value_name = "DATE")]
    pub regulation_issued: Option<String>,
    /// Also set the number of the decision issuing the security regulation.
    #[arg(long, value_name = "NO")]
    pub regulation_ref: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The report id in the rules in force: quarterly (until 18/08/2026), annual, annual-internal.
    pub report: String,
    /// The period: 2026-Q4 for a quarterly report, 2026 for a yearly one.
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// The day it was sent (dd/mm/yyyy or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub on: String,
    /// The document number.
    #[arg(long, value_name = "NO")]
    pub doc: Option<String>,
}

/// Refuses a command that writes to the store when `--read-only` is on, before the store is
/// opened (so not one byte of it changes).
pub fn refuse_read_only(env: &Env, cmd: &Command) -> Result<(), Failure> {
    let writes = match cmd {
        Command::Record(_) | Command::Import(_) | Command::Merge(_) | Command::Restore(_) => true,
        Command::Calendar(c) => matches!(c.what, super::calendar::What::Add(_)),
        Command::Profile(p) => p.writes(),
        Command::Evidence(e) => e.writes(),
        _ => false,
    };
    if env.read_only && writes {
        return Err(read_only(env.lang));
    }
    Ok(())
}

fn read_only(lang: Lang) -> Failure {
    Failure {
        kind: ExitStatus::ReadOnly,
        message: m::READ_ONLY.text(lang).to_owned(),
    }
}

/// The CLI name of an ops field, where the flag is spelled differently.
fn flag_name(field: &str, what: &What) -> String {
    match (field, what) {
        ("reference", What::Dossier(_)) => "decision".into(),
        ("regulation_issued_on", What::Dossier(_)) => "regulation-issued".into(),
        ("regulation_ref", What::Dossier(_)) => "regulation-ref".into(),
        ("doc_no", What::Report(_)) => "doc".into(),
        (f, _) => f.to_owned(),
    }
}

fn invalid(errs: &[FieldError], what: &What, lang: Lang) -> Failure {
    let n = errs.len();
    let mut s = if n == 1 {
        m::NotRecordedOne { n }.text(lang)
    } else {
        m::NotRecorded { n }.text(lang)
    };
    s.push('\n');
    for e in errs {
        s.push_str(&format!("{}: {}\n", flag_name(e.field, what), e.message));
    }
    let problems = count_of(lang, errs.len(), cli::PROBLEMS_ONE, cli::PROBLEMS);
    s.push_str(&cli::NothingWritten { problems }.text(lang));
    Failure::input(s)
}

/// The new level an op sets, as shown ("—" when cleared).
fn op_level(op: &Op) -> String {
    match op {
        Op::ChangeLevel { level, .. }
        | Op::SetLevel {
            level: Some(level), ..
        } => level.to_string(),
        _ => "—".into(),
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

pub fn run(env: &Env, a: &RecordArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    if env.read_only {
        return Err(read_only(lang));
    }
    let mut store = env.open(Access::ReadWrite)?;
    let data = store
        .load(Scope::Full)
        .map_err(|e| Failure::store(&e, lang))?;
    let today = env.today();
    let checked = match &a.what {
        What::Assessment(x) => app::check_assessment(
            &data,
            &app::AssessmentInput {
                code: x.code.clone(),
                on: x.on.clone(),
                kind: opt(&x.kind),
                assessor: opt(&x.assessor),
                result: opt(&x.result),
                findings: opt(&x.findings),
                notes: opt(&x.notes),
            },
            today,
            lang,
        ),
        What::Dossier(x) => app::check_dossier(
            &data,
            &app::DossierInput {
                code: x.code.clone(),
                state: x.state.clone(),
                on: x.on.clone(),
                reference: opt(&x.decision),
                approver: opt(&x.approver),
                note: opt(&x.note),
                regulation_issued_on: opt(&x.regulation_issued),
                regulation_ref: opt(&x.regulation_ref),
            },
            today,
            lang,
        ),
        What::Level(x) => app::check_change_level(
            &data,
            &app::ChangeLevelInput {
                code: x.code.clone(),
                level: x.level.clone(),
                on: x.on.clone(),
                reason: opt(&x.reason),
            },
            today,
            lang,
        ),
        What::Report(x) => {
            let rules = env.rules(data.profile.pinned_pack.as_deref())?;
            app::check_report(
                &data,
                &rules,
                &app::ReportInput {
                    report: x.report.clone(),
                    period: x.period.clone(),
                    on: x.on.clone(),
                    doc_no: opt(&x.doc),
                },
                today,
                lang,
            )
        }
    };
    let op: Op = checked.map_err(|errs| invalid(&errs, &a.what, lang))?;
    let effect = op.level_change(&data);
    let cs = app::apply(&mut store, &env.write_ctx(), &op).map_err(|e| match e {
        e @ StoreError::Refused { .. } => Failure::input(e.message(lang)),
        e => Failure::store(&e, lang),
    })?;
    let entry = if cs.is_empty() {
        String::new()
    } else {
        cli::LogEntry { entry: cs.label() }.text(lang)
    };
    let mut out = format!("{}{entry}.\n", crate::text::sanitize(&op.describe(lang)));
    if let Some((from, _)) = effect {
        let to = op_level(&op);
        out.push_str(&m::Redetermine { from, to }.text(lang));
        out.push('\n');
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
