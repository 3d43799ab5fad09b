//! The dashboard's state: the snapshot being shown plus what the user is looking at (view,
//! selection, filter, sort, overlays). Rendering reads it; only `update` changes it.

use super::action::ViewId;
use super::lists;
use super::snapshot::Snapshot;
use super::theme::Theme;
use crate::domain::*;
use crate::i18n::Lang;
use crate::store::LogEntry;

/// A sort: (column, descending).
pub type Sort = Option<(usize, bool)>;

/// One view's list: the visible records (filtered and sorted), the cursor and the scroll.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListState {
    /// Indices into the view's source, in display order.
    pub rows: Vec<usize>,
    /// Position in `rows`.
    pub selected: usize,
    /// First visible position.
    pub offset: usize,
    pub filter: String,
    /// (column, descending).
    pub sort: Option<(usize, bool)>,
    /// Folded search texts for the whole source, built on the first filter (lang-tagged).
    pub search: Option<(Lang, Vec<String>)>,
    /// The whole source in display order for a sort, before filtering.
    pub base: Option<(Sort, Vec<usize>)>,
}

impl ListState {
    /// The selected record, if any.
    pub fn current(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    /// Keeps the cursor on screen for a viewport of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let h = height.max(1);
        if self.rows.is_empty() {
            self.selected = 0;
            self.offset = 0;
            return;
        }
        self.selected = self.selected.min(self.rows.len() - 1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + h {
            self.offset = self.selected + 1 - h;
        }
        let max_offset = self.rows.len().saturating_sub(h);
        self.offset = self.offset.min(max_offset);
    }
}

/// What overlays the view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Palette {
        input: String,
        selected: usize,
    },
    /// Typing into the current view's filter.
    Filter,
    /// A form being filled in.
    Form(Box<super::form::Form>),
    /// A yes/no question before a save with legal effect (decommissioning, a new level of an
    /// approved system): yes saves, no goes back to the form.
    Confirm {
        message: String,
        form: Box<super::form::Form>,
    },
    /// A yes/no question that is not a save (discard typed input, undo).
    Ask {
        message: String,
        question: Question,
    },
}

/// What a yes to an `Overlay::Ask` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// Close the form and lose its input (no goes back to it).
    Discard(Box<super::form::Form>),
    /// Undo the last change of this run.
    Undo,
}

/// The record a detail pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    System(usize),
    Incident(usize),
}

/// A detail pane, with the history loaded for it when it opened.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    pub target: Target,
    pub steps: Vec<DossierStep>,
    pub assessments: Vec<Assessment>,
    pub history: Vec<LogEntry>,
    /// The system's registered documents (the register's state; files are not read).
    pub evidence: Vec<crate::domain::evidence::Evidence>,
    pub scroll: u16,
}

/// The whole state.
#[derive(Clone, Debug)]
pub struct Model {
    pub snap: Snapshot,
    pub lang: Lang,
    pub theme: Theme,
    pub view: ViewId,
    pub lists: [ListState; 7],
    /// The tallest each view's panel has been since the last resize (`update::keep_panel`).
    pub panel_rows: [u16; 7],
    pub overlay: Overlay,
    pub detail: Option<Detail>,
    /// The Deadlines view shows the month calendar (narrow terminals show one of the two).
    pub calendar: bool,
    /// Months shifted from the selected item's month in the calendar.
    pub month_shift: i32,
    /// A one-line message for the status bar.
    pub status: Option<String>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub read_only: bool,
    pub quit: bool,
    /// The unit the views are narrowed to in a consolidated store (`None`: all units).
    pub unit: Option<String>,
    /// What `u` would undo (the last change of this run not undone), set by the edge.
    pub undo_what: Option<String>,
    /// What `Ctrl-R` would redo (the last undo, if nothing was saved since), set by the edge.
    pub redo_what: Option<String>,
    /// Claims (dossier steps, assessments, incidents reported, reports sent) that no
    /// registered document proves; counted by the store when the data is (re)loaded.
    pub evidence_gaps: Option<i64>,
}

impl Model {
    pub fn new(
        snap: Snapshot,
        lang: Lang,
        theme: Theme,
        size: (u16, u16),
        read_only: bool,
    ) -> Model {
        let mut m = Model {
            snap,
            lang,
            theme,
            view: ViewId::Overview,
            lists: Default::default(),
            panel_rows: [0; 7],
            overlay: Overlay::None,
            detail: None,
            calendar: false,
            month_shift: 0,
            status: None,
            size,
            read_only,
            quit: false,
            unit: None,
            undo_what: None,
            redo_what: None,
            evidence_gaps: None,
        };
        // lists are built when first shown: the first frame (the Overview) needs none
        let first = m.view;
        m.ensure(first);
        m
    }

