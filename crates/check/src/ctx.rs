//! What rules read: the report, its source text, and helpers to cite cells.

use gongkai_format::{Edition, TableId, edition_def};
use gongkai_report::{Cell, Finding, Num, Report, Row, Table};

pub struct Ctx<'a> {
    pub report: &'a Report,
    pub text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Ctx<'a> {
    pub fn new(report: &'a Report, text: &'a str) -> Ctx<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Ctx {
            report,
            text,
            line_starts,
        }
    }

    /// 1-based line of a source offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        u32::try_from(self.line_starts.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }

    /// The edition a table was read with.
    pub fn edition(&self, t: &Table) -> Option<Edition> {
        t.edition.or(self.report.edition.known())
    }
}

/// `table3.new_received.total`.
pub fn cell_ref(table: TableId, row: &str, col: &str) -> String {
    format!("{}.{}.{}", table.key(), row, col)
}

/// Cite cells of a row as evidence.
pub fn cite(f: Finding, table: TableId, row: &Row, cols: &[&str]) -> Finding {
    cols.iter().fold(f, |f, col| match row.cell(col) {
        Some(c) => cite_cell(f, table, row.key, c),
        None => f,
    })
}

pub fn cite_cell(f: Finding, table: TableId, row: &str, c: &Cell) -> Finding {
    let label = format!("{}.{} = {}", row, c.col, show(c));
    f.with_cells([cell_ref(table, row, c.col)])
        .with_evidence(c.span.clone(), c.line, label)
}

/// A cell's value as the report printed it: blank cells say so.
pub fn show(c: &Cell) -> String {
    if c.blank && c.value == Num::ZERO {
        "空".to_owned()
    } else {
        c.value.to_string()
    }
}

/// Chinese label of a table-3 column.
pub fn t3_col_label(col: &str) -> &'static str {
    gongkai_format::T3_COLUMNS
        .iter()
        .find(|c| c.key == col)
        .map_or("", |c| c.label)
}

/// Official label of a row in an edition (tables 2 and 3) or a table-4 group.
pub fn row_label(table: TableId, edition: Option<Edition>, key: &str) -> &'static str {
    let e = edition.unwrap_or(Edition::E2021);
    let def = edition_def(e);
    match table {
        TableId::Table2 => def
            .table2
            .row(key)
            .or_else(|| edition_def(e.other()).table2.row(key))
            .map_or("", |(_, r)| r.label),
        TableId::Table3 => def
            .table3
            .row(key)
            .or_else(|| edition_def(e.other()).table3.row(key))
            .map_or("", |r| r.label),
        TableId::Table4 => def
            .table4
            .groups
            .iter()
            .find(|g| g.key == key)
            .map_or("", |g| g.label),
    }
}
