//! Import and export: one validation path for the inventory (shared by every file format)
//! that produces row-level errors naming file, line, column and value, in the user's language.

pub mod bundle;
pub mod csv;
pub mod export;
pub mod ics;
pub mod inventory;
pub mod json;
pub mod xlsx;

#[cfg(test)]
mod table_tests;

use crate::i18n::Lang;

/// A table read from a file, before interpretation: header cells and data rows with the line
/// (or sheet row) each came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Line number of the header row.
    pub header_line: u64,
    pub header: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// One problem in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub line: u64,
    /// The column as the file names it, if the problem is in one.
    pub column: Option<String>,
    pub message: String,
    /// The offending value, shortened and made terminal-safe.
    pub value: Option<String>,
}

impl ImportError {
    pub fn new(
        file: &str,
        line: u64,
        column: Option<&str>,
        message: String,
        value: Option<&str>,
    ) -> ImportError {
        ImportError {
            file: file.to_owned(),
            line,
            column: column.map(crate::text::sanitize),
            message,
            value: value.map(crate::text::excerpt),
        }
    }
}

impl std::fmt::Display for ImportError {
    /// `FILE:LINE: column: message (value)`; `FILE: message` for the file as a whole (line 0);
    /// the message alone when it names the file itself (no file given).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.file.is_empty(), self.line) {
            (true, _) => {}
            (false, 0) => write!(f, "{}: ", self.file)?,
            (false, n) => write!(f, "{}:{n}: ", self.file)?,
        }
        if let Some(c) = &self.column {
            write!(f, "{c}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(v) = &self.value {
            write!(f, " ({v})")?;
        }
        Ok(())
    }
}

/// The whole import was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected(pub Vec<ImportError>);

impl Rejected {
    pub fn one(e: ImportError) -> Rejected {
        Rejected(vec![e])
    }

    /// Every problem, one per line, and a closing line saying nothing was written.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = String::new();
        for e in &self.0 {
            s.push_str(&e.to_string());
            s.push('\n');
        }
        use crate::i18n::msg::exchange::common as m;
        let n = self.0.len();
        // Vietnamese counts the problems in plain digits, English with its thousands separator
        let shown = match lang {
            Lang::Vi => n.to_string(),
            Lang::En => crate::i18n::int(lang, n as i64),
        };
        s.push_str(&if n == 1 {
            m::RejectedOne { n: shown }.text(lang)
        } else {
            m::Rejected { n: shown }.text(lang)
        });
        s
    }
}
