//! Reviewers' decisions and reports read back for review.
//!
//! - [`WaiverStore`] over the append-only table `waiver_events`: every waive, confirm and
//!   revoke, oldest first; the waivers in force are the events replayed
//!   ([`gongkai_review::replay`]), exactly as with the waiver file.
//! - [`Store::for_review`]: a stored report as `gongkai-review` and `gongkai-cross` take it —
//!   its [`Subject`] (body key, year), the report with its stored findings, the text its spans
//!   point into, and the body's [`Identity`] rebuilt from the division table.
//! - [`Store::reports_with_finding`]: where a finding id is (the id is stored with each
//!   finding at ingest).

use crate::codec;
use crate::db::{Row, Val, placeholders};
use crate::error::StoreError;
use crate::{BodyRecord, BodyStatus, Store};
use gongkai_bodies::{Divisions, Identity, Place, Region};
use gongkai_report::{Finding, Report};
use gongkai_review::{Action, Event, Subject, Waiver, WaiverStore};

/// The key of a report's subject (gongkai-review's [`Subject::body`]): its body's key, or
/// `file:SHA256` for a report that names no body — the same key `Subject::of` gives when
/// reading the file, so finding ids agree between the files and the store.
pub(crate) fn subject_key(body: Option<&str>, sha256: &str) -> String {
    body.map_or_else(|| format!("file:{sha256}"), str::to_owned)
}

impl WaiverStore for Store {
    type Error = StoreError;

    fn events(&mut self) -> Result<Vec<Event>, StoreError> {
        let rows = self.conn.query(
            "SELECT id, action, finding_id, rule, body_key, body_name, year, cells, fingerprint,
                    message, decided_by, decided_at, reason
             FROM waiver_events ORDER BY id",
            &[],
        )?;
        rows.iter().map(event).collect()
    }

    fn append(&mut self, e: &Event) -> Result<(), StoreError> {
        if let Some(why) = gongkai_review::invalid(e) {
            return Err(StoreError::InvalidWaiver {
                id: e.waiver.id.clone(),
                why,
            });
        }
        self.conn.begin()?;
        let r = (|| {
            let id = self
                .conn
                .alloc_ids("waiver_events", 1)?
                .first()
                .copied()
                .unwrap_or(1);
            let w = &e.waiver;
            self.conn.execute(
                "INSERT INTO waiver_events (id, finding_id, action, body_key, body_name, year,
                    rule, cells, fingerprint, message, reason, decided_by, decided_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                &[
                    Val::Int(id),
                    Val::from(&w.id),
                    Val::from(e.action.as_str()),
                    Val::from(&w.body),
                    Val::from(&w.body_name),
                    w.year.into(),
                    Val::from(&w.rule),
                    Val::Text(codec::encode_strings(&w.cells)),
                    Val::from(&w.fingerprint),
                    Val::from(&w.message),
                    Val::from(&w.reason),
                    Val::from(&w.by),
                    Val::from(&w.at),
                ],
            )?;
            Ok(())
        })();
        self.finish_tx(r)
    }
}

fn event(r: &Row) -> Result<Event, StoreError> {
    let what = format!("waiver event {}", r.int(0));
    let action = Action::parse(&r.text(1))
        .ok_or_else(|| StoreError::corrupt(&what, format!("unknown action {}", r.text(1))))?;
    Ok(Event {
        action,
        waiver: Waiver {
            id: r.text(2),
            rule: r.text(3),
            body: r.text(4),
            body_name: r.text(5),
            year: r.opt_int(6).and_then(|y| i32::try_from(y).ok()),
            cells: codec::decode_strings(&r.text(7), &what)?,
            fingerprint: r.text(8),
            message: r.text(9),
            by: r.text(10),
            at: r.text(11),
            reason: r.text(12),
        },
    })
}

/// A stored report as review and the checks across reports take it.
#[derive(Clone, Debug)]
pub struct ForReview {
    /// The report's id in the store.
    pub id: i64,
    /// What it is about: body key and year (finding ids are derived from them).
    pub subject: Subject,
    /// The report with its stored findings, in the order stored.
    pub report: Report,
    /// The decoded text its spans point into.
    pub text: String,
    /// Its body's identity, for an identified body (rebuilt from the division table).
    pub body: Option<Identity>,
    /// The previous year's report the checks across years (X-*) compared it with at
    /// ingest; `None`: none was stored, so they were not run.
    pub prev_report: Option<i64>,
    /// Stored findings of rules this build's catalogue no longer has (left out of `report`).
    pub retired: Vec<String>,
}

