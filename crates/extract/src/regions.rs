//! Where each table is: found by its own labels, which cluster where the table is printed
//! (a label mentioned in the narrative stands alone), and bounded by the next table or section.

use crate::labels::{Catalogue, Hit, Meaning};
use crate::sections::Headings;
use std::collections::HashSet;

/// A table's extent in the compact view, with the labels inside it.
#[derive(Clone, Debug)]
pub struct Region {
    pub start: usize,
    pub end: usize,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Default)]
pub struct Regions {
    pub t2: Option<Region>,
    pub t3: Option<Region>,
    pub t4: Option<Region>,
}

/// Labels further apart than this (in compact characters, not bytes) belong to different
/// clusters.
const MAX_GAP: usize = 400;

/// Whether two labels are close: at most [`MAX_GAP`] characters between them.
fn near(compact: &str, a: &Hit, b: &Hit) -> bool {
    b.start <= a.end
        || compact
            .get(a.end..b.start)
            .is_some_and(|t| t.len() <= MAX_GAP || t.chars().count() <= MAX_GAP)
}

pub fn locate(cat: &Catalogue, hits: &[Hit], heads: &Headings, compact: &str) -> Regions {
    let doc_end = compact.len();
    let mut r = Regions::default();
    let is3 = |h: &Hit| cat.meanings(h).iter().any(Meaning::is_table3);
    let is2 = |h: &Hit| cat.meanings(h).iter().any(Meaning::is_table2);
    let is4 = |h: &Hit| {
        cat.meanings(h)
            .iter()
            .any(|m| matches!(m, Meaning::T4Header))
    };

    // Table 3: the cluster naming the most distinct rows. A short table (an excerpt, a report
    // printing only the rows it uses) counts when its column header or balance caption is
    // there, or when it sits in section 三.
    let section3 = heads.starts[2].map(|s| s..heads.next_after(s, 4).unwrap_or(doc_end));
    let t3_score = |c: &[Hit]| {
        let keys = distinct_keys(cat, c, true);
        let headed = c.iter().any(|h| {
            cat.meanings(h)
                .iter()
                .any(|m| matches!(m, Meaning::T3Header | Meaning::T3Caption))
        });
        let in_section = section3
            .as_ref()
            .is_some_and(|r| c.first().is_some_and(|h| r.contains(&h.start)));
        if (1..3).contains(&keys) && (headed || in_section) {
            3
        } else {
            keys
        }
    };
    let t3 = best_cluster(compact, hits, 0..doc_end, &is3, t3_score, 3);
    if let Some((a, b)) = t3 {
        let start = hits[a].start;
        let last = hits[b].start;
        let next_other = hits[b + 1..].iter().find(|h| !is3(h)).map(|h| h.start);
        let end = [next_other, heads.next_after(last, 4)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(doc_end);
        r.t3 = Some(region(hits, start, end));
    }

    // Table 2: before table 3.
    let limit = r.t3.as_ref().map_or(doc_end, |t| t.start);
    let t2 = best_cluster(
        compact,
        hits,
        0..limit,
        &is2,
        |c| distinct_keys(cat, c, false),
        2,
    )
    .map(|(a, b)| (a, extend_by_markers(cat, compact, hits, a, b, limit, &is2)));
    if let Some((a, b)) = t2 {
        let first_marker = hits[a..=b].iter().find(|h| {
            cat.meanings(h)
                .iter()
                .any(|m| matches!(m, Meaning::T2Marker { .. } | Meaning::T2RowHeader))
        });
        let start = first_marker.map_or(hits[a].start, |h| h.start);
        let last = hits[b].start;
        let next_other = hits[b + 1..].iter().find(|h| !is2(h)).map(|h| h.start);
        let end = [next_other, heads.next_after(last, 3), Some(limit)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(doc_end);
        r.t2 = Some(region(hits, start, end));
    }

    // Table 4: the first run of its headers after table 3 (or after table 2).
    let after = r.t3.as_ref().or(r.t2.as_ref()).map_or(0, |t| t.end);
    let first4 = hits.iter().position(|h| h.start >= after && is4(h));
    if let Some(i) = first4 {
        let mut j = i;
        while let Some(n) = hits.get(j + 1) {
            if is4(n) && near(compact, &hits[j], n) {
                j += 1;
            } else {
                break;
            }
        }
        let heading = heads.starts[3].filter(|&s| s >= after && s <= hits[i].start);
        let start = heading.unwrap_or(hits[i].start);
        let end = heads.next_after(hits[j].start, 5).unwrap_or(doc_end);
        // Only the table's own headers: later mentions of 行政复议 in the text are not labels.
        let mut reg = region(hits, start, end);
        reg.hits.retain(|h| h.start <= hits[j].start);
        r.t4 = Some(reg);
    }
    r
}

fn region(hits: &[Hit], start: usize, end: usize) -> Region {
    Region {
        start,
        end,
        hits: hits
            .iter()
            .filter(|h| h.start >= start && h.end <= end)
            .copied()
            .collect(),
    }
}

/// Distinct row keys (table 3 or table 2) plus table 2 block markers.
fn distinct_keys(cat: &Catalogue, cluster: &[Hit], t3: bool) -> usize {
    let mut keys: HashSet<&'static str> = HashSet::new();
    let mut markers = 0;
    for h in cluster {
        for m in cat.meanings(h) {
            match m {
                Meaning::T3Row { key, .. } if t3 => {
                    keys.insert(key);
                }
                Meaning::T2Row { key, .. } if !t3 => {
                    keys.insert(key);
                }
                Meaning::T2Marker { .. } if !t3 => markers += 1,
                _ => {}
            }
        }
    }
    keys.len() + markers
}

/// Table 2 continues past a long gap (long annotated labels, a note between blocks) when the
/// labels after it carry the next article-20 markers in order: the cluster is extended over
/// every later run of table-2 labels that starts with a marker of a higher item than the last
/// one seen, up to `limit`.
fn extend_by_markers(
    cat: &Catalogue,
    compact: &str,
    hits: &[Hit],
    first: usize,
    mut last: usize,
    limit: usize,
    is2: &dyn Fn(&Hit) -> bool,
) -> usize {
    let marker = |h: &Hit| {
        cat.meanings(h).iter().find_map(|m| match m {
            Meaning::T2Marker { item, .. } => Some(*item),
            _ => None,
        })
    };
    let mut top = hits[first..=last]
        .iter()
        .filter_map(marker)
        .max()
        .unwrap_or(0);
    loop {
        // The next table-2 label after the cluster.
        let Some(next) = (last + 1..hits.len()).find(|&i| hits[i].end <= limit && is2(&hits[i]))
        else {
            return last;
        };
        // Nothing of another table in between.
        if hits[last + 1..next].iter().any(|h| !is2(h)) {
            return last;
        }
        match marker(&hits[next]) {
            Some(item) if item > top => top = item,
            _ if near(compact, &hits[last], &hits[next]) => {}
            _ => return last,
        }
        last = next;
    }
}

/// Indices (first, last) of the best cluster of hits matching `pred` within `range`.
fn best_cluster(
    compact: &str,
    hits: &[Hit],
    range: std::ops::Range<usize>,
    pred: &dyn Fn(&Hit) -> bool,
    score: impl Fn(&[Hit]) -> usize,
    min_score: usize,
) -> Option<(usize, usize)> {
    let idx: Vec<usize> = (0..hits.len())
        .filter(|&i| hits[i].start >= range.start && hits[i].end <= range.end && pred(&hits[i]))
        .collect();
    let mut best: Option<(usize, (usize, usize))> = None;
    let mut k = 0;
    while k < idx.len() {
        let mut e = k;
        while e + 1 < idx.len() && near(compact, &hits[idx[e]], &hits[idx[e + 1]]) {
            e += 1;
        }
        let members: Vec<Hit> = idx[k..=e].iter().map(|&i| hits[i]).collect();
        let s = score(&members);
        if s >= min_score && best.is_none_or(|(bs, _)| s > bs) {
            best = Some((s, (idx[k], idx[e])));
        }
        k = e + 1;
    }
    best.map(|(_, c)| c)
}
