//! IT projects, custom deadlines, periodic report submissions, the organisation profile, the
//! pinned rule pack and the assessment intervals.

use chrono::{Datelike, NaiveDate};

use super::valid::V;
use super::{Checked, Op};
use crate::domain::engine::custom_due;
use crate::domain::*;
use crate::i18n::{self, Lang, msg};
use crate::rules::{Every, RuleChoice};

/// An IT application plan or project. `id` empty adds one; budgets in VND, typed as
/// "1.200.000", "1,200,000" or "1200000".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectInput {
    pub id: String,
    pub year: String,
    pub name: String,
    pub total: String,
    pub security: String,
    pub notes: String,
}

/// An optional record id: empty means a new record (0).
fn existing_id(v: &mut V, raw: &str, exists: impl Fn(i64) -> bool) -> i64 {
    if raw.trim().is_empty() {
        return 0;
    }
    match v.id("id", raw) {
        Some(id) if exists(id) => id,
        Some(_) => {
            let m = msg::app::other::NO_RECORD.text(v.lang);
            v.says("id", raw, m);
            0
        }
        None => 0,
    }
}

/// Adds or edits a project: a year, a name, a total budget ≥ 0 and a security budget between 0
/// and the total.
pub fn check_project(
    data: &Dataset,
    input: &ProjectInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let id = existing_id(&mut v, &input.id, |id| {
        data.projects.iter().any(|p| p.id == id)
    });
    let year = v.int("year", &input.year, None, 1900, 2200);
    let name = v.required("name", &input.name);
    let total = v.money("total", &input.total);
    let security = v.money("security", &input.security);
    let notes = v.notes("notes", &input.notes);
    if let (Some(t), Some(s)) = (total, security)
        && s > t
    {
        let m = msg::app::other::SecurityOverTotal {
            security: i18n::int(lang, s),
            total: i18n::int(lang, t),
        };
        v.says_of("security", m.text(lang));
    }
    v.done(|| {
        Op::Project(Project {
            id,
            year: i32::try_from(year.unwrap_or(0)).unwrap_or(0),
            name,
            total_budget: total.unwrap_or(0),
            security_budget: security.unwrap_or(0),
            notes,
        })
    })
}

/// A deadline from a local dispatch or plan. `id` empty adds one; `recurrence` none (or
/// empty), monthly, quarterly or yearly; `system` a system code or empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomInput {
    pub id: String,
    pub title: String,
    pub due_on: String,
    pub recurrence: String,
    pub source_doc: String,
    pub system: String,
    pub notes: String,
}

fn recurrence_spellings(lang: Lang) -> String {
    format!(
        "none ({}), {}",
        msg::app::other::ONE_OFF.text(lang),
        Recurrence::spellings(lang)
    )
}

/// Whether a typed recurrence means "no recurrence": empty, or one of the catalog's one-off
/// words in either language (compared without case or diacritics).
fn one_off(raw: &str) -> bool {
    let typed = crate::text::fold(raw);
    let alias = msg::app::other::ONE_OFF_ALIASES;
    typed.is_empty()
        || [Lang::Vi, Lang::En]
            .into_iter()
            .flat_map(|l| alias.text(l).split('|'))
            .any(|a| crate::text::fold(a) == typed)
}

/// Adds or edits a custom deadline (editing keeps what was already marked done).
pub fn check_custom(
    data: &Dataset,
    input: &CustomInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let id = existing_id(&mut v, &input.id, |id| {
        data.customs.iter().any(|c| c.id == id)
    });
    let title = v.required("title", &input.title);
    let due_on = v.req_date("due_on", &input.due_on);
    let once = one_off(&input.recurrence);
    let recurrence = if once {
        None
    } else {
        let r = Recurrence::parse_loose(&input.recurrence);
        if r.is_none() {
            let m = msg::domain::valid::Choice {
                values: recurrence_spellings(lang),
            };
            v.says("recurrence", &input.recurrence, m.text(lang));
        }
        r
    };
    let source_doc = v.text("source_doc", &input.source_doc);
    let sys = v.opt_system(data, "system", &input.system);
    let notes = v.notes("notes", &input.notes);
    v.done(|| Op::Custom {
        custom: CustomDeadline {
            id,
            title,
            due_on: due_on.unwrap_or(today),
            recurrence,
            source_doc,
            system_id: sys.map(|s| s.id),
            done_on: None,
            notes,
        },
        system: sys.map(|s| s.code.clone()),
    })
}

