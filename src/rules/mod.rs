//! The law as a timeline of rules: one data file per legal text (assets/rules/*.toml), each rule
//! with its own `from`/`until` and citation; the rules in force on a day composed from them (a
//! later text supersedes a rule by id from its date); named regimes (`--rules`) as data. This is
//! the only module that knows the texts' and regimes' ids.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::Level;
use crate::domain::dates::{month_day, quarter_day};
use crate::domain::model::Period;
use crate::i18n::{L10n, Lang};

pub mod calendar;
pub mod wizard;

/// The legal texts shipped in the binary, one file each.
const TEXTS: &[(&str, &str)] = &[
    (
        "nd85-2016",
        include_str!("../../assets/rules/nd85-2016.toml"),
    ),
    ("t33-2024", include_str!("../../assets/rules/t33-2024.toml")),
    (
        "law116-2025",
        include_str!("../../assets/rules/law116-2025.toml"),
    ),
    (
        "nd331-2026",
        include_str!("../../assets/rules/nd331-2026.toml"),
    ),
];

/// The named regimes (compositions the officer can pin).
const REGIMES: &str = include_str!("../../assets/rules/regimes.toml");

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
        match lang {
            Lang::Vi => format!("trước ngày {x}"),
            Lang::En => format!("before {x}"),
        }
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
        crate::domain::dates::period_end(self.start, self.months)
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
            When::Always => lang.pick("mọi sự cố", "every incident"),
            When::BeyondCapacity => lang.pick(
                "sự cố vượt khả năng xử lý của đơn vị",
                "incidents beyond the unit's capacity",
            ),
            When::WithinCapacity => lang.pick(
                "sự cố trong khả năng xử lý của đơn vị",
                "incidents within the unit's capacity",
            ),
            When::Serious => lang.pick("sự cố nghiêm trọng", "serious incidents"),
            When::NationalSecurity => lang.pick(
                "sự cố có dấu hiệu xâm phạm an ninh quốc gia, trật tự an toàn xã hội",
                "incidents with signs of harm to national security or public order",
            ),
            When::SeriousDisruption => lang.pick(
                "sự cố gây gián đoạn nghiêm trọng hoạt động của hệ thống thông tin",
                "incidents that seriously disrupt the system's operation",
            ),
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

/// One legal text's file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFile {
    id: String,
    title: L10n,
    short: L10n,
    #[serde(deserialize_with = "de_date")]
    in_force_from: NaiveDate,
    #[serde(default, deserialize_with = "de_opt_date")]
    in_force_until: Option<NaiveDate>,
    #[serde(default, rename = "authority")]
    authorities: Vec<Authority>,
    #[serde(default)]
    assessment_interval: Vec<AssessmentRule>,
    #[serde(default)]
    approval_deadline: Vec<FixedDeadline>,
    #[serde(default)]
    plan_deadline: Vec<FixedDeadline>,
    #[serde(default)]
    authority_by_level: Vec<LevelAuthority>,
    #[serde(default)]
    recurring_report: Vec<ReportRule>,
    #[serde(default)]
    milestone: Vec<RegimeRule>,
    #[serde(default)]
    transition: Vec<TransitionRule>,
    #[serde(default)]
    incident_report: Vec<IncidentReportRule>,
    #[serde(default)]
    incident_form: Vec<IncidentFormRule>,
    #[serde(default)]
    budget_share: Vec<BudgetRule>,
}

/// A named composition.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Regime {
    id: String,
    #[serde(deserialize_with = "de_date")]
    from: NaiveDate,
    #[serde(deserialize_with = "de_date")]
    as_of: NaiveDate,
    title: L10n,
    decree: L10n,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegimeFile {
    regime: Vec<Regime>,
}

fn de_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = String::deserialize(d)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(serde::de::Error::custom)
}

fn de_opt_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    de_date(d).map(Some)
}

/// A rule with an id and a window of days.
pub trait Dated {
    fn id(&self) -> &str;
    fn starts(&self) -> NaiveDate;
    fn until_date(&self) -> Option<NaiveDate>;
    fn set_from(&mut self, d: NaiveDate);
    fn set_until(&mut self, d: Option<NaiveDate>);
    /// Whether the rule is in force on `d`.
    fn in_force_on(&self, d: NaiveDate) -> bool {
        d >= self.starts() && self.until_date().is_none_or(|u| d <= u)
    }
}

