//! The same body's reports of two consecutive years: X-CARRY, X-INFORCE, X-PREVCOUNT, X-COPY.

use crate::copy::repeated_share;
use crate::{CrossFinding, Detail, Doc, Options, Side};
use gongkai_check::catalogue::{X_CARRY, X_COPY, X_INFORCE, X_PREVCOUNT};
use gongkai_format::keys::{t2, t3};
use gongkai_format::{Edition, T3_COLUMNS, TableId};
use gongkai_report::{Cell, Finding, Num, Report, Table};

pub fn check(
    last: &Doc<'_>,
    l: usize,
    this: &Doc<'_>,
    t: usize,
    opts: &Options,
) -> Vec<CrossFinding> {
    let mut out = Vec::new();
    carry(last, l, this, t, &mut out);
    in_force(last, l, this, t, &mut out);
    prev_count(last, l, this, t, &mut out);
    copy(last, l, this, t, opts, &mut out);
    out
}

fn year_of(d: &Doc<'_>) -> String {
    d.year()
        .map_or_else(|| "上一年".to_owned(), |y| format!("{y}年"))
}

pub(crate) fn cell_key(table: TableId, row: &str, col: &str) -> String {
    format!("{}.{}.{}", table.key(), row, col)
}

/// Cite a cell of the finding's own report.
pub(crate) fn cite(f: Finding, d: &Doc<'_>, table: TableId, row: &str, c: &Cell) -> Finding {
    f.with_cells([cell_key(table, row, c.col)]).with_evidence(
        c.span.clone(),
        d.line_of(c.span.start),
        format!("{row}.{} = {}", c.col, c.value),
    )
}

/// A side citing cells of another report.
pub(crate) fn side(doc: usize, d: &Doc<'_>, table: TableId, cells: &[(&str, &Cell)]) -> Side {
    Side {
        doc,
        cells: cells
            .iter()
            .map(|(row, c)| cell_key(table, row, c.col))
            .collect(),
        evidence: cells
            .iter()
            .map(|(row, c)| d.evidence(c.span.clone(), format!("{row}.{} = {}", c.col, c.value)))
            .collect(),
    }
}

fn t2_edition(r: &Report) -> Option<Edition> {
    r.table2.edition.or(r.edition.known())
}

/// X-CARRY: this year's 上年结转 equals last year's 结转下年度继续办理, column by column.
fn carry(last: &Doc<'_>, l: usize, this: &Doc<'_>, t: usize, out: &mut Vec<CrossFinding>) {
    let (Some(fwd), Some(over)) = (
        last.report.table3.row(t3::row::CARRY_FORWARD),
        this.report.table3.row(t3::row::CARRIED_OVER),
    ) else {
        out.push(CrossFinding::new(
            t,
            X_CARRY.not_assessable("缺少本年“上年结转”行或上一年“结转下年度继续办理”行"),
        ));
        return;
    };
    for col in &T3_COLUMNS {
        let (Some(a), Some(b)) = (fwd.cell(col.key), over.cell(col.key)) else {
            continue;
        };
        if a.value.same(b.value) {
            continue;
        }
        let f = X_CARRY.finding(format!(
            "表三“{}”列：本年上年结转 {}，{}报告结转下年度继续办理 {}",
            col.label,
            b.value,
            year_of(last),
            a.value
        ));
        let mut cf = CrossFinding::new(t, cite(f, this, TableId::Table3, over.key, b));
        cf.others
            .push(side(l, last, TableId::Table3, &[(fwd.key, a)]));
        out.push(cf);
    }
}

fn both_edition(last: &Doc<'_>, this: &Doc<'_>, e: Edition) -> bool {
    t2_edition(last.report) == Some(e) && t2_edition(this.report) == Some(e)
}

