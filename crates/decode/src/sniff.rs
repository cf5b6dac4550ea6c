//! What kind of file this is, from its content (never from its name).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Xlsx,
    Odt,
    Zip,
    Pdf,
    /// OLE compound file: legacy .doc, .xls, .wps, .et.
    Ole,
    Rtf,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Odt => "odt",
            Format::Zip => "zip",
            Format::Pdf => "pdf",
            Format::Ole => "ole",
            Format::Rtf => "rtf",
        }
    }
}

/// Sniff the container format from the first bytes. Text-like content is refined by
/// [`text_format`] after decoding.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF-") || find(head, b"%PDF-").is_some_and(|i| i < 1024) {
        return Format::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Ole;
    }
    if head.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    Format::Text
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// OOXML and ODF packages name their content in the first entries; anything else is a plain
/// archive of other files.
fn zip_kind(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if find(head, b"word/").is_some() {
        Format::Docx
    } else if find(head, b"xl/").is_some() {
        Format::Xlsx
    } else if find(head, b"application/vnd.oasis.opendocument").is_some() {
        Format::Odt
    } else {
        Format::Zip
    }
}

/// Decoded text: HTML, Markdown or plain text.
pub fn text_format(text: &str) -> Format {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let tags = [
        "<html",
        "<!doctype html",
        "<table",
        "<body",
        "<div",
        "<p>",
        "<p ",
        "<td",
        "<br",
    ];
    let page = ["<html", "<body", "<head", "<!doctype html"]
        .iter()
        .any(|t| head.contains(*t));
    let md_lines = text
        .lines()
        .take(400)
        .filter(|l| {
            let l = l.trim_start();
            l.starts_with("# ")
                || l.starts_with("## ")
                || l.starts_with("|---")
                || l.starts_with("| ---")
                || l.starts_with("|:--")
                || (l.starts_with("**") && l.trim_end().ends_with("**") && l.len() > 4)
        })
        .count();
    // Markdown with raw HTML kept in it (`pandoc -t gfm` keeps tables with merged cells as
    // `<table>`) is Markdown: its HTML is rendered by the text layout.
    if page || (tags.iter().filter(|t| head.contains(*t)).count() >= 2 && md_lines < 2) {
        return Format::Html;
    }
    if md_lines >= 2 {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_are_recognised_by_magic() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Format::Ole
        );
        assert_eq!(sniff(b"PK\x03\x04....word/document.xml"), Format::Docx);
        assert_eq!(sniff(b"PK\x03\x04....other.txt"), Format::Zip);
        assert_eq!(sniff("一、总体情况".as_bytes()), Format::Text);
    }

    #[test]
    fn text_kinds() {
        assert_eq!(
            text_format("<p>a</p><table><tr><td>1</td></tr></table>"),
            Format::Html
        );
        assert_eq!(text_format("# 标题\n\n## 一、总体情况\n"), Format::Markdown);
        assert_eq!(text_format("一、总体情况\n"), Format::Text);
    }
}
