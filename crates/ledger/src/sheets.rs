//! The two other sheets an office keeps beside the applications: reconsiderations and
//! lawsuits (复议诉讼, the cases of table 4) and the year's figures of table 2 (表二). Read
//! like the ledger (`import`): CSV or XLSX, headers by key or Chinese label, all or nothing,
//! every bad row reported with its line.

use crate::case::normalise;
use crate::import::{
    ColumnKind, ColumnMap, ColumnSpec, ImportError, RowError, RowProblem, col, file_rows,
    parse_date, parse_sheet,
};
use crate::tables::{Proceeding, ProceedingCase, ProceedingResult, Table2Figures};
use gongkai_format::Edition;
use gongkai_report::Num;

/// The sheet of proceedings in an XLSX workbook.
pub const PROCEEDINGS_SHEET: &str = "复议诉讼";
/// The sheet of table 2 figures in an XLSX workbook.
pub const TABLE2_SHEET: &str = "表二";

/// Columns of the proceedings sheet.
pub static PROCEEDING_COLUMNS: [ColumnSpec; 6] = [
    col("id", "编号", true, true, ColumnKind::Text),
    col("kind", "类别", true, true, ColumnKind::Proceeding),
    col("filed", "申请复议或起诉日期", true, true, ColumnKind::Date),
    col("decided", "结案日期", true, false, ColumnKind::Date),
    col("result", "结果", true, false, ColumnKind::ProceedingResult),
    col(
        "application",
        "涉及申请编号",
        false,
        false,
        ColumnKind::Text,
    ),
];

/// Columns of the table 2 sheet: one figure per row, by the format's keys (or the row's and
/// column's labels).
pub static TABLE2_COLUMNS: [ColumnSpec; 3] = [
    col("row", "项目", true, true, ColumnKind::Text),
    col("col", "栏目", true, true, ColumnKind::Text),
    col("value", "数值", true, true, ColumnKind::Number),
];

fn cell<'a>(cells: &'a [String], map: &ColumnMap, key: &str) -> Option<&'a str> {
    map.get(key)
        .and_then(|i| cells.get(*i))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

/// A group of table 4 by key or label (行政复议, 行政诉讼（未经复议）…).
fn proceeding(v: &str) -> Option<Proceeding> {
    let n = normalise(v);
    // The lawsuit groups are printed under 行政诉讼; a ledger may write it with them.
    let bare = n
        .strip_prefix("行政诉讼")
        .map(|t| t.trim_start_matches('（').trim_end_matches('）'))
        .filter(|t| !t.is_empty())
        .unwrap_or(&n);
    Proceeding::all().find(|p| {
        let label = normalise(p.label());
        p.key().eq_ignore_ascii_case(&n) || label == n || label == bare
    })
}

/// A result of table 4 by key or label (结果维持 or 维持, 结果纠正 or 纠正, 其他结果).
fn result(v: &str) -> Option<ProceedingResult> {
    let n = normalise(v);
    ProceedingResult::all().find(|r| {
        let label = normalise(r.label());
        r.key().eq_ignore_ascii_case(&n)
            || label == n
            || label.strip_prefix("结果").is_some_and(|l| l == n)
    })
}

/// Reconsiderations and lawsuits, CSV or XLSX (the sheet 复议诉讼 if there is one).
pub fn import_proceedings(bytes: &[u8]) -> Result<Vec<ProceedingCase>, ImportError> {
    let rows = file_rows(bytes, PROCEEDINGS_SHEET)?;
    parse_sheet(&rows, &PROCEEDING_COLUMNS, proceeding_row, |p| {
        Some(p.id.clone())
    })
}

fn proceeding_row(
    line: u64,
    cells: &[String],
    map: &ColumnMap,
) -> Result<ProceedingCase, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut err = |column: &'static str, problem: RowProblem| {
        errors.push(RowError {
            line,
            column: Some(column),
            problem,
        });
    };
    let get = |key: &str| cell(cells, map, key);
    for c in PROCEEDING_COLUMNS.iter().filter(|c| c.value_required) {
        if get(c.key).is_none() {
            err(c.key, RowProblem::Missing);
        }
    }
    let mut date = |key: &'static str| {
        let v = get(key)?;
        let d = parse_date(v);
        if d.is_none() {
            err(key, RowProblem::BadDate(v.to_owned()));
        }
        d
    };
    let filed = date("filed");
    let decided = date("decided");
    let kind = get("kind").and_then(|v| {
        let k = proceeding(v);
        if k.is_none() {
            err("kind", RowProblem::UnknownProceeding(v.to_owned()));
        }
        k
    });
    let res = get("result").and_then(|v| {
        let r = result(v);
        if r.is_none() {
            err("result", RowProblem::UnknownProceedingResult(v.to_owned()));
        }
        r
    });
    if get("decided").is_some() != get("result").is_some() {
        err("decided", RowProblem::DecisionIncomplete);
    }
    if let (Some(f), Some(d)) = (filed, decided)
        && d < f
    {
        err(
            "decided",
            RowProblem::DecidedBeforeFiled {
                filed: f,
                decided: d,
            },
        );
    }
    match (get("id"), kind, filed) {
        (Some(id), Some(kind), Some(filed)) if errors.is_empty() => Ok(ProceedingCase {
            id: id.to_owned(),
            kind,
            filed,
            decided: decided.zip(res),
            application: get("application").map(str::to_owned),
        }),
        _ => Err(errors),
    }
}

