//! A province's use cases on a shared PostgreSQL store: granting a role one unit or every unit,
//! listing and taking back grants, and writing one unit's bundle (`bundle --unit`).

use std::path::Path;

use chrono::NaiveDate;

use super::env::{Env, Failure};
use super::merge::Bundled;
use super::report::{check_target, save};
use crate::domain::Tier;
use crate::exchange::bundle;
use crate::i18n::Lang;
use crate::i18n::msg::app::admin as m;
use crate::i18n::msg::cli::bundle as mb;
use crate::store::admin::{Done, Grant};
use crate::store::restore::{Dump, ProfileRow, SysRef};
use crate::store::{Access, Store, StoreError};
use crate::text::{clean, fold, sanitize};

/// The longest unit name taken (the same as any other text field).
const UNIT_MAX: usize = super::valid::MAX_TEXT;

/// A PostgreSQL role name as typed: NFC, trimmed, 1 to 63 bytes (the server's limit), no
/// control characters.
pub fn check_role(raw: &str, lang: Lang) -> Result<String, Failure> {
    let role = clean(raw);
    if role.is_empty() || role.len() > 63 || role.chars().any(char::is_control) {
        return Err(Failure::input(
            m::BadRole {
                role: sanitize(&role),
            }
            .text(lang),
        ));
    }
    Ok(role)
}

/// A unit name as typed: NFC, trimmed, 1 to `UNIT_MAX` characters, no control characters.
pub fn check_unit(raw: &str, lang: Lang) -> Result<String, Failure> {
    let unit = clean(raw);
    if unit.is_empty() || unit.chars().count() > UNIT_MAX || unit.chars().any(char::is_control) {
        return Err(Failure::input(
            m::BadUnit {
                unit: sanitize(&unit),
                max: UNIT_MAX,
            }
            .text(lang),
        ));
    }
    Ok(unit)
}

/// A refusal (no such role, a role that has a unit, an SQLite store) is the user's to fix:
/// bad input; anything else means the store cannot be used.
fn fail(e: &StoreError, lang: Lang) -> Failure {
    match e {
        StoreError::Refused { .. } => Failure::input(e.message(lang)),
        _ => Failure::store(e, lang),
    }
}

fn open(env: &Env) -> Result<Store, Failure> {
    env.open(Access::ReadWrite)
}

/// `capdo admin grant-unit ROLE UNIT`.
pub fn grant_unit(env: &Env, role: &str, unit: &str) -> Result<(String, String, Done), Failure> {
    let lang = env.lang;
    let (role, unit) = (check_role(role, lang)?, check_unit(unit, lang)?);
    let mut store = open(env)?;
    let done = store
        .grant_unit(&env.write_ctx(), &role, &unit)
        .map_err(|e| fail(&e, lang))?;
    Ok((role, unit, done))
}

/// `capdo admin grant-all ROLE`.
pub fn grant_all(env: &Env, role: &str) -> Result<(String, Done), Failure> {
    let lang = env.lang;
    let role = check_role(role, lang)?;
    let mut store = open(env)?;
    let done = store
        .grant_all(&env.write_ctx(), &role)
        .map_err(|e| fail(&e, lang))?;
    Ok((role, done))
}

/// `capdo admin revoke ROLE [UNIT]`.
pub fn revoke(
    env: &Env,
    role: &str,
    unit: Option<&str>,
) -> Result<(String, Option<String>, Done), Failure> {
    let lang = env.lang;
    let role = check_role(role, lang)?;
    let unit = unit.map(|u| check_unit(u, lang)).transpose()?;
    let mut store = open(env)?;
    let done = store
        .revoke(&env.write_ctx(), &role, unit.as_deref())
        .map_err(|e| fail(&e, lang))?;
    Ok((role, unit, done))
}

/// `capdo admin grants`.
pub fn grants(env: &Env) -> Result<Vec<Grant>, Failure> {
    let store = env.open(Access::ReadOnly)?;
    store.grants().map_err(|e| fail(&e, env.lang))
}

/// The unit key `name` names among the store's units (exactly, then without diacritics or
/// case): None for the store's own unit.
fn unit_key(store: &Store, own: &str, name: &str, lang: Lang) -> Result<Option<String>, Failure> {
    let want = clean(name);
    let units = store.units().map_err(|e| Failure::store(&e, lang))?;
    if want == clean(own) {
        return Ok(None);
    }
    if let Some(u) = units.iter().find(|u| **u == want) {
        return Ok(Some(u.clone()));
    }
    let f = fold(&want);
    if !own.trim().is_empty() && fold(own) == f {
        return Ok(None);
    }
    if let Some(u) = units.iter().find(|u| fold(u) == f) {
        return Ok(Some(u.clone()));
    }
    let mut known: Vec<String> = Vec::new();
    if !own.trim().is_empty() {
        known.push(format!("\"{}\"", sanitize(own.trim())));
    }
    known.extend(units.iter().map(|u| format!("\"{}\"", sanitize(u))));
    let known = if known.is_empty() {
        mb::NO_UNITS.text(lang).to_owned()
    } else {
        known.join(", ")
    };
    Err(Failure::usage(
        mb::NoSuchUnit {
            unit: sanitize(&want),
            known,
        }
        .text(lang),
    ))
}

