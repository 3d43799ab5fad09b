//! Date arithmetic of the rules: calendar months with month-end clamping, quarters, and the two
//! date spellings officers type (working days are counted by `rules::calendar`).

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};

/// `d` plus `n` calendar months, clamped to the last day of a shorter month
/// (29/02/2024 + 24 months = 28/02/2026; 31/08/2026 + 6 months = 28/02/2027).
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// The last day of a period of `n` months whose first day is `first`: the day before the same
/// date `n` months later (Civil Code 2015 Arts. 147–148: a period counted from an event starts
/// the next day and ends with the corresponding day of its last month). The one convention for
/// every transition clock: 01/07/2026 + 6 months → 31/12/2026; + 12 months → 30/06/2027.
pub fn period_end(first: NaiveDate, n: u32) -> NaiveDate {
    add_months(first, n).pred_opt().unwrap_or(first)
}

/// `d` plus `n` calendar days.
pub fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

/// Last day of a quarter's last month given a day-of-month (clamped).
pub fn quarter_day(year: i32, q: u32, day: u32) -> NaiveDate {
    month_day(year, q * 3, day)
}

/// The given day of a month, clamped to the month's last day.
pub fn month_day(year: i32, month: u32, day: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
    let last = add_months(first, 1).pred_opt().unwrap_or(first);
    NaiveDate::from_ymd_opt(year, month, day.min(last.day())).unwrap_or(last)
}

/// `YYYY-MM-DD`, written by hand: chrono's `format` parses its pattern on every call, which
/// was a tenth of `due --json` at 10,000 systems.
pub fn iso(d: NaiveDate) -> String {
    let Ok(y) = u32::try_from(d.year()) else {
        return d.format("%Y-%m-%d").to_string();
    };
    if y > 9999 {
        return d.format("%Y-%m-%d").to_string();
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (m, day) = (d.month(), d.day());
    let b = [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    b.iter().map(|&c| char::from(c)).collect::<String>()
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Start of day.
pub fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

/// Why a typed date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not in one of the accepted shapes.
    Format,
    /// Right shape, but no such day (31/02).
    NoSuchDay,
}

/// Parses `YYYY-MM-DD` or `D/M/YYYY` (also `DD/MM/YYYY`, `D-M-YYYY`, `D.M.YYYY`).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let nums: Vec<&str> = s.split(['-', '/', '.']).collect();
    if nums.len() != 3
        || nums
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(DateError::Format);
    }
    let n: Vec<u32> = nums.iter().filter_map(|p| p.parse().ok()).collect();
    if n.len() != 3 {
        return Err(DateError::Format);
    }
    let (y, m, d) = if nums[0].len() == 4 && s.contains('-') && nums[2].len() <= 2 {
        (n[0], n[1], n[2])
    } else if nums[2].len() == 4 && nums[0].len() <= 2 && nums[1].len() <= 2 {
        (n[2], n[1], n[0])
    } else {
        return Err(DateError::Format);
    };
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(if (1..=12).contains(&m) && (1900..=2200).contains(&y) {
            DateError::NoSuchDay
        } else {
            DateError::Format
        });
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay)
}

