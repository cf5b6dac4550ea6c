//! The three tables in their statutory layout, as HTML grids (rowspan/colspan), from the
//! definitions of `gongkai-format` only. Mirrors the statutory XLSX export of the store
//! (`gongkai_store::export::StatutoryXlsx`): same merges, same labels.

use gongkai_format::{Edition, Enumerator, TableId, edition_def};
use gongkai_report::{Cell, Num, Placement, Report, Table};
use std::collections::{BTreeMap, HashSet};

/// One `<td>`/`<th>`.
#[derive(Clone, Debug, Default)]
pub struct Td {
    /// Text shown.
    pub text: String,
    /// CSS classes.
    pub class: String,
    /// Rows spanned.
    pub rowspan: usize,
    /// Columns spanned.
    pub colspan: usize,
    /// A header (`th`).
    pub head: bool,
    /// The cell key (`table3.total.natural_person`) of a data cell.
    pub key: Option<String>,
    /// Tooltip.
    pub title: String,
}

/// A table as rows of cells.
#[derive(Clone, Debug)]
pub struct TableView {
    /// Caption (`二、主动公开政府信息情况`).
    pub caption: String,
    /// Whether the table was found in the report.
    pub found: bool,
    /// The rows.
    pub rows: Vec<Vec<Td>>,
}

/// How a data cell is shown: decides text, classes and tooltip.
pub trait CellStyle {
    /// The classes and tooltip of a cell key (findings, selection).
    fn mark(&self, key: &str) -> (String, String);
}

#[derive(Default)]
struct Layout {
    cells: BTreeMap<(usize, usize), Td>,
    covered: HashSet<(usize, usize)>,
    rows: usize,
}

impl Layout {
    fn put(&mut self, (r1, c1, r2, c2): (usize, usize, usize, usize), mut td: Td) {
        td.rowspan = r2 - r1 + 1;
        td.colspan = c2 - c1 + 1;
        for r in r1..=r2 {
            for c in c1..=c2 {
                if (r, c) != (r1, c1) {
                    self.covered.insert((r, c));
                }
            }
        }
        self.rows = self.rows.max(r2 + 1);
        self.cells.insert((r1, c1), td);
    }

    fn head(&mut self, at: (usize, usize, usize, usize), text: &str) {
        self.put(
            at,
            Td {
                text: text.to_owned(),
                head: true,
                ..Td::default()
            },
        );
    }

    fn label(&mut self, at: (usize, usize, usize, usize), text: &str) {
        self.put(
            at,
            Td {
                text: text.to_owned(),
                class: "label".into(),
                ..Td::default()
            },
        );
    }

    fn rows(self) -> Vec<Vec<Td>> {
        let mut out: Vec<Vec<Td>> = vec![Vec::new(); self.rows];
        for ((r, c), td) in self.cells {
            if !self.covered.contains(&(r, c))
                && let Some(row) = out.get_mut(r)
            {
                row.push(td);
            }
        }
        out
    }
}

/// Chinese name of a placement, for the marks and the legend.
pub fn placement_zh(p: Placement) -> &'static str {
    match p {
        Placement::Labelled => "按标签读取",
        Placement::Positional => "按位置读取",
        Placement::Split => "拆分粘连数字（由表内等式确定）",
        Placement::Resolved => "由表内等式确定位置",
        Placement::Ordered => "按法定行序放置（无行标签）",
        Placement::PositionUnknown => "数值确定但列位置不确定",
        Placement::Inferred => "未印出，推定为空（0）",
        Placement::Prose => "从正文叙述中读取（表中未印出）",
    }
}

