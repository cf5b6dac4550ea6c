//! What a report is written from: the issuing body, the year, the three tables (as
//! `gongkai_report::Table`, the model every reader, rule, the ledger and the store share) and
//! the publication date. [`ReportData::validate`] holds the tables to the edition in force for
//! the year; [`ReportData::from_report_json`] reads the `gongkai.report/1` JSON that
//! `gongkai parse --json` prints.

use gongkai_format::{
    ColumnDef, Edition, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TableId, ValueKind, edition_def,
};
use gongkai_report::{Cell, Num, Placement, Row, Table};
use serde_json::Value as Json;
use std::fmt;

/// The first report year of the statutory format (the 2019 edition; earlier reports followed
/// the 2008 regulations and have no fixed tables).
pub const FIRST_YEAR: i32 = 2019;

/// The data of one annual report.
#[derive(Clone, Debug)]
pub struct ReportData {
    /// The issuing body as printed in the title (`青山县李溪镇人民政府`).
    pub body: String,
    /// The report year.
    pub year: i32,
    /// Publication date `YYYY-MM-DD`, printed under the signature; none: no date printed.
    pub published: Option<String>,
    pub table2: Table,
    pub table3: Table,
    pub table4: Table,
}

/// Why data cannot be written as a report.
#[derive(Debug)]
pub enum DataError {
    /// No body named.
    EmptyBody,
    /// A year before the statutory format.
    YearNotCovered { year: i32 },
    /// A table read in another edition than the one in force for the year.
    EditionMismatch {
        table: TableId,
        found: Edition,
        expected: Edition,
        year: i32,
    },
    /// A row or column the edition in force does not have.
    UnknownCell {
        table: TableId,
        row: String,
        col: Option<String>,
        edition: Edition,
    },
    /// A row of the edition without a value (the data must give every cell; blank cells are
    /// cells with `blank`).
    MissingCell {
        table: TableId,
        row: &'static str,
        col: &'static str,
    },
    /// A value its column cannot hold (a count below zero or with a fraction).
    BadValue {
        table: TableId,
        row: &'static str,
        col: &'static str,
        value: Num,
    },
    /// The publication date is not `YYYY-MM-DD`.
    BadDate { date: String },
    /// A line of the JSON input that is not JSON.
    Json {
        line: usize,
        source: serde_json::Error,
    },
    /// A JSON object without what `gongkai.report/1` promises, or with a value of the wrong
    /// type (`what` names the place).
    JsonShape { line: usize, what: String },
    /// No report in the JSON input for this body and year; `available` lists what is there
    /// (body or `?`, year or `?`).
    NotFound {
        body: String,
        year: i32,
        available: Vec<(String, String)>,
    },
    /// Several reports in the JSON input for this body and year (their lines).
    Ambiguous {
        body: String,
        year: i32,
        lines: Vec<usize>,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::EmptyBody => write!(f, "no issuing body given"),
            DataError::YearNotCovered { year } => write!(
                f,
                "report year {year} is before the statutory format (first report year {FIRST_YEAR})"
            ),
            DataError::EditionMismatch {
                table,
                found,
                expected,
                year,
            } => write!(
                f,
                "{} is in the {found} edition; a report for {year} is written in the {expected} edition",
                table.key()
            ),
            DataError::UnknownCell {
                table,
                row,
                col,
                edition,
            } => match col {
                Some(c) => write!(
                    f,
                    "{}.{row}.{c} is not a cell of the {edition} edition",
                    table.key()
                ),
                None => write!(
                    f,
                    "{}.{row} is not a row of the {edition} edition",
                    table.key()
                ),
            },
            DataError::MissingCell { table, row, col } => {
                write!(f, "{}.{row}.{col} has no value", table.key())
            }
            DataError::BadValue {
                table,
                row,
                col,
                value,
            } => write!(
                f,
                "{}.{row}.{col} = {value} is not a valid value for its column",
                table.key()
            ),
            DataError::BadDate { date } => {
                write!(f, "publication date {date:?} is not YYYY-MM-DD")
            }
            DataError::Json { line, source } => write!(f, "line {line}: not JSON: {source}"),
            DataError::JsonShape { line, what } => write!(f, "line {line}: {what}"),
            DataError::NotFound {
                body,
                year,
                available,
            } => {
                write!(f, "no report of {body} for {year} in the data")?;
                if !available.is_empty() {
                    let list: Vec<String> =
                        available.iter().map(|(b, y)| format!("{b} {y}")).collect();
                    write!(f, " (it has: {})", list.join("; "))?;
                }
                Ok(())
            }
            DataError::Ambiguous { body, year, lines } => write!(
                f,
                "several reports of {body} for {year} in the data (lines {lines:?})"
            ),
        }
    }
}

