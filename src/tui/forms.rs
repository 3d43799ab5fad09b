//! The forms of the dashboard, pre-filled from the selected record: which fields each write
//! action asks for. Field keys are the ops input names, so the validation messages land beside
//! the right field.

use super::action::{Action, ViewId};
use super::form::{Field, Form, Purpose};
use super::model::Model;
use crate::domain::engine::Subject;
use crate::domain::*;
use crate::i18n::{self, Lang, T};

fn opts<E: Copy>(
    all: &[E],
    key: fn(E) -> &'static str,
    label: fn(E, Lang) -> &'static str,
    lang: Lang,
) -> Vec<(String, String)> {
    all.iter()
        .map(|&e| (key(e).to_owned(), label(e, lang).to_owned()))
        .collect()
}

fn date_s(d: Option<chrono::NaiveDate>) -> String {
    d.map(i18n::date).unwrap_or_default()
}

/// The system selected in the current view, if the view lists systems.
pub fn selected_system(m: &Model) -> Option<&System> {
    let i = m.list().current()?;
    match m.view {
        ViewId::Systems | ViewId::Approvals | ViewId::Assessments => m.snap.data.systems.get(i),
        ViewId::Deadlines => m
            .snap
            .items
            .get(i)
            .and_then(|it| it.system(&m.snap.data))
            .map(|j| &m.snap.data.systems[j]),
        _ => None,
    }
}

fn selected_incident(m: &Model) -> Option<&Incident> {
    let i = m.list().current()?;
    match m.view {
        ViewId::Incidents => m.snap.data.incidents.get(i),
        ViewId::Deadlines => match m.snap.items.get(i)?.subject {
            Subject::Incident { incident, .. } => m.snap.data.incidents.get(incident),
            _ => None,
        },
        _ => None,
    }
}

fn system_fields(m: &Model, s: Option<&System>) -> Vec<Field> {
    let lang = m.lang;
    let blank = System::new("", "");
    let x = s.unwrap_or(&blank);
    let mut levels: Vec<(String, String)> =
        vec![("".into(), lang.pick("(chưa xác định)", "(not set)").into())];
    levels.extend((1..=5).map(|n| {
        (
            n.to_string(),
            format!("{} {n}", lang.pick("cấp độ", "level")),
        )
    }));
    let mut code = Field::text("code", T("Mã hệ thống", "System code"), x.code.clone()).required();
    if s.is_some() {
        // the code is the key: shown, not edited
        code.kind = super::form::FieldKind::Choice(vec![(x.code.clone(), x.code.clone())]);
    }
    vec![
        code,
        Field::text("name", T("Tên hệ thống", "Name"), x.name.clone()).required(),
        Field::text("owner", T("Chủ quản", "Owner"), x.owner.clone()),
        Field::text(
            "operator",
            T("Đơn vị vận hành", "Operator"),
            x.operator.clone(),
        ),
        Field::choice(
            "relation",
            T("Quan hệ", "Relation"),
            opts(Relation::ALL, Relation::key, Relation::label, lang),
            x.relation.key(),
        ),
        Field::choice(
            "level",
            T("Cấp độ", "Level"),
            levels,
            x.level.map(|l| l.to_string()).unwrap_or_default(),
        ),
        Field::choice(
            "plan_status",
            T("Phương án", "Plan"),
            opts(PlanStatus::ALL, PlanStatus::key, PlanStatus::label, lang),
            x.plan.key(),
        ),
        Field::date(
            "go_live_on",
            T("Ngày đưa vào vận hành", "Go-live date"),
            date_s(x.go_live_on),
        ),
        Field::flag(
            "under_investment",
            T(
                "Đang đầu tư trước 01/7/2026",
                "Under investment before 1/7/2026",
            ),
            x.under_investment,
        ),
        Field::date(
            "regulation_issued_on",
            T("Ngày ban hành quy chế", "Regulation issued on"),
            date_s(x.regulation_issued_on),
        ),
        Field::text(
            "regulation_ref",
            T("Số quyết định ban hành quy chế", "Regulation decision no."),
            x.regulation_ref.clone(),
        ),
        Field::text(
            "responsible",
            T("Người phụ trách", "Responsible"),
            x.responsible.clone(),
        ),
        Field::text("notes", T("Ghi chú", "Notes"), x.notes.clone()),
    ]
}

