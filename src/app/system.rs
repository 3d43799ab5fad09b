//! Systems: add, edit, level, decommission, delete; the level dossier; assessments.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::valid::{self, V};
use super::{Checked, Op};
use crate::domain::*;
use crate::i18n::{self, Lang, msg, msg::app::system as ms};
use crate::store::SystemPatch;
use crate::store::tables::{SYSTEMS, Stage};

/// A system as typed in the add/edit form: the text of each form field of
/// `store::tables::SYSTEMS`, by its input name. An empty or absent field means no value
/// (relation: owned; plan: not started; level: not yet determined). A new form field needs
/// nothing here: its row in the table is enough.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SystemInput(BTreeMap<&'static str, String>);

impl SystemInput {
    /// The input with these fields typed.
    pub fn of<'a>(typed: impl IntoIterator<Item = (&'a str, String)>) -> SystemInput {
        let mut input = SystemInput::default();
        for (key, value) in typed {
            let known = input.set(key, value);
            debug_assert!(known, "the system form has no field {key}");
        }
        input
    }

    /// The typed text of form field `key` (its input name), to write: `None` for a name the
    /// system form does not have.
    pub fn field_mut(&mut self, key: &str) -> Option<&mut String> {
        let (name, _) = SYSTEMS.form(Stage::Open).find(|(k, _)| *k == key)?;
        Some(self.0.entry(name).or_default())
    }

    /// Sets form field `key`; false (and nothing set) for a name the form does not have.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> bool {
        self.field_mut(key).map(|f| *f = value.into()).is_some()
    }

    /// The typed text of form field `key` ("" when not typed).
    pub fn field(&self, key: &str) -> &str {
        self.0.get(key).map(String::as_str).unwrap_or_default()
    }
}

fn level(v: &mut V, field: &'static str, raw: &str) -> Option<Level> {
    v.check(field, raw, valid::level(raw)).flatten()
}

/// Each field of the system form but the code, parsed from what was typed by its own rule and
/// kind in `store::tables::SYSTEMS` (`Field::parse`, as an inventory cell is), onto `s`: the
/// one parser of add and edit.
fn parse_form(v: &mut V, input: &SystemInput, s: &mut System) {
    for (key, f) in SYSTEMS.form(Stage::Open).filter(|(k, _)| *k != "code") {
        v.field(key, f, input.field(key), s);
    }
}

/// Adds a system: a new, unique code; a name; the other fields optional.
pub fn check_add_system(
    data: &Dataset,
    input: &SystemInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let code = v.new_code("code", input.field("code"));
    if !v.failed("code")
        && data
            .systems
            .iter()
            .any(|s| s.unit.is_empty() && s.code == code)
    {
        let taken = msg::domain::valid::CODE_TAKEN.text(lang);
        v.bad("code", &code, taken, taken);
    }
    let mut s = System::new(&code, "");
    parse_form(&mut v, input, &mut s);
    v.done(|| Op::AddSystem(s))
}

/// Edits a system's fields (the code names it and cannot change). Once the dossier is approved
/// its security regulation must stay issued on or before the approval date.
pub fn check_edit_system(
    data: &Dataset,
    input: &SystemInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.system(data, "code", input.field("code"));
    let mut f = sys.cloned().unwrap_or_else(|| System::new("", ""));
    parse_form(&mut v, input, &mut f);
    if let Some(s) = sys
        && let (DossierState::Approved, Some(approved)) = (s.dossier, s.approved_on)
    {
        let changed = f.regulation_issued_on != s.regulation_issued_on;
        let too_late = f.regulation_issued_on.is_none_or(|r| r > approved);
        if changed && too_late && !v.failed("regulation_issued_on") {
            regulation_error(&mut v, input.field("regulation_issued_on"), approved);
        }
    }
    let code = sys.map(|s| s.code.clone()).unwrap_or_default();
    let opened = sys.cloned().map(Box::new);
    v.done(|| {
        let mut patch = SystemPatch::form(&code, f);
        patch.opened = opened;
        Op::EditSystem(patch)
    })
}

fn regulation_error(v: &mut V, raw: &str, approved: NaiveDate) {
    let approved = i18n::date(approved);
    let m = ms::RegulationBeforeApproval { approved }.text(v.lang);
    v.says("regulation_issued_on", raw, m);
}

