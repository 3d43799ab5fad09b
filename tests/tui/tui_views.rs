//! Snapshots of every dashboard view (TestBackend) at 80x24 and 120x40 in both languages, on the
//! sample data with a fixed date; cell-style checks where colour carries meaning; key → action →
//! state checks.

use crate::common::today;
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::style::{Color, Modifier};

use capdo::domain::engine::Clock;
use capdo::i18n::Lang;
use capdo::rules::{Packs, RuleChoice};
use capdo::store::{Scope, WriteCtx};
use capdo::tui::action::{Action, ViewId};
use capdo::tui::model::{Model, Overlay};
use capdo::tui::snapshot::Snapshot;
use capdo::tui::theme::{Theme, ThemeName};
use capdo::tui::update::{self, Effect};
use capdo::tui::{HORIZON, render_text};

fn snapshot() -> Snapshot {
    let ctx = WriteCtx {
        at: today().and_hms_opt(8, 0, 0).unwrap(),
        today: today(),
        os_user: "test".into(),
    };
    let store = capdo::sample::demo_store(&ctx).unwrap();
    let data = store.load(Scope::Rules).unwrap();
    let rules = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    Snapshot::build(data, rules, Clock::on(today()), HORIZON)
}

fn model(lang: Lang, w: u16, h: u16) -> Model {
    Model::new(snapshot(), lang, Theme::new(ThemeName::Dark), (w, h), false)
}

