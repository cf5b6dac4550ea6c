//! Checks across reports: the same body's consecutive years, many bodies of a year, and a
//! region's report against the reports of its parts.
//!
//! Everything works in memory on reports already read (and their decoded texts): the CLI
//! hands a batch, the store hands what it holds. Nothing here reads files, the environment or
//! the clock.
//!
//! - **Across years** ([`check_pair`], or paired automatically in [`check_batch`] by body
//!   identity and year): `X-CARRY` per column of table 3, `X-INFORCE` (2021 edition),
//!   `X-PREVCOUNT` (2019 edition), `X-COPY` (the share of this year's prose repeated from last
//!   year, with the passages side by side; or every table value equal to last year's).
//! - **Across bodies** ([`check_batch`]): `C-COPY` — paragraphs shared between different
//!   bodies, found with MinHash signatures and LSH bands ([`CopyIndex`], linear in the
//!   number of paragraphs, so it scales to 100,000 reports), reported as clusters; `C-OUTLIER`
//!   — values far above comparable bodies (same kind, year and province), with the
//!   distribution.
//! - **Region against its parts**: `R-SUMMARY` — a government report that states it sums up
//!   its region, compared cell by cell with the sum of its parts' reports in the batch.
//!
//! Every finding is made from its catalogue entry (`gongkai_check::catalogue`) and carries
//! evidence on both sides: the [`Finding`] points into the checked report's text, each
//! [`Side`] into another report's.
//!
//! Invariants: a rule whose cells are missing on either side says "not assessable"; a pair
//! of reports is only compared when its years are consecutive and its bodies the same
//! (as far as known); boilerplate (statutory sentences, headings, table labels, and text shared
//! by a large part of the batch) never counts as copied.
//!
//! ```
//! use gongkai_cross::{Doc, Options, check_pair};
//! use gongkai_report::{Report, Source};
//! let last = Report::new(Source::default());
//! let this = Report::new(Source::default());
//! let found = check_pair(&Doc::new(&last, ""), &Doc::new(&this, ""), &Options::default()).unwrap();
//! // Nothing to compare: every rule says so instead of passing silently.
//! assert!(found.iter().all(|f| !f.finding.assessable));
//! ```

mod bodies;
mod copy;
mod minhash;
pub mod prose;
mod region;
mod years;

pub use copy::{Passage, repeated_share};
pub use minhash::{Cluster, CopyIndex, Member};

use gongkai_bodies::Identity;
use gongkai_report::{Evidence, Finding, Report};
use std::collections::HashMap;
use std::fmt;

/// One report of a batch: the report, the text its spans point into, and its body.
#[derive(Clone, Copy, Debug)]
pub struct Doc<'a> {
    pub report: &'a Report,
    pub text: &'a str,
    /// The issuing body, resolved with `gongkai-bodies`; `None` when not resolved (such a
    /// report is never paired automatically).
    pub body: Option<&'a Identity>,
}

impl<'a> Doc<'a> {
    pub fn new(report: &'a Report, text: &'a str) -> Doc<'a> {
        Doc {
            report,
            text,
            body: None,
        }
    }

    pub fn with_body(mut self, body: &'a Identity) -> Doc<'a> {
        self.body = Some(body);
        self
    }

    /// The report year.
    pub fn year(&self) -> Option<i32> {
        self.report.meta.year.as_ref().map(|y| y.value)
    }

    pub(crate) fn line_of(&self, offset: usize) -> u32 {
        let upto = self.text.get(..offset).unwrap_or(self.text);
        u32::try_from(upto.matches('\n').count() + 1).unwrap_or(u32::MAX)
    }

    pub(crate) fn evidence(&self, span: std::ops::Range<usize>, label: String) -> Evidence {
        Evidence {
            line: self.line_of(span.start),
            span,
            label,
        }
    }
}

/// Thresholds of the checks.
#[derive(Clone, Debug)]
pub struct Options {
    /// X-COPY and C-COPY: share of a report's prose that may be repeated (evaluators deduct
    /// above half).
    pub copy_share: f64,
    /// C-COPY: estimated Jaccard similarity of two paragraphs' shingles from which they count
    /// as the same paragraph.
    pub near_duplicate: f64,
    /// C-COPY: folded characters a paragraph needs to be compared (short lines are too common).
    pub min_paragraph: usize,
    /// C-COPY: a passage shared by more bodies than this share of the batch's bodies (and at
    /// least [`Options::boilerplate_min_bodies`]) is boilerplate, not copying.
    pub boilerplate_share: f64,
    pub boilerplate_min_bodies: usize,
    /// X-COPY: folded characters of prose needed to judge repetition.
    pub min_prose: usize,
    /// C-OUTLIER: how many interquartile ranges above the upper quartile, on a log scale
    /// (`ln(1+x)`), a value must lie; the range counts as at least 1 (a factor of e).
    pub outlier_fence: f64,
    /// C-OUTLIER: fewest comparable bodies for a distribution.
    pub outlier_min_group: usize,
    /// C-OUTLIER: smallest value ever reported as an outlier.
    pub outlier_min_value: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            copy_share: 0.5,
            near_duplicate: 0.6,
            min_paragraph: 40,
            boilerplate_share: 0.05,
            boilerplate_min_bodies: 20,
            min_prose: 100,
            outlier_fence: 3.0,
            outlier_min_group: 10,
            outlier_min_value: 10.0,
        }
    }
}

/// Evidence in another report of the batch than the finding's.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// Index of the report in the slice given.
    pub doc: usize,
    /// Its cells, as `table.row.col`.
    pub cells: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// The distribution a C-OUTLIER value is compared with (raw values, not logs).
#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    /// What is compared: `township 2023 province 31` …
    pub group: String,
    pub n: usize,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    /// Values above this are outliers.
    pub fence: f64,
}

