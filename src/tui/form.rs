//! Modal forms: fields as data (text, date with a calendar picker, choice, number, yes/no),
//! focus, and the errors shown beside each field. Nothing is saved until the whole form is
//! valid; validation itself lives in `ops`, shared with the command line.

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::domain::dates::parse_date;
use crate::i18n::{Lang, Text};

/// What a field holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// dd/mm/yyyy, with a calendar picker.
    Date,
    /// dd/mm/yyyy HH:MM.
    DateTime,
    /// One of several (key, label) options; the value is the key.
    Choice(Vec<(String, String)>),
    Number,
    /// "yes" / "no".
    Flag,
}

/// One field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The key the validation names it by.
    pub key: &'static str,
    pub label: Text,
    pub kind: FieldKind,
    pub value: String,
    pub required: bool,
}

impl Field {
    pub fn text(key: &'static str, label: Text, value: impl Into<String>) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::Text,
            value: value.into(),
            required: false,
        }
    }
    pub fn date(key: &'static str, label: Text, value: impl Into<String>) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::Date,
            value: value.into(),
            required: false,
        }
    }
    pub fn datetime(key: &'static str, label: Text, value: impl Into<String>) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::DateTime,
            value: value.into(),
            required: false,
        }
    }
    pub fn number(key: &'static str, label: Text, value: impl Into<String>) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::Number,
            value: value.into(),
            required: false,
        }
    }
    pub fn flag(key: &'static str, label: Text, on: bool) -> Field {
        Field {
            key,
            label,
            kind: FieldKind::Flag,
            value: if on { "yes" } else { "no" }.into(),
            required: false,
        }
    }
    pub fn choice(
        key: &'static str,
        label: Text,
        options: Vec<(String, String)>,
        value: impl Into<String>,
    ) -> Field {
        let value = value.into();
        let value = if options.iter().any(|(k, _)| *k == value) {
            value
        } else {
            options.first().map(|o| o.0.clone()).unwrap_or_default()
        };
        Field {
            key,
            label,
            kind: FieldKind::Choice(options),
            value,
            required: false,
        }
    }
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The value as shown.
    pub fn shown(&self, lang: Lang) -> String {
        match &self.kind {
            FieldKind::Choice(opts) => opts
                .iter()
                .find(|(k, _)| *k == self.value)
                .map(|(_, l)| l.clone())
                .unwrap_or_default(),
            FieldKind::Flag => {
                let t = if self.value == "yes" {
                    crate::i18n::YES
                } else {
                    crate::i18n::NO
                };
                t.text(lang).to_owned()
            }
            _ => self.value.clone(),
        }
    }

    /// Cycles a choice or flag by `step`.
    pub fn cycle(&mut self, step: i64) {
        match &self.kind {
            FieldKind::Choice(opts) if !opts.is_empty() => {
                let i = opts.iter().position(|(k, _)| *k == self.value).unwrap_or(0) as i64;
                let n = opts.len() as i64;
                self.value = opts[((i + step).rem_euclid(n)) as usize].0.clone();
            }
            FieldKind::Flag => self.value = if self.value == "yes" { "no" } else { "yes" }.into(),
            _ => {}
        }
    }

    pub fn is_typed(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Text | FieldKind::Date | FieldKind::DateTime | FieldKind::Number
        )
    }
}

/// A calendar picker open on a date field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picker {
    pub day: NaiveDate,
}

impl Picker {
    pub fn shift_days(&mut self, n: i64) {
        let d = if n >= 0 {
            self.day.checked_add_days(Days::new(n as u64))
        } else {
            self.day.checked_sub_days(Days::new(n.unsigned_abs()))
        };
        if let Some(d) = d {
            self.day = d;
        }
    }
    pub fn shift_months(&mut self, n: i32) {
        let d = if n >= 0 {
            self.day.checked_add_months(Months::new(n as u32))
        } else {
            self.day.checked_sub_months(Months::new(n.unsigned_abs()))
        };
        if let Some(d) = d {
            self.day = d;
        }
    }
    pub fn first_of_month(&self) -> NaiveDate {
        self.day.with_day(1).unwrap_or(self.day)
    }
}

/// A form being filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// What saving does (the caller routes it to an operation).
    pub purpose: Purpose,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// (field key, message) from the last failed save.
    pub errors: Vec<(String, String)>,
    pub picker: Option<Picker>,
    /// The values as the form opened, by field key: the form holds unsaved input when a field
    /// differs from them (a field added later, like a wizard question, started empty).
    pub original: Vec<(&'static str, String)>,
}

/// What a form does when saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    AddSystem,
    EditSystem {
        code: String,
    },
    Decommission {
        code: String,
    },
    Dossier {
        code: String,
    },
    Assessment {
        code: String,
    },
    Incident,
    IncidentReport {
        incident_id: i64,
    },
    CloseIncident {
        incident_id: i64,
    },
    AddProject,
    EditProject {
        id: i64,
    },
    AddCustom,
    CustomDone {
        id: i64,
    },
    ReportSubmitted,
    Profile,
    PinPack,
    Wizard {
        code: String,
    },
    /// An inventory file to import (run by the dashboard as `capdo import` does).
    Import,
    /// Where to write the handover pack.
    Handover,
}

