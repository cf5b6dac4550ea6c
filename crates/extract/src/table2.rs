//! Table 2: blocks of article-20 items, each with its column headers and rows. Rows are read by
//! label; a row has no identity of its own, so digits that ran together are read only when the
//! split is forced (as many digits as cells).

use crate::blanks;
use crate::labels::{Catalogue, Editions, Hit, Meaning};
use crate::regions::Region;
use crate::rows::{self, Identity, Shape};
use crate::tokens::{self, Tok};
use crate::view::View;
use crate::{Problems, cell_of};
use gongkai_decode::compact_label;
use gongkai_format::{BlockDef, CellRef, Edition, TableId, ValueKind, edition_def};
use gongkai_report::{EditionMark, HeaderSeen, Placement, Row, Table};
use std::ops::Range;

pub fn read(
    view: &View<'_>,
    region: &Region,
    hint: Option<Edition>,
    problems: &mut Problems,
) -> Table {
    let cat = Catalogue::get();
    let norm = view.norm_str();
    let hits = &region.hits;
    let region_end = view.norm_offset(region.end);
    let mut table = Table::new(TableId::Table2);
    table.span = Some(view.to_source(view.to_norm(region.start..region.end)));

    let edition = edition_of(view, cat, hits, hint, &mut table);
    table.edition = Some(edition);

    let mut read_keys: Vec<&'static str> = Vec::new();
    let mut evidence = blanks::Evidence::default();
    // Statements of the prose, read only when a row needs them.
    let facts: std::cell::OnceCell<Vec<gongkai_narrative::Fact>> = std::cell::OnceCell::new();
    // Rows that printed nothing: (key, label, columns).
    let mut empty: Vec<(&'static str, std::ops::Range<usize>, &'static BlockDef)> = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        let Some(key) = cat.meanings(h).iter().find_map(|m| match m {
            Meaning::T2Row { key, .. } => Some(*key),
            _ => None,
        }) else {
            // Numbers after a header or marker that no row label claims.
            let from = view.to_norm(h.start..h.end).end;
            let to = hits
                .get(i + 1)
                .map_or(region_end, |nx| view.norm_offset(nx.start));
            let gap = tokens::gap(view, from..to.max(from));
            for group in gap_groups(&gap) {
                let widest = edition_def(edition)
                    .table2
                    .blocks
                    .iter()
                    .map(|b| b.columns.len())
                    .min()
                    .unwrap_or(1);
                evidence.leftover(
                    rows::could_be_row(&group, widest.max(2), norm),
                    group
                        .iter()
                        .any(|t| matches!(t.kind, tokens::TokKind::Value { .. })),
                );
            }
            continue;
        };
        if read_keys.contains(&key) {
            continue;
        }
        // The row's block in the table's edition, or in the other one (E-MIXED reports it).
        let Some((block, rowdef)) = edition_def(edition)
            .table2
            .row(key)
            .or_else(|| edition_def(edition.other()).table2.row(key))
        else {
            continue;
        };
        let n = block.columns.len();
        let from = view.to_norm(h.start..h.end).end;
        let to = hits
            .get(i + 1)
            .map_or(region_end, |nx| view.norm_offset(nx.start));
        let gap = tokens::gap(view, from..to.max(from));
        let label = view.to_norm(h.start..h.end);
        let attached = rows::attach(&gap, n);
        evidence.row(&gap, attached.row.as_deref(), n);
        for o in &attached.orphans {
            evidence.leftover(rows::could_be_row(o, n, norm), true);
        }
        let Some(toks) = attached.row else {
            if blanks::nothing_printed(&gap) && blanks::closed(view, to) {
                empty.push((key, label, block));
            }
            continue;
        };
        if blanks::cut_off(view, &gap, to, &toks, n) {
            problems.cut(view, TableId::Table2, key, rowdef.label, label);
            continue;
        }
        let signed: Vec<bool> = block
            .columns
            .iter()
            .map(|c| c.kind == ValueKind::SignedCount)
            .collect();
        let r = rows::readings(
            &toks,
            Shape {
                n,
                identity: Identity::None,
                signed: &signed,
            },
            norm,
        );
        if r.is_empty() && !r.illegible {
            continue;
        }
        read_keys.push(key);
        let settled = r.settled().or_else(|| {
            // Digits that ran together, split the one way the report's own text states the
            // figures (制发规范性文件88件……现行有效698件).
            let facts = facts.get_or_init(|| gongkai_narrative::facts(norm));
            let (reading, stated) = by_prose(facts, &r, key, block, edition)?;
            problems.stated(view, key, rowdef.label, &stated, &reading);
            Some((reading, Placement::Prose))
        });
        match settled {
            Some((reading, how)) => table.rows.push(Row {
                key,
                cells: block
                    .columns
                    .iter()
                    .zip(reading)
                    .map(|(c, s)| cell_of(view, c.key, &s, how))
                    .collect(),
                label: Some(view.to_source(label)),
            }),
            None => {
                problems.ambiguous(view, TableId::Table2, &[key], rowdef.label, &r, Some(label))
            }
        }
    }
    if !empty.is_empty() && evidence.blank_rows_dropped() {
        let mut keys = Vec::new();
        for (key, label, block) in empty {
            if read_keys.contains(&key) || table.rows.iter().any(|r| r.key == key) {
                continue;
            }
            read_keys.push(key);
            keys.push(key);
            table.rows.push(blanks::inferred_row(
                view,
                key,
                block.columns.iter().map(|c| c.key),
                label,
            ));
        }
        problems.inferred(TableId::Table2, &keys, !evidence.any_value);
    }
    // Rows in template order.
    let order: Vec<&str> = edition_def(edition)
        .table2
        .rows()
        .map(|(_, r)| r.key)
        .collect();
    table
        .rows
        .sort_by_key(|r| order.iter().position(|k| *k == r.key).unwrap_or(usize::MAX));
    table.headers = headers(view, cat, hits, edition);
    table
}

