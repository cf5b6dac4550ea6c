//! The statutory layout of the three tables: each table as a grid of cells with their row and
//! column spans, exactly as the official template of an edition prints it — table 3's caption
//! over three header rows and three label columns, 申请人情况 over the seven value columns,
//! 法人或其他组织 over five, group labels such as （三）不予公开 down their rows; table 4's 行政复议
//! over five columns and 行政诉讼 over ten; table 2's article-20 blocks, a block with fewer
//! columns stretching its last one.
//!
//! This is the one place that lays the tables out. The writer renders these grids as they are;
//! the synthetic generator (`gongkai-synth`) renders the same grids with its noise on top. The
//! grids are generic over the value type `V` so that each can bring its own values; every label
//! comes from `gongkai-format`.
//!
//! ```
//! use gongkai_format::Edition;
//! use gongkai_writer::layout::{self, Content};
//!
//! let grid = layout::table3(Edition::E2021, |_row| Some(vec![0; 7]));
//! assert_eq!(grid.width, 10);
//! assert!(grid.is_rectangular());
//! // The caption covers the three label columns of the three header rows.
//! let caption = &grid.rows[0].cells[0];
//! assert_eq!((caption.rowspan, caption.colspan), (3, 3));
//! assert!(matches!(caption.content, Content::Label(l) if l.contains("勾稽关系")));
//! ```

use gongkai_format::{
    BlockDef, Edition, GroupDef, RowDef, T4_COLUMNS, T4_GROUPS, T4Group, Table3Def, TableId,
    edition_def,
};

/// What a cell of a statutory table shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Content<V> {
    /// Text of the label area: a row label, a group label, a block marker of table 2
    /// (`第二十条第（一）项`) or table 3's caption.
    Label(&'static str),
    /// A column header (`本年制发件数`, `自然人`, `行政复议` …).
    Header(&'static str),
    /// A value.
    Value(V),
}

/// A cell at its top-left grid position, with its spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell<V> {
    /// Grid column of the top-left corner.
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub content: Content<V>,
}

impl<V> Cell<V> {
    fn new(col: usize, rowspan: usize, colspan: usize, content: Content<V>) -> Cell<V> {
        Cell {
            col,
            rowspan,
            colspan,
            content,
        }
    }
}

/// What a row of the grid is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A block marker or a row of column headers.
    Header,
    /// A row of values; `grouped` when group labels stand before its own label (table 3's
    /// result rows).
    Data { grouped: bool },
}

/// One row of the grid: the cells whose top-left corner is in it, left to right.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<V> {
    pub kind: RowKind,
    /// The key of a data row (`granted`; table 4: `None`, its one row holds three groups).
    pub key: Option<&'static str>,
    pub cells: Vec<Cell<V>>,
}

/// A table on its grid. Positions covered by a merged cell hold no cell of their own.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid<V> {
    pub table: TableId,
    pub edition: Edition,
    /// Grid columns.
    pub width: usize,
    /// Leading columns that hold labels (table 2: 1, table 3: 3, table 4: 0).
    pub label_columns: usize,
    pub rows: Vec<Row<V>>,
}

/// A position of a row as a flat layout sees it: a cell, or a place covered by a cell that
/// starts in a row above (written once however many columns it covers).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Slot<'a, V> {
    Cell(&'a Cell<V>),
    Covered,
}

impl<V> Grid<V> {
    /// The cell of a row above that covers grid position (`row`, `col`), if any.
    pub fn covering(&self, row: usize, col: usize) -> Option<&Cell<V>> {
        self.rows.iter().take(row).enumerate().find_map(|(r0, x)| {
            x.cells.iter().find(|c| {
                c.rowspan > 1 && r0 + c.rowspan > row && c.col <= col && col < c.col + c.colspan
            })
        })
    }

