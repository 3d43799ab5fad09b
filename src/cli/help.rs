//! The command line in the user's language: the language chosen before parsing (`--lang`,
//! CAPDO_LANG, the settings file; default vi), every command's help and clap's own words and
//! usage errors in Vietnamese from a catalog keyed by command path and argument id.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use crate::i18n::Lang;

/// The language chosen before the arguments are parsed: `--lang X` / `--lang=X`, else
/// CAPDO_LANG, else the settings file, else Vietnamese. A value that is not a language is left
/// for the full parse to refuse.
pub fn pre_scan(args: &[OsString]) -> Lang {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let v = if a == "--lang" {
            it.next().map(|v| v.into_owned())
        } else {
            a.strip_prefix("--lang=").map(str::to_owned)
        };
        if let Some(l) = v.as_deref().and_then(Lang::parse) {
            return l;
        }
    }
    if let Some(l) = std::env::var("CAPDO_LANG")
        .ok()
        .as_deref()
        .and_then(Lang::parse)
    {
        return l;
    }
    crate::config::Config::load().lang.unwrap_or(Lang::Vi)
}

/// The about line of a command, by its path ("" for capdo itself, "record level").
fn about_vi(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => {
            "capdo — theo dõi bảo đảm an toàn hệ thống thông tin theo cấp độ: hạn chót, hồ sơ đề xuất cấp độ, kiểm tra, đánh giá, sự cố, kinh phí; chạy không cần mạng. Không có lệnh: mở bảng điều khiển."
        }
        "due" => "Việc quá hạn hoặc sắp đến hạn (mặc định trong 30 ngày), gấp nhất trước.",
        "check" => {
            "Một dòng tóm tắt; mã thoát 0 không có việc đến hạn, 1 có việc sắp đến hạn, 2 có việc quá hạn, 3 kho không dùng được."
        }
        "systems" => {
            "Danh mục hệ thống: cấp độ, trạng thái hồ sơ, phương án, lần kiểm tra, đánh giá tiếp theo."
        }
        "import" => {
            "Nhập danh mục từ CSV hoặc XLSX (cập nhật theo mã hệ thống, tất cả hoặc không gì cả), hoặc khôi phục cả kho từ JSON."
        }
        "export" => "Xuất danh mục (.csv, .xlsx, theo mẫu nhập) hoặc cả kho (.json).",
        "template" => {
            "Tạo tệp mẫu danh mục: .xlsx (danh sách chọn, một dòng ví dụ) hoặc .csv (dòng tiêu đề)."
        }
        "rules" => "Liệt kê các bộ quy tắc và cho biết bộ nào đang có hiệu lực.",
        "record" => {
            "Ghi nhận một việc từ dòng lệnh: kiểm tra, đánh giá; bước hồ sơ; cấp độ mới; báo cáo đã gửi."
        }
        "record assessment" => "Một lần kiểm tra, đánh giá đã hoàn thành của hệ thống.",
        "record dossier" => "Một bước của hồ sơ đề xuất cấp độ.",
        "record level" => {
            "Cấp độ mới của hệ thống; nếu hồ sơ đã được phê duyệt cho cấp độ khác, hồ sơ chuyển sang \"cần xác định lại\" cho đến khi cấp độ mới được phê duyệt."
        }
        "record report" => "Một báo cáo định kỳ đã gửi (quarterly, annual, annual-internal).",
        "profile" => {
            "Thông tin đơn vị; với --unit/--parent/--tier/--officer/--tracking-start thì cập nhật."
        }
        "log" => "Nhật ký thay đổi: ai thay đổi gì, khi nào (cũ → mới).",
        "evidence" => {
            "Sổ tài liệu chứng minh: văn bản chứng minh từng việc, kèm mã SHA-256 (add, list, check; check trả mã thoát 6 và nêu từng tệp bị thay đổi hoặc bị mất)."
        }
        "evidence add" => {
            "Ghi một tài liệu (đường dẫn, dung lượng, thời điểm sửa, SHA-256) cho một hệ thống."
        }
        "evidence list" => "Sổ tài liệu: mọi tài liệu, hoặc của một hệ thống.",
        "evidence check" => {
            "Tính lại mã băm mọi tài liệu đã ghi: mã thoát 0 nếu tất cả khớp, 6 kèm tên từng tệp bị thay đổi hoặc bị mất. Không ghi gì."
        }
        "handover" => {
            "Lập gói bàn giao (bản sao lưu kho, báo cáo, tài liệu chứng minh, biên bản BAN-GIAO.docx và .md, MANIFEST.sha256) ra thư mục DIR hoặc DIR.zip; --verify DIR kiểm tra một gói (mã thoát 6 nếu không khớp)."
        }
        "calendar" => "Lịch ngày làm việc: ngày nghỉ lễ, ngày làm bù và ngày cán bộ thêm.",
        "calendar list" => "Các ngày nghỉ rơi vào ngày thường và các ngày làm bù, kèm nguồn.",
        "calendar add" => {
            "Thêm một ngày: ngày nghỉ của địa phương (mặc định) hoặc, với --working, ngày làm bù."
        }
        "verify" => {
            "Kiểm tra chuỗi mã băm của nhật ký thay đổi; mã thoát 0 nguyên vẹn, 4 kèm mục đầu tiên bị sửa."
        }
        "report" => {
            "Lập báo cáo: quarterly (quý), annual (năm), review (rà soát), incident ID (sự cố), budget (kinh phí) — Markdown, XLSX hoặc JSON."
        }
        "bundle" => {
            "Ghi dữ liệu của đơn vị thành gói (kèm bảng kê và SHA-256) để tổng hợp ở cấp trên."
        }
        "merge" => {
            "Gộp gói của các đơn vị khác vào kho này, theo đơn vị (tất cả hoặc không gì cả)."
        }
        "backup" => "Sao lưu cả kho ra FILE (nhất quán kể cả khi capdo đang chạy; quyền 0600).",
        "restore" => {
            "Thay kho bằng một bản sao lưu sau khi kiểm tra; kho cũ được giữ bên cạnh là <kho>.before-restore-<thời điểm>."
        }
        _ => return None,
    })
}