/// "Now" for the times a form proposes: the model's clock, the one the screen's "còn N giờ"
/// counts from (`--today D`: D 00:00; without it, the live clock), so a proposed time never
/// disagrees with the deadlines on screen.
pub fn form_now(m: &Model) -> chrono::NaiveDateTime {
    m.snap.clock.now
}

/// "Now" for a time after an incident's detection: now, or the detection time when that is
/// later (a report cannot be sent, nor a response end, before the incident was detected).
fn after_detection(m: &Model, inc: &Incident) -> String {
    i18n::datetime(form_now(m).max(inc.detected_at))
}

/// A bare time (`14:30`) in a date-time field means that time on the reference date.
fn full_time(value: &str, today: chrono::NaiveDate) -> Option<String> {
    let v = value.trim();
    let (h, mi) = v.split_once(':')?;
    let ok = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    (ok(h) && ok(mi)).then(|| format!("{} {v}", i18n::date(today)))
}

fn need(m: &Model, what: T) -> String {
    match m.lang {
        Lang::Vi => format!("Hãy chọn {} trước.", what.get(m.lang)),
        Lang::En => format!("Select {} first.", what.get(m.lang)),
    }
}

/// The systems in use, after a first option (key "") for none.
fn system_options(m: &Model, none: T) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), none.get(m.lang).to_owned())];
    v.extend(
        m.snap
            .data
            .systems
            .iter()
            .filter(|s| !s.is_decommissioned(m.snap.today()))
            .map(|s| (s.code.clone(), format!("{} — {}", s.code, s.name))),
    );
    v
}

