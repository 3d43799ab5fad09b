//! The handover record (BAN-GIAO.docx and BAN-GIAO.md) as one report `Document`: what a
//! successor must know on the first day — what is overdue and due within 90 days with its legal
//! basis, open incidents and their clocks, dossiers in progress, projects and budget shares,
//! custom deadlines and their documents, contacts, and the evidence handed over. Pure: data in,
//! a document out; `render::markdown` and `docx::docx` write it.

use crate::i18n::msg;
use chrono::NaiveDateTime;

use super::common;
use super::doc::{Document, Field, Party, Section, Table, Val, formal_date};
use crate::domain::engine::{Clock, Deadline, Status};
use crate::domain::evidence::Evidence;
use crate::domain::{Dataset, DossierState, Kind};
use crate::i18n::{self, Lang};
use crate::rules::RuleChoice;

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
        _ => msg::common::NEVER.text(lang).to_owned(),
    }
}

/// Text, or a dash when empty.
fn dash(s: &str) -> Val {
    if s.trim().is_empty() {
        Val::text("—")
    } else {
        Val::text(s)
    }
}

/// A table, or a sentence saying there is nothing when it has no rows.
fn table_or(s: Section, t: Table, none: &str) -> Section {
    if t.rows.is_empty() {
        s.para(none)
    } else {
        s.table(t)
    }
}

fn items_table(h: &Handover, key: &str, keep: impl Fn(&Deadline) -> bool) -> Table {
    let t = |vi: &'static str, en: &'static str| h.lang.pick(vi, en).to_owned();
    let mut table = Table::new(
        key,
        vec![
            // the date and what is left share a column: the legal basis needs the room
            ("due", t("Hạn (còn lại)", "Due (left)")),
            ("system", t("Hệ thống", "System")),
            ("what", t("Nội dung", "What")),
            ("basis", t("Căn cứ pháp lý", "Legal basis")),
        ],
    );
    table.rows = h
        .items
        .iter()
        .filter(|d| keep(d))
        .map(|d| {
            vec![
                Val::text(match d.due_at.is_some() || d.due_on.is_some() {
                    true => format!("{} ({})", due_text(d), left_text(d, h)),
                    false => left_text(d, h),
                }),
                Val::text(d.system_code(h.data).unwrap_or("—")),
                Val::text(d.title(h.data, h.rules, h.lang)),
                Val::text(d.basis(h.data, h.rules, h.lang)),
            ]
        })
        .collect();
    table
}

