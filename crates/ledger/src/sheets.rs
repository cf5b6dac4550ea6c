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

/// The sheet of applications (the ledger proper) in an XLSX workbook.
pub const SHEET: &str = "台账";
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

/// What a ledger file holds: applications (台账), proceedings (复议诉讼, table 4), table 2
/// figures (表二). An XLSX workbook may hold all three sheets (each one present is read); a
/// CSV file holds one, told by its header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workbook {
    pub cases: Option<Vec<crate::case::Case>>,
    pub proceedings: Option<Vec<ProceedingCase>>,
    pub table2: Option<Table2Figures>,
}

/// Why a ledger file was not read: which sheet, and its error.
#[derive(Debug)]
pub enum WorkbookError {
    Sheet {
        sheet: &'static str,
        error: ImportError,
    },
    /// Table 2 figures were given without the year they are for.
    Table2NeedsYear,
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkbookError::Sheet { sheet, error } => write!(f, "{sheet}: {error}"),
            WorkbookError::Table2NeedsYear => {
                f.write_str("表二数据需要指明年度 (table 2 figures need the year they are for)")
            }
        }
    }
}

impl std::error::Error for WorkbookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WorkbookError::Sheet { error, .. } => Some(error),
            WorkbookError::Table2NeedsYear => None,
        }
    }
}

/// Read a ledger file, all or nothing: every sheet it holds (`year` is the year of its table 2
/// figures, needed only when it has some).
pub fn import_workbook(bytes: &[u8], year: Option<i16>) -> Result<Workbook, WorkbookError> {
    let sheet = |sheet: &'static str| move |error| WorkbookError::Sheet { sheet, error };
    let table2 = |bytes: &[u8]| match year {
        Some(y) => import_table2(bytes, y).map_err(sheet(TABLE2_SHEET)),
        None => Err(WorkbookError::Table2NeedsYear),
    };
    if crate::import::Format::detect(bytes) == crate::import::Format::Xlsx {
        let names = sheet_names(bytes).map_err(sheet(SHEET))?;
        let has = |n: &str| names.iter().any(|s| s == n);
        let mut w = Workbook::default();
        if has(SHEET) || !(has(PROCEEDINGS_SHEET) || has(TABLE2_SHEET)) {
            w.cases = Some(crate::import::import(bytes).map_err(sheet(SHEET))?);
        }
        if has(PROCEEDINGS_SHEET) {
            w.proceedings = Some(import_proceedings(bytes).map_err(sheet(PROCEEDINGS_SHEET))?);
        }
        // The template's 表二 lists every cell; left empty, it holds nothing to import.
        let filled = |y| import_table2(bytes, y).map_or(true, |t| !t.is_empty());
        if has(TABLE2_SHEET) && (year.is_some() || filled(2021) || filled(2019)) {
            w.table2 = Some(table2(bytes)?);
        }
        return Ok(w);
    }
    // CSV: the sheet whose header it has (the applications' error if none).
    match crate::import::import(bytes) {
        Ok(c) => Ok(Workbook {
            cases: Some(c),
            ..Workbook::default()
        }),
        Err(first @ ImportError::NoHeader { .. }) => {
            match import_proceedings(bytes) {
                Ok(p) => {
                    return Ok(Workbook {
                        proceedings: Some(p),
                        ..Workbook::default()
                    });
                }
                Err(ImportError::NoHeader { .. }) => {}
                Err(e) => return Err(sheet(PROCEEDINGS_SHEET)(e)),
            }
            match import_table2(bytes, year.unwrap_or(2021)) {
                Ok(_) | Err(ImportError::Rows(_)) => Ok(Workbook {
                    table2: Some(table2(bytes)?),
                    ..Workbook::default()
                }),
                Err(ImportError::NoHeader { .. }) => Err(sheet(SHEET)(first)),
                Err(e) => Err(sheet(TABLE2_SHEET)(e)),
            }
        }
        Err(e) => Err(sheet(SHEET)(e)),
    }
}

impl Workbook {
    /// Why this file may not change a ledger whose locked years are those of `ledger`: a
    /// changed proceeding filed or decided in a locked year, or changed table 2 figures of a
    /// locked year (amendments with who and why exist for cases only).
    pub fn locked_change(
        &self,
        ledger: &crate::lock::Ledger,
        proceedings: &[ProceedingCase],
        table2: &[Table2Figures],
    ) -> Option<String> {
        if let Some(t) = &self.table2
            && ledger.is_locked(t.year)
            && table2.iter().find(|o| o.year == t.year) != Some(t)
        {
            return Some(format!(
                "{} 年度已锁定，表二数据不能再改 (year {} is locked: its table 2 figures cannot change)",
                t.year, t.year
            ));
        }
        for p in self.proceedings.iter().flatten() {
            if proceedings.iter().any(|o| o == p) {
                continue;
            }
            let years = [Some(p.filed), p.decided.map(|d| d.0)];
            if let Some(y) = years
                .into_iter()
                .flatten()
                .map(|d| d.year())
                .find(|y| ledger.is_locked(*y))
            {
                return Some(format!(
                    "{}：{y} 年度已锁定，复议诉讼案件不能再改 (year {y} is locked: proceeding {} cannot change)",
                    p.id, p.id
                ));
            }
        }
        None
    }

    /// Put this file's proceedings and figures into a ledger's: proceedings by id (the file's
    /// replace the stored ones, others are kept), the figures of its year replaced. Returns
    /// notes for the user.
    pub fn merge_into(
        &mut self,
        proceedings: &mut Vec<ProceedingCase>,
        table2: &mut Vec<Table2Figures>,
    ) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(ps) = self.proceedings.take() {
            let n = ps.len();
            for p in ps {
                match proceedings.iter_mut().find(|o| o.id == p.id) {
                    Some(o) => *o = p,
                    None => proceedings.push(p),
                }
            }
            notes.push(format!(
                "复议诉讼 {n} 件，共 {} 件 ({n} proceedings read, {} in the ledger)",
                proceedings.len(),
                proceedings.len()
            ));
        }
        if let Some(t) = self.table2.take() {
            let y = t.year;
            table2.retain(|o| o.year != y);
            table2.push(t);
            notes.push(format!(
                "{y} 年表二数据已更新 (table 2 figures of {y} replaced)"
            ));
        }
        notes
    }
}
