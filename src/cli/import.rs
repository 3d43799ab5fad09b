//! `capdo import` and `capdo template`: the inventory in and the empty template out.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{Env, Failure, emit};
use crate::app::import::{
    Kind, counted, display, import_read, kind_of, read_dump, read_inventory, rejected, restore,
};
use crate::exchange::{csv, inventory};
use crate::i18n::msg::cli::import as m;
use crate::i18n::msg::common;
use crate::store::Access;
use crate::store::restore::RestoreMode;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import: an inventory (.csv or .xlsx), or a whole store written by
    /// `capdo export FILE.json` (.json).
    pub file: PathBuf,
    /// Check and report what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// .xlsx: the sheet to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// .json: replace everything in the store, change log included, with the file's content
    /// (without it the store must be empty).
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Where to write the template: .xlsx (a workbook with drop-down lists and an example row)
    /// or .csv (the header row).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(env: &Env, a: &ImportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let kind = kind_of(&a.file, lang)?;
    if a.sheet.is_some() && kind != Kind::Xlsx {
        return Err(Failure::input(m::SHEET_XLSX_ONLY.text(lang).into()));
    }
    if a.replace && kind != Kind::Json {
        return Err(Failure::input(m::REPLACE_JSON_ONLY.text(lang).into()));
    }
    if kind == Kind::Json {
        return run_json(env, a);
    }
    let read = match read_inventory(&a.file, kind, a.sheet.as_deref(), env.today(), lang) {
        Ok(r) => r,
        Err(r) => return Err(rejected(&display(&a.file), &r, lang)),
    };
    let mut store = env.open(Access::ReadWrite)?;
    let line = import_read(&mut store, &env.write_ctx(), &read, a.dry_run, lang)?;
    emit(&format!("{line}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// `capdo import FILE.json`: restores a whole store written by `capdo export FILE.json`.
fn run_json(env: &Env, a: &ImportArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    let dump = read_dump(&a.file, lang)?;
    let mut store = env.open(Access::ReadWrite)?;
    let mode = RestoreMode {
        replace: a.replace,
        dry_run: a.dry_run,
    };
    let sum = restore(&mut store, &env.write_ctx(), &dump, &name, mode, lang)?;
    let mut text = if a.dry_run {
        m::WouldRestore { name: &name }.text(lang)
    } else {
        m::Restored { name: &name }.text(lang)
    };
    let n = |k: usize, one, many| counted(lang, k, one, many);
    text.push_str(
        &m::RestoreCounts {
            systems: n(sum.systems, m::SYSTEM_ONE, m::SYSTEM),
            steps: n(sum.steps, m::DOSSIER_STEP_ONE, m::DOSSIER_STEP),
            assessments: n(sum.assessments, m::ASSESSMENT_ONE, m::ASSESSMENT),
            incidents: n(sum.incidents, m::INCIDENT_ONE, m::INCIDENT),
            projects: n(sum.projects, m::PROJECT_ONE, m::PROJECT),
            reports: n(sum.reports, m::REPORT_SUBMISSION_ONE, m::REPORT_SUBMISSION),
            customs: n(sum.customs, m::CUSTOM_DEADLINE_ONE, m::CUSTOM_DEADLINE),
            log_entries: n(sum.log_entries, m::LOG_ENTRY_ONE, m::LOG_ENTRY),
        }
        .text(lang),
    );
    if a.replace {
        text.push_str(
            &m::Replacing {
                systems: n(sum.replaced_systems, m::SYSTEM_ONE, m::SYSTEM),
                log_entries: n(sum.replaced_log_entries, m::LOG_ENTRY_ONE, m::LOG_ENTRY),
            }
            .text(lang),
        );
    }
    text.push_str(".\n");
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn template(env: &Env, a: &TemplateArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    if a.file.exists() && !a.force {
        return Err(Failure::input(
            common::FileExists { name: &name }.text(lang),
        ));
    }
    let xlsx = kind_of(&a.file, lang)? == Kind::Xlsx;
    let bytes = if xlsx {
        inventory::template_xlsx(lang)
            .map_err(|e| Failure::input(m::TemplateXlsxFailed { name: &name, e }.text(lang)))?
    } else {
        csv::template(lang).into_bytes()
    };
    std::fs::write(&a.file, bytes)
        .map_err(|e| Failure::input(super::io_message(&name, &e, lang)))?;
    let n = inventory::columns().len();
    emit(&if xlsx {
        let mark = crate::i18n::msg::exchange::inventory::EXAMPLE_MARK.text(lang);
        m::TemplateXlsx {
            name: &name,
            n,
            mark,
        }
        .text(lang)
    } else {
        m::TemplateCsv { name: &name, n }.text(lang)
    })?;
    Ok(ExitCode::SUCCESS)
}
