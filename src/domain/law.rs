//! The types of the law the engine applies: the rules in force (`RulePack`), the compositions
//! over time (`Packs`) and the choice that governs a view (`RuleChoice`). The domain owns them
//! because it is what applies them; `crate::rules` only fills them from the embedded legal texts
//! (assets/rules/*.toml), importing the domain, never the other way round.

use chrono::NaiveDate;
use serde::Deserialize;

use super::dates::{month_day, quarter_day};
use super::model::{Level, Period};
use crate::i18n::msg::domain::law as m;
use crate::i18n::{L10n, Lang};

/// The composed rules of a regime or of a stretch of days (an "epoch" in which no rule changes).
#[derive(Clone, Debug)]
pub struct RulePack {
    /// The regime's id ("nd85-2016", "nd331-2026"): the pinned regime, or the latest regime
    /// started on or before the composition's first day.
    pub id: String,
    /// The regime's first day (shown to the officer).
    pub in_force_from: NaiveDate,
    /// The regime's last day, when a later regime starts.
    pub in_force_until: Option<NaiveDate>,
    /// The first day of this composition (no rule changes from here to `day_until`).
    pub day_from: NaiveDate,
    /// The last day before a rule changes (`None`: open, or a pinned regime).
    pub day_until: Option<NaiveDate>,
    pub title: L10n,
    pub decree: L10n,
    /// The texts in force on the composition's first day.
    pub legal_basis: Vec<L10n>,
    pub authorities: Vec<Authority>,
    pub assessment: AssessmentRule,
    pub approval: FixedDeadline,
    pub plan: FixedDeadline,
    pub by_level: Vec<LevelAuthority>,
    /// Recurring reports: the versions in force first, then every other version (each occurrence
    /// falls under the version in force on its last allowed day, and stays until satisfied).
    pub reports: Vec<ReportRule>,
    /// One-off milestones (listed while ahead).
    pub regime: Vec<RegimeRule>,
    pub transitions: Vec<TransitionRule>,
    pub incident_reports: Vec<IncidentReportRule>,
    pub incident_forms: Vec<IncidentFormRule>,
    pub budget: BudgetRule,
}

/// An authority's name from a date on (names changed in 2025).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    pub key: String,
    #[serde(deserialize_with = "de_date")]
    pub from: NaiveDate,
    pub name: L10n,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRule {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    /// Interval in calendar months for levels 1..5.
    pub months: [u32; 5],
    /// Whether the officer may change the intervals.
    pub adjustable: bool,
    pub basis: L10n,
    /// The citation of the assessment before go-live.
    pub go_live_basis: L10n,
    /// What the rule asks, beyond its citation.
    #[serde(default)]
    pub note: Option<L10n>,
    pub assessor: L10n,
}

/// A fixed deadline for operating systems (approval, plan), or the go-live date for new ones.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedDeadline {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    #[serde(deserialize_with = "de_date")]
    pub deadline: NaiveDate,
    pub title: L10n,
    pub basis: L10n,
    /// Said of items dated at the fixed deadline.
    #[serde(default)]
    pub note: Option<L10n>,
    /// Said of items dated at a system's go-live.
    #[serde(default)]
    pub go_live_note: Option<L10n>,
    /// The citation of a re-determination (approval only).
    #[serde(default)]
    pub redetermine_basis: Option<L10n>,
}

/// A time limit in days.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub days: u32,
    pub working: bool,
}

impl Limit {
    /// "15 ngày làm việc" / "15 working days".
    pub fn label(self, lang: Lang) -> String {
        let n = self.days;
        if self.working {
            m::WorkingDays { n }.text(lang)
        } else {
            m::Days { n }.text(lang)
        }
    }
}

/// Who appraises and approves the dossier of the given levels, and the time limits.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelAuthority {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    pub levels: Vec<u8>,
    pub appraises: String,
    pub approves: String,
    #[serde(default)]
    pub approves_note: Option<L10n>,
    #[serde(default)]
    pub appraisal_limit: Option<Limit>,
    #[serde(default)]
    pub approval_limit: Option<Limit>,
    pub basis: L10n,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Every {
    Quarter,
    Year,
}

