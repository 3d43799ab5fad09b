//! The command line in the user's language: the language chosen before parsing (`--lang`,
//! CAPDO_LANG, the settings file; default vi), every command's help and clap's own words and
//! usage errors in Vietnamese from a catalog keyed by command path and argument id.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use crate::i18n::{Lang, Text, msg};

/// The language chosen before the arguments are parsed: `--lang X` / `--lang=X`, else
/// CAPDO_LANG, else the settings file, else Vietnamese. A value that is not a language is left
/// for the full parse to refuse.
pub fn pre_scan(args: &[OsString]) -> Lang {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let v = if a == "--lang" {
            it.next().map(|v| v.into_owned())
        } else {
            a.strip_prefix("--lang=").map(str::to_owned)
        };
        if let Some(l) = v.as_deref().and_then(Lang::parse) {
            return l;
        }
    }
    if let Some(l) = std::env::var("CAPDO_LANG")
        .ok()
        .as_deref()
        .and_then(Lang::parse)
    {
        return l;
    }
    crate::config::Config::load().lang.unwrap_or(Lang::Vi)
}

/// The about line of a command, by its path ("" for capdo itself, "record level").
fn about(path: &str) -> Option<Text> {
    use msg::help as h;
    Some(match path {
        "" => h::capdo::ABOUT,
        "due" => h::due::ABOUT,
        "check" => h::check::ABOUT,
        "systems" => h::systems::ABOUT,
        "import" => h::import::ABOUT,
        "export" => h::export::ABOUT,
        "template" => h::template::ABOUT,
        "rules" => h::rules::ABOUT,
        "record" => h::record::ABOUT,
        "record assessment" => h::record_assessment::ABOUT,
        "record dossier" => h::record_dossier::ABOUT,
        "record level" => h::record_level::ABOUT,
        "record report" => h::record_report::ABOUT,
        "profile" => h::profile::ABOUT,
        "log" => h::log::ABOUT,
        "evidence" => h::evidence::ABOUT,
        "evidence add" => h::evidence_add::ABOUT,
        "evidence list" => h::evidence_list::ABOUT,
        "evidence check" => h::evidence_check::ABOUT,
        "handover" => h::handover::ABOUT,
        "calendar" => h::calendar::ABOUT,
        "calendar list" => h::calendar_list::ABOUT,
        "calendar add" => h::calendar_add::ABOUT,
        "verify" => h::verify::ABOUT,
        "report" => h::report::ABOUT,
        "bundle" => h::bundle::ABOUT,
        "merge" => h::merge::ABOUT,
        "backup" => h::backup::ABOUT,
        "restore" => h::restore::ABOUT,
        "admin" => h::admin::ABOUT,
        "admin grant-unit" => h::admin_grant_unit::ABOUT,
        "admin grant-all" => h::admin_grant_all::ABOUT,
        "admin grants" => h::admin_grants::ABOUT,
        "admin revoke" => h::admin_revoke::ABOUT,
        _ => return None,
    })
}

