//! `gongkai.toml`, `waive`, `waivers`, `score` and `review` end to end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/corpus/docs")
        .join(name)
}

fn rubric(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../review/rubrics")
        .join(name)
}

/// Run in `dir` (where gongkai.toml is looked for).
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("USER", "tester")
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// 001 with applications table 3 does not account for (an error, T3-BALANCE).
fn broken(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("001_eb0a65417e597162.txt"))
        .unwrap()
        .replacen(
            "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            1,
        );
    let p = dir.join("broken.txt");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn config_levels_change_the_exit_status() {
    let d = tempfile::tempdir().unwrap();
    let sub = d.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let kewei = fixture("sh2024_kewei.md");
    assert_eq!(
        run(&sub, &["check", "-q", s(&kewei)]).status.code(),
        Some(1)
    );
    // found upward from the current folder
    std::fs::write(
        d.path().join("gongkai.toml"),
        "[rules]\n\"T3-*\" = \"allow\"\nS-SECTIONS = \"allow\"\n",
    )
    .unwrap();
    assert_eq!(
        run(&sub, &["check", "-q", s(&kewei)]).status.code(),
        Some(0)
    );
    // options on the command line win over the file
    assert_eq!(
        run(&sub, &["check", "-q", "-D", "T3-BALANCE", s(&kewei)])
            .status
            .code(),
        Some(1)
    );
    // --config names another file: deny the warnings of a report without errors
    let clean = fixture("000_50ea10f2717e5a1e.txt");
    assert_eq!(
        run(&sub, &["check", "-q", s(&clean)]).status.code(),
        Some(0)
    );
    let strict = d.path().join("strict.toml");
    std::fs::write(&strict, "[rules]\n\"*\" = \"deny\"\n").unwrap();
    let o = run(&sub, &["check", "-q", "--config", s(&strict), s(&clean)]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // a bad file is a clear error naming the line
    std::fs::write(&strict, "[rules]\nT9-NOPE = \"deny\"\n").unwrap();
    let o = run(&sub, &["check", "--config", s(&strict), s(&clean)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("strict.toml:2") && err.contains("T9-NOPE"),
        "{err}"
    );
}

#[test]
fn local_deadlines_come_from_the_config() {
    let d = tempfile::tempdir().unwrap();
    // 西街街道办事处, 2023 report, published 2024-01-11
    let file = fixture("001_eb0a65417e597162.txt");
    let township_late = |dir: &Path| {
        let o = run(dir, &["check", "--format", "json", s(&file)]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "D-TOWNSHIP" && f["status"] == "violation")
    };
    assert!(!township_late(d.path()));
    std::fs::write(
        d.path().join("gongkai.toml"),
        "[thresholds.deadline]\nstreet_office = \"01-05\"\n",
    )
    .unwrap();
    assert!(township_late(d.path()));
}

#[test]
fn a_bodies_mapping_in_the_config_gives_the_identity() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let file = fixture("pingtan2023.txt");
    let xlsx = dir.join("r.xlsx");
    let body_key = |dir: &Path| {
        let o = run(dir, &["review", "-q", s(&file), "-o", s(&xlsx)]);
        assert_ne!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let rows = findings(&xlsx);
        let col = rows[0].iter().position(|c| c == "机关标识").unwrap();
        rows[1][col].clone()
    };
    assert!(
        body_key(dir).starts_with("name:"),
        "平潭综合实验区 is not in the division table"
    );
    std::fs::write(
        dir.join("gongkai.toml"),
        "[bodies]\nmapping = \"bodies.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("bodies.toml"),
        "[[body]]\nname = \"平潭综合实验区管委会\"\naliases = [\"平潭综合实验区\"]\nregion = \"350128\"\nkind = \"county_government\"\n",
    )
    .unwrap();
    assert_eq!(body_key(dir), "350128");
}

/// The rows of the workbook's sheet of all findings.
fn findings(xlsx: &Path) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
    let range = wb.worksheet_range("全部问题").unwrap();
    range
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
        .collect()
}

