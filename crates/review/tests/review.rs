//! Waivers across re-runs and changed files, rubric caps and traceability, the review page
//! (snapshot) and the workbook read back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_bodies::{Divisions, Resolver};
use gongkai_report::{Severity, Source};
use gongkai_review::rubric::{Basis, Per};
use gongkai_review::{
    Action, Event, FileWaivers, Reviewed, Rubric, StaleReason, Subject, Waiver, WaiverStore,
};
use std::collections::BTreeMap;
use std::path::Path;

/// A real report (甘州区西街街道 2023, clean) …
const CLEAN: &str = include_str!("../../../fixtures/corpus/docs/001_eb0a65417e597162.txt");
const NEW_RECEIVED: &str = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
const TABLE4: &str = "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

/// … with `n` applications received that table 3 does not account for (T3-BALANCE) and one
/// reconsideration corrected that its group's total leaves out (T4-GROUPSUM).
fn edited(n: u32) -> String {
    let row = format!("一、本年新收政府信息公开申请数量 | {n} | 0 | 0 | 0 | 0 | 0 | {n} |");
    let t = CLEAN.replacen(NEW_RECEIVED, &row, 1);
    let t4 = t.replacen(
        TABLE4,
        "0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        1,
    );
    assert_ne!(t4, t, "the fixture has table 4's row");
    t4
}

fn review(text: &str, waivers: &BTreeMap<String, Waiver>) -> Reviewed {
    let doc = gongkai_decode::decode(text.as_bytes(), &gongkai_decode::Options::default()).unwrap();
    let mut report = gongkai_extract::extract(
        &doc,
        Source {
            path: "001_edited.txt".into(),
            ..Source::default()
        },
    );
    gongkai_check::check_report(&mut report, &doc.text, &gongkai_check::Config::default());
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    let subject = Subject::of(&report, Some(&doc.text), &resolver);
    Reviewed::new(subject, report, Some(doc.text), waivers)
}

fn open_rules(r: &Reviewed) -> Vec<&'static str> {
    let mut v: Vec<_> = r
        .items
        .iter()
        .filter(|i| i.is_open())
        .map(|i| i.finding.rule)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[test]
fn the_subject_is_the_body_identity_and_year() {
    let r = review(&edited(2), &BTreeMap::new());
    assert_eq!(r.subject.how, "identity", "{:?}", r.subject);
    assert_eq!(r.subject.year, Some(2023));
    assert!(!r.subject.body.starts_with("name:"), "{:?}", r.subject);
}

#[test]
fn waivers_survive_reruns_and_are_dropped_where_the_finding_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = FileWaivers::new(dir.path().join("gongkai-waivers.toml"));
    let first = review(&edited(2), &BTreeMap::new());
    assert!(
        open_rules(&first).contains(&"T3-BALANCE"),
        "{:?}",
        open_rules(&first)
    );
    assert!(
        open_rules(&first).contains(&"T4-GROUPSUM"),
        "{:?}",
        open_rules(&first)
    );
    // The reviewer waives every violation of the first run.
    for i in first.items.iter().filter(|i| i.finding.assessable) {
        let w = Waiver::of(
            &first.subject,
            &i.id,
            &i.finding,
            "审核员",
            "2026-11-29T10:00:00Z",
            "已电话核实",
        );
        store
            .append(&Event {
                action: Action::Waive,
                waiver: w,
            })
            .unwrap();
    }
    let waived = first.items.iter().filter(|i| i.finding.assessable).count();

    // The same file again, read from the waiver file: all waived, nothing stale.
    let active = FileWaivers::new(store.path()).active().unwrap();
    assert_eq!(active.len(), waived);
    let again = review(&edited(2), &active);
    assert!(open_rules(&again).is_empty(), "{:?}", open_rules(&again));
    assert!(again.stale.is_empty());
    let w = again.items.iter().find_map(|i| i.waiver.as_ref()).unwrap();
    assert_eq!((w.by.as_str(), w.reason.as_str()), ("审核员", "已电话核实"));
    assert_eq!(again.worst_open(), None);

    // A changed file: 3 applications instead of 2. The table-4 finding says the same and stays
    // waived; the balance findings are about the same cells but say something else now.
    let changed = review(&edited(3), &active);
    assert!(open_rules(&changed).contains(&"T3-BALANCE"));
    assert!(!open_rules(&changed).contains(&"T4-GROUPSUM"));
    assert!(
        changed
            .items
            .iter()
            .any(|i| i.finding.rule == "T4-GROUPSUM" && i.waiver.is_some())
    );
    let stale: Vec<_> = changed
        .stale
        .iter()
        .map(|s| (s.waiver.rule.as_str(), &s.why))
        .collect();
    assert!(
        stale.iter().any(|(r, why)| *r == "T3-BALANCE"
            && matches!(why, StaleReason::Changed { now } if now.contains('3'))),
        "{stale:?}"
    );
    assert!(stale.iter().all(|(r, _)| *r != "T4-GROUPSUM"));

    // Fixed: the balance findings are gone, and so reported.
    let fixed = review(&edited(0), &active);
    assert!(
        fixed
            .stale
            .iter()
            .any(|s| s.waiver.rule == "T3-BALANCE" && s.why == StaleReason::Gone)
    );
    assert!(
        fixed
            .items
            .iter()
            .any(|i| i.finding.rule == "T4-GROUPSUM" && i.waiver.is_some())
    );
}

