//! Generate → render → decode → extract → compare every cell with the truth, for every layout
//! family, over many seeds. A clean report must also raise no error-level finding.
//!
//! Every family is tested complete (every cell right, nothing ambiguous), with zeros written as
//! blank cells where the family does that. Digits that ran together are tested for soundness:
//! every row read is right, and every row left out is reported ambiguous.
//! `GONGKAI_SYNTH_SEEDS=5000 cargo test -p gongkai-synth` runs more seeds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Mode, Tally, compare, read, seeds};
use gongkai_synth::{Layout, Options, case_with};

const ALL_FEATURES: Options = Options {
    blank_cells: true,
    negative_changes: true,
};

const NO_BLANK_CELLS: Options = Options {
    blank_cells: false,
    negative_changes: true,
};

fn roundtrip(layout: Layout, options: Options, mode: Mode) {
    let mut tally = Tally::default();
    for seed in 0..seeds() {
        let (truth, text) = case_with(seed, layout, options);
        let (report, findings) = read(&text);
        tally.add(seed, compare(&truth, &report, &findings, mode));
    }
    tally.assert_clean(&format!("{} {options:?} {mode:?}", layout.name()));
}

// ---- every family, complete ----

#[test]
fn cell_per_line() {
    roundtrip(Layout::CellPerLine, ALL_FEATURES, Mode::Complete);
}

#[test]
fn tab_rows() {
    roundtrip(Layout::TabRows, ALL_FEATURES, Mode::Complete);
}

#[test]
fn indented_cells() {
    roundtrip(Layout::IndentedCells, ALL_FEATURES, Mode::Complete);
}

#[test]
fn indented_cells_without_blank_cells() {
    roundtrip(Layout::IndentedCells, NO_BLANK_CELLS, Mode::Complete);
}

#[test]
fn pipes() {
    roundtrip(Layout::Pipes, ALL_FEATURES, Mode::Complete);
}

#[test]
fn paragraphs() {
    roundtrip(Layout::Paragraphs, ALL_FEATURES, Mode::Complete);
}

#[test]
fn markdown() {
    roundtrip(Layout::Markdown, ALL_FEATURES, Mode::Complete);
}

#[test]
fn noisy() {
    roundtrip(Layout::Noisy, ALL_FEATURES, Mode::Complete);
}

// ---- run-together digits ----

/// Rows whose digits ran together may be left out, but every row read must be right and every
/// row left out must be reported ambiguous (P-ROW-AMBIGUOUS naming it).
#[test]
fn run_together() {
    roundtrip(Layout::RunTogether, ALL_FEATURES, Mode::Sound);
}
