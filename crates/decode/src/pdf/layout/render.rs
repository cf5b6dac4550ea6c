//! Rows and free text of a page → lines: columns of runs of rows, ruled cells, rows without
//! values, rows printed as the text tables they are.

use super::{Frag, Row, block_box, x_overlap};
use crate::ILLEGIBLE;
use crate::pdf::raster::{HRule, Rules, VRule};

/// The rendered lines of one page, with what the next page needs to continue a table.
#[derive(Debug, Default)]
pub(crate) struct PageOut {
    pub lines: Vec<String>,
    /// What the next page needs to go on with a table this page ends in.
    pub carry: Carry,
    /// Cells of the page's last line, when it is a row of a ruled table.
    pub last_row: Option<Vec<String>>,
    /// Cells of a ruled line without values that opens the page (not in `lines`): the rest
    /// of a row the page break cut, if the previous page ended with that row.
    pub continuation: Option<Vec<String>>,
}

/// A table left open at the end of a page: the columns of the run of rows the page ends with,
/// or the header lines it ends with (the rows follow on the next page).
#[derive(Clone, Debug, Default)]
pub(crate) struct Carry {
    pub columns: Vec<(f64, f64)>,
    pub header: Vec<Vec<(f64, f64)>>,
}

/// Something printed as one line.
pub(super) enum Item {
    Row(usize),
    /// Blocks (lists of fragments) side by side.
    Free(Vec<Vec<usize>>),
    /// A line printed with its own `|` between cells, kept as printed.
    Verbatim(String),
}

/// Rows and free lines in reading order.
pub(super) fn items(
    frags: &[Frag],
    rows: &[Row],
    mut blocks: Vec<Vec<usize>>,
    verbatim: Vec<(f64, String)>,
) -> Vec<Item> {
    let mut keyed: Vec<(f64, f64, Item)> = verbatim
        .into_iter()
        .map(|(y, t)| (y, 0.0, Item::Verbatim(t)))
        .collect();
    for (r, row) in rows.iter().enumerate() {
        let top = row
            .groups
            .iter()
            .flatten()
            .map(|&i| frags[i].y0)
            .fold(row.y0, f64::min);
        keyed.push((top, 0.0, Item::Row(r)));
    }
    // Free blocks side by side (overlapping the first block's height) make one line.
    blocks.sort_by(|a, b| block_box(frags, a).1.total_cmp(&block_box(frags, b).1));
    let mut used = vec![false; blocks.len()];
    for i in 0..blocks.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let (x0, y0, _, y1) = block_box(frags, &blocks[i]);
        let mut line = vec![blocks[i].clone()];
        for j in i + 1..blocks.len() {
            if used[j] {
                continue;
            }
            let (_, b0, _, b1) = block_box(frags, &blocks[j]);
            if b0 >= y1 {
                break;
            }
            let ov = y1.min(b1) - y0.max(b0);
            if ov >= 0.5 * (b1 - b0).min(y1 - y0) {
                used[j] = true;
                line.push(blocks[j].clone());
            }
        }
        line.sort_by(|a, b| block_box(frags, a).0.total_cmp(&block_box(frags, b).0));
        keyed.push((y0, x0, Item::Free(line)));
    }
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    keyed.into_iter().map(|(_, _, it)| it).collect()
}