/// Edition marks: headers, rows and block markers printed in only one edition.
fn edition_of(
    view: &View<'_>,
    cat: &Catalogue,
    hits: &[Hit],
    hint: Option<Edition>,
    table: &mut Table,
) -> Edition {
    for h in hits {
        let span = view.to_source(view.to_norm(h.start..h.end));
        let label = &view.compact_str()[h.core_start..h.end];
        let mut eds = Editions::default();
        let mut any = false;
        for m in cat.meanings(h) {
            match m {
                Meaning::T2Column {
                    editions,
                    misprint: false,
                    ..
                }
                | Meaning::T2Row { editions, .. }
                | Meaning::T2Marker { editions, .. } => {
                    eds = eds.union(*editions);
                    any = true;
                }
                _ => {}
            }
        }
        if let (true, Some(e)) = (any, eds.only()) {
            table.marks.push(EditionMark {
                edition: e,
                label: official(e, label),
                span,
            });
        }
    }
    let count = |e: Edition| table.marks.iter().filter(|m| m.edition == e).count();
    match (count(Edition::E2019), count(Edition::E2021)) {
        (0, 0) => hint.unwrap_or(Edition::E2021),
        (a, b) if a > b => Edition::E2019,
        _ => Edition::E2021,
    }
}

/// The official spelling of a label printed in a document, for messages.
fn official(e: Edition, printed: &str) -> &'static str {
    let t2 = edition_def(e).table2;
    for b in t2.blocks {
        if compact_label(b.marker) == printed {
            return b.marker;
        }
        for c in b.columns {
            if c.spellings().any(|s| compact_label(s) == printed) {
                return c.label;
            }
        }
        for r in b.rows {
            if r.texts.iter().any(|t| compact_label(t) == printed) {
                return r.label;
            }
        }
    }
    ""
}

