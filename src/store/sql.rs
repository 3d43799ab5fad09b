//! The store's one SQL seam: a connection to SQLite (rusqlite) or PostgreSQL (postgres) with the
//! same calls on both. SQL is written once, in the subset both engines speak, with `?N`
//! placeholders (rewritten to `$N` for PostgreSQL); what differs goes through [`Db::engine`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use bytes::BytesMut;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{IsNull, Type};
pub use rusqlite::ToSql;
pub use rusqlite::params;
pub use rusqlite::types::Value;

pub type Result<T> = std::result::Result<T, Error>;

/// Which engine holds the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An error of either engine, or a value of an unexpected type.
#[derive(Debug)]
pub enum Error {
    Lite(rusqlite::Error),
    Pg(postgres::Error),
    /// A query that must return a row returned none.
    NoRows,
    /// A column whose value does not fit the Rust type asked for.
    Type {
        col: usize,
        detail: String,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Lite(e) => e.fmt(f),
            Error::Pg(e) => match e.as_db_error() {
                Some(d) => write!(f, "{}: {}", d.code().code(), d.message()),
                None => e.fmt(f),
            },
            Error::NoRows => f.write_str("Query returned no rows"),
            Error::Type { col, detail } => write!(f, "column {col}: {detail}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        match e {
            rusqlite::Error::QueryReturnedNoRows => Error::NoRows,
            e => Error::Lite(e),
        }
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        Error::Pg(e)
    }
}

impl Error {
    /// The SQLSTATE of a PostgreSQL error ("40001", "42501", …).
    pub fn pg_state(&self) -> Option<&str> {
        match self {
            Error::Pg(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }
}

/// `Ok(None)` for a query that returned no row.
pub trait Optional<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> Optional<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Parameters of a statement: `params![a, b]` (rusqlite's macro) or `&[]`.
pub type Params<'p> = &'p [&'p dyn ToSql];

/// Parameters from a list of values built at run time.
pub fn refs<T: ToSql>(v: &[T]) -> Vec<&dyn ToSql> {
    v.iter().map(|v| v as &dyn ToSql).collect()
}

/// A connection to the store's database.
pub struct Db(Inner);

enum Inner {
    Lite(rusqlite::Connection),
    Pg(Box<RefCell<Pg>>),
}

struct Pg {
    client: postgres::Client,
    /// The session's home unit: its rows read with `unit` '' (the local unit).
    home: String,
    /// Prepared statements by their SQL text as written (with `?N`).
    stmts: HashMap<String, postgres::Statement>,
}

/// One row of a result, of either engine.
pub enum Row<'a> {
    Lite(&'a rusqlite::Row<'a>),
    /// A PostgreSQL row and the session's home unit.
    Pg(&'a postgres::Row, &'a str),
}

/// A Rust type a column can be read into.
pub trait Col: rusqlite::types::FromSql + Sized {
    fn from_value(v: Value) -> std::result::Result<Self, String>;

    /// Column `i` of a PostgreSQL row; by default through a [`Value`], overridden where the
    /// column can be read as it is (the hot path of loading 100,000 systems).
    fn from_pg(r: &postgres::Row, i: usize, home: &str) -> Result<Self> {
        let v = match pg_value(r, i)? {
            Value::Text(t) if is_home(r, i, &t, home) => Value::Text(String::new()),
            v => v,
        };
        Self::from_value(v).map_err(|detail| Error::Type { col: i, detail })
    }
}

/// Whether a PostgreSQL column is NULL, whatever its type.
struct Nullness(bool);

impl<'a> postgres::types::FromSql<'a> for Nullness {
    fn from_sql(
        _: &Type,
        _: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Nullness(false))
    }

    fn from_sql_null(
        _: &Type,
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Nullness(true))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

fn int_of(v: Value) -> std::result::Result<i64, String> {
    match v {
        Value::Integer(i) => Ok(i),
        other => Err(format!("expected an integer, found {other:?}")),
    }
}

macro_rules! int_col {
    ($($t:ty),*) => {$(
        impl Col for $t {
            fn from_value(v: Value) -> std::result::Result<Self, String> {
                let i = int_of(v)?;
                <$t>::try_from(i).map_err(|_| format!("{i} out of range"))
            }

            fn from_pg(r: &postgres::Row, i: usize, _: &str) -> Result<Self> {
                let n: i64 = match *r.columns()[i].type_() {
                    Type::INT8 => r.try_get(i)?,
                    Type::INT4 => i64::from(r.try_get::<_, i32>(i)?),
                    _ => int_of(pg_value(r, i)?).map_err(|detail| Error::Type { col: i, detail })?,
                };
                <$t>::try_from(n).map_err(|_| Error::Type { col: i, detail: format!("{n} out of range") })
            }
        }
    )*};
}
int_col!(i64, i32, u32, u16, u8);

impl Col for bool {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        int_of(v).map(|i| i != 0)
    }
}

impl Col for f64 {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Real(f) => Ok(f),
            Value::Integer(i) => Ok(i as f64),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}

impl Col for String {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s),
            other => Err(format!("expected text, found {other:?}")),
        }
    }

    fn from_pg(r: &postgres::Row, i: usize, home: &str) -> Result<Self> {
        match *r.columns()[i].type_() {
            Type::TEXT | Type::VARCHAR => {
                let t: &str = r.try_get(i)?;
                Ok(if is_home(r, i, t, home) {
                    String::new()
                } else {
                    t.to_owned()
                })
            }
            _ => Self::from_value(pg_value(r, i)?).map_err(|detail| Error::Type { col: i, detail }),
        }
    }
}

