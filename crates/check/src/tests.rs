//! Rules on real reports, and on real reports with one error put in.

use crate::check;
use gongkai_decode::{Options, decode};
use gongkai_format::TableId;
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
    // Every document rule is implemented in this version: none says it is not.
    assert!(
        !fs.iter().any(|f| f.message.contains("尚未实现")),
        "{:?}",
        fs.iter()
            .filter(|f| f.message.contains("尚未实现"))
            .collect::<Vec<_>>()
    );
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

// ---- narrative against tables ---------------------------------------------------------

const KEWEI: &str = include_str!("../../../fixtures/corpus/docs/sh2024_kewei.md");
const PINGTAN_2023: &str = include_str!("../../../fixtures/corpus/docs/pingtan2023.txt");
const SH_CITY: &str = include_str!("../../../fixtures/corpus/docs/sh2020_city.html");

/// The findings of the narrative rules (violations only), as (rule, message).
fn narrative(text: &str) -> Vec<(&'static str, String)> {
    let (r, t) = parse(text);
    check(&r, &t)
        .into_iter()
        .filter(|f| f.assessable && f.rule.starts_with("N-"))
        .map(|f| (f.rule, f.message))
        .collect()
}

fn narrative_ids(text: &str) -> Vec<&'static str> {
    let mut ids: Vec<_> = narrative(text).into_iter().map(|(r, _)| r).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// PIPES with a sentence added to section 1 and table rows replaced.
fn pipes_with(sentence: &str, rows: &[(&str, &str)]) -> String {
    let mut t = PIPES.replacen(
        "(二)依申请公开情况。\n",
        &format!("(二)依申请公开情况。\n{sentence}\n"),
        1,
    );
    for (from, to) in rows {
        assert!(t.contains(from), "{from}");
        t = t.replacen(from, to, 1);
    }
    t
}

const NEW_ROW: &str = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
const GRANTED_ROW: &str = "三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
const UNABLE_ROW: &str = "(四)无法提供 | 1.本机关不掌握相关政府信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
const TOTAL_ROW: &str = "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

fn row(label: &str, natural: u32) -> String {
    format!("{label} | {natural} | 0 | 0 | 0 | 0 | 0 | {natural} |")
}

#[test]
fn n_none_no_applications_said_but_the_table_has_some() {
    let said = "本年度未收到政府信息公开申请。";
    assert!(narrative_ids(&pipes_with(said, &[])).is_empty());
    let t = pipes_with(
        said,
        &[(NEW_ROW, &row("一、本年新收政府信息公开申请数量", 2))],
    );
    assert_eq!(narrative_ids(&t), ["N-NONE"]);
    // The reverse: some said, none printed.
    let t = pipes_with("本年度共收到政府信息公开申请2件。", &[]);
    assert_eq!(narrative_ids(&t), ["N-NONE"]);
}

#[test]
fn n_applications_counts_and_outcomes() {
    let said = "本年度共收到政府信息公开申请3件，其中予以公开2件，无法提供1件。";
    let table = [
        (NEW_ROW, row("一、本年新收政府信息公开申请数量", 3)),
        (GRANTED_ROW, row("三、本年度办理结果 | (一)予以公开", 2)),
        (
            UNABLE_ROW,
            row("(四)无法提供 | 1.本机关不掌握相关政府信息", 1),
        ),
        (TOTAL_ROW, row("(七)总计", 3)),
    ];
    let rows: Vec<(&str, &str)> = table.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert!(narrative_ids(&pipes_with(said, &rows)).is_empty());
    let wrong = "本年度共收到政府信息公开申请4件，其中予以公开2件，无法提供1件。";
    let found = narrative(&pipes_with(wrong, &rows));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "N-APPLICATIONS");
    assert!(found[0].1.contains("收到申请4件"), "{}", found[0].1);
    let wrong = "本年度共收到政府信息公开申请3件，其中予以公开3件，无法提供1件。";
    assert_eq!(narrative_ids(&pipes_with(wrong, &rows)), ["N-APPLICATIONS"]);
}

#[test]
fn n_findings_cite_the_statement_and_the_cells() {
    let t = pipes_with("本年度共收到政府信息公开申请2件。", &[]);
    let (r, text) = parse(&t);
    let f = check(&r, &text)
        .into_iter()
        .find(|f| f.rule == "N-NONE" && f.assessable)
        .unwrap();
    let quoted = &text[f.evidence[0].span.clone()];
    assert_eq!(quoted, "收到政府信息公开申请2件");
    assert_eq!(f.cells, ["table3.new_received.total"]);
    assert!(f.evidence.len() >= 2, "the cell is cited too");
    assert_eq!(&text[f.evidence[1].span.clone()], "0");
}

