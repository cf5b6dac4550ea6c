//! Show one synthetic case and what the extractor made of it:
//!
//! ```text
//! cargo run -p gongkai-synth --example inspect -- LAYOUT SEED [--text] [--findings] [--no-blanks] [--no-negative]
//! cargo run -p gongkai-synth --example inspect -- LAYOUT SEED --inject INJECTION
//! cargo run -p gongkai-synth --example inspect -- --file PATH [table2|table3|table4]
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/common/mod.rs"]
mod common;

use gongkai_synth::{Injection, Layout, Options, case_with, injected_case_with};

/// `--file PATH [TABLE]`: read a text file and print the rows of one table (or all) with the
/// extractor's own findings (for minimal reproducers).
fn read_file(path: &str, table: Option<&str>) {
    let text = std::fs::read_to_string(path).expect("a readable UTF-8 file");
    let (report, findings) = common::read(&text);
    for t in report.tables() {
        if table.is_some_and(|k| k != t.id.key()) {
            continue;
        }
        for r in &t.rows {
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| {
                    if c.blank {
                        format!("{}=空", c.col)
                    } else {
                        format!("{}={}", c.col, c.value)
                    }
                })
                .collect();
            println!("{}.{}: {}", t.id.key(), r.key, cells.join(" "));
        }
    }
    for f in findings.iter().filter(|f| f.assessable) {
        if f.rule.starts_with("P-") || f.severity == gongkai_report::Severity::Error {
            println!("{} {:?}: {} {:?}", f.rule, f.severity, f.message, f.cells);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--file") {
        let path = args.get(1).expect("--file PATH");
        read_file(path, args.get(2).map(String::as_str));
        return;
    }
    let layout = args
        .first()
        .and_then(|s| Layout::parse(s))
        .expect("first argument: a layout name");
    let seed: u64 = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .expect("second argument: a seed");
    let injection = args
        .iter()
        .position(|a| a == "--inject")
        .and_then(|i| args.get(i + 1))
        .map(|name| {
            Injection::ALL
                .into_iter()
                .find(|x| x.name() == name)
                .expect("an injection name")
        });
    let options = Options {
        blank_cells: !args.iter().any(|a| a == "--no-blanks"),
        negative_changes: !args.iter().any(|a| a == "--no-negative"),
    };
    let (truth, text) = match injection {
        Some(inj) => injected_case_with(seed, inj, layout, options),
        None => case_with(seed, layout, options),
    };
    if args.iter().any(|a| a == "--text") {
        println!("{text}");
        println!("-----");
    }
    let (report, findings) = common::read(&text);
    if args.iter().any(|a| a == "--findings") {
        for f in &findings {
            if f.assessable {
                println!("{} {:?}: {} {:?}", f.rule, f.severity, f.message, f.cells);
            }
        }
        println!("-----");
    }
    if let Some(inj) = injection {
        let fired = findings
            .iter()
            .any(|f| f.assessable && f.rule == inj.rule());
        println!("{} fired: {fired}", inj.rule());
    }
    let mode = if layout.is_recoverable() {
        common::Mode::Complete
    } else {
        common::Mode::Sound
    };
    for p in common::compare(&truth, &report, &findings, mode) {
        println!("{p}");
    }
}
