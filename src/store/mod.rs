//! The store, on SQLite (a unit's file) or PostgreSQL (a province's shared server): opening
//! (pragmas, permissions, refusing foreign or newer files), migrations, loading the dataset, and
//! writes that each run in one transaction with one change-log entry per changed record.

pub mod admin;
pub mod backup;
mod calendar;
mod edit;
mod evidence;
mod log;
pub mod merge;
pub mod notify;
pub mod pg;
mod read;
pub mod restore;
pub mod schema;
pub mod sql;
pub mod tables;
#[doc(hidden)]
pub mod testdb;
mod transfer;
mod write;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};

use sql::params;

pub use edit::ChangeSet;
pub use evidence::NewEvidence;
pub use log::{LogEntry, LogFilter, VerifyError};
pub use read::Scope;
pub use write::{ImportSummary, SystemPatch, system_fields};

use crate::i18n::Lang;

/// How long a write waits for another process's lock before giving up.
pub const BUSY_TIMEOUT_MS: u64 = 5000;

/// The busy timeout in force: `BUSY_TIMEOUT_MS`, or `CAPDO_BUSY_TIMEOUT_MS` (milliseconds,
/// at most 10 minutes) when set — a hidden override so that tests of a busy store are quick.
pub fn busy_timeout_ms() -> u64 {
    static MS: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *MS.get_or_init(|| {
        std::env::var("CAPDO_BUSY_TIMEOUT_MS")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .filter(|ms| *ms <= 600_000)
            .unwrap_or(BUSY_TIMEOUT_MS)
    })
}

/// Why a store cannot be used. Every variant maps to exit status 3.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a capdo store")]
    NotCapdo { path: PathBuf },
    #[error("{path}: the file is damaged or not a database ({detail})")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path}: made by a newer capdo (schema {found}, this build knows {known})")]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: busy (another capdo is writing) for more than {ms} ms")]
    Busy { path: PathBuf, ms: u64 },
    #[error("{path}: the store is read-only here")]
    ReadOnly { path: PathBuf },
    #[error("{path}: {detail}")]
    Io { path: PathBuf, detail: String },
    #[error("{0}")]
    Sql(String),
    /// A change refused for a reason the user can act on (an undo that conflicts with a later
    /// change, a record that no longer exists, a system that has history), in both languages.
    #[error("{en}")]
    Refused { vi: String, en: String },
}

impl StoreError {
    /// The message in the user's language, with a hint.
    pub fn message(&self, lang: Lang) -> String {
        use crate::i18n::msg::store as m;
        let p = |p: &Path| p.display().to_string();
        match (self, lang) {
            (StoreError::NotCapdo { path }, _) => m::NotCapdo { path: p(path) }.text(lang),
            (StoreError::Corrupt { path, detail }, _) => m::Corrupt {
                path: p(path),
                detail,
            }
            .text(lang),
            (StoreError::TooNew { path, found, known }, _) => m::TooNew {
                path: p(path),
                found,
                known,
            }
            .text(lang),
            (StoreError::Busy { path, ms }, _) => m::Busy { path: p(path), ms }.text(lang),
            (StoreError::ReadOnly { path }, _) => m::ReadOnly { path: p(path) }.text(lang),
            (StoreError::Io { path, detail }, _) => m::CannotOpen {
                path: p(path),
                detail,
            }
            .text(lang),
            (StoreError::Sql(detail), _) => m::Sql { detail }.text(lang),
            (StoreError::Refused { vi, .. }, Lang::Vi) => vi.clone(),
            (StoreError::Refused { en, .. }, Lang::En) => en.clone(),
        }
    }
}

/// Who and when, for the change log. Comes from the program's edge, never from the store.
#[derive(Clone, Debug)]
pub struct WriteCtx {
    /// Wall-clock time of the write.
    pub at: NaiveDateTime,
    /// The reference date ("today") of the run.
    pub today: NaiveDate,
    pub os_user: String,
}

impl WriteCtx {
    /// The write context of the unit tests: 29/11/2026 (the demo's reference date) at `h:m`, by
    /// the OS user "tester" — one definition instead of a copy per test module.
    #[cfg(test)]
    pub(crate) fn test_at(h: u32, m: u32) -> WriteCtx {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or(NaiveDate::MIN);
        WriteCtx {
            at: today.and_hms_opt(h, m, 0).unwrap_or(NaiveDateTime::MIN),
            today,
            os_user: "tester".into(),
        }
    }
}

/// How to open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    /// Read-only at the SQLite level: nothing can be written, not even by mistake.
    ReadOnly,
}

