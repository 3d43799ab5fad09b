//! Parsing raw field text into values, collecting every problem with a message in the chosen
//! language that names the bad value (like the CSV importer: `message (value)`).

use chrono::{NaiveDate, NaiveDateTime};

use super::{Checked, FieldError};
use crate::domain::dates::{DateError, parse_date, parse_datetime};
use crate::domain::{Dataset, System};
use crate::i18n::{self, Lang};
use crate::text::{clean, excerpt, fold};

/// Longest accepted single-line field, in characters.
pub const MAX_TEXT: usize = 2_000;
/// Longest accepted multi-line field (notes, lessons learned).
pub const MAX_NOTES: usize = 20_000;
/// Longest system code.
pub const MAX_CODE: usize = 64;

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

    pub fn required_msg(&mut self, field: &'static str) {
        self.err(field, "bắt buộc nhập", "required");
    }

    /// Checks length and control characters; `None` when refused.
    fn clean_text(
        &mut self,
        field: &'static str,
        raw: &str,
        max: usize,
        multiline: bool,
    ) -> Option<String> {
        let n = raw.chars().count();
        if n > max {
            self.err(
                field,
                format!("quá dài ({n} ký tự, tối đa {max})"),
                format!("too long ({n} characters, at most {max})"),
            );
            return None;
        }
        if raw
            .chars()
            .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
        {
            self.bad(
                field,
                raw,
                "chứa ký tự điều khiển",
                "contains a control character",
            );
            return None;
        }
        Some(clean(raw))
    }

    /// An optional one-line text, NFC and trimmed.
    pub fn text(&mut self, field: &'static str, raw: &str) -> String {
        self.clean_text(field, raw, MAX_TEXT, false)
            .unwrap_or_default()
    }

    /// An optional multi-line text (notes, lessons learned).
    pub fn notes(&mut self, field: &'static str, raw: &str) -> String {
        self.clean_text(field, raw, MAX_NOTES, true)
            .unwrap_or_default()
    }

    /// A one-line text that must not be empty.
    pub fn required(&mut self, field: &'static str, raw: &str) -> String {
        match self.clean_text(field, raw, MAX_TEXT, false) {
            Some(s) if s.is_empty() => {
                self.required_msg(field);
                s
            }
            Some(s) => s,
            None => String::new(),
        }
    }

    /// A multi-line text that must not be empty.
    pub fn required_notes(&mut self, field: &'static str, raw: &str) -> String {
        match self.clean_text(field, raw, MAX_NOTES, true) {
            Some(s) if s.is_empty() => {
                self.required_msg(field);
                s
            }
            Some(s) => s,
            None => String::new(),
        }
    }

    /// A new system code: required, short, no `/` (log keys are "CODE/...").
    pub fn new_code(&mut self, field: &'static str, raw: &str) -> String {
        let code = self.required(field, raw);
        if code.chars().count() > MAX_CODE {
            self.bad(
                field,
                &code,
                format!("mã quá dài (tối đa {MAX_CODE} ký tự)"),
                format!("code too long (at most {MAX_CODE} characters)"),
            );
        } else if code.contains('/') {
            self.bad(
                field,
                &code,
                "mã không được chứa dấu /",
                "a code must not contain /",
            );
        }
        code
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
        if found.is_none() {
            // suggest a code that differs only in case or accents
            let f = fold(&code);
            let near = data
                .systems
                .iter()
                .find(|s| s.unit.is_empty() && fold(&s.code) == f);
            match near {
                Some(s) => self.bad(
                    field,
                    &code,
                    format!("không có hệ thống mã này; có phải là \"{}\"?", s.code),
                    format!("no system with this code; did you mean \"{}\"?", s.code),
                ),
                None => self.bad(
                    field,
                    &code,
                    "không có hệ thống mã này",
                    "no system with this code",
                ),
            }
        }
        found
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

    fn date_error(&mut self, field: &'static str, raw: &str, e: DateError) {
        match e {
            DateError::NoSuchDay => self.bad(
                field,
                raw,
                "không có ngày này trong lịch",
                "no such day in the calendar",
            ),
            DateError::Format => self.bad(
                field,
                raw,
                "ngày không hợp lệ (dùng dd/mm/yyyy hoặc YYYY-MM-DD)",
                "not a date (use dd/mm/yyyy or YYYY-MM-DD)",
            ),
        }
    }

    /// An optional date (empty = none).
    pub fn date(&mut self, field: &'static str, raw: &str) -> Option<NaiveDate> {
        if raw.trim().is_empty() {
            return None;
        }
        match parse_date(raw) {
            Ok(d) => Some(d),
            Err(e) => {
                self.date_error(field, raw, e);
                None
            }
        }
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
            let today = i18n::date(self.today);
            self.bad(
                field,
                raw,
                format!("ngày ở tương lai (hôm nay là {today})"),
                format!("in the future (today is {today})"),
            );
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
                self.bad(field, raw, "không có ngày giờ này", "no such day or time");
                None
            }
            Err(DateError::Format) => {
                self.bad(
                    field,
                    raw,
                    "thời điểm không hợp lệ (dùng dd/mm/yyyy HH:MM)",
                    "not a date and time (use dd/mm/yyyy HH:MM)",
                );
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
            let (vi, en) = (spellings(Lang::Vi), spellings(Lang::En));
            self.bad(
                field,
                raw,
                format!("giá trị không hợp lệ; dùng: {vi}"),
                format!("not a valid value; use: {en}"),
            );
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
        let t = raw.trim();
        if t.is_empty() {
            if default.is_none() {
                self.required_msg(field);
            }
            return default;
        }
        match t.parse::<i64>() {
            Ok(n) if n < 0 && min >= 0 => {
                self.bad(field, raw, "không được âm", "must not be negative");
                None
            }
            Ok(n) if n < min || n > max => {
                self.bad(
                    field,
                    raw,
                    format!("phải từ {min} đến {max}"),
                    format!("must be from {min} to {max}"),
                );
                None
            }
            Ok(n) => Some(n),
            Err(_) => {
                self.bad(field, raw, "phải là số nguyên", "must be a whole number");
                None
            }
        }
    }

    /// An amount in VND: plain digits, or groups of three separated by "." or "," (one kind),
    /// spaces ignored, an optional "đ" / "VND" after it. Required.
    pub fn money(&mut self, field: &'static str, raw: &str) -> Option<i64> {
        if raw.trim().is_empty() {
            self.required_msg(field);
            return None;
        }
        match parse_money(raw) {
            Ok(n) => Some(n),
            Err(Money::Negative) => {
                self.bad(field, raw, "không được âm", "must not be negative");
                None
            }
            Err(Money::TooLarge) => {
                self.bad(field, raw, "số tiền quá lớn", "amount too large");
                None
            }
            Err(Money::Format) => {
                self.bad(
                    field,
                    raw,
                    "số tiền không hợp lệ (viết 1.200.000, 1,200,000 hoặc 1200000)",
                    "not an amount (write 1.200.000, 1,200,000 or 1200000)",
                );
                None
            }
        }
    }

    /// Yes or no; empty is no.
    pub fn flag(&mut self, field: &'static str, raw: &str) -> bool {
        match fold(raw).as_str() {
            "" | "no" | "n" | "false" | "0" | "khong" | "k" => false,
            "yes" | "y" | "true" | "1" | "co" | "c" => true,
            _ => {
                self.bad(
                    field,
                    raw,
                    "phải là có hoặc không (yes/no)",
                    "must be yes or no",
                );
                false
            }
        }
    }

    /// A record id (a positive whole number), required.
    pub fn id(&mut self, field: &'static str, raw: &str) -> Option<i64> {
        self.int(field, raw, None, 1, i64::MAX)
    }
}

