//! Hostile and damaged input: never a panic, never a hang.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{Options, decode};
use gongkai_report::Source;
use proptest::prelude::*;

const SEEDS: [&str; 4] = [
    include_str!("../../../fixtures/corpus/docs/000_50ea10f2717e5a1e.txt"),
    include_str!("../../../fixtures/corpus/docs/001_eb0a65417e597162.txt"),
    include_str!("../../../fixtures/corpus/docs/pingtan2019.txt"),
    include_str!("../../../fixtures/corpus/docs/sh2024_kewei.md"),
];

fn run(bytes: &[u8]) {
    if let Ok(doc) = decode(bytes, &Options::default()) {
        let r = gongkai_extract::extract(&doc, Source::default());
        // every cell span lies inside the text and on a char boundary
        for t in r.tables() {
            for row in &t.rows {
                for c in &row.cells {
                    assert!(c.span.end <= doc.text.len());
                    assert!(
                        doc.text.is_char_boundary(c.span.start)
                            && doc.text.is_char_boundary(c.span.end)
                    );
                }
            }
        }
        let _ = gongkai_report::report_json(&r);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        run(&bytes);
    }

    #[test]
    fn truncated_reports(seed in 0usize..4, cut in 0.0f64..1.0) {
        let s = SEEDS[seed].as_bytes();
        let n = (s.len() as f64 * cut) as usize;
        run(&s[..n]);
    }

    #[test]
    fn damaged_reports(seed in 0usize..4, edits in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 1..40)) {
        let mut s = SEEDS[seed].as_bytes().to_vec();
        for (at, b) in edits {
            let i = ((s.len() - 1) as f64 * at) as usize;
            s[i] = b;
        }
        run(&s);
    }

    #[test]
    fn spliced_reports(a in 0usize..4, b in 0usize..4, cut in 0.0f64..1.0) {
        // text of one report with the tables of another pasted in the middle
        let x = SEEDS[a];
        let mut i = (x.len() as f64 * cut) as usize;
        while !x.is_char_boundary(i) { i -= 1; }
        let s = format!("{}{}{}", &x[..i], SEEDS[b], &x[i..]);
        run(s.as_bytes());
    }
}

#[test]
fn thousands_of_repeated_tables_finish() {
    // ~3 MB: the table of a report repeated 400 times. Must finish (linear algorithms).
    let one = SEEDS[1];
    let s = one.repeat(400);
    let doc = decode(s.as_bytes(), &Options::default()).unwrap();
    let r = gongkai_extract::extract(&doc, Source::default());
    assert!(!r.table3.rows.is_empty());
}

#[test]
fn a_file_of_one_repeated_label_finishes() {
    let s = "一、本年新收政府信息公开申请数量 1 ".repeat(100_000);
    let doc = decode(s.as_bytes(), &Options::default()).unwrap();
    let _ = gongkai_extract::extract(&doc, Source::default());
}
