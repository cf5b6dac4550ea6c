//! Read a rendered report the way the CLI does and compare it with its truth.

#![allow(dead_code)]

use gongkai_decode::{Options, decode};
use gongkai_format::TableId;
use gongkai_report::{EditionSeen, Finding, Num, Report, Severity, Source};
use gongkai_synth::SynthReport;
use serde_json::Value as Json;

/// The extractor's report and every finding (the extractor's and the rules').
pub fn read(text: &str) -> (Report, Vec<Finding>) {
    read_bytes(text.as_bytes())
}

/// [`read`] for a file of any format (HTML in GBK, DOCX …).
pub fn read_bytes(bytes: &[u8]) -> (Report, Vec<Finding>) {
    let doc = decode(bytes, &Options::default()).expect("synthetic document decodes");
    let report = gongkai_extract::extract(&doc, Source::default());
    let mut findings = report.findings.clone();
    findings.extend(gongkai_check::check(&report, &doc.text));
    (report, findings)
}

fn table_id(key: &str) -> Option<TableId> {
    TableId::ALL.into_iter().find(|t| t.key() == key)
}

/// Whether a finding names `table.row` among its cells.
fn names_row(f: &Finding, table: &str, row: &str) -> bool {
    let want = format!("{table}.{row}");
    f.cells
        .iter()
        .any(|c| c == &want || c.starts_with(&format!("{want}.")))
}

/// How much of a report must be recovered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every row read, right, and no row reported ambiguous.
    Complete,
    /// Every row read is right; a row left out carries a P-ROW-AMBIGUOUS finding naming it
    /// (layouts that lose information, where a reader must not guess).
    Sound,
    /// Every row read is right (rows may be left out, explained or not).
    Safe,
}

/// What differs between the truth and what was read, in a given mode. In every mode the year,
/// edition, publication date and kind of body must be right and no error-level finding may
/// be raised (the report is clean).
pub fn compare(truth: &SynthReport, got: &Report, findings: &[Finding], mode: Mode) -> Vec<String> {
    let strict = mode == Mode::Complete;
    let mut problems = Vec::new();
    let expected = truth.expected();
    let ambiguous: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "P-ROW-AMBIGUOUS")
        .collect();
    if let Json::Object(tables) = &expected {
        for (tkey, rows) in tables {
            let Some(id) = table_id(tkey) else { continue };
            let t = got.table(id);
            let Json::Object(rows) = rows else { continue };
            for (rkey, cols) in rows {
                let Json::Object(cols) = cols else { continue };
                if t.row(rkey).is_none() {
                    let explained = ambiguous.iter().any(|f| names_row(f, tkey, rkey));
                    if strict || (mode == Mode::Sound && !explained) {
                        problems.push(format!("{tkey}.{rkey}: missing"));
                    }
                    continue;
                }
                for (ckey, want) in cols {
                    let want = want.as_f64().unwrap_or(f64::NAN);
                    match t.value(rkey, ckey) {
                        Some(v) if v.same(Num::Dec(want)) => {}
                        Some(v) => {
                            problems.push(format!("{tkey}.{rkey}.{ckey}: want {want} got {v}"))
                        }
                        None => {
                            problems.push(format!("{tkey}.{rkey}.{ckey}: want {want} got nothing"))
                        }
                    }
                }
            }
            for r in &t.rows {
                if !rows.contains_key(r.key) {
                    problems.push(format!("{tkey}.{}: read but not in the report", r.key));
                }
            }
        }
    }
    let year = got.meta.year.as_ref().map(|y| y.value);
    if year != Some(truth.year) {
        problems.push(format!("year: want {} got {year:?}", truth.year));
    }
    if truth.table2.edition == truth.edition && got.edition != EditionSeen::Known(truth.edition) {
        problems.push(format!(
            "edition: want {} got {:?}",
            truth.edition, got.edition
        ));
    }
    let published = got.meta.published.as_ref().map(|p| p.value.clone());
    if published.as_deref() != Some(truth.published.iso().as_str()) {
        problems.push(format!(
            "published: want {} got {published:?}",
            truth.published.iso()
        ));
    }
    if got.meta.body_kind != Some(truth.body_kind) {
        problems.push(format!(
            "body kind of {}: want {:?} got {:?}",
            truth.org, truth.body_kind, got.meta.body_kind
        ));
    }
    for f in findings {
        if f.assessable && f.severity == Severity::Error {
            problems.push(format!("error finding {}: {}", f.rule, f.message));
        }
        if strict && f.rule == "P-ROW-AMBIGUOUS" {
            problems.push(format!("ambiguous: {}", f.message));
        }
    }
    problems
}

/// Failures of many cases, reported together with the seeds that reproduce them.
#[derive(Default)]
pub struct Tally {
    pub cases: usize,
    pub failed: Vec<(u64, Vec<String>)>,
}

impl Tally {
    pub fn add(&mut self, seed: u64, problems: Vec<String>) {
        self.cases += 1;
        if !problems.is_empty() {
            self.failed.push((seed, problems));
        }
    }

    /// Panic with a summary when any case failed.
    pub fn assert_clean(&self, what: &str) {
        if self.failed.is_empty() {
            return;
        }
        let mut msg = format!(
            "{what}: {} of {} cases failed (reproduce: cargo run -p gongkai-synth --example inspect -- LAYOUT SEED [--text] [--no-blanks] [--no-negative])\n",
            self.failed.len(),
            self.cases
        );
        for (seed, p) in self.failed.iter().take(5) {
            msg.push_str(&format!("  seed {seed}:\n"));
            for line in p.iter().take(8) {
                msg.push_str(&format!("    {line}\n"));
            }
        }
        panic!("{msg}");
    }
}

/// Seeds per test: enough to meet every variant and noise combination many times, few enough
/// for a debug build to finish in seconds (`GONGKAI_SYNTH_SEEDS` for more).
#[allow(dead_code)] // not every test file uses it
pub fn seeds() -> u64 {
    std::env::var("GONGKAI_SYNTH_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
}