macro_rules! dated {
    ($($t:ty),+) => {$(
        impl Dated for $t {
            fn id(&self) -> &str { &self.id }
            fn starts(&self) -> NaiveDate { self.valid_from }
            fn until_date(&self) -> Option<NaiveDate> { self.valid_until }
            fn set_from(&mut self, d: NaiveDate) { self.valid_from = d; }
            fn set_until(&mut self, d: Option<NaiveDate>) { self.valid_until = d; }
        }
    )+};
}

dated!(
    AssessmentRule,
    FixedDeadline,
    LevelAuthority,
    ReportRule,
    RegimeRule,
    TransitionRule,
    IncidentReportRule,
    IncidentFormRule,
    BudgetRule
);

/// Every version of every rule, across the texts, with the windows made effective: a rule
/// without `until` ends with its text; a later version of the same id ends the earlier one the
/// day before it starts.
#[derive(Clone, Debug, Default)]
struct Timeline {
    texts: Vec<(L10n, NaiveDate, Option<NaiveDate>)>,
    authorities: Vec<Authority>,
    assessment: Vec<AssessmentRule>,
    approval: Vec<FixedDeadline>,
    plan: Vec<FixedDeadline>,
    by_level: Vec<LevelAuthority>,
    reports: Vec<ReportRule>,
    milestones: Vec<RegimeRule>,
    transitions: Vec<TransitionRule>,
    incident_reports: Vec<IncidentReportRule>,
    incident_forms: Vec<IncidentFormRule>,
    budget: Vec<BudgetRule>,
}

fn take<T: Dated>(out: &mut Vec<T>, rules: Vec<T>, text_until: Option<NaiveDate>) {
    for mut r in rules {
        if r.until_date().is_none() {
            r.set_until(text_until);
        }
        out.push(r);
    }
}

/// Ends each version the day before the next version of the same id starts (the order of the
/// rules, the files' order, is kept).
fn supersede<T: Dated>(v: &mut [T]) -> Result<(), String> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| {
        v[a].id()
            .cmp(v[b].id())
            .then(v[a].starts().cmp(&v[b].starts()))
    });
    for w in order.windows(2) {
        let (prev, next) = (w[0], w[1]);
        if v[next].id() != v[prev].id() {
            continue;
        }
        if v[next].starts() == v[prev].starts() {
            return Err(format!(
                "rule '{}' has two versions from {}",
                v[next].id(),
                v[next].starts()
            ));
        }
        let end = v[next].starts().pred_opt().unwrap_or(NaiveDate::MIN);
        if v[prev].until_date().is_none_or(|u| u > end) {
            v[prev].set_until(Some(end));
        }
    }
    for r in v.iter() {
        if r.until_date().is_some_and(|u| u < r.starts()) {
            return Err(format!("rule '{}' ends before it starts", r.id()));
        }
    }
    Ok(())
}

fn in_force<T: Dated + Clone>(v: &[T], d: NaiveDate) -> Vec<T> {
    v.iter().filter(|r| r.in_force_on(d)).cloned().collect()
}

fn one<T: Dated + Clone>(v: &[T], d: NaiveDate, what: &str) -> Result<T, String> {
    let mut f = in_force(v, d);
    match f.len() {
        1 => Ok(f.remove(0)),
        n => Err(format!("{n} {what} rules in force on {d}, expected 1")),
    }
}

impl Timeline {
    fn build(files: &[(&str, &str)]) -> Result<Timeline, String> {
        let mut t = Timeline::default();
        for (name, text) in files {
            let f: TextFile = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
            if f.id != *name {
                return Err(format!("{name}: the file says id '{}'", f.id));
            }
            let u = f.in_force_until;
            t.texts.push((f.short.clone(), f.in_force_from, u));
            if f.title.vi.is_empty() || f.title.en.is_empty() {
                return Err(format!("{name}: a title is empty"));
            }
            t.authorities.extend(f.authorities);
            take(&mut t.assessment, f.assessment_interval, u);
            take(&mut t.approval, f.approval_deadline, u);
            take(&mut t.plan, f.plan_deadline, u);
            take(&mut t.by_level, f.authority_by_level, u);
            take(&mut t.reports, f.recurring_report, u);
            take(&mut t.milestones, f.milestone, None);
            take(&mut t.transitions, f.transition, u);
            take(&mut t.incident_reports, f.incident_report, u);
            take(&mut t.incident_forms, f.incident_form, u);
            take(&mut t.budget, f.budget_share, u);
        }
        supersede(&mut t.assessment)?;
        supersede(&mut t.approval)?;
        supersede(&mut t.plan)?;
        supersede(&mut t.by_level)?;
        supersede(&mut t.reports)?;
        supersede(&mut t.milestones)?;
        supersede(&mut t.transitions)?;
        supersede(&mut t.incident_reports)?;
        supersede(&mut t.incident_forms)?;
        supersede(&mut t.budget)?;
        t.authorities.sort_by_key(|a| a.from);
        Ok(t)
    }

