//! The level wizard's decision tables as data (assets/rules/wizard-*.toml): loaded once,
//! validated, and chosen by the day being judged.

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::domain::wizard::{AnswerKind, Match, Table};

/// The tables shipped in the binary, oldest first.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "wizard-nd85-2016.toml",
        include_str!("../../assets/rules/wizard-nd85-2016.toml"),
    ),
    (
        "wizard-nd331-2026.toml",
        include_str!("../../assets/rules/wizard-nd331-2026.toml"),
    ),
];

/// Parses and checks one table.
pub fn parse(text: &str) -> Result<Table, String> {
    let t: Table = toml::from_str(text).map_err(|e| e.to_string())?;
    validate(&t)?;
    Ok(t)
}

fn validate(t: &Table) -> Result<(), String> {
    let id = &t.id;
    let bad = |what: String| Err(format!("{id}: {what}"));
    if t.until.is_some_and(|u| u < t.from) {
        return bad("`until` is before `from`".into());
    }
    for x in [&t.decree, &t.basis] {
        if x.vi.trim().is_empty() || x.en.trim().is_empty() {
            return bad("a text is empty".into());
        }
    }
    for (i, q) in t.questions.iter().enumerate() {
        if t.questions[..i].iter().any(|p| p.id == q.id) {
            return bad(format!("question '{}' twice", q.id));
        }
        if q.text.vi.trim().is_empty() || q.text.en.trim().is_empty() {
            return bad(format!("question '{}' has an empty text", q.id));
        }
        match q.kind {
            AnswerKind::Choice if q.options.len() < 2 => {
                return bad(format!("question '{}' has fewer than 2 options", q.id));
            }
            AnswerKind::Count | AnswerKind::Levels if !q.options.is_empty() => {
                return bad(format!(
                    "question '{}' has options but is not a choice",
                    q.id
                ));
            }
            _ => {}
        }
        for (j, o) in q.options.iter().enumerate() {
            if o.key.trim().is_empty() || q.options[..j].iter().any(|p| p.key == o.key) {
                return bad(format!(
                    "question '{}': option '{}' empty or twice",
                    q.id, o.key
                ));
            }
            if o.label.vi.trim().is_empty() || o.label.en.trim().is_empty() {
                return bad(format!(
                    "question '{}': option '{}' has no label",
                    q.id, o.key
                ));
            }
        }
    }
    let choice = |qid: &str, key: &str, what: &str| -> Result<(), String> {
        let Some(q) = t.question(qid) else {
            return Err(format!("{id}: {what}: no question '{qid}'"));
        };
        if q.kind != AnswerKind::Choice || !q.options.iter().any(|o| o.key == key) {
            return Err(format!("{id}: {what}: '{qid}' has no option '{key}'"));
        }
        Ok(())
    };
    let ty = t.type_question.as_str();
    choice(ty, &t.manual_type, "manual_type")?;
    choice(&t.secret_question, &t.no_secret, "no_secret")?;
    for q in &t.questions {
        for k in &q.types {
            choice(ty, k, &format!("question '{}' types", q.id))?;
        }
    }
    if t.rows.is_empty() {
        return bad("no rows".into());
    }
    for r in &t.rows {
        let what = format!("row {} ({})", r.id, r.article);
        let Some(q) = t.question(&r.question) else {
            return bad(format!("{what}: no question '{}'", r.question));
        };
        if r.article.trim().is_empty() || r.text.vi.trim().is_empty() || r.text.en.trim().is_empty()
        {
            return bad(format!("{what}: no article or text"));
        }
        let level_ok = match &r.when {
            Match::Components => r.level == 0,
            _ => (1..=5).contains(&r.level),
        };
        if !level_ok {
            return bad(format!("{what}: level {} is not 1–5", r.level));
        }
        match &r.when {
            Match::Answer(k) => choice(&r.question, k, &what)?,
            Match::Floor {
                answer,
                unless_rows,
            } => {
                choice(&r.question, answer, &what)?;
                for u in unless_rows {
                    if !t.rows.iter().any(|x| &x.id == u) {
                        return bad(format!("{what}: unknown row '{u}'"));
                    }
                }
            }
            Match::Count { min, below } => {
                if q.kind != AnswerKind::Count || below.is_some_and(|b| b <= *min) {
                    return bad(format!("{what}: not a count question or an empty range"));
                }
            }
            Match::Thresholds { limits, .. } => {
                if limits.is_empty() {
                    return bad(format!("{what}: no thresholds"));
                }
                for l in limits {
                    if t.question(&l.question).map(|q| q.kind) != Some(AnswerKind::Count) {
                        return bad(format!("{what}: '{}' is not a count question", l.question));
                    }
                }
            }
            Match::Components => {
                if q.kind != AnswerKind::Levels {
                    return bad(format!("{what}: '{}' is not a levels question", r.question));
                }
            }
        }
    }
    Ok(())
}

/// Checks that the tables follow each other without a gap or an overlap, oldest first.
fn check_sequence(tables: &[Table]) -> Result<(), String> {
    for w in tables.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let next = a.until.and_then(|u| u.succ_opt());
        if next != Some(b.from) {
            return Err(format!(
                "{} ends {:?} but {} starts {}: tables must follow each other",
                a.id, a.until, b.id, b.from
            ));
        }
    }
    if tables.last().is_some_and(|t| t.until.is_some()) {
        return Err("the newest wizard table must have no `until`".into());
    }
    Ok(())
}

