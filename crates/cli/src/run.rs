//! One input → one outcome: read, decode, extract, check. Never panics out: a panic inside the
//! libraries becomes an error for that file, and the batch goes on.

use crate::input::Input;
use gongkai_check::Config;
use gongkai_decode::{DecodeError, ErrorKind, Limits, decode};
use gongkai_report::{Report, Source};
use sha2::{Digest, Sha256};
use std::panic::{AssertUnwindSafe, catch_unwind};

pub struct Options {
    pub limits: Limits,
    pub config: Config,
    /// Keep the decoded text (needed to show diagnostics with source lines).
    pub keep_text: bool,
}

pub struct Parsed {
    pub report: Report,
    pub text: Option<String>,
}

pub struct Outcome {
    pub source: Source,
    pub result: Result<Parsed, DecodeError>,
}

pub fn process(input: &Input, opts: &Options) -> Outcome {
    let mut source = Source {
        path: input.name(),
        ..Source::default()
    };
    let bytes = match input.read(&opts.limits) {
        Ok(b) => b,
        Err(e) => {
            return Outcome {
                source,
                result: Err(e),
            };
        }
    };
    source.bytes = bytes.len() as u64;
    source.sha256 = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let result = catch_unwind(AssertUnwindSafe(|| parse(&bytes, source.clone(), opts)))
        .unwrap_or_else(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(DecodeError::new(
                ErrorKind::Corrupt,
                format!(
                    "内部错误，已跳过此文件 (internal error, please report with the file): {what}"
                ),
            ))
        });
    if let Ok(p) = &result {
        source = p.report.source.clone();
    }
    Outcome { source, result }
}

fn parse(bytes: &[u8], mut source: Source, opts: &Options) -> Result<Parsed, DecodeError> {
    let doc = decode(bytes, &opts.limits)?;
    source.format = doc.format.as_str().to_owned();
    source.encoding = doc.encoding.to_owned();
    let mut report = gongkai_extract::extract(&doc, source);
    gongkai_check::check_report(&mut report, &doc.text, &opts.config);
    Ok(Parsed {
        report,
        text: opts.keep_text.then_some(doc.text),
    })
}
