//! The one query layer: SQL written once, with `$1` parameters, run on SQLite (rusqlite) or
//! PostgreSQL (postgres). Values cross it as [`Val`]; rows come back as [`Row`]s.
//!
//! Dialect differences stay here and in the two migration folders: SQLite reads `$N` as a
//! named parameter whose index is its order of appearance, so `$N` is rewritten to `?N`;
//! PostgreSQL types are strict, so a [`Val`] converts itself to the column's type.

use crate::error::StoreError;
use std::fmt;

/// A value passed to or read from the database.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::Int(i64::from(v))
    }
}
impl From<u32> for Val {
    fn from(v: u32) -> Val {
        Val::Int(i64::from(v))
    }
}
impl From<bool> for Val {
    fn from(v: bool) -> Val {
        Val::Int(i64::from(v))
    }
}
impl From<usize> for Val {
    fn from(v: usize) -> Val {
        Val::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<u64> for Val {
    fn from(v: u64) -> Val {
        Val::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::Real(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_owned())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::Text(v.clone())
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Val {
        Val::Blob(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

/// A row of a result.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row(pub Vec<Val>);

impl Row {
    fn get(&self, i: usize) -> &Val {
        self.0.get(i).unwrap_or(&Val::Null)
    }

    pub fn int(&self, i: usize) -> i64 {
        self.opt_int(i).unwrap_or(0)
    }

    pub fn opt_int(&self, i: usize) -> Option<i64> {
        match self.get(i) {
            Val::Int(v) => Some(*v),
            // Whole numbers computed by SQLite may come back as REAL.
            Val::Real(v) if v.fract() == 0.0 => Some(*v as i64),
            _ => None,
        }
    }

    pub fn real(&self, i: usize) -> f64 {
        match self.get(i) {
            Val::Real(v) => *v,
            Val::Int(v) => *v as f64,
            _ => 0.0,
        }
    }

    pub fn text(&self, i: usize) -> String {
        self.opt_text(i).unwrap_or_default()
    }

    pub fn opt_text(&self, i: usize) -> Option<String> {
        match self.get(i) {
            Val::Text(s) => Some(s.clone()),
            _ => None,
        }
    }

    pub fn blob(&self, i: usize) -> &[u8] {
        match self.get(i) {
            Val::Blob(b) => b,
            _ => &[],
        }
    }
}

/// Which database a store is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file (or `:memory:`).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// A connection to one of the two backends.
pub(crate) enum Conn {
    Sqlite(Box<rusqlite::Connection>),
    #[cfg(feature = "postgres")]
    Postgres(Box<pg::PgConn>),
}

/// `$N` → `?N` outside quoted strings and identifiers (SQLite numbers `$N` by appearance).
fn sqlite_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '$' => {
                out.push('?');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Val::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Val::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Val::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

fn sqlite_val(v: rusqlite::types::ValueRef<'_>) -> Val {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Val::Null,
        ValueRef::Integer(i) => Val::Int(i),
        ValueRef::Real(r) => Val::Real(r),
        ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Val::Blob(b.to_vec()),
    }
}

impl Conn {
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            #[cfg(feature = "postgres")]
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Run one statement; the number of rows it changed.
    pub fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c
                    .prepare_cached(&sqlite_params(sql))
                    .map_err(|e| StoreError::sqlite(sql, e))?;
                let n = st
                    .execute(rusqlite::params_from_iter(params.iter()))
                    .map_err(|e| StoreError::sqlite(sql, e))?;
                Ok(n as u64)
            }
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.execute(sql, params),
        }
    }

    /// Run a query; every row.
    pub fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c
                    .prepare_cached(&sqlite_params(sql))
                    .map_err(|e| StoreError::sqlite(sql, e))?;
                let n = st.column_count();
                let mut rows = st
                    .query(rusqlite::params_from_iter(params.iter()))
                    .map_err(|e| StoreError::sqlite(sql, e))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next().map_err(|e| StoreError::sqlite(sql, e))? {
                    let mut v = Vec::with_capacity(n);
                    for i in 0..n {
                        v.push(sqlite_val(
                            r.get_ref(i).map_err(|e| StoreError::sqlite(sql, e))?,
                        ));
                    }
                    out.push(Row(v));
                }
                Ok(out)
            }
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.query(sql, params),
        }
    }