/// Parses a set of tables (oldest first) and checks their dates.
pub fn parse_all<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<Table>, String> {
    let mut out = Vec::new();
    for (name, text) in files {
        out.push(parse(text).map_err(|e| format!("{name}: {e}"))?);
    }
    if out.is_empty() {
        return Err("no wizard table".into());
    }
    check_sequence(&out)?;
    Ok(out)
}

/// The embedded tables, oldest first. Checked by the tests, so failure is a build defect.
pub fn tables() -> &'static [Table] {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| {
        parse_all(EMBEDDED.iter().copied())
            .unwrap_or_else(|e| panic!("embedded wizard tables: {e}"))
    })
}

/// The table in force on `d` (the oldest before any starts).
pub fn in_force(d: NaiveDate) -> &'static Table {
    let all = tables();
    all.iter().find(|t| t.in_force_on(d)).unwrap_or(&all[0])
}

/// The table for the view's rules: the table in force on the first day of a pinned regime,
/// else on the reference date.
pub fn for_rules(rules: &crate::rules::RuleChoice, today: NaiveDate) -> &'static Table {
    if rules.pinned {
        in_force(rules.pack().in_force_from)
    } else {
        in_force(today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn embedded_tables_load_and_follow_each_other() {
        let t = tables();
        assert_eq!(t.len(), 2);
        assert_eq!(
            in_force(d(2026, 8, 18)).decree.vi,
            "Nghị định 85/2016/NĐ-CP"
        );
        assert_eq!(
            in_force(d(2026, 8, 19)).decree.vi,
            "Nghị định 331/2026/NĐ-CP"
        );
        assert_eq!(
            in_force(d(2030, 1, 1)).decree.vi,
            "Nghị định 331/2026/NĐ-CP"
        );
        assert_eq!(in_force(d(2000, 1, 1)).decree.vi, "Nghị định 85/2016/NĐ-CP");
    }

    #[test]
    fn pinned_rules_choose_the_regime_table() {
        let packs = crate::rules::Packs::embedded();
        for (pin, decree) in [
            ("nd85-2016", "Nghị định 85/2016/NĐ-CP"),
            ("nd331-2026", "Nghị định 331/2026/NĐ-CP"),
        ] {
            let c =
                crate::rules::RuleChoice::new(packs.clone(), d(2026, 11, 29), Some(pin)).unwrap();
            assert_eq!(for_rules(&c, d(2026, 11, 29)).decree.vi, decree);
        }
        let c = crate::rules::RuleChoice::new(packs, d(2026, 7, 1), None).unwrap();
        assert_eq!(
            for_rules(&c, d(2026, 7, 1)).decree.vi,
            "Nghị định 85/2016/NĐ-CP"
        );
    }

    #[test]
    fn bad_tables_are_refused() {
        let good = EMBEDDED[0].1;
        let nd331 = EMBEDDED[1].1;
        assert!(parse(good).is_ok());
        let cases: Vec<(String, &str)> = vec![
            (
                good.replace(
                    "when = { answer = \"harm\" }",
                    "when = { answer = \"hurt\" }",
                ),
                "no option 'hurt'",
            ),
            (
                good.replace("question = \"national_data\"", "question = \"nothing\""),
                "no question 'nothing'",
            ),
            (
                good.replace(
                    "level = 4\narticle = \"10.1\"",
                    "level = 6\narticle = \"10.1\"",
                ),
                "not 1–5",
            ),
            (
                good.replace("article = \"9.1\"", "article = \"\""),
                "no article",
            ),
            (
                good.replace("until = \"2026-08-18\"", "until = \"2015-01-01\""),
                "before `from`",
            ),
            (
                good.replace("types = [\"internal\"]", "types = [\"intern\"]"),
                "no option 'intern'",
            ),
            (
                good.replace("manual_type = \"other\"", "manual_type = \"khac\""),
                "manual_type",
            ),
            (
                good.replace("\"C6\", \"C7\"]", "\"C6\", \"C9\"]"),
                "unknown row 'C9'",
            ),
            (
                good.replace(
                    "when = { count = { min = 10000 } }",
                    "when = { count = { min = 10000, below = 10 } }",
                ),
                "empty range",
            ),
            (format!("{good}\nsurprise = 1\n"), "surprise"),
            (good.replace("id = \"users\"", "id = \"secret\""), "twice"),
            (
                nd331.replace(
                    "question = \"sensitive_subjects\", min",
                    "question = \"type\", min",
                ),
                "not a count",
            ),
        ];
        for (text, want) in cases {
            let e = parse(&text).expect_err(want);
            assert!(e.contains(want), "{want}: {e}");
        }
        // dates: a gap, an overlap, a newest table that ends
        let gap = nd331.replace("from = \"2026-08-19\"", "from = \"2026-09-01\"");
        assert!(parse_all([("a", good), ("b", gap.as_str())]).is_err());
        let over = nd331.replace("from = \"2026-08-19\"", "from = \"2026-08-01\"");
        assert!(parse_all([("a", good), ("b", over.as_str())]).is_err());
        assert!(parse_all([("a", good)]).is_err());
        assert!(parse_all([("a", good), ("b", nd331)]).is_ok());
    }
}
