//! The one place where `gongkai ingest` reads a file. It is the pipeline of `check` (read →
//! hash → decode → extract → check), so ingest and check can never read a file differently.
//! When the pipeline moves into its own library crate, only this function changes.

use crate::input::Input;
use crate::run;

/// Read, hash, decode, extract and check one input, keeping the decoded text.
pub fn read(input: &Input, opts: &run::Options) -> run::Outcome {
    run::process(input, opts)
}