#[test]
fn n_litigation() {
    let said = "本年度未发生因政府信息公开引起的行政复议、行政诉讼案件。";
    assert!(narrative_ids(&pipes_with(said, &[])).is_empty());
    let t = pipes_with(
        said,
        &[(
            "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        )],
    );
    assert_eq!(narrative_ids(&t), ["N-LITIGATION"]);
}

#[test]
fn n_table2() {
    let said = "全年制发行政规范性文件3件。";
    assert_eq!(narrative_ids(&pipes_with(said, &[])), ["N-TABLE2"]);
    let t = pipes_with(
        said,
        &[(
            "行政规范性文件 | 0 | 0 | 0 |",
            "行政规范性文件 | 3 | 0 | 12 |",
        )],
    );
    assert!(narrative_ids(&t).is_empty());
    // Items of information are not documents issued.
    let t = pipes_with("全年公开规范性文件类信息30条。", &[]);
    assert!(narrative_ids(&t).is_empty());
}

#[test]
fn n_percent() {
    let table = [
        (NEW_ROW, row("一、本年新收政府信息公开申请数量", 4)),
        (GRANTED_ROW, row("三、本年度办理结果 | (一)予以公开", 3)),
        (
            UNABLE_ROW,
            row("(四)无法提供 | 1.本机关不掌握相关政府信息", 1),
        ),
        (TOTAL_ROW, row("(七)总计", 4)),
    ];
    let rows: Vec<(&str, &str)> = table.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let said = "全年共办结政府信息公开申请4件，其中予以公开3件，占75%。";
    assert!(narrative_ids(&pipes_with(said, &rows)).is_empty());
    let said = "全年共办结政府信息公开申请4件，其中予以公开3件，占80%。";
    assert_eq!(narrative_ids(&pipes_with(said, &rows)), ["N-PERCENT"]);
}

#[test]
fn n_fees() {
    let unpaid = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
    let one = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |";
    // Section 6 of this report speaks of the fee.
    let t = pipes_with("", &[(unpaid, one)]);
    assert!(narrative_ids(&t).is_empty());
    let silent = t.replacen(
        "按照《国务院办公厅关于<政府信息公开信息处理费管理办法>的通知》(国办函〔2020〕109号)规定的案件、按量收取标准,本年度没有产生信息公开处理费。",
        "无。",
        1,
    );
    assert_eq!(narrative_ids(&silent), ["N-FEES"]);
}

/// Real reports that contradict themselves, and real reports whose prose agrees.
#[test]
fn real_reports_against_their_own_prose() {
    // 市科委 2024: the prose says one application goes on to next year; table 3 leaves the
    // total of 四、结转下年度继续办理 blank.
    let found = narrative(KEWEI);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "N-APPLICATIONS");
    assert!(found[0].1.contains("结转下年度申请1件"), "{}", found[0].1);
    // Shanghai 2020 (city) and Pingtan 2023 repeat dozens of figures of their tables, all right.
    assert!(narrative(SH_CITY).is_empty(), "{:?}", narrative(SH_CITY));
    assert!(
        narrative(PINGTAN_2023).is_empty(),
        "{:?}",
        narrative(PINGTAN_2023)
    );
}

#[test]
fn the_corpus_states_many_facts_and_breaks_few() {
    // Every narrative finding on the development corpus, so that a new one is looked at.
    let docs = [
        include_str!("../../../fixtures/corpus/docs/000_50ea10f2717e5a1e.txt"),
        PIPES,
        include_str!("../../../fixtures/corpus/docs/002_81ab661a178306d5.txt"),
        include_str!("../../../fixtures/corpus/docs/003_3b852b11c21bff53.txt"),
        ONE_PER_LINE_2019,
        include_str!("../../../fixtures/corpus/docs/pingtan2019.txt"),
        PINGTAN_2023,
        SH_CITY,
        KEWEI,
    ];
    let all: Vec<_> = docs.iter().flat_map(|d| narrative(d)).collect();
    assert_eq!(all.len(), 1, "{all:?}");
}

#[test]
fn values_only_checks_the_tables_and_says_what_it_cannot_check() {
    // The same report as a flat table would give it back: tables with values, no text.
    let (mut r, _) = parse(PIPES);
    let why = "没有原文";
    let text_free = |r: &Report| {
        let mut r = r.clone();
        r.sections.clear();
        for t in [TableId::Table2, TableId::Table3, TableId::Table4] {
            let t = r.table_mut(t);
            t.span = t.span.as_ref().map(|_| 0..0);
            t.headers.clear();
            t.marks.clear();
        }
        r
    };
    let clean = crate::check_values_only(&text_free(&r), why);
    assert!(
        !clean
            .iter()
            .any(|f| f.assessable && f.severity == Severity::Error),
        "{clean:?}"
    );
    // Every document rule has its say: checked, or not assessable with the reason.
    for rule in crate::RULES
        .iter()
        .filter(|x| x.scope == crate::Scope::Document && x.implemented())
    {
        let mine: Vec<_> = clean.iter().filter(|f| f.rule == rule.id).collect();
        let from_values = rule.id.starts_with("T");
        if !from_values || ["T2-HEADER", "T3-EDITION", "T3-SUBTOTAL"].contains(&rule.id) {
            assert!(
                mine.iter().any(|f| !f.assessable && f.message == why),
                "{} should be not assessable",
                rule.id
            );
        }
    }
    // A broken balance is still found without the text.
    let new = gongkai_format::keys::t3::row::NEW_RECEIVED;
    let row = r
        .table_mut(TableId::Table3)
        .rows
        .iter_mut()
        .find(|row| row.key == new)
        .unwrap();
    let n = row.cells.len();
    for i in [0, n - 1] {
        let c = &mut row.cells[i];
        c.value = gongkai_report::Num::Int(c.value.as_f64() as i64 + 2);
    }
    let broken = crate::check_values_only(&text_free(&r), why);
    assert!(
        broken
            .iter()
            .any(|f| f.assessable && f.rule == "T3-BALANCE")
    );
}
