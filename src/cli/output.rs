//! Plain-text output for terminals and pipes: aligned tables measured in display cells, and
//! styled text whose styling is capdo's own (kept apart from the text it styles).

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use crate::text::{pad, pad_left, sanitize, truncate, width};

/// capdo's styles on a terminal.
pub mod style {
    use super::{AnsiColor, Style};
    /// Overdue: red.
    pub const OVERDUE: Style = AnsiColor::Red.on_default();
    /// Due soon: yellow.
    pub const SOON: Style = AnsiColor::Yellow.on_default();
    /// Nothing due, in force: green.
    pub const OK: Style = AnsiColor::Green.on_default();
    /// Table headers and headings: bold.
    pub const HEAD: Style = Style::new().bold();
}

/// Text with capdo's own styling kept apart from it: the text passes the terminal guard when
/// written, the styles are written as SGR only where colour is wanted (see `emit_styled`).
#[derive(Debug, Default, Clone)]
pub struct Styled {
    pub(crate) text: String,
    /// Byte ranges of `text` and their style, in order, not overlapping.
    pub(crate) spans: Vec<(usize, usize, Style)>,
}

impl Styled {
    pub fn new() -> Styled {
        Styled::default()
    }
    /// Appends unstyled text.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    /// Appends text in `style`.
    pub fn styled(&mut self, s: &str, style: Style) {
        let start = self.text.len();
        self.text.push_str(s);
        if !s.is_empty() {
            self.spans.push((start, self.text.len(), style));
        }
    }
    /// Appends text in `style` when there is one.
    pub fn maybe(&mut self, s: &str, style: Option<Style>) {
        match style {
            Some(st) => self.styled(s, st),
            None => self.push(s),
        }
    }
    /// Appends another styled text.
    pub fn append(&mut self, other: Styled) {
        let at = self.text.len();
        self.text.push_str(&other.text);
        self.spans.extend(
            other
                .spans
                .into_iter()
                .map(|(a, b, st)| (a + at, b + at, st)),
        );
    }
}

/// The terminal width when stdout is a terminal.
pub fn term_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
        .filter(|w| *w >= 20)
}

/// An aligned table. The last column takes what is left of `max_width` (cut with `…`).
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Right-aligned columns.
    pub right: Vec<usize>,
}

impl Table {
    pub fn new(header: Vec<String>) -> Table {
        Table {
            header,
            rows: Vec::new(),
            right: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows
            .push(row.into_iter().map(|c| sanitize(&c)).collect());
    }

    /// Renders with two spaces between columns, the header bold. `paint_row` may style a whole
    /// row.
    pub fn render(
        &self,
        max_width: Option<usize>,
        paint_row: &dyn Fn(usize) -> Option<Style>,
    ) -> Styled {
        let n = self.header.len();
        let mut w = vec![0usize; n];
        for (i, h) in self.header.iter().enumerate() {
            w[i] = width(h);
        }
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                w[i] = w[i].max(width(c));
            }
        }
        if let Some(max) = max_width {
            let fixed: usize = w[..n.saturating_sub(1)].iter().map(|x| x + 2).sum();
            if let Some(last) = w.last_mut() {
                *last = (*last).min(max.saturating_sub(fixed).max(8));
            }
        }
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            for (i, c) in cells.iter().enumerate().take(n) {
                let c = if i + 1 == n {
                    truncate(c, w[i])
                } else {
                    c.clone()
                };
                let cell = if self.right.contains(&i) {
                    pad_left(&c, w[i])
                } else {
                    pad(&c, w[i])
                };
                s.push_str(&cell);
                if i + 1 < n {
                    s.push_str("  ");
                }
            }
            s.trim_end().to_owned()
        };
        let mut out = Styled::new();
        out.styled(&line(&self.header), style::HEAD);
        out.push("\n");
        for (i, r) in self.rows.iter().enumerate() {
            out.maybe(&line(r), paint_row(i));
            out.push("\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_display_width() {
        let mut t = Table::new(vec!["Mã".into(), "Tên".into()]);
        t.push(vec!["A".into(), "Hệ thống".into()]);
        t.push(vec!["BBB".into(), "x\x1b[2Jy".into()]);
        let s = t.render(None, &|_| None).text;
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "Mã   Tên");
        assert_eq!(lines[1], "A    Hệ thống");
        assert_eq!(lines[2], "BBB  x^[[2Jy");
        // the last column takes what is left of the width (never under 8 cells)
        let s = t.render(Some(14), &|_| None).text;
        assert_eq!(s.lines().nth(1).unwrap(), "A    Hệ thống");
        let mut t = Table::new(vec!["Mã".into(), "Tên".into()]);
        t.push(vec!["A".into(), "Hệ thống thông tin".into()]);
        let s = t.render(Some(14), &|_| None).text;
        let line = s.lines().nth(1).unwrap();
        assert_eq!(line, "A   Hệ thống …");
        assert!(width(line) <= 14);
    }
}
