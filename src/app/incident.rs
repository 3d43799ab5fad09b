//! Incidents: logging one, ticking off each mandatory report, closing it with lessons learned.

use chrono::NaiveDate;

use super::valid::V;
use super::{Checked, Op};
use crate::domain::*;
use crate::i18n::{self, Lang, msg::app::incident as mi};
use crate::rules::{From as Start, RuleChoice, RulePack};

/// An incident as typed. `system` is a system code or empty; `detected_at` a date and time
/// (dd/mm/yyyy HH:MM); the flags yes/no (empty: no); empty kind: other; empty severity: normal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentInput {
    pub system: String,
    pub title: String,
    pub detected_at: String,
    pub kind: String,
    pub severity: String,
    pub beyond_capacity: String,
    pub national_security: String,
    /// The incident seriously disrupts the system's operation (Decree 331 Art. 31.2.d).
    pub serious_disruption: String,
    pub notes: String,
}

/// Logs an incident detected at a time not on a future day.
pub fn check_incident(
    data: &Dataset,
    input: &IncidentInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let sys = v.opt_system(data, "system", &input.system);
    let title = v.required("title", &input.title);
    let detected = v.past_datetime("detected_at", &input.detected_at);
    let kind = v.choice(
        "kind",
        &input.kind,
        Some(IncidentKind::Other),
        IncidentKind::parse_loose,
        IncidentKind::spellings,
    );
    let severity = v.choice(
        "severity",
        &input.severity,
        Some(Severity::Normal),
        Severity::parse_loose,
        Severity::spellings,
    );
    let beyond_capacity = v.flag("beyond_capacity", &input.beyond_capacity);
    let national_security = v.flag("national_security", &input.national_security);
    let serious_disruption = v.flag("serious_disruption", &input.serious_disruption);
    let notes = v.notes("notes", &input.notes);
    v.done(|| Op::Incident {
        system: sys.map(|s| s.code.clone()),
        incident: Incident {
            id: 0,
            system_id: sys.map(|s| s.id),
            title,
            detected_at: detected.unwrap_or(crate::domain::dates::midnight(today)),
            kind: kind.unwrap_or(IncidentKind::Other),
            severity: severity.unwrap_or(Severity::Normal),
            beyond_capacity,
            national_security,
            serious_disruption,
            response_ended_at: None,
            lessons: String::new(),
            notes,
            reports: Vec::new(),
        },
    })
}

fn incident<'d>(v: &mut V, data: &'d Dataset, raw: &str) -> Option<&'d Incident> {
    let id = v.id("incident_id", raw)?;
    let found = data.incidents.iter().find(|i| i.id == id);
    if found.is_none() {
        let m = mi::NO_INCIDENT.text(v.lang);
        v.says("incident_id", raw, m);
    }
    found
}

/// The pack that governs an incident: the pinned pack, or the one in force on its detection.
fn pack_for<'r>(rules: &'r RuleChoice, inc: &Incident) -> &'r RulePack {
    rules
        .packs
        .get(rules.pack_index_for(inc.detected_at.date()))
}

/// A mandatory incident report that was sent: the report id of the incident's rule pack
/// ("notify", "initial", "closing", "immediate"), when and to whom.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentReportInput {
    pub incident_id: String,
    pub report: String,
    pub sent_at: String,
    pub recipients: String,
}

/// Ticks off a report of an incident: a report of the pack that governs the incident, not yet
/// recorded, sent after detection (and, for a closing report, after the response ended), not on
/// a future day, with its recipients.
pub fn check_incident_report(
    data: &Dataset,
    rules: &RuleChoice,
    input: &IncidentReportInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let inc = incident(&mut v, data, &input.incident_id);
    let report = input.report.trim().to_ascii_lowercase();
    let sent_at = v.past_datetime("sent_at", &input.sent_at);
    let recipients = v.required("recipients", &input.recipients);
    if report.is_empty() {
        v.required_msg("report");
    }
    if let Some(inc) = inc {
        let pack = pack_for(rules, inc);
        let rule = pack.incident_report(&report);
        if rule.is_none() && !report.is_empty() {
            let known = |l: Lang| {
                pack.incident_reports
                    .iter()
                    .map(|r| format!("{} ({})", r.id, r.title.get(l)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let m = mi::NoSuchReport {
                pack: &pack.id,
                values: known(lang),
            };
            v.says("report", &input.report, m.text(lang));
        }
        if let Some(sent) = inc.sent(&report) {
            let at = i18n::datetime(sent.sent_at);
            v.says(
                "report",
                &input.report,
                mi::ReportAlreadySent { at }.text(lang),
            );
        }
        if let Some(at) = sent_at {
            if at < inc.detected_at {
                let at = i18n::datetime(inc.detected_at);
                v.says(
                    "sent_at",
                    &input.sent_at,
                    mi::BeforeDetected { at }.text(lang),
                );
            } else if let (Some(r), Some(end)) = (rule, inc.response_ended_at)
                && r.from == Start::ResponseEnded
                && at < end
            {
                let at = i18n::datetime(end);
                let m = mi::BeforeResponseEnded { at }.text(lang);
                v.says("sent_at", &input.sent_at, m);
            }
        }
    }
    let incident_id = inc.map(|i| i.id).unwrap_or_default();
    v.done(|| Op::IncidentReport {
        incident_id,
        report: SentReport {
            report,
            sent_at: sent_at.unwrap_or(crate::domain::dates::midnight(today)),
            recipients,
        },
    })
}

/// Closing an incident: when the response ended, and the lessons learned (required: the
/// closing report carries them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CloseIncidentInput {
    pub incident_id: String,
    pub response_ended_at: String,
    pub lessons: String,
}

/// Closes an incident: the response ended after detection and not on a future day; lessons
/// learned are required.
pub fn check_close_incident(
    data: &Dataset,
    input: &CloseIncidentInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let inc = incident(&mut v, data, &input.incident_id);
    let ended = v.past_datetime("response_ended_at", &input.response_ended_at);
    let lessons = v.required_notes("lessons", &input.lessons);
    if let (Some(inc), Some(end)) = (inc, ended)
        && end < inc.detected_at
    {
        let at = i18n::datetime(inc.detected_at);
        let m = mi::BeforeDetected { at }.text(lang);
        v.says("response_ended_at", &input.response_ended_at, m);
    }
    let incident_id = inc.map(|i| i.id).unwrap_or_default();
    v.done(|| Op::CloseIncident {
        incident_id,
        ended_at: ended.unwrap_or(crate::domain::dates::midnight(today)),
        lessons,
    })
}