/// Marking a custom deadline done on a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomDoneInput {
    pub id: String,
    pub done_on: String,
}

/// Marks a custom deadline done on a day not in the future. A one-off is done once; a
/// recurring one ticks off its earliest pending occurrence (the op carries that occurrence's
/// due date, which is what the rules count from).
pub fn check_custom_done(
    data: &Dataset,
    input: &CustomDoneInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let mut v = V::new(lang, today);
    let c = v.id("id", &input.id).and_then(|id| {
        let c = data.customs.iter().find(|c| c.id == id);
        if c.is_none() {
            let m = msg::app::other::NO_DEADLINE.text(lang);
            v.says("id", &input.id, m);
        }
        c
    });
    let done = v.past_date("done_on", &input.done_on);
    let mut stored = done;
    if let Some(c) = c {
        match (c.recurrence, c.done_on) {
            (None, Some(d)) => {
                let m = msg::app::other::AlreadyDone {
                    date: i18n::date(d),
                };
                v.says("id", &input.id, m.text(lang));
            }
            (None, None) => {}
            (Some(_), _) => match custom_due(c, data.profile.tracking_start) {
                Some(due) if due != NaiveDate::MAX => stored = Some(due),
                _ => v.says("id", &input.id, msg::app::other::NONE_PENDING.text(lang)),
            },
        }
    }
    let id = c.map(|c| c.id).unwrap_or_default();
    v.done(|| Op::CustomDone {
        id,
        done_on: stored.unwrap_or(today),
    })
}

/// A periodic report marked submitted: the report id of the active rule pack ("quarterly",
/// "annual", "annual-internal"), the period ("2026-Q4", "Quý IV/2026" or "2026"), the date and
/// the document number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportInput {
    pub report: String,
    pub period: String,
    pub on: String,
    pub doc_no: String,
}

