//! Scoring with a rubric: points deducted per kind of defect, capped per item and per
//! category, each deduction traceable to the findings (or cells) it was made for.
//!
//! ```toml
//! name = "泉州市鲤城区 2020 政务公开指数绩效考评：年度报告"
//! source = "qzlc.gov.cn, 2020-12"
//! points = 10                       # full marks of what the rubric covers
//!
//! [[category]]
//! key = "report"
//! name = "年度报告"
//! cap = 10                          # at most this much is deducted in the category
//!
//! [[item]]
//! category = "report"
//! name = "未按时发布"
//! rules = ["D-DEADLINE"]            # catalogue ids (prefixes `T3-*` too)
//! per = "report"                    # report: once if any finding; finding: per finding;
//!                                   # count: per unit of the cells' values
//! deduct = 5
//! cap = 5                           # optional cap of the item
//! source = "鲤城区 2020 标准：年度报告未按时发布 −5"
//!
//! [[item]]
//! category = "report"
//! name = "未报备"
//! manual = true                     # only people can assess it: listed, never scored
//! deduct = 5
//! source = "…"
//! ```
//!
//! Waived findings deduct nothing (they are listed as waived). An item whose rules could not
//! be assessed in a report (cells missing, or a rule this version does not implement) is
//! listed as *not assessable* for it: never silently full marks.

use crate::reviewed::{Item as Found, Reviewed};
use gongkai_check::Rule;
use gongkai_format::TableId;
use gongkai_report::{Num, Report};
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// How an item deducts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// Once per report with at least one open finding of the item's rules.
    Report,
    /// Once per open finding.
    Finding,
    /// Once per unit counted in the item's cells (per case: 表四 结果纠正).
    Count,
    /// Not assessed from the report (a person decides).
    Manual,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    pub key: String,
    pub name: String,
    pub cap: f64,
}

#[derive(Clone, Debug)]
pub struct RubricItem {
    pub category: String,
    pub name: String,
    /// The catalogue entries it deducts for.
    pub rules: Vec<&'static Rule>,
    /// The cells it counts (`table4.review.corrected`).
    pub cells: Vec<String>,
    pub per: Per,
    pub deduct: f64,
    pub cap: Option<f64>,
    /// Where the item comes from.
    pub source: String,
    pub note: Option<String>,
}

/// A rubric, checked: every rule is in the catalogue, every cell in the format.
#[derive(Clone, Debug)]
pub struct Rubric {
    pub name: String,
    pub source: String,
    pub points: f64,
    pub categories: Vec<Category>,
    pub items: Vec<RubricItem>,
}

#[derive(Debug)]
pub enum RubricError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    Syntax {
        path: PathBuf,
        line: Option<usize>,
        source: Box<toml::de::Error>,
    },
    Invalid {
        path: PathBuf,
        line: usize,
        why: String,
    },
}

impl fmt::Display for RubricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RubricError::Read { path, source } => {
                write!(f, "{}: cannot read: {source}", path.display())
            }
            RubricError::Syntax { path, line, source } => {
                write!(f, "{}", path.display())?;
                if let Some(l) = line {
                    write!(f, ":{l}")?;
                }
                write!(f, ": {}", source.message())
            }
            RubricError::Invalid { path, line, why } => {
                write!(f, "{}:{line}: {why}", path.display())
            }
        }
    }
}

impl std::error::Error for RubricError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RubricError::Read { source, .. } => Some(source),
            RubricError::Syntax { source, .. } => Some(source.as_ref()),
            RubricError::Invalid { .. } => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: String,
    source: String,
    points: f64,
    #[serde(default)]
    category: Vec<Spanned<RawCategory>>,
    #[serde(default)]
    item: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    key: String,
    name: String,
    cap: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    category: String,
    name: String,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    cells: Vec<String>,
    per: Option<Per>,
    #[serde(default)]
    manual: bool,
    deduct: f64,
    cap: Option<f64>,
    source: String,
    note: Option<String>,
}

