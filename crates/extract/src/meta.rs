//! Metadata: title, issuing body, report year, publication date, 索引号, kind of body.

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

pub fn read(view: &View<'_>) -> Metadata {
    let norm = view.norm_str();
    let ls = lines(norm);
    let mut m = Metadata {
        title: title(view, &ls),
        ..Metadata::default()
    };
    if let Some(t) = &m.title {
        m.year = year_in(&t.value).map(|y| Located {
            value: y,
            span: t.span.clone(),
            line: t.line,
        });
        m.org = org_from_title(view, &t.value).map(|o| Located {
            value: o,
            span: t.span.clone(),
            line: t.line,
        });
    }
    if m.year.is_none() {
        m.year = year_fallback(view, &ls);
    }
    if m.org.is_none() {
        m.org = labelled(view, &ls, &["发布机构"], |v| {
            (!v.is_empty()).then(|| v.to_owned())
        });
    }
    let (published, from) = published(view, &ls);
    m.published = published;
    m.published_from = from;
    m.index_no = labelled(view, &ls, &["索引号"], |v| {
        let id: String = v
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
            .collect();
        (!id.is_empty()).then_some(id)
    });
    m.body_kind = m.org.as_ref().and_then(|o| body_kind(&o.value));
    m
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
/// lines before it when the title was broken (`…2021年度政府信息` / `公开工作报告`).
fn title(view: &View<'_>, ls: &[Line<'_>]) -> Option<Located<String>> {
    let head: Vec<(usize, &Line<'_>)> = ls
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .take(20)
        .collect();
    for (_, l) in &head {
        let c = compact(l.text);
        if let Some(rest) = c.strip_prefix("标题:")
            && !rest.is_empty()
        {
            return Some(located(
                view,
                l.start..l.start + l.text.len(),
                rest.to_owned(),
            ));
        }
    }
    for (k, (_, l)) in head.iter().enumerate() {
        let c = compact(l.text);
        if c.chars().count() > 60 || !c.contains("报告") {
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
            if pc.chars().count() > 40 {
                break;
            }
            text = format!("{pc}{text}");
            first = p.start;
        }
        if !text.contains("政府信息") && !text.contains("年度报告") {
            continue;
        }
        return Some(located(view, first..l.start + l.text.len(), text));
    }
    None
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
    if t.is_empty() {
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
    // Signature: a line at the end that is only a date.
    let tail: Vec<&Line<'_>> = ls
        .iter()
        .rev()
        .filter(|l| !l.text.trim().is_empty())
        .take(8)
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
