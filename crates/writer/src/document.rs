//! The report as blocks in reading order, independent of the output format: the title, the
//! opening, the six sections with their official headings in the statutory order (the office's
//! text or the default sentences, the tables of sections 2–4 in the layout of the edition in
//! force), the signature.

use crate::data::{DataError, ReportData};
use crate::layout::{self, Grid};
use crate::prose::{self, Default};
use crate::text::{self, OfficeText, PieceKind, TextError};
use gongkai_format::{Edition, REPORT_TITLE, SECTIONS, TableId, ValueKind};
use gongkai_narrative::{Fact, Kind};
use gongkai_report::Num;
use std::fmt;

/// How zeros are printed in the tables. Blank and 0 read the same (a blank cell counts 0),
/// but an office may prefer one: some print every 0, some leave empty what did not happen.
/// Whatever the choice, a row (a group of table 4) that would be all empty prints its zeros:
/// a row without a figure reads as a row not reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zeros {
    /// As the data has it: a cell marked blank is left empty, every other value printed.
    #[default]
    AsData,
    /// Every zero left empty.
    Blank,
    /// Every cell printed, a blank one as 0.
    Zero,
}

/// Choices of the office.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub zeros: Zeros,
}

/// A block of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The title, and where a printed page breaks it onto a second line (a byte offset: before
    /// `工作年度报告`, so that the first line keeps the body, the year and 政府信息公开 together).
    Title {
        text: String,
        break_at: usize,
    },
    /// A section heading as the format prints it (`三、收到和处理政府信息公开申请情况`).
    Heading {
        number: u8,
        text: String,
    },
    SubHeading(String),
    Para(String),
    /// A statutory table; values as printed (`""` for an empty cell).
    Table(Grid<String>),
    /// The body and the date under the report, right-aligned.
    Signature(Vec<String>),
}

/// Something the office should know about what was written.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// The office wrote nothing for this section: the default sentences were written.
    DefaultText { section: u8 },
    /// A statement of the office's text that no reading of the tables confirms (what
    /// `check` reports as an N-rule finding once the report is read).
    Disagrees {
        section: Option<u8>,
        statement: String,
        stated: String,
        tables: String,
    },
    /// Applications ended because a fee was not paid, and section 6 of the office's text says
    /// nothing about the fee (N-FEES).
    FeesNotMentioned { applications: i64 },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::DefaultText { section } => {
                write!(
                    f,
                    "section {section}: no text given; default sentences written"
                )
            }
            Note::Disagrees {
                section,
                statement,
                stated,
                tables,
            } => {
                if let Some(s) = section {
                    write!(f, "section {s}: ")?;
                }
                write!(f, "“{statement}” states {stated}, the tables give {tables}")
            }
            Note::FeesNotMentioned { applications } => write!(
                f,
                "section 6: {applications} applications ended for a fee not paid, and the text does not mention the fee"
            ),
        }
    }
}

/// The report, ready to be rendered in any format.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub title: String,
    pub edition: Edition,
    pub blocks: Vec<Block>,
    pub notes: Vec<Note>,
}

/// Why a report cannot be composed.
#[derive(Debug)]
pub enum ComposeError {
    Data(DataError),
    Text(TextError),
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ComposeError::Data(e) => write!(f, "data: {e}"),
            ComposeError::Text(e) => write!(f, "text: {e}"),
        }
    }
}

impl std::error::Error for ComposeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ComposeError::Data(e) => Some(e),
            ComposeError::Text(e) => Some(e),
        }
    }
}

impl From<DataError> for ComposeError {
    fn from(e: DataError) -> Self {
        ComposeError::Data(e)
    }
}

impl From<TextError> for ComposeError {
    fn from(e: TextError) -> Self {
        ComposeError::Text(e)
    }
}

/// A cell's value with what it needs to be printed.
#[derive(Clone, Copy, Debug)]
struct Entry {
    value: Num,
    blank: bool,
    kind: ValueKind,
}

impl Entry {
    fn printed(self, zeros: Zeros) -> String {
        let zero = self.value.as_f64() == 0.0;
        let empty = match zeros {
            Zeros::AsData => self.blank,
            Zeros::Blank => zero,
            Zeros::Zero => false,
        };
        if empty {
            String::new()
        } else if self.blank {
            "0".to_owned()
        } else {
            text::format_num(self.value, self.kind)
        }
    }
}

