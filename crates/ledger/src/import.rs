//! Reading a ledger kept in CSV or XLSX, all or nothing.
//!
//! The header row names the columns by key (`received`) or by Chinese label (`收到申请日期`);
//! titles above it are skipped, and so is a second header row right after it (the template
//! has labels then keys). Extra columns are ignored. Every bad row is reported with its line
//! (1-based, as a spreadsheet numbers rows) and reason; if any row is bad, no case is returned.

use crate::case::{
    ApplicantKind, Case, CaseProblem, Channel, Consultation, ConsultationKind, Correction,
    Extension, Fee, Outcome, Reply, Step, normalise,
};
use jiff::civil::Date;
use std::collections::HashMap;
use std::fmt;

/// A column of the ledger.
#[derive(Debug)]
pub struct ColumnSpec {
    pub key: &'static str,
    /// The Chinese header.
    pub label: &'static str,
    /// The header must be present (its cells may still be empty, except where noted).
    pub required: bool,
    /// Every row must have a value.
    pub value_required: bool,
    pub kind: ColumnKind,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    Date,
    Channel,
    Applicant,
    Outcome,
    ConsultationKind,
    /// A date, or yes/no.
    DateOrFlag,
    /// An amount in 元.
    Yuan,
    /// A group of table 4 (行政复议, 行政诉讼 …), by key or label.
    Proceeding,
    /// A result column of table 4 (维持, 纠正, 其他), by key or label.
    ProceedingResult,
    /// A number (a figure of table 2).
    Number,
}

pub(crate) const fn col(
    key: &'static str,
    label: &'static str,
    required: bool,
    value_required: bool,
    kind: ColumnKind,
) -> ColumnSpec {
    ColumnSpec {
        key,
        label,
        required,
        value_required,
        kind,
    }
}

/// The columns, in template order.
pub static COLUMNS: [ColumnSpec; 17] = [
    col("id", "编号", true, true, ColumnKind::Text),
    col("received", "收到申请日期", true, true, ColumnKind::Date),
    col("channel", "申请方式", true, true, ColumnKind::Channel),
    col(
        "applicant_type",
        "申请人类型",
        true,
        true,
        ColumnKind::Applicant,
    ),
    col("request", "申请内容", false, false, ColumnKind::Text),
    col(
        "correction_requested",
        "告知补正日期",
        true,
        false,
        ColumnKind::Date,
    ),
    col(
        "correction_received",
        "收到补正日期",
        true,
        false,
        ColumnKind::Date,
    ),
    col(
        "consultation_kind",
        "征求意见对象",
        false,
        false,
        ColumnKind::ConsultationKind,
    ),
    col(
        "consultation_sent",
        "征求意见发出日期",
        true,
        false,
        ColumnKind::Date,
    ),
    col(
        "consultation_answered",
        "收到意见日期",
        true,
        false,
        ColumnKind::Date,
    ),
    col(
        "extended",
        "延期批准日期",
        true,
        false,
        ColumnKind::DateOrFlag,
    ),
    col("outcome", "办理结果", true, false, ColumnKind::Outcome),
    col("replied", "答复日期", true, false, ColumnKind::Date),
    col("fee", "信息处理费（元）", false, false, ColumnKind::Yuan),
    col(
        "fee_notified",
        "收费通知日期",
        false,
        false,
        ColumnKind::Date,
    ),
    col("fee_paid", "缴费日期", false, false, ColumnKind::Date),
    col("note", "备注", false, false, ColumnKind::Text),
];

/// The spec of a column by key.
pub fn column(key: &str) -> Option<&'static ColumnSpec> {
    COLUMNS.iter().find(|c| c.key == key)
}

/// The values a column of an enumeration accepts, as the template's drop-downs offer them
/// (empty for columns that are not enumerations).
pub fn choices(kind: ColumnKind, edition: gongkai_format::Edition) -> Vec<String> {
    match kind {
        ColumnKind::Channel => Channel::ALL.iter().map(|c| c.label().to_owned()).collect(),
        ColumnKind::Applicant => ApplicantKind::all().map(|a| a.label().to_owned()).collect(),
        ColumnKind::Outcome => Outcome::all(edition).map(|o| o.ledger_label()).collect(),
        ColumnKind::ConsultationKind => ConsultationKind::ALL
            .iter()
            .map(|k| k.label().to_owned())
            .collect(),
        ColumnKind::Proceeding => crate::tables::Proceeding::all()
            .map(|p| p.label().to_owned())
            .collect(),
        ColumnKind::ProceedingResult => crate::tables::ProceedingResult::all()
            .map(|r| r.label().to_owned())
            .collect(),
        ColumnKind::Text
        | ColumnKind::Date
        | ColumnKind::DateOrFlag
        | ColumnKind::Yuan
        | ColumnKind::Number => Vec::new(),
    }
}

