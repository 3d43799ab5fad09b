//! The one definition of every record type: a [`Table`] per type names its SQL table and, per
//! [`Field`], the column, the JSON key (export, restore, change log), the label (forms, `capdo
//! log`, the inventory's headers), the rule, the form input and how to read and write it on the
//! record. The SELECT lists and row readers, INSERT/UPDATE, the change-log images and their
//! labels, the JSON export and reader, the inventory columns and the dashboard's forms are
//! walked from it: adding a field is one row here plus a migration (see
//! `exchange::table_tests` and `tests/cli/validation.rs`). Ids, system references and child
//! rows stay with the callers.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use super::restore::{CalendarRow, StepRow};
use super::sql::{self, Row, Value as Sql};
use super::{date_s, datetime_s, parse_dt};
use crate::domain::dates::{DateError, parse_datetime};
use crate::domain::evidence::{Evidence, EvidenceKind};
use crate::domain::valid::{self, Refusal};
use crate::domain::*;
use crate::i18n::msg::store::{record as label, system as sys};
use crate::i18n::{Lang, Text};

/// How a field's value lives on a record `R`: a reader and a writer by kind.
pub enum Slot<R> {
    /// A text (NFC-normalised by the JSON reader).
    Text(fn(&R) -> &str, fn(&mut R) -> &mut String),
    /// A store timestamp, a date or a date and time kept as written.
    Stamp(fn(&R) -> &str, fn(&mut R) -> &mut String),
    /// A text kept byte for byte (a path, a digest: not normalised).
    Raw(fn(&R) -> &str, fn(&mut R) -> &mut String),
    /// A text kept byte for byte, or none.
    OptRaw(fn(&R) -> Option<&str>, fn(&mut R) -> &mut Option<String>),
    /// A whole number within `min..=max`; `grouped` shows it with thousands separators (money).
    Int {
        get: fn(&R) -> i64,
        set: fn(&mut R, i64),
        min: i64,
        max: i64,
        grouped: bool,
    },
    /// Yes/no: true/false in JSON, 0/1 in SQL.
    Flag(fn(&R) -> bool, fn(&mut R) -> &mut bool),
    /// Yes/no as [`Slot::Flag`], but 0/1 in the change log too (a system's flag, logged so
    /// since the first version: the hash chain keeps the old images).
    Bit(fn(&R) -> bool, fn(&mut R) -> &mut bool),
    /// A security level (cấp độ 1–5) or none.
    Level(fn(&R) -> Option<Level>, fn(&mut R) -> &mut Option<Level>),
    /// A date the record must have.
    Day(fn(&R) -> NaiveDate, fn(&mut R) -> &mut NaiveDate),
    /// A date or none.
    Date(
        fn(&R) -> Option<NaiveDate>,
        fn(&mut R) -> &mut Option<NaiveDate>,
    ),
    /// A date and time the record must have.
    Moment(fn(&R) -> NaiveDateTime, fn(&mut R) -> &mut NaiveDateTime),
    /// A date and time or none.
    Time(
        fn(&R) -> Option<NaiveDateTime>,
        fn(&mut R) -> &mut Option<NaiveDateTime>,
    ),
    /// A coded value: its stable key, a setter that says whether it knew the key (an unknown
    /// one sets the default), every key, a key's name in a language, and the kind's own loose
    /// reading of a typed value (key, name or alias; `parse_loose`) with its list of spellings.
    Key {
        get: fn(&R) -> &'static str,
        set: fn(&mut R, &str) -> bool,
        all: fn() -> Vec<&'static str>,
        name: fn(&str, Lang) -> Option<&'static str>,
        parse: fn(&str) -> Option<&'static str>,
        spellings: fn(Lang) -> String,
    },
    /// A coded value or none (`set(None)` clears it; an unknown key clears it too); `none` is
    /// how the forms name "none".
    OptKey {
        get: fn(&R) -> Option<&'static str>,
        set: fn(&mut R, Option<&str>) -> bool,
        all: fn() -> Vec<&'static str>,
        name: fn(&str, Lang) -> Option<&'static str>,
        parse: fn(&str) -> Option<&'static str>,
        spellings: fn(Lang) -> String,
        none: Text,
    },
    /// A report period ("2026-Q4", "2026").
    Period(fn(&R) -> Period, fn(&mut R) -> &mut Period),
    /// A text or none (NFC-normalised by the JSON reader).
    OptText(fn(&R) -> Option<&str>, fn(&mut R) -> &mut Option<String>),
    /// Assessment intervals in months for levels 1 to 5, or none: `[12, 12, 24, 24, 36]` in
    /// JSON, `12,12,24,24,36` in SQL.
    Months(
        fn(&R) -> Option<[u32; 5]>,
        fn(&mut R) -> &mut Option<[u32; 5]>,
    ),
}

impl<R> Clone for Slot<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for Slot<R> {}

/// What a typed value must satisfy (the rules of `app::valid`; the JSON reader checks texts by
/// them, the forms mark the required ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A system code (required, at most 64 characters, no "/").
    Code,
    /// A one-line text that must not be empty.
    Required,
    /// A one-line text.
    Line,
    /// A multi-line text.
    Notes,
    /// A date not after today (a form's; the JSON reader leaves dates to their kind).
    Past,
    /// No rule of its own: its kind's parser decides (level, date, coded value, yes/no, or a
    /// text checked by its use case only).
    Typed,
}

/// Which of a record's forms asks for a field (the dashboard's, and the input of `app`'s use
/// case of the same name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The form that adds (or edits) the record.
    Open,
    /// The form that closes it: an incident's end of response, a deadline done, a report sent.
    Close,
}

/// A coded value as typed (its key or its label) to its stable key, or the refusal.
pub type Typed = fn(&str) -> Result<&'static str, Refusal>;

/// One field of a record.
pub struct Field<R: 'static> {
    /// The JSON key (export, restore, change-log images; the inventory's English header).
    pub key: &'static str,
    /// The column of the record's table.
    pub column: &'static str,
    /// Its name as a person reads it: the form's label, `capdo log`'s, the inventory's header.
    pub label: Text,
    pub slot: Slot<R>,
    pub rule: Rule,
    /// Part of the record's change-log image (where the record is logged).
    pub logged: bool,
    /// Position among the inventory's CSV/XLSX columns, if it is one (systems).
    pub inventory: Option<u8>,
    /// On a form: the input's name (the `app` use case's) and the form.
    pub form: Option<(&'static str, Stage)>,
    /// Left out of the JSON export while empty (a key older files do not have).
    pub optional: bool,
    /// Kept by the store from other records (a system's last assessment, from its
    /// assessments): a change does not set it; an inventory import that has it records the
    /// other record (a completed assessment) instead.
    pub derived: bool,
    /// How a coded value typed by the officer (its key or its label, in either language)
    /// becomes its stable key, refused with the value's own message (relation, dossier and
    /// plan status); without one [`Field::parse`] matches the key or a name and lists them.
    pub typed: Option<Typed>,
}

