//! The review checklist of Official Telegram 33/CĐ-TTg (officer-workflow §2.3): twelve lines,
//! each "Đạt / Chưa đạt / Không áp dụng" where the data decides, "cần cán bộ xác nhận" where
//! it cannot, with the evidence (counts, and which systems fail).

use super::common::*;
use super::doc::*;
use crate::domain::engine::incident_clocks;
use crate::domain::summary::{budget_years, pct};
use crate::domain::*;
use crate::i18n::{self, Lang, count_of, msg, msg::report as m, msg::report::review as r};
use crate::text::fold;

/// Appends "chưa có tài liệu chứng minh: CODES" to the lines whose claim some counted system
/// has no document for (approval → decision, plan → plan, assessment → assessment report).
fn mark_unproven(
    inp: &Input,
    running: &[&System],
    active: &[&System],
    register: &[crate::domain::evidence::Evidence],
    lines: &mut [Line],
) {
    use crate::domain::evidence::EvidenceKind as K;
    let has = |s: &System, k: K| register.iter().any(|e| e.system_id == s.id && e.kind == k);
    let assessed_on_time = |s: &&System| matches!(assess_state(inp, s), AssessState::Due(_));
    let claims: [(&str, K, Vec<&System>); 3] = [
        (
            "approved",
            K::Decision,
            running
                .iter()
                .copied()
                .filter(|s| s.dossier == DossierState::Approved)
                .collect(),
        ),
        (
            "plans",
            K::Plan,
            running
                .iter()
                .copied()
                .filter(|s| s.plan == PlanStatus::Full)
                .collect(),
        ),
        (
            "assessments",
            K::Assessment,
            active.iter().copied().filter(assessed_on_time).collect(),
        ),
    ];
    for (key, kind, counted) in claims {
        let bare: Vec<&System> = counted.into_iter().filter(|s| !has(s, kind)).collect();
        if let Some(l) = lines.iter_mut().find(|l| l.key == key)
            && !bare.is_empty()
        {
            l.evidence.push_str(&format!(
                "; {}: {}",
                m::review::NO_SUPPORTING_DOCUMENT.text(inp.lang),
                codes(bare.iter().copied())
            ));
        }
    }
}

/// One checklist line.
struct Line {
    key: &'static str,
    item: String,
    check: Check,
    evidence: String,
}

pub fn build(inp: &Input) -> Document {
    build_with_evidence(inp, None)
}

/// The review with each line's claim checked against the evidence register: the systems a
/// passing line counts (approved, plan in full, assessed on time) that have no document of the
/// matching kind are named as "chưa có tài liệu chứng minh".
/// What every line of the review is computed from.
struct Ctx<'a> {
    inp: &'a Input<'a>,
    lang: Lang,
    today: chrono::NaiveDate,
    data: &'a Dataset,
    pack: &'a crate::rules::RulePack,
    tally: Tally,
    /// Owned systems in use.
    active: Vec<&'a System>,
    /// Those of `active` already operating.
    running: Vec<&'a System>,
    /// Those of `active` not yet operating.
    planned: usize,
    /// Operating without an approved level.
    unapproved: Vec<&'a System>,
    /// Operating with a plan not in full.
    not_full: Vec<&'a System>,
    /// Overdue for assessment (never assessed included).
    overdue: Vec<&'a System>,
}

/// The words of a catalog list ("a|b|c", ASCII-folded like `fold`), the same in both
/// languages: what a title or name is matched against.
fn words(list: crate::i18n::Text) -> impl Iterator<Item = &'static str> {
    list.vi.split('|').filter(|w| !w.is_empty())
}

fn list(v: &[&System]) -> String {
    codes(v.iter().copied())
}

fn operating_count(lang: Lang, n: usize) -> String {
    count_of(
        lang,
        n,
        r::NOUN_OPERATING_SYSTEM_ONE,
        r::NOUN_OPERATING_SYSTEM,
    )
}