/// The handover record as a report document (Decree 30/2020 layout: issuer block, "BIÊN BẢN
/// BÀN GIAO", the sections, both officers' signatures).
pub fn document(h: &Handover) -> Document {
    let lang = h.lang;
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let data = h.data;
    let today = h.clock.today;
    let inp = common::Input {
        data,
        rules: h.rules,
        clock: h.clock,
        lang,
    };
    let mut header = common::header(&inp);
    // a record (biên bản) is numbered …/BB- (Decree 30/2020 Appendix III)
    header.number = header.number.replace("/BC-", "/BB-");
    let unit_sentence = common::unit_in_sentence(&data.profile.unit_name);
    let unit = if data.profile.unit_name.trim().is_empty() {
        t("(chưa đặt tên đơn vị)", "(unit name not set)").to_owned()
    } else {
        data.profile.unit_name.clone()
    };
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
    let mut sections = Vec::new();

    // I. general
    sections.push(Section::new(t("I. Thông tin chung", "I. General")).fields(vec![
        Field::new("unit", t("Đơn vị", "Unit"), Val::text(unit)),
        Field::new(
            "officer",
            t("Cán bộ bàn giao", "Handed over by"),
            Val::text(h.officer),
        ),
        Field::new(
            "successor",
            t("Cán bộ tiếp nhận", "Received by"),
            Val::Blank,
        ),
        Field::new("date", t("Ngày bàn giao", "Date"), Val::Date(today)),
        Field::new("made_at", t("Lập lúc", "Made at"), Val::DateTime(h.made_at)),
        Field::new(
            "rule_pack",
            t("Bộ quy tắc áp dụng", "Rule pack"),
            Val::text(format!(
                "{} ({})",
                h.rules.pack().decree.get(lang),
                h.rules.pack().id
            )),
        ),
        Field::new(
            "summary",
            t("Tóm tắt", "In short"),
            Val::text(match lang {
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
            }),
        ),
    ]));

    // II. overdue, III. due soon
    sections.push(table_or(
        Section::new(t("II. Việc đã quá hạn", "II. Overdue")),
        items_table(h, "overdue", |d| d.status == Status::Overdue),
        t("Không có việc quá hạn.", "Nothing overdue."),
    ));
    sections.push(table_or(
        Section::new(match lang {
            Lang::Vi => format!("III. Việc đến hạn trong {HORIZON_DAYS} ngày"),
            Lang::En => format!("III. Due within {HORIZON_DAYS} days"),
        }),
        items_table(h, "due_soon", |d| d.status == Status::DueSoon),
        t("Không có.", "None."),
    ));

    // IV. incidents still open (response not ended, or a mandatory report not yet sent)
    let mut table = Table::new(
        "incidents",
        vec![
            ("id", "#".to_owned()),
            ("detected", t("Phát hiện", "Detected").to_owned()),
            ("system", t("Hệ thống", "System").to_owned()),
            ("incident", t("Sự cố", "Incident").to_owned()),
            ("severity", t("Mức độ", "Severity").to_owned()),
            ("state", t("Tình trạng", "State").to_owned()),
            (
                "reports_due",
                t("Báo cáo còn phải gửi", "Reports still due").to_owned(),
            ),
        ],
    );
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
        table.rows.push(vec![
            Val::text(format!("#{}", inc.id)),
            Val::DateTime(inc.detected_at),
            Val::text(system),
            Val::text(&inc.title),
            Val::text(inc.severity.label(lang)),
            Val::text(match inc.response_ended_at {
                Some(e) => format!(
                    "{} {}",
                    t("ứng cứu xong", "response ended"),
                    i18n::datetime(e)
                ),
                None => t("đang ứng cứu", "responding").to_owned(),
            }),
            Val::text(if clocks.is_empty() {
                t("đã gửi đủ báo cáo", "all reports sent").to_owned()
            } else {
                clocks.join("; ")
            }),
        ]);
    }
    sections.push(table_or(
        Section::new(t(
            "IV. Sự cố đang xử lý và thời hạn báo cáo",
            "IV. Open incidents and their report clocks",
        )),
        table,
        t("Không có sự cố đang mở.", "No open incident."),
    ));

    // V. dossiers in progress
    let mut table = Table::new(
        "dossiers",
        vec![
            ("code", t("Mã", "Code").to_owned()),
            ("system", t("Hệ thống", "System").to_owned()),
            ("level", t("Cấp độ", "Level").to_owned()),
            ("step", t("Bước hiện tại", "Current step").to_owned()),
            (
                "last",
                t("Bước đã ghi gần nhất", "Last recorded step").to_owned(),
            ),
            ("waiting", t("Thời gian chờ", "Waiting").to_owned()),
        ],
    );
    table.rows = data
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
                Val::text(&s.code),
                Val::text(&s.name),
                Val::text(s.level.map(|l| l.to_string()).unwrap_or_else(|| "—".into())),
                Val::text(s.dossier.label(lang)),
                Val::text(last),
                Val::text(match s.dossier_since {
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
                }),
            ]
        })
        .collect();
    sections.push(table_or(
        Section::new(t(
            "V. Hồ sơ đề xuất cấp độ đang xử lý",
            "V. Level dossiers in progress",
        )),
        table,
        t("Không có hồ sơ đang xử lý.", "No dossier in progress."),
    ));

    // VI. projects and budget shares
    let mut table = Table::new(
        "projects",
        vec![
            ("year", t("Năm", "Year").to_owned()),
            ("project", t("Dự án", "Project").to_owned()),
            ("total", t("Tổng kinh phí (đồng)", "Total (VND)").to_owned()),
            (
                "security",
                t("Kinh phí an toàn (đồng)", "Security (VND)").to_owned(),
            ),
            ("share", t("Tỷ lệ", "Share").to_owned()),
        ],
    );
    let mut projects: Vec<_> = data.projects.iter().collect();
    projects.sort_by_key(|p| (std::cmp::Reverse(p.year), p.id));
    table.rows = projects
        .iter()
        .map(|p| {
            vec![
                // a year, not an amount: no thousands separator
                Val::text(p.year.to_string()),
                Val::text(&p.name),
                Val::Money(p.total_budget),
                Val::Money(p.security_budget),
                if p.total_budget > 0 {
                    Val::Pct(100.0 * p.security_budget as f64 / p.total_budget as f64)
                } else {
                    Val::text("—")
                },
            ]
        })
        .collect();
    sections.push(table_or(
        Section::new(t(
            "VI. Dự án, kế hoạch ứng dụng CNTT và tỷ lệ kinh phí bảo đảm an toàn",
            "VI. IT projects and security budget shares",
        )),
        table,
        t("Không có dự án.", "No projects."),
    ));

    // VII. custom deadlines
    let mut table = Table::new(
        "customs",
        vec![
            ("what", t("Nội dung", "What").to_owned()),
            ("due", t("Hạn (lần tới)", "Due (next)").to_owned()),
            ("repeats", t("Lặp lại", "Repeats").to_owned()),
            ("source", t("Văn bản nguồn", "Source document").to_owned()),
            ("system", t("Hệ thống", "System").to_owned()),
            ("done", t("Đã làm", "Done").to_owned()),
        ],
    );
    table.rows = data
        .customs
        .iter()
        .map(|c| {
            let system = c
                .system_id
                .and_then(|id| data.system_index(id))
                .map(|i| data.systems[i].code.clone())
                .unwrap_or_else(|| "—".into());
            vec![
                Val::text(&c.title),
                Val::Date(
                    crate::domain::engine::custom_due(c, data.profile.tracking_start)
                        .unwrap_or(c.due_on),
                ),
                Val::text(
                    c.recurrence
                        .map(|r| r.label(lang).to_owned())
                        .unwrap_or_else(|| t("một lần", "once").to_owned()),
                ),
                dash(&c.source_doc),
                Val::text(system),
                c.done_on.map(Val::Date).unwrap_or_else(|| Val::text("—")),
            ]
        })
        .collect();
    sections.push(table_or(
        Section::new(t(
            "VII. Hạn do văn bản địa phương đặt và văn bản nguồn",
            "VII. Local deadlines and their source documents",
        )),
        table,
        t("Không có.", "None."),
    ));

    // VIII. contacts
    let mut table = Table::new(
        "contacts",
        vec![
            ("code", t("Mã", "Code").to_owned()),
            ("system", t("Hệ thống", "System").to_owned()),
            ("relation", t("Quan hệ", "Relation").to_owned()),
            ("owner", t("Chủ quản", "Owner").to_owned()),
            ("operator", t("Đơn vị vận hành", "Operator").to_owned()),
            (
                "responsible",
                t("Người phụ trách", "Responsible").to_owned(),
            ),
        ],
    );
    table.rows = data
        .systems
        .iter()
        .filter(|s| !s.is_decommissioned(today))
        .map(|s| {
            vec![
                Val::text(&s.code),
                Val::text(&s.name),
                Val::text(s.relation.label(lang)),
                dash(&s.owner),
                dash(&s.operator),
                dash(&s.responsible),
            ]
        })
        .collect();
    sections.push(table_or(
        Section::new(t(
            "VIII. Đầu mối theo hệ thống",
            "VIII. Contacts per system",
        )),
        table,
        t("Không có hệ thống.", "No systems."),
    ));

    // IX. evidence and the pack
    let mut s = Section::new(t(
        "IX. Tài liệu chứng minh và nội dung gói",
        "IX. Evidence and what the pack holds",
    ));
    s = s.para(match lang {
        Lang::Vi => format!(
            "- {} tài liệu chứng minh trong sổ; bản sao ở thư mục evidence/, sổ tài liệu ở evidence/so-tai-lieu.xlsx và evidence/so-tai-lieu.csv.",
            h.register.len()
        ),
        Lang::En => format!(
            "- {} documents in the evidence register; copies under evidence/, the register in evidence/so-tai-lieu.xlsx and evidence/so-tai-lieu.csv.",
            h.register.len()
        ),
    });
    for p in h.evidence_problems {
        s = s.para(format!("- ✖ {p}"));
    }
    s = s.para(t(
        "- capdo.sqlite3: bản sao toàn bộ kho tại thời điểm lập gói. Người nhận chạy “capdo restore capdo.sqlite3” để tiếp tục đúng chỗ người bàn giao dừng lại; không cần cài gì để đọc các tệp còn lại.",
        "- capdo.sqlite3: a copy of the whole store as of the moment the pack was made. The successor runs “capdo restore capdo.sqlite3” to carry on where it was left; the other files open with nothing installed.",
    ));
    if !h.reports.is_empty() {
        // one name per report, its formats said once: "bao-cao/quy (.md, .docx, .xlsx)"
        let mut stems: Vec<(&str, Vec<&str>)> = Vec::new();
        for r in h.reports {
            let (stem, ext) = r.rsplit_once('.').unwrap_or((r.as_str(), ""));
            match stems.iter_mut().find(|(s, _)| *s == stem) {
                Some((_, exts)) => exts.push(ext),
                None => stems.push((stem, vec![ext])),
            }
        }
        let formats = stems.first().map(|(_, e)| e.clone()).unwrap_or_default();
        let same = stems.iter().all(|(_, e)| *e == formats);
        let list: Vec<String> = stems
            .iter()
            .map(|(stem, exts)| {
                if same {
                    (*stem).to_owned()
                } else {
                    format!("{stem} (.{})", exts.join(", ."))
                }
            })
            .collect();
        s = s.para(if same {
            match lang {
                Lang::Vi => format!(
                    "- Báo cáo hiện hành, mỗi báo cáo ở dạng .{}: {}.",
                    formats.join(", ."),
                    list.join("; ")
                ),
                Lang::En => format!(
                    "- Current reports, each as .{}: {}.",
                    formats.join(", ."),
                    list.join("; ")
                ),
            }
        } else {
            format!(
                "- {}: {}.",
                t("Báo cáo hiện hành", "Current reports"),
                list.join("; ")
            )
        });
    }
    s = s.para(t(
        "- MANIFEST.sha256: SHA-256 của mọi tệp khác trong gói; kiểm tra bằng “sha256sum -c MANIFEST.sha256” (Linux) hoặc “capdo handover --verify THƯ-MỤC”.",
        "- MANIFEST.sha256: the SHA-256 of every other file of the pack; check with “sha256sum -c MANIFEST.sha256” (Linux) or “capdo handover --verify DIR”.",
    ));
    s = s.para(t(
        "Biên bản này lập thành 02 bản: người bàn giao giữ 01 bản, người tiếp nhận giữ 01 bản.",
        "This record is made in 2 copies: one for the officer handing over, one for the officer receiving.",
    ));
    sections.push(s);

    let mut signature = common::signature(&inp);
    signature.cc = Vec::new();
    signature.title = vec![t("NGƯỜI BÀN GIAO", "HANDED OVER BY").to_owned()];
    signature.hint = t("(Ký, ghi rõ họ tên)", "(Signature, full name)").to_owned();
    signature.name = h.officer.to_owned();
    signature.prepared_by = None;
    signature.counterpart = Some(Party {
        title: vec![t("NGƯỜI TIẾP NHẬN", "RECEIVED BY").to_owned()],
        hint: t("(Ký, ghi rõ họ tên)", "(Signature, full name)").to_owned(),
        name: super::doc::BLANK.to_owned(),
    });

    Document {
        kind: "handover",
        form: "handover-record".to_owned(),
        lang,
        pack: h.rules.pack().id.clone(),
        reference_date: today,
        period: None,
        header,
        title: t("BIÊN BẢN BÀN GIAO", "HANDOVER RECORD").to_owned(),
        subtitle: t(
            "Hồ sơ bảo đảm an toàn hệ thống thông tin theo cấp độ",
            "Records of information security by level",
        )
        .to_owned(),
        recipients: Vec::new(),
        basis: Vec::new(),
        opening: match lang {
            Lang::Vi => format!(
                "Hôm nay, {}, cán bộ {} bàn giao hồ sơ bảo đảm an toàn hệ thống thông tin theo cấp độ của {unit_sentence} cho cán bộ tiếp nhận, gồm các nội dung sau:",
                formal_date(lang, today),
                h.officer
            ),
            Lang::En => format!(
                "On {}, {} hands over the information-security-by-level records of {unit_sentence} to the receiving officer, as follows:",
                formal_date(lang, today),
                h.officer
            ),
        },
        sections,
        notes: Vec::new(),
        signature,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::report::doc::Block;
    use crate::rules::Packs;
    use crate::store::{Scope, Store, WriteCtx};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn sample() -> Dataset {
        let ctx = WriteCtx {
            at: today().and_hms_opt(9, 0, 0).unwrap(),
            today: today(),
            os_user: "test".into(),
        };
        let mut s = Store::in_memory(today()).expect("store");
        crate::sample::load(&mut s, &ctx).expect("sample");
        s.load(Scope::Full).expect("load")
    }

    fn record(data: &Dataset, lang: Lang, reports: &[String]) -> Document {
        let rules = RuleChoice::new(Packs::embedded(), today(), None).expect("rules");
        let clock = Clock::on(today());
        let items = crate::domain::engine::deadlines(data, &rules, clock, HORIZON_DAYS);
        let h = Handover {
            data,
            rules: &rules,
            clock,
            lang,
            items: &items,
            register: &[],
            officer: "Nguyễn Văn A",
            made_at: today().and_hms_opt(10, 0, 0).unwrap(),
            evidence_problems: &["MA-KT: thiếu tệp".to_owned()],
            reports,
        };
        document(&h)
    }

    fn paras(d: &Document) -> Vec<&str> {
        d.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_record_is_one_document_in_both_languages() {
        let data = sample();
        let reports: Vec<String> = ["quy.md", "quy.docx", "nam.md", "nam.docx"]
            .iter()
            .map(|r| format!("bao-cao/{r}"))
            .collect();
        let vi = record(&data, Lang::Vi, &reports);
        let en = record(&data, Lang::En, &reports);
        assert_eq!(vi.title, "BIÊN BẢN BÀN GIAO");
        assert_eq!(en.title, "HANDOVER RECORD");
        assert_eq!(vi.header.number, "Số: ……/BB-UBND");
        // the same sections and tables, row for row, in both languages
        assert_eq!(vi.sections.len(), 9);
        assert_eq!(vi.sections.len(), en.sections.len());
        for key in [
            "overdue",
            "due_soon",
            "incidents",
            "dossiers",
            "projects",
            "customs",
        ] {
            let (a, b) = (vi.table(key).expect(key), en.table(key).expect(key));
            assert!(!a.rows.is_empty(), "{key}");
            assert_eq!(a.rows.len(), b.rows.len(), "{key}");
        }
        let overdue = vi.table("overdue").unwrap();
        assert!(overdue.rows.len() > 5);
        assert!(overdue.rows.iter().all(|r| !r[3].show(Lang::Vi).is_empty()));
        // a year is not an amount
        assert_eq!(
            vi.table("projects").unwrap().rows[0][0].show(Lang::Vi),
            "2026"
        );
        // each report named once with its formats; the evidence problem listed
        let p = paras(&vi);
        assert!(
            p.contains(
                &"- Báo cáo hiện hành, mỗi báo cáo ở dạng .md, .docx: bao-cao/quy; bao-cao/nam."
            ),
            "{p:?}"
        );
        assert!(p.contains(&"- ✖ MA-KT: thiếu tệp"), "{p:?}");
        // both officers sign
        let other = vi.signature.counterpart.as_ref().expect("receiver");
        assert_eq!(other.title, ["NGƯỜI TIẾP NHẬN"]);
        assert_eq!(vi.signature.name, "Nguyễn Văn A");
        let md = crate::report::render::markdown(&vi);
        assert!(md.contains("**NGƯỜI TIẾP NHẬN**"), "{md}");
        assert!(!md.contains("Nơi nhận"), "{md}");
        assert!(crate::report::docx::docx(&en).is_ok());
    }

    #[test]
    fn an_empty_store_gives_a_record_that_says_so() {
        let data = Store::in_memory(today())
            .expect("store")
            .load(Scope::Full)
            .expect("load");
        let d = record(&data, Lang::Vi, &[]);
        assert_eq!(
            d.field("unit").unwrap().value.show(Lang::Vi),
            "(chưa đặt tên đơn vị)"
        );
        let p = paras(&d);
        for none in [
            "Không có sự cố đang mở.",
            "Không có dự án.",
            "Không có hệ thống.",
        ] {
            assert!(p.contains(&none), "{none}: {p:?}");
        }
        assert!(crate::report::docx::docx(&d).is_ok());
    }
}
