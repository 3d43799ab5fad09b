//! The handover record (BAN-GIAO.docx and BAN-GIAO.md) as one report `Document`: what a
//! successor must know on the first day — what is overdue and due within 90 days with its legal
//! basis, open incidents and their clocks, dossiers in progress, projects and budget shares,
//! custom deadlines and their documents, contacts, and the evidence handed over. Pure: data in,
//! a document out; `render::markdown` and `docx::docx` write it.

use chrono::NaiveDateTime;

use super::common;
use super::doc::{Document, Field, Party, Section, Table, Val, formal_date};
use crate::domain::engine::{Clock, Deadline, Status};
use crate::domain::evidence::Evidence;
use crate::domain::{Dataset, DossierState, Kind};
use crate::i18n::{self, Lang, Text, msg, msg::report as m};
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
    let t = |x: Text| x.text(h.lang).to_owned();
    let mut table = Table::new(
        key,
        vec![
            // the date and what is left share a column: the legal basis needs the room
            ("due", t(m::handover::DUE_LEFT)),
            ("system", t(msg::common::SYSTEM)),
            ("what", t(m::handover::WHAT)),
            ("basis", t(m::handover::LEGAL_BASIS)),
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
    let t = |x: Text| x.text(lang);
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
        t(m::handover::UNIT_NAME_NOT_SET).to_owned()
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
    sections.push(Section::new(t(m::handover::I_GENERAL)).fields(vec![
        Field::new("unit", t(msg::common::UNIT), Val::text(unit)),
        Field::new(
            "officer",
            t(m::handover::HANDED_OVER_BY),
            Val::text(h.officer),
        ),
        Field::new(
            "successor",
            t(m::handover::RECEIVED_BY),
            Val::Blank,
        ),
        Field::new("date", t(m::handover::HANDOVER_DATE), Val::Date(today)),
        Field::new("made_at", t(m::handover::MADE_AT), Val::DateTime(h.made_at)),
        Field::new(
            "rule_pack",
            t(m::handover::RULE_PACK),
            Val::text(format!(
                "{} ({})",
                h.rules.pack().decree.get(lang),
                h.rules.pack().id
            )),
        ),
        Field::new(
            "summary",
            t(m::handover::IN_SHORT),
            Val::text(
                m::handover::Summary {
                    overdue,
                    soon,
                    days: HORIZON_DAYS,
                    systems: data.systems.len(),
                    documents: h.register.len(),
                }
                .text(lang),
            ),
        ),
    ]));

    // II. overdue, III. due soon
    sections.push(table_or(
        Section::new(t(m::handover::II_OVERDUE)),
        items_table(h, "overdue", |d| d.status == Status::Overdue),
        t(m::handover::NOTHING_OVERDUE),
    ));
    sections.push(table_or(
        Section::new(m::handover::IiiDueWithin { days: HORIZON_DAYS }.text(lang)),
        items_table(h, "due_soon", |d| d.status == Status::DueSoon),
        t(m::handover::NONE),
    ));

    open_incidents(h, &mut sections);
    dossiers(h, &mut sections);
    projects(h, &mut sections);
    local_deadlines(h, &mut sections);
    contacts(h, &mut sections);
    evidence_and_pack(h, &mut sections);

    let mut signature = common::signature(&inp);
    signature.cc = Vec::new();
    signature.title = vec![t(m::handover::HANDED_OVER_BY_TITLE).to_owned()];
    signature.hint = t(m::handover::SIGNATURE_FULL_NAME).to_owned();
    signature.name = h.officer.to_owned();
    signature.prepared_by = None;
    signature.counterpart = Some(Party {
        title: vec![t(m::handover::RECEIVED_BY_TITLE).to_owned()],
        hint: t(m::handover::SIGNATURE_FULL_NAME).to_owned(),
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
        title: t(m::handover::HANDOVER_RECORD).to_owned(),
        subtitle: t(m::handover::RECORDS_OF_INFORMATION_SECURITY_BY).to_owned(),
        recipients: Vec::new(),
        basis: Vec::new(),
        opening: m::handover::Opening {
            date: formal_date(lang, today),
            officer: h.officer,
            unit: &unit_sentence,
        }
        .text(lang),
        sections,
        notes: Vec::new(),
        signature,
    }
}

/// IV. Incidents still open (response not ended, or a mandatory report not yet sent).
fn open_incidents(h: &Handover, sections: &mut Vec<Section>) {
    let lang = h.lang;
    let t = |x: Text| x.text(lang);
    let data = h.data;
    let mut table = Table::new(
        "incidents",
        vec![
            ("id", "#".to_owned()),
            ("detected", t(m::handover::DETECTED).to_owned()),
            ("system", t(msg::common::SYSTEM).to_owned()),
            ("incident", t(msg::common::INCIDENT).to_owned()),
            ("severity", t(msg::common::SEVERITY).to_owned()),
            ("state", t(m::common::STATE).to_owned()),
            ("reports_due", t(m::handover::REPORTS_STILL_DUE).to_owned()),
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
                Some(e) => format!("{} {}", t(m::handover::RESPONSE_ENDED), i18n::datetime(e)),
                None => t(m::handover::RESPONDING).to_owned(),
            }),
            Val::text(if clocks.is_empty() {
                t(m::handover::ALL_REPORTS_SENT).to_owned()
            } else {
                clocks.join("; ")
            }),
        ]);
    }
    sections.push(table_or(
        Section::new(t(m::handover::IV_OPEN_INCIDENTS_AND_THEIR)),
        table,
        t(m::handover::NO_OPEN_INCIDENT),
    ));
}