/// The values of a row of the data, in the order of `cols` (validated data has them all).
fn entries(
    d: &ReportData,
    table: TableId,
    row: &str,
    cols: &[gongkai_format::ColumnDef],
) -> Option<Vec<Entry>> {
    let r = d.table(table).row(row)?;
    cols.iter()
        .map(|c| {
            r.cell(c.key).map(|x| Entry {
                value: x.value,
                blank: x.blank,
                kind: c.kind,
            })
        })
        .collect()
}

/// A row's values as printed with `zeros`. A row is never printed all empty: the reader (and
/// `check`) would take a row without a single figure for a row not reported, so such a row
/// prints its zeros whatever `zeros` says.
fn printed_row(row: Vec<Entry>, zeros: Zeros) -> Vec<String> {
    let printed: Vec<String> = row.iter().map(|x| x.printed(zeros)).collect();
    if printed.iter().all(String::is_empty) {
        row.iter().map(|x| x.printed(Zeros::Zero)).collect()
    } else {
        printed
    }
}

/// The three statutory tables of the data, values printed with `zeros`.
pub(crate) fn tables(d: &ReportData, zeros: Zeros) -> [Grid<String>; 3] {
    let e = d.edition();
    let t2 = layout::table2(e, |b, r| {
        entries(d, TableId::Table2, r.key, b.columns).map(|x| printed_row(x, zeros))
    });
    let t3 = layout::table3(e, |r| {
        entries(d, TableId::Table3, r.key, &gongkai_format::T3_COLUMNS)
            .map(|x| printed_row(x, zeros))
    });
    let t4 = layout::table4(e, |g| {
        printed_row(
            entries(d, TableId::Table4, g.key, &gongkai_format::T4_COLUMNS).unwrap_or_default(),
            zeros,
        )
    });
    [t2, t3, t4]
}

/// `2024-01-15` → `2024年1月15日`.
pub(crate) fn zh_date(iso: &str) -> String {
    let mut it = iso.split('-').map(|p| p.trim_start_matches('0'));
    match (it.next(), it.next(), it.next()) {
        (Some(y), Some(m), Some(d)) => format!("{y}年{m}月{d}日"),
        _ => iso.to_owned(),
    }
}

/// Compose the report: the data validated against the edition in force, the office's text
/// (if any) filled from it, default sentences where the office wrote none.
pub fn compose(
    data: &ReportData,
    office: Option<&OfficeText>,
    options: &Options,
) -> Result<Document, ComposeError> {
    data.validate()?;
    let empty = OfficeText::default();
    let office = office.unwrap_or(&empty);
    office.check_placeholders(data)?;
    let edition = data.edition();
    let title = format!("{}{}年{REPORT_TITLE}", data.body.trim(), data.year);
    let break_at = title.rfind("工作年度报告").unwrap_or(title.len());
    let mut blocks = vec![Block::Title {
        text: title.clone(),
        break_at,
    }];
    let mut notes = Vec::new();
    let mut written: Vec<(Option<u8>, String)> = Vec::new();
    if office.opening.is_empty() {
        blocks.push(Block::Para(prose::opening(data)));
    } else {
        for p in &office.opening {
            let t = text::fill(p, data)?;
            written.push((None, t.clone()));
            blocks.push(piece_block(p.kind, t));
        }
    }
    let [t2, t3, t4] = tables(data, options.zeros);
    let mut grids = [Some(t2), Some(t3), Some(t4)];
    for def in &SECTIONS {
        let n = def.number;
        blocks.push(Block::Heading {
            number: n,
            text: def.official_heading(),
        });
        match office
            .sections
            .get(usize::from(n - 1))
            .and_then(Option::as_ref)
        {
            Some(s) => {
                for p in &s.pieces {
                    let t = text::fill(p, data)?;
                    written.push((Some(n), t.clone()));
                    blocks.push(piece_block(p.kind, t));
                }
            }
            None => {
                notes.push(Note::DefaultText { section: n });
                for p in default_section(data, n) {
                    blocks.push(match p {
                        Default::Para(t) => Block::Para(t),
                        Default::SubHeading(t) => Block::SubHeading(t),
                    });
                }
            }
        }
        if let Some(g) = (2..=4)
            .contains(&n)
            .then(|| grids.get_mut(usize::from(n - 2)).and_then(Option::take))
            .flatten()
        {
            blocks.push(Block::Table(g));
        }
    }
    let mut signature = vec![data.body.trim().to_owned()];
    if let Some(p) = &data.published {
        signature.push(zh_date(p));
    }
    blocks.push(Block::Signature(signature));
    notes.extend(disagreements(data, &written));
    if let Some(n) = fees_not_mentioned(data, office, &written) {
        notes.push(n);
    }
    Ok(Document {
        title,
        edition,
        blocks,
        notes,
    })
}

