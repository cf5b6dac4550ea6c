//! Text derived from another text, with a map from every byte back to its origin.

use std::ops::Range;

/// A string built from a base string by replacing, dropping or inserting characters, that
/// remembers for each of its bytes the byte offset in the base it came from.
///
/// Invariant: `map.len() == text.len() + 1` and `map[text.len()]` is the length of the base.
/// The map is non-decreasing, except in text that rebuilds a grid drawn over several lines (a
/// cell's text gathered from consecutive lines comes after text of the cells beside it):
/// `monotonic` says which, and ranges are then mapped by their extremes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MappedText {
    text: String,
    map: Vec<u32>,
    monotonic: bool,
}

impl MappedText {
    /// Start building text derived from a base of `base_len` bytes.
    pub fn builder(capacity: usize) -> MappedTextBuilder {
        MappedTextBuilder {
            text: String::with_capacity(capacity),
            map: Vec::with_capacity(capacity + 1),
        }
    }

    /// The identity map over `text` (each byte maps to itself).
    pub fn identity(text: &str) -> MappedText {
        let mut b = MappedText::builder(text.len());
        for (i, c) in text.char_indices() {
            b.push(c, i);
        }
        b.finish(text.len())
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Base offset of byte `i` of this text (`i` may equal `len()`).
    pub fn base_offset(&self, i: usize) -> usize {
        self.map
            .get(i.min(self.text.len()))
            .map_or(0, |&o| o as usize)
    }

    /// The base range covering the characters in `r`: from the base character the first one
    /// came from to the end of the base character the last one came from. `base` is the text
    /// this one was derived from (needed to know where that base character ends).
    pub fn base_range(&self, r: Range<usize>, base: &str) -> Range<usize> {
        let len = self.text.len();
        let (s, e) = (r.start.min(len), r.end.min(len));
        let mut start = self.base_offset(s);
        if e <= s {
            return start..start;
        }
        let mut last = self.base_offset(e - 1);
        if !self.monotonic {
            let span = self.map.get(s..e).unwrap_or(&[]);
            start = span.iter().min().map_or(start, |&o| o as usize);
            last = span.iter().max().map_or(last, |&o| o as usize);
        }
        let end = base
            .get(last..)
            .and_then(|t| t.chars().next())
            .map_or(last, |c| last + c.len_utf8());
        start..end.max(start)
    }
}

pub struct MappedTextBuilder {
    text: String,
    map: Vec<u32>,
}

impl MappedTextBuilder {
    /// Append `c`, which comes from base offset `origin`.
    pub fn push(&mut self, c: char, origin: usize) {
        let o = u32::try_from(origin).unwrap_or(u32::MAX);
        for _ in 0..c.len_utf8() {
            self.map.push(o);
        }
        self.text.push(c);
    }

    pub fn push_str(&mut self, s: &str, origin: usize) {
        for c in s.chars() {
            self.push(c, origin);
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// Drop everything after byte `len` (a char boundary).
    pub fn truncate(&mut self, len: usize) {
        if self.text.is_char_boundary(len) {
            self.text.truncate(len);
            self.map.truncate(len);
        }
    }

    pub fn finish(mut self, base_len: usize) -> MappedText {
        self.map.push(u32::try_from(base_len).unwrap_or(u32::MAX));
        let monotonic = self.map.windows(2).all(|w| w[0] <= w[1]);
        MappedText {
            text: self.text,
            map: self.map,
            monotonic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_byte_to_itself() {
        let m = MappedText::identity("a一b");
        assert_eq!(m.base_range(1..4, "a一b"), 1..4);
        assert_eq!(m.base_offset(5), 5);
    }

    #[test]
    fn expansions_map_to_the_whole_base_character() {
        // base "x㈠y": ㈠ (3 bytes at 1) becomes "(一)"
        let mut b = MappedText::builder(8);
        b.push('x', 0);
        b.push_str("(一)", 1);
        b.push('y', 4);
        let m = b.finish(5);
        assert_eq!(m.as_str(), "x(一)y");
        // "(一" alone still covers the whole ㈠
        assert_eq!(m.base_range(1..5, "x㈠y"), 1..4);
        assert_eq!(m.base_range(0..m.len(), "x㈠y"), 0..5);
    }

    #[test]
    fn ends_do_not_run_over_dropped_characters() {
        // base "ab  c" → "abc": "ab" ends at 2, not at the "c"
        let mut b = MappedText::builder(3);
        b.push('a', 0);
        b.push('b', 1);
        b.push('c', 4);
        let m = b.finish(5);
        assert_eq!(m.base_range(0..2, "ab  c"), 0..2);
    }
}
