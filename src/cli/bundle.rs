//! `capdo bundle FILE` (one unit's data with a manifest) and `capdo merge BUNDLE...` (several
//! units into this store, keyed by unit, all or nothing).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::output::Table;
use super::{Env, ExitStatus, Failure, emit};
use crate::app::merge as app;
use crate::domain::Dataset;
use crate::domain::engine::Deadline;
use crate::i18n::msg::{cli, cli::bundle as mb, common};
use crate::i18n::{self, Lang};
use crate::store::merge::{Action, LeftOut, UnitOutcome};
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Where to write the bundle (a JSON file, e.g. xa-mau-an.capdo.json).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// The unit to bundle (on a province's store: one of its units); default this store's own.
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Bundles written by `capdo bundle`, one per unit.
    #[arg(required = true, value_name = "BUNDLE")]
    pub bundles: Vec<PathBuf>,
    /// Check everything and say what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn display(p: &Path) -> String {
    sanitize(&p.display().to_string())
}

pub fn bundle(env: &Env, a: &BundleArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    let app::Bundled {
        manifest: m,
        left_out,
    } = match &a.unit {
        Some(unit) => crate::app::admin::bundle_unit(env, &a.file, a.force, unit)?,
        None => app::bundle(env, &a.file, a.force)?,
    };
    let c = &m.counts;
    let n = |n: usize, one, many| i18n::count_of(lang, n, one, many);
    let mut s = mb::Bundled {
        unit: sanitize(&m.unit),
        name: &name,
        systems: n(c.systems, common::SYSTEMS_NOUN_ONE, common::SYSTEMS_NOUN),
        steps: n(c.dossier_steps, cli::DOSSIER_STEPS_ONE, cli::DOSSIER_STEPS),
        assessments: n(c.assessments, cli::ASSESSMENTS_ONE, cli::ASSESSMENTS),
        incidents: n(c.incidents, cli::INCIDENTS_ONE, cli::INCIDENTS),
        projects: n(c.projects, cli::PROJECTS_ONE, cli::PROJECTS),
        entries: n(c.change_log, cli::LOG_ENTRIES_ONE, cli::LOG_ENTRIES),
    }
    .text(lang);
    s.push('\n');
    let sha256 = &m.content_sha256;
    s.push_str(&mb::ContentSha256 { sha256 }.text(lang));
    s.push('\n');
    if left_out > 0 {
        s.push_str(&mb::LeftOutSystems { n: left_out }.text(lang));
        s.push('\n');
    }
    emit(&s)?;
    Ok(ExitCode::SUCCESS)
}

fn left_out_line(l: &LeftOut, lang: Lang) -> String {
    let mut s = String::new();
    if l.projects + l.reports + l.customs + l.incidents_without_system > 0 {
        let line = mb::NotMerged {
            projects: l.projects,
            reports: l.reports,
            customs: l.customs,
            incidents: l.incidents_without_system,
        };
        s = line.text(lang) + "\n";
    }
    if l.profile {
        s.push_str(mb::NOT_MERGED_PROFILE.text(lang));
        s.push('\n');
    }
    s
}

fn describe(o: &UnitOutcome, lang: Lang, dry: bool) -> String {
    let unit = sanitize(&o.unit);
    let source = &o.source;
    let (a, b) = (o.before, o.after);
    let count = |n: usize, one, many| i18n::count_of(lang, n, one, many);
    let mut s = match o.action {
        Action::Added => {
            let systems = count(b.systems, common::SYSTEMS_NOUN_ONE, common::SYSTEMS_NOUN);
            let steps = count(b.steps, cli::DOSSIER_STEPS_ONE, cli::DOSSIER_STEPS);
            let assessments = count(b.assessments, cli::ASSESSMENTS_ONE, cli::ASSESSMENTS);
            let incidents = count(b.incidents, cli::INCIDENTS_ONE, cli::INCIDENTS);
            if dry {
                mb::WouldMerge {
                    unit,
                    source,
                    systems,
                    steps,
                    assessments,
                    incidents,
                }
                .text(lang)
            } else {
                mb::Merged {
                    unit,
                    source,
                    systems,
                    steps,
                    assessments,
                    incidents,
                }
                .text(lang)
            }
        }
        Action::Replaced => {
            let previous = o
                .previous
                .as_ref()
                .map(|(at, _)| mb::Previous { at }.text(lang))
                .unwrap_or_default();
            if dry {
                mb::WouldReplace {
                    unit,
                    source,
                    previous,
                    systems_before: a.systems,
                    systems: b.systems,
                    steps_before: a.steps,
                    steps: b.steps,
                    assessments_before: a.assessments,
                    assessments: b.assessments,
                    incidents_before: a.incidents,
                    incidents: b.incidents,
                }
                .text(lang)
            } else {
                mb::Replaced {
                    unit,
                    source,
                    previous,
                    systems_before: a.systems,
                    systems: b.systems,
                    steps_before: a.steps,
                    steps: b.steps,
                    assessments_before: a.assessments,
                    assessments: b.assessments,
                    incidents_before: a.incidents,
                    incidents: b.incidents,
                }
                .text(lang)
            }
        }
        Action::Unchanged => mb::Unchanged { unit, source }.text(lang),
        Action::Duplicate => mb::Duplicate { unit, source }.text(lang),
    };
    s.push('\n');
    if o.action == Action::Replaced {
        let list = |v: &[String]| v.iter().map(|c| sanitize(c)).collect::<Vec<_>>().join(", ");
        if !o.added.is_empty() {
            s.push_str(&format!(
                "  {}: {}\n",
                mb::NEW_SYSTEMS.text(lang),
                list(&o.added)
            ));
        }
        if !o.removed.is_empty() {
            s.push_str(&format!(
                "  {}: {}\n",
                mb::SYSTEMS_GONE.text(lang),
                list(&o.removed)
            ));
        }
        for (code, fields) in &o.changed {
            s.push_str(&format!(
                "  {} {}: {}\n",
                mb::CHANGED.text(lang),
                sanitize(code),
                fields.join(", ")
            ));
        }
        if o.added.is_empty() && o.removed.is_empty() && o.changed.is_empty() {
            s.push_str(mb::SYSTEMS_UNCHANGED.text(lang));
            s.push('\n');
        }
    }
    if matches!(o.action, Action::Added | Action::Replaced) && o.left_out.any() {
        s.push_str(&left_out_line(&o.left_out, lang));
    }
    s
}

