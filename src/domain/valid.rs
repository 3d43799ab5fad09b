//! The one vocabulary of value rules (code, name, level, dates, money, text lengths, NFC…):
//! every surface (the dashboard's forms, `record`, the CSV/XLSX rows, the JSON restore, the demo
//! data) accepts or refuses a value with these functions and says why with the same
//! [`Refusal`] message; each surface only puts its location in front (`field:`, `FILE:LINE:
//! column:`, `FILE: path:`) and the value after it, in parentheses. Pure: the importers
//! (`exchange`) and the use cases (`app`) both apply them.

use chrono::NaiveDate;

use crate::domain::dates::{DateError, parse_date};
use crate::domain::{DossierState, Level, PlanStatus, Relation};
use crate::i18n::{self, Lang, msg::domain::valid as m};
use crate::text::{clean, fold};
/// Longest accepted single-line field, in characters.
pub const MAX_TEXT: usize = 2_000;
/// Longest accepted multi-line field (notes, lessons learned).
pub const MAX_NOTES: usize = 20_000;
/// Longest system code.
pub const MAX_CODE: usize = 64;

/// Why a value was refused: one message per refusal, the same on every surface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Required,
    TooLong {
        n: usize,
        max: usize,
    },
    ControlCharacter,
    CodeTooLong,
    CodeHasSlash,
    Level,
    NoSuchDay,
    NotADate,
    NoSuchDayOrTime,
    NotADateTime,
    InTheFuture {
        today: NaiveDate,
    },
    Relation,
    DossierStatus,
    PlanStatus,
    /// One of a coded set, with its spellings in each language.
    Choice {
        vi: String,
        en: String,
    },
    YesNo,
    Negative,
    Range {
        min: i64,
        max: i64,
    },
    NotWhole,
    AmountTooLarge,
    NotAnAmount,
}

impl Refusal {
    /// Whether the refused value is worth showing after the message (shortened): not when it
    /// is missing.
    pub fn shows_value(&self) -> bool {
        !matches!(self, Refusal::Required)
    }

    /// The message in `lang` (without the value: each surface appends it).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::Required => m::REQUIRED.text(lang).into(),
            Refusal::TooLong { n, max } => m::TooLong { n, max }.text(lang),
            Refusal::ControlCharacter => m::CONTROL_CHARACTER.text(lang).into(),
            Refusal::CodeTooLong => m::CodeTooLong { max: MAX_CODE }.text(lang),
            Refusal::CodeHasSlash => m::CODE_HAS_SLASH.text(lang).into(),
            Refusal::Level => m::LEVEL.text(lang).into(),
            Refusal::NoSuchDay => m::NO_SUCH_DAY.text(lang).into(),
            Refusal::NotADate => m::NOT_A_DATE.text(lang).into(),
            Refusal::NoSuchDayOrTime => m::NO_SUCH_DAY_OR_TIME.text(lang).into(),
            Refusal::NotADateTime => m::NOT_A_DATE_TIME.text(lang).into(),
            Refusal::InTheFuture { today } => m::InTheFuture {
                today: i18n::date(*today),
            }
            .text(lang),
            Refusal::Relation => m::RELATION.text(lang).into(),
            Refusal::DossierStatus => m::DossierStatus {
                values: DossierState::spellings(lang),
            }
            .text(lang),
            Refusal::PlanStatus => m::PlanStatus {
                values: PlanStatus::spellings(lang),
            }
            .text(lang),
            Refusal::Choice { vi, en } => m::Choice {
                values: match lang {
                    Lang::Vi => vi,
                    Lang::En => en,
                },
            }
            .text(lang),
            Refusal::YesNo => m::YES_NO.text(lang).into(),
            Refusal::Negative => m::NEGATIVE.text(lang).into(),
            Refusal::Range { min, max } => m::Range { min, max }.text(lang),
            Refusal::NotWhole => m::NOT_WHOLE.text(lang).into(),
            Refusal::AmountTooLarge => m::AMOUNT_TOO_LARGE.text(lang).into(),
            Refusal::NotAnAmount => m::NOT_AN_AMOUNT.text(lang).into(),
        }
    }
}

/// A text as typed: at most `max` characters, no control character (a multi-line one may hold
/// line breaks and tabs); NFC and trimmed.
pub fn text(raw: &str, max: usize, multiline: bool) -> Result<String, Refusal> {
    let n = raw.chars().count();
    if n > max {
        return Err(Refusal::TooLong { n, max });
    }
    if raw
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(Refusal::ControlCharacter);
    }
    Ok(clean(raw))
}