/// A record type: its table and its fields, in the JSON export's order.
pub struct Table<R: 'static> {
    /// The SQL table.
    pub name: &'static str,
    /// The change log's name for the record (`entity`).
    pub entity: &'static str,
    /// The columns that name a record kept by a key of its own (a report's report and period,
    /// a calendar day's date): saving one again updates the rest ([`Table::upsert`]). Empty for
    /// a record named by its id.
    pub key: &'static [&'static str],
    pub fields: &'static [Field<R>],
    /// Where the record's `system` and `unit` go among the JSON keys: before the field of
    /// this index (for a record that names a system).
    pub system_at: usize,
    /// A record with every field empty, for the readers to fill.
    pub blank: fn() -> R,
    /// A row whose date or period the record must have is not understood (only a damaged
    /// store has one) is left out by the store's readers (else read as the earliest date).
    pub skip_unread: bool,
}

const fn field<R>(key: &'static str, label: Text, slot: Slot<R>) -> Field<R> {
    Field {
        key,
        column: key,
        label,
        slot,
        rule: Rule::Typed,
        logged: true,
        inventory: None,
        form: None,
        optional: false,
        derived: false,
        typed: None,
    }
}

impl<R> Field<R> {
    const fn column(mut self, column: &'static str) -> Field<R> {
        self.column = column;
        self
    }
    const fn unlogged(mut self) -> Field<R> {
        self.logged = false;
        self
    }
    const fn rule(mut self, rule: Rule) -> Field<R> {
        self.rule = rule;
        self
    }
    const fn csv(mut self, position: u8) -> Field<R> {
        self.inventory = Some(position);
        self
    }
    /// On the form that adds the record, as an input of the same name.
    const fn form(self) -> Field<R> {
        let key = self.key;
        self.form_as(key)
    }
    /// On the form that adds the record, as the input `input`.
    const fn form_as(mut self, input: &'static str) -> Field<R> {
        self.form = Some((input, Stage::Open));
        self
    }
    /// On the form that closes the record, as the input `input`.
    const fn closing(mut self, input: &'static str) -> Field<R> {
        self.form = Some((input, Stage::Close));
        self
    }
    const fn derived(mut self) -> Field<R> {
        self.derived = true;
        self
    }
    const fn optional(mut self) -> Field<R> {
        self.optional = true;
        self
    }
    const fn typed(mut self, parse: Typed) -> Field<R> {
        self.typed = Some(parse);
        self
    }
}

macro_rules! text {
    ($($f:ident).+) => {
        Slot::Text(|r| &r.$($f).+, |r| &mut r.$($f).+)
    };
}
macro_rules! stamp {
    ($($f:ident).+) => {
        Slot::Stamp(|r| &r.$($f).+, |r| &mut r.$($f).+)
    };
}
macro_rules! flag {
    ($($f:ident).+) => {
        Slot::Flag(|r| r.$($f).+, |r| &mut r.$($f).+)
    };
}
macro_rules! day {
    ($($f:ident).+) => {
        Slot::Day(|r| r.$($f).+, |r| &mut r.$($f).+)
    };
}
macro_rules! date {
    ($($f:ident).+) => {
        Slot::Date(|r| r.$($f).+, |r| &mut r.$($f).+)
    };
}
macro_rules! level {
    ($f:ident) => {
        Slot::Level(|r| r.$f, |r| &mut r.$f)
    };
}
macro_rules! int {
    ($f:ident, $min:expr, $max:expr) => {
        Slot::Int {
            get: |r| r.$f,
            set: |r, v| r.$f = v,
            min: $min,
            max: $max,
            grouped: false,
        }
    };
}
macro_rules! money {
    ($f:ident) => {
        Slot::Int {
            get: |r| r.$f,
            set: |r, v| r.$f = v,
            min: 0,
            max: i64::MAX,
            grouped: true,
        }
    };
}
macro_rules! key {
    ($f:ident, $t:ident, $default:ident) => {
        Slot::Key {
            get: |r| r.$f.key(),
            set: |r, k| match $t::from_key(k) {
                Some(v) => {
                    r.$f = v;
                    true
                }
                None => {
                    r.$f = $t::$default;
                    false
                }
            },
            all: || $t::ALL.iter().map(|x| x.key()).collect(),
            name: |k, lang| $t::from_key(k).map(|x| x.label(lang)),
            parse: |raw| $t::parse_loose(raw).map(|x| x.key()),
            spellings: $t::spellings,
        }
    };
}

/// Systems (`system`), in the JSON export's order. The store adds `id`, `search_key`,
/// `created_at` and `updated_at` of its own.
pub static SYSTEMS: Table<System> = Table {
    name: "system",
    entity: "system",
    key: &[],
    fields: &[
        field::<System>("unit", sys::UNIT, text!(unit))
            .rule(Rule::Line)
            .unlogged(),
        field::<System>("code", sys::CODE, text!(code))
            .rule(Rule::Code)
            .csv(0)
            .form(),
        field::<System>("name", sys::NAME, text!(name))
            .rule(Rule::Required)
            .csv(1)
            .form(),
        field::<System>("owner", sys::OWNER, text!(owner))
            .rule(Rule::Line)
            .csv(2)
            .form(),
        field::<System>("operator", sys::OPERATOR, text!(operator))
            .rule(Rule::Line)
            .csv(3)
            .form(),
        field::<System>("relation", sys::RELATION, key!(relation, Relation, Owned))
            .typed(|raw| valid::relation(raw).map(Relation::key))
            .csv(4)
            .form(),
        field::<System>("level", sys::LEVEL, level!(level))
            .csv(5)
            .form(),
        field::<System>(
            "dossier_status",
            sys::DOSSIER_STATUS,
            key!(dossier, DossierState, None),
        )
        .typed(|raw| valid::dossier_status(raw).map(DossierState::key))
        .column("dossier_state")
        .csv(6),
        field::<System>("dossier_since", sys::DOSSIER_SINCE, date!(dossier_since)),
        field::<System>("approved_on", sys::APPROVED_ON, date!(approved_on)).csv(7),
        field::<System>(
            "approved_level",
            sys::APPROVED_LEVEL,
            level!(approved_level),
        )
        .optional(),
        field::<System>("decision_no", sys::DECISION_NO, text!(decision_no))
            .rule(Rule::Line)
            .csv(8),
        field::<System>(
            "regulation_issued_on",
            sys::REGULATION_ISSUED_ON,
            date!(regulation_issued_on),
        )
        .rule(Rule::Past)
        .form(),
        field::<System>("regulation_ref", sys::REGULATION_REF, text!(regulation_ref))
            .rule(Rule::Line)
            .form(),
        field::<System>(
            "plan_status",
            sys::PLAN_STATUS,
            key!(plan, PlanStatus, None),
        )
        .typed(|raw| valid::plan_status(raw).map(PlanStatus::key))
        .csv(9)
        .form(),
        field::<System>("go_live_on", sys::GO_LIVE_ON, date!(go_live_on))
            .csv(11)
            .form(),
        field::<System>(
            "under_investment",
            sys::UNDER_INVESTMENT,
            Slot::Bit(|s| s.under_investment, |s| &mut s.under_investment),
        )
        .csv(14)
        .form(),
        field::<System>(
            "decommissioned_on",
            sys::DECOMMISSIONED_ON,
            date!(decommissioned_on),
        ),
        field::<System>("responsible", sys::RESPONSIBLE, text!(responsible))
            .rule(Rule::Line)
            .csv(12)
            .form(),
        field::<System>("notes", sys::NOTES, text!(notes))
            .rule(Rule::Notes)
            .csv(13)
            .form(),
        field::<System>(
            "last_assessed_on",
            sys::LAST_ASSESSED_ON,
            date!(last_assessed_on),
        )
        .csv(10)
        .derived()
        .unlogged(),
    ],
    system_at: 0,
    blank: || System::new("", ""),
    skip_unread: false,
};

