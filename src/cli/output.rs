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

/// The indent of a line under a row.
const UNDER: &str = "      ";

/// An aligned table. The last column takes what is left of `max_width` (cut with `…`).
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Right-aligned columns.
    pub right: Vec<usize>,
    /// Columns that may be cut when the table is wider than the terminal (texts a reader can
    /// spare), so that the last column keeps room to say something.
    pub shrink: Vec<usize>,
    /// Columns a reader can do without on a narrow terminal, dropped whole in this order
    /// while the table would leave its last column under 24 cells (before any is cut).
    pub spare: Vec<usize>,
    /// A line printed under a row (by the row's index; empty: none), broken between words to
    /// the width with a hanging indent: what a reader wants under a row but not in a column.
    pub under: Vec<String>,
}

impl Table {
    pub fn new(header: Vec<String>) -> Table {
        Table {
            header,
            rows: Vec::new(),
            right: Vec::new(),
            shrink: Vec::new(),
            spare: Vec::new(),
            under: Vec::new(),
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
        let mut w = vec![0usize; self.header.len()];
        for (i, h) in self.header.iter().enumerate() {
            w[i] = width(h);
        }
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(w.len()) {
                w[i] = w[i].max(width(c));
            }
        }
        // the columns shown: all, less the sparable ones a narrow terminal has no room for
        let mut shown: Vec<usize> = (0..w.len()).collect();
        if let Some(max) = max_width {
            let room = |shown: &[usize]| {
                let (last, rest) = shown.split_last()?;
                let fixed: usize = rest.iter().map(|i| w[*i] + 2).sum();
                Some(fixed + w[*last].min(24) <= max)
            };
            for spare in &self.spare {
                if room(&shown) != Some(false) {
                    break;
                }
                shown.retain(|i| i != spare);
            }
        }
        let mut w: Vec<usize> = shown.iter().map(|i| w[*i]).collect();
        let at = |cols: &[usize]| -> Vec<usize> {
            (shown.iter().enumerate())
                .filter(|(_, i)| cols.contains(i))
                .map(|(at, _)| at)
                .collect()
        };
        let (right, shrink) = (at(&self.right), at(&self.shrink));
        if let Some(max) = max_width {
            fit(&mut w, &shrink, max);
        }
        let n = w.len();
        let line = |cells: &[String]| -> String {
            let mut s = String::new();
            for (i, col) in shown.iter().enumerate() {
                let c = truncate(cells.get(*col).map_or("", String::as_str), w[i]);
                let cell = if right.contains(&i) {
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
            if let Some(u) = self.under.get(i).filter(|u| !u.is_empty()) {
                let u = format!("{UNDER}{}", sanitize(u));
                out.push(&match max_width {
                    Some(max) => crate::text::wrap(&u, max, UNDER.len()),
                    None => u,
                });
                out.push("\n");
            }
        }
        out
    }
}

/// Column widths `w` (two cells between columns) brought within `max` cells. The last column
/// takes what is left, at least 8 cells (or its own width when narrower). A table that names
/// sparable columns (`shrink`) has them cut first, widest first and down to 6 cells, so that
/// the last keeps 24 cells, then 8; cut cells end with "…". Other columns are never cut: a
/// table that still does not fit is left wider than the terminal (which wraps it) rather than
/// lose its codes, numbers and dates.
fn fit(w: &mut [usize], shrink: &[usize], max: usize) {
    let Some(n) = w.len().checked_sub(1) else {
        return;
    };
    let mut fixed: usize = w[..n].iter().map(|x| x + 2).sum();
    let mut cut = |w: &mut [usize], last: usize| {
        while fixed + last > max {
            let widest = (0..n)
                .filter(|&i| shrink.contains(&i) && w[i] > 6)
                .max_by_key(|&i| (w[i], std::cmp::Reverse(i)));
            let Some(i) = widest else { break };
            w[i] -= 1;
            fixed -= 1;
        }
    };
    let least = w[n].min(8);
    cut(w, w[n].min(24));
    cut(w, least);
    w[n] = w[n].min(max.saturating_sub(fixed).max(least));
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

    #[test]
    fn a_table_wider_than_the_terminal_cuts_its_widest_columns() {
        // `capdo log` at 80 columns: the fixed columns alone took 75 cells, and the last
        // column's 8 made every line 83 wide (wrapped by the terminal)
        let mut t = Table::new(
            [
                "#",
                "Thời điểm",
                "Người thực hiện",
                "Bản ghi",
                "Thao tác",
                "Thay đổi",
            ]
            .map(String::from)
            .to_vec(),
        );
        t.right = vec![0];
        t.shrink = vec![2, 3];
        t.push(
            [
                "12",
                "05/12/2026 06:42",
                "officer1",
                "đánh giá A/assessment-1",
                "bước hồ sơ",
                "+ Ngày hoàn thành=20/11/2026, Hình thức=định kỳ",
            ]
            .map(String::from)
            .to_vec(),
        );
        for max in [80, 70] {
            let s = t.render(Some(max), &|_| None).text;
            for line in s.lines() {
                assert!(width(line) <= max, "{max}: {line} ({})", width(line));
            }
            // the number, the time and the action stay whole, and the change says something
            let row = s.lines().nth(1).unwrap();
            assert!(row.starts_with("12  05/12/2026 06:42"), "{s}");
            assert!(row.contains("bước hồ sơ  + Ngày hoàn thành="), "{s}");
        }
        // without sparable columns nothing is cut but the last column (the terminal wraps)
        t.shrink.clear();
        let s = t.render(Some(60), &|_| None).text;
        assert!(s.contains("đánh giá A/assessment-1"), "{s}");
    }

    #[test]
    fn a_narrow_terminal_drops_the_spare_columns_in_their_order() {
        let mut t = Table::new(["Mã", "A", "B", "C", "Tên"].map(String::from).to_vec());
        t.push(
            [
                "X1",
                "aaaaaaaaaa",
                "bbbbbbbbbb",
                "cccccccccc",
                "Tên hệ thống đầy đủ",
            ]
            .map(String::from)
            .to_vec(),
        );
        t.spare = vec![3, 1];
        let head = |max| {
            t.render(Some(max), &|_| None)
                .text
                .lines()
                .next()
                .unwrap()
                .to_owned()
        };
        // room for all: nothing dropped
        assert_eq!(head(80), "Mã  A           B           C           Tên");
        // C goes first, then A; B (not spare) stays, right-aligned
        assert_eq!(head(55), "Mã  A           B           Tên");
        let s = t.render(Some(40), &|_| None).text;
        assert_eq!(
            s.lines().nth(1).unwrap(),
            "X1  bbbbbbbbbb  Tên hệ thống đầy đủ"
        );
        // without a width (a pipe) every column is printed
        assert!(t.render(None, &|_| None).text.contains("cccccccccc"));
    }

    #[test]
    fn a_line_under_a_row_is_broken_to_the_width_under_an_indent() {
        let mut t = Table::new(["Mã", "Nội dung"].map(String::from).to_vec());
        t.push(["A", "Đánh giá"].map(String::from).to_vec());
        t.push(["B", "Báo cáo"].map(String::from).to_vec());
        t.under = vec![
            "Nghị định 331/2026/NĐ-CP Điều 28 khoản 5 điểm a".into(),
            String::new(),
        ];
        let s = t.render(Some(30), &|_| None).text;
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[1], "A   Đánh giá");
        assert_eq!(lines[2], "      Nghị định 331/2026/NĐ-CP");
        assert_eq!(lines[3], "      Điều 28 khoản 5 điểm a");
        assert_eq!(lines[4], "B   Báo cáo", "an empty line under B is none");
        // without a width (a pipe) the line under is whole
        let s = t.render(None, &|_| None).text;
        assert!(s.contains("      Nghị định 331/2026/NĐ-CP Điều 28 khoản 5 điểm a\n"));
    }
}
