//! The handover use case: the pack a successor opens with nothing installed (a backup of the
//! store, the current reports, the evidence files and their register, the BAN-GIAO.docx and .md
//! record, a SHA-256 manifest), written complete or not at all. Shared by `capdo handover` and
//! the dashboard's `H`; the check of a pack (`--verify`) stays with the command.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::env::{Env, Failure};
use super::evidence::{self as files, Finding};
use crate::domain::engine;
use crate::domain::evidence::Evidence;
use crate::i18n::msg::app::handover as m;
use crate::i18n::{Lang, msg};
use crate::report::doc::Document;
use crate::report::handover::{self, HORIZON_DAYS, Handover};
use crate::report::{self, IncidentForm, Input, Request, render};
use crate::store::{Access, Scope, Store};

/// The manifest's name.
pub const MANIFEST: &str = "MANIFEST.sha256";

/// The formats each report is written in: one line per format (the DOCX writer adds its own).
type Writer = fn(&Document) -> Result<Vec<u8>, String>;
const REPORT_FORMATS: &[(&str, Writer)] = &[
    ("md", |d| Ok(render::markdown(d).into_bytes())),
    ("docx", crate::report::docx::docx),
    ("xlsx", render::xlsx),
];

pub fn io_fail(what: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::input(format!("{}: {e}", what.display()))
}

