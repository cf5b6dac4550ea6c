//! Byte offset → 1-based line number.

/// Start offsets of every line of a text.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        let i = self.starts.partition_point(|&s| s <= offset);
        u32::try_from(i.max(1)).unwrap_or(u32::MAX)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn start_of(&self, line: u32) -> Option<usize> {
        self.starts.get((line as usize).checked_sub(1)?).copied()
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let li = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(li.line_of(0), 1);
        assert_eq!(li.line_of(2), 1);
        assert_eq!(li.line_of(3), 2);
        assert_eq!(li.line_of(6), 3);
        assert_eq!(li.line_of(7), 4);
        assert_eq!(li.start_of(4), Some(7));
    }
}
