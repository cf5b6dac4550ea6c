//! Any bytes read as a text report: decode (encoding detection, normalisation), extract, check.
//! Containers that would start an external tool (PDF, OLE, RTF, zip-based office files) are
//! out of this target's scope: a "timeout" there is LibreOffice starting on a loaded machine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The reader's own sniffing decides (it also finds `%PDF-` after a preamble).
    if gongkai_decode::sniff(data) != gongkai_decode::Format::Text {
        return;
    }
    let opts = gongkai_decode::Options::with_limits(gongkai_decode::Limits {
        max_bytes: 1 << 20,
        ..gongkai_decode::Limits::default()
    });
    if let Ok(doc) = gongkai_decode::decode(data, &opts) {
        let mut r = gongkai_extract::extract(&doc, gongkai_report::Source::default());
        gongkai_check::check_report(&mut r, &doc.text, &gongkai_check::Config::default());
        let _ = gongkai_report::report_json(&r);
    }
});
