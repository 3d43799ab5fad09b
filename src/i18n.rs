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

/// How late a report sent `at` was for its deadline `due`: whole hours ("5 giờ" / "5 h"), or
/// minutes under an hour ("30 phút" / "30 min") — never "0 giờ".
pub fn late_span(lang: Lang, due: chrono::NaiveDateTime, at: chrono::NaiveDateTime) -> String {
    let m = (at - due).num_minutes().max(0);
    match (lang, m < 60) {
        (Lang::Vi, true) => format!("{m} phút"),
        (Lang::En, true) => format!("{m} min"),
        (Lang::Vi, false) => format!("{} giờ", m / 60),
        (Lang::En, false) => format!("{} h", m / 60),
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

/// The name of an incident report, by its rule-pack id and hours allowed (when known): the
/// 24-hour one is "Thông báo ban đầu (24 giờ)", the 72-hour one "Báo cáo sự cố (72 giờ)". The
/// ids stay in JSON only.
pub fn incident_report_name(id: &str, hours: Option<u32>, lang: Lang) -> String {
    let span = |h: u32| match (lang, h) {
        (Lang::Vi, 0) => " (ngay)".to_owned(),
        (Lang::En, 0) => " (at once)".to_owned(),
        (Lang::Vi, h) if h > 72 && h % 24 == 0 => format!(" ({} ngày)", h / 24),
        (Lang::En, h) if h > 72 && h % 24 == 0 => format!(" ({} days)", h / 24),
        (Lang::Vi, h) => format!(" ({h} giờ)"),
        (Lang::En, h) => format!(" ({h} hours)"),
    };
    let base = match (id, hours, lang) {
        ("initial", Some(0), Lang::Vi) => "Báo cáo ban đầu",
        ("initial", Some(0), Lang::En) => "Initial report",
        ("initial", _, Lang::Vi) => "Thông báo ban đầu",
        ("initial", _, Lang::En) => "Initial notice",
        ("notify", Some(h), Lang::Vi) if h > 72 => "Thông báo sự cố",
        ("notify", Some(h), Lang::En) if h > 72 => "Incident notification",
        ("notify", _, Lang::Vi) => "Báo cáo sự cố",
        ("notify", _, Lang::En) => "Incident report",
        ("closing", _, Lang::Vi) => "Báo cáo kết thúc ứng phó",
        ("closing", _, Lang::En) => "Closing report",
        ("immediate", _, Lang::Vi) => "Thông báo ngay",
        ("immediate", _, Lang::En) => "Immediate notice",
        (other, _, _) => return other.to_owned(),
    };
    match hours {
        Some(h) if id != "immediate" && id != "closing" => format!("{base}{}", span(h)),
        _ => base.to_owned(),
    }
}

/// The name of a periodic report by its rule-pack id: "báo cáo quý", "báo cáo năm".
pub fn periodic_report_name(id: &str, lang: Lang) -> String {
    match (id, lang) {
        ("quarterly", Lang::Vi) => "báo cáo quý".into(),
        ("quarterly", Lang::En) => "quarterly report".into(),
        ("annual", Lang::Vi) => "báo cáo năm".into(),
        ("annual", Lang::En) => "annual report".into(),
        ("annual-internal", Lang::Vi) => "báo cáo năm (nội bộ)".into(),
        ("annual-internal", Lang::En) => "internal annual report".into(),
        (other, Lang::Vi) => format!("báo cáo {other}"),
        (other, Lang::En) => format!("report {other}"),
    }
}

/// A periodic report with its period, the period's own word not repeated: "báo cáo Quý II/2026",
/// "báo cáo năm 2026" / "the quarterly report for Q2/2026".
pub fn periodic_report_for(id: &str, period: crate::domain::Period, lang: Lang) -> String {
    let p = period.label(lang);
    match (id, lang) {
        ("quarterly" | "annual", Lang::Vi) => format!("báo cáo {p}"),
        ("annual-internal", Lang::Vi) => format!("báo cáo {p} (nội bộ)"),
        (_, Lang::Vi) => format!("{} {p}", periodic_report_name(id, lang)),
        (_, Lang::En) => format!("the {} for {p}", periodic_report_name(id, lang)),
    }
}

/// The kind of a report capdo writes (`capdo report KIND`): "quý", "năm", "rà soát"...
pub fn report_kind_name(kind: &str, lang: Lang) -> String {
    match (kind, lang) {
        ("quarterly", Lang::Vi) => "báo cáo quý".into(),
        ("quarterly", Lang::En) => "quarterly report".into(),
        ("annual", Lang::Vi) => "báo cáo năm".into(),
        ("annual", Lang::En) => "annual report".into(),
        ("review", Lang::Vi) => "báo cáo rà soát".into(),
        ("review", Lang::En) => "review".into(),
        ("incident", Lang::Vi) => "báo cáo sự cố".into(),
        ("incident", Lang::En) => "incident report".into(),
        ("budget", Lang::Vi) => "báo cáo kinh phí".into(),
        ("budget", Lang::En) => "budget report".into(),
        (other, Lang::Vi) => format!("báo cáo {other}"),
        (other, Lang::En) => format!("{other} report"),
    }
}

/// A change-log action as a person reads it ("create" → "tạo mới").
pub fn log_action(action: &str, lang: Lang) -> &str {
    let t = match action {
        "create" => T("tạo mới", "created"),
        "update" => T("sửa", "updated"),
        "delete" => T("xóa", "deleted"),
        "dossier" => T("bước hồ sơ", "dossier step"),
        "level" => T("đặt cấp độ", "level set"),
        "decommission" => T("ngừng sử dụng", "decommissioned"),
        "close" => T("kết thúc ứng phó", "response ended"),
        "done" => T("hoàn thành", "done"),
        "undo" => T("hoàn tác", "undone"),
        "restore" => T("khôi phục", "restored"),
        "merge" => T("gộp", "merged"),
        "import" => T("nhập", "imported"),
        "sent" => T("đã gửi", "sent"),
        _ => return action,
    };
    t.get(lang)
}

/// An English count: "1 system", "2 systems" (for English-only texts).
pub fn en_count(n: usize, one: &str, many: &str) -> String {
    count(Lang::En, n, "", one, many)
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
