//! Every office fixture (`fixtures/office`, made by `scripts/make-office-fixtures.sh`) yields
//! its truth: synthetic reports converted by LibreOffice to .doc, .odt, .rtf, .xls, .ods and
//! .xlsx, a LibreOffice-written .docx, and the real Shanghai page of the corpus as .docx and
//! .xlsx (its truth is `fixtures/corpus/truth/sh2020_city.json`). Files that need LibreOffice
//! at read time are converted in parallel; without `soffice` they are skipped with a notice
//! (CI installs it through `scripts/setup.sh`), the DOCX and XLSX files are still read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{Format, Notice, Options, decode};
use gongkai_report::Source;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn have_soffice() -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("soffice").is_file()))
        || Path::new("/usr/lib/libreoffice/program/soffice").is_file()
}

/// What differs between a fixture's reading and its truth.
fn check(path: &Path, truth: &Value) -> Vec<String> {
    let id = path.file_name().unwrap().to_string_lossy().to_string();
    let bytes = std::fs::read(path).unwrap();
    let doc = match decode(&bytes, &Options::default()) {
        Ok(d) => d,
        Err(e) => return vec![format!("{id}: {e}")],
    };
    let mut problems = Vec::new();
    let converted = !matches!(doc.format, Format::Docx | Format::Xlsx);
    if converted
        != doc
            .notices
            .contains(&Notice::ConvertedBy("LibreOffice".into()))
    {
        problems.push(format!("{id}: notices {:?}", doc.notices));
    }
    let report = gongkai_extract::extract(
        &doc,
        Source {
            path: path.display().to_string(),
            ..Source::default()
        },
    );
    for m in gongkai_report::truth::compare(&report, truth).unwrap() {
        problems.push(format!("{id}: {m}"));
    }
    problems
}

/// The truth of a fixture: `ID.json` beside it, or the corpus truth of the page it was made
/// from.
fn truth_of(path: &Path) -> Value {
    let stem = path.file_stem().unwrap().to_string_lossy().to_string();
    let beside = path.with_extension("json");
    let file = if beside.exists() {
        beside
    } else {
        fixtures().join("corpus/truth").join(format!("{stem}.json"))
    };
    serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap()
}

#[test]
fn every_office_fixture_yields_its_truth() {
    let dir = fixtures().join("office");
    let soffice = have_soffice();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| {
                ["doc", "docx", "odt", "rtf", "xls", "xlsx", "ods"]
                    .iter()
                    .any(|x| e == *x)
            })
        })
        .collect();
    files.sort();
    assert!(files.len() >= 9, "office fixtures missing: {files:?}");
    let (native, legacy): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|p| p.extension().is_some_and(|e| e == "docx" || e == "xlsx"));
    let mut todo = native;
    if soffice {
        todo.extend(legacy);
    } else {
        eprintln!(
            "NOTICE: soffice (LibreOffice) not installed: skipped {} office fixtures ({})",
            legacy.len(),
            legacy
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    // LibreOffice takes a second or two per file: convert two at a time.
    let chunks: Vec<Vec<PathBuf>> = todo
        .chunks(todo.len().div_ceil(2))
        .map(<[_]>::to_vec)
        .collect();
    let problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .flat_map(|p| check(p, &truth_of(p)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
