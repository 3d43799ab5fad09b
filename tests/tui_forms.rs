//! Recording work from the dashboard: every form opens from its key, validates with the shared
//! operations (errors beside the fields, nothing saved), saves into a real store, and can be
//! undone. Read-only mode offers and performs no write at all.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

use capdo::domain::engine::Clock;
use capdo::domain::{DossierState, Kind};
use capdo::i18n::Lang;
use capdo::rules::{Packs, RuleChoice};
use capdo::store::{Scope, Store, WriteCtx};
use capdo::tui::action::{Action, ViewId};
use capdo::tui::form::Purpose;
use capdo::tui::keymap::{self, BINDINGS, Context};
use capdo::tui::model::{Model, Overlay};
use capdo::tui::snapshot::Snapshot;
use capdo::tui::theme::{Theme, ThemeName};
use capdo::tui::update::{self, Effect};
use capdo::tui::{HORIZON, render_text, save_form};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn ctx() -> WriteCtx {
    WriteCtx {
        at: today().and_hms_opt(9, 0, 0).unwrap(),
        today: today(),
        os_user: "test".into(),
    }
}

fn rules() -> RuleChoice {
    RuleChoice::new(Packs::embedded(), today(), None).unwrap()
}

fn snap(store: &Store) -> Snapshot {
    Snapshot::build(
        store.load(Scope::Rules).unwrap(),
        rules(),
        Clock::on(today()),
        HORIZON,
    )
}

fn setup(read_only: bool) -> (Store, Model) {
    let store = capdo::sample::demo_store(&ctx()).unwrap();
    let m = Model::new(
        snap(&store),
        Lang::Vi,
        Theme::new(ThemeName::Dark),
        (100, 40),
        read_only,
    );
    (store, m)
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

fn press(m: &mut Model, c: KeyCode) -> Vec<Effect> {
    update::on_key(m, key(c))
}

fn type_str(m: &mut Model, s: &str) {
    for c in s.chars() {
        press(m, KeyCode::Char(c));
    }
}

/// Moves the form focus to the field `k`.
fn focus(m: &mut Model, k: &str) {
    for _ in 0..40 {
        if let Overlay::Form(f) = &m.overlay
            && f.focused().is_some_and(|x| x.key == k)
        {
            return;
        }
        press(m, KeyCode::Tab);
    }
    panic!("no field {k}");
}

/// Clears the focused field and types `s`.
fn fill(m: &mut Model, k: &str, s: &str) {
    focus(m, k);
    update::on_key(
        m,
        KeyEvent {
            code: KeyCode::Char('u'),
            modifiers: KeyModifiers::CONTROL,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        },
    );
    type_str(m, s);
}

/// Cycles the focused choice until it holds `value`.
fn choose(m: &mut Model, k: &str, value: &str) {
    focus(m, k);
    for _ in 0..20 {
        if let Overlay::Form(f) = &m.overlay
            && f.value(k) == value
        {
            return;
        }
        press(m, KeyCode::Right);
    }
    panic!("{k} never became {value}");
}

/// Presses Enter and carries out the save as the dashboard does; returns the form's errors.
fn save(store: &mut Store, m: &mut Model) -> Vec<(String, String)> {
    let effects = press(m, KeyCode::Enter);
    let form = match effects.into_iter().next() {
        Some(Effect::Submit(f)) => *f,
        other => panic!(
            "expected a submit, got {other:?} with overlay {:?}",
            m.overlay
        ),
    };
    match save_form(store, &m.snap.rules, &ctx(), m.lang, form) {
        Ok(_) => {
            m.replace_snapshot(snap(store));
            Vec::new()
        }
        Err(f) => {
            let e = f.errors.clone();
            m.overlay = Overlay::Form(Box::new(f));
            e
        }
    }
}

fn select_system(m: &mut Model, code: &str) {
    let i = m.lists[m.view.index()]
        .rows
        .iter()
        .position(|&i| m.snap.data.systems[i].code == code)
        .unwrap_or_else(|| panic!("{code} not listed"));
    m.lists[m.view.index()].selected = i;
}

fn db_state(store: &Store) -> String {
    serde_json::to_string(&store.dump().unwrap().systems.len()).unwrap()
        + &format!("{:?}", store.load(Scope::Full).unwrap())
}

#[test]
fn add_system_validates_then_saves_and_undoes() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    press(&mut m, KeyCode::Char('n'));
    assert!(matches!(&m.overlay, Overlay::Form(f) if f.purpose == Purpose::AddSystem));
    let before = db_state(&store);
    // empty: errors beside code and name, nothing written
    let errors = save(&mut store, &mut m);
    let keys: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
    assert!(
        keys.contains(&"code") && keys.contains(&"name"),
        "{errors:?}"
    );
    assert_eq!(db_state(&store), before);
    insta::assert_snapshot!("form_add_system_errors", render_text(&m));
    // a duplicate code is refused too
    fill(&mut m, "code", "MA-LAN");
    fill(&mut m, "name", "Hệ thống thử");
    choose(&mut m, "level", "2");
    let errors = save(&mut store, &mut m);
    assert!(errors.iter().any(|(k, _)| k == "code"), "{errors:?}");
    // fixed: saved
    fill(&mut m, "code", "MA-MOI");
    fill(&mut m, "go_live_on", "15/02/2027");
    assert!(save(&mut store, &mut m).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    let s = store.system_by_code("MA-MOI").unwrap().expect("saved");
    assert_eq!(s.name, "Hệ thống thử");
    assert_eq!(s.level.map(|l| l.get()), Some(2));
    // its deadlines appear: approval due at go-live
    assert!(
        m.snap
            .items
            .iter()
            .any(|it| it.kind == Kind::Approval && it.system_code(&m.snap.data) == Some("MA-MOI"))
    );
}

#[test]
fn dossier_approval_needs_decision_and_regulation() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Approvals));
    select_system(&mut m, "MA-DTT");
    press(&mut m, KeyCode::Char('d'));
    assert!(matches!(&m.overlay, Overlay::Form(f) if f.value("state") == "approved"));
    let errors = save(&mut store, &mut m);
    let keys: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
    assert!(
        keys.contains(&"reference"),
        "decision number required: {errors:?}"
    );
    assert!(
        keys.contains(&"regulation_issued_on"),
        "regulation required: {errors:?}"
    );
    fill(&mut m, "reference", "250/QĐ-UBND");
    fill(&mut m, "regulation_issued_on", "20/11/2026");
    fill(&mut m, "regulation_ref", "240/QĐ-UBND");
    assert!(save(&mut store, &mut m).is_empty());
    let s = store.system_by_code("MA-DTT").unwrap().unwrap();
    assert_eq!(s.dossier, DossierState::Approved);
    assert_eq!(s.decision_no, "250/QĐ-UBND");
    assert_eq!(s.approved_on, Some(today()));
    // no approval item left for it
    assert!(
        !m.snap
            .items
            .iter()
            .any(|it| it.kind == Kind::Approval && it.system_code(&m.snap.data) == Some("MA-DTT"))
    );
}

