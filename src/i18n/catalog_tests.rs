//! The catalogs agree (keys and placeholders), and no Vietnamese sentence lives outside them.

#[path = "../../build/catalog.rs"]
#[allow(dead_code)]
mod catalog;

use std::path::Path;

fn read(name: &str) -> catalog::Flat {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/i18n")
        .join(name);
    let src = std::fs::read_to_string(&path).unwrap();
    catalog::flatten(name, &src).unwrap()
}

#[test]
fn both_catalogs_have_the_same_keys_and_placeholders() {
    let (vi, en) = (read("vi.toml"), read("en.toml"));
    assert!(vi.len() > 50, "{} keys", vi.len());
    assert_eq!(catalog::compare(&vi, &en), Vec::<String>::new());
    // The check itself finds a missing key and a placeholder that differs.
    let mut broken = en.clone();
    broken.remove("common.code");
    broken.insert("fmt.days_left".into(), "in {days} days".into());
    let problems = catalog::compare(&vi, &broken);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("'common.code' is in vi.toml but not in en.toml"))
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("'fmt.days_left'") && p.contains("days"))
    );
}

#[test]
fn the_catalog_fills_placeholders_and_keeps_braces() {
    use crate::i18n::{Lang, fill, msg};
    assert_eq!(msg::fmt::DaysLate { n: 3 }.text(Lang::Vi), "quá hạn 3 ngày");
    assert_eq!(msg::fmt::DaysLateOne { n: 1 }.text(Lang::En), "1 day late");
    assert_eq!(fill("{{a}} {a} {b}}}", &[("a", &1)]), "{a} 1 {b}}");
    assert_eq!(fill("{open", &[]), "{open");
}

#[test]
fn vietnamese_text_lives_only_in_the_catalog_and_the_rule_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    crate::layers_tests::files(&root, &mut files);
    files.retain(|f| !f.file_stem().unwrap().to_string_lossy().ends_with("tests"));
    let mut over = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
            .unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let found = vietnamese_literals(&std::fs::read_to_string(&file).unwrap());
        if !found.is_empty() {
            over.push(format!("{rel}: {}:", found.len()));
            over.extend(found.iter().map(|(line, s)| format!("  {rel}:{line}: {s}")));
        }
    }
    assert!(
        over.is_empty(),
        "Vietnamese literals outside assets/i18n:\n{}",
        over.join("\n")
    );
}

/// The string literals (line, text) holding a Vietnamese letter, in code that is not a test
/// item (`crate::layers_tests::without_test_items`) nor a comment.
fn vietnamese_literals(src: &str) -> Vec<(usize, String)> {
    let code = crate::layers_tests::without_test_items(src);
    let mut found = crate::layers_tests::lex(&code).strings;
    found.retain(|(_, s)| vietnamese(s));
    found
}

fn vietnamese(s: &str) -> bool {
    const LETTERS: &str = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
    s.chars().any(|ch| {
        ch.to_lowercase().any(|l| LETTERS.contains(l)) || ('\u{300}'..='\u{323}').contains(&ch)
    })
}

#[test]
fn the_scanner_finds_literals_and_skips_comments_chars_and_tests() {
    let src = "#[cfg(test)]\nmod x;\n// \"bình luận\"\nlet a = \"cấp độ\";\nlet b = '\"'; let c = r#\"hệ \"x\" thống\"#;\nlet d = \"ok\";\n#[cfg(test)]\nmod t { const X: &str = \"thử\"; }\n";
    let found = vietnamese_literals(src);
    assert_eq!(
        found,
        vec![(4, "cấp độ".to_owned()), (5, "hệ \"x\" thống".to_owned())]
    );
}
