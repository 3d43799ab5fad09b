//! The forms of the dashboard, pre-filled from the selected record: which fields each write
//! action asks for. A record's fields come from its table (`store::tables`: label, kind, rule,
//! input name), so a field added there appears here; field keys are the `app` input names, so
//! the validation messages land beside the right field.

use super::action::{Action, ViewId};
use super::form::{Field, Form, Purpose};
use super::model::Model;
use crate::domain::engine::Subject;
use crate::domain::*;
use crate::i18n::{self, Lang, Text, msg};
use crate::store::tables::{
    self, ASSESSMENTS, CUSTOMS, INCIDENTS, PROFILE, PROJECTS, REPORTS, Rule, STEPS, SYSTEMS, Stage,
    Table,
};

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
    let mut fields = table_fields(&SYSTEMS, Stage::Open, s.unwrap_or(&blank), lang);
    if let Some(s) = s
        && let Some(code) = fields.iter_mut().find(|f| f.key == "code")
    {
        // the code is the key: shown, not edited
        code.kind = super::form::FieldKind::Choice(vec![(s.code.clone(), s.code.clone())]);
    }
    fields
}

/// The fields of one of a record's forms, from its table: each input with the field's label,
/// kind and value on `r`, required where the field's rule says so.
fn table_fields<R>(t: &Table<R>, stage: Stage, r: &R, lang: Lang) -> Vec<Field> {
    t.form(stage)
        .map(|(input, f)| table_field(input, f, r, lang))
        .collect()
}

/// One form field of a table's field, as input `input`.
fn table_field<R>(input: &'static str, f: &tables::Field<R>, r: &R, lang: Lang) -> Field {
    use tables::Slot as S;
    let keyed = |all: fn() -> Vec<&'static str>, name: fn(&str, Lang) -> Option<&'static str>| {
        all()
            .into_iter()
            .map(|k| (k.to_owned(), name(k, lang).unwrap_or(k).to_owned()))
            .collect::<Vec<_>>()
    };
    let label = f.label;
    let field = match f.slot {
        S::Text(get, _) | S::Raw(get, _) | S::Stamp(get, _) => Field::text(input, label, get(r)),
        S::OptRaw(get, _) | S::OptText(get, _) => {
            Field::text(input, label, get(r).unwrap_or_default())
        }
        S::Months(get, _) => Field::text(
            input,
            label,
            get(r).map_or_else(String::new, |m| {
                m.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            }),
        ),
        S::Int { get, grouped, .. } => Field::number(
            input,
            label,
            if grouped {
                i18n::int(lang, get(r))
            } else {
                get(r).to_string()
            },
        ),
        S::Flag(get, _) | S::Bit(get, _) => Field::flag(input, label, get(r)),
        S::Level(get, _) => {
            let mut levels = vec![("".into(), msg::tui::NOT_SET.text(lang).into())];
            levels.extend((1..=5).map(|n| {
                (
                    n.to_string(),
                    format!("{} {n}", msg::tui::forms::LEVEL.text(lang)),
                )
            }));
            Field::choice(
                input,
                label,
                levels,
                get(r).map(|l| l.to_string()).unwrap_or_default(),
            )
        }
        S::Day(get, _) => Field::date(input, label, i18n::date(get(r))),
        S::Date(get, _) => Field::date(input, label, date_s(get(r))),
        S::Moment(get, _) => Field::datetime(input, label, i18n::datetime(get(r))),
        S::Time(get, _) => {
            Field::datetime(input, label, get(r).map(i18n::datetime).unwrap_or_default())
        }
        S::Key { get, all, name, .. } => Field::choice(input, label, keyed(all, name), get(r)),
        S::OptKey {
            get,
            all,
            name,
            none,
            ..
        } => {
            let mut options = vec![(String::new(), none.text(lang).to_owned())];
            options.extend(keyed(all, name));
            Field::choice(input, label, options, get(r).unwrap_or_default())
        }
        S::Period(get, _) => Field::text(input, label, get(r).key()),
    };
    if matches!(f.rule, Rule::Code | Rule::Required) {
        field.required()
    } else {
        field
    }
}

/// The field of input `key` in `fields`, to adjust what the table cannot know (the options of
/// the moment, a value left for the officer to type).
fn field_mut<'a>(fields: &'a mut [Field], key: &str) -> Option<&'a mut Field> {
    fields.iter_mut().find(|f| f.key == key)
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

