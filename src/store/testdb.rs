//! Throwaway PostgreSQL databases for the tests: each call makes a new empty database on the
//! server named by `CAPDO_TEST_PG` (a superuser's connection string, as `.ci/pg.sh` prints),
//! so tests run in parallel without seeing each other. Without the variable the PostgreSQL
//! half of a test is skipped, except under CI (`CI` set), where that is an error.

use std::sync::atomic::{AtomicU32, Ordering};

/// The server's connection string, or None when the tests run without a server.
pub fn server() -> Option<String> {
    match std::env::var("CAPDO_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CAPDO_TEST_PG is not set: CI runs every store test on PostgreSQL too")
        }
        _ => None,
    }
}

/// A new empty database; its connection string (as the server's superuser).
pub fn fresh() -> Option<String> {
    static N: AtomicU32 = AtomicU32::new(0);
    let url = server()?;
    let name = format!(
        "capdo_t{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let mut admin = super::pg::connect(&url).unwrap_or_else(|e| panic!("{url}: {e}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e}"));
    Some(with_database(&url, &name))
}

/// `url` with its database (the last path segment) replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |j| j + 2) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// `url` connecting as `user` (no password: the test cluster trusts its socket).
pub fn as_user(url: &str, user: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split_once('@').map_or(rest, |(_, h)| h);
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_owned(),
    }
}

/// Where a unit test's store lives: a file in a temporary directory (SQLite) or a fresh
/// database on the test server (PostgreSQL); `path()` is what `Store::open` takes for either.
#[cfg(test)]
pub(crate) struct Place {
    path: std::path::PathBuf,
    _dir: Option<tempfile::TempDir>,
}

#[cfg(test)]
impl Place {
    /// `capdo.sqlite3` in a new temporary directory (not created yet).
    pub(crate) fn sqlite() -> Place {
        let dir = tempfile::tempdir().expect("tempdir");
        Place {
            path: dir.path().join("capdo.sqlite3"),
            _dir: Some(dir),
        }
    }

    /// A new empty database on `CAPDO_TEST_PG`'s server; None without one (see `server`).
    pub(crate) fn postgres() -> Option<Place> {
        fresh().map(|url| Place {
            path: url.into(),
            _dir: None,
        })
    }

    pub(crate) fn path(&self) -> &std::path::Path {
        &self.path
    }

    pub(crate) fn is_postgres(&self) -> bool {
        self._dir.is_none()
    }
}

/// `both_engines!(name, ..)` for functions `fn name(at: Place)`: two tests each,
/// `name::sqlite` and `name::postgres` (the latter skipped without `CAPDO_TEST_PG`).
#[cfg(test)]
macro_rules! both_engines {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::store::testdb::Place::sqlite())
            }
            #[test]
            fn postgres() {
                if let Some(at) = $crate::store::testdb::Place::postgres() {
                    super::$name(at)
                }
            }
        }
    )+};
}
#[cfg(test)]
pub(crate) use both_engines;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_another_database_or_user() {
        let u = "postgresql://capdo_admin@%2Ftmp%2Fpg/postgres";
        assert_eq!(
            with_database(u, "capdo_t1"),
            "postgresql://capdo_admin@%2Ftmp%2Fpg/capdo_t1"
        );
        assert_eq!(
            as_user(&with_database(u, "x"), "xa_a"),
            "postgresql://xa_a@%2Ftmp%2Fpg/x"
        );
    }
}
