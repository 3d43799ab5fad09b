//! Unicode care: NFC on input, diacritic-insensitive search keys, display width, terminal-safe text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_width::UnicodeWidthStr;

/// NFC-normalises and trims a text field as it enters the program.
pub fn clean(s: &str) -> String {
    let t = s.trim();
    if unicode_normalization::is_nfc(t) {
        t.to_owned()
    } else {
        t.nfc().collect()
    }
}

/// Folds text for search and header matching: decomposes, drops combining marks, maps đ→d,
/// lowercases, and collapses runs of white space, `_` and `-` into one space.
///
/// "Cổng Thông tin" and "cong thong  tin" fold to the same key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true; // suppress leading separators
    let mut push = |c: char| {
        if is_combining_mark(c) {
            return;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            'ð' | 'Ð' => 'd',
            _ => c,
        };
        if c.is_whitespace() || c == '_' || c == '-' {
            if !space {
                out.push(' ');
                space = true;
            }
            return;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
        space = false;
    };
    // each character decomposed on its own: the marks are dropped, so the canonical reordering
    // of a whole-string NFD would change nothing (and costs most of the time)
    for c in s.chars() {
        if c.is_ascii() {
            push(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, &mut push);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Appends `s` as a JSON string, the same bytes serde_json writes: copied whole between quotes
/// when no byte needs an escape (checked without branches, the usual case), else by serde_json.
/// For output written by hand at volume (`due --json`, change-log entries of an import).
pub fn push_json_str(out: &mut String, s: &str) {
    let plain = !s.bytes().fold(false, |acc, b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::Value::from(s).to_string());
    }
}

/// True when `needle`, folded, occurs in `haystack_folded` as a phrase ("cong thong tin" finds
/// "Cổng thông tin" but not "Công nghệ thông tin").
pub fn matches_folded(haystack_folded: &str, needle: &str) -> bool {
    haystack_folded.contains(&fold(needle))
}

/// Makes stored text safe for a terminal: control characters (C0, DEL, C1) become visible
/// `^X` / `\u{..}` escapes, tabs become a space, and the result is NFC. Escape sequences therefore
/// can never reach the terminal raw.
pub fn sanitize(s: &str) -> String {
    if !s.chars().any(is_unsafe_char) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            '\u{0}'..='\u{1f}' => {
                out.push('^');
                out.push((b'@' + c as u8) as char);
            }
            '\u{7f}' => out.push_str("^?"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `line` broken at spaces so that each line holds at most `max` cells, the lines after the
/// first indented by `indent` spaces (a hanging indent). A word wider than the room is left
/// whole (the terminal wraps it); a line that fits is returned as it is.
pub fn wrap(line: &str, max: usize, indent: usize) -> String {
    if width(line) <= max {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 16);
    let mut used = 0;
    // the first line keeps its own leading spaces
    let lead = line.len() - line.trim_start_matches(' ').len();
    out.push_str(&line[..lead]);
    used += lead;
    let mut first_word = true;
    for word in line[lead..].split(' ').filter(|w| !w.is_empty()) {
        let w = width(word);
        if !first_word && used + 1 + w > max {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            used = indent;
        } else if !first_word {
            out.push(' ');
            used += 1;
        }
        out.push_str(word);
        used += w;
        first_word = false;
    }
    out
}

/// Cuts `s` to at most `max` cells, ending with `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(g).unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(g);
        w += cw;
    }
    out.push('…');
    out
}

/// Pads `s` with spaces on the right to `w` cells (no cut).
pub fn pad(s: &str, w: usize) -> String {
    let mut out = s.to_owned();
    let have = width(s);
    for _ in have..w {
        out.push(' ');
    }
    out
}

/// Pads on the left (right-aligns) to `w` cells.
pub fn pad_left(s: &str, w: usize) -> String {
    let have = width(s);
    let mut out = String::new();
    for _ in have..w {
        out.push(' ');
    }
    out.push_str(s);
    out
}

/// Levenshtein distance on chars, for "did you mean" hints.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Shortens a (possibly huge) bad value for an error message.
pub fn excerpt(s: &str) -> String {
    let s = sanitize(s);
    if s.chars().count() > 60 {
        let head: String = s.chars().take(57).collect();
        format!("{head}… ({} bytes)", s.len())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold` as first written, over a whole-string NFD: the reference the faster one must match.
    fn fold_reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = true;
        for c in s.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            let c = match c {
                'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
                _ => c,
            };
            if c.is_whitespace() || c == '_' || c == '-' {
                if !space {
                    out.push(' ');
                    space = true;
                }
                continue;
            }
            out.extend(c.to_lowercase());
            space = false;
        }
        if out.ends_with(' ') {
            out.pop();
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn fold_matches_the_whole_string_nfd_reference(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }

        #[test]
        fn fold_matches_on_vietnamese_and_marks(s in "[a-zA-Z đĐ_\\-àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ\u{0300}-\u{0323}ÅΩ가-힣]{0,40}") {
            proptest::prop_assert_eq!(fold(&s), fold_reference(&s));
        }
    }

    #[test]
    fn fold_strips_vietnamese_diacritics_and_case() {
        assert_eq!(fold("Cổng Thông tin điện tử"), "cong thong tin dien tu");
        assert_eq!(fold("  ĐÀI_truyền-thanh  "), "dai truyen thanh");
        assert_eq!(fold("cấp độ"), "cap do");
        // NFD input folds the same as NFC
        let nfd: String = "Hệ thống".nfd().collect();
        assert_eq!(fold(&nfd), fold("Hệ thống"));
    }

    #[test]
    fn matches_every_word() {
        let h = fold("Cổng thông tin điện tử xã");
        assert!(matches_folded(&h, "cong thong tin"));
        assert!(matches_folded(&h, "THÔNG  TIN điện"));
        assert!(!matches_folded(&h, "thong xa"));
        assert!(!matches_folded(
            &fold("Công nghệ thông tin"),
            "cong thong tin"
        ));
        assert!(!matches_folded(&h, "camera"));
        assert!(matches_folded(&h, ""));
    }

    #[test]
    fn clean_makes_nfc() {
        let nfd: String = "Hệ thống".nfd().collect();
        assert_ne!(nfd, "Hệ thống");
        assert_eq!(clean(&format!("  {nfd} ")), "Hệ thống");
    }

    #[test]
    fn sanitize_escapes_controls() {
        assert_eq!(sanitize("a\x1b[31mb"), "a^[[31mb");
        assert_eq!(sanitize("x\ty"), "x y");
        assert_eq!(sanitize("bell\x07"), "bell^G");
        assert_eq!(sanitize("c1\u{9b}2J"), "c1\\u{9b}2J");
        assert_eq!(sanitize("rtl\u{202e}x"), "rtl\\u{202e}x");
        assert_eq!(sanitize("Hệ thống"), "Hệ thống");
    }

    #[test]
    fn width_and_truncate_use_cells() {
        assert_eq!(width("Hệ thống"), 8);
        assert_eq!(width("日本"), 4);
        assert_eq!(truncate("Hệ thống thông tin", 9), "Hệ thống…");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(pad("độ", 4), "độ  ");
        assert_eq!(pad_left("5", 3), "  5");
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("level", "levle"), 2);
        assert_eq!(edit_distance("code", "code"), 0);
    }
}

/// Fuzzy subsequence score of `needle` in `hay` (both folded by the caller): `None` when some
/// letter is missing; higher is better (consecutive letters and word starts score more).
pub fn fuzzy_score(hay: &str, needle: &str) -> Option<i32> {
    if needle.is_empty() {
        return Some(0);
    }
    let hay: Vec<char> = hay.chars().collect();
    let mut score = 0;
    let mut pos = 0usize;
    let mut prev: Option<usize> = None;
    for n in needle.chars().filter(|c| *c != ' ') {
        let found = hay[pos..].iter().position(|&h| h == n)? + pos;
        score += 1;
        if prev.is_some_and(|p| p + 1 == found) {
            score += 3;
        }
        if found == 0 || hay[found - 1] == ' ' {
            score += 2;
        }
        prev = Some(found);
        pos = found + 1;
    }
    Some(score - (hay.len() as i32) / 16)
}

#[cfg(test)]
mod fuzzy_tests {
    use super::*;

    #[test]
    fn fuzzy() {
        assert!(fuzzy_score("chuyen sang tieng anh", "tieng").is_some());
        assert!(fuzzy_score("thoat", "tht").is_some());
        assert!(fuzzy_score("thoat", "x").is_none());
        assert!(
            fuzzy_score("loc danh sach", "loc").unwrap()
                > fuzzy_score("tai lai du lieu tu kho", "loc").unwrap_or(-99)
        );
    }

    #[test]
    fn wrap_breaks_at_spaces_with_a_hanging_indent() {
        let line = "    plan · Chỉ thị 09/CT-TTg (hạn 31/12/2024); Nghị định 331/2026/NĐ-CP Điều 30 khoản 6";
        let w = wrap(line, 40, 6);
        for l in w.lines() {
            assert!(width(l) <= 40, "{l}");
        }
        assert!(w.starts_with("    plan · Chỉ thị"), "{w}");
        assert!(
            w.lines()
                .skip(1)
                .all(|l| l.starts_with("      ") && !l.starts_with("       "))
        );
        // the words and their order are kept
        let words: Vec<&str> = w.split_whitespace().collect();
        assert_eq!(words, line.split_whitespace().collect::<Vec<_>>());
        // a line that fits is left alone; a word wider than the room stays whole
        assert_eq!(wrap("ngắn", 40, 2), "ngắn");
        assert_eq!(wrap("a bbbbbbbbbbbb c", 8, 2), "a\n  bbbbbbbbbbbb\n  c");
    }
}
