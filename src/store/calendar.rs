//! The officer's own working-day calendar days (table `calendar_day`): reading them, and adding
//! or replacing one with its change-log entry.

use super::sql::{self, Optional, params};
use serde_json::json;

use super::{Store, StoreError, WriteCtx, date_s, datetime_s, map_sql, parse_d};
use crate::domain::CalendarDay;

impl Store {
    /// The officer's calendar days, in date order.
    pub fn calendar_days(&self) -> Result<Vec<CalendarDay>, StoreError> {
        let rows = self
            .db
            .collect(
                "SELECT on_date, working, note FROM calendar_day WHERE unit = '' ORDER BY on_date",
                params![],
                |r| {
                    Ok((
                        parse_d(r.get(0)?),
                        r.get::<i64>(1)? != 0,
                        r.get::<String>(2)?,
                    ))
                },
            )
            .map_err(|e| self.err(e))?;
        let out = rows
            .into_iter()
            .filter_map(|(date, working, note)| {
                Some(CalendarDay {
                    date: date?,
                    working,
                    note,
                })
            })
            .collect();
        Ok(out)
    }

    /// Adds a calendar day, or replaces the one on the same date; one change-log entry.
    /// Returns whether a day was replaced.
    pub fn set_calendar_day(
        &mut self,
        ctx: &WriteCtx,
        d: &CalendarDay,
    ) -> Result<bool, StoreError> {
        let path = self.path.clone();
        self.write(ctx, |tx, log| {
            let e = |e: sql::Error| map_sql(&path, e);
            let key = date_s(d.date);
            let old: Option<(i64, String)> = tx
                .query_row(
                    "SELECT working, note FROM calendar_day WHERE unit = '' AND on_date = ?1",
                    params![key],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(e)?;
            tx.execute(
                "INSERT INTO calendar_day (on_date, working, note, added_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (on_date) DO UPDATE SET working = excluded.working, note = excluded.note, added_at = excluded.added_at",
                params![key, i64::from(d.working), d.note, datetime_s(ctx.at)],
            )
            .map_err(e)?;
            let new = json!({"working": d.working, "note": d.note});
            let old = old.map(|(w, n)| json!({"working": w != 0, "note": n}));
            let action = if old.is_some() { "update" } else { "create" };
            log.append(tx, "calendar", &key, action, old.as_ref(), Some(&new))
                .map_err(e)?;
            Ok(old.is_some())
        })
    }
}
