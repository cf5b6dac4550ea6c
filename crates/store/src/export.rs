//! Exports: the flat long table (one row per cell, columns [`FLAT_COLUMNS`]) as CSV (UTF-8
//! with BOM, so Excel and WPS read it), XLSX (feature `xlsx`) and Parquet (feature
//! `parquet`), and the statutory layout as XLSX (one sheet per report, feature `xlsx`).

use gongkai_report::Num;
use std::io::{self, Read, Write};

/// The columns of the flat table, in order.
pub const FLAT_COLUMNS: [&str; 12] = [
    "body",
    "region_code",
    "kind",
    "year",
    "edition",
    "table",
    "row",
    "col",
    "value",
    "blank",
    "source_sha256",
    "line",
];

/// One cell of one report.
#[derive(Clone, Debug, PartialEq)]
pub struct FlatRow {
    /// The body's name (canonical, or as read).
    pub body: String,
    /// Its region code.
    pub region_code: Option<String>,
    /// Its kind.
    pub kind: Option<String>,
    /// Report year.
    pub year: Option<i32>,
    /// Edition printed (`2019`, `2021`, `mixed`).
    pub edition: Option<String>,
    /// `table2`, `table3`, `table4`.
    pub table: String,
    /// Row key.
    pub row: String,
    /// Column key.
    pub col: String,
    /// Value (a blank cell is 0).
    pub value: Num,
    /// The source left the cell blank.
    pub blank: bool,
    /// Hash of the source file.
    pub source_sha256: String,
    /// 1-based line in the decoded source.
    pub line: u32,
}

/// An export error: the writer's, or the data too large for the format.
#[derive(Debug)]
pub enum ExportError {
    /// Writing failed.
    Io(io::Error),
    /// CSV.
    Csv(csv::Error),
    /// XLSX.
    #[cfg(feature = "xlsx")]
    Xlsx(rust_xlsxwriter::XlsxError),
    /// Parquet.
    #[cfg(feature = "parquet")]
    Parquet(Box<dyn std::error::Error + Send + Sync>),
    /// More rows than a sheet holds (1,048,576).
    TooManyRows {
        /// Rows to write.
        rows: usize,
    },
    /// A CSV read back that is not a flat table.
    BadFlat {
        /// 1-based line.
        line: u64,
        /// What is wrong.
        detail: String,
    },
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Io(e) => write!(f, "{e}"),
            ExportError::Csv(e) => write!(f, "{e}"),
            #[cfg(feature = "xlsx")]
            ExportError::Xlsx(e) => write!(f, "{e}"),
            #[cfg(feature = "parquet")]
            ExportError::Parquet(e) => write!(f, "{e}"),
            ExportError::TooManyRows { rows } => write!(
                f,
                "{rows} rows do not fit in one XLSX sheet (1,048,576): export CSV or Parquet"
            ),
            ExportError::BadFlat { line, detail } => write!(f, "line {line}: {detail}"),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Io(e) => Some(e),
            ExportError::Csv(e) => Some(e),
            #[cfg(feature = "xlsx")]
            ExportError::Xlsx(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for ExportError {
    fn from(e: io::Error) -> Self {
        ExportError::Io(e)
    }
}
impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Csv(e)
    }
}
#[cfg(feature = "xlsx")]
impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError::Xlsx(e)
    }
}

/// The UTF-8 byte order mark Excel and WPS need to read a CSV as UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the flat table as CSV, row by row.
pub struct CsvWriter<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// The BOM and the header.
    pub fn new(mut out: W) -> Result<Self, ExportError> {
        out.write_all(BOM)?;
        let mut w = csv::Writer::from_writer(out);
        w.write_record(FLAT_COLUMNS)?;
        Ok(CsvWriter { w })
    }

    /// One row.
    pub fn write(&mut self, r: &FlatRow) -> Result<(), ExportError> {
        self.w.write_record(fields(r))?;
        Ok(())
    }

    /// Flush.
    pub fn finish(mut self) -> Result<(), ExportError> {
        self.w.flush()?;
        Ok(())
    }
}

