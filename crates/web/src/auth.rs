//! Accounts, sessions, CSRF, the login limiter and the permission checks.
//!
//! - Passwords: argon2id (the `argon2` crate's defaults), PHC strings in the store.
//! - Sessions: a random 256-bit id in a cookie (`HttpOnly; SameSite=Strict; Path=/`, plus
//!   `Secure` when the server runs behind TLS); the session itself (account, CSRF token,
//!   expiry) stays on the server, in memory: a restart logs everyone out.
//! - CSRF: every session has its own token, put in every form and compared on every write
//!   (constant time). The login form, before there is a session, uses a double-submit
//!   cookie of its own.
//! - Login: after [`FREE_FAILURES`] failures for an account (or [`FREE_ADDRESS_FAILURES`]
//!   from one client address), each further attempt must wait twice as long as the one
//!   before (from [`FIRST_WAIT`] up to [`MAX_WAIT`]); an attempt too early is refused (429)
//!   without checking the password.
//! - Permissions ([`may_review`], [`may_upload_for`]): an admin anywhere; a reviewer on
//!   reports whose body is in its region; a clerk for its own body; a viewer never.
//!   Ledgers ([`may_read_ledger`], [`may_write_ledger`]): a clerk reads and writes its own
//!   body's, an admin any; reviewers and viewers read.

use crate::{AppState, WebError};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use gongkai_store::{ReportSummary, Role, User};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "gk_session";
/// Name of the login form's double-submit cookie.
pub const LOGIN_COOKIE: &str = "gk_login";
/// Failed logins of an account allowed without waiting.
pub const FREE_FAILURES: u32 = 5;
/// The wait after the first failure beyond the free ones.
pub const FIRST_WAIT: Duration = Duration::from_secs(2);
/// The longest wait.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);

/// The argon2id PHC string of a password.
pub fn hash_password(password: &str) -> Result<String, WebError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| WebError::Internal(format!("argon2: {e}")))
}

/// Whether a password matches a PHC string (false for a malformed one).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A new random token: 32 bytes, hex.
pub fn random_token() -> Result<String, WebError> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| WebError::Internal(format!("random: {e}")))?;
    Ok(hex(&b))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// SHA-256 of a token, hex: what the store keeps of an API token.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Equal strings, in time that depends only on their lengths.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A logged-in account.
#[derive(Clone, Debug)]
pub struct Session {
    /// The account (as it was at login).
    pub user: User,
    /// This session's CSRF token.
    pub csrf: String,
    expires: Instant,
}

/// The sessions of a server, by id.
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, Session>>);

impl Sessions {
    /// Start a session; returns its id.
    pub fn start(&self, user: User, lifetime: Duration) -> Result<String, WebError> {
        let id = random_token()?;
        let s = Session {
            user,
            csrf: random_token()?,
            expires: Instant::now() + lifetime,
        };
        let mut m = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        m.retain(|_, s| s.expires > now);
        m.insert(id.clone(), s);
        Ok(id)
    }

    /// The live session of an id.
    pub fn get(&self, id: &str) -> Option<Session> {
        let m = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.get(id).filter(|s| s.expires > Instant::now()).cloned()
    }

    /// End every session of an account (its role changed, or it was disabled).
    pub fn end_user(&self, user_id: i64) {
        let mut m = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.retain(|_, s| s.user.id != user_id);
    }

    /// End a session.
    pub fn end(&self, id: &str) {
        let mut m = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.remove(id);
    }
}

#[derive(Clone, Copy, Debug)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed logins by account name, and by client address: one account guessed at from many
/// places, and many accounts tried from one place (password spraying), are both slowed.
#[derive(Default)]
pub struct LoginLimiter(Mutex<HashMap<Key, Failures>>);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

/// Failures from one address before it is slowed: more than for an account, since an
/// office's staff may share one address behind its gateway.
pub const FREE_ADDRESS_FAILURES: u32 = 4 * FREE_FAILURES;
/// Entries kept at most; beyond, those whose last failure is older than [`MAX_WAIT`] go
/// (an attacker inventing names cannot grow the table without bound).
const MAX_ENTRIES: usize = 100_000;

