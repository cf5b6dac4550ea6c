//! Rules of table 3: the balance, the outcomes, row sums, signs, edition, subtotals.

use crate::catalogue::{
    Rule, T3_BALANCE, T3_EDITION, T3_NONNEG, T3_OUTCOMES, T3_ROWSUM, T3_SUBTOTAL,
};
use crate::ctx::{Ctx, cell_ref, cite, cite_cell, row_label, show, t3_col_label};
use gongkai_format::keys::t3::{col, row};
use gongkai_format::{Edition, RowRole, T3_COLUMNS, TableId, edition_def};
use gongkai_report::{Finding, Num, Row};

const T: TableId = TableId::Table3;

pub(crate) static EMITS: &[&Rule] = &[
    &T3_BALANCE,
    &T3_OUTCOMES,
    &T3_ROWSUM,
    &T3_NONNEG,
    &T3_EDITION,
    &T3_SUBTOTAL,
];

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = &ctx.report.table3;
    if t.span.is_none() {
        for r in [&T3_BALANCE, &T3_OUTCOMES, &T3_ROWSUM, &T3_NONNEG] {
            out.push(r.not_assessable("表三未找到，无法检查"));
        }
        return;
    }
    let Some(edition) = ctx.edition(t) else {
        return;
    };
    balance(ctx, edition, out);
    outcomes(ctx, edition, out);
    rowsum(ctx, out);
    nonneg(ctx, out);
    edition_rows(ctx, out);
    subtotals(ctx, edition, out);
}

fn rows_with(edition: Edition, role: RowRole) -> Vec<&'static str> {
    edition_def(edition)
        .table3
        .rows
        .iter()
        .filter(|r| r.role == role)
        .map(|r| r.key)
        .collect()
}

