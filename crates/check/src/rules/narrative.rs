//! The prose against the tables: what the report says in words (`全年收到申请34件`,
//! `未发生行政复议、行政诉讼`, `制发规范性文件5件`, `占51.85%`) must agree with its own tables.
//!
//! The statements come from `gongkai-narrative`, which reports only what it is sure of. Here
//! they are kept where they speak for the whole report: outside the tables, outside section 5
//! (plans and problems), of the report's year, and — for cases — about information
//! disclosure. A statement agrees when one of its readings sums to its value; every finding
//! cites the statement and the cells.

use crate::catalogue::{N_APPLICATIONS, N_FEES, N_LITIGATION, N_NONE, N_PERCENT, N_TABLE2, Rule};
use crate::ctx::{Ctx, cite_cell, show};
use gongkai_format::keys::t3::{col, row};
use gongkai_format::{CellRef, Edition, TableId};
use gongkai_narrative::{AppRow, Applicants, Fact, Kind, Value};
use gongkai_report::{Finding, Num};
use std::ops::Range;

pub(crate) static EMITS: &[&Rule] = &[
    &N_APPLICATIONS,
    &N_NONE,
    &N_LITIGATION,
    &N_TABLE2,
    &N_PERCENT,
    &N_FEES,
];

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let facts = statements(ctx);
    let mut done: Vec<(Kind, String)> = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        // One finding per statement made several times (overview and section 3).
        let key = (f.kind, f.value.to_string());
        if done.contains(&key) {
            continue;
        }
        done.push(key);
        let same: Vec<&Fact> = facts[i..]
            .iter()
            .filter(|g| g.kind == f.kind && g.value == f.value)
            .collect();
        if let Some(finding) = assess(ctx, &same) {
            out.push(finding);
        }
    }
    fees(ctx, out);
}

/// The statements that speak for the report as a whole.
fn statements(ctx: &Ctx<'_>) -> Vec<Fact> {
    // What was read as the tables: row labels and cells (a table's span may begin at its
    // section's heading, and prose stands between the heading and the table).
    let tables: Vec<Range<usize>> = ctx
        .report
        .tables()
        .flat_map(|t| t.rows.iter().chain(&t.subtotals))
        .flat_map(|r| {
            r.label
                .iter()
                .cloned()
                .chain(r.cells.iter().map(|c| c.span.clone()))
        })
        .collect();
    let year = ctx.report.meta.year.as_ref().map(|y| y.value);
    gongkai_narrative::facts(ctx.text)
        .into_iter()
        .filter(|f| !tables.iter().any(|t| overlaps(t, &f.span)))
        .filter(|f| section_of(ctx, f.span.start) != Some(5))
        .filter(|f| match (f.year, year) {
            (Some(said), Some(report)) => said == report,
            _ => true,
        })
        .filter(|f| {
            !matches!(f.kind, Kind::Cases { .. })
                || f.about_disclosure
                || matches!(section_of(ctx, f.span.start), Some(3 | 4))
        })
        .collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The statutory section (1–6) a byte offset lies in, from the headings found.
fn section_of(ctx: &Ctx<'_>, at: usize) -> Option<u8> {
    ctx.report
        .sections
        .iter()
        .filter(|s| s.span.start <= at)
        .max_by_key(|s| s.span.start)
        .map(|s| s.number)
}

/// The text of section `n`: from its heading to the next heading (or the end).
fn section_text<'a>(ctx: &Ctx<'a>, n: u8) -> Option<(Range<usize>, &'a str)> {
    let s = ctx.report.sections.iter().find(|s| s.number == n)?;
    let end = ctx
        .report
        .sections
        .iter()
        .filter(|o| o.span.start > s.span.start)
        .map(|o| o.span.start)
        .min()
        .unwrap_or(ctx.text.len());
    Some((s.span.clone(), ctx.text.get(s.span.end..end)?))
}

/// Which rule speaks for a statement, given the table's value of its usual reading.
fn rule_for(f: &Fact, table: Option<f64>) -> &'static Rule {
    match f.kind {
        Kind::Applications {
            row: AppRow::Received,
            who: Applicants::All,
        } => {
            let said = f.value.as_f64();
            let none_said = said == 0.0;
            let none_printed = table.is_some_and(|t| t == 0.0);
            if none_said || none_printed {
                &N_NONE
            } else {
                &N_APPLICATIONS
            }
        }
        Kind::Applications { .. } => &N_APPLICATIONS,
        Kind::Cases { .. } => &N_LITIGATION,
        Kind::Documents { .. } | Kind::Decisions(_) | Kind::Fees => &N_TABLE2,
        Kind::Percent(_) => &N_PERCENT,
        Kind::ProcessingFee => &N_FEES,
    }
}