    /// The first row, if any.
    pub fn query_one(&mut self, sql: &str, params: &[Val]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Statements without parameters, separated by `;` (migrations, transaction control).
    pub fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(c) => c.execute_batch(sql).map_err(|e| StoreError::sqlite(sql, e)),
            #[cfg(feature = "postgres")]
            Conn::Postgres(c) => c.batch(sql),
        }
    }

    /// Start a write transaction. SQLite takes the write lock at once (`IMMEDIATE`), so ids
    /// allocated inside it are the writer's alone.
    pub fn begin(&mut self) -> Result<(), StoreError> {
        match self.backend() {
            Backend::Sqlite => self.batch("BEGIN IMMEDIATE"),
            Backend::Postgres => self.batch("BEGIN"),
        }
    }

    pub fn commit(&mut self) -> Result<(), StoreError> {
        self.batch("COMMIT")
    }

    pub fn rollback(&mut self) -> Result<(), StoreError> {
        self.batch("ROLLBACK")
    }

    /// `n` fresh ids for `table` (one of the tables with ids). Inside a transaction.
    /// SQLite: above the largest id (the writer holds the lock); PostgreSQL: from the table's
    /// sequence, so concurrent writers never collide.
    pub fn alloc_ids(&mut self, table: &str, n: usize) -> Result<Vec<i64>, StoreError> {
        if n == 0 {
            return Ok(Vec::new());
        }
        match self.backend() {
            Backend::Sqlite => {
                let sql = format!("SELECT COALESCE(MAX(id), 0) FROM {table}");
                let max = self.query_one(&sql, &[])?.map_or(0, |r| r.int(0));
                Ok((1..=n as i64).map(|i| max + i).collect())
            }
            Backend::Postgres => {
                let sql = format!("SELECT nextval('{table}_id_seq') FROM generate_series(1, $1)");
                Ok(self
                    .query(&sql, &[Val::from(n)])?
                    .iter()
                    .map(|r| r.int(0))
                    .collect())
            }
        }
    }

    /// Insert many rows with multi-row `VALUES`, in statements of at most `MAX_PARAMS`
    /// parameters (SQLite allows 32,766, PostgreSQL 65,535).
    pub fn insert_many(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: &[Vec<Val>],
        suffix: &str,
    ) -> Result<(), StoreError> {
        const MAX_PARAMS: usize = 30_000;
        let width = columns.len().max(1);
        let per = (MAX_PARAMS / width).max(1);
        for chunk in rows.chunks(per) {
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
            let mut params = Vec::with_capacity(chunk.len() * width);
            for (i, row) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for j in 0..width {
                    if j > 0 {
                        sql.push_str(", ");
                    }
                    sql.push('$');
                    sql.push_str(&(params.len() + j + 1).to_string());
                }
                sql.push(')');
                params.extend(row.iter().cloned());
            }
            sql.push(' ');
            sql.push_str(suffix);
            self.execute(&sql, &params)?;
        }
        Ok(())
    }
}