/// In a table without rules, a label alone on its line right under a row or a header, in the
/// labels' column, is a row whose cells are all blank: it becomes a row without values, so
/// that it prints its empty cells.
pub(super) fn bare_rows(frags: &[Frag], rows: &mut Vec<Row>, items: &mut [Item], rules: &Rules) {
    let ruled = ruled_lines(frags, rows, items, rules);
    for k in 0..items.len() {
        let Item::Free(blocks) = &items[k] else {
            continue;
        };
        let [block] = blocks.as_slice() else {
            continue;
        };
        if block.len() != 1 || ruled[k].is_some() {
            continue;
        }
        let f = &frags[block[0]];
        let h = f.h();
        let near = |y0: f64, y1: f64| (f.y0 - y1).max(y0 - f.y1) <= 1.5 * h;
        let fits = |j: usize| match items.get(j) {
            Some(Item::Row(r)) => {
                let row = &rows[*r];
                let first_value = row
                    .values
                    .iter()
                    .map(|&v| frags[v].x0)
                    .fold(f64::INFINITY, f64::min);
                f.x1 < first_value
                    && row.groups.iter().any(|g| {
                        let (x0, y0, _, y1) = block_box(frags, g);
                        (x0 - f.x0).abs() <= 0.5 * h && near(y0, y1)
                    })
            }
            Some(Item::Free(head)) if j + 1 == k && head.len() >= 2 => {
                let (x0, y0, x1, y1) = block_box(frags, &head[0]);
                x_overlap((x0, x1), (f.x0, f.x1)) > 0.0 && near(y0, y1)
            }
            _ => false,
        };
        if fits(k + 1) || (k > 0 && fits(k - 1)) {
            rows.push(Row {
                y0: f.y0,
                y1: f.y1,
                band: None,
                values: Vec::new(),
                groups: vec![block.clone()],
            });
            items[k] = Item::Row(rows.len() - 1);
        }
    }
}

/// Text of fragments in reading order: side by side with a space, stacked lines joined as
/// the wrapped text they are (no space inside CJK text or a wrapped number).
pub(super) fn text_of(frags: &[Frag], ids: &[usize]) -> String {
    let mut ids = ids.to_vec();
    ids.sort_by(|&a, &b| {
        frags[a]
            .line
            .cmp(&frags[b].line)
            .then(frags[a].x0.total_cmp(&frags[b].x0))
    });
    let mut s = String::new();
    let mut prev: Option<&Frag> = None;
    for &i in &ids {
        let f = &frags[i];
        if let Some(p) = prev {
            let same_line = p.line == f.line;
            let a = s.chars().next_back();
            let b = f.text.chars().next();
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let digits = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            if same_line || (latin(a) && latin(b) && !(digits(a) && digits(b))) {
                s.push(' ');
            }
        }
        s.push_str(&f.text);
        prev = Some(f);
    }
    s
}

/// Columns of a run of rows: x-ranges where its values overlap.
fn columns(
    frags: &[Frag],
    rows: &[Row],
    run: &[usize],
    header: &[Vec<(f64, f64)>],
    carry: Option<&[(f64, f64)]>,
) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = run
        .iter()
        .flat_map(|&r| rows[r].values.iter().map(|&v| (frags[v].x0, frags[v].x1)))
        .collect();
    let labels_x1 = run
        .iter()
        .flat_map(|&r| rows[r].groups.iter())
        .map(|g| block_box(frags, g).2)
        .fold(f64::NEG_INFINITY, f64::max);
    if spans.is_empty() {
        // Rows with no value at all: the header's cells right of the labels are the columns.
        return header
            .first()
            .map(|line| line.iter().copied().filter(|b| b.0 >= labels_x1).collect())
            .unwrap_or_default();
    }
    let mut cols = merge(&mut spans);
    // Values alone on their lines are cells printed one per line, not a grid.
    if run
        .iter()
        .all(|&r| rows[r].values.len() < 2 && rows[r].groups.is_empty())
    {
        return Vec::new();
    }
    // Values of one line falling into one column: the rows are not aligned in columns (text
    // set with spaces); each row then keeps its own cells, in order.
    let ragged = run.iter().any(|&r| {
        let vals = &rows[r].values;
        vals.iter().enumerate().any(|(a, &v)| {
            vals[a + 1..].iter().any(|&w| {
                frags[v].line == frags[w].line
                    && cols.iter().any(|&c| {
                        x_overlap(c, (frags[v].x0, frags[v].x1)) > 0.0
                            && x_overlap(c, (frags[w].x0, frags[w].x1)) > 0.0
                    })
            })
        })
    });
    if ragged {
        return Vec::new();
    }
    let Some(first) = cols.first().map(|c| c.0) else {
        return cols;
    };
    // Header cells over the value area that fall between or after the columns: columns no row
    // has a value in. The narrowest header cells are taken first, so a cell spanning several
    // (法人或其他组织) gives way to those under it. Left of the first column, a header cell is
    // the labels' own unless another cell of its line, further left, stands over the labels
    // (信息内容 over 规章: the cell after it heads a column empty in every row).
    let labels: Vec<(f64, f64)> = run
        .iter()
        .flat_map(|&r| rows[r].groups.iter())
        .map(|g| block_box(frags, g))
        .filter(|b| b.2 <= first)
        .map(|b| (b.0, b.2))
        .collect();
    // Header lines of three cells or more: a line of two is a label with its text.
    let mut hints: Vec<(f64, f64)> = Vec::new();
    for line in header.iter().filter(|line| line.len() >= 3) {
        let boxes = line;
        for (k, &(x0, x1)) in boxes.iter().enumerate() {
            let over_labels = |b: (f64, f64)| labels.iter().any(|&l| x_overlap(l, b) > 0.0);
            let leading_ok = labels.is_empty()
                || (!over_labels((x0, x1)) && boxes[..k].iter().any(|&b| over_labels(b)));
            if x0 > first || leading_ok {
                hints.push((x0, x1));
            }
        }
    }
    if let Some(prev) = carry {
        hints.extend(prev.iter().copied());
    }
    hints.sort_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)));
    let mut extra: Vec<(f64, f64)> = Vec::new();
    for h in hints {
        let free = cols
            .iter()
            .chain(extra.iter())
            .all(|&c| x_overlap(c, h) <= 0.0);
        if free {
            extra.push(h);
        }
    }
    if extra.is_empty() {
        return cols;
    }
    cols.append(&mut extra);
    cols.sort_by(|a, b| a.0.total_cmp(&b.0));
    cols
}