/// A recurring report due "before day X" ("trước ngày X"): the last allowed day is X−1.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRule {
    pub id: String,
    /// Occurrences falling due (last allowed day) before this date are not counted.
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    /// Occurrences falling due after this date are not counted.
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    pub every: Every,
    #[serde(default)]
    pub month: Option<u32>,
    /// The text's day X of "trước ngày X".
    pub before_day: u32,
    pub recipient: String,
    /// Other report ids whose submission for the same period also settles this one.
    #[serde(default)]
    pub satisfied_by: Vec<String>,
    /// The document form the report follows (annual reports): its key in the output ...
    #[serde(default)]
    pub form: Option<String>,
    /// ... and its layout ("circular12": Circular 12/2022 Art. 14; "form08": Decree 331 Form 08).
    #[serde(default)]
    pub layout: Option<String>,
    pub title: L10n,
    pub basis: L10n,
    #[serde(default)]
    pub note: Option<L10n>,
}

/// A period with the version of its report that governs it.
pub type PeriodRule<'a> = (Period, &'a ReportRule);

impl ReportRule {
    /// The text's day X of a period ("trước ngày 20/12/2026" → 20/12/2026).
    pub fn before_date(&self, period: Period) -> NaiveDate {
        match period {
            Period::Quarter { year, q } => quarter_day(year, q, self.before_day),
            Period::Year(y) => month_day(y, self.month.unwrap_or(12), self.before_day),
        }
    }

    /// The last allowed day of a period: the day before `before_date`.
    pub fn due(&self, period: Period) -> NaiveDate {
        self.before_date(period)
            .pred_opt()
            .unwrap_or(NaiveDate::MIN)
    }

    /// The periods of a year in order, with their last allowed days.
    pub fn occurrences(&self, year: i32) -> Vec<(Period, NaiveDate)> {
        let periods: Vec<Period> = match self.every {
            Every::Quarter => (1..=4).map(|q| Period::Quarter { year, q }).collect(),
            Every::Year => vec![Period::Year(year)],
        };
        periods.into_iter().map(|p| (p, self.due(p))).collect()
    }

    /// Whether an occurrence whose last allowed day is `due` falls under this rule.
    pub fn governs(&self, due: NaiveDate) -> bool {
        due >= self.valid_from && self.valid_until.is_none_or(|u| due <= u)
    }

    /// "trước ngày 20/12/2026" / "before 20/12/2026".
    pub fn before_words(&self, period: Period, lang: Lang) -> String {
        let x = crate::i18n::date(self.before_date(period));
        m::BeforeDate { x }.text(lang)
    }
}

/// A one-off milestone.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimeRule {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    #[serde(deserialize_with = "de_date")]
    pub due_on: NaiveDate,
    pub title: L10n,
    pub basis: L10n,
}

/// Which systems a transition clock runs for.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Applies {
    /// Systems under investment or construction before `start` (the system's flag); met when
    /// the dossier is approved.
    UnderInvestment,
    /// Systems approved before `start`; met by an approval on or after `start`.
    Levelled,
}

/// A transition clock, per system.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitionRule {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    pub applies: Applies,
    /// The first day of the period.
    #[serde(deserialize_with = "de_date")]
    pub start: NaiveDate,
    pub months: u32,
    pub title: L10n,
    pub basis: L10n,
}

impl TransitionRule {
    /// The last day of the period (Civil Code 2015 Arts. 147–148).
    pub fn due(&self) -> NaiveDate {
        super::dates::period_end(self.start, self.months)
    }
}

/// When an incident report is required.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Always,
    BeyondCapacity,
    /// Handled within the unit's capacity (not beyond it).
    WithinCapacity,
    Serious,
    NationalSecurity,
    /// The incident seriously disrupts the system's operation.
    SeriousDisruption,
}