    /// Builds a view's list if it has not been built since the last load.
    pub fn ensure(&mut self, view: ViewId) {
        if view.is_list() && self.lists[view.index()].base.is_none() {
            self.rebuild(view);
        }
    }

    pub fn list(&self) -> &ListState {
        &self.lists[self.view.index()]
    }

    pub fn list_mut(&mut self) -> &mut ListState {
        &mut self.lists[self.view.index()]
    }

    /// Recomputes a view's rows from its filter and sort, keeping the selected record.
    pub fn rebuild(&mut self, view: ViewId) {
        let keep = self.lists[view.index()]
            .current()
            .map(|i| lists::identity(&self.snap, view, i));
        self.rebuild_rows(view);
        if let Some(id) = keep {
            self.select_identity(view, &id);
        }
    }

    fn rebuild_rows(&mut self, view: ViewId) {
        let lang = self.lang;
        let snap = &self.snap;
        let st = &mut self.lists[view.index()];
        // the sorted, unfiltered order is kept: typing a filter only scans it
        if st.base.as_ref().is_none_or(|(sort, _)| *sort != st.sort) {
            let mut rows = lists::default_rows(snap, view);
            if let Some((col, desc)) = st.sort {
                let mut keyed: Vec<(lists::SortKey, usize)> = rows
                    .iter()
                    .map(|&i| (lists::sort_key(snap, view, i, col), i))
                    .collect();
                // stable: equal keys keep the default order
                keyed.sort_by(|a, b| if desc { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) });
                rows = keyed.into_iter().map(|(_, i)| i).collect();
            }
            st.base = Some((st.sort, rows));
        }
        let base = st.base.as_ref().map(|(_, r)| r.as_slice()).unwrap_or(&[]);
        let needle = lists::search_key(&st.filter);
        st.rows = if needle.is_empty() {
            base.to_vec()
        } else {
            let fresh = !matches!(&st.search, Some((l, v)) if *l == lang && v.len() == source_len(snap, view));
            if fresh {
                let n = source_len(snap, view);
                st.search = Some((
                    lang,
                    (0..n)
                        .map(|i| lists::search_key(&lists::search_text(snap, view, i, lang)))
                        .collect(),
                ));
            }
            match &st.search {
                Some((_, keys)) => base
                    .iter()
                    .copied()
                    .filter(|&i| keys.get(i).is_some_and(|k| k.contains(&needle)))
                    .collect(),
                None => Vec::new(),
            }
        };
        if st.selected >= st.rows.len() {
            st.selected = st.rows.len().saturating_sub(1);
        }
    }

    /// Moves the cursor to the record with this identity, if it is listed.
    pub fn select_identity(&mut self, view: ViewId, id: &str) {
        let snap = &self.snap;
        let st = &mut self.lists[view.index()];
        if let Some(pos) = st
            .rows
            .iter()
            .position(|&i| lists::identity(snap, view, i) == id)
        {
            st.selected = pos;
        }
    }

    /// Replaces the snapshot (after a reload), keeping every view's selection.
    pub fn replace_snapshot(&mut self, snap: Snapshot) {
        let keep: Vec<Option<String>> = ViewId::ALL
            .iter()
            .map(|&v| {
                self.lists[v.index()]
                    .current()
                    .map(|i| lists::identity(&self.snap, v, i))
            })
            .collect();
        self.snap = snap;
        for (k, v) in keep.into_iter().zip(ViewId::ALL) {
            let built = self.lists[v.index()].base.is_some();
            self.lists[v.index()].search = None;
            self.lists[v.index()].base = None;
            if built || v == self.view {
                self.rebuild_rows(v);
                if let Some(id) = k {
                    self.select_identity(v, &id);
                }
            }
        }
        self.detail = None;
    }

    /// How many list rows fit on screen in the current view.
    pub fn page(&self) -> usize {
        super::ui::list_height(self)
    }
}

/// Number of records a view draws from.
pub fn source_len(s: &Snapshot, view: ViewId) -> usize {
    match view {
        ViewId::Overview => 0,
        ViewId::Systems | ViewId::Approvals | ViewId::Assessments => s.data.systems.len(),
        ViewId::Deadlines => s.items.len(),
        ViewId::Incidents => s.data.incidents.len(),
        ViewId::Budget => s.data.projects.len(),
    }
}
