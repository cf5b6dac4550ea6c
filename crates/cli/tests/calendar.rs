//! `gongkai calendar`: output and exit status.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("calendar")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn workday_exit_status_is_like_test() {
    // A make-up Sunday before National Day 2024.
    let o = run(&["workday", "2024-09-29"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("工作日 (working day)"), "{out}");
    assert!(
        out.contains("调休上班日，属国庆节假期安排（国办发明电〔2023〕7号）"),
        "{out}"
    );
    assert!(
        out.contains("国务院办公厅关于2024年部分节假日安排的通知"),
        "{out}"
    );
    // An ordinary Tuesday.
    let o = run(&["workday", "2024-10-08"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("2024-10-08 星期二：工作日"));
    // A holiday and a weekend.
    let o = run(&["workday", "2024-10-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("国庆节假期（2024-10-01 至 2024-10-07"));
    let o = run(&["workday", "2024-10-13"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("周末休息日"));
    // 2020-02-01: a make-up day cancelled by the extension of the Spring Festival.
    let o = run(&["workday", "2020-02-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("国办发明电〔2020〕1号"));
}

#[test]
fn a_date_outside_the_data_is_status_2() {
    let o = run(&["workday", "2027-01-04"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("outside the holiday data"), "{err}");
    // Not a date at all: clap's usage error, also 2.
    assert_eq!(run(&["workday", "2024-02-30"]).status.code(), Some(2));
}

#[test]
fn deadline_prints_the_due_date_and_why() {
    let o = run(&["deadline", "--received", "2024-09-27"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert_eq!(first, "截止日期 (due): 2024-10-30 星期三");
    assert!(
        out.contains("跳过 2024-10-01 至 2024-10-07（7 天）：国庆节假期（国办发明电〔2023〕7号）"),
        "{out}"
    );
    assert!(out.contains("跳过周末 6 天"), "{out}");
    assert!(
        out.contains("2024-09-29（国庆节调休上班）、2024-10-12（国庆节调休上班）"),
        "{out}"
    );
}

#[test]
fn deadline_with_days_and_pauses() {
    let o = run(&[
        "deadline",
        "--received",
        "2024-03-04",
        "--pause",
        "2024-03-11..2024-03-15",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("截止日期 (due): 2024-04-09"), "{out}");
    assert!(
        out.contains(
            "跳过 2024-03-11 至 2024-03-15（5 天）：不计算：暂停计算 2024-03-11 至 2024-03-15"
        ),
        "{out}"
    );
    assert!(out.contains("清明节假期"), "{out}");
    let o = run(&["deadline", "--received", "2024-09-27", "--days", "40"]);
    assert!(stdout(&o).starts_with("截止日期 (due): 2024-11-27"));
    // A pause the wrong way round, or not a range.
    for bad in ["2024-03-15..2024-03-11", "2024-03-11"] {
        let o = run(&["deadline", "--received", "2024-03-04", "--pause", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}

#[test]
fn a_deadline_beyond_the_data_is_status_2() {
    let o = run(&["deadline", "--received", "2026-12-10"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("2027-01-01 is outside the holiday data"),
        "{err}"
    );
}
