//! `gongkai` — read, check and compare 政府信息公开工作年度报告.

mod bodies_cmd;
mod calendar_cmd;
mod cross_cmd;
mod diagnostics;
mod output;
mod review_cmd;
mod store_cmd;
mod summary;
mod table_view;
mod terminal;
#[cfg(feature = "web")]
mod web_cmd;
mod wording;
mod write_cmd;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use gongkai_check::{Config, Level, RULES};
use gongkai_pipeline::{Budget, Limits, Options, Outcome, Session, Tool, Tools};
use gongkai_report::{Severity, error_json, report_json};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::process::ExitCode;
use std::time::Duration;

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
        /// Last year's report of the same body: compare each report given with it (X-* rules).
        /// Without it, the reports of a batch are paired by body and year automatically.
        #[arg(long, value_name = "FILE")]
        prev: Option<OsString>,
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
    /// Import a flat table written by `export` back into a store (tables, body, year, edition).
    Import(store_cmd::ImportArgs),
    /// The web app on the store: pages in Chinese and a public JSON API (default 127.0.0.1:8080).
    #[cfg(feature = "web")]
    Serve(web_cmd::ServeArgs),
    /// Accounts of the web app: add, token, list.
    #[cfg(feature = "web")]
    User {
        #[command(subcommand)]
        cmd: web_cmd::UserCmd,
    },
    /// A body's application ledger (依申请公开台账) in the store: import, cases with their
    /// deadlines, the report's tables computed from the cases.
    Ledger {
        #[command(subcommand)]
        cmd: store_cmd::LedgerCmd,
    },
    /// Waive one finding by its id (GK-…), with a reason; kept across runs, with an audit trail.
    Waive(review_cmd::WaiveArgs),
    /// List the waiver audit trail (every waive and revoke, oldest first).
    Waivers(review_cmd::WaiversArgs),
    /// Score and rank the bodies of a selection with a rubric.
    Score(review_cmd::ScoreArgs),
    /// Write the review report: one self-contained HTML page and/or an XLSX workbook.
    Review(review_cmd::ReviewArgs),
    /// Write the annual report from data (a TOML/JSON data file, a ledger): Markdown, HTML,
    /// DOCX or PDF, in the statutory layout of the edition in force.
    Write(write_cmd::WriteArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CheckFormat {
    Human,
    Json,
}

#[derive(Args)]
pub(crate) struct Common {
    /// Files, folders (read recursively), glob patterns, zip archives, or - for standard input.
    #[arg(required = true)]
    pub(crate) inputs: Vec<OsString>,
    /// Allow (silence) a rule, by id or prefix (`-A N-*`).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    allow: Vec<String>,
    /// Report a rule as a warning.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    warn: Vec<String>,
    /// Report a rule as an error (deny).
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    deny: Vec<String>,
    /// The project's gongkai.toml (default: the first found in this folder or above it).
    #[arg(long, value_name = "FILE")]
    config: Option<std::path::PathBuf>,
    /// Worker threads (default: one per core; at most four per core).
    #[arg(long, short)]
    pub(crate) jobs: Option<usize>,
    /// No progress bar and no closing summary.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) budget: BudgetArgs,
}

/// The per-file budget (docs/robustness.md says what each limit protects against).
#[derive(Args)]
#[command(next_help_heading = "Limits per file")]
pub(crate) struct BudgetArgs {
    /// Largest file or archive entry read, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    max_size: usize,
    /// Largest decoded or rendered text, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    max_text: usize,
    /// Most table cells (HTML, DOCX, XLSX).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_cells)]
    max_cells: usize,
    /// Most paragraphs (DOCX) or blocks.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_paragraphs)]
    max_paragraphs: usize,
    /// Most XML or HTML elements in one part or page.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_nodes)]
    max_nodes: usize,
    /// Most PDF pages.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_pages)]
    max_pages: usize,
    /// Most entries of one zip archive.
    #[arg(long, value_name = "N", default_value_t = Budget::default().max_entries)]
    max_entries: usize,
    /// Address space of each external tool (LibreOffice, poppler, tesseract), in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 1024)]
    tool_memory: u64,
    /// Longest conversion or text extraction by an external tool, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    tool_timeout: u64,
    /// Longest wait for data from a pipe or FIFO, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    read_timeout: u64,
}

impl BudgetArgs {
    pub(crate) fn budget(&self) -> Budget {
        Budget {
            decode: Limits {
                max_bytes: self.max_size.saturating_mul(1 << 20),
                max_text: self.max_text.saturating_mul(1 << 20),
                max_cells: self.max_cells,
                max_paragraphs: self.max_paragraphs,
                max_nodes: self.max_nodes,
                max_pages: self.max_pages,
                tool_memory: self.tool_memory.saturating_mul(1 << 20),
                tool_timeout: Duration::from_secs(self.tool_timeout),
            },
            read_timeout: Duration::from_secs(self.read_timeout),
            max_entries: self.max_entries,
        }
    }
}

impl Common {
    /// The project's settings: `--config`, or the first gongkai.toml found upward.
    pub(crate) fn settings(&self) -> Result<gongkai_review::Settings, String> {
        let path = match &self.config {
            Some(p) => Some(p.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|d| gongkai_review::config::discover(&d)),
        };
        match path {
            Some(p) => gongkai_review::Settings::load(&p).map_err(|e| e.to_string()),
            None => Ok(gongkai_review::Settings::default()),
        }
    }

    /// Rule levels: gongkai.toml's, then -A/-W/-D (which win).
    pub(crate) fn config(&self) -> Result<Config, String> {
        let mut c = self.settings()?.rule_config();
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
    // Panics in a worker are turned into per-file errors (gongkai_pipeline::process); keep
    // them quiet.
    std::panic::set_hook(Box::new(|_| {}));
    // `score` and `review` read files, or with --db the store: no files needed then.
    let relax = |c: clap::Command| {
        c.mut_arg("inputs", |a| {
            a.required(false).required_unless_present("db")
        })
    };
    let matches = Cli::command()
        .mut_subcommand("score", relax)
        .mut_subcommand("review", relax)
        .get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match cli.cmd {
        Cmd::Parse { json, common } => batch(
            &common,
            if json || !std::io::stdout().is_terminal() {
                Mode::Json
            } else {
                Mode::Table
            },
            None,
        ),
        Cmd::Check {
            format,
            verbose,
            prev,
            common,
        } => batch(
            &common,
            match format {
                CheckFormat::Json => Mode::Json,
                CheckFormat::Human => Mode::Diagnostics { verbose },
            },
            Some(Across { prev }),
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
        Cmd::Import(a) => store_cmd::import(&a),
        Cmd::Ledger { cmd } => store_cmd::ledger(&cmd),
        Cmd::Waive(args) => review_cmd::waive(&args),
        Cmd::Waivers(args) => review_cmd::waivers(&args),
        Cmd::Score(args) => review_cmd::score(&args),
        Cmd::Review(args) => review_cmd::review(&args),
        Cmd::Write(args) => write_cmd::run(&args),
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

/// Most workers per core: each may hold a file's budget and run a tool.
pub(crate) const JOBS_PER_CORE: usize = 4;

/// The tools, found on `PATH` (or where LibreOffice installs itself); `GONGKAI_SOFFICE`,
/// `GONGKAI_PDFTOTEXT`, `GONGKAI_PDFTOPPM`, `GONGKAI_PDFIMAGES`, `GONGKAI_TESSERACT` name
/// another program.
pub(crate) fn tools() -> Tools {
    let mut t = Tools::find(std::env::var_os("PATH").as_deref());
    for tool in Tool::ALL {
        let var = format!("GONGKAI_{}", tool.program().to_ascii_uppercase());
        if let Some(p) = std::env::var_os(var) {
            let slot = match tool {
                Tool::Soffice => &mut t.soffice,
                Tool::Pdftotext => &mut t.pdftotext,
                Tool::Pdftoppm => &mut t.pdftoppm,
                Tool::Pdfimages => &mut t.pdfimages,
                Tool::Tesseract => &mut t.tesseract,
            };
            *slot = p.into();
        }
    }
    t
}

/// Reports kept in memory for the checks across reports of one `check` batch (about 30 KB
/// each with their text): beyond this the batch's memory would grow with its size, so those
/// checks are skipped and the user told.
const ACROSS_MAX_REPORTS: usize = 1_000;

/// `check` also runs the checks across reports (`--prev`: against last year's report).
struct Across {
    prev: Option<OsString>,
}

fn batch(common: &Common, mode: Mode, across: Option<Across>) -> ExitCode {
    let (config, thresholds) = match common.config().and_then(|c| Ok((c, common.settings()?))) {
        Ok((c, s)) => (c, s.thresholds),
        Err(e) => {
            eprintln!("gongkai: {e}");
            return ExitCode::from(2);
        }
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let max_jobs = cores * JOBS_PER_CORE;
    let jobs = match common.jobs {
        Some(j) if j > max_jobs => {
            eprintln!(
                "gongkai: -j {j} 过多，按 {max_jobs} 个（每核 {JOBS_PER_CORE} 个）运行 (too many workers; using {max_jobs})"
            );
            max_jobs
        }
        Some(j) => j.max(1),
        None => cores,
    };
    let session = match Session::new(&std::env::temp_dir()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gongkai: 无法创建临时文件夹 (cannot create a temporary folder): {e}");
            return ExitCode::from(2);
        }
    };
    let budget = common.budget.budget();
    let inputs = gongkai_pipeline::expand(&common.inputs, &budget.list_limits());
    let n = inputs.len();
    // More files than can be kept: the checks across reports are skipped from the start, so
    // nothing is kept for them (an archive may still hold more reports: checked as they come).
    let mut across_dropped = across.is_some() && n > ACROSS_MAX_REPORTS;
    let opts = Options {
        budget,
        tools: tools(),
        sandbox: session.sandbox(),
        config,
        keep_text: matches!(mode, Mode::Diagnostics { .. })
            || (across.is_some() && !across_dropped),
    };
    // `check` names each finding by its stable id (docs/output.md): the body is resolved as
    // `review` does, with the mapping of gongkai.toml.
    let resolver = match across.as_ref().map(|_| id_resolver(common)).transpose() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gongkai: {e}");
            return ExitCode::from(2);
        }
    };
    let subjects = gongkai_review::Subjects::default();
    let mut kept: Vec<cross_cmd::Item> = Vec::new();
    let out = output::Output::new();
    let session = std::sync::Arc::new(session);
    output::on_signals(&session, &out);
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let renderer = diagnostics::Renderer::new(color);
    let mut sum = summary::Summary::default();
    let progress = progress_bar(n, common.quiet);
    let mut write_failed = None;
    gongkai_pipeline::run_batch(inputs, &opts, jobs, |mut o: Outcome| {
        if let Ok(p) = &mut o.result {
            // Local deadlines of gongkai.toml (townships, street offices).
            gongkai_review::local::apply_local_deadlines(&mut p.report, &thresholds, &opts.config);
        }
        if opts.sandbox.is_closed() {
            // Interrupted (SIGINT/SIGTERM): what was done is written; the rest is not.
            return ControlFlow::Break(());
        }
        progress.inc(1);
        sum.add(&o);
        if across.is_some() && kept.len() >= ACROSS_MAX_REPORTS && !across_dropped {
            // Memory stays bounded: a batch this large is compared in the store, not here.
            across_dropped = true;
            kept = Vec::new();
        }
        let subject = match (&o.result, &resolver) {
            (Ok(p), Some(r)) => Some(subjects.of(&p.report, p.text.as_deref(), r)),
            _ => None,
        };
        let ids = match (&o.result, &subject) {
            (Ok(p), Some(s)) => gongkai_review::ids(s, &p.report.findings),
            _ => Vec::new(),
        };
        if across.is_some()
            && !across_dropped
            && let Ok(p) = &o.result
        {
            kept.push(cross_cmd::Item {
                path: o.source.path.clone(),
                report: p.report.clone(),
                text: p.text.clone().unwrap_or_default(),
                subject: subject.clone(),
            });
        }
        let text = match (&o.result, mode) {
            (Err(e), Mode::Json) => error_json(&o.source, e.kind(), &wording::describe(e)) + "\n",
            (Err(e), _) => {
                let mut line = format!(
                    "gongkai: {}: {}",
                    terminal::escape(&o.source.path),
                    terminal::escape(&wording::describe(e))
                );
                if !e.is_skip() {
                    line.push_str(&format!(" [{}]", e.kind()));
                }
                progress.suspend(|| eprintln!("{line}"));
                return ControlFlow::Continue(());
            }
            (Ok(p), Mode::Json) if !ids.is_empty() => {
                with_ids(&report_json(&p.report), &ids) + "\n"
            }
            (Ok(p), Mode::Json) => report_json(&p.report) + "\n",
            (Ok(p), Mode::Table) => {
                terminal::escape_text(&table_view::render(&p.report)).into_owned() + "\n"
            }
            (Ok(p), Mode::Diagnostics { verbose }) => {
                summary::diagnostics(&renderer, p, &ids, verbose)
            }
        };
        let written = if !progress.is_hidden() && !matches!(mode, Mode::Json) {
            // Terminal output and the bar share the screen: print above the bar.
            progress.suspend(|| out.write(text.as_bytes()))
        } else {
            out.write(text.as_bytes())
        };
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                write_failed = Some(e);
                ControlFlow::Break(())
            }
        }
    });
    if opts.sandbox.is_closed() {
        // Only a signal closes the sandbox during the batch: its handler exits the process.
        loop {
            std::thread::park();
        }
    }
    progress.finish_and_clear();
    if across_dropped {
        eprintln!(
            "gongkai: 报告超过 {ACROSS_MAX_REPORTS} 份，未做跨报告检查（X-*, C-*, R-*）；分批检查 (more than {ACROSS_MAX_REPORTS} reports: the checks across reports were not run, to keep memory bounded; check smaller batches)"
        );
    }
    if write_failed.is_none()
        && !across_dropped
        && let Some(a) = &across
    {
        match across_reports(
            &kept,
            a,
            &opts,
            thresholds.copy_share,
            mode,
            &renderer,
            &mut sum,
        ) {
            Ok(text) => {
                if let Err(e) = out.write(text.as_bytes()) {
                    write_failed = Some(e);
                }
            }
            Err(code) => {
                session.close();
                return code;
            }
        }
    }
    session.close();
    if let Some(e) = write_failed {
        // The reader went away (`| head`): stop quietly with what was decided so far.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return sum.exit_code();
        }
        eprintln!("gongkai: 无法写出结果 (cannot write the output): {e}");
        return ExitCode::from(2);
    }
    if let Err(e) = out.flush()
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("gongkai: 无法写出结果 (cannot write the output): {e}");
        return ExitCode::from(2);
    }
    if !common.quiet && (n > 1 || matches!(mode, Mode::Diagnostics { .. })) {
        eprint!("{}", terminal::escape_text(&sum.render()));
    }
    sum.exit_code()
}