/// An open capdo store.
pub struct Store {
    db: sql::Db,
    path: PathBuf,
    access: Access,
    /// `quick_check` passed before this connection's first write (see `check_before_write`).
    checked: std::cell::Cell<bool>,
    /// On PostgreSQL: the other sessions' commits heard (`data_version`).
    heard: notify::Heard,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("access", &self.access)
            .finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating it (and its directory) when missing. A new store
    /// records `today` as its tracking start. A file that is not a capdo store, is damaged or
    /// is newer than this build is refused and never modified.
    pub fn open(path: &Path, access: Access, today: NaiveDate) -> Result<Store, StoreError> {
        if let Some(url) = path.to_str().filter(|p| pg::is_url(p)) {
            return Store::open_pg(url, access, today);
        }
        let path = match path.to_str().and_then(|p| p.strip_prefix("sqlite:")) {
            Some(p) => Path::new(p),
            None => path,
        };
        let exists = path.exists()
            && std::fs::metadata(path)
                .map(|m| m.len() > 0)
                .unwrap_or(false);
        if !exists {
            if access == Access::ReadOnly {
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    detail: "no such file".into(),
                });
            }
            create_file(path)?;
        } else {
            inspect(path)?;
        }
        let flags = match access {
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| map_open(path, e.into()))?;
        let mut store = Store {
            db: sql::Db::sqlite(conn),
            path: path.to_owned(),
            access,
            checked: std::cell::Cell::new(false),
            heard: notify::Heard::default(),
        };
        store.configure()?;
        if access == Access::ReadWrite {
            store.migrate(today)?;
        } else {
            let v = store.user_version()?;
            if v < schema::latest() {
                // an older store opened read-only: readable only once migrated
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    detail: format!(
                        "schema {v} needs an upgrade; open it once without --read-only"
                    ),
                });
            }
        }
        Ok(store)
    }

    /// Opens the PostgreSQL store at `url` (`postgresql://user@host/db`), creating its tables
    /// in an empty database. The session's unit is the role's one granted unit (a commune) or
    /// the province's own ('' , for a member of capdo_province or the database's owner).
    pub fn open_pg(url: &str, access: Access, today: NaiveDate) -> Result<Store, StoreError> {
        let path = PathBuf::from(pg::redacted(url));
        let client = pg::connect(url).map_err(|detail| StoreError::Io {
            path: path.clone(),
            detail,
        })?;
        let mut store = Store {
            db: sql::Db::postgres(client),
            path,
            access,
            checked: std::cell::Cell::new(true),
            heard: notify::Heard::default(),
        };
        admin::check_access(&store.db, &store.path)?;
        if access == Access::ReadOnly {
            store
                .db
                .batch("SET default_transaction_read_only = on")
                .map_err(|e| store.err(e))?;
            let v = store.user_version()?;
            if v > schema::latest() {
                return Err(StoreError::TooNew {
                    path: store.path.clone(),
                    found: v,
                    known: schema::latest(),
                });
            }
            if v < schema::latest() {
                return Err(StoreError::Io {
                    path: store.path.clone(),
                    detail: format!(
                        "schema {v} needs an upgrade; open it once without --read-only"
                    ),
                });
            }
        } else {
            store.migrate(today)?;
        }
        let home = pg::home(&store.db).map_err(|e| store.err(e))?;
        store.db.set_home(&home);
        if access == Access::ReadWrite {
            // a unit's first session: its own profile row
            store
                .db
                .execute(
                    "INSERT INTO profile (id, tracking_start, created_at) VALUES (1, ?1, ?1) ON CONFLICT (id) DO NOTHING",
                    params![date_s(today)],
                )
                .map_err(|e| store.err(e))?;
        }
        Ok(store)
    }

    /// Which engine holds the store.
    pub fn engine(&self) -> sql::Engine {
        self.db.engine()
    }

    /// A throwaway store in memory (for `--demo` and tests).
    pub fn in_memory(today: NaiveDate) -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| sql_err(e.into()))?;
        let mut store = Store {
            db: sql::Db::sqlite(conn),
            path: PathBuf::from(":memory:"),
            access: Access::ReadWrite,
            checked: std::cell::Cell::new(false),
            heard: notify::Heard::default(),
        };
        store.configure()?;
        store.migrate(today)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// Changes when another connection (another capdo process, another officer's session)
    /// commits a change to the store; this connection's own writes leave it as it is.
    /// SQLite's `data_version`; on PostgreSQL the other sessions' commits heard on
    /// `capdo_change` (the first call starts listening, `store::notify`).
    pub fn data_version(&self) -> Result<i64, StoreError> {
        match self.db.lite() {
            Some(c) => c
                .pragma_query_value(None, "data_version", |r| r.get(0))
                .map_err(|e| self.err(e.into())),
            None => notify::data_version(&self.db, &self.heard)
                .unwrap_or(Ok(0))
                .map_err(|e| self.err(e)),
        }
    }

    /// The connection, for tests and diagnostics.
    pub fn db(&self) -> &sql::Db {
        &self.db
    }

    /// The SQLite connection of a store on SQLite; an error names the engine otherwise.
    pub fn conn(&self) -> Result<&Connection, StoreError> {
        self.db.lite().ok_or_else(|| self.not_sqlite())
    }

    /// The SQLite connection, mutable.
    pub(crate) fn conn_mut(&mut self) -> Result<&mut Connection, StoreError> {
        let e = self.not_sqlite();
        self.db.lite_mut().ok_or(e)
    }

    fn not_sqlite(&self) -> StoreError {
        StoreError::Sql(format!("{}: not an SQLite store", self.path.display()))
    }

    /// For a bulk write (an import of up to 200,000 rows): a larger page cache (32 MB at most,
    /// taken only as pages are touched) keeps the indexes' pages in memory instead of
    /// re-reading them from the file for every row.
    pub fn bulk_write(&self) {
        if let Some(c) = self.db.lite() {
            let _ = c.pragma_update(None, "cache_size", -32_768i64);
        }
    }

    /// For a command that reads the store once and ends (`due`, `check`, `systems`,
    /// reports): each page is read once, so SQLite's page cache (2 MB by default) only holds
    /// memory; a small one does the same work. Writes keep the default.
    pub fn read_once(&self) {
        if let Some(c) = self.db.lite() {
            let _ = c.pragma_update(None, "cache_size", -256i64);
        }
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        let Some(conn) = self.db.lite() else {
            return Ok(());
        };
        let err = |e: rusqlite::Error| map_sql(&self.path, e.into());
        conn.busy_timeout(std::time::Duration::from_millis(busy_timeout_ms()))
            .map_err(err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(err)?;
        // temporary files in memory: a statement that may stop halfway inside a transaction
        // keeps the pages it changes in a statement journal, which SQLite spills to a file in
        // /var/tmp past 64 KiB — four of the store's 16 KiB pages (when inserts still used
        // RETURNING, each row of an import wrote seven pages there: 1.5 million writes for
        // 100,000 systems; `sql::Db::insert_id`)
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(err)?;
        if self.access == Access::ReadWrite && self.path != Path::new(":memory:") {
            // a new store gets 16 KiB pages (a no-op on an existing one): a start reads the
            // systems table whole, and a quarter of the page reads makes it faster
            conn.pragma_update(None, "page_size", 16_384i64)
                .map_err(err)?;
            let mode: String = conn
                .pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))
                .map_err(err)?;
            if mode != "wal" {
                return Err(StoreError::Io {
                    path: self.path.clone(),
                    detail: format!("journal mode {mode}"),
                });
            }
            // FULL: each commit reaches the disk before capdo says it is done, so a power cut
            // after the acknowledgement cannot roll it back (NORMAL may, in WAL mode); one
            // fsync per write is nothing at the pace of an officer's edits
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(err)?;
        }
        if self.access == Access::ReadOnly {
            conn.pragma_update(None, "query_only", true).map_err(err)?;
        }
        Ok(())
    }

    /// The number of migrations applied: SQLite's `user_version`, PostgreSQL's
    /// `capdo_schema` table.
    fn user_version(&self) -> Result<i64, StoreError> {
        match self.db.lite() {
            Some(c) => c
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(|e| self.err(e.into())),
            None => pg::version(&self.db).map_err(|e| self.err(e)),
        }
    }

    fn migrate(&mut self, today: NaiveDate) -> Result<(), StoreError> {
        if self.db.engine() != sql::Engine::Postgres {
            return self.migrate_locked(today);
        }
        // two first sessions on an empty PostgreSQL database: one migrates, the other waits
        // and then finds it done
        let lock = "SELECT 1 FROM (SELECT pg_advisory_lock(hashtext('capdo:migrate'))) AS l";
        self.db
            .query_row(lock, params![], |_| Ok(()))
            .map_err(|e| self.err(e))?;
        let done = self.migrate_locked(today);
        let unlock = "SELECT 1 FROM (SELECT pg_advisory_unlock(hashtext('capdo:migrate'))) AS l";
        let _ = self.db.query_row(unlock, params![], |_| Ok(()));
        done
    }

    fn migrate_locked(&mut self, today: NaiveDate) -> Result<(), StoreError> {
        let v = self.user_version()?;
        if v > schema::latest() {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: v,
                known: schema::latest(),
            });
        }
        let path = self.path.clone();
        if v > 0 && (v as usize) < schema::MIGRATIONS.len() {
            // an upgrade writes into an existing file: never into a damaged one
            self.check_before_write()?;
        }
        let engine = self.db.engine();
        for i in (v.max(0) as usize)..schema::MIGRATIONS.len() {
            let e = |e| map_sql(&path, e);
            let tx = self.db.begin(sql::TxMode::Immediate).map_err(e)?;
            tx.batch(schema::migration(engine, i)).map_err(e)?;
            if i == 0 {
                if let Some(c) = tx.lite() {
                    c.pragma_update(None, "application_id", schema::APPLICATION_ID)
                        .map_err(|x| e(x.into()))?;
                }
                tx.execute(
                    "INSERT INTO profile (id, tracking_start, created_at) VALUES (1, ?1, ?1)",
                    params![date_s(today)],
                )
                .map_err(e)?;
            }
            match tx.lite() {
                Some(c) => c
                    .pragma_update(None, "user_version", (i + 1) as i64)
                    .map_err(|x| e(x.into()))?,
                None => pg::set_version(&tx, (i + 1) as i64).map_err(e)?,
            }
            tx.commit().map_err(e)?;
        }
        Ok(())
    }

    /// `PRAGMA integrity_check` (and `foreign_key_check`) report, "ok" when sound. A
    /// PostgreSQL server keeps its own pages sound: "ok" there.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        match self.db.lite() {
            Some(c) => c
                .query_row("PRAGMA integrity_check", params![], |r| r.get(0))
                .map_err(|e| self.err(e.into())),
            None => Ok("ok".into()),
        }
    }

    /// Refuses to write into a damaged file (see [`check_before_write`]).
    pub(crate) fn check_before_write(&self) -> Result<(), StoreError> {
        match self.db.lite() {
            Some(c) => check_before_write(c, &self.path, &self.checked),
            None => Ok(()),
        }
    }

    fn err(&self, e: sql::Error) -> StoreError {
        map_sql(&self.path, e)
    }
}

