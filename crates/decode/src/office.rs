//! Legacy office files (DOC, WPS, ET, XLS, ODT, ODS, RTF): converted by LibreOffice to
//! DOCX/XLSX first.

use crate::{DecodeError, Document, ErrorKind, Format};

pub fn decode(_bytes: &[u8], format: Format) -> Result<Document, DecodeError> {
    Err(DecodeError::new(
        ErrorKind::Unsupported,
        format!("暂不支持的格式：{} (not supported yet)", format.as_str()),
    ))
}