/// The unit's profile (`profile`, one row: id 1); `created_at` around (the store's own stamp).
pub static PROFILE: Table<Profile> = Table {
    name: "profile",
    entity: "profile",
    key: &[],
    fields: &[
        // required by the profile form, not of a store (a new one has none yet)
        field::<Profile>("unit_name", label::profile::UNIT_NAME, text!(unit_name)).form(),
        field::<Profile>("tier", label::profile::TIER, key!(tier, Tier, Commune)).form(),
        field::<Profile>(
            "parent_authority",
            label::profile::PARENT_AUTHORITY,
            text!(parent_authority),
        )
        .form(),
        field::<Profile>("officer", label::profile::OFFICER, text!(officer)).form(),
        field::<Profile>(
            "tracking_start",
            label::profile::TRACKING_START,
            day!(tracking_start),
        )
        .rule(Rule::Required)
        .form(),
        field::<Profile>(
            "pinned_pack",
            label::profile::PINNED_PACK,
            Slot::OptText(|r| r.pinned_pack.as_deref(), |r| &mut r.pinned_pack),
        ),
        field::<Profile>(
            "assessment_months",
            label::profile::ASSESSMENT_MONTHS,
            Slot::Months(|r| r.assessment_months, |r| &mut r.assessment_months),
        ),
    ],
    system_at: 0,
    blank: || Profile::new(NaiveDate::MIN),
    skip_unread: false,
};

/// Dossier steps (`dossier_step`), as the dump holds them; `id` and `system_id` around.
pub static STEPS: Table<StepRow> = Table {
    name: "dossier_step",
    entity: "dossier_step",
    key: &[],
    fields: &[
        field::<StepRow>("state", label::step::STATE, key!(state, DossierState, None)).form(),
        field::<StepRow>("on", label::step::ON, date!(on))
            .column("on_date")
            .rule(Rule::Required)
            .form(),
        field::<StepRow>("reference", label::step::REFERENCE, text!(reference)).form(),
        field::<StepRow>("actor", label::step::ACTOR, text!(actor)).form_as("approver"),
        field::<StepRow>("note", label::step::NOTE, text!(note)).form(),
        field::<StepRow>("recorded_at", label::step::RECORDED_AT, stamp!(recorded_at)),
    ],
    system_at: 0,
    blank: || StepRow {
        id: 0,
        system: super::restore::SysRef {
            unit: String::new(),
            code: String::new(),
        },
        state: DossierState::None,
        on: None,
        reference: String::new(),
        actor: String::new(),
        note: String::new(),
        recorded_at: String::new(),
    },
    skip_unread: false,
};

/// Assessments (`assessment`); `id` and `system_id` around.
pub static ASSESSMENTS: Table<Assessment> = Table {
    name: "assessment",
    entity: "assessment",
    key: &[],
    fields: &[
        field::<Assessment>(
            "completed_on",
            label::assessment::COMPLETED_ON,
            day!(completed_on),
        )
        .rule(Rule::Required)
        .form_as("on"),
        field::<Assessment>(
            "kind",
            label::assessment::KIND,
            key!(kind, AssessmentKind, Periodic),
        )
        .form(),
        field::<Assessment>("assessor", label::assessment::ASSESSOR, text!(assessor)).form(),
        field::<Assessment>(
            "result",
            label::assessment::RESULT,
            key!(result, AssessmentResult, Pass),
        )
        .form(),
        field::<Assessment>(
            "findings",
            label::assessment::FINDINGS,
            int!(findings, 0, i64::MAX),
        )
        .form(),
        field::<Assessment>("notes", label::assessment::NOTES, text!(notes)).form(),
    ],
    system_at: 0,
    blank: || Assessment {
        id: 0,
        system_id: 0,
        completed_on: NaiveDate::MIN,
        kind: AssessmentKind::Periodic,
        assessor: String::new(),
        result: AssessmentResult::Pass,
        findings: 0,
        notes: String::new(),
    },
    skip_unread: false,
};

/// Incidents (`incident`); `id`, `system_id` and the reports sent (`incident_report`) around.
pub static INCIDENTS: Table<Incident> = Table {
    name: "incident",
    entity: "incident",
    key: &[],
    fields: &[
        field::<Incident>("title", label::incident::TITLE, text!(title))
            .rule(Rule::Required)
            .form(),
        field::<Incident>(
            "detected_at",
            label::incident::DETECTED_AT,
            Slot::Moment(|r| r.detected_at, |r| &mut r.detected_at),
        )
        .form(),
        field::<Incident>(
            "kind",
            label::incident::KIND,
            key!(kind, IncidentKind, Other),
        )
        .form(),
        field::<Incident>(
            "severity",
            label::incident::SEVERITY,
            key!(severity, Severity, Normal),
        )
        .form(),
        field::<Incident>(
            "beyond_capacity",
            label::incident::BEYOND_CAPACITY,
            flag!(beyond_capacity),
        )
        .form(),
        field::<Incident>(
            "national_security",
            label::incident::NATIONAL_SECURITY,
            flag!(national_security),
        )
        .form(),
        field::<Incident>(
            "serious_disruption",
            label::incident::SERIOUS_DISRUPTION,
            flag!(serious_disruption),
        )
        .form(),
        field::<Incident>(
            "response_ended_at",
            label::incident::RESPONSE_ENDED_AT,
            Slot::Time(|r| r.response_ended_at, |r| &mut r.response_ended_at),
        )
        .closing("response_ended_at"),
        // required when the incident is closed, not before: the closing form says so
        field::<Incident>("lessons", label::incident::LESSONS, text!(lessons)).closing("lessons"),
        field::<Incident>("notes", label::incident::NOTES, text!(notes))
            .unlogged()
            .form(),
    ],
    system_at: 0,
    blank: || Incident {
        id: 0,
        system_id: None,
        title: String::new(),
        detected_at: NaiveDateTime::MIN,
        kind: IncidentKind::Other,
        severity: Severity::Normal,
        beyond_capacity: false,
        national_security: false,
        serious_disruption: false,
        response_ended_at: None,
        lessons: String::new(),
        notes: String::new(),
        reports: Vec::new(),
    },
    skip_unread: false,
};