#[test]
fn assessment_moves_the_next_due_date_and_undo_restores() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Assessments));
    select_system(&mut m, "MA-LAN");
    let due_before = m.snap.assess[m.list().current().unwrap()].unwrap().due;
    press(&mut m, KeyCode::Char('a'));
    fill(&mut m, "on", "30/11/2026");
    let errors = save(&mut store, &mut m);
    assert!(
        errors.iter().any(|(k, _)| k == "on"),
        "a future date is refused: {errors:?}"
    );
    let before = db_state(&store);
    fill(&mut m, "on", "28/11/2026");
    fill(&mut m, "assessor", "Trung tâm CNTT tỉnh");
    let effects = press(&mut m, KeyCode::Enter);
    let Some(Effect::Submit(form)) = effects.into_iter().next() else {
        panic!()
    };
    let (cs, what) = save_form(&mut store, &m.snap.rules, &ctx(), Lang::Vi, *form).unwrap();
    assert!(what.contains("MA-LAN"), "{what}");
    m.replace_snapshot(snap(&store));
    let i = m
        .snap
        .data
        .systems
        .iter()
        .position(|s| s.code == "MA-LAN")
        .unwrap();
    assert_eq!(
        m.snap.assess[i].unwrap().due,
        NaiveDate::from_ymd_opt(2028, 11, 28)
    );
    assert_ne!(m.snap.assess[i].unwrap().due, due_before);
    // u asks to undo; the undo restores the data exactly and is itself logged
    assert_eq!(press(&mut m, KeyCode::Char('u')), vec![Effect::Undo]);
    let log_before = store.log(&Default::default()).unwrap().len();
    capdo::ops::undo(&mut store, &ctx(), &cs).unwrap();
    assert_eq!(db_state(&store), before);
    assert!(store.log(&Default::default()).unwrap().len() > log_before);
    assert!(store.verify().unwrap().is_ok());
}

#[test]
fn decommission_asks_first() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    select_system(&mut m, "MA-WIFI");
    press(&mut m, KeyCode::Char('x'));
    let effects = press(&mut m, KeyCode::Enter);
    assert!(effects.is_empty());
    assert!(matches!(m.overlay, Overlay::Confirm { .. }));
    insta::assert_snapshot!("form_decommission_confirm", render_text(&m));
    // n goes back to the form; y saves
    press(&mut m, KeyCode::Char('n'));
    assert!(matches!(m.overlay, Overlay::Form(_)));
    press(&mut m, KeyCode::Enter);
    let effects = press(&mut m, KeyCode::Char('y'));
    let Some(Effect::Submit(form)) = effects.into_iter().next() else {
        panic!("no submit")
    };
    save_form(&mut store, &m.snap.rules, &ctx(), Lang::Vi, *form).unwrap();
    assert_eq!(
        store
            .system_by_code("MA-WIFI")
            .unwrap()
            .unwrap()
            .decommissioned_on,
        Some(today())
    );
}

