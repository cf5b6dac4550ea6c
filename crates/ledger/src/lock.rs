//! The ledger with its period locks: once a year's report is published, the cases it counts
//! cannot change silently; a later correction is recorded as an amendment (who, when, why,
//! before and after), so the difference from the published report can be shown.
//!
//! Model and API only: the store persists [`Ledger::cases`], [`Ledger::locks`] and
//! [`Ledger::amendments`] and rebuilds the ledger with [`Ledger::from_parts`].

use crate::case::{Case, CaseProblem};
use crate::tables::{TableError, table3};
use gongkai_format::Edition;
use gongkai_report::Table;
use jiff::Timestamp;
use std::fmt;

/// A locked report year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lock {
    pub year: i16,
    pub by: String,
    pub at: Timestamp,
}

/// What an amendment does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Add(Case),
    /// Replace the case with the same id.
    Update(Case),
    Remove(String),
}

/// A recorded change to cases of locked years.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amendment {
    pub case_id: String,
    /// The locked years whose tables count the case (before or after the change).
    pub years: Vec<i16>,
    pub by: String,
    pub at: Timestamp,
    pub reason: String,
    pub before: Option<Case>,
    pub after: Option<Case>,
}

/// Why the ledger refused a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerError {
    /// A case with this id already exists.
    DuplicateId(String),
    /// No case with this id.
    UnknownCase(String),
    /// The case is counted in locked years: change it through [`Ledger::amend`].
    Locked { case_id: String, years: Vec<i16> },
    /// The year is locked already.
    AlreadyLocked(i16),
    /// The case itself is impossible.
    Invalid {
        case_id: String,
        problems: Vec<CaseProblem>,
    },
    /// An amendment must say who made it and why.
    MissingAuthorOrReason,
    /// An amendment that touches no locked year: use the plain operation.
    NotLocked { case_id: String },
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::DuplicateId(id) => write!(f, "case {id} exists already"),
            LedgerError::UnknownCase(id) => write!(f, "no case {id}"),
            LedgerError::Locked { case_id, years } => write!(
                f,
                "case {case_id} is counted in locked year(s) {}: record the change as an amendment",
                years
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            LedgerError::AlreadyLocked(y) => write!(f, "year {y} is locked already"),
            LedgerError::Invalid { case_id, problems } => write!(
                f,
                "case {case_id}: {}",
                problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            LedgerError::MissingAuthorOrReason => {
                f.write_str("an amendment needs who made it and why")
            }
            LedgerError::NotLocked { case_id } => {
                write!(f, "case {case_id} is in no locked year: change it directly")
            }
        }
    }
}

impl std::error::Error for LedgerError {}

/// The years whose table 3 counts the case: from the year of receipt to the year of the reply
/// (to the end of time while it is open).
pub fn years_counted(case: &Case) -> std::ops::RangeInclusive<i16> {
    let last = case.reply.as_ref().map_or(i16::MAX, |r| r.date.year());
    case.received.year()..=last
}

