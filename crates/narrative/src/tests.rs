//! Unit cases; the labelled set of real paragraphs is in `tests/labelled.rs`.

use crate::*;

fn show(text: &str) -> Vec<String> {
    facts(text)
        .iter()
        .map(|f| format!("{}={}", f.label(), f.value))
        .collect()
}

#[test]
fn applications_received_handled_carried() {
    assert_eq!(
        show(
            "全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件，所有申请均已按要求办理完成。"
        ),
        ["received=34", "carried_over=2"]
    );
}

#[test]
fn spans_are_places_of_the_text_given() {
    let docs = [
        include_str!("../../../fixtures/corpus/docs/pingtan2023.txt"),
        include_str!("../../../fixtures/corpus/docs/sh2024_kewei.md"),
        include_str!("../../../fixtures/corpus/docs/sh2020_city.html"),
        "ａ１，２３４件\u{3000}收到申请 １２ 件。",
    ];
    for text in docs {
        for f in facts(text) {
            let span = text.get(f.span.clone()).expect("span on char boundaries");
            let sentence = text
                .get(f.sentence.clone())
                .expect("sentence on char boundaries");
            assert!(f.sentence.start <= f.span.start && f.span.end <= f.sentence.end);
            assert!(sentence.contains(span));
            if !f.negated {
                assert!(
                    span.chars().any(|c| c.is_ascii_digit()
                        || ('０'..='９').contains(&c)
                        || "零〇一二两三四五六七八九十百千万".contains(c)),
                    "{span}"
                );
            }
        }
    }
}

#[test]
fn traps_of_the_issue() {
    // Items of information, posts, meetings, last year's figures: nothing to compare.
    for text in [
        "全年主动公开政府信息161条。",
        "通过政务微博发布信息320条。",
        "召开专题会议4次，开展培训3场。",
        "较上年增加申请5件。",
        "上年收到政府信息公开申请9件。",
    ] {
        assert!(facts(text).is_empty(), "{text}: {:?}", show(text));
    }
}

#[test]
fn readings_name_the_cells_of_each_edition() {
    use gongkai_format::Edition;
    let f = &facts("全年收到政府信息公开申请5件，其中其他处理1件。")[1];
    let e2019: Vec<String> = f
        .cells(Edition::E2019)
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(e2019, ["table3.other.total"]);
    assert_eq!(
        f.cells(Edition::E2021).len(),
        3,
        "three 其他处理 rows in 2021"
    );
    let docs = &facts("全年制发规范性文件3件。")[0];
    assert_eq!(
        docs.cells(Edition::E2019)[0].to_string(),
        "table2.normative_documents.made"
    );
    assert_eq!(
        docs.cells(Edition::E2021)[0].to_string(),
        "table2.normative_documents.issued"
    );
}
