//! The interface language, the message catalogs' typed accessors (`msg`, generated from
//! `assets/i18n/{vi,en}.toml`), and the Vietnamese formats for dates, quarters, numbers and day counts.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The interface language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" | "vie" => Some(Lang::Vi),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

/// A text in both languages, as rule packs carry it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct L10n {
    pub vi: String,
    pub en: String,
}

impl L10n {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// A catalog text without placeholders, in both languages (`msg::…::NAME`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub const fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

/// A catalog text with its `{name}` placeholders filled in (`{{` and `}}` are braces); used by
/// the generated `msg` structs, whose fields are checked against the catalog at build time.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        let after = &rest[i + 1..];
        if after.as_bytes().first() == Some(&c) || c == b'}' {
            out.push(c as char);
            rest = after.strip_prefix(c as char).unwrap_or(after);
            continue;
        }
        let Some(end) = after.find('}') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let name = &after[..end];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                let _ = write!(out, "{v}");
            }
            None => out.push_str(&rest[i..i + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Every message of both catalogs, typed: `msg::tui::QUIT.text(lang)`, or with placeholders
/// `msg::app::CodeTaken { code }.text(lang)`.
#[allow(missing_docs, clippy::all)]
pub mod msg {
    include!(concat!(env!("OUT_DIR"), "/msg.rs"));
}

/// dd/mm/yyyy, the only date format users see.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// dd/mm/yyyy HH:MM.
pub fn datetime(d: NaiveDateTime) -> String {
    d.format("%d/%m/%Y %H:%M").to_string()
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "—".to_owned())
}

/// Roman numeral of a quarter.
pub fn roman(q: u32) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// "Quý IV/2026" / "Q4/2026".
pub fn quarter(lang: Lang, year: i32, q: u32) -> String {
    match q {
        1 => msg::fmt::Quarter1 { year }.text(lang),
        2 => msg::fmt::Quarter2 { year }.text(lang),
        3 => msg::fmt::Quarter3 { year }.text(lang),
        _ => msg::fmt::Quarter4 { year }.text(lang),
    }
}

/// The quarter a date falls in.
pub fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// Integer with thousands separators: "1.200.000" (vi) or "1,200,000" (en).
pub fn int(lang: Lang, n: i64) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A percentage with one decimal: "11,2%" (vi) or "11.2%" (en).
pub fn percent(lang: Lang, p: f64) -> String {
    let s = format!("{p:.1}");
    match lang {
        Lang::Vi => format!("{}%", s.replace('.', ",")),
        Lang::En => format!("{s}%"),
    }
}

/// "còn 5 ngày" / "quá hạn 3 ngày" / "hôm nay".
pub fn days_left(lang: Lang, days: i64) -> String {
    let n = int(lang, days.abs());
    match days {
        0 => msg::fmt::TODAY.text(lang).to_owned(),
        1 => msg::fmt::DaysLeftOne { n }.text(lang),
        d if d > 0 => msg::fmt::DaysLeft { n }.text(lang),
        -1 => msg::fmt::DaysLateOne { n }.text(lang),
        _ => msg::fmt::DaysLate { n }.text(lang),
    }
}

/// How late a report sent `at` was for its deadline `due`: whole hours ("5 giờ" / "5 h"), or
/// minutes under an hour ("30 phút" / "30 min") — never "0 giờ".
pub fn late_span(lang: Lang, due: chrono::NaiveDateTime, at: chrono::NaiveDateTime) -> String {
    let m = (at - due).num_minutes().max(0);
    if m < 60 {
        msg::fmt::LateMinutes { n: m }.text(lang)
    } else {
        msg::fmt::LateHours { n: m / 60 }.text(lang)
    }
}

/// "còn 14 giờ" / "quá hạn 5 giờ" for the 24 h / 72 h incident clocks.
pub fn hours_left(lang: Lang, hours: i64) -> String {
    if hours >= 0 {
        msg::fmt::HoursLeft { n: hours }.text(lang)
    } else {
        msg::fmt::HoursLate { n: -hours }.text(lang)
    }
}

/// "3 hệ thống" / "1 system" / "3 systems": the noun in the singular (`one`) for exactly one,
/// else `many` (Vietnamese nouns do not change: the catalog gives both keys the same word).
pub fn count_of(lang: Lang, n: usize, one: Text, many: Text) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {}", int(lang, n as i64), noun.text(lang))
}

