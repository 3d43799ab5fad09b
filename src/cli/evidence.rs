//! `capdo evidence add|list|check`: the register of documents that prove each claim, with
//! their SHA-256, and the re-hash that finds a document changed or gone.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use unicode_normalization::UnicodeNormalization;

use super::output::Table;
use super::{Env, ExitStatus, Failure, emit};
use crate::app::env::evidence_root;
use crate::app::evidence as files;
pub use crate::app::handover::finding_line;
use crate::domain::dates::parse_date;
use crate::domain::evidence::{Evidence, EvidenceKind, Proves};
use crate::i18n::msg::cli::evidence as m;
use crate::i18n::{self, Lang};
use crate::store::{Access, NewEvidence};

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// The folder the officer keeps the documents in; files under it are registered by their
    /// path inside it, so the folder can move (or be copied into a handover pack). Default: the
    /// config file's `evidence_root`.
    #[arg(long, global = true, env = "CAPDO_EVIDENCE_ROOT", value_name = "DIR")]
    pub evidence_root: Option<PathBuf>,
    #[command(subcommand)]
    pub what: EvidenceCmd,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCmd {
    /// Register a document (its path, size, time and SHA-256) for a system.
    Add(AddArgs),
    /// The register: every document, or a system's.
    List(ListArgs),
    /// Re-hash every registered document: exit 0 all match, 6 naming each changed or missing
    /// one. Writes nothing.
    Check,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The system's code.
    pub code: String,
    /// The document.
    pub file: PathBuf,
    /// decision, regulation, plan, assessment, incident-report, report or other.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// The document's number (e.g. 12/QĐ-UBND).
    #[arg(long = "ref", value_name = "NO")]
    pub reference: Option<String>,
    /// The document's date.
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// A note (e.g. "bản có chữ ký, đóng dấu").
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The dossier step it proves: its state (submitted, appraised, approved…: the latest
    /// step of the system in that state) or its id.
    #[arg(long, value_name = "STATE|ID", group = "proves")]
    pub step: Option<String>,
    /// The assessment it proves: its completion date (as `capdo log` shows it) or its id.
    #[arg(long, value_name = "DATE|ID", group = "proves")]
    pub assessment: Option<String>,
    /// The incident whose report it is (its id).
    #[arg(long, value_name = "ID", group = "proves")]
    pub incident: Option<i64>,
    /// The periodic report it is, as REPORT/PERIOD (e.g. annual/2026).
    #[arg(long, value_name = "REPORT/PERIOD", group = "proves")]
    pub report: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this system's documents.
    #[arg(long, value_name = "CODE")]
    pub system: Option<String>,
    /// A JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl EvidenceArgs {
    /// Whether the command writes to the store.
    pub fn writes(&self) -> bool {
        matches!(self.what, EvidenceCmd::Add(_))
    }
}

pub fn run(env: &Env, a: &EvidenceArgs) -> Result<ExitCode, Failure> {
    let root = evidence_root(a.evidence_root.as_deref());
    match &a.what {
        EvidenceCmd::Add(x) => add(env, x, root.as_deref()),
        EvidenceCmd::List(x) => list(env, x),
        EvidenceCmd::Check => check(env, root.as_deref()),
    }
}

fn nfc(s: &str) -> String {
    s.trim().nfc().collect()
}

fn add(env: &Env, a: &AddArgs, root: Option<&Path>) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = a.file.display().to_string();
    let kind = EvidenceKind::from_key(a.kind.trim()).ok_or_else(|| {
        let known = EvidenceKind::ALL
            .iter()
            .map(|k| k.key())
            .collect::<Vec<_>>()
            .join(", ");
        Failure::input(
            m::KindInvalid {
                kind: &a.kind,
                known,
            }
            .text(lang),
        )
    })?;
    let on = match a.on.as_deref() {
        None => None,
        Some(s) => Some(parse_date(s).map_err(|_| Failure::input(m::OnNotADate { s }.text(lang)))?),
    };
    let mut store = env.open(Access::ReadWrite)?;
    let code = nfc(&a.code);
    let system_id = store
        .system_by_code(&code)
        .map_err(|e| Failure::store(&e, lang))?
        .map(|s| s.id)
        .ok_or_else(|| Failure::input(m::NoSystem { code: &code }.text(lang)))?;
    let not_found = |flag: &str, v: &str| {
        Failure::input(
            m::NoRecord {
                flag,
                code: &code,
                v,
            }
            .text(lang),
        )
    };
    let proves = match (
        a.step.as_deref(),
        a.assessment.as_deref(),
        a.incident,
        a.report.as_deref(),
    ) {
        (Some(v), ..) => {
            let steps = store
                .steps_of(system_id)
                .map_err(|e| Failure::store(&e, lang))?;
            let found = match v.trim().parse::<i64>() {
                Ok(id) => steps.iter().find(|s| s.id == id),
                Err(_) => crate::domain::DossierState::parse_loose(v)
                    .and_then(|st| steps.iter().rev().find(|s| s.state == st)),
            };
            Some(Proves::Step(found.ok_or_else(|| not_found("step", v))?.id))
        }
        (_, Some(v), ..) => {
            let done = store
                .assessments_of(system_id)
                .map_err(|e| Failure::store(&e, lang))?;
            let found = match (v.trim().parse::<i64>(), parse_date(v)) {
                (_, Ok(d)) => done.iter().rev().find(|x| x.completed_on == d),
                (Ok(id), _) => done.iter().find(|x| x.id == id),
                _ => None,
            };
            Some(Proves::Assessment(
                found.ok_or_else(|| not_found("assessment", v))?.id,
            ))
        }
        (_, _, Some(id), _) => Some(Proves::Incident(id)),
        (_, _, _, Some(r)) => {
            let r = nfc(r);
            let (report, period) = r.split_once('/').unwrap_or((&r, ""));
            let period = crate::domain::Period::parse(period)
                .ok_or_else(|| Failure::input(m::ReportFormat { r: &r }.text(lang)))?;
            Some(Proves::Report(format!(
                "{}/{}",
                report.trim(),
                period.key()
            )))
        }
        _ => None,
    };
    let (size, sha256, mtime) = files::hash_file(&a.file)
        .map_err(|e| Failure::input(m::Unreadable { name: &name, e }.text(lang)))?;
    let (path, under_root) =
        files::place(&a.file, root).map_err(|e| Failure::input(format!("{name}: {e}")))?;
    let n = NewEvidence {
        system: code,
        kind,
        // the path as the file system spells it (an NFD name on disk must still be found)
        path,
        under_root,
        size,
        mtime,
        sha256,
        reference: a.reference.as_deref().map(nfc).unwrap_or_default(),
        on,
        note: a.note.as_deref().map(nfc).unwrap_or_default(),
        proves,
    };
    let id = store
        .add_evidence(&env.write_ctx(), &n)
        .map_err(|e| match e {
            crate::store::StoreError::Refused { .. } => Failure::input(e.message(lang)),
            e => Failure::store(&e, lang),
        })?;
    let place = if under_root {
        m::UnderRoot { path: &n.path }.text(lang)
    } else {
        n.path.clone()
    };
    emit(
        &m::Registered {
            id,
            system: &n.system,
            kind: kind.label(lang),
            place,
            size: i18n::int(lang, size as i64),
            sha: &n.sha256[..12],
        }
        .text(lang),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn list(env: &Env, a: &ListArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let store = env.open(Access::ReadWrite)?;
    let code = a.system.as_deref().map(nfc);
    if let Some(c) = &code
        && store
            .system_by_code(c)
            .map_err(|e| Failure::store(&e, lang))?
            .is_none()
    {
        return Err(Failure::input(m::ListNoSystem { c }.text(lang)));
    }
    let rows = store
        .evidence(code.as_deref())
        .map_err(|e| Failure::store(&e, lang))?;
    if a.json {
        emit(&to_json(&rows))?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        emit(m::NONE_YET.text(lang))?;
        return Ok(ExitCode::SUCCESS);
    }
    emit(&table(&rows, lang))?;
    Ok(ExitCode::SUCCESS)
}

/// The register as a table (also the handover pack's view of it).
pub fn table(rows: &[Evidence], lang: Lang) -> String {
    let mut t = Table::new(
        [
            "#",
            i18n::msg::common::SYSTEM.text(lang),
            i18n::msg::common::KIND.text(lang),
            m::COL_DOC.text(lang),
            m::COL_PROVES.text(lang),
            m::COL_FILE.text(lang),
        ]
        .map(str::to_owned)
        .to_vec(),
    );
    t.right = vec![0];
    for e in rows {
        let doc = match (e.reference.is_empty(), e.on) {
            (false, Some(d)) => format!("{} {}", e.reference, i18n::date(d)),
            (false, None) => e.reference.clone(),
            (true, Some(d)) => i18n::date(d),
            (true, None) => "—".into(),
        };
        t.push(vec![
            e.id.to_string(),
            e.system_code.clone(),
            e.kind.label(lang).to_owned(),
            doc,
            e.proves
                .as_ref()
                .map(|p| p.label(lang))
                .unwrap_or_else(|| "—".into()),
            e.path.clone(),
        ]);
    }
    t.render(super::output::term_width(), &|_| None).text
}

/// One JSON object per document.
pub fn to_json(rows: &[Evidence]) -> String {
    let mut out = String::from("[");
    for (i, e) in rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let (pw, pr) = match &e.proves {
            Some(p) => {
                let (w, r) = p.key();
                (Some(w), Some(r))
            }
            None => (None, None),
        };
        let v = serde_json::json!({
            "id": e.id,
            "system": e.system_code,
            "kind": e.kind.key(),
            "path": e.path,
            "under_root": e.under_root,
            "size": e.size,
            "mtime": e.mtime,
            "sha256": e.sha256,
            "reference": e.reference,
            "on": e.on.map(crate::domain::dates::iso),
            "note": e.note,
            "proves": pw,
            "proves_ref": pr,
            "recorded_at": e.recorded_at,
        });
        out.push_str(&v.to_string());
    }
    out.push_str(if rows.is_empty() { "]\n" } else { "\n]\n" });
    out
}

fn check(env: &Env, root: Option<&Path>) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    // read-only at the SQLite level: checking writes nothing, not even to the store
    let store = env.open(Access::ReadOnly)?;
    let rows = store.evidence(None).map_err(|e| Failure::store(&e, lang))?;
    let mut out = String::new();
    let mut bad = 0;
    for e in &rows {
        if let Some(l) = finding_line(e, &files::check(e, root), lang) {
            out.push_str(&l);
            out.push('\n');
            bad += 1;
        }
    }
    out.push_str(
        &m::Tally {
            matching: rows.len() - bad,
            bad,
        }
        .text(lang),
    );
    emit(&out)?;
    Ok(ExitCode::from(if bad > 0 {
        ExitStatus::Mismatch
    } else {
        ExitStatus::Ok
    }))
}
