//! How much of one report's prose repeats another's (X-COPY): every shingle of this year's
//! paragraphs is looked up among last year's; the characters covered by shared shingles are
//! repeated. Boilerplate shingles count on neither side.

use crate::Doc;
use crate::prose::{Paragraph, SHINGLE, boilerplate, paragraphs, shingles};
use std::collections::HashMap;
use std::ops::Range;

/// A passage of one report repeated in another, side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    /// Byte range in the checked report's text.
    pub this: Range<usize>,
    /// The other report (index in the slice given) and the byte range there.
    pub other_doc: usize,
    pub other: Range<usize>,
    /// Folded characters repeated.
    pub chars: usize,
}

/// Shortest repeated run (folded characters) shown as a passage.
const MIN_PASSAGE: usize = 20;

/// The share of `this`'s prose (folded characters outside boilerplate) repeated from
/// `other`, and the repeated passages, longest first. `None` when `this` has fewer than
/// `min_prose` characters of prose.
pub fn repeated_share(
    this: &Doc<'_>,
    other: &Doc<'_>,
    other_index: usize,
    min_prose: usize,
) -> Option<(f64, Vec<Passage>)> {
    let bp = boilerplate();
    let theirs = paragraphs(other.text, Some(other.report));
    // shingle → (paragraph, position) of its first occurrence in the other report.
    let mut index: HashMap<u64, (usize, usize)> = HashMap::new();
    for (pi, p) in theirs.iter().enumerate() {
        for (pos, h) in shingles(&p.chars) {
            if !bp.contains(&h) {
                index.entry(h).or_insert((pi, pos));
            }
        }
    }
    let ours = paragraphs(this.text, Some(this.report));
    let mut counted = 0usize;
    let mut repeated = 0usize;
    let mut passages = Vec::new();
    for p in &ours {
        let n = p.chars.len();
        // 0 = text, 1 = boilerplate, 2 = repeated
        let mut state = vec![0u8; n];
        let mut hit: Vec<Option<(usize, usize)>> = vec![None; n];
        for (pos, h) in shingles(&p.chars) {
            if bp.contains(&h) {
                for s in &mut state[pos..pos + SHINGLE] {
                    if *s == 0 {
                        *s = 1;
                    }
                }
            } else if let Some(&at) = index.get(&h) {
                for s in &mut state[pos..pos + SHINGLE] {
                    *s = 2;
                }
                hit[pos] = Some(at);
            }
        }
        counted += state.iter().filter(|s| **s != 1).count();
        repeated += state.iter().filter(|s| **s == 2).count();
        passages.extend(runs(
            this.text,
            p,
            &state,
            &hit,
            &theirs,
            other,
            other_index,
        ));
    }
    if counted < min_prose {
        return None;
    }
    passages.sort_by_key(|p| std::cmp::Reverse(p.chars));
    Some((repeated as f64 / counted as f64, passages))
}

/// Maximal runs of repeated characters in a paragraph, with where they are in the other text.
fn runs(
    text: &str,
    p: &Paragraph,
    state: &[u8],
    hit: &[Option<(usize, usize)>],
    theirs: &[Paragraph],
    other: &Doc<'_>,
    other_index: usize,
) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < state.len() {
        if state[i] != 2 {
            i += 1;
            continue;
        }
        let start = i;
        while i < state.len() && state[i] == 2 {
            i += 1;
        }
        if i - start < MIN_PASSAGE {
            continue;
        }
        let hits: Vec<(usize, usize)> = hit[start..i].iter().flatten().copied().collect();
        let (Some(&(fp, fpos)), Some(&(lp, lpos))) = (hits.first(), hits.last()) else {
            continue;
        };
        let other_span = match (theirs.get(fp), theirs.get(lp)) {
            (Some(a), Some(_)) if fp == lp && lpos >= fpos => {
                a.bytes(other.text, fpos, lpos + SHINGLE)
            }
            (Some(a), Some(b)) if lp > fp => {
                a.bytes(other.text, fpos, a.chars.len()).start
                    ..b.bytes(other.text, 0, lpos + SHINGLE).end
            }
            (Some(a), _) => a.bytes(other.text, fpos, (fpos + i - start).min(a.chars.len())),
            _ => continue,
        };
        out.push(Passage {
            this: p.bytes(text, start, i),
            other_doc: other_index,
            other: other_span,
            chars: i - start,
        });
    }
    out
}
