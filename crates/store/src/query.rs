//! Reading the store: lists, bodies, one report, sums and rankings, comparisons.

use crate::body::BodyStatus;
use crate::codec::{self, MetaValues};
use crate::db::{Row, Val, placeholders};
use crate::error::StoreError;
use crate::rates::Rate;
use crate::slots::CellKey;
use crate::{BodyRecord, Store};
use gongkai_format::{CellRef, TableId};
use gongkai_report::{BodyKind, EditionSeen, Evidence, Num, Report, Severity, Source};
use std::collections::HashMap;

/// Which reports a question is about.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Report year.
    pub year: Option<i32>,
    /// Region prefix (`11`, `1101`, `110105`): bodies in that region or below it. See
    /// [`crate::region_selector`].
    pub region: Option<String>,
    /// Body kind.
    pub kind: Option<BodyKind>,
    /// Every version, not only the current ones.
    pub all_versions: bool,
}

pub(crate) fn kind_from_str(s: &str) -> Option<BodyKind> {
    [
        BodyKind::ProvincialGovernment,
        BodyKind::CityGovernment,
        BodyKind::CountyGovernment,
        BodyKind::Township,
        BodyKind::StreetOffice,
        BodyKind::Department,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
}

impl Selection {
    /// ` AND …` over `reports r LEFT JOIN bodies b`, adding its parameters.
    pub(crate) fn sql(&self, params: &mut Vec<Val>) -> String {
        let mut w = String::new();
        if !self.all_versions {
            w.push_str(" AND r.current = 1");
        }
        if let Some(y) = self.year {
            params.push(Val::from(y));
            w.push_str(&format!(" AND r.year = ${}", params.len()));
        }
        if let Some(p) = &self.region {
            // A prefix range, so the index on region_prefix is used (`:` sorts after `9`).
            params.push(Val::from(p.as_str()));
            params.push(Val::Text(format!("{p}:")));
            w.push_str(&format!(
                " AND b.region_prefix >= ${} AND b.region_prefix < ${}",
                params.len() - 1,
                params.len()
            ));
        }
        if let Some(k) = self.kind {
            params.push(Val::from(k.as_str()));
            w.push_str(&format!(
                " AND COALESCE(b.kind, r.body_kind) = ${}",
                params.len()
            ));
        }
        w
    }
}

/// One stored report, as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSummary {
    /// Its id.
    pub id: i64,
    /// The body's key (none when no name was read).
    pub body_key: Option<String>,
    /// The body's name (canonical, or as read).
    pub body_name: Option<String>,
    /// The body's kind.
    pub kind: Option<String>,
    /// How sure the body is.
    pub status: Option<BodyStatus>,
    /// Region code (GB/T 2260 style).
    pub region_code: Option<String>,
    /// Region path.
    pub region_path: Option<String>,
    /// Report year.
    pub year: Option<i32>,
    /// `2019`, `2021`, `mixed`.
    pub edition: Option<String>,
    /// Version number within the body's year.
    pub version: i64,
    /// Whether it is the current version.
    pub current: bool,
    /// Assessable findings of level error.
    pub errors: i64,
    /// … of level warning.
    pub warnings: i64,
    /// Publication date.
    pub published: Option<String>,
    /// A path it was read from.
    pub path: String,
    /// Hash of the source.
    pub sha256: String,
}

const SUMMARY_COLUMNS: &str = "r.id, b.key, b.name, COALESCE(b.kind, r.body_kind), b.status, \
     b.region_code, b.region_path, r.year, r.edition, r.version, r.current, r.errors, r.warnings, \
     r.published, (SELECT MIN(p.path) FROM source_paths p WHERE p.source_id = r.source_id), s.sha256";

