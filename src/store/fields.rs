//! The one definition of a system's fields: [`SYSTEM_FIELDS`] names each field's column, its
//! JSON key (export, restore, change log; also the inventory's English header), its label (the
//! catalog's `[store.system]`), where it appears (inventory CSV/XLSX, form, change log) and how
//! to read and write it on a [`System`]. The SELECT lists, row readers, INSERT/UPDATE, the
//! change-log images, the JSON export and reader, the restore dump and the inventory columns
//! are walked from it: adding a field is one row here plus a migration (see the tests).

use std::sync::LazyLock;

use super::sql::{self, Row};
use chrono::NaiveDate;
use serde_json::{Value, json};
use sql::Value as Sql;

use crate::domain::{DossierState, Level, PlanStatus, Relation, System};
use crate::i18n::{Text, msg::store::system as label};

/// How a field's value lives on a [`System`]: a reader and a writer by kind.
#[derive(Clone, Copy)]
pub enum Slot {
    Text(fn(&System) -> &str, fn(&mut System) -> &mut String),
    Level(
        fn(&System) -> Option<Level>,
        fn(&mut System) -> &mut Option<Level>,
    ),
    Date(
        fn(&System) -> Option<NaiveDate>,
        fn(&mut System) -> &mut Option<NaiveDate>,
    ),
    /// A coded value (relation, dossier status, plan status): its stable key, a setter that
    /// says whether it knew the key (an unknown one sets the default), and every key.
    Key {
        get: fn(&System) -> &'static str,
        set: fn(&mut System, &str) -> bool,
        all: fn() -> Vec<&'static str>,
    },
    Flag(fn(&System) -> bool, fn(&mut System) -> &mut bool),
}

/// What a typed value must satisfy (the rules of `app::valid`).
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
    /// Any other kind: its own parser (level, date, coded value, yes/no).
    Typed,
}

/// One field of a system.
#[derive(Clone, Copy)]
pub struct Field {
    /// The JSON key (export, restore, change-log images) and the inventory's English header.
    pub key: &'static str,
    /// The column of the `system` table.
    pub column: &'static str,
    pub label: Text,
    pub slot: Slot,
    pub rule: Rule,
    /// Position among the inventory's CSV/XLSX columns, if it is one.
    pub inventory: Option<u8>,
    /// A field of the dashboard's add/edit form (and of `app::SystemInput`), under `key`.
    pub form: bool,
    /// Part of the change-log image of a system (`system_fields`).
    pub logged: bool,
    /// Left out of the JSON export while empty (a key older files do not have).
    pub optional: bool,
}

macro_rules! text {
    ($f:ident) => {
        Slot::Text(|s| &s.$f, |s| &mut s.$f)
    };
}
macro_rules! date {
    ($f:ident) => {
        Slot::Date(|s| s.$f, |s| &mut s.$f)
    };
}
macro_rules! level {
    ($f:ident) => {
        Slot::Level(|s| s.$f, |s| &mut s.$f)
    };
}
macro_rules! key {
    ($f:ident, $t:ident, $default:ident) => {
        Slot::Key {
            get: |s| s.$f.key(),
            set: |s, k| match $t::from_key(k) {
                Some(v) => {
                    s.$f = v;
                    true
                }
                None => {
                    s.$f = $t::$default;
                    false
                }
            },
            all: || $t::ALL.iter().map(|x| x.key()).collect(),
        }
    };
}

const fn field(key: &'static str, label: Text, slot: Slot, rule: Rule) -> Field {
    Field {
        key,
        column: key,
        label,
        slot,
        rule,
        inventory: None,
        form: false,
        logged: true,
        optional: false,
    }
}

impl Field {
    const fn csv(mut self, position: u8) -> Field {
        self.inventory = Some(position);
        self
    }
    const fn form(mut self) -> Field {
        self.form = true;
        self
    }
    const fn column(mut self, column: &'static str) -> Field {
        self.column = column;
        self
    }
    const fn unlogged(mut self) -> Field {
        self.logged = false;
        self
    }
    const fn optional(mut self) -> Field {
        self.optional = true;
        self
    }
}