/// The help of an argument, by command path and argument id (global flags: path "").
fn arg_help(path: &str, id: &str) -> Option<Text> {
    use msg::help as h;
    Some(match (path, id) {
        ("", "db") => h::capdo::DB,
        ("", "today") => h::capdo::TODAY,
        ("", "rules") => h::capdo::RULES,
        ("", "lang") => h::capdo::LANG,
        ("", "demo") => h::capdo::DEMO,
        ("", "read_only") => h::capdo::READ_ONLY,
        ("", "theme") => h::capdo::THEME,
        ("", "help") => h::capdo::HELP,
        ("", "version") => h::capdo::VERSION,
        ("due" | "check", "within") => h::due::WITHIN,
        ("due", "all") => h::due::ALL,
        ("due" | "systems", "json") => h::due::JSON,
        ("due", "why") => h::due::WHY,
        ("due", "unit") => h::due::UNIT,
        ("check", "quiet") => h::check::QUIET,
        ("systems", "unit") => h::systems::UNIT,
        ("import", "file") => h::import::FILE,
        ("import", "dry_run") => h::import::DRY_RUN,
        ("import", "sheet") => h::import::SHEET,
        ("import", "replace") => h::import::REPLACE,
        ("export", "file") => h::export::FILE,
        ("export" | "template" | "bundle" | "backup", "force") => h::export::FORCE,
        ("export", "remind") => h::export::REMIND,
        ("template", "file") => h::template::FILE,
        ("rules" | "calendar list", "json") => h::rules::JSON,
        ("record assessment" | "record dossier" | "record level", "code") => {
            h::record_assessment::CODE
        }
        ("record assessment", "on") => h::record_assessment::ON,
        ("record assessment", "kind") => h::record_assessment::KIND,
        ("record assessment", "assessor") => h::record_assessment::ASSESSOR,
        ("record assessment", "result") => h::record_assessment::RESULT,
        ("record assessment", "findings") => h::record_assessment::FINDINGS,
        ("record assessment", "notes") | ("record dossier", "note") => h::record_assessment::NOTES,
        ("record dossier", "state") => h::record_dossier::STATE,
        ("record dossier", "on") => h::record_dossier::ON,
        ("record dossier", "decision") => h::record_dossier::DECISION,
        ("record dossier", "approver") => h::record_dossier::APPROVER,
        ("record dossier", "regulation_issued") => h::record_dossier::REGULATION_ISSUED,
        ("record dossier", "regulation_ref") => h::record_dossier::REGULATION_REF,
        ("record level", "level") => h::record_level::LEVEL,
        ("record level", "on") => h::record_level::ON,
        ("record level", "reason") => h::record_level::REASON,
        ("record report", "report") => h::record_report::REPORT,
        ("record report", "period") => h::record_report::PERIOD,
        ("record report", "on") => h::record_report::ON,
        ("record report", "doc") => h::record_report::DOC,
        ("profile", "unit") => h::profile::UNIT,
        ("profile", "parent") => h::profile::PARENT,
        ("profile", "tier") => h::profile::TIER,
        ("profile", "officer") => h::profile::OFFICER,
        ("profile", "tracking_start") => h::profile::TRACKING_START,
        ("log", "json") => h::log::JSON,
        ("log", "system") => h::log::SYSTEM,
        ("evidence", "evidence_root") => h::evidence::EVIDENCE_ROOT,
        ("evidence add", "code") => h::evidence_add::CODE,
        ("evidence add", "file") => h::evidence_add::FILE,
        ("evidence add", "kind") => h::evidence_add::KIND,
        ("evidence add", "reference") => h::evidence_add::REFERENCE,
        ("evidence add", "on") => h::evidence_add::ON,
        ("evidence add", "note") => h::evidence_add::NOTE,
        ("evidence add", "step") => h::evidence_add::STEP,
        ("evidence add", "assessment") => h::evidence_add::ASSESSMENT,
        ("evidence add", "incident") => h::evidence_add::INCIDENT,
        ("evidence add", "report") => h::evidence_add::REPORT,
        ("evidence list", "system") => h::evidence_list::SYSTEM,
        ("evidence list", "json") => h::evidence_list::JSON,
        ("handover", "evidence_root") => h::handover::EVIDENCE_ROOT,
        ("handover", "dir") => h::handover::DIR,
        ("handover", "zip") => h::handover::ZIP,
        ("handover", "verify") => h::handover::VERIFY,
        ("handover", "officer") => h::handover::OFFICER,
        ("calendar list", "year") => h::calendar_list::YEAR,
        ("calendar add", "date") => h::calendar_add::DATE,
        ("calendar add", "note") => h::calendar_add::NOTE,
        ("calendar add", "working") => h::calendar_add::WORKING,
        ("report", "force") => h::report::FORCE,
        ("report", "kind") => h::report::KIND,
        ("report", "id") => h::report::ID,
        ("report", "period") => h::report::PERIOD,
        ("report", "form") => h::report::FORM,
        ("report", "format") => h::report::FORMAT,
        ("report", "output") => h::report::OUTPUT,
        ("bundle", "file") => h::bundle::FILE,
        ("merge", "dry_run") => h::merge::DRY_RUN,
        ("merge", "bundles") => h::merge::BUNDLES,
        ("backup", "file") => h::backup::FILE,
        ("restore", "file") => h::restore::FILE,
        ("bundle", "unit") => h::bundle::UNIT,
        ("admin grant-unit", "role") => h::admin_grant_unit::ROLE,
        ("admin grant-unit", "unit") => h::admin_grant_unit::UNIT,
        ("admin grant-all", "role") => h::admin_grant_all::ROLE,
        ("admin grants", "json") => h::rules::JSON,
        ("admin revoke", "role") => h::admin_revoke::ROLE,
        ("admin revoke", "unit") => h::admin_revoke::UNIT,
        _ => return None,
    })
}

/// Localises `cmd` (capdo itself) and its subcommands for `lang`, before parsing: every about
/// line and argument help comes from the catalog's `[help]` in both languages.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    walk(cmd, "", lang)
}

