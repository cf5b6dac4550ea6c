//! The PDF readers' way to run poppler and tesseract: [`crate::tools::run`] by program name,
//! within the caller's options (tool paths, memory limit, sandbox).

use crate::Options;
use crate::error::Tool;
use std::ffi::OsStr;
use std::time::Duration;

pub(crate) use crate::tools::{Output, RunError, summary};

/// Run `program` (`pdftotext`, `pdftoppm`, `pdfimages` or `tesseract`) as configured in
/// `opts`, with `stdin` as its input, for at most `timeout`, keeping at most `max_stdout` bytes.
pub(crate) fn run<S: AsRef<OsStr>>(
    opts: &Options,
    program: &str,
    args: &[S],
    stdin: Option<&[u8]>,
    timeout: Duration,
    max_stdout: usize,
) -> Result<Output, RunError> {
    let tool = match program {
        "pdftotext" => Tool::Pdftotext,
        "pdftoppm" => Tool::Pdftoppm,
        "pdfimages" => Tool::Pdfimages,
        "tesseract" => Tool::Tesseract,
        _ => {
            return Err(RunError::Missing(std::io::Error::from(
                std::io::ErrorKind::NotFound,
            )));
        }
    };
    crate::tools::run(opts, tool, args, &[], stdin, timeout, max_stdout)
}
