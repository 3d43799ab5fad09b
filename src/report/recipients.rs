//! Who each report is addressed to: assets/reports/recipients.toml (by report kind, the unit's
//! tier and dates), embedded in the binary and read once.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::common::Input;
use super::doc::BLANK;
use crate::i18n::L10n;

const DATA: &str = include_str!("../../assets/reports/recipients.toml");

/// One row of the table.
#[derive(Clone, Debug, Deserialize)]
pub struct Entry {
    pub kind: String,
    pub tiers: Vec<String>,
    pub from: NaiveDate,
    #[serde(default)]
    pub until: Option<NaiveDate>,
    pub to: Vec<String>,
    pub basis: L10n,
}

#[derive(Debug, Deserialize)]
struct File {
    recipients: Vec<Entry>,
}

/// The table; a broken embedded file is a build defect, caught by the tests.
pub fn table() -> &'static [Entry] {
    static T: OnceLock<Vec<Entry>> = OnceLock::new();
    T.get_or_init(|| {
        toml::from_str::<File>(DATA)
            .map(|f| f.recipients)
            .unwrap_or_default()
    })
}

/// The entry for a report kind, the unit's tier and the reference date.
pub fn entry(kind: &str, tier: &str, on: NaiveDate) -> Option<&'static Entry> {
    table().iter().find(|e| {
        e.kind == kind
            && e.tiers.iter().any(|t| t == tier)
            && e.from <= on
            && e.until.is_none_or(|u| on <= u)
    })
}

/// The "Kính gửi" names for a report kind, or `None` when the table has no entry (the caller
/// keeps the rule pack's recipient).
pub fn for_report(inp: &Input, kind: &str) -> Option<Vec<String>> {
    let p = &inp.data.profile;
    let e = entry(kind, p.tier.key(), inp.today())?;
    let mut out: Vec<String> = Vec::new();
    for k in &e.to {
        let name = if k == "parent" {
            let parent = p.parent_authority.trim();
            if parent.is_empty() {
                BLANK.to_owned()
            } else {
                super::common::unit_in_sentence(parent)
            }
        } else {
            inp.pack().authority(k, inp.today(), inp.lang)
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_table_reads_and_covers_every_periodic_report_and_tier() {
        let t = table();
        assert!(!t.is_empty(), "recipients.toml did not parse");
        for kind in ["quarterly", "review", "annual", "budget"] {
            for tier in ["commune", "district", "province"] {
                assert!(
                    entry(kind, tier, d(2026, 11, 29)).is_some(),
                    "{kind} {tier}"
                );
            }
        }
        // a commune's reports go to the province, the budget report never to the ministry
        for kind in ["quarterly", "review", "annual", "budget"] {
            assert_eq!(
                entry(kind, "commune", d(2026, 11, 29)).unwrap().to,
                ["parent"]
            );
        }
        assert!(
            entry("budget", "province", d(2026, 11, 29))
                .unwrap()
                .to
                .is_empty()
        );
        assert!(entry("quarterly", "commune", d(2024, 1, 1)).is_none());
    }
}