fn walk(mut cmd: Command, path: &str, lang: Lang) -> Command {
    use msg::help::{capdo as top, clap as words};
    // clap's own help and version flags, written out so that their help can be translated
    cmd = cmd
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .display_order(1000)
                .help(top::HELP.text(lang)),
        );
    if path.is_empty() {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .display_order(1001)
                .global(true)
                .help(top::VERSION.text(lang)),
        );
    }
    if let Some(a) = about(path) {
        cmd = cmd.about(a.text(lang));
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().as_str().to_owned())
        .collect();
    for id in ids {
        if let Some(h) = arg_help(path, &id) {
            cmd = cmd.mut_arg(id.as_str(), |a| match lang {
                Lang::En => a.help(h.text(lang)),
                // the Vietnamese text says the default, the values and the variable
                Lang::Vi => {
                    let takes = a.get_action().takes_values();
                    a.help(h.text(lang))
                        .long_help(None::<&str>)
                        .hide_env(true)
                        .hide_default_value(takes)
                        .hide_possible_values(takes)
                }
            });
        }
    }
    if lang == Lang::Vi {
        // the placeholders of values too: --on <NGÀY>
        let renames: Vec<(String, &'static str)> = cmd
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
            .filter_map(|a| {
                let id = a.get_id().as_str();
                let name = match a.get_value_names() {
                    Some([n]) => n.to_string(),
                    Some(_) => return None,
                    None => id.to_uppercase(),
                };
                value_name(&name).map(|p| (id.to_owned(), p.text(lang)))
            })
            .collect();
        for (id, p) in renames {
            cmd = cmd.mut_arg(id.as_str(), |a| a.value_name(p));
        }
        cmd = cmd
            .subcommand_help_heading(words::COMMANDS_HEADING.text(lang))
            .subcommand_value_name(words::COMMAND_VALUE_NAME.text(lang));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| walk(s, &sub_path, lang));
    }
    cmd
}

/// A value's placeholder, by clap's English name ("DATE" → "NGÀY").
fn value_name(name: &str) -> Option<Text> {
    use msg::help::value_name as v;
    Some(match name {
        "PATH" => v::PATH,
        "FILE" => v::FILE,
        "DATE" => v::DATE,
        "DAYS" => v::DAYS,
        "CODE" => v::CODE,
        "NAME" => v::NAME,
        "TEXT" => v::TEXT,
        "ID" => v::ID,
        "NO" => v::NO,
        "P" => v::P,
        "PERIOD" => v::PERIOD,
        "THEME" => v::THEME,
        "STATE" => v::STATE,
        "KIND" => v::KIND,
        "RESULT" => v::RESULT,
        "TIER" => v::TIER,
        "BUNDLE" => v::BUNDLE,
        _ => return None,
    })
}

/// clap's fixed words on help pages and usage lines, in clap's order of replacement.
const CLAP_WORDS: [Text; 10] = {
    use msg::help::clap as w;
    [
        w::USAGE,
        w::OPTIONS,
        w::ARGUMENTS,
        w::COMMANDS,
        w::OPTIONS_PLACEHOLDER,
        w::COMMAND_REQUIRED,
        w::COMMAND_OPTIONAL,
        w::DEFAULT_VALUE,
        w::ALIASES,
        w::ALIAS,
    ]
};

/// clap's fixed words in Vietnamese (help pages and usage lines). Works on styled text too:
/// each word sits whole between its styles.
pub fn words_vi(s: &str) -> String {
    CLAP_WORDS
        .iter()
        .fold(s.to_owned(), |s, w| s.replace(w.en, w.text(Lang::Vi)))
}

