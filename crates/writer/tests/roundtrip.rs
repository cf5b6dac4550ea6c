//! Round trip: what the writer writes, gongkai's own reader (the pipeline: decode → extract →
//! check) reads back to the same tables, body, year, publication date, edition and six
//! sections, with no error-level finding — for every format, both editions and every way of
//! printing zeros. PDF is tested with each program installed (Chromium, LibreOffice); a
//! missing program is a skip with a message, or a failure under `CI=true`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Blanks, data, differences, read};
use gongkai_writer::{Format, OfficeText, Options, PdfOptions, PdfTools, Zeros, compose, render};
use proptest::prelude::*;
use std::time::Duration;

const ZEROS: [Zeros; 3] = [Zeros::AsData, Zeros::Blank, Zeros::Zero];

fn round_trip(seed: u64, year: i32, zeros: Zeros, format: Format, pdf: Option<&PdfOptions>) {
    let d = data(seed, year);
    let doc = compose(&d, None, &Options { zeros }).unwrap();
    let bytes = render(&doc, format, pdf).unwrap();
    let got = read(&format!("report.{format}"), bytes);
    let diff = differences(&d, zeros, &got, Blanks::Kept);
    assert!(
        diff.is_empty(),
        "seed {seed}, year {year}, {zeros:?}, {format}: {diff:#?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn markdown_html_docx_read_back_the_same(
        seed in any::<u64>(),
        year in 2019i32..=2025,
        zeros in prop::sample::select(&ZEROS[..]),
    ) {
        for format in [Format::Markdown, Format::Html, Format::Docx] {
            round_trip(seed, year, zeros, format, None);
        }
    }
}

/// The office's own text with placeholders: filled from the data, read back in agreement.
#[test]
fn office_text_with_placeholders_reads_back_without_errors() {
    let text = OfficeText::parse(
        "## 一、总体情况\n\n{{year}}年，{{body}}共收到政府信息公开申请{{table3.new_received.total}}件，上年度结转{{table3.carried_over.total}}件。\n\n## 五、存在的主要问题及改进情况\n\n信息公开的及时性有待提高。下一步将加强培训。\n",
    )
    .unwrap();
    for (seed, year) in [(1, 2020), (2, 2023)] {
        let d = data(seed, year);
        let doc = compose(&d, Some(&text), &Options::default()).unwrap();
        assert!(
            !doc.notes
                .iter()
                .any(|n| matches!(n, gongkai_writer::Note::Disagrees { .. })),
            "{:?}",
            doc.notes
        );
        for format in [Format::Markdown, Format::Html, Format::Docx] {
            let bytes = render(&doc, format, None).unwrap();
            let got = read(&format!("report.{format}"), bytes);
            let diff = differences(&d, Zeros::AsData, &got, Blanks::Kept);
            assert!(diff.is_empty(), "seed {seed}, {format}: {diff:#?}");
        }
    }
}

/// Which PDF programs to test: each one installed, alone (so that both paths are tested when
/// both are there).
fn pdf_engines() -> Vec<(&'static str, PdfTools)> {
    let found = PdfTools::find(std::env::var_os("PATH").as_deref());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let mut out = Vec::new();
    for (name, path) in [
        ("Chromium", &found.chromium),
        ("LibreOffice", &found.soffice),
    ] {
        match path {
            Some(p) => out.push((
                name,
                PdfTools {
                    chromium: (name == "Chromium").then(|| p.clone()),
                    soffice: (name == "LibreOffice").then(|| p.clone()),
                },
            )),
            None if ci => {
                panic!("CI=true and {name} is not installed: the PDF round trip cannot run")
            }
            None => eprintln!(
                "skipped: {name} is not installed, the PDF round trip through it is not tested"
            ),
        }
    }
    out
}

#[test]
fn pdf_reads_back_the_same() {
    for (name, tools) in pdf_engines() {
        let opts = PdfOptions {
            tools,
            temp_parent: std::env::temp_dir(),
            timeout: Duration::from_secs(180),
        };
        // Both editions, blank and printed zeros.
        for (seed, year, zeros) in [
            (11, 2020, Zeros::AsData),
            (12, 2024, Zeros::Blank),
            (13, 2022, Zeros::Zero),
        ] {
            let d = data(seed, year);
            let doc = compose(&d, None, &Options { zeros }).unwrap();
            let bytes = render(&doc, Format::Pdf, Some(&opts)).unwrap();
            let got = read("report.pdf", bytes);
            let diff = differences(&d, zeros, &got, Blanks::Kept);
            assert!(
                diff.is_empty(),
                "{name}: seed {seed}, year {year}, {zeros:?}: {diff:#?}"
            );
        }
    }
}

#[test]
fn pdf_without_a_program_is_a_typed_error() {
    let d = data(1, 2023);
    let doc = compose(&d, None, &Options::default()).unwrap();
    let opts = PdfOptions {
        tools: PdfTools::default(),
        temp_parent: std::env::temp_dir(),
        timeout: Duration::from_secs(1),
    };
    match render(&doc, Format::Pdf, Some(&opts)) {
        Err(gongkai_writer::RenderError::Pdf(gongkai_writer::PdfError::NoTool)) => {}
        other => panic!("{:?}", other.map(|b| b.len())),
    }
}
