//! The report as structured blocks — paragraphs, headings and tables with explicit row and
//! column spans — for the renderers of structured formats (HTML, DOCX). The text renderers
//! flatten the grids of `render.rs` their own way; a web page or a Word document instead
//! keeps the official table's merged cells: table 3's caption over three header rows,
//! 法人或其他组织 over five columns, group labels such as （三）不予公开 down their rows,
//! table 4's 行政复议 and 行政诉讼 over their groups.
//!
//! The content (title, date, narrative, section headings, labels) is drawn as the text
//! renderers draw it; every label comes from `gongkai-format` through the grids.

use crate::model::{MONEY_SCALE, SynthReport, Value};
use crate::names;
use crate::render::{
    Cell, Grid, GridRow, RowKind, grid_table3, grid_table4, grids_table2, insert_inside, zh_date,
};
use gongkai_format::{REPORT_TITLE, SECTIONS, ValueKind};
use rand::{Rng, RngExt};

/// A block of the document body, in reading order.
#[derive(Clone, Debug)]
pub(crate) enum Block {
    Title(String),
    /// The publication date line under the title (`发布日期：…`).
    DateLine(String),
    /// A section heading as printed (`text`, with its numeral), and its parts for a renderer
    /// that numbers headings automatically: the title alone, and whether it is numbered
    /// `（二）` rather than `二、`.
    Heading {
        text: String,
        title: String,
        paren: bool,
    },
    /// A sub-heading such as `（一）主动公开方面`.
    SubHeading(String),
    Para(String),
    Table(Table),
}

/// A table on its grid: each cell at its top-left corner with its spans; covered positions
/// hold nothing.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub(crate) width: usize,
    pub(crate) rows: Vec<Vec<TCell>>,
}

#[derive(Clone, Debug)]
pub(crate) struct TCell {
    /// Grid column of the top-left corner.
    pub(crate) col: usize,
    pub(crate) rowspan: usize,
    pub(crate) colspan: usize,
    /// Lines of the cell's text (a header broken over lines); empty for a blank cell.
    pub(crate) lines: Vec<String>,
    pub(crate) header: bool,
    pub(crate) numeric: bool,
}

impl Table {
    /// The cell covering grid position (`r`, `c`) from a row above, if any: the renderer of
    /// a vertical merge writes a continuation there.
    pub(crate) fn covered_from_above(&self, r: usize, c: usize) -> Option<&TCell> {
        self.rows.iter().take(r).enumerate().find_map(|(r0, row)| {
            row.iter()
                .find(|x| x.col == c && r0 + x.rowspan > r && x.rowspan > 1)
        })
    }
}

/// How values are written in this document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ValueStyle {
    /// Probability that a zero is written as a blank cell.
    pub(crate) blank_zero: f64,
    /// Money always with four decimals.
    pub(crate) money_fixed: bool,
    /// Positive changes written `+5`.
    pub(crate) plus_sign: bool,
    /// Probability that a header is broken over two lines.
    pub(crate) split_headers: f64,
}

/// The whole report as blocks. `blank_cells: false` keeps every zero written.
pub(crate) fn blocks<R: Rng + ?Sized>(
    r: &SynthReport,
    blank_cells: bool,
    rng: &mut R,
) -> (Vec<Block>, ValueStyle) {
    let style = ValueStyle {
        blank_zero: if blank_cells && rng.random_bool(0.5) {
            0.5
        } else {
            0.0
        },
        money_fixed: rng.random_bool(0.3),
        plus_sign: rng.random_bool(0.3),
        split_headers: if rng.random_bool(0.5) { 0.4 } else { 0.0 },
    };
    let mut out = Vec::new();
    let year = if rng.random_bool(0.3) {
        format!("{}年度", r.year)
    } else {
        format!("{}年", r.year)
    };
    out.push(Block::Title(format!("{}{year}{REPORT_TITLE}", r.org)));
    let date_form = rng.random_range(0..4);
    match date_form {
        0 => out.push(Block::DateLine(format!("发布日期：{}", r.published.iso()))),
        1 => out.push(Block::DateLine(format!(
            "发布日期：{}",
            zh_date(r.published)
        ))),
        2 => out.push(Block::DateLine(format!(
            "发布时间：{} 10:00",
            r.published.iso()
        ))),
        _ => {}
    }
    out.push(Block::Para(names::intro(rng, r)));
    for (i, def) in SECTIONS.iter().enumerate() {
        if !r.structure.present.get(i).copied().unwrap_or(true) {
            continue;
        }
        let (title, text) = crate::render::section_heading(def, r, rng);
        out.push(Block::Heading {
            text,
            title: title.to_owned(),
            paren: r.structure.paren_numbering,
        });
        section_body(r, def.number, &style, rng, &mut out);
    }
    if date_form == 3 {
        out.push(Block::Para(r.org.clone()));
        out.push(Block::Para(zh_date(r.published)));
    }
    (out, style)
}

