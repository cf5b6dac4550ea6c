//! The dashboard of a region and year: who has published, findings by rule and by body, the
//! score ranking by the server's rubric (`gongkai-review`, as `gongkai score` scores), totals
//! and rates with their trend over the years in the store, and the store's exports of the
//! selection as downloads (`gongkai_store::export`, as `gongkai export` writes them).

use crate::auth::MaybeUser;
use crate::pages::{Filter, Nav, render};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gongkai_report::{Finding, Report};
use gongkai_review::rubric::{points, rank};
use gongkai_review::{Reviewed, Rubric, Subject};
use gongkai_store::export::{CsvWriter, ExportError};
use gongkai_store::{BodyFindings, ReviewState, Selection, Store, StoredReport};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Most reports scored for one ranking (each is read whole from the store).
const RANK_MAX: usize = 1000;
/// Most reports in one flat download (CSV, XLSX, Parquet: built in memory).
const EXPORT_MAX: usize = 20_000;
/// Most reports in one statutory workbook (one sheet each), as `gongkai export`.
const SHEETS_MAX: usize = 2000;
/// Reports read per query while exporting.
const PAGE: usize = 500;

/// The dashboard's query: the selection, the sort of the table by body, the download.
#[derive(Debug, Default, Deserialize)]
pub struct DashQuery {
    /// Year.
    #[serde(default)]
    pub year: String,
    /// Region code prefix or name.
    #[serde(default)]
    pub region: String,
    /// Findings by body sorted by `errors` (default), `warnings`, `reports` or `body`.
    #[serde(default)]
    pub sort: String,
    /// Download: `csv`, `xlsx`, `statutory` (XLSX in the statutory layout), `parquet`.
    #[serde(default)]
    pub format: String,
}

impl DashQuery {
    fn filter(&self) -> Filter {
        Filter {
            year: self.year.clone(),
            region: self.region.clone(),
        }
    }

    /// `year=…&region=…`, encoded, for the page's links.
    fn query(&self) -> String {
        serde_urlencoded::to_string([("year", self.year.trim()), ("region", self.region.trim())])
            .unwrap_or_default()
    }
}

/// One row of the score ranking.
pub struct RankRow {
    rank: usize,
    id: i64,
    body: String,
    year: String,
    score: String,
    deducted: String,
    why: String,
}

/// The ranking, or why there is none.
pub struct Ranking {
    name: String,
    source: String,
    full: String,
    rows: Vec<RankRow>,
    manual: Vec<String>,
}

/// One year of the trends.
pub struct TrendRow {
    year: i32,
    reports: usize,
    bodies: usize,
    findings: i64,
    rates: Vec<String>,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    nav: Nav,
    scope: String,
    year: String,
    region: String,
    query: String,
    sort: String,
    message: Option<String>,
    reports: usize,
    bodies: usize,
    published: usize,
    reviewed: usize,
    pending: usize,
    missing: Vec<(String, String, String)>,
    rules: Vec<(String, String, i64, i64)>,
    by_body: Vec<BodyFindings>,
    ranking: Option<Ranking>,
    ranking_note: Option<String>,
    rate_titles: Vec<String>,
    trends: Vec<TrendRow>,
    rates: Vec<(String, String, String, String, usize)>,
    totals: Vec<(String, String, String, usize)>,
    chart_json: String,
    trend_json: String,
    echarts: bool,
    parquet: bool,
}