/// Why an amount was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Money {
    Format,
    Negative,
    TooLarge,
}

/// Parses "1.200.000", "1,200,000", "1 200 000", "1200000", "1.200.000 đ".
pub fn parse_money(raw: &str) -> Result<i64, Money> {
    let mut s: String = clean(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    let lower = fold(&s);
    for suffix in ["vnd", "dong", "d"] {
        if lower.ends_with(suffix) && lower.len() > suffix.len() {
            // the folded suffix has the same number of chars as the original
            let keep = s.chars().count().saturating_sub(suffix.chars().count());
            s = s.chars().take(keep).collect();
            break;
        }
    }
    if let Some(rest) = s.strip_prefix('-') {
        return match parse_money(rest) {
            Ok(0) => Ok(0),
            Ok(_) | Err(Money::Negative) => Err(Money::Negative),
            Err(e) => Err(e),
        };
    }
    if s.is_empty() {
        return Err(Money::Format);
    }
    let digits: String = if s.bytes().all(|b| b.is_ascii_digit()) {
        s
    } else {
        let sep = if s.contains('.') { '.' } else { ',' };
        let other = if sep == '.' { ',' } else { '.' };
        if s.contains(other) {
            return Err(Money::Format);
        }
        let groups: Vec<&str> = s.split(sep).collect();
        let first_ok = groups
            .first()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
        let rest_ok = groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !(first_ok && rest_ok) || groups.len() < 2 {
            return Err(Money::Format);
        }
        groups.concat()
    };
    digits.parse::<i64>().map_err(|_| Money::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(parse_money("1.200.000"), Ok(1_200_000));
        assert_eq!(parse_money("1,200,000"), Ok(1_200_000));
        assert_eq!(parse_money("1200000"), Ok(1_200_000));
        assert_eq!(parse_money(" 1 200 000 đ"), Ok(1_200_000));
        assert_eq!(parse_money("1.200.000 VND"), Ok(1_200_000));
        assert_eq!(parse_money("0"), Ok(0));
        assert_eq!(parse_money("-5"), Err(Money::Negative));
        assert_eq!(parse_money("-1.000"), Err(Money::Negative));
        assert_eq!(parse_money("1.200,000"), Err(Money::Format));
        assert_eq!(parse_money("1.20.000"), Err(Money::Format));
        assert_eq!(parse_money("12,5"), Err(Money::Format));
        assert_eq!(parse_money("abc"), Err(Money::Format));
        assert_eq!(parse_money("đ"), Err(Money::Format));
        assert_eq!(parse_money("."), Err(Money::Format));
        assert_eq!(parse_money("99999999999999999999999"), Err(Money::TooLarge));
    }

    proptest::proptest! {
        #[test]
        fn parse_money_never_panics(s in "\\PC{0,30}") {
            let _ = parse_money(&s);
        }
    }
}
