//! One way to read a report, shared by every front end (the CLI, the benchmarks, the store,
//! the web server): inputs → bytes → SHA-256 → decode → extract → check, one outcome per file.
//!
//! - [`expand`] turns arguments (`OsString`s: files, folders, glob patterns, zip archives,
//!   `-`) into [`Input`]s, listing what is skipped as well as what is read.
//! - [`process`] reads one input once, within the [`Budget`], and returns an [`Outcome`]: the
//!   checked [`Report`] or a typed [`Error`]. It never panics out: a panic in a reader is
//!   that file's `Error::Internal`, and the batch goes on.
//! - [`run_batch`] processes a list on a fixed number of workers and hands each outcome to the
//!   caller in input order as soon as it and all before it are done (a reorder window of a
//!   few files bounds what is held), so output is written file by file and a crash can only
//!   lose the files being read.
//! - [`Session`] owns the private folder every external tool of the batch writes into and the
//!   [`Sandbox`] their processes run in; [`Session::close`] kills them and removes the folder
//!   (for SIGINT/SIGTERM handlers, which belong to the front end).
//!
//! Invariants: no environment variable, clock or terminal is read here (tool paths, limits and
//! the temporary folder's parent come in as arguments; only without a [`Session`] do the
//! tools fall back to the system temporary folder); no wording: errors are values, the front
//! end words them; every input yields exactly one outcome, in input order.
//!
//! ```
//! use gongkai_pipeline::{Options, process_bytes};
//! let text = "一、总体情况\n二、主动公开政府信息情况\n";
//! let o = process_bytes("report.txt", text.as_bytes().to_vec(), &Options::default());
//! let report = o.result.unwrap().report;
//! assert_eq!(report.source.format, "text");
//! assert_eq!(report.source.sha256.len(), 64);
//! ```

mod archive;
mod batch;
mod error;
mod input;
mod read;

pub use archive::Archive;
pub use batch::run_batch;
pub use error::{Error, FileKind, Skip};
pub use gongkai_decode::{Limit, Limits, Sandbox, Tool, Tools};
pub use input::{Input, ListLimits, expand};

use gongkai_check::Config;
use gongkai_report::{Report, Source};
use sha2::{Digest, Sha256};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Duration;

/// The per-file budget: what reading, decoding and the external tools may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The decoders' limits (bytes, text, cells, paragraphs, nodes, pages, tool memory and
    /// time). `decode.max_bytes` is also the cap on reading a file or an archive entry.
    pub decode: Limits,
    /// Longest wait for the next bytes from a pipe or FIFO.
    pub read_timeout: Duration,
    /// Most entries of one zip archive.
    pub max_entries: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            decode: Limits::default(),
            read_timeout: Duration::from_secs(30),
            max_entries: 100_000,
        }
    }
}

impl Budget {
    fn read_limits(&self) -> read::ReadLimits {
        read::ReadLimits {
            max_bytes: self.decode.max_bytes,
            idle: self.read_timeout,
        }
    }

    /// The listing bounds for [`expand`].
    pub fn list_limits(&self) -> ListLimits {
        ListLimits {
            max_entries: self.max_entries,
        }
    }
}

/// Everything [`process`] needs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub budget: Budget,
    pub tools: Tools,
    /// Where external tools run; [`Session::sandbox`] for a batch.
    pub sandbox: Sandbox,
    /// Rule levels for the checks.
    pub config: Config,
    /// Keep the decoded text in the outcome (to show diagnostics with source lines).
    pub keep_text: bool,
}

impl Options {
    fn decode_options(&self) -> gongkai_decode::Options {
        gongkai_decode::Options {
            limits: self.budget.decode,
            tools: self.tools.clone(),
            sandbox: self.sandbox.clone(),
        }
    }
}

/// A report read and checked, with its decoded text when asked for.
#[derive(Debug)]
pub struct Parsed {
    pub report: Report,
    pub text: Option<String>,
}