/// IT projects (`project`); `id` around.
pub static PROJECTS: Table<Project> = Table {
    name: "project",
    entity: "project",
    key: &[],
    fields: &[
        field::<Project>(
            "year",
            label::project::YEAR,
            Slot::Int {
                get: |r| i64::from(r.year),
                set: |r, v| r.year = i32::try_from(v).unwrap_or_default(),
                min: 1900,
                max: 2200,
                grouped: false,
            },
        )
        .rule(Rule::Required)
        .form(),
        field::<Project>("name", label::project::NAME, text!(name))
            .rule(Rule::Required)
            .form(),
        field::<Project>(
            "total_budget",
            label::project::TOTAL_BUDGET,
            money!(total_budget),
        )
        .rule(Rule::Required)
        .form_as("total"),
        field::<Project>(
            "security_budget",
            label::project::SECURITY_BUDGET,
            money!(security_budget),
        )
        .rule(Rule::Required)
        .form_as("security"),
        field::<Project>("notes", label::project::NOTES, text!(notes)).form(),
    ],
    system_at: 0,
    blank: || Project {
        id: 0,
        year: 0,
        name: String::new(),
        total_budget: 0,
        security_budget: 0,
        notes: String::new(),
    },
    skip_unread: false,
};

/// Report submissions (`report_submission`, keyed by report and period); `id` around. The
/// report and period are its key: never updated, not in the change-log image (the entry's key
/// names them).
pub static REPORTS: Table<ReportSubmission> = Table {
    name: "report_submission",
    entity: "report",
    key: &["report", "period"],
    fields: &[
        field::<ReportSubmission>("report", label::report::REPORT, text!(report))
            .unlogged()
            .closing("report"),
        field::<ReportSubmission>(
            "period",
            label::report::PERIOD,
            Slot::Period(|r| r.period, |r| &mut r.period),
        )
        .unlogged()
        .closing("period"),
        field::<ReportSubmission>(
            "submitted_on",
            label::report::SUBMITTED_ON,
            day!(submitted_on),
        )
        .rule(Rule::Required)
        .closing("on"),
        field::<ReportSubmission>("doc_no", label::report::DOC_NO, text!(doc_no)).closing("doc_no"),
    ],
    system_at: 0,
    blank: || ReportSubmission {
        id: 0,
        report: String::new(),
        period: Period::Year(0),
        submitted_on: NaiveDate::MIN,
        doc_no: String::new(),
    },
    skip_unread: true,
};

/// Custom deadlines (`custom_deadline`); `id` and `system_id` around.
pub static CUSTOMS: Table<CustomDeadline> = Table {
    name: "custom_deadline",
    entity: "custom",
    key: &[],
    fields: &[
        field::<CustomDeadline>("title", label::custom::TITLE, text!(title))
            .rule(Rule::Required)
            .form(),
        field::<CustomDeadline>("due_on", label::custom::DUE_ON, day!(due_on))
            .rule(Rule::Required)
            .form(),
        field::<CustomDeadline>(
            "recurrence",
            label::custom::RECURRENCE,
            Slot::OptKey {
                get: |r| r.recurrence.map(Recurrence::key),
                set: |r, k| {
                    r.recurrence = k.and_then(Recurrence::from_key);
                    k.is_none() || r.recurrence.is_some()
                },
                all: || Recurrence::ALL.iter().map(|x| x.key()).collect(),
                name: |k, lang| Recurrence::from_key(k).map(|x| x.label(lang)),
                parse: |raw| Recurrence::parse_loose(raw).map(|x| x.key()),
                spellings: Recurrence::spellings,
                none: label::custom::ONCE,
            },
        )
        .form(),
        field::<CustomDeadline>("source_doc", label::custom::SOURCE_DOC, text!(source_doc)).form(),
        field::<CustomDeadline>("done_on", label::custom::DONE_ON, date!(done_on))
            .unlogged()
            .closing("done_on"),
        field::<CustomDeadline>("notes", label::custom::NOTES, text!(notes))
            .unlogged()
            .form(),
    ],
    system_at: 4,
    blank: || CustomDeadline {
        id: 0,
        title: String::new(),
        due_on: NaiveDate::MIN,
        recurrence: None,
        source_doc: String::new(),
        system_id: None,
        done_on: None,
        notes: String::new(),
    },
    skip_unread: false,
};

/// The officer's calendar days (`calendar_day`, keyed by date).
pub static CALENDAR: Table<CalendarRow> = Table {
    name: "calendar_day",
    entity: "calendar",
    key: &["on_date"],
    fields: &[
        field::<CalendarRow>("date", label::calendar::DATE, day!(day.date))
            .column("on_date")
            .unlogged(),
        field::<CalendarRow>("working", label::calendar::WORKING, flag!(day.working)),
        field::<CalendarRow>("note", label::calendar::NOTE, text!(day.note)),
        field::<CalendarRow>("added_at", label::calendar::ADDED_AT, stamp!(added_at)).unlogged(),
    ],
    system_at: 0,
    blank: || CalendarRow {
        day: CalendarDay {
            date: NaiveDate::MIN,
            working: false,
            note: String::new(),
        },
        added_at: String::new(),
    },
    skip_unread: true,
};

/// The evidence register (`evidence`); `id`, `system_id` and what a document proves (`proves`,
/// `proves_ref`: one value in two columns) around.
pub static EVIDENCE: Table<Evidence> = Table {
    name: "evidence",
    entity: "evidence",
    key: &[],
    fields: &[
        field::<Evidence>(
            "kind",
            label::evidence::KIND,
            key!(kind, EvidenceKind, Other),
        ),
        field::<Evidence>(
            "path",
            label::evidence::PATH,
            Slot::Raw(|r| &r.path, |r| &mut r.path),
        ),
        field::<Evidence>("under_root", label::evidence::UNDER_ROOT, flag!(under_root)),
        field::<Evidence>(
            "size",
            label::evidence::SIZE,
            Slot::Int {
                get: |r| i64::try_from(r.size).unwrap_or(i64::MAX),
                set: |r, v| r.size = u64::try_from(v).unwrap_or_default(),
                min: 0,
                max: i64::MAX,
                grouped: true,
            },
        ),
        field::<Evidence>(
            "mtime",
            label::evidence::MTIME,
            Slot::OptRaw(|r| r.mtime.as_deref(), |r| &mut r.mtime),
        ),
        field::<Evidence>(
            "sha256",
            label::evidence::SHA256,
            Slot::Raw(|r| &r.sha256, |r| &mut r.sha256),
        ),
        field::<Evidence>("reference", label::evidence::REFERENCE, text!(reference)),
        field::<Evidence>("on", label::evidence::ON, date!(on)).column("on_date"),
        field::<Evidence>("note", label::evidence::NOTE, text!(note)),
        field::<Evidence>(
            "recorded_at",
            label::evidence::RECORDED_AT,
            Slot::Raw(|r| &r.recorded_at, |r| &mut r.recorded_at),
        )
        .unlogged(),
    ],
    system_at: 0,
    blank: || Evidence {
        id: 0,
        system_id: 0,
        system_code: String::new(),
        kind: EvidenceKind::Other,
        path: String::new(),
        under_root: false,
        size: 0,
        mtime: None,
        sha256: String::new(),
        reference: String::new(),
        on: None,
        note: String::new(),
        proves: None,
        recorded_at: String::new(),
    },
    skip_unread: false,
};

