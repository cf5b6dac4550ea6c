//! `gongkai write`: a report from a data file and a ledger, read back and checked by gongkai
//! itself; a fixed point through `parse --json`; mistakes named with exit status 2.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The township's data file (the writer's test data) and its ledger (the repository's
/// fixture).
fn data(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = if name.ends_with(".csv") {
        root.join("fixtures/ledger").join(name)
    } else {
        root.join("crates/writer/tests/data").join(name)
    };
    path.to_string_lossy().into_owned()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn write_township(out: &Path) -> Output {
    gongkai(&[
        "write",
        &data("township-2024.toml"),
        "--ledger",
        &data("township-2024.csv"),
        "-o",
        out.to_str().unwrap(),
    ])
}

#[test]
fn written_reports_check_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for ext in ["md", "html", "docx"] {
        let out = dir.path().join(format!("report.{ext}"));
        let o = write_township(&out);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains("2021 edition"),
            "{}",
            text(&o.stderr)
        );
        files.push(out);
    }
    let md = std::fs::read_to_string(&files[0]).unwrap();
    assert!(md.starts_with("# 青山县李溪镇人民政府2024年政府信息公开工作年度报告"));
    let mut args = vec!["check"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let o = gongkai(&args);
    let out = text(&o.stdout) + &text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("3 个无错误"), "{out}");
    // Not even a warning or a hint: the default prose covers the overview's five sub-topics.
    assert_eq!(out.matches("0 错误，0 警告，0 提示").count(), 3, "{out}");
}

/// Written, read with `parse --json`, written again from what was read: the same file.
#[test]
fn parse_json_output_writes_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.md");
    assert_eq!(write_township(&first).status.code(), Some(0));
    let o = gongkai(&["parse", "--json", first.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let jsonl = dir.path().join("read.jsonl");
    std::fs::write(&jsonl, &o.stdout).unwrap();
    let second = dir.path().join("second.md");
    let o = gongkai(&[
        "write",
        jsonl.to_str().unwrap(),
        "--body",
        "青山县李溪镇人民政府",
        "--year",
        "2024",
        "-o",
        second.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap()
    );
}

#[test]
fn mistakes_exit_2_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    // No format from the extension.
    let o = gongkai(&[
        "write",
        &data("township-2024.toml"),
        "-o",
        dir.path().join("report.txt").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--format"), "{}", text(&o.stderr));
    // Table 3 neither in the data nor from a ledger.
    let o = gongkai(&[
        "write",
        &data("township-2024.toml"),
        "-o",
        dir.path().join("report.md").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("township-2024.toml") && err.contains("table 3"),
        "{err}"
    );
    // A data file that is not TOML: its line, even before the ledger is read.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "body = \"某镇\"\nyear = \n").unwrap();
    let o = gongkai(&[
        "write",
        bad.to_str().unwrap(),
        "--ledger",
        &data("township-2024.csv"),
        "-o",
        dir.path().join("report.md").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("bad.toml: line 2"), "{err}");
    // The office's text with an unknown placeholder: its line and column.
    let t = dir.path().join("text.md");
    std::fs::write(&t, "## 一、总体情况\n\n共{{table3.new.total}}件。\n").unwrap();
    let o = gongkai(&[
        "write",
        &data("township-2024.toml"),
        "--ledger",
        &data("township-2024.csv"),
        "--text",
        t.to_str().unwrap(),
        "-o",
        dir.path().join("report.md").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("line 3, column 2") && err.contains("table3.new.total"),
        "{err}"
    );
}

/// A PDF by each program installed checks without errors (a skip when missing, a failure
/// under `CI=true`).
#[test]
fn pdf_by_each_program_checks_without_errors() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let dir = tempfile::tempdir().unwrap();
    for (with, program) in [("chromium", "chromium"), ("libreoffice", "soffice")] {
        let installed = std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .chain([PathBuf::from("/usr/bin")])
            .any(|d| d.join(program).is_file());
        if !installed {
            assert!(!ci, "CI=true and {program} is not installed");
            eprintln!("skipped: {program} is not installed");
            continue;
        }
        let out = dir.path().join(format!("{with}.pdf"));
        let o = gongkai(&[
            "write",
            &data("township-2024.toml"),
            "--ledger",
            &data("township-2024.csv"),
            "--pdf-with",
            with,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let o = gongkai(&["check", out.to_str().unwrap()]);
        let report = text(&o.stdout) + &text(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{with}: {report}");
        assert!(report.contains("0 错误"), "{with}: {report}");
    }
}