/// Logs an incident: its kind, severity and the flags that decide its reports (detected now,
/// a malware incident of normal severity until the officer says otherwise).
fn incident_form(m: &Model) -> Form {
    let lang = m.lang;
    let proposed = Incident {
        detected_at: form_now(m),
        kind: IncidentKind::Malware,
        ..(INCIDENTS.blank)()
    };
    let mut fields = table_fields(&INCIDENTS, Stage::Open, &proposed, lang);
    // after the title: which system (none: the whole unit)
    let systems = system_options(m, msg::tui::forms::WHOLE_UNIT);
    fields.insert(
        1.min(fields.len()),
        Field::choice("system", msg::common::SYSTEM, systems, ""),
    );
    Form::new(
        Purpose::Incident,
        title(lang, msg::tui::forms::LOG_AN_INCIDENT, ""),
        fields,
    )
}

/// Adds an IT project (none given) or edits one: its year and budgets.
fn project_form(m: &Model, p: Option<&Project>) -> Form {
    project_form_in(m.lang, m.snap.today(), p)
}

/// The project form in `lang`, filled from `p` (a new project in the year of `today`, its
/// budgets left for the officer to type).
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
    let fresh = Project {
        year: chrono::Datelike::year(&today),
        ..(PROJECTS.blank)()
    };
    let mut fields = table_fields(&PROJECTS, Stage::Open, p.unwrap_or(&fresh), lang);
    if p.is_none() {
        for key in ["total", "security"] {
            if let Some(f) = field_mut(&mut fields, key) {
                f.value.clear();
            }
        }
    }
    Form::new(purpose, name, fields)
}

/// Adds a deadline a dispatch set (once or recurring, for a system or none), due today until
/// the officer says otherwise.
fn custom_deadline_form(m: &Model) -> Form {
    let lang = m.lang;
    let proposed = CustomDeadline {
        due_on: m.snap.today(),
        ..(CUSTOMS.blank)()
    };
    let mut fields = table_fields(&CUSTOMS, Stage::Open, &proposed, lang);
    // no system unless the officer picks one (never the row under the cursor); where the
    // document's JSON puts it, before the notes
    let at = fields
        .iter()
        .position(|f| f.key == "notes")
        .unwrap_or(fields.len());
    fields.insert(
        at,
        Field::choice(
            "system",
            msg::tui::forms::SYSTEM,
            system_options(m, msg::tui::forms::NO_SYSTEM),
            "",
        ),
    );
    Form::new(
        Purpose::AddCustom,
        title(lang, msg::tui::forms::ADD_A_DEADLINE_FROM_A_DISPATCH, ""),
        fields,
    )
}

/// Records a dossier step of a system on today, proposing the next state; the regulation
/// fields of the system ride along (a step may be the one that issues it).
fn dossier_form(m: &Model, s: &System) -> Form {
    let lang = m.lang;
    let next = match s.dossier {
        DossierState::None | DossierState::Redetermine => DossierState::Drafting,
        DossierState::Drafting => DossierState::Submitted,
        DossierState::Submitted => DossierState::Appraised,
        DossierState::Appraised => DossierState::Approved,
        DossierState::Approved => DossierState::Redetermine,
    };
    let proposed = crate::store::restore::StepRow {
        state: next,
        on: Some(m.snap.today()),
        ..(STEPS.blank)()
    };
    let mut fields = table_fields(&STEPS, Stage::Open, &proposed, lang);
    if let Some(f) = field_mut(&mut fields, "state")
        && let super::form::FieldKind::Choice(options) = &mut f.kind
    {
        // a step moves the dossier on: never back to "none"
        options.retain(|(k, _)| k != DossierState::None.key());
    }
    let at = fields
        .iter()
        .position(|f| f.key == "note")
        .unwrap_or(fields.len());
    let regulation = SYSTEMS
        .form(Stage::Open)
        .filter(|(input, _)| matches!(*input, "regulation_issued_on" | "regulation_ref"))
        .map(|(input, f)| table_field(input, f, s, lang));
    fields.splice(at..at, regulation);
    Form::new(
        Purpose::Dossier {
            code: s.code.clone(),
        },
        title(
            lang,
            msg::tui::forms::DOSSIER_STEP,
            &format!("{} ({})", s.code, s.dossier.label(lang)),
        ),
        fields,
    )
}

