//! A parsed annual report: metadata, sections, the three tables with the provenance of every
//! cell, and the findings about it.
//!
//! Invariants:
//! - every `Cell` points at the bytes of the decoded text it was read from (`span`), so a
//!   value can always be shown in its place; a cell split out of digits that ran together
//!   points at its own digits;
//! - tables hold only rows the document contains, and a present row holds every column of its
//!   edition (a blank cell reads 0 and keeps `blank = true`);
//! - nothing is invented: a row the extractor could not place unambiguously is absent, and a
//!   finding says why.

mod finding;
mod json;
mod num;
pub mod truth;

pub use finding::{Evidence, Finding, Severity};
pub use json::{SCHEMA, error_json, report_json};
pub use num::Num;

use gongkai_format::{CellRef, Edition, TableId};
use std::ops::Range;

/// Where a report came from.
#[derive(Clone, Debug, Default)]
pub struct Source {
    pub path: String,
    /// `text`, `markdown`, `html`, `docx`, `pdf` …
    pub format: String,
    /// The encoding the bytes were decoded from (`utf-8`, `gbk` …).
    pub encoding: String,
    pub sha256: String,
    pub bytes: u64,
}

/// How the extractor decided where a value goes. Kept so that a reader can tell a value read
/// straight off its labelled row from one placed with the help of the table's identities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placement {
    /// On the row of its label, as many values as columns.
    Labelled,
    /// On its row with blank cells, placed by the position of the cells.
    Positional,
    /// Digits that ran together were split; the split was the only one the identities allow.
    Split,
    /// Several placements were possible; the table's identities left one.
    Resolved,
    /// A row of numbers without a label, placed by the order of the statutory rows.
    Ordered,
    /// The row's numbers are certain but not which printed cell is which column: every
    /// placement of the printed values gives the same numbers once a blank counts as 0 (blank
    /// cells dropped or collapsed by a text extraction). The cell's span covers the row's
    /// printed values; `blank` holds only where every placement leaves the cell blank.
    PositionUnknown,
    /// Digits that ran together, split the one way the report's own text states the figures
    /// (a `P-SPLIT-BY-TEXT` finding points at the statements).
    Prose,
    /// Nothing was printed for the row: the document drops blank cells (other rows of the
    /// table lost theirs, or the table has no number at all), so the row is blank, read as 0.
    /// The span is the row's label.
    Inferred,
}

impl Placement {
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Labelled => "labelled",
            Placement::Positional => "positional",
            Placement::Split => "split",
            Placement::Resolved => "resolved",
            Placement::Ordered => "ordered",
            Placement::PositionUnknown => "position_unknown",
            Placement::Inferred => "inferred",
            Placement::Prose => "prose",
        }
    }
}

/// One cell of a table with its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub col: &'static str,
    pub value: Num,
    /// The source left the cell blank or wrote a not-applicable mark (`/`, `-`, `无`).
    pub blank: bool,
    /// The source text of the cell.
    pub raw: String,
    /// Byte range in the decoded text.
    pub span: Range<usize>,
    /// 1-based line in the decoded text.
    pub line: u32,
    pub placement: Placement,
    /// The source wrote the amount in 元 and it was converted to 万元.
    pub converted_from_yuan: bool,
}

impl Cell {
    /// A cell of computed data (from a ledger, a data file): no source text, so an empty span
    /// at 0 and line 0; its raw text is the value as printed, empty when blank.
    pub fn computed(col: &'static str, value: Num, blank: bool) -> Cell {
        Cell {
            col,
            value,
            blank,
            raw: if blank {
                String::new()
            } else {
                value.to_string()
            },
            span: 0..0,
            line: 0,
            placement: Placement::Labelled,
            converted_from_yuan: false,
        }
    }
}

/// One row of a table (for table 4: one group of five cells).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub key: &'static str,
    pub cells: Vec<Cell>,
    /// Where the row's label was printed, if it was.
    pub label: Option<Range<usize>>,
}

impl Row {
    pub fn cell(&self, col: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.col == col)
    }
}

/// A label of one edition seen in a table (evidence for the edition and for E-MIXED).
#[derive(Clone, Debug, PartialEq)]
pub struct EditionMark {
    pub edition: Edition,
    pub label: &'static str,
    pub span: Range<usize>,
}

/// A column header as printed in a block of table 2, compared with the edition's.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderSeen {
    /// Article 20 item of the block.
    pub item: u8,
    /// The printed header text (normalised, without spaces).
    pub printed: String,
    /// What the edition prints there.
    pub expected: String,
    pub span: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub id: TableId,
    /// The edition whose template was used to read the table.
    pub edition: Option<Edition>,
    pub rows: Vec<Row>,
    /// Where the table was found.
    pub span: Option<Range<usize>>,
    pub marks: Vec<EditionMark>,
    pub headers: Vec<HeaderSeen>,
    /// Subtotal rows printed for group labels (（三）不予公开 with numbers), by group key.
    pub subtotals: Vec<Row>,
}

impl Table {
    pub fn new(id: TableId) -> Table {
        Table {
            id,
            edition: None,
            rows: Vec::new(),
            span: None,
            marks: Vec::new(),
            headers: Vec::new(),
            subtotals: Vec::new(),
        }
    }

