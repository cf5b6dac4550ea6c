//! Account management for admins: the accounts, a new account, a change of role (with its
//! region or body), disabling and enabling. Every change is audited; a changed or disabled
//! account's sessions end at once (a session keeps the account as it was at login).

use crate::auth::{self, MaybeUser, Session};
use crate::pages::{Nav, now, render};
use crate::{AppState, WebError};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::{AuditEntry, NewUser, Role};
use serde::Deserialize;

/// Shortest password an admin may set.
const MIN_PASSWORD: usize = 8;

fn admin(u: &MaybeUser) -> Result<&Session, WebError> {
    let s = u.require()?;
    if s.user.role != Role::Admin {
        return Err(WebError::Forbidden("只有管理员可管理账号".into()));
    }
    Ok(s)
}

/// The region prefix and body key of an account of `role`, from what the form says: a
/// reviewer needs a region (a code or a name), a clerk a body key; the others neither.
pub fn scope(
    role: Role,
    region: &str,
    body: &str,
) -> Result<(Option<String>, Option<String>), String> {
    let (region, body) = (region.trim(), body.trim());
    match role {
        Role::Reviewer if region.is_empty() => Err("审核员需要区划".into()),
        Role::Reviewer => {
            let table = gongkai_bodies::Divisions::embedded().map_err(|e| e.to_string())?;
            gongkai_store::region_selector(table, region)
                .map(|p| (Some(p), None))
                .map_err(|c| {
                    if c.is_empty() {
                        format!("未知区划“{region}”")
                    } else {
                        format!("区划“{region}”有多个，请用代码")
                    }
                })
        }
        Role::Clerk if body.is_empty() => Err("填报员需要机关代码".into()),
        Role::Clerk => Ok((None, Some(body.to_owned()))),
        Role::Admin | Role::Viewer if !region.is_empty() || !body.is_empty() => {
            Err("只有审核员有区划、只有填报员有机关".into())
        }
        Role::Admin | Role::Viewer => Ok((None, None)),
    }
}

struct UserRow {
    id: i64,
    name: String,
    role: &'static str,
    role_key: &'static str,
    region: String,
    body: String,
    disabled: bool,
    me: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    nav: Nav,
    csrf: String,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    message: Option<String>,
}

async fn page(st: &AppState, u: &MaybeUser, message: Option<String>) -> Result<Response, WebError> {
    let s = admin(u)?;
    let me = s.user.id;
    let users = st.db(|s| Ok(s.users()?)).await?;
    render(&UsersPage {
        nav: Nav::of(u),
        csrf: s.csrf.clone(),
        users: users
            .into_iter()
            .map(|x| UserRow {
                id: x.id,
                me: x.id == me,
                name: x.name,
                role: x.role.name_zh(),
                role_key: x.role.as_str(),
                region: x.region.unwrap_or_default(),
                body: x.body_key.unwrap_or_default(),
                disabled: x.disabled,
            })
            .collect(),
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), r.name_zh()))
            .collect(),
        message,
    })
}

/// `GET /users` (admins).
pub async fn list(State(st): State<AppState>, u: MaybeUser) -> Result<Response, WebError> {
    page(&st, &u, None).await
}

/// The form of a new account.
#[derive(Debug, Deserialize)]
pub struct AddForm {
    /// CSRF token.
    pub csrf: Option<String>,
    /// Login name.
    pub name: String,
    /// `admin`, `reviewer`, `clerk`, `viewer`.
    pub role: String,
    /// Reviewer: region code or name.
    #[serde(default)]
    pub region: String,
    /// Clerk: body key.
    #[serde(default)]
    pub body: String,
    /// Empty: a random one, shown once.
    #[serde(default)]
    pub password: String,
}

fn role_of(s: &str) -> Result<Role, WebError> {
    Role::parse(s.trim()).ok_or_else(|| WebError::BadRequest(format!("未知角色“{s}”")))
}

