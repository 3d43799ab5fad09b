//! A consolidated store in the dashboard: the Overview totals every unit, `U` narrows every view
//! to one unit and back to all.

use crate::common::{ctx, today};

use capdo::domain::engine::Clock;
use capdo::i18n::Lang;
use capdo::rules::{Packs, RuleChoice};
use capdo::store::{Access, Scope, Store};
use capdo::tui::action::{Action, ViewId};
use capdo::tui::model::Model;
use capdo::tui::snapshot::Snapshot;
use capdo::tui::theme::{Theme, ThemeName};
use capdo::tui::update::{self, Effect};
use capdo::tui::{HORIZON, render_text};

fn capdo(db: &std::path::Path, home: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_capdo"))
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("CAPDO_CONFIG", home.join("c.toml"))
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-29"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A sample store at `path` under another unit name.
fn sample_at(path: &std::path::Path, unit: &str) {
    let mut s = Store::open(path, Access::ReadWrite, today()).unwrap();
    capdo::sample::load(&mut s, &ctx()).unwrap();
    let mut p = s.profile().unwrap();
    p.unit_name = unit.into();
    s.set_profile(&ctx(), &p).unwrap();
}

fn snap(path: &std::path::Path, unit: Option<&str>) -> Snapshot {
    let s = Store::open(path, Access::ReadOnly, today()).unwrap();
    let rules = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    Snapshot::build_for_unit(
        s.load(Scope::Rules).unwrap(),
        rules,
        Clock::on(today()),
        HORIZON,
        unit,
    )
}

#[test]
fn totals_and_filter_by_unit() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let (a, b) = (home.join("a.db"), home.join("b.db"));
    sample_at(&a, "UBND xã Mẫu An (MẪU)");
    sample_at(&b, "UBND xã Mẫu Bình (MẪU)");
    let bundle = home.join("b.capdo");
    capdo(&b, home, &["bundle", bundle.to_str().unwrap()]);
    capdo(&a, home, &["merge", bundle.to_str().unwrap()]);

    let all = snap(&a, None);
    assert_eq!(all.units.len(), 2);
    assert_eq!(all.data.systems.len(), 32);
    let own = all.units.iter().find(|u| u.unit.is_empty()).unwrap();
    let other = all
        .units
        .iter()
        .find(|u| u.unit == "UBND xã Mẫu Bình (MẪU)")
        .unwrap();
    assert_eq!((own.owned, own.approved), (10, 4));
    assert_eq!((other.owned, other.approved), (10, 4));
    assert_eq!(own.overdue, other.overdue);

    let mut m = Model::new(all, Lang::Vi, Theme::new(ThemeName::Dark), (100, 30), false);
    let text = render_text(&m);
    assert!(text.contains("tất cả 2 đơn vị"), "{text}");
    insta::assert_snapshot!("units_overview", text);

    // U picks the first unit (this store's own), then the merged one, then all again
    assert_eq!(
        update::update(&mut m, Action::CycleUnit),
        vec![Effect::Reload]
    );
    assert_eq!(m.unit.as_deref(), Some(""));
    m.replace_snapshot(snap(&a, m.unit.as_deref()));
    assert_eq!(m.snap.data.systems.len(), 16);
    update::update(&mut m, Action::CycleUnit);
    assert_eq!(m.unit.as_deref(), Some("UBND xã Mẫu Bình (MẪU)"));
    m.replace_snapshot(snap(&a, m.unit.as_deref()));
    assert_eq!(m.snap.data.systems.len(), 16);
    assert!(
        m.snap
            .data
            .systems
            .iter()
            .all(|s| s.unit == "UBND xã Mẫu Bình (MẪU)")
    );
    // the merged unit's projects are not in this store: its budget view is empty, its
    // deadlines are its systems' own
    assert!(m.snap.data.projects.is_empty());
    update::update(&mut m, Action::Go(ViewId::Systems));
    assert!(render_text(&m).contains("Mẫu Bình"));
    update::update(&mut m, Action::CycleUnit);
    assert_eq!(m.unit, None);
}

#[test]
fn a_single_unit_store_says_so() {
    let store = capdo::sample::demo_store(&ctx()).unwrap();
    let rules = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    let s = Snapshot::build_for_unit(
        store.load(Scope::Rules).unwrap(),
        rules,
        Clock::on(today()),
        HORIZON,
        None,
    );
    assert!(s.units.is_empty());
    let mut m = Model::new(s, Lang::En, Theme::new(ThemeName::Dark), (80, 24), false);
    assert!(update::update(&mut m, Action::CycleUnit).is_empty());
    assert_eq!(m.status.as_deref(), Some("The store holds one unit only."));
}
