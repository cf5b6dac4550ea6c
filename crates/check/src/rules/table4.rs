//! Rules of table 4: each group's total, signs.

use crate::catalogue::{Rule, T4_GROUPSUM, T4_NONNEG};
use crate::ctx::{Ctx, cite, cite_cell, show};
use gongkai_format::keys::t4::col;
use gongkai_format::{T4_COLUMNS, T4_GROUPS, TableId};
use gongkai_report::{Finding, Num};

const T: TableId = TableId::Table4;

pub(crate) static EMITS: &[&Rule] = &[&T4_GROUPSUM, &T4_NONNEG];

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = &ctx.report.table4;
    if t.is_empty() {
        let why = if t.span.is_none() {
            "表四未找到"
        } else {
            "表四的数字未能读出"
        };
        out.push(T4_GROUPSUM.not_assessable(format!("{why}，无法检查")));
        return;
    }
    for g in &T4_GROUPS {
        let Some(r) = t.row(g.key) else {
            out.push(
                T4_GROUPSUM.not_assessable(format!("缺少 {}（{}），无法检查", g.key, g.label)),
            );
            continue;
        };
        let parts: Vec<&str> = T4_COLUMNS[..4].iter().map(|c| c.key).collect();
        let sum = Num::sum(parts.iter().filter_map(|c| r.cell(c)).map(|c| c.value));
        let Some(total) = r.cell(col::TOTAL) else {
            continue;
        };
        if !sum.same(total.value) {
            let msg = format!(
                "表四 {}（{}）：维持、纠正、其他、尚未审结之和为 {sum}，但总计为 {}",
                g.key,
                g.label,
                show(total)
            );
            let f = T4_GROUPSUM
                .finding(msg)
                .with_help("每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结");
            out.push(cite(
                f,
                T,
                r,
                &[
                    col::UPHELD,
                    col::CORRECTED,
                    col::OTHER,
                    col::PENDING,
                    col::TOTAL,
                ],
            ));
        }
        for c in &r.cells {
            if c.value.is_negative() || !c.value.is_whole() {
                let msg = format!(
                    "表四 {}.{} 为 {}：案件数应为非负整数",
                    r.key, c.col, c.value
                );
                out.push(cite_cell(T4_NONNEG.finding(msg), T, r.key, c));
            }
        }
    }
}
