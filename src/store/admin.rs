//! Who sees which units of a PostgreSQL store: a role given one unit (`unit_grant` and the
//! group role capdo_commune), a province role (capdo_province), the list of both and taking
//! them back, each with its change-log entry; and what the province reads of one unit's
//! profile for `bundle --unit`.

use serde_json::json;

use super::sql::{self, Optional, params};
use super::{Store, StoreError, WriteCtx, datetime_s, map_sql};
use crate::i18n::Lang;
use crate::i18n::msg::store::admin as m;

/// One role's access: a unit (a commune role) or every unit (`unit` None, a province role).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub role: String,
    pub unit: Option<String>,
    /// When the unit was granted (empty for a province role: PostgreSQL keeps no date).
    pub granted_at: String,
}

/// What a grant or a revoke did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    Changed,
    /// The role already had (or already lacked) it: nothing written.
    Already,
}

/// A unit's profile as the province reads it (`capdo_unit_profile`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitProfile {
    pub tier: String,
    pub parent_authority: String,
    pub officer: String,
    pub tracking_start: String,
    pub created_at: String,
}

fn refused(text: impl Fn(Lang) -> String) -> StoreError {
    StoreError::Refused {
        vi: text(Lang::Vi),
        en: text(Lang::En),
    }
}

/// What the role is on the server: (exists, sees every row anyway as a superuser or with
/// BYPASSRLS, is a member of capdo_province).
fn role_facts(tx: &sql::Db, role: &str) -> sql::Result<Option<(bool, bool)>> {
    tx.query_row(
        "SELECT rolsuper OR rolbypassrls, pg_has_role(oid, 'capdo_province', 'MEMBER') FROM pg_roles WHERE rolname = ?1",
        params![role],
        |r| Ok((r.get::<bool>(0)?, r.get::<bool>(1)?)),
    )
    .optional()
}

/// The role's name quoted as an SQL identifier, by the server itself.
fn quoted(tx: &sql::Db, role: &str) -> sql::Result<String> {
    tx.query_row("SELECT quote_ident(?1)", params![role], |r| r.get(0))
}

/// The units granted to `role` in this database.
fn units_of(tx: &sql::Db, role: &str) -> sql::Result<Vec<String>> {
    tx.collect(
        "SELECT unit AS u FROM unit_grant WHERE role = ?1 ORDER BY u",
        params![role],
        |r| r.get(0),
    )
}

