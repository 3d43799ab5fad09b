//! Hostile input. Property tests (bounded here: `PROPTEST_CASES`, default 256 per property)
//! feed random and mutated files to the CSV, XLSX, JSON and bundle readers and random text to
//! the date parser: none may panic (a panic caught inside the XLSX reader counts too). Then the
//! limits: enormous files and cells, zip bombs, too many parts or rows give a clear error
//! within bounded memory; exports never carry a formula; control characters and escape
//! sequences stored in any text never reach the terminal raw; a bundle names no path.
//! The long runs live in `fuzz/` (cargo-fuzz).

use crate::common::{ctx, today};
use std::io::{Cursor, Read, Write};

use crate::common::sandbox::*;
use capdo::app::import::{Kind, read_inventory_bytes};
use capdo::domain::dates::{iso, parse_date, parse_datetime};
use capdo::exchange::{bundle, csv as xcsv, export, json, xlsx};
use capdo::i18n::Lang;
use capdo::store::Store;
use capdo::store::restore::RestoreMode;
use proptest::prelude::*;

thread_local! {
    /// Panics seen on this thread, caught or not: a panic caught by the XLSX reader's guard
    /// still counts as a defect found.
    static PANICS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn count_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|p| p.set(p.get() + 1));
            prev(info);
        }));
    });
}

/// Runs `f` and fails if anything panicked meanwhile on this thread, even if caught.
fn no_panic(f: impl FnOnce()) {
    count_panics();
    let before = PANICS.with(|p| p.get());
    f();
    let after = PANICS.with(|p| p.get());
    assert_eq!(after, before, "a reader panicked (see above)");
}

// ------------------------------------------------------------------ inputs

/// A small valid inventory workbook.
fn workbook() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        [
            "Mã hệ thống",
            "Tên hệ thống",
            "Cấp độ",
            "Ngày phê duyệt",
            "Ghi chú",
        ],
        ["A", "Cổng thông tin", "2", "12/08/2024", "=1+1"],
        ["B", "Một cửa", "3", "", "@SUM(A1)"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let _ = ws.write_string(r as u32, c as u16, *v);
        }
    }
    let _ = ws.merge_range(4, 0, 6, 0, "gộp", &rust_xlsxwriter::Format::new());
    wb.save_to_buffer().unwrap_or_default()
}

/// The same workbook with every part stored uncompressed, so that mutations land in the XML.
fn stored(xlsx_bytes: &[u8]) -> Vec<u8> {
    let Ok(mut zin) = zip::ZipArchive::new(Cursor::new(xlsx_bytes)) else {
        return Vec::new();
    };
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zin.len() {
        let Ok(mut f) = zin.by_index(i) else { continue };
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        let _ = f.read_to_end(&mut data);
        if out.start_file(name, opts).is_ok() {
            let _ = out.write_all(&data);
        }
    }
    out.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// A whole-store JSON document of the sample commune.
fn sample_json() -> Vec<u8> {
    let mut s = Store::in_memory(today()).expect("store");
    capdo::sample::load(&mut s, &ctx()).expect("sample");
    json::to_json(&s.dump().expect("dump")).expect("json")
}

/// A bundle of the sample commune.
fn sample_bundle() -> Vec<u8> {
    let mut s = Store::in_memory(today()).expect("store");
    capdo::sample::load(&mut s, &ctx()).expect("sample");
    let mut d = s.dump().expect("dump");
    if d.profile.profile.unit_name.is_empty() {
        d.profile.profile.unit_name = "UBND xã Mẫu".into();
    }
    bundle::write(&d, today().and_hms_opt(9, 0, 0).unwrap_or_default())
        .map(|(b, ..)| b)
        .expect("bundle")
}

/// A mutation of a byte string: flips, overwrites, cuts, inserts and duplicated spans.
#[derive(Clone, Debug)]
enum Edit {
    Flip(usize, u8),
    Set(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
    Dup(usize, usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        any::<usize>().prop_map(Edit::Cut),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, v)| Edit::Insert(i, v)),
        (any::<usize>(), 1usize..64, any::<usize>()).prop_map(|(a, n, b)| Edit::Dup(a, n, b)),
    ];
    prop::collection::vec(edit, 1..8)
}

