//! Loading the dataset from SQLite in a handful of whole-table queries (never one per row).

use super::sql::{self, Row, params};

use super::tables::{ASSESSMENTS, CUSTOMS, INCIDENTS, PROJECTS, REPORTS, STEPS, Table};
use super::{Store, StoreError, parse_dt};
use crate::domain::*;

/// How much to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// What the rules and the dashboard's lists need: profile, systems, incidents, report
    /// submissions, custom deadlines and projects (not the per-system history).
    Rules,
    /// Everything, dossier steps and assessments too, for exports and reports.
    Full,
    /// Only what the deadline engine and the Overview read (`due`, `check`, the dashboard's
    /// first frame): systems without their free-text fields (owner, operator, responsible,
    /// notes, references; `fill_text` adds them later).
    Deadlines,
}

/// The system columns the engine needs (the free-text fields are left empty), then whether
/// the seven columns most systems hold at their usual value do (owned, dossier approved, plan
/// full, this unit's, no approved level of its own, not under investment, not decommissioned):
/// `system_row_lean` then sets them without reading them. Reading a column costs more than
/// SQLite's test (three calls into SQLite each), and the lean rows are the hot loop of every
/// start and of `due`: 10 % fewer instructions for `due --json` at 10,000 systems.
const SYSTEM_COLS_LEAN: &str = "id, code, name, relation, level, dossier_state, dossier_since, \
    approved_on, plan_status, go_live_on, decommissioned_on, last_assessed_on, unit, approved_level, under_investment, \
    CASE WHEN relation = 'owned' AND dossier_state = 'approved' AND plan_status = 'full' AND unit = '' \
    AND approved_level IS NULL AND under_investment = 0 AND decommissioned_on IS NULL THEN 1 ELSE 0 END";

/// The SELECT list of a whole system (from the table of its fields).
pub(super) fn system_cols() -> &'static str {
    super::tables::system_select_list()
}

/// The condition of a system "odd" for `load_urgent`: its deadlines do not follow from its
/// last assessment alone. Word for word the WHERE of the partial index `system_odd` (schema 6).
const SYSTEM_ODD: &str = "dossier_state <> 'approved' OR plan_status <> 'full' OR length(go_live_on) <> 10 OR last_assessed_on IS NULL OR NOT (length(last_assessed_on) = 10 AND date(last_assessed_on) IS last_assessed_on) OR NOT (length(approved_on) = 10 AND date(approved_on) IS approved_on)";

/// The ids of `load_urgent`'s candidates when narrowed (parameters ?1 today, ?2..?6 the
/// cutoffs of levels 1 to 5): through the indexes of schema 6, a superset of the answer — the
/// odd systems, those not live yet, and per level those assessed on or before the cutoff; the
/// rest, never listed, are not read at all. An id may come more than once.
fn urgent_candidates() -> String {
    let by_level: String = (1..=5)
        .map(|l| {
            format!(
                " UNION ALL SELECT id FROM system WHERE level = {l} AND last_assessed_on <= ?{}",
                l + 1
            )
        })
        .collect();
    format!(
        "SELECT id FROM system WHERE {SYSTEM_ODD} \
         UNION ALL SELECT id FROM system WHERE go_live_on > ?1{by_level}"
    )
}

/// The test of `Store::load_urgent` on a system row (parameters: ?1 today, ?2..?6 the cutoffs
/// of levels 1 to 5, ?7 the approval date before which a transition clock is near). Every
/// test is ordered so that the usual row (owned, approved, plan full, dates as capdo writes
/// them) costs string comparisons only: a function runs on the few others. The baseline's
/// test is written with AND and OR, not CASE: SQLite stops at the first operand that decides
/// only where a condition is tested, not where a value is computed (a CASE's THEN, where it
/// ran date() on every row: 7 % of `due --json` at 10,000 systems).
fn urgent_test() -> String {
    let valid = |c: &str| format!("(length({c}) = 10 AND date({c}) IS {c})");
    format!(
        "relation <> 'used' \
         AND NOT (decommissioned_on IS NOT NULL AND decommissioned_on <= ?1 AND {dec}) \
         AND (dossier_state <> 'approved' OR plan_status <> 'full' \
              OR go_live_on > ?1 OR length(go_live_on) <> 10 OR approved_on < ?7 \
              OR (last_assessed_on IS NOT NULL AND (last_assessed_on <= {cut} OR NOT {last})) \
              OR (last_assessed_on IS NULL AND (approved_on IS NULL OR approved_on <= {cut} OR NOT {appr})))",
        dec = valid("decommissioned_on"),
        last = valid("last_assessed_on"),
        appr = valid("approved_on"),
        cut = "(CASE level WHEN 1 THEN ?2 WHEN 2 THEN ?3 WHEN 3 THEN ?4 WHEN 4 THEN ?5 WHEN 5 THEN ?6 END)",
    )
}

