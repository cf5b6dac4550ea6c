//! Local rules: publication deadlines that a province or city sets for townships and street
//! offices, for which article 49 sets none (`[thresholds.deadline]` in `gongkai.toml`).
//!
//! The check crate's D-TOWNSHIP compares with 3月31日, the date worth a look where nothing
//! local applies. Where the configuration gives a local deadline for the body's kind, that
//! finding is replaced by one against the local date (the same catalogue entry).

use crate::config::Thresholds;
use gongkai_check::Config;
use gongkai_check::catalogue::D_TOWNSHIP;
use gongkai_report::{BodyKind, Report};

/// Apply the local deadlines of `thresholds` to a checked report; `levels` are the rule levels
/// the report was checked with (so an allowed D-TOWNSHIP stays silent).
pub fn apply_local_deadlines(report: &mut Report, thresholds: &Thresholds, levels: &Config) {
    let m = &report.meta;
    let Some(kind) = m.body_kind else {
        return;
    };
    let Some((month, day)) = thresholds.deadline(kind) else {
        return;
    };
    let (Some(year), Some(published)) = (&m.year, &m.published) else {
        return;
    };
    let date = format!("{}-{month:02}-{day:02}", year.value + 1);
    let late = published.value.as_str() > date.as_str();
    let finding = late.then(|| {
        D_TOWNSHIP
            .finding(format!(
                "{}年度报告发布于 {}，晚于本地规定的 {date}",
                year.value, published.value
            ))
            .with_evidence(published.span.clone(), published.line, "发布日期")
            .with_help(format!(
                "{}：期限取自 gongkai.toml [thresholds.deadline]",
                kind.name_zh()
            ))
    });
    report
        .findings
        .retain(|f| !(f.rule == D_TOWNSHIP.id && f.assessable));
    report
        .findings
        .extend(levels.apply(finding.into_iter().collect()));
}

/// Body kinds a local deadline may be given for: those article 49 gives none.
pub fn local_kind(kind: BodyKind) -> bool {
    matches!(kind, BodyKind::Township | BodyKind::StreetOffice)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use gongkai_report::{Located, Source};

    fn township(published: &str) -> Report {
        let mut r = Report::new(Source::default());
        r.meta.body_kind = Some(BodyKind::Township);
        r.meta.year = Some(Located {
            value: 2023,
            span: 0..0,
            line: 1,
        });
        r.meta.published = Some(Located {
            value: published.to_owned(),
            span: 0..0,
            line: 1,
        });
        r.findings = gongkai_check::check(&r, "");
        r
    }

    fn late(r: &Report) -> bool {
        r.findings
            .iter()
            .any(|f| f.rule == "D-TOWNSHIP" && f.assessable)
    }

    #[test]
    fn the_local_date_replaces_march_31() {
        let mut t = Thresholds::default();
        // April 15: late by the national reading, in time by a local April 30.
        let mut r = township("2024-04-15");
        assert!(late(&r));
        t.deadlines.push((BodyKind::Township, (4, 30)));
        apply_local_deadlines(&mut r, &t, &Config::default());
        assert!(!late(&r));
        // March 15: in time by March 31, late by a local February 28.
        let mut r = township("2024-03-15");
        assert!(!late(&r));
        t.deadlines = vec![(BodyKind::Township, (2, 28))];
        apply_local_deadlines(&mut r, &t, &Config::default());
        assert!(late(&r));
        assert!(r.findings.iter().any(|f| f.message.contains("2024-02-28")));
        // allowed stays allowed
        let mut r = township("2024-03-15");
        let mut allow = Config::default();
        allow.set("D-TOWNSHIP", gongkai_check::Level::Allow);
        apply_local_deadlines(&mut r, &t, &allow);
        assert!(!late(&r));
    }
}
