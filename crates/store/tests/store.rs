//! The store's suite. Runs on an in-memory SQLite store, and on PostgreSQL when
//! `GONGKAI_TEST_PG` holds a server URL (`scripts/pg.sh` starts one; `scripts/test.sh` runs
//! this suite both ways): each test then gets a database of its own.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_bodies::{Context, Divisions, Resolver};
use gongkai_format::{CellRef, Edition, TableId};
use gongkai_ledger::{
    ApplicantKind, Case, Change, Channel, Consultation, ConsultationKind, Correction, Fee, Ledger,
    Outcome, Proceeding, ProceedingCase, ProceedingResult, Reply, Table2Figures,
};
use gongkai_report::{Num, Report, report_json};
use gongkai_store::export::{CsvWriter, ExportError, FLAT_COLUMNS, read_csv, read_csv_numbered};
use gongkai_store::flat::{FLAT_FORMAT, rebuild};
use gongkai_store::{
    AddOptions, Added, BatchId, BatchInfo, BodyRecord, Failed, Item, LedgerRecord, Parsed, RankBy,
    Selection, Store, rates,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

static DB: AtomicUsize = AtomicUsize::new(0);

/// A fresh store: in-memory SQLite, or a new database on the PostgreSQL server.
fn store() -> Store {
    Store::open(&fresh_url(":memory:")).unwrap()
}

/// The URL of a new, empty database on the PostgreSQL server, else `sqlite`.
fn fresh_url(sqlite: &str) -> String {
    match std::env::var("GONGKAI_TEST_PG") {
        Ok(url) if !url.is_empty() => {
            let name = format!(
                "gk_test_{}_{}",
                std::process::id(),
                DB.fetch_add(1, Ordering::SeqCst)
            );
            let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("GONGKAI_TEST_PG");
            c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                .unwrap();
            c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
            let (base, query) = match url.split_once('?') {
                Some((b, q)) => (b.to_owned(), format!("?{q}")),
                None => (url.clone(), String::new()),
            };
            let base = match base.rsplit_once('/') {
                Some((host, db)) if !host.ends_with('/') && !db.contains('@') => host.to_owned(),
                _ => base,
            };
            format!("{base}/{name}{query}")
        }
        _ => sqlite.to_owned(),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn batch(s: &mut Store) -> BatchId {
    s.begin_batch(&BatchInfo {
        started_at: "2026-03-01T09:00:00Z".into(),
        tool: "gongkai test".into(),
        catalogue: "test-catalogue".into(),
    })
    .unwrap()
}

/// Read bytes as `check` and `ingest` do (the pipeline: hash → decode → extract → check), and
/// resolve the body.
fn parse(path: &str, bytes: &[u8]) -> Parsed {
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    let opts = gongkai_pipeline::Options {
        keep_text: true,
        ..Default::default()
    };
    let p = gongkai_pipeline::process_bytes(path, bytes.to_vec(), &opts)
        .result
        .unwrap();
    let report = p.report;
    let body = report.meta.org.as_ref().map(|o| {
        let mut ctx = Context::new().source(path);
        if let Some(t) = &report.meta.title {
            ctx = ctx.title(t.value.clone());
        }
        BodyRecord::from_resolution(&resolver.resolve(&o.value, &ctx), report.meta.body_kind)
    });
    Parsed {
        report,
        text: p.text.unwrap_or_default(),
        body,
    }
}

fn item(path: &str, bytes: &[u8]) -> Item {
    Item {
        path: path.into(),
        result: Ok(parse(path, bytes)),
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(root().join("fixtures/corpus/docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    v.sort();
    v
}

/// The report's JSON without its findings (those come back as stored findings).
fn without_findings(r: &Report) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&report_json(r)).unwrap();
    v.as_object_mut().unwrap().remove("findings");
    v
}

#[test]
fn corpus_round_trip_and_second_ingest_adds_nothing() {
    let mut s = store();
    let b = batch(&mut s);
    let items: Vec<Item> = corpus().iter().map(|(p, bytes)| item(p, bytes)).collect();
    let added = s.add(b, &items, AddOptions::default()).unwrap();
    assert!(
        added.iter().all(|a| matches!(a, Added::New { .. })),
        "{added:?}"
    );
    for (a, it) in added.iter().zip(&items) {
        let Added::New { report } = a else {
            unreachable!()
        };
        let back = s.report(*report).unwrap().unwrap();
        let orig = &it.result.as_ref().unwrap().report;
        assert_eq!(
            without_findings(&back.report),
            without_findings(orig),
            "{}",
            it.path
        );
        // Rows keep their labels' places.
        for t in orig.tables() {
            for row in &t.rows {
                let got = back.report.table(t.id).row(row.key).unwrap();
                assert_eq!(got.label, row.label, "{} {}", it.path, row.key);
            }
        }
        assert_eq!(back.findings.len(), orig.findings.len());
        for (f, g) in orig.findings.iter().zip(&back.findings) {
            assert_eq!(
                (
                    f.rule,
                    f.severity,
                    f.assessable,
                    &f.message,
                    &f.cells,
                    &f.evidence,
                    &f.help
                ),
                (
                    g.rule.as_str(),
                    g.severity,
                    g.assessable,
                    &g.message,
                    &g.cells,
                    &g.evidence,
                    &g.help
                )
            );
        }
        assert_eq!(back.catalogue, "test-catalogue");
        let text = s.source_text(*report).unwrap().unwrap();
        assert_eq!(text, it.result.as_ref().unwrap().text);
    }
    // The same files again, in another batch: nothing new.
    let b2 = batch(&mut s);
    let again = s.add(b2, &items, AddOptions::default()).unwrap();
    assert!(again.iter().all(|a| *a == Added::Unchanged), "{again:?}");
    assert_eq!(s.verify().unwrap(), Vec::<String>::new());
    assert_eq!(
        s.list(&Selection {
            all_versions: true,
            ..Selection::default()
        })
        .unwrap()
        .len(),
        items.len()
    );
}

#[test]
fn flat_export_reads_back_to_every_cell() {
    let mut s = store();
    let b = batch(&mut s);
    let items: Vec<Item> = corpus().iter().map(|(p, bytes)| item(p, bytes)).collect();
    s.add(b, &items, AddOptions::default()).unwrap();
    let ids = s.report_ids(&Selection::default(), 0, 1000).unwrap();
    let rows = s.flat_rows(&ids).unwrap();
    let mut buf = Vec::new();
    let mut w = CsvWriter::new(&mut buf).unwrap();
    for r in &rows {
        w.write(r).unwrap();
    }
    w.finish().unwrap();
    assert!(buf.starts_with(b"\xEF\xBB\xBF"));
    let header = std::str::from_utf8(&buf[3..])
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(header, FLAT_COLUMNS.join(","));
    let back = read_csv(&buf[..]).unwrap();
    assert_eq!(back, rows);
    // Every cell of every report, as the reader gave it.
    let mut n = 0;
    for it in &items {
        let r = &it.result.as_ref().unwrap().report;
        for t in r.tables() {
            for row in &t.rows {
                for c in &row.cells {
                    let got: Vec<_> = back
                        .iter()
                        .filter(|f| {
                            f.source_sha256 == r.source.sha256
                                && f.table == t.id.key()
                                && f.row == row.key
                                && f.col == c.col
                        })
                        .collect();
                    assert_eq!(got.len(), 1, "{} {}.{}", it.path, row.key, c.col);
                    assert!(
                        got[0].value.same(c.value)
                            && got[0].blank == c.blank
                            && got[0].line == c.line
                    );
                    n += 1;
                }
            }
        }
    }
    assert_eq!(n, back.len());
}

/// The store's current reports as a flat CSV.
fn flat_csv(s: &mut Store) -> Vec<u8> {
    let ids = s.report_ids(&Selection::default(), 0, 1000).unwrap();
    let mut buf = Vec::new();
    let mut w = CsvWriter::new(&mut buf).unwrap();
    for r in &s.flat_rows(&ids).unwrap() {
        w.write(r).unwrap();
    }
    w.finish().unwrap();
    buf
}

/// The items of a flat CSV's rebuilt reports, bodies resolved from the name and region.
fn flat_items(csv: &[u8]) -> Vec<Item> {
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    let rows = read_csv_numbered(csv).unwrap();
    rebuild(&rows, "flat.csv")
        .unwrap()
        .into_iter()
        .map(|rb| {
            let mut ctx = Context::new();
            if let Some(d) = rb
                .region_code
                .as_deref()
                .and_then(|c| resolver.divisions().by_code(c))
            {
                ctx = ctx.text(d.full_name());
            }
            let body = rb.report.meta.org.as_ref().map(|o| {
                BodyRecord::from_resolution(
                    &resolver.resolve(&o.value, &ctx),
                    rb.report.meta.body_kind,
                )
            });
            Item {
                path: format!("flat.csv:{}", rb.line),
                result: Ok(Parsed {
                    report: rb.report,
                    text: String::new(),
                    body,
                }),
            }
        })
        .collect()
}

#[test]
fn flat_table_reimports_to_the_same_reports() {
    let mut a = store();
    let b1 = batch(&mut a);
    let files: Vec<Item> = corpus().iter().map(|(p, bytes)| item(p, bytes)).collect();
    a.add(b1, &files, AddOptions::default()).unwrap();
    let csv = flat_csv(&mut a);

    // Into an empty store: the same reports (bodies, regions, kinds, years, editions, every
    // cell with value, blank marker and line), exported again byte for byte.
    let mut b = Store::open(&fresh_url(":memory:")).unwrap();
    let b2 = batch(&mut b);
    let items = flat_items(&csv);
    assert_eq!(items.len(), files.len());
    let added = b.add(b2, &items, AddOptions::default()).unwrap();
    assert!(
        added.iter().all(|a| matches!(a, Added::New { .. })),
        "{added:?}"
    );
    assert_eq!(flat_csv(&mut b), csv);
    let listed = b.list(&Selection::default()).unwrap();
    assert_eq!(listed.len(), files.len());
    let mut keys_a: Vec<_> = a
        .list(&Selection::default())
        .unwrap()
        .into_iter()
        .map(|r| (r.body_key, r.year))
        .collect();
    let mut keys_b: Vec<_> = listed.into_iter().map(|r| (r.body_key, r.year)).collect();
    keys_a.sort();
    keys_b.sort();
    assert_eq!(keys_a, keys_b, "the same body identities");

    // A second import adds nothing.
    let again = b.add(b2, &flat_items(&csv), AddOptions::default()).unwrap();
    assert!(again.iter().all(|a| *a == Added::Unchanged), "{again:?}");

    // The original files replace the rebuilt reports in place, with their text.
    let restored = b.add(b2, &files, AddOptions::default()).unwrap();
    assert!(
        restored.iter().all(|a| matches!(a, Added::Restored { .. })),
        "{restored:?}"
    );
    assert_eq!(flat_csv(&mut b), csv);
    let ids = b.report_ids(&Selection::default(), 0, 1000).unwrap();
    for id in ids {
        let sr = b.report(id).unwrap().unwrap();
        assert_ne!(sr.report.source.format, FLAT_FORMAT);
        assert!(!b.source_text(id).unwrap().unwrap().is_empty());
    }
    let mut errors_a: Vec<_> = a
        .list(&Selection::default())
        .unwrap()
        .into_iter()
        .map(|r| (r.sha256, r.errors, r.warnings))
        .collect();
    let mut errors_b: Vec<_> = b
        .list(&Selection::default())
        .unwrap()
        .into_iter()
        .map(|r| (r.sha256, r.errors, r.warnings))
        .collect();
    errors_a.sort();
    errors_b.sort();
    assert_eq!(errors_a, errors_b, "the findings of the files");
    // And the file again changes nothing.
    let same = b.add(b2, &files, AddOptions::default()).unwrap();
    assert!(same.iter().all(|a| *a == Added::Unchanged));
}

#[test]
fn a_bad_flat_table_names_its_line() {
    let mut a = store();
    let b1 = batch(&mut a);
    let files: Vec<Item> = corpus()
        .iter()
        .take(2)
        .map(|(p, bytes)| item(p, bytes))
        .collect();
    a.add(b1, &files, AddOptions::default()).unwrap();
    let csv = String::from_utf8(flat_csv(&mut a)).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    let err = |edit: &dyn Fn(&str) -> String, at: usize| {
        let mut l: Vec<String> = lines.iter().map(|s| (*s).to_owned()).collect();
        l[at] = edit(&l[at]);
        let text = l.join("\n");
        let rows = read_csv_numbered(text.as_bytes()).unwrap();
        match rebuild(&rows, "flat.csv") {
            Err(ExportError::BadFlat { line, detail }) => (line, detail),
            other => panic!("expected an error, got {:?}", other.map(|v| v.len())),
        }
    };
    // A cell key not in the format.
    let (line, detail) = err(
        &|s: &str| {
            let mut f: Vec<&str> = s.split(',').collect();
            f[5] = "table9";
            f.join(",")
        },
        5,
    );
    assert_eq!(line, 6);
    assert!(detail.contains("table9"), "{detail}");
    // Another year on a row of the same source.
    let (line, detail) = err(
        &|s: &str| {
            let mut f: Vec<&str> = s.split(',').collect();
            f[3] = "1999";
            f.join(",")
        },
        7,
    );
    assert_eq!(line, 8);
    assert!(
        detail.contains("year") && detail.contains("line 2"),
        "{detail}"
    );
    // A cell twice.
    let mut l: Vec<&str> = lines.clone();
    l.insert(4, lines[3]);
    let rows = read_csv_numbered(l.join("\n").as_bytes()).unwrap();
    assert!(matches!(
        rebuild(&rows, "f"),
        Err(ExportError::BadFlat { line: 5, .. })
    ));
    // Not a hash.
    let (_, detail) = err(
        &|s: &str| {
            let mut f: Vec<&str> = s.split(',').collect();
            f[10] = "abc";
            f.join(",")
        },
        2,
    );
    assert!(detail.contains("SHA-256"), "{detail}");
}

fn with_line(bytes: &[u8], line: &str) -> Vec<u8> {
    let mut v = bytes.to_vec();
    v.extend_from_slice(format!("\n{line}\n").as_bytes());
    v
}

#[test]
fn versions_newest_current_unless_kept() {
    let mut s = store();
    let (path, bytes) = corpus()
        .into_iter()
        .find(|(p, _)| p.contains("pingtan2023"))
        .unwrap();
    let b = batch(&mut s);
    let first = s
        .add(b, &[item(&path, &bytes)], AddOptions::default())
        .unwrap();
    let Added::New { report: r1 } = first[0] else {
        panic!("{first:?}")
    };
    let v2 = with_line(&bytes, "（更正版）");
    let second = s
        .add(b, &[item("v2.txt", &v2)], AddOptions::default())
        .unwrap();
    let Added::NewVersion {
        report: r2,
        version: 2,
        current: true,
    } = second[0]
    else {
        panic!("{second:?}")
    };
    let v3 = with_line(&bytes, "（第三版）");
    let keep = AddOptions { keep_current: true };
    let third = s.add(b, &[item("v3.txt", &v3)], keep).unwrap();
    assert!(
        matches!(
            third[0],
            Added::NewVersion {
                version: 3,
                current: false,
                ..
            }
        ),
        "{third:?}"
    );
    let listed = s.list(&Selection::default()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, r2);
    let body = s
        .find_bodies(listed[0].body_key.as_deref().unwrap())
        .unwrap();
    assert_eq!(body.len(), 1);
    let year = listed[0].year.unwrap();
    let versions = s.versions(body[0].id, year).unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(versions.iter().filter(|v| v.current).count(), 1);
    assert_eq!(
        s.report_of(body[0].id, year).unwrap().unwrap().summary.id,
        r2
    );
    assert!(versions.iter().any(|v| v.id == r1 && !v.current));
    // Two versions in one call: the later one wins.
    let mut s = store();
    let b = batch(&mut s);
    let out = s
        .add(
            b,
            &[item("a.txt", &bytes), item("b.txt", &v2)],
            AddOptions::default(),
        )
        .unwrap();
    assert!(matches!(
        out[1],
        Added::NewVersion {
            version: 2,
            current: true,
            ..
        }
    ));
}

#[test]
fn failures_are_recorded_retried_and_cleared() {
    let mut s = store();
    let b = batch(&mut s);
    let bad = Item {
        path: "broken.pdf".into(),
        result: Err(Failed {
            sha256: None,
            kind: "missing_tool".into(),
            message: "pdftotext not found".into(),
        }),
    };
    assert_eq!(
        s.add(b, std::slice::from_ref(&bad), AddOptions::default())
            .unwrap(),
        [Added::Failed]
    );
    assert_eq!(
        s.add(b, &[bad], AddOptions::default()).unwrap(),
        [Added::Failed]
    );
    let f = s.failures().unwrap();
    assert_eq!(
        (f.len(), f[0].attempts, f[0].kind.as_str()),
        (1, 2, "missing_tool")
    );
    let (_, bytes) = corpus().remove(0);
    let ok = s
        .add(b, &[item("broken.pdf", &bytes)], AddOptions::default())
        .unwrap();
    assert!(matches!(ok[0], Added::New { .. }));
    assert!(s.failures().unwrap().is_empty());
}

/// Reports for synthetic bodies, with known figures.
fn synthetic(n: u64) -> Vec<Item> {
    (0..n)
        .map(|seed| {
            let (_, text) = gongkai_synth::case(seed, gongkai_synth::Layout::Pipes);
            item(&format!("synth/{seed}.txt"), text.as_bytes())
        })
        .collect()
}

#[test]
fn stats_sum_every_cell_and_rates_are_pooled() {
    let mut s = store();
    let b = batch(&mut s);
    let items = synthetic(40);
    s.add(b, &items, AddOptions::default()).unwrap();
    let reports: Vec<&Report> = s
        .list(&Selection::default())
        .unwrap()
        .iter()
        .map(|l| {
            &items
                .iter()
                .find(|i| i.result.as_ref().unwrap().report.source.sha256 == l.sha256)
                .unwrap()
                .result
                .as_ref()
                .unwrap()
                .report
        })
        .collect();
    let year = reports[0].meta.year.as_ref().unwrap().value;
    let sel = Selection {
        year: Some(year),
        ..Selection::default()
    };
    let st = s.stats(&sel).unwrap();
    let in_year: Vec<&&Report> = reports
        .iter()
        .filter(|r| r.meta.year.as_ref().unwrap().value == year)
        .collect();
    assert_eq!(st.reports, in_year.len());
    for key in ["new_received", "total", "granted"] {
        let cell = CellRef {
            table: TableId::Table3,
            row: key,
            col: "total",
        };
        let want: Vec<Num> = in_year
            .iter()
            .filter_map(|r| r.cell(&cell).map(|c| c.value))
            .collect();
        let got = st
            .cells
            .iter()
            .find(|c| c.key.to_string() == cell.to_string())
            .unwrap();
        assert!(got.sum.same(Num::sum(want.iter().copied())), "{cell}");
        assert_eq!(got.reports, want.len());
    }
    let d = st
        .rates
        .iter()
        .find(|r| r.rate.name == "disclosure_rate")
        .unwrap();
    let (mut num, mut den) = (0.0, 0.0);
    for r in &in_year {
        let v = |row| r.table3.value(row, "total").map(Num::as_f64);
        if let (Some(g), Some(p), Some(t)) = (v("granted"), v("partial"), v("total"))
            && t > 0.0
        {
            num += g + p;
            den += t;
        }
    }
    assert!((d.numerator - num).abs() < 1e-9 && (d.denominator - den).abs() < 1e-9);
    // Ranking by a rate: highest first, each value its parts' quotient.
    let rate = rates::rate("disclosure_rate").unwrap();
    let ranked = s.rank(&sel, &RankBy::Rate(rate)).unwrap();
    assert!(!ranked.is_empty());
    assert!(ranked.windows(2).all(|w| w[0].value >= w[1].value));
    for r in &ranked {
        let (n, d) = r.parts.unwrap();
        assert!((r.value - n / d).abs() < 1e-12);
    }
    let by_cell = s
        .rank(
            &sel,
            &RankBy::Cell(CellRef {
                table: TableId::Table3,
                row: "new_received",
                col: "total",
            }),
        )
        .unwrap();
    assert_eq!(by_cell.len(), in_year.len());
}

#[test]
fn list_and_missing_select_by_year_kind_and_region() {
    let mut s = store();
    let b = batch(&mut s);
    let items = synthetic(30);
    s.add(b, &items, AddOptions::default()).unwrap();
    let all = s.list(&Selection::default()).unwrap();
    assert_eq!(all.len(), 30);
    let years: std::collections::BTreeSet<i32> = all.iter().filter_map(|r| r.year).collect();
    let y = *years.iter().next().unwrap();
    let in_y = s
        .list(&Selection {
            year: Some(y),
            ..Selection::default()
        })
        .unwrap();
    assert_eq!(in_y.len(), all.iter().filter(|r| r.year == Some(y)).count());
    let kind = gongkai_report::BodyKind::Township;
    let towns = s
        .list(&Selection {
            kind: Some(kind),
            ..Selection::default()
        })
        .unwrap();
    assert_eq!(
        towns.len(),
        all.iter()
            .filter(|r| r.kind.as_deref() == Some("township"))
            .count()
    );
    // Missing: a body that published in an earlier year and not in the last.
    let last = *years.iter().last().unwrap();
    let missing = s
        .missing(
            &Selection {
                year: Some(last),
                ..Selection::default()
            },
            &[],
        )
        .unwrap();
    for m in &missing {
        assert!(m.last_year.unwrap() < last);
        assert!(
            !all.iter()
                .any(|r| r.body_key.as_deref() == Some(&m.record.key) && r.year == Some(last))
        );
    }
    let want = all
        .iter()
        .filter(|r| r.year.is_some_and(|y| y < last))
        .filter_map(|r| r.body_key.clone())
        .filter(|k| {
            !all.iter()
                .any(|r| r.body_key.as_deref() == Some(k) && r.year == Some(last))
        })
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(missing.len(), want.len());
    // A mapping-file body that never reported is missing too.
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    let mapped = BodyRecord::from_resolution(
        &resolver.resolve("北京市朝阳区教育委员会", &Context::new()),
        None,
    );
    let m = s
        .missing(
            &Selection {
                year: Some(last),
                ..Selection::default()
            },
            std::slice::from_ref(&mapped),
        )
        .unwrap();
    assert!(
        m.iter()
            .any(|x| x.record.key == mapped.key && x.last_year.is_none())
    );
    // Region: a real body, by its county's prefix and its province's.
    let (p, bytes) = corpus()
        .into_iter()
        .find(|(p, _)| p.contains("sh2024"))
        .unwrap();
    s.add(b, &[item(&p, &bytes)], AddOptions::default())
        .unwrap();
    let sh = s
        .list(&Selection {
            region: Some("31".into()),
            ..Selection::default()
        })
        .unwrap();
    assert_eq!(sh.len(), 1, "{sh:?}");
    assert!(
        s.list(&Selection {
            region: Some("11".into()),
            ..Selection::default()
        })
        .unwrap()
        .is_empty()
    );
}

#[test]
fn bodies_are_found_by_part_of_a_name() {
    let mut s = store();
    let b = batch(&mut s);
    s.add(
        b,
        &corpus().iter().map(|(p, x)| item(p, x)).collect::<Vec<_>>(),
        AddOptions::default(),
    )
    .unwrap();
    let all = s.find_bodies("").unwrap();
    assert!(all.len() > 1);
    let one = &all[0];
    let exact = s.find_bodies(&one.record.key).unwrap();
    assert_eq!(exact.len(), 1);
    assert!(!exact[0].years.is_empty());
    assert!(s.find_bodies("没有这个机关").unwrap().is_empty());
    let part: String = one.record.name.chars().skip(1).take(3).collect();
    assert!(s.find_bodies(&part).unwrap().iter().any(|b| b.id == one.id));
}

fn d(y: i16, m: i8, day: i8) -> jiff::civil::Date {
    jiff::civil::date(y, m, day)
}

#[test]
fn ledger_round_trip() {
    let mut s = store();
    let resolver = Resolver::new(Divisions::embedded().unwrap());
    let body = BodyRecord::from_resolution(
        &resolver.resolve("北京市朝阳区人民政府", &Context::new()),
        None,
    );
    assert!(s.load_ledger(&body.key).unwrap().is_none());
    let person = ApplicantKind::from_key("natural_person").unwrap();
    let mut a = Case::new("2024-001", d(2024, 3, 1), Channel::Online, person);
    a.request = "某地块规划".into();
    a.correction = Some(Correction {
        requested: d(2024, 3, 4),
        received: Some(d(2024, 3, 8)),
    });
    a.consultations = vec![
        Consultation {
            kind: Some(ConsultationKind::ThirdParty),
            sent: d(2024, 3, 10),
            answered: Some(d(2024, 3, 20)),
        },
        Consultation {
            kind: None,
            sent: d(2024, 3, 11),
            answered: None,
        },
    ];
    a.extension = Some(gongkai_ledger::Extension { approved: None });
    a.fee = Some(Fee {
        amount_fen: 1250,
        notified: Some(d(2024, 3, 25)),
        paid: None,
    });
    a.reply = Some(Reply {
        date: d(2024, 4, 10),
        outcome: Outcome::from_key("granted").unwrap(),
    });
    let b = Case::new(
        "2024-002",
        d(2024, 12, 30),
        Channel::Post,
        ApplicantKind::from_key("commercial").unwrap(),
    );
    let mut ledger = Ledger::new();
    ledger.add(a.clone()).unwrap();
    ledger.add(b.clone()).unwrap();
    let at: jiff::Timestamp = "2025-01-20T08:00:00Z".parse().unwrap();
    ledger.lock(2024, "张三", at).unwrap();
    let mut b2 = b.clone();
    b2.reply = Some(Reply {
        date: d(2025, 1, 10),
        outcome: Outcome::from_key("partial").unwrap(),
    });
    ledger
        .amend(Change::Update(b2), "李四", at, "补录答复")
        .unwrap();
    let mut t2 = Table2Figures::new(2024, Edition::E2021);
    t2.set("regulations", "issued", Num::Int(2)).unwrap();
    t2.set("fees", "amount", Num::Dec(0.0125)).unwrap();
    let rec = LedgerRecord {
        ledger,
        proceedings: vec![ProceedingCase {
            id: "复议-1".into(),
            kind: Proceeding::from_key("review").unwrap(),
            filed: d(2024, 5, 1),
            decided: Some((
                d(2024, 7, 1),
                ProceedingResult::from_key("corrected").unwrap(),
            )),
            application: Some("2024-001".into()),
        }],
        table2: vec![t2],
    };
    s.save_ledger(&body, &rec).unwrap();
    assert_eq!(s.load_ledger(&body.key).unwrap().unwrap(), rec);
    // Saving again replaces.
    let mut smaller = rec.clone();
    smaller.proceedings.clear();
    s.save_ledger(&body, &smaller).unwrap();
    assert_eq!(s.load_ledger(&body.key).unwrap().unwrap(), smaller);
}

#[test]
fn a_failed_transaction_leaves_nothing_behind() {
    let mut s = store();
    let b = batch(&mut s);
    let (p, bytes) = corpus().remove(0);
    let mut good = item(&p, &bytes);
    // A report whose source claims a hash already used by a different report of this call
    // cannot break the store: the duplicate is "unchanged".
    let dup = good.clone();
    let out = s
        .add(b, &[good.clone(), dup], AddOptions::default())
        .unwrap();
    assert_eq!(out[1], Added::Unchanged);
    // A batch id that does not exist violates a foreign key: the whole call is rolled back.
    if let Ok(p) = &mut good.result {
        p.report.source.sha256 = "f".repeat(64);
    }
    assert!(
        s.add(BatchId(999_999), &[good], AddOptions::default())
            .is_err()
    );
    let all = Selection {
        all_versions: true,
        ..Selection::default()
    };
    assert_eq!(s.list(&all).unwrap().len(), 1);
    assert!(s.known_sources(&[&"f".repeat(64)]).unwrap().is_empty());
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_reads_back() {
    use arrow_array::{Array, BooleanArray, Float64Array, StringArray, UInt32Array};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let mut s = store();
    let b = batch(&mut s);
    let items: Vec<Item> = corpus().iter().map(|(p, bytes)| item(p, bytes)).collect();
    s.add(b, &items, AddOptions::default()).unwrap();
    let ids = s.report_ids(&Selection::default(), 0, 1000).unwrap();
    let rows = s.flat_rows(&ids).unwrap();
    let path = std::env::temp_dir().join(format!("gongkai-flat-{}.parquet", std::process::id()));
    let mut w =
        gongkai_store::export::ParquetWriter::new(std::fs::File::create(&path).unwrap()).unwrap();
    for r in &rows {
        w.write(r).unwrap();
    }
    w.finish().unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut n = 0;
    for batch in reader {
        let batch = batch.unwrap();
        let names: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names, FLAT_COLUMNS);
        let col = |i: usize| batch.column(i).clone();
        let sha = col(10);
        let sha = sha.as_any().downcast_ref::<StringArray>().unwrap();
        let value = col(8);
        let value = value.as_any().downcast_ref::<Float64Array>().unwrap();
        let blank = col(9);
        let blank = blank.as_any().downcast_ref::<BooleanArray>().unwrap();
        let line = col(11);
        let line = line.as_any().downcast_ref::<UInt32Array>().unwrap();
        let row_key = col(6);
        let row_key = row_key.as_any().downcast_ref::<StringArray>().unwrap();
        for i in 0..batch.num_rows() {
            let r = &rows[n];
            assert_eq!(sha.value(i), r.source_sha256);
            assert_eq!(row_key.value(i), r.row);
            assert!((value.value(i) - r.value.as_f64()).abs() < 1e-12);
            assert_eq!((blank.value(i), line.value(i)), (r.blank, r.line));
            n += 1;
        }
        assert!(!sha.is_empty());
    }
    assert_eq!(n, rows.len());
    let _ = std::fs::remove_file(&path);
}

#[test]
fn verify_finds_a_report_that_is_not_whole() {
    // An SQLite file, so that a second connection can break it behind the store's back.
    let dir = std::env::temp_dir().join(format!("gk-verify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.db");
    let mut s = Store::open(path.to_str().unwrap()).unwrap();
    let b = batch(&mut s);
    let items: Vec<Item> = corpus()
        .iter()
        .take(3)
        .map(|(p, bytes)| item(p, bytes))
        .collect();
    s.add(b, &items, AddOptions::default()).unwrap();
    assert_eq!(s.verify().unwrap(), Vec::<String>::new());
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute(
        "DELETE FROM report_figures WHERE report_id = (SELECT MIN(id) FROM reports)",
        [],
    )
    .unwrap();
    c.execute("UPDATE reports SET current = 0", []).unwrap();
    drop(c);
    let mut s = Store::open(path.to_str().unwrap()).unwrap();
    let problems = s.verify().unwrap();
    assert_eq!(
        problems,
        vec![
            "1 reports without figures".to_owned(),
            "3 body years without exactly one current report".to_owned()
        ]
    );
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn processes_can_open_a_new_store_at_once() {
    // An ingest and a query started together on a new store: both create the schema.
    let dir = std::env::temp_dir().join(format!("gk-open-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for round in 0..4 {
        let url = fresh_url(dir.join(format!("{round}.db")).to_str().unwrap());
        let opened: Vec<Result<Store, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| Store::open(&url).map_err(|e| format!("{e}: {e:?}"))))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for o in opened {
            let mut st = o.unwrap();
            assert_eq!(st.verify().unwrap(), Vec::<String>::new());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The queries of the web's report view and dashboard: a body's report of another year by
/// its key, findings by body (sums of the per-report counts), the years of a region; and the
/// account changes of the admin page.
#[test]
fn web_queries_by_body_key_body_and_year() {
    let mut s = store();
    let b = batch(&mut s);
    let y23 = std::fs::read(root().join("fixtures/corpus/docs/pingtan2023.txt")).unwrap();
    let y22 = String::from_utf8(y23.clone())
        .unwrap()
        .replace("2023", "2022");
    let y19 = std::fs::read(root().join("fixtures/corpus/docs/pingtan2019.txt")).unwrap();
    s.add(
        b,
        &[
            item("p2023.txt", &y23),
            item("p2022.txt", y22.as_bytes()),
            item("p2019.txt", &y19),
        ],
        AddOptions::default(),
    )
    .unwrap();
    let list = s.list(&Selection::default()).unwrap();
    assert_eq!(list.len(), 3);
    let key = list[0].body_key.clone().unwrap();
    assert!(
        list.iter()
            .all(|r| r.body_key.as_deref() == Some(key.as_str()))
    );
    let prev = s.report_of_key(&key, 2022).unwrap().unwrap();
    assert_eq!(prev.summary.year, Some(2022));
    assert!(prev.summary.path.ends_with("p2022.txt"));
    assert!(s.report_of_key(&key, 2018).unwrap().is_none());
    assert!(s.report_of_key("name:nobody", 2022).unwrap().is_none());
    let by_body = s.findings_by_body(&Selection::default()).unwrap();
    assert_eq!(by_body.len(), 1);
    assert_eq!(by_body[0].reports, 3);
    assert_eq!(
        by_body[0].errors,
        list.iter().map(|r| r.errors).sum::<i64>()
    );
    assert_eq!(
        by_body[0].warnings,
        list.iter().map(|r| r.warnings).sum::<i64>()
    );
    // The year of the selection is not a filter of its years.
    let sel = Selection {
        year: Some(2023),
        ..Selection::default()
    };
    assert_eq!(s.years(&sel).unwrap(), [2019, 2022, 2023]);
    let elsewhere = Selection {
        region: Some("11".into()),
        ..Selection::default()
    };
    assert!(s.years(&elsewhere).unwrap().is_empty());
    assert!(s.findings_by_body(&elsewhere).unwrap().is_empty());
    // Accounts.
    let id = s
        .add_user(&gongkai_store::NewUser {
            name: "u".into(),
            role: gongkai_store::Role::Viewer,
            region: None,
            body_key: None,
            password: "$argon2id$x".into(),
            created_at: "t".into(),
        })
        .unwrap();
    s.set_user_role(id, gongkai_store::Role::Reviewer, Some("35"), None)
        .unwrap();
    s.set_user_disabled(id, true).unwrap();
    let u = s.user("u").unwrap().unwrap();
    assert_eq!(
        (u.role, u.region.as_deref(), u.disabled),
        (gongkai_store::Role::Reviewer, Some("35"), true)
    );
}

/// The review of a stored report with the store's waivers in force.
fn reviewed(s: &mut Store, id: i64) -> gongkai_review::Reviewed {
    use gongkai_review::WaiverStore as _;
    let r = s
        .for_review(id, Divisions::embedded().unwrap())
        .unwrap()
        .unwrap();
    let waivers = s.active().unwrap();
    gongkai_review::Reviewed::new(r.subject, r.report, Some(r.text), &waivers)
}

fn added_report(a: &Added) -> i64 {
    match a {
        Added::New { report } | Added::NewVersion { report, .. } => *report,
        other => panic!("not added: {other:?}"),
    }
}

#[test]
fn waivers_survive_reingests_and_go_stale_where_the_finding_changed_or_vanished() {
    use gongkai_review::{Action, Event, StaleReason, Waiver, WaiverStore as _};
    let mut s = store();
    let (_, text) = gongkai_synth::injected_case(
        1,
        gongkai_synth::Injection::GroupSum,
        gongkai_synth::Layout::Pipes,
    );
    let v1 = parse("town/2023.txt", text.as_bytes());
    let rule = "T4-GROUPSUM";
    // The total of the broken group, where the file says it.
    let total = v1
        .report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .and_then(|f| f.evidence.last())
        .unwrap()
        .span
        .clone();
    let decoded = v1.text.clone();
    assert_eq!(
        decoded.get(total.clone()),
        Some("6"),
        "the seed's broken total"
    );
    let edited = |with: &str| {
        let mut t = decoded.clone();
        t.replace_range(total.clone(), with);
        t
    };
    let ingest = |s: &mut Store, path: &str, text: &str| {
        let b = batch(s);
        let a = s
            .add(b, &[item(path, text.as_bytes())], AddOptions::default())
            .unwrap();
        added_report(&a[0])
    };

    let first = ingest(&mut s, "town/2023.txt", &decoded);
    let r = reviewed(&mut s, first);
    let it = r
        .items
        .iter()
        .find(|i| i.finding.rule == rule)
        .unwrap()
        .clone();
    // The id kept with the finding at ingest is the one review derives.
    assert_eq!(s.reports_with_finding(&it.id.0).unwrap(), vec![first]);
    let waive = Waiver::of(
        &r.subject,
        &it.id,
        &it.finding,
        "李四",
        "2026-11-29T09:00:00Z",
        "诉讼案件口径经核实",
    );
    s.append(&Event {
        action: Action::Waive,
        waiver: waive.clone(),
    })
    .unwrap();
    // A decision without a reason is refused.
    let mut bad = waive.clone();
    bad.reason = String::new();
    assert!(matches!(
        s.append(&Event {
            action: Action::Waive,
            waiver: bad
        }),
        Err(gongkai_store::StoreError::InvalidWaiver { .. })
    ));

    // A changed file of the same body and year (one line more): the same finding, still waived.
    let second = ingest(&mut s, "town/2023-v2.txt", &format!("{decoded}\n说明。\n"));
    assert_ne!(second, first, "a new version");
    let r = reviewed(&mut s, second);
    let now = r.item(&it.id.0).expect("the same id");
    assert_eq!(now.waiver.as_ref(), Some(&waive));
    assert!(r.stale.is_empty(), "{:?}", r.stale);

    // The total changed: the same question, another answer; the waiver no longer applies.
    let third = ingest(&mut s, "town/2023-v3.txt", &edited("7"));
    let r = reviewed(&mut s, third);
    assert!(r.item(&it.id.0).unwrap().waiver.is_none());
    assert!(matches!(
        r.stale.as_slice(),
        [st] if st.waiver.id == it.id.0 && matches!(&st.why, StaleReason::Changed { now } if now.contains('7'))
    ));

    // The total fixed: the finding is gone, and the waiver is reported as such.
    let fourth = ingest(&mut s, "town/2023-v4.txt", &edited("2"));
    let r = reviewed(&mut s, fourth);
    assert!(r.item(&it.id.0).is_none());
    assert!(matches!(
        r.stale.as_slice(),
        [st] if st.waiver.id == it.id.0 && st.why == StaleReason::Gone
    ));
    // Only the current version is found by id.
    assert!(s.reports_with_finding(&it.id.0).unwrap().is_empty());

    // The reviewer revokes, then confirms: nothing in force, every decision kept.
    for (action, reason) in [(Action::Revoke, "已修正"), (Action::Confirm, "复核确认")] {
        s.append(&Event {
            action,
            waiver: Waiver {
                reason: reason.into(),
                at: "2026-11-30T09:00:00Z".into(),
                ..waive.clone()
            },
        })
        .unwrap();
    }
    assert!(s.active().unwrap().is_empty());
    let trail = s.events().unwrap();
    let actions: Vec<Action> = trail.iter().map(|e| e.action).collect();
    assert_eq!(actions, [Action::Waive, Action::Revoke, Action::Confirm]);
    assert_eq!(trail[0].waiver, waive, "read back field by field");
    let subject = vec![(r.subject.body.clone(), r.subject.year)];
    assert!(s.waivers_of(&subject).unwrap().is_empty());
}

/// A township's report of `year` (2021 edition), generated.
fn township(seed: u64, year: i32) -> gongkai_synth::SynthReport {
    let mut rng = gongkai_synth::rng_for(seed, "store-years");
    gongkai_synth::SynthReport::generate_with(
        &mut rng,
        &gongkai_synth::Spec {
            year: Some(year),
            edition: Some(Edition::E2021),
            table2_edition: Some(Edition::E2021),
            body_kind: Some(gongkai_report::BodyKind::Township),
            nonnegative_changes: true,
            ..gongkai_synth::Spec::default()
        },
    )
}

fn rendered(r: &gongkai_synth::SynthReport) -> String {
    let mut rng = gongkai_synth::rng_for(1, "render");
    gongkai_synth::render(r, gongkai_synth::Layout::Pipes, &mut rng)
}

#[test]
fn consecutive_years_are_compared_on_ingest_and_again_when_last_year_changes() {
    use gongkai_format::keys::t3;
    let mut s = store();
    let last = township(3, 2022);
    let mut this = township(4, 2023);
    this.org = last.org.clone();
    // This year carries over one application more than last year carried forward.
    let mut carried = last.t3_row(t3::row::CARRY_FORWARD).unwrap().values;
    carried[0] += 1;
    carried[6] += 1;
    this.t3_row_mut(t3::row::CARRIED_OVER).unwrap().values = carried;
    let ingest = |s: &mut Store, path: &str, text: &str| {
        let b = batch(s);
        let a = s
            .add(b, &[item(path, text.as_bytes())], AddOptions::default())
            .unwrap();
        added_report(&a[0])
    };
    let table = Divisions::embedded().unwrap();
    let x_carry = |s: &mut Store, id: i64| {
        let r = s.for_review(id, table).unwrap().unwrap();
        let found: Vec<gongkai_report::Finding> = r
            .report
            .findings
            .into_iter()
            .filter(|f| f.rule == "X-CARRY" && f.assessable)
            .collect();
        (r.prev_report, found)
    };

    // This year first: nothing to compare with yet.
    let t = ingest(&mut s, "t/2023.txt", &rendered(&this));
    assert_eq!(x_carry(&mut s, t), (None, Vec::new()));

    // Last year arrives: this year's report is compared with it, the findings kept with it.
    let l = ingest(&mut s, "t/2022.txt", &rendered(&last));
    let (prev, found) = x_carry(&mut s, t);
    assert_eq!(prev, Some(l));
    assert!(!found.is_empty(), "a carry-over that does not match");
    assert!(found.iter().all(|f| !f.evidence.is_empty()));
    // Findings across years have their ids too, and count in the listing.
    let subject = s.for_review(t, table).unwrap().unwrap().subject;
    let ids = gongkai_review::ids(&subject, &found);
    assert_eq!(s.reports_with_finding(&ids[0].0).unwrap(), vec![t]);
    let listed = s.list(&Selection::default()).unwrap();
    let row = listed.iter().find(|r| r.id == t).unwrap();
    assert!(row.errors + row.warnings >= found.len() as i64);
    assert!(x_carry(&mut s, l).1.is_empty(), "nothing before 2022");

    // Last year's report corrected (a new version): this year's is compared again.
    let mut fixed = last.clone();
    fixed.t3_row_mut(t3::row::CARRY_FORWARD).unwrap().values = carried;
    let l2 = ingest(&mut s, "t/2022-v2.txt", &rendered(&fixed));
    let (prev, found) = x_carry(&mut s, t);
    assert_eq!(prev, Some(l2));
    assert!(found.is_empty(), "{found:?}");
    // The stored X-* findings were replaced, not added to.
    let stored = s.report(t).unwrap().unwrap().findings;
    assert!(!stored.iter().any(|f| f.rule == "X-CARRY" && f.assessable));
}

#[test]
fn the_waiver_trail_refuses_updates_and_deletes() {
    use gongkai_review::{Action, Event, Subject, Waiver, WaiverStore as _};
    let path = std::env::temp_dir().join(format!("gk-trail-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let url = path.to_str().unwrap().to_owned();
    let mut s = Store::open(&url).unwrap();
    let subject = Subject::new("110105", "北京市朝阳区人民政府", Some(2023));
    let f =
        gongkai_report::Finding::new("S-TITLE", gongkai_report::Severity::Warning, "标题不规范");
    let id = gongkai_review::FindingId::new(&subject, f.rule, &f.cells, 1);
    s.append(&Event {
        action: Action::Waive,
        waiver: Waiver::of(&subject, &id, &f, "李四", "2026-11-29T09:00:00Z", "经批准"),
    })
    .unwrap();
    drop(s);
    let c = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE waiver_events SET reason = 'x'",
        "DELETE FROM waiver_events",
    ] {
        let e = c.execute(sql, []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM waiver_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    drop(c);
    let _ = std::fs::remove_file(&path);
}
