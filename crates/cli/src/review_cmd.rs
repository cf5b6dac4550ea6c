//! `gongkai waive`, `waivers`, `score`, `review`: the commands of a supervising office, thin
//! over `gongkai-review` (configuration, waivers, rubrics, the review report).

use crate::store_cmd::{SelectArgs, open_db};
use crate::{Common, terminal, wording};
use gongkai_bodies::{Divisions, Mapping, Resolver};
use gongkai_pipeline::{Budget, Options, Session};
use gongkai_report::Severity;
use gongkai_review::local::apply_local_deadlines;
use gongkai_review::rubric::{Basis, points, rank};
use gongkai_review::{
    Action, Event, FileWaivers, Reviewed, Rubric, Score, Settings, StaleReason, Subject, Waiver,
    WaiverStore,
};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct WaiveArgs {
    /// The finding's id, as `gongkai review` and `gongkai score` print it (GK-…).
    id: String,
    /// Why the finding needs no action (kept in the audit trail).
    #[arg(long, required = true)]
    reason: String,
    /// Who decides (default: the login name, $USER).
    #[arg(long)]
    by: Option<String>,
    /// Withdraw the waiver instead.
    #[arg(long, conflicts_with = "confirm")]
    revoke: bool,
    /// Record that the finding stands and needs action (ends a waiver in force).
    #[arg(long)]
    confirm: bool,
    /// The waiver file (default: gongkai-waivers.toml beside gongkai.toml, or here).
    #[arg(long, value_name = "FILE", conflicts_with = "db")]
    waivers: Option<PathBuf>,
    /// Record the decision in the store (SQLite file or postgres://…) instead of the file;
    /// the finding is then looked up among the store's current reports when no report
    /// file is given.
    #[arg(long, value_name = "DB")]
    db: Option<String>,
    /// The project's gongkai.toml (default: the first found in this folder or above it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The report(s) the finding is in: it is looked up there, so that the waiver records
    /// what it says. Not needed with --revoke, nor with --db.
    inputs: Vec<OsString>,
}

#[derive(clap::Args)]
pub struct WaiversArgs {
    /// The waiver file (default: gongkai-waivers.toml beside gongkai.toml, or here).
    #[arg(long, value_name = "FILE", conflicts_with = "db")]
    waivers: Option<PathBuf>,
    /// The trail kept in the store (SQLite file or postgres://…).
    #[arg(long, value_name = "DB")]
    db: Option<String>,
    /// The project's gongkai.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct ScoreArgs {
    /// The rubric (default: [score] rubric in gongkai.toml).
    #[arg(long, value_name = "FILE")]
    rubric: Option<PathBuf>,
    /// The waiver file (default: gongkai-waivers.toml beside gongkai.toml, or here).
    #[arg(long, value_name = "FILE", conflicts_with = "db")]
    waivers: Option<PathBuf>,
    #[command(flatten)]
    store: StoreSel,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// Output files: `.html` for the page, `.xlsx` for the workbook (repeat for both).
    #[arg(short, long = "output", value_name = "FILE", required = true)]
    output: Vec<PathBuf>,
    /// Score with this rubric (default: [score] rubric in gongkai.toml, if any).
    #[arg(long, value_name = "FILE")]
    rubric: Option<PathBuf>,
    /// The page's title.
    #[arg(long, default_value = "政府信息公开工作年度报告审查意见")]
    title: String,
    /// The waiver file (default: gongkai-waivers.toml beside gongkai.toml, or here).
    #[arg(long, value_name = "FILE", conflicts_with = "db")]
    waivers: Option<PathBuf>,
    #[command(flatten)]
    store: StoreSel,
    #[command(flatten)]
    common: Common,
}

/// `--db` and the selection of `score` and `review`: the store's current reports instead of
/// files, and the store's waivers.
#[derive(clap::Args)]
pub struct StoreSel {
    /// Review the current reports of the store (SQLite file or postgres://…) instead of
    /// files, with the waivers kept there.
    #[arg(long, value_name = "DB")]
    db: Option<String>,
    #[command(flatten)]
    select: SelectArgs,
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("gongkai: {}", terminal::escape(&msg.to_string()));
    ExitCode::from(2)
}

