//! Any bytes decoded as XLSX (zip container, XML parts): no panic, bounded work.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = gongkai_decode::Options::with_limits(gongkai_decode::Limits {
        max_bytes: 1 << 20,
        ..gongkai_decode::Limits::default()
    });
    if let Ok(doc) = gongkai_decode::decode_as(data, gongkai_decode::Format::Xlsx, &opts) {
        let _ = gongkai_extract::extract(&doc, gongkai_report::Source::default());
    }
});
