//! `capdo handover DIR [--zip]` and `capdo handover --verify DIR`: the pack a successor opens
//! with nothing installed (a backup of the store, the current reports, the evidence files and
//! their register, the BAN-GIAO.docx and .md record, a SHA-256 manifest), and its check.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Env, ExitStatus, Failure, emit};
use crate::app::env::evidence_root;
use crate::app::evidence as files;
use crate::app::handover::{MANIFEST, io_fail, walk, write_pack};
use crate::i18n::msg::cli::handover as m;

#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// The folder to write (it must not exist, or be empty); with --zip, DIR.zip.
    pub dir: PathBuf,
    /// Write one DIR.zip file instead of a folder.
    #[arg(long, conflicts_with = "verify")]
    pub zip: bool,
    /// Check a pack's MANIFEST.sha256 instead: exit 0 when every file matches, 6 naming each
    /// changed, missing or unlisted file.
    #[arg(long)]
    pub verify: bool,
    /// The evidence root (see `capdo evidence`); default: CAPDO_EVIDENCE_ROOT, then the config
    /// file's `evidence_root`.
    #[arg(long, env = "CAPDO_EVIDENCE_ROOT", value_name = "DIR")]
    pub evidence_root: Option<PathBuf>,
    /// Who hands over (default: the profile's officer, else the OS user).
    #[arg(long, value_name = "NAME")]
    pub officer: Option<String>,
}

pub fn run(env: &Env, a: &HandoverArgs) -> Result<ExitCode, Failure> {
    if a.verify {
        return verify(env, &a.dir);
    }
    let root = evidence_root(a.evidence_root.as_deref());
    let (_, line) = write_pack(env, &a.dir, a.zip, root.as_deref(), a.officer.as_deref())?;
    emit(&format!("{line}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// `handover --verify DIR`: every file of the manifest matches, and no file is unlisted.
fn verify(env: &Env, dir: &Path) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = dir.display().to_string();
    let manifest = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        Failure::input(
            m::ManifestUnreadable {
                name: &name,
                manifest: MANIFEST,
                e,
            }
            .text(lang),
        )
    })?;
    let mut out = String::new();
    let mut bad = 0usize;
    let mut listed = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((sha, rel)) = line.split_once("  ") else {
            out.push_str(
                &m::MalformedLine {
                    manifest: MANIFEST,
                    line: n + 1,
                }
                .text(lang),
            );
            bad += 1;
            continue;
        };
        listed.insert(rel.to_owned());
        let unsafe_path = Path::new(rel)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)));
        let found = if unsafe_path {
            Err(std::io::Error::other("path leaves the pack"))
        } else {
            files::hash_file(&dir.join(rel))
        };
        match found {
            Ok((_, now, _)) if now == sha => {}
            Ok(_) => {
                bad += 1;
                out.push_str(
                    &m::Changed {
                        file: crate::text::sanitize(rel),
                    }
                    .text(lang),
                );
            }
            Err(e) => {
                bad += 1;
                out.push_str(
                    &m::Missing {
                        file: crate::text::sanitize(rel),
                        e,
                    }
                    .text(lang),
                );
            }
        }
    }
    for rel in walk(dir).map_err(|e| io_fail(dir, e))? {
        if rel != MANIFEST && !listed.contains(&rel) {
            bad += 1;
            out.push_str(
                &m::Unlisted {
                    file: crate::text::sanitize(&rel),
                    manifest: MANIFEST,
                }
                .text(lang),
            );
        }
    }
    out.push_str(
        &m::Tally {
            matching: listed.len().saturating_sub(bad),
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
