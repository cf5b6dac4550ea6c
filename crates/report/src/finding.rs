//! Findings: what a rule (or the extractor) says about a report, with the evidence it used.

use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// A place in the decoded text that a finding points at, with a short label.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub span: Range<usize>,
    pub line: u32,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Stable rule id (`T3-BALANCE`, `P-ROW-AMBIGUOUS` …).
    pub rule: &'static str,
    pub severity: Severity,
    /// False when the rule could not be evaluated ("not assessable"): its cells are missing.
    pub assessable: bool,
    /// Message in Chinese with the keys of the cells involved.
    pub message: String,
    /// Cells the rule read, as `table.row.col`.
    pub cells: Vec<String>,
    /// Source places, most important first.
    pub evidence: Vec<Evidence>,
    /// How to fix or what to look at.
    pub help: Option<String>,
}

impl Finding {
    pub fn new(rule: &'static str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity,
            assessable: true,
            message: message.into(),
            cells: Vec::new(),
            evidence: Vec::new(),
            help: None,
        }
    }

    /// A finding that says the rule could not be evaluated.
    pub fn not_assessable(rule: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            assessable: false,
            ..Finding::new(rule, Severity::Info, message)
        }
    }

    pub fn with_cells<I: IntoIterator<Item = String>>(mut self, cells: I) -> Finding {
        self.cells.extend(cells);
        self
    }

    pub fn with_evidence(
        mut self,
        span: Range<usize>,
        line: u32,
        label: impl Into<String>,
    ) -> Finding {
        self.evidence.push(Evidence {
            span,
            line,
            label: label.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// The first line the finding points at.
    pub fn line(&self) -> Option<u32> {
        self.evidence.first().map(|e| e.line)
    }
}
