//! The append-only change log: every write appends entries whose SHA-256 hashes chain, so an
//! edit made behind the program's back is detectable (`capdo verify`).

use super::sql::{self, Tx, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Store, StoreError, WriteCtx};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change-log entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub seq: i64,
    pub at: String,
    pub os_user: String,
    pub officer: String,
    pub entity: String,
    pub entity_key: String,
    pub action: String,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
    pub hash: String,
}

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    /// Only entries about this system code (the system and its dossier, assessments,
    /// incidents).
    pub system: Option<String>,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    pub seq: i64,
    pub reason: String,
}

fn digest(prev: &str, seq: i64, fields: [&str; 8]) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\x1f");
    h.update(seq.to_string().as_bytes());
    for f in fields {
        h.update(b"\x1f");
        h.update(f.as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let out = h.finalize();
    let mut s = String::with_capacity(64);
    for b in out {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 15)]));
    }
    s
}

/// Appends entries within one transaction, carrying the chain forward.
pub(crate) struct Logger {
    prev: String,
    seq: i64,
    at: String,
    os_user: String,
    officer: String,
}

impl Logger {
    pub(crate) fn start(tx: &Tx<'_>, ctx: &WriteCtx) -> sql::Result<Logger> {
        // one writer per unit at a time, so that two never chain from the same entry: on
        // PostgreSQL the writer locks its unit's profile row until it commits. Row-level
        // security hides every other unit's row, so no role can hold another unit's writers
        // (an advisory lock, keyed by a name any role can compute, could be taken by anyone).
        let officer: String = tx.query_row(
            match tx.engine() {
                sql::Engine::Postgres => {
                    "SELECT officer FROM profile WHERE id = 1 AND unit = '' FOR UPDATE"
                }
                sql::Engine::Sqlite => "SELECT officer FROM profile WHERE id = 1 AND unit = ''",
            },
            params![],
            |r| r.get(0),
        )?;
        let (seq, prev) = tx
            .query_row(
                "SELECT seq, hash FROM change_log WHERE unit = '' ORDER BY seq DESC LIMIT 1",
                params![],
                |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
            )
            .or_else(|e| match e {
                sql::Error::NoRows => Ok((0, GENESIS.to_owned())),
                e => Err(e),
            })?;
        // one numbering for every unit's entries: a province's SQLite backup holds several
        // chains, and this unit's last entry need not be the last of the file
        let seq: i64 = match tx.engine() {
            sql::Engine::Sqlite => tx.query_row(
                "SELECT COALESCE(max(seq), 0) FROM change_log",
                params![],
                |r| r.get(0),
            )?,
            sql::Engine::Postgres => seq,
        };
        Ok(Logger {
            prev,
            seq,
            at: super::datetime_s(ctx.at),
            os_user: ctx.os_user.clone(),
            officer,
        })
    }

    /// Appends one entry; returns its sequence number.
    pub(crate) fn append(
        &mut self,
        tx: &Tx<'_>,
        entity: &str,
        key: &str,
        action: &str,
        old: Option<&serde_json::Value>,
        new: Option<&serde_json::Value>,
    ) -> sql::Result<i64> {
        self.append_text(
            tx,
            entity,
            key,
            action,
            old.map(|v| v.to_string()),
            new.map(|v| v.to_string()),
        )
    }

