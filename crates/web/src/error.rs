//! Errors of the web app and their HTTP answers (wording lives here, at the edge).

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use std::fmt;

/// What went wrong with a request.
#[derive(Debug)]
pub enum WebError {
    /// No session or token: log in first (401).
    Unauthenticated,
    /// Logged in, but not allowed (403), with why.
    Forbidden(String),
    /// The form's CSRF token is missing or wrong (403).
    Csrf,
    /// Nothing there, or not visible to this user (404).
    NotFound,
    /// A bad request (400), with why.
    BadRequest(String),
    /// The request is larger than its limit (413), with the limit in MiB.
    TooLarge(usize),
    /// Too many failed logins: wait this many seconds (429).
    TooManyAttempts(u64),
    /// The store failed.
    Store(gongkai_store::StoreError),
    /// Anything else on the server (500).
    Internal(String),
}

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebError::Unauthenticated => f.write_str("请先登录 (log in first)"),
            WebError::Forbidden(why) => write!(f, "无权操作 (forbidden): {why}"),
            WebError::Csrf => {
                f.write_str("表单已失效，请刷新页面后重试 (CSRF token missing or wrong)")
            }
            WebError::NotFound => f.write_str("未找到 (not found)"),
            WebError::BadRequest(why) => write!(f, "请求有误 (bad request): {why}"),
            WebError::TooLarge(mb) => {
                write!(f, "上传总大小超过 {mb} MiB (request larger than {mb} MiB)")
            }
            WebError::TooManyAttempts(s) => {
                write!(
                    f,
                    "登录失败次数过多，请 {s} 秒后再试 (too many failed logins)"
                )
            }
            WebError::Store(e) => write!(f, "数据库错误 (store error): {e}"),
            WebError::Internal(e) => write!(f, "内部错误 (internal error): {e}"),
        }
    }
}

impl std::error::Error for WebError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebError::Store(e) => Some(e),
            _ => None,
        }
    }
}

impl From<gongkai_store::StoreError> for WebError {
    fn from(e: gongkai_store::StoreError) -> WebError {
        WebError::Store(e)
    }
}

impl WebError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Store(_) | WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\
             <link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main><h1>{}</h1>\
             <p>{}</p><p><a href=\"/\">返回首页</a></p></main></body></html>",
            status.as_u16(),
            status.as_u16(),
            escape(&self.to_string())
        );
        let mut res = (status, Html(body)).into_response();
        if let WebError::TooManyAttempts(s) = self
            && let Ok(v) = axum::http::HeaderValue::from_str(&s.to_string())
        {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res
    }
}
