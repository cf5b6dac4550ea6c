//! The report's tables computed from records: table 3 from the cases, table 4 from the
//! reconsideration and litigation cases, table 2 from the year's figures.
//!
//! Tables are returned as `gongkai_report::Table`, the model every reader and rule uses. They
//! have no source text: every cell has an empty span at 0 and line 0, `raw` is the number
//! written out, and the table's span is `0..0` so that the rules treat it as present.

use crate::case::{ApplicantKind, Case};
use gongkai_format::{
    Edition, RowRole, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TableId, ValueKind, edition_def,
};
use gongkai_report::{Cell, Num, Row, Table};
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt;

fn computed_table(id: TableId, edition: Edition) -> Table {
    let mut t = Table::new(id);
    t.edition = Some(edition);
    t.span = Some(0..0);
    t
}

/// Why a table could not be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableError {
    /// A case whose outcome has no row in the edition asked for.
    OutcomeNotInEdition {
        case_id: String,
        outcome: &'static str,
        edition: Edition,
    },
    /// A report year no date can be in.
    YearOutOfRange(i16),
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::OutcomeNotInEdition {
                case_id,
                outcome,
                edition,
            } => write!(
                f,
                "case {case_id}: outcome {outcome} has no row in table 3 of the {edition} edition"
            ),
            TableError::YearOutOfRange(y) => write!(f, "year {y} is out of range"),
        }
    }
}

impl std::error::Error for TableError {}

/// 1 January and 31 December of `year`.
fn year_bounds(year: i16) -> Result<(Date, Date), TableError> {
    match (Date::new(year, 1, 1), Date::new(year, 12, 31)) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        _ => Err(TableError::YearOutOfRange(year)),
    }
}

/// Table 3 for `year` from the cases, in the layout of `edition`:
/// - 本年新收 (new_received): received in the year;
/// - 上年结转 (carried_over): received earlier and still open on 1 January;
/// - each outcome row: answered in the year with that outcome; （七）总计 their sum;
/// - 结转下年度 (carry_forward): open on 31 December;
///
/// each by applicant kind, with the total column their sum. The balance
/// new + carried = total + carry-forward holds by construction.
pub fn table3(cases: &[Case], year: i16, edition: Edition) -> Result<Table, TableError> {
    let def = edition_def(edition).table3;
    let (jan1, dec31) = year_bounds(year)?;
    let mut counts: BTreeMap<&'static str, [i64; 6]> = BTreeMap::new();
    let mut add = |row: &'static str, a: ApplicantKind| {
        if let Some(n) = counts.entry(row).or_default().get_mut(a.index()) {
            *n += 1;
        }
    };
    let key_of = |role: RowRole| def.rows_with_role(role).next().map_or("", |r| r.key);
    let (inputs, total, carry) = (
        def.rows_with_role(RowRole::Input)
            .map(|r| r.key)
            .collect::<Vec<_>>(),
        key_of(RowRole::Total),
        key_of(RowRole::CarryForward),
    );
    // The two input rows in table order: new_received, carried_over.
    let (new_received, carried_over) = match inputs.as_slice() {
        [a, b] => (*a, *b),
        _ => ("", ""),
    };
    for c in cases {
        if c.received > dec31 {
            continue;
        }
        if c.received >= jan1 {
            add(new_received, c.applicant);
        } else if c.reply.as_ref().is_none_or(|r| r.date >= jan1) {
            add(carried_over, c.applicant);
        }
        match &c.reply {
            Some(r) if r.date >= jan1 && r.date <= dec31 => {
                let row = r
                    .outcome
                    .row_for(edition)
                    .ok_or(TableError::OutcomeNotInEdition {
                        case_id: c.id.clone(),
                        outcome: r.outcome.key(),
                        edition,
                    })?;
                add(row.key, c.applicant);
                add(total, c.applicant);
            }
            Some(r) if r.date <= dec31 => {}
            _ => add(carry, c.applicant),
        }
    }
    let mut t = computed_table(TableId::Table3, edition);
    for r in def.rows {
        let n = counts.get(r.key).copied().unwrap_or_default();
        let mut cells: Vec<Cell> = T3_COLUMNS
            .iter()
            .zip(n)
            .map(|(col, v)| Cell::computed(col.key, Num::Int(v), false))
            .collect();
        if let Some(col) = T3_COLUMNS.last() {
            cells.push(Cell::computed(col.key, Num::Int(n.iter().sum()), false));
        }
        t.rows.push(Row {
            key: r.key,
            cells,
            label: None,
        });
    }
    Ok(t)
}