/// A case's value in a ledger column: what the importer reads back into the same case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseValue {
    Text(String),
    Date(Date),
    /// An amount in fen, written in 元.
    Fen(i64),
}

impl fmt::Display for CaseValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaseValue::Text(t) => f.write_str(t),
            CaseValue::Date(d) => write!(f, "{d}"),
            CaseValue::Fen(n) => write!(
                f,
                "{}{}.{:02}",
                if *n < 0 { "-" } else { "" },
                n.unsigned_abs() / 100,
                n.unsigned_abs() % 100
            ),
        }
    }
}

/// A case as a ledger row: its value in each column of [`COLUMNS`], in order (none: empty).
/// Only the first consultation has columns.
pub fn case_values(c: &Case) -> Vec<Option<CaseValue>> {
    COLUMNS
        .iter()
        .map(|spec| {
            let text: Option<String> = match spec.key {
                "id" => Some(c.id.clone()),
                "channel" => Some(c.channel.label().to_owned()),
                "applicant_type" => Some(c.applicant.label().to_owned()),
                "request" => Some(c.request.clone()).filter(|s| !s.is_empty()),
                "note" => Some(c.note.clone()).filter(|s| !s.is_empty()),
                "outcome" => c.reply.as_ref().map(|r| r.outcome.ledger_label()),
                "consultation_kind" => c
                    .consultations
                    .first()
                    .and_then(|k| k.kind)
                    .map(|k| k.label().to_owned()),
                "extended" => c
                    .extension
                    .as_ref()
                    .filter(|e| e.approved.is_none())
                    .map(|_| "是".to_owned()),
                _ => None,
            };
            let day = match spec.key {
                "received" => Some(c.received),
                "correction_requested" => c.correction.as_ref().map(|x| x.requested),
                "correction_received" => c.correction.as_ref().and_then(|x| x.received),
                "consultation_sent" => c.consultations.first().map(|x| x.sent),
                "consultation_answered" => c.consultations.first().and_then(|x| x.answered),
                "extended" => c.extension.as_ref().and_then(|e| e.approved),
                "replied" => c.reply.as_ref().map(|r| r.date),
                "fee_notified" => c.fee.as_ref().and_then(|f| f.notified),
                "fee_paid" => c.fee.as_ref().and_then(|f| f.paid),
                _ => None,
            };
            text.map(CaseValue::Text)
                .or(day.map(CaseValue::Date))
                .or_else(|| {
                    (spec.key == "fee")
                        .then(|| c.fee.as_ref().map(|f| CaseValue::Fen(f.amount_fen)))
                        .flatten()
                })
        })
        .collect()
}

/// What is wrong with a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowProblem {
    /// A value every row needs is empty.
    Missing,
    /// Not a date (`YYYY-MM-DD`), or no such day.
    BadDate(String),
    UnknownChannel(String),
    UnknownApplicant(String),
    UnknownOutcome(String),
    UnknownConsultationKind(String),
    /// Neither a date nor yes/no.
    BadFlag(String),
    /// Not an amount in 元 (at most two decimals).
    BadAmount(String),
    /// The id was used on an earlier line.
    DuplicateId {
        id: String,
        first_line: u64,
    },
    /// A step dated before one it must follow.
    DateOrder {
        earlier: (Step, Date),
        later: (Step, Date),
    },
    /// An outcome with no reply date.
    OutcomeWithoutReply,
    /// A reply date with no outcome.
    ReplyWithoutOutcome,
    /// An answer (correction received, consultation answered, fee paid) without its request.
    AnswerWithoutRequest,
    /// A case problem not covered above.
    Case(CaseProblem),
    /// Not a group of table 4.
    UnknownProceeding(String),
    /// Not a result column of table 4.
    UnknownProceedingResult(String),
    /// A decision date without a result, or a result without its date.
    DecisionIncomplete,
    /// A proceeding decided before it was filed.
    DecidedBeforeFiled {
        filed: Date,
        decided: Date,
    },
    /// Not a number.
    BadNumber(String),
    /// A cell the edition's table 2 does not have, or a value it cannot hold.
    Table2(String),
}

