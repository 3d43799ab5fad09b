//! `capdo calendar list|add`: the working-day calendar (public holidays, make-up days, the
//! officer's own days) that every working-day limit is counted on.

use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, Weekday};
use clap::{Args, Subcommand};
use serde_json::json;

use super::{Env, Failure, emit};
use crate::domain::CalendarDay;
use crate::domain::dates::{DateError, parse_date};
use crate::i18n::msg::{cli, cli::calendar as m};
use crate::i18n::{self, Lang};
use crate::rules::calendar::{Calendar, Confidence, Day};
use crate::store::{Access, StoreError};
use crate::text::{clean, sanitize};

#[derive(Debug, Args)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, Subcommand)]
pub enum What {
    /// The days off on weekdays and the make-up working days, with their sources.
    List(ListArgs),
    /// Add a day: a local day off (default) or, with --working, a make-up working day.
    Add(AddArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this year.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The day (dd/mm/yyyy or YYYY-MM-DD).
    pub date: String,
    /// Why: the decision or notice that sets it.
    #[arg(long, value_name = "TEXT")]
    pub note: String,
    /// A make-up working day (a Saturday or Sunday worked) instead of a day off.
    #[arg(long)]
    pub working: bool,
}

/// The longest note kept.
const NOTE_MAX: usize = 200;

pub fn run(env: &Env, a: &CalendarArgs) -> Result<ExitCode, Failure> {
    match &a.what {
        What::List(l) => list(env, l),
        What::Add(x) => add(env, x),
    }
}

/// "T2" … "CN" / "Mon" … "Sun".
fn weekday(d: NaiveDate, lang: Lang) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    [m::MON, m::TUE, m::WED, m::THU, m::FRI, m::SAT, m::SUN][i].text(lang)
}

/// "thứ Hai" … "Chủ nhật" / "Monday" … "Sunday".
fn weekday_long(d: NaiveDate, lang: Lang) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    [
        m::MONDAY,
        m::TUESDAY,
        m::WEDNESDAY,
        m::THURSDAY,
        m::FRIDAY,
        m::SATURDAY,
        m::SUNDAY,
    ][i]
        .text(lang)
}

/// `text` wrapped to 80 terminal cells (the width it is read at, on paper too), each line
/// after `indent` spaces.
fn wrap(text: &str, indent: usize) -> String {
    // one space between words, as the officer's note may have typed more
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let line = format!("{}{}", " ".repeat(indent), words.join(" "));
    crate::text::wrap(&line, 80, indent) + "\n"
}

fn kind(working: bool, lang: Lang) -> &'static str {
    if working { m::WORKED } else { m::OFF }.text(lang)
}

