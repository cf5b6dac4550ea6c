//! Statements in the prose of an annual report that its tables can confirm.
//!
//! Reports repeat their tables in words: `全年收到政府信息公开申请34件，上年结转2件`,
//! `本年度未收到政府信息公开申请`, `未发生行政复议、行政诉讼`, `制发规范性文件88件……现行有效698件`,
//! `予以公开及部分公开42件，占51.85%`. [`facts`] finds every such statement, each with its byte
//! span in the text given and the sentence around it, and [`Fact::readings`] names the cells
//! of the statutory tables it speaks about (keys from `gongkai-format`), so that a rule can
//! compare the two and the extractor can use the prose to decide digits that ran together.
//!
//! Invariants:
//! - precision first: a statement is reported only when its subject is certain. Numbers that
//!   are approximate (`1000余条`), compared (`较上年增加5件`), planned, about last year, about a
//!   part of the body (`其中市级部门…`), about items of information (`公开信息161条`),
//!   meetings, trainings or anything the tables do not count are left out;
//! - a fact's `span` and `sentence` are byte ranges of the text given (the matcher folds
//!   full-width digits, punctuation and line breaks internally, never in the spans);
//! - no IO, no tables: the crate reads text only; comparing with a report is the caller's.
//!
//! ```
//! use gongkai_format::Edition;
//! use gongkai_narrative::{AppRow, Applicants, Kind, Value, facts};
//!
//! let text = "2023年，全年共收到政府信息公开申请十二件，较上年增加3件。";
//! let f = facts(text);
//! assert_eq!(f.len(), 1);
//! assert_eq!(
//!     f[0].kind,
//!     Kind::Applications { row: AppRow::Received, who: Applicants::All }
//! );
//! assert_eq!(f[0].value, Value::Count(12));
//! assert_eq!(&text[f[0].span.clone()], "收到政府信息公开申请十二件");
//! assert_eq!(f[0].cells(Edition::E2021)[0].to_string(), "table3.new_received.total");
//! ```

mod fact;
mod numeral;
mod scan;
mod text;

pub use fact::{
    AppRow, Applicants, CaseGroup, CaseResult, Decision, DocMeasure, DocType, Fact, Kind, Outcome,
    Ratio, RatioCells, Value,
};
pub use scan::facts;

use gongkai_format::{CellRef, Edition};

/// The statements among `facts` that give the value of one cell (see [`Fact::states`]): what
/// the prose says a cell holds, for the extractor to choose between readings of a row.
///
/// ```
/// use gongkai_format::{CellRef, Edition, TableId, keys::t2};
/// let text = "全年制发规范性文件88件，废止12件，现行有效698件。";
/// let facts = gongkai_narrative::facts(text);
/// let in_force = CellRef {
///     table: TableId::Table2,
///     row: t2::row::NORMATIVE_DOCUMENTS,
///     col: t2::col::IN_FORCE,
/// };
/// let said = gongkai_narrative::stated(&facts, &in_force, Edition::E2021);
/// assert_eq!(said.len(), 1);
/// assert_eq!(said[0].value.as_f64(), 698.0);
/// ```
pub fn stated<'a>(facts: &'a [Fact], cell: &CellRef, edition: Edition) -> Vec<&'a Fact> {
    facts.iter().filter(|f| f.states(cell, edition)).collect()
}

#[cfg(test)]
mod tests;
