//! Sections, numbering, title, overview sub-topics; edition against year; mixed editions.

use crate::catalogue::{
    E_EDITION_YEAR, E_MIXED, Rule, S_NUMBERING, S_OVERVIEW, S_SECTIONS, S_TITLE,
};
use crate::ctx::Ctx;
use gongkai_format::{Edition, NUMERALS, REPORT_TITLE, SECTIONS};
use gongkai_report::{EditionSeen, Finding};

pub(crate) static EMITS: &[&Rule] = &[
    &S_SECTIONS,
    &S_NUMBERING,
    &S_TITLE,
    &S_OVERVIEW,
    &E_EDITION_YEAR,
    &E_MIXED,
];

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    sections(ctx, out);
    numbering(ctx, out);
    title(ctx, out);
    overview(ctx, out);
    edition_year(ctx, out);
    mixed(ctx, out);
}

fn sections(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let found = &ctx.report.sections;
    let missing: Vec<String> = SECTIONS
        .iter()
        .filter(|d| !found.iter().any(|s| s.number == d.number))
        .map(|d| d.official_heading())
        .collect();
    if !missing.is_empty() {
        out.push(
            S_SECTIONS.finding(format!("缺少部分：{}", missing.join("；")),
            )
            .with_help("年度报告应包括六个部分，依次为总体情况、主动公开、收到和处理申请、复议诉讼、存在的问题及改进、其他事项"),
        );
    }
    for w in found.windows(2) {
        if let [a, b] = w
            && b.span.start < a.span.start
        {
            out.push(
                S_SECTIONS
                    .finding(format!(
                        "部分顺序错误：第{}部分出现在第{}部分之前",
                        b.number, a.number
                    ))
                    .with_evidence(b.span.clone(), b.line, "位置靠前")
                    .with_evidence(a.span.clone(), a.line, "位置靠后"),
            );
        }
    }
}

fn numbering(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for s in &ctx.report.sections {
        let numeral = NUMERALS
            .get(usize::from(s.number) - 1)
            .copied()
            .unwrap_or("?");
        let expected = format!("{numeral}、");
        if s.numbering == expected {
            continue;
        }
        let printed = if s.numbering.is_empty() {
            "无编号".to_owned()
        } else {
            format!("“{}”", s.numbering)
        };
        out.push(
            S_NUMBERING
                .finding(format!(
                    "第{}部分“{}”的编号为{}，应为“{expected}”",
                    s.number, s.title, printed
                ))
                .with_evidence(s.span.clone(), s.line, "部分标题"),
        );
    }
}

fn title(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(t) = &ctx.report.meta.title else {
        out.push(S_TITLE.not_assessable("未找到报告标题"));
        return;
    };
    let ok = t.value.strip_suffix(REPORT_TITLE).is_some_and(|head| {
        let head = head.strip_suffix('度').unwrap_or(head);
        let Some(before_year) = head.strip_suffix('年') else {
            return false;
        };
        let digits: String = before_year
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.len() == 4 && before_year.len() > 4
    });
    if !ok {
        out.push(
            S_TITLE
                .finding(format!(
                    "标题“{}”不符合“机关名称 + 年份 + {REPORT_TITLE}”",
                    t.value
                ))
                .with_evidence(t.span.clone(), t.line, "标题"),
        );
    }
}

/// The five sub-topics of 一、总体情况, with the words that show each is covered.
const SUBTOPICS: [(&str, &[&str]); 5] = [
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请公开", "依申请"]),
    ("政府信息管理", &["政府信息管理", "信息管理"]),
    ("政府信息公开平台建设", &["平台建设", "公开平台", "平台"]),
    ("监督保障", &["监督保障", "监督", "保障"]),
];

fn overview(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let secs = &ctx.report.sections;
    let Some(first) = secs.iter().find(|s| s.number == 1) else {
        out.push(S_OVERVIEW.not_assessable("未找到“一、总体情况”"));
        return;
    };
    let end = secs
        .iter()
        .filter(|s| s.span.start > first.span.start)
        .map(|s| s.span.start)
        .min()
        .unwrap_or(ctx.text.len());
    let body: String = ctx
        .text
        .get(first.span.end..end)
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let missing: Vec<&str> = SUBTOPICS
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| body.contains(w)))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        out.push(
            S_OVERVIEW
                .finding(format!("“一、总体情况”未涉及：{}", missing.join("、")))
                .with_evidence(first.span.clone(), first.line, "总体情况"),
        );
    }
}

fn edition_year(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let (Some(year), EditionSeen::Known(e)) = (&ctx.report.meta.year, ctx.report.edition) else {
        out.push(E_EDITION_YEAR.not_assessable("报告年度或版式未知，无法检查"));
        return;
    };
    let want = Edition::for_report_year(year.value);
    if e == want {
        return;
    }
    let mut f = E_EDITION_YEAR
        .finding(format!(
            "{}年度报告使用了 {e} 年版式（{}），应使用 {want} 年版式（{}）",
            year.value,
            e.issued_by(),
            want.issued_by()
        ))
        .with_evidence(year.span.clone(), year.line, "报告年度");
    if let Some(m) = ctx
        .report
        .tables()
        .flat_map(|t| t.marks.iter())
        .find(|m| m.edition == e)
    {
        f = f.with_evidence(
            m.span.clone(),
            ctx.line_of(m.span.start),
            format!("{e} 年版式标签“{}”", m.label),
        );
    }
    out.push(f);
}

fn mixed(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.report.edition != EditionSeen::Mixed {
        return;
    }
    let marks: Vec<_> = ctx.report.tables().flat_map(|t| t.marks.iter()).collect();
    let mut f = E_MIXED.finding("报告同时使用了 2019 年和 2021 年两种版式的标签");
    for e in Edition::ALL {
        if let Some(m) = marks.iter().find(|m| m.edition == e) {
            f = f.with_evidence(
                m.span.clone(),
                ctx.line_of(m.span.start),
                format!("{e} 年版式“{}”", m.label),
            );
        }
    }
    out.push(f);
}
