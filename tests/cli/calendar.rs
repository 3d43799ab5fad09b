//! The working-day calendar end to end: `capdo calendar add|list` on a real store (validation,
//! nothing written on bad input, the change log, `--read-only`), and the dashboard's appraisal
//! and approval limits counted on it (across Tết 2027, with an officer's day, beyond the
//! calendar's years).

use chrono::NaiveDate;

use crate::common::sandbox::{Sandbox, describe};
use capdo::domain::engine::Clock;
use capdo::domain::{CalendarDay, DossierState, Level};
use capdo::i18n::Lang;
use capdo::rules::{Packs, RuleChoice};
use capdo::store::{Scope, WriteCtx};
use capdo::tui::action::{Action, ViewId};
use capdo::tui::model::Model;
use capdo::tui::snapshot::Snapshot;
use capdo::tui::theme::{Theme, ThemeName};
use capdo::tui::{HORIZON, render_text, update};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn add_list_and_log_a_local_day() {
    let s = Sandbox::new();
    let out = s.ok(&[
        "calendar",
        "add",
        "01/12/2026",
        "--note",
        "Nghỉ lễ địa phương theo Quyết định 12/QĐ-UBND",
    ]);
    assert!(
        out.contains("Đã thêm ngày nghỉ 01/12/2026 (thứ Ba)"),
        "{out}"
    );
    assert!(out.contains("2024–2027"), "{out}");
    // a make-up Saturday
    let out = s.ok(&[
        "--lang",
        "en",
        "calendar",
        "add",
        "2026-12-05",
        "--working",
        "--note",
        "Make-up  day   for 01/12",
    ]);
    assert!(
        out.contains("Added make-up working day 05/12/2026 (Saturday)"),
        "{out}"
    );
    let text = s.ok(&["calendar", "list", "--year", "2026"]);
    assert!(
        text.contains("16/02/2026 T2 – 20/02/2026 T6 nghỉ: Tết Nguyên đán"),
        "{text}"
    );
    assert!(
        text.contains("01/12/2026 T3 nghỉ: Nghỉ lễ địa phương"),
        "{text}"
    );
    // one space between words in the list, as many as the note had
    assert!(
        text.contains("05/12/2026 T7 làm bù: Make-up day for 01/12"),
        "{text}"
    );
    assert!(
        text.contains("nguồn yếu"),
        "24/11 is marked as weak: {text}"
    );
    for line in text.lines() {
        assert!(capdo::text::width(line) <= 80, "{line}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&s.ok(&["calendar", "list", "--year", "2026", "--json"])).unwrap();
    let days = json.as_array().unwrap();
    let dec1 = days.iter().find(|x| x["date"] == "2026-12-01").unwrap();
    assert_eq!(dec1["kind"], "off");
    assert_eq!(dec1["origin"], "officer");
    let nov24 = days.iter().find(|x| x["date"] == "2026-11-24").unwrap();
    assert_eq!(nov24["confidence"], "secondary");
    assert!(
        nov24["note"]["en"]
            .as_str()
            .unwrap()
            .contains("weak source")
    );
    let tet = days.iter().filter(|x| {
        x["date"].as_str().unwrap() >= "2026-02-16" && x["date"].as_str().unwrap() <= "2026-02-20"
    });
    assert_eq!(tet.count(), 5);
    // each add is in the change log
    let log: serde_json::Value = serde_json::from_str(&s.ok(&["log", "--json"])).unwrap();
    let entries: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "calendar")
        .collect();
    assert_eq!(entries.len(), 2, "{log}");
    assert_eq!(entries[0]["entity_key"], "2026-12-01");
    assert_eq!(entries[1]["new"]["working"], true);
    // adding the same day again replaces it, logged as an update
    let out = s.ok(&["calendar", "add", "1/12/2026", "--note", "Sửa lý do"]);
    assert!(out.starts_with("Đã thay"), "{out}");
    s.ok(&["verify"]);
}

#[test]
fn bad_days_are_refused_and_nothing_is_written() {
    let s = Sandbox::new();
    s.ok(&["calendar", "list"]);
    let before = std::fs::read(s.db()).unwrap();
    for (args, want) in [
        (
            vec!["calendar", "add", "31/02/2026", "--note", "x"],
            "không có ngày này",
        ),
        (
            vec!["calendar", "add", "hôm qua", "--note", "x"],
            "ngày không hợp lệ",
        ),
        (
            vec!["calendar", "add", "2026-12-01", "--note", "  "],
            "--note",
        ),
        (
            vec!["calendar", "add", "2026-12-02", "--note", "x", "--working"],
            "ngày làm bù phải là thứ Bảy hoặc Chủ nhật",
        ),
        (
            vec!["calendar", "add", "2026-12-06", "--note", "x"],
            "vốn là ngày nghỉ",
        ),
        (
            vec!["calendar", "add", "2026-12-01", "--note", "a\u{1b}[2Jb"],
            "ký tự điều khiển",
        ),
    ] {
        let o = s.run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", describe(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(err.contains("không ghi gì vào kho"), "{err}");
    }
    let o = s.run(&[
        "--read-only",
        "calendar",
        "add",
        "2026-12-01",
        "--note",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", describe(&o));
    assert_eq!(
        std::fs::read(s.db()).unwrap(),
        before,
        "the store is unchanged"
    );
    // the listed make-up Saturday of 2024 can be cancelled by a local day off
    s.ok(&["calendar", "add", "2024-05-04", "--note", "Không làm bù"]);
}

/// The sample data on `today`, with system `code` at `level` in dossier state `state` since
/// `since`, and the officer's days `local`.
fn snap(
    today: NaiveDate,
    code: &str,
    level: i64,
    state: DossierState,
    since: NaiveDate,
    local: &[CalendarDay],
) -> (Snapshot, usize) {
    let ctx = WriteCtx {
        at: today.and_hms_opt(8, 0, 0).unwrap(),
        today,
        os_user: "test".into(),
    };
    let store = capdo::sample::demo_store(&ctx).unwrap();
    let mut data = store.load(Scope::Rules).unwrap();
    let i = data.systems.iter().position(|s| s.code == code).unwrap();
    let sys = &mut data.systems[i];
    sys.level = Level::new(level);
    sys.dossier = state;
    sys.dossier_since = Some(since);
    data.calendar = local.to_vec();
    let rules = RuleChoice::new(Packs::embedded(), today, None).unwrap();
    (Snapshot::build(data, rules, Clock::on(today), HORIZON), i)
}

#[test]
fn appraisal_and_approval_limits_skip_tet_2027() {
    // Decree 331 Art. 23: a level 3 dossier submitted Wednesday 03/02/2027 is appraised within
    // 15 working days: Tết 04–08/02 and the days in lieu 09–10/02 are off → 03/03/2027
    // (weekends only would have said 24/02/2027)
    let today = d(2027, 2, 10);
    let (s, i) = snap(
        today,
        "MA-WIFI",
        3,
        DossierState::Submitted,
        d(2027, 2, 3),
        &[],
    );
    let a = s.approval[i].unwrap();
    assert_eq!(a.limit_due, Some(d(2027, 3, 3)));
    assert_eq!(a.limit_beyond, None);
    // Art. 24: approval within 7 working days of the appraisal on 03/02/2027 → 19/02/2027
    let (s, i) = snap(
        today,
        "MA-WIFI",
        3,
        DossierState::Appraised,
        d(2027, 2, 3),
        &[],
    );
    assert_eq!(s.approval[i].unwrap().limit_due, Some(d(2027, 2, 19)));
    // an officer's local day off (Friday 19/02/2027) moves it to Monday 22/02/2027
    let local = [CalendarDay {
        date: d(2027, 2, 19),
        working: false,
        note: "Nghỉ lễ hội địa phương".into(),
    }];
    let (s, i) = snap(
        today,
        "MA-WIFI",
        3,
        DossierState::Appraised,
        d(2027, 2, 3),
        &local,
    );
    assert_eq!(s.approval[i].unwrap().limit_due, Some(d(2027, 2, 22)));
}

#[test]
fn a_limit_beyond_the_calendar_says_so_on_screen() {
    // level 4: 25 working days from 10/12/2027 run into 2028, which the calendar does not know
    let today = d(2027, 12, 15);
    let (s, i) = snap(
        today,
        "MA-WIFI",
        4,
        DossierState::Submitted,
        d(2027, 12, 10),
        &[],
    );
    let a = s.approval[i].unwrap();
    assert_eq!(a.limit_due, None);
    let b = a.limit_beyond.unwrap();
    assert_eq!(b.at, d(2028, 1, 1));
    assert!(b.message(Lang::Vi).contains("capdo calendar add"));
    for (lang, want) in [
        (Lang::Vi, "ngoài lịch (25 ngày làm"),
        (Lang::En, "no calendar (25 working"),
    ] {
        let mut m = Model::new(
            s.clone(),
            lang,
            Theme::new(ThemeName::Dark),
            (160, 40),
            false,
        );
        update::update(&mut m, Action::Go(ViewId::Approvals));
        // the row, and the detail panel's full sentence once the system is selected
        let screen = render_text(&m);
        assert!(screen.contains(want), "{screen}");
        let v = m.view.index();
        m.lists[v].selected = m.lists[v]
            .rows
            .iter()
            .position(|&r| m.snap.data.systems[r].code == "MA-WIFI")
            .unwrap();
        let screen = render_text(&m);
        assert!(
            screen.contains(&b.message(lang)),
            "{:?}\n{screen}",
            m.list().current()
        );
    }
    // once the officer enters 2028's days, it is computed
    let local = [CalendarDay {
        date: d(2028, 1, 3),
        working: false,
        note: "Nghỉ bù".into(),
    }];
    let (s, i) = snap(
        today,
        "MA-WIFI",
        4,
        DossierState::Submitted,
        d(2027, 12, 10),
        &local,
    );
    // 13–31/12 (15), 02/01/2028 is Sunday, 03/01 off, 04–07/01 (19), 10–14/01 (24), 17/01 (25)
    assert_eq!(s.approval[i].unwrap().limit_due, Some(d(2028, 1, 17)));
}

#[test]
fn officer_days_travel_in_the_whole_store_json() {
    let s = Sandbox::new();
    s.ok(&[
        "calendar",
        "add",
        "2026-12-01",
        "--note",
        "Nghỉ lễ địa phương",
    ]);
    let file = s.path("store.json");
    s.ok(&["export", file.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(doc["calendar_days"][0]["date"], "2026-12-01");
    assert_eq!(doc["calendar_days"][0]["working"], false);
    // into an empty store: the day and the change log that recorded it come back
    let other = s.path("other.sqlite3");
    let o = s
        .on(&other)
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    let o = s
        .on(&other)
        .args(["calendar", "list", "--year", "2026", "--json"])
        .output()
        .unwrap();
    let days: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        days.as_array()
            .unwrap()
            .iter()
            .any(|x| x["date"] == "2026-12-01" && x["origin"] == "officer"),
        "{days}"
    );
    let o = s.on(&other).arg("verify").output().unwrap();
    assert!(o.status.success(), "{}", describe(&o));
    // a document written before calendar days existed still reads
    let mut old = doc.clone();
    old.as_object_mut().unwrap().remove("calendar_days");
    let old_file = s.write("old.json", old.to_string().as_bytes());
    let third = s.path("third.sqlite3");
    let o = s
        .on(&third)
        .args(["import", old_file.to_str().unwrap()])
        .output()
        .unwrap();
    // the change log names a calendar entry the data lacks, but the chain is intact
    assert!(o.status.success(), "{}", describe(&o));
}
