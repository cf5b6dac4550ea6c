//! The report as structured blocks — paragraphs, headings and tables with explicit row and
//! column spans — for the renderers of structured formats (HTML, DOCX). The text renderers
//! flatten the statutory grids their own way; a web page or a Word document instead keeps
//! the official table's merged cells as `gongkai_writer::layout` lays them out (the layout
//! the report writer prints): table 3's caption over three header rows, 法人或其他组织 over
//! five columns, group labels such as （三）不予公开 down their rows, table 4's 行政复议 and
//! 行政诉讼 over their groups. This module adds the noise: headers broken over lines, zeros
//! left blank, money with fixed decimals, table 2 printed as one table or one per block.
//!
//! The content (title, date, narrative, section headings, labels) is drawn as the text
//! renderers draw it; every label comes from `gongkai-format` through the grids.

use crate::model::{MONEY_SCALE, SynthReport, Value};
use crate::names;
use crate::render::{Cell, insert_inside, layout_table2, layout_table3, layout_table4, zh_date};
use gongkai_format::{REPORT_TITLE, SECTIONS, ValueKind};
use gongkai_writer::layout::{self, Content};
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
            let blocks = layout_table2(r);
            if rng.random_bool(0.5) {
                // One table for all blocks, as the official template has it.
                if let Some(g) = layout::stack(blocks) {
                    out.push(Block::Table(table(&g, style, rng)));
                }
            } else {
                for g in &blocks {
                    out.push(Block::Table(table(g, style, rng)));
                }
            }
        }
        3 => {
            if let Some(s) = names::before_table3(rng, r) {
                out.push(Block::Para(s));
            }
            out.push(Block::Table(table(&layout_table3(r), style, rng)));
        }
        4 => {
            if let Some(s) = names::before_table4(rng, r) {
                out.push(Block::Para(s));
            }
            out.push(Block::Table(table(&layout_table4(r), style, rng)));
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

// ---- tables -------------------------------------------------------------------------------

/// A statutory grid (`gongkai_writer::layout`) as a table of this document: every cell where
/// the layout puts it, with its spans, its text drawn with the document's noise (cells are
/// drawn left to right, row by row).
fn table<R: Rng + ?Sized>(grid: &layout::Grid<Value>, style: &ValueStyle, rng: &mut R) -> Table {
    let rows = grid
        .rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|c| {
                    let content = match c.content {
                        Content::Label(l) => Cell::Label(l),
                        Content::Header(h) => Cell::Header(h),
                        Content::Value(v) => Cell::Value(v),
                    };
                    let mut t = cell(&content, style, rng);
                    t.col = c.col;
                    t.rowspan = c.rowspan;
                    t.colspan = c.colspan;
                    t
                })
                .collect()
        })
        .collect();
    Table {
        width: grid.width,
        rows,
    }
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
