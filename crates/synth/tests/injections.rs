//! Errors put into a report on purpose must be reported by the rule that names them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Tally, read};
use gongkai_synth::{Injection, Layout, Options, injected_case_with};

/// Seeds per injection and layout.
const SEEDS: u64 = 25;

/// Blank cells are off: rows of blank cells are not all read yet (crates/synth/FAILURES.md),
/// and a rule whose cells are missing cannot fire.
const OPTIONS: Options = Options {
    blank_cells: false,
    negative_changes: true,
};

fn fires(injection: Injection) {
    let mut tally = Tally::default();
    for layout in Layout::ALL.into_iter().filter(|l| l.is_recoverable()) {
        for seed in 0..SEEDS {
            let (_, text) = injected_case_with(seed, injection, layout, OPTIONS);
            let (_, findings) = read(&text);
            let fired = findings
                .iter()
                .any(|f| f.assessable && f.rule == injection.rule());
            let problems = if fired {
                Vec::new()
            } else {
                let seen: Vec<&str> = findings
                    .iter()
                    .filter(|f| f.assessable)
                    .map(|f| f.rule)
                    .collect();
                vec![format!(
                    "{}: {} did not fire (inspect: {} {seed} --inject {} --no-blanks); findings: {seen:?}",
                    layout.name(),
                    injection.rule(),
                    layout.name(),
                    injection.name()
                )]
            };
            tally.add(seed, problems);
        }
    }
    tally.assert_clean(injection.name());
}

#[test]
fn row_sum() {
    fires(Injection::RowSum);
}

#[test]
fn balance() {
    fires(Injection::Balance);
}

#[test]
fn outcomes() {
    fires(Injection::Outcomes);
}

#[test]
fn negative() {
    fires(Injection::Negative);
}

#[test]
fn group_sum() {
    fires(Injection::GroupSum);
}

#[test]
fn drop_section() {
    fires(Injection::DropSection);
}

#[test]
fn paren_numbering() {
    fires(Injection::ParenNumbering);
}

#[test]
fn edition_year() {
    fires(Injection::EditionYear);
}

#[test]
fn mixed_editions() {
    fires(Injection::MixedEditions);
}

#[test]
fn late_department() {
    fires(Injection::LateDepartment);
}

#[test]
fn prose_applications() {
    fires(Injection::ProseApplications);
}

#[test]
fn prose_none() {
    fires(Injection::ProseNone);
}

#[test]
fn prose_no_cases() {
    fires(Injection::ProseNoCases);
}

#[test]
fn prose_documents() {
    fires(Injection::ProseDocuments);
}

#[test]
fn prose_percent() {
    fires(Injection::ProsePercent);
}

#[test]
fn prose_fees() {
    fires(Injection::ProseFees);
}

/// The passing side of the narrative rules: clean reports repeat figures of their tables in
/// the prose (section 1, before tables 3 and 4) and no N-* rule fires on them.
#[test]
fn clean_prose_agrees_with_the_tables() {
    use gongkai_synth::case_with;
    let mut tally = Tally::default();
    let mut stated = 0;
    for layout in Layout::ALL.into_iter().filter(|l| l.is_recoverable()) {
        for seed in 0..SEEDS * 2 {
            let (_, text) = case_with(seed, layout, OPTIONS);
            stated += gongkai_narrative_facts(&text);
            let (_, findings) = read(&text);
            let wrong: Vec<String> = findings
                .iter()
                .filter(|f| f.assessable && f.rule.starts_with("N-"))
                .map(|f| format!("{}: {} {}", layout.name(), f.rule, f.message))
                .collect();
            tally.add(seed, wrong);
        }
    }
    tally.assert_clean("clean prose");
    assert!(stated > 100, "the prose states figures: {stated}");
}

/// How many statements the prose of a text makes (that the check then compares).
fn gongkai_narrative_facts(text: &str) -> usize {
    gongkai_narrative::facts(text).len()
}
