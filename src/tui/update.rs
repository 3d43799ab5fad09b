//! key → action → state: the only place the dashboard's state changes. Side effects that need
//! the store or the file system are returned as `Effect`s for the caller to carry out, so this
//! module is tested without a terminal or a database.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, ViewId};
use super::form::{FieldKind, Form};
use super::keymap::{self, Binding, Context, Scope};
use super::model::{Model, Overlay, Question, Target};
use super::theme::Theme;
use crate::domain::engine::Subject;
use crate::i18n::msg;
use crate::text::{fold, fuzzy_score};

/// Work for the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Reload the snapshot from the store.
    Reload,
    /// Load the history of a record and open its detail pane.
    OpenDetail(Target),
    /// Save language and theme to the config file.
    SaveConfig,
    /// Validate and save a form (errors come back into the form).
    Submit(Box<Form>),
    /// Undo the last change of this run (the user said yes to what it undoes).
    Undo,
    /// Redo the change just undone.
    Redo,
    /// Write a view's rows to a CSV file.
    Export(ViewId),
    /// Remember in the config file that the unit-name prompt was skipped for this store.
    SkipUnitName,
}

/// The keymap context of the model.
pub fn context(m: &Model) -> Context {
    Context {
        view: m.view,
        overlay: m.detail.is_some() || m.overlay != Overlay::None,
        read_only: m.read_only,
    }
}

/// The palette's entries for its input, best match first.
pub fn palette_entries(m: &Model, input: &str) -> Vec<&'static Binding> {
    let needle = fold(input);
    let mut v: Vec<(i32, usize, &'static Binding)> = keymap::all(context(m))
        .enumerate()
        .filter(|(_, b)| b.action != Action::Back)
        .filter_map(|(i, b)| {
            let hay = fold(&format!(
                "{} {}",
                b.action.label(m.lang),
                b.action.label(m.lang.other())
            ));
            fuzzy_score(&hay, &needle).map(|s| (s, i, b))
        })
        .collect();
    // the most useful first (quit last), so an empty query never has quit selected
    let empty = super::views::overview::is_empty_store(m);
    v.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(palette_rank(empty, a.2.action).cmp(&palette_rank(empty, b.2.action)))
            .then(a.1.cmp(&b.1))
    });
    v.into_iter().map(|(_, _, b)| b).collect()
}

/// Where an action stands in the palette before anything is typed: lower is shown first.
fn palette_rank(empty: bool, a: Action) -> u8 {
    match a {
        // an empty store starts with an import
        Action::Import if empty => 0,
        Action::New => 1,
        Action::Import => 3,
        Action::Filter => 2,
        Action::Go(_) => 2,
        Action::Dossier | Action::Assess | Action::MarkDone | Action::Wizard => 3,
        Action::Edit | Action::CloseIncident | Action::Profile => 4,
        Action::Export | Action::Refresh | Action::Undo => 5,
        Action::Help | Action::ToggleLang | Action::CycleTheme | Action::CycleUnit => 6,
        Action::Quit => 9,
        _ => 7,
    }
}

/// Handles one key press (presses only: releases and repeats are filtered at the source).
pub fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let effects = on_key_inner(m, key);
    keep_panel(m);
    effects
}

/// The panel under the current list keeps the tallest height it has needed since the last
/// resize: it grows for a record with more to say and does not shrink back, so moving the
/// cursor does not make the list's height jump (`ui::panel_rows` reads it).
fn keep_panel(m: &mut Model) {
    let rows = super::ui::panel_rows(m);
    let kept = &mut m.panel_rows[m.view.index()];
    if rows > *kept {
        *kept = rows;
        // the list is shorter now: its window keeps the cursor in view
        let page = m.page();
        m.list_mut().scroll_into_view(page);
    }
}