/// Administrative reconsideration, or litigation with or without reconsideration first: one
/// group of table 4 (keys from `gongkai-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Proceeding(usize);

impl Proceeding {
    pub fn all() -> impl Iterator<Item = Proceeding> {
        (0..T4_GROUPS.len()).map(Proceeding)
    }

    pub fn key(self) -> &'static str {
        T4_GROUPS.get(self.0).map_or("", |g| g.key)
    }

    pub fn label(self) -> &'static str {
        T4_GROUPS.get(self.0).map_or("", |g| g.label)
    }

    pub fn from_key(key: &str) -> Option<Proceeding> {
        T4_GROUPS.iter().position(|g| g.key == key).map(Proceeding)
    }
}

/// The result of a concluded proceeding: one of the first three columns of table 4 (维持,
/// 纠正, 其他结果). The last two columns are 尚未审结 and 总计.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProceedingResult(usize);

/// Columns of table 4 that are results: all but 尚未审结 and 总计.
fn result_columns() -> usize {
    T4_COLUMNS.len() - 2
}

impl ProceedingResult {
    pub fn all() -> impl Iterator<Item = ProceedingResult> {
        (0..result_columns()).map(ProceedingResult)
    }

    pub fn key(self) -> &'static str {
        T4_COLUMNS.get(self.0).map_or("", |c| c.key)
    }

    pub fn label(self) -> &'static str {
        T4_COLUMNS.get(self.0).map_or("", |c| c.label)
    }

    pub fn from_key(key: &str) -> Option<ProceedingResult> {
        T4_COLUMNS
            .iter()
            .take(result_columns())
            .position(|c| c.key == key)
            .map(ProceedingResult)
    }
}

/// A reconsideration or lawsuit about the office's disclosure decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProceedingCase {
    pub id: String,
    pub kind: Proceeding,
    pub filed: Date,
    /// When and how it ended.
    pub decided: Option<(Date, ProceedingResult)>,
    /// The application it concerns, if known.
    pub application: Option<String>,
}

/// Table 4 for `year`: proceedings decided in the year by result, and proceedings filed by
/// the end of the year and not decided by then as 尚未审结; 总计 their sum. (A proceeding
/// pending over several years is counted as pending in each.)
pub fn table4(cases: &[ProceedingCase], year: i16, edition: Edition) -> Result<Table, TableError> {
    let (jan1, dec31) = year_bounds(year)?;
    let pending = result_columns();
    let mut counts = vec![vec![0i64; T4_COLUMNS.len() - 1]; T4_GROUPS.len()];
    for c in cases {
        if c.filed > dec31 {
            continue;
        }
        let col = match c.decided {
            Some((d, r)) if d >= jan1 && d <= dec31 => r.0,
            Some((d, _)) if d < jan1 => continue,
            _ => pending,
        };
        if let Some(n) = counts.get_mut(c.kind.0).and_then(|g| g.get_mut(col)) {
            *n += 1;
        }
    }
    let mut t = computed_table(TableId::Table4, edition);
    for (g, n) in T4_GROUPS.iter().zip(counts) {
        let mut cells: Vec<Cell> = T4_COLUMNS
            .iter()
            .zip(&n)
            .map(|(col, v)| Cell::computed(col.key, Num::Int(*v), false))
            .collect();
        if let Some(col) = T4_COLUMNS.last() {
            cells.push(Cell::computed(col.key, Num::Int(n.iter().sum()), false));
        }
        t.rows.push(Row {
            key: g.key,
            cells,
            label: None,
        });
    }
    Ok(t)
}

/// A cell of table 2 that cannot take the value given.
#[derive(Clone, Debug, PartialEq)]
pub enum Table2Error {
    /// No such row and column in the edition's table 2.
    UnknownCell {
        row: String,
        col: String,
        edition: Edition,
    },
    /// A count must be a whole number ≥ 0; a signed count a whole number.
    NotACount {
        row: &'static str,
        col: &'static str,
        value: Num,
    },
}

