//! Rule packs: the embedded legal rules as data (assets/rules/*.toml), validated on load, and the
//! choice of the pack in force on a date. Every rule carries its citation.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::Level;
use crate::i18n::{L10n, Lang};

pub mod calendar;
pub mod wizard;

/// The packs shipped in the binary, oldest first.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "nd85-2016",
        include_str!("../../assets/rules/nd85-2016.toml"),
    ),
    (
        "nd331-2026",
        include_str!("../../assets/rules/nd331-2026.toml"),
    ),
];

/// A legal regime's rules.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    pub id: String,
    #[serde(deserialize_with = "de_date")]
    pub in_force_from: NaiveDate,
    #[serde(default, deserialize_with = "de_opt_date")]
    pub in_force_until: Option<NaiveDate>,
    pub title: L10n,
    pub decree: L10n,
    pub legal_basis: Vec<L10n>,
    #[serde(rename = "authority")]
    pub authorities: Vec<Authority>,
    pub assessment: AssessmentRule,
    pub approval: FixedDeadline,
    pub plan: FixedDeadline,
    #[serde(rename = "authority_by_level")]
    pub by_level: Vec<LevelAuthority>,
    #[serde(rename = "report", default)]
    pub reports: Vec<ReportRule>,
    #[serde(rename = "regime", default)]
    pub regime: Vec<RegimeRule>,
    #[serde(rename = "incident_report", default)]
    pub incident_reports: Vec<IncidentReportRule>,
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
    /// Interval in calendar months for levels 1..5.
    pub months: [u32; 5],
    /// Whether the officer may change the intervals.
    pub adjustable: bool,
    pub basis: L10n,
    /// What the rule asks, beyond its citation.
    #[serde(default)]
    pub note: Option<L10n>,
    pub assessor: L10n,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixedDeadline {
    #[serde(deserialize_with = "de_date")]
    pub deadline: NaiveDate,
    pub basis: L10n,
    #[serde(default)]
    pub note: Option<L10n>,
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
        match (lang, self.working) {
            (Lang::Vi, true) => format!("{} ngày làm việc", self.days),
            (Lang::Vi, false) => format!("{} ngày", self.days),
            (Lang::En, true) => format!("{} working days", self.days),
            (Lang::En, false) => format!("{} days", self.days),
        }
    }
    /// The last day of the limit counted from `start`; working days by the calendar, which
    /// refuses to guess beyond its years.
    pub fn due(
        self,
        start: NaiveDate,
        cal: &calendar::Calendar,
    ) -> Result<NaiveDate, calendar::BeyondCalendar> {
        if self.working {
            cal.add_working_days(start, self.days)
        } else {
            Ok(crate::domain::dates::add_days(start, u64::from(self.days)))
        }
    }
}

/// Who appraises and approves the dossier of the given levels, and the time limits.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelAuthority {
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

/// A recurring report.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRule {
    pub id: String,
    pub every: Every,
    #[serde(default)]
    pub month: Option<u32>,
    pub day: u32,
    /// Occurrences before this date are not counted.
    #[serde(deserialize_with = "de_date")]
    pub since: NaiveDate,
    pub recipient: String,
    /// Other report ids whose submission for the same period also settles this one.
    #[serde(default)]
    pub satisfied_by: Vec<String>,
    pub title: L10n,
    pub basis: L10n,
    #[serde(default)]
    pub note: Option<L10n>,
}

/// A one-off deadline of the regime.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegimeRule {
    pub id: String,
    #[serde(deserialize_with = "de_date")]
    pub due_on: NaiveDate,
    pub title: L10n,
    pub basis: L10n,
}

/// When an incident report is required.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Always,
    BeyondCapacity,
    Serious,
    NationalSecurity,
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
    pub when: When,
    pub from: From,
    /// Hours allowed; 0 means immediately.
    pub hours: u32,
    pub recipients: Vec<String>,
    pub title: L10n,
    pub basis: L10n,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetRule {
    pub min_share_percent: u32,
    pub basis: L10n,
    #[serde(default)]
    pub note: Option<L10n>,
}

fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = String::deserialize(d)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(serde::de::Error::custom)
}

fn de_opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    de_date(d).map(Some)
}

impl RulePack {
    /// Parses and checks a pack.
    pub fn parse(text: &str) -> Result<RulePack, String> {
        let pack: RulePack = toml::from_str(text).map_err(|e| e.to_string())?;
        pack.validate()?;
        Ok(pack)
    }

