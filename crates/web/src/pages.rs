//! The server-rendered pages (Chinese UI) and the form writes: login, logout, review.

use crate::auth::{self, LOGIN_COOKIE, MaybeUser, SESSION_COOKIE};
use crate::grid::{self, CellStyle, TableView};
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use gongkai_report::Severity;
use gongkai_store::{AuditEntry, ReviewState, Role, Selection, StoredReport};
use serde::Deserialize;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Most reports listed on one page.
const LIST_MAX: usize = 2000;

/// What the header of every page needs.
pub struct Nav {
    /// `name（role）` when logged in.
    pub user: Option<String>,
    /// The session's CSRF token (for the logout form).
    pub csrf: String,
    /// Whether the account is an admin.
    pub admin: bool,
}

impl Nav {
    /// The header for this request's account.
    pub fn of(u: &MaybeUser) -> Nav {
        match &u.0 {
            Some((_, s)) => Nav {
                user: Some(format!("{}（{}）", s.user.name, s.user.role.name_zh())),
                csrf: s.csrf.clone(),
                admin: s.user.role == Role::Admin,
            },
            None => Nav {
                user: None,
                csrf: String::new(),
                admin: false,
            },
        }
    }
}

pub(crate) fn render(t: &impl Template) -> Result<Response, WebError> {
    t.render()
        .map(|s| Html(s).into_response())
        .map_err(|e| WebError::Internal(format!("template: {e}")))
}

/// The current time, RFC 3339 (the server is the edge: it may read the clock).
pub(crate) fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// Filters of the list and the dashboard.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    /// Year.
    #[serde(default)]
    pub year: String,
    /// Region code prefix or name.
    #[serde(default)]
    pub region: String,
}

impl Filter {
    /// The selection, or why the filter is wrong.
    pub fn selection(&self) -> Result<Selection, String> {
        let mut sel = Selection::default();
        let y = self.year.trim();
        if !y.is_empty() {
            sel.year = Some(y.parse().map_err(|_| format!("年度“{y}”不是数字"))?);
        }
        let r = self.region.trim();
        if !r.is_empty() {
            let table = gongkai_bodies::Divisions::embedded().map_err(|e| e.to_string())?;
            sel.region = Some(gongkai_store::region_selector(table, r).map_err(|c| {
                if c.is_empty() {
                    format!("未知区划“{r}”")
                } else {
                    format!(
                        "区划“{r}”有多个：{}",
                        c.iter()
                            .map(|(code, name)| format!("{name}（{code}）"))
                            .collect::<Vec<_>>()
                            .join("、")
                    )
                }
            })?);
        }
        Ok(sel)
    }
}

struct ListRow {
    id: i64,
    body: String,
    region: String,
    year: String,
    edition: String,
    version: i64,
    current: bool,
    errors: i64,
    warnings: i64,
    state: &'static str,
}

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    nav: Nav,
    year: String,
    region: String,
    message: Option<String>,
    rows: Vec<ListRow>,
    truncated: bool,
}

/// The reports of a selection and their review states.
pub(crate) type Listed = (
    Vec<gongkai_store::ReportSummary>,
    std::collections::HashMap<i64, ReviewState>,
);

/// [`Listed`] for the filter `f` (whose selection is `sel`), kept in the app's cache: the
/// list page and `/api/reports` read the same.
pub(crate) async fn listed(
    st: &AppState,
    f: &Filter,
    sel: Selection,
) -> Result<std::sync::Arc<Listed>, WebError> {
    let key = format!("list|{}|{}", f.year.trim(), f.region.trim());
    let st2 = st.clone();
    st.cache
        .get_or(key, || async move {
            st2.db(move |s| {
                let list = s.list(&sel)?;
                let ids: Vec<i64> = list.iter().map(|r| r.id).collect();
                let states = s.review_states(&ids)?;
                Ok((list, states))
            })
            .await
        })
        .await
}

