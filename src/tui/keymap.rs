//! Key bindings as data. The footer, the help screen and the command palette are all built from
//! this one table, so they cannot drift from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, ViewId};

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere outside text input.
    Global,
    /// In list views (not the Overview).
    List,
    /// Only in the Deadlines view.
    Deadlines,
    /// Only in these views (outside overlays).
    Views(&'static [ViewId]),
    /// While a detail pane or an overlay is open.
    Overlay,
}

/// One binding: the keys (first is shown), the action, where it applies, and its place in the
/// footer (0 = not shown; lower numbers win when space is short).
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub action: Action,
    pub scope: Scope,
    pub footer: u8,
}

const N: KeyModifiers = KeyModifiers::NONE;
const S: KeyModifiers = KeyModifiers::SHIFT;
const C: KeyModifiers = KeyModifiers::CONTROL;

macro_rules! b {
    ($action:expr, $scope:expr, $footer:expr, [$(($code:expr, $m:expr)),+]) => {
        Binding { keys: &[$(($code, $m)),+], action: $action, scope: $scope, footer: $footer }
    };
}

use Scope::{Deadlines, Global, List, Overlay, Views};
use ViewId as V;

/// The table.
pub const BINDINGS: &[Binding] = &[
    b!(
        Action::Quit,
        Global,
        1,
        [(KeyCode::Char('q'), N), (KeyCode::Char('c'), C)]
    ),
    b!(
        Action::Help,
        Global,
        1,
        [(KeyCode::Char('?'), N), (KeyCode::F(1), N)]
    ),
    b!(
        Action::Palette,
        Global,
        4,
        [(KeyCode::Char(':'), N), (KeyCode::Char('p'), C)]
    ),
    b!(Action::Filter, List, 4, [(KeyCode::Char('/'), N)]),
    b!(Action::Open, List, 3, [(KeyCode::Enter, N)]),
    b!(Action::Back, Overlay, 1, [(KeyCode::Esc, N)]),
    b!(
        Action::Up,
        Global,
        0,
        [(KeyCode::Char('k'), N), (KeyCode::Up, N)]
    ),
    b!(
        Action::Down,
        Global,
        8,
        [(KeyCode::Char('j'), N), (KeyCode::Down, N)]
    ),
    b!(
        Action::PageUp,
        Global,
        0,
        [(KeyCode::PageUp, N), (KeyCode::Char('b'), C)]
    ),
    b!(
        Action::PageDown,
        Global,
        0,
        [(KeyCode::PageDown, N), (KeyCode::Char('f'), C)]
    ),
    b!(
        Action::Top,
        Global,
        0,
        [(KeyCode::Char('g'), N), (KeyCode::Home, N)]
    ),
    b!(
        Action::Bottom,
        Global,
        0,
        [(KeyCode::Char('G'), S), (KeyCode::End, N)]
    ),
    b!(Action::NextView, Global, 7, [(KeyCode::Tab, N)]),
    b!(Action::PrevView, Global, 0, [(KeyCode::BackTab, S)]),
    b!(
        Action::Go(ViewId::Overview),
        Global,
        0,
        [(KeyCode::Char('1'), N)]
    ),
    b!(
        Action::Go(ViewId::Systems),
        Global,
        0,
        [(KeyCode::Char('2'), N)]
    ),
    b!(
        Action::Go(ViewId::Approvals),
        Global,
        0,
        [(KeyCode::Char('3'), N)]
    ),
    b!(
        Action::Go(ViewId::Assessments),
        Global,
        0,
        [(KeyCode::Char('4'), N)]
    ),
    b!(
        Action::Go(ViewId::Deadlines),
        Global,
        0,
        [(KeyCode::Char('5'), N)]
    ),
    b!(
        Action::Go(ViewId::Incidents),
        Global,
        0,
        [(KeyCode::Char('6'), N)]
    ),
    b!(
        Action::Go(ViewId::Budget),
        Global,
        0,
        [(KeyCode::Char('7'), N)]
    ),
    b!(Action::SortNext, List, 6, [(KeyCode::Char('s'), N)]),
    b!(Action::SortReverse, List, 0, [(KeyCode::Char('S'), S)]),
    b!(
        Action::ToggleCalendar,
        Deadlines,
        3,
        [(KeyCode::Char('c'), N)]
    ),
    b!(Action::PrevMonth, Deadlines, 0, [(KeyCode::Char('['), N)]),
    b!(Action::NextMonth, Deadlines, 0, [(KeyCode::Char(']'), N)]),
    b!(Action::ToggleLang, Global, 6, [(KeyCode::Char('L'), S)]),
    b!(Action::CycleTheme, Global, 0, [(KeyCode::Char('t'), N)]),
    b!(
        Action::Refresh,
        Global,
        0,
        [(KeyCode::Char('r'), N), (KeyCode::F(5), N)]
    ),
    b!(
        Action::New,
        Views(&[V::Systems, V::Incidents, V::Budget, V::Deadlines]),
        2,
        [(KeyCode::Char('n'), N)]
    ),
    b!(
        Action::Edit,
        Views(&[V::Systems, V::Budget]),
        2,
        [(KeyCode::Char('e'), N)]
    ),
    b!(
        Action::Dossier,
        Views(&[V::Systems, V::Approvals]),
        2,
        [(KeyCode::Char('d'), N)]
    ),
    b!(
        Action::Assess,
        Views(&[V::Systems, V::Assessments]),
        2,
        [(KeyCode::Char('a'), N)]
    ),
    b!(
        Action::Wizard,
        Views(&[V::Systems, V::Approvals]),
        5,
        [(KeyCode::Char('w'), N)]
    ),
    b!(
        Action::Decommission,
        Views(&[V::Systems]),
        0,
        [(KeyCode::Char('x'), N)]
    ),
    b!(
        Action::MarkDone,
        Views(&[V::Deadlines, V::Incidents]),
        2,
        [(KeyCode::Char('m'), N)]
    ),
    b!(
        Action::CloseIncident,
        Views(&[V::Incidents]),
        2,
        [(KeyCode::Char('C'), S)]
    ),
    b!(Action::Profile, Global, 0, [(KeyCode::Char('P'), S)]),
    b!(Action::PinPack, Global, 0, [(KeyCode::Char('R'), S)]),
    b!(Action::Undo, Global, 5, [(KeyCode::Char('u'), N)]),
    b!(Action::Redo, Global, 0, [(KeyCode::Char('r'), C)]),
    b!(Action::Export, Global, 0, [(KeyCode::Char('E'), S)]),
    b!(Action::Handover, Global, 0, [(KeyCode::Char('H'), S)]),
    b!(Action::CycleUnit, Global, 0, [(KeyCode::Char('U'), S)]),
    b!(Action::Import, Global, 0, [(KeyCode::Char('I'), S)]),
];

