//! Table 3: 25 (2021) or 23 (2019) rows of seven columns, read by label and, where labels are
//! missing or numbers ran together, by the statutory order of the rows and the table's
//! identities (row total, column totals, the balance).

use crate::labels::{Catalogue, Hit, Meaning};
use crate::regions::Region;
use crate::rows::{self, Identity, Reading, Readings, Shape};
use crate::solve::{self, Constraint, Var};
use crate::tokens::{self, Tok};
use crate::view::View;
use crate::{Problems, blanks, cell_of};
use gongkai_format::{Edition, RowRole, Table3Def, TableId, edition_def};
use gongkai_report::{EditionMark, Placement, Row, Table};
use std::ops::Range;

const N: usize = 7;
const SHAPE: Shape<'static> = Shape {
    n: N,
    identity: Identity::LastIsSum,
    signed: &[],
};

/// A row label with the cells that belong to it.
struct Labelled {
    /// Index of the row in the edition's template.
    idx: usize,
    label: Range<usize>,
    readings: Readings,
}

/// A run of cells printed without label (or demoted from a label out of order).
struct Orphan {
    readings: Readings,
    span: Range<usize>,
    /// Given to a row by the order of the rows.
    placed: bool,
}

enum Entry {
    Row(Labelled),
    Orphan(Orphan),
}

pub fn read(
    view: &View<'_>,
    region: &Region,
    hint: Option<Edition>,
    problems: &mut Problems,
) -> Table {
    let cat = Catalogue::get();
    let norm = view.norm_str();
    let region_end = view.norm_offset(region.end);
    let hits = &region.hits;
    let gaps: Vec<tokens::Gap> = hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let from = view.to_norm(h.start..h.end).end;
            let to = hits
                .get(i + 1)
                .map_or(region_end, |n| view.norm_offset(n.start));
            tokens::gap(view, from..to.max(from))
        })
        .collect();

    let mut table = Table::new(TableId::Table3);
    table.span = Some(view.to_source(view.to_norm(region.start..region.end)));
    let edition = edition_of(view, cat, hits, &gaps, hint, &mut table);
    let def = edition_def(edition).table3;
    table.edition = Some(edition);

    // Entries in document order.
    let mut entries: Vec<Entry> = Vec::new();
    let mut evidence = blanks::Evidence::default();
    // Rows that printed nothing (label directly followed by the next label).
    let mut empty: Vec<(usize, Range<usize>)> = Vec::new();
    for (k, (h, gap)) in hits.iter().zip(&gaps).enumerate() {
        let label = view.to_norm(h.start..h.end);
        let gap_end = hits
            .get(k + 1)
            .map_or(region_end, |n| view.norm_offset(n.start));
        match meaning(cat, h, edition) {
            Some(Role::Row(idx)) => {
                let a = rows::attach(gap, N);
                evidence.row(gap, a.row.as_deref(), N);
                if a.row.is_none() && blanks::nothing_printed(gap) && blanks::closed(view, gap_end)
                {
                    empty.push((idx, label.clone()));
                }
                match a.row {
                    Some(toks) if blanks::cut_off(view, gap, gap_end, &toks, N) => {
                        let rd = &def.rows[idx];
                        problems.cut(view, TableId::Table3, rd.key, rd.label, label.clone());
                    }
                    Some(toks) => {
                        let readings = rows::readings(&toks, SHAPE, norm);
                        entries.push(Entry::Row(Labelled {
                            idx,
                            label,
                            readings,
                        }));
                    }
                    None => entries.push(Entry::Row(Labelled {
                        idx,
                        label,
                        readings: Readings::default(),
                    })),
                }
                push_orphans(&mut entries, a.orphans, norm);
            }
            Some(Role::Group(key)) => {
                let a = rows::attach(gap, N);
                if let Some(toks) = a.row.filter(|t| t.iter().any(Tok::is_filled)) {
                    // A group label with numbers of its own: a subtotal row (T3-SUBTOTAL).
                    let r = rows::readings(&toks, SHAPE, norm);
                    if let Some((reading, how)) = r.settled() {
                        table.subtotals.push(row_of(
                            view,
                            def,
                            key,
                            &reading,
                            how,
                            Some(label.clone()),
                        ));
                    }
                }
                push_orphans(&mut entries, a.orphans, norm);
            }
            None => {
                let a = rows::attach(gap, N);
                let mut groups = a.orphans;
                if let Some(r) = a.row {
                    groups.insert(0, r);
                }
                push_orphans(&mut entries, groups, norm);
            }
        }
    }

    let chosen = order_and_fill(&mut entries, def);
    resolve(view, def, chosen, &mut table, problems);
    report_unplaced(view, &entries, problems);
    for e in &entries {
        if let Entry::Orphan(o) = e
            && !o.placed
        {
            evidence.leftover(!o.readings.is_empty(), !o.span.is_empty());
        }
    }
    if !empty.is_empty() && evidence.blank_rows_dropped() {
        let mut keys = Vec::new();
        for (idx, label) in empty {
            let Some(rd) = def.rows.get(idx) else {
                continue;
            };
            if table.row(rd.key).is_some() || keys.contains(&rd.key) {
                continue;
            }
            keys.push(rd.key);
            table.rows.push(blanks::inferred_row(
                view,
                rd.key,
                def.columns.iter().map(|c| c.key),
                label,
            ));
        }
        let order: Vec<&str> = def.rows.iter().map(|r| r.key).collect();
        table
            .rows
            .sort_by_key(|r| order.iter().position(|k| *k == r.key).unwrap_or(usize::MAX));
        problems.inferred(TableId::Table3, &keys, !evidence.any_value);
    }
    table
}

