//! `capdo bundle FILE` (one unit's data with a manifest) and `capdo merge BUNDLE...` (several
//! units into this store, keyed by unit, all or nothing).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::output::Table;
use super::report::{check_target, exists, write_file};
use super::{Env, ExitStatus, Failure, emit};
use crate::domain::Dataset;
use crate::domain::engine::Deadline;
use crate::exchange::bundle::{self, Bundle, BundleError};
use crate::i18n::{self, Lang};
use crate::store::Access;
use crate::store::merge::{Action, LeftOut, UnitIn, UnitOutcome};
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Where to write the bundle (a JSON file, e.g. xa-mau-an.capdo.json).
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Bundles written by `capdo bundle`, one per unit.
    #[arg(required = true, value_name = "BUNDLE")]
    pub bundles: Vec<PathBuf>,
    /// Check everything and say what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn display(p: &Path) -> String {
    sanitize(&p.display().to_string())
}

pub fn bundle(env: &Env, a: &BundleArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    let name = display(&a.file);
    check_target(&a.file, a.force, lang)?;
    let store = env.open(Access::ReadWrite)?;
    let dump = store.dump().map_err(|e| Failure::store(&e, lang))?;
    let created_at = if env.fixed_clock {
        env.clock.now
    } else {
        env.wall
    };
    let (bytes, m, left_out) =
        bundle::write(&dump, created_at).map_err(|e| Failure::input(e.message(&name, lang)))?;
    // a bundle is the unit's whole record: private to its owner, like a store export
    write_file(&a.file, &bytes, a.force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            exists(&name, lang)
        } else {
            Failure::input(super::io_message(&name, &e, lang))
        }
    })?;
    let c = &m.counts;
    let mut s = match lang {
        Lang::Vi => format!(
            "Đã đóng gói dữ liệu đơn vị \"{}\" ra {name}: {} hệ thống, {} bước hồ sơ, {} lần đánh giá, {} sự cố, {} dự án, {} mục nhật ký.\nSHA-256 nội dung: {}\n",
            sanitize(&m.unit),
            c.systems,
            c.dossier_steps,
            c.assessments,
            c.incidents,
            c.projects,
            c.change_log,
            m.content_sha256
        ),
        Lang::En => format!(
            "Bundled the data of unit \"{}\" to {name}: {}, {}, {}, {}, {}, {}.\nContent SHA-256: {}\n",
            sanitize(&m.unit),
            crate::i18n::en_count(c.systems, "system", "systems"),
            crate::i18n::en_count(c.dossier_steps, "dossier step", "dossier steps"),
            crate::i18n::en_count(c.assessments, "assessment", "assessments"),
            crate::i18n::en_count(c.incidents, "incident", "incidents"),
            crate::i18n::en_count(c.projects, "project", "projects"),
            crate::i18n::en_count(c.change_log, "change-log entry", "change-log entries"),
            m.content_sha256
        ),
    };
    if left_out > 0 {
        s.push_str(&match lang {
            Lang::Vi => {
                format!("Không gồm {left_out} hệ thống của đơn vị khác đã gộp vào kho này.\n")
            }
            Lang::En => {
                format!("Left out {left_out} systems of other units merged into this store.\n")
            }
        });
    }
    emit(&s)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads one bundle file, refusing directories and oversized files.
