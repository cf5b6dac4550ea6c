//! C-COPY at scale: index the prose of N generated reports (default 100,000) and cluster
//! near-duplicate paragraphs, with planted copies to measure what is found.
//!
//! Each report is a synthetic report of `gongkai-synth` (its templated prose: the kind of
//! text every report shares) plus four paragraphs of its own made of random words. Every
//! `--every`-th report copies three of the previous report's own paragraphs with edits (a
//! name put in front, a number inserted, a word dropped). Reports are generated, indexed and
//! dropped one by one: only signatures are kept.
//!
//! ```text
//! cargo run --release -p gongkai-cross --example copy-bench -- [N] [--every K]
//! cargo run --release -p gongkai-cross --example copy-bench -- --pairs
//! ```
//!
//! `--pairs` measures pairs with known overlap instead (see `known_overlap`).
//!
//! Prints the time to index and to cluster, the peak memory of the process (VmHWM), the
//! planted copies found (recall) and the clusters that are neither planted nor boilerplate.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::needless_range_loop
)]

use gongkai_cross::CopyIndex;
use gongkai_synth::filler::paragraph;
use gongkai_synth::{Layout, SynthReport, render, rng_for};
use std::collections::HashSet;
use std::time::Instant;

fn edited(p: &str) -> String {
    let mut s = p.replacen("工作", "工作3项", 1);
    if let Some(i) = s.find("公开") {
        s.replace_range(i..i + "公开".len(), "");
    }
    format!("青山镇{s}")
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Pairs with known overlap: `share` of eight paragraphs copied (verbatim or edited); what
/// X-COPY measures and which copied paragraphs C-COPY clusters.
fn known_overlap() {
    use gongkai_cross::{Doc, repeated_share};
    use gongkai_report::{Report, Source};
    let mut rng = rng_for(7, "known-overlap");
    println!(
        "| copied | edits | pairs | X-COPY share: mean | max error | C-COPY: copied paragraphs found | unrelated paragraphs clustered |"
    );
    println!("|---|---|---|---|---|---|---|");
    let empty = Report::new(Source::default());
    for edit in [false, true] {
        for share in [0.0, 0.25, 0.5, 0.75, 1.0] {
            let (mut sum, mut worst, mut found, mut planted, mut false_pos) =
                (0.0, 0.0f64, 0, 0, 0);
            let pairs = 50;
            for _ in 0..pairs {
                let old: Vec<String> = (0..8).map(|_| paragraph(&mut rng)).collect();
                let k = (share * 8.0) as usize;
                let new: Vec<String> = (0..8)
                    .map(|i| match (i < k, edit) {
                        (true, true) => edited(&old[i]),
                        (true, false) => old[i].clone(),
                        _ => paragraph(&mut rng),
                    })
                    .collect();
                let (l, t) = (old.join("\n"), new.join("\n"));
                let (got, _) =
                    repeated_share(&Doc::new(&empty, &t), &Doc::new(&empty, &l), 0, 100).unwrap();
                sum += got;
                worst = worst.max((got - share).abs());
                let mut index = CopyIndex::new(0.6, 40);
                index.add(Some("a"), &l, None);
                index.add(Some("b"), &t, None);
                planted += k;
                for c in index.clusters(0.05, 20) {
                    for m in c.members.iter().filter(|m| m.doc == 1) {
                        let para = t[..m.span.start].matches('\n').count();
                        if para < k {
                            found += 1;
                        } else {
                            false_pos += 1;
                        }
                    }
                }
            }
            println!(
                "| {:.0} % | {} | {pairs} | {:.1} % | {:.1} pt | {found}/{planted} | {false_pos} |",
                share * 100.0,
                if edit { "name, number, word" } else { "none" },
                100.0 * sum / f64::from(pairs),
                100.0 * worst,
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--pairs") {
        known_overlap();
        return;
    }
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let every: usize = args
        .iter()
        .position(|a| a == "--every")
        .and_then(|i| args.get(i + 1))
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let mut index = CopyIndex::new(0.6, 40);
    let mut rng = rng_for(2026, "copy-bench");
    let mut previous: Vec<String> = Vec::new();
    let mut planted: HashSet<(usize, usize)> = HashSet::new();
    let mut chars = 0usize;
    let t0 = Instant::now();
    let mut gen_time = std::time::Duration::ZERO;
    for i in 0..n {
        let g = Instant::now();
        let report = SynthReport::generate(&mut rng);
        let mut text = render(&report, Layout::Markdown, &mut rng);
        let mut own: Vec<String> = (0..4).map(|_| paragraph(&mut rng)).collect();
        if i > 0 && i % every == 0 {
            for k in 0..3 {
                own[k] = edited(&previous[k]);
            }
            planted.insert((i - 1, i));
        }
        text.push_str("\n六、其他需要报告的事项\n");
        for p in &own {
            text.push_str(p);
            text.push('\n');
        }
        gen_time += g.elapsed();
        chars += text.chars().count();
        index.add(Some(&format!("body{i}")), &text, None);
        previous = own;
    }
    let indexed = t0.elapsed() - gen_time;
    let t1 = Instant::now();
    let clusters = index.clusters(0.05, 20);
    let clustered = t1.elapsed();
    let mut found: HashSet<(usize, usize)> = HashSet::new();
    let mut other = 0;
    let mut other_bodies: Vec<usize> = Vec::new();
    let mut boilerplate = 0;
    for c in &clusters {
        if c.boilerplate {
            boilerplate += 1;
            continue;
        }
        let docs: Vec<usize> = c.members.iter().map(|m| m.doc).collect();
        if docs.len() == 2 && planted.contains(&(docs[0], docs[1])) {
            found.insert((docs[0], docs[1]));
        } else {
            other += 1;
            other_bodies.push(c.bodies);
        }
    }
    println!("reports                 {n}");
    println!("characters              {chars}");
    println!("paragraphs indexed      {}", index.paragraphs());
    println!("generation (excluded)   {:.1} s", gen_time.as_secs_f64());
    println!("indexing                {:.1} s", indexed.as_secs_f64());
    println!("clustering              {:.1} s", clustered.as_secs_f64());
    println!(
        "peak memory (VmHWM)     {} MiB",
        peak_kib().map_or_else(|| "?".to_owned(), |k| (k / 1024).to_string())
    );
    println!("boilerplate clusters    {boilerplate}");
    println!(
        "planted copies found    {}/{} ({:.1} %)",
        found.len(),
        planted.len(),
        100.0 * found.len() as f64 / planted.len().max(1) as f64
    );
    other_bodies.sort_unstable();
    println!(
        "other clusters          {other} (bodies per cluster: median {}, max {})",
        other_bodies
            .get(other_bodies.len() / 2)
            .copied()
            .unwrap_or(0),
        other_bodies.last().copied().unwrap_or(0)
    );
}
