//! `gongkai bodies`: the issuing bodies of the reports given, grouped into identities, each
//! with the names it was found under and how each name was derived.

use gongkai_bodies::{Context, Divisions, Mapping, Outcome, Registry, Resolver};
use gongkai_pipeline::{Budget, Options};
use std::ffi::OsString;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct BodiesArgs {
    /// Files, folders (read recursively), glob patterns, or - for standard input.
    #[arg(required = true)]
    inputs: Vec<OsString>,
    /// A bodies.toml mapping file (aliases, regions, kinds, renames).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// One JSON document instead of the readable list.
    #[arg(long)]
    json: bool,
    /// Largest file accepted, in MiB.
    #[arg(long, default_value_t = 64)]
    max_size: usize,
}

/// Characters of a report's text given as context (place names early in the text are the
/// ones about the body itself).
const CONTEXT_CHARS: usize = 4000;

pub fn run(args: &BodiesArgs) -> ExitCode {
    let table = match Divisions::embedded() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("gongkai: 内部错误 (internal error): {e}");
            return ExitCode::from(2);
        }
    };
    let mapping = match &args.mapping {
        None => Mapping::new(),
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("gongkai: {}: 无法读取 (cannot read): {e}", path.display());
                    return ExitCode::from(2);
                }
            };
            match Mapping::parse(&text) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("gongkai: {}: {e}", path.display());
                    return ExitCode::from(2);
                }
            }
        }
    };
    let mapping_path = args.mapping.as_ref().map(|p| p.display().to_string());
    let resolver = match Resolver::with_mapping(table, mapping) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gongkai: {}: {e}", mapping_path.unwrap_or_default());
            return ExitCode::from(2);
        }
    };
    let mut budget = Budget::default();
    budget.decode.max_bytes = args.max_size.saturating_mul(1024 * 1024);
    let opts = Options {
        budget,
        keep_text: true,
        ..Options::default()
    };
    let inputs = gongkai_pipeline::expand(&args.inputs, &budget.list_limits());
    let jobs = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let mut registry = Registry::with_mapped_bodies(&resolver);
    let mut unnamed: Vec<String> = Vec::new();
    gongkai_pipeline::run_batch(inputs, &opts, jobs, |o| {
        let path = o.source.path.clone();
        let named = o.result.ok().and_then(|p| {
            let org = p.report.meta.org.as_ref()?.value.clone();
            let mut ctx = Context::new().source(path.clone());
            if let Some(t) = &p.report.meta.title {
                ctx = ctx.title(t.value.clone());
            }
            if let Some(text) = &p.text {
                ctx = ctx.text(text.chars().take(CONTEXT_CHARS).collect::<String>());
            }
            Some((org, ctx))
        });
        match named {
            Some((org, ctx)) => {
                registry.add(&org, &ctx);
            }
            None => unnamed.push(path),
        }
        ControlFlow::Continue(())
    });
    if args.json {
        println!("{}", json(&registry, &unnamed));
    } else {
        print!("{}", human(&registry, &unnamed));
    }
    ExitCode::SUCCESS
}

fn human(reg: &Registry<'_, '_>, unnamed: &[String]) -> String {
    use std::fmt::Write as _;
    let mut o = String::new();
    let n_amb = reg.ambiguous().count();
    let n_unres = reg.unresolved().count();
    let _ = writeln!(
        o,
        "{} 个机关 (bodies); {} 个名称有歧义 (ambiguous); {} 个无法识别 (unresolved); {} 份未读出机关名称 (no body name)\n",
        reg.entries().count(),
        n_amb,
        n_unres,
        unnamed.len()
    );
    for e in reg.entries() {
        let id = &e.identity;
        let _ = writeln!(o, "{}  {}  {}", id.key, id.kind.as_str(), id.name);
        if let Some(r) = &id.region {
            let _ = writeln!(o, "    {}  ({})", r.path_text(), r.code);
        }
        if let Some(line) = e.mapped_line {
            let _ = writeln!(o, "    bodies.toml line {line}");
        }
        for (name, u) in &e.names {
            let steps: Vec<String> = u.steps.iter().map(ToString::to_string).collect();
            let _ = writeln!(o, "    {name} ×{}: {}", u.count, steps.join("; "));
        }
        o.push('\n');
    }
    if n_amb > 0 {
        let _ = writeln!(o, "有歧义，未猜测 (ambiguous, not guessed):");
        for (name, u) in reg.ambiguous() {
            if let Outcome::Ambiguous(ids) = &u.resolution.outcome {
                let c: Vec<String> = ids
                    .iter()
                    .map(|i| format!("{} {}", i.key, i.name))
                    .collect();
                let _ = writeln!(o, "    {name} ×{}: {}", u.count, c.join(" | "));
            }
        }
        o.push('\n');
    }
    if n_unres > 0 {
        let _ = writeln!(o, "无法识别 (unresolved):");
        for (name, u) in reg.unresolved() {
            if let Outcome::Unresolved(why) = &u.resolution.outcome {
                let _ = writeln!(o, "    {name} ×{}: {why}", u.count);
            }
        }
        o.push('\n');
    }
    if !unnamed.is_empty() {
        let _ = writeln!(o, "未读出机关名称或无法读取 (no body name, or unreadable):");
        for p in unnamed {
            let _ = writeln!(o, "    {p}");
        }
    }
    o
}

fn json(reg: &Registry<'_, '_>, unnamed: &[String]) -> serde_json::Value {
    use serde_json::json;
    let identity = |id: &gongkai_bodies::Identity| {
        json!({
            "key": id.key,
            "kind": id.kind.as_str(),
            "name": id.name,
            "region_code": id.region.as_ref().map(|r| r.code.clone()),
            "path": id.region.as_ref().map(|r| r.path.iter().map(|p| json!({"code": p.code, "name": p.name})).collect::<Vec<_>>()),
            "department": id.department,
        })
    };
    let bodies: Vec<serde_json::Value> = reg
        .entries()
        .map(|e| {
            let mut v = identity(&e.identity);
            v["mapped_line"] = json!(e.mapped_line);
            v["names"] = e
                .names
                .iter()
                .map(|(n, u)| {
                    json!({
                        "name": n,
                        "count": u.count,
                        "derivation": u.steps.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    })
                })
                .collect();
            v
        })
        .collect();
    let ambiguous: Vec<serde_json::Value> = reg
        .ambiguous()
        .map(|(n, u)| {
            let cands: Vec<serde_json::Value> = match &u.resolution.outcome {
                Outcome::Ambiguous(ids) => ids.iter().map(identity).collect(),
                _ => Vec::new(),
            };
            json!({"name": n, "count": u.count, "candidates": cands, "derivation": u.resolution.derivation()})
        })
        .collect();
    let unresolved: Vec<serde_json::Value> = reg
        .unresolved()
        .map(|(n, u)| {
            let why = match &u.resolution.outcome {
                Outcome::Unresolved(w) => w.to_string(),
                _ => String::new(),
            };
            json!({"name": n, "count": u.count, "reason": why})
        })
        .collect();
    json!({
        "bodies": bodies,
        "ambiguous": ambiguous,
        "unresolved": unresolved,
        "unnamed": unnamed,
    })
}
