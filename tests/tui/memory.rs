//! The officer's memory outside the dashboard, on the real binary: the calendar feed
//! (`export FILE.ics`, read back with an iCalendar parser capdo does not use), `check --quiet`,
//! the evidence register and the handover pack.

use crate::common;
use std::path::Path;

use crate::common::sandbox::*;

/// A sandbox whose store holds the sample commune (through the JSON export of `--demo`).
fn sample() -> Sandbox {
    let s = Sandbox::new();
    let o = s
        .capdo()
        .args(["--demo", "export", "sample.json"])
        .output()
        .expect("export");
    assert!(o.status.success(), "{}", describe(&o));
    s.ok(&["import", "sample.json"]);
    s
}

fn due_all(s: &Sandbox, db: &Path) -> Vec<serde_json::Value> {
    let o = s
        .on(db)
        .args(["due", "--all", "--json"])
        .output()
        .expect("due");
    assert!(o.status.success(), "{}", describe(&o));
    serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout).expect("json")
}

// ---------------------------------------------------------------------------------------------
// the calendar feed

/// One VEVENT as the independent parser gives it: name → (parameters, value).
struct Event {
    props: Vec<ical::property::Property>,
    alarms: Vec<Vec<ical::property::Property>>,
}

impl Event {
    fn get(&self, name: &str) -> String {
        self.props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    }
    fn is_date(&self, name: &str) -> bool {
        self.props.iter().any(|p| {
            p.name == name
                && p.params
                    .as_ref()
                    .is_some_and(|ps| ps.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]))
        })
    }
}

/// RFC 5545 TEXT unescaping (the parser hands values over as written).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn parse_ics(bytes: &[u8]) -> Vec<Event> {
    let mut cals: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(bytes))
        .collect::<Result<Vec<_>, _>>()
        .expect("the calendar parses");
    assert_eq!(cals.len(), 1);
    let cal = cals.remove(0);
    cal.events
        .into_iter()
        .map(|e| Event {
            props: e.properties,
            alarms: e.alarms.into_iter().map(|a| a.properties).collect(),
        })
        .collect()
}

/// Every physical line is CRLF-terminated, at most 75 octets, and whole UTF-8 on its own.
fn assert_wire_format(bytes: &[u8]) {
    assert!(bytes.ends_with(b"\r\n"));
    for (i, line) in bytes[..bytes.len() - 1].split(|&b| b == b'\n').enumerate() {
        assert!(line.ends_with(b"\r"), "line {i} does not end in CRLF");
        let line = &line[..line.len() - 1];
        assert!(line.len() <= 75, "line {i}: {} octets", line.len());
        assert!(
            std::str::from_utf8(line).is_ok(),
            "line {i} splits a UTF-8 sequence"
        );
    }
}

