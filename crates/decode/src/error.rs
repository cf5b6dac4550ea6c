//! Why a file could not be read: a typed error with the limit, tool or part involved and the
//! underlying error as its [`source`](std::error::Error::source).
//!
//! The `Display` text is a short technical English sentence for logs; the words a user reads
//! (and any command-line flag that lifts a limit) belong to the front end (CLI, web), which
//! matches on the variants.

use crate::sniff::Format;
use std::fmt;
use std::time::Duration;

/// The stable code of an error, as written in JSON (`error.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    Io,
    Empty,
    TooLarge,
    Binary,
    Unsupported,
    Corrupt,
    MissingTool,
    Timeout,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Binary => "binary",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Corrupt => "corrupt",
            ErrorKind::MissingTool => "missing_tool",
            ErrorKind::Timeout => "timeout",
        }
    }
}

/// A limit of the per-file budget ([`crate::Limits`]): which one was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Bytes of the input (a file, an archive entry, a part inflated from a package).
    Bytes,
    /// Bytes of decoded or rendered text.
    Text,
    /// Table cells (HTML, DOCX, XLSX).
    Cells,
    /// Paragraphs (DOCX, HTML blocks).
    Paragraphs,
    /// XML or HTML elements parsed.
    Nodes,
    /// PDF pages.
    Pages,
    /// Output of an external tool.
    ToolOutput,
    /// Entries of a zip archive.
    Entries,
}

impl Limit {
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Bytes => "bytes",
            Limit::Text => "text",
            Limit::Cells => "cells",
            Limit::Paragraphs => "paragraphs",
            Limit::Nodes => "nodes",
            Limit::Pages => "pages",
            Limit::ToolOutput => "tool_output",
            Limit::Entries => "entries",
        }
    }
}

/// An external program a reader runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    /// LibreOffice (`soffice`): legacy office files.
    Soffice,
    /// poppler's `pdftotext`: the text layer of a PDF with word boxes.
    Pdftotext,
    /// poppler's `pdftoppm`: page images.
    Pdftoppm,
    /// poppler's `pdfimages`: which pages hold images.
    Pdfimages,
    /// `tesseract`: OCR of scanned pages.
    Tesseract,
}

impl Tool {
    pub const ALL: [Tool; 5] = [
        Tool::Soffice,
        Tool::Pdftotext,
        Tool::Pdftoppm,
        Tool::Pdfimages,
        Tool::Tesseract,
    ];

    /// The program's file name.
    pub fn program(self) -> &'static str {
        match self {
            Tool::Soffice => "soffice",
            Tool::Pdftotext => "pdftotext",
            Tool::Pdftoppm => "pdftoppm",
            Tool::Pdfimages => "pdfimages",
            Tool::Tesseract => "tesseract",
        }
    }
}

/// A kind of input that is deliberately not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unsupported {
    /// A presentation (PowerPoint, Impress): not a report format.
    Presentation,
    /// Encrypted or password-protected.
    Encrypted,
    /// A zip archive inside an archive.
    NestedArchive,
    /// HTML while the `html` feature is off.
    HtmlDisabled,
    /// Another container format.
    Format(Format),
}

/// What was damaged in a file that could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Damage {
    /// Not a valid container (zip).
    Container,
    /// A part could not be inflated.
    Part,
    /// A part is not UTF-8/UTF-16 text.
    Encoding,
    /// Malformed XML.
    Xml,
    /// XML with a DTD (refused: entity tricks need one).
    Dtd,
    /// A part the format requires is missing.
    MissingPart,
    /// No pages.
    NoPages,
    /// A tool's output could not be read.
    ToolOutput,
}