/// Rows that are missing, by key.
fn missing<'a>(ctx: &Ctx<'_>, keys: &[&'a str]) -> Vec<&'a str> {
    keys.iter()
        .copied()
        .filter(|k| ctx.report.table3.row(k).is_none())
        .collect()
}

fn not_assessable(rule: &'static Rule, missing: &[&str]) -> Finding {
    rule.not_assessable(format!("缺少行 {}，无法检查", missing.join("、")))
        .with_cells(missing.iter().map(|k| format!("table3.{k}")))
}

fn val(row: &Row, col: &str) -> Num {
    row.cell(col).map_or(Num::ZERO, |c| c.value)
}

/// new_received + carried_over = total + carry_forward, per column.
fn balance(ctx: &Ctx<'_>, edition: Edition, out: &mut Vec<Finding>) {
    let t = &ctx.report.table3;
    let keys = [
        row::NEW_RECEIVED,
        row::CARRIED_OVER,
        row::TOTAL,
        row::CARRY_FORWARD,
    ];
    let miss = missing(ctx, &keys);
    if !miss.is_empty() {
        out.push(not_assessable(&T3_BALANCE, &miss));
        return;
    }
    let rows: Vec<&Row> = keys.iter().filter_map(|k| t.row(k)).collect();
    let [new, carried, total, cf] = rows.as_slice() else {
        return;
    };
    for col in T3_COLUMNS.iter().map(|c| c.key) {
        let lhs = val(new, col).plus(val(carried, col));
        let rhs = val(total, col).plus(val(cf, col));
        if lhs.same(rhs) {
            continue;
        }
        let msg = format!(
            "表三 {col}（{}）列不平衡：本年新收 {} + 上年结转 {} = {lhs}，但（七）总计 {} + 结转下年度 {} = {rhs}",
            t3_col_label(col),
            show_cell(new, col),
            show_cell(carried, col),
            show_cell(total, col),
            show_cell(cf, col),
        );
        let mut f = T3_BALANCE.finding(msg).with_help(format!(
            "表格角注：第一项加第二项之和，等于第三项加第四项之和（{} 版式）",
            edition
        ));
        for r in [new, carried, total, cf] {
            f = cite(f, T, r, &[col]);
        }
        out.push(f);
    }
}

fn show_cell(r: &Row, col: &str) -> String {
    r.cell(col).map_or_else(|| "?".into(), show)
}

/// Sum of outcome rows = （七）总计, per column.
fn outcomes(ctx: &Ctx<'_>, edition: Edition, out: &mut Vec<Finding>) {
    let t = &ctx.report.table3;
    let outcome_keys = rows_with(edition, RowRole::Outcome);
    let mut keys = outcome_keys.clone();
    keys.push(row::TOTAL);
    let miss = missing(ctx, &keys);
    if !miss.is_empty() {
        out.push(not_assessable(&T3_OUTCOMES, &miss));
        return;
    }
    let Some(total) = t.row(row::TOTAL) else {
        return;
    };
    for col in T3_COLUMNS.iter().map(|c| c.key) {
        let sum = Num::sum(
            outcome_keys
                .iter()
                .filter_map(|k| t.row(k))
                .map(|r| val(r, col)),
        );
        let want = val(total, col);
        if sum.same(want) {
            continue;
        }
        let nonzero: Vec<String> = outcome_keys
            .iter()
            .filter_map(|k| t.row(k))
            .filter(|r| !val(r, col).same(Num::ZERO))
            .map(|r| format!("{} {}", r.key, val(r, col)))
            .collect();
        let msg = format!(
            "表三 {col}（{}）列：各办理结果之和为 {sum}（{}），但（七）总计为 {}",
            t3_col_label(col),
            if nonzero.is_empty() {
                "均为 0".to_owned()
            } else {
                nonzero.join(" + ")
            },
            show_cell(total, col)
        );
        let mut f = T3_OUTCOMES
            .finding(msg)
            .with_help("（一）至（六）各项之和应等于（七）总计；分组标题（三）（四）（五）不计数");
        f = cite(f, T, total, &[col]);
        for r in outcome_keys
            .iter()
            .filter_map(|k| t.row(k))
            .filter(|r| !val(r, col).same(Num::ZERO))
        {
            f = cite(f, T, r, &[col]);
        }
        out.push(f);
    }
}

/// total column = sum of the six applicant columns, per row.
fn rowsum(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = &ctx.report.table3;
    let parts: Vec<&str> = T3_COLUMNS[..6].iter().map(|c| c.key).collect();
    for r in &t.rows {
        let sum = Num::sum(parts.iter().map(|c| val(r, c)));
        let total = val(r, col::TOTAL);
        if sum.same(total) {
            continue;
        }
        let label = row_label(T, t.edition, r.key);
        let msg = format!(
            "表三 {}（{}）行：六类申请人之和为 {sum}，但总计列为 {}",
            r.key,
            label,
            show_cell(r, col::TOTAL)
        );
        let f = T3_ROWSUM
            .finding(msg)
            .with_help("总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他");
        out.push(
            cite(f, T, r, &[col::TOTAL]).with_cells(parts.iter().map(|c| cell_ref(T, r.key, c))),
        );
    }
}

fn nonneg(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for r in &ctx.report.table3.rows {
        for c in &r.cells {
            if c.value.is_negative() || !c.value.is_whole() {
                let msg = format!(
                    "表三 {}.{} 为 {}：申请件数应为非负整数",
                    r.key, c.col, c.value
                );
                out.push(cite_cell(T3_NONNEG.finding(msg), T, r.key, c));
            }
        }
    }
}

/// Rows of both editions in table 3.
fn edition_rows(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t = &ctx.report.table3;
    let has = |e: Edition| t.marks.iter().find(|m| m.edition == e);
    if let (Some(a), Some(b)) = (has(Edition::E2019), has(Edition::E2021)) {
        let msg = format!(
            "表三同时有 2019 年版式的行（{}）和 2021 年版式的行（{}）",
            a.label, b.label
        );
        out.push(
            T3_EDITION
                .finding(msg)
                .with_evidence(a.span.clone(), ctx.line_of(a.span.start), "2019 年版式")
                .with_evidence(b.span.clone(), ctx.line_of(b.span.start), "2021 年版式")
                .with_help("2021 年版式“（六）其他处理”分三项；2019 年版式只有一行"),
        );
    }
}

/// Subtotals printed for group labels must equal their items.
fn subtotals(ctx: &Ctx<'_>, edition: Edition, out: &mut Vec<Finding>) {
    let t = &ctx.report.table3;
    let def = edition_def(edition).table3;
    for sub in &t.subtotals {
        let items: Vec<&Row> = def
            .rows
            .iter()
            .filter(|r| r.group == Some(sub.key))
            .filter_map(|r| t.row(r.key))
            .collect();
        let group = def
            .groups
            .iter()
            .find(|g| g.key == sub.key)
            .map_or("", |g| g.label);
        let mut mismatched = Vec::new();
        for col in T3_COLUMNS.iter().map(|c| c.key) {
            let sum = Num::sum(items.iter().map(|r| val(r, col)));
            if !sum.same(val(sub, col)) {
                mismatched.push(format!("{col} 小计 {} ≠ 各项之和 {sum}", val(sub, col)));
            }
        }
        let msg = if mismatched.is_empty() {
            format!("表三为分组“{group}”填写了小计行；分组标题不计数，小计不得重复计入（七）总计")
        } else {
            format!(
                "表三分组“{group}”的小计与其各项不符：{}",
                mismatched.join("；")
            )
        };
        let mut f = T3_SUBTOTAL.finding(msg);
        if let Some(l) = &sub.label {
            f = f.with_evidence(l.clone(), ctx.line_of(l.start), "分组小计");
        }
        out.push(f);
    }
}
