//! The ledger as an XLSX workbook, the way offices keep it: a header row in Chinese, a row of
//! column keys under it, drop-downs for the enumerations and date checks on the date columns.
//! Empty, it is the template (`gongkai ledger template`); with cases, an export. Beside the
//! applications (台账): the reconsiderations and lawsuits (复议诉讼, table 4) and table 2 with
//! every cell of the edition listed (表二). The importers read all three back.

use crate::case::Case;
use crate::import::{COLUMNS, CaseValue, ColumnKind, ColumnSpec, case_values, choices};
use crate::sheets::{PROCEEDING_COLUMNS, PROCEEDINGS_SHEET, TABLE2_COLUMNS, TABLE2_SHEET};
use gongkai_format::Edition;
use jiff::civil::Date;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

pub use crate::sheets::SHEET;
/// The hidden sheet holding the drop-down lists.
pub const LISTS_SHEET: &str = "选项";
/// Rows below the header that carry the drop-downs and date checks.
pub const TEMPLATE_ROWS: u32 = 2000;
/// First data row (0-based): after the labels and the keys.
const FIRST_DATA_ROW: u32 = 2;

fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    let m = u8::try_from(d.month()).unwrap_or(1);
    let day = u8::try_from(d.day()).unwrap_or(1);
    ExcelDateTime::from_ymd(u16::try_from(d.year()).unwrap_or(1900), m, day)
}

/// The values of each drop-down column.
fn lists(edition: Edition) -> Vec<(ColumnKind, Vec<String>)> {
    [
        ColumnKind::Channel,
        ColumnKind::Applicant,
        ColumnKind::Outcome,
        ColumnKind::ConsultationKind,
        ColumnKind::Proceeding,
        ColumnKind::ProceedingResult,
    ]
    .into_iter()
    .map(|k| (k, choices(k, edition)))
    .collect()
}

/// Why a workbook could not be written.
#[derive(Debug)]
pub enum TemplateError {
    Xlsx(XlsxError),
    /// The flat ledger has one consultation per case; this case has more.
    TooManyConsultations {
        case_id: String,
    },
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::Xlsx(e) => write!(f, "XLSX: {e}"),
            TemplateError::TooManyConsultations { case_id } => write!(
                f,
                "case {case_id} has more than one consultation; the ledger sheet holds one"
            ),
        }
    }
}

impl std::error::Error for TemplateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TemplateError::Xlsx(e) => Some(e),
            TemplateError::TooManyConsultations { .. } => None,
        }
    }
}

impl From<XlsxError> for TemplateError {
    fn from(e: XlsxError) -> TemplateError {
        TemplateError::Xlsx(e)
    }
}

/// An XLSX ledger with `cases` (none for the template); outcomes offered are those of
/// `edition`.
pub fn write_xlsx(cases: &[Case], edition: Edition) -> Result<Vec<u8>, TemplateError> {
    if let Some(c) = cases.iter().find(|c| c.consultations.len() > 1) {
        return Err(TemplateError::TooManyConsultations {
            case_id: c.id.clone(),
        });
    }
    let mut wb = Workbook::new();
    let lists = lists(edition);

    let sheet = wb.add_worksheet();
    sheet.set_name(SHEET)?;
    let rows = TEMPLATE_ROWS.max(u32::try_from(cases.len()).unwrap_or(0));
    columns_sheet(sheet, &COLUMNS, &lists, rows)?;
    for (row, case) in (FIRST_DATA_ROW..).zip(cases) {
        write_case(sheet, row, case)?;
    }

    // Reconsiderations and lawsuits (table 4), and table 2 with every cell of the edition
    // listed, its value to fill in.
    let sheet = wb.add_worksheet();
    sheet.set_name(PROCEEDINGS_SHEET)?;
    columns_sheet(sheet, &PROCEEDING_COLUMNS, &lists, PROCEEDING_ROWS)?;
    let sheet = wb.add_worksheet();
    sheet.set_name(TABLE2_SHEET)?;
    columns_sheet(sheet, &TABLE2_COLUMNS, &lists, 0)?;
    let mut row = FIRST_DATA_ROW;
    for (block, r) in gongkai_format::edition_def(edition).table2.rows() {
        for c in block.columns {
            sheet.write_string(row, 0, r.core_text())?;
            sheet.write_string(row, 1, c.label)?;
            row += 1;
        }
    }
    sheet.set_column_width(1, 30.0)?;

    let list_sheet = wb.add_worksheet();
    list_sheet.set_name(LISTS_SHEET)?;
    for (col, (_, values)) in (0u16..).zip(&lists) {
        for (row, v) in (0u32..).zip(values) {
            list_sheet.write_string(row, col, v)?;
        }
    }
    list_sheet.set_hidden(true);
    Ok(wb.save_to_buffer()?)
}

