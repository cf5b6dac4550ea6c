//! Ground truth in the corpus shape (`fixtures/*/truth/*.json`, the shape
//! `shared/tools/score.py` scores): `table2` as `{row: {col: number}}`, `table3` rows as arrays
//! of seven numbers and `table4` groups as arrays of five, in the format's column order; `year`
//! and `edition`. Only the cells listed are compared.

use crate::{EditionSeen, Report};
use gongkai_format::{T3_COLUMNS, T4_COLUMNS, TableId};
use serde_json::Value;

/// One expected cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Expected {
    pub table: TableId,
    pub row: String,
    pub col: &'static str,
    pub value: f64,
}

impl Expected {
    /// `table3.total.natural_person`.
    pub fn key(&self) -> String {
        format!("{}.{}.{}", self.table.key(), self.row, self.col)
    }
}

/// A difference between a report and its truth.
#[derive(Clone, Debug, PartialEq)]
pub struct Mismatch {
    /// A cell key (`table3.total.total`) or `year` / `edition`.
    pub what: String,
    pub want: String,
    pub got: Option<String>,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} want {} got {}",
            self.what,
            self.want,
            self.got.as_deref().unwrap_or("nothing")
        )
    }
}

fn column_key(table: TableId, index: usize) -> Option<&'static str> {
    match table {
        TableId::Table3 => T3_COLUMNS.get(index).map(|c| c.key),
        TableId::Table4 => T4_COLUMNS.get(index).map(|c| c.key),
        TableId::Table2 => None,
    }
}

/// Every cell a truth file lists. Errors name what is malformed.
pub fn expected_cells(truth: &Value) -> Result<Vec<Expected>, String> {
    let mut out = Vec::new();
    let num = |v: &Value, at: &str| v.as_f64().ok_or_else(|| format!("{at}: not a number"));
    if let Some(t2) = truth["table2"].as_object() {
        for (row, cols) in t2 {
            let cols = cols
                .as_object()
                .ok_or_else(|| format!("table2.{row}: not an object"))?;
            for (col, v) in cols {
                let col = gongkai_format::Edition::ALL
                    .iter()
                    .flat_map(|e| gongkai_format::edition_def(*e).table2.blocks.iter())
                    .flat_map(|b| b.columns.iter())
                    .map(|c| c.key)
                    .find(|k| k == col)
                    .ok_or_else(|| format!("table2.{row}.{col}: unknown column"))?;
                out.push(Expected {
                    table: TableId::Table2,
                    row: row.clone(),
                    col,
                    value: num(v, col)?,
                });
            }
        }
    }
    for table in [TableId::Table3, TableId::Table4] {
        let Some(rows) = truth[table.key()].as_object() else {
            continue;
        };
        for (row, vals) in rows {
            let vals = vals
                .as_array()
                .ok_or_else(|| format!("{}.{row}: not an array", table.key()))?;
            for (i, v) in vals.iter().enumerate() {
                let col = column_key(table, i)
                    .ok_or_else(|| format!("{}.{row}: too many values", table.key()))?;
                out.push(Expected {
                    table,
                    row: row.clone(),
                    col,
                    value: num(v, col)?,
                });
            }
        }
    }
    Ok(out)
}