fn shown(c: &Cell) -> String {
    if c.blank {
        let raw = c.raw.trim();
        return if raw.is_empty() {
            "—".into()
        } else {
            raw.to_owned()
        };
    }
    match c.value {
        Num::Int(i) => i.to_string(),
        Num::Dec(d) => {
            let s = format!("{d:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
    }
}

fn data(t: &Table, row: &str, col: &str, style: &dyn CellStyle) -> Td {
    let key = format!("{}.{row}.{col}", t.id.key());
    let (mut class, mut title) = style.mark(&key);
    let text = match t.cell(row, col) {
        None => {
            class.push_str(" missing");
            title.push_str("报告中未读到此单元格");
            String::new()
        }
        Some(c) => {
            class.push_str(" num");
            if c.blank {
                class.push_str(" blank");
            }
            match c.placement {
                Placement::Labelled | Placement::Positional => {}
                Placement::Inferred => {
                    class.push_str(" inferred");
                    title.push_str(placement_zh(c.placement));
                }
                p => {
                    class.push_str(" placed");
                    title.push_str(placement_zh(p));
                }
            }
            if c.converted_from_yuan {
                class.push_str(" converted");
                title.push_str("（由元换算为万元）");
            }
            shown(c)
        }
    };
    Td {
        text,
        class: class.trim().to_owned(),
        rowspan: 1,
        colspan: 1,
        head: false,
        key: Some(key),
        title,
    }
}

fn caption(id: TableId, t: &Table) -> (String, bool) {
    let n = gongkai_format::NUMERALS
        .get(usize::from(id.section()).saturating_sub(1))
        .copied()
        .unwrap_or("");
    (format!("{n}、{}", id.name_zh()), t.span.is_some())
}

fn table2(t: &Table, e: Edition, style: &dyn CellStyle) -> Vec<Vec<Td>> {
    let mut l = Layout::default();
    let def = edition_def(e).table2;
    // Blocks differ in width: a narrower block's last column spans the rest, so the grid
    // stays rectangular.
    let width = def
        .blocks
        .iter()
        .map(|b| b.columns.len())
        .max()
        .unwrap_or(1);
    let mut row = 0;
    for block in def.blocks {
        let n = block.columns.len();
        let span = |i: usize| {
            if i + 1 == n {
                (1 + i, width)
            } else {
                (1 + i, 1 + i)
            }
        };
        l.head((row, 0, row, width), block.marker);
        row += 1;
        l.head((row, 0, row, 0), def.row_header);
        for (i, c) in block.columns.iter().enumerate() {
            let (a, b) = span(i);
            l.head((row, a, row, b), c.label);
        }
        row += 1;
        for rd in block.rows {
            l.label((row, 0, row, 0), rd.label);
            for (i, c) in block.columns.iter().enumerate() {
                let (a, b) = span(i);
                l.put((row, a, row, b), data(t, rd.key, c.key, style));
            }
            row += 1;
        }
    }
    l.rows()
}

fn table3(t: &Table, e: Edition, style: &dyn CellStyle) -> Vec<Vec<Td>> {
    let mut l = Layout::default();
    let def = edition_def(e).table3;
    let cols = def.columns;
    let last = 3 + cols.len() - 1;
    l.head((0, 0, 2, 2), def.caption);
    l.head((0, 3, 0, last), def.applicants);
    if let Some(c) = cols.first() {
        l.head((1, 3, 2, 3), c.label);
    }
    let orgs = def.organisation_columns();
    l.head((1, 3 + orgs.start, 1, 3 + orgs.end - 1), def.organisations);
    for i in orgs {
        if let Some(c) = cols.get(i) {
            l.head((2, 3 + i, 2, 3 + i), c.label);
        }
    }
    if let Some(c) = cols.last() {
        l.head((1, last, 2, last), c.label);
    }
    let start = 3;
    for (i, rd) in def.rows.iter().enumerate() {
        let row = start + i;
        let group = rd
            .group
            .and_then(|g| def.groups.iter().find(|d| d.key == g));
        let first = match group {
            Some(g) if g.parent.is_some() => 2,
            Some(_) => 1,
            None => 0,
        };
        l.label((row, first, row, 2), rd.label);
        for (j, c) in cols.iter().enumerate() {
            l.put((row, 3 + j, row, 3 + j), data(t, rd.key, c.key, style));
        }
    }
    for g in def.groups {
        let members: Vec<usize> = def
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.group == Some(g.key)
                    || (g.parent.is_none()
                        && r.group
                            .and_then(|k| def.groups.iter().find(|d| d.key == k))
                            .is_some_and(|d| d.parent == Some(g.key)))
            })
            .map(|(i, _)| start + i)
            .collect();
        let (Some(a), Some(b)) = (members.first(), members.last()) else {
            continue;
        };
        let col = if g.parent.is_some() { 1 } else { 0 };
        let label = match g.enumerator {
            Enumerator::None => g.texts.first().copied().unwrap_or(g.label),
            _ => g.label,
        };
        l.label((*a, col, *b, col), label);
    }
    l.rows()
}

