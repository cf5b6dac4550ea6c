//! One report under review: its subject, its findings with their ids and waivers.

use crate::identity::{FindingId, Subject, fingerprint, ids};
use crate::waivers::{Stale, StaleReason, Waiver};
use gongkai_report::{Finding, Report, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// A finding of a reviewed report.
#[derive(Clone, Debug)]
pub struct Item {
    pub id: FindingId,
    pub fingerprint: String,
    pub finding: Finding,
    /// The waiver that applies (same id, same fingerprint).
    pub waiver: Option<Waiver>,
}

impl Item {
    /// A violation no one has waived.
    pub fn is_open(&self) -> bool {
        self.finding.assessable && self.waiver.is_none()
    }
}

/// A report with its findings identified and the waivers applied.
#[derive(Clone, Debug)]
pub struct Reviewed {
    pub subject: Subject,
    pub report: Report,
    /// The decoded text the spans refer to (for excerpts), when kept.
    pub text: Option<String>,
    /// Its findings in the order the checks emitted them.
    pub items: Vec<Item>,
    /// Waivers of this body and year that did not apply.
    pub stale: Vec<Stale>,
    /// Rules across reports (`gongkai-cross`) that were run on this report: without a finding
    /// of theirs it passed them. A rule across reports not listed here was not run (no
    /// finding is then not a pass). Empty unless the caller ran them ([`Reviewed::compared`]).
    pub across: BTreeSet<&'static str>,
}

impl Reviewed {
    /// Identify a report's findings and apply the waivers in force (by finding id).
    pub fn new(
        subject: Subject,
        report: Report,
        text: Option<String>,
        waivers: &BTreeMap<String, Waiver>,
    ) -> Reviewed {
        let ids = ids(&subject, &report.findings);
        let mut stale = Vec::new();
        let items: Vec<Item> = report
            .findings
            .iter()
            .zip(ids)
            .map(|(f, id)| {
                let fp = fingerprint(f);
                let waiver = match waivers.get(&id.0) {
                    Some(w) if w.fingerprint == fp => Some(w.clone()),
                    Some(w) => {
                        stale.push(Stale {
                            waiver: w.clone(),
                            why: StaleReason::Changed {
                                now: f.message.clone(),
                            },
                        });
                        None
                    }
                    None => None,
                };
                Item {
                    id,
                    fingerprint: fp,
                    finding: f.clone(),
                    waiver,
                }
            })
            .collect();
        for w in waivers.values() {
            let here = w.body == subject.body && w.year == subject.year;
            if here && !items.iter().any(|i| i.id.0 == w.id) {
                stale.push(Stale {
                    waiver: w.clone(),
                    why: StaleReason::Gone,
                });
            }
        }
        Reviewed {
            subject,
            report,
            text,
            items,
            stale,
            across: BTreeSet::new(),
        }
    }

    /// Note that these rules across reports were run on this report.
    pub fn compared(mut self, rules: impl IntoIterator<Item = &'static str>) -> Reviewed {
        self.across.extend(rules);
        self
    }

    /// Open violations of a severity.
    pub fn open(&self, s: Severity) -> usize {
        self.items
            .iter()
            .filter(|i| i.is_open() && i.finding.severity == s)
            .count()
    }

    /// The worst open violation (what decides an exit status).
    pub fn worst_open(&self) -> Option<Severity> {
        self.items
            .iter()
            .filter(|i| i.is_open())
            .map(|i| i.finding.severity)
            .max()
    }

    /// The item of an id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id.0 == id)
    }
}
