//! A catalogue of bad inventory CSVs: each is refused with exit status 1, every problem is
//! printed as `FILE:LINE: column: message (value)` in the chosen language, and nothing is
//! written to a store that already holds data. Then the good cases: BOM, semicolons,
//! Vietnamese headers, D/M/YYYY dates, NFD text, upserts and dry runs.

use crate::common::sandbox;

use assert_cmd::Command;
use serde_json::Value;

const TODAY: &str = "2026-11-29";

/// A store holding two systems (one assessed), in a sandboxed environment.
/// The shared sandbox (`common::sandbox`), with the calls these tests make.
struct Sandbox(sandbox::Sandbox);

impl std::ops::Deref for Sandbox {
    type Target = sandbox::Sandbox;
    fn deref(&self) -> &sandbox::Sandbox {
        &self.0
    }
}

const SEED: &str = "\
code,name,owner,relation,level,dossier_status,approved_on,decision_no,plan_status,last_assessed_on,go_live_on,responsible,notes
MC-01,Cổng dịch vụ công xã,UBND xã,owned,3,approved,2025-06-30,12/QĐ-UBND,full,2025-12-15,2020-03-01,Nguyễn Văn A,có sẵn
MC-02,Thư điện tử tỉnh,UBND tỉnh,used,,,,,,,,Trần Thị B,
";

impl Sandbox {
    fn new() -> Sandbox {
        let s = Sandbox(sandbox::Sandbox::new());
        s.write("seed.csv", SEED.as_bytes());
        s.capdo().args(["import", "seed.csv"]).assert().success();
        s
    }

