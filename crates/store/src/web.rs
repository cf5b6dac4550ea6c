//! What the web app keeps beside the reports: accounts, API tokens, review states and the
//! audit log (schema version 2). Passwords and tokens arrive hashed: the store never sees a
//! secret (hashing is the caller's, so the store needs no crypto).

use crate::db::{Row, Val, placeholders};
use crate::error::StoreError;
use crate::{Selection, Store, StoredReport};
use std::collections::HashMap;
use std::fmt;

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, everywhere.
    Admin,
    /// Reviews the reports of one region.
    Reviewer,
    /// Uploads the reports of one body.
    Clerk,
    /// Reads, writes nothing.
    Viewer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Reviewer, Role::Clerk, Role::Viewer];

    /// As stored and typed (`admin`, `reviewer`, `clerk`, `viewer`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reviewer => "reviewer",
            Role::Clerk => "clerk",
            Role::Viewer => "viewer",
        }
    }

    /// The role of its name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Reviewer => "审核员",
            Role::Clerk => "填报员",
            Role::Viewer => "查阅者",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Its id.
    pub id: i64,
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Reviewer: the region prefix it reviews.
    pub region: Option<String>,
    /// Clerk: the key of its body.
    pub body_key: Option<String>,
    /// argon2 PHC string.
    pub password: String,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
}

/// An account to create.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Reviewer: region prefix.
    pub region: Option<String>,
    /// Clerk: body key.
    pub body_key: Option<String>,
    /// argon2 PHC string of the password.
    pub password: String,
    /// RFC 3339.
    pub created_at: String,
}

/// Review state of a report. Only published reports are shown to the public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ReviewState {
    /// Not reviewed yet.
    #[default]
    Pending,
    /// Reviewed, not public.
    Reviewed,
    /// Public.
    Published,
}

impl ReviewState {
    /// Every state.
    pub const ALL: [ReviewState; 3] = [
        ReviewState::Pending,
        ReviewState::Reviewed,
        ReviewState::Published,
    ];

    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::Reviewed => "reviewed",
            ReviewState::Published => "published",
        }
    }

    /// The state of its name.
    pub fn parse(s: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            ReviewState::Pending => "待审核",
            ReviewState::Reviewed => "已审核",
            ReviewState::Published => "已公开",
        }
    }
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// RFC 3339.
    pub at: String,
    /// Account name (or `api:NAME`, `cli`).
    pub who: String,
    /// What was done (`login`, `upload`, `review`, …).
    pub action: String,
    /// What it was done to (`report:12`, a file name, …).
    pub target: String,
    /// Details.
    pub detail: String,
}

/// The findings of one body over a selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyFindings {
    /// The body's name (canonical, or as printed).
    pub body: String,
    /// Its region path (empty when unknown).
    pub region: String,
    /// Its reports in the selection.
    pub reports: i64,
    /// Assessable findings of level error.
    pub errors: i64,
    /// … of level warning.
    pub warnings: i64,
}

const USER_COLUMNS: &str = "id, name, role, region, body_key, password, disabled";

fn user(r: &Row) -> Result<User, StoreError> {
    let role = r.text(2);
    Ok(User {
        id: r.int(0),
        name: r.text(1),
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::corrupt(format!("user {}", r.text(1)), role))?,
        region: r.opt_text(3),
        body_key: r.opt_text(4),
        password: r.text(5),
        disabled: r.int(6) != 0,
    })
}

impl Store {
    /// Create an account. A name already taken is [`StoreError::UserExists`].
    pub fn add_user(&mut self, u: &NewUser) -> Result<i64, StoreError> {
        if self.user(&u.name)?.is_some() {
            return Err(StoreError::UserExists {
                name: u.name.clone(),
            });
        }
        self.conn.begin()?;
        let r = (|| {
            let id = self
                .conn
                .alloc_ids("users", 1)?
                .first()
                .copied()
                .unwrap_or(1);
            self.conn.execute(
                "INSERT INTO users (id, name, role, region, body_key, password, created_at, disabled) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 0)",
                &[
                    Val::from(id),
                    Val::from(&u.name),
                    Val::from(u.role.as_str()),
                    Val::from(u.region.clone()),
                    Val::from(u.body_key.clone()),
                    Val::from(&u.password),
                    Val::from(&u.created_at),
                ],
            )?;
            Ok(id)
        })();
        self.finish_tx(r)
    }

    /// The account of a name.
    pub fn user(&mut self, name: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE name = $1");
        self.conn
            .query_one(&sql, &[Val::from(name)])?
            .map(|r| user(&r))
            .transpose()
    }

