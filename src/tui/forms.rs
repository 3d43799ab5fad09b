//! The forms of the dashboard, pre-filled from the selected record: which fields each write
//! action asks for. Field keys are the ops input names, so the validation messages land beside
//! the right field.

use super::action::{Action, ViewId};
use super::form::{Field, Form, Purpose};
use super::model::Model;
use crate::domain::engine::Subject;
use crate::domain::*;
use crate::i18n::{self, Lang, Text, msg};

fn opts<E: Copy>(
    all: &[E],
    key: fn(E) -> &'static str,
    label: fn(E, Lang) -> &'static str,
    lang: Lang,
) -> Vec<(String, String)> {
    all.iter()
        .map(|&e| (key(e).to_owned(), label(e, lang).to_owned()))
        .collect()
}

fn date_s(d: Option<chrono::NaiveDate>) -> String {
    d.map(i18n::date).unwrap_or_default()
}

/// The system selected in the current view, if the view lists systems.
pub fn selected_system(m: &Model) -> Option<&System> {
    let i = m.list().current()?;
    match m.view {
        ViewId::Systems | ViewId::Approvals | ViewId::Assessments => m.snap.data.systems.get(i),
        ViewId::Deadlines => m
            .snap
            .items
            .get(i)
            .and_then(|it| it.system(&m.snap.data))
            .map(|j| &m.snap.data.systems[j]),
        _ => None,
    }
}

fn selected_incident(m: &Model) -> Option<&Incident> {
    let i = m.list().current()?;
    match m.view {
        ViewId::Incidents => m.snap.data.incidents.get(i),
        ViewId::Deadlines => match m.snap.items.get(i)?.subject {
            Subject::Incident { incident, .. } => m.snap.data.incidents.get(incident),
            _ => None,
        },
        _ => None,
    }
}

fn system_fields(m: &Model, s: Option<&System>) -> Vec<Field> {
    system_fields_in(m.lang, s)
}

/// The fields of the system form in `lang`, filled from `s` (empty for a new system).
pub fn system_fields_in(lang: Lang, s: Option<&System>) -> Vec<Field> {
    let blank = System::new("", "");
    let x = s.unwrap_or(&blank);
    let mut levels: Vec<(String, String)> = vec![("".into(), msg::tui::NOT_SET.text(lang).into())];
    levels.extend((1..=5).map(|n| {
        (
            n.to_string(),
            format!("{} {n}", msg::tui::forms::LEVEL.text(lang)),
        )
    }));
    let mut code = Field::text("code", msg::tui::forms::SYSTEM_CODE, x.code.clone()).required();
    if s.is_some() {
        // the code is the key: shown, not edited
        code.kind = super::form::FieldKind::Choice(vec![(x.code.clone(), x.code.clone())]);
    }
    vec![
        code,
        Field::text("name", msg::tui::NAME, x.name.clone()).required(),
        Field::text("owner", msg::common::OWNER, x.owner.clone()),
        Field::text("operator", msg::common::OPERATOR, x.operator.clone()),
        Field::choice(
            "relation",
            msg::tui::forms::RELATION,
            opts(Relation::ALL, Relation::key, Relation::label, lang),
            x.relation.key(),
        ),
        Field::choice(
            "level",
            msg::common::LEVEL,
            levels,
            x.level.map(|l| l.to_string()).unwrap_or_default(),
        ),
        Field::choice(
            "plan_status",
            msg::common::PLAN,
            opts(PlanStatus::ALL, PlanStatus::key, PlanStatus::label, lang),
            x.plan.key(),
        ),
        Field::date(
            "go_live_on",
            msg::tui::forms::GO_LIVE_DATE,
            date_s(x.go_live_on),
        ),
        Field::flag(
            "under_investment",
            msg::tui::forms::UNDER_INVESTMENT,
            x.under_investment,
        ),
        Field::date(
            "regulation_issued_on",
            msg::tui::forms::REGULATION_ISSUED_ON,
            date_s(x.regulation_issued_on),
        ),
        Field::text(
            "regulation_ref",
            msg::tui::forms::REGULATION_DECISION_NO,
            x.regulation_ref.clone(),
        ),
        Field::text(
            "responsible",
            msg::tui::forms::RESPONSIBLE,
            x.responsible.clone(),
        ),
        Field::text("notes", msg::common::NOTES, x.notes.clone()),
    ]
}

/// "Now" for the times a form proposes: the model's clock, the one the screen's "còn N giờ"
/// counts from (`--today D`: D 00:00; without it, the live clock), so a proposed time never
/// disagrees with the deadlines on screen.
pub fn form_now(m: &Model) -> chrono::NaiveDateTime {
    m.snap.clock.now
}