    fn capdo(&self) -> Command {
        let mut c = Command::from_std(self.bare());
        c.arg("--db")
            .arg(self.path("capdo.sqlite3"))
            .args(["--today", TODAY]);
        c
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.path(name), bytes).unwrap();
    }

    /// Everything an import could change: the inventory as `systems --json` shows it, the rows
    /// of every table that import writes, and the store file's bytes.
    fn state(&self) -> (Value, Vec<i64>, Vec<u8>) {
        let out = self.capdo().args(["systems", "--json"]).assert().success();
        let systems: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let counts = {
            let c = rusqlite::Connection::open_with_flags(
                self.path("capdo.sqlite3"),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .unwrap();
            ["system", "assessment", "dossier_step", "change_log"]
                .iter()
                .map(|t| {
                    c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                        .unwrap()
                })
                .collect()
        };
        let bytes = std::fs::read(self.path("capdo.sqlite3")).unwrap();
        (systems, counts, bytes)
    }

    /// Imports `bytes` as `bad.csv` in `lang`: exit 1, nothing written, and stderr as lines.
    fn refused(&self, bytes: &[u8], lang: &str) -> Vec<String> {
        self.write("bad.csv", bytes);
        let before = self.state();
        let a = self
            .capdo()
            .args(["--lang", lang, "import", "bad.csv"])
            .assert()
            .code(1);
        let out = a.get_output();
        assert!(
            out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8(out.stderr.clone()).unwrap();
        let after = self.state();
        assert!(after.0 == before.0, "the inventory changed");
        assert_eq!(after.1, before.1, "rows were written");
        assert!(after.2 == before.2, "the store file changed");
        let lines: Vec<String> = err.lines().map(str::to_owned).collect();
        // what happened (the file, how many problems), the problems, and the closing line
        let problems = lines[1..lines.len() - 1].to_vec();
        let closing = lines.last().unwrap();
        let n = problems.len();
        match lang {
            "en" if n == 1 => {
                assert_eq!(lines[0], "capdo: cannot import bad.csv: 1 problem", "{err}");
                assert_eq!(closing, "1 problem; nothing was written.");
            }
            "en" => {
                let first = format!("capdo: cannot import bad.csv: {n} problems");
                assert_eq!(lines[0], first, "{err}");
                assert_eq!(closing, &format!("{n} problems; nothing was written."));
            }
            _ => {
                let first = format!("capdo: không nhập được bad.csv: {n} lỗi");
                assert_eq!(lines[0], first, "{err}");
                assert_eq!(closing, &format!("{n} lỗi; không ghi gì vào kho."));
            }
        }
        for p in &problems {
            // FILE:LINE: ...
            let rest = p.strip_prefix("bad.csv:").unwrap_or_else(|| panic!("{p}"));
            let (line, _) = rest.split_once(": ").unwrap_or_else(|| panic!("{p}"));
            assert!(line.parse::<u64>().is_ok(), "{p}");
        }
        problems
    }

    /// Both languages: the problems in Vietnamese (default) and in English.
    fn refused_both(&self, bytes: &[u8]) -> (Vec<String>, Vec<String>) {
        (self.refused(bytes, "vi"), self.refused(bytes, "en"))
    }
}

const HEAD: &str =
    "code,name,level,dossier_status,approved_on,plan_status,relation,last_assessed_on,go_live_on\n";

fn csv(rows: &str) -> Vec<u8> {
    format!("{HEAD}{rows}").into_bytes()
}

// ------------------------------------------------------------ bad values

/// One bad value a case: a row of [`HEAD`]'s columns, and the problem it is refused with
/// (`column: message (value)`, after `bad.csv:LINE: `) in Vietnamese and in English.
const BAD_VALUES: &[(&str, &str, &str)] = &[
    // dates
    (
        "D1,Một,2,approved,31/02/2026,full,,,",
        "approved_on: không có ngày này trong lịch (31/02/2026)",
        "approved_on: no such day in the calendar (31/02/2026)",
    ),
    (
        "D2,Hai,2,approved,2026-13-01,full,,,",
        "approved_on: ngày không hợp lệ (dùng dd/mm/yyyy hoặc YYYY-MM-DD) (2026-13-01)",
        "approved_on: not a date (use dd/mm/yyyy or YYYY-MM-DD) (2026-13-01)",
    ),
    (
        "D3,Ba,2,,,,,29/02/2026,",
        "last_assessed_on: không có ngày này trong lịch (29/02/2026)",
        "last_assessed_on: no such day in the calendar (29/02/2026)",
    ),
    (
        "D4,Bốn,2,,,,,,hôm qua",
        "go_live_on: ngày không hợp lệ (dùng dd/mm/yyyy hoặc YYYY-MM-DD) (hôm qua)",
        "go_live_on: not a date (use dd/mm/yyyy or YYYY-MM-DD) (hôm qua)",
    ),
    (
        "D5,Năm,2,,,,,,2026/11/29",
        "go_live_on: ngày không hợp lệ (dùng dd/mm/yyyy hoặc YYYY-MM-DD) (2026/11/29)",
        "go_live_on: not a date (use dd/mm/yyyy or YYYY-MM-DD) (2026/11/29)",
    ),
    // levels
    (
        "L0,Không,0,,,,,,",
        "level: cấp độ phải là số từ 1 đến 5 (0)",
        "level: level must be a number from 1 to 5 (0)",
    ),
    (
        "L6,Sáu,6,,,,,,",
        "level: cấp độ phải là số từ 1 đến 5 (6)",
        "level: level must be a number from 1 to 5 (6)",
    ),
    (
        "LB,Ba,ba,,,,,,",
        "level: cấp độ phải là số từ 1 đến 5 (ba)",
        "level: level must be a number from 1 to 5 (ba)",
    ),
    // relation, dossier and plan states
    (
        "R1,Thuê,2,,,,thuê,,",
        "relation: phải là owned hoặc used (sở hữu / sử dụng) (thuê)",
        "relation: must be owned or used (sở hữu / sử dụng) (thuê)",
    ),
    (
        "S1,Xong,2,xong,,,,,",
        "dossier_status: trạng thái hồ sơ không hợp lệ; dùng: none (chưa lập), drafting (đang lập), submitted (đã gửi thẩm định), appraised (đã thẩm định), approved (đã phê duyệt), redetermine (cần xác định lại) (xong)",
        "dossier_status: unknown dossier status; use: none (none), drafting (drafting), submitted (submitted), appraised (appraised), approved (approved), redetermine (needs re-determination) (xong)",
    ),
    (
        "P1,Nửa,2,,,50%,,,",
        "plan_status: trạng thái phương án không hợp lệ; dùng: none (chưa triển khai), partial (đang triển khai), full (đầy đủ) (50%)",
        "plan_status: unknown plan status; use: none (not started), partial (partial), full (full) (50%)",
    ),
    // required values
    (",Không mã,2,,,,,,", "code: bắt buộc nhập", "code: required"),
    ("X,,2,,,,,,", "name: bắt buộc nhập", "name: required"),
];

/// Every row of [`BAD_VALUES`] in one file: each is refused on its own line with its own
/// message, in both languages, and nothing is written (`refused`).
#[test]
fn bad_values_are_refused_each_on_its_line() {
    let s = Sandbox::new();
    let rows: String = BAD_VALUES
        .iter()
        .map(|(row, ..)| format!("{row}\n"))
        .collect();
    let (vi, en) = s.refused_both(&csv(&rows));
    // the header is line 1: the case at index i is on line i + 2
    let want = |pick: usize| -> Vec<String> {
        (BAD_VALUES.iter().enumerate())
            .map(|(i, &(_, vi, en))| format!("bad.csv:{}: {}", i + 2, [vi, en][pick]))
            .collect()
    };
    assert_eq!(vi, want(0));
    assert_eq!(en, want(1));
}

#[test]
fn approved_needs_its_date_and_owned_needs_a_level() {
    let s = Sandbox::new();
    let (vi, en) = s.refused_both(&csv(
        "A1,Đã duyệt,2,approved,,,,,\nA2,Không cấp,,,,,owned,,\nA3,Dùng chung,,,,,used,,\n",
    ));
    assert_eq!(
        vi,
        vec![
            "bad.csv:2: approved_on: hồ sơ đã phê duyệt phải có ngày phê duyệt",
            "bad.csv:3: level: hệ thống sở hữu phải có cấp độ (1–5)",
        ]
    );
    assert_eq!(
        en,
        vec![
            "bad.csv:2: approved_on: an approved dossier needs its approval date",
            "bad.csv:3: level: an owned system needs a level (1–5)",
        ]
    );
    // the column is named as the file names it, or by its key when the file lacks it
    let vi = s.refused(
        "Mã hệ thống,Tên hệ thống,Trạng thái hồ sơ\nA1,Một,đã phê duyệt\n".as_bytes(),
        "vi",
    );
    assert_eq!(
        vi,
        vec![
            "bad.csv:2: level: hệ thống sở hữu phải có cấp độ (1–5)",
            "bad.csv:2: approved_on: hồ sơ đã phê duyệt phải có ngày phê duyệt",
        ]
    );
    let vi = s.refused(
        "Mã hệ thống,Tên hệ thống,Cấp độ\nA1,Một,\n".as_bytes(),
        "vi",
    );
    assert_eq!(
        vi,
        vec!["bad.csv:2: Cấp độ: hệ thống sở hữu phải có cấp độ (1–5)"]
    );
    // an existing system keeps its approval date, so approving it needs no date in the file;
    // but removing the level of an existing owned system is refused
    let vi = s.refused("code,name,level\nMC-01,Cổng,\n".as_bytes(), "vi");
    assert_eq!(
        vi,
        vec!["bad.csv:2: level: hệ thống sở hữu phải có cấp độ (1–5)"]
    );
}

#[test]
fn duplicate_codes_name_the_first_line() {
    let s = Sandbox::new();
    // CRLF line ends and a blank line, as Excel writes them: the line numbers still hold
    let (vi, en) = s.refused_both(
        "code,name,level\r\nA,Một,2\r\nB,Hai,2\r\n\r\nA,Lại một,2\r\nMC-01,x,1\r\nB,Lại hai,1\r\n"
            .as_bytes(),
    );
    assert_eq!(
        vi,
        vec![
            "bad.csv:5: code: mã hệ thống trùng với dòng 2 (A)",
            "bad.csv:7: code: mã hệ thống trùng với dòng 3 (B)",
        ]
    );
    assert_eq!(
        en,
        vec![
            "bad.csv:5: code: duplicate code, first on line 2 (A)",
            "bad.csv:7: code: duplicate code, first on line 3 (B)",
        ]
    );
    // codes are compared after normalisation (NFC, trimmed); the value is shown as written
    let vi = s.refused(
        "code,name,level\n Mã-1 ,Một,2\nMa\u{0303}-1,Hai,2\n".as_bytes(),
        "vi",
    );
    assert_eq!(
        vi,
        vec!["bad.csv:3: code: mã hệ thống trùng với dòng 2 (Ma\u{0303}-1)"]
    );
    // a row's problems in its columns' order, the repeated code at the code's place
    let en = s.refused("name,code,level\nMột,A,2\n,A,7\n".as_bytes(), "en");
    assert_eq!(
        en,
        vec![
            "bad.csv:3: name: required",
            "bad.csv:3: code: duplicate code, first on line 2 (A)",
            "bad.csv:3: level: level must be a number from 1 to 5 (7)",
        ]
    );
}

#[test]
fn a_bad_row_among_good_ones_writes_nothing() {
    let s = Sandbox::new();
    let vi = s.refused(
        &csv("G1,Tốt một,2,,,,,,\nMC-01,Đổi tên,4,,,,,,\nG2,Xấu,7,,,,,,\nG3,Tốt ba,1,,,,,,\n"),
        "vi",
    );
    assert_eq!(
        vi,
        vec!["bad.csv:4: level: cấp độ phải là số từ 1 đến 5 (7)"]
    );
}

/// The refusal, as a person at the shell reads it: the first line says what happened (which
/// file, how many problems), never a bare `capdo: `; then one line a problem, then the verdict.
#[test]
fn a_refused_import_says_what_happened_on_its_first_line() {
    let s = Sandbox::new();
    s.write("bad.csv", "code,name,level\nA/B,Một,2\nX,,9\n".as_bytes());
    s.write("bad.json", br#"{"format":"x"}"#);
    let err = |lang: &str, file: &str| {
        let out = s
            .capdo()
            .args(["--lang", lang, "import", file])
            .assert()
            .code(1);
        String::from_utf8(out.get_output().stderr.clone()).unwrap()
    };
    assert_eq!(
        err("vi", "bad.csv"),
        "capdo: không nhập được bad.csv: 3 lỗi\n\
         bad.csv:2: code: mã không được chứa dấu / (A/B)\n\
         bad.csv:3: name: bắt buộc nhập\n\
         bad.csv:3: level: cấp độ phải là số từ 1 đến 5 (9)\n\
         3 lỗi; không ghi gì vào kho.\n"
    );
    assert_eq!(
        err("en", "bad.csv"),
        "capdo: cannot import bad.csv: 3 problems\n\
         bad.csv:2: code: a code must not contain / (A/B)\n\
         bad.csv:3: name: required\n\
         bad.csv:3: level: level must be a number from 1 to 5 (9)\n\
         3 problems; nothing was written.\n"
    );
    // a whole-store .json refused: the same layout
    assert_eq!(
        err("vi", "bad.json"),
        "capdo: không nhập được bad.json: 1 lỗi\n\
         bad.json: format: định dạng không xác định; cần \"capdo-store\" (x)\n\
         1 lỗi; không ghi gì vào kho.\n"
    );
    assert_eq!(
        err("en", "bad.json"),
        "capdo: cannot import bad.json: 1 problem\n\
         bad.json: format: unknown format; expected \"capdo-store\" (x)\n\
         1 problem; nothing was written.\n"
    );
}

// ---------------------------------------------------------------- headers

#[test]
fn unknown_headers_suggest_the_nearest_column() {
    let s = Sandbox::new();
    let (vi, en) = s.refused_both(b"code,name,levle,ower\nA,Alpha,2,x\n");
    assert_eq!(
        vi,
        vec![
            "bad.csv:1: levle: cột không xác định; có phải là \"level\"?",
            "bad.csv:1: ower: cột không xác định; có phải là \"owner\"?",
        ]
    );
    assert_eq!(
        en,
        vec![
            "bad.csv:1: levle: unknown column; did you mean \"level\"?",
            "bad.csv:1: ower: unknown column; did you mean \"owner\"?",
        ]
    );
    let vi = s.refused(
        "Mã hệ thống,Tên hệ thốnq,Ngày phê duyêt x\nA,Alpha,\n".as_bytes(),
        "vi",
    );
    assert_eq!(
        vi,
        vec![
            "bad.csv:1: Tên hệ thốnq: cột không xác định; có phải là \"Tên hệ thống\"?",
            "bad.csv:1: Ngày phê duyêt x: cột không xác định; có phải là \"Ngày phê duyệt\"?",
        ]
    );
}

#[test]
fn duplicate_and_missing_columns() {
    let s = Sandbox::new();
    // the key and the Vietnamese label of the same column
    let (vi, en) = s.refused_both("code,name,Mã hệ thống\nA,Alpha,B\n".as_bytes());
    assert_eq!(vi, vec!["bad.csv:1: Mã hệ thống: cột bị lặp lại"]);
    assert_eq!(en, vec!["bad.csv:1: Mã hệ thống: column appears twice"]);
    let (vi, en) = s.refused_both(b"name,level\nAlpha,2\n");
    assert_eq!(
        vi,
        vec!["bad.csv:1: code (Mã hệ thống): thiếu cột bắt buộc"]
    );
    assert_eq!(
        en,
        vec!["bad.csv:1: code (Mã hệ thống): required column is missing"]
    );
    let en = s.refused(b"code,level\nA,2\n", "en");
    assert_eq!(
        en,
        vec!["bad.csv:1: name (Tên hệ thống): required column is missing"]
    );
}

// ------------------------------------------------------ not CSV at all

#[test]
fn empty_files() {
    let s = Sandbox::new();
    for bytes in [
        &b""[..],
        b"\n\n  \r\n",
        b"\xEF\xBB\xBF",
        b"\xEF\xBB\xBF\r\n",
    ] {
        let (vi, en) = s.refused_both(bytes);
        assert_eq!(vi, vec!["bad.csv:1: tệp rỗng: không có dòng tiêu đề"]);
        assert_eq!(en, vec!["bad.csv:1: the file is empty: no header row"]);
    }
}

/// Deterministic pseudo-random bytes (xorshift), with zero bytes in them.
fn garbage(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out: Vec<u8> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    out[n / 3] = 0;
    out
}

#[test]
fn binary_garbage() {
    let s = Sandbox::new();
    let (vi, en) = s.refused_both(&garbage(64 * 1024));
    assert_eq!(
        vi,
        vec!["bad.csv:1: tệp nhị phân, không phải CSV (có byte 0)"]
    );
    assert_eq!(
        en,
        vec!["bad.csv:1: binary data, not CSV (contains a zero byte)"]
    );
    // a CSV-looking start does not help
    let mut bytes = b"code,name,level\nA,Alpha,2\n".to_vec();
    bytes.extend(garbage(1000));
    assert_eq!(
        s.refused(&bytes, "en"),
        vec!["bad.csv:1: binary data, not CSV (contains a zero byte)"]
    );
    // a PNG image renamed .csv
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01";
    assert_eq!(
        s.refused(png, "en"),
        vec!["bad.csv:1: binary data, not CSV (contains a zero byte)"]
    );
}

#[test]
fn a_ten_megabyte_cell() {
    let s = Sandbox::new();
    let big = "x".repeat(10 * 1024 * 1024);
    let text = format!("code,name,level,notes\nA,{big},2,\nB,Beta,2,{big}\n");
    let (vi, en) = s.refused_both(text.as_bytes());
    assert_eq!(vi.len(), 2);
    assert!(
        vi[0].starts_with("bad.csv:2: name: quá dài (10485760 ký tự, tối đa 2000) (xxx"),
        "{}",
        &vi[0][..200.min(vi[0].len())]
    );
    assert!(
        vi[1].starts_with("bad.csv:3: notes: quá dài (10485760 ký tự, tối đa 20000) (xxx"),
        "{}",
        &vi[1][..200.min(vi[1].len())]
    );
    assert!(
        en[0].starts_with("bad.csv:2: name: too long (10485760 characters, at most 2000) (xxx")
    );
    // the value is shown shortened, never whole
    for line in vi.iter().chain(&en) {
        assert!(line.len() < 1000, "{} bytes", line.len());
        assert!(line.ends_with(')'), "{line}");
    }
}

#[test]
fn utf16_files() {
    let s = Sandbox::new();
    let text = "code,name,level\r\nA,Hệ thống,2\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for bytes in [&le, &be] {
        let (vi, en) = s.refused_both(bytes);
        assert_eq!(
            vi,
            vec!["bad.csv:1: tệp mã hóa UTF-16; hãy lưu lại dưới dạng \"CSV UTF-8\""]
        );
        assert_eq!(
            en,
            vec!["bad.csv:1: the file is UTF-16; save it again as \"CSV UTF-8\""]
        );
    }
    // without a BOM, UTF-16 is full of zero bytes
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(
        s.refused(&bare, "en"),
        vec!["bad.csv:1: binary data, not CSV (contains a zero byte)"]
    );
}

#[test]
fn windows_1258_bytes() {
    let s = Sandbox::new();
    // "Hệ thống" in Windows-1258: ê + combining dot below, ô + combining acute
    let name = b"H\xea\xf2 th\xf4\xecng";
    let mut bytes = b"code,name,level\nA,Alpha,2\nB,".to_vec();
    bytes.extend_from_slice(name);
    bytes.extend_from_slice(b",2\n");
    let (vi, en) = s.refused_both(&bytes);
    assert_eq!(
        vi,
        vec![
            "bad.csv:3: name: không phải văn bản UTF-8; hãy lưu tệp dưới dạng \"CSV UTF-8\" (H\u{fffd}\u{fffd} th\u{fffd}\u{fffd}ng)"
        ]
    );
    assert_eq!(
        en,
        vec![
            "bad.csv:3: name: not UTF-8 text; save the file as \"CSV UTF-8\" (H\u{fffd}\u{fffd} th\u{fffd}\u{fffd}ng)"
        ]
    );
    // in the header: refused at line 1
    let en = s.refused(b"M\xe3 h\xea\xf2 th\xf4\xecng,name\nA,B\n", "en");
    assert_eq!(en.len(), 1);
    assert!(
        en[0].starts_with("bad.csv:1: not UTF-8 text; save the file as \"CSV UTF-8\""),
        "{}",
        en[0]
    );
}

#[test]
fn control_characters_are_refused_and_shown_safely() {
    let s = Sandbox::new();
    let en = s.refused(b"code,name,level\nA,Al\x1b[2Jpha,2\n", "en");
    assert_eq!(
        en,
        vec!["bad.csv:2: name: contains a control character (Al^[[2Jpha)"]
    );
}

// ------------------------------------------------------------- good files

fn systems(s: &Sandbox) -> Vec<Value> {
    let out = s.capdo().args(["systems", "--json"]).assert().success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    v.as_array().unwrap().clone()
}

fn system(s: &Sandbox, code: &str) -> Value {
    systems(s)
        .into_iter()
        .find(|x| x["code"] == code)
        .unwrap_or_else(|| panic!("no {code}"))
}

fn import(s: &Sandbox, name: &str, bytes: &[u8], extra: &[&str]) -> String {
    s.write(name, bytes);
    let out = s
        .capdo()
        .args(["--lang", "en"])
        .args(extra)
        .args(["import", name])
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn bom_semicolons_vietnamese_headers_and_dmy_dates() {
    let s = Sandbox::new();
    let text = "\u{feff}Mã hệ thống;Tên hệ thống;Chủ quản;Đơn vị vận hành;Quan hệ;Cấp độ;Trạng thái hồ sơ;Ngày phê duyệt;Số quyết định;Phương án;Ngày kiểm tra đánh giá gần nhất;Ngày đưa vào vận hành;Người phụ trách;Ghi chú\r\n\
        MC-03;Phần mềm một cửa;UBND xã;Bộ phận Một cửa;Sở hữu;Cấp độ 3;Đã phê duyệt;5/2/2024;15/QĐ-UBND;Đầy đủ;9/1/2026;01/03/2020;Lê Văn C;\"ghi chú; có chấm phẩy\"\r\n\
        MC-04;Wi-Fi công cộng;UBND xã;;sử dụng;;;;;;;;;\r\n";
    let out = import(&s, "vn.csv", text.as_bytes(), &[]);
    assert_eq!(
        out,
        "Imported vn.csv: 2 new, 0 updated, 0 unchanged systems; 1 assessment recorded.\n"
    );
    let x = system(&s, "MC-03");
    assert_eq!(x["name"], "Phần mềm một cửa");
    assert_eq!(x["owner"], "UBND xã");
    assert_eq!(x["operator"], "Bộ phận Một cửa");
    assert_eq!(x["relation"], "owned");
    assert_eq!(x["level"], 3);
    assert_eq!(x["dossier_status"], "approved");
    assert_eq!(x["approved_on"], "2024-02-05");
    assert_eq!(x["decision_no"], "15/QĐ-UBND");
    assert_eq!(x["plan_status"], "full");
    assert_eq!(x["last_assessed_on"], "2026-01-09");
    assert_eq!(x["next_assessment_on"], "2027-01-09");
    assert_eq!(x["go_live_on"], "2020-03-01");
    assert_eq!(x["responsible"], "Lê Văn C");
    assert_eq!(x["notes"], "ghi chú; có chấm phẩy");
    assert_eq!(system(&s, "MC-04")["relation"], "used");
    // headers ignore case and diacritics
    let out = import(
        &s,
        "loose.csv",
        "MA HE THONG,ten he thong,CAP DO,quan he,Trang Thai Ho So\nMC-05,Camera,level 2,SO HUU,dang lap\n"
            .as_bytes(),
        &[],
    );
    assert!(out.contains("1 new"), "{out}");
    let x = system(&s, "MC-05");
    assert_eq!(
        (x["level"].clone(), x["dossier_status"].clone()),
        (Value::from(2), Value::from("drafting"))
    );
}

#[test]
fn nfd_text_is_stored_as_nfc() {
    let s = Sandbox::new();
    // "Hệ thống" decomposed: e + circumflex + dot below, o + circumflex + acute
    let nfd = "He\u{0302}\u{0323} tho\u{0302}\u{0301}ng quản lý";
    let nfc = "Hệ thống quản lý";
    assert_ne!(nfd, nfc);
    let text = format!("code,name,level,owner\nNFD-1,{nfd},2,U\u{0309}y ban\n");
    import(&s, "nfd.csv", text.as_bytes(), &[]);
    let x = system(&s, "NFD-1");
    assert_eq!(x["name"], nfc);
    assert_eq!(x["owner"], "Ủy ban");
    // and the NFC spelling of the same code is the same system
    let out = import(
        &s,
        "nfc.csv",
        format!("code,name,level\nNFD-1,{nfc},2\n").as_bytes(),
        &[],
    );
    assert!(out.contains("0 new, 0 updated, 1 unchanged"), "{out}");
}

#[test]
fn upsert_updates_by_code_and_leaves_absent_columns_alone() {
    let s = Sandbox::new();
    let before = system(&s, "MC-01");
    let out = import(
        &s,
        "up.csv",
        "code,name,level\nMC-01,Cổng DVC (mới),4\nMC-09,Mới,1\n".as_bytes(),
        &[],
    );
    assert_eq!(
        out,
        "Imported up.csv: 1 new, 1 updated, 0 unchanged systems; 0 assessments recorded.\n"
    );
    let after = system(&s, "MC-01");
    assert_eq!(after["name"], "Cổng DVC (mới)");
    assert_eq!(after["level"], 4);
    for key in [
        "owner",
        "relation",
        "dossier_status",
        "approved_on",
        "decision_no",
        "plan_status",
        "last_assessed_on",
        "go_live_on",
        "responsible",
        "notes",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    // level 4: 12 months from the assessment of 15/12/2025
    assert_eq!(after["next_assessment_on"], "2026-12-15");
    // an empty cell clears a text column that is present
    import(
        &s,
        "clear.csv",
        "code,name,notes\nMC-01,Cổng DVC (mới),\n".as_bytes(),
        &[],
    );
    let x = system(&s, "MC-01");
    assert_eq!(x["notes"], "");
    assert_eq!(x["responsible"], "Nguyễn Văn A");
    assert_eq!(systems(&s).len(), 3);
}

#[test]
fn dry_run_writes_nothing() {
    let s = Sandbox::new();
    let before = s.state();
    let text = "code,name,level,last_assessed_on\nMC-01,Đổi tên,4,2026-06-01\nMC-10,Mới,1,\nMC-02,Thư điện tử tỉnh,,\n";
    s.write("dry.csv", text.as_bytes());
    let a = s
        .capdo()
        .args(["--lang", "en", "import", "--dry-run", "dry.csv"])
        .assert()
        .success();
    assert_eq!(
        String::from_utf8(a.get_output().stdout.clone()).unwrap(),
        "Checked (nothing written) dry.csv: 1 new, 1 updated, 1 unchanged systems; 1 assessment recorded.\n"
    );
    let after = s.state();
    assert!(after.0 == before.0, "the inventory changed");
    assert_eq!(after.1, before.1, "rows were written");
    assert!(after.2 == before.2, "the store file changed");
    // the same file for real does what the dry run said
    let out = import(&s, "dry.csv", text.as_bytes(), &[]);
    assert_eq!(
        out,
        "Imported dry.csv: 1 new, 1 updated, 1 unchanged systems; 1 assessment recorded.\n"
    );
    assert_eq!(system(&s, "MC-01")["level"], 4);
    // a dry run of a bad file is refused like a real import
    s.write("bad.csv", b"code,name,level\nA,Alpha,9\n");
    let a = s
        .capdo()
        .args(["--lang", "en", "import", "--dry-run", "bad.csv"])
        .assert()
        .code(1);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("bad.csv:2: level: level must be a number from 1 to 5 (9)"),
        "{err}"
    );
}
