//! The level proposal wizard's engine: answers in, proposal out, over a decision table that is
//! data (`assets/rules/wizard-*.toml`, loaded and checked by `crate::rules::wizard`).
//!
//! Every row that applies is evaluated and the highest level wins (Decree 85 Art. 5.2; Decree
//! 331 Art. 8.2). A table whose `manual_type` option is chosen ("đ) other") has no criteria: the
//! officer decides by hand. Which legal text a table follows, its questions, rows, articles and
//! thresholds are all in the data; nothing here knows one decree from another.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::model::Level;
use crate::i18n::{L10n, Lang};

/// One decision table: the questions and rows of one legal text, in force `from`..=`until`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub id: String,
    /// First day the table applies.
    pub from: NaiveDate,
    /// Last day it applies (`None`: still in force).
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// The text cited before each article: "Nghị định 85/2016/NĐ-CP".
    pub decree: L10n,
    /// What the table rests on, for the `why` line ("Nghị định 85/2016/NĐ-CP Điều 5–11").
    pub basis: L10n,
    /// The question that asks the system's type (its answer selects type-specific questions).
    pub type_question: String,
    /// The type option that has no criteria: the officer decides.
    pub manual_type: String,
    /// The question about state secrets; questions marked `without_secrets` are skipped when it
    /// is answered other than `no_secret`.
    pub secret_question: String,
    pub no_secret: String,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
    #[serde(rename = "row")]
    pub rows: Vec<Row>,
}

/// An answer option.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Opt {
    pub key: String,
    pub label: L10n,
}

/// How a question is answered.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// One option, by key; required.
    Choice,
    /// A whole number (thousands separators allowed); empty means none.
    Count,
    /// The levels of the component systems ("3, 2"); empty means no components.
    Levels,
}

/// One wizard question.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: L10n,
    pub kind: AnswerKind,
    /// The options of a `Choice`.
    #[serde(default, rename = "option")]
    pub options: Vec<Opt>,
    /// Asked only for these system types (option keys of the type question); empty: always.
    #[serde(default)]
    pub types: Vec<String>,
    /// Not asked when the system processes state secrets (rows about systems without them).
    #[serde(default)]
    pub without_secrets: bool,
}

/// A count threshold of a `Thresholds` row.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub question: String,
    pub min: u64,
}

/// When a row applies.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Match {
    /// The row's question is answered with this option.
    Answer(String),
    /// The count answered to the row's question is in `min..below` (no `below`: no bound).
    Count {
        min: u64,
        #[serde(default)]
        below: Option<u64>,
    },
    /// Several counts against their thresholds: with `reached`, at least one count reaches its
    /// threshold; without, some count is above zero and every one stays below its threshold.
    Thresholds {
        reached: bool,
        limits: Vec<Threshold>,
    },
    /// The system has component systems: it takes their highest level.
    Components,
    /// The row's question is answered with `answer` and none of `unless_rows` applied: a floor.
    Floor {
        answer: String,
        unless_rows: Vec<String>,
    },
}

/// One row of the decision table.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The row of regulations.md §1.1 ("A1", "B2", …).
    pub id: String,
    pub question: String,
    pub when: Match,
    /// The level it gives (0 for `Components`: the components' highest).
    pub level: u8,
    /// The article of the table's text, "9.1" or "13.2.b".
    pub article: String,
    pub text: L10n,
}

impl Table {
    /// "Nghị định 85/2016/NĐ-CP Điều 9.1" / "Decree 85/2016/ND-CP Art. 9.1".
    pub fn cite(&self, article: &str, lang: Lang) -> String {
        crate::i18n::msg::domain::wizard::Cite {
            decree: self.decree.get(lang),
            article,
        }
        .text(lang)
    }