/// A text that must not be empty.
pub fn required_text(raw: &str, max: usize, multiline: bool) -> Result<String, Refusal> {
    let s = text(raw, max, multiline)?;
    if s.is_empty() {
        return Err(Refusal::Required);
    }
    Ok(s)
}

/// The shape of a system code, wherever it comes from: at most [`MAX_CODE`] characters and no
/// `/` (change-log keys are "CODE/…", so `log --system A` must not catch "A/B").
pub fn code_shape(code: &str) -> Result<(), Refusal> {
    if code.chars().count() > MAX_CODE {
        Err(Refusal::CodeTooLong)
    } else if code.contains('/') {
        Err(Refusal::CodeHasSlash)
    } else {
        Ok(())
    }
}

/// A system code: required, NFC and trimmed, of the right shape.
pub fn code(raw: &str) -> Result<String, Refusal> {
    let c = required_text(raw, MAX_TEXT, false)?;
    code_shape(&c)?;
    Ok(c)
}

/// A level 1–5 ("2", "cấp độ 2", "II"…); empty is none.
pub fn level(raw: &str) -> Result<Option<Level>, Refusal> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    Level::parse_loose(raw).map(Some).ok_or(Refusal::Level)
}

/// A stored level number (1–5).
pub fn level_number(n: i64) -> Result<Level, Refusal> {
    Level::new(n).ok_or(Refusal::Level)
}

/// A date, dd/mm/yyyy or YYYY-MM-DD; empty is none.
pub fn date(raw: &str) -> Result<Option<NaiveDate>, Refusal> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    parse_date(raw).map(Some).map_err(|e| match e {
        DateError::NoSuchDay => Refusal::NoSuchDay,
        DateError::Format => Refusal::NotADate,
    })
}

/// Owned or used ("sở hữu" / "sử dụng"); empty is owned.
pub fn relation(raw: &str) -> Result<Relation, Refusal> {
    if raw.trim().is_empty() {
        return Ok(Relation::Owned);
    }
    Relation::parse_loose(raw).ok_or(Refusal::Relation)
}

/// A dossier status by key or label; empty is none.
pub fn dossier_status(raw: &str) -> Result<DossierState, Refusal> {
    if raw.trim().is_empty() {
        return Ok(DossierState::None);
    }
    DossierState::parse_loose(raw).ok_or(Refusal::DossierStatus)
}

/// A protection plan status by key or label; empty is not started.
pub fn plan_status(raw: &str) -> Result<PlanStatus, Refusal> {
    if raw.trim().is_empty() {
        return Ok(PlanStatus::None);
    }
    PlanStatus::parse_loose(raw).ok_or(Refusal::PlanStatus)
}

/// Yes or no ("có"/"không", "yes"/"no", "x", "1"/"0", "true"/"false"); empty is no.
pub fn yes_no(raw: &str) -> Result<bool, Refusal> {
    let f = fold(raw);
    let is = |words: i18n::Text| {
        [Lang::Vi, Lang::En]
            .iter()
            .any(|l| words.text(*l).split(' ').any(|w| fold(w) == f))
    };
    if f.is_empty() || is(m::NO_WORDS) {
        Ok(false)
    } else if is(m::YES_WORDS) {
        Ok(true)
    } else {
        Err(Refusal::YesNo)
    }
}

/// A whole number in `min..=max`.
pub fn whole(raw: &str, min: i64, max: i64) -> Result<i64, Refusal> {
    match raw.trim().parse::<i64>() {
        Ok(n) => in_range(n, min, max),
        Err(_) => Err(Refusal::NotWhole),
    }
}

/// A number in `min..=max` (a negative one for a count or an amount: "must not be negative").
pub fn in_range(n: i64, min: i64, max: i64) -> Result<i64, Refusal> {
    if n < 0 && min >= 0 {
        Err(Refusal::Negative)
    } else if n < min || n > max {
        Err(Refusal::Range { min, max })
    } else {
        Ok(n)
    }
}

/// An amount in VND as typed (see [`parse_money`]).
pub fn money(raw: &str) -> Result<i64, Refusal> {
    parse_money(raw).map_err(|e| match e {
        Money::Negative => Refusal::Negative,
        Money::TooLarge => Refusal::AmountTooLarge,
        Money::Format => Refusal::NotAnAmount,
    })
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