/// `POST /users`: create an account; the page shows a generated password once.
pub async fn add(
    State(st): State<AppState>,
    u: MaybeUser,
    Form(f): Form<AddForm>,
) -> Result<Response, WebError> {
    u.require_csrf(f.csrf.as_deref())?;
    let s = admin(&u)?;
    let who = s.user.name.clone();
    let name = f.name.trim().to_owned();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(WebError::BadRequest("用户名不能为空或含控制字符".into()));
    }
    let role = role_of(&f.role)?;
    let (region, body_key) = scope(role, &f.region, &f.body).map_err(WebError::BadRequest)?;
    let (password, shown) = if f.password.is_empty() {
        (
            auth::random_token()?.chars().take(20).collect::<String>(),
            true,
        )
    } else if f.password.chars().count() < MIN_PASSWORD {
        return Err(WebError::BadRequest(format!(
            "密码至少 {MIN_PASSWORD} 个字符"
        )));
    } else {
        (f.password, false)
    };
    let hash =
        tokio::task::spawn_blocking(move || auth::hash_password(&password).map(|h| (h, password)))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))??;
    let (hash, password) = hash;
    let n = name.clone();
    let detail = format!(
        "{role}{}{}",
        region
            .as_deref()
            .map(|r| format!(" region {r}"))
            .unwrap_or_default(),
        body_key
            .as_deref()
            .map(|b| format!(" body {b}"))
            .unwrap_or_default()
    );
    st.db(move |s| {
        let at = now();
        s.add_user(&NewUser {
            name: n.clone(),
            role,
            region,
            body_key,
            password: hash,
            created_at: at.clone(),
        })
        .map_err(|e| match e {
            gongkai_store::StoreError::UserExists { name } => {
                WebError::BadRequest(format!("用户名“{name}”已存在"))
            }
            e => WebError::Store(e),
        })?;
        s.audit(&AuditEntry {
            at,
            who,
            action: "user-add".into(),
            target: format!("user:{n}"),
            detail,
        })?;
        Ok(())
    })
    .await?;
    let message = if shown {
        format!("已创建账号“{name}”，初始密码（只显示这一次）：{password}")
    } else {
        format!("已创建账号“{name}”")
    };
    page(&st, &u, Some(message)).await
}

/// The form of a change of role.
#[derive(Debug, Deserialize)]
pub struct RoleForm {
    /// CSRF token.
    pub csrf: Option<String>,
    /// The new role.
    pub role: String,
    /// Reviewer: region code or name.
    #[serde(default)]
    pub region: String,
    /// Clerk: body key.
    #[serde(default)]
    pub body: String,
}

/// `POST /users/{id}/role`: change an account's role (its sessions end).
pub async fn set_role(
    State(st): State<AppState>,
    u: MaybeUser,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> Result<Response, WebError> {
    u.require_csrf(f.csrf.as_deref())?;
    let s = admin(&u)?;
    if s.user.id == id {
        return Err(WebError::BadRequest(
            "不能修改自己的角色（请由另一位管理员修改）".into(),
        ));
    }
    let who = s.user.name.clone();
    let role = role_of(&f.role)?;
    let (region, body_key) = scope(role, &f.region, &f.body).map_err(WebError::BadRequest)?;
    st.db(move |s| {
        let target = s.user_by_id(id)?.ok_or(WebError::NotFound)?;
        s.set_user_role(id, role, region.as_deref(), body_key.as_deref())?;
        s.audit(&AuditEntry {
            at: now(),
            who,
            action: "user-role".into(),
            target: format!("user:{}", target.name),
            detail: format!(
                "{} → {role}{}{}",
                target.role,
                region
                    .as_deref()
                    .map(|r| format!(" region {r}"))
                    .unwrap_or_default(),
                body_key
                    .as_deref()
                    .map(|b| format!(" body {b}"))
                    .unwrap_or_default()
            ),
        })?;
        Ok(())
    })
    .await?;
    st.sessions.end_user(id);
    Ok(Redirect::to("/users").into_response())
}

/// The form that disables or enables an account.
#[derive(Debug, Deserialize)]
pub struct DisableForm {
    /// CSRF token.
    pub csrf: Option<String>,
    /// `1` disables, `0` enables.
    pub disabled: String,
}

/// `POST /users/{id}/disable`: disable (its sessions end) or enable an account.
pub async fn set_disabled(
    State(st): State<AppState>,
    u: MaybeUser,
    Path(id): Path<i64>,
    Form(f): Form<DisableForm>,
) -> Result<Response, WebError> {
    u.require_csrf(f.csrf.as_deref())?;
    let s = admin(&u)?;
    let disabled = match f.disabled.as_str() {
        "1" => true,
        "0" => false,
        other => {
            return Err(WebError::BadRequest(format!(
                "disabled=“{other}”：应为 1 或 0"
            )));
        }
    };
    if s.user.id == id && disabled {
        return Err(WebError::BadRequest("不能停用自己的账号".into()));
    }
    let who = s.user.name.clone();
    st.db(move |s| {
        let target = s.user_by_id(id)?.ok_or(WebError::NotFound)?;
        s.set_user_disabled(id, disabled)?;
        s.audit(&AuditEntry {
            at: now(),
            who,
            action: if disabled {
                "user-disable"
            } else {
                "user-enable"
            }
            .into(),
            target: format!("user:{}", target.name),
            detail: String::new(),
        })?;
        Ok(())
    })
    .await?;
    if disabled {
        st.sessions.end_user(id);
    }
    Ok(Redirect::to("/users").into_response())
}