/// The resolver that names a report's body for finding ids: the division table and the
/// mapping file of gongkai.toml (`[bodies] mapping`), as `review` uses.
fn id_resolver(common: &Common) -> Result<gongkai_bodies::Resolver<'static>, String> {
    let table = gongkai_bodies::Divisions::embedded()
        .map_err(|e| format!("内部错误 (internal error): {e}"))?;
    let mapping = match common.settings()?.bodies {
        None => gongkai_bodies::Mapping::new(),
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", p.display()))?;
            gongkai_bodies::Mapping::parse(&text).map_err(|e| format!("{}: {e}", p.display()))?
        }
    };
    gongkai_bodies::Resolver::with_mapping(table, mapping).map_err(|e| e.to_string())
}

/// A report's JSON with each finding's stable id (`findings[].id`, docs/output.md): the
/// findings are written in the report's order, as the ids are.
fn with_ids(json: &str, ids: &[gongkai_review::FindingId]) -> String {
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(json) else {
        return json.to_owned();
    };
    if let Some(fs) = v.get_mut("findings").and_then(|f| f.as_array_mut()) {
        for (f, id) in fs.iter_mut().zip(ids) {
            if let Some(o) = f.as_object_mut() {
                o.insert("id".into(), serde_json::Value::String(id.0.clone()));
            }
        }
    }
    v.to_string()
}