impl Col for Vec<u8> {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b),
            Value::Text(s) => Ok(s.into_bytes()),
            other => Err(format!("expected bytes, found {other:?}")),
        }
    }
}

impl Col for Value {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        Ok(v)
    }
}

impl<T: Col> Col for Option<T> {
    fn from_pg(r: &postgres::Row, i: usize, home: &str) -> Result<Self> {
        if r.try_get::<_, Nullness>(i)?.0 {
            return Ok(None);
        }
        T::from_pg(r, i, home).map(Some)
    }

    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl Row<'_> {
    /// Column `i` as `T`.
    pub fn get<T: Col>(&self, i: usize) -> Result<T> {
        match self {
            Row::Lite(r) => Ok(r.get(i)?),
            Row::Pg(r, home) => T::from_pg(r, i, home),
        }
    }

    /// Column `i` as text borrowed from the row, "" for NULL or a value that is not text.
    pub fn text(&self, i: usize) -> Result<&str> {
        match self {
            Row::Lite(r) => match r.get_ref(i)? {
                rusqlite::types::ValueRef::Text(b) => std::str::from_utf8(b)
                    .map_err(|e| Error::Lite(rusqlite::Error::Utf8Error(i, e))),
                _ => Ok(""),
            },
            Row::Pg(r, home) => match *r.columns()[i].type_() {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                    let t = r.try_get::<_, Option<&str>>(i)?.unwrap_or("");
                    Ok(if is_home(r, i, t, home) { "" } else { t })
                }
                _ => Ok(""),
            },
        }
    }

    /// Column `i` as text borrowed from the row, for a column the schema declares `TEXT NOT
    /// NULL`: NULL or a value of another type is an error (only a damaged store has one), where
    /// [`Row::text`] reads it as "".
    pub fn text_required(&self, i: usize) -> Result<&str> {
        let is_text = match self {
            Row::Lite(r) => matches!(r.get_ref(i)?, rusqlite::types::ValueRef::Text(_)),
            Row::Pg(r, _) => {
                matches!(
                    *r.columns()[i].type_(),
                    Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME
                ) && r.try_get::<_, Option<&str>>(i)?.is_some()
            }
        };
        if !is_text {
            return Err(Error::Type {
                col: i,
                detail: "NULL or not text where the schema has text".into(),
            });
        }
        self.text(i)
    }

    /// Column `i`'s text as bytes, not checked as UTF-8 (a date or a key compared byte by
    /// byte); empty for NULL or a value that is not text.
    pub fn bytes(&self, i: usize) -> Result<&[u8]> {
        match self {
            Row::Lite(r) => match r.get_ref(i)? {
                rusqlite::types::ValueRef::Text(b) => Ok(b),
                _ => Ok(b""),
            },
            Row::Pg(..) => self.text(i).map(str::as_bytes),
        }
    }
}

