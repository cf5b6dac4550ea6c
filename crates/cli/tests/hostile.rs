//! Hostile and careless input (issue 7), end to end through the binary: each hostile file is
//! generated here (`hostile/gen.rs`), put in one batch next to a good report, and the batch is
//! run under an address-space limit (`ulimit -v`). Each test asserts the clear error for the
//! hostile file, the good file's result, and — through the limit — that memory stayed bounded
//! (the same files took from 1 GB to 23 GB before the fixes).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "hostile/gen.rs"]
mod generate;

use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Address space of the whole batch (two workers): a normal batch needs under 200 MB.
const LIMIT_KB: u64 = 1 << 20;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_gongkai")
}

fn good() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus/docs/001_eb0a65417e597162.txt")
}

fn good_text() -> String {
    std::fs::read_to_string(good()).unwrap()
}

/// `gongkai ARGS…` under `ulimit -v LIMIT_KB`, two workers.
fn bounded(args: &[&OsStr]) -> Output {
    bounded_cmd(args).output().unwrap()
}

fn bounded_cmd(args: &[&OsStr]) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(r#"ulimit -v "$0" && exec "$@""#)
        .arg(LIMIT_KB.to_string())
        .arg(bin())
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn parse_json<'a>(files: &[&'a OsStr]) -> Vec<&'a OsStr> {
    let mut a = vec![os("parse"), os("--json"), os("-q"), os("-j"), os("2")];
    a.extend_from_slice(files);
    a
}

fn json_lines(o: &Output) -> Vec<Value> {
    assert!(
        o.status.code().is_some(),
        "killed by a signal (memory limit?): {:?}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The good report, read right.
fn assert_good(v: &Value) {
    assert_eq!(v["year"], 2023, "{v}");
    assert_eq!(v["table3"]["new_received"]["total"], 0, "{v}");
    assert_eq!(v["table2"]["licensing"]["decisions"], 0, "{v}");
}

fn error_of(v: &Value) -> (String, String) {
    (
        v["error"]["kind"].as_str().unwrap_or("").to_owned(),
        v["error"]["message"].as_str().unwrap_or("").to_owned(),
    )
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Whether a tool is installed; under CI (`CI=true`) a missing tool fails the test.
fn require(program: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()));
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        found || !ci,
        "{program} is not installed and CI=true: run scripts/setup.sh"
    );
    if !found {
        eprintln!("NOTICE: {program} not installed: test skipped");
    }
    found
}

// ---- 1. XLSX shared-string bomb ----

#[test]
fn item01_xlsx_shared_string_bomb_stops_at_the_text_limit() {
    let d = tmp();
    // 10,000 cells × one 100,000-character string: 1 GB of text (was 5.9 GB peak).
    let small = write(
        d.path(),
        "bomb.xlsx",
        &generate::xlsx_shared_string_bomb(10_000, 100, 100_000),
    );
    // 1,000,000 cells (was killed after 23 GB).
    let large = write(
        d.path(),
        "bomb-1m.xlsx",
        &generate::xlsx_shared_string_bomb(1_000_000, 1000, 100_000),
    );
    assert!(std::fs::metadata(&small).unwrap().len() < 100_000);
    let g = good();
    let o = bounded(&parse_json(&[
        small.as_os_str(),
        large.as_os_str(),
        g.as_os_str(),
    ]));
    let v = json_lines(&o);
    assert_eq!(v.len(), 3);
    let (kind, msg) = error_of(&v[0]);
    assert_eq!(kind, "too_large");
    assert!(msg.contains("--max-text"), "{msg}");
    let (kind, msg) = error_of(&v[1]);
    assert_eq!(kind, "too_large");
    assert!(msg.contains("--max-"), "{msg}");
    assert_good(&v[2]);
    assert_eq!(o.status.code(), Some(2));
}

// ---- 3. /dev/zero and other non-regular files ----