/// "Now" for a time after an incident's detection: now, or the detection time when that is
/// later (a report cannot be sent, nor a response end, before the incident was detected).
fn after_detection(m: &Model, inc: &Incident) -> String {
    i18n::datetime(form_now(m).max(inc.detected_at))
}

/// A bare time (`14:30`) in a date-time field means that time on the reference date.
fn full_time(value: &str, today: chrono::NaiveDate) -> Option<String> {
    let v = value.trim();
    let (h, mi) = v.split_once(':')?;
    let ok = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    (ok(h) && ok(mi)).then(|| format!("{} {v}", i18n::date(today)))
}

fn need(m: &Model, what: Text) -> String {
    msg::tui::forms::SelectFirst {
        what: what.text(m.lang),
    }
    .text(m.lang)
}

/// The systems in use, after a first option (key "") for none.
fn system_options(m: &Model, none: Text) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), none.text(m.lang).to_owned())];
    v.extend(
        m.snap
            .data
            .systems
            .iter()
            .filter(|s| !s.is_decommissioned(m.snap.today()))
            .map(|s| (s.code.clone(), format!("{} — {}", s.code, s.name))),
    );
    v
}

/// A form's title: its name, then what it is about (when anything).
fn title(lang: Lang, t: Text, extra: &str) -> String {
    if extra.is_empty() {
        t.text(lang).to_owned()
    } else {
        format!("{} — {extra}", t.text(lang))
    }
}

/// The form a write action opens, or a status message saying why it cannot.
pub fn build(m: &Model, a: Action) -> Result<Form, String> {
    let lang = m.lang;
    let sys = || selected_system(m).ok_or_else(|| need(m, msg::tui::forms::A_SYSTEM));
    Ok(match (a, m.view) {
        (Action::New, ViewId::Incidents) => incident_form(m),
        (Action::New, ViewId::Budget) => project_form(m, None),
        (Action::New, ViewId::Deadlines) => custom_deadline_form(m),
        (Action::New, _) => Form::new(
            Purpose::AddSystem,
            title(lang, msg::tui::forms::ADD_A_SYSTEM, ""),
            system_fields(m, None),
        ),
        (Action::Edit, ViewId::Budget) => {
            let i = m
                .list()
                .current()
                .ok_or_else(|| need(m, msg::tui::forms::A_PROJECT))?;
            project_form(m, Some(&m.snap.data.projects[i]))
        }
        (Action::Edit, _) => {
            let s = sys()?;
            Form::new(
                Purpose::EditSystem {
                    code: s.code.clone(),
                },
                title(lang, msg::tui::forms::EDIT_SYSTEM, &s.code),
                system_fields(m, Some(s)),
            )
        }
        (Action::Dossier, _) => dossier_form(m, sys()?),
        (Action::Assess, _) => assessment_form(m, sys()?),
        (Action::Decommission, _) => {
            let s = sys()?;
            Form::new(
                Purpose::Decommission {
                    code: s.code.clone(),
                },
                title(
                    lang,
                    msg::tui::forms::DECOMMISSION,
                    &format!("{} — {}", s.code, s.name),
                ),
                vec![
                    Field::date(
                        "on",
                        msg::tui::forms::DECOMMISSIONED_ON,
                        i18n::date(m.snap.today()),
                    )
                    .required(),
                ],
            )
        }
        (Action::MarkDone, _) => mark_done(m)?,
        (Action::Wizard, _) => {
            let s = sys()?;
            wizard_form(m, &s.code.clone(), &crate::domain::wizard::Answers::new())
        }
        (Action::CloseIncident, _) => close_incident_form(
            m,
            selected_incident(m).ok_or_else(|| need(m, msg::tui::forms::AN_INCIDENT))?,
        ),
        (Action::Import, _) => Form::new(
            Purpose::Import,
            title(lang, msg::tui::action::IMPORT_INVENTORY, ""),
            vec![Field::text("path", msg::tui::forms::FILE_PATH, "").required()],
        ),
        (Action::Profile, _) => profile_form(m),
        (Action::Handover, _) => handover_form(m),
        (Action::PinPack, _) => pin_pack_form(m),
        _ => {
            return Err(msg::tui::forms::NOT_AVAILABLE_IN_THIS_VIEW
                .text(lang)
                .to_owned());
        }
    })
}

