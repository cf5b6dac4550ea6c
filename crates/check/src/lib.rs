//! Checks of a parsed report against the statutory and plausibility rules.
//!
//! Every rule is declared once in [`catalogue`] as a named static with its id, default level,
//! explanation and example; the code of each is in `rules`, which refers to the statics and
//! lists the rules each module emits. A rule whose cells are missing reports "not assessable"
//! instead of passing silently.

pub mod catalogue;
mod config;
mod ctx;
mod rules;

pub use catalogue::{RULES, Rule, Scope, VERSION, rule};
pub use config::{Config, Level};

use gongkai_report::{Finding, Report};

/// Run every document rule on a report. `text` is the decoded source the report's spans refer
/// to (some rules read the narrative). Returns the rules' findings, not the extractor's.
pub fn check(report: &Report, text: &str) -> Vec<Finding> {
    let ctx = ctx::Ctx::new(report, text);
    let mut out = Vec::new();
    rules::run(&ctx, &mut out);
    out
}

/// Run the rules on the values of the tables alone, for a report rebuilt from its numbers
/// without a source (an imported flat table): every rule that reads the document itself
/// (structure, dates, prose, printed headers and edition marks) is "not assessable" with
/// `why`, so nothing passes that was not checked.
pub fn check_values_only(report: &Report, why: &str) -> Vec<Finding> {
    let ctx = ctx::Ctx::new(report, "");
    let mut out = Vec::new();
    rules::run_values_only(&ctx, why, &mut out);
    out
}

/// Check a report in place: its findings become the extractor's plus the rules', with the
/// levels of `config` applied (allowed rules removed, others re-levelled).
pub fn check_report(report: &mut Report, text: &str, config: &Config) {
    let mut findings = std::mem::take(&mut report.findings);
    findings.extend(check(report, text));
    report.findings = config.apply(findings);
}

#[cfg(test)]
mod tests;

/// The rule catalogue that checks, as the store records it with each ingest batch: this
/// crate's version and a fingerprint (FNV-1a) of every rule's id, level, scope and status, so
/// a store tells which reports a changed catalogue checked. One function for every front end
/// (`gongkai ingest`, the web upload).
pub fn catalogue_fingerprint() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for r in RULES {
        for part in [
            r.id,
            r.level.as_str(),
            r.scope.as_str(),
            if r.implemented() { "1" } else { "0" },
        ] {
            for b in part.bytes().chain([0]) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    format!(
        "gongkai-check {} ({} rules, {h:016x})",
        env!("CARGO_PKG_VERSION"),
        RULES.len()
    )
}
