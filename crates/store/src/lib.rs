//! The store: every report of a region over the years, with its tables, provenance and
//! findings, on an embedded SQLite file or a PostgreSQL server, behind one query layer.
//!
//! ```
//! use gongkai_store::{BatchInfo, Item, Parsed, Selection, Store, AddOptions};
//! use gongkai_report::{Report, Source};
//!
//! let mut store = Store::open(":memory:").unwrap();
//! let batch = store.begin_batch(&BatchInfo {
//!     started_at: "2026-03-01T09:00:00Z".into(),
//!     tool: "doc".into(),
//!     catalogue: "doc".into(),
//! }).unwrap();
//! let report = Report::new(Source { path: "a.txt".into(), sha256: "ab".repeat(32), ..Source::default() });
//! let item = Item { path: "a.txt".into(), result: Ok(Parsed { report, text: String::new(), body: None }) };
//! let added = store.add(batch, &[item.clone()], AddOptions::default()).unwrap();
//! assert!(matches!(added[0], gongkai_store::Added::New { .. }));
//! // The same content again adds nothing.
//! assert_eq!(store.add(batch, &[item], AddOptions::default()).unwrap()[0], gongkai_store::Added::Unchanged);
//! assert_eq!(store.list(&Selection::default()).unwrap().len(), 1);
//! ```
//!
//! # What is stored
//!
//! Per report ([`Store::add`]): the source (path, SHA-256, format, encoding, bytes, and the
//! decoded text that spans and lines point into, so provenance can be shown without the
//! file), the metadata, the body's identity ([`BodyRecord`]: key, kind, region code and path,
//! how it was derived), every cell (table, row, col, value, raw text, blank, span, line,
//! placement), the findings with their evidence, the batch and the rule catalogue that
//! checked it. Also: the files that failed (retried by the next ingest), reviewers' decisions
//! (see below) and the application ledgers of bodies ([`LedgerRecord`]).
//! The schema is in `migrations/`; it is versioned and is a stability boundary: change it by
//! adding a migration, never by editing one (a changed migration is refused).
//!
//! # Design
//!
//! - **Backends.** `rusqlite` (SQLite compiled in: the default store needs no server) and the
//!   synchronous `postgres` client, behind one small query layer (`db`): SQL is written once
//!   with `$1` parameters and multi-row `INSERT`s; only the DDL differs (one migration folder
//!   per backend). Chosen over `sqlx` because the CLI has no async runtime and ingest is
//!   bound by the cost per row: prepared statements on an in-process SQLite are the cheapest
//!   writer there is, and a chunk of reports is written in a handful of statements on both.
//!   `postgres` is behind the default feature `postgres`.
//! - **Cells.** A report's cells are one JSON array in `report_cells` (readable with SQLite's
//!   `json_each` or PostgreSQL's `jsonb_array_elements`), and their values once more in a
//!   packed vector (`report_figures`, ~400 bytes) that sums and rankings read. One row per
//!   cell was measured first (a prototype on this machine): ~200 rows per report cost
//!   ~0.4 ms of CPU per report, more than half of reading the report, and a sum over one
//!   year of 20,000 reports read 670,000 rows in 0.8 s (≈ 4 s at 100,000 reports). The flat
//!   long table of every cell is what [`export`] writes for analysts (CSV, XLSX, Parquet).
//! - **Ingest.** [`Encoder::prepare`] turns a read report into rows on the reading threads;
//!   [`Store::add_prepared`] writes a chunk of them in a handful of multi-row statements.
//!   Sums ([`Store::stats`]) and rankings ([`Store::rank`]) select reports by index (year,
//!   current, region prefix, kind) and add their packed figures: one small row per report,
//!   no scan of cells.
//! - **Versions.** A source is stored once per SHA-256. Reports of one body and year are
//!   numbered; the newest is current unless [`AddOptions::keep_current`] (a partial unique
//!   index keeps one current report per body and year).
//! - **Transactions.** Each [`Store::add`] is one transaction: sources, reports, cells,
//!   findings, versions, bodies and failures of its items land together or not at all. A
//!   killed ingest leaves whole chunks; the next run finds their hashes and adds the rest.
//!   [`Store::verify`] checks that every report is whole and each body's year has one
//!   current report.
//!
//! # Invariants
//!
//! - Knows [`gongkai_report::Report`] and the keys of `gongkai-format`, never how a report
//!   was read: no decoding, no extraction. The caller hands in the report, its decoded text
//!   and its body.
//! - Reads no clock and no environment: times come in as arguments ([`BatchInfo`]).
//! - Keeps the text that spans point into, so every stored value can be shown in its place.
//! - A body that has no single identity is kept under its name as read (`name:…`), never
//!   guessed ([`BodyStatus`]).
//!
//! # Review (schema version 3)
//!
//! Reviewers' decisions: `waiver_events`, an append-only audit table (finding id, what it is
//! keyed on — body key, year, rule, cells —, the finding's fingerprint and message, action
//! waive / confirm / revoke, reason, who, when), behind gongkai-review's
//! [`gongkai_review::WaiverStore`] (implemented by [`Store`]; the file store of that crate
//! stays for use without a store). Each stored finding keeps its stable id
//! (`findings.finding_id`), so `gongkai waive --db` finds it. See [`ForReview`].
//!
//! # Web (schema version 2)
//!
//! For the web app (crate gongkai-web): accounts ([`User`], roles, argon2 hashes made by the
//! caller), API tokens (their SHA-256 only), each report's [`ReviewState`] (the public sees
//! only `published` reports) and the audit log of every write ([`AuditEntry`]).
//!
//! Not stored: the edition marks, printed header texts and subtotal rows of a table (their
//! evidence is in the findings that use them).

