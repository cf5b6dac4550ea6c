//! Across bodies: C-COPY (prose shared with other bodies' reports) and C-OUTLIER (values far
//! above comparable bodies).

use crate::minhash::{Cluster, CopyIndex};
use crate::years::{cell_key, cite};
use crate::{CrossFinding, Detail, Distribution, Doc, Options, Passage, Side};
use gongkai_check::catalogue::{C_COPY, C_OUTLIER};
use gongkai_format::TableId;
use gongkai_format::keys::{t2, t3, t4};
use std::collections::{BTreeMap, HashMap};

/// C-COPY over a batch: the clusters (boilerplate ones left out) and a finding for each
/// report whose prose lies in clusters with other bodies beyond the threshold.
pub fn copies(docs: &[Doc<'_>], opts: &Options) -> (Vec<CrossFinding>, Vec<Cluster>) {
    let mut index = CopyIndex::new(opts.near_duplicate, opts.min_paragraph);
    for d in docs {
        index.add(d.body.map(|b| b.key.as_str()), d.text, Some(d.report));
    }
    let clusters: Vec<Cluster> = index
        .clusters(opts.boilerplate_share, opts.boilerplate_min_bodies)
        .into_iter()
        .filter(|c| !c.boilerplate)
        .collect();
    // Per report: its paragraphs in clusters, each with a paragraph of another body.
    let mut shared: BTreeMap<usize, Vec<Passage>> = BTreeMap::new();
    for c in &clusters {
        for m in &c.members {
            let body = index.body_of(m.doc);
            let Some(o) = c.members.iter().find(|o| index.body_of(o.doc) != body) else {
                continue;
            };
            let list = shared.entry(m.doc).or_default();
            if list.iter().all(|p| p.this != m.span) {
                list.push(Passage {
                    this: m.span.clone(),
                    other_doc: o.doc,
                    other: o.span.clone(),
                    chars: m.chars,
                });
            }
        }
    }
    let mut out = Vec::new();
    for (doc, mut passages) in shared {
        let Some(d) = docs.get(doc) else { continue };
        let prose = index.prose_chars(doc);
        let copied: usize = passages.iter().map(|p| p.chars).sum();
        if prose == 0 {
            continue;
        }
        let share = copied as f64 / prose as f64;
        if share <= opts.copy_share {
            continue;
        }
        passages.sort_by_key(|p| std::cmp::Reverse(p.chars));
        let mut others: Vec<usize> = passages.iter().map(|p| p.other_doc).collect();
        others.sort_unstable();
        others.dedup();
        let names: Vec<String> = others
            .iter()
            .filter_map(|&o| docs.get(o))
            .map(|o| name_of(o))
            .collect();
        let mut f = C_COPY.finding(format!(
            "正文 {:.0}% 与其他机关的报告实质相同（阈值 {:.0}%）：{}",
            share * 100.0,
            opts.copy_share * 100.0,
            names.join("、")
        ));
        for p in passages.iter().take(5) {
            f = f.with_evidence(
                p.this.clone(),
                d.line_of(p.this.start),
                format!("{} 字", p.chars),
            );
        }
        let mut cf = CrossFinding::new(doc, f);
        for &o in &others {
            let Some(od) = docs.get(o) else { continue };
            cf.others.push(Side {
                doc: o,
                cells: Vec::new(),
                evidence: passages
                    .iter()
                    .filter(|p| p.other_doc == o)
                    .take(5)
                    .map(|p| od.evidence(p.other.clone(), "相同段落".to_owned()))
                    .collect(),
            });
        }
        cf.detail = Detail::Copy { share, passages };
        out.push(cf);
    }
    (out, clusters)
}

fn name_of(d: &Doc<'_>) -> String {
    d.body
        .map(|b| b.name.clone())
        .or_else(|| d.report.meta.org.as_ref().map(|o| o.value.clone()))
        .unwrap_or_else(|| d.report.source.path.clone())
}

/// The cells compared across bodies: what a body handled in the year.
const OUTLIER_CELLS: &[(TableId, &str, &str)] = &[
    (TableId::Table3, t3::row::NEW_RECEIVED, t3::col::TOTAL),
    (TableId::Table3, t3::row::TOTAL, t3::col::TOTAL),
    (TableId::Table4, t4::group::REVIEW, t4::col::TOTAL),
    (
        TableId::Table4,
        t4::group::LITIGATION_DIRECT,
        t4::col::TOTAL,
    ),
    (TableId::Table2, t2::row::LICENSING, t2::col::DECISIONS),
    (TableId::Table2, t2::row::PUNISHMENT, t2::col::DECISIONS),
    (TableId::Table2, t2::row::ENFORCEMENT, t2::col::DECISIONS),
    (TableId::Table2, t2::row::FEES, t2::col::AMOUNT),
];

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let (a, b) = (
        sorted[lo.min(sorted.len() - 1)],
        sorted[hi.min(sorted.len() - 1)],
    );
    a + (b - a) * (pos - lo as f64)
}