/// The cells of a reading with their sum, if the report has them all.
fn sum(ctx: &Ctx<'_>, cells: &[CellRef]) -> Option<Num> {
    let vals: Option<Vec<Num>> = cells
        .iter()
        .map(|c| ctx.report.cell(c).map(|x| x.value))
        .collect();
    vals.map(Num::sum)
}

fn edition_of(ctx: &Ctx<'_>, table: TableId) -> Option<Edition> {
    ctx.edition(ctx.report.table(table))
}

/// A finding if the statements (the same statement, made one or more times) disagree with the
/// tables; a not-assessable note if the cells they speak about are missing.
fn assess(ctx: &Ctx<'_>, same: &[&Fact]) -> Option<Finding> {
    let f = same.first()?;
    let table = f.kind.table()?;
    let edition = edition_of(ctx, table)?;
    match f.kind {
        Kind::Percent(_) => percent(ctx, same, edition),
        Kind::ProcessingFee => None,
        _ => count(ctx, same, edition, table),
    }
}

fn count(ctx: &Ctx<'_>, same: &[&Fact], edition: Edition, table: TableId) -> Option<Finding> {
    let f = same.first()?;
    let readings = f.readings(edition);
    if readings.is_empty() {
        // The edition has no such cell (现行有效 in a 2019 table): nothing to compare.
        return None;
    }
    let sums: Vec<(usize, Num)> = readings
        .iter()
        .enumerate()
        .filter_map(|(i, r)| sum(ctx, r).map(|s| (i, s)))
        .collect();
    let primary = sums.iter().find(|(i, _)| *i == 0).map(|(_, s)| *s);
    let rule = rule_for(f, primary.map(Num::as_f64));
    let quoted = quote(ctx, f);
    if sums.is_empty() {
        return Some(rule.not_assessable(format!(
            "正文称“{quoted}”（{}{}），但{}中相应单元格未读出，无法核对",
            f.kind.name_zh(),
            amount(f.value),
            table.name_zh()
        )));
    }
    if sums.iter().any(|(_, s)| agrees(f.value, *s)) {
        return None;
    }
    let cells = &readings[sums.first().map_or(0, |(i, _)| *i)];
    // A single cell as printed (a blank one says so), several by their sum.
    let shown = match cells.as_slice() {
        [one] => ctx.report.cell(one).map_or_else(|| "?".to_owned(), show),
        _ => sums.first().map_or(Num::ZERO, |(_, s)| *s).to_string(),
    };
    let msg = format!(
        "正文称“{quoted}”（{}{}），但{}为 {shown}（{}）",
        f.kind.name_zh(),
        amount(f.value),
        table_short(table),
        describe_cells(ctx, cells)
    );
    let mut finding = rule.finding(msg).with_help(
        "正文与统计表应一致：核对正文所述数字与表格，改正错误的一方".to_owned()
            + if readings.len() > 1 {
                "（已按几种常见口径核对，均不一致）"
            } else {
                ""
            },
    );
    finding = cite_statements(ctx, finding, same);
    Some(cite_cells(ctx, finding, cells))
}

/// Whether a stated value equals a table value: counts exactly, money to the precision
/// reports round to.
fn agrees(said: Value, table: Num) -> bool {
    let t = table.as_f64();
    match said {
        Value::Count(n) => (n as f64 - t).abs() < 1e-9,
        Value::Money { wan, .. } => (wan - t).abs() <= 0.005_f64.max(t.abs() * 1e-3),
        Value::Percent { value, .. } => (value - t).abs() < 1e-9,
    }
}

/// The statement as written (line breaks and spaces dropped), shortened if long.
fn quote(ctx: &Ctx<'_>, f: &Fact) -> String {
    let s: String = ctx
        .text
        .get(f.span.clone())
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.chars().count() > 40 {
        let head: String = s.chars().take(39).collect();
        format!("{head}…")
    } else {
        s
    }
}

fn amount(v: Value) -> String {
    match v {
        Value::Count(n) => format!("{n}件"),
        Value::Money { wan, .. } => format!("{wan}万元"),
        Value::Percent { .. } => v.to_string(),
    }
}

fn table_short(t: TableId) -> &'static str {
    match t {
        TableId::Table2 => "表二",
        TableId::Table3 => "表三",
        TableId::Table4 => "表四",
    }
}