/// A file that could not be decoded.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeError {
    /// No bytes at all.
    Empty,
    /// A limit of the budget was reached; `max` is the limit, in the limit's unit.
    TooLarge { limit: Limit, max: u64 },
    /// Decoded text that is mostly control or replacement characters.
    Binary { encoding: &'static str },
    /// A kind of file that is not read.
    Unsupported(Unsupported),
    /// A damaged file: its format, the part (inside a package) and what was wrong.
    Corrupt {
        format: Format,
        part: Option<String>,
        damage: Damage,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A tool the format needs is not installed (or could not be started).
    MissingTool {
        tool: Tool,
        source: Option<std::io::Error>,
    },
    /// A tool ran and failed on this file: its exit status and the start of its messages.
    ToolFailed {
        tool: Tool,
        status: String,
        stderr: String,
    },
    /// A tool, or a read, ran past its deadline and was stopped.
    Timeout { tool: Option<Tool>, after: Duration },
    /// Reading, writing a temporary file, or running a tool failed.
    Io { source: std::io::Error },
}

impl DecodeError {
    /// The stable code written in JSON.
    pub fn kind(&self) -> ErrorKind {
        match self {
            DecodeError::Empty => ErrorKind::Empty,
            DecodeError::TooLarge { .. } => ErrorKind::TooLarge,
            DecodeError::Binary { .. } => ErrorKind::Binary,
            DecodeError::Unsupported(_) => ErrorKind::Unsupported,
            DecodeError::Corrupt { .. } | DecodeError::ToolFailed { .. } => ErrorKind::Corrupt,
            DecodeError::MissingTool { .. } => ErrorKind::MissingTool,
            DecodeError::Timeout { .. } => ErrorKind::Timeout,
            DecodeError::Io { .. } => ErrorKind::Io,
        }
    }

    pub(crate) fn corrupt(format: Format, part: Option<&str>, damage: Damage) -> DecodeError {
        DecodeError::Corrupt {
            format,
            part: part.map(str::to_owned),
            damage,
            source: None,
        }
    }

    pub(crate) fn corrupt_by(
        format: Format,
        part: Option<&str>,
        damage: Damage,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> DecodeError {
        DecodeError::Corrupt {
            format,
            part: part.map(str::to_owned),
            damage,
            source: Some(Box::new(source)),
        }
    }

    pub(crate) fn too_large(limit: Limit, max: usize) -> DecodeError {
        DecodeError::TooLarge {
            limit,
            max: u64::try_from(max).unwrap_or(u64::MAX),
        }
    }
}

impl From<std::io::Error> for DecodeError {
    fn from(source: std::io::Error) -> Self {
        DecodeError::Io { source }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty input"),
            DecodeError::TooLarge { limit, max } => {
                write!(f, "beyond the {} limit of {max}", limit.as_str())
            }
            DecodeError::Binary { encoding } => {
                write!(f, "binary data, not text (decoded as {encoding})")
            }
            DecodeError::Unsupported(u) => match u {
                Unsupported::Presentation => f.write_str("a presentation, not a report"),
                Unsupported::Encrypted => f.write_str("encrypted document"),
                Unsupported::NestedArchive => f.write_str("an archive inside an archive"),
                Unsupported::HtmlDisabled => f.write_str("HTML support is not built in"),
                Unsupported::Format(x) => write!(f, "unsupported format {}", x.as_str()),
            },
            DecodeError::Corrupt {
                format,
                part,
                damage,
                source,
            } => {
                write!(f, "damaged {} ({damage:?}", format.as_str())?;
                if let Some(p) = part {
                    write!(f, " in {p}")?;
                }
                f.write_str(")")?;
                if let Some(s) = source {
                    write!(f, ": {s}")?;
                }
                Ok(())
            }
            DecodeError::MissingTool { tool, .. } => {
                write!(f, "{} is needed and was not found", tool.program())
            }
            DecodeError::ToolFailed {
                tool,
                status,
                stderr,
            } => write!(f, "{} failed ({status}): {stderr}", tool.program()),
            DecodeError::Timeout { tool, after } => match tool {
                Some(t) => write!(f, "{} timed out after {} s", t.program(), after.as_secs()),
                None => write!(f, "timed out after {} s", after.as_secs()),
            },
            DecodeError::Io { source } => write!(f, "I/O error: {source}"),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::Corrupt {
                source: Some(s), ..
            } => Some(s.as_ref()),
            DecodeError::MissingTool {
                source: Some(s), ..
            }
            | DecodeError::Io { source: s } => Some(s),
            _ => None,
        }
    }
}
