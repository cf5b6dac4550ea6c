//! `gongkai ingest`: read files as `check` does and keep them in the store.
//!
//! Files are read in parallel, in chunks; a writer thread stores each chunk in one
//! transaction while the next is read. A killed ingest leaves whole chunks; the next run finds
//! their hashes and adds the rest. Files that fail are recorded and retried by the next run.

use super::{DbArg, fail, pipeline, resolver};
use crate::{input, run};
use gongkai_bodies::{Context, Resolver};
use gongkai_check::Config;
use gongkai_decode::Limits;
use gongkai_store::{
    AddOptions, Added, BatchInfo, BodyRecord, Failed, Item, Parsed, Prepared, Store,
};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files, folders (read recursively), glob patterns, zip archives, or - for standard input.
    #[arg(required = true)]
    inputs: Vec<String>,
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

/// Files read and stored per transaction.
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

fn to_item(o: run::Outcome, resolver: &Resolver<'_>, cache: &BodyCache) -> Item {
    let path = o.source.path.clone();
    match o.result {
        Err(e) => Item {
            path,
            result: Err(Failed {
                sha256: Some(o.source.sha256).filter(|s| !s.is_empty()),
                kind: e.kind.as_str().to_owned(),
                message: e.message,
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
    }
}

/// The inputs of the command line, then the earlier failures not among them that can be
/// found again (files; archives for their entries).
fn inputs(args: &IngestArgs, store: &mut Store) -> Result<(Vec<input::Input>, usize), String> {
    let mut list = input::expand(&args.inputs);
    if args.no_retry {
        return Ok((list, 0));
    }
    let names: HashSet<String> = list.iter().map(input::Input::name).collect();
    let mut again: Vec<String> = Vec::new();
    for f in store.failures().map_err(|e| e.to_string())? {
        if names.contains(&f.path) {
            continue;
        }
        let file = f.path.split_once("!/").map_or(f.path.as_str(), |(a, _)| a);
        if std::path::Path::new(file).is_file() && !again.iter().any(|a| a == file) {
            again.push(file.to_owned());
        }
    }
    let retried: Vec<input::Input> = input::expand(&again)
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
    if let Some(j) = args.jobs {
        // Fails only if a global pool already exists, which is not the case here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j.max(1))
            .build_global();
    }
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
    let opts = run::Options {
        limits: Limits {
            max_bytes: args.max_size.saturating_mul(1024 * 1024),
        },
        config: Config::default(),
        keep_text: true,
    };
    let add = AddOptions {
        keep_current: args.keep_current,
    };
    let progress = crate::progress_bar(inputs.len(), args.quiet);
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
        for chunk in inputs.chunks(CHUNK) {
            // Reading, body resolution and encoding run on the workers; the writer only writes.
            let items: Vec<Prepared> = chunk
                .par_iter()
                .map(|i| {
                    let item =
                        encoder.prepare(to_item(pipeline::read(i, &opts), &resolver, &cache));
                    progress.inc(1);
                    item
                })
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
    let t = match result {
        Ok(t) => t,
        Err(e) => return fail(format!("导入中止 (ingest stopped): {e}")),
    };
    if !args.quiet {
        eprint!("{}", summary(&t, inputs.len(), retried));
    }
    if t.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn summary(t: &Tally, files: usize, retried: usize) -> String {
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
    for (path, kind, msg) in t.failed.iter().take(20) {
        let _ = writeln!(o, "无法读取：{path} [{kind}] {msg}");
    }
    if t.failed.len() > 20 {
        let _ = writeln!(o, "……另有 {} 个", t.failed.len() - 20);
    }
    o
}