impl<R> Field<R> {
    /// The value as the JSON export and the change log write it.
    pub fn json(&self, r: &R) -> Value {
        match self.slot {
            Slot::Text(get, _) | Slot::Stamp(get, _) | Slot::Raw(get, _) => json!(get(r)),
            Slot::OptRaw(get, _) => get(r).map_or(Value::Null, |x| json!(x)),
            Slot::Int { get, .. } => json!(get(r)),
            Slot::Flag(get, _) => json!(get(r)),
            Slot::Bit(get, _) => json!(i64::from(get(r))),
            Slot::Level(get, _) => get(r).map_or(Value::Null, |l| json!(l.get())),
            Slot::Day(get, _) => Value::String(date_s(get(r))),
            Slot::Date(get, _) => get(r).map_or(Value::Null, |d| Value::String(date_s(d))),
            Slot::Moment(get, _) => Value::String(datetime_s(get(r))),
            Slot::Time(get, _) => get(r).map_or(Value::Null, |d| Value::String(datetime_s(d))),
            Slot::Key { get, .. } => json!(get(r)),
            Slot::OptKey { get, .. } => get(r).map_or(Value::Null, |k| json!(k)),
            Slot::Period(get, _) => Value::String(get(r).key()),
            Slot::OptText(get, _) => get(r).map_or(Value::Null, |x| json!(x)),
            Slot::Months(get, _) => get(r).map_or(Value::Null, |m| json!(m)),
        }
    }

    /// The value as the JSON export writes it: as [`Field::json`], a yes/no always true/false.
    pub fn export(&self, r: &R) -> Value {
        match self.slot {
            Slot::Bit(get, _) => Value::Bool(get(r)),
            _ => self.json(r),
        }
    }

    /// The value as the table stores it.
    pub fn sql(&self, r: &R) -> Sql {
        match self.slot {
            Slot::Text(get, _) | Slot::Stamp(get, _) | Slot::Raw(get, _) => {
                Sql::Text(get(r).to_owned())
            }
            Slot::OptRaw(get, _) => get(r).map_or(Sql::Null, |x| Sql::Text(x.to_owned())),
            Slot::Int { get, .. } => Sql::Integer(get(r)),
            Slot::Flag(get, _) | Slot::Bit(get, _) => Sql::Integer(i64::from(get(r))),
            Slot::Level(get, _) => get(r).map_or(Sql::Null, |l| Sql::Integer(i64::from(l.get()))),
            Slot::Day(get, _) => Sql::Text(date_s(get(r))),
            Slot::Date(get, _) => get(r).map_or(Sql::Null, |d| Sql::Text(date_s(d))),
            Slot::Moment(get, _) => Sql::Text(datetime_s(get(r))),
            Slot::Time(get, _) => get(r).map_or(Sql::Null, |d| Sql::Text(datetime_s(d))),
            Slot::Key { get, .. } => Sql::Text(get(r).to_owned()),
            Slot::OptKey { get, .. } => get(r).map_or(Sql::Null, |k| Sql::Text(k.to_owned())),
            Slot::Period(get, _) => Sql::Text(get(r).key()),
            Slot::OptText(get, _) => get(r).map_or(Sql::Null, |x| Sql::Text(x.to_owned())),
            Slot::Months(get, _) => get(r).map_or(Sql::Null, |m| {
                Sql::Text(m.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
            }),
        }
    }

    /// Sets the field from column `i` of a row (texts keep their buffers; dates and coded
    /// values are read without allocating: this is the hot loop of loading 100,000 systems).
    /// False for a date or period the record must have that the row does not hold as capdo
    /// writes it (the field is then left at its earliest date).
    pub fn read(&self, row: &Row, i: usize, r: &mut R) -> sql::Result<bool> {
        match self.slot {
            Slot::Text(_, set) | Slot::Stamp(_, set) | Slot::Raw(_, set) => {
                let to = set(r);
                to.clear();
                to.push_str(row.text_required(i)?);
            }
            Slot::OptRaw(_, set) | Slot::OptText(_, set) => *set(r) = row.get(i)?,
            Slot::Months(_, set) => {
                *set(r) = row
                    .get::<Option<String>>(i)?
                    .and_then(|m| super::read::parse_months(&m));
            }
            Slot::Int { set, .. } => set(r, row.get(i)?),
            Slot::Flag(_, set) | Slot::Bit(_, set) => *set(r) = row.get(i)?,
            Slot::Level(_, set) => *set(r) = row.get::<Option<i64>>(i)?.and_then(Level::new),
            Slot::Day(_, set) => {
                let d = super::read::date_ref(row, i)?;
                *set(r) = d.unwrap_or(NaiveDate::MIN);
                return Ok(d.is_some());
            }
            Slot::Date(_, set) => *set(r) = super::read::date_ref(row, i)?,
            Slot::Moment(_, set) => {
                *set(r) = parse_dt(row.get(i)?).unwrap_or(NaiveDateTime::MIN);
            }
            Slot::Time(_, set) => *set(r) = parse_dt(row.get(i)?),
            Slot::Key { set, .. } => {
                // an unknown key (only a damaged file has one) reads as the default
                set(r, row.text_required(i)?);
            }
            Slot::OptKey { set, .. } => {
                set(r, row.get::<Option<String>>(i)?.as_deref());
            }
            Slot::Period(_, set) => match Period::parse(&row.get::<String>(i)?) {
                Some(p) => *set(r) = p,
                None => return Ok(false),
            },
        }
        Ok(true)
    }

    /// Sets the field of `to` to its value in `from`.
    pub fn copy(&self, from: &R, to: &mut R) {
        match self.slot {
            Slot::Text(get, set) | Slot::Stamp(get, set) | Slot::Raw(get, set) => {
                *set(to) = get(from).to_owned();
            }
            Slot::OptRaw(get, set) | Slot::OptText(get, set) => {
                *set(to) = get(from).map(str::to_owned);
            }
            Slot::Int { get, set, .. } => set(to, get(from)),
            Slot::Flag(get, set) | Slot::Bit(get, set) => *set(to) = get(from),
            Slot::Level(get, set) => *set(to) = get(from),
            Slot::Day(get, set) => *set(to) = get(from),
            Slot::Date(get, set) => *set(to) = get(from),
            Slot::Moment(get, set) => *set(to) = get(from),
            Slot::Time(get, set) => *set(to) = get(from),
            Slot::Key { get, set, .. } => drop(set(to, get(from))),
            Slot::OptKey { get, set, .. } => drop(set(to, get(from))),
            Slot::Period(get, set) => *set(to) = get(from),
            Slot::Months(get, set) => *set(to) = get(from),
        }
    }

    /// A value as the officer typed it (a form's input, an inventory cell) onto `to`, checked
    /// by the field's rule and kind: the one parser of typed values, so every surface accepts or
    /// refuses a value the same way with the same [`Refusal`]. Every value is first a text
    /// (NFC, trimmed, no control character, not too long; a raw text is then kept as typed);
    /// empty means none where the kind has none (a yes/no: no; a coded value: its default).
    /// `today` bounds a [`Rule::Past`] date. On a refusal `to` is left as it was.
    pub fn parse(&self, raw: &str, today: NaiveDate, to: &mut R) -> Result<(), Refusal> {
        let multiline = self.rule == Rule::Notes;
        let max = if multiline {
            valid::MAX_NOTES
        } else {
            valid::MAX_TEXT
        };
        let v = valid::text(raw, max, multiline)?;
        let past = |d: NaiveDate| match self.rule == Rule::Past && d > today {
            true => Err(Refusal::InTheFuture { today }),
            false => Ok(d),
        };
        let required = |v: &str| match v.is_empty() {
            true => Err(Refusal::Required),
            false => Ok(()),
        };
        let moment = |v: &str| match parse_datetime(v) {
            Ok(d) => past(d.date()).map(|_| d),
            Err(DateError::NoSuchDay) => Err(Refusal::NoSuchDayOrTime),
            Err(DateError::Format) => Err(Refusal::NotADateTime),
        };
        match self.slot {
            // a path, a digest: checked as a text, kept byte for byte
            Slot::Raw(_, set) => *set(to) = raw.to_owned(),
            Slot::OptRaw(_, set) => {
                *set(to) = Some(raw).filter(|r| !r.is_empty()).map(str::to_owned)
            }
            Slot::Text(_, set) | Slot::Stamp(_, set) => {
                *set(to) = match self.rule {
                    Rule::Code => valid::code(&v)?,
                    Rule::Required => valid::required_text(&v, max, multiline)?,
                    _ => v,
                }
            }
            Slot::OptText(_, set) => *set(to) = Some(v).filter(|v| !v.is_empty()),
            Slot::Int { set, min, max, .. } => {
                required(&v)?;
                set(to, valid::whole(&v, min, max)?);
            }
            Slot::Flag(_, set) | Slot::Bit(_, set) => *set(to) = valid::yes_no(&v)?,
            Slot::Level(_, set) => *set(to) = valid::level(&v)?,
            Slot::Day(_, set) => {
                required(&v)?;
                *set(to) = valid::date(&v)?
                    .map(past)
                    .transpose()?
                    .unwrap_or(NaiveDate::MIN);
            }
            Slot::Date(_, set) => *set(to) = valid::date(&v)?.map(past).transpose()?,
            Slot::Moment(_, set) => {
                required(&v)?;
                *set(to) = moment(&v)?;
            }
            Slot::Time(_, set) => {
                *set(to) = Some(v.as_str())
                    .filter(|v| !v.is_empty())
                    .map(moment)
                    .transpose()?;
            }
            Slot::Key {
                set,
                parse,
                spellings,
                ..
            } => match (v.is_empty(), self.typed) {
                (false, None) => drop(set(to, coded(&v, parse, spellings)?)),
                // its parser's own default when empty (`set` gives an unknown key the kind's)
                (true, None) => drop(set(to, "")),
                (_, Some(typed)) => drop(set(to, typed(&v)?)),
            },
            Slot::OptKey {
                set,
                parse,
                spellings,
                ..
            } => {
                let key = match (v.is_empty(), self.typed) {
                    (true, _) => None,
                    (false, Some(typed)) => Some(typed(&v)?),
                    (false, None) => Some(coded(&v, parse, spellings)?),
                };
                set(to, key);
            }
            Slot::Period(_, set) => {
                *set(to) = Period::parse(&v).ok_or_else(|| Refusal::Choice {
                    vi: "2026-Q4, 2026".into(),
                    en: "2026-Q4, 2026".into(),
                })?
            }
            Slot::Months(_, set) => {
                *set(to) = match v.is_empty() {
                    true => None,
                    false => Some(super::read::parse_months(&v).ok_or(Refusal::NotWhole)?),
                }
            }
        }
        Ok(())
    }

    /// A logged value as a person reads it, where the field names it (a coded value's label,
    /// yes or no); None for a value shown as it is.
    pub fn name_of(&self, v: &Value, lang: Lang) -> Option<&'static str> {
        use crate::i18n::msg::common::{NO, YES};
        match self.slot {
            Slot::Key { name, .. } | Slot::OptKey { name, .. } => name(v.as_str()?, lang),
            Slot::Flag(..) | Slot::Bit(..) => {
                let yes = v.as_bool().or_else(|| v.as_i64().map(|n| n != 0))?;
                Some(if yes { YES } else { NO }.text(lang))
            }
            _ => None,
        }
    }
}