    /// Row `row` as a flat layout writes it, left to right: its cells, and one `Covered` for
    /// each merged cell from above that it passes under.
    pub fn slots(&self, row: usize) -> Vec<Slot<'_, V>> {
        let mut out = Vec::new();
        let Some(r) = self.rows.get(row) else {
            return out;
        };
        let mut col = 0;
        while col < self.width {
            if let Some(c) = r.cells.iter().find(|c| c.col == col) {
                out.push(Slot::Cell(c));
                col += c.colspan.max(1);
            } else if let Some(c) = self.covering(row, col) {
                out.push(Slot::Covered);
                col = c.col + c.colspan.max(1);
            } else {
                col += 1;
            }
        }
        out
    }

    /// The same grid with every value mapped.
    pub fn map<W>(self, mut f: impl FnMut(V) -> W) -> Grid<W> {
        Grid {
            table: self.table,
            edition: self.edition,
            width: self.width,
            label_columns: self.label_columns,
            rows: self
                .rows
                .into_iter()
                .map(|r| Row {
                    kind: r.kind,
                    key: r.key,
                    cells: r
                        .cells
                        .into_iter()
                        .map(|c| Cell {
                            col: c.col,
                            rowspan: c.rowspan,
                            colspan: c.colspan,
                            content: match c.content {
                                Content::Label(l) => Content::Label(l),
                                Content::Header(h) => Content::Header(h),
                                Content::Value(v) => Content::Value(f(v)),
                            },
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Whether every row covers every grid column exactly once (its own cells and the merged
    /// cells from above) and no span runs past the table: what every renderer relies on.
    pub fn is_rectangular(&self) -> bool {
        let mut busy_until = vec![0usize; self.width];
        for (r, row) in self.rows.iter().enumerate() {
            let mut used: Vec<bool> = busy_until.iter().map(|b| *b > r).collect();
            for c in &row.cells {
                if c.colspan == 0 || c.rowspan == 0 || r + c.rowspan > self.rows.len() {
                    return false;
                }
                for x in c.col..c.col + c.colspan {
                    match used.get_mut(x) {
                        Some(u) if !*u => *u = true,
                        _ => return false,
                    }
                    if let Some(b) = busy_until.get_mut(x) {
                        *b = r + c.rowspan;
                    }
                }
            }
            if used.iter().any(|u| !u) {
                return false;
            }
        }
        true
    }
}

// ---- table 2 ------------------------------------------------------------------------------

/// Table 2 of `edition`, one grid per article-20 block, each as wide as its own columns: the
/// block marker over the block, the row header (信息内容) and the column headers, then the
/// rows. `values` gives a row's values in the order of its block's columns, or `None` to
/// leave the row out. [`stack`] puts the blocks into the one table of the template.
pub fn table2_blocks<V>(
    edition: Edition,
    mut values: impl FnMut(&'static BlockDef, &'static RowDef) -> Option<Vec<V>>,
) -> Vec<Grid<V>> {
    let def = edition_def(edition).table2;
    def.blocks
        .iter()
        .map(|b| {
            let width = 1 + b.columns.len();
            let mut rows = vec![
                Row {
                    kind: RowKind::Header,
                    key: None,
                    cells: vec![Cell::new(0, 1, width, Content::Label(b.marker))],
                },
                Row {
                    kind: RowKind::Header,
                    key: None,
                    cells: std::iter::once(Content::Header(def.row_header))
                        .chain(b.columns.iter().map(|c| Content::Header(c.label)))
                        .enumerate()
                        .map(|(i, content)| Cell::new(i, 1, 1, content))
                        .collect(),
                },
            ];
            for row in b.rows {
                let Some(data) = values(b, row) else {
                    continue;
                };
                let cells = std::iter::once(Content::Label(row.label))
                    .chain(data.into_iter().map(Content::Value))
                    .enumerate()
                    .map(|(i, content)| Cell::new(i, 1, 1, content))
                    .collect();
                rows.push(Row {
                    kind: RowKind::Data { grouped: false },
                    key: Some(row.key),
                    cells,
                });
            }
            Grid {
                table: TableId::Table2,
                edition,
                width,
                label_columns: 1,
                rows,
            }
        })
        .collect()
}

/// Grids of one table stacked into one, as wide as the widest: the last cell of a narrower
/// row stretches to the right edge (the template's 本年处理决定数量 spans the three columns of
/// the document block above it).
pub fn stack<V>(grids: Vec<Grid<V>>) -> Option<Grid<V>> {
    let first = grids.first()?;
    let (table, edition, label_columns) = (first.table, first.edition, first.label_columns);
    let width = grids.iter().map(|g| g.width).max().unwrap_or(1);
    let mut rows = Vec::new();
    for g in grids {
        for mut row in g.rows {
            if let Some(last) = row.cells.last_mut() {
                last.colspan = width.saturating_sub(last.col).max(1);
            }
            rows.push(row);
        }
    }
    Some(Grid {
        table,
        edition,
        width,
        label_columns,
        rows,
    })
}

/// Table 2 of `edition` as the template prints it: every block in one table.
pub fn table2<V>(
    edition: Edition,
    values: impl FnMut(&'static BlockDef, &'static RowDef) -> Option<Vec<V>>,
) -> Grid<V> {
    stack(table2_blocks(edition, values)).unwrap_or(Grid {
        table: TableId::Table2,
        edition,
        width: 1,
        label_columns: 1,
        rows: Vec::new(),
    })
}

// ---- table 3 ------------------------------------------------------------------------------

/// The groups a row of table 3 sits in, outermost first (（三）不予公开 sits in 三、本年度办理结果).
fn group_chain(def: &Table3Def, row: &RowDef) -> Vec<&'static GroupDef> {
    let mut chain = Vec::new();
    let mut key = row.group;
    while let Some(k) = key {
        let Some(g) = def.groups.iter().find(|g| g.key == k) else {
            break;
        };
        if chain.iter().any(|x: &&GroupDef| x.key == g.key) {
            break;
        }
        chain.push(g);
        key = g.parent;
    }
    chain.reverse();
    chain
}

/// Table 3 of `edition`: the caption (the balance it states) over the three header rows and
/// the label columns; 申请人情况 over the seven value columns; 自然人 and 总计 down two rows,
/// 法人或其他组织 over the five organisation columns; then the rows, each group label printed
/// once down the rows of its group, a row's own label stretched over the label columns its
/// groups leave free. `values` gives a row's seven values in column order, or `None` to leave
/// the row out (its group labels then span the rows that are there).
pub fn table3<V>(
    edition: Edition,
    mut values: impl FnMut(&'static RowDef) -> Option<Vec<V>>,
) -> Grid<V> {
    let def = edition_def(edition).table3;
    let cols = def.columns;
    let present: Vec<(&'static RowDef, Vec<V>)> = def
        .rows
        .iter()
        .filter_map(|r| values(r).map(|v| (r, v)))
        .collect();
    let chains: Vec<Vec<&'static GroupDef>> =
        present.iter().map(|(r, _)| group_chain(def, r)).collect();
    let label_columns = 1 + def
        .rows
        .iter()
        .map(|r| group_chain(def, r).len())
        .max()
        .unwrap_or(0);
    let l = label_columns;
    let total = def.total_column();
    let orgs = def.organisation_columns();
    let header = |c: usize| Content::Header(cols.get(c).map_or("", |x| x.label));
    let mut rows = vec![
        Row {
            kind: RowKind::Header,
            key: None,
            cells: vec![
                Cell::new(0, 3, l, Content::Label(def.caption)),
                Cell::new(l, 1, cols.len(), Content::Header(def.applicants)),
            ],
        },
        Row {
            kind: RowKind::Header,
            key: None,
            cells: vec![
                Cell::new(l, 2, 1, header(0)),
                Cell::new(
                    l + orgs.start,
                    1,
                    orgs.len(),
                    Content::Header(def.organisations),
                ),
                Cell::new(l + total, 2, 1, header(total)),
            ],
        },
        Row {
            kind: RowKind::Header,
            key: None,
            cells: orgs.map(|c| Cell::new(l + c, 1, 1, header(c))).collect(),
        },
    ];
    for (i, ((row, data), chain)) in present.into_iter().zip(&chains).enumerate() {
        let mut cells = Vec::new();
        for (depth, g) in chain.iter().enumerate() {
            let in_group = |k: usize| {
                chains
                    .get(k)
                    .and_then(|c| c.get(depth))
                    .is_some_and(|x| x.key == g.key)
            };
            // Printed once, at the first row of the group, down the rows that follow in it.
            if i == 0 || !in_group(i - 1) {
                let down = (i..chains.len()).take_while(|&k| in_group(k)).count();
                cells.push(Cell::new(depth, down.max(1), 1, Content::Label(g.label)));
            }
        }
        let at = chain.len();
        cells.push(Cell::new(
            at,
            1,
            l.saturating_sub(at).max(1),
            Content::Label(row.label),
        ));
        cells.extend(
            data.into_iter()
                .enumerate()
                .map(|(j, v)| Cell::new(l + j, 1, 1, Content::Value(v))),
        );
        rows.push(Row {
            kind: RowKind::Data {
                grouped: !chain.is_empty(),
            },
            key: Some(row.key),
            cells,
        });
    }
    Grid {
        table: TableId::Table3,
        edition,
        width: l + cols.len(),
        label_columns: l,
        rows,
    }
}

// ---- table 4 ------------------------------------------------------------------------------

/// Table 4 (the same in both editions): 行政复议 over its five columns, 行政诉讼 over the ten
/// of its two groups; the review's column headers down two rows, 未经复议直接起诉 and 复议后起诉
/// over five each with their column headers below; one row of fifteen values. `values` gives
/// a group's five values in column order.
pub fn table4<V>(edition: Edition, mut values: impl FnMut(&'static T4Group) -> Vec<V>) -> Grid<V> {
    let n = T4_COLUMNS.len();
    let heads = |start: usize, rowspan: usize| {
        T4_COLUMNS
            .iter()
            .enumerate()
            .map(move |(i, c)| Cell::new(start + i, rowspan, 1, Content::Header(c.label)))
    };
    let (mut top, mut middle, mut bottom) = (Vec::new(), Vec::new(), Vec::new());
    for (i, g) in T4_GROUPS.iter().enumerate() {
        let at = i * n;
        match g.parent {
            None => {
                top.push(Cell::new(at, 1, n, Content::Header(g.label)));
                middle.extend(heads(at, 2));
            }
            Some(parent) => {
                // The parent heading once, over every group under it.
                let printed = top
                    .iter()
                    .any(|c: &Cell<V>| matches!(c.content, Content::Header(h) if h == parent));
                if !printed {
                    let under = T4_GROUPS
                        .iter()
                        .filter(|x| x.parent == Some(parent))
                        .count();
                    top.push(Cell::new(at, 1, n * under, Content::Header(parent)));
                }
                middle.push(Cell::new(at, 1, n, Content::Header(g.label)));
                bottom.extend(heads(at, 1));
            }
        }
    }
    let data = T4_GROUPS
        .iter()
        .flat_map(&mut values)
        .enumerate()
        .map(|(i, v)| Cell::new(i, 1, 1, Content::Value(v)))
        .collect();
    let header = |cells| Row {
        kind: RowKind::Header,
        key: None,
        cells,
    };
    Grid {
        table: TableId::Table4,
        edition,
        width: n * T4_GROUPS.len(),
        label_columns: 0,
        rows: vec![
            header(top),
            header(middle),
            header(bottom),
            Row {
                kind: RowKind::Data { grouped: false },
                key: None,
                cells: data,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_format::T3_COLUMNS;

    fn labels<V>(g: &Grid<V>) -> Vec<&'static str> {
        g.rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter_map(|c| match c.content {
                Content::Label(l) | Content::Header(l) => Some(l),
                Content::Value(_) => None,
            })
            .collect()
    }

    #[test]
    fn every_table_of_both_editions_is_rectangular() {
        for e in Edition::ALL {
            let t2 = table2(e, |b, _| Some(vec![0; b.columns.len()]));
            assert!(t2.is_rectangular(), "{e} table 2");
            for b in table2_blocks(e, |b, _| Some(vec![0; b.columns.len()])) {
                assert!(b.is_rectangular(), "{e} table 2 block");
            }
            let t3 = table3(e, |_| Some(vec![0; 7]));
            assert!(t3.is_rectangular(), "{e} table 3");
            assert_eq!(t3.rows.len(), 3 + edition_def(e).table3.rows.len());
            let t4 = table4(e, |_| vec![0; 5]);
            assert!(t4.is_rectangular(), "{e} table 4");
            assert_eq!(t4.width, 15);
        }
    }

    #[test]
    fn table3_groups_run_down_their_rows() {
        let g = table3(Edition::E2021, |_| Some(vec![1; 7]));
        let find = |l: &str| {
            g.rows
                .iter()
                .flat_map(|r| &r.cells)
                .find(|c| matches!(c.content, Content::Label(x) if x == l))
                .map(|c| (c.col, c.rowspan, c.colspan))
        };
        // 三、本年度办理结果 over every outcome row and （七）总计: 22 rows in 2021.
        assert_eq!(find("三、本年度办理结果"), Some((0, 22, 1)));
        assert_eq!(find("（三）不予公开"), Some((1, 8, 1)));
        assert_eq!(find("（六）其他处理"), Some((1, 3, 1)));
        assert_eq!(find("（一）予以公开"), Some((1, 1, 2)));
        assert_eq!(find("一、本年新收政府信息公开申请数量"), Some((0, 1, 3)));
        let g19 = table3(Edition::E2019, |_| Some(vec![1; 7]));
        assert!(labels(&g19).contains(&"（六）其他处理"));
        assert!(g19.is_rectangular());
        // Every column header of the format is printed.
        for c in &T3_COLUMNS {
            assert!(labels(&g).contains(&c.label), "{}", c.label);
        }
    }

    #[test]
    fn a_missing_row_shortens_its_groups() {
        let g = table3(Edition::E2019, |r| {
            (r.key != "denied_state_secret").then(|| vec![0; 7])
        });
        assert!(g.is_rectangular());
        let denied = g
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .find(|c| matches!(c.content, Content::Label("（三）不予公开")))
            .map(|c| c.rowspan);
        assert_eq!(denied, Some(7));
    }

    #[test]
    fn flat_slots_write_each_merged_cell_once() {
        let g = table4(Edition::E2021, |_| vec![0; 5]);
        let row2: Vec<bool> = g
            .slots(2)
            .iter()
            .map(|s| matches!(s, Slot::Covered))
            .collect();
        assert_eq!(row2.len(), 15);
        assert!(row2[..5].iter().all(|c| *c) && row2[5..].iter().all(|c| !*c));
        let t3 = table3(Edition::E2021, |_| Some(vec![0; 7]));
        // Header row 1: the caption (covering three columns) once, then 自然人, 法人…, 总计.
        assert_eq!(t3.slots(1).len(), 4);
        assert_eq!(t3.slots(2).len(), 8);
    }
}
