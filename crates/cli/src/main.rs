use clap::Parser;
use gongkai_decode::{Limits, decode};
use gongkai_report::{Source, error_json, report_json};
use sha2::{Digest, Sha256};

#[derive(Parser)]
struct Cli {
    #[arg(long)]
    json: bool,
    cmd: String,
    files: Vec<String>,
}

fn main() {
    let cli = Cli::parse();
    for f in &cli.files {
        let bytes = std::fs::read(f).unwrap_or_default();
        let mut src = Source {
            path: f.clone(),
            bytes: bytes.len() as u64,
            sha256: Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            ..Default::default()
        };
        match decode(&bytes, &Limits::default()) {
            Ok(doc) => {
                src.format = doc.format.as_str().into();
                src.encoding = doc.encoding.into();
                let r = gongkai_extract::extract(&doc, src);
                println!("{}", report_json(&r));
            }
            Err(e) => println!("{}", error_json(&src, e.kind.as_str(), &e.message)),
        }
    }
}
