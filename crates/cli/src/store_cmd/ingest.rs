//! `gongkai ingest`: read files as `check` does and keep them in the store.
//!
//! Files are read in parallel, in chunks; a writer thread stores each chunk in one
//! transaction while the next is read. A killed ingest leaves whole chunks; the next run finds
//! their hashes and adds the rest. Files that fail are recorded and retried by the next run.

use super::{DbArg, fail, resolver};
use crate::{BudgetArgs, output, wording};
use gongkai_bodies::{Context, Resolver};
use gongkai_check::Config;
use gongkai_pipeline::{Input, Options, Outcome, Session};
use gongkai_store::{
    AddOptions, Added, BatchInfo, BodyRecord, Failed, Item, Parsed, Prepared, Store,
};
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, folders (read recursively), glob patterns, zip archives, or - for standard input.
    #[arg(required = true)]
    inputs: Vec<OsString>,
    #[command(flatten)]
    db: DbArg,
    /// A new file for a body's year is kept as a version, but does not become current.
    #[arg(long)]
    keep_current: bool,
    /// A bodies.toml mapping file (aliases, regions, kinds, renames).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Do not retry the files that failed in earlier runs.
    #[arg(long)]
    no_retry: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// No progress bar and no closing summary.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    budget: BudgetArgs,
}

/// Files read and stored per transaction: the first chunk is small, so that the first reports
/// are committed (and safe from a kill) within seconds, and each next one doubles up to the
/// largest, which keeps the cost of a transaction small against the files it stores.
const FIRST_CHUNK: usize = 16;
const CHUNK: usize = 256;

/// Characters of a report's text given to the body resolver as context (as `gongkai bodies`).
const CONTEXT_CHARS: usize = 4000;

/// The rule catalogue that checks (see `gongkai_check::catalogue_fingerprint`).
pub fn catalogue() -> String {
    gongkai_check::catalogue_fingerprint()
}

#[derive(Default)]
struct Tally {
    new: usize,
    unchanged: usize,
    versions: usize,
    kept: usize,
    restored: usize,
    failed: Vec<(String, String, String)>,
}

/// Bodies already resolved, by (name, kind read), for names whose resolution did not depend
/// on the document: a store's reports repeat their bodies' names year after year, and
/// resolving a name costs more than storing its report.
type BodyCache = Mutex<HashMap<(String, Option<&'static str>), BodyRecord>>;

fn body(
    org: &str,
    report: &gongkai_report::Report,
    path: &str,
    text: &str,
    resolver: &Resolver<'_>,
    cache: &BodyCache,
) -> BodyRecord {
    let kind = report.meta.body_kind;
    let key = (org.to_owned(), kind.map(|k| k.as_str()));
    if let Some(b) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return b;
    }
    let mut ctx = Context::new().source(path.to_owned());
    if let Some(t) = &report.meta.title {
        ctx = ctx.title(t.value.clone());
    }
    ctx = ctx.text(text.chars().take(CONTEXT_CHARS).collect::<String>());
    let res = resolver.resolve(org, &ctx);
    let record = BodyRecord::from_resolution(&res, kind);
    if !res.used_context()
        && let Ok(mut c) = cache.lock()
    {
        c.insert(key, record.clone());
    }
    record
}

/// The item to store for an outcome; `None` for an entry skipped on purpose (a hidden file,
/// a link out of the folder), which is neither a report nor a failure.
fn to_item(o: Outcome, resolver: &Resolver<'_>, cache: &BodyCache) -> Option<Item> {
    let path = o.source.path.clone();
    Some(match o.result {
        Err(e) if e.is_skip() => return None,
        Err(e) => Item {
            path,
            result: Err(Failed {
                sha256: Some(o.source.sha256).filter(|s| !s.is_empty()),
                kind: e.kind().to_owned(),
                message: wording::describe(&e),
            }),
        },
        Ok(p) => {
            let text = p.text.unwrap_or_default();
            let r = p.report;
            let body = r
                .meta
                .org
                .as_ref()
                .map(|org| body(&org.value, &r, &path, &text, resolver, cache));
            Item {
                path,
                result: Ok(Parsed {
                    report: r,
                    text,
                    body,
                }),
            }
        }
    })
}