#[test]
fn waive_then_review_again() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::write(dir.join("gongkai.toml"), "").unwrap();
    let file = broken(dir);
    let xlsx = dir.join("review.xlsx");
    let html = dir.join("review.html");
    let o = run(
        dir,
        &["review", "-q", s(&file), "-o", s(&xlsx), "-o", s(&html)],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = findings(&xlsx);
    let col = |n: &str| rows[0].iter().position(|c| c == n).unwrap();
    let errors: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("级别")] == "错误" && r[col("状态")] == "待处理")
        .collect();
    assert!(!errors.is_empty());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains(&errors[0][col("问题编号")]));

    // a typo and an unknown id are refused
    let o = run(dir, &["waive", "GK-nothex", "--reason", "x", s(&file)]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(
        dir,
        &["waive", "GK-000000000000", "--reason", "x", s(&file)],
    );
    assert_eq!(o.status.code(), Some(2));
    for r in &errors {
        let o = run(
            dir,
            &[
                "waive",
                &r[col("问题编号")],
                "--reason",
                "已核实：表格另附",
                s(&file),
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let trail = std::fs::read_to_string(dir.join("gongkai-waivers.toml")).unwrap();
    assert!(trail.contains("by = \"tester\""), "{trail}");

    // the next run: the errors are waived, so the status is 0, and the rows say who and why
    let o = run(dir, &["review", "-q", s(&file), "-o", s(&xlsx)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = findings(&xlsx);
    let id = &errors[0][col("问题编号")];
    let row = rows.iter().find(|r| &r[col("问题编号")] == id).unwrap();
    assert_eq!(row[col("状态")], "已豁免");
    assert_eq!(row[col("豁免人")], "tester");
    assert_eq!(row[col("豁免理由")], "已核实：表格另附");

    // the file changes: the waiver no longer applies and says so
    let changed = std::fs::read_to_string(&file).unwrap().replacen(
        "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
        1,
    );
    std::fs::write(&file, changed).unwrap();
    let o = run(dir, &["review", "-q", s(&file), "-o", s(&xlsx)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("豁免不再适用") && err.contains(id.as_str()),
        "{err}"
    );

    // revoke, and the trail lists both events
    let o = run(dir, &["waive", id, "--revoke", "--reason", "撤回"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = run(dir, &["waivers"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("revoke") && out.contains("waive"), "{out}");
}

#[test]
fn score_ranks_and_traces_deductions() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    // table 4: one reconsideration corrected (and its total left at 0)
    let text = std::fs::read_to_string(fixture("001_eb0a65417e597162.txt"))
        .unwrap()
        .replacen(
            "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "0 | 2 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            1,
        );
    let corrected = dir.join("corrected.txt");
    std::fs::write(&corrected, text).unwrap();
    let clean = fixture("001_eb0a65417e597162.txt");
    let o = run(
        dir,
        &[
            "score",
            "-q",
            "--rubric",
            s(&rubric("licheng-2020.toml")),
            s(&corrected),
            s(&clean),
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let first = out.find("001_eb0a65417e597162.txt").unwrap();
    let second = out.find("corrected.txt").unwrap();
    assert!(first < second, "the clean report ranks first:\n{out}");
    assert!(
        out.contains("−6") && out.contains("table4.review.corrected = 2"),
        "{out}"
    );
    assert!(out.contains("需人工评估"), "{out}");
    assert!(
        out.contains("X-COPY"),
        "not assessable items are listed:\n{out}"
    );
    // no rubric: a clear error
    let o = run(dir, &["score", s(&clean)]);
    assert_eq!(o.status.code(), Some(2));
}

/// Generated township reports: `n` bodies of 2023, and the first one's 2022 report too.
fn generated(dir: &Path, n: u64) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let spec = |year| gongkai_synth::Spec {
        year: Some(year),
        body_kind: Some(gongkai_report::BodyKind::Township),
        ..gongkai_synth::Spec::default()
    };
    let mut first_org = None;
    for seed in 0..n {
        let mut rng = gongkai_synth::rng_for(seed, "cli-store-review");
        let r = gongkai_synth::SynthReport::generate_with(&mut rng, &spec(2023));
        if first_org.is_none() {
            first_org = Some(r.org.clone());
        }
        let text = gongkai_synth::render(&r, gongkai_synth::Layout::Pipes, &mut rng);
        let p = dir.join(format!("t{seed}-2023.txt"));
        std::fs::write(&p, text).unwrap();
        out.push(p);
    }
    let mut rng = gongkai_synth::rng_for(999, "cli-store-review");
    let mut last = gongkai_synth::SynthReport::generate_with(&mut rng, &spec(2022));
    last.org = first_org.unwrap();
    let p = dir.join("t0-2022.txt");
    std::fs::write(
        &p,
        gongkai_synth::render(&last, gongkai_synth::Layout::Pipes, &mut rng),
    )
    .unwrap();
    out.push(p);
    out
}

#[test]
fn review_score_and_waive_on_a_store() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::write(dir.join("gongkai.toml"), "").unwrap();
    let mut files = generated(dir, 12);
    files.push(broken(dir));
    let db = dir.join("g.db");
    let mut args = vec!["ingest", "-q", "--db", s(&db)];
    args.extend(files.iter().map(|f| s(f)));
    let o = run(dir, &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let licheng = rubric("licheng-2020.toml");
    let score = |year: Option<&str>| {
        let mut a = vec!["score", "-q", "--db", s(&db), "--rubric", s(&licheng)];
        if let Some(y) = year {
            a.extend(["--year", y]);
        }
        run(dir, &a)
    };
    let o = score(None);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("broken.txt"), "{out}");
    // The checks across bodies ran over the store: no longer "not compared".
    assert!(!out.contains("C-COPY 未与其他报告比较"), "{out}");
    // Of the 14 reports only t0's 2023 report had last year's stored: it alone was
    // compared across years.
    let x_not = out.matches("X-COPY 未与其他报告比较").count();
    assert_eq!(x_not, 13, "{out}");
    // The same over files says it did not compare.
    let o = run(dir, &["score", "-q", "--rubric", s(&licheng), s(&files[0])]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("C-COPY 未与其他报告比较"));
    // A selection.
    let o = score(Some("2022"));
    let out22 = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        out22.contains("t0-2022.txt") && !out22.contains("broken.txt"),
        "{out22}"
    );

    // review --db, then waive an error by its id, without the file.
    let xlsx = dir.join("review.xlsx");
    let o = run(dir, &["review", "-q", "--db", s(&db), "-o", s(&xlsx)]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = findings(&xlsx);
    let col = |n: &str| rows[0].iter().position(|c| c == n).unwrap();
    let errors: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("级别")] == "错误" && r[col("状态")] == "待处理")
        .collect();
    assert!(!errors.is_empty());
    for r in &errors {
        let o = run(
            dir,
            &[
                "waive",
                &r[col("问题编号")],
                "--db",
                s(&db),
                "--reason",
                "已核实",
                "--by",
                "王五",
            ],
        );
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("waiver_events"));
    }
    // The file of waivers is not touched; the store's trail lists the decisions.
    assert!(!dir.join("gongkai-waivers.toml").exists());
    let o = run(dir, &["waivers", "--db", s(&db)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("waive") && out.contains("王五"), "{out}");
    let o = run(dir, &["review", "-q", "--db", s(&db), "-o", s(&xlsx)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = findings(&xlsx);
    let id = &errors[0][col("问题编号")];
    let row = rows.iter().find(|r| &r[col("问题编号")] == id).unwrap();
    assert_eq!(row[col("状态")], "已豁免");
    // Files and --db together are refused.
    let o = run(
        dir,
        &["review", "--db", s(&db), s(&files[0]), "-o", s(&xlsx)],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_prints_the_ids_review_and_waive_use() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    std::fs::write(dir.join("gongkai.toml"), "").unwrap();
    let file = broken(dir);
    let xlsx = dir.join("review.xlsx");
    run(dir, &["review", "-q", s(&file), "-o", s(&xlsx)]);
    let rows = findings(&xlsx);
    let col = |n: &str| rows[0].iter().position(|c| c == n).unwrap();
    let reviewed: Vec<&str> = rows[1..]
        .iter()
        .filter(|r| r[col("状态")] != "不可评估")
        .map(|r| r[col("问题编号")].as_str())
        .collect();
    assert!(!reviewed.is_empty());
    let o = run(dir, &["check", "--format", "json", s(&file)]);
    let v: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for id in &reviewed {
        assert!(ids.contains(id), "{id} not in {ids:?}");
    }
    let o = run(dir, &["check", s(&file)]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!("T3-BALANCE {}", reviewed[0])) || out.contains(reviewed[0]),
        "{out}"
    );
    // parse --json is unchanged: no resolver, no ids
    let o = run(dir, &["parse", "--json", s(&file)]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("\"id\":\"GK-"));
}
