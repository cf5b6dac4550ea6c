//! Metadata: title, issuing body, report year, publication date, 索引号, kind of body.

use crate::sections::Headings;
use crate::view::View;
use gongkai_format::TITLE_VARIANTS;
use gongkai_report::{BodyKind, Located, Metadata};
use std::ops::Range;

/// A line of the normalised text.
struct Line<'a> {
    text: &'a str,
    start: usize,
}

fn lines(norm: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    for text in norm.split('\n') {
        out.push(Line { text, start: pos });
        pos += text.len() + 1;
    }
    out
}

fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !gongkai_decode::is_compact_noise(*c))
        .collect()
}

pub fn read(view: &View<'_>, heads: &Headings) -> Metadata {
    let norm = view.norm_str();
    let ls = lines(norm);
    // The page around the report: everything before the first section heading (site
    // navigation, the page's own fields, the title), however long.
    let first_heading = heads
        .starts
        .iter()
        .flatten()
        .min()
        .map(|&c| view.norm_offset(c));
    let front = ls
        .iter()
        .take_while(|l| first_heading.is_none_or(|h| l.start < h))
        .count()
        .clamp(40.min(ls.len()), 400.min(ls.len()));
    let page = if view.doc.format == gongkai_decode::Format::Html {
        gongkai_decode::page_meta(&view.doc.text)
    } else {
        Vec::new()
    };
    let meta_value = |names: &[&str]| {
        page.iter()
            .find(|m| names.iter().any(|n| m.name.eq_ignore_ascii_case(n)) && !m.content.is_empty())
    };
    let from_page = |m: &gongkai_decode::PageMeta, value: String| Located {
        value,
        line: view.doc.line_of(m.span.start),
        span: m.span.clone(),
    };

    let mut m = Metadata::default();
    if let Some((t, from)) = title(view, &ls[..front]) {
        m.title = Some(t);
        m.title_from = Some(from.to_owned());
    } else if let Some(p) = meta_value(&["ArticleTitle"]).filter(|p| names_report(&p.content)) {
        m.title = Some(from_page(p, compact(&p.content)));
        m.title_from = Some("meta:ArticleTitle".to_owned());
    } else if let Some(p) = meta_value(&["title"]).filter(|p| names_report(&p.content)) {
        let t = p
            .content
            .split(['_', '|', '-', '—'])
            .find(|x| names_report(x))
            .unwrap_or(&p.content);
        m.title = Some(from_page(p, compact(t)));
        m.title_from = Some("meta:title".to_owned());
    }
    if let Some(t) = &m.title {
        if let Some(y) = year_in(&t.value) {
            m.year = Some(Located {
                value: y,
                span: t.span.clone(),
                line: t.line,
            });
            m.year_from = Some("title".to_owned());
        }
        if let Some(o) = org_from_title(view, &t.value) {
            m.org = Some(Located {
                value: o,
                span: t.span.clone(),
                line: t.line,
            });
            m.org_from = Some("title".to_owned());
        }
    }
    if m.org.is_none()
        && let Some(p) = meta_value(&["ContentSource", "SiteName"])
        && is_body_name(&p.content)
    {
        m.org = Some(from_page(p, p.content.clone()));
        m.org_from = Some(format!("meta:{}", p.name));
    }
    if m.org.is_none() {
        for label in ["发布机构", "发文机关", "发布单位", "信息来源", "来源"] {
            if let Some(o) = labelled(view, &ls[..front], &[label], |v| {
                let v = v.split_whitespace().next().unwrap_or("");
                is_body_name(v).then(|| v.to_owned())
            }) {
                m.org = Some(o);
                m.org_from = Some(label.to_owned());
                break;
            }
        }
    }
    if m.org.is_none()
        && let Some(o) = org_from_text(view, &ls, heads)
    {
        m.org = Some(o.0);
        m.org_from = Some(o.1.to_owned());
    }
    if m.year.is_none()
        && let Some((y, from)) = year_from_text(view, &ls, heads)
    {
        m.year = Some(y);
        m.year_from = Some(from.to_owned());
    }
    let (published, from) = published(view, &ls);
    m.published = published;
    m.published_from = from;
    if m.published.is_none()
        && let Some(p) = meta_value(&["PubDate", "pubdate", "publishdate", "firstpublishedtime"])
        && let Some((iso, _)) = date_at(p.content.trim())
    {
        m.published = Some(from_page(p, iso));
        m.published_from = Some(format!("meta:{}", p.name));
    }
    if m.year.is_none()
        && let Some(p) = &m.published
        && let Some(y) = p.value.get(..4).and_then(|y| y.parse::<i32>().ok())
    {
        // Reports are published early in the following year: the year is inferred.
        m.year = Some(Located {
            value: y - 1,
            span: p.span.clone(),
            line: p.line,
        });
        m.year_from = Some("publication_date".to_owned());
    }
    m.index_no = labelled(
        view,
        &ls[..front.max(60.min(ls.len()))],
        &["索引号"],
        |v| {
            let id: String = v
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
                .collect();
            (!id.is_empty()).then_some(id)
        },
    );
    m.body_kind = m.org.as_ref().and_then(|o| body_kind(&o.value));
    m
}

