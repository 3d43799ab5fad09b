//! Crash safety: the real binary is killed with SIGKILL at random moments while it writes —
//! imports of many rows, a loop of `capdo record` (the dashboard's forms run the same
//! operations), restores and backups — and after every kill:
//!
//! - `capdo verify` passes (`integrity_check` ok, change log intact) and so does
//!   `PRAGMA integrity_check` through a fresh connection;
//! - every committed change is there: an import that finished is there whole, every record the
//!   loop acknowledged (it prints a line after each successful command) is there;
//! - nothing half-written is: an import is there with all its rows or none, a record with its
//!   change-log entry or not at all, a restore gives the old store or the backup, a backup file
//!   is complete or absent.
//!
//! `CAPDO_CRASH_KILLS` sets the number of kills (default 40), `CAPDO_CRASH_SEED` the seed; the
//! seed is printed in every failure so that a run can be repeated.

#![cfg(unix)]

use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::sandbox::*;

/// Rows of each killed import.
const ROWS: usize = 1200;
/// Systems in the seeded store (and in the backup that restores bring back).
const BASE: usize = 40;

struct Run {
    s: Sandbox,
    seed: u64,
    rng: Rng,
    /// The system codes the store holds now.
    codes: BTreeSet<String>,
    /// Codes in the backup.
    backup_codes: BTreeSet<String>,
    /// Kills that landed while the command was still running, and commands that finished first.
    killed: usize,
    finished: usize,
}

impl Run {
    fn ctx(&self, round: usize, what: &str) -> String {
        format!("seed {} round {round} ({what})", self.seed)
    }

    fn codes_now(&self) -> BTreeSet<String> {
        let c = self.s.conn();
        let mut st = c.prepare("SELECT code FROM system").expect("prepare");
        st.query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    }

    /// The checks after every kill that do not depend on the scenario.
    fn sound(&self, ctx: &str) {
        let o = self.s.run(&["verify"]);
        assert!(o.status.success(), "{ctx}: verify: {}", describe(&o));
        assert_eq!(integrity(&self.s.db()), "ok", "{ctx}");
        // every system's change-log entry is there: one "create" per system ever created
        let c = self.s.conn();
        let orphans: i64 = c
            .query_row(
                "SELECT count(*) FROM system s WHERE unit = '' AND NOT EXISTS \
                 (SELECT 1 FROM change_log l WHERE l.entity = 'system' AND l.entity_key = s.code)",
                [],
                |r| r.get(0),
            )
            .expect("orphans");
        assert_eq!(orphans, 0, "{ctx}: systems without a change-log entry");
    }

    /// Starts `capdo ARGS` in its own process group.
    fn spawn(&self, args: &[String]) -> Child {
        self.s
            .capdo()
            .args(args)
            .process_group(0)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    }

