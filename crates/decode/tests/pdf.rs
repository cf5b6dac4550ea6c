//! PDF decoding: rows and cells rebuilt from word boxes, page markers, furniture, scans, and
//! hostile files.
//!
//! Geometry is tested on small PDFs written here (Helvetica text at chosen positions, rules
//! drawn as lines) and on the fixtures of `fixtures/pdf` (LibreOffice prints of real and
//! synthetic reports). Needs `pdftotext` (Debian `poppler-utils`); without it every test says
//! so and passes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::{DecodeError, Document, ErrorKind, Format, Notice, Options, decode};
use std::path::Path;

mod pdf_writer;
use pdf_writer::{Op, grid, pdf};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pdf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Decode, or `None` (with a notice) when pdftotext is not installed.
fn read(bytes: &[u8]) -> Option<Result<Document, DecodeError>> {
    match decode(bytes, &Options::default()) {
        Err(e) if e.kind() == ErrorKind::MissingTool => {
            eprintln!("skipped: {e}");
            None
        }
        r => Some(r),
    }
}

fn layout(bytes: &[u8]) -> Option<Vec<String>> {
    let d = read(bytes)?.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.format, Format::Pdf);
    Some(d.layout().lines().map(str::to_owned).collect())
}

fn has_line(lines: &[String], want: &str) {
    assert!(
        lines.iter().any(|l| l == want),
        "no line {want:?} in:\n{}",
        lines.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Small PDFs written by hand

#[test]
fn values_in_columns_keep_their_empty_cells() {
    // No rules: columns come from where the values line up.
    let page = vec![
        Op::Text(60.0, 100.0, "Alpha"),
        Op::Text(300.0, 100.0, "1"),
        Op::Text(400.0, 100.0, "2"),
        Op::Text(500.0, 100.0, "3"),
        Op::Text(60.0, 120.0, "Beta"),
        Op::Text(400.0, 120.0, "5"),
        Op::Text(60.0, 140.0, "Gamma"),
        Op::Text(300.0, 140.0, "7"),
        Op::Text(400.0, 140.0, "8"),
    ];
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    assert_eq!(
        lines,
        [
            "第 1 页 / 共 1 页",
            "| Alpha | 1 | 2 | 3 |",
            "| Beta |  | 5 |  |",
            "| Gamma | 7 | 8 |  |",
        ]
    );
}

#[test]
fn ruled_columns_hold_even_when_empty_in_every_row() {
    // Four columns drawn; the third is empty in both rows.
    let mut page = Vec::new();
    for x in [50.0, 250.0, 350.0, 450.0, 550.0] {
        page.push(Op::Rule(x, 90.0, x, 150.0));
    }
    for y in [90.0, 110.0, 130.0, 150.0] {
        page.push(Op::Rule(50.0, y, 550.0, y));
    }
    page.extend([
        Op::Text(60.0, 96.0, "Label"),
        Op::Text(280.0, 96.0, "Head"),
        Op::Text(380.0, 96.0, "Empty"),
        Op::Text(480.0, 96.0, "Last"),
        Op::Text(60.0, 116.0, "One"),
        Op::Text(290.0, 116.0, "1"),
        Op::Text(490.0, 116.0, "3"),
        Op::Text(60.0, 136.0, "Two"),
        Op::Text(490.0, 136.0, "6"),
    ]);
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    has_line(&lines, "| One | 1 |  | 3 |");
    has_line(&lines, "| Two |  |  | 6 |");
}

#[test]
fn a_rule_between_close_cells_separates_them() {
    // Chromium: about 1 pt of padding, so the text of neighbouring cells is closer than a
    // wide space. The rule between them is the boundary (failure 13a).
    let mut page = grid(&[50.0, 250.0, 300.5, 350.0], &[90.0, 110.0, 130.0], 350.0);
    page.extend([
        Op::Text(60.0, 96.0, "Alpha"),
        Op::Text(289.0, 96.0, "12"),
        Op::Text(302.0, 96.0, "34"),
        Op::Text(60.0, 116.0, "Beta"),
        Op::Text(289.0, 116.0, "56"),
        Op::Text(302.0, 116.0, "78"),
    ]);
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    has_line(&lines, "| Alpha | 12 | 34 |");
    has_line(&lines, "| Beta | 56 | 78 |");
}

#[test]
fn a_row_without_its_closing_rule_ends_where_its_rules_end() {
    // A table cut at the right margin (x = 560): no rule closes the last column, the
    // horizontal rules stop at the cut. The last column keeps its empty cells (13b), and a
    // number reaching the cut is not read: 23 may be the start of 237.
    let mut page = grid(
        &[50.0, 250.0, 350.0, 450.0],
        &[90.0, 110.0, 130.0, 150.0, 170.0],
        560.0,
    );
    page.extend([
        Op::Text(60.0, 96.0, "One"),
        Op::Text(290.0, 96.0, "1"),
        Op::Text(390.0, 96.0, "2"),
        Op::Text(500.0, 96.0, "3"),
        Op::Text(60.0, 116.0, "Two"),
        Op::Text(290.0, 116.0, "4"),
        Op::Text(390.0, 116.0, "5"),
        Op::Text(60.0, 136.0, "Three"),
        Op::Text(290.0, 136.0, "6"),
        Op::Text(549.0, 136.0, "23"),
        Op::Text(60.0, 156.0, "Four"),
        Op::Text(390.0, 156.0, "8"),
    ]);
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    // Rules found in a rendering (without the `pdf-vector` feature) cannot tell a table cut
    // at the margin from one drawn without its right border: its empty last cells are unread.
    let open = if cfg!(feature = "pdf-vector") {
        ""
    } else {
        gongkai_decode::ILLEGIBLE
    };
    let cut = gongkai_decode::ILLEGIBLE;
    has_line(&lines, "| One | 1 | 2 | 3 |");
    has_line(&lines, &format!("| Two | 4 | 5 | {open} |"));
    has_line(&lines, &format!("| Three | 6 |  | {cut} |"));
    has_line(&lines, &format!("| Four |  | 8 | {open} |"));
}

#[test]
fn a_table_clipped_at_the_margin_leaves_its_cut_cells_unread() {
    // Drawn to x = 600, clipped at 540: the last column is cut through the middle. Its
    // empty-looking cells may hold numbers beyond the cut: unread too.
    let mut page = vec![Op::Clip(0.0, 0.0, 540.0, 842.0)];
    page.extend(grid(
        &[50.0, 250.0, 350.0, 450.0, 600.0],
        &[90.0, 110.0, 130.0],
        600.0,
    ));
    page.extend([
        Op::Text(60.0, 96.0, "One"),
        Op::Text(290.0, 96.0, "1"),
        Op::Text(390.0, 96.0, "2"),
        Op::Text(60.0, 116.0, "Two"),
        Op::Text(290.0, 116.0, "4"),
        Op::Text(390.0, 116.0, "5"),
    ]);
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    let cut = gongkai_decode::ILLEGIBLE;
    has_line(&lines, &format!("| One | 1 | 2 | {cut} |"));
    has_line(&lines, &format!("| Two | 4 | 5 | {cut} |"));
}

#[test]
fn all_rows_of_a_ruled_table_share_its_grid() {
    // Row Two has no rule at x = 350 (a merged cell): its values still fall in the table's
    // columns; row Three's value lies across the missing rule: neither column is known.
    let mut page: Vec<Op> = [90.0, 110.0, 130.0, 150.0]
        .iter()
        .map(|&y| Op::Rule(50.0, y, 550.0, y))
        .collect();
    for x in [50.0, 250.0, 450.0, 550.0] {
        page.push(Op::Rule(x, 90.0, x, 150.0));
    }
    page.push(Op::Rule(350.0, 90.0, 350.0, 110.0));
    page.extend([
        Op::Text(60.0, 96.0, "One"),
        Op::Text(290.0, 96.0, "1"),
        Op::Text(390.0, 96.0, "2"),
        Op::Text(490.0, 96.0, "3"),
        Op::Text(60.0, 116.0, "Two"),
        Op::Text(290.0, 116.0, "4"),
        Op::Text(490.0, 116.0, "6"),
        Op::Text(60.0, 136.0, "Three"),
        Op::Text(340.0, 136.0, "789"),
        Op::Text(490.0, 136.0, "9"),
    ]);
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    has_line(&lines, "| One | 1 | 2 | 3 |");
    has_line(&lines, "| Two | 4 |  | 6 |");
    let across = gongkai_decode::ILLEGIBLE;
    has_line(&lines, &format!("| Three | {across} | {across} | 9 |"));
}

#[test]
fn runs_of_blank_ruled_rows_are_rows() {
    // Three rows with no value at all between two rows with values: each is a row of empty
    // cells, not free text (13d).
    let ys: Vec<f64> = (0..6).map(|i| 90.0 + 20.0 * f64::from(i)).collect();
    let mut page = grid(&[50.0, 250.0, 350.0, 450.0], &ys, 450.0);
    for (i, label) in ["First", "Blank one", "Blank two", "Blank three", "Last"]
        .iter()
        .enumerate()
    {
        page.push(Op::Text(60.0, 96.0 + 20.0 * i as f64, label));
    }
    page.extend([
        Op::Text(290.0, 96.0, "1"),
        Op::Text(390.0, 96.0, "2"),
        Op::Text(290.0, 176.0, "3"),
        Op::Text(390.0, 176.0, "4"),
    ]);
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    has_line(&lines, "| First | 1 | 2 |");
    for l in ["Blank one", "Blank two", "Blank three"] {
        has_line(&lines, &format!("| {l} |  |  |"));
    }
    has_line(&lines, "| Last | 3 | 4 |");
}

#[test]
fn a_label_wrapped_around_its_values_makes_one_row() {
    // Two-line labels with the value centred between their lines.
    let page = vec![
        Op::Text(60.0, 100.0, "First label that"),
        Op::Text(300.0, 106.0, "11"),
        Op::Text(400.0, 106.0, "12"),
        Op::Text(60.0, 112.0, "wraps"),
        Op::Text(60.0, 130.0, "Second label"),
        Op::Text(300.0, 136.0, "21"),
        Op::Text(400.0, 136.0, "22"),
        Op::Text(60.0, 142.0, "too"),
    ];
    let Some(lines) = layout(&pdf(&[page])) else {
        return;
    };
    has_line(&lines, "| First label that wraps | 11 | 12 |");
    has_line(&lines, "| Second label too | 21 | 22 |");
}

#[test]
fn running_headers_and_page_numbers_are_dropped() {
    let pages: Vec<Vec<Op>> = ["- 1 -", "- 2 -", "- 3 -"]
        .iter()
        .zip(["Body one", "Body two", "Body three"])
        .map(|(n, body)| {
            vec![
                Op::Text(200.0, 40.0, "County report 2023"),
                Op::Text(60.0, 300.0, body),
                Op::Text(290.0, 800.0, n),
            ]
        })
        .collect();
    let Some(lines) = layout(&pdf(&pages)) else {
        return;
    };
    assert_eq!(
        lines,
        [
            "第 1 页 / 共 3 页",
            "Body one",
            "第 2 页 / 共 3 页",
            "Body two",
            "第 3 页 / 共 3 页",
            "Body three",
        ]
    );
}

#[test]
fn a_blank_page_is_not_a_scan() {
    let Some(d) = read(&pdf(&[vec![], vec![Op::Text(60.0, 100.0, "Text")]])) else {
        return;
    };
    let d = d.unwrap();
    assert_eq!(d.notices, [Notice::ConvertedBy("pdftotext".into())]);
    assert_eq!(d.layout(), "第 1 页 / 共 2 页\n第 2 页 / 共 2 页\nText\n");
}

// ---------------------------------------------------------------------------------------------
// Fixtures

#[test]
fn a_real_report_prints_its_table_rows() {
    let Some(lines) = layout(&fixture("docs/sh2020_city.pdf")) else {
        return;
    };
    // A number wrapped inside its narrow cell (2695 / 4), a label over two lines.
    has_line(
        &lines,
        "| 一、本年新收政府信息公开申请数量 | 26954 | 1718 | 13 | 60 | 144 | 237 | 29130 |",
    );
    // A label spanning the rows of its group goes to the first of them.
    has_line(
        &lines,
        "| 三、本年度办理结果 | （一）予以公开 | 10544 | 514 | 4 | 16 | 92 | 50 | 11220 |",
    );
    // Cells covered by labels spanning rows are empty cells.
    has_line(
        &lines,
        "|  | 2.其他法律行政法规禁止公开 | 87 | 3 | 0 | 0 | 0 | 1 | 91 |",
    );
    // A row cut by a page break is one line again.
    has_line(
        &lines,
        "|  | 3.危及“三安全一稳定” | 21 | 0 | 0 | 0 | 0 | 0 | 21 |",
    );
    // Table 4: one row of fifteen values.
    has_line(
        &lines,
        "| 637 | 42 | 66 | 68 | 813 | 316 | 21 | 80 | 25 | 442 | 226 | 2 | 42 | 19 | 289 |",
    );
    has_line(&lines, "| 政府集中采购 | 47 | 27225290916 元 |");
}

#[test]
fn every_page_starts_with_its_marker() {
    let Some(d) = read(&fixture("docs/sh2020_city.pdf")) else {
        return;
    };
    let d = d.unwrap();
    let markers: Vec<&str> = d
        .layout()
        .lines()
        .filter(|l| l.starts_with("第 "))
        .collect();
    let total = markers.len();
    assert!(total >= 10, "{total} pages");
    for (i, m) in markers.iter().enumerate() {
        assert_eq!(*m, format!("第 {} 页 / 共 {total} 页", i + 1));
    }
    assert!(d.layout().starts_with("第 1 页"));
    // The decoded text is the layout: spans point into it.
    assert_eq!(d.text, d.layout());
    assert!(d.notices.contains(&Notice::ConvertedBy("pdftotext".into())));
}

#[test]
fn empty_cells_of_a_ruled_table_are_printed() {
    let Some(lines) = layout(&fixture("docs/synth_plain_2021.pdf")) else {
        return;
    };
    has_line(&lines, "| 规章 |  |  | 0 |");
    has_line(&lines, "| 行政规范性文件 |  | 0 | 3 |");
    // A row with no value at all is still a row.
    has_line(&lines, "| 行政处罚 |  |");
}

#[test]
fn labels_wrapped_in_narrow_columns_are_whole() {
    let Some(lines) = layout(&fixture("docs/synth_narrow_2019.pdf")) else {
        return;
    };
    let row = lines
        .iter()
        .find(|l| l.contains("（二）部分公开"))
        .expect("row (二)");
    assert!(
        row.contains("（二）部分公开（区分处理的，只计这一情形，不计其他情形） |"),
        "{row}"
    );
    // Every row of table 3 has its seven values.
    for l in lines
        .iter()
        .filter(|l| l.contains("属于") && l.starts_with('|'))
    {
        let cells = l.trim_matches('|').split('|').count();
        assert!(cells >= 8, "{l}");
    }
}

#[test]
fn a_scan_says_it_needs_ocr_or_was_read_by_ocr() {
    let Some(d) = read(&fixture("docs/scan_sh2020_t3.pdf")) else {
        return;
    };
    let d = d.unwrap();
    let scan = d
        .notices
        .iter()
        .any(|n| matches!(n, Notice::NeedsOcr { pages } | Notice::Ocr { pages } if pages == &[1]));
    assert!(scan, "{:?}", d.notices);
    if d.notices.iter().any(|n| matches!(n, Notice::Ocr { .. })) {
        // Read cell by cell: the numbers of table 3 come out exactly.
        let lines: Vec<String> = d.layout().lines().map(str::to_owned).collect();
        has_line(
            &lines,
            "| 二、上年结转政府信息公开申请数量 | 1327 | 69 | 0 | 0 | 3 | 1 | 1400 |",
        );
    } else {
        assert_eq!(d.layout(), "第 1 页 / 共 1 页\n");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile files

#[test]
fn a_truncated_pdf_is_a_clear_error() {
    let bytes = fixture("docs/sh2020_city.pdf");
    let Some(r) = read(&bytes[..bytes.len() / 2]) else {
        return;
    };
    let e = r.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Corrupt);
    assert!(
        e.to_string().contains("xref") || e.to_string().contains("trailer"),
        "{e}"
    );
}

#[test]
fn garbage_after_the_header_is_a_clear_error() {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let Some(r) = read(&bytes) else {
        return;
    };
    assert_eq!(r.unwrap_err().kind(), ErrorKind::Corrupt);
    let Some(r) = read(b"%PDF-") else {
        return;
    };
    assert_eq!(r.unwrap_err().kind(), ErrorKind::Corrupt);
}

#[test]
fn an_encrypted_pdf_asks_for_its_password() {
    let Some(r) = read(&fixture("hostile/encrypted.pdf")) else {
        return;
    };
    let e = r.unwrap_err();
    assert!(
        matches!(
            e,
            DecodeError::Unsupported(gongkai_decode::Unsupported::Encrypted)
        ),
        "{e}"
    );
}

#[test]
fn pages_of_thousands_of_values_take_bounded_time() {
    // Grids of values far denser than any report page: just under the size laid out as a
    // table, and beyond it (printed line by line).
    for cols in [39, 48] {
        let mut page = Vec::new();
        for r in 0..100 {
            for c in 0..cols {
                page.push(Op::Text(
                    5.0 + 12.0 * f64::from(c),
                    20.0 + 8.0 * f64::from(r),
                    "7",
                ));
            }
        }
        let start = std::time::Instant::now();
        let Some(lines) = layout(&pdf(&[page])) else {
            return;
        };
        assert!(lines.len() > 50, "{} lines", lines.len());
        assert!(
            start.elapsed().as_secs() < 20,
            "{cols}: {:?}",
            start.elapsed()
        );
        eprintln!("{cols} columns: {:?}", start.elapsed());
    }
}
