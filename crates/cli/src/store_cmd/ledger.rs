//! `gongkai ledger import|list|deadlines|report`: a body's application ledger (依申请公开台账)
//! kept in the store. Reading the ledger file, deadlines and tables are `gongkai-ledger`'s
//! (on the calendar of `gongkai-calendar`); this module stores, selects and words them.

use super::grid::{Grid, OutFormat, V};
use super::query::one_body;
use super::{DbArg, OutArgs, fail, resolver};
use gongkai_bodies::Context;
use gongkai_format::{Edition, TableId};
use gongkai_ledger::{Case, Change, Deadline, Ledger, LedgerError, Status, deadline};
use gongkai_report::{Report, Source, report_json};
use gongkai_store::{BodyRecord, LedgerRecord, Store};
use jiff::civil::Date;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum LedgerCmd {
    /// Add or update a body's cases from a CSV or XLSX ledger (all or nothing: any bad row,
    /// and nothing is imported). Cases already stored and absent from the file are kept.
    Import(ImportArgs),
    /// The cases, each with its status and due date.
    List(ListArgs),
    /// Each case's deadline with its reasoning: the days skipped and the articles.
    Deadlines(DeadlinesArgs),
    /// Tables 2, 3 and 4 of a year computed from the ledger, and the cells where the
    /// published report in the store differs.
    Report(ReportArgs),
    /// Lock a year once its report is published: its cases then change only as recorded
    /// amendments (`import --by … --reason …`), shown by `report` as differences.
    Lock(LockArgs),
    /// Write the ledger template: an XLSX with drop-down lists for channels, applicant kinds
    /// and outcomes, the way offices keep the ledger.
    Template(TemplateArgs),
}

#[derive(clap::Args)]
pub struct LockArgs {
    #[command(flatten)]
    body: BodyArg,
    /// The year to lock.
    #[arg(long)]
    year: i16,
    /// Who locks it (recorded with the lock).
    #[arg(long, value_name = "NAME")]
    by: String,
}

#[derive(clap::Args)]
pub struct TemplateArgs {
    /// Where to write the XLSX.
    #[arg(short = 'o', long, value_name = "FILE")]
    output: PathBuf,
    /// The year the ledger is for: its outcomes are those of the edition in force.
    #[arg(long)]
    year: Option<i16>,
}

/// The body: a name or part of one, or its key.
#[derive(clap::Args)]
pub struct BodyArg {
    #[arg(long, value_name = "BODY")]
    body: String,
    #[command(flatten)]
    db: DbArg,
}

#[derive(clap::Args)]
pub struct ImportArgs {
    #[command(flatten)]
    body: BodyArg,
    /// The ledger: CSV (UTF-8 or GB18030) or XLSX (the 台账 sheet).
    file: PathBuf,
    /// A bodies.toml mapping file, for a body not in the store yet.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Who changes cases of a locked year (recorded with the amendment).
    #[arg(long, value_name = "NAME", requires = "reason")]
    by: Option<String>,
    /// Why cases of a locked year change.
    #[arg(long, value_name = "TEXT", requires = "by")]
    reason: Option<String>,
    /// The year of the table 2 figures in the file (sheet 表二, or a CSV of row,col,value).
    #[arg(long)]
    year: Option<i16>,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    body: BodyArg,
    /// Only cases not answered yet.
    #[arg(long)]
    open: bool,
    /// Only open cases past their due date.
    #[arg(long)]
    overdue: bool,
    /// Only open cases due within DAYS calendar days (overdue ones included).
    #[arg(long, value_name = "DAYS")]
    due_within: Option<i64>,
    /// The day to compute for (default: today in Beijing).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    #[command(flatten)]
    out: OutArgs,
}

#[derive(clap::Args)]
pub struct DeadlinesArgs {
    #[command(flatten)]
    body: BodyArg,
    /// Case ids (default: every open case).
    cases: Vec<String>,
    /// The day to compute for (default: today in Beijing).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    #[command(flatten)]
    body: BodyArg,
    /// The report year.
    #[arg(long)]
    year: i16,
    #[command(flatten)]
    out: OutArgs,
}

pub fn run(cmd: &LedgerCmd) -> ExitCode {
    let r = match cmd {
        LedgerCmd::Import(a) => import(a),
        LedgerCmd::List(a) => list(a),
        LedgerCmd::Deadlines(a) => deadlines(a),
        LedgerCmd::Report(a) => report(a),
        LedgerCmd::Lock(a) => lock(a),
        LedgerCmd::Template(a) => template(a),
    };
    r.unwrap_or_else(fail)
}

