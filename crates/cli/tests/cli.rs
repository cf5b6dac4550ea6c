//! The `gongkai` binary end to end: output contract, order, exit status, diagnostics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus/docs")
        .join(name);
    p.to_string_lossy().into_owned()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).env("NO_COLOR", "1").output().unwrap()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn parse_json_follows_the_contract() {
    let o = run(&["parse", "--json", &fixture("001_eb0a65417e597162.txt")]);
    assert_eq!(o.status.code(), Some(0));
    let v = &json_lines(&o)[0];
    assert_eq!(v["schema"], "gongkai.report/1");
    assert_eq!(v["year"], 2023);
    assert_eq!(v["edition"], "2021");
    assert_eq!(v["published"], "2024-01-11");
    assert_eq!(v["source"]["encoding"], "utf-8");
    assert_eq!(v["source"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(v["table3"]["new_received"]["total"], 0);
    // every cell points at its text
    let cell = v["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["table"] == "table3")
        .unwrap();
    assert_eq!(cell["raw"], "0");
    assert!(cell["line"].as_u64().unwrap() > 1);
}

#[test]
fn a_broken_file_does_not_stop_the_batch_and_order_is_kept() {
    let files = [
        fixture("004_e3850655aeccb7a0.txt"),
        "/no/such/file.txt".to_owned(),
        fixture("000_50ea10f2717e5a1e.txt"),
    ];
    let o = run(&["parse", "--json", &files[0], &files[1], &files[2]]);
    assert_eq!(o.status.code(), Some(2), "a file could not be read");
    let v = json_lines(&o);
    assert_eq!(v.len(), 3);
    assert_eq!(v[0]["source"]["path"], files[0].as_str());
    assert_eq!(v[1]["error"]["kind"], "io");
    assert_eq!(v[2]["source"]["path"], files[2].as_str());
}

#[test]
fn exit_status_says_whether_errors_were_found() {
    let clean = run(&["check", &fixture("001_eb0a65417e597162.txt")]);
    assert_eq!(clean.status.code(), Some(0));
    let with_errors = run(&["check", &fixture("sh2024_kewei.md")]);
    assert_eq!(with_errors.status.code(), Some(1));
    // the same errors, allowed, are not errors
    let allowed = run(&[
        "check",
        "-A",
        "T3-*",
        "-A",
        "S-SECTIONS",
        &fixture("sh2024_kewei.md"),
    ]);
    assert_eq!(allowed.status.code(), Some(0));
}

#[test]
fn unknown_rules_in_options_are_refused() {
    let o = run(&[
        "check",
        "-A",
        "T9-NOPE",
        &fixture("001_eb0a65417e597162.txt"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("T9-NOPE"));
}

#[test]
fn empty_and_binary_inputs_are_clear_errors() {
    let dir = std::env::temp_dir().join(format!("gongkai-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let binary = dir.join("noise.bin");
    std::fs::write(
        &binary,
        (0..5000u32).map(|i| (i * 31 % 9) as u8).collect::<Vec<_>>(),
    )
    .unwrap();
    let o = run(&[
        "parse",
        "--json",
        empty.to_str().unwrap(),
        binary.to_str().unwrap(),
    ]);
    let v = json_lines(&o);
    assert_eq!(v[0]["error"]["kind"], "empty");
    assert_eq!(v[1]["error"]["kind"], "binary");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = bin()
        .args(["parse", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(fixture("003_3b852b11c21bff53.txt")).unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    let v = &json_lines(&o)[0];
    assert_eq!(v["source"]["path"], "-");
    assert_eq!(v["table2"]["licensing"]["decisions"], 3);
}

#[test]
fn diagnostics_show_rule_message_and_marked_source() {
    let o = run(&["check", &fixture("sh2024_kewei.md")]);
    let text = String::from_utf8(o.stdout).unwrap();
    // stable paths in the snapshot
    let text = text.replace(&fixture(""), "fixtures/");
    insta::assert_snapshot!("sh2024_diagnostics", text);
}

#[test]
fn rules_and_explain() {
    let o = run(&["rules"]);
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.contains("T3-BALANCE"));
    let o = run(&["explain", "t3-balance"]);
    assert!(
        String::from_utf8(o.stdout)
            .unwrap()
            .contains("第一项加第二项之和")
    );
    let o = run(&["rules", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.as_array().unwrap().len() >= 36);
}

#[test]
fn docs_rules_md_is_generated_from_the_catalogue() {
    let o = run(&["rules", "--markdown"]);
    let generated = String::from_utf8(o.stdout).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `cargo run -q -- rules --markdown > docs/rules.md`"
    );
}

fn archive(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/archives")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn zip_archives_are_read_entry_by_entry_with_gbk_names() {
    let o = run(&["parse", "--json", &archive("reports.zip")]);
    let v = json_lines(&o);
    let paths: Vec<&str> = v
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    // Folders are not entries; the __MACOSX junk is skipped, and says so.
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert!(paths[0].ends_with("reports.zip!/__MACOSX/"), "{paths:?}");
    assert_eq!(v[0]["error"]["kind"], "skipped");
    assert!(
        paths[3].ends_with("reports.zip!/甘州区/西街街道2023年报.txt"),
        "{paths:?}"
    );
    assert_eq!(v[1]["error"]["kind"], "empty");
    assert_eq!(v[3]["year"], 2023);
    assert_eq!(v[3]["table3"]["total"]["total"], 0);
    assert_eq!(
        o.status.code(),
        Some(2),
        "the empty entry could not be read"
    );
}

#[test]
fn a_zip_bomb_is_refused_without_inflating_it() {
    let o = run(&[
        "parse",
        "--json",
        &archive("bomb.zip"),
        &fixture("000_50ea10f2717e5a1e.txt"),
    ]);
    let v = json_lines(&o);
    assert_eq!(v[0]["error"]["kind"], "too_large");
    assert_eq!(v[1]["year"], 2021, "the batch goes on");
}

#[test]
fn a_100_mb_file_is_a_clear_error_not_a_memory_spike() {
    let dir = std::env::temp_dir().join(format!("gongkai-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.txt");
    // sparse: costs no disk
    std::fs::File::create(&big)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let o = run(&["parse", "--json", big.to_str().unwrap()]);
    let v = json_lines(&o);
    assert_eq!(v[0]["error"]["kind"], "too_large");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn folders_are_read_recursively_in_name_order() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus/docs");
    let o = run(&["parse", "--json", "-q", dir.to_str().unwrap()]);
    let v = json_lines(&o);
    assert!(v.len() >= 9);
    let paths: Vec<String> = v
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn diagnostics_of_run_together_digits_show_a_window_of_the_long_line() {
    let o = run(&["check", &fixture("pingtan2023.txt")]);
    let text = String::from_utf8(o.stdout)
        .unwrap()
        .replace(&fixture(""), "fixtures/");
    insta::assert_snapshot!("pingtan2023_diagnostics", text);
}

#[test]
fn diagnostics_mark_every_cell_of_a_broken_balance() {
    let dir = std::env::temp_dir().join(format!("gongkai-diag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.txt");
    let text = std::fs::read_to_string(fixture("001_eb0a65417e597162.txt"))
        .unwrap()
        .replacen(
            "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            1,
        );
    std::fs::write(&broken, text).unwrap();
    let o = run(&["check", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout)
        .unwrap()
        .replace(dir.to_str().unwrap(), "tmp");
    insta::assert_snapshot!("broken_balance_diagnostics", out);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_format_comes_from_the_content_not_the_name() {
    let dir = std::env::temp_dir().join(format!("gongkai-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let docx_as_txt = dir.join("report.txt");
    std::fs::copy(root.join("office/sh2020_city.docx"), &docx_as_txt).unwrap();
    let html_as_pdf = dir.join("report.pdf");
    std::fs::copy(root.join("corpus/docs/sh2020_city.html"), &html_as_pdf).unwrap();
    let o = run(&[
        "parse",
        "--json",
        docx_as_txt.to_str().unwrap(),
        html_as_pdf.to_str().unwrap(),
    ]);
    let v = json_lines(&o);
    assert_eq!(v[0]["source"]["format"], "docx");
    assert_eq!(v[1]["source"]["format"], "html");
    for r in &v {
        assert_eq!(
            r["table4"]["review"]["total"], 813,
            "{}",
            r["source"]["path"]
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
