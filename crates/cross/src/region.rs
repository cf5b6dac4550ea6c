//! R-SUMMARY: a government's report that states it sums up its region (全区/全县汇总)
//! against the sum of the reports of its parts in the batch.
//!
//! The parts of a government are the departments of its own division and the governments
//! and street offices one level below (their own reports sum up what lies below them, so
//! deeper bodies are not added again). A part is missing when the batch holds a report of it
//! for another year but none for this one.

use crate::years::{cell_key, cite};
use crate::{CellDiff, CrossFinding, Detail, Doc};
use gongkai_bodies::{BodyKind, Identity};
use gongkai_check::catalogue::R_SUMMARY;
use gongkai_format::TableId;
use gongkai_report::Num;
use std::collections::BTreeSet;

/// Phrases by which a government's report says its tables sum up the whole region rather
/// than the government itself (本级).
const SUMMARY_MARKERS: &[&str] = &[
    "全区汇总",
    "全县汇总",
    "全市汇总",
    "全旗汇总",
    "全省汇总",
    "汇总数据",
    "数据为汇总",
    "含各部门",
    "含所属各部门",
    "含各乡镇",
    "含各乡镇（街道）",
];

fn is_government(kind: BodyKind) -> bool {
    matches!(
        kind,
        BodyKind::ProvincialGovernment | BodyKind::CityGovernment | BodyKind::CountyGovernment
    )
}

/// Whether `part` is a direct part of the government `gov`.
fn is_part(gov: &Identity, part: &Identity) -> bool {
    let (Some(g), Some(p)) = (&gov.region, &part.region) else {
        return false;
    };
    if gov.key == part.key {
        return false;
    }
    match part.kind {
        BodyKind::Department => p.code == g.code,
        _ => {
            p.path.len() == g.path.len() + 1
                && p.path
                    .get(..g.path.len())
                    .is_some_and(|a| a == g.path.as_slice())
        }
    }
}

/// Where the report says it sums up its region, if it does.
pub fn summary_claim(text: &str) -> Option<(usize, &'static str)> {
    SUMMARY_MARKERS
        .iter()
        .filter_map(|m| text.find(m).map(|i| (i, *m)))
        .min()
}

pub fn summaries(docs: &[Doc<'_>]) -> Vec<CrossFinding> {
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let (Some(gov), Some(year)) = (d.body, d.year()) else {
            continue;
        };
        if !is_government(gov.kind) {
            continue;
        }
        let Some((at, marker)) = summary_claim(d.text) else {
            continue;
        };
        let mut parts = Vec::new();
        let mut seen_other_years = BTreeSet::new();
        let mut present = BTreeSet::new();
        for (j, p) in docs.iter().enumerate() {
            let Some(pb) = p.body else { continue };
            if !is_part(gov, pb) {
                continue;
            }
            if p.year() == Some(year) {
                parts.push(j);
                present.insert(pb.name.clone());
            } else {
                seen_other_years.insert(pb.name.clone());
            }
        }
        let missing: Vec<String> = seen_other_years.difference(&present).cloned().collect();
        if parts.is_empty() {
            continue;
        }
        let mut diffs = Vec::new();
        let mut f_cells = Vec::new();
        for row in &d.report.table3.rows {
            for c in &row.cells {
                let vals: Option<Vec<Num>> = parts
                    .iter()
                    .map(|&j| {
                        docs.get(j)
                            .and_then(|p| p.report.table3.value(row.key, c.col))
                    })
                    .collect();
                let Some(vals) = vals else { continue };
                let sum = Num::sum(vals);
                if !sum.same(c.value) {
                    diffs.push(CellDiff {
                        cell: cell_key(TableId::Table3, row.key, c.col),
                        summary: c.value.as_f64(),
                        parts: sum.as_f64(),
                    });
                    f_cells.push((row.key, c));
                }
            }
        }
        if diffs.is_empty() && missing.is_empty() {
            continue;
        }
        let mut msg = format!(
            "报告称为汇总数据（“{marker}”），表三有 {} 个单元格与所属 {} 个单位报告之和不符",
            diffs.len(),
            parts.len()
        );
        if let Some(first) = diffs.first() {
            msg.push_str(&format!(
                "，如 {}：汇总 {}，各单位之和 {}",
                first.cell, first.summary, first.parts
            ));
        }
        if !missing.is_empty() {
            msg.push_str(&format!("；本年缺少报告的单位：{}", missing.join("、")));
        }
        let mut f =
            R_SUMMARY
                .finding(msg)
                .with_evidence(at..at + marker.len(), d.line_of(at), "汇总声明");
        for (row, c) in f_cells.iter().take(10) {
            f = cite(f, d, TableId::Table3, row, c);
        }
        let mut cf = CrossFinding::new(i, f);
        for &j in &parts {
            let Some(p) = docs.get(j) else { continue };
            let cells: Vec<_> = f_cells
                .iter()
                .take(10)
                .filter_map(|(row, c)| p.report.table3.cell(row, c.col).map(|pc| (*row, pc)))
                .collect();
            cf.others
                .push(crate::years::side(j, p, TableId::Table3, &cells));
        }
        cf.detail = Detail::Summary {
            diffs,
            parts: parts.clone(),
            missing,
        };
        out.push(cf);
    }
    out
}