/// A coded value read by its kind's own loose parser (key, name in either language or alias,
/// as everywhere else), or the refusal that lists every spelling.
fn coded(
    v: &str,
    parse: fn(&str) -> Option<&'static str>,
    spellings: fn(Lang) -> String,
) -> Result<&'static str, Refusal> {
    parse(v).ok_or_else(|| Refusal::Choice {
        vi: spellings(Lang::Vi),
        en: spellings(Lang::En),
    })
}

impl<R> Table<R> {
    /// `lead…, column, …`: a SELECT list (or an INSERT's columns), the table's columns after
    /// the caller's own.
    pub fn columns(&self, lead: &[&str]) -> String {
        let mut cols: Vec<&str> = lead.to_vec();
        cols.extend(self.fields.iter().map(|f| f.column));
        cols.join(", ")
    }

    /// `INSERT INTO table (lead…, column, …) VALUES (?1, …)`, for [`Table::values`].
    pub fn insert(&self, lead: &[&str]) -> String {
        let marks: Vec<String> = (1..=lead.len() + self.fields.len())
            .map(|i| format!("?{i}"))
            .collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            self.columns(lead),
            marks.join(", ")
        )
    }

    /// The parameters of [`Table::insert`]: the caller's `lead` values, then the fields'.
    pub fn values(&self, r: &R, mut lead: Vec<Sql>) -> Vec<Sql> {
        lead.extend(self.fields.iter().map(|f| f.sql(r)));
        lead
    }

    /// Reads the fields from a row of `SELECT {columns(lead)}`, starting at column `from`
    /// (`lead.len()`). False when a date or period the record must have is not understood.
    pub fn read_row(&self, row: &Row, from: usize, r: &mut R) -> sql::Result<bool> {
        let mut ok = true;
        for (i, f) in self.fields.iter().enumerate() {
            ok &= f.read(row, from + i, r)?;
        }
        Ok(ok)
    }

    /// The record's change-log image: its logged fields with their JSON values (the caller
    /// adds what is not a field).
    pub fn logged(&self, r: &R) -> serde_json::Map<String, Value> {
        self.fields
            .iter()
            .filter(|f| f.logged)
            .map(|f| (f.key.to_owned(), f.json(r)))
            .collect()
    }

    /// `SELECT columns FROM table WHERE key1 = ?1 AND …`: a record by its own key.
    pub fn select_by_key(&self) -> String {
        let wh: Vec<String> = (self.key.iter().enumerate())
            .map(|(i, k)| format!("{k} = ?{}", i + 1))
            .collect();
        format!(
            "SELECT {} FROM {} WHERE {}",
            self.columns(&[]),
            self.name,
            wh.join(" AND ")
        )
    }

    /// The INSERT of [`Table::insert`] (no lead columns) that, for a record whose key is
    /// already there, updates every other column instead.
    pub fn upsert(&self) -> String {
        let sets: Vec<String> = (self.fields.iter())
            .filter(|f| !self.key.contains(&f.column))
            .map(|f| format!("{0} = excluded.{0}", f.column))
            .collect();
        format!(
            "{} ON CONFLICT ({}) DO UPDATE SET {}",
            self.insert(&[]),
            self.key.join(", "),
            sets.join(", ")
        )
    }

    /// `column = ?from, column = ?from+1, …`: an UPDATE's SET of every field, in order, for
    /// the parameters of [`Table::values`] placed from `from`.
    pub fn set_all(&self, from: usize) -> String {
        let sets: Vec<String> = (self.fields.iter().enumerate())
            .map(|(i, f)| format!("{} = ?{}", f.column, from + i))
            .collect();
        sets.join(", ")
    }

    /// The field with this JSON key.
    pub fn by_key(&self, key: &str) -> Option<&Field<R>> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The fields of one of the record's forms, in the table's order, with their inputs.
    pub fn form(&self, stage: Stage) -> impl Iterator<Item = (&'static str, &Field<R>)> {
        self.fields
            .iter()
            .filter_map(move |f| f.form.filter(|x| x.1 == stage).map(|x| (x.0, f)))
    }
}

