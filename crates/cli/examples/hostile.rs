//! Write every generated hostile input of issue 7 into a folder, for manual runs and as fuzz
//! seeds: `cargo run -p gongkai --example hostile -- DIR [--big]` (`--big`: the sizes that
//! exhausted memory before the limits, tens of MB; without it, small ones).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/hostile/gen.rs"]
mod generate;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: hostile DIR [--big]"));
    let big = args.next().is_some_and(|a| a == "--big");
    std::fs::create_dir_all(&dir).unwrap();
    let good = include_str!("../../../fixtures/corpus/docs/001_eb0a65417e597162.txt");
    let k = |small: usize, large: usize| if big { large } else { small };
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "xlsx-shared-string-bomb.xlsx",
            generate::xlsx_shared_string_bomb(k(100, 10_000), 100, k(1_000, 100_000)),
        ),
        (
            "xlsx-numeric-cells.xlsx",
            generate::xlsx_numeric_cells(k(1_000, 4_000_000)),
        ),
        (
            "docx-empty-paragraphs.docx",
            generate::docx_empty_paragraphs(k(1_000, 10_000_000)),
        ),
        (
            "html-many-cells.html",
            generate::html_many_cells(k(1_000, 6_000_000)),
        ),
        ("pdf-flate-bomb.pdf", generate::pdf_flate_bomb(k(1, 100))),
        ("utf8-one-bad-byte.txt", generate::one_bad_byte(good)),
        ("escapes-in-text.txt", generate::escapes_in_text(good)),
        (
            "zip-duplicates.zip",
            generate::zip_with_duplicates(good.as_bytes()),
        ),
        (
            "zip-escape-name.zip",
            generate::zip_with_escape_name(good.as_bytes()),
        ),
        (
            "zip-many-entries.zip",
            generate::zip_many_entries(k(100, 60_000)),
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), &bytes).unwrap();
        println!("{:>12} {name}", bytes.len());
    }
}