/// The first day of a period.
fn period_start(p: Period) -> NaiveDate {
    let (y, m) = match p {
        Period::Quarter { year, q } => (year, q.saturating_sub(1) * 3 + 1),
        Period::Year(y) => (y, 1),
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
}

/// Marks a report submitted: a report of the active pack, a period of its cadence (quarterly
/// reports take "2026-Q4", yearly ones "2026") that had begun by the submission date, submitted
/// on a day not in the future.
pub fn check_report(
    data: &Dataset,
    rules: &RuleChoice,
    input: &ReportInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let _ = data;
    let mut v = V::new(lang, today);
    let pack = rules.pack();
    let id = input.report.trim().to_ascii_lowercase();
    let period = if input.period.trim().is_empty() {
        None
    } else {
        Period::parse(&input.period)
    };
    // the version of the report that governs the period (an obligation falls under the rule in
    // force on its last day): a quarterly report of Q4/2026 is no obligation under Decree 331
    let rule = match period {
        Some(p)
            if pack.report(&id).is_some_and(|r| {
                matches!(
                    (r.every, p),
                    (Every::Quarter, Period::Quarter { .. }) | (Every::Year, Period::Year(_))
                )
            }) =>
        {
            pack.report_for(&id, p)
        }
        _ => pack.report(&id),
    };
    if id.is_empty() {
        v.required_msg("report");
    } else if let (None, Some(r), Some(p)) = (rule, pack.report(&id), period) {
        // a report of the rules, but not for this period: say which periods it covers
        v.says_of("period", not_required(rules, r, p, lang));
    } else if rule.is_none() {
        let known = |l: Lang| {
            let mut v: Vec<String> = Vec::new();
            for r in &pack.reports {
                let s = format!("{} ({})", r.id, r.title.get(l));
                if !v.iter().any(|x| x.starts_with(&format!("{} (", r.id))) {
                    v.push(s);
                }
            }
            v.join(", ")
        };
        let m = msg::app::incident::NoSuchReport {
            pack: &pack.id,
            values: known(lang),
        };
        v.says("report", &input.report, m.text(lang));
    }
    if input.period.trim().is_empty() {
        v.required_msg("period");
    } else if period.is_none() {
        let m = msg::app::other::NOT_A_PERIOD.text(lang);
        v.says("period", &input.period, m);
    }
    let on = v.past_date("on", &input.on);
    let doc_no = v.text("doc_no", &input.doc_no);
    if let (Some(r), Some(p)) = (rule, period) {
        match (r.every, p) {
            (Every::Quarter, Period::Year(year)) => {
                let m = msg::app::other::PerQuarter {
                    report: i18n::periodic_report_name(&r.id, lang),
                    year,
                };
                v.says("period", &input.period, m.text(lang));
            }
            (Every::Year, Period::Quarter { year, .. }) => {
                let m = msg::app::other::PerYear {
                    report: i18n::periodic_report_name(&r.id, lang),
                    year,
                };
                v.says("period", &input.period, m.text(lang));
            }
            _ => {
                if let Some(on) = on
                    && on < period_start(p)
                {
                    let m = msg::app::other::PeriodNotBegun {
                        date: i18n::date(on),
                    };
                    v.says("period", &input.period, m.text(lang));
                }
            }
        }
    }
    v.done(|| {
        Op::Report(ReportSubmission {
            id: 0,
            report: id,
            period: period.unwrap_or(Period::Year(today.year())),
            submitted_on: on.unwrap_or(today),
            doc_no,
        })
    })
}

/// Why a report of the rules is not required for a period (no version of it governs the
/// period's last allowed day), naming the last or first period that requires it.
fn not_required(rules: &RuleChoice, r: &crate::rules::ReportRule, p: Period, lang: Lang) -> String {
    use msg::app::other as m;
    let pack = rules.pack();
    let (before, after) = pack.report_periods_around(&r.id, p);
    let head = m::NotRequired {
        name: i18n::periodic_report_name(&r.id, lang),
        basis: r.basis.get(lang),
        period: p.label(lang),
    }
    .text(lang);
    // the text whose entry into force ended the report, when a regime began the day after
    let ended = |rule: &crate::rules::ReportRule| {
        let end = rule.valid_until.and_then(|u| u.succ_opt())?;
        let date = i18n::date(end);
        let by = rules
            .packs
            .regimes()
            .iter()
            .find(|g| g.in_force_from == end)
            .map(|g| {
                let n = g.decree.get(lang);
                n.split(" (").next().unwrap_or(n).to_owned()
            });
        Some(match by {
            Some(by) => m::EndedBy { date, by }.text(lang),
            None => m::Ended { date }.text(lang),
        })
    };
    let tail = match (before, after) {
        (Some((b, rule)), None) => m::LastPeriod {
            why: ended(rule).map(|e| format!(" ({e})")).unwrap_or_default(),
            period: b.label(lang),
        }
        .text(lang),
        (None, Some((a, _))) => m::FirstPeriod {
            period: a.label(lang),
        }
        .text(lang),
        (Some((b, _)), Some((a, _))) => m::NearestPeriods {
            before: b.label(lang),
            after: a.label(lang),
        }
        .text(lang),
        (None, None) => String::new(),
    };
    format!("{head}{tail}")
}

/// The organisation profile. Empty tier: commune.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileInput {
    pub unit_name: String,
    pub tier: String,
    pub parent_authority: String,
    pub officer: String,
    pub tracking_start: String,
}

