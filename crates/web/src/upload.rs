//! Upload and ingest: many files or zip archives in one form, read by the same pipeline as
//! `gongkai ingest` (`gongkai-pipeline`: bytes → SHA-256 → decode → extract → check), each
//! file's outcome shown on its own line while the rest go on.
//!
//! Safety: the upload name is only ever shown (cleaned of folders and control characters);
//! the original is kept as `FILES/<sha256>`, a name made of hex digits; a zip archive is
//! read entry by entry by the pipeline within its byte and entry limits. Each file is checked
//! against the account after it is read: a clerk may store only its own body's reports, a
//! reviewer only those of its region; a refused file is not stored.

use crate::auth::{self, MaybeUser};
use crate::pages::{Nav, now, render};
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::Response;
use gongkai_bodies::{Context, Divisions, Resolver};
use gongkai_pipeline::{Budget, Options, Outcome, Session};
use gongkai_store::{
    AddOptions, Added, AuditEntry, BatchInfo, BodyRecord, Failed, Item, Parsed, User,
};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// One file's result.
#[derive(Clone, Debug)]
pub struct FileResult {
    /// The name shown (upload name, `archive.zip!/entry`).
    pub name: String,
    /// Stored as a report.
    pub ok: bool,
    /// The stored report.
    pub report: Option<i64>,
    /// 新报告 / 未变 / 新版本 / 无法读取 / 拒绝.
    pub outcome: String,
    /// Why, or what was found.
    pub detail: String,
}

#[derive(Template)]
#[template(path = "upload.html")]
struct UploadPage {
    nav: Nav,
    csrf: String,
    max_file_mb: usize,
    max_upload_mb: usize,
    max_files: usize,
    results: Vec<FileResult>,
}

fn page(st: &AppState, u: &MaybeUser, results: Vec<FileResult>) -> Result<Response, WebError> {
    let s = u.require()?;
    render(&UploadPage {
        nav: Nav::of(u),
        csrf: s.csrf.clone(),
        max_file_mb: st.config.max_file_bytes / (1024 * 1024),
        max_upload_mb: st.config.max_upload_bytes / (1024 * 1024),
        max_files: st.config.max_files,
        results,
    })
}

/// `GET /upload`.
pub async fn form(State(st): State<AppState>, u: MaybeUser) -> Result<Response, WebError> {
    auth::may_upload(&u.require()?.user)?;
    page(&st, &u, Vec::new())
}

/// The name of an upload as shown: its last path component, without control characters,
/// at most 120 characters. Never used as a path.
pub fn display_name(raw: Option<&str>) -> String {
    let raw = raw.unwrap_or("");
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    if clean.is_empty() {
        "未命名文件".into()
    } else {
        clean
    }
}

/// A file as received.
struct Received {
    name: String,
    bytes: Vec<u8>,
}

/// `POST /upload` (multipart: `csrf` first, then `files`).
pub async fn upload(
    State(st): State<AppState>,
    u: MaybeUser,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let session = u.require()?;
    auth::may_upload(&session.user)?;
    // The CSRF token must come before any file: nothing is read for a forged form.
    let limit_mb = st.config.max_upload_bytes / (1024 * 1024);
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            WebError::TooLarge(limit_mb)
        } else {
            WebError::BadRequest(e.body_text())
        }
    };
    // A request whose length is known to be over the limit fails here, before anything is read.
    let first = mp.next_field().await.map_err(too_large)?;
    let token = match first {
        Some(f) if f.name() == Some("csrf") => Some(
            f.text()
                .await
                .map_err(|e| WebError::BadRequest(e.body_text()))?,
        ),
        _ => None,
    };
    u.require_csrf(token.as_deref())?;
    let max_file = st.config.max_file_bytes;
    let mut files: Vec<Received> = Vec::new();
    let mut results: Vec<FileResult> = Vec::new();
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                // The body ended early or passed the request limit: say so, keep what came.
                results.push(FileResult {
                    name: "（上传中断）".into(),
                    ok: false,
                    report: None,
                    outcome: "无法读取".into(),
                    detail: format!("上传未完成或超过总大小限制：{}", e.body_text()),
                });
                break;
            }
        };
        if field.name() != Some("files") {
            continue;
        }
        let name = display_name(field.file_name());
        if files.len() + results.len() >= st.config.max_files {
            results.push(FileResult {
                name,
                ok: false,
                report: None,
                outcome: "未读取".into(),
                detail: format!("一次最多上传 {} 个文件", st.config.max_files),
            });
            continue;
        }
        let mut field = field;
        let mut bytes = Vec::new();
        let mut too_big = false;
        let mut broken = false;
        loop {
            match field.chunk().await {
                Ok(Some(c)) => {
                    if bytes.len() + c.len() > max_file {
                        too_big = true;
                        break;
                    }
                    bytes.extend_from_slice(&c);
                }
                Ok(None) => break,
                Err(e) => {
                    broken = true;
                    results.push(FileResult {
                        name: name.clone(),
                        ok: false,
                        report: None,
                        outcome: "无法读取".into(),
                        detail: format!("上传中断：{}", e.body_text()),
                    });
                    break;
                }
            }
        }
        if broken {
            // The request body itself failed (cut off, or over the request limit).
            break;
        }
        if too_big {
            // Drain the rest of the field without keeping it.
            while let Ok(Some(_)) = field.chunk().await {}
            results.push(FileResult {
                name,
                ok: false,
                report: None,
                outcome: "未读取".into(),
                detail: format!("文件超过 {} MiB", max_file / (1024 * 1024)),
            });
            continue;
        }
        if !bytes.is_empty() || field_was_empty_ok(&name) {
            files.push(Received { name, bytes });
        }
    }
    let user = session.user.clone();
    let config = st.config.clone();
    let read =
        tokio::task::spawn_blocking(move || read_all(files, &config.files, config.max_file_bytes))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
    let stored = st.db(move |s| Ok(store_all(s, &user, read))).await?;
    results.extend(stored);
    page(&st, &u, results)
}

