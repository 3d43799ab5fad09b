//! Turns the message catalogs into typed Rust (`OUT_DIR/msg.rs`), refusing to build when the
//! Vietnamese and English catalogs differ in keys or placeholders; and the embedded rule
//! texts into JSON (`OUT_DIR/rules/*.json`), which every start reads six times faster than
//! their TOML (the same values: a test compares the two).

#[path = "build/catalog.rs"]
mod catalog;

fn main() {
    println!("cargo:rerun-if-changed=assets/i18n/vi.toml");
    println!("cargo:rerun-if-changed=assets/i18n/en.toml");
    println!("cargo:rerun-if-changed=build/catalog.rs");
    let read = |name: &str| {
        let path = format!("assets/i18n/{name}");
        let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        catalog::flatten(&path, &src).unwrap_or_else(|e| panic!("{e}"))
    };
    let (vi, en) = (read("vi.toml"), read("en.toml"));
    let problems = catalog::compare(&vi, &en);
    if !problems.is_empty() {
        panic!("the message catalogs differ:\n  {}", problems.join("\n  "));
    }
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("msg.rs"), catalog::generate(&vi, &en)).expect("write msg.rs");
    rules_as_json(&out_dir.join("rules"));
}

/// The rule texts the binary embeds, as JSON of the same values.
fn rules_as_json(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("rules dir");
    for name in [
        "nd85-2016",
        "t33-2024",
        "law116-2025",
        "nd331-2026",
        "regimes",
    ] {
        let path = format!("assets/rules/{name}.toml");
        println!("cargo:rerun-if-changed={path}");
        let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let value: toml::Value = toml::from_str(&src).unwrap_or_else(|e| panic!("{path}: {e}"));
        let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{path}: {e}"));
        // a TOML date without quotes has no JSON form the rule types read: dates are text
        if json.contains("$__toml_private_datetime") {
            panic!("{path}: write dates as text (\"2026-08-19\"), not as TOML dates");
        }
        std::fs::write(dir.join(format!("{name}.json")), json).expect("write rules json");
    }
}
