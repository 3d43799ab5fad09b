//! The direction of imports between the rooms of `src/`, checked on the source text: a `crate::`
//! path to a room its layer may not see fails here, naming the file and line.
//!
//! ```text
//! main ─→ cli │ tui ─→ app ─→ report │ exchange │ store ─→ rules ─→ domain
//! ```
//! (`i18n`, `text`, `config` and `sample` are shared leaves.) Test code may reach further.

use std::path::{Path, PathBuf};

/// The rooms each room may import (`crate::ROOM`); a room may always import itself.
const ALLOWED: &[(&str, &[&str])] = &[
    ("main", &["cli", "tui"]),
    (
        "cli",
        &[
            "app", "report", "exchange", "store", "rules", "domain", "i18n", "text", "config",
            "sample",
        ],
    ),
    (
        "tui",
        &[
            "app", "report", "exchange", "store", "rules", "domain", "i18n", "text", "config",
            "sample",
        ],
    ),
    (
        "app",
        &[
            "report", "exchange", "store", "rules", "domain", "i18n", "text", "config", "sample",
        ],
    ),
    (
        "report",
        &["exchange", "store", "rules", "domain", "i18n", "text"],
    ),
    ("exchange", &["store", "rules", "domain", "i18n", "text"]),
    ("store", &["rules", "domain", "i18n", "text"]),
    ("rules", &["domain", "i18n", "text"]),
    ("domain", &["i18n", "text"]),
];

/// Every `.rs` file under `dir` (shared by the source checks: imports, literals, shapes).
pub(crate) fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The room a file belongs to: `src/cli/due.rs` → `cli`, `src/main.rs` → `main`.
fn room(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// The source with every `#[cfg(test)]` item blanked (a `mod x;` line or a braced block, lines
/// kept so numbers stay right): the code that ships, wherever the test items sit in the file.
pub(crate) fn without_test_items(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let end = match item.find(['{', ';']) {
            Some(i) if item.as_bytes()[i] == b';' => i + 1,
            Some(i) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (j, ch) in item[i..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = i + j + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            None => item.len(),
        };
        out.extend(item[..end].chars().filter(|c| *c == '\n'));
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// A source file read once: its code with every comment, string and character literal blanked
/// out (newlines kept, so braces can be counted) and its string literals with their lines.
pub(crate) struct Lexed {
    pub code: Vec<char>,
    pub strings: Vec<(usize, String)>,
}

/// Lexes `src` far enough for the source checks (comments, strings, raw strings, chars).
pub(crate) fn lex(src: &str) -> Lexed {
    let c: Vec<char> = src.chars().collect();
    let mut out = c.clone();
    let mut strings = Vec::new();
    let (mut line, mut seen) = (1, 0);
    let mut string_at = |at: usize, from: usize, to: usize| {
        line += c[seen..at].iter().filter(|&&x| x == '\n').count();
        seen = at;
        strings.push((
            line,
            c[from.min(to)..to.min(c.len())].iter().collect::<String>(),
        ));
    };
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for ch in out.iter_mut().take(to.min(c.len())).skip(from) {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    };
    let mut i = 0;
    while i < c.len() {
        let next = c.get(i + 1).copied();
        let end = match c[i] {
            '/' if next == Some('/') => (i..c.len()).find(|&j| c[j] == '\n').unwrap_or(c.len()),
            '/' if next == Some('*') => (i + 2..c.len())
                .find(|&j| c[j - 1] == '*' && c[j] == '/')
                .map_or(c.len(), |j| j + 1),
            'r' if matches!(next, Some('"' | '#'))
                && !c
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p.is_alphanumeric() || *p == '_') =>
            {
                let hashes = c[i + 1..].iter().take_while(|&&x| x == '#').count();
                if c.get(i + 1 + hashes) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let mut j = i + 2 + hashes;
                while j < c.len()
                    && !(c[j] == '"'
                        && c[j + 1..].iter().take_while(|&&x| x == '#').count() >= hashes)
                {
                    j += 1;
                }
                string_at(i, i + 2 + hashes, j);
                j + 1 + hashes
            }
            '"' => {
                let mut j = i + 1;
                while j < c.len() && c[j] != '"' {
                    j += if c[j] == '\\' { 2 } else { 1 };
                }
                string_at(i, i + 1, j);
                j + 1
            }
            '\'' if next == Some('\\') => (i + 2..c.len())
                .find(|&j| c[j] == '\'')
                .map_or(c.len(), |j| j + 1),
            '\'' if c.get(i + 2) == Some(&'\'') => i + 3,
            _ => {
                i += 1;
                continue;
            }
        };
        blank(&mut out, i, end);
        i = end;
    }
    Lexed { code: out, strings }
}

/// The rooms named by `crate::X` (or `capdo::X` in the binary) on the non-test, non-comment
/// lines of a file, with their line numbers.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in without_test_items(text).lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        for prefix in ["crate::", "capdo::"] {
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                // a path's start only: `h::capdo::ABOUT` (a catalog module) is not the crate
                let inside = rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c == ':' || c.is_alphanumeric() || c == '_');
                rest = &rest[at + prefix.len()..];
                if inside {
                    continue;
                }
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push((n + 1, name));
            }
        }
    }
    out
}

/// Every import that breaks the direction, as `file:line: room → room`.
fn violations() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    all.sort();
    let mut bad = Vec::new();
    for f in &all {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if name.ends_with("tests.rs") {
            continue;
        }
        let from = room(&src, f);
        let Some((_, allowed)) = ALLOWED.iter().find(|(r, _)| *r == from) else {
            continue;
        };
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (line, to) in imports(&text) {
            if to != from && !allowed.contains(&to.as_str()) {
                bad.push(format!("{}:{line}: {from} → {to}", f.display()));
            }
        }
    }
    bad
}

#[test]
fn imports_go_one_way() {
    let bad = violations();
    assert!(
        bad.is_empty(),
        "imports against the layers:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_sees_a_forbidden_import() {
    // the scanner itself: a path into the other adapter is found, a comment is not
    let text = "use crate::app::Env;\n// crate::tui is named here only\nlet x = crate::tui::run(&e);\n#[cfg(test)]\nuse crate::tui::x;\n";
    let found = imports(text);
    assert_eq!(found, vec![(1, "app".to_owned()), (3, "tui".to_owned())]);
}
