//! Waivers: a reviewer's decision that one finding needs no action, with who, when and why.
//!
//! A waiver is keyed by the finding's id ([`FindingId`]: body, year, rule, cells) and pinned
//! to its fingerprint (what it said). On a later run the finding with the same id and the
//! same fingerprint is reported as waived; with another fingerprint the waiver no longer
//! applies and is reported as [`StaleReason::Changed`]; a waiver of a body and year in the
//! selection whose finding is no longer reported is [`StaleReason::Gone`].
//!
//! Waivers live behind [`WaiverStore`]: an append-only list of [`Event`]s (waive, confirm,
//! revoke), the audit trail, from which the waivers in force are replayed. [`FileWaivers`]
//! keeps them in a TOML file (`gongkai-waivers.toml`, one `[[event]]` table appended per
//! decision, never rewritten); `gongkai-store` implements the trait over its table
//! `waiver_events`.

use crate::identity::{FindingId, Subject, fingerprint};
use gongkai_report::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// A decision in force: the finding it is about, and who waived it, when and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    pub id: String,
    pub rule: String,
    pub body: String,
    pub body_name: String,
    pub year: Option<i32>,
    pub cells: Vec<String>,
    /// The fingerprint of the finding as it was waived.
    pub fingerprint: String,
    /// Its message then, to show what changed.
    pub message: String,
    pub by: String,
    /// RFC 3339 time, given by the caller (libraries do not read the clock).
    pub at: String,
    pub reason: String,
}

impl Waiver {
    /// A waiver of `finding` (of `subject`, with id `id`).
    pub fn of(
        subject: &Subject,
        id: &FindingId,
        finding: &Finding,
        by: impl Into<String>,
        at: impl Into<String>,
        reason: impl Into<String>,
    ) -> Waiver {
        Waiver {
            id: id.0.clone(),
            rule: finding.rule.to_owned(),
            body: subject.body.clone(),
            body_name: subject.name.clone(),
            year: subject.year,
            cells: finding.cells.clone(),
            fingerprint: fingerprint(finding),
            message: finding.message.clone(),
            by: by.into(),
            at: at.into(),
            reason: reason.into(),
        }
    }
}

/// A reviewer's decision about a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The finding needs no action.
    Waive,
    /// The finding stands and needs action: recorded for the trail; ends a waiver in force.
    Confirm,
    /// A waiver is withdrawn.
    Revoke,
}

impl Action {
    /// `waive`, `confirm`, `revoke` (as stored and in the file).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Waive => "waive",
            Action::Confirm => "confirm",
            Action::Revoke => "revoke",
        }
    }

    /// The action of its name.
    pub fn parse(s: &str) -> Option<Action> {
        [Action::Waive, Action::Confirm, Action::Revoke]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// One entry of the audit trail. A revoke or confirm carries the id, who, when and why (and
/// the finding's fields as known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub action: Action,
    pub waiver: Waiver,
}

/// An event as a table of the file: the action beside the waiver's fields.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    action: Action,
    id: String,
    rule: String,
    body: String,
    body_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(default)]
    cells: Vec<String>,
    #[serde(default)]
    fingerprint: String,
    #[serde(default)]
    message: String,
    by: String,
    at: String,
    reason: String,
}

impl From<Row> for Event {
    fn from(r: Row) -> Event {
        Event {
            action: r.action,
            waiver: Waiver {
                id: r.id,
                rule: r.rule,
                body: r.body,
                body_name: r.body_name,
                year: r.year,
                cells: r.cells,
                fingerprint: r.fingerprint,
                message: r.message,
                by: r.by,
                at: r.at,
                reason: r.reason,
            },
        }
    }
}

impl From<&Event> for Row {
    fn from(e: &Event) -> Row {
        let w = e.waiver.clone();
        Row {
            action: e.action,
            id: w.id,
            rule: w.rule,
            body: w.body,
            body_name: w.body_name,
            year: w.year,
            cells: w.cells,
            fingerprint: w.fingerprint,
            message: w.message,
            by: w.by,
            at: w.at,
            reason: w.reason,
        }
    }
}

