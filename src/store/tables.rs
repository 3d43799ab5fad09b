//! The one definition of every record type but systems (theirs is `store::fields`): a [`Table`]
//! per type names its SQL table and, per [`Field`], the column, the JSON key (export, restore,
//! change log) and how to read and write it on the record. The SELECT lists and row readers of
//! the dump and the loaders, the INSERTs of restore and merge, the change-log images and the
//! JSON export and reader are walked from it: adding a field is one row here plus a migration
//! (see `exchange::table_tests`). Ids, system references and child rows stay with the callers.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use super::restore::{CalendarRow, StepRow};
use super::sql::{self, Row, Value as Sql};
use super::{date_s, datetime_s, parse_d, parse_dt};
use crate::domain::evidence::{Evidence, EvidenceKind};
use crate::domain::*;

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
    /// A whole number within `min..=max`.
    Int {
        get: fn(&R) -> i64,
        set: fn(&mut R, i64),
        min: i64,
        max: i64,
    },
    /// Yes/no: true/false in JSON, 0/1 in SQL.
    Flag(fn(&R) -> bool, fn(&mut R) -> &mut bool),
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
    /// one sets the default), and every key.
    Key {
        get: fn(&R) -> &'static str,
        set: fn(&mut R, &str) -> bool,
        all: fn() -> Vec<&'static str>,
    },
    /// A coded value or none (`set(None)` clears it; an unknown key clears it too).
    OptKey {
        get: fn(&R) -> Option<&'static str>,
        set: fn(&mut R, Option<&str>) -> bool,
        all: fn() -> Vec<&'static str>,
    },
    /// A report period ("2026-Q4", "2026").
    Period(fn(&R) -> Period, fn(&mut R) -> &mut Period),
}

impl<R> Clone for Slot<R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<R> Copy for Slot<R> {}

/// One field of a record.
pub struct Field<R: 'static> {
    /// The JSON key (export, restore, change-log images).
    pub key: &'static str,
    /// The column of the record's table.
    pub column: &'static str,
    pub slot: Slot<R>,
    /// Part of the record's change-log image (where the record is logged).
    pub logged: bool,
}

/// A record type: its table and its fields, in the JSON export's order.
pub struct Table<R: 'static> {
    /// The SQL table.
    pub name: &'static str,
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