/// A `unit` column holding the session's home unit, which capdo calls '' (the local unit).
fn is_home(r: &postgres::Row, i: usize, v: &str, home: &str) -> bool {
    !home.is_empty() && v == home && r.columns()[i].name() == "unit"
}

/// A PostgreSQL column as a dynamic value, by the column's type.
fn pg_value(r: &postgres::Row, i: usize) -> Result<Value> {
    let int = |v: Option<i64>| v.map_or(Value::Null, Value::Integer);
    Ok(match *r.columns()[i].type_() {
        Type::INT8 => int(r.try_get::<_, Option<i64>>(i)?),
        Type::INT4 => int(r.try_get::<_, Option<i32>>(i)?.map(i64::from)),
        Type::INT2 => int(r.try_get::<_, Option<i16>>(i)?.map(i64::from)),
        Type::BOOL => int(r.try_get::<_, Option<bool>>(i)?.map(i64::from)),
        Type::FLOAT8 => r
            .try_get::<_, Option<f64>>(i)?
            .map_or(Value::Null, Value::Real),
        Type::FLOAT4 => r
            .try_get::<_, Option<f32>>(i)?
            .map_or(Value::Null, |f| Value::Real(f64::from(f))),
        Type::BYTEA => r
            .try_get::<_, Option<Vec<u8>>>(i)?
            .map_or(Value::Null, Value::Blob),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => r
            .try_get::<_, Option<String>>(i)?
            .map_or(Value::Null, Value::Text),
        ref t => {
            return Err(Error::Type {
                col: i,
                detail: format!("unsupported PostgreSQL type {t}"),
            });
        }
    })
}

/// A parameter for PostgreSQL: the value rusqlite would bind, encoded as the type the server
/// inferred for its placeholder (so `?1` may be compared with a BIGINT or a TEXT column).
#[derive(Debug)]
struct PgParam(Value);

impl postgres::types::ToSql for PgParam {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::ToSql as P;
        let text = |t: &str, out: &mut BytesMut| P::to_sql(&t, &Type::TEXT, out);
        match (&self.0, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => P::to_sql(i, ty, out),
            (Value::Integer(i), &Type::INT4) => P::to_sql(&i32::try_from(*i)?, ty, out),
            (Value::Integer(i), &Type::INT2) => P::to_sql(&i16::try_from(*i)?, ty, out),
            (Value::Integer(i), &Type::BOOL) => P::to_sql(&(*i != 0), ty, out),
            (Value::Integer(i), &Type::FLOAT8) => P::to_sql(&(*i as f64), ty, out),
            (Value::Integer(i), _) => text(&i.to_string(), out),
            (Value::Real(f), &Type::FLOAT8) => P::to_sql(f, ty, out),
            (Value::Real(f), &Type::FLOAT4) => P::to_sql(&(*f as f32), ty, out),
            (Value::Real(f), _) => text(&f.to_string(), out),
            (Value::Text(s), &Type::INT8) => P::to_sql(&s.trim().parse::<i64>()?, ty, out),
            (Value::Text(s), &Type::INT4) => P::to_sql(&s.trim().parse::<i32>()?, ty, out),
            (Value::Text(s), &Type::BYTEA) => P::to_sql(&s.as_bytes(), ty, out),
            (Value::Text(s), _) => text(s, out),
            (Value::Blob(b), &Type::BYTEA) => P::to_sql(&b.as_slice(), ty, out),
            (Value::Blob(b), _) => text(&String::from_utf8_lossy(b), out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn pg_params(p: Params<'_>) -> Result<Vec<PgParam>> {
    p.iter()
        .map(|v| {
            Ok(PgParam(match v.to_sql()? {
                rusqlite::types::ToSqlOutput::Borrowed(r) => {
                    Value::try_from(r).map_err(|e| Error::Type {
                        col: 0,
                        detail: e.to_string(),
                    })?
                }
                rusqlite::types::ToSqlOutput::Owned(v) => v,
                _ => {
                    return Err(Error::Type {
                        col: 0,
                        detail: "a parameter of an unsupported kind".into(),
                    });
                }
            }))
        })
        .collect()
}

/// `?N` and `?` placeholders as PostgreSQL's `$N`, outside quotes and comments.
pub fn pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut n = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(*d);
                    chars.next();
                }
                if n.is_empty() {
                    n = next.to_string();
                }
                next = n.parse::<usize>().unwrap_or(next) + 1;
                out.push('$');
                out.push_str(&n);
            }
            c => out.push(c),
        }
    }
    out
}

