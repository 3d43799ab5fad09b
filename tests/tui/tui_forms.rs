//! Recording work from the dashboard: every form opens from its key, validates with the shared
//! operations (errors beside the fields, nothing saved), saves into a real store, and can be
//! undone. Read-only mode offers and performs no write at all.

use crate::common::{ctx, today};
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

use capdo::domain::engine::Clock;
use capdo::domain::{DossierState, Kind};
use capdo::i18n::Lang;
use capdo::rules::{Packs, RuleChoice};
use capdo::store::{Scope, Store};
use capdo::tui::action::{Action, ViewId};
use capdo::tui::form::Purpose;
use capdo::tui::keymap::{self, BINDINGS, Context};
use capdo::tui::model::{Model, Overlay};
use capdo::tui::snapshot::Snapshot;
use capdo::tui::theme::{Theme, ThemeName};
use capdo::tui::update::{self, Effect};
use capdo::tui::{HORIZON, render_text, save_form};

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
    match save_form(store, &m.snap.rules, &ctx(), m.lang, Box::new(form)) {
        Ok(_) => {
            m.replace_snapshot(snap(store));
            Vec::new()
        }
        Err(f) => {
            let e = f.errors.clone();
            m.overlay = Overlay::Form(f);
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
    let (cs, what) = save_form(&mut store, &m.snap.rules, &ctx(), Lang::Vi, form).unwrap();
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
    // u says what it will undo and asks once; the undo restores the data exactly and is
    // itself logged
    m.undo_what = Some(what.clone());
    assert!(press(&mut m, KeyCode::Char('u')).is_empty());
    match &m.overlay {
        Overlay::Ask { message, .. } => {
            assert!(
                message.contains(&what) && message.contains("(c/k)"),
                "{message}"
            )
        }
        other => panic!("no question: {other:?}"),
    }
    assert_eq!(press(&mut m, KeyCode::Char('c')), vec![Effect::Undo]);
    assert_eq!(m.overlay, Overlay::None);
    let log_before = store.log(&Default::default()).unwrap().len();
    capdo::app::undo(&mut store, &ctx(), &cs).unwrap();
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
    save_form(&mut store, &m.snap.rules, &ctx(), Lang::Vi, form).unwrap();
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

fn ctrl(c: char) -> KeyEvent {
    KeyEvent {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn alt(c: char) -> KeyEvent {
    KeyEvent {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::ALT,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn form(m: &Model) -> &capdo::tui::form::Form {
    match &m.overlay {
        Overlay::Form(f) => f,
        other => panic!("no form: {other:?}"),
    }
}

fn asked(m: &Model) -> &str {
    match &m.overlay {
        Overlay::Ask { message, .. } | Overlay::Confirm { message, .. } => message,
        other => panic!("no question: {other:?}"),
    }
}

#[test]
fn typed_input_is_never_lost_without_asking() {
    let (_store, mut m) = setup(false);
    m.size = (80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    // a form left untouched closes at once
    press(&mut m, KeyCode::Char('n'));
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.overlay, Overlay::None);
    // typed input: Esc asks, k keeps the form with the input
    press(&mut m, KeyCode::Char('n'));
    fill(&mut m, "name", "Hệ thống quản lý hộ tịch");
    press(&mut m, KeyCode::Esc);
    assert_eq!(asked(&m), "Bỏ các thay đổi chưa lưu? (c/k)");
    insta::assert_snapshot!("form_discard_prompt_80x24", render_text(&m));
    press(&mut m, KeyCode::Char('k'));
    assert_eq!(form(&m).value("name"), "Hệ thống quản lý hộ tịch");
    // Ctrl-C in a form asks too (and does not quit); Ctrl-C on the question keeps the form
    let effects = update::on_key(&mut m, ctrl('c'));
    assert!(effects.is_empty() && !m.quit);
    assert!(matches!(m.overlay, Overlay::Ask { .. }));
    update::on_key(&mut m, ctrl('c'));
    assert!(!m.quit);
    assert_eq!(form(&m).value("name"), "Hệ thống quản lý hộ tịch");
    // q types into a text field…
    fill(&mut m, "owner", "q");
    assert_eq!(form(&m).value("owner"), "q");
    // …and asks to leave from a choice
    focus(&mut m, "relation");
    press(&mut m, KeyCode::Char('q'));
    assert!(matches!(m.overlay, Overlay::Ask { .. }));
    // c discards
    press(&mut m, KeyCode::Char('c'));
    assert_eq!(m.overlay, Overlay::None);
    assert!(!m.quit);
    // English
    update::update(&mut m, Action::ToggleLang);
    press(&mut m, KeyCode::Char('n'));
    fill(&mut m, "name", "x");
    press(&mut m, KeyCode::Esc);
    assert_eq!(asked(&m), "Discard unsaved changes? (y/n)");
    press(&mut m, KeyCode::Char('y'));
    assert_eq!(m.overlay, Overlay::None);
    // Ctrl-C outside forms quits as before
    assert_eq!(update::on_key(&mut m, ctrl('c')), vec![Effect::Quit]);
    assert!(m.quit);
}

#[test]
fn esc_is_never_merged_with_the_next_key() {
    let (_store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    // the filter: ESC then j arrives as Alt+j; the filter closes (cleared) and j moves down
    press(&mut m, KeyCode::Char('/'));
    type_str(&mut m, "wi");
    assert_eq!(m.list().filter, "wi");
    // (what Esc and then j do, pressed apart)
    let mut apart = m.clone();
    press(&mut apart, KeyCode::Esc);
    press(&mut apart, KeyCode::Char('j'));
    update::on_key(&mut m, alt('j'));
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.list().filter, "", "no 'j' typed into the filter");
    assert_eq!(
        m.list().selected,
        apart.list().selected,
        "j moved the cursor"
    );
    assert_eq!(m.list(), apart.list());
    // a form with input: ESC then k is Esc (the question) then k (no): the input stays
    press(&mut m, KeyCode::Char('n'));
    fill(&mut m, "name", "abc");
    update::on_key(&mut m, alt('k'));
    assert_eq!(form(&m).value("name"), "abc");
    // ESC then c: Esc (the question) then c (yes)
    update::on_key(&mut m, alt('c'));
    assert_eq!(m.overlay, Overlay::None);
    // an untouched form: ESC then 2 closes it and opens the Systems view (no '2' typed)
    update::update(&mut m, Action::Go(ViewId::Budget));
    press(&mut m, KeyCode::Char('n'));
    focus(&mut m, "name");
    update::on_key(&mut m, alt('2'));
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.view, ViewId::Systems);
}

#[test]
fn a_new_level_for_an_approved_system_is_confirmed() {
    let (mut store, mut m) = setup(false);
    m.size = (80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    select_system(&mut m, "MA-KT");
    let kt = m
        .snap
        .data
        .systems
        .iter()
        .find(|s| s.code == "MA-KT")
        .unwrap();
    assert_eq!(kt.dossier, DossierState::Approved);
    assert_eq!(kt.level.map(|l| l.get()), Some(1));
    // the edit form: the same level saves at once
    press(&mut m, KeyCode::Char('e'));
    fill(&mut m, "notes", "ghi chú");
    assert!(matches!(
        press(&mut m, KeyCode::Enter).as_slice(),
        [Effect::Submit(_)]
    ));
    // another level asks first, naming both levels
    press(&mut m, KeyCode::Char('e'));
    choose(&mut m, "level", "2");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let q = asked(&m).to_owned();
    assert!(q.contains("cấp độ 1 → 2") && q.contains("(c/k)"), "{q}");
    insta::assert_snapshot!("form_level_confirm_80x24", render_text(&m));
    // k goes back to the form, the new level kept; c saves
    press(&mut m, KeyCode::Char('k'));
    assert_eq!(form(&m).value("level"), "2");
    press(&mut m, KeyCode::Enter);
    let effects = press(&mut m, KeyCode::Char('c'));
    let Some(Effect::Submit(f)) = effects.into_iter().next() else {
        panic!("no submit")
    };
    save_form(&mut store, &m.snap.rules, &ctx(), Lang::Vi, f).unwrap();
    let kt = store.system_by_code("MA-KT").unwrap().unwrap();
    assert_eq!(kt.level.map(|l| l.get()), Some(2));
    // English
    m.replace_snapshot(snap(&store));
    update::update(&mut m, Action::ToggleLang);
    let kt = m.snap.data.systems.iter().find(|s| s.code == "MA-KT");
    if kt.is_some_and(|s| s.dossier == DossierState::Approved) {
        select_system(&mut m, "MA-KT");
        press(&mut m, KeyCode::Char('e'));
        choose(&mut m, "level", "3");
        press(&mut m, KeyCode::Enter);
        assert!(asked(&m).contains("level 2 → 3"), "{}", asked(&m));
        press(&mut m, KeyCode::Esc);
        press(&mut m, KeyCode::Esc);
        press(&mut m, KeyCode::Char('y'));
        update::update(&mut m, Action::ToggleLang);
    }
    // a system whose level is not approved: no question
    assert_eq!(m.overlay, Overlay::None);
    select_system(&mut m, "MA-WIFI");
    press(&mut m, KeyCode::Char('e'));
    choose(&mut m, "level", "2");
    assert!(matches!(
        press(&mut m, KeyCode::Enter).as_slice(),
        [Effect::Submit(_)]
    ));
}

/// Answers the wizard: the given answers, then "no" to every other yes/no question.
fn answer_wizard(m: &mut Model, answers: &[(&str, &str)]) {
    for (k, v) in answers {
        choose(m, k, v);
    }
    let open: Vec<&'static str> = form(m)
        .fields
        .iter()
        .filter(|f| {
            f.value.is_empty()
                && matches!(&f.kind, capdo::tui::form::FieldKind::Choice(o) if o.iter().any(|(k, _)| k == "no"))
        })
        .map(|f| f.key)
        .collect();
    for k in open {
        choose(m, k, "no");
    }
}

#[test]
fn the_wizard_asks_before_changing_an_approved_level() {
    let (_store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    select_system(&mut m, "MA-KT");
    press(&mut m, KeyCode::Char('w'));
    // internal, personal information: level 2 where the approved level is 1
    answer_wizard(
        &mut m,
        &[
            ("type", "internal"),
            ("secret", "no"),
            ("internal_info", "private"),
        ],
    );
    let p = capdo::tui::forms::wizard_proposal(form(&m), &m.snap.rules, m.snap.today());
    assert!(
        matches!(p.verdict, capdo::domain::wizard::Verdict::Level(l) if l.get() == 2),
        "{p:?}"
    );
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(asked(&m).contains("cấp độ 1 → 2"), "{}", asked(&m));
    assert!(matches!(
        press(&mut m, KeyCode::Char('c')).as_slice(),
        [Effect::Submit(_)]
    ));
    // the same level as approved: nothing to confirm
    press(&mut m, KeyCode::Char('w'));
    answer_wizard(
        &mut m,
        &[
            ("type", "internal"),
            ("secret", "no"),
            ("internal_info", "public"),
        ],
    );
    assert!(matches!(
        press(&mut m, KeyCode::Enter).as_slice(),
        [Effect::Submit(_)]
    ));
}

#[test]
fn undo_says_what_it_undoes_and_asks_once_then_redo() {
    let (mut store, mut m) = setup(false);
    // nothing to undo or redo yet: a message, no question
    assert!(press(&mut m, KeyCode::Char('u')).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.status.as_deref().unwrap().contains("hoàn tác"));
    assert!(update::on_key(&mut m, ctrl('r')).is_empty());
    assert!(m.status.as_deref().unwrap().contains("làm lại"));
    // a change
    update::update(&mut m, Action::Go(ViewId::Systems));
    press(&mut m, KeyCode::Char('n'));
    fill(&mut m, "code", "MA-MOI");
    fill(&mut m, "name", "Hệ thống mới");
    let Some(Effect::Submit(f)) = press(&mut m, KeyCode::Enter).into_iter().next() else {
        panic!()
    };
    let (cs, what) = save_form(&mut store, &m.snap.rules, &ctx(), Lang::Vi, f).unwrap();
    m.undo_what = Some(what.clone());
    // u names the change; k undoes nothing
    assert!(press(&mut m, KeyCode::Char('u')).is_empty());
    assert_eq!(asked(&m), format!("Hoàn tác: {what}? (c/k)"));
    assert!(asked(&m).contains("MA-MOI"));
    assert!(press(&mut m, KeyCode::Char('k')).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    press(&mut m, KeyCode::Char('u'));
    assert_eq!(press(&mut m, KeyCode::Char('c')), vec![Effect::Undo]);
    // what the dashboard does then: the undo, then Ctrl-R redoes it (an undo of the undo)
    let undo = capdo::app::undo(&mut store, &ctx(), &cs).unwrap();
    assert!(store.system_by_code("MA-MOI").unwrap().is_none());
    m.undo_what = None;
    m.redo_what = Some(what);
    assert_eq!(update::on_key(&mut m, ctrl('r')), vec![Effect::Redo]);
    let log = store.log(&Default::default()).unwrap().len();
    let redo = capdo::app::undo(&mut store, &ctx(), &undo).unwrap();
    assert_eq!(
        store.system_by_code("MA-MOI").unwrap().unwrap().name,
        "Hệ thống mới"
    );
    assert!(
        store.log(&Default::default()).unwrap().len() > log,
        "logged"
    );
    // the redo can be undone in turn
    capdo::app::undo(&mut store, &ctx(), &redo).unwrap();
    assert!(store.system_by_code("MA-MOI").unwrap().is_none());
    assert!(store.verify().unwrap().is_ok());
    // Ctrl-R is in the table: help and palette list it, read-only refuses it
    let ctx_ = Context {
        view: ViewId::Systems,
        overlay: false,
        read_only: false,
    };
    assert_eq!(keymap::lookup(ctrl('r'), ctx_), Some(Action::Redo));
    assert!(
        update::palette_entries(&m, "lam lai")
            .iter()
            .any(|b| b.action == Action::Redo)
    );
}

#[test]
fn a_custom_deadline_belongs_to_no_system_unless_picked() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Deadlines));
    // the cursor on a system's deadline
    let i = m
        .list()
        .rows
        .iter()
        .position(|&i| m.snap.items[i].system(&m.snap.data).is_some())
        .expect("a system's deadline");
    m.lists[m.view.index()].selected = i;
    press(&mut m, KeyCode::Char('n'));
    assert_eq!(form(&m).value("system"), "", "not the row under the cursor");
    fill(&mut m, "title", "Báo cáo theo Công văn 812");
    fill(&mut m, "due_on", "15/12/2026");
    assert!(save(&mut store, &mut m).is_empty());
    let data = store.load(Scope::Full).unwrap();
    let c = data
        .customs
        .iter()
        .find(|c| c.title == "Báo cáo theo Công văn 812")
        .unwrap();
    assert_eq!(c.system_id, None);
    // picked: it belongs to that system
    press(&mut m, KeyCode::Char('n'));
    fill(&mut m, "title", "Rà soát Wi-Fi");
    choose(&mut m, "system", "MA-WIFI");
    assert!(save(&mut store, &mut m).is_empty());
    let data = store.load(Scope::Full).unwrap();
    let c = data
        .customs
        .iter()
        .find(|c| c.title == "Rà soát Wi-Fi")
        .unwrap();
    let wifi = store.system_by_code("MA-WIFI").unwrap().unwrap();
    assert_eq!(c.system_id, Some(wifi.id));
}

#[test]
fn incident_times_default_to_now_or_detection_and_take_a_bare_time() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Incidents));
    // a serious incident detected this morning (the clock is at the start of 29/11/2026)
    press(&mut m, KeyCode::Char('n'));
    fill(&mut m, "title", "Lộ lọt dữ liệu");
    fill(&mut m, "detected_at", "29/11/2026 10:00");
    choose(&mut m, "severity", "serious");
    assert!(save(&mut store, &mut m).is_empty());
    let i = m
        .list()
        .rows
        .iter()
        .position(|&i| m.snap.data.incidents[i].title == "Lộ lọt dữ liệu")
        .unwrap();
    m.lists[m.view.index()].selected = i;
    // m: the 24-hour notice (due first), sent at the detection time (now is earlier)
    press(&mut m, KeyCode::Char('m'));
    assert_eq!(form(&m).value("report"), "initial");
    assert_eq!(form(&m).value("sent_at"), "29/11/2026 10:00");
    press(&mut m, KeyCode::Esc);
    // "now" is the screen's clock (here the start of the reference date): the detection
    // time is later, so it is proposed
    press(&mut m, KeyCode::Char('m'));
    assert_eq!(form(&m).value("sent_at"), "29/11/2026 10:00");
    // a bare time is that time today; saved without touching the date
    fill(
        &mut m,
        "recipients",
        "Trung tâm Giám sát an toàn không gian mạng quốc gia",
    );
    fill(&mut m, "sent_at", "14:30");
    assert!(save(&mut store, &mut m).is_empty(), "{:?}", m.overlay);
    let inc = store
        .incidents()
        .unwrap()
        .into_iter()
        .find(|x| x.title == "Lộ lọt dữ liệu")
        .unwrap();
    let sent = inc.sent("initial").expect("recorded");
    assert_eq!(
        sent.sent_at,
        today().and_hms_opt(14, 30, 0).unwrap(),
        "14:30 on the reference date"
    );
    // the 72-hour report is next; closing proposes now too
    press(&mut m, KeyCode::Char('m'));
    assert_eq!(form(&m).value("report"), "notify");
    press(&mut m, KeyCode::Esc);
    press(&mut m, KeyCode::Char('C'));
    assert_eq!(form(&m).value("response_ended_at"), "29/11/2026 10:00");
}

fn select_incident(m: &mut Model, title: &str) {
    update::update(m, Action::Go(ViewId::Incidents));
    let i = m
        .list()
        .rows
        .iter()
        .position(|&i| m.snap.data.incidents[i].title.starts_with(title))
        .unwrap_or_else(|| panic!("no incident {title}"));
    m.lists[m.view.index()].selected = i;
}

#[test]
fn the_proposed_send_time_is_the_screens_clock_so_accepting_it_is_on_time() {
    // the sample ransomware incident: its 72-hour report is due 29/11/2026 14:00 and the
    // screen says "còn 14 giờ" (the clock is at the start of the reference date)
    let (mut store, mut m) = setup(false);
    m.size = (80, 24);
    select_incident(&mut m, "Mã độc tống tiền");
    assert!(render_text(&m).contains("còn 14 giờ"));
    press(&mut m, KeyCode::Char('m'));
    assert_eq!(form(&m).value("report"), "notify");
    assert_eq!(form(&m).value("sent_at"), "29/11/2026 00:00");
    fill(&mut m, "recipients", "Cơ quan chuyên trách của Bộ Công an");
    assert!(save(&mut store, &mut m).is_empty(), "{:?}", m.overlay);
    let screen = render_text(&m);
    let joined = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains("✔ Báo cáo sự cố (nguyên nhân, phạm vi, khắc phục) trong 72 giờ: đã gửi 29/11/2026 00:00"),
        "{screen}"
    );
}

#[test]
fn a_late_incident_report_shows_late_in_the_view_and_the_detail() {
    let (mut store, mut m) = setup(false);
    m.size = (80, 24);
    select_incident(&mut m, "Mã độc tống tiền");
    // sent at 19:34 against the 14:00 deadline: 5 hours late, as `capdo report incident` says
    press(&mut m, KeyCode::Char('m'));
    fill(&mut m, "sent_at", "29/11/2026 19:34");
    fill(&mut m, "recipients", "Cơ quan chuyên trách của Bộ Công an");
    assert!(save(&mut store, &mut m).is_empty(), "{:?}", m.overlay);
    let screen = render_text(&m);
    insta::assert_snapshot!("incident_sent_late_80x24", screen);
    let joined = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains("▲ Báo cáo sự cố (nguyên nhân, phạm vi, khắc phục) trong 72 giờ: đã gửi muộn (5 giờ) 29/11/2026 19:34"),
        "{screen}"
    );
    assert!(!joined.contains("✔ Báo cáo sự cố"), "{screen}");
    // the count of reports sent is marked too
    assert!(screen.contains("▲ 2/2"), "{screen}");
    // the detail pane draws the same clock lines, with their basis
    let i = m.list().rows[m.list().selected];
    let detail: String = capdo::tui::views::panel::incident_clock_lines(&m, i, true)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(detail.contains("▲ Báo cáo sự cố"), "{detail}");
    assert!(
        detail.contains("đã gửi muộn (5 giờ) 29/11/2026 19:34"),
        "{detail}"
    );
    // the response ended: every report sent, one late: the row says so, not "✔ đã gửi đủ"
    press(&mut m, KeyCode::Char('C'));
    fill(&mut m, "lessons", "Sao lưu ngoại tuyến hằng tuần");
    assert!(save(&mut store, &mut m).is_empty(), "{:?}", m.overlay);
    let screen = render_text(&m);
    assert!(screen.contains("▲ muộn 5 giờ"), "{screen}");
    // English: the report's words
    m.lang = Lang::En;
    let detail: String = capdo::tui::views::panel::incident_clock_lines(&m, i, false)
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        detail.contains("sent late (5 h) 29/11/2026 19:34"),
        "{detail}"
    );
    assert!(render_text(&m).contains("▲ 5 h late"));
}