/// The query of `Store::load_urgent`: every row tested (parameters ?1..?7), or with `indexed`
/// (no transition clock near) the candidates, untested (?1..?6): they are nearly all listed
/// (3,471 of 3,471 at 10,000 systems with one assessment each), so testing them again cost more
/// than the few rows the engine then drops (7 % of `due --json`). Narrowed, PostgreSQL runs it
/// (its ids through `IN (…)`); SQLite reads the candidates by id instead (`urgent_by_ids`).
fn urgent_query(indexed: bool) -> String {
    if indexed {
        format!(
            "SELECT {SYSTEM_COLS_LEAN} FROM system WHERE id IN ({}) ORDER BY id",
            urgent_candidates()
        )
    } else {
        format!(
            "SELECT {SYSTEM_COLS_LEAN} FROM system WHERE {} ORDER BY id",
            urgent_test()
        )
    }
}

/// `load_urgent` narrowed, on SQLite: the candidates' ids from the indexes alone, sorted and
/// deduplicated here, then their rows read by id in that order through `rarray` (rusqlite's
/// array table): the pages of the file in order, as `IN (…)` reads them, without SQLite
/// building a temporary index of the ids first.
fn urgent_by_ids(
    db: &sql::Db,
    c: &rusqlite::Connection,
    args: &[String; 7],
) -> sql::Result<Vec<System>> {
    rusqlite::vtab::array::load_module(c)?;
    let mut ids: Vec<i64> = db.collect(
        &urgent_candidates(),
        &crate::store::sql::refs(&args[..6]),
        |r| r.get(0),
    )?;
    ids.sort_unstable();
    ids.dedup();
    let ids: rusqlite::vtab::array::Array =
        std::rc::Rc::new(ids.into_iter().map(rusqlite::types::Value::from).collect());
    let mut rows = db.collect(
        &format!(
            "SELECT {SYSTEM_COLS_LEAN} FROM rarray(?1) AS c CROSS JOIN system ON system.id = c.value"
        ),
        params![ids],
        system_row_lean,
    )?;
    // in the array's order (CROSS JOIN keeps it the outer loop); `load_urgent` relies on it
    if !rows.is_sorted_by_key(|s| s.id) {
        rows.sort_by_key(|s| s.id);
    }
    Ok(rows)
}

/// Reads a system with only the fields the rules read (of `SELECT {SYSTEM_COLS_LEAN}`).
fn system_row_lean(r: &Row) -> sql::Result<System> {
    let mut s = System::new("", "");
    s.id = r.get(0)?;
    s.code = r.get(1)?;
    s.name = r.get(2)?;
    s.level = r.get::<Option<i64>>(4)?.and_then(Level::new);
    s.dossier_since = date_ref(r, 6)?;
    s.approved_on = date_ref(r, 7)?;
    s.go_live_on = date_ref(r, 9)?;
    s.last_assessed_on = date_ref(r, 11)?;
    if r.get::<i64>(15)? == 1 {
        // the usual values, as SQLite found them (unit '' is this unit, as `unit` reads)
        s.relation = Relation::Owned;
        s.dossier = DossierState::Approved;
        s.plan = PlanStatus::Full;
        s.unit.clear();
        s.approved_level = None;
        s.under_investment = false;
        s.decommissioned_on = None;
        return Ok(s);
    }
    s.relation = Relation::from_key(text_ref(r, 3)?).unwrap_or(Relation::Owned);
    s.dossier = DossierState::from_key(text_ref(r, 5)?).unwrap_or(DossierState::None);
    s.plan = PlanStatus::from_key(text_ref(r, 8)?).unwrap_or(PlanStatus::None);
    s.decommissioned_on = date_ref(r, 10)?;
    s.unit = r.get(12)?;
    s.approved_level = r.get::<Option<i64>>(13)?.and_then(Level::new);
    s.under_investment = r.get(14)?;
    Ok(s)
}

