//! Checks across reports on synthetic consecutive years, near-copied townships, a region and
//! its parts, and on real reports of the corpus.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::needless_range_loop
)]

use crate::*;
use gongkai_bodies::{Context, Divisions, Resolver};
use gongkai_decode::{Options as DecodeOptions, decode};
use gongkai_format::Edition;
use gongkai_format::keys::{t2, t3};
use gongkai_report::{BodyKind, Num, Report, Source};
use gongkai_synth::filler::paragraph;
use gongkai_synth::{Layout, Spec, SynthReport, render, rng_for};
use rand::SeedableRng;

pub(crate) fn parse(text: &str) -> (Report, String) {
    let doc = decode(text.as_bytes(), &DecodeOptions::default()).unwrap();
    let r = gongkai_extract::extract(&doc, Source::default());
    (r, doc.text)
}

fn identity(name: &str) -> Identity {
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    resolver
        .resolve(name, &Context::new())
        .identity()
        .unwrap_or_else(|| panic!("{name} does not resolve"))
        .clone()
}

fn generate(seed: u64, year: i32, edition: Edition) -> SynthReport {
    let mut rng = rng_for(seed, "cross");
    SynthReport::generate_with(
        &mut rng,
        &Spec {
            year: Some(year),
            edition: Some(edition),
            table2_edition: Some(edition),
            body_kind: Some(BodyKind::Township),
            nonnegative_changes: true,
            ..Spec::default()
        },
    )
}

fn t3_row<'a>(r: &'a mut SynthReport, key: &str) -> &'a mut [i64; 7] {
    &mut r.t3_row_mut(key).unwrap().values
}

fn t2_value(r: &SynthReport, row: &str, col: &str) -> Option<i64> {
    r.table2
        .rows
        .iter()
        .find(|x| x.key == row)?
        .values
        .iter()
        .find(|v| v.0 == col)
        .map(|v| v.1.n)
}

fn set_t2(r: &mut SynthReport, row: &str, col: &str, n: i64) {
    if let Some(v) = r
        .table2
        .rows
        .iter_mut()
        .find(|x| x.key == row)
        .and_then(|x| x.values.iter_mut().find(|v| v.0 == col))
    {
        v.1.n = n;
    }
}

/// Two consecutive years of one body whose tables carry over correctly: this year's
/// 上年结转 is last year's 结转下年度 (new applications adjusted so that table 3 still
/// balances), and table 2's stocks follow on. Seeds whose adjustment would make a count
/// negative are skipped (deterministically).
fn consecutive(seed: u64, edition: Edition) -> (SynthReport, SynthReport) {
    for s in seed.. {
        let last = generate(s, 2022, edition);
        let mut this = generate(s + 1_000_000, 2023, edition);
        this.org = last.org.clone();
        let fwd = last.t3_row(t3::row::CARRY_FORWARD).unwrap().values;
        let total = this.t3_row(t3::row::TOTAL).unwrap().values;
        let this_fwd = this.t3_row(t3::row::CARRY_FORWARD).unwrap().values;
        let new: Vec<i64> = (0..7).map(|c| total[c] + this_fwd[c] - fwd[c]).collect();
        if new.iter().any(|v| *v < 0) || fwd.iter().all(|v| *v == 0) {
            continue;
        }
        *t3_row(&mut this, t3::row::CARRIED_OVER) = fwd;
        t3_row(&mut this, t3::row::NEW_RECEIVED).copy_from_slice(&new);
        match edition {
            Edition::E2021 => {
                for row in [t2::row::REGULATIONS, t2::row::NORMATIVE_DOCUMENTS] {
                    let prev = t2_value(&last, row, t2::col::IN_FORCE).unwrap();
                    let issued = t2_value(&this, row, t2::col::ISSUED).unwrap();
                    let abolished = t2_value(&this, row, t2::col::ABOLISHED).unwrap();
                    if prev + issued - abolished < 0 {
                        set_t2(&mut this, row, t2::col::ABOLISHED, 0);
                    }
                    let abolished = t2_value(&this, row, t2::col::ABOLISHED).unwrap();
                    set_t2(&mut this, row, t2::col::IN_FORCE, prev + issued - abolished);
                }
            }
            Edition::E2019 => {
                let rows: Vec<&str> = this.table2.rows.iter().map(|r| r.key).collect();
                for row in rows {
                    if let (Some(p), Some(c)) = (
                        t2_value(&last, row, t2::col::PREV_COUNT),
                        t2_value(&last, row, t2::col::CHANGE),
                    ) {
                        set_t2(&mut this, row, t2::col::PREV_COUNT, p + c);
                    }
                }
            }
        }
        return (last, this);
    }
    unreachable!()
}