fn on_key_inner(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    // Esc quickly followed by a character reaches a terminal program as Alt+character (crossterm
    // cannot tell them apart). The dashboard binds no Alt key, so a bare Alt+character is read
    // as Esc, then the character: Esc is never merged into the next key in the filter or a form.
    if key.modifiers - KeyModifiers::SHIFT == KeyModifiers::ALT
        && matches!(key.code, KeyCode::Char(_))
    {
        let esc = KeyEvent {
            code: KeyCode::Esc,
            modifiers: KeyModifiers::NONE,
            ..key
        };
        let mut effects = on_key(m, esc);
        if m.quit {
            return effects;
        }
        let status = m.status.take();
        let plain = KeyEvent {
            modifiers: key.modifiers - KeyModifiers::ALT,
            ..key
        };
        effects.extend(on_key(m, plain));
        if m.status.is_none() {
            m.status = status;
        }
        return effects;
    }
    m.status = None;
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    // Ctrl-C quits, except where typed input would be lost: a form (and its questions) leaves
    // through the same question as Esc
    let holds_input = matches!(
        m.overlay,
        Overlay::Form(_) | Overlay::Confirm { .. } | Overlay::Ask { .. }
    );
    if ctrl_c && !holds_input {
        return update(m, Action::Quit);
    }
    match m.overlay.clone() {
        Overlay::Filter => filter_key(m, key),
        Overlay::Palette { input, selected } => palette_key(m, input, selected, key),
        Overlay::Form(form) => form_key(m, *form, key),
        Overlay::Confirm { form, .. } => {
            match answer(key) {
                Some(true) => {
                    m.overlay = Overlay::None;
                    return vec![Effect::Submit(form)];
                }
                Some(false) => m.overlay = Overlay::Form(form),
                None if key.code == KeyCode::Enter => {
                    m.overlay = Overlay::None;
                    return vec![Effect::Submit(form)];
                }
                None => {}
            }
            Vec::new()
        }
        Overlay::Ask { question, .. } => {
            match (answer(key), question) {
                (Some(true), Question::Discard(form)) => {
                    m.overlay = Overlay::None;
                    m.status = Some(
                        msg::tui::update::UNSAVED_CHANGES_DISCARDED
                            .text(m.lang)
                            .into(),
                    );
                    return skipped_unit_name(m, &form);
                }
                (Some(false), Question::Discard(form)) => m.overlay = Overlay::Form(form),
                (Some(true), Question::Undo) => {
                    m.overlay = Overlay::None;
                    return vec![Effect::Undo];
                }
                (Some(false), Question::Undo) => {
                    m.overlay = Overlay::None;
                    m.status = Some(msg::tui::update::NOTHING_UNDONE.text(m.lang).into());
                }
                (None, _) => {}
            }
            Vec::new()
        }
        _ => match keymap::lookup(key, context(m)) {
            Some(a) => update(m, a),
            None => {
                // a write key pressed in read-only mode: say why nothing happens
                let writable = Context {
                    read_only: false,
                    ..context(m)
                };
                if m.read_only && keymap::lookup(key, writable).is_some_and(Action::writes) {
                    m.status = Some(read_only_message(m.lang).into());
                }
                Vec::new()
            }
        },
    }
}

fn read_only_message(lang: crate::i18n::Lang) -> &'static str {
    msg::tui::update::READ_ONLY_NOTHING_CAN_BE_CHANGED.text(lang)
}

/// The answer to a yes/no question: c/y yes, k/n (and Esc, Ctrl-C) no; other keys none.
fn answer(key: KeyEvent) -> Option<bool> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(false);
    }
    match key.code {
        KeyCode::Char('y' | 'Y' | 'c' | 'C') => Some(true),
        KeyCode::Char('n' | 'N' | 'k' | 'K') | KeyCode::Esc => Some(false),
        _ => None,
    }
}

/// Closes a form the user is leaving: at once when nothing was typed, else after asking.
fn leave_form(m: &mut Model, form: Form) -> Vec<Effect> {
    if form.is_dirty() {
        m.overlay = Overlay::Ask {
            message: msg::tui::update::DISCARD_UNSAVED_CHANGES_Y_N
                .text(m.lang)
                .into(),
            question: Question::Discard(Box::new(form)),
        };
    } else {
        m.overlay = Overlay::None;
        m.status = Some(
            msg::tui::update::CANCELLED_NOTHING_SAVED
                .text(m.lang)
                .into(),
        );
        return skipped_unit_name(m, &form);
    }
    Vec::new()
}

