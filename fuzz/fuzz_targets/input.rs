//! The input layer on any bytes as a file: content sniffing, the hand-read zip directory
//! (end record, zip64, names, duplicates), the zip crate's entries, GBK entry names, and each
//! entry read within a small budget. Decoding is left to the other targets (tiny limits).
#![no_main]

use gongkai_pipeline::{Budget, Limits, Options, Tools, expand, process};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temporary folder")).path()
}

fuzz_target!(|data: &[u8]| {
    let path = scratch().join("input");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let budget = Budget {
        decode: Limits {
            max_bytes: 64 * 1024,
            max_text: 256 * 1024,
            max_nodes: 10_000,
            ..Limits::default()
        },
        max_entries: 256,
        ..Budget::default()
    };
    // PDF and legacy office would start external tools: point them nowhere (missing_tool).
    let nowhere = std::path::PathBuf::from("/nonexistent/tool");
    let opts = Options {
        budget,
        tools: Tools {
            soffice: nowhere.clone(),
            pdftotext: nowhere.clone(),
            pdftoppm: nowhere.clone(),
            pdfimages: nowhere.clone(),
            tesseract: nowhere,
        },
        ..Options::default()
    };
    let inputs = expand(&[path.into_os_string()], &budget.list_limits());
    assert!(!inputs.is_empty(), "every argument yields an input or a failure");
    for input in inputs {
        let _ = input.name();
        let o = process(input, &opts);
        let _ = o.result.as_ref().map_err(|e| e.kind());
    }
});
