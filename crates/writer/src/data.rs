//! What a report is written from: the issuing body, the year, the three tables (as
//! `gongkai_report::Table`, the model every reader, rule, the ledger and the store share) and
//! the publication date. [`ReportData::validate`] holds the tables to the edition in force for
//! the year; [`ReportData::from_report_json`] reads the `gongkai.report/1` JSON that
//! `gongkai parse --json` prints.

use gongkai_format::{
    ColumnDef, Edition, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TableId, ValueKind, edition_def,
};
use gongkai_ledger::Case;
use gongkai_report::{Cell, Num, Row, Table};
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
    /// A data file that is not TOML (1-based line and column of the mistake).
    Toml {
        line: usize,
        column: usize,
        message: String,
    },
    /// A data file value in the wrong place or of the wrong type (`place` names it, such as
    /// `table3.granted.legal_person`).
    Shape { place: String, what: String },
    /// Something the report needs that neither the data nor the options give.
    Missing { what: &'static str },
    /// Something given twice with different values (the data and the options, or a table in
    /// the data and the ledger).
    Conflict { what: &'static str },
    /// Table 3 could not be computed from the ledger.
    Ledger(gongkai_ledger::TableError),
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
            DataError::Toml {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: not TOML: {message}"),
            DataError::Shape { place, what } => write!(f, "{place}: {what}"),
            DataError::Missing { what } => write!(f, "no {what} given"),
            DataError::Conflict { what } => write!(f, "{what} given twice, differently"),
            DataError::Ledger(e) => write!(f, "table 3 from the ledger: {e}"),
        }
    }
}

impl std::error::Error for DataError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DataError::Json { source, .. } => Some(source),
            DataError::Ledger(e) => Some(e),
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

