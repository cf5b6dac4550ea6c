//! Write one synthetic web page or Word document and print the layout text the decoder gives:
//!
//! ```text
//! cargo run -p gongkai-synth --example structured -- html|docx SEED [OUT_FILE]
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_decode::decode;
use gongkai_synth::{Options, docx_case, html_case};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).expect("SEED");
    let (_, bytes) = match args.first().map(String::as_str) {
        Some("html") => html_case(seed, Options::default()),
        Some("docx") => docx_case(seed, Options::default()),
        _ => panic!("first argument: html or docx"),
    };
    if let Some(out) = args.get(2) {
        std::fs::write(out, &bytes).unwrap();
    }
    let d = decode(&bytes, &gongkai_decode::Options::default()).unwrap();
    print!("{}", d.layout());
}