/// Words a body's name ends with. A name that ends otherwise (`依据《中华人民共和国`) is prose.
const BODY_WORDS: [&str; 29] = [
    "人民政府",
    "政府",
    "办事处",
    "街道",
    "委员会",
    "管委会",
    "局",
    "厅",
    "办公室",
    "办",
    "委",
    "中心",
    "院",
    "所",
    "站",
    "队",
    "署",
    "乡",
    "镇",
    "苏木",
    "区",
    "县",
    "市",
    "旗",
    "州",
    "省",
    "盟",
    "处",
    "公司",
];

/// Whether `s` can be the name of an issuing body.
fn is_body_name(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && BODY_WORDS.iter().any(|w| s.ends_with(w))
        && !s.contains(['《', '》', '，', '。', ',', ':', '：', '(', '（'])
        && !s.chars().any(|c| c.is_ascii_digit())
}

fn names_report(s: &str) -> bool {
    let c = compact(s);
    c.contains("报告")
        && (c.contains("政府信息") || c.contains("年度报告") || c.contains("信息公开"))
}

/// The body named in the report's own words: `由两城镇人民政府党政办公室编制`, or the subject
/// of the overview's first sentence (`2019年，新华街道办事处高度重视…`).
fn org_from_text(
    view: &View<'_>,
    ls: &[Line<'_>],
    heads: &Headings,
) -> Option<(Located<String>, &'static str)> {
    let limit = heads.starts[1].map_or(view.norm_str().len(), |c| view.norm_offset(c));
    let zone: Vec<&Line<'_>> = ls.iter().filter(|l| l.start < limit).take(200).collect();
    for l in &zone {
        if let Some(i) = l.text.find('由') {
            let rest = &l.text[i + '由'.len_utf8()..];
            if let Some(j) = rest.find("编制") {
                let name = body_prefix(rest[..j].trim());
                if let Some(name) = name {
                    let at = l.start + i + '由'.len_utf8();
                    return Some((located(view, at..at + name.len(), name.to_owned()), "text"));
                }
            }
        }
    }
    let overview = heads.starts[0].map(|c| view.norm_offset(c))?;
    let first = zone
        .iter()
        .filter(|l| l.start > overview && !l.text.trim().is_empty())
        .take(3)
        .find_map(|l| {
            let t = l.text.trim_start();
            let lead = l.text.len() - t.len();
            let y = year_in(t)?;
            let after = t.strip_prefix(&format!("{y}年"))?;
            let after = after.strip_prefix('度').unwrap_or(after);
            let after = after.trim_start_matches([',', '，', ' ']);
            let name = body_prefix(after)?;
            let at = l.start + lead + (t.len() - after.len());
            Some((at, name))
        })?;
    Some((
        located(view, first.0..first.0 + first.1.len(), first.1.to_owned()),
        "overview",
    ))
}

/// The longest prefix of `s` that is a body's name (ending in a body word), if any.
fn body_prefix(s: &str) -> Option<&str> {
    let mut best = None;
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        if end > 120 || matches!(c, ',' | '，' | '。' | '、' | ' ') {
            break;
        }
        let cand = &s[..end];
        // `政府` ends a name only as `人民政府` or after a place (`XX区政府`): in `高度重视政府`
        // it is a word of the sentence.
        let government_ok = !cand.ends_with("政府")
            || cand.ends_with("人民政府")
            || cand
                .strip_suffix("政府")
                .and_then(|p| p.chars().next_back())
                .is_some_and(|c| "省市区县镇乡州旗盟".contains(c));
        if government_ok && BODY_WORDS.iter().any(|w| cand.ends_with(w)) && is_body_name(cand) {
            best = Some(cand);
        }
    }
    best.filter(|b| !matches!(*b, "局" | "办" | "委" | "区" | "县" | "市" | "镇" | "乡"))
}

