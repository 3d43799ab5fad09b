//! The evidence register as plain values: which document proves which claim, with its hash.

use chrono::NaiveDate;

use crate::i18n::Lang;
use crate::i18n::msg::domain::evidence as m;
use crate::text::fold;

super::model::coded! {
    /// What kind of document a piece of evidence is.
    EvidenceKind in evidence {
        Decision = "decision", KIND_DECISION;
        Regulation = "regulation", KIND_REGULATION;
        Plan = "plan", KIND_PLAN;
        Assessment = "assessment", KIND_ASSESSMENT;
        IncidentReport = "incident-report", KIND_INCIDENT_REPORT;
        Report = "report", KIND_REPORT;
        Other = "other", KIND_OTHER;
    }
}

/// The record a document proves.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Proves {
    /// A dossier step (its id).
    Step(i64),
    Assessment(i64),
    Incident(i64),
    /// A periodic report submission, as `report/period` (`annual-owner/2026`).
    Report(String),
}

impl Proves {
    /// The stored pair (what, reference).
    pub fn key(&self) -> (&'static str, String) {
        match self {
            Proves::Step(id) => ("step", id.to_string()),
            Proves::Assessment(id) => ("assessment", id.to_string()),
            Proves::Incident(id) => ("incident", id.to_string()),
            Proves::Report(r) => ("report", r.clone()),
        }
    }

    pub fn from_key(what: &str, reference: &str) -> Option<Proves> {
        let id = || reference.parse::<i64>().ok();
        match what {
            "step" => id().map(Proves::Step),
            "assessment" => id().map(Proves::Assessment),
            "incident" => id().map(Proves::Incident),
            "report" => Some(Proves::Report(reference.to_owned())),
            _ => None,
        }
    }

    /// "bước hồ sơ #3" / "dossier step #3".
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Proves::Step(id) => format!("{} #{id}", m::PROVES_STEP.text(lang)),
            Proves::Assessment(id) => format!("{} #{id}", m::PROVES_ASSESSMENT.text(lang)),
            Proves::Incident(id) => format!("{} #{id}", m::PROVES_INCIDENT.text(lang)),
            Proves::Report(r) => format!("{} {r}", m::PROVES_REPORT.text(lang)),
        }
    }
}

/// One registered document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub id: i64,
    pub system_id: i64,
    /// The system's code (and unit, empty for the local one), for display.
    pub system_code: String,
    pub kind: EvidenceKind,
    /// Relative to the evidence root (with `/`) when `under_root`, else absolute.
    pub path: String,
    pub under_root: bool,
    pub size: u64,
    /// Modification time when registered, `YYYY-MM-DDTHH:MM:SS` (UTC), when known.
    pub mtime: Option<String>,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// The document's number, e.g. "12/QĐ-UBND".
    pub reference: String,
    /// The document's date.
    pub on: Option<NaiveDate>,
    pub note: String,
    pub proves: Option<Proves>,
    pub recorded_at: String,
}

impl Evidence {
    /// The file name (last part of the path).
    pub fn file_name(&self) -> &str {
        self.path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(self.path.as_str())
    }
}

/// A record that claims something happened and that an inspection asks proof of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    pub proves: Proves,
    pub system_id: Option<i64>,
    /// What the claim says, in the chosen language ("Đã phê duyệt 01/02/2026").
    pub what: String,
}

/// The claims of `steps`, `assessments`, `incidents` and `reports` that no evidence proves.
pub fn unproven(claims: &[Claim], evidence: &[Evidence]) -> Vec<Claim> {
    let proven: std::collections::HashSet<&Proves> =
        evidence.iter().filter_map(|e| e.proves.as_ref()).collect();
    claims
        .iter()
        .filter(|c| !proven.contains(&c.proves))
        .cloned()
        .collect()
}

/// The claims of a dataset loaded in full: dossier steps, assessments, incidents (their
/// reports sent) and report submissions.
pub fn claims(data: &super::Dataset, lang: Lang) -> Vec<Claim> {
    let mut out = Vec::new();
    for s in &data.steps {
        out.push(Claim {
            proves: Proves::Step(s.id),
            system_id: Some(s.system_id),
            what: format!(
                "{} {}",
                s.state.label(lang),
                s.on.map(crate::i18n::date).unwrap_or_default()
            )
            .trim_end()
            .to_owned(),
        });
    }
    for a in &data.assessments {
        out.push(Claim {
            proves: Proves::Assessment(a.id),
            system_id: Some(a.system_id),
            what: format!(
                "{} {}",
                m::CLAIM_ASSESSMENT.text(lang),
                crate::i18n::date(a.completed_on)
            ),
        });
    }
    for i in data.incidents.iter().filter(|i| !i.reports.is_empty()) {
        out.push(Claim {
            proves: Proves::Incident(i.id),
            system_id: i.system_id,
            what: format!("{}: {}", m::KIND_INCIDENT_REPORT.text(lang), i.title),
        });
    }
    for r in &data.reports {
        out.push(Claim {
            proves: Proves::Report(format!("{}/{}", r.report, r.period.key())),
            system_id: None,
            what: format!(
                "{} {} ({})",
                m::KIND_REPORT.text(lang),
                r.report,
                r.period.label(lang)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for &k in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::from_key(k.key()), Some(k));
        }
        for p in [
            Proves::Step(3),
            Proves::Assessment(4),
            Proves::Incident(5),
            Proves::Report("annual-owner/2026".into()),
        ] {
            let (w, r) = p.key();
            assert_eq!(Proves::from_key(w, &r), Some(p));
        }
    }
}