impl LoginLimiter {
    fn wait(count: u32, free: u32) -> Duration {
        if count < free {
            return Duration::ZERO;
        }
        let doublings = (count - free).min(20);
        FIRST_WAIT.saturating_mul(1u32 << doublings).min(MAX_WAIT)
    }

    fn free(key: &Key) -> u32 {
        match key {
            Key::Account(_) => FREE_FAILURES,
            Key::Address(_) => FREE_ADDRESS_FAILURES,
        }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Failures>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Refuse an attempt that comes too early for the account or the address: Err(seconds
    /// to wait).
    pub fn check(&self, name: &str, from: Option<IpAddr>, now: Instant) -> Result<(), u64> {
        let m = self.map();
        let keys = [Some(Key::Account(name.to_owned())), from.map(Key::Address)];
        let mut wait = 0;
        for k in keys.iter().flatten() {
            if let Some(f) = m.get(k) {
                let until = f.last + Self::wait(f.count, Self::free(k));
                if now < until {
                    wait = wait.max((until - now).as_secs().max(1));
                }
            }
        }
        if wait > 0 { Err(wait) } else { Ok(()) }
    }

    /// Count a failure against the account and the address.
    pub fn failed(&self, name: &str, from: Option<IpAddr>, now: Instant) {
        let mut m = self.map();
        if m.len() >= MAX_ENTRIES {
            m.retain(|_, f| now.saturating_duration_since(f.last) < MAX_WAIT);
        }
        for k in [Some(Key::Account(name.to_owned())), from.map(Key::Address)]
            .into_iter()
            .flatten()
        {
            let f = m.entry(k).or_insert(Failures {
                count: 0,
                last: now,
            });
            f.count = f.count.saturating_add(1);
            f.last = now;
        }
    }

    /// Forget the failures of an account (after a success). The address's stay: a success
    /// from a shared address does not excuse another account's guesses.
    pub fn succeeded(&self, name: &str) {
        self.map().remove(&Key::Account(name.to_owned()));
    }
}

/// The value of a cookie in the request's `Cookie` headers. (Parsed by hand: the format is
/// `name=value; name=value`, and the cookies this app sets are hex tokens.)
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
}

/// A `Set-Cookie` value for this app's cookies.
pub fn set_cookie(name: &str, value: &str, max_age: u64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Who is asking: the session of the request's cookie, if any. Never fails.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<(String, Session)>);

impl MaybeUser {
    /// The account, if logged in.
    pub fn user(&self) -> Option<&User> {
        self.0.as_ref().map(|(_, s)| &s.user)
    }

    /// The session, or 401.
    pub fn require(&self) -> Result<&Session, WebError> {
        self.0
            .as_ref()
            .map(|(_, s)| s)
            .ok_or(WebError::Unauthenticated)
    }

    /// The session if the form's CSRF token is its own: 401 without a session, 403 when
    /// the token is missing or wrong.
    pub fn require_csrf(&self, token: Option<&str>) -> Result<&Session, WebError> {
        let s = self.require()?;
        match token {
            Some(t) if same(t, &s.csrf) => Ok(s),
            _ => Err(WebError::Csrf),
        }
    }
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeUser(
            cookie(&parts.headers, SESSION_COOKIE)
                .and_then(|id| state.sessions.get(&id).map(|s| (id, s))),
        ))
    }
}

/// Whether `prefix` (a region prefix such as `1101`) contains the region code `code`.
fn in_region(prefix: &str, code: Option<&str>) -> bool {
    code.is_some_and(|c| gongkai_store::region_prefix(c).starts_with(prefix))
}

/// May this account review (set the state of) this report?
pub fn may_review(u: &User, r: &ReportSummary) -> Result<(), WebError> {
    match u.role {
        Role::Admin => Ok(()),
        Role::Reviewer => match &u.region {
            Some(p) if in_region(p, r.region_code.as_deref()) => Ok(()),
            _ => Err(WebError::Forbidden(format!(
                "该报告不在您负责的区划内 (report outside region {})",
                u.region.as_deref().unwrap_or("-")
            ))),
        },
        Role::Clerk | Role::Viewer => Err(WebError::Forbidden(format!(
            "{}不能审核报告 (role {} cannot review)",
            u.role.name_zh(),
            u.role
        ))),
    }
}