#[test]
fn incident_report_and_closing() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Incidents));
    m.lists[m.view.index()].selected = 0; // the ransomware incident, most recent first
    press(&mut m, KeyCode::Char('m'));
    assert!(matches!(&m.overlay, Overlay::Form(f) if f.value("report") == "notify"));
    let errors = save(&mut store, &mut m);
    assert!(errors.iter().any(|(k, _)| k == "recipients"), "{errors:?}");
    fill(&mut m, "recipients", "Bộ Công an (A05)");
    fill(&mut m, "sent_at", "28/11/2026 16:00");
    assert!(save(&mut store, &mut m).is_empty());
    assert!(
        !m.snap.items.iter().any(|it| it.kind == Kind::Incident),
        "the 72 h clock stopped"
    );
    press(&mut m, KeyCode::Char('C'));
    fill(&mut m, "response_ended_at", "28/11/2026 18:00");
    let errors = save(&mut store, &mut m);
    assert!(errors.iter().any(|(k, _)| k == "lessons"), "{errors:?}");
    fill(&mut m, "lessons", "Sao lưu ngoại tuyến hằng tuần");
    assert!(save(&mut store, &mut m).is_empty());
    let incs = store.incidents().unwrap();
    let inc = incs.iter().find(|i| i.title.contains("tống tiền")).unwrap();
    assert_eq!(inc.lessons, "Sao lưu ngoại tuyến hằng tuần");
    assert!(inc.response_ended_at.is_some());
}

#[test]
fn report_submission_from_the_deadlines_view() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Deadlines));
    let i = m.list().rows.iter().position(|&i| {
        let it = &m.snap.items[i];
        it.kind == Kind::Report
            && it
                .title(&m.snap.data, &m.snap.rules, Lang::Vi)
                .contains("gửi Bộ Công an")
    });
    m.lists[m.view.index()].selected = i.expect("annual report listed");
    press(&mut m, KeyCode::Char('m'));
    fill(&mut m, "doc_no", "300/BC-UBND");
    assert!(save(&mut store, &mut m).is_empty());
    // the annual report also settles the report to the owner (satisfied_by): only next year's
    // occurrences remain, besides the quarterly report of Q2/2026, which fell due under
    // Telegram 33 §1.c (19/6/2026) and stays until sent
    let reports: Vec<_> = m
        .snap
        .items
        .iter()
        .filter(|it| it.kind == Kind::Report)
        .filter(|it| it.due_on != NaiveDate::from_ymd_opt(2026, 6, 19))
        .collect();
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(reports.iter().all(|it| {
        it.due_on
            .is_some_and(|d| d > NaiveDate::from_ymd_opt(2027, 1, 1).unwrap())
    }));
}

#[test]
fn the_wizard_proposes_and_saves_a_level() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    select_system(&mut m, "MA-WIFI");
    press(&mut m, KeyCode::Char('w'));
    assert!(matches!(&m.overlay, Overlay::Form(f) if matches!(f.purpose, Purpose::Wizard { .. })));
    let errors = save(&mut store, &mut m);
    assert!(!errors.is_empty(), "no answers yet");
    // internal system, public information only → level 1 (Decree 85 Art. 7; here Decree 331)
    choose(&mut m, "type", "internal");
    let Overlay::Form(f) = &m.overlay else {
        panic!()
    };
    let keys: Vec<&str> = f.fields.iter().map(|x| x.key).collect();
    assert!(
        keys.len() > 1,
        "questions for internal systems appear: {keys:?}"
    );
    insta::assert_snapshot!("form_wizard", render_text(&m));
}

#[test]
fn read_only_offers_and_performs_no_write() {
    let (_store, mut m) = setup(true);
    for v in ViewId::ALL {
        update::update(&mut m, Action::Go(v));
        let ctx = Context {
            view: v,
            overlay: false,
            read_only: true,
        };
        // nothing that writes is live, in the footer, the help or the palette
        assert!(
            BINDINGS
                .iter()
                .filter(|b| b.live(ctx))
                .all(|b| !b.action.writes())
        );
        assert!(keymap::footer(ctx).iter().all(|b| !b.action.writes()));
        assert!(
            update::palette_entries(&m, "")
                .iter()
                .all(|b| !b.action.writes())
        );
        // and every writing action, however reached, is refused without effect or form
        for b in BINDINGS.iter().filter(|b| b.action.writes()) {
            let effects = update::update(&mut m, b.action);
            assert!(effects.is_empty(), "{:?} gave {effects:?}", b.action);
            assert_eq!(
                m.overlay,
                Overlay::None,
                "{:?} opened {:?}",
                b.action,
                m.overlay
            );
            assert!(m.status.as_deref().unwrap_or("").contains("chỉ đọc"));
        }
    }
    let text = render_text(&m);
    assert!(text.contains("[CHỈ ĐỌC]"), "{text}");
}