fn rubric(text: &str) -> Rubric {
    Rubric::parse(text, Path::new("test-rubric.toml")).unwrap()
}

#[test]
fn deductions_are_capped_per_item_and_category_and_traceable() {
    let r = review(&edited(2), &BTreeMap::new());
    let balance = r
        .items
        .iter()
        .filter(|i| i.is_open() && i.finding.rule == "T3-BALANCE")
        .count();
    assert!(
        balance >= 2,
        "one finding per column that does not balance: {balance}"
    );
    let rb = rubric(
        r#"
name = "t"
source = "test"
points = 20
[[category]]
key = "tables"
name = "表格"
cap = 5
[[category]]
key = "cases"
name = "案件"
cap = 10
[[item]]
category = "tables"
name = "勾稽"
rules = ["T3-*"]
per = "finding"
deduct = 2
cap = 3
source = "test"
[[item]]
category = "tables"
name = "表四"
rules = ["T4-GROUPSUM"]
per = "report"
deduct = 4
source = "test"
[[item]]
category = "cases"
name = "纠错"
cells = ["table4.review.corrected", "table4.litigation_direct.corrected"]
per = "count"
deduct = 3
source = "test"
[[item]]
category = "cases"
name = "复制"
rules = ["X-COPY"]
per = "report"
deduct = 1
source = "test"
[[item]]
category = "cases"
name = "备案"
manual = true
deduct = 5
source = "test"
"#,
    );
    let s = rb.score(&r);
    let tables = &s.categories[0];
    let t3 = &tables.deductions[0];
    assert_eq!(t3.raw, 2.0 * balance as f64);
    assert_eq!(t3.points, 3.0, "item cap");
    assert_eq!(t3.basis.len(), balance, "each finding listed");
    for b in &t3.basis {
        let Basis::Finding { id, rule } = b else {
            panic!("{b:?}")
        };
        assert!(rule.starts_with("T3-"));
        assert!(
            r.item(id).is_some(),
            "the basis names a finding of the report"
        );
    }
    assert_eq!(tables.raw, 7.0);
    assert_eq!(tables.deducted, 5.0, "category cap");
    let cases = &s.categories[1];
    assert_eq!(cases.deducted, 3.0, "one corrected case");
    assert_eq!(
        cases.deductions[0].basis,
        vec![Basis::Cell {
            cell: "table4.review.corrected".into(),
            value: 1.0
        }]
    );
    assert_eq!(s.deducted, 8.0);
    assert_eq!(s.score, 12.0);
    assert_eq!(s.manual, vec![4]);
    assert!(
        s.not_assessable
            .iter()
            .any(|n| n.item == 3 && n.why.contains("X-COPY")),
        "{:?}",
        s.not_assessable
    );
}

#[test]
fn waived_findings_deduct_nothing() {
    let first = review(&edited(2), &BTreeMap::new());
    let waivers: BTreeMap<String, Waiver> = first
        .items
        .iter()
        .filter(|i| i.finding.rule == "T4-GROUPSUM")
        .map(|i| {
            let w = Waiver::of(&first.subject, &i.id, &i.finding, "a", "t", "r");
            (w.id.clone(), w)
        })
        .collect();
    let r = review(&edited(2), &waivers);
    let rb = rubric(
        "name = \"t\"\nsource = \"s\"\npoints = 5\n[[category]]\nkey = \"c\"\nname = \"c\"\ncap = 5\n\
         [[item]]\ncategory = \"c\"\nname = \"表四\"\nrules = [\"T4-GROUPSUM\"]\nper = \"report\"\ndeduct = 4\nsource = \"s\"\n",
    );
    let s = rb.score(&r);
    assert_eq!(s.score, 5.0);
    assert_eq!(s.waived.len(), 1);
}

