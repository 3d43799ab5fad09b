//! The shape of the source: no function longer than a reviewer can hold (150 lines; data
//! tables are `const`/`static`, not functions), checked on the text of `src/`.

use std::path::{Path, PathBuf};

/// The most lines a function may span, from its `fn` line to its closing brace.
const MAX_LINES: usize = 150;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source with every comment, string and character literal blanked out (newlines kept),
/// so braces can be counted.
fn code_only(src: &str) -> Vec<char> {
    let c: Vec<char> = src.chars().collect();
    let mut out = c.clone();
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
                j + 1 + hashes
            }
            '"' => {
                let mut j = i + 1;
                while j < c.len() && c[j] != '"' {
                    j += if c[j] == '\\' { 2 } else { 1 };
                }
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
    out
}

/// Every function of a file as (name, first line, lines spanned).
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let c = code_only(src);
    let text: String = c.iter().collect();
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("fn ").map(|a| a + from) {
        from = at + 3;
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|p| p.is_alphanumeric() || p == '_')
        {
            continue;
        }
        let name: String = text[at + 3..]
            .chars()
            .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        // the body opens at the first `{` before any `;` (a declaration has none)
        let Some(open) = text[at..].find(['{', ';']).map(|o| o + at) else {
            break;
        };
        if &text[open..open + 1] == ";" {
            continue;
        }
        let mut depth = 0usize;
        let mut close = open;
        for (j, ch) in text[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + j;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((name, line_of(at), line_of(close) - line_of(at) + 1));
    }
    out
}

#[test]
fn no_function_is_longer_than_a_reviewer_can_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    all.sort();
    let mut over = Vec::new();
    for f in &all {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for (name, line, len) in functions(&std::fs::read_to_string(f).unwrap()) {
            if len > MAX_LINES {
                over.push(format!(
                    "    (\"{rel}\", \"{name}\", {len}), // line {line}"
                ));
            }
        }
    }
    assert!(
        over.is_empty(),
        "functions over {MAX_LINES} lines:\n{}",
        over.join("\n")
    );
}

#[test]
fn the_scanner_measures_functions_and_ignores_braces_in_text() {
    let src = "fn a() {\n    let s = \"{{{\";\n    let c = '{';\n    // }\n}\nfn b();\npub fn c(x: u8) -> u8 {\n    x\n}\n";
    assert_eq!(
        functions(src),
        vec![("a".to_owned(), 1, 5), ("c".to_owned(), 7, 3)]
    );
}