fn piece_block(kind: PieceKind, text: String) -> Block {
    match kind {
        PieceKind::Para => Block::Para(text),
        PieceKind::SubHeading => Block::SubHeading(text),
    }
}

fn default_section(d: &ReportData, n: u8) -> Vec<Default> {
    match n {
        1 => prose::overview(d),
        4 => vec![Default::Para(prose::cases(d))],
        5 => vec![Default::Para(prose::problems())],
        6 => vec![Default::Para(prose::other_matters(d))],
        // Sections 2 and 3: the table says it; section 1 gives the figures in words.
        _ => Vec::new(),
    }
}

// ---- the office's statements against the tables ---------------------------------------------

/// Whether a stated value is one the cells sum to (counts exactly, money to the precision
/// reports round to), as the N-rules compare.
fn agrees(said: f64, table: f64, money: bool) -> bool {
    if money {
        (said - table).abs() <= 0.005_f64.max(table.abs() * 1e-3)
    } else {
        (said - table).abs() < 1e-9
    }
}

fn sum(d: &ReportData, cells: &[gongkai_format::CellRef]) -> Option<f64> {
    cells
        .iter()
        .map(|c| d.value(c.table, c.row, c.col).map(Num::as_f64))
        .sum()
}

/// Statements of the office's text (sections 1–4 and 6, as the N-rules read them) that no
/// reading of the tables confirms.
fn disagreements(d: &ReportData, written: &[(Option<u8>, String)]) -> Vec<Note> {
    let edition = d.edition();
    let mut out = Vec::new();
    for (section, t) in written {
        if *section == Some(5) {
            continue;
        }
        for f in gongkai_narrative::facts(t) {
            if f.year.is_some_and(|y| y != d.year) {
                continue;
            }
            if matches!(f.kind, Kind::Cases { .. })
                && !f.about_disclosure
                && !matches!(section, Some(3 | 4))
            {
                continue;
            }
            if let Some(tables) = disagreement(d, &f, edition) {
                out.push(Note::Disagrees {
                    section: *section,
                    statement: t.get(f.span.clone()).unwrap_or("").to_owned(),
                    stated: f.value.to_string(),
                    tables,
                });
            }
        }
    }
    out
}

/// What the tables give instead, if they disagree with the fact.
fn disagreement(d: &ReportData, f: &Fact, edition: Edition) -> Option<String> {
    if let Kind::Percent(_) = f.kind {
        let gongkai_narrative::Value::Percent { value, decimals } = f.value else {
            return None;
        };
        let computed: Vec<f64> = f
            .ratios(edition)
            .iter()
            .filter_map(|r| Some((sum(d, &r.numerator)?, sum(d, &r.denominator)?)))
            .filter(|(_, den)| *den > 0.0)
            .map(|(num, den)| 100.0 * num / den)
            .collect();
        let tolerance = 10f64.powi(-i32::from(decimals)) + 1e-9;
        let first = *computed.first()?;
        return (!computed.iter().any(|c| (c - value).abs() <= tolerance))
            .then(|| format!("{first:.prec$}%", prec = usize::from(decimals.max(1))));
    }
    let readings = f.readings(edition);
    let sums: Vec<f64> = readings.iter().filter_map(|r| sum(d, r)).collect();
    let money = matches!(f.value, gongkai_narrative::Value::Money { .. });
    let first = *sums.first()?;
    (!sums.iter().any(|s| agrees(f.value.as_f64(), *s, money))).then(|| {
        let cells: Vec<String> = readings
            .first()
            .map(|r| r.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        format!("{first} ({})", cells.join(" + "))
    })
}

/// Applications ended for a fee not paid while the office's section 6 is silent on fees.
fn fees_not_mentioned(
    d: &ReportData,
    office: &OfficeText,
    written: &[(Option<u8>, String)],
) -> Option<Note> {
    const FEE_WORDS: [&str; 6] = ["信息处理费", "处理费", "收费", "费用", "缴费", "缴纳"];
    if d.edition() != Edition::E2021 || office.sections.get(5).is_none_or(Option::is_none) {
        return None;
    }
    let n = d
        .value(
            TableId::Table3,
            gongkai_format::keys::t3::row::OTHER_UNPAID_FEE,
            gongkai_format::keys::t3::col::TOTAL,
        )?
        .as_int()?;
    let said = written
        .iter()
        .filter(|(s, _)| *s == Some(6))
        .any(|(_, t)| FEE_WORDS.iter().any(|w| t.contains(w)));
    (n > 0 && !said).then_some(Note::FeesNotMentioned { applications: n })
}
