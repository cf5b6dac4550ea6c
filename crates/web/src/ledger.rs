//! The producers' ledger (依申请公开台账) in the browser: a body's cases with their deadlines
//! and the calendar reasoning behind each (`gongkai-ledger`, as `gongkai ledger list` and
//! `deadlines` print them), a case form, the import of a CSV/XLSX ledger (all or nothing),
//! the year's report written from the ledger as DOCX (`gongkai-writer`), and the lock of a
//! year.
//!
//! Who: a clerk for its own body only; an admin for any body; reviewers and viewers read.
//! Every write is checked on the server, carries the session's CSRF token and is audited.
//!
//! The case form is validated by the importer itself: the fields are the ledger's columns
//! (`gongkai_ledger::COLUMNS`), sent through `import_csv` as a one-row ledger, so a case typed
//! in the form and a case in a file obey the same rules, and a bad field is named by its
//! column. Locked years refuse changes here; amendments of a locked year (who, why) are the
//! command line's (`gongkai ledger import --by --reason`).

use crate::auth::{self, MaybeUser};
use crate::pages::{Nav, now, render};
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_format::Edition;
use gongkai_ledger::{
    COLUMNS, Case, ColumnKind, ImportError, Ledger, LedgerError, Status, WorkbookError,
    case_values, choices, deadline,
};
use gongkai_store::{AuditEntry, BodyRecord, LedgerRecord, Store, User};
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::HashMap;

/// Which body, and the day deadlines are computed for.
#[derive(Debug, Default, Deserialize)]
pub struct LedgerQuery {
    /// The body's key (a clerk's own body when empty).
    #[serde(default)]
    pub body: String,
    /// `YYYY-MM-DD` (default: today in Beijing).
    #[serde(default)]
    pub today: String,
    /// `all` (default), `open`, `due_soon`, `overdue`.
    #[serde(default)]
    pub show: String,
    /// A case's id (the case form).
    #[serde(default)]
    pub id: String,
    /// A report year (the download).
    #[serde(default)]
    pub year: String,
    /// Part of a body's name (the body picker of accounts without a body).
    #[serde(default)]
    pub find: String,
}

/// Today in Beijing (UTC+8, no daylight saving): deadlines run on Beijing's calendar.
fn beijing_today() -> Date {
    jiff::tz::Offset::constant(8)
        .to_datetime(jiff::Timestamp::now())
        .date()
}

fn today_of(q: &str) -> Result<Date, WebError> {
    if q.trim().is_empty() {
        return Ok(beijing_today());
    }
    gongkai_ledger::parse_date(q.trim())
        .ok_or_else(|| WebError::BadRequest(format!("“{q}”不是日期（YYYY-MM-DD）")))
}

/// The body asked for: the clerk's own when none is named.
fn body_key(u: &User, asked: &str) -> Result<String, WebError> {
    let asked = asked.trim();
    if !asked.is_empty() {
        return Ok(asked.to_owned());
    }
    u.body_key
        .clone()
        .ok_or_else(|| WebError::BadRequest("请指定机关（body=机关代码）".into()))
}

/// The body's record in the store and its ledger (empty if none yet).
fn load(s: &mut Store, key: &str) -> Result<(BodyRecord, LedgerRecord), WebError> {
    let body = s
        .find_bodies(key)?
        .into_iter()
        .find(|b| b.record.key == key)
        .map(|b| b.record)
        .ok_or(WebError::NotFound)?;
    let rec = s.load_ledger(key)?.unwrap_or(LedgerRecord {
        ledger: Ledger::new(),
        proceedings: Vec::new(),
        table2: Vec::new(),
    });
    Ok((body, rec))
}

/// Wording of a ledger refusal.
fn ledger_error(e: &LedgerError) -> String {
    match e {
        LedgerError::Locked { case_id, years } => format!(
            "案件 {case_id} 计入已锁定的年度（{}）：网页上不能修改，锁定后的修改请用命令行记录修改人和理由（gongkai ledger import --by --reason）",
            years
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、")
        ),
        LedgerError::DuplicateId(id) => format!("编号 {id} 已存在"),
        LedgerError::UnknownCase(id) => format!("没有编号为 {id} 的案件"),
        LedgerError::AlreadyLocked(y) => format!("{y} 年度已锁定"),
        e => e.to_string(),
    }
}

