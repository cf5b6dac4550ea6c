//! Print the rule catalogue as Markdown: `cargo run -q -p gongkai-check --example rules-md >
//! docs/rules.md` (the same text as `gongkai rules --markdown`, without building the CLI).

fn main() {
    print!("{}", gongkai_check::catalogue::markdown());
}
