//! Consolidation bundles: one unit's data with a manifest, for a higher level to merge many
//! units offline (`capdo bundle FILE`, `capdo merge BUNDLE...`).
//!
//! Format `capdo-bundle`, version 1, one JSON document:
//!
//! ```json
//! {"format": "capdo-bundle", "version": 1,
//!  "manifest": {"unit": "...", "tier": "commune", "parent_authority": "...",
//!               "created_at": "2026-11-29T09:00:00", "content_sha256": "<64 hex>",
//!               "counts": {"systems": 16, ...}},
//!  "content": "<a capdo-store JSON document, as one string>"}
//! ```
//!
//! The content is carried as a string so that the hash covers its exact bytes (the UTF-8 of
//! the string); no canonical re-serialisation is needed to check it. The unit name is data,
//! never a path: nothing is ever written to a file named after it. A bundle holds the local
//! unit only (systems with an empty `unit`, and what refers to them).

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{Rejected, json as store_json};
use crate::domain::Tier;
use crate::i18n::msg::exchange::bundle as say;
use crate::i18n::{Lang, Text};
use crate::store::restore::Dump;
use crate::text::{clean, excerpt, sanitize};

pub const FORMAT: &str = "capdo-bundle";
pub const VERSION: i64 = 1;
/// Longest unit name accepted (characters).
pub const MAX_UNIT: usize = 200;
/// Largest bundle read (bytes).
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

const TOP: [&str; 4] = ["format", "version", "manifest", "content"];
const MANIFEST: [&str; 6] = [
    "unit",
    "tier",
    "parent_authority",
    "created_at",
    "content_sha256",
    "counts",
];
const COUNTS: [&str; 8] = [
    "systems",
    "dossier_steps",
    "assessments",
    "incidents",
    "projects",
    "report_submissions",
    "custom_deadlines",
    "change_log",
];

/// How many records of each kind the content holds (serialised in this order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub systems: usize,
    pub dossier_steps: usize,
    pub assessments: usize,
    pub incidents: usize,
    pub projects: usize,
    pub report_submissions: usize,
    pub custom_deadlines: usize,
    pub change_log: usize,
}

impl Counts {
    pub fn of(d: &Dump) -> Counts {
        Counts {
            systems: d.systems.len(),
            dossier_steps: d.steps.len(),
            assessments: d.assessments.len(),
            incidents: d.incidents.len(),
            projects: d.projects.len(),
            report_submissions: d.reports.len(),
            custom_deadlines: d.customs.len(),
            change_log: d.log.len(),
        }
    }

    fn get(&self, key: &str) -> usize {
        match key {
            "systems" => self.systems,
            "dossier_steps" => self.dossier_steps,
            "assessments" => self.assessments,
            "incidents" => self.incidents,
            "projects" => self.projects,
            "report_submissions" => self.report_submissions,
            "custom_deadlines" => self.custom_deadlines,
            _ => self.change_log,
        }
    }
}

/// A bundle's identity card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub unit: String,
    pub tier: Tier,
    pub parent_authority: String,
    pub created_at: NaiveDateTime,
    /// Lower-case hex SHA-256 of the content's bytes.
    pub content_sha256: String,
    pub counts: Counts,
}

/// A bundle read and checked: manifest, hash, content and their agreement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    pub manifest: Manifest,
    pub dump: Dump,
}

/// Why a bundle was refused. Nothing is written in any case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BundleError {
    /// Not JSON (line of the error, parser message).
    Json { line: usize, detail: String },
    /// Not a capdo bundle (wrong or missing `format`).
    NotBundle,
    /// A newer or unknown format version.
    Version { found: String },
    /// A manifest field (or the document's shape) is wrong.
    Malformed {
        path: String,
        vi: String,
        en: String,
        value: Option<String>,
    },
    /// The content does not hash to the manifest's value.
    Hash { expected: String, actual: String },
    /// The content is not a valid capdo-store document.
    Content(Rejected),
    /// The manifest names another unit than the content's profile.
    UnitMismatch { manifest: String, content: String },
    /// The manifest's counts disagree with the content.
    Counts {
        what: &'static str,
        manifest: usize,
        content: usize,
    },
    /// The content holds systems of other units (a consolidated store).
    ForeignUnits { systems: usize, example: String },
    /// Writing: the store has no unit name.
    NoUnitName,
    /// Writing: the content could not be serialised.
    Write(String),
}

