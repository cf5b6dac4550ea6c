//! The review report as one self-contained, printable HTML page: no scripts, no external
//! files; each body starts a new printed page.
//!
//! Written by hand (a dozen element kinds, every text through [`esc`]) rather than with a
//! template engine: the page is one function's output and needs no runtime templates.

use crate::excerpt::excerpts;
use crate::reviewed::{Item, Reviewed};
use crate::rubric::{Basis, Rubric, Score, points};
use crate::waivers::StaleReason;
use gongkai_report::Severity;
use std::fmt::Write as _;

/// What the page says about itself.
#[derive(Clone, Debug, Default)]
pub struct PageInfo {
    pub title: String,
    /// When it was made, as the caller formats it (libraries do not read the clock).
    pub generated: String,
}

/// HTML-escape text.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "
body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;margin:2em auto;max-width:60em;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:2px solid #444;margin-top:2em}h3{font-size:1.05em;margin-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #bbb;padding:.2em .4em;text-align:left;vertical-align:top;font-size:.9em}
th{background:#eee}td.n{text-align:right;white-space:nowrap}
.meta{color:#555;font-size:.85em}.score{font-size:1.15em;font-weight:bold}
article{border-left:4px solid #999;padding:.2em .8em;margin:.6em 0;break-inside:avoid}
article.error{border-color:#c00}article.warning{border-color:#d80}article.info{border-color:#38c}article.waived{border-color:#999;color:#555}
h4{margin:.2em 0;font-size:.95em}code{font-family:'Noto Sans Mono CJK SC',monospace;font-size:.9em}
pre{background:#f6f6f6;padding:.3em .5em;white-space:pre-wrap;word-break:break-all;margin:.3em 0;font-size:.85em}
pre .ln{color:#888;user-select:none;margin-right:.8em}
mark{background:#ffe066;outline:1px solid #c90}
.why{font-size:.85em;color:#444}.waiver{font-size:.85em;background:#eef6ee;padding:.2em .4em}
.stale{font-size:.85em;background:#fbeeee;padding:.2em .4em}
@media print{body{margin:0;max-width:none}section.body{break-before:page}a{color:inherit;text-decoration:none}}
";

/// The review of `reviewed` (in the order given), with their scores if a rubric was used.
pub fn render(
    info: &PageInfo,
    reviewed: &[Reviewed],
    scored: Option<(&Rubric, &[Score])>,
) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        esc(&info.title),
        esc(&info.title)
    );
    let _ = write!(
        o,
        "<p class=\"meta\">生成于 {}；{} 份报告；规则目录版本 {}",
        esc(&info.generated),
        reviewed.len(),
        gongkai_check::VERSION
    );
    if let Some((rubric, _)) = scored {
        let _ = write!(
            o,
            "；评分表：{}（来源：{}）",
            esc(&rubric.name),
            esc(&rubric.source)
        );
    }
    o.push_str("</p>\n");
    summary(&mut o, reviewed, scored);
    for (n, r) in reviewed.iter().enumerate() {
        let score = scored.and_then(|(rb, s)| s.get(n).map(|s| (rb, s)));
        body(&mut o, n, r, score);
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn year(r: &Reviewed) -> String {
    r.subject
        .year
        .map_or_else(|| "年度不详".to_owned(), |y| format!("{y}年度"))
}

fn summary(o: &mut String, reviewed: &[Reviewed], scored: Option<(&Rubric, &[Score])>) {
    o.push_str("<h2>总览</h2>\n<table>\n<tr><th>#</th><th>机关</th><th>年度</th>");
    if scored.is_some() {
        o.push_str("<th>得分</th>");
    }
    o.push_str("<th>错误</th><th>警告</th><th>提示</th><th>已豁免</th></tr>\n");
    for (n, r) in reviewed.iter().enumerate() {
        let _ = write!(
            o,
            "<tr><td class=\"n\">{}</td><td><a href=\"#b{n}\">{}</a></td><td>{}</td>",
            n + 1,
            esc(&r.subject.name),
            esc(&year(r))
        );
        if let Some((rubric, scores)) = scored {
            let s = scores.get(n).map_or(0.0, |s| s.score);
            let _ = write!(
                o,
                "<td class=\"n\">{} / {}</td>",
                points(s),
                points(rubric.points)
            );
        }
        let waived = r.items.iter().filter(|i| i.waiver.is_some()).count();
        let _ = writeln!(
            o,
            "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{waived}</td></tr>",
            r.open(Severity::Error),
            r.open(Severity::Warning),
            r.open(Severity::Info)
        );
    }
    o.push_str("</table>\n");
}

fn body(o: &mut String, n: usize, r: &Reviewed, score: Option<(&Rubric, &Score)>) {
    let _ = write!(
        o,
        "<section class=\"body\" id=\"b{n}\">\n<h2>{}　{}</h2>\n<p class=\"meta\">机关标识 <code>{}</code>（{}）· 文件 <code>{}</code>",
        esc(&r.subject.name),
        esc(&year(r)),
        esc(&r.subject.body),
        esc(r.subject.how),
        esc(&r.report.source.path)
    );
    if !r.report.source.sha256.is_empty() {
        let _ = write!(
            o,
            " · SHA-256 <code>{}</code>",
            esc(&r.report.source.sha256)
        );
    }
    o.push_str("</p>\n");
    if let Some((rubric, s)) = score {
        score_block(o, rubric, s);
    }
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let items: Vec<&Item> = r
            .items
            .iter()
            .filter(|i| i.is_open() && i.finding.severity == sev)
            .collect();
        let _ = writeln!(o, "<h3>{}（{}）</h3>", sev.name_zh(), items.len());
        for i in items {
            finding(o, r, i, sev.as_str());
        }
    }
    let waived: Vec<&Item> = r.items.iter().filter(|i| i.waiver.is_some()).collect();
    if !waived.is_empty() {
        let _ = writeln!(o, "<h3>已豁免（{}）</h3>", waived.len());
        for i in waived {
            finding(o, r, i, "waived");
        }
    }
    if !r.stale.is_empty() {
        let _ = writeln!(o, "<h3>不再适用的豁免（{}）</h3>", r.stale.len());
        for s in &r.stale {
            let why = match &s.why {
                StaleReason::Changed { now } => format!("问题已变化，现为：{now}"),
                StaleReason::Gone => "该问题本次未再出现".to_owned(),
            };
            let _ = writeln!(
                o,
                "<p class=\"stale\"><code>{}</code> {} — 豁免于 {}，{}：{}。{}（豁免时：{}）</p>",
                esc(&s.waiver.id),
                esc(&s.waiver.rule),
                esc(&s.waiver.at),
                esc(&s.waiver.by),
                esc(&s.waiver.reason),
                esc(&why),
                esc(&s.waiver.message)
            );
        }
    }
    let na: Vec<&str> = r
        .items
        .iter()
        .filter(|i| !i.finding.assessable)
        .map(|i| i.finding.rule)
        .collect();
    if !na.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"meta\">不可评估（{}）：{}</p>",
            na.len(),
            esc(&na.join("、"))
        );
    }
    o.push_str("</section>\n");
}

fn score_block(o: &mut String, rubric: &Rubric, s: &Score) {
    let _ = writeln!(
        o,
        "<p class=\"score\">得分 {} / {}（扣 {}）</p>",
        points(s.score),
        points(s.points),
        points(s.deducted)
    );
    o.push_str(
        "<table>\n<tr><th>类别</th><th>项目</th><th>扣分</th><th>依据</th><th>来源</th></tr>\n",
    );
    for (c, def) in s.categories.iter().zip(&rubric.categories) {
        for d in &c.deductions {
            let Some(item) = rubric.items.get(d.item) else {
                continue;
            };
            let basis: Vec<String> = d
                .basis
                .iter()
                .map(|b| match b {
                    Basis::Finding { id, rule } => {
                        format!(
                            "<a href=\"#{}\"><code>{}</code></a> {}",
                            esc(id),
                            esc(id),
                            esc(rule)
                        )
                    }
                    Basis::Cell { cell, value } => {
                        format!("<code>{}</code> = {}", esc(cell), points(*value))
                    }
                })
                .collect();
            let capped = if d.points < d.raw {
                format!("（{}，本项上限）", points(d.raw))
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">−{}{capped}</td><td>{}</td><td>{}</td></tr>",
                esc(&def.name),
                esc(&item.name),
                points(d.points),
                basis.join("<br>"),
                esc(&item.source)
            );
        }
        if c.deducted < c.raw {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td colspan=\"4\">类别扣分 {} 超过上限，按 {} 计</td></tr>",
                esc(&def.name),
                points(c.raw),
                points(c.deducted)
            );
        }
    }
    o.push_str("</table>\n");
    let name = |n: usize| rubric.items.get(n).map_or("", |i| i.name.as_str());
    for (n, ids) in &s.waived {
        let _ = writeln!(
            o,
            "<p class=\"meta\">未扣分（已豁免）：{} — {}</p>",
            esc(name(*n)),
            esc(&ids.join("、"))
        );
    }
    for na in &s.not_assessable {
        let _ = writeln!(
            o,
            "<p class=\"meta\">无法由报告评估：{} — {}</p>",
            esc(name(na.item)),
            esc(&na.why)
        );
    }
    if !s.manual.is_empty() {
        let names: Vec<&str> = s.manual.iter().map(|&n| name(n)).collect();
        let _ = writeln!(
            o,
            "<p class=\"meta\">需人工评估（未计分）：{}</p>",
            esc(&names.join("；"))
        );
    }
}

fn finding(o: &mut String, r: &Reviewed, i: &Item, class: &str) {
    let f = &i.finding;
    let rule = gongkai_check::rule(f.rule);
    let _ = write!(
        o,
        "<article class=\"{class}\" id=\"{}\">\n<h4><code>{}</code> · <code>{}</code> {} · {}</h4>\n<p>{}</p>\n",
        esc(&i.id.0),
        esc(&i.id.0),
        esc(f.rule),
        esc(rule.map_or("", |r| r.title)),
        f.severity.name_zh(),
        esc(&f.message)
    );
    if !f.cells.is_empty() {
        let cells: Vec<String> = f
            .cells
            .iter()
            .map(|c| format!("<code>{}</code>", esc(c)))
            .collect();
        let _ = writeln!(o, "<p class=\"meta\">单元格：{}</p>", cells.join(" "));
    }
    if let Some(text) = &r.text {
        let spans: Vec<_> = f.evidence.iter().map(|e| e.span.clone()).collect();
        for ex in excerpts(text, &spans) {
            let _ = write!(o, "<pre><span class=\"ln\">{}</span>", ex.line);
            for (t, marked) in &ex.pieces {
                if *marked {
                    let _ = write!(o, "<mark>{}</mark>", esc(t));
                } else {
                    o.push_str(&esc(t));
                }
            }
            o.push_str("</pre>\n");
        }
    }
    if let Some(h) = &f.help {
        let _ = writeln!(o, "<p class=\"why\">提示：{}</p>", esc(h));
    }
    if let Some(rule) = rule {
        let _ = writeln!(
            o,
            "<p class=\"why\">规则说明：{}</p>",
            esc(rule.explanation)
        );
    }
    if let Some(w) = &i.waiver {
        let _ = writeln!(
            o,
            "<p class=\"waiver\">已豁免：{}，{}。理由：{}</p>",
            esc(&w.by),
            esc(&w.at),
            esc(&w.reason)
        );
    }
    o.push_str("</article>\n");
}