    /// `append` with the old and new values already written as JSON text.
    pub(crate) fn append_text(
        &mut self,
        tx: &Tx<'_>,
        entity: &str,
        key: &str,
        action: &str,
        old_s: Option<String>,
        new_s: Option<String>,
    ) -> sql::Result<i64> {
        let mut seq = self.seq + 1;
        if tx.engine() == sql::Engine::Postgres {
            // the units share one numbering: the next number is the server's
            seq = tx.query_row(
                "SELECT nextval(pg_get_serial_sequence('change_log', 'seq'))",
                params![],
                |r| r.get(0),
            )?;
        }
        let hash = digest(
            &self.prev,
            seq,
            [
                &self.at,
                &self.os_user,
                &self.officer,
                entity,
                key,
                action,
                old_s.as_deref().unwrap_or(""),
                new_s.as_deref().unwrap_or(""),
            ],
        );
        tx.prepare_cached(
            "INSERT INTO change_log (seq, at, os_user, officer, entity, entity_key, action, old, new, prev_hash, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![seq, self.at, self.os_user, self.officer, entity, key, action, old_s, new_s, self.prev, hash])?;
        self.seq = seq;
        self.prev = hash;
        Ok(seq)
    }
}

impl Store {
    /// The change log, oldest first.
    pub fn log(&self, filter: &LogFilter) -> Result<Vec<LogEntry>, StoreError> {
        let mut q = String::from(
            "SELECT seq, at, os_user, officer, entity, entity_key, action, old, new, hash FROM change_log",
        );
        let mut args: Vec<String> = Vec::new();
        if let Some(code) = &filter.system {
            // a system's own entries are keyed by its code, the records that belong to it
            // (dossier steps, assessments, incidents…) by "CODE/…": the code part of a key is
            // matched exactly, so "A" never lists the entries of "A/B" (codes hold no "/" now,
            // but an older store may have one: a longer code that also starts the key wins);
            // periodic reports ("quarterly/2026-Q4") belong to no system
            q.push_str(
                " WHERE (entity = 'system' AND entity_key = ?1) \
                 OR (entity NOT IN ('system', 'report', 'calendar', 'profile', 'store', 'unit') \
                 AND substr(entity_key, 1, length(?1) + 1) = ?1 || '/' \
                 AND NOT EXISTS (SELECT 1 FROM system s WHERE s.unit = '' \
                 AND length(s.code) > length(?1) \
                 AND substr(entity_key, 1, length(s.code) + 1) = s.code || '/'))",
            );
            args.push(code.clone());
        }
        q.push_str(" ORDER BY seq");
        let mut st = self.db.prepare(&q).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(&sql::refs(&args), |r| {
                let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
                Ok(LogEntry {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    os_user: r.get(2)?,
                    officer: r.get(3)?,
                    entity: r.get(4)?,
                    entity_key: r.get(5)?,
                    action: r.get(6)?,
                    old: json(r.get(7)?),
                    new: json(r.get(8)?),
                    hash: r.get(9)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Re-computes the hash chain of each unit whose entries this session can read (an SQLite
    /// store has one, this unit's). Ok(number of entries) when intact.
    pub fn verify(&self) -> Result<Result<i64, VerifyError>, StoreError> {
        // `u`, not `unit`: the units as stored (the session's own is not read as '')
        let units: Vec<String> = self.collect(
            "SELECT DISTINCT unit AS u FROM change_log ORDER BY u",
            |r| r.get(0),
        )?;
        let mut n = 0;
        for unit in units {
            match self.verify_unit(&unit)? {
                Ok(k) => n += k,
                Err(v) => return Ok(Err(v)),
            }
        }
        Ok(Ok(n))
    }

    /// The chain of one unit's entries. On SQLite their numbers run 1, 2, 3… without a gap;
    /// a unit of a shared PostgreSQL store has every other unit's entries between its own, so
    /// there a gap shows only as a broken link.
    fn verify_unit(&self, unit: &str) -> Result<Result<i64, VerifyError>, StoreError> {
        let mut st = self
            .db
            .prepare(
                "SELECT seq, at, os_user, officer, entity, entity_key, action, COALESCE(old, ''), COALESCE(new, ''), prev_hash, hash \
                 FROM change_log WHERE unit = ?1 ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![unit], |r| {
                let mut texts = Vec::with_capacity(10);
                for i in 1..=10 {
                    texts.push(r.get::<Option<String>>(i)?.unwrap_or_default());
                }
                Ok((r.get::<i64>(0)?, texts))
            })
            .map_err(|e| self.err(e))?;
        let mut prev = GENESIS.to_owned();
        let mut n = 0;
        for row in rows {
            let (seq, texts) = row.map_err(|e| self.err(e))?;
            let get = |i: usize| -> &str { &texts[i - 1] };
            if get(9) != prev {
                return Ok(Err(VerifyError {
                    seq,
                    reason: "previous hash does not match".into(),
                }));
            }
            let h = digest(
                &prev,
                seq,
                [
                    get(1),
                    get(2),
                    get(3),
                    get(4),
                    get(5),
                    get(6),
                    get(7),
                    get(8),
                ],
            );
            if h != get(10) {
                return Ok(Err(VerifyError {
                    seq,
                    reason: "content does not match its hash".into(),
                }));
            }
            prev = get(10).to_owned();
            n += 1;
        }
        Ok(Ok(n))
    }
}

impl LogEntry {
    /// The officer's name, or the OS user when no name is set.
    pub fn officer_or_user(&self) -> String {
        if self.officer.is_empty() {
            self.os_user.clone()
        } else {
            self.officer.clone()
        }
    }
}
