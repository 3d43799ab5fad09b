//! `capdo admin grant-unit|grant-all|grants|revoke`: which PostgreSQL roles see which units of
//! a shared store (run by the role that owns the database).

use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;

use super::output::{Table, term_width};
use super::{Env, ExitStatus, Failure, emit, emit_styled};
use crate::app::admin as app;
use crate::i18n::{self, msg::cli::admin as m};
use crate::store::admin::Done;
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct AdminArgs {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, Subcommand)]
pub enum What {
    /// Give an existing PostgreSQL role one unit: it reads and writes that unit's data only.
    GrantUnit(GrantUnitArgs),
    /// Make a PostgreSQL role a province role: it reads and writes every unit's data.
    GrantAll(RoleArgs),
    /// The roles given a unit, and the province roles.
    Grants(GrantsArgs),
    /// Take back a role's unit (every grant without UNIT), the province's included.
    Revoke(RevokeArgs),
}

#[derive(Debug, Args)]
pub struct GrantUnitArgs {
    /// The officer's PostgreSQL login role.
    pub role: String,
    /// The unit's name.
    pub unit: String,
}

#[derive(Debug, Args)]
pub struct RoleArgs {
    /// The officer's PostgreSQL login role.
    pub role: String,
}

#[derive(Debug, Args)]
pub struct GrantsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// The PostgreSQL role.
    pub role: String,
    /// Only this unit.
    pub unit: Option<String>,
}

pub fn run(env: &Env, a: &AdminArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    if env.read_only && !matches!(a.what, What::Grants(_)) {
        return Err(Failure {
            kind: ExitStatus::ReadOnly,
            message: crate::i18n::msg::cli::record::READ_ONLY
                .text(lang)
                .to_owned(),
        });
    }
    let at = i18n::datetime(env.wall);
    let line = match &a.what {
        What::GrantUnit(g) => {
            let (role, unit, done) = app::grant_unit(env, &g.role, &g.unit)?;
            let (role, unit) = (sanitize(&role), sanitize(&unit));
            match done {
                Done::Changed => m::GrantedUnit { unit, role, at }.text(lang),
                Done::Already => m::AlreadyUnit { role, unit }.text(lang),
            }
        }
        What::GrantAll(g) => {
            let (role, done) = app::grant_all(env, &g.role)?;
            let role = sanitize(&role);
            match done {
                Done::Changed => m::GrantedAll { role, at }.text(lang),
                Done::Already => m::AlreadyAll { role }.text(lang),
            }
        }
        What::Revoke(r) => {
            let (role, unit, done) = app::revoke(env, &r.role, r.unit.as_deref())?;
            let role = sanitize(&role);
            let what = match &unit {
                Some(u) => m::UnitNamed { unit: sanitize(u) }.text(lang),
                None => m::EVERY_GRANT.text(lang).to_owned(),
            };
            match done {
                Done::Changed => m::Revoked { role, what, at }.text(lang),
                Done::Already => m::RevokedNone { role, what }.text(lang),
            }
        }
        What::Grants(g) => return grants(env, g.json),
    };
    emit(&format!("{line}\n"))?;
    Ok(ExitCode::SUCCESS)
}

fn grants(env: &Env, as_json: bool) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let list = app::grants(env)?;
    if as_json {
        let v: Vec<_> = list
            .iter()
            .map(|g| {
                json!({
                    "role": g.role,
                    "unit": g.unit,
                    "province": g.unit.is_none(),
                    "granted_at": (!g.granted_at.is_empty()).then_some(&g.granted_at),
                })
            })
            .collect();
        super::emit_json(&serde_json::Value::Array(v))?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        emit(&format!("{}\n", m::NO_GRANTS.text(lang)))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = Table::new(vec![
        m::ROLE.text(lang).to_owned(),
        m::UNIT.text(lang).to_owned(),
        m::SINCE.text(lang).to_owned(),
    ]);
    for g in &list {
        let since = chrono::NaiveDateTime::parse_from_str(&g.granted_at, "%Y-%m-%dT%H:%M:%S")
            .map(i18n::datetime)
            .unwrap_or_default();
        t.push(vec![
            g.role.clone(),
            g.unit
                .clone()
                .unwrap_or_else(|| m::PROVINCE.text(lang).to_owned()),
            since,
        ]);
    }
    emit_styled(&t.render(term_width(), &|_| None))?;
    Ok(ExitCode::SUCCESS)
}
