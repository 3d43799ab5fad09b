//! `capdo log` (the change log as a table or JSON) and `capdo verify` (the hash chain).

use std::process::ExitCode;

use clap::Args;
use serde_json::Value;

use super::output::{Table, term_width};
use super::{Env, ExitStatus, Failure, emit, emit_styled};
use crate::i18n::{self, Lang};
use crate::store::{Access, LogEntry, LogFilter, parse_dt};

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only the entries about this system (the system and its dossier, assessments, incidents
    /// and deadlines).
    #[arg(long, value_name = "CODE")]
    pub system: Option<String>,
    /// Print a JSON array of entries instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {}

fn entity_label(entity: &str, lang: Lang) -> &str {
    match entity {
        "system" => lang.pick("hệ thống", "system"),
        "dossier_step" => lang.pick("bước hồ sơ", "dossier step"),
        "assessment" => lang.pick("đánh giá", "assessment"),
        "incident" => lang.pick("sự cố", "incident"),
        "incident_report" => lang.pick("báo cáo sự cố", "incident report"),
        "project" => lang.pick("dự án", "project"),
        "custom" => lang.pick("việc khác", "other deadline"),
        "calendar" => lang.pick("lịch ngày làm việc", "working-day calendar"),
        "evidence" => lang.pick("tài liệu chứng minh", "evidence"),
        "report" => lang.pick("báo cáo định kỳ", "periodic report"),
        "profile" => lang.pick("thông tin đơn vị", "profile"),
        "undo" => lang.pick("hoàn tác", "undo"),
        "store" => lang.pick("kho dữ liệu", "store"),
        other => other,
    }
}

/// The record an entry is about, in words: "báo cáo năm 2025" rather than "report
/// annual/2025"; the profile has no key to show.
fn record_label(entity: &str, key: &str, lang: Lang) -> String {
    let what = entity_label(entity, lang);
    match entity {
        "profile" => what.to_owned(),
        "report" => match key
            .split_once('/')
            .and_then(|(id, p)| crate::domain::Period::parse(p).map(|p| (id, p)))
        {
            Some((id, period)) => i18n::periodic_report_for(id, period, lang),
            None => format!("{what} {key}"),
        },
        _ => format!("{what} {key}"),
    }
}

/// A period key as shown: "2026-Q4" → "Quý IV/2026", "2026" → "năm 2026".
fn period_label(p: &str, lang: Lang) -> String {
    crate::domain::Period::parse(p)
        .map(|p| p.label(lang))
        .unwrap_or_else(|| p.to_owned())
}

/// A field of a logged record as a person reads it (the key where there is no label).
fn field_label(k: &str, lang: Lang) -> &str {
    let t = match k {
        "code" => ("mã", "code"),
        "name" => ("tên", "name"),
        "owner" => ("chủ quản", "owner"),
        "operator" => ("đơn vị vận hành", "operator"),
        "relation" => ("quan hệ", "relation"),
        "level" => ("cấp độ", "level"),
        "dossier_status" => ("hồ sơ", "dossier"),
        "dossier_since" => ("hồ sơ từ ngày", "dossier since"),
        "approved_on" => ("ngày phê duyệt", "approved on"),
        "approved_level" => ("cấp độ đã phê duyệt", "approved level"),
        "decision_no" => ("số quyết định", "decision no."),
        "regulation_issued_on" => ("ngày ban hành quy chế", "regulation issued on"),
        "regulation_ref" => ("số quy chế", "regulation no."),
        "plan_status" => ("phương án", "plan"),
        "go_live_on" => ("ngày vận hành", "go-live"),
        "decommissioned_on" => ("ngày ngừng sử dụng", "decommissioned on"),
        "responsible" => ("người phụ trách", "responsible"),
        "notes" | "note" => ("ghi chú", "notes"),
        "state" => ("trạng thái", "state"),
        "on_date" => ("ngày", "date"),
        "reference" => ("số văn bản", "reference"),
        "actor" => ("người thực hiện", "by"),
        "title" => ("nội dung", "title"),
        "due_on" => ("hạn", "due"),
        "done_on" => ("ngày hoàn thành", "done on"),
        "recurrence" => ("lặp lại", "recurrence"),
        "source_doc" => ("văn bản nguồn", "source document"),
        "system" => ("hệ thống", "system"),
        "completed_on" => ("ngày hoàn thành", "completed on"),
        "kind" => ("loại", "kind"),
        "assessor" => ("đơn vị đánh giá", "assessor"),
        "result" => ("kết quả", "result"),
        "findings" => ("số phát hiện", "findings"),
        "severity" => ("mức độ", "severity"),
        "detected_at" => ("phát hiện lúc", "detected at"),
        "response_ended_at" => ("kết thúc ứng phó lúc", "response ended at"),
        "unit_name" => ("tên đơn vị", "unit name"),
        "tier" => ("cấp", "tier"),
        "parent_authority" => ("cơ quan cấp trên", "parent authority"),
        "officer" => ("cán bộ phụ trách", "officer"),
        "tracking_start" => ("bắt đầu theo dõi", "tracking since"),
        "doc_no" => ("số văn bản", "document no."),
        "period" => ("kỳ", "period"),
        "report" => ("báo cáo", "report"),
        "submitted_on" => ("ngày gửi", "sent on"),
        "under_investment" => (
            "đang đầu tư trước 01/7/2026",
            "under investment before 01/07/2026",
        ),
        "serious_disruption" => ("gián đoạn nghiêm trọng", "serious disruption"),
        "working" => ("ngày làm bù", "make-up working day"),
        "sha256" => ("SHA-256", "SHA-256"),
        "path" => ("đường dẫn", "path"),
        "size" => ("dung lượng (byte)", "size (bytes)"),
        _ => return k,
    };
    lang.pick(t.0, t.1)
}

/// A stored enum key as its label ("approved" → "đã phê duyệt"); other values unchanged.
fn value_label(k: &str, v: &Value, lang: Lang) -> String {
    use crate::domain::*;
    let s = v.as_str().unwrap_or_default();
    let label = match k {
        "relation" => Relation::from_key(s).map(|x| x.label(lang)),
        "dossier_status" | "state" => DossierState::from_key(s).map(|x| x.label(lang)),
        "plan_status" => PlanStatus::from_key(s).map(|x| x.label(lang)),
        "result" => AssessmentResult::from_key(s).map(|x| x.label(lang)),
        "severity" => Severity::from_key(s).map(|x| x.label(lang)),
        "tier" => Tier::from_key(s).map(|x| x.label(lang)),
        "recurrence" => Recurrence::from_key(s).map(|x| x.label(lang)),
        "report" => return i18n::periodic_report_name(s, lang),
        "period" => return period_label(s, lang),
        "kind" => AssessmentKind::from_key(s)
            .map(|x| x.label(lang))
            .or_else(|| IncidentKind::from_key(s).map(|x| x.label(lang))),
        _ => None,
    };
    match label {
        Some(l) => l.to_owned(),
        None => show(v),
    }
}

/// A stored value as a person reads it: dates dd/mm/yyyy, null as "—".
fn show(v: &Value) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) => {
            if s.len() == 10
                && let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            {
                return i18n::date(d);
            }
            if s.len() >= 16
                && s.as_bytes().get(10) == Some(&b'T')
                && let Some(d) = parse_dt(Some(s.clone()))
            {
                return i18n::datetime(d);
            }
            if s.is_empty() {
                "\"\"".into()
            } else {
                s.clone()
            }
        }
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Fields not worth showing in a one-line summary of a whole record.
fn quiet(k: &str, v: &Value) -> bool {
    matches!(k, "id" | "recorded_at" | "created_at")
        || k.ends_with("_id")
        || v.is_null()
        || v.as_str().is_some_and(str::is_empty)
}

