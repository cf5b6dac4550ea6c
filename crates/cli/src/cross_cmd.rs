//! `gongkai check` across reports: the reports of a batch are kept, their bodies resolved,
//! and `gongkai-cross` pairs consecutive years and compares bodies (or, with `--prev`,
//! compares each report with the one given as last year's). Output only: the checks are the
//! cross crate's.

use crate::diagnostics::{Renderer, Source};
use crate::terminal;
use gongkai_bodies::{Context, Divisions, Identity, Resolver};
use gongkai_check::Config;
use gongkai_cross::{CrossFinding, Detail, Doc, Options};
use gongkai_report::{Finding, Report, Severity};

/// A report of the batch with its text.
pub struct Item {
    pub path: String,
    pub report: Report,
    pub text: String,
    /// What the report is about, for finding ids (`None` for `--prev`).
    pub subject: Option<gongkai_review::Subject>,
}

/// Characters of a report's text given to the resolver as context (as `gongkai bodies`).
const CONTEXT_CHARS: usize = 4000;

fn identify(resolver: &Resolver<'_>, item: &Item) -> Option<Identity> {
    let org = item.report.meta.org.as_ref()?;
    let mut ctx = Context::new().source(item.path.clone());
    if let Some(t) = &item.report.meta.title {
        ctx = ctx.title(t.value.clone());
    }
    ctx = ctx.text(item.text.chars().take(CONTEXT_CHARS).collect::<String>());
    resolver.resolve(&org.value, &ctx).identity().cloned()
}

/// Resolve the bodies of the items (none if the division table cannot be loaded).
pub fn identities(items: &[Item]) -> Vec<Option<Identity>> {
    match Divisions::embedded() {
        Ok(table) => {
            let resolver = Resolver::new(table);
            items.iter().map(|i| identify(&resolver, i)).collect()
        }
        Err(_) => items.iter().map(|_| None).collect(),
    }
}

