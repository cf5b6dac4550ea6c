//! Near-duplicate paragraphs across a whole batch: MinHash signatures and LSH bands.
//!
//! Each paragraph's shingles (boilerplate removed) get a signature of [`HASHES`] minima, kept
//! as 16 bits each (b-bit MinHash: two different minima agree by chance once in 65,536). The
//! signature is cut into [`BANDS`] bands of [`ROWS`]; paragraphs sharing a band are candidates
//! and count as the same paragraph when their signatures agree on at least the share
//! `near_duplicate` of positions (the estimated Jaccard similarity). Candidates are found by
//! sorting each band's keys, so the work grows with the number of paragraphs, not pairs.
//! Paragraphs matched are merged into clusters (union-find).
//!
//! Hand-written (some 100 lines) rather than a crate: what is needed is a fixed-size compact
//! signature per paragraph and sorting by band, which the MinHash crates wrap in their own
//! index types and hashers; none was among the probed dependencies.

use crate::prose::{boilerplate, paragraphs, shingles};
use gongkai_report::Report;
use std::collections::HashMap;
use std::ops::Range;

pub const HASHES: usize = 64;
pub const BANDS: usize = 16;
pub const ROWS: usize = HASHES / BANDS;

const fn seeds() -> [(u64, u64); HASHES] {
    let mut out = [(0u64, 0u64); HASHES];
    let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut i = 0;
    while i < HASHES {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out[i] = (z ^ (z >> 31), (z.rotate_left(17)) | 1);
        i += 1;
    }
    out
}

static SEEDS: [(u64, u64); HASHES] = seeds();

type Signature = [u16; HASHES];

/// The MinHash signature of a set of (already mixed) shingle hashes.
pub fn signature(hashes: impl Iterator<Item = u64>) -> Signature {
    let mut mins = [u64::MAX; HASHES];
    for h in hashes {
        for (m, (x, k)) in mins.iter_mut().zip(SEEDS.iter()) {
            let v = (h ^ x).wrapping_mul(*k);
            if v < *m {
                *m = v;
            }
        }
    }
    mins.map(|m| (m >> 48) as u16)
}

/// The estimated Jaccard similarity of two signatures.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / HASHES as f64
}

struct Unit {
    doc: u32,
    span: Range<u32>,
    chars: u32,
}

/// A paragraph of a cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The report (in the order added).
    pub doc: usize,
    /// Byte range of the paragraph in that report's text.
    pub span: Range<usize>,
    /// Folded characters of the paragraph.
    pub chars: usize,
}

/// Paragraphs of several bodies that are near-duplicates of each other.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub members: Vec<Member>,
    /// Distinct bodies among the members.
    pub bodies: usize,
    /// Shared by so many bodies that it is a common template, not copying.
    pub boilerplate: bool,
}

/// Signatures of every paragraph of the reports added; texts are not kept.
pub struct CopyIndex {
    near_duplicate: f64,
    min_paragraph: usize,
    units: Vec<Unit>,
    sigs: Vec<Signature>,
    doc_body: Vec<u32>,
    doc_prose: Vec<usize>,
    bodies: HashMap<String, u32>,
}

impl CopyIndex {
    /// `near_duplicate`: the similarity from which two paragraphs are the same;
    /// `min_paragraph`: folded characters a paragraph needs to be indexed.
    pub fn new(near_duplicate: f64, min_paragraph: usize) -> CopyIndex {
        CopyIndex {
            near_duplicate,
            min_paragraph,
            units: Vec::new(),
            sigs: Vec::new(),
            doc_body: Vec::new(),
            doc_prose: Vec::new(),
            bodies: HashMap::new(),
        }
    }

    /// Add a report's prose; `body` is its identity key (reports without one are each a body
    /// of their own). Returns its number.
    pub fn add(&mut self, body: Option<&str>, text: &str, report: Option<&Report>) -> usize {
        let doc = self.doc_body.len();
        let key = body.map_or_else(|| format!("\u{0}doc{doc}"), str::to_owned);
        let next = u32::try_from(self.bodies.len()).unwrap_or(u32::MAX);
        let b = *self.bodies.entry(key).or_insert(next);
        self.doc_body.push(b);
        let bp = boilerplate();
        let mut prose = 0;
        let doc32 = u32::try_from(doc).unwrap_or(u32::MAX);
        for p in paragraphs(text, report) {
            prose += p.chars.len();
            if p.chars.len() < self.min_paragraph {
                continue;
            }
            let mut hs: Vec<u64> = shingles(&p.chars)
                .map(|(_, h)| h)
                .filter(|h| !bp.contains(h))
                .collect();
            // A paragraph that is mostly boilerplate has too little of its own to compare.
            if hs.len() < self.min_paragraph / 2 {
                continue;
            }
            hs.sort_unstable();
            hs.dedup();
            let (Ok(s), Ok(e), Ok(c)) = (
                u32::try_from(p.span.start),
                u32::try_from(p.span.end),
                u32::try_from(p.chars.len()),
            ) else {
                continue;
            };
            self.units.push(Unit {
                doc: doc32,
                span: s..e,
                chars: c,
            });
            self.sigs.push(signature(hs.into_iter()));
        }
        self.doc_prose.push(prose);
        doc
    }

