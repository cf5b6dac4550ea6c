//! What the rest of a document says about where its body is: the place names in its title
//! and text, and the web host it came from.

use std::cell::OnceCell;
use std::fmt;

use crate::divisions::{Divisions, Idx};
use crate::normalize::{fold, percent_decode};

/// Other text of the document, used only to choose between divisions that share a name
/// (朝阳区 in Beijing and in Changchun) or to place a department named by its level alone
/// (市教育局).
///
/// ```
/// use gongkai_bodies::Context;
/// let ctx = Context::new()
///     .title("北京市朝阳区教育委员会2020年政府信息公开工作年度报告")
///     .source("http://www.bjchy.gov.cn/xxgk/1.html");
/// assert!(!ctx.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    title: Option<String>,
    source: Option<String>,
    names: Vec<String>,
    texts: Vec<String>,
}

impl Context {
    /// No context.
    pub fn new() -> Self {
        Self::default()
    }

    /// The document's title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Where the document came from: a URL (its host is read as pinyin: `bjtzh.gov.cn` is
    /// 北京 + 通州) or a path (its place names are read).
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Another name the document gives its body (发布机构, the signature).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.names.push(name.into());
        self
    }

    /// Running text of the document (the place names in it are weaker evidence than the
    /// title's).
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.texts.push(text.into());
        self
    }

    /// Whether nothing was given.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.source.is_none()
            && self.names.is_empty()
            && self.texts.is_empty()
    }
}

/// Where a piece of evidence was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceSource {
    /// The document's title.
    Title,
    /// Another name of the body in the document.
    Name,
    /// A place name in the source path or URL path.
    SourcePath,
    /// The source URL's host, read as pinyin.
    Host,
    /// The document's running text.
    Text,
}

impl EvidenceSource {
    /// `title`, `name`, `source path`, `host`, `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceSource::Title => "title",
            EvidenceSource::Name => "name",
            EvidenceSource::SourcePath => "source path",
            EvidenceSource::Host => "host",
            EvidenceSource::Text => "text",
        }
    }
}

/// One place named by the context: the text read and the divisions it may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Where it was read.
    pub source: EvidenceSource,
    /// What was read (北京市通州区, or a host label such as `bjtzh`).
    pub text: String,
    /// The divisions it may name (GB/T 2260-style codes).
    pub codes: Vec<String>,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} “{}” ({})",
            self.source.as_str(),
            self.text,
            self.codes.join(", ")
        )
    }
}

/// A place read from the context, with its candidate divisions.
#[derive(Clone, Debug)]
pub(crate) struct Clue {
    pub source: EvidenceSource,
    pub text: String,
    pub divs: Vec<Idx>,
}

impl Clue {
    pub(crate) fn evidence(&self, t: &Divisions) -> Evidence {
        Evidence {
            source: self.source,
            text: self.text.clone(),
            codes: self.divs.iter().map(|&d| t.handle(d).code()).collect(),
        }
    }
}

/// Host labels that never name a place.
const GENERIC_LABELS: [&str; 22] = [
    "www", "gov", "cn", "com", "net", "org", "edu", "zwgk", "xxgk", "zfxxgk", "gk", "wap", "m",
    "mp", "en", "web", "portal", "site", "zw", "xxgkml", "zwfw", "hk",
];
/// Pieces that may end a host label after the place (`gxzf`: 广西 + 政府).
const HOST_SUFFIXES: [&str; 4] = ["rmzf", "zf", "gov", "govt"];
/// Words passed over between two place names (甘州区人民政府西街街道办事处).
pub(crate) const FILLERS: [&str; 2] = ["人民政府", "政府"];

/// The places the context names, read tier by tier on demand (the running text is read only
/// when the title and the source did not decide).
pub(crate) struct Clues<'a> {
    t: &'a Divisions,
    ctx: &'a Context,
    tiers: [OnceCell<Vec<Clue>>; 3],
}

