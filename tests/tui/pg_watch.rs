//! Several officers on one PostgreSQL store: two dashboards open on it show a change another
//! session commits (a `record` from the shell) without a key press, through the server's
//! change signal; a reader reloads nothing and the idle dashboards use no CPU. Skipped
//! without `CAPDO_TEST_PG` (an error under CI).

use std::time::{Duration, Instant};

use capdo::store::testdb;

use crate::common::{self, tmux_available, watch};

#[cfg(target_os = "linux")]
#[test]
fn two_dashboards_see_another_sessions_commit() {
    let Some(url) = testdb::fresh() else { return };
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let capdo = |args: &[&str]| watch::capdo_on(&url, dir.path(), args);
    watch::one_system_store(&url, dir.path());
    let dashboard = |who: &str| watch::watched_dashboard(&format!("pg-{who}"), &url, dir.path());
    let (a, pid_a, counts_a) = dashboard("a");
    let (b, pid_b, counts_b) = dashboard("b");
    // each checks the store once, when its listener starts: nothing new
    let c = common::wait_file(&counts_a);
    assert!(c.contains("reloads=0"), "{c}");
    common::wait_file(&counts_b);

    // idle: no CPU over two seconds (a polling loop would use some)
    std::thread::sleep(Duration::from_millis(300));
    let before = (watch::cpu_ticks(&pid_a), watch::cpu_ticks(&pid_b));
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        watch::cpu_ticks(&pid_a) - before.0 <= 1,
        "A busy while idle"
    );
    assert!(
        watch::cpu_ticks(&pid_b) - before.1 <= 1,
        "B busy while idle"
    );

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