/// The year in the report's words, when the title does not say it: `20xx年度政府信息公开`
/// near the start, the statistics period, `截至20xx年12月31日`, or the year the overview
/// speaks of.
fn year_from_text(
    view: &View<'_>,
    ls: &[Line<'_>],
    heads: &Headings,
) -> Option<(Located<i32>, &'static str)> {
    if let Some(y) = year_fallback(view, ls) {
        return Some((y, "heading"));
    }
    let limit = heads.starts[1].map_or(view.norm_str().len(), |c| view.norm_offset(c));
    let zone: Vec<&Line<'_>> = ls.iter().filter(|l| l.start < limit).take(300).collect();
    // 统计期限为2020年1月1日至2020年12月31日
    for l in &zone {
        let c = &l.text;
        let mut from = 0;
        while let Some(i) = c[from..].find("年1月1日") {
            let at = from + i;
            from = at + 1;
            let Some(y) = c
                .get(at.saturating_sub(4)..at)
                .and_then(|y| y.parse::<i32>().ok())
            else {
                continue;
            };
            let rest = &c[at..];
            let end = format!("{y}年12月31日");
            if let Some(j) = rest.find(&end)
                && j < 40
            {
                let s = l.start + at - 4;
                return Some((located(view, s..l.start + at + j + end.len(), y), "period"));
            }
        }
    }
    for l in &zone {
        for key in ["截至", "截止到", "截止"] {
            if let Some(i) = l.text.find(key) {
                let rest = &l.text[i + key.len()..];
                if let Some(y) = rest.get(..4).and_then(|y| y.parse::<i32>().ok())
                    && rest[4..].starts_with("年12月31日")
                    && (1990..=2100).contains(&y)
                {
                    let s = l.start + i + key.len();
                    return Some((located(view, s..s + 4, y), "as_of"));
                }
            }
        }
    }
    // The year the overview (section 一) speaks of: its most frequent `20xx年` that is not
    // part of a date.
    let overview = heads.starts[0].map(|c| view.norm_offset(c))?;
    let mut counts: Vec<(i32, usize, usize)> = Vec::new(); // (year, count, first offset)
    for l in zone.iter().filter(|l| l.start >= overview) {
        let t = &l.text;
        let b = t.as_bytes();
        for i in 0..b.len().saturating_sub(4) {
            let Some(y) = t
                .get(i..i + 4)
                .filter(|y| y.bytes().all(|c| c.is_ascii_digit()))
            else {
                continue;
            };
            let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
            let after = &t[i + 4..];
            let Some(after) = after.strip_prefix('年') else {
                continue;
            };
            // `2019年4月3日` is a date, not the year spoken of.
            if !before_ok || after.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let Ok(y) = y.parse::<i32>() else { continue };
            if !(2008..=2100).contains(&y) {
                continue;
            }
            match counts.iter_mut().find(|c| c.0 == y) {
                Some(c) => c.1 += 1,
                None => counts.push((y, 1, l.start + i)),
            }
        }
    }
    let best = counts
        .iter()
        .max_by_key(|c| (c.1, std::cmp::Reverse(c.2)))?;
    Some((located(view, best.2..best.2 + 4, best.0), "overview"))
}

fn located<T>(view: &View<'_>, r: Range<usize>, value: T) -> Located<T> {
    let span = view.to_source(r.clone());
    Located {
        value,
        line: view.source_line(r.start),
        span,
    }
}

/// The title: a crawler's `标题:` field, or the first line naming a report, joined with the
/// lines before it when the title was broken (`…2021年度政府信息` / `公开工作报告`). Prose that
/// mentions the report (`依据《条例》……制作本报告。`) is not a title.
fn title(view: &View<'_>, ls: &[Line<'_>]) -> Option<(Located<String>, &'static str)> {
    let head: Vec<(usize, &Line<'_>)> = ls
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .collect();
    for (_, l) in &head {
        let c = compact(l.text);
        if let Some(rest) = c.strip_prefix("标题:")
            && !rest.is_empty()
        {
            return Some((
                located(view, l.start..l.start + l.text.len(), rest.to_owned()),
                "标题",
            ));
        }
    }
    for (k, (_, l)) in head.iter().enumerate() {
        let c = compact(l.text);
        if c.chars().count() > 60 || !c.contains("报告") || is_prose(&c) {
            continue;
        }
        // Join with up to two earlier lines when the title was broken before 报告.
        let mut text = c.clone();
        let mut first = l.start;
        let mut back = k;
        while !text.contains("政府信息") && back > 0 && k - back < 2 {
            back -= 1;
            let (_, p) = head[back];
            let pc = compact(p.text);
            if pc.chars().count() > 40 || is_prose(&pc) {
                break;
            }
            text = format!("{pc}{text}");
            first = p.start;
        }
        if !text.contains("政府信息") && !text.contains("年度报告") {
            continue;
        }
        // A page field `名称 XX报告 文号`: the title is the value.
        for label in ["名称:", "名称", "标题"] {
            if let Some(rest) = text.strip_prefix(label) {
                text = rest.to_owned();
            }
        }
        if let Some(i) = text.find("报告") {
            let end = i + "报告".len();
            if text[end..].starts_with("文号") || text[end..].starts_with("发布") {
                text.truncate(end);
            }
        }
        return Some((located(view, first..l.start + l.text.len(), text), "text"));
    }
    None
}

/// A sentence, not a heading: it cites a law, ends like a sentence or opens like one.
fn is_prose(c: &str) -> bool {
    c.contains('《')
        || c.ends_with('。')
        || c.ends_with(',')
        || ["依据", "根据", "按照", "本报告", "现将", "特此"]
            .iter()
            .any(|p| c.starts_with(p))
}

/// The first `20xx年` (or `19xx年`) in a text.
fn year_in(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let y = s.get(i..i + 4)?;
        let after = s.get(i + 4..)?;
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        (before_ok && y.bytes().all(|c| c.is_ascii_digit()) && after.starts_with('年'))
            .then(|| y.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    })
}