/// Leaving the profile form of a store that still has no unit name: the prompt is skipped, and
/// remembered so that it is not asked again at the next start (`P` still opens the form).
fn skipped_unit_name(m: &mut Model, form: &Form) -> Vec<Effect> {
    if form.purpose != super::form::Purpose::Profile
        || !m.snap.data.profile.unit_name.trim().is_empty()
    {
        return Vec::new();
    }
    m.status = Some(msg::tui::update::UNIT_NAME_SKIPPED.text(m.lang).into());
    vec![Effect::SkipUnitName]
}

/// The question asked before saving a form with legal effect, if it needs one:
/// decommissioning, and a new level for a system whose level is approved (the approval was
/// for the old level).
pub fn confirmation(m: &Model, form: &Form) -> Option<String> {
    use super::form::Purpose;
    use crate::domain::DossierState;
    let lang = m.lang;
    if form.purpose.destructive() {
        return Some(format!(
            "{} {}",
            form.title,
            msg::tui::update::ARE_YOU_SURE_Y_N.text(lang)
        ));
    }
    let (code, new) = match &form.purpose {
        Purpose::EditSystem { code } => (code, form.value("level").trim().parse::<u8>().ok()),
        Purpose::Wizard { code } => {
            match super::forms::wizard_proposal(form, &m.snap.rules, m.snap.today()).verdict {
                crate::domain::wizard::Verdict::Level(l) => (code, Some(l.get())),
                // no level proposed: the save is refused with its reason, nothing to confirm
                _ => return None,
            }
        }
        _ => return None,
    };
    let s = m.snap.data.systems.iter().find(|s| &s.code == code)?;
    let old = s.level.map(|l| l.get());
    if s.dossier != DossierState::Approved || old == new {
        return None;
    }
    let lv = |l: Option<u8>| match l {
        Some(l) => l.to_string(),
        None => msg::tui::NOT_SET.text(lang).to_owned(),
    };
    let (old, new) = (lv(old), lv(new));
    let again = DossierState::Redetermine.label(lang);
    Some(
        msg::tui::update::LevelChangeReapproval {
            code,
            old,
            new,
            again,
        }
        .text(lang),
    )
}

/// Keys inside a form (and its calendar picker).
fn form_key(m: &mut Model, mut form: Form, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        form.picker = None;
        leave_form(m, form);
        return Vec::new();
    }
    let before: Vec<String> = form.fields.iter().map(|f| f.value.clone()).collect();
    if let Some(p) = &mut form.picker {
        match key.code {
            KeyCode::Left => p.shift_days(-1),
            KeyCode::Right => p.shift_days(1),
            KeyCode::Up => p.shift_days(-7),
            KeyCode::Down => p.shift_days(7),
            KeyCode::PageUp => p.shift_months(-1),
            KeyCode::PageDown => p.shift_months(1),
            KeyCode::Char('t') => p.day = m.snap.today(),
            KeyCode::Enter | KeyCode::Char(' ') => form.pick(),
            KeyCode::Esc => form.picker = None,
            _ => {}
        }
        revalidate(m, &mut form, &before);
        m.overlay = Overlay::Form(Box::new(form));
        return Vec::new();
    }
    // q leaves the form where it is not being typed into a text field
    let typing = form.focused().is_some_and(|f| f.is_typed());
    match key.code {
        KeyCode::Esc => return leave_form(m, form),
        KeyCode::Char('q') if !ctrl && !typing => return leave_form(m, form),
        KeyCode::Enter => {
            if let Some(message) = confirmation(m, &form) {
                m.overlay = Overlay::Confirm {
                    message,
                    form: Box::new(form),
                };
                return Vec::new();
            }
            m.overlay = Overlay::None;
            return vec![Effect::Submit(Box::new(form))];
        }
        KeyCode::Tab | KeyCode::Down => form.next(1),
        KeyCode::BackTab | KeyCode::Up => form.next(-1),
        KeyCode::Left => {
            if let Some(f) = form.focused_mut() {
                f.cycle(-1);
            }
        }
        KeyCode::Right => {
            if let Some(f) = form.focused_mut() {
                f.cycle(1);
            }
        }
        KeyCode::F(2) => form.open_picker(m.snap.today()),
        KeyCode::Backspace => form.backspace(),
        KeyCode::Char('u') if ctrl => {
            if let Some(f) = form.focused_mut()
                && f.is_typed()
            {
                f.value.clear();
            }
        }
        KeyCode::Char(c) if !ctrl => form.type_char(c),
        _ => {}
    }
    // a date field opens its picker on a plain space when it is empty
    if let (KeyCode::Char(' '), Some(f)) = (key.code, form.focused())
        && matches!(f.kind, FieldKind::Date | FieldKind::DateTime)
        && f.value.trim().is_empty()
    {
        if let Some(f) = form.focused_mut() {
            f.value.clear();
        }
        form.open_picker(m.snap.today());
    }
    let mut form = super::forms::refresh_wizard(m, form);
    revalidate(m, &mut form, &before);
    m.overlay = Overlay::Form(Box::new(form));
    Vec::new()
}

