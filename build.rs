//! Turns the message catalogs into typed Rust (`OUT_DIR/msg.rs`), refusing to build when the
//! Vietnamese and English catalogs differ in keys or placeholders.

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
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("msg.rs");
    std::fs::write(&out, catalog::generate(&vi, &en)).expect("write msg.rs");
}