/// The name of an incident report, by its rule-pack id and hours allowed (when known): the
/// 24-hour one is "Thông báo ban đầu (24 giờ)", the 72-hour one "Báo cáo sự cố (72 giờ)". The
/// ids stay in JSON only.
pub fn incident_report_name(id: &str, hours: Option<u32>, lang: Lang) -> String {
    use msg::fmt as f;
    let span = |h: u32| match h {
        0 => f::SPAN_AT_ONCE.text(lang).to_owned(),
        h if h > 72 && h % 24 == 0 => f::SpanDays { n: h / 24 }.text(lang),
        h => f::SpanHours { n: h }.text(lang),
    };
    let base = match (id, hours) {
        ("initial", Some(0)) => f::REPORT_INITIAL_AT_ONCE,
        ("initial", _) => f::REPORT_INITIAL,
        ("notify", Some(h)) if h > 72 => f::REPORT_NOTIFY_LONG,
        ("notify", _) => f::REPORT_NOTIFY,
        ("closing", _) => f::REPORT_CLOSING,
        ("immediate", _) => f::REPORT_IMMEDIATE,
        (other, _) => return other.to_owned(),
    }
    .text(lang);
    match hours {
        Some(h) if id != "immediate" && id != "closing" => format!("{base}{}", span(h)),
        _ => base.to_owned(),
    }
}

/// The name of a periodic report by its rule-pack id: "báo cáo quý", "báo cáo năm".
pub fn periodic_report_name(id: &str, lang: Lang) -> String {
    use msg::fmt as f;
    match id {
        "quarterly" => f::PERIODIC_QUARTERLY.text(lang).into(),
        "annual" => f::PERIODIC_ANNUAL.text(lang).into(),
        "annual-internal" => f::PERIODIC_ANNUAL_INTERNAL.text(lang).into(),
        other => f::PeriodicOther { id: other }.text(lang),
    }
}

/// A periodic report with its period, the period's own word not repeated: "báo cáo Quý II/2026",
/// "báo cáo năm 2026" / "the quarterly report for Q2/2026".
pub fn periodic_report_for(id: &str, period: crate::domain::Period, lang: Lang) -> String {
    use msg::fmt as f;
    let period = period.label(lang);
    match id {
        "quarterly" => f::PeriodicForQuarterly { period }.text(lang),
        "annual" => f::PeriodicForAnnual { period }.text(lang),
        "annual-internal" => f::PeriodicForInternal { period }.text(lang),
        _ => f::PeriodicForOther {
            report: periodic_report_name(id, lang),
            period,
        }
        .text(lang),
    }
}

/// The kind of a report capdo writes (`capdo report KIND`): "quý", "năm", "rà soát"...
pub fn report_kind_name(kind: &str, lang: Lang) -> String {
    use msg::fmt as f;
    match kind {
        "quarterly" => f::KIND_QUARTERLY.text(lang).into(),
        "annual" => f::KIND_ANNUAL.text(lang).into(),
        "review" => f::KIND_REVIEW.text(lang).into(),
        "incident" => f::KIND_INCIDENT.text(lang).into(),
        "budget" => f::KIND_BUDGET.text(lang).into(),
        other => f::KindOther { kind: other }.text(lang),
    }
}

