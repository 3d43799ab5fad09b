//! `capdo due`, `capdo check` and the default screen: deadlines as a table, JSON or one line.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::output::{Styled, Table, style, term_width};
use super::{Env, ExitStatus, Failure, emit_styled};
use crate::domain::engine::{self, Clock, Deadline, Status};
use crate::domain::{Dataset, Kind};
use crate::i18n::msg::{cli::due as m, common};
use crate::i18n::{self, Lang};
use crate::rules::RuleChoice;
use crate::store::{Access, Scope};
use crate::text::push_json_str;

pub use crate::app::export::DEFAULT_WITHIN;

#[derive(Debug, Args)]
pub struct DueArgs {
    /// The "due soon" window in days.
    #[arg(long, default_value_t = DEFAULT_WITHIN, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(0..=36500))]
    pub within: i64,
    /// List every item, upcoming ones too.
    #[arg(long)]
    pub all: bool,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Add the legal basis of each item under it.
    #[arg(long)]
    pub why: bool,
    /// Only the items of this unit (a merged unit's name, or this unit's own name).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The "due soon" window in days.
    #[arg(long, default_value_t = DEFAULT_WITHIN, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(0..=36500))]
    pub within: i64,
    /// Print nothing when nothing is due (for a login script); else the one line.
    #[arg(long, short)]
    pub quiet: bool,
}

/// One item of `due --json`: exactly the contract's keys.
#[derive(Serialize)]
pub struct JsonItem<'a> {
    pub kind: &'static str,
    pub system: Option<&'a str>,
    pub title: String,
    pub due_on: Option<String>,
    pub days_left: Option<i64>,
    pub status: &'static str,
    pub basis: std::borrow::Cow<'a, str>,
}

impl<'a> JsonItem<'a> {
    pub fn new(d: &Deadline, data: &'a Dataset, rules: &'a RuleChoice, lang: Lang) -> JsonItem<'a> {
        JsonItem {
            kind: d.kind.key(),
            system: d.system_code(data),
            title: d.title(data, rules, lang),
            due_on: d.due_on.map(crate::domain::dates::iso),
            days_left: d.days_left,
            status: d.status.key(),
            basis: d.basis_cow(data, rules, lang),
        }
    }
}

impl JsonItem<'_> {
    /// Appends the item as serde_json writes it (the same bytes, see the tests), faster: a
    /// string that needs no escape, the usual case, is copied whole instead of byte by byte.
    fn write_json(&self, out: &mut String) {
        let null = |out: &mut String| out.push_str("null");
        out.push_str("{\"kind\":");
        push_json_str(out, self.kind);
        out.push_str(",\"system\":");
        match self.system {
            Some(s) => push_json_str(out, s),
            None => null(out),
        }
        out.push_str(",\"title\":");
        push_json_str(out, &self.title);
        out.push_str(",\"due_on\":");
        match &self.due_on {
            Some(s) => push_json_str(out, s),
            None => null(out),
        }
        out.push_str(",\"days_left\":");
        match self.days_left {
            Some(n) => out.push_str(&n.to_string()),
            None => null(out),
        }
        out.push_str(",\"status\":");
        push_json_str(out, self.status);
        out.push_str(",\"basis\":");
        push_json_str(out, &self.basis);
        out.push('}');
    }
}

/// The items `due` lists: overdue and due soon, or with `all` every one; most urgent first.
fn selected(
    data: &Dataset,
    rules: &RuleChoice,
    clock: Clock,
    within: i64,
    all: bool,
) -> Vec<Deadline> {
    engine::deadlines_where(data, rules, clock, within, |d| {
        all || d.status != Status::Upcoming
    })
}