fn summary(r: &Row) -> ReportSummary {
    ReportSummary {
        id: r.int(0),
        body_key: r.opt_text(1),
        body_name: r.opt_text(2),
        kind: r.opt_text(3),
        status: r.opt_text(4).map(|s| BodyStatus::parse(&s)),
        region_code: r.opt_text(5),
        region_path: r.opt_text(6),
        year: r.opt_int(7).and_then(|y| i32::try_from(y).ok()),
        edition: r.opt_text(8),
        version: r.int(9),
        current: r.int(10) != 0,
        errors: r.int(11),
        warnings: r.int(12),
        published: r.opt_text(13),
        path: r.text(14),
        sha256: r.text(15),
    }
}

/// A body, as found by name.
#[derive(Clone, Debug, PartialEq)]
pub struct BodySummary {
    /// Its id in the store.
    pub id: i64,
    /// The record.
    pub record: BodyRecord,
    /// Years with a report.
    pub years: Vec<i32>,
    /// Names it was read under.
    pub names: Vec<String>,
}

/// A body without a report for a year.
#[derive(Clone, Debug, PartialEq)]
pub struct MissingBody {
    /// The body (from the store, or from the mapping file).
    pub record: BodyRecord,
    /// Its latest year with a report, if any.
    pub last_year: Option<i32>,
}

/// A finding as stored (the rule id as text: the catalogue may have changed since).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredFinding {
    /// Rule id.
    pub rule: String,
    /// Level it had.
    pub severity: Severity,
    /// False for "not assessable".
    pub assessable: bool,
    /// Message.
    pub message: String,
    /// Cells, as `table.row.col`.
    pub cells: Vec<String>,
    /// Help.
    pub help: Option<String>,
    /// Evidence.
    pub evidence: Vec<Evidence>,
}

/// A report read back.
#[derive(Clone, Debug)]
pub struct StoredReport {
    /// As listed.
    pub summary: ReportSummary,
    /// The report: source, metadata, edition, sections, tables with every cell and its
    /// provenance. Its `findings` are empty: they are in [`StoredReport::findings`].
    pub report: Report,
    /// The findings.
    pub findings: Vec<StoredFinding>,
    /// The rule catalogue that checked it.
    pub catalogue: String,
}

/// The sum of one cell over a selection.
#[derive(Clone, Debug, PartialEq)]
pub struct CellTotal {
    /// The cell.
    pub key: CellKey,
    /// Sum of its values (blank cells count 0).
    pub sum: Num,
    /// Reports that have the cell.
    pub reports: usize,
    /// Distinct bodies among them.
    pub bodies: usize,
}

/// A pooled rate over a selection.
#[derive(Clone, Debug)]
pub struct RateTotal {
    /// The rate.
    pub rate: Rate,
    /// Σ numerators.
    pub numerator: f64,
    /// Σ denominators.
    pub denominator: f64,
    /// Reports that have every cell of it and a denominator above zero.
    pub reports: usize,
}

impl RateTotal {
    /// The pooled value, if any report counts.
    pub fn value(&self) -> Option<f64> {
        (self.denominator > 0.0).then(|| self.numerator / self.denominator)
    }
}

/// Sums over a selection.
#[derive(Clone, Debug)]
pub struct Stats {
    /// Reports in the selection.
    pub reports: usize,
    /// Distinct bodies.
    pub bodies: usize,
    /// Every cell present in some report, in template order.
    pub cells: Vec<CellTotal>,
    /// Every rate.
    pub rates: Vec<RateTotal>,
}

/// One report in a ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// The report.
    pub report: i64,
    /// Its body's name.
    pub body: String,
    /// Its region path.
    pub region: Option<String>,
    /// Its year.
    pub year: Option<i32>,
    /// The value ranked by.
    pub value: f64,
    /// For a rate: numerator and denominator.
    pub parts: Option<(f64, f64)>,
}

/// A cell compared between two reports.
#[derive(Clone, Debug, PartialEq)]
pub struct CellChange {
    /// The cell.
    pub key: CellKey,
    /// Value in the first (none: the row is absent).
    pub before: Option<Num>,
    /// Value in the second.
    pub after: Option<Num>,
}

impl CellChange {
    /// After − before, when both are there.
    pub fn change(&self) -> Option<f64> {
        Some(self.after?.as_f64() - self.before?.as_f64())
    }
}

