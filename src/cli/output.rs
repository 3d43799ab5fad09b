//! Plain-text output for terminals and pipes: aligned tables measured in display cells, and
//! colour only on a terminal without NO_COLOR.

use std::io::IsTerminal;

use crate::text::{pad, pad_left, sanitize, truncate, width};

/// Whether stdout is a terminal that wants colour.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
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

/// Wraps `s` in an ANSI colour when `on`.
pub fn paint(s: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_owned()
    }
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

    /// Renders with two spaces between columns. `paint_row` may colour a whole row.
    pub fn render(
        &self,
        max_width: Option<usize>,
        paint_row: &dyn Fn(usize, String) -> String,
    ) -> String {
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
        let mut out = line(&self.header);
        out.push('\n');
        for (i, r) in self.rows.iter().enumerate() {
            out.push_str(&paint_row(i, line(r)));
            out.push('\n');
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
        let s = t.render(None, &|_, l| l);
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "Mã   Tên");
        assert_eq!(lines[1], "A    Hệ thống");
        assert_eq!(lines[2], "BBB  x^[[2Jy");
        // the last column takes what is left of the width (never under 8 cells)
        let s = t.render(Some(14), &|_, l| l);
        assert_eq!(s.lines().nth(1).unwrap(), "A    Hệ thống");
        let mut t = Table::new(vec!["Mã".into(), "Tên".into()]);
        t.push(vec!["A".into(), "Hệ thống thông tin".into()]);
        let s = t.render(Some(14), &|_, l| l);
        let line = s.lines().nth(1).unwrap();
        assert_eq!(line, "A   Hệ thống …");
        assert!(width(line) <= 14);
    }
}