fn describe_cells(ctx: &Ctx<'_>, cells: &[CellRef]) -> String {
    let shown: Vec<String> = cells
        .iter()
        .map(|c| {
            let v = ctx.report.cell(c).map_or_else(|| "?".to_owned(), show);
            format!("{}.{} = {v}", c.row, c.col)
        })
        .collect();
    if shown.len() > 4 {
        format!("{} 等 {} 格之和", shown[..3].join("、"), shown.len())
    } else {
        shown.join(" + ")
    }
}

fn cite_statements(ctx: &Ctx<'_>, mut finding: Finding, same: &[&Fact]) -> Finding {
    for f in same {
        let said = ctx.text.get(f.span.clone()).unwrap_or("").replace('\n', "");
        finding = finding.with_evidence(
            f.span.clone(),
            ctx.line_of(f.span.start),
            format!("正文：{said}"),
        );
    }
    finding
}

fn cite_cells(ctx: &Ctx<'_>, finding: Finding, cells: &[CellRef]) -> Finding {
    cells.iter().fold(finding, |f, c| match ctx.report.cell(c) {
        Some(cell) => cite_cell(f, c.table, c.row, cell),
        None => f,
    })
}

fn percent(ctx: &Ctx<'_>, same: &[&Fact], edition: Edition) -> Option<Finding> {
    let f = same.first()?;
    let Value::Percent { value, decimals } = f.value else {
        return None;
    };
    let ratios = f.ratios(edition);
    let computed: Vec<(Num, Num, &gongkai_narrative::RatioCells)> = ratios
        .iter()
        .filter_map(|r| Some((sum(ctx, &r.numerator)?, sum(ctx, &r.denominator)?, r)))
        .filter(|(_, d, _)| d.as_f64() > 0.0)
        .collect();
    let Some((num, den, first)) = computed.first() else {
        return Some(N_PERCENT.not_assessable(format!(
            "正文称“{}”（{}为{}），但表中相应单元格未读出或分母为 0，无法核对",
            quote(ctx, f),
            f.kind.name_zh(),
            f.value
        )));
    };
    // One unit of the last place written: 51.85 % covers 51.84–51.86, 98 % covers 97–99.
    let tolerance = 10f64.powi(-i32::from(decimals)) + 1e-9;
    let agrees = computed
        .iter()
        .any(|(n, d, _)| (100.0 * n.as_f64() / d.as_f64() - value).abs() <= tolerance);
    if agrees {
        return None;
    }
    let got = 100.0 * num.as_f64() / den.as_f64();
    let msg = format!(
        "正文称“{}”（{}为{}），按表格计算为 {num}/{den} = {got:.prec$}%",
        quote(ctx, f),
        f.kind.name_zh(),
        f.value,
        prec = usize::from(decimals.max(1))
    );
    let mut finding = N_PERCENT.finding(msg).with_help(if computed.len() > 1 {
        "已按几种常见口径（占办结总数、占新收总数、占已作出公开决定数）计算，均不一致"
    } else {
        "比例应能由表格数字算出"
    });
    finding = cite_statements(ctx, finding, same);
    let cells: Vec<CellRef> = first
        .numerator
        .iter()
        .chain(&first.denominator)
        .copied()
        .collect();
    Some(cite_cells(ctx, finding, &cells))
}

/// Applications dropped because a fee was not paid, and section 6 silent about the fee.
fn fees(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let t3 = &ctx.report.table3;
    if edition_of(ctx, TableId::Table3) != Some(Edition::E2021) {
        return;
    }
    let Some(cell) = t3.cell(row::OTHER_UNPAID_FEE, col::TOTAL) else {
        return;
    };
    if cell.value.as_f64() <= 0.0 {
        return;
    }
    let Some((heading, body)) = section_text(ctx, 6) else {
        out.push(N_FEES.not_assessable(format!(
            "表三有 {} 件申请因逾期未缴费终止，但未找到第六部分，无法核对",
            cell.value
        )));
        return;
    };
    const FEE_WORDS: [&str; 6] = ["信息处理费", "处理费", "收费", "费用", "缴费", "缴纳"];
    if FEE_WORDS.iter().any(|w| body.contains(w)) {
        return;
    }
    let msg = format!(
        "表三有 {} 件申请因申请人逾期未缴纳费用而终止，但第六部分未说明信息处理费的收取情况",
        cell.value
    );
    let f = N_FEES
        .finding(msg)
        .with_evidence(heading.clone(), ctx.line_of(heading.start), "第六部分")
        .with_help("按年度报告格式，第六部分应报告依据《政府信息公开信息处理费管理办法》收取信息处理费的情况");
    out.push(cite_cell(f, TableId::Table3, row::OTHER_UNPAID_FEE, cell));
}