    /// Whether the table applies on `d`.
    pub fn in_force_on(&self, d: NaiveDate) -> bool {
        d >= self.from && self.until.is_none_or(|u| d <= u)
    }

    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions to ask given the answers so far (type-specific ones once the type is
    /// known), in the table's order.
    pub fn questions(&self, answers: &Answers) -> Vec<&Question> {
        let ty = answers.get(&self.type_question);
        let secret = answers
            .get(&self.secret_question)
            .is_some_and(|s| s != self.no_secret);
        self.questions
            .iter()
            .filter(|q| q.types.is_empty() || ty.is_some_and(|t| q.types.iter().any(|x| x == t)))
            .filter(|q| !(q.without_secrets && secret))
            .collect()
    }
}

/// The answers given so far, by question id (option keys, counts or level lists as typed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(BTreeMap<String, String>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    /// Answers from pairs, for tests and prefilled forms.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Answers {
        let mut a = Answers::new();
        for (q, v) in pairs {
            a.set(q, v);
        }
        a
    }

    pub fn set(&mut self, question: &str, answer: &str) {
        self.0.insert(question.to_owned(), answer.trim().to_owned());
    }

    /// The answer, `None` when empty or not given.
    pub fn get(&self, question: &str) -> Option<&str> {
        self.0
            .get(question)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

/// A whole number typed with or without thousands separators; `None` when not a number.
pub fn count(s: &str) -> Option<u64> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Levels typed as "3, 2" (or "3; 2"); `None` when one is not a level.
fn levels(s: &str) -> Option<Vec<Level>> {
    s.split([',', ';'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(Level::parse_loose)
        .collect()
}

/// A row that applied, with the level it gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit<'a> {
    pub row: &'a Row,
    pub level: Level,
}

/// What the wizard concludes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The proposed level.
    Level(Level),
    /// The manual type, or nothing matched: the officer decides (at least the level the rows
    /// that applied give, if any).
    Manual { at_least: Option<Level> },
    /// Some questions are unanswered or not understood.
    Incomplete,
}

/// The wizard's proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal<'a> {
    pub table: &'a Table,
    pub verdict: Verdict,
    /// The highest level of the rows that applied.
    pub level: Option<Level>,
    /// The rows at that level: what decided it.
    pub decided_by: Vec<Hit<'a>>,
    /// Every row that applied.
    pub matched: Vec<Hit<'a>>,
    /// Questions to ask that have no answer.
    pub missing: Vec<&'a str>,
    /// Questions whose answer is not one of the options, a number or a list of levels.
    pub invalid: Vec<&'a str>,
}

impl Proposal<'_> {
    /// The citations of the deciding rows, "; "-separated, without repeats.
    pub fn basis(&self, lang: Lang) -> String {
        let mut out: Vec<String> = Vec::new();
        for h in &self.decided_by {
            let c = format!("{} ({})", self.table.cite(&h.row.article, lang), h.row.id);
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out.join("; ")
    }
}

