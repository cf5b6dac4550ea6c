//! Rules of table 2: signs, headers, in-force counts, public totals, regulations, fee units.

use crate::catalogue::{
    Rule, T2_FEE_UNIT, T2_HEADER, T2_INFORCE, T2_NONNEG, T2_PUBLIC, T2_REGULATIONS,
};
use crate::ctx::{Ctx, cite, cite_cell, row_label};
use gongkai_format::keys::t2::{col, row};
use gongkai_format::{Edition, TableId, ValueKind, edition_def};
use gongkai_report::{BodyKind, Finding, Num};

const T: TableId = TableId::Table2;

pub(crate) static EMITS: &[&Rule] = &[
    &T2_NONNEG,
    &T2_FEE_UNIT,
    &T2_INFORCE,
    &T2_PUBLIC,
    &T2_REGULATIONS,
    &T2_HEADER,
];

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = &ctx.report.table2;
    if t.span.is_none() {
        out.push(T2_NONNEG.not_assessable("表二未找到，无法检查"));
        return;
    }
    let edition = ctx.edition(t).unwrap_or(Edition::E2021);
    nonneg(ctx, edition, out);
    headers(ctx, out);
    match edition {
        Edition::E2021 => in_force(ctx, out),
        Edition::E2019 => public_total(ctx, out),
    }
    regulations(ctx, out);
    fee_unit(ctx, out);
}

fn kind_of(edition: Edition, row: &str, col: &str) -> Option<ValueKind> {
    let (block, _) = edition_def(edition)
        .table2
        .row(row)
        .or_else(|| edition_def(edition.other()).table2.row(row))?;
    block.columns.iter().find(|c| c.key == col).map(|c| c.kind)
}

fn nonneg(ctx: &Ctx<'_>, edition: Edition, out: &mut Vec<Finding>) {
    for r in &ctx.report.table2.rows {
        for c in &r.cells {
            let signed = kind_of(edition, r.key, c.col) == Some(ValueKind::SignedCount);
            if c.value.is_negative() && !signed {
                let msg = format!(
                    "表二 {}（{}）.{} 为 {}：只有“本年增/减”可以为负",
                    r.key,
                    row_label(T, Some(edition), r.key),
                    c.col,
                    c.value
                );
                out.push(cite_cell(T2_NONNEG.finding(msg), T, r.key, c));
            }
        }
    }
}

fn headers(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for h in &ctx.report.table2.headers {
        let msg = format!(
            "表二第二十条第（{}）项的列标题为“{}”，版式应为“{}”",
            gongkai_format::NUMERALS
                .get(usize::from(h.item).saturating_sub(1))
                .unwrap_or(&"?"),
            h.printed,
            h.expected
        );
        out.push(
            T2_HEADER
                .finding(msg)
                .with_evidence(h.span.clone(), ctx.line_of(h.span.start), "列标题")
                .with_help("列标题与版式不一致，常见于从其他分块或旧版式复制的表格"),
        );
    }
}

fn in_force(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for key in [row::REGULATIONS, row::NORMATIVE_DOCUMENTS] {
        let Some(r) = ctx.report.table2.row(key) else {
            continue;
        };
        let (Some(issued), Some(in_force)) = (r.cell(col::ISSUED), r.cell(col::IN_FORCE)) else {
            continue;
        };
        if issued.value.as_f64() > 0.0 && in_force.value.same(Num::ZERO) {
            let msg = format!(
                "表二 {key}：本年制发 {} 件，现行有效件数却为 0",
                issued.value
            );
            out.push(cite(
                T2_INFORCE.finding(msg),
                T,
                r,
                &[col::ISSUED, col::IN_FORCE],
            ));
        }
    }
}

fn public_total(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for key in [row::REGULATIONS, row::NORMATIVE_DOCUMENTS] {
        let Some(r) = ctx.report.table2.row(key) else {
            continue;
        };
        let (Some(p), Some(tp)) = (r.cell(col::PUBLISHED), r.cell(col::TOTAL_PUBLIC)) else {
            continue;
        };
        if tp.value.as_f64() < p.value.as_f64() {
            let msg = format!(
                "表二 {key}：对外公开总数量 {} 小于本年新公开数量 {}",
                tp.value, p.value
            );
            out.push(cite(
                T2_PUBLIC.finding(msg),
                T,
                r,
                &[col::PUBLISHED, col::TOTAL_PUBLIC],
            ));
        }
    }
}

fn regulations(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let kind = ctx.report.meta.body_kind;
    if !matches!(kind, Some(BodyKind::Township | BodyKind::StreetOffice)) {
        return;
    }
    let Some(r) = ctx.report.table2.row(row::REGULATIONS) else {
        return;
    };
    let nonzero: Vec<&str> = r
        .cells
        .iter()
        .filter(|c| !c.value.same(Num::ZERO))
        .map(|c| c.col)
        .collect();
    if nonzero.is_empty() {
        return;
    }
    let msg = format!(
        "{}没有规章制定权，表二规章栏却填有数字",
        kind.map_or("", BodyKind::name_zh)
    );
    out.push(cite(T2_REGULATIONS.finding(msg), T, r, &nonzero));
}

/// Amounts in 万元 that look like 元: above what the kind of body plausibly collects.
fn fee_unit(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    // 万元. A township collecting 10 million yuan in fees is implausible; a department,
    // one billion.
    let limit = match ctx.report.meta.body_kind {
        Some(BodyKind::Township | BodyKind::StreetOffice) => 1_000.0,
        Some(BodyKind::Department | BodyKind::CountyGovernment) => 100_000.0,
        Some(BodyKind::CityGovernment | BodyKind::ProvincialGovernment) | None => return,
    };
    for (row, col) in [(row::FEES, col::AMOUNT), (row::PROCUREMENT, col::AMOUNT)] {
        let Some(r) = ctx.report.table2.row(row) else {
            continue;
        };
        let Some(c) = r.cell(col) else { continue };
        if c.value.as_f64() >= limit && !c.converted_from_yuan {
            let msg = format!(
                "表二 {row}.{col} 为 {} 万元，对{}而言过大，疑似把“元”填入了“万元”栏",
                c.value,
                ctx.report
                    .meta
                    .body_kind
                    .map_or("该机关", BodyKind::name_zh)
            );
            out.push(cite_cell(T2_FEE_UNIT.finding(msg), T, row, c));
        }
    }
}