    /// Reports added.
    pub fn len(&self) -> usize {
        self.doc_body.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc_body.is_empty()
    }

    /// Paragraphs indexed.
    pub fn paragraphs(&self) -> usize {
        self.units.len()
    }

    /// Folded characters of a report's prose.
    pub fn prose_chars(&self, doc: usize) -> usize {
        self.doc_prose.get(doc).copied().unwrap_or(0)
    }

    /// Clusters of near-duplicate paragraphs from at least two bodies, largest first. A
    /// cluster shared by more than `max(boilerplate_min_bodies, boilerplate_share × bodies)`
    /// bodies is marked as boilerplate.
    pub fn clusters(&self, boilerplate_share: f64, boilerplate_min_bodies: usize) -> Vec<Cluster> {
        let n = self.units.len();
        let mut parent: Vec<u32> = (0..n).map(|i| u32::try_from(i).unwrap_or(0)).collect();
        let mut keys: Vec<(u64, u32)> = Vec::with_capacity(n);
        for band in 0..BANDS {
            keys.clear();
            for (i, s) in self.sigs.iter().enumerate() {
                let k = s[band * ROWS..(band + 1) * ROWS]
                    .iter()
                    .fold(0u64, |k, &v| (k << 16) | u64::from(v));
                keys.push((k, u32::try_from(i).unwrap_or(0)));
            }
            keys.sort_unstable();
            let mut g = 0;
            while g < keys.len() {
                let mut e = g + 1;
                while e < keys.len() && keys[e].0 == keys[g].0 {
                    e += 1;
                }
                let first = keys[g].1 as usize;
                for &(_, m) in &keys[g + 1..e] {
                    let m = m as usize;
                    if find(&mut parent, first) != find(&mut parent, m)
                        && similarity(&self.sigs[first], &self.sigs[m]) >= self.near_duplicate
                    {
                        union(&mut parent, first, m);
                    }
                }
                g = e;
            }
        }
        let mut groups: HashMap<u32, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let r = find(&mut parent, i);
            groups
                .entry(u32::try_from(r).unwrap_or(0))
                .or_default()
                .push(i);
        }
        let total_bodies = self.bodies.len();
        let cap = (boilerplate_share * total_bodies as f64).max(boilerplate_min_bodies as f64);
        let mut out: Vec<Cluster> = groups
            .into_values()
            .filter(|g| g.len() > 1)
            .filter_map(|g| {
                let mut bodies: Vec<u32> = g
                    .iter()
                    .filter_map(|&u| self.doc_body.get(self.units[u].doc as usize).copied())
                    .collect();
                bodies.sort_unstable();
                bodies.dedup();
                (bodies.len() >= 2).then(|| Cluster {
                    members: g
                        .iter()
                        .map(|&u| {
                            let unit = &self.units[u];
                            Member {
                                doc: unit.doc as usize,
                                span: unit.span.start as usize..unit.span.end as usize,
                                chars: unit.chars as usize,
                            }
                        })
                        .collect(),
                    bodies: bodies.len(),
                    boilerplate: bodies.len() as f64 > cap,
                })
            })
            .collect();
        for c in &mut out {
            c.members.sort_by_key(|m| (m.doc, m.span.start));
        }
        out.sort_by(|a, b| {
            b.members
                .len()
                .cmp(&a.members.len())
                .then(a.members[0].doc.cmp(&b.members[0].doc))
        });
        out
    }

    /// The body number of a report (equal numbers: the same body).
    pub fn body_of(&self, doc: usize) -> Option<u32> {
        self.doc_body.get(doc).copied()
    }
}

fn find(parent: &mut [u32], mut i: usize) -> usize {
    while parent[i] as usize != i {
        let p = parent[i] as usize;
        parent[i] = parent[p];
        i = p;
    }
    i
}

fn union(parent: &mut [u32], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = u32::try_from(ra.min(rb)).unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::fold;

    fn sig(s: &str) -> Signature {
        let f = fold(s, 0);
        let mut hs: Vec<u64> = shingles(&f).map(|x| x.1).collect();
        hs.sort_unstable();
        hs.dedup();
        signature(hs.into_iter())
    }

    #[test]
    fn similarity_tracks_overlap() {
        let a = "我镇坚持以人民为中心的发展思想，围绕乡村振兴重点任务，及时公开惠农补贴发放、农村危房改造、低保五保等群众关心的信息，切实保障群众知情权参与权监督权。";
        let b = a.replace("我镇", "本乡").replace("低保五保", "残疾补助");
        let c = "区交通运输局全面梳理公共交通、道路养护、出租车管理等领域的公开事项，按季度更新公交线路调整和站点迁移信息，并通过政务新媒体同步发布。";
        assert!(
            similarity(&sig(a), &sig(&b)) >= 0.6,
            "{}",
            similarity(&sig(a), &sig(&b))
        );
        assert!(similarity(&sig(a), &sig(c)) < 0.2);
    }
}