/// The level a wizard proposed, or typed: empty clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LevelInput {
    pub code: String,
    pub level: String,
}

/// Saves a level to a system.
pub fn check_set_level(
    data: &Dataset,
    input: &LevelInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.system(data, "code", &input.code);
    let l = level(&mut v, "level", &input.level);
    let code = sys.map(|s| s.code.clone()).unwrap_or_default();
    v.done(|| Op::SetLevel { code, level: l })
}

/// A level set from the shell: `capdo record level CODE --level N --on DATE [--reason TEXT]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeLevelInput {
    pub code: String,
    pub level: String,
    pub on: String,
    pub reason: String,
}

/// A level (1–5, required) decided on a day not in the future, of a system in use. On an
/// approved dossier for another level the save moves the dossier to "cần xác định lại".
pub fn check_change_level(
    data: &Dataset,
    input: &ChangeLevelInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.system(data, "code", &input.code);
    let l = if input.level.trim().is_empty() {
        v.says("level", &input.level, ms::LEVEL_NEEDED.text(lang));
        None
    } else {
        level(&mut v, "level", &input.level)
    };
    let on = v.past_date("on", &input.on);
    let reason = v.notes("reason", &input.reason);
    if let (Some(s), Some(on)) = (sys, on)
        && let Some(d) = s.decommissioned_on.filter(|d| on > *d)
    {
        let date = i18n::date(d);
        v.says("on", &input.on, ms::AfterDecommissioned { date }.text(lang));
    }
    let code = sys.map(|s| s.code.clone()).unwrap_or_default();
    // `done` succeeds only when every field is valid, the level included
    v.done(|| (code, on.unwrap_or(today), reason))
        .and_then(|(code, on, reason)| match l {
            Some(level) => Ok(Op::ChangeLevel {
                code,
                level,
                on,
                reason,
            }),
            None => Err(Vec::new()),
        })
}

/// Decommissioning: the date it stopped (or will stop) running.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecommissionInput {
    pub code: String,
    pub on: String,
}

/// Decommissions a system once, on a date not before its go-live.
pub fn check_decommission(
    data: &Dataset,
    input: &DecommissionInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.system(data, "code", &input.code);
    let on = v.req_date("on", &input.on);
    if let Some(s) = sys {
        if let Some(d) = s.decommissioned_on {
            let date = i18n::date(d);
            v.says(
                "code",
                &s.code,
                ms::AlreadyDecommissioned { date }.text(lang),
            );
        }
        if let (Some(on), Some(g)) = (on, s.go_live_on)
            && on < g
        {
            let date = i18n::date(g);
            v.says("on", &input.on, ms::BeforeGoLive { date }.text(lang));
        }
    }
    let code = sys.map(|s| s.code.clone()).unwrap_or_default();
    v.done(|| Op::Decommission {
        code,
        on: on.unwrap_or(today),
    })
}

/// Deleting a system (only one entered by mistake: with no history).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeleteSystemInput {
    pub code: String,
}

/// Deletes a system that has no dossier step, assessment, incident or custom deadline;
/// otherwise refuses and points to decommissioning.
pub fn check_delete_system(
    data: &Dataset,
    input: &DeleteSystemInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.system(data, "code", &input.code);
    if let Some(s) = sys {
        let steps = data.steps.iter().filter(|x| x.system_id == s.id).count();
        let assessments = data
            .assessments
            .iter()
            .filter(|x| x.system_id == s.id)
            .count()
            .max(usize::from(s.last_assessed_on.is_some()));
        let incidents = data
            .incidents
            .iter()
            .filter(|x| x.system_id == Some(s.id))
            .count();
        let customs = data
            .customs
            .iter()
            .filter(|x| x.system_id == Some(s.id))
            .count();
        let dossier = steps.max(usize::from(
            s.dossier_since.is_some() || s.approved_on.is_some(),
        ));
        if dossier + assessments + incidents + customs > 0 {
            let m = ms::HasHistory {
                dossier,
                assessments,
                incidents,
                customs,
            };
            v.says("code", &s.code, m.text(lang));
        }
    }
    let code = sys.map(|s| s.code.clone()).unwrap_or_default();
    v.done(|| Op::DeleteSystem { code })
}