/// What differs between a report and its truth: cells, rows the truth leaves out but the report
/// fills (invented, or undecidable for a careful reader), year, edition, publication date and
/// issuing body (any of `orgs_ok`, whitespace ignored).
pub fn compare(report: &Report, truth: &Value) -> Result<Vec<Mismatch>, String> {
    let mut out = compare_cells(report, truth)?;
    for t in report.tables() {
        let listed = &truth[t.id.key()];
        for row in &t.rows {
            if listed.get(row.key).is_none() && !row.cells.is_empty() {
                out.push(Mismatch {
                    what: format!("{}.{} (not in the truth)", t.id.key(), row.key),
                    want: "no values".into(),
                    got: Some(
                        row.cells
                            .iter()
                            .map(|c| c.value.to_string())
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                });
            }
        }
    }
    if let Some(want) = truth["published"].as_str() {
        let got = report.meta.published.as_ref().map(|p| p.value.clone());
        if got.as_deref() != Some(want) {
            out.push(Mismatch {
                what: "published".into(),
                want: want.to_owned(),
                got,
            });
        }
    }
    if let Some(ok) = truth["orgs_ok"].as_array().filter(|a| !a.is_empty()) {
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let got = report.meta.org.as_ref().map(|o| squash(&o.value));
        let accepted: Vec<String> = ok.iter().filter_map(Value::as_str).map(squash).collect();
        if !got.as_ref().is_some_and(|g| accepted.contains(g)) {
            out.push(Mismatch {
                what: "org".into(),
                want: accepted.join(" / "),
                got,
            });
        }
    }
    Ok(out)
}

/// What differs between a report and its truth in the cells, year and edition only.
pub fn compare_cells(report: &Report, truth: &Value) -> Result<Vec<Mismatch>, String> {
    let mut out = Vec::new();
    for e in expected_cells(truth)? {
        let got = report.table(e.table).value(&e.row, e.col);
        if !got.is_some_and(|g| (g.as_f64() - e.value).abs() < 1e-6) {
            out.push(Mismatch {
                what: e.key(),
                want: e.value.to_string(),
                got: got.map(|g| g.to_string()),
            });
        }
    }
    if let Some(want) = truth["year"].as_i64() {
        let got = report.meta.year.as_ref().map(|y| i64::from(y.value));
        if got != Some(want) {
            out.push(Mismatch {
                what: "year".into(),
                want: want.to_string(),
                got: got.map(|g| g.to_string()),
            });
        }
    }
    if let Some(want) = truth["edition"].as_str() {
        let got = match report.edition {
            EditionSeen::Known(e) => Some(e.as_str().to_owned()),
            EditionSeen::Mixed => Some("mixed".to_owned()),
            EditionSeen::Unknown => None,
        };
        if got.as_deref() != Some(want) {
            out.push(Mismatch {
                what: "edition".into(),
                want: want.to_owned(),
                got,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cell, Num, Placement, Row, Source};

    fn report_with_total(total: i64) -> Report {
        let mut r = Report::new(Source::default());
        r.table3.rows.push(Row {
            key: "total",
            cells: T3_COLUMNS
                .iter()
                .map(|c| Cell {
                    col: c.key,
                    value: Num::Int(if c.key == "total" { total } else { 0 }),
                    blank: false,
                    raw: String::new(),
                    span: 0..0,
                    line: 1,
                    placement: Placement::Labelled,
                    converted_from_yuan: false,
                })
                .collect(),
            label: None,
        });
        r
    }

    #[test]
    fn cells_are_compared_in_the_format_column_order() {
        let truth = serde_json::json!({"table3": {"total": [0, 0, 0, 0, 0, 0, 5]}});
        assert!(compare(&report_with_total(5), &truth).unwrap().is_empty());
        let m = compare(&report_with_total(4), &truth).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].what, "table3.total.total");
    }

    #[test]
    fn missing_rows_and_metadata_are_mismatches() {
        let truth = serde_json::json!({"table4": {"review": [0, 0, 0, 0, 0]}, "year": 2023});
        let m = compare(&report_with_total(0), &truth).unwrap();
        // five table-4 cells, the year, and table 3's total row that the truth leaves out
        assert_eq!(m.len(), 7);
        assert!(m.iter().any(|x| x.what == "year" && x.got.is_none()));
        assert!(m.iter().any(|x| x.what.starts_with("table3.total")));
        assert_eq!(
            compare_cells(&report_with_total(0), &truth).unwrap().len(),
            6
        );
    }

    #[test]
    fn malformed_truth_is_an_error() {
        assert!(
            expected_cells(&serde_json::json!({"table3": {"total": [0, 0, 0, 0, 0, 0, 0, 9]}}))
                .is_err()
        );
        assert!(expected_cells(&serde_json::json!({"table2": {"fees": {"nope": 1}}})).is_err());
    }
}
