//! Several capdo processes on one store: two imports at once lose nothing, the dashboard open
//! (a real one in tmux, and `--render-once` frames) while the shell imports, record loops in
//! parallel, and a store held busy past the timeout: a clear message, exit status 3, nothing
//! written, reads still served.

use crate::common;
use std::collections::BTreeMap;
use std::process::Child;
use std::time::{Duration, Instant};

use crate::common::sandbox::*;

/// Systems in the seeded store.
const N: usize = 150;

fn seeded() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "seed.csv",
        &csv(
            "code,name,level",
            (0..N).map(|i| format!("S{i:03},Hệ thống {i},2")),
        ),
    );
    s.ok(&["import", "seed.csv"]);
    s
}

/// Every local system: code → (owner, responsible).
fn systems(s: &Sandbox) -> BTreeMap<String, (String, String)> {
    let c = s.conn();
    let mut st = c
        .prepare("SELECT code, owner, responsible FROM system WHERE unit = ''")
        .expect("prepare");
    st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn verify(s: &Sandbox) {
    let o = s.run(&["verify"]);
    assert!(o.status.success(), "verify: {}", describe(&o));
    assert_eq!(integrity(&s.db()), "ok");
}

fn wait(mut c: Child, what: &str) -> std::process::Output {
    let _ = &mut c;
    let o = c.wait_with_output().expect("wait");
    assert!(o.status.success(), "{what}: {}", describe(&o));
    o
}

#[test]
fn two_imports_at_once_lose_no_update() {
    let s = seeded();
    let rounds = count_from_env("CAPDO_CONCURRENT_ROUNDS", 8);
    for round in 0..rounds {
        // one file sets every owner, the other every responsible person: both must stick
        s.write(
            "a.csv",
            &csv(
                "code,name,level,owner",
                (0..N)
                    .map(|i| format!("S{i:03},Hệ thống {i},2,Chủ quản A{round}"))
                    .chain((0..20).map(|i| format!("A{round}-{i},Mới A {i},1,x"))),
            ),
        );
        s.write(
            "b.csv",
            &csv(
                "code,name,level,responsible",
                (0..N)
                    .map(|i| format!("S{i:03},Hệ thống {i},2,Phụ trách B{round}"))
                    .chain((0..20).map(|i| format!("B{round}-{i},Mới B {i},1,y"))),
            ),
        );
        let a = s
            .capdo()
            .args(["import", "a.csv"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn a");
        let b = s
            .capdo()
            .args(["import", "b.csv"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn b");
        wait(a, "import a");
        wait(b, "import b");
        let all = systems(&s);
        assert_eq!(all.len(), N + 40 * (round + 1), "round {round}");
        for i in 0..N {
            let code = format!("S{i:03}");
            assert_eq!(
                all[&code],
                (format!("Chủ quản A{round}"), format!("Phụ trách B{round}")),
                "round {round}: {code} lost an update"
            );
        }
    }
    verify(&s);
    println!("{rounds} rounds of two concurrent imports: no update lost");
}

#[test]
fn record_loops_in_parallel_keep_every_acknowledged_record() {
    let s = seeded();
    let per = count_from_env("CAPDO_CONCURRENT_RECORDS", 12);
    let loops: Vec<std::thread::JoinHandle<Vec<String>>> = (0..3)
        .map(|l| {
            let db = s.db();
            let sb = Sandbox::new();
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                for i in 0..per {
                    let tag = format!("loop{l}-{i}");
                    let o = sb
                        .on(&db)
                        .args([
                            "record",
                            "assessment",
                            &format!("S{:03}", i % 3),
                            "--on",
                            "2026-11-01",
                            "--assessor",
                            &tag,
                        ])
                        .output()
                        .expect("record");
                    assert!(o.status.success(), "{tag}: {}", describe(&o));
                    acked.push(tag);
                }
                acked
            })
        })
        .collect();
    let mut acked = Vec::new();
    for h in loops {
        acked.extend(h.join().expect("loop"));
    }
    let c = s.conn();
    for tag in &acked {
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM assessment WHERE assessor = ?1",
                [tag],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(n, 1, "{tag}");
    }
    let log: i64 = c
        .query_row(
            "SELECT count(*) FROM change_log WHERE entity = 'assessment'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(log as usize, acked.len());
    verify(&s);
}

#[test]
fn dashboard_frames_while_the_shell_imports() {
    let s = seeded();
    let imports = count_from_env("CAPDO_CONCURRENT_ROUNDS", 8);
    let db = s.db();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let frames = {
        let stop = stop.clone();
        let sb = Sandbox::new();
        let db = db.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || n < 3 {
                let o = sb
                    .on(&db)
                    .args(["--render-once", "100x30"])
                    .output()
                    .expect("render");
                assert!(o.status.success(), "frame {n}: {}", describe(&o));
                assert!(!stdout(&o).is_empty());
                n += 1;
            }
            n
        })
    };
    for r in 0..imports {
        s.write(
            "x.csv",
            &csv(
                "code,name,level",
                (0..N).map(|i| format!("S{i:03},Hệ thống {i} v{r},{}", 1 + r % 3)),
            ),
        );
        s.ok(&["import", "x.csv"]);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let n = frames.join().expect("frames");
    println!("{n} dashboard frames drawn during {imports} imports");
    verify(&s);
}

#[test]
fn the_dashboard_open_in_a_terminal_while_the_shell_imports() {
    if !common::tmux_available() {
        eprintln!("tmux not available; skipped");
        return;
    }
    let s = seeded();
    let script = format!(
        "cd '{}' && HOME='{}' XDG_CONFIG_HOME='{}' NO_COLOR=1 '{}' --db '{}' --today {TODAY} --lang en; echo EXITED $? > '{}'; sleep 30",
        s.dir.path().display(),
        s.path("home").display(),
        s.path("xdg-config").display(),
        env!("CARGO_BIN_EXE_capdo"),
        s.db().display(),
        s.path("exit").display()
    );
    let t = common::Tmux::start("concurrency", 100, 30, &script);
    // the store has no unit name: the dashboard asks for it first; Esc skips it
    t.wait_for("Organisation profile");
    t.keys(&["Escape"]);
    t.wait_for(&format!("Owned systems: {N}"));
    for r in 0..5 {
        s.write(
            "x.csv",
            &csv(
                "code,name,level",
                (0..N)
                    .map(|i| format!("S{i:03},Hệ thống {i},2"))
                    .chain(std::iter::once(format!("T{r},Trong lúc mở {r},1"))),
            ),
        );
        s.ok(&["import", "x.csv"]);
        // the dashboard still answers: to the systems view and back
        t.keys(&["2"]);
        t.wait_for("S000");
        t.keys(&["1"]);
        t.wait_for("Owned systems");
    }
    t.keys(&["q"]);
    let exit = common::wait_file(&s.path("exit"));
    assert!(exit.contains("EXITED 0"), "{exit}");
    let all = systems(&s);
    assert_eq!(all.len(), N + 5);
    verify(&s);
}

#[test]
fn a_busy_store_is_refused_clearly_with_status_3() {
    let s = seeded();
    s.write(
        "new.csv",
        &csv("code,name,level", (0..5).map(|i| format!("N{i},Mới {i},1"))),
    );
    s.ok(&["backup", "b.sqlite3"]);
    let before = systems(&s);
    let holder = s.conn();
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("hold the write lock");
    let busy = |args: &[&str], lang: &str| {
        let start = Instant::now();
        let o = s
            .capdo()
            .env("CAPDO_BUSY_TIMEOUT_MS", "300")
            .args(["--lang", lang])
            .args(args)
            .output()
            .expect("run");
        let took = start.elapsed();
        assert_eq!(o.status.code(), Some(3), "{args:?}: {}", describe(&o));
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        let err = stderr(&o);
        assert!(err.starts_with("capdo: "), "{err}");
        assert!(err.contains("300 ms"), "{err}");
        assert!(
            err.contains(if lang == "vi" { "đang bận" } else { "busy" }),
            "{err}"
        );
        assert!(
            took >= Duration::from_millis(300),
            "{args:?} gave up after {took:?}"
        );
        assert!(took < Duration::from_secs(10), "{args:?} took {took:?}");
    };
    busy(&["import", "new.csv"], "vi");
    busy(&["import", "new.csv"], "en");
    busy(
        &["record", "assessment", "S001", "--on", "2026-11-01"],
        "en",
    );
    busy(&["restore", "b.sqlite3"], "vi");
    // reads are served while another process writes (WAL)
    for args in [
        &["due"][..],
        &["systems", "--json"][..],
        &["--render-once", "80x24"][..],
        &["backup", "c.sqlite3"][..],
    ] {
        let o = s
            .capdo()
            .env("CAPDO_BUSY_TIMEOUT_MS", "300")
            .args(args)
            .output()
            .expect("run");
        assert!(o.status.success(), "{args:?}: {}", describe(&o));
    }
    let o = s
        .capdo()
        .env("CAPDO_BUSY_TIMEOUT_MS", "300")
        .arg("check")
        .output()
        .expect("check");
    assert_ne!(o.status.code(), Some(3), "{}", describe(&o));
    holder.execute_batch("ROLLBACK").expect("release");
    assert_eq!(systems(&s), before, "nothing was written while busy");
    // once free, the same import goes through
    s.ok(&["import", "new.csv"]);
    assert_eq!(systems(&s).len(), N + 5);
    verify(&s);
}

#[test]
fn a_short_lock_is_waited_for() {
    let s = seeded();
    s.write("one.csv", &csv("code,name,level", ["W1,Chờ,1".to_owned()]));
    let holder = s.conn();
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let child = s
        .capdo()
        .env("CAPDO_BUSY_TIMEOUT_MS", "5000")
        .args(["import", "one.csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(400));
    holder.execute_batch("COMMIT").expect("release");
    wait(child, "import waiting for the lock");
    assert!(systems(&s).contains_key("W1"));
}
