//! The shape of the source: no function longer than a reviewer can hold (150 lines; data
//! tables are `const`/`static`, not functions), checked on the text of `src/`.

use std::path::Path;

/// The most lines a function may span, from its `fn` line to its closing brace.
const MAX_LINES: usize = 150;

/// Every function of a file as (name, first line, lines spanned).
fn functions(src: &str) -> Vec<(String, usize, usize)> {
    let c = crate::layers_tests::lex(src).code;
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
    crate::layers_tests::files(&root.join("src"), &mut all);
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
