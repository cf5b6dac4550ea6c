//! Why an input gave no report: typed, with the limit or the reason and the underlying error as
//! `source()`. Wording belongs to the front end.

use gongkai_decode::{DecodeError, ErrorKind, Limit};
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The kind of a file system object that is not read as a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    CharDevice,
    BlockDevice,
    Socket,
    Fifo,
    Other,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Directory => "directory",
            FileKind::CharDevice => "character device",
            FileKind::BlockDevice => "block device",
            FileKind::Socket => "socket",
            FileKind::Fifo => "fifo",
            FileKind::Other => "special file",
        }
    }
}

/// Why an entry of a folder or archive was deliberately not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// A hidden file or folder (`.git`, `.DS_Store`) or macOS resource forks (`__MACOSX/`);
    /// `entries` counts what it held when that is known (archives).
    Hidden { entries: usize },
    /// A symbolic link whose target is outside the folder given.
    LinkOutside { target: PathBuf },
    /// A symbolic link to a folder (folders are walked where they are, not through links).
    LinkToFolder,
    /// A symbolic link that leads nowhere (missing target, or a loop).
    BrokenLink,
    /// A FIFO, socket or device inside a folder (only read when named on the command line).
    NotRegular(FileKind),
    /// An archive entry whose name another entry uses too: only the last one can be read.
    DuplicateName { copies: usize },
}

/// An input that gave no report.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No such file, folder or pattern match.
    NotFound,
    /// A glob pattern that matches nothing.
    NoMatch,
    /// A glob pattern that cannot be parsed.
    BadPattern(glob::PatternError),
    /// Not a regular file (a device, a socket).
    NotRegular(FileKind),
    /// Reading failed.
    Io(std::io::Error),
    /// More bytes than the limit ([`Limit::Bytes`]) or more archive entries ([`Limit::Entries`]).
    TooLarge { limit: Limit, max: u64 },
    /// A pipe or FIFO gave no data for this long (no writer, or a stalled one).
    Timeout { after: Duration },
    /// A damaged zip archive or archive entry.
    Archive(Box<dyn std::error::Error + Send + Sync>),
    /// An archive with no files in it.
    EmptyArchive,
    /// An encrypted archive entry.
    EncryptedEntry,
    /// An archive read from a pipe or stdin: its entries cannot be listed ahead of the batch.
    ArchiveFromStream,
    /// The bytes were read but could not be decoded.
    Decode(DecodeError),
    /// An entry deliberately not read.
    Skipped(Skip),
    /// A bug: a reader panicked on this file (the batch went on).
    Internal(String),
    /// The batch is being stopped (SIGINT/SIGTERM) and this file was not finished.
    Interrupted,
}

impl Error {
    /// The stable code written in JSON (`error.kind`): the decoder's codes, plus `skipped`
    /// and `internal`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound
            | Error::NoMatch
            | Error::BadPattern(_)
            | Error::Io(_)
            | Error::Interrupted => ErrorKind::Io.as_str(),
            Error::NotRegular(_) | Error::EncryptedEntry | Error::ArchiveFromStream => {
                ErrorKind::Unsupported.as_str()
            }
            Error::TooLarge { .. } => ErrorKind::TooLarge.as_str(),
            Error::Timeout { .. } => ErrorKind::Timeout.as_str(),
            Error::Archive(_) | Error::EmptyArchive => ErrorKind::Corrupt.as_str(),
            Error::Decode(e) => e.kind().as_str(),
            Error::Skipped(_) => "skipped",
            Error::Internal(_) => "internal",
        }
    }

    /// Skipped on purpose (a warning, not a failure).
    pub fn is_skip(&self) -> bool {
        matches!(self, Error::Skipped(_))
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::NotFound
        } else {
            Error::Io(e)
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound => f.write_str("no such file or directory"),
            Error::NoMatch => f.write_str("no file matches the pattern"),
            Error::BadPattern(e) => write!(f, "bad pattern: {e}"),
            Error::NotRegular(k) => write!(f, "not a regular file ({})", k.as_str()),
            Error::Io(e) => write!(f, "cannot read: {e}"),
            Error::TooLarge { limit, max } => {
                write!(f, "beyond the {} limit of {max}", limit.as_str())
            }
            Error::Timeout { after } => write!(f, "no data for {} s", after.as_secs()),
            Error::Archive(e) => write!(f, "damaged zip archive: {e}"),
            Error::EmptyArchive => f.write_str("no files in the archive"),
            Error::EncryptedEntry => f.write_str("encrypted archive entry"),
            Error::ArchiveFromStream => f.write_str("a zip archive read from a stream"),
            Error::Decode(e) => e.fmt(f),
            Error::Skipped(s) => write!(f, "skipped: {s:?}"),
            Error::Internal(m) => write!(f, "internal error: {m}"),
            Error::Interrupted => f.write_str("interrupted"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::BadPattern(e) => Some(e),
            Error::Io(e) => Some(e),
            Error::Archive(e) => Some(e.as_ref()),
            Error::Decode(e) => Some(e),
            _ => None,
        }
    }
}
