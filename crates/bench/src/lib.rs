//! What the benchmarks measure: one report from bytes to checked findings.

use gongkai_check::Config;
use gongkai_decode::{Limits, decode};
use gongkai_report::{Report, Source};

/// Decode, extract and check one document, as `gongkai check` does for each file.
pub fn parse_and_check(bytes: &[u8]) -> Option<Report> {
    let doc = decode(bytes, &Limits::default()).ok()?;
    let mut r = gongkai_extract::extract(&doc, Source::default());
    gongkai_check::check_report(&mut r, &doc.text, &Config::default());
    Some(r)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_benchmarked_path_reads_a_report() {
        let text = include_str!("../../../fixtures/corpus/docs/001_eb0a65417e597162.txt");
        let r = super::parse_and_check(text.as_bytes()).unwrap();
        assert_eq!(r.table3.rows.len(), 25);
    }
}
