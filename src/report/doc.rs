//! The document model every report is built into and every renderer reads: a Vietnamese
//! administrative header, a title, recipients, sections of labelled fields, tables and notes,
//! and a signature block. Values keep their kind (count, money, percent, date, blank) so that
//! each renderer formats them for the language, and JSON keeps the raw figures.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::i18n::{self, Lang, msg::report as m};

/// What an officer fills in by hand: the dotted blank of Vietnamese forms.
pub const BLANK: &str = "……";

/// The status of one review line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    Pass,
    Fail,
    NotApplicable,
    /// The data cannot decide; the officer confirms.
    Confirm,
}

impl Check {
    pub fn key(self) -> &'static str {
        match self {
            Check::Pass => "pass",
            Check::Fail => "fail",
            Check::NotApplicable => "not_applicable",
            Check::Confirm => "confirm",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Check::Pass => m::doc::MET.text(lang),
            Check::Fail => m::doc::NOT_MET.text(lang),
            Check::NotApplicable => m::doc::NOT_APPLICABLE.text(lang),
            Check::Confirm => m::doc::OFFICER_TO_CONFIRM.text(lang),
        }
    }
}

/// One value in a field or a table cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Int(i64),
    /// An amount in đồng.
    Money(i64),
    /// A percentage (0–100).
    Pct(f64),
    Text(String),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// Left for the officer to fill in.
    Blank,
    Check(Check),
}

impl Val {
    pub fn text(s: impl Into<String>) -> Val {
        Val::Text(s.into())
    }

    /// Text, or a blank when empty.
    pub fn or_blank(s: &str) -> Val {
        if s.trim().is_empty() {
            Val::Blank
        } else {
            Val::Text(s.to_owned())
        }
    }

    pub fn count(n: usize) -> Val {
        Val::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }

    pub fn opt_date(d: Option<NaiveDate>) -> Val {
        d.map(Val::Date).unwrap_or(Val::Blank)
    }

    /// The value as the reader sees it.
    pub fn show(&self, lang: Lang) -> String {
        match self {
            Val::Int(n) | Val::Money(n) => i18n::int(lang, *n),
            Val::Pct(p) => i18n::percent(lang, *p),
            Val::Text(s) => s.clone(),
            Val::Date(d) => i18n::date(*d),
            Val::DateTime(d) => i18n::datetime(*d),
            Val::Blank => BLANK.to_owned(),
            Val::Check(c) => c.label(lang).to_owned(),
        }
    }

    /// The raw value for machines: numbers as numbers, dates ISO, blanks null.
    pub fn raw(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Val::Int(n) | Val::Money(n) => Value::from(*n),
            // two decimals are enough for a share, and keep the JSON stable
            Val::Pct(p) => serde_json::Number::from_f64((p * 100.0).round() / 100.0)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Val::Text(s) => Value::String(s.clone()),
            Val::Date(d) => Value::String(d.format("%Y-%m-%d").to_string()),
            Val::DateTime(d) => Value::String(d.format("%Y-%m-%dT%H:%M:%S").to_string()),
            Val::Blank => Value::Null,
            Val::Check(c) => Value::String(c.key().to_owned()),
        }
    }
}

/// A labelled value; `key` is stable across languages (the JSON `figures` use it).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub value: Val,
    /// Evidence or a remark shown after the value.
    pub note: Option<String>,
}

