//! The handover summary (BAN-GIAO.md): what a successor must know on the first day — what is
//! overdue and due within 90 days with its legal basis, open incidents and their clocks, dossiers
//! in progress, projects and budget shares, custom deadlines and their documents, contacts, and
//! the evidence handed over. Pure: data in, Markdown out.

use chrono::NaiveDateTime;

use crate::domain::engine::{Clock, Deadline, Status};
use crate::domain::evidence::Evidence;
use crate::domain::{Dataset, DossierState, Kind};
use crate::i18n::{self, Lang};
use crate::rules::RuleChoice;
use crate::text::sanitize;

/// The "due soon" window of the summary, in days.
pub const HORIZON_DAYS: i64 = 90;

/// What the summary is made from.
pub struct Handover<'a> {
    pub data: &'a Dataset,
    pub rules: &'a RuleChoice,
    pub clock: Clock,
    pub lang: Lang,
    /// Every deadline item computed with `HORIZON_DAYS`, most urgent first.
    pub items: &'a [Deadline],
    pub register: &'a [Evidence],
    /// Who hands over (the profile's officer, else the OS user).
    pub officer: &'a str,
    /// The moment the pack was made (wall clock).
    pub made_at: NaiveDateTime,
    /// Problems met copying the evidence (a file missing or changed), one line each.
    pub evidence_problems: &'a [String],
    /// The report files in the pack (relative paths).
    pub reports: &'a [String],
}

