//! XLSX spreadsheets: every sheet, row by row, merged cells honoured → layout text.

use crate::{DecodeError, Document, ErrorKind};

pub fn decode(_bytes: &[u8]) -> Result<Document, DecodeError> {
    Err(DecodeError::new(
        ErrorKind::Unsupported,
        "暂不支持的格式：xlsx (not supported yet)",
    ))
}