impl Field {
    pub fn new(key: &str, label: impl Into<String>, value: Val) -> Field {
        Field {
            key: key.to_owned(),
            label: label.into(),
            value,
            note: None,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Field {
        let n = note.into();
        if !n.is_empty() {
            self.note = Some(n);
        }
        self
    }
}

/// A table column; `key` names the value in JSON rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub key: &'static str,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub key: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Val>>,
    /// A totals row under the table.
    pub total: Option<Vec<Val>>,
}

impl Table {
    pub fn new(key: &str, columns: Vec<(&'static str, String)>) -> Table {
        Table {
            key: key.to_owned(),
            columns: columns
                .into_iter()
                .map(|(key, label)| Column { key, label })
                .collect(),
            rows: Vec::new(),
            total: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Para(String),
    Fields(Vec<Field>),
    Table(Table),
    /// A remark set apart (a citation, a caveat).
    Note(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

impl Section {
    pub fn new(heading: impl Into<String>) -> Section {
        Section {
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }
    pub fn fields(mut self, f: Vec<Field>) -> Section {
        self.blocks.push(Block::Fields(f));
        self
    }
    pub fn table(mut self, t: Table) -> Section {
        self.blocks.push(Block::Table(t));
        self
    }
    pub fn para(mut self, p: impl Into<String>) -> Section {
        self.blocks.push(Block::Para(p.into()));
        self
    }
    pub fn note(mut self, p: impl Into<String>) -> Section {
        self.blocks.push(Block::Note(p.into()));
        self
    }
}

/// The administrative header (Decree 30/2020 layout): issuing body on the left, the national
/// motto on the right.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    /// The governing body, upper case ("UBND TỈNH …"), or a blank.
    pub parent: String,
    /// The issuing unit, upper case.
    pub unit: String,
    /// "Số: ……/BC-UBND".
    pub number: String,
    pub motto: [String; 2],
    /// "……, ngày 29 tháng 11 năm 2026".
    pub place_date: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// "Nơi nhận" lines.
    pub cc: Vec<String>,
    /// The signer's capacity, one line each ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH").
    pub title: Vec<String>,
    /// "(Ký, ghi rõ họ tên, đóng dấu)".
    pub hint: String,
    /// The name under the signature (a blank when unknown).
    pub name: String,
    /// Who prepared the document, when known.
    pub prepared_by: Option<String>,
    /// A second signer on the left, in place of "Nơi nhận" (a handover record: the receiving
    /// officer).
    pub counterpart: Option<Party>,
}

/// One signer of a document signed by two parties.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    /// The capacity, one line each ("NGƯỜI TIẾP NHẬN").
    pub title: Vec<String>,
    /// "(Ký, ghi rõ họ tên)".
    pub hint: String,
    /// The name under the signature (a blank when unknown).
    pub name: String,
}

/// A whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// "quarterly", "annual", "review", "incident", "budget".
    pub kind: &'static str,
    /// The form it follows: a form key of the rule data, or "quarterly-derived" / "review-checklist-derived".
    pub form: String,
    pub lang: Lang,
    /// The rule pack whose rules the figures follow.
    pub pack: String,
    pub reference_date: NaiveDate,
    /// "2026-Q4", "2026", or none.
    pub period: Option<String>,
    pub header: Header,
    /// "BÁO CÁO".
    pub title: String,
    pub subtitle: String,
    /// "Kính gửi" lines.
    pub recipients: Vec<String>,
    /// Legal basis lines (the citations the report answers).
    pub basis: Vec<String>,
    /// The opening sentence: "Thực hiện …, Ủy ban nhân dân xã … báo cáo như sau:".
    pub opening: String,
    pub sections: Vec<Section>,
    /// Remarks at the end: what the form is derived from, what is unverified.
    pub notes: Vec<String>,
    pub signature: Signature,
}

impl Document {
    /// Every field with a key, in document order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().flat_map(|b| match b {
                Block::Fields(f) => f.as_slice(),
                _ => &[],
            })
        })
    }

    /// The field with `key`.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields().find(|f| f.key == key)
    }

    /// The table with `key`.
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.sections.iter().find_map(|s| {
            s.blocks.iter().find_map(|b| match b {
                Block::Table(t) if t.key == key => Some(t),
                _ => None,
            })
        })
    }
}

/// "ngày 05 tháng 02 năm 2024" (Decree 30/2020: leading zero for days below 10 and for months
/// 1–2), or "5 February 2024".
pub fn formal_date(lang: Lang, d: NaiveDate) -> String {
    use m::doc::*;
    // the catalog writes months 1–2 with their zero in Vietnamese
    const MONTHS: [crate::i18n::Text; 12] = [
        MONTH_1, MONTH_2, MONTH_3, MONTH_4, MONTH_5, MONTH_6, MONTH_7, MONTH_8, MONTH_9, MONTH_10,
        MONTH_11, MONTH_12,
    ];
    let month = MONTHS[d.month0() as usize].text(lang);
    let day = match lang {
        Lang::Vi => format!("{:02}", d.day()),
        Lang::En => d.day().to_string(),
    };
    FormalDate {
        day,
        month,
        year: d.year(),
    }
    .text(lang)
}

/// "14 giờ 05 phút, ngày 26/11/2026" / "14:05, 26/11/2026".
pub fn formal_time(lang: Lang, t: NaiveDateTime) -> String {
    m::doc::FormalTime {
        hour: t.format("%H"),
        minute: t.format("%M"),
        date: i18n::date(t.date()),
    }
    .text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formal_dates_follow_decree_30() {
        assert_eq!(
            formal_date(Lang::Vi, d(2026, 11, 29)),
            "ngày 29 tháng 11 năm 2026"
        );
        assert_eq!(
            formal_date(Lang::Vi, d(2024, 2, 5)),
            "ngày 05 tháng 02 năm 2024"
        );
        assert_eq!(
            formal_date(Lang::Vi, d(2024, 3, 5)),
            "ngày 05 tháng 3 năm 2024"
        );
        assert_eq!(formal_date(Lang::En, d(2026, 11, 29)), "29 November 2026");
        let t = d(2026, 11, 26).and_hms_opt(14, 5, 0).unwrap();
        assert_eq!(formal_time(Lang::Vi, t), "14 giờ 05 phút, ngày 26/11/2026");
    }

    #[test]
    fn values_show_and_raw() {
        assert_eq!(Val::Money(1_200_000).show(Lang::Vi), "1.200.000");
        assert_eq!(Val::Pct(68.24).show(Lang::Vi), "68,2%");
        assert_eq!(Val::Blank.show(Lang::Vi), BLANK);
        assert_eq!(Val::Pct(12.913_043).raw(), serde_json::json!(12.91));
        assert_eq!(Val::Blank.raw(), serde_json::Value::Null);
        assert_eq!(Val::or_blank("  "), Val::Blank);
        assert_eq!(Val::Check(Check::Fail).show(Lang::Vi), "Chưa đạt");
    }
}