/// The stored findings as model findings, for the rubric (a rule no longer in the
/// catalogue is left out: the rubric cannot name it either).
fn with_findings(sr: &StoredReport) -> Report {
    let mut report = sr.report.clone();
    report.findings = sr
        .findings
        .iter()
        .filter_map(|f| {
            Some(Finding {
                rule: gongkai_check::rule(&f.rule)?.id,
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

/// Score the reports with the rubric and rank them, best first (`gongkai score`'s order).
fn ranking(rubric: &Rubric, reports: &[StoredReport]) -> Ranking {
    // Waivers are not applied yet: they move into the store on their own branch.
    let none = BTreeMap::new();
    let reviewed: Vec<Reviewed> = reports
        .iter()
        .map(|sr| {
            let s = &sr.summary;
            let subject = Subject::new(
                s.body_key
                    .clone()
                    .unwrap_or_else(|| format!("report:{}", s.id)),
                s.body_name.clone().unwrap_or_else(|| s.path.clone()),
                s.year,
            );
            Reviewed::new(subject, with_findings(sr), None, &none)
        })
        .collect();
    let scores: Vec<_> = reviewed.iter().map(|r| rubric.score(r)).collect();
    let rows = rank(&reviewed, &scores)
        .into_iter()
        .enumerate()
        .filter_map(|(n, i)| {
            let (s, r) = (scores.get(i)?, reviewed.get(i)?);
            let why: Vec<String> = s
                .categories
                .iter()
                .flat_map(|c| &c.deductions)
                .map(|d| {
                    let name = rubric.items.get(d.item).map_or("", |i| i.name.as_str());
                    format!("{name} −{}", points(d.points))
                })
                .collect();
            Some(RankRow {
                rank: n + 1,
                id: reports.get(i)?.summary.id,
                body: r.subject.name.clone(),
                year: r.subject.year.map(|y| y.to_string()).unwrap_or_default(),
                score: points(s.score),
                deducted: points(s.deducted),
                why: why.join("；"),
            })
        })
        .collect();
    Ranking {
        name: rubric.name.clone(),
        source: rubric.source.clone(),
        full: points(rubric.points),
        rows,
        manual: rubric.manual().map(|i| i.name.clone()).collect(),
    }
}

fn sort_bodies(v: &mut [BodyFindings], by: &str) {
    match by {
        "warnings" => v.sort_by(|a, b| b.warnings.cmp(&a.warnings).then(a.body.cmp(&b.body))),
        "reports" => v.sort_by(|a, b| b.reports.cmp(&a.reports).then(a.body.cmp(&b.body))),
        "body" => v.sort_by(|a, b| a.body.cmp(&b.body).then(a.region.cmp(&b.region))),
        // The store's order: errors, then warnings.
        _ => {}
    }
}

fn percent(v: Option<f64>) -> String {
    v.map_or("—".to_owned(), |v| format!("{:.2}%", v * 100.0))
}

/// Everything the page reads from the store.
struct Data {
    stats: gongkai_store::Stats,
    rules: Vec<(String, String, i64, i64)>,
    states: std::collections::HashMap<i64, ReviewState>,
    missing: Vec<gongkai_store::MissingBody>,
    by_body: Vec<BodyFindings>,
    years: Vec<(i32, gongkai_store::Stats, i64)>,
    scored: Option<Result<Vec<StoredReport>, usize>>,
}

fn read(s: &mut Store, sel: &Selection, score: bool) -> Result<Data, WebError> {
    let stats = s.stats(sel)?;
    let rules = s.findings_by_rule(sel)?;
    let list = s.list(sel)?;
    let ids: Vec<i64> = list.iter().map(|r| r.id).collect();
    let states = s.review_states(&ids)?;
    let missing = if sel.year.is_some() {
        s.missing(sel, &[])?
    } else {
        Vec::new()
    };
    let by_body = s.findings_by_body(sel)?;
    let mut years = Vec::new();
    for y in s.years(sel)? {
        let at = Selection {
            year: Some(y),
            ..sel.clone()
        };
        let st = s.stats(&at)?;
        let findings = s.findings_by_rule(&at)?.iter().map(|r| r.2).sum();
        years.push((y, st, findings));
    }
    let scored = if !score {
        None
    } else if ids.len() > RANK_MAX {
        Some(Err(ids.len()))
    } else {
        let mut v = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = s.report(id)? {
                v.push(r);
            }
        }
        Some(Ok(v))
    };
    Ok(Data {
        stats,
        rules,
        states,
        missing,
        by_body,
        years,
        scored,
    })
}

/// `GET /dashboard?year=&region=&sort=`: a region's year at a glance (logged-in accounts).
pub async fn dashboard(
    State(st): State<AppState>,
    u: MaybeUser,
    Query(q): Query<DashQuery>,
) -> Result<Response, WebError> {
    u.require()?;
    let (sel, message) = match q.filter().selection() {
        Ok(s) => (s, None),
        Err(m) => (Selection::default(), Some(m)),
    };
    let scope = format!(
        "{} {}",
        if q.region.trim().is_empty() {
            "全部区划"
        } else {
            q.region.trim()
        },
        sel.year
            .map_or("全部年度".to_owned(), |y| format!("{y} 年度"))
    );
    let rubric = st.config.rubric.clone();
    let score = rubric.is_some();
    // The store's part is the same for everyone who may see the dashboard: kept a few
    // seconds (`cache.rs`); sorting and ranking are done per request.
    let key = format!("dashboard|{}|{}|{score}", q.year.trim(), q.region.trim());
    let st2 = st.clone();
    let d = st
        .cache
        .get_or(key, || async move {
            st2.db(move |s| read(s, &sel, score)).await
        })
        .await?;
    let count = |x: ReviewState| d.states.values().filter(|&&s| s == x).count();
    let (ranking, ranking_note) = match (&rubric, &d.scored) {
        (Some(r), Some(Ok(reports))) => (Some(ranking(r, reports)), None),
        (_, Some(Err(n))) => (
            None,
            Some(format!(
                "所选范围有 {n} 份报告，超过排名上限 {RANK_MAX} 份：请按年度或区划缩小范围。"
            )),
        ),
        _ => (
            None,
            Some("服务器未配置评分表（gongkai serve --rubric FILE，或 gongkai.toml 的 [score] rubric）。".into()),
        ),
    };
    let mut by_body = d.by_body.clone();
    sort_bodies(&mut by_body, &q.sort);
    let rate_titles: Vec<String> = d
        .stats
        .rates
        .iter()
        .map(|r| r.rate.title.to_owned())
        .collect();
    let trends: Vec<TrendRow> = d
        .years
        .iter()
        .map(|(y, s, f)| TrendRow {
            year: *y,
            reports: s.reports,
            bodies: s.bodies,
            findings: *f,
            rates: s.rates.iter().map(|r| percent(r.value())).collect(),
        })
        .collect();
    let trend_chart = serde_json::json!({
        "years": d.years.iter().map(|(y, _, _)| y).collect::<Vec<_>>(),
        "reports": d.years.iter().map(|(_, s, _)| s.reports).collect::<Vec<_>>(),
        "findings": d.years.iter().map(|(_, _, f)| f).collect::<Vec<_>>(),
        "rates": rate_titles.iter().enumerate().map(|(i, t)| serde_json::json!({
            "name": t,
            "values": d.years.iter().map(|(_, s, _)| {
                s.rates.get(i).and_then(|r| r.value()).map(|v| (v * 10000.0).round() / 100.0)
            }).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let chart = serde_json::json!({
        "rules": d.rules.iter().map(|r| &r.0).collect::<Vec<_>>(),
        "counts": d.rules.iter().map(|r| r.2).collect::<Vec<_>>(),
    });
    render(&DashboardPage {
        nav: Nav::of(&u),
        scope,
        year: q.year.clone(),
        region: q.region.clone(),
        query: q.query(),
        sort: q.sort.clone(),
        message,
        reports: d.stats.reports,
        bodies: d.stats.bodies,
        published: count(ReviewState::Published),
        reviewed: count(ReviewState::Reviewed),
        pending: count(ReviewState::Pending),
        missing: d
            .missing
            .iter()
            .map(|m| {
                (
                    m.record.name.clone(),
                    m.record.region_path.clone().unwrap_or_default(),
                    m.last_year.map(|y| y.to_string()).unwrap_or_default(),
                )
            })
            .collect(),
        rules: d.rules.clone(),
        by_body,
        ranking,
        ranking_note,
        rate_titles,
        trends,
        rates: d
            .stats
            .rates
            .iter()
            .map(|r| {
                (
                    r.rate.title.to_owned(),
                    percent(r.value()),
                    r.numerator.to_string(),
                    r.denominator.to_string(),
                    r.reports,
                )
            })
            .collect(),
        totals: d
            .stats
            .cells
            .iter()
            .map(|c| {
                (
                    c.key.to_string(),
                    c.key
                        .cell_ref()
                        .map(|r| gongkai_store::rates::cell_label(&r))
                        .unwrap_or_default(),
                    c.sum.to_string(),
                    c.reports,
                )
            })
            .collect(),
        chart_json: chart.to_string(),
        trend_json: trend_chart.to_string(),
        echarts: crate::assets::ECHARTS.is_some(),
        parquet: cfg!(feature = "parquet"),
    })
}

fn export_error(e: ExportError) -> WebError {
    match e {
        ExportError::TooManyRows { .. } => WebError::BadRequest(format!("{e}：请缩小范围")),
        e => WebError::Internal(format!("export: {e}")),
    }
}

impl From<ExportError> for WebError {
    fn from(e: ExportError) -> WebError {
        export_error(e)
    }
}

/// The bytes of a download, its content type and file extension.
fn export_bytes(
    s: &mut Store,
    sel: &Selection,
    format: &str,
) -> Result<(Vec<u8>, &'static str, &'static str), WebError> {
    let max = if format == "statutory" {
        SHEETS_MAX
    } else {
        EXPORT_MAX
    };
    let n = s.report_ids(sel, 0, max + 1)?.len();
    if n > max {
        return Err(WebError::BadRequest(format!(
            "所选范围超过 {max} 份报告，请按年度或区划缩小范围 (more than {max} reports)"
        )));
    }
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    match format {
        "csv" => {
            let mut buf = Vec::new();
            let mut w = CsvWriter::new(&mut buf)?;
            s.each_flat_row(sel, PAGE, |r| w.write(r).map_err(WebError::from))?;
            w.finish()?;
            Ok((buf, "text/csv; charset=utf-8", "csv"))
        }
        "xlsx" => {
            let mut w = gongkai_store::export::FlatXlsx::new()?;
            s.each_flat_row(sel, PAGE, |r| w.write(r).map_err(WebError::from))?;
            Ok((w.into_bytes()?, XLSX, "xlsx"))
        }
        "statutory" => {
            let mut book = gongkai_store::export::StatutoryXlsx::new();
            let mut after = 0;
            loop {
                let ids = s.report_ids(sel, after, PAGE)?;
                let Some(last) = ids.last().copied() else {
                    break;
                };
                for id in ids {
                    if let Some(r) = s.report(id)? {
                        book.add(&r)?;
                    }
                }
                after = last;
            }
            let stats = s.stats(sel)?;
            Ok((book.into_bytes(&stats)?, XLSX, "xlsx"))
        }
        "parquet" => parquet(s, sel),
        other => Err(WebError::BadRequest(format!(
            "未知格式“{other}”（csv、xlsx、statutory、parquet）"
        ))),
    }
}

#[cfg(feature = "parquet")]
fn parquet(
    s: &mut Store,
    sel: &Selection,
) -> Result<(Vec<u8>, &'static str, &'static str), WebError> {
    let mut buf = Vec::new();
    let mut w = gongkai_store::export::ParquetWriter::new(&mut buf)?;
    s.each_flat_row(sel, PAGE, |r| w.write(r).map_err(WebError::from))?;
    w.finish()?;
    Ok((buf, "application/vnd.apache.parquet", "parquet"))
}

#[cfg(not(feature = "parquet"))]
fn parquet(
    _: &mut Store,
    _: &Selection,
) -> Result<(Vec<u8>, &'static str, &'static str), WebError> {
    Err(WebError::BadRequest(
        "此服务器未包含 Parquet (built without the feature parquet)".into(),
    ))
}

/// `GET /dashboard/export?year=&region=&format=`: the store's export of the selection
/// (logged-in accounts, as the dashboard).
pub async fn export(
    State(st): State<AppState>,
    u: MaybeUser,
    Query(q): Query<DashQuery>,
) -> Result<Response, WebError> {
    u.require()?;
    let sel = q.filter().selection().map_err(WebError::BadRequest)?;
    let name = format!(
        "gongkai-{}-{}",
        sel.year.map_or("all".to_owned(), |y| y.to_string()),
        sel.region.clone().unwrap_or_else(|| "all".into())
    );
    let format = q.format.clone();
    let (bytes, mime, ext) = st.db(move |s| export_bytes(s, &sel, &format)).await?;
    // The name is made of digits, `all` and the extension only: nothing from the request.
    let disposition = format!(
        "attachment; filename=\"{name}{}.{ext}\"",
        if q.format == "statutory" {
            "-statutory"
        } else {
            ""
        }
    );
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