fn ctx_str(e: &clap::Error, k: ContextKind) -> Option<String> {
    match e.get(k)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A usage error in Vietnamese, naming what was wrong, with the usage line and where to read
/// more. `None` for the kinds that are not errors (help, version).
pub fn error_vi(e: &clap::Error) -> String {
    use msg::help::error as m;
    let vi = Lang::Vi;
    let arg = ctx_str(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = ctx_str(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => m::UnknownArgument { arg }.text(vi),
        ErrorKind::InvalidSubcommand => {
            let sub = ctx_str(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            m::InvalidSubcommand { sub }.text(vi)
        }
        ErrorKind::InvalidValue if value.is_empty() => m::ValueMissing { arg }.text(vi),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            m::InvalidValue { value, arg }.text(vi)
        }
        ErrorKind::MissingRequiredArgument => m::MissingRequired { arg }.text(vi),
        ErrorKind::MissingSubcommand => m::MISSING_SUBCOMMAND.text(vi).to_owned(),
        ErrorKind::ArgumentConflict => {
            let other = ctx_str(e, ContextKind::PriorArg).unwrap_or_default();
            m::Conflict { arg, other }.text(vi)
        }
        ErrorKind::TooManyValues => m::TooManyValues { value, arg }.text(vi),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            m::WrongNumberOfValues { arg }.text(vi)
        }
        ErrorKind::NoEquals => m::NoEquals { arg }.text(vi),
        ErrorKind::InvalidUtf8 => m::INVALID_UTF8.text(vi).to_owned(),
        _ => m::OTHER.text(vi).to_owned(),
    };
    if let Some(values) = ctx_str(e, ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        out.push_str(&m::ValidValues { values }.text(vi));
    }
    if let Some(suggestion) = ctx_str(e, ContextKind::SuggestedArg)
        .or_else(|| ctx_str(e, ContextKind::SuggestedSubcommand))
        .filter(|s| !s.is_empty())
    {
        out.push_str(&m::DidYouMean { suggestion }.text(vi));
    }
    // "capdo due" from "Usage: capdo due [OPTIONS]", for where to read more
    let mut command = "capdo".to_owned();
    if let Some(ContextValue::StyledStr(u)) = e.get(ContextKind::Usage) {
        let usage = words_vi(&u.to_string());
        out.push_str("\n\n");
        out.push_str(usage.trim_end());
        let words: Vec<&str> = usage
            .split_whitespace()
            .skip_while(|w| *w != "capdo")
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        if !words.is_empty() {
            command = words.join(" ");
        }
    }
    out.push_str("\n\n");
    out.push_str(&m::SeeMore { command }.text(vi));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(lang: Lang, args: &[&str]) -> clap::Error {
        let cmd = localise(super::super::Cli::command(), lang);
        match cmd.try_get_matches_from(args) {
            Ok(_) => panic!("{args:?} parsed"),
            Err(e) => e,
        }
    }

    #[test]
    fn every_command_and_argument_has_vietnamese_help() {
        let cmd = localise(super::super::Cli::command(), Lang::Vi);
        fn check(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if about(path).is_none() {
                missing.push(format!("about of '{path}'"));
            }
            for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let id = a.get_id().as_str();
                let global = arg_help("", id).is_some();
                if !global && arg_help(path, id).is_none() {
                    missing.push(format!("{path}: {id}"));
                }
            }
            for s in cmd.get_subcommands() {
                let p = if path.is_empty() {
                    s.get_name().to_owned()
                } else {
                    format!("{path} {}", s.get_name())
                };
                check(s, &p, missing);
            }
        }
        let mut missing = Vec::new();
        check(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Vietnamese for: {missing:?}");
    }

    #[test]
    fn usage_errors_in_vietnamese() {
        let e = parse(Lang::Vi, &["capdo", "due", "--al"]);
        let m = error_vi(&e);
        assert!(
            m.starts_with("đối số không hợp lệ '--al'; có phải ý bạn là '--all'?"),
            "{m}"
        );
        assert!(m.contains("\n\nCách dùng: capdo due"), "{m}");
        assert!(m.ends_with("\n\nXem thêm: capdo due --help"), "{m}");
        let e = parse(Lang::Vi, &["capdo", "report", "weekly"]);
        let m = error_vi(&e);
        assert!(
            m.starts_with("giá trị 'weekly' không hợp lệ cho <LOẠI> (dùng: quarterly, annual, review, incident, budget)"),
            "{m}"
        );
        let e = parse(
            Lang::Vi,
            &["capdo", "record", "level", "A", "--on", "1/1/2026"],
        );
        assert!(
            error_vi(&e).starts_with("thiếu đối số bắt buộc: --level <N>"),
            "{}",
            error_vi(&e)
        );
        let e = parse(Lang::Vi, &["capdo", "stats"]);
        assert!(
            error_vi(&e).starts_with("không có lệnh 'stats'"),
            "{}",
            error_vi(&e)
        );
    }

    #[test]
    fn the_language_is_chosen_before_parsing() {
        let os = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(pre_scan(&os(&["capdo", "--lang", "en", "due"])), Lang::En);
        assert_eq!(pre_scan(&os(&["capdo", "due", "--lang=en"])), Lang::En);
        assert_eq!(pre_scan(&os(&["capdo", "--lang", "vi", "due"])), Lang::Vi);
        // after `--` it is a value, not the flag
        assert_eq!(
            pre_scan(&os(&["capdo", "--lang", "vi", "--", "--lang", "en"])),
            Lang::Vi
        );
    }
}