/// Logs an incident: its kind, severity and the flags that decide its reports.
fn incident_form(m: &Model) -> Form {
    let lang = m.lang;
    let now = i18n::datetime(form_now(m));
    let systems = system_options(m, msg::tui::forms::WHOLE_UNIT);
    Form::new(
        Purpose::Incident,
        title(lang, msg::tui::forms::LOG_AN_INCIDENT, ""),
        vec![
            Field::text("title", msg::tui::TITLE, "").required(),
            Field::choice("system", msg::common::SYSTEM, systems, ""),
            Field::datetime("detected_at", msg::tui::forms::DETECTED_AT, now),
            Field::choice(
                "kind",
                msg::common::KIND,
                opts(
                    IncidentKind::ALL,
                    IncidentKind::key,
                    IncidentKind::label,
                    lang,
                ),
                "malware",
            ),
            Field::choice(
                "severity",
                msg::common::SEVERITY,
                opts(Severity::ALL, Severity::key, Severity::label, lang),
                "normal",
            ),
            Field::flag("beyond_capacity", msg::tui::forms::BEYOND_CAPACITY, false),
            Field::flag(
                "national_security",
                msg::tui::forms::HARMS_NATIONAL_SECURITY,
                false,
            ),
            Field::flag(
                "serious_disruption",
                msg::tui::forms::SERIOUSLY_DISRUPTS_THE_SYSTEM,
                false,
            ),
            Field::text("notes", msg::common::NOTES, ""),
        ],
    )
}

/// Adds an IT project (none given) or edits one: its year and budgets.
fn project_form(m: &Model, p: Option<&Project>) -> Form {
    project_form_in(m.lang, m.snap.today(), p)
}

/// The project form in `lang`, filled from `p` (a new project in the year of `today`).
pub fn project_form_in(lang: Lang, today: chrono::NaiveDate, p: Option<&Project>) -> Form {
    let (purpose, name) = match p {
        Some(p) => (
            Purpose::EditProject { id: p.id },
            title(lang, msg::tui::forms::EDIT_PROJECT, &p.name),
        ),
        None => (
            Purpose::AddProject,
            title(lang, msg::tui::forms::ADD_AN_IT_PROJECT, ""),
        ),
    };
    let money = |n: i64| i18n::int(lang, n);
    Form::new(
        purpose,
        name,
        vec![
            Field::number(
                "year",
                msg::tui::YEAR,
                p.map_or_else(|| today.format("%Y").to_string(), |p| p.year.to_string()),
            )
            .required(),
            Field::text(
                "name",
                msg::tui::forms::PROJECT_NAME,
                p.map(|p| p.name.clone()).unwrap_or_default(),
            )
            .required(),
            Field::number(
                "total",
                msg::tui::forms::TOTAL_BUDGET_VND,
                p.map(|p| money(p.total_budget)).unwrap_or_default(),
            )
            .required(),
            Field::number(
                "security",
                msg::tui::forms::SECURITY_BUDGET_VND,
                p.map(|p| money(p.security_budget)).unwrap_or_default(),
            )
            .required(),
        ],
    )
}

/// Adds a deadline a dispatch set (once or recurring, for a system or none).
fn custom_deadline_form(m: &Model) -> Form {
    let lang = m.lang;
    let today = i18n::date(m.snap.today());
    let mut rec = vec![("".to_owned(), msg::tui::forms::ONCE.text(lang).to_owned())];
    rec.extend(opts(
        Recurrence::ALL,
        Recurrence::key,
        Recurrence::label,
        lang,
    ));
    Form::new(
        Purpose::AddCustom,
        title(lang, msg::tui::forms::ADD_A_DEADLINE_FROM_A_DISPATCH, ""),
        vec![
            Field::text("title", msg::tui::forms::DEADLINE_TITLE, "").required(),
            Field::date("due_on", msg::tui::forms::DUE_ON, today).required(),
            Field::choice("recurrence", msg::tui::forms::RECURRENCE, rec, ""),
            Field::text("source_doc", msg::tui::forms::SOURCE_DOCUMENT, ""),
            // no system unless the officer picks one (never the row under the cursor)
            Field::choice(
                "system",
                msg::tui::forms::SYSTEM,
                system_options(m, msg::tui::forms::NO_SYSTEM),
                "",
            ),
        ],
    )
}