fn mutate(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = base.to_vec();
    for e in edits {
        if b.is_empty() {
            break;
        }
        let at = |i: usize, n: usize| i % n.max(1);
        match e {
            Edit::Flip(i, x) => {
                let i = at(*i, b.len());
                b[i] ^= x | 1;
            }
            Edit::Set(i, x) => {
                let i = at(*i, b.len());
                b[i] = *x;
            }
            Edit::Cut(i) => b.truncate(at(*i, b.len())),
            Edit::Insert(i, v) => {
                let i = at(*i, b.len() + 1);
                b.splice(i..i, v.iter().copied());
            }
            Edit::Dup(a, n, to) => {
                let a = at(*a, b.len());
                let end = (a + n).min(b.len());
                let span = b[a..end].to_vec();
                let to = at(*to, b.len() + 1);
                b.splice(to..to, span);
            }
        }
    }
    b
}

/// CSV-like text: delimiters, quotes, line ends, BOMs, controls, Vietnamese, formulas.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just("Mã hệ thống".as_bytes().to_vec()),
        Just(b"code,name,level\n".to_vec()),
        Just("Cấp độ".as_bytes().to_vec()),
        Just(b"=1+1".to_vec()),
        Just(b"'=x".to_vec()),
        Just(b"31/02/2026".to_vec()),
        Just(b"2026-13-01".to_vec()),
        Just(b"\x1b[2J".to_vec()),
        Just(b"\x00".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just("e\u{301}".as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..8),
        "[a-zA-Z0-9 ]{0,12}".prop_map(|s| s.into_bytes()),
    ];
    prop::collection::vec(piece, 0..64).prop_map(|v| v.concat())
}

/// Text for the date parser.
fn dateish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9/.: T-]{0,24}",
        (0u32..40, 0u32..15, 0u32..3000).prop_map(|(d, m, y)| format!("{d}/{m}/{y}")),
        (0u32..3000, 0u32..15, 0u32..40).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        (0u32..3000, 0u32..15, 0u32..40, 0u32..30, 0u32..70)
            .prop_map(|(y, m, d, h, mi)| format!("{y}-{m}-{d} {h}:{mi}")),
    ]
}

// ------------------------------------------------------------------ no panics

/// An inventory's bytes through the import's whole pipeline before the store (the fuzz
/// targets' entry point), its refusal rendered.
fn inventory_pipeline(bytes: Vec<u8>, kind: Kind, lang: Lang) {
    let name = if kind == Kind::Xlsx {
        "f.xlsx"
    } else {
        "f.csv"
    };
    if let Err(r) = read_inventory_bytes(name, bytes, kind, None, today(), lang) {
        let _ = r.render(Lang::En);
    }
}

fn csv_pipeline(bytes: &[u8]) {
    for lang in [Lang::Vi, Lang::En] {
        inventory_pipeline(bytes.to_vec(), Kind::Csv, lang);
    }
}

fn xlsx_pipeline(bytes: Vec<u8>) {
    inventory_pipeline(bytes, Kind::Xlsx, Lang::Vi);
}

fn json_pipeline(bytes: &[u8]) {
    match json::parse("f.json", bytes, Lang::En) {
        Ok(dump) => {
            let mut s = Store::in_memory(today()).expect("store");
            let _ = s.restore(&ctx(), &dump, "f.json", RestoreMode::default());
        }
        Err(r) => {
            let _ = json::render(&r, Lang::Vi);
        }
    }
}