fn load_settings(config: Option<&Path>) -> Result<Settings, String> {
    let path = match config {
        Some(p) => Some(p.to_owned()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| gongkai_review::config::discover(&d)),
    };
    match path {
        Some(p) => Settings::load(&p).map_err(|e| e.to_string()),
        None => Ok(Settings::default()),
    }
}

fn waiver_file(flag: Option<&Path>, settings: &Settings) -> FileWaivers {
    FileWaivers::new(
        flag.map(Path::to_owned)
            .or_else(|| settings.waivers.clone())
            .unwrap_or_else(|| PathBuf::from(gongkai_review::config::WAIVERS_FILE_NAME)),
    )
}

/// Where decisions are kept: the waiver file, or the store.
enum Decisions {
    File(FileWaivers),
    Store(Box<gongkai_store::Store>, String),
}

impl Decisions {
    fn open(db: Option<&str>, flag: Option<&Path>, settings: &Settings) -> Result<Self, String> {
        Ok(match db {
            Some(url) => Decisions::Store(Box::new(open_db(url)?), url.to_owned()),
            None => Decisions::File(waiver_file(flag, settings)),
        })
    }

    fn events(&mut self) -> Result<Vec<Event>, String> {
        match self {
            Decisions::File(f) => f.events().map_err(|e| e.to_string()),
            Decisions::Store(s, _) => s.events().map_err(|e| e.to_string()),
        }
    }

    fn active(&mut self) -> Result<BTreeMap<String, Waiver>, String> {
        match self {
            Decisions::File(f) => f.active().map_err(|e| e.to_string()),
            Decisions::Store(s, _) => s.active().map_err(|e| e.to_string()),
        }
    }

    fn append(&mut self, e: &Event) -> Result<(), String> {
        match self {
            Decisions::File(f) => f.append(e).map_err(|e| e.to_string()),
            Decisions::Store(s, _) => s.append(e).map_err(|e| e.to_string()),
        }
    }

    fn place(&self) -> String {
        match self {
            Decisions::File(f) => f.path().display().to_string(),
            Decisions::Store(_, url) => format!("{url} (waiver_events)"),
        }
    }
}

/// The reports of a selection, checked and reviewed; failures as (path, message).
struct Selection {
    reviewed: Vec<Reviewed>,
    failed: Vec<(String, String)>,
}

fn mapping_name(p: Option<&Path>) -> String {
    p.map(|p| p.display().to_string()).unwrap_or_default()
}

fn read_selection(
    inputs: &[OsString],
    mapping: Option<&Path>,
    thresholds: &gongkai_review::Thresholds,
    config: gongkai_check::Config,
    budget: Budget,
    jobs: Option<usize>,
    waivers: &BTreeMap<String, Waiver>,
) -> Result<Selection, String> {
    let table = Divisions::embedded().map_err(|e| format!("内部错误 (internal error): {e}"))?;
    let mapping_path = mapping;
    let mapping = match mapping {
        None => Mapping::new(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("{}: 无法读取 (cannot read): {e}", p.display()))?;
            Mapping::parse(&text).map_err(|e| format!("{}: {e}", p.display()))?
        }
    };
    let resolver = Resolver::with_mapping(table, mapping)
        .map_err(|e| format!("{}: {e}", mapping_name(mapping_path)))?;
    let session = Session::new(&std::env::temp_dir())
        .map_err(|e| format!("无法创建临时文件夹 (cannot create a temporary folder): {e}"))?;
    let levels = config.clone();
    let opts = Options {
        budget,
        tools: crate::tools(),
        sandbox: session.sandbox(),
        config,
        keep_text: true,
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs = jobs.map_or(cores, |j| j.clamp(1, cores * crate::JOBS_PER_CORE));
    let list = gongkai_pipeline::expand(inputs, &budget.list_limits());
    let mut sel = Selection {
        reviewed: Vec::new(),
        failed: Vec::new(),
    };
    gongkai_pipeline::run_batch(list, &opts, jobs, |o| {
        match o.result {
            Ok(mut p) => {
                apply_local_deadlines(&mut p.report, thresholds, &levels);
                let subject = Subject::of(&p.report, p.text.as_deref(), &resolver);
                sel.reviewed
                    .push(Reviewed::new(subject, p.report, p.text, waivers));
            }
            Err(e) if e.is_skip() => {}
            Err(e) => sel.failed.push((o.source.path, wording::describe(&e))),
        }
        ControlFlow::Continue(())
    });
    session.close();
    Ok(sel)
}

