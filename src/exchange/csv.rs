//! CSV files: reading a table (UTF-8 with or without BOM, `,` `;` or tab detected) and writing
//! the inventory template.

use super::{ImportError, Rejected, Table};
use crate::i18n::{Lang, msg::exchange::csv as m};

/// Largest CSV file accepted, in bytes (an inventory of 100,000 systems is about 30 MB).
pub const MAX_FILE: u64 = 64 * 1024 * 1024;
/// Most data rows read from one file.
pub const MAX_ROWS: usize = 200_000;
/// Most cells read from one file: with the rows, what bounds the memory a file can take
/// (a 60 MB file of one-character cells would otherwise hold 30 million strings).
pub const MAX_CELLS: usize = 4_000_000;

/// Detects the delimiter from the header line: the most frequent of `,` `;` and tab outside
/// quotes (`,` on a tie).
pub fn detect_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    if counts[1] > counts[0] && counts[1] >= counts[2] {
        b';'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        b'\t'
    } else {
        b','
    }
}

/// Reads a CSV document into a table. `file` names it in messages.
pub fn read_table(file: &str, bytes: &[u8], lang: Lang) -> Result<Table, Rejected> {
    let one = |line, m: String| Rejected::one(ImportError::new(file, line, None, m, None));
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(one(1, m::UTF16.text(lang).to_owned()));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(one(1, m::EMPTY.text(lang).to_owned()));
    }
    if body.contains(&0) {
        return Err(one(1, m::BINARY.text(lang).to_owned()));
    }
    let delim = detect_delimiter(body);
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(body);
    let mut table = Table::default();
    let mut lines = LineCounter::new(body);
    let mut rec = ::csv::ByteRecord::new();
    let mut errs = Vec::new();
    let mut first = true;
    let mut cells_read = 0usize;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errs.push(ImportError::new(
                    file,
                    line,
                    None,
                    m::Broken { detail: &e }.text(lang),
                    None,
                ));
                break;
            }
        }
        let line = rec.position().map(|p| lines.at(p.byte())).unwrap_or(0);
        cells_read = cells_read.saturating_add(rec.len());
        if table.rows.len() >= MAX_ROWS || cells_read > MAX_CELLS {
            let text = if cells_read > MAX_CELLS {
                m::TooManyCells { max: MAX_CELLS }.text(lang)
            } else {
                m::TooManyRows { max: MAX_ROWS }.text(lang)
            };
            return Err(one(line, text));
        }
        let mut cells = Vec::with_capacity(rec.len());
        let mut bad = None;
        for (i, field) in rec.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(s) => cells.push(s.to_owned()),
                Err(_) => {
                    bad = Some((i, String::from_utf8_lossy(field).into_owned()));
                    break;
                }
            }
        }
        if let Some((i, value)) = bad {
            // name the column when the header is known, and show the cell as best we can
            let column = if first { None } else { table.header.get(i) };
            errs.push(ImportError::new(
                file,
                line,
                column.map(String::as_str),
                m::NOT_UTF8.text(lang).to_owned(),
                Some(&value),
            ));
            if first || errs.len() >= 20 {
                break;
            }
            continue;
        }
        if first {
            table.header_line = line;
            table.header = cells;
            first = false;
        } else {
            table.rows.push((line, cells));
        }
    }
    if !errs.is_empty() {
        return Err(Rejected(errs));
    }
    if table.header.is_empty() {
        return Err(one(1, m::EMPTY.text(lang).to_owned()));
    }
    Ok(table)
}

/// Line numbers of records, counted from their byte offsets: the csv crate's own count is off
/// after CRLF line ends and after blank lines (BurntSushi/rust-csv#395, #208).
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// The line on which the record reported at `byte` starts.
    fn at(&mut self, byte: u64) -> u64 {
        let len = self.text.len();
        let mut start = usize::try_from(byte).unwrap_or(len).min(len);
        // the reported offset may sit on the line end before the record (or on blank lines)
        while start < len && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        for i in self.pos..start {
            let b = self.text[i];
            if b == b'\n' || (b == b'\r' && self.text.get(i + 1) != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.pos = start;
        self.line
    }
}

/// The empty inventory template: a header row with the Vietnamese labels (or the English keys).
pub fn template(lang: Lang) -> String {
    let cols: Vec<&str> = (super::inventory::columns().iter())
        .map(|c| super::inventory::header_in(c, lang))
        .collect();
    // BOM so that Excel on Windows opens the Vietnamese header as UTF-8
    format!("\u{feff}{}\r\n", cols.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"a,b,c\n1;2;3"), b',');
        assert_eq!(detect_delimiter(b"a;b;c\n"), b';');
        assert_eq!(detect_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter(b"a\tb\tc\n"), b'\t');
    }

    #[test]
    fn reads_bom_semicolons_and_lines() {
        let t = read_table(
            "f.csv",
            "\u{feff}code;name\r\nA;Hệ thống\r\n\r\nB;\"x;y\"\r\n".as_bytes(),
            Lang::Vi,
        )
        .unwrap();
        assert_eq!(t.header, vec!["code", "name"]);
        assert_eq!(t.header_line, 1);
        assert_eq!(
            t.rows,
            vec![
                (2, vec!["A".into(), "Hệ thống".into()]),
                (4, vec!["B".into(), "x;y".into()])
            ]
        );
    }

    #[test]
    fn line_numbers_survive_crlf_blank_lines_and_quoted_breaks() {
        let rows = |text: &str| -> Vec<u64> {
            let t = read_table("f.csv", text.as_bytes(), Lang::En).unwrap();
            std::iter::once(t.header_line)
                .chain(t.rows.iter().map(|r| r.0))
                .collect()
        };
        assert_eq!(rows("a,b\r\n1,2\r\n3,4\r\n"), vec![1, 2, 3]);
        assert_eq!(rows("a,b\n1,2\n\n\n3,4\n"), vec![1, 2, 5]);
        assert_eq!(rows("a,b\r\n\r\n1,2\r\n\r\n3,4"), vec![1, 3, 5]);
        assert_eq!(rows("\r\n\na,b\n1,2"), vec![3, 4]);
        assert_eq!(rows("a,b\n1,\"x\ny\r\nz\"\n3,4\n"), vec![1, 2, 5]);
        assert_eq!(rows("a,b\r1,2\r3,4"), vec![1, 2, 3]);
        assert_eq!(rows("\u{feff}a;b\r\n;2\r\n"), vec![1, 2]);
    }

    #[test]
    fn refuses_garbage() {
        assert!(read_table("f", b"", Lang::Vi).is_err());
        assert!(read_table("f", b"\xEF\xBB\xBF\r\n", Lang::Vi).is_err());
        assert!(read_table("f", b"\xff\xfec\x00o\x00", Lang::Vi).is_err());
        let e = read_table("f", b"code,name\nA,\xff\xfe\n", Lang::En).unwrap_err();
        assert_eq!(e.0[0].line, 2);
        assert!(e.0[0].message.contains("UTF-8"));
    }
}