struct CaseRow {
    id: String,
    received: String,
    channel: &'static str,
    applicant: &'static str,
    outcome: String,
    replied: String,
    status_key: &'static str,
    status: String,
    due: String,
    explanation: String,
    locked: bool,
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage {
    nav: Nav,
    body: String,
    key: String,
    key_q: String,
    today: String,
    show: String,
    rows: Vec<CaseRow>,
    total: usize,
    locks: Vec<(i16, String, String)>,
    years: Vec<i16>,
    csrf: Option<String>,
    message: Option<String>,
    errors: Vec<String>,
}

fn enc(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// The years a ledger's cases are received in, and this year, newest first.
fn years_of(rec: &LedgerRecord, today: Date) -> Vec<i16> {
    let mut y: Vec<i16> = rec
        .ledger
        .cases()
        .iter()
        .map(|c| c.received.year())
        .chain([today.year()])
        .collect();
    y.sort_unstable_by(|a, b| b.cmp(a));
    y.dedup();
    y
}

#[allow(clippy::too_many_arguments)]
fn ledger_page(
    u: &MaybeUser,
    body: &BodyRecord,
    rec: &LedgerRecord,
    today: Date,
    show: &str,
    writable: bool,
    message: Option<String>,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let rows: Vec<CaseRow> = rec
        .ledger
        .cases()
        .iter()
        .map(|c| (c, deadline(c, today)))
        .filter(|(_, d)| match show {
            "open" => d.status.is_open(),
            "due_soon" => matches!(d.status, Status::DueSoon { .. }),
            "overdue" => matches!(d.status, Status::Overdue { .. }),
            _ => true,
        })
        .map(|(c, d)| CaseRow {
            id: c.id.clone(),
            received: c.received.to_string(),
            channel: c.channel.label(),
            applicant: c.applicant.label(),
            outcome: c
                .reply
                .as_ref()
                .map(|r| r.outcome.label().to_owned())
                .unwrap_or_default(),
            replied: c
                .reply
                .as_ref()
                .map(|r| r.date.to_string())
                .unwrap_or_default(),
            status_key: d.status.key(),
            status: d.status.to_string(),
            due: d.due_date().map(|x| x.to_string()).unwrap_or_default(),
            explanation: d.to_string(),
            locked: gongkai_ledger::years_counted(c).any(|y| rec.ledger.is_locked(y)),
        })
        .collect();
    render(&LedgerPage {
        nav: Nav::of(u),
        body: body.name.clone(),
        key: body.key.clone(),
        key_q: enc(&[("body", &body.key)]),
        today: today.to_string(),
        show: show.to_owned(),
        rows,
        total: rec.ledger.cases().len(),
        locks: rec
            .ledger
            .locks()
            .iter()
            .map(|l| (l.year, l.by.clone(), l.at.to_string()))
            .collect(),
        years: years_of(rec, today),
        csrf: writable
            .then(|| u.0.as_ref().map(|(_, s)| s.csrf.clone()))
            .flatten(),
        message,
        errors,
    })
}

#[derive(Template)]
#[template(path = "ledger_pick.html")]
struct PickPage {
    nav: Nav,
    find: String,
    found: Vec<(String, String, String)>,
}

/// `GET /ledger?body=&today=&show=`: the cases and their deadlines; without a body (an
/// account that has none), a search for one (`find=`).
pub async fn page(
    State(st): State<AppState>,
    u: MaybeUser,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, WebError> {
    let s = u.require()?;
    if q.body.trim().is_empty() && s.user.body_key.is_none() {
        let find = q.find.trim().to_owned();
        let f = find.clone();
        let found = if f.is_empty() {
            Vec::new()
        } else {
            st.db(move |s| Ok(s.find_bodies(&f)?)).await?
        };
        return render(&PickPage {
            nav: Nav::of(&u),
            find,
            found: found
                .into_iter()
                .map(|b| {
                    (
                        enc(&[("body", &b.record.key)]),
                        b.record.name,
                        b.record.region_path.unwrap_or_default(),
                    )
                })
                .collect(),
        });
    }
    let key = body_key(&s.user, &q.body)?;
    auth::may_read_ledger(&s.user, &key)?;
    let writable = auth::may_write_ledger(&s.user, &key).is_ok();
    let today = today_of(&q.today)?;
    let (body, rec) = st.db(move |s| load(s, &key)).await?;
    ledger_page(&u, &body, &rec, today, &q.show, writable, None, Vec::new())
}

/// One field of the case form.
struct Field {
    key: &'static str,
    label: &'static str,
    required: bool,
    kind: &'static str,
    value: String,
    choices: Vec<String>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "ledger_case.html")]
struct CasePage {
    nav: Nav,
    body: String,
    key: String,
    key_q: String,
    csrf: String,
    original: String,
    fields: Vec<Field>,
    errors: Vec<String>,
}

fn fields(values: &HashMap<String, String>, errors: &HashMap<&str, String>) -> Vec<Field> {
    // Outcomes of both editions: the year decides which is valid, and the importer checks.
    let mut outcomes = choices(ColumnKind::Outcome, Edition::E2021);
    for o in choices(ColumnKind::Outcome, Edition::E2019) {
        if !outcomes.contains(&o) {
            outcomes.push(o);
        }
    }
    COLUMNS
        .iter()
        .map(|c| Field {
            key: c.key,
            label: c.label,
            required: c.value_required,
            kind: if c.kind == ColumnKind::Date {
                "date"
            } else {
                "text"
            },
            value: values.get(c.key).cloned().unwrap_or_default(),
            choices: match c.kind {
                ColumnKind::Outcome => outcomes.clone(),
                k => choices(k, Edition::E2021),
            },
            error: errors.get(c.key).cloned(),
        })
        .collect()
}

fn case_page(
    u: &MaybeUser,
    body: &BodyRecord,
    original: &str,
    values: &HashMap<String, String>,
    field_errors: &HashMap<&str, String>,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let s = u.require()?;
    render(&CasePage {
        nav: Nav::of(u),
        body: body.name.clone(),
        key: body.key.clone(),
        key_q: enc(&[("body", &body.key)]),
        csrf: s.csrf.clone(),
        original: original.to_owned(),
        fields: fields(values, field_errors),
        errors,
    })
}

/// `GET /ledger/case?body=&id=`: the form for a new case, or for case `id`.
pub async fn case_form(
    State(st): State<AppState>,
    u: MaybeUser,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, WebError> {
    let s = u.require()?;
    let key = body_key(&s.user, &q.body)?;
    auth::may_write_ledger(&s.user, &key)?;
    let (body, rec) = st.db(move |s| load(s, &key)).await?;
    let mut values = HashMap::new();
    if !q.id.is_empty() {
        let c = rec.ledger.case(&q.id).ok_or(WebError::NotFound)?;
        for (spec, v) in COLUMNS.iter().zip(case_values(c)) {
            if let Some(v) = v {
                values.insert(spec.key.to_owned(), v.to_string());
            }
        }
    }
    case_page(&u, &body, &q.id, &values, &HashMap::new(), Vec::new())
}

/// The form's fields as a one-row ledger, read by the importer.
fn case_of(
    values: &HashMap<String, String>,
) -> Result<Case, (HashMap<&'static str, String>, Vec<String>)> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let row: Vec<&str> = COLUMNS
        .iter()
        .map(|c| values.get(c.key).map_or("", |v| v.trim()))
        .collect();
    let written = w
        .write_record(COLUMNS.iter().map(|c| c.key))
        .and_then(|()| w.write_record(&row))
        .map_err(|e| e.to_string())
        .and_then(|()| w.into_inner().map_err(|e| e.to_string()));
    let bytes = written.map_err(|e| (HashMap::new(), vec![e]))?;
    match gongkai_ledger::import_csv(&bytes) {
        Ok(mut cases) if cases.len() == 1 => {
            cases.pop().ok_or_else(|| (HashMap::new(), Vec::new()))
        }
        Ok(_) => Err((HashMap::new(), vec!["表单为空".into()])),
        Err(ImportError::Rows(rows)) => {
            let mut by_field = HashMap::new();
            let mut general = Vec::new();
            for r in rows {
                match r.column {
                    Some(c) => {
                        by_field
                            .entry(c)
                            .and_modify(|e: &mut String| {
                                e.push('；');
                                e.push_str(&r.problem.to_string());
                            })
                            .or_insert_with(|| r.problem.to_string());
                    }
                    None => general.push(r.problem.to_string()),
                }
            }
            Err((by_field, general))
        }
        Err(e) => Err((HashMap::new(), vec![e.to_string()])),
    }
}

/// `POST /ledger/case`: add a case, or change case `original`; validated as a ledger row.
pub async fn case_save(
    State(st): State<AppState>,
    u: MaybeUser,
    Form(mut f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let s = u.require_csrf(f.get("csrf").map(String::as_str))?;
    let key = body_key(&s.user, f.get("body").map_or("", String::as_str))?;
    auth::may_write_ledger(&s.user, &key)?;
    let who = s.user.name.clone();
    let original = f.remove("original").unwrap_or_default();
    let k = key.clone();
    let (body, mut rec) = st.db(move |s| load(s, &k)).await?;
    let case = match case_of(&f) {
        Ok(c) => c,
        Err((fe, general)) => {
            let mut res = case_page(&u, &body, &original, &f, &fe, general)?;
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
    };
    let id = case.id.clone();
    let r = if original.is_empty() {
        rec.ledger.add(case)
    } else if original != id {
        Err(LedgerError::UnknownCase(format!(
            "{original}（编号不能修改）"
        )))
    } else {
        rec.ledger.update(case)
    };
    if let Err(e) = r {
        let mut res = case_page(
            &u,
            &body,
            &original,
            &f,
            &HashMap::new(),
            vec![ledger_error(&e)],
        )?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let action = if original.is_empty() {
        "ledger-add"
    } else {
        "ledger-edit"
    };
    let b = body.clone();
    st.db(move |s| {
        s.save_ledger(&b, &rec)?;
        s.audit(&AuditEntry {
            at: now(),
            who,
            action: action.into(),
            target: format!("ledger:{}", b.key),
            detail: id,
        })?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&format!("/ledger?{}", enc(&[("body", &body.key)]))).into_response())
}

/// `POST /ledger/import` (multipart: `csrf` first, then `body` and `file`): add or update the
/// body's cases from a CSV/XLSX ledger. Any bad row, or any case of a locked year, and
/// nothing is imported; every problem is listed by line or case.
pub async fn import(
    State(st): State<AppState>,
    u: MaybeUser,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| WebError::BadRequest(e.body_text());
    let first = mp.next_field().await.map_err(bad)?;
    let token = match first {
        Some(f) if f.name() == Some("csrf") => Some(f.text().await.map_err(bad)?),
        _ => None,
    };
    let s = u.require_csrf(token.as_deref())?;
    let mut asked = String::new();
    let mut year_field = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name() {
            Some("body") => asked = field.text().await.map_err(bad)?,
            Some("year") => year_field = field.text().await.map_err(bad)?,
            Some("file") => file = Some(field.bytes().await.map_err(bad)?.to_vec()),
            _ => {}
        }
    }
    let year: Option<i16> = match year_field.trim() {
        "" => None,
        y => Some(
            y.parse()
                .map_err(|_| WebError::BadRequest(format!("年度“{y}”不是数字")))?,
        ),
    };
    let key = body_key(&s.user, &asked)?;
    auth::may_write_ledger(&s.user, &key)?;
    let who = s.user.name.clone();
    let today = beijing_today();
    let k = key.clone();
    let (body, mut rec) = st.db(move |s| load(s, &k)).await?;
    let writable = true;
    let bytes = file
        .filter(|b| !b.is_empty())
        .ok_or_else(|| WebError::BadRequest("请选择台账文件（CSV 或 XLSX）".into()))?;
    // Nothing imported: the ledger page with why (and every bad row), 422.
    let refused = |msg: String, errors: Vec<String>| -> Result<Response, WebError> {
        let mut res = ledger_page(&u, &body, &rec, today, "", writable, Some(msg), errors)?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        Ok(res)
    };
    // Every sheet the file holds: applications, 复议诉讼 (table 4), 表二 (with the year).
    let mut sheets = match gongkai_ledger::import_workbook(&bytes, year) {
        Ok(w) => w,
        Err(WorkbookError::Sheet {
            sheet,
            error: ImportError::Rows(rows),
        }) => {
            let errors = rows.iter().map(ToString::to_string).collect();
            return refused(
                format!("{sheet}：{} 行有误，未导入任何内容", rows.len()),
                errors,
            );
        }
        Err(e) => return refused(format!("无法读取台账，未导入任何内容：{e}"), Vec::new()),
    };
    if let Some(e) = sheets.locked_change(&rec.ledger, &rec.proceedings, &rec.table2) {
        return refused(format!("未导入任何内容：{e}"), Vec::new());
    }
    let before = rec.clone();
    let (mut added, mut updated, mut same) = (0, 0, 0);
    let mut errors = Vec::new();
    for case in sheets.cases.take().into_iter().flatten() {
        let id = case.id.clone();
        let r = match rec.ledger.case(&id) {
            Some(o) if *o == case => {
                same += 1;
                continue;
            }
            Some(_) => rec.ledger.update(case).map(|()| updated += 1),
            None => rec.ledger.add(case).map(|()| added += 1),
        };
        if let Err(e) = r {
            errors.push(ledger_error(&e));
        }
    }
    if !errors.is_empty() {
        let msg = format!("{} 个案件无法导入，未导入任何内容", errors.len());
        let mut res = ledger_page(&u, &body, &before, today, "", writable, Some(msg), errors)?;
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let notes = sheets.merge_into(&mut rec.proceedings, &mut rec.table2);
    let b = body.clone();
    let saved = rec.clone();
    let mut detail = format!("新增 {added}，更新 {updated}，未变 {same}");
    for n in &notes {
        detail.push('；');
        detail.push_str(n);
    }
    let shown = detail.clone();
    st.db(move |s| {
        s.save_ledger(&b, &saved)?;
        s.audit(&AuditEntry {
            at: now(),
            who,
            action: "ledger-import".into(),
            target: format!("ledger:{}", b.key),
            detail,
        })?;
        Ok(())
    })
    .await?;
    ledger_page(
        &u,
        &body,
        &rec,
        today,
        "",
        writable,
        Some(format!("已导入：{shown}")),
        Vec::new(),
    )
}

/// The lock form.
#[derive(Debug, Deserialize)]
pub struct LockForm {
    /// CSRF token.
    pub csrf: Option<String>,
    /// The body's key.
    #[serde(default)]
    pub body: String,
    /// The year to lock.
    pub year: String,
}

/// `POST /ledger/lock`: lock a year (its cases then refuse changes here).
pub async fn lock(
    State(st): State<AppState>,
    u: MaybeUser,
    Form(f): Form<LockForm>,
) -> Result<Response, WebError> {
    let s = u.require_csrf(f.csrf.as_deref())?;
    let key = body_key(&s.user, &f.body)?;
    auth::may_write_ledger(&s.user, &key)?;
    let year: i16 = f
        .year
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest(format!("年度“{}”不是数字", f.year)))?;
    let who = s.user.name.clone();
    let k = key.clone();
    st.db(move |s| {
        let (body, mut rec) = load(s, &k)?;
        rec.ledger
            .lock(year, who.as_str(), jiff::Timestamp::now())
            .map_err(|e| WebError::BadRequest(ledger_error(&e)))?;
        s.save_ledger(&body, &rec)?;
        s.audit(&AuditEntry {
            at: now(),
            who,
            action: "ledger-lock".into(),
            target: format!("ledger:{}", body.key),
            detail: year.to_string(),
        })?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&format!("/ledger?{}", enc(&[("body", &key)]))).into_response())
}

/// The report data of a year from the ledger: table 3 from the cases, table 4 from the
/// proceedings, table 2 from the figures stored for the year (blank cells when none: the
/// ledger does not count proactive disclosure).
fn report_data(
    body: &BodyRecord,
    rec: &LedgerRecord,
    year: i16,
) -> Result<gongkai_writer::ReportData, String> {
    let t = rec.tables(year).map_err(|e| e.to_string())?;
    Ok(gongkai_writer::ReportData {
        body: body.name.clone(),
        year: i32::from(year),
        published: None,
        table2: t.table2,
        table3: t.table3,
        table4: t.table4,
    })
}

/// `GET /ledger/report?body=&year=`: the year's report written from the ledger, as DOCX
/// (PDF needs Chromium or LibreOffice on the server: not offered here).
pub async fn report(
    State(st): State<AppState>,
    u: MaybeUser,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, WebError> {
    let s = u.require()?;
    let key = body_key(&s.user, &q.body)?;
    auth::may_read_ledger(&s.user, &key)?;
    let year: i16 = q
        .year
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest(format!("年度“{}”不是数字", q.year)))?;
    let (body, rec) = st.db(move |s| load(s, &key)).await?;
    let data = report_data(&body, &rec, year)
        .map_err(|e| WebError::BadRequest(format!("无法由台账计算 {year} 年度的表格：{e}")))?;
    let bytes = tokio::task::spawn_blocking(move || {
        data.validate().map_err(|e| e.to_string())?;
        let doc = gongkai_writer::compose(&data, None, &gongkai_writer::Options::default())
            .map_err(|e| e.to_string())?;
        gongkai_writer::render(&doc, gongkai_writer::Format::Docx, None).map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::BadRequest(format!("无法写出报告：{e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"report-{year}.docx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
