//! Every user-visible word in two languages (Vietnamese first), and the Vietnamese formats for
//! dates, quarters, numbers and day counts.

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
    /// Picks one of two static strings.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
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

/// A static text pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T(pub &'static str, pub &'static str);

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        lang.pick(self.0, self.1)
    }
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
    match lang {
        Lang::Vi => format!("Quý {}/{year}", roman(q)),
        Lang::En => format!("Q{q}/{year}"),
    }
}

/// The quarter a date falls in.
pub fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// Integer with thousands separators: "1.200.000" (vi) or "1,200,000" (en).
pub fn int(lang: Lang, n: i64) -> String {
    let sep = lang.pick(".", ",");
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
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
    match (lang, days) {
        (Lang::Vi, 0) => "hôm nay".into(),
        (Lang::En, 0) => "today".into(),
        (Lang::Vi, d) if d > 0 => format!("còn {} ngày", int(lang, d)),
        (Lang::En, 1) => "in 1 day".into(),
        (Lang::En, d) if d > 0 => format!("in {} days", int(lang, d)),
        (Lang::Vi, d) => format!("quá hạn {} ngày", int(lang, -d)),
        (Lang::En, -1) => "1 day late".into(),
        (Lang::En, d) => format!("{} days late", int(lang, -d)),
    }
}

/// "còn 14 giờ" / "quá hạn 5 giờ" for the 24 h / 72 h incident clocks.
pub fn hours_left(lang: Lang, hours: i64) -> String {
    match lang {
        Lang::Vi if hours >= 0 => format!("còn {hours} giờ"),
        Lang::Vi => format!("quá hạn {} giờ", -hours),
        Lang::En if hours >= 0 => format!("in {hours} h"),
        Lang::En => format!("{} h late", -hours),
    }
}

/// "3 hệ thống" / "1 system" / "3 systems": Vietnamese nouns do not change, English ones
/// take their plural from 2 on (and for 0).
pub fn count(lang: Lang, n: usize, vi: &str, en_one: &str, en_many: &str) -> String {
    match lang {
        Lang::Vi => format!("{} {vi}", int(lang, n as i64)),
        Lang::En if n == 1 => format!("1 {en_one}"),
        Lang::En => format!("{} {en_many}", int(lang, n as i64)),
    }
}

pub const YES: T = T("có", "yes");
pub const NO: T = T("không", "no");

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
        assert_eq!(
            count(Lang::En, 1, "hệ thống", "system", "systems"),
            "1 system"
        );
        assert_eq!(
            count(Lang::En, 0, "hệ thống", "system", "systems"),
            "0 systems"
        );
        assert_eq!(
            count(Lang::Vi, 1200, "mục", "entry", "entries"),
            "1.200 mục"
        );
        assert_eq!(
            quarter_of(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()),
            4
        );
    }
}