/// A text column borrowed from the row (no allocation); "" for NULL.
pub(super) fn text_ref<'r>(r: &'r Row, i: usize) -> sql::Result<&'r str> {
    r.text(i)
}

/// A date column, parsed in place.
pub(super) fn date_ref(r: &Row, i: usize) -> sql::Result<Option<chrono::NaiveDate>> {
    Ok(super::iso_date_bytes(r.bytes(i)?))
}

/// Reads a system (of `SELECT {system_cols()}`); enums and dates are read without allocating
/// (this is the hot loop of every start-up: 100,000 rows).
pub(super) fn system_row(r: &Row) -> sql::Result<System> {
    let mut s = System::new("", "");
    super::tables::read_system(r, &mut s)?;
    Ok(s)
}

/// `system_row` into a value read before: its texts keep their buffers, so a row costs no
/// allocation once they are long enough (for output streamed row by row).
fn system_row_into(r: &Row, s: &mut System) -> sql::Result<()> {
    super::tables::read_system(r, s)
}

impl Store {
    /// Calls `f` with each system in id order, all fields read into one reused value, until
    /// `f` returns false: for output written system by system (`systems --json`), without
    /// holding the inventory in memory.
    pub fn each_system(&self, mut f: impl FnMut(&System) -> bool) -> Result<(), StoreError> {
        let mut s = System::new("", "");
        self.db
            .each(
                &format!("SELECT {} FROM system ORDER BY id", system_cols()),
                params![],
                |r| {
                    system_row_into(r, &mut s)?;
                    Ok(f(&s))
                },
            )
            .map_err(|e| self.err(e))
    }

    /// The names of the merged units that have systems (this unit's own, "", left out), sorted.
    pub fn unit_names(&self) -> Result<Vec<String>, StoreError> {
        self.collect(
            "SELECT DISTINCT unit FROM system WHERE unit <> '' ORDER BY unit",
            |r| r.get(0),
        )
    }

    /// The organisation profile.
    pub fn profile(&self) -> Result<Profile, StoreError> {
        self.db
            .query_row(
                &super::tables::profile_select("", " AND unit = ''"),
                params![],
                super::tables::read_profile,
            )
            .map_err(|e| self.err(e))
    }

    /// All systems, ordered by id.
    pub fn systems(&self) -> Result<Vec<System>, StoreError> {
        self.db
            .collect(
                &format!("SELECT {} FROM system ORDER BY id", system_cols()),
                params![],
                system_row,
            )
            .map_err(|e| self.err(e))
    }

    /// Adds the free-text fields to systems loaded with `Scope::Deadlines` (same order by id).
    pub fn fill_text(&self, systems: &mut [System]) -> Result<(), StoreError> {
        let mut i = 0;
        self.db
            .each(
                "SELECT id, owner, operator, decision_no, regulation_issued_on, regulation_ref, responsible, notes \
                 FROM system ORDER BY id",
                params![],
                |r| {
            let id: i64 = r.get(0)?;
            // the two reads see the same rows unless another process wrote in between: then
            // find the system by id (binary search; both lists are ordered by id)
            let at = if systems.get(i).is_some_and(|s| s.id == id) {
                Some(i)
            } else {
                systems.binary_search_by_key(&id, |s| s.id).ok()
            };
            if let Some(k) = at {
                let s = &mut systems[k];
                let text = |c: usize| r.get::<String>(c);
                let mut fill = || -> sql::Result<()> {
                    s.owner = text(1)?;
                    s.operator = text(2)?;
                    s.decision_no = text(3)?;
                    s.regulation_issued_on = date_ref(r, 4)?;
                    s.regulation_ref = text(5)?;
                    s.responsible = text(6)?;
                    s.notes = text(7)?;
                    Ok(())
                };
                fill()?;
                i = k + 1;
            }
            Ok(true)
                },
            )
            .map_err(|e| self.err(e))
    }

