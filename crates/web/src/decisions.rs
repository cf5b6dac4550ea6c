//! Reviewers' decisions on a report's findings, kept in the store (the waivers of
//! `gongkai-review`, stored by `gongkai-store` as append-only events): waive with a reason,
//! confirm that a finding stands, revoke a waiver. A decision is keyed by the finding's stable
//! id (body, year, rule, cells), not by the report, so it survives a re-upload of the same
//! report and shows as no longer applying when the finding changed. Every decision is also in
//! the audit log.

use crate::auth::{self, MaybeUser};
use crate::pages::now;
use crate::{AppState, WebError};
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_bodies::Divisions;
use gongkai_review::{Action, Event, FindingId, Reviewed, Waiver, WaiverStore as _};
use gongkai_store::{AuditEntry, Store};
use serde::Deserialize;

/// A decision as posted from the report page.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    /// The session's CSRF token.
    pub csrf: Option<String>,
    /// The finding's id (`GK-…`).
    pub finding: String,
    /// `waive`, `confirm` or `revoke`.
    pub action: String,
    /// Why (required).
    #[serde(default)]
    pub reason: String,
}

/// The report's findings identified, with the waivers in force applied.
pub fn reviewed(s: &mut Store, id: i64) -> Result<Option<Reviewed>, WebError> {
    let table = Divisions::embedded().map_err(|e| WebError::Internal(e.to_string()))?;
    let Some(r) = s.for_review(id, table)? else {
        return Ok(None);
    };
    let active = s.active()?;
    Ok(Some(Reviewed::new(r.subject, r.report, None, &active)))
}

/// `POST /reports/{id}/decisions`: a reviewer of the report's region (or an admin) decides on
/// one of its findings.
pub async fn decide(
    State(st): State<AppState>,
    u: MaybeUser,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    let s = u.require_csrf(f.csrf.as_deref())?;
    let action = match f.action.as_str() {
        "waive" => Action::Waive,
        "confirm" => Action::Confirm,
        "revoke" => Action::Revoke,
        other => return Err(WebError::BadRequest(format!("未知的处理方式“{other}”"))),
    };
    let reason = f.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(WebError::BadRequest("请写明理由".into()));
    }
    if !FindingId::is_well_formed(&f.finding) {
        return Err(WebError::BadRequest(format!("“{}”不是问题编号", f.finding)));
    }
    let user = s.user.clone();
    let finding = f.finding;
    st.db(move |store| {
        let summary = store.report(id)?.ok_or(WebError::NotFound)?.summary;
        auth::may_review(&user, &summary)?;
        let reviewed = reviewed(store, id)?.ok_or(WebError::NotFound)?;
        let item = reviewed
            .item(&finding)
            .ok_or_else(|| WebError::BadRequest(format!("该报告没有问题 {finding}")))?;
        let at = now();
        let waiver = match action {
            Action::Revoke => Waiver {
                by: user.name.clone(),
                at: at.clone(),
                reason: reason.clone(),
                ..item
                    .waiver
                    .clone()
                    .ok_or_else(|| WebError::BadRequest("此问题没有生效的豁免".into()))?
            },
            Action::Waive | Action::Confirm => Waiver::of(
                &reviewed.subject,
                &item.id,
                &item.finding,
                user.name.clone(),
                at.clone(),
                reason.clone(),
            ),
        };
        let rule = waiver.rule.clone();
        store.append(&Event { action, waiver })?;
        store.audit(&AuditEntry {
            at,
            who: user.name.clone(),
            action: format!("finding-{}", action.as_str()),
            target: format!("report:{id}"),
            detail: format!("{finding} {rule}：{reason}"),
        })?;
        Ok(())
    })
    .await?;
    Ok(Redirect::to(&format!("/reports/{id}#findings")).into_response())
}