impl BodyRecord {
    /// The identity of an identified body (its region rebuilt from `table`), `None` for a
    /// body kept under its name.
    pub fn identity(&self, table: &Divisions) -> Option<Identity> {
        if self.status != BodyStatus::Identified {
            return None;
        }
        let kind = self.kind?;
        let region = self
            .region_code
            .as_deref()
            .and_then(|c| table.by_code(c))
            .map(|d| Region {
                code: d.code(),
                level: d.level(),
                kind: d.kind(),
                path: d
                    .path()
                    .iter()
                    .map(|p| Place {
                        code: p.code(),
                        name: p.name().to_owned(),
                    })
                    .collect(),
            });
        Some(Identity {
            key: self.key.clone(),
            kind,
            name: self.name.clone(),
            region,
            department: self.department.clone(),
        })
    }
}

impl Store {
    /// A stored report for review, or `None` if there is no report of that id.
    pub fn for_review(
        &mut self,
        id: i64,
        table: &Divisions,
    ) -> Result<Option<ForReview>, StoreError> {
        let Some(stored) = self.report(id)? else {
            return Ok(None);
        };
        let text = self.source_text(id)?.unwrap_or_default();
        let extra = self.conn.query_one(
            &format!(
                "SELECT r.prev_report, {} FROM reports r LEFT JOIN bodies b ON b.id = r.body_id
                 WHERE r.id = $1",
                crate::query::BODY_COLUMNS
            ),
            &[Val::Int(id)],
        )?;
        let prev_report = extra.as_ref().and_then(|r| r.opt_int(0));
        let record = extra
            .as_ref()
            .filter(|r| r.opt_text(1).is_some())
            .map(|r| crate::query::body_record(r, 1));
        let s = &stored.summary;
        let subject = Subject::new(
            subject_key(s.body_key.as_deref(), &s.sha256),
            s.body_name
                .clone()
                .or_else(|| stored.report.meta.org.as_ref().map(|o| o.value.clone()))
                .unwrap_or_else(|| s.path.clone()),
            s.year,
        );
        let mut report = stored.report;
        let mut retired = Vec::new();
        for f in stored.findings {
            let Some(rule) = gongkai_check::catalogue::rule(&f.rule) else {
                retired.push(f.rule);
                continue;
            };
            report.findings.push(Finding {
                rule: rule.id,
                severity: f.severity,
                assessable: f.assessable,
                message: f.message,
                cells: f.cells,
                evidence: f.evidence,
                help: f.help,
            });
        }
        Ok(Some(ForReview {
            id,
            subject,
            report,
            text,
            body: record.and_then(|b| b.identity(table)),
            prev_report,
            retired,
        }))
    }

    /// The current reports holding a finding of this id (stored findings; findings across
    /// bodies are not stored: they are made when a selection is reviewed).
    pub fn reports_with_finding(&mut self, finding_id: &str) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .conn
            .query(
                "SELECT DISTINCT f.report_id FROM findings f JOIN reports r ON r.id = f.report_id
                 WHERE f.finding_id = $1 AND r.current = 1 ORDER BY f.report_id",
                &[Val::from(finding_id)],
            )?
            .iter()
            .map(|r| r.int(0))
            .collect())
    }

    /// The waivers in force for these subjects' bodies and years only (what a review of a
    /// selection needs, without replaying the whole trail).
    pub fn waivers_of(
        &mut self,
        bodies: &[(String, Option<i32>)],
    ) -> Result<std::collections::BTreeMap<String, Waiver>, StoreError> {
        let mut keys: Vec<&str> = bodies.iter().map(|(b, _)| b.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut events = Vec::new();
        for chunk in keys.chunks(1000) {
            let sql = format!(
                "SELECT id, action, finding_id, rule, body_key, body_name, year, cells,
                        fingerprint, message, decided_by, decided_at, reason
                 FROM waiver_events WHERE body_key IN ({}) ORDER BY id",
                placeholders(0, chunk.len())
            );
            let params: Vec<Val> = chunk.iter().map(|k| Val::from(*k)).collect();
            for r in self.conn.query(&sql, &params)? {
                events.push((r.int(0), event(&r)?));
            }
        }
        events.sort_by_key(|(id, _)| *id);
        Ok(gongkai_review::replay(events.into_iter().map(|(_, e)| e)))
    }
}