pub fn merge(env: &Env, a: &MergeArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let app::Merged {
        outcomes,
        units_now,
    } = app::merge(env, &a.bundles, a.dry_run)?;
    let mut out = String::new();
    for o in &outcomes {
        out.push_str(&describe(o, lang, a.dry_run));
    }
    out.push_str(&if a.dry_run {
        mb::DRY_RUN.text(lang).to_owned()
    } else {
        let at = i18n::datetime(env.wall);
        mb::UnitsNow { n: units_now, at }.text(lang)
    });
    out.push('\n');
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- units in other commands

/// Whether the store holds systems of more than one unit (this store's own unit counts
/// when it has systems).
pub(super) fn multi_unit(data: &Dataset) -> bool {
    let mut first: Option<&str> = None;
    for s in &data.systems {
        match first {
            None => first = Some(&s.unit),
            Some(u) if u != s.unit => return true,
            Some(_) => {}
        }
    }
    false
}

/// The name shown for a unit key: a merged unit's name, or this store's own unit.
pub(super) fn unit_label(data: &Dataset, unit: &str, lang: Lang) -> String {
    if !unit.is_empty() {
        return sanitize(unit);
    }
    let own = data.profile.unit_name.trim();
    if own.is_empty() {
        mb::THIS_UNIT.text(lang).to_owned()
    } else {
        sanitize(own)
    }
}

/// The unit key `--unit NAME` names: "" for this store's own unit (by its profile name),
/// else a merged unit's name. Exact names first, then the same name without diacritics or
/// case; an unknown name is refused with the known ones.
pub(super) fn select_unit(
    data: &Dataset,
    name: Option<&str>,
    lang: Lang,
) -> Result<Option<String>, Failure> {
    let Some(name) = name else {
        return Ok(None);
    };
    let want = crate::text::clean(name);
    let own = crate::text::clean(&data.profile.unit_name);
    let mut units: Vec<&str> = data
        .systems
        .iter()
        .map(|s| s.unit.as_str())
        .filter(|u| !u.is_empty())
        .collect();
    units.sort_unstable();
    units.dedup();
    if want == own {
        return Ok(Some(String::new()));
    }
    if let Some(u) = units.iter().find(|u| **u == want) {
        return Ok(Some((*u).to_owned()));
    }
    let f = crate::text::fold(&want);
    if !own.is_empty() && crate::text::fold(&own) == f {
        return Ok(Some(String::new()));
    }
    if let Some(u) = units.iter().find(|u| crate::text::fold(u) == f) {
        return Ok(Some((*u).to_owned()));
    }
    let mut known: Vec<String> = Vec::new();
    if !own.is_empty() {
        known.push(format!("\"{}\"", sanitize(&own)));
    }
    known.extend(units.iter().map(|u| format!("\"{}\"", sanitize(u))));
    let known = if known.is_empty() {
        mb::NO_UNITS.text(lang).to_owned()
    } else {
        known.join(", ")
    };
    Err(Failure {
        kind: ExitStatus::Usage,
        message: mb::NoSuchUnit {
            unit: sanitize(&want),
            known,
        }
        .text(lang),
    })
}

/// The unit key of a deadline: its system's unit; items without a system belong to this
/// store's own unit.
pub(super) fn item_unit<'a>(d: &Deadline, data: &'a Dataset) -> &'a str {
    d.system(data)
        .map(|i| data.systems[i].unit.as_str())
        .unwrap_or("")
}

/// Keeps the deadlines of the unit `--unit NAME` names (all without it).
pub(super) fn only_unit(
    items: Vec<Deadline>,
    data: &Dataset,
    name: Option<&str>,
    lang: Lang,
) -> Result<Vec<Deadline>, Failure> {
    Ok(match select_unit(data, name, lang)? {
        None => items,
        Some(u) => items
            .into_iter()
            .filter(|d| item_unit(d, data) == u)
            .collect(),
    })
}

/// Inserts a "Unit" column at `at` into a table whose rows are in `units` order.
pub(super) fn add_unit_column(t: &mut Table, at: usize, units: Vec<String>, lang: Lang) {
    let at = at.min(t.header.len());
    t.header.insert(at, common::UNIT.text(lang).to_owned());
    // the columns the table names by index move along
    for cols in [&mut t.right, &mut t.shrink, &mut t.spare] {
        cols.iter_mut().filter(|i| **i >= at).for_each(|i| *i += 1);
    }
    for (row, u) in t.rows.iter_mut().zip(units) {
        let at = at.min(row.len());
        row.insert(at, u);
    }
}
