//! Input bytes → a decoded document with offsets.
//!
//! A [`Document`] holds the decoded source text (what every span and line number in the output
//! refers to) and the *layout text* the extractor reads: for plain text and Markdown the source
//! itself; for formats with structure (HTML, DOCX, PDF) a rendering in which each table row is
//! one line of `|`-separated cells and each paragraph one line, mapped byte by byte back to the
//! source. The extractor therefore has one input shape, whatever the file format.

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
mod xlsx;

pub use encoding::{Decoded, decode as decode_text, encoding_for_label};
pub use error::{DecodeError, ErrorKind};
pub use lines::LineIndex;
pub use mapped::{MappedText, MappedTextBuilder};
pub use normalize::{compact, compact_label, is_compact_noise, normalize};
pub use pagemeta::{PageMeta, page_meta};
pub use sniff::{Format, sniff};

use std::ops::Range;

/// Printed in place of a character a decoder could not read (OCR of a scan): never a value.
pub const ILLEGIBLE: &str = "〓";

/// Limits that keep hostile input from exhausting memory or time.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Something the decoder wants the reader of the report to know (the extractor turns notices
/// into findings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Pages without a text layer (a scan): their tables can only be read by OCR.
    NeedsOcr { pages: Vec<u32> },
    /// Text obtained by OCR: numbers may be misread.
    Ocr { pages: Vec<u32> },
    /// The file was converted by an external tool first (LibreOffice, pdftotext).
    ConvertedBy(String),
}

/// A decoded document.
#[derive(Debug)]
pub struct Document {
    pub format: Format,
    /// Notes about how the document was read.
    pub notices: Vec<Notice>,
    /// The encoding the text was decoded from.
    pub encoding: &'static str,
    /// Some bytes were invalid in that encoding and were replaced by U+FFFD.
    pub lossy: bool,
    /// The decoded source text. Spans and line numbers in reports refer to it.
    pub text: String,
    /// The layout text, when it differs from `text`.
    layout: Option<MappedText>,
    lines: LineIndex,
}

impl Document {
    /// A document whose layout is its own text (plain text, Markdown).
    pub fn from_text(
        text: String,
        format: Format,
        encoding: &'static str,
        lossy: bool,
    ) -> Document {
        Document::new(text, None, format, encoding, lossy)
    }

    /// A document read through a layout rendering mapped onto `text`.
    pub fn with_layout(
        text: String,
        layout: MappedText,
        format: Format,
        encoding: &'static str,
        lossy: bool,
    ) -> Document {
        Document::new(text, Some(layout), format, encoding, lossy)
    }

    fn new(
        text: String,
        layout: Option<MappedText>,
        format: Format,
        encoding: &'static str,
        lossy: bool,
    ) -> Document {
        let lines = LineIndex::new(&text);
        Document {
            format,
            notices: Vec::new(),
            encoding,
            lossy,
            text,
            layout,
            lines,
        }
    }

    /// The text the extractor reads.
    pub fn layout(&self) -> &str {
        self.layout
            .as_ref()
            .map_or(self.text.as_str(), |l| l.as_str())
    }

    /// Map a range of the layout text to the source text.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        match &self.layout {
            Some(l) => l.base_range(r, &self.text),
            None => r,
        }
    }

    /// 1-based line of a byte offset in the source text.
    pub fn line_of(&self, offset: usize) -> u32 {
        self.lines.line_of(offset)
    }

    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }
}

/// Decode bytes into a document. `name` is used in messages only; the format is detected
/// from the content, not the name.
pub fn decode(bytes: &[u8], limits: &Limits) -> Result<Document, DecodeError> {
    decode_as(bytes, sniff(bytes), limits)
}

/// Decode bytes as a given format (what [`sniff`] would say). For callers that already know the
/// format, and for fuzzing one decoder at a time.
pub fn decode_as(bytes: &[u8], format: Format, limits: &Limits) -> Result<Document, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::new(ErrorKind::Empty, "文件为空 (empty file)"));
    }
    if bytes.len() > limits.max_bytes {
        return Err(DecodeError::new(
            ErrorKind::TooLarge,
            format!(
                "文件过大：{} 字节，上限 {} 字节 (file too large; raise --max-size to read it)",
                bytes.len(),
                limits.max_bytes
            ),
        ));
    }
    match format {
        Format::Text | Format::Markdown | Format::Html => {
            let d = encoding::decode(bytes, declared_charset(bytes));
            if looks_binary(&d.text) {
                return Err(DecodeError::new(
                    ErrorKind::Binary,
                    format!(
                        "不是文本：解码后控制字符过多 (binary data, not a report; decoded as {})",
                        d.encoding
                    ),
                ));
            }
            let format = sniff::text_format(&d.text);
            if format == Format::Html {
                return html_document(d);
            }
            Ok(match text::layout(&d.text) {
                Some(layout) => Document::with_layout(d.text, layout, format, d.encoding, d.lossy),
                None => Document::from_text(d.text, format, d.encoding, d.lossy),
            })
        }
        Format::Docx => docx::decode(bytes, limits),
        Format::Xlsx => xlsx::decode(bytes, limits),
        f @ (Format::Odt | Format::Ole | Format::Rtf) => office::decode(bytes, f, limits),
        Format::Pdf => pdf::decode(bytes, limits),
        Format::Zip => Err(DecodeError::new(
            ErrorKind::Unsupported,
            "压缩包中的压缩包不读取；请解压后再读 (an archive inside an archive is not read)",
        )),
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
fn html_document(d: Decoded) -> Result<Document, DecodeError> {
    let layout = html::render(&d.text);
    Ok(Document::with_layout(
        d.text,
        layout,
        Format::Html,
        d.encoding,
        d.lossy,
    ))
}

#[cfg(not(feature = "html"))]
fn html_document(_: Decoded) -> Result<Document, DecodeError> {
    Err(DecodeError::new(
        ErrorKind::Unsupported,
        "HTML 网页暂不支持：未启用 html 功能 (HTML input needs the `html` feature)",
    ))
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
        assert_eq!(
            decode(b"", &Limits::default()).unwrap_err().kind,
            ErrorKind::Empty
        );
        let l = Limits { max_bytes: 4 };
        assert_eq!(decode(b"hello", &l).unwrap_err().kind, ErrorKind::TooLarge);
    }

    #[test]
    fn binary_garbage_is_an_error() {
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8).collect();
        assert_eq!(
            decode(&bytes, &Limits::default()).unwrap_err().kind,
            ErrorKind::Binary
        );
    }

    #[cfg(not(feature = "html"))]
    #[test]
    fn html_is_unsupported_without_the_feature() {
        let page = "<html><body><p>一、总体情况</p></body></html>";
        let e = decode(page.as_bytes(), &Limits::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Unsupported);
    }

    #[test]
    fn text_documents_keep_their_text() {
        let d = decode("一、总体情况\n内容".as_bytes(), &Limits::default()).unwrap();
        assert_eq!(d.layout(), d.text);
        assert_eq!(d.line_of(d.text.find("内容").unwrap()), 2);
    }
}
