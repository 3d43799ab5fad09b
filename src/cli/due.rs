//! `capdo due`, `capdo check` and the default screen: deadlines as a table, JSON or one line.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use super::output::{Styled, Table, style, term_width};
use super::{Env, Failure, emit_styled};
use crate::domain::engine::{self, Clock, Deadline, Status};
use crate::domain::{Dataset, Kind};
use crate::i18n::{self, Lang};
use crate::rules::RuleChoice;
use crate::store::Scope;
use crate::text::push_json_str;

/// The default "due soon" window in days.
pub const DEFAULT_WITHIN: i64 = 30;

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

pub fn run(env: &Env, a: &DueArgs) -> Result<ExitCode, Failure> {
    let (data, rules) = env.load(Scope::Deadlines)?;
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
        lang.pick("(chưa đặt tên đơn vị)", "(unit name not set)")
            .to_owned()
    } else {
        crate::text::sanitize(&data.profile.unit_name)
    };
    let pack = rules.pack().decree.get(lang);
    let pin = if rules.pinned {
        lang.pick(" [ghim]", " [pinned]")
    } else {
        ""
    };
    match lang {
        Lang::Vi => format!(
            "{unit} — ngày {} — {pack}{pin}\n{overdue} quá hạn, {soon} sắp đến hạn trong {within} ngày\n",
            i18n::date(env.today())
        ),
        Lang::En => format!(
            "{unit} — {} — {pack}{pin}\n{overdue} overdue, {soon} due within {}\n",
            i18n::date(env.today()),
            i18n::en_count(usize::try_from(within).unwrap_or(0), "day", "days")
        ),
    }
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
        out.styled(
            lang.pick(
                "Không có việc nào quá hạn hoặc sắp đến hạn.",
                "Nothing overdue or due soon.",
            ),
            style::OK,
        );
        out.push("\n");
        return out;
    }
    let mut t = Table::new(
        [
            lang.pick("", ""),
            lang.pick("Hạn", "Due"),
            lang.pick("Còn lại", "Left"),
            lang.pick("Loại", "Kind"),
            lang.pick("Hệ thống", "System"),
            lang.pick("Nội dung", "What"),
        ]
        .map(str::to_owned)
        .to_vec(),
    );
    for d in items {
        let left = match (d.kind, d.hours_left(env.clock.now), d.days_left) {
            (Kind::Incident, Some(h), _) if h.abs() < 96 => i18n::hours_left(lang, h),
            (_, _, Some(days)) => i18n::days_left(lang, days),
            (_, _, None) => lang.pick("chưa từng", "never").to_owned(),
        };
        let due = match (d.due_at, d.due_on) {
            (Some(at), _) => at.format("%d/%m/%Y %H:%M").to_string(),
            (None, Some(on)) => i18n::date(on),
            (None, None) => "—".to_owned(),
        };
        let mut title = d.title(data, rules, lang);
        if why {
            title = match d.note(rules, lang) {
                Some(n) => format!("{title} [{} — {n}]", d.basis(data, rules, lang)),
                None => format!("{title} [{}]", d.basis(data, rules, lang)),
            };
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
    out.append(t.render(
        if why { None } else { term_width() },
        &|i| match statuses[i] {
            Status::Overdue => Some(style::OVERDUE),
            Status::DueSoon => Some(style::SOON),
            Status::Upcoming => None,
        },
    ));
    out
}

pub fn check(env: &Env, a: &CheckArgs) -> Result<ExitCode, Failure> {
    let (data, rules) = env.load(Scope::Deadlines)?;
    // only what is overdue or due soon counts, and the most urgent of it is named
    let items = engine::deadlines_where(&data, &rules, env.clock, a.within, |d| {
        d.status != Status::Upcoming
    });
    let overdue = items.iter().filter(|d| d.status == Status::Overdue).count();
    let soon = items.iter().filter(|d| d.status == Status::DueSoon).count();
    let first = items.iter().find(|d| d.status != Status::Upcoming);
    let lang = env.lang;
    let mut line = match lang {
        Lang::Vi => format!(
            "capdo: {overdue} quá hạn, {soon} sắp đến hạn trong {} ngày",
            a.within
        ),
        Lang::En => format!(
            "capdo: {overdue} overdue, {soon} due within {}",
            i18n::en_count(usize::try_from(a.within).unwrap_or(0), "day", "days")
        ),
    };
    if let Some(d) = first {
        let when = d
            .days_left
            .map(|x| i18n::days_left(lang, x))
            .unwrap_or_else(|| lang.pick("chưa từng", "never").into());
        line.push_str(&format!(
            " — {}: {} ({when})",
            lang.pick("gấp nhất", "most urgent"),
            crate::text::sanitize(&d.title(&data, &rules, lang))
        ));
    }
    if a.quiet && overdue == 0 && soon == 0 {
        return Ok(ExitCode::SUCCESS);
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
        2
    } else if soon > 0 {
        1
    } else {
        0
    }))
}

#[cfg(test)]
mod tests {
    use super::JsonItem;
    use crate::text::push_json_str;
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
}