impl Purpose {
    /// Whether saving destroys or retires something (asks for confirmation first).
    pub fn destructive(&self) -> bool {
        matches!(self, Purpose::Decommission { .. })
    }
}

impl Form {
    pub fn new(purpose: Purpose, title: String, fields: Vec<Field>) -> Form {
        let original = fields.iter().map(|f| (f.key, f.value.clone())).collect();
        Form {
            purpose,
            title,
            fields,
            focus: 0,
            errors: Vec::new(),
            picker: None,
            original,
        }
    }

    /// Whether the form holds input that closing it would lose.
    pub fn is_dirty(&self) -> bool {
        self.fields.iter().any(|f| {
            let was = self
                .original
                .iter()
                .find(|(k, _)| *k == f.key)
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            f.value.trim() != was.trim()
        })
    }

    pub fn value(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value.as_str())
            .unwrap_or("")
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focused_mut(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }

    /// The error shown beside a field, if any.
    pub fn error(&self, key: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.as_str())
    }

    pub fn next(&mut self, step: i64) {
        let n = self.fields.len() as i64;
        if n > 0 {
            self.focus = ((self.focus as i64 + step).rem_euclid(n)) as usize;
        }
    }

    /// Types a character into the focused field (choices and flags cycle on space).
    pub fn type_char(&mut self, c: char) {
        if let Some(f) = self.focused_mut() {
            if f.is_typed() {
                if f.value.chars().count() < 2000 {
                    f.value.push(c);
                }
            } else if c == ' ' {
                f.cycle(1);
            }
        }
    }

    pub fn backspace(&mut self) {
        if let Some(f) = self.focused_mut()
            && f.is_typed()
        {
            f.value.pop();
        }
    }

    /// Opens the calendar picker on the focused date field, at its date or `today`.
    pub fn open_picker(&mut self, today: NaiveDate) {
        if let Some(f) = self.focused()
            && matches!(f.kind, FieldKind::Date | FieldKind::DateTime)
        {
            let head = f.value.split(' ').next().unwrap_or("");
            let day = parse_date(head).unwrap_or(today);
            self.picker = Some(Picker { day });
        }
    }

    /// Writes the picked day into the focused field (keeping a typed time).
    pub fn pick(&mut self) {
        let Some(p) = self.picker.take() else { return };
        if let Some(f) = self.focused_mut() {
            let time = f.value.split_once(' ').map(|(_, t)| t.to_owned());
            f.value = match (&f.kind, time) {
                (FieldKind::DateTime, Some(t)) => format!("{} {t}", crate::i18n::date(p.day)),
                (FieldKind::DateTime, None) => format!("{} 08:00", crate::i18n::date(p.day)),
                _ => crate::i18n::date(p.day),
            };
        }
    }

    /// Moves focus to the first field with an error.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self
            .fields
            .iter()
            .position(|f| self.errors.iter().any(|(k, _)| k == f.key))
        {
            self.focus = i;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> Form {
        Form::new(
            Purpose::AddSystem,
            "t".into(),
            vec![
                Field::text("code", crate::i18n::msg::common::CODE, "").required(),
                Field::date(
                    "on",
                    crate::i18n::Text {
                        vi: "Ngày",
                        en: "Date",
                    },
                    "",
                ),
                Field::choice(
                    "kind",
                    crate::i18n::msg::common::KIND,
                    vec![("a".into(), "A".into()), ("b".into(), "B".into())],
                    "a",
                ),
            ],
        )
    }

    #[test]
    fn typing_focus_and_cycling() {
        let mut f = form();
        for c in "MA-1".chars() {
            f.type_char(c);
        }
        f.backspace();
        assert_eq!(f.value("code"), "MA-");
        f.next(1);
        f.next(1);
        f.type_char(' ');
        assert_eq!(f.value("kind"), "b");
        f.type_char(' ');
        assert_eq!(f.value("kind"), "a");
        f.next(1);
        assert_eq!(f.focus, 0);
        f.next(-1);
        assert_eq!(f.focus, 2);
    }

    #[test]
    fn dirty_only_when_a_value_differs_from_the_opening_one() {
        let mut f = form();
        assert!(!f.is_dirty());
        f.type_char('X');
        assert!(f.is_dirty());
        f.backspace();
        assert!(!f.is_dirty(), "typed then erased: nothing to lose");
        f.focus = 2;
        f.type_char(' ');
        assert!(f.is_dirty());
        f.type_char(' ');
        assert!(!f.is_dirty());
    }

    #[test]
    fn picker_writes_dd_mm_yyyy() {
        let mut f = form();
        f.focus = 1;
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        f.open_picker(today);
        let p = f.picker.as_mut().unwrap();
        p.shift_days(3);
        p.shift_months(-1);
        f.pick();
        assert_eq!(f.value("on"), "02/11/2026");
        assert!(f.picker.is_none());
    }
}