fn rendered(r: &SynthReport, seed: u64) -> (Report, String) {
    let mut rng = rng_for(seed, "render");
    parse(&render(r, Layout::Markdown, &mut rng))
}

fn assessable(found: &[CrossFinding], rule: &str) -> Vec<CrossFinding> {
    found
        .iter()
        .filter(|f| f.finding.rule == rule && f.finding.assessable)
        .cloned()
        .collect()
}

fn pair_findings(last: &(Report, String), this: &(Report, String)) -> Vec<CrossFinding> {
    check_pair(
        &Doc::new(&last.0, &last.1),
        &Doc::new(&this.0, &this.1),
        &Options::default(),
    )
    .unwrap()
}

#[test]
fn the_catalogue_lists_what_this_crate_emits() {
    let ours: Vec<&str> = EMITS.iter().map(|r| r.id).collect();
    let listed: Vec<&str> = gongkai_check::catalogue::ACROSS
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ours, listed);
    let sources = [
        include_str!("years.rs"),
        include_str!("bodies.rs"),
        include_str!("region.rs"),
    ]
    .concat();
    for r in EMITS {
        let name = r.id.replace('-', "_");
        let compact: String = sources.split_whitespace().collect();
        assert!(
            compact.contains(&format!("{name}.finding(")),
            "{} is listed but never reported",
            r.id
        );
        assert!(r.implemented());
    }
}

#[test]
fn x_carry_passes_on_years_that_carry_over_and_fails_per_column() {
    for seed in [1, 7, 21] {
        let (last, mut this) = consecutive(seed, Edition::E2021);
        let l = rendered(&last, seed);
        let t = rendered(&this, seed + 1);
        let found = pair_findings(&l, &t);
        // Assessed and passed: no finding at all, not even "not assessable".
        for rule in ["X-CARRY", "X-INFORCE"] {
            assert!(!found.iter().any(|f| f.finding.rule == rule), "{found:#?}");
        }

        // One more application carried over by natural persons than last year carried
        // forward; the table still balances (one fewer new application).
        let over = t3_row(&mut this, t3::row::CARRIED_OVER);
        over[0] += 1;
        over[6] += 1;
        let new = t3_row(&mut this, t3::row::NEW_RECEIVED);
        if new[0] == 0 {
            // keep the balance with one more handled instead
            let total = t3_row(&mut this, t3::row::TOTAL);
            total[0] += 1;
            total[6] += 1;
            let granted = t3_row(&mut this, t3::row::GRANTED);
            granted[0] += 1;
            granted[6] += 1;
        } else {
            new[0] -= 1;
            new[6] -= 1;
        }
        let t = rendered(&this, seed + 1);
        let found = pair_findings(&l, &t);
        let carry = assessable(&found, "X-CARRY");
        let cols: Vec<&str> = carry
            .iter()
            .flat_map(|f| f.finding.cells.iter().map(String::as_str))
            .collect();
        assert_eq!(
            cols,
            [
                "table3.carried_over.natural_person",
                "table3.carried_over.total"
            ],
            "{carry:#?}"
        );
        // Evidence on both sides points at the printed values.
        let f = &carry[0];
        let ev = &f.finding.evidence[0];
        let want = this.t3_row(t3::row::CARRIED_OVER).unwrap().values[0].to_string();
        assert_eq!(t.1[ev.span.clone()].trim(), want);
        let other = &f.others[0];
        assert_eq!(other.doc, 0);
        assert_eq!(other.cells, ["table3.carry_forward.natural_person"]);
        let want = last.t3_row(t3::row::CARRY_FORWARD).unwrap().values[0].to_string();
        assert_eq!(l.1[other.evidence[0].span.clone()].trim(), want);
    }
}

#[test]
fn x_inforce_fails_when_documents_in_force_do_not_follow_on() {
    let (last, mut this) = consecutive(3, Edition::E2021);
    let l = rendered(&last, 3);
    let row = t2::row::NORMATIVE_DOCUMENTS;
    let n = t2_value(&this, row, t2::col::IN_FORCE).unwrap();
    set_t2(&mut this, row, t2::col::IN_FORCE, n + 5);
    let t = rendered(&this, 4);
    let found = pair_findings(&l, &t);
    let f = assessable(&found, "X-INFORCE");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].finding.cells[0], "table2.normative_documents.in_force");
    assert_eq!(
        f[0].others[0].cells,
        ["table2.normative_documents.in_force"]
    );
    // Not assessable across editions.
    let last19 = rendered(&generate(5, 2022, Edition::E2019), 5);
    let found = pair_findings(&last19, &t);
    assert!(assessable(&found, "X-INFORCE").is_empty());
    assert!(
        found
            .iter()
            .any(|f| f.finding.rule == "X-INFORCE" && !f.finding.assessable)
    );
}