/// Writes the pack to `dir` (or `dir.zip`); returns where and a one-line summary. Shared by
/// the command and the dashboard's `H`.
pub fn write_pack(
    env: &Env,
    dir: &Path,
    zip: bool,
    root: Option<&Path>,
    officer: Option<&str>,
) -> Result<(PathBuf, String), Failure> {
    let lang = env.lang;
    let target = if zip {
        let mut p = dir.as_os_str().to_owned();
        if !dir
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            p.push(".zip");
        }
        PathBuf::from(p)
    } else {
        dir.to_owned()
    };
    let name = target.display().to_string();
    let occupied = if zip {
        target.exists()
    } else {
        target.exists()
            && std::fs::read_dir(&target)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
    };
    if occupied {
        return Err(Failure::input(m::Occupied { name: &name }.text(lang)));
    }
    // everything is written in a private folder beside the target, then renamed (or zipped):
    // a pack is complete or absent
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ban-giao".into());
    let work = target.with_file_name(format!(".{file_name}.capdo-{}.tmp", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    make_dir(&work).map_err(|e| io_fail(&work, e))?;
    let built = build(env, root, officer, &work);
    let done = built.and_then(|summary| {
        if zip {
            zip_dir(&work, &target, &pack_name(dir)).map_err(|e| io_fail(&target, e))?;
            let _ = std::fs::remove_dir_all(&work);
        } else {
            if target.exists() {
                std::fs::remove_dir(&target).map_err(|e| io_fail(&target, e))?;
            }
            std::fs::rename(&work, &target).map_err(|e| io_fail(&target, e))?;
        }
        Ok(summary)
    });
    match done {
        Ok(summary) => Ok((
            target,
            m::Written {
                name: &name,
                summary,
            }
            .text(lang),
        )),
        Err(f) => {
            let _ = std::fs::remove_dir_all(&work);
            Err(f)
        }
    }
}

/// The folder name inside the zip (the target's name without `.zip`).
fn pack_name(dir: &Path) -> String {
    let n = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ban-giao".into());
    n.strip_suffix(".zip").map(str::to_owned).unwrap_or(n)
}

fn make_dir(p: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(p)
}

/// Writes `bytes` to `root/rel` (a new private file; folders made as needed).
fn put(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
    let p = root.join(rel);
    if let Some(d) = p.parent() {
        make_dir(d).map_err(|e| io_fail(d, e))?;
    }
    let mut f = crate::store::create_private(&p).map_err(|e| io_fail(&p, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| io_fail(&p, e))
}

/// A file name safe on every system (Windows too): no separators, reserved characters or
/// controls; Vietnamese letters kept.
fn safe_name(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    out = out.trim_matches([' ', '.']).to_owned();
    if out.is_empty() { "_".into() } else { out }
}

/// Builds the pack in `work`; returns a one-line summary.
fn build(
    env: &Env,
    root: Option<&Path>,
    officer: Option<&str>,
    work: &Path,
) -> Result<String, Failure> {
    let lang = env.lang;
    // 1. the store, backed up first; everything else is read from the backup, so the pack is
    // the store as of one moment
    let db = work.join("capdo.sqlite3");
    {
        let live = env.open(Access::ReadWrite)?;
        live.backup_to(&db, false)
            .map_err(|e| Failure::input(e.message(lang)))?;
    }
    let store =
        Store::open(&db, Access::ReadOnly, env.today()).map_err(|e| Failure::store(&e, lang))?;
    let data = store
        .load(Scope::Full)
        .map_err(|e| Failure::store(&e, lang))?;
    let rules = env.rules(data.profile.pinned_pack.as_deref())?;
    let register = store.evidence(None).map_err(|e| Failure::store(&e, lang))?;
    let officer = officer
        .map(str::to_owned)
        .filter(|s| !s.trim().is_empty())
        .or_else(|| Some(data.profile.officer.clone()).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| env.os_user.clone());
    drop(store);

    // 2. the current reports
    let inp = Input {
        data: &data,
        rules: &rules,
        clock: env.clock,
        lang,
    };
    let mut docs: Vec<(String, Document)> = Vec::new();
    let mut requests = vec![
        ("quy".to_owned(), Request::Quarterly(None)),
        ("nam".to_owned(), Request::Annual(None)),
        ("kinh-phi".to_owned(), Request::Budget(None)),
    ];
    for i in &data.incidents {
        requests.push((
            format!("su-co-{}", i.id),
            Request::Incident {
                id: i.id,
                form: IncidentForm::Notification,
            },
        ));
    }
    let mut review = report::review::build_with_evidence(&inp, Some(&register));
    report::address(&inp, &mut review);
    docs.push(("ra-soat".to_owned(), review));
    for (stem, req) in requests {
        let doc = report::build(&inp, req).map_err(|e| Failure::input(e.message(lang)))?;
        docs.push((stem, doc));
    }
    let mut reports = Vec::new();
    for (stem, doc) in &docs {
        for (ext, write) in REPORT_FORMATS {
            let rel = format!("bao-cao/{stem}.{ext}");
            let bytes = write(doc).map_err(|e| Failure::input(format!("{rel}: {e}")))?;
            put(work, &rel, &bytes)?;
            reports.push(rel);
        }
    }

    // 3. the evidence files and their register
    let mut problems = Vec::new();
    let mut copied: Vec<Option<String>> = Vec::new();
    for e in &register {
        let finding = files::check(e, root);
        if let Some(line) = finding_line(e, &finding, lang) {
            problems.push(line.trim_start_matches("✖ ").to_owned());
        }
        let src = files::locate(e, root);
        let rel = match (&finding, src) {
            (Finding::Same | Finding::Changed { .. }, Some(src)) => {
                let rel = format!(
                    "evidence/{}/{}-{}",
                    safe_name(&e.system_code),
                    e.id,
                    safe_name(e.file_name())
                );
                let bytes = std::fs::read(&src).map_err(|x| io_fail(&src, x))?;
                put(work, &rel, &bytes)?;
                Some(rel)
            }
            _ => None,
        };
        copied.push(rel);
    }
    let (xlsx, csv) = register_files(&register, &copied, lang).map_err(Failure::input)?;
    put(work, "evidence/so-tai-lieu.xlsx", &xlsx)?;
    put(work, "evidence/so-tai-lieu.csv", &csv)?;

    // 4. the summary
    let items = engine::deadlines(&data, &rules, env.clock, HORIZON_DAYS);
    let h = Handover {
        data: &data,
        rules: &rules,
        clock: env.clock,
        lang,
        items: &items,
        register: &register,
        officer: &officer,
        made_at: env.wall,
        evidence_problems: &problems,
        reports: &reports,
    };
    // one document, two renderings: Word with the Decree 30 layout, Markdown for a terminal
    let record = handover::document(&h);
    put(work, "BAN-GIAO.md", render::markdown(&record).as_bytes())?;
    let docx = crate::report::docx::docx(&record)
        .map_err(|e| Failure::input(format!("BAN-GIAO.docx: {e}")))?;
    put(work, "BAN-GIAO.docx", &docx)?;

    // 5. the manifest of every other file
    let listed = write_manifest(work)?;
    let overdue = items
        .iter()
        .filter(|d| d.status == engine::Status::Overdue)
        .count();
    Ok(m::Summary {
        listed,
        reports: docs.len(),
        documents: register.len(),
        not_copied: copied.iter().filter(|c| c.is_none()).count(),
        overdue,
    }
    .text(lang))
}

/// The register as XLSX and CSV, with where each copy sits in the pack.
fn register_files(
    register: &[Evidence],
    copied: &[Option<String>],
    lang: Lang,
) -> Result<(Vec<u8>, Vec<u8>), String> {
    let head = [
        "#",
        msg::common::SYSTEM.text(lang),
        msg::common::KIND.text(lang),
        m::COL_NUMBER.text(lang),
        m::COL_DATE.text(lang),
        m::COL_PROVES.text(lang),
        m::COL_NOTE.text(lang),
        m::COL_ORIGINAL_PATH.text(lang),
        m::COL_COPY.text(lang),
        m::COL_SIZE.text(lang),
        "SHA-256",
    ];
    let rows: Vec<Vec<String>> = register
        .iter()
        .zip(copied)
        .map(|(e, c)| {
            vec![
                e.id.to_string(),
                e.system_code.clone(),
                e.kind.label(lang).to_owned(),
                e.reference.clone(),
                e.on.map(crate::i18n::date).unwrap_or_default(),
                e.proves.as_ref().map(|p| p.label(lang)).unwrap_or_default(),
                e.note.clone(),
                e.path.clone(),
                c.clone().unwrap_or_else(|| m::NOT_COPIED.text(lang).into()),
                e.size.to_string(),
                e.sha256.clone(),
            ]
        })
        .collect();
    // CSV: UTF-8 with a BOM (Excel reads Vietnamese right), formula starts neutralised
    let mut w = csv::Writer::from_writer(Vec::from(&b"\xEF\xBB\xBF"[..]));
    w.write_record(head).map_err(|e| e.to_string())?;
    for r in &rows {
        w.write_record(
            r.iter()
                .map(|c| crate::exchange::export::neutralize(c).into_owned()),
        )
        .map_err(|e| e.to_string())?;
    }
    let csv = w.into_inner().map_err(|e| e.to_string())?;
    // XLSX: text as text, never a formula
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .set_name(m::SHEET.text(lang))
        .map_err(|e| e.to_string())?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in head.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet
                .write_string((r + 1) as u32, c as u16, crate::text::sanitize(v))
                .map_err(|e| e.to_string())?;
        }
    }
    let xlsx = book.save_to_buffer().map_err(|e| e.to_string())?;
    Ok((xlsx, csv))
}

