//! A store written by another process while a dashboard watches it: the one-system store both
//! engines' watch tests start from, the dashboard in a tmux pane counting its reloads, and the
//! CPU a process has used.

use std::path::{Path, PathBuf};

use super::Tmux;

/// `capdo ARGS` on `db` (a file or a PostgreSQL URL) on 29/11/2026 with `home` as HOME;
/// panics unless it succeeds.
pub fn capdo_on(db: &str, home: &Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_capdo"))
        .args(args)
        .env("CAPDO_DB", db)
        .env("CAPDO_TODAY", "2026-11-29")
        .env("HOME", home)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
}

/// Writes into `db` one approved system "MA-A" (its periodic assessment 273 days late on
/// 29/11/2026) through an imported CSV, and names the unit (so that the dashboard does not
/// stop to ask for a name).
pub fn one_system_store(db: &str, home: &Path) {
    let csv = home.join("ds.csv");
    capdo_on(db, home, &["template", csv.to_str().unwrap()]);
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str(
        "MA-A,Cổng thông tin,UBND,UBND,sở hữu,2,đã phê duyệt,01/02/2024,12/QĐ,đầy đủ,01/03/2024,01/01/2023,An,\n",
    );
    std::fs::write(&csv, text).unwrap();
    capdo_on(db, home, &["import", csv.to_str().unwrap()]);
    capdo_on(db, home, &["profile", "--unit", "UBND xã Thử"]);
}

/// The dashboard on `db` in an 80x24 tmux pane named `who`, its store checks and reloads
/// counted into a file (`CAPDO_TEST_RELOADS`): the pane once its first screen shows MA-A late,
/// the process id, and the counts file (written at the first check).
pub fn watched_dashboard(who: &str, db: &str, home: &Path) -> (Tmux, String, PathBuf) {
    let pid = home.join(format!("pid-{who}.txt"));
    let counts = home.join(format!("counts-{who}.txt"));
    let script = format!(
        "echo $$ > '{pid}'; HOME='{home}' CAPDO_CONFIG='{home}/c.toml' CAPDO_DB='{db}' \
         CAPDO_TEST_RELOADS='{counts}' TERM=xterm-256color exec '{bin}' --today 2026-11-29",
        pid = pid.display(),
        home = home.display(),
        counts = counts.display(),
        bin = env!("CARGO_BIN_EXE_capdo"),
    );
    let t = Tmux::start(who, 80, 24, &script);
    let s = t.wait_for("q thoát");
    assert!(s.contains("quá hạn 273 ngày MA-A"), "{s}");
    let pid = super::wait_file(&pid).trim().to_owned();
    (t, pid, counts)
}

/// User and system CPU ticks a process has used (Linux `/proc/PID/stat`).
pub fn cpu_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // the fields after the command name (which is in parentheses)
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}