fn section_body<R: Rng + ?Sized>(
    r: &SynthReport,
    number: u8,
    style: &ValueStyle,
    rng: &mut R,
    out: &mut Vec<Block>,
) {
    match number {
        1 => {
            for p in names::overview(rng, r) {
                if p.starts_with('（') && p.chars().count() < 16 {
                    out.push(Block::SubHeading(p));
                } else {
                    out.push(Block::Para(p));
                }
            }
        }
        2 => {
            if let Some(s) = names::before_table2(rng, r) {
                out.push(Block::Para(s));
            }
            let grids = grids_table2(r);
            if rng.random_bool(0.5) {
                // One table for all blocks, as the official template has it.
                out.push(Block::Table(table2(&grids, style, rng)));
            } else {
                for g in &grids {
                    out.push(Block::Table(table2(std::slice::from_ref(g), style, rng)));
                }
            }
        }
        3 => {
            if let Some(s) = names::before_table3(rng, r) {
                out.push(Block::Para(s));
            }
            out.push(Block::Table(table3(&grid_table3(r), style, rng)));
        }
        4 => {
            if let Some(s) = names::before_table4(rng, r) {
                out.push(Block::Para(s));
            }
            out.push(Block::Table(table4(&grid_table4(r), style, rng)));
        }
        5 => out.extend(names::problems(rng).into_iter().map(Block::Para)),
        _ => out.extend(names::other_matters(rng, r).into_iter().map(Block::Para)),
    }
}

// ---- cells --------------------------------------------------------------------------------

fn cell<R: Rng + ?Sized>(c: &Cell, style: &ValueStyle, rng: &mut R) -> TCell {
    let (lines, header, numeric) = match *c {
        Cell::Label(l) => (vec![l.to_owned()], false, false),
        Cell::Header(l) => {
            let lines = if l.chars().count() >= 4 && rng.random_bool(style.split_headers) {
                // A header broken over lines: `本年新` / `制作数量`.
                insert_inside(l, "\n", rng)
                    .split('\n')
                    .map(str::to_owned)
                    .collect()
            } else {
                vec![l.to_owned()]
            };
            (lines, true, false)
        }
        Cell::Value(v) => (value(v, style, rng).into_iter().collect(), false, true),
        Cell::Span => (Vec::new(), false, false),
    };
    TCell {
        col: 0,
        rowspan: 1,
        colspan: 1,
        lines,
        header,
        numeric,
    }
}

/// A value as printed; `None` for a blank cell.
fn value<R: Rng + ?Sized>(v: Value, style: &ValueStyle, rng: &mut R) -> Option<String> {
    if v.is_zero() && style.blank_zero > 0.0 && rng.random_bool(style.blank_zero) {
        return None;
    }
    Some(match v.kind {
        ValueKind::Money => {
            let int = v.n / MONEY_SCALE;
            let frac = v.n % MONEY_SCALE;
            if style.money_fixed {
                format!("{int}.{frac:04}")
            } else if frac == 0 {
                int.to_string()
            } else {
                let f = format!("{frac:04}");
                format!("{int}.{}", f.trim_end_matches('0'))
            }
        }
        ValueKind::SignedCount if v.n > 0 && style.plus_sign => format!("+{}", v.n),
        _ => v.n.to_string(),
    })
}

/// Lay out a row's cells from grid column `start`, the last one stretched to `width`.
fn place(mut cells: Vec<TCell>, start: usize, width: usize) -> Vec<TCell> {
    let mut col = start;
    let n = cells.len();
    for (i, c) in cells.iter_mut().enumerate() {
        c.col = col;
        if i + 1 == n {
            c.colspan = width.saturating_sub(col).max(1);
        }
        col += c.colspan;
    }
    cells
}

// ---- tables -------------------------------------------------------------------------------

/// Table 2: block markers over the whole width, headers and rows; a block with fewer columns
/// than the widest has its last column stretched.
fn table2<R: Rng + ?Sized>(grids: &[Grid], style: &ValueStyle, rng: &mut R) -> Table {
    let width = grids
        .iter()
        .flatten()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(1);
    let rows = grids
        .iter()
        .flatten()
        .map(|row| {
            let cells = row.cells.iter().map(|c| cell(c, style, rng)).collect();
            place(cells, 0, width)
        })
        .collect();
    Table { width, rows }
}