/// The header printed in each block (between its marker and its first row), compared with the
/// edition's. Blocks whose header is not printed there are skipped.
fn headers(view: &View<'_>, cat: &Catalogue, hits: &[Hit], edition: Edition) -> Vec<HeaderSeen> {
    let compact = view.compact_str();
    let t2 = edition_def(edition).table2;
    let row_header = compact_label(t2.row_header);
    let mut out = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        let Some(item) = cat.meanings(h).iter().find_map(|m| match m {
            Meaning::T2Marker { item, .. } => Some(*item),
            _ => None,
        }) else {
            continue;
        };
        let Some(block) = t2.blocks.iter().find(|b| b.item == item) else {
            continue;
        };
        let end = hits[i + 1..]
            .iter()
            .find(|n| {
                cat.meanings(n)
                    .iter()
                    .any(|m| matches!(m, Meaning::T2Row { .. } | Meaning::T2Marker { .. }))
            })
            .map_or(h.end, |n| n.start);
        // The printed header (compact), without page furniture that printing put in between.
        let nr = view.to_norm(h.end..end.max(h.end));
        let furniture = furniture_lines(view.norm_str(), nr.clone());
        let zone: String = compact[h.end..end.max(h.end)]
            .char_indices()
            .filter(|(i, _)| {
                let n = view.norm_offset(h.end + i);
                !furniture.iter().any(|f| f.contains(&n))
            })
            .map(|(_, c)| c)
            .collect();
        let printed = zone.replacen(&row_header, "", 1);
        if printed.is_empty() || accepted(block).contains(&printed) {
            continue;
        }
        let expected: String = block
            .columns
            .iter()
            .map(|c| compact_label(c.label))
            .collect();
        out.push(HeaderSeen {
            item,
            printed,
            expected,
            span: view.to_source(nr),
        });
    }
    out
}

/// Ranges of the lines in `r` that are page furniture (`第 2 页`).
fn furniture_lines(norm: &str, r: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut pos = norm[..r.start].rfind('\n').map_or(0, |i| i + 1);
    while pos < r.end {
        let end = norm[pos..].find('\n').map_or(norm.len(), |i| pos + i);
        if crate::tokens::is_furniture(&norm[pos..end]) {
            out.push(pos..end);
        }
        pos = end + 1;
    }
    out
}

/// Every accepted way to print a block's header (official labels and accepted variants).
fn accepted(block: &BlockDef) -> Vec<String> {
    let mut acc = vec![String::new()];
    for c in block.columns {
        let spellings: Vec<String> = c.spellings().map(compact_label).collect();
        acc = acc
            .iter()
            .flat_map(|a| spellings.iter().map(move |s| format!("{a}{s}")))
            .collect();
    }
    acc
}

/// The one reading of an undecided row whose values agree with every figure the text states
/// for the row's cells, when the text states at least one and exactly one reading agrees
/// (readings that agree on the numbers count once). Returns it with the statements used.
fn by_prose(
    facts: &[gongkai_narrative::Fact],
    r: &rows::Readings,
    key: &'static str,
    block: &BlockDef,
    edition: Edition,
) -> Option<(rows::Reading, Vec<Range<usize>>)> {
    let mut stated: Vec<(usize, f64, Range<usize>)> = Vec::new();
    for (i, c) in block.columns.iter().enumerate() {
        let cell = CellRef {
            table: TableId::Table2,
            row: key,
            col: c.key,
        };
        let said = gongkai_narrative::stated(facts, &cell, edition);
        let values: Vec<f64> = said.iter().map(|f| f.value.as_f64()).collect();
        // Two statements of the same cell that disagree decide nothing.
        if let Some(f) = said.first()
            && values.iter().all(|v| (v - values[0]).abs() < 1e-6)
        {
            stated.push((i, values[0], f.span.clone()));
        }
    }
    if stated.is_empty() {
        return None;
    }
    let fits = |reading: &rows::Reading| {
        stated.iter().all(|(i, v, _)| {
            reading
                .get(*i)
                .is_some_and(|s| (s.value().as_f64() - v).abs() < 1e-6)
        })
    };
    let mut agreeing: Vec<&rows::Reading> = r.list.iter().filter(|x| fits(x)).collect();
    let first = *agreeing.first()?;
    agreeing.retain(|x| !rows::same_numbers(x, first));
    if !agreeing.is_empty() {
        return None;
    }
    Some((
        first.clone(),
        stated.into_iter().map(|(_, _, s)| s).collect(),
    ))
}

/// The groups of cells in a gap: the inline cells, each line, the cells before the next label.
fn gap_groups(gap: &tokens::Gap) -> Vec<Vec<Tok>> {
    std::iter::once(gap.inline.clone())
        .chain(gap.lines.iter().cloned())
        .chain(std::iter::once(gap.before_next.clone()))
        .filter(|g| g.iter().any(Tok::is_filled))
        .collect()
}