/// The form a write action opens, or a status message saying why it cannot.
pub fn build(m: &Model, a: Action) -> Result<Form, String> {
    let lang = m.lang;
    let today = i18n::date(m.snap.today());
    let now = i18n::datetime(form_now(m));
    let title = |t: T, extra: &str| {
        if extra.is_empty() {
            t.get(lang).to_owned()
        } else {
            format!("{} — {extra}", t.get(lang))
        }
    };
    let sys = || selected_system(m).ok_or_else(|| need(m, T("một hệ thống", "a system")));
    Ok(match (a, m.view) {
        (Action::New, ViewId::Incidents) => {
            let systems = system_options(m, T("(toàn đơn vị)", "(whole unit)"));
            Form::new(
                Purpose::Incident,
                title(T("Ghi nhận sự cố", "Log an incident"), ""),
                vec![
                    Field::text("title", T("Tiêu đề", "Title"), "").required(),
                    Field::choice("system", T("Hệ thống", "System"), systems, ""),
                    Field::datetime("detected_at", T("Phát hiện lúc", "Detected at"), now),
                    Field::choice(
                        "kind",
                        T("Loại", "Kind"),
                        opts(
                            IncidentKind::ALL,
                            IncidentKind::key,
                            IncidentKind::label,
                            lang,
                        ),
                        "malware",
                    ),
                    Field::choice(
                        "severity",
                        T("Mức độ", "Severity"),
                        opts(Severity::ALL, Severity::key, Severity::label, lang),
                        "normal",
                    ),
                    Field::flag(
                        "beyond_capacity",
                        T("Vượt khả năng xử lý", "Beyond capacity"),
                        false,
                    ),
                    Field::flag(
                        "national_security",
                        T(
                            "Dấu hiệu xâm phạm an ninh quốc gia",
                            "Signs of harm to national security",
                        ),
                        false,
                    ),
                    Field::flag(
                        "serious_disruption",
                        T(
                            "Gây gián đoạn nghiêm trọng hệ thống",
                            "Seriously disrupts the system",
                        ),
                        false,
                    ),
                    Field::text("notes", T("Ghi chú", "Notes"), ""),
                ],
            )
        }
        (Action::New, ViewId::Budget) => Form::new(
            Purpose::AddProject,
            title(T("Thêm dự án, kế hoạch CNTT", "Add an IT project"), ""),
            vec![
                Field::number(
                    "year",
                    T("Năm", "Year"),
                    m.snap.today().format("%Y").to_string(),
                )
                .required(),
                Field::text("name", T("Tên dự án, kế hoạch", "Name"), "").required(),
                Field::number("total", T("Tổng kinh phí (đồng)", "Total budget (VND)"), "")
                    .required(),
                Field::number(
                    "security",
                    T("Kinh phí an toàn thông tin (đồng)", "Security budget (VND)"),
                    "",
                )
                .required(),
            ],
        ),
        (Action::New, ViewId::Deadlines) => {
            let mut rec = vec![("".to_owned(), lang.pick("không lặp", "once").to_owned())];
            rec.extend(opts(
                Recurrence::ALL,
                Recurrence::key,
                Recurrence::label,
                lang,
            ));
            Form::new(
                Purpose::AddCustom,
                title(
                    T(
                        "Thêm hạn chót theo văn bản",
                        "Add a deadline from a dispatch",
                    ),
                    "",
                ),
                vec![
                    Field::text("title", T("Nội dung", "Title"), "").required(),
                    Field::date("due_on", T("Hạn", "Due on"), today).required(),
                    Field::choice("recurrence", T("Lặp lại", "Recurrence"), rec, ""),
                    Field::text(
                        "source_doc",
                        T("Văn bản (ví dụ 812/UBND-KSTTHC)", "Source document"),
                        "",
                    ),
                    // no system unless the officer picks one (never the row under the cursor)
                    Field::choice(
                        "system",
                        T("Thuộc hệ thống", "System"),
                        system_options(m, T("(không thuộc hệ thống nào)", "(no system)")),
                        "",
                    ),
                ],
            )
        }
        (Action::New, _) => Form::new(
            Purpose::AddSystem,
            title(T("Thêm hệ thống", "Add a system"), ""),
            system_fields(m, None),
        ),
        (Action::Edit, ViewId::Budget) => {
            let i = m
                .list()
                .current()
                .ok_or_else(|| need(m, T("một dự án", "a project")))?;
            let p = &m.snap.data.projects[i];
            Form::new(
                Purpose::EditProject { id: p.id },
                title(T("Sửa dự án", "Edit project"), &p.name),
                vec![
                    Field::number("year", T("Năm", "Year"), p.year.to_string()).required(),
                    Field::text("name", T("Tên dự án, kế hoạch", "Name"), p.name.clone())
                        .required(),
                    Field::number(
                        "total",
                        T("Tổng kinh phí (đồng)", "Total budget (VND)"),
                        i18n::int(lang, p.total_budget),
                    )
                    .required(),
                    Field::number(
                        "security",
                        T("Kinh phí an toàn thông tin (đồng)", "Security budget (VND)"),
                        i18n::int(lang, p.security_budget),
                    )
                    .required(),
                ],
            )
        }
        (Action::Edit, _) => {
            let s = sys()?;
            Form::new(
                Purpose::EditSystem {
                    code: s.code.clone(),
                },
                title(T("Sửa hệ thống", "Edit system"), &s.code),
                system_fields(m, Some(s)),
            )
        }
        (Action::Dossier, _) => {
            let s = sys()?;
            let next = match s.dossier {
                DossierState::None | DossierState::Redetermine => DossierState::Drafting,
                DossierState::Drafting => DossierState::Submitted,
                DossierState::Submitted => DossierState::Appraised,
                DossierState::Appraised => DossierState::Approved,
                DossierState::Approved => DossierState::Redetermine,
            };
            let states: Vec<(String, String)> = [
                DossierState::Drafting,
                DossierState::Submitted,
                DossierState::Appraised,
                DossierState::Approved,
                DossierState::Redetermine,
            ]
            .iter()
            .map(|d| (d.key().to_owned(), d.label(lang).to_owned()))
            .collect();
            Form::new(
                Purpose::Dossier {
                    code: s.code.clone(),
                },
                title(
                    T("Bước hồ sơ cấp độ", "Dossier step"),
                    &format!("{} ({})", s.code, s.dossier.label(lang)),
                ),
                vec![
                    Field::choice("state", T("Chuyển sang", "New state"), states, next.key()),
                    Field::date("on", T("Ngày", "Date"), today).required(),
                    Field::text(
                        "reference",
                        T(
                            "Số văn bản / ý kiến thẩm định / quyết định",
                            "Document / appraisal opinion / decision no.",
                        ),
                        "",
                    ),
                    Field::text(
                        "approver",
                        T("Người (cơ quan) phê duyệt", "Approved by"),
                        "",
                    ),
                    Field::date(
                        "regulation_issued_on",
                        T("Quy chế ban hành ngày", "Regulation issued on"),
                        date_s(s.regulation_issued_on),
                    ),
                    Field::text(
                        "regulation_ref",
                        T("Số quyết định ban hành quy chế", "Regulation decision no."),
                        s.regulation_ref.clone(),
                    ),
                    Field::text("note", T("Ghi chú", "Note"), ""),
                ],
            )
        }
        (Action::Assess, _) => {
            let s = sys()?;
            Form::new(
                Purpose::Assessment {
                    code: s.code.clone(),
                },
                title(
                    T("Ghi nhận kiểm tra, đánh giá", "Record an assessment"),
                    &s.code,
                ),
                vec![
                    Field::date("on", T("Ngày hoàn thành", "Completed on"), today).required(),
                    Field::choice(
                        "kind",
                        T("Hình thức", "Kind"),
                        opts(
                            AssessmentKind::ALL,
                            AssessmentKind::key,
                            AssessmentKind::label,
                            lang,
                        ),
                        "periodic",
                    ),
                    Field::text("assessor", T("Đơn vị đánh giá", "Assessor"), ""),
                    Field::choice(
                        "result",
                        T("Kết quả", "Result"),
                        opts(
                            AssessmentResult::ALL,
                            AssessmentResult::key,
                            AssessmentResult::label,
                            lang,
                        ),
                        "pass",
                    ),
                    Field::number("findings", T("Số phát hiện", "Findings"), "0"),
                    Field::text("notes", T("Ghi chú", "Notes"), ""),
                ],
            )
        }
        (Action::Decommission, _) => {
            let s = sys()?;
            Form::new(
                Purpose::Decommission {
                    code: s.code.clone(),
                },
                title(
                    T("Ngừng sử dụng hệ thống", "Decommission"),
                    &format!("{} — {}", s.code, s.name),
                ),
                vec![
                    Field::date("on", T("Ngày ngừng sử dụng", "Decommissioned on"), today)
                        .required(),
                ],
            )
        }
        (Action::MarkDone, _) => mark_done(m)?,
        (Action::Wizard, _) => {
            let s = sys()?;
            wizard_form(m, &s.code.clone(), &crate::domain::wizard::Answers::new())
        }
        (Action::CloseIncident, _) => {
            let inc = selected_incident(m).ok_or_else(|| need(m, T("một sự cố", "an incident")))?;
            Form::new(
                Purpose::CloseIncident {
                    incident_id: inc.id,
                },
                title(T("Kết thúc ứng phó", "Close the incident"), &inc.title),
                vec![
                    Field::datetime(
                        "response_ended_at",
                        T("Kết thúc lúc", "Ended at"),
                        after_detection(m, inc),
                    ),
                    Field::text(
                        "lessons",
                        T("Bài học kinh nghiệm", "Lessons learned"),
                        inc.lessons.clone(),
                    )
                    .required(),
                ],
            )
        }
        (Action::Import, _) => Form::new(
            Purpose::Import,
            title(
                T(
                    "Nhập danh mục từ tệp (CSV, XLSX)",
                    "Import the inventory from a file (CSV, XLSX)",
                ),
                "",
            ),
            vec![Field::text("path", T("Đường dẫn tệp", "File path"), "").required()],
        ),
        (Action::Profile, _) => {
            let p = &m.snap.data.profile;
            Form::new(
                Purpose::Profile,
                title(T("Thông tin đơn vị", "Organisation profile"), ""),
                vec![
                    Field::text(
                        "unit_name",
                        T("Tên đơn vị", "Unit name"),
                        p.unit_name.clone(),
                    )
                    .required(),
                    Field::choice(
                        "tier",
                        T("Cấp", "Tier"),
                        opts(Tier::ALL, Tier::key, Tier::label, lang),
                        p.tier.key(),
                    ),
                    Field::text(
                        "parent_authority",
                        T("Cơ quan cấp trên", "Parent authority"),
                        p.parent_authority.clone(),
                    ),
                    Field::text(
                        "officer",
                        T("Cán bộ phụ trách", "Officer"),
                        p.officer.clone(),
                    ),
                    Field::date(
                        "tracking_start",
                        T("Bắt đầu theo dõi từ", "Tracking since"),
                        i18n::date(p.tracking_start),
                    ),
                ],
            )
        }
        (Action::Handover, _) => Form::new(
            Purpose::Handover,
            title(T("Lập gói bàn giao", "Write the handover pack"), ""),
            vec![
                Field::text(
                    "dir",
                    T("Thư mục (sẽ tạo mới)", "Folder (made new)"),
                    format!("ban-giao-{}", m.snap.today().format("%Y-%m-%d")),
                )
                .required(),
                Field::flag("zip", T("Nén thành một tệp .zip", "One .zip file"), false),
            ],
        ),
        (Action::PinPack, _) => {
            let mut packs = vec![(
                "".to_owned(),
                lang.pick("(theo ngày — không ghim)", "(by date — not pinned)")
                    .to_owned(),
            )];
            packs.extend(
                m.snap
                    .rules
                    .packs
                    .all()
                    .iter()
                    .map(|p| (p.id.clone(), format!("{} — {}", p.id, p.decree.get(lang)))),
            );
            Form::new(
                Purpose::PinPack,
                title(T("Ghim bộ quy tắc", "Pin a rule pack"), ""),
                vec![Field::choice(
                    "pack",
                    T("Bộ quy tắc", "Rule pack"),
                    packs,
                    m.snap.data.profile.pinned_pack.clone().unwrap_or_default(),
                )],
            )
        }
        _ => {
            return Err(lang
                .pick(
                    "Không áp dụng ở màn hình này.",
                    "Not available in this view.",
                )
                .to_owned());
        }
    })
}