/// "name: Old → New; level: 2 → 3", "+ code=A, name=…", "− …".
pub fn summarise(old: Option<&Value>, new: Option<&Value>, lang: Lang) -> String {
    let whole = |sign: &str, m: &serde_json::Map<String, Value>| {
        let parts: Vec<String> = m
            .iter()
            .filter(|(k, v)| !quiet(k, v))
            .map(|(k, v)| format!("{}={}", field_label(k, lang), value_label(k, v, lang)))
            .collect();
        format!("{sign} {}", parts.join(", "))
    };
    match (old, new) {
        (Some(Value::Object(o)), Some(Value::Object(n))) => {
            let mut keys: Vec<&String> = n.keys().collect();
            keys.extend(o.keys().filter(|k| !n.contains_key(*k)));
            let parts: Vec<String> = keys
                .into_iter()
                .filter_map(|k| {
                    let (a, b) = (
                        o.get(k).unwrap_or(&Value::Null),
                        n.get(k).unwrap_or(&Value::Null),
                    );
                    (a != b).then(|| {
                        format!(
                            "{}: {} → {}",
                            field_label(k, lang),
                            value_label(k, a, lang),
                            value_label(k, b, lang)
                        )
                    })
                })
                .collect();
            parts.join("; ")
        }
        (None, Some(Value::Object(n))) => whole("+", n),
        (Some(Value::Object(o)), None) => whole("−", o),
        (o, n) => format!(
            "{} → {}",
            o.map(show).unwrap_or_default(),
            n.map(show).unwrap_or_default()
        ),
    }
}

