//! Memory stays bounded on a PDF of thousands of small ruled-table pages (issue 7, item 2).
//!
//! The rules of table pages were found in renderings, one `pdftoppm` run per run of table
//! pages with all its output kept: about 440 KB per page, 4.4 GB for 10,000 pages. The PDF is
//! generated here (2,000 pages, each a small ruled table), decoded, and the growth of this
//! process's peak resident memory (`VmHWM`, Linux) is bounded. This file holds one test, so
//! that no other test shares the process and its peak.
//!
//! Needs `pdftotext` (Debian `poppler-utils`); without it the test says so and passes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pdf_writer;

use gongkai_decode::{ErrorKind, Options, decode};
use pdf_writer::{Op, grid, pdf};

const PAGES: usize = 2_000;
/// Peak growth allowed: the words and rules of every page, the PDF structure, the layout text.
/// Rendering the pages as before needs ~880 MB for these 2,000 pages.
const MAX_GROWTH_MB: u64 = 160;

/// Peak resident memory of this process so far, in KB (`None` off Linux).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn thousands_of_ruled_table_pages_take_bounded_memory() {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let pages: Vec<Vec<Op>> = (0..PAGES)
        .map(|p| {
            let mut page = grid(&[50.0, 250.0, 350.0, 450.0], &[90.0, 110.0, 130.0], 450.0);
            page.extend([
                Op::Text(60.0, 96.0, "Alpha"),
                Op::Text(290.0, 96.0, DIGITS[p % 10]),
                Op::Text(390.0, 96.0, DIGITS[(p / 10) % 10]),
                Op::Text(60.0, 116.0, "Beta"),
                Op::Text(390.0, 116.0, DIGITS[(p / 100) % 10]),
            ]);
            page
        })
        .collect();
    let bytes = pdf(&pages);
    drop(pages);
    let Some(before) = peak_kb() else {
        eprintln!("skipped: no /proc/self/status to measure peak memory");
        return;
    };
    let start = std::time::Instant::now();
    let d = match decode(&bytes, &Options::default()) {
        Err(e) if e.kind() == ErrorKind::MissingTool => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
            assert!(
                !ci,
                "pdftotext is not installed and CI=true: run scripts/setup.sh"
            );
            eprintln!("skipped: {e}");
            return;
        }
        r => r.unwrap(),
    };
    let after = peak_kb().unwrap_or(before);
    let growth_mb = after.saturating_sub(before) / 1024;
    eprintln!(
        "{PAGES} pages ({} KB of PDF): {:?}, peak memory +{growth_mb} MB",
        bytes.len() / 1024,
        start.elapsed()
    );
    // Every page was laid out with its rules: the empty cell of row Beta is there.
    let layout = d.layout();
    assert_eq!(
        layout
            .lines()
            .filter(|l| l.starts_with("| Beta |  | "))
            .count(),
        PAGES,
        "{}",
        &layout[..layout.len().min(2000)]
    );
    assert!(
        growth_mb <= MAX_GROWTH_MB,
        "peak memory grew by {growth_mb} MB (at most {MAX_GROWTH_MB})"
    );
}
