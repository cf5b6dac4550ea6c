//! Writing reports: one transaction per call of [`Store::add`], so a killed ingest leaves
//! whole reports or none of a part, and the next run (which finds the written sources by
//! their hash) completes it.

use crate::body::BodyRecord;
use crate::codec;
use crate::db::{Row, Val, placeholders};
use crate::error::StoreError;
use crate::slots::Slots;
use crate::{BatchId, Store};
use gongkai_format::CellRef;
use gongkai_report::{EditionSeen, Num, Report, Severity};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A batch of files: who read them and when (the caller's clock: the store reads none).
#[derive(Clone, Debug)]
pub struct BatchInfo {
    /// When the batch started (RFC 3339).
    pub started_at: String,
    /// The program and version that read the files (`gongkai 0.1.0`).
    pub tool: String,
    /// The rule catalogue that checked them.
    pub catalogue: String,
}

/// A file read successfully: the report, its decoded text (the spans point into it) and
/// its body.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The report with its findings.
    pub report: Report,
    /// The decoded text.
    pub text: String,
    /// The body, when the report names one.
    pub body: Option<BodyRecord>,
}

/// A file that could not be read.
#[derive(Clone, Debug)]
pub struct Failed {
    /// Its hash, when its bytes could be read.
    pub sha256: Option<String>,
    /// Stable kind (`io`, `too_large`, `unsupported` …).
    pub kind: String,
    /// Why.
    pub message: String,
}

/// One file of a batch.
#[derive(Clone, Debug)]
pub struct Item {
    /// As given (`dir/a.html`, `x.zip!/a.txt`).
    pub path: String,
    /// What reading it gave.
    pub result: Result<Parsed, Failed>,
}

/// Options of [`Store::add`].
#[derive(Clone, Copy, Debug, Default)]
pub struct AddOptions {
    /// A new version of a body's year does not replace the current one.
    pub keep_current: bool,
}

/// What became of one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    /// A report of a body and year not seen before (or without body or year).
    New {
        /// The report's id.
        report: i64,
    },
    /// Another file for a body and year already stored.
    NewVersion {
        /// The report's id.
        report: i64,
        /// Its version number (2, 3, …).
        version: i64,
        /// Whether it became current.
        current: bool,
    },
    /// The same content was stored already.
    Unchanged,
    /// The file of a report that had been rebuilt from a flat table
    /// ([`crate::flat`]): the report read from it replaces the rebuilt one (same id,
    /// version and place among the versions).
    Restored {
        /// The report's id.
        report: i64,
    },
    /// Recorded as failed, to retry.
    Failed,
}

/// A file recorded as failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailureRecord {
    /// As given.
    pub path: String,
    /// Kind of failure.
    pub kind: String,
    /// Why.
    pub message: String,
    /// Times tried.
    pub attempts: i64,
}

fn edition_str(e: EditionSeen) -> Option<&'static str> {
    match e {
        EditionSeen::Known(e) => Some(e.as_str()),
        EditionSeen::Mixed => Some("mixed"),
        EditionSeen::Unknown => None,
    }
}

/// Columns of `reports`, in the order rows are built.
const REPORT_COLUMNS: [&str; 17] = [
    "id",
    "source_id",
    "body_id",
    "year",
    "edition",
    "title",
    "org",
    "published",
    "published_from",
    "index_no",
    "body_kind",
    "errors",
    "warnings",
    "version",
    "current",
    "batch_id",
    "catalogue",
];
/// Columns of `findings`, in the order rows are built.
const FINDING_COLUMNS: [&str; 10] = [
    "report_id",
    "seq",
    "rule",
    "severity",
    "assessable",
    "message",
    "cells",
    "help",
    "evidence",
    "finding_id",
];

/// Position of `current` in a row of [`REPORT_COLUMNS`].
const REPORT_CURRENT: usize = 14;

