//! The layout of plain-text and Markdown documents. Most are read as they are; text printed
//! by HTML-to-text converters keeps the page's tables in shapes of its own, which are rebuilt
//! here into the one layout every decoder gives the extractor (a table row per line, cells
//! between `|`), mapped back to the text byte by byte.

mod boxdrawn;

use crate::MappedText;

/// The layout of a text document, when it differs from the text itself.
pub(crate) fn layout(text: &str) -> Option<MappedText> {
    boxdrawn::layout(text)
}