/// A field of a logged record as `capdo log` shows it: its label and its value's name (for a
/// coded value), looked up in the table of the entry's `entity` (a merged unit's entry by the
/// profile's: its tier and parent authority); None for another record (a grant, the store) or a
/// key no table has.
pub fn describe(entity: &str, key: &str, v: &Value, lang: Lang) -> Option<(Text, Option<String>)> {
    fn of<R>(t: &Table<R>, key: &str, v: &Value, lang: Lang) -> Option<(Text, Option<String>)> {
        // an image names a field by its key, or by its column (an undoable edit's row image)
        let f = (t.fields.iter()).find(|f| f.key == key || f.column == key)?;
        Some((f.label, f.name_of(v, lang).map(str::to_owned)))
    }
    match entity {
        "system" => of(&SYSTEMS, key, v, lang),
        "dossier_step" => of(&STEPS, key, v, lang),
        "assessment" => of(&ASSESSMENTS, key, v, lang),
        "incident" => of(&INCIDENTS, key, v, lang),
        "project" => of(&PROJECTS, key, v, lang),
        "report" => of(&REPORTS, key, v, lang),
        "custom" => of(&CUSTOMS, key, v, lang),
        "calendar" => of(&CALENDAR, key, v, lang),
        "evidence" => of(&EVIDENCE, key, v, lang),
        "profile" | "unit" => of(&PROFILE, key, v, lang),
        _ => None,
    }
}

/// `SELECT {profile columns}{extra} FROM profile WHERE id = 1{and}`: the unit's profile, then
/// the caller's `extra` columns (`, created_at`).
pub fn profile_select(extra: &str, and: &str) -> String {
    format!(
        "SELECT {}{extra} FROM profile WHERE id = 1{and}",
        PROFILE.columns(&[])
    )
}

/// The profile of a row of [`profile_select`].
pub fn read_profile(r: &Row) -> sql::Result<Profile> {
    let mut p = (PROFILE.blank)();
    PROFILE.read_row(r, 0, &mut p)?;
    Ok(p)
}

/// `UPDATE profile SET {every field} = ?1…{extra} WHERE id = 1{and}`, for
/// `PROFILE.values(p, vec![])` and the caller's values after them.
pub fn profile_update(extra: &str, and: &str) -> String {
    format!(
        "UPDATE profile SET {}{extra} WHERE id = 1{and}",
        PROFILE.set_all(1)
    )
}

/// The system field with this JSON key.
pub fn system_field(key: &str) -> Option<&'static Field<System>> {
    SYSTEMS.fields.iter().find(|f| f.key == key)
}

/// `id, unit, code, …`: the SELECT list [`read_system`] reads, the id first.
pub fn system_select_list() -> &'static str {
    static LIST: LazyLock<String> = LazyLock::new(|| SYSTEMS.columns(&["id"]));
    &LIST
}

/// The inventory's fields in column order.
pub fn inventory() -> &'static [&'static Field<System>] {
    static COLS: LazyLock<Vec<&'static Field<System>>> = LazyLock::new(|| {
        let mut v: Vec<&Field<System>> = SYSTEMS
            .fields
            .iter()
            .filter(|f| f.inventory.is_some())
            .collect();
        v.sort_by_key(|f| f.inventory);
        v
    });
    &COLS
}

/// Reads a system from a row of `SELECT {system_select_list()} …` (the id first).
pub fn read_system(r: &Row, s: &mut System) -> sql::Result<()> {
    s.id = r.get(0)?;
    SYSTEMS.read_row(r, 1, s).map(drop)
}