/// Parses a date-time: `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM[:SS]`, `D/M/YYYY HH:MM`, or a date
/// alone (midnight).
pub fn parse_datetime(s: &str) -> Result<NaiveDateTime, DateError> {
    let s = s.trim();
    let (d, t) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let date = parse_date(d)?;
    let Some(t) = t else {
        return Ok(midnight(date));
    };
    let parts: Vec<&str> = t.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(DateError::Format);
    }
    let h: u32 = parts[0].parse().map_err(|_| DateError::Format)?;
    let m: u32 = parts[1].parse().map_err(|_| DateError::Format)?;
    let sec: u32 = parts.get(2).and_then(|p| p.parse().ok()).unwrap_or(0);
    let time = NaiveTime::from_hms_opt(h, m, sec).ok_or(DateError::NoSuchDay)?;
    Ok(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso(d(2026, 2, 5)), "2026-02-05");
        assert_eq!(iso(d(1999, 12, 31)), "1999-12-31");
        assert_eq!(
            iso(d(10000, 1, 1)),
            d(10000, 1, 1).format("%Y-%m-%d").to_string()
        );
    }

    #[test]
    fn month_end_clamping() {
        assert_eq!(add_months(d(2024, 2, 29), 24), d(2026, 2, 28));
        assert_eq!(add_months(d(2026, 8, 31), 6), d(2027, 2, 28));
        assert_eq!(add_months(d(2024, 8, 31), 6), d(2025, 2, 28));
        assert_eq!(add_months(d(2023, 8, 31), 6), d(2024, 2, 29));
        assert_eq!(add_months(d(2025, 1, 31), 12), d(2026, 1, 31));
        assert_eq!(add_months(d(2025, 3, 31), 12), d(2026, 3, 31));
        assert_eq!(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 2, 29), 48), d(2028, 2, 29));
    }

    #[test]
    fn transition_periods_count_one_way() {
        // Civil Code 2015 Arts. 147–148; Decree 331 Art. 39.1; Law 116 Art. 45.1
        assert_eq!(period_end(d(2026, 7, 1), 6), d(2026, 12, 31));
        assert_eq!(period_end(d(2026, 7, 1), 12), d(2027, 6, 30));
    }

    #[test]
    fn quarter_days() {
        assert_eq!(quarter_day(2026, 4, 20), d(2026, 12, 20));
        assert_eq!(quarter_day(2026, 1, 31), d(2026, 3, 31));
        assert_eq!(month_day(2026, 2, 31), d(2026, 2, 28));
        assert_eq!(month_day(2028, 2, 30), d(2028, 2, 29));
    }

    #[test]
    fn parses_both_spellings() {
        assert_eq!(parse_date("2026-11-29"), Ok(d(2026, 11, 29)));
        assert_eq!(parse_date("29/11/2026"), Ok(d(2026, 11, 29)));
        assert_eq!(parse_date("5/2/2024"), Ok(d(2024, 2, 5)));
        assert_eq!(parse_date(" 05/02/2024 "), Ok(d(2024, 2, 5)));
        assert_eq!(parse_date("29/02/2024"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("31/02/2026"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("29/02/2026"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2026-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("13/13/2026"), Err(DateError::Format));
        assert_eq!(parse_date("2026/11/29"), Err(DateError::Format));
        assert_eq!(parse_date("11-29"), Err(DateError::Format));
        assert_eq!(parse_date(""), Err(DateError::Format));
        assert_eq!(parse_date("hôm nay"), Err(DateError::Format));
        assert_eq!(parse_date("１/２/２０２４"), Err(DateError::Format));
    }

    #[test]
    fn parses_datetimes() {
        assert_eq!(
            parse_datetime("2026-11-26 14:00").unwrap(),
            d(2026, 11, 26).and_hms_opt(14, 0, 0).unwrap()
        );
        assert_eq!(
            parse_datetime("26/11/2026 14:05").unwrap(),
            d(2026, 11, 26).and_hms_opt(14, 5, 0).unwrap()
        );
        assert_eq!(
            parse_datetime("2026-11-26T14:05:09").unwrap(),
            d(2026, 11, 26).and_hms_opt(14, 5, 9).unwrap()
        );
        assert_eq!(
            parse_datetime("2026-11-26").unwrap(),
            midnight(d(2026, 11, 26))
        );
        assert!(parse_datetime("2026-11-26 25:00").is_err());
        assert!(parse_datetime("2026-11-26 1400").is_err());
    }

    proptest::proptest! {
        #[test]
        fn parse_date_never_panics(s in "\\PC{0,24}") {
            let _ = parse_date(&s);
            let _ = parse_datetime(&s);
        }

        #[test]
        fn roundtrip_both_spellings(days in 0i64..100_000) {
            let base = d(1950, 1, 1) + chrono::Duration::days(days);
            if base.year() <= 2200 {
                proptest::prop_assert_eq!(parse_date(&base.format("%Y-%m-%d").to_string()), Ok(base));
                proptest::prop_assert_eq!(parse_date(&base.format("%d/%m/%Y").to_string()), Ok(base));
                proptest::prop_assert_eq!(parse_date(&base.format("%-d/%-m/%Y").to_string()), Ok(base));
            }
        }

        #[test]
        fn add_months_stays_in_target_month(days in 0i64..40_000, n in 0u32..120) {
            let base = d(1990, 1, 1) + chrono::Duration::days(days);
            let r = add_months(base, n);
            let months = (base.year() * 12 + base.month0() as i32) + n as i32;
            proptest::prop_assert_eq!(r.year() * 12 + r.month0() as i32, months);
            proptest::prop_assert!(r.day() <= base.day());
        }
    }
}