/// Union of overlapping ranges, left to right.
fn merge(spans: &mut [(f64, f64)]) -> Vec<(f64, f64)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for &(x0, x1) in spans.iter() {
        match out.last_mut() {
            Some(last) if x0 < last.1 => last.1 = last.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

pub(super) fn render(
    frags: &[Frag],
    rows: &[Row],
    items: &[Item],
    carry: &Carry,
    rules: &Rules,
) -> PageOut {
    let mut out = PageOut::default();
    let ruled = table_grids(frags, rows, items, rules);
    let mut k = 0;
    while k < items.len() {
        match &items[k] {
            Item::Free(blocks) => {
                // Inside a ruled table, a line crossed by the same rules as the row before or
                // after it is a row of the table: one without values (all blank), or a header.
                if let Some(b) = &ruled[k] {
                    let row = Row {
                        groups: blocks.clone(),
                        ..Row::default()
                    };
                    let cells = ruled_cells(frags, &row, b);
                    if k == 0 {
                        out.continuation = Some(cells.clone());
                    }
                    out.lines.push(row_line(&cells));
                    out.last_row = Some(cells);
                    k += 1;
                    continue;
                }
                out.last_row = None;
                let cells: Vec<String> = blocks.iter().map(|b| text_of(frags, b)).collect();
                out.lines.push(match cells.as_slice() {
                    [one] => one.clone(),
                    _ => pipe_row(&cells),
                });
                k += 1;
            }
            Item::Verbatim(t) => {
                out.lines.push(t.clone());
                out.last_row = None;
                k += 1;
            }
            Item::Row(_) => {
                let start = k;
                while k < items.len() && matches!(items[k], Item::Row(_)) {
                    k += 1;
                }
                let run: Vec<usize> = items[start..k]
                    .iter()
                    .filter_map(|it| match it {
                        Item::Row(r) => Some(*r),
                        _ => None,
                    })
                    .collect();
                // A run at the top of the page goes on with the previous page's table: its
                // columns, or the header it ended with.
                let at_top = start == 0;
                let mut header = header_above(frags, &items[..start]);
                if at_top && header.is_empty() {
                    header.clone_from(&carry.header);
                }
                let carried = (at_top && !carry.columns.is_empty()).then_some(&carry.columns[..]);
                let cols = columns(frags, rows, &run, &header, carried);
                for (j, &r) in run.iter().enumerate() {
                    match &ruled[start + j] {
                        Some(b) => {
                            let cells = ruled_cells(frags, &rows[r], b);
                            out.lines.push(row_line(&cells));
                            out.last_row = Some(cells);
                        }
                        None => {
                            out.lines.push(render_row(frags, &rows[r], &cols));
                            out.last_row = None;
                        }
                    }
                }
                if k == items.len() {
                    out.carry.columns = cols;
                }
            }
        }
    }
    // A page ending with header lines: the table's rows start on the next page.
    if !matches!(items.last(), Some(Item::Row(_))) {
        out.carry.header = header_above(frags, items);
    }
    out
}

/// The header lines right above `items`' end (up to four lines of several cells), as the
/// x-ranges of their cells, nearest first.
fn header_above(frags: &[Frag], items: &[Item]) -> Vec<Vec<(f64, f64)>> {
    items
        .iter()
        .rev()
        .take(4)
        .take_while(|it| matches!(it, Item::Free(b) if b.len() > 1))
        .filter_map(|it| match it {
            Item::Free(b) => Some(
                b.iter()
                    .map(|b| {
                        let (x0, _, x1, _) = block_box(frags, b);
                        (x0, x1)
                    })
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

fn pipe_row(cells: &[String]) -> String {
    let mut s = String::from("|");
    for c in cells {
        s.push(' ');
        s.push_str(c);
        s.push_str(" |");
    }
    s
}

/// Free lines of a ruled table: lines crossed by the same rules as a neighbouring row, or as
/// a neighbouring line that is one (so a run of rows without any value, all blank, is a run of
/// rows however long), that bracket all of their text. The rules of each such line, `None`
/// for the others.
fn ruled_lines(frags: &[Frag], rows: &[Row], items: &[Item], rules: &Rules) -> Vec<Option<Ruling>> {
    let own: Vec<Option<Ruling>> = (0..items.len())
        .map(|k| {
            let Item::Free(blocks) = &items[k] else {
                return None;
            };
            let ids: Vec<usize> = blocks.iter().flatten().copied().collect();
            let (x0, y0, x1, y1) = block_box(frags, &ids);
            let r = ruling(crossing(&rules.v, (y0 + y1) / 2.0), y0, y1, &rules.h);
            let (first, last) = (*r.xs.first()?, *r.xs.last()?);
            (r.xs.len() >= 3 && x0 >= first && x1 <= last).then_some(r)
        })
        .collect();
    let of_row: Vec<Option<Ruling>> = items
        .iter()
        .map(|it| match it {
            Item::Row(r) => row_rules(frags, &rows[*r], rules),
            _ => None,
        })
        .collect();
    let same = |a: &Ruling, b: &Ruling| {
        a.xs.len() == b.xs.len() && a.xs.iter().zip(&b.xs).all(|(p, q)| (p - q).abs() < 2.0)
    };
    let mut out: Vec<Option<Ruling>> = vec![None; items.len()];
    loop {
        let mut changed = false;
        for k in 0..items.len() {
            let Some(r) = own[k].as_ref().filter(|_| out[k].is_none()) else {
                continue;
            };
            let joins = |j: usize| {
                of_row
                    .get(j)
                    .and_then(Option::as_ref)
                    .or(out.get(j).and_then(Option::as_ref))
                    .is_some_and(|o| same(o, r))
            };
            if joins(k + 1) || (k > 0 && joins(k - 1)) {
                out[k] = Some(r.clone());
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

/// The rulings of a page's lines (free lines of ruled tables and rows), each completed by the
/// column grid of its table: all lines of one ruled table share one grid, so that every row
/// has as many value cells as the table has value columns and is read by position. A table is
/// a run of ruled lines with the same outer boundaries; its grid, every boundary any of its
/// lines has right of the first value column. A line lacking one of them gets it; a value
/// lying across it (a cell spanning value columns) cannot be placed in one column and its
/// cell is printed illegible.
fn table_grids(frags: &[Frag], rows: &[Row], items: &[Item], rules: &Rules) -> Vec<Option<Ruling>> {
    let mut out = ruled_lines(frags, rows, items, rules);
    for (k, it) in items.iter().enumerate() {
        if let Item::Row(r) = it {
            out[k] = row_rules(frags, &rows[*r], rules);
        }
    }
    let edges = |r: &Ruling| (r.xs.first().copied(), r.xs.last().copied());
    let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 2.0,
        _ => false,
    };
    let mut k = 0;
    while k < out.len() {
        let Some(first) = out[k].as_ref().map(edges) else {
            k += 1;
            continue;
        };
        let start = k;
        while k < out.len()
            && out[k]
                .as_ref()
                .map(edges)
                .is_some_and(|e| near(e.0, first.0) && near(e.1, first.1))
        {
            k += 1;
        }
        spacing(frags, rows, items, &mut out[start..k], start);
        // The first value column: the boundary left of the leftmost value of any row.
        let values_from = (start..k)
            .filter_map(|j| match (&items[j], &out[j]) {
                (Item::Row(r), Some(ruling)) => rows[*r]
                    .values
                    .iter()
                    .map(|&v| frags[v].x0)
                    .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))))
                    .and_then(|x0| ruling.xs.iter().rev().find(|&&b| b <= x0 + 0.5).copied()),
                _ => None,
            })
            .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.min(x))));
        let Some(from) = values_from else {
            continue;
        };
        let mut grid: Vec<f64> = Vec::new();
        for ruling in out[start..k].iter().flatten() {
            for &x in ruling.xs.iter().filter(|&&x| x >= from - 1.0) {
                if !grid.iter().any(|g| (g - x).abs() < 2.0) {
                    grid.push(x);
                }
            }
        }
        grid.sort_by(f64::total_cmp);
        for ruling in out[start..k].iter_mut().flatten() {
            let missing: Vec<f64> = grid
                .iter()
                .copied()
                .filter(|&g| {
                    g > from + 1.0
                        && ruling.xs.first().is_some_and(|&f| g > f + 1.0)
                        && ruling.xs.last().is_some_and(|&l| g < l - 1.0)
                        && !ruling.xs.iter().any(|x| (x - g).abs() < 2.0)
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            ruling.xs.extend(&missing);
            ruling.xs.sort_by(f64::total_cmp);
            ruling.inserted = missing;
        }
    }
    out
}

/// Widest space between the borders of two neighbouring cells (HTML's `border-spacing`, or
/// `cellspacing`), in points: narrower than any column that holds text.
const SPACING: f64 = 10.0;

/// Separated borders far apart (`border-spacing` of several pixels) draw two rules between
/// neighbouring cells, with a strip between them that no line of the table has text in: the
/// two are one boundary (the left one is kept). `lines` are the rulings of one table, the first
/// being item `first`.
fn spacing(
    frags: &[Frag],
    rows: &[Row],
    items: &[Item],
    lines: &mut [Option<Ruling>],
    first: usize,
) {
    let mut xs: Vec<f64> = Vec::new();
    for x in lines.iter().flatten().flat_map(|r| r.xs.iter().copied()) {
        if !xs.iter().any(|y| (y - x).abs() < 1.0) {
            xs.push(x);
        }
    }
    xs.sort_by(f64::total_cmp);
    let text: Vec<(f64, f64)> = (first..first + lines.len())
        .flat_map(|j| -> Vec<usize> {
            match &items[j] {
                Item::Row(r) => rows[*r]
                    .values
                    .iter()
                    .copied()
                    .chain(rows[*r].groups.iter().flatten().copied())
                    .collect(),
                Item::Free(blocks) => blocks.iter().flatten().copied().collect(),
                Item::Verbatim(_) => Vec::new(),
            }
        })
        .map(|i| (frags[i].x0, frags[i].x1))
        .collect();
    let strips: Vec<(f64, f64)> = xs
        .windows(2)
        .filter(|w| w[1] - w[0] < SPACING)
        .filter(|w| {
            text.iter()
                .all(|&(a, b)| b <= w[0] + 0.5 || a >= w[1] - 0.5)
        })
        .map(|w| (w[0], w[1]))
        .collect();
    if strips.is_empty() {
        return;
    }
    for r in lines.iter_mut().flatten() {
        let (lo, hi) = (r.xs.first().copied(), r.xs.last().copied());
        let at = |x: f64, y: Option<f64>| y.is_some_and(|y| (x - y).abs() < 1.0);
        // Of the two rules of a strip, the inner one goes: a line's outer boundaries stay.
        r.xs.retain(|&x| {
            at(x, lo)
                || at(x, hi)
                || !strips.iter().any(|&(a, b)| {
                    if at(b, hi) {
                        at(x, Some(a))
                    } else {
                        at(x, Some(b))
                    }
                })
        });
    }
}

/// The x of the vertical rules crossing height `y`.
fn crossing(rules: &[VRule], y: f64) -> Vec<f64> {
    rules
        .iter()
        .filter(|r| r.y0 - 1.0 <= y && y <= r.y1 + 1.0)
        .map(|r| r.x)
        .collect()
}

/// The cell boundaries of a ruled line: the vertical rules crossing it, and the end of the
/// horizontal rules over and under it where no vertical rule closes the line (a table cut at
/// the page margin, or drawn without its outer side borders).
#[derive(Clone, Debug, Default)]
pub(super) struct Ruling {
    pub xs: Vec<f64>,
    /// Where the last cell was closed by the end of the horizontal rules, not by a rule: text
    /// reaching it may be cut there.
    pub open_end: Option<f64>,
    /// The horizontal rules were clipped at the page margin: the line goes on beyond the page
    /// (`None`: not known, rules found in an image).
    pub cut: Option<bool>,
    /// Boundaries of the table's grid this line has no rule at (see [`table_grids`]).
    pub inserted: Vec<f64>,
}

/// The ruling of a line spanning `y0..y1`, crossed by vertical rules at `xs`.
fn ruling(mut xs: Vec<f64>, y0: f64, y1: f64, hrules: &[HRule]) -> Ruling {
    let (Some(&first), Some(&last)) = (xs.first(), xs.last()) else {
        return Ruling::default();
    };
    let yc = (y0 + y1) / 2.0;
    let spans = |r: &&HRule| r.x0 <= last + 1.0 && r.x1 >= first - 1.0;
    let over = hrules
        .iter()
        .filter(spans)
        .filter(|r| r.y <= yc)
        .max_by(|p, q| p.y.total_cmp(&q.y));
    let under = hrules
        .iter()
        .filter(spans)
        .filter(|r| r.y >= yc)
        .min_by(|p, q| p.y.total_cmp(&q.y));
    let (end, start) = match (over, under) {
        (Some(o), Some(u)) => (o.x1.min(u.x1), o.x0.max(u.x0)),
        (Some(r), None) | (None, Some(r)) => (r.x1, r.x0),
        (None, None) => {
            return Ruling {
                xs,
                ..Ruling::default()
            };
        }
    };
    let cuts = || over.iter().chain(under.iter()).map(|r| r.cut);
    let cut = if cuts().any(|c| c == Some(true)) {
        Some(true)
    } else if cuts().any(|c| c.is_none()) {
        None
    } else {
        Some(false)
    };
    let mut open_end = None;
    if end > last + 3.0 {
        xs.push(end);
        open_end = Some(end);
    }
    if start < first - 3.0 {
        xs.insert(0, start);
    }
    Ruling {
        xs,
        open_end,
        cut,
        inserted: Vec::new(),
    }
}

/// The ruling of a row, when at least two of its boundaries bracket some of its content.
fn row_rules(frags: &[Frag], row: &Row, rules: &Rules) -> Option<Ruling> {
    let xs = crossing(&rules.v, (row.y0 + row.y1) / 2.0);
    if xs.is_empty() {
        return None;
    }
    let r = ruling(xs, row.y0, row.y1, &rules.h);
    let (&first, &last) = (r.xs.first()?, r.xs.last()?);
    let inside = row
        .values
        .iter()
        .map(|&v| (frags[v].x0 + frags[v].x1) / 2.0)
        .any(|x| first < x && x < last);
    (r.xs.len() >= 2 && inside).then_some(r)
}

/// One row of a ruled table: one cell per space between two rules, empty where the row has
/// nothing (an empty value, or a cell covered by a label spanning rows); text outside the
/// rules in cells of its own.
fn ruled_cells(frags: &[Frag], row: &Row, ruling: &Ruling) -> Vec<String> {
    let rules = &ruling.xs[..];
    let n = rules.len().saturating_sub(1);
    let mut cells: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut outside: Vec<(f64, String)> = Vec::new();
    let mut place = |ids: &[usize], x0: f64, x1: f64| {
        let cx = (x0 + x1) / 2.0;
        // Text running past the cut at the page margin is in the last cell.
        let cut_off = ruling.open_end.is_some_and(|end| x0 < end && cx >= end);
        match rules.windows(2).position(|w| w[0] <= cx && cx < w[1]) {
            Some(k) => cells[k].extend_from_slice(ids),
            None if cut_off && n > 0 => cells[n - 1].extend_from_slice(ids),
            None => outside.push((x0, text_of(frags, ids))),
        }
    };
    for &v in &row.values {
        place(&[v], frags[v].x0, frags[v].x1);
    }
    for g in &row.groups {
        let (x0, _, x1, _) = block_box(frags, g);
        place(g, x0, x1);
    }
    // A value across a boundary of the grid its line has no rule at: a cell spanning value
    // columns, which no single column holds. Every column it covers is unread.
    let mut across = vec![false; n];
    for &v in &row.values {
        let f = &frags[v];
        if ruling
            .inserted
            .iter()
            .any(|&g| f.x0 < g - 0.5 && f.x1 > g + 0.5)
        {
            for (k, w) in rules.windows(2).enumerate() {
                if f.x0 < w[1] && f.x1 > w[0] {
                    across[k] = true;
                }
            }
        }
    }
    let mut all: Vec<(f64, String)> = outside;
    for (k, ids) in cells.iter().enumerate() {
        // The last cell of a line cut at the page margin: text that reaches the cut may have
        // lost its end there (237 printed as 23), and an empty one may hold text beyond it.
        let cut = k + 1 == n
            && ruling.open_end.is_some_and(|end| {
                (ruling.cut != Some(false) && ids.is_empty())
                    || ids
                        .iter()
                        .any(|&i| frags[i].x1 >= end - 0.25 * frags[i].h())
            });
        let text = if cut || across[k] {
            ILLEGIBLE.to_owned()
        } else {
            text_of(frags, ids)
        };
        all.push((rules[k], text));
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Cut right after its last rule: more cells lie beyond the page, unread.
    if ruling.cut == Some(true) && ruling.open_end.is_none() {
        all.push((f64::INFINITY, ILLEGIBLE.to_owned()));
    }
    all.into_iter().map(|(_, t)| t).collect()
}

/// A row's line: its cells between pipes; a lone value as it is (a table printed one cell per
/// line).
pub(crate) fn row_line(cells: &[String]) -> String {
    match cells {
        [one] if !one.is_empty() => one.clone(),
        _ => pipe_row(cells),
    }
}

/// One row: its labels, then one cell per column, empty where the row has nothing.
fn render_row(frags: &[Frag], row: &Row, cols: &[(f64, f64)]) -> String {
    let col_of = |x0: f64, x1: f64| {
        cols.iter()
            .enumerate()
            .filter(|(_, c)| x_overlap(**c, (x0, x1)) > 0.0)
            .max_by(|a, b| x_overlap(*a.1, (x0, x1)).total_cmp(&x_overlap(*b.1, (x0, x1))))
            .map(|(k, _)| k)
    };
    let mut in_col: Vec<Vec<usize>> = vec![Vec::new(); cols.len()];
    // (x, text) of labels outside every column.
    let mut labels: Vec<(f64, String)> = Vec::new();
    for &v in &row.values {
        match col_of(frags[v].x0, frags[v].x1) {
            Some(k) => in_col[k].push(v),
            None => labels.push((frags[v].x0, frags[v].text.clone())),
        }
    }
    for g in &row.groups {
        let (x0, _, x1, _) = block_box(frags, g);
        match col_of(x0, x1) {
            Some(k) if x0 >= cols[k].0 - 0.5 * frags[g[0]].h() => in_col[k].extend(g),
            _ => labels.push((x0, text_of(frags, g))),
        }
    }
    let mut cells: Vec<(f64, String)> = labels;
    for (k, ids) in in_col.iter().enumerate() {
        cells.push((cols[k].0, text_of(frags, ids)));
    }
    cells.sort_by(|a, b| a.0.total_cmp(&b.0));
    let cells: Vec<String> = cells.into_iter().map(|(_, t)| t).collect();
    row_line(&cells)
}
