//! Consolidation through the command line: `capdo bundle` writes one unit's data with a
//! manifest; `capdo merge` brings several units into one store keyed by unit, refuses a
//! tampered or malformed bundle (the store's bytes stay as they were), reports conflicts, and
//! replaces a unit's records with a newer bundle.

use crate::common::sandbox;

use assert_cmd::Command;
use serde_json::Value;

const TODAY: &str = "2026-11-29";
const UNIT_A: &str = "UBND xã Mẫu An (MẪU)";
const UNIT_B: &str = "UBND xã Mẫu Bình (MẪU)";

/// The shared sandbox (`common::sandbox`), with the calls these tests make.
struct Sandbox(sandbox::Sandbox);

impl std::ops::Deref for Sandbox {
    type Target = sandbox::Sandbox;
    fn deref(&self) -> &sandbox::Sandbox {
        &self.0
    }
}

impl Sandbox {
    /// Stores a.db (the sample commune) and b.db (the same data under another unit name),
    /// each bundled: a.json, b.json.
    fn new() -> Sandbox {
        let s = Sandbox(sandbox::Sandbox::new());
        s.on("a.db", TODAY)
            .args(["--demo", "export", "demo.json"])
            .assert()
            .success();
        let mut v: Value =
            serde_json::from_slice(&std::fs::read(s.path("demo.json")).unwrap()).unwrap();
        v["profile"]["unit_name"] = UNIT_B.into();
        std::fs::write(s.path("b-store.json"), serde_json::to_vec(&v).unwrap()).unwrap();
        s.on("a.db", TODAY)
            .args(["import", "demo.json"])
            .assert()
            .success();
        s.on("b.db", TODAY)
            .args(["import", "b-store.json"])
            .assert()
            .success();
        s.on("a.db", TODAY)
            .args(["bundle", "a.json"])
            .assert()
            .success();
        s.on("b.db", TODAY)
            .args(["bundle", "b.json"])
            .assert()
            .success();
        s
    }

    /// The binary on the store `db` at `today`.
    fn on(&self, db: &str, today: &str) -> Command {
        let mut c = Command::from_std(self.bare());
        c.arg("--db").arg(self.path(db)).args(["--today", today]);
        c
    }

