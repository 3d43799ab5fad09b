//! Everything the dashboard can do, as values. Keys, the palette and tests all produce these.

use crate::i18n::{Lang, T};

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

    pub fn name(self) -> T {
        match self {
            ViewId::Overview => T("Tổng quan", "Overview"),
            ViewId::Systems => T("Hệ thống", "Systems"),
            ViewId::Approvals => T("Phê duyệt", "Approvals"),
            ViewId::Assessments => T("Đánh giá", "Assessments"),
            ViewId::Deadlines => T("Hạn chót", "Deadlines"),
            ViewId::Incidents => T("Sự cố", "Incidents"),
            ViewId::Budget => T("Kinh phí", "Budget"),
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
}

impl Action {
    /// What the action does, for the help screen, the palette and the footer.
    pub fn label(self, lang: Lang) -> String {
        let t = match self {
            Action::Quit => T("Thoát", "Quit"),
            Action::Help => T("Trợ giúp", "Help"),
            Action::Palette => T("Bảng lệnh", "Command palette"),
            Action::Filter => T("Lọc danh sách", "Filter the list"),
            Action::Back => T("Quay lại / đóng", "Back / close"),
            Action::Open => T("Xem chi tiết", "Open details"),
            Action::Up => T("Lên", "Up"),
            Action::Down => T("Xuống", "Down"),
            Action::PageUp => T("Lên một trang", "Page up"),
            Action::PageDown => T("Xuống một trang", "Page down"),
            Action::Top => T("Về đầu danh sách", "Go to the top"),
            Action::Bottom => T("Về cuối danh sách", "Go to the bottom"),
            Action::NextView => T("Màn hình tiếp theo", "Next view"),
            Action::PrevView => T("Màn hình trước", "Previous view"),
            Action::Go(v) => {
                return match lang {
                    Lang::Vi => format!("Mở màn hình {}", v.name().get(lang)),
                    Lang::En => format!("Open the {} view", v.name().get(lang)),
                };
            }
            Action::SortNext => T("Sắp xếp theo cột tiếp theo", "Sort by the next column"),
            Action::SortReverse => T("Đảo chiều sắp xếp", "Reverse the sort"),
            Action::ToggleLang => T("Chuyển sang tiếng Anh", "Switch to Vietnamese"),
            Action::CycleTheme => T(
                "Đổi giao diện màu (tối / sáng / đơn sắc)",
                "Change theme (dark / light / mono)",
            ),
            Action::ToggleCalendar => T("Lịch tháng / dòng thời gian", "Month calendar / timeline"),
            Action::PrevMonth => T("Tháng trước", "Previous month"),
            Action::NextMonth => T("Tháng sau", "Next month"),
            Action::Refresh => T("Tải lại dữ liệu từ kho", "Reload from the store"),
        };
        t.get(lang).to_owned()
    }

    /// A short word for the footer.
    pub fn short(self, lang: Lang) -> String {
        let t = match self {
            Action::Quit => T("thoát", "quit"),
            Action::Help => T("trợ giúp", "help"),
            Action::Palette => T("lệnh", "commands"),
            Action::Filter => T("lọc", "filter"),
            Action::Back => T("quay lại", "back"),
            Action::Open => T("chi tiết", "details"),
            Action::SortNext => T("sắp xếp", "sort"),
            Action::ToggleLang => T("English", "Tiếng Việt"),
            Action::ToggleCalendar => T("lịch", "calendar"),
            Action::NextView => T("màn hình", "view"),
            Action::Up | Action::Down => T("di chuyển", "move"),
            _ => return self.label(lang),
        };
        t.get(lang).to_owned()
    }

    /// Whether the action changes stored data (none yet: the dashboard only reads). Read-only
    /// mode hides and refuses every action for which this is true.
    pub fn writes(self) -> bool {
        false
    }
}
