//! Several officers on one PostgreSQL store: two dashboards open on it show a change another
//! session commits (a `record` from the shell) without a key press, through the server's
//! change signal; a reader reloads nothing and the idle dashboards use no CPU. Skipped
//! without `CAPDO_TEST_PG` (an error under CI).

use std::time::{Duration, Instant};

use capdo::store::testdb;

use crate::common::{self, Tmux, tmux_available};

fn cpu_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn two_dashboards_see_another_sessions_commit() {
    let Some(url) = testdb::fresh() else { return };
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("ds.csv");
    let bin = env!("CARGO_BIN_EXE_capdo");
    let capdo = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .env("CAPDO_DB", &url)
            .env("CAPDO_TODAY", "2026-11-29")
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    capdo(&["template", csv.to_str().unwrap()]);
    let mut text = std::fs::read_to_string(&csv).unwrap();
    text.push_str(
        "MA-A,Cổng thông tin,UBND,UBND,sở hữu,2,đã phê duyệt,01/02/2024,12/QĐ,đầy đủ,01/03/2024,01/01/2023,An,\n",
    );
    std::fs::write(&csv, text).unwrap();
    capdo(&["import", csv.to_str().unwrap()]);
    capdo(&["profile", "--unit", "UBND xã Thử"]);
    let dashboard = |who: &str| {
        let pid = dir.path().join(format!("pid-{who}.txt"));
        let counts = dir.path().join(format!("counts-{who}.txt"));
        let script = format!(
            "echo $$ > '{pid}'; HOME='{home}' CAPDO_CONFIG='{home}/c.toml' CAPDO_DB='{url}' \
             CAPDO_TEST_RELOADS='{counts}' TERM=xterm-256color exec '{bin}' --today 2026-11-29",
            pid = pid.display(),
            home = dir.path().display(),
            counts = counts.display(),
        );
        let t = Tmux::start(&format!("pg-{who}"), 80, 24, &script);
        let s = t.wait_for("q thoát");
        assert!(s.contains("quá hạn 273 ngày MA-A"), "{s}");
        let pid = common::wait_file(&pid).trim().to_owned();
        (t, pid, counts)
    };
    let (a, pid_a, counts_a) = dashboard("a");
    let (b, pid_b, counts_b) = dashboard("b");
    // each checks the store once, when its listener starts: nothing new
    let c = common::wait_file(&counts_a);
    assert!(c.contains("reloads=0"), "{c}");
    common::wait_file(&counts_b);

    // idle: no CPU over two seconds (a polling loop would use some)
    std::thread::sleep(Duration::from_millis(300));
    let before = (cpu_ticks(&pid_a), cpu_ticks(&pid_b));
    std::thread::sleep(Duration::from_secs(2));
    assert!(cpu_ticks(&pid_a) - before.0 <= 1, "A busy while idle");
    assert!(cpu_ticks(&pid_b) - before.1 <= 1, "B busy while idle");

    // a reader commits nothing: no signal, no reload
    capdo(&["due"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(!a.capture().contains("tải lại"));

    // another session writes: both dashboards show it within 2 s, no key pressed
    capdo(&["record", "assessment", "MA-A", "--on", "2026-11-20"]);
    let start = Instant::now();
    for t in [&a, &b] {
        let s = t.wait_for("Dữ liệu vừa được thay đổi từ nơi khác — đã tải lại.");
        assert!(!s.contains("quá hạn 273 ngày MA-A"), "{s}");
        assert!(s.contains("Việc gấp (0 quá hạn"), "{s}");
    }
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "took {took:?}");
    for counts in [&counts_a, &counts_b] {
        let c = std::fs::read_to_string(counts).unwrap();
        assert!(c.contains("reloads=1"), "{c}");
    }
    a.keys(&["q"]);
    b.keys(&["q"]);
}
