//! The one way bytes reach stdout, for the command line and the dashboard alike: the last
//! terminal guard (no raw control character ever reaches a terminal) and a closed pipe taken
//! as success.

use std::io::Write;

use super::env::{ExitStatus, Failure};

/// Writes to stdout, treating a closed pipe (`capdo due | head`) as success.
pub fn emit(text: &str) -> Result<(), Failure> {
    emit_bytes(text.as_bytes())
}

/// `emit` for bytes already encoded (UTF-8).
pub fn emit_bytes(bytes: &[u8]) -> Result<(), Failure> {
    let bytes = terminal_safe(bytes);
    write_stdout(&bytes, anstream::ColorChoice::Never)
}

/// Whether stdout wants colour: a terminal, no `NO_COLOR`, `TERM` set and not `dumb`
/// (`CLICOLOR_FORCE` forces it), as anstream decides for clap's own output.
pub fn color_choice() -> anstream::ColorChoice {
    anstream::AutoStream::choice(&std::io::stdout())
}

/// One write to stdout through anstream (which turns SGR into console calls on old Windows
/// consoles); a closed pipe is success.
pub fn write_stdout(bytes: &[u8], choice: anstream::ColorChoice) -> Result<(), Failure> {
    let r = if choice == anstream::ColorChoice::Never {
        // nothing to adapt: the bytes go as they are
        let mut out = std::io::stdout().lock();
        out.write_all(bytes).and_then(|_| out.flush())
    } else {
        let mut out = anstream::AutoStream::new(std::io::stdout().lock(), choice);
        out.write_all(bytes).and_then(|_| out.flush())
    };
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::new(ExitStatus::Io, e.to_string())),
    }
}

/// Stdout for output made piece by piece (`due --json` over 100,000 systems is tens of
/// megabytes): buffered, each piece passed through the same last guard as `emit`, a closed
/// pipe ends the output quietly. Nothing is held whole in memory.
pub struct Streamed {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    closed: bool,
}

impl Default for Streamed {
    fn default() -> Streamed {
        Streamed::new()
    }
}

impl Streamed {
    pub fn new() -> Streamed {
        Streamed {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock()),
            closed: false,
        }
    }

    /// Writes one piece; a piece must hold whole characters.
    pub fn put(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        let r = self.out.write_all(&terminal_safe(bytes));
        self.settle(r)
    }

    pub fn finish(mut self) -> Result<(), Failure> {
        let r = self.out.flush();
        self.settle(r)
    }

    fn settle(&mut self, r: std::io::Result<()>) -> Result<(), Failure> {
        match r {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Failure::new(ExitStatus::Io, e.to_string())),
        }
    }
}

/// The length of the character at `b[i..]` that a terminal could act on (see
/// `acts_on_terminal` in the tests), or 0. Works on the UTF-8 bytes directly: C0 controls but line feed and
/// tab, DEL, C1 (`C2 80`–`C2 9F`), U+202A–202E (`E2 80 AA`–`AE`) and U+2066–2069
/// (`E2 81 A6`–`A9`).
fn acting_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        0x0a | 0x09 => 0,
        0x00..=0x1f | 0x7f => 1,
        0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => 2,
        0xe2 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

/// A byte that may start such a character (`acting_len` tells for sure).
fn suspect(b: u8) -> bool {
    // `|`, not `||`: no branches, so that the scan below is vectorised
    ((b < 0x20) & (b != b'\n') & (b != b'\t')) | (b == 0x7f) | (b == 0xc2) | (b == 0xe2)
}

/// Where the first character a terminal could act on starts. Blocks of bytes are tested for
/// suspect bytes without branches (a few instructions per 16 bytes); only a block with one is
/// looked at byte by byte. Megabytes of `due --json` pass in about a millisecond.
fn first_acting(bytes: &[u8]) -> Option<usize> {
    const BLOCK: usize = 256;
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        if block.iter().fold(false, |acc, &b| acc | suspect(b)) {
            let at = k * BLOCK;
            if let Some(i) = (at..at + block.len()).find(|&i| acting_len(bytes, i) > 0) {
                return Some(i);
            }
        }
    }
    None
}

/// The last guard before stdout. Text for people is sanitised where it is made; JSON leaves
/// DEL, the C1 controls and the direction overrides raw inside its strings. Each such
/// character is written as a JSON escape (`\u009b`): in a JSON string that is the same
/// character, anywhere else it is visible text; either way no raw control reaches a terminal.
/// One pass over the bytes; no copy unless something has to be escaped.
pub fn terminal_safe(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    let Some(first) = first_acting(bytes) else {
        return Cow::Borrowed(bytes);
    };
    let mut out = Vec::with_capacity(bytes.len() + 16);
    out.extend_from_slice(&bytes[..first]);
    let mut i = first;
    while i < bytes.len() {
        let n = acting_len(bytes, i);
        if n == 0 {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let c = std::str::from_utf8(&bytes[i..i + n])
            .ok()
            .and_then(|s| s.chars().next())
            .map_or(0, u32::from);
        out.extend_from_slice(format!("\\u{c:04x}").as_bytes());
        i += n;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{acting_len, terminal_safe};

    /// A character a terminal could act on: C0 controls but line feed and tab, DEL, the C1
    /// controls (U+009B starts an escape sequence on some terminals), the direction overrides.
    fn acts_on_terminal(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }

    #[test]
    fn the_byte_scan_agrees_with_the_characters() {
        // every character in the planes where UTF-8 has 1, 2 and 3 bytes, and a few beyond
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let n = acting_len(b, 0);
            assert_eq!(n > 0, acts_on_terminal(c), "{c:?}");
            assert!(n == 0 || n == b.len(), "{c:?}");
        }
    }

    #[test]
    fn nothing_raw_reaches_stdout_and_json_stays_json() {
        let v = serde_json::json!({"name": "A\u{1b}[2J\u{7f}\u{9b}31m\u{202e}B\u{85}", "n": 1});
        let text = serde_json::to_string(&v).unwrap_or_default();
        let safe = terminal_safe(text.as_bytes()).into_owned();
        let safe = String::from_utf8(safe).unwrap_or_default();
        assert!(
            !safe.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{safe:?}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, v);
        // plain text is left alone, without a copy
        let plain = "Cổng thông tin … ✖ ▲ ✔\n\tx\n";
        assert!(matches!(
            terminal_safe(plain.as_bytes()),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