/// C-OUTLIER: for each cell, reports grouped by body kind, year and province (or kind and
/// year where the province has too few); a value above the upper quartile by more than
/// `outlier_fence` interquartile ranges on a log scale is reported with the distribution.
pub fn outliers(docs: &[Doc<'_>], opts: &Options) -> Vec<CrossFinding> {
    let mut out = Vec::new();
    for &(table, row, col) in OUTLIER_CELLS {
        // group key → (doc, value)
        let mut fine: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
        let mut coarse: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
        let mut keys: Vec<(usize, String, String)> = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let (Some(body), Some(year)) = (d.body, d.year()) else {
                continue;
            };
            let Some(v) = d.report.table(table).value(row, col) else {
                continue;
            };
            let province = body
                .region
                .as_ref()
                .and_then(|r| r.path.first())
                .map_or("", |p| p.name.as_str());
            let c = format!("{} {year}", body.kind.name_zh());
            let f = format!("{province}{c}");
            fine.entry(f.clone()).or_default().push((i, v.as_f64()));
            coarse.entry(c.clone()).or_default().push((i, v.as_f64()));
            keys.push((i, f, c));
        }
        for (i, f, c) in keys {
            let (group, values) = match fine.get(&f) {
                Some(v) if v.len() >= opts.outlier_min_group => (f, v),
                _ => match coarse.get(&c) {
                    Some(v) if v.len() >= opts.outlier_min_group => (c, v),
                    _ => continue,
                },
            };
            let Some(&(_, x)) = values.iter().find(|(d, _)| *d == i) else {
                continue;
            };
            if x < opts.outlier_min_value {
                continue;
            }
            let mut logs: Vec<f64> = values.iter().map(|(_, v)| v.max(0.0).ln_1p()).collect();
            logs.sort_by(f64::total_cmp);
            let (q1, q3) = (quantile(&logs, 0.25), quantile(&logs, 0.75));
            let fence = q3 + opts.outlier_fence * (q3 - q1).max(1.0);
            if x.ln_1p() <= fence {
                continue;
            }
            let mut raw: Vec<f64> = values.iter().map(|(_, v)| *v).collect();
            raw.sort_by(f64::total_cmp);
            let dist = Distribution {
                group: group.clone(),
                n: raw.len(),
                min: raw.first().copied().unwrap_or(0.0),
                q1: quantile(&raw, 0.25),
                median: quantile(&raw, 0.5),
                q3: quantile(&raw, 0.75),
                max: raw.last().copied().unwrap_or(0.0),
                fence: fence.exp_m1(),
            };
            let Some(d) = docs.get(i) else { continue };
            let Some(cell) = d.report.table(table).cell(row, col) else {
                continue;
            };
            let f = C_OUTLIER.finding(format!(
                "{} = {x}，远高于同类机关（{group}，{} 份）：中位数 {:.1}，上四分位 {:.1}，最大 {:.1}，界限 {:.1}",
                cell_key(table, row, col),
                dist.n,
                dist.median,
                dist.q3,
                dist.max,
                dist.fence
            ));
            let mut cf = CrossFinding::new(i, cite(f, d, table, row, cell));
            cf.detail = Detail::Outlier(dist);
            out.push(cf);
        }
    }
    out
}
