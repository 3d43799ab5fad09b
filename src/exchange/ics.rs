//! The calendar feed: every dated deadline item as an iCalendar (RFC 5545) event with reminders.
//!
//! Written by hand (a few dozen lines): the format needs CRLF line ends, TEXT escapes and lines
//! folded at 75 octets without splitting a UTF-8 sequence, and nothing else from a library.
//! Each event's UID is derived from the item's identity (kind, unit, system, rule, occurrence),
//! never from its title or date, so a re-exported file updates the events a calendar already
//! holds instead of adding copies.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

use crate::domain::Dataset;
use crate::domain::engine::{Deadline, Subject};
use crate::i18n::{self, Lang, msg};
use crate::rules::RuleChoice;

/// The reminders when none are chosen: 7 days and 1 day before.
pub const DEFAULT_REMIND: [u32; 2] = [7, 1];

/// The longest line, in octets, before folding (RFC 5545 §3.1), CRLF not counted.
const FOLD_AT: usize = 75;

/// What goes into the file besides the items.
pub struct Feed<'a> {
    pub lang: Lang,
    /// Days before the due date at which the calendar reminds (each becomes a VALARM).
    pub remind: &'a [u32],
    /// The moment the file is made, in UTC (DTSTAMP); read from the clock at the program's edge.
    pub stamp_utc: NaiveDateTime,
}

/// The identity of an item, stable across exports: what it is about, never its words or date.
pub fn identity(d: &Deadline, data: &Dataset, rules: &RuleChoice) -> String {
    let sys = |i: usize| {
        let s = &data.systems[i];
        format!("{}\u{1f}{}", s.unit, s.code)
    };
    match d.subject {
        Subject::Assessment { system, .. } => format!("assessment\u{1e}{}", sys(system)),
        Subject::Approval { system } => format!("approval\u{1e}{}", sys(system)),
        Subject::Plan { system } => format!("plan\u{1e}{}", sys(system)),
        Subject::Report { rule, period } => format!(
            "report\u{1e}{}\u{1e}{}",
            rules.pack().reports[rule].id,
            period.key()
        ),
        Subject::Regime { rule } => format!("regime\u{1e}{}", rules.pack().regime[rule].id),
        Subject::Transition { rule, system } => format!(
            "transition\u{1e}{}\u{1e}{}",
            rules.pack().transitions[rule].id,
            sys(system)
        ),
        Subject::Incident {
            incident,
            pack,
            rule,
        } => {
            let i = &data.incidents[incident];
            format!(
                "incident\u{1e}{}\u{1e}{}\u{1e}{}",
                i.id,
                i.detected_at.format("%Y%m%dT%H%M%S"),
                rules.packs.get(pack).incident_reports[rule].id
            )
        }
        Subject::Custom { custom } => format!("custom\u{1e}{}", data.customs[custom].id),
    }
}

/// The event's UID: a hash of the identity and the store's tracking start (so two units'
/// calendars in one program do not collide on their shared regime deadlines).
pub fn uid(d: &Deadline, data: &Dataset, rules: &RuleChoice) -> String {
    let mut h = Sha256::new();
    h.update(crate::domain::dates::iso(data.profile.tracking_start).as_bytes());
    h.update([0x1d]);
    h.update(identity(d, data, rules).as_bytes());
    let hex: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{hex}@capdo")
}

/// Escapes a TEXT value (RFC 5545 §3.3.11); control characters become visible escapes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, part) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        for c in crate::text::sanitize(part.trim_end_matches('\r')).chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                ';' => out.push_str("\\;"),
                ',' => out.push_str("\\,"),
                c => out.push(c),
            }
        }
    }
    out
}

