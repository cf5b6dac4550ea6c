//! Rule levels chosen by the user: allow (silence), warn, deny (error) — by id or id prefix
//! (`T3-*`), last setting wins, as with clippy's `-A/-W/-D`.

use gongkai_report::{Finding, Severity};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Allow,
    Info,
    Warn,
    Deny,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.to_ascii_lowercase().as_str() {
            "allow" | "a" | "off" => Some(Level::Allow),
            "info" | "i" => Some(Level::Info),
            "warn" | "w" | "warning" => Some(Level::Warn),
            "deny" | "d" | "error" => Some(Level::Deny),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    settings: Vec<(String, Level)>,
}

impl Config {
    /// Set the level of a rule id, or of every id starting with a prefix (`T3-*`, `N-*`).
    pub fn set(&mut self, pattern: &str, level: Level) {
        self.settings
            .push((pattern.trim().to_ascii_uppercase(), level));
    }

    pub fn level_of(&self, id: &str) -> Option<Level> {
        self.settings
            .iter()
            .rev()
            .find(|(p, _)| matches(p, id))
            .map(|(_, l)| *l)
    }

    /// Patterns that name no rule of the catalogue (a typo would otherwise silently do nothing).
    pub fn unknown_patterns(&self) -> Vec<&str> {
        self.settings
            .iter()
            .map(|(p, _)| p.as_str())
            .filter(|p| !crate::RULES.iter().any(|r| matches(p, r.id)))
            .collect()
    }

    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                match self.level_of(f.rule) {
                    Some(Level::Allow) => return None,
                    Some(Level::Info) => f.severity = Severity::Info,
                    Some(Level::Warn) => f.severity = Severity::Warning,
                    Some(Level::Deny) => f.severity = Severity::Error,
                    None => {}
                }
                Some(f)
            })
            .collect()
    }
}

fn matches(pattern: &str, id: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix),
        None => pattern == id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_setting_wins_and_prefixes_match() {
        let mut c = Config::default();
        c.set("t3-*", Level::Allow);
        c.set("T3-BALANCE", Level::Deny);
        assert_eq!(c.level_of("T3-ROWSUM"), Some(Level::Allow));
        assert_eq!(c.level_of("T3-BALANCE"), Some(Level::Deny));
        assert_eq!(c.level_of("T4-GROUPSUM"), None);
        c.set("T9-NOPE", Level::Warn);
        assert_eq!(c.unknown_patterns(), vec!["T9-NOPE"]);
    }
}