/// Without a title: `20xx年度` / `20xx年政府信息公开` near the start.
fn year_fallback(view: &View<'_>, ls: &[Line<'_>]) -> Option<Located<i32>> {
    for l in ls.iter().take(40) {
        let c = compact(l.text);
        for key in ["年度政府信息公开", "年政府信息公开", "年度报告"] {
            if let Some(i) = c.find(key)
                && let Some(y) = c.get(i.saturating_sub(4)..).and_then(year_in)
            {
                return Some(located(view, l.start..l.start + l.text.len(), y));
            }
        }
    }
    None
}

/// The body named in the title: what is left when the year and the report name are removed.
fn org_from_title(view: &View<'_>, title: &str) -> Option<String> {
    let mut t = title.to_owned();
    if let Some(i) = t.find("政府信息") {
        t.truncate(i);
    } else if let Some(v) = TITLE_VARIANTS.iter().find_map(|v| t.find(v)) {
        t.truncate(v);
    }
    // Remove the year (`2023年`, `2023年度`).
    if let Some(y) = year_in(&t) {
        let ys = format!("{y}年");
        if let Some(i) = t.find(&ys) {
            let mut rest = t[i + ys.len()..].to_owned();
            if let Some(r) = rest.strip_prefix('度') {
                rest = r.to_owned();
            }
            t = format!("{}{}", &t[..i], rest);
        }
    }
    let t =
        t.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '—' | '《' | '》'));
    let t = t.strip_prefix("关于").unwrap_or(t);
    if !is_body_name(t) {
        return None;
    }
    // The body often calls itself more fully in the text: 石家田乡 → 石家田乡人民政府.
    let norm_compact = view.compact_str();
    for suffix in ["人民政府", "街道办事处", "办事处"] {
        let fuller = format!("{t}{suffix}");
        if !t.ends_with(suffix) && norm_compact.contains(&fuller) {
            return Some(fuller);
        }
    }
    Some(t.to_owned())
}

