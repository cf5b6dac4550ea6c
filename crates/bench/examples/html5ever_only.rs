//! The floor for reading HTML (issue 8, target 2): parse every file of a folder into a DOM with
//! html5ever (through scraper's tree, the same parser and tree the HTML reader uses) and walk it
//! once, nothing else. `scripts/bench-ratios.sh` times it against `gongkai parse` on the same
//! pages.
//!
//!     cargo run --release -p gongkai-bench --example html5ever_only -- DIR

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: html5ever_only DIR");
        std::process::exit(2);
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{dir}: cannot read the folder");
        std::process::exit(2);
    };
    let (mut files, mut nodes) = (0usize, 0usize);
    for entry in entries.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        // GBK pages are parsed as if UTF-8 with replacements: the parse costs the same.
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        nodes += html.tree.nodes().count();
        files += 1;
    }
    println!("{files} pages, {nodes} nodes");
}
