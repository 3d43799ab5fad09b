//! Generates a large store for benchmarks and manual testing: N owned systems with Vietnamese
//! names in every dossier state, five assessments each, incidents and projects.
//!
//! `cargo run --release --example seed -- DB_PATH N [TODAY] [--one] [--units U]`
//!
//! `DB_PATH` may be a PostgreSQL URL (`postgresql://…`, an empty database). `--units U`
//! spreads the systems over U units (`DV-0001`…), a province's or the nation's store, on
//! either engine (on SQLite as `merge` leaves a consolidated store).
//!
//! `--one`: a second shape, one deadline per system: every system owned, its dossier approved
//! and its plan full, one assessment each, no incidents (the deadlines of `due --all` are then
//! the 10,000 assessments of 10,000 systems, plus the unit's periodic reports).
//!
//! Systems go through the normal import path (with change-log entries); the bulk history
//! (assessments, incidents, projects) is inserted in one transaction directly, as a restore
//! would, to keep seeding 100,000 systems quick.

use capdo::store::sql::{Engine, Tx, TxMode, Value, params, refs};
use chrono::{Duration, NaiveDate};

use capdo::domain::*;
use capdo::store::{Access, Store, SystemPatch, WriteCtx};

/// A small deterministic generator (xorshift), so runs are repeatable without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const KINDS: &[&str] = &[
    "Cổng thông tin điện tử",
    "Hệ thống quản lý văn bản",
    "Mạng LAN và Internet",
    "Camera giám sát an ninh",
    "Đài truyền thanh ứng dụng CNTT",
    "Phần mềm kế toán",
    "Cơ sở dữ liệu đất đai",
    "Hệ thống một cửa điện tử",
    "Hội nghị truyền hình",
    "Máy chủ lưu trữ dữ liệu",
];
const PLACES: &[&str] = &[
    "xã Mẫu An",
    "phường Mẫu Sơn",
    "xã Đồng Tâm",
    "xã Hòa Bình",
    "phường Quang Trung",
    "xã Tân Lập",
];
const PEOPLE: &[&str] = &[
    "Trần Thị Mẫu",
    "Nguyễn Văn Mẫu",
    "Lê Thị Hòa",
    "Phạm Văn Đức",
    "Hoàng Thị Lan",
];

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut args: Vec<String> = std::env::args().collect();
    let one = args.iter().any(|a| a == "--one");
    args.retain(|a| a != "--one");
    let units: usize = match args.iter().position(|a| a == "--units") {
        Some(i) => {
            let u = args.get(i + 1).ok_or("--units needs a number")?.parse()?;
            args.drain(i..i + 2);
            u
        }
        None => 0,
    };
    if args.len() < 3 {
        eprintln!("usage: seed DB_PATH N [TODAY] [--one] [--units U]");
        std::process::exit(2);
    }
    let path = std::path::PathBuf::from(&args[1]);
    let n: usize = args[2].parse()?;
    let today = args
        .get(3)
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .transpose()?
        .unwrap_or(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default());
    let ctx = WriteCtx {
        at: today.and_hms_opt(8, 0, 0).unwrap_or_default(),
        today,
        os_user: "seed".into(),
    };
    let mut store = Store::open(&path, Access::ReadWrite, today)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let patches = systems(&mut rng, n, one);
    let t0 = std::time::Instant::now();
    let sum = store.import_systems(&ctx, &patches, "seed", false)?;
    eprintln!("systems: {} created in {:.2?}", sum.created, t0.elapsed());

    let t1 = std::time::Instant::now();
    let tx = store.db().begin(TxMode::Immediate)?;
    // a named unit, as a real store has (the dashboard asks for the name of an unnamed one)
    tx.execute(
        "UPDATE profile SET unit_name = 'UBND xã Mẫu An (MẪU)' WHERE id = 1",
        params![],
    )?;
    if units > 0 {
        // the systems dealt over the units in turn (on PostgreSQL their history follows
        // them, by triggers; on SQLite it is found through the system), as a merge leaves them
        let deal = match tx.engine() {
            Engine::Postgres => {
                "UPDATE system SET unit = 'DV-' || lpad(((id - 1) % ?1 + 1)::text, 4, '0')"
            }
            Engine::Sqlite => {
                "UPDATE system SET unit = 'DV-' || substr('0000' || ((id - 1) % ?1 + 1), -4)"
            }
        };
        tx.execute(deal, params![units as i64])?;
    }
    let ids: Vec<i64> = tx.collect("SELECT id FROM system ORDER BY id", params![], |r| r.get(0))?;
    assessments(&tx, &mut rng, &ids, one, today)?;
    if !one {
        incidents(&tx, &mut rng, &ids, today)?;
    }
    projects(&tx, &mut rng, ids.len())?;
    tx.commit()?;
    eprintln!(
        "history: {} assessments and incidents, projects in {:.2?}",
        n * if one { 1 } else { 5 },
        t1.elapsed()
    );
    Ok(())
}