/// Creates `path` exclusively (never clobbering a file that appeared meanwhile), private to
/// its owner on Unix (0600): every file that holds the unit's data is made through this.
pub(crate) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Creates the directory that will hold `file` when it is missing, private to its owner (0700
/// on Unix, parents included); an existing directory keeps its mode.
pub(crate) fn create_parent_dir(file: &Path) -> std::io::Result<()> {
    if let Some(dir) = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        b.create(dir)?;
    }
    Ok(())
}

/// Creates a new store file (0600) and its directory (0700) on Unix.
fn create_file(path: &Path) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::Io {
        path: path.to_owned(),
        detail: e.to_string(),
    };
    create_parent_dir(path).map_err(io)?;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map_err(io)?;
    Ok(())
}

/// Checks an existing file read-only before anything writes to it.
fn inspect(path: &Path) -> Result<(), StoreError> {
    let mut head = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| StoreError::Io {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        let n = f.read(&mut head).unwrap_or(0);
        if n < 16 || &head != b"SQLite format 3\0" {
            return Err(StoreError::NotCapdo {
                path: path.to_owned(),
            });
        }
    }
    // SQLite may create empty -wal/-shm files even for a read-only look at a WAL file; a file
    // that is refused must be left as it was, so remove the ones this look created.
    let side = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    let fresh: Vec<PathBuf> = [side("-wal"), side("-shm")]
        .into_iter()
        .filter(|p| !p.exists())
        .collect();
    let verdict = inspect_db(path);
    if verdict.is_err() {
        for p in fresh {
            // a WAL this look created holds nothing; never delete one that has content
            let is_wal = p.to_string_lossy().ends_with("-wal");
            if !is_wal || std::fs::metadata(&p).is_ok_and(|m| m.len() == 0) {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
    verdict
}

/// Reads the identity, version and soundness of an SQLite file, read-only.
fn inspect_db(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| map_open(path, e.into()))?;
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| map_open(path, e.into()))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| map_open(path, e.into()))?;
    if app != schema::APPLICATION_ID {
        return Err(StoreError::NotCapdo {
            path: path.to_owned(),
        });
    }
    if version > schema::latest() {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known: schema::latest(),
        });
    }
    // reading the schema catches a damaged header or schema cheaply; a full `quick_check`
    // reads every page (33 ms at 10,000 systems) and is left to `capdo verify`; damage deeper
    // in the file surfaces as SQLITE_CORRUPT on the first read, mapped to the same error
    conn.query_row("SELECT count(*) FROM sqlite_master", params![], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| map_open(path, e.into()))?;
    Ok(())
}

