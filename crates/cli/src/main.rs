//! `gongkai` — read, check and compare 政府信息公开工作年度报告.

mod bodies_cmd;
mod calendar_cmd;
mod diagnostics;
mod input;
mod run;
mod store_cmd;
mod summary;
mod table_view;
#[cfg(feature = "web")]
mod web_cmd;

use clap::{Args, Parser, Subcommand, ValueEnum};
use gongkai_check::{Config, Level, RULES};
use gongkai_decode::Limits;
use gongkai_report::{Severity, error_json, report_json};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "政府信息公开工作年度报告：读取、检查 (read and check annual reports)"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Read reports and print their tables (JSON with --json).
    Parse {
        /// One JSON object per file (JSON Lines), contract `gongkai.report/1`.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Check reports against the rule catalogue and print findings like a compiler.
    Check {
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Also show rules that could not be evaluated ("not assessable").
        #[arg(long, short)]
        verbose: bool,
        #[command(flatten)]
        common: Common,
    },
    /// List the rule catalogue.
    Rules {
        #[arg(long)]
        json: bool,
        /// The catalogue as a Markdown document (docs/rules.md is generated with this).
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
    },
    /// Explain one rule: what it checks, why, an example.
    Explain { rule: String },
    /// List the issuing bodies of reports, grouped into identities, with how each was derived.
    Bodies(bodies_cmd::BodiesArgs),
    /// Working days on China's holiday calendar (State Council notices 2019–2026).
    Calendar {
        #[command(subcommand)]
        cmd: calendar_cmd::CalendarCmd,
    },
    /// Read reports as `check` does and keep them in the store (--db, $GONGKAI_DB, ./gongkai.db).
    Ingest(store_cmd::IngestArgs),
    /// List the reports in the store; --missing: bodies without a report for --year.
    List(store_cmd::ListArgs),
    /// One stored report: its tables in the statutory layout and its findings.
    Show(store_cmd::ShowArgs),
    /// A body's reports of two years, cell by cell.
    Compare(store_cmd::CompareArgs),
    /// Sums of every cell and rates over a selection; --rank by a rate or a cell.
    Stats(store_cmd::StatsArgs),
    /// Export a selection: the flat table (CSV, XLSX, Parquet) or the statutory layout (XLSX).
    Export(store_cmd::ExportArgs),
    /// The web app on the store: pages in Chinese and a public JSON API (default 127.0.0.1:8080).
    #[cfg(feature = "web")]
    Serve(web_cmd::ServeArgs),
    /// Accounts of the web app: add, token, list.
    #[cfg(feature = "web")]
    User {
        #[command(subcommand)]
        cmd: web_cmd::UserCmd,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CheckFormat {
    Human,
    Json,
}

#[derive(Args)]
struct Common {
    /// Files, folders (read recursively), glob patterns, or - for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Allow (silence) a rule, by id or prefix (`-A N-*`).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    allow: Vec<String>,
    /// Report a rule as a warning.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    warn: Vec<String>,
    /// Report a rule as an error (deny).
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    deny: Vec<String>,
    /// Largest file accepted, in MiB.
    #[arg(long, default_value_t = 64)]
    max_size: usize,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// No progress bar and no closing summary.
    #[arg(long, short)]
    quiet: bool,
}

impl Common {
    fn config(&self) -> Result<Config, String> {
        let mut c = Config::default();
        for (list, level) in [
            (&self.allow, Level::Allow),
            (&self.warn, Level::Warn),
            (&self.deny, Level::Deny),
        ] {
            for r in list {
                c.set(r, level);
            }
        }
        let unknown = c.unknown_patterns();
        if !unknown.is_empty() {
            return Err(format!(
                "未知的规则 (unknown rule): {}；gongkai rules 列出全部规则",
                unknown.join(", ")
            ));
        }
        Ok(c)
    }
}

fn main() -> ExitCode {
    // Panics in a worker are turned into per-file errors (run::process); keep them quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Parse { json, common } => batch(
            &common,
            if json || !std::io::stdout().is_terminal() {
                Mode::Json
            } else {
                Mode::Table
            },
        ),
        Cmd::Check {
            format,
            verbose,
            common,
        } => batch(
            &common,
            match format {
                CheckFormat::Json => Mode::Json,
                CheckFormat::Human => Mode::Diagnostics { verbose },
            },
        ),
        Cmd::Rules { json, markdown } => rules(json, markdown),
        Cmd::Explain { rule } => explain(&rule),
        Cmd::Bodies(args) => bodies_cmd::run(&args),
        Cmd::Calendar { cmd } => calendar_cmd::run(cmd),
        Cmd::Ingest(a) => store_cmd::ingest(&a),
        Cmd::List(a) => store_cmd::list(&a),
        Cmd::Show(a) => store_cmd::show(&a),
        Cmd::Compare(a) => store_cmd::compare(&a),
        Cmd::Stats(a) => store_cmd::stats(&a),
        Cmd::Export(a) => store_cmd::export(&a),
        #[cfg(feature = "web")]
        Cmd::Serve(a) => web_cmd::serve(&a),
        #[cfg(feature = "web")]
        Cmd::User { cmd } => web_cmd::user(&cmd),
    }
}

#[derive(Clone, Copy)]
enum Mode {
    Json,
    Table,
    Diagnostics { verbose: bool },
}

/// Files processed at once: bounds memory while keeping every core busy and output in order.
const CHUNK: usize = 256;