/// Rows of the proceedings sheet that carry its drop-downs.
const PROCEEDING_ROWS: u32 = 200;

/// A sheet's header (labels, then keys), and drop-downs and date checks on `rows` rows.
fn columns_sheet(
    sheet: &mut Worksheet,
    columns: &[ColumnSpec],
    lists: &[(ColumnKind, Vec<String>)],
    rows: u32,
) -> Result<(), XlsxError> {
    write_header(sheet, columns)?;
    let last_row = FIRST_DATA_ROW + rows.max(1) - 1;
    for (col, spec) in (0u16..).zip(columns.iter()) {
        let validation = match spec.kind {
            ColumnKind::Date => Some(
                DataValidation::new()
                    .allow_date(DataValidationRule::Between(
                        ExcelDateTime::from_ymd(2000, 1, 1)?,
                        ExcelDateTime::from_ymd(2100, 12, 31)?,
                    ))
                    .set_error_title("日期")?
                    .set_error_message("请填写日期，格式 YYYY-MM-DD")?,
            ),
            kind => lists
                .iter()
                .position(|(k, _)| *k == kind)
                .and_then(|i| lists.get(i).map(|(_, v)| (i, v.len())))
                .map(|(i, n)| {
                    let letter = char::from(b'A' + u8::try_from(i).unwrap_or(0));
                    let range = format!("='{LISTS_SHEET}'!${letter}$1:${letter}${n}");
                    DataValidation::new()
                        .allow_list_formula(Formula::new(range))
                        .set_error_style(DataValidationErrorStyle::Stop)
                }),
        };
        if let Some(v) = validation {
            sheet.add_data_validation(FIRST_DATA_ROW, col, last_row, col, &v)?;
        }
        if matches!(spec.kind, ColumnKind::Date | ColumnKind::DateOrFlag) {
            sheet.set_column_format(col, &date_format())?;
        }
    }
    Ok(())
}

fn write_header(sheet: &mut Worksheet, columns: &[ColumnSpec]) -> Result<(), XlsxError> {
    let label = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin);
    let key = Format::new().set_italic().set_font_color("#7F7F7F");
    for (col, spec) in (0u16..).zip(columns.iter()) {
        sheet.write_string_with_format(0, col, spec.label, &label)?;
        sheet.write_string_with_format(1, col, spec.key, &key)?;
        let width = match spec.kind {
            ColumnKind::Text if spec.key == "request" => 36.0,
            ColumnKind::Outcome => 30.0,
            ColumnKind::Text => 14.0,
            _ => 16.0,
        };
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(FIRST_DATA_ROW, 1)?;
    Ok(())
}

fn write_case(sheet: &mut Worksheet, row: u32, c: &Case) -> Result<(), XlsxError> {
    let fmt = date_format();
    for (col, v) in (0u16..).zip(case_values(c)) {
        match v {
            None => {}
            Some(CaseValue::Text(t)) => {
                sheet.write_string(row, col, t)?;
            }
            Some(CaseValue::Date(d)) => {
                sheet.write_datetime_with_format(row, col, excel_date(d)?, &fmt)?;
            }
            // Fen to yuan: exact for every amount below 2^53 fen.
            Some(CaseValue::Fen(f)) => {
                sheet.write_number(row, col, f as f64 / 100.0)?;
            }
        }
    }
    Ok(())
}