pub fn run(env: &Env, a: &LogArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let store = env.open(Access::ReadWrite)?;
    let filter = LogFilter {
        system: a.system.clone().filter(|s| !s.trim().is_empty()),
    };
    let entries: Vec<LogEntry> = store.log(&filter).map_err(|e| Failure::store(&e, lang))?;
    if a.json {
        let mut s =
            serde_json::to_string_pretty(&entries).map_err(|e| Failure::input(e.to_string()))?;
        s.push('\n');
        emit(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = Table::new(
        [
            "#",
            lang.pick("Thời điểm", "Time"),
            lang.pick("Người thực hiện", "Who"),
            lang.pick("Bản ghi", "Record"),
            lang.pick("Thao tác", "Action"),
            lang.pick("Thay đổi (cũ → mới)", "Change (old → new)"),
        ]
        .map(str::to_owned)
        .to_vec(),
    );
    t.right.push(0);
    for e in &entries {
        let when = parse_dt(Some(e.at.clone()))
            .map(i18n::datetime)
            .unwrap_or_else(|| e.at.clone());
        let who = if e.officer.is_empty() || e.officer == e.os_user {
            e.os_user.clone()
        } else {
            format!("{} ({})", e.officer, e.os_user)
        };
        t.push(vec![
            e.seq.to_string(),
            when,
            who,
            record_label(&e.entity, &e.entity_key, lang),
            i18n::log_action(&e.action, lang).to_owned(),
            summarise(e.old.as_ref(), e.new.as_ref(), lang),
        ]);
    }
    let mut out = t.render(term_width(), &|_| None);
    out.push(&i18n::count(lang, entries.len(), "mục", "entry", "entries"));
    out.push("\n");
    emit_styled(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn reason(r: &str, lang: Lang) -> String {
    match lang {
        Lang::En => r.to_owned(),
        Lang::Vi => match r {
            "previous hash does not match" => "mã băm của mục trước không khớp".into(),
            "content does not match its hash" => "nội dung không khớp với mã băm".into(),
            other => match other.strip_prefix("expected entry ") {
                Some(n) => format!("thiếu mục {n}"),
                None => other.to_owned(),
            },
        },
    }
}

pub fn verify(env: &Env, _a: &VerifyArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let store = env.open(Access::ReadWrite)?;
    // the whole file first (every page; the cheap open leaves this to `verify`), then the chain
    let check = store
        .integrity_check()
        .map_err(|e| Failure::store(&e, lang))?;
    if check != "ok" {
        let e = crate::store::StoreError::Corrupt {
            path: store.path().to_owned(),
            detail: format!("integrity_check: {}", crate::store::first_problem(&check)),
        };
        return Err(Failure::store(&e, lang));
    }
    match store.verify().map_err(|e| Failure::store(&e, lang))? {
        Ok(n) => {
            emit(&match lang {
                Lang::Vi => format!("Nhật ký thay đổi còn nguyên vẹn ({n} mục).\n"),
                Lang::En => format!("Change log intact ({n} entries).\n"),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Err(v) => Err(Failure {
            kind: ExitStatus::ChainBroken,
            message: match lang {
                Lang::Vi => format!(
                    "nhật ký thay đổi đã bị sửa ngoài capdo: mục #{} — {}.",
                    v.seq,
                    reason(&v.reason, lang)
                ),
                Lang::En => format!(
                    "the change log was altered outside capdo: entry #{} — {}.",
                    v.seq, v.reason
                ),
            },
        }),
    }
}
