//! The DOCX package as Word, WPS and LibreOffice expect it: every part well-formed XML and
//! declared in `[Content_Types].xml`, every relationship's target present, and every table row
//! exactly as wide as its grid (`gridSpan`s summed), merged cells continued (`vMerge`) in
//! every row they cover. And the office's statements checked against the tables.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use gongkai_writer::{Format, Note, OfficeText, Options, compose, render};
use std::io::Read;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

#[test]
fn docx_package_is_whole_and_tables_are_rectangular() {
    for (seed, year) in [(5, 2020), (6, 2022), (7, 2025)] {
        let d = common::data(seed, year);
        let doc = compose(&d, None, &Options::default()).unwrap();
        let parts = parts(&render(&doc, Format::Docx, None).unwrap());
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        let types = &parts
            .iter()
            .find(|(n, _)| n == "[Content_Types].xml")
            .unwrap()
            .1;
        for (name, text) in &parts {
            roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            if name.ends_with(".xml") && !name.starts_with('[') {
                assert!(
                    types.contains(&format!("PartName=\"/{name}\"")),
                    "{name} not declared"
                );
            }
            if name.ends_with(".rels") {
                let base = name.replace("_rels/", "").replace(".rels", "");
                let dir = base.rsplit_once('/').map_or("", |(d, _)| d);
                for t in roxmltree::Document::parse(text)
                    .unwrap()
                    .descendants()
                    .filter_map(|n| n.attribute("Target"))
                {
                    let full = if dir.is_empty() {
                        t.to_owned()
                    } else {
                        format!("{dir}/{t}")
                    };
                    assert!(names.contains(&full.as_str()), "{name}: {full} missing");
                }
            }
        }
        let document = &parts
            .iter()
            .find(|(n, _)| n == "word/document.xml")
            .unwrap()
            .1;
        let xml = roxmltree::Document::parse(document).unwrap();
        let tables: Vec<_> = xml
            .descendants()
            .filter(|n| n.has_tag_name((W, "tbl")))
            .collect();
        assert_eq!(tables.len(), 3);
        for t in tables {
            let grid = t
                .descendants()
                .filter(|n| n.has_tag_name((W, "gridCol")))
                .count();
            let mut open = vec![false; grid];
            for tr in t.children().filter(|n| n.has_tag_name((W, "tr"))) {
                let mut col = 0;
                for tc in tr.children().filter(|n| n.has_tag_name((W, "tc"))) {
                    let prop = |tag: &str| {
                        tc.descendants()
                            .find(|n| n.has_tag_name((W, tag)))
                            .map(|n| n.attribute((W, "val")).unwrap_or("continue").to_owned())
                    };
                    let span: usize = prop("gridSpan").map_or(1, |v| v.parse().unwrap());
                    match prop("vMerge").as_deref() {
                        Some("restart") => open[col] = true,
                        Some(_) => assert!(open[col], "vMerge continues nothing at column {col}"),
                        None => open[col] = false,
                    }
                    assert!(
                        tc.children().any(|n| n.has_tag_name((W, "p"))),
                        "a cell without a paragraph"
                    );
                    col += span;
                }
                assert_eq!(col, grid, "a row of {col} columns in a grid of {grid}");
            }
        }
    }
}

#[test]
fn statements_against_the_tables_are_noted() {
    let d = common::data(8, 2023);
    let received = d
        .value(gongkai_format::TableId::Table3, "new_received", "total")
        .and_then(|n| n.as_int())
        .unwrap();
    let text = OfficeText::parse(&format!(
        "## 一、总体情况\n\n本年度共收到政府信息公开申请{}件。\n",
        received + 1
    ))
    .unwrap();
    let doc = compose(&d, Some(&text), &Options::default()).unwrap();
    assert!(
        doc.notes.iter().any(|n| matches!(
            n,
            Note::Disagrees {
                section: Some(1),
                ..
            }
        )),
        "{:?}",
        doc.notes
    );
    // The same sentence with the placeholder agrees.
    let text = OfficeText::parse(
        "## 一、总体情况\n\n本年度共收到政府信息公开申请{{table3.new_received.total}}件。\n",
    )
    .unwrap();
    let doc = compose(&d, Some(&text), &Options::default()).unwrap();
    assert!(
        !doc.notes
            .iter()
            .any(|n| matches!(n, Note::Disagrees { .. })),
        "{:?}",
        doc.notes
    );
}

#[test]
fn tables_of_another_edition_are_refused() {
    let mut d = common::data(9, 2023);
    d.table3.edition = Some(gongkai_format::Edition::E2019);
    assert!(matches!(
        compose(&d, None, &Options::default()),
        Err(gongkai_writer::ComposeError::Data(
            gongkai_writer::DataError::EditionMismatch { .. }
        ))
    ));
}
