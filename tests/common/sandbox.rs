//! The real `capdo` binary in a throwaway directory, for the safety tests (crash, concurrency,
//! unusable stores, backups, hostile input): a sandboxed environment (HOME and the XDG
//! directories inside the temporary directory, no CAPDO_* variables, a fixed reference date),
//! plain `std::process` so that tests can spawn, race and kill it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub const TODAY: &str = "2026-11-29";

pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox { dir: sandbox_dir() }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("capdo.sqlite3")
    }

    /// `capdo` in the sandbox, no store chosen.
    pub fn bare(&self) -> Command {
        command_in(self.dir.path())
    }

    /// `capdo --db <store> --today TODAY`.
    pub fn capdo(&self) -> Command {
        self.on(&self.db())
    }

    /// `capdo --db <db> --today TODAY`.
    pub fn on(&self, db: &Path) -> Command {
        let mut c = self.bare();
        c.arg("--db").arg(db).args(["--today", TODAY]);
        c
    }

    /// Runs `capdo ARGS` on the store.
    pub fn run(&self, args: &[&str]) -> Output {
        self.capdo().args(args).output().expect("run capdo")
    }

    /// Runs `capdo ARGS`, panicking with its output unless it succeeds; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "capdo {args:?}: {}", describe(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    /// A rusqlite connection to the store.
    pub fn conn(&self) -> rusqlite::Connection {
        let c = rusqlite::Connection::open(self.db()).expect("open store");
        c.busy_timeout(std::time::Duration::from_secs(10))
            .expect("busy timeout");
        c
    }
}

/// A temporary directory with the home and XDG directories a sandboxed run uses.
pub fn sandbox_dir() -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["home", "xdg-data", "xdg-config", "xdg-cache"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
    }
    dir
}

/// `capdo` run in `dir` (made by `sandbox_dir`): HOME and the XDG directories inside it, no
/// CAPDO_* variables, NO_COLOR, USER=tester. Shared by every test that runs the binary.
pub fn command_in(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_capdo"));
    c.current_dir(dir);
    for v in [
        "CAPDO_DB",
        "CAPDO_TODAY",
        "CAPDO_LANG",
        "CAPDO_THEME",
        "CAPDO_CONFIG",
        "CAPDO_BUSY_TIMEOUT_MS",
        "CAPDO_TEST_PANIC",
    ] {
        c.env_remove(v);
    }
    c.env("HOME", dir.join("home"))
        .env("XDG_DATA_HOME", dir.join("xdg-data"))
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("XDG_CACHE_HOME", dir.join("xdg-cache"))
        .env("APPDATA", dir.join("home"))
        .env("LOCALAPPDATA", dir.join("home"))
        .env("NO_COLOR", "1")
        .env("USER", "tester");
    c
}

/// Exit status, stdout and stderr, for a failure message.
pub fn describe(o: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `<path><suffix>` (`-wal`, `-shm`).
pub fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// An inventory CSV: `code,name,level[,extra...]` rows.
pub fn csv(header: &str, rows: impl IntoIterator<Item = String>) -> Vec<u8> {
    let mut s = String::from(header);
    s.push('\n');
    for r in rows {
        s.push_str(&r);
        s.push('\n');
    }
    s.into_bytes()
}

/// A small deterministic random number generator (xorshift64*), so that a failing run can be
/// repeated from its printed seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// A seed from `VAR` when set, else from the clock.
pub fn seed_from_env(var: &str) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(42)
        })
}

/// A count from `VAR` when set, else `default`.
pub fn count_from_env(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

/// `PRAGMA integrity_check` of a store file, through a fresh connection.
pub fn integrity(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}