#[test]
fn the_calendar_matches_due_all_item_for_item_and_keeps_its_uids() {
    let s = sample();
    s.ok(&["export", "a.ics"]);
    let a = std::fs::read(s.path("a.ics")).expect("a.ics");
    assert_wire_format(&a);
    let events = parse_ics(&a);
    let items: Vec<_> = due_all(&s, &s.db())
        .into_iter()
        .filter(|v| !v["due_on"].is_null())
        .collect();
    assert!(items.len() > 10, "{}", items.len());
    assert_eq!(events.len(), items.len());
    let mut timed = 0;
    for (e, v) in events.iter().zip(&items) {
        assert_eq!(
            unescape(&e.get("SUMMARY")),
            v["title"].as_str().unwrap_or("")
        );
        let due = v["due_on"].as_str().unwrap_or("").replace('-', "");
        let start = e.get("DTSTART");
        if v["kind"] == "incident" {
            // an incident clock is a timed event on its day
            assert!(!e.is_date("DTSTART"));
            assert!(start.starts_with(&format!("{due}T")), "{start}");
            timed += 1;
        } else {
            assert!(e.is_date("DTSTART"), "{start}");
            assert_eq!(start, due);
        }
        let desc = unescape(&e.get("DESCRIPTION"));
        assert!(desc.contains(v["basis"].as_str().unwrap_or("?")), "{desc}");
        if let Some(code) = v["system"].as_str() {
            assert!(desc.contains(code), "{desc}");
        }
        let status = match v["status"].as_str() {
            Some("overdue") => "quá hạn",
            Some("due_soon") => "sắp đến hạn",
            _ => "còn hạn",
        };
        assert!(desc.contains(&format!("Trạng thái: {status}")), "{desc}");
        let triggers: Vec<String> = e
            .alarms
            .iter()
            .map(|a| {
                a.iter()
                    .find(|p| p.name == "TRIGGER")
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(triggers, ["-P7D", "-P1D"]);
    }
    assert!(timed > 0, "the sample has open incident clocks");
    let uids: Vec<String> = events.iter().map(|e| e.get("UID")).collect();
    let unique: std::collections::HashSet<_> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique");

    // a second export of the same store: the same UIDs
    s.ok(&["export", "b.ics", "--remind", "14,3,1"]);
    let b = parse_ics(&std::fs::read(s.path("b.ics")).expect("b.ics"));
    assert_eq!(b.iter().map(|e| e.get("UID")).collect::<Vec<_>>(), uids);
    assert_eq!(b[0].alarms.len(), 3);

    // renaming a system changes its titles, not its UIDs
    let first = &items[0];
    let code = first["system"].as_str().expect("a system item first");
    s.write(
        "rename.csv",
        format!("code,name\n{code},Tên mới của hệ thống\n").as_bytes(),
    );
    s.ok(&["import", "rename.csv"]);
    s.ok(&["export", "c.ics"]);
    let c = parse_ics(&std::fs::read(s.path("c.ics")).expect("c.ics"));
    let renamed = c
        .iter()
        .find(|e| unescape(&e.get("SUMMARY")).contains("Tên mới của hệ thống"))
        .expect("the renamed system's event");
    assert!(uids.contains(&renamed.get("UID")));
    let mut after: Vec<String> = c.iter().map(|e| e.get("UID")).collect();
    let mut before = uids.clone();
    after.sort();
    before.sort();
    assert_eq!(after, before);

    // --remind belongs to calendars only
    let o = s.run(&["export", "x.csv", "--remind", "3"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(!s.path("x.csv").exists());
}

// ---------------------------------------------------------------------------------------------
// reminders at login

#[test]
fn check_quiet_prints_nothing_when_nothing_is_due_else_one_line() {
    // an empty store, a short window: nothing due, nothing printed, exit 0
    let s = Sandbox::new();
    let o = s.run(&["check", "--quiet", "--within", "5"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(
        o.stdout.is_empty() && o.stderr.is_empty(),
        "{}",
        describe(&o)
    );
    // without --quiet the line is there
    let o = s.run(&["check", "--within", "5"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o).lines().count(), 1);
    // the sample: overdue items, one line, exit 2 like `check`
    let s = sample();
    let o = s.run(&["check", "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("capdo: ") && out.contains("quá hạn"),
        "{out}"
    );
    assert_eq!(out, stdout(&s.run(&["check"])));
}

// ---------------------------------------------------------------------------------------------
// the evidence register

/// The bytes of the store and its side files, to show a command wrote nothing.
fn store_bytes(s: &Sandbox) -> Vec<Vec<u8>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|x| std::fs::read(side(&s.db(), x)).unwrap_or_default())
        .collect()
}

/// The sample store with three documents: two under the evidence root (one proving the
/// approval step of MA-DATA, one its assessment), one outside it.
fn with_evidence() -> Sandbox {
    let s = sample();
    std::fs::create_dir_all(s.path("ho-so/2026")).expect("mkdir");
    s.write(
        "ho-so/2026/QĐ 12-QĐ-UBND.pdf",
        b"%PDF-1.4 quyet dinh phe duyet cap do",
    );
    s.write(
        "ho-so/bao-cao-danh-gia.pdf",
        b"%PDF-1.4 bao cao danh gia 2025",
    );
    s.write("quy-che.docx", b"PK quy che bao dam an toan");
    let root = s.path("ho-so");
    let root = root.to_str().expect("utf-8");
    let add = |args: &[&str]| {
        let mut v = vec!["evidence", "--evidence-root", root, "add"];
        v.extend_from_slice(args);
        s.ok(&v)
    };
    let out = add(&[
        "MA-DATA",
        "ho-so/2026/QĐ 12-QĐ-UBND.pdf",
        "--kind",
        "decision",
        "--ref",
        "12/QĐ-UBND",
        "--on",
        "01/02/2026",
        "--step",
        "approved",
    ]);
    assert!(
        out.contains("#1") && out.contains("2026/QĐ 12-QĐ-UBND.pdf"),
        "{out}"
    );
    add(&[
        "MA-DATA",
        "ho-so/bao-cao-danh-gia.pdf",
        "--kind",
        "assessment",
        "--assessment",
        "20/01/2025",
    ]);
    add(&[
        "MA-LAN",
        "quy-che.docx",
        "--kind",
        "regulation",
        "--note",
        "bản ký",
    ]);
    s
}

fn evidence_json(s: &Sandbox) -> Vec<serde_json::Value> {
    serde_json::from_str(&s.ok(&["evidence", "list", "--json"])).expect("json")
}

#[test]
fn evidence_is_registered_with_its_hash_and_logged() {
    let s = with_evidence();
    let rows = evidence_json(&s);
    assert_eq!(rows.len(), 3);
    let by_path = |p: &str| {
        rows.iter()
            .find(|r| r["path"].as_str().is_some_and(|x| x.ends_with(p)))
            .unwrap_or_else(|| panic!("{p}"))
            .clone()
    };
    let qd = by_path("2026/QĐ 12-QĐ-UBND.pdf");
    assert_eq!(qd["path"], "2026/QĐ 12-QĐ-UBND.pdf");
    assert_eq!(qd["under_root"], true);
    assert_eq!(qd["kind"], "decision");
    assert_eq!(qd["reference"], "12/QĐ-UBND");
    assert_eq!(qd["on"], "2026-02-01");
    assert_eq!(qd["proves"], "step");
    assert_eq!(qd["size"], 36);
    // the SHA-256 of the bytes (sha256sum agrees)
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(b"%PDF-1.4 quyet dinh phe duyet cap do")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(qd["sha256"], want.as_str());
    assert_eq!(by_path("bao-cao-danh-gia.pdf")["proves"], "assessment");
    let outside = by_path("quy-che.docx");
    assert_eq!(outside["under_root"], false);
    assert!(Path::new(outside["path"].as_str().unwrap_or("")).is_absolute());
    // only a system's
    let one: Vec<serde_json::Value> =
        serde_json::from_str(&s.ok(&["evidence", "list", "--system", "MA-LAN", "--json"]))
            .expect("json");
    assert_eq!(one.len(), 1);
    // logged in the hash chain
    let log = s.ok(&["log", "--system", "MA-DATA"]);
    assert!(log.contains("evidence"), "{log}");
    s.ok(&["verify"]);
    // refused: an unknown system, a record of another system, a bad kind, a missing file,
    // and under --read-only; nothing written
    let before = evidence_json(&s).len();
    for args in [
        vec!["evidence", "add", "NOPE", "quy-che.docx", "--kind", "other"],
        vec![
            "evidence",
            "add",
            "MA-LAN",
            "quy-che.docx",
            "--kind",
            "other",
            "--assessment",
            "20/01/2025",
        ],
        vec![
            "evidence",
            "add",
            "MA-LAN",
            "quy-che.docx",
            "--kind",
            "memo",
        ],
        vec![
            "evidence",
            "add",
            "MA-LAN",
            "khong-co.pdf",
            "--kind",
            "other",
        ],
    ] {
        let o = s.run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", describe(&o));
        assert!(!stderr(&o).is_empty());
    }
    let o = s.run(&[
        "--read-only",
        "evidence",
        "add",
        "MA-LAN",
        "quy-che.docx",
        "--kind",
        "other",
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", describe(&o));
    assert_eq!(evidence_json(&s).len(), before);
}

#[test]
fn evidence_check_names_each_changed_or_missing_file_and_writes_nothing() {
    let s = with_evidence();
    let root = s.path("ho-so");
    let root = root.to_str().expect("utf-8");
    let check = || {
        s.capdo()
            .args(["evidence", "check", "--evidence-root", root])
            .output()
            .expect("check")
    };
    let o = check();
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    assert!(stdout(&o).contains("3 tài liệu khớp"), "{}", stdout(&o));
    // CAPDO_EVIDENCE_ROOT works as the flag does
    let o = s
        .capdo()
        .env("CAPDO_EVIDENCE_ROOT", root)
        .args(["evidence", "check"])
        .output()
        .expect("check");
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));

    // one byte changed: exit 6 naming that file, and only it
    let qd = s.path("ho-so/2026/QĐ 12-QĐ-UBND.pdf");
    let mut bytes = std::fs::read(&qd).expect("read");
    bytes[10] ^= 0x01;
    std::fs::write(&qd, &bytes).expect("write");
    let before = store_bytes(&s);
    let o = check();
    assert_eq!(o.status.code(), Some(6), "{}", describe(&o));
    let out = stdout(&o);
    let bad: Vec<&str> = out.lines().filter(|l| l.starts_with('✖')).collect();
    assert_eq!(bad.len(), 1, "{out}");
    assert!(
        bad[0].contains("QĐ 12-QĐ-UBND.pdf") && bad[0].contains("đã thay đổi"),
        "{out}"
    );
    // a file deleted: named as missing
    std::fs::remove_file(s.path("quy-che.docx")).expect("rm");
    let o = s
        .capdo()
        .args(["--lang", "en", "evidence", "check", "--evidence-root", root])
        .output()
        .expect("check");
    assert_eq!(o.status.code(), Some(6), "{}", describe(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.contains("quy-che.docx") && l.contains("missing")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("QĐ 12-QĐ-UBND.pdf") && l.contains("changed"))
    );
    // checking wrote nothing: the store's bytes are the same
    assert_eq!(store_bytes(&s), before);
    // no root: the relative entries are named, not guessed
    let o = s.run(&["evidence", "check"]);
    assert_eq!(o.status.code(), Some(6), "{}", describe(&o));
    assert!(stdout(&o).contains("chưa đặt thư mục"), "{}", stdout(&o));
}

/// The dashboard's system detail lists the register (✔, with the record each proves) and the
/// claims without a document (✖), from the register as stored.
#[test]
fn the_system_detail_lists_evidence_and_gaps() {
    use capdo::domain::evidence::{EvidenceKind, Proves};
    use capdo::i18n::Lang;
    use capdo::store::{NewEvidence, Scope, WriteCtx};
    use capdo::tui::model::{Model, Target};
    use capdo::tui::theme::{Theme, ThemeName};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let ctx = WriteCtx {
        at: today.and_hms_opt(8, 0, 0).expect("time"),
        today,
        os_user: "test".into(),
    };
    let mut store = capdo::sample::demo_store(&ctx).expect("sample");
    let sys = store
        .system_by_code("MA-DATA")
        .expect("read")
        .expect("MA-DATA");
    let steps = store.steps_of(sys.id).expect("steps");
    let approved = steps
        .iter()
        .rev()
        .find(|s| s.state == capdo::domain::DossierState::Approved)
        .expect("an approval step");
    store
        .add_evidence(
            &ctx,
            &NewEvidence {
                system: "MA-DATA".into(),
                kind: EvidenceKind::Decision,
                path: "2026/QĐ 12-QĐ-UBND.pdf".into(),
                under_root: true,
                size: 36,
                mtime: None,
                sha256: "ab".repeat(32),
                reference: "12/QĐ-UBND".into(),
                on: chrono::NaiveDate::from_ymd_opt(2026, 2, 1),
                note: String::new(),
                proves: Some(Proves::Step(approved.id)),
            },
        )
        .expect("add");
    let data = store.load(Scope::Rules).expect("load");
    let rules =
        capdo::rules::RuleChoice::new(capdo::rules::Packs::embedded(), today, None).expect("rules");
    let snap = capdo::tui::snapshot::Snapshot::build(
        data,
        rules,
        capdo::domain::engine::Clock::on(today),
        capdo::tui::HORIZON,
    );
    let i = snap
        .data
        .systems
        .iter()
        .position(|s| s.code == "MA-DATA")
        .expect("in snapshot");
    let mut m = Model::new(
        snap,
        Lang::Vi,
        Theme::new(ThemeName::Mono),
        (120, 60),
        false,
    );
    let d = capdo::tui::open_detail(&store, &m, Target::System(i)).expect("detail");
    assert_eq!(d.evidence.len(), 1);
    m.detail = Some(d);
    let screen = capdo::tui::render_text(&m);
    let line = |needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in\n{screen}"))
            .to_owned()
    };
    assert!(screen.contains("── Tài liệu chứng minh"), "{screen}");
    let ok = line("✔ Quyết định 12/QĐ-UBND 01/02/2026");
    assert!(
        ok.contains("QĐ 12-QĐ-UBND.pdf → đã phê duyệt 20/09/2024"),
        "{ok}"
    );
    let gap = line("chưa có tài liệu chứng minh");
    assert!(gap.contains('✖'), "{gap}");
    insta::assert_snapshot!("vi_120x60_detail_evidence", screen);
}

/// The review report names the systems whose counted claim has no document.
#[test]
fn the_review_marks_claims_without_evidence() {
    let s = sample();
    let line = |out: &str, n: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("| {n} |")))
            .unwrap_or_else(|| panic!("no line {n} in\n{out}"))
            .to_owned()
    };
    let before = s.ok(&["report", "review"]);
    let approved = line(&before, "2");
    assert!(
        approved.contains("chưa có tài liệu chứng minh: MA-LAN, MA-KT"),
        "{approved}"
    );
    s.write("qd-lan.pdf", b"%PDF quyet dinh MA-LAN");
    s.ok(&[
        "evidence",
        "add",
        "MA-LAN",
        "qd-lan.pdf",
        "--kind",
        "decision",
    ]);
    let after = s.ok(&["report", "review"]);
    let approved = line(&after, "2");
    assert!(
        approved.contains("chưa có tài liệu chứng minh: MA-KT"),
        "{approved}"
    );
    assert!(!approved.contains("minh: MA-LAN"), "{approved}");
    // the plan line is unchanged: a decision does not prove a plan
    assert_eq!(line(&before, "3"), line(&after, "3"));
}

// ---------------------------------------------------------------------------------------------
// the handover pack

fn due_json_bytes(s: &Sandbox, db: &Path) -> Vec<u8> {
    let o = s.on(db).args(["due", "--json"]).output().expect("due");
    assert!(o.status.success(), "{}", describe(&o));
    o.stdout
}

/// The text of a .docx (word/document.xml): one string per paragraph, and one string per table
/// row (its cells' text joined with " | ").
fn docx_paragraphs_and_rows(path: &Path) -> (Vec<String>, Vec<String>) {
    use std::io::Read;
    let f = std::fs::File::open(path).expect("docx");
    let mut z = zip::ZipArchive::new(f).expect("a .docx is a zip");
    let mut xml = String::new();
    z.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8");
    let text = |part: &str| {
        let mut out = String::new();
        let mut rest = part;
        while let Some(i) = rest.find("<w:t") {
            let after = &rest[i + 4..];
            // <w:t> or <w:t xml:space="preserve">, not <w:tbl…>/<w:tc…>/<w:tr…>
            if !(after.starts_with('>') || after.starts_with(' ')) {
                rest = after;
                continue;
            }
            let Some(open_end) = after.find('>') else {
                break;
            };
            let body = &after[open_end + 1..];
            let Some(close) = body.find("</w:t>") else {
                break;
            };
            out.push_str(&body[..close]);
            rest = &body[close..];
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let paragraphs = xml
        .split("</w:p>")
        .map(text)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let rows = xml
        .split("</w:tr>")
        .map(|row| {
            row.split("</w:tc>")
                .map(text)
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    (paragraphs, rows)
}

#[test]
fn the_handover_pack_verifies_restores_and_names_every_overdue_item() {
    let s = with_evidence();
    let root = s.path("ho-so");
    let root = root.to_str().expect("utf-8");
    let out = s.ok(&["handover", "ban-giao", "--evidence-root", root]);
    assert!(out.contains("ban-giao"), "{out}");
    let pack = s.path("ban-giao");
    for f in [
        "BAN-GIAO.md",
        "BAN-GIAO.docx",
        "MANIFEST.sha256",
        "capdo.sqlite3",
        "bao-cao/ra-soat.md",
        "bao-cao/ra-soat.xlsx",
        "bao-cao/nam.md",
        "bao-cao/kinh-phi.xlsx",
        "evidence/so-tai-lieu.xlsx",
        "evidence/so-tai-lieu.csv",
        "evidence/MA-DATA/1-QĐ 12-QĐ-UBND.pdf",
    ] {
        assert!(pack.join(f).is_file(), "{f} missing from the pack");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&pack), 0o700);
        assert_eq!(mode(&pack.join("bao-cao")), 0o700);
        assert_eq!(mode(&pack.join("BAN-GIAO.md")), 0o600);
        assert_eq!(mode(&pack.join("BAN-GIAO.docx")), 0o600);
        assert_eq!(mode(&pack.join("capdo.sqlite3")), 0o600);
        assert_eq!(
            mode(&pack.join("evidence/MA-DATA/1-QĐ 12-QĐ-UBND.pdf")),
            0o600
        );
    }
    // the evidence copies are the documents
    assert_eq!(
        std::fs::read(pack.join("evidence/MA-DATA/1-QĐ 12-QĐ-UBND.pdf")).expect("copy"),
        std::fs::read(s.path("ho-so/2026/QĐ 12-QĐ-UBND.pdf")).expect("original")
    );
    let csv = std::fs::read_to_string(pack.join("evidence/so-tai-lieu.csv")).expect("csv");
    assert_eq!(csv.lines().count(), 4, "{csv}");
    // the manifest lists every other file, in sha256sum format, and both checkers agree
    let manifest = std::fs::read_to_string(pack.join("MANIFEST.sha256")).expect("manifest");
    for l in manifest.lines() {
        let (h, p) = l.split_once("  ").expect("two spaces");
        assert_eq!(h.len(), 64, "{l}");
        assert!(pack.join(p).is_file(), "{l}");
    }
    assert!(!manifest.contains("MANIFEST.sha256"));
    assert!(manifest.contains("  BAN-GIAO.docx\n"), "{manifest}");
    let o = s.run(&["handover", "--verify", "ban-giao"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    let o = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "MANIFEST.sha256"])
        .current_dir(&pack)
        .output()
        .expect("sha256sum");
    assert!(o.status.success(), "{}", describe(&o));
    // the summary names every overdue item, with its basis
    let summary = std::fs::read_to_string(pack.join("BAN-GIAO.md"))
        .expect("summary")
        .replace('\\', "");
    let overdue: Vec<serde_json::Value> = due_all(&s, &s.db())
        .into_iter()
        .filter(|v| v["status"] == "overdue")
        .collect();
    assert!(overdue.len() > 5);
    for v in &overdue {
        let title = v["title"].as_str().unwrap_or("?");
        let row = summary
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} not in the summary"));
        assert!(row.contains(v["basis"].as_str().unwrap_or("?")), "{row}");
    }
    for needle in [
        "Cán bộ bàn giao",
        "Sự cố đang xử lý",
        "Hồ sơ đề xuất cấp độ đang xử lý",
        "Tỷ lệ",
        "Văn bản nguồn",
        "Người phụ trách",
    ] {
        assert!(summary.contains(needle), "{needle}");
    }
    // the Word record is the same document: every overdue item in one table row with its basis,
    // under the Decree 30 header and title, signed by both officers
    let (paragraphs, rows) = docx_paragraphs_and_rows(&pack.join("BAN-GIAO.docx"));
    for v in &overdue {
        let title = v["title"].as_str().unwrap_or("?");
        let row = rows
            .iter()
            .find(|r| r.contains(title))
            .unwrap_or_else(|| panic!("{title} not in BAN-GIAO.docx"));
        assert!(row.contains(v["basis"].as_str().unwrap_or("?")), "{row}");
    }
    let text = paragraphs.join("\n");
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: ……/BB-UBND",
        "BIÊN BẢN BÀN GIAO",
        "II. VIỆC ĐÃ QUÁ HẠN",
        "IV. SỰ CỐ ĐANG XỬ LÝ VÀ THỜI HẠN BÁO CÁO",
        "Cán bộ bàn giao: ",
        "Người phụ trách",
        "Văn bản nguồn",
        "NGƯỜI TIẾP NHẬN",
        "NGƯỜI BÀN GIAO",
    ] {
        assert!(
            text.contains(needle),
            "{needle} not in BAN-GIAO.docx:\n{text}"
        );
    }
    // restored into an empty store: the same deadlines
    let fresh = s.path("nguoi-nhan.sqlite3");
    let o = s
        .on(&fresh)
        .arg("restore")
        .arg(pack.join("capdo.sqlite3"))
        .output()
        .expect("restore");
    assert!(o.status.success(), "{}", describe(&o));
    assert_eq!(due_json_bytes(&s, &fresh), due_json_bytes(&s, &s.db()));
    let o = s
        .on(&fresh)
        .args(["evidence", "list", "--json"])
        .output()
        .expect("list");
    assert_eq!(
        serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout)
            .expect("json")
            .len(),
        3
    );

    // a changed byte, a deleted file and an unlisted file are each named; exit 6
    let md = pack.join("bao-cao/nam.md");
    let mut b = std::fs::read(&md).expect("read");
    b[0] ^= 1;
    std::fs::write(&md, b).expect("write");
    std::fs::remove_file(pack.join("bao-cao/quy.xlsx")).expect("rm");
    std::fs::write(pack.join("ghi-chu.txt"), b"x").expect("write");
    let o = s.run(&["handover", "--verify", "ban-giao"]);
    assert_eq!(o.status.code(), Some(6), "{}", describe(&o));
    let out = stdout(&o);
    assert!(out.contains("✖ bao-cao/nam.md: đã thay đổi"), "{out}");
    assert!(out.contains("✖ bao-cao/quy.xlsx: không tìm thấy"), "{out}");
    assert!(out.contains("✖ ghi-chu.txt: không có trong"), "{out}");
    // a pack is never written over
    let o = s.run(&["handover", "ban-giao"]);
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
}