/// Records a dossier step of a system, proposing the next state.
fn dossier_form(m: &Model, s: &System) -> Form {
    let lang = m.lang;
    let today = i18n::date(m.snap.today());
    let next = match s.dossier {
        DossierState::None | DossierState::Redetermine => DossierState::Drafting,
        DossierState::Drafting => DossierState::Submitted,
        DossierState::Submitted => DossierState::Appraised,
        DossierState::Appraised => DossierState::Approved,
        DossierState::Approved => DossierState::Redetermine,
    };
    let states: Vec<(String, String)> = [
        DossierState::Drafting,
        DossierState::Submitted,
        DossierState::Appraised,
        DossierState::Approved,
        DossierState::Redetermine,
    ]
    .iter()
    .map(|d| (d.key().to_owned(), d.label(lang).to_owned()))
    .collect();
    Form::new(
        Purpose::Dossier {
            code: s.code.clone(),
        },
        title(
            lang,
            msg::tui::forms::DOSSIER_STEP,
            &format!("{} ({})", s.code, s.dossier.label(lang)),
        ),
        vec![
            Field::choice("state", msg::tui::forms::NEW_STATE, states, next.key()),
            Field::date("on", msg::tui::forms::DATE, today).required(),
            Field::text("reference", msg::tui::forms::STEP_DOCUMENT_NO, ""),
            Field::text("approver", msg::tui::forms::APPROVED_BY, ""),
            Field::date(
                "regulation_issued_on",
                msg::tui::forms::REGULATION_ISSUED_ON_STEP,
                date_s(s.regulation_issued_on),
            ),
            Field::text(
                "regulation_ref",
                msg::tui::forms::REGULATION_DECISION_NO,
                s.regulation_ref.clone(),
            ),
            Field::text("note", msg::tui::forms::NOTE, ""),
        ],
    )
}

/// Records an assessment of a system.
fn assessment_form(m: &Model, s: &System) -> Form {
    let lang = m.lang;
    let today = i18n::date(m.snap.today());
    Form::new(
        Purpose::Assessment {
            code: s.code.clone(),
        },
        title(lang, msg::tui::action::RECORD_AN_ASSESSMENT, &s.code),
        vec![
            Field::date("on", msg::tui::forms::COMPLETED_ON, today).required(),
            Field::choice(
                "kind",
                msg::tui::forms::KIND,
                opts(
                    AssessmentKind::ALL,
                    AssessmentKind::key,
                    AssessmentKind::label,
                    lang,
                ),
                "periodic",
            ),
            Field::text("assessor", msg::tui::forms::ASSESSOR, ""),
            Field::choice(
                "result",
                msg::tui::forms::RESULT,
                opts(
                    AssessmentResult::ALL,
                    AssessmentResult::key,
                    AssessmentResult::label,
                    lang,
                ),
                "pass",
            ),
            Field::number("findings", msg::tui::forms::FINDINGS, "0"),
            Field::text("notes", msg::common::NOTES, ""),
        ],
    )
}

/// Closes an incident: when the response ended and its lessons learned.
fn close_incident_form(m: &Model, inc: &Incident) -> Form {
    let lang = m.lang;
    Form::new(
        Purpose::CloseIncident {
            incident_id: inc.id,
        },
        title(lang, msg::tui::forms::CLOSE_THE_INCIDENT_TITLE, &inc.title),
        vec![
            Field::datetime(
                "response_ended_at",
                msg::tui::forms::ENDED_AT,
                after_detection(m, inc),
            ),
            Field::text("lessons", msg::tui::LESSONS_LEARNED, inc.lessons.clone()).required(),
        ],
    )
}

/// The organisation profile.
fn profile_form(m: &Model) -> Form {
    let lang = m.lang;
    let p = &m.snap.data.profile;
    Form::new(
        Purpose::Profile,
        title(lang, msg::tui::action::ORGANISATION_PROFILE, ""),
        vec![
            Field::text("unit_name", msg::tui::forms::UNIT_NAME, p.unit_name.clone()).required(),
            Field::choice(
                "tier",
                msg::tui::forms::TIER,
                opts(Tier::ALL, Tier::key, Tier::label, lang),
                p.tier.key(),
            ),
            Field::text(
                "parent_authority",
                msg::tui::forms::PARENT_AUTHORITY,
                p.parent_authority.clone(),
            ),
            Field::text("officer", msg::tui::forms::OFFICER, p.officer.clone()),
            Field::date(
                "tracking_start",
                msg::tui::forms::TRACKING_SINCE,
                i18n::date(p.tracking_start),
            ),
        ],
    )
}

/// Writes the handover pack: to a new folder, or one .zip file.
fn handover_form(m: &Model) -> Form {
    let lang = m.lang;
    Form::new(
        Purpose::Handover,
        title(lang, msg::tui::forms::WRITE_THE_HANDOVER_PACK, ""),
        vec![
            Field::text(
                "dir",
                msg::tui::forms::FOLDER_MADE_NEW,
                format!("ban-giao-{}", m.snap.today().format("%Y-%m-%d")),
            )
            .required(),
            Field::flag("zip", msg::tui::forms::ONE_ZIP_FILE, false),
        ],
    )
}