pub fn build_with_evidence<'a>(
    inp: &'a Input<'a>,
    register: Option<&[crate::domain::evidence::Evidence]>,
) -> Document {
    let lang = inp.lang;
    let today = inp.today();
    let data = inp.data;
    let pack = inp.pack();
    let tally = Tally::of(data, today);
    let active = owned_active(data, today);
    let running: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| operating(s, today))
        .collect();
    let planned = active.len() - running.len();
    let unapproved: Vec<&System> = running
        .iter()
        .copied()
        .filter(|s| s.dossier != DossierState::Approved)
        .collect();
    let not_full: Vec<&System> = running
        .iter()
        .copied()
        .filter(|s| s.plan != PlanStatus::Full)
        .collect();
    let overdue: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| {
            matches!(
                assess_state(inp, s),
                AssessState::Never | AssessState::Overdue(_)
            )
        })
        .collect();
    let c = Ctx {
        inp,
        lang,
        today,
        data,
        pack,
        tally,
        active,
        running,
        planned,
        unapproved,
        not_full,
        overdue,
    };
    let mut lines: Vec<Line> = Vec::new();
    inventory_lines(&c, &mut lines);
    assessment_line(&c, &mut lines);
    threat_lines(&c, &mut lines);
    response_lines(&c, &mut lines);
    budget_and_web_lines(&c, &mut lines);
    if let Some(reg) = register {
        mark_unproven(inp, &c.running, &c.active, reg, &mut lines);
    }
    let sections = sections(&c, &lines, failing_table(&c));
    let review_rule = inp
        .rules
        .packs
        .all()
        .iter()
        .find_map(|p| p.regime.iter().find(|r| r.id == "review-results"));
    Document {
        kind: "review",
        form: "review-checklist-derived".to_owned(),
        lang,
        pack: pack.id.clone(),
        reference_date: today,
        period: None,
        header: header(inp),
        title: m::common::REPORT_TITLE.text(inp.lang).to_owned(),
        subtitle: m::review::REVIEW_OF_THE_SECURITY_OF
            .text(inp.lang)
            .to_owned(),
        recipients: recipients(inp, pack, &["ministry"]),
        basis: review_rule
            .map(|r| vec![r.basis.get(lang).to_owned()])
            .unwrap_or_default(),
        opening: String::new(),
        sections,
        notes: vec![
            m::review::CHECKLIST_DERIVED_BY_CAPDO_FROM
                .text(inp.lang)
                .to_owned(),
            r::ResultsAsOf {
                date: i18n::date(today),
                pack: &pack.id,
            }
            .text(lang),
        ],
        signature: signature(inp),
    }
}

/// Lines 1–3: the list of systems, approvals, protection plans.
fn inventory_lines(c: &Ctx, lines: &mut Vec<Line>) {
    let (inp, lang, data, planned) = (c.inp, c.lang, c.data, c.planned);
    let (tally, running, unapproved, not_full) = (&c.tally, &c.running, &c.unapproved, &c.not_full);
    // 1. the list of systems
    let total = data.systems.len();
    lines.push(Line {
        key: "system_list",
        item: m::review::THE_LIST_OF_INFORMATION_SYSTEMS
            .text(inp.lang)
            .to_owned(),
        check: if total > 0 { Check::Pass } else { Check::Fail },
        evidence: r::SystemListEvidence {
            systems: count_of(lang, total, r::NOUN_SYSTEM_ONE, r::NOUN_SYSTEM),
            owned: tally.owned,
            used: tally.used,
            decommissioned: tally.decommissioned,
        }
        .text(lang),
    });

    // 2. approvals
    let approved = running.len() - unapproved.len();
    lines.push(Line {
        key: "approved",
        item: m::review::EVERY_OPERATING_SYSTEM_HAS_AN
            .text(inp.lang)
            .to_owned(),
        check: if running.is_empty() {
            Check::NotApplicable
        } else if unapproved.is_empty() {
            Check::Pass
        } else {
            Check::Fail
        },
        evidence: {
            let mut e = r::ApprovedEvidence {
                approved,
                operating: operating_count(lang, running.len()),
                share: i18n::percent(lang, pct(approved as i64, running.len() as i64)),
            }
            .text(lang);
            if !unapproved.is_empty() {
                e.push_str(&format!(
                    "; {}: {}",
                    m::review::NOT_APPROVED.text(inp.lang),
                    list(unapproved)
                ));
            }
            if planned > 0 {
                e.push_str(
                    &r::NotYetLiveLeftOut {
                        systems: count_of(
                            lang,
                            planned,
                            r::NOUN_NOT_YET_LIVE_ONE,
                            r::NOUN_NOT_YET_LIVE,
                        ),
                    }
                    .text(lang),
                );
            }
            e
        },
    });

    // 3. plans
    lines.push(Line {
        key: "plans",
        item: m::review::PROTECTION_PLANS_ARE_FULLY_IMPLEMENTED
            .text(inp.lang)
            .to_owned(),
        check: if running.is_empty() {
            Check::NotApplicable
        } else if not_full.is_empty() {
            Check::Pass
        } else {
            Check::Fail
        },
        evidence: {
            let mut e = r::PlansEvidence {
                full: running.len() - not_full.len(),
                operating: operating_count(lang, running.len()),
            }
            .text(lang);
            if !not_full.is_empty() {
                e.push_str(&format!(
                    "; {}: {}",
                    m::review::NOT_FULL.text(inp.lang),
                    list(not_full)
                ));
            }
            e
        },
    });
}