/// The help of an argument, by command path and argument id (global flags: path "").
fn help_vi(path: &str, id: &str) -> Option<&'static str> {
    Some(match (path, id) {
        ("", "db") => {
            "Tệp kho dữ liệu (mặc định: thư mục dữ liệu của hệ điều hành; biến môi trường CAPDO_DB)."
        }
        ("", "today") => {
            "Ngày tham chiếu, YYYY-MM-DD hoặc D/M/YYYY (mặc định: hôm nay; biến môi trường CAPDO_TODAY)."
        }
        ("", "rules") => {
            "Ghim một bộ quy tắc theo mã (xem `capdo rules`); mặc định: bộ có hiệu lực vào ngày tham chiếu."
        }
        ("", "lang") => "Ngôn ngữ: vi hoặc en (biến môi trường CAPDO_LANG; mặc định vi).",
        ("", "demo") => "Chạy trên bản sao dữ liệu mẫu trong bộ nhớ; kho thật không bị động đến.",
        ("", "read_only") => "Mở kho chỉ để đọc (chế độ kiểm tra): không thay đổi được gì.",
        ("", "theme") => {
            "Giao diện màu của bảng điều khiển: dark, light hoặc mono (biến môi trường CAPDO_THEME)."
        }
        ("", "help") => "In trợ giúp.",
        ("", "version") => "In phiên bản.",
        ("due" | "check", "within") => "Số ngày coi là \"sắp đến hạn\" (mặc định 30).",
        ("due", "all") => "Liệt kê mọi việc, cả việc chưa đến hạn.",
        ("due" | "systems" | "log" | "rules", "json") => "In JSON thay cho bảng.",
        ("due", "why") => "Thêm căn cứ pháp lý của từng việc.",
        ("due" | "systems", "unit") => {
            "Chỉ các mục của đơn vị này (tên một đơn vị đã gộp, hoặc tên đơn vị này)."
        }
        ("import", "file") => {
            "Tệp cần nhập: danh mục (.csv hoặc .xlsx), hoặc cả kho do `capdo export FILE.json` ghi (.json)."
        }
        ("import" | "merge", "dry_run") => "Kiểm tra và cho biết sẽ thay đổi gì; không ghi gì.",
        ("import", "sheet") => ".xlsx: trang tính cần đọc (mặc định: trang đầu tiên).",
        ("import", "replace") => {
            ".json: thay toàn bộ kho, kể cả nhật ký thay đổi, bằng nội dung tệp (không có cờ này thì kho phải trống)."
        }
        ("export", "file") => {
            "Nơi ghi: .csv hoặc .xlsx (danh mục, theo mẫu nhập) hoặc .json (cả kho, để `capdo import FILE.json`)."
        }
        ("template", "file") => {
            "Nơi ghi tệp mẫu: .xlsx (bảng tính có danh sách chọn và một dòng ví dụ) hoặc .csv (dòng tiêu đề)."
        }
        ("export" | "template" | "bundle" | "backup", "force") => "Ghi đè nếu tệp đã tồn tại.",
        ("report", "force") => "Ghi đè FILE nếu đã tồn tại.",
        ("record assessment" | "record dossier" | "record level", "code") => "Mã hệ thống.",
        ("log", "system") => {
            "Chỉ các mục về hệ thống này (hệ thống và hồ sơ, các lần đánh giá, sự cố, hạn của nó)."
        }
        ("record assessment", "on") => "Ngày hoàn thành (dd/mm/yyyy hoặc YYYY-MM-DD).",
        ("record assessment", "kind") => {
            "periodic (định kỳ, mặc định), adhoc (đột xuất) hoặc pre-go-live (trước khi đưa vào sử dụng)."
        }
        ("record assessment", "assessor") => "Đơn vị, người kiểm tra, đánh giá.",
        ("record assessment", "result") => "pass (đạt, mặc định) hoặc findings (có phát hiện).",
        ("record assessment", "findings") => "Số phát hiện (mặc định 0).",
        ("record assessment", "notes") => "Ghi chú.",
        ("record dossier", "state") => {
            "drafting (đang lập), submitted (đã gửi thẩm định), appraised (đã thẩm định), approved (đã phê duyệt) hoặc redetermine (cần xác định lại)."
        }
        ("record dossier", "on") => "Ngày của bước (dd/mm/yyyy hoặc YYYY-MM-DD).",
        ("record dossier", "decision") => {
            "Số quyết định phê duyệt (approved) hoặc số văn bản thẩm định (appraised)."
        }
        ("record dossier", "approver") => "Người phê duyệt (ký quyết định).",
        ("record dossier", "note") => "Ghi chú.",
        ("record dossier", "regulation_issued") => {
            "Đồng thời đặt ngày ban hành quy chế bảo đảm an toàn thông tin của hệ thống; phê duyệt cần quy chế ban hành trước hoặc trong ngày phê duyệt."
        }
        ("record dossier", "regulation_ref") => "Đồng thời đặt số quyết định ban hành quy chế.",
        ("check", "quiet") => {
            "Không in gì khi không có việc đến hạn (cho kịch bản đăng nhập); nếu có, in một dòng."
        }
        ("export", "remind") => {
            "Chỉ cho .ics: nhắc trước mỗi hạn bấy nhiêu ngày (cách nhau bởi dấu phẩy; mặc định 7,1)."
        }
        ("evidence" | "handover", "evidence_root") => {
            "Thư mục cán bộ lưu tài liệu; tệp trong thư mục này được ghi theo đường dẫn tương đối, nên thư mục có thể chuyển đi (hoặc chép vào gói bàn giao). Mặc định: khóa evidence_root trong tệp cấu hình."
        }
        ("evidence add", "code") => "Mã hệ thống.",
        ("evidence add", "file") => "Tệp tài liệu.",
        ("evidence add", "kind") => {
            "decision (quyết định), regulation (quy chế), plan (phương án), assessment (kiểm tra, đánh giá), incident-report (báo cáo sự cố), report (báo cáo) hoặc other (khác)."
        }
        ("evidence add", "reference") => "Số văn bản (ví dụ 12/QĐ-UBND).",
        ("evidence add", "on") => "Ngày văn bản (dd/mm/yyyy hoặc YYYY-MM-DD).",
        ("evidence add", "note") => "Ghi chú (ví dụ \"bản có chữ ký, đóng dấu\").",
        ("evidence add", "step") => {
            "Bước hồ sơ mà tài liệu chứng minh: trạng thái (submitted, appraised, approved…: bước gần nhất của hệ thống ở trạng thái đó) hoặc mã số."
        }
        ("evidence add", "assessment") => {
            "Lần kiểm tra, đánh giá mà tài liệu chứng minh: ngày hoàn thành (như `capdo log` hiển thị) hoặc mã số."
        }
        ("evidence add", "incident") => "Sự cố mà tài liệu là báo cáo (mã số sự cố).",
        ("evidence add", "report") => "Báo cáo định kỳ, dạng BÁO_CÁO/KỲ (ví dụ annual/2026).",
        ("evidence list", "system") => "Chỉ tài liệu của hệ thống này.",
        ("evidence list", "json") => "In JSON thay cho bảng.",
        ("handover", "dir") => "Thư mục sẽ ghi (chưa có, hoặc trống); với --zip là DIR.zip.",
        ("handover", "zip") => "Ghi một tệp DIR.zip thay cho thư mục.",
        ("handover", "verify") => {
            "Kiểm tra MANIFEST.sha256 của một gói: mã thoát 0 nếu mọi tệp khớp, 6 kèm tên từng tệp bị thay đổi, bị mất hoặc không có trong danh sách."
        }
        ("handover", "officer") => {
            "Người bàn giao (mặc định: cán bộ trong thông tin đơn vị, nếu không thì người dùng hệ điều hành)."
        }
        ("calendar list", "year") => "Chỉ năm này.",
        ("calendar list", "json") => "In JSON thay cho bảng.",
        ("calendar add", "date") => "Ngày (dd/mm/yyyy hoặc YYYY-MM-DD).",
        ("calendar add", "note") => "Lý do: quyết định hoặc thông báo quy định ngày này.",
        ("calendar add", "working") => {
            "Ngày làm bù (thứ Bảy hoặc Chủ nhật đi làm) thay cho ngày nghỉ."
        }
        ("record level", "level") => "Cấp độ mới, từ 1 đến 5.",
        ("record level", "on") => "Ngày quyết định cấp độ (dd/mm/yyyy hoặc YYYY-MM-DD).",
        ("record level", "reason") => "Lý do thay đổi (ghi vào bước hồ sơ).",
        ("record report", "report") => {
            "Mã báo cáo trong bộ quy tắc đang có hiệu lực: quarterly (quý, chỉ Nghị định 85), annual (năm), annual-internal (năm, nội bộ)."
        }
        ("record report", "period") => "Kỳ báo cáo: 2026-Q4 cho báo cáo quý, 2026 cho báo cáo năm.",
        ("record report", "on") => "Ngày gửi (dd/mm/yyyy hoặc YYYY-MM-DD).",
        ("record report", "doc") => "Số văn bản.",
        ("profile", "unit") => "Tên đơn vị, ví dụ \"UBND xã An Bình\".",
        ("profile", "parent") => "Cơ quan cấp trên.",
        ("profile", "tier") => {
            "Cấp của đơn vị: commune (xã), district (huyện) hoặc province (tỉnh)."
        }
        ("profile", "officer") => "Cán bộ phụ trách, được ghi tên trong nhật ký thay đổi.",
        ("profile", "tracking_start") => {
            "Ngày bắt đầu theo dõi (dd/mm/yyyy hoặc YYYY-MM-DD, không ở tương lai)."
        }
        ("report", "kind") => {
            "quarterly (báo cáo quý), annual (báo cáo năm), review (rà soát), incident (sự cố) hoặc budget (kinh phí)."
        }
        ("report", "id") => "Mã số sự cố (cho `incident`).",
        ("report", "period") => {
            "Kỳ: 2026-Q4 (quý) hoặc 2026 (năm, kinh phí); mặc định: kỳ của ngày tham chiếu."
        }
        ("report", "form") => {
            "Báo cáo sự cố nào: notification (thông báo ban đầu, mặc định), initial (báo cáo ban đầu) hoặc closing (báo cáo kết thúc)."
        }
        ("report", "format") => {
            "Định dạng: md, xlsx hoặc json (mặc định: theo đuôi tệp -o, nếu không thì md)."
        }
        ("report", "output") => "Ghi ra FILE thay cho màn hình (bắt buộc với xlsx).",
        ("bundle", "file") => "Nơi ghi gói (một tệp JSON, ví dụ xa-mau-an.capdo.json).",
        ("merge", "bundles") => "Các gói do `capdo bundle` ghi, mỗi đơn vị một gói.",
        ("backup", "file") => {
            "Nơi ghi bản sao lưu (một tệp kho capdo, ví dụ capdo-2026-11-29.sqlite3)."
        }
        ("restore", "file") => {
            "Bản sao lưu do `capdo backup` ghi (hoặc bản sao của một kho capdo)."
        }
        _ => return None,
    })
}