    /// One system by code (local unit).
    pub fn system_by_code(&self, code: &str) -> Result<Option<System>, StoreError> {
        let mut st = self
            .db
            .prepare_cached(&format!(
                "SELECT {} FROM system WHERE unit = '' AND code = ?1",
                system_cols()
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = st
            .query_map(params![code], system_row)
            .map_err(|e| self.err(e))?;
        rows.next().transpose().map_err(|e| self.err(e))
    }

    /// Loads the dataset.
    pub fn load(&self, scope: Scope) -> Result<Dataset, StoreError> {
        let mut data = Dataset::new(self.profile()?);
        data.systems = if scope == Scope::Deadlines {
            self.collect(
                &format!("SELECT {SYSTEM_COLS_LEAN} FROM system ORDER BY id"),
                system_row_lean,
            )?
        } else {
            self.systems()?
        };
        data.incidents = self.incidents()?;
        data.reports = self.report_submissions()?;
        data.customs = self.custom_deadlines()?;
        data.projects = self.projects()?;
        data.calendar = self.calendar_days()?;
        if scope == Scope::Full {
            data.steps = self.dossier_steps()?;
            data.assessments = self.assessments()?;
        }
        Ok(data)
    }

    /// `load(Scope::Deadlines)` for a list of what is overdue or due soon (`due`, `check`):
    /// of the systems, only those that can yield such an item, so that at 10,000 systems the
    /// rows of the others are neither copied out of SQLite nor built. Kept: every system an
    /// incident or an officer's deadline names, and every owned system not decommissioned by
    /// `today` whose dossier is not approved, plan not full, go-live after `today`, or whose
    /// assessment baseline (last assessment, else approval) is missing or on or before
    /// `cutoff[level - 1]` (the latest baseline whose periodic assessment is already due
    /// soon). A date that is not plain `YYYY-MM-DD` keeps its system, and the engine decides.
    /// Narrowed through the indexes, a few more are read (a used or decommissioned system
    /// among the candidates): the engine lists nothing for them.
    pub fn load_urgent(
        &self,
        profile: Profile,
        today: chrono::NaiveDate,
        cutoff: &[chrono::NaiveDate; 5],
        approved_before: chrono::NaiveDate,
    ) -> Result<Dataset, StoreError> {
        let mut data = Dataset::new(profile);
        let indexed =
            approved_before == chrono::NaiveDate::MIN && self.few_odd().map_err(|e| self.err(e))?;
        let d = super::date_s;
        let args = [
            d(today),
            d(cutoff[0]),
            d(cutoff[1]),
            d(cutoff[2]),
            d(cutoff[3]),
            d(cutoff[4]),
            d(approved_before),
        ];
        data.systems = match self.db.lite() {
            Some(c) if indexed => urgent_by_ids(&self.db, c, &args),
            _ => self.db.collect(
                &urgent_query(indexed),
                &crate::store::sql::refs(&args[..if indexed { 6 } else { 7 }]),
                system_row_lean,
            ),
        }
        .map_err(|e| self.err(e))?;
        data.incidents = self.incidents()?;
        data.reports = self.report_submissions()?;
        data.customs = self.custom_deadlines()?;
        data.projects = self.projects()?;
        data.calendar = self.calendar_days()?;
        // the systems that incidents and the officer's deadlines name, whatever their state
        // (a few; looked up one by one rather than tested on every row above)
        let named: std::collections::BTreeSet<i64> = (data.incidents.iter())
            .map(|i| i.system_id)
            .chain(data.customs.iter().map(|c| c.system_id))
            .flatten()
            .filter(|id| data.systems.binary_search_by_key(id, |s| s.id).is_err())
            .collect();
        let mut one = self
            .db
            .prepare_cached(&format!(
                "SELECT {SYSTEM_COLS_LEAN} FROM system WHERE id = ?1"
            ))
            .map_err(|e| self.err(e))?;
        let mut extra = Vec::with_capacity(named.len());
        for id in named {
            let found = one
                .query_map(params![id], system_row_lean)
                .map_err(|e| self.err(e))?
                .next()
                .transpose()
                .map_err(|e| self.err(e))?;
            extra.extend(found);
        }
        merge_by_id(&mut data.systems, extra);
        Ok(data)
    }

    /// Whether under a quarter of the systems are odd (`SYSTEM_ODD`): then the indexes narrow
    /// `load_urgent`'s reading; with more (a store where most dossiers are in progress) a
    /// list of candidates costs more than testing every row (measured: 10 % faster at 10,000
    /// systems all approved, 6 % slower with three in four odd). Counts through the partial
    /// index and stops at the quarter.
    fn few_odd(&self) -> sql::Result<bool> {
        let rows: i64 =
            self.db
                .query_row("SELECT coalesce(max(id), 0) FROM system", params![], |r| {
                    r.get(0)
                })?;
        let quarter = rows / 4;
        let odd: i64 = self.db.query_row(
            &format!(
                "SELECT count(*) FROM (SELECT 1 FROM system WHERE {SYSTEM_ODD} LIMIT ?1) AS odd"
            ),
            params![quarter],
            |r| r.get(0),
        )?;
        Ok(odd < quarter)
    }

    /// The dossier steps of one system, oldest first.
    pub fn steps_of(&self, system_id: i64) -> Result<Vec<DossierStep>, StoreError> {
        self.dossier_steps_where("WHERE system_id = ?1", Some(system_id))
    }

    /// The assessments of one system, oldest first.
    pub fn assessments_of(&self, system_id: i64) -> Result<Vec<Assessment>, StoreError> {
        self.assessments_where("WHERE system_id = ?1", Some(system_id))
    }

    pub fn dossier_steps(&self) -> Result<Vec<DossierStep>, StoreError> {
        self.dossier_steps_where("", None)
    }

    pub fn assessments(&self) -> Result<Vec<Assessment>, StoreError> {
        self.assessments_where("", None)
    }

    fn dossier_steps_where(
        &self,
        filter: &str,
        id: Option<i64>,
    ) -> Result<Vec<DossierStep>, StoreError> {
        let order = format!("{filter} ORDER BY system_id, id");
        let rows = self.table_rows(&STEPS, &["id", "system_id"], &order, id, |r, s| {
            s.id = r.get(0)?;
            r.get::<i64>(1)
        })?;
        Ok(rows
            .into_iter()
            .map(|(s, system_id)| DossierStep {
                id: s.id,
                system_id,
                state: s.state,
                on: s.on,
                reference: s.reference,
                actor: s.actor,
                note: s.note,
            })
            .collect())
    }

    fn assessments_where(
        &self,
        filter: &str,
        id: Option<i64>,
    ) -> Result<Vec<Assessment>, StoreError> {
        let order = format!("{filter} ORDER BY system_id, completed_on, id");
        let rows = self.table_rows(&ASSESSMENTS, &["id", "system_id"], &order, id, |r, a| {
            a.id = r.get(0)?;
            a.system_id = r.get(1)?;
            Ok(())
        })?;
        Ok(rows.into_iter().map(|(a, ())| a).collect())
    }

    pub fn incidents(&self) -> Result<Vec<Incident>, StoreError> {
        let rows = self.table_rows(
            &INCIDENTS,
            &["id", "system_id"],
            "ORDER BY id",
            None,
            |r, i| {
                i.id = r.get(0)?;
                i.system_id = r.get(1)?;
                Ok(())
            },
        )?;
        let mut incidents: Vec<Incident> = rows.into_iter().map(|(i, ())| i).collect();
        if incidents.is_empty() {
            return Ok(incidents);
        }
        let sent = self.collect(
            "SELECT incident_id, report, sent_at, recipients FROM incident_report ORDER BY incident_id, sent_at",
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    SentReport {
                        report: r.get(1)?,
                        sent_at: parse_dt(r.get(2)?).unwrap_or(chrono::NaiveDateTime::MIN),
                        recipients: r.get(3)?,
                    },
                ))
            },
        )?;
        for (id, rep) in sent {
            if let Ok(i) = incidents.binary_search_by_key(&id, |x| x.id) {
                incidents[i].reports.push(rep);
            }
        }
        Ok(incidents)
    }

    pub fn projects(&self) -> Result<Vec<Project>, StoreError> {
        let rows = self.table_rows(&PROJECTS, &["id"], "ORDER BY year, id", None, |r, p| {
            p.id = r.get(0)?;
            Ok(())
        })?;
        Ok(rows.into_iter().map(|(p, ())| p).collect())
    }

    /// The report submissions (a row whose period or date is not understood left out).
    pub fn report_submissions(&self) -> Result<Vec<ReportSubmission>, StoreError> {
        let rows = self.table_rows(&REPORTS, &["id"], "ORDER BY id", None, |r, x| {
            x.id = r.get(0)?;
            Ok(())
        })?;
        Ok(rows.into_iter().map(|(x, ())| x).collect())
    }

    pub fn custom_deadlines(&self) -> Result<Vec<CustomDeadline>, StoreError> {
        let rows = self.table_rows(
            &CUSTOMS,
            &["id", "system_id"],
            "ORDER BY id",
            None,
            |r, c| {
                c.id = r.get(0)?;
                c.system_id = r.get(1)?;
                Ok(())
            },
        )?;
        Ok(rows.into_iter().map(|(c, ())| c).collect())
    }

    /// Every row of `t` (`SELECT lead…, fields… FROM t {rest}`, `arg` as `?1`): the fields
    /// read into a blank record, then `f` reads the lead columns. A row whose date or period
    /// the record must have is not understood is left out where the table says so.
    pub(super) fn table_rows<R, X>(
        &self,
        t: &Table<R>,
        lead: &[&str],
        rest: &str,
        arg: Option<i64>,
        mut f: impl FnMut(&Row, &mut R) -> sql::Result<X>,
    ) -> Result<Vec<(R, X)>, StoreError> {
        let q = format!("SELECT {} FROM {} {rest}", t.columns(lead), t.name);
        let rows = self.collect_with(&q, arg, |r| {
            let mut x = (t.blank)();
            let ok = t.read_row(r, lead.len(), &mut x)?;
            let extra = f(r, &mut x)?;
            Ok((ok || !t.skip_unread).then_some((x, extra)))
        })?;
        Ok(rows.into_iter().flatten().collect())
    }

    pub(super) fn collect<T>(
        &self,
        q: &str,
        f: impl FnMut(&Row) -> sql::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        self.collect_with(q, None, f)
    }

    fn collect_with<T>(
        &self,
        q: &str,
        arg: Option<i64>,
        f: impl FnMut(&Row) -> sql::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        match arg {
            Some(a) => self.db.collect(q, params![a], f),
            None => self.db.collect(q, params![], f),
        }
        .map_err(|e| self.err(e))
    }
}