/// Records an assessment of a system: a periodic one, passed, completed today, until the
/// officer says otherwise.
fn assessment_form(m: &Model, s: &System) -> Form {
    let lang = m.lang;
    let proposed = Assessment {
        completed_on: m.snap.today(),
        ..(ASSESSMENTS.blank)()
    };
    Form::new(
        Purpose::Assessment {
            code: s.code.clone(),
        },
        title(lang, msg::tui::action::RECORD_AN_ASSESSMENT, &s.code),
        table_fields(&ASSESSMENTS, Stage::Open, &proposed, lang),
    )
}

/// Closes an incident: when the response ended (now, or at detection when that is later) and
/// its lessons learned (required to close it, not before).
fn close_incident_form(m: &Model, inc: &Incident) -> Form {
    let lang = m.lang;
    let mut fields = table_fields(&INCIDENTS, Stage::Close, inc, lang);
    if let Some(f) = field_mut(&mut fields, "response_ended_at") {
        f.value = after_detection(m, inc);
    }
    if let Some(f) = field_mut(&mut fields, "lessons") {
        f.required = true;
    }
    Form::new(
        Purpose::CloseIncident {
            incident_id: inc.id,
        },
        title(lang, msg::tui::forms::CLOSE_THE_INCIDENT_TITLE, &inc.title),
        fields,
    )
}