/// What became of one input. `source` names it (and, once read, has its size and SHA-256).
#[derive(Debug)]
pub struct Outcome {
    pub source: Source,
    pub result: Result<Parsed, Error>,
}

/// Read, hash, decode, extract and check one input.
pub fn process(input: Input, opts: &Options) -> Outcome {
    let name = input.name();
    if opts.sandbox.is_closed() {
        return failed(name, Error::Interrupted);
    }
    let limits = opts.budget.read_limits();
    let input = match input {
        Input::Failed { error, .. } => return failed(name, error),
        other => other,
    };
    let bytes = match &input {
        Input::Failed { .. } => return failed(name, Error::Interrupted),
        Input::Stdin => read::read_stdin(limits),
        Input::File { path, follow } => read::read_path(path, *follow, limits),
        Input::Entry {
            archive,
            index,
            last,
            ..
        } => {
            let r = archive.read(*index, limits.max_bytes);
            if *last {
                archive.close();
            }
            r
        }
    };
    match bytes {
        Ok(b) => {
            let streamed = matches!(input, Input::Stdin)
                || matches!(&input, Input::File { path, .. } if !is_regular(path));
            if streamed && gongkai_decode::sniff(&b) == gongkai_decode::Format::Zip {
                return failed(name, Error::ArchiveFromStream);
            }
            process_bytes(&name, b, opts)
        }
        Err(e) => failed(name, e),
    }
}

fn is_regular(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file())
}

fn failed(path: String, error: Error) -> Outcome {
    Outcome {
        source: Source {
            path,
            ..Source::default()
        },
        result: Err(error),
    }
}

/// Hash, decode, extract and check bytes already read (`name` is the source path shown).
pub fn process_bytes(name: &str, bytes: Vec<u8>, opts: &Options) -> Outcome {
    let mut source = Source {
        path: name.to_owned(),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(&bytes),
        ..Source::default()
    };
    let result = catch_unwind(AssertUnwindSafe(|| parse(&bytes, source.clone(), opts)))
        .unwrap_or_else(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Error::Internal(what))
        });
    if let Ok(p) = &result {
        source = p.report.source.clone();
    }
    Outcome { source, result }
}

/// SHA-256 of the bytes, lower-case hex (what the store keys on).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn parse(bytes: &[u8], mut source: Source, opts: &Options) -> Result<Parsed, Error> {
    let doc = gongkai_decode::decode(bytes, &opts.decode_options())?;
    source.format = doc.format.as_str().to_owned();
    source.encoding = doc.encoding.to_owned();
    let mut report = gongkai_extract::extract(&doc, source);
    gongkai_check::check_report(&mut report, &doc.text, &opts.config);
    Ok(Parsed {
        report,
        text: opts.keep_text.then_some(doc.text),
    })
}

/// The private folder of a batch's external tools and the sandbox they run in. Dropping it
/// removes the folder.
#[derive(Debug)]
pub struct Session {
    dir: Option<tempfile::TempDir>,
    path: std::path::PathBuf,
    sandbox: Sandbox,
}

impl Session {
    /// A new private folder (mode 0700) inside `parent` (the front end passes the system's
    /// temporary folder).
    pub fn new(parent: &Path) -> std::io::Result<Session> {
        let dir = tempfile::Builder::new()
            .prefix("gongkai-")
            .tempdir_in(parent)?;
        let path = dir.path().to_owned();
        Ok(Session {
            sandbox: Sandbox::new(&path),
            path,
            dir: Some(dir),
        })
    }

    /// The sandbox to put in [`Options::sandbox`].
    pub fn sandbox(&self) -> Sandbox {
        self.sandbox.clone()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Kill every running tool (whole process groups), refuse new ones, and remove the folder:
    /// at the end of a batch, or from a signal handler while it runs.
    pub fn close(&self) {
        self.sandbox.close();
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.sandbox.close();
        if let Some(d) = self.dir.take() {
            let _ = d.close();
        }
    }
}
