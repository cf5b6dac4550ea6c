//! The store's commands end to end: ingest the corpus, export the flat table and compare every
//! cell with `parse --json`, read the table back, ingest again (nothing new), the queries, and
//! an ingest killed with SIGKILL and completed. On SQLite, and on PostgreSQL too when
//! `GONGKAI_TEST_PG` holds a server URL (scripts/test.sh sets it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_store::export::read_csv;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static N: AtomicUsize = AtomicUsize::new(0);

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "store-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A fresh store on each backend: an SQLite file, and a new PostgreSQL database when
/// GONGKAI_TEST_PG is set.
fn stores(name: &str) -> Vec<String> {
    let mut v = vec![tmp(name).join("g.db").display().to_string()];
    if let Ok(url) = std::env::var("GONGKAI_TEST_PG")
        && !url.is_empty()
    {
        let db = format!(
            "gk_cli_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {db}"))
            .unwrap();
        c.batch_execute(&format!("CREATE DATABASE {db}")).unwrap();
        let (base, q) = url
            .split_once('?')
            .map_or((url.as_str(), ""), |(b, q)| (b, q));
        let host = base.rsplit_once('/').map_or(base, |(h, _)| h);
        v.push(format!(
            "{host}/{db}{}",
            if q.is_empty() {
                String::new()
            } else {
                format!("?{q}")
            }
        ));
    }
    v
}

/// Files in the corpus folder (every one a report of its own body and year).
fn corpus_files() -> usize {
    std::fs::read_dir(docs()).unwrap().count()
}

fn docs() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus/docs")
        .display()
        .to_string()
}

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .env_remove("GONGKAI_DB")
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "status {:?}\nstderr: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Output of `parse`: exit 0, or 1 when a report has errors.
fn parsed(o: &Output) -> String {
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Cells of `parse --json` by (sha256, table, row, col) → (value, blank, line).
type Cells = BTreeMap<(String, String, String, String), (f64, bool, u64)>;

fn parsed_cells(dir: &str) -> Cells {
    let out = parsed(&gongkai(&["parse", "--json", dir]));
    let mut m = Cells::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let sha = v["source"]["sha256"].as_str().unwrap().to_owned();
        for c in v["cells"].as_array().unwrap() {
            let key = (
                sha.clone(),
                c["table"].as_str().unwrap().to_owned(),
                c["row"].as_str().unwrap().to_owned(),
                c["col"].as_str().unwrap().to_owned(),
            );
            let val = (
                c["value"].as_f64().unwrap(),
                c["blank"].as_bool().unwrap(),
                c["line"].as_u64().unwrap(),
            );
            assert!(m.insert(key, val).is_none());
        }
    }
    m
}