fn fields(r: &FlatRow) -> [String; 12] {
    [
        r.body.clone(),
        r.region_code.clone().unwrap_or_default(),
        r.kind.clone().unwrap_or_default(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        r.edition.clone().unwrap_or_default(),
        r.table.clone(),
        r.row.clone(),
        r.col.clone(),
        r.value.to_string(),
        if r.blank { "1" } else { "0" }.to_owned(),
        r.source_sha256.clone(),
        r.line.to_string(),
    ]
}

/// Read a flat CSV back (the BOM is skipped). A value with a decimal point or exponent reads
/// as a decimal, others as whole numbers.
pub fn read_csv<R: Read>(input: R) -> Result<Vec<FlatRow>, ExportError> {
    Ok(read_csv_numbered(input)?
        .into_iter()
        .map(|(_, r)| r)
        .collect())
}

/// [`read_csv`] with each row's 1-based line in the file, for errors that name it.
pub fn read_csv_numbered<R: Read>(input: R) -> Result<Vec<(u64, FlatRow)>, ExportError> {
    let mut rd = csv::ReaderBuilder::new().from_reader(input);
    let header: Vec<String> = rd
        .headers()?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    if header != FLAT_COLUMNS {
        return Err(ExportError::BadFlat {
            line: 1,
            detail: format!("columns are {header:?}, not {FLAT_COLUMNS:?}"),
        });
    }
    let mut out = Vec::new();
    for rec in rd.records() {
        let rec = rec?;
        let line = rec.position().map_or(0, |p| p.line());
        let bad = |detail: String| ExportError::BadFlat { line, detail };
        let f = |i: usize| rec.get(i).unwrap_or("").to_owned();
        let opt = |i: usize| Some(f(i)).filter(|s| !s.is_empty());
        let v = f(8);
        let value = if v.contains(['.', 'e', 'E']) || v.contains("inf") || v.contains("NaN") {
            Num::Dec(v.parse().map_err(|_| bad(format!("value {v}")))?)
        } else {
            Num::Int(v.parse().map_err(|_| bad(format!("value {v}")))?)
        };
        out.push((
            line,
            FlatRow {
                body: f(0),
                region_code: opt(1),
                kind: opt(2),
                year: match opt(3) {
                    Some(y) => Some(y.parse().map_err(|_| bad(format!("year {y}")))?),
                    None => None,
                },
                edition: opt(4),
                table: f(5),
                row: f(6),
                col: f(7),
                value,
                blank: f(9) == "1",
                source_sha256: f(10),
                line: f(11).parse().map_err(|_| bad(format!("line {}", f(11))))?,
            },
        ));
    }
    Ok(out)
}

#[cfg(feature = "xlsx")]
pub use xlsx::{FlatXlsx, StatutoryXlsx};

#[cfg(feature = "xlsx")]
mod xlsx {
    //! XLSX: the flat table on one sheet; the statutory layout, one sheet per report.

    use super::{ExportError, FLAT_COLUMNS, FlatRow};
    use crate::StoredReport;
    use crate::query::Stats;
    use gongkai_format::{
        ColumnDef, Edition, Enumerator, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TableId, edition_def,
    };
    use gongkai_report::{Cell, Num, Table};
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
    use std::collections::HashSet;
    use std::path::Path;

    const MAX_ROWS: usize = 1_048_576;

    /// The flat table as one sheet.
    pub struct FlatXlsx {
        book: Workbook,
        row: u32,
    }

    impl FlatXlsx {
        /// A workbook with the header written.
        pub fn new() -> Result<FlatXlsx, ExportError> {
            let mut book = Workbook::new();
            let sheet = book.add_worksheet();
            sheet.set_name("cells")?;
            let bold = Format::new().set_bold();
            for (i, c) in FLAT_COLUMNS.iter().enumerate() {
                sheet.write_string_with_format(0, i as u16, *c, &bold)?;
            }
            Ok(FlatXlsx { book, row: 1 })
        }

        /// One row.
        pub fn write(&mut self, r: &FlatRow) -> Result<(), ExportError> {
            if self.row as usize >= MAX_ROWS {
                return Err(ExportError::TooManyRows {
                    rows: self.row as usize + 1,
                });
            }
            let sheet = self.book.worksheet_from_index(0)?;
            let n = self.row;
            let text = |s: &Option<String>| s.clone().unwrap_or_default();
            sheet.write_string(n, 0, &r.body)?;
            sheet.write_string(n, 1, text(&r.region_code))?;
            sheet.write_string(n, 2, text(&r.kind))?;
            if let Some(y) = r.year {
                sheet.write_number(n, 3, f64::from(y))?;
            }
            sheet.write_string(n, 4, text(&r.edition))?;
            sheet.write_string(n, 5, &r.table)?;
            sheet.write_string(n, 6, &r.row)?;
            sheet.write_string(n, 7, &r.col)?;
            sheet.write_number(n, 8, r.value.as_f64())?;
            sheet.write_boolean(n, 9, r.blank)?;
            sheet.write_string(n, 10, &r.source_sha256)?;
            sheet.write_number(n, 11, f64::from(r.line))?;
            self.row += 1;
            Ok(())
        }

        /// Save.
        pub fn save(mut self, path: &Path) -> Result<(), ExportError> {
            self.book.save(path)?;
            Ok(())
        }

        /// The workbook's bytes (for a download).
        pub fn into_bytes(mut self) -> Result<Vec<u8>, ExportError> {
            Ok(self.book.save_to_buffer()?)
        }
    }

    /// The statutory layout: a sheet per report, then a summary sheet.
    pub struct StatutoryXlsx {
        book: Workbook,
        names: HashSet<String>,
        index: Vec<(String, crate::ReportSummary)>,
    }

    struct Styles {
        title: Format,
        head: Format,
        label: Format,
        num: Format,
        blank: Format,
    }

    fn styles() -> Styles {
        let b = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            head: b.clone().set_bold().set_align(FormatAlign::Center),
            label: b.clone(),
            num: b.clone().set_align(FormatAlign::Right),
            blank: b.set_align(FormatAlign::Center),
        }
    }

    /// A sheet name Excel accepts (≤ 31 characters, none of `[]:*?/\`), unique.
    fn sheet_name(taken: &mut HashSet<String>, want: &str) -> String {
        let clean: String = want
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
            .take(28)
            .collect();
        let mut name = clean.clone();
        let mut i = 2;
        while name.is_empty() || !taken.insert(name.to_lowercase()) {
            name = format!("{}~{i}", clean.chars().take(25).collect::<String>());
            i += 1;
        }
        name
    }

    fn put_cell(
        sheet: &mut Worksheet,
        s: &Styles,
        r: u32,
        c: u16,
        cell: Option<&Cell>,
    ) -> Result<(), ExportError> {
        match cell {
            None => sheet.write_blank(r, c, &s.blank)?,
            Some(cell) if cell.blank => {
                sheet.write_string_with_format(r, c, cell.raw.trim(), &s.blank)?
            }
            Some(cell) => match cell.value {
                Num::Int(i) => sheet.write_number_with_format(r, c, i as f64, &s.num)?,
                Num::Dec(d) => sheet.write_number_with_format(r, c, d, &s.num)?,
            },
        };
        Ok(())
    }

    /// Merge a range, or write one cell when the range is a single cell.
    fn merge(
        sheet: &mut Worksheet,
        (r1, c1, r2, c2): (u32, u16, u32, u16),
        text: &str,
        f: &Format,
    ) -> Result<(), ExportError> {
        if r1 == r2 && c1 == c2 {
            sheet.write_string_with_format(r1, c1, text, f)?;
        } else {
            sheet.merge_range(r1, c1, r2, c2, text, f)?;
        }
        Ok(())
    }

    impl StatutoryXlsx {
        /// An empty workbook.
        pub fn new() -> StatutoryXlsx {
            StatutoryXlsx {
                book: Workbook::new(),
                names: HashSet::new(),
                index: Vec::new(),
            }
        }

        /// A report as the official tables.
        pub fn add(&mut self, sr: &StoredReport) -> Result<(), ExportError> {
            let s = styles();
            let r = &sr.report;
            let year = sr.summary.year.map(|y| y.to_string()).unwrap_or_default();
            let body = sr
                .summary
                .body_name
                .clone()
                .or_else(|| r.meta.org.as_ref().map(|o| o.value.clone()))
                .unwrap_or_else(|| sr.summary.path.clone());
            let name = sheet_name(&mut self.names, &format!("{year}{body}"));
            let ed = r
                .edition
                .known()
                .or_else(|| sr.summary.year.map(Edition::for_report_year))
                .unwrap_or(Edition::E2021);
            let sheet = self.book.add_worksheet();
            sheet.set_name(&name)?;
            sheet.set_column_width(0, 16)?;
            sheet.set_column_width(1, 16)?;
            sheet.set_column_width(2, 40)?;
            for c in 3..10 {
                sheet.set_column_width(c, 11)?;
            }
            sheet.write_string_with_format(0, 0, format!("{body} {year}年度"), &s.title)?;
            sheet.write_string(
                1,
                0,
                format!(
                    "版式 {}（{}）  来源 {}  sha256 {}",
                    ed.as_str(),
                    ed.issued_by(),
                    sr.summary.path,
                    sr.summary.sha256
                ),
            )?;
            let mut row = 3u32;
            row = table2(sheet, &s, row, &r.table2, r.table2.edition.unwrap_or(ed))?;
            row = table3(
                sheet,
                &s,
                row + 1,
                &r.table3,
                r.table3.edition.unwrap_or(ed),
            )?;
            table4(sheet, &s, row + 1, &r.table4)?;
            self.index.push((name, sr.summary.clone()));
            Ok(())
        }

        /// The summary sheet (reports of the selection, sums of every cell) and save.
        pub fn save(mut self, path: &Path, stats: &Stats) -> Result<(), ExportError> {
            self.summary(stats)?;
            self.book.save(path)?;
            Ok(())
        }

        /// The summary sheet, and the workbook's bytes (for a download).
        pub fn into_bytes(mut self, stats: &Stats) -> Result<Vec<u8>, ExportError> {
            self.summary(stats)?;
            Ok(self.book.save_to_buffer()?)
        }

        fn summary(&mut self, stats: &Stats) -> Result<(), ExportError> {
            let s = styles();
            let sheet = self.book.add_worksheet();
            sheet.set_name("汇总")?;
            let head = [
                "工作表",
                "机关",
                "区划代码",
                "类型",
                "年度",
                "版式",
                "版本",
                "错误",
                "警告",
            ];
            for (i, h) in head.iter().enumerate() {
                sheet.write_string_with_format(0, i as u16, *h, &s.head)?;
            }
            let mut row = 1u32;
            for (name, r) in &self.index {
                sheet.write_string(row, 0, name)?;
                sheet.write_string(row, 1, r.body_name.clone().unwrap_or_default())?;
                sheet.write_string(row, 2, r.region_code.clone().unwrap_or_default())?;
                sheet.write_string(row, 3, r.kind.clone().unwrap_or_default())?;
                if let Some(y) = r.year {
                    sheet.write_number(row, 4, f64::from(y))?;
                }
                sheet.write_string(row, 5, r.edition.clone().unwrap_or_default())?;
                sheet.write_number(row, 6, r.version as f64)?;
                sheet.write_number(row, 7, r.errors as f64)?;
                sheet.write_number(row, 8, r.warnings as f64)?;
                row += 1;
            }
            row += 1;
            for (i, h) in ["单元格", "项目", "合计", "报告数", "机关数"]
                .iter()
                .enumerate()
            {
                sheet.write_string_with_format(row, i as u16, *h, &s.head)?;
            }
            row += 1;
            for c in &stats.cells {
                let label = c
                    .key
                    .cell_ref()
                    .map(|r| crate::rates::cell_label(&r))
                    .unwrap_or_default();
                sheet.write_string(row, 0, c.key.to_string())?;
                sheet.write_string(row, 1, label)?;
                sheet.write_number(row, 2, c.sum.as_f64())?;
                sheet.write_number(row, 3, c.reports as f64)?;
                sheet.write_number(row, 4, c.bodies as f64)?;
                row += 1;
            }
            sheet.set_column_width(0, 36)?;
            sheet.set_column_width(1, 48)?;
            Ok(())
        }
    }

    impl Default for StatutoryXlsx {
        fn default() -> Self {
            StatutoryXlsx::new()
        }
    }

    fn caption(
        sheet: &mut Worksheet,
        s: &Styles,
        row: u32,
        id: TableId,
        t: &Table,
    ) -> Result<(), ExportError> {
        let mut text = format!(
            "{}、{}",
            gongkai_format::NUMERALS[usize::from(id.section()) - 1],
            id.name_zh()
        );
        if t.span.is_none() {
            text.push_str("（报告中未找到）");
        }
        sheet.write_string_with_format(row, 0, text, &s.title)?;
        Ok(())
    }

    fn table2(
        sheet: &mut Worksheet,
        s: &Styles,
        mut row: u32,
        t: &Table,
        e: Edition,
    ) -> Result<u32, ExportError> {
        caption(sheet, s, row, TableId::Table2, t)?;
        row += 1;
        let def = edition_def(e).table2;
        for block in def.blocks {
            let n = block.columns.len() as u16;
            merge(sheet, (row, 0, row, 2 + n), block.marker, &s.head)?;
            row += 1;
            merge(sheet, (row, 0, row, 2), def.row_header, &s.head)?;
            for (i, c) in block.columns.iter().enumerate() {
                sheet.write_string_with_format(row, 3 + i as u16, c.label, &s.head)?;
            }
            row += 1;
            for rd in block.rows {
                merge(sheet, (row, 0, row, 2), rd.label, &s.label)?;
                for (i, c) in block.columns.iter().enumerate() {
                    put_cell(sheet, s, row, 3 + i as u16, t.cell(rd.key, c.key))?;
                }
                row += 1;
            }
        }
        Ok(row)
    }

    fn table3(
        sheet: &mut Worksheet,
        s: &Styles,
        mut row: u32,
        t: &Table,
        e: Edition,
    ) -> Result<u32, ExportError> {
        caption(sheet, s, row, TableId::Table3, t)?;
        row += 1;
        let def = edition_def(e).table3;
        let cols: &[ColumnDef; 7] = &T3_COLUMNS;
        let last = 3 + cols.len() as u16 - 1;
        // Header: 申请人情况 over all columns; 自然人 and 总计 over two rows; 法人或其他组织
        // over the five organisation columns.
        merge(sheet, (row, 0, row + 2, 2), def.caption, &s.head)?;
        merge(sheet, (row, 3, row, last), def.applicants, &s.head)?;
        merge(sheet, (row + 1, 3, row + 2, 3), cols[0].label, &s.head)?;
        let orgs = def.organisation_columns();
        merge(
            sheet,
            (
                row + 1,
                3 + orgs.start as u16,
                row + 1,
                3 + orgs.end as u16 - 1,
            ),
            def.organisations,
            &s.head,
        )?;
        for i in orgs {
            sheet.write_string_with_format(row + 2, 3 + i as u16, cols[i].label, &s.head)?;
        }
        merge(
            sheet,
            (row + 1, last, row + 2, last),
            cols[cols.len() - 1].label,
            &s.head,
        )?;
        row += 3;
        // Rows: a row inside a group has the group's label to its left, merged down the
        // group's rows; a row inside 三、本年度办理结果 has that label in the first column.
        let rows = def.rows;
        let start = row;
        for rd in rows {
            let group = rd
                .group
                .and_then(|g| def.groups.iter().find(|d| d.key == g));
            let (first, text) = match group {
                Some(g) if g.parent.is_some() => (2u16, rd.label),
                Some(_) => (1u16, rd.label),
                None => (0u16, rd.label),
            };
            merge(sheet, (row, first, row, 2), text, &s.label)?;
            for (i, c) in cols.iter().enumerate() {
                put_cell(sheet, s, row, 3 + i as u16, t.cell(rd.key, c.key))?;
            }
            row += 1;
        }
        // Group labels, merged over their rows.
        for g in def.groups {
            let members: Vec<u32> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.group == Some(g.key)
                        || (g.parent.is_none()
                            && r.group
                                .and_then(|k| def.groups.iter().find(|d| d.key == k))
                                .is_some_and(|d| d.parent == Some(g.key)))
                })
                .map(|(i, _)| start + i as u32)
                .collect();
            let (Some(a), Some(b)) = (members.first(), members.last()) else {
                continue;
            };
            let col = if g.parent.is_some() { 1 } else { 0 };
            let label = match g.enumerator {
                Enumerator::None => g.texts.first().copied().unwrap_or(g.label),
                _ => g.label,
            };
            merge(sheet, (*a, col, *b, col), label, &s.label)?;
        }
        Ok(row)
    }

    fn table4(
        sheet: &mut Worksheet,
        s: &Styles,
        mut row: u32,
        t: &Table,
    ) -> Result<u32, ExportError> {
        caption(sheet, s, row, TableId::Table4, t)?;
        row += 1;
        let n = T4_COLUMNS.len() as u16;
        // Row 1: each group's heading (行政复议; 行政诉讼 over the two litigation groups).
        let mut c = 0u16;
        let mut i = 0;
        while i < T4_GROUPS.len() {
            let g = &T4_GROUPS[i];
            match g.parent {
                None => {
                    merge(sheet, (row, c, row + 1, c + n - 1), g.label, &s.head)?;
                    c += n;
                    i += 1;
                }
                Some(p) => {
                    let k = T4_GROUPS[i..]
                        .iter()
                        .take_while(|x| x.parent == Some(p))
                        .count() as u16;
                    merge(sheet, (row, c, row, c + k * n - 1), p, &s.head)?;
                    for j in 0..k {
                        let sub = &T4_GROUPS[i + usize::from(j)];
                        merge(
                            sheet,
                            (row + 1, c + j * n, row + 1, c + j * n + n - 1),
                            sub.label,
                            &s.head,
                        )?;
                    }
                    c += k * n;
                    i += usize::from(k);
                }
            }
        }
        for (gi, g) in T4_GROUPS.iter().enumerate() {
            for (ci, col) in T4_COLUMNS.iter().enumerate() {
                let x = gi as u16 * n + ci as u16;
                sheet.write_string_with_format(row + 2, x, col.label, &s.head)?;
                put_cell(sheet, s, row + 3, x, t.cell(g.key, col.key))?;
            }
        }
        Ok(row + 4)
    }
}

