//! Every real document in `fixtures/corpus` yields its hand-made ground truth.
//!
//! Ground truth lists only cells a careful human could read unambiguously; each must come out
//! exactly. Year and edition must match too.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{Options, decode};
use gongkai_report::Source;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus")
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
        let d = decode(&bytes, &Options::default()).unwrap_or_else(|e| panic!("{id}: {e}"));
        let r = gongkai_extract::extract(
            &d,
            Source {
                path: doc.display().to_string(),
                ..Source::default()
            },
        );
        checked += 1;
        let mismatches = gongkai_report::truth::compare(&r, &truth).unwrap();
        failures.extend(mismatches.iter().map(|m| format!("{id}: {m}")));
    }
    assert!(checked >= 8, "corpus fixtures missing: checked {checked}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
