//! Any bytes read as a text report: decode (encoding detection, normalisation), extract, check.
//! Containers that would start an external tool (PDF, OLE) are out of this target's scope.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"%PDF") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || data.starts_with(b"PK") {
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