/// The findings across reports for `items`: with `prev`, each item against it (as doc 0 of
/// the pair), otherwise the batch. Returns the findings with the items they point into, and
/// notes for pairs that could not be compared.
pub fn run(
    items: &[Item],
    prev: Option<&Item>,
    opts: &Options,
) -> (Vec<(CrossFinding, Vec<usize>)>, Vec<String>) {
    let ids = identities(items);
    let docs: Vec<Doc<'_>> = items
        .iter()
        .zip(&ids)
        .map(|(i, id)| {
            let d = Doc::new(&i.report, &i.text);
            match id {
                Some(id) => d.with_body(id),
                None => d,
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut notes = Vec::new();
    match prev {
        Some(p) => {
            let pid = identities(std::slice::from_ref(p)).pop().flatten();
            let mut pd = Doc::new(&p.report, &p.text);
            if let Some(id) = &pid {
                pd = pd.with_body(id);
            }
            for (i, d) in docs.iter().enumerate() {
                match gongkai_cross::check_pair(&pd, d, opts) {
                    // Doc 0 of a pair is `prev`, doc 1 the item: map to item numbers, with
                    // `usize::MAX` standing for `prev`.
                    Ok(found) => out.extend(found.into_iter().map(|f| (f, vec![usize::MAX, i]))),
                    Err(e) => notes.push(format!(
                        "{}: 未与 --prev 比较 (not compared): {e}",
                        items.get(i).map_or("", |x| x.path.as_str())
                    )),
                }
            }
        }
        None => {
            let all: Vec<usize> = (0..items.len()).collect();
            let r = gongkai_cross::check_batch(&docs, opts);
            out.extend(r.findings.into_iter().map(|f| (f, all.clone())));
        }
    }
    (out, notes)
}

fn item<'a>(
    items: &'a [Item],
    prev: Option<&'a Item>,
    map: &[usize],
    doc: usize,
) -> Option<&'a Item> {
    match map.get(doc).copied() {
        Some(usize::MAX) => prev,
        Some(i) => items.get(i),
        None => None,
    }
}

/// Apply the configured level of the finding's rule; `None` when allowed (silenced).
pub fn level(config: &Config, mut f: Finding) -> Option<Finding> {
    config.apply(vec![f.clone()]).pop().map(|g| {
        f.severity = g.severity;
        f
    })
}

/// One finding as diagnostics: this report's evidence, then each other report's.
pub fn human(
    r: &Renderer,
    items: &[Item],
    prev: Option<&Item>,
    cf: &CrossFinding,
    map: &[usize],
    id: Option<&str>,
    verbose: bool,
) -> String {
    if !cf.finding.assessable && !verbose {
        return String::new();
    }
    let Some(this) = item(items, prev, map, cf.doc) else {
        return String::new();
    };
    let text = terminal::same_length(&this.text);
    let name = terminal::escape(&this.path);
    let mut out = r.render_id(&cf.finding, id, &Source::new(&name, &text));
    for side in &cf.others {
        let Some(other) = item(items, prev, map, side.doc) else {
            continue;
        };
        let otext = terminal::same_length(&other.text);
        let oname = terminal::escape(&other.path);
        let mut f = Finding::new(
            cf.finding.rule,
            Severity::Info,
            format!("对照 (compared with) {oname}"),
        );
        f.cells = side.cells.clone();
        f.evidence = side.evidence.clone();
        out.push_str(&r.render(&f, &Source::new(&oname, &otext)));
    }
    if let Detail::Outlier(d) = &cf.detail {
        out.push_str(&format!(
            "  分布 (distribution) {}: n={} min={} q1={} median={} q3={} max={} fence={:.1}\n",
            d.group, d.n, d.min, d.q1, d.median, d.q3, d.max, d.fence
        ));
    }
    if let Detail::Summary { missing, .. } = &cf.detail
        && !missing.is_empty()
    {
        out.push_str(&format!("  缺少 (missing): {}\n", missing.join("、")));
    }
    out
}

fn evidence_json(e: &gongkai_report::Evidence) -> serde_json::Value {
    serde_json::json!({"span": [e.span.start, e.span.end], "line": e.line, "label": e.label})
}

/// One finding as a JSON line.
pub fn json(
    items: &[Item],
    prev: Option<&Item>,
    cf: &CrossFinding,
    map: &[usize],
    id: Option<&str>,
) -> String {
    let path = |doc: usize| item(items, prev, map, doc).map(|i| i.path.clone());
    let detail = match &cf.detail {
        Detail::None => serde_json::Value::Null,
        Detail::Copy { share, passages } => serde_json::json!({
            "share": share,
            "passages": passages.iter().map(|p| serde_json::json!({
                "this": [p.this.start, p.this.end],
                "other": path(p.other_doc),
                "other_span": [p.other.start, p.other.end],
                "chars": p.chars,
            })).collect::<Vec<_>>(),
        }),
        Detail::SameTables { cells } => serde_json::json!({ "same_cells": cells }),
        Detail::Outlier(d) => serde_json::json!({
            "group": d.group, "n": d.n, "min": d.min, "q1": d.q1, "median": d.median,
            "q3": d.q3, "max": d.max, "fence": d.fence,
        }),
        Detail::Summary {
            diffs,
            parts,
            missing,
        } => serde_json::json!({
            "diffs": diffs.iter().map(|d| serde_json::json!({
                "cell": d.cell, "summary": d.summary, "parts": d.parts,
            })).collect::<Vec<_>>(),
            "parts": parts.iter().map(|&p| path(p)).collect::<Vec<_>>(),
            "missing": missing,
        }),
    };
    let f = &cf.finding;
    serde_json::json!({
        "across": true,
        "id": id,
        "path": path(cf.doc),
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "assessable": f.assessable,
        "message": f.message,
        "cells": f.cells,
        "evidence": f.evidence.iter().map(evidence_json).collect::<Vec<_>>(),
        "others": cf.others.iter().map(|s| serde_json::json!({
            "path": path(s.doc),
            "cells": s.cells,
            "evidence": s.evidence.iter().map(evidence_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "detail": detail,
    })
    .to_string()
        + "\n"
}