/// X-INFORCE (2021 edition both years): in force = last year's in force + issued − abolished.
fn in_force(last: &Doc<'_>, l: usize, this: &Doc<'_>, t: usize, out: &mut Vec<CrossFinding>) {
    if !both_edition(last, this, Edition::E2021) {
        out.push(CrossFinding::new(
            t,
            X_INFORCE.not_assessable("两年的表二不都是 2021 年版式"),
        ));
        return;
    }
    let mut assessed = false;
    for row in [t2::row::REGULATIONS, t2::row::NORMATIVE_DOCUMENTS] {
        let (Some(prev), Some(issued), Some(abolished), Some(now)) = (
            last.report.table2.cell(row, t2::col::IN_FORCE),
            this.report.table2.cell(row, t2::col::ISSUED),
            this.report.table2.cell(row, t2::col::ABOLISHED),
            this.report.table2.cell(row, t2::col::IN_FORCE),
        ) else {
            continue;
        };
        assessed = true;
        let expected = prev.value.as_f64() + issued.value.as_f64() - abolished.value.as_f64();
        if Num::Dec(expected).same(now.value) {
            continue;
        }
        let f = X_INFORCE.finding(format!(
            "表二“{}”：现行有效 {}，应为{}现行有效 {} + 本年制发 {} − 本年废止 {} = {}",
            label2(row),
            now.value,
            year_of(last),
            prev.value,
            issued.value,
            abolished.value,
            expected
        ));
        let f = cite(f, this, TableId::Table2, row, now);
        let f = cite(f, this, TableId::Table2, row, issued);
        let f = cite(f, this, TableId::Table2, row, abolished);
        let mut cf = CrossFinding::new(t, f);
        cf.others
            .push(side(l, last, TableId::Table2, &[(row, prev)]));
        out.push(cf);
    }
    if !assessed {
        out.push(CrossFinding::new(
            t,
            X_INFORCE.not_assessable("表二缺少规章、规范性文件的现行有效件数"),
        ));
    }
}

/// X-PREVCOUNT (2019 edition both years): this year's 上一年项目数量 = last year's 上一年项目数量
/// + last year's 本年增/减.
fn prev_count(last: &Doc<'_>, l: usize, this: &Doc<'_>, t: usize, out: &mut Vec<CrossFinding>) {
    if !both_edition(last, this, Edition::E2019) {
        out.push(CrossFinding::new(
            t,
            X_PREVCOUNT.not_assessable("两年的表二不都是 2019 年版式"),
        ));
        return;
    }
    let mut assessed = false;
    for row in &this.report.table2.rows {
        let (Some(prev), Some(change), Some(now)) = (
            last.report.table2.cell(row.key, t2::col::PREV_COUNT),
            last.report.table2.cell(row.key, t2::col::CHANGE),
            row.cell(t2::col::PREV_COUNT),
        ) else {
            continue;
        };
        assessed = true;
        let expected = prev.value.plus(change.value);
        if expected.same(now.value) {
            continue;
        }
        let f = X_PREVCOUNT.finding(format!(
            "表二“{}”：上一年项目数量 {}，应为{}报告的上一年项目数量 {} + 本年增/减 {} = {}",
            label2(row.key),
            now.value,
            year_of(last),
            prev.value,
            change.value,
            expected
        ));
        let mut cf = CrossFinding::new(t, cite(f, this, TableId::Table2, row.key, now));
        cf.others.push(side(
            l,
            last,
            TableId::Table2,
            &[(row.key, prev), (row.key, change)],
        ));
        out.push(cf);
    }
    if !assessed {
        out.push(CrossFinding::new(
            t,
            X_PREVCOUNT.not_assessable("表二缺少上一年项目数量或本年增/减"),
        ));
    }
}

fn label2(row: &str) -> &'static str {
    Edition::ALL
        .iter()
        .find_map(|e| gongkai_format::edition_def(*e).table2.row(row))
        .map_or("", |(_, r)| r.label)
}

