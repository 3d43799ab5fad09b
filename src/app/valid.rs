//! The form checker of the use cases: collects every field's problem while an input is read,
//! applying the value rules of [`crate::domain::valid`].

pub use crate::domain::valid::*;

use chrono::{NaiveDate, NaiveDateTime};

use super::{Checked, FieldError};
use crate::domain::dates::{DateError, parse_datetime};
use crate::domain::{Dataset, System};
use crate::i18n::{Lang, msg::domain::valid as m};
use crate::store::tables::Field;
use crate::text::{clean, excerpt, fold};

/// Collects field problems while a form is read.
pub(crate) struct V {
    pub lang: Lang,
    pub today: NaiveDate,
    pub errs: Vec<FieldError>,
}

impl V {
    pub fn new(lang: Lang, today: NaiveDate) -> V {
        V {
            lang,
            today,
            errs: Vec::new(),
        }
    }

    /// The finished value, or every problem found.
    pub fn done<T>(self, value: impl FnOnce() -> T) -> Checked<T> {
        if self.errs.is_empty() {
            Ok(value())
        } else {
            Err(self.errs)
        }
    }

    /// Whether `field` already has a problem (cross-field checks skip it then).
    pub fn failed(&self, field: &str) -> bool {
        self.errs.iter().any(|e| e.field == field)
    }

    pub fn err(&mut self, field: &'static str, vi: impl Into<String>, en: impl Into<String>) {
        let message = match self.lang {
            Lang::Vi => vi.into(),
            Lang::En => en.into(),
        };
        self.errs.push(FieldError { field, message });
    }

    /// A problem with a typed value: the message, then the value in parentheses.
    pub fn bad(
        &mut self,
        field: &'static str,
        raw: &str,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) {
        let value = raw.trim();
        let (vi, en) = (vi.into(), en.into());
        if value.is_empty() {
            self.err(field, vi, en);
        } else {
            let v = excerpt(value);
            self.err(field, format!("{vi} ({v})"), format!("{en} ({v})"));
        }
    }

    /// A problem with a typed value, the message already in the chosen language (a catalog
    /// text): the message, then the value in parentheses.
    pub fn says(&mut self, field: &'static str, raw: &str, message: impl Into<String>) {
        let message = message.into();
        self.bad(field, raw, message.clone(), message);
    }

    /// A problem with a field as a whole, the message already in the chosen language.
    pub fn says_of(&mut self, field: &'static str, message: impl Into<String>) {
        let message = message.into();
        self.err(field, message.clone(), message);
    }

    /// A value refused by one of the rules: its message, then the value in parentheses.
    pub fn refuse(&mut self, field: &'static str, raw: &str, why: &Refusal) {
        let message = why.message(self.lang);
        if why.shows_value() {
            self.bad(field, raw, message.clone(), message);
        } else {
            self.err(field, message.clone(), message);
        }
    }

    /// The value a rule accepted, or `None` with its refusal recorded.
    pub fn check<T>(
        &mut self,
        field: &'static str,
        raw: &str,
        rule: Result<T, Refusal>,
    ) -> Option<T> {
        rule.map_err(|why| self.refuse(field, raw, &why)).ok()
    }

    /// A field of a record's table typed as `raw`, parsed onto `to` by the field's own rule and
    /// kind ([`crate::store::tables::Field::parse`]); a refusal is recorded under `field`.
    pub fn field<R>(&mut self, field: &'static str, f: &Field<R>, raw: &str, to: &mut R) {
        if let Err(why) = f.parse(raw, self.today, to) {
            self.refuse(field, raw, &why);
        }
    }

    pub fn required_msg(&mut self, field: &'static str) {
        self.refuse(field, "", &Refusal::Required);
    }

    /// An optional one-line text, NFC and trimmed.
    pub fn text(&mut self, field: &'static str, raw: &str) -> String {
        self.check(field, raw, text(raw, MAX_TEXT, false))
            .unwrap_or_default()
    }

    /// An optional multi-line text (notes, lessons learned).
    pub fn notes(&mut self, field: &'static str, raw: &str) -> String {
        self.check(field, raw, text(raw, MAX_NOTES, true))
            .unwrap_or_default()
    }

    /// A one-line text that must not be empty.
    pub fn required(&mut self, field: &'static str, raw: &str) -> String {
        self.check(field, raw, required_text(raw, MAX_TEXT, false))
            .unwrap_or_default()
    }

    /// A multi-line text that must not be empty.
    pub fn required_notes(&mut self, field: &'static str, raw: &str) -> String {
        self.check(field, raw, required_text(raw, MAX_NOTES, true))
            .unwrap_or_default()
    }

    /// A new system code: required, short, no `/` (log keys are "CODE/...").
    pub fn new_code(&mut self, field: &'static str, raw: &str) -> String {
        match code(raw) {
            Ok(c) => c,
            Err(why) => {
                self.refuse(field, raw, &why);
                clean(raw)
            }
        }
    }

