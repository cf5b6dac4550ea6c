//! The XHTML of `pdftotext -bbox-layout` → pages of positioned words.
//!
//! The output has a fixed shape (`<page width height>` holding `<word xMin yMin xMax yMax>text
//! </word>` inside flow/block/line elements), so a small scanner reads it: no DOM, and no
//! trust in pdftotext's own grouping into blocks, which merges neighbouring table cells.
//! Coordinates are PDF points with y growing downwards.

/// A word with its box.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl Word {
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

/// Pages of the document, in order. Malformed pieces are skipped, never trusted: a word whose
/// box is not finite or has no extent is dropped.
pub(crate) fn parse(xhtml: &str) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut rest = xhtml;
    while let Some(i) = rest.find("<page ") {
        rest = &rest[i + "<page ".len()..];
        let head_end = rest.find('>').unwrap_or(rest.len());
        let head = &rest[..head_end];
        let body_end = rest.find("</page>").unwrap_or(rest.len());
        let body = &rest[head_end.min(body_end)..body_end];
        pages.push(Page {
            width: attr(head, "width").unwrap_or(0.0),
            height: attr(head, "height").unwrap_or(0.0),
            words: words(body),
        });
        rest = &rest[body_end..];
    }
    pages
}

fn words(body: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("<word ") {
        rest = &rest[i + "<word ".len()..];
        let Some(head_end) = rest.find('>') else {
            break;
        };
        let head = &rest[..head_end];
        let text_start = head_end + 1;
        let text_end = rest[text_start..]
            .find("</word>")
            .map_or(rest.len(), |e| text_start + e);
        let raw = &rest[text_start..text_end];
        rest = &rest[text_end..];
        let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
            attr(head, "xMin"),
            attr(head, "yMin"),
            attr(head, "xMax"),
            attr(head, "yMax"),
        ) else {
            continue;
        };
        let text = unescape(raw);
        if text.trim().is_empty() || x1 < x0 || y1 <= y0 {
            continue;
        }
        out.push(Word {
            x0,
            y0,
            x1,
            y1,
            text,
        });
    }
    out
}

/// A numeric attribute `name="…"` of a start tag's attribute text.
fn attr(head: &str, name: &str) -> Option<f64> {
    let mut from = 0;
    while let Some(i) = head[from..].find(name) {
        let at = from + i;
        let after = &head[at + name.len()..];
        let before_ok = at == 0 || head.as_bytes().get(at - 1) == Some(&b' ');
        if before_ok && let Some(v) = after.strip_prefix("=\"") {
            let end = v.find('"')?;
            return v[..end].parse::<f64>().ok().filter(|x| x.is_finite());
        }
        from = at + name.len();
    }
    None
}

/// Decode the five XML entities pdftotext writes, and numeric references.
fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_words_are_read() {
        let x = r#"<doc>
  <page width="595.3" height="841.9">
    <flow><block xMin="1" yMin="2" xMax="3" yMax="4"><line xMin="1" yMin="2" xMax="3" yMax="4">
      <word xMin="56.8" yMin="148.4" xMax="128.8" yMax="164.0">据统计&amp;期限</word>
      <word xMin="131.2" yMin="148.4" xMax="161.7" yMax="164.0">2020</word>
    </line></block></flow>
  </page>
  <page width="595.3" height="841.9">
  </page>
</doc>"#;
        let pages = parse(x);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].words.len(), 2);
        assert_eq!(pages[0].words[0].text, "据统计&期限");
        assert!((pages[0].words[1].x0 - 131.2).abs() < 1e-9);
        assert!(pages[1].words.is_empty());
        assert!((pages[1].height - 841.9).abs() < 1e-9);
    }

    #[test]
    fn malformed_words_are_dropped() {
        let x = r#"<page width="10" height="10"><word xMin="nan" yMin="1" xMax="2" yMax="3">a</word><word xMin="1" yMin="5" xMax="2" yMax="3">b</word><word xMin="1" yMin="1" xMax="2" yMax="3">&#x4e00;&bogus;</word><word xMin="1""#;
        let pages = parse(x);
        assert_eq!(pages.len(), 1);
        let texts: Vec<_> = pages[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["一&bogus;"]);
    }
}
