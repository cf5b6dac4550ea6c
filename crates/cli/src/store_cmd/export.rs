//! `gongkai export`: the flat long table (CSV, XLSX, Parquet) or the statutory layout (XLSX)
//! of a selection, read from the store a page of reports at a time.

use super::{DbArg, SelectArgs, fail};
use clap::ValueEnum;
use gongkai_store::export::{CsvWriter, FlatRow};
use gongkai_store::{Selection, Store, StoreError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// UTF-8 with BOM (Excel/WPS open it as is).
    Csv,
    Xlsx,
    /// Parquet (DuckDB, pandas, Spark, Trino); needs the build feature `parquet`.
    Parquet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    /// One row per cell: body,region_code,kind,year,edition,table,row,col,value,blank,source_sha256,line.
    Flat,
    /// XLSX only: one sheet per report laid out as the official tables, and a summary sheet.
    Statutory,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The file to write.
    #[arg(short = 'o', long = "output", value_name = "FILE", required = true)]
    output: PathBuf,
    #[arg(long, value_enum, default_value_t = Layout::Flat)]
    layout: Layout,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    select: SelectArgs,
    /// Every version, not only the current ones.
    #[arg(long)]
    all_versions: bool,
}

/// Reports read per query.
const PAGE: usize = 500;

/// Calls `f` for every flat row of the selection, a page of reports at a time.
fn each_row(
    store: &mut Store,
    sel: &Selection,
    mut f: impl FnMut(&FlatRow) -> Result<(), String>,
) -> Result<usize, String> {
    let mut after = 0;
    let mut n = 0;
    loop {
        let ids = store
            .report_ids(sel, after, PAGE)
            .map_err(|e: StoreError| e.to_string())?;
        let Some(last) = ids.last().copied() else {
            return Ok(n);
        };
        for r in store.flat_rows(&ids).map_err(|e| e.to_string())? {
            f(&r)?;
            n += 1;
        }
        after = last;
    }
}

pub fn export(args: &ExportArgs) -> ExitCode {
    let mut sel = match args.select.selection() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    sel.all_versions = args.all_versions;
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let out = &args.output;
    let shown = out.display().to_string();
    let result = match (args.layout, args.format) {
        (Layout::Statutory, ExportFormat::Xlsx) => statutory(&mut store, &sel, out),
        (Layout::Statutory, _) => {
            Err("--layout statutory 只能导出 XLSX (needs --format xlsx)".into())
        }
        (Layout::Flat, ExportFormat::Csv) => (|| {
            let file = std::fs::File::create(out).map_err(|e| format!("{shown}: {e}"))?;
            let mut w = CsvWriter::new(std::io::BufWriter::new(file)).map_err(|e| e.to_string())?;
            let n = each_row(&mut store, &sel, |r| w.write(r).map_err(|e| e.to_string()))?;
            w.finish().map_err(|e| e.to_string())?;
            Ok(n)
        })(),
        (Layout::Flat, ExportFormat::Xlsx) => (|| {
            let mut w = gongkai_store::export::FlatXlsx::new().map_err(|e| e.to_string())?;
            let n = each_row(&mut store, &sel, |r| w.write(r).map_err(|e| e.to_string()))?;
            w.save(out).map_err(|e| format!("{shown}: {e}"))?;
            Ok(n)
        })(),
        (Layout::Flat, ExportFormat::Parquet) => parquet(&mut store, &sel, out),
    };
    match result {
        Ok(n) => {
            eprintln!("{shown}: {n} 行 (rows)");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

#[cfg(feature = "parquet")]
fn parquet(store: &mut Store, sel: &Selection, out: &std::path::Path) -> Result<usize, String> {
    let file = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut w = gongkai_store::export::ParquetWriter::new(file).map_err(|e| e.to_string())?;
    let n = each_row(store, sel, |r| w.write(r).map_err(|e| e.to_string()))?;
    w.finish().map_err(|e| e.to_string())?;
    Ok(n)
}

#[cfg(not(feature = "parquet"))]
fn parquet(_: &mut Store, _: &Selection, _: &std::path::Path) -> Result<usize, String> {
    Err(
        "此版本未包含 Parquet (built without Parquet): cargo build --release --features parquet"
            .into(),
    )
}

/// One sheet per report, then the summary sheet with the selection's sums.
fn statutory(store: &mut Store, sel: &Selection, out: &std::path::Path) -> Result<usize, String> {
    /// Sheets are built in memory: a workbook of more reports is not one a person opens.
    const MAX_SHEETS: usize = 2000;
    let mut book = gongkai_store::export::StatutoryXlsx::new();
    let mut after = 0;
    let mut n = 0;
    loop {
        let ids = store
            .report_ids(sel, after, PAGE)
            .map_err(|e| e.to_string())?;
        let Some(last) = ids.last().copied() else {
            break;
        };
        for id in ids {
            n += 1;
            if n > MAX_SHEETS {
                return Err(format!(
                    "选择了超过 {MAX_SHEETS} 份报告：请用 --year/--region/--kind 缩小范围 (more than {MAX_SHEETS} reports: narrow the selection)"
                ));
            }
            if let Some(r) = store.report(id).map_err(|e| e.to_string())? {
                book.add(&r).map_err(|e| e.to_string())?;
            }
        }
        after = last;
    }
    let stats = store.stats(sel).map_err(|e| e.to_string())?;
    book.save(out, &stats)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(n)
}