/// Localises `cmd` (capdo itself) and its subcommands for `lang`, before parsing.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    let cmd = match lang {
        Lang::Vi => cmd.about(about_vi("").unwrap_or_default()),
        Lang::En => cmd.about("capdo — an offline dashboard of information-security-by-level duties: deadlines, level dossiers, assessments, incidents, budget. Without a command: the dashboard."),
    };
    walk(cmd, "", lang)
}

fn walk(mut cmd: Command, path: &str, lang: Lang) -> Command {
    // clap's own help and version flags, written out so that their help can be translated
    cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .display_order(1000)
                .help(lang.pick("In trợ giúp.", "Print help.")),
        );
    if path.is_empty() {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .display_order(1001)
                .global(true)
                .help(lang.pick("In phiên bản.", "Print version.")),
        );
    }
    if lang == Lang::Vi {
        if let Some(a) = about_vi(path) {
            cmd = cmd.about(a);
        }
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().as_str().to_owned())
            .collect();
        for id in ids {
            if let Some(h) = help_vi(path, &id) {
                cmd = cmd.mut_arg(id.as_str(), |a| {
                    // the catalog's text says the default, the values and the variable
                    let takes = a.get_action().takes_values();
                    a.help(h)
                        .long_help(None::<&str>)
                        .hide_env(true)
                        .hide_default_value(takes)
                        .hide_possible_values(takes)
                });
            }
        }
        // the placeholders of values too: --on <NGÀY>
        let renames: Vec<(String, &'static str)> = cmd
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
            .filter_map(|a| {
                let id = a.get_id().as_str();
                let name = match a.get_value_names() {
                    Some([n]) => n.to_string(),
                    Some(_) => return None,
                    None => id.to_uppercase(),
                };
                placeholder_vi(&name).map(|p| (id.to_owned(), p))
            })
            .collect();
        for (id, p) in renames {
            cmd = cmd.mut_arg(id.as_str(), |a| a.value_name(p));
        }
        cmd = cmd
            .subcommand_help_heading("Lệnh")
            .subcommand_value_name("LỆNH");
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| walk(s, &sub_path, lang));
    }
    cmd
}