impl std::error::Error for DataError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DataError::Json { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The columns of a row of `table` in `edition` (table 4: the five of every group).
pub(crate) fn columns_of(
    table: TableId,
    edition: Edition,
    row: &str,
) -> Option<&'static [ColumnDef]> {
    let def = edition_def(edition);
    match table {
        TableId::Table2 => def.table2.row(row).map(|(b, _)| b.columns),
        TableId::Table3 => def.table3.row(row).map(|_| &T3_COLUMNS[..]),
        TableId::Table4 => T4_GROUPS
            .iter()
            .any(|g| g.key == row)
            .then_some(&T4_COLUMNS[..]),
    }
}

/// The row keys of `table` in `edition`, in printed order.
pub(crate) fn row_keys(table: TableId, edition: Edition) -> Vec<&'static str> {
    let def = edition_def(edition);
    match table {
        TableId::Table2 => def.table2.rows().map(|(_, r)| r.key).collect(),
        TableId::Table3 => def.table3.rows.iter().map(|r| r.key).collect(),
        TableId::Table4 => T4_GROUPS.iter().map(|g| g.key).collect(),
    }
}

/// A cell of computed data: no source text, so an empty span at 0 and line 0 (as the ledger's
/// tables have them).
pub fn data_cell(col: &'static str, value: Num, blank: bool) -> Cell {
    Cell {
        col,
        value,
        blank,
        raw: if blank {
            String::new()
        } else {
            value.to_string()
        },
        span: 0..0,
        line: 0,
        placement: Placement::Labelled,
        converted_from_yuan: false,
    }
}

fn valid(kind: ValueKind, v: Num) -> bool {
    let finite = v.as_f64().is_finite();
    match kind {
        ValueKind::Count => finite && v.is_whole() && !v.is_negative(),
        ValueKind::SignedCount => finite && v.is_whole(),
        ValueKind::Money => finite && !v.is_negative(),
    }
}

impl ReportData {
    /// The edition the report is written in: the one in force for its year.
    pub fn edition(&self) -> Edition {
        Edition::for_report_year(self.year)
    }

    pub fn table(&self, id: TableId) -> &Table {
        match id {
            TableId::Table2 => &self.table2,
            TableId::Table3 => &self.table3,
            TableId::Table4 => &self.table4,
        }
    }

    /// The value of a cell (a blank cell is 0), if the data has it.
    pub fn value(&self, table: TableId, row: &str, col: &str) -> Option<Num> {
        self.table(table).value(row, col)
    }