impl Rubric {
    pub fn load(path: &Path) -> Result<Rubric, RubricError> {
        let text = std::fs::read_to_string(path).map_err(|source| RubricError::Read {
            path: path.to_owned(),
            source,
        })?;
        Rubric::parse(&text, path)
    }

    /// Parse and check a rubric; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Rubric, RubricError> {
        let raw: Raw = toml::from_str(text).map_err(|e| RubricError::Syntax {
            path: path.to_owned(),
            line: e.span().map(|s| crate::config::line_of(text, s.start)),
            source: Box::new(e),
        })?;
        let invalid = |span: std::ops::Range<usize>, why: String| RubricError::Invalid {
            path: path.to_owned(),
            line: crate::config::line_of(text, span.start),
            why,
        };
        let positive = |x: f64| x.is_finite() && x >= 0.0;
        if !positive(raw.points) {
            return Err(invalid(0..0, "points must be a number ≥ 0".into()));
        }
        let mut categories = Vec::new();
        for c in raw.category {
            let span = c.span();
            let c = c.into_inner();
            if !positive(c.cap) {
                return Err(invalid(
                    span,
                    format!("category {}: cap must be ≥ 0", c.key),
                ));
            }
            if categories.iter().any(|k: &Category| k.key == c.key) {
                return Err(invalid(span, format!("category {} given twice", c.key)));
            }
            categories.push(Category {
                key: c.key,
                name: c.name,
                cap: c.cap,
            });
        }
        let mut items = Vec::new();
        for i in raw.item {
            let span = i.span();
            let i = i.into_inner();
            let bad = |why: String| invalid(span.clone(), format!("item {:?}: {why}", i.name));
            if !categories.iter().any(|c| c.key == i.category) {
                return Err(bad(format!("no category {}", i.category)));
            }
            if !positive(i.deduct) || i.cap.is_some_and(|c| !positive(c)) {
                return Err(bad("deduct and cap must be ≥ 0".into()));
            }
            let per = match (i.manual, i.per) {
                (true, None | Some(Per::Manual)) => Per::Manual,
                (true, Some(_)) => return Err(bad("a manual item has no `per`".into())),
                (false, None) => {
                    return Err(bad("`per` is missing (report, finding, count)".into()));
                }
                (false, Some(p)) => p,
            };
            let mut rules = Vec::new();
            for pattern in &i.rules {
                let found = matching_rules(pattern);
                if found.is_empty() {
                    return Err(bad(format!("{pattern} names no rule of the catalogue")));
                }
                rules.extend(found);
            }
            for c in &i.cells {
                if !cell_exists(c) {
                    return Err(bad(format!("{c} is not a cell of the statutory tables")));
                }
            }
            match per {
                Per::Report | Per::Finding if rules.is_empty() || !i.cells.is_empty() => {
                    return Err(bad(
                        "per report or finding needs `rules` and no `cells`".into()
                    ));
                }
                Per::Count if i.cells.is_empty() || !rules.is_empty() => {
                    return Err(bad("per count needs `cells` and no `rules`".into()));
                }
                Per::Manual if !rules.is_empty() || !i.cells.is_empty() => {
                    return Err(bad("a manual item names no rules or cells".into()));
                }
                _ => {}
            }
            items.push(RubricItem {
                category: i.category,
                name: i.name,
                rules,
                cells: i.cells,
                per,
                deduct: i.deduct,
                cap: i.cap,
                source: i.source,
                note: i.note,
            });
        }
        Ok(Rubric {
            name: raw.name,
            source: raw.source,
            points: raw.points,
            categories,
            items,
        })
    }

    /// Items a person has to assess.
    pub fn manual(&self) -> impl Iterator<Item = &RubricItem> {
        self.items.iter().filter(|i| i.per == Per::Manual)
    }
}

