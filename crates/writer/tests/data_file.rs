//! The data file (TOML or JSON) and table 3 from the ledger: what is written is what the file
//! and the cases say, and it reads back the same; every mistake is a typed error naming its
//! place.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Blanks, data, differences, read, same_tables, to_toml};
use gongkai_format::TableId;
use gongkai_writer::{
    DataError, Format, Given, Options, ReportData, Syntax, Zeros, compose, render,
    table3_from_ledger,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// A data file of any consistent data parses back to the same tables, in TOML and in JSON.
    #[test]
    fn data_files_parse_to_the_data(seed in any::<u64>(), year in 2019i32..=2025) {
        let d = data(seed, year);
        let toml_text = to_toml(&d);
        let back = ReportData::from_data_file(&toml_text, Syntax::Toml, Given::default()).unwrap();
        prop_assert_eq!(same_tables(&d, &back), Vec::<String>::new());
        prop_assert_eq!(&back.body, &d.body);
        prop_assert_eq!(back.year, d.year);
        prop_assert_eq!(&back.published, &d.published);
        // The same file in JSON.
        let v: serde_json::Value = toml::from_str(&toml_text).unwrap();
        let back = ReportData::from_data_file(&v.to_string(), Syntax::Json, Given::default()).unwrap();
        prop_assert_eq!(same_tables(&d, &back), Vec::<String>::new());
    }
}

fn township(given: Given) -> Result<ReportData, DataError> {
    ReportData::from_data_file(include_str!("data/township-2024.toml"), Syntax::Toml, given)
}

fn ledger_table3() -> gongkai_report::Table {
    let cases =
        gongkai_ledger::import_csv(include_bytes!("../../../fixtures/ledger/township-2024.csv"))
            .unwrap();
    table3_from_ledger(&cases, 2024).unwrap()
}

/// The township's report: table 3 from its ledger, tables 2 and 4 from the data file; every
/// format reads back to the same tables without an error-level finding.
#[test]
fn township_report_from_ledger_and_data_file() {
    let d = township(Given {
        table3: Some(ledger_table3()),
        ..Given::default()
    })
    .unwrap();
    let t3 = |row: &str| {
        d.value(TableId::Table3, row, "total")
            .and_then(|n| n.as_int())
    };
    // The ledger's year: 31 cases received in 2024, 2 carried over from 2023.
    assert_eq!(t3("carried_over"), Some(2));
    assert!(t3("new_received").unwrap() > 20);
    assert_eq!(
        t3("new_received").unwrap() + t3("carried_over").unwrap(),
        t3("total").unwrap() + t3("carry_forward").unwrap()
    );
    let doc = compose(&d, None, &Options::default()).unwrap();
    for format in [Format::Markdown, Format::Html, Format::Docx] {
        let got = read(
            &format!("report.{format}"),
            render(&doc, format, None).unwrap(),
        );
        let diff = differences(&d, Zeros::AsData, &got, Blanks::Kept);
        assert!(diff.is_empty(), "{format}: {diff:#?}");
    }
    let md = String::from_utf8(render(&doc, Format::Markdown, None).unwrap()).unwrap();
    assert!(md.contains("上年度结转申请2件"), "{md}");
    assert!(md.contains("2025年1月20日"));
}

#[test]
fn mistakes_are_typed_and_placed() {
    // Table 3 neither in the file nor from a ledger.
    assert!(matches!(
        township(Given::default()),
        Err(DataError::Missing { .. })
    ));
    // A year on the command line that differs from the file's.
    assert!(matches!(
        township(Given {
            year: Some(2023),
            table3: Some(ledger_table3()),
            ..Given::default()
        }),
        Err(DataError::Conflict { .. })
    ));
    let parse = |t: &str| ReportData::from_data_file(t, Syntax::Toml, Given::default());
    match parse("body = \"某镇\"\nyear = 2024\n[table2\n") {
        Err(DataError::Toml { line: 3, .. }) => {}
        other => panic!("{other:?}"),
    }
    match parse("body = \"某镇\"\nyear = 2024\n[table2]\nregulation = { issued = 1 }\n") {
        Err(DataError::UnknownCell { row, col: None, .. }) => assert_eq!(row, "regulation"),
        other => panic!("{other:?}"),
    }
    match parse("body = \"某镇\"\nyear = 2024\n[table4]\nreview = [1, 0, 0]\n") {
        Err(DataError::Shape { place, what }) => {
            assert_eq!(place, "table4.review");
            assert!(
                what.contains("upheld, corrected, other, pending, total"),
                "{what}"
            );
        }
        other => panic!("{other:?}"),
    }
    match parse("body = \"某镇\"\nyear = 2024\ncolour = 1\n") {
        Err(DataError::Shape { place, .. }) => assert_eq!(place, "colour"),
        other => panic!("{other:?}"),
    }
    // Every cell must be given: the first one missing is named.
    let d = data(3, 2022);
    let text = to_toml(&d).replace("granted = { natural_person", "granted = { x_natural_person");
    match parse(&text) {
        Err(DataError::UnknownCell { col: Some(c), .. }) => assert_eq!(c, "x_natural_person"),
        other => panic!("{other:?}"),
    }
    let text = to_toml(&d).replacen(", total = ", ", xtotal = ", 1);
    assert!(parse(&text).is_err());
    let full = to_toml(&d);
    let mut lines: Vec<&str> = full.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("granted ="))
        .unwrap();
    lines.remove(i);
    match parse(&lines.join("\n")) {
        Err(DataError::MissingCell { table, row, .. }) => {
            assert_eq!((table, row), (TableId::Table3, "granted"));
        }
        other => panic!("{other:?}"),
    }
}