    fn validate(&self) -> Result<(), String> {
        let id = &self.id;
        if self.assessment.months.contains(&0) {
            return Err(format!("{id}: an assessment interval is 0"));
        }
        for lvl in 1..=5u8 {
            let n = self
                .by_level
                .iter()
                .filter(|a| a.levels.contains(&lvl))
                .count();
            if n != 1 {
                return Err(format!(
                    "{id}: level {lvl} has {n} authority rows, expected 1"
                ));
            }
        }
        let mut keys: Vec<&str> = Vec::new();
        for a in &self.by_level {
            keys.push(&a.appraises);
            keys.push(&a.approves);
        }
        for r in &self.reports {
            keys.push(&r.recipient);
            let ok = match r.every {
                Every::Quarter => r.month.is_none() && (1..=31).contains(&r.day),
                Every::Year => {
                    r.month.is_some_and(|m| (1..=12).contains(&m)) && (1..=31).contains(&r.day)
                }
            };
            if !ok {
                return Err(format!("{id}: report {} has a bad month/day", r.id));
            }
        }
        for r in &self.incident_reports {
            keys.extend(r.recipients.iter().map(String::as_str));
        }
        for k in keys {
            if !self.authorities.iter().any(|a| a.key == k) {
                return Err(format!("{id}: authority '{k}' is not defined"));
            }
        }
        let ids: Vec<&str> = self.reports.iter().map(|r| r.id.as_str()).collect();
        for (i, x) in ids.iter().enumerate() {
            if ids[..i].contains(x) {
                return Err(format!("{id}: report id '{x}' twice"));
            }
        }
        for t in [
            &self.title,
            &self.decree,
            &self.assessment.basis,
            &self.budget.basis,
        ] {
            if t.vi.is_empty() || t.en.is_empty() {
                return Err(format!("{id}: a text is empty"));
            }
        }
        Ok(())
    }

    /// Whether the pack is in force on `d`.
    pub fn in_force_on(&self, d: NaiveDate) -> bool {
        d >= self.in_force_from && self.in_force_until.is_none_or(|u| d <= u)
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

    pub fn report(&self, id: &str) -> Option<&ReportRule> {
        self.reports.iter().find(|r| r.id == id)
    }

    pub fn incident_report(&self, id: &str) -> Option<&IncidentReportRule> {
        self.incident_reports.iter().find(|r| r.id == id)
    }

    /// The assessment interval for a level, honouring the officer's setting where allowed.
    pub fn interval_months(&self, level: Level, custom: Option<[u32; 5]>) -> u32 {
        match custom {
            Some(m) if self.assessment.adjustable && m[level.index()] > 0 => m[level.index()],
            _ => self.assessment.months[level.index()],
        }
    }
}

/// All packs, oldest first.
#[derive(Clone, Debug)]
pub struct Packs(Vec<RulePack>);

impl Packs {
    /// The embedded packs. They are checked by the tests, so failure here is a build defect.
    pub fn embedded() -> Packs {
        let packs = EMBEDDED
            .iter()
            .map(|(name, text)| {
                RulePack::parse(text).unwrap_or_else(|e| panic!("embedded rule pack {name}: {e}"))
            })
            .collect();
        Packs(packs)
    }

    pub fn all(&self) -> &[RulePack] {
        &self.0
    }

    pub fn get(&self, i: usize) -> &RulePack {
        &self.0[i]
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.0.iter().position(|p| p.id == id)
    }

    /// The pack in force on `d` (the newest that started on or before `d`; the oldest before
    /// any starts).
    pub fn in_force(&self, d: NaiveDate) -> usize {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, p)| p.in_force_from <= d)
            .max_by_key(|(_, p)| p.in_force_from)
            .map(|(i, _)| i)
            .unwrap_or(0)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.0.iter().map(|p| p.id.as_str()).collect()
    }
}

/// The packs and the one that governs the view: in force on the reference date, or pinned.
#[derive(Clone, Debug)]
pub struct RuleChoice {
    pub packs: Packs,
    pub active: usize,
    pub pinned: bool,
}

impl RuleChoice {
    /// Chooses the pack: `pin` (an id) wins, else the pack in force on `today`.
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

