//! Any bytes inside an HTML page with a table: the HTML renderer and its source map, then the
//! extractor on the rendering.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut page = b"<html><body><table><tr><td>".to_vec();
    page.extend_from_slice(data);
    let opts = gongkai_decode::Options::with_limits(gongkai_decode::Limits {
        max_bytes: 1 << 20,
        ..gongkai_decode::Limits::default()
    });
    if let Ok(doc) = gongkai_decode::decode(&page, &opts) {
        let r = gongkai_extract::extract(&doc, gongkai_report::Source::default());
        for t in r.tables() {
            for row in &t.rows {
                for c in &row.cells {
                    assert!(doc.text.get(c.span.clone()).is_some(), "span off a char boundary");
                }
            }
        }
    }
});
