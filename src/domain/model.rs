//! The inventory as plain values: organisation profile, systems, dossier steps, assessments,
//! incidents, IT projects, report submissions and custom deadlines.

use chrono::{NaiveDate, NaiveDateTime};

use crate::i18n::Lang;
use crate::text::fold;

/// Declares an enum whose variants have a stable key (stored in SQLite, CSV and JSON) and a
/// label in each language (`[domain.<enum>]` in the catalog, with `<variant>_aliases`: the other
/// spellings accepted, `|`-separated); parsing accepts the key, either label or an alias,
/// ignoring case and diacritics.
macro_rules! coded {
    ($(#[$m:meta])* $name:ident in $module:ident {
        $($var:ident = $key:literal, $label:ident $(, $syn:ident)?;)+
    }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($var),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The stable key.
            pub fn key(self) -> &'static str {
                match self { $($name::$var => $key),+ }
            }

            /// The label in `lang`.
            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$var => crate::i18n::msg::domain::$module::$label.text(lang)),+ }
            }

            pub fn from_key(s: &str) -> Option<Self> {
                match s { $($key => Some($name::$var),)+ _ => None }
            }

            /// Parses a key, a label in either language or a synonym, ignoring case and
            /// diacritics.
            pub fn parse_loose(s: &str) -> Option<Self> {
                // the spellings folded once (an import of 100,000 rows parses each column
                // 100,000 times), in declaration order: the first match wins
                static SPELLINGS: std::sync::OnceLock<Vec<(String, $name)>> =
                    std::sync::OnceLock::new();
                let spellings = SPELLINGS.get_or_init(|| {
                    let mut v = Vec::new();
                    $(
                        let label = crate::i18n::msg::domain::$module::$label;
                        v.push((fold($key), $name::$var));
                        v.push((fold(label.vi), $name::$var));
                        v.push((fold(label.en), $name::$var));
                        $(
                            let aliases = crate::i18n::msg::domain::$module::$syn;
                            for a in aliases.vi.split('|').chain(aliases.en.split('|')) {
                                if !a.is_empty() {
                                    v.push((fold(a), $name::$var));
                                }
                            }
                        )?
                    )+
                    v
                });
                if let Some(v) = Self::from_key(s) {
                    return Some(v);
                }
                let f = fold(s);
                spellings.iter().find(|(k, _)| *k == f).map(|&(_, v)| v)
            }

            /// Every accepted spelling, for error messages.
            pub fn spellings(lang: Lang) -> String {
                let v: Vec<String> = Self::ALL
                    .iter()
                    .map(|x| format!("{} ({})", x.key(), x.label(lang)))
                    .collect();
                v.join(", ")
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::from_key(&s).ok_or_else(|| serde::de::Error::custom(format!(
                    "unknown {} '{}'", stringify!($name), s)))
            }
        }
    };
}

pub(crate) use coded;

coded! {
    /// Whether this People's Committee owns the system (chủ quản) or only uses it.
    Relation in relation {
        Owned = "owned", OWNED, OWNED_ALIASES;
        Used = "used", USED, USED_ALIASES;
    }
}

coded! {
    /// The level dossier's state (hồ sơ đề xuất cấp độ).
    DossierState in dossier_state {
        None = "none", NONE, NONE_ALIASES;
        Drafting = "drafting", DRAFTING, DRAFTING_ALIASES;
        Submitted = "submitted", SUBMITTED, SUBMITTED_ALIASES;
        Appraised = "appraised", APPRAISED, APPRAISED_ALIASES;
        Approved = "approved", APPROVED, APPROVED_ALIASES;
        Redetermine = "redetermine", REDETERMINE, REDETERMINE_ALIASES;
    }
}

coded! {
    /// Implementation status of the protection plan (phương án).
    PlanStatus in plan_status {
        None = "none", NONE, NONE_ALIASES;
        Partial = "partial", PARTIAL, PARTIAL_ALIASES;
        Full = "full", FULL, FULL_ALIASES;
    }
}

