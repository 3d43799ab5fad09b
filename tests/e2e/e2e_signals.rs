//! The terminal is restored when the dashboard ends badly: a panic, SIGTERM, and SIGHUP (a
//! dropped SSH session). Each run checks, after the program is gone, that the terminal is back
//! in canonical mode with echo, and that the program's exit status says why it ended.
//! Skips (saying so) where tmux is absent; `.ci/run` installs it.

use crate::common::{Tmux, tmux_available, wait_file};

/// Starts the dashboard in a shell that records its exit status and the terminal modes after
/// it ends. Returns the tmux session and the two files.
fn start(
    name: &str,
    env: &str,
) -> (
    Tmux,
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let dir = tempfile::tempdir().unwrap();
    let stty = dir.path().join("stty.txt");
    let status = dir.path().join("status.txt");
    let bin = env!("CARGO_BIN_EXE_capdo");
    let script = format!(
        "{env} HOME='{home}' CAPDO_CONFIG='{home}/c.toml' TERM=xterm-256color '{bin}' --demo --today 2026-11-29 2>'{home}/err.txt'; \
         echo \"$?\" > '{status}'; stty -a > '{stty}'; sleep 60",
        home = dir.path().display(),
        status = status.display(),
        stty = stty.display(),
    );
    let t = Tmux::start(name, 80, 24, &script);
    (t, dir, stty, status)
}

fn assert_restored(stty: &std::path::Path) {
    let modes = wait_file(stty);
    let words: Vec<&str> = modes.split_whitespace().collect();
    assert!(
        words.contains(&"icanon"),
        "terminal left in raw mode: {modes}"
    );
    assert!(words.contains(&"echo"), "echo left off: {modes}");
}

/// The pid of the capdo process under the pane's shell.
fn capdo_pid(t: &Tmux) -> String {
    let shell = t
        .run(&["display-message", "-p", "-t", "t", "#{pane_pid}"])
        .trim()
        .to_owned();
    let out = std::process::Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .expect("capdo is running")
        .trim()
        .to_owned()
}

fn signal(name: &str, sig: &str, expected_status: &str) {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let (t, _dir, stty, status) = start(name, "");
    t.wait_for("q thoát");
    let pid = capdo_pid(&t);
    let ok = std::process::Command::new("kill")
        .args([sig, &pid])
        .status()
        .unwrap();
    assert!(ok.success());
    assert_restored(&stty);
    assert_eq!(wait_file(&status).trim(), expected_status);
    assert!(
        !t.capture().contains("Tổng quan"),
        "the dashboard is still on screen"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    signal("term", "-TERM", "143");
}

#[test]
fn sighup_restores_the_terminal() {
    signal("hup", "-HUP", "129");
}

#[test]
fn a_panic_restores_the_terminal() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let (t, dir, stty, status) = start("panic", "CAPDO_TEST_PANIC=1");
    assert_restored(&stty);
    assert_eq!(wait_file(&status).trim(), "101");
    let err = std::fs::read_to_string(dir.path().join("err.txt")).unwrap();
    assert!(err.contains("deliberate panic"), "{err}");
    assert!(!t.capture().contains("Tổng quan"));
}