/// Line 4: assessments (which include vulnerability scanning, Circular 12/2022 Art. 11.c).
fn assessment_line(c: &Ctx, lines: &mut Vec<Line>) {
    let (inp, lang) = (c.inp, c.lang);
    let (active, overdue) = (&c.active, &c.overdue);
    // 4. assessments (which include vulnerability scanning, Circular 12/2022 Art. 11.c)
    let levelled = active.iter().filter(|s| s.level.is_some()).count();
    lines.push(Line {
        key: "assessments",
        item: m::review::ASSESSMENT_VULNERABILITY_SCANNING_AND_PATCHING
            .text(inp.lang)
            .to_owned(),
        check: if levelled == 0 {
            Check::NotApplicable
        } else if overdue.is_empty() {
            Check::Pass
        } else {
            Check::Fail
        },
        evidence: {
            let mut e = r::AssessmentsEvidence {
                overdue: count_of(lang, overdue.len(), r::NOUN_SYSTEM_ONE, r::NOUN_SYSTEM),
                levelled,
            }
            .text(lang);
            if !overdue.is_empty() {
                e.push_str(&format!(": {}", list(overdue)));
            }
            e.push_str(m::review::PATCHING_TO_BE_CONFIRMED_BY.text(inp.lang));
            e
        },
    });
}

/// Lines 5–8: the malware sweep, and what the data cannot tell (backups, monitoring, anti-malware).
fn threat_lines(c: &Ctx, lines: &mut Vec<Line>) {
    let (inp, lang, today, data) = (c.inp, c.lang, c.today, c.data);
    // 5. malware sweep
    let year_ago = today - chrono::Duration::days(365);
    let malware = data
        .incidents
        .iter()
        .filter(|i| {
            i.detected_at.date() > year_ago
                && matches!(i.kind, IncidentKind::Malware | IncidentKind::Ransomware)
        })
        .count();
    lines.push(Line {
        key: "malware_sweep",
        item: m::review::THREAT_HUNTING_MALWARE_SWEEP_ON
            .text(inp.lang)
            .to_owned(),
        check: Check::Confirm,
        evidence: r::MalwareEvidence {
            incidents: count_of(
                lang,
                malware,
                r::NOUN_MALWARE_INCIDENT_ONE,
                r::NOUN_MALWARE_INCIDENT,
            ),
        }
        .text(lang),
    });

    // 6–8: nothing in the data
    for (key, item) in [
        ("backup", r::BACKUP),
        ("monitoring", r::MONITORING),
        ("anti_malware", r::ANTI_MALWARE),
    ] {
        lines.push(Line {
            key,
            item: item.text(lang).to_owned(),
            check: Check::Confirm,
            evidence: m::review::NOT_RECORDED_IN_CAPDO.text(inp.lang).to_owned(),
        });
    }
}

