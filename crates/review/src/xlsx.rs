//! The review as an XLSX workbook: a sheet of every finding (one row each, filterable), then
//! one sheet per body with its findings, and, with a rubric, a sheet of scores.

use crate::excerpt::excerpts;
use crate::reviewed::{Item, Reviewed};
use crate::rubric::{Basis, Rubric, Score};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The sheet of every finding.
pub const ALL_SHEET: &str = "全部问题";
/// The sheet of scores (with a rubric).
pub const SCORE_SHEET: &str = "得分";

/// Columns of a findings sheet, in order.
pub const COLUMNS: &[&str] = &[
    "机关",
    "机关标识",
    "年度",
    "文件",
    "问题编号",
    "规则",
    "规则名称",
    "级别",
    "状态",
    "说明",
    "单元格",
    "行",
    "原文",
    "豁免人",
    "豁免时间",
    "豁免理由",
];

/// Excel's limit on sheet names, in characters.
const SHEET_NAME_MAX: usize = 31;

/// A sheet name Excel accepts, unique among `taken`: forbidden characters replaced, cut to 31
/// characters with a number to tell bodies of one name apart.
fn sheet_name(base: &str, taken: &mut Vec<String>) -> String {
    let clean: String = base
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_owned();
    let clean = if clean.is_empty() {
        "报告".to_owned()
    } else {
        clean
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("({n})")
        };
        let keep = SHEET_NAME_MAX - suffix.chars().count();
        let name: String = clean.chars().take(keep).collect::<String>() + &suffix;
        if !taken
            .iter()
            .any(|t| t.to_lowercase() == name.to_lowercase())
        {
            taken.push(name.clone());
            return name;
        }
        n += 1;
    }
}

/// The workbook's bytes.
pub fn workbook(
    reviewed: &[Reviewed],
    scored: Option<(&Rubric, &[Score])>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let mut taken = vec![ALL_SHEET.to_owned(), SCORE_SHEET.to_owned()];
    {
        let all = wb.add_worksheet();
        all.set_name(ALL_SHEET)?;
        let rows = header(all, &bold)?;
        let mut row = rows;
        for r in reviewed {
            for i in &r.items {
                write_item(all, row, r, i)?;
                row += 1;
            }
        }
        finish(all, row)?;
    }
    if let Some((rubric, scores)) = scored {
        let s = wb.add_worksheet();
        s.set_name(SCORE_SHEET)?;
        for (c, h) in [
            "机关",
            "机关标识",
            "年度",
            "得分",
            "满分",
            "扣分",
            "扣分明细",
        ]
        .iter()
        .enumerate()
        {
            s.write_string_with_format(0, col(c), *h, &bold)?;
        }
        for (n, (r, sc)) in reviewed.iter().zip(scores).enumerate() {
            let row = row_of(n + 1);
            s.write_string(row, 0, &r.subject.name)?;
            s.write_string(row, 1, &r.subject.body)?;
            if let Some(y) = r.subject.year {
                s.write_number(row, 2, f64::from(y))?;
            }
            s.write_number(row, 3, sc.score)?;
            s.write_number(row, 4, sc.points)?;
            s.write_number(row, 5, sc.deducted)?;
            s.write_string(row, 6, fit(&detail(rubric, sc)))?;
        }
        s.autofilter(0, 0, row_of(reviewed.len()), 6)?;
        s.set_freeze_panes(1, 0)?;
    }
    for r in reviewed {
        let year = r.subject.year.map_or_else(String::new, |y| y.to_string());
        let name = sheet_name(&format!("{}{year}", r.subject.name), &mut taken);
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let mut row = header(ws, &bold)?;
        for i in &r.items {
            write_item(ws, row, r, i)?;
            row += 1;
        }
        finish(ws, row)?;
    }
    wb.save_to_buffer()
}

