//! Table 4: fifteen cells in three groups of five. Printed as one row under a two-level header,
//! or as three rows labelled by group.

use crate::labels::{Catalogue, Hit, Meaning};
use crate::regions::Region;
use crate::rows::{self, Identity, Reading, Shape};
use crate::tokens::{self, Tok, TokKind};
use crate::view::View;
use crate::{Problems, cell_of};
use gongkai_decode::compact_label;
use gongkai_format::{T4_COLUMNS, T4_GROUPS, TableId};
use gongkai_report::{Placement, Row, Table};

pub fn read(view: &View<'_>, region: &Region, problems: &mut Problems) -> Table {
    let cat = Catalogue::get();
    let norm = view.norm_str();
    let region_end = view.norm_offset(region.end);
    let mut table = Table::new(TableId::Table4);
    table.span = Some(view.to_source(view.to_norm(region.start..region.end)));
    let hits: Vec<_> = region
        .hits
        .iter()
        .filter(|h| {
            cat.meanings(h)
                .iter()
                .any(|m| matches!(m, Meaning::T4Header))
        })
        .copied()
        .collect();
    let gap_after = |i: usize| {
        let h = &hits[i];
        let from = view.to_norm(h.start..h.end).end;
        let to = hits
            .get(i + 1)
            .map_or(region_end, |n| view.norm_offset(n.start));
        tokens::gap(view, from..to.max(from))
    };

    // Three labelled rows?
    let compact = view.compact_str();
    let mut by_group: Vec<Option<(Reading, Placement, std::ops::Range<usize>)>> =
        vec![None, None, None];
    for (i, h) in hits.iter().enumerate() {
        let text = &compact[h.start..h.end];
        let Some(g) = compact_t4().0.iter().position(|g| g == text) else {
            continue;
        };
        let gap = gap_after(i);
        if !gap.inline.iter().any(Tok::is_filled) {
            continue;
        }
        let r = rows::readings(
            &gap.inline,
            Shape::counts(T4_COLUMNS.len(), Identity::LastIsSum),
            norm,
        );
        if let (Some((reading, how)), Some(slot)) = (r.settled(), by_group.get_mut(g)) {
            *slot = Some((reading.clone(), how, view.to_norm(h.start..h.end)));
        }
    }
    if by_group.iter().all(Option::is_some) {
        for (g, x) in T4_GROUPS.iter().zip(by_group) {
            if let Some((reading, how, label)) = x {
                table
                    .rows
                    .push(row(view, g.key, &reading, how, Some(label)));
            }
        }
        return table;
    }

    // Three small tables, one per group: its label, its own header, one row of five.
    let group_of = |i: usize| {
        let h = &hits[i];
        let text = &compact[h.start..h.end];
        compact_t4().0.iter().position(|g| g == text)
    };
    // Each group's label: its last mention before the next group's first (the section's
    // heading names 行政复议 too).
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    for k in 0..T4_GROUPS.len() {
        let next_first = (from..hits.len()).find(|&i| group_of(i) == Some(k + 1));
        let upto = next_first.unwrap_or(hits.len());
        if let Some(i) = (from..upto).rev().find(|&i| group_of(i) == Some(k)) {
            starts.push((i, k));
            from = i + 1;
        }
    }
    if starts.len() == T4_GROUPS.len() {
        let mut small: Vec<Option<(Reading, Placement)>> = Vec::new();
        for (k, &(i, _)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(hits.len(), |s| s.0);
            // The value row follows the group's last column header.
            let column = |j: &usize| {
                let h = &hits[*j];
                let text = &compact[h.start..h.end];
                compact_t4().1.iter().any(|c| c == text)
            };
            let block_i = (i + 1..end)
                .rev()
                .find(column)
                .map(|j| value_block(&gap_after(j)))
                .unwrap_or_default();
            let r = rows::readings(
                &block_i,
                Shape::counts(T4_COLUMNS.len(), Identity::LastIsSum),
                norm,
            );
            small.push(
                r.settled()
                    .filter(|(_, how)| *how != Placement::PositionUnknown),
            );
        }
        if small.iter().all(Option::is_some) {
            for (g, x) in T4_GROUPS.iter().zip(small) {
                if let Some((reading, how)) = x {
                    table.rows.push(row(view, g.key, &reading, how, None));
                }
            }
            return table;
        }
    }

    // One row of fifteen after the header.
    let Some(last) = hits.len().checked_sub(1) else {
        return table;
    };
    // Numbers after an earlier header belong to no row of fifteen: the layout is not that one.
    let is_column = |h: &Hit| {
        let text = &compact[h.start..h.end];
        compact_t4().1.iter().any(|c| c == text)
    };
    let first_column = hits.iter().position(is_column).unwrap_or(last);
    let stray = (first_column..last).any(|i| {
        let g = gap_after(i);
        g.lines
            .iter()
            .chain([&g.inline, &g.before_next])
            .flatten()
            .any(Tok::is_filled)
    });
    let gap = gap_after(last);
    let block = value_block(&gap);
    if stray {
        if block.iter().any(Tok::is_filled) {
            let keys: Vec<&'static str> = T4_GROUPS.iter().map(|g| g.key).collect();
            problems.ambiguous(
                view,
                TableId::Table4,
                &keys,
                "行政复议、行政诉讼（15 项）",
                &rows::Readings::default(),
                None,
            );
        }
        return table;
    }
    if block.len() < T4_GROUPS.len() * T4_COLUMNS.len() && !block.iter().any(Tok::is_filled) {
        return table;
    }
    let n = T4_GROUPS.len() * T4_COLUMNS.len();
    let r = rows::readings(
        &block,
        Shape::counts(n, Identity::GroupsOf(T4_COLUMNS.len())),
        norm,
    );
    match r.settled() {
        Some((reading, how)) => {
            for (g, chunk) in T4_GROUPS.iter().zip(reading.chunks(T4_COLUMNS.len())) {
                table.rows.push(row(view, g.key, chunk, how, None));
            }
        }
        None => {
            let keys: Vec<&'static str> = T4_GROUPS.iter().map(|g| g.key).collect();
            problems.ambiguous(
                view,
                TableId::Table4,
                &keys,
                "行政复议、行政诉讼（15 项）",
                &r,
                None,
            );
        }
    }
    table
}