fn batch(common: &Common, mode: Mode) -> ExitCode {
    let config = match common.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("gongkai: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(j) = common.jobs {
        // Fails only if a global pool already exists, which is not the case here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
    let opts = run::Options {
        limits: Limits {
            max_bytes: common.max_size.saturating_mul(1024 * 1024),
        },
        config,
        keep_text: matches!(mode, Mode::Diagnostics { .. }),
    };
    let inputs = input::expand(&common.inputs);
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let renderer = diagnostics::Renderer::new(color);
    let mut sum = summary::Summary::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let progress = progress_bar(inputs.len(), common.quiet);
    for chunk in inputs.chunks(CHUNK) {
        let outcomes: Vec<run::Outcome> = chunk
            .par_iter()
            .map(|i| {
                let o = run::process(i, &opts);
                progress.inc(1);
                o
            })
            .collect();
        for o in &outcomes {
            sum.add(o);
            let text = match (&o.result, mode) {
                (Err(e), Mode::Json) => error_json(&o.source, e.kind.as_str(), &e.message) + "\n",
                (Err(e), _) => {
                    progress.suspend(|| {
                        eprintln!(
                            "gongkai: {}: {} [{}]",
                            o.source.path,
                            e.message,
                            e.kind.as_str()
                        );
                    });
                    continue;
                }
                (Ok(p), Mode::Json) => report_json(&p.report) + "\n",
                (Ok(p), Mode::Table) => table_view::render(&p.report) + "\n",
                (Ok(p), Mode::Diagnostics { verbose }) => {
                    summary::diagnostics(&renderer, p, verbose)
                }
            };
            if !progress.is_hidden()
                && matches!(mode, Mode::Diagnostics { .. } | Mode::Table)
                && std::io::stdout().is_terminal()
            {
                // Terminal output and the bar share the screen: print above the bar.
                progress.suspend(|| {
                    let _ = out.write_all(text.as_bytes());
                    let _ = out.flush();
                });
                continue;
            }
            if out.write_all(text.as_bytes()).is_err() {
                // Reader went away (e.g. `| head`): stop quietly.
                return sum.exit_code();
            }
        }
    }
    let _ = out.flush();
    drop(out);
    progress.finish_and_clear();
    if !common.quiet && (inputs.len() > 1 || matches!(mode, Mode::Diagnostics { .. })) {
        eprint!("{}", sum.render());
    }
    sum.exit_code()
}

/// A progress bar with rate and ETA on a terminal, for batches; hidden otherwise.
fn progress_bar(n: usize, quiet: bool) -> indicatif::ProgressBar {
    if quiet || n < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} 份  {per_sec}  剩余 {eta}  {wide_msg}",
    );
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

fn rules(json: bool, markdown: bool) -> ExitCode {
    if markdown {
        print!("{}", rules_markdown());
        return ExitCode::SUCCESS;
    }
    if json {
        let v: Vec<serde_json::Value> = RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "level": r.level.as_str(), "scope": r.scope.as_str(),
                    "implemented": r.implemented, "title": r.title,
                    "explanation": r.explanation, "example": r.example,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(v));
        return ExitCode::SUCCESS;
    }
    for r in RULES {
        let status = if r.implemented {
            ""
        } else {
            "  (未实现 not implemented)"
        };
        println!("{:<16} {:<8} {}{}", r.id, r.level.as_str(), r.title, status);
    }
    ExitCode::SUCCESS
}

fn explain(id: &str) -> ExitCode {
    let Some(r) = gongkai_check::rule(id) else {
        eprintln!("gongkai: 未知的规则 (unknown rule) {id}；gongkai rules 列出全部规则");
        return ExitCode::from(2);
    };
    println!(
        "{}  [{}，{}]",
        r.id,
        r.level.as_str(),
        Severity::name_zh(r.level)
    );
    println!("{}\n", r.title);
    println!("{}\n", r.explanation);
    if !r.example.is_empty() {
        println!("示例 (example):\n{}\n", r.example);
    }
    if !r.implemented {
        println!("本版本尚未实现：报告中显示为“不可评估”(not assessable)。");
    }
    ExitCode::SUCCESS
}

/// The rule catalogue as Markdown, in the style of clippy's lint list.
fn rules_markdown() -> String {
    use std::fmt::Write as _;
    let mut o = String::from(
        "# Rule catalogue\n\nGenerated by `gongkai rules --markdown` from `crates/check/src/catalogue.rs`; do not edit by hand.\n\n\
         Levels: `error` (the report contradicts itself or the law), `warning` (implausible or non-standard), \
         `info` (worth a look). Change a level with `-A RULE` (allow), `-W RULE` (warn), `-D RULE` (deny); \
         prefixes work (`-A N-*`). A rule whose cells are missing reports *not assessable*.\n\n\
         | id | level | scope | status | title |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let status = if r.implemented {
            "implemented"
        } else {
            "not implemented (not assessable)"
        };
        let _ = writeln!(
            o,
            "| [{}](#{}) | {} | {} | {} | {} |",
            r.id,
            r.id.to_lowercase(),
            r.level.as_str(),
            r.scope.as_str(),
            status,
            r.title
        );
    }
    for r in RULES {
        let _ = write!(
            o,
            "\n## {}\n\n**{}** · level `{}` · scope `{}`",
            r.id,
            r.title,
            r.level.as_str(),
            r.scope.as_str()
        );
        if !r.implemented {
            o.push_str(" · *not implemented in this version*");
        }
        let _ = write!(o, "\n\n{}\n", r.explanation);
        if !r.example.is_empty() {
            let _ = write!(o, "\nExample:\n\n```text\n{}\n```\n", r.example);
        }
    }
    o
}