/// "24,24,12,12,6" → months per level.
pub(crate) fn parse_months(s: &str) -> Option<[u32; 5]> {
    let v: Vec<u32> = s.split(',').filter_map(|x| x.trim().parse().ok()).collect();
    <[u32; 5]>::try_from(v)
        .ok()
        .filter(|m| m.iter().all(|x| *x > 0))
}

/// Merges `extra` (sorted by id, none of its ids in `systems`) into `systems` (sorted by id),
/// in place: each system moves at most once. Inserting them one by one moved the whole tail
/// each time (615 systems named by incidents and deadlines in a store of 100,000: 10 GB of
/// copying, an eighth of `due --json`'s instructions).
fn merge_by_id(systems: &mut Vec<System>, mut extra: Vec<System>) {
    let mut i = systems.len();
    systems.resize_with(systems.len() + extra.len(), || System::new("", ""));
    // from the back: the larger id of the two lists' last goes to the last free place
    for k in (0..systems.len()).rev() {
        let take_extra = match (extra.last(), i.checked_sub(1)) {
            (Some(e), Some(prev)) => e.id > systems[prev].id,
            (Some(_), None) => true,
            (None, _) => break,
        };
        if take_extra {
            if let Some(e) = extra.pop() {
                systems[k] = e;
            }
        } else {
            i -= 1;
            systems.swap(i, k);
        }
    }
}