impl Pg {
    fn stmt(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.stmts.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(&super::pg::rewrite(sql))?;
        self.stmts.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

impl Db {
    pub fn sqlite(conn: rusqlite::Connection) -> Db {
        Db(Inner::Lite(conn))
    }

    pub fn postgres(client: postgres::Client) -> Db {
        Db(Inner::Pg(Box::new(RefCell::new(Pg {
            client,
            home: String::new(),
            stmts: HashMap::new(),
        }))))
    }

    pub fn engine(&self) -> Engine {
        match self.0 {
            Inner::Lite(_) => Engine::Sqlite,
            Inner::Pg(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, the online backup).
    pub fn lite(&self) -> Option<&rusqlite::Connection> {
        match &self.0 {
            Inner::Lite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// The SQLite connection, mutable (the online backup writes through it).
    pub fn lite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.0 {
            Inner::Lite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// The SQLite connection, taken (to close it and see the error).
    pub fn into_lite(self) -> Option<rusqlite::Connection> {
        match self.0 {
            Inner::Lite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// Sets the session's home unit (PostgreSQL): its rows read with `unit` ''.
    pub fn set_home(&self, unit: &str) {
        if let Inner::Pg(pg) = &self.0 {
            pg.borrow_mut().home = unit.to_owned();
        }
    }

    /// Runs `f` with the PostgreSQL client, for what only PostgreSQL has (LISTEN/NOTIFY).
    pub fn with_pg<T>(&self, f: impl FnOnce(&mut postgres::Client) -> T) -> Option<T> {
        match &self.0 {
            Inner::Lite(_) => None,
            Inner::Pg(pg) => Some(f(&mut pg.borrow_mut().client)),
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, p: Params<'_>) -> Result<usize> {
        match &self.0 {
            Inner::Lite(c) => Ok(c.prepare_cached(sql)?.execute(p)?),
            Inner::Pg(pg) => {
                let mut pg = pg.borrow_mut();
                let st = pg.stmt(sql)?;
                let vals = pg_params(p)?;
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    vals.iter().map(|v| v as _).collect();
                let n = pg.client.execute(&st, &refs)?;
                Ok(n as usize)
            }
        }
    }

    /// Runs several statements without parameters (a migration).
    pub fn batch(&self, sql: &str) -> Result<()> {
        match &self.0 {
            Inner::Lite(c) => Ok(c.execute_batch(sql)?),
            Inner::Pg(pg) => {
                let mut pg = pg.borrow_mut();
                pg.stmts.clear();
                Ok(pg.client.batch_execute(sql)?)
            }
        }
    }

    /// Calls `f` with each row until it returns false; rows are read one at a time. `f` must
    /// not use this connection.
    pub fn each(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&Row) -> Result<bool>,
    ) -> Result<()> {
        match &self.0 {
            Inner::Lite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(p)?;
                while let Some(r) = rows.next()? {
                    if !f(&Row::Lite(r))? {
                        break;
                    }
                }
                Ok(())
            }
            Inner::Pg(pg) => {
                let mut pg = pg.borrow_mut();
                let st = pg.stmt(sql)?;
                let vals = pg_params(p)?;
                let pg = &mut *pg;
                let mut rows = pg.client.query_raw(&st, vals.iter())?;
                while let Some(r) = rows.next()? {
                    if !f(&Row::Pg(&r, &pg.home))? {
                        break;
                    }
                }
                Ok(())
            }
        }
    }

    /// Every row, each read by `f`. On PostgreSQL the rows stream as the server sends them and
    /// are read one by one: the client's channel holds one buffer of messages at a time, so
    /// 100,000 rows are never held at once, and the server goes on producing while the client
    /// reads (a cursor fetched in batches of 5,000 was a third slower and held more).
    pub fn collect<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, p, |r| {
            out.push(f(r)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The first row, read by `f`; `Error::NoRows` when there is none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        p: Params<'_>,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        self.each(sql, p, |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(false)
        })?;
        out.ok_or(Error::NoRows)
    }

    /// Runs an INSERT into a table keyed by `id` and returns the new row's id: SQLite's last
    /// row id, PostgreSQL's `RETURNING id`. (SQLite runs RETURNING as a trigger, which makes
    /// it keep a statement journal of every page the row touches: a third of an import's work.)
    pub fn insert_id(&self, sql: &str, p: Params<'_>) -> Result<i64> {
        match &self.0 {
            Inner::Lite(c) => match c.prepare_cached(sql)?.execute(p)? {
                // the last row id is that of this row only if this statement added one
                1 => Ok(c.last_insert_rowid()),
                _ => Err(Error::NoRows),
            },
            Inner::Pg(_) => self.query_row(&format!("{sql} RETURNING id"), p, |r| r.get(0)),
        }
    }

    /// Starts a transaction; it rolls back when dropped without [`Tx::commit`]. `Immediate`
    /// takes SQLite's write lock at once (PostgreSQL's row locks are taken by the statements).
    pub fn begin(&self, mode: TxMode) -> Result<Tx<'_>> {
        let sql = match (self.engine(), mode) {
            (Engine::Sqlite, TxMode::Immediate) => "BEGIN IMMEDIATE",
            (Engine::Sqlite, TxMode::Deferred) => "BEGIN DEFERRED",
            (Engine::Postgres, _) => "BEGIN",
        };
        self.raw(sql)?;
        Ok(Tx {
            db: self,
            open: Cell::new(true),
        })
    }

    fn raw(&self, sql: &str) -> Result<()> {
        match &self.0 {
            Inner::Lite(c) => Ok(c.execute_batch(sql)?),
            Inner::Pg(pg) => Ok(pg.borrow_mut().client.batch_execute(sql)?),
        }
    }
}

/// A statement to run on a [`Db`], in the shape of rusqlite's (its SQL is prepared and cached
/// by the connection when it runs).
pub struct Stmt<'a> {
    db: &'a Db,
    sql: String,
}

impl Db {
    /// A statement (prepared when it first runs, then cached).
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(Stmt {
            db: self,
            sql: sql.to_owned(),
        })
    }

    /// The same as [`Db::prepare`]: every statement is cached.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        self.prepare(sql)
    }
}

impl Stmt<'_> {
    /// Every row, each read by `f` (read whole before the first is returned).
    pub fn query_map<T>(
        &mut self,
        p: Params<'_>,
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let mut out = Vec::new();
        self.db.each(&self.sql, p, |r| {
            out.push(f(r));
            Ok(true)
        })?;
        Ok(out.into_iter())
    }

    pub fn query_row<T>(&mut self, p: Params<'_>, f: impl FnOnce(&Row) -> Result<T>) -> Result<T> {
        self.db.query_row(&self.sql, p, f)
    }

    pub fn execute(&mut self, p: Params<'_>) -> Result<usize> {
        self.db.execute(&self.sql, p)
    }
}

/// How a transaction starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxMode {
    /// Readers first; SQLite takes the write lock at the first write.
    Deferred,
    /// A writer: SQLite's write lock from the start.
    Immediate,
}

/// A transaction in progress on a [`Db`] (reads and writes go through it as through the
/// connection).
pub struct Tx<'a> {
    db: &'a Db,
    open: Cell<bool>,
}

