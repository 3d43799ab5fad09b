//! The report use case (an official report built from the store, in Markdown, Word, Excel or
//! JSON) and the writing of every file that holds the unit's data: whole or nothing, private.

use std::io::Write;
use std::path::Path;

use super::env::{Env, Failure, io_message};
use crate::i18n::Lang;
use crate::i18n::msg::app::env::IoIsDir;
use crate::i18n::msg::app::report as m;
use crate::i18n::msg::common;
use crate::report::doc::Document;
use crate::report::{self, Input, Request, render};
use crate::store::Scope;

/// A report's output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Md,
    Docx,
    Xlsx,
    Json,
}

/// A built report: the document and its bytes in the asked format.
pub struct Built {
    pub doc: Document,
    pub bytes: Vec<u8>,
}

/// Builds the report `req` from the store (the review checks each claim against the evidence
/// register) and renders it in `format`.
pub fn build(env: &Env, req: Request, format: Format) -> Result<Built, Failure> {
    let lang = env.lang;
    // one store for the data and, for the review, the evidence register
    let (store, data, rules) = env.load_keeping_store(Scope::Full)?;
    let inp = Input {
        data: &data,
        rules: &rules,
        clock: env.clock,
        lang,
    };
    let doc = match req {
        Request::Review => {
            let register = store.evidence(None).map_err(|e| Failure::store(&e, lang))?;
            let mut doc = report::review::build_with_evidence(&inp, Some(&register));
            report::address(&inp, &mut doc);
            doc
        }
        req => report::build(&inp, req).map_err(|e| Failure::input(e.message(lang)))?,
    };
    let bytes = match format {
        Format::Md => render::markdown(&doc).into_bytes(),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&render::json(&doc))
                .map_err(|e| Failure::input(e.to_string()))?;
            s.push('\n');
            s.into_bytes()
        }
        Format::Xlsx => render::xlsx(&doc)
            .map_err(|e| Failure::input(m::CannotBuildXlsx { error: e }.text(lang)))?,
        Format::Docx => report::docx::docx(&doc)
            .map_err(|e| Failure::input(m::CannotBuildDocx { error: e }.text(lang)))?,
    };
    Ok(Built { doc, bytes })
}

/// Refuses a directory, or an existing file without `force`.
pub fn check_target(path: &Path, force: bool, lang: Lang) -> Result<(), Failure> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(Failure::input(IoIsDir { name }.text(lang)));
    }
    if path.exists() && !force {
        return Err(exists(&name, lang));
    }
    Ok(())
}

/// The file exists (and `--force` was not given).
pub fn exists(name: &str, lang: Lang) -> Failure {
    Failure::input(common::FileExists { name }.text(lang))
}

/// [`write_file`], its failure named for the user.
pub fn save(path: &Path, bytes: &[u8], force: bool, lang: Lang) -> Result<(), Failure> {
    let name = path.display().to_string();
    write_file(path, bytes, force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists(&name, lang)
        } else {
            Failure::input(io_message(&name, &e, lang))
        }
    })
}

fn write_all(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = crate::store::create_private(path)?;
    let r = f.write_all(bytes).and_then(|_| f.sync_all());
    if r.is_err() {
        let _ = std::fs::remove_file(path);
    }
    r
}

/// Writes the whole file or nothing, private to its owner (reports, exports and bundles hold
/// the unit's data): a new file is created exclusively; with `force` the bytes go to a
/// temporary file in the same directory that then replaces the target.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    if !force {
        return write_all(path, bytes);
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capdo".into());
    let tmp = path.with_file_name(format!(".{file_name}.capdo-{}.tmp", std::process::id()));
    write_all(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