/// Where waivers are kept. Reading takes `&mut self` as writing does: a database connection
/// needs it to run a query.
pub trait WaiverStore {
    type Error: std::error::Error + Send + Sync + 'static;

    /// Every event, oldest first.
    fn events(&mut self) -> Result<Vec<Event>, Self::Error>;

    /// Record one event (never changes earlier ones).
    fn append(&mut self, event: &Event) -> Result<(), Self::Error>;

    /// The waivers in force, by finding id: the events replayed.
    fn active(&mut self) -> Result<BTreeMap<String, Waiver>, Self::Error> {
        Ok(replay(self.events()?))
    }
}

/// The waivers in force after these events, oldest first: a later waive replaces an earlier
/// one; a revoke or a confirm ends it.
pub fn replay(events: impl IntoIterator<Item = Event>) -> BTreeMap<String, Waiver> {
    let mut m = BTreeMap::new();
    for e in events {
        match e.action {
            Action::Waive => {
                m.insert(e.waiver.id.clone(), e.waiver);
            }
            Action::Confirm | Action::Revoke => {
                m.remove(&e.waiver.id);
            }
        }
    }
    m
}

/// Why an event cannot be recorded, if so (every store checks the same).
pub fn invalid(e: &Event) -> Option<&'static str> {
    if !FindingId::is_well_formed(&e.waiver.id) {
        Some("the id is not a finding id (GK-…)")
    } else if e.waiver.reason.trim().is_empty() {
        Some("no reason given")
    } else if e.action == Action::Waive && e.waiver.fingerprint.is_empty() {
        Some("a waiver without the fingerprint of its finding")
    } else {
        None
    }
}

/// Waivers in an append-only TOML file.
#[derive(Clone, Debug)]
pub struct FileWaivers {
    path: PathBuf,
}

/// Why the waiver file could not be used; names the file and line.
#[derive(Debug)]
pub enum WaiverError {
    Io {
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
        index: usize,
        why: &'static str,
    },
    Write {
        source: toml::ser::Error,
    },
}

impl fmt::Display for WaiverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiverError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            WaiverError::Syntax { path, line, source } => {
                write!(f, "{}", path.display())?;
                if let Some(l) = line {
                    write!(f, ":{l}")?;
                }
                write!(f, ": {}", source.message())
            }
            WaiverError::Invalid { path, index, why } => {
                write!(f, "{}: event {}: {why}", path.display(), index + 1)
            }
            WaiverError::Write { source } => write!(f, "cannot write the event: {source}"),
        }
    }
}

impl std::error::Error for WaiverError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiverError::Io { source, .. } => Some(source),
            WaiverError::Syntax { source, .. } => Some(source.as_ref()),
            WaiverError::Write { source } => Some(source),
            WaiverError::Invalid { .. } => None,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Log {
    #[serde(default)]
    event: Vec<Row>,
}

const HEADER: &str = "# gongkai waivers: an append-only audit trail. Each [[event]] waives or revokes one\n\
# finding by its id (docs/output.md). Add events with `gongkai waive`; do not edit old ones.\n";

impl FileWaivers {
    pub fn new(path: impl Into<PathBuf>) -> FileWaivers {
        FileWaivers { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl WaiverStore for FileWaivers {
    type Error = WaiverError;

    fn events(&mut self) -> Result<Vec<Event>, WaiverError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(WaiverError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        let log: Log = toml::from_str(&text).map_err(|e| WaiverError::Syntax {
            path: self.path.clone(),
            line: e.span().map(|s| crate::config::line_of(&text, s.start)),
            source: Box::new(e),
        })?;
        let events: Vec<Event> = log.event.into_iter().map(Event::from).collect();
        for (index, e) in events.iter().enumerate() {
            if let Some(why) = invalid(e) {
                return Err(WaiverError::Invalid {
                    path: self.path.clone(),
                    index,
                    why,
                });
            }
        }
        Ok(events)
    }

    fn append(&mut self, event: &Event) -> Result<(), WaiverError> {
        let body = toml::to_string(&Log {
            event: vec![Row::from(event)],
        })
        .map_err(|source| WaiverError::Write { source })?;
        let io = |source| WaiverError::Io {
            path: self.path.clone(),
            source,
        };
        let existing = match std::fs::metadata(&self.path) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(e) => return Err(io(e)),
        };
        let mut chunk = String::new();
        if existing == 0 {
            chunk.push_str(HEADER);
        }
        chunk.push('\n');
        chunk.push_str(&body);
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        // One write per event: an event is whole or absent.
        f.write_all(chunk.as_bytes()).map_err(io)?;
        f.sync_data().map_err(io)
    }
}

/// Why a waiver in force did not apply to this run's findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaleReason {
    /// The finding is still reported but says something else now (its message).
    Changed { now: String },
    /// The finding is no longer reported for its body and year.
    Gone,
}

/// A waiver that no longer applies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stale {
    pub waiver: Waiver,
    pub why: StaleReason,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use gongkai_report::Severity;