/// Pins a rule pack (or none: the pack follows the date).
fn pin_pack_form(m: &Model) -> Form {
    let lang = m.lang;
    let mut packs = vec![(
        "".to_owned(),
        msg::tui::forms::BY_DATE_NOT_PINNED.text(lang).to_owned(),
    )];
    packs.extend(
        m.snap
            .rules
            .packs
            .all()
            .iter()
            .map(|p| (p.id.clone(), format!("{} — {}", p.id, p.decree.get(lang)))),
    );
    Form::new(
        Purpose::PinPack,
        title(lang, msg::tui::action::PIN_A_RULE_PACK, ""),
        vec![Field::choice(
            "pack",
            msg::tui::forms::RULE_PACK,
            packs,
            m.snap.data.profile.pinned_pack.clone().unwrap_or_default(),
        )],
    )
}

/// The "mark done" form for the selected item: a periodic report, an incident report or a
/// custom deadline.
fn mark_done(m: &Model) -> Result<Form, String> {
    let lang = m.lang;
    let today = i18n::date(m.snap.today());
    if m.view == ViewId::Incidents {
        let inc = selected_incident(m).ok_or_else(|| need(m, msg::tui::forms::AN_INCIDENT))?;
        return Ok(incident_report_form(m, inc, None));
    }
    let i = m
        .list()
        .current()
        .ok_or_else(|| need(m, msg::tui::forms::A_DEADLINE))?;
    let it = &m.snap.items[i];
    match it.subject {
        Subject::Report { rule, period } => {
            let r = &m.snap.rules.pack().reports[rule];
            Ok(Form::new(
                Purpose::ReportSubmitted,
                format!(
                    "{} — {}",
                    msg::tui::forms::REPORT_SENT.text(lang),
                    period.label(lang)
                ),
                vec![
                    Field::choice(
                        "report",
                        msg::common::REPORT,
                        vec![(r.id.clone(), r.title.get(lang).to_owned())],
                        r.id.clone(),
                    ),
                    Field::text("period", msg::tui::forms::PERIOD, period.key()),
                    Field::date("on", msg::tui::forms::SENT_ON, today).required(),
                    Field::text("doc_no", msg::tui::forms::DOCUMENT_NO, ""),
                ],
            ))
        }
        Subject::Incident {
            incident,
            pack,
            rule,
        } => {
            let inc = &m.snap.data.incidents[incident];
            let id = m.snap.rules.packs.get(pack).incident_reports[rule]
                .id
                .clone();
            Ok(incident_report_form(m, inc, Some(id)))
        }
        Subject::Custom { custom } => {
            let c = &m.snap.data.customs[custom];
            Ok(Form::new(
                Purpose::CustomDone { id: c.id },
                format!("{} — {}", msg::tui::forms::MARK_DONE.text(lang), c.title),
                vec![
                    Field::date(
                        "done_on",
                        msg::tui::forms::DONE_ON,
                        it.due_on.map(i18n::date).unwrap_or(today),
                    )
                    .required(),
                ],
            ))
        }
        _ => Err(msg::tui::forms::SETTLED_BY_RECORDING_WORK
            .text(lang)
            .to_owned()),
    }
}

/// The "report sent" form of an incident: `report` when the officer chose one (a row of the
/// Deadlines view), else the unsent report due first (the 24-hour notice before the 72-hour
/// report); sent now, or at detection when that is later.
fn incident_report_form(m: &Model, inc: &Incident, report: Option<String>) -> Form {
    let lang = m.lang;
    let mut clocks = crate::domain::engine::incident_clocks(inc, &m.snap.rules);
    clocks.retain(|c| c.sent.is_none());
    // due first first; a clock not started yet (after the response ends) last
    clocks.sort_by_key(|c| (c.due_at.is_none(), c.due_at));
    let id = |c: &crate::domain::engine::ReportClock| {
        m.snap.rules.packs.get(c.pack).incident_reports[c.rule]
            .id
            .clone()
    };
    let report = report.or_else(|| clocks.first().map(id));
    // a closing report is sent after the response ended
    let closing = clocks.iter().any(|c| {
        let r = &m.snap.rules.packs.get(c.pack).incident_reports[c.rule];
        Some(&r.id) == report.as_ref() && r.from == crate::rules::From::ResponseEnded
    });
    let floor = match inc.response_ended_at {
        Some(end) if closing => end.max(inc.detected_at),
        _ => inc.detected_at,
    };
    let now = i18n::datetime(form_now(m).max(floor));
    let options: Vec<(String, String)> = clocks
        .iter()
        .map(|c| {
            let r = &m.snap.rules.packs.get(c.pack).incident_reports[c.rule];
            (r.id.clone(), r.title.get(lang).to_owned())
        })
        .collect();
    Form::new(
        Purpose::IncidentReport {
            incident_id: inc.id,
        },
        format!(
            "{} — {}",
            msg::tui::forms::INCIDENT_REPORT_SENT.text(lang),
            inc.title
        ),
        vec![
            Field::choice(
                "report",
                msg::common::REPORT,
                options,
                report.unwrap_or_default(),
            ),
            Field::datetime("sent_at", msg::tui::forms::SENT_AT, now).required(),
            Field::text("recipients", msg::tui::forms::RECIPIENTS, "").required(),
        ],
    )
}