/// The "mark done" form for the selected item: a periodic report, an incident report or a
/// custom deadline.
fn mark_done(m: &Model) -> Result<Form, String> {
    let lang = m.lang;
    let today = i18n::date(m.snap.today());
    if m.view == ViewId::Incidents {
        let inc = selected_incident(m).ok_or_else(|| need(m, T("một sự cố", "an incident")))?;
        return Ok(incident_report_form(m, inc, None));
    }
    let i = m
        .list()
        .current()
        .ok_or_else(|| need(m, T("một hạn chót", "a deadline")))?;
    let it = &m.snap.items[i];
    match it.subject {
        Subject::Report { rule, period } => {
            let r = &m.snap.rules.pack().reports[rule];
            Ok(Form::new(
                Purpose::ReportSubmitted,
                format!(
                    "{} — {}",
                    lang.pick("Đã gửi báo cáo", "Report sent"),
                    period.label(lang)
                ),
                vec![
                    Field::choice(
                        "report",
                        T("Báo cáo", "Report"),
                        vec![(r.id.clone(), r.title.get(lang).to_owned())],
                        r.id.clone(),
                    ),
                    Field::text("period", T("Kỳ báo cáo", "Period"), period.key()),
                    Field::date("on", T("Ngày gửi", "Sent on"), today).required(),
                    Field::text("doc_no", T("Số văn bản", "Document no."), ""),
                ],
            ))
        }
        Subject::Incident {
            incident,
            pack,
            rule,
        } => {
            let inc = &m.snap.data.incidents[incident];
            let id = m.snap.rules.packs.get(pack).incident_reports[rule]
                .id
                .clone();
            Ok(incident_report_form(m, inc, Some(id)))
        }
        Subject::Custom { custom } => {
            let c = &m.snap.data.customs[custom];
            Ok(Form::new(
                Purpose::CustomDone { id: c.id },
                format!(
                    "{} — {}",
                    lang.pick("Đánh dấu đã xong", "Mark done"),
                    c.title
                ),
                vec![
                    Field::date(
                        "done_on",
                        T("Xong ngày", "Done on"),
                        it.due_on.map(i18n::date).unwrap_or(today),
                    )
                    .required(),
                ],
            ))
        }
        _ => Err(lang
            .pick(
                "Mục này xong khi ghi nhận việc tương ứng (bước hồ sơ, đánh giá, phương án).",
                "This item is settled by recording its work (dossier step, assessment, plan).",
            )
            .to_owned()),
    }
}