/// Rules of an id or a prefix pattern (`T3-*`).
fn matching_rules(pattern: &str) -> Vec<&'static Rule> {
    let p = pattern.trim().to_ascii_uppercase();
    match p.strip_suffix('*') {
        Some(prefix) => gongkai_check::RULES
            .iter()
            .copied()
            .filter(|r| r.id.starts_with(prefix))
            .collect(),
        None => gongkai_check::rule(&p).into_iter().collect(),
    }
}

/// Whether `table.row.col` names a cell of the statutory format (either edition).
fn cell_exists(c: &str) -> bool {
    let mut parts = c.split('.');
    let (Some(t), Some(row), Some(col), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let Some(table) = TableId::ALL.into_iter().find(|id| id.key() == t) else {
        return false;
    };
    gongkai_format::Edition::ALL.into_iter().any(|e| {
        let def = gongkai_format::edition_def(e);
        match table {
            TableId::Table2 => def
                .table2
                .row(row)
                .is_some_and(|(block, _)| block.columns.iter().any(|k| k.key == col)),
            TableId::Table3 => {
                def.table3.row(row).is_some() && def.table3.columns.iter().any(|k| k.key == col)
            }
            TableId::Table4 => {
                def.table4.groups.iter().any(|g| g.key == row)
                    && def.table4.columns.iter().any(|k| k.key == col)
            }
        }
    })
}

/// Why a deduction was made: a finding, or a cell's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Basis {
    Finding { id: String, rule: &'static str },
    Cell { cell: String, value: f64 },
}

/// Points deducted by one item.
#[derive(Clone, Debug, PartialEq)]
pub struct Deduction {
    /// Index into [`Rubric::items`].
    pub item: usize,
    /// Before the item's cap.
    pub raw: f64,
    /// After the item's cap.
    pub points: f64,
    pub basis: Vec<Basis>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CategoryScore {
    pub key: String,
    /// Sum of the items' deductions, before the category's cap.
    pub raw: f64,
    /// After the cap.
    pub deducted: f64,
    pub deductions: Vec<Deduction>,
}

/// An item that could not be scored for a report, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct NotScored {
    pub item: usize,
    pub why: String,
}

/// The score of one report.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub points: f64,
    pub deducted: f64,
    pub score: f64,
    pub categories: Vec<CategoryScore>,
    /// Items whose findings were all waived: (item, finding ids).
    pub waived: Vec<(usize, Vec<String>)>,
    pub not_assessable: Vec<NotScored>,
    /// Items only people can assess.
    pub manual: Vec<usize>,
}

fn value(report: &Report, cell: &str) -> Option<Num> {
    let mut p = cell.split('.');
    let (t, row, col) = (p.next()?, p.next()?, p.next()?);
    let table = TableId::ALL.into_iter().find(|id| id.key() == t)?;
    report.table(table).value(row, col)
}

fn matches(item: &RubricItem, f: &Found) -> bool {
    item.rules.iter().any(|r| r.id == f.finding.rule)
}