coded! {
    /// Kind of an assessment (kiểm tra, đánh giá).
    AssessmentKind in assessment_kind {
        Periodic = "periodic", PERIODIC;
        Adhoc = "adhoc", ADHOC, ADHOC_ALIASES;
        PreGoLive = "pre-go-live", PRE_GO_LIVE, PRE_GO_LIVE_ALIASES;
    }
}

coded! {
    /// Outcome of an assessment.
    AssessmentResult in assessment_result {
        Pass = "pass", PASS;
        Findings = "findings", FINDINGS, FINDINGS_ALIASES;
    }
}

coded! {
    /// Kind of a cybersecurity incident.
    IncidentKind in incident_kind {
        Malware = "malware", MALWARE;
        Ransomware = "ransomware", RANSOMWARE, RANSOMWARE_ALIASES;
        Defacement = "defacement", DEFACEMENT;
        Ddos = "ddos", DDOS, DDOS_ALIASES;
        DataLeak = "data-leak", DATA_LEAK, DATA_LEAK_ALIASES;
        Intrusion = "intrusion", INTRUSION;
        Phishing = "phishing", PHISHING;
        Other = "other", OTHER;
    }
}

coded! {
    /// Severity class (Decision 05/2017 Art. 9; Decree 331 Art. 31).
    Severity in severity {
        Normal = "normal", NORMAL;
        Serious = "serious", SERIOUS;
    }
}

coded! {
    /// Level of government of the unit.
    Tier in tier {
        Commune = "commune", COMMUNE, COMMUNE_ALIASES;
        District = "district", DISTRICT, DISTRICT_ALIASES;
        Province = "province", PROVINCE, PROVINCE_ALIASES;
    }
}

coded! {
    /// Recurrence of a custom deadline.
    Recurrence in recurrence {
        Monthly = "monthly", MONTHLY;
        Quarterly = "quarterly", QUARTERLY;
        Yearly = "yearly", YEARLY;
    }
}

impl Recurrence {
    /// Months between occurrences.
    pub fn months(self) -> u32 {
        match self {
            Recurrence::Monthly => 1,
            Recurrence::Quarterly => 3,
            Recurrence::Yearly => 12,
        }
    }
}

impl DossierState {
    /// Position in the pipeline (redetermine sorts with drafting).
    pub fn rank(self) -> u8 {
        match self {
            DossierState::None => 0,
            DossierState::Redetermine => 1,
            DossierState::Drafting => 2,
            DossierState::Submitted => 3,
            DossierState::Appraised => 4,
            DossierState::Approved => 5,
        }
    }
}

/// Security level 1–5 (cấp độ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Level(u8);

impl Level {
    pub fn new(n: i64) -> Option<Level> {
        (1..=5).contains(&n).then_some(Level(n as u8))
    }
    pub fn get(self) -> u8 {
        self.0
    }
    /// Index 0..5 for per-level tables.
    pub fn index(self) -> usize {
        usize::from(self.0 - 1)
    }
    /// Parses "3", "3.0", "cấp độ 3", "level 3", "III".
    pub fn parse_loose(s: &str) -> Option<Level> {
        let f = fold(s);
        let f = f
            .strip_prefix("cap do")
            .or_else(|| f.strip_prefix("cap"))
            .or_else(|| f.strip_prefix("level"))
            .unwrap_or(&f)
            .trim();
        let f = f.strip_suffix(".0").unwrap_or(f);
        let n = match f {
            "i" => 1,
            "ii" => 2,
            "iii" => 3,
            "iv" => 4,
            "v" => 5,
            _ => f.parse::<i64>().ok()?,
        };
        Level::new(n)
    }
}

impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        Level::new(n).ok_or_else(|| serde::de::Error::custom(format!("level {n} is not 1–5")))
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The organisation running capdo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub unit_name: String,
    pub tier: Tier,
    pub parent_authority: String,
    pub officer: String,
    /// Reference date on which the store was created; recurring reports count from here.
    pub tracking_start: NaiveDate,
    /// A rule pack the officer pinned, overriding the pack in force.
    pub pinned_pack: Option<String>,
    /// Officer-set assessment intervals (months, levels 1..5), used where the pack allows it.
    pub assessment_months: Option<[u32; 5]>,
}