fn today(arg: Option<&str>) -> Result<Date, String> {
    match arg {
        Some(s) => gongkai_ledger::parse_date(s)
            .ok_or_else(|| format!("--today {s}: 不是有效日期 (not a date: YYYY-MM-DD)")),
        // Deadlines run on Beijing time (UTC+8, no daylight saving).
        None => Ok(jiff::tz::Offset::constant(8)
            .to_datetime(jiff::Timestamp::now())
            .date()),
    }
}

/// The body's record and stored ledger; a body unknown to the store is an error.
fn stored(store: &mut Store, body: &str) -> Result<(BodyRecord, LedgerRecord), String> {
    let b = one_body(store, body)?;
    let rec = store
        .load_ledger(&b.record.key)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "{} 没有台账 (no ledger stored); gongkai ledger import --body … FILE",
                b.record.name
            )
        })?;
    Ok((b.record, rec))
}

fn import(a: &ImportArgs) -> Result<ExitCode, String> {
    let name = a.file.display().to_string();
    let bytes =
        std::fs::read(&a.file).map_err(|e| format!("{name}: 无法读取 (cannot read): {e}"))?;
    let mut sheets =
        gongkai_ledger::import_workbook(&bytes, a.year).map_err(|e| format!("{name}: {e}"))?;
    let mut store = a.body.db.open()?;
    // The body: one already stored (by name, part of it, or key), else resolved from the
    // name as `ingest` resolves the names printed in reports.
    let body = match store.find_bodies(&a.body.body).map_err(|e| e.to_string())? {
        found if found.is_empty() => {
            let r = resolver(a.mapping.as_ref())?;
            BodyRecord::from_resolution(&r.resolve(&a.body.body, &Context::new()), None)
        }
        _ => one_body(&mut store, &a.body.body)?.record,
    };
    let mut rec = store
        .load_ledger(&body.key)
        .map_err(|e| e.to_string())?
        .unwrap_or(LedgerRecord {
            ledger: Ledger::new(),
            proceedings: Vec::new(),
            table2: Vec::new(),
        });
    if let Some(e) = sheets.locked_change(&rec.ledger, &rec.proceedings, &rec.table2) {
        return Err(format!("{name}: 未导入任何内容 (nothing imported): {e}"));
    }
    let at = jiff::Timestamp::now();
    let (mut added, mut updated, mut same) = (0, 0, 0);
    let mut errors: Vec<String> = Vec::new();
    for case in sheets.cases.iter().flatten().cloned() {
        let id = case.id.clone();
        let old = rec.ledger.case(&id).cloned();
        let r = match &old {
            Some(o) if *o == case => {
                same += 1;
                continue;
            }
            Some(_) => rec.ledger.update(case.clone()).map(|()| updated += 1),
            None => rec.ledger.add(case.clone()).map(|()| added += 1),
        };
        match r {
            Ok(()) => {}
            Err(LedgerError::Locked { .. }) => match (&a.by, &a.reason) {
                (Some(by), Some(why)) => {
                    let change = if old.is_some() {
                        Change::Update(case)
                    } else {
                        Change::Add(case)
                    };
                    match rec.ledger.amend(change, by.as_str(), at, why.as_str()) {
                        Ok(_) if old.is_some() => updated += 1,
                        Ok(_) => added += 1,
                        Err(e) => errors.push(format!("{id}: {e}")),
                    }
                }
                _ => errors.push(format!(
                    "{id}: 所属年度已锁定，修改需注明 --by 和 --reason (counted in a locked year: give --by and --reason to record the amendment)"
                )),
            },
            Err(e) => errors.push(format!("{id}: {e}")),
        }
    }
    if !errors.is_empty() {
        return Err(format!(
            "{name}: {} 个案件无法导入，未导入任何内容 (nothing imported):\n  {}",
            errors.len(),
            errors.join("\n  ")
        ));
    }
    let notes = sheets.merge_into(&mut rec.proceedings, &mut rec.table2);
    store.save_ledger(&body, &rec).map_err(|e| e.to_string())?;
    for n in &notes {
        eprintln!("{n}");
    }
    if sheets.cases.is_none() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{}（{}）：新增 {added} 件，更新 {updated} 件，未变 {same} 件，共 {} 件\n{added} added, {updated} updated, {same} unchanged, {} cases in the ledger",
        body.name,
        body.key,
        rec.ledger.cases().len(),
        rec.ledger.cases().len()
    );
    Ok(ExitCode::SUCCESS)
}

