//! The narrative bench: precision and recall on the labelled set, and throughput.
//! `cargo run --release -p gongkai-narrative --example score [-- --problems]`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/score/mod.rs"]
mod score;

use std::time::Instant;

fn main() {
    let verbose = std::env::args().any(|a| a == "--problems");
    let cases = score::cases();
    let (all, real, written, problems) = score::score_all(&cases);
    let groups: [(&str, Vec<&score::Case>); 4] = [
        ("real", cases.iter().filter(|c| c.real).collect()),
        (
            "written",
            cases
                .iter()
                .filter(|c| !c.real && !c.id.starts_with('h'))
                .collect(),
        ),
        (
            "held out 1",
            cases.iter().filter(|c| c.id.starts_with("h-")).collect(),
        ),
        (
            "held out 2",
            cases.iter().filter(|c| c.id.starts_with("h2-")).collect(),
        ),
    ];
    println!(
        "| set | paragraphs | statements | confirmable | traps | right | wrong | missed | precision | recall |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let row = |name: &str, s: score::Score, n: usize| {
        println!(
            "| {name} | {n} | {} | {} | {} | {} | {} | {} | {:.1} % | {:.1} % |",
            s.statements(),
            s.expected + s.unsupported,
            s.traps,
            s.right,
            s.wrong,
            s.expected + s.unsupported - s.right,
            100.0 * s.precision(),
            100.0 * s.recall()
        );
    };
    for (name, cs) in &groups {
        let mut s = score::Score::default();
        let mut n = 0;
        for c in cs {
            let (x, _) = score::score_case(c);
            s = sum(s, x);
            n += 1;
        }
        row(name, s, n);
    }
    row("all", all, cases.len());
    let _ = (real, written);
    if verbose {
        for p in &problems {
            println!("{p}");
        }
    }
    // Throughput over whole real reports (tables included), and over the labelled
    // paragraphs (dense with numbers), repeated.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/corpus/docs");
    let mut reports: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    reports.sort();
    let paragraphs: String = cases
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    println!();
    for (name, texts) in [
        ("fixtures/corpus/docs (9 whole reports)", reports),
        ("labelled paragraphs", vec![paragraphs]),
    ] {
        let bytes: usize = texts.iter().map(String::len).sum();
        let rounds = (20_000_000 / bytes.max(1)).max(1);
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            for text in &texts {
                n += gongkai_narrative::facts(text).len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        let mb = (bytes * rounds) as f64 / 1e6;
        println!(
            "throughput, {name}: {:.1} MB/s, {:.0} µs per document ({} facts per round)",
            mb / secs,
            secs * 1e6 / (rounds * texts.len()) as f64,
            n / rounds
        );
    }
}

fn sum(a: score::Score, b: score::Score) -> score::Score {
    score::Score {
        right: a.right + b.right,
        wrong: a.wrong + b.wrong,
        expected: a.expected + b.expected,
        unsupported: a.unsupported + b.unsupported,
        traps_kept: a.traps_kept + b.traps_kept,
        traps: a.traps + b.traps,
    }
}