/// A bad row: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line (CSV) or row number (XLSX).
    pub line: u64,
    /// The column at fault, by key.
    pub column: Option<&'static str>,
    pub problem: RowProblem,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowProblem::Missing => f.write_str("缺少必填内容"),
            RowProblem::BadDate(v) => write!(f, "“{v}”不是有效日期（应为 YYYY-MM-DD）"),
            RowProblem::UnknownChannel(v) => write!(f, "未知的申请方式“{v}”"),
            RowProblem::UnknownApplicant(v) => write!(f, "未知的申请人类型“{v}”"),
            RowProblem::UnknownOutcome(v) => write!(f, "未知的办理结果“{v}”"),
            RowProblem::UnknownConsultationKind(v) => write!(f, "未知的征求意见对象“{v}”"),
            RowProblem::BadFlag(v) => write!(f, "“{v}”既不是日期也不是“是/否”"),
            RowProblem::BadAmount(v) => write!(f, "“{v}”不是以元为单位的金额"),
            RowProblem::DuplicateId { id, first_line } => {
                write!(f, "编号“{id}”重复（第 {first_line} 行已使用）")
            }
            RowProblem::DateOrder { earlier, later } => write!(
                f,
                "日期顺序不可能：{}（{}）{} 早于{}（{}）{}",
                later.0.label(),
                later.0.column(),
                later.1,
                earlier.0.label(),
                earlier.0.column(),
                earlier.1
            ),
            RowProblem::OutcomeWithoutReply => f.write_str("填写了办理结果但没有答复日期"),
            RowProblem::ReplyWithoutOutcome => f.write_str("填写了答复日期但没有办理结果"),
            RowProblem::AnswerWithoutRequest => {
                f.write_str("填写了此项，但缺少它所跟随的一步（告知补正、发出征求意见或收费金额）")
            }
            RowProblem::Case(p) => p.fmt(f),
            RowProblem::UnknownProceeding(v) => write!(f, "未知的复议诉讼类别“{v}”"),
            RowProblem::UnknownProceedingResult(v) => write!(f, "未知的复议诉讼结果“{v}”"),
            RowProblem::DecisionIncomplete => {
                f.write_str("结案日期与结果须同时填写（尚未审结则都不填）")
            }
            RowProblem::DecidedBeforeFiled { filed, decided } => {
                write!(f, "结案日期 {decided} 早于申请复议或起诉日期 {filed}")
            }
            RowProblem::BadNumber(v) => write!(f, "“{v}”不是数字"),
            RowProblem::Table2(v) => f.write_str(v),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行", self.line)?;
        if let Some(c) = self.column {
            write!(f, "（{c}）")?;
        }
        write!(f, "：{}", self.problem)
    }
}

