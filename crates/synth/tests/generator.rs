//! The generator itself: consistent tables for any seed, reproducible cases, traditional
//! characters that the decoder folds back, and a comparison that does notice a wrong cell.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use gongkai_format::{RowRole, T4_GROUPS, edition_def};
use gongkai_synth::{Injection, Layout, SynthReport, TRADITIONAL, case, rng_for};
use proptest::prelude::*;

fn assert_consistent(r: &SynthReport) {
    let def = edition_def(r.edition).table3;
    assert_eq!(r.table3.len(), def.rows.len());
    for row in &r.table3 {
        assert_eq!(
            row.values[6],
            row.values[..6].iter().sum::<i64>(),
            "{}",
            row.key
        );
        assert!(row.values.iter().all(|v| *v >= 0), "{}", row.key);
    }
    let row = |k: &str| r.t3_row(k).unwrap().values;
    for c in 0..7 {
        let outcomes: i64 = def
            .rows_with_role(RowRole::Outcome)
            .map(|d| row(d.key)[c])
            .sum();
        assert_eq!(outcomes, row("total")[c], "outcomes, column {c}");
        assert_eq!(
            row("new_received")[c] + row("carried_over")[c],
            row("total")[c] + row("carry_forward")[c],
            "balance, column {c}"
        );
    }
    assert_eq!(r.table4.len(), T4_GROUPS.len());
    for g in &r.table4 {
        assert_eq!(g[4], g[..4].iter().sum::<i64>());
    }
    let t2 = edition_def(r.table2.edition).table2;
    assert_eq!(r.table2.rows.len(), t2.rows().count());
    assert!(r.published.year == r.year + 1);
}

proptest! {
    #[test]
    fn generated_tables_hold_every_identity(seed in any::<u64>()) {
        let mut rng = rng_for(seed, "proptest");
        assert_consistent(&SynthReport::generate(&mut rng));
    }
}

#[test]
fn cases_are_reproducible() {
    for layout in Layout::ALL {
        assert_eq!(case(7, layout), case(7, layout), "{}", layout.name());
    }
}

#[test]
fn traditional_characters_fold_back() {
    for (simplified, traditional) in TRADITIONAL {
        let t = traditional.to_string();
        let folded = gongkai_decode::normalize(&t);
        assert_eq!(folded.as_str(), simplified.to_string(), "{traditional}");
    }
}

#[test]
fn injections_touch_only_what_they_name() {
    for inj in Injection::ALL {
        let mut rng = rng_for(1, inj.name());
        let r = inj.generate(&mut rng);
        match inj {
            Injection::RowSum
            | Injection::Balance
            | Injection::Outcomes
            | Injection::Negative
            | Injection::GroupSum => {}
            _ => assert_consistent(&r),
        }
    }
}

#[test]
fn comparison_notices_a_wrong_cell() {
    let (mut truth, text) = case(3, Layout::Pipes);
    let (report, findings) = common::read(&text);
    assert!(common::compare(&truth, &report, &findings, common::Mode::Complete).is_empty());
    truth.table3[0].values[0] += 1;
    let problems = common::compare(&truth, &report, &findings, common::Mode::Safe);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("table3.new_received.natural_person")),
        "{problems:?}"
    );
}

#[test]
fn truth_has_the_corpus_shape() {
    let (r, _) = case(11, Layout::Markdown);
    let t = r.truth("x", "src", "markdown", "");
    let t3 = t["table3"].as_object().unwrap();
    assert!(
        t3.values()
            .all(|v| v.as_array().is_some_and(|a| a.len() == 7))
    );
    let t4 = t["table4"].as_object().unwrap();
    assert_eq!(t4.len(), 3);
    assert!(
        t4.values()
            .all(|v| v.as_array().is_some_and(|a| a.len() == 5))
    );
    assert_eq!(t["edition"], r.edition.as_str());
}