/// V. Level dossiers in progress.
fn dossiers(h: &Handover, sections: &mut Vec<Section>) {
    let lang = h.lang;
    let t = |x: Text| x.text(lang);
    let data = h.data;
    let today = h.clock.today;
    let mut table = Table::new(
        "dossiers",
        vec![
            ("code", t(msg::common::CODE).to_owned()),
            ("system", t(msg::common::SYSTEM).to_owned()),
            ("level", t(msg::common::LEVEL).to_owned()),
            ("step", t(m::handover::CURRENT_STEP).to_owned()),
            ("last", t(m::handover::LAST_RECORDED_STEP).to_owned()),
            ("waiting", t(m::handover::WAITING).to_owned()),
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
                    Some(since) => m::handover::InProgressSince {
                        date: i18n::date(since),
                        days: (today - since).num_days(),
                    }
                    .text(lang),
                    None => "—".into(),
                }),
            ]
        })
        .collect();
    sections.push(table_or(
        Section::new(t(m::handover::V_LEVEL_DOSSIERS_IN_PROGRESS)),
        table,
        t(m::handover::NO_DOSSIER_IN_PROGRESS),
    ));
}

/// VI. Projects and budget shares.
fn projects(h: &Handover, sections: &mut Vec<Section>) {
    let lang = h.lang;
    let t = |x: Text| x.text(lang);
    let data = h.data;
    let mut table = Table::new(
        "projects",
        vec![
            ("year", t(m::handover::YEAR).to_owned()),
            ("project", t(m::handover::PROJECT).to_owned()),
            ("total", t(m::handover::TOTAL_VND).to_owned()),
            ("security", t(m::handover::SECURITY_VND).to_owned()),
            ("share", t(m::common::SHARE).to_owned()),
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
        Section::new(t(m::handover::VI_IT_PROJECTS_AND_SECURITY)),
        table,
        t(m::handover::NO_PROJECTS),
    ));
}

/// VII. Deadlines set by local documents, with their source documents.
fn local_deadlines(h: &Handover, sections: &mut Vec<Section>) {
    let lang = h.lang;
    let t = |x: Text| x.text(lang);
    let data = h.data;
    let mut table = Table::new(
        "customs",
        vec![
            ("what", t(m::handover::WHAT).to_owned()),
            ("due", t(m::handover::DUE_NEXT).to_owned()),
            ("repeats", t(m::handover::REPEATS).to_owned()),
            ("source", t(m::handover::SOURCE_DOCUMENT).to_owned()),
            ("system", t(msg::common::SYSTEM).to_owned()),
            ("done", t(m::handover::DONE).to_owned()),
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
                        .unwrap_or_else(|| t(m::handover::ONCE).to_owned()),
                ),
                dash(&c.source_doc),
                Val::text(system),
                c.done_on.map(Val::Date).unwrap_or_else(|| Val::text("—")),
            ]
        })
        .collect();
    sections.push(table_or(
        Section::new(t(m::handover::VII_LOCAL_DEADLINES_AND_THEIR)),
        table,
        t(m::handover::NONE),
    ));
}

/// VIII. Contacts per system.
fn contacts(h: &Handover, sections: &mut Vec<Section>) {
    let lang = h.lang;
    let t = |x: Text| x.text(lang);
    let data = h.data;
    let today = h.clock.today;
    let mut table = Table::new(
        "contacts",
        vec![
            ("code", t(msg::common::CODE).to_owned()),
            ("system", t(msg::common::SYSTEM).to_owned()),
            ("relation", t(m::handover::RELATION).to_owned()),
            ("owner", t(msg::common::OWNER).to_owned()),
            ("operator", t(msg::common::OPERATOR).to_owned()),
            ("responsible", t(m::handover::RESPONSIBLE).to_owned()),
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
        Section::new(t(m::handover::VIII_CONTACTS_PER_SYSTEM)),
        table,
        t(m::handover::NO_SYSTEMS),
    ));
}

/// IX. The evidence and what the pack holds.
fn evidence_and_pack(h: &Handover, sections: &mut Vec<Section>) {
    let lang = h.lang;
    let t = |x: Text| x.text(lang);
    let mut s = Section::new(t(m::handover::IX_EVIDENCE_AND_WHAT_THE));
    s = s.para(
        m::handover::EvidenceRegister {
            n: h.register.len(),
        }
        .text(lang),
    );
    for p in h.evidence_problems {
        s = s.para(format!("- ✖ {p}"));
    }
    s = s.para(t(m::handover::CAPDO_SQLITE3_A_COPY_OF));
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
            m::handover::CurrentReportsEachAs {
                formats: formats.join(", ."),
                list: list.join("; "),
            }
            .text(lang)
        } else {
            format!(
                "- {}: {}.",
                t(m::handover::CURRENT_REPORTS),
                list.join("; ")
            )
        });
    }
    s = s.para(t(m::handover::MANIFEST_SHA256_THE_SHA_256));
    s = s.para(t(m::handover::THIS_RECORD_IS_MADE_IN));
    sections.push(s);
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