impl BundleError {
    /// The message in `lang`, prefixed with the file name.
    pub fn message(&self, file: &str, lang: Lang) -> String {
        let body = match self {
            BundleError::Json { line, detail } => say::BrokenJson { line, detail }.text(lang),
            BundleError::NotBundle => say::NOT_BUNDLE.text(lang).to_owned(),
            BundleError::Version { found } => say::Version {
                found,
                supported: VERSION,
            }
            .text(lang),
            BundleError::Malformed {
                path,
                vi,
                en,
                value,
            } => {
                let why = match lang {
                    Lang::Vi => vi,
                    Lang::En => en,
                };
                match value {
                    Some(value) => say::MalformedValue { path, why, value }.text(lang),
                    None => say::Malformed { path, why }.text(lang),
                }
            }
            BundleError::Hash { expected, actual } => say::Hash { expected, actual }.text(lang),
            BundleError::Content(r) => {
                let mut s = say::BAD_CONTENT.text(lang).to_owned();
                for e in r.0.iter().take(10) {
                    s.push_str("\n  ");
                    s.push_str(&e.to_string());
                }
                if r.0.len() > 10 {
                    s.push_str(&format!("\n  … (+{})", r.0.len() - 10));
                }
                s
            }
            BundleError::UnitMismatch { manifest, content } => say::UnitMismatch {
                manifest: sanitize(manifest),
                content: sanitize(content),
            }
            .text(lang),
            BundleError::Counts {
                what,
                manifest,
                content,
            } => say::Counts {
                what,
                manifest,
                content,
            }
            .text(lang),
            BundleError::ForeignUnits { systems, example } => say::ForeignUnits {
                systems,
                example: sanitize(example),
            }
            .text(lang),
            BundleError::NoUnitName => say::NO_UNIT_NAME.text(lang).to_owned(),
            BundleError::Write(detail) => say::CannotBuild { detail }.text(lang),
        };
        match self {
            BundleError::NoUnitName | BundleError::Write(_) => format!("{file}: {body}"),
            _ => format!("{file}: {body}\n{}", say::REFUSED.text(lang)),
        }
    }
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The local unit's part of a store: its systems and what refers to them, projects, report
/// submissions, custom deadlines and the change log. Returns it and the number of systems of
/// other units left out.
pub fn local_dump(d: &Dump) -> (Dump, usize) {
    let local = |u: &str| u.is_empty();
    let systems: Vec<_> = d
        .systems
        .iter()
        .filter(|s| local(&s.system.unit))
        .cloned()
        .collect();
    let left_out = d.systems.len() - systems.len();
    let out = Dump {
        profile: d.profile.clone(),
        systems,
        steps: d
            .steps
            .iter()
            .filter(|s| local(&s.system.unit))
            .cloned()
            .collect(),
        assessments: d
            .assessments
            .iter()
            .filter(|a| local(&a.system.unit))
            .cloned()
            .collect(),
        incidents: d
            .incidents
            .iter()
            .filter(|i| i.system.as_ref().is_none_or(|r| local(&r.unit)))
            .cloned()
            .collect(),
        projects: d.projects.clone(),
        reports: d.reports.clone(),
        customs: d
            .customs
            .iter()
            .filter(|c| c.system.as_ref().is_none_or(|r| local(&r.unit)))
            .cloned()
            .collect(),
        calendar: d.calendar.clone(),
        // the register names files on this unit's machines: it stays home
        evidence: Vec::new(),
        log: d.log.clone(),
    };
    (out, left_out)
}

/// The document as written, keys in this order.
#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    version: i64,
    manifest: ManifestOut<'a>,
    content: &'a str,
}

#[derive(Serialize)]
struct ManifestOut<'a> {
    unit: &'a str,
    tier: &'static str,
    parent_authority: &'a str,
    created_at: String,
    content_sha256: &'a str,
    counts: &'a Counts,
}