/// Per level, the latest assessment baseline (last assessment, else approval) whose periodic
/// assessment is overdue or due within `within` days on `today`: a later one gives an upcoming
/// item, so `Store::load_urgent` can leave its system unread.
fn urgent_cutoffs(
    rules: &RuleChoice,
    months: Option<[u32; 5]>,
    today: NaiveDate,
    within: i64,
) -> [NaiveDate; 5] {
    let pack = rules.pack();
    std::array::from_fn(|i| {
        let Some(level) = crate::domain::Level::new(i as i64 + 1) else {
            return NaiveDate::MIN;
        };
        let m = pack.interval_months(level, months);
        let listed = |b: NaiveDate| {
            let due = crate::domain::dates::add_months(b, m);
            let left = crate::domain::dates::days_between(today, due);
            Status::classify(Some(left), within) != Status::Upcoming
        };
        // `within` days ahead, `m` months back; then the few days of month-end clamping
        let mut c = (today + chrono::Days::new(within.unsigned_abs()))
            .checked_sub_months(chrono::Months::new(m))
            .unwrap_or(NaiveDate::MIN);
        for _ in 0..62 {
            match c.pred_opt() {
                Some(p) if !listed(c) => c = p,
                _ => break,
            }
        }
        for _ in 0..62 {
            match c.succ_opt() {
                Some(n) if listed(n) => c = n,
                _ => break,
            }
        }
        c
    })
}

/// Systems approved before this date carry a transition clock (Law 116 Art. 45.1: levelled
/// systems meet the new conditions) that is overdue or due within `within` days: they must be
/// read whatever their assessments. `NaiveDate::MIN` when no such clock is near.
fn urgent_approved_before(rules: &RuleChoice, today: NaiveDate, within: i64) -> NaiveDate {
    let horizon = today + chrono::Days::new(within.unsigned_abs());
    rules
        .pack()
        .transitions
        .iter()
        .filter(|t| t.applies == crate::rules::Applies::Levelled && t.due() <= horizon)
        .map(|t| t.start)
        .max()
        .unwrap_or(NaiveDate::MIN)
}

/// `Env::load` for a list of the overdue and due-soon items only: the systems whose items
/// would all be upcoming are left in the store (see `Store::load_urgent`).
fn load_urgent(env: &Env, within: i64) -> Result<(Dataset, RuleChoice), Failure> {
    let store = env.open(Access::ReadWrite)?;
    store.read_once();
    let fail = |e: crate::store::StoreError| Failure::store(&e, env.lang);
    let profile = store.profile().map_err(fail)?;
    let rules = env.rules(profile.pinned_pack.as_deref())?;
    let cutoff = urgent_cutoffs(&rules, profile.assessment_months, env.today(), within);
    let before = urgent_approved_before(&rules, env.today(), within);
    let data = store
        .load_urgent(profile, env.today(), &cutoff, before)
        .map_err(fail)?;
    Ok((data, rules))
}

pub fn run(env: &Env, a: &DueArgs) -> Result<ExitCode, Failure> {
    let (data, rules) = if a.json && !a.all && a.unit.is_none() {
        load_urgent(env, a.within)?
    } else {
        env.load(Scope::Deadlines)?
    };
    let items = selected(&data, &rules, env.clock, a.within, a.all);
    let items = super::bundle::only_unit(items, &data, a.unit.as_deref(), env.lang)?;
    if a.json {
        // one object per line: compact for scripts, still readable, streamed as it is made
        let mut out = super::Streamed::new();
        let mut piece = String::with_capacity(1024);
        out.put(b"[")?;
        for (n, d) in items.iter().enumerate() {
            piece.clear();
            piece.push_str(if n == 0 { "\n" } else { ",\n" });
            JsonItem::new(d, &data, &rules, env.lang).write_json(&mut piece);
            out.put(piece.as_bytes())?;
        }
        out.put(if items.is_empty() { b"]\n" } else { b"\n]\n" })?;
        out.finish()?;
    } else {
        emit_styled(&table(env, &data, &rules, &items, a.within, a.why))?;
    }
    // the process ends now: freeing 10,000 systems one allocation at a time would cost more
    // than the output did (a tenth of `due --json`'s time), and the OS takes the memory back
    std::mem::forget(items);
    std::mem::forget(data);
    Ok(ExitCode::SUCCESS)
}

