//! The bundle and merge use cases: one unit's data written with a manifest, and several units'
//! bundles merged into this store, keyed by unit, all or nothing.

use std::path::{Path, PathBuf};

use super::env::{Env, Failure, io_message};
use super::report::{check_target, save};
use crate::exchange::bundle::{self, Bundle, BundleError, Manifest};
use crate::i18n::Lang;
use crate::i18n::msg::app::env::IoIsDir;
use crate::i18n::msg::app::merge as mb;
use crate::store::Access;
use crate::store::merge::{MergeError, UnitIn, UnitOutcome};
use crate::text::sanitize;

fn display(p: &Path) -> String {
    sanitize(&p.display().to_string())
}

/// A bundle written: its manifest, and how many systems of other units were left out.
pub struct Bundled {
    pub manifest: Manifest,
    pub left_out: usize,
}

/// Writes this store's own unit to `file` (refused when it exists, unless `force`).
pub fn bundle(env: &Env, file: &Path, force: bool) -> Result<Bundled, Failure> {
    let lang = env.lang;
    let name = display(file);
    check_target(file, force, lang)?;
    let store = env.open(Access::ReadWrite)?;
    let dump = store.dump().map_err(|e| Failure::store(&e, lang))?;
    let created_at = if env.fixed_clock {
        env.clock.now
    } else {
        env.wall
    };
    let (bytes, manifest, left_out) =
        bundle::write(&dump, created_at).map_err(|e| Failure::input(e.message(&name, lang)))?;
    // a bundle is the unit's whole record: private to its owner, like a store export
    save(file, &bytes, force, lang)?;
    Ok(Bundled { manifest, left_out })
}

/// Reads one bundle file, refusing directories and oversized files.
fn read_one(path: &Path, lang: Lang) -> Result<Bundle, String> {
    let name = display(path);
    let meta = std::fs::metadata(path).map_err(|e| io_message(&name, &e, lang))?;
    if meta.is_dir() {
        return Err(IoIsDir { name }.text(lang));
    }
    if meta.len() > bundle::MAX_BYTES {
        return Err(mb::TooLarge {
            name,
            size: meta.len(),
            max: bundle::MAX_BYTES,
        }
        .text(lang));
    }
    let bytes = std::fs::read(path).map_err(|e| io_message(&name, &e, lang))?;
    bundle::read(&name, &bytes, lang).map_err(|e: BundleError| e.message(&name, lang))
}

/// A merge done (or, with `dry_run`, checked): each bundle's outcome, and how many units the
/// store holds after it.
pub struct Merged {
    pub outcomes: Vec<UnitOutcome>,
    pub units_now: usize,
}

/// Merges the bundles into the store. Every bundle is read and checked before the store is
/// opened: a bad one changes nothing, and the refusal names every bad bundle.
pub fn merge(env: &Env, bundles: &[PathBuf], dry_run: bool) -> Result<Merged, Failure> {
    let lang = env.lang;
    let mut read: Vec<(String, Bundle)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for p in bundles {
        match read_one(p, lang) {
            Ok(b) => read.push((display(p), b)),
            Err(m) => problems.push(m),
        }
    }
    if !problems.is_empty() {
        problems.push(mb::Refused { n: problems.len() }.text(lang));
        return Err(Failure::input(problems.join("\n")));
    }
    let units: Vec<UnitIn> = read
        .iter()
        .map(|(name, b)| UnitIn {
            source: name.clone(),
            unit: b.manifest.unit.clone(),
            tier: b.manifest.tier,
            parent_authority: b.manifest.parent_authority.clone(),
            created_at: b.manifest.created_at,
            sha256: b.manifest.content_sha256.clone(),
            dump: &b.dump,
        })
        .collect();
    let mut store = env.open(Access::ReadWrite)?;
    let outcomes = store
        .merge_units(&env.write_ctx(), &units, dry_run)
        .map_err(|e| match e {
            MergeError::Store(s) => Failure::store(&s, lang),
            other => Failure::input(other.message(lang)),
        })?;
    let units_now = store.units().map_err(|e| Failure::store(&e, lang))?.len();
    Ok(Merged {
        outcomes,
        units_now,
    })
}