/// Turns a filled form into a validated operation, with the same checks the command line uses.
pub fn check(
    form: &Form,
    data: &Dataset,
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
    lang: Lang,
) -> crate::app::Checked<crate::app::Op> {
    use crate::app::*;
    // a bare time in a date-time field is that time on the reference date
    let v = |k: &str| {
        let value = form.value(k);
        let timed = form
            .fields
            .iter()
            .any(|f| f.key == k && f.kind == super::form::FieldKind::DateTime);
        match timed.then(|| full_time(value, today)).flatten() {
            Some(full) => full,
            None => value.to_owned(),
        }
    };
    let v: &dyn Fn(&str) -> String = &v;
    match &form.purpose {
        // written by the dashboard itself (tui::App::submit), never an operation
        Purpose::Handover => Err(vec![FieldError {
            field: "dir",
            message: msg::tui::forms::NOT_A_CHANGE_TO_THE_STORE
                .text(lang)
                .to_owned(),
        }]),
        // an import is no single operation: the dashboard runs it as `capdo import` does
        // (`App::import`), never through here
        Purpose::Import => Err(vec![FieldError {
            field: "path",
            message: msg::tui::forms::IMPORTS_DO_NOT_GO_THROUGH_THIS
                .text(lang)
                .to_owned(),
        }]),
        Purpose::AddSystem
        | Purpose::EditSystem { .. }
        | Purpose::Decommission { .. }
        | Purpose::Dossier { .. }
        | Purpose::Assessment { .. }
        | Purpose::Wizard { .. } => check_system_form(form, data, rules, today, lang, v),
        Purpose::Incident | Purpose::IncidentReport { .. } | Purpose::CloseIncident { .. } => {
            check_incident_form(form, data, rules, today, lang, v)
        }
        _ => check_other_form(form, data, rules, today, lang, v),
    }
}

/// The form's value of field `k` (a bare time in a date-time field is that time on `today`).
type Value<'a> = &'a dyn Fn(&str) -> String;

/// The forms about one system: add, edit, decommission, dossier step, assessment, level.
fn check_system_form(
    form: &Form,
    data: &Dataset,
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
    lang: Lang,
    v: Value,
) -> crate::app::Checked<crate::app::Op> {
    use crate::app::*;
    let system_input = |code: String| SystemInput {
        code,
        name: v("name"),
        owner: v("owner"),
        operator: v("operator"),
        relation: v("relation"),
        level: v("level"),
        go_live_on: v("go_live_on"),
        under_investment: v("under_investment"),
        responsible: v("responsible"),
        notes: v("notes"),
        regulation_issued_on: v("regulation_issued_on"),
        regulation_ref: v("regulation_ref"),
        plan_status: v("plan_status"),
    };
    match &form.purpose {
        Purpose::AddSystem => check_add_system(data, &system_input(v("code")), today, lang),
        Purpose::EditSystem { code } => {
            check_edit_system(data, &system_input(code.clone()), today, lang)
        }
        Purpose::Decommission { code } => check_decommission(
            data,
            &DecommissionInput {
                code: code.clone(),
                on: v("on"),
            },
            today,
            lang,
        ),
        Purpose::Dossier { code } => check_dossier(
            data,
            &DossierInput {
                code: code.clone(),
                state: v("state"),
                on: v("on"),
                reference: v("reference"),
                approver: v("approver"),
                note: v("note"),
                regulation_issued_on: v("regulation_issued_on"),
                regulation_ref: v("regulation_ref"),
            },
            today,
            lang,
        ),
        Purpose::Assessment { code } => check_assessment(
            data,
            &AssessmentInput {
                code: code.clone(),
                on: v("on"),
                kind: v("kind"),
                assessor: v("assessor"),
                result: v("result"),
                findings: v("findings"),
                notes: v("notes"),
            },
            today,
            lang,
        ),
        Purpose::Wizard { code } => {
            let p = wizard_proposal(form, rules, today);
            match p.verdict {
                crate::domain::wizard::Verdict::Level(l) => check_set_level(
                    data,
                    &LevelInput {
                        code: code.clone(),
                        level: l.to_string(),
                    },
                    today,
                    lang,
                ),
                _ => Err(vec![FieldError {
                    field: "_",
                    message: msg::tui::forms::NOT_ENOUGH_ANSWERS.text(lang).to_owned(),
                }]),
            }
        }
        // `check` routes the other forms elsewhere
        _ => not_here(lang),
    }
}