#[test]
fn x_prevcount_on_the_2019_edition() {
    let (last, mut this) = consecutive(11, Edition::E2019);
    let l = rendered(&last, 11);
    let t = rendered(&this, 12);
    let found = pair_findings(&l, &t);
    assert!(
        !found.iter().any(|f| f.finding.rule == "X-PREVCOUNT"),
        "{found:#?}"
    );
    let n = t2_value(&this, t2::row::LICENSING, t2::col::PREV_COUNT).unwrap();
    set_t2(&mut this, t2::row::LICENSING, t2::col::PREV_COUNT, n + 2);
    let t = rendered(&this, 12);
    let found = pair_findings(&l, &t);
    let f = assessable(&found, "X-PREVCOUNT");
    assert_eq!(f.len(), 1, "{found:#?}");
    assert_eq!(f[0].finding.cells, ["table2.licensing.prev_count"]);
    assert_eq!(
        f[0].others[0].cells,
        ["table2.licensing.prev_count", "table2.licensing.change"]
    );
}

#[test]
fn x_copy_every_table_value_equal_to_last_years() {
    // A report re-published the next year with only the year changed.
    let (last, this) = consecutive(2, Edition::E2021);
    let mut copy = last.clone();
    copy.year = 2023;
    let l = rendered(&last, 2);
    let c = rendered(&copy, 9);
    let found = pair_findings(&l, &c);
    let f = assessable(&found, "X-COPY");
    assert!(
        f.iter()
            .any(|f| matches!(f.detail, Detail::SameTables { .. })),
        "{found:#?}"
    );
    // The honest next year does not have all values equal.
    let t = rendered(&this, 3);
    let found = pair_findings(&l, &t);
    assert!(
        !found
            .iter()
            .any(|f| matches!(f.detail, Detail::SameTables { .. }))
    );
}

// ---- prose with known overlap ------------------------------------------------------------

fn prose_doc(paragraphs: &[String]) -> String {
    let mut s = String::from("某镇人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n");
    for p in paragraphs {
        s.push_str(p);
        s.push('\n');
    }
    s
}

/// A paragraph copied with edits: a name replaced, a number inserted, a word dropped.
fn edited(p: &str) -> String {
    let mut s = p.replacen("工作", "工作3项", 1);
    if let Some(i) = s.find("公开") {
        s.replace_range(i..i + "公开".len(), "");
    }
    format!("青山镇{s}")
}

#[test]
fn repeated_share_measures_known_overlap() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let mut worst: f64 = 0.0;
    for &share in &[0.0, 0.25, 0.5, 0.75, 1.0] {
        for _ in 0..4 {
            let old: Vec<String> = (0..8).map(|_| paragraph(&mut rng)).collect();
            let k = (share * 8.0) as usize;
            let new: Vec<String> = (0..8)
                .map(|i| {
                    if i < k {
                        old[i].clone()
                    } else {
                        paragraph(&mut rng)
                    }
                })
                .collect();
            let (l, t) = (prose_doc(&old), prose_doc(&new));
            let (lr, tr) = (parse(&l).0, parse(&t).0);
            let (got, passages) =
                repeated_share(&Doc::new(&tr, &t), &Doc::new(&lr, &l), 0, 100).unwrap();
            worst = worst.max((got - share).abs());
            assert!(passages.len() >= k);
            for p in &passages {
                // Side by side: the same folded text on both sides.
                let a = crate::prose::fold(&t[p.this.clone()], 0);
                let b = crate::prose::fold(&l[p.other.clone()], 0);
                assert_eq!(
                    a.iter().map(|c| c.0).collect::<String>(),
                    b.iter().map(|c| c.0).collect::<String>()
                );
            }
        }
    }
    assert!(worst < 0.08, "share off by {worst}");
}

