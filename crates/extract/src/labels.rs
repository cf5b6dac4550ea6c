//! Every label of the format, compiled once into one automaton over the compact view.
//!
//! Patterns come from `gongkai-format` only, normalised the way documents are. One pattern can
//! mean several things (`其他处理` is a row in 2019 and a group label in 2021; `上一年项目数量`
//! heads three blocks); the table readers pick the meaning that fits.

use aho_corasick::{AhoCorasick, MatchKind};
use gongkai_decode::compact_label;
use gongkai_format::{Edition, T3_COLUMNS, edition_def, t4_header_labels};
use std::sync::OnceLock;

/// A set of editions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Editions(u8);

impl Editions {
    pub fn of(e: Edition) -> Editions {
        Editions(match e {
            Edition::E2019 => 1,
            Edition::E2021 => 2,
        })
    }

    pub fn contains(self, e: Edition) -> bool {
        self.0 & Editions::of(e).0 != 0
    }

    pub fn union(self, o: Editions) -> Editions {
        Editions(self.0 | o.0)
    }

    /// The single edition, when the set has exactly one.
    pub fn only(self) -> Option<Edition> {
        match self.0 {
            1 => Some(Edition::E2019),
            2 => Some(Edition::E2021),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// `第二十条第（一）项`.
    T2Marker { item: u8, editions: Editions },
    /// `信息内容`.
    T2RowHeader,
    T2Column {
        item: u8,
        key: &'static str,
        editions: Editions,
        misprint: bool,
    },
    T2Row {
        key: &'static str,
        editions: Editions,
    },
    T3Row {
        key: &'static str,
        editions: Editions,
    },
    T3Group {
        key: &'static str,
        editions: Editions,
    },
    /// A column header of table 3 (`申请人情况`, `商业企业` …).
    T3Header,
    /// The balance caption (`勾稽关系`).
    T3Caption,
    /// A header of table 4 (`行政复议`, `结果维持` …).
    T4Header,
}

impl Meaning {
    /// Same meaning, editions aside.
    fn same_as(&self, o: &Meaning) -> bool {
        use Meaning::*;
        match (self, o) {
            (T2Marker { item: a, .. }, T2Marker { item: b, .. }) => a == b,
            (
                T2Column {
                    item: a,
                    key: k,
                    misprint: m,
                    ..
                },
                T2Column {
                    item: b,
                    key: l,
                    misprint: n,
                    ..
                },
            ) => a == b && k == l && m == n,
            (T2Row { key: a, .. }, T2Row { key: b, .. }) => a == b,
            (T3Row { key: a, .. }, T3Row { key: b, .. }) => a == b,
            (T3Group { key: a, .. }, T3Group { key: b, .. }) => a == b,
            (T2RowHeader, T2RowHeader)
            | (T3Header, T3Header)
            | (T3Caption, T3Caption)
            | (T4Header, T4Header) => true,
            _ => false,
        }
    }

    fn merge_editions(&mut self, o: &Meaning) {
        use Meaning::*;
        let add = match o {
            T2Marker { editions, .. }
            | T2Column { editions, .. }
            | T2Row { editions, .. }
            | T3Row { editions, .. }
            | T3Group { editions, .. } => *editions,
            _ => return,
        };
        match self {
            T2Marker { editions, .. }
            | T2Column { editions, .. }
            | T2Row { editions, .. }
            | T3Row { editions, .. }
            | T3Group { editions, .. } => *editions = editions.union(add),
            _ => {}
        }
    }

    pub fn is_table2(&self) -> bool {
        matches!(
            self,
            Meaning::T2Marker { .. }
                | Meaning::T2RowHeader
                | Meaning::T2Column { .. }
                | Meaning::T2Row { .. }
        )
    }

    pub fn is_table3(&self) -> bool {
        matches!(
            self,
            Meaning::T3Row { .. }
                | Meaning::T3Group { .. }
                | Meaning::T3Header
                | Meaning::T3Caption
        )
    }
}

/// A pattern and what it can mean; `enumerator` is the enumerator a match may be preceded by.
#[derive(Debug)]
pub struct Pattern {
    pub text: String,
    pub meanings: Vec<Meaning>,
    pub enumerators: Vec<String>,
}

pub struct Catalogue {
    pub patterns: Vec<Pattern>,
    automaton: Option<AhoCorasick>,
}

/// A label found in the compact view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Start in the compact view, including an enumerator printed before the label.
    pub start: usize,
    /// Start of the label text proper.
    pub core_start: usize,
    pub end: usize,
    pub pattern: usize,
    /// Found with one character wrong or doubled ([`Catalogue::misprints`]).
    pub misprint: bool,
}

impl Catalogue {
    pub fn get() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(Catalogue::build)
    }