/// The organisation profile (its name required here: a new store has none yet).
fn profile_form(m: &Model) -> Form {
    let lang = m.lang;
    let mut fields = table_fields(&PROFILE, Stage::Open, &m.snap.data.profile, lang);
    if let Some(f) = field_mut(&mut fields, "unit_name") {
        f.required = true;
    }
    Form::new(
        Purpose::Profile,
        title(lang, msg::tui::action::ORGANISATION_PROFILE, ""),
        fields,
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
            let sent = ReportSubmission {
                report: r.id.clone(),
                period,
                submitted_on: m.snap.today(),
                ..(REPORTS.blank)()
            };
            let mut fields = table_fields(&REPORTS, Stage::Close, &sent, lang);
            if let Some(f) = field_mut(&mut fields, "report") {
                // the report of the row, by its title
                f.kind = super::form::FieldKind::Choice(vec![(
                    r.id.clone(),
                    r.title.get(lang).to_owned(),
                )]);
            }
            Ok(Form::new(
                Purpose::ReportSubmitted,
                format!(
                    "{} — {}",
                    msg::tui::forms::REPORT_SENT.text(lang),
                    period.label(lang)
                ),
                fields,
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
            // done on the day it was due (the occurrence of a recurring one) if that has come,
            // else today: a date in the future is refused
            let today = m.snap.today();
            let done = CustomDeadline {
                done_on: Some(it.due_on.map_or(today, |due| due.min(today))),
                ..c.clone()
            };
            let mut fields = table_fields(&CUSTOMS, Stage::Close, &done, lang);
            for f in &mut fields {
                f.required = true;
            }
            Ok(Form::new(
                Purpose::CustomDone { id: c.id },
                format!("{} — {}", msg::tui::forms::MARK_DONE.text(lang), c.title),
                fields,
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
    // every field of the form into the input of the same name (`SystemInput::field_mut`)
    let system_input = |code: String| {
        let mut input = SystemInput::default();
        for f in &form.fields {
            input.set(f.key, v(f.key));
        }
        input.set("code", code);
        input
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

#[cfg(test)]
mod tests {
    //! Every form field of every record's table, shown in its form and saved as the dashboard
    //! saves it (`check`), gives back the value it showed: the form and the `app` input agree
    //! on each field the table puts on a form, in both languages.

    use super::*;
    use crate::app::Op;
    use crate::rules::{Packs, RuleChoice};
    use crate::store::restore::StepRow;
    use chrono::{NaiveDate, NaiveDateTime};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(day: u32, h: u32, min: u32) -> NaiveDateTime {
        d(2026, 11, day).and_hms_opt(h, min, 0).unwrap()
    }

    fn today() -> NaiveDate {
        d(2026, 11, 29)
    }

    fn rules() -> RuleChoice {
        RuleChoice::new(Packs::embedded(), today(), None).unwrap()
    }

    /// System A (id 1, level 2, dossier submitted), incident 1 (open), custom deadline 1.
    fn data() -> Dataset {
        let mut p = Profile::new(d(2024, 1, 1));
        p.unit_name = "UBND xã Thử".into();
        let mut data = Dataset::new(p);
        let mut a = System::new("A", "Hệ thống A");
        a.id = 1;
        a.level = Level::new(2);
        a.dossier = DossierState::Submitted;
        a.dossier_since = Some(d(2026, 10, 1));
        data.systems = vec![a];
        data.incidents = vec![Incident {
            id: 1,
            title: "Mã độc".into(),
            detected_at: at(20, 8, 0),
            ..(INCIDENTS.blank)()
        }];
        data.customs = vec![CustomDeadline {
            id: 1,
            title: "Báo cáo theo công văn".into(),
            due_on: d(2026, 11, 30),
            ..(CUSTOMS.blank)()
        }];
        data
    }

    /// `sample` shown in the table's form of `stage` (each input under its field's label) and
    /// saved as the dashboard saves it, in both languages; `saved` takes the record the
    /// operation would write out of it (None: another operation). Each form field must hold
    /// the value it showed.
    fn saved_as_shown<R>(
        t: &Table<R>,
        stage: Stage,
        sample: &R,
        purpose: Purpose,
        saved: impl Fn(Op) -> Option<R>,
    ) {
        for lang in [Lang::Vi, Lang::En] {
            let fields = table_fields(t, stage, sample, lang);
            assert!(!fields.is_empty(), "{}: no form field", t.name);
            for (input, f) in t.form(stage) {
                let shown = fields.iter().find(|x| x.key == input).unwrap();
                assert_eq!(shown.label, f.label, "{}.{}", t.name, f.key);
            }
            let form = Form::new(purpose.clone(), String::new(), fields);
            let op = match check(&form, &data(), &rules(), today(), lang) {
                Ok(op) => op,
                Err(e) => panic!("{} ({lang:?}): refused {e:?}", t.name),
            };
            let got = saved(op).unwrap_or_else(|| panic!("{}: another operation", t.name));
            for (input, f) in t.form(stage) {
                let (was, is) = (f.json(sample), f.json(&got));
                assert_eq!(is, was, "{}.{} (input {input}, {lang:?})", t.name, f.key);
            }
        }
    }

    #[test]
    fn every_form_field_of_an_assessment_is_saved_as_shown() {
        let assessment = Assessment {
            completed_on: d(2026, 11, 20),
            kind: AssessmentKind::ALL[1],
            assessor: "Trung tâm CNTT tỉnh".into(),
            result: AssessmentResult::ALL[1],
            findings: 3,
            notes: "Đã khắc phục".into(),
            ..(ASSESSMENTS.blank)()
        };
        let purpose = Purpose::Assessment { code: "A".into() };
        saved_as_shown(
            &ASSESSMENTS,
            Stage::Open,
            &assessment,
            purpose,
            |op| match op {
                Op::Assessment { assessment, .. } => Some(assessment),
                _ => None,
            },
        );
    }

    #[test]
    fn every_form_field_of_a_project_is_saved_as_shown() {
        let project = Project {
            year: 2026,
            name: "Nâng cấp mạng LAN".into(),
            total_budget: 1_500_000_000,
            security_budget: 150_000_000,
            notes: "Vốn sự nghiệp".into(),
            ..(PROJECTS.blank)()
        };
        saved_as_shown(
            &PROJECTS,
            Stage::Open,
            &project,
            Purpose::AddProject,
            |op| match op {
                Op::Project(p) => Some(p),
                _ => None,
            },
        );
    }

    #[test]
    fn every_form_field_of_a_custom_deadline_is_saved_as_shown() {
        let custom = CustomDeadline {
            title: "Rà soát theo công văn".into(),
            due_on: d(2026, 12, 20),
            recurrence: Some(Recurrence::ALL[1]),
            source_doc: "812/UBND-KSTTHC".into(),
            notes: "Gửi phòng VH-XH".into(),
            ..(CUSTOMS.blank)()
        };
        saved_as_shown(
            &CUSTOMS,
            Stage::Open,
            &custom,
            Purpose::AddCustom,
            |op| match op {
                Op::Custom { custom, .. } => Some(custom),
                _ => None,
            },
        );
    }

    #[test]
    fn every_form_field_of_a_custom_deadline_done_is_saved_as_shown() {
        let done = CustomDeadline {
            done_on: Some(d(2026, 11, 28)),
            ..data().customs[0].clone()
        };
        let purpose = Purpose::CustomDone { id: 1 };
        saved_as_shown(&CUSTOMS, Stage::Close, &done, purpose, |op| match op {
            Op::CustomDone { done_on, .. } => Some(CustomDeadline {
                done_on: Some(done_on),
                ..data().customs[0].clone()
            }),
            _ => None,
        });
    }

    #[test]
    fn every_form_field_of_an_incident_is_saved_as_shown() {
        let incident = Incident {
            title: "Tấn công từ chối dịch vụ".into(),
            detected_at: at(28, 9, 30),
            kind: IncidentKind::ALL[1],
            severity: Severity::ALL[1],
            beyond_capacity: true,
            national_security: true,
            serious_disruption: true,
            notes: "Báo công an tỉnh".into(),
            ..(INCIDENTS.blank)()
        };
        saved_as_shown(
            &INCIDENTS,
            Stage::Open,
            &incident,
            Purpose::Incident,
            |op| match op {
                Op::Incident { incident, .. } => Some(incident),
                _ => None,
            },
        );
    }

    #[test]
    fn every_form_field_of_an_incident_closed_is_saved_as_shown() {
        let closed = Incident {
            response_ended_at: Some(at(28, 15, 0)),
            lessons: "Cập nhật tường lửa".into(),
            ..data().incidents[0].clone()
        };
        let purpose = Purpose::CloseIncident { incident_id: 1 };
        saved_as_shown(&INCIDENTS, Stage::Close, &closed, purpose, |op| match op {
            Op::CloseIncident {
                ended_at, lessons, ..
            } => Some(Incident {
                response_ended_at: Some(ended_at),
                lessons,
                ..data().incidents[0].clone()
            }),
            _ => None,
        });
    }

    #[test]
    fn every_form_field_of_a_dossier_step_is_saved_as_shown() {
        let step = StepRow {
            state: DossierState::Appraised,
            on: Some(d(2026, 11, 25)),
            reference: "15/TĐ-STTTT".into(),
            actor: "Sở Khoa học và Công nghệ".into(),
            note: "Đạt".into(),
            ..(STEPS.blank)()
        };
        let purpose = Purpose::Dossier { code: "A".into() };
        saved_as_shown(&STEPS, Stage::Open, &step, purpose, |op| match op {
            Op::Dossier { step, .. } => Some(StepRow {
                state: step.state,
                on: step.on,
                reference: step.reference,
                actor: step.actor,
                note: step.note,
                ..(STEPS.blank)()
            }),
            _ => None,
        });
    }

    #[test]
    fn every_form_field_of_a_system_is_saved_as_shown() {
        let mut sys = System::new("B-1", "Cổng dịch vụ công");
        sys.owner = "UBND xã Thử".into();
        sys.operator = "Văn phòng".into();
        sys.relation = Relation::ALL[1];
        sys.level = Level::new(3);
        sys.regulation_issued_on = Some(d(2026, 5, 2));
        sys.regulation_ref = "12/QĐ-UBND".into();
        sys.plan = PlanStatus::ALL[1];
        sys.go_live_on = Some(d(2020, 3, 4));
        sys.under_investment = true;
        sys.responsible = "Nguyễn Văn A".into();
        sys.notes = "Ghi chú".into();
        saved_as_shown(
            &SYSTEMS,
            Stage::Open,
            &sys,
            Purpose::AddSystem,
            |op| match op {
                Op::AddSystem(s) => Some(s),
                _ => None,
            },
        );
    }

    #[test]
    fn a_report_sent_is_saved_as_shown() {
        let sent = ReportSubmission {
            report: "annual".into(),
            period: Period::Year(2025),
            submitted_on: d(2025, 12, 10),
            doc_no: "12/BC-UBND".into(),
            ..(REPORTS.blank)()
        };
        assert!(rules().pack().reports.iter().any(|r| r.id == sent.report));
        saved_as_shown(
            &REPORTS,
            Stage::Close,
            &sent,
            Purpose::ReportSubmitted,
            |op| match op {
                Op::Report(r) => Some(r),
                _ => None,
            },
        );
    }
}
