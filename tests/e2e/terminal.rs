//! The real binary on a pseudo-terminal (tmux): every printing command writes real SGR
//! sequences to a terminal that wants colour, none with NO_COLOR, TERM=dumb or through a pipe,
//! and never capdo's own styling as escaped text. Skips (saying so) where tmux is absent;
//! `.ci/run` installs it.

use std::time::{Duration, Instant};

use crate::common::{Tmux, tmux_available};
use assert_cmd::Command;

/// The printing commands, each with the arguments that make it print to the terminal.
const COMMANDS: [(&str, &str); 7] = [
    ("due", "due"),
    ("why", "due --why"),
    ("check", "check"),
    ("systems", "systems"),
    ("log", "log"),
    ("report", "report quarterly"),
    ("rules", "rules"),
];

/// A piece of text each command's output holds (so that an error cannot pass for output).
fn expected(name: &str) -> &'static str {
    match name {
        "due" => "quá hạn 790 ngày",
        "why" => "Nghị định 331/2026/NĐ-CP Điều 28",
        "check" => "capdo: 19 quá hạn",
        "systems" => "16 hệ thống",
        "log" => "51 mục",
        "report" => "BÁO CÁO",
        _ => "nd331-2026",
    }
}

/// Runs every command in one tmux pane with `env` set, and returns each command's screen
/// output as tmux saw it, attributes as SGR (`capture-pane -e`), by command name.
fn screens(name: &str, env: &str) -> Vec<(&'static str, String)> {
    screens_at(name, env, 200)
}

/// [`screens`] on a terminal `width` columns wide.
fn screens_at(name: &str, env: &str, width: u16) -> Vec<(&'static str, String)> {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_capdo");
    let mut script = String::from("unset NO_COLOR CLICOLOR CLICOLOR_FORCE CI; ");
    for (n, args) in COMMANDS {
        script.push_str(&format!(
            "echo '@@{n}'; env {env} HOME='{home}' CAPDO_CONFIG='{home}/c.toml' '{bin}' --demo --today 2026-11-29 {args}; ",
            home = dir.path().display()
        ));
    }
    script.push_str("echo '@@END'; sleep 60");
    let t = Tmux::start(name, width, 50, &script);
    t.run(&["set-option", "-g", "history-limit", "50000"]);
    let start = Instant::now();
    let all = loop {
        let s = t.run(&["capture-pane", "-p", "-e", "-J", "-S", "-", "-t", "t"]);
        if s.lines().any(|l| strip(l).trim() == "@@END") {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out; screen:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for line in all.lines() {
        let plain = strip(line);
        if let Some(n) = plain.trim().strip_prefix("@@") {
            if let Some((name, _)) = COMMANDS.iter().find(|(c, _)| *c == n) {
                out.push((name, String::new()));
                continue;
            }
            if n == "END" {
                break;
            }
        }
        if let Some((_, s)) = out.last_mut() {
            s.push_str(line);
            s.push('\n');
        }
    }
    assert_eq!(out.len(), COMMANDS.len(), "{all}");
    out
}

/// The text without SGR sequences.
fn strip(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A colour or bold SGR sequence (what capdo's styles become).
fn has_style(s: &str) -> bool {
    ["\u{1b}[1m", "\u{1b}[31m", "\u{1b}[32m", "\u{1b}[33m"]
        .iter()
        .any(|sgr| s.contains(sgr))
}

fn no_escaped_styling(name: &str, s: &str) {
    let text = strip(s);
    for bad in ["\\u001b", "\\u{1b}", "^[[", "\\x1b", "\u{1b}"] {
        assert!(
            !text.contains(bad),
            "{name}: styling printed as text ({bad:?}):\n{text}"
        );
    }
    assert!(
        text.contains(expected(name)),
        "{name}: not its output:\n{text}"
    );
}

#[test]
fn colour_reaches_a_terminal_that_wants_it() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    for (name, s) in screens("colour", "TERM=xterm-256color") {
        no_escaped_styling(name, &s);
        assert!(has_style(&s), "{name}: no SGR reached the terminal:\n{s}");
    }
}

#[test]
fn no_colour_with_no_color_or_a_dumb_terminal() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    for (mode, env) in [
        ("nocolor", "TERM=xterm-256color NO_COLOR=1"),
        ("dumb", "TERM=dumb"),
        ("noterm", "-u TERM"),
    ] {
        for (name, s) in screens(mode, env) {
            no_escaped_styling(name, &s);
            assert!(
                !has_style(&s),
                "{mode}/{name}: SGR reached the terminal:\n{s}"
            );
            assert!(!s.contains('\u{1b}'), "{mode}/{name}: {s:?}");
        }
    }
}

#[test]
fn no_colour_through_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in COMMANDS {
        let out = Command::cargo_bin("capdo")
            .unwrap()
            .env("HOME", dir.path())
            .env("CAPDO_CONFIG", dir.path().join("c.toml"))
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .args(["--demo", "--today", "2026-11-29"])
            .args(args.split(' '))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(expected(name)), "{name}: {text}");
        assert!(!text.contains('\u{1b}'), "{name}: SGR in a pipe: {text:?}");
        assert!(!text.contains("\\u001b"), "{name}: {text}");
    }
}

/// The commands whose lines capdo fits to the terminal: tables, and lines broken between
/// words (`report` prints a Markdown document, which the terminal wraps).
const FITTED: [&str; 6] = ["due", "why", "systems", "log", "check", "rules"];

#[test]
fn every_table_and_line_fits_80_columns() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    // `-J` joins the lines the terminal wrapped: a line wider than 80 cells was wrapped
    let mut wide = Vec::new();
    for (name, s) in screens_at("narrow", "TERM=xterm-256color", 80) {
        no_escaped_styling(name, &s);
        if !FITTED.contains(&name) {
            continue;
        }
        for line in strip(&s).lines() {
            let w = unicode_width::UnicodeWidthStr::width(line.trim_end());
            if w > 80 {
                wide.push(format!("{name}: {w} cells: {line}"));
            }
        }
    }
    assert!(
        wide.is_empty(),
        "lines wider than 80 columns:\n{}",
        wide.join("\n")
    );
}