impl Profile {
    pub fn new(tracking_start: NaiveDate) -> Profile {
        Profile {
            unit_name: String::new(),
            tier: Tier::Commune,
            parent_authority: String::new(),
            officer: String::new(),
            tracking_start,
            pinned_pack: None,
            assessment_months: None,
        }
    }
}

/// An information system in the inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub owner: String,
    pub operator: String,
    pub relation: Relation,
    pub level: Option<Level>,
    pub dossier: DossierState,
    /// Date the dossier entered its current state, when known.
    pub dossier_since: Option<NaiveDate>,
    pub approved_on: Option<NaiveDate>,
    pub decision_no: String,
    pub regulation_issued_on: Option<NaiveDate>,
    pub regulation_ref: String,
    pub plan: PlanStatus,
    pub go_live_on: Option<NaiveDate>,
    /// Under investment or construction before 01/07/2026 (Decree 331 Art. 39.1): the system
    /// finishes appraisal and approval under Decree 85 within the transition period.
    pub under_investment: bool,
    pub decommissioned_on: Option<NaiveDate>,
    pub responsible: String,
    pub notes: String,
    /// Date of the last completed assessment (derived from the assessments).
    pub last_assessed_on: Option<NaiveDate>,
    /// Unit the system belongs to in a consolidated store (empty for the local unit).
    pub unit: String,
    /// The level the last approval was for, kept after the level changed on an approved
    /// dossier until the new level is approved (see [`System::pending_level`]).
    pub approved_level: Option<Level>,
}

impl System {
    pub fn new(code: &str, name: &str) -> System {
        System {
            id: 0,
            code: code.to_owned(),
            name: name.to_owned(),
            owner: String::new(),
            operator: String::new(),
            relation: Relation::Owned,
            level: None,
            dossier: DossierState::None,
            dossier_since: None,
            approved_on: None,
            decision_no: String::new(),
            regulation_issued_on: None,
            regulation_ref: String::new(),
            plan: PlanStatus::None,
            go_live_on: None,
            under_investment: false,
            decommissioned_on: None,
            responsible: String::new(),
            notes: String::new(),
            last_assessed_on: None,
            unit: String::new(),
            approved_level: None,
        }
    }

    /// Whether setting the level to `new` has legal effect: the dossier is approved for another
    /// level, so the approval no longer covers the system. Returns (approved level, new level).
    pub fn level_change_effect(&self, new: Option<Level>) -> Option<(Level, Option<Level>)> {
        let old = self.level?;
        (self.dossier == DossierState::Approved && new != Some(old)).then_some((old, new))
    }

    /// A level changed after an approval and not yet approved: (approved level, current level).
    /// Until the new level is approved the shorter of the two assessment intervals applies.
    pub fn pending_level(&self) -> Option<(Level, Level)> {
        match (self.approved_level, self.level) {
            (Some(a), Some(l)) if a != l && self.dossier != DossierState::Approved => Some((a, l)),
            _ => None,
        }
    }

    /// Owned and not decommissioned on `today`: the systems that produce duties.
    pub fn is_active_owned(&self, today: NaiveDate) -> bool {
        self.relation == Relation::Owned && !self.is_decommissioned(today)
    }

    pub fn is_decommissioned(&self, today: NaiveDate) -> bool {
        self.decommissioned_on.is_some_and(|d| d <= today)
    }
}

/// One step of a level dossier, with its date and reference (document or decision number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DossierStep {
    pub id: i64,
    pub system_id: i64,
    pub state: DossierState,
    pub on: Option<NaiveDate>,
    pub reference: String,
    pub actor: String,
    pub note: String,
}

/// A completed assessment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub id: i64,
    pub system_id: i64,
    pub completed_on: NaiveDate,
    pub kind: AssessmentKind,
    pub assessor: String,
    pub result: AssessmentResult,
    pub findings: i64,
    pub notes: String,
}

/// A mandatory incident report that was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentReport {
    /// The rule-pack report id ("notify", "initial", "closing", "immediate").
    pub report: String,
    pub sent_at: NaiveDateTime,
    pub recipients: String,
}