#[cfg(test)]
mod merge_tests {
    use super::*;

    #[test]
    fn systems_named_elsewhere_are_merged_in_id_order() {
        let sys = |id: i64| System {
            id,
            ..System::new(&format!("S{id}"), "")
        };
        for (have, add) in [
            (vec![2, 4, 6], vec![1, 3, 5, 7]),
            (vec![], vec![1, 2]),
            (vec![1, 2], vec![]),
            (vec![5, 6], vec![1, 2]),
            (vec![1, 2], vec![8, 9]),
        ] {
            let mut systems: Vec<System> = have.iter().map(|i| sys(*i)).collect();
            merge_by_id(&mut systems, add.iter().map(|i| sys(*i)).collect());
            let ids: Vec<i64> = systems.iter().map(|s| s.id).collect();
            let mut want = [have.clone(), add.clone()].concat();
            want.sort();
            assert_eq!(ids, want, "{have:?} + {add:?}");
            assert!(systems.iter().all(|s| s.code == format!("S{}", s.id)));
        }
    }
}

#[cfg(test)]
mod urgent_tests {
    use super::{SYSTEM_COLS_LEAN, SYSTEM_ODD, urgent_candidates, urgent_query};

    /// The urgent query's parameters on 29/11/2026 (30 days, the default intervals, no
    /// transition clock near).
    const ON_29_11_2026: [&str; 7] = [
        "2026-11-29",
        "2024-12-29",
        "2024-12-29",
        "2025-12-29",
        "2025-12-29",
        "2026-06-29",
        "-262143-01-01",
    ];
    use crate::store::testdb::{Place, both_engines};
    use crate::store::{Access, Store};