    fn build() -> Catalogue {
        let mut b = Builder::default();
        for e in Edition::ALL {
            let ed = Editions::of(e);
            let def = edition_def(e);
            b.add(def.table2.row_header, Meaning::T2RowHeader, &[]);
            for block in def.table2.blocks {
                b.add(
                    block.marker,
                    Meaning::T2Marker {
                        item: block.item,
                        editions: ed,
                    },
                    &[],
                );
                for c in block.columns {
                    for s in c.spellings() {
                        b.add(
                            s,
                            Meaning::T2Column {
                                item: block.item,
                                key: c.key,
                                editions: ed,
                                misprint: false,
                            },
                            &[],
                        );
                    }
                    for s in c.misprints {
                        b.add(
                            s,
                            Meaning::T2Column {
                                item: block.item,
                                key: c.key,
                                editions: ed,
                                misprint: true,
                            },
                            &[],
                        );
                    }
                }
                for r in block.rows {
                    for t in r.texts {
                        b.add(
                            t,
                            Meaning::T2Row {
                                key: r.key,
                                editions: ed,
                            },
                            &[],
                        );
                    }
                }
            }
            let t3 = def.table3;
            for r in t3.rows {
                let m = Meaning::T3Row {
                    key: r.key,
                    editions: ed,
                };
                let enums = r.enumerator.spellings();
                for t in r.texts {
                    if r.needs_enumerator {
                        for en in &enums {
                            b.add(&format!("{en}{t}"), m, &[]);
                        }
                    } else {
                        b.add(t, m, &enums);
                    }
                }
            }
            for g in t3.groups {
                let enums = g.enumerator.spellings();
                for t in g.texts {
                    b.add(
                        t,
                        Meaning::T3Group {
                            key: g.key,
                            editions: ed,
                        },
                        &enums,
                    );
                }
            }
            for h in t3.header_labels() {
                b.add(h, Meaning::T3Header, &[]);
            }
        }
        // Column headers of table 3 that are long enough to be unambiguous.
        for c in T3_COLUMNS.iter().filter(|c| c.label.chars().count() >= 3) {
            b.add(c.label, Meaning::T3Header, &[]);
        }
        b.add("勾稽关系", Meaning::T3Caption, &[]);
        for h in t4_header_labels()
            .into_iter()
            .filter(|h| h.chars().count() >= 4)
        {
            b.add(h, Meaning::T4Header, &[]);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(b.patterns.iter().map(|p| p.text.as_str()))
            .ok();
        Catalogue {
            patterns: b.patterns,
            automaton,
        }
    }

    pub fn meanings(&self, hit: &Hit) -> &[Meaning] {
        self.patterns
            .get(hit.pattern)
            .map_or(&[], |p| p.meanings.as_slice())
    }

    /// All labels in a compact text, left to right, not overlapping; each extended backwards
    /// over the enumerator printed before it (`2.其他法律…` in `00000002.其他法律…` claims
    /// the `2.`, which is the label's, not the previous row's).
    pub fn scan(&self, compact: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut hits: Vec<Hit> = Vec::new();
        for m in ac.find_iter(compact) {
            let floor = hits.last().map_or(0, |h| h.end);
            // A label's note in brackets (`其他对外管理服务事项（含行政处罚、行政强制等）`)
            // names other labels' words: they are not labels there.
            let row_label = |p: usize| {
                self.patterns.get(p).is_some_and(|p| {
                    p.meanings
                        .iter()
                        .any(|m| matches!(m, Meaning::T2Row { .. } | Meaning::T3Row { .. }))
                })
            };
            if hits.last().is_some_and(|h| {
                row_label(h.pattern)
                    && row_label(m.pattern().as_usize())
                    && in_note(&compact[h.end..m.start()])
            }) {
                continue;
            }
            let mut start = m.start();
            if let Some(p) = self.patterns.get(m.pattern().as_usize()) {
                let before = &compact[floor..m.start()];
                if let Some(en) = p
                    .enumerators
                    .iter()
                    .filter(|en| before.ends_with(en.as_str()))
                    .max_by_key(|en| en.len())
                {
                    start -= en.len();
                }
            }
            hits.push(Hit {
                start,
                core_start: m.start(),
                end: m.end(),
                pattern: m.pattern().as_usize(),
                misprint: false,
            });
        }
        hits
    }
}

impl Catalogue {
    /// Row labels printed with one character wrong (`行政事业型收费`) or doubled (`三三、本年度
    /// 办理结果`) inside `range` of the compact text: each row label of five characters or more
    /// that `hits` lacks is looked for near its neighbours' text, and accepted only where it sits
    /// between the rows found before and after it in the template (`order` gives a row label's
    /// place, `None` for other labels). The hits returned are flagged as misprints.
    pub fn misprints(
        &self,
        compact: &str,
        range: std::ops::Range<usize>,
        hits: &[Hit],
        order: &dyn Fn(&Meaning) -> Option<usize>,
    ) -> Vec<Hit> {
        let place = |p: usize| {
            self.patterns
                .get(p)
                .and_then(|p| p.meanings.iter().find_map(order))
        };
        let found: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| range.contains(&h.start))
            .filter_map(|h| place(h.pattern).map(|o| (h.start, o)))
            .collect();
        let zone = &compact[range.clone()];
        let mut out = Vec::new();
        for (pi, p) in self.patterns.iter().enumerate() {
            let Some(o) = place(pi) else { continue };
            let want: Vec<char> = p.text.chars().collect();
            if want.len() < 5 || found.iter().any(|f| f.1 == o) {
                continue;
            }
            for (at, len) in near_misses(zone, &want) {
                let start = range.start + at;
                let end = start + len;
                if hits
                    .iter()
                    .chain(&out)
                    .any(|h: &Hit| h.start < end && start < h.end)
                {
                    continue;
                }
                // Between the template's neighbours as printed.
                let before = found.iter().filter(|f| f.0 < start).map(|f| f.1).max();
                let after = found.iter().filter(|f| f.0 > start).map(|f| f.1).min();
                if before.is_some_and(|b| b >= o) || after.is_some_and(|a| a <= o) {
                    continue;
                }
                out.push(Hit {
                    start,
                    core_start: start,
                    end,
                    pattern: pi,
                    misprint: true,
                });
                break;
            }
        }
        out
    }
}

