//! Any bytes decoded as XLSX (zip container, XML parts): no panic, bounded work.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = gongkai_decode::Limits { max_bytes: 1 << 20 };
    if let Ok(doc) = gongkai_decode::decode_as(data, gongkai_decode::Format::Xlsx, &limits) {
        let _ = gongkai_extract::extract(&doc, gongkai_report::Source::default());
    }
});
