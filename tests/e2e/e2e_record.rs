//! End-to-end in tmux: add a system through the dashboard's form, approve its dossier, record
//! an assessment, and check with `capdo due --json` that the deadlines moved; then a read-only
//! session, with every write key pressed, leaves the store's bytes unchanged.

use std::process::Command;

use crate::common::{Tmux, tmux_available, wait_file};

fn capdo(db: &std::path::Path, home: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_capdo"))
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("CAPDO_CONFIG", home.join("c.toml"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "--today",
            "2026-11-29",
            "--lang",
            "vi",
        ])
        .args(args)
        .output()
        .unwrap()
}

fn items(db: &std::path::Path, home: &std::path::Path) -> Vec<serde_json::Value> {
    let out = capdo(db, home, &["due", "--json", "--all"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn of<'a>(items: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    items
        .iter()
        .filter(|i| i["system"] == "E2E-1" && i["kind"] == kind)
        .collect()
}

/// Runs the dashboard on `db` in tmux with extra flags; returns the session and the file its
/// shell writes when the dashboard has ended.
fn session(
    name: &str,
    db: &std::path::Path,
    home: &std::path::Path,
    flags: &str,
) -> (Tmux, std::path::PathBuf) {
    let done = home.join(format!("{name}.done"));
    let script = format!(
        "HOME='{h}' CAPDO_CONFIG='{h}/c.toml' TERM=xterm-256color '{bin}' --db '{db}' --today 2026-11-29 --lang vi {flags}; echo \"$?\" > '{done}'; sleep 60",
        h = home.display(),
        bin = env!("CARGO_BIN_EXE_capdo"),
        db = db.display(),
        done = done.display(),
    );
    (Tmux::start(name, 100, 30, &script), done)
}

#[test]
fn record_through_the_dashboard_then_inspect_read_only() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let db = home.join("store.sqlite3");
    assert_ne!(
        capdo(&db, home, &["check"]).status.code(),
        Some(3),
        "a new store is created"
    );

    let (t, done) = session("rec", &db, home, "");
    // a new store has no unit name: the dashboard asks for it at start
    t.wait_for("Kho chưa có tên đơn vị");
    t.keys(&["-l", "UBND xã Thử Nghiệm"]);
    t.keys(&["Enter"]);
    t.wait_for("│ UBND xã Thử Nghiệm │");
    t.wait_for("q thoát");
    // add a system
    t.keys(&["2", "n"]);
    t.wait_for("Thêm hệ thống");
    t.keys(&["-l", "E2E-1"]);
    t.keys(&["Tab"]);
    t.keys(&["-l", "Cổng thông tin thử nghiệm"]);
    // Tab to the level field (code, name, owner, operator, relation, level) and pick 2
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Right", "Right"]);
    t.wait_for("cấp độ 2");
    t.keys(&["Enter"]);
    t.wait_for("Đã lưu");
    let before = items(&db, home);
    assert_eq!(of(&before, "approval").len(), 1, "{before:?}");
    assert_eq!(
        of(&before, "assessment")[0]["due_on"],
        serde_json::Value::Null
    );

    // approve it: state → approved, decision number, regulation date
    t.keys(&["d"]);
    t.wait_for("Bước hồ sơ cấp độ");
    t.keys(&["Right", "Right", "Right"]);
    t.wait_for("đã phê duyệt ◂▸");
    t.keys(&["Tab", "Tab"]);
    t.keys(&["-l", "99/QĐ-UBND"]);
    t.keys(&["Tab", "Tab"]);
    t.keys(&["-l", "01/11/2026"]);
    t.keys(&["Enter"]);
    t.wait_for("Đã lưu");
    // record an assessment today
    t.keys(&["a"]);
    t.wait_for("Ghi nhận kiểm tra, đánh giá");
    t.keys(&["Enter"]);
    t.wait_for("Đã lưu");
    t.keys(&["q"]);
    assert_eq!(wait_file(&done).trim(), "0");
    drop(t);

    let after = items(&db, home);
    assert!(of(&after, "approval").is_empty(), "approved: {after:?}");
    let a = of(&after, "assessment");
    assert_eq!(
        a[0]["due_on"], "2028-11-29",
        "24 months after today's assessment"
    );
    assert_eq!(a[0]["status"], "upcoming");
    let log = capdo(&db, home, &["verify"]);
    assert!(
        log.status.success(),
        "{}",
        String::from_utf8_lossy(&log.stdout)
    );

    // read-only: press every write key; nothing changes
    let bytes = std::fs::read(&db).unwrap();
    let (t, done) = session("ro", &db, home, "--read-only");
    let s = t.wait_for("CHỈ ĐỌC");
    assert!(!s.contains("n thêm"), "write keys offered: {s}");
    for keys in [
        &["2", "n"][..],
        &["d"],
        &["a"],
        &["x"],
        &["e"],
        &["w"],
        &["u"],
        &["P"],
        &["R"],
        &["6", "m"],
        &["C"],
        &["7", "n"],
    ] {
        t.keys(keys);
    }
    t.wait_for("chỉ đọc");
    t.keys(&["q"]);
    assert_eq!(wait_file(&done).trim(), "0");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "a read-only session changed the store"
    );
}