/// Places in `zone` that read as `want` with one character substituted or one doubled: byte
/// offset and length.
fn near_misses(zone: &str, want: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = zone.char_indices().collect();
    let n = want.len();
    let (Some(&w0), Some(&w1)) = (want.first(), want.get(1)) else {
        return out;
    };
    let (Some(&z1), Some(&z0)) = (want.get(n - 2), want.last()) else {
        return out;
    };
    let byte_end = |k: usize| chars.get(k).map_or(zone.len(), |c| c.0);
    for i in 0..chars.len() {
        let head = chars[i].1 == w0 && chars.get(i + 1).is_some_and(|c| c.1 == w1);
        let tail_sub = i + n <= chars.len() && chars[i + n - 1].1 == z0 && chars[i + n - 2].1 == z1;
        if !(head || tail_sub) {
            continue;
        }
        // One substitution: same length. A misprint is a wrong character, never a digit of
        // the numbers beside the label.
        if i + n <= chars.len() {
            let diff: Vec<usize> = (0..n).filter(|&k| chars[i + k].1 != want[k]).collect();
            if let [k] = diff[..]
                && !chars[i + k].1.is_ascii_digit()
                && !is_cell_break(chars[i + k].1)
            {
                out.push((chars[i].0, byte_end(i + n) - chars[i].0));
                continue;
            }
        }
        // One character doubled: one longer.
        if i + n < chars.len() {
            let window: Vec<char> = chars[i..=i + n].iter().map(|c| c.1).collect();
            let doubled = (0..n).any(|k| {
                window[k] == window[k + 1]
                    && !window[k].is_ascii_digit()
                    && window[..k].iter().chain(&window[k + 1..]).eq(want.iter())
            });
            if doubled {
                out.push((chars[i].0, byte_end(i + n + 1) - chars[i].0));
            }
        }
    }
    out
}

