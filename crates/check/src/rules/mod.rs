//! The rules, one module per part of the report.

mod dates;
mod structure;
mod table2;
mod table3;
mod table4;

use crate::catalogue::{RULES, Scope};
use crate::ctx::Ctx;
use gongkai_report::Finding;

pub fn run(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    table3::run(ctx, out);
    table4::run(ctx, out);
    table2::run(ctx, out);
    structure::run(ctx, out);
    dates::run(ctx, out);
    // Document rules this version does not implement say so.
    for r in RULES
        .iter()
        .filter(|r| r.scope == Scope::Document && !r.implemented)
    {
        out.push(Finding::not_assessable(
            r.id,
            format!("本版本尚未实现此检查：{}", r.title),
        ));
    }
}