    /// The days on which some rule starts or ends (the day after its last).
    fn boundaries(&self) -> Vec<NaiveDate> {
        let mut v: Vec<NaiveDate> = Vec::new();
        fn add<T: Dated>(v: &mut Vec<NaiveDate>, rules: &[T]) {
            for r in rules {
                v.push(r.starts());
                if let Some(u) = r.until_date().and_then(|u| u.succ_opt()) {
                    v.push(u);
                }
            }
        }
        add(&mut v, &self.assessment);
        add(&mut v, &self.approval);
        add(&mut v, &self.plan);
        add(&mut v, &self.by_level);
        add(&mut v, &self.reports);
        add(&mut v, &self.transitions);
        add(&mut v, &self.incident_reports);
        add(&mut v, &self.incident_forms);
        add(&mut v, &self.budget);
        v.extend(self.authorities.iter().map(|a| a.from));
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The rules in force on `d`, named after `regime`. Recurring reports also keep their
    /// earlier versions (their occurrences accrued while in force).
    fn compose(
        &self,
        d: NaiveDate,
        regime: &Regime,
        regime_until: Option<NaiveDate>,
    ) -> Result<RulePack, String> {
        // every version: an occurrence falls under the version in force on its last allowed
        // day, before or after `d`
        let mut reports = in_force(&self.reports, d);
        reports.extend(self.reports.iter().filter(|r| !r.in_force_on(d)).cloned());
        let pack = RulePack {
            id: regime.id.clone(),
            in_force_from: regime.from,
            in_force_until: regime_until,
            day_from: d,
            day_until: None,
            title: regime.title.clone(),
            decree: regime.decree.clone(),
            legal_basis: self
                .texts
                .iter()
                .filter(|(_, f, u)| *f <= d && u.is_none_or(|u| d <= u))
                .map(|(s, _, _)| s.clone())
                .collect(),
            authorities: self.authorities.clone(),
            assessment: one(&self.assessment, d, "assessment_interval")?,
            approval: one(&self.approval, d, "approval_deadline")?,
            plan: one(&self.plan, d, "plan_deadline")?,
            by_level: in_force(&self.by_level, d),
            reports,
            regime: self.milestones.clone(),
            transitions: in_force(&self.transitions, d),
            incident_reports: in_force(&self.incident_reports, d),
            incident_forms: in_force(&self.incident_forms, d),
            budget: one(&self.budget, d, "budget_share")?,
        };
        pack.validate()?;
        Ok(pack)
    }

    /// A regime: the rules in force on its `as_of` day, standing (no end dates); recurring
    /// reports count from the first version of their id.
    fn compose_regime(
        &self,
        regime: &Regime,
        regime_until: Option<NaiveDate>,
    ) -> Result<RulePack, String> {
        let d = regime.as_of;
        let mut p = self.compose(d, regime, regime_until)?;
        p.day_from = regime.from;
        p.reports.retain(|r| r.in_force_on(d));
        for r in &mut p.reports {
            let first = self
                .reports
                .iter()
                .filter(|x| x.id == r.id)
                .map(|x| x.valid_from)
                .min()
                .unwrap_or(r.valid_from);
            r.valid_from = first;
        }
        p.authorities.retain(|a| a.from <= d);
        p.regime.retain(|m| m.valid_from <= d);
        fn stand<T: Dated>(v: &mut [T]) {
            for r in v {
                r.set_until(None);
            }
        }
        stand(std::slice::from_mut(&mut p.assessment));
        stand(std::slice::from_mut(&mut p.approval));
        stand(std::slice::from_mut(&mut p.plan));
        stand(std::slice::from_mut(&mut p.budget));
        stand(&mut p.by_level);
        stand(&mut p.reports);
        stand(&mut p.transitions);
        stand(&mut p.incident_reports);
        stand(&mut p.incident_forms);
        Ok(p)
    }
}

impl RulePack {
    fn validate(&self) -> Result<(), String> {
        let id = format!("{} ({})", self.id, self.day_from);
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
                Every::Quarter => r.month.is_none() && (2..=31).contains(&r.before_day),
                Every::Year => {
                    r.month.is_some_and(|m| (1..=12).contains(&m))
                        && (2..=31).contains(&r.before_day)
                }
            };
            if !ok {
                return Err(format!("{id}: report {} has a bad month/day", r.id));
            }
        }
        for r in &self.incident_reports {
            keys.extend(r.recipients.iter().map(String::as_str));
            if r.when.is_empty() {
                return Err(format!("{id}: incident report {} has no trigger", r.id));
            }
        }
        for t in &self.transitions {
            if t.months == 0 {
                return Err(format!("{id}: transition {} lasts 0 months", t.id));
            }
        }
        for k in keys {
            if !self.authorities.iter().any(|a| a.key == k) {
                return Err(format!("{id}: authority '{k}' is not defined"));
            }
        }
        for t in [
            &self.title,
            &self.decree,
            &self.assessment.basis,
            &self.budget.basis,
            &self.approval.basis,
            &self.plan.basis,
        ] {
            if t.vi.is_empty() || t.en.is_empty() {
                return Err(format!("{id}: a text is empty"));
            }
        }
        Ok(())
    }

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
    packs: Vec<RulePack>,
    /// How many of `packs` are day compositions (the rest are regimes).
    epochs: usize,
}