    #[test]
    fn events_append_and_replay() {
        let d = tempfile::tempdir().unwrap();
        let mut store = FileWaivers::new(d.path().join("w.toml"));
        assert!(
            store.active().unwrap().is_empty(),
            "a missing file is empty"
        );
        let s = Subject::new("110105", "朝阳区", Some(2023));
        let f = Finding::new("S-TITLE", Severity::Warning, "标题不规范");
        let id = FindingId::new(&s, f.rule, &f.cells, 1);
        let w = Waiver::of(&s, &id, &f, "张三", "2026-11-29T10:00:00Z", "标题经批准");
        store
            .append(&Event {
                action: Action::Waive,
                waiver: w.clone(),
            })
            .unwrap();
        assert_eq!(store.active().unwrap()[&id.0], w);
        let revoke = Waiver {
            reason: "误判".into(),
            ..w.clone()
        };
        store
            .append(&Event {
                action: Action::Revoke,
                waiver: revoke,
            })
            .unwrap();
        assert!(store.active().unwrap().is_empty());
        assert_eq!(store.events().unwrap().len(), 2, "the trail keeps both");
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(text.starts_with("# gongkai waivers"));
    }

    #[test]
    fn a_confirm_ends_a_waiver_and_a_later_waive_wins() {
        let s = Subject::new("110105", "朝阳区", Some(2023));
        let f = Finding::new("S-TITLE", Severity::Warning, "标题不规范");
        let id = FindingId::new(&s, f.rule, &f.cells, 1);
        let w = Waiver::of(&s, &id, &f, "张三", "2026-11-29T10:00:00Z", "标题经批准");
        let ev = |action| Event {
            action,
            waiver: w.clone(),
        };
        assert!(replay([ev(Action::Waive), ev(Action::Confirm)]).is_empty());
        assert_eq!(replay([ev(Action::Confirm), ev(Action::Waive)]).len(), 1);
        for a in [Action::Waive, Action::Confirm, Action::Revoke] {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        let d = tempfile::tempdir().unwrap();
        let mut store = FileWaivers::new(d.path().join("w.toml"));
        store.append(&ev(Action::Confirm)).unwrap();
        assert_eq!(store.events().unwrap()[0].action, Action::Confirm);
        assert!(invalid(&ev(Action::Waive)).is_none());
        let mut bad = ev(Action::Waive);
        bad.waiver.reason = " ".into();
        assert_eq!(invalid(&bad), Some("no reason given"));
    }

    #[test]
    fn a_broken_file_names_the_place() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("w.toml");
        std::fs::write(&p, "[[event]]\naction = \"waive\"\nid = 3\n").unwrap();
        let e = FileWaivers::new(&p).events().unwrap_err();
        assert!(matches!(e, WaiverError::Syntax { .. }), "{e}");
        std::fs::write(
            &p,
            "[[event]]\naction = \"waive\"\nid = \"GK-x\"\nrule = \"S-TITLE\"\nbody = \"b\"\n\
             body_name = \"b\"\ncells = []\nfingerprint = \"f\"\nmessage = \"m\"\nby = \"a\"\n\
             at = \"t\"\nreason = \"r\"\n",
        )
        .unwrap();
        let e = FileWaivers::new(&p).events().unwrap_err();
        assert!(matches!(e, WaiverError::Invalid { index: 0, .. }), "{e}");
    }
}