    pub fn row(&self, key: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.key == key)
    }

    pub fn cell(&self, row: &str, col: &str) -> Option<&Cell> {
        self.row(row).and_then(|r| r.cell(col))
    }

    pub fn value(&self, row: &str, col: &str) -> Option<Num> {
        self.cell(row, col).map(|c| c.value)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The edition a document prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditionSeen {
    Known(Edition),
    /// Labels of both editions.
    Mixed,
    Unknown,
}

impl EditionSeen {
    pub fn known(self) -> Option<Edition> {
        match self {
            EditionSeen::Known(e) => Some(e),
            _ => None,
        }
    }
}

/// A section heading found in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// The statutory section (1–6) this heading was recognised as.
    pub number: u8,
    /// The heading as printed (normalised, without spaces).
    pub title: String,
    /// The numbering as printed (`二、`, `（二）`, `2.`, or empty).
    pub numbering: String,
    /// The number the printed numbering says (二 → 2), if any.
    pub printed_number: Option<u8>,
    pub line: u32,
    pub span: Range<usize>,
}

/// The kind of administrative body; it decides the legal publication deadline (article 49).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyKind {
    ProvincialGovernment,
    CityGovernment,
    CountyGovernment,
    Township,
    StreetOffice,
    Department,
}

impl BodyKind {
    /// Every kind, from the province down.
    pub const ALL: [BodyKind; 6] = [
        BodyKind::ProvincialGovernment,
        BodyKind::CityGovernment,
        BodyKind::CountyGovernment,
        BodyKind::Township,
        BodyKind::StreetOffice,
        BodyKind::Department,
    ];

    /// The kind of a key written by [`BodyKind::as_str`].
    pub fn parse(key: &str) -> Option<BodyKind> {
        BodyKind::ALL.into_iter().find(|k| k.as_str() == key)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::ProvincialGovernment => "provincial_government",
            BodyKind::CityGovernment => "city_government",
            BodyKind::CountyGovernment => "county_government",
            BodyKind::Township => "township",
            BodyKind::StreetOffice => "street_office",
            BodyKind::Department => "department",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            BodyKind::ProvincialGovernment => "省级人民政府",
            BodyKind::CityGovernment => "设区的市级人民政府",
            BodyKind::CountyGovernment => "县级人民政府",
            BodyKind::Township => "乡镇人民政府",
            BodyKind::StreetOffice => "街道办事处",
            BodyKind::Department => "政府部门",
        }
    }
}

/// A piece of metadata with where it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub span: Range<usize>,
    pub line: u32,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    /// The title as printed (lines joined, spaces removed).
    pub title: Option<Located<String>>,
    pub org: Option<Located<String>>,
    pub year: Option<Located<i32>>,
    /// Publication date, ISO `YYYY-MM-DD`.
    pub published: Option<Located<String>>,
    /// What the date was read from: `日期`, `生成日期`, `发布时间`, `signature` …
    pub published_from: Option<String>,
    /// What the title was read from: `标题`, `meta:ArticleTitle`, `text`, `meta:title`.
    pub title_from: Option<String>,
    /// What the issuing body was read from: `title`, `meta:ContentSource`, `发布机构`,
    /// `signature`, `text` …
    pub org_from: Option<String>,
    /// What the year was read from: `title`, `heading`, `period` (统计期限), `as_of` (截至),
    /// `overview` (the year the overview speaks of), or `publication_date` (the year before the
    /// report was published: inferred).
    pub year_from: Option<String>,
    /// 索引号.
    pub index_no: Option<Located<String>>,
    pub body_kind: Option<BodyKind>,
}

/// Everything read from one document.
#[derive(Clone, Debug)]
pub struct Report {
    pub source: Source,
    pub meta: Metadata,
    pub edition: EditionSeen,
    pub sections: Vec<Section>,
    pub table2: Table,
    pub table3: Table,
    pub table4: Table,
    /// Findings: those of the extractor (ids `P-…`) and those of the checks.
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn new(source: Source) -> Report {
        Report {
            source,
            meta: Metadata::default(),
            edition: EditionSeen::Unknown,
            sections: Vec::new(),
            table2: Table::new(TableId::Table2),
            table3: Table::new(TableId::Table3),
            table4: Table::new(TableId::Table4),
            findings: Vec::new(),
        }
    }

    pub fn table(&self, id: TableId) -> &Table {
        match id {
            TableId::Table2 => &self.table2,
            TableId::Table3 => &self.table3,
            TableId::Table4 => &self.table4,
        }
    }

    pub fn table_mut(&mut self, id: TableId) -> &mut Table {
        match id {
            TableId::Table2 => &mut self.table2,
            TableId::Table3 => &mut self.table3,
            TableId::Table4 => &mut self.table4,
        }
    }

    pub fn cell(&self, r: &CellRef) -> Option<&Cell> {
        self.table(r.table).cell(r.row, r.col)
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        [&self.table2, &self.table3, &self.table4].into_iter()
    }

    /// Highest severity among the findings that are violations.
    pub fn worst(&self) -> Option<Severity> {
        self.findings
            .iter()
            .filter(|f| f.assessable)
            .map(|f| f.severity)
            .max()
    }
}