/// Refuses, before anything else is read or written, a role that reaches no unit of an
/// existing PostgreSQL store (not its owner, a superuser, a province role, nor given a unit):
/// the server would only say "permission denied".
pub(crate) fn check_access(db: &sql::Db, path: &std::path::Path) -> Result<(), StoreError> {
    let e = |e| map_sql(path, e);
    let (open, role): (bool, String) = db
        .query_row(
            "SELECT CASE \
                WHEN to_regclass('unit_grant') IS NULL THEN true \
                WHEN (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN true \
                WHEN pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('unit_grant')), 'MEMBER') THEN true \
                WHEN pg_has_role(current_user, 'capdo_province', 'MEMBER') THEN true \
                ELSE false END, current_user::text",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(e)?;
    if open {
        return Ok(());
    }
    let may_read: bool = db
        .query_row(
            "SELECT has_table_privilege('unit_grant', 'SELECT')",
            params![],
            |r| r.get(0),
        )
        .map_err(e)?;
    let granted = may_read
        && db
            .query_row(
                "SELECT count(*) > 0 FROM unit_grant WHERE role = current_user",
                params![],
                |r| r.get::<bool>(0),
            )
            .map_err(e)?;
    if granted {
        return Ok(());
    }
    let role = role.as_str();
    Err(refused(|l| m::NoUnit { role }.text(l)))
}

impl Store {
    /// Refuses on SQLite: units and roles are a PostgreSQL store's.
    fn require_pg(&self) -> Result<(), StoreError> {
        match self.db.engine() {
            sql::Engine::Postgres => Ok(()),
            sql::Engine::Sqlite => {
                let path = self.path.display().to_string();
                Err(refused(|l| m::NotPostgres { path: &path }.text(l)))
            }
        }
    }

    /// A permission error as "run this as the database's owner".
    fn admin_err(&self, e: sql::Error) -> StoreError {
        if e.pg_state() == Some("42501") {
            let detail = e.to_string();
            return refused(|l| m::NotOwner { detail: &detail }.text(l));
        }
        map_sql(&self.path, e)
    }

    /// Checks that `role` exists and is an ordinary role (not capdo's own group roles, not one
    /// that sees every row anyway); whether it is a province role.
    fn check_role(&self, tx: &sql::Db, role: &str) -> Result<bool, StoreError> {
        if role == "capdo_commune" || role == "capdo_province" {
            return Err(refused(|l| m::GroupRole { role }.text(l)));
        }
        match role_facts(tx, role).map_err(|e| self.admin_err(e))? {
            None => Err(refused(|l| m::NoSuchRole { role }.text(l))),
            Some((true, _)) => Err(refused(|l| m::SeesAll { role }.text(l))),
            Some((false, province)) => Ok(province),
        }
    }

    /// Gives `role` the unit `unit`: a row in `unit_grant` and membership of capdo_commune.
    /// A role has one unit (its home, read as the local unit); a province role none.
    pub fn grant_unit(
        &mut self,
        ctx: &WriteCtx,
        role: &str,
        unit: &str,
    ) -> Result<Done, StoreError> {
        self.require_pg()?;
        let path = self.path.clone();
        let at = datetime_s(ctx.at);
        self.write_admin(ctx, |store, tx, log| {
            if store.check_role(tx, role)? {
                return Err(refused(|l| m::IsProvince { role }.text(l)));
            }
            let units = units_of(tx, role).map_err(|e| store.admin_err(e))?;
            if units.iter().any(|u| u == unit) {
                return Ok(Done::Already);
            }
            if let Some(other) = units.first() {
                return Err(refused(|l| m::HasUnit { role, unit: other }.text(l)));
            }
            let e = |e: sql::Error| store.admin_err(e);
            // one unit, one spelling: "Xa An Hoa" is not a new unit beside "Xã An Hòa"
            let known: Vec<String> = tx
                .collect(
                    "SELECT unit AS u FROM unit_grant UNION SELECT unit AS u FROM system WHERE unit <> ''",
                    params![],
                    |r| r.get(0),
                )
                .map_err(e)?;
            let f = crate::text::fold(unit);
            if let Some(existing) = known
                .iter()
                .find(|k| k.as_str() != unit && crate::text::fold(k) == f)
            {
                return Err(refused(|l| m::Spelling { unit, existing }.text(l)));
            }
            tx.execute(
                "INSERT INTO unit_grant (role, unit, granted_at) VALUES (?1, ?2, ?3)",
                params![role, unit, at],
            )
            .map_err(e)?;
            let q = quoted(tx, role).map_err(e)?;
            tx.batch(&format!("GRANT capdo_commune TO {q}"))
                .map_err(e)?;
            let new = json!({"role": role, "unit": unit});
            log.append(tx, "grant", role, "grant-unit", None, Some(&new))
                .map_err(|e| map_sql(&path, e))?;
            Ok(Done::Changed)
        })
    }

    /// Makes `role` a province role: a member of capdo_province, which reads and writes every
    /// unit.
    pub fn grant_all(&mut self, ctx: &WriteCtx, role: &str) -> Result<Done, StoreError> {
        self.require_pg()?;
        let path = self.path.clone();
        self.write_admin(ctx, |store, tx, log| {
            if store.check_role(tx, role)? {
                return Ok(Done::Already);
            }
            let e = |e: sql::Error| store.admin_err(e);
            if let Some(unit) = units_of(tx, role).map_err(e)?.first() {
                return Err(refused(|l| m::HasUnit { role, unit }.text(l)));
            }
            let q = quoted(tx, role).map_err(e)?;
            tx.batch(&format!("GRANT capdo_province TO {q}"))
                .map_err(e)?;
            let new = json!({"role": role, "unit": "*"});
            log.append(tx, "grant", role, "grant-all", None, Some(&new))
                .map_err(|e| map_sql(&path, e))?;
            Ok(Done::Changed)
        })
    }

    /// Takes back `unit` from `role` (every unit without one) or, from a province role, the
    /// province. A role left without a unit leaves capdo_commune.
    pub fn revoke(
        &mut self,
        ctx: &WriteCtx,
        role: &str,
        unit: Option<&str>,
    ) -> Result<Done, StoreError> {
        self.require_pg()?;
        let path = self.path.clone();
        self.write_admin(ctx, |store, tx, log| {
            let province = store.check_role(tx, role)?;
            let e = |e: sql::Error| store.admin_err(e);
            let q = quoted(tx, role).map_err(e)?;
            let had = units_of(tx, role).map_err(e)?;
            let gone: Vec<String> = had
                .iter()
                .filter(|u| unit.is_none_or(|w| w == u.as_str()))
                .cloned()
                .collect();
            let direct_province: bool = tx
                .query_row(
                    "SELECT count(*) > 0 FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles r ON r.oid = a.member WHERE g.rolname = 'capdo_province' AND r.rolname = ?1",
                    params![role],
                    |r| r.get(0),
                )
                .map_err(e)?;
            let drop_province = unit.is_none() && province && direct_province;
            if gone.is_empty() && !drop_province {
                return Ok(Done::Already);
            }
            for u in &gone {
                tx.execute(
                    "DELETE FROM unit_grant WHERE role = ?1 AND unit = ?2",
                    params![role, u],
                )
                .map_err(e)?;
                let old = json!({"role": role, "unit": u});
                log.append(tx, "grant", role, "revoke", Some(&old), None)
                    .map_err(|e| map_sql(&path, e))?;
            }
            if gone.len() == had.len() && !had.is_empty() {
                tx.batch(&format!("REVOKE capdo_commune FROM {q}"))
                    .map_err(e)?;
            }
            if drop_province {
                tx.batch(&format!("REVOKE capdo_province FROM {q}"))
                    .map_err(e)?;
                let old = json!({"role": role, "unit": "*"});
                log.append(tx, "grant", role, "revoke", Some(&old), None)
                    .map_err(|e| map_sql(&path, e))?;
            }
            Ok(Done::Changed)
        })
    }

    /// Every role given a unit in this database, and every province role (direct members of
    /// capdo_province), by role.
    pub fn grants(&self) -> Result<Vec<Grant>, StoreError> {
        self.require_pg()?;
        let e = |e: sql::Error| self.admin_err(e);
        let mut out: Vec<Grant> = self
            .db
            .collect(
                "SELECT role, unit AS u, granted_at FROM unit_grant ORDER BY role, u",
                params![],
                |r| {
                    Ok(Grant {
                        role: r.get(0)?,
                        unit: Some(r.get(1)?),
                        granted_at: r.get(2)?,
                    })
                },
            )
            .map_err(e)?;
        let province: Vec<String> = self
            .db
            .collect(
                "SELECT r.rolname::text FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles r ON r.oid = a.member WHERE g.rolname = 'capdo_province' AND r.rolname <> 'capdo_commune' ORDER BY 1",
                params![],
                |r| r.get(0),
            )
            .map_err(e)?;
        out.extend(province.into_iter().map(|role| Grant {
            role,
            unit: None,
            granted_at: String::new(),
        }));
        out.sort_by(|a, b| a.role.cmp(&b.role).then(a.unit.cmp(&b.unit)));
        Ok(out)
    }

    /// The profile of unit `unit` as the province may read it (None on SQLite, for a unit
    /// without one, or for a role that may not).
    pub fn unit_profile(&self, unit: &str) -> Result<Option<UnitProfile>, StoreError> {
        if self.db.engine() != sql::Engine::Postgres || unit.is_empty() {
            return Ok(None);
        }
        self.db
            .query_row(
                "SELECT tier, parent_authority, officer, tracking_start, created_at FROM capdo_unit_profile(?1)",
                params![unit],
                |r| {
                    Ok(UnitProfile {
                        tier: r.get(0)?,
                        parent_authority: r.get(1)?,
                        officer: r.get(2)?,
                        tracking_start: r.get(3)?,
                        created_at: r.get(4)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// One transaction with a change-log entry, its permission errors told as such.
    fn write_admin<T>(
        &mut self,
        ctx: &WriteCtx,
        f: impl FnOnce(&Store, &sql::Tx<'_>, &mut super::log::Logger) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .db
            .begin(sql::TxMode::Immediate)
            .map_err(|e| self.admin_err(e))?;
        // a commune role reads its own grant: refuse it before it learns more
        let may: bool = tx
            .query_row(
                "SELECT has_table_privilege('unit_grant', 'INSERT')",
                params![],
                |r| r.get(0),
            )
            .map_err(|e| self.admin_err(e))?;
        if !may {
            let detail = "unit_grant: INSERT";
            return Err(refused(|l| m::NotOwner { detail }.text(l)));
        }
        let mut log = super::log::Logger::start(&tx, ctx).map_err(|e| self.admin_err(e))?;
        let out = f(self, &tx, &mut log)?;
        tx.commit().map_err(|e| self.admin_err(e))?;
        Ok(out)
    }
}
