//! What a web page says about itself in its `<head>`: the `<title>` and the `<meta>` tags that
//! the national specification for government websites makes standard (`ArticleTitle`,
//! `PubDate`, `ContentSource`, `SiteName`, …). Read from the page source, so each value keeps
//! its byte span there.

use std::ops::Range;

/// One `<meta name=… content=…>` (or the `<title>`, named `title`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageMeta {
    /// The `name` (or `property`/`http-equiv`) attribute as written.
    pub name: String,
    /// The `content` attribute, entities decoded, whitespace collapsed.
    pub content: String,
    /// Byte range of the content in the source.
    pub span: Range<usize>,
}

/// How far into a page its head is looked for: heads are small, pages can be huge.
const HEAD_LIMIT: usize = 256 * 1024;

/// The `<title>` and `<meta>` tags of an HTML page's head.
pub fn page_meta(source: &str) -> Vec<PageMeta> {
    let end = source
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= HEAD_LIMIT)
        .unwrap_or(source.len());
    let head = &source[..end];
    let lower = head.to_ascii_lowercase();
    let head_end = lower.find("</head").unwrap_or(head.len());
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(i) = lower[pos..head_end].find("<meta") {
        let at = pos + i;
        let close = lower[at..].find('>').map_or(head.len(), |j| at + j);
        let tag = &head[at..close];
        let name = attr(tag, "name")
            .or_else(|| attr(tag, "property"))
            .or_else(|| attr(tag, "http-equiv"));
        if let (Some((name, _)), Some((content, r))) = (name, attr(tag, "content")) {
            out.push(PageMeta {
                name: name.to_owned(),
                content: clean(content),
                span: at + r.start..at + r.end,
            });
        }
        pos = close.max(at + 1);
    }
    if let Some(i) = lower[..head_end].find("<title")
        && let Some(j) = lower[i..].find('>')
    {
        let from = i + j + 1;
        let to = lower[from..].find("</title").map_or(from, |k| from + k);
        let text = clean(&head[from..to]);
        if !text.is_empty() {
            out.push(PageMeta {
                name: "title".to_owned(),
                content: text,
                span: from..to,
            });
        }
    }
    out
}

/// The value of attribute `name` in a tag, with its range in the tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<(&'a str, Range<usize>)> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0
            || lower[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace());
        let rest = &tag[from..];
        let trimmed = rest.trim_start();
        if !before_ok || !trimmed.starts_with('=') {
            continue;
        }
        let after_eq = trimmed[1..].trim_start();
        let start = tag.len() - after_eq.len();
        return Some(match after_eq.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after_eq[1..];
                let len = body.find(q).unwrap_or(body.len());
                (&body[..len], start + 1..start + 1 + len)
            }
            _ => {
                let len = after_eq
                    .find(|c: char| c.is_whitespace() || c == '/')
                    .unwrap_or(after_eq.len());
                (&after_eq[..len], start..start + len)
            }
        });
    }
    None
}

/// Entities decoded (the few that appear in names and dates), whitespace collapsed.
fn clean(s: &str) -> String {
    let decoded = s
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_tags_are_read_with_their_spans() {
        let page = "<html><head><title> 某镇2021年度报告 </title>\
            <meta name=\"ArticleTitle\" content=\"某镇人民政府2021年度政府信息公开工作年度报告\">\
            <META NAME='PubDate' CONTENT='2022-01-20 09:30'>\
            <meta content=\"某镇人民政府\" name=ContentSource /></head><body>x</body></html>";
        let m = page_meta(page);
        let get = |n: &str| m.iter().find(|x| x.name == n).unwrap();
        assert_eq!(get("PubDate").content, "2022-01-20 09:30");
        assert_eq!(get("ContentSource").content, "某镇人民政府");
        let t = get("ArticleTitle");
        assert_eq!(&page[t.span.clone()], t.content);
        assert_eq!(get("title").content, "某镇2021年度报告");
    }

    #[test]
    fn pages_without_a_head_have_no_meta() {
        assert!(page_meta("<p>一、总体情况</p>").is_empty());
    }
}