/// Sets the profile: the unit's name (required), tier, parent authority, officer (named in the
/// change log), and the tracking start (not in the future).
pub fn check_profile(
    data: &Dataset,
    input: &ProfileInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let _ = data;
    let mut v = V::new(lang, today);
    let unit_name = v.required("unit_name", &input.unit_name);
    let tier = v.choice(
        "tier",
        &input.tier,
        Some(Tier::Commune),
        Tier::parse_loose,
        Tier::spellings,
    );
    let parent_authority = v.text("parent_authority", &input.parent_authority);
    let officer = v.text("officer", &input.officer);
    let tracking_start = v.past_date("tracking_start", &input.tracking_start);
    v.done(|| Op::Profile {
        unit_name,
        tier: tier.unwrap_or(Tier::Commune),
        parent_authority,
        officer,
        tracking_start: tracking_start.unwrap_or(today),
    })
}

/// A rule pack to pin by id; empty unpins (the pack in force on the date applies).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PinInput {
    pub pack: String,
}

/// Pins a known rule pack, or unpins.
pub fn check_pin(
    data: &Dataset,
    rules: &RuleChoice,
    input: &PinInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let _ = data;
    let mut v = V::new(lang, today);
    let id = input.pack.trim().to_ascii_lowercase();
    if id.is_empty() {
        return v.done(|| Op::PinPack(None));
    }
    if rules.packs.index_of(&id).is_none() {
        let m = msg::app::other::NoSuchPack {
            known: rules.packs.ids().join(", "),
        };
        v.says("pack", &input.pack, m.text(lang));
    }
    v.done(|| Op::PinPack(Some(id)))
}

/// Assessment intervals in months for levels 1–5; all empty returns to the pack's defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntervalsInput {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub level4: String,
    pub level5: String,
}

/// The field name of a form-level problem of the intervals (the pack does not allow them).
pub const INTERVALS_FIELD: &str = "intervals";

/// Sets the assessment intervals (1–120 months each), only where the active pack lets the
/// officer change them (Decree 331 Art. 28.5.a: "periodic, by level and risk").
pub fn check_intervals(
    data: &Dataset,
    rules: &RuleChoice,
    input: &IntervalsInput,
    today: NaiveDate,
    lang: Lang,
) -> Checked<Op> {
    let _ = data;
    let mut v = V::new(lang, today);
    let pack = rules.pack();
    if !pack.assessment.adjustable {
        let m = msg::app::other::IntervalsFixed {
            pack: &pack.id,
            basis: pack.assessment.basis.get(lang),
        };
        v.says_of(INTERVALS_FIELD, m.text(lang));
        return Err(v.errs);
    }
    let raws: [(&'static str, &str); 5] = [
        ("level1", &input.level1),
        ("level2", &input.level2),
        ("level3", &input.level3),
        ("level4", &input.level4),
        ("level5", &input.level5),
    ];
    if raws.iter().all(|(_, r)| r.trim().is_empty()) {
        return v.done(|| Op::Intervals(None));
    }
    let mut months = [0u32; 5];
    for (i, (field, raw)) in raws.iter().enumerate() {
        if let Some(n) = v.int(field, raw, None, 1, 120) {
            months[i] = u32::try_from(n).unwrap_or(0);
        }
    }
    v.done(|| Op::Intervals(Some(months)))
}

#[cfg(test)]
mod one_off_tests {
    use super::one_off;

    #[test]
    fn one_off_words_of_both_languages_mean_no_recurrence() {
        for raw in [
            "",
            "  ",
            "none",
            "None",
            "không",
            "khong",
            "Không lặp",
            "một lần",
            "once",
            "one-off",
            "one off",
            "one_off",
        ] {
            assert!(one_off(raw), "{raw:?}");
        }
        for raw in ["monthly", "hằng tháng", "lặp", "one"] {
            assert!(!one_off(raw), "{raw:?}");
        }
    }
}
