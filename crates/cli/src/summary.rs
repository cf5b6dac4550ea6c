//! Per-file diagnostics text and the closing summary of a batch; the exit status.

use crate::diagnostics::{Renderer, Source};
use crate::terminal;
use gongkai_pipeline::{Outcome, Parsed};
use gongkai_report::Severity;
use gongkai_review::FindingId;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Default)]
pub struct Summary {
    files: usize,
    failed: usize,
    skipped: usize,
    with_errors: usize,
    ambiguous_files: usize,
    by_rule: BTreeMap<&'static str, usize>,
    failures: Vec<(String, String)>,
    skips: Vec<String>,
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        match &o.result {
            Err(e) if e.is_skip() => {
                self.skipped += 1;
                if self.skips.len() < 20 {
                    self.skips.push(o.source.path.clone());
                }
            }
            Err(e) => {
                self.files += 1;
                self.failed += 1;
                if self.failures.len() < 20 {
                    self.failures
                        .push((o.source.path.clone(), e.kind().to_owned()));
                }
            }
            Ok(p) => {
                self.files += 1;
                let fs = &p.report.findings;
                if fs
                    .iter()
                    .any(|f| f.assessable && f.severity == Severity::Error)
                {
                    self.with_errors += 1;
                }
                if fs.iter().any(|f| f.rule == "P-ROW-AMBIGUOUS") {
                    self.ambiguous_files += 1;
                }
                for f in fs.iter().filter(|f| f.assessable) {
                    *self.by_rule.entry(f.rule).or_default() += 1;
                }
            }
        }
    }

    /// A finding across reports (counted with its rule; an error fails the run).
    pub fn add_across(&mut self, f: &gongkai_report::Finding) {
        if !f.assessable {
            return;
        }
        if f.severity == Severity::Error {
            self.with_errors += 1;
        }
        *self.by_rule.entry(f.rule).or_default() += 1;
    }

    pub fn render(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "\n{} 个文件：{} 个无错误，{} 个有错误，{} 个有无法确定的行，{} 个无法读取",
            self.files,
            self.files - self.failed - self.with_errors,
            self.with_errors,
            self.ambiguous_files,
            self.failed
        );
        if !self.by_rule.is_empty() {
            let parts: Vec<String> = self
                .by_rule
                .iter()
                .map(|(r, n)| format!("{r} {n}"))
                .collect();
            let _ = writeln!(o, "按规则：{}", parts.join("，"));
        }
        for (path, kind) in &self.failures {
            let _ = writeln!(o, "无法读取：{} [{kind}]", terminal::escape(path));
        }
        if self.failed > self.failures.len() {
            let _ = writeln!(o, "……另有 {} 个", self.failed - self.failures.len());
        }
        if self.skipped > 0 {
            let _ = writeln!(o, "已跳过 {} 项 (skipped)：", self.skipped);
            for path in &self.skips {
                let _ = writeln!(o, "  {}", terminal::escape(path));
            }
            if self.skipped > self.skips.len() {
                let _ = writeln!(o, "  ……另有 {} 项", self.skipped - self.skips.len());
            }
        }
        o
    }

    /// 2 = a file could not be read; 1 = findings of error severity; 0 = neither.
    pub fn exit_code(&self) -> ExitCode {
        if self.failed > 0 {
            ExitCode::from(2)
        } else if self.with_errors > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Diagnostics of one file, in source order, then a one-line tally.
pub fn diagnostics(r: &Renderer, p: &Parsed, ids: &[FindingId], verbose: bool) -> String {
    // Report text and names reach the terminal only with their control characters made
    // harmless (offsets kept, so the marks stay on their cells).
    let text = terminal::same_length(p.text.as_deref().unwrap_or(""));
    let path = terminal::escape(&p.report.source.path);
    let src = Source::new(&path, &text);
    let mut fs: Vec<_> = p
        .report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| verbose || f.assessable)
        .collect();
    fs.sort_by_key(|(_, f)| (f.line().unwrap_or(0), std::cmp::Reverse(f.severity)));
    let mut o = String::new();
    for (n, f) in &fs {
        let mut f = (*f).clone();
        f.message = terminal::escape(&f.message).into_owned();
        if let Some(h) = &f.help {
            f.help = Some(terminal::escape(h).into_owned());
        }
        for e in &mut f.evidence {
            e.label = terminal::escape(&e.label).into_owned();
        }
        let id = ids.get(*n).map(|i| i.0.as_str());
        o.push_str(&r.render_id(&f, id, &src));
        o.push('\n');
    }
    let all = &p.report.findings;
    let count = |s: Severity| {
        all.iter()
            .filter(|f| f.assessable && f.severity == s)
            .count()
    };
    let na = all.iter().filter(|f| !f.assessable).count();
    let _ = writeln!(
        o,
        "{}: {} 错误，{} 警告，{} 提示{}",
        path,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        if na > 0 && !verbose {
            format!("（{na} 项不可评估，--verbose 显示）")
        } else {
            String::new()
        }
    );
    o
}