/// Evaluates every row of the table against the answers; the highest level wins.
pub fn evaluate<'a>(table: &'a Table, answers: &Answers) -> Proposal<'a> {
    let asked = table.questions(answers);
    let is_asked = |id: &str| asked.iter().any(|q| q.id == id);
    let mut missing = Vec::new();
    let mut invalid = Vec::new();
    for q in &asked {
        let a = answers.get(&q.id);
        match (q.kind, a) {
            (AnswerKind::Choice, None) => missing.push(q.id.as_str()),
            (AnswerKind::Choice, Some(a)) if !q.options.iter().any(|o| o.key == a) => {
                invalid.push(q.id.as_str())
            }
            (AnswerKind::Count, Some(a)) if count(a).is_none() => invalid.push(q.id.as_str()),
            (AnswerKind::Levels, Some(a)) if levels(a).is_none() => invalid.push(q.id.as_str()),
            _ => {}
        }
    }
    let num = |id: &str| {
        if is_asked(id) {
            answers.get(id).and_then(count).unwrap_or(0)
        } else {
            0
        }
    };
    let mut matched: Vec<Hit> = Vec::new();
    let mut floors: Vec<&Row> = Vec::new();
    for r in &table.rows {
        let level = match &r.when {
            Match::Answer(key) => (is_asked(&r.question)
                && answers.get(&r.question) == Some(key.as_str()))
            .then_some(r.level),
            Match::Count { min, below } => {
                let n = num(&r.question);
                (is_asked(&r.question) && n >= *min && below.is_none_or(|m| n < m))
                    .then_some(r.level)
            }
            Match::Thresholds { reached, limits } => {
                let any = limits.iter().any(|t| num(&t.question) > 0);
                let hit = limits.iter().any(|t| num(&t.question) >= t.min);
                (any && hit == *reached).then_some(r.level)
            }
            Match::Components => {
                if is_asked(&r.question) {
                    answers
                        .get(&r.question)
                        .and_then(levels)
                        .and_then(|l| l.into_iter().max())
                        .map(|l| l.get())
                } else {
                    None
                }
            }
            Match::Floor { .. } => {
                floors.push(r);
                None
            }
        };
        if let Some(l) = level.and_then(|l| Level::new(i64::from(l))) {
            matched.push(Hit { row: r, level: l });
        }
    }
    for r in floors {
        let Match::Floor {
            answer,
            unless_rows,
        } = &r.when
        else {
            continue;
        };
        if answers.get(&r.question) == Some(answer.as_str())
            && !matched.iter().any(|h| unless_rows.contains(&h.row.id))
            && let Some(l) = Level::new(i64::from(r.level))
        {
            matched.push(Hit { row: r, level: l });
        }
    }
    let level = matched.iter().map(|h| h.level).max();
    let decided_by: Vec<Hit> = matched
        .iter()
        .copied()
        .filter(|h| Some(h.level) == level)
        .collect();
    let manual = answers.get(&table.type_question) == Some(table.manual_type.as_str());
    let verdict = if !missing.is_empty() || !invalid.is_empty() {
        Verdict::Incomplete
    } else {
        match (manual, level) {
            (false, Some(l)) => Verdict::Level(l),
            (_, at_least) => Verdict::Manual { at_least },
        }
    };
    Proposal {
        table,
        verdict,
        level,
        decided_by,
        matched,
        missing,
        invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::wizard::in_force;

    /// The table that judges 18/08/2026 (Decree 85) and 19/08/2026 (Decree 331).
    fn d85() -> &'static Table {
        in_force(NaiveDate::from_ymd_opt(2026, 8, 18).unwrap())
    }
    fn d331() -> &'static Table {
        in_force(NaiveDate::from_ymd_opt(2026, 8, 19).unwrap())
    }
    fn both() -> [&'static Table; 2] {
        [d85(), d331()]
    }

    /// The answers of a system of type `ty` that matches no row except `extra`.
    fn base(ty: &str, extra: &[(&str, &str)]) -> Answers {
        let mut a = Answers::from_pairs(&[
            ("type", ty),
            ("secret", "no"),
            ("national_data", "no"),
            ("pm_decision", "no"),
            ("designated_level", "no"),
            ("admin_procedures", "no"),
        ]);
        match ty {
            "internal" => a.set("internal_info", "public"),
            "citizen" => {
                a.set("public_service", "none");
                a.set("online_service", "none");
                a.set("national_egov", "no");
            }
            "infrastructure" => a.set("infra_scope", "one-body"),
            "industrial" => a.set("works_grade", "grade-2-4"),
            _ => {}
        }
        for (q, v) in extra {
            a.set(q, v);
        }
        a
    }

    fn ids<'a>(p: &Proposal<'a>) -> Vec<&'a str> {
        p.decided_by.iter().map(|h| h.row.id.as_str()).collect()
    }

    /// Asserts the verdict level, the deciding rows and the first deciding row's article.
    fn check(t: &Table, a: &Answers, level: u8, rows: &[&str], article: &str) {
        let p = evaluate(t, a);
        assert_eq!(
            p.verdict,
            Verdict::Level(Level::new(i64::from(level)).unwrap()),
            "{} {a:?}: {p:?}",
            t.id
        );
        assert_eq!(ids(&p), rows, "{} {a:?}", t.id);
        assert_eq!(p.decided_by[0].row.article, article, "{} {a:?}", t.id);
    }

    fn asks(t: &Table, a: &Answers, q: &str) -> bool {
        t.questions(a).iter().any(|x| x.id == q)
    }

    #[test]
    fn row_a1_follows_the_harm() {
        // regulations.md §1.1 A1: Decree 85 Arts. 9.1/10.1/11.1; Decree 331 Arts. 13/14/15
        for (ans, lvl, a85, a331) in [
            ("harm", 3, "9.1", "13"),
            ("serious", 4, "10.1", "14"),
            ("especially-serious", 5, "11.1", "15"),
        ] {
            // an internal system with state secrets: the B rows do not apply
            let a = base("internal", &[("secret", ans)]);
            check(d85(), &a, lvl, &["A1"], a85);
            check(d331(), &a, lvl, &["A1"], a331);
            assert!(!asks(d85(), &a, "internal_info"));
        }
    }

    #[test]
    fn rows_b1_b2_internal() {
        // B1: Decree 85 Art. 7, Decree 331 Art. 11; B2: Art. 8.1, Art. 12
        let a = base("internal", &[("internal_info", "public")]);
        check(d85(), &a, 1, &["B1"], "7");
        check(d331(), &a, 1, &["B1"], "11");
        let a = base("internal", &[("internal_info", "private")]);
        check(d85(), &a, 2, &["B2"], "8.1");
        check(d331(), &a, 2, &["B2"], "12");
    }

    #[test]
    fn rows_c1_c2_exist_only_under_decree_85() {
        let a = base("citizen", &[("public_service", "level-1-2")]);
        check(d85(), &a, 2, &["C1"], "8.2.a");
        let a = base("citizen", &[("public_service", "level-3-4")]);
        check(d85(), &a, 3, &["C2"], "9.2.a");
        // Decree 331 dropped the online-public-service-level criteria: not asked, not counted
        assert!(!asks(d331(), &a, "public_service"));
        check(d331(), &a, 2, &["C0"], "12");
    }

    #[test]
    fn rows_c3_c4_conditional_business() {
        let a = base("citizen", &[("online_service", "not-conditional")]);
        check(d85(), &a, 2, &["C3"], "8.2.b");
        check(d331(), &a, 2, &["C3"], "12");
        let a = base("citizen", &[("online_service", "conditional")]);
        check(d85(), &a, 3, &["C4"], "9.2.b");
        check(d331(), &a, 3, &["C4"], "13");
    }

    #[test]
    fn rows_c5_c6_users_under_decree_85() {
        // Decree 85 Arts. 8.2.c / 9.2.c: 10,000 users
        let a = base("citizen", &[("users", "9.999")]);
        check(d85(), &a, 2, &["C5"], "8.2.c");
        let a = base("citizen", &[("users", "10.000")]);
        check(d85(), &a, 3, &["C6"], "9.2.c");
        let a = base("citizen", &[("users", "250000")]);
        check(d85(), &a, 3, &["C6"], "9.2.c");
        // no such service: only the floor
        let a = base("citizen", &[("users", "0")]);
        check(d85(), &a, 2, &["C0"], "8.2");
    }

    #[test]
    fn rows_c5_c6_data_subjects_under_decree_331() {
        // Decree 331 Arts. 12.2.b / 13.2.c: 100,000 subjects of basic or 10,000 of sensitive
        // personal data
        let r = d331();
        let a = base("citizen", &[("basic_subjects", "99.999")]);
        check(r, &a, 2, &["C5"], "12.2.b");
        let a = base("citizen", &[("basic_subjects", "100.000")]);
        check(r, &a, 3, &["C6"], "13.2.c");
        let a = base("citizen", &[("sensitive_subjects", "9,999")]);
        check(r, &a, 2, &["C5"], "12.2.b");
        let a = base("citizen", &[("sensitive_subjects", "10,000")]);
        check(r, &a, 3, &["C6"], "13.2.c");
        let a = base(
            "citizen",
            &[("basic_subjects", "99999"), ("sensitive_subjects", "9999")],
        );
        check(r, &a, 2, &["C5"], "12.2.b");
        // 50,000 basic subjects is level 3 under neither count, level 2 here
        let a = base("citizen", &[("basic_subjects", "50.000")]);
        check(r, &a, 2, &["C5"], "12.2.b");
        // the Decree 85 user count is not a Decree 331 question: 10,000 users is not level 3
        let a = base("citizen", &[("users", "10000")]);
        check(r, &a, 2, &["C0"], "12");
        // and the subject counts mean nothing under Decree 85
        let a = base("citizen", &[("basic_subjects", "500000")]);
        check(d85(), &a, 2, &["C0"], "8.2");
    }

    #[test]
    fn row_c7_national_egov() {
        let a = base("citizen", &[("national_egov", "yes")]);
        check(d85(), &a, 4, &["C7"], "10.2");
        check(d331(), &a, 4, &["C7"], "14");
    }

    #[test]
    fn row_c8_administrative_procedures_only_under_decree_331() {
        // Decree 331 Art. 13.2.b: "là hệ thống thông tin giải quyết thủ tục hành chính"
        for ty in ["internal", "citizen", "infrastructure"] {
            let a = base(ty, &[("admin_procedures", "yes")]);
            check(d331(), &a, 3, &["C8"], "13.2.b");
        }
        let q = d331().question("admin_procedures").unwrap();
        assert!(
            q.text
                .vi
                .starts_with("Là hệ thống thông tin giải quyết thủ tục hành chính")
        );
        assert!(!q.text.vi.contains("phục vụ"));
        // not a Decree 85 criterion: an internal public-information system stays level 1
        let a = base("internal", &[("admin_procedures", "yes")]);
        check(d85(), &a, 1, &["B1"], "7");
        assert!(!asks(d85(), &a, "admin_procedures"));
    }

    #[test]
    fn rows_d_infrastructure() {
        for (ans, lvl, id, a85, a331) in [
            ("one-body", 2, "D1", "8.3", "12"),
            ("shared", 3, "D2", "9.3", "13"),
            ("national", 4, "D3", "10.3", "14"),
            ("international", 5, "D4", "11.3", "15"),
        ] {
            let a = base("infrastructure", &[("infra_scope", ans)]);
            check(d85(), &a, lvl, &[id], a85);
            check(d331(), &a, lvl, &[id], a331);
        }
    }

    #[test]
    fn rows_e_industrial_control() {
        for (ans, lvl, id, a85, a331) in [
            ("grade-2-4", 3, "E1", "9.4", "13"),
            ("grade-1", 4, "E2", "10.4", "14"),
            ("special", 5, "E3", "11.4", "15"),
        ] {
            let a = base("industrial", &[("works_grade", ans)]);
            check(d85(), &a, lvl, &[id], a85);
            check(d331(), &a, lvl, &[id], a331);
        }
    }

    #[test]
    fn row_f1_national_data() {
        let a = base("internal", &[("national_data", "yes")]);
        check(d85(), &a, 5, &["F1"], "11.2");
        check(d331(), &a, 5, &["F1"], "15");
    }

    #[test]
    fn row_f2_prime_minister_decree_85_sets_level_5() {
        // Decree 85 Art. 11.5: a system the Prime Minister decides on is level 5
        let a = base("internal", &[("pm_decision", "yes")]);
        check(d85(), &a, 5, &["F2"], "11.5");
        assert!(!asks(d85(), &a, "designated_level"));
    }

    #[test]
    fn row_f2_decree_331_sets_any_level_from_2_to_5() {
        // Decree 331 Arts. 12.4, 13.5, 14.4, 15.5: a Prime Minister's decision or the Ministry
        // of Public Security's risk-management framework sets level 2, 3, 4 or 5
        for (lvl, art) in [(2, "12.4"), (3, "13.5"), (4, "14.4"), (5, "15.5")] {
            let key = lvl.to_string();
            // an internal public-information system (B1, level 1) lifted to the set level
            let a = base("internal", &[("designated_level", key.as_str())]);
            check(d331(), &a, lvl, &["F2"], art);
        }
        // a higher criterion still wins over a lower designated level (Art. 8.2)
        let a = base(
            "industrial",
            &[("designated_level", "2"), ("works_grade", "grade-1")],
        );
        check(d331(), &a, 4, &["E2"], "14");
        // the Decree 85 yes/no question is not asked under Decree 331
        assert!(!asks(d331(), &a, "pm_decision"));
        let p = evaluate(d331(), &base("internal", &[("designated_level", "1")]));
        assert_eq!(p.invalid, vec!["designated_level"]);
    }

    #[test]
    fn type_question_cites_the_article_of_its_decree() {
        // Decree 85 Art. 6.2; Decree 331 Art. 9.2 (not "Điều 6 khoản 2")
        assert!(d85().question("type").unwrap().text.vi.contains("Điều 6.2"));
        assert!(
            d331()
                .question("type")
                .unwrap()
                .text
                .vi
                .contains("Điều 9.2")
        );
        assert!(
            d331()
                .question("type")
                .unwrap()
                .text
                .en
                .contains("Art. 9.2")
        );
    }

    #[test]
    fn row_g_components_take_the_maximum() {
        let a = base("internal", &[("components", "3, 2")]);
        check(d85(), &a, 3, &["G"], "5.2");
        check(d331(), &a, 3, &["G"], "8.2");
        // the components' level and the system's own rows: the highest wins, ties list both
        let a = base(
            "internal",
            &[("internal_info", "private"), ("components", "2; cấp độ 1")],
        );
        check(d85(), &a, 2, &["B2", "G"], "8.1");
        let p = evaluate(d85(), &base("internal", &[("components", "3, 9")]));
        assert_eq!(p.verdict, Verdict::Incomplete);
        assert_eq!(p.invalid, vec!["components"]);
    }

    #[test]
    fn highest_level_wins_across_rows() {
        let a = base(
            "citizen",
            &[
                ("public_service", "level-1-2"),
                ("online_service", "conditional"),
                ("users", "5000"),
                ("secret", "serious"),
            ],
        );
        let p = evaluate(d85(), &a);
        assert_eq!(p.verdict, Verdict::Level(Level::new(4).unwrap()));
        let all: Vec<&str> = p.matched.iter().map(|h| h.row.id.as_str()).collect();
        assert_eq!(all, vec!["A1", "C1", "C4", "C5"]);
        assert_eq!(ids(&p), vec!["A1"]);
        assert_eq!(p.basis(Lang::Vi), "Nghị định 85/2016/NĐ-CP Điều 10.1 (A1)");
        assert_eq!(p.basis(Lang::En), "Decree 85/2016/ND-CP Art. 10.1 (A1)");
        let p = evaluate(d331(), &base("internal", &[("designated_level", "3")]));
        assert_eq!(p.basis(Lang::Vi), "Nghị định 331/2026/NĐ-CP Điều 13.5 (F2)");
    }

    #[test]
    fn citizen_floor_only_when_no_other_citizen_row() {
        let p = evaluate(d85(), &base("citizen", &[]));
        assert_eq!(ids(&p), vec!["C0"]);
        let p = evaluate(d85(), &base("citizen", &[("public_service", "level-1-2")]));
        assert_eq!(ids(&p), vec!["C1"]);
        let p = evaluate(d331(), &base("citizen", &[("admin_procedures", "yes")]));
        assert_eq!(ids(&p), vec!["C8"]);
    }

    #[test]
    fn type_other_is_a_manual_decision() {
        for t in both() {
            let p = evaluate(t, &base("other", &[]));
            assert_eq!(p.verdict, Verdict::Manual { at_least: None });
            // a row that applies whatever the type still sets a floor
            let p = evaluate(t, &base("other", &[("secret", "harm")]));
            assert_eq!(
                p.verdict,
                Verdict::Manual {
                    at_least: Level::new(3)
                }
            );
        }
    }

    #[test]
    fn unanswered_questions_make_it_incomplete() {
        let p = evaluate(d85(), &Answers::new());
        assert_eq!(p.verdict, Verdict::Incomplete);
        assert_eq!(
            p.missing,
            vec!["type", "secret", "national_data", "pm_decision"]
        );
        let p = evaluate(d331(), &Answers::new());
        assert_eq!(
            p.missing,
            vec![
                "type",
                "secret",
                "admin_procedures",
                "national_data",
                "designated_level"
            ]
        );
        let p = evaluate(d331(), &Answers::from_pairs(&[("type", "internal")]));
        assert!(p.missing.contains(&"internal_info"));
        assert!(p.missing.contains(&"admin_procedures"));
        let p = evaluate(d85(), &base("internal", &[("internal_info", "maybe")]));
        assert_eq!(p.invalid, vec!["internal_info"]);
        let p = evaluate(d85(), &base("citizen", &[("users", "nhiều")]));
        assert_eq!(p.invalid, vec!["users"]);
    }

    #[test]
    fn every_row_is_reachable_and_cited() {
        // each row's question is asked for some answers (a type whose questions include it)
        for t in both() {
            for r in &t.rows {
                let q = t.question(&r.question).unwrap();
                let reachable = if q.types.is_empty() {
                    true
                } else {
                    q.types
                        .iter()
                        .any(|ty| asks(t, &Answers::from_pairs(&[("type", ty)]), &q.id))
                };
                assert!(reachable, "{} {}", t.id, r.id);
                assert!(!t.cite(&r.article, Lang::Vi).is_empty());
            }
        }
    }
}