/// The tiers, in the order they are consulted.
pub(crate) const TIERS: [u8; 3] = [0, 1, 2];

impl<'a> Clues<'a> {
    pub(crate) fn new(t: &'a Divisions, ctx: &'a Context) -> Self {
        Clues {
            t,
            ctx,
            tiers: Default::default(),
        }
    }

    /// The clues of one tier (0: title, names, source path; 1: host; 2: text).
    pub(crate) fn tier(&self, k: u8) -> &[Clue] {
        let Some(cell) = self.tiers.get(k as usize) else {
            return &[];
        };
        cell.get_or_init(|| {
            let (t, ctx) = (self.t, self.ctx);
            let mut out = Vec::new();
            match k {
                0 => {
                    if let Some(title) = &ctx.title {
                        text_clues(t, title, EvidenceSource::Title, &mut out);
                    }
                    for n in &ctx.names {
                        text_clues(t, n, EvidenceSource::Name, &mut out);
                    }
                    if let Some(src) = &ctx.source {
                        let path = split_source(src).1;
                        text_clues(
                            t,
                            &percent_decode(path),
                            EvidenceSource::SourcePath,
                            &mut out,
                        );
                    }
                }
                1 => {
                    if let Some(host) = ctx.source.as_deref().and_then(|s| split_source(s).0) {
                        host_clues(t, &host, &mut out);
                    }
                }
                _ => {
                    for x in &ctx.texts {
                        text_clues(t, x, EvidenceSource::Text, &mut out);
                    }
                }
            }
            out
        })
    }
}