/// The heading line: unit, date, pack, counts.
fn heading(
    env: &Env,
    data: &Dataset,
    rules: &RuleChoice,
    items: &[Deadline],
    within: i64,
) -> String {
    let lang = env.lang;
    let overdue = items.iter().filter(|d| d.status == Status::Overdue).count();
    let soon = items.iter().filter(|d| d.status == Status::DueSoon).count();
    let unit = if data.profile.unit_name.is_empty() {
        m::UNNAMED_UNIT.text(lang).to_owned()
    } else {
        crate::text::sanitize(&data.profile.unit_name)
    };
    let pack = rules.pack().decree.get(lang);
    let pin = if rules.pinned {
        m::PINNED.text(lang)
    } else {
        ""
    };
    let date = i18n::date(env.today());
    let days = days(lang, within);
    format!(
        "{}\n{}\n",
        m::Heading {
            unit,
            date,
            pack,
            pin
        }
        .text(lang),
        m::Counts {
            overdue: i18n::int(lang, overdue as i64),
            soon: i18n::int(lang, soon as i64),
            days
        }
        .text(lang)
    )
}

/// "30 ngày" / "30 days" / "1 day".
fn days(lang: Lang, n: i64) -> String {
    i18n::count_of(lang, usize::try_from(n).unwrap_or(0), m::DAY_ONE, m::DAY)
}

fn table(
    env: &Env,
    data: &Dataset,
    rules: &RuleChoice,
    items: &[Deadline],
    within: i64,
    why: bool,
) -> Styled {
    let lang = env.lang;
    let mut out = Styled::new();
    out.styled(&heading(env, data, rules, items, within), style::HEAD);
    out.push("\n");
    if items.is_empty() {
        out.styled(m::NOTHING_DUE.text(lang), style::OK);
        out.push("\n");
        return out;
    }
    let width = term_width();
    let mut t = Table::new(
        [
            "",
            common::DUE.text(lang),
            m::COL_LEFT.text(lang),
            common::KIND.text(lang),
            common::SYSTEM.text(lang),
            m::COL_WHAT.text(lang),
        ]
        .map(str::to_owned)
        .to_vec(),
    );
    for d in items {
        let left = match (d.kind, d.hours_left(env.clock.now), d.days_left) {
            (Kind::Incident, Some(h), _) if h.abs() < 96 => i18n::hours_left(lang, h),
            (_, _, Some(days)) => i18n::days_left(lang, days),
            (_, _, None) => common::NEVER.text(lang).to_owned(),
        };
        let due = match (d.due_at, d.due_on) {
            (Some(at), _) => at.format("%d/%m/%Y %H:%M").to_string(),
            (None, Some(on)) => i18n::date(on),
            (None, None) => "—".to_owned(),
        };
        let mut title = d.title(data, rules, lang);
        if why {
            let basis = match d.note(rules, lang) {
                Some(n) => format!("{} — {n}", d.basis(data, rules, lang)),
                None => d.basis(data, rules, lang).to_string(),
            };
            // on a terminal the basis goes on its own lines under the item; through a pipe
            // it stays on the item's line, in brackets, for scripts
            if width.is_some() {
                t.under.push(basis);
            } else {
                title = format!("{title} [{basis}]");
            }
        }
        t.push(vec![
            d.status.symbol().to_owned(),
            due,
            left,
            d.kind.label(lang).to_owned(),
            d.system_code(data).unwrap_or("—").to_owned(),
            title,
        ]);
    }
    if super::bundle::multi_unit(data) {
        let units = items
            .iter()
            .map(|d| super::bundle::unit_label(data, super::bundle::item_unit(d, data), lang))
            .collect();
        super::bundle::add_unit_column(&mut t, 4, units, lang);
    }
    let statuses: Vec<Status> = items.iter().map(|d| d.status).collect();
    out.append(t.render(width, &|i| match statuses[i] {
        Status::Overdue => Some(style::OVERDUE),
        Status::DueSoon => Some(style::SOON),
        Status::Upcoming => None,
    }));
    out
}

