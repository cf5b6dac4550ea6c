//! Every real document in `fixtures/corpus` yields its hand-made ground truth.
//!
//! Ground truth lists only cells a careful human could read unambiguously; each must come out
//! exactly. Year and edition must match too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{Limits, decode};
use gongkai_report::Source;
use serde_json::Value;
use std::path::{Path, PathBuf};

const T3_COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
];
const T4_COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus")
}

fn expected(truth: &Value) -> Vec<(String, String, String, f64)> {
    let mut out = Vec::new();
    if let Some(t2) = truth["table2"].as_object() {
        for (row, cols) in t2 {
            for (col, v) in cols.as_object().into_iter().flatten() {
                out.push((
                    "table2".into(),
                    row.clone(),
                    col.clone(),
                    v.as_f64().unwrap(),
                ));
            }
        }
    }
    for (table, cols) in [("table3", &T3_COLS[..]), ("table4", &T4_COLS[..])] {
        if let Some(t) = truth[table].as_object() {
            for (row, vals) in t {
                for (col, v) in cols.iter().zip(vals.as_array().unwrap()) {
                    out.push((
                        table.into(),
                        row.clone(),
                        (*col).into(),
                        v.as_f64().unwrap(),
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn every_corpus_document_yields_its_ground_truth() {
    let dir = corpus();
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("truth")).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let doc = std::fs::read_dir(dir.join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().is_some_and(|s| s.to_string_lossy() == id));
        let Some(doc) = doc else { continue };
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let bytes = std::fs::read(&doc).unwrap();
        let d = decode(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
        let r = gongkai_extract::extract(
            &d,
            Source {
                path: doc.display().to_string(),
                ..Source::default()
            },
        );
        let json: Value = serde_json::from_str(&gongkai_report::report_json(&r)).unwrap();
        checked += 1;
        for (table, row, col, want) in expected(&truth) {
            let got = json[&table][&row][&col].as_f64();
            if got.is_none_or(|g| (g - want).abs() > 1e-6) {
                failures.push(format!("{id}: {table}.{row}.{col} want {want} got {got:?}"));
            }
        }
        for key in ["year", "edition"] {
            let want = truth[key].to_string();
            let got = json[key].to_string();
            if !truth[key].is_null() && got.trim_matches('"') != want.trim_matches('"') {
                failures.push(format!("{id}: {key} want {want} got {got}"));
            }
        }
    }
    assert!(checked >= 8, "corpus fixtures missing: checked {checked}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
