//! key → action → state: the only place the dashboard's state changes. Side effects that need
//! the store or the file system are returned as `Effect`s for the caller to carry out, so this
//! module is tested without a terminal or a database.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, ViewId};
use super::form::{FieldKind, Form};
use super::keymap::{self, Binding, Context, Scope};
use super::model::{Model, Overlay, Target};
use super::theme::Theme;
use crate::domain::engine::Subject;
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
    /// Undo the last change of this run.
    Undo,
    /// Write a view's rows to a CSV file.
    Export(ViewId),
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
    if !needle.is_empty() {
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    }
    v.into_iter().map(|(_, _, b)| b).collect()
}

/// Handles one key press (presses only: releases and repeats are filtered at the source).
pub fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    m.status = None;
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return update(m, Action::Quit);
    }
    match m.overlay.clone() {
        Overlay::Filter => {
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
        Overlay::Palette {
            mut input,
            mut selected,
        } => {
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
        Overlay::Form(form) => form_key(m, *form, key),
        Overlay::Confirm { form, .. } => {
            match key.code {
                KeyCode::Char('y' | 'Y' | 'c' | 'C') | KeyCode::Enter => {
                    m.overlay = Overlay::None;
                    return vec![Effect::Submit(form)];
                }
                KeyCode::Char('n' | 'N' | 'k' | 'K') | KeyCode::Esc => {
                    m.overlay = Overlay::Form(form)
                }
                _ => {}
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
    lang.pick(
        "Chế độ chỉ đọc: không thể thay đổi dữ liệu.",
        "Read-only: nothing can be changed.",
    )
}

/// Keys inside a form (and its calendar picker).
fn form_key(m: &mut Model, mut form: Form, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
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
        m.overlay = Overlay::Form(Box::new(form));
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc => {
            m.overlay = Overlay::None;
            m.status = Some(
                m.lang
                    .pick("Đã hủy, không lưu gì.", "Cancelled; nothing saved.")
                    .into(),
            );
            return Vec::new();
        }
        KeyCode::Enter => {
            if form.purpose.destructive() {
                let message = format!(
                    "{} {}",
                    form.title,
                    m.lang.pick("— chắc chắn? (y/n)", "— are you sure? (y/n)")
                );
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
    let form = super::forms::refresh_wizard(m, form);
    m.overlay = Overlay::Form(Box::new(form));
    Vec::new()
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
        | Action::Bottom => {
            let delta: i64 = match a {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -(page as i64),
                Action::PageDown => page as i64,
                Action::Top => i64::MIN / 2,
                _ => i64::MAX / 2,
            };
            if let Overlay::Help { scroll } = &mut m.overlay {
                *scroll = shift(*scroll, delta);
            } else if let Some(d) = &mut m.detail {
                d.scroll = shift(d.scroll, delta);
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
        Action::NextView | Action::PrevView | Action::Go(_) => {
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
        Action::SortNext | Action::SortReverse => {
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
            return vec![Effect::SaveConfig];
        }
        Action::ToggleCalendar => m.calendar = !m.calendar,
        Action::PrevMonth => m.month_shift -= 1,
        Action::NextMonth => m.month_shift += 1,
        Action::Refresh => return vec![Effect::Reload],
        Action::Undo => return vec![Effect::Undo],
        Action::CycleUnit => {
            if m.snap.units.is_empty() {
                m.status = Some(
                    m.lang
                        .pick(
                            "Kho chỉ có dữ liệu của một đơn vị.",
                            "The store holds one unit only.",
                        )
                        .into(),
                );
            } else {
                let keys: Vec<&str> = m.snap.units.iter().map(|u| u.unit.as_str()).collect();
                m.unit = match m.unit.as_deref() {
                    None => keys.first().map(|k| (*k).to_owned()),
                    Some(cur) => match keys.iter().position(|k| *k == cur) {
                        Some(i) if i + 1 < keys.len() => Some(keys[i + 1].to_owned()),
                        _ => None,
                    },
                };
                return vec![Effect::Reload];
            }
        }
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
        | Action::Handover
        | Action::PinPack => match super::forms::build(m, a) {
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
    let cur = m.view;
    for v in ViewId::ALL {
        m.view = v;
        let page = m.page();
        m.list_mut().scroll_into_view(page);
    }
    m.view = cur;
}