/// `n` systems to import: a commune-like mix of dossier states and levels (with `one`, every
/// dossier approved, every plan full, every system owned).
fn systems(rng: &mut Rng, n: usize, one: bool) -> Vec<SystemPatch> {
    // most dossiers approved, some in progress, a few not started
    let states = [
        DossierState::None,
        DossierState::Drafting,
        DossierState::Submitted,
        DossierState::Appraised,
        DossierState::Approved,
        DossierState::Approved,
        DossierState::Approved,
        DossierState::Approved,
        DossierState::Approved,
        DossierState::Approved,
        DossierState::Approved,
        DossierState::Redetermine,
    ];
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default();
    let mut patches = Vec::with_capacity(n);
    for i in 0..n {
        let mut state = states[rng.below(states.len() as u64) as usize];
        if one {
            state = DossierState::Approved;
        }
        let level = Level::new(match rng.below(100) {
            0..=29 => 1,
            30..=79 => 2,
            80..=96 => 3,
            97..=98 => 4,
            _ => 5,
        });
        let go_live = base + Duration::days(rng.below(4600) as i64);
        let approved = (state == DossierState::Approved).then(|| {
            go_live.max(NaiveDate::from_ymd_opt(2022, 1, 1).unwrap_or(go_live))
                + Duration::days(rng.below(900) as i64)
        });
        let name = format!("{} {} số {}", rng.pick(KINDS), rng.pick(PLACES), i + 1);
        let system = System {
            owner: format!("UBND {}", rng.pick(PLACES)),
            operator: "Văn phòng HĐND-UBND".into(),
            relation: if !one && rng.below(10) == 0 {
                Relation::Used
            } else {
                Relation::Owned
            },
            level,
            dossier: state,
            approved_on: approved,
            decision_no: approved
                .map(|_| format!("{}/QĐ-UBND", rng.below(900) + 1))
                .unwrap_or_default(),
            plan: if one {
                PlanStatus::Full
            } else {
                [PlanStatus::None, PlanStatus::Partial, PlanStatus::Full][rng.below(3) as usize]
            },
            go_live_on: Some(go_live),
            responsible: rng.pick(PEOPLE).into(),
            ..System::new(&format!("HT-{:06}", i + 1), &name)
        };
        // an inventory row (the assessments are written below, five per system)
        patches.push(SystemPatch::row(system));
    }
    patches
}