/// Table 3: caption over three header rows and the three label columns, 申请人情况 over the
/// seven value columns, 自然人 and 总计 down two rows, 法人或其他组织 over five; group labels
/// down their rows; a row label stretched over the label columns its groups leave free.
fn table3<R: Rng + ?Sized>(grid: &Grid, style: &ValueStyle, rng: &mut R) -> Table {
    const LABEL_COLS: usize = 3;
    const WIDTH: usize = LABEL_COLS + 7;
    let mut rows: Vec<Vec<TCell>> = Vec::new();
    let header: Vec<&GridRow> = grid
        .iter()
        .take_while(|r| r.kind == RowKind::Header)
        .collect();
    for (i, row) in header.iter().enumerate() {
        let cells = visible_cells(row, style, rng);
        let spans: &[(usize, usize, usize)] = match i {
            // (col, rowspan, colspan)
            0 => &[(0, 3, LABEL_COLS), (LABEL_COLS, 1, 7)],
            1 => &[
                (LABEL_COLS, 2, 1),
                (LABEL_COLS + 1, 1, 5),
                (LABEL_COLS + 6, 2, 1),
            ],
            _ => &[
                (LABEL_COLS + 1, 1, 1),
                (LABEL_COLS + 2, 1, 1),
                (LABEL_COLS + 3, 1, 1),
                (LABEL_COLS + 4, 1, 1),
                (LABEL_COLS + 5, 1, 1),
            ],
        };
        rows.push(
            cells
                .into_iter()
                .zip(spans)
                .map(|(mut c, &(col, rs, cs))| {
                    c.col = col;
                    c.rowspan = rs;
                    c.colspan = cs;
                    c
                })
                .collect(),
        );
    }
    let data: Vec<&GridRow> = grid.iter().skip(header.len()).collect();
    for (i, row) in data.iter().enumerate() {
        // The row label is the cell before the first value; group columns come before it.
        let label_at = row
            .cells
            .iter()
            .position(|c| matches!(c, Cell::Value(_)))
            .map_or(0, |v| v.saturating_sub(1));
        let mut cells = Vec::new();
        let mut col = 0;
        for (k, c) in row.cells.iter().enumerate() {
            if k < label_at {
                // A group column: its label, printed once, runs down while the rows below
                // have this column covered.
                if let Cell::Label(_) = c {
                    let down = data[i + 1..]
                        .iter()
                        .take_while(|r| matches!(r.cells.get(k), Some(Cell::Span)))
                        .count();
                    let mut t = cell(c, style, rng);
                    t.col = col;
                    t.rowspan = down + 1;
                    cells.push(t);
                }
                col += 1;
                continue;
            }
            let mut t = cell(c, style, rng);
            t.col = col;
            if k == label_at {
                t.colspan = LABEL_COLS.saturating_sub(col).max(1);
            }
            col += t.colspan;
            cells.push(t);
        }
        rows.push(cells);
    }
    Table { width: WIDTH, rows }
}

/// The cells a row prints (covered positions of merged cells left out).
fn visible_cells<R: Rng + ?Sized>(row: &GridRow, style: &ValueStyle, rng: &mut R) -> Vec<TCell> {
    row.cells
        .iter()
        .filter(|c| !matches!(c, Cell::Span))
        .map(|c| cell(c, style, rng))
        .collect()
}

/// Table 4: 行政复议 over its five columns and 行政诉讼 over ten; the review headers down two
/// rows, 未经复议直接起诉 and 复议后起诉 over five each; one row of fifteen values.
fn table4<R: Rng + ?Sized>(grid: &Grid, style: &ValueStyle, rng: &mut R) -> Table {
    let mut rows = Vec::new();
    for (i, row) in grid.iter().enumerate() {
        let cells = visible_cells(row, style, rng);
        let placed: Vec<TCell> = cells
            .into_iter()
            .enumerate()
            .map(|(j, mut c)| {
                let (col, rs, cs) = match (i, j) {
                    (0, 0) => (0, 1, 5),
                    (0, _) => (5, 1, 10),
                    (1, j) if j < 5 => (j, 2, 1),
                    (1, 5) => (5, 1, 5),
                    (1, _) => (10, 1, 5),
                    (2, j) => (5 + j, 1, 1),
                    (_, j) => (j, 1, 1),
                };
                c.col = col;
                c.rowspan = rs;
                c.colspan = cs;
                c
            })
            .collect();
        rows.push(placed);
    }
    Table { width: 15, rows }
}

/// Whether every row of a table covers its width exactly once (cells and rowspans from
/// above): the renderers rely on it.
#[cfg(test)]
fn is_rectangular(t: &Table) -> bool {
    let mut busy = vec![0usize; t.width];
    for (r, row) in t.rows.iter().enumerate() {
        let mut used = vec![false; t.width];
        for (c, b) in busy.iter().enumerate() {
            if *b > r {
                used[c] = true;
            }
        }
        for c in row {
            for x in c.col..c.col + c.colspan {
                if x >= t.width || used[x] {
                    return false;
                }
                used[x] = true;
                busy[x] = r + c.rowspan;
            }
        }
        if used.iter().any(|u| !u) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng_for;

    #[test]
    fn tables_are_rectangular() {
        for seed in 0..200 {
            let mut rng = rng_for(seed, "structured");
            let r = SynthReport::generate(&mut rng);
            let (blocks, _) = blocks(&r, true, &mut rng);
            let tables: Vec<&Table> = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                })
                .collect();
            assert!(tables.len() >= 3, "seed {seed}");
            for t in tables {
                assert!(is_rectangular(t), "seed {seed}: {t:#?}");
            }
        }
    }
}