fn key(c: KeyCode) -> KeyEvent {
    let m = if matches!(c, KeyCode::Char(ch) if ch.is_ascii_uppercase()) {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent {
        code: c,
        modifiers: m,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn type_str(m: &mut Model, s: &str) {
    for c in s.chars() {
        update::on_key(m, key(KeyCode::Char(c)));
    }
}

#[test]
fn every_view_in_both_languages_and_sizes() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        for lang in [Lang::Vi, Lang::En] {
            let mut m = model(lang, w, h);
            for v in ViewId::ALL {
                update::update(&mut m, Action::Go(v));
                let name = format!("{}_{}x{}_{:?}", lang.code(), w, h, v).to_lowercase();
                insta::assert_snapshot!(name, render_text(&m));
            }
        }
    }
}

#[test]
fn the_panel_under_a_list_shows_its_lines_whole_or_says_more() {
    // at 80 columns the approvals panel needs five lines: it grows to hold them all
    for lang in [Lang::Vi, Lang::En] {
        let mut m = model(lang, 80, 24);
        update::update(&mut m, Action::Go(ViewId::Approvals));
        let screen = render_text(&m);
        assert!(screen.contains("116/2025/QH15"), "{screen}");
        let more = capdo::i18n::msg::tui::panel::MORE.text(lang);
        assert!(!screen.contains(more), "{screen}");
        // on the smallest screen it grows only so far, and its border says the rest is cut
        let mut m = model(lang, 60, 15);
        update::update(&mut m, Action::Go(ViewId::Approvals));
        let screen = render_text(&m);
        assert!(screen.contains(more), "{screen}");
    }
}

#[test]
fn the_panel_counts_its_rows_as_it_draws_them() {
    // texts from a spreadsheet: runs of spaces, a word wider than the panel, wide characters
    let odd = [
        "Trung tâm  dữ liệu  tỉnh  —  phòng  máy  chủ  số  2  (tầng  3)  khu  hành  chính  tập trung",
        "https://dichvucong.example.gov.vn/portal/p/home/dvc-gioi-thieu-chung/a/very/long/path/0123456789",
        "数据中心数据中心数据中心数据中心数据中心数据中心数据中心数据中心数据中心数据中心数据中心",
    ];
    let more = capdo::i18n::msg::tui::panel::MORE.text(Lang::Vi);
    for operator in odd {
        for (w, h) in [(60u16, 24u16), (80, 24), (100, 30)] {
            let mut m = model(Lang::Vi, w, h);
            update::update(&mut m, Action::Go(ViewId::Systems));
            let i = m.list().current().unwrap();
            m.snap.data.systems[i].operator = operator.into();
            let last = m.snap.data.systems[i].last_assessed_on.unwrap();
            update::update(&mut m, Action::Go(ViewId::Systems));
            // the panel: from the rule under the list to the footer
            let screen = render_text(&m);
            let lines: Vec<&str> = screen.lines().collect();
            let top = lines.iter().rposition(|l| l.starts_with('─')).unwrap();
            let panel = lines[top..lines.len() - 1].join("\n");
            // its last line (the last assessment's date) is drawn, or the border says it is cut
            assert!(
                panel.contains(&capdo::i18n::date(last)) || panel.contains(more),
                "{w}x{h}: {operator}\n{screen}"
            );
        }
    }
}

#[test]
fn moving_the_cursor_never_makes_the_list_shorter_then_taller() {
    // the panel keeps the tallest height a record has needed, so the list does not jump
    for (w, h) in [(80u16, 24u16), (80, 15), (60, 15)] {
        for v in [ViewId::Systems, ViewId::Approvals, ViewId::Incidents] {
            let mut m = model(Lang::Vi, w, h);
            update::update(&mut m, Action::Go(v));
            let mut heights = vec![m.page()];
            for _ in 0..m.list().rows.len() {
                update::update(&mut m, Action::Down);
                heights.push(m.page());
            }
            for _ in 0..m.list().rows.len() {
                update::update(&mut m, Action::Up);
                heights.push(m.page());
            }
            assert!(
                heights.windows(2).all(|p| p[1] <= p[0]),
                "{w}x{h} {v:?}: list heights {heights:?}"
            );
            // the stored window holds the cursor at every step (the panel's growth included),
            // so Up moves the cursor and does not scroll
            let mut m = model(Lang::Vi, w, h);
            update::update(&mut m, Action::Go(v));
            for a in [Action::Down; 6].into_iter().chain([Action::Up; 3]) {
                let before = (m.list().selected, m.list().offset);
                update::update(&mut m, a);
                let (sel, off, page) = (m.list().selected, m.list().offset, m.page());
                assert!(
                    off <= sel && sel < off + page,
                    "{w}x{h} {v:?}: {sel} {off} {page}"
                );
                if a == Action::Up && before.0 > before.1 {
                    assert_eq!(off, before.1, "{w}x{h} {v:?}: Up scrolled");
                }
            }
            // a resize sizes the panels again
            update::resize(&mut m, 120, 40);
            assert!(m.page() > heights[0], "{w}x{h} {v:?}");
        }
    }
}

#[test]
fn overlays_and_details() {
    let mut m = model(Lang::Vi, 80, 24);
    update::update(&mut m, Action::Help);
    insta::assert_snapshot!("vi_80x24_help", render_text(&m));
    update::update(&mut m, Action::Back);
    update::update(&mut m, Action::Palette);
    type_str(&mut m, "tieng");
    insta::assert_snapshot!("vi_80x24_palette_tieng", render_text(&m));
    update::on_key(&mut m, key(KeyCode::Esc));
    update::update(&mut m, Action::Go(ViewId::Deadlines));
    update::update(&mut m, Action::ToggleCalendar);
    insta::assert_snapshot!("vi_80x24_deadlines_calendar", render_text(&m));
}

#[test]
fn filter_ignores_case_and_diacritics() {
    let mut m = model(Lang::Vi, 80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    update::update(&mut m, Action::Filter);
    assert_eq!(m.overlay, Overlay::Filter);
    type_str(&mut m, "cong thong tin");
    let names: Vec<&str> = m
        .list()
        .rows
        .iter()
        .map(|&i| m.snap.data.systems[i].name.as_str())
        .collect();
    assert_eq!(
        names,
        vec!["Trang thông tin điện tử xã (trang con Cổng thông tin tỉnh)"]
    );
    insta::assert_snapshot!("vi_80x24_systems_filtered", render_text(&m));
    // Enter keeps the filter, Esc then clears it
    update::on_key(&mut m, key(KeyCode::Enter));
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.list().rows.len(), 1);
    update::on_key(&mut m, key(KeyCode::Esc));
    assert_eq!(m.list().rows.len(), m.snap.data.systems.len());
}

#[test]
fn too_small_shows_a_line_and_any_size_is_safe() {
    let m = model(Lang::Vi, 40, 10);
    let text = render_text(&m);
    assert!(text.contains("Cửa sổ quá nhỏ (40x10)"), "{text}");
    for w in [1u16, 2, 7, 20, 59, 60, 61, 79, 80, 81, 109, 110, 200, 300] {
        for h in [1u16, 2, 5, 14, 15, 16, 24, 50] {
            let mut m = model(Lang::En, w, h);
            for v in ViewId::ALL {
                update::update(&mut m, Action::Go(v));
                update::update(&mut m, Action::Bottom);
                let _ = render_text(&m);
                update::update(&mut m, Action::Help);
                let _ = render_text(&m);
                update::update(&mut m, Action::Back);
            }
        }
    }
}

#[test]
fn overdue_rows_and_selection_carry_style() {
    let mut m = model(Lang::Vi, 120, 40);
    update::update(&mut m, Action::Go(ViewId::Deadlines));
    let backend = ratatui::backend::TestBackend::new(120, 40);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| capdo::tui::ui::draw(f, &m)).unwrap();
    let buf = term.backend().buffer().clone();
    // find the first ✖ (an overdue row) and check it is red and bold in the dark theme
    let mut found = false;
    for y in 0..40 {
        for x in 0..120 {
            let c = &buf[(x, y)];
            if c.symbol() == "✖" && y > 3 {
                assert_eq!(c.fg, Color::LightRed, "overdue symbol colour at {x},{y}");
                assert!(c.modifier.contains(Modifier::BOLD));
                found = true;
                break;
            }
        }
        if found {
            break;
        }
    }
    assert!(found, "no overdue row drawn");
    // the selected row is reversed (meaning survives without colour)
    let sel_row = (0..40)
        .find(|&y| buf[(1, y)].symbol() == "▶")
        .expect("selection marker");
    assert!(buf[(10, sel_row)].modifier.contains(Modifier::REVERSED));
    // monochrome: no colours at all, still reversed selection and symbols
    m.theme = Theme::new(ThemeName::Mono);
    term.draw(|f| capdo::tui::ui::draw(f, &m)).unwrap();
    let buf = term.backend().buffer().clone();
    for y in 0..40 {
        for x in 0..120 {
            let c = &buf[(x, y)];
            assert!(
                matches!(c.fg, Color::Reset),
                "colour in mono theme at {x},{y}: {:?}",
                c.fg
            );
        }
    }
    let sel_row = (0..40)
        .find(|&y| buf[(1, y)].symbol() == "▶")
        .expect("selection marker");
    assert!(buf[(10, sel_row)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn keys_drive_the_state() {
    let mut m = model(Lang::Vi, 80, 24);
    assert_eq!(m.view, ViewId::Overview);
    update::on_key(&mut m, key(KeyCode::Char('2')));
    assert_eq!(m.view, ViewId::Systems);
    update::on_key(&mut m, key(KeyCode::Tab));
    assert_eq!(m.view, ViewId::Approvals);
    update::on_key(&mut m, key(KeyCode::BackTab));
    assert_eq!(m.view, ViewId::Systems);
    update::on_key(&mut m, key(KeyCode::Char('j')));
    update::on_key(&mut m, key(KeyCode::Down));
    assert_eq!(m.list().selected, 2);
    update::on_key(&mut m, key(KeyCode::Char('G')));
    assert_eq!(m.list().selected, m.snap.data.systems.len() - 1);
    update::on_key(&mut m, key(KeyCode::Char('g')));
    assert_eq!(m.list().selected, 0);
    update::on_key(&mut m, key(KeyCode::PageDown));
    assert!(m.list().selected > 1);
    // sorting by code keeps the selected system selected
    let before = m.list().current();
    update::on_key(&mut m, key(KeyCode::Char('s')));
    assert_eq!(m.list().sort, Some((0, false)));
    assert_eq!(m.list().current(), before);
    update::on_key(&mut m, key(KeyCode::Char('S')));
    assert_eq!(m.list().sort, Some((0, true)));
    // Enter asks for the details; L switches language and asks to save it
    assert_eq!(
        update::on_key(&mut m, key(KeyCode::Enter)),
        vec![Effect::OpenDetail(capdo::tui::model::Target::System(
            m.list().current().unwrap()
        ))]
    );
    assert_eq!(
        update::on_key(&mut m, key(KeyCode::Char('L'))),
        vec![Effect::SaveConfig]
    );
    assert_eq!(m.lang, Lang::En);
    // the palette runs what it lists
    update::on_key(&mut m, key(KeyCode::Char(':')));
    type_str(&mut m, "budget");
    update::on_key(&mut m, key(KeyCode::Enter));
    assert_eq!(m.view, ViewId::Budget);
    assert_eq!(
        update::on_key(&mut m, key(KeyCode::Char('q'))),
        vec![Effect::Quit]
    );
    assert!(m.quit);
}

#[test]
fn selection_survives_a_refresh() {
    let mut m = model(Lang::Vi, 80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    for _ in 0..5 {
        update::update(&mut m, Action::Down);
    }
    let id = m.snap.data.systems[m.list().current().unwrap()].id;
    // a reload where a new system comes first
    let mut snap = snapshot();
    let mut extra = snap.data.systems[0].clone();
    extra.id = 0;
    extra.code = "AAA".into();
    snap.data.systems.insert(0, extra);
    let snap = Snapshot::build(snap.data, snap.rules, snap.clock, HORIZON);
    m.replace_snapshot(snap);
    assert_eq!(m.snap.data.systems[m.list().current().unwrap()].id, id);
}

#[test]
fn control_characters_never_reach_the_screen() {
    let mut snap = snapshot();
    snap.data.systems[0].name = "Evil\x1b[2J\x1b]0;pwned\x07name".into();
    let snap = Snapshot::build(snap.data, snap.rules, snap.clock, HORIZON);
    let mut m = Model::new(
        snap,
        Lang::Vi,
        Theme::new(ThemeName::Dark),
        (120, 40),
        false,
    );
    update::update(&mut m, Action::Go(ViewId::Systems));
    let text = render_text(&m);
    assert!(!text.contains('\x1b'));
    assert!(!text.contains('\x07'));
    assert!(text.contains("Evil^[[2J"), "{text}");
}

#[test]
fn export_writes_the_view_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = model(Lang::Vi, 80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    update::update(&mut m, Action::Filter);
    type_str(&mut m, "may chu");
    update::on_key(&mut m, key(KeyCode::Enter));
    assert_eq!(
        update::update(&mut m, Action::Export),
        vec![Effect::Export(ViewId::Systems)]
    );
    let path = capdo::tui::export_view(&m, ViewId::Systems, dir.path()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "an export of the view is private");
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("\u{feff}Mã,Tên hệ thống,Cấp,Hồ sơ,Phương án"),
        "{}",
        lines[0]
    );
    // the two servers, every column (also those hidden at 80 columns), status symbols kept
    assert_eq!(lines.len(), 3, "{text}");
    // the status and the date in their own columns, dates ISO (sortable)
    assert!(lines[1].starts_with("MA-DATA,Máy chủ lưu trữ dữ liệu nội bộ,3,cần xác định lại,đang triển khai,2025-01-20,quá hạn,2026-01-20"), "{}", lines[1]);
    assert!(lines[2].starts_with("MA-CU,"));
    // a second export never overwrites the first
    let again = capdo::tui::export_view(&m, ViewId::Systems, dir.path()).unwrap();
    assert_ne!(again, path);
    // the Overview exports the deadlines
    update::update(&mut m, Action::Go(ViewId::Overview));
    assert_eq!(
        update::update(&mut m, Action::Export),
        vec![Effect::Export(ViewId::Deadlines)]
    );
}

#[test]
fn export_neutralises_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let mut snap = snapshot();
    snap.data.systems[0].name = "=HYPERLINK(\"http://x\")".into();
    let snap = Snapshot::build(snap.data, snap.rules, snap.clock, HORIZON);
    let m = Model::new(snap, Lang::Vi, Theme::new(ThemeName::Dark), (80, 24), false);
    let path = capdo::tui::export_view(&m, ViewId::Systems, dir.path()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
}

/// The Overview's urgent list, selected without ordering every item, is the head of the full
/// order: by `overview_key` (worst first), ties in the Deadlines view's order. Many systems with the same dates
/// (ties everywhere) and codes in reverse order (ranks matter) make the cut land inside ties.
#[test]
fn the_urgent_list_is_the_head_of_the_full_order() {
    use capdo::domain::engine::{self, Status};
    let base = snapshot();
    let mut data = base.data.clone();
    let template = data.systems[0].clone();
    for n in 0..600 {
        let mut s = template.clone();
        s.id = 10_000 + n;
        s.code = format!("Z{:04}", 600 - n);
        s.name = format!("Hệ thống {n}");
        data.systems.push(s);
    }
    let snap = Snapshot::build(data, base.rules.clone(), base.clock, HORIZON);
    let items = &snap.items;
    let key = |i: usize| {
        let it = &items[i];
        (
            capdo::tui::snapshot::overview_key(it),
            engine::order_key(it, &snap.data, &snap.ranks),
            i,
        )
    };
    let mut all: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].status != Status::Upcoming)
        .collect();
    assert_eq!(snap.urgent_total, all.len());
    assert!(
        all.len() > capdo::tui::snapshot::URGENT_MAX,
        "{}",
        all.len()
    );
    all.sort_by_key(|&i| key(i));
    all.truncate(capdo::tui::snapshot::URGENT_MAX);
    assert_eq!(snap.urgent, all);
}

/// The Overview lists the worst first: incident clocks, then overdue from the most late, then
/// never-assessed systems (named), then due-soon from the soonest; what does not fit is
/// counted on the last line with where it is, and j/k scroll the list.
#[test]
fn the_overview_shows_the_worst_first_and_scrolls() {
    use capdo::domain::Kind;
    use capdo::domain::engine::Status;
    let mut m = model(Lang::Vi, 80, 24);
    let s = &m.snap;
    let groups: Vec<_> = s
        .urgent
        .iter()
        .map(|&i| capdo::tui::snapshot::overview_key(&s.items[i]))
        .collect();
    assert!(groups.windows(2).all(|w| w[0] <= w[1]), "{groups:?}");
    let first = &s.items[s.urgent[0]];
    assert_eq!(first.kind, Kind::Incident);
    let second = &s.items[s.urgent[1]];
    assert_eq!(second.status, Status::Overdue);
    let worst = s.items.iter().filter_map(|it| it.days_left).min().unwrap();
    assert_eq!(second.days_left, Some(worst));
    // never-assessed systems are in the list by name
    let never: Vec<String> = s
        .urgent
        .iter()
        .map(|&i| &s.items[i])
        .filter(|it| it.due_on.is_none())
        .map(|it| it.system_code(&s.data).unwrap().to_owned())
        .collect();
    assert_eq!(never.len(), s.never_assessed);
    assert!(!never.is_empty());

    let screen = render_text(&m);
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows.iter().position(|l| l.contains("Việc gấp")).unwrap();
    assert!(rows[at + 1].contains("còn 14 giờ"), "{screen}");
    assert!(rows[at + 2].contains("quá hạn 790 ngày"), "{screen}");
    let total = m.snap.urgent_total;
    let h = capdo::tui::views::overview::urgent_height(&m);
    let more = format!("+{} mục nữa — j/k cuộn · 5 Hạn chót", total - (h - 1));
    assert!(screen.contains(&more), "{screen}");
    assert!(screen.contains(&format!("1–{}/{total}", h - 1)), "{screen}");

    // j scrolls by one, G to the end (the last item on screen, no "+N" line), g back
    update::on_key(&mut m, key(KeyCode::Char('j')));
    let screen = render_text(&m);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[at + 1].contains("quá hạn 790 ngày"), "{screen}");
    update::on_key(&mut m, key(KeyCode::Char('G')));
    let screen = render_text(&m);
    assert!(!screen.contains("mục nữa"), "{screen}");
    assert!(screen.contains(&format!("/{total}")), "{screen}");
    for code in &never {
        assert!(
            screen.contains(code.as_str()),
            "{code} not named:\n{screen}"
        );
    }
    let last = &m.snap.items[*m.snap.urgent.last().unwrap()];
    assert_eq!(last.status, Status::DueSoon);
    insta::assert_snapshot!("vi_80x24_overview_bottom", screen);
    // further j stays at the end
    let end = m.lists[0].offset;
    update::on_key(&mut m, key(KeyCode::Char('j')));
    assert_eq!(m.lists[0].offset, end);
    update::on_key(&mut m, key(KeyCode::Char('g')));
    assert_eq!(m.lists[0].offset, 0);
    // the footer offers j because it works here
    assert!(render_text(&m).contains("j di chuyển"));
}