#[test]
fn x_copy_on_a_real_report_republished_with_the_year_changed() {
    // Real: the Shanghai commission's 2024 report. Failing fixture: the same text given as
    // last year's with 2024 written 2023 (the classic re-publication); passing: a different
    // body's real report of 2023 (Pingtan).
    let this_text = include_str!("../../../fixtures/corpus/docs/sh2024_kewei.md");
    let this = parse(this_text);
    let last = parse(&this_text.replace("2024", "2023"));
    let found = pair_findings(&last, &this);
    let f = assessable(&found, "X-COPY");
    let share = f.iter().find_map(|f| match &f.detail {
        Detail::Copy { share, .. } => Some(*share),
        _ => None,
    });
    assert!(share.is_some_and(|s| s > 0.95), "{found:#?}");
    let other = parse(include_str!(
        "../../../fixtures/corpus/docs/pingtan2023.txt"
    ));
    let (share, _) = repeated_share(
        &Doc::new(&this.0, &this.1),
        &Doc::new(&other.0, &other.1),
        0,
        100,
    )
    .unwrap();
    assert!(share < 0.1, "{share}");
    let found = pair_findings(&other, &this);
    assert!(assessable(&found, "X-COPY").is_empty(), "{found:#?}");
}

#[test]
fn pingtan_four_years_apart_repeats_some_prose() {
    // Real: one body's reports of 2019 and 2023, for the record (not consecutive, so not
    // an X-COPY pair): how much of 2023's prose is 2019's.
    let a = parse(include_str!(
        "../../../fixtures/corpus/docs/pingtan2019.txt"
    ));
    let b = parse(include_str!(
        "../../../fixtures/corpus/docs/pingtan2023.txt"
    ));
    let (share, _) = repeated_share(&Doc::new(&b.0, &b.1), &Doc::new(&a.0, &a.1), 0, 100).unwrap();
    assert!((0.0..0.5).contains(&share), "{share}");
    assert!(matches!(
        check_pair(
            &Doc::new(&a.0, &a.1),
            &Doc::new(&b.0, &b.1),
            &Options::default()
        ),
        Err(PairError::NotConsecutive {
            last: 2019,
            this: 2023
        })
    ));
}

// ---- batches ---------------------------------------------------------------------------

const STREETS: &[&str] = &[
    "北京市朝阳区建外街道",
    "北京市朝阳区朝外街道",
    "北京市朝阳区呼家楼街道",
    "北京市朝阳区三里屯街道",
    "北京市朝阳区左家庄街道",
    "北京市朝阳区香河园街道",
    "北京市朝阳区和平街街道",
    "北京市朝阳区安贞街道",
    "北京市朝阳区亚运村街道",
    "北京市朝阳区小关街道",
    "北京市朝阳区酒仙桥街道",
];

#[test]
fn pairs_by_identity_and_consecutive_year() {
    let ids: Vec<Identity> = STREETS[..2].iter().map(|n| identity(n)).collect();
    let mut reports = Vec::new();
    for (b, y) in [
        (0, 2022),
        (0, 2023),
        (1, 2023),
        (1, 2021),
        (0, 2024),
        (0, 2024),
    ] {
        let mut r = Report::new(Source::default());
        r.meta.year = Some(gongkai_report::Located {
            value: y,
            span: 0..0,
            line: 1,
        });
        reports.push((b, r));
    }
    let docs: Vec<Doc> = reports
        .iter()
        .map(|(b, r)| Doc::new(r, "").with_body(&ids[*b]))
        .collect();
    // 2022→2023 of body 0; body 1 has no consecutive years; 2024 twice is not paired.
    assert_eq!(pairs(&docs), [(0, 1)]);
    assert!(matches!(
        check_pair(&docs[0], &docs[2], &Options::default()),
        Err(PairError::DifferentBodies { .. })
    ));
}