/// Encodes items for a store (cells, figures, layout, findings), on any thread.
#[derive(Clone, Debug)]
pub struct Encoder {
    slots: Arc<Slots>,
}

/// An item encoded, ready to be written by [`Store::add_prepared`].
#[derive(Clone, Debug)]
pub struct Prepared {
    path: String,
    inner: Result<Box<Ready>, Failed>,
}

impl Prepared {
    /// The path it was read from.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Why it failed, if it did.
    pub fn failure(&self) -> Option<&Failed> {
        self.inner.as_ref().err()
    }
}

#[derive(Clone, Debug)]
struct Ready {
    sha: String,
    /// Rebuilt from a flat table, without its source.
    flat: bool,
    org: Option<String>,
    year: Option<i64>,
    body: Option<BodyRecord>,
    /// sha256, bytes, format, encoding, text.
    source: Vec<Val>,
    /// edition … warnings of [`REPORT_COLUMNS`].
    report: Vec<Val>,
    cells: String,
    layout: String,
    figures: Vec<u8>,
    /// seq … evidence of a finding.
    findings: Vec<Vec<Val>>,
    /// The report itself, for the checks across years of its write (not read back then).
    parsed: Report,
}

impl Encoder {
    /// Encode an item: everything but the ids, versions and batch, which the write decides.
    pub fn prepare(&self, item: Item) -> Prepared {
        let Item { path, result } = item;
        let inner = match result {
            Err(f) => Err(f),
            Ok(Parsed {
                report: r,
                text,
                body,
            }) => {
                let count = |sev: Severity| {
                    r.findings
                        .iter()
                        .filter(|f| f.assessable && f.severity == sev)
                        .count()
                };
                let m = &r.meta;
                let mut vals: Vec<(i64, Num)> = Vec::with_capacity(200);
                for t in r.tables() {
                    for row in &t.rows {
                        for c in &row.cells {
                            let key = CellRef {
                                table: t.id,
                                row: row.key,
                                col: c.col,
                            };
                            if let Some(slot) = self.slots.slot_of(&key) {
                                vals.push((slot, c.value));
                            }
                        }
                    }
                }
                let s = &r.source;
                let subject = gongkai_review::Subject::new(
                    crate::review::subject_key(body.as_ref().map(|b| b.key.as_str()), &s.sha256),
                    "",
                    m.year.as_ref().map(|y| y.value),
                );
                let ids = gongkai_review::ids(&subject, &r.findings);
                Ok(Box::new(Ready {
                    sha: s.sha256.clone(),
                    flat: s.format == crate::flat::FLAT_FORMAT,
                    org: m.org.as_ref().map(|o| o.value.clone()),
                    year: m.year.as_ref().map(|y| i64::from(y.value)),
                    body,
                    source: vec![
                        Val::from(&s.sha256),
                        Val::from(s.bytes),
                        Val::from(&s.format),
                        Val::from(&s.encoding),
                        Val::Text(text),
                    ],
                    report: vec![
                        edition_str(r.edition).into(),
                        m.title.as_ref().map(|t| t.value.as_str()).into(),
                        m.org.as_ref().map(|t| t.value.as_str()).into(),
                        m.published.as_ref().map(|t| t.value.as_str()).into(),
                        m.published_from.as_deref().into(),
                        m.index_no.as_ref().map(|t| t.value.as_str()).into(),
                        m.body_kind.map(|k| k.as_str()).into(),
                        Val::from(count(Severity::Error)),
                        Val::from(count(Severity::Warning)),
                    ],
                    cells: codec::encode_cells(&r, &self.slots),
                    layout: codec::encode_layout(&r),
                    figures: codec::encode_figures(&mut vals),
                    findings: r
                        .findings
                        .iter()
                        .zip(ids)
                        .enumerate()
                        .map(|(seq, (f, id))| {
                            vec![
                                Val::from(seq),
                                Val::from(f.rule),
                                Val::from(f.severity.as_str()),
                                Val::from(f.assessable),
                                Val::from(&f.message),
                                Val::Text(codec::encode_strings(&f.cells)),
                                f.help.as_deref().into(),
                                Val::Text(codec::encode_evidence(&f.evidence)),
                                Val::Text(id.0),
                            ]
                        })
                        .collect(),
                    parsed: r,
                }))
            }
        };
        Prepared { path, inner }
    }
}