/// Every field of a system, in the JSON export's order. The store adds `id`, `search_key`,
/// `created_at` and `updated_at` of its own.
pub const SYSTEM_FIELDS: &[Field] = &[
    field("unit", label::UNIT, text!(unit), Rule::Line).unlogged(),
    field("code", label::CODE, text!(code), Rule::Code)
        .csv(0)
        .form(),
    field("name", label::NAME, text!(name), Rule::Required)
        .csv(1)
        .form(),
    field("owner", label::OWNER, text!(owner), Rule::Line)
        .csv(2)
        .form(),
    field("operator", label::OPERATOR, text!(operator), Rule::Line)
        .csv(3)
        .form(),
    field(
        "relation",
        label::RELATION,
        key!(relation, Relation, Owned),
        Rule::Typed,
    )
    .csv(4)
    .form(),
    field("level", label::LEVEL, level!(level), Rule::Typed)
        .csv(5)
        .form(),
    field(
        "dossier_status",
        label::DOSSIER_STATUS,
        key!(dossier, DossierState, None),
        Rule::Typed,
    )
    .column("dossier_state")
    .csv(6),
    field(
        "dossier_since",
        label::DOSSIER_SINCE,
        date!(dossier_since),
        Rule::Typed,
    ),
    field(
        "approved_on",
        label::APPROVED_ON,
        date!(approved_on),
        Rule::Typed,
    )
    .csv(7),
    field(
        "approved_level",
        label::APPROVED_LEVEL,
        level!(approved_level),
        Rule::Typed,
    )
    .optional(),
    field(
        "decision_no",
        label::DECISION_NO,
        text!(decision_no),
        Rule::Line,
    )
    .csv(8),
    field(
        "regulation_issued_on",
        label::REGULATION_ISSUED_ON,
        date!(regulation_issued_on),
        Rule::Typed,
    )
    .form(),
    field(
        "regulation_ref",
        label::REGULATION_REF,
        text!(regulation_ref),
        Rule::Line,
    )
    .form(),
    field(
        "plan_status",
        label::PLAN_STATUS,
        key!(plan, PlanStatus, None),
        Rule::Typed,
    )
    .csv(9)
    .form(),
    field(
        "go_live_on",
        label::GO_LIVE_ON,
        date!(go_live_on),
        Rule::Typed,
    )
    .csv(11)
    .form(),
    field(
        "under_investment",
        label::UNDER_INVESTMENT,
        Slot::Flag(|s| s.under_investment, |s| &mut s.under_investment),
        Rule::Typed,
    )
    .csv(14)
    .form(),
    field(
        "decommissioned_on",
        label::DECOMMISSIONED_ON,
        date!(decommissioned_on),
        Rule::Typed,
    ),
    field(
        "responsible",
        label::RESPONSIBLE,
        text!(responsible),
        Rule::Line,
    )
    .csv(12)
    .form(),
    field("notes", label::NOTES, text!(notes), Rule::Notes)
        .csv(13)
        .form(),
    field(
        "last_assessed_on",
        label::LAST_ASSESSED_ON,
        date!(last_assessed_on),
        Rule::Typed,
    )
    .csv(10)
    .unlogged(),
];

/// The field with this JSON key.
pub fn by_key(key: &str) -> Option<&'static Field> {
    SYSTEM_FIELDS.iter().find(|f| f.key == key)
}

/// `id, unit, code, …`: the SELECT list [`read_row`] reads, the id first.
pub fn select_list() -> &'static str {
    static LIST: LazyLock<String> = LazyLock::new(|| {
        let mut cols = vec!["id"];
        cols.extend(SYSTEM_FIELDS.iter().map(|f| f.column));
        cols.join(", ")
    });
    &LIST
}

/// The inventory's fields in column order.
pub fn inventory() -> &'static [&'static Field] {
    static COLS: LazyLock<Vec<&'static Field>> = LazyLock::new(|| {
        let mut v: Vec<&Field> = SYSTEM_FIELDS
            .iter()
            .filter(|f| f.inventory.is_some())
            .collect();
        v.sort_by_key(|f| f.inventory);
        v
    });
    &COLS
}

fn date_s(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Field {
    /// The value as the change log and the JSON files write it (a flag as 0/1 in the log).
    pub fn json(&self, s: &System) -> Value {
        match self.slot {
            Slot::Text(get, _) => json!(get(s)),
            Slot::Level(get, _) => get(s).map_or(Value::Null, |l| json!(l.get())),
            Slot::Date(get, _) => get(s).map_or(Value::Null, |d| Value::String(date_s(d))),
            Slot::Key { get, .. } => json!(get(s)),
            Slot::Flag(get, _) => json!(i64::from(get(s))),
        }
    }

    /// The value as the `system` table stores it.
    pub fn sql(&self, s: &System) -> Sql {
        match self.slot {
            Slot::Text(get, _) => Sql::Text(get(s).to_owned()),
            Slot::Level(get, _) => get(s).map_or(Sql::Null, |l| Sql::Integer(i64::from(l.get()))),
            Slot::Date(get, _) => get(s).map_or(Sql::Null, |d| Sql::Text(date_s(d))),
            Slot::Key { get, .. } => Sql::Text(get(s).to_owned()),
            Slot::Flag(get, _) => Sql::Integer(i64::from(get(s))),
        }
    }

    /// Sets the field from column `i` of a row (texts keep their buffers).
    pub fn read(&self, r: &Row, i: usize, s: &mut System) -> sql::Result<()> {
        match self.slot {
            Slot::Text(_, set) => {
                let to = set(s);
                to.clear();
                to.push_str(super::read::text_ref(r, i)?);
            }
            Slot::Level(_, set) => *set(s) = r.get::<Option<i64>>(i)?.and_then(Level::new),
            Slot::Date(_, set) => *set(s) = super::read::date_ref(r, i)?,
            Slot::Key { set, .. } => {
                // an unknown key (only a damaged file has one) reads as the default
                set(s, super::read::text_ref(r, i)?);
            }
            Slot::Flag(_, set) => *set(s) = r.get(i)?,
        }
        Ok(())
    }
}

/// Reads a system from a row of `SELECT {select_list()} …` (the id first).
pub fn read_row(r: &Row, s: &mut System) -> sql::Result<()> {
    s.id = r.get(0)?;
    for (i, f) in SYSTEM_FIELDS.iter().enumerate() {
        f.read(r, i + 1, s)?;
    }
    Ok(())
}

/// The change-log image of a system: its logged fields with their JSON values.
pub fn logged(s: &System) -> Vec<(&'static str, Value)> {
    SYSTEM_FIELDS
        .iter()
        .filter(|f| f.logged)
        .map(|f| (f.key, f.json(s)))
        .collect()
}