/// A cybersecurity incident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    pub id: i64,
    pub system_id: Option<i64>,
    pub title: String,
    pub detected_at: NaiveDateTime,
    pub kind: IncidentKind,
    pub severity: Severity,
    pub beyond_capacity: bool,
    pub national_security: bool,
    /// The incident seriously disrupts the system's operation (Decree 331 Art. 31.2.d).
    pub serious_disruption: bool,
    pub response_ended_at: Option<NaiveDateTime>,
    pub lessons: String,
    pub notes: String,
    pub reports: Vec<SentReport>,
}

impl Incident {
    pub fn sent(&self, report: &str) -> Option<&SentReport> {
        self.reports.iter().find(|r| r.report == report)
    }
}

/// An IT application plan or project and its security budget (VND).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    pub id: i64,
    pub year: i32,
    pub name: String,
    pub total_budget: i64,
    pub security_budget: i64,
    pub notes: String,
}

/// The period a recurring report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Quarter { year: i32, q: u32 },
    Year(i32),
}

impl Period {
    /// "2026-Q4" or "2026".
    pub fn key(self) -> String {
        match self {
            Period::Quarter { year, q } => format!("{year}-Q{q}"),
            Period::Year(y) => y.to_string(),
        }
    }
    /// Parses "2026-Q4", "Q4/2026", "Quý IV/2026" or "2026".
    pub fn parse(s: &str) -> Option<Period> {
        let f = fold(s).replace(' ', "");
        if let Ok(y) = f.parse::<i32>() {
            return (1900..=2200).contains(&y).then_some(Period::Year(y));
        }
        // "-" folds to a space, removed above: "2026-Q4" arrives as "2026q4"
        let (y, q) = if let Some((q, y)) = f.split_once('/') {
            let q = q.trim_start_matches("quy").trim_start_matches('q');
            let q = match q {
                "i" => "1",
                "ii" => "2",
                "iii" => "3",
                "iv" => "4",
                other => other,
            };
            (y.to_owned(), q.to_owned())
        } else if let Some((y, q)) = f.split_once('q') {
            (y.to_owned(), q.to_owned())
        } else {
            return None;
        };
        let year: i32 = y.parse().ok()?;
        let q: u32 = q.parse().ok()?;
        ((1..=4).contains(&q) && (1900..=2200).contains(&year))
            .then_some(Period::Quarter { year, q })
    }
    /// "Quý IV/2026" / "năm 2026".
    pub fn label(self, lang: Lang) -> String {
        match self {
            Period::Quarter { year, q } => crate::i18n::quarter(lang, year, q),
            Period::Year(y) => crate::i18n::msg::domain::Year { y }.text(lang),
        }
    }
}

/// A periodic report marked as submitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportSubmission {
    pub id: i64,
    pub report: String,
    pub period: Period,
    pub submitted_on: NaiveDate,
    pub doc_no: String,
}

/// A deadline from a local dispatch or plan, entered by the officer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomDeadline {
    pub id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub recurrence: Option<Recurrence>,
    /// The document that set it, e.g. "812/UBND-KSTTHC".
    pub source_doc: String,
    pub system_id: Option<i64>,
    /// For a one-off: when it was done. For a recurring one: the last occurrence done.
    pub done_on: Option<NaiveDate>,
    pub notes: String,
}

/// Everything the rules and views read, loaded from the store in one go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    pub profile: Profile,
    pub systems: Vec<System>,
    pub steps: Vec<DossierStep>,
    pub assessments: Vec<Assessment>,
    pub incidents: Vec<Incident>,
    pub projects: Vec<Project>,
    pub reports: Vec<ReportSubmission>,
    pub customs: Vec<CustomDeadline>,
    /// Days the officer added to the working-day calendar.
    pub calendar: Vec<CalendarDay>,
}

/// A day the officer added to the working-day calendar: a local day off, or a make-up working
/// day (`working`), with the note saying why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub working: bool,
    pub note: String,
}

