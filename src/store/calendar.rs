//! The officer's own working-day calendar days (table `calendar_day`): reading them, and adding
//! or replacing one with its change-log entry.

use super::sql::{self, Optional, params};
use serde_json::Value;

use super::restore::CalendarRow;
use super::tables::CALENDAR;
use super::{Store, StoreError, WriteCtx, date_s, datetime_s, map_sql};
use crate::domain::CalendarDay;

impl Store {
    /// The officer's calendar days, in date order (a row whose date is not understood left
    /// out).
    pub fn calendar_days(&self) -> Result<Vec<CalendarDay>, StoreError> {
        let rest = "WHERE unit = '' ORDER BY on_date";
        let rows = self.table_rows(&CALENDAR, &[], rest, None, |_, _| Ok(()))?;
        Ok(rows.into_iter().map(|(c, ())| c.day).collect())
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
            let t = &CALENDAR;
            let old = tx
                .query_row(
                    &format!(
                        "SELECT {} FROM {} WHERE unit = '' AND on_date = ?1",
                        t.columns(&[]),
                        t.name
                    ),
                    params![key],
                    |r| {
                        let mut c = (t.blank)();
                        t.read_row(r, 0, &mut c)?;
                        Ok(c)
                    },
                )
                .optional()
                .map_err(e)?;
            let row = CalendarRow {
                day: d.clone(),
                added_at: datetime_s(ctx.at),
            };
            // the date is the key: a day already there gets the new values
            tx.execute(&t.upsert(), &sql::refs(&t.values(&row, vec![])))
                .map_err(e)?;
            let new = Value::Object(t.logged(&row));
            let old = old.map(|c| Value::Object(t.logged(&c)));
            let action = if old.is_some() { "update" } else { "create" };
            log.append(tx, "calendar", &key, action, old.as_ref(), Some(&new))
                .map_err(e)?;
            Ok(old.is_some())
        })
    }
}