impl When {
    /// "mọi sự cố" / "every incident", …
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            When::Always => m::WHEN_ALWAYS.text(lang),
            When::BeyondCapacity => m::WHEN_BEYOND_CAPACITY.text(lang),
            When::WithinCapacity => m::WHEN_WITHIN_CAPACITY.text(lang),
            When::Serious => m::WHEN_SERIOUS.text(lang),
            When::NationalSecurity => m::WHEN_NATIONAL_SECURITY.text(lang),
            When::SeriousDisruption => m::WHEN_SERIOUS_DISRUPTION.text(lang),
        }
    }
}

/// What an incident report's clock counts from.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum From {
    Detected,
    ResponseEnded,
}

/// A mandatory incident report and its clock.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentReportRule {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    /// Required when any of these holds.
    pub when: Vec<When>,
    /// What the clock counts from.
    #[serde(rename = "start")]
    pub from: From,
    /// Hours allowed; 0 means immediately.
    pub hours: u32,
    pub recipients: Vec<String>,
    pub title: L10n,
    pub basis: L10n,
}

/// How an incident report document is laid out.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// A notification ("THÔNG BÁO", number "/TB-") with status and handling fields.
    Notice,
    /// A report ("BÁO CÁO").
    Report,
}

/// The document form of an incident report.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentFormRule {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    pub key: String,
    pub layout: Layout,
    pub title: L10n,
    pub note: L10n,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetRule {
    pub id: String,
    #[serde(rename = "from", deserialize_with = "de_date")]
    pub valid_from: NaiveDate,
    #[serde(rename = "until", default, deserialize_with = "de_opt_date")]
    pub valid_until: Option<NaiveDate>,
    #[serde(rename = "percent")]
    pub min_share_percent: u32,
    /// The budget's name under the text ("kinh phí bảo vệ an ninh mạng").
    pub label: L10n,
    /// Its short name for narrow screens ("Kinh phí ANM").
    pub short: L10n,
    pub basis: L10n,
    #[serde(default)]
    pub note: Option<L10n>,
}

pub(crate) fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = String::deserialize(d)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(serde::de::Error::custom)
}

pub(crate) fn de_opt_date<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<NaiveDate>, D::Error> {
    de_date(d).map(Some)
}

impl RulePack {
    /// Whether the composition covers `d`.
    pub fn in_force_on(&self, d: NaiveDate) -> bool {
        d >= self.day_from && self.day_until.is_none_or(|u| d <= u)
    }

    /// The name of an authority on a date.
    pub fn authority(&self, key: &str, on: NaiveDate, lang: Lang) -> String {
        self.authorities
            .iter()
            .filter(|a| a.key == key && a.from <= on)
            .max_by_key(|a| a.from)
            .or_else(|| self.authorities.iter().find(|a| a.key == key))
            .map(|a| a.name.get(lang).to_owned())
            .unwrap_or_else(|| key.to_owned())
    }

    /// The authority row for a level.
    pub fn for_level(&self, level: Level) -> Option<&LevelAuthority> {
        self.by_level
            .iter()
            .find(|a| a.levels.contains(&level.get()))
    }

    /// The report rule of an id (the version in force first).
    pub fn report(&self, id: &str) -> Option<&ReportRule> {
        self.reports.iter().find(|r| r.id == id)
    }

    /// The report rule of an id that governs a period (by its last allowed day).
    pub fn report_for(&self, id: &str, period: Period) -> Option<&ReportRule> {
        self.reports
            .iter()
            .find(|r| r.id == id && r.governs(r.due(period)))
    }