fn list(env: &Env, a: &ListArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let store = env.open(Access::ReadWrite)?;
    let local = store
        .calendar_days()
        .map_err(|e| Failure::store(&e, lang))?;
    let cal = Calendar::with_local(&local);
    let days: Vec<&Day> = cal.days(a.year).collect();
    if a.json {
        let v: Vec<_> = days
            .iter()
            .map(|d| {
                json!({
                    "date": d.date.to_string(),
                    "kind": if d.working { "working" } else { "off" },
                    "what": {"vi": d.what.vi, "en": d.what.en},
                    "source": d.source,
                    "confidence": d.confidence.key(),
                    "note": d.note.as_ref().map(|n| json!({"vi": n.vi, "en": n.en})),
                    "origin": if d.confidence == Confidence::Officer { "officer" } else { "embedded" },
                })
            })
            .collect();
        super::emit_json(&serde_json::Value::Array(v))?;
        return Ok(ExitCode::SUCCESS);
    }
    let (first, last) = cal.years();
    let basis = cal.basis.get(lang);
    let head = m::Heading { first, last, basis }.text(lang);
    let mut out = wrap(&head, 0);
    if let Some(y) = a.year
        && !(first..=last).contains(&y)
    {
        out.push_str(&wrap(&m::NoYear { year: y }.text(lang), 0));
    }
    // consecutive days of one announcement on one line
    let mut i = 0;
    let mut year = None;
    while i < days.len() {
        let d = days[i];
        let mut j = i;
        while j + 1 < days.len() {
            let n = days[j + 1];
            if Some(n.date) == days[j].date.succ_opt()
                && n.working == d.working
                && n.what == d.what
                && n.source == d.source
                && n.confidence == d.confidence
            {
                j += 1;
            } else {
                break;
            }
        }
        let end = days[j].date;
        if year != Some(d.date.year()) {
            year = Some(d.date.year());
            out.push_str(&format!("\n{}\n", d.date.year()));
        }
        let when = if end == d.date {
            format!("{} {}", i18n::date(d.date), weekday(d.date, lang))
        } else {
            format!(
                "{} {} – {} {}",
                i18n::date(d.date),
                weekday(d.date, lang),
                i18n::date(end),
                weekday(end, lang)
            )
        };
        let head = format!("{when} {}: {}", kind(d.working, lang), d.what.get(lang));
        out.push_str(&wrap(&sanitize(&head), 2));
        let mut why = Vec::new();
        if !d.source.is_empty() {
            why.push(d.source.clone());
        }
        why.push(d.confidence.label(lang).to_owned());
        if let Some(n) = &d.note {
            why.push(format!("⚠ {}", n.get(lang)));
        }
        out.push_str(&wrap(&sanitize(&why.join(" · ")), 6));
        i = j + 1;
    }
    if days.is_empty() {
        out.push_str(m::NO_DAYS.text(lang));
        out.push('\n');
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Checks the arguments of `add`; every problem, named by its argument.
fn check_add(a: &AddArgs, lang: Lang) -> Result<CalendarDay, Vec<String>> {
    let mut errs = Vec::new();
    let date = match parse_date(&a.date) {
        Ok(d) if (2000..=2100).contains(&d.year()) => Some(d),
        Ok(_) => {
            errs.push(m::YearRange { value: &a.date }.text(lang));
            None
        }
        Err(e) => {
            let value = &a.date;
            errs.push(match e {
                DateError::NoSuchDay => m::NoSuchDay { value }.text(lang),
                DateError::Format => m::NotADate { value }.text(lang),
            });
            None
        }
    };
    let note = clean(&a.note);
    if note.is_empty() {
        errs.push(m::NOTE_MISSING.text(lang).to_owned());
    } else if note.chars().count() > NOTE_MAX {
        errs.push(m::NoteTooLong { max: NOTE_MAX }.text(lang));
    } else if note.chars().any(char::is_control) {
        errs.push(m::NOTE_CONTROL.text(lang).to_owned());
    }
    if let Some(d) = date {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        // a listed make-up Saturday may be cancelled by a local day off
        let listed_working = Calendar::embedded()
            .days(Some(d.year()))
            .any(|x| x.date == d && x.working);
        let (date, weekday) = (i18n::date(d), weekday_long(d, lang));
        if a.working && !weekend {
            errs.push(m::WorkingOnWeekday { date, weekday }.text(lang));
        } else if !a.working && weekend && !listed_working {
            errs.push(m::OffOnWeekend { date, weekday }.text(lang));
        }
    }
    match date {
        Some(date) if errs.is_empty() => Ok(CalendarDay {
            date,
            working: a.working,
            note,
        }),
        _ => Err(errs),
    }
}

fn add(env: &Env, a: &AddArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    // `--read-only` is refused before this runs (record::refuse_read_only)
    let day = check_add(a, lang).map_err(|errs| {
        let mut s = String::from("\n");
        for e in &errs {
            s.push_str(e);
            s.push('\n');
        }
        let problems = i18n::count_of(lang, errs.len(), cli::PROBLEMS_ONE, cli::PROBLEMS);
        s.push_str(&cli::NothingWritten { problems }.text(lang));
        Failure::input(s)
    })?;
    let mut store = env.open(Access::ReadWrite)?;
    let replaced = store
        .set_calendar_day(&env.write_ctx(), &day)
        .map_err(|e| match e {
            e @ StoreError::Refused { .. } => Failure::input(e.message(lang)),
            e => Failure::store(&e, lang),
        })?;
    let local = store
        .calendar_days()
        .map_err(|e| Failure::store(&e, lang))?;
    let (first, last) = Calendar::with_local(&local).years();
    let (date, weekday) = (i18n::date(day.date), weekday_long(day.date, lang));
    let note = sanitize(&day.note);
    let done = match (replaced, day.working) {
        (false, false) => m::AddedOff {
            date,
            weekday,
            note,
            first,
            last,
        }
        .text(lang),
        (false, true) => m::AddedWorking {
            date,
            weekday,
            note,
            first,
            last,
        }
        .text(lang),
        (true, false) => m::ReplacedOff {
            date,
            weekday,
            note,
            first,
            last,
        }
        .text(lang),
        (true, true) => m::ReplacedWorking {
            date,
            weekday,
            note,
            first,
            last,
        }
        .text(lang),
    };
    emit(&(done + "\n"))?;
    Ok(ExitCode::SUCCESS)
}