    /// An existing system of the local unit, by code.
    pub fn system<'d>(
        &mut self,
        data: &'d Dataset,
        field: &'static str,
        raw: &str,
    ) -> Option<&'d System> {
        let code = self.required(field, raw);
        if code.is_empty() {
            return None;
        }
        let found = data
            .systems
            .iter()
            .find(|s| s.unit.is_empty() && s.code == code);
        if found.is_some() {
            return found;
        }
        // a code no rule accepts is refused as such, as when a system is added
        if let Err(why) = code_shape(&code) {
            self.refuse(field, &code, &why);
            return None;
        }
        // suggest a code that differs only in case or accents
        let f = fold(&code);
        let near = data
            .systems
            .iter()
            .find(|s| s.unit.is_empty() && fold(&s.code) == f);
        let message = match near {
            Some(s) => m::NoSuchSystemNear { code: &s.code }.text(self.lang),
            None => m::NO_SUCH_SYSTEM.text(self.lang).into(),
        };
        self.bad(field, &code, message.clone(), message);
        None
    }

    /// An optional system (empty = none).
    pub fn opt_system<'d>(
        &mut self,
        data: &'d Dataset,
        field: &'static str,
        raw: &str,
    ) -> Option<&'d System> {
        if raw.trim().is_empty() {
            None
        } else {
            self.system(data, field, raw)
        }
    }

    /// An optional date (empty = none).
    pub fn date(&mut self, field: &'static str, raw: &str) -> Option<NaiveDate> {
        self.check(field, raw, date(raw)).flatten()
    }

    /// A required date.
    pub fn req_date(&mut self, field: &'static str, raw: &str) -> Option<NaiveDate> {
        if raw.trim().is_empty() {
            self.required_msg(field);
            return None;
        }
        self.date(field, raw)
    }

    /// Refuses a date after the reference date.
    pub fn not_future(&mut self, field: &'static str, raw: &str, d: Option<NaiveDate>) {
        if d.is_some_and(|d| d > self.today) {
            let today = self.today;
            self.refuse(field, raw, &Refusal::InTheFuture { today });
        }
    }

    /// A required date that is not in the future.
    pub fn past_date(&mut self, field: &'static str, raw: &str) -> Option<NaiveDate> {
        let d = self.req_date(field, raw);
        self.not_future(field, raw, d);
        d
    }

    /// A required date and time (dd/mm/yyyy HH:MM, YYYY-MM-DD HH:MM or a date alone), not on a
    /// day after the reference date.
    pub fn past_datetime(&mut self, field: &'static str, raw: &str) -> Option<NaiveDateTime> {
        if raw.trim().is_empty() {
            self.required_msg(field);
            return None;
        }
        match parse_datetime(raw) {
            Ok(d) => {
                self.not_future(field, raw, Some(d.date()));
                Some(d)
            }
            Err(DateError::NoSuchDay) => {
                self.refuse(field, raw, &Refusal::NoSuchDayOrTime);
                None
            }
            Err(DateError::Format) => {
                self.refuse(field, raw, &Refusal::NotADateTime);
                None
            }
        }
    }

    /// One of a coded set; `default` when empty (required when `None`).
    pub fn choice<T: Copy>(
        &mut self,
        field: &'static str,
        raw: &str,
        default: Option<T>,
        parse: fn(&str) -> Option<T>,
        spellings: fn(Lang) -> String,
    ) -> Option<T> {
        if raw.trim().is_empty() {
            if default.is_none() {
                self.required_msg(field);
            }
            return default;
        }
        let v = parse(raw);
        if v.is_none() {
            let why = Refusal::Choice {
                vi: spellings(Lang::Vi),
                en: spellings(Lang::En),
            };
            self.refuse(field, raw, &why);
        }
        v
    }

    /// A whole number in `min..=max`; `default` when empty (required when `None`).
    pub fn int(
        &mut self,
        field: &'static str,
        raw: &str,
        default: Option<i64>,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        if raw.trim().is_empty() {
            if default.is_none() {
                self.required_msg(field);
            }
            return default;
        }
        self.check(field, raw, whole(raw, min, max))
    }

    /// An amount in VND: plain digits, or groups of three separated by "." or "," (one kind),
    /// spaces ignored, an optional "đ" / "VND" after it. Required.
    pub fn money(&mut self, field: &'static str, raw: &str) -> Option<i64> {
        if raw.trim().is_empty() {
            self.required_msg(field);
            return None;
        }
        self.check(field, raw, money(raw))
    }

    /// Yes or no; empty is no.
    pub fn flag(&mut self, field: &'static str, raw: &str) -> bool {
        self.check(field, raw, yes_no(raw)).unwrap_or(false)
    }

    /// A record id (a positive whole number), required.
    pub fn id(&mut self, field: &'static str, raw: &str) -> Option<i64> {
        self.int(field, raw, None, 1, i64::MAX)
    }
}