/// The "report sent" form of an incident: `report` when the officer chose one (a row of the
/// Deadlines view), else the unsent report due first (the 24-hour notice before the 72-hour
/// report); sent now, or at detection when that is later.
fn incident_report_form(m: &Model, inc: &Incident, report: Option<String>) -> Form {
    let lang = m.lang;
    let mut clocks = crate::domain::engine::incident_clocks(inc, &m.snap.rules);
    clocks.retain(|c| c.sent.is_none());
    // due first first; a clock not started yet (after the response ends) last
    clocks.sort_by_key(|c| (c.due_at.is_none(), c.due_at));
    let id = |c: &crate::domain::engine::ReportClock| {
        m.snap.rules.packs.get(c.pack).incident_reports[c.rule]
            .id
            .clone()
    };
    let report = report.or_else(|| clocks.first().map(id));
    // a closing report is sent after the response ended
    let closing = clocks.iter().any(|c| {
        let r = &m.snap.rules.packs.get(c.pack).incident_reports[c.rule];
        Some(&r.id) == report.as_ref() && r.from == crate::rules::From::ResponseEnded
    });
    let floor = match inc.response_ended_at {
        Some(end) if closing => end.max(inc.detected_at),
        _ => inc.detected_at,
    };
    let now = i18n::datetime(form_now(m).max(floor));
    let options: Vec<(String, String)> = clocks
        .iter()
        .map(|c| {
            let r = &m.snap.rules.packs.get(c.pack).incident_reports[c.rule];
            (r.id.clone(), r.title.get(lang).to_owned())
        })
        .collect();
    Form::new(
        Purpose::IncidentReport {
            incident_id: inc.id,
        },
        format!(
            "{} — {}",
            lang.pick("Đã gửi báo cáo sự cố", "Incident report sent"),
            inc.title
        ),
        vec![
            Field::choice(
                "report",
                T("Báo cáo", "Report"),
                options,
                report.unwrap_or_default(),
            ),
            Field::datetime("sent_at", T("Gửi lúc", "Sent at"), now).required(),
            Field::text("recipients", T("Nơi nhận", "Recipients"), "").required(),
        ],
    )
}