#![warn(missing_docs)]

mod body;
mod codec;
mod db;
mod error;
pub mod export;
pub mod flat;
mod ingest;
mod ledger;
mod migrate;
mod query;
pub mod rates;
mod review;
mod slots;
mod web;
mod years;

pub use body::{BodyRecord, BodyStatus, region_prefix, region_selector};
pub use db::Backend;
pub use error::StoreError;
pub use ingest::{
    AddOptions, Added, BatchInfo, Encoder, Failed, FailureRecord, Item, Parsed, Prepared,
};
pub use ledger::{LedgerRecord, LedgerTables};
pub use migrate::schema_version;
pub use query::{
    BodySummary, CellChange, CellTotal, MissingBody, RankBy, Ranked, RateTotal, ReportSummary,
    Selection, Stats, StoredFinding, StoredReport, compare,
};
pub use review::ForReview;
pub use slots::{CellKey, format_cells};
pub use web::{AuditEntry, BodyFindings, NewUser, ReviewState, Role, User};

/// A batch of an ingest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchId(pub i64);

/// A store.
pub struct Store {
    conn: db::Conn,
    slots: std::sync::Arc<slots::Slots>,
    batch_catalogue: Option<(i64, String)>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.conn.backend())
            .finish()
    }
}

/// The PostgreSQL advisory lock key held while a store is opened (migrations, cell slots).
const OPEN_LOCK: i64 = 7_263_861;

impl Store {
    /// Open (and create or migrate) a store: `postgres://…` or `postgresql://…` is a
    /// PostgreSQL server, anything else an SQLite file (`:memory:` for a private in-memory
    /// store).
    pub fn open(url: &str) -> Result<Store, StoreError> {
        let mut conn = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            open_postgres(url)?
        } else {
            db::open_sqlite(url)?
        };
        // Several processes may open a new store at once (an ingest and a query): on
        // PostgreSQL a session advisory lock makes creating the schema and the cell slots one
        // at a time (CREATE TABLE IF NOT EXISTS and the slots' re-read are not safe against a
        // concurrent creator there); SQLite's BEGIN IMMEDIATE serialises them already.
        let pg = conn.backend() == Backend::Postgres;
        if pg {
            conn.execute("SELECT pg_advisory_lock($1)", &[db::Val::Int(OPEN_LOCK)])?;
        }
        let r = migrate::migrate(&mut conn).and_then(|()| slots::Slots::sync(&mut conn));
        if pg {
            conn.execute("SELECT pg_advisory_unlock($1)", &[db::Val::Int(OPEN_LOCK)])?;
        }
        let slots = std::sync::Arc::new(r?);
        Ok(Store {
            conn,
            slots,
            batch_catalogue: None,
        })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.conn.backend()
    }

    /// Commit on success, roll back on error.
    fn finish_tx<T>(&mut self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        match r {
            Ok(v) => {
                self.conn.commit()?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.rollback();
                Err(e)
            }
        }
    }
}

#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> Result<db::Conn, StoreError> {
    Ok(db::Conn::Postgres(Box::new(db::pg::PgConn::connect(url)?)))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_url: &str) -> Result<db::Conn, StoreError> {
    Err(StoreError::NoPostgres)
}
