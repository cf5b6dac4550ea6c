//! Input bytes → a decoded document with offsets.
//!
//! A [`Document`] holds the decoded source text (what every span and line number in the output
//! refers to) and the *layout text* the extractor reads: for plain text and Markdown the source
//! itself; for formats with structure (HTML, DOCX, PDF) a rendering in which each table row is
//! one line of `|`-separated cells and each paragraph one line, mapped byte by byte back to the
//! source. The extractor therefore has one input shape, whatever the file format.
//!
//! The flow reads one way: [`decode`] (this file) sniffs the format and dispatches to one
//! reader per format (`html`, `docx`, `xlsx`, `office`, `pdf`), each of which builds a
//! `Document` (`document.rs`, below the readers) from the shared pieces (`encoding`, `mapped`,
//! `lines`, `normalize`, `tools`).
//!
//! Invariants: every reader works within the caller's [`Limits`] and stops with
//! [`DecodeError::TooLarge`] naming the limit while reading, not after; external programs are
//! the ones named in [`Tools`] (resolved by the caller), run in the caller's [`Sandbox`] with a
//! memory limit and a deadline; errors are typed values with their source, and the wording
//! (and any command-line flag) is the front end's. Nothing here reads the environment, except
//! the system temporary folder when no sandbox folder is given.
//!
//! ```
//! use gongkai_decode::{DecodeError, Limit, Limits, Options, decode};
//! let doc = decode("一、总体情况\n".as_bytes(), &Options::default()).unwrap();
//! assert_eq!(doc.layout(), "一、总体情况\n");
//! let tiny = Options::with_limits(Limits { max_bytes: 4, ..Limits::default() });
//! let e = decode(b"hello", &tiny).unwrap_err();
//! assert!(matches!(e, DecodeError::TooLarge { limit: Limit::Bytes, max: 4 }));
//! ```

mod document;
mod docx;
mod encoding;
mod error;
#[cfg(feature = "html")]
mod html;
mod lines;
mod mapped;
mod normalize;
mod office;
mod pagemeta;
mod pdf;
mod sniff;
mod text;
mod tools;
mod xlsx;

pub use document::{Document, Notice};
pub use encoding::{Decoded, decode as decode_text, encoding_for_label};
pub use error::{Damage, DecodeError, ErrorKind, Limit, Tool, Unsupported};
pub use lines::LineIndex;
pub use mapped::{MappedText, MappedTextBuilder};
pub use normalize::{compact, compact_label, is_compact_noise, normalize};
pub use pagemeta::{PageMeta, page_meta};
pub use sniff::{Format, sniff};
pub use tools::{Sandbox, Tools};

/// The PDF layout rebuild on pdftotext's word boxes, without the tools: for fuzzing only.
#[doc(hidden)]
pub use pdf::layout_from_bbox as pdf_layout_from_bbox;

use std::time::Duration;

/// Printed in place of a character a decoder could not read (OCR of a scan): never a value.
pub const ILLEGIBLE: &str = "〓";

/// The budget of one file: what a reader may read, build and run before it stops with
/// [`DecodeError::TooLarge`] naming the limit (or [`DecodeError::Timeout`]). Enforced while
/// reading, not after. The defaults hold real reports with a wide margin: a long report is a
/// few MB, a few thousand cells and paragraphs, a few hundred thousand XML nodes, fifty pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes (also what one package may inflate in total).
    pub max_bytes: usize,
    /// Largest decoded or rendered text, in bytes.
    pub max_text: usize,
    /// Most table cells (HTML, DOCX, XLSX).
    pub max_cells: usize,
    /// Most paragraphs (DOCX) or blocks (HTML).
    pub max_paragraphs: usize,
    /// Most XML or HTML elements parsed from one part or page.
    pub max_nodes: usize,
    /// Most PDF pages.
    pub max_pages: usize,
    /// Address space of each external tool, in bytes (LibreOffice, poppler, tesseract).
    pub tool_memory: u64,
    /// Longest conversion or text extraction by an external tool (LibreOffice, pdftotext).
    pub tool_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_text: 64 * 1024 * 1024,
            max_cells: 200_000,
            max_paragraphs: 200_000,
            max_nodes: 1_000_000,
            max_pages: 2_000,
            tool_memory: 1024 * 1024 * 1024,
            tool_timeout: Duration::from_secs(120),
        }
    }
}