impl Dataset {
    pub fn new(profile: Profile) -> Dataset {
        Dataset {
            profile,
            systems: Vec::new(),
            steps: Vec::new(),
            assessments: Vec::new(),
            incidents: Vec::new(),
            projects: Vec::new(),
            reports: Vec::new(),
            customs: Vec::new(),
            calendar: Vec::new(),
        }
    }

    /// Index of a system by its database id.
    pub fn system_index(&self, id: i64) -> Option<usize> {
        // systems are loaded ordered by id, so a binary search works
        self.systems
            .binary_search_by_key(&id, |s| s.id)
            .ok()
            .or_else(|| self.systems.iter().position(|s| s.id == id))
    }

    /// Recomputes each system's last assessment from the assessments list.
    pub fn derive_last_assessed(&mut self) {
        for s in &mut self.systems {
            s.last_assessed_on = None;
        }
        for a in &self.assessments {
            if let Some(i) = self
                .systems
                .binary_search_by_key(&a.system_id, |s| s.id)
                .ok()
                .or_else(|| self.systems.iter().position(|s| s.id == a.system_id))
            {
                let s = &mut self.systems[i];
                if s.last_assessed_on.is_none_or(|d| d < a.completed_on) {
                    s.last_assessed_on = Some(a.completed_on);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_states_in_both_languages() {
        assert_eq!(
            DossierState::parse_loose("approved"),
            Some(DossierState::Approved)
        );
        assert_eq!(
            DossierState::parse_loose("Đã phê duyệt"),
            Some(DossierState::Approved)
        );
        assert_eq!(
            DossierState::parse_loose("da phe duyet"),
            Some(DossierState::Approved)
        );
        assert_eq!(
            DossierState::parse_loose("ĐANG THẨM ĐỊNH"),
            Some(DossierState::Submitted)
        );
        assert_eq!(
            DossierState::parse_loose("chưa lập"),
            Some(DossierState::None)
        );
        assert_eq!(
            DossierState::parse_loose("cần xác định lại"),
            Some(DossierState::Redetermine)
        );
        assert_eq!(DossierState::parse_loose("maybe"), None);
        assert_eq!(PlanStatus::parse_loose("Đầy đủ"), Some(PlanStatus::Full));
        assert_eq!(
            PlanStatus::parse_loose("chưa đầy đủ"),
            Some(PlanStatus::Partial)
        );
        assert_eq!(Relation::parse_loose("Sở hữu"), Some(Relation::Owned));
        assert_eq!(Relation::parse_loose("su dung"), Some(Relation::Used));
    }

    #[test]
    fn parses_levels() {
        assert_eq!(Level::parse_loose("3").map(Level::get), Some(3));
        assert_eq!(Level::parse_loose("Cấp độ 4").map(Level::get), Some(4));
        assert_eq!(Level::parse_loose("level 2").map(Level::get), Some(2));
        assert_eq!(Level::parse_loose("2.0").map(Level::get), Some(2));
        assert_eq!(Level::parse_loose("V").map(Level::get), Some(5));
        assert_eq!(Level::parse_loose("6"), None);
        assert_eq!(Level::parse_loose("0"), None);
        assert_eq!(Level::parse_loose("ba"), None);
    }

    #[test]
    fn periods() {
        assert_eq!(
            Period::parse("2026-Q4"),
            Some(Period::Quarter { year: 2026, q: 4 })
        );
        assert_eq!(
            Period::parse("Quý IV/2026"),
            Some(Period::Quarter { year: 2026, q: 4 })
        );
        assert_eq!(
            Period::parse("q2/2025"),
            Some(Period::Quarter { year: 2025, q: 2 })
        );
        assert_eq!(Period::parse("2026"), Some(Period::Year(2026)));
        assert_eq!(Period::parse("2026-Q5"), None);
        assert_eq!(Period::parse("abc"), None);
        assert_eq!(Period::Quarter { year: 2026, q: 4 }.key(), "2026-Q4");
        assert_eq!(
            Period::Quarter { year: 2026, q: 4 }.label(Lang::Vi),
            "Quý IV/2026"
        );
    }
}
