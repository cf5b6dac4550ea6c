//! The web app of gongkai: server-rendered Chinese pages and a public JSON API on the same
//! store as the command line (`gongkai serve`).
//!
//! - **Pages** ([`pages`]): the report list, a report's three tables in their statutory
//!   layout (rows, columns and labels from `gongkai-format`), every cell a link to its source
//!   excerpt with the cell marked, findings by severity marked on their cells, cells placed
//!   by the table's identities or inferred marked as such, the same body's year before beside
//!   it with the differing cells marked; a dashboard per region and year ([`dashboard`]).
//! - **Ledger** ([`ledger`]): a body's application ledger for its clerk: cases with their
//!   deadlines explained, a case form, import, the year's report as DOCX, the year's lock.
//! - **Accounts** ([`auth`]): roles admin / reviewer (one region) / clerk (one body) /
//!   viewer, argon2id password hashes, a server-side session behind an `HttpOnly`,
//!   `SameSite=Strict` cookie (`Secure` behind TLS), a CSRF token on every form, login
//!   slowed per account after failures. Every write is checked on the server against the
//!   role and the region or body of the report it touches.
//! - **Accounts for admins** ([`users`]): list, create, change role, disable; audited.
//! - **Upload** ([`upload`]): many files or zip archives through the same pipeline as the CLI;
//!   each bad file gets its own error while the rest go on; the original is kept under its
//!   SHA-256, never under the name it was uploaded with.
//! - **API** ([`api`]): read-only JSON without login (published reports only), writes with a
//!   bearer token; the OpenAPI document at `/api/openapi.json`.
//!
//! Invariants: the public (no session, no token) sees only reports whose review state is
//! `published`; a write without a session is 401, with the wrong role, region or body 403,
//! with a missing or wrong CSRF token 403; no upload name ever becomes a path.
//!
//! The store is synchronous (rusqlite / postgres): it is used behind a mutex from
//! `spawn_blocking`, so a slow query never blocks the async workers.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = gongkai_web::Config::new("gongkai.db", "gongkai.files");
//! let state = gongkai_web::AppState::open(config)?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, gongkai_web::app(state)).await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod api;
mod assets;
pub mod auth;
mod cache;
pub mod dashboard;
pub mod decisions;
mod error;
mod grid;
pub mod ledger;
pub mod pages;
mod state;
pub mod upload;
pub mod users;

pub use error::WebError;
pub use state::{AppState, Config};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::routing::{get, post};

/// Largest body of a form or JSON write (an upload has its own limit).
const FORM_LIMIT: usize = 64 * 1024;

/// The whole app: pages, API, static files, security headers.
pub fn app(state: AppState) -> Router {
    let upload_limit = state.config.max_upload_bytes;
    Router::new()
        .route("/", get(pages::index))
        .route("/reports/{id}", get(pages::report))
        .route("/reports/{id}/review", post(pages::review))
        .route("/reports/{id}/decisions", post(decisions::decide))
        .route("/dashboard", get(dashboard::dashboard))
        .route("/dashboard/export", get(dashboard::export))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route(
            "/upload",
            get(upload::form)
                .post(upload::upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/audit", get(pages::audit))
        .route("/ledger", get(ledger::page))
        .route(
            "/ledger/case",
            get(ledger::case_form).post(ledger::case_save),
        )
        .route(
            "/ledger/import",
            post(ledger::import).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/ledger/lock", post(ledger::lock))
        .route("/ledger/report", get(ledger::report))
        .route("/users", get(users::list).post(users::add))
        .route("/users/{id}/role", post(users::set_role))
        .route("/users/{id}/disable", post(users::set_disabled))
        .route("/static/{file}", get(pages::static_file))
        .merge(api::routes())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            clear_on_write,
        ))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// A write that went through (any method but GET and HEAD but logging in and out, answered
/// without error) clears
/// the cached aggregates, so whoever wrote sees the change on the next page.
async fn clear_on_write(
    axum::extract::State(st): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    // Logging in or out changes no data.
    let write = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    ) && !matches!(req.uri().path(), "/login" | "/logout");
    let res = next.run(req).await;
    if write && (res.status().is_success() || res.status().is_redirection()) {
        st.cache.clear();
    }
    res
}

/// Headers on every answer: no sniffing, no framing, scripts and styles only from here.
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'",
    ));
    res
}

/// Serve the app on `addr` until the process is stopped (a multi-threaded runtime of its
/// own, so a synchronous caller such as the CLI needs none). `ready` is called once the
/// socket is bound, with the address bound.
pub fn serve(
    state: AppState,
    addr: &str,
    ready: impl FnOnce(std::net::SocketAddr),
) -> Result<(), WebError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| WebError::Internal(format!("runtime: {e}")))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| WebError::Internal(format!("cannot listen on {addr}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| WebError::Internal(e.to_string()))?;
        ready(bound);
        axum::serve(
            listener,
            app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .map_err(|e| WebError::Internal(format!("server: {e}")))
    })
}