/// The inputs of the command line, then the earlier failures not among them that can be
/// found again (files; archives for their entries).
fn inputs(args: &IngestArgs, store: &mut Store) -> Result<(Vec<Input>, usize), String> {
    let limits = args.budget.budget().list_limits();
    let mut list = gongkai_pipeline::expand(&args.inputs, &limits);
    if args.no_retry {
        return Ok((list, 0));
    }
    let names: HashSet<String> = list.iter().map(Input::name).collect();
    let mut again: Vec<OsString> = Vec::new();
    for f in store.failures().map_err(|e| e.to_string())? {
        if names.contains(&f.path) {
            continue;
        }
        let file = f.path.split_once("!/").map_or(f.path.as_str(), |(a, _)| a);
        if std::path::Path::new(file).is_file() && !again.iter().any(|a| a == file) {
            again.push(file.into());
        }
    }
    let retried: Vec<Input> = gongkai_pipeline::expand(&again, &limits)
        .into_iter()
        .filter(|i| !names.contains(&i.name()))
        .collect();
    let n = retried.len();
    list.extend(retried);
    Ok((list, n))
}

pub fn ingest(args: &IngestArgs) -> ExitCode {
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let resolver = match resolver(args.mapping.as_ref()) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs = args
        .jobs
        .map_or(cores, |j| j.clamp(1, cores * crate::JOBS_PER_CORE));
    match store.unfinished_batches() {
        Ok(b) if !b.is_empty() && !args.quiet => {
            eprintln!(
                "gongkai: 上次导入未完成（{}），本次补全 (an earlier ingest was interrupted; completing it)",
                b.iter()
                    .map(|(id, at)| format!("batch {id} at {at}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        Ok(_) => {}
        Err(e) => return fail(e),
    }
    let (inputs, retried) = match inputs(args, &mut store) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    let info = BatchInfo {
        started_at: jiff::Timestamp::now().to_string(),
        tool: format!("gongkai {}", env!("CARGO_PKG_VERSION")),
        catalogue: catalogue(),
    };
    let batch = match store.begin_batch(&info) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let session = match Session::new(&std::env::temp_dir()) {
        Ok(s) => std::sync::Arc::new(s),
        Err(e) => {
            return fail(format!(
                "无法创建临时文件夹 (cannot create a temporary folder): {e}"
            ));
        }
    };
    // SIGINT/SIGTERM stop the tools and leave; the chunks written so far stay, whole.
    output::on_signals(&session, &output::Output::new());
    let opts = Options {
        budget: args.budget.budget(),
        tools: crate::tools(),
        sandbox: session.sandbox(),
        config: Config::default(),
        keep_text: true,
    };
    let n_inputs = inputs.len();
    let skipped = AtomicUsize::new(0);
    let add = AddOptions {
        keep_current: args.keep_current,
    };
    let progress = crate::progress_bar(n_inputs, args.quiet);
    let encoder = store.encoder();
    let cache = BodyCache::default();
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Prepared>>(1);
    let result = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<Tally, String> {
            let mut t = Tally::default();
            for items in rx {
                let added = store
                    .add_prepared(batch, &items, add)
                    .map_err(|e| e.to_string())?;
                for (a, item) in added.iter().zip(&items) {
                    match (a, item.failure()) {
                        (Added::New { .. }, _) => t.new += 1,
                        (Added::NewVersion { current: true, .. }, _) => t.versions += 1,
                        (Added::NewVersion { .. }, _) => t.kept += 1,
                        (Added::Unchanged, _) => t.unchanged += 1,
                        (Added::Restored { .. }, _) => t.restored += 1,
                        (Added::Failed, Some(f)) => {
                            t.failed.push((
                                item.path().to_owned(),
                                f.kind.clone(),
                                f.message.clone(),
                            ));
                        }
                        (Added::Failed, None) => {}
                    }
                }
            }
            store
                .finish_batch(batch, &jiff::Timestamp::now().to_string())
                .map_err(|e| e.to_string())?;
            Ok(t)
        });
        let mut rest = inputs.into_iter();
        let mut size = FIRST_CHUNK;
        loop {
            let chunk: Vec<Input> = rest.by_ref().take(size).collect();
            size = (size * 2).min(CHUNK);
            if chunk.is_empty() {
                break;
            }
            // Reading (the pipeline of `check`), body resolution and encoding run on the
            // workers; the writer only writes.
            let items: Vec<Prepared> = par_map(chunk, jobs, |i| {
                let item = to_item(gongkai_pipeline::process(i, &opts), &resolver, &cache);
                progress.inc(1);
                if item.is_none() {
                    skipped.fetch_add(1, Ordering::Relaxed);
                }
                item.map(|it| encoder.prepare(it))
            })
            .into_iter()
            .flatten()
            .collect();
            if tx.send(items).is_err() {
                // The writer stopped on an error: it is reported below.
                break;
            }
        }
        drop(tx);
        writer
            .join()
            .unwrap_or_else(|_| Err("内部错误 (internal error in the writer)".into()))
    });
    progress.finish_and_clear();
    session.close();
    let t = match result {
        Ok(t) => t,
        Err(e) => return fail(format!("导入中止 (ingest stopped): {e}")),
    };
    if !args.quiet {
        eprint!(
            "{}",
            summary(&t, n_inputs, skipped.load(Ordering::Relaxed), retried)
        );
    }
    if t.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// `f` over `items` on `jobs` scoped threads, results in input order. (The pipeline's
/// `run_batch` hands outcomes over on one thread; here body resolution and encoding, a third
/// of ingest's CPU, run on the workers too. Scoped threads need no thread-pool crate.)
fn par_map<T: Send, R: Send>(items: Vec<T>, jobs: usize, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    let slots: Vec<Mutex<(Option<T>, Option<R>)>> = items
        .into_iter()
        .map(|i| Mutex::new((Some(i), None)))
        .collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, n.max(1)) {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(slot) = slots.get(k) else { return };
                    let item = slot.lock().unwrap_or_else(PoisonError::into_inner).0.take();
                    if let Some(item) = item {
                        let r = f(item);
                        slot.lock().unwrap_or_else(PoisonError::into_inner).1 = Some(r);
                    }
                }
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner).1)
        .collect()
}

