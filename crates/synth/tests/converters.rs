//! Text made by the common HTML-to-text converters (crawlers, archives and researchers keep
//! what `w3m -dump`, `lynx -dump`, `html2text` or `pandoc` printed, not the page), read as
//! exactly as the page itself: generated pages and the corpus page are converted and read.
//!
//! Every converter must give no wrong number and no invented row. `w3m` (tables drawn with box
//! characters) and `pandoc -t gfm` (pipe tables, raw `<table>` for merged cells, styled spans)
//! keep everything: every cell must come back. `pandoc -t plain` replaces tables with merged
//! cells by `[TABLE]` (those are absent, nothing invented); `lynx` drops blank cells where it
//! cannot align columns and `html2text` 1.3 cuts wide characters when it wraps cells (bytes replaced on
//! decoding; a value next to them is not trusted): cells that a careful reader cannot place
//! are left out, so only a floor is asserted there.
//!
//! A converter that prints nothing for a page (it failed on this machine) is reported and the
//! page left out of its share; one that prints nothing at all is not assessable here.
//!
//! The converters are Debian packages installed by `scripts/setup.sh`. Missing, the test says so
//! and passes — except under CI (`CI=true`), where it fails: a green run must mean they ran.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use gongkai_synth::{Options, html_case};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Converter {
    name: &'static str,
    program: &'static str,
    /// Arguments before the input file.
    args: &'static [&'static str],
    /// Least share of truth cells read.
    floor: f64,
    ext: &'static str,
}

const CONVERTERS: [Converter; 5] = [
    Converter {
        name: "w3m",
        program: "w3m",
        args: &["-dump", "-T", "text/html", "-O", "UTF-8"],
        floor: 1.0,
        ext: "txt",
    },
    Converter {
        name: "pandoc-gfm",
        program: "pandoc",
        args: &["-f", "html", "-t", "gfm"],
        floor: 1.0,
        ext: "md",
    },
    Converter {
        name: "pandoc-plain",
        program: "pandoc",
        args: &["-f", "html", "-t", "plain"],
        floor: 0.7,
        ext: "txt",
    },
    Converter {
        name: "lynx",
        program: "lynx",
        args: &["-dump", "-display_charset=utf-8"],
        floor: 0.85,
        ext: "txt",
    },
    Converter {
        name: "html2text",
        program: "html2text",
        args: &["-utf8"],
        floor: 0.35,
        ext: "txt",
    },
];

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A page as UTF-8 (converters differ in how they honour a declared GBK charset; the page's
/// own encoding is the HTML reader's business, tested elsewhere).
fn utf8_page(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GBK
            .decode(bytes)
            .0
            .replace("charset=\"gb2312\"", "charset=\"utf-8\"")
            .replace("charset=gb2312", "charset=utf-8"),
    }
}

/// The converter's output, or why there is none (it failed, or printed nothing at all: then
/// there is nothing to read, which says nothing about the reader).
fn convert(c: &Converter, page: &Path) -> Result<Vec<u8>, String> {
    let out = Command::new(c.program)
        .args(c.args)
        .arg(page)
        .env("LANG", "C.UTF-8")
        .output()
        .map_err(|e| format!("{} could not be started: {e}", c.program))?;
    if out.stdout.iter().all(u8::is_ascii_whitespace) {
        return Err(format!(
            "{} printed nothing ({}; stderr: {})",
            c.program,
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

#[derive(Default)]
struct Score {
    cells: usize,
    right: usize,
    wrong: Vec<String>,
}

fn score(text: &[u8], truth: &Value, what: &str, s: &mut Score) {
    let (report, _) = common::read_bytes(text);
    let expected = gongkai_report::truth::expected_cells(truth).unwrap();
    s.cells += expected.len();
    for m in gongkai_report::truth::compare(&report, truth).unwrap() {
        // The page's head (title, date) is not in every converter's output.
        if matches!(m.what.as_str(), "published" | "org" | "year" | "edition") {
            continue;
        }
        if m.got.is_some() {
            s.wrong.push(format!("{what}: {m}"));
        }
    }
    let missing = gongkai_report::truth::compare_cells(&report, truth)
        .unwrap()
        .iter()
        .filter(|m| m.what.starts_with("table"))
        .count();
    s.right += expected.len() - missing;
}

#[test]
fn converter_output_reads_like_the_page() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("converters");
    std::fs::create_dir_all(&dir).unwrap();
    let seeds: u64 = std::env::var("GONGKAI_CONVERTER_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let mut pages: Vec<(String, PathBuf, Value)> = Vec::new();
    for seed in 0..seeds {
        let (report, bytes) = html_case(seed, Options::default());
        let path = dir.join(format!("synth_{seed}.html"));
        std::fs::write(&path, utf8_page(&bytes)).unwrap();
        pages.push((
            format!("seed {seed}"),
            path,
            report.truth(&seed.to_string(), "", "html", ""),
        ));
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus");
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("truth/sh2020_city.json")).unwrap(),
    )
    .unwrap();
    pages.push((
        "sh2020_city.html".into(),
        corpus.join("docs/sh2020_city.html"),
        truth,
    ));

    let mut report = String::new();
    let mut failures = Vec::new();
    for c in &CONVERTERS {
        if !have(c.program) {
            let msg = format!(
                "{}: `{}` is not installed (scripts/setup.sh installs it)",
                c.name, c.program
            );
            if ci {
                failures.push(msg);
            } else {
                eprintln!("skipped: {msg}");
            }
            continue;
        }
        let mut s = Score::default();
        let mut silent = Vec::new();
        for (what, page, truth) in &pages {
            let text = match convert(c, page) {
                Ok(text) => text,
                Err(why) => {
                    silent.push(format!("{what}: {why}"));
                    continue;
                }
            };
            std::fs::write(
                dir.join(format!("{}.{}.{}", what.replace(' ', "_"), c.name, c.ext)),
                &text,
            )
            .unwrap();
            score(&text, truth, what, &mut s);
        }
        if !silent.is_empty() {
            report.push_str(&format!(
                "{}: no output for {} of {} pages: {}\n",
                c.name,
                silent.len(),
                pages.len(),
                silent.join("; ")
            ));
        }
        if silent.len() == pages.len() {
            // Not assessable on this machine: the converter runs but converts nothing.
            continue;
        }
        let share = s.right as f64 / s.cells.max(1) as f64;
        report.push_str(&format!(
            "{:<13} {:>6}/{:<6} cells ({:.1} %), {} wrong or invented\n",
            c.name,
            s.right,
            s.cells,
            100.0 * share,
            s.wrong.len()
        ));
        if !s.wrong.is_empty() {
            failures.push(format!(
                "{}: {}",
                c.name,
                s.wrong
                    .iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        if share + 1e-9 < c.floor {
            failures.push(format!(
                "{}: {:.1} % of cells read, floor {:.0} % (outputs in {})",
                c.name,
                100.0 * share,
                100.0 * c.floor,
                dir.display()
            ));
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "{}\n{report}", failures.join("\n"));
}
