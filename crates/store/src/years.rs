//! The checks across years on ingest: each new current report is compared with the current
//! report of its body for the year before (gongkai-cross's X-* rules), and the following
//! year's current report with it; the findings are stored with the later report, like its
//! other findings, with the evidence in the earlier one beside them.

use crate::codec;
use crate::db::Val;
use crate::error::StoreError;
use crate::review::subject_key;
use crate::{Store, query::StoredReport};
use gongkai_cross::{Doc, Options};
use gongkai_report::Report;
use std::collections::{HashMap, HashSet};

/// A report of the write in progress, in memory: the checks read it from here rather than
/// back from the tables (a third of their cost was reading reports back).
pub(crate) struct Fresh<'a> {
    pub report: &'a Report,
    pub text: &'a str,
    pub body: Option<&'a str>,
    pub sha: &'a str,
}

/// One side of a pair: in memory, or read back.
enum Side<'a> {
    Fresh(&'a Fresh<'a>),
    Stored(Box<StoredReport>, String),
}

impl Side<'_> {
    fn report(&self) -> &Report {
        match self {
            Side::Fresh(f) => f.report,
            Side::Stored(r, _) => &r.report,
        }
    }

    fn text(&self) -> &str {
        match self {
            Side::Fresh(f) => f.text,
            Side::Stored(_, t) => t,
        }
    }

    /// The key of its subject (body key or `file:SHA256`) and its year.
    fn subject(&self) -> (String, Option<i32>) {
        match self {
            Side::Fresh(f) => (
                subject_key(f.body, f.sha),
                f.report.meta.year.as_ref().map(|y| y.value),
            ),
            Side::Stored(r, _) => (
                subject_key(r.summary.body_key.as_deref(), &r.summary.sha256),
                r.summary.year,
            ),
        }
    }
}

/// Rule ids of the checks across years (what is replaced when a pair is compared again).
fn year_rules() -> Vec<&'static str> {
    gongkai_cross::EMITS
        .iter()
        .filter(|r| r.scope == gongkai_check::Scope::AcrossYears)
        .map(|r| r.id)
        .collect()
}

impl Store {
    /// Within the write transaction of [`Store::add`]: pair these new current reports
    /// (id, body, year) with their neighbours' years and store the X-* findings.
    pub(crate) fn compare_years(
        &mut self,
        new: &[(i64, i64, i64)],
        fresh_reports: &HashMap<i64, Fresh<'_>>,
    ) -> Result<(), StoreError> {
        if new.is_empty() {
            return Ok(());
        }
        let opts = Options::default();
        let rules = year_rules();
        let fresh: HashSet<i64> = new.iter().map(|(id, _, _)| *id).collect();
        let mut done: HashSet<(i64, i64)> = HashSet::new();
        for &(id, body, year) in new {
            if let Some(prev) = self.current_of(body, year - 1)?
                && done.insert((prev, id))
            {
                self.compare_pair(prev, id, fresh_reports, &rules, &opts)?;
            }
            if let Some(next) = self.current_of(body, year + 1)?
                && !fresh.contains(&next)
                && done.insert((id, next))
            {
                self.compare_pair(id, next, fresh_reports, &rules, &opts)?;
            }
        }
        Ok(())
    }

    fn current_of(&mut self, body: i64, year: i64) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_one(
                "SELECT id FROM reports WHERE body_id = $1 AND year = $2 AND current = 1",
                &[Val::Int(body), Val::Int(year)],
            )?
            .map(|r| r.int(0)))
    }

    fn side<'a>(
        &mut self,
        id: i64,
        fresh: &'a HashMap<i64, Fresh<'a>>,
    ) -> Result<Side<'a>, StoreError> {
        if let Some(f) = fresh.get(&id) {
            return Ok(Side::Fresh(f));
        }
        let r = self
            .report(id)?
            .ok_or_else(|| StoreError::corrupt(format!("report {id}"), "not found"))?;
        let text = self.source_text(id)?.unwrap_or_default();
        Ok(Side::Stored(Box::new(r), text))
    }

    /// Compare `this` with `last` (its body's report of the year before): its X-* findings
    /// are replaced by the new ones, and its counts of errors and warnings follow.
    fn compare_pair(
        &mut self,
        last: i64,
        this: i64,
        fresh: &HashMap<i64, Fresh<'_>>,
        rules: &[&'static str],
        opts: &Options,
    ) -> Result<(), StoreError> {
        let l = self.side(last, fresh)?;
        let t = self.side(this, fresh)?;
        let found = gongkai_cross::check_pair(
            &Doc::new(l.report(), l.text()),
            &Doc::new(t.report(), t.text()),
            opts,
        );
        // Consecutive years of one body by construction: an error here is a bug elsewhere.
        let found =
            found.map_err(|e| StoreError::corrupt(format!("report {this}"), e.to_string()))?;
        let (key, year) = t.subject();
        let subject = gongkai_review::Subject::new(key, "", year);
        let findings: Vec<gongkai_report::Finding> =
            found.iter().map(|f| f.finding.clone()).collect();
        let ids = gongkai_review::ids(&subject, &findings);
        let sql = format!(
            "DELETE FROM findings WHERE report_id = $1 AND rule IN ({})",
            crate::db::placeholders(1, rules.len())
        );
        let mut params = vec![Val::Int(this)];
        params.extend(rules.iter().map(|r| Val::from(*r)));
        self.conn.execute(&sql, &params)?;
        let next = self
            .conn
            .query_one(
                "SELECT COALESCE(MAX(seq) + 1, 0) FROM findings WHERE report_id = $1",
                &[Val::Int(this)],
            )?
            .map_or(0, |r| r.int(0));
        let rows: Vec<Vec<Val>> = found
            .iter()
            .zip(ids)
            .enumerate()
            .map(|(n, (cf, id))| {
                let f = &cf.finding;
                let other: Vec<gongkai_report::Evidence> = cf
                    .others
                    .iter()
                    .flat_map(|s| s.evidence.iter().cloned())
                    .collect();
                vec![
                    Val::Int(this),
                    Val::Int(next + n as i64),
                    Val::from(f.rule),
                    Val::from(f.severity.as_str()),
                    Val::from(f.assessable),
                    Val::from(&f.message),
                    Val::Text(codec::encode_strings(&f.cells)),
                    f.help.as_deref().into(),
                    Val::Text(codec::encode_evidence(&f.evidence)),
                    Val::Text(id.0),
                    Val::Int(last),
                    Val::Text(codec::encode_evidence(&other)),
                ]
            })
            .collect();
        self.conn.insert_many(
            "findings",
            &[
                "report_id",
                "seq",
                "rule",
                "severity",
                "assessable",
                "message",
                "cells",
                "help",
                "evidence",
                "finding_id",
                "other_report",
                "other_evidence",
            ],
            &rows,
            "",
        )?;
        self.conn.execute(
            "UPDATE reports SET prev_report = $1,
               errors = (SELECT COUNT(*) FROM findings f WHERE f.report_id = $2
                         AND f.assessable = 1 AND f.severity = 'error'),
               warnings = (SELECT COUNT(*) FROM findings f WHERE f.report_id = $2
                           AND f.assessable = 1 AND f.severity = 'warning')
             WHERE id = $2",
            &[Val::Int(last), Val::Int(this)],
        )?;
        Ok(())
    }
}