impl Rubric {
    /// Score one reviewed report.
    pub fn score(&self, r: &Reviewed) -> Score {
        let mut categories: Vec<CategoryScore> = self
            .categories
            .iter()
            .map(|c| CategoryScore {
                key: c.key.clone(),
                raw: 0.0,
                deducted: 0.0,
                deductions: Vec::new(),
            })
            .collect();
        let mut waived = Vec::new();
        let mut not_assessable = Vec::new();
        let mut manual = Vec::new();
        for (n, item) in self.items.iter().enumerate() {
            let (basis, units) = match item.per {
                Per::Manual => {
                    manual.push(n);
                    continue;
                }
                Per::Count => {
                    let mut basis = Vec::new();
                    let mut missing = Vec::new();
                    for c in &item.cells {
                        match value(&r.report, c) {
                            Some(v) => basis.push(Basis::Cell {
                                cell: c.clone(),
                                value: v.as_f64(),
                            }),
                            None => missing.push(c.as_str()),
                        }
                    }
                    if !missing.is_empty() {
                        not_assessable.push(NotScored {
                            item: n,
                            why: format!("表格中没有 {}", missing.join("、")),
                        });
                    }
                    basis.retain(|b| matches!(b, Basis::Cell { value, .. } if *value > 0.0));
                    let units: f64 = basis
                        .iter()
                        .map(|b| match b {
                            Basis::Cell { value, .. } => *value,
                            Basis::Finding { .. } => 0.0,
                        })
                        .sum();
                    (basis, units)
                }
                Per::Report | Per::Finding => {
                    let open: Vec<&Found> = r
                        .items
                        .iter()
                        .filter(|f| f.is_open() && matches(item, f))
                        .collect();
                    let w: Vec<String> = r
                        .items
                        .iter()
                        .filter(|f| f.finding.assessable && f.waiver.is_some() && matches(item, f))
                        .map(|f| f.id.0.clone())
                        .collect();
                    if open.is_empty() {
                        if !w.is_empty() {
                            waived.push((n, w));
                        } else if let Some(why) = unassessed(item, r) {
                            not_assessable.push(NotScored { item: n, why });
                        }
                    }
                    let basis: Vec<Basis> = open
                        .iter()
                        .map(|f| Basis::Finding {
                            id: f.id.0.clone(),
                            rule: f.finding.rule,
                        })
                        .collect();
                    let units = match (item.per, basis.is_empty()) {
                        (_, true) => 0.0,
                        (Per::Report, false) => 1.0,
                        _ => basis.len() as f64,
                    };
                    (basis, units)
                }
            };
            if units <= 0.0 {
                continue;
            }
            let raw = units * item.deduct;
            let points = item.cap.map_or(raw, |c| raw.min(c));
            if let Some(c) = categories.iter_mut().find(|c| c.key == item.category) {
                c.raw += points;
                c.deductions.push(Deduction {
                    item: n,
                    raw,
                    points,
                    basis,
                });
            }
        }
        for (c, def) in categories.iter_mut().zip(&self.categories) {
            c.deducted = c.raw.min(def.cap);
        }
        let deducted: f64 = categories.iter().map(|c| c.deducted).sum();
        Score {
            points: self.points,
            deducted,
            score: (self.points - deducted).max(0.0),
            categories,
            waived,
            not_assessable,
            manual,
        }
    }
}

/// Why none of an item's rules could be assessed in a report, if so: a rule not implemented,
/// a rule across reports not run, or reported "not assessable" there.
fn unassessed(item: &RubricItem, r: &Reviewed) -> Option<String> {
    let mut why = Vec::new();
    for rule in &item.rules {
        if !rule.implemented() {
            why.push(format!("{} 本版本未实现", rule.id));
        } else if matches!(
            rule.scope,
            gongkai_check::Scope::AcrossYears | gongkai_check::Scope::AcrossBodies
        ) && !r.across.contains(rule.id)
            && !r.items.iter().any(|f| f.finding.rule == rule.id)
        {
            // A rule across reports (gongkai-cross) that this run did not evaluate: no
            // finding at all is not a pass.
            why.push(format!("{} 未与其他报告比较", rule.id));
        } else if r
            .items
            .iter()
            .any(|f| !f.finding.assessable && f.finding.rule == rule.id)
        {
            why.push(format!("{} 不可评估", rule.id));
        }
    }
    (!why.is_empty()).then(|| why.join("；"))
}

/// Reports ranked by score, best first (ties by body name, then year): indices into `scores`.
pub fn rank(reviewed: &[Reviewed], scores: &[Score]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len().min(reviewed.len())).collect();
    order.sort_by(|&a, &b| {
        scores[b]
            .score
            .total_cmp(&scores[a].score)
            .then_with(|| reviewed[a].subject.name.cmp(&reviewed[b].subject.name))
            .then_with(|| reviewed[a].subject.year.cmp(&reviewed[b].subject.year))
    });
    order
}

/// Points for display: at most two decimals, no trailing zeros.
pub fn points(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}