/// Cell by cell, in template order, every cell present in either report.
pub fn compare(a: &StoredReport, b: &StoredReport) -> Vec<CellChange> {
    let cells = |r: &Report| -> HashMap<CellRef, Num> {
        r.tables()
            .flat_map(|t| {
                t.rows.iter().flat_map(move |row| {
                    row.cells.iter().map(move |c| {
                        (
                            CellRef {
                                table: t.id,
                                row: row.key,
                                col: c.col,
                            },
                            c.value,
                        )
                    })
                })
            })
            .collect()
    };
    let (x, y) = (cells(&a.report), cells(&b.report));
    crate::slots::format_cells()
        .iter()
        .filter(|c| x.contains_key(c) || y.contains_key(c))
        .map(|c| CellChange {
            key: CellKey {
                table: c.table.key().to_owned(),
                row: c.row.to_owned(),
                col: c.col.to_owned(),
            },
            before: x.get(c).copied(),
            after: y.get(c).copied(),
        })
        .collect()
}

fn like(q: &str) -> String {
    let mut s = String::from("%");
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('%');
    s
}

pub(crate) fn body_record(r: &Row, at: usize) -> BodyRecord {
    BodyRecord {
        key: r.text(at),
        name: r.text(at + 1),
        kind: r.opt_text(at + 2).and_then(|k| kind_from_str(&k)),
        status: BodyStatus::parse(&r.text(at + 3)),
        region_code: r.opt_text(at + 4),
        region_prefix: r.opt_text(at + 5),
        region_path: r.opt_text(at + 6),
        department: r.opt_text(at + 7),
        derivation: r.text(at + 8),
        candidates: r.opt_text(at + 9),
    }
}

pub(crate) const BODY_COLUMNS: &str = "b.key, b.name, b.kind, b.status, b.region_code, b.region_prefix, \
     b.region_path, b.department, b.derivation, b.candidates";