/// Lines 9–10: incident response and staff.
fn response_lines(c: &Ctx, lines: &mut Vec<Line>) {
    let (inp, lang, data) = (c.inp, c.lang, c.data);
    // 9. incident response: a contact point and the mandatory reports kept
    let officer = data.profile.officer.trim();
    let late_clocks: Vec<String> = data
        .incidents
        .iter()
        .flat_map(|i| {
            incident_clocks(i, inp.rules)
                .into_iter()
                .filter(|c| c.sent.is_none() && c.due_at.is_some_and(|d| d < inp.clock.now))
                .map(move |c| {
                    let r = &inp.rules.packs.get(c.pack).incident_reports[c.rule];
                    format!(
                        "#{} {}",
                        i.id,
                        crate::i18n::incident_report_name(&r.id, Some(r.hours), lang)
                    )
                })
        })
        .collect();
    lines.push(Line {
        key: "incident_response",
        item: m::review::AN_INCIDENT_RESPONSE_PLAN_AND
            .text(inp.lang)
            .to_owned(),
        check: if officer.is_empty() || !late_clocks.is_empty() {
            Check::Fail
        } else {
            Check::Confirm
        },
        evidence: {
            let mut e = if officer.is_empty() {
                m::review::NO_CONTACT_POINT_NO_OFFICER
                    .text(inp.lang)
                    .to_owned()
            } else {
                format!("{}: {officer}", m::review::CONTACT_POINT.text(inp.lang))
            };
            e.push_str(
                &r::ReportsOverdue {
                    reports: count_of(
                        lang,
                        late_clocks.len(),
                        r::NOUN_INCIDENT_REPORT_ONE,
                        r::NOUN_INCIDENT_REPORT,
                    ),
                }
                .text(lang),
            );
            if !late_clocks.is_empty() {
                e.push_str(&format!(" ({})", late_clocks.join(", ")));
            }
            e.push_str(m::review::PLAN_AND_DUTY_ROSTER_TO.text(inp.lang));
            e
        },
    });

    // 10. staff and training
    let drills: Vec<&CustomDeadline> = data
        .customs
        .iter()
        .filter(|c| {
            let f = fold(&c.title);
            words(r::DRILL_TITLE_WORDS).any(|w| f.contains(w))
        })
        .collect();
    lines.push(Line {
        key: "staff_training",
        item: m::review::STAFF_ASSIGNED_TRAINED_AND_DRILLED
            .text(inp.lang)
            .to_owned(),
        check: Check::Confirm,
        evidence: r::StaffEvidence {
            officer: if officer.is_empty() { BLANK } else { officer },
            tasks: count_of(
                lang,
                drills.len(),
                r::NOUN_DRILL_TASK_ONE,
                r::NOUN_DRILL_TASK,
            ),
        }
        .text(lang),
    });
}

/// Lines 11–12: the budget share and the website trust label.
fn budget_and_web_lines(c: &Ctx, lines: &mut Vec<Line>) {
    let (inp, lang, today, data, pack) = (c.inp, c.lang, c.today, c.data, c.pack);
    let active = &c.active;
    // 11. budget share
    let years = budget_years(data, inp.rules, today);
    let this = years
        .iter()
        .find(|b| b.year == chrono::Datelike::year(&today));
    lines.push(Line {
        key: "budget_share",
        item: match this {
            Some(b) => r::BudgetItem {
                threshold: b.threshold,
            }
            .text(lang),
            None => r::BudgetItem {
                threshold: pack.budget.min_share_percent,
            }
            .text(lang),
        },
        check: match this {
            Some(b) if b.total == 0 => Check::Confirm,
            Some(b) if b.below() => Check::Fail,
            Some(_) => Check::Pass,
            None => Check::Confirm,
        },
        evidence: match this {
            Some(b) => r::BudgetEvidence {
                year: b.year,
                security: i18n::int(lang, b.security),
                total: i18n::int(lang, b.total),
                share: i18n::percent(lang, b.share()),
                projects: count_of(lang, b.projects, r::NOUN_PROJECT_ONE, r::NOUN_PROJECT),
            }
            .text(lang),
            None => m::review::NO_IT_PROJECT_OF_THIS.text(inp.lang).to_owned(),
        },
    });

    // 12. website trust label: only for a site the unit owns
    let sites: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| {
            let f = fold(&s.name);
            words(r::WEBSITE_NAME_WORDS).any(|w| f.contains(w)) || f.ends_with("web")
        })
        .collect();
    lines.push(Line {
        key: "trust_label",
        item: m::review::WEBSITE_TRUST_LABEL.text(inp.lang).to_owned(),
        check: if sites.is_empty() {
            Check::NotApplicable
        } else {
            Check::Confirm
        },
        evidence: if sites.is_empty() {
            m::review::NO_WEBSITE_OWNED_BY_THE.text(inp.lang).to_owned()
        } else {
            format!(
                "{}: {}",
                m::review::OWNED_SITES.text(inp.lang),
                list(&sites)
            )
        },
    });
}

