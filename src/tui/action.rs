//! Everything the dashboard can do, as values. Keys, the palette and tests all produce these.

use crate::i18n::{Lang, Text, msg};

/// The seven views, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewId {
    Overview,
    Systems,
    Approvals,
    Assessments,
    Deadlines,
    Incidents,
    Budget,
}

impl ViewId {
    pub const ALL: [ViewId; 7] = [
        ViewId::Overview,
        ViewId::Systems,
        ViewId::Approvals,
        ViewId::Assessments,
        ViewId::Deadlines,
        ViewId::Incidents,
        ViewId::Budget,
    ];

    pub fn index(self) -> usize {
        ViewId::ALL.iter().position(|v| *v == self).unwrap_or(0)
    }

    pub fn name(self) -> Text {
        match self {
            ViewId::Overview => msg::tui::views::OVERVIEW,
            ViewId::Systems => msg::tui::views::SYSTEMS,
            ViewId::Approvals => msg::tui::views::APPROVALS,
            ViewId::Assessments => msg::tui::views::ASSESSMENTS,
            ViewId::Deadlines => msg::tui::views::DEADLINES,
            ViewId::Incidents => msg::tui::views::INCIDENTS,
            ViewId::Budget => msg::tui::views::BUDGET,
        }
    }

    /// Whether the view is a selectable list.
    pub fn is_list(self) -> bool {
        !matches!(self, ViewId::Overview)
    }
}

/// A user intent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Palette,
    Filter,
    Back,
    Open,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextView,
    PrevView,
    Go(ViewId),
    SortNext,
    SortReverse,
    ToggleLang,
    CycleTheme,
    ToggleCalendar,
    PrevMonth,
    NextMonth,
    Refresh,
    /// Add a record of the view's kind (system, incident, project, custom deadline).
    New,
    /// Edit the selected record (system, project) or, on the Overview, the profile.
    Edit,
    /// Record a dossier step of the selected system.
    Dossier,
    /// Record an assessment of the selected system.
    Assess,
    /// Decommission the selected system (asks for confirmation).
    Decommission,
    /// Mark the selected report, incident report or custom deadline as done.
    MarkDone,
    /// Close the selected incident with its lessons learned.
    CloseIncident,
    /// The level wizard for the selected system.
    Wizard,
    /// Edit the organisation profile.
    Profile,
    /// Pin or unpin a rule pack.
    PinPack,
    /// Undo the last change made in this run (asks first, saying what).
    Undo,
    /// Redo the change just undone (itself a logged change).
    Redo,
    /// Write the current view (as filtered and sorted) to a CSV file.
    Export,
    /// Write the handover pack to a folder (asks for its path).
    Handover,
    /// In a consolidated store: show all units, then each unit in turn.
    CycleUnit,
    /// Import an inventory file (.csv, .xlsx), as `capdo import` does.
    Import,
}