/// Markdown cell or line text: markup characters and `|` escaped, controls made visible.
fn esc(s: &str) -> String {
    let s = sanitize(s);
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn table(out: &mut String, head: &[&str], rows: &[Vec<String>], none: &str) {
    if rows.is_empty() {
        out.push_str(none);
        out.push_str("\n\n");
        return;
    }
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| esc(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

fn due_text(d: &Deadline) -> String {
    match (d.due_at, d.due_on) {
        (Some(at), _) => i18n::datetime(at),
        (None, Some(on)) => i18n::date(on),
        (None, None) => "—".to_owned(),
    }
}

fn left_text(d: &Deadline, h: &Handover) -> String {
    let lang = h.lang;
    match (d.kind, d.hours_left(h.clock.now), d.days_left) {
        (Kind::Incident, Some(x), _) if x.abs() < 96 => i18n::hours_left(lang, x),
        (_, _, Some(days)) => i18n::days_left(lang, days),
        _ => lang.pick("chưa từng", "never").to_owned(),
    }
}

fn item_rows(h: &Handover, keep: impl Fn(&Deadline) -> bool) -> Vec<Vec<String>> {
    h.items
        .iter()
        .filter(|d| keep(d))
        .map(|d| {
            vec![
                due_text(d),
                left_text(d, h),
                d.system_code(h.data).unwrap_or("—").to_owned(),
                d.title(h.data, h.rules, h.lang),
                d.basis(h.data, h.rules, h.lang),
            ]
        })
        .collect()
}

/// The summary as Markdown.
pub fn markdown(h: &Handover) -> String {
    let lang = h.lang;
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let data = h.data;
    let today = h.clock.today;
    let mut out = String::with_capacity(16 * 1024);
    let unit = if data.profile.unit_name.is_empty() {
        t("(chưa đặt tên đơn vị)", "(unit name not set)").to_owned()
    } else {
        data.profile.unit_name.clone()
    };
    out.push_str(&format!(
        "# {}\n\n",
        t(
            "BÀN GIAO HỒ SƠ BẢO ĐẢM AN TOÀN HỆ THỐNG THÔNG TIN THEO CẤP ĐỘ",
            "HANDOVER OF THE INFORMATION-SECURITY-BY-LEVEL RECORDS"
        )
    ));
    let overdue = h
        .items
        .iter()
        .filter(|d| d.status == Status::Overdue)
        .count();
    let soon = h
        .items
        .iter()
        .filter(|d| d.status == Status::DueSoon)
        .count();
    for (k, v) in [
        (t("Đơn vị", "Unit"), unit),
        (t("Cán bộ bàn giao", "Handed over by"), h.officer.to_owned()),
        (t("Ngày bàn giao", "Date"), i18n::date(today)),
        (t("Lập lúc", "Made at"), i18n::datetime(h.made_at)),
        (
            t("Bộ quy tắc áp dụng", "Rule pack"),
            format!(
                "{} ({})",
                h.rules.pack().decree.get(lang),
                h.rules.pack().id
            ),
        ),
        (
            t("Tóm tắt", "In short"),
            match lang {
                Lang::Vi => format!(
                    "{overdue} việc quá hạn, {soon} việc đến hạn trong {HORIZON_DAYS} ngày, {} hệ thống, {} tài liệu chứng minh",
                    data.systems.len(),
                    h.register.len()
                ),
                Lang::En => format!(
                    "{overdue} overdue, {soon} due within {HORIZON_DAYS} days, {} systems, {} documents of evidence",
                    data.systems.len(),
                    h.register.len()
                ),
            },
        ),
    ] {
        out.push_str(&format!("- **{k}:** {}\n", esc(&v)));
    }
    out.push('\n');

    let head_items = [
        t("Hạn", "Due"),
        t("Còn lại", "Left"),
        t("Hệ thống", "System"),
        t("Nội dung", "What"),
        t("Căn cứ pháp lý", "Legal basis"),
    ];
    out.push_str(&format!("## 1. {}\n\n", t("Việc đã quá hạn", "Overdue")));
    table(
        &mut out,
        &head_items,
        &item_rows(h, |d| d.status == Status::Overdue),
        t("Không có việc quá hạn.", "Nothing overdue."),
    );
    out.push_str(&match lang {
        Lang::Vi => format!("## 2. Việc đến hạn trong {HORIZON_DAYS} ngày\n\n"),
        Lang::En => format!("## 2. Due within {HORIZON_DAYS} days\n\n"),
    });
    table(
        &mut out,
        &head_items,
        &item_rows(h, |d| d.status == Status::DueSoon),
        t("Không có.", "None."),
    );

    // 3. incidents still open (response not ended, or a mandatory report not yet sent)
    out.push_str(&format!(
        "## 3. {}\n\n",
        t(
            "Sự cố đang xử lý và thời hạn báo cáo",
            "Open incidents and their report clocks"
        )
    ));
    let mut rows = Vec::new();
    for (n, inc) in data.incidents.iter().enumerate() {
        let clocks: Vec<String> = h
            .items
            .iter()
            .filter(|d| {
                matches!(d.subject, crate::domain::Subject::Incident { incident, .. } if incident == n)
            })
            .map(|d| {
                format!(
                    "{}: {} ({})",
                    d.title(data, h.rules, lang),
                    due_text(d),
                    left_text(d, h)
                )
            })
            .collect();
        if inc.response_ended_at.is_some() && clocks.is_empty() {
            continue;
        }
        let system = inc
            .system_id
            .and_then(|id| data.system_index(id))
            .map(|i| data.systems[i].code.clone())
            .unwrap_or_else(|| "—".into());
        rows.push(vec![
            format!("#{}", inc.id),
            i18n::datetime(inc.detected_at),
            system,
            inc.title.clone(),
            inc.severity.label(lang).to_owned(),
            match inc.response_ended_at {
                Some(e) => format!(
                    "{} {}",
                    t("ứng cứu xong", "response ended"),
                    i18n::datetime(e)
                ),
                None => t("đang ứng cứu", "responding").to_owned(),
            },
            if clocks.is_empty() {
                t("đã gửi đủ báo cáo", "all reports sent").to_owned()
            } else {
                clocks.join("; ")
            },
        ]);
    }
    table(
        &mut out,
        &[
            "#",
            t("Phát hiện", "Detected"),
            t("Hệ thống", "System"),
            t("Sự cố", "Incident"),
            t("Mức độ", "Severity"),
            t("Tình trạng", "State"),
            t("Báo cáo còn phải gửi", "Reports still due"),
        ],
        &rows,
        t("Không có sự cố đang mở.", "No open incident."),
    );

    // 4. dossiers in progress
    out.push_str(&format!(
        "## 4. {}\n\n",
        t(
            "Hồ sơ đề xuất cấp độ đang xử lý",
            "Level dossiers in progress"
        )
    ));
    let rows: Vec<Vec<String>> = data
        .systems
        .iter()
        .filter(|s| s.is_active_owned(today))
        .filter(|s| {
            matches!(
                s.dossier,
                DossierState::Drafting
                    | DossierState::Submitted
                    | DossierState::Appraised
                    | DossierState::Redetermine
            )
        })
        .map(|s| {
            let last = data
                .steps
                .iter()
                .rfind(|st| st.system_id == s.id)
                .map(|st| {
                    format!(
                        "{} {} {}",
                        st.state.label(lang),
                        i18n::opt_date(st.on),
                        st.reference
                    )
                    .trim()
                    .to_owned()
                })
                .unwrap_or_else(|| "—".into());
            vec![
                s.code.clone(),
                s.name.clone(),
                s.level.map(|l| l.to_string()).unwrap_or_else(|| "—".into()),
                s.dossier.label(lang).to_owned(),
                last,
                match s.dossier_since {
                    Some(since) => match lang {
                        Lang::Vi => format!(
                            "từ {} ({} ngày)",
                            i18n::date(since),
                            (today - since).num_days()
                        ),
                        Lang::En => format!(
                            "since {} ({} days)",
                            i18n::date(since),
                            (today - since).num_days()
                        ),
                    },
                    None => "—".into(),
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            t("Mã", "Code"),
            t("Hệ thống", "System"),
            t("Cấp độ", "Level"),
            t("Bước hiện tại", "Current step"),
            t("Bước đã ghi gần nhất", "Last recorded step"),
            t("Thời gian chờ", "Waiting"),
        ],
        &rows,
        t("Không có hồ sơ đang xử lý.", "No dossier in progress."),
    );

    // 5. projects and budget shares
    out.push_str(&format!(
        "## 5. {}\n\n",
        t(
            "Dự án, kế hoạch ứng dụng CNTT và tỷ lệ kinh phí bảo đảm an toàn",
            "IT projects and security budget shares"
        )
    ));
    let mut projects: Vec<_> = data.projects.iter().collect();
    projects.sort_by_key(|p| (std::cmp::Reverse(p.year), p.id));
    let rows: Vec<Vec<String>> = projects
        .iter()
        .map(|p| {
            vec![
                p.year.to_string(),
                p.name.clone(),
                i18n::int(lang, p.total_budget),
                i18n::int(lang, p.security_budget),
                if p.total_budget > 0 {
                    i18n::percent(
                        lang,
                        100.0 * p.security_budget as f64 / p.total_budget as f64,
                    )
                } else {
                    "—".into()
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            t("Năm", "Year"),
            t("Dự án", "Project"),
            t("Tổng kinh phí (đồng)", "Total (VND)"),
            t("Kinh phí an toàn (đồng)", "Security (VND)"),
            t("Tỷ lệ", "Share"),
        ],
        &rows,
        t("Không có dự án.", "No projects."),
    );

    // 6. custom deadlines
    out.push_str(&format!(
        "## 6. {}\n\n",
        t(
            "Hạn do văn bản địa phương đặt và văn bản nguồn",
            "Local deadlines and their source documents"
        )
    ));
    let rows: Vec<Vec<String>> = data
        .customs
        .iter()
        .map(|c| {
            let system = c
                .system_id
                .and_then(|id| data.system_index(id))
                .map(|i| data.systems[i].code.clone())
                .unwrap_or_else(|| "—".into());
            vec![
                c.title.clone(),
                i18n::date(
                    crate::domain::engine::custom_due(c, data.profile.tracking_start)
                        .unwrap_or(c.due_on),
                ),
                c.recurrence
                    .map(|r| r.label(lang).to_owned())
                    .unwrap_or_else(|| t("một lần", "once").to_owned()),
                if c.source_doc.is_empty() {
                    "—".into()
                } else {
                    c.source_doc.clone()
                },
                system,
                c.done_on.map(i18n::date).unwrap_or_else(|| "—".into()),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            t("Nội dung", "What"),
            t("Hạn (lần tới)", "Due (next)"),
            t("Lặp lại", "Repeats"),
            t("Văn bản nguồn", "Source document"),
            t("Hệ thống", "System"),
            t("Đã làm", "Done"),
        ],
        &rows,
        t("Không có.", "None."),
    );

    // 7. contacts
    out.push_str(&format!(
        "## 7. {}\n\n",
        t("Đầu mối theo hệ thống", "Contacts per system")
    ));
    let rows: Vec<Vec<String>> = data
        .systems
        .iter()
        .filter(|s| !s.is_decommissioned(today))
        .map(|s| {
            let dash = |x: &str| {
                if x.is_empty() {
                    "—".to_owned()
                } else {
                    x.to_owned()
                }
            };
            vec![
                s.code.clone(),
                s.name.clone(),
                s.relation.label(lang).to_owned(),
                dash(&s.owner),
                dash(&s.operator),
                dash(&s.responsible),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            t("Mã", "Code"),
            t("Hệ thống", "System"),
            t("Quan hệ", "Relation"),
            t("Chủ quản", "Owner"),
            t("Đơn vị vận hành", "Operator"),
            t("Người phụ trách", "Responsible"),
        ],
        &rows,
        t("Không có hệ thống.", "No systems."),
    );

    // 8. evidence and the pack
    out.push_str(&format!(
        "## 8. {}\n\n",
        t(
            "Tài liệu chứng minh và nội dung gói",
            "Evidence and what the pack holds"
        )
    ));
    out.push_str(&match lang {
        Lang::Vi => format!(
            "- {} tài liệu chứng minh trong sổ; bản sao ở thư mục `evidence/`, sổ tài liệu ở `evidence/so-tai-lieu.xlsx` và `evidence/so-tai-lieu.csv`.\n",
            h.register.len()
        ),
        Lang::En => format!(
            "- {} documents in the evidence register; copies under `evidence/`, the register in `evidence/so-tai-lieu.xlsx` and `evidence/so-tai-lieu.csv`.\n",
            h.register.len()
        ),
    });
    for p in h.evidence_problems {
        out.push_str(&format!("- ✖ {}\n", esc(p)));
    }
    out.push_str(&match lang {
        Lang::Vi => "- `capdo.sqlite3`: bản sao toàn bộ kho tại thời điểm lập gói. Người nhận chạy `capdo restore capdo.sqlite3` để tiếp tục đúng chỗ người bàn giao dừng lại; không cần cài gì để đọc các tệp còn lại.\n".to_owned(),
        Lang::En => "- `capdo.sqlite3`: a copy of the whole store as of the moment the pack was made. The successor runs `capdo restore capdo.sqlite3` to carry on where it was left; the other files open with nothing installed.\n".to_owned(),
    });
    if !h.reports.is_empty() {
        out.push_str(&format!(
            "- {}: {}\n",
            t("Báo cáo hiện hành", "Current reports"),
            h.reports
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push_str(&match lang {
        Lang::Vi => "- `MANIFEST.sha256`: SHA-256 của mọi tệp khác trong gói; kiểm tra bằng `sha256sum -c MANIFEST.sha256` (Linux) hoặc `capdo handover --verify THƯ-MỤC`.\n".to_owned(),
        Lang::En => "- `MANIFEST.sha256`: the SHA-256 of every other file of the pack; check with `sha256sum -c MANIFEST.sha256` (Linux) or `capdo handover --verify DIR`.\n".to_owned(),
    });
    out
}
