//! Rules on real reports, and on real reports with one error put in.

use crate::check;
use gongkai_decode::{Options, decode};
use gongkai_report::{Report, Severity, Source};

const PIPES: &str = include_str!("../../../fixtures/corpus/docs/001_eb0a65417e597162.txt");
const ONE_PER_LINE_2019: &str =
    include_str!("../../../fixtures/corpus/docs/004_e3850655aeccb7a0.txt");

fn parse(text: &str) -> (Report, String) {
    let doc = decode(text.as_bytes(), &Options::default()).unwrap();
    let r = gongkai_extract::extract(&doc, Source::default());
    (r, doc.text)
}

/// Ids of the violations (not the not-assessable notes) found in a text.
fn violations(text: &str) -> Vec<&'static str> {
    let (r, t) = parse(text);
    let mut ids: Vec<_> = check(&r, &t)
        .into_iter()
        .filter(|f| f.assessable)
        .map(|f| f.rule)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn errors(text: &str) -> Vec<&'static str> {
    let (r, t) = parse(text);
    let mut ids: Vec<_> = check(&r, &t)
        .into_iter()
        .filter(|f| f.assessable && f.severity == Severity::Error)
        .map(|f| f.rule)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[test]
fn a_clean_report_has_no_errors() {
    assert!(errors(PIPES).is_empty(), "{:?}", errors(PIPES));
    assert!(
        errors(ONE_PER_LINE_2019).is_empty(),
        "{:?}",
        errors(ONE_PER_LINE_2019)
    );
}

#[test]
fn a_broken_row_sum_fires_rowsum_and_the_column_rules() {
    let t = PIPES.replacen(
        "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 0 |",
        1,
    );
    let e = errors(&t);
    assert!(e.contains(&"T3-ROWSUM"), "{e:?}");
    assert!(e.contains(&"T3-BALANCE"), "{e:?}");
}

#[test]
fn a_broken_balance_fires_balance_only() {
    let t = PIPES.replacen(
        "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        1,
    );
    assert_eq!(errors(&t), ["T3-BALANCE"]);
}

#[test]
fn outcomes_must_add_up_to_the_total() {
    let t = PIPES
        .replacen(
            "(一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "(一)予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            1,
        )
        .replacen(
            "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            1,
        );
    assert_eq!(errors(&t), ["T3-BALANCE", "T3-OUTCOMES"]);
}

#[test]
fn negative_counts_are_errors() {
    let t = PIPES.replacen("行政许可 | 0 |", "行政许可 | -2 |", 1);
    assert_eq!(errors(&t), ["T2-NONNEG"]);
}

#[test]
fn table4_group_sums() {
    let t = PIPES.replacen(
        "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        "1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        1,
    );
    assert_eq!(errors(&t), ["T4-GROUPSUM"]);
}

#[test]
fn missing_sections_and_wrong_numbering() {
    let t = PIPES.replacen("六、其他需要报告的事项", "", 1);
    assert!(errors(&t).contains(&"S-SECTIONS"));
    let t = PIPES.replacen("二、主动公开政府信息情况", "（二）主动公开政府信息情况", 1);
    assert!(violations(&t).contains(&"S-NUMBERING"));
}

#[test]
fn the_2019_edition_in_a_2021_report_is_flagged() {
    let t = ONE_PER_LINE_2019.replacen("一市镇2019年", "一市镇2022年", 1);
    assert!(violations(&t).contains(&"E-EDITION-YEAR"));
}

#[test]
fn mixed_editions_are_errors() {
    // a 2019 table 2 header in an otherwise 2021 report
    let t = PIPES.replacen(
        "本年制发件数 | 本年废止件数 | 现行有效件数",
        "本年新制作数量 | 本年新公开数量 | 对外公开总数量",
        1,
    );
    assert!(errors(&t).contains(&"E-MIXED"), "{:?}", errors(&t));
}

#[test]
fn late_publication_of_a_department() {
    let t = PIPES
        .replacen(
            "甘州区人民政府西街街道办事处 2023年",
            "甘州区教育局2023年",
            1,
        )
        .replacen("生成日期 | 2024-01-11", "生成日期 | 2024-02-20", 1);
    let (r, text) = parse(&t);
    let fs = check(&r, &text);
    assert!(
        fs.iter()
            .any(|f| f.rule == "D-DEADLINE" && f.assessable && f.severity == Severity::Error)
    );
}

#[test]
fn a_township_report_after_march_is_worth_a_look() {
    let t = PIPES.replacen("生成日期 | 2024-01-11", "生成日期 | 2024-05-11", 1);
    assert!(violations(&t).contains(&"D-TOWNSHIP"));
}

#[test]
fn missing_cells_make_rules_not_assessable() {
    let (r, t) = parse("一、总体情况\n没有表格。\n");
    let fs = check(&r, &t);
    let na: Vec<_> = fs
        .iter()
        .filter(|f| !f.assessable)
        .map(|f| f.rule)
        .collect();
    assert!(na.contains(&"T3-BALANCE"));
    assert!(na.contains(&"T4-GROUPSUM"));
    assert!(na.contains(&"N-APPLICATIONS"), "unimplemented rules say so");
}

#[test]
fn every_finding_names_a_catalogued_rule() {
    for text in [PIPES, ONE_PER_LINE_2019] {
        let (r, t) = parse(text);
        for f in check(&r, &t).iter().chain(&r.findings) {
            assert!(crate::rule(f.rule).is_some(), "{}", f.rule);
        }
    }
}