/// A cell of computed data ([`Cell::computed`]: no source text).
pub fn data_cell(col: &'static str, value: Num, blank: bool) -> Cell {
    Cell::computed(col, value, blank)
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

// ---- the data file -------------------------------------------------------------------------

/// The syntax of a data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

/// What the report needs beside the data file, or instead of part of it: the command line's
/// body, year and date, table 3 computed from the ledger ([`table3_from_ledger`]).
#[derive(Clone, Debug, Default)]
pub struct Given {
    pub body: Option<String>,
    pub year: Option<i32>,
    pub published: Option<String>,
    pub table3: Option<Table>,
}

/// Table 3 of `year` computed from the ledger's cases by `gongkai-ledger`, in the edition in
/// force for the year (the balance holds by construction).
pub fn table3_from_ledger(cases: &[Case], year: i32) -> Result<Table, DataError> {
    let y = i16::try_from(year).map_err(|_| DataError::YearNotCovered { year })?;
    gongkai_ledger::table3(cases, y, Edition::for_report_year(year)).map_err(DataError::Ledger)
}

fn merge<T: PartialEq>(
    file: Option<T>,
    given: Option<T>,
    what: &'static str,
) -> Result<Option<T>, DataError> {
    match (file, given) {
        (Some(a), Some(b)) if a != b => Err(DataError::Conflict { what }),
        (a, b) => Ok(a.or(b)),
    }
}

fn place_shape(place: impl Into<String>, what: impl Into<String>) -> DataError {
    DataError::Shape {
        place: place.into(),
        what: what.into(),
    }
}

/// 1-based line and column of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl ReportData {
    /// The report's data from a data file (TOML or JSON, the same shape):
    ///
    /// ```toml
    /// body = "青山县李溪镇人民政府"     # or given on the command line
    /// year = 2023
    /// published = "2024-01-20"          # optional: the date under the signature
    /// blank = ["table4.review.other"]   # optional: cells printed empty
    ///
    /// [table2]
    /// regulations = { issued = 0, abolished = 0, in_force = 0 }
    ///
    /// [table3]                          # left out when computed from the ledger
    /// new_received = [3, 0, 0, 0, 0, 0, 3]   # a row as a list, in the format's column order
    /// ```
    ///
    /// Rows and columns are the keys of `gongkai-format` for the edition in force for the
    /// year (`gongkai rules` and `docs/output.md` list them); every cell of the three tables
    /// must have a value ([`ReportData::validate`] names the first one missing).
    pub fn from_data_file(
        text: &str,
        syntax: Syntax,
        given: Given,
    ) -> Result<ReportData, DataError> {
        let text = text.trim_start_matches('\u{feff}');
        let v: Json = match syntax {
            Syntax::Json => serde_json::from_str(text).map_err(|source| DataError::Json {
                line: source.line(),
                source,
            })?,
            Syntax::Toml => toml::from_str(text).map_err(|e| {
                let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
                DataError::Toml {
                    line,
                    column,
                    message: e.message().to_owned(),
                }
            })?,
        };
        let Json::Object(top) = &v else {
            return Err(place_shape("the data", "not a table of keys and values"));
        };
        for k in top.keys() {
            if !matches!(
                k.as_str(),
                "body" | "year" | "published" | "blank" | "table2" | "table3" | "table4"
            ) {
                return Err(place_shape(
                    k.clone(),
                    "unknown key (known: body, year, published, blank, table2, table3, table4)",
                ));
            }
        }
        let string = |k: &str| -> Result<Option<String>, DataError> {
            match top.get(k) {
                None => Ok(None),
                Some(Json::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(place_shape(k, "not a string")),
            }
        };
        let year = match top.get("year") {
            None => None,
            Some(y) => Some(
                y.as_i64()
                    .and_then(|y| i32::try_from(y).ok())
                    .ok_or_else(|| place_shape("year", "not a year"))?,
            ),
        };
        let body =
            merge(string("body")?, given.body, "the issuing body")?.ok_or(DataError::Missing {
                what: "issuing body (`body`)",
            })?;
        let year = merge(year, given.year, "the year")?.ok_or(DataError::Missing {
            what: "report year (`year`)",
        })?;
        if year < FIRST_YEAR {
            return Err(DataError::YearNotCovered { year });
        }
        let published = merge(
            string("published")?,
            given.published,
            "the publication date",
        )?;
        let edition = Edition::for_report_year(year);
        let mut blank: Vec<(String, String, String)> = Vec::new();
        match top.get("blank") {
            None => {}
            Some(Json::Array(list)) => {
                for (i, b) in list.iter().enumerate() {
                    let parts: Vec<&str> = b
                        .as_str()
                        .map(|s| s.split('.').collect())
                        .unwrap_or_default();
                    let [t, r, c] = parts.as_slice() else {
                        return Err(place_shape(
                            format!("blank[{i}]"),
                            "not a cell name `table.row.col`",
                        ));
                    };
                    blank.push(((*t).to_owned(), (*r).to_owned(), (*c).to_owned()));
                }
            }
            Some(_) => return Err(place_shape("blank", "not a list of cell names")),
        }
        // Every table in the file is read before any missing one is reported: a mistake
        // inside a table is named first.
        let mut read = Vec::new();
        for id in TableId::ALL {
            read.push(match top.get(id.key()) {
                Some(rows) => Some(table_from_data(id, edition, rows, &blank)?),
                None => None,
            });
        }
        let mut tables = Vec::new();
        let mut given_t3 = given.table3;
        for (id, in_file) in TableId::ALL.into_iter().zip(read) {
            let from_ledger = if id == TableId::Table3 {
                given_t3.take()
            } else {
                None
            };
            match (in_file, from_ledger) {
                (Some(_), Some(_)) => {
                    return Err(DataError::Conflict {
                        what: "table 3 (in the data and from the ledger)",
                    });
                }
                (Some(t), None) | (None, Some(t)) => tables.push(t),
                (None, None) => {
                    return Err(DataError::Missing {
                        what: match id {
                            TableId::Table2 => "table 2 (`table2`)",
                            TableId::Table3 => "table 3 (`table3` or a ledger)",
                            TableId::Table4 => "table 4 (`table4`)",
                        },
                    });
                }
            }
        }
        // Blank cells named must exist.
        for (t, r, c) in &blank {
            let found = TableId::ALL
                .into_iter()
                .find(|id| id.key() == t)
                .and_then(|id| columns_of(id, edition, r))
                .is_some_and(|cols| cols.iter().any(|x| x.key == c));
            if !found {
                return Err(place_shape(
                    format!("blank: {t}.{r}.{c}"),
                    format!("not a cell of the {edition} edition"),
                ));
            }
        }
        let mut it = tables.into_iter();
        let (Some(table2), Some(table3), Some(table4)) = (it.next(), it.next(), it.next()) else {
            return Err(DataError::Missing { what: "tables" });
        };
        let data = ReportData {
            body,
            year,
            published,
            table2,
            table3,
            table4,
        };
        data.validate()?;
        Ok(data)
    }
}

/// One table of the data file: rows by key, each an object of columns or a list in the
/// format's column order.
fn table_from_data(
    id: TableId,
    edition: Edition,
    rows: &Json,
    blank: &[(String, String, String)],
) -> Result<Table, DataError> {
    let Json::Object(rows) = rows else {
        return Err(place_shape(id.key(), "not a table of rows"));
    };
    let mut t = Table::new(id);
    t.edition = Some(edition);
    t.span = Some(0..0);
    for (rkey, cols) in rows {
        let place = format!("{}.{rkey}", id.key());
        let Some(row_key) = row_keys(id, edition).into_iter().find(|k| k == rkey) else {
            return Err(DataError::UnknownCell {
                table: id,
                row: rkey.clone(),
                col: None,
                edition,
            });
        };
        let defs = columns_of(id, edition, row_key).unwrap_or(&[]);
        let values: Vec<(&ColumnDef, &Json)> = match cols {
            Json::Object(cols) => {
                let mut out = Vec::new();
                for (ckey, value) in cols {
                    let Some(def) = defs.iter().find(|d| d.key == ckey) else {
                        return Err(DataError::UnknownCell {
                            table: id,
                            row: rkey.clone(),
                            col: Some(ckey.clone()),
                            edition,
                        });
                    };
                    out.push((def, value));
                }
                out
            }
            Json::Array(list) if list.len() == defs.len() => defs.iter().zip(list).collect(),
            Json::Array(list) => {
                return Err(place_shape(
                    place,
                    format!(
                        "a list of {} values; the row has {} columns ({})",
                        list.len(),
                        defs.len(),
                        defs.iter().map(|d| d.key).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            _ => {
                return Err(place_shape(
                    place,
                    "not a row (a table of columns or a list)",
                ));
            }
        };
        let mut cells = Vec::new();
        for (def, value) in values {
            let num = match (value.as_i64(), value.as_f64()) {
                (Some(i), _) if def.kind != ValueKind::Money => Num::Int(i),
                (_, Some(d)) => Num::Dec(d),
                _ => return Err(place_shape(format!("{place}.{}", def.key), "not a number")),
            };
            let is_blank = blank
                .iter()
                .any(|(t, r, c)| t == id.key() && r == rkey && c == def.key);
            cells.push(data_cell(def.key, num, is_blank));
        }
        t.rows.push(Row {
            key: row_key,
            cells,
            label: None,
        });
    }
    Ok(t)
}
