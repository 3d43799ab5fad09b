//! The message catalogs (`assets/i18n/vi.toml`, `en.toml`): read, cross-checked (same keys, same
//! placeholders) and turned into typed Rust; shared by `build.rs` and the catalog's own test.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One catalog flattened: dotted key → text.
pub type Flat = BTreeMap<String, String>;

/// Reads a catalog's TOML into dotted keys; every leaf must be a string, every key an identifier.
pub fn flatten(name: &str, src: &str) -> Result<Flat, String> {
    let table: toml::Table = src.parse().map_err(|e| format!("{name}: {e}"))?;
    let mut out = Flat::new();
    walk(name, "", &table, &mut out)?;
    Ok(out)
}

fn walk(name: &str, prefix: &str, t: &toml::Table, out: &mut Flat) -> Result<(), String> {
    for (k, v) in t {
        if !is_ident(k) {
            return Err(format!("{name}: key '{prefix}{k}' is not lower_snake_case"));
        }
        let key = format!("{prefix}{k}");
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(sub) => walk(name, &format!("{key}."), sub, out)?,
            _ => return Err(format!("{name}: '{key}' must be a string or a table")),
        }
    }
    Ok(())
}

fn is_ident(k: &str) -> bool {
    let mut chars = k.chars();
    matches!(chars.next(), Some('a'..='z' | '_'))
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
        && !matches!(
            k,
            "as" | "break"
                | "const"
                | "continue"
                | "crate"
                | "else"
                | "enum"
                | "extern"
                | "false"
                | "fn"
                | "for"
                | "if"
                | "impl"
                | "in"
                | "let"
                | "loop"
                | "match"
                | "mod"
                | "move"
                | "mut"
                | "pub"
                | "ref"
                | "return"
                | "self"
                | "static"
                | "struct"
                | "super"
                | "trait"
                | "true"
                | "type"
                | "unsafe"
                | "use"
                | "where"
                | "while"
                | "async"
                | "await"
                | "dyn"
                | "box"
                | "try"
                | "yield"
                | "gen"
        )
}

/// The `{name}` placeholders of a text, sorted and deduplicated (`{{` and `}}` are literal braces).
pub fn placeholders(text: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let (c, after) = (rest.as_bytes()[i], &rest[i + 1..]);
        if after.starts_with(c as char) {
            rest = &after[1..];
            continue;
        }
        if c == b'}' {
            return Err(format!("a lone '}}' in \"{text}\" (write '}}}}')"));
        }
        let end = after
            .find('}')
            .ok_or_else(|| format!("an unclosed '{{' in \"{text}\""))?;
        let name = &after[..end];
        if !is_ident(name) {
            return Err(format!(
                "placeholder '{{{name}}}' in \"{text}\" is not lower_snake_case"
            ));
        }
        names.push(name.to_owned());
        rest = &after[end + 1..];
    }
    names.sort();
    names.dedup();
    Ok(names)
}

/// Every difference between the two catalogs: a key in one only, or other placeholders.
pub fn compare(vi: &Flat, en: &Flat) -> Vec<String> {
    let mut problems = Vec::new();
    for k in vi.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!("'{k}' is in vi.toml but not in en.toml"));
    }
    for k in en.keys().filter(|k| !vi.contains_key(*k)) {
        problems.push(format!("'{k}' is in en.toml but not in vi.toml"));
    }
    for (k, v) in vi {
        let Some(e) = en.get(k) else { continue };
        match (placeholders(v), placeholders(e)) {
            (Ok(a), Ok(b)) if a != b => {
                problems.push(format!("'{k}': vi has placeholders {a:?}, en has {b:?}"))
            }
            (Err(x), _) => problems.push(format!("vi '{k}': {x}")),
            (_, Err(x)) => problems.push(format!("en '{k}': {x}")),
            _ => {}
        }
    }
    problems
}

/// Rust for both catalogs: one module per table; a text without placeholders is a
/// `const NAME: Text`, one with placeholders a struct `Name { field… }` with a `text(lang)` method.
pub fn generate(vi: &Flat, en: &Flat) -> String {
    let mut tree: BTreeMap<Vec<&str>, Vec<(&str, &String)>> = BTreeMap::new();
    for (k, v) in vi {
        let mut parts: Vec<&str> = k.split('.').collect();
        let leaf = parts.pop().unwrap_or_default();
        tree.entry(parts).or_default().push((leaf, v));
    }
    let mut modules: BTreeMap<Vec<&str>, String> = BTreeMap::new();
    for (path, leaves) in &tree {
        let mut body = String::new();
        for (leaf, v) in leaves {
            let key = path
                .iter()
                .chain(std::iter::once(leaf))
                .copied()
                .collect::<Vec<_>>()
                .join(".");
            let e = &en[&key];
            let names = placeholders(v).unwrap_or_default();
            let doc = v.replace('\n', " ");
            if names.is_empty() {
                let _ = writeln!(
                    body,
                    "    /// {doc}\n    pub const {}: crate::i18n::Text = crate::i18n::Text {{ vi: {v:?}, en: {e:?} }};",
                    leaf.to_uppercase()
                );
            } else {
                let ty = camel(leaf);
                let generics: Vec<String> = (0..names.len()).map(|i| format!("T{i}")).collect();
                let fields: String = names
                    .iter()
                    .zip(&generics)
                    .map(|(n, g)| format!("pub {n}: {g}, "))
                    .collect();
                let bounds: String = generics
                    .iter()
                    .map(|g| format!("{g}: ::std::fmt::Display, "))
                    .collect();
                let args: String = names
                    .iter()
                    .map(|n| format!("({n:?}, &self.{n} as &dyn ::std::fmt::Display), "))
                    .collect();
                let _ = writeln!(
                    body,
                    "    /// {doc}\n    #[derive(Clone, Copy, Debug)]\n    pub struct {ty}<{g}> {{ {fields}}}\n    impl<{bounds}> {ty}<{g}> {{\n        /// The text in `lang` with the fields filled in.\n        pub fn text(&self, lang: crate::i18n::Lang) -> String {{\n            crate::i18n::fill(match lang {{ crate::i18n::Lang::Vi => {v:?}, crate::i18n::Lang::En => {e:?} }}, &[{args}])\n        }}\n    }}",
                    g = generics.join(", ")
                );
            }
        }
        modules.insert(path.clone(), body);
    }
    // Make sure every ancestor module exists, then nest them.
    let paths: Vec<Vec<&str>> = modules.keys().cloned().collect();
    for p in paths {
        for n in 0..p.len() {
            modules.entry(p[..n].to_vec()).or_default();
        }
    }
    let mut out =
        String::from("// Generated by build.rs from assets/i18n/{vi,en}.toml. Do not edit.\n");
    emit(&modules, &[], &mut out);
    out
}

fn emit(modules: &BTreeMap<Vec<&str>, String>, path: &[&str], out: &mut String) {
    if let Some(body) = modules.get(path) {
        out.push_str(body);
    }
    for child in modules
        .keys()
        .filter(|k| k.len() == path.len() + 1 && k.starts_with(path))
    {
        let name = child[path.len()];
        let _ = writeln!(
            out,
            "/// Messages under `{}`.\npub mod {name} {{",
            child.join(".")
        );
        emit(modules, child, out);
        out.push_str("}\n");
    }
}

fn camel(s: &str) -> String {
    s.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