impl Action {
    /// What the action does, for the help screen, the palette and the footer.
    pub fn label(self, lang: Lang) -> String {
        let t = match self {
            Action::Quit => msg::tui::action::QUIT,
            Action::Help => msg::tui::action::HELP,
            Action::Palette => msg::tui::action::COMMAND_PALETTE,
            Action::Filter => msg::tui::action::FILTER_THE_LIST,
            Action::Back => msg::tui::action::BACK_CLOSE,
            Action::Open => msg::tui::action::OPEN_DETAILS,
            Action::Up => msg::tui::action::UP,
            Action::Down => msg::tui::action::DOWN,
            Action::PageUp => msg::tui::action::PAGE_UP,
            Action::PageDown => msg::tui::action::PAGE_DOWN,
            Action::Top => msg::tui::action::GO_TO_THE_TOP,
            Action::Bottom => msg::tui::action::GO_TO_THE_BOTTOM,
            Action::NextView => msg::tui::action::NEXT_VIEW,
            Action::PrevView => msg::tui::action::PREVIOUS_VIEW,
            Action::Go(v) => {
                return msg::tui::action::OpenView {
                    view: v.name().text(lang),
                }
                .text(lang);
            }
            Action::SortNext => msg::tui::action::SORT_BY_THE_NEXT_COLUMN,
            Action::SortReverse => msg::tui::action::REVERSE_THE_SORT,
            Action::ToggleLang => msg::tui::action::SWITCH_LANGUAGE,
            Action::CycleTheme => msg::tui::action::CHANGE_THEME,
            Action::ToggleCalendar => msg::tui::action::MONTH_CALENDAR_TIMELINE,
            Action::PrevMonth => msg::tui::action::PREVIOUS_MONTH,
            Action::NextMonth => msg::tui::action::NEXT_MONTH,
            Action::Refresh => msg::tui::action::RELOAD_FROM_THE_STORE,
            Action::New => msg::tui::action::ADD_RECORD,
            Action::Edit => msg::tui::action::EDIT_THE_SELECTED_RECORD,
            Action::Dossier => msg::tui::action::RECORD_A_DOSSIER_STEP,
            Action::Assess => msg::tui::action::RECORD_AN_ASSESSMENT,
            Action::Decommission => msg::tui::action::DECOMMISSION_THE_SYSTEM,
            Action::MarkDone => msg::tui::action::MARK_SENT_DONE,
            Action::CloseIncident => msg::tui::action::CLOSE_THE_INCIDENT,
            Action::Wizard => msg::tui::action::LEVEL_WIZARD,
            Action::Profile => msg::tui::action::ORGANISATION_PROFILE,
            Action::PinPack => msg::tui::action::PIN_A_RULE_PACK,
            Action::Undo => msg::tui::action::UNDO_THE_LAST_CHANGE,
            Action::Redo => msg::tui::action::REDO_THE_CHANGE_JUST_UNDONE,
            Action::Export => msg::tui::action::EXPORT_VIEW_CSV,
            Action::Handover => msg::tui::action::WRITE_THE_HANDOVER_PACK,
            Action::CycleUnit => msg::tui::action::FILTER_BY_UNIT_CONSOLIDATED_STORE,
            Action::Import => msg::tui::action::IMPORT_INVENTORY,
        };
        t.text(lang).to_owned()
    }

    /// A short word for the footer.
    pub fn short(self, lang: Lang) -> String {
        let t = match self {
            Action::Quit => msg::tui::footer::QUIT,
            Action::Help => msg::tui::footer::HELP,
            Action::Palette => msg::tui::footer::COMMANDS,
            Action::Filter => msg::tui::footer::FILTER,
            Action::Back => msg::tui::footer::BACK,
            Action::Open => msg::tui::footer::DETAILS,
            Action::SortNext => msg::tui::footer::SORT,
            Action::ToggleLang => msg::tui::footer::OTHER_LANGUAGE,
            Action::ToggleCalendar => msg::tui::footer::CALENDAR,
            Action::NextView => msg::tui::footer::VIEW,
            Action::Up | Action::Down => msg::tui::footer::MOVE_CURSOR,
            Action::New => msg::tui::footer::ADD,
            Action::Edit => msg::tui::footer::EDIT,
            Action::Dossier => msg::tui::footer::DOSSIER,
            Action::Assess => msg::tui::footer::ASSESS,
            Action::Decommission => msg::tui::footer::RETIRE,
            Action::MarkDone => msg::tui::footer::DONE,
            Action::CloseIncident => msg::tui::footer::CLOSE,
            Action::Wizard => msg::tui::footer::WIZARD,
            Action::Undo => msg::tui::footer::UNDO,
            Action::Redo => msg::tui::footer::REDO,
            Action::Export => msg::tui::footer::EXPORT,
            Action::Handover => msg::tui::footer::HANDOVER,
            Action::CycleUnit => msg::tui::footer::UNIT,
            Action::Import => msg::tui::footer::IMPORT,
            _ => return self.label(lang),
        };
        t.text(lang).to_owned()
    }

    /// Whether the action changes stored data. Read-only mode hides and refuses every action
    /// for which this is true.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Action::New
                | Action::Edit
                | Action::Dossier
                | Action::Assess
                | Action::Decommission
                | Action::MarkDone
                | Action::CloseIncident
                | Action::Wizard
                | Action::Profile
                | Action::PinPack
                | Action::Undo
                | Action::Redo
                | Action::Import
        )
    }
}