/// Where the user is, for choosing bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    pub view: ViewId,
    /// A detail pane, help or palette is open.
    pub overlay: bool,
    pub read_only: bool,
}

impl Binding {
    /// Whether the binding is live in `ctx`.
    pub fn live(&self, ctx: Context) -> bool {
        if ctx.read_only && self.action.writes() {
            return false;
        }
        match self.scope {
            Scope::Global => true,
            Scope::List => ctx.view.is_list() && !ctx.overlay,
            Scope::Deadlines => ctx.view == ViewId::Deadlines && !ctx.overlay,
            Scope::Views(views) => views.contains(&ctx.view) && !ctx.overlay,
            Scope::Overlay => true,
        }
    }

    /// The first key, as shown to the user.
    pub fn key_label(&self) -> String {
        key_label(self.keys[0])
    }

    /// Every key, "j / ↓".
    pub fn all_keys(&self) -> String {
        self.keys
            .iter()
            .map(|k| key_label(*k))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// How a key is written on screen.
pub fn key_label((code, m): (KeyCode, KeyModifiers)) -> String {
    let base = match code {
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "↵".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "⇧Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if m.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// The action bound to a key press in `ctx`, if any. Shift is ignored for characters (the
/// character already carries it), which also makes keys work across keyboard layouts.
pub fn lookup(key: KeyEvent, ctx: Context) -> Option<Action> {
    let norm = |m: KeyModifiers, code: KeyCode| match code {
        KeyCode::Char(_) | KeyCode::BackTab => m - KeyModifiers::SHIFT,
        _ => m,
    };
    BINDINGS.iter().filter(|b| b.live(ctx)).find_map(|b| {
        b.keys
            .iter()
            .any(|(code, m)| *code == key.code && norm(*m, *code) == norm(key.modifiers, key.code))
            .then_some(b.action)
    })
}

/// The bindings the footer shows in `ctx`, most important first.
pub fn footer(ctx: Context) -> Vec<&'static Binding> {
    let mut v: Vec<&'static Binding> = BINDINGS
        .iter()
        .filter(|b| b.footer > 0 && b.live(ctx) && (b.scope != Scope::Overlay || ctx.overlay))
        .collect();
    v.sort_by_key(|b| b.footer);
    v
}

/// Every binding that makes sense outside text input, for help and the palette.
pub fn all(ctx: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| !(ctx.read_only && b.action.writes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent {
            code,
            modifiers: m,
            kind: KeyEventKind::Press,
            state: ratatui::crossterm::event::KeyEventState::NONE,
        }
    }

    const CTX: Context = Context {
        view: ViewId::Systems,
        overlay: false,
        read_only: false,
    };

    #[test]
    fn keys_resolve() {
        assert_eq!(lookup(key(KeyCode::Char('q'), N), CTX), Some(Action::Quit));
        assert_eq!(lookup(key(KeyCode::Char('c'), C), CTX), Some(Action::Quit));
        assert_eq!(
            lookup(key(KeyCode::Char('G'), S), CTX),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(key(KeyCode::Char('G'), N), CTX),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(key(KeyCode::Char('L'), S), CTX),
            Some(Action::ToggleLang)
        );
        assert_eq!(
            lookup(key(KeyCode::Char('3'), N), CTX),
            Some(Action::Go(ViewId::Approvals))
        );
        assert_eq!(
            lookup(key(KeyCode::BackTab, S), CTX),
            Some(Action::PrevView)
        );
        assert_eq!(lookup(key(KeyCode::Char('z'), N), CTX), None);
        assert_eq!(
            lookup(key(KeyCode::Char('x'), N), CTX),
            Some(Action::Decommission)
        );
        // read-only: no write key resolves, none shows in the footer
        let ro = Context {
            read_only: true,
            ..CTX
        };
        for k in ['x', 'n', 'e', 'd', 'a', 'u', 'w'] {
            assert_eq!(
                lookup(key(KeyCode::Char(k), N), ro),
                None,
                "{k} live in read-only"
            );
        }
        assert!(footer(ro).iter().all(|b| !b.action.writes()));
        assert!(all(ro).all(|b| !b.action.writes()));
        // no list keys on the Overview, no calendar outside Deadlines
        let ov = Context {
            view: ViewId::Overview,
            ..CTX
        };
        assert_eq!(lookup(key(KeyCode::Char('/'), N), ov), None);
        assert_eq!(lookup(key(KeyCode::Char('c'), N), CTX), None);
        let dl = Context {
            view: ViewId::Deadlines,
            ..CTX
        };
        assert_eq!(
            lookup(key(KeyCode::Char('c'), N), dl),
            Some(Action::ToggleCalendar)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for view in ViewId::ALL {
            for overlay in [false, true] {
                let ctx = Context {
                    view,
                    overlay,
                    read_only: false,
                };
                let mut seen = Vec::new();
                for b in BINDINGS.iter().filter(|b| b.live(ctx)) {
                    for k in b.keys {
                        assert!(!seen.contains(k), "{k:?} bound twice in {ctx:?}");
                        seen.push(*k);
                    }
                }
            }
        }
    }

    #[test]
    fn footer_comes_from_the_table() {
        let keys: Vec<String> = footer(CTX).iter().map(|b| b.key_label()).collect();
        assert!(keys.contains(&"q".to_owned()));
        assert!(keys.contains(&"/".to_owned()));
        assert!(!keys.contains(&"Esc".to_owned()));
        let ov = Context {
            overlay: true,
            ..CTX
        };
        let keys: Vec<String> = footer(ov).iter().map(|b| b.key_label()).collect();
        assert!(keys.contains(&"Esc".to_owned()));
        assert!(!keys.contains(&"/".to_owned()));
    }
}
