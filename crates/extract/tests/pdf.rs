//! Every PDF in `fixtures/pdf` yields its ground truth through the PDF decoder.
//!
//! The fixtures are printed by LibreOffice (`scripts/make-pdf-fixtures.py`) and by headless
//! Chromium (`scripts/make-chromium-pdf-fixtures.py`) from the corpus and from synthetic
//! reports; their truth files have the corpus shape. Cells of a table cut off the page at its
//! margin are listed under `clipped`: none may be read with another value. A scan (an image
//! without text layer) must come out with a P-NEEDS-OCR finding and no invented values.
//! Needs `pdftotext` (Debian `poppler-utils`); without it the test says so and passes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{ErrorKind, Options, decode};
use gongkai_report::Source;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Cells of the truth that cannot come out, with the finding that must say why.
const NOT_READABLE: [(&str, &str, &str); 1] = [
    // OCR could not read the amount: `| 政府集中采购 | 47 | 〓 |`. The row gets no values
    // (a row is all of its cells or none) and P-CELL-ILLEGIBLE names it.
    (
        "scan_sh2020_t3",
        "table2.procurement.projects",
        "P-CELL-ILLEGIBLE",
    ),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf")
}

fn filled(json: &Value) -> usize {
    ["table2", "table3", "table4"]
        .iter()
        .filter_map(|t| json[*t].as_object())
        .flat_map(|rows| rows.values())
        .filter_map(Value::as_object)
        .flat_map(|cols| cols.values())
        .filter(|v| v.is_number())
        .count()
}

#[test]
fn every_pdf_fixture_yields_its_ground_truth() {
    let dir = fixtures();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut truths: Vec<PathBuf> = std::fs::read_dir(dir.join("truth"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    truths.sort();
    for path in truths {
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let doc = dir.join("docs").join(format!("{id}.pdf"));
        let truth: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let bytes = std::fs::read(&doc).unwrap();
        let d = match decode(&bytes, &Options::default()) {
            Ok(d) => d,
            Err(e) if e.kind() == ErrorKind::MissingTool => {
                eprintln!("skipping the PDF fixtures: {e}");
                return;
            }
            Err(e) => panic!("{id}: {e}"),
        };
        let r = gongkai_extract::extract(
            &d,
            Source {
                path: doc.display().to_string(),
                ..Source::default()
            },
        );
        let json: Value = serde_json::from_str(&gongkai_report::report_json(&r)).unwrap();
        checked += 1;
        if id.starts_with("scan_") {
            let has = |rule: &str| r.findings.iter().any(|f| f.rule == rule);
            if has("P-NEEDS-OCR") {
                // No OCR here: the scan must say so and give no value at all.
                eprintln!("{id}: read without OCR (tesseract with chi_sim missing)");
                if filled(&json) > 0 {
                    failures.push(format!("{id}: values read from a page without text"));
                }
                continue;
            }
            if !has("P-OCR") {
                failures.push(format!("{id}: neither P-NEEDS-OCR nor P-OCR"));
            }
        }
        // Cells on the source page but cut off the PDF page at its margin: never read with
        // another value (a number cut by the margin is not that number).
        if let Some(clipped) = truth["clipped"].as_object() {
            let mut cut = serde_json::json!({"table2": {}, "table3": {}, "table4": {}});
            for (t, rows) in clipped {
                cut[t] = rows.clone();
            }
            for m in gongkai_report::truth::compare_cells(&r, &cut).unwrap() {
                if m.got.is_some() && m.what.starts_with("table") {
                    failures.push(format!("{id}: clipped cell read wrong: {m}"));
                }
            }
        }
        for m in gongkai_report::truth::compare(&r, &truth).unwrap() {
            if let Some((_, _, rule)) = NOT_READABLE
                .iter()
                .find(|(d, c, _)| *d == id && *c == m.what)
            {
                assert!(
                    r.findings.iter().any(|f| f.rule == *rule),
                    "{id}: {} not read and no {rule} finding",
                    m.what
                );
                assert!(m.got.is_none(), "{id}: {m} must not be invented");
            } else {
                failures.push(format!("{id}: {m}"));
            }
        }
    }
    assert!(checked >= 20, "PDF fixtures missing: checked {checked}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