#[test]
fn c_copy_finds_near_copied_townships_not_shared_templates() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let ids: Vec<Identity> = STREETS.iter().map(|n| identity(n)).collect();
    let template = "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，按照上级关于政务公开工作的部署要求，扎实推进各项工作落地见效，不断提升政务公开质量和实效。".to_owned();
    let mut texts: Vec<String> = Vec::new();
    let mut own: Vec<Vec<String>> = Vec::new();
    for _ in 0..ids.len() {
        let mut ps: Vec<String> = (0..6).map(|_| paragraph(&mut rng)).collect();
        ps.insert(0, template.clone());
        own.push(ps);
    }
    // Street 1 copied four of street 0's six paragraphs, with edits.
    for i in 1..5 {
        own[1][i] = edited(&own[0][i]);
    }
    for ps in &own {
        texts.push(prose_doc(ps));
    }
    let parsed: Vec<(Report, String)> = texts.iter().map(|t| parse(t)).collect();
    let docs: Vec<Doc> = parsed
        .iter()
        .zip(&ids)
        .map(|((r, t), id)| Doc::new(r, t).with_body(id))
        .collect();
    let opts = Options {
        boilerplate_min_bodies: 5,
        ..Options::default()
    };
    let result = check_batch(&docs, &opts);
    let copy: Vec<_> = result
        .findings
        .iter()
        .filter(|f| f.finding.rule == "C-COPY")
        .collect();
    let flagged: Vec<usize> = copy.iter().map(|f| f.doc).collect();
    assert_eq!(flagged, [0, 1], "{copy:#?}");
    assert_eq!(copy[0].others[0].doc, 1);
    // Clusters: the four copied paragraphs, each shared by streets 0 and 1; the template
    // shared by all eleven is boilerplate and not listed.
    assert_eq!(result.clusters.len(), 4, "{:#?}", result.clusters);
    for c in &result.clusters {
        let docs: Vec<usize> = c.members.iter().map(|m| m.doc).collect();
        assert_eq!(docs, [0, 1]);
    }
    // Below the threshold: street 2 copied one paragraph of seven.
    let mut own2 = own.clone();
    own2[1] = std::iter::once(template.clone())
        .chain((0..6).map(|_| paragraph(&mut rng)))
        .collect();
    own2[2][3] = edited(&own[0][3]);
    let parsed: Vec<(Report, String)> = own2.iter().map(|p| parse(&prose_doc(p))).collect();
    let docs: Vec<Doc> = parsed
        .iter()
        .zip(&ids)
        .map(|((r, t), id)| Doc::new(r, t).with_body(id))
        .collect();
    let result = check_batch(&docs, &opts);
    assert!(
        result
            .clusters
            .iter()
            .any(|c| c.members.iter().any(|m| m.doc == 2))
    );
    assert!(
        !result
            .findings
            .iter()
            .any(|f| f.finding.rule == "C-COPY" && f.doc == 2)
    );
}

fn with_cell(r: &mut Report, table: gongkai_format::TableId, row: &str, col: &str, v: i64) {
    let t = r.table_mut(table);
    if let Some(c) = t
        .rows
        .iter_mut()
        .find(|x| x.key == row)
        .and_then(|x| x.cells.iter_mut().find(|c| c.col == col))
    {
        c.value = Num::Int(v);
    }
}

#[test]
fn c_outlier_against_comparable_bodies() {
    let ids: Vec<Identity> = STREETS.iter().map(|n| identity(n)).collect();
    let base = rendered(&generate(1, 2023, Edition::E2021), 1);
    let mut reports: Vec<Report> = Vec::new();
    for i in 0..ids.len() {
        let mut r = base.0.clone();
        r.meta.year = Some(gongkai_report::Located {
            value: 2023,
            span: 0..0,
            line: 1,
        });
        let v = [0, 1, 2, 3, 0, 5, 2, 1, 4, 2, 3][i];
        with_cell(
            &mut r,
            gongkai_format::TableId::Table3,
            t3::row::NEW_RECEIVED,
            t3::col::TOTAL,
            v,
        );
        reports.push(r);
    }
    let docs: Vec<Doc> = reports
        .iter()
        .zip(&ids)
        .map(|(r, id)| Doc::new(r, &base.1).with_body(id))
        .collect();
    let outliers = |docs: &[Doc]| -> Vec<CrossFinding> {
        check_batch(docs, &Options::default())
            .findings
            .into_iter()
            .filter(|f| {
                f.finding.rule == "C-OUTLIER" && f.finding.cells[0] == "table3.new_received.total"
            })
            .collect()
    };
    assert!(outliers(&docs).is_empty());
    with_cell(
        &mut reports[4],
        gongkai_format::TableId::Table3,
        t3::row::NEW_RECEIVED,
        t3::col::TOTAL,
        400,
    );
    let docs: Vec<Doc> = reports
        .iter()
        .zip(&ids)
        .map(|(r, id)| Doc::new(r, &base.1).with_body(id))
        .collect();
    let found = outliers(&docs);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].doc, 4);
    let Detail::Outlier(d) = &found[0].detail else {
        panic!("{found:#?}")
    };
    assert_eq!(d.n, 11);
    assert_eq!(d.median, 2.0);
    assert!(d.fence < 400.0 && d.fence > 5.0, "{d:?}");
}