/// A value's placeholder in Vietnamese.
fn placeholder_vi(name: &str) -> Option<&'static str> {
    Some(match name {
        "PATH" => "TỆP",
        "FILE" => "TỆP",
        "DATE" => "NGÀY",
        "DAYS" => "SỐ_NGÀY",
        "CODE" => "MÃ",
        "NAME" => "TÊN",
        "TEXT" => "NỘI_DUNG",
        "ID" => "MÃ",
        "NO" => "SỐ",
        "P" | "PERIOD" => "KỲ",
        "THEME" => "GIAO_DIỆN",
        "STATE" => "TRẠNG_THÁI",
        "KIND" => "LOẠI",
        "RESULT" => "KẾT_QUẢ",
        "TIER" => "CẤP",
        "BUNDLE" => "GÓI",
        _ => return None,
    })
}

/// clap's fixed words in Vietnamese (help pages and usage lines). Works on styled text too:
/// each word sits whole between its styles.
pub fn words_vi(s: &str) -> String {
    s.replace("Usage:", "Cách dùng:")
        .replace("Options:", "Tùy chọn:")
        .replace("Arguments:", "Đối số:")
        .replace("Commands:", "Lệnh:")
        .replace("[OPTIONS]", "[TÙY CHỌN]")
        .replace("<COMMAND>", "<LỆNH>")
        .replace("[COMMAND]", "[LỆNH]")
        .replace("[default: ", "[mặc định: ")
        .replace("[aliases: ", "[tên khác: ")
        .replace("[alias: ", "[tên khác: ")
}