const fn field<R>(key: &'static str, slot: Slot<R>) -> Field<R> {
    Field {
        key,
        column: key,
        slot,
        logged: true,
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
macro_rules! int {
    ($f:ident, $min:expr, $max:expr) => {
        Slot::Int {
            get: |r| r.$f,
            set: |r, v| r.$f = v,
            min: $min,
            max: $max,
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
        }
    };
}

/// Dossier steps (`dossier_step`), as the dump holds them; `id` and `system_id` around.
pub static STEPS: Table<StepRow> = Table {
    name: "dossier_step",
    fields: &[
        field("state", key!(state, DossierState, None)),
        field::<StepRow>("on", date!(on)).column("on_date"),
        field("reference", text!(reference)),
        field("actor", text!(actor)),
        field("note", text!(note)),
        field("recorded_at", stamp!(recorded_at)),
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
    fields: &[
        field("completed_on", day!(completed_on)),
        field("kind", key!(kind, AssessmentKind, Periodic)),
        field("assessor", text!(assessor)),
        field("result", key!(result, AssessmentResult, Pass)),
        field("findings", int!(findings, 0, i64::MAX)),
        field("notes", text!(notes)),
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
    fields: &[
        field("title", text!(title)),
        field(
            "detected_at",
            Slot::Moment(|r| r.detected_at, |r| &mut r.detected_at),
        ),
        field("kind", key!(kind, IncidentKind, Other)),
        field("severity", key!(severity, Severity, Normal)),
        field("beyond_capacity", flag!(beyond_capacity)),
        field("national_security", flag!(national_security)),
        field("serious_disruption", flag!(serious_disruption)),
        field(
            "response_ended_at",
            Slot::Time(|r| r.response_ended_at, |r| &mut r.response_ended_at),
        ),
        field("lessons", text!(lessons)),
        field::<Incident>("notes", text!(notes)).unlogged(),
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
    fields: &[
        field(
            "year",
            Slot::Int {
                get: |r| i64::from(r.year),
                set: |r, v| r.year = i32::try_from(v).unwrap_or_default(),
                min: 1900,
                max: 2200,
            },
        ),
        field("name", text!(name)),
        field("total_budget", int!(total_budget, 0, i64::MAX)),
        field("security_budget", int!(security_budget, 0, i64::MAX)),
        field("notes", text!(notes)),
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

/// Report submissions (`report_submission`, keyed by report and period); `id` around.
pub static REPORTS: Table<ReportSubmission> = Table {
    name: "report_submission",
    fields: &[
        field::<ReportSubmission>("report", text!(report)).unlogged(),
        field::<ReportSubmission>("period", Slot::Period(|r| r.period, |r| &mut r.period))
            .unlogged(),
        field("submitted_on", day!(submitted_on)),
        field("doc_no", text!(doc_no)),
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
    fields: &[
        field("title", text!(title)),
        field("due_on", day!(due_on)),
        field(
            "recurrence",
            Slot::OptKey {
                get: |r| r.recurrence.map(Recurrence::key),
                set: |r, k| {
                    r.recurrence = k.and_then(Recurrence::from_key);
                    k.is_none() || r.recurrence.is_some()
                },
                all: || Recurrence::ALL.iter().map(|x| x.key()).collect(),
            },
        ),
        field("source_doc", text!(source_doc)),
        field::<CustomDeadline>("done_on", date!(done_on)).unlogged(),
        field::<CustomDeadline>("notes", text!(notes)).unlogged(),
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
    fields: &[
        field::<CalendarRow>("date", day!(day.date))
            .column("on_date")
            .unlogged(),
        field("working", flag!(day.working)),
        field("note", text!(day.note)),
        field::<CalendarRow>("added_at", stamp!(added_at)).unlogged(),
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
    fields: &[
        field("kind", key!(kind, EvidenceKind, Other)),
        field("path", Slot::Raw(|r| &r.path, |r| &mut r.path)),
        field("under_root", flag!(under_root)),
        field(
            "size",
            Slot::Int {
                get: |r| i64::try_from(r.size).unwrap_or(i64::MAX),
                set: |r, v| r.size = u64::try_from(v).unwrap_or_default(),
                min: 0,
                max: i64::MAX,
            },
        ),
        field(
            "mtime",
            Slot::OptRaw(|r| r.mtime.as_deref(), |r| &mut r.mtime),
        ),
        field("sha256", Slot::Raw(|r| &r.sha256, |r| &mut r.sha256)),
        field("reference", text!(reference)),
        field::<Evidence>("on", date!(on)).column("on_date"),
        field("note", text!(note)),
        field::<Evidence>(
            "recorded_at",
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
            Slot::Day(get, _) => Value::String(date_s(get(r))),
            Slot::Date(get, _) => get(r).map_or(Value::Null, |d| Value::String(date_s(d))),
            Slot::Moment(get, _) => Value::String(datetime_s(get(r))),
            Slot::Time(get, _) => get(r).map_or(Value::Null, |d| Value::String(datetime_s(d))),
            Slot::Key { get, .. } => json!(get(r)),
            Slot::OptKey { get, .. } => get(r).map_or(Value::Null, |k| json!(k)),
            Slot::Period(get, _) => Value::String(get(r).key()),
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
            Slot::Flag(get, _) => Sql::Integer(i64::from(get(r))),
            Slot::Day(get, _) => Sql::Text(date_s(get(r))),
            Slot::Date(get, _) => get(r).map_or(Sql::Null, |d| Sql::Text(date_s(d))),
            Slot::Moment(get, _) => Sql::Text(datetime_s(get(r))),
            Slot::Time(get, _) => get(r).map_or(Sql::Null, |d| Sql::Text(datetime_s(d))),
            Slot::Key { get, .. } => Sql::Text(get(r).to_owned()),
            Slot::OptKey { get, .. } => get(r).map_or(Sql::Null, |k| Sql::Text(k.to_owned())),
            Slot::Period(get, _) => Sql::Text(get(r).key()),
        }
    }

    /// Sets the field from column `i` of a row. False for a date or period the record must
    /// have that the row does not hold as capdo writes it (the field is then left as it was,
    /// a date at its earliest).
    pub fn read(&self, row: &Row, i: usize, r: &mut R) -> sql::Result<bool> {
        match self.slot {
            Slot::Text(_, set) | Slot::Stamp(_, set) | Slot::Raw(_, set) => *set(r) = row.get(i)?,
            Slot::OptRaw(_, set) => *set(r) = row.get(i)?,
            Slot::Int { set, .. } => set(r, row.get(i)?),
            Slot::Flag(_, set) => *set(r) = row.get(i)?,
            Slot::Day(_, set) => {
                let d = parse_d(row.get(i)?);
                *set(r) = d.unwrap_or(NaiveDate::MIN);
                return Ok(d.is_some());
            }
            Slot::Date(_, set) => *set(r) = parse_d(row.get(i)?),
            Slot::Moment(_, set) => {
                *set(r) = parse_dt(row.get(i)?).unwrap_or(NaiveDateTime::MIN);
            }
            Slot::Time(_, set) => *set(r) = parse_dt(row.get(i)?),
            Slot::Key { set, .. } => {
                // an unknown key (only a damaged file has one) reads as the default
                set(r, &row.get::<String>(i)?);
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

    /// The field with this JSON key.
    pub fn by_key(&self, key: &str) -> Option<&Field<R>> {
        self.fields.iter().find(|f| f.key == key)
    }
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
            assert!(!around.contains(&f.key), "{}.{}", t.name, f.key);
            assert!(!around.contains(&f.column), "{}.{}", t.name, f.column);
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
    fn every_table_names_each_key_and_column_once() {
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