#[test]
fn r_summary_against_the_parts_in_the_batch() {
    let gov = identity("北京市朝阳区人民政府");
    let parts: Vec<Identity> = STREETS[..3].iter().map(|n| identity(n)).collect();
    let year = |r: &mut Report, y: i32| {
        r.meta.year = Some(gongkai_report::Located {
            value: y,
            span: 0..0,
            line: 1,
        });
    };
    let part_reports: Vec<(Report, String)> = (0..3)
        .map(|i| {
            let mut p = rendered(&generate(30 + i, 2023, Edition::E2021), 30 + i);
            year(&mut p.0, 2023);
            p
        })
        .collect();
    // The summary's table 3 is the sum of the parts.
    let mut sum = generate(30, 2023, Edition::E2021);
    sum.org = "北京市朝阳区人民政府".to_owned();
    for row in &mut sum.table3 {
        for c in 0..7 {
            row.values[c] = (0..3)
                .map(|i| {
                    generate(30 + i, 2023, Edition::E2021)
                        .t3_row(row.key)
                        .unwrap()
                        .values[c]
                })
                .sum();
        }
    }
    let mut rng = rng_for(99, "render");
    let text = render(&sum, Layout::Markdown, &mut rng).replacen(
        "一、总体情况",
        "一、总体情况\n本报告统计数据为全区汇总数据。",
        1,
    );
    let (mut summary, stext) = parse(&text);
    year(&mut summary, 2023);
    // Street 3 reported in 2022 but not in 2023: missing.
    let mut old = rendered(&generate(40, 2022, Edition::E2021), 40);
    year(&mut old.0, 2022);
    let other = identity(STREETS[3]);
    let mut docs: Vec<Doc> = vec![Doc::new(&summary, &stext).with_body(&gov)];
    for (p, id) in part_reports.iter().zip(&parts) {
        docs.push(Doc::new(&p.0, &p.1).with_body(id));
    }
    let only = |docs: &[Doc]| -> Vec<CrossFinding> {
        check_batch(docs, &Options::default())
            .findings
            .into_iter()
            .filter(|f| f.finding.rule == "R-SUMMARY")
            .collect()
    };
    assert!(only(&docs).is_empty(), "{:#?}", only(&docs));
    docs.push(Doc::new(&old.0, &old.1).with_body(&other));
    let found = only(&docs);
    assert_eq!(found.len(), 1);
    let Detail::Summary {
        diffs,
        missing,
        parts,
    } = &found[0].detail
    else {
        panic!()
    };
    assert!(diffs.is_empty());
    assert_eq!(parts, &[1, 2, 3]);
    assert_eq!(missing.len(), 1);
    // A cell that differs.
    docs.pop();
    let mut changed = summary.clone();
    let v = changed
        .table3
        .value(t3::row::NEW_RECEIVED, t3::col::TOTAL)
        .unwrap();
    with_cell(
        &mut changed,
        gongkai_format::TableId::Table3,
        t3::row::NEW_RECEIVED,
        t3::col::TOTAL,
        v.as_int().unwrap() + 3,
    );
    docs[0] = Doc::new(&changed, &stext).with_body(&gov);
    let found = only(&docs);
    let Detail::Summary { diffs, .. } = &found[0].detail else {
        panic!()
    };
    assert_eq!(diffs.len(), 1);
    assert_eq!(diffs[0].cell, "table3.new_received.total");
    assert_eq!(diffs[0].summary - diffs[0].parts, 3.0);
    assert_eq!(found[0].others.len(), 3);
    // Without a claim to sum up the region, nothing is compared.
    let (plain, ptext) = parse(&render(&sum, Layout::Markdown, &mut rng_for(99, "render")));
    let mut plain = plain;
    year(&mut plain, 2023);
    docs[0] = Doc::new(&plain, &ptext).with_body(&gov);
    assert!(only(&docs).is_empty());
}

#[test]
fn x_copy_ignores_tables_of_zeros_repeated_by_an_idle_township() {
    let mut last = generate(8, 2022, Edition::E2021);
    for row in &mut last.table3 {
        row.values = [0; 7];
    }
    for v in last
        .table2
        .rows
        .iter_mut()
        .flat_map(|r| r.values.iter_mut())
    {
        v.1.n = 0;
    }
    last.table4 = [[0; 5]; 3];
    let mut this = last.clone();
    this.year = 2023;
    let found = pair_findings(&rendered(&last, 8), &rendered(&this, 9));
    assert!(
        !found
            .iter()
            .any(|f| matches!(f.detail, Detail::SameTables { .. })),
        "{found:#?}"
    );
}