/// Builds a bundle of the local unit of `dump`. Returns the bytes, the manifest and the
/// number of systems of other units left out.
pub fn write(
    dump: &Dump,
    created_at: NaiveDateTime,
) -> Result<(Vec<u8>, Manifest, usize), BundleError> {
    let unit = clean(&dump.profile.profile.unit_name);
    if unit.is_empty() {
        return Err(BundleError::NoUnitName);
    }
    let (local, left_out) = local_dump(dump);
    let content_bytes = store_json::to_json(&local).map_err(BundleError::Write)?;
    let content =
        String::from_utf8(content_bytes).map_err(|e| BundleError::Write(e.to_string()))?;
    let manifest = Manifest {
        unit,
        tier: local.profile.profile.tier,
        parent_authority: clean(&local.profile.profile.parent_authority),
        created_at,
        content_sha256: sha256_hex(content.as_bytes()),
        counts: Counts::of(&local),
    };
    let doc = DocOut {
        format: FORMAT,
        version: VERSION,
        manifest: ManifestOut {
            unit: &manifest.unit,
            tier: manifest.tier.key(),
            parent_authority: &manifest.parent_authority,
            created_at: manifest.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            content_sha256: &manifest.content_sha256,
            counts: &manifest.counts,
        },
        content: &content,
    };
    let mut bytes =
        serde_json::to_vec_pretty(&doc).map_err(|e| BundleError::Write(e.to_string()))?;
    bytes.push(b'\n');
    Ok((bytes, manifest, left_out))
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => excerpt(s),
        other => excerpt(&other.to_string()),
    }
}

fn malformed(path: &str, why: Text, value: Option<&Value>) -> BundleError {
    malformed_as(path, why.vi.to_owned(), why.en.to_owned(), value)
}

/// `malformed` with a reason already put in both languages.
fn malformed_as(path: &str, vi: String, en: String, value: Option<&Value>) -> BundleError {
    BundleError::Malformed {
        path: path.to_owned(),
        vi,
        en,
        value: value.map(short),
    }
}

/// Characters a unit name may not hold: controls and the invisible direction marks that can
/// make one name look like another.
fn bad_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Checks a text field of the manifest: a string, no control characters, at most `max`
/// characters; returns it cleaned (NFC, trimmed).
fn text_field(
    m: &Map<String, Value>,
    key: &str,
    max: usize,
    required: bool,
) -> Result<String, BundleError> {
    let path = format!("manifest.{key}");
    let v = m.get(key);
    let Some(Value::String(s)) = v else {
        return Err(malformed(&path, say::NOT_A_STRING, v));
    };
    if s.chars().any(bad_char) {
        return Err(malformed(&path, say::INVISIBLE_CHARS, v));
    }
    let c = clean(s);
    if required && c.is_empty() {
        return Err(malformed(&path, say::EMPTY, v));
    }
    if c.chars().count() > max {
        let why = say::TooLong { max };
        return Err(malformed_as(
            &path,
            why.text(Lang::Vi),
            why.text(Lang::En),
            v,
        ));
    }
    Ok(c)
}

/// `manifest.tier`: one of the tiers' keys.
fn read_tier(m: &Map<String, Value>) -> Result<Tier, BundleError> {
    Ok(match m.get("tier") {
        Some(Value::String(t)) => Tier::from_key(t)
            .ok_or_else(|| malformed("manifest.tier", say::BAD_TIER, m.get("tier")))?,
        other => {
            return Err(malformed("manifest.tier", say::NOT_A_STRING, other));
        }
    })
}

/// `manifest.created_at`: `YYYY-MM-DDTHH:MM:SS`, written exactly so.
fn read_created_at(m: &Map<String, Value>) -> Result<NaiveDateTime, BundleError> {
    Ok(match m.get("created_at") {
        Some(Value::String(s)) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .ok()
            .filter(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string() == *s)
            .ok_or_else(|| malformed("manifest.created_at", say::BAD_TIME, m.get("created_at")))?,
        other => {
            return Err(malformed("manifest.created_at", say::NOT_A_TIME, other));
        }
    })
}

/// `manifest.content_sha256`: 64 lower-case hex digits.
fn read_sha256(m: &Map<String, Value>) -> Result<String, BundleError> {
    Ok(match m.get("content_sha256") {
        Some(Value::String(s))
            if s.len() == 64
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
        {
            s.clone()
        }
        other => {
            return Err(malformed("manifest.content_sha256", say::BAD_SHA256, other));
        }
    })
}