/// Appends one content line, folded at 75 octets on character boundaries, ending in CRLF.
/// A fold never sits next to a blank: some readers (Outlook among them) strip every blank at
/// the end of a physical line or the start of a continuation, not just the one fold space, so
/// the fold moves back to a place between two other characters.
pub fn push_line(out: &mut String, line: &str) {
    if line.len() <= FOLD_AT {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let chars: Vec<char> = line.chars().collect();
    let blank_at = |k: usize| chars[k].is_whitespace() || chars[k - 1].is_whitespace();
    let mut i = 0;
    let mut first = true;
    while i < chars.len() || first {
        // the leading space of a continuation line counts toward its 75 octets
        let room = if first { FOLD_AT } else { FOLD_AT - 1 };
        let mut j = i;
        let mut used = 0;
        while j < chars.len() && used + chars[j].len_utf8() <= room {
            used += chars[j].len_utf8();
            j += 1;
        }
        if j < chars.len() {
            let mut k = j;
            while k > i + 1 && blank_at(k) {
                k -= 1;
            }
            if !blank_at(k) {
                j = k;
            }
        }
        if !first {
            out.push(' ');
        }
        out.extend(&chars[i..j]);
        out.push_str("\r\n");
        i = j;
        first = false;
    }
}

fn date_value(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn datetime_value(d: NaiveDateTime) -> String {
    d.format("%Y%m%dT%H%M%S").to_string()
}

/// The whole calendar: one VEVENT per item that has a date (items without one, a system
/// never assessed, have no day to put in a calendar).
pub fn to_ics(items: &[Deadline], data: &Dataset, rules: &RuleChoice, feed: &Feed) -> String {
    let lang = feed.lang;
    let mut out = String::with_capacity(items.len() * 900 + 400);
    let line = |out: &mut String, s: &str| push_line(out, s);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!(
            "PRODID:-//capdo//capdo {}//{}",
            env!("CARGO_PKG_VERSION"),
            lang.code().to_uppercase()
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let unit = if data.profile.unit_name.is_empty() {
        "capdo".to_owned()
    } else {
        format!("capdo — {}", data.profile.unit_name)
    };
    line(&mut out, &format!("X-WR-CALNAME:{}", escape(&unit)));
    let stamp = format!("{}Z", datetime_value(feed.stamp_utc));
    for d in items {
        let Some(on) = d.due_on else { continue };
        let title = d.title(data, rules, lang);
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", uid(d, data, rules)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        match d.due_at {
            // an incident clock: a timed event at the moment the report is due (local time)
            Some(at) => {
                line(&mut out, &format!("DTSTART:{}", datetime_value(at)));
                line(
                    &mut out,
                    &format!("DTEND:{}", datetime_value(at + Duration::minutes(30))),
                );
            }
            None => {
                line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date_value(on)));
                let next = on.succ_opt().unwrap_or(on);
                line(&mut out, &format!("DTEND;VALUE=DATE:{}", date_value(next)));
                line(&mut out, "TRANSP:TRANSPARENT");
            }
        }
        line(&mut out, &format!("SUMMARY:{}", escape(&title)));
        line(
            &mut out,
            &format!("DESCRIPTION:{}", escape(&description(d, data, rules, lang))),
        );
        line(
            &mut out,
            &format!("CATEGORIES:{}", escape(d.kind.label(lang))),
        );
        for days in feed.remind {
            line(&mut out, "BEGIN:VALARM");
            line(&mut out, "ACTION:DISPLAY");
            line(&mut out, &format!("DESCRIPTION:{}", escape(&title)));
            line(&mut out, &format!("TRIGGER:-P{days}D"));
            line(&mut out, "END:VALARM");
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// System, legal basis and status, one per line.
fn description(d: &Deadline, data: &Dataset, rules: &RuleChoice, lang: Lang) -> String {
    let system = match d.system(data) {
        Some(i) => {
            let s = &data.systems[i];
            format!("{} — {}", s.code, s.name)
        }
        None => "—".to_owned(),
    };
    let due = match (d.due_at, d.due_on) {
        (Some(at), _) => i18n::datetime(at),
        (None, Some(on)) => i18n::date(on),
        (None, None) => "—".to_owned(),
    };
    format!(
        "{}: {system}\n{}: {}\n{}: {} ({}: {due})",
        msg::common::SYSTEM.text(lang),
        msg::exchange::ics::LEGAL_BASIS.text(lang),
        d.basis_cow(data, rules, lang),
        msg::common::STATUS.text(lang),
        d.status.label(lang),
        msg::exchange::ics::DUE.text(lang),
    )
}

#[cfg(test)]
mod tests {
    use super::{escape, push_line};

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let long = format!("SUMMARY:{}", "Kiểm tra, đánh giá định kỳ ".repeat(12));
        let mut out = String::new();
        push_line(&mut out, &long);
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 3);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "{i}: {} octets", l.len());
            assert_eq!(i > 0, l.starts_with(' '), "{l:?}");
        }
        // unfolding gives the line back
        let back: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(back, long);
        // no continuation starts with a blank (readers that strip them all lose nothing)
        let mut out = String::new();
        push_line(&mut out, &format!("{} khoản", "x".repeat(73)));
        assert!(!out.contains("\r\n  ") && !out.contains(" \r\n"), "{out:?}");
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("{} khoản\r\n", "x".repeat(73))
        );
        // a line of exactly 75 octets is not folded
        let mut out = String::new();
        push_line(&mut out, &"x".repeat(75));
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    }

    #[test]
    fn text_escapes() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert!(!escape("x\u{1b}[2Jy").contains('\u{1b}'));
    }
}