/// May this account upload at all?
pub fn may_upload(u: &User) -> Result<(), WebError> {
    match u.role {
        Role::Admin | Role::Reviewer | Role::Clerk => Ok(()),
        Role::Viewer => Err(WebError::Forbidden(
            "查阅者不能上传 (role viewer cannot upload)".into(),
        )),
    }
}

/// May this account store a report of this body (key, region code)? An unidentified body
/// (no region) is the admin's business.
pub fn may_upload_for(
    u: &User,
    body_key: Option<&str>,
    region_code: Option<&str>,
) -> Result<(), String> {
    match u.role {
        Role::Admin => Ok(()),
        Role::Reviewer => match &u.region {
            Some(p) if in_region(p, region_code) => Ok(()),
            _ => Err(format!(
                "报告的机关不在您负责的区划（{}）内",
                u.region.as_deref().unwrap_or("-")
            )),
        },
        Role::Clerk => match (&u.body_key, body_key) {
            (Some(mine), Some(k)) if mine == k => Ok(()),
            _ => Err(format!(
                "报告的机关（{}）不是您的机关",
                body_key.unwrap_or("未识别")
            )),
        },
        Role::Viewer => Err("查阅者不能上传".into()),
    }
}

/// May this account read the ledger of body `key`? Clerks only their own body's.
pub fn may_read_ledger(u: &User, key: &str) -> Result<(), WebError> {
    match u.role {
        Role::Admin | Role::Reviewer | Role::Viewer => Ok(()),
        Role::Clerk if u.body_key.as_deref() == Some(key) => Ok(()),
        Role::Clerk => Err(WebError::Forbidden(
            "只能查看本机关的台账 (a clerk sees its own body's ledger only)".into(),
        )),
    }
}

/// May this account change the ledger of body `key`? An admin, or the body's clerk.
pub fn may_write_ledger(u: &User, key: &str) -> Result<(), WebError> {
    match u.role {
        Role::Admin => Ok(()),
        Role::Clerk if u.body_key.as_deref() == Some(key) => Ok(()),
        Role::Clerk => Err(WebError::Forbidden(
            "只能修改本机关的台账 (a clerk changes its own body's ledger only)".into(),
        )),
        Role::Reviewer | Role::Viewer => Err(WebError::Forbidden(format!(
            "{}只能查看台账 (role {} reads ledgers only)",
            u.role.name_zh(),
            u.role
        ))),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_password("正确的密码").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("正确的密码", &h));
        assert!(!verify_password("错误", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn limiter_doubles_after_free_failures() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        for _ in 0..FREE_FAILURES - 1 {
            l.failed("a", None, t0);
        }
        assert!(l.check("a", None, t0).is_ok());
        l.failed("a", None, t0);
        assert_eq!(l.check("a", None, t0), Err(2));
        assert!(l.check("a", None, t0 + Duration::from_secs(2)).is_ok());
        l.failed("a", None, t0 + Duration::from_secs(2));
        assert_eq!(l.check("a", None, t0 + Duration::from_secs(2)), Err(4));
        assert!(l.check("b", None, t0).is_ok());
        l.succeeded("a");
        assert!(l.check("a", None, t0).is_ok());
    }

    #[test]
    fn limiter_counts_an_address_across_accounts() {
        let l = LoginLimiter::default();
        let t0 = Instant::now();
        let ip: IpAddr = [192, 0, 2, 7].into();
        for i in 0..FREE_ADDRESS_FAILURES {
            assert!(l.check(&format!("u{i}"), Some(ip), t0).is_ok());
            l.failed(&format!("u{i}"), Some(ip), t0);
        }
        assert_eq!(l.check("new", Some(ip), t0), Err(2));
        assert!(l.check("new", Some([192, 0, 2, 8].into()), t0).is_ok());
        // A success does not excuse the address.
        l.succeeded("u0");
        assert_eq!(l.check("new", Some(ip), t0), Err(2));
    }

    #[test]
    fn regions() {
        assert!(in_region("1101", Some("110105")));
        assert!(in_region("1101", Some("110105000000")));
        assert!(!in_region("1101", Some("120105")));
        assert!(!in_region("1101", None));
    }
}