fn lock(a: &LockArgs) -> Result<ExitCode, String> {
    let mut store = a.body.db.open()?;
    let (body, mut rec) = stored(&mut store, &a.body.body)?;
    rec.ledger
        .lock(a.year, a.by.as_str(), jiff::Timestamp::now())
        .map_err(|e| format!("{}: {e}", body.name))?;
    store.save_ledger(&body, &rec).map_err(|e| e.to_string())?;
    eprintln!(
        "{}（{}）：{} 年已锁定 ({} locked by {})",
        body.name, body.key, a.year, a.year, a.by
    );
    Ok(ExitCode::SUCCESS)
}

fn template(a: &TemplateArgs) -> Result<ExitCode, String> {
    let edition = a
        .year
        .map_or(Edition::E2021, |y| Edition::for_report_year(i32::from(y)));
    let name = a.output.display().to_string();
    let bytes = gongkai_ledger::write_xlsx(&[], edition).map_err(|e| format!("{name}: {e}"))?;
    std::fs::write(&a.output, bytes)
        .map_err(|e| format!("{name}: 无法写入 (cannot write): {e}"))?;
    eprintln!(
        "{name}：台账模板 (ledger template, {} edition)",
        edition.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

fn keep(args: &ListArgs, d: &Deadline, today: Date) -> bool {
    let open = d.status.is_open();
    if (args.open || args.overdue || args.due_within.is_some()) && !open {
        return false;
    }
    if args.overdue && !matches!(d.status, Status::Overdue { .. }) {
        return false;
    }
    if let Some(days) = args.due_within {
        let Some(due) = d.due_date() else {
            return false;
        };
        let left = (due - today).get_days();
        if i64::from(left) > days {
            return false;
        }
    }
    true
}

fn list(a: &ListArgs) -> Result<ExitCode, String> {
    let today = today(a.today.as_deref())?;
    let mut store = a.body.db.open()?;
    let (body, rec) = stored(&mut store, &a.body.body)?;
    let mut g = Grid::new(
        format!("{} 台账（{today}）", body.name),
        &[
            "id",
            "received",
            "channel",
            "applicant",
            "outcome",
            "replied",
            "status",
            "due",
            "状态",
        ],
    );
    for c in rec.ledger.cases() {
        let d = deadline(c, today);
        if !keep(a, &d, today) {
            continue;
        }
        g.push(vec![
            V::text(&c.id),
            V::text(c.received.to_string()),
            V::text(c.channel.label()),
            V::text(c.applicant.label()),
            V::opt(c.reply.as_ref().map(|r| r.outcome.label())),
            V::opt(c.reply.as_ref().map(|r| r.date.to_string())),
            V::text(d.status.key()),
            V::opt(d.due_date().map(|x| x.to_string())),
            V::text(d.status.to_string()),
        ]);
    }
    a.out.output().emit(&[g])?;
    Ok(ExitCode::SUCCESS)
}

fn deadlines(a: &DeadlinesArgs) -> Result<ExitCode, String> {
    let today = today(a.today.as_deref())?;
    let mut store = a.body.db.open()?;
    let (_, rec) = stored(&mut store, &a.body.body)?;
    let cases: Vec<&Case> = if a.cases.is_empty() {
        rec.ledger
            .cases()
            .iter()
            .filter(|c| c.reply.is_none())
            .collect()
    } else {
        let mut v = Vec::new();
        for id in &a.cases {
            v.push(
                rec.ledger
                    .case(id)
                    .ok_or_else(|| format!("台账中没有案件 (no case) {id}"))?,
            );
        }
        v
    };
    let mut o = String::new();
    for c in cases {
        o.push_str(&deadline(c, today).to_string());
        o.push_str("\n\n");
    }
    print!("{}", crate::terminal::escape_text(&o));
    Ok(ExitCode::SUCCESS)
}

/// Tables 2–4 of `year` from the ledger, as a report (for the shared renderers).
fn tables(rec: &LedgerRecord, body: &BodyRecord, year: i16) -> Result<Report, String> {
    let t = rec.tables(year).map_err(|e| e.to_string())?;
    let mut r = Report::new(Source {
        path: format!("ledger:{}", body.key),
        ..Source::default()
    });
    r.edition = gongkai_report::EditionSeen::Known(t.edition);
    let at = |v| gongkai_report::Located {
        value: v,
        span: 0..0,
        line: 0,
    };
    r.meta.org = Some(at(body.name.clone()));
    r.meta.year = Some(gongkai_report::Located {
        value: i32::from(year),
        span: 0..0,
        line: 0,
    });
    r.table3 = t.table3;
    r.table4 = t.table4;
    if t.table2_given {
        r.table2 = t.table2;
    }
    Ok(r)
}

/// Tables 2–4 of a body's year computed from its stored ledger, as `parse --json` prints a
/// report, and the body's name: the data of `gongkai write --from-ledger`.
pub(crate) fn ledger_report_json(
    db: &DbArg,
    body: &str,
    year: i32,
) -> Result<(String, String), String> {
    let mut store = db.open()?;
    let (body, rec) = stored(&mut store, body)?;
    let y = i16::try_from(year).map_err(|_| format!("year {year}"))?;
    if !rec.table2.iter().any(|t| t.year == y) {
        eprintln!(
            "note: 台账中没有 {year} 年表二数据，表二留空 (no table 2 figures for {year} in the ledger: table 2 left blank; gongkai ledger import --year {year} FILE)"
        );
    }
    let r = tables(&rec, &body, y)?;
    Ok((report_json(&r), body.name))
}

fn report(a: &ReportArgs) -> Result<ExitCode, String> {
    let mut store = a.body.db.open()?;
    let b = one_body(&mut store, &a.body.body)?;
    let (body, rec) = stored(&mut store, &b.record.key)?;
    let r = tables(&rec, &body, a.year)?;
    // The published report of that year, when the store holds it: the cells that differ.
    let published = store
        .report_of(b.id, i32::from(a.year))
        .map_err(|e| e.to_string())?;
    let mut diff = Grid::new(
        "与已发布报告不一致的单元格 (cells that differ from the published report)",
        &["table", "row", "col", "ledger", "published"],
    );
    if let Some(p) = &published {
        for id in [TableId::Table3, TableId::Table4] {
            for row in &r.table(id).rows {
                for cell in &row.cells {
                    let theirs = p.report.table(id).value(row.key, cell.col);
                    if !theirs.is_some_and(|t| t.same(cell.value)) {
                        diff.push(vec![
                            V::text(id.key()),
                            V::text(row.key),
                            V::text(cell.col),
                            V::Num(cell.value),
                            theirs.map_or(V::Empty, V::Num),
                        ]);
                    }
                }
            }
        }
    }
    let amendments: Vec<String> = rec
        .ledger
        .amendments_for(a.year)
        .map(|m| format!("  {}  {}  {}：{}", m.case_id, m.at, m.by, m.reason))
        .collect();
    let out = a.out.output();
    match a.out.format {
        OutFormat::Table => {
            let mut o = format!(
                "{}  {} 年度（由台账计算 computed from the ledger）\n",
                body.name, a.year
            );
            o.push_str(&crate::table_view::render(&r));
            match &published {
                None => o.push_str(
                    "\n库中没有该年度的已发布报告 (no published report stored for this year)\n",
                ),
                Some(_) if diff.rows.is_empty() => {
                    o.push_str(
                        "\n与库中已发布报告一致 (agrees with the published report in the store)\n",
                    );
                }
                Some(_) => o.push_str(&format!("\n{}", super::grid::terminal(&[diff]))),
            }
            if !amendments.is_empty() {
                o.push_str("\n锁定后的修改 (amendments after the lock)\n");
                o.push_str(&amendments.join("\n"));
                o.push('\n');
            }
            print!("{}", crate::terminal::escape_text(&o));
        }
        OutFormat::Json => println!("{}", report_json(&r)),
        OutFormat::Csv | OutFormat::Xlsx => {
            let mut g = Grid::new("cells", &["table", "row", "col", "value"]);
            for t in r.tables() {
                for row in &t.rows {
                    for c in &row.cells {
                        g.push(vec![
                            V::text(t.id.key()),
                            V::text(row.key),
                            V::text(c.col),
                            V::Num(c.value),
                        ]);
                    }
                }
            }
            out.emit(&[g, diff])?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