/// Why a ledger file was not imported.
#[derive(Debug)]
pub enum ImportError {
    /// The CSV could not be read.
    Csv(csv::Error),
    /// The workbook could not be read.
    #[cfg(feature = "xlsx")]
    Xlsx(calamine::XlsxError),
    /// An XLSX file, but the crate was built without the `xlsx` feature.
    XlsxNotSupported,
    /// No worksheet, or no rows.
    Empty,
    /// No row names all the required columns; these were missing from the closest row.
    NoHeader { missing: Vec<&'static str> },
    /// Two header cells name the same column.
    DuplicateColumn { key: &'static str, line: u64 },
    /// Bad rows (every one found); nothing was imported.
    Rows(Vec<RowError>),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Csv(e) => write!(f, "CSV: {e}"),
            #[cfg(feature = "xlsx")]
            ImportError::Xlsx(e) => write!(f, "XLSX: {e}"),
            ImportError::XlsxNotSupported => {
                f.write_str("XLSX ledgers need the `xlsx` feature of gongkai-ledger")
            }
            ImportError::Empty => f.write_str("the ledger has no rows"),
            ImportError::NoHeader { missing } => write!(
                f,
                "no header row with the required columns; missing: {}",
                missing.join(", ")
            ),
            ImportError::DuplicateColumn { key, line } => {
                write!(f, "line {line}: column {key} appears twice in the header")
            }
            ImportError::Rows(rows) => {
                write!(f, "{} bad row(s), nothing imported", rows.len())?;
                for r in rows {
                    write!(f, "\n  {r}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Csv(e) => Some(e),
            #[cfg(feature = "xlsx")]
            ImportError::Xlsx(e) => Some(e),
            _ => None,
        }
    }
}

/// The two file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// XLSX is a zip archive; anything else is read as CSV.
    pub fn detect(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            Format::Xlsx
        } else {
            Format::Csv
        }
    }
}

/// Import a ledger, CSV or XLSX by content.
pub fn import(bytes: &[u8]) -> Result<Vec<Case>, ImportError> {
    match Format::detect(bytes) {
        Format::Csv => import_csv(bytes),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => import_xlsx(bytes),
        #[cfg(not(feature = "xlsx"))]
        Format::Xlsx => Err(ImportError::XlsxNotSupported),
    }
}

/// Import a CSV ledger: UTF-8 (with or without BOM), or GB18030 as Excel saves it on Chinese
/// Windows.
pub fn import_csv(bytes: &[u8]) -> Result<Vec<Case>, ImportError> {
    parse_rows(csv_rows(bytes)?)
}

/// The rows of a CSV file, with their 1-based lines.
pub(crate) fn csv_rows(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => encoding_rs::GB18030.decode(bytes).0,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(ImportError::Csv)?;
        let line = rec.position().map_or(0, |p| p.line());
        rows.push((line, rec.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

/// Import an XLSX ledger: the sheet named 台账 if there is one, else the first. Date cells and
/// `YYYY-MM-DD` text both work.
#[cfg(feature = "xlsx")]
pub fn import_xlsx(bytes: &[u8]) -> Result<Vec<Case>, ImportError> {
    parse_rows(xlsx_rows(bytes, crate::sheets::SHEET)?)
}

/// The rows of the sheet named `sheet` if there is one, else of the first, with their
/// 1-based row numbers.
#[cfg(feature = "xlsx")]
pub(crate) fn xlsx_rows(bytes: &[u8], sheet: &str) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(ImportError::Xlsx)?;
    let range = if wb.sheet_names().iter().any(|n| n == sheet) {
        wb.worksheet_range(sheet)
    } else {
        wb.worksheet_range_at(0).ok_or(ImportError::Empty)?
    }
    .map_err(ImportError::Xlsx)?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| (first_row + i as u64 + 1, r.iter().map(cell_text).collect()))
        .collect();
    Ok(rows)
}

/// The rows of a CSV or XLSX file (by content; `sheet` picks the XLSX sheet).
pub(crate) fn file_rows(bytes: &[u8], sheet: &str) -> Result<Vec<(u64, Vec<String>)>, ImportError> {
    match Format::detect(bytes) {
        Format::Csv => csv_rows(bytes),
        #[cfg(feature = "xlsx")]
        Format::Xlsx => xlsx_rows(bytes, sheet),
        #[cfg(not(feature = "xlsx"))]
        Format::Xlsx => {
            let _ = sheet;
            Err(ImportError::XlsxNotSupported)
        }
    }
}

#[cfg(feature = "xlsx")]
fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers (an id typed as 7) without a trailing ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
    }
}

/// Which position holds which column.
pub(crate) type ColumnMap = HashMap<&'static str, usize>;

fn header_key(columns: &'static [ColumnSpec], cell: &str) -> Option<&'static str> {
    let n = normalise(cell);
    if n.is_empty() {
        return None;
    }
    columns
        .iter()
        .find(|c| n.eq_ignore_ascii_case(c.key) || n == normalise(c.label))
        .map(|c| c.key)
}

/// The columns a row names, if it names every required one.
fn header_of(
    columns: &'static [ColumnSpec],
    line: u64,
    cells: &[String],
) -> Result<Result<ColumnMap, Vec<&'static str>>, ImportError> {
    let mut map = ColumnMap::new();
    for (i, c) in cells.iter().enumerate() {
        if let Some(k) = header_key(columns, c)
            && map.insert(k, i).is_some()
        {
            return Err(ImportError::DuplicateColumn { key: k, line });
        }
    }
    let missing: Vec<&'static str> = columns
        .iter()
        .filter(|c| c.required && !map.contains_key(c.key))
        .map(|c| c.key)
        .collect();
    Ok(if missing.is_empty() {
        Ok(map)
    } else {
        Err(missing)
    })
}

