//! `gongkai list`, `show`, `compare`, `stats`: questions to the store.

use super::grid::{Grid, OutFormat, V};
use super::{DbArg, OutArgs, SelectArgs, fail, resolver};
use gongkai_format::CellRef;
use gongkai_report::{Finding, Num, report_json};
use gongkai_store::rates::{self, cell_label};
use gongkai_store::{BodyRecord, BodySummary, RankBy, Store, StoredReport};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    select: SelectArgs,
    /// Bodies without a report for --year that published in an earlier year (or are in the
    /// mapping file).
    #[arg(long, requires = "year")]
    missing: bool,
    /// With --missing: the bodies of this bodies.toml count as expected too.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Every version, not only the current ones.
    #[arg(long)]
    all_versions: bool,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// A body: its name or part of one, or its key.
    body: String,
    /// Report year.
    year: i32,
    #[command(flatten)]
    db: DbArg,
    /// Also findings that could not be evaluated ("not assessable").
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(clap::Args)]
pub struct CompareArgs {
    /// A body: its name or part of one, or its key.
    body: String,
    /// The earlier year.
    year1: i32,
    /// The later year.
    year2: i32,
    #[command(flatten)]
    db: DbArg,
    /// Only the cells that changed.
    #[arg(long)]
    changed: bool,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    select: SelectArgs,
    /// Rank the reports by a rate (disclosure_rate, refusal_rate, review_correction_rate,
    /// litigation_correction_rate) or a cell (table3.total.total).
    #[arg(long, value_name = "RATE|CELL")]
    rank: Option<String>,
    /// Rows of a ranking (0: all).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    #[command(flatten)]
    out: OutArgs,
}

fn kind_zh(k: Option<&str>) -> String {
    k.and_then(super::parse_kind)
        .map_or_else(|| k.unwrap_or("").to_owned(), |k| k.name_zh().to_owned())
}

