//! The user's settings file (language, theme), in the platform config directory or at
//! `CAPDO_CONFIG`. Missing or unreadable settings fall back to defaults; saving is best effort.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub lang: Option<Lang>,
    pub theme: Option<String>,
    /// The folder the evidence documents live in (`capdo evidence`, `capdo handover`).
    pub evidence_root: Option<PathBuf>,
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