/// `manifest.counts`: the eight counts, non-negative integers, no other key.
fn read_counts(m: &Map<String, Value>) -> Result<Counts, BundleError> {
    Ok(match m.get("counts") {
        Some(Value::Object(c)) => {
            if let Some(k) = c.keys().find(|k| !COUNTS.contains(&k.as_str())) {
                return Err(malformed(
                    &format!("manifest.counts.{k}"),
                    say::UNKNOWN_MANIFEST_KEY,
                    None,
                ));
            }
            let mut n = [0usize; 8];
            for (i, k) in COUNTS.iter().enumerate() {
                let v = c.get(*k);
                n[i] = v
                    .and_then(Value::as_u64)
                    .and_then(|x| usize::try_from(x).ok())
                    .ok_or_else(|| {
                        malformed(&format!("manifest.counts.{k}"), say::NOT_A_COUNT, v)
                    })?;
            }
            Counts {
                systems: n[0],
                dossier_steps: n[1],
                assessments: n[2],
                incidents: n[3],
                projects: n[4],
                report_submissions: n[5],
                custom_deadlines: n[6],
                change_log: n[7],
            }
        }
        other => {
            return Err(malformed("manifest.counts", say::NOT_AN_OBJECT, other));
        }
    })
}

/// Reads and checks a bundle: shape, manifest, hash, content, and that manifest and content
/// agree. `file` names the bundle in messages from the content.
pub fn read(file: &str, bytes: &[u8], lang: Lang) -> Result<Bundle, BundleError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let root: Value = serde_json::from_slice(body).map_err(|e| BundleError::Json {
        line: e.line(),
        detail: e.to_string(),
    })?;
    let Some(top) = root.as_object() else {
        return Err(BundleError::NotBundle);
    };
    match top.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        _ => return Err(BundleError::NotBundle),
    }
    match top.get("version") {
        Some(v) if v.as_i64() == Some(VERSION) => {}
        other => {
            return Err(BundleError::Version {
                found: other.map(short).unwrap_or_else(|| "—".into()),
            });
        }
    }
    if let Some(k) = top.keys().find(|k| !TOP.contains(&k.as_str())) {
        return Err(malformed(k, say::UNKNOWN_KEY, None));
    }
    let Some(Value::Object(m)) = top.get("manifest") else {
        return Err(malformed(
            "manifest",
            say::NOT_AN_OBJECT_OR_MISSING,
            top.get("manifest"),
        ));
    };
    if let Some(k) = m.keys().find(|k| !MANIFEST.contains(&k.as_str())) {
        return Err(malformed(
            &format!("manifest.{k}"),
            say::UNKNOWN_MANIFEST_KEY,
            None,
        ));
    }
    let unit = text_field(m, "unit", MAX_UNIT, true)?;
    let parent_authority = text_field(m, "parent_authority", 500, false)?;
    let tier = read_tier(m)?;
    let created_at = read_created_at(m)?;
    let sha = read_sha256(m)?;
    let counts = read_counts(m)?;
    let Some(Value::String(content)) = top.get("content") else {
        return Err(malformed("content", say::NOT_A_STRING_OR_MISSING, None));
    };
    // the hash first: nothing in a content that fails it is looked at
    let actual = sha256_hex(content.as_bytes());
    if actual != sha {
        return Err(BundleError::Hash {
            expected: sha,
            actual,
        });
    }
    let dump = store_json::parse(&format!("{file}#content"), content.as_bytes(), lang)
        .map_err(BundleError::Content)?;
    let content_unit = clean(&dump.profile.profile.unit_name);
    if content_unit != unit {
        return Err(BundleError::UnitMismatch {
            manifest: unit,
            content: content_unit,
        });
    }
    let have = Counts::of(&dump);
    for k in COUNTS {
        if have.get(k) != counts.get(k) {
            return Err(BundleError::Counts {
                what: k,
                manifest: counts.get(k),
                content: have.get(k),
            });
        }
    }
    let foreign: Vec<&str> = dump
        .systems
        .iter()
        .map(|s| s.system.unit.as_str())
        .filter(|u| !u.is_empty())
        .collect();
    if let Some(first) = foreign.first() {
        return Err(BundleError::ForeignUnits {
            systems: foreign.len(),
            example: (*first).to_owned(),
        });
    }
    Ok(Bundle {
        manifest: Manifest {
            unit,
            tier,
            parent_authority,
            created_at,
            content_sha256: sha,
            counts,
        },
        dump,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, WriteCtx};

    fn ctx() -> WriteCtx {
        WriteCtx::test_at(9, 0)
    }

    fn sample_dump() -> Dump {
        let c = ctx();
        let mut s = Store::in_memory(c.today).expect("store");
        crate::sample::load(&mut s, &c).expect("sample");
        s.dump().expect("dump")
    }

    fn bytes() -> Vec<u8> {
        write(&sample_dump(), ctx().at).expect("write").0
    }

    #[test]
    fn round_trip() {
        let d = sample_dump();
        let (b, m, left) = write(&d, ctx().at).expect("write");
        assert_eq!(left, 0);
        assert_eq!(m.unit, "UBND xã Mẫu An (MẪU)");
        assert_eq!(m.counts.systems, 16);
        let back = read("b.json", &b, Lang::En).expect("read");
        assert_eq!(back.manifest, m);
        // the content is the store's JSON, byte for byte
        let again = store_json::to_json(&back.dump).expect("json");
        assert!(again == store_json::to_json(&d).expect("json"));
        assert_eq!(sha256_hex(&again), m.content_sha256);
    }

    #[test]
    fn tampering_is_refused() {
        let b = bytes();
        let mut v: Value = serde_json::from_slice(&b).expect("json");
        // one byte of the content
        let mut t = v.clone();
        let c = t["content"]
            .as_str()
            .expect("content")
            .replacen("MA-LAN", "MA-LAM", 1);
        t["content"] = Value::String(c);
        let e = read("x", &serde_json::to_vec(&t).expect("v"), Lang::En).unwrap_err();
        assert!(matches!(e, BundleError::Hash { .. }), "{e:?}");
        assert!(e.message("x", Lang::Vi).contains("không khớp"));
        // the hash
        let mut t = v.clone();
        t["manifest"]["content_sha256"] = Value::String("0".repeat(64));
        let e = read("x", &serde_json::to_vec(&t).expect("v"), Lang::En).unwrap_err();
        assert!(matches!(e, BundleError::Hash { .. }), "{e:?}");
        // the unit, hash kept: the content disagrees
        let mut t = v.clone();
        t["manifest"]["unit"] = Value::String("UBND xã Khác".into());
        let e = read("x", &serde_json::to_vec(&t).expect("v"), Lang::En).unwrap_err();
        assert!(matches!(e, BundleError::UnitMismatch { .. }), "{e:?}");
        // counts
        let mut t = v.clone();
        t["manifest"]["counts"]["systems"] = Value::from(3);
        let e = read("x", &serde_json::to_vec(&t).expect("v"), Lang::En).unwrap_err();
        assert!(
            matches!(
                e,
                BundleError::Counts {
                    what: "systems",
                    ..
                }
            ),
            "{e:?}"
        );
        // malformed manifests
        for (k, val) in [
            ("unit", Value::String(String::new())),
            ("unit", Value::String("a\u{202e}b".into())),
            ("unit", Value::from(5)),
            ("tier", Value::String("galaxy".into())),
            ("created_at", Value::String("2026-13-01T00:00:00".into())),
            ("content_sha256", Value::String("ABC".into())),
            ("path", Value::String("../../etc/passwd".into())),
        ] {
            let mut t = v.clone();
            t["manifest"][k] = val;
            let e = read("x", &serde_json::to_vec(&t).expect("v"), Lang::En).unwrap_err();
            assert!(matches!(e, BundleError::Malformed { .. }), "{k}: {e:?}");
        }
        v["version"] = Value::from(2);
        let e = read("x", &serde_json::to_vec(&v).expect("v"), Lang::En).unwrap_err();
        assert!(matches!(e, BundleError::Version { .. }), "{e:?}");
        assert_eq!(
            read("x", b"{\"format\": \"capdo-store\"}", Lang::En).unwrap_err(),
            BundleError::NotBundle
        );
        assert!(matches!(
            read("x", b"{not json", Lang::En).unwrap_err(),
            BundleError::Json { .. }
        ));
    }

    #[test]
    fn a_store_without_a_unit_name_cannot_be_bundled() {
        let mut d = sample_dump();
        d.profile.profile.unit_name = "  ".into();
        assert_eq!(write(&d, ctx().at).unwrap_err(), BundleError::NoUnitName);
    }

    #[test]
    fn only_the_local_unit_is_bundled() {
        let mut d = sample_dump();
        d.systems[0].system.unit = "UBND xã Khác".into();
        let (l, left) = local_dump(&d);
        assert_eq!(left, 1);
        assert_eq!(l.systems.len(), 15);
        assert!(l.systems.iter().all(|s| s.system.unit.is_empty()));
    }
}
