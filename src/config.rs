//! The user's settings file (language, theme, first-start prompts skipped), in the platform config directory or at
//! `CAPDO_CONFIG`. Missing or unreadable settings fall back to defaults; saving is best effort.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub lang: Option<Lang>,
    pub theme: Option<String>,
    /// The folder the evidence documents live in (`capdo evidence`, `capdo handover`).
    pub evidence_root: Option<PathBuf>,
    /// The stores whose first-start unit-name prompt was skipped (Esc): not asked again.
    pub unit_name_skipped: Vec<String>,
}

impl Config {
    /// Where the file lives: `CAPDO_CONFIG`, else `<config dir>/config.toml`.
    pub fn path() -> Option<PathBuf> {
        match std::env::var_os("CAPDO_CONFIG").filter(|v| !v.is_empty()) {
            Some(p) => Some(PathBuf::from(p)),
            None => directories::ProjectDirs::from("vn", "capdo", "capdo")
                .map(|d| d.config_dir().join("config.toml")),
        }
    }

    /// The key a store is remembered by: its absolute path when it exists, else as given.
    fn store_key(store: &Path) -> String {
        std::fs::canonicalize(store)
            .unwrap_or_else(|_| store.to_path_buf())
            .to_string_lossy()
            .into_owned()
    }

    /// Whether the unit-name prompt was skipped for `store` before.
    pub fn unit_name_was_skipped(&self, store: &Path) -> bool {
        let key = Self::store_key(store);
        self.unit_name_skipped.contains(&key)
    }

    /// Remembers that the unit-name prompt was skipped for `store` (once per store path).
    pub fn skip_unit_name(&mut self, store: &Path) {
        if !self.unit_name_was_skipped(store) {
            self.unit_name_skipped.push(Self::store_key(store));
        }
    }

    /// Reads the file; any problem gives the defaults.
    pub fn load() -> Config {
        Self::path()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|s| toml::from_str(&s).ok())
            .unwrap_or_default()
    }

    /// Writes the file (creating its directory). Errors are returned for the status line.
    pub fn save(&self) -> Result<(), String> {
        let path = Self::path().ok_or("no config directory")?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        let text = toml::to_string(self).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_unit_name_is_remembered_per_store_and_survives_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.db");
        let b = dir.path().join("b.db");
        std::fs::write(&a, b"").unwrap();
        let mut c = Config::default();
        assert!(!c.unit_name_was_skipped(&a));
        c.skip_unit_name(&a);
        c.skip_unit_name(&a);
        assert_eq!(c.unit_name_skipped.len(), 1, "once per store");
        // the same file by another spelling of its path
        assert!(c.unit_name_was_skipped(&dir.path().join(".").join("a.db")));
        assert!(!c.unit_name_was_skipped(&b));
        let back: Config = toml::from_str(&toml::to_string(&c).unwrap()).unwrap();
        assert!(back.unit_name_was_skipped(&a));
        // an older file without the key reads as nothing skipped
        let old: Config = toml::from_str("lang = \"vi\"\n").unwrap();
        assert!(old.unit_name_skipped.is_empty());
    }
}