/// A step of the level dossier. `reference` is the appraisal opinion's number (appraised) or
/// the approval decision's number (approved); `approver` who signed. The regulation fields, when
/// filled, set the system's security regulation in the same change (empty: keep the system's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DossierInput {
    pub code: String,
    pub state: String,
    pub on: String,
    pub reference: String,
    pub approver: String,
    pub note: String,
    pub regulation_issued_on: String,
    pub regulation_ref: String,
}

/// Whether a dossier may move from `from` to `to`: forward in the order drafting → submitted →
/// appraised → approved (steps may be skipped); back to "needs re-determination" only from
/// approved; to drafting only from none or re-determination.
pub fn dossier_can_move(from: DossierState, to: DossierState) -> bool {
    match to {
        DossierState::None => false,
        DossierState::Redetermine => from == DossierState::Approved,
        DossierState::Drafting => matches!(from, DossierState::None | DossierState::Redetermine),
        DossierState::Submitted | DossierState::Appraised | DossierState::Approved => {
            to.rank() > from.rank()
        }
    }
}

/// The states a dossier may move to from `from`.
pub fn dossier_targets(from: DossierState) -> Vec<DossierState> {
    DossierState::ALL
        .iter()
        .copied()
        .filter(|to| dossier_can_move(from, *to))
        .collect()
}

