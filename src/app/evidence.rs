//! The evidence files on disk: hashing a document, placing its path under the evidence root,
//! and re-hashing the register to find documents that changed or went missing.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::domain::evidence::Evidence;

/// Size, SHA-256 (lowercase hex) and modification time (UTC, `YYYY-MM-DDTHH:MM:SS`) of a file,
/// read in blocks (a scanned decision can be tens of megabytes).
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String, Option<String>)> {
    let mut f = std::fs::File::open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    let mtime = meta.modified().ok().map(|t| {
        chrono::DateTime::<chrono::Utc>::from(t)
            .naive_utc()
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    });
    Ok((size, hex(&h.finalize()), mtime))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How the register stores `file`: relative to `root` (with `/`) when under it, else the
/// absolute path. Both are made absolute and free of `..` first.
pub fn place(file: &Path, root: Option<&Path>) -> std::io::Result<(String, bool)> {
    let abs = std::fs::canonicalize(file)?;
    if let Some(root) = root
        && let Ok(root) = std::fs::canonicalize(root)
        && let Ok(rel) = abs.strip_prefix(&root)
    {
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        if !parts.is_empty() {
            return Ok((parts.join("/"), true));
        }
    }
    Ok((plain(&abs.to_string_lossy()), false))
}

/// A Windows path without the `\\?\` prefix `canonicalize` adds to a drive path
/// (`\\?\D:\Ho so\x.pdf` → `D:\Ho so\x.pdf`): the form officers know, and it opens the same.
fn plain(p: &str) -> String {
    match p.strip_prefix(r"\\?\") {
        Some(rest) if rest.as_bytes().get(1) == Some(&b':') => rest.to_owned(),
        _ => p.to_owned(),
    }
}

/// Where a registered document is now: under `root` for a relative entry (none without a
/// root), else its absolute path. A relative entry never leaves the root (`..` is refused).
pub fn locate(e: &Evidence, root: Option<&Path>) -> Option<PathBuf> {
    if e.under_root {
        let root = root?;
        let rel = Path::new(&e.path);
        if rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return None;
        }
        Some(root.join(rel))
    } else {
        Some(PathBuf::from(&e.path))
    }
}

/// What re-hashing a document found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Same content (the modification time may differ: copying a file changes it).
    Same,
    /// The content changed: the hash now.
    Changed { sha256: String, size: u64 },
    /// No file at the place the register says (or it cannot be read).
    Missing { detail: String },
    /// A path relative to the evidence root, and no root is set.
    NoRoot,
}

impl Finding {
    pub fn ok(&self) -> bool {
        matches!(self, Finding::Same)
    }
}

/// Re-hashes one document. Reads only.
pub fn check(e: &Evidence, root: Option<&Path>) -> Finding {
    let Some(p) = locate(e, root) else {
        return Finding::NoRoot;
    };
    match hash_file(&p) {
        Ok((size, sha, _)) if sha == e.sha256 => {
            let _ = size;
            Finding::Same
        }
        Ok((size, sha256, _)) => Finding::Changed { sha256, size },
        Err(err) => Finding::Missing {
            detail: err.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_drive_paths_lose_the_verbatim_prefix() {
        assert_eq!(plain(r"\\?\D:\Ho so\x.pdf"), r"D:\Ho so\x.pdf");
        assert_eq!(plain(r"\\?\UNC\server\x.pdf"), r"\\?\UNC\server\x.pdf");
        assert_eq!(plain("/home/a/x.pdf"), "/home/a/x.pdf");
    }

    #[test]
    fn places_paths_under_the_root_and_finds_them_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("ho-so");
        std::fs::create_dir_all(root.join("2026")).expect("mkdir");
        let f = root.join("2026").join("QĐ 12.pdf");
        std::fs::write(&f, b"%PDF-1.4 quyet dinh").expect("write");
        let (p, under) = place(&f, Some(&root)).expect("place");
        assert_eq!((p.as_str(), under), ("2026/QĐ 12.pdf", true));
        let outside = dir.path().join("x.txt");
        std::fs::write(&outside, b"x").expect("write");
        let (p, under) = place(&outside, Some(&root)).expect("place");
        assert!(!under && Path::new(&p).is_absolute());
        let (size, sha, mtime) = hash_file(&f).expect("hash");
        assert_eq!(size, 19);
        assert_eq!(sha.len(), 64);
        assert!(mtime.is_some());
        let e = Evidence {
            id: 1,
            system_id: 1,
            system_code: "A".into(),
            kind: crate::domain::evidence::EvidenceKind::Decision,
            path: "2026/QĐ 12.pdf".into(),
            under_root: true,
            size,
            mtime,
            sha256: sha,
            reference: String::new(),
            on: None,
            note: String::new(),
            proves: None,
            recorded_at: String::new(),
        };
        assert_eq!(check(&e, Some(&root)), Finding::Same);
        assert_eq!(check(&e, None), Finding::NoRoot);
        let escape = Evidence {
            path: "../x.txt".into(),
            ..e.clone()
        };
        assert_eq!(check(&escape, Some(&root)), Finding::NoRoot);
        std::fs::write(&f, b"%PDF-1.4 quyet dinH").expect("write");
        assert!(matches!(check(&e, Some(&root)), Finding::Changed { .. }));
        std::fs::remove_file(&f).expect("rm");
        assert!(matches!(check(&e, Some(&root)), Finding::Missing { .. }));
    }
}