/// After an edit, drops the errors of the last failed save that the form no longer has (an
/// error clears as soon as its field is valid; no new error appears while typing).
fn revalidate(m: &Model, form: &mut Form, before: &[String]) {
    if form.errors.is_empty()
        || (form.fields.len() == before.len()
            && form.fields.iter().zip(before).all(|(f, b)| f.value == *b))
    {
        return;
    }
    let still: Vec<String> =
        match super::forms::check(form, &m.snap.data, &m.snap.rules, m.snap.today(), m.lang) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field.to_owned()).collect(),
        };
    form.errors.retain(|(k, _)| still.contains(k));
}

/// Runs a palette entry, first moving to a view where it applies.
fn run_from_palette(m: &mut Model, b: &Binding) -> Vec<Effect> {
    match b.scope {
        Scope::Deadlines if m.view != ViewId::Deadlines => {
            update(m, Action::Go(ViewId::Deadlines));
        }
        Scope::List if !m.view.is_list() => {
            update(m, Action::Go(ViewId::Systems));
        }
        _ => {}
    }
    update(m, b.action)
}

/// Applies an action.
pub fn update(m: &mut Model, a: Action) -> Vec<Effect> {
    let effects = update_inner(m, a);
    keep_panel(m);
    effects
}

fn update_inner(m: &mut Model, a: Action) -> Vec<Effect> {
    if m.read_only && a.writes() {
        m.status = Some(read_only_message(m.lang).into());
        return Vec::new();
    }
    let page = m.page().max(1);
    match a {
        Action::Quit => {
            m.quit = true;
            return vec![Effect::Quit];
        }
        Action::Help => m.overlay = Overlay::Help { scroll: 0 },
        Action::Palette => {
            m.overlay = Overlay::Palette {
                input: String::new(),
                selected: 0,
            }
        }
        Action::Filter => {
            if m.view.is_list() {
                m.detail = None;
                m.overlay = Overlay::Filter;
            }
        }
        Action::Back => {
            if m.overlay != Overlay::None {
                m.overlay = Overlay::None;
            } else if m.detail.is_some() {
                m.detail = None;
            } else if !m.list().filter.is_empty() {
                m.list_mut().filter.clear();
                let v = m.view;
                m.rebuild(v);
            }
        }
        Action::Open => {
            if let Some(t) = target(m) {
                return vec![Effect::OpenDetail(t)];
            }
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Top
        | Action::Bottom => move_cursor(m, a, page),
        Action::NextView | Action::PrevView | Action::Go(_) => switch_view(m, a),
        Action::SortNext | Action::SortReverse => sort(m, a, page),
        Action::ToggleLang => {
            m.lang = m.lang.other();
            for v in ViewId::ALL {
                // titles and labels change with the language; rebuilt views keep their place
                if m.lists[v.index()].base.is_some() {
                    m.rebuild(v);
                }
            }
            return vec![Effect::SaveConfig];
        }
        Action::CycleTheme => {
            m.theme = Theme::new(m.theme.name.next());
            let name = m.theme.name.label(m.lang);
            m.status = Some(msg::tui::update::ThemeIs { name }.text(m.lang));
            return vec![Effect::SaveConfig];
        }
        Action::ToggleCalendar => m.calendar = !m.calendar,
        Action::PrevMonth => m.month_shift -= 1,
        Action::NextMonth => m.month_shift += 1,
        Action::Refresh => return vec![Effect::Reload],
        Action::Undo => match &m.undo_what {
            Some(what) => {
                m.overlay = Overlay::Ask {
                    message: msg::tui::update::UndoWhat { what }.text(m.lang),
                    question: Question::Undo,
                };
            }
            None => m.status = Some(msg::tui::NOTHING_TO_UNDO.text(m.lang).into()),
        },
        Action::Redo => {
            if m.redo_what.is_some() {
                return vec![Effect::Redo];
            }
            m.status = Some(
                msg::tui::update::NO_CHANGE_JUST_UNDONE_TO_REDO
                    .text(m.lang)
                    .into(),
            );
        }
        Action::CycleUnit => return cycle_unit(m),
        Action::Export => {
            // the Overview has no list of its own: its deadlines are the Deadlines view's
            let v = if m.view == ViewId::Overview {
                ViewId::Deadlines
            } else {
                m.view
            };
            return vec![Effect::Export(v)];
        }
        Action::New
        | Action::Wizard
        | Action::Edit
        | Action::Dossier
        | Action::Assess
        | Action::Decommission
        | Action::MarkDone
        | Action::CloseIncident
        | Action::Profile
        | Action::PinPack
        | Action::Handover
        | Action::Import => match super::forms::build(m, a) {
            Ok(form) => {
                m.detail = None;
                m.overlay = Overlay::Form(Box::new(form));
            }
            Err(msg) => m.status = Some(msg),
        },
    }
    Vec::new()
}

fn shift(v: u16, delta: i64) -> u16 {
    (i64::from(v).saturating_add(delta)).clamp(0, i64::from(u16::MAX)) as u16
}

/// The record whose details Enter opens.
fn target(m: &Model) -> Option<Target> {
    let i = m.list().current()?;
    match m.view {
        ViewId::Systems | ViewId::Approvals | ViewId::Assessments => Some(Target::System(i)),
        ViewId::Incidents => Some(Target::Incident(i)),
        ViewId::Deadlines => {
            let it = m.snap.items.get(i)?;
            match it.subject {
                Subject::Incident { incident, .. } => Some(Target::Incident(incident)),
                _ => it.system(&m.snap.data).map(Target::System),
            }
        }
        ViewId::Overview | ViewId::Budget => None,
    }
}

/// Handles a resize: remember the size and keep every cursor visible.
pub fn resize(m: &mut Model, w: u16, h: u16) {
    m.size = (w, h);
    // the panels are sized again for the new width
    m.panel_rows = [0; 7];
    let cur = m.view;
    for v in ViewId::ALL {
        m.view = v;
        let page = m.page();
        m.list_mut().scroll_into_view(page);
    }
    m.view = cur;
    keep_panel(m);
}

/// At start, on a store without a unit name: opens the profile form, unless it was skipped
/// for this store before (`skipped_before`, from the config file). Esc skips it and the skip is
/// remembered (the title bar keeps saying the unit is not named; `P` opens the form again).
pub fn ask_unit_name(m: &mut Model, skipped_before: bool) {
    if skipped_before || m.read_only || !m.snap.data.profile.unit_name.trim().is_empty() {
        return;
    }
    if let Ok(form) = super::forms::build(m, Action::Profile) {
        m.overlay = Overlay::Form(Box::new(form));
        m.status = Some(msg::tui::update::NO_UNIT_NAME_YET.text(m.lang).into());
    }
}

/// Moves the selection (a list), the scroll (help, detail) or the urgent list (Overview).
fn move_cursor(m: &mut Model, a: Action, page: usize) {
    let delta: i64 = match a {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -(page as i64),
        Action::PageDown => page as i64,
        Action::Top => i64::MIN / 2,
        _ => i64::MAX / 2,
    };
    if let Overlay::Help { .. } = m.overlay {
        let max = super::views::help::max_scroll(m);
        if let Overlay::Help { scroll } = &mut m.overlay {
            *scroll = shift(*scroll, delta).min(max);
        }
    } else if let Some(d) = &mut m.detail {
        d.scroll = shift(d.scroll, delta);
    } else if m.view == ViewId::Overview {
        // the urgent list scrolls; a page is what fits on screen
        let h = super::views::overview::urgent_height(m) as i64;
        let delta = match a {
            Action::PageUp => -h,
            Action::PageDown => h,
            _ => delta,
        };
        let max = super::views::overview::max_scroll(m) as i64;
        let st = m.list_mut();
        st.offset = (st.offset as i64).saturating_add(delta).clamp(0, max) as usize;
    } else if m.view.is_list() {
        let st = m.list_mut();
        let last = st.rows.len().saturating_sub(1) as i64;
        st.selected = (st.selected as i64)
            .saturating_add(delta)
            .clamp(0, last.max(0)) as usize;
        st.scroll_into_view(page);
        m.month_shift = 0;
    }
}

/// Shows another view, where its list was left.
fn switch_view(m: &mut Model, a: Action) {
    let i = m.view.index();
    m.view = match a {
        Action::NextView => ViewId::ALL[(i + 1) % 7],
        Action::PrevView => ViewId::ALL[(i + 6) % 7],
        Action::Go(v) => v,
        _ => m.view,
    };
    m.detail = None;
    m.overlay = Overlay::None;
    let v = m.view;
    m.ensure(v);
    let page = m.page();
    m.list_mut().scroll_into_view(page);
}

/// Sorts by the next column, or reverses the sort.
fn sort(m: &mut Model, a: Action, page: usize) {
    let n = super::lists::columns(m.view).len();
    if n > 0 {
        let st = m.list_mut();
        st.sort = Some(match (a, st.sort) {
            (Action::SortNext, None) => (0, false),
            (Action::SortNext, Some((c, _))) => ((c + 1) % n, false),
            (_, None) => (0, true),
            (_, Some((c, d))) => (c, !d),
        });
        let v = m.view;
        m.rebuild(v);
        m.list_mut().scroll_into_view(page);
    }
}

/// In a consolidated store: all units, then each in turn.
fn cycle_unit(m: &mut Model) -> Vec<Effect> {
    if m.snap.units.is_empty() {
        m.status = Some(
            msg::tui::update::THE_STORE_HOLDS_ONE_UNIT_ONLY
                .text(m.lang)
                .into(),
        );
        Vec::new()
    } else {
        let keys: Vec<&str> = m.snap.units.iter().map(|u| u.unit.as_str()).collect();
        m.unit = match m.unit.as_deref() {
            None => keys.first().map(|k| (*k).to_owned()),
            Some(cur) => match keys.iter().position(|k| *k == cur) {
                Some(i) if i + 1 < keys.len() => Some(keys[i + 1].to_owned()),
                _ => None,
            },
        };
        vec![Effect::Reload]
    }
}

/// Keys while typing a filter: the list narrows as it is typed.
fn filter_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            m.list_mut().filter.clear();
            m.overlay = Overlay::None;
        }
        KeyCode::Enter => m.overlay = Overlay::None,
        KeyCode::Backspace => {
            m.list_mut().filter.pop();
        }
        KeyCode::Up => return update(m, Action::Up),
        KeyCode::Down => return update(m, Action::Down),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            if m.list().filter.chars().count() < 80 {
                m.list_mut().filter.push(c);
            }
        }
        _ => return Vec::new(),
    }
    let v = m.view;
    m.list_mut().selected = 0;
    m.list_mut().offset = 0;
    m.rebuild(v);
    Vec::new()
}

/// Keys in the command palette: type to narrow, ↵ runs the chosen command.
fn palette_key(
    m: &mut Model,
    mut input: String,
    mut selected: usize,
    key: KeyEvent,
) -> Vec<Effect> {
    let n = palette_entries(m, &input).len();
    match key.code {
        KeyCode::Esc => {
            m.overlay = Overlay::None;
            return Vec::new();
        }
        KeyCode::Enter => {
            let chosen = palette_entries(m, &input).get(selected).copied();
            m.overlay = Overlay::None;
            return match chosen {
                Some(b) => run_from_palette(m, b),
                None => Vec::new(),
            };
        }
        KeyCode::Up => selected = selected.saturating_sub(1),
        KeyCode::Down => selected = (selected + 1).min(n.saturating_sub(1)),
        KeyCode::Backspace => {
            input.pop();
            selected = 0;
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            if input.chars().count() < 60 {
                input.push(c);
            }
            selected = 0;
        }
        _ => {}
    }
    m.overlay = Overlay::Palette { input, selected };
    Vec::new()
}