#[test]
fn the_wizard_proposal_and_its_basis_stay_in_view_at_80x24() {
    let (_store, mut m) = setup(false);
    m.size = (80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    select_system(&mut m, "MA-WIFI");
    press(&mut m, KeyCode::Char('w'));
    // nothing answered yet: how many questions are left is in view
    let title = "Trợ lý xác định cấp độ";
    let inside = form_box_text(&render_text(&m), title);
    assert!(inside.contains("câu chưa trả lời"), "{inside}");
    answer_wizard(
        &mut m,
        &[("type", "infrastructure"), ("infra_scope", "one-body")],
    );
    let n = form(&m).fields.len();
    for i in 0..n {
        if let Overlay::Form(f) = &mut m.overlay {
            f.focus = i;
        }
        let screen = render_text(&m);
        let inside = form_box_text(&screen, title);
        assert!(inside.contains("Đề xuất: cấp độ"), "focus {i}:\n{screen}");
        assert!(inside.contains("Căn cứ:"), "focus {i}:\n{screen}");
        if i == 0 {
            insta::assert_snapshot!("form_wizard_proposal_80x24", screen);
        }
    }
}

#[test]
fn a_field_error_clears_as_soon_as_the_field_is_valid() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    press(&mut m, KeyCode::Char('n'));
    let errors = save(&mut store, &mut m);
    assert!(errors.iter().any(|(k, _)| k == "code"));
    assert!(errors.iter().any(|(k, _)| k == "name"));
    // the name typed: its error goes at the first letter, the code's stays (still empty)
    fill(&mut m, "name", "T");
    assert!(form(&m).error("name").is_none());
    assert!(form(&m).error("code").is_some(), "code still empty");
    // a duplicate code: the error comes back on saving, and goes once the code is free
    fill(&mut m, "code", "MA-LAN");
    let errors = save(&mut store, &mut m);
    assert!(errors.iter().any(|(k, _)| k == "code"), "{errors:?}");
    focus(&mut m, "name");
    press(&mut m, KeyCode::Char('x'));
    assert!(form(&m).error("code").is_some(), "MA-LAN is still taken");
    focus(&mut m, "code");
    press(&mut m, KeyCode::Backspace);
    assert!(form(&m).error("code").is_none(), "MA-LA is free");
    assert!(form(&m).errors.is_empty(), "{:?}", form(&m).errors);
    // no new error appears while typing
    fill(&mut m, "go_live_on", "3");
    assert!(form(&m).errors.is_empty());
}