/// Turns a filled form into a validated operation, with the same checks the command line uses.
pub fn check(
    form: &Form,
    data: &Dataset,
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
    lang: Lang,
) -> crate::app::Checked<crate::app::Op> {
    use crate::app::*;
    // a bare time in a date-time field is that time on the reference date
    let v = |k: &str| {
        let value = form.value(k);
        let timed = form
            .fields
            .iter()
            .any(|f| f.key == k && f.kind == super::form::FieldKind::DateTime);
        match timed.then(|| full_time(value, today)).flatten() {
            Some(full) => full,
            None => value.to_owned(),
        }
    };
    let system_input = |code: String| SystemInput {
        code,
        name: v("name"),
        owner: v("owner"),
        operator: v("operator"),
        relation: v("relation"),
        level: v("level"),
        go_live_on: v("go_live_on"),
        under_investment: v("under_investment"),
        responsible: v("responsible"),
        notes: v("notes"),
        regulation_issued_on: v("regulation_issued_on"),
        regulation_ref: v("regulation_ref"),
        plan_status: v("plan_status"),
    };
    match &form.purpose {
        // written by the dashboard itself (tui::App::submit), never an operation
        Purpose::Handover => Err(vec![FieldError {
            field: "dir",
            message: lang
                .pick(
                    "không phải thao tác ghi vào kho",
                    "not a change to the store",
                )
                .to_owned(),
        }]),
        Purpose::AddSystem => check_add_system(data, &system_input(v("code")), today, lang),
        Purpose::EditSystem { code } => {
            check_edit_system(data, &system_input(code.clone()), today, lang)
        }
        Purpose::Decommission { code } => check_decommission(
            data,
            &DecommissionInput {
                code: code.clone(),
                on: v("on"),
            },
            today,
            lang,
        ),
        Purpose::Dossier { code } => check_dossier(
            data,
            &DossierInput {
                code: code.clone(),
                state: v("state"),
                on: v("on"),
                reference: v("reference"),
                approver: v("approver"),
                note: v("note"),
                regulation_issued_on: v("regulation_issued_on"),
                regulation_ref: v("regulation_ref"),
            },
            today,
            lang,
        ),
        Purpose::Assessment { code } => check_assessment(
            data,
            &AssessmentInput {
                code: code.clone(),
                on: v("on"),
                kind: v("kind"),
                assessor: v("assessor"),
                result: v("result"),
                findings: v("findings"),
                notes: v("notes"),
            },
            today,
            lang,
        ),
        Purpose::Incident => check_incident(
            data,
            &IncidentInput {
                system: v("system"),
                title: v("title"),
                detected_at: v("detected_at"),
                kind: v("kind"),
                severity: v("severity"),
                beyond_capacity: v("beyond_capacity"),
                national_security: v("national_security"),
                serious_disruption: v("serious_disruption"),
                notes: v("notes"),
            },
            today,
            lang,
        ),
        Purpose::IncidentReport { incident_id } => check_incident_report(
            data,
            rules,
            &IncidentReportInput {
                incident_id: incident_id.to_string(),
                report: v("report"),
                sent_at: v("sent_at"),
                recipients: v("recipients"),
            },
            today,
            lang,
        ),
        Purpose::CloseIncident { incident_id } => check_close_incident(
            data,
            &CloseIncidentInput {
                incident_id: incident_id.to_string(),
                response_ended_at: v("response_ended_at"),
                lessons: v("lessons"),
            },
            today,
            lang,
        ),
        Purpose::AddProject | Purpose::EditProject { .. } => {
            let id = match &form.purpose {
                Purpose::EditProject { id } => id.to_string(),
                _ => String::new(),
            };
            check_project(
                data,
                &ProjectInput {
                    id,
                    year: v("year"),
                    name: v("name"),
                    total: v("total"),
                    security: v("security"),
                    notes: v("notes"),
                },
                today,
                lang,
            )
        }
        Purpose::AddCustom => check_custom(
            data,
            &CustomInput {
                id: String::new(),
                title: v("title"),
                due_on: v("due_on"),
                recurrence: v("recurrence"),
                source_doc: v("source_doc"),
                system: v("system"),
                notes: v("notes"),
            },
            today,
            lang,
        ),
        Purpose::CustomDone { id } => check_custom_done(
            data,
            &CustomDoneInput {
                id: id.to_string(),
                done_on: v("done_on"),
            },
            today,
            lang,
        ),
        Purpose::ReportSubmitted => check_report(
            data,
            rules,
            &ReportInput {
                report: v("report"),
                period: v("period"),
                on: v("on"),
                doc_no: v("doc_no"),
            },
            today,
            lang,
        ),
        Purpose::Profile => check_profile(
            data,
            &ProfileInput {
                unit_name: v("unit_name"),
                tier: v("tier"),
                parent_authority: v("parent_authority"),
                officer: v("officer"),
                tracking_start: v("tracking_start"),
            },
            today,
            lang,
        ),
        Purpose::PinPack => check_pin(data, rules, &PinInput { pack: v("pack") }, today, lang),
        Purpose::Wizard { code } => {
            let p = wizard_proposal(form, rules, today);
            match p.verdict {
                crate::domain::wizard::Verdict::Level(l) => {
                    check_set_level(data, &LevelInput { code: code.clone(), level: l.to_string() }, today, lang)
                }
                _ => Err(vec![FieldError {
                    field: "_",
                    message: lang
                        .pick(
                            "Chưa đủ câu trả lời để đề xuất cấp độ; với loại (đ) khác, cán bộ tự quyết định (sửa hệ thống bằng e).",
                            "Not enough answers to propose a level; for type (đ) other the officer decides (edit the system with e).",
                        )
                        .to_owned(),
                }]),
            }
        }
        // an import is no single operation: the dashboard runs it as `capdo import` does
        // (`App::import`), never through here
        Purpose::Import => Err(vec![FieldError {
            field: "path",
            message: lang
                .pick(
                    "Nhập tệp không qua biểu mẫu này.",
                    "Imports do not go through this form.",
                )
                .to_owned(),
        }]),
    }
}

