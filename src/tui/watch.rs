//! Notices other writers: file-change notification on an SQLite store and its -wal, the
//! server's change signal on a PostgreSQL store (`store::notify`), each confirmed by the
//! store's `data_version` before the dashboard reloads; nothing runs while nothing changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};

use crate::store::sql::Engine;
use crate::store::{Store, StoreError};

/// How long a burst of file events is left to settle before the store is asked whether it
/// really changed (an import touches the -wal hundreds of times).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The files of a store whose change means someone wrote: the store, its -wal and -journal.
fn watched_names(db: &Path) -> Vec<std::ffi::OsString> {
    let Some(name) = db.file_name() else {
        return Vec::new();
    };
    let mut v = vec![name.to_owned()];
    for suffix in ["-wal", "-journal"] {
        let mut n = name.to_owned();
        n.push(suffix);
        v.push(n);
    }
    v
}

/// Whether a file event can mean a write to the store (reads and opens are left out).
pub fn is_write_event(db: &Path, ev: &notify::Event) -> bool {
    if !matches!(
        ev.kind,
        EventKind::Modify(_) | EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any
    ) {
        return false;
    }
    let names = watched_names(db);
    ev.paths
        .iter()
        .any(|p| p.file_name().is_some_and(|n| names.iter().any(|w| w == n)))
}

/// Starts watching the store at `db` (`--db`: a path or a PostgreSQL URL); each event that
/// may be a write sends `msg()` on `tx`. On SQLite the directory of the file is watched (the
/// -wal file comes and goes, so not the files); `None` when the store is in memory or the
/// system offers no notification: the dashboard then works as before (`r` reloads). On
/// PostgreSQL a thread listens on a connection of its own (`store::notify::listen`).
pub fn start<M: Send + 'static>(
    db: &Path,
    engine: Engine,
    tx: Sender<M>,
    msg: impl Fn() -> M + Send + 'static,
) -> Option<Watching> {
    if engine == Engine::Postgres {
        crate::store::notify::listen(db.to_str()?, tx, msg);
        return Some(Watching::Server);
    }
    if db == Path::new(":memory:") {
        return None;
    }
    let db = match db.to_str().and_then(|p| p.strip_prefix("sqlite:")) {
        Some(p) => Path::new(p),
        None => db,
    };
    let db: PathBuf = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_owned());
    let dir = db.parent()?.to_owned();
    let filter_db = db.clone();
    let mut w = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res
            && is_write_event(&filter_db, &ev)
        {
            let _ = tx.send(msg());
        }
    })
    .ok()?;
    w.watch(&dir, RecursiveMode::NonRecursive).ok()?;
    Some(Watching::Files(w))
}

/// What watches the store while the dashboard runs (dropped with it).
pub enum Watching {
    /// The directory of an SQLite store.
    Files(notify::RecommendedWatcher),
    /// A listening thread on the PostgreSQL server (it ends with the process).
    Server,
}

/// The last `data_version` seen; says whether another process committed since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version(pub i64);

impl Version {
    pub fn of(store: &Store) -> Result<Version, StoreError> {
        store.data_version().map(Version)
    }

    /// Whether the store changed since the last call (and remembers the new version).
    pub fn changed(&mut self, store: &Store) -> Result<bool, StoreError> {
        let now = store.data_version()?;
        let changed = now != self.0;
        self.0 = now;
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Access;
    use chrono::NaiveDate;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    /// data_version moves for another connection's commit, not for this one's own writes, and
    /// not for a reader.
    #[test]
    fn only_another_writer_changes_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let a = Store::open(&path, Access::ReadWrite, day()).unwrap();
        let mut v = Version::of(&a).unwrap();
        assert!(!v.changed(&a).unwrap());
        // this connection's own write
        a.db()
            .execute(
                "UPDATE profile SET unit_name = 'A'",
                crate::store::sql::params![],
            )
            .unwrap();
        assert!(!v.changed(&a).unwrap());
        // a reader
        let r = Store::open(&path, Access::ReadOnly, day()).unwrap();
        let _ = r.systems().unwrap();
        assert!(!v.changed(&a).unwrap());
        // another writer
        let b = Store::open(&path, Access::ReadWrite, day()).unwrap();
        b.db()
            .execute(
                "UPDATE profile SET unit_name = 'B'",
                crate::store::sql::params![],
            )
            .unwrap();
        assert!(v.changed(&a).unwrap());
        assert!(!v.changed(&a).unwrap());
    }

    #[test]
    fn only_writes_to_the_store_files_count() {
        use notify::event::{AccessKind, CreateKind, ModifyKind};
        let db = Path::new("/d/capdo.db");
        let ev = |kind, p: &str| notify::Event::new(kind).add_path(PathBuf::from(p));
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(is_write_event(db, &ev(modify, "/d/capdo.db")));
        assert!(is_write_event(db, &ev(modify, "/d/capdo.db-wal")));
        assert!(is_write_event(
            db,
            &ev(EventKind::Create(CreateKind::File), "/d/capdo.db-journal")
        ));
        assert!(!is_write_event(db, &ev(modify, "/d/capdo.db-shm")));
        assert!(!is_write_event(db, &ev(modify, "/d/other.db")));
        assert!(!is_write_event(
            db,
            &ev(EventKind::Access(AccessKind::Any), "/d/capdo.db")
        ));
    }

    /// A file event arrives for a write by another connection, through the real watcher.
    #[test]
    fn the_watcher_reports_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let a = Store::open(&path, Access::ReadWrite, day()).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let Some(_w) = start(a.path(), Engine::Sqlite, tx, || ()) else {
            eprintln!("SKIPPED: no file-change notification on this system");
            return;
        };
        let b = Store::open(&path, Access::ReadWrite, day()).unwrap();
        b.db()
            .execute(
                "UPDATE profile SET unit_name = 'B'",
                crate::store::sql::params![],
            )
            .unwrap();
        assert!(rx.recv_timeout(Duration::from_secs(5)).is_ok());
    }
}