enum Role {
    Row(usize),
    Group(&'static str),
}

fn meaning(cat: &Catalogue, h: &Hit, edition: Edition) -> Option<Role> {
    let def = edition_def(edition).table3;
    let ms = cat.meanings(h);
    for m in ms {
        if let Meaning::T3Row { key, editions } = m
            && editions.contains(edition)
            && let Some(i) = def.row_index(key)
        {
            return Some(Role::Row(i));
        }
    }
    for m in ms {
        if let Meaning::T3Group { key, editions } = m
            && editions.contains(edition)
        {
            return Some(Role::Group(key));
        }
    }
    // A row label of the other edition (E-MIXED): read it where it fits, by key.
    for m in ms {
        if let Meaning::T3Row { key, .. } = m
            && let Some(i) = def.row_index(key)
        {
            return Some(Role::Row(i));
        }
    }
    None
}

/// The edition the table prints: 2021 has three 其他处理 rows; in 2019 （六）其他处理 is a row
/// with numbers. Both at once: mixed (read with 2021, marks recorded for E-MIXED).
fn edition_of(
    view: &View<'_>,
    cat: &Catalogue,
    hits: &[Hit],
    gaps: &[tokens::Gap],
    hint: Option<Edition>,
    table: &mut Table,
) -> Edition {
    for (h, gap) in hits.iter().zip(gaps) {
        let ms = cat.meanings(h);
        let span = view.to_source(view.to_norm(h.start..h.end));
        for m in ms {
            if let Meaning::T3Row { key, editions } = m
                && editions.only() == Some(Edition::E2021)
            {
                table.marks.push(EditionMark {
                    edition: Edition::E2021,
                    label: label_of(Edition::E2021, key),
                    span: span.clone(),
                });
            }
        }
        let other_row = ms
            .iter()
            .any(|m| matches!(m, Meaning::T3Row { key: "other", .. }));
        if other_row
            && rows::attach(gap, N)
                .row
                .is_some_and(|t| t.iter().any(Tok::is_filled))
        {
            table.marks.push(EditionMark {
                edition: Edition::E2019,
                label: label_of(Edition::E2019, "other"),
                span,
            });
        }
    }
    let has = |e: Edition| table.marks.iter().any(|m| m.edition == e);
    match (has(Edition::E2019), has(Edition::E2021)) {
        (_, true) => Edition::E2021,
        (true, false) => Edition::E2019,
        (false, false) => hint.unwrap_or(Edition::E2021),
    }
}

fn label_of(e: Edition, key: &str) -> &'static str {
    edition_def(e).table3.row(key).map_or("", |r| r.label)
}

