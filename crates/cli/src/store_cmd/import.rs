//! `gongkai import FLAT.csv`: the flat table of `gongkai export` back into a store.
//!
//! The whole file is read and checked before anything is written (a bad row names its line
//! and nothing is imported); then reports are stored in transactions of [`CHUNK`], like
//! ingest, so a killed import is completed by running it again (sources are found by hash).
//! Rebuilt reports have no source text: their findings are the rules on the table values,
//! every other rule says "not assessable" (see `gongkai_check::check_values_only`).

use super::{DbArg, fail, resolver};
use crate::store_cmd::ingest::catalogue;
use gongkai_bodies::Context;
use gongkai_store::flat::{Rebuilt, rebuild};
use gongkai_store::{AddOptions, Added, BatchInfo, BodyRecord, Item, Parsed};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// A flat table written by `gongkai export --format csv` (UTF-8, with or without BOM).
    file: PathBuf,
    #[command(flatten)]
    db: DbArg,
    /// A new report for a body's year is kept as a version, but does not become current.
    #[arg(long)]
    keep_current: bool,
    /// A bodies.toml mapping file (aliases, regions, kinds, renames).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// No closing summary.
    #[arg(long, short)]
    quiet: bool,
}

/// Reports per transaction.
const CHUNK: usize = 256;

/// Why the rules that read the document are not assessable on a rebuilt report.
const NO_SOURCE: &str =
    "由平面表导入，没有原文，无法检查 (imported from a flat table: no source text)";

pub fn import(args: &ImportArgs) -> ExitCode {
    let shown = args.file.display().to_string();
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => return fail(format!("{shown}: 无法读取 (cannot read): {e}")),
    };
    let rebuilt = match gongkai_store::export::read_csv_numbered(&bytes[..])
        .and_then(|rows| rebuild(&rows, &shown))
    {
        Ok(r) => r,
        Err(e) => return fail(format!("{shown}: 未导入任何报告 (nothing imported): {e}")),
    };
    let resolver = match resolver(args.mapping.as_ref()) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let info = BatchInfo {
        started_at: jiff::Timestamp::now().to_string(),
        tool: format!("gongkai {} (import)", env!("CARGO_PKG_VERSION")),
        catalogue: catalogue(),
    };
    let batch = match store.begin_batch(&info) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let opts = AddOptions {
        keep_current: args.keep_current,
    };
    let (mut new, mut versions, mut unchanged) = (0, 0, 0);
    let n = rebuilt.len();
    let mut items = rebuilt.into_iter().map(|rb| item(rb, &shown, &resolver));
    loop {
        let chunk: Vec<Item> = items.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        match store.add(batch, &chunk, opts) {
            Ok(added) => {
                for a in added {
                    match a {
                        Added::New { .. } => new += 1,
                        Added::NewVersion { .. } => versions += 1,
                        Added::Unchanged | Added::Restored { .. } | Added::Failed => {
                            unchanged += 1;
                        }
                    }
                }
            }
            Err(e) => return fail(format!("{shown}: 导入中止 (import stopped): {e}")),
        }
    }
    if let Err(e) = store.finish_batch(batch, &jiff::Timestamp::now().to_string()) {
        return fail(e);
    }
    if !args.quiet {
        eprintln!(
            "{shown}：{n} 份报告：{new} 份新报告，{versions} 份新版本，{unchanged} 份已有\n\
             {shown}: {n} reports: {new} new, {versions} new versions, {unchanged} already stored"
        );
    }
    ExitCode::SUCCESS
}

/// The item to store for a rebuilt report: its findings (rules on the values) and its body,
/// resolved from the name with the region the table gave as context.
fn item(rb: Rebuilt, path: &str, resolver: &gongkai_bodies::Resolver<'_>) -> Item {
    let Rebuilt {
        mut report,
        region_code,
        line,
    } = rb;
    report.findings = gongkai_check::check_values_only(&report, NO_SOURCE);
    let body = report.meta.org.as_ref().map(|org| {
        let mut ctx = Context::new().source(path.to_owned());
        if let Some(d) = region_code
            .as_deref()
            .and_then(|c| resolver.divisions().by_code(c))
        {
            ctx = ctx.text(d.full_name());
        }
        BodyRecord::from_resolution(&resolver.resolve(&org.value, &ctx), report.meta.body_kind)
    });
    Item {
        path: format!("{path}:{line}"),
        result: Ok(Parsed {
            report,
            text: String::new(),
            body,
        }),
    }
}