pub fn check(env: &Env, a: &CheckArgs) -> Result<ExitCode, Failure> {
    let (data, rules) = load_urgent(env, a.within)?;
    // only what is overdue or due soon counts, and the most urgent of it is named
    let items = engine::deadlines_where(&data, &rules, env.clock, a.within, |d| {
        d.status != Status::Upcoming
    });
    let overdue = items.iter().filter(|d| d.status == Status::Overdue).count();
    let soon = items.iter().filter(|d| d.status == Status::DueSoon).count();
    let first = items.iter().find(|d| d.status != Status::Upcoming);
    let lang = env.lang;
    let days = days(lang, a.within);
    let mut line = m::CheckLine {
        overdue: i18n::int(lang, overdue as i64),
        soon: i18n::int(lang, soon as i64),
        days,
    }
    .text(lang);
    if let Some(d) = first {
        let when = d
            .days_left
            .map(|x| i18n::days_left(lang, x))
            .unwrap_or_else(|| common::NEVER.text(lang).into());
        let title = crate::text::sanitize(&d.title(&data, &rules, lang));
        line.push_str(&m::MostUrgent { title, when }.text(lang));
    }
    if a.quiet && overdue == 0 && soon == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    // on a terminal the line breaks between words, the rest under the counts
    if let Some(max) = term_width() {
        line = crate::text::wrap(&line, max, 2);
    }
    let mut out = Styled::new();
    out.styled(
        &line,
        if overdue > 0 {
            style::OVERDUE
        } else if soon > 0 {
            style::SOON
        } else {
            style::OK
        },
    );
    out.push("\n");
    emit_styled(&out)?;
    Ok(ExitCode::from(if overdue > 0 {
        ExitStatus::Overdue
    } else if soon > 0 {
        ExitStatus::DueSoon
    } else {
        ExitStatus::Ok
    }))
}

#[cfg(test)]
mod tests {
    use super::{JsonItem, selected, urgent_approved_before, urgent_cutoffs};
    use crate::domain::engine::Clock;
    use crate::rules::{Packs, RuleChoice};
    use crate::store::{Access, Scope, Store};
    use crate::text::push_json_str;
    use chrono::NaiveDate;
    use std::borrow::Cow;