/// `GET /`: the reports (the public sees only published ones).
pub async fn index(
    State(st): State<AppState>,
    u: MaybeUser,
    Query(f): Query<Filter>,
) -> Result<Response, WebError> {
    let public = u.user().is_none();
    let (sel, message) = match f.selection() {
        Ok(s) => (s, None),
        Err(m) => (Selection::default(), Some(m)),
    };
    let listed = listed(&st, &f, sel).await?;
    let (list, states) = &*listed;
    let mut rows: Vec<ListRow> = list
        .iter()
        .filter_map(|r| {
            let state = states.get(&r.id).copied().unwrap_or_default();
            if public && state != ReviewState::Published {
                return None;
            }
            Some(ListRow {
                id: r.id,
                body: r.body_name.clone().unwrap_or_else(|| r.path.clone()),
                region: r.region_path.clone().unwrap_or_default(),
                year: r.year.map(|y| y.to_string()).unwrap_or_default(),
                edition: r.edition.clone().unwrap_or_default(),
                version: r.version,
                current: r.current,
                errors: r.errors,
                warnings: r.warnings,
                state: state.name_zh(),
            })
        })
        .take(LIST_MAX + 1)
        .collect();
    let truncated = rows.len() > LIST_MAX;
    rows.truncate(LIST_MAX);
    render(&IndexPage {
        nav: Nav::of(&u),
        year: f.year,
        region: f.region,
        message,
        rows,
        truncated,
    })
}

/// A report as the user may see it: 404 when it does not exist or is not public and nobody
/// is logged in.
pub(crate) async fn visible_report(
    st: &AppState,
    logged_in: bool,
    id: i64,
) -> Result<(StoredReport, ReviewState), WebError> {
    let (r, state) = st
        .db(move |s| {
            let r = s.report(id)?;
            let state = s
                .review_states(&[id])?
                .get(&id)
                .copied()
                .unwrap_or_default();
            Ok((r, state))
        })
        .await?;
    match r {
        Some(r) if logged_in || state == ReviewState::Published => Ok((r, state)),
        _ => Err(WebError::NotFound),
    }
}

/// A place in the source, for the side panel.
pub struct Excerpt {
    /// What is shown (the cell or finding).
    pub what: String,
    /// Whether the place is in the text.
    pub found: bool,
    /// Text before the place (whole lines).
    pub before: String,
    /// The place.
    pub marked: String,
    /// Text after it.
    pub after: String,
    /// Its line.
    pub line: u32,
    /// How the value was placed, or why there is nothing to show.
    pub detail: String,
}

/// Lines of context on each side of a place.
const CONTEXT_LINES: usize = 3;
/// Most bytes of context on each side.
const CONTEXT_BYTES: usize = 1500;

