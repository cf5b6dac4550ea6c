//! Write synthetic reports with their ground truth, in the corpus layout (`docs/ID.ext`,
//! `truth/ID.json`), for the corpus benchmark:
//!
//! ```text
//! gongkai-synth --out DIR --count 10000 --seed 1 [--layouts pipes,markdown|all]
//! gongkai-synth --show pipes --seed 7        # print one rendering (and its truth on stderr)
//! ```
//!
//! The run-together layout is left out unless named: its truth lists every row, but a correct
//! reader may leave some of its rows out as ambiguous.

use gongkai_synth::{Layout, case};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Args {
    out: Option<PathBuf>,
    count: u64,
    seed: u64,
    layouts: Vec<Layout>,
    show: Option<Layout>,
}

const USAGE: &str = "usage: gongkai-synth --out DIR [--count N] [--seed S] [--layouts L,L|all]\n       gongkai-synth --show LAYOUT [--seed S]\nlayouts: cell_per_line indented_cells pipes tab_rows paragraphs markdown noisy run_together";

fn parse_layouts(s: &str) -> Result<Vec<Layout>, String> {
    if s == "all" {
        return Ok(Layout::ALL.to_vec());
    }
    s.split(',')
        .map(|name| Layout::parse(name).ok_or_else(|| format!("unknown layout: {name}")))
        .collect()
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        out: None,
        count: 100,
        seed: 1,
        layouts: Layout::ALL
            .into_iter()
            .filter(|l| l.is_recoverable())
            .collect(),
        show: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--out" => a.out = Some(PathBuf::from(value()?)),
            "--count" => a.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            "--seed" => a.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--layouts" => a.layouts = parse_layouts(&value()?)?,
            "--show" => {
                let v = value()?;
                a.show = Some(Layout::parse(&v).ok_or_else(|| format!("unknown layout: {v}"))?);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    if a.layouts.is_empty() {
        return Err("no layouts".into());
    }
    Ok(a)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn generate(out: &Path, a: &Args) -> Result<(), String> {
    let docs = out.join("docs");
    let truth = out.join("truth");
    for d in [&docs, &truth] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let n_layouts = a.layouts.len() as u64;
    for i in 0..a.count {
        let Some(&layout) = usize::try_from(i % n_layouts)
            .ok()
            .and_then(|k| a.layouts.get(k))
        else {
            continue;
        };
        // One seed per document, derived from the run's seed, so any document can be
        // regenerated on its own with `--show LAYOUT --seed …`.
        let seed = a.seed.wrapping_mul(1_000_003).wrapping_add(i);
        let (report, text) = case(seed, layout);
        let id = format!("synth_{i:06}_{}", layout.name());
        let file = format!("{id}.{}", layout.extension());
        write(&docs.join(&file), &text)?;
        let format = if layout.extension() == "md" {
            "markdown"
        } else {
            "text"
        };
        let notes = format!(
            "synthetic: gongkai-synth --show {} --seed {seed}",
            layout.name()
        );
        let t = report.truth(&id, &format!("gongkai-synth {file}"), format, &notes);
        let json = serde_json::to_string_pretty(&t).map_err(|e| e.to_string())?;
        write(&truth.join(format!("{id}.json")), &json)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let a = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gongkai-synth: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(layout) = a.show {
        let (report, text) = case(a.seed, layout);
        print!("{text}");
        eprintln!("{}", report.expected());
        return ExitCode::SUCCESS;
    }
    let Some(out) = &a.out else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match generate(out, &a) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gongkai-synth: {e}");
            ExitCode::FAILURE
        }
    }
}
