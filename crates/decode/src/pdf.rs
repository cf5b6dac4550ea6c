//! PDF with a text layer: words with their positions rebuilt into lines and columns.

use crate::{DecodeError, Document, ErrorKind};

pub fn decode(_bytes: &[u8]) -> Result<Document, DecodeError> {
    Err(DecodeError::new(
        ErrorKind::Unsupported,
        "暂不支持的格式：pdf (not supported yet)",
    ))
}
