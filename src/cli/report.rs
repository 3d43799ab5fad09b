//! `capdo report KIND [ID] [--period P] [--form F] [--format md|docx|xlsx|json] [-o FILE]`: the
//! official reports, headed like an administrative document, in Word, Excel, Markdown or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::{Env, Failure, emit};
use crate::app::report as app;
use crate::domain::Period;
use crate::i18n::Lang;
use crate::i18n::msg::cli::report as m;
use crate::report::{IncidentForm, Request};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Quarterly security report (Telegram 33/CĐ-TTg), period like 2026-Q4.
    Quarterly,
    /// Annual level report (Circular 12/2022 Art. 14; Decree 331/2026 Form 08), period = year.
    Annual,
    /// The Telegram 33 review checklist.
    Review,
    /// An incident report: `capdo report incident ID --form notification|initial|closing`.
    Incident,
    /// Security share of the IT budget, period = year.
    Budget,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormArg {
    Notification,
    Initial,
    Closing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Docx,
    Xlsx,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// quarterly, annual, review, incident or budget.
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// The incident's id (for `incident`).
    pub id: Option<i64>,
    /// The period: 2026-Q4 (quarterly) or 2026 (annual, budget); default: the one of the
    /// reference date.
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// Which incident report (default: notification).
    #[arg(long, value_enum)]
    pub form: Option<FormArg>,
    /// Output format (default: from the -o extension: .docx, .xlsx, .md, .json; md on
    /// standard output).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to FILE instead of standard output (needed for docx and xlsx).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

fn usage(message: String) -> Failure {
    Failure::usage(message)
}

fn kind_name(k: ReportKind) -> &'static str {
    match k {
        ReportKind::Quarterly => "quarterly",
        ReportKind::Annual => "annual",
        ReportKind::Review => "review",
        ReportKind::Incident => "incident",
        ReportKind::Budget => "budget",
    }
}

/// Checks the arguments into a request (before anything is opened).
fn request(a: &ReportArgs, lang: Lang) -> Result<Request, Failure> {
    let kind = kind_name(a.kind);
    if a.kind != ReportKind::Incident {
        if let Some(id) = a.id {
            return Err(usage(m::TakesNoId { kind, id }.text(lang)));
        }
        if a.form.is_some() {
            return Err(usage(m::FormOnlyIncident { kind }.text(lang)));
        }
    }
    let period = match a.period.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => {
            Some(Period::parse(p).ok_or_else(|| usage(m::BadPeriod { period: p }.text(lang)))?)
        }
    };
    let period_raw = a.period.clone().unwrap_or_default();
    let (needs_quarter, needs_year) = (
        m::NeedsQuarter {
            kind,
            period: &period_raw,
        },
        m::NeedsYear {
            kind,
            period: &period_raw,
        },
    );
    Ok(match a.kind {
        ReportKind::Quarterly => match period {
            None => Request::Quarterly(None),
            Some(Period::Quarter { year, q }) => Request::Quarterly(Some((year, q))),
            Some(Period::Year(_)) => {
                return Err(usage(needs_quarter.text(lang)));
            }
        },
        ReportKind::Annual | ReportKind::Budget => {
            let y = match period {
                None => None,
                Some(Period::Year(y)) => Some(y),
                Some(Period::Quarter { .. }) => {
                    return Err(usage(needs_year.text(lang)));
                }
            };
            if a.kind == ReportKind::Annual {
                Request::Annual(y)
            } else {
                Request::Budget(y)
            }
        }
        ReportKind::Review | ReportKind::Incident if period.is_some() => {
            return Err(usage(m::NoPeriod { kind }.text(lang)));
        }
        ReportKind::Review => Request::Review,
        ReportKind::Incident => {
            let Some(id) = a.id else {
                return Err(usage(m::NEEDS_ID.text(lang).to_owned()));
            };
            let form = match a.form.unwrap_or(FormArg::Notification) {
                FormArg::Notification => IncidentForm::Notification,
                FormArg::Initial => IncidentForm::Initial,
                FormArg::Closing => IncidentForm::Closing,
            };
            Request::Incident { id, form }
        }
    })
}

/// The format: `--format`, else the -o file's extension; Markdown only on standard output (a
/// terminal or a pipe: `report … | less`) or for a `.md` file. A file whose extension names no
/// format is refused rather than guessed.
fn format_of(a: &ReportArgs, lang: Lang) -> Result<Format, Failure> {
    let ext = a.output.as_ref().map(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default()
    });
    let by_ext = match ext.as_deref() {
        None => None,
        Some("docx") => Some(Format::Docx),
        Some("xlsx") => Some(Format::Xlsx),
        Some("json") => Some(Format::Json),
        Some("md" | "markdown" | "txt") => Some(Format::Md),
        Some(e) if a.format.is_none() => {
            let name = a
                .output
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(usage(m::UnknownExtension { name, ext: e }.text(lang)));
        }
        Some(_) => None,
    };
    let f = a.format.or(by_ext).unwrap_or(Format::Md);
    if matches!(f, Format::Xlsx | Format::Docx) && a.output.is_none() {
        let needs = if f == Format::Docx {
            m::DOCX_NEEDS_FILE
        } else {
            m::XLSX_NEEDS_FILE
        };
        return Err(usage(needs.text(lang).to_owned()));
    }
    Ok(f)
}

pub fn run(env: &Env, a: &ReportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let req = request(a, lang)?;
    let format = format_of(a, lang)?;
    if let Some(path) = &a.output {
        app::check_target(path, a.force, lang)?;
    }
    let format_app = match format {
        Format::Md => app::Format::Md,
        Format::Docx => app::Format::Docx,
        Format::Xlsx => app::Format::Xlsx,
        Format::Json => app::Format::Json,
    };
    let app::Built { doc, bytes } = app::build(env, req, format_app)?;
    match &a.output {
        None => {
            // bytes of md/json are UTF-8 text; Markdown's headings bold on a terminal
            let text = String::from_utf8_lossy(&bytes);
            if format == Format::Md {
                let mut out = super::output::Styled::new();
                for line in text.split_inclusive('\n') {
                    if line.starts_with('#') {
                        out.styled(line.trim_end_matches('\n'), super::output::style::HEAD);
                        if line.ends_with('\n') {
                            out.push("\n");
                        }
                    } else {
                        out.push(line);
                    }
                }
                super::emit_styled(&out)?;
            } else {
                emit(&text)?;
            }
        }
        Some(path) => {
            let name = path.display().to_string();
            // reports name systems, weaknesses and incidents: private until sent
            app::save(path, &bytes, a.force, lang)?;
            // "báo cáo Quý IV/2026" (the quarter's word once), never the ids (they stay in JSON)
            let kind = crate::i18n::report_kind_name(doc.kind, lang);
            let what = match &doc.period {
                Some(p) => match (crate::domain::Period::parse(p), lang) {
                    (Some(q @ crate::domain::Period::Quarter { .. }), Lang::Vi)
                        if doc.kind == "quarterly" =>
                    {
                        crate::i18n::periodic_report_for("quarterly", q, lang)
                    }
                    (Some(crate::domain::Period::Year(y)), _) => format!("{kind} {y}"),
                    (Some(q), _) => format!("{kind} {}", q.label(lang)),
                    (None, _) => format!("{kind} {p}"),
                },
                None => kind,
            };
            emit(&(m::Wrote { what, name }.text(lang) + "\n"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
