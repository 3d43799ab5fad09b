//! The working-day calendar: Vietnam's public holidays and make-up days as data
//! (assets/calendar/*.toml, embedded and validated) plus the officer's own days from the store,
//! and working-day arithmetic that says so when it runs past the known years.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use crate::domain::CalendarDay;
use crate::i18n::msg::rules::calendar as m;
use crate::i18n::{L10n, Lang};

const EMBEDDED: (&str, &str) = (
    "vn-2024-2027.toml",
    include_str!("../../assets/calendar/vn-2024-2027.toml"),
);

/// How sure a day in the data is (shared/reference/vn-holidays.md's codes).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// An official text, or a government site reproducing it.
    Official,
    /// Two or more news sources.
    #[serde(rename = "news-2")]
    News2,
    /// One source.
    #[serde(rename = "news-1")]
    News1,
    /// Only secondary notes citing the document.
    Secondary,
    /// Computed from the Labour Code and the lunar calendar.
    Computed,
    /// Added by the officer.
    Officer,
}

impl Confidence {
    pub fn key(self) -> &'static str {
        match self {
            Confidence::Official => "official",
            Confidence::News2 => "news-2",
            Confidence::News1 => "news-1",
            Confidence::Secondary => "secondary",
            Confidence::Computed => "computed",
            Confidence::Officer => "officer",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Confidence::Official => m::OFFICIAL_TEXT.text(lang),
            Confidence::News2 => m::TWO_NEWS_SOURCES.text(lang),
            Confidence::News1 => m::ONE_SOURCE.text(lang),
            Confidence::Secondary => m::SECONDARY_SOURCES.text(lang),
            Confidence::Computed => m::COMPUTED.text(lang),
            Confidence::Officer => m::ADDED_BY_THE_OFFICER.text(lang),
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum DayKind {
    Off,
    Working,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    date: NaiveDate,
    #[serde(default)]
    to: Option<NaiveDate>,
    kind: DayKind,
    what: L10n,
    source: String,
    confidence: Confidence,
    #[serde(default)]
    note: Option<L10n>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    first_year: i32,
    last_year: i32,
    basis: L10n,
    #[serde(rename = "day")]
    days: Vec<Entry>,
}

/// One listed day: off on a weekday, or worked on a weekend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    /// A working day (a make-up Saturday); `false`: a day off.
    pub working: bool,
    pub what: L10n,
    pub source: String,
    pub confidence: Confidence,
    /// A caveat (e.g. a weak source).
    pub note: Option<L10n>,
}

/// A working-day limit that needs days the calendar does not know (outside its years).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BeyondCalendar {
    /// The first day the count needed and the calendar does not cover.
    pub at: NaiveDate,
    pub first_year: i32,
    pub last_year: i32,
}

impl BeyondCalendar {
    /// What the user reads instead of a date.
    pub fn message(&self, lang: Lang) -> String {
        let (a, b) = (self.first_year, self.last_year);
        m::Beyond {
            a,
            b,
            year: self.at.year(),
        }
        .text(lang)
    }

    /// A short form for table cells ("ngoài lịch (15 ngày làm việc)").
    pub fn short(&self, lang: Lang) -> &'static str {
        m::NO_CALENDAR.text(lang)
    }
}

/// The calendar: the embedded years, and the officer's days on top.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, Day>,
    first_year: i32,
    last_year: i32,
    pub basis: L10n,
}