/// Table 2 figures of `year` (edition in force that year), CSV or XLSX (the sheet 表二 if
/// there is one): rows `row,col,value` by the format's keys or labels.
pub fn import_table2(bytes: &[u8], year: i16) -> Result<Table2Figures, ImportError> {
    let edition = Edition::for_report_year(i32::from(year));
    let rows = file_rows(bytes, TABLE2_SHEET)?;
    let cells = parse_sheet(
        &rows,
        &TABLE2_COLUMNS,
        |line, cells, map| figure_row(line, cells, map, edition),
        |c| c.map(|(row, col, _)| format!("{row}.{col}")),
    )?;
    let mut t = Table2Figures::new(year, edition);
    for (row, col, value) in cells.into_iter().flatten() {
        // Checked in `figure_row`; a failure here would be a bug, reported as a row error.
        t.set(row, col, value).map_err(|e| {
            ImportError::Rows(vec![RowError {
                line: 0,
                column: Some("value"),
                problem: RowProblem::Table2(e.to_string()),
            }])
        })?;
    }
    Ok(t)
}

/// A row key of table 2 by key or label.
fn t2_row(edition: Edition, v: &str) -> Option<&'static str> {
    let n = normalise(v);
    gongkai_format::edition_def(edition)
        .table2
        .rows()
        .map(|(_, r)| r)
        .find(|r| {
            r.key.eq_ignore_ascii_case(&n)
                || normalise(r.label) == n
                || r.texts.iter().any(|t| normalise(t) == n)
        })
        .map(|r| r.key)
}

/// A figure; `None` for a listed cell left empty (the template lists every cell).
fn figure_row(
    line: u64,
    cells: &[String],
    map: &ColumnMap,
    edition: Edition,
) -> Result<Option<(&'static str, &'static str, Num)>, Vec<RowError>> {
    let bad = |column: &'static str, problem: RowProblem| {
        vec![RowError {
            line,
            column: Some(column),
            problem,
        }]
    };
    let get = |key: &str| cell(cells, map, key);
    if get("value").is_none() && get("row").is_some() && get("col").is_some() {
        return Ok(None);
    }
    let (Some(row), Some(col), Some(value)) = (get("row"), get("col"), get("value")) else {
        let missing = ["row", "col", "value"]
            .into_iter()
            .find(|k| get(k).is_none())
            .unwrap_or("row");
        return Err(bad(missing, RowProblem::Missing));
    };
    let Some(row_key) = t2_row(edition, row) else {
        return Err(bad(
            "row",
            RowProblem::Table2(format!(
                "表二（{} 年版）没有“{row}”这一行",
                edition.as_str()
            )),
        ));
    };
    let Some((block, _)) = gongkai_format::edition_def(edition).table2.row(row_key) else {
        return Err(bad("row", RowProblem::Table2(format!("“{row}”"))));
    };
    let n = normalise(col);
    let Some(c) = block.columns.iter().find(|c| {
        c.key.eq_ignore_ascii_case(&n)
            || normalise(c.label) == n
            || c.variants.iter().any(|v| normalise(v) == n)
    }) else {
        return Err(bad(
            "col",
            RowProblem::Table2(format!("表二“{row}”没有“{col}”这一栏")),
        ));
    };
    let Some(num) = number(value) else {
        return Err(bad("value", RowProblem::BadNumber(value.to_owned())));
    };
    // The same checks as `Table2Figures::set`, reported on this row.
    let mut probe = Table2Figures::new(2000, edition);
    if let Err(e) = probe.set(row_key, c.key, num) {
        return Err(bad("value", RowProblem::Table2(e.to_string())));
    }
    Ok(Some((row_key, c.key, num)))
}

/// A figure as typed: whole numbers exactly, decimals (amounts in 万元) as decimals;
/// thousands separators allowed.
fn number(v: &str) -> Option<Num> {
    let v = v.replace([',', '，'], "");
    if let Ok(i) = v.parse::<i64>() {
        return Some(Num::Int(i));
    }
    v.parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map(Num::Dec)
}

/// The sheet names of an XLSX workbook, to tell which of the ledger's sheets it holds.
#[cfg(feature = "xlsx")]
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    use calamine::Reader;
    let wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(ImportError::Xlsx)?;
    Ok(wb.sheet_names().clone())
}

/// The sheet names of an XLSX workbook (this build reads no XLSX).
#[cfg(not(feature = "xlsx"))]
pub fn sheet_names(_bytes: &[u8]) -> Result<Vec<String>, ImportError> {
    Err(ImportError::XlsxNotSupported)
}