#[cfg(feature = "parquet")]
pub use parquet_out::ParquetWriter;

#[cfg(feature = "parquet")]
mod parquet_out {
    //! Parquet through `arrow` record batches of up to 65,536 rows.

    use super::{ExportError, FlatRow};
    use arrow_array::builder::{
        BooleanBuilder, Float64Builder, Int32Builder, StringBuilder, UInt32Builder,
    };
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use std::sync::Arc;

    const BATCH: usize = 65_536;

    fn err(e: impl std::error::Error + Send + Sync + 'static) -> ExportError {
        ExportError::Parquet(Box::new(e))
    }

    /// Writes the flat table as Parquet (value as double, year as int32).
    pub struct ParquetWriter<W: std::io::Write + Send> {
        w: ArrowWriter<W>,
        schema: Arc<Schema>,
        rows: Vec<FlatRow>,
    }

    impl<W: std::io::Write + Send> ParquetWriter<W> {
        /// A writer with the flat schema.
        pub fn new(out: W) -> Result<Self, ExportError> {
            let s = |n: &str, nullable| Field::new(n, DataType::Utf8, nullable);
            let schema = Arc::new(Schema::new(vec![
                s("body", false),
                s("region_code", true),
                s("kind", true),
                Field::new("year", DataType::Int32, true),
                s("edition", true),
                s("table", false),
                s("row", false),
                s("col", false),
                Field::new("value", DataType::Float64, false),
                Field::new("blank", DataType::Boolean, false),
                s("source_sha256", false),
                Field::new("line", DataType::UInt32, false),
            ]));
            let w = ArrowWriter::try_new(out, schema.clone(), None).map_err(err)?;
            Ok(ParquetWriter {
                w,
                schema,
                rows: Vec::new(),
            })
        }

