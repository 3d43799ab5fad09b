//! Change notification on a PostgreSQL store: every committed write signals the channel
//! `capdo_change` (a statement trigger on each table, migration 8), a session counts the
//! signals of other sessions as its `data_version`, and [`listen`] wakes a waiting thread.

use std::cell::Cell;
use std::sync::mpsc::Sender;

use postgres::fallible_iterator::FallibleIterator;

use super::sql::{self, Db};

/// The channel every write signals (once per transaction: the server folds repeats).
pub const CHANNEL: &str = "capdo_change";

/// What one session has heard: its own server process (its own signals are not news) and the
/// number of other sessions' commits so far.
#[derive(Debug, Default)]
pub(crate) struct Heard {
    /// The session's server process, once it listens.
    pid: Cell<Option<i32>>,
    count: Cell<i64>,
}

/// The number of commits by other sessions heard since this session first asked (the first
/// call starts listening and answers 0). A round trip first: the server hands a listening
/// session its pending signals before it answers, so a commit that returned before this call
/// is counted by it. `None` on an SQLite connection.
pub(crate) fn data_version(db: &Db, heard: &Heard) -> Option<sql::Result<i64>> {
    db.with_pg(|client| {
        let pid = match heard.pid.get() {
            Some(pid) => {
                client.batch_execute("SELECT 1")?;
                pid
            }
            None => {
                client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
                let pid: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
                heard.pid.set(Some(pid));
                pid
            }
        };
        let mut n = client.notifications();
        let mut it = n.iter();
        while let Some(note) = it.next()? {
            if note.channel() == CHANNEL && note.process_id() != pid {
                heard.count.set(heard.count.get() + 1);
            }
        }
        Ok(heard.count.get())
    })
    .map(|r: Result<i64, postgres::Error>| r.map_err(sql::Error::from))
}

/// Listens on the store at `url` from a thread of its own (a second connection, blocked on
/// the socket: nothing runs while nothing changes) and sends `msg` on `tx` once listening
/// and then for every commit of any session. The thread ends with the connection or when
/// the receiver is gone; a store that cannot be reached leaves the dashboard as before
/// (`r` reloads).
pub fn listen<M: Send + 'static>(url: &str, tx: Sender<M>, msg: impl Fn() -> M + Send + 'static) {
    let url = url.to_owned();
    std::thread::spawn(move || {
        // connected here, not before the first frame: the dashboard draws meanwhile
        let Ok(mut client) = super::pg::connect(&url) else {
            return;
        };
        if client.batch_execute(&format!("LISTEN {CHANNEL}")).is_err() {
            return;
        }
        // whatever committed before this listened is found by the first check
        if tx.send(msg()).is_err() {
            return;
        }
        let mut notes = client.notifications();
        let mut it = notes.blocking_iter();
        while let Ok(Some(note)) = it.next() {
            if note.channel() == CHANNEL && tx.send(msg()).is_err() {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use chrono::NaiveDate;

    use super::*;
    use crate::store::sql::params;
    use crate::store::{Access, Store, testdb};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn open(url: &str, access: Access) -> Store {
        Store::open(Path::new(url), access, day()).unwrap()
    }

    fn name(s: &Store, n: &str) {
        s.db()
            .execute("UPDATE profile SET unit_name = ?1", params![n])
            .unwrap();
    }

    /// As SQLite's data_version: another session's commit moves it, this session's own
    /// writes, a reader, and a rolled-back transaction do not; a transaction of many writes
    /// counts once.
    #[test]
    fn only_another_sessions_commit_changes_the_version() {
        let Some(url) = testdb::fresh() else { return };
        let a = open(&url, Access::ReadWrite);
        let b = open(&url, Access::ReadWrite);
        let v0 = a.data_version().unwrap();
        assert_eq!(a.data_version().unwrap(), v0);
        name(&a, "A");
        assert_eq!(a.data_version().unwrap(), v0, "its own write");
        let r = open(&url, Access::ReadOnly);
        let _ = r.systems().unwrap();
        assert_eq!(r.data_version().unwrap(), 0, "a reader listens too");
        assert_eq!(a.data_version().unwrap(), v0, "a reader");
        {
            let tx = b.db().begin(sql::TxMode::Immediate).unwrap();
            tx.execute("UPDATE profile SET unit_name = 'x'", params![])
                .unwrap();
        } // rolled back
        assert_eq!(a.data_version().unwrap(), v0, "a rollback");
        let tx = b.db().begin(sql::TxMode::Immediate).unwrap();
        for n in ["B1", "B2", "B3"] {
            tx.execute("UPDATE profile SET unit_name = ?1", params![n])
                .unwrap();
        }
        tx.commit().unwrap();
        let v1 = a.data_version().unwrap();
        assert_eq!(v1, v0 + 1, "one commit of three writes");
        assert_eq!(a.data_version().unwrap(), v1);
        assert_eq!(r.data_version().unwrap(), 1, "the reader heard it");
        // a write through the store's own path (a system and its change-log entry)
        let mut b = b;
        let ctx = crate::store::WriteCtx::test_at(9, 0);
        b.create_system(&ctx, &crate::domain::System::new("HT-1", "Cổng"))
            .unwrap();
        assert_eq!(a.data_version().unwrap(), v1 + 1);
    }

    /// The listening thread wakes its owner once it listens, then for another session's commit.
    #[test]
    fn the_listener_wakes_on_a_commit() {
        let Some(url) = testdb::fresh() else { return };
        let b = open(&url, Access::ReadWrite);
        let (tx, rx) = std::sync::mpsc::channel();
        listen(&url, tx, || "woken");
        let wait = Duration::from_secs(10);
        assert_eq!(rx.recv_timeout(wait), Ok("woken"), "listening");
        assert!(
            rx.recv_timeout(Duration::from_millis(200)).is_err(),
            "quiet"
        );
        name(&b, "B");
        assert_eq!(rx.recv_timeout(wait), Ok("woken"), "a commit");
    }
}
