//! What can go wrong in the store. The driver's error is kept as the source; the variant says
//! which statement, migration or report it concerns.

use std::error::Error;
use std::fmt;

/// An error of the store.
#[derive(Debug)]
pub enum StoreError {
    /// The database could not be opened or reached.
    Open {
        /// The file or URL (password removed).
        url: String,
        /// The driver's error.
        source: Box<dyn Error + Send + Sync>,
    },
    /// A `postgres://` URL, but this build has no PostgreSQL support (feature `postgres`).
    NoPostgres,
    /// A statement failed.
    Query {
        /// The start of the statement.
        sql: String,
        /// The driver's error.
        source: Box<dyn Error + Send + Sync>,
    },
    /// A migration failed; the database is left at the version before it.
    Migration {
        /// Its version.
        version: i64,
        /// Its name.
        name: &'static str,
        /// Why.
        source: Box<StoreError>,
    },
    /// The database was written by a newer gongkai (schema version above this build's).
    SchemaTooNew {
        /// The database's version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// A migration applied earlier differs from this build's (edited after release).
    MigrationChanged {
        /// Its version.
        version: i64,
    },
    /// Stored data that this build cannot read (a report's cells, figures or layout).
    Corrupt {
        /// The report (or other row) it belongs to.
        what: String,
        /// What is wrong.
        detail: String,
    },
    /// The ledger kept for a body could not be rebuilt (a case that the ledger refuses).
    Ledger {
        /// The body's key.
        body: String,
        /// The ledger's error.
        source: gongkai_ledger::LedgerError,
    },
    /// No body of that key.
    UnknownBody {
        /// The key.
        key: String,
    },
    /// An account of that name exists already.
    UserExists {
        /// The name.
        name: String,
    },
    /// A reviewer's decision that cannot be recorded (no reason, not a finding id …).
    InvalidWaiver {
        /// The finding id given.
        id: String,
        /// Why.
        why: &'static str,
    },
}

impl StoreError {
    fn short(sql: &str) -> String {
        let s: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        match s.char_indices().nth(120) {
            Some((i, _)) => format!("{}…", &s[..i]),
            None => s,
        }
    }

    pub(crate) fn sqlite(sql: &str, e: rusqlite::Error) -> StoreError {
        StoreError::Query {
            sql: Self::short(sql),
            source: Box::new(e),
        }
    }

    #[cfg(feature = "postgres")]
    pub(crate) fn postgres(sql: &str, e: postgres::Error) -> StoreError {
        StoreError::Query {
            sql: Self::short(sql),
            source: Box::new(e),
        }
    }

    pub(crate) fn corrupt(what: impl Into<String>, detail: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            what: what.into(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Open { url, source } => write!(f, "cannot open store {url}: {source}"),
            StoreError::NoPostgres => f.write_str(
                "this build has no PostgreSQL support (build with the feature `postgres`)",
            ),
            StoreError::Query { sql, source } => write!(f, "{source} (in: {sql})"),
            StoreError::Migration {
                version,
                name,
                source,
            } => write!(f, "migration {version} ({name}) failed: {source}"),
            StoreError::SchemaTooNew { found, known } => write!(
                f,
                "the store's schema is version {found}, newer than this gongkai knows ({known}): upgrade gongkai"
            ),
            StoreError::MigrationChanged { version } => write!(
                f,
                "migration {version} applied to this store differs from this build's"
            ),
            StoreError::Corrupt { what, detail } => write!(f, "{what}: unreadable data: {detail}"),
            StoreError::Ledger { body, source } => write!(f, "ledger of {body}: {source}"),
            StoreError::UnknownBody { key } => write!(f, "no body {key} in the store"),
            StoreError::UserExists { name } => write!(f, "an account named {name} exists already"),
            StoreError::InvalidWaiver { id, why } => write!(f, "waiver of {id}: {why}"),
        }
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            StoreError::Open { source, .. } | StoreError::Query { source, .. } => {
                Some(source.as_ref())
            }
            StoreError::Migration { source, .. } => Some(source.as_ref()),
            StoreError::Ledger { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A URL without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:***@{host}")
        }
        _ => url.to_owned(),
    }
}
