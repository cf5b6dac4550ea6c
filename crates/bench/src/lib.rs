//! What the benchmarks measure: one report from bytes to checked findings, through the same
//! pipeline as `gongkai check` ([`gongkai_pipeline::process_bytes`]: hash, decode, extract,
//! check).

use gongkai_pipeline::{Options, process_bytes};
use gongkai_report::Report;

/// Hash, decode, extract and check one document, as `gongkai check` does for each file.
pub fn parse_and_check(bytes: &[u8]) -> Option<Report> {
    process_bytes("", bytes.to_vec(), &Options::default())
        .result
        .ok()
        .map(|p| p.report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_benchmarked_path_reads_a_report() {
        let text = include_str!("../../../fixtures/corpus/docs/001_eb0a65417e597162.txt");
        let r = super::parse_and_check(text.as_bytes()).unwrap();
        assert_eq!(r.table3.rows.len(), 25);
        assert_eq!(r.source.sha256.len(), 64);
    }
}