/// Five assessments per system about a year apart (one with `one`), the last within the past
/// 30 months, and each system's `last_assessed_on`.
fn assessments(tx: &Tx, rng: &mut Rng, ids: &[i64], one: bool, today: NaiveDate) -> Res<()> {
    let mut rows = Rows::new(
        tx,
        "INSERT INTO assessment (system_id, completed_on, kind, assessor, result, findings, notes) VALUES ",
        "(?, ?, 'periodic', 'Trung tâm CNTT tỉnh', ?, ?, '')",
    );
    let mut last = Rows::new(
        tx,
        "WITH v(id, d) AS (VALUES ",
        "(CAST(? AS BIGINT), CAST(? AS TEXT))",
    )
    .tail(") UPDATE system SET last_assessed_on = v.d FROM v WHERE system.id = v.id");
    for &id in ids {
        let last_on = today - Duration::days(rng.below(900) as i64);
        let mut latest = last_on;
        for k in (0..if one { 1i64 } else { 5 }).rev() {
            let d = last_on - Duration::days(k * (300 + rng.below(120) as i64));
            let findings = rng.below(4) as i64;
            rows.push(vec![
                Value::Integer(id),
                Value::Text(d.to_string()),
                Value::Text(if findings > 0 { "findings" } else { "pass" }.into()),
                Value::Integer(findings),
            ])?;
            latest = d;
        }
        last.push(vec![Value::Integer(id), Value::Text(latest.to_string())])?;
    }
    rows.flush()?;
    last.flush()?;
    Ok(())
}

/// Rows written a thousand at a time (one statement each): a PostgreSQL server is a round
/// trip away, and 500,000 single-row statements would take minutes.
struct Rows<'t, 'c> {
    tx: &'t Tx<'c>,
    head: &'static str,
    row: &'static str,
    tail: &'static str,
    values: Vec<Value>,
    count: usize,
}

impl<'t, 'c> Rows<'t, 'c> {
    const CHUNK: usize = 1000;

    fn new(tx: &'t Tx<'c>, head: &'static str, row: &'static str) -> Self {
        Rows {
            tx,
            head,
            row,
            tail: "",
            values: Vec::new(),
            count: 0,
        }
    }

    fn tail(mut self, tail: &'static str) -> Self {
        self.tail = tail;
        self
    }

    fn push(&mut self, row: Vec<Value>) -> Res<()> {
        self.values.extend(row);
        self.count += 1;
        if self.count == Self::CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Res<()> {
        if self.count == 0 {
            return Ok(());
        }
        let mut sql = String::from(self.head);
        let mut n = 0;
        for i in 0..self.count {
            if i > 0 {
                sql.push_str(", ");
            }
            for part in self.row.split('?').enumerate() {
                if part.0 > 0 {
                    n += 1;
                    sql.push_str(&format!("?{n}"));
                }
                sql.push_str(part.1);
            }
        }
        sql.push_str(self.tail);
        self.tx.execute(&sql, &refs(&self.values))?;
        self.values.clear();
        self.count = 0;
        Ok(())
    }
}

/// One incident per 100 systems over the past 400 days, two in three with the response ended.
fn incidents(tx: &Tx, rng: &mut Rng, ids: &[i64], today: NaiveDate) -> Res<()> {
    let mut inc = tx.prepare(
        "INSERT INTO incident (system_id, title, detected_at, kind, severity, beyond_capacity, response_ended_at, lessons) VALUES (?1, ?2, ?3, ?4, 'normal', 0, ?5, '')",
    )?;
    for k in 0..(ids.len() / 100).max(1) {
        let id = ids[rng.below(ids.len() as u64) as usize];
        let at = today.and_hms_opt(9, 0, 0).unwrap_or_default()
            - Duration::hours(rng.below(24 * 400) as i64);
        let ended = (rng.below(3) > 0).then(|| {
            (at + Duration::hours(30))
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string()
        });
        inc.execute(params![
            id,
            format!("Sự cố số {}", k + 1),
            at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            ["malware", "ransomware", "ddos", "phishing"][rng.below(4) as usize],
            ended
        ])?;
    }
    Ok(())
}

/// One IT project per 50 systems (at least three) over 2024-2026, 5-20 % of it for security.
fn projects(tx: &Tx, rng: &mut Rng, systems: usize) -> Res<()> {
    let mut proj = tx.prepare(
        "INSERT INTO project (year, name, total_budget, security_budget) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for k in 0..(systems / 50).max(3) {
        let total = 100_000_000 + rng.below(2_000_000_000) as i64;
        proj.execute(params![
            2024 + (k % 3) as i64,
            format!("Dự án CNTT số {}", k + 1),
            total,
            total * (5 + rng.below(15) as i64) / 100
        ])?;
    }
    Ok(())
}