/// `$1, $2, …, $n` starting after `offset` parameters, for `IN (…)` lists.
pub(crate) fn placeholders(offset: usize, n: usize) -> String {
    (offset + 1..=offset + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn open_sqlite(path: &str) -> Result<Conn, StoreError> {
    let c = rusqlite::Connection::open(path).map_err(|e| StoreError::Open {
        url: path.to_owned(),
        source: Box::new(e),
    })?;
    // The busy timeout first: switching a new file to WAL takes a lock that another process
    // opening the same new store may hold (it failed at once, "database is locked", when the
    // timeout came after). WAL: readers never block the writer; NORMAL sync: a commit
    // survives the process being killed (only a power cut may lose the last commits, never
    // consistency).
    c.execute_batch(
        "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
    )
    .map_err(|e| StoreError::Open {
        url: path.to_owned(),
        source: Box::new(e),
    })?;
    Ok(Conn::Sqlite(Box::new(c)))
}

#[cfg(feature = "postgres")]
pub(crate) mod pg {
    //! PostgreSQL through the synchronous `postgres` client; prepared statements are cached
    //! by their text.

    use super::{Row, Val};
    use crate::error::StoreError;
    use bytes::BytesMut;
    use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
    use std::collections::HashMap;
    use std::error::Error;

    pub struct PgConn {
        client: postgres::Client,
        statements: HashMap<String, postgres::Statement>,
    }

    impl ToSql for Val {
        fn to_sql(
            &self,
            ty: &Type,
            out: &mut BytesMut,
        ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
            match self {
                Val::Null => Ok(IsNull::Yes),
                Val::Int(v) => match *ty {
                    Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                    Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                    Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                    Type::BOOL => (*v != 0).to_sql(ty, out),
                    Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                    _ => v.to_sql(ty, out),
                },
                Val::Real(v) => match *ty {
                    Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                    _ => v.to_sql(ty, out),
                },
                Val::Text(s) => s.to_sql(ty, out),
                Val::Blob(b) => b.to_sql(ty, out),
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        to_sql_checked!();
    }

    fn value(row: &postgres::Row, i: usize) -> Result<Val, postgres::Error> {
        let ty = row.columns().get(i).map(|c| c.type_().clone());
        Ok(match ty {
            Some(Type::INT2) => row.try_get::<_, Option<i16>>(i)?.map(i64::from).into(),
            Some(Type::INT4) => row.try_get::<_, Option<i32>>(i)?.map(i64::from).into(),
            Some(Type::INT8) => row.try_get::<_, Option<i64>>(i)?.into(),
            Some(Type::FLOAT4) => row.try_get::<_, Option<f32>>(i)?.map(f64::from).into(),
            Some(Type::FLOAT8) => row.try_get::<_, Option<f64>>(i)?.into(),
            Some(Type::BOOL) => row.try_get::<_, Option<bool>>(i)?.into(),
            Some(Type::BYTEA) => row.try_get::<_, Option<Vec<u8>>>(i)?.into(),
            _ => row.try_get::<_, Option<String>>(i)?.into(),
        })
    }

    impl PgConn {
        pub fn connect(url: &str) -> Result<PgConn, StoreError> {
            let client =
                postgres::Client::connect(url, postgres::NoTls).map_err(|e| StoreError::Open {
                    url: crate::error::redact(url),
                    source: Box::new(e),
                })?;
            let mut c = PgConn {
                client,
                statements: HashMap::new(),
            };
            // Sources, cells and layouts are TOASTed: lz4 compresses them several times faster
            // than the default pglz. A server without lz4 (or before 14) keeps its default.
            let _ = c
                .client
                .batch_execute("SET default_toast_compression = 'lz4'");
            Ok(c)
        }

        fn statement(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
            if let Some(s) = self.statements.get(sql) {
                return Ok(s.clone());
            }
            let s = self
                .client
                .prepare(sql)
                .map_err(|e| StoreError::postgres(sql, e))?;
            // Multi-row inserts make many distinct texts; keep the cache bounded.
            if self.statements.len() > 512 {
                self.statements.clear();
            }
            self.statements.insert(sql.to_owned(), s.clone());
            Ok(s)
        }

        pub fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
            let st = self.statement(sql)?;
            let refs: Vec<&(dyn ToSql + Sync)> =
                params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
            self.client
                .execute(&st, &refs)
                .map_err(|e| StoreError::postgres(sql, e))
        }

        pub fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>, StoreError> {
            let st = self.statement(sql)?;
            let refs: Vec<&(dyn ToSql + Sync)> =
                params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
            let rows = self
                .client
                .query(&st, &refs)
                .map_err(|e| StoreError::postgres(sql, e))?;
            rows.iter()
                .map(|r| {
                    (0..r.len())
                        .map(|i| value(r, i))
                        .collect::<Result<Vec<Val>, _>>()
                        .map(Row)
                        .map_err(|e| StoreError::postgres(sql, e))
                })
                .collect()
        }

        pub fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
            // DDL may change what cached statements refer to; transaction control does not.
            if !matches!(sql, "BEGIN" | "COMMIT" | "ROLLBACK") {
                self.statements.clear();
            }
            self.client
                .batch_execute(sql)
                .map_err(|e| StoreError::postgres(sql, e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollar_parameters_become_numbered_for_sqlite() {
        assert_eq!(
            sqlite_params("SELECT $2, '$1', \"a$b\" WHERE x = $1"),
            "SELECT ?2, '$1', \"a$b\" WHERE x = ?1"
        );
    }
}
