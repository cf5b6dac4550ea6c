//! `gongkai check` across reports: `--prev` for a pair, and pairing inside a batch.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus/docs")
        .join(name)
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn across(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["across"] == true)
        .collect()
}

/// The real 2024 report of the Shanghai commission, and the same text given as its 2023
/// report (the years rewritten): a re-publication.
fn pair(dir: &tempfile::TempDir) -> (PathBuf, PathBuf) {
    let this = fixture("sh2024_kewei.md");
    let text = std::fs::read_to_string(&this).unwrap();
    let last = dir.path().join("sh2023_kewei.md");
    std::fs::write(&last, text.replace("2024", "2023")).unwrap();
    (last, this)
}

#[test]
fn prev_compares_a_pair_with_evidence_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let (last, this) = pair(&dir);
    let o = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--prev".as_ref(),
        last.as_os_str(),
        this.as_os_str(),
    ]);
    let found = across(&o);
    let rule = |id: &str| -> Vec<&serde_json::Value> {
        found
            .iter()
            .filter(|v| v["rule"] == id && v["assessable"] == true)
            .collect()
    };
    let copy = rule("X-COPY");
    let share = copy
        .iter()
        .find_map(|v| v["detail"]["share"].as_f64())
        .unwrap();
    assert!(share > 0.95, "{share}");
    // 上年结转 (natural persons) 2 against the 结转下年度 1 of the "previous" report.
    let carry = rule("X-CARRY");
    let natural = carry
        .iter()
        .find(|v| v["cells"][0] == "table3.carried_over.natural_person")
        .unwrap();
    assert_eq!(
        natural["others"][0]["cells"][0],
        "table3.carry_forward.natural_person"
    );
    assert!(
        natural["others"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("sh2023_kewei.md")
    );
    assert_eq!(natural["evidence"][0]["line"], 103);
    assert_eq!(natural["others"][0]["evidence"][0]["line"], 178);
}

#[test]
fn a_batch_pairs_the_same_body_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let (last, this) = pair(&dir);
    let o = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        last.as_os_str(),
        this.as_os_str(),
    ]);
    let found = across(&o);
    assert!(
        found
            .iter()
            .any(|v| v["rule"] == "X-COPY" && v["assessable"] == true),
        "{found:#?}"
    );
    // Allowed rules are silenced.
    let o = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "-A".as_ref(),
        "X-*".as_ref(),
        last.as_os_str(),
        this.as_os_str(),
    ]);
    assert!(
        !across(&o)
            .iter()
            .any(|v| v["rule"].as_str().unwrap().starts_with("X-"))
    );
}

#[test]
fn prev_of_another_year_is_not_compared() {
    let o = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--prev".as_ref(),
        fixture("pingtan2019.txt").as_os_str(),
        fixture("pingtan2023.txt").as_os_str(),
    ]);
    assert!(across(&o).is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("not consecutive"));
}