/// The wizard's decision table under the active rules on `today` (or the pinned regime's).
fn wizard_table(
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
) -> &'static crate::domain::wizard::Table {
    crate::rules::wizard::for_rules(rules, today)
}

/// The answers typed in a wizard form.
pub fn wizard_answers(form: &Form) -> crate::domain::wizard::Answers {
    let mut a = crate::domain::wizard::Answers::new();
    for f in &form.fields {
        a.set(f.key, &f.value);
    }
    a
}

/// The proposal for the answers in a wizard form.
pub fn wizard_proposal(
    form: &Form,
    rules: &crate::rules::RuleChoice,
    today: chrono::NaiveDate,
) -> crate::domain::wizard::Proposal<'static> {
    crate::domain::wizard::evaluate(wizard_table(rules, today), &wizard_answers(form))
}

/// The wizard form for a system: one field per question the answers so far call for.
pub fn wizard_form(m: &Model, code: &str, answers: &crate::domain::wizard::Answers) -> Form {
    use crate::domain::wizard::AnswerKind;
    let lang = m.lang;
    let fields = wizard_table(&m.snap.rules, m.snap.today())
        .questions(answers)
        .into_iter()
        .map(|q| {
            let value = answers.get(&q.id).unwrap_or("").to_owned();
            match q.kind {
                AnswerKind::Choice => {
                    let mut options =
                        vec![(String::new(), lang.pick("(chọn)", "(choose)").to_owned())];
                    options.extend(
                        q.options
                            .iter()
                            .map(|o| (o.key.clone(), o.label.get(lang).to_owned())),
                    );
                    Field::choice(&q.id, q.label(), options, value)
                }
                AnswerKind::Count => Field::number(&q.id, q.label(), value),
                AnswerKind::Levels => Field::text(&q.id, q.label(), value),
            }
        })
        .collect();
    Form::new(
        Purpose::Wizard {
            code: code.to_owned(),
        },
        format!(
            "{} — {code}",
            lang.pick("Trợ lý xác định cấp độ", "Level wizard")
        ),
        fields,
    )
}

/// Rebuilds a wizard form after an answer changed (questions depend on earlier answers),
/// keeping the focus on the same question.
pub fn refresh_wizard(m: &Model, form: Form) -> Form {
    let Purpose::Wizard { code } = &form.purpose else {
        return form;
    };
    let focused = form.focused().map(|f| f.key);
    let mut next = wizard_form(m, code, &wizard_answers(&form));
    if let Some(k) = focused
        && let Some(i) = next.fields.iter().position(|f| f.key == k)
    {
        next.focus = i;
    }
    next.errors = form.errors;
    next.picker = form.picker;
    next.original = form.original;
    next
}