/// The incident forms: log, report sent, close.
fn check_incident_form(
    form: &Form,
    data: &Dataset,
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
    lang: Lang,
    v: Value,
) -> crate::app::Checked<crate::app::Op> {
    use crate::app::*;
    match &form.purpose {
        Purpose::Incident => check_incident(
            data,
            &IncidentInput {
                system: v("system"),
                title: v("title"),
                detected_at: v("detected_at"),
                kind: v("kind"),
                severity: v("severity"),
                beyond_capacity: v("beyond_capacity"),
                national_security: v("national_security"),
                serious_disruption: v("serious_disruption"),
                notes: v("notes"),
            },
            today,
            lang,
        ),
        Purpose::IncidentReport { incident_id } => check_incident_report(
            data,
            rules,
            &IncidentReportInput {
                incident_id: incident_id.to_string(),
                report: v("report"),
                sent_at: v("sent_at"),
                recipients: v("recipients"),
            },
            today,
            lang,
        ),
        Purpose::CloseIncident { incident_id } => check_close_incident(
            data,
            &CloseIncidentInput {
                incident_id: incident_id.to_string(),
                response_ended_at: v("response_ended_at"),
                lessons: v("lessons"),
            },
            today,
            lang,
        ),
        // `check` routes the other forms elsewhere
        _ => not_here(lang),
    }
}

/// The other forms: projects, custom deadlines, reports sent, profile, rule pack.
fn check_other_form(
    form: &Form,
    data: &Dataset,
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
    lang: Lang,
    v: Value,
) -> crate::app::Checked<crate::app::Op> {
    use crate::app::*;
    match &form.purpose {
        Purpose::AddProject | Purpose::EditProject { .. } => {
            let id = match &form.purpose {
                Purpose::EditProject { id } => id.to_string(),
                _ => String::new(),
            };
            check_project(
                data,
                &ProjectInput {
                    id,
                    year: v("year"),
                    name: v("name"),
                    total: v("total"),
                    security: v("security"),
                    notes: v("notes"),
                },
                today,
                lang,
            )
        }
        Purpose::AddCustom => check_custom(
            data,
            &CustomInput {
                id: String::new(),
                title: v("title"),
                due_on: v("due_on"),
                recurrence: v("recurrence"),
                source_doc: v("source_doc"),
                system: v("system"),
                notes: v("notes"),
            },
            today,
            lang,
        ),
        Purpose::CustomDone { id } => check_custom_done(
            data,
            &CustomDoneInput {
                id: id.to_string(),
                done_on: v("done_on"),
            },
            today,
            lang,
        ),
        Purpose::ReportSubmitted => check_report(
            data,
            rules,
            &ReportInput {
                report: v("report"),
                period: v("period"),
                on: v("on"),
                doc_no: v("doc_no"),
            },
            today,
            lang,
        ),
        Purpose::Profile => check_profile(
            data,
            &ProfileInput {
                unit_name: v("unit_name"),
                tier: v("tier"),
                parent_authority: v("parent_authority"),
                officer: v("officer"),
                tracking_start: v("tracking_start"),
            },
            today,
            lang,
        ),
        Purpose::PinPack => check_pin(data, rules, &PinInput { pack: v("pack") }, today, lang),
        // `check` routes the other forms elsewhere
        _ => not_here(lang),
    }
}

/// A form checked by a function that does not handle it (never, as `check` routes them).
fn not_here(lang: Lang) -> crate::app::Checked<crate::app::Op> {
    Err(vec![crate::app::FieldError {
        field: "_",
        message: msg::tui::forms::NOT_AVAILABLE_IN_THIS_VIEW
            .text(lang)
            .to_owned(),
    }])
}