/// One cell of a region's summary against the sum of its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct CellDiff {
    pub cell: String,
    pub summary: f64,
    pub parts: f64,
}

/// What a finding measured, beyond its message.
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    None,
    /// X-COPY, C-COPY: the share of the prose repeated and the passages side by side
    /// (for C-COPY, the other reports are in each passage's `other_doc`).
    Copy {
        share: f64,
        passages: Vec<Passage>,
    },
    /// X-COPY: every table value equals last year's; how many cells were compared.
    SameTables {
        cells: usize,
    },
    Outlier(Distribution),
    /// R-SUMMARY: the differing cells, the parts summed, the parts missing.
    Summary {
        diffs: Vec<CellDiff>,
        parts: Vec<usize>,
        missing: Vec<String>,
    },
}

/// A finding about one report of the batch, with evidence from others.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossFinding {
    /// Index of the report the finding is about.
    pub doc: usize,
    pub finding: Finding,
    pub others: Vec<Side>,
    pub detail: Detail,
}

impl CrossFinding {
    pub(crate) fn new(doc: usize, finding: Finding) -> CrossFinding {
        CrossFinding {
            doc,
            finding,
            others: Vec::new(),
            detail: Detail::None,
        }
    }
}

/// Why two reports cannot be compared as consecutive years of one body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PairError {
    /// The years are known and not consecutive.
    NotConsecutive { last: i32, this: i32 },
    /// Both bodies are known and differ.
    DifferentBodies { last: String, this: String },
}

impl fmt::Display for PairError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PairError::NotConsecutive { last, this } => write!(
                f,
                "reports of {last} and {this} are not consecutive years (previous year's report expected)"
            ),
            PairError::DifferentBodies { last, this } => {
                write!(f, "reports of different bodies: {last} and {this}")
            }
        }
    }
}

impl std::error::Error for PairError {}

/// Compare a body's report (`this`) with its report of the year before (`last`). Sides of the
/// findings refer to `last` as doc 0; the findings are about `this`, doc 1.
pub fn check_pair(
    last: &Doc<'_>,
    this: &Doc<'_>,
    opts: &Options,
) -> Result<Vec<CrossFinding>, PairError> {
    if let (Some(l), Some(t)) = (last.year(), this.year())
        && l + 1 != t
    {
        return Err(PairError::NotConsecutive { last: l, this: t });
    }
    if let (Some(l), Some(t)) = (last.body, this.body)
        && l.key != t.key
    {
        return Err(PairError::DifferentBodies {
            last: l.key.clone(),
            this: t.key.clone(),
        });
    }
    Ok(years::check(last, 0, this, 1, opts))
}

/// Pairs `(last, this)` of a batch: reports of the same body (by identity key) and
/// consecutive years. A body with two reports for one year is not paired for that year
/// (which one is meant is not known).
pub fn pairs(docs: &[Doc<'_>]) -> Vec<(usize, usize)> {
    let mut by_body: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let (Some(b), Some(y)) = (d.body, d.year()) {
            by_body.entry((b.key.as_str(), y)).or_default().push(i);
        }
    }
    let mut out: Vec<(usize, usize)> = by_body
        .iter()
        .filter_map(|(&(key, year), this)| {
            let last = by_body.get(&(key, year - 1))?;
            match (last.as_slice(), this.as_slice()) {
                ([l], [t]) => Some((*l, *t)),
                _ => None,
            }
        })
        .collect();
    out.sort_unstable();
    out
}

/// Everything the batch checks found.
#[derive(Clone, Debug, Default)]
pub struct BatchResult {
    pub findings: Vec<CrossFinding>,
    /// The pairs of consecutive years compared.
    pub pairs: Vec<(usize, usize)>,
    /// C-COPY clusters of near-duplicate paragraphs shared by several bodies (boilerplate
    /// clusters left out).
    pub clusters: Vec<Cluster>,
}

/// Run every check across reports on a batch: years paired automatically, copying and
/// outliers across bodies, regions against their parts.
pub fn check_batch(docs: &[Doc<'_>], opts: &Options) -> BatchResult {
    let pairs = pairs(docs);
    let mut findings = Vec::new();
    for &(l, t) in &pairs {
        if let (Some(last), Some(this)) = (docs.get(l), docs.get(t)) {
            findings.extend(years::check(last, l, this, t, opts));
        }
    }
    let bodies = check_bodies(docs, opts);
    findings.extend(bodies.findings);
    BatchResult {
        findings,
        pairs,
        clusters: bodies.clusters,
    }
}

/// The checks across bodies alone (`C-COPY`, `C-OUTLIER`, `R-SUMMARY`), for callers that
/// compared consecutive years already (the store does so on ingest). `pairs` is empty.
pub fn check_bodies(docs: &[Doc<'_>], opts: &Options) -> BatchResult {
    let (mut findings, clusters) = bodies::copies(docs, opts);
    findings.extend(bodies::outliers(docs, opts));
    findings.extend(region::summaries(docs));
    BatchResult {
        findings,
        pairs: Vec::new(),
        clusters,
    }
}

/// The rules this crate emits: the catalogue lists the same (`catalogue::ACROSS`), and a test
/// keeps the two in step.
pub static EMITS: &[&gongkai_check::Rule] = &[
    &gongkai_check::catalogue::X_CARRY,
    &gongkai_check::catalogue::X_INFORCE,
    &gongkai_check::catalogue::X_PREVCOUNT,
    &gongkai_check::catalogue::X_COPY,
    &gongkai_check::catalogue::C_COPY,
    &gongkai_check::catalogue::C_OUTLIER,
    &gongkai_check::catalogue::R_SUMMARY,
];

#[cfg(test)]
mod tests;
