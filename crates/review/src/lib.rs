//! What a supervising office does with the findings of many reports: the project's
//! configuration ([`config`]: `gongkai.toml`, found upward like a linter's), waivers that last
//! ([`waivers`]: keyed by what a finding is about, with an audit trail), local publication
//! deadlines ([`local`]), scores by a rubric
//! ([`rubric`]: deductions per finding, per report or per counted case, capped per item and
//! category, each traceable), and the review report ([`html`], and [`xlsx`] with the `xlsx`
//! feature).
//!
//! Invariants:
//! - A finding's id ([`FindingId`]) is derived from the body's identity (`gongkai-bodies`),
//!   the report year, the rule and the cells only, never from a run or a path; a waiver
//!   applies while the finding says the same thing (its fingerprint), and is reported as
//!   stale otherwise.
//! - Rule ids, titles and explanations come from the catalogue (`gongkai-check`); cells from
//!   the statutory format (`gongkai-format`).
//! - No clock, no environment: "who" and "when" of a waiver and the page's date are given.
//!
//! ```
//! use gongkai_report::{Finding, Report, Severity, Source};
//! use gongkai_review::{Reviewed, Subject, Waiver};
//! use std::collections::BTreeMap;
//!
//! let mut report = Report::new(Source::default());
//! report.findings.push(Finding::new("S-TITLE", Severity::Warning, "标题不规范"));
//! let subject = Subject::new("110105", "北京市朝阳区人民政府", Some(2023));
//! let first = Reviewed::new(subject.clone(), report.clone(), None, &BTreeMap::new());
//! let item = &first.items[0];
//! let w = Waiver::of(&subject, &item.id, &item.finding, "李四", "2026-11-29T09:00:00Z", "经批准的简称");
//! let waivers = BTreeMap::from([(w.id.clone(), w)]);
//! // another run over the same report: the same id, so the waiver applies
//! let again = Reviewed::new(subject, report, None, &waivers);
//! assert!(again.items[0].waiver.is_some());
//! assert_eq!(again.worst_open(), None);
//! ```

pub mod config;
pub mod excerpt;
pub mod html;
mod identity;
pub mod local;
mod reviewed;
pub mod rubric;
pub mod waivers;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use config::{ConfigError, Settings, Thresholds};
pub use identity::{FindingId, Subject, Subjects, fingerprint, ids};
pub use reviewed::{Item, Reviewed};
pub use rubric::{Rubric, RubricError, Score};
pub use waivers::{
    Action, Event, FileWaivers, Stale, StaleReason, Waiver, WaiverError, WaiverStore, invalid,
    replay,
};
