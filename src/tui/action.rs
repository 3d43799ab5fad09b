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
            Action::New => T(
                "Thêm mới (hệ thống, sự cố, dự án, việc)",
                "Add (system, incident, project, deadline)",
            ),
            Action::Edit => T("Sửa bản ghi đang chọn", "Edit the selected record"),
            Action::Dossier => T("Ghi nhận bước hồ sơ cấp độ", "Record a dossier step"),
            Action::Assess => T("Ghi nhận kiểm tra, đánh giá", "Record an assessment"),
            Action::Decommission => T("Ngừng sử dụng hệ thống", "Decommission the system"),
            Action::MarkDone => T("Đánh dấu đã gửi / đã xong", "Mark sent / done"),
            Action::CloseIncident => T("Kết thúc ứng phó sự cố", "Close the incident"),
            Action::Wizard => T("Trợ lý xác định cấp độ", "Level wizard"),
            Action::Profile => T("Thông tin đơn vị", "Organisation profile"),
            Action::PinPack => T("Ghim bộ quy tắc", "Pin a rule pack"),
            Action::Undo => T("Hoàn tác thay đổi gần nhất", "Undo the last change"),
            Action::Redo => T(
                "Làm lại thay đổi vừa hoàn tác",
                "Redo the change just undone",
            ),
            Action::Export => T(
                "Xuất màn hình hiện tại ra tệp CSV",
                "Export this view to a CSV file",
            ),
            Action::Handover => T(
                "Lập gói bàn giao (sao lưu, báo cáo, tài liệu, BAN-GIAO.docx)",
                "Write the handover pack (backup, reports, evidence, BAN-GIAO.docx)",
            ),
            Action::CycleUnit => T(
                "Lọc theo đơn vị (kho tổng hợp)",
                "Filter by unit (consolidated store)",
            ),
            Action::Import => T(
                "Nhập danh mục từ tệp (CSV, XLSX)",
                "Import the inventory from a file (CSV, XLSX)",
            ),
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
            Action::New => T("thêm", "add"),
            Action::Edit => T("sửa", "edit"),
            Action::Dossier => T("hồ sơ", "dossier"),
            Action::Assess => T("đánh giá", "assess"),
            Action::Decommission => T("ngừng", "retire"),
            Action::MarkDone => T("đã gửi", "done"),
            Action::CloseIncident => T("kết thúc", "close"),
            Action::Wizard => T("trợ lý cấp độ", "wizard"),
            Action::Undo => T("hoàn tác", "undo"),
            Action::Redo => T("làm lại", "redo"),
            Action::Export => T("xuất", "export"),
            Action::Handover => T("bàn giao", "handover"),
            Action::CycleUnit => T("đơn vị", "unit"),
            Action::Import => T("nhập tệp", "import"),
            _ => return self.label(lang),
        };
        t.get(lang).to_owned()
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
