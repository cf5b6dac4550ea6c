//! Generate → render as a web page or a Word document → decode → extract → compare every cell
//! with the truth, over many seeds. The official tables' merged cells (rowspan/colspan,
//! gridSpan/vMerge) must come out as the same cells the text layouts give.
//! `GONGKAI_SYNTH_SEEDS=5000 cargo test -p gongkai-synth --test structured` runs more seeds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Mode, Tally, compare, read_bytes, seeds};
use gongkai_synth::{Options, SynthReport, docx_case, html_case};

const ALL_FEATURES: Options = Options {
    blank_cells: true,
    negative_changes: true,
};

fn roundtrip(name: &str, case: fn(u64, Options) -> (SynthReport, Vec<u8>), options: Options) {
    let mut tally = Tally::default();
    for seed in 0..seeds() {
        let (truth, bytes) = case(seed, options);
        let (report, findings) = read_bytes(&bytes);
        tally.add(seed, compare(&truth, &report, &findings, Mode::Complete));
    }
    tally.assert_clean(&format!("{name} {options:?}"));
}

#[test]
fn html() {
    roundtrip("html", html_case, ALL_FEATURES);
}

#[test]
fn docx() {
    roundtrip("docx", docx_case, ALL_FEATURES);
}
