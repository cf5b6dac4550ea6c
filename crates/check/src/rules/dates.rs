//! Publication deadlines (article 49) and the statistics period.

use crate::catalogue::{D_DEADLINE, D_PERIOD, D_TOWNSHIP, Rule};
use crate::ctx::Ctx;
use gongkai_report::{BodyKind, Finding};

pub(crate) static EMITS: &[&Rule] = &[&D_DEADLINE, &D_TOWNSHIP, &D_PERIOD];

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    deadline(ctx, out);
    period(ctx, out);
}

fn deadline(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let m = &ctx.report.meta;
    let (Some(year), Some(published)) = (&m.year, &m.published) else {
        out.push(D_DEADLINE.not_assessable("报告年度或发布日期未知，无法检查发布期限"));
        return;
    };
    let Some(kind) = m.body_kind else {
        out.push(D_DEADLINE.not_assessable("机关类型未知，无法确定法定发布期限"));
        return;
    };
    let next = year.value + 1;
    let (rule, date, why) = match kind {
        BodyKind::Department => (
            &D_DEADLINE,
            format!("{next}-01-31"),
            "县级以上人民政府部门应于每年1月31日前公布",
        ),
        BodyKind::ProvincialGovernment | BodyKind::CityGovernment | BodyKind::CountyGovernment => (
            &D_DEADLINE,
            format!("{next}-03-31"),
            "县级以上地方人民政府应于每年3月31日前公布",
        ),
        BodyKind::Township | BodyKind::StreetOffice => (
            &D_TOWNSHIP,
            format!("{next}-03-31"),
            "乡镇、街道无全国统一期限，晚于3月31日值得关注",
        ),
    };
    // ISO dates compare as strings.
    if published.value.as_str() > date.as_str() {
        out.push(
            rule.finding(format!(
                "{}年度报告发布于 {}，晚于 {date}（{why}）",
                year.value, published.value
            ))
            .with_evidence(published.span.clone(), published.line, "发布日期")
            .with_help(format!("{}（条例第四十九条）", kind.name_zh())),
        );
    }
}

/// A stated statistics period must be Jan 1 – Dec 31 of the report year.
fn period(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(year) = ctx.report.meta.year.as_ref().map(|y| y.value) else {
        return;
    };
    let text = ctx.text;
    for key in ["统计期限", "统计期间", "统计时限", "统计周期", "统计时间"] {
        let Some(at) = text.find(key) else { continue };
        let window: String = text[at..].chars().take(60).collect();
        let dates = dates_in(&window, year);
        let [(s, _), (e, _), ..] = dates.as_slice() else {
            continue;
        };
        let want = (format!("{year}-01-01"), format!("{year}-12-31"));
        if (s.as_str(), e.as_str()) != (want.0.as_str(), want.1.as_str()) {
            let span = at..at + window.len();
            out.push(
                D_PERIOD
                    .finding(format!(
                        "统计期限为 {s} 至 {e}，应为 {} 至 {}",
                        want.0, want.1
                    ))
                    .with_evidence(span.clone(), ctx.line_of(span.start), "统计期限"),
            );
        }
        return;
    }
}

/// `2019年1月1日` and `12月31日` (year carried from the previous date) in a short text.
fn dates_in(s: &str, default_year: i32) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut year = default_year;
    let mut i = 0;
    while i < chars.len() {
        let (at, _) = chars[i];
        let rest = &s[at..];
        if let Some((iso, len)) = full_date(rest) {
            year = iso.get(..4).and_then(|y| y.parse().ok()).unwrap_or(year);
            out.push((iso, at));
            i = chars.partition_point(|(o, _)| *o < at + len);
            continue;
        }
        if let Some((m, d, len)) = month_day(rest) {
            out.push((format!("{year:04}-{m:02}-{d:02}"), at));
            i = chars.partition_point(|(o, _)| *o < at + len);
            continue;
        }
        i += 1;
    }
    out
}

/// `YYYY年M月D日` at the start of `s`.
fn full_date(s: &str) -> Option<(String, usize)> {
    let y: String = s.chars().take_while(char::is_ascii_digit).collect();
    if y.len() != 4 {
        return None;
    }
    let rest = s[4..].trim_start().strip_prefix('年')?.trim_start();
    let (m, d, len) = month_day(rest)?;
    let consumed = s.len() - rest.len() + len;
    Some((format!("{y}-{m:02}-{d:02}"), consumed))
}

fn month_day(s: &str) -> Option<(u32, u32, usize)> {
    let m: String = s.chars().take_while(char::is_ascii_digit).collect();
    if m.is_empty() || m.len() > 2 {
        return None;
    }
    let r = s[m.len()..].trim_start().strip_prefix('月')?.trim_start();
    let d: String = r.chars().take_while(char::is_ascii_digit).collect();
    if d.is_empty() || d.len() > 2 {
        return None;
    }
    let r2 = r[d.len()..].trim_start();
    let r2 = r2.strip_prefix('日').unwrap_or(r2);
    let (mm, dd) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&mm) && (1..=31).contains(&dd)).then(|| (mm, dd, s.len() - r2.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_dates() {
        let d = dates_in("统计期限自2019年1月1日起至2019年12月31日止", 2019);
        assert_eq!(
            d.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["2019-01-01", "2019-12-31"]
        );
        let d = dates_in("统计期限从2020年1月1日到12月31日止", 2020);
        assert_eq!(
            d.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
            ["2020-01-01", "2020-12-31"]
        );
        let d = dates_in("统计周期为 2024 年 1 月 1 日至 12 月 31 日", 2024);
        assert_eq!(d.len(), 2);
    }
}