impl fmt::Display for Table2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Table2Error::UnknownCell { row, col, edition } => write!(
                f,
                "table 2 of the {edition} edition has no cell {row}.{col}"
            ),
            Table2Error::NotACount { row, col, value } => {
                write!(f, "table 2 {row}.{col}: {value} is not a valid count")
            }
        }
    }
}

impl std::error::Error for Table2Error {}

/// The year's figures of table 2 (documents issued, abolished and in force, licensing,
/// penalties, enforcement, fees), kept as entered. Money is in 万元, as the format prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct Table2Figures {
    pub year: i16,
    pub edition: Edition,
    values: BTreeMap<(&'static str, &'static str), Num>,
}

impl Table2Figures {
    pub fn new(year: i16, edition: Edition) -> Table2Figures {
        Table2Figures {
            year,
            edition,
            values: BTreeMap::new(),
        }
    }

    /// Set one cell, by the keys of the edition's table 2.
    pub fn set(&mut self, row: &str, col: &str, value: Num) -> Result<(), Table2Error> {
        let def = edition_def(self.edition).table2;
        let found = def.row(row).and_then(|(block, r)| {
            block
                .columns
                .iter()
                .find(|c| c.key == col)
                .map(|c| (r.key, c))
        });
        let Some((row_key, c)) = found else {
            return Err(Table2Error::UnknownCell {
                row: row.to_owned(),
                col: col.to_owned(),
                edition: self.edition,
            });
        };
        let ok = match c.kind {
            ValueKind::Count => value.is_whole() && !value.is_negative(),
            ValueKind::SignedCount => value.is_whole(),
            ValueKind::Money => !value.is_negative(),
        };
        if !ok {
            return Err(Table2Error::NotACount {
                row: row_key,
                col: c.key,
                value,
            });
        }
        self.values.insert((row_key, c.key), value);
        Ok(())
    }

    /// No figure was given.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn get(&self, row: &str, col: &str) -> Option<Num> {
        self.values
            .iter()
            .find(|((r, c), _)| *r == row && *c == col)
            .map(|(_, v)| *v)
    }

    /// Table 2 in the edition's layout; a cell never set is blank.
    pub fn to_table(&self) -> Table {
        let def = edition_def(self.edition).table2;
        let mut t = computed_table(TableId::Table2, self.edition);
        for (block, r) in def.rows() {
            let cells = block
                .columns
                .iter()
                .map(|c| match self.values.get(&(r.key, c.key)) {
                    Some(v) => Cell::computed(c.key, *v, false),
                    None => Cell::computed(c.key, Num::ZERO, true),
                })
                .collect();
            t.rows.push(Row {
                key: r.key,
                cells,
                label: None,
            });
        }
        t
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn table4_columns_are_results_then_pending_then_total() {
        // The positions result_columns() relies on.
        assert_eq!(ProceedingResult::all().count(), 3);
        let keys: Vec<&str> = ProceedingResult::all().map(|r| r.key()).collect();
        assert_eq!(keys, ["upheld", "corrected", "other"]);
        assert_eq!(T4_COLUMNS[3].label, "尚未审结");
        assert_eq!(T4_COLUMNS[4].label, "总计");
    }

    #[test]
    fn table2_refuses_unknown_cells_and_bad_counts() {
        let mut f = Table2Figures::new(2024, Edition::E2021);
        f.set("regulations", "issued", Num::Int(2)).unwrap();
        assert!(matches!(
            f.set("regulations", "made", Num::Int(1)),
            Err(Table2Error::UnknownCell { .. })
        ));
        assert!(matches!(
            f.set("licensing", "decisions", Num::Int(-1)),
            Err(Table2Error::NotACount { .. })
        ));
        f.set("fees", "amount", Num::Dec(0.012)).unwrap();
        let t = f.to_table();
        assert_eq!(t.value("regulations", "issued"), Some(Num::Int(2)));
        assert!(t.cell("regulations", "abolished").unwrap().blank);
        assert_eq!(t.value("fees", "amount"), Some(Num::Dec(0.012)));
        assert_eq!(t.rows.len(), 6);
    }
}