/// The findings across the reports of a batch (or against `--prev`), rendered.
fn across_reports(
    kept: &[cross_cmd::Item],
    across: &Across,
    opts: &Options,
    copy_share: f64,
    mode: Mode,
    renderer: &diagnostics::Renderer,
    sum: &mut summary::Summary,
) -> Result<String, ExitCode> {
    let prev = match &across.prev {
        None => None,
        Some(path) => {
            let inputs =
                gongkai_pipeline::expand(std::slice::from_ref(path), &opts.budget.list_limits());
            let mut got = None;
            gongkai_pipeline::run_batch(inputs, opts, 1, |o: Outcome| {
                got = Some(match o.result {
                    Ok(p) => Ok(cross_cmd::Item {
                        path: o.source.path,
                        report: p.report,
                        text: p.text.unwrap_or_default(),
                        subject: None,
                    }),
                    Err(e) => Err(format!(
                        "{}: {}",
                        terminal::escape(&o.source.path),
                        terminal::escape(&wording::describe(&e))
                    )),
                });
                ControlFlow::Break(())
            });
            match got {
                Some(Ok(item)) => Some(item),
                Some(Err(e)) => {
                    eprintln!("gongkai: --prev {e}");
                    return Err(ExitCode::from(2));
                }
                None => {
                    eprintln!(
                        "gongkai: --prev {}: 没有可读的报告 (no report read)",
                        terminal::escape(&path.to_string_lossy())
                    );
                    return Err(ExitCode::from(2));
                }
            }
        }
    };
    if prev.is_none() && kept.len() < 2 {
        return Ok(String::new());
    }
    // gongkai.toml's copy share applies to X-COPY and C-COPY; the other thresholds are the
    // cross crate's defaults.
    let cross_opts = gongkai_cross::Options {
        copy_share,
        ..gongkai_cross::Options::default()
    };
    let (found, notes) = cross_cmd::run(kept, prev.as_ref(), &cross_opts);
    for n in notes {
        eprintln!("gongkai: {}", terminal::escape(&n));
    }
    let mut text = String::new();
    let mut seen: std::collections::HashMap<gongkai_review::FindingId, usize> =
        std::collections::HashMap::new();
    for (mut cf, map) in found {
        let Some(f) = cross_cmd::level(&opts.config, cf.finding.clone()) else {
            continue;
        };
        cf.finding = f;
        sum.add_across(&cf.finding);
        // The finding's id, numbered as gongkai_review::ids numbers repeated keys.
        let subject = map
            .get(cf.doc)
            .and_then(|&i| kept.get(i))
            .and_then(|it| it.subject.as_ref());
        let id = subject.map(|s| {
            let base = gongkai_review::FindingId::new(s, cf.finding.rule, &cf.finding.cells, 1);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                gongkai_review::FindingId::new(s, cf.finding.rule, &cf.finding.cells, *n)
            }
        });
        let id = id.as_ref().map(|i| i.0.as_str());
        match mode {
            Mode::Json => text.push_str(&cross_cmd::json(kept, prev.as_ref(), &cf, &map, id)),
            Mode::Diagnostics { verbose } => text.push_str(&cross_cmd::human(
                renderer,
                kept,
                prev.as_ref(),
                &cf,
                &map,
                id,
                verbose,
            )),
            Mode::Table => {}
        }
    }
    Ok(text)
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
                    "since": r.since, "implemented": r.implemented(), "title": r.title,
                    "explanation": r.explanation, "example": r.example,
                })
            })
            .collect();
        println!("{}", serde_json::Value::Array(v));
        return ExitCode::SUCCESS;
    }
    for r in RULES {
        let status = if r.implemented() {
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
    if !r.implemented() {
        println!("本版本尚未实现：报告中显示为“不可评估”(not assessable)。");
    }
    ExitCode::SUCCESS
}

/// The rule catalogue as Markdown (docs/rules.md), generated by the check crate.
fn rules_markdown() -> String {
    gongkai_check::catalogue::markdown()
}