fn push_orphans(entries: &mut Vec<Entry>, groups: Vec<Vec<Tok>>, norm: &str) {
    for toks in groups {
        if !rows::could_be_row(&toks, N, norm) {
            if let Some(span) = span_of(&toks) {
                entries.push(Entry::Orphan(Orphan {
                    readings: Readings::default(),
                    span,
                    placed: false,
                }));
            }
            continue;
        }
        let readings = rows::readings(&toks, SHAPE, norm);
        let span = span_of(&toks).unwrap_or(0..0);
        entries.push(Entry::Orphan(Orphan {
            readings,
            span,
            placed: false,
        }));
    }
}

fn span_of(toks: &[Tok]) -> Option<Range<usize>> {
    let f: Vec<&Tok> = toks.iter().filter(|t| t.is_filled()).collect();
    Some(f.first()?.span.start..f.last()?.span.end)
}

/// A row's readings, where its label was, and whether it was placed by order.
struct Candidate {
    readings: Readings,
    label: Option<Range<usize>>,
    ordered: bool,
}

/// The rows found so far, by template index.
struct Chosen {
    rows: Vec<Option<Candidate>>,
}

/// Keep labelled rows whose order agrees with the template (the longest such sequence), then
/// give each gap between two kept rows the label-less rows printed in it — when their number
/// equals the number of template rows missing there.
fn order_and_fill(entries: &mut [Entry], def: &Table3Def) -> Chosen {
    // Labelled rows that have cells; rows without cells do not anchor.
    let anchors: Vec<(usize, usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Entry::Row(l) if !l.readings.is_empty() || l.readings.illegible => Some((i, l.idx)),
            _ => None,
        })
        .collect();
    let keep = longest_increasing(&anchors.iter().map(|a| a.1).collect::<Vec<_>>());
    let kept: Vec<(usize, usize)> = keep.iter().map(|&k| anchors[k]).collect();
    // Demote labelled rows out of order to orphans.
    for (pos, e) in entries.iter_mut().enumerate() {
        if let Entry::Row(l) = e
            && (!l.readings.is_empty() || l.readings.illegible)
            && !kept.iter().any(|&(p, _)| p == pos)
        {
            let readings = std::mem::take(&mut l.readings);
            *e = Entry::Orphan(Orphan {
                readings,
                span: l.label.clone(),
                placed: false,
            });
        }
    }
    let mut chosen = Chosen {
        rows: (0..def.rows.len()).map(|_| None).collect(),
    };
    for &(pos, idx) in &kept {
        if let Some(Entry::Row(l)) = entries.get_mut(pos) {
            let r = std::mem::take(&mut l.readings);
            if let Some(slot) = chosen.rows.get_mut(idx) {
                *slot = Some(Candidate {
                    readings: r,
                    label: Some(l.label.clone()),
                    ordered: false,
                });
            }
        }
    }
    // Gaps: before the first anchor, between anchors, after the last.
    let mut bounds: Vec<(usize, usize, isize, usize)> = Vec::new(); // (entry from, entry to, idx from, idx to)
    let mut prev_pos = 0usize;
    let mut prev_idx: isize = -1;
    for &(pos, idx) in &kept {
        bounds.push((prev_pos, pos, prev_idx, idx));
        prev_pos = pos + 1;
        prev_idx = isize::try_from(idx).unwrap_or(isize::MAX);
    }
    bounds.push((prev_pos, entries.len(), prev_idx, def.rows.len()));
    for (from, to, idx_from, idx_to) in bounds {
        let missing: Vec<usize> = ((idx_from + 1) as usize..idx_to)
            .filter(|&i| chosen.rows.get(i).is_some_and(Option::is_none))
            .collect();
        let orphan_pos: Vec<usize> = (from..to)
            .filter(|&p| matches!(entries.get(p), Some(Entry::Orphan(o)) if !o.readings.is_empty()))
            .collect();
        if missing.is_empty() || orphan_pos.len() != missing.len() {
            continue;
        }
        for (p, idx) in orphan_pos.into_iter().zip(missing) {
            if let Some(Entry::Orphan(o)) = entries.get_mut(p) {
                o.placed = true;
                let r = std::mem::take(&mut o.readings);
                if let Some(slot) = chosen.rows.get_mut(idx) {
                    *slot = Some(Candidate {
                        readings: r,
                        label: None,
                        ordered: true,
                    });
                }
            }
        }
    }
    chosen
}

