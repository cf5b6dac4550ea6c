//! The statutory format of the 政府信息公开工作年度报告, as data.
//!
//! This crate is the single place where the format's facts live: editions, sections, the three
//! tables with their rows and columns, the official labels and the label variants seen in the
//! wild, which rows are group labels, value kinds and the identities the tables must satisfy.
//! Parsers, rules, renderers and the database read labels and keys from here; nothing else in
//! the workspace spells a label.
//!
//! Labels are written here as printed in the official format (full-width punctuation). Matching
//! code is expected to normalise them the same way it normalises documents.

mod edition;
pub mod keys;
mod sections;
mod table2;
mod table3;
mod table4;
mod values;

pub use edition::{Edition, EditionDef, edition_def};
pub use sections::{NUMERALS, REPORT_TITLE, SECTIONS, SectionDef, TITLE_VARIANTS};
pub use table2::{BlockDef, Table2Def};
pub use table3::{GroupDef, RowRole, T3_COLUMNS, T3_GROUPS_2019, T3_GROUPS_2021, Table3Def};
pub use table4::{T4_COLUMNS, T4_GROUPS, T4Group, Table4Def, t4_header_labels};
pub use values::{BLANK_MARKERS, MONEY_UNITS, MoneyUnit, SIGN_WORDS, TRADITIONAL_VOCABULARY};

/// The three statistical tables. Table 1 of the official numbering does not exist in the
/// report: the tables are numbered after the sections they belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    Table2,
    Table3,
    Table4,
}

impl TableId {
    pub const ALL: [TableId; 3] = [TableId::Table2, TableId::Table3, TableId::Table4];

    /// The key used in JSON output and cell references (`table3.total.natural_person`).
    pub fn key(self) -> &'static str {
        match self {
            TableId::Table2 => "table2",
            TableId::Table3 => "table3",
            TableId::Table4 => "table4",
        }
    }

    /// Chinese name used in messages.
    pub fn name_zh(self) -> &'static str {
        match self {
            TableId::Table2 => "主动公开政府信息情况表",
            TableId::Table3 => "收到和处理政府信息公开申请情况表",
            TableId::Table4 => "行政复议、行政诉讼情况表",
        }
    }

    /// The section (1-based) the table belongs to.
    pub fn section(self) -> u8 {
        match self {
            TableId::Table2 => 2,
            TableId::Table3 => 3,
            TableId::Table4 => 4,
        }
    }
}

/// What a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// A whole number ≥ 0.
    Count,
    /// A whole number that may be negative (2019 本年增/减).
    SignedCount,
    /// A decimal amount in 万元.
    Money,
}

/// A column of one of the tables.
#[derive(Debug)]
pub struct ColumnDef {
    pub key: &'static str,
    /// The header as printed in the official format.
    pub label: &'static str,
    /// Other spellings accepted as this header (local variants that keep the meaning).
    pub variants: &'static [&'static str],
    /// Spellings seen in the wild that are recognised but wrong (truncations): read, and
    /// reported by T2-HEADER.
    pub misprints: &'static [&'static str],
    pub kind: ValueKind,
}

impl ColumnDef {
    /// A column without misprints (those are added with struct update syntax).
    pub const fn new(
        key: &'static str,
        label: &'static str,
        variants: &'static [&'static str],
        kind: ValueKind,
    ) -> ColumnDef {
        ColumnDef {
            key,
            label,
            variants,
            misprints: &[],
            kind,
        }
    }

    /// The official label followed by its accepted variants.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.label).chain(self.variants.iter().copied())
    }

    /// Every spelling that identifies the header, misprints included.
    pub fn all_spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.spellings().chain(self.misprints.iter().copied())
    }
}

/// How a row or group label is numbered in the official format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Enumerator {
    /// No number (table 2 rows).
    None,
    /// `一、` … (top-level items of table 3).
    Top(u8),
    /// `（一）` … (result groups of table 3).
    Paren(u8),
    /// `1.` … (items inside a group).
    Arabic(u8),
}

/// A row of table 2 or table 3.
#[derive(Debug)]
pub struct RowDef {
    pub key: &'static str,
    /// The label as printed in the official format, enumerator included.
    pub label: &'static str,
    pub enumerator: Enumerator,
    /// The label text without its enumerator, then accepted variants.
    pub texts: &'static [&'static str],
    /// The texts are too short to be recognised on their own (`其他`, `总计`): they only count
    /// as this row when printed with the row's enumerator (`3.其他`, `（七）总计`).
    pub needs_enumerator: bool,
    /// Key of the group label printed before this row (table 3), if any.
    pub group: Option<&'static str>,
    /// Role of the row in the table identities (table 3 only; table 2 rows are `Plain`).
    pub role: RowRole,
}

impl RowDef {
    /// The label without its enumerator (the first of `texts`).
    pub fn core_text(&self) -> &'static str {
        self.texts.first().copied().unwrap_or(self.label)
    }
}

impl Enumerator {
    /// The ways the enumerator is printed, in normalised form (full-width folded):
    /// `2.` `2、` `(2)` `2)`; `(三)` `三、` `三.`; `一、` `一.` `(一)`.
    pub fn spellings(self) -> Vec<String> {
        let zh = |n: u8| {
            crate::NUMERALS
                .get(usize::from(n).saturating_sub(1))
                .copied()
                .unwrap_or("")
        };
        match self {
            Enumerator::None => Vec::new(),
            Enumerator::Arabic(n) => vec![
                format!("{n}."),
                format!("{n}、"),
                format!("({n})"),
                format!("{n})"),
            ],
            Enumerator::Paren(n) => {
                let x = zh(n);
                vec![
                    format!("({x})"),
                    format!("{x}、"),
                    format!("{x}."),
                    format!("{x})"),
                ]
            }
            Enumerator::Top(n) => {
                let x = zh(n);
                vec![format!("{x}、"), format!("{x}."), format!("({x})")]
            }
        }
    }
}

/// A reference to one cell of a table, by keys (`table3.total.natural_person`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub table: TableId,
    pub row: &'static str,
    pub col: &'static str,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.table.key(), self.row, self.col)
    }
}

#[cfg(test)]
mod tests;