fn list(states: &[DossierState], lang: Lang) -> String {
    states
        .iter()
        .map(|s| format!("{} ({})", s.key(), s.label(lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn targets_spellings(lang: Lang) -> String {
    let all: Vec<DossierState> = DossierState::ALL
        .iter()
        .copied()
        .filter(|s| *s != DossierState::None)
        .collect();
    list(&all, lang)
}

/// The date of the dossier's current step: the state's date, or the latest recorded step.
fn previous_step(data: &Dataset, s: &System) -> Option<NaiveDate> {
    let last = data
        .steps
        .iter()
        .filter(|x| x.system_id == s.id)
        .filter_map(|x| x.on)
        .max();
    match (s.dossier_since, last) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Advances the level dossier of an owned system. Approval needs the decision number, a level,
/// and the system's security regulation issued on or before the approval date (Circular 12
/// Art. 9.7; Decree 331 Art. 30.7). Dates are not in the future and not before the previous
/// step.
pub fn check_dossier(
    data: &Dataset,
    input: &DossierInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.system(data, "code", &input.code);
    let state = v.choice(
        "state",
        &input.state,
        None,
        DossierState::parse_loose,
        targets_spellings,
    );
    if state == Some(DossierState::None) {
        let values = targets_spellings(lang);
        let m = ms::DossierNotBackToNone { values }.text(lang);
        v.says("state", &input.state, m);
    }
    let on = v.past_date("on", &input.on);
    let reference = v.text("reference", &input.reference);
    let approver = v.text("approver", &input.approver);
    let note = v.notes("note", &input.note);
    let reg_on = v.date("regulation_issued_on", &input.regulation_issued_on);
    v.not_future("regulation_issued_on", &input.regulation_issued_on, reg_on);
    let reg_ref = v.text("regulation_ref", &input.regulation_ref);
    let mut regulation = None;
    if let Some(s) = sys {
        if s.relation == Relation::Used {
            v.says("code", &s.code, ms::USED_NOT_OWNED.text(lang));
        }
        let to = state.filter(|t| *t != DossierState::None && !v.failed("state"));
        if let Some(to) = to
            && s.relation == Relation::Owned
            && !dossier_can_move(s.dossier, to)
        {
            let from = s.dossier;
            let next = dossier_targets(from);
            let m = ms::DossierCannotMove {
                from: from.label(lang),
                to: to.label(lang),
                next: list(&next, lang),
            };
            v.says("state", &input.state, m.text(lang));
        }
        if let (Some(on), Some(prev)) = (on, previous_step(data, s))
            && on < prev
        {
            let date = i18n::date(prev);
            v.says("on", &input.on, ms::BeforePreviousStep { date }.text(lang));
        }
        // the requirements of the new state only matter when the move itself is allowed
        let to = to.filter(|_| !v.failed("state") && !v.failed("code"));
        if to == Some(DossierState::Appraised) && reference.is_empty() {
            v.says_of("reference", ms::APPRAISAL_NUMBER_REQUIRED.text(lang));
        }
        if to == Some(DossierState::Approved) {
            approval_requirements(&mut v, s, input, on, reg_on, &reference);
        }
        let reg_given = !input.regulation_issued_on.trim().is_empty()
            || !input.regulation_ref.trim().is_empty();
        if reg_given {
            regulation = Some((
                reg_on.or(s.regulation_issued_on),
                if reg_ref.is_empty() {
                    s.regulation_ref.clone()
                } else {
                    reg_ref
                },
            ));
        }
    }
    let (code, system_id) = sys.map(|s| (s.code.clone(), s.id)).unwrap_or_default();
    v.done(|| Op::Dossier {
        code,
        step: DossierStep {
            id: 0,
            system_id,
            state: state.unwrap_or(DossierState::None),
            on,
            reference,
            actor: approver,
            note,
        },
        regulation,
    })
}

/// What approving a dossier needs: the decision number, a level, and the security regulation
/// issued on or before the approval date (given now or already recorded on the system).
fn approval_requirements(
    v: &mut V,
    s: &System,
    input: &DossierInput,
    on: Option<NaiveDate>,
    reg_on: Option<NaiveDate>,
    reference: &str,
) {
    let lang = v.lang;
    if reference.is_empty() {
        v.says_of("reference", ms::APPROVAL_NUMBER_REQUIRED.text(lang));
    }
    if s.level.is_none() {
        v.says_of("code", ms::NO_LEVEL_BEFORE_APPROVAL.text(lang));
    }
    let given = !input.regulation_issued_on.trim().is_empty();
    let reg = if given {
        reg_on
    } else {
        s.regulation_issued_on
    };
    if !v.failed("regulation_issued_on") {
        match (reg, on) {
            (None, _) => v.says_of("regulation_issued_on", ms::REGULATION_MISSING.text(lang)),
            (Some(r), Some(on)) if r > on => {
                let m = ms::RegulationAfterApproval {
                    issued: i18n::date(r),
                    approved: i18n::date(on),
                };
                v.says_of("regulation_issued_on", m.text(lang));
            }
            _ => {}
        }
    }
}

/// A completed assessment (kiểm tra, đánh giá). Empty kind: periodic; empty result: pass;
/// empty findings: 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssessmentInput {
    pub code: String,
    pub on: String,
    pub kind: String,
    pub assessor: String,
    pub result: String,
    pub findings: String,
    pub notes: String,
}

/// Records an assessment completed on a day not in the future (and not after the system was
/// decommissioned).
pub fn check_assessment(
    data: &Dataset,
    input: &AssessmentInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.system(data, "code", &input.code);
    let on = v.past_date("on", &input.on);
    let kind = v.choice(
        "kind",
        &input.kind,
        Some(AssessmentKind::Periodic),
        AssessmentKind::parse_loose,
        AssessmentKind::spellings,
    );
    let assessor = v.text("assessor", &input.assessor);
    let result = v.choice(
        "result",
        &input.result,
        Some(AssessmentResult::Pass),
        AssessmentResult::parse_loose,
        AssessmentResult::spellings,
    );
    let findings = v.int("findings", &input.findings, Some(0), 0, 1_000_000);
    let notes = v.notes("notes", &input.notes);
    if let (Some(s), Some(on)) = (sys, on)
        && let Some(d) = s.decommissioned_on.filter(|d| on > *d)
    {
        let date = i18n::date(d);
        v.says("on", &input.on, ms::AfterDecommissioned { date }.text(lang));
    }
    let (code, system_id) = sys.map(|s| (s.code.clone(), s.id)).unwrap_or_default();
    v.done(|| Op::Assessment {
        code,
        assessment: Assessment {
            id: 0,
            system_id,
            completed_on: on.unwrap_or(today),
            kind: kind.unwrap_or(AssessmentKind::Periodic),
            assessor,
            result: result.unwrap_or(AssessmentResult::Pass),
            findings: findings.unwrap_or(0),
            notes,
        },
    })
}
