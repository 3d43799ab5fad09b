//! End-to-end in a real terminal: tmux runs `capdo --demo`, the test visits every view,
//! filters, opens help and the palette, switches language, resizes, quits, and checks that the
//! terminal is back in canonical mode. Skips (saying so) where tmux is absent; `.ci/run`
//! installs it, so CI always runs it.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Tmux, tmux_available};

#[test]
fn dashboard_in_a_real_terminal() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let stty = dir.path().join("stty.txt");
    let config = dir.path().join("config.toml");
    let bin = env!("CARGO_BIN_EXE_capdo");
    let script = format!(
        "HOME='{home}' CAPDO_CONFIG='{config}' TERM=xterm-256color '{bin}' --demo --today 2026-11-29; \
         echo \"exit=$?\" > '{stty}.status'; stty -a > '{stty}'; sleep 60",
        home = dir.path().display(),
        config = config.display(),
        stty = stty.display(),
    );
    let t = Tmux::start("e2e", 80, 24, &script);

    let s = t.wait_for("q thoát");
    assert!(s.contains("Tổng quan"), "{s}");
    assert!(s.contains("Việc gấp"), "{s}");

    for (key, needle) in [
        ("2", "Hệ thống (16)"),
        ("3", "Phê duyệt (6)"),
        ("4", "Đánh giá (10)"),
        ("5", "Hạn chót ("),
        ("6", "Sự cố (2)"),
        ("7", "Kinh phí (3)"),
        ("Tab", "Tình hình"),
    ] {
        t.keys(&[key]);
        t.wait_for(needle);
    }

    t.keys(&["2", "/"]);
    t.keys(&["-l", "cong thong tin"]);
    let s = t.wait_for("(1/16)");
    assert!(s.contains("MA-WEB"), "{s}");
    t.keys(&["Enter", "Escape"]);
    t.wait_for("Hệ thống (16)");

    t.keys(&["?"]);
    t.wait_for("Trợ giúp — phím tắt");
    t.keys(&["Escape", ":"]);
    t.wait_for("Bảng lệnh");
    t.keys(&["Escape"]);

    t.keys(&["L"]);
    let s = t.wait_for("q quit");
    assert!(s.contains("Systems (16)"), "{s}");
    assert!(
        std::fs::read_to_string(&config)
            .unwrap_or_default()
            .contains("lang = \"en\"")
    );

    t.run(&["resize-window", "-t", "t", "-x", "120", "-y", "40"]);
    t.wait_for("Last assessed");
    t.run(&["resize-window", "-t", "t", "-x", "50", "-y", "12"]);
    t.wait_for("Terminal too small (50x12)");
    t.run(&["resize-window", "-t", "t", "-x", "80", "-y", "24"]);
    t.wait_for("Systems (16)");

    t.keys(&["q"]);
    let start = Instant::now();
    while !Path::new(&stty).exists()
        || std::fs::read_to_string(&stty)
            .unwrap_or_default()
            .is_empty()
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "capdo did not quit"
        );
        std::thread::sleep(Duration::from_millis(30));
    }
    std::thread::sleep(Duration::from_millis(100));
    let modes = std::fs::read_to_string(&stty).unwrap();
    let status = std::fs::read_to_string(format!("{}.status", stty.display())).unwrap_or_default();
    assert!(status.contains("exit=0"), "{status}");
    let words: Vec<&str> = modes.split_whitespace().collect();
    assert!(
        words.contains(&"icanon"),
        "terminal left in raw mode: {modes}"
    );
    assert!(words.contains(&"echo"), "echo left off: {modes}");
    // and the alternate screen is gone: the shell's screen is back
    assert!(!t.capture().contains("Systems (16)"));
}