    /// The account of an id.
    pub fn user_by_id(&mut self, id: i64) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        self.conn
            .query_one(&sql, &[Val::from(id)])?
            .map(|r| user(&r))
            .transpose()
    }

    /// Every account, by name.
    pub fn users(&mut self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name");
        self.conn.query(&sql, &[])?.iter().map(user).collect()
    }

    /// Change an account's role and its region (reviewer) or body (clerk).
    pub fn set_user_role(
        &mut self,
        id: i64,
        role: Role,
        region: Option<&str>,
        body_key: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn.begin()?;
        let r = self
            .conn
            .execute(
                "UPDATE users SET role = $1, region = $2, body_key = $3 WHERE id = $4",
                &[
                    Val::from(role.as_str()),
                    Val::from(region.map(str::to_owned)),
                    Val::from(body_key.map(str::to_owned)),
                    Val::from(id),
                ],
            )
            .map(|_| ());
        self.finish_tx(r)
    }

    /// Disable an account (it can no longer log in) or enable it again.
    pub fn set_user_disabled(&mut self, id: i64, disabled: bool) -> Result<(), StoreError> {
        self.conn.begin()?;
        let r = self
            .conn
            .execute(
                "UPDATE users SET disabled = $1 WHERE id = $2",
                &[Val::from(i64::from(disabled)), Val::from(id)],
            )
            .map(|_| ());
        self.finish_tx(r)
    }

    /// Keep an API token (its SHA-256, hex) for an account.
    pub fn add_token(
        &mut self,
        user_id: i64,
        sha256: &str,
        created_at: &str,
    ) -> Result<(), StoreError> {
        self.conn.begin()?;
        let r = (|| {
            let id = self
                .conn
                .alloc_ids("api_tokens", 1)?
                .first()
                .copied()
                .unwrap_or(1);
            self.conn.execute(
                "INSERT INTO api_tokens (id, user_id, sha256, created_at) VALUES ($1, $2, $3, $4)",
                &[
                    Val::from(id),
                    Val::from(user_id),
                    Val::from(sha256),
                    Val::from(created_at),
                ],
            )?;
            Ok(())
        })();
        self.finish_tx(r)
    }

    /// The account a token (its SHA-256, hex) belongs to.
    pub fn user_by_token(&mut self, sha256: &str) -> Result<Option<User>, StoreError> {
        let sql = "SELECT u.id, u.name, u.role, u.region, u.body_key, u.password, u.disabled \
                   FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.sha256 = $1";
        self.conn
            .query_one(sql, &[Val::from(sha256)])?
            .map(|r| user(&r))
            .transpose()
    }

    /// Set a report's review state.
    pub fn set_review(
        &mut self,
        report: i64,
        state: ReviewState,
        who: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        self.conn.begin()?;
        let r = (|| {
            self.conn.execute(
                "DELETE FROM report_reviews WHERE report_id = $1",
                &[Val::from(report)],
            )?;
            if state != ReviewState::Pending {
                self.conn.execute(
                    "INSERT INTO report_reviews (report_id, state, set_by, set_at) VALUES ($1, $2, $3, $4)",
                    &[
                        Val::from(report),
                        Val::from(state.as_str()),
                        Val::from(who),
                        Val::from(at),
                    ],
                )?;
            }
            Ok(())
        })();
        self.finish_tx(r)
    }

    /// Review states of reports (those without a row are pending).
    pub fn review_states(
        &mut self,
        reports: &[i64],
    ) -> Result<HashMap<i64, ReviewState>, StoreError> {
        let mut out: HashMap<i64, ReviewState> =
            reports.iter().map(|&r| (r, ReviewState::Pending)).collect();
        for chunk in reports.chunks(500) {
            let sql = format!(
                "SELECT report_id, state FROM report_reviews WHERE report_id IN ({})",
                placeholders(0, chunk.len())
            );
            let params: Vec<Val> = chunk.iter().map(|&i| Val::from(i)).collect();
            for r in self.conn.query(&sql, &params)? {
                if let Some(s) = ReviewState::parse(&r.text(1)) {
                    out.insert(r.int(0), s);
                }
            }
        }
        Ok(out)
    }

    /// Append to the audit log.
    pub fn audit(&mut self, e: &AuditEntry) -> Result<(), StoreError> {
        self.conn.begin()?;
        let r = (|| {
            let id = self
                .conn
                .alloc_ids("audit", 1)?
                .first()
                .copied()
                .unwrap_or(1);
            self.conn.execute(
                "INSERT INTO audit (id, at, who, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    Val::from(id),
                    Val::from(&e.at),
                    Val::from(&e.who),
                    Val::from(&e.action),
                    Val::from(&e.target),
                    Val::from(&e.detail),
                ],
            )?;
            Ok(())
        })();
        self.finish_tx(r)
    }

    /// Findings by rule over a selection: (rule, severity, findings, reports), most first.
    /// Only assessable findings count.
    pub fn findings_by_rule(
        &mut self,
        sel: &Selection,
    ) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
        let mut params = Vec::new();
        let w = sel.sql(&mut params);
        let sql = format!(
            "SELECT f.rule, MAX(f.severity), COUNT(*), COUNT(DISTINCT f.report_id) \
             FROM findings f JOIN reports r ON r.id = f.report_id LEFT JOIN bodies b ON b.id = r.body_id \
             WHERE f.assessable = 1{w} GROUP BY f.rule ORDER BY COUNT(*) DESC, f.rule"
        );
        Ok(self
            .conn
            .query(&sql, &params)?
            .iter()
            .map(|r| (r.text(0), r.text(1), r.int(2), r.int(3)))
            .collect())
    }

    /// The report read from a source (by its SHA-256, hex), if stored.
    pub fn report_of_source(&mut self, sha256: &str) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_one(
                "SELECT r.id FROM reports r JOIN sources s ON s.id = r.source_id WHERE s.sha256 = $1",
                &[Val::from(sha256)],
            )?
            .map(|r| r.int(0)))
    }

    /// The report of a body (by its key) and year that the web shows beside another year's:
    /// the current version, or the newest should none be current.
    pub fn report_of_key(
        &mut self,
        body_key: &str,
        year: i32,
    ) -> Result<Option<StoredReport>, StoreError> {
        let id = self
            .conn
            .query_one(
                "SELECT r.id FROM reports r JOIN bodies b ON b.id = r.body_id \
                 WHERE b.key = $1 AND r.year = $2 ORDER BY r.current DESC, r.version DESC LIMIT 1",
                &[Val::from(body_key), Val::from(year)],
            )?
            .map(|r| r.int(0));
        match id {
            Some(id) => self.report(id),
            None => Ok(None),
        }
    }

    /// Findings by body over a selection, from the counts kept per report (assessable
    /// findings only), most errors first.
    pub fn findings_by_body(&mut self, sel: &Selection) -> Result<Vec<BodyFindings>, StoreError> {
        let mut params = Vec::new();
        let w = sel.sql(&mut params);
        let sql = format!(
            "SELECT COALESCE(b.name, r.org, ''), COALESCE(b.region_path, ''), COUNT(*), \
             CAST(SUM(r.errors) AS BIGINT), CAST(SUM(r.warnings) AS BIGINT) \
             FROM reports r LEFT JOIN bodies b ON b.id = r.body_id WHERE 1 = 1{w} \
             GROUP BY COALESCE(b.name, r.org, ''), COALESCE(b.region_path, '') \
             ORDER BY SUM(r.errors) DESC, SUM(r.warnings) DESC, 1"
        );
        Ok(self
            .conn
            .query(&sql, &params)?
            .iter()
            .map(|r| BodyFindings {
                body: r.text(0),
                region: r.text(1),
                reports: r.int(2),
                errors: r.int(3),
                warnings: r.int(4),
            })
            .collect())
    }

    /// The years that have reports in a selection (its year ignored), oldest first.
    pub fn years(&mut self, sel: &Selection) -> Result<Vec<i32>, StoreError> {
        let inner = Selection {
            year: None,
            ..sel.clone()
        };
        let mut params = Vec::new();
        let w = inner.sql(&mut params);
        let sql = format!(
            "SELECT DISTINCT r.year FROM reports r LEFT JOIN bodies b ON b.id = r.body_id \
             WHERE r.year IS NOT NULL{w} ORDER BY r.year"
        );
        Ok(self
            .conn
            .query(&sql, &params)?
            .iter()
            .filter_map(|r| i32::try_from(r.int(0)).ok())
            .collect())
    }

    /// The newest entries of the audit log, newest first.
    pub fn audit_log(&mut self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(self
            .conn
            .query(
                "SELECT at, who, action, target, detail FROM audit ORDER BY id DESC LIMIT $1",
                &[Val::from(limit)],
            )?
            .iter()
            .map(|r| AuditEntry {
                at: r.text(0),
                who: r.text(1),
                action: r.text(2),
                target: r.text(3),
                detail: r.text(4),
            })
            .collect())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn accounts_tokens_reviews_audit() {
        let mut s = Store::open(":memory:").unwrap();
        let u = NewUser {
            name: "张三".into(),
            role: Role::Reviewer,
            region: Some("1101".into()),
            body_key: None,
            password: "$argon2id$x".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
        };
        let id = s.add_user(&u).unwrap();
        assert!(matches!(s.add_user(&u), Err(StoreError::UserExists { .. })));
        let got = s.user("张三").unwrap().unwrap();
        assert_eq!(
            (got.id, got.role, got.region.as_deref()),
            (id, Role::Reviewer, Some("1101"))
        );
        s.set_user_role(id, Role::Clerk, None, Some("110105/x"))
            .unwrap();
        let got = s.user("张三").unwrap().unwrap();
        assert_eq!(
            (got.role, got.region.as_deref(), got.body_key.as_deref()),
            (Role::Clerk, None, Some("110105/x"))
        );
        s.set_user_disabled(id, true).unwrap();
        assert!(s.user("张三").unwrap().unwrap().disabled);
        s.set_user_disabled(id, false).unwrap();
        assert!(!s.user("张三").unwrap().unwrap().disabled);
        s.add_token(id, "ab", "2026-01-01T00:00:00Z").unwrap();
        assert_eq!(s.user_by_token("ab").unwrap().unwrap().name, "张三");
        assert!(s.user_by_token("cd").unwrap().is_none());
        s.audit(&AuditEntry {
            at: "t".into(),
            who: "张三".into(),
            action: "login".into(),
            target: String::new(),
            detail: String::new(),
        })
        .unwrap();
        assert_eq!(s.audit_log(10).unwrap().len(), 1);
    }
}