fn ctx_str(e: &clap::Error, k: ContextKind) -> Option<String> {
    match e.get(k)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A usage error in Vietnamese, naming what was wrong, with the usage line and where to read
/// more. `None` for the kinds that are not errors (help, version).
pub fn error_vi(e: &clap::Error) -> String {
    let arg = ctx_str(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = ctx_str(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => format!("đối số không hợp lệ '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            let sub = ctx_str(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("không có lệnh '{sub}'")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} cần một giá trị"),
        ErrorKind::InvalidValue => format!("giá trị '{value}' không hợp lệ cho {arg}"),
        ErrorKind::ValueValidation => format!("giá trị '{value}' không hợp lệ cho {arg}"),
        ErrorKind::MissingRequiredArgument => format!("thiếu đối số bắt buộc: {arg}"),
        ErrorKind::MissingSubcommand => "thiếu lệnh".to_owned(),
        ErrorKind::ArgumentConflict => {
            let other = ctx_str(e, ContextKind::PriorArg).unwrap_or_default();
            format!("không dùng được {arg} cùng với {other}")
        }
        ErrorKind::TooManyValues => format!("thừa giá trị '{value}' cho {arg}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị cho {arg} không đúng")
        }
        ErrorKind::NoEquals => format!("{arg} cần dấu '=' trước giá trị"),
        ErrorKind::InvalidUtf8 => "đối số không phải văn bản UTF-8".to_owned(),
        _ => "dòng lệnh không hợp lệ".to_owned(),
    };
    if let Some(v) = ctx_str(e, ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        out.push_str(&format!(" (dùng: {v})"));
    }
    if let Some(s) = ctx_str(e, ContextKind::SuggestedArg)
        .or_else(|| ctx_str(e, ContextKind::SuggestedSubcommand))
        .filter(|s| !s.is_empty())
    {
        out.push_str(&format!("; có phải ý bạn là '{s}'?"));
    }
    // "capdo due" from "Usage: capdo due [OPTIONS]", for where to read more
    let mut command = "capdo".to_owned();
    if let Some(ContextValue::StyledStr(u)) = e.get(ContextKind::Usage) {
        let usage = words_vi(&u.to_string());
        out.push_str("\n\n");
        out.push_str(usage.trim_end());
        let words: Vec<&str> = usage
            .split_whitespace()
            .skip_while(|w| *w != "capdo")
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        if !words.is_empty() {
            command = words.join(" ");
        }
    }
    out.push_str(&format!("\n\nXem thêm: {command} --help"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(lang: Lang, args: &[&str]) -> clap::Error {
        let cmd = localise(super::super::Cli::command(), lang);
        match cmd.try_get_matches_from(args) {
            Ok(_) => panic!("{args:?} parsed"),
            Err(e) => e,
        }
    }

    #[test]
    fn every_command_and_argument_has_vietnamese_help() {
        let cmd = localise(super::super::Cli::command(), Lang::Vi);
        fn check(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if about_vi(path).is_none() {
                missing.push(format!("about of '{path}'"));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = a.get_id().as_str();
                let global = help_vi("", id).is_some();
                if !global && help_vi(path, id).is_none() {
                    missing.push(format!("{path}: {id}"));
                }
            }
            for s in cmd.get_subcommands() {
                let p = if path.is_empty() {
                    s.get_name().to_owned()
                } else {
                    format!("{path} {}", s.get_name())
                };
                check(s, &p, missing);
            }
        }
        let mut missing = Vec::new();
        check(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Vietnamese for: {missing:?}");
    }

    #[test]
    fn usage_errors_in_vietnamese() {
        let e = parse(Lang::Vi, &["capdo", "due", "--al"]);
        let m = error_vi(&e);
        assert!(
            m.starts_with("đối số không hợp lệ '--al'; có phải ý bạn là '--all'?"),
            "{m}"
        );
        assert!(m.contains("\n\nCách dùng: capdo due"), "{m}");
        assert!(m.ends_with("\n\nXem thêm: capdo due --help"), "{m}");
        let e = parse(Lang::Vi, &["capdo", "report", "weekly"]);
        let m = error_vi(&e);
        assert!(
            m.starts_with("giá trị 'weekly' không hợp lệ cho <LOẠI> (dùng: quarterly, annual, review, incident, budget)"),
            "{m}"
        );
        let e = parse(
            Lang::Vi,
            &["capdo", "record", "level", "A", "--on", "1/1/2026"],
        );
        assert!(
            error_vi(&e).starts_with("thiếu đối số bắt buộc: --level <N>"),
            "{}",
            error_vi(&e)
        );
        let e = parse(Lang::Vi, &["capdo", "stats"]);
        assert!(
            error_vi(&e).starts_with("không có lệnh 'stats'"),
            "{}",
            error_vi(&e)
        );
    }

    #[test]
    fn the_language_is_chosen_before_parsing() {
        let os = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(pre_scan(&os(&["capdo", "--lang", "en", "due"])), Lang::En);
        assert_eq!(pre_scan(&os(&["capdo", "due", "--lang=en"])), Lang::En);
        assert_eq!(pre_scan(&os(&["capdo", "--lang", "vi", "due"])), Lang::Vi);
        // after `--` it is a value, not the flag
        assert_eq!(
            pre_scan(&os(&["capdo", "--lang", "vi", "--", "--lang", "en"])),
            Lang::Vi
        );
    }
}