    /// Kills `child`'s whole process group after `delay` unless it has ended by then; returns
    /// whether it finished on its own (successfully) and its stdout.
    fn kill_after(&mut self, mut child: Child, delay: Duration, ctx: &str) -> (bool, String) {
        let start = Instant::now();
        while start.elapsed() < delay {
            if child.try_wait().expect("try_wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let finished = match child.try_wait().expect("try_wait") {
            Some(status) => {
                assert!(
                    status.success(),
                    "{ctx}: ended with {status:?} before the kill"
                );
                true
            }
            None => {
                kill_group(child.id());
                false
            }
        };
        let _ = child.wait();
        if !finished {
            wait_group_gone(child.id(), ctx);
        }
        let mut out = String::new();
        if let Some(mut o) = child.stdout.take() {
            let _ = o.read_to_string(&mut out);
        }
        if finished {
            self.finished += 1;
        } else {
            self.killed += 1;
        }
        (finished, out)
    }

    /// A random delay in `[0, span)`.
    fn delay(&mut self, span: Duration) -> Duration {
        Duration::from_micros(self.rng.below(span.as_micros().max(1) as u64))
    }

    fn import_round(&mut self, round: usize, span: Duration) {
        let ctx = self.ctx(round, "import");
        let prefix = format!("R{round}-");
        let new: BTreeSet<String> = (0..ROWS).map(|i| format!("{prefix}{i:04}")).collect();
        let file = format!("r{round}.csv");
        self.s.write(
            &file,
            &csv(
                "code,name,level,owner,notes",
                new.iter()
                    .map(|c| format!("{c},Hệ thống {c},2,UBND xã,ghi chú {round}")),
            ),
        );
        let child = self.spawn(&["import".into(), file]);
        let d = self.delay(span);
        let (finished, _) = self.kill_after(child, d, &ctx);
        self.sound(&ctx);
        let now = self.codes_now();
        let after: BTreeSet<String> = self.codes.union(&new).cloned().collect();
        if finished {
            assert_eq!(now, after, "{ctx}: a finished import is not all there");
        } else {
            assert!(
                now == self.codes || now == after,
                "{ctx}: a killed import left {} of its {ROWS} rows",
                now.difference(&self.codes).count()
            );
        }
        self.codes = now;
    }

    fn record_round(&mut self, round: usize, span: Duration) {
        let ctx = self.ctx(round, "record loop");
        let bin = env!("CARGO_BIN_EXE_capdo");
        let code = self.codes.iter().next().cloned().unwrap_or_default();
        let script = format!(
            "i=0; while [ $i -lt 100000 ]; do \
               '{bin}' --db '{db}' --today {TODAY} record assessment '{code}' --on 2026-11-01 \
                 --assessor \"k{round}-$i\" --findings 1 --result findings >/dev/null || exit 1; \
               echo \"$i\"; i=$((i+1)); done",
            db = self.s.db().display()
        );
        let child = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .env("HOME", self.s.path("home"))
            .env("XDG_CONFIG_HOME", self.s.path("xdg-config"))
            .env("USER", "tester")
            .env_remove("CAPDO_DB")
            .env_remove("CAPDO_LANG")
            .process_group(0)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn loop");
        let d = self.delay(span) + Duration::from_millis(30);
        let (finished, out) = self.kill_after(child, d, &ctx);
        assert!(!finished, "{ctx}: the loop ended on its own");
        self.sound(&ctx);
        let acked: BTreeSet<String> = out
            .lines()
            .map(|l| format!("k{round}-{}", l.trim()))
            .collect();
        let c = self.s.conn();
        let present: BTreeSet<String> = {
            let mut st = c
                .prepare("SELECT assessor FROM assessment WHERE assessor LIKE ?1")
                .expect("prepare");
            st.query_map([format!("k{round}-%")], |r| r.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("rows")
        };
        let missing: Vec<&String> = acked.difference(&present).collect();
        assert!(
            missing.is_empty(),
            "{ctx}: acknowledged but lost: {missing:?}"
        );
        // at most the one command that was killed after its commit, before its acknowledgement
        let extra: Vec<&String> = present.difference(&acked).collect();
        assert!(extra.len() <= 1, "{ctx}: unacknowledged records {extra:?}");
        let logged: i64 = c
            .query_row(
                "SELECT count(*) FROM change_log WHERE entity = 'assessment' AND new LIKE ?1",
                [format!("%\"k{round}-%")],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(
            logged as usize,
            present.len(),
            "{ctx}: records and their change-log entries differ"
        );
        self.codes = self.codes_now();
    }

    fn restore_round(&mut self, round: usize, span: Duration) {
        let ctx = self.ctx(round, "restore");
        let child = self.spawn(&["restore".into(), "backup.sqlite3".into()]);
        let d = self.delay(span);
        let (finished, _) = self.kill_after(child, d, &ctx);
        self.sound(&ctx);
        let now = self.codes_now();
        if finished {
            assert_eq!(now, self.backup_codes, "{ctx}: a finished restore");
        } else {
            assert!(
                now == self.codes || now == self.backup_codes,
                "{ctx}: a killed restore left a mix ({} systems)",
                now.len()
            );
        }
        self.codes = now;
    }

    fn backup_round(&mut self, round: usize, span: Duration) {
        let ctx = self.ctx(round, "backup");
        let out = self.s.path(&format!("b{round}.sqlite3"));
        let child = self.spawn(&["backup".into(), out.display().to_string()]);
        let d = self.delay(span);
        let (finished, _) = self.kill_after(child, d, &ctx);
        self.sound(&ctx);
        if finished || out.exists() {
            // complete, or not there at all
            assert_eq!(integrity(&out), "ok", "{ctx}");
            let o = self
                .s
                .on(&out)
                .args(["--read-only", "verify"])
                .output()
                .expect("verify");
            assert!(o.status.success(), "{ctx}: backup verify: {}", describe(&o));
        }
    }
}

fn kill_group(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stderr(Stdio::null())
        .status();
}

/// Waits until no process of the group is left (a killed grandchild may linger a moment).
fn wait_group_gone(pid: u32, ctx: &str) {
    let start = Instant::now();
    loop {
        let alive = Command::new("kill")
            .args(["-0", "--", &format!("-{pid}")])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !alive {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{ctx}: process group {pid} still alive"
        );
        kill_group(pid);
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// How long a command takes when left alone.
fn timed(s: &Sandbox, args: &[&str]) -> Duration {
    let start = Instant::now();
    s.ok(args);
    start.elapsed()
}

#[test]
fn killed_writes_lose_nothing_committed_and_leave_nothing_half_written() {
    let kills = count_from_env("CAPDO_CRASH_KILLS", 40);
    let seed = seed_from_env("CAPDO_CRASH_SEED");
    eprintln!("crash test: {kills} kills, seed {seed} (CAPDO_CRASH_SEED={seed} repeats it)");
    let s = Sandbox::new();
    s.write(
        "base.csv",
        &csv(
            "code,name,level",
            (0..BASE).map(|i| format!("B{i:03},Hệ thống gốc {i},2")),
        ),
    );
    s.ok(&["import", "base.csv"]);
    s.ok(&["backup", "backup.sqlite3"]);
    // how long each kind of command takes here, to aim the kills inside them
    s.write(
        "calibrate.csv",
        &csv(
            "code,name,level",
            (0..ROWS).map(|i| format!("C{i:04},Thử {i},1")),
        ),
    );
    let t_import = timed(&s, &["import", "calibrate.csv"]);
    let t_restore = timed(&s, &["restore", "backup.sqlite3"]);
    let t_backup = timed(&s, &["backup", "calibrate.sqlite3"]);
    let t_record = timed(&s, &["record", "assessment", "B000", "--on", "2026-11-01"]);
    eprintln!(
        "one import of {ROWS} rows {t_import:?}, restore {t_restore:?}, backup {t_backup:?}, record {t_record:?}"
    );
    let mut run = Run {
        codes: BTreeSet::new(),
        backup_codes: BTreeSet::new(),
        seed,
        rng: Rng::new(seed),
        killed: 0,
        finished: 0,
        s,
    };
    run.codes = run.codes_now();
    run.backup_codes = run.codes.clone();
    let margin = |d: Duration| d + d / 4 + Duration::from_millis(5);
    for round in 0..kills {
        match run.rng.below(10) {
            0..=3 => run.import_round(round, margin(t_import)),
            4..=6 => run.record_round(round, (t_record * 8).max(Duration::from_millis(300))),
            7..=8 => run.restore_round(round, margin(t_restore)),
            _ => run.backup_round(round, margin(t_backup)),
        }
    }
    eprintln!(
        "crash test (seed {seed}): {} kills landed while writing, {} commands finished before their kill; every check passed",
        run.killed, run.finished
    );
    assert!(
        run.killed * 3 >= kills,
        "seed {seed}: too few kills landed while a command ran ({} of {kills})",
        run.killed
    );
}
