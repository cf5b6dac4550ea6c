//! The public JSON API: the same data as the pages. Reads need no login and see only
//! published reports; a bearer token (or a session) sees every report. Writes need a token.
//!
//! The OpenAPI document (`/api/openapi.json`) is written by hand in [`openapi`] rather than
//! generated with `utoipa`: the responses are built from the store's and the report's types
//! (foreign types, which utoipa can only describe through mirror structs), the API has seven
//! operations, and a test requests every path the document lists and checks that every route
//! of [`routes`] is in it, so the document cannot drift from the handlers unnoticed.

use crate::auth::{self, MaybeUser};
use crate::pages::{Filter, visible_report};
use crate::{AppState, WebError};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gongkai_report::Report;
use gongkai_store::{ReportSummary, ReviewState, Selection, StoredReport, User};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/reports", get(reports))
        .route("/api/reports/{id}", get(report))
        .route("/api/reports/{id}/tables", get(tables))
        .route("/api/reports/{id}/cells", get(cells))
        .route("/api/reports/{id}/findings", get(findings))
        .route("/api/reports/{id}/review", post(review))
        .route("/api/stats", get(stats))
}

/// An API error: the status of the web error, as JSON.
pub struct ApiError(WebError);

impl From<WebError> for ApiError {
    fn from(e: WebError) -> ApiError {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let kind = match &self.0 {
            WebError::Unauthenticated => "unauthenticated",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf => "csrf",
            WebError::NotFound => "not_found",
            WebError::BadRequest(_) => "bad_request",
            WebError::TooManyAttempts(_) => "too_many_attempts",
            WebError::TooLarge(_) => "too_large",
            WebError::Store(_) | WebError::Internal(_) => "internal",
        };
        (
            status,
            Json(json!({ "error": { "kind": kind, "message": self.0.to_string() } })),
        )
            .into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

/// The account of the request's bearer token, if any (a wrong token is 401).
async fn token_user(st: &AppState, headers: &HeaderMap) -> Result<Option<User>, WebError> {
    let Some(v) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = v
        .to_str()
        .ok()
        .and_then(|s| s.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(WebError::Unauthenticated)?;
    let digest = auth::token_digest(token);
    match st.db(move |s| Ok(s.user_by_token(&digest)?)).await? {
        Some(u) if !u.disabled => Ok(Some(u)),
        _ => Err(WebError::Unauthenticated),
    }
}

/// Whether the request may see unpublished reports (a session or a valid token).
async fn insider(st: &AppState, u: &MaybeUser, headers: &HeaderMap) -> Result<bool, WebError> {
    Ok(u.user().is_some() || token_user(st, headers).await?.is_some())
}

fn summary_json(r: &ReportSummary, state: ReviewState) -> Value {
    json!({
        "id": r.id,
        "body": r.body_name,
        "body_key": r.body_key,
        "kind": r.kind,
        "region_code": r.region_code,
        "region_path": r.region_path,
        "year": r.year,
        "edition": r.edition,
        "version": r.version,
        "current": r.current,
        "errors": r.errors,
        "warnings": r.warnings,
        "published": r.published,
        "review_state": state.as_str(),
        "path": r.path,
        "sha256": r.sha256,
    })
}

/// `GET /api/reports?year=&region=`.
async fn reports(
    State(st): State<AppState>,
    u: MaybeUser,
    headers: HeaderMap,
    Query(f): Query<Filter>,
) -> ApiResult {
    let all = insider(&st, &u, &headers).await?;
    let sel = f.selection().map_err(WebError::BadRequest)?;
    let listed = crate::pages::listed(&st, &f, sel).await?;
    let (list, states) = &*listed;
    let out: Vec<Value> = list
        .iter()
        .filter_map(|r| {
            let state = states.get(&r.id).copied().unwrap_or_default();
            (all || state == ReviewState::Published).then(|| summary_json(r, state))
        })
        .collect();
    Ok(Json(json!({ "reports": out })))
}

async fn load(
    st: &AppState,
    u: &MaybeUser,
    headers: &HeaderMap,
    id: i64,
) -> Result<(StoredReport, ReviewState), WebError> {
    let all = insider(st, u, headers).await?;
    visible_report(st, all, id).await
}

fn cell_json(r: &Report, text: Option<&str>) -> Vec<Value> {
    let mut out = Vec::new();
    for t in r.tables() {
        for row in &t.rows {
            for c in &row.cells {
                let mut v = json!({
                    "table": t.id.key(),
                    "row": row.key,
                    "col": c.col,
                    "key": format!("{}.{}.{}", t.id.key(), row.key, c.col),
                    "value": c.value,
                    "blank": c.blank,
                    "raw": c.raw,
                    "span": [c.span.start, c.span.end],
                    "line": c.line,
                    "placement": c.placement.as_str(),
                    "converted_from_yuan": c.converted_from_yuan,
                });
                if let (Some(text), Some(obj)) = (text, v.as_object_mut()) {
                    obj.insert(
                        "source_text".into(),
                        json!(text.get(c.span.clone()).unwrap_or("")),
                    );
                }
                out.push(v);
            }
        }
    }
    out
}

fn findings_json(sr: &StoredReport) -> Vec<Value> {
    sr.findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            json!({
                "seq": i,
                "rule": f.rule,
                "severity": f.severity.as_str(),
                "assessable": f.assessable,
                "message": f.message,
                "cells": f.cells,
                "help": f.help,
                "evidence": f.evidence.iter().map(|e| json!({
                    "span": [e.span.start, e.span.end], "line": e.line, "label": e.label
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// `GET /api/reports/{id}`: summary, metadata, findings (the cells are under `/cells`).
async fn report(
    State(st): State<AppState>,
    u: MaybeUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let (sr, state) = load(&st, &u, &headers, id).await?;
    let m = &sr.report.meta;
    Ok(Json(json!({
        "summary": summary_json(&sr.summary, state),
        "title": m.title.as_ref().map(|t| &t.value),
        "org": m.org.as_ref().map(|t| &t.value),
        "source": {
            "format": sr.report.source.format,
            "encoding": sr.report.source.encoding,
            "bytes": sr.report.source.bytes,
            "sha256": sr.report.source.sha256,
        },
        "catalogue": sr.catalogue,
        "findings": findings_json(&sr),
    })))
}

/// `GET /api/reports/{id}/tables`: the three tables, rows of cells (keys of gongkai-format).
async fn tables(
    State(st): State<AppState>,
    u: MaybeUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let (sr, _) = load(&st, &u, &headers, id).await?;
    let out: Vec<Value> = sr
        .report
        .tables()
        .map(|t| {
            let rows: BTreeMap<&str, BTreeMap<&str, Value>> = t
                .rows
                .iter()
                .map(|r| {
                    (
                        r.key,
                        r.cells
                            .iter()
                            .map(|c| (c.col, if c.blank { Value::Null } else { json!(c.value) }))
                            .collect(),
                    )
                })
                .collect();
            json!({
                "table": t.id.key(),
                "name": t.id.name_zh(),
                "found": t.span.is_some(),
                "edition": t.edition.map(|e| e.as_str()),
                "rows": rows,
            })
        })
        .collect();
    Ok(Json(json!({ "report": id, "tables": out })))
}

/// `GET /api/reports/{id}/cells`: every cell with its provenance and its source text.
async fn cells(
    State(st): State<AppState>,
    u: MaybeUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let (sr, _) = load(&st, &u, &headers, id).await?;
    let text = st.db(move |s| Ok(s.source_text(id)?)).await?;
    Ok(Json(
        json!({ "report": id, "cells": cell_json(&sr.report, text.as_deref()) }),
    ))
}

/// `GET /api/reports/{id}/findings`.
async fn findings(
    State(st): State<AppState>,
    u: MaybeUser,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> ApiResult {
    let (sr, _) = load(&st, &u, &headers, id).await?;
    Ok(Json(
        json!({ "report": id, "findings": findings_json(&sr) }),
    ))
}

/// The body of a review write.
#[derive(Debug, Deserialize)]
pub struct ReviewBody {
    /// `pending`, `reviewed`, `published`.
    pub state: String,
}

/// `POST /api/reports/{id}/review` with `Authorization: Bearer TOKEN`.
async fn review(
    State(st): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    body: Result<Json<ReviewBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult {
    let user = token_user(&st, &headers)
        .await?
        .ok_or(WebError::Unauthenticated)?;
    let Json(b) = body.map_err(|e| WebError::BadRequest(e.body_text()))?;
    let state =
        crate::pages::set_review(&st, &user, format!("api:{}", user.name), id, &b.state).await?;
    Ok(Json(
        json!({ "report": id, "review_state": state.as_str() }),
    ))
}

/// `GET /api/stats?year=&region=`: sums of every cell and the rates. The public gets them
/// over published reports only; a token or session over every current report.
async fn stats(
    State(st): State<AppState>,
    u: MaybeUser,
    headers: HeaderMap,
    Query(f): Query<Filter>,
) -> ApiResult {
    let all = insider(&st, &u, &headers).await?;
    let sel = f.selection().map_err(WebError::BadRequest)?;
    let key = format!("api-stats|{all}|{}|{}", f.year.trim(), f.region.trim());
    let st2 = st.clone();
    let v = st
        .cache
        .get_or(key, || async move { stats_value(&st2, sel, all).await })
        .await?;
    Ok(Json(Value::clone(&v)))
}

/// `/api/stats` for everything the caller may see: all reports, or the published ones.
async fn stats_value(st: &AppState, sel: Selection, all: bool) -> Result<Value, WebError> {
    if all {
        let s = st.db(move |s| Ok(s.stats(&sel)?)).await?;
        return Ok(json!({
            "scope": "all",
            "reports": s.reports,
            "bodies": s.bodies,
            "cells": s.cells.iter().map(|c| json!({
                "key": c.key.to_string(), "sum": c.sum, "reports": c.reports, "bodies": c.bodies
            })).collect::<Vec<_>>(),
            "rates": s.rates.iter().map(|r| json!({
                "name": r.rate.name, "title": r.rate.title, "value": r.value(),
                "numerator": r.numerator, "denominator": r.denominator, "reports": r.reports
            })).collect::<Vec<_>>(),
        }));
    }
    // Public: the flat cells of the published reports of the selection, summed here.
    let rows = st
        .db(move |s| {
            let list = s.list(&sel)?;
            let ids: Vec<i64> = list.iter().map(|r| r.id).collect();
            let states = s.review_states(&ids)?;
            let published: std::collections::HashSet<i64> = ids
                .into_iter()
                .filter(|i| states.get(i) == Some(&ReviewState::Published))
                .collect();
            let bodies: std::collections::HashSet<Option<String>> = list
                .iter()
                .filter(|r| published.contains(&r.id))
                .map(|r| r.body_key.clone())
                .collect();
            let mut published: Vec<i64> = published.into_iter().collect();
            published.sort_unstable();
            Ok((published.len(), bodies.len(), s.flat_rows(&published)?))
        })
        .await?;
    let (n, bodies, flat) = rows;
    let mut sums: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for r in &flat {
        let e = sums
            .entry(format!("{}.{}.{}", r.table, r.row, r.col))
            .or_insert((0.0, 0));
        e.0 += r.value.as_f64();
        e.1 += 1;
    }
    Ok(json!({
        "scope": "published",
        "reports": n,
        "bodies": bodies,
        "cells": sums.iter().map(|(k, (sum, reports))| json!({
            "key": k, "sum": sum, "reports": reports
        })).collect::<Vec<_>>(),
    }))
}

/// The OpenAPI 3.1 document of the API.
pub fn openapi_document() -> Value {
    let id_param = json!({
        "name": "id", "in": "path", "required": true, "schema": { "type": "integer" }
    });
    let filters = json!([
        { "name": "year", "in": "query", "schema": { "type": "string" }, "description": "报告年度" },
        { "name": "region", "in": "query", "schema": { "type": "string" }, "description": "区划代码前缀或名称" }
    ]);
    let ok = |d: &str| json!({ "200": { "description": d, "content": { "application/json": { "schema": { "type": "object" } } } }, "404": { "$ref": "#/components/responses/Error" } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "gongkai API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "政府信息公开工作年度报告：报告、表格、单元格及其原文位置、问题、统计。未登录只可读取已公开的报告；写操作需要令牌（gongkai user token NAME）。"
        },
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer" } },
            "responses": { "Error": { "description": "错误", "content": { "application/json": { "schema": {
                "type": "object", "properties": { "error": { "type": "object", "properties": {
                    "kind": { "type": "string" }, "message": { "type": "string" } } } } } } } } }
        },
        "paths": {
            "/api/reports": { "get": { "summary": "报告列表", "parameters": filters, "responses": ok("报告列表") } },
            "/api/reports/{id}": { "get": { "summary": "一份报告：摘要、元数据、问题", "parameters": [id_param], "responses": ok("报告") } },
            "/api/reports/{id}/tables": { "get": { "summary": "三张表（按 gongkai-format 的行列键）", "parameters": [id_param], "responses": ok("表格") } },
            "/api/reports/{id}/cells": { "get": { "summary": "每个单元格及其来源（位置、行号、原文）", "parameters": [id_param], "responses": ok("单元格") } },
            "/api/reports/{id}/findings": { "get": { "summary": "问题", "parameters": [id_param], "responses": ok("问题") } },
            "/api/reports/{id}/review": { "post": {
                "summary": "设置审核状态（需要令牌；审核员限本区划）",
                "security": [{ "token": [] }],
                "parameters": [id_param],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["state"],
                    "properties": { "state": { "type": "string", "enum": ["pending", "reviewed", "published"] } } } } } },
                "responses": {
                    "200": { "description": "已设置" },
                    "401": { "$ref": "#/components/responses/Error" },
                    "403": { "$ref": "#/components/responses/Error" },
                    "404": { "$ref": "#/components/responses/Error" }
                }
            } },
            "/api/stats": { "get": { "summary": "合计与比率（未登录：仅已公开的报告）", "parameters": filters, "responses": ok("统计") } },
            "/api/openapi.json": { "get": { "summary": "本文档", "responses": { "200": { "description": "OpenAPI" } } } }
        }
    })
}

async fn openapi() -> Json<Value> {
    Json(openapi_document())
}