fn floor_char(t: &str, mut i: usize) -> usize {
    i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text around `start..end` (byte offsets), whole lines, bounded.
pub fn excerpt(
    text: &str,
    start: usize,
    end: usize,
    line: u32,
    what: String,
    detail: String,
) -> Excerpt {
    if start > end || end > text.len() {
        return Excerpt {
            what,
            found: false,
            before: String::new(),
            marked: String::new(),
            after: String::new(),
            line,
            detail: "原文中没有这个位置（来源文本与记录不符）".into(),
        };
    }
    let (a, b) = (floor_char(text, start), floor_char(text, end));
    let mut from = text[..a].rfind('\n').map_or(0, |i| i + 1);
    for _ in 0..CONTEXT_LINES {
        if from == 0 {
            break;
        }
        from = text[..from - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    from = floor_char(text, from.max(a.saturating_sub(CONTEXT_BYTES)));
    let mut to = text[b..].find('\n').map_or(text.len(), |i| b + i + 1);
    for _ in 0..CONTEXT_LINES {
        if to >= text.len() {
            break;
        }
        to = text[to..].find('\n').map_or(text.len(), |i| to + i + 1);
    }
    to = floor_char(text, to.min(b + CONTEXT_BYTES));
    Excerpt {
        what,
        found: true,
        before: text[from..a].to_owned(),
        marked: text[a..b].to_owned(),
        after: text[b..to].to_owned(),
        line,
        detail,
    }
}

/// A finding identified by the review (its id and the waiver in force), matched to the stored
/// finding it is by rule, message and cells.
struct Decided {
    rule: String,
    message: String,
    cells: Vec<String>,
    id: String,
    waived: Option<String>,
}

fn decision<'a>(decided: &'a [Decided], f: &gongkai_store::StoredFinding) -> Option<&'a Decided> {
    decided
        .iter()
        .find(|d| d.rule == f.rule && d.message == f.message && d.cells == f.cells)
}

/// A finding as listed.
pub struct FindingView {
    seq: usize,
    /// Its stable id (`GK-…`), for accounts.
    id: String,
    /// The waiver in force, described.
    waived: Option<String>,
    rule: String,
    severity: &'static str,
    severity_zh: &'static str,
    assessable: bool,
    message: String,
    cells: Vec<String>,
    help: Option<String>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    nav: Nav,
    id: i64,
    title: String,
    body: String,
    region: String,
    year: String,
    edition: String,
    version: String,
    path: String,
    format: String,
    sha: String,
    state: &'static str,
    review_csrf: Option<String>,
    states: Vec<(&'static str, &'static str)>,
    tables: Vec<TableView>,
    excerpt: Option<Excerpt>,
    findings: Vec<FindingView>,
    /// The year before: (its report id, its year).
    prev: Option<(i64, String)>,
    /// Cells compared with the year before, and how many differ.
    compared: usize,
    changed: usize,
    /// Whether the year before is shown beside (its tables; empty otherwise).
    side: bool,
    prev_tables: Vec<TableView>,
}

impl ReportPage {
    /// The year before's table at the index of this year's (askama passes loop indices by
    /// reference).
    fn prev_table(&self, i: &usize) -> Option<&TableView> {
        self.prev_tables.get(*i)
    }
}

/// Which cell or finding the side panel shows.
#[derive(Debug, Default, Deserialize)]
pub struct Pick {
    /// A cell key.
    pub cell: Option<String>,
    /// A finding's number.
    pub finding: Option<usize>,
    /// `1`: the year before's tables beside this year's.
    pub side: Option<u8>,
}

struct Marks {
    worst: HashMap<String, (Severity, Vec<String>)>,
    selected: Option<String>,
    /// Cells that differ from the year before: key → "上年 … → 本年 …".
    changed: HashMap<String, String>,
}

impl CellStyle for Marks {
    fn mark(&self, key: &str) -> (String, String) {
        let mut class = String::new();
        let mut title = String::new();
        if let Some((sev, rules)) = self.worst.get(key) {
            class.push_str("sev-");
            class.push_str(sev.as_str());
            title.push_str(&format!("{}：{}。", sev.name_zh(), rules.join("、")));
        }
        if self.selected.as_deref() == Some(key) {
            class.push_str(" selected");
        }
        if let Some(d) = self.changed.get(key) {
            class.push_str(" changed");
            title.push_str(d);
        }
        (class, title)
    }
}

/// The severity, cells marked, and the order of a report's findings.
fn marks(sr: &StoredReport, selected: Option<String>, changed: HashMap<String, String>) -> Marks {
    let mut worst: HashMap<String, (Severity, Vec<String>)> = HashMap::new();
    for f in sr.findings.iter().filter(|f| f.assessable) {
        for c in &f.cells {
            let e = worst.entry(c.clone()).or_insert((f.severity, Vec::new()));
            e.0 = e.0.max(f.severity);
            if !e.1.contains(&f.rule) {
                e.1.push(f.rule.clone());
            }
        }
    }
    Marks {
        worst,
        selected,
        changed,
    }
}

fn num_zh(n: Option<gongkai_report::Num>) -> String {
    n.map_or_else(|| "未读到".to_owned(), |n| n.to_string())
}

/// The cells that differ between the year before (`prev`) and this report, by key, each
/// with what it was and is (`gongkai_store::compare`, the CLI's `compare`).
fn year_changes(prev: &StoredReport, this: &StoredReport) -> (usize, HashMap<String, String>) {
    let all = gongkai_store::compare(prev, this);
    let compared = all.len();
    let changed = all
        .into_iter()
        .filter(|c| match (c.before, c.after) {
            (Some(a), Some(b)) => !a.same(b),
            (None, None) => false,
            _ => true,
        })
        .map(|c| {
            let delta = c
                .change()
                .map(|d| format!("（{}{}）", if d > 0.0 { "+" } else { "" }, fmt_f64(d)))
                .unwrap_or_default();
            (
                format!("{}.{}.{}", c.key.table, c.key.row, c.key.col),
                format!(
                    "上年 {} → 本年 {}{delta}。",
                    num_zh(c.before),
                    num_zh(c.after)
                ),
            )
        })
        .collect();
    (compared, changed)
}

/// A number as shown: at most four decimals, no trailing zeros.
fn fmt_f64(d: f64) -> String {
    let s = format!("{d:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The year before of a report, as its viewer may see it: the same body's report of the
/// previous year (current version), if stored and (for the public) published.
async fn year_before(
    st: &AppState,
    logged_in: bool,
    sr: &StoredReport,
) -> Result<Option<StoredReport>, WebError> {
    let (Some(key), Some(year)) = (sr.summary.body_key.clone(), sr.summary.year) else {
        return Ok(None);
    };
    let found = st
        .db(move |s| {
            let Some(p) = s.report_of_key(&key, year - 1)? else {
                return Ok(None);
            };
            let id = p.summary.id;
            let state = s
                .review_states(&[id])?
                .get(&id)
                .copied()
                .unwrap_or_default();
            Ok(Some((p, state)))
        })
        .await?;
    Ok(found
        .filter(|(_, state)| logged_in || *state == ReviewState::Published)
        .map(|(p, _)| p))
}

/// `GET /reports/{id}`: a report's tables, its findings, and the source of a cell.
pub async fn report(
    State(st): State<AppState>,
    u: MaybeUser,
    Path(id): Path<i64>,
    Query(pick): Query<Pick>,
) -> Result<Response, WebError> {
    let (sr, state) = visible_report(&st, u.user().is_some(), id).await?;
    let wants_text = pick.cell.is_some() || pick.finding.is_some();
    let text = if wants_text {
        st.db(move |s| Ok(s.source_text(id)?))
            .await?
            .unwrap_or_default()
    } else {
        String::new()
    };
    let r = &sr.report;
    let cell_excerpt = pick.cell.as_ref().and_then(|k| {
        let mut parts = k.splitn(3, '.');
        let (t, row, col) = (parts.next()?, parts.next()?, parts.next()?);
        let table = r.tables().find(|x| x.id.key() == t)?;
        let what = gongkai_format::TableId::ALL
            .iter()
            .find(|id| id.key() == t)
            .and_then(|&id| {
                gongkai_store::format_cells()
                    .iter()
                    .find(|c| c.table == id && c.row == row && c.col == col)
            })
            .map(|c| format!("{k}：{}", gongkai_store::rates::cell_label(c)))
            .unwrap_or_else(|| k.clone());
        Some(match table.cell(row, col) {
            Some(c) => excerpt(
                &text,
                c.span.start,
                c.span.end,
                c.line,
                what,
                format!(
                    "读作 {}{} · {}",
                    if c.blank { "空" } else { "" },
                    if c.blank {
                        String::new()
                    } else {
                        c.value.to_string()
                    },
                    grid::placement_zh(c.placement)
                ),
            ),
            None => Excerpt {
                what,
                found: false,
                before: String::new(),
                marked: String::new(),
                after: String::new(),
                line: 0,
                detail: "报告中未读到此单元格".into(),
            },
        })
    });
    let mut findings: Vec<(usize, &gongkai_store::StoredFinding)> =
        sr.findings.iter().enumerate().collect();
    findings.sort_by(|a, b| b.1.severity.cmp(&a.1.severity).then(a.0.cmp(&b.0)));
    let finding_excerpt = pick.finding.and_then(|n| {
        let f = sr.findings.get(n)?;
        let ev = f.evidence.first();
        Some(match ev {
            Some(e) => excerpt(
                &text,
                e.span.start,
                e.span.end,
                e.line,
                format!("{} {}", f.rule, f.message),
                e.label.clone(),
            ),
            None => Excerpt {
                what: format!("{} {}", f.rule, f.message),
                found: false,
                before: String::new(),
                marked: String::new(),
                after: String::new(),
                line: 0,
                detail: "此问题没有原文位置".into(),
            },
        })
    });
    // Finding ids and the decisions in force (for accounts; the public sees the findings).
    let decided: Vec<Decided> = if u.user().is_some() {
        let rid = sr.summary.id;
        let reviewed = st.db(move |s| crate::decisions::reviewed(s, rid)).await?;
        reviewed
            .map(|r| {
                r.items
                    .iter()
                    .map(|i| {
                        let w = i.waiver.as_ref().map(|w| {
                            format!(
                                "已豁免（{} {}）：{}",
                                w.by,
                                w.at.get(..10).unwrap_or(&w.at),
                                w.reason
                            )
                        });
                        Decided {
                            rule: i.finding.rule.to_owned(),
                            message: i.finding.message.clone(),
                            cells: i.finding.cells.clone(),
                            id: i.id.0.clone(),
                            waived: w,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let selected = pick.cell.clone();
    let prev = year_before(&st, u.user().is_some(), &sr).await?;
    let (compared, changed) = prev
        .as_ref()
        .map(|p| year_changes(p, &sr))
        .unwrap_or_default();
    let side = pick.side == Some(1) && prev.is_some();
    let prev_tables = match (&prev, side) {
        (Some(p), true) => {
            grid::tables(&p.report, p.summary.year, &marks(p, None, changed.clone()))
        }
        _ => Vec::new(),
    };
    let n_changed = changed.len();
    let m = marks(&sr, selected, changed);
    let tables = grid::tables(r, sr.summary.year, &m);
    let review_csrf =
        u.0.as_ref()
            .filter(|(_, s)| auth::may_review(&s.user, &sr.summary).is_ok())
            .map(|(_, s)| s.csrf.clone());
    let body = sr
        .summary
        .body_name
        .clone()
        .or_else(|| r.meta.org.as_ref().map(|o| o.value.clone()))
        .unwrap_or_default();
    let year = sr.summary.year.map(|y| y.to_string()).unwrap_or_default();
    let page = ReportPage {
        nav: Nav::of(&u),
        id,
        title: r
            .meta
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_else(|| format!("{body}{year}年度报告")),
        body,
        region: sr.summary.region_path.clone().unwrap_or_default(),
        year,
        edition: sr
            .summary
            .edition
            .clone()
            .unwrap_or_else(|| "未识别".into()),
        version: format!(
            "{}{}",
            sr.summary.version,
            if sr.summary.current {
                "（当前）"
            } else {
                "（非当前）"
            }
        ),
        path: sr.summary.path.clone(),
        format: r.source.format.clone(),
        sha: sr.summary.sha256.clone(),
        state: state.name_zh(),
        review_csrf,
        states: ReviewState::ALL
            .iter()
            .map(|s| (s.as_str(), s.name_zh()))
            .collect(),
        tables,
        excerpt: finding_excerpt.or(cell_excerpt),
        findings: findings
            .into_iter()
            .map(|(seq, f)| FindingView {
                seq,
                id: decision(&decided, f)
                    .map(|d| d.id.clone())
                    .unwrap_or_default(),
                waived: decision(&decided, f).and_then(|d| d.waived.clone()),
                rule: f.rule.clone(),
                severity: f.severity.as_str(),
                severity_zh: f.severity.name_zh(),
                assessable: f.assessable,
                message: f.message.clone(),
                cells: f.cells.clone(),
                help: f.help.clone(),
            })
            .collect(),
        prev: prev.as_ref().map(|p| {
            (
                p.summary.id,
                p.summary.year.map(|y| y.to_string()).unwrap_or_default(),
            )
        }),
        compared,
        changed: n_changed,
        side,
        prev_tables,
    };
    render(&page)
}

/// The review form.
#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    /// CSRF token.
    pub csrf: Option<String>,
    /// `pending`, `reviewed`, `published`.
    pub state: String,
}

/// Set a report's review state as `who`, after the permission check; audited.
pub(crate) async fn set_review(
    st: &AppState,
    user: &gongkai_store::User,
    who: String,
    id: i64,
    state: &str,
) -> Result<ReviewState, WebError> {
    let state = ReviewState::parse(state)
        .ok_or_else(|| WebError::BadRequest(format!("未知审核状态“{state}”")))?;
    let summary = st
        .db(move |s| Ok(s.report(id)?.map(|r| r.summary)))
        .await?
        .ok_or(WebError::NotFound)?;
    auth::may_review(user, &summary)?;
    st.db(move |s| {
        let at = now();
        s.set_review(id, state, &who, &at)?;
        s.audit(&AuditEntry {
            at,
            who,
            action: "review".into(),
            target: format!("report:{id}"),
            detail: state.as_str().into(),
        })?;
        Ok(())
    })
    .await?;
    Ok(state)
}

/// `POST /reports/{id}/review`.
pub async fn review(
    State(st): State<AppState>,
    u: MaybeUser,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let s = u.require_csrf(f.csrf.as_deref())?;
    set_review(&st, &s.user, s.user.name.clone(), id, &f.state).await?;
    Ok(Redirect::to(&format!("/reports/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: Nav,
    token: String,
    message: Option<String>,
}

fn login_page(st: &AppState, u: &MaybeUser, message: Option<String>) -> Result<Response, WebError> {
    let token = auth::random_token()?;
    let mut res = render(&LoginPage {
        nav: Nav::of(u),
        token: token.clone(),
        message,
    })?;
    if let Ok(v) = auth::set_cookie(LOGIN_COOKIE, &token, 3600, st.config.secure_cookies).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

/// `GET /login`.
pub async fn login_form(State(st): State<AppState>, u: MaybeUser) -> Result<Response, WebError> {
    login_page(&st, &u, None)
}

/// The login form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    /// Double-submit token (the `gk_login` cookie's value).
    pub csrf: Option<String>,
    /// Account name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// The client's address: the peer's; behind the TLS proxy (`--behind-tls`), the address the
/// proxy appended last to `X-Forwarded-For` (earlier entries are the client's own say).
fn client_address(
    st: &AppState,
    headers: &HeaderMap,
    peer: Option<std::net::SocketAddr>,
) -> Option<std::net::IpAddr> {
    if st.config.secure_cookies
        && let Some(ip) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|a| a.trim().parse().ok())
    {
        return Some(ip);
    }
    peer.map(|p| p.ip())
}

/// `POST /login`: slowed per account and per client address after failures (429 with
/// `Retry-After`).
pub async fn login(
    State(st): State<AppState>,
    u: MaybeUser,
    headers: HeaderMap,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    match (auth::cookie(&headers, LOGIN_COOKIE), f.csrf.as_deref()) {
        (Some(c), Some(t)) if auth::same(&c, t) => {}
        _ => return Err(WebError::Csrf),
    }
    let from = client_address(&st, &headers, peer.map(|p| p.0.0));
    let name = f.name.trim().to_owned();
    st.limiter
        .check(&name, from, Instant::now())
        .map_err(WebError::TooManyAttempts)?;
    let lookup = name.clone();
    let user = st.db(move |s| Ok(s.user(&lookup)?)).await?;
    let password = f.password;
    // Without an account, hash anyway: the answer takes as long as for a wrong password.
    let ok = tokio::task::spawn_blocking(move || match user {
        Some(u) if !u.disabled => verify_password(&password, &u.password).then_some(u),
        _ => {
            let _ = auth::hash_password(&password);
            None
        }
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let Some(user) = ok else {
        st.limiter.failed(&name, from, Instant::now());
        let mut res = login_page(&st, &u, Some("用户名或密码错误".into()))?;
        *res.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(res);
    };
    st.limiter.succeeded(&name);
    let id = st
        .sessions
        .start(user.clone(), Duration::from_secs(st.config.session_secs))?;
    let who = user.name.clone();
    st.db(move |s| {
        Ok(s.audit(&AuditEntry {
            at: now(),
            who,
            action: "login".into(),
            target: String::new(),
            detail: String::new(),
        })?)
    })
    .await?;
    let mut res = Redirect::to("/").into_response();
    if let Ok(v) = auth::set_cookie(
        SESSION_COOKIE,
        &id,
        st.config.session_secs,
        st.config.secure_cookies,
    )
    .parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

fn verify_password(p: &str, phc: &str) -> bool {
    auth::verify_password(p, phc)
}

/// A form with only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    /// CSRF token.
    pub csrf: Option<String>,
}

/// `POST /logout`.
pub async fn logout(
    State(st): State<AppState>,
    u: MaybeUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    u.require_csrf(f.csrf.as_deref())?;
    if let Some((id, _)) = &u.0 {
        st.sessions.end(id);
    }
    let mut res = Redirect::to("/").into_response();
    if let Ok(v) = auth::set_cookie(SESSION_COOKIE, "", 0, st.config.secure_cookies).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Nav,
    entries: Vec<AuditEntry>,
}

/// `GET /audit`: the newest 500 entries (admin only).
pub async fn audit(State(st): State<AppState>, u: MaybeUser) -> Result<Response, WebError> {
    let s = u.require()?;
    if s.user.role != Role::Admin {
        return Err(WebError::Forbidden("只有管理员可查看操作记录".into()));
    }
    let entries = st.db(|s| Ok(s.audit_log(500)?)).await?;
    render(&AuditPage {
        nav: Nav::of(&u),
        entries,
    })
}

/// `GET /static/{file}`: the stylesheet and scripts, compiled in.
pub async fn static_file(Path(file): Path<String>) -> Response {
    match crate::assets::get(&file) {
        Some((mime, body)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_marks_the_span_with_whole_lines() {
        let t = "一\n二\n三\n四 12 五\n六\n七\n八\n九\n十";
        let a = t.find("12").unwrap_or(0);
        let x = excerpt(t, a, a + 2, 4, "c".into(), String::new());
        assert!(x.found);
        assert_eq!(x.marked, "12");
        assert!(x.before.ends_with("四 "));
        assert!(x.before.starts_with('一'));
        assert!(x.after.starts_with(" 五\n"));
        // Out of range or inside a character: never a panic.
        let y = excerpt(t, 1000, 1002, 1, "c".into(), String::new());
        assert!(!y.found);
        let z = excerpt(t, 1, 2, 1, "c".into(), String::new());
        assert!(z.found);
    }
}