#[test]
fn the_zip_form_unzips_to_the_same_pack() {
    use std::io::Read;
    let s = sample();
    s.ok(&["handover", "goi", "--zip"]);
    assert!(!s.path("goi").exists());
    let f = std::fs::File::open(s.path("goi.zip")).expect("goi.zip");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = f.metadata().expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let mut z = zip::ZipArchive::new(f).expect("a zip");
    let mut files = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).expect("entry");
        assert_eq!(e.compression(), zip::CompressionMethod::Deflated);
        let name: String = e.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).expect("inflate");
        files.insert(name, bytes);
    }
    let manifest = String::from_utf8(files.get("goi/MANIFEST.sha256").expect("manifest").clone())
        .expect("utf-8");
    let mut listed = 0;
    use sha2::Digest;
    for l in manifest.lines() {
        let (h, p) = l.split_once("  ").expect("two spaces");
        let bytes = files
            .get(&format!("goi/{p}"))
            .unwrap_or_else(|| panic!("{p}"));
        let got: String = sha2::Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(got, h, "{p}");
        listed += 1;
    }
    assert_eq!(listed + 1, files.len());
    assert!(files.contains_key("goi/BAN-GIAO.md"));
    assert!(files.contains_key("goi/BAN-GIAO.docx"));
    assert!(files.contains_key("goi/capdo.sqlite3"));
    // unzipped to disk, the pack verifies
    let dir = s.path("mo-ra");
    for (name, bytes) in &files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, bytes).expect("write");
    }
    let o = s
        .capdo()
        .args(["handover", "--verify"])
        .arg(dir.join("goi"))
        .output()
        .expect("verify");
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
}