/// Everything a reader is given: the budget, where the external tools are, and the sandbox
/// they run in. Cheap to clone (the sandbox is shared).
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub limits: Limits,
    pub tools: Tools,
    pub sandbox: Sandbox,
}

impl Options {
    /// Default tools and sandbox with these limits.
    pub fn with_limits(limits: Limits) -> Options {
        Options {
            limits,
            ..Options::default()
        }
    }
}

/// Decode bytes into a document; the format is detected from the content ([`sniff`]).
pub fn decode(bytes: &[u8], opts: &Options) -> Result<Document, DecodeError> {
    decode_as(bytes, sniff(bytes), opts)
}

/// Decode bytes as a given format (what [`sniff`] would say). For callers that already know the
/// format, and for fuzzing one decoder at a time.
pub fn decode_as(bytes: &[u8], format: Format, opts: &Options) -> Result<Document, DecodeError> {
    let limits = &opts.limits;
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(DecodeError::too_large(Limit::Bytes, limits.max_bytes));
    }
    match format {
        Format::Text | Format::Markdown | Format::Html => {
            let d = encoding::decode(bytes, declared_charset(bytes));
            if looks_binary(&d.text) {
                return Err(DecodeError::Binary {
                    encoding: d.encoding,
                });
            }
            if d.text.len() > limits.max_text {
                return Err(DecodeError::too_large(Limit::Text, limits.max_text));
            }
            let format = sniff::text_format(&d.text);
            if format == Format::Html {
                return html_document(d, limits);
            }
            Ok(match text::layout(&d.text, limits)? {
                Some(layout) => Document::with_layout(d.text, layout, format, d.encoding, d.lossy),
                None => Document::from_text(d.text, format, d.encoding, d.lossy),
            })
        }
        Format::Docx => docx::decode(bytes, limits),
        Format::Xlsx => xlsx::decode(bytes, limits),
        f @ (Format::Odt | Format::Ole | Format::Rtf) => office::decode(bytes, f, opts),
        Format::Pdf => pdf::decode(bytes, opts),
        Format::Zip => Err(DecodeError::Unsupported(Unsupported::NestedArchive)),
    }
}

/// A page's `<meta>` charset, used when its bytes are not valid UTF-8.
#[cfg(feature = "html")]
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    html::declared_charset(bytes)
}

#[cfg(not(feature = "html"))]
fn declared_charset(_: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    None
}

/// An HTML page, read through its rendering (paragraphs and table rows as lines).
#[cfg(feature = "html")]
fn html_document(d: Decoded, limits: &Limits) -> Result<Document, DecodeError> {
    let layout = html::render(&d.text, limits)?;
    Ok(Document::with_layout(
        d.text,
        layout,
        Format::Html,
        d.encoding,
        d.lossy,
    ))
}

#[cfg(not(feature = "html"))]
fn html_document(_: Decoded, _: &Limits) -> Result<Document, DecodeError> {
    Err(DecodeError::Unsupported(Unsupported::HtmlDisabled))
}

/// Decoded text that is mostly control characters or replacement characters is not a report.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    if sample.is_empty() {
        return false;
    }
    let bad = sample
        .iter()
        .filter(|&&c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')) || c == '\u{FFFD}'
        })
        .count();
    bad * 10 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_oversized_inputs_are_errors() {
        let o = Options::default();
        assert!(matches!(decode(b"", &o), Err(DecodeError::Empty)));
        let small = Options::with_limits(Limits {
            max_bytes: 4,
            ..Limits::default()
        });
        let e = decode(b"hello", &small).unwrap_err();
        assert!(
            matches!(
                e,
                DecodeError::TooLarge {
                    limit: Limit::Bytes,
                    max: 4
                }
            ),
            "{e:?}"
        );
        assert_eq!(e.kind(), ErrorKind::TooLarge);
    }

    #[test]
    fn binary_garbage_is_an_error() {
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8).collect();
        assert_eq!(
            decode(&bytes, &Options::default()).unwrap_err().kind(),
            ErrorKind::Binary
        );
    }

    #[cfg(not(feature = "html"))]
    #[test]
    fn html_is_unsupported_without_the_feature() {
        let page = "<html><body><p>一、总体情况</p></body></html>";
        let e = decode(page.as_bytes(), &Options::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn text_documents_keep_their_text() {
        let d = decode("一、总体情况\n内容".as_bytes(), &Options::default()).unwrap();
        assert_eq!(d.layout(), d.text);
        assert_eq!(d.line_of(d.text.find("内容").unwrap()), 2);
    }
}
