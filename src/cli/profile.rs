//! `capdo profile`: the unit's profile printed, or set from the shell with the same check and
//! change log as the dashboard's `P`.

use std::process::ExitCode;

use clap::Args;

use super::output::{Styled, style};
use super::{Env, Failure, emit_styled};
use crate::app::{self, FieldError, Op};
use crate::i18n::msg::{cli, cli::profile as m};
use crate::i18n::{self, Lang};
use crate::store::{Access, Scope, StoreError};
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// The unit's name (tên đơn vị), e.g. "UBND xã An Bình".
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
    /// The superior body (cơ quan cấp trên).
    #[arg(long, value_name = "NAME")]
    pub parent: Option<String>,
    /// The unit's tier: commune, district or province.
    #[arg(long, value_name = "TIER")]
    pub tier: Option<String>,
    /// The officer in charge, named in the change log.
    #[arg(long, value_name = "NAME")]
    pub officer: Option<String>,
    /// The day tracking started (dd/mm/yyyy or YYYY-MM-DD, not in the future).
    #[arg(long, value_name = "DATE")]
    pub tracking_start: Option<String>,
}

impl ProfileArgs {
    /// Whether any field is to be set (else the profile is printed).
    pub fn writes(&self) -> bool {
        self.unit.is_some()
            || self.parent.is_some()
            || self.tier.is_some()
            || self.officer.is_some()
            || self.tracking_start.is_some()
    }
}

/// The CLI flag of an ops field.
fn flag(field: &str) -> &str {
    match field {
        "unit_name" => "--unit",
        "parent_authority" => "--parent",
        "tier" => "--tier",
        "officer" => "--officer",
        "tracking_start" => "--tracking-start",
        other => other,
    }
}

fn invalid(errs: &[FieldError], lang: Lang) -> Failure {
    let mut s = String::from("\n");
    for e in errs {
        s.push_str(&format!("{}: {}\n", flag(e.field), e.message));
    }
    let problems = i18n::count_of(lang, errs.len(), cli::PROBLEMS_ONE, cli::PROBLEMS);
    s.push_str(&cli::NothingWritten { problems }.text(lang));
    Failure::input(s)
}

pub fn run(env: &Env, a: &ProfileArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let mut store = env.open(Access::ReadWrite)?;
    let data = store
        .load(Scope::Rules)
        .map_err(|e| Failure::store(&e, lang))?;
    let p = &data.profile;
    if !a.writes() {
        return print(&data.profile, lang);
    }
    // what is not given stays as it is
    let input = app::ProfileInput {
        unit_name: a.unit.clone().unwrap_or_else(|| p.unit_name.clone()),
        tier: a.tier.clone().unwrap_or_else(|| p.tier.key().to_owned()),
        parent_authority: a
            .parent
            .clone()
            .unwrap_or_else(|| p.parent_authority.clone()),
        officer: a.officer.clone().unwrap_or_else(|| p.officer.clone()),
        tracking_start: a
            .tracking_start
            .clone()
            .unwrap_or_else(|| crate::domain::dates::iso(p.tracking_start)),
    };
    let op: Op = app::check_profile(&data, &input, env.today(), lang)
        .map_err(|errs| invalid(&errs, lang))?;
    let cs = app::apply(&mut store, &env.write_ctx(), &op).map_err(|e| match e {
        e @ StoreError::Refused { .. } => Failure::input(e.message(lang)),
        e => Failure::store(&e, lang),
    })?;
    let done = if cs.is_empty() {
        format!("{}\n", m::UNCHANGED.text(lang))
    } else {
        let entry = cli::LogEntry { entry: cs.label() }.text(lang);
        format!("{}{entry}.\n", op.describe(lang))
    };
    let data = store
        .load(Scope::Rules)
        .map_err(|e| Failure::store(&e, lang))?;
    let mut out = Styled::new();
    out.push(&done);
    out.append(lines(&data.profile, lang));
    emit_styled(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn print(p: &crate::domain::Profile, lang: Lang) -> Result<ExitCode, Failure> {
    emit_styled(&lines(p, lang))?;
    Ok(ExitCode::SUCCESS)
}

/// The profile, one field a line, labels aligned.
fn lines(p: &crate::domain::Profile, lang: Lang) -> Styled {
    let none = m::NOT_SET.text(lang);
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            none.to_owned()
        } else {
            sanitize(s)
        }
    };
    let rows = [
        (m::UNIT_NAME, or_none(&p.unit_name)),
        (m::TIER, p.tier.label(lang).to_owned()),
        (m::PARENT, or_none(&p.parent_authority)),
        (m::OFFICER, or_none(&p.officer)),
        (m::TRACKING_START, i18n::date(p.tracking_start)),
        (
            m::PINNED_PACK,
            p.pinned_pack
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| m::NOT_PINNED.text(lang).to_owned()),
        ),
    ]
    .map(|(label, value)| (label.text(lang), value));
    let w = rows
        .iter()
        .map(|(l, _)| crate::text::width(l))
        .max()
        .unwrap_or(0);
    let mut out = Styled::new();
    for (label, value) in rows {
        out.styled(&crate::text::pad(&format!("{label}:"), w + 1), style::HEAD);
        out.push(&format!(" {value}\n"));
    }
    if p.unit_name.trim().is_empty() {
        out.push(m::SET_UNIT_NAME.text(lang));
        out.push("\n");
    }
    out
}
