//! Text from files (names, paths, report text) made safe to print on a terminal: control
//! characters never reach it raw, so a report cannot retitle the terminal (`ESC]0;…BEL`), clear
//! it (`ESC[2J`) or fake output with colours or carriage returns. JSON output escapes control
//! characters already; this is for the human formats.

use std::borrow::Cow;

/// Characters a terminal may act on: C0 controls, DEL, C1 controls (U+009B is a CSI), and the
/// bidirectional overrides that reorder what is shown.
fn dangerous(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every dangerous character written as an escape (`\u{1b}`); newlines and tabs too.
/// For names and single-line messages.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, |_| false)
}

/// `s` with every dangerous character escaped except newlines and tabs. For whole blocks of
/// output built by this program (tables, summaries).
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape_with(s, |c| matches!(c, '\n' | '\t'))
}

fn escape_with(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| dangerous(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if dangerous(c) && !keep(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Source text for diagnostics, with every dangerous character replaced by `?` bytes of the
/// same length, so that byte offsets (spans, lines) stay valid. Newlines, tabs and the
/// carriage return of a CRLF line end stay.
pub fn same_length(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let bad = |i: usize, c: char| {
        dangerous(c)
            && !matches!(c, '\n' | '\t')
            && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
    };
    if !s.char_indices().any(|(i, c)| bad(i, c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if bad(i, c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_pass() {
        assert_eq!(escape("a\x1b]0;x\x07b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(escape("报告.txt"), "报告.txt");
        assert_eq!(escape("a\nb"), "a\\nb");
        assert_eq!(escape_text("a\nb\x1b[2J"), "a\nb\\u{1b}[2J");
        assert_eq!(escape("\u{9b}31m\u{202e}"), "\\u{9b}31m\\u{202e}");
    }

    #[test]
    fn same_length_keeps_offsets() {
        let s = "一\x1b[2J\r\n二\u{9b}\r三";
        let t = same_length(s);
        assert_eq!(t.len(), s.len());
        assert_eq!(t, "一?[2J\r\n二???三");
    }
}