impl Tx<'_> {
    pub fn commit(self) -> Result<()> {
        self.open.set(false);
        self.db.raw("COMMIT")
    }

    pub fn rollback(self) -> Result<()> {
        self.open.set(false);
        self.db.raw("ROLLBACK")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open.get() {
            let _ = self.db.raw("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes_and_comments() {
        assert_eq!(
            pg_placeholders("SELECT a FROM t WHERE b = ?1 AND c = '?2' -- ?3\n AND d = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' -- ?3\n AND d = $2"
        );
        assert_eq!(pg_placeholders("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        assert_eq!(pg_placeholders("x = ?12 OR y = ?2"), "x = $12 OR y = $2");
    }

    #[test]
    fn sqlite_rows_read_through_the_seam() {
        rows_read_through_the_seam(Db::sqlite(rusqlite::Connection::open_in_memory().unwrap()));
    }

    #[test]
    fn postgres_rows_read_through_the_seam() {
        if let Some(url) = crate::store::testdb::fresh() {
            rows_read_through_the_seam(Db::postgres(crate::store::pg::connect(&url).unwrap()));
        }
    }

    #[test]
    fn sqlite_tables_read_whole() {
        table_read_whole(Db::sqlite(rusqlite::Connection::open_in_memory().unwrap()));
    }

    #[test]
    fn postgres_tables_read_whole() {
        if let Some(url) = crate::store::testdb::fresh() {
            table_read_whole(Db::postgres(crate::store::pg::connect(&url).unwrap()));
        }
    }

    /// A whole-table read gives every row in order (more than a socket buffer holds), inside
    /// a transaction (its own writes) and after it.
    fn table_read_whole(db: Db) {
        db.batch("CREATE TABLE big (n BIGINT PRIMARY KEY)").unwrap();
        let tx = db.begin(TxMode::Immediate).unwrap();
        for n in 0..12_345i64 {
            tx.execute("INSERT INTO big (n) VALUES (?1)", params![n])
                .unwrap();
        }
        let inside: Vec<i64> = tx
            .collect("SELECT n FROM big ORDER BY n", params![], |r| r.get(0))
            .unwrap();
        assert_eq!(inside, (0..12_345).collect::<Vec<_>>());
        tx.execute("INSERT INTO big (n) VALUES (?1)", params![99_999i64])
            .unwrap();
        tx.commit().unwrap();
        let outside: Vec<i64> = db
            .collect("SELECT n FROM big ORDER BY n", params![], |r| r.get(0))
            .unwrap();
        assert_eq!(outside.len(), 12_346);
        assert_eq!(outside.last(), Some(&99_999));
    }

    /// The same calls read the same rows on either engine, and a dropped transaction is
    /// rolled back.
    fn rows_read_through_the_seam(db: Db) {
        db.batch("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, NULL);")
            .unwrap();
        let rows: Vec<(i64, Option<String>, String)> = db
            .collect("SELECT a, b, b FROM t ORDER BY a", params![], |r| {
                Ok((r.get(0)?, r.get(1)?, r.text(2)?.to_owned()))
            })
            .unwrap();
        assert_eq!(
            rows,
            vec![(1, Some("x".into()), "x".into()), (2, None, String::new())]
        );
        let none = db
            .query_row("SELECT a FROM t WHERE a = ?1", params![9], |r| {
                r.get::<i64>(0)
            })
            .optional()
            .unwrap();
        assert_eq!(none, None);
        {
            let tx = db.begin(TxMode::Immediate).unwrap();
            tx.execute("INSERT INTO t VALUES (?1, ?2)", params![3, "y"])
                .unwrap();
        } // dropped: rolled back
        let n: i64 = db
            .query_row("SELECT count(*) FROM t", params![], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }
}
