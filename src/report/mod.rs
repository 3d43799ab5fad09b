//! Reports: domain data, rule packs and the reference instant in, a document model out
//! (`doc`); renderers turn it into Markdown, XLSX or JSON (`render`). Pure: no I/O, no clock.
//!
//! Kinds: `quarterly` (Telegram 33, derived outline), `annual` (Circular 12/2022 Art. 14 or
//! Decree 331/2026 Form 08, by the pack in use), `review` (the Telegram 33 checklist),
//! `incident` (Circular 20/2017 forms or the Decree 331 reports) and `budget`.

pub mod annual;
pub mod budget;
pub mod common;
pub mod doc;
pub mod docx;
pub mod handover;
pub mod incident;
pub mod quarterly;
pub mod recipients;
pub mod render;
pub mod review;

#[cfg(test)]
mod tests;

use chrono::Datelike;

pub use common::Input;
pub use doc::*;
pub use incident::IncidentForm;

use crate::i18n::{Lang, msg::report as m};

/// What to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Year and quarter; `None` = the quarter of the reference date.
    Quarterly(Option<(i32, u32)>),
    /// The report year; `None` = the year of the reference date.
    Annual(Option<i32>),
    Review,
    /// An incident by its id.
    Incident {
        id: i64,
        form: IncidentForm,
    },
    /// The year; `None` = the year of the reference date.
    Budget(Option<i32>),
}

/// Why a report cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    NoIncident { id: i64, known: Vec<i64> },
}

impl ReportError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReportError::NoIncident { id, known } => {
                let known = if known.is_empty() {
                    m::NO_INCIDENTS_RECORDED_YET.text(lang).to_owned()
                } else {
                    known
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                m::NoIncidentWithId { id, known }.text(lang)
            }
        }
    }
}

/// Builds the document.
pub fn build(inp: &Input, req: Request) -> Result<Document, ReportError> {
    let today = inp.today();
    let mut doc = match req {
        Request::Quarterly(p) => {
            let (y, q) = p.unwrap_or_else(|| quarterly::quarter_of(today));
            quarterly::build(inp, y, q)
        }
        Request::Annual(y) => annual::build(inp, y.unwrap_or(today.year())),
        Request::Review => review::build(inp),
        Request::Incident { id, form } => {
            let n = inp
                .data
                .incidents
                .iter()
                .position(|i| i.id == id)
                .ok_or_else(|| ReportError::NoIncident {
                    id,
                    known: inp.data.incidents.iter().map(|i| i.id).collect(),
                })?;
            incident::build(inp, n, form)
        }
        Request::Budget(y) => budget::build(inp, y.unwrap_or(today.year())),
    };
    address(inp, &mut doc);
    Ok(doc)
}

/// Sets the addressees and the opening (the text the report answers) from
/// assets/reports/recipients.toml; every report built goes through here.
pub fn address(inp: &Input, doc: &mut Document) {
    let entry = recipients::entry(doc.kind, inp.data.profile.tier.key(), inp.today());
    if let Some(r) = recipients::for_report(inp, doc.kind) {
        doc.recipients = r;
    }
    let answers = match entry {
        Some(e) => vec![e.basis.get(inp.lang).to_owned()],
        None => doc.basis.clone(),
    };
    doc.opening = common::opening(inp, &answers);
}
