//! Whole-store backups and restores through SQLite's online backup API.
//!
//! `backup_to` copies the store page by page in one step, under one read transaction, so the
//! copy is the store as of one moment even while other processes write (in WAL mode writers
//! are not blocked). The copy goes to a private temporary file beside the target (0600 on
//! Unix), is switched to a plain one-file database, checked and synced, and only then put in
//! place: the target is either untouched or complete, even if capdo is killed half-way.
//!
//! `restore_file` checks the offered file on a private copy first (a capdo store, not newer
//! than this build, `integrity_check` ok, foreign keys ok, change log intact; an older store is
//! migrated on the copy, never in place) and records the restore in the copy's change log.
//! Then it replaces the store's content in one write transaction through the same API: other
//! processes that have the store open see the new content on their next read, and a crash
//! leaves the old content or the new, never a mix. The replaced store is kept beside it
//! (`<store>.before-restore-<timestamp>`), copied while the restore already holds the write
//! lock, so that no change can fall between the kept copy and the replacement.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde_json::json;

use super::log::Logger;
use super::{
    Access, Store, StoreError, WriteCtx, busy_timeout_ms, create_private, inspect, map_sql,
};
use crate::i18n::Lang;

/// What a backup holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupSummary {
    pub systems: i64,
    pub log_entries: i64,
    /// Size of the backup file.
    pub bytes: u64,
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Systems and change-log entries of the restored store (the restore's own entry included).
    pub systems: i64,
    pub log_entries: i64,
    /// The schema version of the file when it was older than this build (migrated on a copy).
    pub migrated_from: Option<i64>,
    /// Where the replaced store was kept; `None` when there was no store.
    pub kept: Option<PathBuf>,
    /// The replaced store was damaged: it was moved aside as it was, not copied.
    pub replaced_damaged: bool,
}

/// Why a file offered for restore was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// It cannot be read (missing, a directory, no permission).
    Unreadable(String),
    NotCapdo,
    Corrupt(String),
    TooNew {
        found: i64,
        known: i64,
    },
    /// The change log's hash chain is broken at `seq`.
    BrokenChain {
        seq: i64,
        reason: String,
    },
}

/// Why a backup or restore did not happen. In every case the store is unchanged.
#[derive(Debug)]
pub enum BackupError {
    /// The current store cannot be used (exit status 3).
    Store(StoreError),
    /// The file offered for restore was refused.
    Refused { path: PathBuf, why: Why },
    /// The output file exists (and replacing it was not asked for).
    Exists { path: PathBuf },
    /// The output file would be the store itself.
    SameFile { path: PathBuf },
    /// The output cannot be written.
    Output { path: PathBuf, detail: String },
    /// A restore into a PostgreSQL store that already holds data.
    NotEmpty {
        path: PathBuf,
        systems: usize,
        entries: usize,
    },
}

impl From<StoreError> for BackupError {
    fn from(e: StoreError) -> Self {
        BackupError::Store(e)
    }
}

impl BackupError {
    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::msg::store::backup as m;
        let p = |p: &Path| crate::text::sanitize(&p.display().to_string());
        match self {
            BackupError::Store(e) => e.message(lang),
            BackupError::Refused { path, why } => m::Refused {
                path: p(path),
                why: why.message(lang),
            }
            .text(lang),
            BackupError::Exists { path } => m::Exists { path: p(path) }.text(lang),
            BackupError::SameFile { path } => m::SameFile { path: p(path) }.text(lang),
            BackupError::Output { path, detail } => m::CannotWrite {
                path: p(path),
                detail,
            }
            .text(lang),
            BackupError::NotEmpty {
                path,
                systems,
                entries,
            } => m::PgNotEmpty {
                path: p(path),
                systems,
                entries,
            }
            .text(lang),
        }
    }
}

impl Why {
    /// Why the file was refused, in `lang`.
    fn message(&self, lang: Lang) -> String {
        use crate::i18n::msg::store::backup as m;
        match self {
            Why::Unreadable(detail) => m::Unreadable { detail }.text(lang),
            Why::NotCapdo => m::NOT_CAPDO.text(lang).to_owned(),
            Why::Corrupt(detail) => m::Corrupt { detail }.text(lang),
            Why::TooNew { found, known } => m::TooNew { found, known }.text(lang),
            Why::BrokenChain { seq, reason } => m::BrokenChain { seq, reason }.text(lang),
        }
    }
}