    #[test]
    fn hand_written_json_is_serde_json_byte_for_byte() {
        let texts = [
            "",
            "Cổng thông tin điện tử xã",
            "say \"hi\"",
            "back\\slash",
            "tab\there\nline\r\u{1b}[2J\u{7}\u{0}",
            "\u{7f}\u{9b}\u{202e}…–✖",
        ];
        for t in texts {
            let mut mine = String::new();
            push_json_str(&mut mine, t);
            assert_eq!(
                mine.as_bytes(),
                serde_json::to_vec(t).unwrap_or_default(),
                "{t:?}"
            );
            for (system, due_on, days_left) in [
                (Some(t), Some("2026-11-29".to_owned()), Some(-790i64)),
                (None, None, None),
                (Some("HT-1"), Some(t.to_owned()), Some(0)),
            ] {
                let item = JsonItem {
                    kind: "assessment",
                    system,
                    title: format!("{t} tiêu đề"),
                    due_on,
                    days_left,
                    status: "overdue",
                    basis: Cow::Borrowed(t),
                };
                let mut mine = String::new();
                item.write_json(&mut mine);
                assert_eq!(
                    mine,
                    String::from_utf8_lossy(&serde_json::to_vec(&item).unwrap_or_default())
                );
            }
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// A store where most systems are as capdo writes them (a tenth odd: dossier in progress,
    /// dates not `YYYY-MM-DD`, never assessed), on days without a transition clock near: the
    /// systems are read through the indexes (their ids, then their rows by id) and `due` lists
    /// the same as from every system; and it reads fewer systems.
    #[test]
    fn urgent_load_through_the_indexes_lists_what_the_full_load_lists() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(
            &dir.path().join("u.sqlite3"),
            Access::ReadWrite,
            day(2026, 11, 29),
        )
        .expect("open");
        let assessed = [
            "2023-02-28",
            "2024-02-29",
            "2024-11-30",
            "2024-12-31",
            "2025-05-31",
            "2025-11-29",
            "2026-01-31",
            "2026-06-30",
            "2026-11-29",
        ];
        for i in 0..800usize {
            let odd = i % 10 == 0;
            let last = match (odd, i % 30) {
                (true, 0) => None,
                (true, 10) => Some("2024-1-5".to_owned()),
                _ => Some(assessed[(i * 7) % assessed.len()].to_owned()),
            };
            store
                .db()
                .execute(
                    "INSERT INTO system (code, name, relation, level, dossier_state, plan_status, \
                     approved_on, go_live_on, decommissioned_on, last_assessed_on, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, 'full', '2022-03-01', ?6, ?7, ?8, \
                     '2026-11-29T08:00:00', '2026-11-29T08:00:00')",
                    crate::store::sql::params![
                        format!("HT-{:03}", (i * 37) % 800),
                        format!("Hệ thống {i}"),
                        if i % 17 == 0 { "used" } else { "owned" },
                        (i % 5 + 1) as i64,
                        if odd && i % 20 == 0 { "submitted" } else { "approved" },
                        if i % 11 == 0 { "2027-01-15" } else { "2022-06-01" },
                        (i % 13 == 0).then_some("2025-12-31"),
                        last,
                    ],
                )
                .expect("system");
        }
        let profile = store.profile().expect("profile");
        let full = store.load(Scope::Deadlines).expect("full");
        for today in [day(2026, 11, 29), day(2026, 12, 20)] {
            let rules = RuleChoice::new(Packs::embedded(), today, None).expect("rules");
            let clock = Clock {
                today,
                now: today.and_hms_opt(9, 0, 0).unwrap_or_default(),
            };
            for within in [0, 1, 30] {
                let cutoff = urgent_cutoffs(&rules, profile.assessment_months, today, within);
                let before = urgent_approved_before(&rules, today, within);
                assert_eq!(
                    before,
                    NaiveDate::MIN,
                    "{today} {within}: a transition clock is near"
                );
                let lean = store
                    .load_urgent(profile.clone(), today, &cutoff, before)
                    .expect("urgent");
                assert!(lean.systems.windows(2).all(|w| w[0].id < w[1].id));
                assert!(
                    lean.systems.len() < full.systems.len(),
                    "{}",
                    lean.systems.len()
                );
                let key = |data: &crate::domain::Dataset,
                           items: &[crate::domain::engine::Deadline]| {
                    items
                        .iter()
                        .map(|d| JsonItem::new(d, data, &rules, crate::i18n::Lang::Vi).title)
                        .collect::<Vec<_>>()
                };
                let want = selected(&full, &rules, clock, within, false);
                let got = selected(&lean, &rules, clock, within, false);
                assert!(!want.is_empty());
                assert_eq!(
                    key(&lean, &got),
                    key(&full, &want),
                    "{today} within {within}"
                );
            }
        }
    }

    /// Reading only the systems that can be listed gives the same `due --json` items, in the
    /// same order, and the same `check` counts, as reading every system: on a store with every
    /// kind of value (odd and invalid date texts, missing levels and baselines, future go-live,
    /// decommissioned, used systems, incidents and officer's deadlines naming systems), on
    /// several dates and windows, month ends included; and it reads fewer systems.
    #[test]
    fn urgent_load_lists_what_the_full_load_lists() {
        let dir = tempfile::tempdir().expect("tempdir");
        let open_day = day(2026, 11, 29);
        let store =
            Store::open(&dir.path().join("u.sqlite3"), Access::ReadWrite, open_day).expect("open");
        let dates = [
            None,
            Some("2019-02-28"),
            Some("2022-08-31"),
            Some("2024-02-29"),
            Some("2024-11-30"),
            Some("2024-12-31"),
            Some("2025-05-31"),
            Some("2025-11-29"),
            Some("2026-01-31"),
            Some("2026-06-30"),
            Some("2026-11-29"),
            Some("2026-12-15"),
            Some("2027-03-01"),
            Some("2024-1-5"),
            Some(""),
            Some("2024-02-30"),
            Some("2024-13-01"),
            Some("khi nào"),
        ];
        let pick = |i: usize, k: usize| dates[(i * 7 + k * 5 + i / 11) % dates.len()];
        for i in 0..900usize {
            store
                .db()
                .execute(
                    "INSERT INTO system (code, name, relation, level, dossier_state, plan_status, \
                     approved_on, go_live_on, decommissioned_on, last_assessed_on, created_at, updated_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, '2026-11-29T08:00:00', '2026-11-29T08:00:00')",
                    crate::store::sql::params![
                        format!("HT-{:03}", (i * 37) % 900),
                        format!("Hệ thống {i}"),
                        if i % 13 == 0 { "used" } else { "owned" },
                        (i % 7 != 6).then_some((i % 7 % 5 + 1) as i64),
                        if i % 9 == 0 { "submitted" } else { "approved" },
                        if i % 10 == 0 { "partial" } else { "full" },
                        pick(i, 0),
                        if i % 4 == 0 { pick(i, 1) } else { None },
                        if i % 6 == 0 { pick(i, 2) } else { None },
                        if i % 3 == 0 { None } else { pick(i, 3) },
                    ],
                )
                .expect("system");
        }
        for (k, id) in [1i64, 14, 27, 300].into_iter().enumerate() {
            store
                .db()
                .execute(
                    "INSERT INTO incident (system_id, title, detected_at, kind) VALUES (?1, ?2, ?3, 'malware')",
                    crate::store::sql::params![id, format!("Sự cố {k}"), format!("2026-11-2{k}T09:00:00")],
                )
                .expect("incident");
        }
        store
            .db()
            .execute(
                "INSERT INTO custom_deadline (title, due_on, system_id) VALUES ('Việc riêng', '2027-05-01', 40)",
                crate::store::sql::params![],
            )
            .expect("custom");
        let profile = store.profile().expect("profile");
        let json = |data: &crate::domain::Dataset, rules: &RuleChoice, items: &[_]| {
            let mut out = String::new();
            for d in items {
                JsonItem::new(d, data, rules, crate::i18n::Lang::Vi).write_json(&mut out);
                out.push('\n');
            }
            out
        };
        let full = store.load(Scope::Deadlines).expect("full");
        for today in [
            day(2026, 11, 29),
            day(2026, 2, 28),
            day(2025, 12, 31),
            day(2027, 3, 1),
        ] {
            let rules = RuleChoice::new(Packs::embedded(), today, None).expect("rules");
            let clock = Clock {
                today,
                now: today.and_hms_opt(9, 0, 0).unwrap_or_default(),
            };
            for within in [0, 1, 30, 365, 36500] {
                let cutoff = urgent_cutoffs(&rules, profile.assessment_months, today, within);
                let before = urgent_approved_before(&rules, today, within);
                let lean = store
                    .load_urgent(profile.clone(), today, &cutoff, before)
                    .expect("urgent");
                let want = selected(&full, &rules, clock, within, false);
                let got = selected(&lean, &rules, clock, within, false);
                assert!(!want.is_empty());
                let (got, want) = (json(&lean, &rules, &got), json(&full, &rules, &want));
                // the first line that differs, not two pages of JSON
                let first = got.lines().zip(want.lines()).find(|(g, w)| g != w);
                assert_eq!(first, None, "{today} within {within}");
                assert_eq!(got.len(), want.len(), "{today} within {within}");
                if within <= 30 {
                    assert!(
                        lean.systems.len() < full.systems.len() * 3 / 4,
                        "{today} within {within}: read {} of {}",
                        lean.systems.len(),
                        full.systems.len()
                    );
                }
            }
        }
    }
}
