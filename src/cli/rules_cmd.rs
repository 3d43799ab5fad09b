//! `capdo rules`: the rule packs, which one is in force, and their key figures.

use std::process::ExitCode;

use clap::Args;
use serde_json::json;

use super::output::{Styled, style};
use super::{Env, Failure, emit, emit_styled};
use crate::i18n::{self, Lang};
use crate::rules::Packs;

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(env: &Env, a: &RulesArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let today = env.today();
    let packs = Packs::embedded();
    let in_force = packs.in_force(today);
    // a pinned pack in the store counts too, but `rules` must work without a store
    let chosen = env.rules(None)?;
    if a.json {
        let v: Vec<_> = packs
            .all()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                json!({
                    "id": p.id,
                    "title": p.title.get(lang),
                    "in_force_from": p.in_force_from.to_string(),
                    "in_force_until": p.in_force_until.map(|d| d.to_string()),
                    "in_force": i == in_force,
                    "chosen": i == chosen.active,
                    "assessment_months": p.assessment.months,
                    "budget_min_share_percent": p.budget.min_share_percent,
                })
            })
            .collect();
        emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Styled::new();
    for (i, p) in packs.all().iter().enumerate() {
        let mark = if i == chosen.active { "▶" } else { " " };
        let until = p
            .in_force_until
            .map(i18n::date)
            .unwrap_or_else(|| lang.pick("nay", "now").into());
        let state = match (i == in_force, chosen.pinned && i == chosen.active, lang) {
            (true, _, Lang::Vi) => " — đang có hiệu lực",
            (true, _, Lang::En) => " — in force",
            (false, true, Lang::Vi) => " — được ghim",
            (false, true, Lang::En) => " — pinned",
            _ => "",
        };
        let head = format!(
            "{mark} {}  {} – {}{state}",
            p.id,
            i18n::date(p.in_force_from),
            until
        );
        out.maybe(
            &head,
            Some(if i == chosen.active {
                style::OK.bold()
            } else {
                style::HEAD
            }),
        );
        out.push(&format!("\n    {}\n", p.title.get(lang)));
        let m = p.assessment.months;
        out.push(&match lang {
            Lang::Vi => format!(
                "    Đánh giá định kỳ (tháng, cấp độ 1–5): {} · {} · {} · {} · {} — {}\n    Kinh phí an toàn tối thiểu: {}% — {}\n",
                m[0], m[1], m[2], m[3], m[4], p.assessment.basis.get(lang), p.budget.min_share_percent, p.budget.basis.get(lang)
            ),
            Lang::En => format!(
                "    Periodic assessment (months, levels 1–5): {} · {} · {} · {} · {} — {}\n    Minimum security budget: {}% — {}\n",
                m[0], m[1], m[2], m[3], m[4], p.assessment.basis.get(lang), p.budget.min_share_percent, p.budget.basis.get(lang)
            ),
        });
    }
    emit_styled(&out)?;
    Ok(ExitCode::SUCCESS)
}