#[test]
fn item03_devices_are_refused_not_read() {
    let g = good();
    let o = bounded(&parse_json(&[
        os("/dev/zero"),
        os("/dev/urandom"),
        g.as_os_str(),
    ]));
    let v = json_lines(&o);
    for e in &v[..2] {
        let (kind, msg) = error_of(e);
        assert_eq!(kind, "unsupported", "{e}");
        assert!(msg.contains("character device"), "{msg}");
    }
    assert_good(&v[2]);
}

// ---- 4. A FIFO without writer ----

#[test]
fn item04_a_fifo_without_writer_times_out() {
    let d = tmp();
    let fifo = d.path().join("fifo.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let g = good();
    let start = Instant::now();
    let mut args = parse_json(&[fifo.as_os_str(), g.as_os_str()]);
    args.extend([os("--read-timeout"), os("1")]);
    let o = bounded(&args);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    let v = json_lines(&o);
    let (kind, msg) = error_of(&v[0]);
    assert_eq!(kind, "timeout");
    assert!(msg.contains("--read-timeout"), "{msg}");
    assert_good(&v[1]);
    // Inside a folder a FIFO is not even opened.
    let o = bounded(&parse_json(&[d.path().as_os_str()]));
    let v = json_lines(&o);
    assert_eq!(error_of(&v[0]).0, "skipped");
}

// ---- 5. Pipes are read once ----

#[test]
fn item05_pipes_are_read_once_from_the_start() {
    let d = tmp();
    let text = good_text();
    let mut cut = 3000;
    while !text.is_char_boundary(cut) {
        cut += 1;
    }
    let small = write(d.path(), "small.txt", &text.as_bytes()[..cut]);
    // Process substitution: /dev/fd/N, a pipe.
    let o = Command::new("bash")
        .arg("-c")
        .arg(r#""$0" parse --json -q <(cat "$1") <(cat "$2") "$1""#)
        .arg(bin())
        .arg(good())
        .arg(&small)
        .output()
        .unwrap();
    let v = json_lines(&o);
    assert_eq!(v.len(), 3, "{}", String::from_utf8_lossy(&o.stderr));
    assert_good(&v[0]);
    assert_eq!(v[0]["source"]["sha256"], v[2]["source"]["sha256"]);
    assert_eq!(v[0]["source"]["bytes"], 8581);
    assert_eq!(v[1]["source"]["bytes"], cut, "{}", v[1]);
    assert!(v[1]["error"].is_null(), "{}", v[1]);
}

// ---- 6. Links out of the folder ----

#[test]
fn item06_links_never_lead_out_of_the_folder() {
    let d = tmp();
    let dir = d.path().join("reports");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(good(), dir.join("good.txt")).unwrap();
    let ln = |t: &str, l: &str| std::os::unix::fs::symlink(t, dir.join(l)).unwrap();
    ln("/", "root");
    ln("/etc/passwd", "passwd.txt");
    ln("missing.txt", "broken.txt");
    ln("loop-a", "loop-b");
    ln("loop-b", "loop-a");
    let start = Instant::now();
    let o = bounded(&parse_json(&[dir.as_os_str()]));
    assert!(start.elapsed() < Duration::from_secs(20));
    let v = json_lines(&o);
    let by_name = |n: &str| {
        v.iter()
            .find(|x| x["source"]["path"].as_str().unwrap().ends_with(n))
            .unwrap_or_else(|| panic!("{n} not reported"))
    };
    assert_good(by_name("/good.txt"));
    for (name, why) in [
        ("/root", "文件夹之外"),
        ("/passwd.txt", "文件夹之外"),
        ("/broken.txt", "broken"),
        ("/loop-a", "broken"),
        ("/loop-b", "broken"),
    ] {
        let (kind, msg) = error_of(by_name(name));
        assert_eq!(kind, "skipped", "{name}");
        assert!(msg.contains(why), "{name}: {msg}");
    }
    assert_eq!(v.len(), 6);
    // Skipped entries are reported, not failures.
    assert_eq!(o.status.code(), Some(0));
}

// ---- 7. Signals and temporary folders ----

/// A stand-in for `soffice` that starts a helper in its process group, writes into its
/// TMPDIR (as LibreOffice writes `lu*.tmp`), records both pids and hangs.
fn fake_soffice(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("soffice");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nsleep 300 &\necho $! >> '{pids}'\necho $$ >> '{pids}'\n: > \"$TMPDIR/lu1234.tmp\"\nwait\n",
            pids = dir.join("pids").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|s| s.split_whitespace().nth(2).is_some_and(|st| st != "Z"))
}

fn wait_until(mut f: impl FnMut() -> bool, secs: u64) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    f()
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn signal(pid: u32, sig: &str) {
    assert!(
        Command::new("kill")
            .args([sig, &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
}

#[test]
fn item07_sigterm_kills_the_converters_and_removes_the_temporary_folder() {
    let d = tmp();
    let tools = d.path().join("tools");
    let temp = d.path().join("temp");
    std::fs::create_dir_all(&tools).unwrap();
    std::fs::create_dir_all(&temp).unwrap();
    let soffice = fake_soffice(&tools);
    let rtf = write(&tools, "a.rtf", b"{\\rtf1 report}");
    let rtf2 = write(&tools, "b.rtf", b"{\\rtf1 other report}");
    let g = good();
    let child = bounded_cmd(&parse_json(&[
        g.as_os_str(),
        rtf.as_os_str(),
        rtf2.as_os_str(),
    ]))
    .env("GONGKAI_SOFFICE", &soffice)
    .env("TMPDIR", &temp)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let pids = tools.join("pids");
    // Both conversions running (two workers).
    assert!(wait_until(
        || std::fs::read_to_string(&pids).is_ok_and(|s| s.lines().count() >= 4),
        20
    ));
    // A conversion's temporary files are inside gongkai's private folder.
    assert_eq!(entries(&temp).len(), 1, "{:?}", entries(&temp));
    signal(child.id(), "-TERM");
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(143),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // What was done before the signal was written.
    let v = json_lines(&o);
    assert_good(&v[0]);
    let pids = std::fs::read_to_string(&pids).unwrap();
    for pid in pids.lines() {
        assert!(wait_until(|| !alive(pid), 5), "process {pid} survived");
    }
    assert!(
        entries(&temp).is_empty(),
        "left behind: {:?}",
        entries(&temp)
    );
}

#[test]
fn item07_a_hanging_converter_times_out_and_leaves_nothing() {
    let d = tmp();
    let tools = d.path().join("tools");
    let temp = d.path().join("temp");
    std::fs::create_dir_all(&tools).unwrap();
    std::fs::create_dir_all(&temp).unwrap();
    let soffice = fake_soffice(&tools);
    let rtf = write(&tools, "a.rtf", b"{\\rtf1 report}");
    let g = good();
    let mut args = parse_json(&[rtf.as_os_str(), g.as_os_str()]);
    args.extend([os("--tool-timeout"), os("1")]);
    let o = bounded_cmd(&args)
        .env("GONGKAI_SOFFICE", &soffice)
        .env("TMPDIR", &temp)
        .output()
        .unwrap();
    let v = json_lines(&o);
    let (kind, msg) = error_of(&v[0]);
    assert_eq!(kind, "timeout");
    assert!(msg.contains("--tool-timeout"), "{msg}");
    assert_good(&v[1]);
    for pid in std::fs::read_to_string(tools.join("pids")).unwrap().lines() {
        assert!(wait_until(|| !alive(pid), 5), "process {pid} survived");
    }
    assert!(
        entries(&temp).is_empty(),
        "left behind: {:?}",
        entries(&temp)
    );
}

/// Processes whose command line mentions `needle`.
fn processes_with(needle: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Ok(cmd) = std::fs::read(e.path().join("cmdline"))
            && String::from_utf8_lossy(&cmd).contains(needle)
            && alive(&name)
        {
            out.push(name);
        }
    }
    out
}

#[test]
fn item07_real_libreoffice_is_stopped_by_sigint_and_cleans_up_after_a_normal_run() {
    if !require("soffice") {
        return;
    }
    let d = tmp();
    let temp = d.path().join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let office = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/office");
    let doc = office.join("synth_doc.doc");
    let xls = office.join("synth_xls.xls");
    let g = good();
    // A normal run: nothing left in the temporary folder (LibreOffice's lu*.tmp included).
    let o = bounded_cmd(&parse_json(&[doc.as_os_str(), g.as_os_str()]))
        .env("TMPDIR", &temp)
        .output()
        .unwrap();
    let v = json_lines(&o);
    assert_eq!(v[0]["source"]["format"], "ole", "{}", v[0]);
    assert_good(&v[1]);
    assert!(
        entries(&temp).is_empty(),
        "left behind: {:?}",
        entries(&temp)
    );
    // Interrupted in the middle of the conversions.
    let child = bounded_cmd(&parse_json(&[doc.as_os_str(), xls.as_os_str()]))
        .env("TMPDIR", &temp)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let needle = temp.to_string_lossy().into_owned();
    assert!(
        wait_until(|| !processes_with(&needle).is_empty(), 30),
        "LibreOffice never started"
    );
    signal(child.id(), "-INT");
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        wait_until(|| processes_with(&needle).is_empty(), 5),
        "LibreOffice survived: {:?}",
        processes_with(&needle)
    );
    assert!(
        entries(&temp).is_empty(),
        "left behind: {:?}",
        entries(&temp)
    );
}

// ---- 8. Zip archives ----

#[test]
fn item08_a_huge_file_that_starts_like_a_zip_is_corrupt_and_costs_nothing() {
    let d = tmp();
    let fake = d.path().join("fake.zip");
    let f = std::fs::File::create(&fake).unwrap();
    use std::io::Write;
    (&f).write_all(b"PK\x03\x04").unwrap();
    // Sparse: 1.9 GB that cost no disk (was 3.9 GB of memory and an `io` error).
    f.set_len(1_900_000_000).unwrap();
    let g = good();
    let start = Instant::now();
    let o = bounded(&parse_json(&[fake.as_os_str(), g.as_os_str()]));
    assert!(start.elapsed() < Duration::from_secs(20));
    let v = json_lines(&o);
    let (kind, msg) = error_of(&v[0]);
    assert_eq!(kind, "corrupt", "{msg}");
    assert_good(&v[1]);
}

#[test]
fn item08_archive_entries_are_capped_and_duplicates_reported() {
    let d = tmp();
    let text = good_text();
    let dup = write(
        d.path(),
        "dup.zip",
        &generate::zip_with_duplicates(text.as_bytes()),
    );
    let many = write(d.path(), "many.zip", &generate::zip_many_entries(50));
    let big_entry = write(
        d.path(),
        "big.zip",
        &generate::zip(&[("big.txt", "一".repeat(1 << 20).as_bytes())]),
    );
    let mut args = parse_json(&[dup.as_os_str(), many.as_os_str(), big_entry.as_os_str()]);
    args.extend([os("--max-entries"), os("10"), os("--max-size"), os("2")]);
    let o = bounded(&args);
    let v = json_lines(&o);
    let paths: Vec<&str> = v
        .iter()
        .map(|x| x["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 5, "{paths:?}");
    // dup.zip: other.txt, then report.txt reported as duplicated and its last copy read.
    assert!(paths[0].ends_with("dup.zip!/other.txt"));
    assert_good(&v[0]);
    let (kind, msg) = error_of(&v[1]);
    assert!(paths[1].ends_with("dup.zip!/report.txt"));
    assert_eq!(kind, "skipped");
    assert!(msg.contains("duplicate"), "{msg}");
    assert!(paths[2].ends_with("dup.zip!/report.txt"));
    assert_good(&v[2]);
    let (kind, msg) = error_of(&v[3]);
    assert_eq!(kind, "too_large");
    assert!(msg.contains("--max-entries"), "{msg}");
    let (kind, msg) = error_of(&v[4]);
    assert!(paths[4].ends_with("big.zip!/big.txt"));
    assert_eq!(kind, "too_large");
    assert!(msg.contains("--max-size"), "{msg}");
}

// ---- 9. A file name that is not UTF-8 ----

#[test]
fn item09_a_gbk_file_name_on_the_command_line_is_read() {
    let d = tmp();
    // 报告.txt in GBK.
    let name = OsStr::from_bytes(&[0xB1, 0xA8, 0xB8, 0xE6, b'.', b't', b'x', b't']);
    let p = d.path().join(name);
    std::fs::copy(good(), &p).unwrap();
    let o = bounded(&parse_json(&[p.as_os_str(), good().as_os_str()]));
    let v = json_lines(&o);
    assert_eq!(v.len(), 2, "{}", String::from_utf8_lossy(&o.stderr));
    assert_good(&v[0]);
    assert!(v[0]["source"]["path"].as_str().unwrap().ends_with(".txt"));
    assert_good(&v[1]);
}

// ---- 10. Terminal escapes ----

#[test]
fn item10_terminal_escapes_never_reach_the_terminal() {
    let d = tmp();
    let text = good_text();
    let evil_name = d.path().join("\x1b]0;pwned\x07.txt");
    std::fs::write(&evil_name, text.as_bytes()).unwrap();
    let evil_text = write(d.path(), "text.txt", &generate::escapes_in_text(&text));
    let evil_zip = write(
        d.path(),
        "names.zip",
        &generate::zip_with_escape_name(text.as_bytes()),
    );
    let missing: OsString = d.path().join("\x1b(Bmissing.txt").into_os_string();
    // `check` writes for humans (`parse` too, on a terminal: the same escaping).
    for cmd in ["check"] {
        let o = Command::new(bin())
            .args([
                os(cmd),
                evil_name.as_os_str(),
                evil_text.as_os_str(),
                evil_zip.as_os_str(),
                &missing,
            ])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        for (what, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            assert!(
                !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
                "{cmd} {what} carries a raw escape:\n{}",
                String::from_utf8_lossy(bytes)
            );
        }
        let all = String::from_utf8_lossy(&o.stdout) + String::from_utf8_lossy(&o.stderr);
        assert!(all.contains("\\u{1b}]0;pwned\\u{7}.txt"), "{cmd}: {all}");
    }
    // JSON escapes them by itself.
    let o = bounded(&parse_json(&[evil_name.as_os_str(), evil_text.as_os_str()]));
    assert!(!o.stdout.contains(&0x1b));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\\u001b]0;pwned"));
    assert_good(&json_lines(&o)[0]);
    assert_good(&json_lines(&o)[1]);
}

// ---- 11. Write errors ----

#[test]
fn item11_a_write_error_is_exit_status_2_a_closed_pipe_is_not() {
    let g = good();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(bin())
        .args([os("parse"), os("--json"), g.as_os_str()])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // `| head -c 1`: the reader goes away; no error message.
    let o = Command::new("sh")
        .arg("-c")
        .arg(r#""$0" parse --json -q "$1" "$1" "$1" "$1" | head -c 1 > /dev/null; exit "${PIPESTATUS:-0}""#)
        .arg(bin())
        .arg(&g)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("cannot write"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

// ---- 12. Worker count ----

#[test]
fn item12_the_worker_count_is_capped() {
    let g = good();
    let start = Instant::now();
    let o = bounded(&[
        os("parse"),
        os("--json"),
        os("-j"),
        os("100000"),
        g.as_os_str(),
        g.as_os_str(),
    ]);
    assert!(start.elapsed() < Duration::from_secs(30));
    assert!(String::from_utf8_lossy(&o.stderr).contains("too many workers"));
    let v = json_lines(&o);
    assert_good(&v[0]);
    assert_good(&v[1]);
}

// ---- 13. One invalid byte in UTF-8 ----

#[test]
fn item13_one_bad_byte_is_replaced_and_reported_not_a_switch_to_gb18030() {
    let d = tmp();
    let bad = write(d.path(), "bad.txt", &generate::one_bad_byte(&good_text()));
    let g = good();
    let o = bounded(&parse_json(&[bad.as_os_str(), g.as_os_str()]));
    let v = json_lines(&o);
    assert_eq!(v[0]["source"]["encoding"], "utf-8");
    assert_good(&v[0]);
    let rules: Vec<&str> = v[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"P-DECODE-LOSSY"), "{rules:?}");
    assert_good(&v[1]);
}

// ---- 14. Caps on the in-process readers, limits on the tools ----

#[test]
fn item14_in_process_readers_stop_at_their_caps() {
    let d = tmp();
    // 10 M empty paragraphs (was 767 MB), 4 M numeric cells (was 1.3 GB), 2 M HTML cells.
    let docx = write(
        d.path(),
        "paras.docx",
        &generate::docx_empty_paragraphs(10_000_000),
    );
    let xlsx = write(
        d.path(),
        "cells.xlsx",
        &generate::xlsx_numeric_cells(4_000_000),
    );
    let html = write(
        d.path(),
        "cells.html",
        &generate::html_many_cells(2_000_000),
    );
    let g = good();
    let o = bounded(&parse_json(&[
        docx.as_os_str(),
        xlsx.as_os_str(),
        html.as_os_str(),
        g.as_os_str(),
    ]));
    let v = json_lines(&o);
    for e in &v[..3] {
        let (kind, msg) = error_of(e);
        assert_eq!(kind, "too_large", "{e}");
        assert!(msg.contains("--max-"), "{msg}");
    }
    assert_good(&v[3]);
    // Each cap is its own: a lower paragraph cap stops a smaller document.
    let small = write(d.path(), "p.docx", &generate::docx_empty_paragraphs(5_000));
    let mut args = parse_json(&[small.as_os_str()]);
    args.extend([os("--max-paragraphs"), os("1000")]);
    let (kind, msg) = error_of(&json_lines(&bounded(&args))[0]);
    assert_eq!(kind, "too_large");
    assert!(msg.contains("--max-paragraphs"), "{msg}");
}

#[test]
fn item14_external_tools_run_under_a_memory_limit() {
    if !require("pdftotext") {
        return;
    }
    let pdf =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf/docs/sh2020_city.pdf");
    let g = good();
    let mut args = parse_json(&[pdf.as_os_str(), g.as_os_str()]);
    // pdftotext needs about 32 MB of address space for its libraries alone.
    args.extend([os("--tool-memory"), os("16")]);
    let v = json_lines(&bounded(&args));
    let (kind, msg) = error_of(&v[0]);
    assert_eq!(kind, "corrupt", "{msg}");
    assert!(msg.contains("pdftotext"), "{msg}");
    assert_good(&v[1]);
    // With the default limit the same file reads.
    let v = json_lines(&bounded(&parse_json(&[pdf.as_os_str()])));
    assert!(v[0]["error"].is_null(), "{}", v[0]);
}

#[test]
fn item14_too_many_pdf_pages_are_refused() {
    if !require("pdftotext") {
        return;
    }
    let pdf =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf/docs/sh2020_city.pdf");
    let mut args = parse_json(&[pdf.as_os_str()]);
    args.extend([os("--max-pages"), os("1")]);
    let (kind, msg) = error_of(&json_lines(&bounded(&args))[0]);
    assert_eq!(kind, "too_large");
    assert!(msg.contains("--max-pages"), "{msg}");
}