/// `<path><suffix>` (`capdo.sqlite3-wal`).
pub(super) fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Files that are removed when dropped, unless kept: a temporary copy and its journals.
pub(super) struct Scratch(Vec<PathBuf>);

impl Scratch {
    pub(super) fn new(path: &Path) -> Scratch {
        Scratch(
            ["", "-wal", "-shm", "-journal"]
                .iter()
                .map(|s| side(path, s))
                .collect(),
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A fresh private file at `path`: a leftover of a killed run (same name, same process id) is
/// replaced.
pub(super) fn create_scratch(path: &Path) -> std::io::Result<std::fs::File> {
    match create_private(path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            for p in Scratch::new(path).0.iter() {
                let _ = std::fs::remove_file(p);
            }
            create_private(path)
        }
        r => r,
    }
}

/// Makes renames in `dir` durable (Unix; elsewhere a rename is as durable as it gets).
pub(super) fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(f) = std::fs::File::open(dir) {
            let _ = f.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Runs backup steps of `pages` (`-1`: all) until done — or, with `0`, until the destination
/// is locked — retrying a busy source or destination until the busy timeout.
fn drive(b: &Backup<'_, '_>, pages: i32, path: &Path) -> Result<StepResult, StoreError> {
    let ms = busy_timeout_ms();
    let deadline = Instant::now() + Duration::from_millis(ms);
    loop {
        match b.step(pages).map_err(|e| map_sql(path, e.into()))? {
            StepResult::Busy | StepResult::Locked => {
                if Instant::now() >= deadline {
                    return Err(StoreError::Busy {
                        path: path.to_owned(),
                        ms,
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            StepResult::More if pages != 0 => {}
            other => return Ok(other),
        }
    }
}

pub(super) fn count(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
}

/// The private scratch file a backup to `dest` is written into before it is put in place (and
/// its cleanup); refuses an existing `dest` unless `replace`.
pub(super) fn scratch_beside(
    dest: &Path,
    replace: bool,
) -> Result<(PathBuf, Scratch), BackupError> {
    let out = |detail: String| BackupError::Output {
        path: dest.to_owned(),
        detail,
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| out("no file name".into()))?;
    if !replace && std::fs::symlink_metadata(dest).is_ok() {
        return Err(BackupError::Exists {
            path: dest.to_owned(),
        });
    }
    let tmp = dest.with_file_name(format!(".{name}.capdo-{}.tmp", std::process::id()));
    create_scratch(&tmp).map_err(|e| out(e.to_string()))?;
    let scratch = Scratch::new(&tmp);
    Ok((tmp, scratch))
}

/// Copies the database of `src` into a new file at `dest` (see the module comment).
fn copy_to(
    src: &Connection,
    src_path: &Path,
    dest: &Path,
    replace: bool,
) -> Result<BackupSummary, BackupError> {
    let out = |detail: String| BackupError::Output {
        path: dest.to_owned(),
        detail,
    };
    let (tmp, scratch) = scratch_beside(dest, replace)?;
    let summary = {
        let mut dst = Connection::open_with_flags(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| out(e.to_string()))?;
        {
            let b = Backup::new(src, &mut dst).map_err(|e| map_sql(src_path, e.into()))?;
            drive(&b, -1, src_path)?;
        }
        let sql = |e: rusqlite::Error| out(e.to_string());
        // one self-contained file: no -wal beside a backup
        dst.pragma_update(None, "journal_mode", "DELETE")
            .map_err(sql)?;
        let check: String = dst
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(sql)?;
        if check != "ok" {
            // the copy is the store page for page: the store itself is damaged
            return Err(BackupError::Store(StoreError::Corrupt {
                path: src_path.to_owned(),
                detail: format!("integrity_check: {}", super::first_problem(&check)),
            }));
        }
        let s = BackupSummary {
            systems: count(&dst, "system").map_err(sql)?,
            log_entries: count(&dst, "change_log").map_err(sql)?,
            bytes: 0,
        };
        dst.close().map_err(|(_, e)| sql(e))?;
        s
    };
    let bytes = put_in_place(&tmp, dest, replace)?;
    drop(scratch);
    sync_dir(dest);
    Ok(BackupSummary { bytes, ..summary })
}

/// Syncs the finished temporary file `tmp` and puts it at `dest`: renamed over it with
/// `replace`, otherwise linked (never clobbering a file that appeared meanwhile). Its size.
pub(super) fn put_in_place(tmp: &Path, dest: &Path, replace: bool) -> Result<u64, BackupError> {
    let out = |detail: String| BackupError::Output {
        path: dest.to_owned(),
        detail,
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(tmp)
        .map_err(|e| out(e.to_string()))?;
    file.sync_all().map_err(|e| out(e.to_string()))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    drop(file);
    if replace {
        std::fs::rename(tmp, dest).map_err(|e| out(e.to_string()))?;
    } else {
        // never clobber a file that appeared meanwhile
        match std::fs::hard_link(tmp, dest) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(BackupError::Exists {
                    path: dest.to_owned(),
                });
            }
            // a file system without hard links
            Err(_) if std::fs::symlink_metadata(dest).is_err() => {
                std::fs::rename(tmp, dest).map_err(|e| out(e.to_string()))?;
            }
            Err(e) => return Err(out(e.to_string())),
        }
    }
    Ok(bytes)
}

/// Whether `a` and `b` name the same existing file.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

impl Store {
    /// Writes a copy of the store to `dest` (0600 on Unix), consistent as of one moment even
    /// while other processes write. `dest` must not exist unless `replace`.
    pub fn backup_to(&self, dest: &Path, replace: bool) -> Result<BackupSummary, BackupError> {
        if same_file(dest, &self.path) || side_of(dest, &self.path) {
            return Err(BackupError::SameFile {
                path: dest.to_owned(),
            });
        }
        match self.db.lite() {
            Some(c) => copy_to(c, &self.path, dest, replace),
            None => super::transfer::backup_to_sqlite(self, dest, replace),
        }
    }
}

/// `dest` is one of the store's own -wal, -shm or -journal files.
fn side_of(dest: &Path, store: &Path) -> bool {
    ["-wal", "-shm", "-journal"]
        .iter()
        .any(|s| dest == side(store, s) || same_file(dest, &side(store, s)))
}

/// A candidate checked and ready in its private copy.
struct Candidate {
    systems: i64,
    log_entries: i64,
    migrated_from: Option<i64>,
}

pub(super) fn refused(path: &Path, why: Why) -> BackupError {
    BackupError::Refused {
        path: path.to_owned(),
        why,
    }
}

/// Copies `src` (and a `-wal` beside it) to `tmp` without touching `src`, then checks and
/// prepares the copy: opened as a store (older schemas migrated), integrity and foreign keys,
/// the change log's chain, the restore recorded in its log, the page size of the store it
/// goes into, one self-contained file.
fn prepare(
    src: &Path,
    tmp: &Path,
    ctx: &WriteCtx,
    page_size: Option<i64>,
    kept: Option<&Path>,
) -> Result<Candidate, BackupError> {
    let meta = std::fs::metadata(src).map_err(|e| refused(src, Why::Unreadable(e.to_string())))?;
    if !meta.is_file() {
        return Err(refused(src, Why::Unreadable("not a file".into())));
    }
    let mut input =
        std::fs::File::open(src).map_err(|e| refused(src, Why::Unreadable(e.to_string())))?;
    let mut head = [0u8; 16];
    let n = input.read(&mut head).unwrap_or(0);
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(refused(src, Why::NotCapdo));
    }
    let out = |e: std::io::Error| BackupError::Output {
        path: tmp.to_owned(),
        detail: e.to_string(),
    };
    let copy = |from: &Path, to: &Path| -> Result<(), BackupError> {
        let mut f =
            std::fs::File::open(from).map_err(|e| refused(src, Why::Unreadable(e.to_string())))?;
        let mut t = create_scratch(to).map_err(out)?;
        std::io::copy(&mut f, &mut t).map_err(|e| refused(src, Why::Unreadable(e.to_string())))?;
        t.sync_all().map_err(out)
    };
    copy(src, tmp)?;
    let src_wal = side(src, "-wal");
    if std::fs::metadata(&src_wal).is_ok_and(|m| m.is_file() && m.len() > 0) {
        // a live store copied with its WAL: the WAL holds its latest changes
        copy(&src_wal, &side(tmp, "-wal"))?;
    }
    let as_refusal = |e: StoreError| match e {
        StoreError::NotCapdo { .. } => refused(src, Why::NotCapdo),
        StoreError::TooNew { found, known, .. } => refused(src, Why::TooNew { found, known }),
        StoreError::Corrupt { detail, .. } => refused(src, Why::Corrupt(detail)),
        other => refused(src, Why::Corrupt(other.message(Lang::En))),
    };
    inspect(tmp).map_err(as_refusal)?;
    let version: i64 = {
        let c = Connection::open_with_flags(
            tmp,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| refused(src, Why::Corrupt(e.to_string())))?;
        c.pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| refused(src, Why::Corrupt(e.to_string())))?
    };
    let cand = Store::open(tmp, Access::ReadWrite, ctx.today).map_err(as_refusal)?;
    let corrupt = |e: rusqlite::Error| refused(src, Why::Corrupt(e.to_string()));
    let check = cand.integrity_check().map_err(as_refusal)?;
    if check != "ok" {
        return Err(refused(src, Why::Corrupt(super::first_problem(&check))));
    }
    let fk: i64 = cand
        .conn()
        .map_err(as_refusal)?
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(corrupt)?;
    if fk > 0 {
        return Err(refused(
            src,
            Why::Corrupt(format!("{fk} broken foreign key(s)")),
        ));
    }
    if let Err(v) = cand.verify().map_err(as_refusal)? {
        return Err(refused(
            src,
            Why::BrokenChain {
                seq: v.seq,
                reason: v.reason,
            },
        ));
    }
    let systems = count(cand.conn().map_err(as_refusal)?, "system").map_err(corrupt)?;
    let entries = count(cand.conn().map_err(as_refusal)?, "change_log").map_err(corrupt)?;
    {
        let path = tmp.to_owned();
        let e = |e: super::sql::Error| BackupError::Store(map_sql(&path, e));
        let tx = cand.db.begin(super::sql::TxMode::Immediate).map_err(e)?;
        let mut log = Logger::start(&tx, ctx).map_err(e)?;
        let mut new = json!({
            "source": src.display().to_string(),
            "systems": systems,
            "log_entries": entries,
        });
        if let Some(k) = kept {
            // where the replaced store was kept
            new["kept"] = json!(k.display().to_string());
        }
        log.append(&tx, "store", "store", "restore", None, Some(&new))
            .map_err(e)?;
        tx.commit().map_err(e)?;
    }
    let sql = |e: rusqlite::Error| BackupError::Output {
        path: tmp.to_owned(),
        detail: e.to_string(),
    };
    let conn = cand.conn().map_err(BackupError::Store)?;
    conn.pragma_update(None, "journal_mode", "DELETE")
        .map_err(sql)?;
    if let Some(ps) = page_size {
        let have: i64 = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .map_err(sql)?;
        if have != ps {
            // a store in WAL mode only takes pages of its own size
            conn.pragma_update(None, "page_size", ps).map_err(sql)?;
            // VACUUM builds its copy of the whole store as a temporary file: on disk, not in
            // the memory the store's connections keep temporary files in
            conn.pragma_update(None, "temp_store", "FILE")
                .map_err(sql)?;
            conn.execute_batch("VACUUM").map_err(sql)?;
        }
    }
    let Store { db, .. } = cand;
    let Some(conn) = db.into_lite() else {
        return Ok(Candidate {
            systems,
            log_entries: entries + 1,
            migrated_from: None,
        });
    };
    conn.close().map_err(|(_, e)| sql(e))?;
    Ok(Candidate {
        systems,
        log_entries: entries + 1,
        migrated_from: (version < super::schema::latest()).then_some(version),
    })
}

/// `<store>.before-restore-<YYYYmmdd-HHMMSS>`, with `-2`, `-3`… when taken.
fn kept_path(store: &Path, ctx: &WriteCtx) -> PathBuf {
    let stamp = ctx.at.format("%Y%m%d-%H%M%S").to_string();
    let base = side(store, &format!(".before-restore-{stamp}"));
    let taken = |p: &Path| {
        ["", "-wal", "-shm"]
            .iter()
            .any(|s| std::fs::symlink_metadata(side(p, s)).is_ok())
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| side(&base, &format!("-{n}")))
        .find(|p| !taken(p))
        .unwrap_or(base)
}

/// Moves the store's `-wal` and `-shm` (if any) to the kept name, so that they can never be
/// paired with the file that takes the store's place.
fn move_sidecars(store: &Path, kept: &Path) -> Result<(), BackupError> {
    for s in ["-wal", "-shm"] {
        let from = side(store, s);
        if std::fs::symlink_metadata(&from).is_ok() {
            std::fs::rename(&from, side(kept, s)).map_err(|e| BackupError::Output {
                path: from.clone(),
                detail: e.to_string(),
            })?;
        }
    }
    Ok(())
}

/// Creates the store's directory (0700 on Unix) when missing.
fn ensure_dir(store: &Path) -> Result<(), BackupError> {
    super::create_parent_dir(store).map_err(|e| BackupError::Output {
        path: store.parent().unwrap_or(store).to_owned(),
        detail: e.to_string(),
    })
}

/// The store as found before a restore.
enum Current {
    /// No store (or an empty file): the checked copy simply takes its place.
    Missing,
    /// A usable store: its content is replaced in one transaction.
    Live(Box<Store>),
    /// A damaged store: moved aside as it is, and the checked copy takes its place.
    Damaged,
}

/// Replaces the store at `store` with the checked content of `src` (see the module comment).
/// A store that is not a capdo store, or is newer than this build, is refused.
pub fn restore_file(
    store: &Path,
    src: &Path,
    ctx: &WriteCtx,
) -> Result<RestoreSummary, BackupError> {
    if let Some(url) = store.to_str().filter(|p| super::pg::is_url(p)) {
        return super::transfer::restore_into_pg(url, src, ctx);
    }
    if same_file(store, src) || side_of(src, store) {
        return Err(BackupError::SameFile {
            path: src.to_owned(),
        });
    }
    let exists = std::fs::metadata(store).is_ok_and(|m| m.len() > 0);
    let current = if !exists {
        Current::Missing
    } else {
        match Store::open(store, Access::ReadWrite, ctx.today) {
            Ok(s) => Current::Live(Box::new(s)),
            Err(StoreError::Corrupt { .. }) => Current::Damaged,
            Err(e) => return Err(BackupError::Store(e)),
        }
    };
    let kept = match current {
        Current::Missing => None,
        _ => Some(kept_path(store, ctx)),
    };
    let page_size = match &current {
        Current::Live(s) => Some(
            s.conn()?
                .pragma_query_value(None, "page_size", |r| r.get::<_, i64>(0))
                .map_err(|e| map_sql(store, e.into()))?,
        ),
        _ => None,
    };
    ensure_dir(store)?;
    let name = store
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "capdo.sqlite3".into());
    let tmp = store.with_file_name(format!(".{name}.restore-{}.tmp", std::process::id()));
    let scratch = Scratch::new(&tmp);
    let cand = prepare(src, &tmp, ctx, page_size, kept.as_deref())?;
    let replaced_damaged = matches!(current, Current::Damaged);
    match current {
        Current::Live(mut live) => {
            let from = Connection::open_with_flags(
                &tmp,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| map_sql(&tmp, e.into()))?;
            {
                let b =
                    Backup::new(&from, live.conn_mut()?).map_err(|e| map_sql(store, e.into()))?;
                // take the store's write lock first (no page copied yet), keep the store as it
                // is now, then copy every page and commit in one go
                drive(&b, 0, store)?;
                let reader = Connection::open_with_flags(
                    store,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| map_sql(store, e.into()))?;
                if let Some(k) = &kept {
                    copy_to(&reader, store, k, false)?;
                }
                drop(reader);
                drive(&b, -1, store)?;
            }
            drop(from);
            let check = live.integrity_check()?;
            if check != "ok" {
                return Err(BackupError::Store(StoreError::Corrupt {
                    path: store.to_owned(),
                    detail: super::first_problem(&check),
                }));
            }
        }
        Current::Damaged => {
            let k = kept.as_deref().unwrap_or(store);
            move_sidecars(store, k)?;
            let moved = |e: std::io::Error| BackupError::Output {
                path: store.to_owned(),
                detail: e.to_string(),
            };
            match std::fs::hard_link(store, k) {
                // the damaged file stays under the kept name; the copy replaces it atomically
                Ok(()) => {}
                Err(_) => std::fs::rename(store, k).map_err(moved)?,
            }
            std::fs::rename(&tmp, store).map_err(moved)?;
            sync_dir(store);
        }
        Current::Missing => {
            // stray journals of an earlier store must not be paired with the new file
            let stray = side(store, &format!(".stray-{}", ctx.at.format("%Y%m%d-%H%M%S")));
            move_sidecars(store, &stray)?;
            std::fs::rename(&tmp, store).map_err(|e| BackupError::Output {
                path: store.to_owned(),
                detail: e.to_string(),
            })?;
            sync_dir(store);
        }
    }
    // the copy is in place (renamed) or copied in: nothing of it is left
    drop(scratch);
    // the restored store opens like any other (WAL mode again, schema current)
    let s = Store::open(store, Access::ReadWrite, ctx.today)?;
    let log_entries = match s.verify()? {
        Ok(n) => n,
        Err(v) => {
            return Err(BackupError::Store(StoreError::Corrupt {
                path: store.to_owned(),
                detail: format!("change log entry #{}: {}", v.seq, v.reason),
            }));
        }
    };
    debug_assert_eq!(log_entries, cand.log_entries);
    Ok(RestoreSummary {
        systems: cand.systems,
        log_entries,
        migrated_from: cand.migrated_from,
        kept,
        replaced_damaged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> WriteCtx {
        WriteCtx::test_at(9, 30)
    }

    fn sample(path: &Path) -> Store {
        let c = ctx();
        let mut s = Store::open(path, Access::ReadWrite, c.today).expect("open");
        crate::sample::load(&mut s, &c).expect("sample");
        s
    }

    #[test]
    fn commits_are_synced_to_disk() {
        let dir = tempfile::tempdir().expect("dir");
        let s = sample(&dir.path().join("a.sqlite3"));
        let sync: i64 = s
            .conn()
            .expect("sqlite")
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .expect("pragma");
        assert_eq!(sync, 2, "synchronous = FULL");
    }

    #[test]
    fn backup_is_a_private_self_contained_store() {
        let dir = tempfile::tempdir().expect("dir");
        let s = sample(&dir.path().join("a.sqlite3"));
        let out = dir.path().join("b.sqlite3");
        let sum = s.backup_to(&out, false).expect("backup");
        assert_eq!(sum.systems, 16);
        assert!(sum.log_entries > 0);
        assert!(!side(&out, "-wal").exists() && !side(&out, "-journal").exists());
        let bytes = std::fs::read(&out).expect("read");
        // file format bytes 18 and 19: 1 = rollback journal, not WAL
        assert_eq!((bytes[18], bytes[19]), (1, 1));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert!(matches!(
            s.backup_to(&out, false),
            Err(BackupError::Exists { .. })
        ));
        assert!(matches!(
            s.backup_to(&dir.path().join("a.sqlite3"), true),
            Err(BackupError::SameFile { .. })
        ));
        s.backup_to(&out, true).expect("replace");
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
        let b = Store::open(&out, Access::ReadOnly, ctx().today);
        // a backup in DELETE mode opens read-only
        let b = b.expect("open backup");
        assert_eq!(b.verify().expect("verify"), Ok(sum.log_entries));
    }

    #[test]
    fn restore_into_a_missing_store_and_over_a_live_one() {
        let dir = tempfile::tempdir().expect("dir");
        let a = sample(&dir.path().join("a.sqlite3"));
        let bak = dir.path().join("bak.sqlite3");
        let sum = a.backup_to(&bak, false).expect("backup");
        drop(a);
        let target = dir.path().join("new").join("capdo.sqlite3");
        let r = restore_file(&target, &bak, &ctx()).expect("restore");
        assert_eq!(r.systems, 16);
        assert_eq!(r.log_entries, sum.log_entries + 1);
        assert_eq!(r.kept, None);
        // over a live store: the replaced one is kept beside it
        let r2 = restore_file(&target, &bak, &ctx()).expect("restore again");
        let kept = r2.kept.expect("kept");
        assert!(
            kept.to_string_lossy()
                .ends_with("capdo.sqlite3.before-restore-20261129-093000"),
            "{}",
            kept.display()
        );
        let k = Store::open(&kept, Access::ReadOnly, ctx().today).expect("kept opens");
        assert_eq!(k.verify().expect("verify"), Ok(sum.log_entries + 1));
        let t = Store::open(&target, Access::ReadWrite, ctx().today).expect("open");
        assert_eq!(t.verify().expect("verify"), Ok(sum.log_entries + 1));
        // a third restore in the same second gets its own kept name
        let r3 = restore_file(&target, &bak, &ctx()).expect("restore a third time");
        assert_ne!(r3.kept, Some(kept));
        // the backup file itself is never modified
        assert_eq!(
            Store::open(&bak, Access::ReadOnly, ctx().today)
                .expect("bak")
                .verify()
                .expect("verify"),
            Ok(sum.log_entries)
        );
    }
}