    /// With no transition clock near, SQLite finds the candidates through the indexes of schema
    /// 6 alone (the partial one included: its condition is stated word for word) and reads
    /// their rows by id, `rarray` the outer loop (`urgent_by_ids`); without them it tests
    /// every row.
    // SQLite only: its query plan (EXPLAIN QUERY PLAN).
    #[test]
    fn the_urgent_query_reads_through_the_indexes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let store =
            Store::open(&dir.path().join("u.sqlite3"), Access::ReadWrite, today).expect("open");
        let p = ON_29_11_2026;
        let plan = |sql: &str, n: usize| -> String {
            if let Some(c) = store.db().lite() {
                rusqlite::vtab::array::load_module(c).expect("rarray");
            }
            let mut st = store
                .db()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .expect("prepare");
            let rows = st
                .query_map(&crate::store::sql::refs(&p[..n]), |r| r.get::<String>(3))
                .expect("plan");
            rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("\n")
        };
        let candidates = plan(&urgent_candidates(), 6);
        for index in ["system_odd", "system_go_live", "system_due"] {
            assert!(candidates.contains(index), "{index}:\n{candidates}");
        }
        assert!(
            !candidates.lines().any(|l| l.trim() == "SCAN system"),
            "{candidates}"
        );
        let ids: rusqlite::vtab::array::Array = std::rc::Rc::new(Vec::new());
        let by_id = {
            if let Some(c) = store.db().lite() {
                rusqlite::vtab::array::load_module(c).expect("rarray");
            }
            let mut st = store
                .db()
                .prepare(&format!(
                    "EXPLAIN QUERY PLAN SELECT {SYSTEM_COLS_LEAN} FROM rarray(?1) AS c CROSS JOIN system ON system.id = c.value"
                ))
                .expect("prepare");
            st.query_map(crate::store::sql::params![ids], |r| r.get::<String>(3))
                .expect("plan")
                .map(|r| r.expect("row"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(
            by_id.contains("SCAN c VIRTUAL TABLE")
                && by_id.contains("SEARCH system USING INTEGER PRIMARY KEY"),
            "{by_id}"
        );
        assert!(
            plan(&urgent_query(false), 7)
                .lines()
                .any(|l| l.trim() == "SCAN system")
        );
    }

    /// On PostgreSQL the count of odd systems (`few_odd`) can read the partial index
    /// `system_odd`: its condition, with `capdo_date` inlined, is the query's word for word.
    #[test]
    fn postgresql_counts_the_odd_systems_through_the_partial_index() {
        let Some(at) = Place::postgres() else { return };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let store = Store::open(at.path(), Access::ReadWrite, today).expect("open");
        store.db().batch("SET enable_seqscan = off").expect("set");
        let plan = store
            .db()
            .collect(
                &format!("EXPLAIN SELECT count(*) FROM (SELECT 1 FROM system WHERE {SYSTEM_ODD} LIMIT 10) AS odd"),
                crate::store::sql::params![],
                |r| r.get::<String>(0),
            )
            .expect("plan")
            .join("\n");
        assert!(plan.contains("system_odd"), "{plan}");
    }

    both_engines!(the_narrowed_query_keeps_what_the_full_test_keeps);
    /// The narrowed query keeps every row of the full test, odd dates and states included, on
    /// several dates, in id order (and not every row); a store of mostly odd systems is not
    /// narrowed. That the engine then lists the same is `cli::due`'s test.
    fn the_narrowed_query_keeps_what_the_full_test_keeps(at: Place) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let store = Store::open(at.path(), Access::ReadWrite, today).expect("open");
        let dates = [
            None,
            Some("2019-02-28"),
            Some("2024-02-29"),
            Some("2024-12-31"),
            Some("2025-11-29"),
            Some("2026-06-30"),
            Some("2026-11-29"),
            Some("2027-03-01"),
            Some("2024-1-5"),
            Some(""),
            Some("2024-02-30"),
            Some(" 2024-01-01"),
            Some("khi nào"),
        ];
        let pick = |i: usize, k: usize| dates[(i * 7 + k * 5 + i / 11) % dates.len()];
        let insert = |i: usize, odd: bool| {
            store
                .db()
                .execute(
                    "INSERT INTO system (code, name, relation, level, dossier_state, plan_status, \
                     approved_on, go_live_on, decommissioned_on, last_assessed_on, created_at, updated_at) \
                     VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '2026-11-29T08:00:00', '2026-11-29T08:00:00')",
                    crate::store::sql::params![
                        format!("HT-{i:04}"),
                        if i.is_multiple_of(13) { "used" } else { "owned" },
                        (i % 7 != 6).then_some((i % 7 % 5 + 1) as i64),
                        if odd && i.is_multiple_of(3) { "submitted" } else { "approved" },
                        if odd && i % 3 == 1 { "partial" } else { "full" },
                        pick(i, 0),
                        pick(i, 1),
                        if i.is_multiple_of(6) { pick(i, 2) } else { None },
                        pick(i, 3),
                    ],
                )
                .expect("system");
        };
        for i in 0..600 {
            insert(i, i.is_multiple_of(10));
        }
        let ids = |indexed: bool, p: &[&str; 7]| -> Vec<i64> {
            let mut st = store.db().prepare(&urgent_query(indexed)).expect("prepare");
            let rows = st
                .query_map(
                    &crate::store::sql::refs(&p[..if indexed { 6 } else { 7 }]),
                    |r| r.get(0),
                )
                .expect("query");
            rows.map(|r| r.expect("row")).collect()
        };
        for p in [
            ON_29_11_2026,
            [
                "2026-02-28",
                "2024-03-31",
                "2024-03-31",
                "2025-03-31",
                "2025-03-31",
                "2025-09-30",
                "-262143-01-01",
            ],
            [
                "2027-03-01",
                "2000-01-01",
                "2000-01-01",
                "2000-01-01",
                "2000-01-01",
                "2000-01-01",
                "-262143-01-01",
            ],
        ] {
            let (narrow, full) = (ids(true, &p), ids(false, &p));
            if let Some(c) = store.db().lite() {
                // SQLite reads the same candidates by id, through `rarray`
                let args: [String; 7] = p.map(str::to_owned);
                let by_ids: Vec<i64> = super::urgent_by_ids(store.db(), c, &args)
                    .expect("by ids")
                    .iter()
                    .map(|s| s.id)
                    .collect();
                assert_eq!(by_ids, narrow, "{p:?}");
            }
            assert!(!full.is_empty() && full.len() < 600, "{}", full.len());
            // every row the full test keeps, in id order; the few more are the engine's to drop
            let kept: Vec<i64> = narrow
                .iter()
                .copied()
                .filter(|i| full.binary_search(i).is_ok())
                .collect();
            assert_eq!(kept, full, "{p:?}");
            assert!(narrow.windows(2).all(|w| w[0] < w[1]), "{p:?}");
            assert!(narrow.len() < 600, "{p:?}: {}", narrow.len());
        }
        // the 600 above, about half odd (their dates), and 2,000 plain ones: under a quarter
        for i in 600..2600 {
            store
                .db()
                .execute(
                    "INSERT INTO system (code, name, level, dossier_state, plan_status, approved_on, \
                     go_live_on, last_assessed_on, created_at, updated_at) VALUES (?1, ?1, 2, 'approved', \
                     'full', '2024-05-02', '2023-01-01', '2025-06-30', '2026-11-29T08:00:00', '2026-11-29T08:00:00')",
                    crate::store::sql::params![format!("HT-{i:04}")],
                )
                .expect("plain");
        }
        assert!(store.few_odd().expect("odd"));
        for i in 2600..3200 {
            insert(i, true);
        }
        assert!(!store.few_odd().expect("odd"));
    }
}