/// Every file under `root`, relative with `/`, sorted.
pub fn walk(root: &Path) -> std::io::Result<Vec<String>> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let p = e.path();
            let ty = e.file_type()?;
            if ty.is_dir() {
                go(root, &p, out)?;
            } else if ty.is_file() {
                let rel = p.strip_prefix(root).unwrap_or(&p);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    go(root, root, &mut out)?;
    out.sort();
    Ok(out)
}

/// Writes MANIFEST.sha256 (`sha256sum` format: hash, two spaces, relative path) listing every
/// other file; returns how many.
fn write_manifest(work: &Path) -> Result<usize, Failure> {
    let files = walk(work).map_err(|e| io_fail(work, e))?;
    let mut text = String::new();
    for rel in &files {
        let (_, sha, _) =
            files::hash_file(&work.join(rel)).map_err(|e| io_fail(Path::new(rel), e))?;
        text.push_str(&format!("{sha}  {rel}\n"));
    }
    put(work, MANIFEST, text.as_bytes())?;
    Ok(files.len())
}

/// Zips the folder `work` into `target` (deflate), every entry under `name/`.
fn zip_dir(work: &Path, target: &Path, name: &str) -> std::io::Result<()> {
    let files = walk(work)?;
    let f = crate::store::create_private(target)?;
    let mut z = zip::ZipWriter::new(std::io::BufWriter::new(f));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    for rel in files {
        z.start_file(format!("{name}/{rel}"), opts)
            .map_err(std::io::Error::other)?;
        z.write_all(&std::fs::read(work.join(&rel))?)?;
    }
    let mut w = z.finish().map_err(std::io::Error::other)?;
    w.flush()?;
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .sync_all()
}

/// One line per problem found by re-hashing, or `None` when the document is unchanged.
pub fn finding_line(e: &Evidence, f: &Finding, lang: Lang) -> Option<String> {
    let who = format!(
        "{} #{} {}",
        e.system_code,
        e.id,
        crate::text::sanitize(&e.path)
    );
    match f {
        Finding::Same => None,
        Finding::Changed { sha256, size } => Some(
            m::FindingChanged {
                who: &who,
                now: &sha256[..12],
                was: &e.sha256[..e.sha256.len().min(12)],
                size,
            }
            .text(lang),
        ),
        Finding::Missing { detail } => Some(m::FindingMissing { who: &who, detail }.text(lang)),
        Finding::NoRoot => Some(m::FindingNoRoot { who: &who }.text(lang)),
    }
}