fn detail(rubric: &Rubric, s: &Score) -> String {
    let mut parts = Vec::new();
    for c in &s.categories {
        for d in &c.deductions {
            let name = rubric.items.get(d.item).map_or("", |i| i.name.as_str());
            let basis: Vec<String> = d
                .basis
                .iter()
                .map(|b| match b {
                    Basis::Finding { id, .. } => id.clone(),
                    Basis::Cell { cell, value } => format!("{cell}={value}"),
                })
                .collect();
            parts.push(format!(
                "{name} −{}（{}）",
                crate::rubric::points(d.points),
                basis.join("、")
            ));
        }
    }
    parts.join("；")
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn header(ws: &mut Worksheet, bold: &Format) -> Result<u32, XlsxError> {
    for (c, h) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, bold)?;
    }
    Ok(1)
}

fn finish(ws: &mut Worksheet, rows: u32) -> Result<(), XlsxError> {
    ws.autofilter(0, 0, rows.saturating_sub(1).max(1), col(COLUMNS.len() - 1))?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_item(ws: &mut Worksheet, row: u32, r: &Reviewed, i: &Item) -> Result<(), XlsxError> {
    let f = &i.finding;
    let status = match (f.assessable, &i.waiver) {
        (false, _) => "不可评估",
        (true, Some(_)) => "已豁免",
        (true, None) => "待处理",
    };
    let excerpt = r.text.as_deref().map_or_else(String::new, |t| {
        let spans: Vec<_> = f.evidence.iter().map(|e| e.span.clone()).collect();
        excerpts(t, &spans)
            .iter()
            .map(|e| format!("{}: {}", e.line, e.plain()))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let title = gongkai_check::rule(f.rule).map_or("", |r| r.title);
    let year = r.subject.year.map_or_else(String::new, |y| y.to_string());
    let line = f.line().map_or_else(String::new, |l| l.to_string());
    let (by, at, why) = i.waiver.as_ref().map_or(("", "", ""), |w| {
        (w.by.as_str(), w.at.as_str(), w.reason.as_str())
    });
    let cells = f.cells.join(" ");
    let values: [&str; 16] = [
        &r.subject.name,
        &r.subject.body,
        &year,
        &r.report.source.path,
        &i.id.0,
        f.rule,
        title,
        f.severity.name_zh(),
        status,
        &f.message,
        &cells,
        &line,
        &excerpt,
        by,
        at,
        why,
    ];
    for (c, v) in values.iter().enumerate() {
        if !v.is_empty() {
            ws.write_string(row, col(c), fit(v))?;
        }
    }
    Ok(())
}

/// Excel's limit on the characters of one cell.
pub const CELL_MAX: usize = 32_767;

/// A text cut to what a cell holds, ending in `…` where cut (the page keeps it whole).
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(CELL_MAX - 1) {
        None => s.into(),
        Some((i, _)) if i + s[i..].chars().next().map_or(0, char::len_utf8) == s.len() => s.into(),
        Some((i, _)) => format!("{}…", &s[..i]).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_fit_a_cell() {
        let exact = "字".repeat(CELL_MAX);
        assert_eq!(fit(&exact), exact.as_str());
        let long = "字".repeat(CELL_MAX + 5);
        let f = fit(&long);
        assert_eq!(f.chars().count(), CELL_MAX);
        assert!(f.ends_with('…'));
    }

    #[test]
    fn sheet_names_are_legal_and_unique() {
        let mut taken = vec![ALL_SHEET.to_owned()];
        let long = "北京市朝阳区人民政府办公室某某某某某某某某某某某某某某某某某某某某某某2023";
        let a = sheet_name(long, &mut taken);
        let b = sheet_name(long, &mut taken);
        assert_eq!(a.chars().count(), 31);
        assert_ne!(a, b);
        assert!(b.ends_with("(2)"));
        assert_eq!(sheet_name("a/b[c]", &mut taken), "a_b_c_");
        assert_eq!(sheet_name(ALL_SHEET, &mut taken), format!("{ALL_SHEET}(2)"));
    }
}