fn summary(t: &Tally, files: usize, skipped: usize, retried: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{files} 个文件：{} 份新报告，{} 份未变，{} 份新版本{}，{} 个无法读取{}",
        t.new,
        t.unchanged,
        t.versions + t.kept,
        if t.kept > 0 {
            format!("（{} 份保留原当前版本）", t.kept)
        } else {
            String::new()
        },
        t.failed.len(),
        if retried > 0 {
            format!("（含重试上次失败的 {retried} 个）")
        } else {
            String::new()
        }
    );
    let _ = writeln!(
        o,
        "{files} files: {} new, {} unchanged, {} new versions{}, {} failed",
        t.new,
        t.unchanged,
        t.versions + t.kept,
        if t.kept > 0 {
            format!(" ({} kept not current)", t.kept)
        } else {
            String::new()
        },
        t.failed.len()
    );
    if t.restored > 0 {
        let _ = writeln!(
            o,
            "{n} 份由平面表导入的报告已换为原文件读取的结果 ({n} reports imported from a flat table replaced by their files)",
            n = t.restored
        );
    }
    if skipped > 0 {
        let _ = writeln!(
            o,
            "跳过 {skipped} 个（隐藏文件、指向文件夹外的链接等） ({skipped} skipped: hidden files, links out of the folder)"
        );
    }
    for (path, kind, msg) in t.failed.iter().take(20) {
        let _ = writeln!(
            o,
            "无法读取：{} [{kind}] {}",
            crate::terminal::escape(path),
            crate::terminal::escape(msg)
        );
    }
    if t.failed.len() > 20 {
        let _ = writeln!(o, "……另有 {} 个", t.failed.len() - 20);
    }
    o
}