/// The cells of the row of fifteen after the header. Where separators were lost (header and
/// values on one line) they are the cells after the last header text on that line; otherwise
/// the first run of lines that hold only cells (values, blanks, empty cells). Empty cells on the
/// header's own line are the header's padding.
fn value_block(gap: &tokens::Gap) -> Vec<Tok> {
    let after_text = gap
        .inline
        .iter()
        .rposition(|t| t.kind == TokKind::Text)
        .map_or(0, |i| i + 1);
    let tail = &gap.inline[after_text..];
    if tail.iter().any(Tok::is_filled) {
        return tail.to_vec();
    }
    let mut out: Vec<Tok> = Vec::new();
    let lines = gap.lines.iter().chain(std::iter::once(&gap.before_next));
    for line in lines {
        // Runs of bare separators are collapsed blanks of the row, not its end; before the
        // first value they are rules of the header.
        let only_cells = line.iter().all(|t| t.is_cell() || t.kind == TokKind::Run);
        let runs_only = line.iter().all(|t| t.kind == TokKind::Run);
        if runs_only && out.is_empty() {
            continue;
        }
        if only_cells && !line.is_empty() {
            out.extend(line.iter().cloned());
        } else if !out.is_empty() {
            break;
        }
    }
    // …but a run after the last value is the table's closing rule.
    while out.last().is_some_and(|t| t.kind == TokKind::Run) {
        out.pop();
    }
    out
}

fn row(
    view: &View<'_>,
    key: &'static str,
    reading: &[rows::Slot],
    how: Placement,
    label: Option<std::ops::Range<usize>>,
) -> Row {
    Row {
        key,
        cells: T4_COLUMNS
            .iter()
            .zip(reading)
            .map(|(c, s)| cell_of(view, c.key, s, how))
            .collect(),
        label: label.map(|l| view.to_source(l)),
    }
}

/// The groups' and columns' labels as the compact view prints them, computed once: the reader
/// compares every label hit with them.
fn compact_t4() -> &'static (Vec<String>, Vec<String>) {
    static LABELS: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| {
        (
            T4_GROUPS.iter().map(|g| compact_label(g.label)).collect(),
            T4_COLUMNS.iter().map(|c| compact_label(c.label)).collect(),
        )
    })
}
