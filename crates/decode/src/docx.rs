//! DOCX (and WPS saved as DOCX): paragraphs and tables (gridSpan, vMerge) → layout text.

use crate::{DecodeError, Document, ErrorKind};

pub fn decode(_bytes: &[u8]) -> Result<Document, DecodeError> {
    Err(DecodeError::new(
        ErrorKind::Unsupported,
        "暂不支持的格式：docx (not supported yet)",
    ))
}