/// Rows above the header this far down are titles; further down, there is no header.
const HEADER_SEARCH: usize = 10;

fn parse_rows(rows: Vec<(u64, Vec<String>)>) -> Result<Vec<Case>, ImportError> {
    parse_sheet(&rows, &COLUMNS, parse_row, |c| Some(c.id.clone()))
}

/// The records of a sheet, all or nothing: the header found among the first rows (a second
/// header row under it skipped), each data row parsed by `parse_row`, every bad row and every
/// repeated `id` reported with its line (a record without an id is not compared).
pub(crate) fn parse_sheet<T>(
    rows: &[(u64, Vec<String>)],
    columns: &'static [ColumnSpec],
    parse_row: impl Fn(u64, &[String], &ColumnMap) -> Result<T, Vec<RowError>>,
    id: impl Fn(&T) -> Option<String>,
) -> Result<Vec<T>, ImportError> {
    if rows.is_empty() {
        return Err(ImportError::Empty);
    }
    let mut best: Option<Vec<&'static str>> = None;
    let mut found = None;
    for (i, (line, cells)) in rows.iter().enumerate().take(HEADER_SEARCH) {
        match header_of(columns, *line, cells)? {
            Ok(map) => {
                found = Some((i, map));
                break;
            }
            Err(missing) => {
                if best.as_ref().is_none_or(|b| missing.len() < b.len()) {
                    best = Some(missing);
                }
            }
        }
    }
    let Some((header, map)) = found else {
        return Err(ImportError::NoHeader {
            missing: best.unwrap_or_default(),
        });
    };
    let mut data = rows.iter().skip(header + 1).peekable();
    // A second header row (keys under labels).
    while let Some((line, cells)) = data.peek() {
        if matches!(header_of(columns, *line, cells), Ok(Ok(_))) {
            data.next();
        } else {
            break;
        }
    }
    let mut cases = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, cells) in data {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match parse_row(*line, cells, &map) {
            Ok(case) => {
                let Some(key) = id(&case) else {
                    cases.push(case);
                    continue;
                };
                match seen.get(&key) {
                    Some(first) => errors.push(RowError {
                        line: *line,
                        column: Some(columns.first().map_or("id", |c| c.key)),
                        problem: RowProblem::DuplicateId {
                            id: key,
                            first_line: *first,
                        },
                    }),
                    None => {
                        seen.insert(key, *line);
                        cases.push(case);
                    }
                }
            }
            Err(mut e) => {
                // A bad row still claims its id, so a later duplicate is reported too.
                if let Some(id) = map
                    .get("id")
                    .filter(|_| columns.first().is_some_and(|c| c.key == "id"))
                    .and_then(|i| cells.get(*i))
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                {
                    if let Some(first) = seen.get(id) {
                        e.push(RowError {
                            line: *line,
                            column: Some("id"),
                            problem: RowProblem::DuplicateId {
                                id: id.to_owned(),
                                first_line: *first,
                            },
                        });
                    } else {
                        seen.insert(id.to_owned(), *line);
                    }
                }
                errors.extend(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(ImportError::Rows(errors))
    }
}

/// `YYYY-MM-DD`; also `YYYY/M/D`, `YYYY.M.D` and `YYYY年M月D日`, which spreadsheets produce.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let s = s
        .strip_suffix('日')
        .map(|t| t.replace(['年', '月'], "-"))
        .unwrap_or_else(|| s.to_owned());
    let mut parts = s.split(['-', '/', '.']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    let num = |t: &str| -> Option<i16> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// An amount in 元 → fen. At most two decimals; `¥`, `元` and thousands separators allowed.
fn parse_yuan(s: &str) -> Option<i64> {
    let t: String = s
        .trim()
        .trim_start_matches(['¥', '￥'])
        .trim_end_matches('元')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.as_str()),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || frac.len() > 2 {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    let fen = whole.checked_mul(100)?.checked_add(frac)?;
    Some(if neg { -fen } else { fen })
}

fn parse_flag(s: &str) -> Option<bool> {
    match normalise(s).to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" | "√" | "✓" | "已延期" => Some(true),
        "否" | "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn parse_row(line: u64, cells: &[String], map: &ColumnMap) -> Result<Case, Vec<RowError>> {
    let mut errors = Vec::new();
    let get = |key: &str| -> Option<&str> {
        map.get(key)
            .and_then(|i| cells.get(*i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    };
    let mut err = |column: &'static str, problem: RowProblem| {
        errors.push(RowError {
            line,
            column: Some(column),
            problem,
        });
    };
    for c in COLUMNS.iter().filter(|c| c.value_required) {
        if get(c.key).is_none() {
            err(c.key, RowProblem::Missing);
        }
    }
    let mut date = |key: &'static str| -> Option<Date> {
        let v = get(key)?;
        let d = parse_date(v);
        if d.is_none() {
            err(key, RowProblem::BadDate(v.to_owned()));
        }
        d
    };
    let received = date("received");
    let correction_requested = date("correction_requested");
    let correction_received = date("correction_received");
    let consultation_sent = date("consultation_sent");
    let consultation_answered = date("consultation_answered");
    let replied = date("replied");
    let fee_notified = date("fee_notified");
    let fee_paid = date("fee_paid");

    let mut err = |column: &'static str, problem: RowProblem| {
        errors.push(RowError {
            line,
            column: Some(column),
            problem,
        });
    };
    let channel = get("channel").and_then(|v| {
        let c = Channel::parse(v);
        if c.is_none() {
            err("channel", RowProblem::UnknownChannel(v.to_owned()));
        }
        c
    });
    let applicant = get("applicant_type").and_then(|v| {
        let a = ApplicantKind::parse(v);
        if a.is_none() {
            err("applicant_type", RowProblem::UnknownApplicant(v.to_owned()));
        }
        a
    });
    let outcome = get("outcome").and_then(|v| {
        let o = Outcome::parse(v);
        if o.is_none() {
            err("outcome", RowProblem::UnknownOutcome(v.to_owned()));
        }
        o
    });
    let consultation_kind = get("consultation_kind").and_then(|v| {
        let k = ConsultationKind::parse(v);
        if k.is_none() {
            err(
                "consultation_kind",
                RowProblem::UnknownConsultationKind(v.to_owned()),
            );
        }
        k
    });
    let extension = match get("extended") {
        None => None,
        Some(v) => match (parse_date(v), parse_flag(v)) {
            (Some(d), _) => Some(Extension { approved: Some(d) }),
            (None, Some(true)) => Some(Extension { approved: None }),
            (None, Some(false)) => None,
            (None, None) => {
                err("extended", RowProblem::BadFlag(v.to_owned()));
                None
            }
        },
    };
    let fee = match get("fee") {
        None => None,
        Some(v) => {
            let f = parse_yuan(v);
            if f.is_none() {
                err("fee", RowProblem::BadAmount(v.to_owned()));
            }
            f
        }
    };
    if get("outcome").is_some() && get("replied").is_none() {
        err("outcome", RowProblem::OutcomeWithoutReply);
    }
    if get("replied").is_some() && get("outcome").is_none() {
        err("replied", RowProblem::ReplyWithoutOutcome);
    }
    for (answer, request) in [
        ("correction_received", "correction_requested"),
        ("consultation_answered", "consultation_sent"),
        ("consultation_kind", "consultation_sent"),
        ("fee_notified", "fee"),
        ("fee_paid", "fee"),
    ] {
        if get(answer).is_some() && get(request).is_none() {
            err(
                column(answer).map_or("", |c| c.key),
                RowProblem::AnswerWithoutRequest,
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(id), Some(received), Some(channel), Some(applicant)) =
        (get("id"), received, channel, applicant)
    else {
        // Each of these has reported itself above.
        return Err(errors);
    };
    let mut case = Case::new(id, received, channel, applicant);
    case.request = get("request").unwrap_or_default().to_owned();
    case.note = get("note").unwrap_or_default().to_owned();
    case.correction = correction_requested.map(|requested| Correction {
        requested,
        received: correction_received,
    });
    if let Some(sent) = consultation_sent {
        case.consultations.push(Consultation {
            kind: consultation_kind,
            sent,
            answered: consultation_answered,
        });
    }
    case.extension = extension;
    case.reply = match (replied, outcome) {
        (Some(date), Some(outcome)) => Some(Reply { date, outcome }),
        _ => None,
    };
    case.fee = fee.map(|amount_fen| Fee {
        amount_fen,
        notified: fee_notified,
        paid: fee_paid,
    });
    let problems = case.problems();
    if problems.is_empty() {
        return Ok(case);
    }
    Err(problems
        .into_iter()
        .map(|p| match p {
            CaseProblem::DateOrder { earlier, later } => RowError {
                line,
                column: column(later.0.column()).map(|c| c.key),
                problem: RowProblem::DateOrder { earlier, later },
            },
            CaseProblem::EmptyId => RowError {
                line,
                column: Some("id"),
                problem: RowProblem::Missing,
            },
            p @ CaseProblem::NegativeFee { .. } => RowError {
                line,
                column: Some("fee"),
                problem: RowProblem::Case(p),
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_in_the_usual_spellings() {
        assert_eq!(parse_date("2024-03-05"), Some(date(2024, 3, 5)));
        assert_eq!(parse_date("2024/3/5"), Some(date(2024, 3, 5)));
        assert_eq!(parse_date("2024年3月5日"), Some(date(2024, 3, 5)));
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("24-03-05"), None);
        assert_eq!(parse_date("2024-03-05-1"), None);
        assert_eq!(parse_date("2024-+3-05"), None);
    }

    /// A case written as a row of its values (as text, under the column keys) reads back as
    /// the same case.
    #[test]
    fn case_values_read_back_as_the_case() {
        let person = ApplicantKind::from_key("natural_person").unwrap();
        let mut c = Case::new("2024-007", date(2024, 3, 1), Channel::Online, person);
        c.request = "某某文件, \"全文\"".into();
        c.correction = Some(Correction {
            requested: date(2024, 3, 4),
            received: Some(date(2024, 3, 6)),
        });
        c.extension = Some(Extension { approved: None });
        c.fee = Some(Fee {
            amount_fen: 12005,
            notified: Some(date(2024, 3, 20)),
            paid: Some(date(2024, 3, 22)),
        });
        c.reply = Some(Reply {
            date: date(2024, 4, 10),
            outcome: Outcome::parse("予以公开").unwrap(),
        });
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(COLUMNS.iter().map(|c| c.key)).unwrap();
        w.write_record(
            case_values(&c)
                .iter()
                .map(|v| v.as_ref().map(ToString::to_string).unwrap_or_default()),
        )
        .unwrap();
        let back = import_csv(&w.into_inner().unwrap()).unwrap();
        assert_eq!(back, vec![c]);
        assert_eq!(CaseValue::Fen(5).to_string(), "0.05");
        assert!(choices(ColumnKind::Date, gongkai_format::Edition::E2021).is_empty());
        assert!(!choices(ColumnKind::Outcome, gongkai_format::Edition::E2021).is_empty());
    }

    #[test]
    fn amounts_in_yuan() {
        assert_eq!(parse_yuan("120"), Some(12000));
        assert_eq!(parse_yuan("120.5"), Some(12050));
        assert_eq!(parse_yuan("¥1,200.05元"), Some(120005));
        assert_eq!(parse_yuan("-3"), Some(-300));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("abc"), None);
    }

    #[test]
    fn every_column_is_known_by_key_and_label() {
        for c in &COLUMNS {
            assert_eq!(header_key(&COLUMNS, c.key), Some(c.key));
            assert_eq!(header_key(&COLUMNS, c.label), Some(c.key));
        }
        // Every date step has its column.
        for s in [
            Step::Received,
            Step::CorrectionRequested,
            Step::CorrectionReceived,
            Step::ConsultationSent,
            Step::ConsultationAnswered,
            Step::ExtensionApproved,
            Step::Replied,
            Step::FeeNotified,
            Step::FeePaid,
        ] {
            assert!(column(s.column()).is_some(), "{s:?}");
        }
    }
}