/// Parses and checks a calendar file.
pub fn parse(text: &str) -> Result<Calendar, String> {
    let f: File = toml::from_str(text).map_err(|e| e.to_string())?;
    if f.first_year > f.last_year || f.first_year < 1900 || f.last_year > 9999 {
        return Err(format!(
            "years {}–{} are not a range",
            f.first_year, f.last_year
        ));
    }
    if f.basis.vi.trim().is_empty() || f.basis.en.trim().is_empty() {
        return Err("basis is empty".into());
    }
    let mut days = BTreeMap::new();
    for e in f.days {
        let end = e.to.unwrap_or(e.date);
        let at = crate::i18n::date(e.date);
        if end < e.date || (end - e.date).num_days() > 14 {
            return Err(format!(
                "{at}: `to` is before `date` or the range is over 14 days"
            ));
        }
        if e.what.vi.trim().is_empty() || e.what.en.trim().is_empty() || e.source.trim().is_empty()
        {
            return Err(format!("{at}: no `what` or `source`"));
        }
        if e.confidence == Confidence::Officer {
            return Err(format!("{at}: `officer` is for days added in the store"));
        }
        let mut d = e.date;
        while d <= end {
            let here = crate::i18n::date(d);
            if !(f.first_year..=f.last_year).contains(&d.year()) {
                return Err(format!(
                    "{here}: outside the years {}–{}",
                    f.first_year, f.last_year
                ));
            }
            let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
            if e.kind == DayKind::Working && !weekend {
                return Err(format!(
                    "{here}: a make-up working day must be a Saturday or Sunday"
                ));
            }
            let day = Day {
                date: d,
                working: e.kind == DayKind::Working,
                what: e.what.clone(),
                source: e.source.clone(),
                confidence: e.confidence,
                note: e.note.clone(),
            };
            if days.insert(d, day).is_some() {
                return Err(format!("{here}: listed twice"));
            }
            d = d.succ_opt().ok_or("date overflow")?;
        }
    }
    Ok(Calendar {
        days,
        first_year: f.first_year,
        last_year: f.last_year,
        basis: f.basis,
    })
}

impl Calendar {
    /// The embedded calendar. Checked by the tests, so failure is a build defect.
    pub fn embedded() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| {
            parse(EMBEDDED.1).unwrap_or_else(|e| panic!("embedded calendar {}: {e}", EMBEDDED.0))
        })
    }

    /// The embedded calendar with the officer's days on top (they win on the same date). A day
    /// added in a later year extends the calendar to that year: the officer has entered it.
    pub fn with_local(local: &[CalendarDay]) -> Calendar {
        let mut c = Calendar::embedded().clone();
        for l in local {
            c.days.insert(
                l.date,
                Day {
                    date: l.date,
                    working: l.working,
                    what: L10n {
                        vi: l.note.clone(),
                        en: l.note.clone(),
                    },
                    source: String::new(),
                    confidence: Confidence::Officer,
                    note: None,
                },
            );
            c.first_year = c.first_year.min(l.date.year());
            c.last_year = c.last_year.max(l.date.year());
        }
        c
    }

    /// The years the calendar covers.
    pub fn years(&self) -> (i32, i32) {
        (self.first_year, self.last_year)
    }

    /// The listed days (weekdays off, weekends worked), in date order; `year` filters.
    pub fn days(&self, year: Option<i32>) -> impl Iterator<Item = &Day> {
        self.days
            .values()
            .filter(move |d| year.is_none_or(|y| d.date.year() == y))
    }

    fn beyond(&self, at: NaiveDate) -> BeyondCalendar {
        BeyondCalendar {
            at,
            first_year: self.first_year,
            last_year: self.last_year,
        }
    }

    /// Whether `d` is a working day: Monday–Friday unless listed off, a weekend day only when
    /// listed as a make-up day.
    pub fn is_working(&self, d: NaiveDate) -> Result<bool, BeyondCalendar> {
        if !(self.first_year..=self.last_year).contains(&d.year()) {
            return Err(self.beyond(d));
        }
        Ok(match self.days.get(&d) {
            Some(x) => x.working,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        })
    }

    /// `start` plus `n` working days: the day after `start` is the first counted. A count that
    /// needs a day outside the calendar's years is refused rather than guessed.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, BeyondCalendar> {
        let mut cur = start;
        let mut left = n;
        while left > 0 {
            cur = cur.succ_opt().ok_or(self.beyond(cur))?;
            if self.is_working(cur)? {
                left -= 1;
            }
        }
        Ok(cur)
    }
}