#[test]
fn rubric_errors_name_the_line() {
    let bad = "name = \"t\"\nsource = \"s\"\npoints = 5\n[[category]]\nkey = \"c\"\nname = \"c\"\ncap = 5\n\
               [[item]]\ncategory = \"c\"\nname = \"x\"\nrules = [\"T9-NOPE\"]\nper = \"report\"\ndeduct = 1\nsource = \"s\"\n";
    let e = Rubric::parse(bad, Path::new("r.toml")).unwrap_err();
    assert!(e.to_string().starts_with("r.toml:8:"), "{e}");
    assert!(e.to_string().contains("T9-NOPE"), "{e}");
    let bad_cell = bad.replace(
        "rules = [\"T9-NOPE\"]\nper = \"report\"",
        "cells = [\"table4.review.nope\"]\nper = \"count\"",
    );
    let e = Rubric::parse(&bad_cell, Path::new("r.toml")).unwrap_err();
    assert!(e.to_string().contains("table4.review.nope"), "{e}");
}

#[test]
fn the_shipped_rubrics_parse_and_list_what_people_assess() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let rb = Rubric::load(&p).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            rb.items.iter().all(|i| !i.source.is_empty()),
            "{}: every item says where it comes from",
            p.display()
        );
        assert!(rb.manual().count() > 0, "{}", p.display());
        assert!(rb.items.iter().any(|i| i.per == Per::Count));
        n += 1;
    }
    assert_eq!(n, 2);
}

fn scored_fixture() -> (Vec<Reviewed>, Rubric, Vec<gongkai_review::Score>) {
    let first = review(&edited(2), &BTreeMap::new());
    let waivers: BTreeMap<String, Waiver> = first
        .items
        .iter()
        .filter(|i| i.finding.rule == "T4-GROUPSUM")
        .map(|i| {
            let w = Waiver::of(
                &first.subject,
                &i.id,
                &i.finding,
                "王五",
                "2026-11-29T10:00:00Z",
                "复议决定书另附",
            );
            (w.id.clone(), w)
        })
        .collect();
    let reviewed = vec![
        review(&edited(3), &waivers),
        review(CLEAN, &BTreeMap::new()),
    ];
    let rb = Rubric::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/licheng-2020.toml"))
        .unwrap();
    let scores = reviewed.iter().map(|r| rb.score(r)).collect();
    (reviewed, rb, scores)
}

#[test]
fn review_page_snapshot() {
    let (reviewed, rb, scores) = scored_fixture();
    let info = gongkai_review::html::PageInfo {
        title: "审查意见（测试）".into(),
        generated: "2026-11-29T12:00:00Z".into(),
    };
    let page = gongkai_review::html::render(&info, &reviewed, Some((&rb, &scores)));
    assert!(
        page.contains("<mark>3</mark>"),
        "the cell is marked in its source line"
    );
    assert!(!page.contains("<script"), "no scripts");
    assert!(!page.contains("src=\""), "no external files");
    insta::assert_snapshot!("review_page", page);
}

#[test]
fn workbook_reads_back() {
    use calamine::{Data, Reader, Xlsx};
    let (reviewed, rb, scores) = scored_fixture();
    let bytes = gongkai_review::xlsx::workbook(&reviewed, Some((&rb, &scores))).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 2 + reviewed.len(), "{names:?}");
    assert_eq!(names[0], gongkai_review::xlsx::ALL_SHEET);
    assert_eq!(names[1], gongkai_review::xlsx::SCORE_SHEET);
    let all = wb.worksheet_range(gongkai_review::xlsx::ALL_SHEET).unwrap();
    let rows: Vec<Vec<String>> = all
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    d => d.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        gongkai_review::xlsx::COLUMNS
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    let total: usize = reviewed.iter().map(|r| r.items.len()).sum();
    assert_eq!(rows.len(), 1 + total, "one row per finding");
    let col = |name: &str| {
        gongkai_review::xlsx::COLUMNS
            .iter()
            .position(|c| *c == name)
            .unwrap()
    };
    let waived = rows
        .iter()
        .find(|r| r[col("规则")] == "T4-GROUPSUM")
        .unwrap();
    assert_eq!(waived[col("状态")], "已豁免");
    assert_eq!(waived[col("豁免人")], "王五");
    let balance = rows
        .iter()
        .find(|r| r[col("规则")] == "T3-BALANCE")
        .unwrap();
    assert_eq!(balance[col("状态")], "待处理");
    assert!(
        balance[col("原文")].contains("【3】"),
        "{}",
        balance[col("原文")]
    );
    assert!(balance[col("问题编号")].starts_with("GK-"));
    // one sheet per body, with that body's findings
    let body = wb.worksheet_range(&names[2]).unwrap();
    assert_eq!(body.rows().count(), 1 + reviewed[0].items.len());
    let score = wb
        .worksheet_range(gongkai_review::xlsx::SCORE_SHEET)
        .unwrap();
    assert_eq!(score.rows().count(), 1 + reviewed.len());
    let _ = Severity::Error;
}