/// Refuses to write into a damaged file. Opening reads only the header and schema, so damage
/// deeper in the file shows on the first read that meets it, and a write that meets none
/// would go ahead and change a damaged file. So the first write of each connection runs
/// `PRAGMA quick_check` (every page: about 33 ms at 10,000 systems) inside its write
/// transaction, before changing anything; later writes of the same connection skip it.
pub(crate) fn check_before_write(
    conn: &Connection,
    path: &Path,
    checked: &std::cell::Cell<bool>,
) -> Result<(), StoreError> {
    if checked.get() {
        return Ok(());
    }
    let r: String = conn
        .query_row("PRAGMA quick_check(1)", params![], |r| r.get(0))
        .map_err(|e| map_sql(path, e.into()))?;
    if r != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("quick_check: {}", first_problem(&r)),
        });
    }
    checked.set(true);
    Ok(())
}

/// The first problem an `integrity_check` / `quick_check` report names, shortened and
/// terminal-safe ("Tree 20 page 61 cell 184: …" rather than the "*** in database main ***"
/// heading).
pub(crate) fn first_problem(report: &str) -> String {
    let line = report
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("***"))
        .unwrap_or(report);
    crate::text::excerpt(line)
}

fn map_open(path: &Path, e: sql::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    match lite_code(&e) {
        Some(C::NotADatabase) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: "not a database".into(),
        },
        Some(C::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: "corrupt".into(),
        },
        _ => map_sql(path, e),
    }
}