/// An empty file part is still a file the user chose (it fails as empty in the pipeline);
/// a part with no name and no bytes is the browser's "no file chosen".
fn field_was_empty_ok(name: &str) -> bool {
    name != "未命名文件"
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Keep the original as `dir/<sha256>` (written to a temporary name, then renamed).
fn keep_original(dir: &Path, bytes: &[u8]) -> std::io::Result<std::path::PathBuf> {
    std::fs::create_dir_all(dir)?;
    let sha = hex(&Sha256::digest(bytes));
    let path = dir.join(&sha);
    if !path.exists() {
        let tmp = dir.join(format!("{sha}.part-{}", std::process::id()));
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(path)
}

/// Read every file (archives entry by entry) through the pipeline.
fn read_all(files: Vec<Received>, dir: &Path, max_file: usize) -> Vec<(String, Outcome)> {
    let mut budget = Budget::default();
    budget.decode.max_bytes = max_file;
    let session = Session::new(&std::env::temp_dir()).ok();
    let opts = Options {
        budget,
        sandbox: session.as_ref().map(Session::sandbox).unwrap_or_default(),
        keep_text: true,
        ..Options::default()
    };
    let mut out = Vec::new();
    for f in files {
        let original = keep_original(dir, &f.bytes);
        let is_zip = gongkai_decode::sniff(&f.bytes) == gongkai_decode::Format::Zip;
        match (is_zip, original) {
            (true, Ok(path)) => {
                let prefix = path.to_string_lossy().into_owned();
                let inputs =
                    gongkai_pipeline::expand(&[path.into_os_string()], &budget.list_limits());
                for i in inputs {
                    let shown = rename(&i.name(), &prefix, &f.name);
                    let mut o = gongkai_pipeline::process(i, &opts);
                    o.source.path = shown.clone();
                    out.push((shown, o));
                }
            }
            (true, Err(e)) | (false, Err(e)) => {
                out.push((f.name.clone(), io_failure(&f.name, &e)));
            }
            (false, Ok(_)) => {
                let o = gongkai_pipeline::process_bytes(&f.name, f.bytes, &opts);
                out.push((f.name, o));
            }
        }
    }
    if let Some(s) = session {
        s.close();
    }
    out
}

fn rename(name: &str, prefix: &str, upload: &str) -> String {
    match name.strip_prefix(prefix) {
        Some(rest) => format!("{upload}{rest}"),
        None => upload.to_owned(),
    }
}

fn io_failure(name: &str, e: &std::io::Error) -> Outcome {
    Outcome {
        source: gongkai_report::Source {
            path: name.to_owned(),
            ..gongkai_report::Source::default()
        },
        result: Err(gongkai_pipeline::Error::Io(std::io::Error::new(
            e.kind(),
            e.to_string(),
        ))),
    }
}

/// Characters of a report's text given to the body resolver as context (as the CLI).
const CONTEXT_CHARS: usize = 4000;

fn body_of(report: &gongkai_report::Report, path: &str, text: &str) -> Option<BodyRecord> {
    let org = report.meta.org.as_ref()?;
    let table = Divisions::embedded().ok()?;
    let resolver = Resolver::new(table);
    let mut ctx = Context::new().source(path.to_owned());
    if let Some(t) = &report.meta.title {
        ctx = ctx.title(t.value.clone());
    }
    ctx = ctx.text(text.chars().take(CONTEXT_CHARS).collect::<String>());
    let res = resolver.resolve(&org.value, &ctx);
    Some(BodyRecord::from_resolution(&res, report.meta.body_kind))
}

/// Check each read file against the account and store the allowed ones in one batch.
fn store_all(
    s: &mut gongkai_store::Store,
    user: &User,
    read: Vec<(String, Outcome)>,
) -> Vec<FileResult> {
    let mut results = Vec::new();
    let mut items: Vec<(usize, Item)> = Vec::new();
    for (name, o) in read {
        let path = format!("upload:{name}");
        match o.result {
            Err(e) => {
                results.push(FileResult {
                    name,
                    ok: false,
                    report: None,
                    outcome: "无法读取".into(),
                    detail: format!("[{}] {e}", e.kind()),
                });
                let item = Item {
                    path,
                    result: Err(Failed {
                        sha256: Some(o.source.sha256).filter(|x| !x.is_empty()),
                        kind: e.kind().to_owned(),
                        message: e.to_string(),
                    }),
                };
                items.push((results.len() - 1, item));
            }
            Ok(p) => {
                let text = p.text.unwrap_or_default();
                let body = body_of(&p.report, &name, &text);
                let allowed = auth::may_upload_for(
                    user,
                    body.as_ref().map(|b| b.key.as_str()),
                    body.as_ref().and_then(|b| b.region_code.as_deref()),
                );
                if let Err(why) = allowed {
                    results.push(FileResult {
                        name,
                        ok: false,
                        report: None,
                        outcome: "拒绝".into(),
                        detail: why,
                    });
                    continue;
                }
                let found = format!(
                    "{} {}",
                    body.as_ref().map_or("（未读到机关）", |b| b.name.as_str()),
                    p.report
                        .meta
                        .year
                        .as_ref()
                        .map_or(String::new(), |y| format!("{} 年度", y.value))
                );
                results.push(FileResult {
                    name,
                    ok: true,
                    report: None,
                    outcome: String::new(),
                    detail: found,
                });
                items.push((
                    results.len() - 1,
                    Item {
                        path,
                        result: Ok(Parsed {
                            report: p.report,
                            text,
                            body,
                        }),
                    },
                ));
            }
        }
    }
    if items.is_empty() {
        return results;
    }
    let at = now();
    let info = BatchInfo {
        started_at: at.clone(),
        tool: format!("gongkai-web {} ({})", env!("CARGO_PKG_VERSION"), user.name),
        catalogue: gongkai_check::catalogue_fingerprint(),
    };
    let added = s.begin_batch(&info).and_then(|b| {
        let only: Vec<Item> = items.iter().map(|(_, i)| i.clone()).collect();
        let added = s.add(b, &only, AddOptions::default())?;
        s.finish_batch(b, &now())?;
        Ok(added)
    });
    match added {
        Ok(added) => {
            for ((at_result, item), a) in items.iter().zip(added) {
                let Some(r) = results.get_mut(*at_result) else {
                    continue;
                };
                let sha = match &item.result {
                    Ok(p) => p.report.source.sha256.clone(),
                    Err(_) => String::new(),
                };
                let (ok, outcome, id) = match a {
                    Added::New { report } => (true, "新报告", Some(report)),
                    Added::NewVersion {
                        report,
                        current: true,
                        ..
                    } => (true, "新版本", Some(report)),
                    Added::NewVersion { report, .. } => {
                        (true, "新版本（未设为当前）", Some(report))
                    }
                    Added::Restored { report } => (true, "已换为原文件", Some(report)),
                    Added::Unchanged => {
                        (true, "已有，未变", s.report_of_source(&sha).ok().flatten())
                    }
                    Added::Failed => (false, r.outcome.as_str(), None),
                };
                let outcome = outcome.to_owned();
                r.ok = ok;
                r.outcome = outcome;
                r.report = id;
            }
            let _ = s.audit(&AuditEntry {
                at,
                who: user.name.clone(),
                action: "upload".into(),
                target: format!("{} files", results.len()),
                detail: results
                    .iter()
                    .map(|r| format!("{}: {}", r.name, r.outcome))
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
        Err(e) => {
            for (i, _) in &items {
                if let Some(r) = results.get_mut(*i) {
                    r.ok = false;
                    r.outcome = "未保存".into();
                    r.detail = format!("数据库错误：{e}");
                }
            }
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_carry_folders_or_controls() {
        assert_eq!(display_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(display_name(Some("..\\..\\boot.ini")), "boot.ini");
        assert_eq!(display_name(Some("a\u{0}b\nc.pdf")), "abc.pdf");
        assert_eq!(display_name(Some("/")), "未命名文件");
        assert_eq!(display_name(Some("..")), "未命名文件");
        assert_eq!(display_name(None), "未命名文件");
        assert_eq!(display_name(Some("北京市报告.docx")), "北京市报告.docx");
    }
}
