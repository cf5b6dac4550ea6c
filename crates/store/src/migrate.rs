//! Versioned migrations: one SQL file per version and backend (`migrations/sqlite/`,
//! `migrations/postgres/`), embedded in the binary, applied in order, each in its own
//! transaction, recorded in `schema_migrations` with a checksum of its text.

use crate::db::{Backend, Conn, Val};
use crate::error::StoreError;

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

pub(crate) static MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sqlite: include_str!("../migrations/sqlite/0001_init.sql"),
        postgres: include_str!("../migrations/postgres/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "web",
        sqlite: include_str!("../migrations/sqlite/0002_web.sql"),
        postgres: include_str!("../migrations/postgres/0002_web.sql"),
    },
    Migration {
        version: 3,
        name: "review",
        sqlite: include_str!("../migrations/sqlite/0003_review.sql"),
        postgres: include_str!("../migrations/postgres/0003_review.sql"),
    },
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// FNV-1a of the text: detects a migration edited after it was applied somewhere.
fn checksum(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Bring the database to the newest version. Safe to run from several processes at once:
/// SQLite serialises the transactions, PostgreSQL takes an advisory lock.
pub(crate) fn migrate(conn: &mut Conn) -> Result<(), StoreError> {
    conn.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version  BIGINT PRIMARY KEY,
            name     TEXT NOT NULL,
            checksum TEXT NOT NULL
        )",
    )?;
    for m in MIGRATIONS {
        let sql = match conn.backend() {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        conn.begin()?;
        let step = apply(conn, m, sql);
        match step {
            Ok(()) => conn.commit()?,
            Err(e) => {
                let _ = conn.rollback();
                return Err(e);
            }
        }
    }
    let newest = conn
        .query_one("SELECT MAX(version) FROM schema_migrations", &[])?
        .and_then(|r| r.opt_int(0))
        .unwrap_or(0);
    if newest > schema_version() {
        return Err(StoreError::SchemaTooNew {
            found: newest,
            known: schema_version(),
        });
    }
    Ok(())
}

fn apply(conn: &mut Conn, m: &Migration, sql: &str) -> Result<(), StoreError> {
    if conn.backend() == Backend::Postgres {
        // The key Store::open holds for the whole opening; taken here too for callers that
        // migrate without it (a session may take a lock it holds).
        conn.execute("SELECT pg_advisory_xact_lock(7263861)", &[])?;
    }
    let done = conn.query_one(
        "SELECT checksum FROM schema_migrations WHERE version = $1",
        &[Val::Int(m.version)],
    )?;
    let sum = checksum(sql);
    if let Some(row) = done {
        if row.text(0) != sum {
            return Err(StoreError::MigrationChanged { version: m.version });
        }
        return Ok(());
    }
    conn.batch(sql).map_err(|e| StoreError::Migration {
        version: m.version,
        name: m.name,
        source: Box::new(e),
    })?;
    conn.execute(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
        &[Val::Int(m.version), Val::from(m.name), Val::Text(sum)],
    )?;
    Ok(())
}
