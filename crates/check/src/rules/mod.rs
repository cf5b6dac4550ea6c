//! The rules, one module per part of the report. Each module lists the rules it emits
//! (`EMITS`); whether a rule is implemented follows from these lists, and a test reads each
//! module's source to keep its list and its code in step.

mod dates;
mod narrative;
mod structure;
mod table2;
mod table3;
mod table4;

use crate::catalogue::{RULES, Rule, Scope, T2_HEADER, T3_EDITION, T3_SUBTOTAL};
use crate::ctx::Ctx;
use gongkai_report::Finding;

/// What each module emits, by module name.
pub(crate) static MODULES: &[(&str, &[&Rule])] = &[
    ("table3", table3::EMITS),
    ("table4", table4::EMITS),
    ("table2", table2::EMITS),
    ("structure", structure::EMITS),
    ("dates", dates::EMITS),
    ("narrative", narrative::EMITS),
];

/// Whether some rules module emits `rule`.
pub(crate) fn implements(rule: &Rule) -> bool {
    MODULES
        .iter()
        .flat_map(|(_, emits)| emits.iter())
        .any(|r| std::ptr::eq(*r, rule))
}

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    table3::run(ctx, out);
    table4::run(ctx, out);
    table2::run(ctx, out);
    structure::run(ctx, out);
    dates::run(ctx, out);
    narrative::run(ctx, out);
    // Document rules this version does not implement say so.
    for r in RULES
        .iter()
        .filter(|r| r.scope == Scope::Document && !r.implemented())
    {
        out.push(r.not_assessable(format!("本版本尚未实现此检查：{}", r.title)));
    }
}

/// Rules of the table modules that read the printed page (column headers, edition marks,
/// subtotal rows as printed) rather than the values: without the source they cannot be checked.
static READ_FROM_PRINT: &[&Rule] = &[&T2_HEADER, &T3_EDITION, &T3_SUBTOTAL];

/// The rules on the values of the tables alone, for a report rebuilt without its source (a
/// flat table): the others say "not assessable" with `why`, none passes silently.
pub fn run_values_only(ctx: &Ctx<'_>, why: &str, out: &mut Vec<Finding>) {
    let from_print = |id: &str| READ_FROM_PRINT.iter().any(|r| r.id == id);
    let mut tables = Vec::new();
    table3::run(ctx, &mut tables);
    table4::run(ctx, &mut tables);
    table2::run(ctx, &mut tables);
    out.extend(tables.into_iter().filter(|f| !from_print(f.rule)));
    let values: Vec<&Rule> = [table3::EMITS, table4::EMITS, table2::EMITS]
        .into_iter()
        .flatten()
        .copied()
        .filter(|r| !from_print(r.id))
        .collect();
    for r in RULES.iter().filter(|r| r.scope == Scope::Document) {
        if !r.implemented() {
            out.push(r.not_assessable(format!("本版本尚未实现此检查：{}", r.title)));
        } else if !values.iter().any(|v| std::ptr::eq(*v, *r)) {
            out.push(r.not_assessable(why.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sources of the modules, to compare what they name with what they list.
    const SOURCES: &[(&str, &str)] = &[
        ("table3", include_str!("table3.rs")),
        ("table4", include_str!("table4.rs")),
        ("table2", include_str!("table2.rs")),
        ("structure", include_str!("structure.rs")),
        ("dates", include_str!("dates.rs")),
        ("narrative", include_str!("narrative.rs")),
    ];

    /// The source without its `EMITS` list.
    fn code(src: &str) -> String {
        match src.find("pub(crate) static EMITS") {
            Some(at) => {
                let end = src[at..].find("];").map_or(src.len(), |e| at + e + 2);
                format!("{}{}", &src[..at], &src[end..])
            }
            None => src.to_owned(),
        }
    }

    fn names_word(code: &str, word: &str) -> bool {
        code.match_indices(word).any(|(i, _)| {
            let before = code[..i].chars().next_back();
            let after = code[i + word.len()..].chars().next();
            let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            !ident(before) && !ident(after)
        })
    }

    #[test]
    fn each_module_lists_exactly_the_rules_it_names() {
        assert_eq!(SOURCES.len(), MODULES.len());
        for ((name, src), (module, emits)) in SOURCES.iter().zip(MODULES) {
            assert_eq!(name, module);
            let code = code(src);
            for r in RULES {
                let handle = r.id.replace('-', "_");
                let named = names_word(&code, &handle);
                let listed = emits.iter().any(|e| std::ptr::eq(*e, *r));
                assert_eq!(
                    named,
                    listed,
                    "rules/{name}.rs: {} is {} but {} in its EMITS",
                    r.id,
                    if named { "used" } else { "not used" },
                    if listed { "listed" } else { "not listed" }
                );
                assert!(
                    !code.contains(&format!("\"{}\"", r.id)),
                    "rules/{name}.rs spells {} as a string: use its handle",
                    r.id
                );
            }
        }
    }

    #[test]
    fn only_document_rules_are_emitted_here() {
        for (_, emits) in MODULES {
            for r in *emits {
                assert_eq!(r.scope, Scope::Document, "{}", r.id);
            }
        }
    }
}