fn read_one(path: &Path, lang: Lang) -> Result<Bundle, String> {
    let name = display(path);
    let meta = std::fs::metadata(path).map_err(|e| super::io_message(&name, &e, lang))?;
    if meta.is_dir() {
        return Err(format!(
            "{name}: {}",
            lang.pick(
                "đây là thư mục, không phải tệp",
                "this is a directory, not a file"
            )
        ));
    }
    if meta.len() > bundle::MAX_BYTES {
        return Err(match lang {
            Lang::Vi => format!(
                "{name}: tệp quá lớn ({} byte, tối đa {})",
                meta.len(),
                bundle::MAX_BYTES
            ),
            Lang::En => format!(
                "{name}: file too large ({} bytes, at most {})",
                meta.len(),
                bundle::MAX_BYTES
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|e| super::io_message(&name, &e, lang))?;
    bundle::read(&name, &bytes, lang).map_err(|e: BundleError| e.message(&name, lang))
}

fn left_out_line(l: &LeftOut, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "  không gộp (kho chưa có khóa đơn vị cho các mục này): {} dự án, {} báo cáo định kỳ đã gửi, {} việc riêng, {} sự cố không gắn hệ thống\n",
            l.projects, l.reports, l.customs, l.incidents_without_system
        ),
        Lang::En => format!(
            "  not merged (this store has no unit key for them): {} projects, {} periodic report submissions, {} custom deadlines, {} incidents without a system\n",
            l.projects, l.reports, l.customs, l.incidents_without_system
        ),
    }
}

fn describe(o: &UnitOutcome, lang: Lang, dry: bool) -> String {
    let unit = sanitize(&o.unit);
    let src = &o.source;
    let (a, b) = (o.before, o.after);
    let mut s = match (o.action, lang) {
        (Action::Added, Lang::Vi) => format!(
            "{} đơn vị \"{unit}\" ({src}): {} hệ thống, {} bước hồ sơ, {} lần đánh giá, {} sự cố.\n",
            if dry { "Sẽ gộp" } else { "Đã gộp" },
            b.systems,
            b.steps,
            b.assessments,
            b.incidents
        ),
        (Action::Added, Lang::En) => format!(
            "{} unit \"{unit}\" ({src}): {}, {}, {}, {}.\n",
            if dry { "Would merge" } else { "Merged" },
            crate::i18n::en_count(b.systems, "system", "systems"),
            crate::i18n::en_count(b.steps, "dossier step", "dossier steps"),
            crate::i18n::en_count(b.assessments, "assessment", "assessments"),
            crate::i18n::en_count(b.incidents, "incident", "incidents")
        ),
        (Action::Replaced, Lang::Vi) => format!(
            "{} dữ liệu đơn vị \"{unit}\" bằng gói mới hơn ({src}{}): hệ thống {} → {}, bước hồ sơ {} → {}, đánh giá {} → {}, sự cố {} → {}.\n",
            if dry { "Sẽ thay" } else { "Đã thay" },
            o.previous
                .as_ref()
                .map(|(at, _)| format!("; thay gói tạo lúc {at}"))
                .unwrap_or_default(),
            a.systems,
            b.systems,
            a.steps,
            b.steps,
            a.assessments,
            b.assessments,
            a.incidents,
            b.incidents
        ),
        (Action::Replaced, Lang::En) => format!(
            "{} the data of unit \"{unit}\" with a newer bundle ({src}{}): systems {} → {}, dossier steps {} → {}, assessments {} → {}, incidents {} → {}.\n",
            if dry { "Would replace" } else { "Replaced" },
            o.previous
                .as_ref()
                .map(|(at, _)| format!("; replacing the bundle made at {at}"))
                .unwrap_or_default(),
            a.systems,
            b.systems,
            a.steps,
            b.steps,
            a.assessments,
            b.assessments,
            a.incidents,
            b.incidents
        ),
        (Action::Unchanged, Lang::Vi) => {
            format!("Đơn vị \"{unit}\" ({src}): gói giống gói đã gộp trước; không thay đổi.\n")
        }
        (Action::Unchanged, Lang::En) => format!(
            "Unit \"{unit}\" ({src}): the same bundle as the one merged before; unchanged.\n"
        ),
        (Action::Duplicate, Lang::Vi) => format!(
            "Đơn vị \"{unit}\" ({src}): trùng với một gói khác trong lần gộp này; chỉ gộp một lần.\n"
        ),
        (Action::Duplicate, Lang::En) => format!(
            "Unit \"{unit}\" ({src}): the same as another bundle of this merge; merged once.\n"
        ),
    };
    if o.action == Action::Replaced {
        let list = |v: &[String]| v.iter().map(|c| sanitize(c)).collect::<Vec<_>>().join(", ");
        if !o.added.is_empty() {
            s.push_str(&format!(
                "  {}: {}\n",
                lang.pick("hệ thống mới", "new systems"),
                list(&o.added)
            ));
        }
        if !o.removed.is_empty() {
            s.push_str(&format!(
                "  {}: {}\n",
                lang.pick("hệ thống không còn", "systems gone"),
                list(&o.removed)
            ));
        }
        for (code, fields) in &o.changed {
            s.push_str(&format!(
                "  {} {}: {}\n",
                lang.pick("thay đổi", "changed"),
                sanitize(code),
                fields.join(", ")
            ));
        }
        if o.added.is_empty() && o.removed.is_empty() && o.changed.is_empty() {
            s.push_str(lang.pick(
                "  hệ thống không đổi; lịch sử hồ sơ, đánh giá, sự cố được cập nhật theo gói\n",
                "  systems unchanged; dossier history, assessments and incidents follow the bundle\n",
            ));
        }
    }
    if matches!(o.action, Action::Added | Action::Replaced) && o.left_out.any() {
        s.push_str(&left_out_line(&o.left_out, lang));
    }
    s
}

pub fn merge(env: &Env, a: &MergeArgs) -> Result<ExitCode, Failure> {
    let lang = env.lang;
    // every bundle is read and checked before the store is opened: a bad one changes nothing
    let mut read: Vec<(String, Bundle)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for p in &a.bundles {
        match read_one(p, lang) {
            Ok(b) => read.push((display(p), b)),
            Err(m) => problems.push(m),
        }
    }
    if !problems.is_empty() {
        problems.push(match lang {
            Lang::Vi => format!(
                "{} gói bị từ chối; không gộp gói nào, kho không thay đổi.",
                problems.len()
            ),
            Lang::En => format!(
                "{} bundle(s) refused; nothing was merged and the store is unchanged.",
                problems.len()
            ),
        });
        return Err(Failure::input(problems.join("\n")));
    }
    let units: Vec<UnitIn> = read
        .iter()
        .map(|(name, b)| UnitIn {
            source: name.clone(),
            unit: b.manifest.unit.clone(),
            tier: b.manifest.tier,
            parent_authority: b.manifest.parent_authority.clone(),
            created_at: b.manifest.created_at,
            sha256: b.manifest.content_sha256.clone(),
            dump: &b.dump,
        })
        .collect();
    let mut store = env.open(Access::ReadWrite)?;
    let outcomes = store
        .merge_units(&env.write_ctx(), &units, a.dry_run)
        .map_err(|e| match e {
            crate::store::merge::MergeError::Store(s) => Failure::store(&s, lang),
            other => Failure::input(other.message(lang)),
        })?;
    let mut out = String::new();
    for o in &outcomes {
        out.push_str(&describe(o, lang, a.dry_run));
    }
    let units_now = store.units().map_err(|e| Failure::store(&e, lang))?;
    out.push_str(&match (lang, a.dry_run) {
        (_, true) => lang
            .pick(
                "Chạy thử: không ghi gì vào kho.\n",
                "Dry run: nothing was written.\n",
            )
            .to_owned(),
        (Lang::Vi, false) => format!(
            "Kho hiện có dữ liệu của {} đơn vị khác; ghi vào nhật ký thay đổi lúc {}.\n",
            units_now.len(),
            i18n::datetime(env.wall)
        ),
        (Lang::En, false) => format!(
            "The store now holds {} other units; recorded in the change log at {}.\n",
            units_now.len(),
            i18n::datetime(env.wall)
        ),
    });
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- units in other commands

/// Whether the store holds systems of more than one unit (this store's own unit counts
/// when it has systems).
pub(super) fn multi_unit(data: &Dataset) -> bool {
    let mut first: Option<&str> = None;
    for s in &data.systems {
        match first {
            None => first = Some(&s.unit),
            Some(u) if u != s.unit => return true,
            Some(_) => {}
        }
    }
    false
}

/// The name shown for a unit key: a merged unit's name, or this store's own unit.
pub(super) fn unit_label(data: &Dataset, unit: &str, lang: Lang) -> String {
    if !unit.is_empty() {
        return sanitize(unit);
    }
    let own = data.profile.unit_name.trim();
    if own.is_empty() {
        lang.pick("(đơn vị này)", "(this unit)").to_owned()
    } else {
        sanitize(own)
    }
}

/// The unit key `--unit NAME` names: "" for this store's own unit (by its profile name),
/// else a merged unit's name. Exact names first, then the same name without diacritics or
/// case; an unknown name is refused with the known ones.
pub(super) fn select_unit(
    data: &Dataset,
    name: Option<&str>,
    lang: Lang,
) -> Result<Option<String>, Failure> {
    let Some(name) = name else {
        return Ok(None);
    };
    let want = crate::text::clean(name);
    let own = crate::text::clean(&data.profile.unit_name);
    let mut units: Vec<&str> = data
        .systems
        .iter()
        .map(|s| s.unit.as_str())
        .filter(|u| !u.is_empty())
        .collect();
    units.sort_unstable();
    units.dedup();
    if want == own {
        return Ok(Some(String::new()));
    }
    if let Some(u) = units.iter().find(|u| **u == want) {
        return Ok(Some((*u).to_owned()));
    }
    let f = crate::text::fold(&want);
    if !own.is_empty() && crate::text::fold(&own) == f {
        return Ok(Some(String::new()));
    }
    if let Some(u) = units.iter().find(|u| crate::text::fold(u) == f) {
        return Ok(Some((*u).to_owned()));
    }
    let mut known: Vec<String> = Vec::new();
    if !own.is_empty() {
        known.push(format!("\"{}\"", sanitize(&own)));
    }
    known.extend(units.iter().map(|u| format!("\"{}\"", sanitize(u))));
    let known = if known.is_empty() {
        lang.pick("không có", "none").to_owned()
    } else {
        known.join(", ")
    };
    Err(Failure {
        kind: ExitStatus::Usage,
        message: match lang {
            Lang::Vi => format!(
                "--unit: không có đơn vị \"{}\" (có: {known})",
                sanitize(&want)
            ),
            Lang::En => format!("--unit: no unit \"{}\" (known: {known})", sanitize(&want)),
        },
    })
}

/// The unit key of a deadline: its system's unit; items without a system belong to this
/// store's own unit.
pub(super) fn item_unit<'a>(d: &Deadline, data: &'a Dataset) -> &'a str {
    d.system(data)
        .map(|i| data.systems[i].unit.as_str())
        .unwrap_or("")
}

/// Keeps the deadlines of the unit `--unit NAME` names (all without it).
pub(super) fn only_unit(
    items: Vec<Deadline>,
    data: &Dataset,
    name: Option<&str>,
    lang: Lang,
) -> Result<Vec<Deadline>, Failure> {
    Ok(match select_unit(data, name, lang)? {
        None => items,
        Some(u) => items
            .into_iter()
            .filter(|d| item_unit(d, data) == u)
            .collect(),
    })
}

/// Inserts a "Unit" column at `at` into a table whose rows are in `units` order.
pub(super) fn add_unit_column(t: &mut Table, at: usize, units: Vec<String>, lang: Lang) {
    let at = at.min(t.header.len());
    t.header.insert(at, lang.pick("Đơn vị", "Unit").to_owned());
    for (row, u) in t.rows.iter_mut().zip(units) {
        let at = at.min(row.len());
        row.insert(at, u);
    }
}
