//! Write synthetic reports with their ground truth, in the corpus layout (`docs/ID.ext`,
//! `truth/ID.json`), for the corpus benchmark:
//!
//! ```text
//! gongkai-synth --out DIR --count 10000 --seed 1 [--layouts pipes,markdown|all] [--formats txt,html,docx]
//! gongkai-synth --show pipes --seed 7        # print one rendering (and its truth on stderr)
//! gongkai-synth --show docx --seed 7 --truth r.json > r.docx   # with its truth file
//! ```
//!
//! `--formats` mixes file formats: documents take the formats in turn, and the `txt` ones the
//! text layouts in turn (`txt` includes the Markdown layouts). HTML pages may be GBK-encoded.
//!
//! The run-together layout is left out unless named: its truth lists every row, but a correct
//! reader may leave some of its rows out as ambiguous.

use gongkai_synth::{Layout, Options, SynthReport, case, docx_case, html_case};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The file format of a generated document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileFormat {
    /// Plain text or Markdown, in one of the text layouts.
    Txt,
    Html,
    Docx,
}

/// What one document is rendered as.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Text(Layout),
    Html,
    Docx,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        match s {
            "html" => Some(Kind::Html),
            "docx" => Some(Kind::Docx),
            s => Layout::parse(s).map(Kind::Text),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Text(l) => l.name(),
            Kind::Html => "html",
            Kind::Docx => "docx",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Text(l) => l.extension(),
            Kind::Html => "html",
            Kind::Docx => "docx",
        }
    }

    /// The `format` field of the truth.
    fn format(self) -> &'static str {
        match self {
            Kind::Text(l) if l.extension() == "md" => "markdown",
            Kind::Text(_) => "text",
            Kind::Html => "html",
            Kind::Docx => "docx",
        }
    }

    fn case(self, seed: u64) -> (SynthReport, Vec<u8>) {
        match self {
            Kind::Text(l) => {
                let (r, text) = case(seed, l);
                (r, text.into_bytes())
            }
            Kind::Html => html_case(seed, Options::default()),
            Kind::Docx => docx_case(seed, Options::default()),
        }
    }
}

struct Args {
    out: Option<PathBuf>,
    count: u64,
    seed: u64,
    layouts: Vec<Layout>,
    formats: Vec<FileFormat>,
    show: Option<Kind>,
    /// With `--show`: where to write the truth.
    truth: Option<PathBuf>,
}

const USAGE: &str = "usage: gongkai-synth --out DIR [--count N] [--seed S] [--layouts L,L|all] [--formats txt,html,docx]\n       gongkai-synth --show LAYOUT|html|docx [--seed S] [--truth FILE]\nlayouts: cell_per_line indented_cells pipes tab_rows paragraphs markdown noisy run_together";

fn parse_formats(s: &str) -> Result<Vec<FileFormat>, String> {
    s.split(',')
        .map(|f| match f {
            "txt" | "text" => Ok(FileFormat::Txt),
            "html" => Ok(FileFormat::Html),
            "docx" => Ok(FileFormat::Docx),
            other => Err(format!("unknown format: {other} (txt, html, docx)")),
        })
        .collect()
}

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
        formats: vec![FileFormat::Txt],
        show: None,
        truth: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--out" => a.out = Some(PathBuf::from(value()?)),
            "--count" => a.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            "--seed" => a.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--layouts" => a.layouts = parse_layouts(&value()?)?,
            "--formats" => a.formats = parse_formats(&value()?)?,
            "--truth" => a.truth = Some(PathBuf::from(value()?)),
            "--show" => {
                let v = value()?;
                a.show = Some(Kind::parse(&v).ok_or_else(|| format!("unknown layout: {v}"))?);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    if a.layouts.is_empty() || a.formats.is_empty() {
        return Err("no layouts or formats".into());
    }
    Ok(a)
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn generate(out: &Path, a: &Args) -> Result<(), String> {
    let docs = out.join("docs");
    let truth = out.join("truth");
    for d in [&docs, &truth] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let n_formats = a.formats.len() as u64;
    let n_layouts = a.layouts.len() as u64;
    for i in 0..a.count {
        let format = usize::try_from(i % n_formats)
            .ok()
            .and_then(|k| a.formats.get(k));
        let kind = match format {
            Some(FileFormat::Txt) => {
                let Some(&layout) = usize::try_from((i / n_formats) % n_layouts)
                    .ok()
                    .and_then(|k| a.layouts.get(k))
                else {
                    continue;
                };
                Kind::Text(layout)
            }
            Some(FileFormat::Html) => Kind::Html,
            Some(FileFormat::Docx) => Kind::Docx,
            None => continue,
        };
        // One seed per document, derived from the run's seed, so any document can be
        // regenerated on its own with `--show KIND --seed …`.
        let seed = a.seed.wrapping_mul(1_000_003).wrapping_add(i);
        let (report, bytes) = kind.case(seed);
        let id = format!("synth_{i:06}_{}", kind.name());
        let file = format!("{id}.{}", kind.extension());
        write(&docs.join(&file), &bytes)?;
        let notes = format!(
            "synthetic: gongkai-synth --show {} --seed {seed}",
            kind.name()
        );
        let t = report.truth(&id, &format!("gongkai-synth {file}"), kind.format(), &notes);
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
    if let Some(kind) = a.show {
        let (report, bytes) = kind.case(a.seed);
        if let Err(e) = std::io::stdout().write_all(&bytes) {
            eprintln!("gongkai-synth: {e}");
            return ExitCode::FAILURE;
        }
        eprintln!("{}", report.expected());
        if let Some(path) = &a.truth {
            let id = path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            let notes = format!(
                "synthetic: gongkai-synth --show {} --seed {}",
                kind.name(),
                a.seed
            );
            let t = report.truth(&id, &format!("gongkai-synth {id}"), kind.format(), &notes);
            let written = serde_json::to_string_pretty(&t)
                .map_err(|e| e.to_string())
                .and_then(|json| write(path, json + "\n"));
            if let Err(e) = written {
                eprintln!("gongkai-synth: {e}");
                return ExitCode::FAILURE;
            }
        }
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
