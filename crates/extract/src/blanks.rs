//! Rows that print nothing, and rows that the end of the text cuts off.
//!
//! Text extractions of web pages often drop every empty cell: a row of blanks then leaves its
//! label followed directly by the next label. Such a row is blank (read as 0) only where the
//! document shows that it drops blank cells — another row of the same table lost cells too, a
//! run of bare separators stands for collapsed blanks, or the table has no number at all — and
//! no row of numbers printed apart from its label is left over that could be this row's.
//! A row at the very end of the text with fewer cells than columns was cut off (an excerpt, a
//! truncated page): it gets no values, since the missing cells may hold numbers.

use crate::tokens::{Gap, Tok, TokKind};
use crate::view::View;
use gongkai_report::{Cell, Placement, Row};
use std::ops::Range;

/// Whether nothing at all was printed between a row's label and the next label (collapsed
/// separator runs aside).
pub fn nothing_printed(gap: &Gap) -> bool {
    gap.inline
        .iter()
        .chain(gap.lines.iter().flatten())
        .chain(&gap.before_next)
        .all(|t| t.kind == TokKind::Run)
}

/// Fewer printed cells than columns, with no run of separators to account for them.
pub fn lost_cells(toks: &[Tok], n: usize) -> bool {
    let cells = toks.iter().filter(|t| t.is_cell()).count();
    cells < n
}

/// Whether something follows a row (the next label, or text after the table): a row that
/// printed nothing at the very end of the text may simply have been cut.
pub fn closed(view: &View<'_>, gap_end: usize) -> bool {
    !view
        .norm_str()
        .get(gap_end..)
        .unwrap_or("")
        .trim()
        .is_empty()
}

/// Whether the row's cells run into the end of the text, so that cells after the last printed
/// one may be lost: nothing but whitespace follows `gap_end`, and the row is short or the text
/// stops right after its last character (a number may itself be cut).
pub fn cut_off(view: &View<'_>, gap: &Gap, gap_end: usize, toks: &[Tok], n: usize) -> bool {
    if closed(view, gap_end) {
        return false;
    }
    // Text after the row's cells (a next label cut short) closes the row.
    let last = gap
        .inline
        .iter()
        .chain(gap.lines.iter().flatten())
        .chain(&gap.before_next)
        .rfind(|t| t.kind != TokKind::Run);
    if last.is_some_and(|t| t.kind == TokKind::Text) {
        return false;
    }
    let norm = view.norm_str();
    let filled = toks.iter().filter(|t| t.is_filled()).count();
    let cells = toks.iter().filter(|t| t.is_cell()).count();
    let ends_with_line_break = norm.trim_end_matches([' ', '\t']).ends_with('\n');
    (filled < n && cells < n) || !ends_with_line_break
}

/// What a table shows about blank cells, gathered row by row.
#[derive(Debug, Default)]
pub struct Evidence {
    /// Rows that lost cells (printed nothing, or fewer cells than columns).
    lost: usize,
    /// Runs of bare separators (collapsed blanks) seen in the table.
    runs: usize,
    /// A group of numbers without label that could be a whole row: a row printed apart from
    /// its label may be there, so a label without cells proves nothing.
    leftover_rows: bool,
    /// Any number printed in the table.
    pub any_value: bool,
}

impl Evidence {
    /// Note the cells after one row label.
    pub fn row(&mut self, gap: &Gap, toks: Option<&[Tok]>, n: usize) {
        let all = gap
            .inline
            .iter()
            .chain(gap.lines.iter().flatten())
            .chain(&gap.before_next);
        for t in all {
            match t.kind {
                TokKind::Run => self.runs += 1,
                TokKind::Value { .. } => self.any_value = true,
                _ => {}
            }
        }
        match toks {
            None if nothing_printed(gap) => self.lost += 1,
            Some(t) if lost_cells(t, n) => self.lost += 1,
            _ => {}
        }
    }

    /// Note numbers of the table that no row took.
    pub fn leftover(&mut self, could_be_row: bool, has_value: bool) {
        self.leftover_rows |= could_be_row;
        self.any_value |= has_value;
    }

    /// Whether a row that printed nothing is a row of blanks.
    pub fn blank_rows_dropped(&self) -> bool {
        !self.leftover_rows && (self.lost >= 2 || self.runs > 0 || !self.any_value)
    }
}

/// A row read as blank because nothing was printed for it.
pub fn inferred_row(
    view: &View<'_>,
    key: &'static str,
    columns: impl Iterator<Item = &'static str>,
    label: Range<usize>,
) -> Row {
    let span = view.to_source(label.clone());
    let line = view.source_line(label.start);
    Row {
        key,
        cells: columns
            .map(|col| Cell {
                col,
                value: gongkai_report::Num::ZERO,
                blank: true,
                raw: String::new(),
                span: span.clone(),
                line,
                placement: Placement::Inferred,
                converted_from_yuan: false,
            })
            .collect(),
        label: Some(span.clone()),
    }
}