impl Store {
    /// Reports of a selection, by region, body and year.
    pub fn list(&mut self, sel: &Selection) -> Result<Vec<ReportSummary>, StoreError> {
        let mut params = Vec::new();
        let w = sel.sql(&mut params);
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM reports r LEFT JOIN bodies b ON b.id = r.body_id
             JOIN sources s ON s.id = r.source_id WHERE 1 = 1{w}
             ORDER BY b.region_prefix, b.name, r.year, r.version"
        );
        Ok(self
            .conn
            .query(&sql, &params)?
            .iter()
            .map(summary)
            .collect())
    }

    /// Bodies that published before `sel.year` (or are given in `mapped`, the mapping file's
    /// bodies) but have no report for it, within the region and kind of `sel`.
    pub fn missing(
        &mut self,
        sel: &Selection,
        mapped: &[BodyRecord],
    ) -> Result<Vec<MissingBody>, StoreError> {
        let year = sel.year.unwrap_or(0);
        let mut params = vec![Val::from(year)];
        let inner = Selection {
            year: None,
            all_versions: true,
            ..sel.clone()
        };
        let w = inner.sql(&mut params);
        let sql = format!(
            "SELECT {BODY_COLUMNS}, MAX(r.year) FROM reports r JOIN bodies b ON b.id = r.body_id
             WHERE r.year < $1{w}
               AND NOT EXISTS (SELECT 1 FROM reports x WHERE x.body_id = b.id AND x.year = $1)
             GROUP BY {BODY_COLUMNS} ORDER BY b.region_prefix, b.name"
        );
        let mut out: Vec<MissingBody> = self
            .conn
            .query(&sql, &params)?
            .iter()
            .map(|r| MissingBody {
                record: body_record(r, 0),
                last_year: r.opt_int(10).and_then(|y| i32::try_from(y).ok()),
            })
            .collect();
        for m in mapped {
            if out.iter().any(|o| o.record.key == m.key) {
                continue;
            }
            if let Some(p) = &sel.region
                && !m
                    .region_prefix
                    .as_deref()
                    .is_some_and(|r| r.starts_with(p.as_str()))
            {
                continue;
            }
            if sel.kind.is_some() && m.kind != sel.kind {
                continue;
            }
            let years = self.conn.query(
                "SELECT r.year FROM reports r JOIN bodies b ON b.id = r.body_id
                 WHERE b.key = $1 AND r.year IS NOT NULL ORDER BY r.year",
                &[Val::from(&m.key)],
            )?;
            let years: Vec<i64> = years.iter().map(|r| r.int(0)).collect();
            if !years.contains(&i64::from(year)) {
                out.push(MissingBody {
                    record: m.clone(),
                    last_year: years
                        .iter()
                        .filter(|y| **y < i64::from(year))
                        .max()
                        .and_then(|y| i32::try_from(*y).ok()),
                });
            }
        }
        Ok(out)
    }

    /// Bodies matching `q`: its key or exact name if any has it, else every body whose name
    /// (or a name it was read under) contains `q`.
    pub fn find_bodies(&mut self, q: &str) -> Result<Vec<BodySummary>, StoreError> {
        let q = q.trim();
        let mut rows = self.conn.query(
            &format!("SELECT b.id, {BODY_COLUMNS} FROM bodies b WHERE b.key = $1 OR b.name = $1"),
            &[Val::from(q)],
        )?;
        if rows.is_empty() {
            rows = self.conn.query(
                &format!(
                    "SELECT b.id, {BODY_COLUMNS} FROM bodies b WHERE b.name LIKE $1 ESCAPE '\\'
                     OR EXISTS (SELECT 1 FROM body_names n WHERE n.body_id = b.id
                                AND n.name LIKE $1 ESCAPE '\\')
                     ORDER BY b.region_prefix, b.name LIMIT 200"
                ),
                &[Val::Text(like(q))],
            )?;
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id = r.int(0);
            let years = self
                .conn
                .query(
                    "SELECT DISTINCT year FROM reports WHERE body_id = $1 AND year IS NOT NULL ORDER BY year",
                    &[Val::Int(id)],
                )?
                .iter()
                .filter_map(|y| i32::try_from(y.int(0)).ok())
                .collect();
            let names = self
                .conn
                .query(
                    "SELECT name FROM body_names WHERE body_id = $1 ORDER BY name",
                    &[Val::Int(id)],
                )?
                .iter()
                .map(|n| n.text(0))
                .collect();
            out.push(BodySummary {
                id,
                record: body_record(&r, 1),
                years,
                names,
            });
        }
        Ok(out)
    }

    /// Every version of a body's year, newest first.
    pub fn versions(&mut self, body: i64, year: i32) -> Result<Vec<ReportSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM reports r LEFT JOIN bodies b ON b.id = r.body_id
             JOIN sources s ON s.id = r.source_id WHERE r.body_id = $1 AND r.year = $2
             ORDER BY r.version DESC"
        );
        Ok(self
            .conn
            .query(&sql, &[Val::Int(body), Val::from(year)])?
            .iter()
            .map(summary)
            .collect())
    }

    /// The current report of a body's year (or its newest version, should none be current).
    pub fn report_of(&mut self, body: i64, year: i32) -> Result<Option<StoredReport>, StoreError> {
        let v = self.versions(body, year)?;
        let pick = v.iter().find(|s| s.current).or(v.first()).map(|s| s.id);
        match pick {
            Some(id) => self.report(id),
            None => Ok(None),
        }
    }

    /// The decoded source text of a report (what its spans point into).
    pub fn source_text(&mut self, report: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_one(
                "SELECT s.text FROM reports r JOIN sources s ON s.id = r.source_id WHERE r.id = $1",
                &[Val::Int(report)],
            )?
            .map(|r| r.text(0)))
    }

    /// A report read back, with every cell and finding.
    pub fn report(&mut self, id: i64) -> Result<Option<StoredReport>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, s.format, s.encoding, s.bytes, r.title, r.org,
                    r.published_from, r.index_no, r.body_kind, c.layout, c.cells, r.catalogue
             FROM reports r LEFT JOIN bodies b ON b.id = r.body_id
             JOIN sources s ON s.id = r.source_id
             JOIN report_cells c ON c.report_id = r.id WHERE r.id = $1"
        );
        let Some(row) = self.conn.query_one(&sql, &[Val::Int(id)])? else {
            return Ok(None);
        };
        let what = format!("report {id}");
        let s = summary(&row);
        let layout = codec::decode_layout(&row.text(24), &what)?;
        let mut report = Report::new(Source {
            path: s.path.clone(),
            format: row.text(16),
            encoding: row.text(17),
            sha256: s.sha256.clone(),
            bytes: u64::try_from(row.int(18)).unwrap_or(0),
        });
        report.meta = layout.metadata(MetaValues {
            title: row.opt_text(19),
            org: row.opt_text(20),
            year: s.year,
            published: s.published.clone(),
            published_from: row.opt_text(21),
            index_no: row.opt_text(22),
            body_kind: row.opt_text(23).and_then(|k| kind_from_str(&k)),
        });
        report.edition = match s.edition.as_deref() {
            Some("mixed") => EditionSeen::Mixed,
            Some(e) => {
                gongkai_format::Edition::parse(e).map_or(EditionSeen::Unknown, EditionSeen::Known)
            }
            None => EditionSeen::Unknown,
        };
        report.sections = layout.sections();
        for id in TableId::ALL {
            let (edition, span, _) = layout.table(id);
            let t = report.table_mut(id);
            t.edition = edition;
            t.span = span;
        }
        for sc in codec::decode_cells(&row.text(25), &what)? {
            let Some(cref) = self.slots.key(sc.slot).and_then(CellKey::cell_ref) else {
                // A cell of a newer format than this build knows: not shown.
                continue;
            };
            let t = report.table_mut(cref.table);
            let mut cell = sc.cell;
            cell.col = cref.col;
            match t.rows.iter_mut().find(|r| r.key == cref.row) {
                Some(r) => r.cells.push(cell),
                None => t.rows.push(gongkai_report::Row {
                    key: cref.row,
                    cells: vec![cell],
                    label: None,
                }),
            }
        }
        for id in TableId::ALL {
            let (_, _, labels) = layout.table(id);
            for row in &mut report.table_mut(id).rows {
                row.label = labels
                    .iter()
                    .find(|(k, _)| k == row.key)
                    .map(|(_, s)| s.clone());
            }
        }
        let findings = self
            .conn
            .query(
                "SELECT rule, severity, assessable, message, cells, help, evidence
                 FROM findings WHERE report_id = $1 ORDER BY seq",
                &[Val::Int(id)],
            )?
            .iter()
            .map(|f| {
                Ok(StoredFinding {
                    rule: f.text(0),
                    severity: Severity::parse(&f.text(1)).unwrap_or(Severity::Info),
                    assessable: f.int(2) != 0,
                    message: f.text(3),
                    cells: codec::decode_strings(&f.text(4), &what)?,
                    help: f.opt_text(5),
                    evidence: codec::decode_evidence(&f.text(6), &what)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(StoredReport {
            summary: s,
            report,
            findings,
            catalogue: row.text(26),
        }))
    }

    /// Figures of the reports of a selection, ordered by body: (report, body id, body name,
    /// region path, year, figures).
    fn figures(&mut self, sel: &Selection) -> Result<Vec<Row>, StoreError> {
        let mut params = Vec::new();
        let w = sel.sql(&mut params);
        let sql = format!(
            "SELECT r.id, r.body_id, COALESCE(b.name, r.org), b.region_path, r.year, f.figures
             FROM reports r LEFT JOIN bodies b ON b.id = r.body_id
             JOIN report_figures f ON f.report_id = r.id WHERE 1 = 1{w}
             ORDER BY r.body_id, r.id"
        );
        self.conn.query(&sql, &params)
    }

    /// The sum of every cell over a selection, how many reports and bodies each covers, and
    /// every rate pooled.
    pub fn stats(&mut self, sel: &Selection) -> Result<Stats, StoreError> {
        let rows = self.figures(sel)?;
        let rates = crate::rates::rates();
        let slot_terms: Vec<(Terms, Terms)> = rates
            .iter()
            .map(|r| (self.terms(&r.numerator), self.terms(&r.denominator)))
            .collect();
        let mut sums: HashMap<i64, (Num, usize, usize, Option<i64>)> = HashMap::new();
        let mut rate_sums = vec![(0.0, 0.0, 0usize); rates.len()];
        let mut bodies = 0usize;
        let mut last_body: Option<i64> = None;
        let mut vals: HashMap<i64, f64> = HashMap::new();
        for (n, r) in rows.iter().enumerate() {
            // Reports without a body count as their own body.
            let body = r.opt_int(1).unwrap_or(-(n as i64) - 1);
            if last_body != Some(body) {
                bodies += 1;
                last_body = Some(body);
            }
            vals.clear();
            let ok = codec::each_figure(r.blob(5), |slot, v| {
                let e = sums.entry(slot).or_insert((Num::ZERO, 0, 0, None));
                e.0 = e.0.plus(v);
                e.1 += 1;
                if e.3 != Some(body) {
                    e.2 += 1;
                    e.3 = Some(body);
                }
                vals.insert(slot, v.as_f64());
            });
            if !ok {
                return Err(StoreError::corrupt(
                    format!("report {}", r.int(0)),
                    "figures",
                ));
            }
            for ((num, den), acc) in slot_terms.iter().zip(rate_sums.iter_mut()) {
                if let (Some(a), Some(b)) = (eval(num, &vals), eval(den, &vals))
                    && b > 0.0
                {
                    acc.0 += a;
                    acc.1 += b;
                    acc.2 += 1;
                }
            }
        }
        let cells = self
            .slots
            .ordered()
            .into_iter()
            .filter_map(|(slot, key)| {
                sums.get(&slot).map(|(sum, reports, bodies, _)| CellTotal {
                    key: key.clone(),
                    sum: *sum,
                    reports: *reports,
                    bodies: *bodies,
                })
            })
            .collect();
        Ok(Stats {
            reports: rows.len(),
            bodies,
            cells,
            rates: rates
                .into_iter()
                .zip(rate_sums)
                .map(|(rate, (n, d, c))| RateTotal {
                    rate,
                    numerator: n,
                    denominator: d,
                    reports: c,
                })
                .collect(),
        })
    }

    fn terms(&self, terms: &[crate::rates::Term]) -> Vec<(i64, i8)> {
        terms
            .iter()
            .map(|t| (self.slots.slot_of(&t.cell).unwrap_or(-1), t.sign))
            .collect()
    }

    /// Reports of a selection ranked by a cell (`table3.total.total`) or a rate, highest
    /// first. Reports without the cell, or with a rate's denominator 0, are left out.
    pub fn rank(&mut self, sel: &Selection, by: &RankBy) -> Result<Vec<Ranked>, StoreError> {
        let terms = match by {
            RankBy::Cell(c) => {
                let slot = self.slots.slot_of(c).unwrap_or(-1);
                (vec![(slot, 1)], Vec::new())
            }
            RankBy::Rate(r) => (self.terms(&r.numerator), self.terms(&r.denominator)),
        };
        let rows = self.figures(sel)?;
        let mut out = Vec::new();
        let mut vals: HashMap<i64, f64> = HashMap::new();
        for r in &rows {
            vals.clear();
            codec::each_figure(r.blob(5), |slot, v| {
                vals.insert(slot, v.as_f64());
            });
            let Some(num) = eval(&terms.0, &vals) else {
                continue;
            };
            let (value, parts) = if terms.1.is_empty() {
                (num, None)
            } else {
                match eval(&terms.1, &vals) {
                    Some(den) if den > 0.0 => (num / den, Some((num, den))),
                    _ => continue,
                }
            };
            out.push(Ranked {
                report: r.int(0),
                body: r.text(2),
                region: r.opt_text(3),
                year: r.opt_int(4).and_then(|y| i32::try_from(y).ok()),
                value,
                parts,
            });
        }
        out.sort_by(|a, b| {
            b.value
                .total_cmp(&a.value)
                .then_with(|| a.body.cmp(&b.body))
                .then_with(|| a.year.cmp(&b.year))
        });
        Ok(out)
    }

    /// Report ids of a selection after `after`, at most `limit`, in id order (for paging
    /// through large selections with bounded memory).
    pub fn report_ids(
        &mut self,
        sel: &Selection,
        after: i64,
        limit: usize,
    ) -> Result<Vec<i64>, StoreError> {
        let mut params = vec![Val::Int(after)];
        let w = sel.sql(&mut params);
        params.push(Val::from(limit));
        let sql = format!(
            "SELECT r.id FROM reports r LEFT JOIN bodies b ON b.id = r.body_id
             WHERE r.id > $1{w} ORDER BY r.id LIMIT ${}",
            params.len()
        );
        Ok(self
            .conn
            .query(&sql, &params)?
            .iter()
            .map(|r| r.int(0))
            .collect())
    }

    /// Calls `f` with every flat row of a selection, `page` reports at a time (bounded
    /// memory for any selection); returns how many rows.
    pub fn each_flat_row<E: From<StoreError>>(
        &mut self,
        sel: &Selection,
        page: usize,
        mut f: impl FnMut(&crate::export::FlatRow) -> Result<(), E>,
    ) -> Result<usize, E> {
        let mut after = 0;
        let mut n = 0;
        loop {
            let ids = self.report_ids(sel, after, page.max(1))?;
            let Some(last) = ids.last().copied() else {
                return Ok(n);
            };
            for r in self.flat_rows(&ids)? {
                f(&r)?;
                n += 1;
            }
            after = last;
        }
    }

    /// The flat rows of these reports (every cell), in report then template order.
    pub fn flat_rows(&mut self, ids: &[i64]) -> Result<Vec<crate::export::FlatRow>, StoreError> {
        let mut out = Vec::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let sql = format!(
            "SELECT r.id, COALESCE(b.name, r.org), b.region_code, COALESCE(b.kind, r.body_kind),
                    r.year, r.edition, s.sha256, c.cells
             FROM reports r LEFT JOIN bodies b ON b.id = r.body_id
             JOIN sources s ON s.id = r.source_id JOIN report_cells c ON c.report_id = r.id
             WHERE r.id IN ({}) ORDER BY r.id",
            placeholders(0, ids.len())
        );
        let params: Vec<Val> = ids.iter().map(|i| Val::Int(*i)).collect();
        for r in self.conn.query(&sql, &params)? {
            let what = format!("report {}", r.int(0));
            for sc in codec::decode_cells(&r.text(7), &what)? {
                let Some(key) = self.slots.key(sc.slot) else {
                    continue;
                };
                out.push(crate::export::FlatRow {
                    body: r.opt_text(1).unwrap_or_default(),
                    region_code: r.opt_text(2),
                    kind: r.opt_text(3),
                    year: r.opt_int(4).and_then(|y| i32::try_from(y).ok()),
                    edition: r.opt_text(5),
                    table: key.table.clone(),
                    row: key.row.clone(),
                    col: key.col.clone(),
                    value: sc.cell.value,
                    blank: sc.cell.blank,
                    source_sha256: r.text(6),
                    line: sc.cell.line,
                });
            }
        }
        Ok(out)
    }
}

/// What to rank by.
#[derive(Clone, Debug)]
pub enum RankBy {
    /// A cell.
    Cell(CellRef),
    /// A rate.
    Rate(Rate),
}

/// Slots with their signs.
type Terms = Vec<(i64, i8)>;

fn eval(terms: &[(i64, i8)], vals: &HashMap<i64, f64>) -> Option<f64> {
    let mut s = 0.0;
    for (slot, sign) in terms {
        s += vals.get(slot)? * f64::from(*sign);
    }
    Some(s)
}