proptest! {
    #[test]
    fn csv_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        no_panic(|| csv_pipeline(&bytes));
    }

    #[test]
    fn csv_like_text(bytes in csvish()) {
        no_panic(|| csv_pipeline(&bytes));
    }

    #[test]
    fn xlsx_random_bytes(tail in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut b = b"PK\x03\x04".to_vec();
        b.extend(tail);
        no_panic(|| xlsx_pipeline(b));
    }

    #[test]
    fn xlsx_mutated(e in edits(), uncompressed in any::<bool>()) {
        thread_local! {
            static BASE: (Vec<u8>, Vec<u8>) = {
                let w = workbook();
                let s = stored(&w);
                (w, s)
            };
        }
        let b = BASE.with(|(w, s)| mutate(if uncompressed { s } else { w }, &e));
        no_panic(|| xlsx_pipeline(b));
    }

    #[test]
    fn json_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        no_panic(|| json_pipeline(&bytes));
    }

    #[test]
    fn json_mutated(e in edits()) {
        thread_local! { static BASE: Vec<u8> = sample_json(); }
        let b = BASE.with(|b| mutate(b, &e));
        no_panic(|| json_pipeline(&b));
    }

    #[test]
    fn json_values_replaced(path in prop::collection::vec(any::<usize>(), 1..6), v in json_value()) {
        thread_local! {
            static BASE: serde_json::Value =
                serde_json::from_slice(&sample_json()).unwrap_or_default();
        }
        let mut doc = BASE.with(|b| b.clone());
        replace_at(&mut doc, &path, v);
        let bytes = serde_json::to_vec(&doc).unwrap_or_default();
        no_panic(|| json_pipeline(&bytes));
    }

    #[test]
    fn bundle_mutated(e in edits()) {
        thread_local! { static BASE: Vec<u8> = sample_bundle(); }
        let b = BASE.with(|b| mutate(b, &e));
        no_panic(|| {
            let _ = bundle::read("b.json", &b, Lang::Vi).map_err(|e| e.message("b.json", Lang::En));
        });
    }

    #[test]
    fn dates(s in dateish()) {
        let (a, b) = {
            let mut r = (Err(capdo::domain::dates::DateError::Format), Err(capdo::domain::dates::DateError::Format));
            no_panic(|| r = (parse_date(&s), parse_datetime(&s)));
            r
        };
        if let Ok(d) = a {
            // what is accepted reads back the same from its ISO form
            prop_assert_eq!(parse_date(&iso(d)), Ok(d));
        }
        if let Ok(t) = b {
            prop_assert_eq!(parse_date(&iso(t.date())), Ok(t.date()));
        }
    }

    #[test]
    fn neutralised_cells_never_start_a_formula(s in any::<String>()) {
        let n = export::neutralize(&s);
        prop_assert!(!n.starts_with(['=', '+', '-', '@']));
        prop_assert_eq!(export::unneutralize(&n), s.as_str());
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        any::<String>().prop_map(Value::String),
        Just(Value::String("\u{1b}[2J\u{9b}31m\u{202e}".into())),
        Just(Value::String("2026-02-31".into())),
        Just(Value::from(u64::MAX)),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replaces the value found by following `path` (indices into arrays and objects).
fn replace_at(doc: &mut serde_json::Value, path: &[usize], v: serde_json::Value) {
    use serde_json::Value;
    let Some((i, rest)) = path.split_first() else {
        *doc = v;
        return;
    };
    match doc {
        Value::Array(a) if !a.is_empty() => {
            let n = a.len();
            replace_at(&mut a[i % n], rest, v);
        }
        Value::Object(o) if !o.is_empty() => {
            let n = o.len();
            if let Some(x) = o.values_mut().nth(i % n) {
                replace_at(x, rest, v);
            }
        }
        _ => *doc = v,
    }
}

#[test]
fn the_sample_inputs_themselves_read() {
    // the bases of the mutations are valid: mutations start from real files
    assert!(xlsx::read_table("f.xlsx", workbook(), None, Lang::Vi).is_ok());
    assert!(xlsx::read_table("f.xlsx", stored(&workbook()), None, Lang::Vi).is_ok());
    assert!(json::parse("f.json", &sample_json(), Lang::Vi).is_ok());
    assert!(bundle::read("b.json", &sample_bundle(), Lang::Vi).is_ok());
}

// ------------------------------------------------------------------ limits

/// Sets the declared uncompressed size of part `name` (local header and central directory).
fn declare_size(zip: &mut [u8], name: &str, size: u32) -> usize {
    let n = name.as_bytes();
    let mut patched = 0;
    let mut i = 0;
    while i + 46 <= zip.len() {
        let sig = &zip[i..i + 4];
        let (size_at, name_len_at, name_at) = if sig == b"PK\x03\x04" {
            (22, 26, 30)
        } else if sig == b"PK\x01\x02" {
            (24, 28, 46)
        } else {
            i += 1;
            continue;
        };
        let len = u16::from_le_bytes([zip[i + name_len_at], zip[i + name_len_at + 1]]) as usize;
        if zip.get(i + name_at..i + name_at + len) == Some(n) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 4;
    }
    patched
}

/// A workbook whose sheet part holds `sheet_len` bytes of XML that deflate to almost nothing.
fn bomb(sheet_len: usize) -> Vec<u8> {
    let base = workbook();
    let Ok(mut zin) = zip::ZipArchive::new(Cursor::new(base)) else {
        return Vec::new();
    };
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    for i in 0..zin.len() {
        let Ok(mut f) = zin.by_index(i) else { continue };
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut data = Vec::new();
        let _ = f.read_to_end(&mut data);
        if out.start_file(name.as_str(), opts).is_err() {
            continue;
        }
        if name == "xl/worksheets/sheet1.xml" {
            // a cell whose text never ends: the same byte, sheet_len times
            let head = b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>";
            let _ = out.write_all(head);
            let chunk = vec![b'A'; 1 << 20];
            let mut left = sheet_len;
            while left > 0 {
                let n = left.min(chunk.len());
                let _ = out.write_all(&chunk[..n]);
                left -= n;
            }
            let _ = out.write_all(b"</t></is></c></row></sheetData></worksheet>");
        } else {
            let _ = out.write_all(&data);
        }
    }
    out.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fn refused_with(s: &Sandbox, file: &str, needle: &str) -> String {
    let o = s.run(&["--lang", "en", "import", file]);
    assert_eq!(o.status.code(), Some(1), "{file}: {}", describe(&o));
    let err = stderr(&o);
    assert!(err.contains(needle), "{file}: {err}");
    assert!(err.contains("nothing was written"), "{file}: {err}");
    assert!(
        err.len() < 20_000,
        "{file}: {} bytes of messages",
        err.len()
    );
    err
}

#[test]
fn enormous_files_are_refused_before_they_are_read() {
    let s = Sandbox::new();
    // sparse files: 100 MB on paper, nothing on disk
    for (name, len) in [
        ("big.csv", 100u64 << 20),
        ("big.xlsx", 100 << 20),
        ("big.json", 300 << 20),
    ] {
        let f = std::fs::File::create(s.path(name)).expect("create");
        f.set_len(len).expect("set_len");
        let err = refused_with(&s, name, "file too large");
        assert!(err.contains(&len.to_string()), "{err}");
    }
    // a device that never ends is cut at the limit, not read forever
    #[cfg(unix)]
    if std::path::Path::new("/dev/zero").exists() {
        let _ = std::os::unix::fs::symlink("/dev/zero", s.path("zero.csv"));
        refused_with(&s, "zero.csv", "file too large (more than");
    }
    assert!(!s.db().exists() || s.ok(&["systems", "--json"]).trim() == "[]");
}

#[test]
fn too_many_rows_cells_or_characters_are_refused_clearly() {
    let s = Sandbox::new();
    let rows = xcsv::MAX_ROWS + 1;
    s.write(
        "rows.csv",
        &csv("code,name,level", (0..rows).map(|i| format!("S{i},n,1"))),
    );
    refused_with(
        &s,
        "rows.csv",
        &format!("too many rows (more than {})", xcsv::MAX_ROWS),
    );
    let mut wide = b"code,name,level\n".to_vec();
    wide.extend(std::iter::repeat_n(b"1,".as_slice(), xcsv::MAX_CELLS + 1).flatten());
    s.write("wide.csv", &wide);
    refused_with(&s, "wide.csv", "too many cells");
    // one enormous cell
    let mut cell = b"code,name,level\nA,".to_vec();
    cell.extend(std::iter::repeat_n(b'x', 20 << 20));
    cell.extend(b",2\n");
    s.write("cell.csv", &cell);
    refused_with(&s, "cell.csv", "too long (20971520 characters");
}

#[test]
fn xlsx_bombs_are_refused_before_they_unpack() {
    let s = Sandbox::new();
    // 300 MB of text in a file of a few MB
    let big = bomb(300 << 20);
    assert!(big.len() < 8 << 20, "{} bytes", big.len());
    s.write("bomb.xlsx", &big);
    let err = refused_with(&s, "bomb.xlsx", "unpacks to too much data");
    assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
    // a part that declares 4 GB
    let mut lie = workbook();
    assert_eq!(
        declare_size(&mut lie, "xl/worksheets/sheet1.xml", u32::MAX),
        2
    );
    s.write("declared.xlsx", &lie);
    refused_with(&s, "declared.xlsx", "unpacks to too much data");
    // a part that declares little and unpacks to much more: the zip reader stops at the
    // declared size
    let mut small = bomb(8 << 20);
    assert_eq!(
        declare_size(&mut small, "xl/worksheets/sheet1.xml", 4096),
        2
    );
    s.write("liar.xlsx", &small);
    let o = s.run(&["--lang", "en", "import", "liar.xlsx"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("nothing was written"),
        "{}",
        describe(&o)
    );
    // ten thousand and one parts
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..=xlsx::MAX_PARTS {
        out.start_file(format!("p{i}"), opts).expect("part");
    }
    let many = out.finish().expect("zip").into_inner();
    s.write("many.xlsx", &many);
    refused_with(&s, "many.xlsx", "too many parts");
}

#[test]
fn deep_json_is_refused_not_a_stack_overflow() {
    let s = Sandbox::new();
    let depth = 200_000;
    let mut b = vec![b'['; depth];
    b.extend(vec![b']'; depth]);
    s.write("deep.json", &b);
    let o = s.run(&["--lang", "en", "import", "deep.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(stderr(&o).contains("broken JSON"), "{}", describe(&o));
}

// ------------------------------------------------------------------ exports

#[test]
fn xlsx_export_writes_formula_like_text_as_text() {
    let s = Sandbox::new();
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(["code", "name", "owner", "level", "notes", "responsible"])
        .expect("csv");
    for (i, evil) in [
        "=1+1",
        "+84 912",
        "-2",
        "@SUM(A1)",
        "=HYPERLINK(\"http://x\")",
    ]
    .iter()
    .enumerate()
    {
        w.write_record([&format!("F{i}"), *evil, *evil, "2", *evil, *evil])
            .expect("csv");
    }
    s.write("in.csv", &w.into_inner().expect("csv"));
    s.ok(&["import", "in.csv"]);
    s.ok(&["export", "out.xlsx"]);
    s.ok(&["export", "out.csv"]);
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(
        std::fs::read(s.path("out.xlsx")).expect("read"),
    ))
    .expect("xlsx");
    let sheet = wb.sheet_names()[0].clone();
    let f = wb.worksheet_formula(&sheet).expect("formulas");
    assert!(
        f.used_cells().all(|(_, _, v)| v.is_empty()),
        "a formula was written"
    );
    let r = wb.worksheet_range(&sheet).expect("range");
    let texts: Vec<&Data> = r.rows().skip(1).map(|row| &row[1]).collect();
    assert_eq!(texts.len(), 5);
    for t in texts {
        assert!(
            matches!(t, Data::String(x) if x.starts_with(['=', '+', '-', '@'])),
            "{t:?}"
        );
    }
    let text = std::fs::read_to_string(s.path("out.csv")).expect("csv");
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for rec in rdr.records() {
        for cell in rec.expect("record").iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
}

// ------------------------------------------------------------------ the terminal

/// Text that would clear the screen, retitle the window, ring, move the cursor, reverse the
/// line's direction, if it reached a terminal raw.
const EVIL: &str = "Ác\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}\u{8}\u{7f}\r\u{85}ý";

/// Bytes that must never reach a terminal: C0 controls but the line feed, DEL, C1 controls,
/// and the direction overrides.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn stored_escape_sequences_never_reach_the_terminal() {
    let s = Sandbox::new();
    s.write(
        "in.csv",
        &csv(
            "code,name,level",
            ["EVIL,Hệ thống,3".to_owned(), "OK,Tốt,1".to_owned()],
        ),
    );
    s.ok(&["import", "in.csv"]);
    // text that came in by another road (another tool, an old version): straight into the file
    {
        let c = s.conn();
        c.execute(
            "UPDATE system SET code = ?1, name = ?1, owner = ?1, operator = ?1, responsible = ?1, \
             notes = ?1, decision_no = ?1 WHERE code = 'EVIL'",
            [format!("E{EVIL}")],
        )
        .expect("update");
        c.execute(
            "UPDATE profile SET unit_name = ?1, officer = ?1, parent_authority = ?1",
            [EVIL],
        )
        .expect("profile");
    }
    // and into the change log the proper way: the officer's name rides on every entry
    let code = format!("E{EVIL}");
    s.write(
        "r.csv",
        &csv("code,name,level", ["OK,Tốt hơn,2".to_owned()]),
    );
    s.ok(&["import", "r.csv"]);
    let runs: Vec<Vec<String>> = [
        &["systems"][..],
        &["due", "--all", "--why"],
        &["due", "--within", "3650"],
        &["check"],
        &["log"],
        &["log", "--system", &code],
        &["verify"],
        &["report", "quarterly", "--period", "2026-Q4"],
        &["report", "annual", "--period", "2026"],
        &["report", "review"],
        &["report", "budget", "--period", "2026"],
        &["--render-once", "120x40"],
        &["--render-once", "80x24"],
        &["--lang", "en", "--render-once", "100x30"],
        &["rules"],
    ]
    .iter()
    .map(|a| a.iter().map(|x| x.to_string()).collect())
    .collect();
    let mut seen = 0;
    for args in &runs {
        for lang in ["vi", "en"] {
            let o = s
                .capdo()
                .args(["--lang", lang])
                .args(args)
                .output()
                .expect("run");
            assert!(
                matches!(o.status.code(), Some(0..=2)),
                "{args:?}: {}",
                describe(&o)
            );
            let out = String::from_utf8_lossy(&o.stdout).into_owned();
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            assert!(
                raw_controls(&out).is_empty(),
                "{args:?} printed {:?}",
                raw_controls(&out)
            );
            assert!(raw_controls(&err).is_empty(), "{args:?}: {err:?}");
            if out.contains("pwned") {
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 6,
        "the hostile text was shown (made safe) only {seen} times"
    );
    // reports written to files: Markdown read later with `cat`
    for (args, file) in [
        (
            &["report", "annual", "--period", "2026", "-o", "a.md"][..],
            "a.md",
        ),
        (
            &["report", "quarterly", "--period", "2026-Q4", "-o", "q.md"],
            "q.md",
        ),
    ] {
        s.ok(args);
        let text = std::fs::read_to_string(s.path(file)).expect("report");
        assert!(
            raw_controls(&text).is_empty(),
            "{file}: {:?}",
            raw_controls(&text)
        );
    }
    // machine-readable output keeps the data, escaped as JSON (`\u009b`): valid JSON with the
    // same text, and nothing raw
    for args in [
        &["systems", "--json"][..],
        &["due", "--json", "--all"],
        &["log", "--json"],
    ] {
        let out = s.ok(args);
        assert!(
            raw_controls(&out).is_empty(),
            "{args:?}: {:?}",
            raw_controls(&out)
        );
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        if args[0] == "systems" {
            assert!(v.to_string().contains("\\u001b[2J"), "the data is kept");
        }
    }
}

// ------------------------------------------------------------------ bundles

#[test]
fn a_bundle_names_no_path() {
    let s = Sandbox::new();
    let before: Vec<_> = std::fs::read_dir(s.dir.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    s.ok(&["systems"]);
    let mut doc: serde_json::Value = serde_json::from_slice(&sample_bundle()).expect("bundle json");
    for unit in [
        "../../../../tmp/capdo-evil",
        "/tmp/capdo-evil",
        "..\\..\\evil",
        "a/../../b",
    ] {
        doc["manifest"]["unit"] = unit.into();
        doc["manifest"]["path"] = "../../../../tmp/capdo-evil-path".into();
        doc["manifest"]["file"] = "/tmp/capdo-evil-file".into();
        s.write("u.capdo.json", &serde_json::to_vec(&doc).expect("json"));
        let o = s.run(&["--lang", "en", "merge", "u.capdo.json"]);
        assert!(
            o.status.code() != Some(0) || stdout(&o).contains("Merged"),
            "{}",
            describe(&o)
        );
        for p in [
            "/tmp/capdo-evil",
            "/tmp/capdo-evil-path",
            "/tmp/capdo-evil-file",
        ] {
            assert!(!std::path::Path::new(p).exists(), "{p} was written");
        }
    }
    // writing a bundle creates exactly the file named on the command line
    s.conn()
        .execute("UPDATE profile SET unit_name = 'UBND xã Thử'", [])
        .expect("name the unit");
    s.ok(&["bundle", "--force", "out.capdo.json"]);
    let mut after: Vec<_> = std::fs::read_dir(s.dir.path())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !before.iter().any(|b| b.to_string_lossy() == *n))
        .collect();
    after.sort();
    assert_eq!(
        after,
        vec!["capdo.sqlite3", "out.capdo.json", "u.capdo.json"],
        "files created"
    );
}

// ------------------------------------------------------------------ fuzz findings

/// Inputs the long fuzz runs found (`fuzz/run.sh`), kept so that they stay handled.
#[test]
fn fuzz_findings_stay_refused_clearly() {
    // a sheet whose cell reference has so many column letters that calamine 0.38's column
    // arithmetic overflows (a panic with overflow checks, a wrapped number without): refused
    // as an unreadable workbook, nothing written, no crash
    let s = Sandbox::new();
    let bytes = include_bytes!("../fixtures/fuzz/xlsx-cell-ref-overflow.xlsx");
    s.write("found.xlsx", bytes);
    let o = s.run(&["--lang", "en", "import", "found.xlsx"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    let err = stderr(&o);
    assert!(err.contains("found.xlsx"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(s.ok(&["systems", "--json"]).trim(), "[]");
}