/// The application ledger of one body: cases, locked years, amendments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    cases: Vec<Case>,
    locks: Vec<Lock>,
    amendments: Vec<Amendment>,
}

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    /// Rebuild a ledger from what a store kept. The cases are checked (unique ids, possible
    /// dates); locks and amendments are taken as recorded.
    pub fn from_parts(
        cases: Vec<Case>,
        locks: Vec<Lock>,
        amendments: Vec<Amendment>,
    ) -> Result<Ledger, LedgerError> {
        let mut l = Ledger {
            cases: Vec::with_capacity(cases.len()),
            locks,
            amendments,
        };
        for c in cases {
            l.check_new(&c)?;
            l.cases.push(c);
        }
        Ok(l)
    }

    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }

    pub fn locks(&self) -> &[Lock] {
        &self.locks
    }

    pub fn amendments(&self) -> &[Amendment] {
        &self.amendments
    }

    /// Amendments that touch `year`: the differences between the published report and the
    /// ledger.
    pub fn amendments_for(&self, year: i16) -> impl Iterator<Item = &Amendment> {
        self.amendments
            .iter()
            .filter(move |a| a.years.contains(&year))
    }

    pub fn is_locked(&self, year: i16) -> bool {
        self.locks.iter().any(|l| l.year == year)
    }

    /// Lock a year (after its report is published).
    pub fn lock(
        &mut self,
        year: i16,
        by: impl Into<String>,
        at: Timestamp,
    ) -> Result<(), LedgerError> {
        if self.is_locked(year) {
            return Err(LedgerError::AlreadyLocked(year));
        }
        self.locks.push(Lock {
            year,
            by: by.into(),
            at,
        });
        Ok(())
    }

    /// The locked years among those `cases` are counted in.
    fn locked_years(&self, cases: &[&Case]) -> Vec<i16> {
        let mut years: Vec<i16> = self
            .locks
            .iter()
            .map(|l| l.year)
            .filter(|y| cases.iter().any(|c| years_counted(c).contains(y)))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    fn check_new(&self, case: &Case) -> Result<(), LedgerError> {
        if self.case(&case.id).is_some() {
            return Err(LedgerError::DuplicateId(case.id.clone()));
        }
        valid(case)
    }

    fn position(&self, id: &str) -> Result<usize, LedgerError> {
        self.cases
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| LedgerError::UnknownCase(id.to_owned()))
    }

    /// Add a case. Refused if it would be counted in a locked year.
    pub fn add(&mut self, case: Case) -> Result<(), LedgerError> {
        self.check_new(&case)?;
        let years = self.locked_years(&[&case]);
        if !years.is_empty() {
            return Err(LedgerError::Locked {
                case_id: case.id,
                years,
            });
        }
        self.cases.push(case);
        Ok(())
    }

    /// Replace the case with the same id. Refused if the old or the new version is counted in
    /// a locked year.
    pub fn update(&mut self, case: Case) -> Result<(), LedgerError> {
        let i = self.position(&case.id)?;
        valid(&case)?;
        let years = self.locked_years(&[&self.cases[i], &case]);
        if !years.is_empty() {
            return Err(LedgerError::Locked {
                case_id: case.id,
                years,
            });
        }
        self.cases[i] = case;
        Ok(())
    }

    /// Remove a case. Refused if it is counted in a locked year.
    pub fn remove(&mut self, id: &str) -> Result<Case, LedgerError> {
        let i = self.position(id)?;
        let years = self.locked_years(&[&self.cases[i]]);
        if !years.is_empty() {
            return Err(LedgerError::Locked {
                case_id: id.to_owned(),
                years,
            });
        }
        Ok(self.cases.remove(i))
    }

    /// Make a change that touches locked years, recording who, when and why.
    pub fn amend(
        &mut self,
        change: Change,
        by: impl Into<String>,
        at: Timestamp,
        reason: impl Into<String>,
    ) -> Result<&Amendment, LedgerError> {
        let (by, reason) = (by.into(), reason.into());
        if by.trim().is_empty() || reason.trim().is_empty() {
            return Err(LedgerError::MissingAuthorOrReason);
        }
        let (case_id, before, after, index) = match change {
            Change::Add(c) => {
                self.check_new(&c)?;
                (c.id.clone(), None, Some(c), None)
            }
            Change::Update(c) => {
                let i = self.position(&c.id)?;
                valid(&c)?;
                (c.id.clone(), Some(self.cases[i].clone()), Some(c), Some(i))
            }
            Change::Remove(id) => {
                let i = self.position(&id)?;
                (id, Some(self.cases[i].clone()), None, Some(i))
            }
        };
        let touched: Vec<&Case> = before.iter().chain(after.iter()).collect();
        let years = self.locked_years(&touched);
        if years.is_empty() {
            return Err(LedgerError::NotLocked { case_id });
        }
        match (index, &after) {
            (Some(i), Some(c)) => self.cases[i] = c.clone(),
            (Some(i), None) => {
                self.cases.remove(i);
            }
            (None, Some(c)) => self.cases.push(c.clone()),
            (None, None) => {}
        }
        self.amendments.push(Amendment {
            case_id,
            years,
            by,
            at,
            reason,
            before,
            after,
        });
        // Just pushed, so the index is in bounds.
        Ok(&self.amendments[self.amendments.len() - 1])
    }

    /// Table 3 of `year` from the current cases.
    pub fn table3(&self, year: i16, edition: Edition) -> Result<Table, TableError> {
        table3(&self.cases, year, edition)
    }
}

fn valid(case: &Case) -> Result<(), LedgerError> {
    let problems = case.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LedgerError::Invalid {
            case_id: case.id.clone(),
            problems,
        })
    }
}