impl Store {
    /// Start a batch.
    pub fn begin_batch(&mut self, info: &BatchInfo) -> Result<BatchId, StoreError> {
        self.conn.begin()?;
        let r = (|| {
            let id = self
                .conn
                .alloc_ids("batches", 1)?
                .first()
                .copied()
                .unwrap_or(1);
            self.conn.execute(
                "INSERT INTO batches (id, started_at, tool, catalogue) VALUES ($1, $2, $3, $4)",
                &[
                    Val::Int(id),
                    Val::from(&info.started_at),
                    Val::from(&info.tool),
                    Val::from(&info.catalogue),
                ],
            )?;
            Ok(BatchId(id))
        })();
        self.finish_tx(r)
    }

    /// Mark a batch finished.
    pub fn finish_batch(&mut self, batch: BatchId, finished_at: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE batches SET finished_at = $1 WHERE id = $2",
            &[Val::from(finished_at), Val::Int(batch.0)],
        )?;
        Ok(())
    }

    /// Batches that were started but never finished (an ingest killed or failed), newest
    /// first: (id, started_at).
    pub fn unfinished_batches(&mut self) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(self
            .conn
            .query(
                "SELECT id, started_at FROM batches WHERE finished_at IS NULL ORDER BY id DESC",
                &[],
            )?
            .iter()
            .map(|r| (r.int(0), r.text(1)))
            .collect())
    }

    /// Checks that every report is whole: its source, path, cells and figures are there, and
    /// each body's year with reports has exactly one current one. The problems found, each
    /// as a sentence (none: consistent).
    pub fn verify(&mut self) -> Result<Vec<String>, StoreError> {
        let checks = [
            (
                "reports without cells",
                "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_cells c WHERE c.report_id = r.id)",
            ),
            (
                "reports without figures",
                "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_figures f WHERE f.report_id = r.id)",
            ),
            (
                "reports without a source path",
                "SELECT COUNT(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM source_paths p WHERE p.source_id = r.source_id)",
            ),
            (
                "sources without a report",
                "SELECT COUNT(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.source_id = s.id)",
            ),
            (
                "body years without exactly one current report",
                "SELECT COUNT(*) FROM (SELECT body_id, year FROM reports WHERE body_id IS NOT NULL
                   AND year IS NOT NULL GROUP BY body_id, year HAVING SUM(current) <> 1) x",
            ),
        ];
        let mut out = Vec::new();
        for (what, sql) in checks {
            let n = self.conn.query_one(sql, &[])?.map_or(0, |r| r.int(0));
            if n > 0 {
                out.push(format!("{n} {what}"));
            }
        }
        Ok(out)
    }

    /// Which of these hashes are stored.
    pub fn known_sources(&mut self, shas: &[&str]) -> Result<HashSet<String>, StoreError> {
        let mut out = HashSet::new();
        for chunk in shas.chunks(1000) {
            let sql = format!(
                "SELECT sha256 FROM sources WHERE sha256 IN ({})",
                placeholders(0, chunk.len())
            );
            let params: Vec<Val> = chunk.iter().map(|s| Val::from(*s)).collect();
            for r in self.conn.query(&sql, &params)? {
                out.insert(r.text(0));
            }
        }
        Ok(out)
    }

    /// Files recorded as failed, to retry.
    pub fn failures(&mut self) -> Result<Vec<FailureRecord>, StoreError> {
        Ok(self
            .conn
            .query(
                "SELECT path, kind, message, attempts FROM failures ORDER BY path",
                &[],
            )?
            .iter()
            .map(|r| FailureRecord {
                path: r.text(0),
                kind: r.text(1),
                message: r.text(2),
                attempts: r.int(3),
            })
            .collect())
    }

    /// Store a part of a batch in one transaction: new sources and reports with their cells
    /// and findings, versions, bodies, failures. Returns what became of each item, in order.
    /// (Encodes the items first; [`Encoder::prepare`] does that part on other threads.)
    pub fn add(
        &mut self,
        batch: BatchId,
        items: &[Item],
        opts: AddOptions,
    ) -> Result<Vec<Added>, StoreError> {
        let enc = self.encoder();
        let prepared: Vec<Prepared> = items.iter().cloned().map(|i| enc.prepare(i)).collect();
        self.add_prepared(batch, &prepared, opts)
    }

    /// An encoder for this store's cell slots, to prepare items in parallel.
    pub fn encoder(&self) -> Encoder {
        Encoder {
            slots: Arc::clone(&self.slots),
        }
    }

    /// [`Store::add`] for items already prepared.
    pub fn add_prepared(
        &mut self,
        batch: BatchId,
        items: &[Prepared],
        opts: AddOptions,
    ) -> Result<Vec<Added>, StoreError> {
        self.conn.begin()?;
        let r = self.add_in_tx(batch, items, opts);
        self.finish_tx(r)
    }

    fn add_in_tx(
        &mut self,
        batch: BatchId,
        items: &[Prepared],
        opts: AddOptions,
    ) -> Result<Vec<Added>, StoreError> {
        let mut out = vec![Added::Unchanged; items.len()];
        let shas: Vec<&str> = items
            .iter()
            .filter_map(|i| i.inner.as_ref().ok())
            .map(|r| r.sha.as_str())
            .collect();
        let known = self.known_sources(&shas)?;
        let rebuilt = self.flat_sources(&known)?;

        // Sources already stored: note the path. A source stored only as rebuilt from a
        // flat table is replaced by its file.
        let mut seen: HashSet<&str> = HashSet::new();
        let mut fresh: Vec<(usize, &Prepared, &Ready)> = Vec::new();
        let mut restore: Vec<(usize, &Ready)> = Vec::new();
        let mut known_paths: Vec<(&str, &str)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match &item.inner {
                Ok(r) => {
                    let sha = r.sha.as_str();
                    let first = seen.insert(sha);
                    if first && !r.flat && rebuilt.contains(sha) {
                        restore.push((i, r));
                        known_paths.push((sha, &item.path));
                    } else if known.contains(sha) || !first {
                        known_paths.push((sha, &item.path));
                    } else {
                        fresh.push((i, item, r));
                    }
                }
                Err(_) => out[i] = Added::Failed,
            }
        }
        self.record_failures(batch, items)?;
        let ok_paths: Vec<&str> = items
            .iter()
            .filter(|i| i.inner.is_ok())
            .map(|i| i.path.as_str())
            .collect();
        for chunk in ok_paths.chunks(1000) {
            let sql = format!(
                "DELETE FROM failures WHERE path IN ({})",
                placeholders(0, chunk.len())
            );
            let params: Vec<Val> = chunk.iter().map(|p| Val::from(*p)).collect();
            self.conn.execute(&sql, &params)?;
        }
        for (i, r) in restore {
            out[i] = Added::Restored {
                report: self.restore(batch, r)?,
            };
        }
        if fresh.is_empty() {
            self.add_paths(batch, &known_paths)?;
            return Ok(out);
        }

        // Bodies.
        let bodies: Vec<&BodyRecord> = fresh
            .iter()
            .filter_map(|(_, _, r)| r.body.as_ref())
            .collect();
        let body_ids = self.upsert_bodies(&bodies)?;
        let body_of = |r: &Ready| r.body.as_ref().and_then(|b| body_ids.get(&b.key).copied());

        // Versions: the newest version and the current report of each (body, year).
        let mut versions: HashMap<(i64, i64), (i64, Option<i64>)> = HashMap::new();
        let body_list: Vec<i64> = {
            let mut v: Vec<i64> = fresh.iter().filter_map(|(_, _, r)| body_of(r)).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for chunk in body_list.chunks(1000) {
            let sql = format!(
                "SELECT body_id, year, MAX(version), MAX(CASE WHEN current = 1 THEN id END)
                 FROM reports WHERE year IS NOT NULL AND body_id IN ({}) GROUP BY body_id, year",
                placeholders(0, chunk.len())
            );
            let params: Vec<Val> = chunk.iter().map(|b| Val::Int(*b)).collect();
            for r in self.conn.query(&sql, &params)? {
                versions.insert((r.int(0), r.int(1)), (r.int(2), r.opt_int(3)));
            }
        }

        let source_ids = self.conn.alloc_ids("sources", fresh.len())?;
        let report_ids = self.conn.alloc_ids("reports", fresh.len())?;
        let catalogue = self.catalogue_of(batch)?;
        let n = fresh.len();
        let (mut sources, mut paths, mut reports) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut cells, mut figures) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let mut findings = Vec::new();
        let mut names = Vec::new();
        let mut superseded = Vec::new();
        // Report id → (its row in `reports`, its item), for reports of this call.
        let mut placed: HashMap<i64, (usize, usize)> = HashMap::new();
        for (((i, item, r), sid), rid) in fresh.iter().zip(&source_ids).zip(&report_ids) {
            placed.insert(*rid, (reports.len(), *i));
            let body_id = body_of(r);
            let (version, current) = match (body_id, r.year) {
                (Some(b), Some(y)) => {
                    let e = versions.entry((b, y)).or_insert((0, None));
                    let version = e.0 + 1;
                    let current = match e.1 {
                        None => true,
                        Some(_) if opts.keep_current => false,
                        Some(old) => {
                            match placed.get(&old) {
                                // Written by this call: not current after all.
                                Some(&(row, item)) => {
                                    if let Some(v) = reports
                                        .get_mut(row)
                                        .and_then(|r: &mut Vec<Val>| r.get_mut(REPORT_CURRENT))
                                    {
                                        *v = Val::Int(0);
                                    }
                                    if let Some(Added::NewVersion { current, .. }) =
                                        out.get_mut(item)
                                    {
                                        *current = false;
                                    }
                                }
                                None => superseded.push(old),
                            }
                            true
                        }
                    };
                    e.0 = version;
                    if current {
                        e.1 = Some(*rid);
                    }
                    (version, current)
                }
                _ => (1, true),
            };
            out[*i] = if version == 1 {
                Added::New { report: *rid }
            } else {
                Added::NewVersion {
                    report: *rid,
                    version,
                    current,
                }
            };
            let mut src = vec![Val::Int(*sid)];
            src.extend(r.source.iter().cloned());
            sources.push(src);
            paths.push(vec![
                Val::Int(*sid),
                Val::from(&item.path),
                Val::Int(batch.0),
            ]);
            let mut rep = vec![
                Val::Int(*rid),
                Val::Int(*sid),
                body_id.into(),
                r.year.into(),
            ];
            rep.extend(r.report.iter().cloned());
            rep.extend([
                Val::Int(version),
                Val::from(current),
                Val::Int(batch.0),
                Val::from(&catalogue),
            ]);
            reports.push(rep);
            cells.push(vec![
                Val::Int(*rid),
                Val::from(&r.cells),
                Val::from(&r.layout),
            ]);
            figures.push(vec![Val::Int(*rid), Val::Blob(r.figures.clone())]);
            for f in &r.findings {
                let mut row = vec![Val::Int(*rid)];
                row.extend(f.iter().cloned());
                findings.push(row);
            }
            if let (Some(b), Some(org)) = (body_id, r.org.as_ref()) {
                names.push((b, org.clone()));
            }
        }
        if !superseded.is_empty() {
            for chunk in superseded.chunks(1000) {
                let sql = format!(
                    "UPDATE reports SET current = 0 WHERE id IN ({})",
                    placeholders(0, chunk.len())
                );
                let params: Vec<Val> = chunk.iter().map(|i| Val::Int(*i)).collect();
                self.conn.execute(&sql, &params)?;
            }
        }
        let c = &mut self.conn;
        c.insert_many(
            "sources",
            &["id", "sha256", "bytes", "format", "encoding", "text"],
            &sources,
            "",
        )?;
        c.insert_many(
            "source_paths",
            &["source_id", "path", "batch_id"],
            &paths,
            "",
        )?;
        c.insert_many("reports", &REPORT_COLUMNS, &reports, "")?;
        c.insert_many(
            "report_cells",
            &["report_id", "cells", "layout"],
            &cells,
            "",
        )?;
        c.insert_many("report_figures", &["report_id", "figures"], &figures, "")?;
        c.insert_many("findings", &FINDING_COLUMNS, &findings, "")?;
        names.sort();
        names.dedup();
        let names: Vec<Vec<Val>> = names
            .into_iter()
            .map(|(b, n)| vec![Val::Int(b), Val::Text(n)])
            .collect();
        c.insert_many(
            "body_names",
            &["body_id", "name"],
            &names,
            "ON CONFLICT (body_id, name) DO NOTHING",
        )?;
        self.add_paths(batch, &known_paths)?;
        // The checks across years: each new current report against its body's last year,
        // and next year's against it (in this transaction: written together or not at all).
        let current: Vec<(i64, i64, i64)> = reports
            .iter()
            .filter(|r| matches!(r.get(REPORT_CURRENT), Some(Val::Int(1))))
            .filter_map(|r| match (r.first(), r.get(2), r.get(3)) {
                (Some(Val::Int(id)), Some(Val::Int(b)), Some(Val::Int(y))) => Some((*id, *b, *y)),
                _ => None,
            })
            .collect();
        let fresh: HashMap<i64, crate::years::Fresh<'_>> = fresh
            .iter()
            .zip(&report_ids)
            .map(|((_, _, r), id)| {
                let text = match r.source.get(4) {
                    Some(Val::Text(t)) => t.as_str(),
                    _ => "",
                };
                let f = crate::years::Fresh {
                    report: &r.parsed,
                    text,
                    body: r.body.as_ref().map(|b| b.key.as_str()),
                    sha: &r.sha,
                };
                (*id, f)
            })
            .collect();
        self.compare_years(&current, &fresh)?;
        Ok(out)
    }

    /// Which of these stored sources hold only a report rebuilt from a flat table.
    fn flat_sources(&mut self, shas: &HashSet<String>) -> Result<HashSet<String>, StoreError> {
        let mut out = HashSet::new();
        let shas: Vec<&String> = shas.iter().collect();
        for chunk in shas.chunks(1000) {
            let sql = format!(
                "SELECT sha256 FROM sources WHERE format = $1 AND sha256 IN ({})",
                placeholders(1, chunk.len())
            );
            let mut params = vec![Val::from(crate::flat::FLAT_FORMAT)];
            params.extend(chunk.iter().map(|s| Val::from(s.as_str())));
            for r in self.conn.query(&sql, &params)? {
                out.insert(r.text(0));
            }
        }
        Ok(out)
    }

    /// Replace a report rebuilt from a flat table by the one read from its file, in place:
    /// its id, version and batch history stay; source text, metadata, cells and findings
    /// become the file's. If the file names another body or year whose current report
    /// exists, the replaced report stops being current (the other stays).
    fn restore(&mut self, batch: BatchId, r: &Ready) -> Result<i64, StoreError> {
        let Some(row) = self.conn.query_one(
            "SELECT s.id, r.id FROM sources s JOIN reports r ON r.source_id = s.id
             WHERE s.sha256 = $1",
            &[Val::from(&r.sha)],
        )?
        else {
            return Err(StoreError::corrupt(
                format!("source {}", r.sha),
                "stored without its report",
            ));
        };
        let (sid, rid) = (row.int(0), row.int(1));
        let body_id = match &r.body {
            Some(b) => self.upsert_bodies(&[b])?.get(&b.key).copied(),
            None => None,
        };
        let catalogue = self.catalogue_of(batch)?;
        // sha256, bytes, format, encoding, text → the last four.
        let mut params: Vec<Val> = r.source.iter().skip(1).cloned().collect();
        params.push(Val::Int(sid));
        self.conn.execute(
            "UPDATE sources SET bytes = $1, format = $2, encoding = $3, text = $4 WHERE id = $5",
            &params,
        )?;
        let mut params: Vec<Val> = vec![body_id.into(), r.year.into()];
        params.extend(r.report.iter().cloned());
        params.extend([Val::Int(batch.0), Val::from(&catalogue), Val::Int(rid)]);
        self.conn.execute(
            "UPDATE reports SET body_id = $1, year = $2, edition = $3, title = $4, org = $5,
               published = $6, published_from = $7, index_no = $8, body_kind = $9,
               errors = $10, warnings = $11, batch_id = $12, catalogue = $13,
               current = CASE WHEN EXISTS (SELECT 1 FROM reports o WHERE o.body_id = $1
                   AND o.year = $2 AND o.current = 1 AND o.id <> $14) THEN 0 ELSE current END
             WHERE id = $14",
            &params,
        )?;
        self.conn.execute(
            "UPDATE report_cells SET cells = $1, layout = $2 WHERE report_id = $3",
            &[Val::from(&r.cells), Val::from(&r.layout), Val::Int(rid)],
        )?;
        self.conn.execute(
            "UPDATE report_figures SET figures = $1 WHERE report_id = $2",
            &[Val::Blob(r.figures.clone()), Val::Int(rid)],
        )?;
        self.conn.execute(
            "DELETE FROM findings WHERE report_id = $1",
            &[Val::Int(rid)],
        )?;
        let findings: Vec<Vec<Val>> = r
            .findings
            .iter()
            .map(|f| {
                let mut row = vec![Val::Int(rid)];
                row.extend(f.iter().cloned());
                row
            })
            .collect();
        self.conn
            .insert_many("findings", &FINDING_COLUMNS, &findings, "")?;
        if let (Some(b), Some(org)) = (body_id, r.org.as_ref()) {
            self.conn.insert_many(
                "body_names",
                &["body_id", "name"],
                &[vec![Val::Int(b), Val::from(org)]],
                "ON CONFLICT (body_id, name) DO NOTHING",
            )?;
        }
        Ok(rid)
    }

    /// Note the paths of sources already stored (after this batch's sources are written).
    fn add_paths(&mut self, batch: BatchId, paths: &[(&str, &str)]) -> Result<(), StoreError> {
        for (sha, path) in paths {
            self.conn.execute(
                "INSERT INTO source_paths (source_id, path, batch_id)
                 SELECT id, $1, $2 FROM sources WHERE sha256 = $3
                 ON CONFLICT (source_id, path) DO NOTHING",
                &[Val::from(*path), Val::Int(batch.0), Val::from(*sha)],
            )?;
        }
        Ok(())
    }

    fn catalogue_of(&mut self, batch: BatchId) -> Result<String, StoreError> {
        if let Some((id, c)) = &self.batch_catalogue
            && *id == batch.0
        {
            return Ok(c.clone());
        }
        let c = self
            .conn
            .query_one(
                "SELECT catalogue FROM batches WHERE id = $1",
                &[Val::Int(batch.0)],
            )?
            .map(|r| r.text(0))
            .unwrap_or_default();
        self.batch_catalogue = Some((batch.0, c.clone()));
        Ok(c)
    }

    fn record_failures(&mut self, batch: BatchId, items: &[Prepared]) -> Result<(), StoreError> {
        for item in items {
            let Err(f) = &item.inner else { continue };
            self.conn.execute(
                "INSERT INTO failures (path, sha256, kind, message, attempts, first_batch, last_batch)
                 VALUES ($1, $2, $3, $4, 1, $5, $5)
                 ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, kind = excluded.kind,
                   message = excluded.message, attempts = failures.attempts + 1,
                   last_batch = excluded.last_batch",
                &[
                    Val::from(&item.path),
                    f.sha256.as_deref().into(),
                    Val::from(&f.kind),
                    Val::from(&f.message),
                    Val::Int(batch.0),
                ],
            )?;
        }
        Ok(())
    }

    /// Ids of these bodies, inserting new ones and updating changed ones.
    pub(crate) fn upsert_bodies(
        &mut self,
        bodies: &[&BodyRecord],
    ) -> Result<HashMap<String, i64>, StoreError> {
        let mut uniq: Vec<&BodyRecord> = Vec::new();
        let mut keys: HashSet<&str> = HashSet::new();
        for b in bodies {
            if keys.insert(&b.key) {
                uniq.push(b);
            }
        }
        let mut ids: HashMap<String, i64> = HashMap::new();
        let mut existing: HashMap<String, Row> = HashMap::new();
        for chunk in uniq.chunks(1000) {
            let sql = format!(
                "SELECT id, key, name, kind, status, region_code, derivation, candidates
                 FROM bodies WHERE key IN ({})",
                placeholders(0, chunk.len())
            );
            let params: Vec<Val> = chunk.iter().map(|b| Val::from(&b.key)).collect();
            for r in self.conn.query(&sql, &params)? {
                ids.insert(r.text(1), r.int(0));
                existing.insert(r.text(1), r);
            }
        }
        let new: Vec<&&BodyRecord> = uniq.iter().filter(|b| !ids.contains_key(&b.key)).collect();
        let new_ids = self.conn.alloc_ids("bodies", new.len())?;
        let mut rows = Vec::with_capacity(new.len());
        for (b, id) in new.iter().zip(new_ids) {
            ids.insert(b.key.clone(), id);
            rows.push(body_values(Some(id), b));
        }
        self.conn.insert_many(
            "bodies",
            &[
                "id",
                "key",
                "name",
                "kind",
                "status",
                "region_code",
                "region_prefix",
                "region_path",
                "department",
                "derivation",
                "candidates",
            ],
            &rows,
            "",
        )?;
        // A mapping file changed since: the newest derivation wins.
        for b in &uniq {
            let Some(old) = existing.get(&b.key) else {
                continue;
            };
            let same = old.text(2) == b.name
                && old.opt_text(3).as_deref() == b.kind.map(|k| k.as_str())
                && old.text(4) == b.status.as_str()
                && old.opt_text(5) == b.region_code
                && old.text(6) == b.derivation
                && old.opt_text(7) == b.candidates;
            if !same {
                let mut v = body_values(None, b);
                v.push(Val::from(&b.key));
                self.conn.execute(
                    "UPDATE bodies SET key = $1, name = $2, kind = $3, status = $4,
                       region_code = $5, region_prefix = $6, region_path = $7, department = $8,
                       derivation = $9, candidates = $10 WHERE key = $11",
                    &v,
                )?;
            }
        }
        Ok(ids)
    }
}

fn body_values(id: Option<i64>, b: &BodyRecord) -> Vec<Val> {
    let mut v = Vec::with_capacity(11);
    if let Some(id) = id {
        v.push(Val::Int(id));
    }
    v.extend([
        Val::from(&b.key),
        Val::from(&b.name),
        b.kind.map(|k| k.as_str()).into(),
        Val::from(b.status.as_str()),
        b.region_code.as_deref().into(),
        b.region_prefix.as_deref().into(),
        b.region_path.as_deref().into(),
        b.department.as_deref().into(),
        Val::from(&b.derivation),
        b.candidates.as_deref().into(),
    ]);
    v
}