        /// One row.
        pub fn write(&mut self, r: &FlatRow) -> Result<(), ExportError> {
            self.rows.push(r.clone());
            if self.rows.len() >= BATCH {
                self.flush()?;
            }
            Ok(())
        }

        fn flush(&mut self) -> Result<(), ExportError> {
            if self.rows.is_empty() {
                return Ok(());
            }
            let rows = std::mem::take(&mut self.rows);
            let text = |f: &dyn Fn(&FlatRow) -> Option<&str>| -> ArrayRef {
                let mut b = StringBuilder::new();
                for r in &rows {
                    b.append_option(f(r));
                }
                Arc::new(b.finish())
            };
            let mut year = Int32Builder::new();
            let mut value = Float64Builder::new();
            let mut blank = BooleanBuilder::new();
            let mut line = UInt32Builder::new();
            for r in &rows {
                year.append_option(r.year);
                value.append_value(r.value.as_f64());
                blank.append_value(r.blank);
                line.append_value(r.line);
            }
            let cols: Vec<ArrayRef> = vec![
                text(&|r| Some(r.body.as_str())),
                text(&|r| r.region_code.as_deref()),
                text(&|r| r.kind.as_deref()),
                Arc::new(year.finish()),
                text(&|r| r.edition.as_deref()),
                text(&|r| Some(r.table.as_str())),
                text(&|r| Some(r.row.as_str())),
                text(&|r| Some(r.col.as_str())),
                Arc::new(value.finish()),
                Arc::new(blank.finish()),
                text(&|r| Some(r.source_sha256.as_str())),
                Arc::new(line.finish()),
            ];
            let batch = RecordBatch::try_new(self.schema.clone(), cols).map_err(err)?;
            self.w.write(&batch).map_err(err)?;
            Ok(())
        }

        /// Flush and close.
        pub fn finish(mut self) -> Result<(), ExportError> {
            self.flush()?;
            self.w.close().map_err(err)?;
            Ok(())
        }
    }
}
