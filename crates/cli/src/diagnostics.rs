//! Findings shown like compiler errors: rule id, severity, message, and the source lines with
//! the cells marked. Long lines (minified HTML) are shown as a window around the marks.

use gongkai_report::{Finding, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// How much of a long line to show on each side of a mark, in bytes.
const WINDOW: usize = 120;

/// The decoded text of one document, shown in windows.
pub struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source { name, text }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let t = self.text;
        let start = span.offset();
        let end = start + span.len();
        if end > t.len() {
            return Err(MietteError::OutOfBounds);
        }
        // Whole lines around the span, `before`/`after` lines of context.
        let mut a = t[..start].rfind('\n').map_or(0, |i| i + 1);
        for _ in 0..before {
            if a == 0 {
                break;
            }
            a = t[..a - 1].rfind('\n').map_or(0, |i| i + 1);
        }
        let mut b = t[end..].find('\n').map_or(t.len(), |i| end + i);
        for _ in 0..after {
            if b >= t.len() {
                break;
            }
            b = t[b + 1..].find('\n').map_or(t.len(), |i| b + 1 + i);
        }
        // Cut very long lines (minified HTML, crawler dumps) to a window around the span;
        // ordinary lines are shown whole, with their context lines.
        let line_start = t[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = t[end..].find('\n').map_or(t.len(), |i| end + i);
        if line_end - line_start > 3 * WINDOW {
            a = a.max(floor_boundary(t, start.saturating_sub(WINDOW)));
            b = b.min(ceil_boundary(t, end + WINDOW));
        }
        let line = t[..a].matches('\n').count();
        let col = a - t[..a].rfind('\n').map_or(0, |i| i + 1);
        let lines = t[a..b].matches('\n').count() + 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            &t.as_bytes()[a..b],
            (a, b - a).into(),
            line,
            col,
            lines,
        )))
    }
}

struct Diag<'a> {
    f: &'a Finding,
    /// The finding's stable id (`GK-…`), shown beside the rule as rustc shows an error code.
    id: Option<&'a str>,
    src: &'a Source<'a>,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.f.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.f.assessable {
            f.write_str(&self.f.message)
        } else {
            write!(f, "不可评估：{}", self.f.message)
        }
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(match self.id {
            Some(id) => Box::new(format!("{} {id}", self.f.rule)),
            None => Box::new(self.f.rule),
        })
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.f
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        (!self.f.evidence.is_empty()).then_some(self.src as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.f.evidence.is_empty() {
            return None;
        }
        let len = self.src.text.len();
        Some(Box::new(self.f.evidence.iter().map(move |e| {
            let s = e.span.start.min(len);
            let n = e.span.end.min(len).saturating_sub(s);
            LabeledSpan::new(Some(e.label.clone()), s, n)
        })))
    }
}

/// Renders findings; colour only when writing to a terminal.
pub struct Renderer {
    handler: GraphicalReportHandler,
}

impl Renderer {
    pub fn new(color: bool) -> Renderer {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Renderer {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_context_lines(1)
                .with_links(false),
        }
    }

    pub fn render(&self, f: &Finding, src: &Source<'_>) -> String {
        self.render_id(f, None, src)
    }

    /// A finding with its stable id after the rule (`T3-BALANCE GK-0123456789ab`).
    pub fn render_id(&self, f: &Finding, id: Option<&str>, src: &Source<'_>) -> String {
        let mut out = String::new();
        let d = Diag { f, id, src };
        if self.handler.render_report(&mut out, &d).is_err() {
            // A span the handler cannot show: fall back to the message alone.
            let code = id.map_or_else(|| f.rule.to_owned(), |id| format!("{} {id}", f.rule));
            out = format!("{} [{code}] {}\n", f.severity.as_str(), f.message);
        }
        out
    }
}
