//! The forms in a real terminal (tmux): Esc followed at once by a key, which the terminal sends
//! as one Alt+key sequence, is read as Esc then the key; Ctrl-C in a form with typed input asks
//! before anything is lost, and quits outside forms. Skips (saying so) where tmux is absent.

use crate::common::{Tmux, tmux_available, wait_file};

#[test]
fn esc_and_ctrl_c_in_a_real_terminal() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let status = dir.path().join("status");
    let bin = env!("CARGO_BIN_EXE_capdo");
    let script = format!(
        "HOME='{home}' CAPDO_CONFIG='{home}/config.toml' TERM=xterm-256color '{bin}' --demo \
         --today 2026-11-29; echo \"exit=$?\" > '{status}'; sleep 60",
        home = dir.path().display(),
        status = status.display(),
    );
    let t = Tmux::start("forms", 80, 24, &script);
    t.wait_for("q thoát");

    // the filter: Esc and j sent together (ESC j on the wire) clear the filter, nothing typed
    t.keys(&["2", "/"]);
    t.keys(&["-l", "wifi"]);
    t.wait_for("(1/16)");
    t.keys(&["Escape", "j"]);
    let s = t.wait_for("Hệ thống (16)");
    assert!(!s.contains("wifij"), "j typed into the filter:\n{s}");

    // a form with typed input: Ctrl-C asks; k keeps the input
    t.keys(&["n"]);
    t.wait_for("Thêm hệ thống");
    t.keys(&["-l", "MA-THU"]);
    t.keys(&["C-c"]);
    t.wait_for("Bỏ các thay đổi chưa lưu? (c/k)");
    t.keys(&["k"]);
    // (the form's own footer: the question is gone)
    let s = t.wait_for("↵ lưu");
    assert!(s.contains("MA-THU▏") && !s.contains("(c/k)"), "{s}");
    // Esc and c together: the question, then yes
    t.keys(&["Escape", "c"]);
    t.wait_for("Đã bỏ các thay đổi chưa lưu.");
    assert!(!status.exists(), "the dashboard quit");
    // outside forms Ctrl-C quits
    t.keys(&["C-c"]);
    assert_eq!(wait_file(&status).trim(), "exit=0");
}