#[test]
fn the_calendar_is_whole_at_80x24() {
    let (_store, mut m) = setup(false);
    m.size = (80, 24);
    update::update(&mut m, Action::Go(ViewId::Systems));
    select_system(&mut m, "MA-WIFI");
    // a one-field form: the calendar is taller than the form
    press(&mut m, KeyCode::Char('x'));
    press(&mut m, KeyCode::F(2));
    let text = render_text(&m);
    insta::assert_snapshot!("form_calendar_80x24", text);
    assert!(text.contains("Tháng 11/2026"), "{text}");
    assert!(text.contains("T2 T3 T4 T5 T6 T7 CN"), "{text}");
    for week in [" 1", "2  3  4  5  6  7  8", "23 24 25 26 27 28 29", "30"] {
        assert!(text.contains(week), "{week} missing:\n{text}");
    }
}

/// The text inside the form box of a rendered screen, rows joined, whitespace collapsed.
fn form_box_text(screen: &str, title: &str) -> String {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let top = rows
        .iter()
        .position(|r| r.iter().collect::<String>().contains(title))
        .unwrap_or_else(|| panic!("no box titled {title}:\n{screen}"));
    let row = &rows[top];
    let at = (0..row.len())
        .find(|&i| row[i..].iter().collect::<String>().starts_with(title))
        .unwrap();
    let left = row[..at].iter().rposition(|&c| c == '┌').unwrap();
    let right = at + row[at..].iter().position(|&c| c == '┐').unwrap();
    let mut text = String::new();
    for r in &rows[top + 1..] {
        if r.get(left) == Some(&'└') {
            break;
        }
        let inner: String = r.iter().skip(left + 1).take(right - left - 1).collect();
        text.push(' ');
        text.push_str(&inner);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_wizard_question_is_whole_at_80x24_and_120x40() {
    let (_store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Systems));
    select_system(&mut m, "MA-WIFI");
    let mut seen = 0;
    for lang in [Lang::Vi, Lang::En] {
        m.lang = lang;
        for ty in ["internal", "citizen", "infrastructure", "industrial"] {
            for size in [(80, 24), (120, 40)] {
                m.size = size;
                m.overlay = Overlay::None;
                press(&mut m, KeyCode::Char('w'));
                choose(&mut m, "type", ty);
                let n = form(&m).fields.len();
                for i in 0..n {
                    if let Overlay::Form(f) = &mut m.overlay {
                        f.focus = i;
                    }
                    let f = form(&m).clone();
                    let field = &f.fields[i];
                    let screen = render_text(&m);
                    let inside = form_box_text(&screen, f.title.split(" — ").next().unwrap());
                    let question = field
                        .label
                        .text(lang)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    assert!(
                        inside.contains(&question),
                        "{size:?} {ty}: question cut:\n{question}\n{screen}"
                    );
                    assert!(!inside.contains('…'), "{size:?} {ty}: '…' in\n{screen}");
                    if size == (80, 24) && lang == Lang::Vi && ty == "infrastructure" && i == 0 {
                        // the longest answer (type c) and the long secret question below it
                        insta::assert_snapshot!("form_wizard_long_question_80x24", screen);
                    }
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 40, "{seen} questions looked at");
}

#[test]
fn a_store_without_a_unit_name_asks_for_it_once_and_remembers_the_skip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        &dir.path().join("moi.db"),
        capdo::store::Access::ReadWrite,
        today(),
    )
    .unwrap();
    let mut m = Model::new(
        snap(&store),
        Lang::Vi,
        Theme::new(ThemeName::Dark),
        (80, 24),
        false,
    );
    assert!(m.snap.data.profile.unit_name.is_empty());
    update::ask_unit_name(&mut m, false);
    assert!(matches!(&m.overlay, Overlay::Form(f) if f.purpose == Purpose::Profile));
    assert!(m.status.as_deref().unwrap().contains("Esc"));
    // Esc on the untouched form skips it, and asks the edge to remember the skip
    assert_eq!(press(&mut m, KeyCode::Esc), vec![Effect::SkipUnitName]);
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.status.as_deref().unwrap().contains("không hỏi lại"));
    // a skip remembered (the next start): not asked; P still opens the profile form
    update::ask_unit_name(&mut m, true);
    assert_eq!(m.overlay, Overlay::None);
    press(&mut m, KeyCode::Char('P'));
    assert!(matches!(&m.overlay, Overlay::Form(f) if f.purpose == Purpose::Profile));
    // typed, then discarded: skipped as well
    type_str(&mut m, "UBND");
    press(&mut m, KeyCode::Esc);
    assert_eq!(
        press(&mut m, KeyCode::Char('c')),
        vec![Effect::SkipUnitName]
    );
    // a named store, or a read-only dashboard, is not asked
    let (_s, mut named) = setup(false);
    update::ask_unit_name(&mut named, false);
    assert_eq!(named.overlay, Overlay::None);
    let mut ro = Model::new(
        snap(&store),
        Lang::Vi,
        Theme::new(ThemeName::Dark),
        (80, 24),
        true,
    );
    update::ask_unit_name(&mut ro, false);
    assert_eq!(ro.overlay, Overlay::None);
}

#[test]
fn a_closing_report_is_proposed_after_the_response_ended() {
    let (mut store, mut m) = setup(false);
    update::update(&mut m, Action::Go(ViewId::Incidents));
    // detected under Decree 85 (before 19/08/2026): a closing report after the response
    press(&mut m, KeyCode::Char('n'));
    fill(&mut m, "title", "Sự cố cũ");
    fill(&mut m, "detected_at", "01/08/2026 08:00");
    assert!(save(&mut store, &mut m).is_empty());
    let i = m
        .list()
        .rows
        .iter()
        .position(|&i| m.snap.data.incidents[i].title == "Sự cố cũ")
        .unwrap();
    m.lists[m.view.index()].selected = i;
    press(&mut m, KeyCode::Char('C'));
    fill(&mut m, "response_ended_at", "13:00");
    fill(&mut m, "lessons", "Cập nhật bản vá");
    assert!(save(&mut store, &mut m).is_empty());
    // the notification (due 06/08) comes first, sent now (the clock: 29/11 00:00)
    press(&mut m, KeyCode::Char('m'));
    assert_eq!(form(&m).value("report"), "notify");
    assert_eq!(form(&m).value("sent_at"), "29/11/2026 00:00");
    fill(&mut m, "recipients", "Chủ quản");
    assert!(save(&mut store, &mut m).is_empty());
    // then, within the unit's capacity, the notification updated when handling ended (Circular
    // 20/2017 Art. 9.2.a; Form 04 only beyond capacity, Art. 9.2.b), not before 13:00
    press(&mut m, KeyCode::Char('m'));
    assert_eq!(form(&m).value("report"), "update");
    assert_eq!(form(&m).value("sent_at"), "29/11/2026 13:00");
}