    /// The periods of report `id` nearest to `period` that some version of it governs: the last
    /// one before `period` and the first one after it, each with its version (looking 50 years
    /// either way). For saying which periods a report ended or began with.
    pub fn report_periods_around(
        &self,
        id: &str,
        period: Period,
    ) -> (Option<PeriodRule<'_>>, Option<PeriodRule<'_>>) {
        let year = match period {
            Period::Quarter { year, .. } | Period::Year(year) => year,
        };
        let mut before: Option<PeriodRule> = None;
        let mut after: Option<PeriodRule> = None;
        for r in self.reports.iter().filter(|r| r.id == id) {
            for y in year.saturating_sub(50)..=year.saturating_add(50) {
                for (p, due) in r.occurrences(y) {
                    if !r.governs(due) {
                        continue;
                    }
                    if p < period && before.is_none_or(|(b, _)| p > b) {
                        before = Some((p, r));
                    }
                    if p > period && after.is_none_or(|(a, _)| p < a) {
                        after = Some((p, r));
                    }
                }
            }
        }
        (before, after)
    }

    pub fn incident_report(&self, id: &str) -> Option<&IncidentReportRule> {
        self.incident_reports.iter().find(|r| r.id == id)
    }

    pub fn incident_form(&self, id: &str) -> Option<&IncidentFormRule> {
        self.incident_forms.iter().find(|r| r.id == id)
    }

    /// The assessment interval for a level, honouring the officer's setting where allowed.
    pub fn interval_months(&self, level: Level, custom: Option<[u32; 5]>) -> u32 {
        match custom {
            Some(m) if self.assessment.adjustable && m[level.index()] > 0 => m[level.index()],
            _ => self.assessment.months[level.index()],
        }
    }
}

/// The compositions: one per stretch of days in which no rule changes (oldest first), then one
/// per named regime.
#[derive(Clone, Debug)]
pub struct Packs {
    pub(crate) packs: Vec<RulePack>,
    /// How many of `packs` are day compositions (the rest are regimes).
    pub(crate) epochs: usize,
}

impl Packs {
    /// Every composition (days, then regimes).
    pub fn all(&self) -> &[RulePack] {
        &self.packs
    }

    pub fn get(&self, i: usize) -> &RulePack {
        &self.packs[i]
    }

    /// The regime of an id (`--rules`).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.packs[self.epochs..]
            .iter()
            .position(|p| p.id == id)
            .map(|i| i + self.epochs)
    }

    /// The rules in force on `d` (the composition covering it; the oldest before any).
    pub fn in_force(&self, d: NaiveDate) -> usize {
        self.packs[..self.epochs]
            .iter()
            .rposition(|p| p.day_from <= d)
            .unwrap_or(0)
    }

    /// The regimes' ids, oldest first.
    pub fn ids(&self) -> Vec<&str> {
        self.packs[self.epochs..]
            .iter()
            .map(|p| p.id.as_str())
            .collect()
    }

    /// The regime compositions.
    pub fn regimes(&self) -> &[RulePack] {
        &self.packs[self.epochs..]
    }
}

/// The rules that govern the view: in force on the reference date, or a pinned regime.
#[derive(Clone, Debug)]
pub struct RuleChoice {
    pub packs: Packs,
    pub active: usize,
    pub pinned: bool,
}

impl RuleChoice {
    /// Chooses the rules: `pin` (a regime id) wins, else the rules in force on `today`.
    pub fn new(packs: Packs, today: NaiveDate, pin: Option<&str>) -> Result<RuleChoice, String> {
        match pin {
            Some(id) => {
                let i = packs.index_of(id).ok_or_else(|| id.to_owned())?;
                Ok(RuleChoice {
                    packs,
                    active: i,
                    pinned: true,
                })
            }
            None => {
                let active = packs.in_force(today);
                Ok(RuleChoice {
                    packs,
                    active,
                    pinned: false,
                })
            }
        }
    }

    pub fn pack(&self) -> &RulePack {
        self.packs.get(self.active)
    }

    /// The rules that judge an event on `d` (an incident's detection): the pinned regime, or
    /// the rules in force on that day.
    pub fn pack_index_for(&self, d: NaiveDate) -> usize {
        if self.pinned {
            self.active
        } else {
            self.packs.in_force(d)
        }
    }
}
