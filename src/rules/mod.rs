//! The law as a timeline of rules: one data file per legal text (assets/rules/*.toml), each rule
//! with its own `from`/`until` and citation; the rules in force on a day composed from them (a
//! later text supersedes a rule by id from its date); named regimes (`--rules`) as data. This is
//! the only module that knows the texts' and regimes' ids. It fills the domain's types of the
//! law (`crate::domain::law`, re-exported here) and imports nothing but the domain.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::law::{de_date, de_opt_date};
// the types of the law live in the domain; this module fills them from the data files
pub use crate::domain::law::{
    Applies, AssessmentRule, Authority, BudgetRule, Every, FixedDeadline, From, IncidentFormRule,
    IncidentReportRule, Layout, LevelAuthority, Limit, Packs, PeriodRule, RegimeRule, ReportRule,
    RuleChoice, RulePack, TransitionRule, When,
};
use crate::i18n::L10n;

pub mod calendar;
pub mod wizard;

/// The legal texts as written, one file each (the binary embeds them as JSON, `TEXTS_JSON`).
#[cfg(test)]
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
#[cfg(test)]
const REGIMES: &str = include_str!("../../assets/rules/regimes.toml");

/// The same texts and regimes as JSON, made from the TOML at build time (`build.rs`): what
/// `Packs::embedded` reads.
const TEXTS_JSON: &[(&str, &str)] = &[
    (
        "nd85-2016",
        include_str!(concat!(env!("OUT_DIR"), "/rules/nd85-2016.json")),
    ),
    (
        "t33-2024",
        include_str!(concat!(env!("OUT_DIR"), "/rules/t33-2024.json")),
    ),
    (
        "law116-2025",
        include_str!(concat!(env!("OUT_DIR"), "/rules/law116-2025.json")),
    ),
    (
        "nd331-2026",
        include_str!(concat!(env!("OUT_DIR"), "/rules/nd331-2026.json")),
    ),
];
const REGIMES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules/regimes.json"));

/// How a rule file is written.
#[derive(Clone, Copy)]
enum Format {
    Toml,
    Json,
}

impl Format {
    fn read<T: serde::de::DeserializeOwned>(self, text: &str) -> Result<T, String> {
        match self {
            Format::Toml => toml::from_str(text).map_err(|e| e.to_string()),
            Format::Json => serde_json::from_str(text).map_err(|e| e.to_string()),
        }
    }
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
    fn build(files: &[(&str, &str)], format: Format) -> Result<Timeline, String> {
        let mut t = Timeline::default();
        for (name, text) in files {
            let f: TextFile = format.read(text).map_err(|e| format!("{name}: {e}"))?;
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
        validate(&pack)?;
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

/// Checks a composition: intervals, one authority row per level, report days, triggers, every
/// authority defined, no empty text.
fn validate(pack: &RulePack) -> Result<(), String> {
    let id = format!("{} ({})", pack.id, pack.day_from);
    if pack.assessment.months.contains(&0) {
        return Err(format!("{id}: an assessment interval is 0"));
    }
    for lvl in 1..=5u8 {
        let n = pack
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
    for a in &pack.by_level {
        keys.push(&a.appraises);
        keys.push(&a.approves);
    }
    for r in &pack.reports {
        keys.push(&r.recipient);
        let ok = match r.every {
            Every::Quarter => r.month.is_none() && (2..=31).contains(&r.before_day),
            Every::Year => {
                r.month.is_some_and(|m| (1..=12).contains(&m)) && (2..=31).contains(&r.before_day)
            }
        };
        if !ok {
            return Err(format!("{id}: report {} has a bad month/day", r.id));
        }
    }
    for r in &pack.incident_reports {
        keys.extend(r.recipients.iter().map(String::as_str));
        if r.when.is_empty() {
            return Err(format!("{id}: incident report {} has no trigger", r.id));
        }
    }
    for t in &pack.transitions {
        if t.months == 0 {
            return Err(format!("{id}: transition {} lasts 0 months", t.id));
        }
    }
    for k in keys {
        if !pack.authorities.iter().any(|a| a.key == k) {
            return Err(format!("{id}: authority '{k}' is not defined"));
        }
    }
    for t in [
        &pack.title,
        &pack.decree,
        &pack.assessment.basis,
        &pack.budget.basis,
        &pack.approval.basis,
        &pack.plan.basis,
    ] {
        if t.vi.is_empty() || t.en.is_empty() {
            return Err(format!("{id}: a text is empty"));
        }
    }
    Ok(())
}

/// The loader's side of the compositions: the embedded texts parsed and composed.
impl Packs {
    /// The embedded texts and regimes. They are checked by the tests, so failure here is a
    /// build defect.
    pub fn embedded() -> Packs {
        static EMBEDDED: std::sync::OnceLock<Packs> = std::sync::OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                Packs::compose(TEXTS_JSON, REGIMES_JSON, Format::Json)
                    .unwrap_or_else(|e| panic!("embedded rules: {e}"))
            })
            .clone()
    }

    /// Loads the texts (name, TOML) and the regimes, and composes them.
    pub fn parse(texts: &[(&str, &str)], regimes: &str) -> Result<Packs, String> {
        Packs::compose(texts, regimes, Format::Toml)
    }

    fn compose(texts: &[(&str, &str)], regimes: &str, format: Format) -> Result<Packs, String> {
        let t = Timeline::build(texts, format)?;
        let rf: RegimeFile = format.read(regimes).map_err(|e| format!("regimes: {e}"))?;
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
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod timeline_tests;