/// The wizard's decision table under the active rules on `today` (or the pinned regime's).
fn wizard_table(
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
) -> &'static crate::domain::wizard::Table {
    crate::rules::wizard::for_rules(rules, today)
}

/// The answers typed in a wizard form.
pub fn wizard_answers(form: &Form) -> crate::domain::wizard::Answers {
    let mut a = crate::domain::wizard::Answers::new();
    for f in &form.fields {
        a.set(f.key, &f.value);
    }
    a
}

/// The proposal for the answers in a wizard form.
pub fn wizard_proposal(
    form: &Form,
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
) -> crate::domain::wizard::Proposal<'static> {
    crate::domain::wizard::evaluate(wizard_table(rules, today), &wizard_answers(form))
}

/// The wizard form for a system: one field per question the answers so far call for.
pub fn wizard_form(m: &Model, code: &str, answers: &crate::domain::wizard::Answers) -> Form {
    use crate::domain::wizard::AnswerKind;
    let lang = m.lang;
    let fields = wizard_table(&m.snap.rules, m.snap.today())
        .questions(answers)
        .into_iter()
        .map(|q| {
            let value = answers.get(&q.id).unwrap_or("").to_owned();
            // the question's own text, from the rule data
            let label = Text {
                vi: &q.text.vi,
                en: &q.text.en,
            };
            match q.kind {
                AnswerKind::Choice => {
                    let mut options =
                        vec![(String::new(), msg::tui::forms::CHOOSE.text(lang).to_owned())];
                    options.extend(
                        q.options
                            .iter()
                            .map(|o| (o.key.clone(), o.label.get(lang).to_owned())),
                    );
                    Field::choice(&q.id, label, options, value)
                }
                AnswerKind::Count => Field::number(&q.id, label, value),
                AnswerKind::Levels => Field::text(&q.id, label, value),
            }
        })
        .collect();
    Form::new(
        Purpose::Wizard {
            code: code.to_owned(),
        },
        format!("{} — {code}", msg::tui::action::LEVEL_WIZARD.text(lang)),
        fields,
    )
}

/// Rebuilds a wizard form after an answer changed (questions depend on earlier answers),
/// keeping the focus on the same question.
pub fn refresh_wizard(m: &Model, form: Form) -> Form {
    let Purpose::Wizard { code } = &form.purpose else {
        return form;
    };
    let focused = form.focused().map(|f| f.key);
    let mut next = wizard_form(m, code, &wizard_answers(&form));
    if let Some(k) = focused
        && let Some(i) = next.fields.iter().position(|f| f.key == k)
    {
        next.focus = i;
    }
    next.errors = form.errors;
    next.picker = form.picker;
    next.original = form.original;
    next
}

/// What another session saved to the record a form edits since the form opened, taken into
/// the form before it is saved (optimistic concurrency): a field the officer left as it was
/// takes the other session's value (it is not written back over it); a field both changed,
/// differently, is a conflict. Each conflict is `(label, value as the form opened, value
/// saved meanwhile)`; the form then counts the saved values as its opening values, so saving
/// again (after reading what changed) writes the officer's own on purpose. The system and
/// project forms compare (the records the dashboard edits whole); the other forms add rows.
pub fn take_saved_meanwhile(
    form: &mut Form,
    data: &crate::domain::Dataset,
    lang: Lang,
) -> Vec<(String, String, String)> {
    // the record as saved now (none when deleted meanwhile: the save says so)
    let now = match &form.purpose {
        Purpose::EditSystem { code } => data
            .systems
            .iter()
            .find(|s| s.unit.is_empty() && s.code == *code)
            .map(|s| system_fields_in(lang, Some(s))),
        Purpose::EditProject { id } => data
            .projects
            .iter()
            .find(|p| p.id == *id)
            .map(|p| project_form_in(lang, chrono::NaiveDate::MIN, Some(p)).fields),
        _ => None,
    };
    let mut conflicts = Vec::new();
    for saved in now.unwrap_or_default() {
        let Some(base) = form
            .original
            .iter_mut()
            .find(|(k, _)| *k == saved.key)
            .map(|(_, v)| v)
        else {
            continue;
        };
        if *base == saved.value {
            continue;
        }
        let Some(mine) = form.fields.iter_mut().find(|f| f.key == saved.key) else {
            continue;
        };
        if mine.value == *base {
            mine.value = saved.value.clone();
        } else if mine.value != saved.value {
            let mut was = saved.clone();
            was.value = base.clone();
            conflicts.push((
                saved.label.text(lang).to_owned(),
                was.shown(lang),
                saved.shown(lang),
            ));
        }
        *base = saved.value;
    }
    conflicts
}
