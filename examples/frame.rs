//! In-process timings of the dashboard on a store: building the snapshot, drawing one frame at
//! 200x50, and a key press through update to the redrawn frame. Prints medians and p95.
//!
//! `cargo run --release --example frame -- DB_PATH [TODAY] [RUNS]`

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

use capdo::domain::engine::Clock;
use capdo::i18n::Lang;
use capdo::rules::{Packs, RuleChoice};
use capdo::store::{Access, Scope, Store};
use capdo::tui::action::{Action, ViewId};
use capdo::tui::model::Model;
use capdo::tui::snapshot::Snapshot;
use capdo::tui::theme::{Theme, ThemeName};
use capdo::tui::{HORIZON, ui, update};

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.3} ms  p95 {:.3} ms  (n={})",
        ms(v[v.len() / 2]),
        ms(v[(v.len() * 95 / 100).min(v.len() - 1)]),
        v.len()
    )
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: frame DB_PATH [TODAY] [RUNS]")?;
    let today = match args.get(2) {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")?,
        None => NaiveDate::from_ymd_opt(2026, 11, 29).ok_or("date")?,
    };
    let runs: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(300);
    let t0 = Instant::now();
    let store = Store::open(std::path::Path::new(path), Access::ReadOnly, today)?;
    // as the dashboard starts: the lean load draws the first frame, the text follows
    let data = store.load(Scope::Deadlines)?;
    let t_load = t0.elapsed();
    let rules = RuleChoice::new(Packs::embedded(), today, None).map_err(|e| e.to_string())?;
    let t1 = Instant::now();
    let snap = Snapshot::build(data, rules, Clock::on(today), HORIZON);
    let t_snap = t1.elapsed();
    let t2 = Instant::now();
    let mut m = Model::new(
        snap,
        Lang::Vi,
        Theme::new(ThemeName::Dark),
        (200, 50),
        false,
    );
    let t_model = t2.elapsed();
    let t3 = Instant::now();
    store.fill_text(&mut m.snap.data.systems)?;
    let t_text = t3.elapsed();
    println!(
        "systems {}  items {}  lean load {:.1} ms  snapshot {:.1} ms  model {:.1} ms  (then free text {:.1} ms)",
        m.snap.data.systems.len(),
        m.snap.items.len(),
        t_load.as_secs_f64() * 1e3,
        t_snap.as_secs_f64() * 1e3,
        t_model.as_secs_f64() * 1e3,
        t_text.as_secs_f64() * 1e3
    );
    let mut term = Terminal::new(TestBackend::new(200, 50))?;
    for view in [ViewId::Overview, ViewId::Systems, ViewId::Deadlines] {
        update::update(&mut m, Action::Go(view));
        let mut frames = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            term.draw(|f| ui::draw(f, &m))?;
            frames.push(t.elapsed());
        }
        println!("frame 200x50 {view:?}: {}", stats(frames));
    }
    update::update(&mut m, Action::Go(ViewId::Systems));
    let mut keys = Vec::with_capacity(runs);
    for i in 0..runs {
        let code = if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::PageDown
        };
        let t = Instant::now();
        let _ = update::on_key(&mut m, key(code));
        term.draw(|f| ui::draw(f, &m))?;
        keys.push(t.elapsed());
    }
    println!("key → frame (Systems, ↓/PgDn): {}", stats(keys));
    // typing a filter over every system
    let mut typing = Vec::new();
    update::update(&mut m, Action::Filter);
    for c in "cong thong".chars() {
        let t = Instant::now();
        let _ = update::on_key(&mut m, key(KeyCode::Char(c)));
        term.draw(|f| ui::draw(f, &m))?;
        typing.push(t.elapsed());
    }
    println!("filter keystroke → frame: {}", stats(typing));
    Ok(())
}