fn lite_code(e: &sql::Error) -> Option<rusqlite::ErrorCode> {
    match e {
        sql::Error::Lite(e) => e.sqlite_error_code(),
        _ => None,
    }
}

pub(crate) fn map_sql(path: &Path, e: sql::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    match lite_code(&e) {
        Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy {
            path: path.to_owned(),
            ms: busy_timeout_ms(),
        },
        Some(C::ReadOnly) => StoreError::ReadOnly {
            path: path.to_owned(),
        },
        Some(C::NotADatabase) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: "not a database".into(),
        },
        Some(C::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        Some(C::CannotOpen | C::PermissionDenied) => StoreError::Io {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        // a value the schema cannot hold (NULL in a NOT NULL column, text that is not UTF-8,
        // a number where text belongs): damage SQLite did not notice, or an edit behind capdo's
        // back; either way the store cannot be trusted as it is
        _ if matches!(
            e,
            sql::Error::Type { .. }
                | sql::Error::Lite(
                    rusqlite::Error::InvalidColumnType(..)
                        | rusqlite::Error::FromSqlConversionFailure(..)
                        | rusqlite::Error::Utf8Error(..)
                        | rusqlite::Error::IntegralValueOutOfRange(..)
                )
        ) =>
        {
            StoreError::Corrupt {
                path: path.to_owned(),
                detail: e.to_string(),
            }
        }
        // PostgreSQL: a role without the right to a row or table (row-level security)
        _ if e.pg_state() == Some("42501") => StoreError::ReadOnly {
            path: path.to_owned(),
        },
        _ => StoreError::Sql(e.to_string()),
    }
}

fn sql_err(e: sql::Error) -> StoreError {
    StoreError::Sql(e.to_string())
}

/// `YYYY-MM-DD`, as the store writes dates.
pub(crate) use crate::domain::dates::iso as date_s;

pub(crate) fn datetime_s(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub(crate) fn parse_d(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| iso_date(&s))
}

/// `YYYY-MM-DD` as the store writes it. Hand-rolled: `parse_from_str` re-reads its format
/// string for every value, which showed up as a third of loading 10,000 systems.
pub(crate) fn iso_date(s: &str) -> Option<NaiveDate> {
    iso_date_bytes(s.as_bytes())
}

/// `iso_date` on the bytes of a text column, without checking them as UTF-8 first (the usual
/// `YYYY-MM-DD` is checked digit by digit; anything else goes through chrono).
pub(crate) fn iso_date_bytes(b: &[u8]) -> Option<NaiveDate> {
    if b.is_empty() {
        return None;
    }
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        let s = std::str::from_utf8(b).ok()?;
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

pub(crate) fn parse_dt(s: Option<String>) -> Option<NaiveDateTime> {
    s.and_then(|s| {
        NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M"))
            .ok()
    })
}

#[cfg(test)]
mod tests;