fn table4(t: &Table, style: &dyn CellStyle) -> Vec<Vec<Td>> {
    let mut l = Layout::default();
    let def = edition_def(Edition::E2021).table4;
    let n = def.columns.len();
    let groups = def.groups;
    let mut c = 0;
    let mut i = 0;
    while i < groups.len() {
        let g = &groups[i];
        match g.parent {
            None => {
                l.head((0, c, 1, c + n - 1), g.label);
                c += n;
                i += 1;
            }
            Some(p) => {
                let k = groups[i..]
                    .iter()
                    .take_while(|x| x.parent == Some(p))
                    .count();
                l.head((0, c, 0, c + k * n - 1), p);
                for j in 0..k {
                    if let Some(sub) = groups.get(i + j) {
                        l.head((1, c + j * n, 1, c + j * n + n - 1), sub.label);
                    }
                }
                c += k * n;
                i += k;
            }
        }
    }
    for (gi, g) in groups.iter().enumerate() {
        for (ci, col) in def.columns.iter().enumerate() {
            let x = gi * n + ci;
            l.head((2, x, 2, x), col.label);
            l.put((3, x, 3, x), data(t, g.key, col.key, style));
        }
    }
    l.rows()
}

/// The three tables of a report, each in the layout of its edition (the report's, else the
/// one its year prescribes).
pub fn tables(r: &Report, year: Option<i32>, style: &dyn CellStyle) -> Vec<TableView> {
    let ed = r
        .edition
        .known()
        .or_else(|| year.map(Edition::for_report_year))
        .unwrap_or(Edition::E2021);
    TableId::ALL
        .iter()
        .map(|&id| {
            let t = r.table(id);
            let (caption, found) = caption(id, t);
            let e = t.edition.unwrap_or(ed);
            let rows = match id {
                TableId::Table2 => table2(t, e, style),
                TableId::Table3 => table3(t, e, style),
                TableId::Table4 => table4(t, style),
            };
            TableView {
                caption,
                found,
                rows,
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use gongkai_report::Source;

    struct Plain;
    impl CellStyle for Plain {
        fn mark(&self, _: &str) -> (String, String) {
            (String::new(), String::new())
        }
    }

    /// Every statutory cell of both editions appears once, and every row of the grid covers
    /// the same number of columns once spans are counted.
    #[test]
    fn every_cell_once_and_rows_rectangular() {
        for e in Edition::ALL {
            let mut r = Report::new(Source::default());
            r.edition = gongkai_report::EditionSeen::Known(e);
            let views = tables(&r, None, &Plain);
            let def = edition_def(e);
            let expected = def
                .table2
                .rows()
                .map(|(b, _)| b.columns.len())
                .sum::<usize>()
                + def.table3.rows.len() * def.table3.columns.len()
                + def.table4.cells();
            let keys: Vec<String> = views
                .iter()
                .flat_map(|v| v.rows.iter().flatten())
                .filter_map(|td| td.key.clone())
                .collect();
            assert_eq!(keys.len(), expected, "{e}");
            let unique: HashSet<&String> = keys.iter().collect();
            assert_eq!(unique.len(), keys.len());
            for v in &views {
                // Width of each grid row = spans starting there + spans covering it from above.
                let mut carry: Vec<usize> = Vec::new();
                let mut widths = Vec::new();
                for row in &v.rows {
                    let mut w = carry.len();
                    let mut next: Vec<usize> =
                        carry.iter().filter(|&&n| n > 1).map(|n| n - 1).collect();
                    for td in row {
                        w += td.colspan;
                        for _ in 0..td.colspan {
                            if td.rowspan > 1 {
                                next.push(td.rowspan - 1);
                            }
                        }
                    }
                    widths.push(w);
                    carry = next;
                }
                assert!(
                    widths.windows(2).all(|p| p[0] == p[1]),
                    "{}: {widths:?}",
                    v.caption
                );
            }
        }
    }
}