    /// The pack that judges an event on `d` (an incident's detection): the pinned pack, or the
    /// pack in force on that day.
    pub fn pack_index_for(&self, d: NaiveDate) -> usize {
        if self.pinned {
            self.active
        } else {
            self.packs.in_force(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn embedded_packs_load_and_validate() {
        let p = Packs::embedded();
        assert_eq!(p.ids(), vec!["nd85-2016", "nd331-2026"]);
        let nd85 = p.get(0);
        assert_eq!(nd85.assessment.months, [24, 24, 12, 12, 6]);
        assert_eq!(nd85.approval.deadline, d(2024, 9, 30));
        assert_eq!(nd85.plan.deadline, d(2024, 12, 31));
        assert_eq!(nd85.budget.min_share_percent, 10);
        assert!(nd85.report("quarterly").is_some());
        let nd331 = p.get(1);
        assert_eq!(nd331.budget.min_share_percent, 15);
        assert!(nd331.report("quarterly").is_none());
        assert!(nd331.assessment.adjustable);
        assert_eq!(nd331.incident_report("notify").unwrap().hours, 72);
        assert_eq!(nd331.incident_report("initial").unwrap().hours, 24);
        assert_eq!(nd85.incident_report("notify").unwrap().hours, 120);
    }

    #[test]
    fn choice_by_date() {
        let p = Packs::embedded();
        assert_eq!(p.in_force(d(2024, 4, 7)), 0);
        assert_eq!(p.in_force(d(2026, 8, 18)), 0);
        assert_eq!(p.in_force(d(2026, 8, 19)), 1);
        assert_eq!(p.in_force(d(2030, 1, 1)), 1);
        assert_eq!(p.in_force(d(2000, 1, 1)), 0);
        assert!(p.get(0).in_force_on(d(2026, 8, 18)));
        assert!(!p.get(0).in_force_on(d(2026, 8, 19)));
        let c = RuleChoice::new(p.clone(), d(2026, 11, 29), Some("nd85-2016")).unwrap();
        assert_eq!(c.pack().id, "nd85-2016");
        assert!(c.pinned);
        assert_eq!(c.pack_index_for(d(2026, 11, 1)), 0);
        let c = RuleChoice::new(p.clone(), d(2026, 11, 29), None).unwrap();
        assert_eq!(c.pack().id, "nd331-2026");
        assert_eq!(c.pack_index_for(d(2026, 7, 1)), 0);
        assert!(RuleChoice::new(p, d(2026, 11, 29), Some("nd999")).is_err());
    }

    #[test]
    fn authorities_change_names_by_date() {
        let p = Packs::embedded();
        let nd85 = p.get(0);
        assert!(
            nd85.authority("ministry", d(2024, 6, 1), Lang::Vi)
                .contains("Thông tin và Truyền thông")
        );
        assert!(
            nd85.authority("ministry", d(2025, 6, 1), Lang::Vi)
                .contains("Bộ Công an")
        );
        assert!(
            nd85.authority("ministry", d(2025, 6, 1), Lang::En)
                .contains("Public Security")
        );
    }

    #[test]
    fn every_level_has_limits_from_level_3() {
        let p = Packs::embedded();
        for pack in p.all() {
            for n in 1..=5 {
                let a = pack.for_level(Level::new(n).unwrap()).unwrap();
                assert_eq!(a.approval_limit.is_some(), n >= 3, "{} level {n}", pack.id);
            }
        }
        let l3 = p.get(1).for_level(Level::new(3).unwrap()).unwrap();
        assert_eq!(
            l3.appraisal_limit,
            Some(Limit {
                days: 15,
                working: true
            })
        );
        assert_eq!(
            p.get(0)
                .for_level(Level::new(4).unwrap())
                .unwrap()
                .appraisal_limit
                .unwrap()
                .days,
            30
        );
    }

    #[test]
    fn bad_packs_are_refused() {
        let good = include_str!("../../assets/rules/nd85-2016.toml");
        assert!(
            RulePack::parse(&good.replace(
                "months = [24, 24, 12, 12, 6]",
                "months = [24, 0, 12, 12, 6]"
            ))
            .is_err()
        );
        assert!(
            RulePack::parse(&good.replace("recipient = \"ministry\"", "recipient = \"nobody\""))
                .is_err()
        );
        assert!(RulePack::parse(&good.replace("levels = [3]", "levels = [2]")).is_err());
        assert!(RulePack::parse(&format!("{good}\nunknown_key = 1\n")).is_err());
    }

    #[test]
    fn adjustable_intervals() {
        let p = Packs::embedded();
        let l3 = Level::new(3).unwrap();
        let custom = Some([24, 24, 6, 12, 6]);
        assert_eq!(p.get(0).interval_months(l3, custom), 12, "nd85 is fixed");
        assert_eq!(p.get(1).interval_months(l3, custom), 6);
        assert_eq!(p.get(1).interval_months(l3, None), 12);
    }
}