/// (host, rest) of a URL; a source without `scheme://` is a path.
fn split_source(src: &str) -> (Option<String>, &str) {
    let Some(i) = src.find("://") else {
        return (None, src);
    };
    let after = &src[i + 3..];
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let authority = &after[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    (Some(host), &after[end..])
}

/// Division names in `text`, chained where they follow each other (北京市朝阳区 is one clue:
/// 朝阳区 under 北京市).
fn text_clues(t: &Divisions, text: &str, source: EvidenceSource, out: &mut Vec<Clue>) {
    let Some(m) = t.text_matcher() else {
        return;
    };
    let text = fold(text);
    let mut chain: Vec<(String, Vec<Idx>)> = Vec::new();
    let mut last_end = 0usize;
    let flush = |chain: &mut Vec<(String, Vec<Idx>)>, out: &mut Vec<Clue>| {
        if let Some((_, divs)) = chain.last()
            && !divs.is_empty()
        {
            let text: String = chain.iter().map(|(s, _)| s.as_str()).collect();
            out.push(Clue {
                source,
                text,
                divs: divs.clone(),
            });
        }
        chain.clear();
    };
    for (start, end, key) in m.find(&text) {
        let cands: Vec<Idx> = t
            .lookup(key)
            .map(|l| l.iter().map(|&(i, _)| i).collect())
            .unwrap_or_default();
        let gap = text.get(last_end..start).unwrap_or("");
        let adjacent = !chain.is_empty() && (gap.is_empty() || FILLERS.contains(&gap));
        if adjacent && let Some((_, prev)) = chain.last() {
            let below: Vec<Idx> = cands
                .iter()
                .copied()
                .filter(|&c| prev.iter().any(|&p| t.is_ancestor(p, c)))
                .collect();
            if !below.is_empty() {
                chain.push((key.to_string(), below));
                narrow_back(t, &mut chain);
                last_end = end;
                continue;
            }
        }
        flush(&mut chain, out);
        chain.push((key.to_string(), cands));
        last_end = end;
    }
    flush(&mut chain, out);
}

/// Keep in each earlier link only the divisions above some division of the next link.
fn narrow_back(t: &Divisions, chain: &mut [(String, Vec<Idx>)]) {
    for k in (0..chain.len().saturating_sub(1)).rev() {
        let next: Vec<Idx> = chain.get(k + 1).map(|c| c.1.clone()).unwrap_or_default();
        if let Some((_, cur)) = chain.get_mut(k) {
            cur.retain(|&c| next.iter().any(|&n| t.is_ancestor(c, n)));
        }
    }
}

/// Host labels read as pinyin of a chain of divisions (`sjzqx` = 石家庄 + 桥西,
/// `yynanhu` = 岳阳 + 南湖, `haizhu` = 海珠).
fn host_clues(t: &Divisions, host: &str, out: &mut Vec<Clue>) {
    for label in host.split('.') {
        if GENERIC_LABELS.contains(&label) || label.len() < 2 {
            continue;
        }
        let label: String = label.chars().filter(|c| c.is_ascii_lowercase()).collect();
        let divs = host_label_divisions(t, &label);
        if !divs.is_empty() {
            out.push(Clue {
                source: EvidenceSource::Host,
                text: label,
                divs,
            });
        }
    }
}

pub(crate) fn host_label_divisions(t: &Divisions, label: &str) -> Vec<Idx> {
    let forms = t.pinyin_forms();
    let mut results = Vec::new();
    let mut budget = 20_000u32;
    walk(t, forms, label, None, &mut results, &mut budget);
    results.sort_unstable();
    results.dedup();
    results
}

/// Split `rest` into pinyin forms of divisions each below the one before.
fn walk(
    t: &Divisions,
    forms: &std::collections::HashMap<String, Vec<Idx>>,
    rest: &str,
    prev: Option<Idx>,
    results: &mut Vec<Idx>,
    budget: &mut u32,
) {
    if *budget == 0 || results.len() >= 64 {
        return;
    }
    *budget -= 1;
    if let Some(p) = prev
        && (rest.is_empty() || HOST_SUFFIXES.contains(&rest))
    {
        results.push(p);
        return;
    }
    for end in 2..=rest.len() {
        let Some(piece) = rest.get(..end) else {
            continue;
        };
        let Some(ds) = forms.get(piece) else {
            continue;
        };
        for &d in ds {
            if prev.is_none_or(|p| t.is_ancestor(p, d)) {
                walk(t, forms, &rest[end..], Some(d), results, budget);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn codes(t: &Divisions, divs: &[Idx]) -> Vec<String> {
        divs.iter().map(|&d| t.handle(d).code()).collect()
    }

    #[test]
    fn hosts_read_as_pinyin() {
        let t = Divisions::embedded().unwrap();
        assert_eq!(codes(t, &host_label_divisions(t, "bjtzh")), vec!["110112"]);
        assert_eq!(codes(t, &host_label_divisions(t, "sjzqx")), vec!["130104"]);
        // Other readings of polyphonic characters add candidates (海宁: hai'zhu); evidence
        // only narrows, so they cost precision, not correctness.
        assert!(codes(t, &host_label_divisions(t, "haizhu")).contains(&"440105".to_string()));
        assert!(codes(t, &host_label_divisions(t, "weishan")).contains(&"370826".to_string()));
        assert!(host_label_divisions(t, "qwzxq").is_empty());
    }

    #[test]
    fn source_split() {
        assert_eq!(
            split_source("http://www.bjtzh.gov.cn:80/a/b.html?x=1"),
            (Some("www.bjtzh.gov.cn".to_string()), "/a/b.html?x=1")
        );
        assert_eq!(
            split_source("reports/北京市/a.pdf"),
            (None, "reports/北京市/a.pdf")
        );
    }

    #[test]
    fn text_is_read_in_chains() {
        let t = Divisions::embedded().unwrap();
        let mut out = Vec::new();
        text_clues(
            t,
            "在北京市朝阳区人民政府建外街道的领导下，长春市",
            EvidenceSource::Text,
            &mut out,
        );
        let got: Vec<(String, Vec<String>)> = out
            .iter()
            .map(|c| (c.text.clone(), codes(t, &c.divs)))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "北京市朝阳区建外街道".to_string(),
                    vec!["110105001".to_string()]
                ),
                ("长春市".to_string(), vec!["220100".to_string()]),
            ]
        );
    }
}