impl Packs {
    /// The embedded texts and regimes. They are checked by the tests, so failure here is a
    /// build defect.
    pub fn embedded() -> Packs {
        static EMBEDDED: std::sync::OnceLock<Packs> = std::sync::OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                Packs::parse(TEXTS, REGIMES).unwrap_or_else(|e| panic!("embedded rules: {e}"))
            })
            .clone()
    }

    /// Loads the texts (name, TOML) and the regimes, and composes them.
    pub fn parse(texts: &[(&str, &str)], regimes: &str) -> Result<Packs, String> {
        let t = Timeline::build(texts)?;
        let rf: RegimeFile = toml::from_str(regimes).map_err(|e| format!("regimes: {e}"))?;
        let mut regs = rf.regime;
        regs.sort_by_key(|r| r.from);
        if regs.is_empty() {
            return Err("no regime".into());
        }
        let name_of = |d: NaiveDate| {
            regs.iter()
                .filter(|r| r.from <= d)
                .max_by_key(|r| r.from)
                .unwrap_or(&regs[0])
        };
        // a regime ends the day before the next one starts
        let until_of = |r: &Regime| {
            regs.iter()
                .map(|x| x.from)
                .filter(|f| *f > r.from)
                .min()
                .and_then(|f| f.pred_opt())
        };
        let mut packs: Vec<RulePack> = Vec::new();
        let mut starts = t.boundaries();
        starts.extend(regs.iter().map(|r| r.from));
        starts.sort_unstable();
        starts.dedup();
        for d in starts {
            let r = name_of(d);
            match t.compose(d, r, until_of(r)) {
                Ok(p) => packs.push(p),
                // before every kind of rule has started, there is nothing to compose yet
                Err(e) if packs.is_empty() && e.contains("in force on") => {}
                Err(e) => return Err(e),
            }
        }
        if packs.is_empty() {
            return Err("no day has a complete set of rules".into());
        }
        for i in 1..packs.len() {
            let end = packs[i].day_from.pred_opt();
            packs[i - 1].day_until = end;
        }
        let epochs = packs.len();
        for r in &regs {
            packs.push(
                t.compose_regime(r, until_of(r))
                    .map_err(|e| format!("regime {}: {e}", r.id))?,
            );
        }
        Ok(Packs { packs, epochs })
    }

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

#[cfg(test)]
mod tests;
#[cfg(test)]
mod timeline_tests;