pub fn list(args: &ListArgs) -> ExitCode {
    let mut sel = match args.select.selection() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    sel.all_versions = args.all_versions;
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let grids = if args.missing {
        let mapped: Vec<BodyRecord> = match args.mapping.as_ref() {
            None => Vec::new(),
            Some(p) => match resolver(Some(p)) {
                Ok(r) => r
                    .mapped_identities()
                    .map(|(id, line)| {
                        BodyRecord::from_identity(id, format!("bodies.toml line {line}"))
                    })
                    .collect(),
                Err(e) => return fail(e),
            },
        };
        let missing = match store.missing(&sel, &mapped) {
            Ok(m) => m,
            Err(e) => return fail(e),
        };
        let year = sel.year.unwrap_or(0);
        let mut g = Grid::new(
            format!("{year} 年度未发布的机关 (bodies without a report for {year})"),
            &[
                "机关 body",
                "类型 kind",
                "区划 region",
                "代码 code",
                "最近年度 last year",
                "识别 identity",
            ],
        );
        g.notes.push(format!("{} 个机关 (bodies)", missing.len()));
        for m in &missing {
            g.push(vec![
                V::text(&m.record.name),
                V::text(kind_zh(m.record.kind.map(|k| k.as_str()))),
                V::opt(m.record.region_path.clone()),
                V::opt(m.record.region_code.clone()),
                m.last_year.map_or(V::Empty, |y| V::int(i64::from(y))),
                V::text(m.record.status.as_str()),
            ]);
        }
        vec![g]
    } else {
        let rows = match store.list(&sel) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
        let mut g = Grid::new(
            "报告 (reports)",
            &[
                "机关 body",
                "类型 kind",
                "区划 region",
                "年度 year",
                "版式 edition",
                "版本 version",
                "错误 errors",
                "警告 warnings",
                "来源 source",
            ],
        );
        g.notes.push(format!("{} 份报告 (reports)", rows.len()));
        for r in &rows {
            let version = if r.current {
                r.version.to_string()
            } else {
                format!("{}（旧）", r.version)
            };
            g.push(vec![
                V::opt(r.body_name.clone()),
                V::text(kind_zh(r.kind.as_deref())),
                V::opt(r.region_path.clone().or(r.region_code.clone())),
                r.year.map_or(V::Empty, |y| V::int(i64::from(y))),
                V::opt(r.edition.clone()),
                V::text(version),
                V::int(r.errors),
                V::int(r.warnings),
                V::text(&r.path),
            ]);
        }
        vec![g]
    };
    match args.out.output().emit(&grids) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// The one body `q` names, or a message listing the candidates.
pub(super) fn one_body(store: &mut Store, q: &str) -> Result<BodySummary, String> {
    let found = store.find_bodies(q).map_err(|e| e.to_string())?;
    match found.len() {
        0 => Err(format!(
            "没有机关名称包含 (no body matches) “{q}”；gongkai list 列出全部"
        )),
        1 => Ok(found.into_iter().next().ok_or("")?),
        n => {
            let mut msg = format!(
                "“{q}” 有 {n} 个候选机关，请写得更具体，或用机关代码 (ambiguous; name one of these by more of its name or its key):\n"
            );
            for b in found.iter().take(30) {
                let years: Vec<String> = b.years.iter().map(ToString::to_string).collect();
                msg.push_str(&format!(
                    "  {}  {}  {}  [{}]\n",
                    b.record.key,
                    b.record.name,
                    b.record.region_path.as_deref().unwrap_or(""),
                    years.join(" ")
                ));
            }
            if n > 30 {
                msg.push_str(&format!("  ……另有 {} 个\n", n - 30));
            }
            Err(msg.trim_end().to_owned())
        }
    }
}

fn load(store: &mut Store, body: &BodySummary, year: i32) -> Result<StoredReport, String> {
    match store.report_of(body.id, year).map_err(|e| e.to_string())? {
        Some(r) => Ok(r),
        None => {
            let years: Vec<String> = body.years.iter().map(ToString::to_string).collect();
            Err(format!(
                "{} 没有 {year} 年度的报告 (no report for {year}); 已有年度 (years stored): {}",
                body.record.name,
                if years.is_empty() {
                    "—".into()
                } else {
                    years.join(", ")
                }
            ))
        }
    }
}

/// The stored report with its findings as model findings (for the shared renderers); a
/// rule no longer in the catalogue is left out of them.
/// The current report of a body and year in the store, as `parse --json` prints it, and the
/// body's name as the report prints it (else the store's), for `gongkai write --from-store`.
pub(crate) fn report_json_of(
    db: &DbArg,
    body: &str,
    year: i32,
) -> Result<(String, String), String> {
    let mut store = db.open()?;
    let b = one_body(&mut store, body)?;
    let r = load(&mut store, &b, year)?;
    let name = r
        .report
        .meta
        .org
        .as_ref()
        .map_or(b.record.name, |o| o.value.clone());
    Ok((report_json(&with_findings(&r)), name))
}

fn with_findings(r: &StoredReport) -> gongkai_report::Report {
    let mut report = r.report.clone();
    report.findings = r
        .findings
        .iter()
        .filter_map(|f| {
            let rule = gongkai_check::rule(&f.rule)?.id;
            Some(Finding {
                rule,
                severity: f.severity,
                assessable: f.assessable,
                message: f.message.clone(),
                cells: f.cells.clone(),
                evidence: f.evidence.clone(),
                help: f.help.clone(),
            })
        })
        .collect();
    report
}

fn flat_grid(title: &str, rows: &[gongkai_store::export::FlatRow]) -> Grid {
    let mut g = Grid::new(title, &gongkai_store::export::FLAT_COLUMNS);
    for r in rows {
        g.push(vec![
            V::text(&r.body),
            V::opt(r.region_code.clone()),
            V::opt(r.kind.clone()),
            r.year.map_or(V::Empty, |y| V::int(i64::from(y))),
            V::opt(r.edition.clone()),
            V::text(&r.table),
            V::text(&r.row),
            V::text(&r.col),
            V::Num(r.value),
            V::int(i64::from(r.blank)),
            V::text(&r.source_sha256),
            V::int(i64::from(r.line)),
        ]);
    }
    g
}

pub fn show(args: &ShowArgs) -> ExitCode {
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let body = match one_body(&mut store, &args.body) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let r = match load(&mut store, &body, args.year) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let versions = store
        .versions(body.id, args.year)
        .map(|v| v.len())
        .unwrap_or(1);
    let report = with_findings(&r);
    let out = args.out.output();
    match args.out.format {
        OutFormat::Table => {
            let mut o = String::new();
            let b = &body.record;
            o.push_str(&format!(
                "{}  [{}]  {}\n",
                b.name,
                b.key,
                kind_zh(b.kind.map(|k| k.as_str()))
            ));
            if let Some(p) = &b.region_path {
                o.push_str(&format!(
                    "  区划  {p}（{}）\n",
                    b.region_code.as_deref().unwrap_or("")
                ));
            }
            o.push_str(&format!(
                "  识别  {}：{}\n",
                b.status.as_str(),
                b.derivation
            ));
            o.push_str(&format!(
                "  版本  {} / {}{}    sha256 {}\n  检查  {}\n\n",
                r.summary.version,
                versions,
                if r.summary.current {
                    "（当前 current）"
                } else {
                    ""
                },
                r.summary.sha256,
                r.catalogue
            ));
            o.push_str(&crate::table_view::render(&report));
            let fs: Vec<_> = r
                .findings
                .iter()
                .filter(|f| args.verbose || f.assessable)
                .collect();
            if !fs.is_empty() {
                o.push_str("\n  发现 (findings)\n");
                for f in fs {
                    let line = f
                        .evidence
                        .first()
                        .map_or(String::new(), |e| format!(" 第{}行", e.line));
                    o.push_str(&format!(
                        "    {:<18} {:<7}{} {}\n",
                        f.rule,
                        f.severity.as_str(),
                        line,
                        f.message
                    ));
                }
            }
            emit_text(&out, &o)
        }
        OutFormat::Json => emit_text(&out, &(report_json(&report) + "\n")),
        OutFormat::Csv | OutFormat::Xlsx => {
            let rows = match store.flat_rows(&[r.summary.id]) {
                Ok(v) => v,
                Err(e) => return fail(e),
            };
            let mut findings = super::grid::Grid::new(
                "findings",
                &["rule", "severity", "status", "line", "message", "cells"],
            );
            for f in &r.findings {
                findings.push(vec![
                    V::text(&f.rule),
                    V::text(f.severity.as_str()),
                    V::text(if f.assessable {
                        "violation"
                    } else {
                        "not_assessable"
                    }),
                    f.evidence
                        .first()
                        .map_or(V::Empty, |e| V::int(i64::from(e.line))),
                    V::text(&f.message),
                    V::text(f.cells.join(" ")),
                ]);
            }
            match out.emit(&[flat_grid("cells", &rows), findings]) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
    }
}

fn emit_text(out: &super::grid::Output, text: &str) -> ExitCode {
    let r = match &out.file {
        Some(p) => std::fs::write(p, text).map_err(|e| format!("{}: {e}", p.display())),
        None => {
            use std::io::Write;
            let mut o = std::io::stdout().lock();
            let _ = o.write_all(text.as_bytes());
            Ok(())
        }
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

pub fn compare(args: &CompareArgs) -> ExitCode {
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let body = match one_body(&mut store, &args.body) {
        Ok(b) => b,
        Err(e) => return fail(e),
    };
    let (a, b) = match (
        load(&mut store, &body, args.year1),
        load(&mut store, &body, args.year2),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    let changes = gongkai_store::compare(&a, &b);
    let (y1, y2) = (args.year1.to_string(), args.year2.to_string());
    let mut g = Grid::new(
        format!("{} {} → {}", body.record.name, args.year1, args.year2),
        &[
            "单元格 cell",
            "项目 item",
            &y1,
            &y2,
            "变化 change",
            "变化率 %",
        ],
    );
    g.notes.push(format!(
        "版式 (edition) {} → {}；“—” 该行不在报告中 (row absent)",
        a.summary.edition.as_deref().unwrap_or("?"),
        b.summary.edition.as_deref().unwrap_or("?")
    ));
    let mut n_changed = 0;
    for c in &changes {
        let changed = match (c.before, c.after) {
            (Some(x), Some(y)) => !x.same(y),
            _ => true,
        };
        if changed {
            n_changed += 1;
        }
        if args.changed && !changed {
            continue;
        }
        let label = c.key.cell_ref().map(|r| cell_label(&r)).unwrap_or_default();
        let val = |v: Option<Num>| v.map_or(V::text("—"), V::Num);
        let pct = match (c.before, c.change()) {
            (Some(x), Some(d)) if x.as_f64() != 0.0 => V::Float(d / x.as_f64() * 100.0),
            _ => V::Empty,
        };
        g.push(vec![
            V::text(c.key.to_string()),
            V::text(label),
            val(c.before),
            val(c.after),
            c.change().map_or(V::Empty, |d| V::Num(to_num(d))),
            pct,
        ]);
    }
    g.notes.push(format!(
        "{} 个单元格，{} 个有变化 (cells, changed)",
        changes.len(),
        n_changed
    ));
    match args.out.output().emit(&[g]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// A difference as a number: whole when it is one.
fn to_num(d: f64) -> Num {
    if d.fract() == 0.0 && d.abs() < 9.0e15 {
        Num::Int(d as i64)
    } else {
        Num::Dec(d)
    }
}

/// `table3.total.total` → the format's cell.
fn parse_cell(s: &str) -> Option<CellRef> {
    let mut parts = s.split('.');
    let (t, r, c) = (parts.next()?, parts.next()?, parts.next()?);
    gongkai_store::format_cells()
        .iter()
        .find(|x| x.table.key() == t && x.row == r && x.col == c)
        .copied()
}

pub fn stats(args: &StatsArgs) -> ExitCode {
    let sel = match args.select.selection() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut store = match args.db.open() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let what = describe(&args.select);
    if let Some(by) = &args.rank {
        let (rank_by, title, definition) = match (rates::rate(by), parse_cell(by)) {
            (Some(r), _) => {
                let d = r.definition();
                let t = format!("{} — {}", r.name, r.title);
                (RankBy::Rate(r), t, d)
            }
            (None, Some(c)) => (RankBy::Cell(c), c.to_string(), cell_label(&c)),
            (None, None) => {
                let names: Vec<&str> = rates::rates().iter().map(|r| r.name).collect();
                return fail(format!(
                    "--rank {by}: 不是比率也不是单元格 (neither a rate nor a cell); rates: {}; cells as table3.total.total",
                    names.join(", ")
                ));
            }
        };
        let ranked = match store.rank(&sel, &rank_by) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
        let is_rate = matches!(rank_by, RankBy::Rate(_));
        let mut g = Grid::new(
            format!("排名 (ranking): {title}"),
            &[
                "#",
                "机关 body",
                "区划 region",
                "年度 year",
                "值 value",
                "分子 numerator",
                "分母 denominator",
            ],
        );
        g.notes.push(format!("定义 (definition): {definition}"));
        g.notes.push(format!(
            "{what}；{} 份报告参与排名 (reports ranked)",
            ranked.len()
        ));
        let n = if args.limit == 0 {
            ranked.len()
        } else {
            args.limit
        };
        for (i, r) in ranked.iter().take(n).enumerate() {
            g.push(vec![
                V::int(i as i64 + 1),
                V::text(&r.body),
                V::opt(r.region.clone()),
                r.year.map_or(V::Empty, |y| V::int(i64::from(y))),
                if is_rate {
                    V::Pct(r.value)
                } else {
                    V::Num(to_num(r.value))
                },
                r.parts.map_or(V::Empty, |p| V::Num(to_num(p.0))),
                r.parts.map_or(V::Empty, |p| V::Num(to_num(p.1))),
            ]);
        }
        return match args.out.output().emit(&[g]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        };
    }
    let st = match store.stats(&sel) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut rates_grid = Grid::new(
        "比率 (rates)",
        &[
            "比率 rate",
            "值 value",
            "分子 numerator",
            "分母 denominator",
            "报告数 reports",
            "定义 definition",
        ],
    );
    rates_grid.notes.push(
        "合并计算：各报告分子之和 ÷ 分母之和，只计该比率的单元格齐全且分母大于 0 的报告 (pooled over reports with every cell and a denominator above 0)".into(),
    );
    for r in &st.rates {
        rates_grid.push(vec![
            V::text(format!("{} {}", r.rate.name, r.rate.title)),
            r.value().map_or(V::Empty, V::Pct),
            V::Num(to_num(r.numerator)),
            V::Num(to_num(r.denominator)),
            V::int(r.reports as i64),
            V::text(r.rate.definition()),
        ]);
    }
    let mut cells = Grid::new(
        "合计 (sums)",
        &[
            "单元格 cell",
            "项目 item",
            "合计 sum",
            "报告数 reports",
            "机关数 bodies",
        ],
    );
    cells.notes.push(format!(
        "{what}：{} 份报告，{} 个机关 (reports, bodies)；空白单元格按 0 计 (blank cells count 0)",
        st.reports, st.bodies
    ));
    for c in &st.cells {
        let label = c.key.cell_ref().map(|r| cell_label(&r)).unwrap_or_default();
        cells.push(vec![
            V::text(c.key.to_string()),
            V::text(label),
            V::Num(c.sum),
            V::int(c.reports as i64),
            V::int(c.bodies as i64),
        ]);
    }
    match args.out.output().emit(&[rates_grid, cells]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn describe(s: &SelectArgs) -> String {
    let mut parts = Vec::new();
    if let Some(y) = s.year {
        parts.push(format!("{y} 年度"));
    }
    if let Some(r) = &s.region {
        parts.push(format!("区划 {r}"));
    }
    if let Some(k) = &s.kind {
        parts.push(format!("类型 {k}"));
    }
    if parts.is_empty() {
        "全部当前报告 (all current reports)".into()
    } else {
        parts.join("，")
    }
}