    /// Whether the data can be written: a body, a year of the statutory format, every cell of
    /// the edition in force with a value its column can hold, nothing the edition lacks.
    pub fn validate(&self) -> Result<(), DataError> {
        if self.body.trim().is_empty() {
            return Err(DataError::EmptyBody);
        }
        if self.year < FIRST_YEAR {
            return Err(DataError::YearNotCovered { year: self.year });
        }
        if let Some(d) = &self.published
            && !is_iso_date(d)
        {
            return Err(DataError::BadDate { date: d.clone() });
        }
        let edition = self.edition();
        for id in TableId::ALL {
            let t = self.table(id);
            if let Some(found) = t.edition
                && found != edition
            {
                return Err(DataError::EditionMismatch {
                    table: id,
                    found,
                    expected: edition,
                    year: self.year,
                });
            }
            for row in &t.rows {
                let Some(cols) = columns_of(id, edition, row.key) else {
                    return Err(DataError::UnknownCell {
                        table: id,
                        row: row.key.to_owned(),
                        col: None,
                        edition,
                    });
                };
                if let Some(c) = row
                    .cells
                    .iter()
                    .find(|c| !cols.iter().any(|x| x.key == c.col))
                {
                    return Err(DataError::UnknownCell {
                        table: id,
                        row: row.key.to_owned(),
                        col: Some(c.col.to_owned()),
                        edition,
                    });
                }
            }
            for key in row_keys(id, edition) {
                for col in columns_of(id, edition, key).unwrap_or(&[]) {
                    let Some(cell) = t.cell(key, col.key) else {
                        return Err(DataError::MissingCell {
                            table: id,
                            row: key,
                            col: col.key,
                        });
                    };
                    if !valid(col.kind, cell.value) {
                        return Err(DataError::BadValue {
                            table: id,
                            row: key,
                            col: col.key,
                            value: cell.value,
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The report for `body` and `year` among JSON Lines of `gongkai.report/1` objects (what
    /// `gongkai parse --json` prints for one or many files). An object matches when its `org`
    /// is `body` and its `year` is `year`; objects that record an error are passed over. The
    /// tables are taken as read, blank cells as blank; `published` is kept.
    pub fn from_report_json(text: &str, body: &str, year: i32) -> Result<ReportData, DataError> {
        let mut found: Vec<(usize, Json)> = Vec::new();
        let mut available = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.trim().trim_start_matches('\u{feff}');
            if line.is_empty() {
                continue;
            }
            let v: Json =
                serde_json::from_str(line).map_err(|source| DataError::Json { line: n, source })?;
            if !v.is_object() {
                return Err(shape(n, "not a JSON object"));
            }
            if v.get("error").is_some() {
                continue;
            }
            let org = v.get("org").and_then(Json::as_str);
            let y = v.get("year").and_then(Json::as_i64);
            available.push((
                org.unwrap_or("?").to_owned(),
                y.map_or_else(|| "?".to_owned(), |y| y.to_string()),
            ));
            if org == Some(body) && y == Some(i64::from(year)) {
                found.push((n, v));
            }
        }
        match found.len() {
            0 => Err(DataError::NotFound {
                body: body.to_owned(),
                year,
                available,
            }),
            1 => {
                let (n, v) = found.remove(0);
                from_json_object(n, &v, body, year)
            }
            _ => Err(DataError::Ambiguous {
                body: body.to_owned(),
                year,
                lines: found.iter().map(|(n, _)| *n).collect(),
            }),
        }
    }
}

fn shape(line: usize, what: impl Into<String>) -> DataError {
    DataError::JsonShape {
        line,
        what: what.into(),
    }
}

pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

fn from_json_object(line: usize, v: &Json, body: &str, year: i32) -> Result<ReportData, DataError> {
    let edition = Edition::for_report_year(year);
    match v.get("edition").and_then(Json::as_str) {
        None => {}
        Some(e) => match Edition::parse(e) {
            Some(found) if found != edition => {
                return Err(DataError::EditionMismatch {
                    table: TableId::Table3,
                    found,
                    expected: edition,
                    year,
                });
            }
            Some(_) => {}
            None => {
                return Err(shape(
                    line,
                    format!("edition {e:?}: the tables mix editions; write them in one first"),
                ));
            }
        },
    }
    // Blank cells, from the `cells` list.
    let mut blank: Vec<(String, String, String)> = Vec::new();
    if let Some(cells) = v.get("cells").and_then(Json::as_array) {
        for c in cells {
            if c.get("blank").and_then(Json::as_bool) == Some(true) {
                let s = |k: &str| c.get(k).and_then(Json::as_str).unwrap_or("").to_owned();
                blank.push((s("table"), s("row"), s("col")));
            }
        }
    }
    let mut tables = Vec::new();
    for id in TableId::ALL {
        let mut t = Table::new(id);
        t.edition = Some(edition);
        t.span = Some(0..0);
        let rows = match v.get(id.key()) {
            None | Some(Json::Null) => None,
            Some(Json::Object(rows)) => Some(rows),
            Some(_) => return Err(shape(line, format!("{} is not an object", id.key()))),
        };
        for (rkey, cols) in rows.into_iter().flatten() {
            let (row_key, defs) = match row_keys(id, edition).into_iter().find(|k| k == rkey) {
                Some(k) => (k, columns_of(id, edition, k).unwrap_or(&[])),
                None => {
                    return Err(DataError::UnknownCell {
                        table: id,
                        row: rkey.clone(),
                        col: None,
                        edition,
                    });
                }
            };
            let Json::Object(cols) = cols else {
                return Err(shape(line, format!("{}.{rkey} is not an object", id.key())));
            };
            let mut cells = Vec::new();
            for (ckey, value) in cols {
                let Some(def) = defs.iter().find(|d| d.key == ckey) else {
                    return Err(DataError::UnknownCell {
                        table: id,
                        row: rkey.clone(),
                        col: Some(ckey.clone()),
                        edition,
                    });
                };
                let num = match (value.as_i64(), value.as_f64()) {
                    (Some(i), _) if def.kind != ValueKind::Money => Num::Int(i),
                    (_, Some(d)) => Num::Dec(d),
                    _ => {
                        return Err(shape(
                            line,
                            format!("{}.{rkey}.{ckey} is not a number", id.key()),
                        ));
                    }
                };
                let is_blank = blank
                    .iter()
                    .any(|(t, r, c)| t == id.key() && r == rkey && c == ckey);
                cells.push(data_cell(def.key, num, is_blank));
            }
            t.rows.push(Row {
                key: row_key,
                cells,
                label: None,
            });
        }
        tables.push(t);
    }
    let mut it = tables.into_iter();
    let (Some(table2), Some(table3), Some(table4)) = (it.next(), it.next(), it.next()) else {
        return Err(shape(line, "tables missing"));
    };
    Ok(ReportData {
        body: body.to_owned(),
        year,
        published: v.get("published").and_then(Json::as_str).map(str::to_owned),
        table2,
        table3,
        table4,
    })
}