// ---------------------------------------------------------------------------------------------
// the dashboard

/// The store counts the claims without a document; registering one for a step counts one less.
#[test]
fn the_store_counts_evidence_gaps() {
    use capdo::domain::evidence::{EvidenceKind, Proves};
    use capdo::store::{NewEvidence, WriteCtx};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let ctx = WriteCtx {
        at: today.and_hms_opt(8, 0, 0).expect("time"),
        today,
        os_user: "test".into(),
    };
    let mut store = capdo::sample::demo_store(&ctx).expect("sample");
    let data = store.load(capdo::store::Scope::Full).expect("load");
    let claims = capdo::domain::evidence::claims(&data, capdo::i18n::Lang::Vi);
    let gaps = store.evidence_gaps().expect("gaps");
    assert_eq!(gaps, claims.len() as i64);
    assert!(gaps > 20, "{gaps}");
    let step = &data.steps[0];
    let code = data
        .systems
        .iter()
        .find(|s| s.id == step.system_id)
        .map(|s| s.code.clone())
        .expect("system");
    store
        .add_evidence(
            &ctx,
            &NewEvidence {
                system: code,
                kind: EvidenceKind::Decision,
                path: "/x/qd.pdf".into(),
                under_root: false,
                size: 1,
                mtime: None,
                sha256: "00".repeat(32),
                reference: String::new(),
                on: None,
                note: String::new(),
                proves: Some(Proves::Step(step.id)),
            },
        )
        .expect("add");
    assert_eq!(store.evidence_gaps().expect("gaps"), gaps - 1);
}