/// Columns that count what happened in the year (not stocks such as 现行有效 that may stay
/// the same): a table repeated with these equal and some of them non-zero was copied.
fn is_flow(table: TableId, col: &str) -> bool {
    table != TableId::Table2
        || !matches!(
            col,
            t2::col::IN_FORCE | t2::col::TOTAL_PUBLIC | t2::col::PREV_COUNT
        )
}

/// Cells present in both tables: (row key, this cell, last cell).
fn common<'a>(a: &'a Table, b: &'a Table) -> Vec<(&'static str, &'a Cell, &'a Cell)> {
    a.rows
        .iter()
        .flat_map(|r| {
            r.cells
                .iter()
                .filter_map(move |c| b.cell(r.key, c.col).map(|o| (r.key, c, o)))
        })
        .collect()
}

/// Fewest non-zero cells counting what happened in the year for "every value equal to last
/// year's" to mean anything (idle townships print zeros every year).
const MIN_NONZERO_FLOW: usize = 3;

/// X-COPY: this year's prose repeats last year's beyond the threshold, or every table value
/// equals last year's.
fn copy(
    last: &Doc<'_>,
    l: usize,
    this: &Doc<'_>,
    t: usize,
    opts: &Options,
    out: &mut Vec<CrossFinding>,
) {
    let mut assessed = false;
    if let Some((share, passages)) = repeated_share(this, last, l, opts.min_prose) {
        assessed = true;
        if share > opts.copy_share {
            let mut f = X_COPY.finding(format!(
                "正文 {:.0}% 与{}报告重复（阈值 {:.0}%），重复段落 {} 处",
                share * 100.0,
                year_of(last),
                opts.copy_share * 100.0,
                passages.len()
            ));
            let mut other = Side {
                doc: l,
                cells: Vec::new(),
                evidence: Vec::new(),
            };
            for p in passages.iter().take(5) {
                f = f.with_evidence(
                    p.this.clone(),
                    this.line_of(p.this.start),
                    format!("本年 {} 字", p.chars),
                );
                other
                    .evidence
                    .push(last.evidence(p.other.clone(), format!("{}对应段落", year_of(last))));
            }
            let mut cf = CrossFinding::new(t, f);
            cf.others.push(other);
            cf.detail = Detail::Copy { share, passages };
            out.push(cf);
        }
    }
    let pairs: Vec<(TableId, &'static str, &Cell, &Cell)> = TableId::ALL
        .iter()
        .flat_map(|&id| {
            common(this.report.table(id), last.report.table(id))
                .into_iter()
                .map(move |(row, a, b)| (id, row, a, b))
        })
        .collect();
    let nonzero = pairs
        .iter()
        .filter(|(id, _, a, _)| is_flow(*id, a.col) && a.value != Num::ZERO)
        .count();
    if nonzero >= MIN_NONZERO_FLOW {
        assessed = true;
        if pairs.iter().all(|(_, _, a, b)| a.value.same(b.value)) {
            let f = X_COPY.finding(format!(
                "三张表的全部 {} 个数值与{}报告完全相同",
                pairs.len(),
                year_of(last)
            ));
            let shown: Vec<_> = pairs
                .iter()
                .filter(|(id, _, a, _)| is_flow(*id, a.col) && a.value != Num::ZERO)
                .take(3)
                .collect();
            let mut f = f;
            let mut other = Side {
                doc: l,
                cells: Vec::new(),
                evidence: Vec::new(),
            };
            for (id, row, a, b) in shown {
                f = cite(f, this, *id, row, a);
                let s = side(l, last, *id, &[(row, b)]);
                other.cells.extend(s.cells);
                other.evidence.extend(s.evidence);
            }
            let mut cf = CrossFinding::new(t, f);
            cf.others.push(other);
            cf.detail = Detail::SameTables { cells: pairs.len() };
            out.push(cf);
        }
    }
    if !assessed {
        out.push(CrossFinding::new(
            t,
            X_COPY.not_assessable("正文过短，表格也没有可比较的非零数值"),
        ));
    }
}