/// A limit's last day needs the working-day calendar, which is this room's data: the method
/// lives beside it (the type is the domain's, `crate::domain::law::Limit`).
impl crate::domain::law::Limit {
    /// The last day of the limit counted from `start`; working days by the calendar, which
    /// refuses to guess beyond its years.
    pub fn due(self, start: NaiveDate, cal: &Calendar) -> Result<NaiveDate, BeyondCalendar> {
        if self.working {
            cal.add_working_days(start, self.days)
        } else {
            Ok(crate::domain::dates::add_days(start, u64::from(self.days)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> &'static Calendar {
        Calendar::embedded()
    }

    #[test]
    fn embedded_calendar_loads() {
        let c = cal();
        assert_eq!(c.years(), (2024, 2027));
        // 24/11/2026 is listed, off, and marked as resting on secondary sources
        let culture = c
            .days(Some(2026))
            .find(|x| x.date == d(2026, 11, 24))
            .unwrap();
        assert!(!culture.working);
        assert_eq!(culture.confidence, Confidence::Secondary);
        assert!(culture.note.as_ref().unwrap().vi.contains("nguồn yếu"));
        // every listed day changes the count: a weekday off or a weekend worked
        for x in c.days(None) {
            let weekend = matches!(x.date.weekday(), Weekday::Sat | Weekday::Sun);
            assert!(x.working == weekend || (!x.working && weekend), "{x:?}");
            assert!(!x.source.is_empty(), "{x:?}");
        }
    }

    #[test]
    fn weekends_and_plain_weeks() {
        // Friday 27/11/2026 + 1 working day = Monday 30/11/2026
        assert_eq!(
            cal().add_working_days(d(2026, 11, 27), 1),
            Ok(d(2026, 11, 30))
        );
        assert_eq!(
            cal().add_working_days(d(2026, 12, 7), 7),
            Ok(d(2026, 12, 16))
        );
        // 24/11/2026 (Ngày Văn hóa Việt Nam, weak source) is off: weekends only said 02/12
        assert_eq!(
            cal().add_working_days(d(2026, 11, 23), 7),
            Ok(d(2026, 12, 3))
        );
        assert_eq!(
            cal().add_working_days(d(2026, 11, 23), 0),
            Ok(d(2026, 11, 23))
        );
    }

    #[test]
    fn limits_across_tet_2026() {
        // Decree 331 Art. 24: approval within 7 working days. Dossier received Thursday
        // 12/02/2026: 13/02 (1), Tết 16–20/02 off, 23–27/02 (2–6), 02/03 (7)
        assert_eq!(cal().add_working_days(d(2026, 2, 12), 7), Ok(d(2026, 3, 2)));
        // weekends only would have said 23/02/2026, a week early
        // Art. 23: appraisal of a level 3 dossier within 15 working days from 09/02/2026:
        // 10–13/02 (4), 23/02–06/03 (14), 09/03 (15)
        assert_eq!(cal().add_working_days(d(2026, 2, 9), 15), Ok(d(2026, 3, 9)));
    }

    #[test]
    fn limits_across_tet_2027() {
        // 03/02/2027 + 7: Tết 04–08/02 and the days in lieu 09–10/02 off; 11, 12 (2), 15–19 (7)
        assert_eq!(cal().add_working_days(d(2027, 2, 3), 7), Ok(d(2027, 2, 19)));
        // level 4: 25 working days from 01/02/2027: 02, 03 (2), 11, 12 (4), 15/02–12/03 (24),
        // 15/03 (25)
        assert_eq!(
            cal().add_working_days(d(2027, 2, 1), 25),
            Ok(d(2027, 3, 15))
        );
    }

    #[test]
    fn limits_across_30_4_and_1_5() {
        // 2026: 27/04 (in lieu of Giỗ Tổ), 30/04 and 01/05 off. From Friday 24/04: 28, 29 (2),
        // 04–08/05 (7)
        assert_eq!(cal().add_working_days(d(2026, 4, 24), 7), Ok(d(2026, 5, 8)));
        // 2025: Saturday 26/04 is worked for 02/05: from Friday 25/04, 26/04 is day 1,
        // 28, 29 (3), 30/04–02/05 off, 05/05 (4)
        assert_eq!(
            cal().add_working_days(d(2025, 4, 25), 1),
            Ok(d(2025, 4, 26))
        );
        assert_eq!(cal().add_working_days(d(2025, 4, 25), 4), Ok(d(2025, 5, 5)));
    }

    #[test]
    fn limits_across_national_day() {
        // 2026: Saturday 22/08 worked; 31/08, 01/09, 02/09 off. From Friday 21/08: 22/08 (1),
        // 24–28/08 (6), 03/09 (7)
        assert_eq!(cal().add_working_days(d(2026, 8, 21), 7), Ok(d(2026, 9, 3)));
        assert_eq!(cal().is_working(d(2026, 8, 22)), Ok(true));
        assert_eq!(cal().is_working(d(2026, 8, 29)), Ok(false));
    }

    #[test]
    fn beyond_the_calendar_says_so() {
        // 25 working days from 10/12/2027 run into 2028, whose holidays are not known
        let e = cal().add_working_days(d(2027, 12, 10), 25).unwrap_err();
        assert_eq!(e.at, d(2028, 1, 1));
        assert_eq!((e.first_year, e.last_year), (2024, 2027));
        assert!(e.message(Lang::Vi).contains("2024–2027"));
        assert!(e.message(Lang::En).contains("beyond"));
        assert!(cal().add_working_days(d(2023, 12, 20), 3).is_err());
        // within the year it is fine
        assert_eq!(
            cal().add_working_days(d(2027, 12, 24), 4),
            Ok(d(2027, 12, 30))
        );
    }

    #[test]
    fn officer_days_win_and_extend_the_years() {
        let local = [
            CalendarDay {
                date: d(2026, 12, 1),
                working: false,
                note: "Nghỉ lễ địa phương".into(),
            },
            CalendarDay {
                date: d(2028, 1, 3),
                working: false,
                note: "Nghỉ bù Tết Dương lịch 2028".into(),
            },
        ];
        let c = Calendar::with_local(&local);
        assert_eq!(c.years(), (2024, 2028));
        assert_eq!(c.add_working_days(d(2026, 11, 30), 1), Ok(d(2026, 12, 2)));
        assert_eq!(c.add_working_days(d(2027, 12, 31), 1), Ok(d(2028, 1, 4)));
        // a make-up Saturday
        let c = Calendar::with_local(&[CalendarDay {
            date: d(2026, 12, 5),
            working: true,
            note: "Làm bù".into(),
        }]);
        assert_eq!(c.add_working_days(d(2026, 12, 4), 1), Ok(d(2026, 12, 5)));
    }

    #[test]
    fn bad_files_are_refused() {
        let good = EMBEDDED.1;
        assert!(parse(good).is_ok());
        for (bad, want) in [
            (
                good.replace("date = \"2024-05-04\"", "date = \"2024-05-06\""),
                "Saturday or Sunday",
            ),
            (
                good.replace("date = \"2027-11-24\"", "date = \"2028-11-24\""),
                "outside the years",
            ),
            (
                good.replace("to = \"2024-02-12\"", "to = \"2024-02-01\""),
                "before",
            ),
            (
                good.replace("date = \"2024-04-29\"", "date = \"2024-04-30\""),
                "twice",
            ),
            (
                good.replace("date = \"2025-01-01\"", "date = \"2025-02-30\""),
                "input",
            ),
            (
                good.replace("confidence = \"news-1\"", "confidence = \"rumour\""),
                "rumour",
            ),
            (
                good.replace("last_year = 2027", "last_year = 2020"),
                "range",
            ),
            (
                format!(
                    "{good}\n[[day]]\ndate = \"2027-12-31\"\nkind = \"off\"\nwhat = {{ vi = \"x\", en = \"x\" }}\nsource = \"\"\nconfidence = \"computed\"\n"
                ),
                "source",
            ),
        ] {
            let e = parse(&bad).expect_err(want);
            assert!(e.contains(want), "{want}: {e}");
        }
    }
}