/// The change-log image of a system: its logged fields with their JSON values.
pub fn system_logged(s: &System) -> Vec<(&'static str, Value)> {
    SYSTEMS
        .fields
        .iter()
        .filter(|f| f.logged)
        .map(|f| (f.key, f.json(s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys and columns once per table, none of them one the callers keep around the table.
    fn distinct<R>(t: &Table<R>) {
        let around = [
            "id",
            "system",
            "unit",
            "system_id",
            "reports",
            "proves",
            "proves_ref",
        ];
        let mut seen = std::collections::HashSet::new();
        for f in t.fields {
            // a system's unit is its own field; every other record's is its system's
            let own = t.name == "system" && f.key == "unit";
            assert!(own || !around.contains(&f.key), "{}.{}", t.name, f.key);
            assert!(
                own || !around.contains(&f.column),
                "{}.{}",
                t.name,
                f.column
            );
            assert!(
                seen.insert(("key", f.key)),
                "{}: key {} twice",
                t.name,
                f.key
            );
            assert!(
                seen.insert(("col", f.column)),
                "{}: {} twice",
                t.name,
                f.column
            );
        }
        assert!(t.system_at <= t.fields.len(), "{}", t.name);
    }

    #[test]
    fn the_log_names_a_field_by_its_key_or_its_column() {
        let l = Lang::Vi;
        // an undoable edit's row image names the step's date by its column
        for k in ["on", "on_date"] {
            let (label, _) = describe("dossier_step", k, &json!("2026-11-21"), l).unwrap();
            assert_eq!(label, label::step::ON, "{k}");
        }
        // coded values and yes/no by their names
        let (_, v) = describe("system", "relation", &json!("used"), l).unwrap();
        assert_eq!(v.as_deref(), Some(Relation::Used.label(l)));
        let (_, v) = describe("system", "under_investment", &json!(0), l).unwrap();
        assert_eq!(v.as_deref(), Some(crate::i18n::msg::common::NO.text(l)));
        let (_, v) = describe("incident", "beyond_capacity", &json!(true), l).unwrap();
        assert_eq!(v.as_deref(), Some(crate::i18n::msg::common::YES.text(l)));
        // a merged unit's entry: its tier and parent authority as the profile names them
        let (label, v) = describe("unit", "tier", &json!("province"), l).unwrap();
        assert_eq!(label, label::profile::TIER);
        assert_eq!(v.as_deref(), Some(Tier::Province.label(l)));
        // a key no table has is left to the caller
        assert!(describe("grant", "role", &json!("x"), l).is_none());
        assert!(describe("system", "nope", &json!("x"), l).is_none());
    }

    /// The field `key` of table `t`.
    fn of<'t, R>(t: &'t Table<R>, key: &str) -> &'t Field<R> {
        t.fields.iter().find(|f| f.key == key).unwrap()
    }

    #[test]
    fn a_typed_value_is_parsed_by_its_fields_rule_and_kind() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let mut s = System::new("", "");
        let parse = |key: &str, raw: &str, s: &mut System| of(&SYSTEMS, key).parse(raw, today, s);
        // texts by their rule: a code's shape, a required name, notes over several lines
        assert_eq!(parse("code", "A/B", &mut s), Err(Refusal::CodeHasSlash));
        assert_eq!(parse("name", "  ", &mut s), Err(Refusal::Required));
        assert_eq!(
            parse("owner", "a\nb", &mut s),
            Err(Refusal::ControlCharacter)
        );
        parse("notes", " a\nb ", &mut s).unwrap();
        assert_eq!(s.notes, "a\nb");
        // NFC whatever the kind
        parse("name", "Ho\u{0302}\u{0323}i", &mut s).unwrap();
        assert_eq!(s.name, "Hội");
        // a level, a date (not in the future where the rule says so), yes/no, coded values
        parse("level", "cấp độ 3", &mut s).unwrap();
        assert_eq!(s.level, Level::new(3));
        parse("level", "", &mut s).unwrap();
        assert_eq!(s.level, None);
        assert_eq!(
            parse("go_live_on", "31/02/2026", &mut s),
            Err(Refusal::NoSuchDay)
        );
        parse("go_live_on", "01/12/2026", &mut s).unwrap();
        let future = parse("regulation_issued_on", "01/12/2026", &mut s);
        assert_eq!(future, Err(Refusal::InTheFuture { today }));
        parse("regulation_issued_on", "01/11/2026", &mut s).unwrap();
        let future = parse("regulation_issued_on", "30/11/2026", &mut s);
        assert_eq!(future, Err(Refusal::InTheFuture { today }));
        let issued = NaiveDate::from_ymd_opt(2026, 11, 1);
        assert_eq!(s.regulation_issued_on, issued, "left as it was");
        parse("under_investment", "có", &mut s).unwrap();
        assert!(s.under_investment);
        assert_eq!(
            parse("under_investment", "hmm", &mut s),
            Err(Refusal::YesNo)
        );
        parse("dossier_status", "Đã phê duyệt", &mut s).unwrap();
        assert_eq!(s.dossier, DossierState::Approved);
        assert_eq!(parse("relation", "thuê", &mut s), Err(Refusal::Relation));
        // a coded value with no parser of its own: its key or its name in either language
        let mut a = (ASSESSMENTS.blank)();
        let kind = of(&ASSESSMENTS, "kind");
        for raw in [
            "adhoc",
            AssessmentKind::Adhoc.label(Lang::Vi),
            AssessmentKind::Adhoc.label(Lang::En),
        ] {
            a.kind = AssessmentKind::Periodic;
            kind.parse(raw, today, &mut a).unwrap();
            assert_eq!(a.kind, AssessmentKind::Adhoc, "{raw}");
        }
        // an alias the kind accepts everywhere else ("trước vận hành")
        kind.parse("Trước vận hành", today, &mut a).unwrap();
        assert_eq!(a.kind, AssessmentKind::PreGoLive);
        kind.parse("", today, &mut a).unwrap();
        assert_eq!(
            a.kind,
            AssessmentKind::Periodic,
            "empty: the kind's default"
        );
        let Err(Refusal::Choice { vi, .. }) = kind.parse("x", today, &mut a) else {
            panic!("a value no key or name matches is refused");
        };
        assert!(vi.contains(AssessmentKind::Adhoc.label(Lang::Vi)), "{vi}");
        // a whole number in its range, required; a date the record must have
        let findings = of(&ASSESSMENTS, "findings");
        assert_eq!(findings.parse("-1", today, &mut a), Err(Refusal::Negative));
        assert_eq!(findings.parse("", today, &mut a), Err(Refusal::Required));
        findings.parse("4", today, &mut a).unwrap();
        assert_eq!(a.findings, 4);
        let on = of(&ASSESSMENTS, "completed_on");
        assert_eq!(on.parse("", today, &mut a), Err(Refusal::Required));
        on.parse("2026-11-02", today, &mut a).unwrap();
        assert_eq!(
            a.completed_on,
            NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
        );
        // a date and time; a coded value or none; a period; assessment intervals
        let mut i = (INCIDENTS.blank)();
        of(&INCIDENTS, "detected_at")
            .parse("02/11/2026 08:30", today, &mut i)
            .unwrap();
        assert_eq!(i.detected_at.to_string(), "2026-11-02 08:30:00");
        let ended = of(&INCIDENTS, "response_ended_at");
        assert_eq!(
            ended.parse("32/11/2026 08:30", today, &mut i),
            Err(Refusal::NoSuchDayOrTime)
        );
        ended.parse("", today, &mut i).unwrap();
        assert_eq!(i.response_ended_at, None);
        let mut c = (CUSTOMS.blank)();
        let recurrence = of(&CUSTOMS, "recurrence");
        recurrence
            .parse(Recurrence::ALL[0].key(), today, &mut c)
            .unwrap();
        assert_eq!(c.recurrence, Some(Recurrence::ALL[0]));
        recurrence.parse("", today, &mut c).unwrap();
        assert_eq!(c.recurrence, None);
        let mut r = (REPORTS.blank)();
        of(&REPORTS, "period")
            .parse("2026-Q4", today, &mut r)
            .unwrap();
        assert_eq!(r.period, Period::Quarter { year: 2026, q: 4 });
        assert!(of(&REPORTS, "period").parse("Q5", today, &mut r).is_err());
        let mut p = (PROFILE.blank)();
        let months = of(&PROFILE, "assessment_months");
        months.parse("12,12,24,24,36", today, &mut p).unwrap();
        assert_eq!(p.assessment_months, Some([12, 12, 24, 24, 36]));
        assert_eq!(months.parse("12,0", today, &mut p), Err(Refusal::NotWhole));
    }

    #[test]
    fn every_table_names_each_key_and_column_once() {
        distinct(&SYSTEMS);
        distinct(&PROFILE);
        distinct(&STEPS);
        distinct(&ASSESSMENTS);
        distinct(&INCIDENTS);
        distinct(&PROJECTS);
        distinct(&REPORTS);
        distinct(&CUSTOMS);
        distinct(&CALENDAR);
        distinct(&EVIDENCE);
    }
}