/// The systems behind the failing lines (2–4).
fn failing_table(c: &Ctx) -> Table {
    let (inp, lang) = (c.inp, c.lang);
    let (active, unapproved, not_full, overdue) =
        (&c.active, &c.unapproved, &c.not_full, &c.overdue);
    let bad: std::collections::HashSet<i64> = unapproved
        .iter()
        .chain(not_full)
        .chain(overdue)
        .map(|s| s.id)
        .collect();
    let mut failing: Vec<&System> = active
        .iter()
        .copied()
        .filter(|s| bad.contains(&s.id))
        .collect();
    failing.sort_by(|a, b| a.code.cmp(&b.code));
    let mut ft = Table::new(
        "failing_systems",
        vec![
            ("code", msg::common::CODE.text(inp.lang).to_owned()),
            ("name", m::common::SYSTEM_NAME.text(inp.lang).to_owned()),
            ("level", msg::common::LEVEL.text(inp.lang).to_owned()),
            ("dossier", m::review::DOSSIER.text(inp.lang).to_owned()),
            ("plan", msg::common::PLAN.text(inp.lang).to_owned()),
            (
                "assessment",
                msg::common::ASSESSMENT.text(inp.lang).to_owned(),
            ),
        ],
    );
    for s in &failing {
        let a = match assess_state(inp, s) {
            AssessState::NoLevel => "—".to_owned(),
            AssessState::Never => m::review::NEVER_OVERDUE.text(inp.lang).to_owned(),
            AssessState::Overdue(d) => r::OverdueSince {
                date: i18n::date(d),
            }
            .text(lang),
            AssessState::Due(d) => r::DueOn {
                date: i18n::date(d),
            }
            .text(lang),
        };
        ft.rows.push(vec![
            Val::text(&s.code),
            Val::text(&s.name),
            s.level
                .map(|l| Val::Int(i64::from(l.get())))
                .unwrap_or(Val::Blank),
            Val::text(s.dossier.label(lang)),
            Val::text(s.plan.label(lang)),
            Val::Text(a),
        ]);
    }
    ft
}

/// The results table with its tally, each line's status, the failing systems and the proposals.
fn sections(c: &Ctx, lines: &[Line], ft: Table) -> Vec<Section> {
    let inp = c.inp;
    let mut t = Table::new(
        "checklist",
        vec![
            ("stt", m::common::ROW_NUMBER.text(inp.lang).to_owned()),
            ("item", m::review::ITEM.text(inp.lang).to_owned()),
            ("status", m::review::RESULT.text(inp.lang).to_owned()),
            ("evidence", m::review::EVIDENCE.text(inp.lang).to_owned()),
        ],
    );
    let mut summary = [0usize; 4];
    for (n, l) in lines.iter().enumerate() {
        summary[match l.check {
            Check::Pass => 0,
            Check::Fail => 1,
            Check::NotApplicable => 2,
            Check::Confirm => 3,
        }] += 1;
        t.rows.push(vec![
            Val::count(n + 1),
            Val::Text(l.item.clone()),
            Val::Check(l.check),
            Val::Text(l.evidence.clone()),
        ]);
    }
    let keys: Vec<Field> = lines
        .iter()
        .map(|l| Field::new(l.key, l.item.clone(), Val::Check(l.check)))
        .collect();

    let mut sections = vec![
        Section::new(m::review::REVIEW_RESULTS.text(inp.lang))
            .table(t)
            .fields(vec![
                Field::new(
                    "so_dat",
                    m::review::LINES_MET.text(inp.lang),
                    Val::count(summary[0]),
                ),
                Field::new(
                    "so_chua_dat",
                    m::review::LINES_NOT_MET.text(inp.lang),
                    Val::count(summary[1]),
                ),
                Field::new(
                    "so_khong_ap_dung",
                    m::review::LINES_NOT_APPLICABLE.text(inp.lang),
                    Val::count(summary[2]),
                ),
                Field::new(
                    "so_can_xac_nhan",
                    m::review::LINES_FOR_THE_OFFICER_TO.text(inp.lang),
                    Val::count(summary[3]),
                ),
            ]),
        Section::new(m::review::STATUS_BY_LINE.text(inp.lang)).fields(keys),
    ];
    if !ft.rows.is_empty() {
        sections
            .push(Section::new(m::review::SYSTEMS_BEHIND_THE_UNMET_LINES.text(inp.lang)).table(ft));
    }
    sections.push(
        Section::new(m::common::PROPOSALS.text(inp.lang)).fields(vec![Field::new(
            "kien_nghi",
            m::common::PROPOSALS.text(inp.lang),
            Val::Blank,
        )]),
    );
    sections
}