    fn prov(&self) -> Command {
        self.on("prov.db", TODAY)
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    fn text(&self, name: &str) -> String {
        String::from_utf8(self.read(name)).unwrap()
    }

    fn systems(&self, db: &str, extra: &[&str]) -> Vec<Value> {
        let out = self
            .on(db, TODAY)
            .args(["systems", "--json"])
            .args(extra)
            .assert()
            .success();
        let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        v.as_array().unwrap().clone()
    }

    /// The store's files (main, WAL) as bytes, to compare before and after.
    fn store_bytes(&self, db: &str) -> Vec<Option<Vec<u8>>> {
        ["", "-wal"]
            .iter()
            .map(|s| std::fs::read(self.path(&format!("{db}{s}"))).ok())
            .collect()
    }

    /// A prov.db holding both units.
    fn merged(&self) {
        self.prov()
            .args(["merge", "a.json", "b.json"])
            .assert()
            .success();
    }

    /// Changes unit B's store on `today` (a new system, and the Wi-Fi's level 1 → 2) and
    /// bundles it again as `file`.
    fn change_b(&self, today: &str, file: &str) {
        let _ = std::fs::remove_file(self.path("t.csv"));
        self.on("b.db", today)
            .args(["template", "t.csv"])
            .assert()
            .success();
        let mut csv = self.text("t.csv");
        csv.push_str("MB-NEW,Hệ thống mới của xã Mẫu Bình,UBND xã Mẫu Bình,Văn phòng,sở hữu,2,đang lập,,,chưa triển khai,,1/1/2026,Lê Văn B,\r\n");
        csv.push_str("MA-WIFI,Wi-Fi công cộng miễn phí,UBND xã Mẫu An (MẪU),Doanh nghiệp viễn thông (thuê),sở hữu,2,đang lập,,,chưa triển khai,,1/6/2022,Lê Văn Mẫu,Dữ liệu mẫu (MẪU)\r\n");
        std::fs::write(self.path("t.csv"), csv).unwrap();
        self.on("b.db", today)
            .args(["import", "t.csv"])
            .assert()
            .success();
        self.on("b.db", today)
            .args(["bundle", file])
            .assert()
            .success();
    }

    /// The change log of a store, from its JSON export.
    fn log(&self, db: &str) -> Vec<Value> {
        let out = format!("{db}.log.json");
        let _ = std::fs::remove_file(self.path(&out));
        self.on(db, TODAY).args(["export", &out]).assert().success();
        let v: Value = serde_json::from_slice(&self.read(&out)).unwrap();
        v["change_log"].as_array().unwrap().clone()
    }
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

#[test]
fn a_bundle_has_a_manifest_whose_hash_covers_the_content() {
    let s = Sandbox::new();
    let v: Value = serde_json::from_slice(&s.read("a.json")).unwrap();
    assert_eq!(v["format"], "capdo-bundle");
    assert_eq!(v["version"], 1);
    let m = &v["manifest"];
    assert_eq!(m["unit"], UNIT_A);
    assert_eq!(m["tier"], "commune");
    assert_eq!(m["parent_authority"], "UBND tỉnh Mẫu Sơn (MẪU)");
    assert_eq!(m["created_at"], "2026-11-29T00:00:00");
    assert_eq!(m["counts"]["systems"], 16);
    let content = v["content"].as_str().unwrap();
    use sha2::Digest;
    let h = sha2::Sha256::digest(content.as_bytes());
    let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(m["content_sha256"], hex);
    let inner: Value = serde_json::from_str(content).unwrap();
    assert_eq!(inner["format"], "capdo-store");
    assert_eq!(inner["profile"]["unit_name"], UNIT_A);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.path("a.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // an existing file is kept unless --force
    let a = s
        .on("a.db", TODAY)
        .args(["bundle", "a.json"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("--force"));
    s.on("a.db", TODAY)
        .args(["bundle", "a.json", "--force"])
        .assert()
        .success();
    // a store without a unit name cannot be bundled
    let a = s
        .on("empty.db", TODAY)
        .args(["bundle", "e.json"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("chưa có tên đơn vị"), "{}", stderr(&a));
    assert!(!s.path("e.json").exists());
}

#[test]
fn two_units_merge_into_one_store() {
    let s = Sandbox::new();
    let a = s
        .prov()
        .args(["merge", "a.json", "b.json"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.contains(&format!("Đã gộp đơn vị \"{UNIT_A}\" (a.json): 16 hệ thống")),
        "{out}"
    );
    assert!(
        out.contains(&format!("Đã gộp đơn vị \"{UNIT_B}\" (b.json): 16 hệ thống")),
        "{out}"
    );
    assert!(out.contains("3 dự án"), "what is left out is said: {out}");
    let all = s.systems("prov.db", &[]);
    assert_eq!(all.len(), 32);
    let units: std::collections::BTreeSet<&str> =
        all.iter().map(|x| x["unit"].as_str().unwrap()).collect();
    assert_eq!(units.into_iter().collect::<Vec<_>>(), vec![UNIT_A, UNIT_B]);
    // history follows the systems
    let lan_b = all
        .iter()
        .find(|x| x["unit"] == UNIT_B && x["code"] == "MA-LAN")
        .unwrap();
    assert_eq!(lan_b["last_assessed_on"], "2024-10-15");
    assert_eq!(lan_b["next_assessment_on"], "2026-10-15");
    // --unit filters, by exact name or without diacritics
    assert_eq!(s.systems("prov.db", &["--unit", UNIT_B]).len(), 16);
    let only_b = s.systems("prov.db", &["--unit", "ubnd xa mau binh (mau)"]);
    assert!(only_b.iter().all(|x| x["unit"] == UNIT_B));
    let a = s
        .prov()
        .args(["systems", "--unit", "UBND xã Khác"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains(UNIT_A) && stderr(&a).contains(UNIT_B));
    // the tables show a unit column
    let a = s.prov().args(["systems"]).assert().success();
    assert!(stdout(&a).lines().next().unwrap().starts_with("Đơn vị"));
    let a = s.prov().args(["due", "--unit", UNIT_A]).assert().success();
    let t = stdout(&a);
    assert!(t.contains("Đơn vị"), "{t}");
    assert!(!t.contains(UNIT_B), "{t}");
    // due --json keeps exactly its keys, and the filter applies there too
    let out = s
        .prov()
        .args(["due", "--json", "--all", "--unit", UNIT_B])
        .assert()
        .success();
    let items: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let items = items.as_array().unwrap();
    assert!(!items.is_empty());
    for it in items {
        let keys: Vec<&str> = it.as_object().unwrap().keys().map(String::as_str).collect();
        let mut keys = keys;
        keys.sort_unstable();
        assert_eq!(
            keys,
            vec![
                "basis",
                "days_left",
                "due_on",
                "kind",
                "status",
                "system",
                "title"
            ]
        );
    }
    let all_items: Value = serde_json::from_slice(
        &s.prov()
            .args(["due", "--json", "--all"])
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    let a_items = s
        .prov()
        .args(["due", "--json", "--all", "--unit", UNIT_A])
        .assert()
        .success();
    let a_items: Value = serde_json::from_slice(&a_items.get_output().stdout).unwrap();
    assert_eq!(a_items.as_array().unwrap().len(), items.len());
    assert!(all_items.as_array().unwrap().len() >= items.len() * 2);
    // the merge is in the change log, one entry per unit, with the bundle's hash
    let log = s.log("prov.db");
    let merges: Vec<&Value> = log.iter().filter(|e| e["entity"] == "unit").collect();
    assert_eq!(merges.len(), 2);
    assert_eq!(merges[0]["action"], "merge");
    assert_eq!(merges[0]["entity_key"], UNIT_A);
    let new: Value = serde_json::from_str(merges[0]["new"].as_str().unwrap()).unwrap();
    let manifest: Value = serde_json::from_slice(&s.read("a.json")).unwrap();
    assert_eq!(new["sha256"], manifest["manifest"]["content_sha256"]);
    assert_eq!(new["systems"], 16);
    // the chain is intact: the store restores elsewhere
    s.on("copy.db", TODAY)
        .args(["import", "prov.db.log.json"])
        .assert()
        .success();
    // merging the same bundles again changes nothing
    let a = s
        .prov()
        .args(["merge", "a.json", "b.json"])
        .assert()
        .success();
    assert!(stdout(&a).contains("không thay đổi"), "{}", stdout(&a));
    assert_eq!(s.log("prov.db").len(), log.len());
}

#[test]
fn a_tampered_bundle_is_refused_and_the_store_is_unchanged() {
    let s = Sandbox::new();
    s.prov().args(["merge", "a.json"]).assert().success();
    let before = s.store_bytes("prov.db");
    let text = s.text("b.json");
    let v: Value = serde_json::from_str(&text).unwrap();

    // one byte of the content: "MA-LAN" → "MA-LAM" inside the content string
    let at = text.find("\"content\"").unwrap();
    let pos = at + text[at..].find("MA-LAN").unwrap() + 5;
    let mut bytes = text.clone().into_bytes();
    bytes[pos] = b'M';
    std::fs::write(s.path("t1.json"), &bytes).unwrap();
    // the hash
    let mut t = v.clone();
    let h = t["manifest"]["content_sha256"].as_str().unwrap().to_owned();
    let flipped = if h.starts_with('0') { "1" } else { "0" };
    t["manifest"]["content_sha256"] = format!("{flipped}{}", &h[1..]).into();
    std::fs::write(s.path("t2.json"), serde_json::to_vec(&t).unwrap()).unwrap();
    // a manifest that names a path, and one without a unit
    let mut t = v.clone();
    t["manifest"]["path"] = "../../etc/passwd".into();
    std::fs::write(s.path("t3.json"), serde_json::to_vec(&t).unwrap()).unwrap();
    let mut t = v.clone();
    t["manifest"]["unit"] = "  ".into();
    std::fs::write(s.path("t4.json"), serde_json::to_vec(&t).unwrap()).unwrap();
    // a manifest claiming another unit than its content
    let mut t = v.clone();
    t["manifest"]["unit"] = "../../UBND xã Giả".into();
    std::fs::write(s.path("t5.json"), serde_json::to_vec(&t).unwrap()).unwrap();

    for (file, needle) in [
        ("t1.json", "không khớp"),
        ("t2.json", "không khớp"),
        ("t3.json", "manifest.path"),
        ("t4.json", "manifest.unit"),
        ("t5.json", "bản kê khai ghi đơn vị"),
    ] {
        let a = s.prov().args(["merge", file]).assert().code(1);
        let e = stderr(&a);
        assert!(e.contains(file) && e.contains(needle), "{file}: {e}");
        assert!(e.contains("kho không thay đổi"), "{file}: {e}");
        assert_eq!(s.store_bytes("prov.db"), before, "{file}");
        // with a good bundle beside it: all or nothing
        let a = s.prov().args(["merge", "b.json", file]).assert().code(1);
        assert!(stderr(&a).contains(file));
        assert_eq!(s.store_bytes("prov.db"), before, "{file} with b.json");
    }
    assert_eq!(s.systems("prov.db", &[]).len(), 16);
    // English
    let a = s
        .prov()
        .args(["--lang", "en", "merge", "t2.json"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("the content hash does not match"),
        "{}",
        stderr(&a)
    );
    // not a bundle at all
    let a = s.prov().args(["merge", "demo.json"]).assert().code(1);
    assert!(stderr(&a).contains("không phải gói dữ liệu capdo"));
    assert_eq!(s.store_bytes("prov.db"), before);
}

#[test]
fn conflicts_are_reported_and_nothing_is_written() {
    let s = Sandbox::new();
    s.merged();
    let before = s.store_bytes("prov.db");
    // the same unit twice with different content
    s.change_b("2026-11-30", "b2.json");
    let a = s
        .prov()
        .args(["merge", "b.json", "b2.json"])
        .assert()
        .code(1);
    assert!(
        stderr(&a).contains("b.json và b2.json: cùng đơn vị"),
        "{}",
        stderr(&a)
    );
    assert_eq!(s.store_bytes("prov.db"), before);
    // a bundle of the store's own unit
    let a = s
        .on("a.db", TODAY)
        .args(["merge", "a.json"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("chính đơn vị này"), "{}", stderr(&a));
    // an older bundle than the one merged
    s.on("b.db", "2026-11-28")
        .args(["bundle", "b-old.json"])
        .assert()
        .success();
    let a = s.prov().args(["merge", "b-old.json"]).assert().code(1);
    assert!(stderr(&a).contains("cũ hơn gói đã gộp"), "{}", stderr(&a));
    assert_eq!(s.store_bytes("prov.db"), before);
    // the same bundle twice in one merge is taken once
    let a = s
        .prov()
        .args(["merge", "b.json", "b.json"])
        .assert()
        .success();
    assert!(stdout(&a).contains("không thay đổi"));
    // read-only mode refuses a merge
    let a = s
        .prov()
        .args(["--read-only", "merge", "b2.json"])
        .assert()
        .code(5);
    assert!(stderr(&a).contains("--read-only"));
    assert_eq!(s.store_bytes("prov.db"), before);
    // dry run writes nothing
    let a = s
        .prov()
        .args(["merge", "b2.json", "--dry-run"])
        .assert()
        .success();
    assert!(stdout(&a).contains("Chạy thử"));
    assert_eq!(s.store_bytes("prov.db"), before);
}

#[test]
fn a_newer_bundle_replaces_the_units_records() {
    let s = Sandbox::new();
    s.merged();
    // unit B changes: a new system, a level changed
    s.change_b("2026-11-30", "b2.json");
    let a = s
        .on("prov.db", "2026-11-30")
        .args(["merge", "b2.json"])
        .assert()
        .success();
    let out = stdout(&a);
    assert!(
        out.contains(&format!("Đã thay dữ liệu đơn vị \"{UNIT_B}\"")),
        "{out}"
    );
    assert!(out.contains("hệ thống 16 → 17"), "{out}");
    assert!(out.contains("hệ thống mới: MB-NEW"), "{out}");
    assert!(out.contains("thay đổi MA-WIFI: level"), "{out}");
    let b = s.systems("prov.db", &["--unit", UNIT_B]);
    assert_eq!(b.len(), 17);
    let wifi = b.iter().find(|x| x["code"] == "MA-WIFI").unwrap();
    assert_eq!(wifi["level"], 2);
    // unit A is untouched
    let a_sys = s.systems("prov.db", &["--unit", UNIT_A]);
    assert_eq!(a_sys.len(), 16);
    assert_eq!(
        a_sys.iter().find(|x| x["code"] == "MA-WIFI").unwrap()["level"],
        1
    );
    // incidents were replaced, not doubled: due --all has the same incident items per unit
    let log = s.log("prov.db");
    let last = log.iter().rev().find(|e| e["entity"] == "unit").unwrap();
    assert_eq!(last["entity_key"], UNIT_B);
    let old: Value = serde_json::from_str(last["old"].as_str().unwrap()).unwrap();
    let new: Value = serde_json::from_str(last["new"].as_str().unwrap()).unwrap();
    assert_eq!(old["systems"], 16);
    assert_eq!(new["systems"], 17);
    assert_eq!(new["incidents"], 2);
    assert_eq!(new["added"], serde_json::json!(["MB-NEW"]));
    // the older bundle of B is now refused
    let a = s
        .on("prov.db", "2026-11-30")
        .args(["merge", "b.json"])
        .assert()
        .code(1);
    assert!(stderr(&a).contains("cũ hơn"));
}

#[test]
fn reports_cover_merged_units() {
    let s = Sandbox::new();
    s.merged();
    let out = s
        .prov()
        .args(["report", "annual", "--format", "json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["figures"]["tong_so_httt"], 20);
    let rows = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap())
        .find(|b| b["key"] == "systems")
        .unwrap()["rows"]
        .as_array()
        .unwrap()
        .clone();
    assert!(rows.iter().any(|r| r["unit"] == UNIT_B));
}
