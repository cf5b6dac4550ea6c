//! Reports rebuilt from the flat table ([`crate::export`]): the way back from an analyst's
//! CSV into a store (another store, another backend, a store rebuilt from an archive).
//!
//! A flat table holds, per report, the body (name, region, kind), the year, the edition and
//! every cell with its value, blank marker and line; rows of one report share its source's
//! SHA-256. That is what comes back: the rebuilt report's tables equal the exported ones cell
//! for cell, and exporting it again gives the same rows. What a flat table does not hold
//! cannot come back and is not invented: the source text (so no spans and no sections), the
//! title, the dates, how a value was placed. The source is marked with the format
//! [`FLAT_FORMAT`]; ingesting the original file later replaces the rebuilt report with the
//! one read from the file (see [`crate::Store::add`]).

use crate::export::{ExportError, FlatRow};
use crate::slots::CellKey;
use gongkai_format::{Edition, TableId};
use gongkai_report::{BodyKind, Cell, EditionSeen, Located, Report, Row, Source};
use std::collections::HashMap;

/// The source format of a report rebuilt from a flat table.
pub const FLAT_FORMAT: &str = "flat";

/// One report rebuilt from the rows of one source.
#[derive(Clone, Debug)]
pub struct Rebuilt {
    /// The report: metadata (body name, year, kind), edition and tables; no findings.
    pub report: Report,
    /// The region code the table gave for its body.
    pub region_code: Option<String>,
    /// Line of the report's first row in the flat file.
    pub line: u64,
}

/// Rebuild the reports of a flat table (rows as [`crate::export::read_csv_numbered`] gives
/// them, with their lines), in the order of their first row. `path` names the flat file in
/// each report's source. Refused, naming the line: a row whose report disagrees with an
/// earlier row of the same source (body, region, kind, year, edition), a cell key this build
/// does not know, a cell given twice, an empty or malformed hash.
pub fn rebuild(rows: &[(u64, FlatRow)], path: &str) -> Result<Vec<Rebuilt>, ExportError> {
    let mut out: Vec<Rebuilt> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (line, r) in rows {
        let bad = |detail: String| ExportError::BadFlat {
            line: *line,
            detail,
        };
        let sha = r.source_sha256.as_str();
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad(format!("source_sha256 {sha:?} is not a SHA-256")));
        }
        let at = match index.get(sha) {
            Some(&i) => i,
            None => {
                index.insert(sha, out.len());
                out.push(start(*line, r, path).map_err(bad)?);
                out.len() - 1
            }
        };
        let Some(rb) = out.get_mut(at) else {
            continue;
        };
        same_report(rb, r).map_err(bad)?;
        let key = CellKey {
            table: r.table.clone(),
            row: r.row.clone(),
            col: r.col.clone(),
        };
        let cref = key
            .cell_ref()
            .ok_or_else(|| bad(format!("cell {key} is not in the statutory format")))?;
        let table = rb.report.table_mut(cref.table);
        // A table present in the flat file was present in its report: its span is empty
        // (there is no text), not absent.
        table.span.get_or_insert(0..0);
        let row = match table.rows.iter().position(|x| x.key == cref.row) {
            Some(i) => &mut table.rows[i],
            None => {
                table.rows.push(Row {
                    key: cref.row,
                    cells: Vec::new(),
                    label: None,
                });
                let n = table.rows.len() - 1;
                &mut table.rows[n]
            }
        };
        if row.cells.iter().any(|c| c.col == cref.col) {
            return Err(bad(format!("cell {key} is given twice for this report")));
        }
        let mut cell = Cell::computed(cref.col, r.value, r.blank);
        cell.line = r.line;
        row.cells.push(cell);
    }
    for rb in &mut out {
        table_editions(&mut rb.report);
    }
    Ok(out)
}

fn start(line: u64, r: &FlatRow, path: &str) -> Result<Rebuilt, String> {
    let mut report = Report::new(Source {
        path: path.to_owned(),
        format: FLAT_FORMAT.to_owned(),
        encoding: "utf-8".to_owned(),
        sha256: r.source_sha256.to_ascii_lowercase(),
        bytes: 0,
    });
    let located = |value| Located {
        value,
        span: 0..0,
        line: 0,
    };
    report.meta.org = Some(r.body.clone()).filter(|b| !b.is_empty()).map(located);
    report.meta.year = r.year.map(|y| Located {
        value: y,
        span: 0..0,
        line: 0,
    });
    report.meta.body_kind = match r.kind.as_deref() {
        None => None,
        Some(k) => Some(BodyKind::parse(k).ok_or_else(|| format!("kind {k:?} is not a kind"))?),
    };
    report.edition = match r.edition.as_deref() {
        None => EditionSeen::Unknown,
        Some("mixed") => EditionSeen::Mixed,
        Some(e) => EditionSeen::Known(
            Edition::parse(e).ok_or_else(|| format!("edition {e:?} is not an edition"))?,
        ),
    };
    Ok(Rebuilt {
        report,
        region_code: r.region_code.clone(),
        line,
    })
}

/// The columns that describe the report must repeat on every row of its source.
fn same_report(rb: &Rebuilt, r: &FlatRow) -> Result<(), String> {
    let m = &rb.report.meta;
    let differs = |what: &str, was: String, now: String| {
        Err(format!(
            "{what} is {now:?} here but {was:?} on line {} of the same source",
            rb.line
        ))
    };
    let org = m.org.as_ref().map_or("", |o| o.value.as_str());
    if org != r.body {
        return differs("body", org.to_owned(), r.body.clone());
    }
    if m.year.as_ref().map(|y| y.value) != r.year {
        return differs(
            "year",
            format!("{:?}", m.year.as_ref().map(|y| y.value)),
            format!("{:?}", r.year),
        );
    }
    if rb.region_code != r.region_code {
        return differs(
            "region_code",
            format!("{:?}", rb.region_code),
            format!("{:?}", r.region_code),
        );
    }
    let kind = m.body_kind.map(BodyKind::as_str);
    if kind != r.kind.as_deref() {
        return differs("kind", format!("{kind:?}"), format!("{:?}", r.kind));
    }
    let edition = match rb.report.edition {
        EditionSeen::Known(e) => Some(e.as_str()),
        EditionSeen::Mixed => Some("mixed"),
        EditionSeen::Unknown => None,
    };
    if edition != r.edition.as_deref() {
        return differs(
            "edition",
            format!("{edition:?}"),
            format!("{:?}", r.edition),
        );
    }
    Ok(())
}

/// Each table's edition: the report's when it prints one; for a report that mixes them,
/// the edition whose template holds every row key of the table (table 4 is the same in both).
fn table_editions(report: &mut Report) {
    let known = report.edition.known();
    for id in [TableId::Table2, TableId::Table3, TableId::Table4] {
        let t = report.table_mut(id);
        if t.rows.is_empty() {
            continue;
        }
        t.edition = known.or_else(|| {
            [Edition::E2021, Edition::E2019].into_iter().find(|e| {
                let def = gongkai_format::edition_def(*e);
                t.rows.iter().all(|row| match id {
                    TableId::Table2 => def.table2.row(row.key).is_some(),
                    TableId::Table3 => def.table3.row(row.key).is_some(),
                    TableId::Table4 => true,
                })
            })
        });
    }
}