/// The profile a unit's bundle carries: its own (PostgreSQL, read through
/// `capdo_unit_profile`), else what its last merge recorded, else a commune under this store's
/// unit; always named by its unit key.
fn unit_profile(store: &Store, dump: &Dump, key: &str, lang: Lang) -> Result<ProfileRow, Failure> {
    let own = &dump.profile;
    let mut p = own.profile.clone();
    p.unit_name = key.to_owned();
    p.tier = Tier::Commune;
    p.parent_authority = own.profile.unit_name.clone();
    p.officer = String::new();
    p.pinned_pack = None;
    p.assessment_months = None;
    let mut created_at = own.created_at.clone();
    if let Some(u) = store
        .unit_profile(key)
        .map_err(|e| Failure::store(&e, lang))?
    {
        p.tier = Tier::from_key(&u.tier).unwrap_or(Tier::Commune);
        p.parent_authority = u.parent_authority;
        p.officer = u.officer;
        if let Ok(d) = NaiveDate::parse_from_str(&u.tracking_start, "%Y-%m-%d") {
            p.tracking_start = d;
        }
        created_at = u.created_at;
    } else if let Some(v) = dump
        .log
        .iter()
        .rev()
        .find(|e| e.entity == "unit" && e.entity_key == key && e.action == "merge")
        .and_then(|e| e.new.as_deref())
        .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
    {
        if let Some(t) = v["tier"].as_str().and_then(Tier::from_key) {
            p.tier = t;
        }
        if let Some(a) = v["parent_authority"].as_str() {
            p.parent_authority = a.to_owned();
        }
    }
    Ok(ProfileRow {
        profile: p,
        created_at,
    })
}

/// The dump of unit `key` alone, its rows as the local unit's (''): its systems and what
/// hangs on them. Projects, report submissions, the calendar and the evidence register carry
/// no unit in a dump, and the change log is the store's: they stay out.
fn one_unit(dump: &Dump, key: &str, profile: ProfileRow) -> Dump {
    let mine = |r: &SysRef| r.unit == key;
    let local = |r: &SysRef| SysRef {
        unit: String::new(),
        code: r.code.clone(),
    };
    Dump {
        profile,
        systems: dump
            .systems
            .iter()
            .filter(|s| s.system.unit == key)
            .map(|s| {
                let mut s = s.clone();
                s.system.unit = String::new();
                s
            })
            .collect(),
        steps: dump
            .steps
            .iter()
            .filter(|s| mine(&s.system))
            .map(|s| {
                let mut s = s.clone();
                s.system = local(&s.system);
                s
            })
            .collect(),
        assessments: dump
            .assessments
            .iter()
            .filter(|a| mine(&a.system))
            .map(|a| {
                let mut a = a.clone();
                a.system = local(&a.system);
                a
            })
            .collect(),
        incidents: dump
            .incidents
            .iter()
            .filter(|i| i.system.as_ref().is_some_and(mine))
            .map(|i| {
                let mut i = i.clone();
                i.system = i.system.as_ref().map(local);
                i
            })
            .collect(),
        projects: Vec::new(),
        reports: Vec::new(),
        customs: dump
            .customs
            .iter()
            .filter(|c| c.system.as_ref().is_some_and(mine))
            .map(|c| {
                let mut c = c.clone();
                c.system = c.system.as_ref().map(local);
                c
            })
            .collect(),
        calendar: Vec::new(),
        evidence: Vec::new(),
        // a unit's chain on a shared store is numbered among every unit's entries: the
        // bundle's format wants 1, 2, 3…, and a merge records the bundle, not its log
        log: Vec::new(),
    }
}

/// `capdo bundle FILE --unit NAME`: one unit of a province's store written as that unit's
/// bundle (the store's own unit: the same as `capdo bundle FILE`).
pub fn bundle_unit(env: &Env, file: &Path, force: bool, name: &str) -> Result<Bundled, Failure> {
    let lang = env.lang;
    let shown = sanitize(&file.display().to_string());
    check_target(file, force, lang)?;
    let store = env.open(Access::ReadWrite)?;
    let dump = store.dump().map_err(|e| Failure::store(&e, lang))?;
    let Some(key) = unit_key(&store, &dump.profile.profile.unit_name, name, lang)? else {
        drop(store);
        return super::merge::bundle(env, file, force);
    };
    let profile = unit_profile(&store, &dump, &key, lang)?;
    let one = one_unit(&dump, &key, profile);
    let created_at = if env.fixed_clock {
        env.clock.now
    } else {
        env.wall
    };
    let (bytes, manifest, left_out) =
        bundle::write(&one, created_at).map_err(|e| Failure::input(e.message(&shown, lang)))?;
    save(file, &bytes, force, lang)?;
    Ok(Bundled { manifest, left_out })
}