/// Characters that end a cell's text in the compact view's neighbourhood (punctuation a
/// label may not misprint into).
fn is_cell_break(c: char) -> bool {
    matches!(c, '.' | ',' | '-' | '+' | '/' | '%')
}

/// Whether text right after a label opens a bracket that is still open: the label's note.
fn in_note(between: &str) -> bool {
    between.starts_with('(') && !between.contains(')') && between.chars().count() <= 40
}

#[derive(Default)]
struct Builder {
    patterns: Vec<Pattern>,
}

impl Builder {
    fn add(&mut self, label: &str, m: Meaning, enumerators: &[String]) {
        let text = compact_label(label);
        if text.is_empty() {
            return;
        }
        let enums: Vec<String> = enumerators.iter().map(|e| compact_label(e)).collect();
        if let Some(p) = self.patterns.iter_mut().find(|p| p.text == text) {
            match p.meanings.iter_mut().find(|x| x.same_as(&m)) {
                Some(x) => x.merge_editions(&m),
                None => p.meanings.push(m),
            }
            for e in enums {
                if !p.enumerators.contains(&e) {
                    p.enumerators.push(e);
                }
            }
        } else {
            self.patterns.push(Pattern {
                text,
                meanings: vec![m],
                enumerators: enums,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(compact: &str) -> Vec<&str> {
        let c = Catalogue::get();
        c.scan(compact)
            .iter()
            .map(|h| &compact[h.start..h.end])
            .collect()
    }

    #[test]
    fn enumerators_are_claimed_by_the_following_label() {
        assert_eq!(
            texts("(三)不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"),
            vec![
                "(三)不予公开",
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开"
            ]
        );
    }

    #[test]
    fn short_labels_need_their_enumerator() {
        assert_eq!(
            texts("3.其他1000001(七)总计801000081"),
            vec!["3.其他", "(七)总计"]
        );
        assert!(texts("其他总计").is_empty());
    }

    #[test]
    fn a_pattern_can_mean_a_row_and_a_group() {
        let c = Catalogue::get();
        let hits = c.scan("(六)其他处理");
        assert_eq!(hits.len(), 1);
        let ms = c.meanings(&hits[0]);
        assert!(
            ms.iter()
                .any(|m| matches!(m, Meaning::T3Row { key: "other", .. }))
        );
        assert!(ms.iter().any(|m| matches!(
            m,
            Meaning::T3Group {
                key: "other_handling",
                ..
            }
        )));
    }

    #[test]
    fn words_in_a_labels_note_are_not_labels() {
        assert_eq!(
            texts("其他对外管理服务事项(含行政处罚、行政强制等)1170165行政处罚1行政强制2"),
            vec!["其他对外管理服务事项", "行政处罚", "行政强制"]
        );
    }

    #[test]
    fn longest_header_wins() {
        assert_eq!(
            texts("信息内容本年处理决定数量"),
            vec!["信息内容", "本年处理决定数量"]
        );
    }
}