/// Indices of a longest strictly increasing subsequence (patience sorting, O(n log n): a
/// hostile document can repeat labels many thousands of times).
fn longest_increasing(xs: &[usize]) -> Vec<usize> {
    // tails[k]: index of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; xs.len()];
    for (i, &x) in xs.iter().enumerate() {
        let k = tails.partition_point(|&t| xs[t] < x);
        if k > 0 {
            prev[i] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut i = tails.last().copied().unwrap_or(usize::MAX);
    while i != usize::MAX {
        out.push(i);
        i = prev[i];
    }
    out.reverse();
    out
}

/// Settle every row: alone when its readings allow, otherwise with the column identities.
fn resolve(
    view: &View<'_>,
    def: &'static Table3Def,
    chosen: Chosen,
    table: &mut Table,
    problems: &mut Problems,
) {
    let n_rows = def.rows.len();
    let mut settled: Vec<Option<(Reading, Placement)>> = vec![None; n_rows];
    let mut open: Vec<usize> = Vec::new();
    let mut labels: Vec<Option<Range<usize>>> = vec![None; n_rows];
    let mut readings_of: Vec<Option<Readings>> = (0..n_rows).map(|_| None).collect();
    for (idx, c) in chosen.rows.into_iter().enumerate() {
        let Some(Candidate {
            readings: r,
            label,
            ordered,
        }) = c
        else {
            continue;
        };
        labels[idx] = label;
        if r.illegible {
            readings_of[idx] = Some(r);
            continue;
        }
        if r.is_empty() {
            continue;
        }
        match r.settled() {
            Some((reading, how)) => {
                let how = if ordered { Placement::Ordered } else { how };
                settled[idx] = Some((reading.clone(), how));
            }
            None if !r.consistent.is_empty() => {
                open.push(idx);
                readings_of[idx] = Some(r);
            }
            None => readings_of[idx] = Some(r),
        }
    }
    // Column identities decide among the remaining readings.
    if !open.is_empty() {
        decide(def, &mut settled, &open, &readings_of);
    }
    for (idx, rd) in def.rows.iter().enumerate() {
        match &settled[idx] {
            Some((reading, how)) => table.rows.push(row_of(
                view,
                def,
                rd.key,
                reading,
                *how,
                labels[idx].clone(),
            )),
            None => {
                if let Some(r) = &readings_of[idx] {
                    problems.ambiguous(
                        view,
                        TableId::Table3,
                        &[rd.key],
                        rd.label,
                        r,
                        labels[idx].clone(),
                    );
                }
            }
        }
    }
}

fn decide(
    def: &Table3Def,
    settled: &mut [Option<(Reading, Placement)>],
    open: &[usize],
    readings_of: &[Option<Readings>],
) {
    let n_rows = def.rows.len();
    // Variables: every row that has values (settled: one candidate; open: its consistent ones).
    let mut var_of = vec![usize::MAX; n_rows];
    let mut vars: Vec<Var> = Vec::new();
    let mut cands_of: Vec<Vec<Reading>> = Vec::new();
    for idx in 0..n_rows {
        let cands: Vec<Reading> = if let Some((r, _)) = &settled[idx] {
            vec![r.clone()]
        } else if open.contains(&idx) {
            readings_of[idx]
                .as_ref()
                .map(|r| {
                    r.consistent
                        .iter()
                        .filter_map(|&i| r.list.get(i).cloned())
                        .collect()
                })
                .unwrap_or_default()
        } else {
            continue;
        };
        var_of[idx] = vars.len();
        vars.push(Var {
            cands: cands
                .iter()
                .map(|c| c.iter().map(|s| s.value().as_f64()).collect())
                .collect(),
        });
        cands_of.push(cands);
    }
    let role_rows = |role: RowRole| -> Vec<usize> {
        def.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.role == role)
            .map(|(i, _)| i)
            .collect()
    };
    let outcomes = role_rows(RowRole::Outcome);
    let inputs = role_rows(RowRole::Input);
    let totals = role_rows(RowRole::Total);
    let carry = role_rows(RowRole::CarryForward);
    let present = |rows: &[usize]| rows.iter().all(|&i| var_of[i] != usize::MAX);
    let mut cons = Vec::new();
    for col in 0..N {
        if present(&outcomes) && present(&totals) {
            let mut terms: Vec<(usize, usize, f64)> =
                outcomes.iter().map(|&i| (var_of[i], col, 1.0)).collect();
            terms.extend(totals.iter().map(|&i| (var_of[i], col, -1.0)));
            cons.push(Constraint { terms });
        }
        if present(&inputs) && present(&totals) && present(&carry) {
            let mut terms: Vec<(usize, usize, f64)> =
                inputs.iter().map(|&i| (var_of[i], col, 1.0)).collect();
            terms.extend(totals.iter().chain(&carry).map(|&i| (var_of[i], col, -1.0)));
            cons.push(Constraint { terms });
        }
    }
    if cons.is_empty() {
        return;
    }
    let Some(decided) = solve::solve(&vars, &cons) else {
        return;
    };
    for &idx in open {
        let v = var_of[idx];
        if let (Some(Some(c)), Some(cands)) = (decided.get(v), cands_of.get(v))
            && let Some(reading) = cands.get(*c)
        {
            let kind = readings_of[idx]
                .as_ref()
                .and_then(|r| r.consistent.get(*c).and_then(|&i| r.kinds.get(i)))
                .copied();
            // Candidates with the same numbers but blanks elsewhere: the numbers are decided,
            // the positions of the printed cells are not.
            let twins: Vec<&Reading> = cands
                .iter()
                .filter(|x| rows::same_numbers(x, reading))
                .collect();
            settled[idx] = Some(if twins.iter().all(|x| rows::same_values(x, reading)) {
                let how = match kind {
                    Some(Placement::Split) => Placement::Split,
                    _ => Placement::Resolved,
                };
                (reading.clone(), how)
            } else {
                (rows::unlocated(&twins), Placement::PositionUnknown)
            });
        }
    }
}

fn row_of(
    view: &View<'_>,
    def: &Table3Def,
    key: &'static str,
    reading: &Reading,
    how: Placement,
    label: Option<Range<usize>>,
) -> Row {
    Row {
        key,
        cells: def
            .columns
            .iter()
            .zip(reading)
            .map(|(c, s)| cell_of(view, c.key, s, how))
            .collect(),
        label: label.map(|l| view.to_source(l)),
    }
}

fn report_unplaced(view: &View<'_>, entries: &[Entry], problems: &mut Problems) {
    for e in entries {
        if let Entry::Orphan(o) = e
            && !o.span.is_empty()
            && !o.placed
        {
            problems.unplaced(view, TableId::Table3, o.span.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[test]
    fn longest_increasing_keeps_the_statutory_order() {
        let xs = [0, 1, 2, 12, 9, 10, 11, 15];
        let idx = longest_increasing(&xs);
        let vals: Vec<usize> = idx.iter().map(|&i| xs[i]).collect();
        assert_eq!(vals, [0, 1, 2, 9, 10, 11, 15]);
        assert!(longest_increasing(&[]).is_empty());
    }
}