/// A value written after a label (`索引号 | 620702078/2024-00002`, `发布机构: 西街办事处`).
fn labelled<T>(
    view: &View<'_>,
    ls: &[Line<'_>],
    labels: &[&str],
    parse: impl Fn(&str) -> Option<T>,
) -> Option<Located<T>> {
    for l in ls.iter().take(60) {
        for label in labels {
            let Some(i) = l.text.find(label) else {
                continue;
            };
            let after = &l.text[i + label.len()..];
            let trimmed = after
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '|' | '：'));
            let off = l.start + i + label.len() + (after.len() - trimmed.len());
            let value_end = trimmed.find(['|', '\t']).unwrap_or(trimmed.len());
            let value = trimmed[..value_end].trim();
            if let Some(v) = parse(value) {
                return Some(located(view, off..off + value.len(), v));
            }
        }
    }
    None
}

/// Publication date: labelled dates near the top or bottom, else the signature date at the end.
fn published(view: &View<'_>, ls: &[Line<'_>]) -> (Option<Located<String>>, Option<String>) {
    const LABELS: [&str; 7] = [
        "生成日期",
        "发布日期",
        "发布时间",
        "成文日期",
        "公开日期",
        "印发日期",
        "日期",
    ];
    let n = ls.len();
    let scan: Vec<&Line<'_>> = ls
        .iter()
        .take(40)
        .chain(ls.iter().skip(n.saturating_sub(20).max(40)))
        .collect();
    for l in &scan {
        for label in LABELS {
            let Some(i) = l.text.find(label) else {
                continue;
            };
            let after = &l.text[i + label.len()..];
            let trimmed =
                after.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '|'));
            if let Some((iso, len)) = date_at(trimmed) {
                let off = l.start + i + label.len() + (after.len() - trimmed.len());
                return (
                    Some(located(view, off..off + len, iso)),
                    Some(label.to_owned()),
                );
            }
        }
    }
    // Signature: a line at the end that is only a date. Text browsers append the page's
    // links (`References` and a numbered list of URLs) and footers follow: skip them.
    let end = ls
        .iter()
        .rposition(|l| l.text.trim() == "References")
        .unwrap_or(ls.len());
    let tail: Vec<&Line<'_>> = ls[..end]
        .iter()
        .rev()
        .filter(|l| !l.text.trim().is_empty() && !is_footer(l.text))
        .take(12)
        .collect();
    for l in tail {
        let t = l.text.trim();
        if let Some((iso, len)) = date_at(t)
            && len >= t.len().saturating_sub(3)
        {
            let off = l.start + (l.text.len() - l.text.trim_start().len());
            return (
                Some(located(view, off..off + len, iso)),
                Some("signature".to_owned()),
            );
        }
    }
    (None, None)
}

