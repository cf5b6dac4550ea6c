//! Scoring the extractor on the labelled set (`tests/data/labelled.json`): shared by the test
//! (`tests/labelled.rs`) and the bench (`examples/score.rs`).
//!
//! A case is a paragraph with the statements a careful reader finds in it: `facts` (what the
//! tables can confirm, with the quote that states it), `unsupported` (confirmable statements
//! of kinds the extractor does not cover: they count as missed) and `traps` (numbers or
//! phrases that are about something else). An extracted fact is right when its label and
//! value equal an expected fact's and its span overlaps the quote.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use gongkai_narrative::{Fact, facts};
use serde_json::Value as Json;

pub const LABELLED: &str = include_str!("../data/labelled.json");

pub struct Expected {
    pub quote: String,
    pub label: String,
    pub value: f64,
}

pub struct Case {
    pub id: String,
    pub real: bool,
    pub text: String,
    pub facts: Vec<Expected>,
    pub unsupported: Vec<Expected>,
    pub traps: Vec<String>,
}

fn expected(v: &Json) -> Vec<Expected> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| Expected {
            quote: e["quote"].as_str().unwrap().to_owned(),
            label: e["label"].as_str().unwrap().to_owned(),
            value: e["value"].as_f64().unwrap(),
        })
        .collect()
}

pub fn cases() -> Vec<Case> {
    let v: Json = serde_json::from_str(LABELLED).expect("labelled.json parses");
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| Case {
            id: c["id"].as_str().unwrap().to_owned(),
            real: c["source"].as_str().unwrap().starts_with("real"),
            text: c["text"].as_str().unwrap().to_owned(),
            facts: expected(&c["facts"]),
            unsupported: expected(&c["unsupported"]),
            traps: c["traps"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["quote"].as_str().unwrap().to_owned())
                .collect(),
        })
        .collect()
}

/// Byte ranges where `quote` occurs in `text`.
fn places(text: &str, quote: &str) -> Vec<std::ops::Range<usize>> {
    text.match_indices(quote)
        .map(|(i, q)| i..i + q.len())
        .collect()
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn matches(f: &Fact, e: &Expected, text: &str) -> bool {
    f.label() == e.label
        && (f.value.as_f64() - e.value).abs() < 1e-9
        && places(text, &e.quote).iter().any(|p| overlaps(p, &f.span))
}

#[derive(Default, Debug, Clone, Copy)]
pub struct Score {
    /// Extracted and right.
    pub right: usize,
    /// Extracted and wrong (no expected statement says it).
    pub wrong: usize,
    /// Expected, of a kind the extractor covers.
    pub expected: usize,
    /// Expected, of a kind it does not cover (missed by construction).
    pub unsupported: usize,
    /// Traps with no fact over them.
    pub traps_kept: usize,
    pub traps: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        let n = self.right + self.wrong;
        if n == 0 {
            1.0
        } else {
            self.right as f64 / n as f64
        }
    }

    /// Recall over every confirmable statement, the unsupported kinds included.
    pub fn recall(&self) -> f64 {
        let n = self.expected + self.unsupported;
        if n == 0 {
            1.0
        } else {
            self.right as f64 / n as f64
        }
    }

    pub fn statements(&self) -> usize {
        self.expected + self.unsupported + self.traps
    }

    fn add(&mut self, o: Score) {
        self.right += o.right;
        self.wrong += o.wrong;
        self.expected += o.expected;
        self.unsupported += o.unsupported;
        self.traps_kept += o.traps_kept;
        self.traps += o.traps;
    }
}

/// The score of one case and what went wrong in it.
pub fn score_case(c: &Case) -> (Score, Vec<String>) {
    let got = facts(&c.text);
    let mut s = Score {
        expected: c.facts.len(),
        unsupported: c.unsupported.len(),
        traps: c.traps.len(),
        ..Score::default()
    };
    let mut problems = Vec::new();
    let mut used = vec![false; c.facts.len()];
    for f in &got {
        let hit = c
            .facts
            .iter()
            .enumerate()
            .find(|(i, e)| !used[*i] && matches(f, e, &c.text));
        match hit {
            Some((i, _)) => {
                used[i] = true;
                s.right += 1;
            }
            None => {
                s.wrong += 1;
                problems.push(format!(
                    "{}: wrong {}={} at 「{}」",
                    c.id,
                    f.label(),
                    f.value,
                    c.text.get(f.span.clone()).unwrap_or("?")
                ));
            }
        }
    }
    for (e, u) in c.facts.iter().zip(&used) {
        if !u {
            problems.push(format!(
                "{}: missed {}={} 「{}」",
                c.id, e.label, e.value, e.quote
            ));
        }
    }
    for t in &c.traps {
        let caught = got
            .iter()
            .any(|f| places(&c.text, t).iter().any(|p| overlaps(p, &f.span)));
        if !caught {
            s.traps_kept += 1;
        }
    }
    (s, problems)
}

/// Scores over all cases, over the real ones and over the written ones.
pub fn score_all(cases: &[Case]) -> (Score, Score, Score, Vec<String>) {
    let (mut all, mut real, mut written) = (Score::default(), Score::default(), Score::default());
    let mut problems = Vec::new();
    for c in cases {
        let (s, p) = score_case(c);
        all.add(s);
        if c.real {
            real.add(s);
        } else {
            written.add(s);
        }
        problems.extend(p);
    }
    (all, real, written, problems)
}