/// A change-log action as a person reads it ("create" → "tạo mới").
pub fn log_action(action: &str, lang: Lang) -> &str {
    use msg::fmt::log_action as a;
    let t = match action {
        "create" => a::CREATE,
        "update" => a::UPDATE,
        "delete" => a::DELETE,
        "dossier" => a::DOSSIER,
        "level" => a::LEVEL,
        "decommission" => a::DECOMMISSION,
        "close" => a::CLOSE,
        "done" => a::DONE,
        "undo" => a::UNDO,
        "restore" => a::RESTORE,
        "merge" => a::MERGE,
        "import" => a::IMPORT,
        "sent" => a::SENT,
        "grant-unit" => a::GRANT_UNIT,
        "grant-all" => a::GRANT_ALL,
        "revoke" => a::REVOKE,
        _ => return action,
    };
    t.text(lang)
}

pub const YES: Text = msg::common::YES;
pub const NO: Text = msg::common::NO;

#[cfg(test)]
mod catalog_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_formats() {
        let d = NaiveDate::from_ymd_opt(2024, 2, 5).unwrap();
        assert_eq!(date(d), "05/02/2024");
        assert_eq!(quarter(Lang::Vi, 2026, 4), "Quý IV/2026");
        assert_eq!(quarter(Lang::En, 2026, 4), "Q4/2026");
        assert_eq!(int(Lang::Vi, 1_200_000), "1.200.000");
        assert_eq!(int(Lang::En, 1_200_000), "1,200,000");
        assert_eq!(int(Lang::Vi, -3418), "-3.418");
        assert_eq!(int(Lang::Vi, 999), "999");
        assert_eq!(percent(Lang::Vi, 68.24), "68,2%");
        assert_eq!(days_left(Lang::Vi, -3), "quá hạn 3 ngày");
        assert_eq!(days_left(Lang::Vi, 5), "còn 5 ngày");
        assert_eq!(days_left(Lang::En, 1), "in 1 day");
        assert_eq!(hours_left(Lang::Vi, 14), "còn 14 giờ");
        let (one, many) = (msg::common::SYSTEMS_NOUN_ONE, msg::common::SYSTEMS_NOUN);
        assert_eq!(count_of(Lang::En, 1, one, many), "1 system");
        assert_eq!(count_of(Lang::En, 0, one, many), "0 systems");
        assert_eq!(count_of(Lang::Vi, 1200, one, many), "1.200 hệ thống");
        assert_eq!(
            incident_report_name("initial", Some(24), Lang::Vi),
            "Thông báo ban đầu (24 giờ)"
        );
        assert_eq!(
            incident_report_name("notify", Some(72), Lang::Vi),
            "Báo cáo sự cố (72 giờ)"
        );
        assert_eq!(
            incident_report_name("notify", Some(120), Lang::En),
            "Incident notification (5 days)"
        );
        assert_eq!(
            incident_report_name("initial", Some(0), Lang::Vi),
            "Báo cáo ban đầu (ngay)"
        );
        assert_eq!(log_action("create", Lang::Vi), "tạo mới");
        assert_eq!(
            quarter_of(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()),
            4
        );
    }

    #[test]
    fn a_late_report_is_late_by_minutes_under_an_hour_never_zero_hours() {
        let due = NaiveDate::from_ymd_opt(2025, 9, 16)
            .unwrap()
            .and_hms_opt(17, 0, 0)
            .unwrap();
        let at = |h: u32, m: u32| {
            NaiveDate::from_ymd_opt(2025, 9, 16)
                .unwrap()
                .and_hms_opt(h, m, 0)
                .unwrap()
        };
        assert_eq!(late_span(Lang::Vi, due, at(17, 30)), "30 phút");
        assert_eq!(late_span(Lang::En, due, at(17, 30)), "30 min");
        assert_eq!(late_span(Lang::Vi, due, at(22, 34)), "5 giờ");
        assert_eq!(late_span(Lang::En, due, at(18, 0)), "1 h");
    }
}