/// 2 = a file could not be read; 1 = an open (not waived) error; 0 = neither.
fn exit_status(sel: &Selection) -> ExitCode {
    if !sel.failed.is_empty() {
        ExitCode::from(2)
    } else if sel
        .reviewed
        .iter()
        .any(|r| r.worst_open() == Some(Severity::Error))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report_failures(sel: &Selection) {
    for (path, msg) in &sel.failed {
        eprintln!(
            "gongkai: {}: {}",
            terminal::escape(path),
            terminal::escape(msg)
        );
    }
}

/// Stale waivers on standard error: a reviewer must see that a decision no longer holds.
fn report_stale(sel: &Selection) {
    for r in &sel.reviewed {
        for s in &r.stale {
            let why = match &s.why {
                StaleReason::Changed { now } => format!("问题已变化 (finding changed): {now}"),
                StaleReason::Gone => "问题未再出现 (finding no longer reported)".to_owned(),
            };
            eprintln!(
                "gongkai: 豁免不再适用 (waiver no longer applies) {} {} {}: {}",
                s.waiver.id,
                s.waiver.rule,
                terminal::escape(&r.subject.name),
                terminal::escape(&why)
            );
        }
    }
}

fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn who(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_owned)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
}

pub fn waive(args: &WaiveArgs) -> ExitCode {
    if !gongkai_review::FindingId::is_well_formed(&args.id) {
        return fail(format!(
            "{} 不是问题编号 (not a finding id: GK- and 12 hex digits)",
            args.id
        ));
    }
    if args.reason.trim().is_empty() {
        return fail("--reason 不能为空 (a reason is required)");
    }
    let Some(by) = who(args.by.as_deref()) else {
        return fail("不知道是谁 (who decides?): 用 --by 给出姓名");
    };
    let settings = match load_settings(args.config.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut store = match Decisions::open(args.db.as_deref(), args.waivers.as_deref(), &settings) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let active = match store.active() {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let event = if args.revoke {
        let Some(w) = active.get(&args.id) else {
            return fail(format!(
                "{} 没有生效的豁免 (no waiver in force for this id)",
                args.id
            ));
        };
        Event {
            action: Action::Revoke,
            waiver: Waiver {
                by,
                at: now(),
                reason: args.reason.clone(),
                ..w.clone()
            },
        }
    } else {
        let found = match (&mut store, args.inputs.is_empty()) {
            (Decisions::Store(s, _), true) => match stored_finding(s, &args.id) {
                Ok(None) => across_finding(s, &args.id, &settings),
                other => other,
            },
            (_, true) => {
                return fail("请给出该问题所在的报告文件 (name the report file the finding is in)");
            }
            (_, false) => file_finding(args, &settings),
        };
        let (subject, item) = match found {
            Ok(Some(x)) => x,
            Ok(None) => {
                return fail(format!(
                    "{} 不在{}的问题中 (no such finding in the {})",
                    args.id,
                    if args.inputs.is_empty() {
                        "库中当前报告"
                    } else {
                        "所给报告"
                    },
                    if args.inputs.is_empty() {
                        "store's current reports"
                    } else {
                        "reports given"
                    },
                ));
            }
            Err(code) => return code,
        };
        if !item.finding.assessable {
            return fail(format!(
                "{} 是“不可评估”说明，无需豁免 (a not-assessable note cannot be waived)",
                args.id
            ));
        }
        Event {
            action: if args.confirm {
                Action::Confirm
            } else {
                Action::Waive
            },
            waiver: Waiver::of(&subject, &item.id, &item.finding, by, now(), &args.reason),
        }
    };
    if let Err(e) = store.append(&event) {
        return fail(e);
    }
    let w = &event.waiver;
    println!(
        "{} {} {} {}（{}）：{}",
        match event.action {
            Action::Waive => "已豁免 (waived)",
            Action::Confirm => "已确认问题成立 (confirmed)",
            Action::Revoke => "已撤销豁免 (revoked)",
        },
        w.id,
        w.rule,
        terminal::escape(&w.body_name),
        w.year
            .map_or_else(|| "年度不详".to_owned(), |y| format!("{y}年度")),
        terminal::escape(&w.message)
    );
    println!("记录于 (recorded in) {}", store.place());
    ExitCode::SUCCESS
}

/// The finding of `args.id` in the report files given.
fn file_finding(
    args: &WaiveArgs,
    settings: &Settings,
) -> Result<Option<(Subject, gongkai_review::Item)>, ExitCode> {
    let sel = read_selection(
        &args.inputs,
        settings.bodies.as_deref(),
        &settings.thresholds,
        settings.rule_config(),
        Budget::default(),
        None,
        &BTreeMap::new(),
    )
    .map_err(fail)?;
    report_failures(&sel);
    Ok(sel
        .reviewed
        .iter()
        .find_map(|r| r.item(&args.id).map(|i| (r.subject.clone(), i.clone()))))
}

/// The finding of `id` among the store's current reports (found by the id kept with it).
fn stored_finding(
    store: &mut gongkai_store::Store,
    id: &str,
) -> Result<Option<(Subject, gongkai_review::Item)>, ExitCode> {
    let table =
        Divisions::embedded().map_err(|e| fail(format!("内部错误 (internal error): {e}")))?;
    for report in store.reports_with_finding(id).map_err(fail)? {
        let Some(r) = store.for_review(report, table).map_err(fail)? else {
            continue;
        };
        let reviewed = Reviewed::new(r.subject, r.report, None, &BTreeMap::new());
        if let Some(item) = reviewed.item(id) {
            return Ok(Some((reviewed.subject.clone(), item.clone())));
        }
    }
    Ok(None)
}

/// The finding of `id` among the findings across bodies, which are not stored: the store's
/// current reports are reviewed as `review --db` does (every year and region: the id does not
/// say which).
fn across_finding(
    store: &mut gongkai_store::Store,
    id: &str,
    settings: &Settings,
) -> Result<Option<(Subject, gongkai_review::Item)>, ExitCode> {
    let sel = read_store(
        store,
        &gongkai_store::Selection::default(),
        &settings.thresholds,
        &settings.rule_config(),
        &BTreeMap::new(),
    )
    .map_err(fail)?;
    Ok(sel
        .reviewed
        .iter()
        .find_map(|r| r.item(id).map(|i| (r.subject.clone(), i.clone()))))
}

pub fn waivers(args: &WaiversArgs) -> ExitCode {
    let settings = match load_settings(args.config.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut store = match Decisions::open(args.db.as_deref(), args.waivers.as_deref(), &settings) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let events = match store.events() {
        Ok(e) => e,
        Err(e) => return fail(e),
    };
    let active = gongkai_review::replay(events.iter().cloned());
    println!(
        "{}：{} 条记录，{} 项豁免生效 (events, waivers in force)",
        store.place(),
        events.len(),
        active.len()
    );
    for e in &events {
        let w = &e.waiver;
        println!(
            "{}  {:<7} {} {:<14} {} {}  {}：{}",
            w.at,
            e.action.as_str(),
            w.id,
            w.rule,
            terminal::escape(&w.body_name),
            w.year.map_or_else(String::new, |y| y.to_string()),
            terminal::escape(&w.by),
            terminal::escape(&w.reason)
        );
    }
    ExitCode::SUCCESS
}

/// Settings, waivers in force, rubric and the reviewed selection of `score` and `review`.
fn prepare(
    common: &Common,
    store_sel: &StoreSel,
    waivers_flag: Option<&Path>,
    rubric_flag: Option<&Path>,
    rubric_required: bool,
) -> Result<(Selection, Option<Rubric>), ExitCode> {
    let settings = common.settings().map_err(fail)?;
    let config = common.config().map_err(fail)?;
    if store_sel.db.is_some() && !common.inputs.is_empty() {
        return Err(fail(
            "请给出报告文件或 --db，不要同时给出 (give report files or --db, not both)",
        ));
    }
    let mut store =
        Decisions::open(store_sel.db.as_deref(), waivers_flag, &settings).map_err(fail)?;
    let active = store.active().map_err(fail)?;
    let rubric_path = rubric_flag
        .map(Path::to_owned)
        .or_else(|| settings.rubric.clone());
    let rubric = match rubric_path {
        Some(p) => Some(Rubric::load(&p).map_err(fail)?),
        None if rubric_required => {
            return Err(fail(
                "需要评分表 (a rubric is needed): --rubric FILE，或 gongkai.toml 的 [score] rubric",
            ));
        }
        None => None,
    };
    let sel = match &mut store {
        Decisions::Store(db, _) => {
            let select = store_sel.select.selection().map_err(fail)?;
            read_store(db, &select, &settings.thresholds, &config, &active).map_err(fail)?
        }
        Decisions::File(_) => read_selection(
            &common.inputs,
            settings.bodies.as_deref(),
            &settings.thresholds,
            config,
            common.budget.budget(),
            common.jobs,
            &active,
        )
        .map_err(fail)?,
    };
    report_failures(&sel);
    report_stale(&sel);
    Ok((sel, rubric))
}

/// The current reports of a store's selection, reviewed: their stored findings at the levels
/// configured now, with the local deadlines, the waivers kept in the store, and the rules
/// across years marked as run where ingest compared the report with last year's.
fn read_store(
    store: &mut gongkai_store::Store,
    select: &gongkai_store::Selection,
    thresholds: &gongkai_review::Thresholds,
    levels: &gongkai_check::Config,
    waivers: &BTreeMap<String, Waiver>,
) -> Result<Selection, String> {
    let table = Divisions::embedded().map_err(|e| format!("内部错误 (internal error): {e}"))?;
    let ids: Vec<i64> = store
        .list(select)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|r| r.id)
        .collect();
    let mut loaded = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = store.for_review(id, table).map_err(|e| e.to_string())? {
            loaded.push(r);
        }
    }
    // The checks across bodies over the whole selection (no cap: the store holds them).
    let docs: Vec<gongkai_cross::Doc<'_>> = loaded
        .iter()
        .map(|r| {
            let d = gongkai_cross::Doc::new(&r.report, &r.text);
            match &r.body {
                Some(b) => d.with_body(b),
                None => d,
            }
        })
        .collect();
    let across = gongkai_cross::check_bodies(&docs, &gongkai_cross::Options::default());
    drop(docs);
    let mut extra: Vec<Vec<gongkai_report::Finding>> = vec![Vec::new(); loaded.len()];
    for cf in across.findings {
        if let Some(v) = extra.get_mut(cf.doc) {
            v.push(cf.finding);
        }
    }
    let rules = |scope| {
        gongkai_cross::EMITS
            .iter()
            .filter(move |rule| rule.scope == scope)
            .map(|rule| rule.id)
    };
    let mut sel = Selection {
        reviewed: Vec::with_capacity(loaded.len()),
        failed: Vec::new(),
    };
    for (r, extra) in loaded.into_iter().zip(extra) {
        if !r.retired.is_empty() {
            eprintln!(
                "gongkai: {}: 已停用的规则的问题未列出 (findings of retired rules left out): {}",
                terminal::escape(&r.subject.name),
                r.retired.join(", ")
            );
        }
        let mut report = r.report;
        let mut findings = std::mem::take(&mut report.findings);
        findings.extend(extra);
        report.findings = levels.apply(findings);
        apply_local_deadlines(&mut report, thresholds, levels);
        let mut reviewed = Reviewed::new(r.subject, report, Some(r.text), waivers)
            .compared(rules(gongkai_check::Scope::AcrossBodies));
        if r.prev_report.is_some() {
            reviewed = reviewed.compared(rules(gongkai_check::Scope::AcrossYears));
        }
        sel.reviewed.push(reviewed);
    }
    Ok(sel)
}

/// Reports in rank order with their scores.
fn ranked(sel: Selection, rubric: &Rubric) -> (Selection, Vec<Score>) {
    let scores: Vec<Score> = sel.reviewed.iter().map(|r| rubric.score(r)).collect();
    let order = rank(&sel.reviewed, &scores);
    let mut slots: Vec<Option<(Reviewed, Score)>> =
        sel.reviewed.into_iter().zip(scores).map(Some).collect();
    let (reviewed, scores) = order
        .into_iter()
        .filter_map(|n| slots.get_mut(n).and_then(Option::take))
        .unzip();
    (
        Selection {
            reviewed,
            failed: sel.failed,
        },
        scores,
    )
}

pub fn score(args: &ScoreArgs) -> ExitCode {
    let (sel, rubric) = match prepare(
        &args.common,
        &args.store,
        args.waivers.as_deref(),
        args.rubric.as_deref(),
        true,
    ) {
        Ok((s, Some(r))) => (s, r),
        Ok((_, None)) => return ExitCode::from(2),
        Err(code) => return code,
    };
    let (sel, scores) = ranked(sel, &rubric);
    println!(
        "{}（满分 {}；来源：{}）",
        rubric.name,
        points(rubric.points),
        rubric.source
    );
    for (n, (r, s)) in sel.reviewed.iter().zip(&scores).enumerate() {
        println!(
            "\n{:>3}. {:>6}  {} {}  [{}]  {}",
            n + 1,
            points(s.score),
            terminal::escape(&r.subject.name),
            r.subject.year.map_or_else(String::new, |y| y.to_string()),
            terminal::escape(&r.subject.body),
            terminal::escape(&r.report.source.path)
        );
        for c in &s.categories {
            for d in &c.deductions {
                let name = rubric.items.get(d.item).map_or("", |i| i.name.as_str());
                let basis: Vec<String> = d
                    .basis
                    .iter()
                    .map(|b| match b {
                        Basis::Finding { id, rule } => format!("{id} {rule}"),
                        Basis::Cell { cell, value } => format!("{cell} = {}", points(*value)),
                    })
                    .collect();
                println!(
                    "       −{:<5} {name}：{}",
                    points(d.points),
                    basis.join("，")
                );
            }
            if c.deducted < c.raw {
                println!(
                    "       （类别 {} 扣分 {} 超过上限，按 {} 计）",
                    c.key,
                    points(c.raw),
                    points(c.deducted)
                );
            }
        }
        let name = |n: usize| rubric.items.get(n).map_or("", |i| i.name.as_str());
        for (n, ids) in &s.waived {
            println!("       已豁免未扣分 {}：{}", name(*n), ids.join("，"));
        }
        for na in &s.not_assessable {
            println!("       无法由报告评估 {}：{}", name(na.item), na.why);
        }
    }
    let manual: Vec<&str> = rubric.manual().map(|i| i.name.as_str()).collect();
    if !manual.is_empty() {
        println!(
            "\n需人工评估、未计分 (assessed by people, not scored)：{}",
            manual.join("；")
        );
    }
    exit_status(&sel)
}

pub fn review(args: &ReviewArgs) -> ExitCode {
    for o in &args.output {
        let ext = o
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !matches!(ext.as_deref(), Some("html" | "htm" | "xlsx")) {
            return fail(format!(
                "{}: 输出须为 .html 或 .xlsx (the output must end in .html or .xlsx)",
                o.display()
            ));
        }
    }
    let (sel, rubric) = match prepare(
        &args.common,
        &args.store,
        args.waivers.as_deref(),
        args.rubric.as_deref(),
        false,
    ) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let (sel, scores) = match &rubric {
        Some(r) => {
            let (sel, s) = ranked(sel, r);
            (sel, Some(s))
        }
        None => (sel, None),
    };
    let scored = rubric.as_ref().zip(scores.as_deref());
    for o in &args.output {
        let xlsx = o
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let bytes = if xlsx {
            match gongkai_review::xlsx::workbook(&sel.reviewed, scored) {
                Ok(b) => b,
                Err(e) => return fail(format!("{}: XLSX: {e}", o.display())),
            }
        } else {
            let info = gongkai_review::html::PageInfo {
                title: args.title.clone(),
                generated: now(),
            };
            gongkai_review::html::render(&info, &sel.reviewed, scored).into_bytes()
        };
        if let Err(e) = std::fs::write(o, bytes) {
            return fail(format!("{}: 无法写出 (cannot write): {e}", o.display()));
        }
        if !args.common.quiet {
            eprintln!(
                "gongkai: 已写出 (wrote) {}（{} 份报告）",
                o.display(),
                sel.reviewed.len()
            );
        }
    }
    exit_status(&sel)
}