/// In a real terminal: the Overview shows the gaps as one line, and H writes the handover pack
/// to the folder the prompt names.
#[test]
fn the_dashboard_shows_gaps_and_h_writes_the_pack() {
    if !common::tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (the CI script installs it)");
        return;
    }
    let s = sample();
    let dir = s.dir.path();
    let bin = env!("CARGO_BIN_EXE_capdo");
    let script = format!(
        "cd '{d}' && HOME='{d}/home' CAPDO_CONFIG='{d}/config.toml' TERM=xterm-256color '{bin}' --db '{db}' --today 2026-11-29; sleep 60",
        d = dir.display(),
        db = s.db().display(),
    );
    let t = common::Tmux::start("handover", 80, 24, &script);
    let screen = t.wait_for("q thoát");
    assert!(screen.contains("bước chưa có tài liệu"), "{screen}");
    t.keys(&["H"]);
    let screen = t.wait_for("Lập gói bàn giao");
    assert!(screen.contains("ban-giao-2026-11-29"), "{screen}");
    t.keys(&["Enter"]);
    t.wait_for("Đã lập gói bàn giao");
    let o = s.run(&["handover", "--verify", "ban-giao-2026-11-29"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
    // a second time: the folder exists, the prompt stays open and says so
    t.keys(&["H"]);
    t.wait_for("Lập gói bàn giao");
    t.keys(&["Enter"]);
    t.wait_for("không trống");
    t.keys(&["Escape", "q"]);
}

#[test]
fn the_overview_line_reads_in_both_languages() {
    use capdo::i18n::Lang;
    use capdo::tui::model::Model;
    use capdo::tui::theme::{Theme, ThemeName};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let ctx = capdo::store::WriteCtx {
        at: today.and_hms_opt(8, 0, 0).expect("time"),
        today,
        os_user: "test".into(),
    };
    let store = capdo::sample::demo_store(&ctx).expect("sample");
    let data = store.load(capdo::store::Scope::Rules).expect("load");
    let rules =
        capdo::rules::RuleChoice::new(capdo::rules::Packs::embedded(), today, None).expect("rules");
    let snap = capdo::tui::snapshot::Snapshot::build(
        data,
        rules,
        capdo::domain::engine::Clock::on(today),
        capdo::tui::HORIZON,
    );
    for (lang, n, want) in [
        (
            Lang::Vi,
            12,
            "✖ Tài liệu chứng minh: 12 bước chưa có tài liệu",
        ),
        (Lang::En, 12, "✖ Evidence: 12 steps without a document"),
        (
            Lang::Vi,
            0,
            "✔ Tài liệu chứng minh: mọi bước đã có tài liệu",
        ),
    ] {
        let mut m = Model::new(
            snap.clone(),
            lang,
            Theme::new(ThemeName::Mono),
            (80, 24),
            false,
        );
        m.evidence_gaps = Some(n);
        let screen = capdo::tui::render_text(&m);
        assert!(screen.contains(want), "{want:?} not in\n{screen}");
    }
}

/// A document gone since it was registered: the pack is still made, and says so.
#[test]
fn the_pack_names_documents_it_could_not_copy() {
    let s = with_evidence();
    std::fs::remove_file(s.path("quy-che.docx")).expect("rm");
    let root = s.path("ho-so");
    s.ok(&[
        "handover",
        "goi",
        "--evidence-root",
        root.to_str().expect("utf-8"),
    ]);
    let pack = s.path("goi");
    let summary = std::fs::read_to_string(pack.join("BAN-GIAO.md")).expect("summary");
    let line = summary
        .lines()
        .find(|l| l.starts_with("- ✖ MA-LAN \\#3"))
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(line.contains("không tìm thấy tệp"), "{line}");
    let csv = std::fs::read_to_string(pack.join("evidence/so-tai-lieu.csv")).expect("csv");
    assert!(csv.contains("(không sao được)"), "{csv}");
    assert!(!pack.join("evidence/MA-LAN").exists());
    let o = s.run(&["handover", "--verify", "goi"]);
    assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
}

/// The register travels in the whole-store JSON: export, import into an empty store, same
/// register; the change log still verifies.
#[test]
fn the_register_travels_in_the_json_export() {
    let s = with_evidence();
    s.ok(&["export", "kho.json"]);
    let fresh = s.path("moi.sqlite3");
    let o = s
        .on(&fresh)
        .args(["import", "kho.json"])
        .output()
        .expect("import");
    assert!(o.status.success(), "{}", describe(&o));
    let list = |db: &Path| {
        let o = s
            .on(db)
            .args(["evidence", "list", "--json"])
            .output()
            .expect("list");
        assert!(o.status.success(), "{}", describe(&o));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("json")
    };
    assert_eq!(list(&fresh), list(&s.db()));
    assert_eq!(list(&fresh).as_array().map(Vec::len), Some(3));
    let o = s.on(&fresh).arg("verify").output().expect("verify");
    assert!(o.status.success(), "{}", describe(&o));
    // the same bytes when exported again (the writer is deterministic)
    let o = s
        .on(&fresh)
        .args(["export", "kho2.json"])
        .output()
        .expect("export");
    assert!(o.status.success(), "{}", describe(&o));
    let a: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path("kho.json")).expect("a")).expect("a");
    let b: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path("kho2.json")).expect("b")).expect("b");
    assert_eq!(a["evidence"], b["evidence"]);
    // a bad entry is refused by its path, nothing written
    let mut bad = a.clone();
    bad["evidence"][0]["sha256"] = serde_json::Value::from("xyz");
    s.write("bad.json", bad.to_string().as_bytes());
    let other = s.path("khac.sqlite3");
    let o = s
        .on(&other)
        .args(["import", "bad.json"])
        .output()
        .expect("import");
    assert_eq!(o.status.code(), Some(1), "{}", describe(&o));
    assert!(
        stderr(&o).contains("evidence[0].sha256") || stdout(&o).contains("evidence[0].sha256"),
        "{}",
        describe(&o)
    );
}