#[test]
fn corpus_round_trip_through_the_flat_table() {
    let want = parsed_cells(&docs());
    for db in stores("roundtrip") {
        let o = gongkai(&["ingest", "-q", "--db", &db, &docs()]);
        ok(&o);
        let dir = tmp("export");
        let csv = dir.join("cells.csv");
        ok(&gongkai(&[
            "export",
            "--db",
            &db,
            "--format",
            "csv",
            "-o",
            csv.to_str().unwrap(),
        ]));
        let bytes = std::fs::read(&csv).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
        let header = std::str::from_utf8(&bytes[3..])
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(
            header,
            "body,region_code,kind,year,edition,table,row,col,value,blank,source_sha256,line"
        );
        // Read back: every cell of parse --json, and nothing else.
        let rows = read_csv(&bytes[..]).unwrap();
        let mut got = Cells::new();
        for r in &rows {
            let key = (
                r.source_sha256.clone(),
                r.table.clone(),
                r.row.clone(),
                r.col.clone(),
            );
            assert!(
                got.insert(key, (r.value.as_f64(), r.blank, u64::from(r.line)))
                    .is_none()
            );
        }
        assert_eq!(got.len(), want.len(), "{db}");
        for (k, v) in &want {
            let g = got
                .get(k)
                .unwrap_or_else(|| panic!("{db}: {k:?} not exported"));
            assert!(
                (g.0 - v.0).abs() < 1e-9 && g.1 == v.1 && g.2 == v.2,
                "{db}: {k:?} {g:?} != {v:?}"
            );
        }
        // A second ingest adds nothing.
        let o = gongkai(&["ingest", "--db", &db, &docs()]);
        ok(&o);
        let err = String::from_utf8_lossy(&o.stderr);
        let n = corpus_files();
        assert!(
            err.contains(&format!(
                "{n} files: 0 new, {n} unchanged, 0 new versions, 0 failed"
            )),
            "{err}"
        );
        // The flat table imported into another store (an SQLite file, from either backend)
        // exports to the same bytes; importing it again adds nothing; the files then
        // replace the rebuilt reports.
        let other = dir.join("other.db").display().to_string();
        let o = gongkai(&["import", "--db", &other, csv.to_str().unwrap()]);
        ok(&o);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(&format!("{n} reports: {n} new")),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let csv2 = dir.join("again.csv");
        ok(&gongkai(&[
            "export",
            "--db",
            &other,
            "--format",
            "csv",
            "-o",
            csv2.to_str().unwrap(),
        ]));
        assert!(
            std::fs::read(&csv2).unwrap() == bytes,
            "{db}: re-export differs"
        );
        let o = gongkai(&["import", "--db", &other, csv.to_str().unwrap()]);
        assert!(
            String::from_utf8_lossy(&o.stderr)
                .contains(&format!("0 new, 0 new versions, {n} already stored"))
        );
        let o = gongkai(&["ingest", "--db", &other, &docs()]);
        ok(&o);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(&format!(
                "{n} reports imported from a flat table replaced by their files"
            )),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        // A flat table with a bad row imports nothing and names the line.
        let bad = dir.join("bad.csv");
        let text = String::from_utf8(bytes.clone())
            .unwrap()
            .replacen(",table3,", ",tableX,", 1);
        std::fs::write(&bad, text).unwrap();
        let empty = dir.join("empty.db").display().to_string();
        let o = gongkai(&["import", "--db", &empty, bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("bad.csv") && err.contains("line ") && err.contains("tableX"),
            "{err}"
        );
        // XLSX and the statutory layout open as zip archives with a sheet per report.
        let x = dir.join("cells.xlsx");
        ok(&gongkai(&[
            "export",
            "--db",
            &db,
            "--format",
            "xlsx",
            "-o",
            x.to_str().unwrap(),
        ]));
        let s = dir.join("statutory.xlsx");
        ok(&gongkai(&[
            "export",
            "--db",
            &db,
            "--format",
            "xlsx",
            "--layout",
            "statutory",
            "-o",
            s.to_str().unwrap(),
        ]));
        let sheets = |p: &Path| -> usize {
            let z = zip_entries(p);
            z.iter()
                .filter(|n| n.starts_with("xl/worksheets/sheet"))
                .count()
        };
        assert_eq!(sheets(&x), 1);
        assert_eq!(sheets(&s), n + 1, "a sheet per report and the summary");
    }
}

fn zip_entries(p: &Path) -> Vec<String> {
    // Names of the entries, read from the central directory without a zip library.
    let b = std::fs::read(p).unwrap();
    let mut names = Vec::new();
    let mut i = 0;
    while i + 46 < b.len() {
        if b[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let n = u16::from_le_bytes([b[i + 28], b[i + 29]]) as usize;
            names.push(String::from_utf8_lossy(&b[i + 46..i + 46 + n]).into_owned());
            i += 46 + n;
        } else {
            i += 1;
        }
    }
    names
}

#[test]
fn queries_answer_from_the_store() {
    for db in stores("queries") {
        ok(&gongkai(&["ingest", "-q", "--db", &db, &docs()]));
        let list = ok(&gongkai(&["list", "--db", &db, "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&list).unwrap();
        let rows = v["报告 (reports)"]["rows"].as_array().unwrap();
        assert_eq!(rows.len(), corpus_files());
        // By region name and by kind.
        let sh = ok(&gongkai(&[
            "list",
            "--db",
            &db,
            "--region",
            "上海市",
            "--format",
            "csv",
        ]));
        assert_eq!(sh.lines().count(), 3, "{sh}");
        let towns = ok(&gongkai(&[
            "list", "--db", &db, "--kind", "township", "--format", "csv",
        ]));
        // The townships of the corpus, and only they.
        let towns: Vec<&str> = towns.lines().skip(1).collect();
        assert!(
            towns.len() >= 4 && towns.len() < corpus_files(),
            "{towns:?}"
        );
        assert!(
            towns
                .iter()
                .all(|r| r.split(',').nth(1) == Some("乡镇人民政府")),
            "{towns:?}"
        );
        for t in ["石家田乡", "一市镇", "两城镇"] {
            assert!(towns.iter().any(|r| r.contains(t)), "{t}: {towns:?}");
        }
        // Ambiguous region names list their candidates.
        let o = gongkai(&["list", "--db", &db, "--region", "朝阳区"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("110105"));
        // Missing: bodies with a report before 2022 but none in 2022.
        let m = ok(&gongkai(&[
            "list",
            "--db",
            &db,
            "--year",
            "2022",
            "--missing",
            "--format",
            "csv",
        ]));
        assert!(m.contains("石家田乡") && !m.contains("陆浑镇"), "{m}");
        // show: the tables as parse shows them, and the findings.
        let show = ok(&gongkai(&["show", "--db", &db, "石家田", "2021"]));
        assert!(
            show.contains("表三") && show.contains("140224206"),
            "{show}"
        );
        let json = ok(&gongkai(&[
            "show",
            "--db",
            &db,
            "石家田",
            "2021",
            "--format",
            "json",
        ]));
        let stored: serde_json::Value = serde_json::from_str(&json).unwrap();
        let path = format!("{}/002_81ab661a178306d5.txt", docs());
        let parsed: serde_json::Value =
            serde_json::from_str(&parsed(&gongkai(&["parse", "--json", &path]))).unwrap();
        for k in [
            "org", "year", "edition", "table2", "table3", "table4", "cells", "findings",
        ] {
            assert_eq!(stored[k], parsed[k], "{k}");
        }
        // An ambiguous body lists candidates instead of guessing.
        let o = gongkai(&["show", "--db", &db, "人民政府", "2021"]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("候选") && err.contains("石家田乡"), "{err}");
        // A year without a report says which years there are.
        let o = gongkai(&["show", "--db", &db, "石家田", "2019"]);
        assert!(String::from_utf8_lossy(&o.stderr).contains("2021"));
        // compare: the two Pingtan years, cell by cell.
        let c = ok(&gongkai(&[
            "compare", "--db", &db, "平潭", "2019", "2023", "--format", "csv",
        ]));
        assert!(c.contains("table3.new_received.total"), "{c}");
        // stats: sums equal the sum of the cells of parse --json.
        let st = ok(&gongkai(&["stats", "--db", &db, "--format", "json"]));
        let v: serde_json::Value = serde_json::from_str(&st).unwrap();
        let sums = v["合计 (sums)"]["rows"].as_array().unwrap();
        let want = parsed_cells(&docs());
        for key in [
            "table3.new_received.total",
            "table4.review.total",
            "table2.fees.amount",
        ] {
            let parts: Vec<&str> = key.split('.').collect();
            let w: f64 = want
                .iter()
                .filter(|(k, _)| k.1 == parts[0] && k.2 == parts[1] && k.3 == parts[2])
                .map(|(_, v)| v.0)
                .sum();
            let row = sums.iter().find(|r| r["单元格 cell"] == key).unwrap();
            assert!(
                (row["合计 sum"].as_f64().unwrap() - w).abs() < 1e-6,
                "{key}"
            );
        }
        let rank = ok(&gongkai(&[
            "stats",
            "--db",
            &db,
            "--rank",
            "disclosure_rate",
            "--format",
            "csv",
        ]));
        assert!(rank.lines().count() >= 2, "{rank}");
        let bad = gongkai(&["stats", "--db", &db, "--rank", "nonsense"]);
        assert_eq!(bad.status.code(), Some(2));
    }
}

#[test]
fn killed_ingest_is_consistent_and_completes() {
    // Enough files that the kill lands between the first commit and the last.
    let dir = tmp("crash");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    // The first commits come after 16 and 48 files (chunks double from 16 to 256).
    let n = 200;
    for seed in 0..n {
        let (_, text) = gongkai_synth::case(seed, gongkai_synth::Layout::Pipes);
        std::fs::write(docs.join(format!("{seed:05}.txt")), text).unwrap();
    }
    let docs = docs.display().to_string();
    for db in stores("crash") {
        let log = dir.join("ingest.err");
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .args(["ingest", "-q", "--jobs", "1", "--db", &db, &docs])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let before;
        loop {
            std::thread::sleep(Duration::from_millis(20));
            if let Ok(mut s) = gongkai_store::Store::open(&db)
                && let Ok(l) = s.list(&gongkai_store::Selection {
                    all_versions: true,
                    ..Default::default()
                })
                && !l.is_empty()
            {
                before = l.len();
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(300),
                "{db}: no commit seen; ingest: {:?} {}",
                child.try_wait(),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut s = gongkai_store::Store::open(&db).unwrap();
        assert_eq!(s.verify().unwrap(), Vec::<String>::new(), "{db}");
        let after_kill = s
            .list(&gongkai_store::Selection {
                all_versions: true,
                ..Default::default()
            })
            .unwrap()
            .len();
        assert!(
            after_kill >= before && after_kill < n as usize,
            "{db}: killed too late ({after_kill})"
        );
        assert_eq!(s.unfinished_batches().unwrap().len(), 1);
        drop(s);
        // The next run completes it: only the rest is new.
        let o = gongkai(&["ingest", "--db", &db, &docs]);
        ok(&o);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("an earlier ingest was interrupted"), "{err}");
        let versions = err
            .lines()
            .find(|l| l.starts_with(&format!("{n} files:")))
            .unwrap_or("");
        // Synthetic bodies repeat: a new file for a body's year is a new version, not new.
        let (new, unchanged) = parse_counts(versions);
        assert_eq!(unchanged, after_kill, "{err}");
        assert_eq!(new, n as usize - after_kill, "{err}");
        let mut s = gongkai_store::Store::open(&db).unwrap();
        assert_eq!(s.verify().unwrap(), Vec::<String>::new());
        let all = s
            .list(&gongkai_store::Selection {
                all_versions: true,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(all.len(), n as usize);
    }
}

/// (new + new versions, unchanged) from the English summary line.
fn parse_counts(line: &str) -> (usize, usize) {
    let rest = line.split_once(": ").map_or("", |x| x.1);
    let (mut new, mut unchanged) = (0, 0);
    for part in rest.split(", ") {
        let (n, word) = part.split_once(' ').unwrap_or((part, ""));
        let n: usize = n.parse().unwrap_or(0);
        if word == "new" || word.starts_with("new versions") {
            new += n;
        } else if word == "unchanged" {
            unchanged = n;
        }
    }
    (new, unchanged)
}

#[test]
fn failed_files_are_recorded_and_retried() {
    for db in stores("retry") {
        let dir = tmp("retry-docs");
        let bad = dir.join("later.txt");
        // Not there yet: a failure to read, recorded.
        let o = gongkai(&["ingest", "--db", &db, bad.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("1 failed"));
        // The file appears; the next ingest (of other files) retries it.
        std::fs::copy(format!("{}/001_eb0a65417e597162.txt", docs()), &bad).unwrap();
        let other = format!("{}/003_3b852b11c21bff53.txt", docs());
        let o = gongkai(&["ingest", "--db", &db, &other]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(err.contains("2 files: 2 new"), "{err}");
    }
}

fn ledger_fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/ledger")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_broken_file_is_a_failure_naming_it_and_the_batch_goes_on() {
    for db in stores("broken") {
        let dir = tmp("broken-docs");
        std::fs::copy(format!("{}/pingtan2023.txt", docs()), dir.join("good.txt")).unwrap();
        // Starts like a DOCX (a zip), is not one.
        std::fs::write(dir.join("broken.docx"), b"PK\x03\x04 not really a zip").unwrap();
        std::fs::write(dir.join(".hidden.txt"), b"skipped, not a failure").unwrap();
        let o = gongkai(&["ingest", "--db", &db, dir.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("1 new") && err.contains("1 failed"), "{err}");
        assert!(err.contains("broken.docx"), "{err}");
        assert!(err.contains("1 skipped"), "{err}");
        let listed = ok(&gongkai(&["list", "--db", &db, "--format", "csv"]));
        assert_eq!(listed.lines().count(), 2, "{listed}");
    }
}

#[test]
fn ledger_import_list_deadlines_and_report() {
    for db in stores("ledger") {
        // A body with a published report for 2023 in the store.
        ok(&gongkai(&[
            "ingest",
            "-q",
            "--db",
            &db,
            &format!("{}/pingtan2023.txt", docs()),
        ]));
        let listed = ok(&gongkai(&["list", "--db", &db, "--format", "csv"]));
        let body = listed.lines().nth(1).unwrap().split(',').next().unwrap();
        let body = body.trim_start_matches('\u{feff}').to_owned();
        let file = ledger_fixture("township-2024.csv");
        let o = gongkai(&["ledger", "import", "--db", &db, "--body", &body, &file]);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("32 added, 0 updated, 0 unchanged"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        // Again: nothing changes.
        let o = gongkai(&["ledger", "import", "--db", &db, "--body", &body, &file]);
        assert!(String::from_utf8_lossy(&o.stderr).contains("0 added, 0 updated, 32 unchanged"));
        // A file with a duplicate id: an error naming it, nothing imported.
        let o = gongkai(&[
            "ledger",
            "import",
            "--db",
            &db,
            "--body",
            &body,
            &ledger_fixture("bad-duplicate.csv"),
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("D-1"));
        let all = ok(&gongkai(&[
            "ledger",
            "list",
            "--db",
            &db,
            "--body",
            &body,
            "--today",
            "2024-12-31",
            "--format",
            "csv",
        ]));
        assert_eq!(all.lines().count(), 33, "{all}");
        let open = ok(&gongkai(&[
            "ledger",
            "list",
            "--db",
            &db,
            "--body",
            &body,
            "--today",
            "2024-12-31",
            "--open",
            "--format",
            "csv",
        ]));
        assert!(open.contains("ZX-2024-030"), "{open}");
        assert!(!open.contains("ZX-2023-041"), "{open}");
        let d = ok(&gongkai(&[
            "ledger",
            "deadlines",
            "--db",
            &db,
            "--body",
            &body,
            "--today",
            "2024-12-31",
            "ZX-2024-030",
        ]));
        // Received Monday 23 December 2024: 20 working days across New Year's Day.
        assert!(d.contains("ZX-2024-030") && d.contains("2025-01-21"), "{d}");
        // 2024: the 30 cases received that year, by construction.
        let r = ok(&gongkai(&[
            "ledger", "report", "--db", &db, "--body", &body, "--year", "2024", "--format", "csv",
        ]));
        assert!(r.contains("table3,new_received,total,30\r\n"), "{r}");
        // 2023: the published report counts more than the ledger's two cases; the
        // difference is listed.
        let r = ok(&gongkai(&[
            "ledger", "report", "--db", &db, "--body", &body, "--year", "2023", "--format", "csv",
        ]));
        let diff = r.split("# ").nth(2).unwrap();
        assert!(diff.contains("table3,new_received,total,2,"), "{diff}");

        // Reconsiderations and lawsuits, and table 2's figures: table 4 and table 2 come from
        // them, and the report written from the ledger reads back to the same tables.
        let o = gongkai(&[
            "ledger",
            "import",
            "--db",
            &db,
            "--body",
            &body,
            &ledger_fixture("township-2024-proceedings.csv"),
        ]);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("4 proceedings read"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let t2 = ledger_fixture("township-2024-table2.csv");
        let o = gongkai(&["ledger", "import", "--db", &db, "--body", &body, &t2]);
        assert_eq!(o.status.code(), Some(2), "table 2 figures need a year");
        ok(&gongkai(&[
            "ledger", "import", "--db", &db, "--body", &body, "--year", "2024", &t2,
        ]));
        let r = ok(&gongkai(&[
            "ledger", "report", "--db", &db, "--body", &body, "--year", "2024", "--format", "csv",
        ]));
        for cell in [
            "table4,review,upheld,1\r\n",
            "table4,review,corrected,1\r\n",
            "table4,litigation_direct,pending,1\r\n",
            "table4,litigation_after_review,other,1\r\n",
            "table2,normative_documents,in_force,12\r\n",
            "table2,licensing,decisions,45\r\n",
        ] {
            assert!(r.contains(cell), "{cell} in {r}");
        }
        let md = tempfile::tempdir().unwrap();
        let md = md.path().join("2024.md").display().to_string();
        ok(&gongkai(&[
            "write",
            "--from-ledger",
            "--db",
            &db,
            "--body",
            &body,
            "--year",
            "2024",
            "-o",
            &md,
        ]));
        let back: serde_json::Value = serde_json::from_str(
            ok(&gongkai(&["parse", "--json", &md]))
                .lines()
                .next()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(back["table4"]["review"]["upheld"], 1);
        assert_eq!(back["table4"]["litigation_after_review"]["other"], 1);
        assert_eq!(back["table4"]["litigation_direct"]["total"], 1);
        assert_eq!(back["table3"]["new_received"]["total"], 30);
        assert_eq!(back["table2"]["normative_documents"]["in_force"], 12);
        assert_eq!(back["table2"]["punishment"]["decisions"], 7);

        // Lock 2024: a changed case then needs who and why, and is recorded as an amendment.
        ok(&gongkai(&[
            "ledger", "lock", "--db", &db, "--body", &body, "--year", "2024", "--by", "张三",
        ]));
        let again = gongkai(&[
            "ledger", "lock", "--db", &db, "--body", &body, "--year", "2024", "--by", "张三",
        ]);
        assert_eq!(again.status.code(), Some(2), "a year is locked once");
        let dir = tempfile::tempdir().unwrap();
        let changed = dir.path().join("changed.csv");
        let text = std::fs::read_to_string(&file).unwrap().replacen(
            "本镇2023年城乡低保对象名单",
            "本镇2023年城乡低保对象名单（补充）",
            1,
        );
        std::fs::write(&changed, text).unwrap();
        let changed = changed.display().to_string();
        let o = gongkai(&["ledger", "import", "--db", &db, "--body", &body, &changed]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stderr).contains("ZX-2024-001"));
        let o = gongkai(&[
            "ledger",
            "import",
            "--db",
            &db,
            "--body",
            &body,
            "--by",
            "李四",
            "--reason",
            "补充申请内容",
            &changed,
        ]);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("0 added, 1 updated, 31 unchanged"),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );

        // Table 2 of a locked year no longer changes.
        let t2b = dir.path().join("t2.csv");
        std::fs::write(
            &t2b,
            std::fs::read_to_string(&t2).unwrap().replace(
                "行政许可,本年处理决定数量,45",
                "行政许可,本年处理决定数量,46",
            ),
        )
        .unwrap();
        let o = gongkai(&[
            "ledger",
            "import",
            "--db",
            &db,
            "--body",
            &body,
            "--year",
            "2024",
            &t2b.display().to_string(),
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&o.stderr).contains("locked"));

        // The template: an XLSX workbook.
        let xlsx = dir.path().join("台账.xlsx");
        ok(&gongkai(&[
            "ledger",
            "template",
            "-o",
            &xlsx.display().to_string(),
        ]));
        assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK\x03\x04"));
    }
}

#[test]
fn a_report_is_written_from_the_store_and_reads_back_to_its_tables() {
    for db in stores("write") {
        ok(&gongkai(&[
            "ingest",
            "-q",
            "--db",
            &db,
            &format!("{}/sh2024_kewei.md", docs()),
        ]));
        let listed = ok(&gongkai(&["list", "--db", &db, "--format", "csv"]));
        let body = listed.lines().nth(1).unwrap().split(',').next().unwrap();
        let body = body.trim_start_matches('\u{feff}').to_owned();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.md");
        let out = out.display().to_string();
        ok(&gongkai(&[
            "write",
            "--from-store",
            "--db",
            &db,
            "--body",
            &body,
            "--year",
            "2024",
            "-o",
            &out,
        ]));
        let stored: serde_json::Value = serde_json::from_str(&ok(&gongkai(&[
            "show", "--db", &db, &body, "2024", "--format", "json",
        ])))
        .unwrap();
        // `parse` exits 1 when a finding is an error: the report's own contradiction
        // (its carry-forward total is blank) is written as it was stored.
        let parsed = gongkai(&["parse", "--json", &out]);
        assert!(matches!(parsed.status.code(), Some(0 | 1)), "{parsed:?}");
        let written: serde_json::Value =
            serde_json::from_str(&String::from_utf8_lossy(&parsed.stdout)).unwrap();
        for t in ["table2", "table3", "table4"] {
            assert_eq!(stored[t], written[t], "{t} of the written report");
        }
    }
}
