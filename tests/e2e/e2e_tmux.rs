//! End-to-end in a real terminal: tmux runs `capdo --demo`, the test visits every view,
//! filters, opens help and the palette, switches language, resizes, quits, and checks that the
//! terminal is back in canonical mode. Skips (saying so) where tmux is absent; `.ci/run`
//! installs it, so CI always runs it.

use crate::common;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{Tmux, tmux_available, watch};

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

/// The Overview at 80x24 on the sample data: the most overdue item is on screen, and the last
/// line says how many more there are and where.
#[test]
fn overview_shows_the_most_overdue_at_80x24() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_capdo");
    let script = format!(
        "HOME='{home}' CAPDO_CONFIG='{home}/c.toml' TERM=xterm-256color '{bin}' --demo --today 2026-11-29; sleep 60",
        home = dir.path().display(),
    );
    let t = Tmux::start("overview", 80, 24, &script);
    let s = t.wait_for("q thoát");
    assert!(s.contains("quá hạn 790 ngày MA-DTT"), "{s}");
    assert!(s.contains("+16 mục nữa — j/k cuộn · 5 Hạn chót"), "{s}");
    t.keys(&["G"]);
    let s = t.wait_for("16–23/23");
    assert!(s.contains("chưa từng        MA-WIFI"), "{s}");
    t.keys(&["q"]);
}

/// CPU time (user + system, in clock ticks) a process has used so far.
#[cfg(target_os = "linux")]
/// Another capdo process writes the store (a `record` from the shell): the open dashboard shows
/// it within 2 seconds without a key press. A reader (`capdo due`) reloads nothing, and the
/// idle dashboard uses no CPU.
#[cfg(target_os = "linux")]
#[test]
fn the_dashboard_notices_another_writer() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let db = db.to_str().unwrap();
    let capdo = |args: &[&str]| watch::capdo_on(db, dir.path(), args);
    watch::one_system_store(db, dir.path());
    let (t, pid, counts) = watch::watched_dashboard("writer", db, dir.path());

    // idle: no CPU at all over two seconds (a busy loop would use some)
    std::thread::sleep(Duration::from_millis(300));
    let before = watch::cpu_ticks(&pid);
    std::thread::sleep(Duration::from_secs(2));
    let idle = watch::cpu_ticks(&pid) - before;
    assert!(idle <= 1, "{idle} ticks of CPU while idle");
    assert!(!counts.exists(), "the store was checked with no file event");

    // a reader touches the files but commits nothing: checked, not reloaded
    capdo(&["due"]);
    let c = common::wait_file(&counts);
    std::thread::sleep(Duration::from_millis(500));
    let c = std::fs::read_to_string(&counts).unwrap_or(c);
    assert!(c.contains("reloads=0"), "{c}");
    assert!(!t.capture().contains("tải lại"));

    // a writer: shown within 2 s, no key pressed
    capdo(&["record", "assessment", "MA-A", "--on", "2026-11-20"]);
    let start = Instant::now();
    let s = t.wait_for("Dữ liệu vừa được thay đổi từ nơi khác — đã tải lại.");
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(!s.contains("quá hạn 273 ngày MA-A"), "{s}");
    assert!(s.contains("Việc gấp (0 quá hạn"), "{s}");
    assert!(
        std::fs::read_to_string(&counts)
            .unwrap()
            .contains("reloads=1")
    );
    // and idle again
    let before = watch::cpu_ticks(&pid);
    std::thread::sleep(Duration::from_secs(1));
    assert!(watch::cpu_ticks(&pid) - before <= 1);

    // keys pressed all the while do not put the reload off
    t.keys(&["2"]);
    t.wait_for("Hệ thống (1)");
    capdo(&["record", "assessment", "MA-A", "--on", "2026-11-25"]);
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1500) {
        t.keys(&["j"]);
        std::thread::sleep(Duration::from_millis(40));
    }
    let s = t.wait_for("25/11/2026");
    assert!(s.contains("MA-A"), "{s}");
    assert!(
        std::fs::read_to_string(&counts)
            .unwrap()
            .contains("reloads=2")
    );
    t.keys(&["q"]);
}

/// The palette's import on an empty store: a file with problems is refused with its problems
/// shown and nothing written; a good one is imported as `capdo import` does.
#[test]
fn the_palette_imports_an_inventory() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let bin = env!("CARGO_BIN_EXE_capdo");
    let out = std::process::Command::new(bin)
        .args(["template", dir.path().join("ds.csv").to_str().unwrap()])
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    // an empty store with a named unit: the dashboard does not stop to ask for one
    let out = std::process::Command::new(bin)
        .args(["profile", "--unit", "UBND xã Thử"])
        .env("HOME", dir.path())
        .env("CAPDO_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let header = std::fs::read_to_string(dir.path().join("ds.csv")).unwrap();
    std::fs::write(
        dir.path().join("bad.csv"),
        format!(
            "{header}MA-A,Cổng thông tin,UBND,UBND,sở hữu,2,đã phê duyệt,01/02/2024,12/QĐ,đầy đủ,01/03/2024,01/01/2023,An,\n\
             MA-B,X,UBND,UBND,sở hữu,9,đã phê duyệt,01/02/2024,12/QĐ,đầy đủ,01/03/2024,01/01/2023,An,\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ds.csv"),
        format!(
            "{header}MA-A,Cổng thông tin,UBND,UBND,sở hữu,2,đã phê duyệt,01/02/2024,12/QĐ,đầy đủ,01/03/2024,01/01/2023,An,\n"
        ),
    )
    .unwrap();
    let script = format!(
        "cd '{home}' && HOME='{home}' CAPDO_CONFIG='{home}/c.toml' CAPDO_DB='{db}' \
         TERM=xterm-256color '{bin}' --today 2026-11-29; sleep 60",
        home = dir.path().display(),
        db = db.display(),
    );
    let t = Tmux::start("import", 80, 24, &script);
    t.wait_for("capdo --demo");
    t.keys(&[":"]);
    t.wait_for("▶ Nhập danh mục từ tệp (CSV, XLSX)");
    t.keys(&["Enter"]);
    t.wait_for("Đường dẫn tệp");
    t.keys(&["-l", "bad.csv"]);
    t.keys(&["Enter"]);
    let s = t.wait_for("1 lỗi; không ghi gì vào kho.");
    assert!(s.contains("bad.csv:3: Cấp độ"), "{s}");
    // beside the path: what happened (the file, how many problems)
    assert!(s.contains("không nhập được bad.csv: 1 lỗi"), "{s}");
    // all or nothing: the good row was not written either
    let store = capdo::store::Store::open(
        &db,
        capdo::store::Access::ReadOnly,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
    )
    .unwrap();
    assert!(store.systems().unwrap().is_empty());
    drop(store);
    for _ in 0..7 {
        t.keys(&["BSpace"]);
    }
    t.keys(&["-l", "\"ds.csv\""]);
    t.keys(&["Enter"]);
    let s = t.wait_for("Đã nhập ds.csv: 1 hệ thống mới");
    assert!(s.contains("MA-A"), "{s}");
    t.keys(&["q"]);
}