/// Page footer lines after a report: links, site identifiers, copyright, contact lines.
fn is_footer(line: &str) -> bool {
    let t = line.trim();
    t.contains("http://")
        || t.contains("https://")
        || [
            "主办单位",
            "承办单位",
            "网站标识码",
            "备案号",
            "版权所有",
            "联系电话",
            "技术支持",
            "分享到",
            "扫一扫",
            "打印",
            "关闭",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// A date at the start of `s`: `2024-01-11`, `2024/1/11`, `2024.01.11`, `2022年1月15日`,
/// `二〇二二年一月十五日`. Returns ISO form and the byte length read.
pub fn date_at(s: &str) -> Option<(String, usize)> {
    if let Some(r) = arabic_date(s) {
        return Some(r);
    }
    chinese_date(s)
}

fn take_digits(s: &str, max: usize) -> Option<(u32, usize)> {
    let d: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .take(max)
        .collect();
    if d.is_empty() {
        return None;
    }
    Some((d.parse().ok()?, d.len()))
}

fn arabic_date(s: &str) -> Option<(String, usize)> {
    let (y, a) = take_digits(s, 4)?;
    if a != 4 {
        return None;
    }
    let mut pos = a;
    // `2022 年 1 月 15 日`: printed PDFs space the parts out.
    let ws = s[pos..].len() - s[pos..].trim_start().len();
    if s[pos + ws..].starts_with('年') {
        pos += ws;
    }
    let sep1 = s[pos..].chars().next()?;
    if !matches!(sep1, '-' | '/' | '.' | '年') {
        return None;
    }
    pos += sep1.len_utf8();
    pos += s[pos..].len() - s[pos..].trim_start().len();
    let (m, b) = take_digits(&s[pos..], 2)?;
    pos += b;
    pos += s[pos..].len() - s[pos..].trim_start().len();
    let sep2 = s[pos..].chars().next()?;
    let want = if sep1 == '年' { '月' } else { sep1 };
    if sep2 != want {
        return None;
    }
    pos += sep2.len_utf8();
    pos += s[pos..].len() - s[pos..].trim_start().len();
    let (d, c) = take_digits(&s[pos..], 2)?;
    pos += c;
    if sep1 == '年' {
        let ws = s[pos..].len() - s[pos..].trim_start().len();
        if s[pos + ws..].starts_with('日') {
            pos += ws + '日'.len_utf8();
        }
    }
    valid(y, m, d).then(|| (format!("{y:04}-{m:02}-{d:02}"), pos))
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    (1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn zh_digit(c: char) -> Option<u32> {
    if c == '零' {
        return Some(0);
    }
    "〇一二三四五六七八九"
        .chars()
        .position(|x| x == c)
        .and_then(|p| u32::try_from(p).ok())
}

/// 一 … 三十一.
fn zh_small(s: &str) -> Option<u32> {
    match s.split_once('十') {
        Some((tens, ones)) => {
            let t = if tens.is_empty() {
                1
            } else {
                zh_digit(tens.chars().next()?)?
            };
            let o = if ones.is_empty() {
                0
            } else {
                zh_digit(ones.chars().next()?)?
            };
            Some(t * 10 + o)
        }
        None => s
            .chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + zh_digit(c)?)),
    }
}

fn chinese_date(s: &str) -> Option<(String, usize)> {
    let (ys, rest) = s.split_once('年')?;
    if ys.chars().count() != 4 {
        return None;
    }
    let y = ys
        .chars()
        .try_fold(0u32, |acc, c| Some(acc * 10 + zh_digit(c)?))?;
    let (ms, rest2) = rest.split_once('月')?;
    let (ds, _) = rest2.split_once('日')?;
    if ms.chars().count() > 3 || ds.chars().count() > 3 {
        return None;
    }
    let (m, d) = (zh_small(ms)?, zh_small(ds)?);
    let len = ys.len() + '年'.len_utf8() + ms.len() + '月'.len_utf8() + ds.len() + '日'.len_utf8();
    valid(y, m, d).then(|| (format!("{y:04}-{m:02}-{d:02}"), len))
}

/// The kind of body, from its name.
pub fn body_kind(org: &str) -> Option<BodyKind> {
    let o = org.trim();
    if o.ends_with("街道办事处")
        || o.ends_with("街道")
        || o.ends_with("办事处") && o.contains("街道")
    {
        return Some(BodyKind::StreetOffice);
    }
    let base = o
        .strip_suffix("人民政府")
        .or_else(|| o.strip_suffix("政府"));
    if let Some(b) = base {
        return Some(
            if b.ends_with('乡') || b.ends_with('镇') || b.ends_with("苏木") {
                BodyKind::Township
            } else if b.ends_with('省')
                || b.ends_with("自治区")
                || ["北京市", "天津市", "上海市", "重庆市"].contains(&b)
            {
                BodyKind::ProvincialGovernment
            } else if b.ends_with('县') || b.ends_with('旗') || b.ends_with('区') {
                BodyKind::CountyGovernment
            } else if b.ends_with('市') || b.ends_with("自治州") || b.ends_with('盟') {
                BodyKind::CityGovernment
            } else {
                return None;
            },
        );
    }
    if o.ends_with('乡') || o.ends_with('镇') {
        return Some(BodyKind::Township);
    }
    const DEPT: [&str; 12] = [
        "局",
        "委员会",
        "委",
        "办公室",
        "办",
        "厅",
        "部",
        "中心",
        "署",
        "院",
        "所",
        "队",
    ];
    DEPT.iter()
        .any(|d| o.ends_with(d))
        .then_some(BodyKind::Department)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            date_at("2024-01-11 09:51:00"),
            Some(("2024-01-11".into(), 10))
        );
        assert_eq!(
            date_at("2022年1月15日").map(|d| d.0),
            Some("2022-01-15".into())
        );
        assert_eq!(date_at("2020/1/20").map(|d| d.0), Some("2020-01-20".into()));
        assert_eq!(
            date_at("二〇二二年一月十五日").map(|d| d.0),
            Some("2022-01-15".into())
        );
        assert_eq!(
            date_at("二〇二一年十二月三十一日").map(|d| d.0),
            Some("2021-12-31".into())
        );
        assert_eq!(date_at("2022-13-01"), None);
    }

    #[test]
    fn body_kinds() {
        assert_eq!(
            body_kind("酉阳土家族苗族自治县李溪镇人民政府"),
            Some(BodyKind::Township)
        );
        assert_eq!(
            body_kind("甘州区人民政府西街街道办事处"),
            Some(BodyKind::StreetOffice)
        );
        assert_eq!(
            body_kind("上海市科学技术委员会"),
            Some(BodyKind::Department)
        );
        assert_eq!(body_kind("一市镇"), Some(BodyKind::Township));
        assert_eq!(
            body_kind("灵丘县人民政府"),
            Some(BodyKind::CountyGovernment)
        );
        assert_eq!(
            body_kind("广东省人民政府"),
            Some(BodyKind::ProvincialGovernment)
        );
        assert_eq!(
            body_kind("上海市人民政府"),
            Some(BodyKind::ProvincialGovernment)
        );
        assert_eq!(body_kind("大同市人民政府"), Some(BodyKind::CityGovernment));
    }

    #[test]
    fn years() {
        assert_eq!(year_in("一市镇2019年政府信息工作年度报告"), Some(2019));
        assert_eq!(year_in("12019年"), None);
    }
}