fn empty_model(lang: Lang) -> Model {
    let store = capdo::store::Store::in_memory(today()).unwrap();
    let data = store.load(Scope::Rules).unwrap();
    let rules = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    let snap = Snapshot::build(data, rules, Clock::on(today()), HORIZON);
    Model::new(snap, lang, Theme::new(ThemeName::Dark), (80, 24), false)
}

/// An empty store's Overview says how to start, whole at 80 columns, and shows no ✔ on 0/0.
#[test]
fn an_empty_store_says_how_to_start() {
    let m = empty_model(Lang::Vi);
    let screen = render_text(&m);
    for needle in [
        "Kho dữ liệu chưa có hệ thống thông tin nào. Để bắt đầu:",
        "capdo template danh-muc.xlsx",
        "capdo import danh-muc.xlsx",
        "“Nhập danh mục từ tệp”",
        "capdo --demo",
    ] {
        assert!(screen.contains(needle), "{needle:?} missing:\n{screen}");
    }
    assert!(!screen.contains('✔'), "{screen}");
    insta::assert_snapshot!("vi_80x24_empty_overview", screen);
    let m = empty_model(Lang::En);
    let screen = render_text(&m);
    for needle in [
        "capdo template inventory.xlsx",
        "capdo import inventory.xlsx",
        "capdo --demo",
    ] {
        assert!(screen.contains(needle), "{needle:?} missing:\n{screen}");
    }
    insta::assert_snapshot!("en_80x24_empty_overview", screen);
    // the palette starts with the import there, and Enter opens its form
    let mut m = empty_model(Lang::Vi);
    update::on_key(&mut m, key(KeyCode::Char(':')));
    update::on_key(&mut m, key(KeyCode::Enter));
    match &m.overlay {
        Overlay::Form(f) => assert_eq!(f.purpose, capdo::tui::form::Purpose::Import),
        other => panic!("{other:?}"),
    }
    // a store with used systems only: the shares have no ✔ on "0/0"
    let mut data = snapshot().data;
    for s in &mut data.systems {
        s.relation = capdo::domain::Relation::Used;
    }
    let rules = RuleChoice::new(Packs::embedded(), today(), None).unwrap();
    let snap = Snapshot::build(data, rules, Clock::on(today()), HORIZON);
    let m = Model::new(snap, Lang::Vi, Theme::new(ThemeName::Dark), (80, 24), false);
    let screen = render_text(&m);
    let line = screen
        .lines()
        .find(|l| l.contains("Đã phê duyệt cấp độ: 0/0"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(!line.contains('✔') && !line.contains('✖'), "{line}");
}

/// The palette opens on an empty query with the most useful actions first; quit is last and
/// never selected, so Enter right away does not quit.
#[test]
fn the_palette_opens_on_useful_actions() {
    let mut m = model(Lang::Vi, 80, 24);
    update::on_key(&mut m, key(KeyCode::Char(':')));
    let entries = update::palette_entries(&m, "");
    assert_eq!(entries[0].action, Action::New, "{:?}", entries[0].action);
    assert!(entries.iter().any(|b| b.action == Action::Import));
    assert_eq!(entries.last().unwrap().action, Action::Quit);
    update::on_key(&mut m, key(KeyCode::Enter));
    assert!(!m.quit);
    // typing still finds quit
    update::on_key(&mut m, key(KeyCode::Char(':')));
    type_str(&mut m, "thoat");
    assert_eq!(update::palette_entries(&m, "thoat")[0].action, Action::Quit);
}

/// `?` lists every key of the current view, the write keys included.
#[test]
fn help_lists_every_key_of_the_view() {
    let mut m = model(Lang::Vi, 120, 80);
    update::update(&mut m, Action::Go(ViewId::Systems));
    update::update(&mut m, Action::Help);
    let screen = render_text(&m);
    assert!(screen.contains("── Màn hình Hệ thống"), "{screen}");
    for (k, label) in [
        ("n", "Thêm mới"),
        ("e", "Sửa bản ghi đang chọn"),
        ("d", "Ghi nhận bước hồ sơ cấp độ"),
        ("a", "Ghi nhận kiểm tra, đánh giá"),
        ("w", "Trợ lý xác định cấp độ"),
        ("x", "Ngừng sử dụng hệ thống"),
    ] {
        assert!(
            screen
                .lines()
                .any(|l| l.contains(&format!("│{k} ")) && l.contains(label)),
            "{k} {label} missing:\n{screen}"
        );
    }
    let mut m = model(Lang::Vi, 120, 80);
    update::update(&mut m, Action::Go(ViewId::Incidents));
    update::update(&mut m, Action::Help);
    let screen = render_text(&m);
    assert!(screen.contains("Kết thúc ứng phó sự cố"), "{screen}");
    assert!(screen.contains("Đánh dấu đã gửi / đã xong"), "{screen}");
    // G stops at the last page: the glossary's last line is on screen, not a blank box
    let mut m = model(Lang::Vi, 80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    update::update(&mut m, Action::Help);
    let top = render_text(&m);
    assert!(top.contains("── Mọi nơi"), "{top}");
    update::update(&mut m, Action::Bottom);
    let end = render_text(&m);
    assert!(end.contains("sự cố — sự cố an ninh mạng"), "{end}");
    // and one k from there moves at once (the scroll stopped at the end, not past it)
    let Overlay::Help { scroll: at_end } = m.overlay else {
        panic!()
    };
    assert_eq!(at_end, capdo::tui::views::help::max_scroll(&m));
    update::update(&mut m, Action::Up);
    assert_eq!(m.overlay, Overlay::Help { scroll: at_end - 1 });
    // the view's own keys come first
    update::update(&mut m, Action::Top);
    let top = render_text(&m);
    let first = top.lines().position(|l| l.contains("── Màn hình Hệ thống"));
    let global = top.lines().position(|l| l.contains("── Mọi nơi"));
    assert!(first < global, "{top}");
    insta::assert_snapshot!("vi_80x24_help_systems", top);
    // read-only: no write key is listed
    let mut m = model(Lang::Vi, 120, 80);
    m.read_only = true;
    update::update(&mut m, Action::Go(ViewId::Systems));
    update::update(&mut m, Action::Help);
    assert!(!render_text(&m).contains("Ngừng sử dụng hệ thống"));
}

/// The filter ignores punctuation and spacing, and matches dates as they are shown.
#[test]
fn filter_ignores_punctuation_and_matches_shown_dates() {
    let base = snapshot();
    let mut data = base.data.clone();
    let mut x = data.systems[0].clone();
    x.id = 9_999;
    x.code = "X-1".into();
    x.name = "Mạng Wi-Fi tầng 2".into();
    data.systems.push(x);
    let snap = Snapshot::build(data, base.rules.clone(), base.clock, HORIZON);
    let mut m = Model::new(snap, Lang::Vi, Theme::new(ThemeName::Dark), (80, 24), false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    update::update(&mut m, Action::Filter);
    type_str(&mut m, "mang wifi");
    let codes: Vec<&str> = m
        .list()
        .rows
        .iter()
        .map(|&i| m.snap.data.systems[i].code.as_str())
        .collect();
    assert_eq!(codes, ["X-1"]);
    update::on_key(&mut m, key(KeyCode::Esc));
    // a date as the Deadlines view shows it
    update::update(&mut m, Action::Go(ViewId::Deadlines));
    update::update(&mut m, Action::Filter);
    type_str(&mut m, "19/12/2026");
    let rows = m.list().rows.clone();
    assert!(!rows.is_empty());
    assert!(rows.len() < m.snap.items.len());
    let dec31 = NaiveDate::from_ymd_opt(2026, 12, 19).unwrap();
    assert!(rows.iter().all(|&i| m.snap.items[i].due_on == Some(dec31)));
    update::on_key(&mut m, key(KeyCode::Esc));
    update::update(&mut m, Action::Filter);
    type_str(&mut m, "12/2026");
    let rows = m.list().rows.clone();
    assert!(rows.iter().any(|&i| m.snap.items[i].due_on == Some(dec31)));
}

/// The sorted column has an arrow; a list longer than the screen says where the cursor is.
#[test]
fn lists_show_the_sort_arrow_and_the_position() {
    let mut m = model(Lang::Vi, 80, 24);
    update::update(&mut m, Action::Go(ViewId::Deadlines));
    let n = m.list().rows.len();
    assert!(n > m.page(), "{n} rows fit on one screen");
    assert!(render_text(&m).contains(&format!(" 1/{n} ┘")));
    update::on_key(&mut m, key(KeyCode::Char('G')));
    assert!(render_text(&m).contains(&format!(" {n}/{n} ┘")));
    update::on_key(&mut m, key(KeyCode::Char('s')));
    let screen = render_text(&m);
    assert!(screen.contains("▲"), "{screen}");
    update::on_key(&mut m, key(KeyCode::Char('S')));
    assert!(render_text(&m).contains("▼"));
    // a list that fits shows no position
    update::update(&mut m, Action::Go(ViewId::Incidents));
    let rows = m.list().rows.len();
    assert!(!render_text(&m).contains(&format!(" 1/{rows} ┘")));
}

/// An open incident is never marked ✔, even with every report sent.
#[test]
fn an_open_incident_is_never_marked_done() {
    let base = snapshot();
    let mut data = base.data.clone();
    let i = data
        .incidents
        .iter()
        .position(|x| x.response_ended_at.is_none())
        .expect("an open incident in the sample");
    let reports: Vec<String> =
        capdo::domain::engine::incident_clocks(&data.incidents[i], &base.rules)
            .iter()
            .filter(|c| c.due_at.is_some())
            .map(|c| {
                base.rules.packs.get(c.pack).incident_reports[c.rule]
                    .id
                    .clone()
            })
            .collect();
    let at = data.incidents[i].detected_at + chrono::Duration::hours(1);
    for r in reports {
        if data.incidents[i].sent(&r).is_none() {
            data.incidents[i].reports.push(capdo::domain::SentReport {
                report: r,
                sent_at: at,
                recipients: String::new(),
            });
        }
    }
    let snap = Snapshot::build(data, base.rules.clone(), base.clock, HORIZON);
    let mut m = Model::new(
        snap,
        Lang::Vi,
        Theme::new(ThemeName::Dark),
        (120, 40),
        false,
    );
    update::update(&mut m, Action::Go(ViewId::Incidents));
    let detected = capdo::i18n::datetime(m.snap.data.incidents[i].detected_at);
    let screen = render_text(&m);
    let line = screen
        .lines()
        .find(|l| l.contains(&detected))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(!line.contains('✔'), "{line}");
    assert!(line.contains("đang xử lý"), "{line}");
}

/// `t` says which theme is now on.
#[test]
fn the_theme_key_says_which_theme_is_on() {
    let mut m = model(Lang::Vi, 80, 24);
    update::on_key(&mut m, key(KeyCode::Char('t')));
    assert_eq!(m.theme.name, ThemeName::Light);
    assert!(render_text(&m).contains("Giao diện: sáng"));
    update::on_key(&mut m, key(KeyCode::Char('t')));
    assert!(render_text(&m).contains("Giao diện: đơn sắc"));
}

/// The Systems, Assessments and Approvals views show the deadline list's own dates: a level
/// changed on an approved dossier keeps the shorter interval until approved, and a
/// re-determination is due from its step's date, never the 2024 deadline.
#[test]
fn the_views_show_the_dates_of_the_deadline_list() {
    use capdo::domain::engine::Subject;
    use capdo::domain::{DossierState, Level};
    let base = snapshot();
    let mut data = base.data.clone();
    let i = data
        .systems
        .iter()
        .position(|s| s.code == "MA-SOHOA")
        .expect("MA-SOHOA in the sample");
    let s = &mut data.systems[i];
    assert_eq!(s.level, Level::new(3));
    assert_eq!(s.dossier, DossierState::Approved);
    // `record level MA-SOHOA --level 2 --on 25/11/2026`
    s.level = Level::new(2);
    s.approved_level = Level::new(3);
    s.dossier = DossierState::Redetermine;
    s.dossier_since = NaiveDate::from_ymd_opt(2026, 11, 25);
    let snap = Snapshot::build(data, base.rules.clone(), base.clock, HORIZON);
    // every system: the views' figures are the deadline items'
    let mut seen = (0, 0);
    for it in &snap.items {
        match it.subject {
            Subject::Assessment { system, months, .. } => {
                let a = snap.assess[system].expect("assessment info");
                assert_eq!((a.due, a.months), (it.due_on, months), "system {system}");
                seen.0 += 1;
            }
            Subject::Approval { system } => {
                let a = snap.approval[system].expect("approval info");
                assert_eq!(Some(a.due), it.due_on, "system {system}");
                assert_eq!(a.redetermine, it.redetermine, "system {system}");
                seen.1 += 1;
            }
            _ => {}
        }
    }
    assert_eq!(seen.0, snap.assess.iter().flatten().count());
    assert_eq!(seen.1, snap.approval.iter().flatten().count());
    let mut m = Model::new(
        snap,
        Lang::Vi,
        Theme::new(ThemeName::Dark),
        (120, 40),
        false,
    );
    let line = |m: &mut Model, v: ViewId, code: &str| {
        update::update(m, Action::Go(v));
        let screen = render_text(m);
        screen
            .lines()
            .find(|l| l.contains(code))
            .unwrap_or_else(|| panic!("{code} in {v:?}:\n{screen}"))
            .to_owned()
    };
    // level 3's 12 months from the approval of 20/11/2025, not level 2's 24
    let l = line(&mut m, ViewId::Assessments, "MA-SOHOA");
    assert!(
        l.contains("12 th") && l.contains("✖ 20/11/2026 quá hạn 9 ngày"),
        "{l}"
    );
    let l = line(&mut m, ViewId::Systems, "MA-SOHOA");
    assert!(l.contains("✖ 20/11/2026"), "{l}");
    // re-determinations: from the step's date
    let l = line(&mut m, ViewId::Approvals, "MA-SOHOA");
    assert!(l.contains("✖ 25/11/2026"), "{l}");
    let l = line(&mut m, ViewId::Approvals, "MA-DATA");
    assert!(l.contains("✖ 15/07/2025"), "{l}");
    assert!(!l.contains("30/09/2024"), "{l}");
}
