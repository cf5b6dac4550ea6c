//! The decoded document every reader builds and the extractor reads: the source text, the
//! layout text mapped onto it, and what the reader noticed. It sits below the readers (they
//! build it) and knows nothing of formats beyond their names.

use crate::lines::LineIndex;
use crate::mapped::MappedText;
use crate::sniff::Format;
use std::ops::Range;

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
